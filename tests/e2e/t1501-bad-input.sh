#!/bin/sh
# t1501: bad input. Every malformed file, graph, target, URL or database is
# refused with a non-zero status, a message naming the file (and line) or
# the revision, and the database left exactly as it was. Against SQLite and
# PostgreSQL (RT_BACKEND).
. "$(dirname "$0")/lib.sh"

A=20260101000000_a
B=20260102000000_b
C=20260103000000_c
D=20260104000000_d

# How many objects (tables, indexes, ...) named in the SQL list $1 exist.
n_objects() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_query "SELECT count(*) FROM information_schema.tables
			WHERE table_schema = DATABASE() AND table_name IN ($1)"
	elif [ "$RT_BACKEND" = postgres ]; then
		t_query "SELECT count(*) FROM pg_class WHERE relname IN ($1)
			AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
	else
		t_query "SELECT count(*) FROM sqlite_schema WHERE name IN ($1)"
	fi
}

# Two valid migrations, applied; $SNAP is the database's full dump after.
base() {
	t_mig $A "" "CREATE TABLE a(x int);
INSERT INTO a VALUES (1);" "DROP TABLE a;"
	t_mig $B $A "CREATE TABLE b(y int);" "DROP TABLE b;"
	rt upgrade
	t_status 0
	SNAP=$(t_dump)
	[ -n "$SNAP" ] || t_fail "no database after the first upgrade"
}

# The database is exactly as base() left it.
t_unchanged() {
	_now=$(t_dump)
	[ "$_now" = "$SNAP" ] || {
		t_fail "database changed:"
		printf '%s\n' "$SNAP" >"$T_CASE_DIR/.snap1"
		printf '%s\n' "$_now" >"$T_CASE_DIR/.snap2"
		diff "$T_CASE_DIR/.snap1" "$T_CASE_DIR/.snap2" | sed 's/^/    /'
	}
}

# Everything but retort_log is as base() left it, and retort_log gained
# exactly one 'failure' row for revision $1 (a failure after the
# migration started is recorded by design).
t_unchanged_but_failure() {
	_now=$(t_dump | grep -v retort_log)
	_was=$(printf '%s\n' "$SNAP" | grep -v retort_log)
	[ "$_now" = "$_was" ] || {
		t_fail "database (outside retort_log) changed:"
		printf '%s\n' "$_was" >"$T_CASE_DIR/.snap1"
		printf '%s\n' "$_now" >"$T_CASE_DIR/.snap2"
		diff "$T_CASE_DIR/.snap1" "$T_CASE_DIR/.snap2" | sed 's/^/    /'
	}
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'failure' AND revision = '$1'")" 1 \
		"failure rows for $1 in retort_log"
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event <> 'failure'")" 2 \
		"non-failure rows in retort_log"
}

# A failure (status 1) whose message starts 'retort: error:'.
t_refused() {
	t_status 1
	t_err_has "retort: error: "
	t_out_lacks "up   "
}

t_case "malformed directive option: file:line named, nothing applied"
base
cat >migrations/$C.sql <<EOF
-- retort:parent $B
-- retort:up transaction=maybe
CREATE TABLE c(z int);
EOF
rt upgrade
t_refused
t_err_has "migrations/$C.sql:2:"
t_err_has "transaction=maybe"
t_unchanged

t_case "unknown directive: file:line named, nothing applied"
base
cat >migrations/$C.sql <<EOF
-- retort:parent $B
-- plain comments are fine
-- retort:up
CREATE TABLE c(z int);
-- retort:sideways
-- retort:down
DROP TABLE c;
EOF
rt upgrade
t_refused
t_err_has "migrations/$C.sql:5:"
t_err_has "retort:sideways"
t_unchanged

t_case "text before the first directive: file:line named, nothing applied"
base
cat >migrations/$C.sql <<EOF
-- a comment is allowed here

CREATE TABLE sneaky(z int);
-- retort:parent $B
-- retort:up
CREATE TABLE c(z int);
EOF
rt upgrade
t_refused
t_err_has "migrations/$C.sql:3:"
t_unchanged
t_eq "$(n_objects "'sneaky'")" 0

