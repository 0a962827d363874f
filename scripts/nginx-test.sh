#!/usr/bin/env bash
# The deployment test: serves the built dist/ with nginx using deploy/nginx.conf
# (rendered by deploy/render.sh, exactly as the README recipe does), with the
# simulator as the management node, and drives a browser through it
# (tests/e2e/specs/deploy-nginx.spec.ts). Ends with "N passed, M failed".
#   scripts/nginx-test.sh
# Env: ZSTACK_DIST (default dist/), ZSTACK_SIM_BIN (default $CARGO_TARGET_DIR or target/, then debug/zstack-sim),
#      NGINX_TEST_PORT (18097) and NGINX_TEST_SIM_PORT (18098), KEEP_TMP=1 keeps the logs,
#      NGINX_MODULES=/none tests without the brotli modules (gzip).
# Needs a release build and the simulator: scripts/test.sh builds both first.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"

DIST="${ZSTACK_DIST:-$ROOT/dist}"
SIM_BIN="${ZSTACK_SIM_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/zstack-sim}"
PORT="${NGINX_TEST_PORT:-18097}"
SIM_PORT="${NGINX_TEST_SIM_PORT:-18098}"
MODULES="${NGINX_MODULES:-/usr/lib/nginx/modules}" # NGINX_MODULES=/none: test without brotli

passed=0
failed=0
finish() {
  echo "$passed passed, $failed failed"
  [[ "$failed" == 0 ]]
  exit
}
fail() { echo "nginx-test: $*" >&2; failed=$((failed + 1)); finish; }

started=$(date +%s%N)
setup_nginx || fail "could not install nginx"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[[ -f "$DIST/index.html" ]] || fail "no $DIST/index.html: run scripts/build-split.sh first"
[[ -x "$SIM_BIN" ]] || fail "no $SIM_BIN: run cargo build -p zstack-sim --bins first"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/nginx-test.XXXXXX")"
# nginx's workers drop root's rights: they must be able to read the config's folder.
chmod 755 "$tmp"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  chmod 700 "$tmp/proxy" 2>/dev/null
  if [[ -n "${KEEP_TMP:-}" ]]; then echo "nginx-test: logs kept in $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

wait_http() { # url: wait up to 10 s for any HTTP answer
  for _ in $(seq 100); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}

# The management node: the simulator, with enough ISOs for a reply larger than
# nginx's in-memory proxy buffers.
"$SIM_BIN" --listen "127.0.0.1:$SIM_PORT" --job-duration-ms 300 --extra-isos 6000 \
  >"$tmp/sim.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$SIM_PORT/zstack/v1/accounts/sessions/0/valid" ||
  { cat "$tmp/sim.log" >&2; fail "the simulator did not start"; }

# The recipe, rendered as the README says, inside a minimal nginx.conf whose
# paths (pid, logs, temp files) all live in $tmp.
brotli=() load_modules=""
if [[ -f "$MODULES/ngx_http_brotli_filter_module.so" && -f "$MODULES/ngx_http_brotli_static_module.so" ]]; then
  brotli=(--brotli)
  load_modules="load_module $MODULES/ngx_http_brotli_filter_module.so;
load_module $MODULES/ngx_http_brotli_static_module.so;"
  mkdir -p "$tmp/snippets"
  cp "$ROOT/deploy/brotli.conf" "$tmp/snippets/zstack-console-brotli.conf"
  expect_encoding=br
else
  echo "nginx-test: no brotli modules for nginx; testing gzip only" >&2
  expect_encoding=gzip
fi
"$ROOT/deploy/render.sh" --listen "127.0.0.1:$PORT" --dist "$DIST" \
  --zstack "http://127.0.0.1:$SIM_PORT" "${brotli[@]}" >"$tmp/zstack-console.conf" ||
  fail "deploy/render.sh failed"
cat >"$tmp/nginx.conf" <<EOF
$load_modules
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 256; }
http {
    access_log $tmp/access.log;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/zstack-console.conf;
}
EOF

echo "==> nginx -t (deploy/nginx.conf rendered for $DIST, upstream 127.0.0.1:$SIM_PORT)"
if "$NGINX" -t -q -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf"; then
  passed=$((passed + 1))
else
  cat "$tmp/error.log" >&2
  fail "nginx rejected the configuration"
fi

"$NGINX" -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_http "http://127.0.0.1:$PORT/" || { cat "$tmp/error.log" >&2; fail "nginx did not start"; }
# The recipe says big API replies never go through a temporary file (a packaged
# nginx's temp folder may not be writable): should one ever try, it fails here.
# (Over loopback the buffers rarely fill, so this guards more than it proves.)
chmod 000 "$tmp/proxy"

echo "==> Playwright through nginx (http://127.0.0.1:$PORT, wasm expected as $expect_encoding)"
json="$tmp/e2e.json"
(
  cd "$ROOT/tests/e2e" &&
    NGINX_URL="http://127.0.0.1:$PORT" SIM_URL="http://127.0.0.1:$SIM_PORT" \
      NGINX_EXPECT_ENCODING="$expect_encoding" E2E_JSON="$json" E2E_WORKERS=1 \
      npx playwright test specs/deploy-nginx.spec.ts --output "$tmp/test-results"
)
rc=$?
if [[ -f "$json" ]]; then
  read -r p f s < <(node -e 'const s=require(process.argv[1]).stats; console.log(s.expected+s.flaky, s.unexpected, s.skipped)' "$json")
else
  p=0 f=1 s=0
fi
if [[ "$rc" != 0 && "$f" == 0 ]]; then f=1; fi
if [[ "$s" != 0 ]]; then echo "nginx-test: $s test(s) skipped" >&2; f=$((f + s)); fi
passed=$((passed + p)); failed=$((failed + f))
if [[ "$f" != 0 ]]; then tail -20 "$tmp/error.log" >&2; fi

ms=$((($(date +%s%N) - started) / 1000000))
printf 'nginx-test: took %d.%01d s\n' $((ms / 1000)) $((ms % 1000 / 100))
finish
