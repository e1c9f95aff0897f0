#!/bin/sh
# t1002-branches: a history with two branches (two heads): upgrade
# refuses, `upgrade heads` and branch targets, merge revisions, and
# downgrades through a merge; against SQLite and PostgreSQL (RT_BACKEND).
. "$(dirname "$0")/lib.sh"

# --- helpers of this family ------------------------------------------------

R=20260101000001_root
A1=20260101000002_a1
B1=20260101000003_b1
A2=20260101000004_a2
M=20260101000005_merge

# root <- a1 <- a2, root <- b1: heads a2 and b1.
branches() {
	t_mig $R "" "CREATE TABLE root (id INTEGER PRIMARY KEY);" "DROP TABLE root;"
	t_mig $A1 $R "CREATE TABLE a1 (id INTEGER PRIMARY KEY);" "DROP TABLE a1;"
	t_mig $B1 $R "CREATE TABLE b1 (id INTEGER PRIMARY KEY);" "DROP TABLE b1;"
	t_mig $A2 $A1 "CREATE TABLE a2 (id INTEGER PRIMARY KEY);" "DROP TABLE a2;"
}

# ... and a merge revision joining them.
merged() {
	branches
	t_mig $M "$A2 $B1" "CREATE TABLE m (id INTEGER PRIMARY KEY);" "DROP TABLE m;"
}

# Revisions of retort_log rows of event $1, in the order they happened.
logged() {
	q "SELECT revision FROM retort_log WHERE event = '$1' ORDER BY id" |
		tr '\n' ' ' | sed 's/ $//'
}

# --- two heads ---------------------------------------------------------------

t_case "upgrade with two heads refuses, naming both; the database is unchanged"
branches
rt upgrade $R
t_status 0
before=$(t_dump)
rt upgrade
[ "$RC" -ne 0 ] || t_fail "upgrade with two heads succeeded"
t_err_has "retort: error:"
t_err_has "$A2"
t_err_has "$B1"
t_eq "$(t_dump)" "$before" "the refused upgrade changed the database"
rt upgrade head
[ "$RC" -ne 0 ] || t_fail "upgrade head with two heads succeeded"
t_err_has "$A2"
t_err_has "$B1"
t_eq "$(t_dump)" "$before" "the refused upgrade changed the database"
# offline too
rt upgrade --sql
[ "$RC" -ne 0 ] || t_fail "upgrade --sql with two heads succeeded"
t_err_has "$A2"
t_err_has "$B1"
# stamp head is just as ambiguous
rt stamp head
[ "$RC" -ne 0 ] || t_fail "stamp head with two heads succeeded"
t_eq "$(t_dump)" "$before" "the refused stamp changed the database"

t_case "a refused upgrade on a new database leaves no database behind"
branches
empty=$(t_dump)
rt upgrade
[ "$RC" -ne 0 ] || t_fail "upgrade with two heads succeeded"
t_err_has "$A2"
t_eq "$(t_dump)" "$empty" "the refused upgrade created the database"

t_case "upgrade heads applies both branches"
branches
rt upgrade heads
t_status 0
t_eq "$(applied)" "$R $A1 $B1 $A2"
t_eq "$(tables)" "a1 a2 b1 root"
# parents before children
t_eq "$(logged upgrade | cut -d' ' -f1)" "$R" "the root runs first"
case " $(logged upgrade) " in
*" $A1 "*" $A2 "*) ;;
*) t_fail "a2 ran before its parent a1: $(logged upgrade)" ;;
esac
rt status
t_status 0
rt status --json
t_json '.up_to_date == true'
t_json "(.current | sort) == [\"$B1\", \"$A2\"]"
rt heads
t_eq "$(echo "$OUT" | sort)" "$B1
$A2" "heads"

t_case "upgrade to a revision on one branch applies only its ancestors"
branches
rt upgrade $B1
t_status 0
t_eq "$(applied)" "$R $B1"
t_eq "$(tables)" "b1 root"
rt status
t_status 3
rt upgrade $A2
t_status 0
t_eq "$(applied)" "$R $A1 $B1 $A2"
before=$(t_dump)
rt upgrade heads
t_status 0
t_eq "$(t_dump)" "$before" "upgrade heads when both are applied"

t_case "upgrade --sql heads equals a live upgrade heads"
branches
other_db offline
rt upgrade heads
t_status 0
rt upgrade --sql heads
t_status 0
printf '%s\n' "$OUT" >up.sql
on offline run_sql up.sql || t_fail "the $RT_BACKEND client rejected the script"
t_eq "$(on offline tables)" "$(tables)" "tables"
t_eq "$(on offline applied)" "$(applied)" "applied"
t_eq "$(on offline user_dump)" "$(user_dump)" "user schema"

