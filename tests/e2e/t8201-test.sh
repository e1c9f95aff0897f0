#!/bin/sh
# t8201-test: `retort test`, the migrations proving themselves on a scratch
# database, on SQLite (in memory), PostgreSQL and MariaDB (a database made
# on the server of --url and dropped again, also on SIGINT): a correct
# history passes; a down that forgets an index, a down that loses rows
# (with a test file), an edited applied migration, a malformed test file,
# two heads, a head that differs from schema.sql and a lint error each
# fail with exit 3 and say where; an irreversible migration ends the down
# checks; --from tests only what follows; --json.
. "$(dirname "$0")/lib.sh"

# DROP INDEX as the engine writes it
drop_index() {
	if [ "$RT_BACKEND" = mysql ]; then
		echo "DROP INDEX $1 ON $2;"
	else
		echo "DROP INDEX $1;"
	fi
}

# rt test, its pid kept in TEST_PID for t_scratch_left.
rt_test() {
	rtp test "$@"
	TEST_PID=$RT_PID
}

# A history of three: cat; its index and a title column filled from name
# (the down given as $1); dog.
history() {
	t_mig 20260101000000_cat "" \
		"CREATE TABLE cat (id integer PRIMARY KEY, name varchar(100));" \
		"DROP TABLE cat;"
	t_mig 20260102000000_title 20260101000000_cat \
		"CREATE INDEX cat_name ON cat (name);
ALTER TABLE cat ADD COLUMN title varchar(100);
UPDATE cat SET title = name;" "$1"
	t_mig 20260103000000_dog 20260102000000_title \
		"CREATE TABLE dog (id integer PRIMARY KEY);" \
		"DROP TABLE dog;"
}

good_down="ALTER TABLE cat DROP COLUMN title;
$(drop_index cat_name cat)"

seed_test() {
	mkdir -p migrations/tests
	cat >migrations/tests/20260102000000_title.sql <<'EOF'
-- two cats, both keep their title through the round trip
-- retort:before
INSERT INTO cat (id, name) VALUES (1, 'Tom'), (2, 'Felix');
-- retort:after
SELECT count(*) = 2 FROM cat WHERE title = name;
SELECT count(*) = 2 FROM cat;
EOF
}

t_case "a correct history passes: each revision up, down, up again"
history "$good_down"
seed_test
rt_test
t_status 0
t_out_has "ok 20260101000000_cat up ("
t_out_has "ok 20260102000000_title catalog after down: equals the catalog before the up"
t_out_has "ok 20260102000000_title data after up: 2 queries true"
t_out_has "ok 20260102000000_title data after round trip: 2 queries true"
t_out_has "ok 20260103000000_dog up again"
t_out_has "ok graph: one head, '20260103000000_dog'"
t_out_has "ok lint"
t_out_has ", 0 failed"
t_out_lacks "not ok"
t_eq "$(printf '%s\n' "$OUT" | tail -n 1 | sed 's/ (.*//')" "18 passed, 0 failed, 2 skipped"
# the database of --url is only read: nothing was migrated there
t_eq "$(tables)" ""
t_eq "$(t_scratch_left "$TEST_PID")" 0

t_case "a down that forgets an index: not ok, the SQL it lacks, exit 3"
history "ALTER TABLE cat DROP COLUMN title;"
rt_test
t_status 3
t_out_has "not ok 20260102000000_title catalog after down: differs from the catalog before the up (1 change)"
t_out_has "cat_name"
t_out_has "migrations/20260102000000_title.sql:"
# repaired to go on: the up again and the revisions after it run
t_out_has "ok 20260102000000_title up again"
t_out_has "ok 20260103000000_dog catalog after down"
t_eq "$(printf '%s\n' "$OUT" | tail -n 1 | sed 's/ (.*//')" "14 passed, 1 failed, 2 skipped"
t_eq "$(t_scratch_left "$TEST_PID")" 0

t_case "a down that loses rows: the test file's after query fails after the round trip"
history "ALTER TABLE cat DROP COLUMN title;
$(drop_index cat_name cat)
DELETE FROM cat WHERE name = 'Felix';"
seed_test
rt_test
t_status 3
t_out_has "ok 20260102000000_title data after up: 2 queries true"
t_out_has "ok 20260102000000_title catalog after down"
t_out_has "not ok 20260102000000_title data after round trip: query returned"
t_out_has "at migrations/tests/20260102000000_title.sql:5"
t_out_has "SELECT count(*) = 2 FROM cat WHERE title = name;"

