// Hostile text: markup and script in everything the server (or the guest, or
// the address bar) puts on screen is shown as text and never runs. Each test
// checks the literal payload in textContent, then that no dialog opened, no
// element was made from the text, nothing fetched "x", and window.__pwned was
// never set.
import { test, expect, signInThroughForm } from '../fixtures';
import { HOSTILE_ISO, HOSTILE_VM, WEB01, openConsole, textOf, watchForInjection, zstackError, gotoApp } from './hardening-common';

const P = {
  version: '<img src=x onerror=window.__pwned=1>',
  featureKey: '<b>k</b>',
  featureValue: '<script>window.__pwned=2</script>',
  status: '<svg onload=window.__pwned=3>',
  qga: '<img src=x onerror=window.__pwned=4>',
  zwatch: '<iframe src="javascript:window.__pwned=5"></iframe>',
  code: 'SYS.1000<img src=x onerror=window.__pwned=6>',
  description: '<script>window.__pwned=7</script>',
  details: '<img src=x onerror=window.__pwned=8>',
  cause: '<b onmouseover=window.__pwned=9>cause</b>',
  restText: 'bad parameter <img src=x onerror=window.__pwned=10>',
  jobText: 'the job <script>window.__pwned=11</script> has been expired',
  echo: '<img src=x onerror=window.__pwned=12>',
  search: '<img src=x onerror=window.__pwned=13>',
  login: '<img src=x onerror=window.__pwned=14>',
};

test('VM names and descriptions: list, heading, summary, checkbox label and the multi-VM page', async ({ page, sim, signedIn }) => {
  const guard = await watchForInjection(page);
  await gotoApp(page, '/vms');
  const link = page.getByRole('link', { name: HOSTILE_VM.name, exact: true });
  await expect(link).toBeVisible();
  expect(await textOf(link)).toBe(HOSTILE_VM.name);
  await expect(page.getByRole('checkbox', { name: `Select ${HOSTILE_VM.name}` })).toBeVisible();

  await link.click();
  await expect(page).toHaveURL(`/vms/${HOSTILE_VM.uuid}`);
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText(HOSTILE_VM.name);
  expect(await textOf(h1)).toBe(HOSTILE_VM.name);
  expect(await textOf(page.getByTestId('vm-description'))).toBe('<script>alert(1)</script>');
  await guard.expectNothingRan();

  await gotoApp(page, `/run?vms=${HOSTILE_VM.uuid},${WEB01.uuid}`);
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('cell', { name: HOSTILE_VM.name, exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'Command' }).fill('print-markup');
  await page.getByRole('button', { name: 'Run on all' }).click();
  const groups = page.getByTestId('multi-groups');
  await expect(groups).toBeVisible();
  // A single group opens by itself; more start closed.
  if ((await groups.locator('details[open]').count()) === 0) await groups.locator('summary').first().click();
  await expect(groups).toContainText(HOSTILE_VM.name);
  await expect(groups.getByTestId('console-stdout').first()).toContainText('<script>alert(1)</script>');
  await guard.expectNothingRan();
});

