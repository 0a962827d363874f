import { expect, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WEB_01 = 'fd7712231295a599852c4b50455a8554';

/** Chooses the language before the app starts, as a returning user would have it. */
export async function useLanguage(page: Page, tag: 'en' | 'zh-CN') {
  await page.addInitScript((t) => localStorage.setItem('zstack.lang', t), tag);
}

/**
 * axe-core's WCAG 2.1 A/AA rules and best practices on the page as it is.
 * Injected through the DevTools protocol (`evaluate`), which the page's CSP
 * does not apply to, so the app keeps its strict policy under test.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map(
      (v: any) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n: any) => `${n.target.join(' ')} ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
          .join(' | ')}`,
    );
  });
  return violations;
}

/** Latin words the Chinese UI may show: names, protocols, units, keys. */
export const KEPT = new Set([
  'ZStack', 'ISO', 'UUID', 'CPU', 'IP', 'MAC', 'Linux', 'Windows', 'QEMU', 'qga', 'zwatch',
  'GuestTools', 'HTTP', 'REST', 'JSON', 'Ctrl', 'Enter', 'Shift', 'Esc', 'Tab', 'KB', 'MB', 'GB',
  'TB', 'KiB', 'MiB', 'GiB', 'TiB', 'ms',
]);

/**
 * English words visible on the page, outside what is not ours to translate
 * (marked `translate="no"`: data the server or guest sent, and the language
 * menu's "English", named in itself): text, and the accessible names and
 * hints in aria-label, placeholder, title and alt.
 */
export async function englishLeft(page: Page): Promise<string[]> {
  const found = await page.evaluate(() => {
    const out: string[] = [];
    const skip = (el: Element | null) =>
      !!el?.closest('[translate="no"], script, style, template, noscript');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el)) continue;
      // Only what a user can see (or hear: visually-hidden text has a box too).
      if (!el.checkVisibility() && !el.closest('dialog[open]')) continue;
      const text = n.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [aria-description], [placeholder], [title], [alt]')) {
      if (skip(el)) continue;
      for (const a of ['aria-label', 'aria-description', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    out.push(document.title);
    return out;
  });
  const words: string[] = [];
  for (const text of found) {
    for (const w of text.match(/[A-Za-z]{2,}/g) ?? []) {
      if (!KEPT.has(w)) words.push(`${w} (in "${text.slice(0, 60)}")`);
    }
  }
  return [...new Set(words)];
}

/** A VM's detail page with its guest-tools badges read (they appear once loaded). */
export async function openDetail(page: Page, uuid = WEB_01) {
  await page.goto(`/vms/${uuid}`);
  for (const id of ['tools-status', 'qga-state', 'zwatch-state', 'vm-state']) {
    await expect(page.getByTestId(id).first()).toBeVisible({ timeout: 15_000 });
  }
}

/** English words left in one region's text and labels (hidden text too), outside data marked translate="no". */
export async function englishIn(region: Locator): Promise<string[]> {
  const found = await region.evaluate((root) => {
    const words: string[] = [];
    const take = (text: string | null) => words.push(...(text?.match(/[A-Za-z]{2,}/g) ?? []));
    const walk = (n: Node) => {
      if (n instanceof Element) {
        if (n.getAttribute('translate') === 'no') return;
        for (const a of ['aria-label', 'aria-description', 'title', 'placeholder', 'alt']) take(n.getAttribute(a));
      }
      if (n.nodeType === Node.TEXT_NODE) take(n.textContent);
      n.childNodes.forEach(walk);
    };
    walk(root);
    return words;
  });
  return found.filter((w) => !KEPT.has(w));
}
