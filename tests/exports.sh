#!/bin/sh
# The symbols libretort.so exports are exactly the functions retort.h
# declares with RT_EXTERN: nothing internal leaks (the library is built
# with hidden visibility, its archives with --exclude-libs), and nothing
# declared is missing. Usage: exports.sh LIBRETORT.so RETORT.h
# Prints what differs, "<" exported but not declared, ">" declared but
# not exported, and exits 1 then.
set -eu
lib=$1
hdr=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/retort-exports-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# defined dynamic symbols, less the linker's own (_init, _fini, _end...)
nm -D --defined-only "$lib" | awk 'NF == 3 { print $3 }' |
	sed 's/@.*//' | grep -v '^_' | sort -u >"$tmp/exported"

# comments and preprocessor lines out, each declaration on one line,
# then the name before its first parenthesis:
# "RT_EXTERN const rt_error *rt_error_last(void);"
perl -0777 -pe 's{/\*.*?\*/}{}gs; s/^[ \t]*#.*$//mg' "$hdr" |
	tr '\n' ' ' | tr ';' '\n' |
	sed -n 's/.*RT_EXTERN[^(]*[^A-Za-z0-9_(]\([A-Za-z_][A-Za-z0-9_]*\) *(.*/\1/p' |
	sort -u >"$tmp/declared"

n=$(wc -l <"$tmp/declared")
if [ "$n" -lt 10 ]; then
	echo "exports: only $n RT_EXTERN declarations read from $hdr"
	exit 1
fi
if ! diff "$tmp/exported" "$tmp/declared" >"$tmp/diff"; then
	echo "exports: $lib and $hdr disagree (< exported only, > declared only):"
	grep '^[<>]' "$tmp/diff"
	exit 1
fi
echo "exports: $n functions, the same in $lib and $hdr"
