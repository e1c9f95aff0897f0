#!/bin/sh
# t3001-mysql-resume: MySQL/MariaDB commits every DDL statement on its own,
# so each section runs statement by statement with the per-statement
# journal: a failure leaves a partial revision that status shows and the
# next upgrade resumes at the failed statement; consecutive DML shares one
# transaction with its journal rows; --single-transaction is refused; the
# offline script says where it is not atomic; GET_LOCK serializes 16
# concurrent migrators; a SIGKILLed migrator is resumed; a statement that
# waits too long for a metadata lock is retried. MySQL only (RT_BACKEND=mysql).
. "$(dirname "$0")/lib.sh"

A=20260301000001_create_t
B=20260301000002_more
C=20260301000003_data

if [ "$RT_BACKEND" != mysql ]; then
	t_case "the MySQL/MariaDB family"
	t_only mysql
	t_done
	exit
fi

# --- partial failure and resume ---------------------------------------------

t_case "a failed statement leaves the revision partial; status shows it; the fixed file resumes there"
t_mig $A "" "CREATE TABLE t (id int PRIMARY KEY, v varchar(20));
CREATE INDEX t_v ON t (v);
ALTER TABLE no_such_table ADD COLUMN x int;
CREATE TABLE u (id int PRIMARY KEY);" "DROP TABLE u;
DROP TABLE t;"
rt upgrade
t_status 1
t_err_has "migrations/$A.sql:4"
t_err_has "failed at statement 3 of 4"
t_err_has "statements 1-2 of its up section are committed"
t_err_has "retort stamp"
t_eq "$(tables)" "t" "the committed CREATE TABLE stays"
t_eq "$(q "SELECT state, direction, statements_done FROM retort_migrations")" \
	"partial|up|2" "the partial row"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'statement' AND revision = '$A'")" 2 \
	"journal rows"
rt status
t_status 3
t_out_has "partial"
t_out_has "after statement 2"
# a committed statement may not change
sed -i 's/CREATE INDEX t_v ON t (v);/CREATE INDEX t_v2 ON t (v);/' migrations/$A.sql
rt upgrade
t_status 1
t_err_has "statement 2 of partial migration '$A' changed"
sed -i 's/CREATE INDEX t_v2 ON t (v);/CREATE INDEX t_v ON t (v);/' migrations/$A.sql
# the fix: the failed statement and later may change
sed -i 's/ALTER TABLE no_such_table ADD COLUMN x int;/ALTER TABLE t ADD COLUMN x int;/' migrations/$A.sql
rt upgrade
t_status 0
t_out_has "resume $A at statement 3"
t_eq "$(tables)" "t u"
t_eq "$(q "SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't' AND column_name = 'x'")" 1
t_eq "$(q "SELECT state, statements_done FROM retort_migrations")" "applied|0"
rt status
t_status 0
rt downgrade base
t_status 0
t_eq "$(tables)" ""
t_eq "$(applied)" ""

t_case "each statement's journal row and the migration's log row, in order (the last two as one INSERT)"
t_mig $A "" "CREATE TABLE t (id int PRIMARY KEY, v varchar(20));
CREATE INDEX t_v ON t (v);" "DROP TABLE t;"
t_mig $B $A "CREATE TABLE u (id int PRIMARY KEY);" "DROP TABLE u;"
rt upgrade
t_status 0
rt downgrade $A
t_status 0
t_eq "$(q "SELECT event, revision, direction, coalesce(statement, '-'), length(checksum), coalesce(duration_ms >= 0, '-') FROM retort_log ORDER BY id" | tr '\n' ' ')" \
	"statement|$A|up|1|64|- statement|$A|up|2|64|- upgrade|$A|up|-|64|1 statement|$B|up|1|64|- upgrade|$B|up|-|64|1 statement|$B|down|1|64|- downgrade|$B|down|-|64|1 " \
	"the audit trail"
t_eq "$(q "SELECT count(DISTINCT checksum) FROM retort_log WHERE event = 'statement' AND revision = '$A'")" 2 \
	"each statement its own hash"
t_eq "$(q "SELECT l.checksum = m.checksum FROM retort_log l JOIN retort_migrations m USING (revision) WHERE l.event = 'upgrade'")" 1 \
	"the log row's own values: the file's checksum"
rt downgrade base
t_status 0
t_eq "$(tables)" ""

