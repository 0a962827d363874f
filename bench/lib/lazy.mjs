// Measure 9: opening a lazily loaded page from a VM page's navigation, click →
// the page's content, for its first visit (its wasm chunks not yet in) and a
// later one. The first visit is taken twice: after the pointer rested on the
// link for HOVER_MS (as a hand does before it clicks; the console starts the
// chunks then) and with a click at once (nothing ahead of it).

import { badgeProbe, waitForTarget, withPage, WEB01 } from './browser.mjs';

export const HOVER_MS = 200;
const VISITS = 5;
// The header's links, and what shows that the page is there.
const PAGES = [
  ['Virtual machines', '[data-testid=vm-count]'],
  ['Scripts', '[data-testid=script-count]'],
  ['Runs', '[data-testid=runs-count]'],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function lazyPages(browser, sim, session) {
  const out = [];
  for (const [link, shown] of PAGES) {
    const times = { hover: [], click: [], later: [] };
    let chunks = 0;
    // Wasm files still to come at the click after a hover: none if the
    // preload had done its work.
    let afterHover = 0;
    for (let i = 0; i < VISITS; i++) {
      for (const first of ['hover', 'click']) {
        await withPage(browser, badgeProbe(session), async (page) => {
          await page.goto(`${sim.url}/vms/${WEB01}`);
          await waitForTarget(page);
          await page.locator('[data-shortcut=search]').waitFor();
          const open = async (hoverMs) => {
            const a = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true });
            if (hoverMs) {
              await a.hover();
              await page.waitForTimeout(hoverMs);
            }
            const before = await page.evaluate(() => performance.getEntriesByType('resource').length);
            const t0 = await page.evaluate(() => performance.now());
            await a.click();
            await page.waitForFunction(
              ([sel, from]) => location.pathname !== from && (document.querySelector(sel)?.textContent.trim() ?? '') !== '',
              [shown, `/vms/${WEB01}`],
            );
            const t1 = await page.evaluate(() => performance.now());
            const fetched = await page.evaluate((b) => performance.getEntriesByType('resource').slice(b).filter((r) => r.name.endsWith('.wasm')).length, before);
            return { ms: t1 - t0, fetched };
          };
          const firstVisit = await open(first === 'hover' ? HOVER_MS : 0);
          times[first].push(firstVisit.ms);
          if (first === 'click') chunks = Math.max(chunks, firstVisit.fetched);
          else afterHover = Math.max(afterHover, firstVisit.fetched);
          await page.goBack();
          await page.locator('[data-testid=qga-state]').waitFor();
          if (first === 'hover') times.later.push((await open(0)).ms);
        });
      }
    }
    out.push({ link, chunks, afterHover, hover: median(times.hover), click: median(times.click), later: median(times.later) });
  }
  return { visits: VISITS, hoverMs: HOVER_MS, pages: out };
}
