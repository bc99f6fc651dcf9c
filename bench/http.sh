#!/bin/sh
# make bench: the HTTP server under wrk (issue 5, "Load"). peixun is pinned
# to core 0 and wrk to core 1 (taskset), 64 connections, BENCH_SECONDS
# (default 30) per target, in one run:
#   1. an authenticated, paginated, masked teacher list: GET
#      /api/v1/teachers?unit=COUNTY&page=2&page_size=50 (a county admin's
#      session cookie; 50 rows with masked ID numbers and phones)
#   2. GET /api/v1/health
#   3. nginx (one worker, also on core 0) serving a static file of the same
#      size as the teacher page, over keep-alive HTTP on loopback
# Prints requests/s, p99 latency and errors for each, the serving process's
# CPU time per request (user+system, from /proc: the figure that holds on a
# busy machine, see bench/cpu.sh), the teacher page's share of nginx's rate,
# and checks keep-alive with curl -v. BENCH_THREADS sets peixun's worker
# threads (default 4). Usage:
#   sh bench/http.sh PEIXUN_BINARY WORKDIR
set -eu
peixun=$1
work=$2
secs=${BENCH_SECONDS:-30}
for t in wrk nginx taskset curl sqlite3 python3; do
	command -v $t >/dev/null 2>&1 || [ -x /usr/sbin/$t ] || { echo "bench: $t is not installed"; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
mkdir -p "$work"
work=$(cd "$work" && pwd) # absolute: nginx -p/-c need it
dir=$(mktemp -d "$work/run.XXXXXX")
pid=""
cleanup() {
	[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# a demo province (built once) and a county admin
db=$work/bench-http.db
if [ ! -f "$db" ]; then
	printf 'Bench#Root-Passw0rd9\n' >"$dir/admin.pw"
	"$peixun" init --db "$db.tmp" --admin-password-file "$dir/admin.pw" >/dev/null
	"$peixun" demo --db "$db.tmp" --teachers 20000 --seed 1 >/dev/null
	mv "$db.tmp" "$db"
	[ -f "$db.tmp.key" ] && mv "$db.tmp.key" "$db.key"
fi
# the county with the most teachers
county=$(sqlite3 "$db" "SELECT o.parent FROM teachers t JOIN org_units o ON o.code = t.school
                        GROUP BY o.parent ORDER BY count(*) DESC LIMIT 1")
school=$county
user=bench-county
pw='Bench#County-Passw0rd1'
printf '%s\n' "$pw" >"$dir/user.pw"
"$peixun" user add --db "$db" --unit "$county" --role county-admin --username $user \
	--password-file "$dir/user.pw" >/dev/null 2>&1 || true

up=$(free_port)
ng=$(free_port)
taskset -c 0 "$peixun" serve --db "$db" --listen "127.0.0.1:$up" --quiet --max-inflight 10000 ${BENCH_THREADS:+--threads $BENCH_THREADS} &
pid=$!
for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$up/api/v1/health" && break; sleep 0.1; done

# sign in (changing the first password if needed) and keep the cookie
login() {
	curl -s -D "$dir/h" -o "$dir/login.json" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$user\",\"password\":\"$1\"}" "http://127.0.0.1:$up/api/v1/session"
	sed -n 's/^Set-Cookie: \(peixun_session=[0-9a-f]*\).*/\1/p' "$dir/h" | head -1
}
cookie=$(login "$pw")
if [ -z "$cookie" ]; then cookie=$(login 'Bench#County-Passw0rd2'); pw='Bench#County-Passw0rd2'; fi
if grep -q '"must_change_password":true' "$dir/login.json"; then
	csrf=$(sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$dir/login.json")
	curl -s -o /dev/null -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
		-d "{\"old\":\"$pw\",\"new\":\"Bench#County-Passw0rd2\"}" "http://127.0.0.1:$up/api/v1/session/password"
fi
page="/api/v1/teachers?unit=$county&page=2&page_size=50"
curl -s -H "Cookie: $cookie" -o "$dir/page.json" -w '%{http_code}' "http://127.0.0.1:$up$page" >"$dir/code"
rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$dir/page.json" 2>/dev/null || echo 0)
size=$(wc -c <"$dir/page.json")
echo "teacher page: HTTP $(cat "$dir/code"), $rows rows, $size bytes (unit $school)"
if [ "$(cat "$dir/code")" != 200 ] || [ "$rows" != 50 ]; then
	echo "bench: the teacher page is not 50 rows"; head -c 300 "$dir/page.json"; echo; exit 1
fi
if grep -Eq '"[0-9]{17}[0-9Xx]"|"1[3-9][0-9]{9}"' "$dir/page.json"; then
	echo "bench: the page holds an unmasked ID number or phone"; exit 1
fi

# nginx: a static file of the same size, one worker on core 0
mkdir -p "$dir/www"
cp "$dir/page.json" "$dir/www/page.json"
chmod 755 "$dir" "$dir/www"; chmod 644 "$dir/www/page.json"   # nginx's worker user reads it
cat >"$dir/nginx.conf" <<CONF
pid $dir/nginx.pid;
error_log $dir/error.log;
worker_processes 1;
worker_cpu_affinity 01;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $dir/body;
	proxy_temp_path $dir/proxy;
	fastcgi_temp_path $dir/fcgi;
	uwsgi_temp_path $dir/uwsgi;
	scgi_temp_path $dir/scgi;
	keepalive_requests 1000000;
	server { listen 127.0.0.1:$ng; root $dir/www; default_type application/json; }
}
CONF
"$NGINX" -p "$dir" -c "$dir/nginx.conf" -g 'daemon on;'
sleep 0.3
ngworker=$(pgrep -P "$(cat "$dir/nginx.pid")" | head -1)
hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# keep-alive: two requests over one connection
curl -sv -o /dev/null -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$up$page" \
	"http://127.0.0.1:$up$page" 2>"$dir/ka"
if grep -qi "re-using existing connection\|reusing existing connection" "$dir/ka"; then
	echo "keep-alive: yes (curl -v reused the connection)"
else
	echo "keep-alive: NO"; exit 1
fi

run() { # name pid url [header]
	name=$1; p=$2; url=$3; shift 3
	before=$(ticks "$p")
	taskset -c 1 wrk -t1 -c64 -d"${secs}s" --latency "$@" "$url" >"$dir/$name.txt"
	after=$(ticks "$p")
	reqs=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$dir/$name.txt")
	cpu=$(python3 -c 'import sys; print("%.1f" % (1e6*int(sys.argv[1])/int(sys.argv[2])/max(int(sys.argv[3]),1)))' \
		"$((after - before))" "$hz" "${reqs:-0}")
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$dir/$name.txt")
	p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$dir/$name.txt")
	non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$dir/$name.txt")
	sockerr=$(sed -n 's/^ *Socket errors: \(.*\)/\1/p' "$dir/$name.txt")
	printf '%-14s %10s req/s   p99 %8s   %7s us CPU/request   non-2xx %s   socket errors: %s\n' \
		"$name" "$rps" "$p99" "$cpu" "${non2xx:-0}" "${sockerr:-none}"
	eval "rps_$name=$rps"
}
echo "wrk: 64 connections, ${secs} s each; peixun and nginx on core 0, wrk on core 1"
run teachers "$pid" "http://127.0.0.1:$up$page" -H "Cookie: $cookie"
run health "$pid" "http://127.0.0.1:$up/api/v1/health"
run nginx "$ngworker" "http://127.0.0.1:$ng/page.json"
python3 -c 'import sys; t,n=map(float,sys.argv[1:]); print("teacher page at %.0f%% of nginx'"'"'s rate (target >= 50%%)" % (100*t/n))' \
	"$rps_teachers" "$rps_nginx"
