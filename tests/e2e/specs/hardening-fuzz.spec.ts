// No panic: a few hundred random answers (seeded, so a failure replays) to the
// detail page's reads. The console must keep working: no crash screen, no
// uncaught error, the heading always there, and a normal load afterwards works.
import { test, expect } from '../fixtures';
import type { Route } from '@playwright/test';
import { WEB01, gotoApp } from './hardening-common';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2024);
const RESPONSES = Number(process.env.FUZZ_RESPONSES ?? 320);
const OTHER = { name: 'batch-06', uuid: '2fb9c093df3106c83dbfcb0c86f685ac' };

/** mulberry32: small, fast, good enough to replay. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

// Raw JSON texts that JSON.stringify cannot make: numbers past every range.
const HUGE = ['1e999', '-1e999', '18446744073709551616', '123456789012345678901234567890', '-9223372036854775809', '1.7976931348623157e309', '0.0000000000000000000000001', '-0', '4294967296'];
const KEYS = [
  'inventories', 'inventory', 'total', 'uuid', 'name', 'state', 'platform', 'version', 'status', 'features', 'qgaState', 'zwatchState',
  'vmInstanceUuid', 'vmCdRoms', 'isoUuid', 'deviceId', 'vmNics', 'ip', 'mac', 'memorySize', 'cpuNum', 'size', 'actualSize', 'mediaType',
  'format', 'system', 'backupStorageRefs', 'createDate', 'lastOpDate', 'description', 'error', 'code', 'details', 'cause', 'location',
  'guestOsType', 'architecture', 'hostUuid', 'zoneUuid', 'allVolumes', 'pvpanic', '', '\u0000', '💥', '<b>x</b>',
];
const STRINGS = ['', ' ', 'Running', 'Stopped', 'Not Connected', 'NotInstalled', 'ISO', 'Linux', 'Windows', '<script>window.__pwned=1</script>',
  '\u0000\u0001', '\ud800', 'é🙂中文', 'x'.repeat(5000), 'Jan 6, 2017 3:51:16 AM', 'not a date', WEB01.uuid, 'null', '{}', '\\', '"'];

function scalar(r: Rng): string {
  switch (r.int(6)) {
    case 0: return 'null';
    case 1: return r.pick(HUGE);
    case 2: return String(r.pick([0, 1, -1, 2.5, 1e21, Number.MAX_SAFE_INTEGER, 255]));
    case 3: return r.pick(['true', 'false']);
    default: return JSON.stringify(r.pick(STRINGS));
  }
}

function value(r: Rng, depth: number): string {
  if (depth > 4 || r.next() < 0.45) return scalar(r);
  const n = r.int(5);
  if (r.next() < 0.5) return `[${Array.from({ length: n }, () => value(r, depth + 1)).join(',')}]`;
  return `{${Array.from({ length: n }, () => `${JSON.stringify(r.pick(KEYS))}:${value(r, depth + 1)}`).join(',')}}`;
}

/** Replaces some values of a real reply with nulls, huge numbers and wrong types. */
function mutate(r: Rng, real: string): string {
  let text = real;
  const count = 1 + r.int(6);
  for (let i = 0; i < count; i++) {
    const matches = [...text.matchAll(/"([A-Za-z]+)":("(?:[^"\\]|\\.)*"|-?[0-9.eE+-]+|true|false|null|\[\]|\{\})/g)];
    if (!matches.length) break;
    const m = r.pick(matches);
    const replacement = `"${m[1]}":${value(r, 3)}`;
    text = text.slice(0, m.index!) + replacement + text.slice(m.index! + m[0].length);
  }
  return text;
}

function body(r: Rng, real: string): Buffer {
  switch (r.int(8)) {
    case 0: return Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256)));
    case 1: return Buffer.from(value(r, 0));
    case 2: return Buffer.from(real.slice(0, r.int(real.length)));
    case 3: return Buffer.from(r.pick(['', 'null', '[]', '""', '0', 'true', '{}', '{"inventories":null}', '{"inventories":{}}', '{"inventories":[null]}', '{"features":[]}', '\ufeff{}']));
    default: return Buffer.from(mutate(r, real));
  }
}

function status(r: Rng): number {
  return r.next() < 0.75 ? 200 : r.pick([202, 204, 400, 404, 405, 500, 502, 503, 504, 418]);
}

