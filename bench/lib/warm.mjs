// Measure 2b: warm loads (a second visit: the wasm, js and css from the HTTP
// cache, hashed files being immutable) until the guest-agent badges show,
// against the blank app's warm mount.

import { WEB01, badgeProbe, pageProbe, waitForTarget } from './browser.mjs';
import { median } from './util.mjs';

/** `loads` warm loads of `url` in one context, after one cold load that fills its cache. */
async function warmSeries(browser, url, probe, loads) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(pageProbe, probe);
    const once = async () => {
      const page = await context.newPage();
      try {
        await page.goto(url);
        await waitForTarget(page);
        return await page.evaluate(() => {
          const wasm = performance.getEntriesByType('resource').find((r) => /\.wasm(\?|$)/.test(r.name));
          // transferSize 0: served from the cache without touching the network.
          return { target: window.__bench.marks.target, wasmFromCache: wasm ? wasm.transferSize === 0 : null };
        });
      } finally {
        await page.close();
      }
    };
    await once();
    const out = [];
    for (let i = 0; i < loads; i++) out.push(await once());
    return out;
  } finally {
    await context.close();
  }
}

export async function warmLoads(browser, console_, blank, session, loads) {
  const blankProbe = { selector: '[data-testid=blank-mounted]', expect: null, session: null };
  const c = await warmSeries(browser, `${console_.url}/vms/${WEB01}`, badgeProbe(session), loads);
  const b = await warmSeries(browser, `${blank.url}/`, blankProbe, loads);
  const cm = median(c.map((x) => x.target));
  const bm = median(b.map((x) => x.target));
  return {
    loads,
    console: { median: cm, samples: c.map((x) => x.target), wasmFromCache: c.every((x) => x.wasmFromCache) },
    blank: { median: bm, samples: b.map((x) => x.target), wasmFromCache: b.every((x) => x.wasmFromCache) },
    ratio: cm / bm,
  };
}
