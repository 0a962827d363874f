// Every page but the VM page and sign-in is a wasm chunk of its own, fetched
// the first time it opens. Pointing at a link (or focusing it) starts that
// fetch, so the click finds the page loaded; a chunk that does not arrive
// leaves a message inside the app, not the crash screen.
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { WEB01 } from './hardening-common';

const CHUNK = /\/(split_|chunk_)[^/]*\.wasm$/;

/** The chunk requests the page makes, each with whether it has finished. */
function watchChunks(page: Page) {
  const seen = new Map<string, boolean>();
  page.on('request', (r) => { if (CHUNK.test(r.url())) seen.set(r.url(), false); });
  page.on('requestfinished', (r) => { if (CHUNK.test(r.url())) seen.set(r.url(), true); });
  return {
    names: () => [...seen.keys()].map((u) => u.split('/').pop()!),
    allDone: () => seen.size > 0 && [...seen.values()].every(Boolean),
  };
}

async function openVmPage(page: Page) {
  await page.goto(`/vms/${WEB01.uuid}`);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
}

// The pointer (the Scripts link) and the keyboard (the Runs link, then Enter).
for (const way of [
  { how: 'pointing at', link: 'Scripts', chunk: 'split_script_library' },
  { how: 'focusing', link: 'Runs', chunk: 'split_run_list' },
]) {
  test(`${way.how} a link loads its page before the click; opening it fetches nothing more`, async ({ page, signedIn }) => {
    await openVmPage(page);
    const chunks = watchChunks(page);
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: way.link, exact: true });
    if (way.how === 'focusing') await link.focus();
    else await link.hover();
    await expect.poll(chunks.allDone).toBe(true);
    expect(chunks.names().some((n) => n.startsWith(way.chunk))).toBe(true);
    const before = chunks.names().length;
    if (way.how === 'focusing') await page.keyboard.press('Enter');
    else await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(way.link);
    expect(chunks.names()).toHaveLength(before);
  });
}

test('a page whose code does not arrive: a message in the app, the rest keeps working, and it opens once the network is back', async ({ page, signedIn }) => {
  await openVmPage(page);
  await page.route(CHUNK, (route) => route.abort());
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Scripts', exact: true }).click();
  await expect(page).toHaveURL('/scripts');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page could not be loaded');
  await expect(page.getByRole('alert')).toContainText('Reload the page');
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  // The app is alive: back to the VM page, its badges and console as before.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WEB01.name);
  await expect(page.getByTestId('qga-state')).toHaveText('Running');
  // Opening the page again tries its chunk again.
  await page.unroute(CHUNK);
  await nav.getByRole('link', { name: 'Scripts', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scripts');
});

test('the message\'s Reload button reloads the page it is on', async ({ page, signedIn }) => {
  await openVmPage(page);
  await page.route(CHUNK, (route) => route.abort());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page could not be loaded');
  await page.unroute(CHUNK);
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await expect(page).toHaveURL('/scripts/records');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Runs');
});
