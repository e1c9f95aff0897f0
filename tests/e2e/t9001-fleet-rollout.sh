#!/bin/sh
# t9001-fleet-rollout: one command over many databases (--targets). The
# targets file (comments, ${VAR}, names, file:line errors); upgrade and
# status over every target; --json; a failing target with --max-failures
# 1 (the others stop after their current migration, none partial, a rerun
# after the fix completes the rest); a canary failure; a target that is
# down; one locked by another migrator; --timeout; SIGINT mid-rollout and
# the resume; create and drop. Small counts (SQLite 20 files, PostgreSQL
# 10 databases, MySQL 5); RT_FLEET_FULL=1 runs the issue's 200/100/50.
. "$(dirname "$0")/lib.sh"

case $RT_BACKEND in
sqlite) N=20; FULL=200 ;;
postgres) N=10; FULL=100 ;;
*) N=5; FULL=50 ;;
esac
[ -n "${RT_FLEET_FULL-}" ] && N=$FULL

# a short pause inside a migration, in the engine's SQL
case $RT_BACKEND in
postgres) PAUSE="SELECT pg_sleep(0.4);" ; LONG="SELECT pg_sleep(30);"
	OVER="SELECT pg_sleep(2);" ;;
mysql) PAUSE="DO SLEEP(0.4);" ; LONG="DO SLEEP(30);" ; OVER="DO SLEEP(2);" ;;
*)
	# SQLite has no sleep: a recursive count that takes a moment
	PAUSE="WITH RECURSIVE c(x) AS (VALUES(1) UNION ALL SELECT x + 1 FROM c WHERE x < 400000) SELECT max(x) FROM c;"
	LONG="WITH RECURSIVE c(x) AS (VALUES(1) UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT max(x) FROM c;"
	# over --timeout 300ms by far even on a quiet machine (1.3 s here;
	# five PAUSEs, 0.27 s, finished inside it)
	OVER="WITH RECURSIVE c(x) AS (VALUES(1) UNION ALL SELECT x + 1 FROM c WHERE x < 8000000) SELECT max(x) FROM c;"
	;;
esac

# The URL of target database $1 (a name) of this case.
turl() {
	if [ "$RT_BACKEND" = sqlite ]; then
		printf 'sqlite:%s/%s.db\n' "$T_CASE_DIR" "$1"
	else
		t_pg_url_for "f$(printf '%s' "$T_NAME" | tr -c 'a-z0-9' _)_$(basename "$T_CASE_DIR")_$1"
	fi
}

# tq URL SQL: a query on one target's database.
tq() {
	if [ "$RT_BACKEND" = mysql ]; then
		t_my "$1" -N -B -e "$2"
	elif [ "$RT_BACKEND" = postgres ]; then
		psql -qXAt "$1" -c "$2"
	else
		sqlite3 -batch -noheader "${1#sqlite:}" "$2"
	fi
}

# mk_targets N: a targets file "targets" of N names t1..tN, created
# (retort create --targets), all of the case.
mk_targets() {
	: >targets
	_i=1
	while [ "$_i" -le "$1" ]; do
		echo "t$_i $(turl "t$_i")" >>targets
		_i=$((_i + 1))
	done
	"$RETORT" -q create --targets targets >/dev/null 2>&1 ||
		t_fail "retort create --targets failed"
}

drop_targets() {
	[ -f targets ] && "$RETORT" -q drop --force --keep-going \
		--targets targets >/dev/null 2>&1
}

# M migrations m1..mM, each a table (and a pause when $2 is "slow")
mk_migs() {
	_i=1
	_prev=""
	while [ "$_i" -le "$1" ]; do
		_rev=$(printf '202601010000%02d_m%d' "$_i" "$_i")
		_up="CREATE TABLE m$_i (id integer PRIMARY KEY);"
		[ "${2-}" = slow ] && _up="$_up
$PAUSE"
		t_mig "$_rev" "$_prev" "$_up" "DROP TABLE m$_i;"
		_prev=$_rev
		_i=$((_i + 1))
	done
}

