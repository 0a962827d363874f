import { test, expect } from '../fixtures';
import type { Page } from '@playwright/test';

async function openConsole(page: Page, sim: { vmByName(n: string): Promise<{ uuid: string }> }, name = 'web-01') {
  const vm = await sim.vmByName(name);
  await page.goto(`/vms/${vm.uuid}`);
  const region = page.getByRole('region', { name: 'Command console' });
  await expect(region.getByRole('button', { name: 'Run' })).toBeEnabled();
  return { vm, region };
}

test('hostname on Linux: the request is the seed\'s, stdout and stderr apart, raw kept', async ({ page, sim, signedIn }) => {
  const { region } = await openConsole(page, sim);
  await expect(region.getByRole('combobox', { name: 'Platform' })).toHaveValue('Linux');
  await region.getByRole('textbox', { name: 'Command' }).fill('hostname');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByTestId('console-stdout')).toHaveText(/web-01/);
  await expect(region.getByTestId('console-output')).toHaveText(/^standardStream: web-01.*, errorStream: /s);
  const execs = (await sim.requests()).filter((r) => r.path === '/zstack/v1/vm-instances/commands/exec');
  expect(execs).toHaveLength(1);
  expect(execs[0].method).toBe('PUT');
  // Default simulator mode is a job: followed on our own origin.
  expect((await sim.requests()).some((r) => r.path.startsWith('/zstack/v1/api-jobs/'))).toBeTruthy();
});

test('Windows VM: platform preset to Windows, ipconfig output', async ({ page, sim, signedIn }) => {
  const { region } = await openConsole(page, sim, 'win-srv-08');
  await expect(region.getByRole('combobox', { name: 'Platform' })).toHaveValue('Windows');
  await region.getByRole('textbox', { name: 'Command' }).fill('hostname');
  await region.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(region.getByTestId('console-stdout')).toHaveText(/\S/);
  await expect(region.getByTestId('console-stdout')).not.toHaveText(/not recognized/);
});

test('stderr is shown apart from stdout', async ({ page, sim, signedIn }) => {
  const { region } = await openConsole(page, sim);
  await region.getByRole('textbox', { name: 'Command' }).fill('stderr-demo');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByTestId('console-stderr')).toHaveText(/\S/);
  await expect(region.getByTestId('console-stdout')).toHaveText(/\S/);
  const out = await region.getByTestId('console-stdout').textContent();
  const err = await region.getByTestId('console-stderr').textContent();
  expect(out).not.toEqual(err);
});

test('synchronous exec mode works the same', async ({ page, sim, signedIn }) => {
  await sim.config({ exec_mode: 'sync' });
  const { region } = await openConsole(page, sim);
  await region.getByRole('textbox', { name: 'Command' }).fill('whoami');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByTestId('console-stdout')).toHaveText(/root/);
  expect((await sim.requests()).some((r) => r.path.startsWith('/zstack/v1/api-jobs/'))).toBeFalsy();
});

test('bad input is refused beside the field and nothing is sent', async ({ page, sim, signedIn }) => {
  const { region } = await openConsole(page, sim);
  await sim.clearRequests();
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByText('Enter a command.')).toBeVisible();
  await region.getByRole('textbox', { name: 'Command' }).fill('hostname');
  await region.getByRole('spinbutton', { name: 'Timeout (seconds)' }).fill('5');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByText(/10 to 86,400/)).toBeVisible();
  await expect(region.getByRole('spinbutton', { name: 'Timeout (seconds)' })).toHaveAttribute('aria-invalid', 'true');
  expect((await sim.requests()).filter((r) => r.path.endsWith('/commands/exec'))).toEqual([]);
  await expect(region.getByRole('textbox', { name: 'Command' })).toHaveValue('hostname');
});

test('a command past its timeout fails with ZStack\'s code and stays in the box', async ({ page, sim, signedIn }) => {
  await sim.config({ guest_time_scale: 0.05 });
  const { region } = await openConsole(page, sim);
  await region.getByRole('textbox', { name: 'Command' }).fill('sleep 60');
  await region.getByRole('spinbutton', { name: 'Timeout (seconds)' }).fill('10');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByRole('alert')).toContainText('SYS.1001');
  await expect(region.getByRole('textbox', { name: 'Command' })).toHaveValue('sleep 60');
});

test('stop waiting: the run ends here and the console says the guest may go on', async ({ page, sim, signedIn }) => {
  const { region } = await openConsole(page, sim);
  await region.getByRole('textbox', { name: 'Command' }).fill('sleep 30');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByRole('button', { name: 'Run' })).toBeDisabled();
  await expect(region.getByTestId('console-status')).toContainText('Running for');
  await region.getByRole('button', { name: 'Stop waiting' }).click();
  await expect(region.getByTestId('console-status')).toContainText('may still be running in the guest');
  await expect(region.getByRole('button', { name: 'Run' })).toBeEnabled();
});

