#!/bin/sh
# t2002-pg-faults: PostgreSQL under faults. retort killed with SIGKILL in
# the middle of a migration (transactional: nothing of it stays, the lock
# is freed, the next upgrade completes; transaction=false: the next
# upgrade resumes after the last completed statement); the server stopped
# in the middle of a run; connections that fail (refused, wrong password,
# unknown database, sslmode) with one clear line and never a password.
# Runs a PostgreSQL server of its own (it stops and restarts it).
if [ "${RT_BACKEND:-sqlite}" != postgres ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

# --- a server of this family's own ------------------------------------------

PGTMP=$T_ROOT/tests/pg-tmp
if ! PG=$("$PGTMP" start); then
	echo "$T_NAME: could not start a PostgreSQL server of its own"
	exit 1
fi
PGDIR=$(printf '%s\n' "$PG" | head -n 1)
RT_PG_URL=$(printf '%s\n' "$PG" | tail -n 1)
PGPORT_OWN=$(cat "$PGDIR/port")
PASSWORD=retort-test-pw
trap 'cd /; t_drop_db; rm -rf "$T_DIR"; "$PGTMP" stop "$PGDIR"' EXIT
trap 'exit 130' INT TERM

PGBIN=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
	[ -x "$d/pg_ctl" ] && { PGBIN=$d; break; }
done
[ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v pg_ctl)")

# Run as the owner of the data directory (pg-tmp's rule).
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

server_stop() {
	as_owner "$PGBIN/pg_ctl" -D "$PGDIR/data" -w -t 60 stop -m fast >/dev/null 2>&1
}

# Start it again with the options tests/pg-tmp uses.
server_start() {
	as_owner "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
		-o "-p $PGPORT_OWN -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null 2>&1
}

# --- helpers of this family ------------------------------------------------

now_ms() {
	date +%s%3N
}

# Poll SQL $1 until it returns $2, up to $3 tenths of a second (default
# 100); returns 1 on timeout.
wait_for() {
	_n=0
	while [ "$_n" -lt "${3:-100}" ]; do
		[ "$(t_query "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# Sessions of the case's database (other than the asking one) whose query
# contains $1.
running() {
	t_query "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND pid <> pg_backend_pid() AND query LIKE '%$1%'"
}

advisory_locks() {
	t_query "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
		WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()"
}

has_table() {
	t_query "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '$1'"
}

# Start `retort ARGS` in the background; BG is its pid (retort itself).
rt_bg() {
	(exec "$RETORT" "$@" >bg.out 2>bg.err) &
	BG=$!
}

# The password (the real one, and $1 if given) is nowhere in $OUT/$ERR.
no_password() {
	for _p in "$PASSWORD" ${1+"$1"}; do
		case "$OUT$ERR" in *"$_p"*) t_fail "output shows the password '$_p': $OUT $ERR" ;; esac
	done
}

# stderr is one 'retort: error: could not connect to' line, then only
# detail:/hint: lines.
one_clear_line() {
	_first=$(printf '%s\n' "$ERR" | head -n 1)
	case "$_first" in
	"retort: error: could not connect to "*) ;;
	*) t_fail "first line of stderr: '$_first'" ;;
	esac
	_rest=$(printf '%s\n' "$ERR" | tail -n +2 | grep -v '^detail: \|^hint: ')
	[ -z "$_rest" ] || t_fail "stray stderr lines after the error: '$_rest' (all: $ERR)"
}

B=20260101000001_base
S=20260101000002_slow

base_and_slow() {
	t_mig $B "" "CREATE TABLE base (id integer PRIMARY KEY);" "DROP TABLE base;"
	rt upgrade
	t_status 0
	t_mig $S $B "CREATE TABLE a (id integer PRIMARY KEY);
INSERT INTO a VALUES (1);
SELECT pg_sleep(${1:-30});" "DROP TABLE a;"
}

# --- SIGKILL during a transactional migration -------------------------------

t_case "SIGKILL during a migration's statement: nothing of it stays, lock freed, next upgrade completes"
base_and_slow 30
rt_bg upgrade
wait_for "$(printf "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%%pg_sleep(30)%%'")" t ||
	t_fail "the slow migration was not seen running"
kill -KILL "$BG"
wait "$BG" 2>/dev/null
wait_for "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
	WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()" 0 50 ||
	t_fail "an advisory lock is still held 5 s after the kill: $(t_query "SELECT * FROM pg_locks WHERE locktype = 'advisory'")"
# the orphaned statement is not this case's subject (see the next case):
# end it so that the state is final
t_query "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()
	AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" >/dev/null
wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
	AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" 0 50
t_eq "$(has_table a)" 0 "table a"
t_eq "$(has_table base)" 1 "table base"
t_eq "$(t_query "SELECT revision FROM retort_migrations ORDER BY 1")" $B "applied revisions"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE revision = '$S' AND event = 'upgrade'")" 0 "upgrade rows of $S"
rt status
t_status 3
t_out_has "pending"
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' migrations/$S.sql
rt --wait-lock 5s upgrade
t_status 0
t_out_has "$S"
t_eq "$(t_query "SELECT count(*) FROM a")" 1 "rows in a"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE state = 'applied'")" 2 "applied rows"
t_eq "$(advisory_locks)" 0 "advisory locks after the upgrade"

