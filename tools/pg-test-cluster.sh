#!/bin/sh
# pg-test-cluster.sh — a throwaway PostgreSQL 15 cluster on loopback for the
# store tests (docs/internals/STORE.md).
#
#   tools/pg-test-cluster.sh [DIR]     create and start a cluster, print its URL
#   tools/pg-test-cluster.sh stop DIR  stop the cluster in DIR and remove DIR
#
# The cluster lives in DIR (default: a new directory /tmp/peixun-pg.*),
# is owned by the `postgres` user when run as root (initdb refuses root),
# listens on 127.0.0.1 only, on the first free port from 55432 up, with trust
# authentication and fsync off (test data only). It holds one database,
# peixun_test; tests create and drop their own databases beside it.
#
# Only the URL goes to stdout, so CI can do:
#   PEIXUN_TEST_PG=$(tools/pg-test-cluster.sh) && export PEIXUN_TEST_PG
# The data directory and the stop command are reported on stderr.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DB=peixun_test

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

# Run a command as the cluster owner: postgres when we are root, else ourselves.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

if [ "${1:-}" = stop ]; then
	[ -n "${2:-}" ] || die "usage: $0 stop DIR"
	dir=$2
	[ -f "$dir/data/PG_VERSION" ] || die "$dir holds no cluster"
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	exit 0
fi

[ -x "$PGBIN/initdb" ] || die "no PostgreSQL 15 binaries in $PGBIN (apt-get install postgresql-15)"

if [ -n "${1:-}" ]; then
	dir=$1
	mkdir -p "$dir"
else
	dir=$(mktemp -d /tmp/peixun-pg.XXXXXX) # not $TMPDIR: postgres must reach it
fi
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || die "no postgres user (apt-get install postgresql-15)"
	chown postgres: "$dir"
	chmod 700 "$dir"
fi

as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
	--locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

# Try ports upward until the server starts; a port in use makes pg_ctl fail.
port=55432
while :; do
	rm -f "$dir/server.log"
	if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off \
		    -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
		start >/dev/null 2>&1; then
		break
	fi
	grep -q "already in use" "$dir/server.log" 2>/dev/null || { cat "$dir/server.log" >&2; die "server did not start"; }
	port=$((port + 1))
	[ $port -lt 55532 ] || { cat "$dir/server.log" >&2; die "no free port in 55432..55531"; }
done

as_owner "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
	-c "CREATE DATABASE $DB" >/dev/null || die "could not create database $DB"

echo "pg-test-cluster: data in $dir; stop with: $0 stop $dir" >&2
echo "postgresql://postgres@127.0.0.1:$port/$DB"
