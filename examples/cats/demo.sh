#!/bin/sh
# The worked example: the cat table through seven migrations, up to head
# and back down to base, on a fresh SQLite file. Usage: demo.sh RETORT
set -eu
retort=$(cd "$(dirname "${1:-build/retort}")" && pwd)/$(basename "${1:-build/retort}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/retort-cats-XXXXXX)
trap 'rm -rf "$work"' EXIT
db="$work/cats.db"
r() {
	echo "\$ retort $*"
	"$retort" -u "sqlite:$db" -d "$here/migrations" "$@"
}

q() {
	echo "\$ sqlite3 cats.db \"$1\""
	sqlite3 -header -column "$db" "$1"
}

r status || true
echo
# Up to the expand step of the rename: both columns exist, and triggers
# keep them in sync while the old and the new application both write.
r upgrade 20261121090200
q "INSERT INTO cat (name, size, comment) VALUES ('Old-App Cat', 'small', 'written as comment')"
q "INSERT INTO cat (name, size, message) VALUES ('New-App Cat', 'large', 'written as message')"
q "UPDATE cat SET message = 'edited by the new app' WHERE name = 'Old-App Cat'"
q "SELECT id, name, comment, message FROM cat"
q "DELETE FROM cat"
echo
# Every instance runs the new version now: contract, then the rest.
r upgrade
echo
r status
echo
r history --graph
echo
echo "\$ sqlite3 cats.db 'SELECT id, name, size, message FROM cat'"
sqlite3 -header -column "$db" "SELECT id, name, size, message FROM cat"
echo
r downgrade base
echo
r status || true
