#!/bin/sh
# t3004-mysql-server-stop: the MariaDB server goes away in the middle of an
# upgrade (stopped with SIGTERM, or killed with SIGKILL and so recovering
# from a crash) and comes back on the same data directory. The run exits 1
# with one clear error that says the connection was lost, which statements
# are committed, which one is in doubt, and never the password; `status`
# shows the partial revision; the next run resumes at the failed
# statement, and every statement has run exactly once. Runs a MariaDB
# server of its own (tests/mariadb-tmp), which it stops and restarts.
if [ "${RT_BACKEND:-sqlite}" != mysql ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

MYTMP=$T_ROOT/tests/mariadb-tmp
if ! MY=$("$MYTMP" start); then
	echo "$T_NAME: could not start a MariaDB server of its own"
	exit 1
fi
MYDIR=$(printf '%s\n' "$MY" | head -n 1)
RT_MYSQL_URL=$(printf '%s\n' "$MY" | tail -n 1)
PASSWORD=$(t_my_pw "$RT_MYSQL_URL")
trap 'cd /; t_drop_db; rm -rf "$T_DIR"; "$MYTMP" stop "$MYDIR"' EXIT
trap 'exit 130' INT TERM

# --- the server -------------------------------------------------------------

# The pid of this family's own server (never looked up by name: other
# families run servers of their own).
server_pid() {
	cat "$MYDIR/mariadbd.pid"
}

# server_down SIGNAL: TERM (a clean shutdown) or KILL (a crash); returns
# once the server process is gone.
server_down() {
	_pid=$(server_pid)
	kill -"$1" "$_pid" || return 1
	_n=0
	while kill -0 "$_pid" 2>/dev/null && [ "$_n" -lt 300 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	! kill -0 "$_pid" 2>/dev/null
}

server_up() {
	"$MYTMP" restart "$MYDIR" >/dev/null
}

# --- helpers ----------------------------------------------------------------

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

# Wait until a session other than the asking one runs a statement that
# contains $1.
wait_running() {
	wait_for "SELECT count(*) > 0 FROM information_schema.processlist
		WHERE id <> CONNECTION_ID() AND info LIKE '%$1%'
		AND info NOT LIKE '%processlist%'" 1
}

# Start `retort ARGS` in the background; BG is its pid (retort itself).
rt_bg() {
	(exec "$RETORT" "$@" >bg.out 2>bg.err) &
	BG=$!
}

# Wait for the background retort (up to 20 s; it is killed after that),
# then its status, stdout and stderr in RC, OUT, ERR.
rt_bg_wait() {
	_n=0
	while kill -0 "$BG" 2>/dev/null && [ "$_n" -lt 200 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	if kill -0 "$BG" 2>/dev/null; then
		t_fail "retort still runs 20 s after the server went away"
		kill -KILL "$BG"
	fi
	wait "$BG"
	RC=$?
	OUT=$(cat bg.out)
	ERR=$(cat bg.err)
}

no_password() {
	case "$OUT$ERR" in *"$PASSWORD"*) t_fail "output shows the password: $OUT $ERR" ;; esac
}

# The error of a run whose connection went away: one 'retort: error:'
# line that says so, then only detail:/hint: lines.
lost_error() {
	_first=$(printf '%s\n' "$ERR" | head -n 1)
	case "$_first" in
	"retort: error: "*"lost the connection to"*) ;;
	*) t_fail "first line of stderr: '$_first'" ;;
	esac
	_rest=$(printf '%s\n' "$ERR" | tail -n +2 | grep -v '^detail: \|^hint: ')
	[ -z "$_rest" ] || t_fail "stray stderr lines after the error: '$_rest' (all: $ERR)"
	no_password
	# the file is not at fault: nothing in it is to be fixed
	case "$ERR" in *"fix statement"*) t_fail "the hint asks to fix the file: $ERR" ;; esac
}

# "key=count ..." of the hits table: each statement that counts records
# its key once.
hits() {
	t_query "SELECT k, count(*) FROM hits GROUP BY k ORDER BY k" | tr '|\n' '= ' | sed 's/ $//'
}