test('ISO names: a candidate and an attached ISO with markup in the name', async ({ page, sim, signedIn }) => {
  const guard = await watchForInjection(page);
  const uuid = await sim.login();
  // Put the markup-named ISO in web-01's empty drive, straight through the API.
  const attach = await fetch(`${sim.url}/zstack/v1/vm-instances/${HOSTILE_VM.uuid}/iso/${HOSTILE_ISO.uuid}`, {
    method: 'POST',
    headers: { Authorization: `OAuth ${uuid}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(attach.status).toBe(202);
  // Until the VM's drive holds it (the ISO itself is in the world all along):
  // the page reads the VM at once, while the wasm still loads.
  await expect
    .poll(async () => {
      const r = await fetch(`${sim.url}/zstack/v1/vm-instances?q=uuid%3D${HOSTILE_VM.uuid}`, { headers: { Authorization: `OAuth ${uuid}` } });
      return JSON.stringify((await r.json()).inventories?.[0]?.vmCdRoms ?? []);
    })
    .toContain(HOSTILE_ISO.uuid);
  await gotoApp(page, `/vms/${HOSTILE_VM.uuid}`);
  const iso = page.getByRole('region', { name: 'ISO' });
  const attached = iso.getByTestId('attached-isos');
  await expect(attached).toContainText(HOSTILE_ISO.name);
  await expect(iso.getByRole('button', { name: `Detach ${HOSTILE_ISO.name}` })).toBeVisible();
  await guard.expectNothingRan();

  // And as a candidate on a VM of the same zone.
  await gotoApp(page, `/vms/${WEB01.uuid}`);
  const option = page.getByRole('region', { name: 'ISO' }).getByRole('option', { name: HOSTILE_ISO.name });
  await expect(option).toBeVisible();
  expect(await textOf(option)).toContain(HOSTILE_ISO.name);
  await guard.expectNothingRan();
});

test('tool versions, statuses, feature keys and values, agent states', async ({ page, sim, signedIn }) => {
  const guard = await watchForInjection(page);
  await sim.fault({
    api: 'GetVmGuestToolsInfo',
    status: 200,
    content_type: 'application/json',
    times: 100,
    body: JSON.stringify({ version: P.version, status: P.status, features: { [P.featureKey]: P.featureValue, pvpanic: 'enable' } }),
  });
  await sim.fault({
    api: 'QueryGuestToolsState',
    status: 200,
    content_type: 'application/json',
    times: 100,
    body: JSON.stringify({
      inventories: [{ vmInstanceUuid: WEB01.uuid, qgaState: P.qga, zwatchState: P.zwatch, version: P.version, platform: 'Linux' }],
    }),
  });
  await gotoApp(page, `/vms/${WEB01.uuid}`);
  const tools = page.getByRole('region', { name: 'Guest tools' });
  await expect(tools.getByTestId('tools-version')).toHaveText(P.version);
  expect(await textOf(tools.getByTestId('tools-status'))).toBe(P.status);
  const features = tools.getByTestId('tools-features');
  await expect(features).toContainText(`${P.featureKey}: ${P.featureValue}`);
  await expect(features).toContainText('pvpanic: enable');
  expect(await textOf(tools.getByTestId('qga-state'))).toBe(P.qga);
  expect(await textOf(tools.getByTestId('zwatch-state'))).toBe(P.zwatch);
  await guard.expectNothingRan();
});

test('error codes, descriptions, details and causes; plain-text and expired-job messages', async ({ page, sim, signedIn }) => {
  const guard = await watchForInjection(page);
  await sim.fault({
    api: 'GetVmGuestToolsInfo',
    status: 503,
    content_type: 'application/json',
    times: 100,
    body: JSON.stringify({
      error: { code: P.code, description: P.description, details: P.details, cause: { code: 'SYS.1006', description: P.cause } },
    }),
  });
  await gotoApp(page, `/vms/${WEB01.uuid}`);
  const toolsAlert = page.getByRole('region', { name: 'Guest tools' }).getByRole('alert');
  await expect(toolsAlert).toContainText(`${P.code}: ${P.description}`);
  await expect(toolsAlert).toContainText(P.details);
  await expect(toolsAlert).toContainText(P.cause);

  const c = await openConsole(page);
  await c.box.fill('hostname');
  await sim.fault({ api: 'ExecuteGuestVmCommand', status: 400, body: P.restText, content_type: 'text/plain' });
  await c.run.click();
  await expect(c.alert).toContainText(`400 Bad Request: ${P.restText}`);

  await sim.fault({ api: 'ExecuteGuestVmCommand', on_job_poll: true, status: 404, body: P.jobText, content_type: 'text/plain' });
  await c.run.click();
  await expect(c.alert).toContainText(P.jobText);

  await sim.fault({ api: 'ExecuteGuestVmCommand', status: 503, content_type: 'application/json', body: zstackError(P.code, P.description, P.details) });
  await c.run.click();
  await expect(c.alert).toContainText(`${P.code}: ${P.description}`);
  await expect(c.alert).toContainText(P.details);
  // The failures are in the history too, as text.
  await expect(c.region.getByTestId('console-history')).toContainText(P.code);
  await guard.expectNothingRan();
});

test('command output and the typed command: print-markup, an echoed payload, the history', async ({ page, sim, signedIn }) => {
  const guard = await watchForInjection(page);
  const c = await openConsole(page);
  await c.box.fill('print-markup');
  await c.run.click();
  const stdout = c.region.getByTestId('console-stdout');
  await expect(stdout).toContainText('<script>alert(1)</script><img src=x onerror=alert(2)>');
  await c.region.locator('summary', { hasText: 'Raw stream' }).click();
  await expect(c.region.getByTestId('console-output')).toContainText('<img src=x onerror=alert(2)>');

  await c.box.fill(`echo ${P.echo}`);
  await c.run.click();
  await expect(stdout).toHaveText(P.echo);
  await c.box.fill(P.echo);
  await c.run.click();
  await expect(c.region.getByTestId('console-stderr')).toContainText('bash: <img: command not found');
  await expect(c.region.getByTestId('console-history')).toContainText(P.echo);
  await guard.expectNothingRan();
});

test('text the user typed and the address bar: search, a markup UUID, a sign-in error', async ({ page, sim }) => {
  const guard = await watchForInjection(page);
  await sim.fault({ api: 'LogInByAccount', status: 503, content_type: 'application/json', body: zstackError('ID.1000', P.login, P.login) });
  await gotoApp(page, '/login');
  await signInThroughForm(page);
  await expect(page.getByRole('alert')).toContainText(`ID.1000: ${P.login}`);
  await signInThroughForm(page);
  await expect(page).toHaveURL(/\/vms$/);

  await page.getByRole('searchbox', { name: 'Search VMs' }).fill(P.search);
  await expect(page.getByTestId('vm-empty')).toHaveText(`No VM name contains “${P.search}”.`);

  await gotoApp(page, `/vms/${encodeURIComponent('<img src=x onerror=window.__pwned=15>')}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VM not found');
  await expect(page.getByRole('alert')).toContainText('is not a VM UUID');
  await guard.expectNothingRan();
});
