#!/bin/sh
# t6002: upgrade is safe by default. It lints the pending migrations
# against the live catalog first and refuses error-level findings unless
# --allow-unsafe, which retort_log records; a table the same run creates
# is exempt, so a fresh database is always built from base.
. "$(dirname "$0")/lib.sh"

t_base() {
	t_mig 20260101000000_cat "" \
		"CREATE TABLE cat (id integer PRIMARY KEY, name text, comment text);" \
		"DROP TABLE cat;"
}

t_case "a fresh database is built from base, unsafe-looking steps and all"
t_base
t_mig 20260102000000_drop_comment 20260101000000_cat \
	"ALTER TABLE cat DROP COLUMN comment;" \
	"ALTER TABLE cat ADD COLUMN comment text;"
rt upgrade
t_status 0
t_out_has "20260102000000_drop_comment"
t_eq "$(t_query "SELECT count(*) FROM retort_migrations")" 2

t_case "an existing table: dropping a column is refused, nothing runs"
t_base
rt upgrade
t_status 0
t_query "INSERT INTO cat (id, name, comment) VALUES (1, 'Tom', 'x')" >/dev/null
t_mig 20260102000000_drop_comment 20260101000000_cat \
	"ALTER TABLE cat DROP COLUMN comment;" \
	"ALTER TABLE cat ADD COLUMN comment text;"
before=$(t_dump)
rt upgrade
t_status 3
t_err_has "lint found 1 unsafe statement"
t_err_has "20260102000000_drop_comment.sql:3"
t_err_has "drop-column"
t_err_has "--allow-unsafe"
t_eq "$(t_dump)" "$before" "database after the refused upgrade"

t_case "--allow-unsafe runs it and retort_log says which rules it broke"
t_base
rt upgrade
t_mig 20260102000000_drop_comment 20260101000000_cat \
	"ALTER TABLE cat DROP COLUMN comment;" \
	"ALTER TABLE cat ADD COLUMN comment text;"
rt upgrade --allow-unsafe
t_status 0
t_eq "$(t_query "SELECT message FROM retort_log WHERE event = 'upgrade' AND revision = '20260102000000_drop_comment'")" \
	"allow-unsafe: drop-column"
t_eq "$(t_query "SELECT count(*) FROM retort_log WHERE event = 'upgrade' AND message IS NULL")" 1 \
	"the safe migration's row has no message"

t_case "a deliberate step marked with lint-ignore runs without --allow-unsafe"
t_base
rt upgrade
cat >migrations/20260102000000_drop_comment.sql <<'EOF2'
-- retort:parent 20260101000000_cat
-- retort:up
-- retort:lint-ignore drop-column contract step: no running version reads it
ALTER TABLE cat DROP COLUMN comment;
-- retort:down
ALTER TABLE cat ADD COLUMN comment text;
EOF2
rt upgrade
t_status 0
t_out_has "20260102000000_drop_comment"

t_case "--dry-run reports the refusal too, and changes nothing"
t_base
rt upgrade
t_mig 20260102000000_drop_comment 20260101000000_cat \
	"ALTER TABLE cat DROP COLUMN comment;" \
	"ALTER TABLE cat ADD COLUMN comment text;"
before=$(t_dump)
rt upgrade --dry-run
t_status 3
t_err_has "drop-column"
t_eq "$(t_dump)" "$before" "database after the dry run"

t_done
