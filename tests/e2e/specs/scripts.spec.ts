// The script library end to end against the simulator (ZSTACK-API.md §6,
// UI-CONTRACT "Scripts", issue 19's "Done when"): create, edit and delete a
// script with the bodies ZStack takes; a run on three VMs, one of them
// stopped by someone else before ZStack starts it, followed to its end with
// each VM's row as the server holds it; a second run on a busy VM refused
// before sending; markup as text; a dead session while following a run.
import { test, expect, signInThroughForm, type Sim } from '../fixtures';
import type { Page } from '@playwright/test';
import { HOSTILE_VM } from './hardening-common';
import { createScript, startRun, zstack } from './scripts-common';

type Json = Record<string, any>;

/** Every VM of a run as ZStack holds it. */
async function serverDetails(sim: Sim, record: string): Promise<Json[]> {
  const r = await zstack(sim, 'GET', `/scripts/records/details?q=recordUuid=${record}`);
  return r.json.inventories;
}

/** The method, path and JSON body of every write the page sends to /scripts. */
function scriptWrites(page: Page): Array<{ method: string; path: string; body: unknown }> {
  const seen: Array<{ method: string; path: string; body: unknown }> = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() !== 'GET' && url.pathname.startsWith('/zstack/v1/scripts')) {
      seen.push({ method: r.method(), path: url.pathname + url.search, body: r.postData() ? r.postDataJSON() : null });
    }
  });
  return seen;
}

/** Fails the test on any alert() a page might be tricked into. */
function noDialogs(page: Page): string[] {
  const fired: string[] = [];
  page.on('dialog', (d) => {
    fired.push(d.message());
    void d.dismiss();
  });
  return fired;
}

const form = (page: Page) => ({
  name: page.getByRole('textbox', { name: 'Name', exact: true }),
  description: page.getByRole('textbox', { name: 'Description', exact: true }),
  platform: page.getByRole('combobox', { name: 'Platform', exact: true }),
  type: page.getByRole('combobox', { name: 'Script type', exact: true }),
  script: page.getByRole('textbox', { name: 'Script', exact: true }),
  timeout: page.getByRole('spinbutton', { name: 'Timeout (seconds)', exact: true }),
  save: page.getByRole('button', { name: 'Save', exact: true }),
});

const apiCalls = async (sim: Sim, api: string) =>
  ((await sim.requests()) as Array<{ api?: string; method: string; path: string; query?: string }>).filter((r) => r.api === api);

/** Ticks the VMs in the run section's picker, found by searching their names. */
async function choose(page: Page, names: string[]) {
  const search = page.getByRole('searchbox', { name: 'Search VMs' });
  for (const name of names) {
    await search.fill(name);
    const box = page.getByRole('checkbox', { name: `Select ${name}`, exact: true });
    await box.check();
    await expect(box).toBeChecked();
  }
}

/** The row of one VM in a run's results table. */
function detailRow(page: Page, vmName: string) {
  const table = page.getByRole('table', { name: "Each VM's result" });
  return table.getByRole('row').filter({ has: page.getByRole('link', { name: vmName, exact: true }) });
}

/** The row as drawn: its values with their test ids, exactly as text. */
async function drawnRow(page: Page, vmName: string) {
  const row = detailRow(page, vmName);
  const text = async (id: string) => (await row.getByTestId(id).textContent()) ?? '';
  return {
    status: await text('detail-status'),
    exitCode: await text('detail-exit-code'),
    stdout: await text('detail-stdout'),
    stderr: await text('detail-stderr'),
    errCause: await text('detail-err-cause'),
  };
}

/** The same fields as the server holds them (absent is empty). */
function heldRow(d: Json) {
  return {
    status: d.status ?? '',
    exitCode: d.exitCode === undefined ? '' : String(d.exitCode),
    stdout: d.stdout ?? '',
    stderr: d.stderr ?? '',
    errCause: d.errCause ?? '',
  };
}

