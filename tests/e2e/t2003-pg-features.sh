#!/bin/sh
# t2003-pg-features: PostgreSQL features. `-- retort:load` through COPY
# (quoting, NULLs, a bad CSV), --schema-name and the URL's search_path,
# statement splitting (dollar quotes, BEGIN ATOMIC), errors mapped to
# file:line, `upgrade --sql` scripts that psql runs, quoted identifiers and
# no password in scripts. PostgreSQL only.
if [ "${RT_BACKEND:-sqlite}" != postgres ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

# --- helpers of this family ------------------------------------------------

PASSWORD=retort-test-pw

has_opt() {
	{ "$RETORT" --help; "$RETORT" upgrade --help; } 2>&1 | grep -q -- "$1"
}

t_skip() {
	echo "  # skip: $*"
	[ "$T_CASE_FAILED" -eq 0 ] && T_CASE_SKIP=1
}

no_password() {
	case "$OUT$ERR" in *"$PASSWORD"*) t_fail "output shows the password" ;; esac
}

# A second database of the case (its URL printed), dropped at the end of
# the family; its name is kept in a file, as $(...) runs in a subshell.
new_extra_db() {
	_db="${T_PG_DB}_$1"
	psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$_db\"" >/dev/null 2>&1
	psql -qX "$RT_PG_URL" -c "CREATE DATABASE \"$_db\"" >/dev/null
	echo "$_db" >>"$T_DIR/extra_dbs"
	t_pg_url_for "$_db"
}
drop_extra_dbs() {
	[ -f "$T_DIR/extra_dbs" ] || return 0
	for _db in $(cat "$T_DIR/extra_dbs"); do
		psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$_db\" WITH (FORCE)" >/dev/null 2>&1
	done
	rm -f "$T_DIR/extra_dbs"
}
trap 'cd /; drop_extra_dbs; t_drop_db; rm -rf "$T_DIR"' EXIT

R1=20260101000001_items
R2=20260101000002_load

# items, and a migration loading migrations/items.csv into it.
load_setup() {
	t_mig $R1 "" "CREATE TABLE items (id integer PRIMARY KEY, name text, note text, qty integer);" \
		"DROP TABLE items;"
	cat >migrations/$R2.sql <<EOF
-- retort:parent $R1
-- retort:up
-- retort:load items FROM 'items.csv'
-- retort:down
DELETE FROM items WHERE id BETWEEN 1 AND 5;
EOF
}

# --- retort:load ------------------------------------------------------------

t_case "retort:load: quoted fields, commas, quotes and newlines inside quotes, NULLs; and its down"
load_setup
printf '%s\r\n' 'id,name,note,qty' >migrations/items.csv
cat >>migrations/items.csv <<'EOF'
1,plain,simple,10
2,"with, comma","say ""hi""",20
3,"two
lines","a;b",
4,,"",0
5,"  spaced  ",NULL,5
EOF
rt upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM items")" 5 "rows loaded"
t_eq "$(t_query "SELECT name FROM items WHERE id = 2")" "with, comma"
t_eq "$(t_query "SELECT note FROM items WHERE id = 2")" 'say "hi"'
t_eq "$(t_query "SELECT name = E'two\\nlines' FROM items WHERE id = 3")" t "newline inside quotes"
t_eq "$(t_query "SELECT note FROM items WHERE id = 3")" "a;b"
t_eq "$(t_query "SELECT qty IS NULL FROM items WHERE id = 3")" t "empty unquoted field is NULL"
t_eq "$(t_query "SELECT name IS NULL FROM items WHERE id = 4")" t "empty unquoted name is NULL"
t_eq "$(t_query "SELECT note IS NOT NULL AND note = '' FROM items WHERE id = 4")" t "quoted empty field is ''"
t_eq "$(t_query "SELECT '[' || name || ']' FROM items WHERE id = 5")" "[  spaced  ]" "spaces kept"
t_eq "$(t_query "SELECT note FROM items WHERE id = 5")" "NULL" "the text NULL stays text"
t_eq "$(t_query "SELECT sum(qty) FROM items")" 35
rt downgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM items")" 0 "rows after the downgrade"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 1 "applied rows after the downgrade"

