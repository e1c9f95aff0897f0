#!/bin/sh
# bench/bigfile.sh: big migration files, retort against the engine's own
# shell running the same SQL in one transaction.
#
#   sh bench/bigfile.sh [--backend sqlite|postgres] [--retort PATH]
#                       [--repeat K] [--statements N] [--keep]
#
# Three workloads, each one migration with one up section:
#   statements  N INSERTs (default 100,000) into one table, ~4.5 MB
#   10mb        ~10 MB: 10,000 INSERTs of a 1 KB value each
#   literal     one INSERT of a 1 MB literal holding 100,000 semicolons
# Each is timed as `retort upgrade` on a fresh database and as the shell
# running the section's SQL between BEGIN and COMMIT (`sqlite3 DB < F`;
# `psql -X -q -v ON_ERROR_STOP=1 -1 -f F` against a throwaway server,
# tests/pg-tmp, or $RT_PG_URL when set). The median of K runs (default 3)
# of each and their ratio are printed, for the wall clock and for the
# process's CPU time (user + system, /usr/bin/time; on PostgreSQL the
# server's work is in the wall clock only); the bar is a wall-clock ratio
# under 2. Exit
# status: 0 whatever the numbers are; 1 when a run failed; 2 on usage.
set -u

if [ -z "${BASH_VERSION:-}" ] && [ -z "${RETORT_BENCH_NO_BASH:-}" ] &&
	command -v bash >/dev/null 2>&1; then
	RETORT_BENCH_NO_BASH=1 exec bash "$0" "$@"
fi

usage() {
	echo "usage: $0 [--backend sqlite|postgres] [--retort PATH] [--repeat K] [--statements N] [--keep]" >&2
	exit 2
}

die() {
	echo "bigfile.sh: $*" >&2
	exit 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
backend=sqlite
retort=$root/build/retort
repeat=3
nstmt=100000
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--backend) backend=${2-}; shift ;;
	--retort) retort=${2-}; shift ;;
	--repeat) repeat=${2-}; shift ;;
	--statements) nstmt=${2-}; shift ;;
	--keep) keep=1 ;;
	*) usage ;;
	esac
	shift
done
case $backend in sqlite | postgres) ;; *) usage ;; esac
case $repeat$nstmt in *[!0-9]*) usage ;; esac
[ -x "$retort" ] || die "no retort binary at $retort (build first)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to write the files"

work=$(mktemp -d)
pg_dir=
cleanup() {
	if [ -n "$pg_dir" ]; then
		sh "$root/tests/pg-tmp" stop "$pg_dir" >/dev/null 2>&1
	fi
	if [ "$keep" -eq 1 ]; then
		echo "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cp "$retort" "$work/retort"

if [ "$backend" = postgres ]; then
	command -v psql >/dev/null 2>&1 || die "psql is missing"
	if [ -n "${RT_PG_URL:-}" ]; then
		pg_url=$RT_PG_URL
	else
		out=$(sh "$root/tests/pg-tmp" start) || die "no server"
		pg_dir=$(echo "$out" | head -1)
		pg_url=$(echo "$out" | tail -1)
	fi
fi

now() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		echo "$EPOCHREALTIME"
	else
		date +%s.%N
	fi
}

# Each workload: DIR/migrations/20260101000000_w.sql and DIR/shell.sql.
python3 - "$work" "$nstmt" <<'EOF'
import os, sys
work, n = sys.argv[1], int(sys.argv[2])
val = "x" * 1000
loads = {
    "statements": ["INSERT INTO t VALUES (%d, 'value %d');" % (i, i)
                   for i in range(n)],
    "10mb": ["INSERT INTO t VALUES (%d, '%s');" % (i, val)
             for i in range(10000)],
    "literal": ["INSERT INTO t VALUES (1, '%s');" % ("abcdefgh;" * 100000)],
}
for name, stmts in loads.items():
    d = os.path.join(work, name)
    os.makedirs(os.path.join(d, "migrations"))
    body = "CREATE TABLE t (id integer, v text);\n" + "\n".join(stmts) + "\n"
    with open(os.path.join(d, "migrations", "20260101000000_w.sql"), "w") as f:
        f.write("-- retort:up\n" + body + "-- retort:down\nDROP TABLE t;\n")
    with open(os.path.join(d, "shell.sql"), "w") as f:
        f.write("BEGIN;\n" + body + "COMMIT;\n")