t_case "a section given twice: file:line of the second named"
base
cat >migrations/$C.sql <<EOF
-- retort:parent $B
-- retort:up
CREATE TABLE c(z int);
-- retort:down
DROP TABLE c;
-- retort:up
CREATE TABLE c2(z int);
EOF
rt upgrade
t_refused
t_err_has "migrations/$C.sql:6:"
t_err_has "retort:up"
t_unchanged

t_case "missing parent: the file and the missing revision named"
base
t_mig $C 20251231000000_gone "CREATE TABLE c(z int);" "DROP TABLE c;"
rt upgrade
t_refused
t_err_has "migrations/$C.sql:1:"
t_err_has "20251231000000_gone"
t_unchanged

t_case "cycle: both files named"
base
t_mig $C "$B $D" "CREATE TABLE c(z int);" "DROP TABLE c;"
t_mig $D "$C" "CREATE TABLE d(z int);" "DROP TABLE d;"
rt upgrade
t_refused
t_err_has "cycle"
t_err_has "migrations/$C.sql"
t_err_has "migrations/$D.sql"
t_unchanged

t_case "duplicate revision id: both files named"
base
t_mig ${C%_c}_one "$B" "CREATE TABLE c1(z int);" "DROP TABLE c1;"
t_mig ${C%_c}_two "$B" "CREATE TABLE c2(z int);" "DROP TABLE c2;"
rt upgrade
t_refused
t_err_has "migrations/${C%_c}_one.sql"
t_err_has "migrations/${C%_c}_two.sql"
t_err_has "${C%_c}"
t_unchanged

t_case "a .sql file with a bad name is an error, never skipped"
base
t_mig 2026_oops "$B" "CREATE TABLE oops(z int);" "DROP TABLE oops;"
rt upgrade
t_refused
t_err_has "2026_oops.sql"
t_unchanged
# other files are ignored
rm migrations/2026_oops.sql
echo "notes" >migrations/README.md
echo "id" >migrations/data.csv
rt upgrade
t_status 0
t_unchanged

t_case "two heads on upgrade: both heads named, nothing applied"
base
t_mig $C "$B" "CREATE TABLE c(z int);" "DROP TABLE c;"
t_mig $D "$B" "CREATE TABLE d(z int);" "DROP TABLE d;"
rt upgrade
t_refused
t_err_has "$C"
t_err_has "$D"
t_err_has "head"
t_unchanged

t_case "SQL failing mid-migration: whole migration rolled back, statement and line shown"
if ! t_skip_on mysql "DDL commits on its own: the migration is left partial (t3001)"; then
base
cat >migrations/$C.sql <<EOF
-- retort:parent $B
-- retort:up
CREATE TABLE c(z int);
INSERT INTO a VALUES (2);
INSERT INTO nosuch_table VALUES (1);
CREATE TABLE c_after(z int);
-- retort:down
DROP TABLE c;
EOF
rt upgrade
t_refused
t_err_has "migrations/$C.sql:5:"
t_err_has "INSERT INTO nosuch_table VALUES (1)"
t_err_has "nosuch_table"
t_unchanged_but_failure $C
t_eq "$(t_query "SELECT count(*) FROM a")" 1 "rows of a (the INSERT was rolled back)"
t_eq "$(n_objects "'c', 'c_after'")" 0 \
	"tables of the failed migration"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations WHERE revision = '$C'")" 0
fi

t_case "applied migration edited afterwards: upgrade refuses and names it"
base
printf '%s\n' "-- an edit" >>migrations/$A.sql
t_mig $C "$B" "CREATE TABLE c(z int);" "DROP TABLE c;"
rt upgrade
t_refused
t_err_has "$A"
t_unchanged

