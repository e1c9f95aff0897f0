#!/bin/sh
# bench/squash.sh: an empty PostgreSQL database brought to the head
# through a squash against through the migrations it replaces, in one run.
#
#   sh bench/squash.sh [--rounds K] [--retort PATH] [--url URL] [--keep]
#   sh bench/squash.sh --generate DIR [N]
#
# Two histories:
#
#   unleash    the real Unleash history (tests/history/unleash, 385
#              migrations, 2014-2026): the primary figure
#   synthetic  200 migrations with the churn of a long history: eight
#              tables, each through 25 changes, one statement or two a
#              migration (create, two rows, columns added, filled,
#              renamed, moved into another and dropped, a type widened,
#              indexes built, dropped and rebuilt, a check added, dropped
#              and added again, a default, a scratch table made, read back
#              and dropped, a foreign key): the final schema is eight
#              tables with an index, a check and a foreign key each
#
# For each: `retort squash` writes the squash beside the originals (as
# right after squashing: the directory holds both, and an empty database
# runs the squash alone). Then K rounds (default 5), alternating, each on
# a database made (and afterwards dropped) outside the clock:
#
#   originals  retort upgrade with the originals only
#   squash     retort upgrade with the squash beside them
#   empty      retort upgrade with an empty directory: the cost of a
#              retort run itself (process, two connections, the lock,
#              the state tables), which both sides pay
#
# After the first round of each the two databases' catalogs must be equal
# (retort diff prints nothing). Prints the medians and the ratio of the
# wall times; the bar (issue 15) is squash <= originals / 10. Also the
# ratio of the migration work alone: each side's median less the empty
# run's. Exit status: 0 (a report,
# whatever the ratio); 1 when a run failed; 2 on usage. See
# bench/README.md.

set -u

if [ -z "${BASH_VERSION:-}" ] && [ -z "${RETORT_BENCH_NO_BASH:-}" ] &&
	command -v bash >/dev/null 2>&1; then
	RETORT_BENCH_NO_BASH=1 exec bash "$0" "$@"
fi

usage() {
	echo "usage: $0 [--rounds K] [--retort PATH] [--url URL] [--keep]" >&2
	echo "       $0 --generate DIR [N]" >&2
	exit 2
}

die() {
	echo "squash.sh: $*" >&2
	exit 1
}

