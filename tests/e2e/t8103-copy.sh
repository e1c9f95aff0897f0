#!/bin/sh
# t8103-copy: `-- retort:copy TABLE [(COL, ...)] FROM 'URL' QUERY '...'`
# (issue 14): another database's rows streamed into a table inside the
# migration's transaction, ${VAR} in the URL from the environment; a row
# that does not fit fails the migration with its position and leaves the
# database as it was; the password is never printed; `upgrade --sql`
# renders the rows read when the script is written and says so. The
# source is a SQLite file, and on PostgreSQL also another database of the
# server. SQLite, PostgreSQL and MySQL/MariaDB (where the CREATE TABLE
# before a failed copy stays committed, the revision partial, and the
# source may be another database of the MariaDB server).
. "$(dirname "$0")/lib.sh"

A=20260101000001_people

# the old application's database: a SQLite file
old_db() {
	rm -f "$T_DIR/old.db"
	sqlite3 "$T_DIR/old.db" "CREATE TABLE users (uid integer PRIMARY KEY,
		full_name text, years integer);
		INSERT INTO users VALUES (1, 'Ann', 30), (2, 'Bob''s', NULL),
			(3, 'Cy', 41);"
	OLD_DB=$T_DIR/old.db
	export OLD_DB
}

mig() {
	t_mig $A "" "CREATE TABLE person (id integer PRIMARY KEY, name text NOT NULL, age integer);
-- retort:copy person FROM 'sqlite:\${OLD_DB}' QUERY 'SELECT uid, full_name, years FROM users WHERE uid > 0 ORDER BY uid'
UPDATE person SET name = upper(name);" "DELETE FROM person;
DROP TABLE person;"
}

# nothing of the migration is left (retort_log keeps the failure); on
# MySQL, whose DDL commits on its own, its CREATE TABLE stays, empty, and
# the revision is partial after it
unchanged() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_eq "$(t_tables)" "person" "tables after the failure"
		t_eq "$(t_query "SELECT count(*) FROM person")" 0 "rows in person"
		t_eq "$(t_query "SELECT state, statements_done FROM retort_migrations")" \
			"partial|1" "the revision's row"
		return
	fi
	t_eq "$(t_tables)" "" "tables after the failure"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" "0" \
		"revisions recorded"
}

t_case "the rows arrive in the migration, NULLs and quotes kept"
old_db
mig
rt upgrade
t_status 0
t_eq "$(t_query "SELECT id || ':' || name || ':' || coalesce(CAST(age AS $T_TEXT), '-') FROM person ORDER BY id")" \
	"1:ANN:30
2:BOB'S:-
3:CY:41" "copied rows"
rt downgrade base
t_status 0
rt upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM person")" "3" "rows after downgrade/upgrade"

t_case "named columns: the query's columns go to them in order"
old_db
t_mig $A "" "CREATE TABLE person (id integer PRIMARY KEY, name text, note text DEFAULT 'old');
-- retort:copy person (name, id) FROM 'sqlite:\${OLD_DB}' QUERY 'SELECT full_name, uid + 100 FROM users'" -
rt upgrade
t_status 0
t_eq "$(t_query "SELECT id || name || note FROM person ORDER BY id")" \
	"101Annold
102Bob'sold
103Cyold" "rows by named columns"

t_case "a row that does not fit: the migration fails, names the row, changes nothing"
old_db
sqlite3 "$OLD_DB" "INSERT INTO users VALUES (4, NULL, 7)"
mig
rt upgrade
t_status 1
t_err_has "$A.sql:3"
t_err_has "retort:copy into 'person'"
if [ "$RT_BACKEND" != sqlite ]; then
	# COPY's line, and the row of a MySQL batch found again
	t_err_has "line 4"
else
	t_err_has "row 4 of the copy query"
fi
unchanged
rt status
t_status 3
if [ "$RT_BACKEND" = mysql ]; then
	t_out_has "stopped going up after statement 1"
	# the fixed source: the upgrade resumes at the copy
	sqlite3 "$OLD_DB" "DELETE FROM users WHERE uid = 4"
	rt upgrade
	t_status 0
	t_out_has "resume $A at statement 2"
	t_eq "$(t_query "SELECT count(*) FROM person")" 3 "rows after the resume"
else
	t_out_has "pending"
fi

t_case "a variable that is not set, a source that is not there"
old_db
mig
unset OLD_DB
rt upgrade
t_status 1
t_err_has "\${OLD_DB}, which is not set"
unchanged
OLD_DB=$T_DIR/none.db
export OLD_DB
rt upgrade
t_status 1
t_err_has "does not exist"
[ -e "$OLD_DB" ] && t_fail "the missing source was created"
unchanged