t_case "consecutive DML shares one transaction with its journal: a failure rolls the group back"
t_mig $A "" "CREATE TABLE t (id int PRIMARY KEY);
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (2);
INSERT INTO t VALUES (2);
CREATE TABLE u (id int);" "DROP TABLE u;
DROP TABLE t;"
rt upgrade
t_status 1
t_err_has "failed at statement 4 of 5"
t_err_has "statements 1-1 of its up section are committed"
t_eq "$(q "SELECT count(*) FROM t")" 0 "the group's inserts rolled back"
t_eq "$(q "SELECT statements_done FROM retort_migrations")" 1
sed -i '4s/(2)/(3)/' migrations/$A.sql
rt upgrade
t_status 0
t_out_has "resume $A at statement 2"
t_eq "$(q "SELECT group_concat(id ORDER BY id) FROM t")" "1,2,3"

t_case "a failure before anything committed leaves the database and its record as they were"
t_mig $A "" "CREATE TABLE t (id int PRIMARY KEY);" "DROP TABLE t;"
rt upgrade
t_status 0
t_mig $B $A "INSERT INTO t VALUES (1);
INSERT INTO t VALUES (1);" "DELETE FROM t;"
before=$(t_dump | grep -v 'INSERT INTO .retort_log')
rt upgrade
t_status 1
t_err_has "no statement of this migration was committed"
t_eq "$(t_dump | grep -v 'INSERT INTO .retort_log')" "$before" "the database"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'failure'")" 1 \
	"the failure is logged"
rt status
t_status 3
t_out_has "pending"
t_out_lacks "partial"

# --- what cannot be atomic ---------------------------------------------------

t_case "--single-transaction is refused with the reason, the database unchanged"
t_mig $A "" "CREATE TABLE t (id int);" "DROP TABLE t;"
before=$(t_dump)
rt upgrade --single-transaction
t_status 2
t_err_has "--single-transaction cannot work on mysql"
t_err_has "commits every DDL statement on its own"
t_eq "$(t_dump)" "$before"
rt upgrade --sql --single-transaction
t_status 2

t_case "upgrade --sql says where it is not atomic, and the client runs it like a live upgrade"
t_mig $A "" "CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a;b'), (2, \"it's\");" "DROP TABLE t;"
t_mig $B $A "ALTER TABLE t ADD COLUMN w int;" "ALTER TABLE t DROP COLUMN w;"
rt upgrade --sql
t_status 0
t_out_has "NOT ATOMIC"
printf '%s\n' "$OUT" >script.sql
run_sql script.sql || t_fail "the mariadb client rejected the script"
t_eq "$(applied)" "$A $B"
t_eq "$(q "SELECT state FROM retort_migrations GROUP BY state")" "applied"
t_eq "$(q "SELECT v FROM t ORDER BY id" | tr '\n' ' ')" "a;b it's "
rt status
t_status 0

t_case "upgrade --sql: a trigger body goes between DELIMITER lines and a CSV backslash stays one, through the client"
t_mig $A "" "CREATE TABLE t (id int PRIMARY KEY, n int, s varchar(40));
CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
BEGIN
  SET NEW.n = NEW.id * 2;
  IF NEW.n > 10 THEN SET NEW.n = 10; END IF;
  IF NEW.s IS NULL THEN SET NEW.s = '\$\$'; END IF;
END;
-- retort:load t FROM 't.csv'" "DROP TABLE t;"
cat >migrations/t.csv <<'CSV'
id,s
3,a\nb
7,"c:\new 'q'"
9,
CSV
rt upgrade --sql
t_status 0
t_out_has "DELIMITER \$\$1\$\$"
printf '%s\n' "$OUT" >script.sql
run_sql script.sql || t_fail "the mariadb client rejected the script: $(cat script.sql)"
t_eq "$(applied)" "$A"
t_eq "$(q "SELECT id, n, s FROM t ORDER BY id")" '3|6|a\nb
7|10|c:\new '"'q'"'
9|10|$$' "the trigger ran and the values are the file's"
t_eq "$(q "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()")" 1
rt status
t_status 0

# --- the lock -----------------------------------------------------------------

