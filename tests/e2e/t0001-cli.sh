#!/bin/sh
# t0001-cli: the command line itself: --version, --help, usage errors,
# configuration precedence, retort.conf errors, init, new, merge, heads,
# history and plain (uncoloured) output when piped.
. "$(dirname "$0")/lib.sh"

# --- helpers of this family ------------------------------------------------

ESC=$(printf '\033')

# t_no_esc WHAT: neither stdout nor stderr of the last rt has an ESC byte.
t_no_esc() {
	case "$OUT$ERR" in
	*"$ESC"*) t_fail "escape code in piped output of $1: $OUT $ERR" ;;
	esac
}

# A migration creating table $2 (name $1, parent $3).
mk_table() {
	t_mig "$1" "${3-}" "CREATE TABLE $2 (id INTEGER PRIMARY KEY);" \
		"DROP TABLE $2;"
}

# Does SQLite file $1 have table $2? (prints 1 or 0)
has_table() {
	[ -f "$1" ] || { echo 0; return; }
	t_sql "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '$2'"
}

COMMANDS="init new upgrade downgrade status history heads merge stamp verify"

# --- version and help ------------------------------------------------------

t_case "--version prints the version and exits 0"
rt --version
t_status 0
t_out_has "retort "
case "$OUT" in
"retort "[0-9]*.[0-9]*) ;;
*) t_fail "--version output is not 'retort X.Y...': $OUT" ;;
esac
# anywhere on the line, and with a command
rt status --version
t_status 0
t_out_has "retort "

t_case "--help and -h print the usage listing every command, exit 0"
rt --help
t_status 0
t_out_has "usage: retort"
for c in $COMMANDS; do
	case "$OUT" in
	*"  $c "*) ;;
	*) t_fail "--help does not list command '$c'" ;;
	esac
done
t_out_has "--url"
t_out_has "--dir"
t_out_has "--json"
t_out_has "--no-color"
rt -h
t_status 0
t_out_has "usage: retort"
# help changes nothing: no database, no files
t_eq "$(ls)" "migrations" "files after --help"

t_case "COMMAND --help for every command: exit 0, the command's usage"
for c in $COMMANDS; do
	rt "$c" --help
	t_status 0
	t_out_has "usage: retort $c"
	rt "$c" -h
	t_status 0
	t_out_has "usage: retort $c"
	# --help also before the command word
	rt --help "$c"
	t_status 0
	t_out_has "usage: retort $c"
done
rt upgrade --help
t_out_has "--sql"
t_out_has "--dry-run"
t_out_has "--single-transaction"
rt downgrade --help
t_out_has "--sql"
rt merge --help
t_out_has "-m"
rt history --help
t_out_has "--graph"
# a command's help neither runs it nor touches the database
rt new --help
t_eq "$(ls migrations)" "" "new --help wrote a migration"
t_eq "$(ls)" "migrations" "files after COMMAND --help"

# --- usage errors ------------------------------------------------------------

t_case "no command, unknown command: exit 2 with a usage message"
rt
t_status 2
t_err_has "usage"
rt frobnicate
t_status 2
t_err_has "frobnicate"
t_err_has "usage"
rt -u sqlite:x.db upgarde
t_status 2
t_err_has "upgarde"
[ -f x.db ] && t_fail "an unknown command opened the database"
[ -f retort.db ] && t_fail "an unknown command created retort.db"

t_case "unknown option: exit 2 naming it, nothing runs"
mk_table 20260101000001_a a
rt upgrade --frobnicate
t_status 2
t_err_has "frobnicate"
rt upgrade -Z
t_status 2
t_err_has "-Z"
rt --frobnicate status
t_status 2
t_err_has "frobnicate"
# a boolean option given a value
rt upgrade --dry-run=yes
t_status 2
# an option of another command
rt status --single-transaction
t_status 2
t_err_has "single-transaction"
[ -f retort.db ] && t_fail "a usage error still ran the upgrade"

t_case "missing argument: exit 2"
rt new
t_status 2
t_err_has "usage"
rt stamp
t_status 2
t_err_has "usage"
# an option missing its value
rt status -u
t_status 2
t_err_has "url"
rt upgrade --dir
t_status 2
rt merge -m
t_status 2
t_eq "$(ls migrations)" "" "files after a usage error"

