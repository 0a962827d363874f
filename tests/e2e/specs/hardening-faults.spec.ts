// The fault matrix: each row injects one failure with the simulator, on a
// command run from a VM page, and checks what the user notices: a plain
// message in role=alert (ZStack's code, or the HTTP status and its reason
// phrase), the page still working, the typed command still in the box, and a
// retry that gets the guest's answer.
import { test, expect, signInThroughForm } from '../fixtures';
import { openConsole, clearFaults, ConsoleRegion, SESSION_DEAD, WEB01, gotoApp } from './hardening-common';

const EXEC = 'ExecuteGuestVmCommand';
const JSON_TYPE = 'application/json';

test.describe('fault matrix on a command run', () => {
  for (const where of ['the call', 'a job poll'] as const) {
    test(`ID.1001 during ${where}: sent to sign-in, back with the command in the box`, async ({ page, sim, signedIn }) => {
      const c = await openConsole(page);
      await c.box.fill('uname -a');
      await sim.fault({ api: EXEC, on_job_poll: where === 'a job poll', ...SESSION_DEAD });
      await c.run.click();
      await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fvms%2F${WEB01.uuid}$`));
      expect(await page.evaluate(() => localStorage.getItem('zstack.session'))).toBeNull();
      await signInThroughForm(page);
      await expect(page).toHaveURL(`/vms/${WEB01.uuid}`);
      const again = new ConsoleRegion(page, page.getByRole('region', { name: 'Command console' }));
      await expect(again.box).toHaveValue('uname -a');
      await expect(again.run).toBeEnabled();
      await again.box.fill('hostname');
      await again.retryWorks(sim, 'hostname');
    });
  }

  test('a job that stays at 202 past the wait: a deadline, not a generic error', async ({ page, sim, signedIn }) => {
    // The console waits for the command's timeout plus a 30 s margin; the
    // test shortens the margin (not the command's own timeout).
    await page.addInitScript(() => localStorage.setItem('zstack.waitMarginSeconds', '0'));
    const c = await openConsole(page);
    await c.box.fill('hostname');
    await c.timeout.fill('10');
    await sim.fault({ api: EXEC, on_job_poll: true, status: 202, body: '{}', content_type: JSON_TYPE, times: 1000 });
    const started = Date.now();
    await c.run.click();
    await expect(c.region.getByTestId('console-status')).toContainText('Running for');
    // Polls back off up to 5 s and never overshoot the budget, so it stops in the last 5 s of it.
    await expect(c.alert).toContainText(/No result after \d+ s/, { timeout: 15_000 });
    await expect(c.alert).toContainText('may still be running in the guest');
    await expect(c.alert).not.toContainText(/error|failed/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    const polls = (await sim.requests()).filter((r) => r.path.startsWith('/zstack/v1/api-jobs/'));
    expect(polls.length).toBeGreaterThan(2);
    await c.retryWorks(sim, 'hostname');
  });

  test('a job that vanishes (404 on the poll): says the job expired', async ({ page, sim, signedIn }) => {
    const c = await openConsole(page);
    await c.box.fill('hostname');
    await sim.fault({ api: EXEC, on_job_poll: true, status: 404, body: 'the job has been expired', content_type: 'text/plain' });
    await c.run.click();
    await expect(c.alert).toContainText('The job has expired');
    await c.retryWorks(sim, 'hostname');
  });

  const plain = [
    { status: 400, phrase: 'Bad Request', body: "Invalid JSON body: Unexpected character ('}' (code 125))" },
    { status: 404, phrase: 'Not Found', body: 'no api mapping to /v1/vm-instances/commands/exec' },
    { status: 405, phrase: 'Method Not Allowed', body: 'The method[PUT] is not allowed for the path[/v1/vm-instances/commands/exec]' },
    { status: 500, phrase: 'Internal Server Error', body: 'java.lang.NullPointerException\n\tat org.zstack.rest.RestServer.handleApi(RestServer.java:711)' },
  ];
  for (const row of plain) {
    test(`plain-text ${row.status} from the REST layer: "${row.status} ${row.phrase}" and its text`, async ({ page, sim, signedIn }) => {
      const c = await openConsole(page);
      await c.box.fill('hostname');
      await sim.fault({ api: EXEC, status: row.status, body: row.body, content_type: 'text/plain' });
      await c.run.click();
      await expect(c.alert).toContainText(`${row.status} ${row.phrase}`);
      await expect(c.alert).toContainText(row.body.split('\n')[0]);
      await c.retryWorks(sim, 'hostname');
    });
  }

  for (const row of [
    { status: 502, phrase: 'Bad Gateway' },
    { status: 504, phrase: 'Gateway Timeout' },
  ]) {
    test(`${row.status} with a proxy's HTML page: "${row.status} ${row.phrase}", not the HTML`, async ({ page, sim, signedIn }) => {
      const html =
        `<html>\r\n<head><title>${row.status} ${row.phrase}</title></head>\r\n<body>\r\n` +
        `<center><h1>${row.status} ${row.phrase}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n`;
      const c = await openConsole(page);
      await c.box.fill('hostname');
      await sim.fault({ api: EXEC, status: row.status, body: html, content_type: 'text/html' });
      await c.run.click();
      await expect(c.alert).toContainText(`${row.status} ${row.phrase}`);
      await expect(c.alert).toContainText('proxy');
      const text = (await c.alert.textContent()) ?? '';
      expect(text).not.toContain('nginx');
      expect(text).not.toContain('<');
      await expect(c.alert.locator('h1, center, hr')).toHaveCount(0);
      await c.retryWorks(sim, 'hostname');
    });
  }

  const unreadable = [
    { what: 'malformed JSON', body: '{"stream": "standardStream: web-01, errorStre', on_job_poll: false },
    { what: 'an empty 200 body', body: '', on_job_poll: false },
    { what: 'an empty 200 body as the job result', body: '', on_job_poll: true },
    { what: 'valid JSON of the wrong shape (a query reply)', body: '{"inventories":[{"uuid":"fd7712231295a599852c4b50455a8554"}],"total":1}', on_job_poll: false },
    { what: 'valid JSON of the wrong shape (stream is a number)', body: '{"stream": 42}', on_job_poll: false },
    { what: 'valid JSON of the wrong shape (an array)', body: '[1, 2, 3]', on_job_poll: true },
  ];
  for (const row of unreadable) {
    test(`${row.what}: "could not be read", no empty output shown as a result`, async ({ page, sim, signedIn }) => {
      const c = await openConsole(page);
      await c.box.fill('hostname');
      await sim.fault({ api: EXEC, on_job_poll: row.on_job_poll, status: 200, body: row.body, content_type: JSON_TYPE });
      await c.run.click();
      await expect(c.alert).toContainText("The server's reply could not be read (200 OK)");
      await expect(c.region.getByTestId('console-output')).toHaveCount(0);
      await expect(c.region.getByTestId('console-status')).not.toContainText('Finished');
      await c.retryWorks(sim, 'hostname');
    });
  }

  // The simulator's control API takes bodies up to 2 MB, so the browser itself answers these.
  test('a 500 of several MB: the alert shows its start only, the page stays responsive', async ({ page, sim, signedIn }) => {
    const trace = 'java.lang.OutOfMemoryError: Java heap space\n' + '\tat org.zstack.core.SomeClass.method(SomeClass.java:42)\n'.repeat(80_000);
    expect(trace.length).toBeGreaterThan(4_000_000);
    const c = await openConsole(page);
    await c.box.fill('hostname');
    await page.route('**/zstack/v1/vm-instances/commands/exec', (route) =>
      route.fulfill({ status: 500, contentType: 'text/plain', body: trace }),
    );
    await c.run.click();
    await expect(c.alert).toContainText('500 Internal Server Error: java.lang.OutOfMemoryError');
    const shown = (await c.alert.textContent()) ?? '';
    expect(shown.length).toBeLessThan(2_000);
    await page.unrouteAll();
    await c.retryWorks(sim, 'hostname');
  });

  test('a successful reply of several MB is shown in full', async ({ page, sim, signedIn }) => {
    const out = ('x'.repeat(99) + '\n').repeat(50_000); // 5 MB
    const c = await openConsole(page);
    await c.box.fill('hostname');
    await page.route('**/zstack/v1/vm-instances/commands/exec', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ stream: `standardStream: ${out}, errorStream: `, success: true }),
      }),
    );
    await c.run.click();
    await expect(c.region.getByTestId('console-stdout')).toBeVisible({ timeout: 15_000 });
    // Long output is virtualised: the pane holds all of it, the DOM the lines in view.
    const pane = c.region.getByTestId('console-stdout');
    expect(Number(await pane.getAttribute('data-chars'))).toBeGreaterThanOrEqual(out.length - 1);
    expect(Number(await pane.getAttribute('data-lines'))).toBeGreaterThanOrEqual(50_000);
    await pane.evaluate((e) => (e.scrollTop = e.scrollHeight));
    await expect(pane.locator('pre')).toContainText('x'.repeat(99));
    await page.unrouteAll();
    await c.retryWorks(sim, 'hostname');
  });

  for (const where of ['the call', 'a job poll'] as const) {
    test(`the network down during ${where} (connection closed), then back`, async ({ page, sim, signedIn }) => {
      const c = await openConsole(page);
      await c.box.fill('hostname');
      // Chromium retries a request once on a connection closed without an answer, so drop every try.
      await sim.fault({ api: EXEC, on_job_poll: where === 'a job poll', drop: true, times: 20 });
      await c.run.click();
      await expect(c.alert).toContainText('Network error');
      await expect(c.alert).toContainText('Could not reach the management node');
      await c.retryWorks(sim, 'hostname');
    });
  }

  test('a command call that never answers: given up at the wait budget, then a retry works', async ({ page, sim, signedIn }) => {
    await page.addInitScript(() => localStorage.setItem('zstack.waitMarginSeconds', '0'));
    const c = await openConsole(page);
    await c.box.fill('hostname');
    await c.timeout.fill('10');
    await sim.fault({ api: EXEC, hang: true });
    await c.run.click();
    await expect(c.alert).toContainText(/No result after 1\d s/, { timeout: 15_000 });
    await c.retryWorks(sim, 'hostname');
  });

  test('the same Run clicked twice in one go sends one command', async ({ page, sim, signedIn }) => {
    const c = await openConsole(page);
    await c.box.fill('hostname');
    await sim.clearRequests();
    await c.run.evaluate((b: HTMLButtonElement) => {
      b.click();
      b.click();
    });
    await expect(c.region.getByTestId('console-stdout')).toHaveText(/web-01/);
    await c.run.dblclick();
    await expect(c.region.getByTestId('console-status')).toContainText('Finished');
    await page.waitForTimeout(300);
    const execs = (await sim.requests()).filter((r) => r.path.endsWith('/commands/exec'));
    expect(execs).toHaveLength(2);
  });
});

