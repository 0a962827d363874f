import { test, expect } from '../fixtures';
import type { Page } from '@playwright/test';

// Output as ZStack really hands it over: GBK read as Latin-1, the 1,000-line
// cut, the separator inside stdout, timeouts, and asking Windows for UTF-8.

async function consoleOf(page: Page, sim: { vmByName(n: string): Promise<{ uuid: string }> }, name: string) {
  const vm = await sim.vmByName(name);
  await page.goto(`/vms/${vm.uuid}`);
  const region = page.getByRole('region', { name: 'Command console' });
  await expect(region.getByRole('button', { name: 'Run' })).toBeEnabled();
  return region;
}

async function run(region: ReturnType<Page['getByRole']>, command: string) {
  await region.getByRole('textbox', { name: 'Command' }).fill(command);
  await region.getByRole('button', { name: 'Run' }).click();
}

test('GBK read as Latin-1 is offered decoded, the raw stream stays, the choice is remembered', async ({ page, sim, signedIn }) => {
  const region = await consoleOf(page, sim, 'win-zh-14');
  await run(region, 'dir');
  const stdout = region.getByTestId('console-stdout');
  // As sent: Latin-1 mojibake, never decoded silently.
  await expect(stdout).toContainText('Çý¶¯Æ÷');
  await expect(stdout).not.toContainText('驱动器');
  await region.getByRole('button', { name: 'Decode as GBK' }).click();
  await expect(stdout).toContainText('驱动器 C 中的卷没有标签。');
  await expect(stdout).toContainText('镕铸.txt');
  await expect(region.getByTestId('console-output')).toContainText('Çý¶¯Æ÷');
  // One click back to the text as it came.
  await region.getByRole('button', { name: 'Show as sent' }).click();
  await expect(stdout).toContainText('Çý¶¯Æ÷');
  await region.getByRole('button', { name: 'Decode as GBK' }).click();
  // Remembered for this VM: the next output of it is shown decoded, still with the way back.
  await page.reload();
  await run(page.getByRole('region', { name: 'Command console' }), 'type 中文.txt');
  await expect(page.getByTestId('console-stdout')).toContainText('朱镕基');
  await expect(page.getByRole('button', { name: 'Show as sent' })).toBeVisible();
});

test('plain output offers no decoding', async ({ page, sim, signedIn }) => {
  const region = await consoleOf(page, sim, 'win-zh-14');
  await run(region, 'chcp');
  await expect(region.getByTestId('console-stdout')).toContainText('936');
  await expect(region.getByRole('button', { name: 'Decode as GBK' })).toHaveCount(0);
});

test('"Ask Windows for UTF-8 output" changes the command sent, and the history shows it', async ({ page, sim, signedIn }) => {
  const region = await consoleOf(page, sim, 'win-zh-14');
  await region.getByRole('checkbox', { name: 'Ask Windows for UTF-8 output' }).check();
  await sim.clearRequests();
  const sent = page.waitForRequest((r) => r.url().endsWith('/commands/exec'));
  await run(region, 'dir');
  expect(JSON.parse((await sent).postData()!).params.command).toBe('chcp 65001>nul & dir');
  await expect(region.getByTestId('console-stdout')).toContainText('驱动器 C 中的卷没有标签。');
  await expect(region.getByRole('button', { name: 'Decode as GBK' })).toHaveCount(0);
  const execs = (await sim.requests()).filter((r) => r.path.endsWith('/commands/exec'));
  expect(execs).toHaveLength(1);
  await region.getByTestId('console-history').locator('summary').first().click();
  await expect(region.getByTestId('console-history').locator('code').first()).toHaveText('chcp 65001>nul & dir');
  // What was typed stays as typed.
  await expect(region.getByRole('textbox', { name: 'Command' })).toHaveValue('dir');
  // PowerShell gets its own request.
  await region.getByRole('checkbox', { name: 'It is a PowerShell command' }).check();
  await run(region, 'Get-ChildItem');
  await expect(region.getByTestId('console-history').locator('code').first()).toHaveText(
    '[Console]::OutputEncoding=[Text.Encoding]::UTF8; Get-ChildItem',
  );
});

