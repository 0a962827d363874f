import { test, expect, type Page } from '../fixtures';

// Seeded VMs and ISOs (crates/zstack-sim/README.md).
const WEB01 = 'fd7712231295a599852c4b50455a8554'; // Running; drive 1 empty, CentOS in drive 2
const ARCHIVE07 = '55ec7e3ea813dfb5ee3bf5caae775a13'; // Stopped; one empty drive
const WINSRV08 = 'f8b18a358828f7be5da0018980c404a2'; // Running; virtio-win in drive 1
const PAUSED11 = 'c45e5bd7ff931679ab010b692e7aa089'; // Paused: no candidates
const FULL13 = 'b3754c816cdfd7fdeb29736ab7a089e1'; // Running; its one drive holds Ubuntu
const UBUNTU = 'ubuntu-22.04.4-live-server-amd64.iso';
const UBUNTU_UUID = 'cd3c1e1ceb098dfebbb7d404dde3591c';
const CENTOS = 'CentOS-7-x86_64-Minimal-2009.iso';
const CENTOS_UUID = 'b2d6ae27aadad3a35649a2ded007b1b7';
const VIRTIO = 'virtio-win-0.1.240.iso';
const OPENEULER = 'openEuler-22.03-LTS-SP3-aarch64-dvd.iso';
const MARKUP = '<b>bold</b><img src=x onerror=alert(3)>.iso';
const MARKUP_UUID = 'd60bd419099a6f1b1b5884278bb24849';