# applied URL: rows of retort_migrations
applied_of() {
	tq "$1" "SELECT count(*) FROM retort_migrations" 2>/dev/null || echo 0
}

# jq -s FILTER over $OUT (NDJSON) must give true
t_jsons() {
	[ "$(printf '%s\n' "$OUT" | jq -s -c "$1" 2>/dev/null)" = true ] ||
		t_fail "JSON check failed: $1 on: $OUT"
}

# --- the targets file ----------------------------------------------------------

t_case "targets file: comments, \${VAR}, default names; bad lines name file:line and nothing runs"
mk_migs 2
FLEET_DB_ONE=$(turl one)
export FLEET_DB_ONE
cat >targets <<EOF
# two targets

one \${FLEET_DB_ONE}   # from the environment
$(turl two)
EOF
"$RETORT" -q create --targets targets >/dev/null 2>&1
rt upgrade --targets targets
t_status 0
t_out_has "one "
t_out_has "2 targets: 2 ok"
t_eq "$(applied_of "$FLEET_DB_ONE")" 2 "one: applied"
t_eq "$(applied_of "$(turl two)")" 2 "the unnamed target: applied"
# the unnamed target is named after its database
case $RT_BACKEND in
sqlite) t_out_has "two.db" ;;
*) t_out_has "_two" ;;
esac
printf 'a %s\nb %s extra\n' "$(turl a)" "$(turl b)" >bad1
rt upgrade --targets bad1
t_status 1
t_err_has "bad1:2: expected 'NAME URL' or 'URL'"
printf 'a %s\na %s\n' "$(turl a)" "$(turl b)" >bad2
rt upgrade --targets bad2
t_status 1
t_err_has "bad2:2: target name 'a' is already the name of bad2:1"
printf 'a ${FLEET_NOT_SET_X}\n' >bad3
rt upgrade --targets bad3
t_status 1
t_err_has "bad3:1: environment variable 'FLEET_NOT_SET_X' is not set"
printf 'a nosuch://x\n' >bad4
rt upgrade --targets bad4
t_status 1
t_err_has "bad4:1: "
printf '# nothing\n' >bad5
rt status --targets - <bad5
t_status 1
t_err_has "standard input: no targets"
# nothing ran: target a was never created nor migrated
if [ "$RT_BACKEND" = sqlite ]; then
	[ -e "$T_CASE_DIR/a.db" ] && t_fail "a.db was created"
else
	t_eq "$(applied_of "$(turl a)")" 0 "a untouched"
fi
rt upgrade --targets targets --canary 0
t_status 2
rt upgrade --targets targets --keep-going --max-failures 2
t_status 2
rt heads --targets targets
t_status 2
t_err_has "'heads' does not take --targets"
drop_targets
"$RETORT" -q drop --force -u "$FLEET_DB_ONE" >/dev/null 2>&1

# --- all targets ---------------------------------------------------------------

t_case "upgrade of $N targets: all at head; status matrix; --json; rerun does nothing"
mk_migs 3
mk_targets "$N"
rt status --targets targets
t_status 3
t_out_has "3 pending"
rt upgrade -j 4 --targets targets
t_status 0
t_out_has "$N targets: $N ok"
bad=0
i=1
while [ "$i" -le "$N" ]; do
	[ "$(applied_of "$(turl "t$i")")" = 3 ] || bad=$((bad + 1))
	i=$((i + 1))
