#!/bin/sh
# Build the embedding example against a build tree's libretort through
# pkg-config (the uninstalled .pc meson writes), run it twice on a fresh
# database, and check what it did. Usage: run.sh BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
work=$(mktemp -d /tmp/retort-embed-XXXXXX)
trap 'rm -rf "$work"' EXIT

PKG_CONFIG_PATH="$build/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_PATH
# the sanitizer build needs its runtime on the example's link line too
extra=""
if grep -q "b_sanitize=address" "$build/meson-info/intro-buildoptions.json" 2>/dev/null ||
   grep -q '"address,undefined"' "$build/meson-info/intro-buildoptions.json" 2>/dev/null; then
	extra="-fsanitize=address,undefined"
fi
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror $extra "$here/main.c" \
	$(pkg-config --cflags --libs retort-uninstalled) -o "$work/app"

LD_LIBRARY_PATH="$build${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$work/app" "$work/app.db" "$here/migrations"
LD_LIBRARY_PATH="$build${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$work/app" "$work/app.db" "$here/migrations"
visits=$(sqlite3 "$work/app.db" "SELECT count(*) FROM visit")
applied=$(sqlite3 "$work/app.db" "SELECT count(*) FROM retort_migrations")
[ "$visits" = 2 ] || { echo "embed: expected 2 visits, got $visits"; exit 1; }
[ "$applied" = 2 ] || { echo "embed: expected 2 migrations, got $applied"; exit 1; }
echo "embed: ok (2 migrations applied once, 2 visits recorded)"
