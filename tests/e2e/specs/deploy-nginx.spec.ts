// The production recipe: deploy/nginx.conf in front of dist/ and ZStack.
// scripts/nginx-test.sh starts the simulator and nginx, then runs this file with
// NGINX_URL (the console through nginx) and SIM_URL (the simulator itself).
// Without NGINX_URL every test here is skipped, so the ordinary run is unchanged.
import { createHash } from 'node:crypto';
import type { APIRequestContext, Response } from '@playwright/test';
import { test, expect, signInThroughForm, ADMIN } from '../fixtures';

const NGINX_URL = process.env.NGINX_URL;
const SIM_URL = process.env.SIM_URL;
// 'br' when the brotli modules are loaded, 'gzip' otherwise; unset: either.
const ENCODING = process.env.NGINX_EXPECT_ENCODING;

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg)$/;

test.skip(!NGINX_URL, 'NGINX_URL not set: scripts/nginx-test.sh runs these against nginx');
// Everything goes through nginx; the simulator fixture is never started here.
test.use({ baseURL: NGINX_URL ?? 'http://127.0.0.1:9' });

async function login(http: APIRequestContext): Promise<string> {
  const r = await http.put('/zstack/v1/accounts/login', {
    data: {
      logInByAccount: {
        accountName: ADMIN.account,
        password: createHash('sha512').update(ADMIN.password).digest('hex'),
      },
    },
  });
  expect(r.status(), await r.text()).toBe(200);
  return (await r.json()).inventory.uuid;
}

function expectSecurityHeaders(h: Record<string, string>, what: string) {
  expect(h['content-security-policy'], `${what}: CSP header`).toBe(CSP);
  expect(h['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(h['referrer-policy'], `${what}: referrer policy`).toBe('no-referrer');
}

test('a deep link through nginx: index.html fallback, sign-in, the VM page, and the headers', async ({ page, request }) => {
  // Pick a VM through nginx's /zstack/ proxy (the path is kept).
  const session = await login(request);
  const listed = await request.get('/zstack/v1/vm-instances?limit=100', {
    headers: { Authorization: `OAuth ${session}` },
  });
  expect(listed.status()).toBe(200);
  const vms: Array<{ uuid: string; name: string; state: string }> = (await listed.json()).inventories;
  const vm = vms.find((v) => /^[\x20-\x7e]+$/.test(v.name) && !v.name.includes('<'))!;
  expect(vm, 'a VM with a plain name').toBeTruthy();

  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));

  // A deep link on a fresh browser: nginx has no such file and answers index.html.
  const doc = (await page.goto(`/vms/${vm.uuid}`))!;
  expect(doc.status()).toBe(200);
  const dh = await doc.allHeaders();
  expect(dh['content-type']).toMatch(/^text\/html/);
  expectSecurityHeaders(dh, 'index.html');
  expect(dh['cache-control'], 'index.html is revalidated').toBe('no-cache');

  // No session yet: the sign-in page, which returns to the deep link.
  await expect(page).toHaveURL(new RegExp(`/login\\?next=`));
  await signInThroughForm(page);
  await expect(page).toHaveURL(`/vms/${vm.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(vm.name);
  await expect(page.getByTestId('vm-state')).toHaveText(vm.state);

  // The hashed assets: immutable, the wasm as application/wasm and compressed.
  const wasm = responses.find((r) => r.url().endsWith('.wasm'));
  expect(wasm, 'the .wasm was fetched').toBeTruthy();
  expect(wasm!.status()).toBe(200);
  const wh = await wasm!.allHeaders();
  expect(wh['content-type']).toBe('application/wasm');
  expect(wh['cache-control']).toBe(IMMUTABLE);
  expect(['gzip', 'br']).toContain(wh['content-encoding']);
  if (ENCODING) expect(wh['content-encoding']).toBe(ENCODING);
  expectSecurityHeaders(wh, '.wasm');
  test.info().annotations.push({ type: 'wasm content-encoding', description: wh['content-encoding'] });

  const assets = responses.filter((r) => HASHED.test(new URL(r.url()).pathname));
  const kinds = new Set(assets.map((r) => new URL(r.url()).pathname.split('.').pop()));
  expect([...kinds].sort()).toEqual(expect.arrayContaining(['css', 'js', 'wasm']));
  for (const r of assets) {
    const h = await r.allHeaders();
    expect(h['cache-control'], r.url()).toBe(IMMUTABLE);
    if (r.url().endsWith('.js')) expect(h['content-type'], r.url()).toMatch(/javascript/);
    if (r.url().endsWith('.css')) expect(h['content-type'], r.url()).toMatch(/^text\/css/);
  }

  // The API replies came through the proxy, and carry no cache lifetime of ours.
  const api = responses.filter((r) => new URL(r.url()).pathname.startsWith('/zstack/v1/'));
  expect(api.length).toBeGreaterThan(0);
  for (const r of api) expect((await r.allHeaders())['cache-control'] ?? '', r.url()).not.toContain('immutable');

  // A reload of another route is answered with index.html too, and lists the VMs.
  const list = (await page.goto('/vms'))!;
  expect((await list.allHeaders())['cache-control']).toBe('no-cache');
  await expect(page.getByRole('link', { name: vm.name, exact: true })).toBeVisible();
});

test('nginx: unknown routes fall back, missing assets 404, API errors and big replies pass through whole', async ({ request }) => {
  const route = await request.get('/run?vms=a,b');
  expect(route.status()).toBe(200);
  expect(await route.text()).toContain('name="zstack-api-root"');
  expect(route.headers()['cache-control']).toBe('no-cache');

  // An old hashed name after a redeploy: 404, not HTML, and not cached for a year.
  const gone = await request.get('/zstack-console-0000000000000000.js');
  expect(gone.status()).toBe(404);
  expect(gone.headers()['cache-control']).toBeUndefined();
  expectSecurityHeaders(gone.headers(), '404');

  // ZStack's own errors arrive unchanged, and the path was kept.
  const unmapped = await request.get('/zstack/v1/no-such-api');
  expect(unmapped.status()).toBe(404);
  expect(await unmapped.text()).toContain('/v1/no-such-api');

  // A reply far larger than nginx's in-memory proxy buffers (2 MiB) is not cut.
  expect(SIM_URL, 'SIM_URL: the simulator behind nginx').toBeTruthy();
  const session = await login(request);
  const auth = { headers: { Authorization: `OAuth ${session}` } };
  const via = await request.get('/zstack/v1/images?limit=100000', auth);
  const direct = await request.get(`${SIM_URL}/zstack/v1/images?limit=100000`, auth);
  expect(via.status()).toBe(200);
  const [a, b] = [await via.body(), await direct.body()];
  expect(a.length, 'the big reply is big').toBeGreaterThan(2 * 1024 * 1024);
  expect(a.equals(b), 'the same bytes through nginx as from ZStack').toBe(true);
  expect(via.headers()['content-encoding'] ?? 'identity').toMatch(/gzip|br|identity/);
});
