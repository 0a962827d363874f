// Measure 2: cold loads until the guest-agent badges show, against a blank
// Leptos app's mount, with where each load's time went.

import { WEB01, badgeProbe, waitForTarget, withPage } from './browser.mjs';
import { max, median } from './util.mjs';

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
      wasmCompiled: B.marks.wasmCompiled ?? B.marks.wasmInstantiated ?? null,
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

async function coldLoad(browser, url, probe) {
  return withPage(browser, probe, async (page) => {
    await page.goto(url);
    await waitForTarget(page);
    await page.waitForFunction(() => window.__bench.marks.targetFrame != null, null, { timeout: 5_000 });
    return loadBreakdown(page);
  });
}

/** Median of each breakdown field over the loads that have it. */
function summarise(xs) {
  const out = {};
  for (const k of Object.keys(xs[0])) {
    const v = xs.map((x) => x[k]).filter((v) => v != null);
    out[k] = v.length ? median(v) : null;
  }
  return out;
}

/** Time to the watched element over `loads`, its spread, and the median breakdown. */
function series(loads) {
  const samples = loads.map((r) => r.target);
  return { median: median(samples), min: Math.min(...samples), max: max(samples), samples, breakdown: summarise(loads) };
}

export async function timeToBadges(browser, console_, blank, session, loads) {
  const consoleProbe = badgeProbe(session);
  const blankProbe = { selector: '[data-testid=blank-mounted]', expect: null, session: null };
  const runs = { console: [], blank: [] };
  // One discarded warm-up each (the browser's own first-use costs), then
  // alternate so drift hits both alike.
  for (let i = 0; i <= loads; i++) {
    const c = await coldLoad(browser, `${console_.url}/vms/${WEB01}`, consoleProbe);
    const b = await coldLoad(browser, `${blank.url}/`, blankProbe);
    if (i > 0) {
      runs.console.push(c);
      runs.blank.push(b);
    }
  }
  const c = series(runs.console);
  const b = series(runs.blank);
  return { loads, console: c, blank: b, ratio: c.median / b.median };
}
