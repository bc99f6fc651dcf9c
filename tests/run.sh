#!/bin/sh
# Run every test program (cmocka, TAP output) and every fuzz replay program;
# print failures in full and end with "N passed, N failed".
# Usage: run.sh TEST... -- REPLAY...
passed=0
failed=0
skipped=0
export CMOCKA_MESSAGE_OUTPUT=TAP
TMPDIR=$(mktemp -d)
export TMPDIR
pgdir=""
cleanup() {
	[ -n "$pgdir" ] && sh tools/pg-test-cluster.sh stop "$pgdir" >/dev/null 2>&1
	rm -rf "$TMPDIR"
}
trap cleanup EXIT
# The store's PostgreSQL variants need a server: start a throwaway cluster
# unless one is given (PEIXUN_TEST_PG) or PostgreSQL is not installed.
if [ -z "${PEIXUN_TEST_PG:-}" ] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
	pgdir=$(mktemp -d /tmp/peixun-pg.XXXXXX)
	chmod 755 "$pgdir"
	if PEIXUN_TEST_PG=$(sh tools/pg-test-cluster.sh "$pgdir" 2>"$TMPDIR/pg.log"); then
		export PEIXUN_TEST_PG
	else
		echo "note: could not start a PostgreSQL test cluster:"; sed 's/^/    /' "$TMPDIR/pg.log"
		rm -rf "$pgdir"; pgdir=""
	fi
fi
mode=test
for t in "$@"; do
	if [ "$t" = "--" ]; then mode=replay; continue; fi
	out=$TMPDIR/out.txt
	if [ $mode = test ]; then
		(cd "$(dirname "$0")/.." && "$t") >"$out" 2>&1
		rc=$?
		ok=$(grep -c '^ok ' "$out")
		skip=$(grep -c '^not ok .*# SKIP' "$out")
		bad=$(($(grep -c '^not ok ' "$out") - skip))
		skipped=$((skipped + skip))
		if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
		passed=$((passed + ok))
		failed=$((failed + bad))
		if [ "$bad" -ne 0 ]; then
			echo "FAIL $t"; sed 's/^/    /' "$out"
		else
			if [ "$skip" -gt 0 ]; then echo "ok   $t ($ok, $skip skipped)"; else echo "ok   $t ($ok)"; fi
		fi
	else
		name=$(basename "$t")
		corpus=fuzz/corpus/$name
		if "$t" "$corpus" >"$out" 2>&1; then
			passed=$((passed + 1)); echo "ok   $t ($(cat "$out" | tail -n 1))"
		else
			failed=$((failed + 1)); echo "FAIL $t"; sed 's/^/    /' "$out"
		fi
	fi
done
# why tests were skipped: without PEIXUN_TEST_PG, the PostgreSQL variants;
# with it, only tests of the other kind of build (http/static's landing page)
if [ "$skipped" -gt 0 ]; then
	if [ -z "$PEIXUN_TEST_PG" ]; then
		echo "$skipped skipped (set PEIXUN_TEST_PG to run the PostgreSQL variants)"
	else
		echo "$skipped skipped (tests for the other kind of build, e.g. the landing page without the web UI)"
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
