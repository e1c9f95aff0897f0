#!/bin/sh
# t2001-pg-lock: PostgreSQL locking. 16 concurrent migrators apply each
# migration exactly once; --wait-lock gives up with exit 4; CREATE INDEX
# CONCURRENTLY in a transaction=false section neither deadlocks with the
# migration lock nor runs in a transactional one; lock_timeout and
# retries keep a migration from queueing behind a long transaction;
# application_name is retort. PostgreSQL only.
if [ "${RT_BACKEND:-sqlite}" != postgres ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

# --- helpers of this family ------------------------------------------------

# Whether retort knows the option $1 (globally or on upgrade).
has_opt() {
	{ "$RETORT" --help; "$RETORT" upgrade --help; } 2>&1 | grep -q -- "$1"
}

# Skip the rest of the case, with a note.
t_skip() {
	echo "  # skip: $*"
	[ "$T_CASE_FAILED" -eq 0 ] && T_CASE_SKIP=1
}

now_ms() {
	date +%s%3N
}

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

# Advisory locks held in the case's database.
advisory_locks() {
	t_query "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
		WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()"
}

# A valid id for migration $1 (1..N).
rev_of() {
	printf '20260101%02d%02d%02d_m%d' $(($1 / 3600)) $(($1 / 60 % 60)) $(($1 % 60)) "$1"
}

# Start $P retort processes with ARGS at once (released by a start file),
# wait for them all; rc.<k>, out.<k>, err.<k>, end.<k> (ms) for each.
run_parallel() {
	rm -f go rc.* out.* err.* end.*
	_k=1
	while [ "$_k" -le "$P" ]; do
		(
			while [ ! -f go ]; do sleep 0.01; done
			"$RETORT" "$@" >"out.$_k" 2>"err.$_k"
			echo $? >"rc.$_k"
			now_ms >"end.$_k"
		) &
		_k=$((_k + 1))
	done
	sleep 0.3
	GO_MS=$(now_ms)
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

# --- 16 migrators at once ---------------------------------------------------

N=50
P=16
t_case "$P concurrent upgrades of $N migrations (one sleeps 1 s): each applied exactly once, the others wait"
i=1
prev=""
while [ "$i" -le "$N" ]; do
	rev=$(rev_of "$i")
	if [ "$i" -eq 10 ]; then
		up="CREATE TABLE t$i (id integer PRIMARY KEY, name text NOT NULL);
SELECT pg_sleep(1);
CREATE INDEX t${i}_name ON t$i (name);"
	else
		up="CREATE TABLE t$i (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX t${i}_name ON t$i (name);"
	fi
	t_mig "$rev" "$prev" "$up" "DROP TABLE t$i;"
	prev=$rev
	i=$((i + 1))
done
run_parallel --wait-lock 120s upgrade
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE state = 'applied'")" "$N" "applied rows"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" "$N" "rows in retort_migrations"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" "$N" "upgrade rows in retort_log"
t_eq "$(t_query "SELECT count(DISTINCT revision) FROM retort_log WHERE event = 'upgrade'")" "$N" \
	"distinct revisions upgraded"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'failure'")" 0 "failure rows"
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+\$'")" \
	"$N" "tables t<i>"
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'upgrade' ORDER BY id LIMIT 1")" "$(rev_of 1)" \
	"first revision logged"
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'upgrade' ORDER BY id DESC LIMIT 1")" "$(rev_of $N)" \
	"last revision logged"
# the processes' own reports add up to N applications
ups=$(cat out.* | grep -c "^up ")
t_eq "$ups" "$N" "'up' lines printed by all processes together"
# nobody finished before the migration that sleeps 1 s had run: the
# others waited for the lock instead of finding nothing to do early
first_end=$(cat end.* | sort -n | head -n 1)
[ $((first_end - GO_MS)) -ge 1000 ] ||
	t_fail "a process finished $((first_end - GO_MS)) ms after the start, before the 1 s migration was done"
t_eq "$(advisory_locks)" 0 "advisory locks left"
rt status
t_status 0

# --- --wait-lock ------------------------------------------------------------

t_case "--wait-lock 1s while another upgrade holds the lock: exit 4, nothing applied"
mkdir -p other
t_mig 20260101000001_slow "" "CREATE TABLE slow (x int);
SELECT pg_sleep(4);" "DROP TABLE slow;"
cp migrations/20260101000001_slow.sql other/
cat >other/20260101000002_b.sql <<'EOF'
-- retort:parent 20260101000001_slow
-- retort:up
CREATE TABLE b (x int);
-- retort:down
DROP TABLE b;
EOF
"$RETORT" upgrade >bg.out 2>bg.err &
BG=$!
wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
	AND query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid()" || t_fail "the slow upgrade did not start"
T0=$(now_ms)
rt -d other --wait-lock 1s upgrade
T1=$(now_ms)
t_status 4
t_err_has "retort: error: "
t_err_has "lock"
t_out_lacks "up "
[ $((T1 - T0)) -ge 900 ] || t_fail "gave up after $((T1 - T0)) ms, before the 1 s wait"
[ $((T1 - T0)) -lt 3500 ] || t_fail "took $((T1 - T0)) ms to give up (wait-lock 1s)"
wait "$BG"
t_eq "$?" 0 "status of the slow upgrade ($(cat bg.err))"
t_eq "$(t_query "SELECT revision FROM retort_migrations ORDER BY 1")" 20260101000001_slow "applied revisions"
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 'b'")" 0 "table b"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE revision = '20260101000002_b'")" 0 "log rows of b"
# once the lock is free the same command goes through
rt -d other --wait-lock 1s upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 2 "rows after the second try"

# --- --lock table (a lease row, for PgBouncer in transaction mode) ----------

t_case "--lock table: 8 concurrent upgrades of 20 migrations, each applied once, lease released"
if has_opt "--lock "; then
	N=20
	i=1
	prev=""
	while [ "$i" -le "$N" ]; do
		rev=$(rev_of "$i")
		if [ "$i" -eq 5 ]; then up="CREATE TABLE t$i (id integer); SELECT pg_sleep(1);"; else up="CREATE TABLE t$i (id integer);"; fi
		t_mig "$rev" "$prev" "$up" "DROP TABLE t$i;"
		prev=$rev
		i=$((i + 1))
	done
	P=8
	run_parallel --lock table --wait-lock 120s upgrade
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" "$N" "upgrade rows in retort_log"
	t_eq "$(t_query "SELECT count(DISTINCT revision) FROM retort_log WHERE event = 'upgrade'")" "$N" "distinct revisions"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE state = 'applied'")" "$N" "applied rows"
	t_eq "$(cat out.* | grep -c "^up ")" "$N" "'up' lines printed by all processes together"
	t_eq "$(t_query "SELECT count(*) FROM retort_lock")" 0 "lease rows left"
	t_eq "$(advisory_locks)" 0 "advisory locks taken in table mode"
else
	t_skip "retort has no --lock MODE yet"
fi

t_case "--lock table: a live lease makes --wait-lock 1s exit 4; an expired one (crashed migrator) is taken over"
if has_opt "--lock "; then
	t_mig 20260101000001_slow "" "CREATE TABLE slow (x int);
SELECT pg_sleep(4);" "DROP TABLE slow;"
	"$RETORT" --lock table upgrade >bg.out 2>bg.err &
	BG=$!
	wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid()" || t_fail "the slow upgrade did not start"
	T0=$(now_ms)
	rt --lock table --wait-lock 1s upgrade
	T1=$(now_ms)
	t_status 4
	t_err_has "retort_lock"
	[ $((T1 - T0)) -lt 3500 ] || t_fail "took $((T1 - T0)) ms to give up (wait-lock 1s)"
	wait "$BG"
	t_eq "$?" 0 "status of the slow upgrade ($(cat bg.err))"
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 1 "upgrade rows"
	# a crashed migrator's lease: held by someone else, not yet expired
	t_mig 20260101000002_b 20260101000001_slow "CREATE TABLE b (x int);" "DROP TABLE b;"
	t_query "INSERT INTO retort_lock (id, holder, expires_at) VALUES (1, 'dead@nowhere:1', now() + interval '1 hour')" >/dev/null
	rt --lock table --wait-lock 1s upgrade
	t_status 4
	t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 'b'")" 0 "table b while the lease is live"
	# once it has expired the next migrator takes it over
	t_query "UPDATE retort_lock SET expires_at = now() - interval '1 second'" >/dev/null
	rt --lock table --wait-lock 1s upgrade
	t_status 0
	t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 'b'")" 1 "table b after the lease expired"
	t_eq "$(t_query "SELECT count(*) FROM retort_lock")" 0 "lease rows left"
else
	t_skip "retort has no --lock MODE yet"
fi

# --- CREATE INDEX CONCURRENTLY ---------------------------------------------

t_case "transaction=false CREATE INDEX CONCURRENTLY: index valid, no deadlock with a waiting migrator"
t_mig 20260101000001_t "" "CREATE TABLE t (id integer PRIMARY KEY, x integer);
INSERT INTO t SELECT g, g % 97 FROM generate_series(1, 20000) g;" "DROP TABLE t;"
cat >migrations/20260101000002_idx.sql <<'EOF'
-- retort:parent 20260101000001_t
-- retort:up transaction=false
SELECT pg_sleep(1);
CREATE INDEX CONCURRENTLY t_x ON t (x);
-- retort:down transaction=false
DROP INDEX CONCURRENTLY t_x;
EOF
# two migrators: while one builds the index, the other waits for the
# migration lock; CONCURRENTLY must not wait for the waiter
P=2
run_parallel --wait-lock 60s upgrade &
RP=$!
n=0
while kill -0 "$RP" 2>/dev/null && [ "$n" -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
if kill -0 "$RP" 2>/dev/null; then
	t_fail "the upgrades did not finish within 30 s (deadlock?): $(t_query "SELECT pid, application_name, state, wait_event_type, wait_event, query FROM pg_stat_activity WHERE datname = current_database()")"
	# end the stuck migrators (children of the run_parallel subshell)
	t_query "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" >/dev/null
fi
wait "$RP"
t_eq "$(cat rc.1 rc.2 2>/dev/null | tr '\n' ' ')" "0 0 " "statuses of the two migrators"
t_eq "$(t_query "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_x'::regclass")" t "t_x valid"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND revision = '20260101000002_idx'")" 1 \
	"upgrades of the index migration"
t_eq "$(t_query "SELECT state FROM retort_migrations WHERE revision = '20260101000002_idx'")" applied
rt downgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM pg_class WHERE relname = 't_x'")" 0 "t_x after downgrade"

t_case "CREATE INDEX CONCURRENTLY in a transactional section: the server's error, file:line, nothing applied"
cat >migrations/20260101000001_bad.sql <<'EOF'
-- retort:up
CREATE TABLE t (id integer PRIMARY KEY, x integer);

CREATE INDEX CONCURRENTLY t_x ON t (x);
-- retort:down
DROP TABLE t;
EOF
# lint sees it first: refused before anything runs
rt upgrade
t_status 3
t_err_has "concurrently-in-transaction"
t_err_has "20260101000001_bad.sql:4"
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 't'")" 0 "table t"
# forced, the server says the same
rt upgrade --allow-unsafe
t_status 1
t_err_has "retort: error: "
t_err_has "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
t_err_has "20260101000001_bad.sql:4"
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 't'")" 0 "table t"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0 "rows in retort_migrations"

# --- lock_timeout and retries -----------------------------------------------

# Hold ACCESS EXCLUSIVE on table t for $1 seconds from another session, in
# an open transaction; returns once the lock is granted. HOLDER is its pid.
hold_table() {
	printf 'BEGIN;\nLOCK TABLE t IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep(%s);\nCOMMIT;\n' "$1" |
		psql -qX -v ON_ERROR_STOP=1 "$DATABASE_URL" >holder.out 2>&1 &
	HOLDER=$!
	wait_for "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
		WHERE c.relname = 't' AND l.mode = 'AccessExclusiveLock' AND l.granted
		AND l.pid <> pg_backend_pid()" || t_fail "the table lock holder did not start"
}

lock_setup() {
	t_mig 20260101000001_t "" "CREATE TABLE t (id integer PRIMARY KEY);" "DROP TABLE t;"
	rt upgrade
	t_status 0
	t_mig 20260101000002_alter 20260101000001_t "ALTER TABLE t ADD COLUMN y integer;" \
		"ALTER TABLE t DROP COLUMN y;"
}

has_y() {
	t_query "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'y'"
}

t_case "--lock-timeout 200ms --retries 2 behind a long transaction: retries, fails, applies nothing"
if has_opt --lock-timeout && has_opt --retries; then
	lock_setup
	hold_table 6
	T0=$(now_ms)
	rt --lock-timeout 200ms --retries 2 upgrade
	T1=$(now_ms)
	[ "$RC" -ne 0 ] || t_fail "exit status 0 while the table was locked"
	t_err_has "retort: error: "
	case "$ERR" in
	*"lock timeout"* | *55P03*) ;;
	*) t_fail "stderr names neither the lock timeout nor SQLSTATE 55P03: $ERR" ;;
	esac
	t_eq "$(printf '%s\n%s\n' "$OUT" "$ERR" | grep -c "retry")" 2 "retry lines"
	[ $((T1 - T0)) -lt 4000 ] || t_fail "took $((T1 - T0)) ms with lock_timeout 200ms and 2 retries"
	t_eq "$(has_y)" 0 "column y"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE revision = '20260101000002_alter'")" 0 \
		"row of the failed migration"
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'failure' AND revision = '20260101000002_alter'")" 1 \
		"failure rows logged"
	# enough retries outlast the holder
	rt --lock-timeout 200ms --retries 40 upgrade
	t_status 0
	t_out_has "retry"
	t_eq "$(has_y)" 1 "column y after the retried upgrade"
	wait "$HOLDER"
	t_eq "$?" 0 "status of the lock holder ($(cat holder.out))"
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND revision = '20260101000002_alter'")" 1
else
	t_skip "retort has no --lock-timeout/--retries yet"
fi

t_case "--lock-timeout 200ms --retries 0: fails at once without retry lines; after the holder commits it succeeds"
if has_opt --lock-timeout && has_opt --retries; then
	lock_setup
	hold_table 3
	rt --lock-timeout 200ms --retries 0 upgrade
	[ "$RC" -ne 0 ] || t_fail "exit status 0 while the table was locked"
	t_eq "$(printf '%s\n%s\n' "$OUT" "$ERR" | grep -c "retry")" 0 "retry lines"
	t_eq "$(has_y)" 0 "column y"
	wait "$HOLDER"
	rt --lock-timeout 200ms --retries 0 upgrade
	t_status 0
	t_eq "$(has_y)" 1 "column y after the holder committed"
else
	t_skip "retort has no --lock-timeout/--retries yet"
fi

t_case "default lock_timeout (2 s) with default retries: a 3 s lock holder is outlasted with a retry line"
lock_setup
hold_table 3
T0=$(now_ms)
rt upgrade
T1=$(now_ms)
t_status 0
t_out_has "retry"
t_out_has "20260101000002_alter"
t_eq "$(has_y)" 1 "column y"
[ $((T1 - T0)) -ge 1800 ] || t_fail "finished in $((T1 - T0)) ms while the table was locked for 3 s"
wait "$HOLDER"
t_eq "$?" 0 "status of the lock holder ($(cat holder.out))"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 2 "upgrade rows"

t_case "--statement-timeout 500ms: a long statement is cancelled, nothing applied"
if has_opt --statement-timeout; then
	t_mig 20260101000001_long "" "CREATE TABLE long_t (x int);
SELECT pg_sleep(5);" "DROP TABLE long_t;"
	T0=$(now_ms)
	rt --statement-timeout 500ms upgrade
	T1=$(now_ms)
	t_status 1
	t_err_has "statement timeout"
	t_err_has "20260101000001_long.sql:3"
	[ $((T1 - T0)) -lt 3000 ] || t_fail "took $((T1 - T0)) ms with statement_timeout 500ms"
	t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 'long_t'")" 0 "table long_t"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0 "rows in retort_migrations"
else
	t_skip "retort has no --statement-timeout yet"
fi

# --- application_name -------------------------------------------------------

t_case "application_name is retort on every connection while it runs"
t_mig 20260101000001_nap "" "SELECT pg_sleep(3);" "SELECT 1;"
"$RETORT" upgrade >bg.out 2>bg.err &
BG=$!
if wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
	AND query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()"; then
	t_eq "$(t_query "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()
		AND query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()")" retort "application_name of the migration session"
	t_eq "$(t_query "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND pid <> pg_backend_pid() AND backend_type = 'client backend'
		AND application_name IS DISTINCT FROM 'retort'")" 0 "sessions of retort not named retort"
else
	t_fail "the pg_sleep migration was not seen in pg_stat_activity"
fi
wait "$BG"
t_eq "$?" 0 "status of the upgrade ($(cat bg.err))"

t_case "application_name given in the URL is kept"
t_mig 20260101000001_nap "" "SELECT pg_sleep(2);" "SELECT 1;"
"$RETORT" -u "$DATABASE_URL?application_name=myapp" upgrade >bg.out 2>bg.err &
BG=$!
if wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
	AND query LIKE '%pg_sleep(2)%' AND pid <> pg_backend_pid()"; then
	t_eq "$(t_query "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()
		AND query LIKE '%pg_sleep(2)%' AND pid <> pg_backend_pid()")" myapp "application_name from the URL"
else
	t_fail "the pg_sleep migration was not seen in pg_stat_activity"
fi
wait "$BG"
t_eq "$?" 0 "status of the upgrade ($(cat bg.err))"

t_done
