import { test, expect } from '../fixtures';
import { openDetail } from './people-common';
import { tabThrough } from './scripts-common';

test('the skip link is the first stop and moves focus to the content', async ({ page, signedIn }) => {
  await page.goto('/vms');
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test("following a link moves focus to the new page's heading, from where Tab goes on", async ({ page, signedIn }) => {
  await page.goto('/vms');
  const link = page.locator('main table tbody tr a').first();
  const name = (await link.textContent())!.trim();
  await link.focus();
  await page.keyboard.press('Enter');
  const heading = page.locator('main h1');
  await expect(heading).toHaveText(name);
  await expect(heading).toBeFocused();
  // The next stop is on the new page, not back at the top of the document.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
  // Back by the breadcrumb: the list's heading.
  await page.locator('main .breadcrumb a').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
  await expect(page.locator('main h1')).toBeFocused();
});

test('every control of the VM list is reachable by Tab, with a visible focus ring', async ({ page, signedIn }) => {
  await page.goto('/vms');
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
  const r = await tabThrough(page);
  expect(r.count).toBeGreaterThan(20);
  expect(r.unreachable).toEqual([]);
  expect(r.noRing).toEqual([]);
});

test('every control of the VM page is reachable by Tab, with a visible focus ring', async ({ page, signedIn }) => {
  await openDetail(page);
  await expect(page.getByRole('listbox')).toBeVisible();
  const r = await tabThrough(page);
  expect(r.count).toBeGreaterThan(15);
  expect(r.unreachable).toEqual([]);
  expect(r.noRing).toEqual([]);
});

test('the sign-in page works by keyboard alone', async ({ page, sim }) => {
  await page.goto('/login');
  const r = await tabThrough(page);
  expect(r.unreachable).toEqual([]);
  expect(r.noRing).toEqual([]);
  await page.locator('#account').focus();
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type('password');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/vms$/);
});