t_case "16 concurrent migrators apply each migration exactly once"
t_mig $A "" "CREATE TABLE hits (rev varchar(40));
INSERT INTO hits VALUES ('a');" "DROP TABLE hits;"
t_mig $B $A "CREATE TABLE b (id int);
INSERT INTO hits VALUES ('b');" "DROP TABLE b;"
t_mig $C $B "INSERT INTO hits VALUES ('c');
ALTER TABLE b ADD COLUMN v int;
INSERT INTO hits VALUES ('c2');" "DELETE FROM hits WHERE rev LIKE 'c%';
ALTER TABLE b DROP COLUMN v;"
i=0
pids=""
while [ $i -lt 16 ]; do
	"$RETORT" upgrade >"out.$i" 2>"err.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
bad=0
for p in $pids; do
	wait "$p" || bad=$((bad + 1))
done
t_eq "$bad" 0 "migrators that failed"
[ "$bad" -eq 0 ] || cat err.*
t_eq "$(q "SELECT group_concat(rev ORDER BY rev) FROM hits")" "a,b,c,c2" \
	"each statement ran once"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 3 \
	"one upgrade row per migration"
t_eq "$(cat out.* | grep -c '^up ')" 3 "migrations reported applied"
t_eq "$(q "SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'b'")" 2
# the lock is free again
t_eq "$(q "SELECT IS_FREE_LOCK(CONCAT('retort:', DATABASE()))")" 1

t_case "the lock is GET_LOCK on a connection of its own: a second migrator waits, then gives up with exit 4"
t_mig $A "" "CREATE TABLE t (id int);
SELECT SLEEP(4);" "DROP TABLE t;"
"$RETORT" upgrade >first.out 2>first.err &
first=$!
sleep 1.5
rt upgrade --wait-lock 1s
t_status 4
t_err_has "another migrator holds the migration lock"
wait $first
t_eq "$?" 0 "the first migrator"
t_eq "$(applied)" "$A"

