// The script pages for everyone (issue 19's last "Done when"): axe-core
// clean in both themes on each of the five pages with real content, every
// control reachable by Tab with a visible focus ring, the tasks done with the
// keyboard alone (create a script, choose VMs and run it, open a result group
// and a VM's output buttons, the delete question and Escape), and nothing of
// ours left in English on the Chinese pages.
import { test, expect, type Sim } from '../fixtures';
import type { Page } from '@playwright/test';
import { axeViolations, englishLeft, useLanguage } from './people-common';
import { createScript, finishedRun, startRun, tabThrough, tabTo, zstack } from './scripts-common';

/** Opens one script page with real content; selectors do not depend on the language. */
type Open = (page: Page, sim: Sim) => Promise<void>;

const uuidsOf = async (sim: Sim, names: string[]) => {
  const all = await sim.vms();
  return names.map((n) => all.find((v) => v.name === n)!.uuid);
};

const library: Open = async (page, sim) => {
  await createScript(sim, { name: 'disk usage', description: 'df -h on each VM', scriptContent: 'df -h' });
  await createScript(sim, { name: 'services', scriptContent: 'Get-Service', platform: 'Windows', scriptType: 'Powershell' });
  await page.goto('/scripts');
  await expect(page.getByRole('link', { name: 'disk usage', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'services', exact: true })).toBeVisible();
};

/** A new script refused (no name, a parameter without a key) while the Jinja2 warning shows. */
const refusedForm: Open = async (page) => {
  await page.goto('/scripts/new');
  await page.locator('#script-content').fill('echo {{ who }} {% raw %}');
  await page.locator('fieldset.script-params > button').click();
  await page.locator('form.script-form button[type="submit"]').click();
  await expect(page.locator('#script-name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#script-name-error')).not.toBeEmpty();
  await expect(page.locator('.script-params__row .field-error')).not.toBeEmpty();
  await expect(page.getByTestId('script-jinja-warning')).toBeVisible();
};

