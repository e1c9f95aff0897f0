#!/bin/sh
# t1003-nontransactional: `-- retort:up transaction=false`: statements
# run one by one outside a transaction and are journaled; a failure leaves
# the revision partial, other upgrades refuse to skip past it, a fixed file
# resumes at the failed statement, an edit of a completed statement is
# refused, and stamp resolves a partial by hand. Against SQLite and
# PostgreSQL (RT_BACKEND).
. "$(dirname "$0")/lib.sh"

# --- helpers of this family ------------------------------------------------

R=20260101000001_base
N=20260101000002_nontx
X=20260101000003_other

FAILING="INSERT INTO no_such_table VALUES (1);"
FIXED="INSERT INTO t1 (id, v) VALUES (1, 'fixed');"
STMT1="CREATE TABLE t1 (id INTEGER PRIMARY KEY, v TEXT);"
# A statement that fails inside a transaction
if [ "$RT_BACKEND" = postgres ]; then
	STMT2="CREATE INDEX CONCURRENTLY t1_v ON t1 (v);"
elif [ "$RT_BACKEND" = mysql ]; then
	# DDL: it commits whatever transaction is open
	STMT2="CREATE INDEX t1_v ON t1 (v(10));"
else
	STMT2="VACUUM;"
fi

# nontx [STMT3 [STMT1 [UP_OPTIONS]]]: the base migration and N, whose up
# section has four statements, the 3rd on line 5 of the file:
#   1 CREATE TABLE t1 (fails if run twice)  2 $STMT2 (fails inside a
#   transaction)  3 STMT3 (fails by default)  4 CREATE TABLE t4
nontx() {
	t_mig $R "" "CREATE TABLE base (id INTEGER PRIMARY KEY);" "DROP TABLE base;"
	{
		echo "-- retort:parent $R"
		echo "-- retort:up ${3-transaction=false}"
		echo "${2:-$STMT1}"
		echo "$STMT2"
		echo "${1:-$FAILING}"
		echo "CREATE TABLE t4 (id INTEGER PRIMARY KEY);"
		echo "-- retort:down"
		echo "DROP TABLE t4;"
		echo "DROP TABLE t1;"
	} >migrations/$N.sql
}

# Set statement 3 (line 5) of N to $1.
set_stmt3() {
	sed -i "5c\\
$1" migrations/$N.sql
}

# The row of revision $1: state|direction|statements_done ("" if none).
row() {
	q "SELECT state || '|' || direction || '|' || statements_done
		FROM retort_migrations WHERE revision = '$1'"
}

# Positions journaled for N going up, in order.
journal() {
	q "SELECT statement FROM retort_log WHERE event = 'statement'
		AND revision = '$N' AND direction = '${1:-up}' ORDER BY id" | tr '\n' ' ' |
		sed 's/ $//'
}

# A database left with N partial after statement 2.
partial() {
	nontx
	rt upgrade --allow-unsafe
	[ "$RC" -ne 0 ] || t_fail "setup: the failing upgrade succeeded"
	[ "$(row $N)" = "partial|up|2" ] || t_fail "setup: N is not partial: $(row $N)"
}

# --- the failure -------------------------------------------------------------

t_case "3rd of 4 statements fails: a partial row with statements_done=2"
nontx
rt upgrade --allow-unsafe
t_status 1
t_err_has "retort: error: migrations/$N.sql:5:"
t_err_has "statement 3"
t_err_has "no_such_table"
t_eq "$(row $R)" "applied|up|0" "the base migration"
t_eq "$(row $N)" "partial|up|2" "the partial row"
# statements 1 and 2 ran and stay: nothing rolled them back
t_eq "$(tables)" "base t1" "tables after the failure"
t_eq "$(journal)" "1 2" "journaled statements"
t_eq "$(q "SELECT statement FROM retort_log WHERE event = 'failure' AND revision = '$N'")" 3 \
	"the failure is logged with its statement"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND revision = '$N'")" 0 \
	"no upgrade row for a partial migration"

