#!/bin/sh
# t9003-replicas: a PostgreSQL primary with a streaming replica (a server
# of the family's own, tests/pg-tmp start and start-replica, so a paused
# replica slows nobody else). `status` shows the replica and its lag; lint
# warns about ACCESS EXCLUSIVE locks (standby-conflict) with a standby and
# not without; an online backfill waits while the replica's replay is
# paused, with a message naming it and its lag, and finishes once replay
# resumes; a sampler of pg_stat_replication measures the issue's bar: the
# backfill writes at most one batch once the lag is over --max-replica-lag,
# and never writes while the lag is over it by more than one batch (plus
# the replica's report interval, 1 s); retort:load and retort:copy rows
# wait the same way; a replica that is stopped is reported
# (not streaming) and not waited for.
if [ "${RT_BACKEND:-sqlite}" != postgres ]; then
	echo "$(basename "$0" .sh) (${RT_BACKEND:-sqlite}): 0 passed, 0 failed, 0 skipped"
	exit 0
fi
. "$(dirname "$0")/lib.sh"

# sane FILE: a background run's stderr holds no sanitizer report
sane() {
	! grep -q "Sanitizer" "$1" || t_fail "sanitizer report in $1: $(cat "$1")"
}

PGTMP=$T_ROOT/tests/pg-tmp
SHARED_URL=$RT_PG_URL
PDIR=""
RDIR=""
stop_servers() {
	[ -n "$RDIR" ] && "$PGTMP" stop "$RDIR" >/dev/null 2>&1
	[ -n "$PDIR" ] && "$PGTMP" stop "$PDIR" >/dev/null 2>&1
	RDIR=""
	PDIR=""
}
trap 't_drop_db; stop_servers; rm -rf "$T_DIR"' EXIT

started=$(date +%s)
out=$("$PGTMP" start) || { echo "t9003: could not start a primary"; exit 1; }
PDIR=$(printf '%s\n' "$out" | head -n 1)
RT_PG_URL=$(printf '%s\n' "$out" | tail -n 1)
out=$("$PGTMP" start-replica "$PDIR") || { echo "t9003: could not start a replica"; exit 1; }
RDIR=$(printf '%s\n' "$out" | head -n 1)
REPLICA_URL=$(printf '%s\n' "$out" | tail -n 1)
NAME=$(cat "$RDIR/name")
echo "# primary and replica '$NAME' up in $(($(date +%s) - started)) s"

# the replica's lag as the primary reports it (seconds, 0 when caught up)
lag() {
	psql -qXAt "$RT_PG_URL" -c "SELECT coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication WHERE application_name = '$NAME'"
}
on_replica() {
	psql -qXAt "$REPLICA_URL" -c "$1"
}
# wait_for FILE TEXT SECONDS: until FILE has TEXT
wait_for() {
	_i=0
	while ! grep -q -- "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -le $(($3 * 10)) ] || return 1
		sleep 0.1
	done
}
# caught_up: the replica has replayed everything (up to 30 s)
caught_up() {
	_i=0
	while [ "$(psql -qXAt "$RT_PG_URL" -c "SELECT count(*) FROM pg_stat_replication WHERE application_name = '$NAME' AND state = 'streaming' AND replay_lsn = pg_current_wal_lsn()")" != 1 ]; do
		_i=$((_i + 1))
		[ "$_i" -le 300 ] || return 1
		sleep 0.1
	done
}

B=20260101000000_create_cat
O=20260102000000_cat_size
ROWS=100000
BATCH=2000
MAXLAG=2

seed() {
	t_mig $B "" "CREATE TABLE cat (id bigint PRIMARY KEY, size text NOT NULL);
INSERT INTO cat SELECT g, (g % 100)::text FROM generate_series(1, $ROWS) g;
ANALYZE cat;" "DROP TABLE cat;"
	cat >migrations/$O.sql <<EOF
-- retort:parent $B
-- retort:online
-- retort:up
ALTER TABLE cat ALTER COLUMN size TYPE integer USING size::integer;
-- retort:down
ALTER TABLE cat ALTER COLUMN size TYPE text;
EOF
}

t0=$(date +%s)
t_case "status shows the replica and its lag"
caught_up || t_fail "the replica did not catch up"
rt status
t_status 0
t_out_has "replicas (writes pause over 10.0 s of lag):"
t_out_has "$NAME"
t_out_has "streaming"
# caught up: replay_lag reads as the last sample's until the replica
# reports itself caught up twice, then 0
printf '%s\n' "$OUT" | grep -q "$NAME  *streaming  *lag [0-9.]* s (0 bytes of WAL behind)" ||
	t_fail "no lag line for $NAME: $OUT"
rt status --json --max-replica-lag 3s
t_json ".replicas | length == 1"
t_json ".replicas[0].name == \"$NAME\" and .replicas[0].state == \"streaming\" and (.replicas[0].lag_s | type) == \"number\""
t_json ".max_replica_lag_s == 3"
rt status --max-replica-lag nonsense
t_status 2
t_err_has "'nonsense' is not a duration"

