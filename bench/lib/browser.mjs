// Headless Chromium, the probe every measured page gets, and opening a page in
// a fresh context.

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Playwright is installed with the e2e tests; the benchmark uses that copy.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('playwright');

/** The seeded VM whose detail page most measures open. */
export const WEB01 = 'fd7712231295a599852c4b50455a8554';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // performance.memory is bucketed and cached without it.
  '--enable-precise-memory-info',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Probe settings that watch the guest-agent badge; `expect` null takes any text. */
export const badgeProbe = (session, expect = 'Running') => ({ selector: '[data-testid=qga-state]', expect, session });

/** Runs in the page before any of its scripts (addInitScript). */
export function pageProbe({ selector, expect, session }) {
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
  // boot.js compiles the console's wasm itself (compileStreaming) and hands
  // the module to init(); the blank app's loader compiles inside instantiate.
  const compile = WebAssembly.compileStreaming;
  WebAssembly.compileStreaming = async function (...a) {
    const m = await compile.apply(this, a);
    B.marks.wasmCompiled = performance.now();
    return m;
  };
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

/**
 * Runs `fn(page, context)` on a new page of a fresh context (cold cache, own
 * storage) with the probe installed, and closes the context whatever happens.
 */
export async function withPage(browser, probe, fn) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(pageProbe, probe);
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

/** Resolves once the probe's watched element shows its value. */
export function waitForTarget(page) {
  return page.waitForFunction(() => window.__bench.marks.target != null, null, { timeout: 30_000 });
}

/** Opens web-01's detail page and waits for the probe's element. */
export async function openWeb01(page, sim) {
  await page.goto(`${sim.url}/vms/${WEB01}`);
  await waitForTarget(page);
}
