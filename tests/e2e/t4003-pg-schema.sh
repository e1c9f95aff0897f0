#!/bin/sh
# t4003-pg-schema: the declarative schema commands on PostgreSQL, around
# what the round-trip corpus (t4001) does not show: scratch databases
# (made on the server of --dev-url, else --url, and dropped after a
# success, a failing schema file, SIGINT and SIGTERM), diff between two
# live databases, check's exit status, dump of several schemas, renames
# asked for with --rename, a new enum label's transaction caveat, and
# the safe forms new --autogenerate writes for tables in use.
# PostgreSQL only.
if [ "${RT_BACKEND:-sqlite}" != postgres ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

t_case "scratch databases are dropped after a diff"
printf 'CREATE TABLE a (id integer);\n' >a.sql
printf 'CREATE TABLE a (id integer, v text);\n' >b.sql
rtp diff --from file://a.sql --to file://b.sql
t_status 0
t_out_has "ALTER TABLE public.a ADD COLUMN v text;"
t_eq "$(t_scratch_left)" 0

t_case "a failing schema file names its line and leaves nothing behind"
printf 'CREATE TABLE a (id integer);\n\nCREATE TABLE a (id integer);\n' >bad.sql
rtp diff --from file://bad.sql --to file://bad.sql
t_status 1
t_err_has "bad.sql:3:"
t_err_has "already exists"
t_eq "$(t_scratch_left)" 0

t_case "SIGINT and SIGTERM cancel the load and drop the scratch database"
t_scratch_signals 'SELECT pg_sleep(30);'

t_case "--dev-url names the server for scratch databases"
# -u names a database that does not exist: only --dev-url is used
printf 'CREATE TABLE a (id integer);\n' >a.sql
printf 'CREATE TABLE a (id integer, v text);\n' >b.sql
rtp -u "$(t_pg_url_for no_such_db)" --dev-url "$RT_PG_URL" diff \
	--from file://a.sql --to file://b.sql
t_status 0
t_out_has "ADD COLUMN v text"
t_eq "$(t_scratch_left)" 0

t_case "the engine of file:// and dir:// comes from the URLs given; mixing engines is refused"
# --url is left at its default (SQLite): --from, --to and --dev-url say
# PostgreSQL, so x.sql is read by PostgreSQL
t_query "CREATE TABLE a (id integer)" >/dev/null
printf "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE a (id integer, m mood);\n" >x.sql
t_mig 20260101000001_a "" "CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE a (id integer, m mood);" "DROP TABLE a; DROP TYPE mood;"
db=$DATABASE_URL
unset DATABASE_URL
rtp diff --from "$db" --to file://x.sql --dev-url "$RT_PG_URL"
t_status 0
t_out_has "CREATE TYPE public.mood AS ENUM ('ok', 'sad');"
t_out_has "ADD COLUMN m public.mood"
t_eq "$(t_scratch_left)" 0
rtp diff --from dir://migrations --to "$db" --dev-url "$RT_PG_URL"
t_status 0
t_out_has "DROP COLUMN m"
t_eq "$(t_scratch_left)" 0
# check and new --autogenerate: the engine of --dev-url
cp x.sql schema.sql
rtp --dev-url "$RT_PG_URL" check
t_status 0
# no server for the scratch database: said so, not read by SQLite
rtp diff --from "$db" --to file://x.sql
t_status 2
t_err_has "with PostgreSQL: no server for a scratch database"
# mixing engines: a usage error naming both
rtp diff --from sqlite:other.db --to "$db"
t_status 2
t_err_has "--from is a sqlite database and --to a postgres one"
rtp diff --from "$db" --to file://x.sql --dev-url sqlite::memory:
t_status 2
t_err_has "--dev-url is a sqlite database and --from a postgres one"
rtp -u sqlite:app.db --dev-url "$RT_PG_URL" check
t_status 2
t_err_has "--dev-url is a postgres database and --url a sqlite one"
[ -e other.db ] || [ -e app.db ] && t_fail "a refused diff created a database file"
DATABASE_URL=$db
export DATABASE_URL

t_case "diff of two live databases, both ways"
t_query "CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY);
	CREATE TYPE app.s AS ENUM ('a', 'b');" >/dev/null
other=${T_PG_DB}_other
psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$other\"" >/dev/null 2>&1
psql -qX "$RT_PG_URL" -c "CREATE DATABASE \"$other\"" >/dev/null
psql -qX "$(t_pg_url_for "$other")" -c "CREATE SCHEMA app;
	CREATE TABLE app.t (id integer PRIMARY KEY, s text);
	CREATE TYPE app.s AS ENUM ('a', 'c', 'b');" >/dev/null
rt diff --from "$DATABASE_URL" --to "$(t_pg_url_for "$other")"
t_status 0
t_out_has "ALTER TYPE app.s ADD VALUE 'c' AFTER 'a';"
t_out_has "ALTER TABLE app.t ADD COLUMN s text;"
rt diff --from "$(t_pg_url_for "$other")" --to "$DATABASE_URL"
t_out_has "ALTER TYPE app.s RENAME TO s__retort_old;"
t_out_has "DROP TYPE app.s__retort_old;"
psql -qX "$RT_PG_URL" -c "DROP DATABASE \"$other\" WITH (FORCE)" >/dev/null

t_case "check: exit 3 with the missing SQL, then 0"
t_mig 20260101000000_a "" "CREATE TABLE t (id integer);" "DROP TABLE t;"
printf 'CREATE TABLE t (id integer, note text);\n' >schema.sql
rtp check
t_status 3
t_out_has "ALTER TABLE public.t ADD COLUMN note text;"
t_eq "$(t_scratch_left)" 0
rt new note --autogenerate
t_status 0
rt check
t_status 0

t_case "a rename asked for is a rename, recorded for the next run"
t_mig 20260101000000_a "" "CREATE TABLE t (id integer, name text);" "DROP TABLE t;"
printf 'CREATE TABLE t (id integer, title text);\n' >schema.sql
rt new r --autogenerate
t_status 0
t_err_has "--rename t.name=title"
rm migrations/*_r.sql
rt new r --autogenerate --rename t.name=title
t_status 0
grep -q "ALTER TABLE public.t RENAME COLUMN name TO title;" migrations/*_r.sql ||
	t_fail "no RENAME COLUMN: $(cat migrations/*_r.sql)"
grep -q "^-- retort:rename t.name=title" migrations/*_r.sql ||
	t_fail "the decision is not recorded"
rt check
t_status 0

t_case "dump: every schema, in an order that loads"
t_query "CREATE SCHEMA b; CREATE SCHEMA a;
	CREATE TABLE a.p (id integer PRIMARY KEY);
	CREATE TABLE b.c (id integer REFERENCES a.p, \"Mixed\" text);
	CREATE VIEW b.v AS SELECT c.id, p.id AS pid FROM b.c JOIN a.p ON p.id = c.id;
	COMMENT ON TABLE b.c IS 'child';" >/dev/null
rt dump
t_status 0
printf '%s\n' "$OUT" >dump.sql
t_out_has 'CREATE TABLE b.c ('
t_out_has '"Mixed" text'
t_out_has "COMMENT ON TABLE b.c IS 'child';"
other=${T_PG_DB}_load
psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$other\"" >/dev/null 2>&1
psql -qX "$RT_PG_URL" -c "CREATE DATABASE \"$other\"" >/dev/null
psql -qX -v ON_ERROR_STOP=1 "$(t_pg_url_for "$other")" -f dump.sql >/dev/null 2>load.err ||
	t_fail "the dump does not load: $(cat load.err)"
rt diff --from "$DATABASE_URL" --to "$(t_pg_url_for "$other")"
t_status 0
t_eq "$OUT" "" "diff between the database and its dump"
psql -qX "$RT_PG_URL" -c "DROP DATABASE \"$other\" WITH (FORCE)" >/dev/null

t_case "new --autogenerate writes the safe forms; upgrade runs them unrefused"
t_mig 20260101000000_a "" "CREATE TABLE o (id integer PRIMARY KEY);
CREATE TABLE t (id integer PRIMARY KEY, email text, o_id integer, age integer);
CREATE INDEX t_age ON t (age);
INSERT INTO o VALUES (1);
INSERT INTO t VALUES (1, 'a@x', 1, 30);" "DROP TABLE t; DROP TABLE o;"
cat >schema.sql <<-'EOF'
CREATE TABLE o (id integer PRIMARY KEY);
CREATE TABLE t (id integer PRIMARY KEY, email text NOT NULL UNIQUE,
    o_id integer REFERENCES o, age integer CHECK (age > 0));
CREATE INDEX t_o ON t (o_id);
CREATE TABLE n (id integer PRIMARY KEY, t_id integer REFERENCES t);
CREATE INDEX n_t ON n (t_id);
EOF
rt upgrade
t_status 0
rt new safe --autogenerate
t_status 0
# four migrations: PostgreSQL needs a commit between them
mig=$(ls migrations/*_safe.sql)
set -- $(ls migrations/*_safe_[234].sql)
t_eq "$#" 3 "migrations after the first: $*"
# 1: the index drop, alone outside a transaction
t_file_has "$mig" "^-- retort:up transaction=false"
t_file_has "$mig" "^DROP INDEX CONCURRENTLY public.t_age;"
t_file_has "$mig" "^CREATE INDEX CONCURRENTLY t_age ON public.t"
# 2: the rest in one transaction, checks and foreign keys NOT VALID
t_file_lacks "$1" "transaction=false"
t_file_has "$1" "^CREATE INDEX n_t ON public.n"
t_file_has "$1" "FOREIGN KEY (o_id) REFERENCES public.o(id) NOT VALID;"
t_file_has "$1" "CHECK ((age > 0)) NOT VALID;"
t_file_has "$1" "CHECK (email IS NOT NULL) NOT VALID;"
t_file_has "$1" "^ALTER TABLE public.n ADD CONSTRAINT n_t_id_fkey FOREIGN KEY (t_id) REFERENCES public.t(id);"
t_file_lacks "$1" "VALIDATE CONSTRAINT"
# 3: the concurrent builds outside a transaction
t_file_has "$2" "^-- retort:up transaction=false"
t_file_has "$2" "^CREATE INDEX CONCURRENTLY t_o ON public.t"
t_file_has "$2" "^CREATE UNIQUE INDEX CONCURRENTLY t_email_key ON public.t (email);"
t_file_has "$2" "ADD CONSTRAINT t_email_key UNIQUE USING INDEX t_email_key;"
# 4: validated once the adds have committed
t_file_lacks "$3" "transaction=false"
t_file_has "$3" "^ALTER TABLE public.t VALIDATE CONSTRAINT t_o_id_fkey;"
t_file_has "$3" "^ALTER TABLE public.t VALIDATE CONSTRAINT t_email_not_null;"
t_file_has "$3" "^-- retort:parent $(basename "$2" .sql)"
rt lint "$mig" "$@"
t_status 0
# no --allow-unsafe: lint finds nothing to refuse
rt upgrade
t_status 0
rt check
t_status 0
t_eq "$(t_query "SELECT count(*) FROM pg_constraint WHERE conrelid = 't'::regclass AND NOT convalidated")" 0 \
	"constraints left NOT VALID"
t_eq "$(t_query "SELECT count(*) FROM pg_index WHERE NOT indisvalid")" 0 "invalid indexes"
rt downgrade 20260101000000_a
t_status 0
printf 'CREATE TABLE o (id integer PRIMARY KEY);\nCREATE TABLE t (id integer PRIMARY KEY, email text, o_id integer, age integer);\nCREATE INDEX t_age ON t (age);\n' >base.sql
rt diff --from "$(t_url)" --to file://base.sql
t_status 0
t_eq "$OUT" "" "after down, the database is the base again"

t_case "new --autogenerate: a type change that only widens is backward compatible, and no rewrite"
t_mig 20260101000000_a "" "CREATE TABLE w (id integer PRIMARY KEY, name varchar(50), bal numeric(10, 2));
CREATE INDEX w_name ON w (name);
INSERT INTO w VALUES (1, 'a', 1.5);" "DROP TABLE w;"
rt upgrade
t_status 0
before=$(relfilenodes w w_name w_pkey)
printf 'CREATE TABLE w (id integer PRIMARY KEY, name varchar(100), bal numeric(12, 2));\nCREATE INDEX w_name ON w (name);\n' >schema.sql
rt new widen --autogenerate
t_status 0
# nothing to say: the brief lock runs under retort's own lock_timeout
t_out_has "every change is backward compatible"
t_out_lacks "missing-lock-timeout"
t_out_lacks "change-column-type"
mig=$(ls migrations/*_widen.sql)
t_file_has "$mig" "ALTER COLUMN name TYPE character varying(100)"
t_file_has "$mig" "ALTER COLUMN bal TYPE numeric(12,2)"
# as the directory's newest migration, lint knows the old types from
# the first one (no database)
rt lint --since 20260101000000_a
t_status 0
t_out_lacks "change-column-type"
rt upgrade
t_status 0
t_eq "$(relfilenodes w w_name w_pkey)" "$before" "relations after the widening"
# narrowing back is a real change: reported, and upgrade refuses it
printf 'CREATE TABLE w (id integer PRIMARY KEY, name varchar(20), bal numeric(12, 2));\nCREATE INDEX w_name ON w (name);\n' >schema.sql
rt new narrow --autogenerate
t_status 0
t_out_has "not backward compatible"
t_out_has "change-column-type"
rt upgrade
t_status 3
t_err_has "change-column-type"
t_eq "$(t_query "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'w'::regclass AND attname = 'name'")" \
	"character varying(100)" "name after the refused upgrade"

t_case "--schema-name app: diff, check, dump and new read and change app alone"
t_query "CREATE SCHEMA app; CREATE SCHEMA other;
	CREATE TABLE other.keep (id integer); CREATE TABLE public.keep2 (id integer);
	CREATE TYPE other.mood AS ENUM ('a'); CREATE FUNCTION other.f() RETURNS int
	LANGUAGE sql AS 'SELECT 1';" >/dev/null
t_mig 20260101000000_a "" "CREATE TABLE t (id integer PRIMARY KEY);" "DROP TABLE t;"
printf 'CREATE TABLE t (id integer PRIMARY KEY, note text);\nCREATE INDEX t_note ON t (note);\n' >schema.sql
rt --schema-name app upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM pg_tables WHERE schemaname = 'app' AND tablename = 't'")" 1 "app.t"
rtp --schema-name app diff --from "$DATABASE_URL" --to file://schema.sql
t_status 0
t_out_has "ALTER TABLE app.t ADD COLUMN note text;"
t_out_has "CREATE INDEX t_note ON app.t"
t_out_lacks "keep"
t_out_lacks "other"
t_out_lacks "DROP"
t_eq "$(t_scratch_left)" 0
rt --schema-name app check
t_status 3
t_out_has "ALTER TABLE app.t ADD COLUMN note text;"
t_out_lacks "other"
rt --schema-name app new note --autogenerate
t_status 0
mig=$(ls migrations/*_note.sql)
t_file_has "$mig" "ALTER TABLE app.t ADD COLUMN note text;"
t_file_lacks "$mig" "other\."
t_file_lacks "$mig" "keep"
rt --schema-name app upgrade
t_status 0
rt --schema-name app check
t_status 0
rt --schema-name app diff --from "$DATABASE_URL" --to file://schema.sql
t_status 0
t_eq "$OUT" "" "diff after the upgrade"
rt --schema-name app dump
t_status 0
t_out_has "CREATE TABLE app.t ("
t_out_lacks "keep"
t_out_lacks "other"
t_out_lacks "retort_"
printf '%s\n' "$OUT" >dump.sql
# the dump names its schema, so it loads into an empty database, and
# it is a schema file for the same project
other=${T_PG_DB}_load
psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$other\"" >/dev/null 2>&1
psql -qX "$RT_PG_URL" -c "CREATE DATABASE \"$other\"" >/dev/null
psql -qX -v ON_ERROR_STOP=1 "$(t_pg_url_for "$other")" -f dump.sql >/dev/null 2>load.err ||
	t_fail "the dump does not load: $(cat load.err)"
rt --schema-name app diff --from "$DATABASE_URL" --to "$(t_pg_url_for "$other")"
t_status 0
t_eq "$OUT" "" "diff between the database and its dump"
psql -qX "$RT_PG_URL" -c "DROP DATABASE \"$other\" WITH (FORCE)" >/dev/null
rt --schema-name app diff --from "$DATABASE_URL" --to file://dump.sql
t_status 0
t_eq "$OUT" "" "diff between the database and its dump as a schema file"
t_eq "$(t_query "SELECT count(*) FROM pg_class WHERE relname IN ('keep', 'keep2')")" 2 "the other schemas' tables"

t_case "an index on a partitioned table ends valid on every partition; an invalid one is drift"
t_mig 20260101000000_a "" "CREATE TABLE m (id integer NOT NULL, v text) PARTITION BY RANGE (id);
CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM (0) TO (10);
CREATE TABLE m_2 PARTITION OF m FOR VALUES FROM (10) TO (20) PARTITION BY RANGE (id);
CREATE TABLE m_2a PARTITION OF m_2 FOR VALUES FROM (10) TO (15);" "DROP TABLE m;"
cat >schema.sql <<-'EOF'
CREATE TABLE m (id integer NOT NULL, v text) PARTITION BY RANGE (id);
CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM (0) TO (10);
CREATE TABLE m_2 PARTITION OF m FOR VALUES FROM (10) TO (20) PARTITION BY RANGE (id);
CREATE TABLE m_2a PARTITION OF m_2 FOR VALUES FROM (10) TO (15);
CREATE INDEX m_v ON m (v);
EOF
rt upgrade
t_status 0
rt new ix --autogenerate
t_status 0
t_file_lacks "$(ls migrations/*_ix.sql)" "ON ONLY"
rt upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM pg_index WHERE NOT indisvalid")" 0 "invalid indexes"
t_eq "$(t_query "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_index i
	JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
	WHERE c.relname LIKE 'm%'")" "m m_1 m_2 m_2a" "tables with the index"
rt check
t_status 0
# the same index left invalid (ON ONLY, nothing attached) is drift
t_query "DROP INDEX m_v; CREATE INDEX m_v ON ONLY m (v);" >/dev/null
rt diff --from "$(t_url)" --to file://schema.sql
t_status 0
t_out_has "DROP INDEX public.m_v;"
t_out_has "CREATE INDEX m_v ON public.m USING btree (v);"
rt dump
t_status 0
t_out_has "CREATE INDEX m_v ON ONLY public.m USING btree (v);"

# --- what PostgreSQL cannot do in one transaction: new --autogenerate
# writes a chain of migrations, each passing upgrade's lint -------------

# The migrations of the chain `new SLUG --autogenerate` wrote, oldest first.
chain() {
	ls migrations/*_"$1".sql migrations/*_"$1"_[0-9]*.sql 2>/dev/null | sort
}

# The up section of a migration file.
up_of() {
	sed -n '/^-- retort:up/,/^-- retort:down/p' "$1"
}

t_case "autogenerate: SET NOT NULL is validated in a migration after the NOT VALID check"
# a table big enough that lint does not wave its locks through as small
t_mig 20260101000000_a "" "CREATE TABLE t (id integer PRIMARY KEY, email text);
INSERT INTO t SELECT g, g || '@x' FROM generate_series(1, 20000) g;
ANALYZE t;" "DROP TABLE t;"
rt upgrade
t_status 0
printf 'CREATE TABLE t (id integer PRIMARY KEY, email text NOT NULL);\n' >schema.sql
rt new nn --autogenerate
t_status 0
# new's verdict reads the chain as one run: the check the first adds is
# validated by the second, so SET NOT NULL is no finding
t_out_lacks "set-not-null"
t_out_lacks "add-check-validated"
t_eq "$(chain nn | wc -l | tr -d ' ')" 2 "migrations written: $(chain nn)"
set -- $(chain nn) missing.sql missing.sql
t_file_has "$1" "CHECK (email IS NOT NULL) NOT VALID;"
t_file_lacks "$1" "VALIDATE CONSTRAINT"
t_file_lacks "$1" "transaction=false"
t_file_has "$2" "^-- retort:parent $(basename "$1" .sql)"
t_file_has "$2" "^ALTER TABLE public.t VALIDATE CONSTRAINT t_email_not_null;"
t_file_has "$2" "^ALTER TABLE public.t ALTER COLUMN email SET NOT NULL;"
t_file_lacks "$2" "transaction=false"
rt lint
t_status 0
t_out_lacks "add-check-validated"
t_out_lacks "set-not-null"
# no --allow-unsafe
rt upgrade
t_status 0
rt check
t_status 0
t_eq "$(t_query "SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'email'")" t "email NOT NULL"
t_eq "$(t_query "SELECT count(*) FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'c'")" 0 "checks left"
# each down undoes its own up: one step back is the first migration's state
rt downgrade
t_status 0
t_eq "$(t_query "SELECT convalidated FROM pg_constraint WHERE conname = 't_email_not_null'")" f "the check after one step down"
t_eq "$(t_query "SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'email'")" f "email after one step down"
rt downgrade 20260101000000_a
t_status 0
printf 'CREATE TABLE t (id integer PRIMARY KEY, email text);\n' >base.sql
rt diff --from "$(t_url)" --to file://base.sql
t_status 0
t_eq "$OUT" "" "after down to the base"

t_case "autogenerate: an enum label added and used as a default commits first (ADD VALUE, no new type)"
t_mig 20260101000000_a "" "CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE p (id integer PRIMARY KEY, m mood DEFAULT 'ok');
INSERT INTO p VALUES (1, 'sad');" "DROP TABLE p; DROP TYPE mood;"
rt upgrade
t_status 0
oid=$(t_query "SELECT oid FROM pg_type WHERE typname = 'mood'")
cat >schema.sql <<-'EOF'
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE p (id integer PRIMARY KEY, m mood DEFAULT 'happy');
EOF
rt new mood --autogenerate
t_status 0
t_eq "$(chain mood | wc -l | tr -d ' ')" 2 "migrations written: $(chain mood)"
set -- $(chain mood) missing.sql missing.sql
up_of "$1" >up1
up_of "$2" >up2
t_file_has up1 "^ALTER TYPE public.mood ADD VALUE 'happy' AFTER 'ok';"
t_file_lacks up1 "RENAME TO"
t_file_lacks up1 "DEFAULT"
t_file_has up2 "SET DEFAULT 'happy'::public.mood;"
t_file_lacks up2 "ADD VALUE"
t_file_lacks up2 "__retort_old"
# the first down makes the type again without the label, after the
# second down gave the column its old default back
t_file_has "$1" "CREATE TYPE public.mood AS ENUM ('sad', 'ok');"
rt lint
t_status 0
rt upgrade
t_status 0
rt check
t_status 0
t_eq "$(t_query "SELECT oid FROM pg_type WHERE typname = 'mood'")" "$oid" "the type is the same type (not made again)"
t_query "INSERT INTO p (id) VALUES (2)" >/dev/null
t_eq "$(t_query "SELECT m FROM p WHERE id = 2")" happy "the default"
t_query "DELETE FROM p WHERE id = 2" >/dev/null
rt downgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood' AND enumlabel = 'happy'")" 1 \
	"one step down keeps the label"
rt downgrade 20260101000000_a
t_status 0
printf "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE p (id integer PRIMARY KEY, m mood DEFAULT 'ok');\n" >base.sql
rt diff --from "$(t_url)" --to file://base.sql
t_status 0
t_eq "$OUT" "" "after down to the base"
t_eq "$(t_query "SELECT m FROM p WHERE id = 1")" sad "the row"

t_case "autogenerate: only CONCURRENTLY runs outside a transaction, and a failing down changes nothing"
t_mig 20260101000000_a "" "CREATE TABLE c (id integer PRIMARY KEY, w varchar(10));
INSERT INTO c VALUES (1, 'x');" "DROP TABLE c;"
rt upgrade
t_status 0
cat >schema.sql <<-'EOF'
CREATE TABLE c (id integer PRIMARY KEY, w varchar(20), z integer);
CREATE INDEX c_w ON c (w);
EOF
rt new idx --autogenerate
t_status 0
t_eq "$(chain idx | wc -l | tr -d ' ')" 2 "migrations written: $(chain idx)"
# (names for the checks below even when fewer were written)
set -- $(chain idx) missing.sql missing.sql
t_file_lacks "$1" "transaction=false"
t_file_lacks "$1" "CONCURRENTLY"
t_file_has "$1" "ALTER COLUMN w TYPE character varying(20)"
t_file_has "$2" "^-- retort:up transaction=false"
t_file_has "$2" "^CREATE INDEX CONCURRENTLY c_w ON public.c"
# the up outside a transaction holds nothing but CONCURRENTLY
up_of "$2" | grep -v '^--' | grep -v '^$' | grep -v CONCURRENTLY &&
	t_fail "more than CONCURRENTLY outside a transaction"
rt lint
t_status 0
rt upgrade
t_status 0
rt check
t_status 0
# a view over w (made by hand) fails the first migration's down at its
# last statement (w back to varchar(10)), after it dropped z: nothing of
# that down stays
t_query "INSERT INTO c VALUES (2, 'y', 7); CREATE VIEW cv AS SELECT w FROM c" >/dev/null
rt downgrade 20260101000000_a
t_status 1
t_eq "$(t_query "SELECT count(*) FROM pg_indexes WHERE indexname = 'c_w'")" 0 "the index (its migration was reverted)"
t_eq "$(t_query "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute
	WHERE attrelid = 'c'::regclass AND attnum > 0 AND NOT attisdropped")" \
	"id integer, w character varying(20), z integer" "columns after the failed down"
t_eq "$(t_query "SELECT z FROM c WHERE id = 2")" 7 "z's value after the failed down"
rt status
t_out_lacks "partial"
t_query "DROP VIEW cv; DELETE FROM c WHERE id = 2" >/dev/null
rt downgrade 20260101000000_a
t_status 0
printf 'CREATE TABLE c (id integer PRIMARY KEY, w varchar(10));\n' >base.sql
rt diff --from "$(t_url)" --to file://base.sql
t_status 0
t_eq "$OUT" "" "after down to the base"

t_done