/** The detail page's reads (and polls of jobs a random 202 invents). */
function isDetailRead(url: URL): boolean {
  const p = url.pathname;
  return (
    p === '/zstack/v1/vm-instances' || // QueryVmInstance by uuid: ?q=uuid=...
    /^\/zstack\/v1\/vm-instances\/[0-9a-f]{32}$/.test(p) ||
    p.endsWith('/guest-tools-infos') ||
    p === '/zstack/v1/guesttools' ||
    p.endsWith('/iso-candidates') ||
    p.startsWith('/zstack/v1/api-jobs/')
  );
}

test('hundreds of random answers to the detail page\'s reads: no crash, still usable', async ({ page, sim, signedIn }) => {
  test.setTimeout(90_000);
  test.info().annotations.push({ type: 'fuzz-seed', description: `${SEED} (${RESPONSES} responses)` });
  const r = prng(SEED);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /panicked|unreachable|RuntimeError/.test(m.text())) problems.push(`console: ${m.text().slice(0, 300)}`);
  });

  // Real replies to mutate, one per kind of read.
  const real = new Map<string, string>();
  let served = 0;
  const kinds: Record<string, number> = {};
  await page.route(
    (url) => isDetailRead(url),
    async (route: Route) => {
      const url = new URL(route.request().url());
      const kind = url.pathname.replace(/[0-9a-f]{32}/g, '{uuid}');
      if (!real.has(kind) && !kind.includes('api-jobs')) {
        const resp = await route.fetch();
        real.set(kind, await resp.text());
        await route.fulfill({ response: resp });
        return;
      }
      served++;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      let s = status(r);
      let b = body(r, real.get(kind) ?? '{}');
      if (s === 202 && r.next() < 0.5) {
        b = Buffer.from(JSON.stringify({ location: `http://10.0.0.1:8080/zstack/v1/api-jobs/${r.int(1e9).toString(16)}` }));
      }
      if (s === 204) b = Buffer.alloc(0);
      await route.fulfill({ status: s, body: b, contentType: r.pick(['application/json', 'text/plain', 'text/html', '']) || undefined });
    },
  );

  await gotoApp(page, `/vms/${WEB01.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WEB01.name, { timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'ISO' })).toBeVisible();
  await expect.poll(() => real.size).toBe(4);

  // Switch between two VMs without reloading: each switch reads all four again.
  const crash = page.locator('#zs-crash');
  let at = OTHER.uuid;
  for (let i = 0; served < RESPONSES && i < 400; i++) {
    const before = served;
    await page.evaluate((u) => {
      history.pushState(null, '', `/vms/${u}`);
      dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, at);
    at = at === OTHER.uuid ? WEB01.uuid : OTHER.uuid;
    if (i % 5 === 4) {
      // Sometimes the buttons too: refresh, and retry a failed VM read.
      // Either may go away as a late answer lands: a missed click is no failure.
      const refresh = page.getByRole('button', { name: 'Refresh guest tools state' });
      await refresh.click({ timeout: 1_000 }).catch(() => {});
      const retry = page.getByRole('button', { name: 'Try again' });
      if (await retry.count()) await retry.first().click({ timeout: 1_000 }).catch(() => {});
    }
    await expect.poll(() => served, { timeout: 5_000 }).toBeGreaterThanOrEqual(before + 4);
    await expect(crash).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    expect(problems).toEqual([]);
  }
  expect(served).toBeGreaterThanOrEqual(RESPONSES);
  console.log(`fuzz: seed ${SEED}, ${served} random answers: ${JSON.stringify(kinds)}`);

  // Back to normal answers: the same page loads as usual, in place and after a reload.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.evaluate((u) => {
    history.pushState(null, '', `/vms/${u}`);
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, at);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(at === WEB01.uuid ? WEB01.name : OTHER.name);
  await gotoApp(page, `/vms/${WEB01.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WEB01.name);
  const tools = page.getByRole('region', { name: 'Guest tools' });
  await expect(tools.getByTestId('tools-status')).toHaveText('Running');
  await expect(tools.getByTestId('qga-state')).toHaveText('Running');
  const c = page.getByRole('region', { name: 'Command console' });
  await c.getByRole('textbox', { name: 'Command' }).fill('hostname');
  await c.getByRole('button', { name: 'Run' }).click();
  await expect(c.getByTestId('console-stdout')).toHaveText(/web-01/);
  await expect(crash).toHaveCount(0);
  expect(problems).toEqual([]);
});