done
t_eq "$bad" 0 "targets not at head"
rt status --targets targets
t_status 0
t_out_has "up to date"
t_out_has "$N targets: $N ok"
rt --json upgrade --targets targets
t_status 0
t_jsons "(map(select(.target)) | length == $N) and (map(select(.target)) | all(.result == \"ok\" and .applied == 0)) and (.[-1].summary and .[-1].ok == $N and .[-1].exit == 0)"
rt --json status --targets targets
t_jsons "map(select(.target)) | all(.status.applied == 3 and .status.pending == 0)"
# passwords are never shown
pw=$(printf '%s\n' "$(turl t1)" | sed -n 's|^[a-z]*://[^:/]*:\([^@]*\)@.*|\1|p')
[ -n "$pw" ] && t_out_lacks "$pw"
t_out_has '"url": "'
rt verify --targets targets
t_status 0
t_out_has "t1: ok"
# one target behind: status exits 3 and shows it on its own row
rt downgrade -u "$(turl t2)"
t_status 0
rt status --targets targets
t_status 3
t_out_has "1 pending"
t_out_has " t2"
drop_targets

t_case "schema per tenant: --targets-query rows (name, schema) of one PostgreSQL database; ?schema= in a targets file"
if t_only postgres; then
	S=$N
	[ -n "${RT_FLEET_FULL-}" ] && S=200 # the issue's 200 schemas
	mk_migs 3
	t_query "CREATE TABLE tenants (name text, schema_name text);
		INSERT INTO tenants SELECT 'tenant_' || i, 'tenant_' || i FROM generate_series(1, $S) i" >/dev/null
	q="SELECT name, schema_name FROM tenants ORDER BY name"
	rt create --targets-query "$DATABASE_URL" "$q"
	t_status 0
	rt status --targets-query "$DATABASE_URL" "$q"
	t_status 3
	t_out_has "3 pending"
	rt upgrade -j 4 --targets-query "$DATABASE_URL" "$q"
	t_status 0
	t_out_has "$S targets: $S ok"
	# each schema holds its own state and tables, and nothing else got any
	t_eq "$(t_query "SELECT count(*) FROM tenants t WHERE (SELECT count(*)
		FROM information_schema.tables i WHERE i.table_schema = t.schema_name
		AND i.table_name IN ('m1', 'm2', 'm3', 'retort_migrations', 'retort_log')) <> 5")" 0 \
		"schemas without their tables"
	t_eq "$(t_query "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'tenants'")" 0 \
		"tables outside the tenants' schemas"
	t_eq "$(t_query "SELECT count(*) FROM tenant_1.retort_log WHERE event = 'upgrade'")" 3
	rt status --targets-query "$DATABASE_URL" "$q"
	t_status 0
	t_out_has "up to date"
	# one tenant behind, through a targets file naming its schema
	echo "late ${DATABASE_URL}?schema=tenant_2" >targets
	rt downgrade --targets targets
	t_status 0
	t_eq "$(t_query "SELECT count(*) FROM tenant_2.retort_migrations")" 2
	rt status --targets-query "$DATABASE_URL" "$q"
	t_status 3
	t_out_has "1 pending"
	rt upgrade --targets-query "$DATABASE_URL" "$q"
	t_status 0
	t_eq "$(t_query "SELECT count(*) FROM tenant_2.retort_migrations")" 3
	rm -f targets
fi

# --- a failing target with --max-failures 1 ----------------------------------

t_case "on a terminal: a live line per running target, its migration as 'i of n'"
mk_migs 3 slow
mk_targets 2
# script(1) gives the run a terminal; its output keeps the redrawn lines
script -qec "$RETORT upgrade -j 2 --targets targets" live.txt >/dev/null 2>&1
t_file_has live.txt "2 targets: 2 ok"
# a line is drawn every 200 ms: some target is caught inside a migration
grep -q "t[12] .* [123] of 3 .*_m[123]" live.txt ||
	t_fail "no live line 'i of 3': $(tr -d '\033' <live.txt | head -c 600)"
drop_targets

