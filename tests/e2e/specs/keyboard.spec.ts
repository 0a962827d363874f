import { test, expect } from '../fixtures';
import type { Page } from '@playwright/test';
import { openDetail } from './people-common';

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

/**
 * Tabs through the whole page and returns, for every visible control, whether
 * it received focus and whether the focus was visibly marked (an outline of
 * at least 2 px, as `:focus-visible` draws it).
 */
async function tabThrough(page: Page) {
  const controls = await page.evaluate(() => {
    const sel = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex="0"]';
    const list = [...document.querySelectorAll<HTMLElement>(sel)].filter(
      (el) => el.checkVisibility() && !el.closest('dialog:not([open]), [inert]'),
    );
    list.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    return list.map((el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`);
  });
  const seen = new Map<number, boolean>();
  await page.locator('body').focus();
  for (let i = 0; i < controls.length + 10; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.dataset.kb) return null;
      const s = getComputedStyle(el);
      return { i: Number(el.dataset.kb), ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
    });
    if (r) seen.set(r.i, (seen.get(r.i) ?? false) || r.ring);
  }
  return {
    unreachable: controls.filter((_, i) => !seen.has(i)),
    noRing: controls.filter((_, i) => seen.get(i) === false),
    count: controls.length,
  };
}

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
