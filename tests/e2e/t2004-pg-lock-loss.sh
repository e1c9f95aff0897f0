#!/bin/sh
# t2004-pg-lock-loss: the PostgreSQL migration lock is never lost silently.
# The advisory lock's connection survives the server's idle timeouts; a
# lock connection killed from outside is noticed before the next
# statement, and a second migrator waits until the first has stopped;
# --lock table renews its lease while a statement runs longer than the
# lease, and a lease taken away is noticed (the running statement is
# cancelled) with no bookkeeping written after it. In every case each
# statement of a transaction=false migration runs exactly once: they
# insert into a counter table. PostgreSQL only.
if [ "${RT_BACKEND:-sqlite}" != postgres ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

# --- helpers of this family ------------------------------------------------

# Poll SQL $1 until it returns $2 (default: anything but 0/empty), up to
# $3 tenths of a second (default 100); returns 1 on timeout.
wait_for() {
	_n=0
	while [ "$_n" -lt "${3:-100}" ]; do
		_v=$(t_query "$1" 2>/dev/null)
		if [ -n "${2-}" ]; then
			[ "$_v" = "$2" ] && return 0
		else
			[ -n "$_v" ] && [ "$_v" != 0 ] && return 0
		fi
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# Wait until a session other than ours runs a statement containing $1.
wait_running() {
	wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%$1%'" ||
		t_fail "no session ran '$1'"
}

# The counter table, and a transaction=false migration whose statements
# 1, 3 and 4 insert their position into it and whose statement 2 sleeps
# $1 seconds, or with "gate" waits until the test opens the gate
# (open_gate), so that a second migrator surely starts while it runs.
counted_migration() {
	t_query "CREATE TABLE hits (stmt integer NOT NULL, pid integer NOT NULL DEFAULT pg_backend_pid());
		CREATE TABLE gate (open boolean)" >/dev/null
	if [ "$1" = gate ]; then
		second='DO $$ BEGIN WHILE NOT EXISTS (SELECT FROM gate) LOOP PERFORM pg_sleep(0.05); END LOOP; END $$;'
	else
		second="SELECT pg_sleep($1);"
	fi
	cat >migrations/20260101000001_counted.sql <<EOF
-- retort:up transaction=false
INSERT INTO hits (stmt) VALUES (1);
$second
INSERT INTO hits (stmt) VALUES (3);
INSERT INTO hits (stmt) VALUES (4);
-- retort:down
SELECT 1;
EOF
}

open_gate() {
	t_query "INSERT INTO gate VALUES (true)" >/dev/null
}

# The server process of the session that waits at the gate.
gate_pid() {
	t_query "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
		AND state = 'active' AND query LIKE '%FROM gate%' AND pid <> pg_backend_pid()"
}

# The lock connection of the migrator whose main session is $1: the
# session that holds the migration lock and does not run the migration.
lock_conn_pid() {
	_p=$(t_query "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
		AND a.query LIKE '%pg_try_advisory_lock%' AND a.state = 'idle' AND l.pid <> $1")
	[ -n "$_p" ] || t_fail "no lock connection found"
	echo "${_p:-0}"
}

# Wait until a session other than $1 holds an advisory lock: the second
# migrator has the migration lock (and waits for the fence, or runs).
wait_second() {
	wait_for "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND pid <> $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())" ||
		t_fail "the second migrator did not take the migration lock"
}

# "stmt:times ..." of the counter table.
hits() {
	t_query "SELECT string_agg(stmt || ':' || n, ' ' ORDER BY stmt)
		FROM (SELECT stmt, count(*) n FROM hits GROUP BY stmt) s"
}

# Start retort in the background: bg NAME ARGS...; NAME.rc, NAME.out,
# NAME.err when it ends. bg_wait NAME waits for it and sets RC_NAME (not
# in a $(...) subshell: wait knows only the shell's own children).
bg() {
	_name=$1
	shift
	rm -f "$_name.rc"
	(
		"$RETORT" "$@" >"$_name.out" 2>"$_name.err"
		echo $? >"$_name.rc"
	) &
	eval "BG_$_name=\$!"
}

bg_wait() {
	eval "wait \$BG_$1"
	if grep -q Sanitizer "$1.err" 2>/dev/null; then
		t_fail "sanitizer report from $1"
		cat "$1.err"
	fi
	eval "RC_$1=\$(cat \"$1.rc\" 2>/dev/null || echo none)"
}

# Every journaled statement position of the migration, with how often.
journal() {
	t_query "SELECT string_agg(statement || ':' || n, ' ' ORDER BY statement)
		FROM (SELECT statement, count(*) n FROM retort_log WHERE event = 'statement'
		      GROUP BY statement) s"
}

# The end of every case: a last upgrade finds the migration applied (or
# finishes it), and each statement ran exactly once.
settle() {
	rt "$@" --wait-lock 30s upgrade
	t_status 0
	rt "$@" status
	t_status 0
	t_eq "$(hits)" "1:1 3:1 4:1" "statements run (position:times)"
	t_eq "$(journal)" "1:1 2:1 3:1 4:1" "journaled statements (position:times)"
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 1 "upgrade rows"
}

# --- advisory lock ----------------------------------------------------------

t_case "idle_session_timeout 1s on the database: the lock outlives it, a second migrator waits, nothing runs twice"
t_query "ALTER DATABASE \"$T_PG_DB\" SET idle_session_timeout = '1s'" >/dev/null
t_query "ALTER DATABASE \"$T_PG_DB\" SET idle_in_transaction_session_timeout = '1s'" >/dev/null
counted_migration gate
bg a upgrade
wait_running "FROM gate"
# the lock connection idles longer than the timeout while the gate is shut
sleep 1.5
bg b --wait-lock 30s upgrade
sleep 1.5
open_gate
bg_wait a
bg_wait b
case "$RC_a" in
0) ;;
1) grep -q "lost the migration lock" a.err ||
	t_fail "the first migrator failed without saying it lost the lock: $(cat a.err)" ;;
*) t_fail "the first migrator exited $RC_a: $(cat a.err)" ;;
esac
t_eq "$RC_b" 0 "status of the second migrator ($(cat b.err))"
settle