t_case "a failing target, --max-failures 1: running targets finish their current migration, none partial; rerun after the fix completes the rest"
mk_migs 4 slow
mk_targets "$N"
# t3 cannot run m2: the table is already there
tq "$(turl t3)" "CREATE TABLE m2 (x integer)" >/dev/null
rt -j 4 upgrade --targets targets
t_status 1
t_out_has "stopped: --max-failures reached"
t_out_has "run the same command again"
printf '%s\n' "$OUT" | grep -q "^t3 .*failed.*m2" || t_fail "the summary does not name t3's failure on m2: $OUT"
# nobody is partial, and whoever was stopped stopped between migrations
rt --json status --targets targets
t_jsons "map(select(.target)) | all(.status.partial == 0)"
started=$(printf '%s\n' "$OUT" | jq -s -c 'map(select(.target and .status.applied > 0)) | length')
[ "$started" -ge 2 ] || t_fail "only $started targets had started"
notstarted=$(printf '%s\n' "$OUT" | jq -s -c 'map(select(.target and .status.applied == 0)) | length')
[ "$notstarted" -ge 1 ] || t_fail "every target had started: the failure did not stop the rollout"
# the fix, and the same command again
tq "$(turl t3)" "DROP TABLE m2" >/dev/null
rt -j 4 upgrade --targets targets
t_status 0
t_out_has "$N targets: $N ok"
rt status --targets targets
t_status 0
# each migration ran once per target
i=1
while [ "$i" -le "$N" ]; do
	t_eq "$(tq "$(turl "t$i")" "SELECT count(*) FROM retort_log WHERE event = 'upgrade'")" 4 "t$i: upgrade rows"
	i=$((i + 1))
done
drop_targets

# --- canary ----------------------------------------------------------------------

t_case "--canary 2: a failed canary stops the rollout; --wave"
mk_migs 2
mk_targets "$N"
tq "$(turl t2)" "CREATE TABLE m1 (x integer)" >/dev/null
rt --keep-going --canary 2 upgrade --targets targets
t_status 1
t_out_has "stopped: a canary target failed"
t_out_has "$((N - 2)) not started"
t_eq "$(applied_of "$(turl t1)")" 2 "t1 (canary) upgraded"
t_eq "$(applied_of "$(turl t3)")" 0 "t3 not started"
tq "$(turl t2)" "DROP TABLE m1" >/dev/null
rt --canary 2 --wave 3 -j 2 --json upgrade --targets targets
t_status 0
t_jsons ".[-1].ok == $N"
drop_targets

# --- a target that is down, one locked --------------------------------------------

t_case "a target that is down and one locked by another migrator: reported, the others done (--keep-going)"
mk_migs 2
mk_targets 4
# a slow first migration holds t2's lock while the fleet runs
mkdir slow
t_mig_slow() {
	{
		echo "-- retort:up"
		echo "CREATE TABLE held (id integer);"
		echo "$LONG"
		echo "-- retort:down"
		echo "DROP TABLE held;"
	} >slow/20250101000000_hold.sql
}
t_mig_slow
"$RETORT" -q -d slow -u "$(turl t2)" upgrade >/dev/null 2>&1 &
holder=$!
sleep 1
case $RT_BACKEND in
sqlite) down="sqlite:/nonexistent-dir-$$/x.db" ;;
*) down=$(printf '%s\n' "$(turl x)" | sed 's|@\([^:/]*\):[0-9]*/|@\1:1/|') ;;
esac
echo "down $down" >>targets
rt --keep-going --wait-lock 1s upgrade --targets targets
t_status 1
printf '%s\n' "$OUT" | grep -q "^t2 .*locked" || t_fail "t2 not reported locked: $OUT"
printf '%s\n' "$OUT" | grep -q "^down .*failed" || t_fail "the down target not reported failed: $OUT"
t_out_has "5 targets: 3 ok, 1 failed, 1 locked"
t_eq "$(applied_of "$(turl t4)")" 2 "t4 upgraded"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
sed -i '$d' targets
drop_targets