t_case "downgrade past an irreversible migration: refused, names it, nothing reverted"
t_mig $A "" "CREATE TABLE a(x int);" "DROP TABLE a;"
t_mig $B $A "CREATE TABLE b(y int);" -
t_mig $C $B "CREATE TABLE c(z int);" "DROP TABLE c;"
rt upgrade
t_status 0
SNAP=$(t_dump)
rt downgrade base
t_refused
t_err_has "$B"
t_err_has "irreversible"
t_unchanged
rt downgrade $A
t_refused
t_err_has "$B"
t_unchanged

t_case "unknown target: exit 1, 'unknown revision'"
base
rt upgrade nosuch
t_refused
t_err_has "unknown revision"
t_err_has "nosuch"
t_unchanged
rt downgrade 20991231235959
t_refused
t_err_has "unknown revision"
t_unchanged
rt stamp nosuch
t_refused
t_err_has "unknown revision"
t_unchanged

t_case "ambiguous prefix: refused, lists the candidates"
base
t_mig $C "$B" "CREATE TABLE c(z int);" "DROP TABLE c;"
rt upgrade 2026010
t_refused
t_err_has "ambiguous"
t_err_has "$A"
t_err_has "$B"
t_err_has "$C"
t_unchanged
rt downgrade 2026010
t_refused
t_err_has "ambiguous"
t_unchanged

t_case "unreadable migration file (a directory named X.sql): file named"
base
mkdir migrations/$C.sql
rt upgrade
t_refused
t_err_has "migrations/$C.sql"
t_unchanged
rt status
t_status 1
t_err_has "migrations/$C.sql"

t_case "unreadable migration file (dangling symlink X.sql): file named"
base
ln -s nowhere/at/all migrations/$C.sql
rt upgrade
t_refused
t_err_has "migrations/$C.sql"
t_unchanged

t_case "a FIFO named X.sql: refused promptly, file named, no hang"
base
if mkfifo migrations/$C.sql 2>/dev/null; then
	# rt has no time limit: run under timeout(1) by hand
	timeout 10 "$RETORT" upgrade >"$T_CASE_DIR/.out" 2>"$T_CASE_DIR/.err"
	RC=$?
	OUT=$(cat "$T_CASE_DIR/.out")
	ERR=$(cat "$T_CASE_DIR/.err")
	[ "$RC" -ne 124 ] || t_fail "retort upgrade hung on the FIFO (killed after 10 s)"
	t_refused
	t_err_has "migrations/$C.sql"
	t_unchanged
else
	echo "# skipped: mkfifo failed"
fi

# chmod 000 does not stop root from reading: only as another user.
if [ "$(id -u)" -ne 0 ]; then
	t_case "unreadable migration file (chmod 000): file named"
	base
	t_mig $C "$B" "CREATE TABLE c(z int);" "DROP TABLE c;"
	chmod 000 migrations/$C.sql
	rt upgrade
	t_refused
	t_err_has "migrations/$C.sql"
	t_unchanged
	chmod 644 migrations/$C.sql
else
	echo "# skipped the chmod 000 variant: running as root, which reads any file"
fi

t_case "malformed URLs: never exit 0, message says malformed URL"
base
for u in postgres:/nope nosuch:x sqlite:; do
	rt -u "$u" upgrade
	case $RC in 1 | 2) ;; *) t_fail "-u $u: exit status $RC, expected 1 or 2" ;; esac
	t_err_has "malformed"
	t_err_has "URL"
	t_err_has "$u"
done
t_unchanged
[ -e nosuch:x ] && t_fail "a file 'nosuch:x' was created"
[ -e x ] && t_fail "a file 'x' was created"

t_case "a file that is not SQLite: refused, its bytes unchanged"
base
if t_only sqlite; then
	awk 'BEGIN { srand(42); for (i = 0; i < 200; i++) printf "%c", 33 + int(rand() * 90); print "" }' >junk.db
	cp junk.db junk.orig
	rt -u sqlite:junk.db upgrade
	t_refused
	t_err_has "not a SQLite database"
	t_err_has "junk.db"
	cmp -s junk.db junk.orig || t_fail "junk.db was modified"
	rt -u sqlite:junk.db status
	t_refused
	cmp -s junk.db junk.orig || t_fail "junk.db was modified by status"
	t_unchanged
