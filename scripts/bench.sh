#!/usr/bin/env bash
# The benchmark: builds the console's release dist and the blank reference app
# (bench/blank), serves both with the simulator at zero latency, drives headless
# Chromium with Playwright (bench/run.mjs), prints one table with PASS/FAIL per
# budget line and writes it as JSON to target/bench/bench.json.
#
# Exit 0 when everything was measured, even if a budget line fails; non-zero
# when something could not be built or measured.
#   scripts/bench.sh
#   BENCH_LOADS=5 scripts/bench.sh      fewer cold loads (quick look)
#   BENCH_PORT=19040 scripts/bench.sh   first of four ports for the simulators
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
if ! setup_all; then
  echo "bench: set-up failed" >&2
  exit 1
fi

OUT="$ROOT/target/bench"
SCRATCH="$ROOT/.scratch/bench"
rm -rf "$SCRATCH"
mkdir -p "$OUT" "$SCRATCH/tmp"
export CARGO_TERM_COLOR=never

step() { printf '[bench] %s\n' "$*" >&2; }
fail() { # what, log
  echo "bench: $1 failed; its log follows" >&2
  tail -n 60 "$2" >&2
  exit 1
}

# The console, exactly as released (the split build), into its own dist (dist/
# stays the test command's). Same target dir as every other release build, so
# nothing rebuilds twice.
step "release build of the console (scripts/build-split.sh)"
scripts/build-split.sh "$OUT/dist" >"$SCRATCH/build.log" 2>&1 || fail "the console's release build" "$SCRATCH/build.log"

# The blank app: its own workspace and target dir, the same profile and wasm-opt flags.
step "release build of the blank reference app (bench/blank)"
(
  cd bench/blank &&
    cargo fetch --quiet &&
    CARGO_TARGET_DIR="$ROOT/target/bench-blank" trunk build --release --dist "$OUT/blank-dist"
) >"$SCRATCH/blank.log" 2>&1 || fail "the blank app's release build" "$SCRATCH/blank.log"

# Optimised, so that serving and compressing never shows up in the page's numbers.
step "simulator (cargo build --release -p zstack-sim)"
cargo build --release -p zstack-sim --bin zstack-sim >"$SCRATCH/sim.log" 2>&1 || fail "the simulator's build" "$SCRATCH/sim.log"

step "measuring (headless Chromium)"
# Chromium leaves a profile per context under TMPDIR; keep it where we clean.
TMPDIR="$SCRATCH/tmp" node bench/run.mjs \
  --dist "$OUT/dist" \
  --blank-dist "$OUT/blank-dist" \
  --sim "$ROOT/target/release/zstack-sim" \
  --out "$OUT/bench.json" \
  --port "${BENCH_PORT:-19000}" \
  --loads "${BENCH_LOADS:-15}"
rc=$?
rm -rf "$SCRATCH/tmp"
exit "$rc"
