#!/bin/sh
# t4001-diff-roundtrip: the round-trip corpus of tests/diff/<dialect>/. Each
# case directory holds from.sql and to.sql, and may hold data.sql (rows
# inserted into `from` before migrating) and renames (one T.OLD=NEW or
# OLD=NEW a line, passed as --rename). Per case, through the binary:
#
#   1. a base migration creates `from`; upgrade; data.sql goes in;
#   2. new --autogenerate (-s to.sql) writes the up and down; check agrees
#      (on a server one case in four: two scratch databases a time);
#   3. upgrade: the database equals a fresh load of to.sql (diff empty),
#      and so does an empty database loaded from `retort dump` (on a
#      server, compared with the upgraded database itself: equal to
#      to.sql already, and no scratch database to make);
#   4. the rows of every column that survives are the same;
#   5. downgrade to the base: the database equals from.sql again, rows as before.
#
# Adding a case is adding a directory. On PostgreSQL (RT_BACKEND=postgres,
# RT_PG_URL) each case gets a database of its own, retort's scratch
# databases are made on the same server, the dump is loaded with psql,
# and data.sql is not used (its row comparison is SQLite's); so on MySQL
# (RT_BACKEND=mysql, RT_MYSQL_URL), the dump loaded with mariadb. The
# PostgreSQL run also takes the real-world pairs of $RT_MIGRA_DIR
# (default ../shared/testdata/migra-pg next to the repository), whose
# README says they may need roles or extensions made first (setup below);
# a pair listed in tests/diff/migra-pg.xfail with a reason (a kind of
# object retort does not handle yet) may fail: it is then reported as
# skipped with that reason, and an unexpected pass is said so.
. "$(dirname "$0")/lib.sh"
# the cases are independent: run-all.sh runs the servers' corpus in shares
T_SHARDABLE=1

CORPUS=$T_ROOT/tests/diff/$RT_BACKEND
BASE=20260101000000_base
MIGRA=${RT_MIGRA_DIR-$T_ROOT/../shared/testdata/migra-pg}
XFAIL=$T_ROOT/tests/diff/migra-pg.xfail

# q DB SQL: one value a line.
q() {
	sqlite3 -batch -noheader "$1" "$2"
}

qi() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}