test('create, edit and delete a script: the bodies ZStack takes, only the changes on edit', async ({ page, sim, signedIn }) => {
  const writes = scriptWrites(page);
  await page.goto('/scripts');
  await expect(page.getByTestId('script-empty')).toBeVisible();
  await page.getByRole('link', { name: 'New script' }).click();
  await expect(page).toHaveURL('/scripts/new');
  const f = form(page);
  await f.name.fill('disk check (nightly)');
  await f.description.fill('df, then a word');
  await f.platform.selectOption('Linux');
  await f.type.selectOption('Shell');
  await f.script.fill('df -h\necho done');
  await f.timeout.fill('30');
  await f.save.click();
  await expect(page).toHaveURL(/\/scripts\/[0-9a-f]{32}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('disk check (nightly)');
  const uuid = new URL(page.url()).pathname.split('/').pop()!;
  // An empty library shows no generation: PlainText, which both take as is.
  expect(writes).toEqual([
    {
      method: 'POST',
      path: '/zstack/v1/scripts',
      body: {
        params: {
          name: 'disk check (nightly)', description: 'df, then a word', scriptContent: 'df -h\necho done',
          platform: 'Linux', scriptType: 'Shell', scriptTimeout: 30, encodingType: 'PlainText',
        },
      },
    },
  ]);
  expect(await apiCalls(sim, 'CreateGuestVmScript')).toHaveLength(1);

  // Edit: only what changed, content in the encoding the script shows.
  await expect(f.script).toHaveValue('df -h\necho done');
  await f.description.fill('df, then two words');
  await f.script.fill('df -h\necho "all done"');
  await f.save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(writes[1]).toEqual({
    method: 'PUT',
    path: `/zstack/v1/scripts/${uuid}/actions`,
    body: { updateGuestVmScript: { description: 'df, then two words', scriptContent: 'df -h\necho "all done"', encodingType: 'PlainText' } },
  });
  const held = (await zstack(sim, 'GET', `/scripts/${uuid}`)).json.inventories[0];
  expect([held.name, held.description, held.scriptContent, held.scriptTimeout]).toEqual(['disk check (nightly)', 'df, then two words', 'df -h\necho "all done"', 30]);

  // The server has now shown encodingType: a second script goes as Base64, and reads back decoded.
  await page.getByRole('link', { name: 'Back to the library' }).click();
  await page.getByRole('link', { name: 'New script' }).click();
  await f.name.fill('second');
  await f.script.fill('echo 中文\tand a tab');
  await f.save.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('second');
  const second = writes[2].body as Json;
  expect(second.params.encodingType).toBe('Base64');
  expect(Buffer.from(second.params.scriptContent, 'base64').toString('utf8')).toBe('echo 中文\tand a tab');
  await expect(f.script).toHaveValue('echo 中文\tand a tab');
  const secondUuid = new URL(page.url()).pathname.split('/').pop()!;

  // Delete, after the question; deleteMode=Permissive, no body.
  await page.goto(`/scripts/${uuid}`);
  await sim.clearRequests();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this script?' });
  await expect(dialog).toContainText('disk check (nightly)');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL('/scripts');
  await expect(page.getByRole('status').filter({ hasText: 'Script deleted.' })).toBeVisible();
  const deletes = await apiCalls(sim, 'DeleteGuestVmScript');
  expect(deletes.map((r) => [r.method, r.path, r.query])).toEqual([['DELETE', `/zstack/v1/scripts/${uuid}`, 'deleteMode=Permissive']]);
  expect(writes.at(-1)).toEqual({ method: 'DELETE', path: `/zstack/v1/scripts/${uuid}?deleteMode=Permissive`, body: null });
  const left = (await zstack(sim, 'GET', '/scripts')).json.inventories.map((s: Json) => s.uuid);
  expect(left).toEqual([secondUuid]);
});

test('a 5.2/5.3 server: no encodingType is sent once its scripts show none', async ({ page, sim, signedIn }) => {
  await sim.config({ scriptEncoding: false });
  const writes = scriptWrites(page);
  await page.goto('/scripts/new');
  const f = form(page);
  await f.name.fill('old-1');
  await f.script.fill('uptime');
  await f.save.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('old-1');
  await page.getByRole('link', { name: 'Back to the library' }).click();
  await page.getByRole('link', { name: 'New script' }).click();
  await f.name.fill('old-2');
  await f.script.fill('hostname');
  await f.save.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('old-2');
  const params = writes.map((w) => (w.body as Json).params);
  expect(params[0].encodingType).toBe('PlainText');
  expect(params[1]).not.toHaveProperty('encodingType');
  expect(params[1].scriptContent).toBe('hostname');
  const held = (await zstack(sim, 'GET', '/scripts')).json.inventories;
  expect(held.map((s: Json) => [s.name, s.scriptContent, 'encodingType' in s])).toEqual([
    ['old-1', 'uptime', false],
    ['old-2', 'hostname', false],
  ]);
});

test('a run on three VMs, one stopped before ZStack starts it: one ExecuteGuestVmScript, followed to its end, each row as ZStack holds it, listed among the runs', async ({ page, sim, signedIn }) => {
  // A slow job leaves time to stop a VM after the console's checks.
  await sim.config({ jobDurationMs: 1500, scriptUploadMs: 600, scriptRunMs: 600 });
  const script = await createScript(sim, { name: 'hello', scriptContent: 'sleep 2\necho hello' });
  const [web, batch, db] = await Promise.all(['web-01', 'batch-06', '数据库-主'].map((n) => sim.vmByName(n)));
  const writes = scriptWrites(page);
  await page.goto(`/scripts/${script.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('hello');
  await choose(page, [web.name, batch.name, db.name]);
  await expect(page.getByTestId('run-check-summary')).toHaveText('3 will run it');
  await sim.clearRequests();
  const sent = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/scripts/${script.uuid}/actions`));
  await page.getByRole('button', { name: 'Run on selected VMs' }).click();
  await sent;
  // Someone else stops batch-06 while ZStack's job has not started the run.
  const stop = await fetch(`${sim.url}/_sim/vm-state`, { method: 'POST', body: JSON.stringify({ uuid: batch.uuid, state: 'Stopped' }) });
  expect(stop.ok).toBeTruthy();

  await expect(page).toHaveURL(/\/scripts\/records\/[0-9a-f]{32}$/, { timeout: 15_000 });
  const record = new URL(page.url()).pathname.split('/').pop()!;
  expect(writes).toEqual([
    { method: 'PUT', path: `/zstack/v1/scripts/${script.uuid}/actions`, body: { executeGuestVmScript: { vmInstanceUuids: [web.uuid, batch.uuid, db.uuid] } } },
  ]);
  expect(await apiCalls(sim, 'ExecuteGuestVmScript')).toHaveLength(1);

  // Followed while Running, to its end.
  const status = page.getByTestId('record-status');
  await expect(status).toHaveText('Running');
  await expect(status).toHaveText('Failed', { timeout: 20_000 });

  // Each VM's row as ZStack holds it.
  const held = await serverDetails(sim, record);
  expect(held).toHaveLength(3);
  for (const vm of [web, batch, db]) {
    const d = held.find((x) => x.vmInstanceUuid === vm.uuid)!;
    await expect(detailRow(page, vm.name).getByTestId('detail-status')).toHaveText(d.status);
    expect(await drawnRow(page, vm.name)).toEqual(heldRow(d));
  }
  expect(heldRow(held.find((x) => x.vmInstanceUuid === web.uuid)!)).toMatchObject({ status: 'Completed', exitCode: '0', stdout: 'hello\n' });
  const stopped = await drawnRow(page, batch.name);
  expect(stopped.status).toBe('Failed');
  expect(stopped.errCause).toContain('current state is Stopped');
  expect(stopped.stdout).toBe('');
  await expect(page.getByTestId('record-groups')).toContainText('2 VMs: same output');
  await expect(page.getByTestId('record-groups')).toContainText('1 could not run');

  // The runs list shows it, with its status.
  const held_record = (await zstack(sim, 'GET', `/scripts/records/${record}`)).json.inventories[0];
  await page.getByRole('link', { name: 'Back to the run list' }).click();
  await expect(page).toHaveURL('/scripts/records');
  const link = page.getByRole('link', { name: held_record.recordName, exact: true });
  await expect(link).toHaveAttribute('href', `/scripts/records/${record}`);
  await expect(page.getByRole('row').filter({ has: link }).getByTestId('run-status')).toHaveText('Failed');
});

