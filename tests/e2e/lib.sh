# lib.sh: the harness of the end-to-end families, in the manner of git's
# t/test-lib.sh. A family script sources this, calls `t_case NAME` before
# each case's commands and `t_done` at the end; assertions record failures
# and never stop the script. Each family runs in its own temporary
# directory, removed afterwards.
#
# Environment: RETORT (the binary; default build/retort).

set -u
T_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RETORT=${RETORT:-$T_ROOT/build/retort}
T_NAME=$(basename "$0" .sh)
T_DIR=$(mktemp -d "/tmp/retort-$T_NAME-XXXXXX")
T_PASSED=0
T_FAILED=0
T_CASE=""
T_CASE_FAILED=0
trap 'rm -rf "$T_DIR"' EXIT
cd "$T_DIR" || exit 1
unset DATABASE_URL NO_COLOR

t_case_end() {
	[ -n "$T_CASE" ] || return 0
	if [ "$T_CASE_FAILED" -eq 0 ]; then
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
	T_CASE_DIR="$T_DIR/case$((T_PASSED + T_FAILED + 1))"
	mkdir -p "$T_CASE_DIR/migrations"
	cd "$T_CASE_DIR" || exit 1
}

t_fail() {
	T_CASE_FAILED=1
	echo "  FAIL: $*"
}

# Run retort, keeping stdout in $OUT, stderr in $ERR and status in $RC.
rt() {
	"$RETORT" "$@" >"$T_CASE_DIR/.out" 2>"$T_CASE_DIR/.err"
	RC=$?
	OUT=$(cat "$T_CASE_DIR/.out")
	ERR=$(cat "$T_CASE_DIR/.err")
	# a sanitizer report is a failure whatever the exit status
	if grep -q "Sanitizer" "$T_CASE_DIR/.err"; then
		t_fail "sanitizer report from: retort $*"
		cat "$T_CASE_DIR/.err"
	fi
	return 0
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

t_done() {
	t_case_end
	echo "$T_NAME: $T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}