fi

# PostgreSQL's twin: a URL naming a database the server does not have, or
# a port where something other than PostgreSQL answers.
t_case "a database that does not exist, a server that is not PostgreSQL: refused"
base
if t_only postgres; then
	nodb=$(t_pg_url_for "${T_PG_DB}_nosuch")
	for cmd in upgrade status; do
		rt -u "$nodb" $cmd
		t_refused
		t_err_has "${T_PG_DB}_nosuch"
		t_err_has "does not exist"
	done
	t_eq "$(psql -qXAt "$RT_PG_URL" -c "SELECT count(*) FROM pg_database WHERE datname = '${T_PG_DB}_nosuch'")" 0 \
		"the database was created"
	# a server that answers every connection with junk bytes
	rm -f junk.port
	python3 - <<'EOF' &
import os, socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open("junk.port.tmp", "w").write(str(s.getsockname()[1]))
os.rename("junk.port.tmp", "junk.port")
s.settimeout(30)
try:
    while True:
        c, _ = s.accept()
        c.recv(4096)
        c.sendall(bytes(33 + (i * 7) % 90 for i in range(200)))
        c.close()
except socket.timeout:
    pass
EOF
	JUNK=$!
	_n=0
	while [ ! -f junk.port ] && [ "$_n" -lt 100 ]; do
		sleep 0.05
		_n=$((_n + 1))
	done
	port=$(cat junk.port 2>/dev/null)
	[ -n "$port" ] || t_fail "the junk server did not start"
	for cmd in upgrade status; do
		timeout 30 "$RETORT" -u "postgres://u:pw@127.0.0.1:$port/db" $cmd \
			>"$T_CASE_DIR/.out" 2>"$T_CASE_DIR/.err"
		RC=$?
		OUT=$(cat "$T_CASE_DIR/.out")
		ERR=$(cat "$T_CASE_DIR/.err")
		[ "$RC" -ne 124 ] || t_fail "retort $cmd hung on a server that is not PostgreSQL"
		t_refused
		t_err_has "127.0.0.1"
		t_err_has "$port"
	done
	kill "$JUNK" 2>/dev/null
	wait "$JUNK" 2>/dev/null
	t_unchanged
fi

t_case "CSV with a wrong column count: CSV file and line named, migration rolled back"
if ! t_skip_on mysql "DDL commits on its own: CREATE TABLE stays, the migration partial (t3001)"; then
base
printf 'id,name\n1,rex\n2,tom,extra\n3,kit\n' >migrations/pets.csv
cat >migrations/$C.sql <<EOF
-- retort:parent $B
-- retort:up
CREATE TABLE pets(id int, name text);
INSERT INTO a VALUES (3);
-- retort:load pets FROM 'pets.csv'
-- retort:down
DROP TABLE pets;
EOF
rt upgrade
t_refused
t_err_has "pets.csv:3"
t_unchanged_but_failure $C
t_eq "$(n_objects "'pets'")" 0 "table pets"
t_eq "$(t_query "SELECT count(*) FROM a")" 1 "rows of a"
fi

t_case "a URL's password never appears in output"
base
for args in "status" "-v status" "-v upgrade" "--json status" "-v downgrade base"; do
	# shellcheck disable=SC2086
	rt -u 'postgres://u:hunter2@127.0.0.1:1/db' $args
	[ "$RC" -ne 0 ] || t_fail "'$args' against an unreachable server exited 0"
	case "$OUT$ERR" in *hunter2*) t_fail "'$args' printed the password: $OUT $ERR" ;; esac
done
for u in 'postgres://u:hunter2@127.0.0.1:notaport/db' 'postgresql://u:hunter2@127.0.0.1:1/db?sslmode=bogus' \
	'mysql://u:hunter2@127.0.0.1:1/db' 'foo://u:hunter2@127.0.0.1/db'; do
	rt -u "$u" status
	[ "$RC" -ne 0 ] || t_fail "-u $u exited 0"
	case "$OUT$ERR" in *hunter2*) t_fail "-u $u printed the password: $OUT $ERR" ;; esac