test('1,000 lines say the start may be missing; 999 do not', async ({ page, sim, signedIn }) => {
  const region = await consoleOf(page, sim, 'web-01');
  await run(region, 'seq 1 1500');
  await expect(region.getByTestId('console-truncated')).toContainText('last 1,000 lines');
  await expect(region.getByTestId('console-truncated')).toContainText('> /tmp/out.txt');
  await run(region, 'seq 1 999');
  await expect(region.getByTestId('console-status')).toHaveText(/Finished/);
  await expect(region.getByTestId('console-stdout')).toContainText('999');
  await expect(region.getByTestId('console-truncated')).toHaveCount(0);
  await run(region, 'seq 1 1000');
  await expect(region.getByTestId('console-truncated')).toBeVisible();
});

test('output containing ", errorStream: " lands whole in stdout', async ({ page, sim, signedIn }) => {
  const region = await consoleOf(page, sim, 'web-01');
  await run(region, "echo 'a, errorStream: b'");
  await expect(region.getByTestId('console-stdout')).toHaveText('a, errorStream: b\n');
  await expect(region.getByTestId('console-stderr')).toHaveText('');
  // An empty stderr is not drawn as an error.
  await expect(region.getByTestId('console-stderr')).not.toHaveClass(/output--stderr/);
});

test('a timed-out command may still run: said, and checked in one click', async ({ page, sim, signedIn }) => {
  await sim.config({ guest_time_scale: 0.05 });
  const region = await consoleOf(page, sim, 'web-01');
  await region.getByRole('spinbutton', { name: 'Timeout (seconds)' }).fill('10');
  await run(region, 'sleep 600');
  await expect(region.getByRole('alert')).toContainText('SYS.1001');
  await expect(region.getByTestId('console-may-still-run')).toContainText('may still be running in the guest');
  await sim.clearRequests();
  await region.getByRole('button', { name: "Check the guest's processes" }).click();
  await expect(region.getByTestId('console-stdout')).toContainText('sleep 600');
  const execs = (await sim.requests()).filter((r) => r.path.endsWith('/commands/exec'));
  expect(execs).toHaveLength(1);
  // The typed command is untouched.
  await expect(region.getByRole('textbox', { name: 'Command' })).toHaveValue('sleep 600');
});

test('the multi-VM run: decode, the cut and a timeout, group by group', async ({ page, sim, signedIn }) => {
  await sim.config({ guest_time_scale: 0.05 });
  const zh = await sim.vmByName('win-zh-14');
  await page.goto(`/run?vms=${zh.uuid}`);
  await page.getByRole('combobox', { name: 'Platform' }).selectOption('Windows');
  await page.getByRole('textbox', { name: 'Command' }).fill('dir');
  await page.getByRole('button', { name: 'Run on all' }).click();
  // One VM, one group: open without a click.
  const group = page.getByTestId('multi-groups').locator('li').first();
  await group.getByRole('button', { name: 'Decode as GBK' }).click();
  await expect(group.getByTestId('console-stdout')).toContainText('驱动器 C 中的卷没有标签。');

  const web = await sim.vmByName('web-01');
  await page.goto(`/run?vms=${web.uuid}`);
  await page.getByRole('combobox', { name: 'Platform' }).selectOption('Linux');
  await page.getByRole('textbox', { name: 'Command' }).fill('seq 1 1000');
  await page.getByRole('button', { name: 'Run on all' }).click();
  const cut = page.getByTestId('multi-groups').locator('li').first();
  await expect(cut.getByTestId('console-truncated')).toBeVisible();

  await page.getByRole('spinbutton', { name: 'Timeout (seconds)' }).fill('10');
  await page.getByRole('textbox', { name: 'Command' }).fill('sleep 600');
  await page.getByRole('button', { name: 'Run on all' }).click();
  const slow = page.getByTestId('multi-groups').locator('li').first();
  await expect(slow).toContainText('SYS.1001');
  await expect(slow.getByTestId('console-may-still-run')).toBeVisible();
});
