#!/bin/sh
# t1001-upgrade: upgrade, downgrade, status, stamp, verify, dry runs,
# --single-transaction, offline scripts, CSV loads and the audit trail, on a
# linear history; against SQLite and PostgreSQL (RT_BACKEND).
. "$(dirname "$0")/lib.sh"

# --- helpers of this family ------------------------------------------------

A=20260101000001_create_a
B=20260101000002_create_b
C=20260101000003_create_c
D=20260101000004_create_d

# Three linear migrations, each creating one table.
three() {
	t_mig $A "" "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);" \
		"DROP TABLE a;"
	t_mig $B $A "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT);" \
		"DROP TABLE b;"
	t_mig $C $B "CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT);" \
		"DROP TABLE c;"
}

count() {
	q "SELECT count(*) FROM $1"
}

# Start the case's database over, empty.
fresh_db() {
	rm -f "$T_CASE_DIR/retort.db"
	t_new_db
}

# --- upgrade -----------------------------------------------------------------

t_case "upgrade (default head) applies every migration in order"
three
rt upgrade
t_status 0
t_eq "$(tables)" "a b c"
t_eq "$(applied)" "$A $B $C"
t_eq "$(q "SELECT DISTINCT state || '/' || direction || '/' || statements_done FROM retort_migrations")" \
	"applied/up/0" "rows"
t_eq "$(echo "$OUT" | grep -o '2026010100000[0-9]_create_[a-z]' | tr '\n' ' ')" \
	"$A $B $C " "the order printed"
# checksums recorded are 64 hex digits
if [ "$RT_BACKEND" = mysql ]; then
	hex="checksum REGEXP '^[0-9a-f]{64}\$'"
else
	hex="length(checksum) = 64 AND ltrim(checksum, '0123456789abcdef') = ''"
fi
t_eq "$(q "SELECT count(*) FROM retort_migrations WHERE $hex")" 3 \
	"sha-256 checksums"
t_eq "$(q "SELECT count(*) FROM retort_migrations WHERE applied_at IS NULL
	OR CAST(applied_at AS $T_TEXT) NOT LIKE '20%' OR applied_by = ''")" 0 \
	"applied_at and applied_by filled"
# again: nothing to do, nothing changes
before=$(t_dump)
rt upgrade
t_status 0
t_eq "$(t_dump)" "$before" "a second upgrade changed the database"
rt upgrade head
t_status 0
t_eq "$(t_dump)" "$before" "upgrade head when up to date"

t_case "upgrade to a revision, a unique prefix; ambiguous and unknown fail"
three
rt upgrade 20260101000002
t_status 0
t_eq "$(tables)" "a b"
t_eq "$(applied)" "$A $B"
rt upgrade $C
t_status 0
t_eq "$(applied)" "$A $B $C"
fresh_db
before=$(t_dump)
rt upgrade 2026010100000
t_status 1
t_err_has "ambiguous"
t_err_has "retort: error:"
rt upgrade 20269
t_status 1
t_err_has "20269"
rt upgrade create_b # not a prefix: a revision starts with its id
[ "$RC" -ne 0 ] || t_fail "upgrade create_b succeeded"
t_eq "$(tables)" "" "tables after failed target resolution"
t_eq "$(applied)" "" "applied after failed target resolution"

t_case "upgrade +N applies N more"
three
rt upgrade +1
t_status 0
t_eq "$(applied)" "$A"
t_eq "$(tables)" "a"
rt upgrade +1
t_status 0
t_eq "$(applied)" "$A $B"
rt upgrade +1
t_status 0
t_eq "$(applied)" "$A $B $C"
fresh_db
rt upgrade +2
t_status 0
t_eq "$(applied)" "$A $B"
# upgrade -1 goes the wrong way: a usage error, nothing changes
before=$(t_dump)
rt upgrade -1
t_status 2
t_eq "$(t_dump)" "$before" "upgrade -1 changed the database"
rt upgrade +0
[ "$RC" -ne 0 ] || t_fail "upgrade +0 succeeded"
rt upgrade +x
[ "$RC" -ne 0 ] || t_fail "upgrade +x succeeded"
t_eq "$(t_dump)" "$before" "bad relative targets changed the database"

# --- downgrade -------------------------------------------------------------

