#!/bin/sh
# t8301-squash: `retort squash` on SQLite, PostgreSQL and MariaDB: a
# history with churn (columns added, renamed, dropped, an index rebuilt,
# rows moved) squashed into one migration with -- retort:replaces, checked
# on a scratch database before it is written; an empty database runs the
# squash alone and reaches the catalog the originals give; a database
# that applied every original is at the squash without running anything;
# one part way is served by the originals while they are there, refused
# with a clear message once they are gone; after the originals are
# deleted the squash is an ordinary root (its down removes their rows).
# On PostgreSQL, the real Unleash history (385 migrations) squashes and
# behaves the same.
. "$(dirname "$0")/lib.sh"

drop_index() {
	if [ "$RT_BACKEND" = mysql ]; then
		echo "DROP INDEX $1 ON $2;"
	else
		echo "DROP INDEX $1;"
	fi
}

# churn: five revisions whose squash is two tables and an index
history() {
	t_mig 20260101000000_cat "" \
		"CREATE TABLE cat (id integer PRIMARY KEY, name varchar(100));" \
		"DROP TABLE cat;"
	t_mig 20260102000000_age 20260101000000_cat \
		"ALTER TABLE cat ADD COLUMN age integer;
CREATE INDEX cat_name ON cat (name);
INSERT INTO cat (id, name, age) VALUES (1, 'Tom', 3);" \
		"$(drop_index cat_name cat)
ALTER TABLE cat DROP COLUMN age;"
	t_mig 20260103000000_years 20260102000000_age \
		"ALTER TABLE cat RENAME COLUMN age TO years;" \
		"ALTER TABLE cat RENAME COLUMN years TO age;"
	t_mig 20260104000000_dog 20260103000000_years \
		"CREATE TABLE dog (id integer PRIMARY KEY, name varchar(100));
INSERT INTO dog (id, name) SELECT id, name FROM cat;" \
		"DROP TABLE dog;"
	t_mig 20260105000000_rebuild 20260104000000_dog \
		"$(drop_index cat_name cat)
CREATE UNIQUE INDEX dog_name ON dog (name);" \
		"$(drop_index dog_name dog)
CREATE INDEX cat_name ON cat (name);"
}

