#!/bin/sh
# Install the Debian packages retort builds and tests with, only those
# missing, so a second run costs a dpkg query. Root or sudo.
set -eu

pkgs="build-essential pkg-config meson ninja-build
libsqlite3-dev sqlite3 libssl-dev libinih-dev libcmocka-dev
libpq-dev libpg-query-dev libprotobuf-c-dev libmariadb-dev
clang libclang-rt-14-dev
jq python3 postgresql mariadb-server mariadb-client galera-4 rsync
sql-migrate
python3-sqlalchemy python3-flask-sqlalchemy python3-flask-migrate
alembic python3-alembic python3-psycopg2 python3-pymysql sqitch libdbd-pg-perl libdbd-sqlite3-perl libdbd-mysql-perl time strace"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
# dbmate, for the import tests (t8001), is an npm package: installed when
# npm is there and the registry answers; otherwise t8001 says it skipped
if ! command -v dbmate >/dev/null 2>&1 &&
	[ ! -x /opt/dbmate/node_modules/.bin/dbmate ] &&
	command -v npm >/dev/null 2>&1; then
	echo "deps: installing dbmate (npm) into /opt/dbmate"
	timeout 300 npm install --silent --no-audit --no-fund --prefix /opt/dbmate dbmate \
		>/dev/null 2>&1 ||
		echo "deps: could not install dbmate; t8001 will be skipped"
fi
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
