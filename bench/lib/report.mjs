// The report: the budgets, the table with a PASS/FAIL per budget line (which
// also records the verdicts in the results), and the lines printed under it.

import os from 'node:os';

// Issue 20's budget (the second performance pass).
export const BUDGET = {
  brotliTotalKB: 250, // KB = 1,000 bytes
  badgesRatio: 2.0,
  warmRatio: 1.3,
  roundTrips: 1,
  isoKeystrokeMs: 16,
  isoKeystrokeMaxMs: 33,
  outputShownMs: 300,
  longTaskMs: 50,
  heapGrowth: 0.1,
  fleetColumnRoundTrips: 2,
  fleetAttentionRoundTrips: 3,
  bulkInFlight: 4,
  scriptRunRoundTrips: 3,
  pollRequestsPerVmPage: 1,
  // Wasm files a lazy page still fetches after the click that follows a hover.
  lazyFilesAfterHover: 0,
};

const kb = (bytes) => (bytes / 1000).toFixed(1);
const ms = (x) => (x == null ? 'n/a' : `${x.toFixed(1)} ms`);

/** The machine the numbers were taken on; they depend on it and on its load. */
export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    loadavgAtStart: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

/** The budget table; fills res.verdicts on the way, so the JSON carries them too. */
export function table(res) {
  const rows = [];
  const add = (n, measure, value, budget = '', result = '') => rows.push([n, measure, value, budget, result]);
  const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'PASS' : 'FAIL');
  const s = res.size;
  for (const [k, r] of Object.entries(s.rows)) {
    add('1', `first load ${k}, before the badges show (raw / gzip-9 / brotli-11)`, `${kb(r.raw)} / ${kb(r.gzip)} / ${kb(r.brotli)} KB`);
  }
  add('1', 'first load total (raw / gzip-9 / brotli-11)', `${kb(s.total.raw)} / ${kb(s.total.gzip)} / ${kb(s.total.brotli)} KB`);
  res.verdicts.size = s.total.brotli <= BUDGET.brotliTotalKB * 1000;
  add('1', 'brotli total', `${kb(s.total.brotli)} KB`, `<= ${BUDGET.brotliTotalKB} KB`, verdict(res.verdicts.size));
  add('1', `the whole page, with the ${s.whole.after} files fetched after the badges (raw / gzip-9 / brotli-11)`,
    `${kb(s.whole.total.raw)} / ${kb(s.whole.total.gzip)} / ${kb(s.whole.total.brotli)} KB`);

  const t = res.badges;
  add('2', `time to badges (median of ${t.loads} cold loads)`, `${ms(t.console.median)} (min ${t.console.min.toFixed(1)}, max ${t.console.max.toFixed(1)})`);
  add('2', `blank Leptos app mount (median of ${t.loads})`, `${ms(t.blank.median)} (min ${t.blank.min.toFixed(1)}, max ${t.blank.max.toFixed(1)})`);
  res.verdicts.badges = t.ratio <= BUDGET.badgesRatio;
  add('2', 'ratio', `${t.ratio.toFixed(2)} x`, `<= ${BUDGET.badgesRatio} x`, verdict(res.verdicts.badges));
  const w = res.warm;
  if (w) {
    add('2', `warm load: time to badges (median of ${w.loads}, wasm from the HTTP cache: ${w.console.wasmFromCache ? 'yes' : 'NO'})`, ms(w.console.median));
    add('2', `warm load: blank app mount (median of ${w.loads})`, ms(w.blank.median));
    res.verdicts.warm = w.ratio <= BUDGET.warmRatio;
    add('2', 'warm ratio', `${w.ratio.toFixed(2)} x`, `<= ${BUDGET.warmRatio} x`, verdict(res.verdicts.warm));
  }

  const q = res.requests;
  add('3', 'API requests until the detail page is complete', `${q.requests.length}`);
  res.verdicts.roundTrips = q.badgeRoundTrips <= BUDGET.roundTrips;
  add('3', `round trips until the badges (critical path, ${q.latencyMs} ms latency)`, `${q.badgeRoundTrips}`, `<= ${BUDGET.roundTrips}`, verdict(res.verdicts.roundTrips));
  add('3', 'round trip of the drives\' ISO names (QueryImage needs the VM\'s answer: one later)', q.isoNamesRound == null ? 'not asked (no ISO attached)' : `${q.isoNamesRound}`);
  res.verdicts.duplicates = q.duplicates.length === 0;
  add('3', 'duplicate requests', q.duplicates.length ? `${q.duplicates.length}` : 'none', 'none', verdict(res.verdicts.duplicates));

  const f = res.isoFilter;
  if (f.status === 'ok') {
    res.verdicts.isoFrame = f.frame.median <= BUDGET.isoKeystrokeMs;
    res.verdicts.isoWork = f.frame.max <= BUDGET.isoKeystrokeMaxMs;
    res.verdicts.isoFilter = res.verdicts.isoFrame && res.verdicts.isoWork;
    add('4', `ISO filter, ${f.candidates}, ${f.keystrokes} keys: keydown → next frame, median`, ms(f.frame.median),
      `<= ${BUDGET.isoKeystrokeMs} ms`, verdict(res.verdicts.isoFrame));
    add('4', 'ISO filter: keydown → next frame, max', ms(f.frame.max), `<= ${BUDGET.isoKeystrokeMaxMs} ms`, verdict(res.verdicts.isoWork));
    add('4', 'ISO filter: keydown → DOM updated and laid out', `median ${ms(f.work.median)}, max ${ms(f.work.max)}`);
  } else {
    res.verdicts.isoFilter = null;
    add('4', 'ISO filter per keystroke at 5,000', `n/a (${f.reason})`, `<= ${BUDGET.isoKeystrokeMs} ms`, 'n/a');
  }

  const o = res.output;
  res.verdicts.outputShown = o.replyToOutputMs <= BUDGET.outputShownMs;
  add('5', '1 MiB output: reply arrived → shown', `${ms(o.replyToOutputMs)} (${o.stdoutChars.toLocaleString('en')} chars, ${o.stdoutCharsInDom.toLocaleString('en')} in the DOM)`,
    `<= ${BUDGET.outputShownMs} ms`, verdict(res.verdicts.outputShown));
  add('5', '1 MiB output: click → shown (the job and its polls included)', ms(o.clickToOutputMs));
  res.verdicts.output = (o.longestTaskMs ?? 0) <= BUDGET.longTaskMs;
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

  const fl = res.fleet;
  if (fl) {
    const c = fl.column;
    res.verdicts.fleetColumn = c.roundTrips <= BUDGET.fleetColumnRoundTrips;
    add('7', `VM list of ${fl.vms.toLocaleString('en')} VMs with its guest-tools column: round trips from navigation (${fl.latencyMs} ms latency)`,
      `${c.roundTrips} (${c.requests} requests)`, `<= ${BUDGET.fleetColumnRoundTrips}`, verdict(res.verdicts.fleetColumn));
    const a = fl.attention;
    res.verdicts.fleetAttention = a.roundTrips <= BUDGET.fleetAttentionRoundTrips;
    add('7', `"Needs attention" filtered and counted: round trips`, `${a.roundTrips} (${a.requests} requests; "${a.count}")`,
      `<= ${BUDGET.fleetAttentionRoundTrips}`, verdict(res.verdicts.fleetAttention));
    res.verdicts.fleetPage = a.pageChangeLongestTaskMs <= BUDGET.longTaskMs;
    add('7', 'page change: longest task', a.pageChangeLongestTaskMs ? ms(a.pageChangeLongestTaskMs) : 'none over 50 ms',
      `<= ${BUDGET.longTaskMs} ms`, verdict(res.verdicts.fleetPage));
    const b = fl.bulk;
    res.verdicts.bulkInFlight = b.maxInflight <= BUDGET.bulkInFlight;
    add('7', `bulk attach on ${b.vms} selected VMs (${b.sent} sent, the rest skipped with a reason): requests in flight at most`,
      `${b.maxInflight} (${b.seconds.toFixed(1)} s in all)`, `<= ${BUDGET.bulkInFlight}`, verdict(res.verdicts.bulkInFlight));
    res.verdicts.bulkTasks = b.longestTaskMs <= BUDGET.longTaskMs;
    add('7', 'bulk attach: longest task', b.longestTaskMs ? ms(b.longestTaskMs) : 'none over 50 ms',
      `<= ${BUDGET.longTaskMs} ms`, verdict(res.verdicts.bulkTasks));
  }

  const sr = res.scriptRun;
  if (sr) {
    const long = (x) => (x ? ms(x) : 'none over 50 ms');
    const f = sr.finished;
    const r = sr.run;
    res.verdicts.scriptRunShown = f.roundTrips <= BUDGET.scriptRunRoundTrips;
    add('8', `script run over ${sr.vms.toLocaleString('en')} VMs (${r.ran.toLocaleString('en')} ran, ${r.couldNotRun.toLocaleString('en')} could not run; ${r.status}): status and groups shown, round trips from navigation (${sr.latencyMs} ms latency)`,
      `${f.roundTrips} (${f.requests} requests; ${f.groups} groups)`, `<= ${BUDGET.scriptRunRoundTrips}`, verdict(res.verdicts.scriptRunShown));
    add('8', 'that page\'s load: longest task', long(f.loadLongestTaskMs));
    const s = f.scroll;
    // Every row must have been on screen, or the longest task says nothing.
    res.verdicts.scriptRunScroll = s.rows === sr.vms && s.longestTaskMs <= BUDGET.longTaskMs;
    add('8', `all its VM rows (${s.rows.toLocaleString('en')} seen on ${s.pages} pages, each scrolled through): longest task`,
      s.longTasks ? `${ms(s.longestTaskMs)} (${s.longTasks} tasks over 50 ms; ${s.pages - 1} page changes)` : long(s.longestTaskMs),
      `<= ${BUDGET.longTaskMs} ms`, verdict(res.verdicts.scriptRunScroll));
    const p = sr.polling;
    const most = (key) => Math.max(0, ...p.polls.map((x) => x[key]));
    const perPoll = [...new Set(p.polls.map((x) => x.requests))].join(' / ');
    // The record is read once a poll besides its pages; never a request per VM.
    res.verdicts.scriptRunPoll = p.polls.length > 0 && p.vmPages != null &&
      most('details') <= BUDGET.pollRequestsPerVmPage * p.vmPages && most('requests') < sr.vms;
    add('8', `while Running (${p.polls.length} polls): requests per poll, against the VM pages (server pages of ${p.pageSize}; ${p.screenPages} pages of rows on screen)`,
      `${perPoll} (${most('details')} detail pages + ${most('record')} record${most('other') ? ' + other' : ''}) for ${p.vmPages} VM pages`,
      `<= ${BUDGET.pollRequestsPerVmPage} per VM page`, verdict(res.verdicts.scriptRunPoll));
    add('8', 'while Running: longest task, load / polls', `${long(p.loadLongestTaskMs)} / ${long(p.longestTaskMs)}`);
  }

  const lz = res.lazy;
  if (lz) {
    const ok = (p) => p.afterHover <= BUDGET.lazyFilesAfterHover;
    res.verdicts.lazyPages = lz.pages.every(ok);
    for (const p of lz.pages) {
      add('9', `"${p.link}" from a VM page, first visit after a ${lz.hoverMs} ms hover: wasm files still fetched after the click`,
        `${p.afterHover} of ${p.chunks}`, `<= ${BUDGET.lazyFilesAfterHover}`, verdict(ok(p)));
      add('9', `"${p.link}": click → shown (median of ${lz.visits}), first visit after the hover / at once / a later visit`,
        `${ms(p.hover)} / ${ms(p.click)} / ${ms(p.later)}`);
    }
  }

  const head = ['#', 'measure', 'value', 'budget', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  return out.join('\n');
}

