#!/bin/sh
# t8001-import-dbmate: `retort import dbmate` on projects the real dbmate
# (npm package dbmate, scripts/deps.sh) created and applied, fully and
# part way: status lists exactly what dbmate had not applied, upgrade
# reaches the same schema (diff between the imported directory and the
# database is empty), downgrade base then upgrade reproduces it, and
# dbmate's schema_migrations is unchanged. SQLite, PostgreSQL and
# MySQL/MariaDB; skipped with the reason when dbmate is not installed.
. "$(dirname "$0")/lib.sh"

DBMATE=$(command -v dbmate 2>/dev/null || true)
[ -n "$DBMATE" ] || [ ! -x /opt/dbmate/node_modules/.bin/dbmate ] ||
	DBMATE=/opt/dbmate/node_modules/.bin/dbmate
if [ -z "$DBMATE" ]; then
	echo "# skip: dbmate is not installed (scripts/deps.sh installs it" \
		"from npm into /opt/dbmate)"
	echo "$T_NAME ($RT_BACKEND): 0 passed, 0 failed, 1 skipped"
	exit 0
fi

# dbmate's URL for the case's database
dbmate_url() {
	if [ "$RT_BACKEND" = mysql ]; then
		# dbmate takes the same mysql://user:password@host:port/db
		echo "$DATABASE_URL"
	elif [ "$RT_BACKEND" = postgres ]; then
		case "$DATABASE_URL" in
		*\?*) echo "$DATABASE_URL&sslmode=disable" ;;
		*) echo "$DATABASE_URL?sslmode=disable" ;;
		esac
	else
		echo "sqlite:$T_CASE_DIR/retort.db"
	fi
}

dbmate() {
	"$DBMATE" --url "$(dbmate_url)" --migrations-dir db/migrations \
		--no-dump-schema "$@" >"$T_CASE_DIR/.dbmate" 2>&1 ||
		t_fail "dbmate $*: $(cat "$T_CASE_DIR/.dbmate")"
}

# A dbmate project of five migrations: a no-transaction one, a function
# body (PostgreSQL) or trigger (SQLite, MySQL) with semicolons inside,
# data. Indexed and key text columns are varchar: MySQL indexes no text
# column without a prefix length.
project() {
	mkdir -p db/migrations
	cat >db/migrations/20240101120000_create_users.sql <<'EOF'
-- migrate:up
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);

-- migrate:down
DROP TABLE users;
EOF
	# MySQL's DROP INDEX names the table
	on_users=""
	[ "$RT_BACKEND" = mysql ] && on_users=" ON users"
	cat >db/migrations/20240102120000_add_email.sql <<EOF
-- migrate:up transaction:false
ALTER TABLE users ADD COLUMN email varchar(255);
CREATE INDEX users_email ON users (email);

-- migrate:down
DROP INDEX users_email$on_users;
ALTER TABLE users DROP COLUMN email;
EOF
	if [ "$RT_BACKEND" = postgres ]; then
		body="CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    NEW.title := trim(NEW.title);
    RETURN NEW;
END;
\$\$;
CREATE TRIGGER posts_touch BEFORE INSERT ON posts
    FOR EACH ROW EXECUTE FUNCTION touch();"
		undo="DROP TRIGGER posts_touch ON posts;
DROP FUNCTION touch();"
	elif [ "$RT_BACKEND" = mysql ]; then
		body="CREATE TRIGGER posts_touch BEFORE INSERT ON posts FOR EACH ROW
BEGIN
    SET NEW.title = trim(NEW.title);
END;"
		undo="DROP TRIGGER posts_touch;"
	else
		body="CREATE TRIGGER posts_touch AFTER INSERT ON posts
BEGIN
    UPDATE posts SET title = trim(NEW.title) WHERE id = NEW.id;
END;"
		undo="DROP TRIGGER posts_touch;"
	fi
	cat >db/migrations/20240103120000_posts.sql <<EOF
