#!/bin/sh
# t8101-exec-source: `exec:COMMAND` schema sources (issue 14): --from,
# --to, --schema and `schema =` in retort.conf; the command's output is the
# schema SQL, read by the engine in a scratch database like file://; a
# failing or silent command is an error with its exit status and standard
# error, and nothing is written. Every engine.
. "$(dirname "$0")/lib.sh"

# a program printing a schema, as contrib/sqlalchemy does
gen() {
	cat >gen.sh <<-'G'
	#!/bin/sh
	echo "-- generated"
	echo "CREATE TABLE cat (id integer PRIMARY KEY, name varchar(40) NOT NULL);"
	[ -n "${WITH_COMMENT-}" ] && echo "CREATE TABLE note (id integer PRIMARY KEY, body text);"
	echo "done" >&2
	exit 0
	G
	chmod +x gen.sh
}

t_case "diff: exec: on both sides, the difference and nothing when equal"
gen
rt diff --from "exec:sh gen.sh" --to "exec:WITH_COMMENT=1 sh gen.sh"
t_status 0
t_out_has "CREATE TABLE"
t_out_has "note"
t_out_lacks "cat"
rt diff --from "exec:sh gen.sh" --to "exec:./gen.sh"
t_status 0
t_eq "$OUT" "" "diff of equal exec: sources"

t_case "schema = exec: in retort.conf: check 3, new --autogenerate, check 0"
gen
printf 'schema = exec:./gen.sh\n' >retort.conf
rt check
t_status 3
t_out_has "cat"
rt new create_cat --autogenerate
t_status 0
t_file_has migrations/*_create_cat.sql "exec:./gen.sh"
rt check
t_status 0
t_out_lacks "CREATE"
# the model changes: the check says so until the migration exists
printf 'schema = exec:WITH_COMMENT=1 ./gen.sh\n' >retort.conf
rt check
t_status 3
t_out_has "note"
sleep 1 # ids are seconds
rt new add_note --autogenerate
t_status 0
rt check
t_status 0
rt upgrade
t_status 0
t_eq "$(t_query "SELECT count(*) FROM note")" "0" "note exists"

t_case "--schema exec: beats the file"
gen
echo "CREATE TABLE other (x integer);" >schema.sql
rt check --schema "exec:./gen.sh"
t_status 3
t_out_has "cat"
t_out_lacks "other"

t_case "a failing command: its status and standard error, nothing written"
printf 'schema = exec:echo "ImportError: no module named app" >&2; exit 5\n' >retort.conf
rt new x --autogenerate
t_status 1
t_err_has "exited with status 5"
t_err_has "ImportError: no module named app"
t_eq "$(ls migrations)" "" "no migration written"
rt diff --to "exec:./no-such-program"
t_status 1
t_err_has "exited with status 127"
t_err_has "not found"
rt check --schema "exec:kill -TERM \$\$"
t_status 1
t_err_has "killed by signal 15"

t_case "a silent command, SQL the engine refuses, an empty command"
rt check --schema "exec:echo '-- nothing here'"
t_status 1
t_err_has "printed no SQL"
rt diff --to "exec:printf 'CREATE TABLE a (x integer);\nCREATE TABEL b (y integer);\n'"
t_status 1
t_err_has "exec:printf"
t_err_has ":2:"
rt diff --to "exec:"
t_status 2
t_err_has "names no command"

t_done
