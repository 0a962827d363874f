// Measure 5: 1 MiB of command output, from the reply's arrival (and from the
// click on Run) until it shows, with the long tasks and frame gaps it causes.

import { badgeProbe, openWeb01, withPage } from './browser.mjs';
import { max } from './util.mjs';

export async function bigOutput(browser, sim, session) {
  return withPage(browser, badgeProbe(session), async (page) => {
    await openWeb01(page, sim);
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
      // The moment the output is in the DOM (not when a poll notices it).
      const seen = () => {
        const el = document.querySelector('[data-testid=console-stdout]');
        if (el && Number(el.dataset.chars ?? el.textContent.length) > 500_000) {
          w.__shown = performance.now();
          mo.disconnect();
        }
      };
      const mo = new MutationObserver(seen);
      mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
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
    await page.waitForFunction(() => window.__shown != null, null, { timeout: 5_000 });
    const { shownAt, replyToShown } = await page.evaluate(() => {
      // The reply that carried the output: the last API answer before it showed.
      const ends = performance.getEntriesByType('resource')
        .filter((r) => r.name.includes('/zstack/') && r.responseEnd <= window.__shown)
        .map((r) => r.responseEnd);
      return { shownAt: window.__shown - window.__clicked, replyToShown: window.__shown - Math.max(...ends) };
    });
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
      replyToOutputMs: replyToShown,
      stdoutChars: r.stdoutChars,
      stdoutCharsInDom: r.stdoutCharsInDom,
      longTasks: r.long,
      longestTaskMs: r.long.length ? max(r.long.map((e) => e.duration)) : null,
      longestFrameGapMs: r.maxGap,
    };
  });
}