t_case "progress: an event every 10,000 rows and one when it ends"
sqlite3 "$T_DIR/many.db" "CREATE TABLE n (x integer);
	WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c
	WHERE x < 12000) INSERT INTO n SELECT x FROM c"
t_mig $A "" "CREATE TABLE n (x integer);
-- retort:copy n FROM 'sqlite:$T_DIR/many.db' QUERY 'SELECT x FROM n'" -
rt --json upgrade
t_status 0
t_out_has '"event": "progress", "direction": "up", "revision": "'$A'", "table": "n", "rows": 10000, "finished": false'
t_out_has '"rows": 12000, "finished": true'
t_eq "$(t_query "SELECT count(*), sum(x) FROM n")" "12000|72006000" "rows"

t_case "upgrade --sql: the rows read now, and a comment that says so"
old_db
mig
rt upgrade --sql
t_status 0
t_out_has "a script cannot stream from a database"
t_out_has "sqlite:\${OLD_DB}"
t_out_has "('2', 'Bob''s', NULL)"
t_out_has "3 rows copied"
if [ "$RT_BACKEND" = sqlite ]; then
	printf '%s\n' "$OUT" | sqlite3 -batch "$T_CASE_DIR/script.db" 2>&1
	t_eq "$(sqlite3 "$T_CASE_DIR/script.db" "SELECT group_concat(name, ',') FROM person")" \
		"ANN,BOB'S,CY" "the script's rows"
fi

t_case "from another PostgreSQL database: the password from \${VAR}, never printed"
if t_only postgres; then
	src=$(t_pg_url_for "t_t8103_source")
	psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS t_t8103_source" \
		-c "CREATE DATABASE t_t8103_source" >/dev/null
	psql -qX "$src" -c "CREATE TABLE users (uid int, full_name text, years int);
		INSERT INTO users SELECT g, 'user ' || g, g % 90 FROM generate_series(1, 500) g" >/dev/null
	# the server's URL with its password as ${SRC_PW}
	pw=$(printf '%s\n' "$src" | sed -n 's|^[a-z]*://[^:@]*:\([^@]*\)@.*$|\1|p')
	tmpl=$(printf '%s\n' "$src" | sed 's|^\([a-z]*://[^:@]*\):[^@]*@|\1:${SRC_PW}@|')
	t_mig $A "" "CREATE TABLE person (id integer PRIMARY KEY, name text NOT NULL, age integer);
-- retort:copy person FROM '$tmpl' QUERY 'SELECT uid, full_name, years FROM users ORDER BY uid'" -
	SRC_PW=wrong-pw rt upgrade
	t_status 1
	t_err_has "***"
	case "$ERR" in *wrong-pw*) t_fail "password printed: $ERR" ;; esac
	SRC_PW=$pw rt upgrade
	t_status 0
	t_eq "$(t_query "SELECT count(*), sum(id) FROM person")" "500|125250" "rows"
	case "$OUT$ERR" in *"$pw"*) t_fail "password printed" ;; esac
	psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS t_t8103_source WITH (FORCE)" >/dev/null
fi

t_case "from another MySQL database: the password from \${VAR}, never printed"
if t_only mysql; then
	src=$(t_pg_url_for "t_t8103_source")
	t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS t_t8103_source;
		CREATE DATABASE t_t8103_source"
	t_my "$src" -e "CREATE TABLE users (uid int, full_name text, years int);
		INSERT INTO users SELECT seq, CONCAT('user ', seq), seq % 90 FROM seq_1_to_500"
	pw=$(t_my_pw "$src")
	tmpl=$(printf '%s\n' "$src" | sed 's|^\([a-z]*://[^:@]*\):[^@]*@|\1:${SRC_PW}@|')
	t_mig $A "" "CREATE TABLE person (id integer PRIMARY KEY, name text NOT NULL, age integer);
-- retort:copy person FROM '$tmpl' QUERY 'SELECT uid, full_name, years FROM users ORDER BY uid'" -
	SRC_PW=wrong-pw rt upgrade
	t_status 1
	t_err_has "***"
	case "$ERR" in *wrong-pw*) t_fail "password printed: $ERR" ;; esac
	SRC_PW=$pw rt upgrade
	t_status 0
	t_eq "$(t_query "SELECT count(*), sum(id) FROM person")" "500|125250" "rows"
	case "$OUT$ERR" in *"$pw"*) t_fail "password printed" ;; esac
	t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS t_t8103_source"
fi

t_done
