// Measure 1: the bytes a cold load of the detail page transfers, raw and as
// gzip-9 and brotli-11 would send them: those fetched before the badges show
// (the first paint, which the budget judges), and the whole page's, with any
// chunks a split build would fetch after that paint.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { badgeProbe, openWeb01, withPage } from './browser.mjs';
import { sleep } from './util.mjs';

/** One file's kind and its raw, gzip-9 and brotli-11 sizes. */
function fileSizes(dist, rel) {
  const kinds = { html: /\.html$/, js: /\.js$/, wasm: /\.wasm$/, css: /\.css$/ };
  const buf = fs.readFileSync(path.join(dist, rel));
  return {
    kind: Object.keys(kinds).find((k) => kinds[k].test(rel)) ?? path.extname(rel).slice(1),
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        [zlib.constants.BROTLI_PARAM_MODE]: /\.wasm$/.test(rel) ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
      },
    }).length,
  };
}

/** Per kind and in all, the sizes of `rels` (each compressed once, in `sizes`). */
function transferSizes(sizes, rels) {
  const rows = {};
  for (const k of ['html', 'js', 'wasm', 'css']) rows[k] = { files: [], raw: 0, gzip: 0, brotli: 0 };
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const rel of rels) {
    const f = sizes.get(rel);
    const row = (rows[f.kind] ??= { files: [], raw: 0, gzip: 0, brotli: 0 });
    row.files.push(rel);
    for (const k of Object.keys(total)) {
      row[k] += f[k];
      total[k] += f[k];
    }
  }
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
    // When each file was asked for, against the moment the badges showed.
    const started = await page.evaluate(() => {
      const out = {};
      for (const r of performance.getEntriesByType('resource')) out[new URL(r.name).pathname.slice(1)] = r.startTime;
      return { files: out, badges: window.__bench.marks.target };
    });
    for (const [rel, f] of files) {
      const at = started.files[rel];
      f.beforeBadges = rel === 'index.html' || (at != null && at <= started.badges);
    }
    return files;
  });
}

/** Sizes of the files `dist` served to one cold load, with what was served. */
export async function firstLoadSize(browser, sim, session, dist) {
  const files = await firstLoadFiles(browser, sim, session);
  const sizes = new Map([...files.keys()].map((rel) => [rel, fileSizes(dist, rel)]));
  const first = [...files].filter(([, f]) => f.beforeBadges).map(([rel]) => rel);
  const whole = transferSizes(sizes, [...files.keys()]);
  return {
    ...transferSizes(sizes, first),
    whole: { total: whole.total, files: files.size, after: files.size - first.length },
    served: Object.fromEntries(files),
  };
}