# --- merge -------------------------------------------------------------------

t_case "merge, then upgrade applies everything and ends at the merge"
branches
rt merge
t_status 0
mf=$(ls migrations | grep '_merge\.sql$')
[ -n "$mf" ] || t_fail "merge wrote no file"
rt heads
t_eq "$OUT" "${mf%.sql}" "one head after merge"
rt upgrade
t_status 0
t_eq "$(q "SELECT count(*) FROM retort_migrations")" 5 "applied"
t_eq "$(logged upgrade | awk '{print $NF}')" "${mf%.sql}" "the merge runs last"
rt status
t_status 0
rt status --json
t_json ".current == [\"${mf%.sql}\"]"

t_case "merge after one branch was applied: upgrade applies the other, then the merge"
branches
rt upgrade $B1
t_status 0
rt merge -m join
t_status 0
mf=$(ls migrations | grep '_join\.sql$')
rt upgrade
t_status 0
t_eq "$(logged upgrade)" "$R $B1 $A1 $A2 ${mf%.sql}" "upgrade order"
rt status
t_status 0

t_case "a merge revision with SQL of its own"
merged
rt upgrade
t_status 0
t_eq "$(applied)" "$R $A1 $B1 $A2 $M"
t_eq "$(tables)" "a1 a2 b1 m root"

# --- downgrade through a merge -------------------------------------------------

t_case "downgrade -1 from a merge reverts only the merge: two heads again"
merged
rt upgrade
rt downgrade
t_status 0
t_eq "$(applied)" "$R $A1 $B1 $A2"
t_eq "$(tables)" "a1 a2 b1 root"
rt status
t_status 3
rt status --json
t_json '.applied == 4 and .pending == 1'
t_json "(.current | sort) == [\"$B1\", \"$A2\"]"
rt upgrade
t_status 0
t_eq "$(applied)" "$R $A1 $B1 $A2 $M"

t_case "downgrade to the root reverts both branches and the merge, children first"
merged
rt upgrade
rt downgrade $R
t_status 0
t_eq "$(applied)" "$R"
t_eq "$(tables)" "root"
down=$(logged downgrade)
t_eq "$(echo "$down" | cut -d' ' -f1)" "$M" "the merge is reverted first"
case " $down " in
*" $A2 "*" $A1 "*) ;;
*) t_fail "a1 reverted before its child a2: $down" ;;
esac
case " $down " in *" $B1 "*) ;; *) t_fail "b1 not reverted: $down" ;; esac
case " $down " in *" $R "*) t_fail "the root was reverted: $down" ;; esac

t_case "downgrade base through a merge; upgrade heads back"
merged
rt upgrade
rt downgrade base
t_status 0
t_eq "$(applied)" ""
t_eq "$(tables)" ""
down=$(logged downgrade)
t_eq "$(echo "$down" | cut -d' ' -f1)" "$M" "the merge is reverted first"
t_eq "$(echo "$down" | awk '{print $NF}')" "$R" "the root is reverted last"
rt upgrade
t_status 0
t_eq "$(applied)" "$R $A1 $B1 $A2 $M"

t_case "downgrade --sql through a merge, run through the database's client"
merged
rt upgrade
rt downgrade --sql head:$R
t_status 0
printf '%s\n' "$OUT" >down.sql
run_sql down.sql || t_fail "the $RT_BACKEND client rejected the script"
t_eq "$(applied)" "$R"
t_eq "$(tables)" "root"

# --- graph errors ----------------------------------------------------------------

t_case "a missing parent is an error naming the file"
branches
t_mig 20260101000009_orphan 20260101000008_nowhere "SELECT 1;" "SELECT 1;"
empty=$(t_dump)
rt upgrade heads
t_status 1
t_err_has "20260101000009_orphan"
t_err_has "20260101000008_nowhere"
t_eq "$(t_dump)" "$empty" "upgrade ran on a broken graph"

t_case "a cycle is an error naming the files"
t_mig 20260101000001_x 20260101000002_y "SELECT 1;" "SELECT 1;"
t_mig 20260101000002_y 20260101000001_x "SELECT 1;" "SELECT 1;"
empty=$(t_dump)
rt upgrade
t_status 1
t_err_has "cycle"
t_err_has "20260101000001_x"
t_eq "$(t_dump)" "$empty" "upgrade ran on a cyclic graph"

drop_others
t_done
