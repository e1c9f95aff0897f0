#!/bin/sh
# The shape issue 11 fixed, kept true by make check:
#  - above src/lib/backend/, only an engine's own files (sqlite.c,
#    postgres.c, mysql.c, *_sqlite.c, *_postgres.c, *_mysql.c) name an
#    engine: everything else asks the descriptor (rt_backend) or tests a
#    capability bit;
#  - no file in src/lib is over 1,500 lines.
# Prints each offence as file:line and exits 1 when there is any.
# Usage: check-layers.sh [names|sizes] (both by default, as make check
# runs it)
set -u
what=${1:-all}
cd "$(dirname "$0")/.."
bad=0
engines='sqlite|postgres|postgresql|mysql|mariadb|pg'
names=""
[ "$what" = sizes ] || names=$(find src -name '*.[ch]' | sort)
for f in $names; do
	case "$f" in
	src/lib/backend/*) continue ;;
	*/sqlite.c | */postgres.c | */mysql.c) continue ;;
	*_sqlite.c | *_postgres.c | *_mysql.c | *_sqlite.h | *_postgres.h | *_mysql.h)
		continue ;;
	esac
	# code only: block and line comments blanked, line numbers kept
	hits=$(sed -e 's://.*$::' "$f" | awk '
		{
			line = $0
			out = ""
			while (length(line) > 0) {
				if (incom) {
					e = index(line, "*/")
					if (e == 0) { line = ""; break }
					line = substr(line, e + 2)
					incom = 0
				} else {
					s = index(line, "/*")
					if (s == 0) { out = out line; line = ""; break }
					out = out substr(line, 1, s - 1)
					line = substr(line, s + 2)
					incom = 1
				}
			}
			print out
		}' | grep -nE "\"($engines)\"|->pg\b|\.pg\b|strn?cmp\([^;]*(be->name|dialect|scheme)\b[^;]*\"")
	if [ -n "$hits" ]; then
		printf '%s\n' "$hits" | sed "s|^|$f:|"
		bad=1
	fi
done
if [ "$bad" = 1 ]; then
	echo "check-layers: engine names above src/lib/backend/ (use the" \
		"descriptor or a capability bit)" >&2
fi
sizes=""
[ "$what" = names ] || sizes=$(find src/lib -name '*.[ch]' | sort)
for f in $sizes; do
	n=$(wc -l <"$f")
	if [ "$n" -gt 1500 ]; then
		echo "$f: $n lines (at most 1500: split it by concern)"
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "check-layers: ok"
exit "$bad"