EOF
[ $? -eq 0 ] || die "could not write the workloads"

run=0
# A fresh database for run $run of workload $1: its URL in $url (and
# $db for the shells).
fresh() {
	run=$((run + 1))
	if [ "$backend" = sqlite ]; then
		db=$work/$1/db$run.sqlite
		rm -f "$db"
		url=sqlite:$db
	else
		name=bench_$run
		psql -X -q -d "$pg_url" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1
		psql -X -q -d "$pg_url" -c "CREATE DATABASE $name" >/dev/null ||
			die "could not create database $name"
		db=$(printf '%s' "$pg_url" | sed "s|/[^/?]*\([?].*\)\{0,1\}$|/$name\1|")
		url=$db
	fi
}

drop() {
	if [ "$backend" = sqlite ]; then
		rm -f "$db"
	else
		psql -X -q -d "$pg_url" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1
	fi
}

# time_one retort|shell WORKLOAD: prints "wall cpu" seconds (cpu: user +
# system of the process, the server's not included; a steadier figure on a
# busy machine)
time_one() {
	w1=$2
	fresh "$w1"
	if [ "$1" = retort ]; then
		set -- "$work/retort" -u "$url" -d "$work/$w1/migrations" upgrade -q
		in=/dev/null
	elif [ "$backend" = sqlite ]; then
		set -- sqlite3 -bail "$db"
		in=$work/$w1/shell.sql
	else
		set -- psql -X -q -v ON_ERROR_STOP=1 -1 -d "$db" -f "$work/$w1/shell.sql"
		in=/dev/null
	fi
	t0=$(now)
	if [ -n "$timer" ]; then
		"$timer" -f "%U %S" -o "$work/cpu" "$@" <"$in" >/dev/null 2>"$work/err"
	else
		"$@" <"$in" >/dev/null 2>"$work/err"
	fi || { cat "$work/err" >&2; die "$1 failed on $w1"; }
	t1=$(now)
	drop
	cpu="0 0"
	[ -n "$timer" ] && cpu=$(tail -1 "$work/cpu")
	echo "$t0 $t1 $cpu" | awk '{ printf "%.3f %.3f\n", $2 - $1, $3 + $4 }'
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ratio() {
	echo "$1 $2" | awk '{ printf "%.2f", ($2 > 0) ? $1 / $2 : 0 }'
}

timer=
[ -x /usr/bin/time ] && timer=/usr/bin/time

shell=sqlite3
[ "$backend" = postgres ] && shell=psql
printf '%-11s %9s %9s %6s   %9s %9s %6s\n' "" "wall" "" "" "cpu" "" ""
printf '%-11s %9s %9s %6s   %9s %9s %6s   (%s, median of %s)\n' workload \
	retort "$shell" ratio retort "$shell" ratio "$backend" "$repeat"
for w in statements 10mb literal; do
	: >"$work/r" && : >"$work/s"
	i=0
	while [ $i -lt "$repeat" ]; do
		# alternate who goes first
		if [ $((i % 2)) -eq 0 ]; then
			time_one retort $w >>"$work/r"
			time_one shell $w >>"$work/s"
		else
			time_one shell $w >>"$work/s"
			time_one retort $w >>"$work/r"
		fi
		i=$((i + 1))
	done
	rw=$(cut -d' ' -f1 "$work/r" | median)
	sw=$(cut -d' ' -f1 "$work/s" | median)
	rc=$(cut -d' ' -f2 "$work/r" | median)
	sc=$(cut -d' ' -f2 "$work/s" | median)
	printf '%-11s %8ss %8ss %6s   %8ss %8ss %6s   (%s statements, %s bytes)\n' \
		"$w" "$rw" "$sw" "$(ratio "$rw" "$sw")" "$rc" "$sc" \
		"$(ratio "$rc" "$sc")" \
		"$(($(grep -c ';$' "$work/$w/shell.sql") - 2))" "$(wc -c <"$work/$w/shell.sql")"
done
