// The guest-tools lifecycle as ZStack runs it (ZSTACK-API.md §5): the upgrade
// ZStack offers, the drive the tools ISO takes, eject, the agent switch, and
// a background refresh that never runs commands inside the guest.
import { test, expect, signInThroughForm } from '../fixtures';
import { SESSION_DEAD } from './hardening-common';

const tools = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'Guest tools' });

/** The bodies of the PUT …/actions requests the page sends, as JSON. */
function actionBodies(page: import('@playwright/test').Page): unknown[] {
  const bodies: unknown[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().endsWith('/actions')) bodies.push(r.postDataJSON());
  });
  return bodies;
}

test('an upgrade badge where ZStack offers newer tools, none where the VM is current', async ({ page, sim, signedIn }) => {
  const behind = await sim.vmByName('drives-full-15');
  await page.goto(`/vms/${behind.uuid}`);
  await expect(tools(page).getByTestId('tools-upgrade')).toHaveText('Upgrade available: 4.8.0');
  await expect(tools(page).getByTestId('tools-latest')).toHaveText('4.8.0');
  await expect(tools(page).getByRole('button', { name: 'Attach guest tools ISO to upgrade to 4.8.0' })).toBeVisible();

  const current = await sim.vmByName('web-01');
  await page.goto(`/vms/${current.uuid}`);
  await expect(tools(page).getByTestId('tools-latest')).toHaveText('The installed version is the newest');
  await expect(tools(page).getByTestId('tools-upgrade')).toHaveCount(0);

  // A stopped VM: ZStack cannot say, and the page never claims "up to date".
  const stopped = await sim.vmByName('archive-07');
  await page.goto(`/vms/${stopped.uuid}`);
  await expect(tools(page).getByTestId('tools-latest')).toContainText('Unknown');
  await expect(tools(page).getByTestId('tools-upgrade')).toHaveCount(0);
});

test('a drive holding the tools ISO reads so, is ejected with one request, then reads Empty', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('tools-cd-16');
  const bodies = actionBodies(page);
  await page.goto(`/vms/${vm.uuid}`);
  const drives = page.getByTestId('cdrom-drives').getByTestId('cdrom-drive');
  await expect(drives).toHaveCount(2);
  await expect(drives.nth(1)).toContainText('Guest tools ISO');
  await expect(drives.nth(1)).not.toContainText('Empty');
  await expect(tools(page).getByTestId('tools-drive')).toHaveText('The guest tools ISO is in CD-ROM 2.');
  await sim.clearRequests();
  const detach = tools(page).getByRole('button', { name: 'Detach guest tools ISO' });
  await detach.dblclick();
  await expect(tools(page).getByTestId('tools-status-message')).toContainText('Guest tools ISO detached.');
  await expect(drives.nth(1)).toContainText('Empty');
  await expect(detach).toHaveCount(0);
  const reqs = await sim.requests();
  expect(reqs.filter((r) => r.path.endsWith('/actions'))).toHaveLength(1);
  expect(bodies).toEqual([{ detachGuestToolsIsoFromVm: {} }]);
});

test('attaching into full drives names the ISO it would detach; Cancel sends nothing', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('drives-full-15');
  await page.goto(`/vms/${vm.uuid}`);
  const line = tools(page).getByTestId('tools-drive');
  await expect(line).toContainText('CentOS-7-x86_64-Minimal-2009.iso');
  await expect(line).toContainText('CD-ROM 1');
  await sim.clearRequests();
  const attach = tools(page).getByRole('button', { name: /^Attach guest tools ISO/ });
  await attach.click();
  const dialog = page.getByRole('alertdialog', { name: 'Replace an ISO with the guest tools ISO?' });
  await expect(dialog).toContainText('CentOS-7-x86_64-Minimal-2009.iso');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(attach).toBeFocused();
  expect((await sim.requests()).filter((r) => r.method !== 'GET')).toEqual([]);

  // Confirmed: one attach, and drive 1 now holds the tools ISO.
  await attach.click();
  await dialog.getByRole('button', { name: 'Attach' }).click();
  const drives = page.getByTestId('cdrom-drives').getByTestId('cdrom-drive');
  await expect(drives.nth(0)).toContainText('Guest tools ISO');
  await expect(drives.nth(1)).toContainText('ubuntu-22.04.4-live-server-amd64.iso');
  expect((await sim.requests()).filter((r) => r.path.endsWith('/actions'))).toHaveLength(1);
});

test('a VM without a CD-ROM says so before the click and offers no attach', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('no-cdrom-17');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(tools(page).getByRole('button', { name: /^Attach guest tools ISO/ })).toBeDisabled();
  await expect(tools(page).locator('#attach-why')).toContainText('GT.1001');
});

