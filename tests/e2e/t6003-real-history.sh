#!/bin/sh
# t6003: a real history, as a new user would meet it: Unleash's 385
# PostgreSQL migrations (tests/history/unleash, SOURCE says where from and
# how they were made) on an empty database. upgrade runs all of them
# without --allow-unsafe, lint reports exactly the findings of
# tests/history/unleash/lint.expected (each checked to be true: every one
# a warning at a serial column, a 32-bit primary key that counts rows or
# a timestamp without time zone; no error), and the history goes down to
# base and up again. `lint --all` reads each migration as deployed on its
# own to a database that has its history, tables in use: exactly
# lint-all.expected (185 errors, 86 warnings: each rule's findings were
# read against the files, none on a table the same migration creates, no
# no-op DROP INDEX IF EXISTS, no DROP INDEX whose table the migration
# drops; a change to lint that changes them needs each changed line
# checked as true before lint-all.expected is rewritten).
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

t_case "deployed in two upgrades: the second's findings are exactly the true ones"
# Up to the end of 2022, then the rest on a database whose tables exist
# (empty: the lock-only findings, the backfills of email_hash and color
# among them, are suppressed as small). What remains,
# lint-2step.expected, is true: timestamp -> timestamptz and SET NOT NULL
# change what the running version reads and writes, and permission_id and
# archived were there before the run. The columns the run itself adds
# (created_by on eight tables, renamed a week later; email_hash, dropped
# and added again) are no finding.
if t_only postgres; then
	rt -d "$M" upgrade 20221221144132
	t_status 0
	rt -q -d "$M" lint
	t_status 3
	printf '%s\n' "$OUT" | grep '^/' | sed "s|^$M/||" >got.txt
	if ! diff -u "$H/lint-2step.expected" got.txt >diff.txt; then
		t_fail "lint findings differ from lint-2step.expected: $(head -40 diff.txt)"
	fi
	t_out_has "9 errors, 39 warnings (35 suppressed, shown with --verbose)"
	rt -d "$M" upgrade
	t_status 3
	t_err_has "lint found 9 unsafe statements"
	t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" \
		"$(ls "$M" | awk '$0 <= "20221221144132_~"' | wc -l)"
fi

t_case "lint --all: each migration as deployed alone, exactly the expected findings"
# files only, no database (the SQLite run: no URL to read a catalog from)
if t_only sqlite; then
	rt -q -d "$M" lint --all --dialect postgres
	t_status 3
	printf '%s\n' "$OUT" | grep '^/' | sed "s|^$M/||" >got.txt
	if ! diff -u "$H/lint-all.expected" got.txt >diff.txt; then
		t_fail "lint --all findings differ from lint-all.expected: $(head -40 diff.txt)"
	fi
	t_out_has "188 errors, 86 warnings (4 suppressed, shown with --verbose) in $n_migs migrations"
	t_eq "$(grep -c ' error ' "$H/lint-all.expected")" 188
fi

t_done
