#!/usr/bin/env bash
# An experimental release build with the wasm split into lazily loaded chunks:
# every page except the VM page and sign-in (src/app.rs, feature `split`) is
# fetched the first time it is shown. Trunk cannot split a wasm, so this does
# what Trunk's rust pipeline does, with the splitter in it, in the order
# cargo-leptos uses for `--split`:
#   cargo (relocations kept) -> wasm-split-cli -> wasm-bindgen (main module)
#   -> wasm-opt (main module and each chunk) -> hashed dist + index.html
#   scripts/build-split.sh [DIST]        (default: dist-split)
# Needs wasm-split-cli 0.2.4 on PATH:
#   cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$(realpath -m "${1:-$ROOT/dist-split}")"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET_DIR/split-build"
export PATH="$HOME/.cargo/bin:$ROOT/tests/e2e/node_modules/.bin:$PATH"

for tool in wasm-split-cli wasm-bindgen wasm-opt node; do
  command -v "$tool" >/dev/null || { echo "build-split: $tool is not on PATH" >&2; exit 1; }
done

# The splitter follows the linker's relocations, and their symbol table must
# survive: the release profile strips symbols, so this one link keeps them.
# `cargo rustc` gives the flags to the final binary only, so the dependencies
# stay the ones an ordinary release build compiled.
cargo rustc --release --target wasm32-unknown-unknown --bin zstack-console --features split \
  -- -C link-arg=--emit-relocs -C strip=none

rm -rf "$WORK"
mkdir -p "$WORK/split" "$WORK/out"
# Main module (still to be bindgen'd) + one wasm per split point or shared
# chunk + the link module __wasm_split.js, which imports initSync from the glue.
wasm-split-cli "$TARGET_DIR/wasm32-unknown-unknown/release/zstack-console.wasm" "$WORK/split" \
  --target web --out-name zstack-console

# --keep-lld-exports: the chunks link against the main module's exports.
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$WORK/out" --out-name zstack-console "$WORK/split/zstack-console.wasm"
mv "$WORK/split/__wasm_split.js" "$WORK/out/"
for chunk in "$WORK/split"/*.wasm; do
  [[ "$(basename "$chunk")" == zstack-console.wasm ]] || mv "$chunk" "$WORK/out/"
done

# Trunk's wasm-opt flags (index.html), on every module.
for wasm in "$WORK/out"/*.wasm; do
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm"
done

node "$ROOT/scripts/split-dist.mjs" "$WORK/out" "$DIST"
