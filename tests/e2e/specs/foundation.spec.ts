import { test, expect, signInThroughForm } from '../fixtures';

test('signs in with the form and lists the VMs with their states', async ({ page, sim }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=/);
  await signInThroughForm(page);
  await expect(page).toHaveURL(/\/vms$/);
  // One sign-in request, accepted: the simulator only takes the SHA-512 hex of the password.
  const logins = (await sim.requests()).filter((r) => r.path.endsWith('/accounts/login'));
  expect(logins.map((r) => r.status)).toEqual([200]);
  const vms = await sim.vms();
  const first = vms.sort((a, b) => a.name.localeCompare(b.name))[0];
  await expect(page.getByRole('link', { name: first.name, exact: true })).toBeVisible();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('zstack.session') ?? 'null'));
  expect(stored.uuid).toMatch(/^[0-9a-f]{32}$/);
});

test('a VM link opens its page with the name as heading', async ({ page, sim, signedIn }) => {
  const vm = (await sim.vms()).find((v) => /^[\x20-\x7e]+$/.test(v.name) && !v.name.includes('<'))!;
  await page.goto('/vms');
  await page.getByRole('link', { name: vm.name, exact: true }).click();
  await expect(page).toHaveURL(`/vms/${vm.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(vm.name);
  await expect(page.getByTestId('vm-state')).toHaveText(vm.state);
});
