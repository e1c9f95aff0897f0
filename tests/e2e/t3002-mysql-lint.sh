#!/bin/sh
# t3002-mysql-lint: lint on MySQL/MariaDB against a live server whose
# tables have rows: what each ALTER locks and copies (the algorithm and
# lock in the report line, for the server's own version), an explicit
# ALGORITHM=/LOCK= honoured (and the server then refusing rather than
# copying), data loss (narrowing types, lossy charsets, drops) and
# compatibility rules read against the catalog, small tables suppressed,
# `new --autogenerate` output lint-clean, and `upgrade` refusing a copy
# of a big table without --allow-unsafe. MySQL only (RT_BACKEND=mysql).
. "$(dirname "$0")/lib.sh"

A=20260401000001_create
B=20260401000002_change

if [ "$RT_BACKEND" != mysql ]; then
	t_case "the MySQL/MariaDB lint family"
	t_skip_on "$RT_BACKEND" "MySQL/MariaDB only" || :
	t_done
	exit
fi

q() {
	t_query "$1"
}
# run SQL, its exit status the client's
run_sql() {
	t_my "$DATABASE_URL" -e "$1" >/dev/null 2>&1
}

# A table with 30000 rows (not small: above lint's 10000), one with one
# row, and one that foreign keys point at; statistics refreshed so that
# information_schema.TABLES says how big they are.
setup() {
	t_mig $A "" "CREATE TABLE big (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name varchar(50),
  bio text,
  n int,
  code varchar(20) CHARACTER SET latin1,
  state enum('new','done'),
  owner_id int
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE small (id int PRIMARY KEY, n int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE owners (id int PRIMARY KEY) ENGINE=InnoDB;" "DROP TABLE owners;
DROP TABLE small;
DROP TABLE big;"
	rt upgrade
	t_status 0
	q "INSERT INTO owners VALUES (1);
INSERT INTO big (name, bio, n, code, state, owner_id)
  SELECT CONCAT('name ', seq), 'bio', seq, 'c', 'new', 1 FROM seq_1_to_30000;
INSERT INTO small VALUES (1, 1);
ANALYZE TABLE big, small, owners;" >/dev/null
}

# The pending migration B, with parent A.
change() {
	t_mig $B $A "$1" "SELECT 1;"
}

t_case "each rule fires on a real table with rows, its line saying the algorithm and lock"
setup
change "ALTER TABLE big MODIFY n bigint;
ALTER TABLE big MODIFY name varchar(40);
ALTER TABLE big MODIFY name varchar(50) CHARACTER SET latin1;
ALTER TABLE big MODIFY n int NOT NULL;
ALTER TABLE big ADD COLUMN plan int NOT NULL;
ALTER TABLE big DROP PRIMARY KEY;
ALTER TABLE big ADD FULLTEXT INDEX ft_bio (bio);
ALTER TABLE big ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES owners (id);
ALTER TABLE big ADD CONSTRAINT ck_n CHECK (n >= 0);
ALTER TABLE big CONVERT TO CHARACTER SET latin1;
ALTER TABLE big MODIFY state enum('new');
ALTER TABLE big RENAME COLUMN bio TO biography;
ALTER TABLE big DROP COLUMN code;
LOCK TABLES big WRITE;
UNLOCK TABLES;
TRUNCATE TABLE small;
RENAME TABLE big TO huge;
DROP TABLE owners;"
rt lint -q
t_status 3
for rule in change-column-type narrowing-column-type lossy-charset-change \
	set-not-null add-column-not-null-no-default blocking-alter \
	create-index-non-concurrently add-foreign-key-validated \
	add-check-validated rename-column drop-column lock-table truncate \
	rename-table drop-table; do
	t_out_has "[$rule]"
done
t_out_has "column 'n' of 'big' changes type from int to bigint: ALGORITHM=COPY, LOCK=SHARED on MariaDB 10.11"
t_out_has "varchar(50) to varchar(40)"
t_out_has "converted from utf8mb4 to latin1"
t_out_has "the text of 'big' is converted from utf8mb4 to latin1"
t_out_has "the primary key of 'big' is dropped without a new one: ALGORITHM=COPY, LOCK=SHARED"
t_out_has "a FULLTEXT index is built on 'big': ALGORITHM=INPLACE, LOCK=SHARED"
t_out_has "enum('new','done') to enum('new'): values removed"
t_out_has "column 'n' of 'big' is made NOT NULL"
rt lint
# an estimate (TABLE_ROWS), near the 30000 rows
t_out_has "big: "
t_out_has "rows, "
t_out_has "(information_schema.TABLES): not small"

t_case "the algorithm and lock lint states are what the server takes: it refuses anything cheaper"
# on a small table (findings suppressed, shown with -v): each statement is
# linted, then run with the ALGORITHM= and LOCK= lint named (accepted)
# and with the next cheaper one (refused)
setup
q "ALTER TABLE small ADD COLUMN bio text, ADD COLUMN code varchar(20)
  CHARACTER SET latin1, ADD COLUMN owner_id int" >/dev/null
q "CREATE TABLE ftx (id int PRIMARY KEY, t text, n int, FULLTEXT KEY ft (t))
  ENGINE=InnoDB; INSERT INTO ftx VALUES (1, 'x', 1)" >/dev/null
q "CREATE TABLE vk (code varchar(20) PRIMARY KEY) ENGINE=InnoDB
  DEFAULT CHARSET=utf8mb4; INSERT INTO vk VALUES ('a')" >/dev/null
while IFS='|' read -r stmt undo; do
	change "$stmt;"
	rt lint -v -q
	how=$(printf '%s\n' "$OUT" | sed -n 's/.*\(ALGORITHM=[A-Z]*, LOCK=[A-Z]*\) on MariaDB.*/\1/p' | head -n 1)
	if [ -z "$how" ]; then
		t_fail "no algorithm reported for: $stmt ($OUT)"
		continue
	fi
	alg=${how%%,*}
	lock=${how#*, }
	cheaper=""
	case "$alg" in
	*COPY) cheaper="ALGORITHM=INPLACE" ;;
	*) [ "$lock" = LOCK=SHARED ] && cheaper="LOCK=NONE" ;;
	esac
	if [ -n "$cheaper" ] && run_sql "$stmt, $cheaper"; then
		t_fail "the server took '$stmt' with $cheaper (lint said $how)"
		run_sql "$undo"
	fi
	run_sql "$stmt, $how" ||
		t_fail "the server refused '$stmt' with $how"
	run_sql "$undo"
