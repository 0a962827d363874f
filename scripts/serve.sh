#!/usr/bin/env bash
# The serve command: installs what is missing, builds, starts the simulator on
# 127.0.0.1:8080 (unless ZSTACK_URL names a real management node) and serves
# the console with Trunk, proxying /zstack to the API. Ctrl-C stops everything.
# This is the development server: Trunk rebuilds on every change, as one wasm
# (no `split` feature), into its own dist under the target dir, so dist/ stays
# the release build's (scripts/build-split.sh).
#   scripts/serve.sh                              console + simulator
#   ZSTACK_URL=http://mn.example:8080 scripts/serve.sh   console + a real ZStack
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
setup_rust
setup_node
set -euo pipefail

PORT="${CONSOLE_PORT:-8000}"
backend="${ZSTACK_URL:-}"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

if [[ -z "$backend" ]]; then
  cargo build -p zstack-sim --bins --quiet
  "$TARGET_DIR/debug/zstack-sim" --listen 127.0.0.1:8080 ${SIM_ARGS:-} &
  pids+=($!)
  backend="http://127.0.0.1:8080"
  who="the simulator (sign in as admin / password)"
else
  who="ZStack at $backend (sign in with your ZStack account)"
fi

echo "Console: http://127.0.0.1:$PORT/   API: $who"
trunk serve --release --dist "$TARGET_DIR/serve-dist" --port "$PORT" --proxy-backend "${backend%/}/zstack/" &
pids+=($!)
wait -n "${pids[@]}"
