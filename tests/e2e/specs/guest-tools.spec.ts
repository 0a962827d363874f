import { test, expect } from '../fixtures';

// Each seeded guest-tools situation: the badges show ZStack's values as sent,
// and one sentence says whether commands can run and what to do.
const situations = [
  { vm: 'web-01', status: 'Running', qga: 'Running', zwatch: 'Running', version: '4.8.0', reason: /commands can run/i, attach: true },
  { vm: 'app-02', status: 'NotRunning', qga: 'NotRunning', zwatch: 'Running', version: '4.8.0', reason: /guest agent .*not running/i, attach: true },
  { vm: 'legacy-03', status: 'Not Connected', qga: 'NotRunning', zwatch: 'NotRunning', version: '4.6.11', reason: /cannot reach the guest tools/i, attach: true, upgrade: true },
  { vm: 'appliance-04', status: 'Not Supported', qga: 'NotInstalled', zwatch: 'NotInstalled', version: '—', reason: /no guest tools for this guest/i, attach: false },
  { vm: 'fresh-05', status: 'NotRunning', qga: 'NotInstalled', zwatch: 'NotInstalled', version: '—', reason: /not installed.*attach the guest tools ISO/i, attach: true },
  { vm: 'batch-06', status: 'Running', qga: 'NotUpgraded', zwatch: 'Running', version: '4.6.11', reason: /old guest tools: reinstall/i, attach: true, upgrade: true },
  { vm: 'archive-07', status: 'Not Connected', qga: 'NotRunning', zwatch: 'NotRunning', version: '4.8.0', reason: /not running|stopped|start/i, attach: true },
  { vm: 'paused-11', status: 'Not Connected', qga: 'Running', zwatch: 'Running', version: '4.8.0', reason: /not running|start|resume/i, attach: false },
  { vm: 'install-failed-12', status: 'NotRunning', qga: 'NotInstalled', zwatch: 'NotInstalled', version: 'InstallFailed', reason: /install/i, attach: true },
];

for (const s of situations) {
  test(`guest tools of ${s.vm}: badges as sent and the reason`, async ({ page, sim, signedIn }) => {
    const vm = await sim.vmByName(s.vm);
    await page.goto(`/vms/${vm.uuid}`);
    const tools = page.getByRole('region', { name: 'Guest tools' });
    await expect(tools.getByTestId('tools-status')).toHaveText(s.status);
    await expect(tools.getByTestId('qga-state')).toHaveText(s.qga);
    await expect(tools.getByTestId('zwatch-state')).toHaveText(s.zwatch);
    await expect(tools.getByTestId('tools-version')).toHaveText(s.version);
    await expect(tools.getByTestId('tools-reason')).toHaveText(s.reason);
    const attach = tools.getByRole('button', { name: 'Attach guest tools ISO' });
    if (s.attach) await expect(attach).toBeEnabled();
    else await expect(attach).toBeDisabled();
    await expect(tools.getByTestId('tools-upgrade')).toHaveCount(s.upgrade ? 1 : 0);
  });
}

test('features are listed key: value, and a Windows guest shows its extra keys', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('win-srv-08');
  await page.goto(`/vms/${vm.uuid}`);
  const features = page.getByTestId('tools-features');
  await expect(features.getByText('pvpanic: enable', { exact: true })).toBeVisible();
  expect(await features.locator('li').count()).toBeGreaterThan(1);
});

test('refresh asks the guest with UpdateGuestToolsState and updates the badges', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  await sim.clearRequests();
  await page.getByRole('button', { name: 'Refresh guest tools state' }).click();
  await expect(page.getByRole('button', { name: 'Refresh guest tools state' })).toBeEnabled();
  const reqs = await sim.requests();
  expect(reqs.filter((r) => r.method === 'PUT' && r.path.endsWith('/guesttools-state'))).toHaveLength(1);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
});