done <<'EOF2'
ALTER TABLE small MODIFY n bigint|ALTER TABLE small MODIFY n int
ALTER TABLE small MODIFY code varchar(20) CHARACTER SET utf8mb4|ALTER TABLE small MODIFY code varchar(20) CHARACTER SET latin1
ALTER TABLE small DROP PRIMARY KEY|ALTER TABLE small ADD PRIMARY KEY (id)
ALTER TABLE small ADD FULLTEXT INDEX ft_bio (bio)|ALTER TABLE small DROP INDEX ft_bio
ALTER TABLE small ADD CONSTRAINT fk_o FOREIGN KEY (owner_id) REFERENCES owners (id)|ALTER TABLE small DROP FOREIGN KEY fk_o
ALTER TABLE small ADD CONSTRAINT ck_n CHECK (n >= 0)|ALTER TABLE small DROP CONSTRAINT ck_n
ALTER TABLE small CONVERT TO CHARACTER SET utf8mb4|ALTER TABLE small MODIFY code varchar(20) CHARACTER SET latin1
ALTER TABLE small ADD COLUMN s int AS (n * 2) STORED|ALTER TABLE small DROP COLUMN s
ALTER TABLE small ADD COLUMN seq int AUTO_INCREMENT UNIQUE|ALTER TABLE small DROP COLUMN seq
ALTER TABLE ftx ADD COLUMN z int|ALTER TABLE ftx DROP COLUMN z
ALTER TABLE ftx MODIFY n int NOT NULL|ALTER TABLE ftx MODIFY n int NULL
ALTER TABLE ftx FORCE|SELECT 1
ALTER TABLE vk MODIFY code varchar(20) COLLATE utf8mb4_bin|ALTER TABLE vk MODIFY code varchar(20) COLLATE utf8mb4_general_ci
EOF2

