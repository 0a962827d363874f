// Helpers shared by the hardening-*.spec.ts files (not a spec itself).
import { expect, type Page, type Locator } from '@playwright/test';
import type { Sim } from '../fixtures';

export const HOSTILE_VM = { name: '<img src=x onerror=alert(1)>', uuid: '59954b92b52182f554fd3bcb9db14b56' };
export const HOSTILE_ISO = { name: '<b>bold</b><img src=x onerror=alert(3)>.iso', uuid: 'd60bd419099a6f1b1b5884278bb24849' };
export const WEB01 = { name: 'web-01', uuid: 'fd7712231295a599852c4b50455a8554' };

export async function clearFaults(sim: Sim) {
  const r = await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
  expect(r.ok).toBeTruthy();
}

/** The JSON body of a ZStack API failure. */
export function zstackError(code: string, description: string, details = '') {
  return JSON.stringify({ error: { code, description, details } });
}

export const SESSION_DEAD = {
  status: 503,
  content_type: 'application/json',
  body: JSON.stringify({
    error: {
      code: 'ID.1001',
      description: 'The session is invalid, either wrong session id or the session has been expired',
      details: 'Session expired',
      globalErrorCode: 'ORG_ZSTACK_IDENTITY_10020',
    },
  }),
};

/**
 * Goes to a path and waits for the app to draw its page heading. The first
 * load in a worker compiles the WebAssembly, which takes a while on a busy
 * machine, hence the longer wait here than in assertions.
 */
export async function gotoApp(page: Page, path: string) {
  await page.goto(path);
  await page.locator('main h1').first().waitFor({ timeout: 20_000 });
}

/** The command console of a VM page, opened and ready. */
export async function openConsole(page: Page, vm = WEB01) {
  await gotoApp(page, `/vms/${vm.uuid}`);
  const region = page.getByRole('region', { name: 'Command console' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(vm.name, { timeout: 15_000 });
  await expect(region.getByRole('button', { name: 'Run' })).toBeEnabled();
  return new ConsoleRegion(page, region);
}

export class ConsoleRegion {
  readonly box: Locator;
  readonly run: Locator;
  readonly alert: Locator;
  readonly timeout: Locator;
  constructor(readonly page: Page, readonly region: Locator) {
    this.box = region.getByRole('textbox', { name: 'Command' });
    this.run = region.getByRole('button', { name: 'Run' });
    this.alert = region.getByRole('alert');
    this.timeout = region.getByRole('spinbutton', { name: 'Timeout (seconds)' });
  }

  /** The text is still in the box, the console is idle, and a retry gets the guest's answer. */
  async retryWorks(sim: Sim, typed: string) {
    await expect(this.box).toHaveValue(typed);
    await expect(this.run).toBeEnabled();
    await clearFaults(sim);
    await this.run.click();
    await expect(this.region.getByTestId('console-status')).toContainText('Finished');
    await expect(this.region.getByTestId('console-stdout')).toHaveText(/web-01/);
    await expect(this.alert).toHaveCount(0);
    await expect(this.box).toHaveValue(typed);
  }
}

/**
 * Watches for markup that became elements, dialogs, and `window.__pwned`.
 * Install before the first navigation.
 */
export async function watchForInjection(page: Page) {
  const dialogs: string[] = [];
  const strayRequests: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on('request', (r) => {
    // An injected <img src=x> would fetch "/x" (or a relative "x").
    if (/\/x$/.test(new URL(r.url()).pathname)) strayRequests.push(r.url());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __injected: string[] };
    w.__injected = [];
    const suspicious = (el: Element) =>
      ['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED', 'B', 'I'].includes(el.tagName.toUpperCase()) ||
      el.tagName.toLowerCase() === 'svg' ||
      [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'));
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (!(n instanceof Element) || !document.body?.contains(n)) continue;
          for (const el of [n, ...n.querySelectorAll('*')]) {
            if (suspicious(el)) w.__injected.push(el.outerHTML.slice(0, 200));
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return {
    async expectNothingRan() {
      // Give a would-be onerror handler time to fire.
      await page.waitForTimeout(200);
      expect(dialogs, 'dialogs opened by payloads').toEqual([]);
      expect(strayRequests, 'requests made by injected elements').toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __injected: string[] }).__injected), 'elements made from server text').toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), 'window.__pwned').toBeUndefined();
      expect(await page.locator('body script, body img, body iframe').count()).toBe(0);
    },
  };
}

/** The exact text of an element (textContent), for "shown as text" checks. */
export async function textOf(l: Locator) {
  return (await l.textContent()) ?? '';
}