done
saved_url=${DATABASE_URL-}
DATABASE_URL='postgres://u:hunter2@127.0.0.1:1/db'
export DATABASE_URL
rt -v status
if [ -n "$saved_url" ]; then DATABASE_URL=$saved_url; else unset DATABASE_URL; fi
[ "$RC" -ne 0 ] || t_fail "DATABASE_URL status exited 0"
case "$OUT$ERR" in *hunter2*) t_fail "DATABASE_URL: printed the password: $OUT $ERR" ;; esac
t_unchanged
# against a live server, successes and failures alike, with the password
# in -u and in $DATABASE_URL
if [ "$RT_BACKEND" = postgres ]; then
	pw=$(t_url | sed -n 's|^[a-z]*://[^:/@]*:\([^@]*\)@.*|\1|p')
	[ -n "$pw" ] || t_fail "the server's URL has no password to hide: $(t_url)"
	t_mig $C "$B" "CREATE TABLE c(z int);
INSERT INTO nosuch_table VALUES (1);" "DROP TABLE c;"
	for args in "-v status" "--json status" "-v upgrade --dry-run" "-v verify" \
		"-v history" "-v downgrade --dry-run base"; do
		# shellcheck disable=SC2086
		rt $args
		case "$OUT$ERR" in *"$pw"*) t_fail "'$args' printed the password: $OUT $ERR" ;; esac
		# shellcheck disable=SC2086
		rt -u "$(t_url)" $args
		case "$OUT$ERR" in *"$pw"*) t_fail "-u URL '$args' printed the password: $OUT $ERR" ;; esac
	done
	# a failing migration: the error, its detail and hint
	rt -v upgrade
	t_status 1
	t_err_has "retort: error: "
	t_err_has "nosuch_table"
	case "$OUT$ERR" in *"$pw"*) t_fail "a failed upgrade printed the password: $OUT $ERR" ;; esac
	rm migrations/$C.sql
	t_unchanged_but_failure $C
fi

t_case "a password in a malformed URL (the '//' mistyped) never appears in output"
base
for u in 'postgres:/u:hunter2@127.0.0.1:1/db' 'postgres:u:hunter2@127.0.0.1:1/db'; do
	rt -u "$u" status
	[ "$RC" -ne 0 ] || t_fail "-u $u exited 0"
	t_err_has "malformed"
	case "$OUT$ERR" in *hunter2*) t_fail "-u $u printed the password: $OUT $ERR" ;; esac
done
t_unchanged

t_case "a password with an unencoded / ? @ # or in ?password= never appears in output"
base
pw=Zq9xPw
printf 'CREATE TABLE s (id int);\n' >s.sql
for u in "postgres://u:$pw/x@127.0.0.1:1/db" "postgres://u:$pw?x@127.0.0.1:1/db" \
	"postgres://u:$pw#x@127.0.0.1:1/db" "postgres://u:a@$pw@127.0.0.1:1/db" \
	"postgres://u@127.0.0.1:1/db?password=$pw" \
	"postgres://u@127.0.0.1:1/db?sslmode=disable&sslpassword=$pw" \
	"postgresql://u:$pw" "postgres://u:$pw@[127.0.0.1/db" \
	"host=127.0.0.1 port=1 password=$pw" "mysql://u:$pw/x@127.0.0.1:1/db"; do
	for args in "status" "--json status" "-v upgrade" "dump" "lint"; do
		# shellcheck disable=SC2086
		rt -u "$u" $args
		[ "$RC" -ne 0 ] || t_fail "-u '$u' $args exited 0"
		case "$OUT$ERR" in *"$pw"*) t_fail "-u '$u' $args printed the password: $OUT $ERR" ;; esac
	done
	rt diff --json --from "$u" --to file://s.sql
	case "$OUT$ERR" in *"$pw"*) t_fail "diff --from '$u' printed the password: $OUT $ERR" ;; esac
	rt diff --json --from file://s.sql --to "$u"
	case "$OUT$ERR" in *"$pw"*) t_fail "diff --to '$u' printed the password: $OUT $ERR" ;; esac
	rt -u "$u" --dev-url "$u" diff --json --from file://s.sql --to file://s.sql
	case "$OUT$ERR" in *"$pw"*) t_fail "--dev-url '$u' printed the password: $OUT $ERR" ;; esac