t_case "lint: standby-conflict with a standby, not without"
t_mig $B "" "CREATE TABLE cat (id bigint PRIMARY KEY, size text);" "DROP TABLE cat;"
rt upgrade
t_status 0
cat >alter.sql <<'EOF'
-- retort:up
ALTER TABLE cat ADD COLUMN note text;
CREATE TABLE dog (id int);
ALTER TABLE dog ADD COLUMN x int;
EOF
rt -u "$DATABASE_URL" lint alter.sql
t_out_has "warning [standby-conflict] ALTER TABLE takes an ACCESS EXCLUSIVE lock on 'cat'"
t_out_has "hot standby ($NAME)"
[ "$(printf '%s\n' "$OUT" | grep -c 'standby-conflict')" -eq 1 ] ||
	t_fail "a table new in the migration (dog) must be exempt: $OUT"
# the same table on a server without standbys: no finding
NOSTANDBY_DB=t9003_nostandby_$$
psql -qX "$SHARED_URL" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $NOSTANDBY_DB" -c "CREATE DATABASE $NOSTANDBY_DB" >/dev/null
NOSTANDBY_URL=$(printf '%s\n' "$SHARED_URL" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$NOSTANDBY_DB\1|")
psql -qX "$NOSTANDBY_URL" -c "CREATE TABLE cat (id bigint PRIMARY KEY, size text)" >/dev/null
rt -u "$NOSTANDBY_URL" lint alter.sql
t_out_lacks "standby-conflict"
t_out_has "catalog figures used"
rt -u "$NOSTANDBY_URL" lint --rules
t_out_has "standby-conflict"
psql -qX "$SHARED_URL" -c "DROP DATABASE IF EXISTS $NOSTANDBY_DB WITH (FORCE)" >/dev/null

t_case "the backfill waits for a paused replica, and goes on once it replays"
seed
rt upgrade $B
t_status 0
caught_up || t_fail "the replica did not catch up"
on_replica "SELECT pg_wal_replay_pause()" >/dev/null
# the sampler: time (ms), the lag the primary reports, rows backfilled
(
	while [ ! -f stop-sampler ]; do
		psql -qXAt "$DATABASE_URL" -c "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint, coalesce((SELECT extract(epoch FROM replay_lag) FROM pg_stat_replication WHERE application_name = '$NAME'), 0), coalesce((SELECT sum(rows_done) FROM retort_online_table), 0)" 2>/dev/null
		sleep 0.2
	done
) >samples &
sampler=$!
"$RETORT" upgrade --max-replica-lag ${MAXLAG}s --batch-size $BATCH --batch-delay 30 >up.out 2>up.err &
up=$!
if wait_for up.err "waiting for replica" 60; then
	ERR=$(cat up.err)
	t_err_has "waiting for replica '$NAME': replay lag "
	t_err_has "over --max-replica-lag 2.0 s; the writes to 'public.cat' pause"
	# waiting means writing nothing: the backfilled rows stay put
	sleep 1
	r1=$(t_query "SELECT sum(rows_done) FROM retort_online_table")
	sleep 3
	r2=$(t_query "SELECT sum(rows_done) FROM retort_online_table")
	t_eq "$r2" "$r1" "rows backfilled while the replica lags"
	[ "$r1" -lt "$ROWS" ] || t_fail "the backfill ended before the replica lagged ($r1 rows): nothing was measured"
else
	t_fail "the backfill never waited: $(cat up.err)"
fi
resumed_ms=$(($(date +%s) * 1000))
on_replica "SELECT pg_wal_replay_resume()" >/dev/null
i=0
while kill -0 $up 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
wait $up
RC=$?
ERR=$(cat up.err)
sane up.err
OUT=$(cat up.out)
t_status 0
t_err_has "replicas back under 2.0 s of lag after"
t_out_has "up   $O"
t_eq "$(t_query "SELECT bool_and(finished) FROM retort_online_table")" "t" "backfill finished"
touch stop-sampler
wait $sampler
# The bar, from the sampler. Over: the first sample whose lag is over
# --max-replica-lag; rows written from then until the replay resumed must
# be at most one batch. Writing: a pair of samples between which rows
# grew; the lag at its end, right after the writes, must be under the
# limit plus one batch's time plus the replica's report interval (1 s:
# the primary's figure moves a report at a time). Its start is no
# measure: a replica that just caught up is reported with the lag of
# the pause until its next report, which the gate may already have seen
# between two samples.
verdict=$(awk -F'|' -v max=$MAXLAG -v batch=$BATCH -v resumed=$resumed_ms -v interval=1 '
	{ t[NR] = $1; l[NR] = $2; r[NR] = $3; n = NR }
	END {
		over = 0; maxw = 0; wrote = 0; wt = 0
		for (i = 1; i < n; i++) {
			if (r[i + 1] > r[i]) { wrote += r[i + 1] - r[i]; wt += t[i + 1] - t[i] }
		}
		bs = wrote > 0 ? batch * wt / wrote / 1000 : 0
		for (i = 1; i <= n; i++) {
			if (!over && l[i] > max) { over = i }
			if (i < n && r[i + 1] > r[i] && l[i + 1] > maxw) maxw = l[i + 1]
		}
		after = 0
		if (over) for (i = over; i <= n; i++) if (t[i] < resumed && r[i] - r[over] > after) after = r[i] - r[over]
		bound = max + bs + interval
		printf "samples=%d over_at_rows=%d rows_after_over=%d max_lag_writing=%.2f batch_s=%.2f bound=%.2f ok=%d\n", n, over ? r[over] : -1, after, maxw, bs, bound, (over && after <= batch && maxw <= bound)
	}' samples)
echo "# replica bar: $verdict"
case "$verdict" in *ok=1) ;; *) t_fail "the bar: $verdict" ;; esac
rt status
t_out_has "$NAME"
t_out_has "streaming"