test('a second run on a VM whose run is still going is refused before anything is sent', async ({ page, sim, signedIn }) => {
  const web = await sim.vmByName('web-01');
  const long = await createScript(sim, { name: 'long', scriptContent: 'sleep 60' });
  const earlier = await startRun(sim, long.uuid, [web.uuid]);
  const other = await createScript(sim, { name: 'quick', scriptContent: 'uptime' });
  await page.goto(`/scripts/${other.uuid}`);
  await choose(page, [web.name]);
  const verdict = page.getByTestId('run-check').getByRole('listitem').filter({ hasText: web.name }).getByTestId('run-verdict');
  await expect(verdict).toContainText('an earlier run on this VM has not finished');
  await expect(page.getByTestId('run-check-summary')).toHaveText('0 will run it, 1 skipped');
  await expect(verdict.getByRole('link', { name: 'Open that run' })).toHaveAttribute('href', `/scripts/records/${earlier.uuid}`);
  await sim.clearRequests();
  await page.getByRole('button', { name: 'Run on selected VMs' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'None of the chosen VMs can run it: nothing was sent.' })).toBeVisible();
  expect(await apiCalls(sim, 'ExecuteGuestVmScript')).toEqual([]);
  await expect(page).toHaveURL(`/scripts/${other.uuid}`);
});