/** A script's page with VMs carried in: one ready, one stopped, one Windows, one busy with an earlier run. */
const scriptWithVerdicts: Open = async (page, sim) => {
  const long = await createScript(sim, { name: 'long', scriptContent: 'sleep 60' });
  const [ready, stopped, windows, busy] = await uuidsOf(sim, ['web-01', 'archive-07', 'win-srv-08', 'tools-cd-16']);
  await startRun(sim, long.uuid, [busy]);
  const script = await createScript(sim, { name: 'disk usage', description: 'df -h on each VM', scriptContent: 'df -h' });
  await page.goto(`/scripts/${script.uuid}?vms=${[ready, stopped, windows, busy].join(',')}`);
  await expect(page.getByTestId('run-check').getByRole('listitem')).toHaveCount(4);
  await expect(page.getByTestId('run-check').getByRole('link')).toHaveAttribute('href', /\/scripts\/records\//);
  await expect(page.locator('section.script-run tbody input[type="checkbox"]').first()).toBeVisible();
};

const runList: Open = async (page, sim) => {
  await finishedRun(sim);
  await page.goto('/scripts/records');
  await expect(page.getByTestId('run-status')).toHaveText(['Failed']);
};

/** The finished run: groups (could not run, each with ZStack's reason, then the odd outputs), the Ubuntu pair open. */
const finished: Open = async (page, sim) => {
  const { record } = await finishedRun(sim);
  await page.goto(`/scripts/records/${record.uuid}`);
  await expect(page.getByTestId('record-status')).toHaveText('Failed');
  const groups = page.getByTestId('record-groups').locator('details');
  await expect(groups).toHaveCount(7);
  await groups.last().locator('summary').click();
  await expect(page.getByTestId('group-stdout')).toHaveText('5.15.0-107-generic\n');
  await expect(page.getByTestId('detail-err-cause').filter({ hasText: 'current state is Stopped' })).toBeVisible();
};

const pages: Array<[string, Open]> = [
  ['the library', library],
  ['a new script, refused, with the Jinja2 warning', refusedForm],
  ["a script's page with VMs chosen and their verdicts", scriptWithVerdicts],
  ['the runs list', runList],
  ['a finished run with its groups, one open', finished],
];

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, open] of pages) {
    test(`no axe violations: ${name}, ${scheme}`, async ({ page, sim, signedIn }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await open(page, sim);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  test(`no axe violations with the delete question open, ${scheme}`, async ({ page, sim, signedIn }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const script = await createScript(sim, { name: 'disk usage', scriptContent: 'df -h' });
    await page.goto(`/scripts/${script.uuid}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByRole('alertdialog', { name: 'Delete this script?' })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
}

for (const [name, open] of pages) {
  test(`every control reachable by Tab, focus visible: ${name}`, async ({ page, sim, signedIn }) => {
    await open(page, sim);
    const r = await tabThrough(page);
    expect(r.count).toBeGreaterThan(8);
    expect(r.unreachable).toEqual([]);
    expect(r.noRing).toEqual([]);
  });
}

for (const [name, open] of pages) {
  test(`no English left in Chinese: ${name}`, async ({ page, sim, signedIn }) => {
    await useLanguage(page, 'zh-CN');
    await open(page, sim);
    expect(await englishLeft(page)).toEqual([]);
    // The scan can fail: the same page in English is full of English words.
    await page.getByTestId('language').selectOption('en');
    expect((await englishLeft(page)).length).toBeGreaterThan(3);
  });
}

test('a script is made with the keyboard alone; a refused save puts the focus on the first refused field', async ({ page, signedIn }) => {
  await page.goto('/scripts');
  await expect(page.getByTestId('script-empty')).toBeVisible();
  await tabTo(page, page.getByRole('link', { name: 'New script' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/scripts/new');

  // Enter in a field submits; nothing is typed yet, so both refusals show
  // and the focus is on the first, which says why.
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  const script = page.getByRole('textbox', { name: 'Script', exact: true });
  await tabTo(page, page.getByRole('textbox', { name: 'Description', exact: true }));
  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription('Enter a name.');
  await expect(script).toHaveAccessibleDescription(/Enter the script\./);

  await page.keyboard.type('nightly check');
  await tabTo(page, page.getByRole('combobox', { name: 'Platform', exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('combobox', { name: 'Platform', exact: true })).toHaveValue('Windows');
  await expect(page.getByRole('combobox', { name: 'Script type', exact: true })).toHaveValue('Bat');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('combobox', { name: 'Script type', exact: true })).toHaveValue('Shell');
  await tabTo(page, script);
  // In the script box Tab types a tab; Esc, then Tab, leaves it.
  await page.keyboard.type('uptime');
  await page.keyboard.press('Tab');
  await page.keyboard.type('# load');
  await expect(script).toHaveValue('uptime\t# load');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(script).not.toBeFocused();

  // A parameter row added takes the focus; one removed hands it to the row
  // in its place, the last to "Add parameter".
  const add = page.getByRole('button', { name: 'Add parameter' });
  await tabTo(page, add);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Parameter 1 key' })).toBeFocused();
  await page.keyboard.type('first');
  await tabTo(page, add);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Parameter 2 key' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Remove parameter 2' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Parameter 1 key' })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Parameter 2 key' })).toHaveCount(0);
  await tabTo(page, page.getByRole('button', { name: 'Remove parameter 1' }));
  await page.keyboard.press('Enter');
  await expect(add).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Parameter 1 key' })).toHaveCount(0);

  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/scripts\/[0-9a-f]{32}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('nightly check');
  await expect(page.getByRole('status').filter({ hasText: 'Script created.' })).toBeVisible();
  await expect(script).toHaveValue('uptime\t# load');
});

test('VMs are chosen and the run started with the keyboard alone', async ({ page, sim, signedIn }) => {
  await sim.config({ scriptUploadMs: 100, scriptRunMs: 100 });
  const script = await createScript(sim, { name: 'hello', scriptContent: 'echo hello' });
  await page.goto(`/scripts/${script.uuid}`);
  const search = page.getByRole('searchbox', { name: 'Search VMs' });
  const rows = page.locator('section.script-run tbody tr');
  await tabTo(page, search);
  await page.keyboard.type('web-01');
  await expect(rows).toHaveCount(1);
  const web = page.getByRole('checkbox', { name: 'Select web-01', exact: true });
  await tabTo(page, web);
  await page.keyboard.press('Space');
  await expect(web).toBeChecked();
  await tabTo(page, search, { back: true });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('tools-cd-16');
  const tools = page.getByRole('checkbox', { name: 'Select tools-cd-16', exact: true });
  await expect(rows).toHaveCount(1);
  await tabTo(page, tools);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-check-summary')).toHaveText('2 will run it');

  // Taking a VM out removes its button: the focus goes to the new count.
  await tabTo(page, page.getByRole('button', { name: 'Remove tools-cd-16' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '1 VM chosen' })).toBeFocused();
  await expect(tools).not.toBeChecked();
  await expect(page.getByTestId('run-check-summary')).toHaveText('1 will run it');

  // A refused time limit takes the focus, its reason read with it.
  const limit = page.getByRole('spinbutton', { name: 'Time limit of this run (seconds)' });
  await tabTo(page, limit);
  await page.keyboard.type('5');
  const run = page.getByRole('button', { name: 'Run on selected VMs' });
  await tabTo(page, run);
  await page.keyboard.press('Enter');
  await expect(limit).toBeFocused();
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await expect(limit).toHaveAccessibleDescription(/from 10 to 86,400/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('30');
  await tabTo(page, run);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/scripts\/records\/[0-9a-f]{32}$/);
  await expect(page.getByTestId('record-status')).toHaveText('Succeed', { timeout: 15_000 });
  await expect(page.locator('dl.facts dt:text-is("Time limit (seconds)") + dd')).toHaveText('30');
});

test("a result group opens from the keyboard, and a VM's output is copied and downloaded from it", async ({ page, context, sim, signedIn }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { record } = await finishedRun(sim);
  await page.goto(`/scripts/records/${record.uuid}`);
  await expect(page.getByTestId('record-status')).toHaveText('Failed');
  const ubuntu = page.getByTestId('record-groups').locator('details').last();
  await tabTo(page, ubuntu.locator('summary'));
  await page.keyboard.press('Enter');
  await expect(ubuntu).toHaveAttribute('open', '');
  await expect(ubuntu.getByTestId('group-stdout')).toHaveText('5.15.0-107-generic\n');
  // Its VMs are links, next in the Tab order.
  await page.keyboard.press('Tab');
  await expect(ubuntu.getByRole('link').first()).toBeFocused();

  const copy = page.getByRole('button', { name: 'Copy output drives-full-15', exact: true });
  await tabTo(page, copy);
  await page.keyboard.press('Enter');
  const row = page.getByRole('row').filter({ has: copy });
  await expect(row.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('5.15.0-107-generic\n');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Download output drives-full-15', exact: true })).toBeFocused();
  const saved = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await saved).suggestedFilename()).toBe('drives-full-15-output.txt');
});

test('the delete question takes the focus; Escape cancels it and gives the focus back', async ({ page, sim, signedIn }) => {
  const script = await createScript(sim, { name: 'disk usage', scriptContent: 'df -h' });
  await page.goto(`/scripts/${script.uuid}`);
  const del = page.getByRole('button', { name: 'Delete', exact: true });
  await tabTo(page, del);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Delete this script?' });
  await expect(dialog).toContainText('disk usage');
  // The safe answer first.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(del).toBeFocused();
  // Asked again, Tab reaches the confirming button too.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(del).toBeFocused();
  const held = (await zstack(sim, 'GET', `/scripts/${script.uuid}`)).json.inventories;
  expect(held).toHaveLength(1);
});
