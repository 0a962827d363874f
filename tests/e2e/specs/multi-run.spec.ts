import { test, expect } from '../fixtures';

test.use({ simArgs: ['--extra-vms', '9'] });

test('one command on 10 VMs selected in the list: results grouped, the failure apart', async ({ page, sim, signedIn }) => {
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
  await page.getByRole('textbox', { name: 'Command' }).fill('uname -s');
  await sim.clearRequests();
  await page.getByRole('button', { name: 'Run on all' }).click();
  await expect(page.getByTestId('multi-summary')).toHaveText('9 identical, 1 failed', { timeout: 20_000 });
  const groups = page.getByTestId('multi-groups').locator('li');
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0)).toContainText('9 VMs with this output');
  await expect(groups.nth(1)).toContainText('1 VM failed: SYS.1006');
  await groups.nth(0).locator(':scope > details > summary').click();
  await expect(groups.nth(0).getByTestId('console-stdout')).toHaveText(/Linux/);
  const execs = (await sim.requests()).filter((r) => r.path.endsWith('/commands/exec'));
  expect(execs).toHaveLength(10);
});
