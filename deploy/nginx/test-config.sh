#!/bin/sh
# Checks skola.conf with `nginx -t`, as any user and without touching /etc: renders it
# into a temporary directory (render-local.sh) and tests it there, without brotli and,
# when Debian's brotli module is installed, with it.
#
#   deploy/nginx/test-config.sh            (NGINX=/path/to/nginx to use another binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
nginx=${NGINX:-/usr/sbin/nginx}
[ -x "$nginx" ] || { echo "test-config.sh: no nginx at $nginx (apt-get install nginx)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
  "$here/render-local.sh" --dir "$tmp/$1" --upstream 127.0.0.1:3000,127.0.0.1:3001 \
    --http-port 8080 --https-port 8443 --brotli "$1"
  echo "== skola.conf, brotli $1"
  "$nginx" -t -p "$tmp/$1/" -c "$tmp/$1/nginx.conf" -e stderr
}

check off
if [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]; then
  check on
else
  echo "== brotli not checked: libnginx-mod-http-brotli-filter is not installed"
fi
