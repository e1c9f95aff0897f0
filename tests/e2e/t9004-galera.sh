#!/bin/sh
# t9004-galera: the MySQL/MariaDB lease (--lock=table) and retort on a
# three-node MariaDB Galera cluster.
#
# On the family's MariaDB server (RT_MYSQL_URL): without --lock=table the
# lock is GET_LOCK (no retort_lock table); with it a lease row that a
# second migrator waits for, that a live holder keeps past its length
# (heartbeat), that is taken over once expired, and whose loss
# mid-statement stops the statement before anything more commits.
#
# With RT_GALERA=1, on a cluster of the family's own (tests/galera-tmp:
# galera-4 on loopback, rsync SST), where GET_LOCK holds on one node only
# and retort takes the lease without being asked: a migrator through node 1
# holds it, one through node 2 waits for it; upgrade through one node
# leaves the three nodes with the same schema and the same state (retort
# dump and a dump of every row, node by node); a lease taken away
# mid-statement is noticed before the next statement; a node stopped
# mid-run is reported by the run, a rerun through another node takes the
# dead migrator's lease over once it expires and resumes at the statement
# that did not finish, and the stopped node rejoins (IST) with the same
# state. Opt-in: the cluster takes about 70 s to start here (three servers,
# two state transfers), its cases about 65 s more.
if [ "${RT_BACKEND:-sqlite}" != mysql ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

# sane FILE: a background run's stderr holds no sanitizer report
sane() {
	! grep -q "Sanitizer" "$1" || t_fail "sanitizer report in $1: $(cat "$1")"
}

# mq SQL: a query on the case's database
mq() {
	t_my "$DATABASE_URL" -N -B -e "$1"
}
# wait_mq SQL: until SQL gives a non-zero count (20 s)
wait_mq() {
	_i=0
	while [ "$(mq "$1" 2>/dev/null)" = 0 ] || [ -z "$(mq "$1" 2>/dev/null)" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 200 ] || return 1
		sleep 0.1
	done
}

t_case "MariaDB without --lock: GET_LOCK, no lease table"
t_mig 20260101000001_a "" "CREATE TABLE a (id integer NOT NULL PRIMARY KEY);" "DROP TABLE a;"
rt upgrade
t_status 0
t_eq "$(mq "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'retort_lock'")" 0 "retort_lock tables"

t_case "MariaDB --lock table: a second migrator waits for the lease; it is given back"
t_mig 20260101000001_slow "" "CREATE TABLE slow (id integer NOT NULL PRIMARY KEY);
DO SLEEP(4);" "DROP TABLE slow;"
"$RETORT" --lock table upgrade >a.out 2>a.err &
A=$!
wait_mq "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'DO SLEEP(4)%'" ||
	t_fail "the slow statement did not start"
t_eq "$(mq "SELECT holder FROM retort_lock")" "$(hostname):$A" "the lease's holder"
rt --lock table --wait-lock 1s upgrade
t_status 4
t_err_has "another migrator holds the lease in retort_lock"
t_err_has "(the lock is a lease: --lock=table)"
wait $A
t_eq "$?" 0 "status of the slow upgrade ($(cat a.err))"
sane a.err
t_eq "$(mq "SELECT count(*) FROM retort_lock")" 0 "lease rows left"
t_eq "$(mq "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 1 "upgrade rows"

t_case "MariaDB --lock table: a live lease is waited for, an expired one taken over"
t_mig 20260101000001_b "" "CREATE TABLE b (id integer NOT NULL PRIMARY KEY);" "DROP TABLE b;"
rt --lock table upgrade base
mq "CREATE TABLE IF NOT EXISTS retort_lock (id integer NOT NULL PRIMARY KEY, holder varchar(320) NOT NULL, expires_at datetime(3) NOT NULL);
INSERT INTO retort_lock VALUES (1, 'dead@nowhere:1', UTC_TIMESTAMP(3) + INTERVAL 1 HOUR)"
rt --lock table --wait-lock 1s upgrade
t_status 4
t_err_has "held by 'dead@nowhere:1'"
t_eq "$(mq "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'b'")" 0 "table b while the lease is live"
mq "UPDATE retort_lock SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND"
rt --lock table --wait-lock 1s upgrade
t_status 0
t_eq "$(mq "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'b'")" 1 "table b after the lease expired"
t_eq "$(mq "SELECT count(*) FROM retort_lock")" 0 "lease rows left"

t_case "MariaDB --lock table: a statement longer than the lease keeps it (heartbeat); nothing runs twice"
RETORT_TEST_LEASE_MS=1500
export RETORT_TEST_LEASE_MS
t_mig 20260101000001_slow "" "CREATE TABLE slow (id integer NOT NULL PRIMARY KEY);
DO SLEEP(4);
INSERT INTO slow VALUES (1);" "DROP TABLE slow;"
"$RETORT" --lock table upgrade >a.out 2>a.err &
A=$!
wait_mq "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'DO SLEEP(4)%'" ||
	t_fail "the slow statement did not start"
sleep 1
"$RETORT" --lock table --wait-lock 30s upgrade >b.out 2>b.err &
B=$!
wait $A
t_eq "$?" 0 "status of the first migrator ($(cat a.err))"
wait $B
t_eq "$?" 0 "status of the second migrator ($(cat b.err))"
sane a.err
sane b.err
t_eq "$(mq "SELECT count(*) FROM slow")" 1 "rows (the migration ran once)"
t_eq "$(mq "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 1 "upgrade rows"
t_eq "$(mq "SELECT count(*) FROM retort_lock")" 0 "lease rows left"
unset RETORT_TEST_LEASE_MS

t_case "MariaDB --lock table: a lease taken away mid-statement stops it; nothing more commits; a rerun resumes"
RETORT_TEST_LEASE_MS=1500
export RETORT_TEST_LEASE_MS
t_mig 20260101000001_slow "" "CREATE TABLE hit (id integer NOT NULL PRIMARY KEY);
INSERT INTO hit VALUES (1);
DO SLEEP(6);
INSERT INTO hit VALUES (2);" "DROP TABLE hit;"
"$RETORT" --lock table upgrade >a.out 2>a.err &
A=$!
wait_mq "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'DO SLEEP(6)%'" ||
	t_fail "the slow statement did not start"
mq "UPDATE retort_lock SET holder = 'thief:1', expires_at = UTC_TIMESTAMP(3) + INTERVAL 1 HOUR"
T0=$(date +%s)
wait $A
RC=$?
ERR=$(cat a.err)
sane a.err
t_status 1
t_err_has "lost the migration lock"
t_err_has "held by 'thief:1'"
[ $(($(date +%s) - T0)) -lt 5 ] || t_fail "the statement ran on for $(($(date +%s) - T0)) s after the lease was lost"
t_eq "$(mq "SELECT count(*) FROM hit")" 0 "rows committed without the lease"
t_eq "$(mq "SELECT statements_done FROM retort_migrations")" 1 "statements_done"
mq "DELETE FROM retort_lock"
rt --lock table upgrade
t_status 0
t_out_has "resume"
t_eq "$(mq "SELECT group_concat(id ORDER BY id) FROM hit")" "1,2" "rows after the rerun"
unset RETORT_TEST_LEASE_MS

if [ -z "${RT_GALERA-}" ]; then
	echo "# the Galera cases are opt-in: RT_GALERA=1 runs them (about 140 s)"
	t_done
	exit $?
fi
t_case_end
t_drop_db

GTMP=$T_ROOT/tests/galera-tmp
GDIR=""
stop_cluster() {
	[ -n "$GDIR" ] && "$GTMP" stop "$GDIR" >/dev/null 2>&1
	GDIR=""
}
trap 't_drop_db; stop_cluster; rm -rf "$T_DIR"' EXIT

started=$(date +%s)
out=$("$GTMP" start) || { echo "t9004: the cluster did not start"; exit 1; }
GDIR=$(printf '%s\n' "$out" | sed -n 1p)
# the cases' databases are made on node 1 from here on
RT_MYSQL_URL=$(printf '%s\n' "$out" | sed -n 2p)
P1=$(cat "$GDIR/node1/port")
P2=$(cat "$GDIR/node2/port")
P3=$(cat "$GDIR/node3/port")
echo "# three nodes Synced in $(($(date +%s) - started)) s"

# node N's URL of the case's database
node() {
	eval "_p=\$P$1"
	printf '%s\n' "$DATABASE_URL" | sed "s|:$P1/|:$_p/|"
}
# nq N SQL: a query on node N's copy of the case's database
nq() {
	_u=$(node "$1")
	t_my "$_u" -N -B -e "$2"
}
# wait_sql N SQL: until SQL on node N gives a non-zero count (20 s)
wait_sql() {
	_i=0
	while [ "$(nq "$1" "$2" 2>/dev/null)" = 0 ] || [ -z "$(nq "$1" "$2" 2>/dev/null)" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 200 ] || return 1
		sleep 0.1
	done
}
# same_everywhere [empty]: the three nodes' schema (retort dump) and rows
# agree (and the schema is empty, or not)
same_everywhere() {
	for n in 1 2 3; do
		"$RETORT" -u "$(node $n)" dump >"dump.$n" 2>"dump.$n.err" ||
			t_fail "retort dump on node $n: $(cat "dump.$n.err")"
		t_my_dump "$(node $n)" >"rows.$n" 2>/dev/null ||
			t_fail "mariadb-dump on node $n"
	done
	if [ "${1-}" = empty ]; then
		[ -s dump.1 ] && t_fail "node 1's schema is not empty: $(cat dump.1)"
	else
		[ -s dump.1 ] || t_fail "node 1's dump is empty"
	fi
	for n in 2 3; do
		cmp -s dump.1 "dump.$n" || t_fail "the schema of node $n differs from node 1's: $(diff dump.1 "dump.$n" | head -20)"
		cmp -s rows.1 "rows.$n" || t_fail "the rows of node $n differ from node 1's: $(diff rows.1 "rows.$n" | head -20)"
	done
}

SLOW=0
seed() {
	t_mig 20260101000001_cat "" "CREATE TABLE cat (
    id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name varchar(100) NOT NULL,
    born date
);
CREATE INDEX cat_name ON cat (name);" "DROP TABLE cat;"
	t_mig 20260101000002_toy 20260101000001_cat "CREATE TABLE toy (
    id bigint NOT NULL PRIMARY KEY,
    cat_id bigint NOT NULL,
    label varchar(50) NOT NULL DEFAULT 'ball',
    CONSTRAINT toy_cat FOREIGN KEY (cat_id) REFERENCES cat (id)
);
INSERT INTO cat (id, name) VALUES (1, 'tom'), (2, 'felix');
INSERT INTO toy (id, cat_id) VALUES (10, 1), (11, 2);
DO SLEEP($SLOW);" "DROP TABLE toy;
DELETE FROM cat;"
	t_mig 20260101000003_cat_view 20260101000002_toy "ALTER TABLE cat ADD COLUMN lives integer NOT NULL DEFAULT 9;
