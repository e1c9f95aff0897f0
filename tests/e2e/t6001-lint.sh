#!/bin/sh
# t6001-lint: `retort lint`. Every rule case of tests/lint for the backend's
# dialect through the real binary (the trigger raises its rule, the safe
# twin does not), then the targets (pending, --all, --since, files and
# directories), suppression (lint-ignore, retort.conf), exemptions (a table
# created earlier in the run), the catalog figures of --url, the formats
# and the exit statuses.
. "$(dirname "$0")/lib.sh"

CASES="$T_ROOT/tests/lint/$RT_BACKEND"
R1=20260101000001_accounts
R2=20260101000002_change

# The severity of a rule, from `retort lint --rules`.
severity() {
	"$RETORT" lint --rules | awk -v r="$1" '$1 == r { print $2 }'
}

# A case's file arguments: trigger.sql, or the directory trigger/.
case_arg() {
	if [ -f "$1.sql" ]; then
		printf '%s\n' "$1.sql"
	else
		printf '%s\n' "$1"
	fi
}

# A base table in use, applied: accounts with a few rows.
base() {
	t_mig $R1 "" "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, legacy text, plan text);
INSERT INTO accounts (id, email) VALUES (1, 'a@x'), (2, 'b@x');" "DROP TABLE accounts;"
	rt upgrade
	t_status 0
}

# --- every rule: trigger and safe twin ---------------------------------------

