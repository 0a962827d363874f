// Measure 3: the API requests the detail page makes until it is complete, in
// round trips, with duplicates. trackApi also serves the memory measure.

import { badgeProbe, openWeb01, withPage } from './browser.mjs';
import { simCall, simGet } from './sim.mjs';
import { sleep } from './util.mjs';

/** Tracks the page's API requests: start/end on the browser's clock. */
export function trackApi(page, origin) {
  const reqs = [];
  let inflight = 0;
  let lastActivity = Date.now();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin !== origin || !u.pathname.startsWith('/zstack/')) return;
    inflight++;
    lastActivity = Date.now();
    reqs.push({ request: r, method: r.method(), path: u.pathname, query: u.search.slice(1), done: false });
  });
  const finish = (failed) => (r) => {
    const rec = reqs.find((x) => x.request === r);
    if (!rec) return;
    inflight--;
    lastActivity = Date.now();
    rec.done = true;
    rec.failed = failed;
    const t = r.timing();
    rec.start = t.startTime;
    rec.end = t.startTime + (t.responseEnd >= 0 ? t.responseEnd : 0);
  };
  page.on('requestfinished', finish(false));
  page.on('requestfailed', finish(true));
  return {
    reqs,
    /** Resolves when no API request has been in flight for `quietMs`. */
    async settle(quietMs = 750, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (inflight === 0 && Date.now() - lastActivity >= quietMs) return;
        await sleep(50);
      }
      throw new Error('the page kept making API requests');
    },
  };
}

/** Round trip of each request: 1 + the deepest request that ended before it started. */
function roundTrips(reqs) {
  const sorted = [...reqs].sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    let depth = 0;
    for (const q of sorted) if (q !== r && q.end <= r.start) depth = Math.max(depth, q.round);
    r.round = depth + 1;
  }
  return sorted;
}

// Added to every API answer while the requests are recorded. At zero latency
// an answer can arrive (in 2 ms) before the page has sent the next request of
// the same batch, which would count as a later round trip; with 50 ms, reads
// sent together overlap and a read that waits for another starts >= 50 ms later.
const ROUND_TRIP_LATENCY_MS = 50;

export async function detailRequests(browser, sim, session) {
  await simCall(sim, 'DELETE', '/_sim/requests');
  await simCall(sim, 'POST', '/_sim/config', { latency_ms: ROUND_TRIP_LATENCY_MS });
  try {
    return await withPage(browser, badgeProbe(session), async (page) => {
      const api = trackApi(page, sim.url);
      await openWeb01(page, sim);
      await api.settle(1000);
      const serverLog = await simGet(sim, '/_sim/requests');
      const logRows = (Array.isArray(serverLog) ? serverLog : serverLog.requests).filter((r) => r.path.startsWith('/zstack/'));
      const rows = roundTrips(api.reqs.filter((r) => r.done)).map((r) => {
        // The simulator's name for the API, matched on method, path and query.
        const i = logRows.findIndex((l) => l.method === r.method && l.path === r.path && (l.query ?? '') === r.query);
        const l = i >= 0 ? logRows.splice(i, 1)[0] : null;
        return { method: r.method, path: r.path, query: r.query, api: l?.api ?? '?', status: l?.status ?? null, start: r.start, end: r.end, round: r.round };
      });
      const t0 = Math.min(...rows.map((r) => r.start));
      const seen = new Map();
      for (const r of rows) {
        const key = `${r.method} ${r.path}?${r.query}`;
        r.duplicate = seen.has(key);
        seen.set(key, (seen.get(key) ?? 0) + 1);
        r.startMs = r.start - t0;
        r.endMs = r.end - t0;
      }
      return {
        requests: rows.map(({ start, end, ...keep }) => keep),
        roundTrips: Math.max(0, ...rows.map((r) => r.round)),
        // What the badges need is all but the drives' ISO names (QueryImage,
        // which needs the VM's answer first: one round trip later by design).
        badgeRoundTrips: Math.max(0, ...rows.filter((r) => r.api !== 'QueryImage').map((r) => r.round)),
        isoNamesRound: Math.max(0, ...rows.filter((r) => r.api === 'QueryImage').map((r) => r.round)) || null,
        duplicates: rows.filter((r) => r.duplicate).map((r) => `${r.method} ${r.path}${r.query ? '?' + r.query : ''}`),
        latencyMs: ROUND_TRIP_LATENCY_MS,
      };
    });
  } finally {
    // The later measures run at zero latency again.
    await simCall(sim, 'POST', '/_sim/config', { latency_ms: 0 });
  }
}
