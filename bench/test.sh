#!/bin/sh
# bench/test.sh: `retort test` (the stairway, in one process over one
# connection) against the same stairway run by a shell script calling
# retort once per step, on PostgreSQL.
#
#   sh bench/test.sh [N] [--retort PATH] [--url URL] [--keep]
#   sh bench/test.sh --generate DIR [N]
#
# Generates a correct history of N PostgreSQL migrations (default 200):
# groups of five per table (create it; a column and an index; a foreign
# key to the table before, or a flag; a check constraint and two rows; a
# view and a comment), each with the down that undoes it exactly. Then,
# on a throwaway server (tests/pg-tmp, unless --url names one):
#
#   retort   retort test (scratch database made and dropped by retort)
#   script   for each revision: retort upgrade REV, retort dump, retort
#            downgrade -1, retort dump (compared with the dump before the
#            up: cmp), retort upgrade REV: the same steps, one process a
#            step, on a database made before the clock starts
#
# One run each; both must pass (retort test exit 0, the script finding no
# difference). Prints both times and the ratio; the bar is >= 5x.
# --generate DIR [N] only writes the history into DIR (for the e2e tests).
# Exit status: 0 (a report, whatever the ratio); 1 when a run failed; 2 on
# usage. See bench/README.md.

set -u

# Under bash the clock costs no process (EPOCHREALTIME): prefer it.
if [ -z "${BASH_VERSION:-}" ] && [ -z "${RETORT_BENCH_NO_BASH:-}" ] &&
	command -v bash >/dev/null 2>&1; then
	RETORT_BENCH_NO_BASH=1 exec bash "$0" "$@"
fi

usage() {
	echo "usage: $0 [N] [--retort PATH] [--url URL] [--keep]" >&2
	echo "       $0 --generate DIR [N]" >&2
	exit 2
}

die() {
	echo "test.sh: $*" >&2
	exit 1
}

# generate DIR N: the history, migration i of table k = (i-1)/5+1
generate() {
	_dir=$1
	_n=$2
	mkdir -p "$_dir" || die "cannot create $_dir"
	awk -v n="$_n" -v dir="$_dir" '
	function id(i,  d, r) {
		d = int(i / 1440); r = i % 1440
		return sprintf("202601%02d%02d%02d00", d + 1, int(r / 60), r % 60)
	}
	BEGIN {
		prev = ""
		for (i = 1; i <= n; i++) {
			k = int((i - 1) / 5) + 1
			s = (i - 1) % 5
			t = "t" k
			if (s == 0) {
				slug = "create_" t
				up = "CREATE TABLE " t " (id bigserial PRIMARY KEY, name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now());"
				down = "DROP TABLE " t ";"
			} else if (s == 1) {
				slug = t "_note"
				up = "ALTER TABLE " t " ADD COLUMN note text;\nCREATE INDEX " t "_name_idx ON " t " (name);"
				down = "DROP INDEX " t "_name_idx;\nALTER TABLE " t " DROP COLUMN note;"
			} else if (s == 2 && k > 1) {
				slug = t "_parent"
				up = "ALTER TABLE " t " ADD COLUMN parent_id bigint REFERENCES t" (k - 1) " (id);\nCREATE INDEX " t "_parent_idx ON " t " (parent_id);"
				down = "DROP INDEX " t "_parent_idx;\nALTER TABLE " t " DROP COLUMN parent_id;"
			} else if (s == 2) {
				slug = t "_flag"
				up = "ALTER TABLE " t " ADD COLUMN flag boolean NOT NULL DEFAULT false;"
				down = "ALTER TABLE " t " DROP COLUMN flag;"
			} else if (s == 3) {
				slug = t "_check"
				up = "ALTER TABLE " t " ADD CONSTRAINT " t "_name_len CHECK (length(name) < 200);\nINSERT INTO " t " (name) VALUES (\x27a\x27), (\x27b\x27);"
				down = "DELETE FROM " t " WHERE name IN (\x27a\x27, \x27b\x27);\nALTER TABLE " t " DROP CONSTRAINT " t "_name_len;"
			} else {
				slug = t "_view"
				up = "CREATE VIEW v" k " AS SELECT id, name FROM " t " WHERE note IS NULL;\nCOMMENT ON TABLE " t " IS \x27table " k "\x27;"
				down = "COMMENT ON TABLE " t " IS NULL;\nDROP VIEW v" k ";"
			}
			name = id(i) "_" slug
			f = dir "/" name ".sql"
			if (prev != "")
				print "-- retort:parent " prev > f
			print "-- retort:up" > f
			print up > f
			print "-- retort:down" > f
			print down > f
			close(f)
			prev = name
		}
	}' || die "cannot write the history"
}

