#!/bin/sh
# Every test against one build directory: the unit tests (meson test), the
# end-to-end families in tests/e2e against SQLite and then against a
# throwaway PostgreSQL server (tests/pg-tmp), and the embedding example.
# Prints one closing line "N passed, N failed, N skipped" and exits
# non-zero on any failure. Usage: tests/run-all.sh BUILD_DIR
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
passed=0
failed=0
skipped=0

echo "== unit tests ($build)"
if meson test -C "$build" --print-errorlogs --no-rebuild >"$build/unit.log" 2>&1; then
	:
else
	cat "$build/unit.log"
fi
n_ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$build/unit.log" | tail -n 1)
n_fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$build/unit.log" | tail -n 1)
echo "unit: ${n_ok:-0} passed, ${n_fail:-0} failed"
passed=$((passed + ${n_ok:-0}))
failed=$((failed + ${n_fail:-0}))
[ -n "$n_ok" ] || failed=$((failed + 1))

RETORT="$PWD/$build/retort"
export RETORT

# One family against one backend; adds to the totals.
family() {
	out=$(RT_BACKEND=$1 sh "$2" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | tail -n 1)
	counts=$(printf '%s\n' "$line" | sed -n 's/^.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
	if [ -z "$counts" ]; then
		printf '%s\n' "$out"
		echo "$2 ($1): did not finish"
		failed=$((failed + 1))
		return
	fi
	set -- $counts
	if [ "$rc" -ne 0 ] || [ "$2" -ne 0 ]; then
		printf '%s\n' "$out"
	else
		echo "$line"
	fi
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
	[ "$rc" -ne 0 ] && [ "$2" -eq 0 ] && failed=$((failed + 1))
	return 0
}

echo "== end-to-end tests, SQLite ($build)"
for t in tests/e2e/t[0-9]*.sh; do
	family sqlite "$t"
done

echo "== end-to-end tests, PostgreSQL ($build)"
if pg=$(tests/pg-tmp start); then
	pgdir=$(printf '%s\n' "$pg" | head -n 1)
	RT_PG_URL=$(printf '%s\n' "$pg" | tail -n 1)
	export RT_PG_URL
	# the CLI family (t0) is about the command line, not the backend
	for t in tests/e2e/t[1-9]*.sh; do
		family postgres "$t"
	done
	tests/pg-tmp stop "$pgdir"
else
	echo "pg-tmp: could not start a PostgreSQL server"
	failed=$((failed + 1))
fi

echo "== embedding example ($build)"
if sh examples/embed/run.sh "$build" >"$build/embed.log" 2>&1; then
	passed=$((passed + 1))
	echo "embed: 1 passed, 0 failed"
else
	cat "$build/embed.log"
	failed=$((failed + 1))
	echo "embed: 0 passed, 1 failed"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
