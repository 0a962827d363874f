import { test, expect } from '../fixtures';
import { englishLeft, openDetail, useLanguage, WEB_01 } from './people-common';

// In Chinese, no English of ours is left on the main pages: the scan reads
// every visible text and accessible name outside server data (translate="no").

test('the language follows the browser, and the choice is remembered', async ({ browser, sim }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${sim.url}/login`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录 ZStack');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to ZStack');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to ZStack');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await context.close();
});

test('switching language rewrites the page in place and keeps what was typed', async ({ page, sim }) => {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Account name' }).fill('ops-admin');
  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByRole('textbox', { name: '账户名' })).toHaveValue('ops-admin');
  await expect(page).toHaveTitle('ZStack 客户机工具控制台');
});

const pages: Array<[string, (page: import('@playwright/test').Page, sim: import('../fixtures').Sim) => Promise<void>]> = [
  ['sign-in', async (page) => {
    await page.goto('/login');
    await expect(page.locator('#account')).toBeVisible();
  }],
  ['VM list', async (page) => {
    await page.goto('/vms');
    await expect(page.locator('main table tbody tr').first()).toBeVisible();
  }],
  ['detail, tools healthy', async (page) => openDetail(page, WEB_01)],
  ['detail, tools missing', async (page, sim) => openDetail(page, (await sim.vmByName('fresh-05')).uuid)],
  ['detail, paused VM', async (page, sim) => openDetail(page, (await sim.vmByName('paused-11')).uuid)],
  ['multi-VM run', async (page, sim) => {
    const vms = await sim.vms();
    await page.goto(`/run?vms=${vms.slice(0, 3).map((v) => v.uuid).join(',')}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }],
  ['page not found', async (page) => {
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }],
];

for (const [name, open] of pages) {
  test(`no English left in Chinese: ${name}`, async ({ page, sim }) => {
    await useLanguage(page, 'zh-CN');
    if (name !== 'sign-in') {
      const uuid = await sim.login();
      await page.addInitScript((u) => localStorage.setItem('zstack.session', JSON.stringify({ uuid: u, account: 'admin' })), uuid);
    }
    await open(page, sim);
    expect(await englishLeft(page)).toEqual([]);
    // The scan can fail: the same page in English is full of English words.
    await page.getByTestId('language').selectOption('en');
    expect((await englishLeft(page)).length).toBeGreaterThan(3);
  });
}

test('no English left in Chinese: the shortcut list and an error', async ({ page, sim, signedIn }) => {
  await useLanguage(page, 'zh-CN');
  await sim.fault({ api: 'GetVmGuestToolsInfo', status: 503, body: 'upstream unavailable', content_type: 'text/plain', times: 1 });
  await page.goto(`/vms/${WEB_01}`);
  await expect(page.getByRole('alert').first()).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await englishLeft(page)).toEqual([]);
});