t_case "too many arguments: exit 2"
mk_table 20260101000001_a a
rt new one two
t_status 2
t_err_has "too many"
rt upgrade head head
t_status 2
rt downgrade -1 -1
t_status 2
rt stamp head base
t_status 2
rt status extra
t_status 2
rt init extra
t_status 2
rt heads extra
t_status 2
rt verify extra
t_status 2
t_eq "$(ls migrations)" "20260101000001_a.sql" "files after usage errors"
[ -f retort.db ] && t_fail "a usage error still ran a command"

t_case "global options anywhere on the line"
mk_table 20260101000001_a a
rt -u sqlite:first.db upgrade
t_status 0
t_eq "$(has_table first.db a)" 1 "-u before the command"
rt upgrade -u sqlite:second.db
t_status 0
t_eq "$(has_table second.db a)" 1 "-u after the command"
rt upgrade --url=sqlite:third.db
t_status 0
t_eq "$(has_table third.db a)" 1 "--url=URL"
mkdir other
mk_table 20260101000001_b b
mv migrations/20260101000001_b.sql other/
rt upgrade --dir other -u sqlite:fourth.db
t_status 0
t_eq "$(has_table fourth.db b)" 1 "--dir after the command"
t_eq "$(has_table fourth.db a)" 0 "--dir other must not read migrations/"
[ -f retort.db ] && t_fail "the default database was used despite --url"

# --- configuration precedence ----------------------------------------------

t_case "config precedence: --url beats DATABASE_URL beats retort.conf beats default"
mk_table 20260101000001_a a
printf 'url = sqlite:conf.db\n' >retort.conf
export DATABASE_URL=sqlite:env.db
rt -u sqlite:flag.db upgrade
t_status 0
t_eq "$(has_table flag.db a)" 1 "flag wins"
for f in env.db conf.db retort.db; do
	[ -f "$f" ] && t_fail "$f was created although --url was given"
done
rm -f flag.db
rt upgrade
t_status 0
t_eq "$(has_table env.db a)" 1 "DATABASE_URL beats retort.conf"
for f in flag.db conf.db retort.db; do
	[ -f "$f" ] && t_fail "$f was created although DATABASE_URL was set"
done
rm -f env.db
unset DATABASE_URL
rt upgrade
t_status 0
t_eq "$(has_table conf.db a)" 1 "retort.conf beats the default"
for f in flag.db env.db retort.db; do
	[ -f "$f" ] && t_fail "$f was created although retort.conf names conf.db"
done
rm -f conf.db retort.conf
rt upgrade
t_status 0
t_eq "$(has_table retort.db a)" 1 "the default is sqlite:retort.db"
for f in flag.db env.db conf.db; do
	[ -f "$f" ] && t_fail "$f was created with no configuration"
done

t_case "an empty DATABASE_URL does not count; retort.conf dir is used"
mkdir mig2
mk_table 20260101000001_a a
mv migrations/20260101000001_a.sql mig2/
printf '# settings\nurl = sqlite:conf.db\ndir = mig2\n' >retort.conf
export DATABASE_URL=
rt upgrade
unset DATABASE_URL
t_status 0
t_eq "$(has_table conf.db a)" 1 "retort.conf url and dir"
# -d beats retort.conf's dir
mk_table 20260101000002_b b
rt -d migrations -u sqlite:d.db upgrade
t_status 0
t_eq "$(has_table d.db b)" 1 "-d beats retort.conf dir"
t_eq "$(has_table d.db a)" 0 "-d beats retort.conf dir"

t_case "unknown key in retort.conf: error naming retort.conf:LINE"
mk_table 20260101000001_a a
printf '# retort settings\nurl = sqlite:conf.db\ncolour = always\n' >retort.conf
rt upgrade
t_status 1
t_err_has "retort.conf:3"
t_err_has "colour"
t_err_has "retort: error:"
[ -f conf.db ] && t_fail "upgrade ran despite a bad retort.conf"
rt status
t_status 1
t_err_has "retort.conf:3"

t_case "a setting in an unknown section: error naming its own line"
mk_table 20260101000001_a a
# the same key is known above it, in the default section
printf 'url = sqlite:conf.db\n[other]\nurl = sqlite:other.db\n' >retort.conf
rt upgrade
t_status 1
t_err_has "retort.conf:3"
[ -f conf.db ] || [ -f other.db ] && t_fail "upgrade ran despite a bad retort.conf"

t_case "a bad --wait-lock duration is a usage error"
rt --wait-lock soon status
t_status 2
t_err_has "soon"
rt --wait-lock 2s status
t_status 0

