// The dist of scripts/build-split.sh: what Trunk's release build makes of
// index.html, for a wasm the splitter cut into chunks.
//   node scripts/split-dist.mjs <modules dir> <dist>
// <modules dir> holds the wasm-bindgen glue (zstack-console.js), the main
// module (zstack-console_bg.wasm), the splitter's link module
// (__wasm_split.js) and the chunks (*.wasm), all optimized. Every name gets
// one hash of all of them, since they name each other: the glue imports the
// link module, which imports the glue and fetches the chunks beside itself.
// The other files are copied as Trunk copies them (it does not minify them),
// each with a hash of its own.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [modulesDir, dist] = process.argv.slice(2);
if (!modulesDir || !dist) {
  console.error('usage: split-dist.mjs <modules dir> <dist>');
  process.exit(2);
}
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const GLUE = 'zstack-console.js';
const MAIN = 'zstack-console_bg.wasm';
const LINK = '__wasm_split.js';

const hex = (buf) => crypto.createHash('sha256').update(buf).digest('hex').slice(0, 16);
const sri = (buf) => `sha384-${crypto.createHash('sha384').update(buf).digest('base64')}`;
const hashed = (name, hash) => {
  const m = name.match(/^(.*?)((?:_bg)?\.[a-z]+)$/);
  return `${m[1]}-${hash}${m[2]}`;
};

const names = fs.readdirSync(modulesDir).sort();
for (const need of [GLUE, MAIN, LINK]) {
  if (!names.includes(need)) throw new Error(`${modulesDir} has no ${need}`);
}
const all = crypto.createHash('sha256');
for (const name of names) all.update(name).update(fs.readFileSync(path.join(modulesDir, name)));
const buildHash = all.digest('hex').slice(0, 16);
const renamed = new Map(names.map((n) => [n, hashed(n, buildHash)]));

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });
const out = {};

/**
 * Renames each quoted "./name" of a renamed module that `prefix` introduces;
 * fails if one is missing. The glue's import object keeps its keys: they are
 * the wasm's import module names, not URLs.
 */
function relink(text, file, wanted, prefix = '') {
  for (const name of wanted) {
    const re = new RegExp(`(?<=${prefix})(["'])(\\./)?${name.replace(/[.]/g, '\\.')}\\1`, 'g');
    if (!re.test(text)) throw new Error(`${file} does not name ${name}`);
    text = text.replace(re, (_m, q, dot) => `${q}${dot ?? ''}${renamed.get(name)}${q}`);
  }
  return text;
}

for (const name of names) {
  let buf = fs.readFileSync(path.join(modulesDir, name));
  if (name === GLUE) buf = Buffer.from(relink(buf.toString(), name, [LINK], 'from '));
  if (name === LINK) {
    const chunks = names.filter((n) => n.endsWith('.wasm') && n !== MAIN);
    buf = Buffer.from(relink(buf.toString(), name, [GLUE, ...chunks]));
  }
  fs.writeFileSync(path.join(dist, renamed.get(name)), buf);
  out[name] = { file: renamed.get(name), buf };
}

function copyHashed(rel) {
  const buf = fs.readFileSync(path.join(ROOT, rel));
  const file = hashed(path.basename(rel), hex(buf));
  fs.writeFileSync(path.join(dist, file), buf);
  return { file, buf };
}
const css = copyHashed('style/main.css');
const icon = copyHashed('assets/favicon.svg');
const boot = copyHashed('assets/boot.js');

const glue = out[GLUE];
const main = out[MAIN];
const link = out[LINK];
const swaps = [
  [
    /<link data-trunk rel="icon"[^>]*\/>/,
    `<link rel="icon" href="/${icon.file}" integrity="${sri(icon.buf)}"/>`,
  ],
  [
    /<link data-trunk rel="css"[^>]*\/>/,
    `<link rel="stylesheet" href="/${css.file}" integrity="${sri(css.buf)}"/>`,
  ],
  // Trunk.toml's pattern_script, and the preloads Trunk adds; the link module
  // is a static import of the glue, so it is preloaded too.
  [
    /<link data-trunk rel="rust"[^>]*\/>/,
    `<template id="zs-boot" data-js="/${glue.file}" data-wasm="/${main.file}"></template>` +
      `<link rel="modulepreload" href="/${glue.file}" crossorigin="anonymous" integrity="${sri(glue.buf)}">` +
      `<link rel="modulepreload" href="/${link.file}" crossorigin="anonymous" integrity="${sri(link.buf)}">` +
      `<link rel="preload" href="/${main.file}" crossorigin="anonymous" integrity="${sri(main.buf)}" as="fetch" type="application/wasm">`,
  ],
  [
    /<script data-trunk src="assets\/boot\.js" type="module"><\/script>/,
    `<script src="/${boot.file}" integrity="${sri(boot.buf)}" type="module"></script>`,
  ],
];
let html = fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8');
for (const [re, to] of swaps) {
  if (!re.test(html)) throw new Error(`index.html: no match for ${re}`);
  html = html.replace(re, to);
}
if (/data-trunk/.test(html)) throw new Error('index.html: a data-trunk element is left');
fs.writeFileSync(path.join(dist, 'index.html'), html);

for (const f of fs.readdirSync(dist).sort()) {
  console.log(`${String(fs.statSync(path.join(dist, f)).size).padStart(9)}  ${f}`);
}
