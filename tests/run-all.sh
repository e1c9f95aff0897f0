#!/bin/sh
# Every test against one build directory: the unit tests (meson test), the
# end-to-end families in tests/e2e against SQLite and against a throwaway
# PostgreSQL server (tests/pg-tmp), and the embedding example.
#
# The families are independent (each its own directory, its own database
# names, t2002 its own server), and most of their time is spent waiting on
# a database or a child process: they run RT_JOBS at a time (default 3),
# each into a log of its own; the results are then read in a fixed order.
# Prints one closing line "N passed, N failed, N skipped" and exits
# non-zero on any failure. Usage: tests/run-all.sh BUILD_DIR
# (RT_JOBS=N families at a time; RT_FAMILIES='*t1001* *t2*' only those)
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
jobs=${RT_JOBS:-3}
# RT_FAMILIES: shell patterns of the family files to run, blank-separated
# (all by default)
families=${RT_FAMILIES:-*}
wanted() {
	set -f # the patterns are for case, not for the working directory
	for p in $families; do
		# shellcheck disable=SC2254
		case "$1" in $p) set +f; return 0 ;; esac
	done
	set +f
	return 1
}
passed=0
failed=0
skipped=0
logs="$build/e2e-logs"
rm -rf "$logs"
mkdir -p "$logs"

RETORT="$PWD/$build/retort"
export RETORT

pgdir=""
pg_ok=0
if pg=$(tests/pg-tmp start); then
	pgdir=$(printf '%s\n' "$pg" | head -n 1)
	RT_PG_URL=$(printf '%s\n' "$pg" | tail -n 1)
	export RT_PG_URL
	pg_ok=1
else
	echo "pg-tmp: could not start a PostgreSQL server"
	failed=$((failed + 1))
fi

mydir=""
my_ok=0
if my=$(tests/mariadb-tmp start); then
	mydir=$(printf '%s\n' "$my" | head -n 1)
	RT_MYSQL_URL=$(printf '%s\n' "$my" | tail -n 1)
	export RT_MYSQL_URL
	my_ok=1
else
	echo "mariadb-tmp: could not start a MariaDB server"
	failed=$((failed + 1))
fi

# The unit tests, once the servers are up: the MySQL loader's tests
# (mysql_roundtrip: every case of tests/diff/mysql loaded, read back and
# rendered; mysql_catalog) need one, as host:port:user:password
if [ "$my_ok" -eq 1 ]; then
	RT_MYSQL_TEST=$(printf '%s\n' "$RT_MYSQL_URL" |
		sed -n 's|^[a-z]*://\([^:@/]*\):\([^@]*\)@\([^:/]*\):\([0-9]*\).*|\3:\4:\1:\2|p')
	export RT_MYSQL_TEST
fi
echo "== unit tests ($build)"
if meson test -C "$build" --print-errorlogs --no-rebuild >"$build/unit.log" 2>&1; then
	:
else
	cat "$build/unit.log"
fi
n_ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$build/unit.log" | tail -n 1)
n_fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$build/unit.log" | tail -n 1)
echo "unit: ${n_ok:-0} passed, ${n_fail:-0} failed"
passed=$((passed + ${n_ok:-0}))
failed=$((failed + ${n_fail:-0}))
[ -n "$n_ok" ] || failed=$((failed + 1))

# The job list, one "BACKEND FILE [SHARD]" a line; the CLI family (t0) is about
# the command line, not the backend, and runs on SQLite only. The slowest
# families go first so that the pool does not end on one long tail.
list="$logs/jobs"
: >"$list"
for t in tests/e2e/t[0-9]*.sh; do
	wanted "$t" && echo "sqlite $t" >>"$list"
done
if [ "$pg_ok" -eq 1 ]; then
	for t in tests/e2e/t[1-9]*.sh; do
		wanted "$t" && echo "postgres $t" >>"$list"
	done
fi
# MySQL/MariaDB: the engine families (t1, t3, t5), lint's rule cases
# (t6001), upgrade's lint gate (t6002) and retort test (t8201); the
# PostgreSQL families (t2, t4003, t6003's Unleash history, t9003's
# streaming replica) and online migrations (t7) are PostgreSQL's alone
if [ "$my_ok" -eq 1 ]; then
	for t in tests/e2e/t[135]*.sh tests/e2e/t600[12]-*.sh tests/e2e/t8201-*.sh; do
		wanted "$t" && echo "mysql $t" >>"$list"
	done