/** Every URL the page requests, to prove nothing leaves our origin. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

async function openIsoRegion(page: Page, vmUuid: string) {
  await page.goto(`/vms/${vmUuid}`);
  const region = page.getByRole('region', { name: 'ISO' });
  await expect(region).toBeVisible({ timeout: 20_000 }); // the first load compiles the WebAssembly
  return region;
}

test('attaches and detaches an ISO on a running VM, confirming first and polling the jobs on our own origin', async ({
  page,
  sim,
  signedIn,
}) => {
  const urls = recordRequests(page);
  await sim.config({ job_duration_ms: 1200 });
  const iso = await openIsoRegion(page, WEB01);
  const drives = iso.getByTestId('attached-isos').getByRole('listitem');
  await expect(drives).toHaveCount(2);
  await expect(drives.nth(0)).toContainText('Empty');
  // The ISO's name, not the drive's (vm-<uuid>-cdRom), looked up with one QueryImage.
  await expect(drives.nth(1)).toContainText(CENTOS);
  await expect(drives.nth(1)).not.toContainText('cdRom');
  const imageQueries = (await sim.requests()).filter(
    (r) => r.path === '/zstack/v1/images' && decodeURIComponent(r.query ?? '').includes('uuid?='),
  );
  expect(imageQueries).toHaveLength(1);
  expect(decodeURIComponent(imageQueries[0].query ?? '')).toContain(`uuid?=${CENTOS_UUID}`);

  const listbox = iso.getByRole('listbox', { name: 'ISO candidates' });
  const ubuntu = listbox.getByRole('option', { name: UBUNTU });
  await expect(ubuntu).toContainText('GiB');
  await expect(ubuntu).toContainText('Linux');
  await expect(ubuntu).toContainText('x86_64');
  await ubuntu.click();
  await expect(ubuntu).toHaveAttribute('aria-selected', 'true');
  await sim.clearRequests();

  // Running VM: an in-page confirmation, nothing sent until it is answered.
  await iso.getByRole('button', { name: 'Attach ISO' }).click();
  const dialog = page.getByRole('alertdialog', { name: /attach an iso/i });
  await expect(dialog).toContainText(UBUNTU);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeVisible();
  expect((await sim.requests()).filter((r) => r.path.includes('/iso'))).toEqual([]);
  await dialog.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  const status = iso.getByRole('status');
  await expect(status).toContainText(`Attaching “${UBUNTU}”`);
  const attachButton = iso.getByRole('button', { name: 'Attach ISO' });
  await expect(attachButton).toBeDisabled();
  await attachButton.click({ force: true }); // no double submit while the job runs
  await expect(status).toHaveText(`Attached “${UBUNTU}” to CD-ROM 1.`, { timeout: 10_000 });
  await expect(attachButton).toBeEnabled();
  await expect(attachButton).toBeFocused(); // the focus comes back once the job is over
  await expect(drives.nth(0)).toContainText(UBUNTU);
  await expect(drives.nth(1)).toContainText(CENTOS);
  // The candidates were read again: the attached ISO is no longer offered.
  await expect(listbox.getByRole('option', { name: UBUNTU })).toHaveCount(0);
  await expect(listbox.getByRole('option', { name: OPENEULER })).toHaveCount(1);

  let log = await sim.requests();
  const attaches = log.filter((r) => r.path.startsWith(`/zstack/v1/vm-instances/${WEB01}/iso/`));
  expect(attaches.map((r) => [r.method, r.path, r.status])).toEqual([
    ['POST', `/zstack/v1/vm-instances/${WEB01}/iso/${UBUNTU_UUID}`, 202],
  ]);
  let polls = log.filter((r) => r.path.startsWith('/zstack/v1/api-jobs/'));
  expect(polls.length).toBeGreaterThan(1);
  expect(polls.at(-1)!.status).toBe(200);
  expect(polls.slice(0, -1).every((p) => p.status === 202)).toBeTruthy();
  expect(log.some((r) => r.path === `/zstack/v1/vm-instances/${WEB01}/iso-candidates`)).toBeTruthy();
  await sim.clearRequests();

  // Detach, confirmed the same way.
  await iso.getByTestId('attached-isos').getByRole('button', { name: `Detach ${UBUNTU}` }).click();
  const confirmDetach = page.getByRole('alertdialog', { name: /detach an iso/i });
  await expect(confirmDetach).toContainText(UBUNTU);
  await confirmDetach.getByRole('button', { name: 'Detach', exact: true }).click();
  await expect(status).toContainText(`Detaching “${UBUNTU}”`);
  await expect(iso.getByRole('button', { name: `Detach ${CENTOS}` })).toBeDisabled();
  await expect(status).toHaveText(`Detached “${UBUNTU}” from CD-ROM 1.`, { timeout: 10_000 });
  await expect(drives.nth(0)).toContainText('Empty');
  await expect(drives.nth(1)).toContainText(CENTOS);
  await expect(listbox.getByRole('option', { name: UBUNTU })).toHaveCount(1);

  log = await sim.requests();
  const detaches = log.filter((r) => r.path === `/zstack/v1/vm-instances/${WEB01}/iso`);
  expect(detaches.map((r) => [r.method, new URLSearchParams(r.query ?? '').get('isoUuid'), r.status])).toEqual([
    ['DELETE', UBUNTU_UUID, 202],
  ]);
  polls = log.filter((r) => r.path.startsWith('/zstack/v1/api-jobs/'));
  expect(polls.length).toBeGreaterThan(1);
  expect(polls.at(-1)!.status).toBe(200);

  // The job locations name http://127.0.0.2:9: never requested, everything on our origin.
  const origin = new URL(sim.url).origin;
  expect(urls.filter((u) => u.includes('127.0.0.2'))).toEqual([]);
  expect(urls.filter((u) => new URL(u).origin !== origin)).toEqual([]);
  expect(urls.some((u) => u.startsWith(`${origin}/zstack/v1/api-jobs/`))).toBeTruthy();
});

test('Cancel sends nothing; a stopped VM attaches without asking', async ({ page, sim, signedIn }) => {
  let iso = await openIsoRegion(page, WEB01);
  await iso.getByRole('option', { name: OPENEULER }).click();
  const attach = iso.getByRole('button', { name: 'Attach ISO' });
  await attach.click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(OPENEULER);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(attach).toBeFocused();
  expect((await sim.requests()).filter((r) => r.path.includes('/iso/'))).toEqual([]);
  await expect(iso.getByTestId('attached-isos').getByRole('listitem').nth(0)).toContainText('Empty');

  iso = await openIsoRegion(page, ARCHIVE07);
  await expect(iso.getByTestId('attached-isos').getByRole('listitem')).toHaveText([/Empty/]);
  await iso.getByRole('option', { name: UBUNTU }).click();
  await iso.getByRole('button', { name: 'Attach ISO' }).click();
  await expect(iso.getByRole('status')).toHaveText(`Attached “${UBUNTU}” to CD-ROM 1.`, { timeout: 10_000 });
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(iso.getByTestId('attached-isos').getByRole('listitem')).toHaveText([new RegExp(UBUNTU)]);
});

test('an ISO named with markup is listed, attached and shown as text', async ({ page, sim, signedIn }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  let iso = await openIsoRegion(page, WEB01);
  const option = iso.getByRole('option', { name: MARKUP });
  await expect(option).toBeVisible();
  await expect(option.locator('.iso-option__name')).toHaveText(MARKUP);
  await iso.getByRole('searchbox', { name: 'Filter ISOs' }).fill('onerror');
  await expect(iso.getByRole('option')).toHaveCount(1);
  await option.click();
  await iso.getByRole('button', { name: 'Attach ISO' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText(MARKUP);
  await confirm.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(iso.getByRole('status')).toHaveText(`Attached “${MARKUP}” to CD-ROM 1.`, { timeout: 10_000 });

  // After a reload the name comes from QueryImage alone.
  iso = await openIsoRegion(page, WEB01);
  const drive = iso.getByTestId('attached-isos').getByRole('listitem').nth(0);
  await expect(drive).toContainText(MARKUP);
  await expect(iso.getByRole('button', { name: `Detach ${MARKUP}` })).toBeVisible();
  expect(
    (await sim.requests()).some(
      (r) => r.path === '/zstack/v1/images' && decodeURIComponent(r.query ?? '').includes(MARKUP_UUID),
    ),
  ).toBeTruthy();
  await expect(iso.locator('img, b, script')).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
  expect(dialogs).toEqual([]);
});

test('says why the list is empty: a paused VM, and a filter that matches nothing', async ({ page, sim, signedIn }) => {
  let iso = await openIsoRegion(page, PAUSED11);
  await expect(iso.getByTestId('iso-empty')).toHaveText(
    'ZStack offers ISOs only for VMs that are Running or Stopped; this VM is Paused.',
  );
  await expect(iso.getByRole('option')).toHaveCount(0);
  await expect(iso.getByTestId('attached-isos').getByRole('listitem')).toHaveText([/Empty/]);

  iso = await openIsoRegion(page, WEB01);
  await expect(iso.getByRole('option')).toHaveCount(5);
  await expect(iso.getByTestId('iso-empty')).toHaveCount(0);
  const filter = iso.getByRole('searchbox', { name: 'Filter ISOs' });
  await filter.fill('no-such-iso-anywhere');
  await expect(iso.getByTestId('iso-empty')).toHaveText('No ISO matches the filter.');
  await expect(iso.getByRole('option')).toHaveCount(0);
  await expect(iso.getByRole('listbox')).toBeHidden();

  // The filter is a draft: it survives a reload.
  await page.reload();
  await expect(filter).toHaveValue('no-such-iso-anywhere');
  await expect(iso.getByTestId('iso-empty')).toHaveText('No ISO matches the filter.');
  await filter.fill('zh-cn');
  await expect(iso.getByRole('option')).toHaveText([/Windows_Server_2019_zh-cn\.iso/]);
});

test('a failed detach shows the ZStack error and leaves the drive as it was', async ({ page, sim, signedIn }) => {
  const iso = await openIsoRegion(page, WINSRV08);
  const drives = iso.getByTestId('attached-isos').getByRole('listitem');
  await expect(drives).toHaveCount(3);
  await expect(drives.nth(0)).toContainText(VIRTIO);
  await sim.fault({
    api: 'DetachIsoFromVmInstance',
    status: 503,
    content_type: 'application/json',
    body: JSON.stringify({
      error: { code: 'SYS.1001', description: 'Operation timeout', details: 'the hypervisor did not answer in 300 seconds' },
    }),
    times: 1,
  });
  await iso.getByRole('button', { name: `Detach ${VIRTIO}` }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(VIRTIO);
  await dialog.getByRole('button', { name: 'Detach', exact: true }).click();

  const alert = iso.getByRole('alert');
  await expect(alert).toContainText('SYS.1001');
  await expect(alert).toContainText('Operation timeout');
  await expect(alert).toContainText('Could not detach the ISO');
  await expect(drives.nth(0)).toContainText(VIRTIO);
  await expect(drives.nth(1)).toContainText('Empty');
  await expect(iso.getByRole('button', { name: `Detach ${VIRTIO}` })).toBeEnabled();
  await expect(iso.getByRole('status')).toHaveText('');
  const detaches = (await sim.requests()).filter((r) => r.path === `/zstack/v1/vm-instances/${WINSRV08}/iso`);
  expect(detaches.map((r) => [r.method, r.status])).toEqual([['DELETE', 503]]);
});

test('every drive full: the console says so and sends no attach request', async ({ page, sim, signedIn }) => {
  const iso = await openIsoRegion(page, FULL13);
  await expect(iso.getByTestId('attached-isos').getByRole('listitem')).toHaveText([new RegExp(UBUNTU)]);
  await expect(iso.getByTestId('iso-drives-full')).toContainText('Every CD-ROM drive');
  await iso.getByRole('option', { name: CENTOS }).click();
  await iso.getByRole('button', { name: 'Attach ISO' }).click();
  await expect(iso.getByRole('alert')).toContainText('Every CD-ROM drive of this VM already holds an ISO');
  await expect(iso.getByRole('alert')).toContainText('Nothing was sent');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect((await sim.requests()).filter((r) => r.path.includes('/iso/'))).toEqual([]);
});
