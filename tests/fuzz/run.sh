#!/bin/sh
# Build the libFuzzer targets with clang (ASan + UBSan + fuzzer) and run
# each for a bounded time on its seed corpus. Usage: run.sh BUILD SECONDS
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build-fuzz}
total=${2:-60}
mkdir -p "$out"

# every library source meson.build names (in the list or a later files())
libsrc=$(grep -o "'src/lib/[^']*\.c'" meson.build | tr -d "'")
flags="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined $(pkg-config --cflags libpq libmariadb)
       -fno-sanitize-recover=undefined -Iinclude -Isrc/lib"
libs="$(pkg-config --libs sqlite3 libcrypto libmariadb) -ldl -lpthread"

# the library once, two compilers at a time, then each target links it
# (compiling every source again per target was minutes of make check)
rm -rf "$out/obj"
mkdir -p "$out/obj"
export flags out
# shellcheck disable=SC2016
printf '%s\n' $libsrc | xargs -P 2 -I{} sh -c \
	'o="$out/obj/$(echo "{}" | tr / _).o"; clang $flags -c "{}" -o "$o"'
rm -f "$out/libretort-fuzz.a"
ar rcs "$out/libretort-fuzz.a" "$out"/obj/*.o

targets="parse url csv split lint_mysql partition_mysql"
per=$(( total / 6 ))
[ "$per" -lt 5 ] && per=5
for t in $targets; do
	# shellcheck disable=SC2086
	clang $flags -Werror=implicit-function-declaration \
		tests/fuzz/fuzz_$t.c "$out/libretort-fuzz.a" $libs \
		-o "$out/fuzz_$t"
	work="$out/corpus-$t"
	mkdir -p "$work"
	echo "fuzz: $t for ${per}s"
	"$out/fuzz_$t" -max_total_time="$per" -max_len=4096 -timeout=10 \
		-artifact_prefix="$out/" \
		"$work" "tests/fuzz/corpus/$t" >"$out/fuzz_$t.log" 2>&1 || {
		tail -n 40 "$out/fuzz_$t.log"
		echo "fuzz: $t FAILED (crash input in $out)"
		exit 1
	}
	grep -E "^Done|DONE" "$out/fuzz_$t.log" | tail -n 1
done
echo "fuzz: 6 passed, 0 failed"
