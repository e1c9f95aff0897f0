#!/bin/sh
# t8003-import-sql-migrate: `retort import sql-migrate` on projects the
# real sql-migrate (Debian package sql-migrate, scripts/deps.sh) applied,
# fully and part way: status lists exactly what sql-migrate had not
# applied (in its order: 10_x after 2_x), upgrade reaches the same schema
# (diff between the imported directory and the database is empty),
# downgrade base then upgrade reproduces it, and gorp_migrations is
# unchanged. SQLite, PostgreSQL and MySQL/MariaDB; skipped with the
# reason when sql-migrate is not installed.
. "$(dirname "$0")/lib.sh"

if ! command -v sql-migrate >/dev/null 2>&1; then
	echo "# skip: sql-migrate is not installed (scripts/deps.sh installs" \
		"the Debian package)"
	echo "$T_NAME ($RT_BACKEND): 0 passed, 0 failed, 1 skipped"
	exit 0
fi

# sql-migrate's configuration for the case's database
config() {
	if [ "$RT_BACKEND" = postgres ]; then
		case "$DATABASE_URL" in
		*\?*) ds="$DATABASE_URL&sslmode=disable" ;;
		*) ds="$DATABASE_URL?sslmode=disable" ;;
		esac
		dialect=postgres
	elif [ "$RT_BACKEND" = mysql ]; then
		# go-sql-driver's form: user:password@tcp(host:port)/db
		ds=$(printf '%s\n' "$DATABASE_URL" |
			sed 's|^mysql://\([^@]*\)@\([^/]*\)/\(.*\)$|\1@tcp(\2)/\3?parseTime=true|')
		dialect=mysql
	else
		ds="$T_CASE_DIR/retort.db"
		dialect=sqlite3
	fi
	printf 'development:\n  dialect: %s\n  datasource: %s\n  dir: sm\n' \
		"$dialect" "$ds" >dbconfig.yml
}

smig() {
	sql-migrate "$@" >"$T_CASE_DIR/.smig" 2>&1 ||
		t_fail "sql-migrate $*: $(cat "$T_CASE_DIR/.smig")"
}

# A sql-migrate project of five migrations: a notransaction one, a
# function body (PostgreSQL) or trigger (SQLite, MySQL) between
# StatementBegin and StatementEnd, data; numbered so that the tool's
# order (10 after 2) is not the names' order. Indexed and key text
# columns are varchar: MySQL indexes no text column without a prefix
# length.
project() {
	mkdir -p sm
	config
	cat >sm/1_create_users.sql <<'EOF'
-- +migrate Up
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);

-- +migrate Down
DROP TABLE users;
EOF
	# MySQL's DROP INDEX names the table
	on_users=""
	[ "$RT_BACKEND" = mysql ] && on_users=" ON users"
	cat >sm/2_add_email.sql <<EOF
-- +migrate Up notransaction
ALTER TABLE users ADD COLUMN email varchar(255);
CREATE INDEX users_email ON users (email);

-- +migrate Down
DROP INDEX users_email$on_users;
ALTER TABLE users DROP COLUMN email;
EOF
	if [ "$RT_BACKEND" = postgres ]; then
		body="CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    NEW.title := trim(NEW.title);
    RETURN NEW;
END;
\$\$;"
		trig="CREATE TRIGGER posts_touch BEFORE INSERT ON posts
    FOR EACH ROW EXECUTE FUNCTION touch();"
		undo="DROP TRIGGER posts_touch ON posts;
DROP FUNCTION touch();"
	elif [ "$RT_BACKEND" = mysql ]; then
		body="CREATE TRIGGER posts_touch BEFORE INSERT ON posts FOR EACH ROW
BEGIN
    SET NEW.title = trim(NEW.title);
END;"
		trig=""
		undo="DROP TRIGGER posts_touch;"
	else
		body="CREATE TRIGGER posts_touch AFTER INSERT ON posts
