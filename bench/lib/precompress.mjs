// Brotli-11 and gzip-9 copies beside each file of a dist (`name.br`,
// `name.gz`), which the simulator sends as they are, as nginx's
// brotli_static / gzip_static do in production (deploy/nginx.conf):
// compressing 1.7 MB of wasm on every request would be measured as load time.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const COMPRESSIBLE = /\.(wasm|js|css|html|svg)$/;

export function precompress(dist) {
  for (const name of fs.readdirSync(dist)) {
    if (!COMPRESSIBLE.test(name)) continue;
    const file = path.join(dist, name);
    const buf = fs.readFileSync(file);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        [zlib.constants.BROTLI_PARAM_MODE]: name.endsWith('.wasm') ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
      },
    }));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(buf, { level: 9 }));
  }
}