# --- --timeout ----------------------------------------------------------------------

t_case "--timeout: a target over its time is stopped, its migration rolled back, and the rerun completes"
if ! t_skip_on mysql "DDL commits statement by statement: a killed run is resumed, not rolled back"; then
	t_mig 20260101000001_a "" "CREATE TABLE a (id integer);" "DROP TABLE a;"
	t_mig 20260101000002_b 20260101000001_a "CREATE TABLE b (id integer);
$OVER" "DROP TABLE b;"
	mk_targets 2
	rt --keep-going --timeout 300ms upgrade --targets targets
	t_status 1
	t_out_has "timed out after 300ms"
	rt --json status --targets targets
	t_jsons "map(select(.target)) | all(.status.partial == 0 and .status.applied <= 1)"
	rt upgrade --targets targets
	t_status 0
	t_eq "$(applied_of "$(turl t1)")" 2 "t1 at head after the rerun"
	drop_targets
fi

# --- SIGINT ----------------------------------------------------------------------------

t_case "SIGINT mid-rollout: running targets finish their migration, no new one starts; the same command resumes"
mk_migs 4 slow
mk_targets "$N"
"$RETORT" -j 2 upgrade --targets targets >int.out 2>int.err &
pid=$!
# stop once the first migration is under way
i=0
while [ "$i" -lt 100 ]; do
	[ "$(applied_of "$(turl t1)")" -ge 1 ] && break
	sleep 0.05
	i=$((i + 1))
done
kill -INT "$pid"
wait "$pid"
rc=$?
t_eq "$rc" 1 "exit status after SIGINT"
grep -q "stopped: interrupted" int.out || t_fail "no 'stopped: interrupted' in: $(cat int.out int.err)"
grep -q "interrupted" int.out || t_fail "no interrupted target: $(cat int.out)"
rt --json status --targets targets
t_jsons "map(select(.target)) | all(.status.partial == 0)"
t_jsons "map(select(.target)) | any(.status.applied < 4)"
rt -j 4 upgrade --targets targets
t_status 0
t_out_has "$N targets: $N ok"
drop_targets

# --- create and drop -------------------------------------------------------------------

t_case "create and drop: of --url and of every target; drop needs --force without a terminal"
mk_migs 1
mk_targets 3
rt create --targets targets
t_status 0
t_out_has "exists"
rt drop --targets targets </dev/null
t_status 2
t_err_has "without --force"
rt upgrade --targets targets
t_status 0
rt drop --force --targets targets
t_status 0
t_out_has "dropped"
t_out_has "3 targets: 3 ok"
rt status -u "$(turl t1)"
[ "$RC" -ne 0 ] || [ "$RT_BACKEND" = sqlite ] || t_fail "t1 still answers after drop"
[ "$RT_BACKEND" = sqlite ] && [ -e "$T_CASE_DIR/t1.db" ] && t_fail "t1.db still there"
rt drop --force -u "$(turl t1)"
t_status 0
t_out_has "absent"
rt create -u "$(turl solo)"
t_status 0
t_out_has "created"
rt upgrade -u "$(turl solo)"
t_status 0
rt --json drop --force -u "$(turl solo)"
t_status 0
t_json ".dropped == true"

# --- --wait --------------------------------------------------------------------------------

t_case "--wait: gives up after the duration when nothing answers, goes on when the server answers"
mk_migs 1
rt --wait 5s upgrade -u "$(t_url)"
t_status 0
if [ "$RT_BACKEND" != sqlite ]; then
	down=$(printf '%s\n' "$(t_url)" | sed 's|@\([^:/]*\):[0-9]*/|@\1:1/|')
	start=$(date +%s)
	rt --wait 1s status -u "$down"
	t_status 1
	t_err_has "did not answer within 1s"
	[ $(($(date +%s) - start)) -le 5 ] || t_fail "--wait 1s took over 5 s"
fi

t_done