t_case "an applied migration edited since: the checksums check fails"
history "$good_down"
rt upgrade
t_status 0
echo "-- an afterthought" >>migrations/20260102000000_title.sql
rt_test
t_status 3
t_out_has "not ok 20260102000000_title checksums: edited after it was applied"
t_out_has "in migrations/20260102000000_title.sql"
# the stairway still ran, on the scratch database
t_out_has "ok 20260103000000_dog up again"
t_eq "$(applied)" "20260101000000_cat 20260102000000_title 20260103000000_dog"

t_case "a malformed test file names file:line"
history "$good_down"
mkdir -p migrations/tests
printf -- '-- retort:before\nSELECT 1;\n-- retort:aftr\nSELECT 1;\n' \
	>migrations/tests/20260102000000_title.sql
printf -- '-- retort:after\nSELECT 1;\n' >migrations/tests/20260102000000_titel.sql
rt_test
t_status 3
t_out_has "not ok 20260102000000_title test files: unknown directive '-- retort:aftr' in a test file"
t_out_has "at migrations/tests/20260102000000_title.sql:3"
t_out_has "hint: did you mean '-- retort:after'?"
t_out_has "not ok test files: '20260102000000_titel.sql' names no migration"
t_out_has "hint: did you mean '20260102000000_title.sql'?"

t_case "an irreversible migration ends the down checks and says so"
t_mig 20260101000000_cat "" "CREATE TABLE cat (id integer PRIMARY KEY);" -
t_mig 20260102000000_dog 20260101000000_cat "CREATE TABLE dog (id integer PRIMARY KEY);" ""
rt_test
t_status 0
t_out_has "skip 20260101000000_cat down: irreversible (no down section): the down checks end here"
t_out_has "ok 20260102000000_dog up"
t_out_lacks "20260102000000_dog down"

t_case "--from REV tests only what follows it"
history "ALTER TABLE cat DROP COLUMN title;"
rt_test --from 20260102000000_title
t_status 0
t_out_has "ok 20260102000000_title from: upgraded to it (2 migrations)"
t_out_lacks "20260101000000_cat up"
t_out_lacks "20260102000000_title up"
t_out_has "ok 20260103000000_dog up again"
t_out_has "(1 of 3 migrations through the stairway"
rt_test --from 2026010100
t_status 3
t_out_has "not ok 20260102000000_title catalog after down"
rt_test --from nosuch
t_status 1
t_err_has "nosuch"

t_case "--from: a later migration that drops a column in use fails lint"
history "$good_down"
t_mig 20260104000000_drop 20260103000000_dog \
	"ALTER TABLE cat DROP COLUMN title;" \
	"ALTER TABLE cat ADD COLUMN title varchar(100);"
rt_test --from 20260103000000_dog
t_status 3
t_out_has "not ok lint: 1 error"
t_out_has "drop-column"

t_case "two heads: the graph check fails, naming them"
history "$good_down"
t_mig 20260104000000_bird 20260102000000_title "CREATE TABLE bird (id integer PRIMARY KEY);" "DROP TABLE bird;"
rt_test
t_status 3
t_out_has "not ok graph: 2 heads: '20260103000000_dog', '20260104000000_bird'"
t_out_has "retort merge"
t_out_has "ok 20260104000000_bird up again"

t_case "the head against schema.sql"
history "$good_down"
echo "CREATE TABLE cat (id integer PRIMARY KEY, name varchar(100), title varchar(100));
CREATE INDEX cat_name ON cat (name);
CREATE TABLE dog (id integer PRIMARY KEY);" >schema.sql
rt_test
t_status 0
t_out_has "ok schema: the head equals 'file://schema.sql'"
echo "CREATE TABLE bird (id integer PRIMARY KEY);" >>schema.sql
rt_test
t_status 3
t_out_has "not ok schema: the head differs from 'file://schema.sql' ("
t_out_has "bird"
t_eq "$(t_scratch_left "$TEST_PID")" 0

