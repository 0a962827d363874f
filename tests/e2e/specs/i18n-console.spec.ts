import { test, expect } from '../fixtures';
import { englishIn, WEB_01 } from './people-common';

// web-01 (WEB_01): a healthy Linux guest that answers commands.
const EXEC = '/zstack/v1/vm-instances/commands/exec';

test('the console in Chinese: Ctrl+Enter from the timeout field runs once, output unchanged, ISO filter named in Chinese', async ({ page, sim, signedIn }) => {
  expect((await sim.vmByName('web-01')).uuid).toBe(WEB_01);
  await page.goto(`/vms/${WEB_01}`);
  await expect(page.getByRole('region', { name: 'Command console' }).getByRole('button', { name: 'Run' })).toBeEnabled();

  await page.getByTestId('language').selectOption({ label: '简体中文' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  const region = page.getByRole('region', { name: '命令控制台' });
  await expect(region.getByRole('heading', { name: '命令控制台' })).toBeVisible();
  await expect(region.getByRole('combobox', { name: '平台' })).toHaveValue('Linux');
  await expect(region.getByRole('button', { name: '执行', exact: true })).toBeEnabled();
  await expect(region.getByText('Enter 执行；Shift+Enter 换行；↑ 和 ↓ 调出之前的命令。')).toBeVisible();
  await region.getByRole('textbox', { name: '命令' }).fill('hostname');
  const timeout = region.getByRole('spinbutton', { name: '超时（秒）' });
  await timeout.fill('60');

  // Ctrl+Enter with the focus in the timeout field: the window's shortcut
  // clicks Run; nothing else may send the command a second time.
  await sim.clearRequests();
  await timeout.focus();
  await page.keyboard.press('Control+Enter');
  const stdout = region.getByTestId('console-stdout');
  await expect(stdout).toHaveText(/web-01/);
  // The guest's output is shown as sent, not translated.
  await expect(region.getByTestId('console-output')).toHaveText(/^standardStream: web-01.*, errorStream: /s);
  await expect(stdout).toHaveAttribute('translate', 'no');
  await expect(region.getByTestId('console-status')).toHaveText(/^已完成，用时 \d+\.\d s$/);
  await page.waitForTimeout(500); // a second run would have started by now
  const execs = (await sim.requests()).filter((r) => r.path === EXEC);
  expect(execs).toHaveLength(1);

  // The output's controls and the history, in Chinese.
  await expect(region.getByRole('heading', { name: '标准输出' })).toBeVisible();
  await expect(region.getByRole('heading', { name: '标准错误' })).toBeVisible();
  await expect(region.getByRole('checkbox', { name: '自动换行' })).toBeVisible();
  await expect(region.getByRole('button', { name: '复制输出' })).toBeVisible();
  await expect(region.getByRole('button', { name: '下载文本文件' })).toBeVisible();
  await expect(region.getByTestId('console-history').locator('summary').first()).toHaveText('历史记录（1）');
  await region.getByTestId('console-history').locator('summary').first().click();
  await expect(region.getByTestId('console-history')).toContainText('超时 60 s');
  await expect(region.getByRole('button', { name: '再次使用第 1 条命令' })).toBeVisible();
  await expect(region.getByRole('button', { name: '清除历史记录' })).toBeEnabled();

  // Ctrl+Enter in the command box: the box runs it and the shortcut stays out.
  await sim.clearRequests();
  await region.getByRole('textbox', { name: '命令' }).focus();
  await page.keyboard.press('Control+Enter');
  await expect(region.getByTestId('console-history').locator('summary').first()).toHaveText('历史记录（2）');
  await page.waitForTimeout(500);
  expect((await sim.requests()).filter((r) => r.path === EXEC)).toHaveLength(1);

  // Validation beside the field, in Chinese; nothing sent.
  await sim.clearRequests();
  await timeout.fill('5');
  await region.getByRole('button', { name: '执行', exact: true }).click();
  await expect(region.getByText('超时必须是 10 到 86,400 之间的整数秒。')).toBeVisible();
  expect((await sim.requests()).filter((r) => r.path === EXEC)).toEqual([]);
  await timeout.fill('');

  expect(await englishIn(region)).toEqual([]);

  // The ISO region: its filter is named in Chinese and is the page's "/" target.
  const iso = page.getByRole('region', { name: 'ISO 镜像' });
  const filter = iso.getByRole('searchbox', { name: '筛选 ISO' });
  await expect(filter).toBeVisible();
  await expect(filter).toHaveAttribute('placeholder', '按名称、大小、平台、架构、操作系统、存储筛选');
  await expect(iso.getByRole('listbox', { name: 'ISO 候选列表' })).toBeVisible();
  await expect(iso.getByRole('button', { name: '加载 ISO', exact: true })).toBeVisible();
  await expect(iso.getByTestId('iso-chosen')).toHaveText('未选择 ISO。');
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('/');
  await expect(filter).toBeFocused();
  expect(await englishIn(iso)).toEqual([]);
});

test('the multi-VM run in Chinese: the skipped VM said before sending, Ctrl+Enter runs once, summary and group worded in Chinese', async ({ page, sim, signedIn }) => {
  const web = await sim.vmByName('web-01');
  const app = await sim.vmByName('app-02'); // its agent is not running: skipped
  await page.addInitScript(() => localStorage.setItem('zstack.lang', 'zh-CN'));
  await page.goto(`/run?vms=${web.uuid},${app.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('在 2 台云主机上执行命令');
  const table = page.getByRole('table', { name: '执行情况' });
  await expect(table.getByTestId('multi-status').nth(0)).toHaveText('就绪');
  await expect(table.getByTestId('multi-status').nth(1)).toHaveText(/^跳过：/);
  await expect(page.getByTestId('multi-check')).toHaveText('1 台将执行，1 台跳过');
  await page.getByRole('textbox', { name: '命令' }).fill('uname -s');
  await sim.clearRequests();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('multi-summary')).toHaveText('1 个输出，1 台跳过', { timeout: 20_000 });
  const groups = page.getByTestId('multi-groups').locator('li');
  await expect(groups).toHaveCount(1);
  await expect(groups.nth(0)).toContainText('1 台云主机得到此输出');
  await expect(table.getByTestId('multi-status')).toContainText(['已完成']);
  await expect(groups.nth(0).getByTestId('console-stdout')).toHaveText(/Linux/);
  expect((await sim.requests()).filter((r) => r.path === EXEC)).toHaveLength(1);
  expect(await englishIn(page.getByRole('main'))).toEqual([]);
});