t_case "the lock connection terminated from outside: stopped before the next statement, a second migrator waits, a rerun resumes"
counted_migration gate
bg a upgrade
wait_running "FROM gate"
a_pid=$(gate_pid)
lock_pid=$(lock_conn_pid "$a_pid")
t_eq "$(t_query "SELECT pg_terminate_backend($lock_pid)")" t "terminated the lock connection"
wait_for "SELECT count(*) FROM pg_stat_activity WHERE pid = $lock_pid" 0 || t_fail "the lock connection stayed"
# a second migrator takes the free lock while the first still runs
bg b --wait-lock 30s upgrade
wait_second "$a_pid"
open_gate
bg_wait a
bg_wait b
t_eq "$RC_a" 1 "status of the migrator that lost its lock ($(cat a.err))"
t_file_has a.err "lost the migration lock"
t_file_has a.err "before statement 3 of 4"
t_file_has a.err "resume"
t_eq "$RC_b" 0 "status of the second migrator ($(cat b.err))"
t_file_has b.out "resume 20260101000001_counted at statement 3"
settle

t_case "the lock connection terminated while nothing else waits: the migration stays partial at the right statement"
counted_migration gate
bg a upgrade
wait_running "FROM gate"
lock_pid=$(lock_conn_pid "$(gate_pid)")
t_eq "$(t_query "SELECT pg_terminate_backend($lock_pid)")" t "terminated the lock connection"
wait_for "SELECT count(*) FROM pg_stat_activity WHERE pid = $lock_pid" 0 || t_fail "the lock connection stayed"
open_gate
bg_wait a
t_eq "$RC_a" 1 "status of the migrator that lost its lock ($(cat a.err))"
t_eq "$(hits)" "1:1" "statements run before the rerun"
t_eq "$(t_query "SELECT state || ' ' || statements_done FROM retort_migrations")" "partial 2" \
	"the row: partial, the gate passed"
t_eq "$(t_query "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
	AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")" 0 "advisory locks left"
settle

# --- --lock table: a lease --------------------------------------------------

t_case "--lock table: a statement longer than the lease keeps it (heartbeat), a second migrator waits, nothing runs twice"
RETORT_TEST_LEASE_MS=1500
export RETORT_TEST_LEASE_MS
t_query "ALTER DATABASE \"$T_PG_DB\" SET idle_session_timeout = '1s'" >/dev/null
counted_migration 4
bg a --lock table upgrade
wait_running "pg_sleep(4)"
sleep 2
bg b --lock table --wait-lock 30s upgrade
bg_wait a
bg_wait b
t_eq "$RC_a" 0 "status of the first migrator ($(cat a.err))"
t_eq "$RC_b" 0 "status of the second migrator ($(cat b.err))"
t_eq "$(t_query "SELECT count(*) FROM retort_lock")" 0 "lease rows left"
settle --lock table
unset RETORT_TEST_LEASE_MS

t_case "--lock table: a lease taken away mid-statement: the statement is cancelled, no bookkeeping written, a rerun resumes"
RETORT_TEST_LEASE_MS=1500
export RETORT_TEST_LEASE_MS
counted_migration 5
bg a --lock table upgrade
wait_running "pg_sleep(5)"
t_query "UPDATE retort_lock SET holder = 'thief:1', expires_at = now() + interval '1 hour'" >/dev/null
bg_wait a
t_eq "$RC_a" 1 "status of the migrator that lost its lease ($(cat a.err))"
t_file_has a.err "lost the migration lock"
t_file_has a.err "statement 2 of 4"
t_file_has a.err "resume"
t_eq "$(hits)" "1:1" "statements run"
t_eq "$(t_query "SELECT holder FROM retort_lock")" thief:1 "the lease row"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'failure'")" 0 \
	"failure rows written after the lease was lost"
t_eq "$(t_query "SELECT statements_done FROM retort_migrations")" 1 "statements_done"
t_query "DELETE FROM retort_lock" >/dev/null
settle --lock table
unset RETORT_TEST_LEASE_MS

t_done
