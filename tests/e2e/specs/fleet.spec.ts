// Guest tools across the fleet (issue: the VM list): the column, "Needs
// attention" over the whole fleet, and bulk attach/detach of the tools ISO.
import { test, expect, signInThroughForm } from '../fixtures';
import type { Page } from '@playwright/test';
import { SESSION_DEAD } from './hardening-common';

const rowOf = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

async function select(page: Page, names: string[]) {
  const search = page.getByRole('searchbox', { name: 'Search VMs' });
  for (const name of names) {
    await search.fill(name);
    await rowOf(page, name).getByRole('checkbox', { name: `Select ${name}` }).check();
  }
  await search.fill('');
}

test('the guest-tools column: the page\'s states in one call, as sent, never GetVmGuestToolsInfo', async ({ page, sim, signedIn }) => {
  await sim.clearRequests();
  await page.goto('/vms');
  await expect(rowOf(page, 'web-01').getByTestId('vm-qga-state')).toHaveText('Running');
  await expect(rowOf(page, 'fresh-05').getByTestId('vm-qga-state')).toHaveText('NotInstalled');
  await expect(rowOf(page, 'batch-06').getByTestId('vm-qga-state')).toHaveText('NotUpgraded');
  // The monitoring agent only where it is not Running.
  await expect(rowOf(page, 'web-01').getByTestId('vm-zwatch-state')).toHaveCount(0);
  await expect(rowOf(page, 'legacy-03').getByTestId('vm-zwatch-state')).toHaveText('NotRunning');
  const reqs = await sim.requests();
  const states = reqs.filter((r) => r.path === '/zstack/v1/guesttools');
  expect(states).toHaveLength(1);
  expect(decodeURIComponent(states[0].query!)).toContain('vmInstanceUuid?=');
  expect(reqs.filter((r) => r.path.endsWith('/guest-tools-infos'))).toEqual([]);
});

test('bulk attach: skips with reasons, one request per VM sent, a rerun retries only the failed', async ({ page, sim, signedIn }) => {
  await page.goto('/vms');
  await select(page, ['fresh-05', 'install-failed-12', 'archive-07', 'drives-full-15', 'no-cdrom-17']);
  await expect(page.getByRole('link', { name: /Run a command on 5 VMs/ })).toBeVisible();
  await sim.clearRequests();
  const failOn = await sim.vmByName('install-failed-12');
  await sim.fault({
    api: 'AttachGuestToolsIsoToVm',
    path_contains: failOn.uuid,
    status: 503,
    content_type: 'application/json',
    body: JSON.stringify({ error: { code: 'SYS.1006', description: 'An operation failed', details: 'busy' } }),
    times: 1,
  });
  await page.getByRole('button', { name: 'Attach guest tools ISO' }).click();
  const run = page.getByTestId('bulk-run');
  await expect(run.getByTestId('bulk-progress')).toHaveText('Finished: 1 done, 3 skipped, 1 failed.');
  const outcome = (name: string) => run.getByTestId('bulk-outcome').filter({ hasText: name });
  await expect(outcome('fresh-05')).toContainText('Done');
  await expect(outcome('install-failed-12')).toContainText('SYS.1006');
  await expect(outcome('archive-07')).toContainText('Skipped: the VM is not running (Stopped)');
  await expect(outcome('drives-full-15')).toContainText('Skipped: every CD-ROM drive holds an ISO');
  await expect(outcome('no-cdrom-17')).toContainText('GT.1001');
  await expect(run.getByRole('alert')).toContainText('install-failed-12');
  let sent = (await sim.requests()).filter((r) => r.method === 'PUT' && r.path.endsWith('/actions'));
  expect(sent).toHaveLength(2);

  await sim.clearRequests();
  await run.getByRole('button', { name: 'Retry the failed VMs' }).click();
  await expect(run.getByTestId('bulk-progress')).toHaveText('Finished: 2 done, 3 skipped, 0 failed.');
  await expect(outcome('install-failed-12')).toContainText('Done');
  await expect(run.getByRole('alert')).toHaveCount(0);
  sent = (await sim.requests()).filter((r) => r.method === 'PUT' && r.path.endsWith('/actions'));
  expect(sent.map((r) => r.path)).toEqual([`/zstack/v1/vm-instances/${failOn.uuid}/actions`]);
});

