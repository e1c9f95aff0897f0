#!/bin/sh
# bench/diff.sh: retort's PostgreSQL schema reading against pg_dump.
#
#   sh bench/diff.sh [N] [--url URL] [--retort PATH] [--repeat K]
#
# Creates a database of N tables (default 2000; 10 columns, 3 indexes and
# 2 foreign keys each) on a throwaway server (tests/pg-tmp) or on the
# server of --url, then times `retort diff` of that database against an
# empty one (every object read, ordered and rendered as CREATE statements)
# and `pg_dump --schema-only` of the same database, in the same run,
# median of K runs (default 3) each, and prints the ratio (the issue's
# bar: within 1.0x). The database is dropped afterwards, and the server
# stopped if this script started it. Exit status: 0 whatever the numbers
# are (a report); 1 when a command failed.

set -u
N=2000
URL=""
REPEAT=3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RETORT=$ROOT/build/retort

while [ $# -gt 0 ]; do
	case "$1" in
	--url) URL=$2; shift 2 ;;
	--retort) RETORT=$2; shift 2 ;;
	--repeat) REPEAT=$2; shift 2 ;;
	[0-9]*) N=$1; shift ;;
	*) echo "usage: $0 [N] [--url URL] [--retort PATH] [--repeat K]" >&2; exit 2 ;;
	esac
done

PGDIR=""
DB=retort_bench_diff_$$
cleanup() {
	[ -n "$URL" ] && psql -qX "$URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
	[ -n "$PGDIR" ] && "$ROOT/tests/pg-tmp" stop "$PGDIR"
	rm -f "$TMP"
}
TMP=$(mktemp /tmp/retort-bench-diff-XXXXXX)
trap cleanup EXIT
if [ -z "$URL" ]; then
	out=$("$ROOT/tests/pg-tmp" start) || exit 1
	PGDIR=$(printf '%s\n' "$out" | head -n 1)
	URL=$(printf '%s\n' "$out" | tail -n 1)
fi
DBURL=$(printf '%s\n' "$URL" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$DB\1|")
EMPTY=$(printf '%s\n' "$URL" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/${DB}_empty\1|")

psql -qX "$URL" -c "CREATE DATABASE $DB" -c "CREATE DATABASE ${DB}_empty" >/dev/null || exit 1
awk -v n="$N" 'BEGIN {
	print "BEGIN;"
	for (i = 0; i < n; i++) {
		printf "CREATE TABLE t%d (id bigint PRIMARY KEY, a integer, b text, c text, d timestamptz DEFAULT now(), e numeric(10,2), f boolean NOT NULL DEFAULT false, g jsonb, p1 bigint, p2 bigint);\n", i
		printf "CREATE INDEX t%d_a ON t%d (a); CREATE INDEX t%d_b ON t%d (b); CREATE INDEX t%d_cd ON t%d (c, d);\n", i, i, i, i, i, i
	}
	for (i = 0; i < n; i++)
		printf "ALTER TABLE t%d ADD FOREIGN KEY (p1) REFERENCES t%d; ALTER TABLE t%d ADD FOREIGN KEY (p2) REFERENCES t%d;\n", i, (i + 1) % n, i, (i + 7) % n
	print "COMMIT;"
}' >"$TMP"
psql -qX -v ON_ERROR_STOP=1 "$DBURL" -f "$TMP" >/dev/null || exit 1

# seconds of one run of "$@", output discarded
timed() {
	s=$(date +%s.%N)
	"$@" >/dev/null || exit 1
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

r=$(for i in $(seq "$REPEAT"); do
	timed "$RETORT" -u "$DBURL" diff --from "$EMPTY" --to "$DBURL"
done | median)
p=$(for i in $(seq "$REPEAT"); do
	timed pg_dump --schema-only "$DBURL"
done | median)
lines=$("$RETORT" -u "$DBURL" diff --from "$EMPTY" --to "$DBURL" | wc -l)
psql -qX "$URL" -c "DROP DATABASE ${DB}_empty" >/dev/null
printf '%d tables (%d lines of SQL)\n' "$N" "$lines"
printf 'retort diff (empty -> db)  %8.3f s\n' "$r"
printf 'pg_dump --schema-only      %8.3f s\n' "$p"
printf 'ratio                      %8.2fx (bar: 1.0x)\n' "$(echo "$r / $p" | bc -l)"
