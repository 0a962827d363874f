// boot.js starts the VM page's six reads while the wasm downloads and
// compiles; the app takes those answers instead of asking again.
import { test, expect } from '../fixtures';
import { WEB01 } from './hardening-common';

const READS = [
  ['GET', '/zstack/v1/vm-instances', `q=uuid%3D${WEB01.uuid}`],
  ['GET', `/zstack/v1/vm-instances/${WEB01.uuid}/guest-tools-infos`, undefined],
  ['GET', '/zstack/v1/guesttools', `q=vmInstanceUuid%3D${WEB01.uuid}`],
  ['GET', `/zstack/v1/vm-instances/${WEB01.uuid}/iso-candidates`, undefined],
  ['GET', `/zstack/v1/vm-instances/${WEB01.uuid}/latest-guest-tools`, undefined],
  ['GET', `/zstack/v1/vm-instances/${WEB01.uuid}/qga`, undefined],
] as const;

type Logged = { method: string; path: string; query?: string };
const count = (log: Logged[], [method, path, query]: readonly [string, string, string | undefined]) =>
  log.filter((r) => r.method === method && r.path === path && (query === undefined || r.query === query)).length;

test('a cold load of a VM page: its reads start before the wasm has arrived, each is sent once, the badges show', async ({ page, sim, signedIn }) => {
  await sim.clearRequests();
  await page.goto(`/vms/${WEB01.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WEB01.name);
  const log = await sim.requests();
  for (const read of READS) expect(count(log, read), `${read[1]} ${read[2] ?? ''}`).toBe(1);
  // Started by boot.js: before the wasm's response had ended.
  const timing = await page.evaluate(() => {
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const wasm = res.find((r) => r.name.endsWith('.wasm'))!;
    const api = res.filter((r) => r.name.includes('/zstack/v1/'));
    return { wasmEnd: wasm.responseEnd, firstApi: Math.min(...api.map((r) => r.startTime)) };
  });
  expect(timing.firstApi).toBeLessThan(timing.wasmEnd);
  // Taken once: a refresh asks the network again, and gets today's answer.
  await sim.clearRequests();
  await page.getByRole('button', { name: 'Refresh guest tools state' }).click();
  await expect.poll(async () => count(await sim.requests(), READS[1])).toBe(1);
});

test('a dead session met by the early reads: sign-in with the way back, nothing sent twice', async ({ page, sim, signedIn }) => {
  await sim.expireSessions();
  await sim.clearRequests();
  await page.goto(`/vms/${WEB01.uuid}`);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fvms%2F${WEB01.uuid}$`));
  expect(await page.evaluate(() => localStorage.getItem('zstack.session'))).toBeNull();
  const log = await sim.requests();
  for (const read of READS) expect(count(log, read)).toBeLessThanOrEqual(1);
});

test('another page than a VM page reads nothing early', async ({ page, sim, signedIn }) => {
  await sim.clearRequests();
  await page.goto('/scripts');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const log = await sim.requests();
  expect(log.filter((r) => r.path.includes('/guest-tools-infos') || r.path.endsWith('/qga'))).toEqual([]);
});