t_case "retort:load goes through COPY (an INSERT rule that drops rows does not fire)"
load_setup
printf 'id,name\n1,a\n2,b\n' >migrations/items.csv
rt upgrade $R1
t_status 0
t_query "CREATE RULE items_drop AS ON INSERT TO items DO INSTEAD NOTHING" >/dev/null
rt upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM items")" 2 "rows loaded despite the INSERT rule"

t_case "retort:load with a wrong field count: names the CSV file:line, nothing applied"
t_mig $R1 "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
cat >migrations/$R2.sql <<EOF
-- retort:parent $R1
-- retort:up
CREATE TABLE items (id integer PRIMARY KEY, name text);
-- retort:load items FROM 'items.csv'
-- retort:down
DROP TABLE items;
EOF
printf 'id,name\n1,a\n2,"b\nb"\n3,c,extra\n4,d\n' >migrations/items.csv
rt upgrade
t_status 1
t_err_has "retort: error: "
t_err_has "items.csv:5"
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 'items'")" 0 "table items"
t_eq "$(t_query "SELECT revision FROM retort_migrations")" "$R1" "applied revisions"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE revision = '$R2' AND event = 'upgrade'")" 0 "upgrade rows of $R2"
t_eq "$(t_tables)" "base" "user tables"

t_case "COPY FROM STDIN / TO STDOUT in a migration: a clear error pointing at retort:load, nothing applied"
t_mig $R1 "" "CREATE TABLE base (id integer);" "DROP TABLE base;"
t_mig $R2 $R1 "CREATE TABLE items (id integer);
COPY items FROM STDIN;" "DROP TABLE items;"
rt upgrade
t_status 1
t_err_has "COPY FROM STDIN cannot run in a migration"
t_err_has "retort:load"
t_err_has "$R2.sql:4"
t_eq "$(t_query "SELECT revision FROM retort_migrations")" "$R1" "applied revisions"
t_eq "$(t_tables)" "base" "user tables"
t_mig $R2 $R1 "CREATE TABLE items (id integer);
COPY base TO STDOUT;" "DROP TABLE items;"
rt upgrade
t_status 1
t_err_has "COPY TO STDOUT cannot run in a migration"
t_eq "$(t_tables)" "base" "user tables after COPY TO STDOUT"
# the connection is usable again: the failure was logged
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE revision = '$R2' AND event = 'failure'")" 2 "failures logged"

t_case "quoted identifiers: load into a table named \"select\" with columns \"Order\" and \"unit price\""
t_mig $R1 "" 'CREATE TABLE "select" (id integer PRIMARY KEY, "Order" integer, "unit price" numeric, "user" text);' \
	'DROP TABLE "select";'
cat >migrations/$R2.sql <<EOF
-- retort:parent $R1
-- retort:up
-- retort:load "select" FROM 'sel.csv'
-- retort:down
DELETE FROM "select";
EOF
printf 'id,Order,unit price,user\n1,7,1.50,"x""y"\n2,8,,\n' >migrations/sel.csv
rt upgrade
t_status 0
t_eq "$(t_query 'SELECT "Order" || '"'|'"' || "unit price" || '"'|'"' || "user" FROM "select" WHERE id = 1')" '7|1.50|x"y'
t_eq "$(t_query 'SELECT count(*) FROM "select" WHERE "unit price" IS NULL')" 1
rt upgrade --sql
t_status 0
t_out_has '"Order"'
t_out_has '"unit price"'
t_out_has '"user"'
t_out_has 'INSERT INTO "select"'
no_password

# --- --schema-name and search_path -----------------------------------------

schema_setup() {
	t_query "CREATE SCHEMA app" >/dev/null
	t_mig $R1 "" "CREATE TABLE items (id integer PRIMARY KEY, name text);" "DROP TABLE items;"
	cat >migrations/$R2.sql <<EOF
-- retort:parent $R1
-- retort:up
-- retort:load items FROM 'items.csv'
CREATE VIEW items_v AS SELECT * FROM items;
-- retort:down
DROP VIEW items_v;
DELETE FROM items;
EOF
	printf 'id,name\n1,a\n2,b\n' >migrations/items.csv
}

in_schema() {
	t_query "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = '$1'"
}

