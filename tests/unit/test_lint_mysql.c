/*
 * test_lint_mysql.c: MySQL/MariaDB's lint without a server: the algorithm
 * each ALTER takes (its report lines), explicit ALGORITHM=/LOCK= honoured,
 * data loss (narrowing types, charsets) and compatibility rules, with the
 * old columns known from an earlier file of the run; and the algorithm
 * table for the servers it distinguishes. The same rules against a live
 * MariaDB with rows are tests/e2e/t3002-mysql-lint.sh.
 */
#include "lint/lint_mysql.h"
#include "test.h"
#include "util/fs.h"

static char *tmp;

static int setup(void **state)
{
	(void)state;
	tmp = test_tmpdir();
	return tmp ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

/* The table every case alters: created by file 1 (an earlier migration,
 * so it is in use: linted one by one, same_run 0). */
static const char *schema =
    "-- retort:up\n"
    "CREATE TABLE accounts (\n"
    "  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
    "  name varchar(50),\n"
    "  bio text,\n"
    "  code varchar(100) CHARACTER SET latin1,\n"
    "  n int,\n"
    "  small smallint NOT NULL DEFAULT 0,\n"
    "  price decimal(10,2),\n"
    "  state enum('new','done'),\n"
    "  legacy varchar(20) CHARACTER SET utf8mb3,\n"
    "  owner_id int\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
    "CREATE TABLE owners (id int, code varchar(20), PRIMARY KEY (code, id)) "
    "DEFAULT CHARSET=utf8mb4;\n";

/* Lint `up` as the second file after the schema. */
static rt_lint_report *lint_after_schema(const char *up)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	char *paths[2];
	rt_buf b = RT_BUF_INIT;
	int error;

	rt_buf_init(&b);
	rt_buf_printf(&b, "-- retort:up\n%s\n", up);
	test_write(tmp, "1.sql", schema);
	test_write(tmp, "2.sql", rt_buf_cstr(&b));
	paths[0] = rt_fs_join(tmp, "1.sql");
	paths[1] = rt_fs_join(tmp, "2.sql");
	o.dialect = "mysql";
	error = rt_lint_files(&r, (const char *const *)paths, 2, &o);
	if (error < 0)
		fail_msg("lint failed: %s", rt_error_last()->message);
	free(paths[0]);
	free(paths[1]);
	rt_buf_release(&b);
	return r;
}

/* The first counted finding of `rule` whose message holds `says` (NULL:
 * any), or NULL. */
static const rt_lint_finding *find(const rt_lint_report *r, const char *rule,
				   const char *says)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (!strcmp(r->findings[i].rule->id, rule) &&
		    !r->findings[i].suppressed &&
		    (!says || strstr(r->findings[i].message, says)))
			return &r->findings[i];
	return NULL;
}

/* `up` raises `rule` unsuppressed, and its message holds `says`. */
static void raises(const char *up, const char *rule, const char *says)
{
	rt_lint_report *r = lint_after_schema(up);
	const rt_lint_finding *f = find(r, rule, says);

	if (!f) {
		size_t i;

		for (i = 0; i < r->count; i++)
			print_message("  %s: %s\n", r->findings[i].rule->id,
				      r->findings[i].message);
		fail_msg("'%s' does not raise %s saying '%s'", up, rule,
			 says ? says : "");
	}
	rt_lint_report_free(r);
}

/* `up` raises nothing that counts. */
static void clean(const char *up)
{
	rt_lint_report *r = lint_after_schema(up);

	if (r->nerrors || r->nwarnings) {
		size_t i;

		for (i = 0; i < r->count; i++)
			if (!r->findings[i].suppressed)
				print_message("  %s: %s\n",
					      r->findings[i].rule->id,
					      r->findings[i].message);
		fail_msg("'%s' is not clean", up);
	}
	rt_lint_report_free(r);
}