done
t_unchanged
# against a live server: the password as a ?password= parameter works,
# and no output shows it
if [ "$RT_BACKEND" = postgres ]; then
	spw=$(t_url | sed -n 's|^[a-z]*://[^:/@]*:\([^@]*\)@.*|\1|p')
	qurl="$(t_url | sed 's|^\([a-z]*://[^:/@]*\):[^@]*@|\1@|')?password=$spw"
	for args in "status" "--json status" "-v status" "-v upgrade --dry-run"; do
		# shellcheck disable=SC2086
		rt -u "$qurl" $args
		[ "$RC" -le 3 ] || t_fail "-u ?password= $args failed: $ERR"
		case "$OUT$ERR" in *"$spw"*) t_fail "-u ?password= '$args' printed the password: $OUT $ERR" ;; esac
	done
	rt -u "$qurl" diff --json --from "$qurl" --to "$qurl"
	t_status 0
	t_out_has '"from": "postgres://'
	case "$OUT$ERR" in *"$spw"*) t_fail "diff --json printed the password: $OUT $ERR" ;; esac
	rt -u "$qurl" --dev-url "$qurl" diff --json --from "$(t_url)" --to "$qurl"
	t_status 0
	case "$OUT$ERR" in *"$spw"*) t_fail "diff --json printed the password: $OUT $ERR" ;; esac
fi

# An unterminated comment or quote swallowed the statements after it
# (SQLite read the rest as a comment and recorded the migration applied).
# Each is refused at file:line of its start, before anything runs: not
# even the valid migration before it is applied.
t_case "unterminated comment or quote: file:line of its start, nothing applied"
base
t_mig $C $B "CREATE TABLE c(z int);" "DROP TABLE c;"
if [ "$RT_BACKEND" = postgres ]; then
	forms='/* a /* nested */|block comment
'"E'it\\'s;|escape string
"'$$ SELECT 1;|dollar-quoted string
$fn$ SELECT 1; $fn;|dollar-quoted string'
elif [ "$RT_BACKEND" = mysql ]; then
	forms='`name;|quoted identifier'
else
	forms='`name;|quoted identifier