test('the agent switch: off is the reason, turning it on sends setVmQga and the reason follows', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('qga-off-18');
  const bodies = actionBodies(page);
  await page.goto(`/vms/${vm.uuid}`);
  const reason = tools(page).getByTestId('tools-reason');
  await expect(reason).toContainText('switched off');
  const box = tools(page).getByRole('checkbox', { name: 'Guest agent enabled' });
  await expect(box).not.toBeChecked();
  await box.check();
  await expect(box).toBeChecked();
  await expect(box).toBeEnabled();
  await expect(reason).not.toContainText('switched off');
  expect(bodies).toEqual([{ setVmQga: { enable: true } }]);
});

test('over several refresh periods the page reads /guesttools each time and the tools info once', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await page.addInitScript(() => localStorage.setItem('zstack.toolsRefreshSeconds', '1'));
  await sim.clearRequests();
  await page.goto(`/vms/${vm.uuid}`);
  await expect(tools(page).getByTestId('qga-state')).toHaveText('Running');
  await expect(tools(page).getByTestId('tools-info-read-at')).toBeVisible();
  const count = async (end: string) => (await sim.requests()).filter((r) => r.path.endsWith(end)).length;
  // Three periods: wait on the count itself, not the clock.
  await expect.poll(() => count('/guesttools'), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
  expect(await count('/guest-tools-infos')).toBe(1);
});

test('a dead session while the eject job is followed: sign in, back on the page, nothing sent twice', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('tools-cd-16');
  await page.goto(`/vms/${vm.uuid}`);
  await sim.fault({ api: 'DetachGuestToolsIsoFromVm', on_job_poll: true, ...SESSION_DEAD });
  await tools(page).getByRole('button', { name: 'Detach guest tools ISO' }).click();
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fvms%2F${vm.uuid}$`));
  await signInThroughForm(page);
  await expect(page).toHaveURL(`/vms/${vm.uuid}`);
  // The job itself ran: the drive is empty now, and the page says so.
  const drives = page.getByTestId('cdrom-drives').getByTestId('cdrom-drive');
  await expect(drives.nth(1)).toContainText('Empty');
  const detaches = (await sim.requests()).filter((r) => r.path.endsWith('/actions'));
  expect(detaches).toHaveLength(1);
});

test('a refused agent switch shows ZStack\'s code and the box goes back to what ZStack holds', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('qga-off-18');
  await page.goto(`/vms/${vm.uuid}`);
  const box = tools(page).getByRole('checkbox', { name: 'Guest agent enabled' });
  await expect(box).not.toBeChecked();
  // The call itself is refused: no job, the switch stays off.
  await sim.fault({
    api: 'SetVmQga',
    status: 503,
    content_type: 'application/json',
    body: JSON.stringify({ error: { code: 'SYS.1006', description: 'An operation failed', details: 'the VM is busy' } }),
  });
  // A click, not check(): the refusal can put the box back before check() looks.
  await box.click();
  const alert = tools(page).getByTestId('agent-switch').getByRole('alert');
  await expect(alert).toContainText('SYS.1006');
  await expect(alert).toContainText('An operation failed');
  await expect(box).not.toBeChecked();
  await expect(box).toBeEnabled();
});

test('a release without DetachGuestToolsIsoFromVm: the page says so instead of failing obscurely', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('tools-cd-16');
  // A build whose drives carry `occupant` but that lacks the action: ZStack's REST layer answers 400 in plain text.
  await sim.fault({
    api: 'DetachGuestToolsIsoFromVm',
    status: 400,
    content_type: 'text/plain',
    body: `the body doesn't contain action mapping to the URL[/v1/vm-instances/${vm.uuid}/actions]`,
  });
  await page.goto(`/vms/${vm.uuid}`);
  await tools(page).getByRole('button', { name: 'Detach guest tools ISO' }).click();
  await expect(tools(page).locator('#detach-note')).toContainText('This ZStack release cannot detach the guest tools ISO from here');
  await expect(tools(page).getByRole('button', { name: 'Detach guest tools ISO' })).toHaveCount(0);
  await expect(tools(page).getByRole('alert')).toHaveCount(0);

  // Older releases have no occupant at all: the drive cannot be told apart, so no eject is offered.
  await sim.config({ oldRelease: true });
  try {
    await page.goto(`/vms/${vm.uuid}`);
    await expect(tools(page).getByTestId('qga-state')).toHaveText('Running');
    await expect(page.getByTestId('cdrom-drives')).not.toContainText('Guest tools ISO');
    await expect(tools(page).getByRole('button', { name: 'Detach guest tools ISO' })).toHaveCount(0);
  } finally {
    await sim.config({ oldRelease: false });
  }
});