static void test_lint_mysql_instant_and_inplace_are_clean(void **state)
{
	(void)state;
	clean("ALTER TABLE accounts ADD COLUMN note varchar(20);");
	clean("ALTER TABLE accounts ADD COLUMN note int AFTER name;");
	clean("ALTER TABLE accounts ADD COLUMN v int AS (n + 1) VIRTUAL;");
	clean("ALTER TABLE accounts MODIFY name varchar(60);");
	clean("ALTER TABLE accounts MODIFY name varchar(60) "
	      "COLLATE utf8mb4_bin;");
	clean("ALTER TABLE accounts MODIFY code varchar(255) "
	      "CHARACTER SET latin1;");
	clean("ALTER TABLE accounts MODIFY state enum('new','done','gone');");
	clean("ALTER TABLE accounts ALTER COLUMN n SET DEFAULT 3;");
	clean("ALTER TABLE accounts MODIFY n int DEFAULT 3;");
	clean("ALTER TABLE accounts ADD INDEX ix_n (n);");
	clean("CREATE INDEX ix_name ON accounts (name);");
	clean("CREATE UNIQUE INDEX ux_name ON accounts (name);");
	clean("ALTER TABLE accounts DROP INDEX ix_n;");
	clean("ALTER TABLE accounts RENAME INDEX ix_n TO ix_n2;");
	clean("ALTER TABLE accounts FORCE;");
	clean("OPTIMIZE TABLE accounts;");
	clean("ALTER TABLE accounts ENGINE=InnoDB;");
	clean("ALTER TABLE accounts COMMENT = 'x', AUTO_INCREMENT = 100;");
	clean("ALTER TABLE accounts MODIFY legacy varchar(20) "
	      "CHARACTER SET utf8mb4;");
	clean("SET foreign_key_checks = 0;\n"
	      "ALTER TABLE accounts ADD CONSTRAINT fk_owner FOREIGN KEY "
	      "(owner_id) REFERENCES owners (id);");
}

static void test_lint_mysql_copy_reports_algorithm_and_lock(void **state)
{
	(void)state;
	raises("ALTER TABLE accounts MODIFY n bigint;", "change-column-type",
	       "ALGORITHM=COPY, LOCK=SHARED");
	/* 64 characters of utf8mb4 need two length bytes: a copy */
	raises("ALTER TABLE accounts MODIFY name varchar(64);",
	       "change-column-type", "ALGORITHM=COPY");
	/* the collation of a primary key column orders the table: a copy */
	raises("ALTER TABLE owners MODIFY code varchar(20) "
	       "COLLATE utf8mb4_bin;",
	       "change-column-type", "ALGORITHM=COPY");
	raises("ALTER TABLE accounts DROP PRIMARY KEY;", "blocking-alter",
	       "ALGORITHM=COPY, LOCK=SHARED");
	raises("ALTER TABLE accounts ADD COLUMN s int AS (n * 2) STORED;",
	       "blocking-alter", "ALGORITHM=COPY");
	raises("ALTER TABLE accounts ENGINE=MyISAM;", "blocking-alter",
	       "ALGORITHM=COPY");
	raises("ALTER TABLE accounts ADD COLUMN seq int AUTO_INCREMENT "
	       "UNIQUE;",
	       "blocking-alter", "ALGORITHM=INPLACE, LOCK=SHARED");
	raises("ALTER TABLE accounts ADD FULLTEXT INDEX ft_bio (bio);",
	       "create-index-non-concurrently", "LOCK=SHARED");
	raises("CREATE FULLTEXT INDEX ft_bio ON accounts (bio);",
	       "create-index-non-concurrently", "LOCK=SHARED");
	raises("ALTER TABLE accounts ADD CONSTRAINT fk_owner FOREIGN KEY "
	       "(owner_id) REFERENCES owners (id);",
	       "add-foreign-key-validated", "ALGORITHM=COPY");
	raises("ALTER TABLE accounts ADD CONSTRAINT ck_n CHECK (n > 0);",
	       "add-check-validated", "ALGORITHM=COPY");
	raises("ALTER TABLE accounts CONVERT TO CHARACTER SET utf8mb4;",
	       "blocking-alter", "ALGORITHM=COPY");
	/* as written: the author asked for the copy */
	raises("ALTER TABLE accounts ADD COLUMN z int, ALGORITHM=COPY;",
	       "blocking-alter", "ALGORITHM=COPY");
	raises("ALTER TABLE accounts ADD INDEX ix_z (n), LOCK=SHARED;",
	       "blocking-alter", "LOCK=SHARED");
	/* with a FULLTEXT index InnoDB neither adds columns instantly nor
	 * rebuilds with LOCK=NONE */
	raises("CREATE FULLTEXT INDEX ft_bio ON accounts (bio);\n"
	       "ALTER TABLE accounts ADD COLUMN z int;",
	       "blocking-alter",
	       "FULLTEXT index: no INSTANT, no LOCK=NONE): "
	       "ALGORITHM=INPLACE, LOCK=SHARED");
	raises("CREATE FULLTEXT INDEX ft_bio ON accounts (bio);\n"
	       "OPTIMIZE TABLE owners, accounts;",
	       "blocking-alter",
	       "OPTIMIZE TABLE rebuilds 'accounts' (the table has a FULLTEXT");
	/* the same clause on a table the migration creates: nothing */
	clean("CREATE TABLE t2 (a int);\nALTER TABLE t2 MODIFY a bigint;");
}

