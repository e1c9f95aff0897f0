#!/bin/sh
# t5002: stop the migrator at every fault point of a mixed migration
# directory (transactional migrations and a transaction=false one), then
# run it again: every statement ran exactly once, and retort_migrations and
# retort_log are what a run without a fault writes. SQLite, PostgreSQL or
# MySQL (RT_BACKEND); on MySQL a stop between a DDL statement and its
# journal row leaves that statement in doubt, and the rerun must say so. Needs a build with fault injection (-Dfault_injection, on
# in the test builds): RETORT_FAULT_INJECT=POINT:N[:ACTION] stops the N-th
# time POINT is reached (src/lib/engine/fault.c).
. "$(dirname "$0")/lib.sh"

POINTS="lock stmt-before stmt-after commit-before commit-after write"
# failing every point would double the runs for little: a failed write and
# a commit that fails after it committed (its outcome unknown) are the
# cases a kill does not cover
FAIL_POINTS="write commit-after"
MAXN=60 # no point is reached this often in these runs
# MySQL's runs are the slowest (every statement a round trip of its own,
# DDL that syncs): a kill just before a COMMIT leaves what a kill at the
# last write before it leaves (an open transaction the server rolls
# back), and one just after it what a kill at the next point leaves, so
# there the kills skip the commit points
[ "$RT_BACKEND" = mysql ] && POINTS="lock stmt-before stmt-after write"

# Each statement that counts records its key in hits; a statement run twice
# shows as a key with count 2 (or, for DDL, as an error on the rerun).
write_dir() {
	cat >migrations/20260101000001_m1.sql <<'SQL'
-- retort:up
INSERT INTO hits VALUES ('m1.u1');
CREATE TABLE a(x int);
-- retort:down
INSERT INTO hits VALUES ('m1.d1');
DROP TABLE a;
SQL
	cat >migrations/20260101000002_m2.sql <<'SQL'
-- retort:parent 20260101000001_m1
-- retort:up transaction=false
INSERT INTO hits VALUES ('m2.u1');
CREATE TABLE b(x int);
INSERT INTO hits VALUES ('m2.u3');
-- retort:down transaction=false
INSERT INTO hits VALUES ('m2.d1');
DROP TABLE b;
INSERT INTO hits VALUES ('m2.d3');
SQL
	cat >migrations/20260101000003_m3.sql <<'SQL'
-- retort:parent 20260101000002_m2
-- retort:up
INSERT INTO hits VALUES ('m3.u1');
CREATE TABLE c(x int);
-- retort:down
DROP TABLE c;
INSERT INTO hits VALUES ('m3.d2');
SQL
}

# The database as before the first upgrade: only the hits table.
reset_db() {
	if [ "$RT_BACKEND" = mysql ]; then
		# retort's tables are emptied, not dropped: each DROP TABLE
		# costs InnoDB a file and a sync, and this runs for every stop
		# (--force: they do not exist before the first run)
		t_my "$DATABASE_URL" --force -e "DROP TABLE IF EXISTS a, b, c;
			CREATE TABLE IF NOT EXISTS hits(k varchar(20));
			DELETE FROM hits; DELETE FROM retort_migrations;
			DELETE FROM retort_log" >/dev/null 2>&1
	elif [ "$RT_BACKEND" = postgres ]; then
		psql -qXAt -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "SET client_min_messages = warning" \
			-c "DROP TABLE IF EXISTS a, b, c, hits, retort_migrations, retort_log, retort_lock" \
			-c "CREATE TABLE hits(k text)" >/dev/null
	else
		sqlite3 -batch "$T_CASE_DIR/retort.db" "DROP TABLE IF EXISTS a; DROP TABLE IF EXISTS b;
DROP TABLE IF EXISTS c; DROP TABLE IF EXISTS hits; DROP TABLE IF EXISTS retort_migrations;
DROP TABLE IF EXISTS retort_log; CREATE TABLE hits(k text);" >/dev/null
	fi
}

# Everything a rerun must get exactly right, in a stable form.
# One process a snapshot: the runs are many.
SNAP_HITS="SELECT 'hit', k, count(*) FROM hits GROUP BY k ORDER BY k"
SNAP_ROWS="SELECT 'row', revision, checksum, state, direction, statements_done, coalesce(locked_by, '-') FROM retort_migrations ORDER BY revision"
SNAP_LOG="SELECT 'log', event, revision, coalesce(direction, '-'), coalesce(checksum, '-'), coalesce(statement, 0) FROM retort_log WHERE event <> 'failure' ORDER BY id"
snapshot() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_query "$SNAP_HITS;
SELECT 'table', table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 2;
$SNAP_ROWS; $SNAP_LOG"
	elif [ "$RT_BACKEND" = postgres ]; then
		psql -qXAt -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$SNAP_HITS" \
			-c "SELECT 'table', tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 2" \
			-c "$SNAP_ROWS" -c "$SNAP_LOG"
	else
		sqlite3 -batch -noheader "$T_CASE_DIR/retort.db" "$SNAP_HITS;
SELECT 'table', name FROM sqlite_schema WHERE type = 'table' ORDER BY 2;
$SNAP_ROWS; $SNAP_LOG;"
	fi
}

