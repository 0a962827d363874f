// Script-library set-ups made through ZStack's API (as another admin or
// client would), for the specs that look at the pages rather than build them.
import { expect, type Sim } from '../fixtures';
import type { Locator, Page } from '@playwright/test';

type Json = Record<string, any>;

/** A ZStack call from the test itself, async jobs followed to their end. */
export async function zstack(sim: Sim, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const session = await sim.login();
  const headers = { Authorization: `OAuth ${session}`, 'Content-Type': 'application/json;charset=UTF-8' };
  let r = await fetch(`${sim.url}/zstack/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 202) {
    const location: string = (await r.json()).location;
    const job = `${sim.url}${location.slice(location.indexOf('/zstack/v1/api-jobs/'))}`;
    const deadline = Date.now() + 15_000;
    do {
      await new Promise((done) => setTimeout(done, 50));
      r = await fetch(job, { headers });
    } while (r.status === 202 && Date.now() < deadline);
  }
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : {} };
}

export async function createScript(sim: Sim, params: Json): Promise<Json> {
  const r = await zstack(sim, 'POST', '/scripts', { params: { platform: 'Linux', scriptType: 'Shell', encodingType: 'PlainText', ...params } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.inventory;
}

export async function startRun(sim: Sim, script: string, vms: string[]): Promise<Json> {
  const r = await zstack(sim, 'PUT', `/scripts/${script}/actions`, { executeGuestVmScript: { vmInstanceUuids: vms } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.inventory;
}

/** Waits until ZStack holds the run as ended; its final status. */
export async function runEnded(sim: Sim, record: string): Promise<string> {
  let status = 'Running';
  await expect
    .poll(async () => {
      status = (await zstack(sim, 'GET', `/scripts/records/${record}`)).json.inventories[0].status;
      return status;
    }, { timeout: 20_000 })
    .not.toBe('Running');
  return status;
}

/**
 * `uname -r` run by ZStack on VMs that answer alike (the two Ubuntu 22.04
 * guests), VMs that each answer otherwise, and three it cannot run on
 * (stopped, agent not running, Windows), each with its own errCause.
 * With `--extra-vms`, the copies of web-01 join web-01's group.
 */
export async function finishedRun(sim: Sim, extra: string[] = []): Promise<{ script: Json; record: Json }> {
  await sim.config({ scriptUploadMs: 100, scriptRunMs: 100 });
  const script = await createScript(sim, { name: 'kernel release', description: 'uname -r on each VM', scriptContent: 'uname -r' });
  const names = ['web-01', ...extra, 'full-cdrom-13', 'drives-full-15', 'tools-cd-16', '数据库-主', 'archive-07', 'legacy-03', 'win-srv-08'];
  const all = await sim.vms();
  const uuids = names.map((n) => {
    const vm = all.find((v) => v.name === n);
    if (!vm) throw new Error(`no VM named ${n}`);
    return vm.uuid;
  });
  const record = await startRun(sim, script.uuid, uuids);
  expect(await runEnded(sim, record.uuid)).toBe('Failed');
  return { script, record };
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has the focus, as a
 * keyboard user would; in the script box (where Tab types a tab) Esc first,
 * as its help says. Fails past `max` presses; the number of presses it took.
 */
export async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}): Promise<number> {
  await expect(target).toBeVisible();
  for (let i = 0; i <= max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return i;
    const inScriptBox = await page.evaluate(() => document.activeElement?.id === 'script-content');
    if (inScriptBox) await page.keyboard.press('Escape');
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab did not reach ${target} in ${max} presses`);
}

/**
 * Tabs through the whole page (Esc before leaving the script box) and
 * returns every visible control that never got the focus, and those whose
 * focus was not visibly marked (an outline of at least 2 px).
 */
export async function tabThrough(page: Page) {
  const controls = await page.evaluate(() => {
    const sel = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex="0"]';
    const list = [...document.querySelectorAll<HTMLElement>(sel)].filter(
      (el) => el.checkVisibility() && !el.closest('dialog:not([open]), [inert]'),
    );
    list.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    return list.map((el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`);
  });
  const seen = new Map<number, boolean>();
  await page.locator('body').focus();
  for (let i = 0; i < controls.length + 10; i++) {
    const inScriptBox = await page.evaluate(() => document.activeElement?.id === 'script-content');
    if (inScriptBox) await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.dataset.kb) return null;
      const s = getComputedStyle(el);
      return { i: Number(el.dataset.kb), ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
    });
    if (r) seen.set(r.i, (seen.get(r.i) ?? false) || r.ring);
  }
  return {
    unreachable: controls.filter((_, i) => !seen.has(i)),
    noRing: controls.filter((_, i) => seen.get(i) === false),
    count: controls.length,
  };
}
