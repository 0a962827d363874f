// Content-Security-Policy: the built page carries the policy, every page works
// under it without a single violation, and the policy really refuses things.
import { test, expect, signInThroughForm } from '../fixtures';
import { WEB01, gotoApp } from './hardening-common';

const REQUIRED: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
};

function policyOf(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
  expect(metas, 'exactly one CSP meta tag').toHaveLength(1);
  return new Map(
    metas[0][1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

test('the built index.html carries the policy, and no inline script, style or handler', async ({ page }) => {
  for (const path of ['/', '/vms/' + WEB01.uuid]) {
    const r = await page.request.get(path);
    expect(r.status()).toBe(200);
    const html = await r.text();
    const policy = policyOf(html);
    for (const [name, values] of Object.entries(REQUIRED)) {
      expect(policy.get(name), name).toEqual(values);
    }
    expect(html).not.toMatch(/unsafe-inline|'unsafe-eval'|unsafe-hashes/);
    // Every script is a file; no inline style or event-handler attribute.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  }
});

test('login, list, detail and /run render with zero violations', async ({ page, sim, cspViolations }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await gotoApp(page, '/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to ZStack');
  expect(cspViolations).toEqual([]);

  await signInThroughForm(page);
  await expect(page).toHaveURL(/\/vms$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Virtual machines');
  await expect(page.getByRole('link', { name: WEB01.name, exact: true })).toBeVisible();
  expect(cspViolations).toEqual([]);

  await page.getByRole('link', { name: WEB01.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WEB01.name);
  await expect(page.getByRole('region', { name: 'Guest tools' }).getByTestId('tools-status')).toHaveText('Running');
  await expect(page.getByRole('region', { name: 'ISO' })).toBeVisible();
  const console_ = page.getByRole('region', { name: 'Command console' });
  await console_.getByRole('textbox', { name: 'Command' }).fill('print-markup');
  await console_.getByRole('button', { name: 'Run' }).click();
  await expect(console_.getByTestId('console-stdout')).toContainText('<script>');
  expect(cspViolations).toEqual([]);

  const batch = await sim.vmByName('batch-06');
  await gotoApp(page, `/run?vms=${WEB01.uuid},${batch.uuid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Run a command on 2 VMs');
  await page.getByRole('textbox', { name: 'Command' }).fill('hostname');
  await page.getByRole('button', { name: 'Run on all' }).click();
  await expect(page.getByTestId('multi-groups')).toBeVisible();
  expect(cspViolations).toEqual([]);

  await gotoApp(page, '/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  expect(cspViolations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the policy is enforced: inline script, inline style and other hosts are refused', async ({ browser, baseURL }) => {
  // A context of its own: the violations here are the point, and the
  // automatic check on `page` would (rightly) fail on them.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await gotoApp(page, '/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to ZStack');
  const result = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
    const w = window as unknown as { __ran?: number };
    const s = document.createElement('script');
    s.textContent = 'window.__ran = 1';
    document.body.append(s);
    const d = document.createElement('div');
    d.setAttribute('style', 'color: rgb(255, 0, 0)');
    document.body.append(d);
    let fetchRefused = false;
    try {
      await fetch('http://127.0.0.2:9/zstack/v1/vm-instances');
    } catch {
      fetchRefused = true;
    }
    await new Promise((r) => setTimeout(r, 300));
    return { seen: [...new Set(seen)].sort(), ran: w.__ran, fetchRefused, color: getComputedStyle(d).color };
  });
  expect(result.ran).toBeUndefined();
  expect(result.fetchRefused).toBe(true);
  expect(result.color).not.toBe('rgb(255, 0, 0)');
  expect(result.seen).toEqual(expect.arrayContaining(['connect-src', 'script-src-elem', 'style-src-attr']));
  await context.close();
});
