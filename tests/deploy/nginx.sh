#!/bin/sh
# The shipped reverse-proxy config (deploy/nginx/peixun.conf), tested: a
# throwaway nginx with a self-signed certificate on a loopback port in front
# of peixun, driven with curl -k. Run by tests/run.sh from the repository
# root with B set to the build directory; prints TAP. Skips (one line, with
# the reason) when nginx, openssl, curl or sqlite3 is missing.
B=${B:-build}
skip() {
	echo "not ok 1 - nginx reverse proxy # SKIP $1"
	exit 0
}
NGINX=${PEIXUN_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || skip "nginx is not installed (tools/deps.sh --test: nginx-light)"
for t in openssl curl sqlite3; do
	command -v $t >/dev/null 2>&1 || skip "$t is not installed"
done
[ -x "$B/peixun" ] || skip "$B/peixun is not built"

dir=$(mktemp -d "${TMPDIR:-/tmp}/peixun-nginx.XXXXXX")
peixun_pid=""
cleanup() {
	[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
	[ -n "$peixun_pid" ] && kill "$peixun_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# two free loopback ports (bind 0, read back, release)
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
up=$(free_port)
tls=$(free_port)

# the database and the server behind the proxy
printf 'Init#Passw0rd-Gan\n' >"$dir/admin.pw"
"$B/peixun" init --db "$dir/p.db" --admin-password-file "$dir/admin.pw" >/dev/null 2>&1 ||
	{ bad "peixun init"; echo "1..$n"; exit 1; }
"$B/peixun" serve --db "$dir/p.db" --listen "127.0.0.1:$up" --secure-cookie \
	--trust-proxy 127.0.0.1 --quiet 2>"$dir/peixun.log" &
peixun_pid=$!

# a self-signed certificate for 127.0.0.1
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
	-keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || skip "openssl cannot make a certificate"

# the shipped file, pointed at the throwaway ports and files; the port-80
# redirect server is dropped (no privileged port in a test)
sed -e "s#server 127.0.0.1:8080;#server 127.0.0.1:$up;#" \
    -e "s#listen 443 ssl http2;.*#listen 127.0.0.1:$tls ssl http2;#" \
    -e "/listen \[::\]:443/d" \
    -e "s#/etc/peixun/tls/fullchain.pem#$dir/cert.pem#" \
    -e "s#/etc/peixun/tls/privkey.pem#$dir/key.pem#" \
    deploy/nginx/peixun.conf |
awk 'BEGIN{skip=0} /^server \{/ && !seen++ {skip=1} skip && /^\}/ {skip=0; next} !skip' \
    >"$dir/peixun.conf"
cat >"$dir/nginx.conf" <<CONF
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $dir/body;
	proxy_temp_path $dir/proxy;
	fastcgi_temp_path $dir/fcgi;
	uwsgi_temp_path $dir/uwsgi;
	scgi_temp_path $dir/scgi;
	include $dir/peixun.conf;
}
CONF
check "nginx accepts the shipped config" \
	'"$NGINX" -t -p "$dir" -c "$dir/nginx.conf" >"$dir/t.log" 2>&1 || { sed "s/^/# /" "$dir/t.log"; false; }'
"$NGINX" -p "$dir" -c "$dir/nginx.conf" -g 'daemon on;' 2>"$dir/start.log" ||
	{ sed 's/^/# /' "$dir/start.log"; bad "nginx starts"; echo "1..$n"; exit 1; }

base="https://127.0.0.1:$tls"
for i in $(seq 1 50); do
	curl -ks -o /dev/null "$base/api/v1/health" && break
	sleep 0.1
done
code=$(curl -ks -o /dev/null -w '%{http_code}' "$base/api/v1/health")
check "health through the proxy answers 200" '[ "$code" = 200 ]'
curl -ks -D "$dir/h.txt" -o /dev/null "$base/api/v1/health"
check "HSTS header present" 'grep -qi "^strict-transport-security: max-age=31536000" "$dir/h.txt"'
check "no version banner" '! grep -qi "^server: .*[0-9]" "$dir/h.txt"'
check "TLS 1.1 refused" '! curl -ks -o /dev/null --tlsv1.1 --tls-max 1.1 "$base/api/v1/health" 2>/dev/null'
check "TLS 1.2 accepted" 'curl -ks -o /dev/null --tlsv1.2 --tls-max 1.2 "$base/api/v1/health"'

# sign in through the proxy: the cookie is Secure; a forged X-Forwarded-For
# is not believed (the audit log has the address nginx saw)
curl -ks -D "$dir/login.txt" -o "$dir/login.json" -H 'Content-Type: application/json' \
	-H 'X-Forwarded-For: 203.0.113.7' \
	-d '{"username":"admin","password":"Init#Passw0rd-Gan"}' "$base/api/v1/session"
check "sign-in through the proxy answers 200" 'head -1 "$dir/login.txt" | grep -q " 200"'
check "session cookie is Secure, HttpOnly, SameSite=Strict" \
	'grep -i "^set-cookie: peixun_session=" "$dir/login.txt" | grep -q "Secure" &&
	 grep -i "^set-cookie: peixun_session=" "$dir/login.txt" | grep -q "HttpOnly; SameSite=Strict"'
ip=$(sqlite3 "$dir/p.db" "SELECT ip FROM audit_log WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1")
check "audit has the address nginx saw, not the forged one ($ip)" '[ "$ip" = 127.0.0.1 ]'
# straight from the trusted address: its X-Forwarded-For is taken
curl -s -o /dev/null -H 'Content-Type: application/json' -H 'X-Forwarded-For: 198.51.100.9' \
	-d '{"username":"admin","password":"wrong-password-1"}' "http://127.0.0.1:$up/api/v1/session"
ip=$(sqlite3 "$dir/p.db" "SELECT ip FROM audit_log WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1")
check "X-Forwarded-For believed from the trusted proxy address ($ip)" '[ "$ip" = 198.51.100.9 ]'

# keep-alive through the proxy: two requests, one TLS connection
curl -ksv -o /dev/null -o /dev/null "$base/api/v1/health" "$base/api/v1/health" 2>"$dir/ka.txt"
check "keep-alive: the second request reuses the connection" \
	'grep -qi "re-using existing connection\|reusing existing connection" "$dir/ka.txt"'
# an upload just over the limit is refused by nginx
head -c $((64 * 1024 * 1024 + 1)) /dev/zero >"$dir/big.bin"
code=$(curl -ks -o /dev/null -w '%{http_code}' -H 'Content-Type: application/octet-stream' \
	--data-binary @"$dir/big.bin" "$base/api/v1/health")
check "a body over client_max_body_size gets 413 ($code)" '[ "$code" = 413 ]'

echo "1..$n"
[ "$fails" -eq 0 ]