# Surviving columns of the case: "FT|FC|TT|TC" a line, from a database
# loaded with from.sql ($1) and one with to.sql ($2), renames applied.
survivors() {
	for _t in $(q "$1" "SELECT hex(name) FROM pragma_table_list
			WHERE schema = 'main' AND type IN ('table', 'virtual')
			AND name NOT LIKE 'sqlite_%' ORDER BY 1"); do
		_t=$(q "$1" "SELECT CAST(x'$_t' AS TEXT)")
		_tt=$_t
		if [ -f "$CASE/renames" ]; then
			_r=$(grep -v '\.' "$CASE/renames" | grep "^$_t=" | head -n 1)
			[ -n "$_r" ] && _tt=${_r#*=}
		fi
		q "$1" "SELECT name FROM pragma_table_xinfo($(printf "'%s'" "$_t"))
			WHERE hidden = 0 ORDER BY cid" | while IFS= read -r _c; do
			_tc=$_c
			if [ -f "$CASE/renames" ]; then
				_r=$(grep -i -e "^$_t\.$_c=" -e "^$_tt\.$_c=" "$CASE/renames" | head -n 1)
				[ -n "$_r" ] && _tc=$(printf '%s' "${_r#*=}" | sed 's/^"\(.*\)"$/\1/')
			fi
			# a table still (not a view of the same name)
			_n=$(q "$2" "SELECT count(*) FROM pragma_table_xinfo($(printf "'%s'" "$_tt"))
				WHERE hidden = 0 AND name = '$_tc' COLLATE NOCASE
				AND EXISTS (SELECT 1 FROM pragma_table_list
					WHERE schema = 'main' AND type IN ('table', 'virtual')
					AND name = $(printf "'%s'" "$_tt") COLLATE NOCASE)")
			[ "${_n:-0}" -eq 1 ] && printf '%s|%s|%s|%s\n' "$_t" "$_c" "$_tt" "$_tc"
		done
	done
}

# rows DB SIDE: the sorted values of each surviving column, SIDE 1 (from
# names) or 2 (to names).
rows() {
	while IFS='|' read -r _ft _fc _tt _tc; do
		if [ "$2" = 1 ]; then _t=$_ft; _c=$_fc; else _t=$_tt; _c=$_tc; fi
		printf '%s.%s: ' "$_ft" "$_fc"
		# numbers as numbers: 3 and 3.0 are one value whatever the
		# column's affinity made of it
		q "$1" "SELECT group_concat(v, ',') FROM (SELECT quote(CASE
			WHEN typeof($(qi "$_c")) IN ('integer', 'real')
			THEN printf('%.15g', $(qi "$_c"))
			ELSE CAST($(qi "$_c") AS TEXT) END) v
			FROM $(qi "$_t") ORDER BY 1)"
	done <"$T_CASE_DIR/survivors"
}

roundtrip() {
	CASE=$1
	db=$T_CASE_DIR/retort.db
	url=$(t_url)
	set --
	if [ -f "$CASE/renames" ]; then
		while IFS= read -r r; do
			set -- "$@" --rename "$r"
		done <"$CASE/renames"
	fi
	{
		echo "-- retort:up"
		cat "$CASE/from.sql"
	} >"migrations/$BASE.sql"
	rt upgrade --allow-unsafe
	t_status 0
	[ "$RC" -eq 0 ] || return
	if [ -f "$CASE/data.sql" ] && [ "$RT_BACKEND" = sqlite ]; then
		sqlite3 -batch -bail "$db" <"$CASE/data.sql" ||
			{ t_fail "data.sql does not load"; return; }
		sqlite3 -batch "$T_CASE_DIR/f.db" <"$CASE/from.sql"
		sqlite3 -batch "$T_CASE_DIR/t.db" <"$CASE/to.sql"
		survivors "$T_CASE_DIR/f.db" "$T_CASE_DIR/t.db" >"$T_CASE_DIR/survivors"
		rows "$db" 1 >"$T_CASE_DIR/rows.before"
	fi
	rt new change --autogenerate -s "$CASE/to.sql" "$@"
	t_status 0
	[ "$RC" -eq 0 ] || return
	# PostgreSQL may take several migrations (change, change_2, ...)
	mig=$(ls migrations/*_change.sql migrations/*_change_[0-9]*.sql 2>/dev/null)
	# check replays the directory and loads to.sql as new just did, and
	# the upgraded database is compared with to.sql below: on a server,
	# where each of those is a scratch database made and dropped, one
	# case in four also asks check (every case on SQLite)
	if [ "$RT_BACKEND" = sqlite ] || [ $((SEEN % 4)) -eq 0 ]; then
		rt check -s "$CASE/to.sql"
		t_status 0
	fi
	# drops lose data by design here: lint's refusal is not the subject
	rt upgrade --allow-unsafe
	t_status 0
	if [ "$RC" -ne 0 ]; then
		echo "  migration:"; cat $mig | sed 's/^/    /'
		return
	fi
	rt diff --from "$url" --to "file://$CASE/to.sql"
	t_status 0
	[ -z "$OUT" ] || { t_fail "after up, the database differs from to.sql:"; echo "$OUT"; echo "  migration:"; cat $mig | sed 's/^/    /'; }
	rt dump
	t_status 0
	printf '%s\n' "$OUT" >"$T_CASE_DIR/dump.sql"
	if [ "$RT_BACKEND" = postgres ]; then
		dumped=${T_PG_DB}_dump
		psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$dumped\"" -c "CREATE DATABASE \"$dumped\"" >/dev/null 2>&1
		psql -qX -v ON_ERROR_STOP=1 "$(t_pg_url_for "$dumped")" -f "$T_CASE_DIR/dump.sql" \
			>"$T_CASE_DIR/dump.log" 2>&1 ||
			{ t_fail "the dump does not load:"; cat "$T_CASE_DIR/dump.log"; }
		rt diff --from "$(t_pg_url_for "$dumped")" --to "$url"
		psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$dumped\" WITH (FORCE)" >/dev/null
	elif [ "$RT_BACKEND" = mysql ]; then
		dumped=${T_MY_DB}_dump
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$dumped\`;
			CREATE DATABASE \`$dumped\`" >/dev/null 2>&1
		t_my "$(t_pg_url_for "$dumped")" <"$T_CASE_DIR/dump.sql" \
			>"$T_CASE_DIR/dump.log" 2>&1 ||
			{ t_fail "the dump does not load:"; cat "$T_CASE_DIR/dump.log"; }
		rt diff --from "$(t_pg_url_for "$dumped")" --to "$url"
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$dumped\`" >/dev/null 2>&1
	else
		sqlite3 -batch -bail "$T_CASE_DIR/dumped.db" <"$T_CASE_DIR/dump.sql" ||
			t_fail "the dump does not load"
		rt diff --from "sqlite:$T_CASE_DIR/dumped.db" --to "file://$CASE/to.sql"
	fi
	[ -z "$OUT" ] || { t_fail "the loaded dump differs (from to.sql, or on a server from the upgraded database):"; echo "$OUT"; }
	if [ -f "$CASE/data.sql" ] && [ "$RT_BACKEND" = sqlite ]; then
		rows "$db" 2 >"$T_CASE_DIR/rows.up"
		diff "$T_CASE_DIR/rows.before" "$T_CASE_DIR/rows.up" >/dev/null ||
			{ t_fail "rows changed by up:"; diff "$T_CASE_DIR/rows.before" "$T_CASE_DIR/rows.up"; }
	fi
	rt downgrade "$BASE"
	t_status 0
	if [ "$RC" -ne 0 ]; then
		echo "  migration:"; cat $mig | sed 's/^/    /'
		return
	fi
	rt diff --from "$url" --to "file://$CASE/from.sql"
	[ -z "$OUT" ] || { t_fail "after down, the database differs from from.sql:"; echo "$OUT"; echo "  migration:"; cat $mig | sed 's/^/    /'; }
	if [ -f "$CASE/data.sql" ] && [ "$RT_BACKEND" = sqlite ]; then
		rows "$db" 1 >"$T_CASE_DIR/rows.down"
		diff "$T_CASE_DIR/rows.before" "$T_CASE_DIR/rows.down" >/dev/null ||
			{ t_fail "rows changed by up and down:"; diff "$T_CASE_DIR/rows.before" "$T_CASE_DIR/rows.down"; }
	fi
}

# Roles belong to the server, not to a database: the ones the cases grant
# to (the corpus's and the real-world pairs' policies) are made once.
if [ "$RT_BACKEND" = postgres ]; then
	for role in retort_reader retort_writer schemainspect_test_role; do
		psql -qX "$RT_PG_URL" -c "DO \$\$BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles
				WHERE rolname = '$role') THEN
				CREATE ROLE $role;
			END IF; END\$\$" >/dev/null
	done
fi

# RT_CORPUS_STRIDE=N runs one case in N (the sanitizer build: the plain
# build runs every case; a second full pass would find the same diffs).
STRIDE=${RT_CORPUS_STRIDE:-1}
SEEN=0
sampled() {
	SEEN=$((SEEN + 1))
	[ $((SEEN % STRIDE)) -eq 0 ] || [ "$STRIDE" -le 1 ] || return 1
	t_sharded
}

if [ ! -d "$CORPUS" ]; then
	t_case "corpus for $RT_BACKEND"
	t_only none
else
	for c in "$CORPUS"/*/; do
		c=${c%/}
		[ -f "$c/from.sql" ] && [ -f "$c/to.sql" ] || continue
		[ -n "${T_ONLY-}" ] && [ "$(basename "$c")" != "$T_ONLY" ] && continue
		sampled || continue
		t_case "roundtrip $(basename "$c")"
		roundtrip "$c"
	done
fi

# The real-world pairs, on PostgreSQL (the role their policies name is
# made above).
if [ "$RT_BACKEND" = postgres ] && [ -d "$MIGRA" ] && [ -z "${T_NO_MIGRA-}" ]; then
	for c in "$MIGRA"/*/; do
		c=${c%/}
		name=$(basename "$c")
		[ -f "$c/from.sql" ] && [ -f "$c/to.sql" ] || continue
		[ -n "${T_ONLY-}" ] && [ "migra/$name" != "$T_ONLY" ] && continue
		sampled || continue
		why=$(sed -n "s/^$name[[:space:]][[:space:]]*//p" "$XFAIL" 2>/dev/null)
		t_case "migra $name"
		roundtrip "$c"
		if [ -n "$why" ]; then
			if [ "$T_CASE_FAILED" -eq 1 ]; then
				echo "  expected to fail: $why"
				T_CASE_FAILED=0
				T_CASE_SKIP=1
			else
				echo "  passes, though migra-pg.xfail expects a failure ($why)"
			fi
		fi
	done
fi
[ "$STRIDE" -gt 1 ] && echo "# RT_CORPUS_STRIDE=$STRIDE: one case in $STRIDE of $SEEN"
[ -n "$RT_SHARD" ] && echo "# RT_SHARD=$RT_SHARD: this job's share of the cases"
t_done