BEGIN
    UPDATE posts SET title = trim(NEW.title) WHERE id = NEW.id;
END;"
		trig=""
		undo="DROP TRIGGER posts_touch;"
	fi
	cat >sm/10_posts.sql <<EOF
-- posts, and a trigger whose body holds semicolons
-- +migrate Up
CREATE TABLE posts (
    id integer PRIMARY KEY,
    user_id integer REFERENCES users (id),
    title text NOT NULL DEFAULT 'untitled; really'
);
-- +migrate StatementBegin
$body
-- +migrate StatementEnd
$trig

-- +migrate Down
$undo
DROP TABLE posts;
EOF
	cat >sm/11_seed.sql <<'EOF'
-- +migrate Up
INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'grace');

-- +migrate Down
DELETE FROM users WHERE id IN (1, 2);
EOF
	cat >sm/12_tags.sql <<'EOF'
-- +migrate Up
CREATE TABLE tags (name varchar(64) PRIMARY KEY);
CREATE VIEW user_names AS SELECT name FROM users;

-- +migrate Down
DROP VIEW user_names;
DROP TABLE tags;
EOF
}

# sql-migrate's table, whole
tool_table() {
	t_query "SELECT id FROM gorp_migrations ORDER BY id"
}

# the import, then everything the brief asks of it; $1: the slugs of the
# revisions sql-migrate had applied, $2: of the pending ones, space-ended
check_import() {
	before=$(tool_table)
	rt -u "$(t_url)" import sql-migrate sm
	t_status 0
	t_out_has "imported sql-migrate 'sm' into 'migrations'"
	t_eq "$(ls migrations | wc -l)" 5 "files written"
	for v in $1; do
		printf '%s\n' "$OUT" | grep -q "applied [0-9]*_$v " ||
			t_fail "not imported as applied: $v: $OUT"
	done
	t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'import'")" \
		"$(echo $1 | wc -w)" "import rows in retort_log"
	rt status
	if [ -n "$2" ]; then
		t_status 3
		got=$(printf '%s\n' "$OUT" | sed -n 's/^ *pending  *[0-9]*_\([0-9a-z_]*\).*/\1/p' | tr '\n' ' ')
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
	t_eq "$(t_tables)" "gorp_migrations" "tables after downgrade base"
	rt upgrade
	t_status 0
	rt dump
	t_eq "$OUT" "$first" "catalog after downgrade base and upgrade"
	t_eq "$(tool_table)" "$before" "gorp_migrations unchanged"
	# the imported directory's head state is the database, less
	# sql-migrate's own table
	t_query "DROP TABLE gorp_migrations" >/dev/null
	rt diff --dev-url "$(t_url)" --from dir://migrations --to "$(t_url)"
	t_status 0
	t_eq "$OUT" "" "diff between the directory and the database"
}

t_case "sql-migrate applied everything: import, status up to date"
project
smig up
check_import "v1_create_users v2_add_email v10_posts v11_seed v12_tags" ""
f=$(ls migrations/*_v2_add_email.sql)
t_file_has "$f" "^-- retort:up transaction=false"
t_file_lacks "$f" "^-- retort:down transaction=false"
t_file_has "$(ls migrations/*_v1_create_users.sql)" \
	"^-- imported from sql-migrate: sm/1_create_users.sql (version 1_create_users.sql, create_users)"

t_case "sql-migrate applied part way: status lists exactly the rest"
project
smig up -limit=4
smig down -limit=1
check_import "v1_create_users v2_add_email v10_posts" "v11_seed v12_tags "

t_case "the database is read, never written, by a dry run"
project
smig up
before=$(t_dump)
rt -u "$(t_url)" import sql-migrate sm --dry-run
t_status 0
t_out_has "would import sql-migrate"
t_out_lacks "pending"
t_out_has "dry run: nothing written"
t_eq "$(ls migrations | wc -l)" 0 "files after --dry-run"
t_eq "$(t_dump)" "$before" "database after --dry-run"

t_done
