#!/bin/sh
# t4004-mysql-schema: the declarative schema commands on MySQL/MariaDB,
# as t4003 shows them on PostgreSQL, around what the round-trip corpus
# (t4001) does not: scratch databases (made on the server of --dev-url,
# else --url, with the charset and collation of that URL's database, and
# dropped after a success, a failing schema file, SIGINT and SIGTERM),
# diff between two live databases, check's exit status, renames asked
# for with --rename, partitions added and dropped, and a dump that loads
# into an empty database.
# MySQL/MariaDB only.
if [ "${RT_BACKEND:-sqlite}" != mysql ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

# other NAME [CHARSET COLLATION]: a second database on the server, made
# anew; its URL in OTHER_URL
OTHER=""
other() {
	drop_other
	OTHER=${T_MY_DB}_$1
	_opts=""
	[ -n "${2-}" ] && _opts=" CHARACTER SET $2 COLLATE $3"
	t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$OTHER\`;
		CREATE DATABASE \`$OTHER\`$_opts" >/dev/null
	OTHER_URL=$(t_pg_url_for "$OTHER")
}
drop_other() {
	[ -n "$OTHER" ] || return 0
	t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$OTHER\`" >/dev/null 2>&1
	OTHER=""
}
trap 'drop_other; t_drop_db; rm -rf "$T_DIR"' EXIT

t_case "scratch databases are dropped after a diff"
printf 'CREATE TABLE a (id integer);\n' >a.sql
printf 'CREATE TABLE a (id integer, v varchar(20), KEY a_v (v));\n' >b.sql
rtp diff --from file://a.sql --to file://b.sql
t_status 0
t_out_has "ADD COLUMN \`v\` varchar(20)"
t_out_has "ADD INDEX \`a_v\` (\`v\`)"
t_eq "$(t_scratch_left)" 0

t_case "a failing schema file names its line and leaves nothing behind"
printf 'CREATE TABLE a (id integer);\n\nCREATE TABLE a (id integer);\n' >bad.sql
rtp diff --from file://bad.sql --to file://bad.sql
t_status 1
t_err_has "bad.sql:3:"
t_err_has "already exists"
t_eq "$(t_scratch_left)" 0

t_case "SIGINT and SIGTERM cancel the load and drop the scratch database"
t_scratch_signals 'DO SLEEP(30);'

t_case "--dev-url names the server for scratch databases"
# -u names a database that does not exist: only --dev-url is used
printf 'CREATE TABLE a (id integer);\n' >a.sql
printf 'CREATE TABLE a (id integer, v int NOT NULL DEFAULT 0);\n' >b.sql
rtp -u "$(t_pg_url_for no_such_db)" --dev-url "$DATABASE_URL" diff \
	--from file://a.sql --to file://b.sql
t_status 0
t_out_has "ADD COLUMN \`v\` int(11) NOT NULL DEFAULT 0"
t_eq "$(t_scratch_left)" 0
# no server at all: said so
rtp diff --from "$DATABASE_URL" --to file://a.sql -u sqlite:x.db
t_status 2

t_case "the scratch database has the charset and collation of the URL's database"
# the server's default (latin1 here) is not the application's: a
# schema file read in a latin1 scratch database is not drift, and a
# column it adds takes the database's charset, as it will when applied
other app utf8mb4 utf8mb4_unicode_ci
t_my "$OTHER_URL" -e "CREATE TABLE cat (id int PRIMARY KEY, name varchar(50) NOT NULL)"
printf 'CREATE TABLE cat (id int PRIMARY KEY, name varchar(50) NOT NULL);\n' >schema.sql
rtp -u "$OTHER_URL" diff --from "$OTHER_URL" --to file://schema.sql
t_status 0
t_eq "$OUT" "" "diff between the database and the same schema"
t_eq "$(t_scratch_left)" 0
printf 'CREATE TABLE cat (id int PRIMARY KEY, name varchar(50) NOT NULL, note text);\n' >schema.sql
rtp -u "$OTHER_URL" diff --from "$OTHER_URL" --to file://schema.sql
t_status 0
t_out_has "ADD COLUMN \`note\` text"
t_out_lacks "latin1"
t_out_lacks "CHARSET"
drop_other

t_case "diff of two live databases, both ways"
t_query "CREATE TABLE t (id int PRIMARY KEY, s enum('a','b') NOT NULL)" >/dev/null
other two
t_my "$OTHER_URL" -e "CREATE TABLE t (id int PRIMARY KEY, s enum('a','c','b') NOT NULL, note varchar(10));
	CREATE INDEX t_note ON t (note)"
rt diff --from "$DATABASE_URL" --to "$OTHER_URL"
t_status 0
t_out_has "enum('a','c','b')"
t_out_has "ADD COLUMN \`note\` varchar(10)"
t_out_has "ADD INDEX \`t_note\` (\`note\`)"
rt diff --from "$OTHER_URL" --to "$DATABASE_URL"
t_status 0
t_out_has "DROP COLUMN \`note\`"
t_out_has "enum('a','b')"
drop_other

t_case "check: exit 3 with the missing SQL, then 0; upgrade reaches the schema"
t_mig 20260101000000_a "" "CREATE TABLE t (id integer PRIMARY KEY);" "DROP TABLE t;"
printf 'CREATE TABLE t (id integer PRIMARY KEY, note varchar(30));\n' >schema.sql
rtp check
t_status 3
t_out_has "ADD COLUMN \`note\` varchar(30)"
t_eq "$(t_scratch_left)" 0
rt new note --autogenerate
t_status 0
rt check
t_status 0
rt upgrade
t_status 0
rt diff --from "$DATABASE_URL" --to file://schema.sql
t_status 0
t_eq "$OUT" "" "the database after upgrade equals the schema"
rt downgrade base
t_status 0
t_eq "$(t_tables)" "" "tables after downgrade base"

t_case "a rename asked for is a rename, recorded for the next run"
t_mig 20260101000000_a "" "CREATE TABLE t (id integer, name varchar(20));" "DROP TABLE t;"
printf 'CREATE TABLE t (id integer, title varchar(20));\n' >schema.sql
rt new r --autogenerate
t_status 0
t_err_has "--rename t.name=title"
rm migrations/*_r.sql
rt new r --autogenerate --rename t.name=title
t_status 0
grep -q "RENAME COLUMN \`name\` TO \`title\`" migrations/*_r.sql ||
	t_fail "no RENAME COLUMN: $(cat migrations/*_r.sql)"
grep -q "^-- retort:rename t.name=title" migrations/*_r.sql ||
	t_fail "the decision is not recorded"
rt check
t_status 0
rt upgrade 20260101000000_a
t_status 0
t_query "INSERT INTO t VALUES (1, 'kept')"
# a table in use: the rename breaks the application's old version
rt upgrade
t_status 3
t_err_has "rename-column: column 'name' of 't' is renamed to 'title'"
rt upgrade --allow-unsafe
t_status 0
t_eq "$(t_query "SELECT title FROM t")" "kept" "the row survives the rename"

t_case "partitions: ADD PARTITION keeps the rows, DROP PARTITION needs --allow-unsafe"
ev() { # the partitions' upper years
	printf 'CREATE TABLE ev (id int NOT NULL, at date NOT NULL,
  PRIMARY KEY (id, at)) PARTITION BY RANGE (year(at)) ('
	_sep=""
	for y in "$@"; do
		printf '%sPARTITION p%s VALUES LESS THAN (%s)' "$_sep" $((y - 1)) "$y"
		_sep=", "
	done
	printf ');\n'
}
ev 2025 2026 >schema.sql
rt new base --autogenerate
t_status 0
grep -q "PARTITION BY RANGE (year(\`at\`))" migrations/*_base.sql ||
	t_fail "no partitioning in CREATE TABLE: $(cat migrations/*_base.sql)"
rt upgrade
t_status 0
t_query "INSERT INTO ev VALUES (1, '2024-06-01'), (2, '2025-06-01')"
ev 2025 2026 2027 >schema.sql
rt check
t_status 3
t_out_has "ADD PARTITION (PARTITION \`p2026\` VALUES LESS THAN (2027))"
rt new next_year --autogenerate
t_status 0
rt upgrade
t_status 0
rt check
t_status 0
t_eq "$(t_query "SELECT count(*) FROM ev")" 2 "rows after ADD PARTITION"
t_eq "$(t_query "SELECT count(*) FROM information_schema.PARTITIONS
	WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ev'")" 3 "partitions"
ev 2026 2027 >schema.sql
rt new expire --autogenerate
t_status 0
grep -q "DROP PARTITION \`p2024\`" migrations/*_expire.sql ||
	t_fail "no DROP PARTITION: $(cat migrations/*_expire.sql)"
rt upgrade
t_status 3
t_err_has "drop-partition"
t_eq "$(t_query "SELECT count(*) FROM ev")" 2 "nothing dropped by a refused upgrade"
rt upgrade --allow-unsafe
t_status 0
t_eq "$(t_query "SELECT id FROM ev")" 2 "the rows of the other partitions"
rt check
t_status 0
rt dump
t_status 0
t_out_has "PARTITION \`p2026\` VALUES LESS THAN (2027)"
rt downgrade base
t_status 0
t_eq "$(t_tables)" "" "tables after downgrade base"

t_case "dump: tables, keys, a view and a trigger, in an order that loads"
t_query "CREATE TABLE p (id int PRIMARY KEY, code varchar(10) NOT NULL UNIQUE)
	ENGINE=InnoDB COMMENT='parents';
CREATE TABLE c (id int PRIMARY KEY, pid int NOT NULL,
	qty int NOT NULL DEFAULT 1 CHECK (qty > 0),
	at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
	CONSTRAINT c_p FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE);
CREATE VIEW v AS SELECT c.id, p.code FROM c JOIN p ON p.id = c.pid;
CREATE TRIGGER c_qty BEFORE INSERT ON c FOR EACH ROW SET NEW.qty = GREATEST(NEW.qty, 1)" >/dev/null
rt dump
t_status 0
printf '%s\n' "$OUT" >dump.sql
t_out_has "CREATE TABLE \`c\`"
t_out_has "COMMENT='parents'"
t_out_has "ON UPDATE current_timestamp()"
other load
t_my "$OTHER_URL" <dump.sql 2>load.err || t_fail "the dump does not load: $(cat load.err)"
rt diff --from "$DATABASE_URL" --to "$OTHER_URL"
t_status 0
t_eq "$OUT" "" "diff between the database and its dump"
drop_other

t_done
