#!/usr/bin/env bash
# Installs what the console needs to build and test, skipping what is already
# there. Sourced by serve.sh, test.sh and bench.sh; safe to run on its own.
# Nothing here downloads from GitHub: Trunk runs offline and finds wasm-bindgen
# and wasm-opt on PATH at the exact versions Trunk.toml names; the release build
# (build-split.sh) uses the same two plus wasm-split-cli, built from crates.io.
# Sourcing leaves the caller's shell options alone; each step fails loudly itself.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
WASM_SPLIT_VERSION="0.2.4"
E2E="$ROOT/tests/e2e"

log() { printf '[setup] %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$E2E/node_modules/.bin:$PATH"

wasm_bindgen_version() {
  # The version cargo locked is the one the CLI must match.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

setup_rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown >&2 || return 1
  fi
  if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
    log "installing trunk $TRUNK_VERSION (about 12 minutes, once)"
    cargo install trunk --locked --version "$TRUNK_VERSION" >&2 || return 1
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]]; then
    log "installing wasm-bindgen-cli $wbg"
    # Not --locked: its lock file names a crate version this registry lacks.
    cargo install wasm-bindgen-cli --version "$wbg" --force >&2 || return 1
  fi
  # The release build's splitter (scripts/build-split.sh). It has no --version;
  # cargo's list of installed crates says which one is there.
  if ! command -v wasm-split-cli >/dev/null ||
    ! grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:" <<<"$(cargo install --list 2>/dev/null)"; then
    log "installing wasm-split-cli $WASM_SPLIT_VERSION (about 3 minutes, once)"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" \
      --features build-binary >&2 || return 1
  fi
  # Trunk builds offline, so every crate must already be here.
  (cd "$ROOT" && cargo fetch --quiet >&2) || return 1
}

setup_node() {
  local stamp="$E2E/node_modules/.package-lock.stamp"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$E2E/package-lock.json" "$stamp"; then
    log "installing the end-to-end tools (Playwright without its browser, binaryen 132)"
    (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2) || return 1
    cp "$E2E/package-lock.json" "$stamp"
  fi
}

setup_chromium() {
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    log "installing chromium and chromedriver"
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >&2 || return 1
  fi
}

setup_nginx() {
  # For the deployment test (scripts/nginx-test.sh). Debian's `nginx` package
  # has gzip_static and sub_filter; brotli comes as two module packages, which
  # are optional (the test then checks gzip instead).
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  local updated=""
  if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
    log "installing nginx (for the deployment test)"
    $sudo apt-get update -qq >&2 && updated=1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx >&2 || return 1
  fi
  if [[ ! -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ||
    ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]]; then
    log "installing nginx's brotli modules (optional)"
    [[ -n "$updated" ]] || $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static >&2 ||
      log "no brotli modules for this nginx: gzip only"
  fi
  return 0
}

setup_all() {
  # ZS_SETUP_DONE tells build-split.sh, run from here, not to check again.
  setup_rust && setup_node && setup_chromium && export ZS_SETUP_DONE=1
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  setup_all
  log "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version), wasm-split-cli $WASM_SPLIT_VERSION"
fi
