// "Needs attention" over a generated fleet of 600 VMs (some with no guest-tools record).
import { test, expect } from '../fixtures';

test.use({ simArgs: ['--vms', '600'] });

test('needs attention: counted over the whole fleet, paged, searched, and right', async ({ page, sim, signedIn }) => {
  // What ZStack holds, read directly: every VM, and the records.
  const session = await sim.login();
  const get = async (p: string) => {
    const r = await fetch(`${sim.url}/zstack/v1${p}`, { headers: { Authorization: `OAuth ${session}` } });
    return (await r.json()).inventories as Array<Record<string, string>>;
  };
  const vms = await get('/vm-instances?limit=100000&fields=uuid,name');
  const records = new Map((await get('/guesttools?limit=100000')).map((s) => [s.vmInstanceUuid, s]));
  const needs = vms.filter((v) => {
    const s = records.get(v.uuid);
    return !s || s.qgaState !== 'Running' || s.zwatchState !== 'Running';
  });
  expect(needs.length).toBeGreaterThan(50);
  expect(vms.some((v) => !records.has(v.uuid))).toBeTruthy();

  await page.goto('/vms');
  await expect(page.getByRole('row').nth(1).getByTestId('vm-qga-state')).toBeVisible();
  await page.getByRole('combobox', { name: 'Guest tools' }).selectOption({ label: 'Needs attention' });
  await expect(page.getByTestId('vm-count')).toHaveText(`${needs.length} of ${vms.length} VMs need attention`);
  await expect(page.getByTestId('vm-page')).toHaveText(`Page 1 of ${Math.ceil(needs.length / 50)}`);
  const shown = async () => {
    const cells = page.locator('main table tbody tr');
    await expect(cells.first().getByTestId('vm-qga-state')).toBeVisible();
    return cells.allTextContents();
  };
  // Every row on screen is one that needs attention: not Running, or a monitoring badge, or no record.
  const names = new Set(needs.map((v) => v.name));
  for (const text of await shown()) expect([...names].some((n) => text.includes(n))).toBeTruthy();
  for (const cell of await page.getByTestId('vm-qga-state').allTextContents()) expect(['Running', 'NotRunning', 'NotInstalled', 'NotUpgraded', '—']).toContain(cell);
  // The next page is the fleet's next 50, no row twice.
  const first = await page.locator('main table tbody tr td:nth-child(2)').allTextContents();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('vm-page')).toHaveText(`Page 2 of ${Math.ceil(needs.length / 50)}`);
  const second = await page.locator('main table tbody tr td:nth-child(2)').allTextContents();
  expect(second.filter((n) => first.includes(n))).toEqual([]);
  // Search narrows the attention list, on the server.
  await page.getByRole('searchbox', { name: 'Search VMs' }).fill('db-');
  const dbNeeds = needs.filter((v) => v.name.includes('db-')).length;
  await expect(page.getByTestId('vm-count')).toHaveText(new RegExp(`^${dbNeeds} of \\d+ VMs need`));
});