test('attach guest tools ISO follows the job on our origin, then watches the agent come up', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('fresh-05');
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(sim.url)) foreign.push(r.url());
  });
  await page.goto(`/vms/${vm.uuid}`);
  const tools = page.getByRole('region', { name: 'Guest tools' });
  await expect(tools.getByTestId('qga-state')).toHaveText('NotInstalled');
  await sim.clearRequests();
  const attach = tools.getByRole('button', { name: 'Attach guest tools ISO' });
  await attach.click();
  // No double submit while the job runs.
  await expect(tools.getByRole('button', { name: /Attach/ }).first()).toBeDisabled();
  await expect(tools.getByTestId('tools-status-message')).toContainText('Guest tools ISO attached');
  await expect(tools.getByTestId('tools-status-message')).toContainText('inside the guest');
  // The CD-ROM list shows the tools ISO (ZStack names no ISO for it: occupant GuestTools).
  await expect(page.getByTestId('cdrom-drives')).toContainText('Guest tools ISO');
  // The simulator turns the agent Running a moment later; the panel notices by itself.
  await expect(tools.getByTestId('qga-state')).toHaveText('Running', { timeout: 15_000 });
  await expect(tools.getByTestId('tools-status-message')).toContainText('reports Running');
  const reqs = await sim.requests();
  expect(reqs.filter((r) => r.path.endsWith('/actions'))).toHaveLength(1);
  expect(reqs.some((r) => r.path.startsWith('/zstack/v1/api-jobs/'))).toBeTruthy();
  expect(foreign).toEqual([]);
  // Offer to eject the tools CD once they run at the newest version: the first action now.
  const detach = tools.getByRole('button', { name: 'Detach guest tools ISO' });
  await expect(tools.getByTestId('tools-status-message')).toContainText('you can detach the guest tools ISO now');
  await expect(detach).toHaveClass(/button--primary/);
  await detach.click();
  await expect(tools.getByTestId('tools-status-message')).toContainText('detached');
  await expect(page.getByTestId('cdrom-drives')).not.toContainText('Guest tools ISO');
});

test('an attach failure shows ZStack\'s code and description in an alert', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  await sim.fault({
    api: 'AttachGuestToolsIsoToVm',
    on_job_poll: true,
    status: 503,
    content_type: 'application/json',
    body: JSON.stringify({ error: { code: 'SYS.1001', description: 'A message or a operation timeout', details: 'Create VM on KVM timeout after 300s' } }),
  });
  await page.getByRole('button', { name: 'Attach guest tools ISO' }).click();
  const alert = page.getByRole('region', { name: 'Guest tools' }).getByRole('alert');
  await expect(alert).toContainText('SYS.1001');
  await expect(alert).toContainText('A message or a operation timeout');
  await expect(page.getByRole('button', { name: 'Attach guest tools ISO' })).toBeEnabled();
});

test('a failing section never blanks the others', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await sim.fault({ api: 'GetVmGuestToolsInfo', status: 500, content_type: 'text/plain', body: 'Internal Server Error', times: 1 });
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('web-01');
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  await expect(page.getByRole('region', { name: 'Guest tools' }).getByRole('alert')).toContainText('500');
  await page.getByRole('button', { name: 'Refresh guest tools state' }).click();
  await expect(page.getByTestId('tools-status')).toHaveText('Running');
});

test('a malformed UUID shows not-found and sends no request', async ({ page, sim, signedIn }) => {
  await sim.clearRequests();
  await page.goto('/vms/not-a-uuid');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VM not found');
  await page.goto('/vms/0123456789abcdef0123456789abcdef');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VM not found');
  const reqs = await sim.requests();
  expect(reqs.some((r) => r.path.includes('not-a-uuid'))).toBeFalsy();
});

test('the automatic refresh pauses while the tab is hidden', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await page.addInitScript(() => localStorage.setItem('zstack.toolsRefreshSeconds', '1'));
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  const stateReads = async () => (await sim.requests()).filter((r) => r.path.endsWith('/guesttools')).length;
  await sim.clearRequests();
  await expect.poll(stateReads, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForTimeout(300);
  await sim.clearRequests();
  await page.waitForTimeout(3_000);
  expect(await stateReads()).toBe(0);
});

test('a failed refresh cycle is counted and the next good one clears it', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await page.addInitScript(() => localStorage.setItem('zstack.toolsRefreshSeconds', '1'));
  await page.goto(`/vms/${vm.uuid}`);
  const tools = page.getByRole('region', { name: 'Guest tools' });
  await expect(tools.getByTestId('qga-state')).toHaveText('Running');
  // The background cycle reads the recorded state only; it fails once.
  await sim.fault({ path_contains: '/guesttools', status: 500, body: 'down', content_type: 'text/plain', times: 1 });
  await expect(tools.getByText('Could not read the guest tools state')).toBeVisible();
  await expect(tools.getByText(/Automatic refresh failed \d+ time/)).toHaveText(/failed 1 time\(s\)/);
  // The next cycle (after a doubled period) succeeds and clears the count.
  await expect(tools.getByText(/Automatic refresh failed/)).toHaveCount(0, { timeout: 10_000 });
});