t_case "$STMT2 as statement 2 shows the statements run outside a transaction"
# the same migration without transaction=false fails at statement 2 and
# rolls back statement 1: the premise of the partial tests (where DDL is
# not transactional, every section runs as transaction=false: t3001)
if ! t_skip_on mysql "DDL commits on its own: no section is one transaction"; then
nontx "$FIXED" "" " "
rt upgrade --allow-unsafe
t_status 1
t_err_has "statement 2"
t_eq "$(row $N)" "" "a transactional migration left a row"
t_eq "$(tables)" "base" "statement 1 of a failed transactional migration stayed"
fi
# with transaction=false the same file applies
nontx "$FIXED"
rt upgrade --allow-unsafe
t_status 0
t_eq "$(row $N)" "applied|up|0"
t_eq "$(tables)" "base t1 t4"
t_eq "$(q "SELECT v FROM t1")" fixed
t_eq "$(journal)" "1 2 3 4" "each statement journaled once"

t_case "status shows the partial revision and its statement count, exit 3"
partial
rt status
t_status 3
line=$(echo "$OUT" | grep "$N")
case "$line" in *partial*) ;; *) t_fail "status line of N lacks 'partial': $line" ;; esac
case "$(echo "$line" | sed "s/$N//")" in
*[!0-9]2[!0-9]* | *[!0-9]2) ;;
*) t_fail "status line of N lacks the statement count 2: $line" ;;
esac
t_out_has "1 partial"
rt status --json
t_status 3
t_json '.partial == 1 and .up_to_date == false'
t_json ".revisions[1].revision == \"$N\" and .revisions[1].state == \"partial\""
t_json '.revisions[1].statements_done == 2 and .revisions[1].direction == "up"'
rt verify
# a partial revision is not an edit
t_out_lacks "edited"

t_case "other upgrades and downgrades refuse to skip past a partial revision"
partial
t_mig $X $R "CREATE TABLE other (id INTEGER);" "DROP TABLE other;"
before=$(t_dump)
rt upgrade --allow-unsafe $X
[ "$RC" -ne 0 ] || t_fail "upgrade of another revision skipped past the partial one"
t_err_has "$N"
t_eq "$(row $X)" "" "the other revision was applied"
t_eq "$(t_dump)" "$before" "the refused upgrade changed the database"
rt downgrade
[ "$RC" -ne 0 ] || t_fail "downgrade skipped past the partial revision"
t_err_has "$N"
t_eq "$(t_dump)" "$before" "the refused downgrade changed the database"
rt downgrade base
[ "$RC" -ne 0 ] || t_fail "downgrade base skipped past the partial revision"
t_eq "$(t_dump)" "$before" "the refused downgrade changed the database"

t_case "--single-transaction refuses a transaction=false migration"
nontx "$FIXED"
rt upgrade --allow-unsafe $R
before=$(t_dump)
rt upgrade --allow-unsafe --single-transaction
[ "$RC" -ne 0 ] || t_fail "--single-transaction ran a transaction=false migration"
if [ "$RT_BACKEND" = mysql ]; then
	t_err_has "--single-transaction cannot work on mysql"
else
	t_err_has "$N"
fi
t_eq "$(t_dump)" "$before" "the refused upgrade changed the database"

# --- resuming ------------------------------------------------------------------

t_case "fixing statement 3 resumes at it; statements 1-2 do not run again"
partial
set_stmt3 "$FIXED"
rt upgrade --allow-unsafe
t_status 0
t_out_has "$N"
# CREATE TABLE t1 has no IF NOT EXISTS: run again, it would have failed
t_eq "$(row $N)" "applied|up|0" "the row after the resume"
t_eq "$(tables)" "base t1 t4"
t_eq "$(q "SELECT v FROM t1")" fixed "statement 3 ran once"
t_eq "$(journal)" "1 2 3 4" "journaled statements"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND revision = '$N'")" 1 \
	"one upgrade row"
# the row now carries the fixed file's checksum
rt status
t_status 0
rt verify
t_status 0
# and the migration reverts like any other
rt downgrade
t_status 0
t_eq "$(row $N)" ""
t_eq "$(tables)" "base"

t_case "a resume that fails again stays partial at the same place"
partial
set_stmt3 "INSERT INTO still_missing VALUES (1);"
rt upgrade --allow-unsafe
t_status 1
t_err_has "still_missing"
t_eq "$(row $N)" "partial|up|2"
t_eq "$(journal)" "1 2" "journaled statements"
set_stmt3 "$FIXED"
rt upgrade --allow-unsafe
t_status 0
t_eq "$(row $N)" "applied|up|0"