CREATE VIEW cat_toys AS SELECT c.name, t.label FROM cat c JOIN toy t ON t.cat_id = c.id;" "DROP VIEW cat_toys;
ALTER TABLE cat DROP COLUMN lives;"
}

t0=$(date +%s)
t_case "upgrade through node 1 takes the lease: GET_LOCK holds on one node only"
SLOW=6
seed
SLOW=0
"$RETORT" upgrade >a.out 2>a.err &
A=$!
wait_sql 3 "SELECT count(*) FROM retort_lock" ||
	t_fail "no lease row seen on node 3 while node 1 migrates"
holder=$(nq 3 "SELECT holder FROM retort_lock")
case "$holder" in *:$A) ;; *) t_fail "the lease names '$holder', not the migrator (pid $A)" ;; esac
# the same migrations through node 2 meanwhile: the lease is the cluster's
wait_sql 1 "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'DO SLEEP(6)%'" ||
	t_fail "the slow statement did not start"
rt -u "$(node 2)" --wait-lock 1s upgrade
kill -0 $A 2>/dev/null || t_fail "the migrator through node 1 ended before the one through node 2 asked"

t_status 4
t_err_has "another migrator holds the lease in retort_lock"
t_err_has "a Galera node (wsrep_on): GET_LOCK holds on one node only"
wait $A
RC=$?
OUT=$(cat a.out)
ERR=$(cat a.err)
sane a.err
t_status 0
t_out_has "up   20260101000003_cat_view"
t_eq "$(nq 2 "SELECT count(*) FROM retort_lock")" 0 "lease rows left"
rt -u "$(node 2)" --wait-lock 30s upgrade
t_status 0
t_eq "$(nq 3 "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 3 "each migration applied once"

