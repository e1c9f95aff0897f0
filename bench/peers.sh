#!/bin/sh
# shellcheck disable=SC2317 # functions run through trap and "$@"
# bench/peers.sh: retort beside its peers on the same workload, in one run.
#
#   sh bench/peers.sh [N] [--engines sqlite,postgres,mysql]
#                     [--tools retort,shell,shell1,shellj,dbmate,alembic]
#                     [--repeat K] [--status-runs S] [--durable on|off]
#                     [--retort PATH] [--keep]
#
# N migrations (default 1000), each a table and an index, in a chain, are
# written in each tool's own format and run on each engine by
#   retort   retort upgrade / downgrade base / status
#   shell    the engine's shell (sqlite3, psql, mariadb): per migration
#            BEGIN; the DDL; INSERT into a bookkeeping table; COMMIT
#            (downgrade: DROP, DELETE, one transaction each); status: a
#            count of retort_migrations in retort's database
#   shell1   the shell, the whole upgrade in one transaction (SQLite and
#            PostgreSQL only: MariaDB commits every DDL statement)
#   shellj   MariaDB only: the shell with a journal row committed after
#            each DDL statement but the last (whose row commits with the
#            bookkeeping), the durability of retort's per-statement
#            journal: a failed migration resumes at its statement
#   dbmate   dbmate migrate / N x dbmate rollback / dbmate status (the Go
#            program of the npm package, without node's wrapper)
#   alembic  alembic upgrade head / downgrade base / current, one
#            transaction per migration (transaction_per_migration), each
#            migration op.execute() of the same SQL
# The tools take turns: in round k of K each operation runs every tool
# once, starting with a different tool each round, so that a machine that
# slows down or speeds up affects all alike. Each upgrade gets a fresh
# database; the downgrade and status run on the database that upgrade
# built. Prints, per engine and operation, each tool's median and retort's
# ratio to each, and the bars of the performance issue. Exit status: 0 a
# report, 1 a command failed, 2 usage. See bench/README.md.

set -u

if [ -z "${BASH_VERSION:-}" ] && [ -z "${RETORT_BENCH_NO_BASH:-}" ] &&
	command -v bash >/dev/null 2>&1; then
	RETORT_BENCH_NO_BASH=1 exec bash "$0" "$@"
fi
[ -n "${EPOCHREALTIME:-}" ] || { echo "peers.sh: needs bash (EPOCHREALTIME)" >&2; exit 2; }

usage() {
	sed -n '4,8p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}
die() {
	echo "peers.sh: $*" >&2
	exit 1
}

n=1000
engines=sqlite,postgres,mysql
tools=retort,shell,shell1,shellj,dbmate,alembic
repeat=3
status_runs=5
durable=on
retort=
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--engines) [ $# -ge 2 ] || usage; engines=$2; shift 2 ;;
	--tools) [ $# -ge 2 ] || usage; tools=$2; shift 2 ;;
	--repeat) [ $# -ge 2 ] || usage; repeat=$2; shift 2 ;;
	--status-runs) [ $# -ge 2 ] || usage; status_runs=$2; shift 2 ;;
	--durable) [ $# -ge 2 ] || usage; durable=$2; shift 2 ;;
	--retort) [ $# -ge 2 ] || usage; retort=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h | --help) usage ;;
	-*) usage ;;
	*) n=$1; shift ;;
	esac
done
case $n$repeat$status_runs in *[!0-9]*) usage ;; esac
[ "$n" -gt 0 ] && [ "$n" -lt 86400 ] || die "N must be 1..86399"
case $durable in on | off) ;; *) usage ;; esac
case ,$tools, in *,retort,*) ;; *) die "--tools must include retort" ;; esac