test('bulk detach: the tools ISO out of every selected VM that holds it; the run outlives the page', async ({ page, sim, signedIn }) => {
  await page.goto('/vms');
  await select(page, ['tools-cd-16', 'web-01']);
  await page.getByRole('button', { name: 'Detach guest tools ISO' }).click();
  const run = page.getByTestId('bulk-run');
  await expect(run.getByTestId('bulk-progress')).toHaveText('Finished: 1 done, 1 skipped, 0 failed.');
  await expect(run.getByTestId('bulk-outcome').filter({ hasText: 'web-01' })).toContainText('no drive holds the guest tools ISO');
  await expect(run.getByTestId('bulk-outcome').filter({ hasText: 'tools-cd-16' })).toContainText('Done');
  // Away and back: the results are still there.
  const cd = await sim.vmByName('tools-cd-16');
  await page.getByRole('link', { name: 'tools-cd-16', exact: true }).first().click();
  await expect(page.getByTestId('cdrom-drives')).not.toContainText('Guest tools ISO');
  await page.goBack();
  await expect(page.getByTestId('bulk-run').getByTestId('bulk-outcome')).toHaveCount(2);
  expect(cd.uuid).toBeTruthy();
});

test('a dead session in a bulk run: sign in, back to the list, the rest continues and nothing is sent twice', async ({ page, sim, signedIn }) => {
  await page.goto('/vms');
  await select(page, ['fresh-05', 'install-failed-12']);
  await sim.clearRequests();
  await sim.fault({ api: 'AttachGuestToolsIsoToVm', ...SESSION_DEAD, times: 1 });
  await page.getByRole('button', { name: 'Attach guest tools ISO' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fvms$/);
  await signInThroughForm(page);
  await expect(page).toHaveURL('/vms');
  const run = page.getByTestId('bulk-run');
  // The selection is kept; the VM refused with ID.1001 shows it, the rest waits or ran.
  await expect(run.getByRole('alert')).toContainText('ID.1001');
  const cont = run.getByRole('button', { name: 'Continue with the VMs not yet sent' });
  if (await cont.count()) await cont.click();
  await run.getByRole('button', { name: 'Retry the failed VMs' }).click();
  await expect(run.getByTestId('bulk-progress')).toHaveText('Finished: 2 done, 0 skipped, 0 failed.');
  const sent = (await sim.requests()).filter((r) => r.method === 'PUT' && r.path.endsWith('/actions') && r.status !== 503);
  const paths = sent.map((r) => r.path);
  expect(new Set(paths).size).toBe(paths.length);
  expect(paths).toHaveLength(2);
});

test('the column refreshes with the list, keeping the search, the selection and the page; not while hidden', async ({ page, sim, signedIn }) => {
  await page.addInitScript(() => localStorage.setItem('zstack.toolsRefreshSeconds', '1'));
  await page.goto('/vms');
  const search = page.getByRole('searchbox', { name: 'Search VMs' });
  await search.fill('fresh-05');
  const row = rowOf(page, 'fresh-05');
  await row.getByRole('checkbox', { name: 'Select fresh-05' }).check();
  await expect(row.getByTestId('vm-qga-state')).toHaveText('NotInstalled');
  // The guest installs its tools behind the page's back (ZStack's own UI, say).
  const session = await sim.login();
  const vm = await sim.vmByName('fresh-05');
  const r = await fetch(`${sim.url}/zstack/v1/vm-instances/${vm.uuid}/actions`, {
    method: 'PUT',
    headers: { Authorization: `OAuth ${session}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ attachGuestToolsIsoToVm: {} }),
  });
  expect(r.status).toBeLessThan(300);
  await expect(row.getByTestId('vm-qga-state')).toHaveText('Running', { timeout: 20_000 });
  await expect(search).toHaveValue('fresh-05');
  await expect(row.getByRole('checkbox', { name: 'Select fresh-05' })).toBeChecked();

  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForTimeout(300);
  await sim.clearRequests();
  await page.waitForTimeout(2_500);
  expect((await sim.requests()).filter((r) => r.path === '/zstack/v1/guesttools')).toEqual([]);
});

test('closing the tab while a bulk run is in flight asks first', async ({ page, sim, signedIn }) => {
  await sim.config({ job_duration_ms: 5_000 });
  try {
    await page.goto('/vms');
    await select(page, ['fresh-05']);
    await page.getByRole('button', { name: 'Attach guest tools ISO' }).click();
    await expect(page.getByTestId('bulk-outcome')).toContainText('Sent, following the job');
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.accept();
  } finally {
    await sim.config({ job_duration_ms: 300 }); // the fixture's
  }
});