t_case "a SIGKILLed migrator leaves a partial revision the next upgrade resumes"
t_mig $A "" "CREATE TABLE t1 (id int);
CREATE TABLE t2 (id int);
SELECT SLEEP(3);
CREATE TABLE t3 (id int);" "DROP TABLE t3;
DROP TABLE t2;
DROP TABLE t1;"
"$RETORT" upgrade >killed.out 2>killed.err &
victim=$!
n=0
while [ "$(q "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 't2'" 2>/dev/null)" != 1 ] &&
	[ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
sleep 0.3
kill -KILL $victim
wait $victim 2>/dev/null
t_eq "$(q "SELECT state FROM retort_migrations")" "partial"
rt status
t_status 3
t_out_has "partial"
rt upgrade --wait-lock 20s
t_status 0
t_out_has "resume $A at statement"
t_eq "$(tables)" "t1 t2 t3"
t_eq "$(q "SELECT state FROM retort_migrations")" "applied"

t_case "killed between a DDL statement and its journal row: the resume says the statement is in doubt"
t_mig $A "" "CREATE TABLE t1 (id int);
CREATE TABLE t2 (id int);" "DROP TABLE t2;
DROP TABLE t1;"
# killed at the 2nd journal write: CREATE TABLE t2 committed, unjournaled
RETORT_FAULT_INJECT=stmt-after:2 "$RETORT" upgrade >/dev/null 2>&1
t_eq "$(q "SELECT state || ' ' || statements_done FROM retort_migrations")" "partial 1"
t_eq "$(tables)" "t1 t2"
rt upgrade
t_status 1
t_err_has "statement 2 is where an interrupted run stopped"
t_err_has "retort stamp"
rt stamp $A
t_status 0
rt status
t_status 0

t_case "a migration's closing commit claims the next one: killed right after it, the next is partial at statement 0 and runs once"
t_mig $A "" "CREATE TABLE t1 (id int);" "DROP TABLE t1;"
t_mig $B $A "CREATE TABLE t2 (id int);
CREATE TABLE t3 (id int);" "DROP TABLE t3;
DROP TABLE t2;"
# commits: retort's tables, $A's claim, $A's record with $B's claim
RETORT_FAULT_INJECT=commit-after:3 "$RETORT" upgrade >/dev/null 2>&1
t_eq "$(q "SELECT revision, state, statements_done FROM retort_migrations ORDER BY revision")" \
	"$A|applied|0
$B|partial|0" "the record and the claim, in one commit"
t_eq "$(tables)" "t1" "nothing of $B ran"
rt status
t_status 3
t_out_has "partial"
rt upgrade
t_status 0
t_out_has "resume $B at statement 1"
t_eq "$(tables)" "t1 t2 t3"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'statement' AND revision = '$B'")" 2 \
	"each statement of $B journaled once"

t_case "the lock lost after a closing commit that claimed the next: the claim stays for the next run, which runs it once"
t_mig $A "" "CREATE TABLE t1 (id int);" "DROP TABLE t1;"
t_mig $B $A "CREATE TABLE t2 (id int);" "DROP TABLE t2;"
RETORT_FAULT_INJECT=commit-after:3:drop-lock "$RETORT" upgrade >/dev/null 2>lost.err
t_eq "$?" 1 "exit status of a run that lost its lock"
t_file_has lost.err "lost the migration lock"
t_eq "$(tables)" "t1" "nothing of $B ran"
t_eq "$(q "SELECT state, statements_done FROM retort_migrations WHERE revision = '$B'")" "partial|0"
rt upgrade
t_status 0
t_eq "$(tables)" "t1 t2"
t_eq "$(q "SELECT state FROM retort_migrations WHERE revision = '$B'")" "applied"

t_case "the closing commit's claim finds the next one's row already there: the record still commits, and the next one resumes where its journal says"
t_mig $A "" "CREATE TABLE t1 (id int);" "DROP TABLE t1;"
t_mig $B $A "CREATE TABLE t2 (id int);
ALTER TABLE no_such_table ADD COLUMN x int;" "DROP TABLE t2;"
rt upgrade
t_status 1
t_eq "$(q "SELECT revision, state, statements_done FROM retort_migrations ORDER BY revision")" \
	"$A|applied|0
$B|partial|1"
# $A made pending again by hand, $B's partial row left: $A's closing
# transaction claims a revision whose row exists
t_my "$DATABASE_URL" -e "DROP TABLE t1; DELETE FROM retort_migrations WHERE revision = '$A'"
sed -i 's/ALTER TABLE no_such_table ADD COLUMN x int;/ALTER TABLE t2 ADD COLUMN x int;/' migrations/$B.sql
rt upgrade
t_status 0
t_out_has "up   $A"
t_out_has "resume $B at statement 2"
t_eq "$(q "SELECT revision, state, statements_done FROM retort_migrations ORDER BY revision")" \
	"$A|applied|0
$B|applied|0"
t_eq "$(tables)" "t1 t2"
t_eq "$(q "SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't2' AND column_name = 'x'")" 1
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND revision = '$A'")" 2 \
	"$A's record logged in each run"

t_case "a statement that waits too long for a metadata lock is retried, then fails with the lock named"
t_mig $A "" "CREATE TABLE t (id int);" "DROP TABLE t;"
rt upgrade
t_status 0
t_mig $B $A "ALTER TABLE t ADD COLUMN v int;" "ALTER TABLE t DROP COLUMN v;"
# another session holds the table for 3 s
t_my "$DATABASE_URL" -e "LOCK TABLES t WRITE; SELECT SLEEP(3); UNLOCK TABLES" \
	>/dev/null 2>&1 &
holder=$!
sleep 0.5
rt upgrade --lock-timeout 1s --retries 5
t_status 0
t_out_has "retry $B"
wait $holder
t_eq "$(q "SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't' AND column_name = 'v'")" 1
t_mig $C $B "ALTER TABLE t ADD COLUMN w int;" "ALTER TABLE t DROP COLUMN w;"
t_my "$DATABASE_URL" -e "LOCK TABLES t WRITE; SELECT SLEEP(4); UNLOCK TABLES" \
	>/dev/null 2>&1 &
holder=$!
sleep 0.5
rt upgrade --lock-timeout 1s --retries 0
t_status 1
t_err_has "Lock wait timeout exceeded"
wait $holder

# --- the driver ------------------------------------------------------------

t_case "passwords never printed; mariadb:// is the same engine; unknown URL parameters are refused"
pw=$(printf '%s\n' "$DATABASE_URL" | sed -n 's|^mysql://[^:]*:\([^@]*\)@.*|\1|p')
rt status -u "$(printf '%s\n' "$DATABASE_URL" | sed "s|:$pw@|:wrong-$pw@|")"
t_status 1
case "$ERR$OUT" in *"$pw"*) t_fail "the password was printed: $ERR" ;; esac
t_err_has "***"
rt status -u "$(printf '%s\n' "$DATABASE_URL" | sed 's|^mysql:|mariadb:|')"
t_status 0
t_out_has "0 applied"
rt status -u "$DATABASE_URL?sslmode=require"
t_status 2
t_err_has "unknown parameter 'sslmode'"
rt status -u "$DATABASE_URL?ssl-mode=verify-ca"
t_status 2
t_err_has "needs ssl-ca"

