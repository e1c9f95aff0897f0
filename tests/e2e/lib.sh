# lib.sh: the harness of the end-to-end families, in the manner of git's
# t/test-lib.sh. A family script sources this, calls `t_case NAME` before
# each case's commands and `t_done` at the end; assertions record failures
# and never stop the script. Each family runs in its own temporary
# directory, removed afterwards.
#
# Environment: RETORT (the binary; default build/retort); RT_BACKEND
# (sqlite, the default, postgres or mysql) and, for postgres, RT_PG_URL (a
# server's URL, as tests/pg-tmp prints it), for mysql RT_MYSQL_URL (as
# tests/mariadb-tmp prints it). The same families run against
# both: each case gets a database of its own, which $DATABASE_URL names,
# so `rt upgrade` without -u migrates it; t_query, t_dump and t_url speak
# to it whatever the backend.

set -u
T_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RETORT=${RETORT:-$T_ROOT/build/retort}
T_NAME=$(basename "$0" .sh)
. "$T_ROOT/tests/tmp-base.sh"
T_DIR=$(mktemp -d "$(rt_tmp_base)/retort-$T_NAME-XXXXXX")
T_PASSED=0
T_FAILED=0
T_CASE=""
T_CASE_FAILED=0
RT_BACKEND=${RT_BACKEND:-sqlite}
# psql from PostgreSQL's own bin directory (the newest, as tests/pg-tmp
# picks the server): Debian's /usr/bin/psql is pg_wrapper, a Perl script
# that doubles the cost of each of the suite's thousands of calls
for _d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
	[ -x "$_d/psql" ] && { PATH=$_d:$PATH; export PATH; break; }
done
T_SKIPPED=0
T_PG_DB=""
T_MY_DB=""
# RT_SHARD=I/N (tests/run-all.sh): this job runs the I-th of N shares of
# a family's cases (t_sharded); the shares run at once, so their case
# databases are named apart
RT_SHARD=${RT_SHARD-}
T_DB_TAG=$(printf '%s' "$T_NAME${RT_SHARD:+_s$RT_SHARD}" | tr -c 'a-z0-9' _)
# the type to CAST a value to for text comparisons
T_TEXT=text
[ "$RT_BACKEND" = mysql ] && T_TEXT=char
# t_skip_on ENGINE REASON: skip the rest of this case on ENGINE (true
# there): `if ! t_skip_on mysql "why"; then ...; fi`
t_skip_on() {
	[ "$RT_BACKEND" = "$1" ] || return 1
	[ "$T_CASE_FAILED" -eq 0 ] && T_CASE_SKIP=1
	echo "  skipped on $1: $2"
	return 0
}
trap 't_drop_db; rm -rf "$T_DIR"' EXIT
cd "$T_DIR" || exit 1
unset DATABASE_URL NO_COLOR
if [ "$RT_BACKEND" = postgres ] && [ -z "${RT_PG_URL-}" ]; then
	echo "$T_NAME: RT_BACKEND=postgres needs RT_PG_URL (tests/pg-tmp start)"
	exit 1
fi
if [ "$RT_BACKEND" = mysql ] && [ -z "${RT_MYSQL_URL-}" ]; then
	echo "$T_NAME: RT_BACKEND=mysql needs RT_MYSQL_URL (tests/mariadb-tmp start)"
	exit 1
fi

# mysql://user:password@host:port/db: the mariadb client's options for
# URL $1 (the password goes through MYSQL_PWD, never the command line).
t_my_opts() {
	printf '%s\n' "$1" | sed -n 's|^[a-z]*://\([^:@]*\):\{0,1\}[^@]*@\([^:/]*\):\{0,1\}\([0-9]*\)/\([^?]*\).*$|-u\1 -h\2 -P\3 \4|p'
}
t_my_pw() {
	printf '%s\n' "$1" | sed -n 's|^[a-z]*://[^:@]*:\([^@]*\)@.*$|\1|p'
}
# t_my URL ARGS...: the mariadb client against URL's database
t_my() {
	_u=$1
	shift
	# shellcheck disable=SC2046
	MYSQL_PWD=$(t_my_pw "$_u") mariadb --no-defaults $(t_my_opts "$_u") "$@"
}

# The server URL with another database name.
t_pg_url_for() {
	_base=${RT_PG_URL-}
	[ "$RT_BACKEND" = mysql ] && _base=$RT_MYSQL_URL
	printf '%s\n' "$_base" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$1\1|"
}

