// The console's benchmark: drives headless Chromium with Playwright against the
// release dist served by the simulator at zero latency, prints one table with a
// PASS/FAIL per budget line, and writes the numbers as JSON.
//
//   node bench/run.mjs --dist DIR --blank-dist DIR --sim BIN [--out FILE] [--port N] [--loads 15]
//
// Exit 0 when every line was measured (whatever the budget says), 1 when a
// measurement could not be made. The ISO-filter line reports "n/a" when the
// page has no "Filter ISOs" searchbox.

import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('playwright');

// ---------------------------------------------------------------- settings

const args = parseArgs(process.argv.slice(2));
const DIST = path.resolve(args.dist ?? path.join(ROOT, 'target/bench/dist'));
const BLANK_DIST = path.resolve(args['blank-dist'] ?? path.join(ROOT, 'target/bench/blank-dist'));
const SIM_BIN = path.resolve(args.sim ?? path.join(ROOT, 'target/debug/zstack-sim'));
const OUT = path.resolve(args.out ?? path.join(ROOT, 'target/bench/bench.json'));
const PORT = Number(args.port ?? 19000);
const LOADS = Number(args.loads ?? 15);
const NAVIGATIONS = 20;

const WEB01 = 'fd7712231295a599852c4b50455a8554';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // performance.memory is bucketed and cached without it.
  '--enable-precise-memory-info',
];
const BUDGET = {
  brotliTotalKB: 120, // KB = 1,000 bytes
  badgesRatio: 1.5,
  roundTrips: 1,
  isoKeystrokeMs: 16,
  longTaskMs: 50,
  heapGrowth: 0.1,
};

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    out[a.slice(2)] = argv[++i];
  }
  return out;
}

// ---------------------------------------------------------------- helpers