t_case "INSTANT and INPLACE, LOCK=NONE changes are clean on a big table, and the server runs each with LOCK=NONE"
setup
clean="ALTER TABLE big ADD COLUMN note varchar(20)
ALTER TABLE big ADD COLUMN extra int AFTER name
ALTER TABLE big MODIFY name varchar(63)
ALTER TABLE big MODIFY code varchar(200) CHARACTER SET latin1
ALTER TABLE big MODIFY state enum('new','done','gone')
ALTER TABLE big ALTER COLUMN n SET DEFAULT 0
ALTER TABLE big ADD INDEX ix_n (n)
ALTER TABLE big DROP INDEX ix_n
ALTER TABLE big ADD UNIQUE INDEX ux_name (name)
ALTER TABLE big FORCE
ALTER TABLE big DROP COLUMN extra
ALTER TABLE big RENAME INDEX ux_name TO ux_name2"
change "$(printf '%s\n' "$clean" | sed 's/$/;/')
CREATE INDEX ix_n2 ON big (n);
OPTIMIZE TABLE big;
SET foreign_key_checks = 0;
ALTER TABLE big ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES owners (id);
SET foreign_key_checks = 1;"
rt lint -q
t_status 0
# (extra is the migration's own column: dropping it breaks nothing)
t_out_has "0 errors, 0 warnings"
printf '%s\n' "$clean" >clean.sql
while IFS= read -r stmt; do
	run_sql "$stmt, LOCK=NONE" ||
		t_fail "the server refused '$stmt' with LOCK=NONE"
done <clean.sql
run_sql "SET foreign_key_checks = 0; ALTER TABLE big ADD CONSTRAINT fk_owner
  FOREIGN KEY (owner_id) REFERENCES owners (id), ALGORITHM=NOCOPY, LOCK=NONE" ||
	t_fail "the server refused the unchecked foreign key in place"
t_eq "$(q "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big' AND COLUMN_NAME = 'name'")" 63

t_case "an explicit ALGORITHM=/LOCK= is honoured: no finding, and the server refuses rather than copies"
setup
change "ALTER TABLE big MODIFY n bigint, ALGORITHM=INPLACE, LOCK=NONE;"
rt lint -q
t_status 0
rt upgrade
t_status 1
t_err_has "ALGORITHM=INPLACE is not supported"
t_eq "$(q "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big' AND COLUMN_NAME = 'n'")" int \
	"the column is unchanged"
# a copy asked for in so many words is reported as such
change "ALTER TABLE big ADD COLUMN z int, ALGORITHM=COPY;"
rt lint -q
t_status 3
t_out_has "[blocking-alter] ALTER TABLE 'big' asks for ALGORITHM=COPY"

t_case "a copy of a small table is suppressed with its figures; its data loss is not"
setup
change "ALTER TABLE small ADD CONSTRAINT ck_small CHECK (n > 0);
ALTER TABLE small MODIFY n tinyint;"
rt lint -v
t_out_has "suppressed error [add-check-validated]"
t_out_has "table 'small' is small (1 rows"
t_out_has "error [narrowing-column-type] column 'n' of 'small' is narrowed: int to tinyint"

t_case "upgrade refuses a copy of a big table without --allow-unsafe, and runs it with it"
setup
change "ALTER TABLE big MODIFY n bigint;"
rt upgrade
t_status 3
t_err_has "lint found 1 unsafe statement"
t_err_has "change-column-type: column 'n' of 'big' changes type from int to bigint: ALGORITHM=COPY, LOCK=SHARED"
t_eq "$(q "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big' AND COLUMN_NAME = 'n'")" int \
	"nothing ran"
t_eq "$(q "SELECT count(*) FROM retort_migrations WHERE revision = '$B'")" 0
rt upgrade --allow-unsafe
t_status 0
t_eq "$(q "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big' AND COLUMN_NAME = 'n'")" bigint
t_eq "$(q "SELECT count(*) FROM big")" 30000

t_case "new --autogenerate writes ALGORITHM clauses: its output is lint-clean and upgrade runs it"
setup
cat >schema.sql <<'EOF'
CREATE TABLE big (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name varchar(60),
  bio text,
  n int DEFAULT 5,
  code varchar(20) CHARACTER SET latin1,
  state enum('new','done','gone'),
  owner_id int,
  note varchar(10) NOT NULL DEFAULT '',
  KEY ix_n (n)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE small (id int PRIMARY KEY, n int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE owners (id int PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE fresh (id int PRIMARY KEY);
EOF
rt new --autogenerate -s schema.sql grow
t_status 0
t_out_has "every change is backward compatible"
gen=$(ls migrations/*_grow.sql)
t_file_has "$gen" "ALGORITHM=INPLACE, LOCK=NONE;"
rt lint -q
t_status 0
t_out_has "0 errors, 0 warnings"
rt upgrade
t_status 0

t_done