fi
# and the families of the schema commands (t4004 MySQL's own), the diff corpus (its MySQL
# cases through the binary), import, exec and copy sources, squash,
# repeatable migrations and fleets,
# which take MySQL too: what is PostgreSQL's alone skips with the reason
if [ "$my_ok" -eq 1 ]; then
	for t in tests/e2e/t400[124]-*.sh tests/e2e/t800[1-5]-*.sh \
		tests/e2e/t810[1-3]-*.sh tests/e2e/t830[12]-*.sh \
		tests/e2e/t900[14]-*.sh; do
		wanted "$t" && echo "mysql $t" >>"$list"
	done
fi
# A family that says `T_SHARDABLE=1` (lib.sh's t_sharded: its cases are
# independent) runs as $RT_SHARDS jobs (default 3), each
# taking one case in RT_SHARDS: the round-trip corpus is most of the
# suite's time, and a single job of it was the pool's long tail.
shards=${RT_SHARDS:-3}
if [ "$shards" -gt 1 ]; then
	mv "$list" "$list.whole"
	while read -r backend t; do
		if grep -q '^T_SHARDABLE=1' "$t"; then
			i=1
			while [ "$i" -le "$shards" ]; do
				echo "$backend $t $i/$shards"
				i=$((i + 1))
			done
		else
			echo "$backend $t"
		fi
	done <"$list.whole" >"$list"
fi
# RT_SKIP_JOBS: an extended regular expression; jobs ("BACKEND FILE
# [SHARD]") it matches are left out (make asan leaves out what a
# sanitizer run of its own already covers)
if [ -n "${RT_SKIP_JOBS-}" ]; then
	grep -vE "$RT_SKIP_JOBS" "$list" >"$list.kept"
	mv "$list.kept" "$list"
fi
if [ ! -s "$list" ]; then
	echo "no end-to-end family matches '$families'"
	failed=$((failed + 1))
fi
order="$logs/order"
{
	grep -E 't7002|t2002|t5|t4001' "$list"
	grep -vE 't7002|t2002|t5|t4001' "$list"
} >"$order"

# log_of BACKEND FILE [SHARD]: a job's log.
log_of() {
	echo "$logs/$1-$(basename "$2" .sh)${3:+-$(echo "$3" | tr / of)}.log"
}

# One family: its output into its log, its exit status and seconds after.
run_one() {
	log=$(log_of "$@")
	start=$(date +%s)
	RT_BACKEND=$1 RT_SHARD=${3-} sh "$2" >"$log" 2>&1
	echo "rc=$? secs=$(($(date +%s) - start))" >"$log.rc"
}

# A pool of $jobs workers over the job list, in plain sh: each worker takes
# the next line under a lock directory (mkdir is atomic).
next_job() {
	while ! mkdir "$logs/lock" 2>/dev/null; do sleep 0.05; done
	n=$(cat "$logs/next" 2>/dev/null || echo 1)
	echo $((n + 1)) >"$logs/next"
	rmdir "$logs/lock"
	sed -n "${n}p" "$order"
}
worker() {
	while :; do
		job=$(next_job)
		[ -n "$job" ] || return 0
		# shellcheck disable=SC2086
		run_one $job
	done
}
echo "== end-to-end tests, SQLite, PostgreSQL and MariaDB, $jobs at a time ($build)"
w=0
while [ "$w" -lt "$jobs" ]; do
	worker &
	w=$((w + 1))
done
wait

# The results, in the job list's own order.
while read -r backend t shard; do
	log=$(log_of "$backend" "$t" $shard)
	out=$(cat "$log" 2>/dev/null)
	rc=$(sed -n 's/^rc=\([0-9]*\).*/\1/p' "$log.rc" 2>/dev/null)
	secs=$(sed -n 's/.*secs=\([0-9]*\).*/\1/p' "$log.rc" 2>/dev/null)
	line=$(printf '%s\n' "$out" | tail -n 1)
	counts=$(printf '%s\n' "$line" | sed -n 's/^.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
	if [ -z "$counts" ]; then
		printf '%s\n' "$out"
		echo "$t ($backend${shard:+ $shard}): did not finish"
		failed=$((failed + 1))
		continue
	fi
	set -- $counts
	if [ "${rc:-1}" -ne 0 ] || [ "$2" -ne 0 ]; then
		printf '%s\n' "$out"
	else
		echo "$line (${secs}s${shard:+, share $shard})"
	fi
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
	[ "${rc:-1}" -ne 0 ] && [ "$2" -eq 0 ] && failed=$((failed + 1))
done <"$list"

[ -n "$pgdir" ] && tests/pg-tmp stop "$pgdir"
[ -n "$mydir" ] && tests/mariadb-tmp stop "$mydir"

echo "== embedding example ($build)"
if sh examples/embed/run.sh "$build" >"$build/embed.log" 2>&1; then
	passed=$((passed + 1))
	echo "embed: 1 passed, 0 failed"
else
	cat "$build/embed.log"
	failed=$((failed + 1))
	echo "embed: 0 passed, 1 failed"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
