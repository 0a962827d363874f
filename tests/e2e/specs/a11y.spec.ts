import { test, expect } from '../fixtures';
import { axeViolations, englishIn, openDetail, useLanguage } from './people-common';

// axe-core (WCAG 2.1 A and AA, and best practices, colour contrast included)
// on the sign-in, list and detail pages, in both themes and both languages.
// The theme comes from the system setting here; the header's override sets
// the same palettes (theme.spec.ts checks that it does).
for (const scheme of ['light', 'dark'] as const) {
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`no axe violations on sign-in, list and detail: ${scheme}, ${lang}`, async ({ page, sim }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await useLanguage(page, lang);

      await page.goto('/login');
      await expect(page.locator('#account')).toBeVisible();
      expect(await axeViolations(page), 'sign-in page').toEqual([]);

      const uuid = await sim.login();
      await page.evaluate((u) => localStorage.setItem('zstack.session', JSON.stringify({ uuid: u, account: 'admin' })), uuid);
      await page.goto('/vms');
      await expect(page.locator('main table tbody tr').first()).toBeVisible();
      expect(await axeViolations(page), 'VM list').toEqual([]);

      await openDetail(page);
      expect(await axeViolations(page), 'VM detail').toEqual([]);
    });
  }
}

test('the keyboard-shortcut list passes axe too', async ({ page, signedIn }) => {
  await openDetail(page);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`output notes pass axe: GBK offered, then decoded, ${scheme}`, async ({ page, sim, signedIn }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const vm = await sim.vmByName('win-zh-14');
    await page.goto(`/vms/${vm.uuid}`);
    const region = page.getByRole('region', { name: 'Command console' });
    await region.getByRole('textbox', { name: 'Command' }).fill('dir');
    await region.getByRole('button', { name: 'Run' }).click();
    await expect(region.getByRole('button', { name: 'Decode as GBK' })).toBeVisible();
    expect(await axeViolations(page), 'offered').toEqual([]);
    await region.getByRole('button', { name: 'Decode as GBK' }).click();
    await expect(region.getByRole('button', { name: 'Show as sent' })).toBeVisible();
    expect(await axeViolations(page), 'decoded').toEqual([]);
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the guest-tools lifecycle passes axe: the eviction question, the agent switch, ${scheme}`, async ({ page, sim, signedIn }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const full = await sim.vmByName('drives-full-15');
    await page.goto(`/vms/${full.uuid}`);
    const tools = page.getByRole('region', { name: 'Guest tools' });
    await expect(tools.getByTestId('tools-upgrade')).toBeVisible();
    await tools.getByRole('button', { name: /^Attach guest tools ISO/ }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    expect(await axeViolations(page), 'eviction question').toEqual([]);

    const off = await sim.vmByName('qga-off-18');
    await page.goto(`/vms/${off.uuid}`);
    await expect(tools.getByRole('checkbox', { name: 'Guest agent enabled' })).toBeVisible();
    expect(await axeViolations(page), 'agent switch off').toEqual([]);
  });
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the VM list's guest-tools column, filter and bulk results pass axe, with nothing left in English: ${lang}`, async ({ page, signedIn }) => {
    await useLanguage(page, lang);
    await page.goto('/vms');
    await expect(page.locator('main table tbody tr').first().getByTestId('vm-qga-state')).toBeVisible();
    for (const name of ['tools-cd-16', 'web-01']) {
      await page.locator('#vm-search').fill(name);
      await page.locator('main table tbody tr').filter({ hasText: name }).getByRole('checkbox').check();
    }
    await page.locator('#vm-search').fill('');
    await page.locator('main .actions button').nth(1).click();
    await expect(page.getByTestId('bulk-progress')).toContainText(lang === 'en' ? 'Finished' : '已结束');
    expect(await axeViolations(page), 'bulk results').toEqual([]);
    if (lang === 'zh-CN') expect(await englishIn(page.getByTestId('bulk-run'))).toEqual([]);
  });
}
