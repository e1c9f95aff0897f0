#!/bin/sh
# t4002-schema-commands: diff, check, dump and new --autogenerate as
# commands: exit statuses, messages, rename decisions (given, asked on a
# terminal, recorded in the migration and read back), data-loss warnings.
# Mostly SQLite (t4003-pg-schema has the PostgreSQL side); --dump runs on both.
. "$(dirname "$0")/lib.sh"

A=20260101000001_create_cat

base() {
	t_mig $A "" "CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL);" \
		"DROP TABLE cat;"
	# names match case-insensitively, as SQLite resolves them
	cat >schema.sql <<-'EOF'
	-- the schema, written differently from the migration
	create table CAT (
	    ID integer primary key,
	    "name" text not null
	);
	EOF
}

# The schema file with column name renamed title.
retitled() {
	echo "CREATE TABLE cat (id INTEGER PRIMARY KEY, title TEXT NOT NULL);" >schema.sql
}

t_case "diff: equal schemas print nothing"
if t_only sqlite; then
	base
	rt diff
	t_status 0
	t_eq "$OUT" "" "diff output"
	rt diff --from dir://migrations --to file://schema.sql
	t_status 0
	t_eq "$OUT" ""
fi

t_case "diff: prints the SQL of the difference, exit 0"
if t_only sqlite; then
	base
	echo "CREATE INDEX cat_name ON cat (name);" >>schema.sql
	rt diff
	t_status 0
	t_eq "$OUT" "CREATE INDEX cat_name ON cat (name);"
	# the other way round
	rt diff --from file://schema.sql --to dir://migrations
	t_eq "$OUT" 'DROP INDEX "cat_name";'
fi

t_case "diff: a database URL as either side"
if t_only sqlite; then
	base
	rt upgrade
	t_status 0
	rt diff --from "$(t_url)" --to file://schema.sql
	t_status 0
	t_eq "$OUT" "" "retort's own tables are not part of the schema"
	rt diff --from sqlite:nothing.db --to "$(t_url)"
	t_out_has "CREATE TABLE cat"
	[ -f nothing.db ] && t_fail "diff created nothing.db"
fi

t_case "diff: a schema file error names file and line"
if t_only sqlite; then
	base
	printf 'CREATE TABLE a (x);\n\nCREATE TABLE b (y INTEGER,);\n' >bad.sql
	rt diff --to file://bad.sql
	t_status 1
	t_err_has "bad.sql:3:"
	t_err_has "syntax error"
	rt diff --to file://missing.sql
	t_status 1
	t_err_has "missing.sql"
	rt diff --from dir://nodir
	t_status 1
fi

t_case "diff: a failing migration of a dir:// source is named"
if t_only sqlite; then
	base
	t_mig 20260101000002_bad $A "ALTER TABLE nosuch ADD COLUMN x;"
	rt diff
	t_status 1
	t_err_has "applying 'dir://migrations'"
	t_err_has "20260101000002_bad"
fi

t_case "diff: file:// for PostgreSQL needs its server, said clearly"
if t_only sqlite; then
	base
	# the scratch database goes on the server of --url (or --dev-url):
	# none listens on port 1 (t4003 has the PostgreSQL side)
	rt diff -u postgres://u@127.0.0.1:1/db
	t_status 1
	t_err_has "could not connect to postgres://u@127.0.0.1:1/db"
fi

t_case "diff: a name with a newline stays inside the data-loss comment"
if t_only sqlite; then
	printf 'CREATE TABLE keep (id int);\nCREATE TABLE t (id int, "x\nDROP TABLE keep; --" text);\n' >a.sql
	printf 'CREATE TABLE keep (id int);\nCREATE TABLE t (id int);\n' >b.sql
	rt diff --from file://a.sql --to file://b.sql
	t_status 0
	t_out_has "data loss: drops column"
	printf '%s\n' "$OUT" >d.sql
	sqlite3 -bail x.db <a.sql || t_fail "setup"
	sqlite3 -bail x.db <d.sql || t_fail "sqlite3 rejected the diff"
	t_eq "$(t_sql x.db "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema ORDER BY name)")" \
		"keep t" "tables after the diff ran"