t_case "downgrade (default -1) and -1 revert one migration each"
three
rt upgrade
rt downgrade
t_status 0
t_eq "$(applied)" "$A $B"
t_eq "$(tables)" "a b"
t_out_has "$C"
rt downgrade -1
t_status 0
t_eq "$(applied)" "$A"
t_eq "$(tables)" "a"

t_case "downgrade -N reverts N, newest first"
three
rt upgrade
rt downgrade -2
t_status 0
t_eq "$(applied)" "$A"
t_eq "$(tables)" "a"
t_eq "$(echo "$OUT" | grep -o '2026010100000[0-9]_create_[a-z]' | tr '\n' ' ')" \
	"$C $B " "the order printed"
rt downgrade +1
t_status 2
t_eq "$(applied)" "$A" "downgrade +1 changed the record"

t_case "downgrade to a revision (or prefix) keeps it and its ancestors"
three
rt upgrade
rt downgrade 20260101000001
t_status 0
t_eq "$(applied)" "$A"
t_eq "$(tables)" "a"
rt upgrade
rt downgrade $B
t_status 0
t_eq "$(applied)" "$A $B"
t_eq "$(tables)" "a b"
# a revision that is not applied is not a downgrade target
before=$(t_dump)
rt downgrade $C
[ "$RC" -ne 0 ] || t_fail "downgrade to an unapplied revision succeeded"
t_err_has "$C"
t_eq "$(t_dump)" "$before" "failed downgrade changed the database"

t_case "downgrade base reverts everything"
three
rt upgrade
rt downgrade base
t_status 0
t_eq "$(applied)" ""
t_eq "$(tables)" ""
t_eq "$(echo "$OUT" | grep -o '2026010100000[0-9]_create_[a-z]' | tr '\n' ' ')" \
	"$C $B $A " "the order printed"
# nothing left: a further downgrade changes nothing
before=$(t_dump)
rt downgrade
t_eq "$(t_dump)" "$before" "downgrade at base changed the database"

t_case "downgrade past an irreversible migration fails and reverts nothing"
three
t_mig $D $C "CREATE TABLE d (id INTEGER);" -
rt upgrade
before=$(t_dump)
rt downgrade base
t_status 1
t_err_has "irreversible"
t_err_has "$D"
t_eq "$(t_dump)" "$before" "a refused downgrade changed the database"

# --- status ------------------------------------------------------------------

t_case "status: exit 3 with pending migrations, 0 when up to date"
three
empty=$(t_dump)
rt status
t_status 3
t_out_has "pending"
t_out_has "0 applied, 3 pending"
t_eq "$(t_dump)" "$empty" "status created the database"
rt upgrade +1
rt status
t_status 3
t_out_has "1 applied, 2 pending"
t_eq "$(echo "$OUT" | grep "$A" | grep -c applied)" 1 "A shown applied"
t_eq "$(echo "$OUT" | grep "$B" | grep -c pending)" 1 "B shown pending"
t_eq "$(echo "$OUT" | grep "$C" | grep -c pending)" 1 "C shown pending"
rt upgrade
rt status
t_status 0
t_out_has "3 applied, 0 pending"
t_out_lacks "pending  "
# an applied revision whose file is gone is reported
mv migrations/$C.sql .
rt status
t_status 3
t_out_has "$C"
t_out_has "unknown"

t_case "status --json: the fields"
three
rt upgrade +1
rt status --json
t_status 3
if [ "$RT_BACKEND" = postgres ] || [ "$RT_BACKEND" = mysql ]; then
	# the case's URL, its password masked
	t_json ".database == \"$(t_url | sed 's|^\([a-z]*://[^:/@]*\):[^@]*@|\1:***@|')\""
	t_out_lacks ":$(printf '%s' "$DATABASE_URL" | sed 's|^[a-z]*://[^:/@]*:\([^@]*\)@.*|\1|')@"
else
	t_json '.database == "sqlite:retort.db"'
