#!/bin/sh
# Renders skola.conf for an nginx run by any user on 127.0.0.1, for tests and the bench:
#
#   render-local.sh --dir DIR --upstream HOST:PORT[,HOST:PORT…] --http-port N --https-port N
#                   [--plain-port N] [--workers N] [--brotli auto|on|off]
#
# DIR gets nginx.conf — a wrapper with the same http-level settings as Debian's
# /etc/nginx/nginx.conf (so a directive that would clash with Debian's is caught here
# too) and temporary paths inside DIR — plus sites-enabled/skola.conf: the very file of
# this directory with its few absolute paths moved into DIR, its listen lines moved to
# 127.0.0.1 ports and its upstream pointed at the app. A self-signed certificate for
# skola.example.lv, localhost and 127.0.0.1 is made with openssl (tls/cert.pem).
# --plain-port adds a plain-http listener to the https server (the bench measures nginx
# without TLS that way). --brotli auto (default) loads Debian's brotli module and the
# snippet when the module is installed.
#
# Run it:  nginx -p DIR/ -c DIR/nginx.conf -e stderr [-t | -g 'daemon off;']
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dir='' upstream='' http_port='' https_port='' plain_port='' workers=1 brotli=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2 ;;
    --upstream) upstream=$2 ;;
    --http-port) http_port=$2 ;;
    --https-port) https_port=$2 ;;
    --plain-port) plain_port=$2 ;;
    --workers) workers=$2 ;;
    --brotli) brotli=$2 ;;
    *) echo "render-local.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
if [ -z "$dir" ] || [ -z "$upstream" ] || [ -z "$http_port" ] || [ -z "$https_port" ]; then
  echo "usage: render-local.sh --dir DIR --upstream HOST:PORT --http-port N --https-port N [--plain-port N] [--workers N] [--brotli auto|on|off]" >&2
  exit 2
fi

brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
case "$brotli" in
  auto) if [ -f "$brotli_module" ]; then brotli=on; else brotli=off; fi ;;
  on | off) ;;
  *) echo "render-local.sh: --brotli auto|on|off" >&2; exit 2 ;;
esac

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/sites-enabled" "$dir/snippets" "$dir/logs" "$dir/temp" "$dir/tls"
# Run as root, nginx's workers are `nobody`: they must reach the cache and temp paths.
chmod 755 "$dir"

# skola.conf, moved: each rewrite names one line or path of the file; a path the file
# gains later and this list does not know stops the rendering below.
plain_listen=''
if [ -n "$plain_port" ]; then plain_listen="    listen 127.0.0.1:$plain_port;"; fi
awk -v ups="$upstream" -v plain="$plain_listen" -v http="$http_port" -v https="$https_port" '
  /^ *listen \[::\]:/ { next }
  /^ *server 127\.0\.0\.1:3000;/ {
    n = split(ups, servers, ",")
    for (i = 1; i <= n; i++) print "    server " servers[i] ";"
    next
  }
  /^ *# *server [0-9]/ { next }
  /^ *listen 80;/ { sub(/listen 80;/, "listen 127.0.0.1:" http ";"); print; next }
  /^ *listen 443 ssl http2;/ {
    sub(/listen 443 /, "listen 127.0.0.1:" https " "); print
    if (plain != "") print plain
    next
  }
  { print }
' "$here/skola.conf" |
  sed -e "s#/var/cache/nginx/skola#$dir/cache#" \
    -e "s#/etc/ssl/certs/skola.example.lv.pem#$dir/tls/cert.pem#" \
    -e "s#/etc/ssl/private/skola.example.lv.key#$dir/tls/key.pem#" \
    -e "s#/var/log/nginx/#$dir/logs/#" \
    -e "s#/etc/nginx/snippets/#$dir/snippets/#" \
    >"$dir/sites-enabled/skola.conf"

left=$(grep -v '^ *#' "$dir/sites-enabled/skola.conf" | grep -E '(^|[[:space:]])/(etc|var|run|usr)/' |
  grep -v '/var/www/letsencrypt' || true)
if [ -n "$left" ]; then
  echo "render-local.sh: skola.conf has paths this script does not move:" >&2
  echo "$left" >&2
  exit 1
fi
grep -q "listen 127.0.0.1:$https_port ssl" "$dir/sites-enabled/skola.conf" || {
  echo "render-local.sh: no 'listen 443 ssl http2;' line in skola.conf to move" >&2
  exit 1
}

load_brotli=''
if [ "$brotli" = on ]; then
  load_brotli="load_module $brotli_module;"
  cp "$here/skola-brotli.conf" "$dir/snippets/"
fi

mime=/etc/nginx/mime.types
[ -f "$mime" ] || mime="$dir/mime.types"
[ -f "$mime" ] || printf 'types { text/html html; text/css css; application/javascript js; }\n' >"$mime"

# The http level of Debian's /etc/nginx/nginx.conf (bookworm), with paths in DIR.
cat >"$dir/nginx.conf" <<EOF
# Rendered by deploy/nginx/render-local.sh — not for production (see skola.conf).
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
$load_brotli

events {
    worker_connections 1024;
}

http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include $mime;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log $dir/logs/access.log;
    gzip on;

    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;

    include $dir/sites-enabled/*.conf;
}
EOF

if [ ! -f "$dir/tls/cert.pem" ]; then
  openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 7 \
    -subj '/CN=skola.example.lv' \
    -addext 'subjectAltName=DNS:skola.example.lv,DNS:localhost,IP:127.0.0.1' \
    -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" 2>/dev/null
  chmod 600 "$dir/tls/key.pem"
fi