t_case "identifiers in backticks, \"...\" strings, # comments and quotes with semicolons split right"
t_mig $A "" "# a comment; with a semicolon
CREATE TABLE \`odd;name\` (\`select\` int, s varchar(40)); -- trailing
INSERT INTO \`odd;name\` VALUES (1, \"a;b\"), (2, 'c\\';d');
/* block; comment */ INSERT INTO \`odd;name\` VALUES (3, 'x');" "DROP TABLE \`odd;name\`;"
rt upgrade
t_status 0
t_eq "$(q "SELECT group_concat(s ORDER BY \`select\` SEPARATOR '|') FROM \`odd;name\`")" "a;b|c';d|x"
t_eq "$(q "SELECT statements_done FROM retort_migrations")" 0

t_case "compound statements (trigger, procedure bodies) split without DELIMITER; a table named event does not start one"
cat >migrations/$A.sql <<'SQL'
-- retort:up
CREATE TABLE event (id int PRIMARY KEY, v varchar(20), n int DEFAULT 0);
CREATE TRIGGER event_bi BEFORE INSERT ON event FOR EACH ROW
BEGIN
  IF NEW.v IS NULL THEN
    SET NEW.v = 'none';
  END IF;
  SET NEW.n = CASE WHEN NEW.id > 10 THEN 2 ELSE 1 END;
END;
CREATE PROCEDURE bump(IN k int)
BEGIN
  DECLARE i int DEFAULT 0;
  lbl: LOOP
    SET i = i + 1;
    IF i >= k THEN LEAVE lbl; END IF;
  END LOOP;
  UPDATE event SET n = n + i;
END;
INSERT INTO event (id) VALUES (1), (20);
CALL bump(3);
-- retort:down
DROP PROCEDURE bump;
DROP TABLE event;
SQL
rt upgrade
t_status 0
t_eq "$(q "SELECT group_concat(id, v, n ORDER BY id) FROM event")" "1none4,20none5"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'statement'")" 5 "statements"
rt downgrade
t_status 0
t_eq "$(tables)" ""

t_case "DELIMITER lines as mysqldump and retort dump write them: the body's ';' stay in it, the lines go to no statement"
cat >migrations/$A.sql <<'SQL'
-- retort:up
CREATE TABLE ev (id int PRIMARY KEY, n int DEFAULT 0);
DELIMITER ;;
CREATE TRIGGER ev_bi BEFORE INSERT ON ev FOR EACH ROW BEGIN SET NEW.n = NEW.id * 2; SET NEW.n = NEW.n + 1; END;;
CREATE PROCEDURE p1() BEGIN INSERT INTO ev (id) VALUES (5); INSERT INTO ev (id) VALUES (6); END ;;
DELIMITER ;
CALL p1();
-- retort:down
DROP PROCEDURE p1;
DROP TABLE ev;
SQL
rt upgrade
t_status 0
t_eq "$(q "SELECT group_concat(id, ':', n ORDER BY id) FROM ev")" "5:11,6:13"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'statement'")" 4 "statements"
rt dump
t_status 0
t_out_has "DELIMITER ;;"
printf '%s\n' "$OUT" >dump.sql
other_db copy
on copy run_sql dump.sql || t_fail "the mariadb client does not load the dump: $(cat dump.sql)"
t_eq "$(on copy t_query "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()")" 1 "trigger in the copy"
drop_others
printf -- '-- retort:up\nDELIMITER\nSELECT 1;\n' >migrations/$B.sql
sed -i "1i -- retort:parent $A" migrations/$B.sql
rt upgrade
t_status 1
t_err_has "$B.sql:3"
t_err_has "DELIMITER names no delimiter"

t_case "a CSV load keeps its text exactly (a value that looks like retort's own time stamps too)"
t_mig $A "" "CREATE TABLE l (id int PRIMARY KEY, s varchar(40), n varchar(10));
-- retort:load l FROM 'l.csv'" "DROP TABLE l;"
cat >migrations/l.csv <<'CSV'
id,s,n
1,2026-01-02T03:04:05.678Z,
2,"back\slash 'q'",x
CSV
rt upgrade
t_status 0
t_eq "$(q "SELECT id, s, coalesce(n, 'NULL') FROM l ORDER BY id")" "1|2026-01-02T03:04:05.678Z|NULL
2|back\\slash 'q'|x"

t_done
