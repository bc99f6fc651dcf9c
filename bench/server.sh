# Sourced by bench/http.sh and bench/cpu.sh (not run on its own): what both
# set up before they measure. After `. bench/server.sh` with $peixun, $work
# and $bench (a name for the scratch directory) set:
#   - the tools are checked; $dir is a fresh directory under $work, removed
#     (with the servers) on exit;
#   - $work/bench-http.db is a 20,000-teacher demo province (built once);
#     $county the county with the most teachers, with a county admin $user;
#   - peixun serves it on 127.0.0.1:$up pinned to core 0 (pid $pid), and
#     $cookie is that admin's session (its first password changed if needed);
#   - $dir/page.json holds the teacher page $page (HTTP status in $code,
#     $rows rows, $size bytes);
#   - nginx (one worker, core 0, pid $ngworker) serves the same bytes as
#     http://127.0.0.1:$ng/page.json;
#   - ticks PID prints a process's user+system clock ticks, $hz per second.
for t in wrk nginx taskset curl sqlite3 python3; do
	command -v $t >/dev/null 2>&1 || [ -x /usr/sbin/$t ] || { echo "bench: $t is not installed"; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
mkdir -p "$work"
work=$(cd "$work" && pwd) # absolute: nginx -p/-c need it
dir=$(mktemp -d "$work/$bench.XXXXXX")
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
# clock ticks of user + system time of a process (and its threads)
ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}
hz=$(getconf CLK_TCK)

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
user=bench-county
pw='Bench#County-Passw0rd1'
printf '%s\n' "$pw" >"$dir/user.pw"
"$peixun" user add --db "$db" --unit "$county" --role county-admin --username $user \
	--password-file "$dir/user.pw" >/dev/null 2>&1 || true

up=$(free_port)
ng=$(free_port)
taskset -c 0 "$peixun" serve --db "$db" --listen "127.0.0.1:$up" --quiet --max-inflight 10000 \
	${BENCH_THREADS:+--threads $BENCH_THREADS} &
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
code=$(curl -s -H "Cookie: $cookie" -o "$dir/page.json" -w '%{http_code}' "http://127.0.0.1:$up$page")
rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$dir/page.json" 2>/dev/null || echo 0)
size=$(wc -c <"$dir/page.json")

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