root=$(cd "$(dirname "$0")/.." && pwd) || die "cannot find the repository"
# servers on disk, as in production (tests/tmp-base.sh puts the test
# servers in memory when it can)
RT_TMP=${RT_TMP:-/tmp}
export RT_TMP
[ -n "$retort" ] || retort=$root/build/retort
case $retort in /*) ;; *) retort=$(pwd)/$retort ;; esac
[ -x "$retort" ] || die "no retort binary at $retort (build it: make)"

# dbmate's npm package starts the Go program through node: time the
# program itself, as a user of the Go release would run it
dbmate=
for d in /opt/dbmate/node_modules/@dbmate/linux-x64/bin/dbmate "$(command -v dbmate 2>/dev/null)"; do
	[ -n "$d" ] && [ -x "$d" ] && { dbmate=$d; break; }
done
alembic_py=/usr/bin/python3 # Debian's python3-alembic lives there
has_tool() {
	case $1 in
	retort | shell | shell1 | shellj) return 0 ;;
	dbmate) [ -n "$dbmate" ] ;;
	alembic) "$alembic_py" -c 'import alembic, sqlalchemy' 2>/dev/null ;;
	*) return 1 ;;
	esac
}
tl=
for t in $(echo "$tools" | tr , ' '); do
	case $t in retort | shell | shell1 | shellj | dbmate | alembic) ;; *) die "unknown tool '$t'" ;; esac
	if has_tool "$t"; then tl="$tl $t"; else echo "peers.sh: $t is not installed: left out" >&2; fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/retort-peers.XXXXXX") || die "mktemp -d failed"
pg_dir=
my_dir=
cleanup() {
	[ -z "$pg_dir" ] || sh "$root/tests/pg-tmp" stop "$pg_dir" >/dev/null 2>&1
	[ -z "$my_dir" ] || sh "$root/tests/mariadb-tmp" stop "$my_dir" >/dev/null 2>&1
	if [ "$keep" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cp "$retort" "$tmp/retort" || die "cannot copy $retort"
retort_src=$retort
retort=$tmp/retort
cd "$tmp" || die "cannot enter $tmp"
failed=0

# ------------------------------------------------------------ workloads

# gen ENGINE: the N migrations in every tool's format, in $tmp/ENGINE
gen() {
	mkdir -p "$1/migrations" "$1/dbmate" "$1/alembic/versions" || return 1
	awk -v n="$n" -v e="$1" '
function rev(i,    s) {
	s = i
	return sprintf("20260101%02d%02d%02d_t%d", int(s / 3600), int(s % 3600 / 60), s % 60, i)
}
function ddl(i) {
	if (e == "mysql")
		return sprintf("CREATE TABLE t%d (id integer PRIMARY KEY, name varchar(100) NOT NULL, created_at varchar(40));\n" \
			       "CREATE INDEX t%d_name ON t%d (name);\n", i, i, i)
	return sprintf("CREATE TABLE t%d (id integer PRIMARY KEY, name text NOT NULL, created_at text);\n" \
		       "CREATE INDEX t%d_name ON t%d (name);\n", i, i, i)
}
# each DDL statement but the last, then a journal row in a transaction
function journaled(i,    s, k, m, out) {
	m = split(ddl(i), s, "\n") - 1
	out = ""
	for (k = 1; k <= m; k++) {
		out = out s[k] "\n"
		if (k < m)
			out = out sprintf("BEGIN;\nINSERT INTO journal(revision, statement, at) VALUES('\''%s'\'', %d, now(6));\nCOMMIT;\n", rev(i), k)
	}
	return out
}
function book(i) {
	if (e == "sqlite")
		return sprintf("INSERT INTO bookkeeping(revision, applied_at) VALUES('\''%s'\'', " \
			       "strftime('\''%%Y-%%m-%%d %%H:%%M:%%f'\'', '\''now'\''));\n", rev(i))
	return sprintf("INSERT INTO bookkeeping(revision, applied_at) VALUES('\''%s'\'', now());\n", rev(i))
}
BEGIN {
	d = e "/"
	bk = "CREATE TABLE bookkeeping (revision varchar(255) PRIMARY KEY, applied_at " \
	     (e == "postgres" ? "timestamptz" : e == "mysql" ? "datetime(6)" : "text") " NOT NULL);\n"
	printf "%s", bk > (d "up_each.sql")
	printf "BEGIN;\n%s", bk > (d "up_one.sql")
	if (e == "mysql")
		printf "%sCREATE TABLE journal (revision varchar(255), statement int, at datetime(6) NOT NULL, PRIMARY KEY (revision, statement));\n", bk > (d "up_journal.sql")
	for (i = 1; i <= n; i++) {
		f = d "migrations/" rev(i) ".sql"
		if (i > 1)
			printf "-- retort:parent %s\n", rev(i - 1) > f
		printf "-- retort:up\n%s-- retort:down\nDROP TABLE t%d;\n", ddl(i), i > f
		close(f)
		f = d "dbmate/" rev(i) ".sql"
		printf "-- migrate:up\n%s\n-- migrate:down\nDROP TABLE t%d;\n", ddl(i), i > f
		close(f)
		f = d "alembic/versions/" rev(i) ".py"
		split(ddl(i), s, "\n")
		parent = i == 1 ? "None" : "\"t" (i - 1) "\""
		printf "from alembic import op\n\nrevision = \"t%d\"\ndown_revision = %s\n" \
		       "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n" \
		       "    op.execute(\"%s\")\n    op.execute(\"%s\")\n\n\ndef downgrade():\n" \
		       "    op.execute(\"DROP TABLE t%d\")\n", i, parent,
		       substr(s[1], 1, length(s[1]) - 1), substr(s[2], 1, length(s[2]) - 1), i > f
		close(f)
		printf "BEGIN;\n%s%sCOMMIT;\n", ddl(i), book(i) > (d "up_each.sql")
		printf "%s%s", ddl(i), book(i) > (d "up_one.sql")
		if (e == "mysql")
			printf "%sBEGIN;\nINSERT INTO journal(revision, statement, at) VALUES('\''%s'\'', 2, now(6));\n%sCOMMIT;\n",
			       journaled(i), rev(i), book(i) > (d "up_journal.sql")
	}
	printf "COMMIT;\n" > (d "up_one.sql")
	for (i = n; i >= 1; i--)
		printf "BEGIN;\nDROP TABLE t%d;\nDELETE FROM bookkeeping WHERE revision = '\''%s'\'';\nCOMMIT;\n",
		       i, rev(i) > (d "down_each.sql")
}' || return 1
	cat >"$1/alembic/env.py" <<'EOF'
from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
EOF
}

# ------------------------------------------------------------ the clock

stamp() { eval "$1=\${EPOCHREALTIME//[!0-9]/}000"; }
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) print "";
		else if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# sample FILE CMD...: run CMD (output discarded), append its wall ns to FILE
sample() {
	s_file=$1
	shift
	stamp t0
	"$@" >/dev/null 2>"$tmp/err"
	s_rc=$?
	stamp t1
	if [ $s_rc -ne 0 ]; then
		echo "FAILED ($s_file, exit $s_rc): $*" | sed 's|://\([^:/@]*\):[^@]*@|://\1:***@|g' >&2
		sed 's/^/  | /' "$tmp/err" | sed 's|://\([^:/@]*\):[^@]*@|://\1:***@|g' >&2
		failed=1
		return 1
	fi
	echo $((t1 - t0)) >>"$s_file"
}

# ------------------------------------------------------------ engines

# Per engine: url_of TOOL DB (the URL each tool takes), mkdb DB, rmdb DB,
# shell DB FILE, count DB (tables t<i>), settle (before a timed run).
eng=

pg_setup() {
	command -v psql >/dev/null 2>&1 || die "psql is missing (postgresql-client)"
	out=$(sh "$root/tests/pg-tmp" start) || die "tests/pg-tmp start failed"
	pg_dir=$(printf '%s\n' "$out" | sed -n 1p)
	pg_url=$(printf '%s\n' "$out" | sed -n 2p)
	pg_base=${pg_url%/*}
	if [ "$durable" = on ]; then
		# pg-tmp runs with fsync off, right for tests: every COMMIT here
		# waits for its WAL flush, as on a real server
		port=$(cat "$pg_dir/port")
		bin=$(dirname "$(awk 'NR == 1 { print $1 }' "$pg_dir/data/postmaster.opts")")
		o="-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200"
		o="$o -c fsync=on -c full_page_writes=on -c max_locks_per_transaction=$((n * 6 / 200 + 64))"
		if [ "$(id -u)" -eq 0 ]; then set -- runuser -u postgres --; else set --; fi
		"$@" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 120 -m fast \
			-o "$o" restart >/dev/null 2>&1 || die "could not restart PostgreSQL with fsync on"
		set --
	fi
	psql -X -q -At -d "$pg_base/postgres" -c 'SELECT 1' >/dev/null || die "cannot reach PostgreSQL"
	echo "  postgres: $(psql -X -At -d "$pg_base/postgres" -c 'SHOW server_version'), fsync=$(psql -X -At -d "$pg_base/postgres" -c 'SHOW fsync'), synchronous_commit=$(psql -X -At -d "$pg_base/postgres" -c 'SHOW synchronous_commit') (tests/pg-tmp)"
}

my_setup() {
	command -v mariadb >/dev/null 2>&1 || die "the mariadb client is missing (mariadb-client)"
	out=$(sh "$root/tests/mariadb-tmp" start) || die "tests/mariadb-tmp start failed"
	my_dir=$(printf '%s\n' "$out" | sed -n 1p)
	my_url=$(printf '%s\n' "$out" | sed -n 2p)
	my_base=${my_url%/*}
	# the client's password from a file, never on a command line
	up=${my_base#mysql://}
	up=${up%@*}
	hp=${my_base##*@}
	printf '[client]\nuser=%s\npassword=%s\nhost=%s\nport=%s\n' \
		"${up%%:*}" "${up#*:}" "${hp%:*}" "${hp##*:}" >"$tmp/my.cnf"
	if [ "$durable" = on ]; then
		# mariadb-tmp flushes the redo log once a second, right for
		# tests: here every COMMIT waits for it
		my -e 'SET GLOBAL innodb_flush_log_at_trx_commit = 1' || die "cannot set innodb_flush_log_at_trx_commit"
	fi
	echo "  mysql:    MariaDB $(my -N -e 'SELECT version()'), innodb_flush_log_at_trx_commit=$(my -N -e 'SELECT @@innodb_flush_log_at_trx_commit') (tests/mariadb-tmp)"
}
my() { mariadb --defaults-file="$tmp/my.cnf" "$@"; }

url_of() { # TOOL DB
	case $eng in
	sqlite)
		case $1 in
		alembic) echo "sqlite:///$tmp/$2" ;;
		*) echo "sqlite:$tmp/$2" ;;
		esac ;;
	postgres)
		case $1 in
		dbmate) echo "$pg_base/$2?sslmode=disable" ;;
		alembic) echo "postgresql://${pg_base#*://}/$2" ;;
		*) echo "$pg_base/$2" ;;
		esac ;;
	mysql)
		case $1 in
		alembic) echo "mysql+pymysql://${my_base#*://}/$2" ;;
		*) echo "$my_base/$2" ;;
		esac ;;
	esac
}
mkdb() {
	case $eng in
	sqlite) rm -f "$tmp/$1" "$tmp/$1"-* ;;
	postgres) psql -X -q -d "$pg_base/postgres" -c "CREATE DATABASE $1" >/dev/null ;;
	mysql) my -e "CREATE DATABASE $1" ;;
	esac
}
rmdb() {
	case $eng in
	sqlite) rm -f "$tmp/$1" "$tmp/$1"-* ;;
	postgres) psql -X -q -d "$pg_base/postgres" -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 ;;
	mysql) my -e "DROP DATABASE IF EXISTS $1" 2>/dev/null ;;
	esac
}
shell() { # DB FILE
	case $eng in
	sqlite) sqlite3 -bail "$tmp/$1" <"$2" ;;
	postgres) psql -X -q -v ON_ERROR_STOP=1 -d "$pg_base/$1" -f "$2" ;;
	mysql) my "$1" <"$2" ;;
	esac
}
sql() { # DB SQL (untimed look-ups)
	case $eng in
	sqlite) sqlite3 "$tmp/$1" "$2" ;;
	postgres) psql -X -q -At -d "$pg_base/$1" -c "$2" ;;
	mysql) my -N "$1" -e "$2" ;;
	esac
}
count() {
	case $eng in
	sqlite) sql "$1" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name GLOB 't[0-9]*'" ;;
	postgres) sql "$1" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+\$'" ;;
	mysql) sql "$1" "SELECT count(*) FROM information_schema.tables WHERE table_schema = '$1' AND table_name REGEXP '^t[0-9]+\$'" ;;
	esac
}
settle() { # nothing dirty left from the run before
	case $eng in
	postgres) psql -X -q -d "$pg_base/postgres" -c CHECKPOINT >/dev/null 2>&1 ;;
	*) sync ;;
	esac
}

# ------------------------------------------------------------ the tools

# up TOOL DB, down TOOL DB, status TOOL DB: the timed commands
# at_db DB: the database the next timed commands work on. Each tool's URL
# (and Alembic's ini) is made here, outside the clock: a command
# substitution forks a subshell, which cost a millisecond or two of a
# 20 ms status, and the shell's commands took none
at_db() {
	db_now=$1
	rt_url=$(url_of retort "$1")
	dbm_url=$(url_of dbmate "$1")
	sed "s|@URL@|$(url_of alembic "$1" | sed 's/%/%%/g')|" "$tmp/$eng/alembic.ini.in" >"$tmp/$eng/alembic.ini"
}
dbm() { DATABASE_URL=$dbm_url "$dbmate" --no-dump-schema -d "$tmp/$eng/dbmate" "$@"; }
alem() { "$alembic_py" -m alembic -c "$tmp/$eng/alembic.ini" "$@"; }
rt() { "$retort" -u "$rt_url" -d "$tmp/$eng/migrations" "$@"; }
dbm_down_all() {
	i=0
	while [ $i -lt "$n" ]; do
		dbm rollback >/dev/null || return 1
		i=$((i + 1))
	done
}
# has OP TOOL: does TOOL take part in OP; run OP TOOL: OP on $db_now
has() {
	case $1:$2 in
	down:shell1 | status:shell1 | down:shellj | status:shellj) return 1 ;;
	*) return 0 ;;
	esac
}
run() {
	case $1:$2 in
	up:retort) rt upgrade ;;
	up:shell) shell "$db_now" "$tmp/$eng/up_each.sql" ;;
	up:shell1) shell "$db_now" "$tmp/$eng/up_one.sql" ;;
	up:shellj) shell "$db_now" "$tmp/$eng/up_journal.sql" ;;
	up:dbmate) dbm migrate ;;
	up:alembic) alem upgrade head ;;
	down:retort) rt downgrade base ;;
	down:shell) shell "$db_now" "$tmp/$eng/down_each.sql" ;;
	down:dbmate) dbm_down_all ;;
	down:alembic) alem downgrade base ;;
	status:retort) rt status ;;
	status:shell) sql "$db_now" 'SELECT count(*) FROM retort_migrations' ;;
	status:dbmate) dbm status ;;
	status:alembic) alem current ;;
	esac
}

# ------------------------------------------------------------ a run

run_engine() {
	eng=$1
	etl=
	for t in $tl; do
		[ "$eng" = mysql ] && [ "$t" = shell1 ] && continue
		[ "$eng" != mysql ] && [ "$t" = shellj ] && continue
		[ "$t" = alembic ] && [ "$eng" = mysql ] &&
			! "$alembic_py" -c 'import pymysql' 2>/dev/null &&
			{ echo "peers.sh: alembic on mysql needs python3-pymysql: left out" >&2; continue; }
		etl="$etl $t"
	done
	gen "$eng" || die "could not write the workload"
	printf '[alembic]\nscript_location = %s\nsqlalchemy.url = @URL@\n' "$tmp/$eng/alembic" >"$tmp/$eng/alembic.ini.in"
	mkdir -p "$tmp/s/$eng"
	set -- $etl
	nt=$#
	seq=0
	k=1
	while [ $k -le "$repeat" ]; do
		# round k starts with tool k (mod the number of tools)
		order=
		j=0
		while [ $j -lt "$nt" ]; do
			idx=$(((k - 1 + j) % nt + 1))
			order="$order ${!idx}"
			j=$((j + 1))
		done
		declare -A dbs=()
		for t in $order; do
			seq=$((seq + 1))
			dbs[$t]=b_${eng}_$seq
			mkdb "${dbs[$t]}" || die "cannot create database ${dbs[$t]}"
		done
		for t in $order; do # upgrade
			at_db "${dbs[$t]}"
			settle
			sample "$tmp/s/$eng/up.$t" run up "$t" || continue
			got=$(count "$db_now")
			[ "$got" = "$n" ] || { echo "FAILED ($eng $t upgrade): $got tables, expected $n" >&2; failed=1; }
		done
		for t in $order; do # status, on the database each upgrade built
			if [ "$t" = shell ]; then at_db "${dbs[retort]}"; else at_db "${dbs[$t]}"; fi
			has status "$t" || continue
			i=0
			while [ $i -lt "$status_runs" ]; do
				sample "$tmp/s/$eng/status.$t" run status "$t" || break
				i=$((i + 1))
			done
		done
		for t in $order; do # downgrade all
			at_db "${dbs[$t]}"
			has down "$t" || continue
			settle
			sample "$tmp/s/$eng/down.$t" run down "$t" || continue
			got=$(count "$db_now")
			[ "$got" = 0 ] || { echo "FAILED ($eng $t downgrade): $got tables, expected 0" >&2; failed=1; }
		done
		for t in $order; do rmdb "${dbs[$t]}"; done
		unset dbs
		k=$((k + 1))
	done
	report "$eng" $etl
}

# ------------------------------------------------------------ the table

ms() { # median of FILE in ms
	[ -s "$1" ] || { printf -- -; return; }
	median "$1" | awk '{ v = $1 / 1e6; printf (v < 100 ? "%.1f" : "%.0f"), v }'
}
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}
report() {
	e=$1
	shift
	echo
	echo "$e, N=$n, median of $repeat (status: of $((repeat * status_runs))), wall ms; load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	hdr="| operation |"
	sep="|---|"
	for t in "$@"; do hdr="$hdr $t |"; sep="$sep---|"; done
	for t in "$@"; do [ "$t" = retort ] || { hdr="$hdr retort/$t |"; sep="$sep---|"; }; done
	echo "$hdr bars |"
	echo "$sep---|"
	for op in up status down; do
		case $op in up) label=upgrade ;; status) label=status ;; down) label="downgrade all" ;; esac
		line="| $label |"
		r=$(ms "$tmp/s/$e/$op.retort")
		for t in "$@"; do line="$line $(ms "$tmp/s/$e/$op.$t") |"; done
		bars=
		for t in "$@"; do
			[ "$t" = retort ] && continue
			x=$(ratio "$r" "$(ms "$tmp/s/$e/$op.$t")")
			line="$line $x |"
			[ "$x" = - ] && continue
			case $t:$op in
			dbmate:*) v=$(awk -v x="$x" 'BEGIN { print (x <= 0.90) ? "PASS" : "FAIL" }'); bars="$bars dbmate<=0.90 $v;" ;;
			shell:up) v=$(awk -v x="$x" 'BEGIN { print (x <= 1.10) ? "PASS" : "FAIL" }'); bars="$bars shell<=1.10 $v;" ;;
			shellj:up) v=$(awk -v x="$x" 'BEGIN { print (x <= 1.10) ? "PASS" : "FAIL" }'); bars="$bars shellj<=1.10 $v;" ;;
			shell:status) v=$(awk -v x="$x" 'BEGIN { print (x <= 1.50) ? "PASS" : "FAIL" }'); bars="$bars shell<=1.50 $v;" ;;
			esac
		done
		echo "$line${bars:- -} |"
	done
	for op in up status down; do
		for t in "$@"; do
			[ -s "$tmp/s/$e/$op.$t" ] || continue
			printf '  %s %s runs (ms): %s\n' "$op" "$t" "$(awk '{ printf (NR > 1 ? " " : "") "%.0f", $1 / 1e6 }' "$tmp/s/$e/$op.$t")"
		done
	done >"$tmp/s/$e/runs"
	echo
	echo "every run in ms, in order:"
	cat "$tmp/s/$e/runs"
}

echo "retort peers bench: N=$n migrations (a table and an index each, a chain), $repeat round(s), tools:$tl"
echo "  retort:  $retort_src (timed: a copy)"
[ -z "$dbmate" ] || echo "  dbmate:  $("$dbmate" --version) ($dbmate)"
! has_tool alembic || echo "  alembic: $("$alembic_py" -c 'import alembic, sqlalchemy; print(alembic.__version__, "with SQLAlchemy", sqlalchemy.__version__)')"
echo "  sqlite3: $(sqlite3 --version | cut -d' ' -f1) (SQLite's defaults: journal_mode=delete, synchronous=full)"
echo "  durable: $durable; load $(cut -d' ' -f1-3 /proc/loadavg) on $(getconf _NPROCESSORS_ONLN) CPUs"
for e in $(echo "$engines" | tr , ' '); do
	case $e in
	sqlite) ;;
	postgres) pg_setup ;;
	mysql) my_setup ;;
	*) die "unknown engine '$e'" ;;
	esac
	run_engine "$e"
	case $e in
	postgres) sh "$root/tests/pg-tmp" stop "$pg_dir" >/dev/null 2>&1; pg_dir= ;;
	mysql) sh "$root/tests/mariadb-tmp" stop "$my_dir" >/dev/null 2>&1; my_dir= ;;
	esac
done
[ $failed = 0 ] || { echo "some commands failed (above): the table is incomplete" >&2; exit 1; }
exit 0
