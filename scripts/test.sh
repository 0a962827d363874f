#!/usr/bin/env bash
# The test command: installs what is missing, then runs every layer and ends
# with one line "N passed, M failed". Non-zero exit on any failure.
#   scripts/test.sh            all layers
#   E2E_ONLY=1 scripts/test.sh only build + Playwright (quick iteration)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
if ! setup_all; then
  echo "set-up failed"
  echo "0 passed, 1 failed"
  exit 1
fi

SCRATCH="$ROOT/.scratch"
rm -rf "$SCRATCH/tmp" "$SCRATCH/test-results"
mkdir -p "$SCRATCH/tmp"
# Chromium leaves a profile per run under TMPDIR; keep it where we clean.
export TMPDIR="$SCRATCH/tmp"
export CARGO_TERM_COLOR=never

passed=0
failed=0
failures=()

section() { printf '\n==> %s\n' "$*"; }
check() { # name, command...: one pass or one fail
  local name="$1"; shift
  section "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}
count_cargo() { # name, log: add the "test result" counts of a cargo test log
  local name="$1" log="$2" rc="$3" p f
  read -r p f < <(awk '/^test result:/ { for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    END { print p + 0, f + 0 }' "$log")
  if [[ "$rc" != 0 && "$f" == 0 ]]; then f=1; fi # a build error counts as a failure
  passed=$((passed + p)); failed=$((failed + f))
  [[ "$f" == 0 ]] || failures+=("$name")
  printf '%s: %s passed, %s failed\n' "$name" "$p" "$f"
}

no_html_sinks() {
  # Server and guest text must render as text: no HTML sinks anywhere in our code.
  ! git grep -nE '\binner_html\b|set_inner_html|innerHTML|outerHTML|insertAdjacentHTML|document\.write' -- src crates assets ':!*.md'
}

if [[ -z "${E2E_ONLY:-}" ]]; then
  check "cargo fmt" cargo fmt --all --check
  check "clippy (native crates)" cargo clippy -p zstack-api -p zstack-sim --all-targets --quiet -- -D warnings
  check "clippy (console, wasm32)" cargo clippy -p zstack-console --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
  check "clippy (console, wasm32, feature split)" cargo clippy -p zstack-console --target wasm32-unknown-unknown --all-targets --features split --quiet -- -D warnings
  check "no HTML sinks" no_html_sinks

  section "native tests (zstack-api, zstack-sim)"
  cargo test -p zstack-api -p zstack-sim 2>&1 | tee "$SCRATCH/native.log"
  count_cargo "native tests" "$SCRATCH/native.log" "${PIPESTATUS[0]}"

  section "browser tests (wasm-bindgen-test, headless Chromium)"
  cargo test -p zstack-console --target wasm32-unknown-unknown --tests 2>&1 | tee "$SCRATCH/wasm.log"
  count_cargo "browser tests" "$SCRATCH/wasm.log" "${PIPESTATUS[0]}"
fi

section "release build (scripts/build-split.sh) and simulator"
if scripts/build-split.sh >"$SCRATCH/build.log" 2>&1 && cargo build -p zstack-sim --bins --quiet; then
  passed=$((passed + 1))
  section "protocol probe against the simulator"
  port=18090
  "$TARGET_DIR/debug/zstack-sim" --listen "127.0.0.1:$port" --job-duration-ms 200 >"$SCRATCH/probe-sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  if "$TARGET_DIR/debug/zstack-probe" "http://127.0.0.1:$port/zstack/v1"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("protocol probe"); fi
  kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null

  section "end-to-end tests (Playwright, headless Chromium)"
  export E2E_JSON="$SCRATCH/e2e.json"
  rm -f "$E2E_JSON"
  (cd tests/e2e && npx playwright test ${E2E_ARGS:-})
  e2e_rc=$?
  if [[ -f "$E2E_JSON" ]]; then
    read -r p f < <(node -e 'const s=require(process.argv[1]).stats; console.log(s.expected+s.flaky, s.unexpected)' "$E2E_JSON")
  else
    p=0; f=1
  fi
  if [[ "$e2e_rc" != 0 && "$f" == 0 ]]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  [[ "$f" == 0 ]] || failures+=("end-to-end tests")

  section "deployment: nginx with deploy/nginx.conf (scripts/nginx-test.sh)"
  scripts/nginx-test.sh 2>&1 | tee "$SCRATCH/nginx.log"
  nginx_rc=${PIPESTATUS[0]}
  read -r p f < <(awk '/^[0-9]+ passed, [0-9]+ failed$/ { p = $1; f = $3 } END { print p + 0, f + 0 }' "$SCRATCH/nginx.log")
  if [[ "$nginx_rc" != 0 && "$f" == 0 ]]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  [[ "$f" == 0 ]] || failures+=("nginx deployment")
else
  cat "$SCRATCH/build.log"
  failed=$((failed + 1)); failures+=("release build")
fi

rm -rf "$SCRATCH/tmp"
echo
if ((${#failures[@]})); then printf 'failed: %s\n' "${failures[@]}"; fi
echo "$passed passed, $failed failed"
[[ "$failed" == 0 ]]
