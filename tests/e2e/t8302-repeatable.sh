#!/bin/sh
# t8302-repeatable: repeatable migrations (R_<slug>.sql with
# -- retort:repeatable) on SQLite, PostgreSQL and MariaDB: upgrade to the
# head applies them after the versioned ones, in the order their
# -- retort:after lines give, whenever the file's checksum differs from
# the one last applied (a row in retort_migrations under the R_ name);
# each run is in retort_log; status lists them applied, changed or
# pending (exit 3); a failing one leaves its old row; an upgrade short of
# the head leaves them; a downgrade leaves their objects and forgets the
# rows; malformed files and cycles are errors naming file:line.
. "$(dirname "$0")/lib.sh"

base() {
	t_mig 20260101000000_cat "" \
		"CREATE TABLE cat (id integer PRIMARY KEY, name varchar(100));
INSERT INTO cat (id, name) VALUES (1, 'tom');" \
		"DROP TABLE cat;"
	t_mig 20260102000000_dog 20260101000000_cat \
		"CREATE TABLE dog (id integer PRIMARY KEY);" "DROP TABLE dog;"
	# names reads the view all: it comes after it
	cat >migrations/R_names.sql <<'EOF'
-- the names of every cat
-- retort:repeatable
-- retort:after R_all
DROP VIEW IF EXISTS cat_names;
CREATE VIEW cat_names AS SELECT name FROM cat_all;
EOF
	# (PostgreSQL will not drop a view another reads: CASCADE, and the
	# ones after it run again)
	cascade=""
	[ "$RT_BACKEND" = postgres ] && cascade=" CASCADE"
	cat >migrations/R_all.sql <<EOF
-- retort:repeatable
DROP VIEW IF EXISTS cat_all$cascade;
CREATE VIEW cat_all AS SELECT id, name FROM cat;
EOF
}

t_case "upgrade applies them after the versioned ones, in their after order"
base
rt status
t_status 3
t_out_has "pending  R_all"
t_out_has "2 repeatable to apply"
rt upgrade
t_status 0
t_eq "$OUT" "$(printf '%s\n' "$OUT" | sed -n 1,2p)
$(printf '%s\n' "$OUT" | sed -n 3,4p)"
t_eq "$(printf '%s\n' "$OUT" | sed -n 's/^up   \([^ ]*\).*/\1/p' | tr '\n' ' ')" \
	"20260101000000_cat 20260102000000_dog R_all R_names "
t_eq "$(t_query "SELECT name FROM cat_names")" tom
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'repeatable' ORDER BY id" | tr '\n' ' ')" "R_all R_names "
rt status
t_status 0
t_out_has "applied  R_names"
rt status --json
t_json '.repeatable_pending == 0 and ([.repeatables[].state] == ["applied", "applied"])'
# nothing changed: nothing runs
rt upgrade
t_status 0
t_eq "$OUT" ""

t_case "a changed file is applied again, alone; each run is logged"
base
rt upgrade -q
t_status 0
sed -i 's/SELECT name FROM cat_all/SELECT upper(name) AS name FROM cat_all/' migrations/R_names.sql
rt status
t_status 3
t_out_has "changed  R_names"
t_out_has "applied  R_all"
rt upgrade
t_status 0
t_eq "$(printf '%s\n' "$OUT" | sed 's/ (.*//')" "up   R_names"
t_eq "$(t_query "SELECT name FROM cat_names")" TOM
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'repeatable' AND revision = 'R_names'")" 2
rt status
t_status 0
# one that changes runs the ones after it again
echo "-- a comment" >>migrations/R_all.sql
rt upgrade
t_status 0
t_eq "$(printf '%s\n' "$OUT" | sed 's/ (.*//' | tr '\n' ' ')" "up   R_all up   R_names "
t_eq "$(t_query "SELECT name FROM cat_names")" TOM

t_case "a failing one leaves its old row and is logged; the versioned ones stay"
base
rt upgrade -q
t_status 0
sed -i 's/FROM cat_all/FROM no_such_view/' migrations/R_names.sql
# (SQLite makes a view of a table that is not there: a query fails)
echo "SELECT * FROM no_such_view;" >>migrations/R_names.sql
t_mig 20260103000000_fish 20260102000000_dog \
	"CREATE TABLE fish (id integer PRIMARY KEY);" "DROP TABLE fish;"
rt upgrade
t_status 1
t_err_has "migration 'R_names' failed"
t_err_has "R_names.sql"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE revision = '20260103000000_fish'")" 1
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'failure' AND revision = 'R_names'")" 1
rt status
t_status 3
t_out_has "changed  R_names"
# fixed: it runs
sed -i 's/FROM no_such_view/FROM cat_all/; $d' migrations/R_names.sql
sed -i 's/SELECT name/SELECT name, 1 AS one/' migrations/R_names.sql
rt upgrade
t_status 0
t_out_has "up   R_names"

t_case "an upgrade short of the head leaves them; --dry-run lists them"
base
rt upgrade 20260101000000_cat
t_status 0
t_out_lacks "R_all"
rt upgrade --dry-run
t_status 0
t_out_has "R_all"
t_out_has "R_names"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 1