fi

t_case "diff: possible rename warned about, decided with --rename"
if t_only sqlite; then
	base
	retitled
	rt diff
	t_status 0
	t_err_has "column 'cat.name' dropped, 'cat.title' added"
	t_err_has "hint: if it is a rename, say so with --rename cat.name=title"
	t_err_has "data loss"
	t_out_has "rebuild"
	rt diff --rename cat.name=title
	t_status 0
	t_eq "$OUT" 'ALTER TABLE "cat" RENAME COLUMN "name" TO "title";'
	t_eq "$ERR" ""
	rt diff --rename cat.nosuch=title
	t_status 2
	t_err_has "cannot rename column 'cat.nosuch'"
	rt diff --rename cat.name
	t_status 2
	t_err_has "malformed rename 'cat.name'"
fi

t_case "diff --json and check --json: one object, check's exit status"
if t_only sqlite; then
	base
	rt check --json
	t_status 0
	t_json '.equal == true and .changes == 0 and .up == "" and .down == ""'
	retitled
	rt diff --json
	t_status 0
	t_json '.from == "dir://migrations" and .to == "file://schema.sql"'
	t_json '.equal == false and .changes > 0 and (.up | test("title"))'
	t_json '.rename_candidates == ["cat.name=title"] and .renames == []'
	rt diff --json --rename cat.name=title
	t_json '.renames == ["cat.name=title"] and .rename_candidates == []'
	t_json '(.up | test("RENAME COLUMN")) and (.down | test("RENAME COLUMN"))'
	rt check --json
	t_status 3
	t_json '.equal == false'
	t_eq "$ERR" "" "stderr of check --json"
fi

t_case "check: 0 when the schema file and the migrations agree"
if t_only sqlite; then
	base
	rt check
	t_status 0
	t_out_has "'schema.sql' matches the migrations in 'migrations'"
	rt -q check
	t_status 0
	t_eq "$OUT" ""
fi

t_case "check: 3 with the missing SQL when they differ"
if t_only sqlite; then
	base
	echo "CREATE TABLE dog (id INTEGER PRIMARY KEY);" >>schema.sql
	rt check
	t_status 3
	t_eq "$OUT" "CREATE TABLE dog (id INTEGER PRIMARY KEY);"
	t_err_has "'schema.sql' and the migrations in 'migrations' differ (1 change above)"
	t_err_has "retort new SLUG --autogenerate"
	rt check -s nosuch.sql
	t_status 1
fi