/** The detail page's API requests, one line each, under the table. */
export function requestList(q) {
  const out = [`API requests of the detail page (web-01), in start order, with ${q.latencyMs} ms latency added to each answer; times from the first request:`];
  for (const r of q.requests) {
    const target = `${r.method} ${r.path}${r.query ? '?' + decodeURIComponent(r.query.replace(/\+/g, ' ')) : ''}`;
    out.push(`  round ${r.round}  ${r.startMs.toFixed(1).padStart(6)}–${r.endMs.toFixed(1).padStart(6)} ms  ${String(r.status ?? '?').padEnd(3)} ${r.api.padEnd(30)} ${target}${r.duplicate ? '  DUPLICATE' : ''}`);
  }
  return out.join('\n');
}

/** Where a cold load's time went, console beside blank app. */
export function breakdownLines(t) {
  const b = t.console.breakdown;
  const z = t.blank.breakdown;
  const f = (x) => (x == null ? '   n/a' : x.toFixed(1).padStart(6));
  return [
    'Where the time goes (medians, ms after navigation start):  console  blank',
    `  index.html received                                      ${f(b.htmlEnd)} ${f(z.htmlEnd)}`,
    `  JS received (boot + glue)                                ${f(b.jsEnd)} ${f(z.jsEnd)}`,
    `  wasm request start → received                            ${f(b.wasmStart)} ${f(z.wasmStart)} → ${f(b.wasmEnd)} ${f(z.wasmEnd)}`,
    `  wasm compiled                                            ${f(b.wasmCompiled)} ${f(z.wasmCompiled)}`,
    `  wasm instantiated (console: once the read-ahead is in)   ${f(b.wasmInstantiated)} ${f(z.wasmInstantiated)}`,
    `  app started (main() returned, first render done)         ${f(b.appStarted)} ${f(z.appStarted)}`,
    `  first API request start                                  ${f(b.firstApiStart)}`,
    `  round-1 API responses all received                       ${f(b.round1ApiEnd)}`,
    `  badges / blank element in the DOM                        ${f(b.target)} ${f(z.target)}`,
    `  next animation frame                                     ${f(b.targetFrame)} ${f(z.targetFrame)}`,
  ].join('\n');
}
