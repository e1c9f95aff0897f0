#!/bin/sh
# The MySQL catalog loader's golden test: schema.sql goes in through the
# mariadb client, `mysql_roundtrip --dump` reads it back through the
# loader, and the result must be `expected` line for line.
#   RT_MYSQL_TEST=host:port:user:password sh tests/mysql-catalog/run.sh BUILD
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
[ -n "${RT_MYSQL_TEST:-}" ] || { echo "RT_MYSQL_TEST unset, skipped"; exit 77; }
IFS=: read -r host port user pass <<EOT
$RT_MYSQL_TEST
EOT
db=rtrt_catalog
client() { MYSQL_PWD=$pass mariadb -h "$host" -P "$port" -u "$user" "$@"; }
client -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
client "$db" < "$here/schema.sql"
out=$(mktemp)
trap 'rm -f "$out"; client -e "DROP DATABASE IF EXISTS $db"' EXIT
"$build/tests/mysql_roundtrip" --dump "$db" | grep -v 'cases pass' > "$out"
diff -u "$here/expected" "$out"
echo "ok mysql catalog"