# The statements journaled for revision $1 going $2, in order.
journal() {
	t_query "SELECT statement FROM retort_log WHERE event = 'statement'
		AND revision = '$1' AND direction = '${2:-up}' ORDER BY id" | tr '\n' ' ' | sed 's/ $//'
}

has_table() {
	t_query "SELECT count(*) FROM information_schema.tables
		WHERE table_schema = DATABASE() AND table_name = '$1'"
}

B=20260401000001_base
M=20260401000002_mixed
L=20260401000003_later

base() {
	t_mig $B "" "CREATE TABLE hits (k varchar(20));" "DROP TABLE hits;"
	rt upgrade
	t_status 0
}

# A mixed migration: DML and DDL, statement $1 the slow one; the file is
# written with SLEEP(30) and the resume edits it to SLEEP(0).
mixed() {
	cat >migrations/$M.sql <<EOF
-- retort:parent $B
-- retort:up
INSERT INTO hits VALUES ('u1');
CREATE TABLE n1 (id int PRIMARY KEY);
INSERT INTO hits VALUES ('u3');
$1
INSERT INTO hits VALUES ('u5');
CREATE TABLE n3 (id int PRIMARY KEY);
-- retort:down
INSERT INTO hits VALUES ('d1');
DROP TABLE n3;
$2
INSERT INTO hits VALUES ('d4');
DROP TABLE n1;
EOF
	t_mig $L $M "INSERT INTO hits VALUES ('later');" "DELETE FROM hits WHERE k = 'later';"
}

unslow() {
	sed -i 's/SLEEP(30)/SLEEP(0)/' migrations/$M.sql
}

# --- cases ------------------------------------------------------------------

t_case "server stopped (SIGTERM) during a DDL statement: exit 1, the statement in doubt, status partial, the upgrade resumes there, each statement once"
base
mixed "CREATE TABLE s AS SELECT SLEEP(30) AS x;" "DROP TABLE s;"
rt_bg upgrade
wait_running "SLEEP(30)" || t_fail "the slow statement was not seen running"
server_down TERM || t_fail "the server did not stop"
rt_bg_wait
t_eq "$RC" 1 "exit status ($ERR)"
lost_error
t_err_has "migrations/$M.sql:6"
t_err_has "failed at statement 4 of 6"
t_err_has "statements 1-3 of its up section are committed"
t_err_has "whether mysql committed statement 4 is unknown"
t_err_has "retort stamp"
t_out_lacks "up   $M"
server_up || t_fail "the server did not start again: $(tail -n 5 "$MYDIR/server.log")"
t_eq "$(t_query "SELECT state, direction, statements_done FROM retort_migrations WHERE revision = '$M'")" \
	"partial|up|3" "the row of $M"
t_eq "$(has_table n1)" 1 "table n1 (statement 2 committed)"
# a clean shutdown aborts the statement; DDL is atomic (MariaDB 10.6+)
t_eq "$(has_table s)" 0 "table s"
t_eq "$(hits)" "u1=1 u3=1" "hits before the resume"
rt status
t_status 3
t_out_has "partial"
t_out_has "stopped going up after statement 3"
t_out_has "pending"
unslow
rt upgrade
t_status 0
t_out_has "resume $M at statement 4"
t_out_has "up   $L"
t_eq "$(hits)" "later=1 u1=1 u3=1 u5=1" "hits after the resume"
t_eq "$(journal $M)" "1 2 3 4 5 6" "statements journaled"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND revision = '$M'")" 1 "upgrade rows of $M"
t_eq "$(t_query "SELECT revision, state, statements_done FROM retort_migrations ORDER BY 1" | tr '\n' ' ')" \
	"$B|applied|0 $M|applied|0 $L|applied|0 " "retort_migrations"
t_eq "$(t_query "SELECT IS_FREE_LOCK(CONCAT('retort:', DATABASE()))")" 1 "the migration lock is free"
rt status
t_status 0

