#!/bin/sh
# t8005-import-sqitch: `retort import sqitch` on projects the real sqitch
# (Debian sqitch, with libdbd-pg-perl and libdbd-sqlite3-perl,
# scripts/deps.sh) made (sqitch add, tag, rework) and deployed part way
# (`sqitch deploy --to`): plan dependencies become parents, a reworked
# change is one migration per appearance (its earlier scripts are
# NAME@TAG.sql), sqitch's BEGIN/COMMIT are left out. After the import,
# status lists exactly what sqitch had not deployed, upgrade reaches the
# catalog sqitch reaches on a second database, the diff between the
# imported directory and the database is empty, downgrade base then
# upgrade gives the same catalog, and the registry is unchanged. On SQLite
# the registry is sqitch.db beside the database; on MariaDB a database
# of its own (sqitch.conf's registry, which the import reads). SQLite,
# PostgreSQL and MariaDB (sqitch 1.3 through DBD::mysql).
. "$(dirname "$0")/lib.sh"

if ! command -v sqitch >/dev/null 2>&1; then
	echo "# skip: sqitch is not installed (scripts/deps.sh installs it)"
	echo "$T_NAME ($RT_BACKEND): 0 passed, 0 failed, 1 skipped"
	exit 0
fi
SQITCH_FULLNAME="Retort Test"
SQITCH_EMAIL=test@example.com
SQITCH_USER_CONFIG=/dev/null
export SQITCH_FULLNAME SQITCH_EMAIL SQITCH_USER_CONFIG

ENGINE=sqlite
[ "$RT_BACKEND" = postgres ] && ENGINE=pg
[ "$RT_BACKEND" = mysql ] && ENGINE=mysql
if [ "$ENGINE" = mysql ] && ! perl -MDBD::mysql -e1 2>/dev/null; then
	echo "# skip: sqitch's MySQL engine needs DBD::mysql" \
		"(libdbd-mysql-perl, scripts/deps.sh)"
	echo "$T_NAME ($RT_BACKEND): 0 passed, 0 failed, 1 skipped"
	exit 0
fi

