import { test, expect } from '../fixtures';

const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme follows the system until the user picks one, which is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/login');
  await expect(page.locator('#account')).toBeVisible();
  const dark = await background(page);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background(page);
  expect(dark).not.toEqual(light);

  // Light system, dark by choice; kept across a reload.
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await theme.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toEqual(dark);
  await page.reload();
  await expect(page.locator('#account')).toBeVisible();
  expect(await background(page)).toEqual(dark);
  await expect(theme).toHaveValue('dark');

  // Dark system, light by choice.
  await page.emulateMedia({ colorScheme: 'dark' });
  await theme.selectOption('light');
  expect(await background(page)).toEqual(light);

  // Back to the system's.
  await theme.selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
  expect(await background(page)).toEqual(dark);
  await page.reload();
  await expect(theme).toHaveValue('system');
});