# fault_family ACTION DIRECTION: for every point, the 1st, 2nd, ... time
# it is reached, a fresh database gets the fault during the DIRECTION run
# (upgrade, or downgrade base after a clean upgrade), then the run again
# without it; the result must equal $REF. Counts go to $RUNS / $BAD.
fault_family() {
	_act=$1
	_dir=$2
	_points=$POINTS
	[ "$_act" = fail ] && _points=$FAIL_POINTS
	for _p in $_points; do
		_n=1
		while [ "$_n" -le "$MAXN" ]; do
			reset_db
			if [ "$_dir" = downgrade ]; then
				"$RETORT" upgrade >/dev/null 2>&1 || t_fail "clean upgrade failed"
				set -- downgrade base
			else
				set -- upgrade
			fi
			RETORT_FAULT_INJECT="$_p:$_n${_act:+:$_act}" "$RETORT" "$@" >/dev/null 2>.fault.err
			_rc=$?
			if [ "$_rc" = 0 ]; then
				break # the point is reached fewer than $_n times
			fi
			case "$_act:$_rc" in
			:137 | fail:1) ;;
			*) t_fail "$_p:$_n:$_act: exit $_rc: $(cat .fault.err)" ;;
			esac
			RUNS=$((RUNS + 1))
			rt "$@"
			if [ "$RC" != 0 ] && in_doubt "$_p:$_n"; then
				DOUBT=$((DOUBT + 1))
			elif [ "$RC" != 0 ]; then
				t_fail "$_p:$_n:$_act: the rerun exited $RC: $ERR"
				BAD=$((BAD + 1))
			elif [ "$(snapshot)" != "$REF" ]; then
				t_fail "$_p:$_n:$_act: after the rerun: $(snapshot | diff -u /dev/stdin ref.$_dir | tail -n +3 | grep '^[-+]' | tr '\n' ' ')"
				BAD=$((BAD + 1))
			fi
			_n=$((_n + 1))
		done
		[ "$_n" -gt 1 ] || t_fail "point $_p was never reached"
		[ "$_n" -le "$MAXN" ] || t_fail "point $_p still reached after $MAXN times"
		NPOINTS=$((NPOINTS + _n - 1))
	done
}

# MySQL commits a DDL statement on its own, before its journal row can
# be: a run stopped between the two leaves a statement that is done but
# not journaled, which the rerun runs again and fails on. That rerun must
# say the statement is in doubt and point at stamp, and the statement
# must be the DDL whose effect is already there, nothing run twice.
# (Run after a failed rerun, with $ERR its stderr; $1 names the fault.)
in_doubt() {
	[ "$RT_BACKEND" = mysql ] || return 1
	_st=$(printf '%s\n' "$ERR" | sed -n 's/.*statement \([0-9]*\) is where an interrupted run stopped.*/\1/p')
	[ -n "$_st" ] || return 1
	case "$ERR" in
	*"retort stamp"*) ;;
	*) t_fail "$1: the in-doubt message does not point at stamp: $ERR" ;;
	esac
	case "$ERR" in
	*"failed at statement $_st of"*) ;;
	*) t_fail "$1: the in-doubt statement is not the one that failed: $ERR" ;;
	esac
	# detail: statement: CREATE TABLE b(x int); (or DROP TABLE b;)
	_ddl=$(printf '%s\n' "$ERR" | sed -n 's/^detail: statement: \(CREATE\|DROP\) TABLE \([a-z]*\).*/\1 \2/p')
	case "$_ddl" in
	"CREATE "*) _want=1 ;;
	"DROP "*) _want=0 ;;
	*)
		t_fail "$1: a statement in doubt that is not DDL: $ERR"
		return 0
		;;
	esac
	[ "$(t_query "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${_ddl#* }'")" = "$_want" ] ||
		t_fail "$1: '$_ddl' is said to be in doubt but did not run"
	[ -z "$(t_query "SELECT k FROM hits GROUP BY k HAVING count(*) > 1")" ] ||
		t_fail "$1: a statement ran twice: $(t_query "SELECT k, count(*) FROM hits GROUP BY k")"
	return 0
}

# Does this build honour RETORT_FAULT_INJECT?
fault_built() {
	reset_db
	RETORT_FAULT_INJECT=lock:1 "$RETORT" upgrade >/dev/null 2>&1
	[ $? = 137 ]
}

for _dir in upgrade downgrade; do
	for _act in kill fail; do
		[ "$_act" = kill ] && _what="killed" || _what="failing"
		t_case "$_dir $_what at every fault point, then again: each statement once, bookkeeping exact"
		write_dir
		# the failure paths are the runner's, the same on every engine:
		# one backend keeps the server families within their time
		if [ "$_act" = fail ] && ! t_only sqlite; then
			continue
		fi
		if ! fault_built; then
			echo "# this build has no fault injection (-Dfault_injection)"
			T_CASE_SKIP=1
			continue
		fi
		reset_db
		[ "$_dir" = downgrade ] && rt upgrade
		if [ "$_dir" = downgrade ]; then rt downgrade base; else rt upgrade; fi
		t_status 0
		REF=$(snapshot)
		printf '%s\n' "$REF" >"ref.$_dir"
		RUNS=0
		BAD=0
		DOUBT=0
		NPOINTS=0
		[ "$_act" = kill ] && _a="" || _a=fail
		fault_family "$_a" "$_dir"
		[ "$RUNS" -gt 0 ] || t_fail "no run was stopped"
		# MySQL: every DDL statement has its moments in doubt
		if [ "$RT_BACKEND" = mysql ] && [ "$DOUBT" -eq 0 ]; then
			t_fail "no stop left a DDL statement in doubt"
		fi
		echo "# $_dir, $_what at: $NPOINTS point occurrences, $RUNS runs stopped, $DOUBT in doubt, $BAD wrong after the rerun"
	done
done

t_done