# The reference database sqitch deploys fully: a second database on the
# server, or ref/ref.db (its registry then ref/sqitch.db, apart from the
# case's).
REF_DB=""
ref_url() {
	if [ "$RT_BACKEND" = postgres ]; then
		printf '%s\n' "$(t_pg_url_for "${T_PG_DB}_ref")"
	elif [ "$RT_BACKEND" = mysql ]; then
		printf '%s\n' "$(t_pg_url_for "${T_MY_DB}_ref")"
	else
		printf 'sqlite:%s\n' "$T_CASE_DIR/ref/ref.db"
	fi
}
new_ref() {
	drop_ref
	if [ "$RT_BACKEND" = postgres ]; then
		REF_DB="${T_PG_DB}_ref"
		psql -qX "$RT_PG_URL" -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS \"$REF_DB\" WITH (FORCE)" \
			-c "CREATE DATABASE \"$REF_DB\"" >/dev/null
	elif [ "$RT_BACKEND" = mysql ]; then
		REF_DB="${T_MY_DB}_ref"
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$REF_DB\`;
			DROP DATABASE IF EXISTS \`${REF_DB}_sqitch\`;
			CREATE DATABASE \`$REF_DB\`" >/dev/null
	else
		mkdir -p "$T_CASE_DIR/ref"
	fi
}
drop_ref() {
	[ -n "$REF_DB" ] || return 0
	if [ "$RT_BACKEND" = mysql ]; then
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$REF_DB\`;
			DROP DATABASE IF EXISTS \`${REF_DB}_sqitch\`" >/dev/null 2>&1
		REF_DB=""
		return 0
	fi
	psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$REF_DB\" WITH (FORCE)" \
		>/dev/null 2>&1
	REF_DB=""
}
# MariaDB: the case's sqitch registry, a database of its own
drop_registry() {
	[ "$RT_BACKEND" = mysql ] && [ -n "$T_MY_DB" ] || return 0
	t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`${T_MY_DB}_sqitch\`" \
		>/dev/null 2>&1
}
trap 'drop_ref; drop_registry; t_drop_db; rm -rf "$T_DIR"' EXIT

# A retort URL as a sqitch target
target() {
	case "$1" in
	sqlite:*) printf 'db:sqlite:%s\n' "${1#sqlite:}" ;;
	mysql://*) printf 'db:%s\n' "$1" ;;
	*) printf 'db:pg:%s\n' "${1#postgres:}" ;;
	esac
}

sq() {
	(cd "$T_CASE_DIR/sq" && sqitch "$@") >"$T_CASE_DIR/.sqitch" 2>&1 ||
		t_fail "sqitch $*: $(cat "$T_CASE_DIR/.sqitch")"
}

# script KIND NAME SQL: deploy/ or revert/ NAME.sql, wrapped in BEGIN and
# COMMIT as sqitch's templates are
script() {
	printf -- '-- %s flipr:%s\n\nBEGIN;\n\n%s\n\nCOMMIT;\n' "$1" "$2" "$3" \
		>"$T_CASE_DIR/sq/$1/$2.sql"
}

# A sqitch project made by sqitch itself: users; flips [users];
# user_names [users] (a view; its dependency is not the previous change);
# @v1.0; seed (data); email [users]; user_names reworked
# [user_names@v1.0 email] to show the email too.
project() {
	mkdir -p sq
	drop_registry
	sq init flipr --engine "$ENGINE"
	# one registry a case (the server is shared), which the import
	# reads from sqitch.conf; the reference's is given on its deploy
	[ "$ENGINE" = mysql ] && sq config engine.mysql.registry "${T_MY_DB}_sqitch"
	sq add users -n "users"
	script deploy users "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);"
	script revert users "DROP TABLE users;"
	sq add flips -r users -n "flips"
	script deploy flips "CREATE TABLE flips (
    id integer PRIMARY KEY,
    user_id integer REFERENCES users (id),
    body text NOT NULL DEFAULT 'a; b'
);"
	script revert flips "DROP TABLE flips;"
	sq add user_names -r users -n "a view of names"
	script deploy user_names "CREATE VIEW user_names AS SELECT name FROM users;"
	script revert user_names "DROP VIEW user_names;"
	sq tag v1.0 -n "first release"
	sq add seed -n "seed users"
	script deploy seed "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'grace');"
	script revert seed "DELETE FROM users WHERE id IN (1, 2);"
	sq add email -r users -n "users get an email"
	script deploy email "ALTER TABLE users ADD COLUMN email text;"
	script revert email "ALTER TABLE users DROP COLUMN email;"
	sq rework user_names -r email -n "names with email"
	script deploy user_names "DROP VIEW user_names;
CREATE VIEW user_names AS SELECT name, email FROM users;"
	script revert user_names "DROP VIEW user_names;
CREATE VIEW user_names AS SELECT name FROM users;"
}

# The registry's rows of the case's database
registry() {
	if [ "$RT_BACKEND" = postgres ]; then
		t_query "SELECT change FROM sqitch.changes ORDER BY committed_at"
	elif [ "$RT_BACKEND" = mysql ]; then
		t_query "SELECT \`change\` FROM \`${T_MY_DB}_sqitch\`.changes ORDER BY committed_at"
	else
		t_sql "$T_CASE_DIR/sqitch.db" \
			"SELECT change FROM changes ORDER BY committed_at"
	fi
}

# `retort dump` of URL $1 into $OUT without sqitch's registry schema
catalog() {
	rt -u "$1" dump
	t_status 0
	OUT=$(printf '%s\n' "$OUT" | grep -v 'sqitch\.')
}

pending() {
	printf '%s\n' "$OUT" |
		sed -n 's/^ *pending  *[0-9]*_\([0-9a-z_]*\).*/\1/p' |
		tr '\n' ' '
}

# The import, then everything the brief asks of it; $1: the pending
# revisions' slugs, space-ended ("" when none)
check_import() {
	before=$(registry)
	rt -u "$(t_url)" import sqitch sq
	t_status 0
	t_out_has "imported sqitch 'sq' into 'migrations': 6 migrations"
	t_eq "$(ls migrations | wc -l)" 6 "files written"
	rt status
	if [ -n "$1" ]; then
		t_status 3
	else
		t_status 0
	fi
	t_eq "$(pending)" "$1" "pending after import"
	new_ref
	reg=""
	[ "$ENGINE" = mysql ] && reg="--registry ${REF_DB}_sqitch"
	# shellcheck disable=SC2086
	(cd sq && sqitch deploy $reg "$(target "$(ref_url)")") \
		>"$T_CASE_DIR/.sqitch" 2>&1 ||
		t_fail "sqitch deploy (reference): $(cat "$T_CASE_DIR/.sqitch")"
	catalog "$(ref_url)"
	want=$OUT
	rt upgrade
	t_status 0
	rt status
	t_status 0
	catalog "$(t_url)"
	t_eq "$OUT" "$want" "catalog after upgrade = sqitch's"
	t_eq "$(t_query "SELECT name FROM users ORDER BY id" | tr '\n' ' ')" \
		"ada grace " "rows of the data change"
	rt downgrade base
	t_status 0
	t_eq "$(t_tables)" "" "tables after downgrade base"
	rt upgrade
	t_status 0
	catalog "$(t_url)"
	t_eq "$OUT" "$want" "catalog after downgrade base and upgrade"
	t_eq "$(registry)" "$before" "sqitch's registry unchanged"
	if [ "$RT_BACKEND" = postgres ]; then
		t_query "DROP SCHEMA sqitch CASCADE" >/dev/null 2>&1
	fi
	rt diff --dev-url "$(t_url)" --from dir://migrations --to "$(t_url)"
	t_status 0
	t_eq "$OUT" "" "diff between the directory and the database"
	drop_ref
}

t_case "sqitch deployed part way (--to flips): the rest pending"
project
sq deploy "$(target "$(t_url)")" --to flips
check_import "user_names_v1_0 seed email user_names "
f=$(ls migrations/*_user_names_v1_0.sql)
t_file_has "$f" "^-- retort:parent [0-9]*_users [0-9]*_flips$"
t_file_has "$f" "^-- imported from sqitch: sq/deploy/user_names@v1.0.sql (version user_names@v1.0, user_names@v1.0)"
t_file_lacks "$f" "^BEGIN;"
t_file_lacks "$f" "^COMMIT;"
t_file_has "$(ls migrations/*_flips.sql)" "^-- retort:parent [0-9]*_users$"
f=$(ls migrations/*_user_names.sql)
t_file_has "$f" "^-- retort:parent [0-9]*_user_names_v1_0 [0-9]*_email$"
t_file_has "$f" "SELECT name, email FROM users"

t_case "sqitch deployed through the tag and more (--to email): the rework pending"
project
sq deploy "$(target "$(t_url)")" --to email
check_import "user_names "

t_case "sqitch deployed everything: status up to date"
project
sq deploy "$(target "$(t_url)")"
check_import ""
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'import'")" 6 \
	"import rows in retort_log"

t_case "nothing deployed: every change pending; dry run writes nothing"
project
rt -u "$(t_url)" import sqitch sq --dry-run
t_status 0
t_out_has "would import sqitch"
t_out_has "nothing is applied"
t_eq "$(ls migrations | wc -l)" 0 "files after --dry-run"

t_case "a plan that is not sqitch's: clear errors, nothing written"
rt import sqitch .
t_status 1
t_err_has "holds no sqitch.plan"
project
printf 'views [nothere] 2024-01-01T00:00:00Z A <a@b.c>\n' >>sq/sqitch.plan
echo "CREATE VIEW v AS SELECT 1;" >sq/deploy/views.sql
rt import sqitch sq
t_status 1
t_err_has "sq/sqitch.plan:"
t_err_has "'views' depends on 'nothere', which is no earlier change"
sed -i '$d' sq/sqitch.plan
rm sq/deploy/seed.sql
rt import sqitch sq
t_status 1
t_err_has "could not open 'sq/deploy/seed.sql'"
t_err_has "sqitch deploys change 'seed' from sq/deploy/seed.sql"
t_eq "$(ls -A migrations | wc -l)" 0 "files after the errors"

t_done
