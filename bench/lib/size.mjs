// Measure 1: the bytes a cold load of the detail page transfers, raw and as
// gzip-9 and brotli-11 would send them.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { badgeProbe, openWeb01, withPage } from './browser.mjs';
import { sleep } from './util.mjs';

function transferSizes(dist, loadedPaths) {
  const kinds = { html: /\.html$/, js: /\.js$/, wasm: /\.wasm$/, css: /\.css$/ };
  const rows = {};
  for (const k of Object.keys(kinds)) rows[k] = { files: [], raw: 0, gzip: 0, brotli: 0 };
  for (const rel of loadedPaths) {
    const file = path.join(dist, rel);
    const buf = fs.readFileSync(file);
    const kind = Object.keys(kinds).find((k) => kinds[k].test(rel)) ?? path.extname(rel).slice(1);
    const row = (rows[kind] ??= { files: [], raw: 0, gzip: 0, brotli: 0 });
    row.files.push(rel);
    row.raw += buf.length;
    row.gzip += zlib.gzipSync(buf, { level: 9 }).length;
    row.brotli += zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        [zlib.constants.BROTLI_PARAM_MODE]: /\.wasm$/.test(rel) ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
      },
    }).length;
  }
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const r of Object.values(rows)) for (const k of Object.keys(total)) total[k] += r[k];
  return { rows, total };
}

/** The dist files one cold load of the detail page fetches, and how they were encoded. */
async function firstLoadFiles(browser, sim, session) {
  return withPage(browser, badgeProbe(session, null), async (page) => {
    const files = new Map();
    page.on('response', async (r) => {
      const u = new URL(r.url());
      if (u.origin !== sim.url || u.pathname.startsWith('/zstack/') || u.pathname.startsWith('/_sim/')) return;
      const rel = u.pathname === '/' || !path.extname(u.pathname) ? 'index.html' : u.pathname.slice(1);
      const headers = await r.allHeaders().catch(() => ({}));
      const seen = files.get(rel);
      files.set(rel, { status: r.status(), encoding: headers['content-encoding'] ?? 'identity', fetches: (seen?.fetches ?? 0) + 1 });
    });
    await openWeb01(page, sim);
    await sleep(300);
    return files;
  });
}

/** Sizes of the files `dist` served to one cold load, with what was served. */
export async function firstLoadSize(browser, sim, session, dist) {
  const files = await firstLoadFiles(browser, sim, session);
  return { ...transferSizes(dist, [...files.keys()]), served: Object.fromEntries(files) };
}
