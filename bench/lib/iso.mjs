// Measure 4: the ISO filter over 5,000 candidates, per keystroke. "n/a" with a
// reason when the page has no "Filter ISOs" searchbox or the typing cannot be seen.

import { badgeProbe, openWeb01, withPage } from './browser.mjs';
import { max, median } from './util.mjs';

export async function isoFilter(browser, sim, session) {
  return withPage(browser, badgeProbe(session), async (page) => {
    await openWeb01(page, sim);
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
    // microtasks), and keydown → the first animation frame after the key's
    // last DOM change ("frame": the frame that shows it). The frames are
    // watched from keydown on: a frame requested only once "work" has run
    // comes a frame after the one that showed the update.
    await page.evaluate(() => {
      const w = window;
      w.__keys = [];
      w.__mutations = [];
      let lastMutation = -1;
      new MutationObserver(() => {
        lastMutation = performance.now();
        w.__mutations.push(lastMutation);
      }).observe(document.body, {
        subtree: true, childList: true, characterData: true, attributes: true,
      });
      const input = document.querySelector('input[aria-label="Filter ISOs"]') ?? document.activeElement;
      input.addEventListener(
        'keydown',
        () => {
          const t0 = performance.now();
          const rec = { t0, frames: [] };
          w.__keys.push(rec);
          const tick = () => {
            rec.frames.push(performance.now());
            if (rec.frames.length < 4) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            document.querySelector('[role=listbox]')?.getBoundingClientRect();
            rec.work = performance.now() - t0;
            rec.dom = lastMutation >= t0 ? lastMutation - t0 : null;
            rec.count = document.querySelector('[data-testid=iso-count]')?.textContent ?? '';
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
    const { keys: raw, mutations } = await page.evaluate(() => ({ keys: window.__keys, mutations: window.__mutations }));
    // Each key's frame: the first after its last DOM change (before the next key).
    const keys = raw.map((k, i) => {
      const until = raw[i + 1]?.t0 ?? Infinity;
      const mine = mutations.filter((m) => m >= k.t0 && m < until);
      const changed = mine.length ? Math.max(...mine) : k.t0;
      const shown = k.frames.find((f) => f >= changed);
      const { t0, frames, ...rest } = k;
      return { ...rest, frame: shown == null ? null : shown - t0 };
    });
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
      samples: keys,
    };
  });
}
