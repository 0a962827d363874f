// Measure 8: a script run over 2,000 VMs of the fleet (some of which cannot
// run it, so the groups are mixed), with 50 ms added to each answer: the run
// page's status and groups in round trips, scrolling through every VM row in
// long tasks, and, while a run is Running, the requests of each poll against
// the pages of VMs.

import { withPage } from './browser.mjs';
import { longest, rounds } from './fleet.mjs';
import { trackApi } from './requests.mjs';
import { simCall } from './sim.mjs';

export const RUN_VMS = 2_000;
const LATENCY_MS = 50;
/** Polls watched while the run is Running (the first delays are 1, 2, 4 s). */
const POLLS = 3;

/** A ZStack call, an async job followed to its result (as the e2e tests do). */
async function zstack(sim, session, method, path, body) {
  const headers = { Authorization: `OAuth ${session}`, 'Content-Type': 'application/json;charset=UTF-8' };
  let r = await fetch(`${sim.url}/zstack/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 202) {
    const location = (await r.json()).location;
    const job = `${sim.url}${location.slice(location.indexOf('/zstack/v1/api-jobs/'))}`;
    const deadline = Date.now() + 30_000;
    // A job has no push: it is polled until it answers.
    while (r.status === 202 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 20));
      r = await fetch(job, { headers });
    }
  }
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Starts the script on the VMs; the record's uuid. */
async function startRun(sim, session, script, vms) {
  const r = await zstack(sim, session, 'PUT', `/scripts/${script}/actions`, { executeGuestVmScript: { vmInstanceUuids: vms } });
  return r.inventory.uuid;
}

/** The run as the server holds it once it has ended: its status and how many VMs ran. */
async function finishedRun(sim, session, record) {
  const deadline = Date.now() + 60_000;
  let status;
  // The record has no push either; its status is read until it has ended.
  do {
    if (Date.now() > deadline) throw new Error(`run ${record} still ${status} after 60 s`);
    await new Promise((done) => setTimeout(done, 100));
    status = (await zstack(sim, session, 'GET', `/scripts/records/${record}`)).inventories[0].status;
  } while (status === 'Running');
  // A query answers 1,000 rows at most unless told otherwise.
  const details = [];
  for (let start = 0; start === details.length; start += 1000) {
    const q = new URLSearchParams({ q: `recordUuid=${record}`, start: String(start), limit: '1000' });
    details.push(...(await zstack(sim, session, 'GET', `/scripts/records/details?${q}`)).inventories);
  }
  const couldNotRun = details.filter((d) => (d.errCause ?? '').trim() !== '').length;
  return { status, vms: details.length, ran: details.length - couldNotRun, couldNotRun };
}

/** The status and the groups are on the page: Date.now() of that moment. */
async function statusAndGroups(page, status) {
  const shown = await page.waitForFunction((want) => {
    const s = document.querySelector('[data-testid=record-status]')?.textContent.trim();
    const ok = s && (!want || s === want) && document.querySelector('[data-testid=record-groups] .script-groups__summary')?.textContent.trim();
    return ok ? Date.now() : null;
  }, status, { timeout: 60_000 });
  return shown.jsonValue();
}

/** Long tasks from the page's first script on (fleet.mjs' longest() reads them). */
const longTasksFromStart = (page) =>
  page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
const forgetLongTasks = (page) => page.evaluate(() => (window.__long = []));

/**
 * Scrolls the results table from its top to its bottom, most of a viewport a
 * step, two frames between steps, then brings the pager's "Next page" into
 * view: the rows' VM links, and where to click for the next page. Done in the
 * page with plain selectors: Playwright's role locators walk the whole DOM
 * (a thousand groups here) in tasks of their own, which the observer counts.
 */
async function scrollTable() {
  const table = document.querySelector('table.script-details');
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const bottom = table.getBoundingClientRect().bottom + scrollY;
  window.scrollTo(0, table.getBoundingClientRect().top + scrollY);
  await frames();
  while (scrollY + innerHeight < bottom) {
    const before = scrollY;
    window.scrollBy(0, Math.floor(innerHeight * 0.8));
    await frames();
    if (scrollY === before) break; // the document ends before the table does
  }
  const next = [...document.querySelector('[data-testid=detail-page]').closest('nav').querySelectorAll('button')]
    .find((b) => b.textContent.trim() === 'Next page');
  next.scrollIntoView({ block: 'center' });
  await frames();
  const r = next.getBoundingClientRect();
  return {
    rows: [...table.querySelectorAll('tbody tr th a')].map((a) => a.getAttribute('href')),
    next: { x: r.x + r.width / 2, y: r.y + r.height / 2 },
  };
}

export async function scriptRun(browser, sim, session) {
  // The fleet as generated: measure 7's bulk attach has changed some VMs.
  await simCall(sim, 'POST', '/_sim/reset');
  const q = new URLSearchParams({ start: '0', limit: String(RUN_VMS), fields: 'uuid' });
  const vms = (await zstack(sim, session, 'GET', `/vm-instances?${q}`)).inventories.map((v) => v.uuid);
  if (vms.length !== RUN_VMS) throw new Error(`the fleet has ${vms.length} VMs, not ${RUN_VMS}`);
  // One line of output, the same everywhere: the VMs that ran share a group.
  const script = (await zstack(sim, session, 'POST', '/scripts', {
    params: { name: 'bench-2000', scriptContent: 'echo ok', platform: 'Linux', scriptType: 'Shell', encodingType: 'PlainText' },
  })).inventory.uuid;
  try {
    // A run that has ended, quickly.
    await simCall(sim, 'POST', '/_sim/config', { script_upload_ms: 100, script_run_ms: 100 });
    const doneUuid = await startRun(sim, session, script, vms);
    const done = await finishedRun(sim, session, doneUuid);
    await simCall(sim, 'POST', '/_sim/config', { latency_ms: LATENCY_MS });
    const probe = { session };

    // 1. Status and groups from navigation, then 2. every row, page by page.
    const finished = await withPage(browser, probe, async (page) => {
      const api = trackApi(page, sim.url);
      await longTasksFromStart(page);
      await page.goto(`${sim.url}/scripts/records/${doneUuid}`);
      const shownAt = await statusAndGroups(page, done.status);
      await api.settle(500);
      const before = api.reqs.filter((r) => r.done && r.start <= shownAt);
      const result = {
        roundTrips: rounds(before),
        requests: before.length,
        requestsUntilQuiet: api.reqs.length,
        summary: (await page.locator('[data-testid=record-groups] .script-groups__summary').textContent()).trim(),
        groups: await page.locator('[data-testid=record-groups] li.script-group').count(),
        loadLongestTaskMs: await longest(page),
      };
      const where = await page.getByRole('navigation', { name: 'Pages of VM results' }).getByTestId('detail-page').textContent();
      const pages = Number(where.match(/of (\d+)/)[1]);
      await forgetLongTasks(page);
      const seen = new Set();
      for (let p = 1; p <= pages; p++) {
        const { rows, next } = await page.evaluate(scrollTable);
        for (const href of rows) seen.add(href);
        if (p < pages) {
          // A real click where the button is: the input path a reader's click takes.
          await page.mouse.click(next.x, next.y);
          await page.waitForFunction((t) => document.querySelector('[data-testid=detail-page]')?.textContent === t, `Page ${p + 1} of ${pages}`, { timeout: 30_000 });
        }
      }
      result.scroll = { pages, rows: seen.size, longestTaskMs: await longest(page), longTasks: await page.evaluate(() => window.__long.length) };
      return result;
    });

    // 3. A run kept Running for the whole measure: the requests of each poll.
    await simCall(sim, 'POST', '/_sim/config', { latency_ms: 0, script_run_ms: 600_000 });
    const runningUuid = await startRun(sim, session, script, vms);
    await simCall(sim, 'POST', '/_sim/config', { latency_ms: LATENCY_MS });
    const polling = await withPage(browser, probe, async (page) => {
      const api = trackApi(page, sim.url);
      const recordPath = `/zstack/v1/scripts/records/${runningUuid}`;
      const isRecord = (r) => r.method() === 'GET' && new URL(r.url()).pathname === recordPath;
      // Each read of the record starts a poll (the first one, the load).
      let reads = 0;
      const enough = new Promise((resolve, reject) => {
        const late = setTimeout(() => reject(new Error(`${reads - 1} polls of the running run in 60 s, not ${POLLS}`)), 60_000);
        page.on('request', (r) => {
          if (isRecord(r) && ++reads === POLLS + 1) {
            clearTimeout(late);
            resolve();
          }
        });
      });
      await longTasksFromStart(page);
      await page.goto(`${sim.url}/scripts/records/${runningUuid}`);
      await statusAndGroups(page, 'Running');
      const loadLongestTaskMs = await longest(page);
      await forgetLongTasks(page);
      await enough;
      await api.settle(500);
      const cycles = [];
      for (const r of api.reqs) {
        if (r.method === 'GET' && r.path === recordPath) cycles.push([]);
        cycles.at(-1)?.push(r);
      }
      const polls = cycles.slice(1).map((c) => ({
        requests: c.length,
        details: c.filter((r) => r.path === '/zstack/v1/scripts/records/details').length,
        record: c.filter((r) => r.path === recordPath).length,
        other: c.filter((r) => r.path !== recordPath && r.path !== '/zstack/v1/scripts/records/details').length,
      }));
      const detailQueries = api.reqs.filter((r) => r.path === '/zstack/v1/scripts/records/details');
      const limit = Math.max(...detailQueries.map((r) => Number(new URLSearchParams(r.query).get('limit')) || 0));
      // Read first: the locators below are work in the page too.
      const longestTaskMs = await longest(page);
      const where = await page.getByTestId('detail-page').textContent();
      return {
        loadRequests: cycles[0]?.length ?? 0,
        polls,
        pageSize: limit,
        vmPages: limit > 0 ? Math.ceil(RUN_VMS / limit) : null,
        screenPages: Number(where.match(/of (\d+)/)[1]),
        status: (await page.getByTestId('record-status').textContent()).trim(),
        summary: (await page.locator('[data-testid=record-groups] .script-groups__summary').textContent()).trim(),
        loadLongestTaskMs,
        longestTaskMs,
      };
    });
    return { vms: RUN_VMS, latencyMs: LATENCY_MS, run: done, finished, polling };
  } finally {
    await simCall(sim, 'POST', '/_sim/config', { latency_ms: 0, script_upload_ms: 500, script_run_ms: 1000 });
  }
}