schema_checks() {
	t_eq "$(in_schema app)" "items items_v retort_log retort_migrations" "tables in schema app"
	t_eq "$(in_schema public)" "" "tables in schema public"
	t_eq "$(t_query "SELECT count(*) FROM app.items")" 2 "rows in app.items"
	t_eq "$(t_query "SELECT count(*) FROM app.retort_migrations")" 2 "rows in app.retort_migrations"
}

t_case "--schema-name app: migrations and retort's tables live in app"
if has_opt --schema-name; then
	schema_setup
	rt --schema-name app upgrade
	t_status 0
	schema_checks
	rt --schema-name app status
	t_status 0
	# without it, retort looks in public and finds nothing applied
	rt status
	t_status 3
	rt --schema-name app downgrade base
	t_status 0
	t_eq "$(in_schema app)" "retort_log retort_migrations" "tables in app after downgrade base"
else
	t_skip "retort has no --schema-name yet"
fi

t_case "--schema-name with a name that needs quoting (\"My App\")"
if has_opt --schema-name; then
	t_query 'CREATE SCHEMA "My App"' >/dev/null
	t_mig $R1 "" "CREATE TABLE items (id integer);" "DROP TABLE items;"
	rt --schema-name "My App" upgrade
	t_status 0
	t_eq "$(in_schema "My App")" "items retort_log retort_migrations" "tables in \"My App\""
else
	t_skip "retort has no --schema-name yet"
fi

t_case "the URL's ?search_path=app: migrations and retort's tables live in app"
schema_setup
rt -u "$DATABASE_URL?search_path=app" upgrade
t_status 0
no_password
schema_checks
rt -u "$DATABASE_URL?search_path=app" status
t_status 0
rt -u "$DATABASE_URL?search_path=app" downgrade base
t_status 0
t_eq "$(in_schema app)" "retort_log retort_migrations" "tables in app after downgrade base"

t_case "two schemas of one database are two projects: each its own retort tables"
t_query "CREATE SCHEMA s1; CREATE SCHEMA s2" >/dev/null
t_mig $R1 "" "CREATE TABLE items (id integer);" "DROP TABLE items;"
rt -u "$DATABASE_URL?search_path=s1" upgrade
t_status 0
rt -u "$DATABASE_URL?search_path=s2" status
t_status 3
rt -u "$DATABASE_URL?search_path=s2" upgrade
t_status 0
t_eq "$(in_schema s1)" "items retort_log retort_migrations" "tables in s1"
t_eq "$(in_schema s2)" "items retort_log retort_migrations" "tables in s2"

# --- statement splitting and error positions --------------------------------

FN=20260101000001_functions
functions_mig() {
	cat >migrations/$FN.sql <<'EOF'
-- retort:up
CREATE TABLE counter (n integer NOT NULL);
INSERT INTO counter VALUES (0);
-- a plpgsql body full of semicolons
CREATE FUNCTION bump(by integer) RETURNS integer AS $$
DECLARE
  r integer;
BEGIN
  UPDATE counter SET n = n + by;
  SELECT n INTO r FROM counter; -- a comment; with a semicolon
  RETURN r;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION tagged() RETURNS text AS $body$
BEGIN
  RETURN 'a;b' || $$;$$;
END;
$body$ LANGUAGE plpgsql;
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql
BEGIN ATOMIC
  SELECT x + 0;
  SELECT x * 2;
END;
/* a block comment; with a semicolon */
CREATE TABLE after_fns (id integer);
-- retort:down
DROP TABLE after_fns;
DROP FUNCTION twice(integer);
DROP FUNCTION tagged();
DROP FUNCTION bump(integer);
DROP TABLE counter;
EOF
}

t_case "dollar-quoted plpgsql bodies and a BEGIN ATOMIC body are split correctly"
functions_mig
rt upgrade
t_status 0
t_eq "$(t_query "SELECT bump(5)")" 5 "bump(5)"
t_eq "$(t_query "SELECT tagged()")" "a;b;" "tagged()"
t_eq "$(t_query "SELECT twice(21)")" 42 "twice(21)"
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE tablename = 'after_fns'")" 1 "table after_fns"
rt downgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM pg_proc WHERE proname IN ('bump', 'tagged', 'twice')")" 0 "functions after downgrade"