test.describe('faults outside the command console', () => {
  test('a read slower than the client timeout: "no answer", and Refresh works after', async ({ page, sim, signedIn }) => {
    // The per-request timeout is 30 s; the test sets 2 s the same way a demo would.
    await page.addInitScript(() => localStorage.setItem('zstack.requestTimeoutMs', '2000'));
    await gotoApp(page, `/vms/${WEB01.uuid}`);
    const tools = page.getByRole('region', { name: 'Guest tools' });
    await expect(tools.getByTestId('qga-state')).toHaveText('Running');
    await sim.fault({ api: 'UpdateGuestToolsState', hang: true });
    const refresh = tools.getByRole('button', { name: 'Refresh guest tools state' });
    await refresh.click();
    await expect(tools.getByRole('alert')).toContainText('No answer from the server after 2 s', { timeout: 6_000 });
    await expect(refresh).toBeEnabled();
    await refresh.click();
    await expect(tools.getByRole('alert')).toHaveCount(0);
    await expect(tools.getByTestId('qga-state')).toHaveText('Running');
  });

  test('Refresh, Attach guest tools ISO, Sign in and Sign out clicked twice in one go send one request each', async ({ page, sim }) => {
    const once = async (name: string) => {
      await page.getByRole('button', { name, exact: true }).evaluate((b: HTMLButtonElement) => {
        b.click();
        b.click();
      });
    };
    await gotoApp(page, '/login');
    await page.getByRole('textbox', { name: 'Account name' }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('password');
    await once('Sign in');
    await expect(page).toHaveURL(/\/vms$/);

    const fresh = { uuid: 'c91d150c319c34a095c68e6fde93ee91' }; // fresh-05: tools not installed
    await gotoApp(page, `/vms/${fresh.uuid}`);
    const tools = page.getByRole('region', { name: 'Guest tools' });
    await expect(tools.getByRole('button', { name: 'Attach guest tools ISO' })).toBeEnabled();
    await once('Refresh guest tools state');
    await expect(tools.getByRole('button', { name: 'Refresh guest tools state' })).toBeEnabled();
    await once('Attach guest tools ISO');
    await expect(tools.getByTestId('tools-status-message')).toContainText('Guest tools ISO attached');

    await once('Sign out');
    await expect(page).toHaveURL(/\/login/);
    await page.waitForTimeout(300);
    const log = await sim.requests();
    const count = (pred: (r: { method: string; path: string }) => boolean) => log.filter(pred).length;
    expect(count((r) => r.path.endsWith('/accounts/login')), 'LogInByAccount').toBe(1);
    expect(count((r) => r.path.endsWith('/guesttools-state')), 'UpdateGuestToolsState').toBe(1);
    expect(count((r) => r.method === 'PUT' && r.path.endsWith(`/${fresh.uuid}/actions`)), 'AttachGuestToolsIsoToVm').toBe(1);
    expect(count((r) => r.method === 'DELETE' && r.path.includes('/accounts/sessions/')), 'LogOut').toBe(1);
  });
});

test.afterEach(async ({ sim }) => {
  await clearFaults(sim);
});
