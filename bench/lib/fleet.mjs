// Measure 7: the VM list over a fleet of 10,000 VMs with 50 ms added to each
// answer: the guest-tools column and "Needs attention" in round trips, a page
// change and a bulk attach on 100 VMs in long tasks, the bulk run's requests
// in flight.

import { withPage } from './browser.mjs';
import { trackApi } from './requests.mjs';
import { simCall } from './sim.mjs';

export const FLEET_VMS = 10_000;
const LATENCY_MS = 50;
const BULK_VMS = 100;

/** Round trip of each request: 1 + the deepest request that ended before it started. */
export function rounds(reqs) {
  const done = reqs.filter((r) => r.done).sort((a, b) => a.start - b.start);
  for (const r of done) {
    let depth = 0;
    for (const q of done) if (q !== r && q.end <= r.start) depth = Math.max(depth, q.round ?? 0);
    r.round = depth + 1;
  }
  return Math.max(0, ...done.map((r) => r.round));
}

/** Long tasks from now on, collected in the page. */
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}
export const longest = (page) => page.evaluate(() => Math.max(0, ...window.__long));

/** Every row of the page on screen has its guest-tools cell filled. */
const columnComplete = (page) =>
  page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('main table tbody tr')];
    return rows.length > 1 && rows.every((r) => r.querySelector('[data-testid=vm-qga-state]'));
  }, null, { timeout: 60_000 });

/** The first VMs in the list's order (by name), as the bulk run selects them. */
async function firstVms(sim, session, n) {
  const q = new URLSearchParams({ limit: String(n), sort: '+name', fields: 'uuid' });
  const r = await fetch(`${sim.url}/zstack/v1/vm-instances?${q}`, { headers: { Authorization: `OAuth ${session}` } });
  if (!r.ok) throw new Error(`listing VMs: ${r.status}`);
  return (await r.json()).inventories.map((v) => v.uuid);
}

export async function fleet(browser, sim, session) {
  const uuids = await firstVms(sim, session, BULK_VMS);
  await simCall(sim, 'POST', '/_sim/config', { latency_ms: LATENCY_MS });
  try {
    const probe = { session };
    // 1. The list with its column, from navigation.
    const column = await withPage(browser, probe, async (page) => {
      const api = trackApi(page, sim.url);
      await page.goto(`${sim.url}/vms`);
      await columnComplete(page);
      // The DOM can show an answer before its request counts as finished.
      await api.settle(500);
      return { roundTrips: rounds(api.reqs), requests: api.reqs.length };
    });
    // 2. "Needs attention", counted, then 3. a page change.
    const attention = await withPage(browser, probe, async (page) => {
      await page.goto(`${sim.url}/vms`);
      await columnComplete(page);
      const api = trackApi(page, sim.url);
      await page.getByRole('combobox', { name: 'Guest tools' }).selectOption('attention');
      await page.waitForFunction(() => /need/.test(document.querySelector('[data-testid=vm-count]')?.textContent ?? ''), null, { timeout: 60_000 });
      await columnComplete(page);
      await api.settle(500);
      const count = (await page.getByTestId('vm-count').textContent()).trim();
      const result = { roundTrips: rounds(api.reqs), requests: api.reqs.length, count };
      await watchLongTasks(page);
      const before = await page.getByTestId('vm-page').textContent();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.waitForFunction((b) => document.querySelector('[data-testid=vm-page]')?.textContent !== b, before, { timeout: 30_000 });
      await columnComplete(page);
      result.pageChangeLongestTaskMs = await longest(page);
      return result;
    });
    // 4. A bulk attach on 100 selected VMs.
    const bulk = await withPage(browser, probe, async (page) => {
      const chosen = uuids.slice(0, BULK_VMS).join(',');
      await page.addInitScript((v) => sessionStorage.setItem('zstack.draft:/vms:selected', JSON.stringify(v)), chosen);
      await page.goto(`${sim.url}/vms`);
      await columnComplete(page);
      let inflight = 0;
      let maxInflight = 0;
      const isBulk = (r) => {
        const u = new URL(r.url());
        return (r.method() === 'PUT' && u.pathname.endsWith('/actions')) || u.pathname.startsWith('/zstack/v1/api-jobs/');
      };
      page.on('request', (r) => {
        if (isBulk(r)) maxInflight = Math.max(maxInflight, ++inflight);
      });
      const done = (r) => {
        if (isBulk(r)) inflight--;
      };
      page.on('requestfinished', done);
      page.on('requestfailed', done);
      await watchLongTasks(page);
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Attach guest tools ISO' }).click();
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-testid=bulk-progress]')?.textContent ?? '';
        return t.startsWith('Finished');
      }, null, { timeout: 120_000 });
      const rows = await page.getByTestId('bulk-outcome').allTextContents();
      return {
        vms: rows.length,
        sent: rows.filter((t) => !/Skipped/.test(t)).length,
        seconds: (Date.now() - t0) / 1000,
        maxInflight,
        longestTaskMs: await longest(page),
      };
    });
    return { vms: FLEET_VMS, latencyMs: LATENCY_MS, column, attention, bulk };
  } finally {
    await simCall(sim, 'POST', '/_sim/config', { latency_ms: 0 });
  }
}
