import { test, expect } from '../fixtures';

test.use({ simArgs: ['--extra-vms', '9'] });

test('one command on 10 VMs selected in the list: each checked first, the VM whose agent is down skipped with its reason and never sent', async ({ page, sim, signedIn }) => {
  await page.goto('/vms');
  const search = page.getByRole('searchbox', { name: 'Search VMs' });
  await search.fill('load-');
  await expect(page.locator('main table tbody tr')).toHaveCount(9);
  for (const box of await page.getByRole('checkbox', { name: /^Select load-/ }).all()) await box.check();
  await search.fill('app-02');
  await expect(page.locator('main table tbody tr')).toHaveCount(1);
  await page.getByRole('checkbox', { name: 'Select app-02' }).check();
  await page.getByRole('link', { name: 'Run a command on 10 VMs' }).click();
  await expect(page).toHaveURL(/\/run\?vms=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Run a command on 10 VMs');
  const table = page.getByRole('table', { name: 'Runs' });
  const app = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'app-02', exact: true }) });
  // Said before anything is sent, in the VM page's own words.
  await expect(app.getByTestId('multi-status')).toHaveText(/^Skipped: Commands cannot run: the QEMU guest agent is installed but not running/);
  await expect(page.getByTestId('multi-check')).toHaveText('9 VMs will run it, 1 skipped');
  await expect(table.getByRole('link', { name: 'load-00001', exact: true })).toHaveAttribute('href', /^\/vms\/[0-9a-f]{32}$/);
  await page.getByRole('textbox', { name: 'Command' }).fill('uname -s');
  await sim.clearRequests();
  await page.getByRole('button', { name: 'Run on all' }).click();
  await expect(page.getByTestId('multi-summary')).toHaveText('9 identical, 1 skipped', { timeout: 20_000 });
  await expect(app.getByTestId('multi-status')).toHaveText(/^Skipped:/);
  const groups = page.getByTestId('multi-groups').locator('li');
  await expect(groups).toHaveCount(1);
  await expect(groups.nth(0)).toContainText('9 VMs with this output');
  // One group: its output shows without a click.
  await expect(groups.nth(0).getByTestId('console-stdout')).toHaveText(/Linux/);
  const appUuid = (await sim.vmByName('app-02')).uuid;
  const execs = (await sim.requests()).filter((r) => r.path.endsWith('/commands/exec'));
  expect(execs).toHaveLength(9);
  expect(execs.filter((r) => JSON.stringify(r).includes(appUuid))).toEqual([]);
});

test('a refusal ZStack gives despite the check is grouped apart; two groups start closed', async ({ page, sim, signedIn }) => {
  const web = await sim.vmByName('web-01');
  const batch = await sim.vmByName('batch-06');
  await page.goto(`/run?vms=${web.uuid},${batch.uuid}`);
  await expect(page.getByTestId('multi-check')).toHaveText('2 VMs will run it');
  await sim.fault({
    api: 'ExecuteGuestVmCommand',
    status: 503,
    content_type: 'application/json',
    body: JSON.stringify({ error: { code: 'SYS.1006', description: 'An operation failed', details: 'busy' } }),
    times: 1,
  });
  await page.getByRole('textbox', { name: 'Command' }).fill('uname -s');
  await page.getByRole('button', { name: 'Run on all' }).click();
  await expect(page.getByTestId('multi-summary')).toHaveText('1 output, 1 failed', { timeout: 20_000 });
  const groups = page.getByTestId('multi-groups').locator('li');
  await expect(groups).toHaveCount(2);
  // Two groups of one: their order is the order the answers came in.
  const failed = groups.filter({ hasText: '1 VM failed: SYS.1006' });
  await expect(failed).toHaveCount(1);
  await expect(groups.filter({ hasText: '1 VM with this output' })).toHaveCount(1);
  await expect(groups.locator('details[open]')).toHaveCount(0);
  await failed.locator(':scope > details > summary').click();
  await expect(failed.getByText('SYS.1006: An operation failed')).toBeVisible();
});

test('nothing to send: every chosen VM skipped, Run stays off', async ({ page, sim, signedIn }) => {
  const stopped = await sim.vmByName('archive-07');
  const win = await sim.vmByName('win-srv-08');
  await page.goto(`/run?vms=${stopped.uuid},${win.uuid}`);
  await expect(page.getByTestId('multi-check')).toHaveText('None of the chosen VMs can run a command now: each one\'s reason is in the table below.');
  const statuses = page.getByRole('table', { name: 'Runs' }).getByTestId('multi-status');
  await expect(statuses.nth(0)).toHaveText(/^Skipped: Commands cannot run: the VM is not running/);
  await expect(statuses.nth(1)).toHaveText('Skipped: its platform is not Linux, the one the command is set for.');
  await page.getByRole('textbox', { name: 'Command' }).fill('hostname');
  await expect(page.getByRole('button', { name: 'Run on all' })).toBeDisabled();
  // The platform is the command's: Windows makes the Windows VM ready.
  await page.getByRole('combobox', { name: 'Platform' }).selectOption('Windows');
  await expect(statuses.nth(1)).toHaveText('Ready');
  await expect(page.getByTestId('multi-check')).toHaveText('1 VM will run it, 1 skipped');
  await expect(page.getByRole('button', { name: 'Run on all' })).toBeEnabled();
});
