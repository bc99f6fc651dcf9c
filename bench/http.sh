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
# threads (default 4). The setup (database, servers, session) is
# bench/server.sh, shared with bench/cpu.sh. Usage:
#   sh bench/http.sh PEIXUN_BINARY WORKDIR
set -eu
peixun=$1
work=$2
secs=${BENCH_SECONDS:-30}
bench=run
. "$(dirname "$0")/server.sh"
echo "teacher page: HTTP $code, $rows rows, $size bytes (unit $county)"
if [ "$code" != 200 ] || [ "$rows" != 50 ]; then
	echo "bench: the teacher page is not 50 rows"; head -c 300 "$dir/page.json"; echo; exit 1
fi
if grep -Eq '"[0-9]{17}[0-9Xx]"|"1[3-9][0-9]{9}"' "$dir/page.json"; then
	echo "bench: the page holds an unmasked ID number or phone"; exit 1
fi

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
