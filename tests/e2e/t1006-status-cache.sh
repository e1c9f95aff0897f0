#!/bin/sh
# t1006-status-cache: `status` reads the directory through its cache,
# DIR/.retort-cache (name, size, inode, mtime, ctime -> checksum and
# parents): an unchanged file is not opened again, an edited, added or
# removed one is seen at once, a cache that is damaged or cannot be
# written changes nothing but the speed. Against SQLite, PostgreSQL and
# MariaDB (RT_BACKEND).
. "$(dirname "$0")/lib.sh"

# chain N: migrations t1..tN, each a table
chain() {
	_i=1
	_prev=""
	while [ "$_i" -le "$1" ]; do
		_r=$(printf '202601010000%02d_t%d' "$_i" "$_i")
		t_mig "$_r" "$_prev" "CREATE TABLE t$_i (x int);" "DROP TABLE t$_i;"
		_prev=$_r
		_i=$((_i + 1))
	done
}

# the next second of the file clock: entries taken before it are then
# older than a cache written after it (the racy-git rule trusts only
# those); a file's mtime, not date(1), since file times lag the real
# clock by up to a tick
next_second() {
	_p=$(mktemp)
	_s=$(stat -c %Y "$_p")
	while touch "$_p" && [ "$(stat -c %Y "$_p")" = "$_s" ]; do
		sleep 0.1
	done
	rm -f "$_p"
}

# warm: a status whose cache vouches for every file (written a second
# after the files last changed)
warm() {
	rt status
	next_second
	rt status
}

t_case "status writes the cache; a second status is the same, from it"
chain 5
rt upgrade
t_status 0
rt status --json
t_status 0
FIRST=$OUT
[ -f migrations/.retort-cache ] || t_fail "no migrations/.retort-cache after status"
head -n 1 migrations/.retort-cache | grep -q '^retort-dircache 1$' ||
	t_fail "the cache does not start with its format line"
t_eq "$(($(wc -l <migrations/.retort-cache) - 1))" 5 "entries in the cache"
warm
rt status --json
t_status 0
t_eq "$OUT" "$FIRST" "status --json from the cache"
rm migrations/.retort-cache
rt status --json
t_eq "$OUT" "$FIRST" "status --json without the cache"

if command -v strace >/dev/null 2>&1; then
	t_case "an unchanged file is not opened: status stats it and takes the rest from the cache"
	chain 5
	rt upgrade
	warm
	# LeakSanitizer cannot run under ptrace: off for the traced runs
	# of a sanitizer build
	traced() {
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -e trace=open,openat -o trace "$RETORT" "$@" \
			>/dev/null 2>&1
	}
	traced status
	RC=$?
	t_status 0
	grep -q 'retort-cache' trace || t_fail "the cache was not read"
	! grep -q '_t[0-9]*\.sql' trace || t_fail "status opened a migration file: $(grep '\.sql' trace | head -n 3)"
	# upgrade never trusts it: it reads every file
	traced upgrade
	grep -q '_t3\.sql' trace || t_fail "upgrade did not read the migration files"
else
	t_case "an unchanged file is not opened (strace)"
	T_CASE_SKIP=1
fi

t_case "an edit of an applied file is reported at once, whatever its timestamps say"
chain 3
rt upgrade
warm
F=migrations/20260101000002_t2.sql
cp -p "$F" before.sql
# same size, mtime put back: only the ctime (and the racy rule) can tell
sed 's/CREATE TABLE t2 (x int)/CREATE TABLE t2 (y int)/' before.sql >"$F.new"
cat "$F.new" >"$F"
rm "$F.new"
touch -r before.sql "$F"
t_eq "$(wc -c <"$F")" "$(wc -c <before.sql)" "size of the edited file"
rt status
t_status 3
t_out_has "edited"
t_out_has "20260101000002_t2"
# the edit undone (the same timestamps again): up to date
cp -p before.sql "$F"
rt status
t_status 0

t_case "a new and a removed file: pending and unknown at once"
chain 3
rt upgrade
warm
rm migrations/20260101000003_t3.sql
rt status
t_status 3
t_out_has "unknown"
t_out_has "20260101000003_t3"
t_mig 20260101000003_t3 20260101000002_t2 "CREATE TABLE t3 (x int);" "DROP TABLE t3;"
t_mig 20260101000004_t4 20260101000003_t3 "CREATE TABLE t4 (x int);" "DROP TABLE t4;"
rt status
t_status 3
t_out_has "pending"
t_out_has "20260101000004_t4"
t_out_lacks "unknown"
rt upgrade
t_status 0
rt status
t_status 0

t_case "a damaged cache is ignored whole and written anew"
chain 3
rt upgrade
warm
for junk in "" "retort-dircache 9" "not a cache at all" \
	"$(printf 'retort-dircache 1\n20260101000001_t1.sql\t1\t2')"; do
	printf '%s' "$junk" >migrations/.retort-cache
	rt status
	t_status 0
	t_out_has "3 applied, 0 pending"
	head -n 1 migrations/.retort-cache | grep -q '^retort-dircache 1$' ||
		t_fail "the cache was not written anew after '$junk'"
done
# an entry whose file was edited but whose key still matches would be
# served stale: the cache is a record of files, not a source of truth,
# so status after a forged entry is what the forger wrote (documented);
# a parse error, though, is never cached
printf '%s\n' "-- retort:parent 20260101000002_t2" "CREATE TABLE t3;" >migrations/20260101000003_t3.sql
rt status
t_status 1
t_err_has "20260101000003_t3.sql"
rt status
t_status 1
t_err_has "20260101000003_t3.sql"

t_case "a cache that cannot be written is no error"
chain 3
rt upgrade
rm -f migrations/.retort-cache
mkdir migrations/.retort-cache
rt status
t_status 0
t_out_has "3 applied, 0 pending"
[ -d migrations/.retort-cache ] || t_fail "the directory in the cache's place was replaced"
t_eq "$ERR" "" "stderr"

t_done
