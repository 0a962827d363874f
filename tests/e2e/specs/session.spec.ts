import { test, expect, signInThroughForm, ADMIN } from '../fixtures';

test('a wrong password shows ZStack\'s reason, keeps the account name and refocuses the password', async ({ page, sim }) => {
  await page.goto('/login');
  await signInThroughForm(page, ADMIN.account, 'not-the-password');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('ID.1000');
  await expect(page.getByRole('textbox', { name: 'Account name' })).toHaveValue(ADMIN.account);
  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveValue('');
  await expect(password).toBeFocused();
  expect(await page.evaluate(() => localStorage.getItem('zstack.session'))).toBeNull();
  // The password was sent hashed: the plain text appears in no request the simulator saw.
  expect(JSON.stringify(await sim.requests())).not.toContain('not-the-password');
});

test('a pasted session is checked with ZStack before it is kept', async ({ page, sim }) => {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Session UUID' }).fill('0123456789abcdef0123456789abcdef');
  await page.getByRole('button', { name: 'Use session' }).click();
  await expect(page.getByRole('alert')).toContainText(/does not know this session/);
  expect(await page.evaluate(() => localStorage.getItem('zstack.session'))).toBeNull();

  await page.getByRole('textbox', { name: 'Session UUID' }).fill('not a uuid');
  await page.getByRole('button', { name: 'Use session' }).click();
  await expect(page.getByRole('alert')).toContainText(/32 hexadecimal/);

  const uuid = await sim.login();
  await page.getByRole('textbox', { name: 'Session UUID' }).fill(uuid);
  await page.getByRole('button', { name: 'Use session' }).click();
  await expect(page).toHaveURL(/\/vms$/);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('zstack.session')!));
  expect(stored.uuid).toBe(uuid);
});

test('a deep link without a session goes to sign-in and comes back after', async ({ page, sim }) => {
  const vm = (await sim.vms())[0];
  await page.goto(`/vms/${vm.uuid}`);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fvms%2F${vm.uuid}$`));
  await signInThroughForm(page);
  await expect(page).toHaveURL(`/vms/${vm.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(vm.name);
});

test('an off-site next parameter is ignored', async ({ page }) => {
  await page.goto('/login?next=//evil.example/x');
  await signInThroughForm(page);
  await expect(page).toHaveURL(/\/vms$/);
});

test('a session that dies while typing returns to the same page with the text in place', async ({ page, sim, signedIn }) => {
  await page.goto('/vms');
  const search = page.getByRole('searchbox', { name: 'Search VMs' });
  await expect(page.getByTestId('vm-count')).toContainText('VMs');
  await sim.expireSessions();
  await search.fill('web');
  // The search's query meets ID.1001: the console drops the session and asks to sign in.
  await expect(page).toHaveURL(/\/login\?next=%2Fvms/);
  expect(await page.evaluate(() => localStorage.getItem('zstack.session'))).toBeNull();
  await signInThroughForm(page);
  await expect(page).toHaveURL(/\/vms$/);
  await expect(page.getByRole('searchbox', { name: 'Search VMs' })).toHaveValue('web');
});

test('an expiry date known from ZStack is honoured before the server says so', async ({ page, sim }) => {
  const uuid = await sim.login();
  await page.addInitScript((u) => {
    localStorage.setItem('zstack.session', JSON.stringify({ uuid: u, account: 'admin', expiresAt: Date.now() - 1000 }));
  }, uuid);
  await sim.clearRequests();
  await page.goto('/vms');
  await expect(page).toHaveURL(/\/login\?next=%2Fvms/);
  // No API request was sent with the expired session.
  expect((await sim.requests()).filter((r) => r.path.startsWith('/zstack/v1/vm-instances'))).toEqual([]);
});

test('sign out ends the session on the server, clears storage, and signs out other tabs', async ({ page, sim, signedIn, context }) => {
  await page.goto('/vms');
  await expect(page.getByTestId('vm-count')).toContainText('VMs');
  const other = await context.newPage();
  await other.goto('/vms');
  await expect(other.getByTestId('vm-count')).toContainText('VMs');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await page.evaluate(() => localStorage.getItem('zstack.session'))).toBeNull();
  const logouts = (await sim.requests()).filter((r) => r.method === 'DELETE' && r.path.includes('/accounts/sessions/'));
  expect(logouts).toHaveLength(1);
  // The other tab follows through the storage event.
  await expect(other).toHaveURL(/\/login/);
  // The session is dead on the server too.
  const valid = await (await fetch(`${sim.url}/zstack/v1/accounts/sessions/${signedIn}/valid`)).json();
  expect(valid.valid).toBe(false);
});
