#!/bin/sh
# Server CPU time per request (µs of user+system time of the serving
# process / requests answered), for the teacher page, the health endpoint
# and nginx serving a static file of the same size. Unlike requests/s this
# figure holds on a busy, shared machine: it is what the "Load" target
# (issue 5: the teacher page at >= 50% of nginx's rate on one core) comes down to.
# As in bench/http.sh, the servers are pinned to core 0 and wrk to core 1;
# wrk, 16 connections, BENCH_SECONDS (default 5) per target; same database,
# account and page as bench/http.sh (both set up with bench/server.sh). Usage:
#   sh bench/cpu.sh PEIXUN_BINARY WORKDIR
set -eu
peixun=$1
work=$2
secs=${BENCH_SECONDS:-5}
conns=${BENCH_CONNECTIONS:-16}
bench=cpu
. "$(dirname "$0")/server.sh"
[ "$code" = 200 ] && [ "$rows" = 50 ] || { echo "bench: the teacher page is not 50 rows"; exit 1; }
measure() { # name pid url [header]
	name=$1; p=$2; url=$3; shift 3
	before=$(ticks "$p")
	taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" "$@" "$url" >"$dir/$name.txt"
	after=$(ticks "$p")
	reqs=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$dir/$name.txt")
	non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$dir/$name.txt")
	python3 -c 'import sys; n,t,hz=int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]); print("%-10s %8d requests  %7.1f us CPU/request  non-2xx %s" % (sys.argv[1], n, 1e6*t/hz/max(n,1), sys.argv[5]))' \
		"$name" "$reqs" "$((after - before))" "$hz" "${non2xx:-0}"
}
echo "page: $size bytes; wrk -c$conns, ${secs} s each; server CPU (user+sys) per request"
measure teachers "$pid" "http://127.0.0.1:$up$page" -H "Cookie: $cookie"
measure health "$pid" "http://127.0.0.1:$up/api/v1/health"
measure nginx "$ngworker" "http://127.0.0.1:$ng/page.json"