for dir in "$CASES"/*/; do
	rule=$(basename "$dir")
	sev=$(severity "$rule")
	t_case "rule $rule: the trigger raises it, the safe twin does not"
	[ -n "$sev" ] || t_fail "no rule '$rule' in lint --rules"
	rt lint --dialect "$RT_BACKEND" "$(case_arg "$dir/trigger")"
	if [ "$sev" = error ]; then t_status 3; else t_status 0; fi
	t_out_has "[$rule]"
	t_out_has ":"
	rt lint --dialect "$RT_BACKEND" "$(case_arg "$dir/safe")"
	t_status 0
	t_out_lacks "[$rule]"
	t_out_lacks " error ["
done

# --- targets --------------------------------------------------------------------

t_case "pending: the next upgrade's migrations, against the database"
base
t_mig $R2 $R1 "SET lock_timeout = '2s';
ALTER TABLE accounts DROP COLUMN legacy;"
rt lint
t_status 3
t_out_has "migrations/$R2.sql:4:"
t_out_has "[drop-column]"
t_out_has " 4 | ALTER TABLE accounts DROP COLUMN legacy;"
t_out_has "what happens:"
t_out_has "safe way:"
t_out_has "1 error, 0 warnings"
t_out_lacks "$R1"

t_case "pending: nothing pending lints nothing, exit 0"
base
rt lint
t_status 0
t_out_has "no pending migrations"

t_case "pending: a table an earlier pending migration creates is exempt"
t_mig $R1 "" "CREATE TABLE accounts (id bigint PRIMARY KEY, email text);"
t_mig $R2 $R1 "ALTER TABLE accounts DROP COLUMN email;
ALTER TABLE accounts RENAME TO customers;"
rt lint
t_status 0
t_out_has "0 errors"
# as history (--all), the second migration runs long after the first
rt lint --all
t_status 3
t_out_has "[drop-column]"
t_out_has "[rename-table]"

t_case "--since REV lints what follows REV"
t_mig $R1 "" "CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
DROP TABLE accounts;
CREATE TABLE accounts (id bigint PRIMARY KEY, email text);"
t_mig $R2 $R1 "ALTER TABLE accounts DROP COLUMN email;"
rt lint --since 20260101000001
t_status 3
t_out_has "$R2.sql"
t_out_has "1 error, "
t_out_has " in 1 migration"
rt lint --since $R2
t_status 0
t_out_has "in 0 migrations"
rt lint --since nope
t_status 1
t_err_has "nope"

t_case "files and directories; plain SQL files too"
mkdir -p sql
printf 'ALTER TABLE accounts DROP COLUMN legacy;\n' >sql/a.sql
printf 'SELECT 1;\n' >sql/b.sql
printf 'not sql\n' >sql/README
rt lint sql
t_status 3
t_out_has "sql/a.sql:1:"
t_out_has "in 2 migrations"
rt lint sql/b.sql
t_status 0
rt lint --all sql/a.sql
t_status 2
rt lint no-such-file.sql
t_status 1
t_err_has "no-such-file.sql"

t_case "any number of FILE arguments: lint migrations/*.sql with 20 files"
mkdir -p many
_i=10
while [ $_i -lt 30 ]; do
	printf 'SELECT %s;\n' $_i >many/m$_i.sql
	_i=$((_i + 1))
done
printf 'ALTER TABLE accounts DROP COLUMN legacy;\n' >many/m29.sql
rt lint many/*.sql
t_status 3
t_out_has "many/m29.sql:1:"
t_out_has "in 20 migrations"
rt lint many/m1*.sql
t_status 0
t_out_has "in 10 migrations"

t_case "stdin: '-' is an up section, run in a transaction"
printf 'ALTER TABLE accounts DROP COLUMN legacy;\n' |
	"$RETORT" lint - >"$T_CASE_DIR/.out" 2>&1
RC=$?
OUT=$(cat "$T_CASE_DIR/.out")
t_status 3
t_out_has "-:1:"
t_out_has "[drop-column]"

t_case "a malformed migration is an error naming file:line"
printf -- '-- retort:up\n-- retort:lint-ignore\nSELECT 1;\n' >bad.sql
rt lint bad.sql
t_status 1
t_err_has "bad.sql:2"

# --- suppression -------------------------------------------------------------------

t_case "lint-ignore before a statement and at the top; the reason is shown"
base
cat >migrations/$R2.sql <<EOF
-- retort:lint-ignore rename-column the old name is a view now
-- retort:parent $R1
-- retort:up
SET lock_timeout = '2s';
-- retort:lint-ignore drop-column unused since 4.2 (ticket 812)
ALTER TABLE accounts DROP COLUMN legacy;
ALTER TABLE accounts RENAME COLUMN plan TO tier;
ALTER TABLE accounts DROP COLUMN email;
EOF
rt lint
t_status 3
t_out_has "1 error, 0 warnings (2 suppressed"
t_out_has "$R2.sql:8:"
rt lint -v
t_out_has "suppressed: lint-ignore: unused since 4.2 (ticket 812)"
t_out_has "suppressed: lint-ignore: the old name is a view now"
rt lint --format json
t_out_has "\"suppressed\": \"lint-ignore: unused since 4.2 (ticket 812)\""

t_case "retort.conf lint_ignore, and an unknown rule there"
base
t_mig $R2 $R1 "SET lock_timeout = '2s';
ALTER TABLE accounts DROP COLUMN legacy;"
printf 'lint_ignore = drop-column, rename-table\n' >retort.conf
rt lint
t_status 0
t_out_has "(1 suppressed"
printf 'lint_ignore = drop-colum\n' >retort.conf
rt lint
t_status 1
t_err_has "unknown rule 'drop-colum'"

# --- formats and exit statuses ------------------------------------------------------

t_case "--format json and --json"
base
t_mig $R2 $R1 "SET lock_timeout = '2s';
ALTER TABLE accounts DROP COLUMN legacy;"
rt lint --format json
t_status 3
t_out_has "\"rule\": \"drop-column\""
t_out_has "\"line\": 4"
t_out_has "\"errors\": 1"
printf '%s' "$OUT" | python3 -c 'import json,sys; json.load(sys.stdin)' ||
	t_fail "not JSON: $OUT"
rt --json lint
t_out_has "\"findings\": ["

t_case "--format github: workflow annotations"
base
t_mig $R2 $R1 "SET lock_timeout = '2s';
ALTER TABLE accounts DROP COLUMN legacy;"
rt lint --format github
t_status 3
t_out_has "::error file=migrations/$R2.sql,line=4,col=34,"
t_out_has "title=retort lint%3A drop-column::"
rt lint --format yaml
t_status 2

t_case "warnings only: exit 0"
base
if [ "$RT_BACKEND" = mysql ]; then
	# a file linted without the database: the column's old type is not
	# known, a type change possible (a warning)
	t_mig $R2 $R1 "ALTER TABLE accounts MODIFY email varchar(300);"
	rt lint "migrations/$R2.sql"
	t_status 0
	t_out_has "0 errors"
	t_out_has " warning [change-column-type]"
elif [ "$RT_BACKEND" = postgres ]; then
	t_mig $R2 $R1 "CREATE TABLE events (id serial PRIMARY KEY, at timestamp);"
else
	# a rebuild that carries every column: a warning (one that leaves a
	# column behind loses its data: t6002)
	t_mig $R2 $R1 "CREATE TABLE accounts_new (id integer PRIMARY KEY, email text NOT NULL DEFAULT '', legacy text, plan text);
INSERT INTO accounts_new SELECT id, coalesce(email, ''), legacy, plan FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;"
fi
if [ "$RT_BACKEND" != mysql ]; then
	rt lint
	t_status 0
	t_out_has "0 errors"
	t_out_has " warning ["
fi

# --- the catalog ------------------------------------------------------------------------

t_case "catalog: a table the database lacks is no hazard; figures are shown"
base
t_mig $R2 $R1 "SET lock_timeout = '2s';
ALTER TABLE ghosts DROP COLUMN x;
ALTER TABLE accounts DROP COLUMN legacy;"
rt lint
t_status 3
t_out_lacks "ghosts' is dropped"
t_out_has "catalog figures used:"
t_out_has "ghosts: not in the database"
# SQLite counts rows; PostgreSQL has no estimate before ANALYZE: bytes
t_out_has "accounts: "
t_out_has "): small"
# without --url, files are linted as SQL alone
rt lint migrations/$R2.sql
t_out_has "[drop-column] column 'x' of 'ghosts'"
rt lint --url "$(t_url)" migrations/$R2.sql
t_out_lacks "ghosts' is dropped"

t_case "catalog (PostgreSQL): a lock on a small table is suppressed, a big one is not"
if t_only postgres; then
	base
	t_query "CREATE TABLE big (id bigint, v text);
INSERT INTO big SELECT g, 'x' FROM generate_series(1, 20000) g;
ANALYZE big; ANALYZE accounts;" >/dev/null
	t_mig $R2 $R1 "SET lock_timeout = '2s';
CREATE INDEX accounts_email ON accounts (email);
CREATE INDEX big_v ON big (v);"
	rt lint
	t_status 3
	t_out_has "[create-index-non-concurrently] index 'big_v'"
	t_out_lacks "index 'accounts_email'"
	t_out_has "(1 suppressed"
	t_out_has "big: 20000 rows"
	rt lint -v
	t_out_has "suppressed: table 'accounts' is small (2 rows"
	t_out_has "pg_class.reltuples"
	rt lint --format json
	t_out_has "\"table\": \"big\", \"exists\": true, \"rows\": 20000"
fi

t_case "catalog (PostgreSQL): a type change that only widens is no hazard, and no rewrite"
if t_only postgres; then
	t_mig $R1 "" "CREATE TABLE wide (id bigint PRIMARY KEY, name varchar(50), note text,
  bal numeric(10, 2), net cidr, code varchar(20) COLLATE \"C\", n int);
CREATE INDEX wide_name ON wide (name);
INSERT INTO wide SELECT g, 'n' || g, 't', 1, '10.0.0.0/8', 'c', g FROM generate_series(1, 20000) g;
ANALYZE wide;" "DROP TABLE wide;"
	rt upgrade
	t_status 0
	before=$(relfilenodes wide wide_name wide_pkey)
	# longer, then longer still (the run's own change is the next one's
	# starting point), then to text; unlimited varchar; more digits at the
	# same scale; cidr to inet
	t_mig $R2 $R1 "SET lock_timeout = '2s';
ALTER TABLE wide ALTER COLUMN name TYPE varchar(100);
ALTER TABLE wide ALTER COLUMN name TYPE character varying(200);
ALTER TABLE wide ALTER COLUMN name TYPE text;
ALTER TABLE wide ALTER COLUMN note TYPE varchar;
ALTER TABLE wide ALTER COLUMN bal TYPE numeric(12, 2);
ALTER TABLE wide ALTER COLUMN net TYPE inet;" "SELECT 1;"
	rt lint
	t_status 0
	t_out_lacks "change-column-type"
	t_out_has "0 errors"
	# without the catalog lint cannot tell: each one is reported
	rt lint migrations/$R2.sql
	t_status 3
	t_out_has "[change-column-type] column 'name' of 'wide'"
	rt upgrade
	t_status 0
	t_eq "$(relfilenodes wide wide_name wide_pkey)" "$before" "relations after the widenings"
	[ "$(q "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'wide'::regclass AND attname = 'name'")" = text ] ||
		t_fail "name is not text after the upgrade"
	# each of these rewrites or checks every row, or changes collation:
	# narrower, another scale, a column with its own collation, USING, a
	# real type change, and a change after one lint could not follow
	R3=20260101000003_narrow
	t_mig $R3 $R2 "SET lock_timeout = '2s';
ALTER TABLE wide ALTER COLUMN name TYPE varchar(10);
ALTER TABLE wide ALTER COLUMN bal TYPE numeric(12, 3);
ALTER TABLE wide ALTER COLUMN code TYPE text;
ALTER TABLE wide ALTER COLUMN note TYPE text USING note || '';
ALTER TABLE wide ALTER COLUMN n TYPE bigint;
ALTER TABLE wide ALTER COLUMN n TYPE numeric;" "SELECT 1;"
	rt lint
	t_status 3
	for c in name bal code note; do
		t_out_has "[change-column-type] column '$c' of 'wide'"
	done
	t_out_has "$R3.sql:8:"
	t_out_has "$R3.sql:9:"
	t_out_has "6 errors"
fi

t_done