t_case "repeatable migrations: checked at the head and again over their own objects, not as part of the head's down"
history "$good_down"
# names reads the view of all: it comes after it; PostgreSQL will not
# drop a view another reads (CASCADE, and the ones after it run again)
cascade=""
[ "$RT_BACKEND" = postgres ] && cascade=" CASCADE"
printf -- '-- retort:repeatable\nDROP VIEW IF EXISTS cat_all%s;\nCREATE VIEW cat_all AS SELECT id, name FROM cat;\n' "$cascade" >migrations/R_all.sql
printf -- '-- retort:repeatable\n-- retort:after R_all\nDROP VIEW IF EXISTS cat_names;\nCREATE VIEW cat_names AS SELECT name FROM cat_all;\n' >migrations/R_names.sql
echo "CREATE TABLE cat (id integer PRIMARY KEY, name varchar(100), title varchar(100));
CREATE INDEX cat_name ON cat (name);
CREATE TABLE dog (id integer PRIMARY KEY);
CREATE VIEW cat_all AS SELECT id, name FROM cat;
CREATE VIEW cat_names AS SELECT name FROM cat_all;" >schema.sql
rt_test
t_status 0
# the head's down leaves the views alone, as a live downgrade does, and
# the stairway does not hold that against it
t_out_has "ok 20260103000000_dog catalog after down: equals the catalog before the up"
t_out_has "ok repeatable: 2 applied at the head"
t_out_has "ok repeatable again: applied again over their own objects: the same catalog"
t_out_has "ok schema: the head equals 'file://schema.sql'"
t_out_lacks "not ok"
# one that cannot run over its own objects (reading no other view: a
# CASCADE would take it away before it runs again)
printf -- '-- retort:repeatable\n\nCREATE VIEW cat_ids AS SELECT id FROM cat;\n' >migrations/R_ids.sql
echo "CREATE VIEW cat_ids AS SELECT id FROM cat;" >>schema.sql
rt_test
t_status 3
t_out_has "ok repeatable: 3 applied at the head"
t_out_has "not ok repeatable again: does not run again over its own objects"
t_out_has "migrations/R_ids.sql:3"
t_eq "$(t_scratch_left "$TEST_PID")" 0

t_case "--json: every check, the counts, ok false on a failure"
history "ALTER TABLE cat DROP COLUMN title;"
rt --json test
t_status 3
t_json '.ok == false and .failed == 1 and .migrations == 3 and .tested == 3'
t_json '[.checks[] | select(.status == "not ok")][0] | .revision == "20260102000000_title" and .check == "catalog after down" and (.detail | test("cat_name"))'
t_json '[.checks[] | select(.check == "up")] | length == 3'

t_case "a migration that does not parse: not ok parse with file:line, nothing run"
history "$good_down"
printf -- '-- retort:up\nCREATE TABLE x (id int);\n-- retort:sideways\n' >migrations/20260104000000_bad.sql
rt_test
t_status 3
t_out_has "not ok parse"
t_out_has "20260104000000_bad.sql:3"
t_out_lacks " up ("
t_eq "$(t_scratch_left "$TEST_PID")" 0

t_case "PostgreSQL: an online migration goes through the stairway (expand, contract, down)"
if t_only postgres; then
	t_mig 20260101000000_cat "" "CREATE TABLE cat (id bigint PRIMARY KEY, comment text, size text);
INSERT INTO cat SELECT g, 'c' || g, (g % 10)::text FROM generate_series(1, 50) g;" "DROP TABLE cat;"
	{
		echo "-- retort:parent 20260101000000_cat"
		echo "-- retort:online"
		echo "-- retort:up"
		echo "ALTER TABLE cat RENAME COLUMN comment TO message;"
		echo "ALTER TABLE cat ALTER COLUMN size TYPE integer USING size::integer;"
		echo "-- retort:down"
		echo "ALTER TABLE cat ALTER COLUMN size TYPE text USING size::text;"
		echo "ALTER TABLE cat RENAME COLUMN message TO comment;"
	} >migrations/20260102000000_online.sql
	mkdir -p migrations/tests
	printf -- '-- retort:after\nSELECT count(*) = 50 FROM cat WHERE message = %s;\n' \
		"'c' || id" >migrations/tests/20260102000000_online.sql
	rt_test
	t_status 0
	t_out_has "ok 20260102000000_online catalog after down: equals"
	t_out_has "ok 20260102000000_online data after round trip: 1 query true"
	t_out_lacks "retort_online"
fi

t_case "SIGINT: the scratch database is dropped, the exit is the signal's"
if ! t_skip_on sqlite "the scratch database is in memory"; then
	if [ "$RT_BACKEND" = mysql ]; then
		slow="SELECT SLEEP(20);"
	else
		slow="SELECT pg_sleep(20);"
	fi
	t_mig 20260101000000_slow "" "CREATE TABLE slow (id integer);
$slow" "DROP TABLE slow;"
	"$RETORT" test >out.txt 2>err.txt &
	TEST_PID=$!
	n=0
	while [ "$(t_scratch_left "$TEST_PID")" -eq 0 ] && [ "$n" -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.5
	t0=$(date +%s)
	kill -INT "$TEST_PID"
	wait "$TEST_PID"
	rc=$?
	took=$(($(date +%s) - t0))
	# the sleep is cancelled on the server, not waited for
	[ "$took" -lt 10 ] || t_fail "SIGINT took ${took}s to stop the test"
	t_eq "$rc" 130 "exit status after SIGINT"
	t_file_has err.txt "interrupted"
	t_eq "$(t_scratch_left "$TEST_PID")" 0
fi

t_done