now_ms() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		_t=${EPOCHREALTIME}
		echo $((${_t%.*} * 1000 + 10#$(printf '%.3s' "${_t#*.}")))
	else
		echo $(($(date +%s%N) / 1000000))
	fi
}

n=200
retort=
url=
keep=0
if [ "${1-}" = --generate ]; then
	[ $# -ge 2 ] || usage
	generate "$2" "${3:-200}"
	exit 0
fi
while [ $# -gt 0 ]; do
	case $1 in
	--retort) [ $# -ge 2 ] || usage; retort=$2; shift 2 ;;
	--url) [ $# -ge 2 ] || usage; url=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h | --help) usage ;;
	*[!0-9]* | '') usage ;;
	*) n=$1; shift ;;
	esac
done
[ "$n" -gt 0 ] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
[ -n "$retort" ] || retort=$root/build/retort
[ -x "$retort" ] || die "no retort binary at $retort (make, or --retort PATH)"
work=$(mktemp -d /tmp/retort-bench-test-XXXXXX)
pgdir=""
cleanup() {
	[ -n "$pgdir" ] && "$root/tests/pg-tmp" stop "$pgdir"
	if [ "$keep" -eq 1 ]; then
		echo "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# the binary copied: a rebuild during the run changes nothing timed
cp "$retort" "$work/retort"
R=$work/retort
M=$work/migrations
generate "$M" "$n"

if [ -z "$url" ]; then
	pg=$("$root/tests/pg-tmp" start) || die "could not start PostgreSQL"
	pgdir=$(printf '%s\n' "$pg" | head -n 1)
	url=$(printf '%s\n' "$pg" | tail -n 1)
fi
# the server URL with database $1
url_for() {
	printf '%s\n' "$url" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$1\1|"
}
db=retort_bench_test_$$
psql -qX "$url" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null ||
	die "cannot create database $db"
dburl=$(url_for "$db")

echo "retort test bench: $n migrations, PostgreSQL $(psql -qXAt "$url" -c 'SHOW server_version'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

# retort test, one run
start=$(now_ms)
"$R" -u "$url" -d "$M" -s "$work/none.sql" test -q >"$work/retort.out" 2>&1
rc=$?
t_retort=$(($(now_ms) - start))
if [ "$rc" -ne 0 ]; then
	cat "$work/retort.out"
	die "retort test failed (exit $rc)"
fi
tail -n 1 "$work/retort.out"

# the script, one run
revs=$(ls "$M" | sed 's/\.sql$//')
start=$(now_ms)
"$R" -u "$dburl" dump >"$work/prev.sql" || die "dump failed"
for rev in $revs; do
	"$R" -q -u "$dburl" -d "$M" upgrade --allow-unsafe "$rev" >/dev/null &&
		"$R" -u "$dburl" dump >"$work/up.sql" &&
		"$R" -q -u "$dburl" -d "$M" downgrade -1 >/dev/null &&
		"$R" -u "$dburl" dump >"$work/down.sql" ||
		die "script: a step of $rev failed"
	cmp -s "$work/down.sql" "$work/prev.sql" ||
		die "script: the down of $rev leaves the schema different"
	"$R" -q -u "$dburl" -d "$M" upgrade --allow-unsafe "$rev" >/dev/null ||
		die "script: the second up of $rev failed"
	mv "$work/up.sql" "$work/prev.sql"
done
t_script=$(($(now_ms) - start))
psql -qX "$url" -c "DROP DATABASE IF EXISTS $db" >/dev/null

ratio=$(awk -v a="$t_script" -v b="$t_retort" 'BEGIN { printf "%.1f", a / b }')
verdict=$(awk -v a="$t_script" -v b="$t_retort" 'BEGIN { print (a >= 5 * b) ? "PASS" : "FAIL" }')
printf '%-8s %10s\n' "" "ms"
printf '%-8s %10d\n' retort "$t_retort" script "$t_script"
echo "script/retort: ${ratio}x (bar >= 5x) $verdict"
