#!/bin/sh
# t8002-import-fixtures: `retort import` of goose, golang-migrate and
# Flyway projects (tests/import/, written to the tools' documented
# formats; the tools are not packaged here). Each is applied part way as
# the tool would have (its up SQL run, its version table written as the
# tool writes it); then status lists exactly the rest, upgrade reaches the
# directory's head (diff empty), downgrade base then upgrade reproduces
# the catalog, and the tool's table is unchanged. Then bad input: unknown
# tool, a second import, two files with one version, an unreadable file,
# a missing down, a dirty golang-migrate, a version without a file:
# clear messages, nothing written, the database unchanged (SQLite only).
# SQLite, PostgreSQL and MySQL/MariaDB.
. "$(dirname "$0")/lib.sh"

FIX=$T_ROOT/tests/import
if [ "$RT_BACKEND" = mysql ]; then
	# MySQL indexes no text column without a prefix length, and its
	# DROP INDEX names the table: the fixtures, so adjusted, in a copy
	cp -r "$FIX" "$T_DIR/import"
	FIX=$T_DIR/import
	find "$FIX" -name '*.sql' -exec sed -i 's/ADD COLUMN email text;/ADD COLUMN email varchar(255);/;
		s/^DROP INDEX users_email;/DROP INDEX users_email ON users;/' {} +
fi

# Run each named file's SQL (golang-migrate/Flyway files are plain SQL;
# for goose, the lines up to "-- +goose Down").
apply() {
	for f in "$@"; do
		sql=$(sed '/^-- +goose Down/,$d; /^--/d' "$f")
		t_query "$sql" >/dev/null || t_fail "applying $f"
	done
}

if [ "$RT_BACKEND" = postgres ]; then
	BOOL_T=true
	BOOL_F=false
	SERIAL="serial PRIMARY KEY"
elif [ "$RT_BACKEND" = mysql ]; then
	BOOL_T=1
	BOOL_F=0
	SERIAL="int AUTO_INCREMENT PRIMARY KEY"
else
	BOOL_T=1
	BOOL_F=0
	SERIAL="INTEGER PRIMARY KEY AUTOINCREMENT"
fi

# The import with the case's database, then the checks. $1 tool, $2 its
# table, $3 the pending revisions' slugs (after the id), space-ended.
check_import() {
	tool=$1 table=$2
	before=$(t_query "SELECT * FROM $table ORDER BY 1")
	rt -u "$(t_url)" import "$tool" "$FIX/$tool"
	t_status 0
	t_out_has "imported $tool"
	rt status
	t_status 3
	got=$(printf '%s\n' "$OUT" | sed -n 's/^ *pending  *[0-9]*_\([0-9a-z_]*\).*/\1/p' | tr '\n' ' ')
	t_eq "$got" "$3" "pending after import"
	rt upgrade
	t_status 0
	rt dump
	first=$OUT
	# the fixtures' last migration (seed data) has no down: downgrade
	# stops there; unrecorded by hand (stamp), the rest goes down
	last=$(ls migrations | tail -n 1)
	prev=$(ls migrations | tail -n 2 | head -n 1)
	rt downgrade base
	t_status 1
	t_err_has "'${last%.sql}' is irreversible"
	t_query "DELETE FROM users" >/dev/null
	rt stamp "${prev%.sql}"
	t_status 0
	rt downgrade base
	t_status 0
	t_eq "$(t_tables | grep -v sqlite_sequence)" "$table" "tables after downgrade base"
	rt upgrade
	t_status 0
	rt dump
	t_eq "$OUT" "$first" "catalog after downgrade base and upgrade"
	t_eq "$(t_query "SELECT * FROM $table ORDER BY 1")" "$before" \
		"$table unchanged"
	t_query "DROP TABLE $table" >/dev/null
	rt diff --dev-url "$(t_url)" --from dir://migrations --to "$(t_url)"
	t_status 0
	t_eq "$OUT" "" "diff between the directory and the database"
}