t_case "durations out of range or not finite are usage errors, never 'no wait'"
for d in inf nan -inf 1e400 600h 1000h 99999999999s; do
	rt --wait-lock "$d" status
	t_status 2
	t_err_has "$d"
	rt --lock-timeout "$d" status
	t_status 2
	t_err_has "$d"
done
rt --wait-lock 24h status
t_status 0
rt --lock-timeout 500h status
t_status 0
printf 'wait_lock = nan\n' >retort.conf
rt status
t_status 2
t_err_has "nan"

t_case "a retort.conf that is not a regular file: error at once, no hang"
mkfifo retort.conf
timeout 10 "$RETORT" status >.out 2>.err
RC=$?
ERR=$(cat .err)
t_status 1
t_err_has "retort.conf"
t_err_has "regular file"
rm -f retort.conf
mkdir retort.conf
rt status
t_status 1
t_err_has "regular file"

t_case "an unknown command gets a did-you-mean"
rt upgarde
t_status 2
t_err_has "did you mean 'upgrade'"
rt stauts
t_err_has "did you mean 'status'"
rt zzzzzzzz
t_status 2
case "$ERR" in *"did you mean"*) t_fail "a far-off command got a suggestion: $ERR" ;; esac

t_case "malformed line in retort.conf: error naming retort.conf:LINE"
mk_table 20260101000001_a a
printf 'url = sqlite:conf.db\n\nthis is not a setting\n' >retort.conf
rt upgrade
t_status 1
t_err_has "retort.conf:3"
[ -f conf.db ] && t_fail "upgrade ran despite a malformed retort.conf"

# --- init ------------------------------------------------------------------

t_case "init creates migrations/, retort.conf and schema.sql"
rmdir migrations
rt init
t_status 0
[ -d migrations ] || t_fail "init did not create migrations/"
[ -f retort.conf ] || t_fail "init did not create retort.conf"
[ -f schema.sql ] || t_fail "init did not create schema.sql"
# the written retort.conf is valid: a later command accepts it
rt status
t_status 0
rt new first
t_status 0
t_eq "$(ls migrations | wc -l | tr -d ' ')" 1 "new after init"

t_case "init is idempotent and keeps existing files"
rmdir migrations
rt init
t_status 0
printf 'url = sqlite:mine.db\n' >retort.conf
printf 'CREATE TABLE mine (id integer);\n' >schema.sql
mk_table 20260101000001_a a
rt init
t_status 0
t_eq "$(cat retort.conf)" "url = sqlite:mine.db" "init overwrote retort.conf"
t_eq "$(cat schema.sql)" "CREATE TABLE mine (id integer);" "init overwrote schema.sql"
t_eq "$(ls migrations)" "20260101000001_a.sql" "init touched migrations/"

t_case "init with -d creates that directory"
rt -d db/migrations init
t_status 0
[ -d db/migrations ] || t_fail "init -d db/migrations did not create it"

# --- new -------------------------------------------------------------------

t_case "new writes <14 digits>_<slug>.sql (UTC id), parent is the head"
before=$(date -u +%Y%m%d%H%M%S)
export TZ=XYZ-9 # a local time nine hours off UTC must not leak into ids
rt new create_cat
unset TZ
after=$(date -u +%Y%m%d%H%M%S)
t_status 0
f1=$(ls migrations)
case "$f1" in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_create_cat.sql) ;;
*) t_fail "bad file name '$f1'" ;;
esac
id1=$(echo "$f1" | cut -c1-14)
if [ "$id1" -lt "$before" ] || [ "$id1" -gt "$after" ]; then
	t_fail "id $id1 is not the UTC time of creation ($before..$after)"
fi
t_out_has "migrations/$f1"
grep -q '^-- retort:parent' "migrations/$f1" &&
	t_fail "the first migration has a parent"
grep -q '^-- retort:up' "migrations/$f1" || t_fail "no up section"
grep -q '^-- retort:down' "migrations/$f1" || t_fail "no down section"
rev1=${f1%.sql}
rt new add_dog
t_status 0
f2=$(ls migrations | grep _add_dog.sql)
t_eq "$(grep '^-- retort:parent' "migrations/$f2")" "-- retort:parent $rev1" \
	"parent of the second migration"
