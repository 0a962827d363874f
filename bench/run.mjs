// The console's benchmark: drives headless Chromium with Playwright against the
// release dist served by the simulator at zero latency, prints one table with a
// PASS/FAIL per budget line, and writes the numbers as JSON.
//
//   node bench/run.mjs --dist DIR --blank-dist DIR --sim BIN [--out FILE] [--port N] [--loads 15]
//
// Exit 0 when every line was measured (whatever the budget says), 1 when a
// measurement could not be made. The ISO-filter line reports "n/a" when the
// page has no "Filter ISOs" searchbox.
//
// The measures live in lib/, one module each (size, badges, requests, iso,
// output, memory, fleet, script_run, lazy); lib/report.mjs holds the budgets and
// the table.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeToBadges } from './lib/badges.mjs';
import { warmLoads } from './lib/warm.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { lazyPages } from './lib/lazy.mjs';
import { isoFilter } from './lib/iso.mjs';
import { NAVIGATIONS, memory } from './lib/memory.mjs';
import { bigOutput } from './lib/output.mjs';
import { FLEET_VMS, fleet } from './lib/fleet.mjs';
import { BUDGET, breakdownLines, machine, requestList, table } from './lib/report.mjs';
import { detailRequests } from './lib/requests.mjs';
import { RUN_VMS, scriptRun } from './lib/script_run.mjs';
import { login, simCall, startSim, stopSims } from './lib/sim.mjs';
import { firstLoadSize } from './lib/size.mjs';
import { precompress } from './lib/precompress.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

// ---------------------------------------------------------------- settings

const args = parseArgs(process.argv.slice(2));
const DIST = path.resolve(args.dist ?? path.join(ROOT, 'target/bench/dist'));
const BLANK_DIST = path.resolve(args['blank-dist'] ?? path.join(ROOT, 'target/bench/blank-dist'));
const SIM_BIN = path.resolve(args.sim ?? path.join(ROOT, 'target/debug/zstack-sim'));
const OUT = path.resolve(args.out ?? path.join(ROOT, 'target/bench/bench.json'));
const PORT = Number(args.port ?? 19000);
const LOADS = Number(args.loads ?? 15);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    out[a.slice(2)] = argv[++i];
  }
  return out;
}

const log = (...m) => console.error('[bench]', ...m);

// ---------------------------------------------------------------- main

async function main() {
  for (const [what, p] of [['dist', path.join(DIST, 'index.html')], ['blank dist', path.join(BLANK_DIST, 'index.html')], ['simulator', SIM_BIN]]) {
    if (!fs.existsSync(p)) throw new Error(`${what} not found: ${p}`);
  }
  // Served as production serves them (deploy/nginx.conf: brotli_static, gzip_static).
  precompress(DIST);
  precompress(BLANK_DIST);
  const res = { machine: machine(), date: new Date().toISOString(), budget: BUDGET, verdicts: {} };
  const simArgs = ['--job-duration-ms', '50', '--tools-delay-ms', '500'];
  const console_ = await startSim(SIM_BIN, 'console', PORT, ['--dist', DIST, ...simArgs]);
  const blank = await startSim(SIM_BIN, 'blank', PORT + 1, ['--dist', BLANK_DIST, ...simArgs]);
  const isos = await startSim(SIM_BIN, 'console, 5,000 extra ISOs', PORT + 2, ['--dist', DIST, '--extra-isos', '5000', ...simArgs]);
  const fleetSim = await startSim(SIM_BIN, `console, a fleet of ${FLEET_VMS} VMs`, PORT + 3, ['--dist', DIST, '--vms', String(FLEET_VMS), ...simArgs]);
  const browser = await launchBrowser();
  res.browser = browser.version();
  try {
    const session = await login(console_);
    log('1/9 transfer size');
    res.size = await firstLoadSize(browser, console_, session, DIST);
    log(`2/9 time to badges and blank mount, ${LOADS} cold loads each`);
    res.badges = await timeToBadges(browser, console_, blank, session, LOADS);
    log(`2/9 warm loads (HTTP cache), ${LOADS} each`);
    res.warm = await warmLoads(browser, console_, blank, session, LOADS);
    log('3/9 requests of the detail page');
    res.requests = await detailRequests(browser, console_, session);
    log('4/9 ISO filter over 5,000 candidates');
    res.isoFilter = await isoFilter(browser, isos, await login(isos));
    log('5/9 1 MiB of command output');
    await simCall(console_, 'POST', '/_sim/reset');
    res.output = await bigOutput(browser, console_, session);
    log(`6/9 memory over ${NAVIGATIONS} navigations`);
    await simCall(console_, 'POST', '/_sim/reset');
    res.memory = await memory(browser, console_, session);
    log(`7/9 the VM list over ${FLEET_VMS} VMs`);
    res.fleet = await fleet(browser, fleetSim, await login(fleetSim));
    // It resets the fleet's simulator and leaves a run going there.
    log(`8/9 a script run over ${RUN_VMS} VMs of that fleet`);
    res.scriptRun = await scriptRun(browser, fleetSim, await login(fleetSim));
    log('9/9 lazy pages: first visit after a hover, at once, and a later one');
    await simCall(console_, 'POST', '/_sim/reset');
    res.lazy = await lazyPages(browser, console_, session);
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

process.on('exit', stopSims);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().then(
  () => process.exit(0),
  (e) => {
    console.error(`[bench] could not measure: ${e.stack ?? e}`);
    process.exit(1);
  },
);