[name;|bracketed identifier'
fi
# "..." is a string in MySQL (sql_mode without ANSI_QUOTES)
dq="quoted identifier"
[ "$RT_BACKEND" = mysql ] && dq="quoted string"
forms="/* oops|block comment
'oops;|quoted string
\"oops;|$dq
$forms"
while IFS='|' read -r tok what; do
	{
		echo "-- retort:parent $C"
		echo "-- retort:up"
		echo "CREATE TABLE d(x int);"
		printf 'SELECT 1; %s\n' "$tok"
		echo "CREATE TABLE e(x int);"
	} >migrations/$D.sql
	rt upgrade
	t_refused
	t_err_has "migrations/$D.sql:4:"
	t_err_has "unterminated $what"
	t_eq "$(n_objects "'c', 'd', 'e'")" 0 "tables made despite '$tok'"
	t_unchanged
	rt upgrade --sql
	t_status 1
	t_err_has "migrations/$D.sql:4:"
	[ $T_CASE_FAILED -eq 0 ] || { echo "  (form: $tok)"; break; }
done <<EOF
$forms
EOF

# A near-miss down directive was a plain comment: the DELETE after it ran
# on upgrade and emptied the table, and the migration was recorded
# irreversible. Each spelling is refused at file:line with the canonical
# one; the table keeps its rows.
t_case "near-miss directive: file:line and did-you-mean, the table keeps its rows"
base
while IFS= read -r dline; do
	{
		echo "-- retort:parent $B"
		echo "-- retort:up"
		echo "CREATE TABLE c(z int);"
		echo "$dline"
		echo "DELETE FROM a;"
		echo "DROP TABLE c;"
	} >migrations/$C.sql
	rt upgrade
	t_refused
	t_err_has "migrations/$C.sql:4:"
	t_err_has "did you mean '-- retort:down'"
	t_eq "$(t_query "SELECT count(*) FROM a")" 1 "rows of a after '$dline'"
	t_unchanged
	[ $T_CASE_FAILED -eq 0 ] || { echo "  (line: $dline)"; break; }
done <<'EOF'
--retort:down
-- RETORT:down
--  retort:down
-- retort :down
-- Retort:Down
-- retrot:down
-- retort:dwon
-- retort: down
--retort down
EOF
# prose that mentions retort is a comment
t_mig $C $B "-- retort is great: see retort docs
CREATE TABLE c(z int);" "DROP TABLE c;"
rt upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM a")" 1 "rows of a"

# Line numbers were found by scanning each statement's section from its
# start: 100,000 statements in one section took 13 minutes. Linear now
# (about a second); the timeout makes a quadratic regression fail. On
# SQLite only: the code that was quadratic (units, lint, splitting) is
# shared, and PostgreSQL's round trips would make the case slow.
t_case "a 100,000-statement section upgrades in linear time"
if t_only sqlite; then
	awk 'BEGIN {
		print "-- retort:up"
		print "CREATE TABLE big(id integer);"
		for (i = 0; i < 100000; i++)
			printf "INSERT INTO big VALUES (%d);\n", i
		print "-- retort:down"
		print "DROP TABLE big;"
	}' >migrations/$A.sql
	RC=0
	timeout 60 "$RETORT" upgrade -q >"$T_CASE_DIR/.out" 2>"$T_CASE_DIR/.err" || RC=$?
	ERR=$(cat "$T_CASE_DIR/.err")
	[ "$RC" -ne 124 ] || t_fail "upgrade took more than 60 s (quadratic?)"
	t_status 0
	t_eq "$(t_query "SELECT count(*) FROM big")" 100000 "rows of big"
fi

t_case "a first upgrade on a database built before retort: 'already exists' hints at stamp"
t_query "CREATE TABLE a (x int)" >/dev/null
t_mig $A "" "CREATE TABLE a (x int);" "DROP TABLE a;"
rt upgrade
t_status 1
t_err_has "already exists"
t_err_has "retort stamp"
rt stamp $A
t_status 0
t_mig $B $A "CREATE TABLE a (y int);" "DROP TABLE a;"
rt upgrade
t_status 1
t_err_has "already exists"
case "$ERR" in *"retort stamp"*) t_fail "hint at stamp with migrations applied: $ERR" ;; esac

# A full disk at COMMIT (SQLite writes its pages then): the message names
# the migration and says nothing was applied. The file system is a small
# tmpfs of the case's own (root only; skipped where mount is refused).
t_case "disk full at COMMIT: the error names the migration, nothing of it applied"
if t_only sqlite; then
	mkdir -p tfs
	if mount -t tmpfs -o size=256k tmpfs tfs 2>/dev/null; then
		mkdir tfs/migrations
		cd tfs || exit 1
		t_mig $A "" "CREATE TABLE big (b blob);" "DROP TABLE big;"
		t_mig $B $A "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO big SELECT randomblob(1000) FROM n;" "DELETE FROM big;"
		rt upgrade
		t_status 1
		t_err_has "migration '$B'"
		t_err_has "disk is full"
		t_eq "$(t_sql retort.db "SELECT revision FROM retort_migrations")" "$A" "applied"
		t_eq "$(t_sql retort.db "SELECT count(*) FROM big")" 0 "rows of big"
		cd "$T_CASE_DIR" || exit 1
		umount tfs
	else
		echo "  # skip: cannot mount a tmpfs here"
		T_CASE_SKIP=1
	fi
fi

t_done