t_case "SIGKILL during a statement: the server stops running it soon, and the next upgrade needs no help"
base_and_slow 30
rt_bg upgrade
wait_for "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" t ||
	t_fail "the slow migration was not seen running"
T0=$(now_ms)
kill -KILL "$BG"
wait "$BG" 2>/dev/null
# the new upgrade (CREATE TABLE a) would wait for the orphaned
# transaction that created a; the server must notice the dead client
# (client_connection_check_interval) instead of sleeping 30 s
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' migrations/$S.sql
rt --wait-lock 10s upgrade
T1=$(now_ms)
t_status 0
[ $((T1 - T0)) -lt 20000 ] || t_fail "the next upgrade finished $((T1 - T0)) ms after the kill"
t_eq "$(running 'pg_sleep(30)')" 0 "sessions still running the killed migrator's statement"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE state = 'applied'")" 2 "applied rows"
t_query "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()
	AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" >/dev/null

# --- SIGKILL during a transaction=false migration ---------------------------

N=20260101000002_nontx
t_case "SIGKILL during statement 2 of 3 of a transaction=false migration: partial after 1, resumes at 2"
t_mig $B "" "CREATE TABLE base (id integer PRIMARY KEY);" "DROP TABLE base;"
cat >migrations/$N.sql <<EOF
-- retort:parent $B
-- retort:up transaction=false
CREATE TABLE n1 (id integer PRIMARY KEY);
SELECT pg_sleep(30);
CREATE TABLE n3 (id integer PRIMARY KEY);
-- retort:down transaction=false
DROP TABLE n3;
DROP TABLE n1;
EOF
rt_bg upgrade
wait_for "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" t ||
	t_fail "statement 2 was not seen running"
kill -KILL "$BG"
wait "$BG" 2>/dev/null
wait_for "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
	WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()" 0 50 ||
	t_fail "an advisory lock is still held 5 s after the kill"
t_query "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()
	AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" >/dev/null
t_eq "$(has_table n1)" 1 "table n1 (statement 1 ran)"
t_eq "$(has_table n3)" 0 "table n3"
t_eq "$(t_query "SELECT state || '|' || direction || '|' || statements_done FROM retort_migrations WHERE revision = '$N'")" \
	"partial|up|1" "row of $N"
rt status
t_status 3
t_out_has "partial"
t_out_has "stopped going up after statement 1"
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' migrations/$N.sql
rt --wait-lock 5s upgrade
t_status 0
t_out_has "resume $N at statement 2"
t_eq "$(has_table n3)" 1 "table n3"
t_eq "$(t_query "SELECT state FROM retort_migrations WHERE revision = '$N'")" applied "state of $N"
t_eq "$(t_query "SELECT statement FROM retort_log WHERE event = 'statement' AND revision = '$N' AND direction = 'up' ORDER BY id" | tr '\n' ' ')" \
	"1 2 3 " "statements journaled"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND revision = '$N'")" 1 "upgrade rows of $N"
rt status
t_status 0

t_case "bookkeeping written with the COMMIT (as literals): a failure message with quotes and a backslash is logged exactly"
t_mig $B "" "SELECT CAST('it''s \\ no' AS integer);" "-"
rt upgrade
t_status 1
t_err_has "invalid input syntax for type integer"
t_eq "$(t_query "SELECT message FROM retort_log WHERE event = 'failure' AND revision = '$B'" | grep -c "\"it's \\\\ no\"")" 1 \
	"the message as the server wrote it"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0 "nothing recorded"
printf -- '-- retort:up\nSELECT 1;\n' >migrations/$B.sql
rt upgrade
t_status 0
t_eq "$(t_query "SELECT state FROM retort_migrations WHERE revision = '$B'")" applied

# --- the server stopped in the middle of a run ------------------------------

t_case "server stopped during a migration: clear error; after restart a consistent state and the upgrade completes"
base_and_slow 30
t_mig 20260101000003_after $S "CREATE TABLE after_t (id integer);" "DROP TABLE after_t;"
rt_bg upgrade
wait_for "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" t ||
	t_fail "the slow migration was not seen running"
T0=$(now_ms)
server_stop || t_fail "pg_ctl stop failed"
n=0
while kill -0 "$BG" 2>/dev/null && [ "$n" -lt 200 ]; do
	sleep 0.1
	n=$((n + 1))
done
if kill -0 "$BG" 2>/dev/null; then
	t_fail "retort still runs 20 s after the server stopped"
	kill -KILL "$BG"