t_case "editing completed statement 1 of a partial migration: upgrade refuses"
partial
before=$(user_dump)
set_stmt3 "$FIXED"
sed -i '3s/v TEXT/v TEXT, w TEXT/' migrations/$N.sql
rt upgrade --allow-unsafe
[ "$RC" -ne 0 ] || t_fail "upgrade resumed a partial migration whose statement 1 changed"
t_err_has "$N"
t_err_has "statement 1"
t_eq "$(row $N)" "partial|up|2" "the row after the refusal"
t_eq "$(user_dump)" "$before" "the refused resume ran statements"
t_eq "$(journal)" "1 2" "journaled statements"
# restored, it resumes
sed -i '3s/v TEXT, w TEXT/v TEXT/' migrations/$N.sql
rt upgrade --allow-unsafe
t_status 0
t_eq "$(row $N)" "applied|up|0"

t_case "a CRLF / trailing-blank rewrite of a partial migration still resumes"
t_mig $R "" "CREATE TABLE base (id INTEGER PRIMARY KEY);" "DROP TABLE base;"
{
	echo "-- retort:parent $R"
	echo "-- retort:up transaction=false"
	echo "CREATE TABLE t1 ("
	echo "  id INTEGER PRIMARY KEY,"
	echo "  v TEXT"
	echo ");"
	echo "$STMT2"
	echo "$FAILING"
	echo "-- retort:down"
	echo "DROP TABLE t1;"
} >migrations/$N.sql
rt upgrade --allow-unsafe
t_status 1
t_eq "$(row $N)" "partial|up|2"
# the same statements, as a Windows checkout would write them
sed -i "s/no_such_table VALUES (1)/t1 (id, v) VALUES (1, 'fixed')/; s/,\$/,   /; s/\$/\r/" migrations/$N.sql
grep -q "$(printf '\r')" migrations/$N.sql || t_fail "the rewrite did not happen"
rt upgrade --allow-unsafe
t_status 0
t_eq "$(row $N)" "applied|up|0"
t_eq "$(q "SELECT v FROM t1")" fixed

# --- stamp ---------------------------------------------------------------------

t_case "stamp REV resolves a partial revision as applied, running nothing"
partial
before=$(user_dump)
rt stamp $N
t_status 0
t_eq "$(row $N)" "applied|up|0" "the row after stamp"
t_eq "$(user_dump)" "$before" "stamp ran statements"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'stamp' AND revision = '$N'")" 1 \
	"the stamp is logged"
rt status
t_status 0

t_case "stamp of the parent resolves a partial revision as not applied"
partial
rt stamp $R
t_status 0
t_eq "$(row $N)" "" "the partial row after stamp of the parent"
t_eq "$(row $R)" "applied|up|0"
rt status
t_status 3
# cleaned up by hand and fixed, the next upgrade runs N from statement 1
t_query "DROP TABLE t1"
set_stmt3 "$FIXED"
rt upgrade --allow-unsafe
t_status 0
t_eq "$(row $N)" "applied|up|0"
t_eq "$(tables)" "base t1 t4"
t_eq "$(q "SELECT v FROM t1")" fixed

# --- going down ------------------------------------------------------------------

t_case "a transaction=false down section that fails is partial going down"
nontx "$FIXED"
{
	echo "-- retort:parent $R"
	echo "-- retort:up transaction=false"
	echo "$STMT1"
	echo "CREATE TABLE t4 (id INTEGER PRIMARY KEY);"
	echo "-- retort:down transaction=false"
	echo "DROP TABLE t4;"
	echo "DROP TABLE no_such_table;"
	echo "DROP TABLE t1;"
} >migrations/$N.sql
rt upgrade --allow-unsafe
t_status 0
rt downgrade
t_status 1
t_eq "$(row $N)" "partial|down|1" "the row after the failed downgrade"
t_eq "$(tables)" "base t1"
rt status
t_status 3
t_out_has "partial"
# an upgrade cannot finish what a downgrade started
before=$(t_dump)
rt upgrade --allow-unsafe
[ "$RC" -ne 0 ] || t_fail "upgrade went over a migration partial going down"
t_eq "$(row $N)" "partial|down|1"
sed -i 's/DROP TABLE no_such_table;/SELECT 1;/' migrations/$N.sql
rt downgrade
t_status 0
t_eq "$(row $N)" ""
t_eq "$(tables)" "base"
t_eq "$(row $R)" "applied|up|0" "the downgrade went further than -1"

