// Measure 6: JS heap, wasm memory and DOM counters after one visit to a detail
// page and after NAVIGATIONS client-side trips between seeded VMs.

import { withPage } from './browser.mjs';
import { trackApi } from './requests.mjs';
import { simGet } from './sim.mjs';

export const NAVIGATIONS = 20;

export async function memory(browser, sim, session) {
  return withPage(browser, { selector: null, expect: null, session }, async (page, context) => {
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
  });
}