t_case "dollar quotes and BEGIN ATOMIC in a transaction=false section: statement by statement"
functions_mig
sed -i 's/^-- retort:up$/-- retort:up transaction=false/' migrations/$FN.sql
rt upgrade
t_status 0
t_eq "$(t_query "SELECT twice(4) + bump(1)")" 9
t_eq "$(t_query "SELECT statement FROM retort_log WHERE event = 'statement' AND revision = '$FN' ORDER BY id" | tr '\n' ' ')" \
	"1 2 3 4 5 6 " "statements journaled"

t_case "an error inside a multi-line 3rd statement: file:line of the error's position"
cat >migrations/20260101000001_bad.sql <<'EOF'
-- retort:up
CREATE TABLE t1 (id integer);
CREATE TABLE t2 (id integer);
-- the third statement:
INSERT INTO t1 (id)
  SELECT id
  FROM t2
  WHERE no_such_column = 1;
CREATE TABLE t4 (id integer);
-- retort:down
DROP TABLE t2;
DROP TABLE t1;
EOF
rt upgrade
t_status 1
t_err_has "retort: error: "
t_err_has "migrations/20260101000001_bad.sql:8"
t_err_has 'column "no_such_column" does not exist'
t_eq "$(t_tables)" "" "user tables"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0 "rows in retort_migrations"

t_case "an error without a position in the 3rd statement: file:line where it starts"
cat >migrations/20260101000001_bad.sql <<'EOF'
-- retort:up
CREATE TABLE t1 (id integer);
/* two
   lines */
CREATE TABLE t2 (id integer);

INSERT INTO t1
  VALUES (1 / (SELECT count(*) FROM t2)::integer);
-- retort:down
DROP TABLE t2;
DROP TABLE t1;
EOF
rt upgrade
t_status 1
t_err_has "migrations/20260101000001_bad.sql:7"
t_err_has "division by zero"
t_eq "$(t_tables)" "" "user tables"

t_case "a syntax error in the 3rd statement of a transaction=false section: its file:line, partial after 2"
cat >migrations/20260101000001_bad.sql <<'EOF'
-- retort:up transaction=false
CREATE TABLE t1 (id integer);
CREATE TABLE t2 (id integer);
CREATE TABLE t3 (id integer,
  name text
  name2 text);
CREATE TABLE t4 (id integer);
-- retort:down transaction=false
DROP TABLE t2;
DROP TABLE t1;
EOF
rt upgrade
t_status 1
t_err_has "migrations/20260101000001_bad.sql:6"
t_err_has "syntax error"
t_eq "$(t_query "SELECT state || '|' || statements_done FROM retort_migrations")" "partial|2" "the partial row"

# --- upgrade --sql ----------------------------------------------------------

sql_migs() {
	t_mig $R1 "" "CREATE TABLE items (id integer PRIMARY KEY, \"Name\" text, note text);
CREATE FUNCTION add1(x integer) RETURNS integer AS \$\$
BEGIN
  RETURN x + 1; -- ; inside
END;
\$\$ LANGUAGE plpgsql;
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql
BEGIN ATOMIC
  SELECT x * 2;
END;" "DROP FUNCTION twice(integer);
DROP FUNCTION add1(integer);
DROP TABLE items;"
	cat >migrations/$R2.sql <<EOF
-- retort:parent $R1
-- retort:up
-- retort:load items FROM 'items.csv'
-- retort:down
DELETE FROM items;
EOF
	printf 'id,Name,note\n1,"a, b","x\ny"\n2,,"it'"'"'s"\n' >migrations/items.csv
	cat >migrations/20260101000003_idx.sql <<EOF
-- retort:parent $R2
-- retort:up transaction=false
CREATE INDEX CONCURRENTLY items_note ON items (note);
-- retort:down transaction=false
DROP INDEX CONCURRENTLY items_note;
EOF
}

rows_of() {
	psql -qXAt -v ON_ERROR_STOP=1 "$1" -c "SELECT revision || '|' || checksum || '|' || state || '|' || direction FROM retort_migrations ORDER BY 1"
}

t_case "upgrade --sql against a postgres URL: psql runs the script on a fresh database, same retort_migrations rows"
sql_migs
FRESH=$(new_extra_db sql)
rt -u "$FRESH" upgrade --sql
t_status 0
no_password
SCRIPT=$OUT
t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0 \
	"tables created by upgrade --sql"
printf '%s\n' "$SCRIPT" >script.sql
if psql -qX -v ON_ERROR_STOP=1 "$FRESH" -f - <script.sql >psql.out 2>&1; then
	:
