#!/bin/sh
# Every test against one build directory: the unit tests (meson test), the
# end-to-end families in tests/e2e, and the embedding example. Prints one
# closing line "N passed, N failed" and exits non-zero on any failure.
# Usage: tests/run-all.sh BUILD_DIR
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
passed=0
failed=0

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

echo "== end-to-end tests ($build)"
RETORT="$PWD/$build/retort"
export RETORT
for t in tests/e2e/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	out=$(sh "$t" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/^.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/^.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		printf '%s\n' "$out"
		echo "$t: did not finish"
		failed=$((failed + 1))
		continue
	fi
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		printf '%s\n' "$out"
	else
		echo "$line"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
done

echo "== embedding example ($build)"
if sh examples/embed/run.sh "$build" >"$build/embed.log" 2>&1; then
	passed=$((passed + 1))
	echo "embed: 1 passed, 0 failed"
else
	cat "$build/embed.log"
	failed=$((failed + 1))
	echo "embed: 0 passed, 1 failed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