# --- offline ---------------------------------------------------------------------

t_case "upgrade --sql: a transaction=false section's statements are outside transactions, each journaled"
nontx "$FIXED"
rt upgrade --sql
t_status 0
section=$(printf '%s\n' "$OUT" | sed -n "/^-- up $N/,\$p")
[ -n "$section" ] || t_fail "no section for $N in the script"
# only retort's bookkeeping is between BEGIN and COMMIT
inside=$(printf '%s\n' "$section" | sed -n '/^BEGIN;$/,/^COMMIT;$/p' |
	grep -v '^BEGIN;$\|^COMMIT;$\|^INSERT INTO retort_\|^UPDATE retort_')
[ -z "$inside" ] || t_fail "statements of the transaction=false section in a transaction: $inside"
t_eq "$(printf '%s\n' "$section" | grep -c "'statement', '$N'")" 4 "journal rows in the script"
case "$section" in *"$STMT2"*) ;; *) t_fail "the script lacks statement 2: $STMT2" ;; esac
printf '%s\n' "$OUT" >up.sql
other_db offline
on offline run_sql up.sql || t_fail "the $RT_BACKEND client rejected the script"
t_eq "$(on offline tables)" "base t1 t4"
t_eq "$(on offline row $N)" "applied|up|0"
t_eq "$(on offline t_query "SELECT v FROM t1")" fixed

t_case "upgrade --sql run as the guide says: a failed transaction=false statement leaves the revision partial and journaled"
nontx
X_MIG="-- retort:parent $N
-- retort:up
CREATE TABLE tx (id INTEGER PRIMARY KEY);
-- retort:down
DROP TABLE tx;"
printf '%s\n' "$X_MIG" >migrations/$X.sql
rt upgrade --sql
t_status 0
printf '%s\n' "$OUT" >up.sql
run_sql_plain up.sql && t_fail "the client ran a failing script to success"
t_eq "$(tables)" "base t1" "tables after the failed script"
t_eq "$(row $N)" "partial|up|2"
t_eq "$(journal)" "1 2"
t_eq "$(row $X)" "" "the migration after the failed one"
# the script's journal is the live runner's: upgrade resumes at 3
set_stmt3 "$FIXED"
rt upgrade --allow-unsafe
t_status 0
t_out_has "resume"
t_eq "$(row $N)" "applied|up|0"
t_eq "$(tables)" "base t1 t4 tx"

t_case "downgrade --sql run as the guide says: a failed transaction=false statement leaves the revision partial going down"
nontx "$FIXED"
sed -i 's/^-- retort:down$/-- retort:down transaction=false/; s/^DROP TABLE t1;$/DROP TABLE no_such_table;\
DROP TABLE t1;/' migrations/$N.sql
rt upgrade --allow-unsafe
t_status 0
rt downgrade --sql head:$R
t_status 0
printf '%s\n' "$OUT" >down.sql
run_sql_plain down.sql && t_fail "the client ran a failing script to success"
t_eq "$(tables)" "base t1" "tables after the failed script"
t_eq "$(row $N)" "partial|down|1"
t_eq "$(journal down)" "1"

drop_others

# Each statement commits with its journal row in one transaction; what the
# engine refuses there runs on its own (PostgreSQL: a DO block that commits
# fails in a transaction block with 2D000 and is run again outside one).
t_case "a transaction=false statement refused inside a transaction runs outside one"
if t_only postgres; then
	cat >migrations/20260101000001_do.sql <<'SQL'
-- retort:up transaction=false
CREATE TABLE d0(x int);
DO $$ BEGIN CREATE TABLE d1(x int); COMMIT; END $$;
INSERT INTO d0 VALUES (1);
-- retort:down
DROP TABLE d1;
DROP TABLE d0;
SQL
	rt upgrade
	t_status 0
	t_eq "$(t_tables | tr '\n' ' ')" "d0 d1 " "tables"
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'statement'")" 3 "journaled statements"
fi

t_done
