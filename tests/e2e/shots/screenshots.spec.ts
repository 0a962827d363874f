import { test, expect } from '../fixtures';
import path from 'node:path';

// `npx playwright test -c shots.config.ts` refreshes the README's screenshots.
const DOCS = path.resolve(__dirname, '../../../docs');
test.use({ viewport: { width: 1280, height: 860 }, colorScheme: 'light', locale: 'en-US' });

test('VM list', async ({ page, signedIn }) => {
  await page.goto('/vms');
  await expect(page.getByTestId('vm-count')).toContainText('VMs');
  await page.screenshot({ path: `${DOCS}/vm-list.png` });
});

test('detail: healthy VM', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  await page.screenshot({ path: `${DOCS}/vm-detail-healthy.png`, fullPage: true });
});

test('detail: tools not installed', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('fresh-05');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('NotInstalled');
  await page.screenshot({ path: `${DOCS}/vm-detail-tools-missing.png`, fullPage: true });
});

test('console output', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('web-01');
  await page.goto(`/vms/${vm.uuid}`);
  const c = page.getByRole('region', { name: 'Command console' });
  await c.getByRole('textbox', { name: 'Command' }).fill('uname -a; stderr-demo');
  await c.getByRole('button', { name: 'Run' }).click();
  await expect(c.getByTestId('console-stdout')).toBeVisible();
  await c.scrollIntoViewIfNeeded();
  await c.screenshot({ path: `${DOCS}/console-output.png` });
});

test('dark mode', async ({ page, sim, signedIn }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const vm = await sim.vmByName('web-01');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  await page.screenshot({ path: `${DOCS}/dark-mode.png` });
});

test('Chinese', async ({ page, sim, signedIn }) => {
  await page.addInitScript(() => localStorage.setItem('zstack.lang', 'zh-CN'));
  const vm = await sim.vmByName('fresh-05');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('qga-state')).toBeVisible();
  await page.screenshot({ path: `${DOCS}/chinese.png` });
});

test('lifecycle: an upgrade available, the ISO an attach would detach', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('drives-full-15');
  await page.goto(`/vms/${vm.uuid}`);
  const tools = page.getByRole('region', { name: 'Guest tools' });
  await expect(tools.getByTestId('tools-upgrade')).toBeVisible();
  await tools.getByRole('button', { name: /^Attach guest tools ISO/ }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await tools.screenshot({ path: `${DOCS}/lifecycle-upgrade.png` });
});

test('lifecycle: a drive holding the guest tools ISO', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('tools-cd-16');
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page.getByTestId('cdrom-drives')).toContainText('Guest tools ISO');
  await page.screenshot({ path: `${DOCS}/lifecycle-tools-cd.png`, fullPage: true });
});