t_case "server killed (SIGKILL) during a DML statement: its transaction is gone after recovery, the upgrade resumes at the first statement of it"
base
mixed "INSERT INTO hits SELECT 'u4' FROM (SELECT SLEEP(30)) AS x;" "DELETE FROM hits WHERE k = 'u4';"
rt_bg upgrade
wait_running "SLEEP(30)" || t_fail "the slow statement was not seen running"
server_down KILL || t_fail "the server was not killed"
rt_bg_wait
t_eq "$RC" 1 "exit status ($ERR)"
lost_error
t_err_has "failed at statement 4 of 6"
t_err_has "statements 1-2 of its up section are committed"
t_err_has "(here: at statement 3)"
server_up || t_fail "the server did not recover: $(tail -n 5 "$MYDIR/server.log")"
t_eq "$(t_query "SELECT state, statements_done FROM retort_migrations WHERE revision = '$M'")" \
	"partial|2" "the row of $M after recovery"
# statements 3 and 4 shared a transaction that never committed
t_eq "$(hits)" "u1=1" "hits after recovery"
rt status
t_status 3
t_out_has "stopped going up after statement 2"
unslow
rt upgrade
t_status 0
t_out_has "resume $M at statement 3"
t_eq "$(hits)" "later=1 u1=1 u3=1 u4=1 u5=1" "hits after the resume"
t_eq "$(journal $M)" "1 2 3 4 5 6" "statements journaled"
rt status
t_status 0

t_case "server killed during the first statement (DDL) of a migration: in doubt, nothing of it after recovery, the upgrade runs it"
base
t_mig $M $B "CREATE TABLE s AS SELECT SLEEP(30) AS x;
INSERT INTO hits VALUES ('u2');" "DELETE FROM hits WHERE k = 'u2';
DROP TABLE s;"
rt_bg upgrade
wait_running "SLEEP(30)" || t_fail "the slow statement was not seen running"
server_down KILL || t_fail "the server was not killed"
rt_bg_wait
t_eq "$RC" 1 "exit status ($ERR)"
lost_error
t_err_has "failed at statement 1 of 2"
t_err_has "whether mysql committed statement 1 is unknown"
server_up || t_fail "the server did not recover: $(tail -n 5 "$MYDIR/server.log")"
t_eq "$(has_table s)" 0 "table s after recovery"
rt status
t_status 3
t_out_has "$M"
unslow
rt upgrade
t_status 0
t_eq "$(hits)" "u2=1" "hits"
t_eq "$(has_table s)" 1 "table s"
t_eq "$(journal $M)" "1 2" "statements journaled"
rt status
t_status 0

t_case "server stopped during a downgrade: the downgrade resumes at the failed statement"
base
mixed "INSERT INTO hits VALUES ('u4');" "SELECT SLEEP(30);"
rt upgrade
t_status 0
rt_bg downgrade $B
wait_running "SLEEP(30)" || t_fail "the slow statement was not seen running"
server_down TERM || t_fail "the server did not stop"
rt_bg_wait
t_eq "$RC" 1 "exit status ($ERR)"
lost_error
t_err_has "failed at statement 3 of 5"
t_err_has "statements 1-2 of its down section are committed"
server_up || t_fail "the server did not start again"
t_eq "$(t_query "SELECT state, direction, statements_done FROM retort_migrations WHERE revision = '$M'")" \
	"partial|down|2" "the row of $M"
rt status
t_status 3
t_out_has "stopped going down after statement 2"
# an upgrade does not skip past a revision stopped midway down
rt upgrade
t_status 1
t_err_has "stopped midway (2 statements done going down)"
unslow
rt downgrade $B
t_status 0
t_out_has "resume $M at statement 3"
t_eq "$(hits)" "d1=1 d4=1 u1=1 u3=1 u4=1 u5=1" "hits"
t_eq "$(journal $M down)" "1 2 3 4 5" "statements journaled going down"
t_eq "$(has_table n1)$(has_table n3)" "00" "tables n1, n3"
t_eq "$(applied)" "$B" "applied revisions"

t_case "server down before the run: one clear line, no password, nothing changed once it is back"
base
mixed "CREATE TABLE s (id int);" "DROP TABLE s;"
server_down TERM || t_fail "the server did not stop"
rt upgrade
t_status 1
t_err_has "retort: error: could not connect to"
t_err_has "mysql://retort:***@"
no_password
rt status
t_status 1
no_password
server_up || t_fail "the server did not start again"
t_eq "$(applied)" "$B" "applied revisions"
rt upgrade
t_status 0
t_eq "$(hits)" "later=1 u1=1 u3=1 u5=1" "hits"

t_done
