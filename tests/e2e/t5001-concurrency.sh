#!/bin/sh
# t5001: concurrency on one database, SQLite, PostgreSQL or MySQL (RT_BACKEND).
# Many migrators at once apply (and revert) each migration exactly once; a
# migrator that cannot get the lock (SQLite's write lock, PostgreSQL's
# advisory lock) in time exits 4 and applies nothing.
. "$(dirname "$0")/lib.sh"

N=200 # migrations in the chain
P=8   # concurrent migrators

# A valid 14-digit id for migration $1 (1..N): 2026-01-01 HH:MM:SS.
rev_of() {
	printf '20260101%02d%02d%02d_t%d' $(($1 / 3600)) $(($1 / 60 % 60)) $(($1 % 60)) "$1"
}

# Write the chain: migration i creates t<i> (three columns) and an index.
gen_chain() {
	_i=1
	_prev=""
	while [ "$_i" -le "$N" ]; do
		_rev=$(rev_of "$_i")
		if [ "$RT_BACKEND" = mysql ]; then
			# a text column is indexed by a prefix; an index is
			# dropped ON its table
			t_mig "$_rev" "$_prev" "CREATE TABLE t$_i(id integer PRIMARY KEY, name varchar(40) NOT NULL, qty integer DEFAULT 0);
CREATE INDEX t${_i}_name ON t$_i(name);" "DROP INDEX t${_i}_name ON t$_i;
DROP TABLE t$_i;"
		else
		t_mig "$_rev" "$_prev" "CREATE TABLE t$_i(id integer PRIMARY KEY, name text NOT NULL, qty integer DEFAULT 0);
CREATE INDEX t${_i}_name ON t$_i(name);" "DROP INDEX t${_i}_name;
DROP TABLE t$_i;"
		fi
		_prev=$_rev
		_i=$((_i + 1))
	done
}

# Start $P retort processes with ARGS at once (released together by a
# start file), wait for all; each one's status lands in rc.<k>, its output
# in out.<k> / err.<k>.
run_parallel() {
	rm -f go rc.* out.* err.*
	_k=1
	while [ "$_k" -le "$P" ]; do
		(
			while [ ! -f go ]; do sleep 0.01; done
			"$RETORT" "$@" >"out.$_k" 2>"err.$_k"
			echo $? >"rc.$_k"
		) &
		_k=$((_k + 1))
	done
	sleep 0.2
	: >go
	wait
	_k=1
	while [ "$_k" -le "$P" ]; do
		_rc=$(cat "rc.$_k" 2>/dev/null || echo none)
		[ "$_rc" = 0 ] || t_fail "process $_k of 'retort $*' exited $_rc: $(cat "err.$_k" 2>/dev/null)"
		if grep -q Sanitizer "err.$_k" 2>/dev/null; then
			t_fail "sanitizer report from process $_k"
			cat "err.$_k"
		fi
		_k=$((_k + 1))
	done
}

user_tables() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_query "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name REGEXP '^t[0-9]+$'"
	elif [ "$RT_BACKEND" = postgres ]; then
		t_query "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ '^t[0-9]+$'"
	else
		t_query "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 't[0-9]*'"
	fi
}

user_indexes() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_query "SELECT count(DISTINCT table_name, index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name REGEXP '^t[0-9]+_name$'"
	elif [ "$RT_BACKEND" = postgres ]; then
		t_query "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname ~ '^t[0-9]+_name$'"
	else
		t_query "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name GLOB 't[0-9]*_name'"
	fi
}

# Columns of the t<i> tables, all together.
user_columns() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_query "SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name REGEXP '^t[0-9]+$'"
	elif [ "$RT_BACKEND" = postgres ]; then
		t_query "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name ~ '^t[0-9]+$'"
	else
		t_query "SELECT count(*) FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name GLOB 't[0-9]*'"
	fi
}

# Objects of any kind in the database (the schema retort works in).
all_objects() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_query "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
	elif [ "$RT_BACKEND" = postgres ]; then
		t_query "SELECT count(*) FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
	else
		t_query "SELECT count(*) FROM sqlite_master"
	fi
}

t_case "$P concurrent upgrades of $N migrations: each applied exactly once"
gen_chain
run_parallel --wait-lock 120s upgrade
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" "$N" "rows in retort_migrations"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE state = 'applied'")" "$N" \
	"applied rows in retort_migrations"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" "$N" "upgrade rows in retort_log"
t_eq "$(t_query "SELECT count(DISTINCT revision) FROM retort_log WHERE event = 'upgrade'")" "$N" \
	"distinct revisions upgraded"
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'upgrade' GROUP BY revision HAVING count(*) > 1")" "" \
	"revisions upgraded twice"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'failure'")" 0 "failure rows"