-- posts, and a trigger whose body holds semicolons
-- migrate:up
CREATE TABLE posts (
    id integer PRIMARY KEY,
    user_id integer REFERENCES users (id),
    title text NOT NULL DEFAULT 'untitled; really'
);
$body

-- migrate:down
$undo
DROP TABLE posts;
EOF
	cat >db/migrations/20240104120000_seed.sql <<'EOF'
-- migrate:up
INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'grace');

-- migrate:down
DELETE FROM users WHERE id IN (1, 2);
EOF
	cat >db/migrations/20240105120000_tags.sql <<'EOF'
-- migrate:up
CREATE TABLE tags (name varchar(64) PRIMARY KEY);
CREATE VIEW user_names AS SELECT name FROM users;

-- migrate:down
DROP VIEW user_names;
DROP TABLE tags;
EOF
}

# dbmate's table, whole
tool_table() {
	t_query "SELECT version FROM schema_migrations ORDER BY version"
}

# the import, then everything the brief asks of it; $1: the versions
# dbmate had applied (blank-separated), $2: the pending revisions
check_import() {
	before=$(tool_table)
	rt -u "$(t_url)" import dbmate db/migrations
	t_status 0
	t_out_has "imported dbmate 'db/migrations' into 'migrations'"
	n=$(ls migrations | wc -l)
	t_eq "$n" 5 "files written"
	for v in $1; do
		t_out_has "applied $v"
	done
	# the recorded set and its log rows
	t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'import'")" \
		"$(echo $1 | wc -w)" "import rows in retort_log"
	rt status
	if [ -n "$2" ]; then
		t_status 3
		got=$(printf '%s\n' "$OUT" | sed -n 's/^ *pending  *\([0-9a-z_]*\).*/\1/p' | tr '\n' ' ')
		t_eq "$got" "$2" "pending after import"
	else
		t_status 0
	fi
	rt upgrade
	t_status 0
	rt status
	t_status 0
	rt dump
	t_status 0
	first=$OUT
	rt downgrade base
	t_status 0
	t_eq "$(t_tables)" "schema_migrations" "tables after downgrade base"
	rt upgrade
	t_status 0
	rt dump
	t_eq "$OUT" "$first" "catalog after downgrade base and upgrade"
	t_eq "$(tool_table)" "$before" "schema_migrations unchanged"
	# the imported directory's head state is the database, less
	# dbmate's own table
	t_query "DROP TABLE schema_migrations" >/dev/null
	rt diff --dev-url "$(t_url)" --from dir://migrations --to "$(t_url)"
	t_status 0
	t_eq "$OUT" "" "diff between the directory and the database"
}

t_case "dbmate applied everything: import, status up to date"
project
dbmate migrate
check_import "20240101120000 20240102120000 20240103120000 20240104120000 20240105120000" ""
t_file_has migrations/20240102120000_add_email.sql "^-- retort:up transaction=false"
t_file_has migrations/20240101120000_create_users.sql "^-- imported from dbmate: db/migrations/20240101120000_create_users.sql (version 20240101120000, create_users)"

t_case "dbmate applied part way: status lists exactly the rest"
project
mv db/migrations/20240104120000_seed.sql db/migrations/20240105120000_tags.sql .
dbmate migrate
dbmate rollback
mv 20240104120000_seed.sql 20240105120000_tags.sql db/migrations/
check_import "20240101120000 20240102120000" "20240103120000_posts 20240104120000_seed 20240105120000_tags "

t_case "the database is read, never written, by a dry run"
project
dbmate migrate
before=$(t_dump)
rt -u "$(t_url)" import dbmate db/migrations --dry-run
t_status 0
t_out_has "would import dbmate"
t_out_has "applied 20240105120000_tags"
t_out_has "dry run: nothing written"
t_eq "$(ls migrations | wc -l)" 0 "files after --dry-run"
t_eq "$(t_dump)" "$before" "database after --dry-run"

t_done