# generate DIR N: the synthetic history: eight tables, each going
# through the same 25 changes in turn (table k takes migrations
# k, k+8, k+16, ...), so migration i is step int((i-1)/8) of table
# (i-1)%8+1; N beyond 200 starts the tables over with new names
generate() {
	_dir=$1
	_n=$2
	mkdir -p "$_dir" || die "cannot create $_dir"
	awk -v n="$_n" -v dir="$_dir" '
	function id(i,  d, r) {
		d = int(i / 1440); r = i % 1440
		return sprintf("202601%02d%02d%02d00", d + 1, int(r / 60), r % 60)
	}
	BEGIN {
		q = "\x27"
		# the 25 steps of a table @T@ (@P@: the table before it)
		st[0] = "create|CREATE TABLE @T@ (id bigserial PRIMARY KEY, name text NOT NULL, a integer);"
		st[1] = "seed|INSERT INTO @T@ (name, a) VALUES (" q "x" q ", 1), (" q "y" q ", 2);"
		st[2] = "add_b|ALTER TABLE @T@ ADD COLUMN b text;"
		st[3] = "index_b|CREATE INDEX @T@_b ON @T@ (b);"
		st[4] = "fill_b|UPDATE @T@ SET b = name;"
		st[5] = "rename_a|ALTER TABLE @T@ RENAME COLUMN a TO amount;"
		st[6] = "add_c|ALTER TABLE @T@ ADD COLUMN c text;"
		st[7] = "move_b_c|UPDATE @T@ SET c = b;"
		st[8] = "drop_index_b|DROP INDEX @T@_b;"
		st[9] = "drop_b|ALTER TABLE @T@ DROP COLUMN b;"
		st[10] = "index_c|CREATE INDEX @T@_c ON @T@ (c);"
		st[11] = "check_amount|ALTER TABLE @T@ ADD CONSTRAINT @T@_amount CHECK (amount >= 0);"
		st[12] = "default_c|ALTER TABLE @T@ ALTER COLUMN c SET DEFAULT " q q ";"
		st[13] = "add_flag|ALTER TABLE @T@ ADD COLUMN flag boolean NOT NULL DEFAULT false;"
		st[14] = "index_flag|CREATE INDEX @T@_flag ON @T@ (flag) WHERE flag;"
		st[15] = "drop_check|ALTER TABLE @T@ DROP CONSTRAINT @T@_amount;"
		st[16] = "amount_bigint|ALTER TABLE @T@ ALTER COLUMN amount TYPE bigint;"
		st[17] = "recheck|ALTER TABLE @T@ ADD CONSTRAINT @T@_amount CHECK (amount >= 0 AND amount < 1000000);"
		st[18] = "drop_flag|DROP INDEX @T@_flag;\nALTER TABLE @T@ DROP COLUMN flag;"
		st[19] = "reindex_c|DROP INDEX @T@_c;\nCREATE INDEX @T@_c_name ON @T@ (c, name);"
		st[20] = "scratch|CREATE TABLE @T@_tmp (id bigint PRIMARY KEY, v text);\nINSERT INTO @T@_tmp SELECT id, name FROM @T@;"
		st[21] = "scratch_back|UPDATE @T@ SET c = @T@_tmp.v FROM @T@_tmp WHERE @T@_tmp.id = @T@.id;"
		st[22] = "drop_scratch|DROP TABLE @T@_tmp;"
		st[23] = "rename_c|ALTER TABLE @T@ RENAME COLUMN c TO label;"
		st[24] = "parent|ALTER TABLE @T@ ADD COLUMN parent_id bigint REFERENCES @P@ (id);"
		prev = ""
		for (i = 1; i <= n; i++) {
			k = (i - 1) % 8 + 1
			s = int((i - 1) / 8)
			round = int(s / 25)
			s = s % 25
			t = "t" k (round ? "_" round : "")
			p = "t" (k > 1 ? k - 1 : 8) (round ? "_" round : "")
			split(st[s], a, "|")
			up = a[2]
			gsub(/@T@/, t, up)
			gsub(/@P@/, p, up)
			name = id(i) "_" t "_" a[1]
			f = dir "/" name ".sql"
			if (prev != "")
				print "-- retort:parent " prev > f
			print "-- retort:up" > f
			print up > f
			close(f)
			prev = name
		}
	}' || die "cannot write the history"
}