const log = (...m) => console.error('[bench]', ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const max = (xs) => Math.max(...xs);
const kb = (bytes) => (bytes / 1000).toFixed(1);
const ms = (x) => (x == null ? 'n/a' : `${x.toFixed(1)} ms`);

const sims = [];
async function startSim(name, port, extra) {
  const url = `http://127.0.0.1:${port}`;
  const output = [];
  const proc = spawn(SIM_BIN, ['--listen', `127.0.0.1:${port}`, '--latency-ms', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  proc.stdout.on('data', (d) => output.push(String(d)));
  proc.stderr.on('data', (d) => output.push(String(d)));
  sims.push(proc);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`simulator ${name} exited: ${output.join('')}`);
    try {
      const r = await fetch(`${url}/_sim/config`);
      if (r.ok) return { name, url, proc };
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error(`simulator ${name} did not start on ${url}: ${output.join('')}`);
}

async function login(sim) {
  const password = createHash('sha512').update('password').digest('hex');
  const r = await fetch(`${sim.url}/zstack/v1/accounts/login`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ logInByAccount: { accountName: 'admin', password } }),
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return (await r.json()).inventory.uuid;
}

async function simGet(sim, p) {
  const r = await fetch(`${sim.url}${p}`);
  if (!r.ok) throw new Error(`GET ${p}: ${r.status}`);
  return r.json();
}

async function simCall(sim, method, p, body) {
  const init = body === undefined ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(`${sim.url}${p}`, init);
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status}`);
}

/** Runs in the page before any of its scripts (addInitScript). */
function pageProbe({ selector, expect, session }) {
  if (session) localStorage.setItem('zstack.session', JSON.stringify({ uuid: session, account: 'admin' }));
  const B = (window.__bench = { marks: {} });
  // The moment the watched element shows its value (DOM time, page clock).
  if (selector) {
    const check = () => {
      const el = document.querySelector(selector);
      const text = el && el.textContent.trim();
      if (text && (!expect || text === expect)) {
        B.marks.target = performance.now();
        B.targetText = text;
        observer.disconnect();
        requestAnimationFrame(() => (B.marks.targetFrame = performance.now()));
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  }
  addEventListener('TrunkApplicationStarted', () => (B.marks.appStarted = performance.now()));
  // Compile + instantiate of the wasm, and its linear memory for the memory line.
  for (const fn of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[fn];
    WebAssembly[fn] = async function (...a) {
      const t0 = performance.now();
      const r = await orig.apply(this, a);
      const instance = r.instance ?? r;
      if (instance && instance.exports && instance.exports.memory) {
        B.marks.wasmInstantiateStart = t0;
        B.marks.wasmInstantiated = performance.now();
        window.__wasmMemory = instance.exports.memory;
      }
      return r;
    };
  }
}

/** Where a load's time went, from the page's own timing entries. */
async function loadBreakdown(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const of = (re) => res.filter((r) => re.test(r.name));
    const lastEnd = (xs) => (xs.length ? Math.max(...xs.map((r) => r.responseEnd)) : null);
    const firstStart = (xs) => (xs.length ? Math.min(...xs.map((r) => r.startTime)) : null);
    const api = of(/\/zstack\//);
    const B = window.__bench;
    return {
      htmlEnd: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      jsEnd: lastEnd(of(/\.js(\?|$)/)),
      cssEnd: lastEnd(of(/\.css(\?|$)/)),
      wasmStart: firstStart(of(/\.wasm(\?|$)/)),
      wasmEnd: lastEnd(of(/\.wasm(\?|$)/)),
      wasmInstantiateStart: B.marks.wasmInstantiateStart ?? null,
      wasmInstantiated: B.marks.wasmInstantiated ?? null,
      appStarted: B.marks.appStarted ?? null,
      firstApiStart: firstStart(api),
      // The reads the page starts together (round 1): those within 30 ms of the first.
      round1ApiEnd: lastEnd(api.filter((r) => r.startTime <= firstStart(api) + 30)),
      target: B.marks.target ?? null,
      targetFrame: B.marks.targetFrame ?? null,
    };
  });
}

// ---------------------------------------------------------------- 1. transfer size

function transferSizes(dist, loadedPaths) {
  const kinds = { html: /\.html$/, js: /\.js$/, wasm: /\.wasm$/, css: /\.css$/ };
  const rows = {};
  for (const k of Object.keys(kinds)) rows[k] = { files: [], raw: 0, gzip: 0, brotli: 0 };
  for (const rel of loadedPaths) {
    const file = path.join(dist, rel);
    const buf = fs.readFileSync(file);
    const kind = Object.keys(kinds).find((k) => kinds[k].test(rel)) ?? path.extname(rel).slice(1);
    const row = (rows[kind] ??= { files: [], raw: 0, gzip: 0, brotli: 0 });
    row.files.push(rel);
    row.raw += buf.length;
    row.gzip += zlib.gzipSync(buf, { level: 9 }).length;
    row.brotli += zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        [zlib.constants.BROTLI_PARAM_MODE]: /\.wasm$/.test(rel) ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
      },
    }).length;
  }
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const r of Object.values(rows)) for (const k of Object.keys(total)) total[k] += r[k];
  return { rows, total };
}

/** The dist files one cold load of the detail page fetches, and how they were encoded. */
async function firstLoadFiles(browser, sim, session) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(pageProbe, { selector: '[data-testid=qga-state]', expect: null, session });
  const files = new Map();
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (u.origin !== sim.url || u.pathname.startsWith('/zstack/') || u.pathname.startsWith('/_sim/')) return;
    const rel = u.pathname === '/' || !path.extname(u.pathname) ? 'index.html' : u.pathname.slice(1);
    const headers = await r.allHeaders().catch(() => ({}));
    const seen = files.get(rel);
    files.set(rel, { status: r.status(), encoding: headers['content-encoding'] ?? 'identity', fetches: (seen?.fetches ?? 0) + 1 });
  });
  await page.goto(`${sim.url}/vms/${WEB01}`);
  await page.waitForFunction(() => window.__bench.marks.target != null, null, { timeout: 30_000 });
  await sleep(300);
  await context.close();
  return files;
}

// ---------------------------------------------------------------- 2. time to badges

async function coldLoad(browser, url, probe) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(pageProbe, probe);
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.marks.target != null, null, { timeout: 30_000 });
    await page.waitForFunction(() => window.__bench.marks.targetFrame != null, null, { timeout: 5_000 });
    return await loadBreakdown(page);
  } finally {
    await context.close();
  }
}

async function timeToBadges(browser, console_, blank, session) {
  const consoleProbe = { selector: '[data-testid=qga-state]', expect: 'Running', session };
  const blankProbe = { selector: '[data-testid=blank-mounted]', expect: null, session: null };
  const runs = { console: [], blank: [] };
  // One discarded warm-up each (the browser's own first-use costs), then
  // alternate so drift hits both alike.
  for (let i = 0; i <= LOADS; i++) {
    const c = await coldLoad(browser, `${console_.url}/vms/${WEB01}`, consoleProbe);
    const b = await coldLoad(browser, `${blank.url}/`, blankProbe);
    if (i > 0) {
      runs.console.push(c);
      runs.blank.push(b);
    }
  }
  const summarise = (xs) => {
    const out = {};
    for (const k of Object.keys(xs[0])) {
      const v = xs.map((x) => x[k]).filter((v) => v != null);
      out[k] = v.length ? median(v) : null;
    }
    return out;
  };
  const consoleMs = runs.console.map((r) => r.target);
  const blankMs = runs.blank.map((r) => r.target);
  return {
    loads: LOADS,
    console: { median: median(consoleMs), min: Math.min(...consoleMs), max: max(consoleMs), samples: consoleMs, breakdown: summarise(runs.console) },
    blank: { median: median(blankMs), min: Math.min(...blankMs), max: max(blankMs), samples: blankMs, breakdown: summarise(runs.blank) },
    ratio: median(consoleMs) / median(blankMs),
  };
}

// ---------------------------------------------------------------- 3. requests

/** Tracks the page's API requests: start/end on the browser's clock. */
function trackApi(page, origin) {
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

async function detailRequests(browser, sim, session) {
  await simCall(sim, 'DELETE', '/_sim/requests');
  await simCall(sim, 'POST', '/_sim/config', { latency_ms: ROUND_TRIP_LATENCY_MS });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(pageProbe, { selector: '[data-testid=qga-state]', expect: 'Running', session });
    const api = trackApi(page, sim.url);
    await page.goto(`${sim.url}/vms/${WEB01}`);
    await page.waitForFunction(() => window.__bench.marks.target != null, null, { timeout: 30_000 });
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
      duplicates: rows.filter((r) => r.duplicate).map((r) => `${r.method} ${r.path}${r.query ? '?' + r.query : ''}`),
      latencyMs: ROUND_TRIP_LATENCY_MS,
    };
  } finally {
    await context.close();
    await simCall(sim, 'POST', '/_sim/config', { latency_ms: 0 });
  }
}

// ---------------------------------------------------------------- 4. ISO filter

async function isoFilter(browser, sim, session) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(pageProbe, { selector: '[data-testid=qga-state]', expect: 'Running', session });
    await page.goto(`${sim.url}/vms/${WEB01}`);
    await page.waitForFunction(() => window.__bench.marks.target != null, null, { timeout: 30_000 });
    const filter = page.getByRole('searchbox', { name: 'Filter ISOs' });
    try {
      await filter.waitFor({ state: 'visible', timeout: 15_000 });
    } catch {
      return { status: 'n/a', reason: 'no "Filter ISOs" searchbox on the page' };
    }
    const count = page.getByTestId('iso-count');
    const candidates = await count
      .filter({ hasText: /^[\d,]+ ISOs$/ })
      .textContent({ timeout: 30_000 })
      .catch(() => null);
    if (!candidates) return { status: 'n/a', reason: 'the candidate count never showed' };
    // keydown → the app's update done and laid out ("work": a task queued from
    // keydown runs after the input event and the reactive updates it queued as
    // microtasks), and keydown → the next animation frame after that ("frame").
    await page.evaluate(() => {
      const w = window;
      w.__keys = [];
      let lastMutation = -1;
      new MutationObserver(() => (lastMutation = performance.now())).observe(document.body, {
        subtree: true, childList: true, characterData: true, attributes: true,
      });
      const input = document.querySelector('input[aria-label="Filter ISOs"]') ?? document.activeElement;
      input.addEventListener(
        'keydown',
        () => {
          const t0 = performance.now();
          const rec = { t0 };
          w.__keys.push(rec);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            document.querySelector('[role=listbox]')?.getBoundingClientRect();
            rec.work = performance.now() - t0;
            rec.dom = lastMutation >= t0 ? lastMutation - t0 : null;
            rec.count = document.querySelector('[data-testid=iso-count]')?.textContent ?? '';
            requestAnimationFrame(() => (rec.frame = performance.now() - t0));
          };
          channel.port2.postMessage(0);
        },
        { capture: true },
      );
    });
    await filter.click();
    await filter.pressSequentially('bulk-04999', { delay: 40 });
    for (let i = 0; i < 10; i++) await filter.press('Backspace', { delay: 40 });
    await filter.pressSequentially('linux 9', { delay: 40 });
    for (let i = 0; i < 7; i++) await filter.press('Backspace', { delay: 40 });
    await page.waitForTimeout(300);
    const keys = await page.evaluate(() => window.__keys);
    const frames = keys.map((k) => k.frame).filter((x) => x != null);
    const work = keys.map((k) => k.work).filter((x) => x != null);
    if (!keys.length || frames.length < keys.length) return { status: 'n/a', reason: 'the keystrokes were not seen' };
    if (!keys.some((k) => /^1 of /.test(k.count))) return { status: 'n/a', reason: 'typing "bulk-04999" did not narrow the list to 1' };
    return {
      status: 'ok',
      candidates,
      keystrokes: keys.length,
      frame: { median: median(frames), max: max(frames) },
      work: { median: median(work), max: max(work) },
      samples: keys.map(({ t0, ...k }) => k),
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- 5. 1 MiB of output

async function bigOutput(browser, sim, session) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(pageProbe, { selector: '[data-testid=qga-state]', expect: 'Running', session });
    await page.goto(`${sim.url}/vms/${WEB01}`);
    await page.waitForFunction(() => window.__bench.marks.target != null, null, { timeout: 30_000 });
    const region = page.getByRole('region', { name: 'Command console' });
    const run = region.getByRole('button', { name: 'Run' });
    await run.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForFunction(() => {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Run');
      return b && !b.disabled;
    }, null, { timeout: 15_000 });
    await region.getByRole('textbox', { name: 'Command' }).fill('big-output');
    await page.evaluate(() => {
      const w = window;
      w.__long = [];
      w.__gaps = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask' });
      // Frame gaps: how long the main thread kept frames from being produced.
      let last = performance.now();
      const tick = (t) => {
        w.__gaps.push(t - last);
        last = t;
        if (!w.__stopFrames) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      w.__clicked = performance.now();
    });
    await run.click();
    // The whole output in one text node, or a virtualised pane that says how
    // much it holds (data-chars) and shows the lines in view.
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=console-stdout]');
      if (!el || !el.textContent.trim()) return false;
      return Number(el.dataset.chars ?? el.textContent.length) > 500_000;
    }, null, { timeout: 60_000 });
    const shownAt = await page.evaluate(() => performance.now() - window.__clicked);
    await page.waitForTimeout(1000);
    const r = await page.evaluate(() => {
      window.__stopFrames = true;
      return {
        long: window.__long,
        maxGap: Math.max(...window.__gaps.slice(1)),
        stdoutChars: Number(document.querySelector('[data-testid=console-stdout]').dataset.chars ?? document.querySelector('[data-testid=console-stdout]').textContent.length),
        stdoutCharsInDom: document.querySelector('[data-testid=console-stdout]').textContent.length,
      };
    });
    return {
      clickToOutputMs: shownAt,
      stdoutChars: r.stdoutChars,
      stdoutCharsInDom: r.stdoutCharsInDom,
      longTasks: r.long,
      longestTaskMs: r.long.length ? max(r.long.map((e) => e.duration)) : null,
      longestFrameGapMs: r.maxGap,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- 6. memory

async function memory(browser, sim, session) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(pageProbe, { selector: null, expect: null, session });
    const cdp = await context.newCDPSession(page);
    const api = trackApi(page, sim.url);
    const vms = (await simGet(sim, '/_sim/world')).vms ?? [];
    const byName = new Map(vms.map((v) => [v.name, v.uuid]));
    // Client-side trips between seeded VMs: list → detail (link) → list (history back).
    const tour = ['web-01', 'app-02', 'legacy-03', 'fresh-05', 'batch-06', 'win-srv-08', 'archive-07', 'full-cdrom-13']
      .map((n) => byName.get(n))
      .filter(Boolean);
    if (tour.length < 2) throw new Error('the simulator world has no seeded VMs to tour');

    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const m = await page.evaluate(() => ({
        usedJSHeapSize: performance.memory.usedJSHeapSize,
        wasmMemoryBytes: window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : null,
      }));
      const dom = await cdp.send('Memory.getDOMCounters');
      return { ...m, domNodes: dom.nodes, jsEventListeners: dom.jsEventListeners, documents: dom.documents };
    };
    const openDetail = async (uuid) => {
      await page.locator(`a[href="/vms/${uuid}"]`).first().click();
      await page.waitForFunction(
        (u) => location.pathname === `/vms/${u}` && (document.querySelector('[data-testid=qga-state]')?.textContent.trim() ?? '') !== '',
        uuid,
        { timeout: 30_000 },
      );
      await api.settle(300);
    };

    await page.goto(`${sim.url}/vms`);
    await page.locator('tbody tr a').first().waitFor({ timeout: 30_000 });
    await api.settle(300);
    await openDetail(tour[0]);
    const after1 = await measure();
    for (let i = 1; i < NAVIGATIONS; i++) {
      await page.goBack();
      await page.waitForFunction(() => location.pathname === '/vms', null, { timeout: 10_000 });
      await page.locator(`a[href="/vms/${tour[i % tour.length]}"]`).first().waitFor({ timeout: 30_000 });
      await api.settle(200);
      await openDetail(tour[i % tour.length]);
    }
    const after20 = await measure();
    return {
      navigations: NAVIGATIONS,
      after1,
      after20,
      growth: after20.usedJSHeapSize / after1.usedJSHeapSize - 1,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- the table

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    loadavgAtStart: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

function table(res) {
  const rows = [];
  const add = (n, measure, value, budget = '', result = '') => rows.push([n, measure, value, budget, result]);
  const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'PASS' : 'FAIL');
  const s = res.size;
  for (const [k, r] of Object.entries(s.rows)) {
    add('1', `first load ${k} (raw / gzip-9 / brotli-11)`, `${kb(r.raw)} / ${kb(r.gzip)} / ${kb(r.brotli)} KB`);
  }
  add('1', 'first load total (raw / gzip-9 / brotli-11)', `${kb(s.total.raw)} / ${kb(s.total.gzip)} / ${kb(s.total.brotli)} KB`);
  res.verdicts.size = s.total.brotli <= BUDGET.brotliTotalKB * 1000;
  add('1', 'brotli total', `${kb(s.total.brotli)} KB`, `<= ${BUDGET.brotliTotalKB} KB`, verdict(res.verdicts.size));

  const t = res.badges;
  add('2', `time to badges (median of ${t.loads} cold loads)`, `${ms(t.console.median)} (min ${t.console.min.toFixed(1)}, max ${t.console.max.toFixed(1)})`);
  add('2', `blank Leptos app mount (median of ${t.loads})`, `${ms(t.blank.median)} (min ${t.blank.min.toFixed(1)}, max ${t.blank.max.toFixed(1)})`);
  res.verdicts.badges = t.ratio <= BUDGET.badgesRatio;
  add('2', 'ratio', `${t.ratio.toFixed(2)} x`, `<= ${BUDGET.badgesRatio} x`, verdict(res.verdicts.badges));

  const q = res.requests;
  add('3', 'API requests until the detail page is complete', `${q.requests.length}`);
  res.verdicts.roundTrips = q.roundTrips <= BUDGET.roundTrips;
  add('3', `round trips after start-up (critical path, ${q.latencyMs} ms latency)`, `${q.roundTrips}`, `${BUDGET.roundTrips}`, verdict(res.verdicts.roundTrips));
  res.verdicts.duplicates = q.duplicates.length === 0;
  add('3', 'duplicate requests', q.duplicates.length ? `${q.duplicates.length}` : 'none', 'none', verdict(res.verdicts.duplicates));

  const f = res.isoFilter;
  if (f.status === 'ok') {
    res.verdicts.isoFrame = f.frame.median <= BUDGET.isoKeystrokeMs;
    res.verdicts.isoWork = f.work.max <= BUDGET.isoKeystrokeMs;
    res.verdicts.isoFilter = res.verdicts.isoFrame && res.verdicts.isoWork;
    add('4', `ISO filter, ${f.candidates}, ${f.keystrokes} keys: keydown → next frame`, `median ${ms(f.frame.median)}, max ${ms(f.frame.max)}`,
      `median <= ${BUDGET.isoKeystrokeMs} ms`, verdict(res.verdicts.isoFrame));
    add('4', 'ISO filter: keydown → DOM updated and laid out', `median ${ms(f.work.median)}, max ${ms(f.work.max)}`,
      `max <= ${BUDGET.isoKeystrokeMs} ms`, verdict(res.verdicts.isoWork));
  } else {
    res.verdicts.isoFilter = null;
    add('4', 'ISO filter per keystroke at 5,000', `n/a (${f.reason})`, `<= ${BUDGET.isoKeystrokeMs} ms`, 'n/a');
  }

  const o = res.output;
  res.verdicts.output = (o.longestTaskMs ?? 0) <= BUDGET.longTaskMs;
  add('5', '1 MiB output: click → shown', `${ms(o.clickToOutputMs)} (${o.stdoutChars.toLocaleString('en')} chars, ${o.stdoutCharsInDom.toLocaleString('en')} in the DOM)`);
  add('5', '1 MiB output: longest task', o.longestTaskMs == null ? 'none over 50 ms' : `${ms(o.longestTaskMs)} (${o.longTasks.length} long tasks)`,
    `<= ${BUDGET.longTaskMs} ms`, verdict(res.verdicts.output));
  add('5', '1 MiB output: longest gap between frames', ms(o.longestFrameGapMs));

  const m = res.memory;
  const mb = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;
  add('6', 'JS heap after the detail page (after GC)', mb(m.after1.usedJSHeapSize));
  res.verdicts.memory = m.growth <= BUDGET.heapGrowth;
  add('6', `JS heap after ${m.navigations} navigations`, `${mb(m.after20.usedJSHeapSize)} (${m.growth >= 0 ? '+' : ''}${(m.growth * 100).toFixed(1)}%)`,
    `<= +${BUDGET.heapGrowth * 100}%`, verdict(res.verdicts.memory));
  add('6', 'wasm memory after 1 / after 20', `${mb(m.after1.wasmMemoryBytes ?? 0)} / ${mb(m.after20.wasmMemoryBytes ?? 0)}`);
  add('6', 'DOM nodes / JS listeners after 1 / after 20',
    `${m.after1.domNodes} / ${m.after1.jsEventListeners} → ${m.after20.domNodes} / ${m.after20.jsEventListeners}`);

  const head = ['#', 'measure', 'value', 'budget', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  return out.join('\n');
}

function requestList(q) {
  const out = [`API requests of the detail page (web-01), in start order, with ${q.latencyMs} ms latency added to each answer; times from the first request:`];
  for (const r of q.requests) {
    const target = `${r.method} ${r.path}${r.query ? '?' + decodeURIComponent(r.query.replace(/\+/g, ' ')) : ''}`;
    out.push(`  round ${r.round}  ${r.startMs.toFixed(1).padStart(6)}–${r.endMs.toFixed(1).padStart(6)} ms  ${String(r.status ?? '?').padEnd(3)} ${r.api.padEnd(30)} ${target}${r.duplicate ? '  DUPLICATE' : ''}`);
  }
  return out.join('\n');
}

function breakdownLines(t) {
  const b = t.console.breakdown;
  const z = t.blank.breakdown;
  const f = (x) => (x == null ? '   n/a' : x.toFixed(1).padStart(6));
  return [
    'Where the time goes (medians, ms after navigation start):  console  blank',
    `  index.html received                                      ${f(b.htmlEnd)} ${f(z.htmlEnd)}`,
    `  JS received (boot + glue)                                ${f(b.jsEnd)} ${f(z.jsEnd)}`,
    `  wasm request start → received                            ${f(b.wasmStart)} ${f(z.wasmStart)} → ${f(b.wasmEnd)} ${f(z.wasmEnd)}`,
    `  wasm compiled + instantiated                             ${f(b.wasmInstantiated)} ${f(z.wasmInstantiated)}`,
    `  app started (main() returned, first render done)         ${f(b.appStarted)} ${f(z.appStarted)}`,
    `  first API request start                                  ${f(b.firstApiStart)}`,
    `  round-1 API responses all received                       ${f(b.round1ApiEnd)}`,
    `  badges / blank element in the DOM                        ${f(b.target)} ${f(z.target)}`,
    `  next animation frame                                     ${f(b.targetFrame)} ${f(z.targetFrame)}`,
  ].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  for (const [what, p] of [['dist', path.join(DIST, 'index.html')], ['blank dist', path.join(BLANK_DIST, 'index.html')], ['simulator', SIM_BIN]]) {
    if (!fs.existsSync(p)) throw new Error(`${what} not found: ${p}`);
  }
  const res = { machine: machine(), date: new Date().toISOString(), budget: BUDGET, verdicts: {} };
  const simArgs = ['--job-duration-ms', '50', '--tools-delay-ms', '500'];
  const main = await startSim('console', PORT, ['--dist', DIST, ...simArgs]);
  const blank = await startSim('blank', PORT + 1, ['--dist', BLANK_DIST, ...simArgs]);
  const isos = await startSim('console, 5,000 extra ISOs', PORT + 2, ['--dist', DIST, '--extra-isos', '5000', ...simArgs]);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  res.browser = browser.version();
  try {
    const session = await login(main);
    log('1/6 transfer size');
    const files = await firstLoadFiles(browser, main, session);
    res.size = { ...transferSizes(DIST, [...files.keys()]), served: Object.fromEntries(files) };
    log(`2/6 time to badges and blank mount, ${LOADS} cold loads each`);
    res.badges = await timeToBadges(browser, main, blank, session);
    log('3/6 requests of the detail page');
    res.requests = await detailRequests(browser, main, session);
    log('4/6 ISO filter over 5,000 candidates');
    res.isoFilter = await isoFilter(browser, isos, await login(isos));
    log('5/6 1 MiB of command output');
    await simCall(main, 'POST', '/_sim/reset');
    res.output = await bigOutput(browser, main, session);
    log(`6/6 memory over ${NAVIGATIONS} navigations`);
    await simCall(main, 'POST', '/_sim/reset');
    res.memory = await memory(browser, main, session);
  } finally {
    await browser.close();
  }
  const m = res.machine;
  m.loadavgAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  const text = [
    `ZStack Guest Console benchmark, ${res.date}`,
    `machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB; Chromium ${res.browser}; Node ${m.node}; simulator at zero latency; KB = 1,000 bytes`,
    `load average (1/5/15 min) at start ${m.loadavgAtStart.join(' ')}, at end ${m.loadavgAtEnd.join(' ')}: other work on the machine slows the timings`,
    '',
    table(res),
    '',
    requestList(res.requests),
    '',
    breakdownLines(res.badges),
  ].join('\n');
  res.text = text;
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(res, null, 2));
  console.log(text);
  console.log(`\nJSON: ${path.relative(process.cwd(), OUT) || OUT}`);
}

const stop = () => {
  for (const p of sims) p.kill('SIGTERM');
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().then(
  () => process.exit(0),
  (e) => {
    console.error(`[bench] could not measure: ${e.stack ?? e}`);
    process.exit(1);
  },
);