/* ALGORITHM=INPLACE/INSTANT, LOCK=NONE: the server refuses rather than
 * copy, so there is nothing to report about locks. */
static void test_lint_mysql_explicit_algorithm_honoured(void **state)
{
	(void)state;
	clean("ALTER TABLE accounts ADD FULLTEXT INDEX ft_bio (bio), "
	      "ALGORITHM=INPLACE, LOCK=NONE;");
	clean("ALTER TABLE accounts DROP PRIMARY KEY, ALGORITHM=INPLACE;");
	clean("ALTER TABLE accounts ADD CONSTRAINT ck_n CHECK (n > 0), "
	      "ALGORITHM=INSTANT;");
	clean("ALTER ONLINE TABLE accounts ADD FULLTEXT INDEX ft (bio);");
	clean("CREATE FULLTEXT INDEX ft_bio ON accounts (bio) LOCK=NONE;");
}

static void test_lint_mysql_data_loss(void **state)
{
	(void)state;
	raises("ALTER TABLE accounts MODIFY name varchar(40);",
	       "narrowing-column-type", "varchar(50) to varchar(40)");
	raises("ALTER TABLE accounts MODIFY n smallint;",
	       "narrowing-column-type", "int to smallint");
	raises("ALTER TABLE accounts MODIFY n int unsigned;",
	       "narrowing-column-type", "unsigned");
	raises("ALTER TABLE accounts MODIFY price decimal(10,1);",
	       "narrowing-column-type", "decimal(10,2) to decimal(10,1)");
	raises("ALTER TABLE accounts MODIFY state enum('new');",
	       "narrowing-column-type", "enum");
	raises("ALTER TABLE accounts MODIFY bio tinytext;",
	       "narrowing-column-type", "text to tinytext");
	raises("ALTER TABLE accounts CHANGE n n2 tinyint;",
	       "narrowing-column-type", "int to tinyint");
	raises("ALTER TABLE accounts MODIFY name varchar(50) "
	       "CHARACTER SET latin1;",
	       "lossy-charset-change", "utf8mb4 to latin1");
	raises("ALTER TABLE accounts CONVERT TO CHARACTER SET latin1;",
	       "lossy-charset-change", "utf8mb4 to latin1");
	raises("ALTER TABLE accounts MODIFY name varchar(50) "
	       "CHARACTER SET utf8mb3;",
	       "lossy-charset-change", "utf8mb4 to utf8mb3");
	raises("TRUNCATE TABLE accounts;", "truncate", NULL);
	raises("ALTER TABLE accounts DROP PARTITION p2023, `p 2024`;",
	       "drop-partition", "partition p2023, p 2024");
	raises("ALTER TABLE accounts TRUNCATE PARTITION p1;", "drop-partition",
	       "TRUNCATE PARTITION");
	clean("ALTER TABLE accounts ADD PARTITION (PARTITION p9 VALUES LESS "
	      "THAN (2030));");
	raises("DROP TABLE IF EXISTS owners, accounts;", "drop-table",
	       "'accounts'");
	raises("ALTER TABLE accounts DROP COLUMN bio;", "drop-column", NULL);
	/* widening loses nothing */
	clean("ALTER TABLE accounts MODIFY code varchar(120) "
	      "CHARACTER SET latin1, ALGORITHM=INSTANT;");
	clean("ALTER TABLE accounts MODIFY n bigint, ALGORITHM=INPLACE;");
}

