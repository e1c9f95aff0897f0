#!/bin/sh
# shellcheck disable=SC2317 # functions run through trap and "$@"
# bench/upgrade.sh: how close retort comes to the physical limit of SQLite
# (or of PostgreSQL, or of MariaDB).
#
#   sh bench/upgrade.sh [N] [--backend sqlite|postgres|mysql] [--pg-fsync on|off]
#                       [--retort PATH] [--repeat K] [--keep]
#
# Generates N migrations (one table and one index each), then times retort's
# upgrade, upgrade --single-transaction, downgrade base, status and --version
# against the database's own shell running the same SQL with the same
# bookkeeping work and the same durability: the sqlite3 shell (SQLite's
# defaults on both sides), or with --backend postgres psql against a
# throwaway server (tests/pg-tmp) that both sides share, or with --backend
# mysql the mariadb client against tests/mariadb-tmp. Prints a table with
# the bars of the performance issues. Exit status: 0 whatever the numbers are
# (it is a report); 1 when a command failed to run; 2 on usage.
# See bench/README.md.

set -u

# Under bash the clock costs no process (EPOCHREALTIME): prefer it.
if [ -z "${BASH_VERSION:-}" ] && [ -z "${RETORT_BENCH_NO_BASH:-}" ] &&
	command -v bash >/dev/null 2>&1; then
	RETORT_BENCH_NO_BASH=1 exec bash "$0" "$@"
fi

usage() {
	echo "usage: $0 [N] [--backend sqlite|postgres|mysql] [--pg-fsync on|off] [--retort PATH] [--repeat K] [--keep]" >&2
	echo "  N          number of migrations (default 1000)" >&2
	echo "  --backend  sqlite (default): against the sqlite3 shell;" >&2
	echo "             postgres: against psql on a throwaway server (tests/pg-tmp)" >&2
	echo "             mysql: against the mariadb client (tests/mariadb-tmp)" >&2
	echo "  --pg-fsync postgres: the server's fsync and full_page_writes (default on:" >&2
	echo "             real durability; off: pg-tmp's test settings); mysql:" >&2
	echo "             innodb_flush_log_at_trx_commit 1 (on) or 2 (off)" >&2
	echo "  --retort   the retort binary (default build/retort of the repo)" >&2
	echo "  --repeat   runs of each upgrade/downgrade measurement, median" >&2
	echo "             reported (default 5)" >&2
	echo "  --keep     keep the temporary directory and print its path" >&2
	exit 2
}

die() {
	echo "upgrade.sh: $*" >&2
	exit 1
}

is_count() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
	[ "$1" -gt 0 ]
}

n=1000
backend=sqlite
pg_fsync=on
retort=
repeat=5
keep=0
status_runs=20
version_runs=50

while [ $# -gt 0 ]; do
	case $1 in
	--backend) [ $# -ge 2 ] || usage; backend=$2; shift 2 ;;
	--backend=*) backend=${1#*=}; shift ;;
	--pg-fsync) [ $# -ge 2 ] || usage; pg_fsync=$2; shift 2 ;;
	--pg-fsync=*) pg_fsync=${1#*=}; shift ;;
	--retort) [ $# -ge 2 ] || usage; retort=$2; shift 2 ;;
	--retort=*) retort=${1#*=}; shift ;;
	--repeat) [ $# -ge 2 ] || usage; repeat=$2; shift 2 ;;
	--repeat=*) repeat=${1#*=}; shift ;;
	--keep) keep=1; shift ;;
	-h | --help) usage ;;
	-*) usage ;;
	*) n=$1; shift ;;
	esac
done
is_count "$n" || die "N must be a positive integer, not '$n'"
is_count "$repeat" || die "--repeat must be a positive integer, not '$repeat'"
case $backend in
sqlite | postgres | mysql) ;;
*) echo "upgrade.sh: --backend must be sqlite, postgres or mysql, not '$backend'" >&2; usage ;;
esac
case $pg_fsync in
on | off) ;;
*) echo "upgrade.sh: --pg-fsync must be on or off, not '$pg_fsync'" >&2; usage ;;
esac
# ids are 2026-01-01 00:00:00 plus i seconds, all in January
[ "$n" -lt 2678400 ] || die "N must be below 2678400"