t_case "goose: latest row per version wins; NO TRANSACTION kept"
# goose applied 10 and then rolled it back
apply "$FIX/goose/1_create_users.sql" "$FIX/goose/2_add_email.sql"
t_query "CREATE TABLE goose_db_version (id $SERIAL, version_id bigint NOT NULL,
	is_applied boolean NOT NULL, tstamp timestamp DEFAULT CURRENT_TIMESTAMP);
INSERT INTO goose_db_version (version_id, is_applied) VALUES
	(0, $BOOL_T), (1, $BOOL_T), (2, $BOOL_T), (10, $BOOL_T), (10, $BOOL_F)" \
	>/dev/null
check_import goose goose_db_version "v10_posts v11_seed "
f=$(ls migrations/*_v2_add_email.sql)
t_file_has "$f" "^-- retort:up transaction=false"
t_file_has "$f" "^-- retort:down transaction=false"
t_file_has "$f" "^-- imported from goose: .*2_add_email.sql (version 2, add_email)"

t_case "golang-migrate: every version up to the table's is applied"
apply "$FIX/golang-migrate/000001_create_users.up.sql" \
	"$FIX/golang-migrate/000002_add_email.up.sql"
t_query "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY,
	dirty boolean NOT NULL);
INSERT INTO schema_migrations VALUES (2, $BOOL_F)" >/dev/null
check_import golang-migrate schema_migrations "v000003_posts v000004_seed "

t_case "flyway: successful rows applied, a failed one pending"
apply "$FIX/flyway/V1__create_users.sql" "$FIX/flyway/V1_1__add_email.sql"
t_query "CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY,
	version varchar(50), description varchar(200) NOT NULL,
	type varchar(20) NOT NULL, script varchar(1000) NOT NULL,
	checksum integer, installed_by varchar(100) NOT NULL,
	installed_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
	execution_time integer NOT NULL, success boolean NOT NULL);
INSERT INTO flyway_schema_history (installed_rank, version, description,
	type, script, checksum, installed_by, execution_time, success) VALUES
	(1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1, 'me', 3, $BOOL_T),
	(2, '1.1', 'add email', 'SQL', 'V1_1__add_email.sql', 2, 'me', 3, $BOOL_T),
	(3, '2', 'posts', 'SQL', 'V2__posts.sql', 3, 'me', 3, $BOOL_F)" >/dev/null
check_import flyway flyway_schema_history "v2_posts v10_seed "
t_file_has "$(ls migrations/*_v1_1_add_email.sql)" "^-- retort:up transaction=false"

# --- bad input (the same on every engine: SQLite only) -------------------
# (no case databases made on the other engines for cases they skip)
if [ "$RT_BACKEND" = sqlite ]; then
	t_case "unknown tool: usage error naming the tools"
	rt import liquibase "$FIX/goose"
	t_status 2
	t_err_has "unknown tool 'liquibase'"
	t_err_has "dbmate, goose, golang-migrate, sql-migrate"

	t_case "a second import into the same directory is refused"
	rt import goose "$FIX/goose"
	t_status 0
	ls migrations >list1
	rt import goose "$FIX/goose"
	t_status 1
	t_err_has "'migrations' is not empty"
	ls migrations >list2
	t_eq "$(cat list2)" "$(cat list1)" "files after the refusal"

	t_case "two files with one version: both named, nothing written"
	cp -r "$FIX/goose" g
	cp g/2_add_email.sql g/002_again.sql
	rt import goose g
	t_status 1
	t_err_has "two migrations have version '2'"
	t_err_has "g/002_again.sql"
	t_err_has "g/2_add_email.sql"
	t_eq "$(ls -A migrations)" "" "files"
	t_eq "$(ls -A . | grep retort-import)" "" "temporary directory left"

	t_case "an unreadable file, a statement before the marker: file:line"
	mkdir fw
	cp -r "$FIX"/flyway/* fw/
	ln -s /nonexistent/V3__x.sql fw/V3__gone.sql
	rt import flyway fw
	t_status 1
	t_err_has "fw/V3__gone.sql"
	rm fw/V3__gone.sql
	printf 'DELETE FROM users;\n-- +goose Up\nSELECT 1;\n' >x.sql
	mkdir g && cp "$FIX"/goose/* g/ && mv x.sql g/12_early.sql
	rt import goose g
	t_status 1
	t_err_has "g/12_early.sql:1: goose: statement before '-- +goose Up'"
	t_eq "$(ls -A migrations)" "" "files"

	t_case "a missing down: the dry run says irreversible"
	rt import golang-migrate "$FIX/golang-migrate" --dry-run
	t_status 0
	t_out_has "4 migrations, 1 irreversible"
	t_out_has "v000004_seed  from $FIX/golang-migrate/000004_seed.up.sql [irreversible: no down in the source]"
	t_eq "$(ls -A migrations)" "" "files after --dry-run"
	rt import golang-migrate "$FIX/golang-migrate"
	t_file_lacks "$(ls migrations/*_seed.sql)" "retort:down"
	t_file_has "$(ls migrations/*_seed.sql)" "^-- irreversible"

	t_case "dirty golang-migrate: refused with what to do, nothing written"
	t_query "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY,
		dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (3, 1)"
	before=$(t_dump)
	rt -u "$(t_url)" import golang-migrate "$FIX/golang-migrate"
	t_status 1
	t_err_has "version 3 is dirty"
	t_err_has "migrate force 3"
	t_eq "$(ls -A migrations)" "" "files"
	t_eq "$(t_dump)" "$before" "database"

	t_case "a version in the table without a file; retort state already there"
	t_query "CREATE TABLE gorp_migrations (id text PRIMARY KEY, applied_at datetime);
		INSERT INTO gorp_migrations VALUES ('9_gone.sql', NULL)"
	mkdir sm
	printf -- '-- +migrate Up\nCREATE TABLE a (id int);\n-- +migrate Down\nDROP TABLE a;\n' >sm/1_a.sql
	before=$(t_dump)
	rt -u "$(t_url)" import sql-migrate sm
	t_status 1
	t_err_has "gorp_migrations' names version '9_gone.sql'"
	t_eq "$(ls -A migrations)" "" "files"
	t_eq "$(t_dump)" "$before" "database"
	t_query "DELETE FROM gorp_migrations; INSERT INTO gorp_migrations VALUES ('1_a.sql', NULL);
		CREATE TABLE a (id int)"
	mkdir -p m2 && printf -- '-- retort:up\nSELECT 1;\n' >m2/20240101000000_x.sql
	rt -u "$(t_url)" -d m2 stamp head
	t_status 0
	before=$(t_dump)
	rt -u "$(t_url)" import sql-migrate sm
	t_status 1
	t_err_has "already has retort state"
	t_eq "$(ls -A migrations)" "" "files"
	t_eq "$(t_dump)" "$before" "database"

	t_case "--json; out of order applied; SRC as DIR refused"
	t_query "CREATE TABLE goose_db_version (id $SERIAL, version_id bigint NOT NULL,
		is_applied boolean NOT NULL);
	INSERT INTO goose_db_version (version_id, is_applied) VALUES
		(0, 1), (1, 1), (10, 1)"
	rt -u "$(t_url)" import goose "$FIX/goose" --dry-run --json
	t_status 0
	t_json '(.migrations | length) == 4 and .dry_run and .database_read
		and ([.migrations[] | .applied] == [true, false, true, false])
		and .migrations[1].up_transaction == false
		and .migrations[3].reversible == false
		and .migrations[2].parents == [.migrations[1].revision]
		and (.notes[0] | test("version 10 is applied but the earlier 2"))'
	rt import goose migrations
	t_status 1
	t_err_has "SRC 'migrations' is the migration directory"

	t_case "flyway repeatable migrations are refused by name"
	mkdir fw && cp -r "$FIX"/flyway/* fw/
	printf 'CREATE VIEW v AS SELECT 1;\n' >fw/R__views.sql
	rt import flyway fw
	t_status 1
	t_err_has "fw/R__views.sql' is a Flyway repeatable migration"
fi

t_done