static void test_lint_mysql_compatibility(void **state)
{
	(void)state;
	raises("ALTER TABLE accounts ADD COLUMN must int NOT NULL;",
	       "add-column-not-null-no-default", "'must'");
	clean("ALTER TABLE accounts ADD COLUMN must int NOT NULL DEFAULT 0;");
	raises("ALTER TABLE accounts MODIFY n int NOT NULL;", "set-not-null",
	       "'n'");
	clean("ALTER TABLE accounts MODIFY small smallint NOT NULL "
	      "DEFAULT 1;");
	raises("ALTER TABLE accounts RENAME COLUMN n TO m;", "rename-column",
	       NULL);
	raises("ALTER TABLE accounts CHANGE n m int;", "rename-column", "'n'");
	raises("RENAME TABLE accounts TO users;", "rename-table", NULL);
	raises("ALTER TABLE accounts RENAME TO users;", "rename-table", NULL);
	raises("LOCK TABLES accounts WRITE;", "lock-table", NULL);
	raises("DROP DATABASE app;", "drop-database", NULL);
	/* a column this migration adds is the migration's own */
	clean("ALTER TABLE accounts ADD COLUMN tmp int;\n"
	      "ALTER TABLE accounts RENAME COLUMN tmp TO tmp2, "
	      "ALGORITHM=INSTANT;");
}

/* Without the earlier file lint cannot see the old type: it says so,
 * as a warning (lint with --url). */
static void test_lint_mysql_unknown_old_type(void **state)
{
	rt_lint_report *r = NULL;
	const rt_lint_finding *f;
	rt_lint_options o = RT_LINT_OPTIONS_INIT;

	(void)state;
	o.dialect = "mysql";
	assert_int_equal(
	    rt_lint_sql(&r, "-", "ALTER TABLE users MODIFY n bigint;", 0, &o),
	    0);
	f = find(r, "change-column-type", NULL);
	assert_non_null(f);
	assert_int_equal(f->severity, RT_LINT_WARNING);
	assert_non_null(strstr(f->message, "not known"));
	rt_lint_report_free(r);
}

static void test_lint_mysql_versions(void **state)
{
	my_server s;
	my_cost c;

	(void)state;
	assert_int_equal(
	    rt_lint_my_parse_version(&s, "10.11.6-MariaDB-0+deb12u1"), 0);
	assert_true(s.mariadb);
	assert_int_equal(s.major, 10);
	assert_int_equal(s.minor, 11);
	assert_int_equal(s.patch, 6);
	c = rt_lint_my_cost(MY_OP_ADD_COLUMN_PLACED, &s);
	assert_int_equal(c.alg, MY_INSTANT);
	c = rt_lint_my_cost(MY_OP_DROP_COLUMN, &s);
	assert_int_equal(c.alg, MY_INSTANT);
	c = rt_lint_my_cost(MY_OP_ADD_FULLTEXT, &s);
	assert_int_equal(c.lock, MY_LOCK_SHARED);
	c = rt_lint_my_cost(MY_OP_TYPE_CHANGE, &s);
	assert_int_equal(c.alg, MY_COPY);

	/* MariaDB 10.3: INSTANT ADD COLUMN only at the end */
	assert_int_equal(rt_lint_my_parse_version(&s, "10.3.39-MariaDB"), 0);
	c = rt_lint_my_cost(MY_OP_ADD_COLUMN, &s);
	assert_int_equal(c.alg, MY_INSTANT);
	c = rt_lint_my_cost(MY_OP_ADD_COLUMN_PLACED, &s);
	assert_int_equal(c.alg, MY_INPLACE);
	assert_int_equal(c.lock, MY_LOCK_NONE);
	c = rt_lint_my_cost(MY_OP_DROP_COLUMN, &s);
	assert_int_equal(c.alg, MY_INPLACE);

	/* MySQL 8.0: INSTANT anywhere from 8.0.29; a longer VARCHAR is in
	 * place, not instant; utf8mb3 to utf8mb4 copies */
	assert_int_equal(rt_lint_my_parse_version(&s, "8.0.36"), 0);
	assert_false(s.mariadb);
	c = rt_lint_my_cost(MY_OP_ADD_COLUMN_PLACED, &s);
	assert_int_equal(c.alg, MY_INSTANT);
	c = rt_lint_my_cost(MY_OP_VARCHAR_EXTEND, &s);
	assert_int_equal(c.alg, MY_INPLACE);
	assert_int_equal(c.lock, MY_LOCK_NONE);
	c = rt_lint_my_cost(MY_OP_CHARSET_UTF8MB4, &s);
	assert_int_equal(c.alg, MY_COPY);
	assert_int_equal(rt_lint_my_parse_version(&s, "8.0.20"), 0);
	c = rt_lint_my_cost(MY_OP_ADD_COLUMN_PLACED, &s);
	assert_int_equal(c.alg, MY_INPLACE);
	c = rt_lint_my_cost(MY_OP_DROP_COLUMN, &s);
	assert_int_equal(c.alg, MY_INPLACE);

	assert_true(rt_lint_my_parse_version(&s, "banana") < 0);
}

