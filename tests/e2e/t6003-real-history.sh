#!/bin/sh
# t6003: a real history, as a new user would meet it: Unleash's 385
# PostgreSQL migrations (tests/history/unleash, SOURCE says where from and
# how they were made) on an empty database. upgrade runs all of them
# without --allow-unsafe, lint reports exactly the findings of
# tests/history/unleash/lint.expected (each checked to be true: every one
# a warning at a serial column, a 32-bit primary key that counts rows or
# a timestamp without time zone; no error), and the history goes down to
# base and up again.
. "$(dirname "$0")/lib.sh"

H=$T_ROOT/tests/history/unleash
M=$H/migrations
n_migs=$(ls "$M" | wc -l)

t_case "the whole history upgrades an empty database without --allow-unsafe"
if t_only postgres; then
	rt -d "$M" upgrade
	t_status 0
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" "$n_migs"
	t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE message LIKE 'allow-unsafe%'")" 0
	t_eq "$(t_query "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'features'")" 1
	rt -d "$M" status
	t_status 0
	t_out_has "$n_migs applied, 0 pending"
fi

t_case "lint of the pending history: exactly the expected findings, no error"
if t_only postgres; then
	rt -q -d "$M" lint
	t_status 0
	printf '%s\n' "$OUT" | grep '^/' | sed "s|^$M/||" >got.txt
	if ! diff -u "$H/lint.expected" got.txt >diff.txt; then
		t_fail "lint findings differ from lint.expected: $(head -40 diff.txt)"
	fi
	t_out_has "0 errors, $(wc -l <"$H/lint.expected") warnings in $n_migs migrations"
fi

t_case "down to base and up again"
if t_only postgres; then
	rt -d "$M" upgrade
	t_status 0
	tables=$(t_tables)
	rt -d "$M" downgrade base
	t_status 0
	t_eq "$(t_tables)" "" "user tables after downgrade base"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 0
	rt -d "$M" upgrade
	t_status 0
	t_eq "$(t_tables)" "$tables" "tables after the second upgrade"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" "$n_migs"
fi

t_done