t_case "a downgrade leaves their objects and forgets their rows"
base
rt upgrade -q
t_status 0
rt downgrade
t_status 0
t_out_has "down 20260102000000_dog"
t_eq "$(t_query "SELECT name FROM cat_names")" tom
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE revision LIKE 'R%'")" 0
rt status
t_status 3
t_out_has "pending  R_all"
rt upgrade
t_status 0
t_out_has "up   R_all"
t_out_has "up   R_names"

t_case "upgrade --sql applies them after the versioned ones; downgrade --sql forgets their rows"
base
rt upgrade --sql
t_status 0
printf '%s\n' "$OUT" >up.sql
t_eq "$(grep -n '^-- \(up\|repeatable\) ' up.sql | sed 's/^[0-9]*:-- //; s/ (.*//' | tr '\n' ' ')" \
	"up 20260101000000_cat up 20260102000000_dog repeatable R_all repeatable R_names "
run_sql up.sql || t_fail "the client rejected the script: $(cat up.sql)"
t_eq "$(t_query "SELECT name FROM cat_names")" tom
rt status
t_status 0
t_out_has "applied  R_names"
t_eq "$(t_query "SELECT revision FROM retort_log WHERE event = 'repeatable' ORDER BY id" | tr '\n' ' ')" "R_all R_names "
# a live upgrade finds nothing to do; a script from the head applies
# them again (it cannot know what changed) and still leaves one row each
rt upgrade
t_status 0
t_eq "$OUT" ""
rt upgrade --sql head:
t_status 0
printf '%s\n' "$OUT" >again.sql
run_sql again.sql || t_fail "the client rejected the second script: $(cat again.sql)"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE revision LIKE 'R%'")" 2
rt downgrade --sql head:20260101000000_cat
t_status 0
printf '%s\n' "$OUT" >down.sql
run_sql down.sql || t_fail "the client rejected the downgrade script: $(cat down.sql)"
t_eq "$(t_query "SELECT name FROM cat_names")" tom "the objects stay"
t_eq "$(t_query "SELECT revision FROM retort_migrations")" 20260101000000_cat
rt status
t_status 3
t_out_has "pending  R_all"

t_case "malformed repeatable files and cycles are errors naming file:line"
base
printf -- '-- retort:repeatable\n-- retort:after R_names\nSELECT 1;\n' >migrations/R_all.sql
rt status
t_status 1
t_err_has "cycle"
t_err_has "R_all.sql:2"
printf -- '-- retort:repeatable\n-- retort:after R_nope\nSELECT 1;\n' >migrations/R_all.sql
rt status
t_status 1
t_err_has "R_all.sql:2: repeatable migration 'R_all' comes after 'R_nope', which does not exist"
printf -- 'SELECT 1;\n' >migrations/R_all.sql
rt status
t_status 1
t_err_has "R_all.sql:1"
t_err_has "has no '-- retort:repeatable'"
printf -- '-- retort:repeatable\n-- retort:up\nSELECT 1;\n' >migrations/R_all.sql
rt status
t_status 1
t_err_has "R_all.sql:2: 'retort:up' in a repeatable migration"
rm migrations/R_all.sql
printf -- '-- retort:repeatable\nDROP VIEW IF EXISTS cat_names;\n' >migrations/R_names.sql
printf -- '-- retort:after R_names\n' >>migrations/20260102000000_dog.sql
rt status
t_status 1
t_err_has "20260102000000_dog.sql:"
t_err_has "'retort:after' orders repeatable migrations"
printf -- '-- retort:repeatable\n' >migrations/20260103000000_x.sql
sed -i '$d' migrations/20260102000000_dog.sql
rt status
t_status 1
t_err_has "20260103000000_x.sql:1: '-- retort:repeatable' in a versioned migration"

if [ "$RT_BACKEND" = postgres ]; then
	t_case "PostgreSQL: a function and its trigger, replaced when the file changes"
	t_mig 20260101000000_cat "" \
		"CREATE TABLE cat (id integer PRIMARY KEY, name text, seen text);" \
		"DROP TABLE cat;"
	cat >migrations/R_cat_seen.sql <<'EOF'
-- retort:repeatable
CREATE OR REPLACE FUNCTION cat_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.seen := 'v1';
	RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS cat_seen ON cat;
CREATE TRIGGER cat_seen BEFORE INSERT ON cat FOR EACH ROW EXECUTE FUNCTION cat_seen();
EOF
	rt upgrade
	t_status 0
	t_query "INSERT INTO cat (id, name) VALUES (1, 'tom')"
	t_eq "$(t_query "SELECT seen FROM cat")" v1
	sed -i "s/'v1'/'v2'/" migrations/R_cat_seen.sql
	rt upgrade
	t_status 0
	t_out_has "up   R_cat_seen"
	t_query "INSERT INTO cat (id, name) VALUES (2, 'felix')"
	t_eq "$(t_query "SELECT seen FROM cat WHERE id = 2")" v2
fi

t_done
