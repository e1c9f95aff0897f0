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

t_json() {
	if ! command -v jq >/dev/null 2>&1; then
		t_fail "jq is not installed (needed for: $1)"
		return
	fi
	[ "$(printf '%s\n' "$OUT" | jq -c "$1" 2>/dev/null)" = true ] ||
		t_fail "JSON check failed: $1 on: $OUT"
}

# --- backend-neutral helpers ---------------------------------------------------

# t_query, but on SQLite nothing (and no file created) while the case has
# no database file.
q() {
	[ "$RT_BACKEND" = sqlite ] && [ ! -f "$T_CASE_DIR/retort.db" ] && return 0
	t_query "$1"
}

# How many objects (tables, indexes, ...) named in the SQL list $1 exist.
n_objects() {
	if [ "$RT_BACKEND" = postgres ]; then
		_n=$(q "SELECT count(*) FROM pg_class WHERE relname IN ($1)
			AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())")
	else
		_n=$(q "SELECT count(*) FROM sqlite_schema WHERE name IN ($1)")
	fi
	echo "${_n:-0}"
}

# User tables, space separated ("" when there is no database yet).
tables() {
	[ "$RT_BACKEND" = sqlite ] && [ ! -f "$T_CASE_DIR/retort.db" ] && return 0
	t_tables | grep -v '^sqlite_' | tr '\n' ' ' | sed 's/ $//'
}

# Revisions recorded in retort_migrations, space separated.
applied() {
	[ "$(n_objects "'retort_migrations'")" -eq 1 ] || return 0
	q "SELECT revision FROM retort_migrations ORDER BY revision" |
		tr '\n' ' ' | sed 's/ $//'
}

# Everything in the database but the retort_ tables: the user's schema
# and rows.
user_dump() {
	if [ "$RT_BACKEND" = postgres ]; then
		pg_dump --no-owner --no-privileges --inserts -T 'retort_*' "$DATABASE_URL" |
			grep -v '^--\|^SET \|^SELECT pg_catalog\|^\\\(un\)\{0,1\}restrict '
		return
	fi
	_db=$T_CASE_DIR/retort.db
	[ -f "$_db" ] || { echo "<no file>"; return; }
	for t in $(t_sql "$_db" "SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'retort\_%' ESCAPE '\\' ORDER BY name"); do
		sqlite3 -batch "$_db" ".dump $t"
	done
	t_sql "$_db" "SELECT type, name, sql FROM sqlite_master
		WHERE name NOT LIKE 'retort\_%' ESCAPE '\\' ORDER BY type, name"
}

# Run the SQL script $1 through the backend's own client (sqlite3, psql),
# stopping at the first error.
run_sql() {
	if [ "$RT_BACKEND" = postgres ]; then
		PGOPTIONS='-c client_min_messages=warning' \
			psql -qX -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$1" >/dev/null
	else
		sqlite3 -batch -bail "$T_CASE_DIR/retort.db" <"$1"
	fi
}

# A second database of the case, NAME: NAME/retort.db on SQLite, a
# database of its own on PostgreSQL (dropped by drop_others).
T_OTHERS=""
other_db() {
	if [ "$RT_BACKEND" = postgres ]; then
		psql -qX "$RT_PG_URL" -c "CREATE DATABASE \"${T_PG_DB}_$1\"" >/dev/null
		T_OTHERS="$T_OTHERS ${T_PG_DB}_$1"
	else
		mkdir -p "$T_CASE_DIR/$1"
	fi
}

# on NAME CMD [ARG...]: CMD (t_url, t_query, tables, applied, user_dump,
# run_sql, ...) against the second database NAME instead of the case's.
on() {
	_on=$1
	shift
	(
		if [ "$RT_BACKEND" = postgres ]; then
			DATABASE_URL=$(t_pg_url_for "${T_PG_DB}_$_on")
		else
			T_CASE_DIR=$T_CASE_DIR/$_on
		fi
		"$@"
	)
}

drop_others() {
	for _d in $T_OTHERS; do
		psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$_d\" WITH (FORCE)" \
			>/dev/null 2>&1
	done
	T_OTHERS=""
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
