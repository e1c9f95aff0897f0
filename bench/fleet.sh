#!/bin/sh
# bench/fleet.sh: one `retort upgrade --targets` over many PostgreSQL
# databases against the shell loop teams write today, running retort once
# per database, in one run on one server.
#
#   sh bench/fleet.sh [DATABASES] [MIGRATIONS] [--jobs N] [--retort PATH]
#                     [--keep]
#
# Defaults: 100 databases x 50 migrations, -j 4. Each migration creates a
# table and an index. Two sets of DATABASES empty databases are created
# (`retort create --targets`); the loop upgrades the first set, one process
# per database, one after the other; the fleet upgrades the second with
# `retort upgrade --targets FILE -j N`. The loop goes first in odd rounds
# of... one round: the loop first, then the fleet, then the loop again on
# a third set, and the loop's time is the mean of its two runs, so a
# machine that slows down or warms up during the run favours neither side.
# Afterwards every database must be at head with each migration applied
# once (retort_migrations holds MIGRATIONS rows, retort_log MIGRATIONS
# upgrade rows) and `retort status --targets` must exit 0.
#
# The server is RT_PG_URL when set, else a throwaway one from tests/pg-tmp
# (fsync off, as the tests run). Bar (issue 13): the fleet at least 2.5x
# faster than the loop. Exit status: 0 whatever the figure is (a report),
# 1 when a command or a check failed, 2 on usage. See bench/README.md.

set -u

if [ -z "${BASH_VERSION:-}" ] && [ -z "${RETORT_BENCH_NO_BASH:-}" ] &&
	command -v bash >/dev/null 2>&1; then
	RETORT_BENCH_NO_BASH=1 exec bash "$0" "$@"
fi

usage() {
	echo "usage: $0 [DATABASES] [MIGRATIONS] [--jobs N] [--retort PATH] [--keep]" >&2
	exit 2
}
die() {
	echo "fleet.sh: $*" >&2
	exit 1
}
is_count() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
	[ "$1" -gt 0 ]
}

ndb=100
nmig=50
jobs=4
retort=
keep=0
npos=0
while [ $# -gt 0 ]; do
	case $1 in
	--jobs | -j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
	--retort) [ $# -ge 2 ] || usage; retort=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h | --help) usage ;;
	-*) usage ;;
	*)
		npos=$((npos + 1))
		if [ $npos -eq 1 ]; then ndb=$1; else nmig=$1; fi
		shift
		;;
	esac
done
is_count "$ndb" && is_count "$nmig" && is_count "$jobs" || usage

root=$(cd "$(dirname "$0")/.." && pwd)
# servers on disk, as in production (tests/tmp-base.sh puts the test
# servers in memory when it can)
RT_TMP=${RT_TMP:-/tmp}
export RT_TMP
[ -n "$retort" ] || retort=$root/build/retort
[ -x "$retort" ] || die "no retort binary at $retort (ninja -C build)"
work=$(mktemp -d /tmp/retort-fleet-bench-XXXXXX)
cp "$retort" "$work/retort" # a rebuild during the run changes nothing
R=$work/retort
pg_dir=
cleanup() {
	if [ -n "${server:-}" ] && [ -s "$work/all" ]; then
		"$R" drop --force --keep-going -j 4 -q --targets "$work/all" \
			>/dev/null 2>&1
	fi
	[ -n "$pg_dir" ] && sh "$root/tests/pg-tmp" stop "$pg_dir" >/dev/null 2>&1
	if [ "$keep" -eq 1 ]; then
		echo "kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ -n "${RT_PG_URL:-}" ]; then
	server=$RT_PG_URL
else
	out=$(sh "$root/tests/pg-tmp" start) || die "tests/pg-tmp start failed"
	pg_dir=$(printf '%s\n' "$out" | head -n 1)
	server=$(printf '%s\n' "$out" | tail -n 1)
fi
url_for() {
	printf '%s\n' "$server" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$1\1|"
}

# the migrations: a chain of NMIG, each a table and an index
mkdir -p "$work/proj/migrations"
i=1
parent=
while [ $i -le "$nmig" ]; do
	name=$(printf '20260101%06d_t%d' "$i" "$i")
	{
		[ -n "$parent" ] && echo "-- retort:parent $parent"
		echo "-- retort:up"
		echo "CREATE TABLE t$i (id bigint PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());"
		echo "CREATE INDEX t${i}_name ON t$i (name);"
		echo "-- retort:down"
		echo "DROP TABLE t$i;"
	} >"$work/proj/migrations/$name.sql"
	parent=$name
	i=$((i + 1))
done

# three sets of databases: loop (a, c) and fleet (b)
tag=$$
: >"$work/all"
for set in a b c; do
	: >"$work/$set"
	i=1
	while [ $i -le "$ndb" ]; do
		echo "${set}_$i $(url_for "fb_${tag}_${set}_$i")" >>"$work/$set"
		i=$((i + 1))
	done
	cat "$work/$set" >>"$work/all"
done
cd "$work/proj" || die "cd"
"$R" create -q -j 4 --keep-going --targets "$work/all" >/dev/null ||
	die "retort create --targets failed"

now() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		echo "$EPOCHREALTIME"
	else
		python3 -c 'import time; print(time.time())'
	fi
}
elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'
}

loop() {
	while read -r _name url; do
		"$R" -q -u "$url" upgrade >/dev/null || return 1
	done <"$work/$1"
}

echo "fleet bench: $ndb PostgreSQL databases x $nmig migrations, -j $jobs"
echo "  machine: $(nproc) CPUs; server $(printf '%s' "$server" | sed 's|://[^@]*@|://***@|')"
t0=$(now)
loop a || die "the loop's retort upgrade failed"
t1=$(now)
"$R" -q -j "$jobs" upgrade --targets "$work/b" >/dev/null ||
	die "retort upgrade --targets failed"
t2=$(now)
loop c || die "the loop's retort upgrade failed (second run)"
t3=$(now)

# every database at head, every migration applied once
"$R" -q status --targets "$work/all" >/dev/null ||
	die "status --targets: a database is not at head"
bad=0
while read -r name url; do
	got=$(psql -qXAt "$url" -c "SELECT (SELECT count(*) FROM retort_migrations) || ' ' || (SELECT count(*) FROM retort_log WHERE event = 'upgrade')" 2>/dev/null)
	if [ "$got" != "$nmig $nmig" ]; then
		echo "  $name: retort_migrations/retort_log up rows: '$got', expected '$nmig $nmig'" >&2
		bad=1
	fi
done <"$work/all"
[ "$bad" -eq 0 ] || die "a database does not hold each migration once"

loop1=$(elapsed "$t0" "$t1")
fleet=$(elapsed "$t1" "$t2")
loop2=$(elapsed "$t2" "$t3")
awk -v l1="$loop1" -v l2="$loop2" -v f="$fleet" -v j="$jobs" 'BEGIN {
	l = (l1 + l2) / 2
	r = l / f
	printf "  shell loop (retort once per database): %.2f s (runs %.2f, %.2f)\n", l, l1, l2
	printf "  retort upgrade --targets -j %d:          %.2f s\n", j, f
	printf "  speed-up: %.2fx  (bar >= 2.5x: %s)\n", r, r >= 2.5 ? "PASS" : "FAIL"
}'
echo "  checked: every database at head, $nmig migrations each applied once"