t_eq "$(user_tables)" "$N" "tables t<i>"
t_eq "$(user_indexes)" "$N" "indexes t<i>_name"
# each table has its three columns
t_eq "$(user_columns)" $((N * 3)) "columns of the t<i> tables"
# the log is in chain order: t1 first, t<N> last
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'upgrade' ORDER BY id LIMIT 1")" "$(rev_of 1)"
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'upgrade' ORDER BY id DESC LIMIT 1")" "$(rev_of $N)"
rt status
t_status 0

t_case "$P concurrent 'downgrade base': each reverted exactly once, no table left"
gen_chain
rt --wait-lock 120s upgrade
t_status 0
run_parallel --wait-lock 120s downgrade base
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0 "rows in retort_migrations"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" "$N" "upgrade rows in retort_log"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'downgrade'")" "$N" "downgrade rows in retort_log"
t_eq "$(t_query "SELECT count(DISTINCT revision) FROM retort_log WHERE event = 'downgrade'")" "$N" \
	"distinct revisions downgraded"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'failure'")" 0 "failure rows"
t_eq "$(user_tables)" 0 "tables t<i> left"
t_eq "$(user_indexes)" 0 "indexes t<i>_name left"
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'downgrade' ORDER BY id LIMIT 1")" "$(rev_of $N)"

# Start $P upgrades and $P 'downgrade base' at once; wait for all. Each
# exits 0, or 1 saying that another migrator changed the applied set under
# it (never a broken graph).
# Each of the 2P migrators may wait for all the others' runs: on MySQL,
# where each DDL statement commits (and syncs) on its own and is journaled
# apart, a run of the chain takes several times longer.
AGAINST_WAIT=120s
[ "$RT_BACKEND" = mysql ] && AGAINST_WAIT=900s
run_against() {
	rm -f go rc.* out.* err.*
	_k=1
	while [ "$_k" -le $((2 * P)) ]; do
		(
			while [ ! -f go ]; do sleep 0.01; done
			if [ $((_k % 2)) -eq 0 ]; then
				"$RETORT" --wait-lock $AGAINST_WAIT upgrade >"out.$_k" 2>"err.$_k"
			else
				"$RETORT" --wait-lock $AGAINST_WAIT downgrade base >"out.$_k" 2>"err.$_k"
			fi
			echo $? >"rc.$_k"
		) &
		_k=$((_k + 1))
	done
	sleep 0.2
	: >go
	wait
	_k=1
	while [ "$_k" -le $((2 * P)) ]; do
		_rc=$(cat "rc.$_k" 2>/dev/null || echo none)
		case $_rc in
		0) ;;
		1) grep -q "another migrator" "err.$_k" ||
			t_fail "process $_k exited 1 without naming the other migrator: $(cat "err.$_k")" ;;
		*) t_fail "process $_k exited $_rc: $(cat "err.$_k" 2>/dev/null)" ;;
		esac
		_k=$((_k + 1))
	done
}

# The applied set of the chain is closed under parents: t1..t<k>, and the
# tables are exactly theirs.
check_prefix() {
	_n=$(t_query "SELECT count(*) FROM retort_migrations")
	_max=$(t_query "SELECT revision FROM retort_migrations" | sed 's/.*_t//' | sort -n | tail -n 1)
	t_eq "${_max:-0}" "$_n" "highest applied t<i> against the number applied (not closed under parents)"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE state <> 'applied'")" 0 "rows not applied"
	t_eq "$(user_tables)" "$_n" "tables t<i> against the number applied"
}

t_case "$P upgrades against $P downgrades: the applied set stays closed under parents"
gen_chain
# the file exists before the race (a refused run's clean-up is not this
# case's subject)
for _round in 1 2; do
	rt --wait-lock 120s downgrade base
	t_status 0
	rt upgrade "$(rev_of 1)"
	t_status 0
	run_against
	check_prefix
done
# and the database is usable afterwards
rt --wait-lock 120s upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" "$N" "applied after a last upgrade"
t_eq "$(user_tables)" "$N" "tables after a last upgrade"