test('markup in a script name, a VM name and the output is drawn as text', async ({ page, sim, signedIn }) => {
  await sim.config({ scriptUploadMs: 100, scriptRunMs: 100 });
  const fired = noDialogs(page);
  const name = '<img src=x onerror=alert(7)>';
  // ZStack's checks keep such a name out; another client or release may not have.
  const added = await fetch(`${sim.url}/_sim/scripts`, {
    method: 'POST',
    body: JSON.stringify({ name, description: '<script>alert(8)</script>', scriptContent: 'print-markup', platform: 'Linux', scriptType: 'Shell' }),
  });
  expect(added.ok).toBeTruthy();
  const script = await added.json();
  await page.goto('/scripts');
  const link = page.getByRole('link', { name, exact: true });
  await expect(link).toHaveAttribute('href', `/scripts/${script.uuid}`);
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await choose(page, [HOSTILE_VM.name, 'web-01']);
  await expect(page.getByTestId('run-check-summary')).toHaveText('2 will run it');
  await page.getByRole('button', { name: 'Run on selected VMs' }).click();
  await expect(page.getByTestId('record-status')).toHaveText('Succeed', { timeout: 15_000 });
  const row = await drawnRow(page, HOSTILE_VM.name);
  expect(row.stdout).toContain('<script>alert(1)</script><img src=x onerror=alert(2)>');
  await expect(page.getByTestId('record-groups')).toContainText('2 VMs: same output');
  expect(await page.locator('img[src="x"], main script').count()).toBe(0);
  expect(fired).toEqual([]);
});

test('a dead session while a run is followed: sign in, back on the same run, which is followed on', async ({ page, sim, signedIn }) => {
  test.setTimeout(60_000);
  await sim.config({ scriptUploadMs: 300, scriptRunMs: 300 });
  const web = await sim.vmByName('web-01');
  const script = await createScript(sim, { name: 'slow', scriptContent: 'sleep 12\necho back' });
  const run = await startRun(sim, script.uuid, [web.uuid]);
  await page.goto(`/scripts/records/${run.uuid}`);
  const status = page.getByTestId('record-status');
  await expect(status).toHaveText('Running');
  await sim.expireSessions();
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fscripts%2Frecords%2F${run.uuid}$`), { timeout: 15_000 });
  await signInThroughForm(page);
  await expect(page).toHaveURL(`/scripts/records/${run.uuid}`);
  await expect(status).toHaveText('Running');
  await sim.clearRequests();
  // Polling resumed: the record is asked again until it ends.
  await expect(status).toHaveText('Succeed', { timeout: 30_000 });
  expect((await apiCalls(sim, 'QueryGuestVmScriptExecutedRecord')).length).toBeGreaterThan(0);
  expect((await drawnRow(page, web.name)).stdout).toBe('back\n');
});

// ZStack writes a running record's endTime equal to its startTime (its own
// example of ExecuteGuestVmScript's reply shows so, and the simulator follows
// it): a page must not read that as the run having ended.
test('while a run is Running its page and the runs list claim no end time', async ({ page, sim, signedIn }) => {
  const web = await sim.vmByName('web-01');
  const script = await createScript(sim, { name: 'long', scriptContent: 'sleep 60' });
  const run = await startRun(sim, script.uuid, [web.uuid]);
  expect(run.endTime).toBe(run.startTime);
  await page.goto(`/scripts/records/${run.uuid}`);
  await expect(page.getByTestId('record-status')).toHaveText('Running');
  await expect(page.locator('dl.facts dt:text-is("Ended") + dd')).toHaveText('—');
  await page.goto('/scripts/records');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: run.recordName, exact: true }) });
  await expect(row.getByRole('cell').nth(4)).toHaveText('—');
});