/* Every prefix of statements lint reads: cut names, groups, strings and
 * comments must neither crash nor read past the text (run under ASan). */
static void test_lint_mysql_every_prefix(void **state)
{
	static const char *const texts[] = {
	    "ALTER ONLINE TABLE `db`.`accounts` ADD COLUMN (a int NOT NULL, "
	    "b varchar(10) CHARACTER SET utf8 COLLATE utf8_bin), "
	    "MODIFY IF EXISTS n decimal(10,2) unsigned AFTER `id`, "
	    "CHANGE COLUMN x y enum('a''b','c\\'d') DEFAULT 'a', "
	    "ALGORITHM = INPLACE, LOCK = NONE;",
	    "CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY, "
	    "g int AS (id + 1) STORED, FULLTEXT KEY ft (s), "
	    "CONSTRAINT c CHECK (id > 0)) DEFAULT CHARSET = latin1 "
	    "COLLATE latin1_bin; -- trailing\n",
	    "ALTER TABLE t /* a comment */ CONVERT TO CHARACTER SET utf8mb4, "
	    "DROP PRIMARY KEY, ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES "
	    "u (id), RENAME TO t2, ENGINE = MyISAM # end",
	    "CREATE FULLTEXT INDEX ft ON t (a, b) ALGORITHM = INPLACE LOCK",
	    "RENAME TABLE a TO b, c TO d; DROP TABLE IF EXISTS a, b; "
	    "TRUNCATE t; LOCK TABLES t WRITE; SET @@session.foreign_key_checks "
	    "= OFF;",
	};
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	size_t i, n;

	(void)state;
	o.dialect = "mysql";
	for (i = 0; i < RT_ARRAY_SIZE(texts); i++) {
		for (n = 0; n <= strlen(texts[i]); n++) {
			rt_lint_report *r = NULL;
			char *cut = strndup(texts[i], n);

			assert_non_null(cut);
			/* the splitter refuses an unterminated quote or
			 * comment: an error, said as such */
			if (rt_lint_sql(&r, "-", cut, 0, &o) < 0 &&
			    !strstr(rt_error_last()->message, "unterminated"))
				fail_msg("lint failed on '%s': %s", cut,
					 rt_error_last()->message);
			rt_error_clear();
			rt_lint_report_free(r);
			free(cut);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lint_mysql_instant_and_inplace_are_clean),
	    cmocka_unit_test(test_lint_mysql_copy_reports_algorithm_and_lock),
	    cmocka_unit_test(test_lint_mysql_explicit_algorithm_honoured),
	    cmocka_unit_test(test_lint_mysql_data_loss),
	    cmocka_unit_test(test_lint_mysql_compatibility),
	    cmocka_unit_test(test_lint_mysql_unknown_old_type),
	    cmocka_unit_test(test_lint_mysql_versions),
	    cmocka_unit_test(test_lint_mysql_every_prefix),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
