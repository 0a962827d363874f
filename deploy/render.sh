#!/usr/bin/env bash
# Prints deploy/nginx.conf with its placeholders filled in. The deployment
# recipe and scripts/nginx-test.sh both use it, so what is tested is what ships.
#   deploy/render.sh --listen 80 --dist /srv/zstack-console \
#       --zstack http://127.0.0.1:8080 [--brotli] > /etc/nginx/sites-enabled/zstack-console
# --brotli uncomments the include of snippets/zstack-console-brotli.conf (copy
# deploy/brotli.conf there; needs the brotli modules, see deploy/nginx.conf).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
listen="" dist="" zstack="" brotli=""
while (($#)); do
  case "$1" in
    --listen) listen="$2"; shift 2 ;;
    --dist) dist="$2"; shift 2 ;;
    --zstack) zstack="$2"; shift 2 ;;
    --brotli) brotli=1; shift ;;
    *) echo "usage: $0 --listen ADDR --dist DIR --zstack http://HOST:PORT [--brotli]" >&2; exit 2 ;;
  esac
done
if [[ -z "$listen" || -z "$dist" || -z "$zstack" ]]; then
  echo "usage: $0 --listen ADDR --dist DIR --zstack http://HOST:PORT [--brotli]" >&2
  exit 2
fi
zstack="${zstack%/}"
url_re='^https?://[][A-Za-z0-9._:-]+$' # host or [v6], optional port
if [[ ! "$zstack" =~ $url_re ]]; then
  echo "--zstack must be scheme://host:port with no path (the path /zstack/... is kept): $zstack" >&2
  exit 2
fi
dist="$(cd "$dist" && pwd)" # absolute, no trailing slash
if [[ ! -f "$dist/index.html" ]]; then
  echo "$dist has no index.html: build first (scripts/build-split.sh)" >&2
  exit 2
fi
bad_re="[[:space:];{}|&\\'\"]"
for v in "$listen" "$dist"; do
  if [[ "$v" =~ $bad_re ]]; then echo "unsupported character in: $v" >&2; exit 2; fi
done

sed_brotli='s/^\(\s*\)#\(include snippets\/zstack-console-brotli\.conf;\)/\1\2/'
[[ -n "$brotli" ]] || sed_brotli=''
# Comments keep the placeholder names, so the rendered file still explains itself.
sed -e "/^\s*#/!{s|__LISTEN__|$listen|g; s|__DIST__|$dist|g; s|__ZSTACK__|$zstack|g}" \
  ${sed_brotli:+-e "$sed_brotli"} "$here/nginx.conf"