t_case "the three nodes' catalogs and state are identical after upgrade"
seed
rt upgrade
t_status 0
same_everywhere
for n in 1 2 3; do
	rt -u "$(node $n)" status
	t_status 0
	t_out_has "3 applied, 0 pending"
done
t_eq "$(nq 3 "SELECT group_concat(revision ORDER BY revision) FROM retort_migrations WHERE state = 'applied'")" \
	"20260101000001_cat,20260101000002_toy,20260101000003_cat_view" "applied on node 3"
t_eq "$(nq 2 "SELECT count(*) FROM cat_toys")" 2 "the view's rows on node 2"
# and back down, everywhere
rt -u "$(node 3)" downgrade base
t_status 0
same_everywhere empty
t_eq "$(nq 1 "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('cat', 'toy', 'cat_toys')")" 0 "tables left on node 1"

t_case "a lease taken away mid-statement is noticed: the statement is stopped, a rerun resumes"
RETORT_TEST_LEASE_MS=1500
export RETORT_TEST_LEASE_MS
t_mig 20260101000001_slow "" "CREATE TABLE hit (id integer NOT NULL PRIMARY KEY);
INSERT INTO hit VALUES (1);
DO SLEEP(6);
INSERT INTO hit VALUES (2);" "DROP TABLE hit;"
"$RETORT" upgrade >a.out 2>a.err &
A=$!
wait_sql 1 "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'DO SLEEP(6)%'" ||
	t_fail "the slow statement did not start"