t_case "a retort:load waits for a lagging replica too"
t_mig $B "" "CREATE TABLE cat (id bigint PRIMARY KEY, size text);" "DROP TABLE cat;"
rt upgrade
t_status 0
awk 'BEGIN { print "id,size"; for (i = 1; i <= 20000; i++) print i "," i % 7 }' >migrations/cats.csv
t_mig 20260103000000_load_cats $B "-- retort:load cat FROM 'cats.csv'" "DELETE FROM cat;"
caught_up || t_fail "the replica did not catch up"
on_replica "SELECT pg_wal_replay_pause()" >/dev/null
# WAL the replica has not replayed, and time for its lag to pass the limit
t_query "CREATE TABLE pause_marker (x int)" >/dev/null
sleep 4
"$RETORT" upgrade --max-replica-lag ${MAXLAG}s >up.out 2>up.err &
up=$!
wait_for up.err "waiting for replica '$NAME'" 30 ||
	t_fail "the load never waited: $(cat up.err)"
t_eq "$(t_query "SELECT count(*) FROM cat")" "0" "rows visible while the load waits"
on_replica "SELECT pg_wal_replay_resume()" >/dev/null
wait $up
RC=$?
ERR=$(cat up.err)
sane up.err
t_status 0
t_err_has "the writes to 'cat' pause"
t_err_has "the writes to 'cat' go on"
t_eq "$(t_query "SELECT count(*) FROM cat")" "20000" "rows loaded"

t_case "a retort:copy waits for a lagging replica too"
t_mig $B "" "CREATE TABLE cat (id bigint PRIMARY KEY, size text);" "DROP TABLE cat;"
rt upgrade
t_status 0
# the source: a database of its own on the same server
SRC_DB=t9003_src_$$
psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS $SRC_DB" -c "CREATE DATABASE $SRC_DB" >/dev/null 2>&1
SRC_URL=$(t_pg_url_for "$SRC_DB")
psql -qX "$SRC_URL" -c "CREATE TABLE old_cat AS SELECT g AS id, (g % 7)::text AS size FROM generate_series(1, 20000) g" >/dev/null
export SRC_URL
t_mig 20260103000000_copy_cats $B "-- retort:copy cat FROM '\${SRC_URL}' QUERY 'SELECT id, size FROM old_cat ORDER BY id'" "DELETE FROM cat;"
caught_up || t_fail "the replica did not catch up"
on_replica "SELECT pg_wal_replay_pause()" >/dev/null
t_query "CREATE TABLE pause_marker (x int)" >/dev/null
sleep 4
"$RETORT" upgrade --max-replica-lag ${MAXLAG}s >up.out 2>up.err &
up=$!
wait_for up.err "waiting for replica '$NAME'" 30 ||
	t_fail "the copy never waited: $(cat up.err)"
on_replica "SELECT pg_wal_replay_resume()" >/dev/null
wait $up
RC=$?
ERR=$(cat up.err)
sane up.err
t_status 0
t_err_has "the writes to 'cat' pause"
t_eq "$(t_query "SELECT count(*) FROM cat")" "20000" "rows copied"
psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS $SRC_DB WITH (FORCE)" >/dev/null 2>&1

t_case "a replica that is not streaming is reported, and not waited for"
t_mig $B "" "CREATE TABLE cat (id bigint PRIMARY KEY, size text);" "DROP TABLE cat;"
awk 'BEGIN { print "id,size"; for (i = 1; i <= 5000; i++) print i "," i % 7 }' >migrations/cats.csv
t_mig 20260103000000_load_cats $B "-- retort:load cat FROM 'cats.csv'" "DELETE FROM cat;"
"$PGTMP" stop "$RDIR" >/dev/null 2>&1
RDIR=""
rt status
t_out_has "$NAME"
t_out_has "disconnected"
rt upgrade --max-replica-lag 1s
t_status 0
t_err_has "warning: replica '$NAME' is not streaming (disconnected): the writes to 'cat' do not wait for it"
t_eq "$(t_query "SELECT count(*) FROM cat")" "5000" "rows loaded"
# --max-replica-lag 0: no pause, nothing asked
rt downgrade base
rt upgrade --max-replica-lag 0
t_status 0
case "$ERR" in *"not streaming"*) t_fail "--max-replica-lag 0 still asked: $ERR" ;; esac

echo "# t9003 cases took $(($(date +%s) - t0)) s"
t_done