# the new files load: one head, the newest
rt heads
t_status 0
t_eq "$OUT" "${f2%.sql}" "heads after two new"
# -q prints just the path
rt -q new add_bird
t_status 0
case "$OUT" in
migrations/*_add_bird.sql) ;;
*) t_fail "new -q printed '$OUT'" ;;
esac

t_case "new: several in the same second get distinct increasing ids"
rt new one
t_status 0
rt new two
t_status 0
rt new three
t_status 0
rt new four
t_status 0
t_eq "$(ls migrations | wc -l | tr -d ' ')" 4 "four files"
ids=$(ls migrations | cut -c1-14)
t_eq "$(echo "$ids" | sort -u | wc -l | tr -d ' ')" 4 "distinct ids: $ids"
t_eq "$(ls migrations | sort | sed 's/^[0-9]*_//' | tr '\n' ' ')" \
	"one.sql two.sql three.sql four.sql " "ids increase in creation order"
# each names the previous as its parent: a chain, one head
prev=""
for f in $(ls migrations | sort); do
	if [ -n "$prev" ]; then
		t_eq "$(grep '^-- retort:parent' "migrations/$f")" \
			"-- retort:parent $prev" "parent of $f"
	fi
	prev=${f%.sql}
done
rt heads
t_eq "$OUT" "$prev" "one head after four new"

t_case "new run concurrently: distinct ids, one chain, readers never see a half-written file"
for j in 1 2 3 4; do
	( for i in 1 2 3 4 5; do "$RETORT" new "c${j}_$i" >/dev/null 2>&1; done ) &
done
( for i in $(seq 1 30); do "$RETORT" history >/dev/null 2>>readers.err; done ) &
wait
[ -s readers.err ] && t_fail "a reader saw a broken directory: $(cat readers.err)"
t_eq "$(ls migrations | cut -c1-14 | sort -u | wc -l)" 20 "distinct ids of 20 migrations"
rt heads
t_eq "$(printf '%s\n' "$OUT" | wc -l)" 1 "heads (each new followed the one before)"
ls -a migrations | grep -q '\.tmp\.' && t_fail "temporary files left: $(ls -a migrations)"
for f in migrations/*.sql; do
	grep -q '^-- retort:down' "$f" || t_fail "$f is incomplete"
done

t_case "new after a migration with a future id still increases the id"
mk_table 20991231235958_future future
rt new later
t_status 0
f=$(ls migrations | grep _later.sql)
t_eq "$f" "20991231235959_later.sql" "id after a future one"
t_eq "$(grep '^-- retort:parent' "migrations/$f")" \
	"-- retort:parent 20991231235958_future" "parent"

t_case "new with a bad slug fails and writes nothing"
for slug in Bad_Slug "with-dash" "with space" "../escape" "" "slug.sql" "é"; do
	rt new "$slug"
	[ "$RC" -ne 0 ] || t_fail "new '$slug' succeeded"
	[ "$RC" -eq 1 ] || [ "$RC" -eq 2 ] ||
		t_fail "new '$slug' exited $RC (expected 1 or 2)"
	t_err_has "retort:"
done
t_eq "$(ls migrations)" "" "files written by bad slugs"
t_eq "$(ls)" "migrations" "files outside migrations/"

t_case "new refuses when the directory has two heads"
mk_table 20260101000001_root root
mk_table 20260101000002_a a 20260101000001_root
mk_table 20260101000003_b b 20260101000001_root
rt new more
[ "$RC" -ne 0 ] || t_fail "new with two heads succeeded"
t_err_has "20260101000002_a"
t_err_has "20260101000003_b"
t_eq "$(ls migrations | wc -l | tr -d ' ')" 3 "new wrote a file"

# --- merge, heads ----------------------------------------------------------

t_case "merge with two heads writes a merge revision; then one head"
mk_table 20260101000001_root root
mk_table 20260101000002_a a 20260101000001_root
mk_table 20260101000003_b b 20260101000001_root
rt heads
t_status 0
t_eq "$OUT" "20260101000002_a
20260101000003_b" "heads before merge"
rt merge
t_status 0
m=$(ls migrations | grep _merge.sql)
[ -n "$m" ] || t_fail "no *_merge.sql written: $(ls migrations)"
t_out_has "$m"
pl=$(grep '^-- retort:parent' "migrations/$m")
case "$pl" in *20260101000002_a*) ;; *) t_fail "merge parents: $pl" ;; esac
case "$pl" in *20260101000003_b*) ;; *) t_fail "merge parents: $pl" ;; esac
rt heads
t_status 0
t_eq "$OUT" "${m%.sql}" "heads after merge"
# the merge revision is usable: upgrade to head applies everything
rt upgrade
t_status 0
t_eq "$(t_sql retort.db "SELECT count(*) FROM retort_migrations")" 4 \
	"applied after merge"

t_case "merge -m SLUG names the merge revision"
mk_table 20260101000001_root root
mk_table 20260101000002_a a 20260101000001_root
mk_table 20260101000003_b b 20260101000001_root
rt merge -m join_branches
t_status 0
t_eq "$(ls migrations | grep -c _join_branches.sql)" 1 "merge -m file"
rt heads
t_eq "$(echo "$OUT" | wc -l | tr -d ' ')" 1 "one head"

t_case "merge with one head writes nothing"
mk_table 20260101000001_root root
rt merge
[ "$RC" -ne 0 ] || t_fail "merge with a single head succeeded"
t_eq "$(ls migrations)" "20260101000001_root.sql" "merge wrote a file"

t_case "heads --json: a JSON array of the head revisions"
mk_table 20260101000001_root root
mk_table 20260101000002_a a 20260101000001_root
mk_table 20260101000003_b b 20260101000001_root
rt heads --json
t_status 0
t_json 'type == "array" and length == 2'
t_json 'sort == ["20260101000002_a", "20260101000003_b"]'
rt --json heads
t_status 0
t_json 'length == 2'
rm migrations/*
rt heads --json
t_status 0
t_json '. == []'

# --- history -----------------------------------------------------------------

t_case "history --json: every revision, newest first, with parents"
mk_table 20260101000001_a a
mk_table 20260101000002_b b 20260101000001_a
t_mig 20260101000003_c 20260101000002_b "CREATE TABLE c (id integer);" -
rt upgrade 20260101000002_b
t_status 0
rt history --json
t_status 0
t_json 'type == "array" and length == 3'
t_json '[.[].revision] == ["20260101000003_c", "20260101000002_b", "20260101000001_a"]'
t_json '.[0].parents == ["20260101000002_b"] and .[2].parents == []'
t_json '.[0].head == true and .[1].head == false and .[2].head == false'
t_json '.[0].reversible == false and .[1].reversible == true'
t_json '.[0].state == "pending" and .[1].state == "applied" and .[2].state == "applied"'

t_case "history (plain): newest first, marks the head"
mk_table 20260101000001_a a
mk_table 20260101000002_b b 20260101000001_a
mk_table 20260101000003_c c 20260101000002_b
rt history
t_status 0
t_eq "$(echo "$OUT" | grep -o '2026010100000[0-9]_[a-z]' | tr '\n' ' ')" \
	"20260101000003_c 20260101000002_b 20260101000001_a " "history order"
t_eq "$(echo "$OUT" | grep '20260101000003_c' | grep -c head)" 1 \
	"the head is marked"
[ -f retort.db ] && t_fail "history created the database"

# --- plain output ------------------------------------------------------------

t_case "output piped to a file has no escape codes (stdout and stderr)"
mk_table 20260101000001_a a
mk_table 20260101000002_b b 20260101000001_a
export TERM=xterm-256color
rt upgrade
t_status 0
t_no_esc upgrade
rt status
t_status 0
t_no_esc status
rt status --json
t_no_esc "status --json"
rt history
t_status 0
t_no_esc history
rt history --graph
t_no_esc "history --graph"
rt heads
t_no_esc heads
rt verify
t_status 0
t_no_esc verify
rt downgrade
t_status 0
t_no_esc downgrade
rt stamp head
t_status 0
t_no_esc stamp
rt upgrade nosuchrevision
t_status 1
t_err_has "retort: error:"
t_no_esc "an error"
rt --help
t_no_esc "--help"
# a literal grep of the files, as the brief asks
grep -q "$ESC" "$T_CASE_DIR/.out" "$T_CASE_DIR/.err" &&
	t_fail "ESC byte in the output files"

t_case "on a terminal: colour, unless --no-color or NO_COLOR"
mk_table 20260101000001_a a
rt upgrade
if command -v script >/dev/null 2>&1; then
	export TERM=xterm-256color
	tty_out=$(script -qc "'$RETORT' status" /dev/null 2>&1)
	case "$tty_out" in
	*"$ESC"*) ;;
	*) t_fail "no colour on a terminal: $tty_out" ;;
	esac
	tty_out=$(script -qc "'$RETORT' --no-color status" /dev/null 2>&1)
	case "$tty_out" in
	*"$ESC"*) t_fail "colour despite --no-color" ;;
	esac
	tty_out=$(NO_COLOR=1 script -qc "'$RETORT' status" /dev/null 2>&1)
	case "$tty_out" in
	*"$ESC"*) t_fail "colour despite NO_COLOR" ;;
	esac
else
	echo "  (script(1) missing: terminal colour not checked)"
fi

t_done