else
	t_fail "psql failed on the script: $(cat psql.out)"
fi
rt upgrade
t_status 0
t_eq "$(rows_of "$FRESH")" "$(rows_of "$DATABASE_URL")" "retort_migrations rows, script vs upgrade"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM retort_migrations")" 3 "rows from the script"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 3 "upgrade rows from the script"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT \"Name\" || '|' || note FROM items WHERE id = 1")" "$(t_query "SELECT \"Name\" || '|' || note FROM items WHERE id = 1")" \
	"loaded row 1, script vs upgrade"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT \"Name\" IS NULL, note FROM items WHERE id = 2")" "t|it's" "loaded row 2 from the script"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT add1(1) + twice(2)")" 6 "functions from the script"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_note'::regclass")" t \
	"index from the script"
# and retort agrees that the scripted database is up to date
rt -u "$FRESH" status
t_status 0

t_case "upgrade --sql FROM:TO and downgrade --sql scripts run in psql"
sql_migs
FRESH=$(new_extra_db sql2)
rt -u "$FRESH" upgrade --sql "base:$R1"
t_status 0
printf '%s\n' "$OUT" | psql -qX -v ON_ERROR_STOP=1 "$FRESH" -f - >psql.out 2>&1 || t_fail "psql (to $R1): $(cat psql.out)"
rt -u "$FRESH" upgrade --sql "$R1:head"
t_status 0
printf '%s\n' "$OUT" | psql -qX -v ON_ERROR_STOP=1 "$FRESH" -f - >psql.out 2>&1 || t_fail "psql ($R1 to head): $(cat psql.out)"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM retort_migrations")" 3 "rows after two scripts"
rt -u "$FRESH" downgrade --sql "head:base"
t_status 0
no_password
printf '%s\n' "$OUT" | psql -qX -v ON_ERROR_STOP=1 "$FRESH" -f - >psql.out 2>&1 || t_fail "psql (downgrade): $(cat psql.out)"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM retort_migrations")" 0 "rows after the downgrade script"
t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'retort%'")" 0 \
	"user tables after the downgrade script"

t_case "upgrade --sql with --schema-name app or ?search_path=app: the script runs in app"
if has_opt --schema-name; then
	sql_migs
	FRESH=$(new_extra_db sql3)
	psql -qX "$FRESH" -c "CREATE SCHEMA app" >/dev/null
	rt -u "$FRESH" --schema-name app upgrade --sql
	t_status 0
	printf '%s\n' "$OUT" | psql -qX -v ON_ERROR_STOP=1 "$FRESH" -f - >psql.out 2>&1 || t_fail "psql: $(cat psql.out)"
	t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM app.retort_migrations")" 3 "rows in app.retort_migrations"
	t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM app.items")" 2 "rows in app.items"
	t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0 "tables in public"
	# the URL's search_path too
	FRESH=$(new_extra_db sql4)
	psql -qX "$FRESH" -c "CREATE SCHEMA app" >/dev/null
	rt -u "$FRESH?search_path=app" upgrade --sql
	t_status 0
	printf '%s\n' "$OUT" | psql -qX -v ON_ERROR_STOP=1 "$FRESH" -f - >psql.out 2>&1 || t_fail "psql: $(cat psql.out)"
	t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'app'")" 3 \
		"tables in app (?search_path=app script)"
	t_eq "$(psql -qXAt "$FRESH" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0 \
		"tables in public (?search_path=app script)"
else
	t_skip "retort has no --schema-name yet"
fi

t_case "passwords never appear: --sql scripts, status, errors, verbose output"
sql_migs
rt -v -u "$DATABASE_URL" upgrade --sql
no_password
rt -v upgrade
t_status 0
no_password
rt -v status
no_password
rt --json status
no_password
rt -v history
no_password
# an error from the server, and a failing load
t_mig 20260101000004_bad 20260101000003_idx "SELECT * FROM no_such_table;" "SELECT 1;"
rt -v upgrade
t_status 1
no_password
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE coalesce(message, '') LIKE '%$PASSWORD%' OR applied_by LIKE '%$PASSWORD%' OR host LIKE '%$PASSWORD%'")" \
	0 "log rows holding the password"

drop_extra_dbs
t_done