fi
t_json '.up_to_date == false and .applied == 1 and .pending == 2'
t_json '.partial == 0 and .edited == 0 and .unknown == 0'
t_json ".current == [\"$A\"]"
t_json '.revisions | length == 3'
t_json ".revisions[0].revision == \"$A\" and .revisions[0].state == \"applied\""
t_json ".revisions[0].file == \"migrations/$A.sql\""
t_json '.revisions[0].checksum | test("^[0-9a-f]{64}$")'
t_json '.revisions[0].applied_at | test("^20[0-9][0-9]-")'
t_json '.revisions[0].applied_by | length > 0'
t_json '.revisions[0].duration_ms >= 0'
t_json ".revisions[1].revision == \"$B\" and .revisions[1].state == \"pending\""
rt upgrade
rt --json status
t_status 0
t_json '.up_to_date == true and .applied == 3 and .pending == 0'
t_json ".current == [\"$C\"]"

# --- stamp -------------------------------------------------------------------

t_case "stamp head records every revision and runs nothing"
three
rt stamp head
t_status 0
t_eq "$(applied)" "$A $B $C"
t_eq "$(tables)" "" "stamp ran migrations"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'stamp'")" 3 \
	"stamp log rows"
rt status
t_status 0
# the record says up to date: upgrade runs nothing
rt upgrade
t_status 0
t_eq "$(tables)" "" "upgrade after stamp head"

t_case "stamp base removes the record only; stamp REV sets it to REV's ancestors"
three
rt upgrade
before=$(user_dump)
rt stamp base
t_status 0
t_eq "$(applied)" ""
t_eq "$(user_dump)" "$before" "stamp base touched user tables"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'unstamp'")" 3 \
	"unstamp log rows"
rt status
t_status 3
rt stamp $B
t_status 0
t_eq "$(applied)" "$A $B"
t_eq "$(user_dump)" "$before" "stamp REV touched user tables"
rt stamp 20260101000003
t_status 0
t_eq "$(applied)" "$A $B $C"
rt stamp $A
t_status 0
t_eq "$(applied)" "$A"
t_eq "$(user_dump)" "$before" "stamp touched user tables"
# relative targets and unknown revisions are refused, the record unchanged
rt stamp -1
[ "$RC" -ne 0 ] || t_fail "stamp -1 succeeded"
rt stamp nosuch
[ "$RC" -ne 0 ] || t_fail "stamp nosuch succeeded"
t_eq "$(applied)" "$A"

# --- verify and edits ----------------------------------------------------------

t_case "verify: 0 when files match, 3 after an edit of an applied file"
three
rt upgrade
rt verify
t_status 0
sed -i 's/v TEXT/v TEXT, w TEXT/' migrations/$B.sql
rt verify
t_status 3
t_out_has "$B"
t_out_lacks "$A"
rt status
t_status 3
t_out_has "edited"
rt status --json
t_json '.edited == 1 and .up_to_date == false'
t_json '.revisions[1].state == "edited"'
# a pending file may change freely
t_mig $D $C "CREATE TABLE d (id INTEGER);" "DROP TABLE d;"
sed -i 's/v TEXT, w TEXT/v TEXT/' migrations/$B.sql
rt verify
t_status 0
t_mig $D $C "CREATE TABLE d (id INTEGER, x TEXT);" "DROP TABLE d;"
rt verify
t_status 0