# The key of the advisory lock retort takes on the case's PostgreSQL
# database, as pg_locks shows it while a retort upgrade (of a migration
# directory of its own) sleeps in a migration (the lock connection's: the
# session that runs the migration holds a second lock, its fence); the
# probe is then stopped and the case's database made afresh.
pg_lock_key() {
	mkdir -p probe
	printf -- '-- retort:up\nSELECT pg_sleep(60);\n' >probe/20260101000000_probe.sql
	"$RETORT" -d probe upgrade >/dev/null 2>&1 &
	_probe=$!
	KEY=""
	_n=0
	while [ -z "$KEY" ] && [ "$_n" -lt 200 ]; do
		sleep 0.05
		KEY=$(t_query "SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks
			WHERE locktype = 'advisory' AND granted
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
			AND pid NOT IN (SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%')
			AND EXISTS (SELECT FROM pg_stat_activity WHERE state = 'active'
				AND query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid())")
		_n=$((_n + 1))
	done
	kill "$_probe" 2>/dev/null
	wait "$_probe" 2>/dev/null
	rm -rf probe
	t_new_db
	[ -n "$KEY" ] || t_fail "no advisory lock seen while retort upgrade ran"
}

# Hold the migration lock of the case's database for $1 seconds from
# another process: SQLite's write lock (BEGIN IMMEDIATE), PostgreSQL's
# advisory lock ($KEY, from pg_lock_key); returns once the lock is held.
hold_lock() {
	rm -f held
	if [ "$RT_BACKEND" = mysql ]; then
		# GET_LOCK on retort's lock name, from the mariadb client
		t_my "$DATABASE_URL" -e "SELECT GET_LOCK(CONCAT('retort:', DATABASE()), 10), SLEEP($1)" \
			>/dev/null &
		HOLDER=$!
		_n=0
		while [ "$(t_query "SELECT IS_USED_LOCK(CONCAT('retort:', DATABASE())) IS NOT NULL")" != 1 ] &&
			[ "$_n" -lt 200 ]; do
			sleep 0.05
			_n=$((_n + 1))
		done
		: >held
		return
	fi
	if [ "$RT_BACKEND" = postgres ]; then
		psql -qX "$DATABASE_URL" -c "SELECT pg_advisory_lock($KEY)" -c '\! touch held' \
			-c "SELECT pg_sleep($1)" >/dev/null &
	else
		python3 - "$T_CASE_DIR/retort.db" "$1" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("held", "w").close()
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")
c.close()
EOF
	fi
	HOLDER=$!
	_n=0
	while [ ! -f held ] && [ "$_n" -lt 200 ]; do
		sleep 0.05
		_n=$((_n + 1))
	done
	[ -f held ] || t_fail "the lock holder did not start"
}

now_ms() {
	python3 -c 'import time; print(int(time.time() * 1000))'
}

if command -v python3 >/dev/null 2>&1; then
	t_case "migration lock held elsewhere: --wait-lock 1s exits 4 within seconds, applies nothing"
	[ "$RT_BACKEND" = postgres ] && pg_lock_key
	t_mig 20260101000001_a "" "CREATE TABLE a(x int);" "DROP TABLE a;"
	rt upgrade
	t_status 0
	t_mig 20260101000002_b 20260101000001_a "CREATE TABLE b(x int);" "DROP TABLE b;"
	SNAP=$(t_dump)
	# held 8 s: a run that gave up after its 1 s, however slow its start
	# and exit (4.6 s seen under ASan on a loaded machine), ends well
	# before a run that waited for the holder could
	hold_lock 8
	T0=$(now_ms)
	rt --wait-lock 1s upgrade
	T1=$(now_ms)
	t_status 4
	t_err_has "retort: error: "
	t_err_has "lock"
	[ $((T1 - T0)) -lt 6500 ] || t_fail "took $((T1 - T0)) ms to give up (wait-lock 1s)"
	[ $((T1 - T0)) -ge 900 ] || t_fail "gave up after $((T1 - T0)) ms, before the 1s wait"
	wait "$HOLDER"
	t_eq "$(t_dump)" "$SNAP" "database after the lock timeout"
	t_eq "$(t_tables)" "a" "tables"
	# and once the lock is free, the upgrade goes through
	rt --wait-lock 1s upgrade
	t_status 0
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 2

	t_case "migration lock held on a fresh database: exits 4, creates nothing"
	[ "$RT_BACKEND" = postgres ] && pg_lock_key
	t_mig 20260101000001_a "" "CREATE TABLE a(x int);" "DROP TABLE a;"
	hold_lock 4
	rt --wait-lock 1s upgrade
	t_status 4
	t_err_has "lock"
	wait "$HOLDER"
	t_eq "$(all_objects)" 0 "objects in the fresh database"

	t_case "migration lock released within --wait-lock: upgrade waits and succeeds"
	[ "$RT_BACKEND" = postgres ] && pg_lock_key
	t_mig 20260101000001_a "" "CREATE TABLE a(x int);" "DROP TABLE a;"
	hold_lock 2
	T0=$(now_ms)
	rt --wait-lock 20s upgrade
	T1=$(now_ms)
	t_status 0
	[ $((T1 - T0)) -ge 1000 ] || t_fail "finished after $((T1 - T0)) ms while the lock was held for 2 s"
	wait "$HOLDER"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 1
else
	echo "# skipped the lock-timeout cases: no python3"
fi

t_done
