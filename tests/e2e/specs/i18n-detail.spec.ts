import { test, expect } from '../fixtures';
import { englishIn, useLanguage, WEB_01 } from './people-common';

// web-01 (WEB_01): a healthy Linux guest (tools, qga and zwatch Running).

test('the VM page and list in Chinese: badges, reason, dates and search; the choice is remembered', async ({ page, sim, signedIn }) => {
  expect((await sim.vmByName('web-01')).uuid).toBe(WEB_01);
  await page.goto(`/vms/${WEB_01}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  // English first: the browser's own English date.
  await expect(page.getByTestId('vm-created')).toContainText('2024');
  await expect(page.getByTestId('vm-last-op')).toContainText('2024');

  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: '简体中文' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  const tools = page.getByRole('region', { name: '客户机工具', exact: true });
  await expect(tools.getByTestId('qga-state')).toHaveText('运行中');
  await expect(tools.getByTestId('tools-status')).toHaveText('运行中');
  await expect(tools.getByTestId('zwatch-state')).toHaveText('运行中');
  await expect(tools.getByTestId('tools-reason')).toHaveText('客户机工具已就绪：可以执行命令。');
  await expect(tools.getByRole('button', { name: '刷新客户机工具状态' })).toBeEnabled();
  await expect(tools.getByRole('button', { name: '加载客户机工具 ISO' })).toBeEnabled();
  await expect(page.getByTestId('vm-state')).toHaveText('运行中');
  // Chromium writes 2024年1月1日 1:01 (other ICU data: 2024/1/1 1:01).
  const chineseDate = /\d{4}年\d{1,2}月\d{1,2}日|\d{4}\/\d{1,2}\/\d{1,2}/;
  await expect(page.getByTestId('vm-created')).toHaveText(chineseDate);
  await expect(page.getByTestId('vm-last-op')).toHaveText(chineseDate);
  const summary = page.getByRole('region', { name: '云主机', exact: true });
  await expect(summary.getByText('创建时间')).toBeVisible();
  expect(await englishIn(tools)).toEqual([]);
  expect(await englishIn(summary)).toEqual([]);

  // Remembered across a reload.
  await page.reload();
  await expect(page.getByTestId('qga-state')).toHaveText('运行中');
  await expect(page.getByRole('combobox', { name: '语言' })).toHaveValue('zh-CN');

  // A reason that names the agent's service keeps the name, marked as not ours to translate.
  const app02 = await sim.vmByName('app-02');
  await page.goto(`/vms/${app02.uuid}`);
  await expect(tools.getByTestId('qga-state')).toHaveText('未运行');
  await expect(tools.getByTestId('tools-reason')).toContainText('请在客户机内启动 qemu-guest-agent 服务');
  expect(await englishIn(tools)).toEqual([]);

  // The list: a Chinese search box, count, headers and states.
  await page.getByRole('link', { name: '云主机' }).first().click();
  await expect(page).toHaveURL(/\/vms$/);
  const search = page.getByRole('searchbox', { name: '搜索云主机' });
  await expect(search).toHaveAttribute('placeholder', '按名称搜索云主机');
  await expect(page.getByTestId('vm-count')).toHaveText(/^共 \d+ 台云主机$/);
  await expect(page.getByRole('columnheader', { name: '名称' })).toBeVisible();
  await expect(page.getByTestId('vm-page')).toHaveText(/^第 1 页，共 \d+ 页$/);
  await search.fill('no-such-vm');
  await expect(page.getByTestId('vm-empty')).toHaveText('没有名称包含“no-such-vm”的云主机。');
  await search.fill('web-01');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'web-01', exact: true }) });
  await expect(row.getByTestId('vm-state-badge')).toHaveText('运行中');
  expect(await englishIn(page.locator('main table thead'))).toEqual([]);
  expect(await englishIn(page.locator('.pager'))).toEqual([]);
});

test('the lifecycle in Chinese: upgrade, drives, the eviction question and the agent switch', async ({ page, sim, signedIn }) => {
  await useLanguage(page, 'zh-CN');
  const full = await sim.vmByName('drives-full-15');
  await page.goto(`/vms/${full.uuid}`);
  const tools = page.getByRole('region', { name: '客户机工具', exact: true });
  await expect(tools.getByTestId('tools-upgrade')).toHaveText('可升级：4.8.0');
  await expect(tools.getByTestId('tools-drive')).toContainText('CentOS-7-x86_64-Minimal-2009.iso');
  await tools.getByRole('button', { name: '加载客户机工具 ISO 以升级到 4.8.0' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('CentOS-7-x86_64-Minimal-2009.iso');
  expect(await englishIn(tools)).toEqual([]);
  expect(await englishIn(page.getByRole('alertdialog'))).toEqual([]);

  const cd = await sim.vmByName('tools-cd-16');
  await page.goto(`/vms/${cd.uuid}`);
  await expect(page.getByTestId('cdrom-drives')).toContainText('客户机工具 ISO');
  await expect(tools.getByRole('button', { name: '卸载客户机工具 ISO' })).toBeVisible();
  expect(await englishIn(tools)).toEqual([]);

  const off = await sim.vmByName('qga-off-18');
  await page.goto(`/vms/${off.uuid}`);
  await expect(tools.getByRole('checkbox', { name: '启用客户机代理程序' })).not.toBeChecked();
  await expect(tools.getByTestId('tools-reason')).toContainText('客户机代理程序开关');
  expect(await englishIn(tools)).toEqual([]);
});