now_ms() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		_t=${EPOCHREALTIME}
		echo $((${_t%.*} * 1000 + 10#$(printf '%.3s' "${_t#*.}")))
	else
		echo $(($(date +%s%N) / 1000000))
	fi
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

rounds=5
retort=
url=
keep=0
if [ "${1-}" = --generate ]; then
	[ $# -ge 2 ] || usage
	generate "$2" "${3:-200}"
	exit 0
fi
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) [ $# -ge 2 ] || usage; rounds=$2; shift 2 ;;
	--retort) [ $# -ge 2 ] || usage; retort=$2; shift 2 ;;
	--url) [ $# -ge 2 ] || usage; url=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) usage ;;
	esac
done
case $rounds in '' | *[!0-9]*) usage ;; esac
[ "$rounds" -gt 0 ] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
[ -n "$retort" ] || retort=$root/build/retort
[ -x "$retort" ] || die "no retort binary at $retort (make, or --retort PATH)"
work=$(mktemp -d /tmp/retort-bench-squash-XXXXXX)
pgdir=""
cleanup() {
	[ -n "$pgdir" ] && "$root/tests/pg-tmp" stop "$pgdir"
	if [ "$keep" -eq 1 ]; then
		echo "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cp "$retort" "$work/retort"
R=$work/retort

if [ -z "$url" ]; then
	pg=$("$root/tests/pg-tmp" start) || die "could not start PostgreSQL"
	pgdir=$(printf '%s\n' "$pg" | head -n 1)
	url=$(printf '%s\n' "$pg" | tail -n 1)
fi
url_for() {
	printf '%s\n' "$url" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$1\1|"
}
newdb() {
	psql -qX "$url" -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null ||
		die "cannot create database $1"
}
dropdb() {
	psql -qX "$url" -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS $1" >/dev/null
}

echo "squash bench: PostgreSQL $(psql -qXAt "$url" -c 'SHOW server_version'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $rounds rounds"

# bench NAME ORIGDIR: squash, then the alternating rounds
bench() {
	_name=$1
	_orig=$2
	_sq=$work/$_name-squash
	mkdir -p "$_sq"
	cp "$_orig"/*.sql "$_sq/"
	_n=$(ls "$_orig" | wc -l)
	_start=$(now_ms)
	"$R" -u "$url" -d "$_sq" squash -q || die "$_name: retort squash failed"
	_t_squash=$(($(now_ms) - _start))
	: >"$work/$_name.orig"
	: >"$work/$_name.empty"
	mkdir -p "$work/empty"
	for _r in $(seq 1 "$rounds"); do
		for _side in orig sq empty; do
			_db=retort_bench_squash_${_side}_$$
			newdb "$_db"
			_d=$_orig
			[ "$_side" = sq ] && _d=$_sq
			[ "$_side" = empty ] && _d=$work/empty
			_start=$(now_ms)
			"$R" -q -u "$(url_for "$_db")" -d "$_d" upgrade >"$work/out" 2>&1 ||
				{ cat "$work/out"; die "$_name: upgrade ($_side) failed"; }
			echo $(($(now_ms) - _start)) >>"$work/$_name.$_side"
			if [ "$_r" -eq 1 ] && [ "$_side" = sq ]; then
				"$R" diff --from "$(url_for "retort_bench_squash_orig_$$")" \
					--to "$(url_for "$_db")" >"$work/diff" 2>&1 ||
					die "$_name: retort diff failed"
				[ -s "$work/diff" ] && { cat "$work/diff"; die "$_name: the catalogs differ"; }
			fi
			[ "$_side" = sq ] && dropdb retort_bench_squash_orig_$$
			[ "$_side" = orig ] || dropdb "$_db"
		done
	done
	_mo=$(median <"$work/$_name.orig")
	_ms=$(median <"$work/$_name.sq")
	_me=$(median <"$work/$_name.empty")
	_net=$(awk -v a="$_mo" -v b="$_ms" -v e="$_me" 'BEGIN { if (b - e > 0) printf "%.1f", (a - e) / (b - e); else print "inf" }')
	_ratio=$(awk -v a="$_mo" -v b="$_ms" 'BEGIN { printf "%.1f", a / b }')
	_verdict=$(awk -v a="$_mo" -v b="$_ms" 'BEGIN { print (10 * b <= a) ? "PASS" : "FAIL" }')
	printf '%-10s %5d migrations  squash written in %6d ms  originals %7d ms  squash %6d ms  %6sx  %s\n' \
		"$_name" "$_n" "$_t_squash" "$_mo" "$_ms" "$_ratio" "$_verdict"
	echo "  originals: $(tr '\n' ' ' <"$work/$_name.orig")ms; squash: $(tr '\n' ' ' <"$work/$_name.sq")ms; empty: $(tr '\n' ' ' <"$work/$_name.empty")ms"
	echo "  less an empty run's $_me ms (process, connections, lock): originals $((_mo - _me)) ms, squash $((_ms - _me)) ms, ${_net}x"
}

bench unleash "$root/tests/history/unleash/migrations"
generate "$work/synthetic" 200
bench synthetic "$work/synthetic"
echo "bar (issue 15): squash <= originals / 10, medians of $rounds alternating rounds"