# other_db NAME: the URL of a second database of the case (made empty)
EXTRA=""
other_db() {
	if [ "$RT_BACKEND" = postgres ]; then
		_n="${T_PG_DB}_$1"
		psql -qX "$RT_PG_URL" -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS \"$_n\" WITH (FORCE)" \
			-c "CREATE DATABASE \"$_n\"" >/dev/null
		EXTRA="$EXTRA $_n"
		t_pg_url_for "$_n"
	elif [ "$RT_BACKEND" = mysql ]; then
		_n="${T_MY_DB}_$1"
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$_n\`;
			CREATE DATABASE \`$_n\`" >/dev/null
		EXTRA="$EXTRA $_n"
		t_pg_url_for "$_n"
	else
		echo "sqlite:$T_CASE_DIR/$1.db"
	fi
}
drop_extra() {
	for _n in $EXTRA; do
		if [ "$RT_BACKEND" = postgres ]; then
			psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$_n\" WITH (FORCE)" >/dev/null 2>&1
		else
			t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$_n\`" >/dev/null 2>&1
		fi
	done
	EXTRA=""
}
trap 'drop_extra; t_drop_db; rm -rf "$T_DIR"' EXIT

# rows of retort_migrations in the database of URL $1
nrows() {
	case "$1" in
	sqlite:*) t_sql "${1#sqlite:}" "SELECT count(*) FROM retort_migrations" ;;
	postgres*) psql -qXAt "$1" -c "SELECT count(*) FROM retort_migrations" ;;
	*) t_my "$1" -N -B -e "SELECT count(*) FROM retort_migrations" ;;
	esac
}

squash_file() {
	ls migrations/*_squash.sql 2>/dev/null | head -1
}

# move the files the squash replaced (all but it) into directory $1
move_originals() {
	mkdir -p "$1"
	for _f in migrations/*.sql; do
		case "$_f" in *_squash.sql) ;; *) mv "$_f" "$1/" ;; esac
	done
}

t_case "squash writes one migration that replaces every revision, checked first"
history
rt upgrade -q
t_status 0
rt squash
t_status 0
t_out_has "wrote migrations/"
t_out_has "standing for 5 revisions"
t_out_has "checked on a scratch database"
# the rows the history inserted are named, not carried
t_out_has "which the squash does not carry"
f=$(squash_file)
[ -n "$f" ] || t_fail "no squash file"
t_file_has "$f" "^-- retort:replaces 20260101000000_cat"
t_file_has "$f" "20260105000000_rebuild$"
t_file_lacks "$f" "retort:parent"
t_file_has "$f" "UNIQUE INDEX.*dog_name"
t_file_lacks "$f" "cat_name"
t_file_has "$f" "years"
# the database that applied them all is at the squash: nothing runs
rt status
t_status 0
t_out_has "(through 20260105000000_rebuild)"
rt upgrade
t_status 0
t_eq "$OUT" ""
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 5
# retort test: the files go through the stairway, the squash beside them
# is skipped (the history's own down keeps a row: exit 3)
rt test -s none.sql
t_status 3
t_out_has "skip $(basename "$f" .sql) up: a squash beside the 5 files it replaces"
t_out_lacks "not ok $(basename "$f" .sql)"
# a second squash of the same history is refused (a revision would be
# replaced twice)
rt squash
t_status 1
t_err_has "replaced by squash"

t_case "an empty database runs the squash alone and reaches the originals' catalog"
history
rt squash -q
t_status 0
f=$(basename "$(squash_file)" .sql)
rt upgrade
t_status 0
t_eq "$OUT" "up   $f ($(echo "$OUT" | sed -n 's/.*(\(.*\)).*/\1/p'))"
t_eq "$(echo "$OUT" | wc -l | tr -d ' ')" 1
orig=$(other_db orig)
mkdir orig && cp migrations/20260*.sql orig/
rt -u "$orig" -d orig upgrade -q --allow-unsafe
t_status 0
rt diff --from "$(t_url)" --to "$orig"
t_status 0
t_eq "$OUT" "" "the squash's catalog and the originals' differ"
rt status
t_status 0
t_out_has "applied  20260101000000_cat"
t_out_has "(through $f)"
t_eq "$(t_query "SELECT revision FROM retort_migrations")" "$f"
# downgrading into the history it replaced cannot be done by its down
rt downgrade 20260103000000_years
t_status 1
t_err_has "built by squash"
rt downgrade base
t_status 0
t_out_has "down $f"
t_eq "$(t_tables)" ""
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0

t_case "a database part way is served by the originals while they are there"
history
rt upgrade 20260102000000_age -q
t_status 0
rt squash -q
t_status 0
f=$(basename "$(squash_file)" .sql)
rt status
t_status 3
t_out_has "squash of 5 revisions"
rt upgrade --allow-unsafe
t_status 0
t_out_has "up   20260103000000_years"
t_out_has "up   20260105000000_rebuild"
t_out_lacks "$f"
rt status
t_status 0
t_out_has "(through 20260105000000_rebuild)"

t_case "without the originals: at the squash, a child runs, down removes their rows"
history
rt upgrade -q
full=$(t_url)
part=$(other_db part)
rt -u "$part" upgrade 20260102000000_age -q
rt squash -q
t_status 0
f=$(basename "$(squash_file)" .sql)
move_originals old
t_mig 20991231000000_toy "$f" "CREATE TABLE toy (id integer PRIMARY KEY);" \
	"DROP TABLE toy;"
# the part-way database cannot be served: refused, unchanged
before=$(nrows "$part")
rt -u "$part" status
t_status 3
t_out_has "stranded: 2 of the 5 revisions"
rt -u "$part" upgrade
t_status 1
t_err_has "part way through the revisions squash '$f' replaces"
t_err_has "restore the replaced files"
t_eq "$(nrows "$part")" "$before"
# the fully migrated one is at the squash; the child runs
rt status
t_status 3
t_out_has "applied  $f"
rt upgrade
t_status 0
t_eq "$OUT" "up   20991231000000_toy ($(echo "$OUT" | sed -n 's/.*(\(.*\)).*/\1/p'))"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'stamp' AND revision = '$f'")" 1
rt downgrade base
t_status 0
t_out_has "down $f"
t_eq "$(t_tables)" ""
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0
# an empty database runs the squash and the child
t_new_db
rt upgrade
t_status 0
t_out_has "up   $f"
t_out_has "up   20991231000000_toy"

t_case "squash of a revision before the head: the rest follow it"
history
rt squash 20260103000000_years -q
t_status 0
f=$(squash_file)
t_file_has "$f" "20260103000000_years$"
t_file_lacks "$f" "20260104000000_dog"
rt upgrade
t_status 0
t_out_has "up   $(basename "$f" .sql)"
t_out_has "up   20260104000000_dog"
t_out_lacks "20260101000000_cat"
rt status
t_status 0
# --dry-run writes nothing
rm "$f"
rt squash --dry-run
t_status 0
t_out_has "would write"
t_eq "$(squash_file)" ""

t_case "bad squash files are refused naming file:line"
history
t_mig 20260201000000_squash "" "CREATE TABLE x (id integer);" "DROP TABLE x;"
sed -i '1i -- retort:replaces 20260101000000_cat 20260103000000_years' migrations/20260201000000_squash.sql
sed -i '1i -- retort:parent 20260105000000_rebuild' migrations/20260201000000_squash.sql
rt status
t_status 1
t_err_has "20260201000000_squash.sql:1: a squash ('retort:replaces') starts from the base"
sed -i '1d' migrations/20260201000000_squash.sql
rt status
t_status 1
t_err_has "does not replace '20260102000000_age', an ancestor of '20260103000000_years'"
rm migrations/20260101000000_cat.sql
rt status
t_status 1
t_err_has "replaces 2 revisions: 1 have files"
t_err_has "20260201000000_squash.sql:1:"
rt squash nosuch
t_status 1

if [ "$RT_BACKEND" = postgres ]; then
	H=$T_ROOT/tests/history/unleash/migrations
	t_case "the real Unleash history (385 migrations) squashes and serves every database"
	cp "$H"/*.sql migrations/
	mid=$(ls migrations | sed -n 200p)
	mid=${mid%.sql}
	full=$(other_db full)
	part=$(other_db part)
	rt -u "$full" upgrade -q
	t_status 0
	rt -u "$part" upgrade "$mid" -q
	t_status 0
	rt squash
	t_status 0
	t_out_has "standing for 385 revisions"
	f=$(basename "$(squash_file)" .sql)
	# empty: the squash alone, the originals' catalog
	rt upgrade
	t_status 0
	t_eq "$(echo "$OUT" | wc -l | tr -d ' ')" 1
	t_out_has "up   $f"
	rt diff --from "$(t_url)" --to "$full"
	t_status 0
	t_eq "$OUT" "" "the squash's catalog and the originals' differ"
	# fully migrated: at the squash, nothing runs
	rt -u "$full" status
	t_status 0
	t_out_has "(through 20260406161629_user_access_requests_unique_email)"
	rt -u "$full" upgrade
	t_status 0
	t_eq "$OUT" ""
	# part way: the originals serve it (lint stops some of them on a
	# database in use, as it would without the squash)
	rt -u "$part" upgrade --allow-unsafe
	t_status 0
	t_out_lacks "$f"
	t_eq "$(echo "$OUT" | wc -l | tr -d ' ')" 185
	rt diff --from "$part" --to "$full"
	t_eq "$(echo "$OUT" | head -3)" ""
	drop_extra
fi

drop_extra
t_done