t_drop_db() {
	if [ -n "$T_MY_DB" ]; then
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$T_MY_DB\`" \
			>/dev/null 2>&1
		T_MY_DB=""
	fi
	[ -n "$T_PG_DB" ] || return 0
	psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$T_PG_DB\" WITH (FORCE)" \
		>/dev/null 2>&1
	T_PG_DB=""
}

# The case's database: a fresh PostgreSQL database, or retort.db in the
# case directory.
t_new_db() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_drop_db
		T_MY_DB="t_${T_DB_TAG}_$((T_PASSED + T_FAILED + T_SKIPPED + 1))"
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$T_MY_DB\`;
			CREATE DATABASE \`$T_MY_DB\`" >/dev/null
		DATABASE_URL=$(t_pg_url_for "$T_MY_DB")
		export DATABASE_URL
	elif [ "$RT_BACKEND" = postgres ]; then
		t_drop_db
		T_PG_DB="t_${T_DB_TAG}_$((T_PASSED + T_FAILED + T_SKIPPED + 1))"
		# one an interrupted earlier run left behind goes first
		psql -qX "$RT_PG_URL" -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS \"$T_PG_DB\" WITH (FORCE)" \
			-c "CREATE DATABASE \"$T_PG_DB\"" >/dev/null
		DATABASE_URL=$(t_pg_url_for "$T_PG_DB")
		export DATABASE_URL
	else
		unset DATABASE_URL
	fi
}

# The URL of the case's database.
t_url() {
	if [ "$RT_BACKEND" = postgres ] || [ "$RT_BACKEND" = mysql ]; then
		printf '%s\n' "$DATABASE_URL"
	else
		printf 'sqlite:%s\n' "$T_CASE_DIR/retort.db"
	fi
}

# Run SQL against the case's database; rows one a line, columns '|'.
t_query() {
	if [ "$RT_BACKEND" = mysql ]; then
		# || concatenates, as in the other engines
		t_my "$DATABASE_URL" -N -B -r -e "SET SESSION sql_mode =
			CONCAT(@@sql_mode, ',PIPES_AS_CONCAT'); $1" | sed 's/\t/|/g'
	elif [ "$RT_BACKEND" = postgres ]; then
		psql -qXAt -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$1"
	else
		sqlite3 -batch -noheader "$T_CASE_DIR/retort.db" "$1"
	fi
}

# Everything in the case's database, schema and rows, in a stable form:
# proof that a database was left exactly as it was.
t_dump() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_my_dump "$DATABASE_URL"
	elif [ "$RT_BACKEND" = postgres ]; then
		# pg_dump 15.14+ writes \restrict lines with a random key
		pg_dump --no-owner --no-privileges --inserts "$DATABASE_URL" |
			grep -v '^--' |
			grep -v '^SET \|^SELECT pg_catalog\|^\\\(un\)\{0,1\}restrict '
	else
		t_snapshot "$T_CASE_DIR/retort.db"
	fi
}

# mariadb-dump of URL $1's database (ARGS after), stable: no comments,
# no dates, no AUTO_INCREMENT counters.
t_my_dump() {
	_u=$1
	shift
	# shellcheck disable=SC2046
	set -- $(t_my_opts "$_u") "$@"
	MYSQL_PWD=$(t_my_pw "$_u") mariadb-dump --no-defaults --skip-comments \
		--skip-dump-date --skip-extended-insert --compact "$@" |
		sed 's/ AUTO_INCREMENT=[0-9]*//'
}

# The names of the user tables (not retort's), sorted, one a line.
t_tables() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_query "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'retort%' ORDER BY 1"
	elif [ "$RT_BACKEND" = postgres ]; then
		t_query "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE 'retort%' ORDER BY 1"
	else
		t_query "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'retort%' ORDER BY 1"
	fi
}

# Skip the rest of this case unless the backend is $1: `t_only sqlite || return`
# inside a function, or `if t_only sqlite; then ... fi`.
t_only() {
	[ "$RT_BACKEND" = "$1" ] && return 0
	[ "$T_CASE_FAILED" -eq 0 ] && T_CASE_SKIP=1
	return 1
}

t_case_end() {
	[ -n "$T_CASE" ] || return 0
	if [ "${T_CASE_SKIP-0}" -eq 1 ] && [ "$T_CASE_FAILED" -eq 0 ]; then
		T_SKIPPED=$((T_SKIPPED + 1))
		echo "skip - $T_CASE ($RT_BACKEND)"
	elif [ "$T_CASE_FAILED" -eq 0 ]; then
		T_PASSED=$((T_PASSED + 1))
		echo "ok - $T_CASE"
	else
		T_FAILED=$((T_FAILED + 1))
		echo "not ok - $T_CASE"
	fi
	T_CASE=""
}

# Start a case in a fresh working directory of its own.
t_case() {
	t_case_end
	T_CASE=$1
	T_CASE_FAILED=0
	T_CASE_SKIP=0
	T_CASE_DIR="$T_DIR/case$((T_PASSED + T_FAILED + T_SKIPPED + 1))"
	mkdir -p "$T_CASE_DIR/migrations"
	cd "$T_CASE_DIR" || exit 1
	t_new_db
}

t_fail() {
	T_CASE_FAILED=1
	echo "  FAIL: $*"
}

# Run retort, keeping stdout in $OUT, stderr in $ERR and status in $RC.
rt() {
	"$RETORT" "$@" >"$T_CASE_DIR/.out" 2>"$T_CASE_DIR/.err"
	RC=$?
	t_rt_read "$@"
}

# rt, its process id kept in RT_PID: the scratch databases a process makes
# are named by it (t_scratch_left).
rtp() {
	"$RETORT" "$@" >"$T_CASE_DIR/.out" 2>"$T_CASE_DIR/.err" &
	RT_PID=$!
	wait "$RT_PID"
	RC=$?
	t_rt_read "$@"
}

t_rt_read() {
	OUT=$(cat "$T_CASE_DIR/.out")
	ERR=$(cat "$T_CASE_DIR/.err")
	# a sanitizer report is a failure whatever the exit status
	if grep -q "Sanitizer" "$T_CASE_DIR/.err"; then
		t_fail "sanitizer report from: retort $*"
		cat "$T_CASE_DIR/.err"
	fi
	return 0
}

# The scratch databases retort process $1 (default: the last rtp's) left on
# the server: they are named retort_scratch_<pid>_<n>, and the server is
# shared with other families making their own. 0 on SQLite (in memory).
t_scratch_left() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_my "$RT_MYSQL_URL" -N -B -e "SELECT count(*) FROM
			information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE
			'retort\\_scratch\\_${1:-$RT_PID}\\_%'"
	elif [ "$RT_BACKEND" = postgres ]; then
		psql -qXAt "$RT_PG_URL" -c "SELECT count(*) FROM pg_database
			WHERE datname LIKE 'retort\\_scratch\\_${1:-$RT_PID}\\_%'"
	else
		echo 0
	fi
}

# diff over a schema file whose load runs the statement $1 (one that sleeps
# 30 s), stopped by SIGINT and by SIGTERM once its scratch database exists:
# the signal's exit status and message, within 10 s (the statement is
# cancelled on the server, not waited for), and no scratch database left.
t_scratch_signals() {
	printf 'CREATE TABLE a (id integer);\n%s\n' "$1" >slow.sql
	printf 'CREATE TABLE a (id integer);\n' >a.sql
	for _sig in INT TERM; do
		"$RETORT" diff --from file://slow.sql --to file://a.sql \
			>"$T_CASE_DIR/.out" 2>"$T_CASE_DIR/.err" &
		_pid=$!
		_i=0
		while [ "$(t_scratch_left $_pid)" -eq 0 ] && [ $_i -lt 100 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		sleep 0.3
		_t0=$(date +%s)
		kill -$_sig $_pid
		wait $_pid 2>/dev/null
		_rc=$?
		_took=$(($(date +%s) - _t0))
		[ $_took -lt 10 ] || t_fail "SIG$_sig took ${_took}s to stop the load"
		if [ $_sig = INT ]; then
			t_eq $_rc 130 "SIGINT status"
		else
			t_eq $_rc 143 "SIGTERM status"
		fi
		grep -q "interrupted by a signal; the scratch database was dropped" \
			"$T_CASE_DIR/.err" ||
			t_fail "no interruption message: $(cat "$T_CASE_DIR/.err")"
		t_eq "$(t_scratch_left $_pid)" 0 "after SIG$_sig"
	done
}

# Expect the last rt status.
t_status() {
	[ "$RC" -eq "$1" ] || t_fail "exit status $RC, expected $1 (stderr: $ERR)"
}

t_out_has() {
	case "$OUT" in *"$1"*) ;; *) t_fail "stdout lacks '$1': $OUT" ;; esac
}

t_out_lacks() {
	case "$OUT" in *"$1"*) t_fail "stdout has '$1': $OUT" ;; *) ;; esac
}

t_err_has() {
	case "$ERR" in *"$1"*) ;; *) t_fail "stderr lacks '$1': $ERR" ;; esac
}

t_file_has() {
	grep -q -- "$2" "$1" 2>/dev/null || t_fail "$1 lacks '$2'"
}

t_file_lacks() {
	! grep -q -- "$2" "$1" 2>/dev/null || t_fail "$1 has '$2'"
}

t_eq() {
	[ "$1" = "$2" ] || t_fail "got '$1', expected '$2'${3:+ ($3)}"
}

# sqlite3 query against a database file, one value a line.
t_sql() {
	sqlite3 -batch -noheader "$1" "$2"
}

# A snapshot of everything in a SQLite file: schema and all rows, to
# prove a database is left exactly as it was.
t_snapshot() {
	[ -f "$1" ] || { echo "<no file>"; return; }
	sqlite3 -batch "$1" .dump
}

# Write a migration file: t_mig NAME PARENTS UP [DOWN]; DOWN "-" omits the
# down section (irreversible).
t_mig() {
	{
		[ -n "$2" ] && echo "-- retort:parent $2"
		echo "-- retort:up"
		printf '%s\n' "$3"
		if [ "${4-}" != "-" ]; then
			echo "-- retort:down"
			printf '%s\n' "${4-}"
		fi
	} >"migrations/$1.sql"
}

# t_sharded: whether the next case is this job's (with RT_SHARD=I/N, one
# case in N, the I-th; every case without it). Call once per case.
T_SHARD_SEEN=0
t_sharded() {
	T_SHARD_SEEN=$((T_SHARD_SEEN + 1))
	[ -n "$RT_SHARD" ] || return 0
	[ $(((T_SHARD_SEEN - 1) % ${RT_SHARD#*/} + 1)) -eq "${RT_SHARD%/*}" ]
}

t_done() {
	t_case_end
	t_drop_db
	echo "$T_NAME ($RT_BACKEND): $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
	[ "$T_FAILED" -eq 0 ]
}

# t_json FILTER: jq FILTER over $OUT must give true (valid JSON, true
# result; jq 1.6 -e exits 0 on empty input, so the result is compared).
t_json() {
	if ! command -v jq >/dev/null 2>&1; then
		t_fail "jq is not installed (needed for: $1)"
		return
	fi
	[ "$(printf '%s\n' "$OUT" | jq -c "$1" 2>/dev/null)" = true ] ||
		t_fail "JSON check failed: $1 on: $OUT"
}

# --- backend-neutral helpers of the migration families (t1001-t1003) --------

# t_query, but on SQLite nothing (and no file created) while the case has
# no database file.
q() {
	[ "$RT_BACKEND" = sqlite ] && [ ! -f "$T_CASE_DIR/retort.db" ] && return 0
	t_query "$1"
}

# PostgreSQL: "name=relfilenode ..." of the relations named, in name order:
# the same before and after a statement that rewrote nothing.
relfilenodes() {
	t_query "SELECT string_agg(relname || '=' || relfilenode, ' ' ORDER BY relname)
FROM pg_class WHERE relname = ANY (string_to_array('$*', ' '))"
}

# How many objects (tables, indexes, ...) named in the SQL list $1 exist.
n_objects() {
	if [ "$RT_BACKEND" = mysql ]; then
		_n=$(q "SELECT (SELECT count(*) FROM information_schema.tables
			WHERE table_schema = DATABASE() AND table_name IN ($1)) +
			(SELECT count(DISTINCT index_name) FROM information_schema.statistics
			WHERE table_schema = DATABASE() AND index_name IN ($1))")
	elif [ "$RT_BACKEND" = postgres ]; then
		_n=$(q "SELECT count(*) FROM pg_class WHERE relname IN ($1)
			AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())")
	else
		_n=$(q "SELECT count(*) FROM sqlite_schema WHERE name IN ($1)")
	fi
	echo "${_n:-0}"
}

# User tables, space separated ("" when there is no database yet).
tables() {
	[ "$RT_BACKEND" = sqlite ] && [ ! -f "$T_CASE_DIR/retort.db" ] && return 0
	t_tables | grep -v '^sqlite_' | tr '\n' ' ' | sed 's/ $//'
}

# Revisions recorded in retort_migrations, space separated.
applied() {
	[ "$(n_objects "'retort_migrations'")" -eq 1 ] || return 0
	q "SELECT revision FROM retort_migrations ORDER BY revision" |
		tr '\n' ' ' | sed 's/ $//'
}

# Everything in the database but the retort_ tables: the user's schema
# and rows.
user_dump() {
	if [ "$RT_BACKEND" = mysql ]; then
		_ign=""
		for _t in $(q "SELECT table_name FROM information_schema.tables
			WHERE table_schema = DATABASE() AND table_name LIKE 'retort%'"); do
			_ign="$_ign --ignore-table=$(t_my_opts "$DATABASE_URL" | sed 's/.* //').$_t"
		done
		# shellcheck disable=SC2086
		t_my_dump "$DATABASE_URL" $_ign
		return
	fi
	if [ "$RT_BACKEND" = postgres ]; then
		pg_dump --no-owner --no-privileges --inserts -T 'retort_*' "$DATABASE_URL" |
			grep -v '^--\|^SET \|^SELECT pg_catalog\|^\\\(un\)\{0,1\}restrict '
		return
	fi
	_db=$T_CASE_DIR/retort.db
	[ -f "$_db" ] || { echo "<no file>"; return; }
	for t in $(t_sql "$_db" "SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'retort\_%' ESCAPE '\\' ORDER BY name"); do
		sqlite3 -batch "$_db" ".dump $t"
	done
	t_sql "$_db" "SELECT type, name, sql FROM sqlite_master
		WHERE name NOT LIKE 'retort\_%' ESCAPE '\\' ORDER BY type, name"
}

# Run the SQL script $1 through the backend's own client (sqlite3, psql),
# stopping at the first error.
run_sql() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_my "$DATABASE_URL" <"$1" >/dev/null
	elif [ "$RT_BACKEND" = postgres ]; then
		PGOPTIONS='-c client_min_messages=warning' \
			psql -qX -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$1" >/dev/null
	else
		sqlite3 -batch -bail "$T_CASE_DIR/retort.db" <"$1"
	fi
}

# Run the SQL script $1 as the guide says, with no option of the client's
# own (sqlite3 DB < script.sql, psql -f script.sql): the script alone must
# stop at its first error. Output and errors go to $T_CASE_DIR/client.out.
run_sql_plain() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_my "$DATABASE_URL" <"$1" >"$T_CASE_DIR/client.out" 2>&1
	elif [ "$RT_BACKEND" = postgres ]; then
		psql -qX "$DATABASE_URL" -f "$1" >"$T_CASE_DIR/client.out" 2>&1
	else
		sqlite3 "$T_CASE_DIR/retort.db" <"$1" >"$T_CASE_DIR/client.out" 2>&1
	fi
}

# A second database of the case, NAME: NAME/retort.db on SQLite, a
# database of its own on PostgreSQL (dropped by drop_others).
T_OTHERS=""
other_db() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_my "$RT_MYSQL_URL" -e "CREATE DATABASE \`${T_MY_DB}_$1\`" >/dev/null
		T_OTHERS="$T_OTHERS ${T_MY_DB}_$1"
	elif [ "$RT_BACKEND" = postgres ]; then
		psql -qX "$RT_PG_URL" -c "CREATE DATABASE \"${T_PG_DB}_$1\"" >/dev/null
		T_OTHERS="$T_OTHERS ${T_PG_DB}_$1"
	else
		mkdir -p "$T_CASE_DIR/$1"
	fi
}

# on NAME CMD [ARG...]: CMD (t_url, t_query, tables, applied, user_dump,
# run_sql, ...) against the second database NAME instead of the case's.
on() {
	_on=$1
	shift
	(
		if [ "$RT_BACKEND" = mysql ]; then
			DATABASE_URL=$(t_pg_url_for "${T_MY_DB}_$_on")
		elif [ "$RT_BACKEND" = postgres ]; then
			DATABASE_URL=$(t_pg_url_for "${T_PG_DB}_$_on")
		else
			T_CASE_DIR=$T_CASE_DIR/$_on
		fi
		"$@"
	)
}

drop_others() {
	for _d in $T_OTHERS; do
		if [ "$RT_BACKEND" = mysql ]; then
			t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$_d\`" \
				>/dev/null 2>&1
			continue
		fi
		psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$_d\" WITH (FORCE)" \
			>/dev/null 2>&1
	done
	T_OTHERS=""
}
