import { test, expect } from '../fixtures';
import { openDetail, WEB_01 } from './people-common';

test('? lists the shortcuts in a dialog; Escape closes it and focus returns', async ({ page, signedIn }) => {
  await page.goto('/vms');
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (const what of ['Focus the search or filter box', 'Go to the VM list', 'Refresh the guest tools state', 'Run the command']) {
    await expect(dialog.getByText(what)).toBeVisible();
  }
  // Nothing to refresh or run on the list: the dialog says so.
  await expect(dialog.getByRole('row', { name: /Refresh the guest tools state/ })).toContainText('Not on this page');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The header's button opens the same list, and Close closes it.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeFocused();
});

test('/ focuses the VM search; keys typed there stay text', async ({ page, signedIn }) => {
  await page.goto('/vms');
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search VMs' });
  await expect(search).toBeFocused();
  await page.keyboard.type('gvr?/');
  await expect(search).toHaveValue('gvr?/');
  await expect(page).toHaveURL(/\/vms(\?.*)?$/);
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('g v goes to the VM list; g alone or v alone does nothing', async ({ page, signedIn }) => {
  await openDetail(page);
  await page.keyboard.press('v');
  await page.keyboard.press('g');
  await page.waitForTimeout(1700); // longer than the chord's wait
  await page.keyboard.press('v');
  await expect(page).toHaveURL(new RegExp(`/vms/${WEB_01}$`));
  await page.keyboard.press('g');
  await page.keyboard.press('v');
  await expect(page).toHaveURL(/\/vms$/);
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
});

test('r refreshes the guest tools state on the detail page', async ({ page, sim, signedIn }) => {
  await openDetail(page);
  await page.waitForLoadState('networkidle');
  await sim.clearRequests();
  await page.keyboard.press('r');
  await expect
    .poll(async () => (await sim.requests()).filter((r) => r.path.endsWith('/guesttools-state')).length)
    .toBeGreaterThan(0);
  // While typing in a field, r is a letter.
  await page.getByRole('region', { name: 'Command console' }).getByRole('textbox', { name: 'Command' }).focus();
  await sim.clearRequests();
  await page.keyboard.type('r');
  await page.waitForTimeout(500);
  expect((await sim.requests()).filter((r) => r.path.endsWith('/guesttools-state'))).toEqual([]);
});

test('/ on the detail page focuses the ISO filter', async ({ page, signedIn }) => {
  await openDetail(page);
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Filter ISOs' })).toBeFocused();
});