t_case "check: when a migration is newer than the schema file, the hint says the schema file may be behind"
if t_only sqlite; then
	base
	touch -d '2026-01-01 00:00:00' schema.sql
	t_mig 20260101000002_add_dog $A "CREATE TABLE dog (id INTEGER PRIMARY KEY);" "DROP TABLE dog;"
	rt check
	t_status 3
	t_err_has "'migrations/20260101000002_add_dog.sql' is newer than 'schema.sql'"
	t_err_has "retort diff --from file://schema.sql --to dir://migrations"
	# the other way round: the schema file was edited last
	touch -d '2026-01-01 00:00:00' migrations/*.sql
	touch schema.sql
	rt check
	t_status 3
	t_err_has "retort new SLUG --autogenerate"
	case "$ERR" in *"is newer than"*) t_fail "schema file edited last, still called behind: $ERR" ;; esac
fi

t_case "new --autogenerate: writes up and down, then check agrees"
if t_only sqlite; then
	base
	cat >>schema.sql <<-'EOF'
	CREATE TABLE toy (id INTEGER PRIMARY KEY, cat_id INTEGER REFERENCES cat (id), label TEXT);
	CREATE VIEW toys AS SELECT label FROM toy;
	EOF
	rt new add_toy --autogenerate
	t_status 0
	t_out_has "created migrations/"
	f=$(ls migrations/*_add_toy.sql)
	grep -q "^-- retort:parent $A\$" "$f" || t_fail "no parent line"
	grep -q "^-- generated by retort new --autogenerate from 'schema.sql'" "$f" ||
		t_fail "no header"
	sed -n '/retort:up/,/retort:down/p' "$f" | grep -q "CREATE VIEW toys" ||
		t_fail "up lacks the view"
	sed -n '/retort:down/,$p' "$f" | grep -q 'DROP TABLE "toy"' ||
		t_fail "down lacks the drop"
	rt check
	t_status 0
	rt upgrade
	t_status 0
	rt downgrade
	t_status 0
	t_eq "$(t_tables)" "cat"
fi

t_case "new --autogenerate: refuses when there is nothing to generate"
if t_only sqlite; then
	base
	rt new nothing --autogenerate
	t_status 1
	t_err_has "nothing to generate: 'schema.sql' matches the migrations"
	[ "$(ls migrations | wc -l)" -eq 1 ] || t_fail "a file was written"
	rt new x --rename a.b=c
	t_status 2
	t_err_has "--rename goes with --autogenerate"
fi

t_case "new --autogenerate: a rename is recorded and parses"
if t_only sqlite; then
	base
	retitled
	rt new rename_name --autogenerate --rename cat.name=title
	t_status 0
	f=$(ls migrations/*_rename_name.sql)
	grep -q "^-- retort:rename cat.name=title\$" "$f" || t_fail "not recorded"
	grep -q 'RENAME COLUMN "title" TO "name"' "$f" || t_fail "down not inverted"
	rt upgrade
	t_status 0
	t_eq "$(t_query "SELECT name FROM pragma_table_info('cat') ORDER BY cid" | tr '\n' ' ')" "id title "
	rt check
	t_status 0
fi

t_case "new --autogenerate: without a terminal, drop + add and a warning"
if t_only sqlite; then
	base
	retitled
	rt new retitle --autogenerate </dev/null
	t_status 0
	t_err_has "column 'cat.name' dropped, 'cat.title' added (both text)"
	t_err_has "--rename cat.name=title"
	f=$(ls migrations/*_retitle.sql)
	grep -q "data loss" "$f" || t_fail "the migration does not say it loses data"
	grep -q "retort:rename" "$f" && t_fail "a rename nobody decided"
fi

t_case "new --autogenerate: on a terminal it asks"
if t_only sqlite; then
	base
	retitled
	if script -qec "true" /dev/null >/dev/null 2>&1; then
		printf 'y\n' | script -qec "$RETORT new asked --autogenerate" /dev/null \
			>"$T_CASE_DIR/tty.out" 2>&1
		grep -q "is it a rename (cat.name=title)?" "$T_CASE_DIR/tty.out" ||
			{ t_fail "no question:"; cat "$T_CASE_DIR/tty.out"; }
		f=$(ls migrations/*_asked.sql 2>/dev/null)
		[ -n "$f" ] && grep -q "^-- retort:rename cat.name=title\$" "$f" ||
			t_fail "the answer was not recorded"
	else
		t_only none
	fi
fi

t_case "a recorded rename is read back by the next autogenerate"
if t_only sqlite; then
	base
	t_mig 20260101000002_retitle $A "ALTER TABLE cat RENAME COLUMN name TO title;" \
		"ALTER TABLE cat RENAME COLUMN title TO name;"
	# recorded as a decision in the header
	sed -i '1i -- retort:rename cat.name=title' migrations/20260101000002_retitle.sql
	t_mig 20260101000003_undo 20260101000002_retitle \
		"ALTER TABLE cat RENAME COLUMN title TO name;" ""
	retitled
	rt new again --autogenerate
	t_status 0
	f=$(ls migrations/*_again.sql)
	grep -q 'RENAME COLUMN "name" TO "title"' "$f" ||
		{ t_fail "the recorded decision was not used:"; cat "$f"; }
	grep -q "^-- retort:rename cat.name=title\$" "$f" || t_fail "not recorded again"
	t_eq "$ERR" "" "no warning for a decided rename"
fi

t_case "a malformed retort:rename is an error at its line"
if t_only sqlite; then
	base
	sed -i '1i -- retort:rename cat.name' migrations/$A.sql
	rt status
	t_status 1
	t_err_has "$A.sql:1: malformed 'retort:rename' 'cat.name'"
fi

t_case "a rebuild keeps rowids and the AUTOINCREMENT counter"
if t_only sqlite; then
	t_mig $A "" "CREATE TABLE cat (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
CREATE TABLE note (body TEXT);" ""
	rt upgrade
	t_status 0
	t_query "INSERT INTO cat (name) VALUES ('a'), ('b'), ('c');
		DELETE FROM cat WHERE id = 3;
		INSERT INTO note (rowid, body) VALUES (10, 'x'), (20, 'y');"
	cat >schema.sql <<-'EOF'
	CREATE TABLE cat (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '');
	CREATE TABLE note (body TEXT NOT NULL);
	EOF
	rt new tighten --autogenerate
	t_status 0
	rt upgrade
	t_status 0
	t_query "INSERT INTO cat (name) VALUES ('d')"
	t_eq "$(t_query "SELECT group_concat(id) FROM cat")" "1,2,4" "ids"
	t_eq "$(t_query "SELECT group_concat(rowid) FROM note")" "10,20" "rowids"
fi

t_case "dump: deterministic, loads back to an equal schema"
if t_only sqlite; then
	base
	cat >>schema.sql <<-'EOF'
	CREATE VIEW b_names AS SELECT name FROM a_names;
	CREATE VIEW a_names AS SELECT name FROM cat;
	CREATE INDEX cat_name ON cat (name) WHERE name <> '';
	CREATE TRIGGER cat_ins AFTER INSERT ON cat BEGIN SELECT 1; END;
	EOF
	rt new all --autogenerate
	t_status 0
	rt upgrade
	t_status 0
	rt dump
	t_status 0
	first=$OUT
	rt dump
	t_eq "$OUT" "$first" "second dump"
	case "$OUT" in *retort_*) t_fail "retort's tables dumped" ;; esac
	# views in dependency order, not name order
	t_eq "$(printf '%s\n' "$OUT" | grep -n 'VIEW' | cut -d: -f2 | cut -c1-22 | tr '\n' '|')" \
		"CREATE VIEW a_names AS|CREATE VIEW b_names AS|"
	printf '%s\n' "$OUT" >dump.sql
	rt diff --from file://dump.sql --to file://schema.sql
	t_status 0
	t_eq "$OUT" ""
	rt dump -u sqlite:nosuch.db
	t_status 1
	t_err_has "does not exist"
	[ -f nosuch.db ] && t_fail "dump created the database"
fi

t_case "upgrade --dump FILE / downgrade --dump FILE keep a schema dump current"
base
t_mig 20260101000002_add_note $A "CREATE TABLE note (id integer PRIMARY KEY, body text);" \
	"DROP TABLE note;"
mkdir -p db
rt upgrade --dump db/schema.sql
t_status 0
t_out_has "schema written to db/schema.sql"
rt dump
t_eq "$(cat db/schema.sql)" "$OUT" "the file is what dump prints"
t_file_has db/schema.sql "note"
rt downgrade --dump db/schema.sql
t_status 0
t_file_lacks db/schema.sql "note"
t_file_has db/schema.sql "cat"
ls db | grep -q tmp && t_fail "a temporary file was left in db/"
# a directory that is not there: refused before anything runs
rt upgrade --dump nosuch/schema.sql
t_status 1
t_err_has "nosuch/schema.sql: the directory does not exist"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 1 "applied rows"
rt upgrade --sql --dump db/schema.sql
t_status 2
# --dry-run runs nothing and writes nothing
rm db/schema.sql
rt upgrade --dry-run --dump db/schema.sql
t_status 0
[ -f db/schema.sql ] && t_fail "--dry-run wrote the dump"

t_done
