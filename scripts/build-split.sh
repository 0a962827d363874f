#!/usr/bin/env bash
# The release build: the console's wasm split into lazily loaded chunks. Every
# page except the VM page and sign-in (src/app.rs, feature `split`) is fetched
# the first time it is shown. Trunk cannot split a wasm, so this does what
# Trunk's rust pipeline does, with the splitter in it, in the order
# cargo-leptos uses for `--split`:
#   cargo (relocations kept) -> wasm-split-cli -> wasm-bindgen (main module)
#   -> wasm-opt (main module and each chunk) -> hashed dist + index.html
#   scripts/build-split.sh [DIST]        (default: dist)
# The test command, the benchmark and deployment use this dist; `trunk serve`
# (scripts/serve.sh) remains the unsplit development server.
#
# Nothing changed, nothing redone: cargo is incremental, and the splitter,
# wasm-bindgen and wasm-opt are skipped when the linked wasm and the tools are
# the same as last time. Quiet on success but for the dist's listing; on a
# failure, the failed step's log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$(realpath -m "${1:-$ROOT/dist}")"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET_DIR/split-build"
LOG="$WORK/build.log"

if [[ -z "${ZS_SETUP_DONE:-}" ]]; then
  # shellcheck source=setup.sh
  source "$ROOT/scripts/setup.sh"
  setup_rust && setup_node || { echo "build-split: set-up failed" >&2; exit 1; }
  set -euo pipefail
fi
export PATH="$HOME/.cargo/bin:$ROOT/tests/e2e/node_modules/.bin:$PATH"
for tool in wasm-split-cli wasm-bindgen wasm-opt node; do
  command -v "$tool" >/dev/null || { echo "build-split: $tool is not on PATH (run scripts/setup.sh)" >&2; exit 1; }
done

mkdir -p "$WORK"
: >"$LOG"
run() { # what, command...: the command's output goes to the log, and is shown if it fails
  local what="$1" rc=0; shift
  printf '$ %s\n' "$*" >"$WORK/step.log"
  "$@" >>"$WORK/step.log" 2>&1 || rc=$?
  { printf '\n==> %s\n' "$what"; cat "$WORK/step.log"; } >>"$LOG"
  if [[ "$rc" != 0 ]]; then
    echo "build-split: $what failed (exit $rc); its log follows (all steps: $LOG)" >&2
    cat "$WORK/step.log" >&2
    exit 1
  fi
}
step() { printf '[build] %s\n' "$1" >&2; run "$@"; }

# The splitter follows the linker's relocations, and their symbol table must
# survive: the release profile strips symbols, so this one link keeps them.
# `cargo rustc` gives the flags to the final binary only, so the dependencies
# stay the ones an ordinary release build compiled.
step "cargo (release, feature split)" \
  cargo rustc --release --target wasm32-unknown-unknown --bin zstack-console --features split \
  -- -C link-arg=--emit-relocs -C strip=none
LINKED="$TARGET_DIR/wasm32-unknown-unknown/release/zstack-console.wasm"

# What the modules are made from: the linked wasm, the tools, this script.
key="$(
  {
    sha256sum "$LINKED" "$(command -v wasm-split-cli)" "$ROOT/scripts/build-split.sh" | cut -d' ' -f1
    wasm-bindgen --version
    wasm-opt --version
  } | sha256sum | cut -d' ' -f1
)" || { echo "build-split: could not hash the linked wasm and the tools' versions" >&2; exit 1; }
if [[ -d "$WORK/out" && -f "$WORK/key" && "$(cat "$WORK/key")" == "$key" ]]; then
  printf '[build] split, wasm-bindgen, wasm-opt: unchanged, skipped\n' >&2
else
  rm -rf "$WORK/split" "$WORK/next" "$WORK/out" "$WORK/key"
  mkdir -p "$WORK/split" "$WORK/next"
  # Main module (still to be bindgen'd) + one wasm per split point or shared
  # chunk + the link module __wasm_split.js, which imports initSync from the glue.
  step "wasm-split-cli" \
    wasm-split-cli "$LINKED" "$WORK/split" --target web --out-name zstack-console

  # --keep-lld-exports: the chunks link against the main module's exports.
  step "wasm-bindgen (main module)" \
    wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-dir "$WORK/next" --out-name zstack-console "$WORK/split/zstack-console.wasm"
  mv "$WORK/split/__wasm_split.js" "$WORK/next/"
  for chunk in "$WORK/split"/*.wasm; do
    [[ "$(basename "$chunk")" == zstack-console.wasm ]] || mv "$chunk" "$WORK/next/"
  done

  # Trunk's wasm-opt flags (index.html), on every module.
  printf '[build] wasm-opt -Oz (%s modules)\n' "$(ls "$WORK/next"/*.wasm | wc -l)" >&2
  for wasm in "$WORK/next"/*.wasm; do
    run "wasm-opt $(basename "$wasm")" \
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm"
  done
  rm -rf "$WORK/split"
  mv "$WORK/next" "$WORK/out"
  echo "$key" >"$WORK/key"
fi

step "dist ($DIST)" node "$ROOT/scripts/split-dist.mjs" "$WORK/out" "$DIST"
tail -n +2 "$WORK/step.log"