t_case "CRLF and trailing-whitespace rewrites of applied files are not edits"
three
printf '\n-- a comment\n' >>migrations/$C.sql
rt upgrade
t_status 0
for f in migrations/*.sql; do
	sed -i 's/;$/;   \t/; s/$/\r/' "$f"
	printf '\r\n\r\n  \n' >>"$f"
done
grep -q "$(printf '\r')" migrations/$A.sql || t_fail "the rewrite did not happen"
rt status
t_status 0
t_out_lacks "edited"
rt verify
t_status 0
rt upgrade
t_status 0
# and a file written with CRLF from the start applies
printf -- '-- retort:parent %s\r\n-- retort:up\r\nCREATE TABLE d (id INTEGER);\r\n-- retort:down\r\nDROP TABLE d;\r\n' $C \
	>migrations/$D.sql
rt upgrade
t_status 0
t_eq "$(tables)" "a b c d"
rt downgrade
t_status 0
t_eq "$(tables)" "a b c"

t_case "upgrade refuses after a real edit, naming the revision; stamp accepts it"
three
rt upgrade $B
sed -i 's/v TEXT/v TEXT NOT NULL/' migrations/$B.sql
before=$(t_dump)
rt upgrade
[ "$RC" -ne 0 ] || t_fail "upgrade went on past an edited migration"
t_err_has "$B"
t_eq "$(t_dump)" "$before" "refused upgrade changed the database"
rt upgrade $C
[ "$RC" -ne 0 ] || t_fail "upgrade REV went on past an edited migration"
t_eq "$(t_dump)" "$before" "refused upgrade changed the database"
rt stamp $B
t_status 0
t_eq "$(applied)" "$A $B" "stamp of the edited revision"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'stamp' AND revision = '$B'")" 1 \
	"the acceptance is logged"
rt verify
t_status 0
rt upgrade
t_status 0
t_eq "$(applied)" "$A $B $C"
t_eq "$(tables)" "a b c"

# --- dry run -----------------------------------------------------------------

t_case "upgrade --dry-run lists what would run and changes nothing"
three
rt upgrade +1
before=$(t_dump)
rt upgrade --dry-run
t_status 0
t_out_has "$B"
t_out_has "$C"
t_out_lacks "$A"
t_eq "$(t_dump)" "$before" "--dry-run changed the database"
rt upgrade -n $B
t_status 0
t_out_has "$B"
t_out_lacks "$C"
t_eq "$(t_dump)" "$before" "-n changed the database"
rt downgrade --dry-run base
t_status 0
t_out_has "$A"
t_eq "$(t_dump)" "$before" "downgrade --dry-run changed the database"

t_case "upgrade --dry-run on a new database creates nothing"
three
empty=$(t_dump)
rt upgrade --dry-run
t_status 0
t_out_has "$A"
t_out_has "$C"
t_eq "$(t_dump)" "$empty" "--dry-run created the database"

t_case "downgrade --dry-run lists newest first and changes nothing"
three
rt upgrade
before=$(t_dump)
rt downgrade --dry-run -2
t_status 0
t_eq "$(echo "$OUT" | grep -o '2026010100000[0-9]_create_[a-z]' | tr '\n' ' ')" \
	"$C $B " "dry run order"
t_eq "$(t_dump)" "$before" "downgrade --dry-run changed the database"

# --- single transaction --------------------------------------------------------

t_case "--single-transaction applies everything"
three
if ! t_skip_on mysql "DDL commits on its own, --single-transaction is refused (t3001)"; then
rt upgrade --single-transaction
t_status 0
t_eq "$(applied)" "$A $B $C"
t_eq "$(tables)" "a b c"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 3 \
	"upgrade log rows"
fi

t_case "a failure under --single-transaction leaves nothing applied"
three
if ! t_skip_on mysql "DDL commits on its own, --single-transaction is refused (t3001)"; then
t_mig $D $C "INSERT INTO c (id, v) VALUES (1, 'x');
INSERT INTO no_such_table VALUES (1);" "DELETE FROM c;"
rt upgrade +1
before=$(t_dump)
rt upgrade --single-transaction
t_status 1
t_err_has "$D"
t_err_has "no_such_table"
t_eq "$(t_dump)" "$before" "a failed --single-transaction run left changes"
# without it, the migrations before the failing one stay applied
rt upgrade
t_status 1
t_eq "$(applied)" "$A $B $C"
t_eq "$(count c)" 0 "the failed migration's first statement was rolled back"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'failure' AND revision = '$D'")" 1 \
	"the failure is logged"
fi

t_case "a failing migration points at its file and line, and is rolled back"
three
t_mig $D $C "INSERT INTO c (id, v) VALUES (1, 'x');
INSERT INTO c (id, v) VALUES (2, 'y');
INSERT INTO no_such_table VALUES (1);" "DELETE FROM c;"
rt upgrade
t_status 1
t_err_has "retort: error: migrations/$D.sql:5:"
t_err_has "statement 3"
t_eq "$(applied)" "$A $B $C"
t_eq "$(count c)" 0 "statements of the failed migration were kept"

# --- offline scripts -----------------------------------------------------------

t_case "upgrade --sql run through the database's client equals a live upgrade"
# statements whose ';' is not their end: a string, a comment-like string,
# and a trigger body (SQLite's BEGIN ... END, PostgreSQL's dollar quotes)
if [ "$RT_BACKEND" = postgres ]; then
	trigger='CREATE FUNCTION a_upper() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE a SET v = upper(v) WHERE id = new.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER a_upper AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION a_upper();'
	untrigger="DROP FUNCTION a_upper();"
elif [ "$RT_BACKEND" = mysql ]; then
	# a trigger may not change its own table: the row on its way in
	# (a BEGIN ... END body: the script puts it between DELIMITER lines)
	trigger="CREATE TRIGGER a_upper BEFORE INSERT ON a FOR EACH ROW
BEGIN
  IF NEW.id = 4 THEN SET NEW.v = upper(NEW.v); END IF;
END;"
	untrigger=""
else
	trigger="CREATE TRIGGER a_upper AFTER INSERT ON a BEGIN
  UPDATE a SET v = upper(v) WHERE id = new.id;
END;"
	untrigger=""
fi
t_mig $A "" "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL);
CREATE INDEX a_v ON a (v);
INSERT INTO a (id, v) VALUES (1, 'semi;colon'), (2, 'it''s'), (3, '-- not a comment');
$trigger" "DROP TABLE a;
$untrigger"
t_mig $B $A "CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT, note TEXT);
-- retort:load pets FROM 'pets.csv'
INSERT INTO a (id, v) VALUES (4, 'after load');" "DROP TABLE pets;"
t_mig $C $B "ALTER TABLE a ADD COLUMN w INTEGER DEFAULT 7;" \
	"ALTER TABLE a DROP COLUMN w;"
printf 'id,name,note\n1,"Rex, the dog",\n2,"Say ""hi""",""\n' >migrations/pets.csv
empty=$(t_dump)
other_db live
other_db offline
rt -u "$(on live t_url)" upgrade
t_status 0
t_eq "$(on live count pets) $(on live count a)" "2 4" "rows of the live run"
t_eq "$(on live t_query "SELECT v FROM a WHERE id = 4")" "AFTER LOAD" "the trigger ran"
# offline: no connection at all, not even to the URL given
if [ "$RT_BACKEND" = postgres ]; then
	rt -u postgres://nobody:pw@127.0.0.1:1/nowhere upgrade --sql
elif [ "$RT_BACKEND" = mysql ]; then
	rt -u mysql://nobody:pw@127.0.0.1:1/nowhere upgrade --sql
else
	rt -u sqlite:/nonexistent/dir/x.db upgrade --sql
fi
t_status 0
t_eq "$(t_dump)" "$empty" "upgrade --sql touched the case's database"
printf '%s\n' "$OUT" >up.sql
on offline run_sql up.sql || t_fail "the $RT_BACKEND client rejected the script"
t_eq "$(on offline user_dump)" "$(on live user_dump)" "user schema and rows"
sel="SELECT revision, checksum, state, direction, statements_done FROM retort_migrations ORDER BY revision"
t_eq "$(on offline t_query "$sel")" "$(on live t_query "$sel")" "retort_migrations rows"
t_eq "$(on offline t_query "SELECT count(*) FROM retort_migrations WHERE CAST(applied_at AS $T_TEXT) NOT LIKE '20%'")" 0 \
	"applied_at in the script"
sel="SELECT event, revision, direction, checksum FROM retort_log ORDER BY id"
t_eq "$(on offline t_query "$sel")" "$(on live t_query "$sel")" "retort_log rows"
# the offline database is as good as a live one
rt -u "$(on offline t_url)" status
t_status 0
rt -u "$(on offline t_url)" verify
t_status 0

t_case "upgrade --sql run as the guide says stops at a failed migration and records only what succeeded"
t_mig $A "" "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);" "DROP TABLE a;"
t_mig $B $A "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT);
INSERT INTO no_such_table VALUES (1);
INSERT INTO b (id, v) VALUES (1, 'x');" "DROP TABLE b;"
t_mig $C $B "CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT);" "DROP TABLE c;"
rt upgrade --sql
t_status 0
printf '%s\n' "$OUT" >up.sql
run_sql_plain up.sql && t_fail "the client ran a failing script to success"
grep -q no_such_table client.out || t_fail "the client did not report the failure: $(cat client.out)"
if [ "$RT_BACKEND" = mysql ]; then
	# DDL commits on its own: B's first statement stays, journaled
	t_eq "$(tables)" "a b" "tables after the failed script"
	t_eq "$(applied)" "$A $B" "revisions recorded by the failed script"
	t_eq "$(q "SELECT state || ' ' || statements_done FROM retort_migrations WHERE revision = '$B'")" \
		"partial 1" "the failed migration's row"
else
t_eq "$(tables)" "a" "tables after the failed script"
t_eq "$(applied)" "$A" "revisions recorded by the failed script"
fi
rt status
t_status 3
t_out_has "$B"

t_case "downgrade --sql run as the guide says stops at a failed migration and keeps its row"
t_mig $A "" "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);" "DROP TABLE a;"
t_mig $B $A "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT);" "DELETE FROM b;
DROP TABLE no_such_table;
DROP TABLE b;"
t_mig $C $B "CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT);" "DROP TABLE c;"
rt upgrade
t_status 0
q "INSERT INTO b (id, v) VALUES (1, 'kept')" >/dev/null
rt downgrade --sql head:base
t_status 0
printf '%s\n' "$OUT" >down.sql
run_sql_plain down.sql && t_fail "the client ran a failing script to success"
t_eq "$(tables)" "a b" "tables after the failed script"
t_eq "$(applied)" "$A $B" "revisions left recorded"
if [ "$RT_BACKEND" = mysql ]; then
	# the DELETE committed and is journaled: the down resumes after it
	t_eq "$(count b)" 0 "rows the failed down section deleted"
	t_eq "$(q "SELECT state || ' ' || direction || ' ' || statements_done FROM retort_migrations WHERE revision = '$B'")" \
		"partial down 1" "the failed migration's row"
else
t_eq "$(count b)" 1 "rows the failed down section deleted"
fi

t_case "upgrade --sql: a directory name with a newline and SQL in it stays inside the comment"
d=$(printf 'mig\n; DROP TABLE keep; --')
mkdir -p "$d"
printf -- '-- retort:up\nCREATE TABLE a (id INTEGER PRIMARY KEY);\n-- retort:down\nDROP TABLE a;\n' >"$d/$A.sql"
t_query "CREATE TABLE keep (id INTEGER)" >/dev/null
rt -d "$d" upgrade --sql
t_status 0
t_out_has "mig\\n; DROP TABLE keep; --/$A.sql"
printf '%s\n' "$OUT" >up.sql
run_sql_plain up.sql || t_fail "the client rejected the script: $(cat client.out)"
t_eq "$(tables)" "a keep" "tables after the script"
t_eq "$(applied)" "$A"

t_case "upgrade --sql FROM:TO scripts only that range"
three
rt upgrade +1
rt upgrade --sql $A:head
t_status 0
t_out_lacks "CREATE TABLE a "
t_out_has "CREATE TABLE b "
t_out_has "CREATE TABLE c "
printf '%s\n' "$OUT" >rest.sql
run_sql rest.sql || t_fail "the $RT_BACKEND client rejected the script"
t_eq "$(tables)" "a b c"
t_eq "$(applied)" "$A $B $C"
rt status
t_status 0
rt upgrade --sql $A:$B
t_status 0
t_out_has "CREATE TABLE b "
t_out_lacks "CREATE TABLE c "

t_case "downgrade --sql head:base reverts everything, newest first"
three
rt upgrade
rt downgrade --sql head:base
t_status 0
t_out_has "DROP TABLE a;"
t_out_has "DROP TABLE c;"
cpos=$(printf '%s\n' "$OUT" | grep -n 'DROP TABLE c;' | cut -d: -f1)
apos=$(printf '%s\n' "$OUT" | grep -n 'DROP TABLE a;' | cut -d: -f1)
[ "${cpos:-0}" -lt "${apos:-0}" ] || t_fail "c must be dropped before a"
printf '%s\n' "$OUT" >down.sql
run_sql down.sql || t_fail "the $RT_BACKEND client rejected the script"
t_eq "$(tables)" ""
t_eq "$(applied)" ""
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'downgrade'")" 3 \
	"downgrade log rows"

# --- CSV loads -------------------------------------------------------------------

t_case "retort:load loads a CSV (quotes, commas, empty = NULL); the down deletes"
t_mig $A "" "CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);" \
	"DROP TABLE pets;"
t_mig $B $A "-- retort:load pets FROM 'pets.csv'" "DELETE FROM pets WHERE id IN (1, 2, 3);"
printf 'id,name,note\n1,"Rex, the dog",\n2,"Say ""hi""",""\n3,plain,"two\nlines, too"\n' \
	>migrations/pets.csv
# the CSV path is relative to the migration file, not the working directory
mkdir sub
cd sub
if [ "$RT_BACKEND" = postgres ]; then
	rt -d ../migrations upgrade
	quote=quote_nullable typeof=pg_typeof
elif [ "$RT_BACKEND" = mysql ]; then
	rt -d ../migrations upgrade
	quote=quote typeof=""
else
	rt -d ../migrations -u sqlite:../retort.db upgrade
	quote=quote typeof=typeof
fi
cd ..
t_status 0
t_eq "$(count pets)" 3 "rows loaded"
t_eq "$(q "SELECT id, name, $quote(note) FROM pets ORDER BY id")" \
	"1|Rex, the dog|NULL
2|Say \"hi\"|''
3|plain|'two
lines, too'" "loaded values"
if [ -n "$typeof" ]; then
t_eq "$(q "SELECT $typeof(id) FROM pets GROUP BY 1")" integer \
	"the column's type applies"
fi
rt downgrade
t_status 0
t_eq "$(count pets)" 0 "rows after the down"
t_eq "$(applied)" "$A"

t_case "a bad CSV fails the migration, naming the CSV file, and loads nothing"
t_mig $A "" "CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT);" "DROP TABLE pets;"
t_mig $B $A "INSERT INTO pets VALUES (100, 'before');
-- retort:load pets FROM 'pets.csv'" "DELETE FROM pets;"
printf 'id,name\n1,one\n2,two,extra\n' >migrations/pets.csv
rt upgrade
t_status 1
t_err_has "pets.csv:3"
t_eq "$(applied)" "$A"
t_eq "$(count pets)" 0 "rows after a failed load"
rm migrations/pets.csv
rt upgrade
t_status 1
t_err_has "pets.csv"
t_eq "$(applied)" "$A"

# --- the audit trail -------------------------------------------------------------

t_case "retort_log: one upgrade row per applied migration, downgrade rows after"
three
rt upgrade
t_eq "$(q "SELECT revision FROM retort_log WHERE event = 'upgrade' ORDER BY id" | tr '\n' ' ')" \
	"$A $B $C " "upgrade rows"
# (where DDL is not transactional, each statement has its journal row)
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event <> 'statement'")" 3 "only upgrade rows"
t_eq "$(q "SELECT count(*) FROM retort_log l JOIN retort_migrations m USING (revision)
	WHERE l.direction = 'up' AND l.checksum = m.checksum AND l.duration_ms >= 0
	AND l.applied_by <> '' AND l.host <> '' AND l.retort_version <> ''
	AND CAST(l.at AS $T_TEXT) LIKE '20%'")" 3 \
	"upgrade rows carry direction, checksum, duration, user, host, version, time"
rt downgrade
t_eq "$(q "SELECT revision || ' ' || direction FROM retort_log WHERE event = 'downgrade'")" \
	"$C down" "downgrade row"
rt downgrade base
t_eq "$(q "SELECT revision FROM retort_log WHERE event = 'downgrade' ORDER BY id" | tr '\n' ' ')" \
	"$C $B $A " "downgrade rows"
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 3 \
	"upgrade rows stay (append-only)"
rt upgrade +1
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 4 \
	"a new upgrade row"

drop_others
t_case "--json: upgrade and downgrade print one JSON object an event, verify a report"
t_mig 20260101000000_a "" "CREATE TABLE a (id integer PRIMARY KEY);" "DROP TABLE a;"
rt upgrade --json
t_status 0
t_eq "$(printf '%s\n' "$OUT" | jq -r 'select(.event == "done") | .revision')" 20260101000000_a
t_eq "$(printf '%s\n' "$OUT" | jq -r 'select(.event == "done") | .duration_ms | type')" number
rt verify --json
t_status 0
t_eq "$(printf '%s\n' "$OUT" | jq -r '.ok')" true
echo "-- an edit" >>migrations/20260101000000_a.sql
rt verify --json
t_status 3
t_eq "$(printf '%s\n' "$OUT" | jq -r '.problems[0].problem')" edited
rt stamp 20260101000000_a
rt downgrade --json
t_status 0
t_eq "$(printf '%s\n' "$OUT" | jq -r 'select(.event == "done") | .direction')" down

t_done
