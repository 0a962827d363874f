// The session token: sent only to the API root on this origin, in the
// Authorization header (never in a page URL, a query or another host), kept
// nowhere but localStorage `zstack.session`, and gone after sign-out or ID.1001.
import { test, expect, signInThroughForm } from '../fixtures';
import type { Page, Request } from '@playwright/test';
import { openConsole, SESSION_DEAD, WEB01, gotoApp } from './hardening-common';

type Seen = { url: string; method: string; auth?: string };

function record(page: Page) {
  const seen: Seen[] = [];
  const pages: string[] = [];
  page.on('request', (r: Request) => seen.push({ url: r.url(), method: r.method(), auth: r.headers()['authorization'] }));
  page.on('framenavigated', (f) => pages.push(f.url()));
  return { seen, pages };
}

async function storedSession(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('zstack.session'));
}

/** Everything in both storages except the session itself. */
async function otherStorage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const s of [localStorage, sessionStorage]) {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i)!;
        if (k !== 'zstack.session') out.push(`${k}=${s.getItem(k)}`);
      }
    }
    return out.join('\n');
  });
}

function checkRequests(seen: Seen[], origin: string, token: string) {
  const api = `${origin}/zstack/v1/`;
  const http = seen.filter((r) => /^https?:/.test(r.url));
  expect(http.length).toBeGreaterThan(5);
  // No request left this origin (the job locations name 127.0.0.2:9).
  expect(http.filter((r) => new URL(r.url).origin !== origin).map((r) => r.url)).toEqual([]);
  // The token rides only in the Authorization header of API calls.
  for (const r of http) {
    if (r.auth !== undefined) {
      expect(r.url.startsWith(api), `Authorization sent to ${r.url}`).toBe(true);
      expect(r.auth).toBe(`OAuth ${token}`);
    }
  }
  // In a URL only where ZStack's API puts it: LogOut's path, DELETE /accounts/sessions/{uuid}.
  const inUrl = http.filter((r) => r.url.includes(token));
  for (const r of inUrl) {
    expect(`${r.method} ${r.url}`).toBe(`DELETE ${api}accounts/sessions/${token}`);
  }
  return http;
}

test('signed in, working and signed out: the token goes only to the API root, and is gone after', async ({ page, sim, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const { seen, pages } = record(page);
  await gotoApp(page, '/login');
  await signInThroughForm(page);
  await expect(page).toHaveURL(/\/vms$/);
  const token = JSON.parse((await storedSession(page))!).uuid as string;
  expect(token).toMatch(/^[0-9a-f]{32}$/);

  // A command run as a job: its location names the management node's own address.
  const c = await openConsole(page);
  await c.box.fill('hostname');
  await c.run.click();
  await expect(c.region.getByTestId('console-stdout')).toHaveText(/web-01/);
  expect((await sim.requests()).some((r) => r.path.startsWith('/zstack/v1/api-jobs/'))).toBe(true);
  const batch = await sim.vmByName('batch-06');
  await gotoApp(page, `/run?vms=${WEB01.uuid},${batch.uuid}`);
  await page.getByRole('textbox', { name: 'Command' }).fill('whoami');
  await page.getByRole('button', { name: 'Run on all' }).click();
  await expect(page.getByTestId('multi-groups')).toBeVisible();

  expect(await otherStorage(page)).not.toContain(token);
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(token);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await storedSession(page)).toBeNull();
  expect(await otherStorage(page)).not.toContain(token);

  const http = checkRequests(seen, origin, token);
  expect(http.filter((r) => r.method === 'DELETE' && r.url.includes(token))).toHaveLength(1);
  expect(http.some((r) => r.auth && r.url.includes('/api-jobs/'))).toBe(true);
  expect(pages.filter((u) => u.includes(token))).toEqual([]);
});

test('ID.1001: the token is dropped at once and never sent again', async ({ page, sim, signedIn, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await page.addInitScript(() => localStorage.setItem('zstack.toolsRefreshSeconds', '1'));
  const { seen } = record(page);
  const c = await openConsole(page);
  await c.box.fill('hostname');
  await sim.fault({ api: 'ExecuteGuestVmCommand', ...SESSION_DEAD });
  await c.run.click();
  await expect(page).toHaveURL(/\/login\?next=/);
  expect(await storedSession(page)).toBeNull();
  const after = seen.length;
  // The page's timers are gone with it: nothing more carries the dead token.
  await page.waitForTimeout(2_500);
  expect(seen.slice(after).filter((r) => r.auth).map((r) => r.url)).toEqual([]);
  expect(await otherStorage(page)).not.toContain(signedIn);
  checkRequests(seen, origin, signedIn);
});

test('a job location on another host is followed on this origin only', async ({ page, sim, signedIn, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const { seen } = record(page);
  const c = await openConsole(page);
  await c.box.fill('hostname');
  await sim.fault({
    api: 'ExecuteGuestVmCommand',
    status: 202,
    content_type: 'application/json',
    body: JSON.stringify({ location: 'https://evil.example:8443/zstack/v1/api-jobs/0123456789abcdef0123456789abcdef', apiTimeout: 60000 }),
  });
  await c.run.click();
  // Polled at /zstack/v1/api-jobs/... here, where the simulator knows no such job.
  await expect(c.alert).toContainText('The job has expired');
  const polls = seen.filter((r) => r.url.includes('/api-jobs/0123456789abcdef0123456789abcdef'));
  expect(polls.length).toBeGreaterThan(0);
  for (const p of polls) expect(p.url.startsWith(`${origin}/zstack/v1/api-jobs/`)).toBe(true);

  await sim.fault({
    api: 'ExecuteGuestVmCommand',
    status: 202,
    content_type: 'application/json',
    body: JSON.stringify({ location: '//evil.example/steal?token=1' }),
  });
  await c.run.click();
  await expect(c.alert).toContainText('could not be read');
  checkRequests(seen, origin, signedIn);
});