test('hostile output renders as text and runs nothing', async ({ page, sim, signedIn }) => {
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs++;
    await d.dismiss();
  });
  const { region } = await openConsole(page, sim);
  await region.getByRole('textbox', { name: 'Command' }).fill('print-markup');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByTestId('console-stdout')).toContainText('<script>alert(1)</script>');
  await expect(region.getByTestId('console-stdout')).toContainText('<img src=x onerror=alert(2)>');
  expect(await region.locator('script, img').count()).toBe(0);
  // ANSI escapes are stripped from the parsed view.
  expect(await region.getByTestId('console-stdout').textContent()).not.toContain('\u001b');
  await page.waitForTimeout(300);
  expect(dialogs).toBe(0);
});

test('1 MiB of output renders without a long main-thread task', async ({ page, sim, signedIn }) => {
  const { region } = await openConsole(page, sim);
  await page.evaluate(() => {
    (window as any).__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__longest = Math.max((window as any).__longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await region.getByRole('textbox', { name: 'Command' }).fill('big-output');
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(region.getByTestId('console-stdout')).toBeVisible({ timeout: 15_000 });
  // A megabyte is virtualised: the pane knows all of it, the DOM holds the lines in view.
  const pane = region.getByTestId('console-stdout');
  expect(Number(await pane.getAttribute('data-chars'))).toBeGreaterThan(1_000_000);
  expect((await pane.textContent())!.length).toBeLessThan(100_000);
  const lines = Number(await pane.getAttribute('data-lines'));
  await pane.evaluate((e) => (e.scrollTop = e.scrollHeight));
  await expect(pane.locator('pre')).toContainText(/\S/);
  const last = await pane.locator('pre').textContent();
  expect(last!.length).toBeGreaterThan(0);
  expect(lines).toBeGreaterThan(1000);
  await page.waitForTimeout(500);
  const longest = await page.evaluate(() => (window as any).__longest as number);
  console.log(`longest main-thread task while rendering 1 MiB of output: ${longest.toFixed(1)} ms`);
  test.info().annotations.push({ type: 'longest-task-ms', description: longest.toFixed(1) });
});

test('history survives a reload, recalls with arrow keys, reruns and clears', async ({ page, sim, signedIn }) => {
  const { region } = await openConsole(page, sim);
  const box = region.getByRole('textbox', { name: 'Command' });
  for (const cmd of ['hostname', 'whoami']) {
    await box.fill(cmd);
    await region.getByRole('button', { name: 'Run' }).click();
    await expect(region.getByTestId('console-status')).toContainText('Finished');
  }
  await page.reload();
  const again = page.getByRole('region', { name: 'Command console' });
  await expect(again.getByTestId('console-history')).toContainText('History (2)');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zstack.history:')));
  expect(stored).toHaveLength(1);
  const raw = await page.evaluate((k) => localStorage.getItem(k)!, stored[0]);
  expect(raw).not.toContain(signedIn);
  const box2 = again.getByRole('textbox', { name: 'Command' });
  await box2.fill('');
  await box2.press('ArrowUp');
  await expect(box2).toHaveValue('whoami');
  await box2.press('ArrowUp');
  await expect(box2).toHaveValue('hostname');
  await box2.press('ArrowDown');
  await expect(box2).toHaveValue('whoami');
  await again.getByTestId('console-history').locator('summary').first().click();
  await again.getByRole('button', { name: 'Use command 2 again' }).click();
  await expect(box2).toHaveValue('hostname');
  await again.getByRole('button', { name: 'Clear history' }).click();
  await expect(again.getByTestId('console-history')).toContainText('History (0)');
});

test('a dead session mid-run: sign in again and the command is still there', async ({ page, sim, signedIn }) => {
  const { vm, region } = await openConsole(page, sim);
  await region.getByRole('textbox', { name: 'Command' }).fill('uname -a');
  await sim.expireSessions();
  await region.getByRole('button', { name: 'Run' }).click();
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fvms%2F${vm.uuid}`));
  await page.getByRole('textbox', { name: 'Account name' }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill('password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`/vms/${vm.uuid}`);
  await expect(page.getByRole('region', { name: 'Command console' }).getByRole('textbox', { name: 'Command' })).toHaveValue('uname -a');
});

test('a VM whose agent is not running: Run is disabled with the reason', async ({ page, sim, signedIn }) => {
  const vm = await sim.vmByName('app-02');
  await page.goto(`/vms/${vm.uuid}`);
  const region = page.getByRole('region', { name: 'Command console' });
  await expect(region.getByText(/Commands cannot run: the QEMU guest agent/)).toBeVisible();
  await expect(region.getByRole('button', { name: 'Run' })).toBeDisabled();
});