fi
wait "$BG"
BGRC=$?
OUT=$(cat bg.out)
ERR=$(cat bg.err)
t_eq "$BGRC" 1 "exit status of retort when the server went away ($ERR)"
t_err_has "retort: error: "
case "$ERR" in
*terminat* | *"server closed"* | *connection* | *shut*) ;;
*) t_fail "the error does not say the server/connection went away: $ERR" ;;
esac
no_password
t_out_lacks "up   $S"
server_start || t_fail "the server did not start again: $(tail -n 5 "$PGDIR/server.log")"
t_eq "$(has_table a)" 0 "table a after the restart"
t_eq "$(t_query "SELECT revision || '|' || state FROM retort_migrations ORDER BY 1")" "$B|applied" "retort_migrations after the restart"
t_eq "$(advisory_locks)" 0 "advisory locks after the restart"
rt status
t_status 3
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' migrations/$S.sql
rt upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE state = 'applied'")" 3 "applied rows"
t_eq "$(has_table after_t)" 1 "table after_t"
t_eq "$(t_query "SELECT count(*) FROM a")" 1 "rows in a"
rt status
t_status 0

t_case "server stopped during a transaction=false migration: after restart the upgrade resumes"
t_mig $B "" "CREATE TABLE base (id integer PRIMARY KEY);" "DROP TABLE base;"
cat >migrations/$N.sql <<EOF
-- retort:parent $B
-- retort:up transaction=false
CREATE TABLE n1 (id integer PRIMARY KEY);
SELECT pg_sleep(30);
CREATE TABLE n3 (id integer PRIMARY KEY);
-- retort:down transaction=false
DROP TABLE n3;
DROP TABLE n1;
EOF
rt_bg upgrade
wait_for "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%'" t ||
	t_fail "statement 2 was not seen running"
server_stop || t_fail "pg_ctl stop failed"
n=0
while kill -0 "$BG" 2>/dev/null && [ "$n" -lt 200 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -0 "$BG" 2>/dev/null && { t_fail "retort still runs 20 s after the server stopped"; kill -KILL "$BG"; }
wait "$BG"
t_eq "$?" 1 "exit status of retort when the server went away ($(cat bg.err))"
server_start || t_fail "the server did not start again"
t_eq "$(t_query "SELECT state || '|' || statements_done FROM retort_migrations WHERE revision = '$N'")" \
	"partial|1" "row of $N after the restart"
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' migrations/$N.sql
rt upgrade
t_status 0
t_out_has "resume $N at statement 2"
t_eq "$(has_table n3)" 1 "table n3"
t_eq "$(t_query "SELECT state FROM retort_migrations WHERE revision = '$N'")" applied "state of $N"

# --- connections that fail --------------------------------------------------

URL_OWN=$RT_PG_URL
with_db() {
	printf '%s\n' "$1" | sed "s|/[^/?]*\$|/$2|"
}

t_case "connection refused: exit 1, one clear line, no password"
t_mig $B "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
FREE=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rt -u "postgres://postgres:$PASSWORD@127.0.0.1:$FREE/whatever" upgrade
t_status 1
one_clear_line
t_err_has "127.0.0.1"
no_password
rt -u "postgres://postgres:$PASSWORD@127.0.0.1:$FREE/whatever" status
t_status 1
one_clear_line
no_password

t_case "wrong password: exit 1, one clear line, neither password shown"
t_mig $B "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
WRONG=Wr0ng-s3cret-pw
rt -u "$(printf '%s\n' "$DATABASE_URL" | sed "s|:$PASSWORD@|:$WRONG@|")" upgrade
t_status 1
one_clear_line
t_err_has "password authentication failed"
no_password "$WRONG"
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'retort%'")" 0 "retort tables"

t_case "unknown database: exit 1, one clear line naming it, no password"
t_mig $B "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
rt -u "$(t_pg_url_for no_such_db_xyz)" upgrade
t_status 1
one_clear_line
t_err_has "no_such_db_xyz"
no_password
t_eq "$(psql -qXAt "$URL_OWN" -c "SELECT count(*) FROM pg_database WHERE datname = 'no_such_db_xyz'")" 0 \
	"database created behind the user's back"

t_case "postgresql:// scheme and ?sslmode=disable pass through: upgrade works"
t_mig $B "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
rt -u "$(printf '%s\n' "$DATABASE_URL" | sed 's|^postgres://|postgresql://|')?sslmode=disable" upgrade
t_status 0
no_password
t_eq "$(has_table base)" 1 "table base"

t_case "?sslmode=require against a server without SSL: exit 1, the message says so, no password"
t_mig $B "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
rt -u "$DATABASE_URL?sslmode=require" upgrade
t_status 1
one_clear_line
case "$ERR" in
*SSL* | *ssl*) ;;
*) t_fail "the message does not mention SSL: $ERR" ;;
esac
no_password
t_eq "$(has_table base)" 0 "table base"

t_case "an unknown libpq parameter is refused clearly, no password"
t_mig $B "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
rt -u "$DATABASE_URL?no_such_param=1" upgrade
t_status 1
t_err_has "retort: error: "
t_err_has "no_such_param"
no_password

t_done