root=$(cd "$(dirname "$0")/.." && pwd) || die "cannot find the repository"
# servers on disk, as in production (tests/tmp-base.sh puts the test
# servers in memory when it can)
RT_TMP=${RT_TMP:-/tmp}
export RT_TMP
[ -n "$retort" ] || retort=$root/build/retort
case $retort in /*) ;; *) retort=$(pwd)/$retort ;; esac
[ -x "$retort" ] || die "no retort binary at $retort (build it: make)"
if [ "$backend" = sqlite ]; then
	command -v sqlite3 >/dev/null 2>&1 || die "the sqlite3 shell is missing (Debian package sqlite3)"
	base=sqlite3
elif [ "$backend" = mysql ]; then
	command -v mariadb >/dev/null 2>&1 || die "the mariadb client is missing (Debian package mariadb-client)"
	[ -r "$root/tests/mariadb-tmp" ] || die "no $root/tests/mariadb-tmp to start a server with"
	base=mariadb
else
	command -v psql >/dev/null 2>&1 || die "psql is missing (Debian package postgresql-client)"
	[ -r "$root/tests/pg-tmp" ] || die "no $root/tests/pg-tmp to start a server with"
	base=psql
fi

# ---------------------------------------------------------------- clock

# stamp VAR: the wall clock in ns into VAR. bash's EPOCHREALTIME reads it
# without starting a process (microseconds); otherwise GNU date, otherwise
# python3, whose start-up cost is measured and subtracted like date's.
if [ -n "${EPOCHREALTIME:-}" ]; then
	clock="bash \$EPOCHREALTIME"
	eval 'stamp() { eval "$1=\${EPOCHREALTIME//[!0-9]/}000"; }'
else
	case $(date +%s%N 2>/dev/null) in
	'' | *[!0-9]*)
		command -v python3 >/dev/null 2>&1 ||
			die "need bash, GNU date (+%N) or python3 for a fine clock"
		clock="python3 time.time_ns()"
		stamp() { eval "$1=\$(python3 -c 'import time; print(time.time_ns())')"; }
		;;
	*)
		clock="date +%s%N"
		stamp() { eval "$1=\$(date +%s%N)"; }
		;;
	esac
fi

# ------------------------------------------------------------- workspace

tmp=$(mktemp -d "${TMPDIR:-/tmp}/retort-bench.XXXXXX") || die "mktemp -d failed"
pg_dir=
my_dir=
cleanup() {
	if [ -n "$my_dir" ]; then
		sh "$root/tests/mariadb-tmp" stop "$my_dir" >/dev/null 2>&1 ||
			echo "upgrade.sh: could not stop the server in $my_dir" >&2
		my_dir=
	fi
	if [ -n "$pg_dir" ]; then
		sh "$root/tests/pg-tmp" stop "$pg_dir" >/dev/null 2>&1 ||
			echo "upgrade.sh: could not stop the server in $pg_dir" >&2
		pg_dir=
	fi
	if [ "$keep" = 1 ]; then
		echo "kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$tmp" || die "cannot enter $tmp"
mkdir migrations samples || die "cannot write to $tmp"
# Time a copy: a rebuild of the binary during the run changes nothing.
retort_src=$retort
cp "$retort_src" "$tmp/retort" || die "cannot copy $retort_src to $tmp"
retort=$tmp/retort

failed=0

# Generate the migrations and the three baseline scripts in one pass.
awk -v n="$n" -v backend="$backend" '
function rev(i,    s, d) {
	s = i
	d = 1 + int(s / 86400)
	s %= 86400
	return sprintf("202601%02d%02d%02d%02d_t%d", d, int(s / 3600),
		       int(s % 3600 / 60), s % 60, i)
}
function ddl(i) {
	if (backend == "mysql") # an index on a text column needs a prefix length
		return sprintf("CREATE TABLE t%d (id integer PRIMARY KEY, name varchar(100) NOT NULL, created_at varchar(40));\n" \
			       "CREATE INDEX t%d_name ON t%d (name);\n", i, i, i)
	return sprintf("CREATE TABLE t%d (id integer PRIMARY KEY, name text NOT NULL, created_at text);\n" \
		       "CREATE INDEX t%d_name ON t%d (name);\n", i, i, i)
}
function book(i) {
	if (backend != "sqlite")
		return sprintf("INSERT INTO bookkeeping(revision, applied_at) VALUES('\''%s'\'', now());\n", rev(i))
	return sprintf("INSERT INTO bookkeeping(revision, applied_at) VALUES('\''%s'\'', " \
		       "strftime('\''%%Y-%%m-%%d %%H:%%M:%%f'\'', '\''now'\''));\n", rev(i))
}
BEGIN {
	bk = "CREATE TABLE bookkeeping (revision varchar(255) PRIMARY KEY, applied_at " \
	     (backend == "postgres" ? "timestamptz" : backend == "mysql" ? "datetime(6)" : "text") " NOT NULL);\n"
	printf "%s", bk > "up_each.sql"
	printf "BEGIN;\n%s", bk > "up_one.sql"
	for (i = 1; i <= n; i++) {
		f = "migrations/" rev(i) ".sql"
		if (i > 1)
			printf "-- retort:parent %s\n", rev(i - 1) > f
		printf "-- retort:up\n%s-- retort:down\nDROP TABLE t%d;\n", ddl(i), i > f
		close(f)
		printf "BEGIN;\n%s%sCOMMIT;\n", ddl(i), book(i) > "up_each.sql"
		printf "%s%s", ddl(i), book(i) > "up_one.sql"
	}
	printf "COMMIT;\n" > "up_one.sql"
	for (i = n; i >= 1; i--)
		printf "BEGIN;\nDROP TABLE t%d;\nDELETE FROM bookkeeping WHERE revision = '\''%s'\'';\nCOMMIT;\n",
		       i, rev(i) > "down_each.sql"
}' || die "could not generate the workload"

# ---------------------------------------------------------------- timing

t0=0
t1=0
# Run "$@" with stdout discarded and stderr kept in $tmp/err; set t_rc to its
# exit status and t_ns to the elapsed wall time minus the clock's own cost.
timeit() {
	stamp t0
	"$@" >/dev/null 2>"$tmp/err"
	t_rc=$?
	stamp t1
	t_ns=$((t1 - t0 - clock_ns))
	[ "$t_ns" -ge 0 ] || t_ns=0
}

median() { # file of integers -> median
	sort -n "$1" | awk '{ v[NR] = $1 }
		END { if (NR == 0) print "";
		      else if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The cost of reading the clock twice with nothing in between.
clock_ns=0
: >samples/clock
i=0
while [ $i -lt 21 ]; do
	stamp t0
	stamp t1
	echo $((t1 - t0)) >>samples/clock
	i=$((i + 1))
done
clock_ns=$(median samples/clock)

# Record one sample of measurement $1, checking the exit status against $2.
# Rest: the command.
sample() {
	s_name=$1
	s_want=$2
	shift 2
	timeit "$@"
	if [ "$t_rc" -ne "$s_want" ]; then
		if [ "$1" = rt ]; then
			s_dbname=$2
			shift 2
			set -- "$retort" -u "$(shown_url "$s_dbname")" -d "$tmp/migrations" "$@"
		fi
		echo "FAILED ($s_name): exit $t_rc, expected $s_want: $*" >&2
		sed 's/^/  | /' "$tmp/err" >&2
		failed=1
		return 1
	fi
	echo "$t_ns" >>"samples/$s_name"
}

# Databases are named by the caller (file names in $tmp for SQLite, database
# names on the server for PostgreSQL); no URL, and so no password, is ever
# passed on a command line that this script prints.

sq() { # the baseline shell on database $1, script $2
	if [ "$backend" = sqlite ]; then
		sqlite3 -bail "$1" <"$2"
	elif [ "$backend" = mysql ]; then
		my "$1" <"$2"
	else
		psql -X -q -v ON_ERROR_STOP=1 -d "$pg_base/$1" -f "$2"
	fi
}

my() { # the mariadb client, its password from a file (never on a command line)
	mariadb --defaults-file="$tmp/my.cnf" "$@"
}

pq() { # psql on database $1, the rest its arguments (setup and checks, untimed)
	pq_db=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$pg_base/$pq_db" "$@"
}

count_tables() { # user tables t<i> in database $1
	if [ "$backend" = sqlite ]; then
		sqlite3 "$1" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name GLOB 't[0-9]*'" 2>/dev/null
	elif [ "$backend" = mysql ]; then
		my -N -e "SELECT count(*) FROM information_schema.tables WHERE table_schema = '$1' AND table_name REGEXP '^t[0-9]+\$'" 2>/dev/null
	else
		pq "$1" -c "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ '^t[0-9]+\$'" 2>/dev/null
	fi
}

status_ref() { # for reference, the baseline shell's cheapest look at database $1
	if [ "$backend" = sqlite ]; then
		# SQLite parses the whole schema, 2N objects, on first use
		sqlite3 "$1" 'SELECT name FROM sqlite_schema'
	elif [ "$backend" = mysql ]; then
		my -N "$1" -e 'SELECT count(*) FROM retort_migrations'
	else
		psql -X -q -At -d "$pg_base/$1" -c 'SELECT count(*) FROM retort_migrations'
	fi
}

db_seq=0
fresh() { # a new, empty database; its name into $db
	db_seq=$((db_seq + 1))
	if [ "$backend" = sqlite ]; then
		db=d$db_seq.db
		rm -f "$db"
	elif [ "$backend" = mysql ]; then
		db=b_$db_seq
		my -e "CREATE DATABASE $db" 2>"$tmp/err" || {
			sed 's/^/  | /' "$tmp/err" >&2
			die "CREATE DATABASE $db failed"
		}
	else
		db=b_$db_seq
		pq postgres -c "CREATE DATABASE $db" >/dev/null 2>"$tmp/err" || {
			sed 's/^/  | /' "$tmp/err" >&2
			die "CREATE DATABASE $db failed"
		}
	fi
}

drop() { # the databases "$@"
	for d in "$@"; do
		if [ "$backend" = sqlite ]; then
			rm -f "$d"
		elif [ "$backend" = mysql ]; then
			my -e "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
		else
			pq postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
		fi
	done
}

db_w=
warm() { # PostgreSQL: an untimed upgrade on a scratch database $db_w, so that
	# whichever side runs first does not pay alone for a cold server and page
	# cache (the first run after creating databases is much slower)
	[ "$backend" != sqlite ] || return 0
	fresh
	db_w=$db
	settle
	sq "$db_w" up_each.sql >/dev/null 2>&1
}

settle() { # before a timed run on PostgreSQL: nothing dirty left from the last
	case $backend in
	postgres) pq postgres -c CHECKPOINT >/dev/null 2>&1 ;;
	mysql) my -e 'FLUSH TABLES' >/dev/null 2>&1 ;;
	esac
}

expect_tables() { # database $1 holds $2 tables t<i> after $3
	got=$(count_tables "$1")
	if [ "$got" != "$2" ]; then
		echo "FAILED ($3): $got tables t<i> in the database, expected $2" >&2
		failed=1
		return 1
	fi
}

rt() { # retort on database $1, the rest its arguments
	if [ "$backend" = sqlite ]; then
		rt_url=sqlite:$tmp/$1
	elif [ "$backend" = mysql ]; then
		rt_url=$my_base/$1
	else
		rt_url=$pg_base/$1
	fi
	shift
	"$retort" -u "$rt_url" -d "$tmp/migrations" "$@"
}

shown_url() { # the URL of database $1 without its password
	if [ "$backend" = sqlite ]; then
		printf 'sqlite:%s/%s' "$tmp" "$1"
	elif [ "$backend" = mysql ]; then
		printf '%s/%s' "$my_base" "$1" | sed 's|://\([^:/@]*\):[^@]*@|://\1:***@|'
	else
		printf '%s/%s' "$pg_base" "$1" | sed 's|://\([^:/@]*\):[^@]*@|://\1:***@|'
	fi
}

# ------------------------------------------------------------ the server

# PostgreSQL: a throwaway server from tests/pg-tmp, restarted at once with
# the durability asked for (pg-tmp starts it with fsync=off, right for tests,
# not for timing commits) and enough lock slots for a single transaction
# that creates N tables with their indexes and TOAST tables (~6 locks each).
pg_base=
if [ "$backend" = postgres ]; then
	pg_out=$(sh "$root/tests/pg-tmp" start) || die "tests/pg-tmp start failed"
	pg_dir=$(printf '%s\n' "$pg_out" | sed -n 1p)
	pg_url=$(printf '%s\n' "$pg_out" | sed -n 2p)
	case $pg_dir in "$RT_TMP"/retort-pg-*) ;; *) pg_dir=; die "tests/pg-tmp start printed no server directory" ;; esac
	pg_base=${pg_url%/*}
	pg_port=$(cat "$pg_dir/port") || die "no port file in $pg_dir"
	pg_bin=$(dirname "$(awk 'NR == 1 { print $1 }' "$pg_dir/data/postmaster.opts")")
	[ -x "$pg_bin/pg_ctl" ] || die "no pg_ctl beside the server binary in $pg_bin"
	mlpt=$((n * 6 / 200 + 64))
	pg_opts="-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200"
	pg_opts="$pg_opts -c fsync=$pg_fsync -c full_page_writes=$pg_fsync -c max_locks_per_transaction=$mlpt"
	if [ "$(id -u)" -eq 0 ]; then set -- runuser -u postgres --; else set --; fi
	"$@" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 120 -m fast \
		-o "$pg_opts" restart >/dev/null 2>&1 || {
		tail -n 20 "$pg_dir/server.log" >&2
		die "could not restart the server with fsync=$pg_fsync"
	}
	set --
	pq postgres -c 'SELECT 1' >/dev/null 2>"$tmp/err" || {
		sed 's/^/  | /' "$tmp/err" >&2
		die "cannot connect to the throwaway server"
	}
fi

# MariaDB: a throwaway server from tests/mariadb-tmp, which flushes the redo
# log once a second (innodb_flush_log_at_trx_commit=2, right for tests):
# with --pg-fsync on every COMMIT waits for its flush, as on a real server.
my_base=
if [ "$backend" = mysql ]; then
	my_out=$(sh "$root/tests/mariadb-tmp" start) || die "tests/mariadb-tmp start failed"
	my_dir=$(printf '%s\n' "$my_out" | sed -n 1p)
	my_url=$(printf '%s\n' "$my_out" | sed -n 2p)
	case $my_dir in "$RT_TMP"/retort-mariadb-*) ;; *) my_dir=; die "tests/mariadb-tmp start printed no server directory" ;; esac
	my_base=${my_url%/*}
	my_up=${my_base#*://}
	my_up=${my_up%@*}
	my_hp=${my_base##*@}
	printf '[client]\nuser=%s\npassword=%s\nhost=%s\nport=%s\n' "${my_up%%:*}" \
		"${my_up#*:}" "${my_hp%:*}" "${my_hp##*:}" >"$tmp/my.cnf"
	flush=1
	[ "$pg_fsync" = on ] || flush=2
	my -e "SET GLOBAL innodb_flush_log_at_trx_commit = $flush" 2>"$tmp/err" || {
		sed 's/^/  | /' "$tmp/err" >&2
		die "cannot reach the throwaway MariaDB server"
	}
fi

echo "retort bench: N=$n migrations, $repeat run(s) per upgrade/downgrade, backend $backend"
echo "  retort:  $retort_src (timed: a copy in tmp)"
if [ "$backend" = sqlite ]; then
	echo "  sqlite3: $(sqlite3 --version | cut -d' ' -f1)"
elif [ "$backend" = mysql ]; then
	echo "  mariadb: $(mariadb --version)"
	echo "  server:  MariaDB $(my -N -e 'SELECT version()') (tests/mariadb-tmp) at $(shown_url 'b_<n>'), data in $my_dir"
	echo "  durability: innodb_flush_log_at_trx_commit=$(my -N -e 'SELECT @@innodb_flush_log_at_trx_commit'), innodb_doublewrite=$(my -N -e 'SELECT @@innodb_doublewrite') (mariadb-tmp's; static)"
	echo "           one fresh database per measured run (CREATE DATABASE b_<n>); MariaDB commits every DDL statement,"
	echo "           so --single-transaction is left out (retort refuses it there)"
else
	echo "  psql:    $(psql --version | sed 's/^psql (PostgreSQL) //')"
	echo "  server:  PostgreSQL $(pq postgres -c 'SHOW server_version') (tests/pg-tmp) at $(shown_url 'b_<n>'), data in $pg_dir ($(stat -f -c %T "$pg_dir" 2>/dev/null || echo '?'))"
	echo "  durability: fsync=$(pq postgres -c 'SHOW fsync'), full_page_writes=$(pq postgres -c 'SHOW full_page_writes'), synchronous_commit=$(pq postgres -c 'SHOW synchronous_commit')"
	if [ "$pg_fsync" = on ]; then
		echo "           (the bench restarted pg-tmp's server with fsync on: every COMMIT waits for its WAL flush)"
	else
		echo "           (pg-tmp's test settings: commits are not flushed; both sides share the server)"
	fi
	echo "           one fresh database per measured run (CREATE DATABASE b_<n>), CHECKPOINT before each timed run"
fi
echo "  tmp:     $tmp ($(stat -f -c %T "$tmp" 2>/dev/null || echo '?'))"
[ ! -r /proc/loadavg ] ||
	echo "  load:    $(cut -d' ' -f1-3 /proc/loadavg) on $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs (other work skews the times)"
echo "  clock:   $clock (cost ${clock_ns} ns, subtracted)"

# --------------------------------------------------------- upgrade/downgrade

# The halves of each measurement: retort's run and the baseline's.

up_r() { # upgrade to head
	r_up=0
	settle
	if sample upgrade 0 rt "$db_r" upgrade; then
		expect_tables "$db_r" "$n" "retort upgrade" && r_up=1
		if [ "$backend" = sqlite ] && [ "$jm_checked" = 0 ]; then
			# Same durability: if retort left the file in another
			# journal mode than the default, the sqlite3 runs use it
			# too (run 1 runs retort first, so before any of them).
			jm=$(sqlite3 "$db_r" 'PRAGMA journal_mode' 2>/dev/null)
			jm_checked=1
			case $jm in
			'' | delete) ;;
			*) for f in up_each.sql up_one.sql down_each.sql; do
				{ echo "PRAGMA journal_mode = $jm;"; cat "$f"; } >"$f.new" &&
					mv "$f.new" "$f"
			   done
			   echo "  note: retort's database is in journal_mode=$jm; sqlite3 runs use it too" ;;
			esac
		fi
	fi
}
up_s() { # (a): one transaction per migration
	s_up=0
	settle
	if sample sq_upgrade 0 sq "$db_s" up_each.sql; then
		expect_tables "$db_s" "$n" "$base up_each.sql" && s_up=1
	fi
}
one_r() { # upgrade --single-transaction
	settle
	if sample upgrade_single 0 rt "$db_rs" upgrade --single-transaction; then
		expect_tables "$db_rs" "$n" "retort upgrade --single-transaction"
	fi
}
one_s() { # (b): one transaction for all
	settle
	if sample sq_upgrade_single 0 sq "$db_ss" up_one.sql; then
		expect_tables "$db_ss" "$n" "$base up_one.sql"
	fi
}
down_r() { # downgrade base of the database up_r built
	[ "$r_up" = 1 ] || return 0
	settle
	if sample downgrade 0 rt "$db_r" downgrade base; then
		expect_tables "$db_r" 0 "retort downgrade base"
	fi
}
down_s() { # (c): newest first, one transaction per migration, on up_s's
	[ "$s_up" = 1 ] || return 0
	settle
	if sample sq_downgrade 0 sq "$db_s" down_each.sql; then
		expect_tables "$db_s" 0 "$base down_each.sql"
	fi
}

# Each retort run is next to its baseline counterpart, so that a disk or a
# machine slowing down or speeding up affects both sides alike; odd runs
# start with retort, even runs with the baseline, so that neither side
# always runs first.
pair() {
	if [ $((k % 2)) = 1 ]; then "$1"; "$2"; else "$2"; "$1"; fi
}

k=1
jm_checked=0
r_up=0
s_up=0
while [ $k -le "$repeat" ]; do
	[ ! -t 2 ] || printf '  run %d/%d ...\r' "$k" "$repeat" >&2
	fresh
	db_r=$db
	fresh
	db_s=$db
	fresh
	db_rs=$db
	fresh
	db_ss=$db
	warm

	pair up_r up_s
	[ "$backend" = mysql ] || pair one_r one_s
	pair down_r down_s

	drop "$db_r" "$db_s" "$db_rs" "$db_ss" "$db_w"
	k=$((k + 1))
done
[ ! -t 2 ] || printf '              \r' >&2

# ----------------------------------------------------------- status, RSS

# A database with every migration applied.
fresh
db_st=$db
settle
timeit rt "$db_st" upgrade
if [ "$t_rc" = 0 ]; then
	settle
	i=0
	while [ $i -lt $status_runs ]; do
		sample status 0 rt "$db_st" status || break
		# for reference: the baseline shell on the same database
		sample sq_status 0 status_ref "$db_st"
		# and status's two halves alone: reading the directory
		# (heads), and SQLite opening the file (one count)
		sample status_dir 0 "$retort" -d "$tmp/migrations" heads
		[ "$backend" != sqlite ] ||
			sample status_db 0 sqlite3 "$db_st" 'SELECT count(*) FROM retort_migrations'
		i=$((i + 1))
	done

	rss_kib=
	sq_rss_kib=
	if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o rss.txt true 2>/dev/null; then
		if [ "$backend" = sqlite ]; then
			st_url=sqlite:$tmp/$db_st
			set -- sqlite3 "$db_st" 'SELECT name FROM sqlite_schema'
		elif [ "$backend" = mysql ]; then
			st_url=$my_base/$db_st
			set -- mariadb --defaults-file="$tmp/my.cnf" -N "$db_st" -e 'SELECT count(*) FROM retort_migrations'
		else
			st_url=$pg_base/$db_st
			set -- psql -X -q -At -d "$st_url" -c 'SELECT count(*) FROM retort_migrations'
		fi
		/usr/bin/time -f %M -o rss.txt "$retort" -u "$st_url" \
			-d "$tmp/migrations" status >/dev/null 2>"$tmp/err"
		rc=$?
		if [ $rc -ne 0 ]; then
			echo "FAILED (status under /usr/bin/time): exit $rc" >&2
			sed 's/^/  | /' "$tmp/err" >&2
			failed=1
		else
			rss_kib=$(tail -n 1 rss.txt)
		fi
		# reference: the baseline shell on the same database
		/usr/bin/time -f %M -o rss.txt "$@" >/dev/null 2>&1 &&
			sq_rss_kib=$(tail -n 1 rss.txt)
		set --
	fi
else
	echo "FAILED (upgrade for status): exit $t_rc" >&2
	sed 's/^/  | /' "$tmp/err" >&2
	failed=1
fi
drop "$db_st"

# -------------------------------------------------------------- --version

# The floor under any command: starting /bin/true from this shell.
true_bin=/bin/true
[ -x $true_bin ] || true_bin=/usr/bin/true
i=0
while [ $i -lt $version_runs ]; do
	sample version 0 "$retort" --version || break
	sample floor 0 $true_bin
	i=$((i + 1))
done

# ----------------------------------------------------------------- report

ms() { # median of samples/$1 in ms, or "-"
	if [ -s "samples/$1" ]; then
		median "samples/$1" | awk '{ printf "%.2f", $1 / 1e6 }'
	else
		printf '%s' -
	fi
}

unit() { # value $1 with unit $2, or "-"
	if [ "$1" = - ]; then printf '%s' -; else printf '%s %s' "$1" "$2"; fi
}

row() { # measurement retort baseline ratio bar result
	printf '%-32s %11s %11s %7s  %-14s %s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}

verdict() { # awk condition on x; value x
	case $2 in
	- | n/a | '') echo "n/a" ;;
	*) awk -v x="$2" "BEGIN { print ($1) ? \"PASS\" : \"FAIL\" }" ;;
	esac
}

ratio() { # $1 / $2 with 2 decimals, or "-"
	if [ "$1" = - ] || [ "$2" = - ]; then
		printf '%s' -
	else
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
	fi
}

ratio_row() { # label retort-sample baseline-sample [report: no bar]
	a=$(ms "$2")
	b=$(ms "$3")
	r=$(ratio "$a" "$b")
	if [ "${4:-}" = report ]; then
		row "$1" "$(unit "$a" ms)" "$(unit "$b" ms)" "$r" "(reported)" "-"
	else
		row "$1" "$(unit "$a" ms)" "$(unit "$b" ms)" "$r" "ratio <= 1.30" "$(verdict 'x <= 1.3' "$r")"
	fi
}

# The bars: on SQLite those of the performance issue; on PostgreSQL and
# MariaDB only the upgrade ratio has one (their engine issues), the rest is
# reported.
bars=
[ "$backend" = sqlite ] || bars=report

echo "  floor:   $(ms floor) ms to start $true_bin (included in every retort time)"
echo
row "measurement (N=$n, $backend)" "retort" "$base" "ratio" "bar" "result"
row "--------------------------------" "-----------" "-----------" "-------" "--------------" "------"
ratio_row "upgrade (txn per migration)" upgrade sq_upgrade
[ "$backend" = mysql ] ||
	ratio_row "upgrade --single-transaction" upgrade_single sq_upgrade_single $bars
ratio_row "downgrade base" downgrade sq_downgrade $bars
st=$(ms status)
sst=$(ms sq_status)
r=$(ratio "$st" "$sst")
if [ -z "$bars" ]; then
	row "status, all applied (median $status_runs)" "$(unit "$st" ms)" "$(unit "$sst" ms)" "$r" "< 5 ms" "$(verdict 'x < 5' "$st")"
else
	row "status, all applied (median $status_runs)" "$(unit "$st" ms)" "$(unit "$sst" ms)" "$r" "(reported)" "-"
fi
if [ -s samples/status_dir ]; then
	row "  its part: directory (heads)" "$(unit "$(ms status_dir)" ms)" "-" "-" "(reported)" "-"
fi
if [ -s samples/status_db ]; then
	row "  its part: open, count the rows" "-" "$(unit "$(ms status_db)" ms)" "-" "(reported)" "-"
fi
if [ -n "${rss_kib:-}" ]; then
	rss=$(awk -v k="$rss_kib" 'BEGIN { printf "%.2f", k / 1024 }')
	sq_rss=-
	[ -z "${sq_rss_kib:-}" ] ||
		sq_rss=$(awk -v k="$sq_rss_kib" 'BEGIN { printf "%.2f", k / 1024 }')
	if [ -z "$bars" ]; then
		row "status peak RSS" "$rss MiB" "$(unit "$sq_rss" MiB)" "$(ratio "$rss" "$sq_rss")" \
			"< 8 MiB" "$(verdict 'x < 8' "$rss")"
	else
		row "status peak RSS" "$rss MiB" "$(unit "$sq_rss" MiB)" "$(ratio "$rss" "$sq_rss")" \
			"(reported)" "-"
	fi
elif [ -z "$bars" ]; then
	row "status peak RSS" "n/a" "-" "-" "< 8 MiB" "n/a (no GNU time)"
else
	row "status peak RSS" "n/a" "-" "-" "(reported)" "n/a (no GNU time)"
fi
ve=$(ms version)
row "--version (median $version_runs)" "$(unit "$ve" ms)" "-" "-" "< 2 ms" "$(verdict 'x < 2' "$ve")"

# Every run, to tell noise from a real difference: on a busy machine one slow
# run of either side moves the median. The ratio of the fastest runs is the
# one least disturbed by other work (reported, not a bar).
runs_ms() { # the samples in file $1, in ms, on one line
	awk '{ v = $1 / 1e6; printf (NR > 1 ? " " : "") (v < 100 ? "%.1f" : "%.0f"), v }' "$1"
}
runs() { # label retort-sample baseline-sample
	[ -s "samples/$2" ] && [ -s "samples/$3" ] || return 0
	a=$(runs_ms "samples/$2")
	b=$(runs_ms "samples/$3")
	amin=$(sort -n "samples/$2" | head -n 1)
	bmin=$(sort -n "samples/$3" | head -n 1)
	printf '  %-28s retort: %s | %s: %s | fastest: %s\n' "$1" "$a" "$base" "$b" \
		"$(ratio "$amin" "$bmin")"
}
echo
echo "each run in ms, in order (odd runs start with retort, even ones with $base):"
runs "upgrade" upgrade sq_upgrade
runs "upgrade --single-transaction" upgrade_single sq_upgrade_single
runs "downgrade base" downgrade sq_downgrade

if [ $failed = 1 ]; then
	echo
	echo "some commands failed to run (see above): the table is incomplete" >&2
	exit 1
fi
exit 0