# another migrator's row, through another node
nq 2 "UPDATE retort_lock SET holder = 'thief:1', expires_at = UTC_TIMESTAMP(3) + INTERVAL 1 HOUR" >/dev/null
T0=$(date +%s)
wait $A
RC=$?
ERR=$(cat a.err)
sane a.err
t_status 1
t_err_has "lost the migration lock"
t_err_has "held by 'thief:1'"
t_err_has "stopped before statement 4 of 4"
[ $(($(date +%s) - T0)) -lt 5 ] || t_fail "the statement ran on for $(($(date +%s) - T0)) s after the lease was lost"
# statements 2 and 3 (DML) share a transaction with their journal rows:
# KILL QUERY ended the sleep, and nothing of it was committed
t_eq "$(nq 3 "SELECT count(*) FROM hit")" 0 "rows committed without the lease"
t_eq "$(nq 3 "SELECT statements_done FROM retort_migrations")" 1 "statements_done"
t_eq "$(nq 3 "SELECT holder FROM retort_lock")" thief:1 "the lease row"
nq 1 "DELETE FROM retort_lock" >/dev/null
rt -u "$(node 3)" upgrade
t_status 0
t_out_has "resume"
t_eq "$(nq 1 "SELECT group_concat(id ORDER BY id) FROM hit")" "1,2" "rows after the rerun"
unset RETORT_TEST_LEASE_MS

t_case "a node stopped mid-run is reported; the run resumes through another node; the node rejoins with the same state"
RETORT_TEST_LEASE_MS=3000
export RETORT_TEST_LEASE_MS
t_mig 20260101000001_a "" "CREATE TABLE a (id integer NOT NULL PRIMARY KEY);" "DROP TABLE a;"
t_mig 20260101000002_fill 20260101000001_a "INSERT INTO a VALUES (1);
DO SLEEP(8);
INSERT INTO a VALUES (2);" "DELETE FROM a;"
t_mig 20260101000003_b 20260101000002_fill "CREATE TABLE b (id integer NOT NULL PRIMARY KEY);" "DROP TABLE b;"
"$RETORT" upgrade >a.out 2>a.err &
A=$!
wait_sql 1 "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'DO SLEEP(8)%'" ||
	t_fail "the slow statement did not start"
"$GTMP" stop-node "$GDIR" 1
wait $A
RC=$?
ERR=$(cat a.err)
sane a.err
t_status 1
t_err_has "20260101000002_fill"
t_err_has ":$P1/"
echo "# the run through node 1, stopped: $(head -n 1 a.err)"
# what the two nodes left say: statement 1 of fill done, the rest not
rt -u "$(node 2)" status
t_status 3
t_out_has "20260101000002_fill"
"$GTMP" status "$GDIR" >gstatus
t_file_has gstatus "node1 down"
t_file_has gstatus "node2 Synced"
# the dead migrator's lease expires; the rerun through node 2 takes it over
rt -u "$(node 2)" --wait-lock 30s upgrade
t_status 0
t_out_has "resume"
t_out_has "up   20260101000003_b"
t_eq "$(nq 3 "SELECT group_concat(id ORDER BY id) FROM a")" "1,2" "rows of a (each statement once)"
t_eq "$(nq 3 "SELECT count(*) FROM retort_lock")" 0 "lease rows left"
T0=$(date +%s)
"$GTMP" start-node "$GDIR" 1 || t_fail "node 1 did not rejoin"
echo "# node 1 rejoined in $(($(date +%s) - T0)) s"
same_everywhere
rt -u "$(node 1)" status
t_status 0
unset RETORT_TEST_LEASE_MS

echo "# t9004 cases took $(($(date +%s) - t0)) s"
t_done
