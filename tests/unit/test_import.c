/*
 * test_import.c: `retort import` (src/lib/import/): each tool's parser on
 * small sources written into a temporary directory, the names import.c
 * gives (times kept, otherwise one second apart ending at `now`), the
 * files it writes and their read-back, the applied set read from a
 * SQLite database and recorded in one transaction, and the refusals
 * (non-empty DIR, duplicate versions, dirty golang-migrate) that leave
 * nothing behind.
 */
#include "backend/backend.h"
#include "import/import.h"
#include "test.h"
#include "util/fs.h"

#include <dirent.h>

typedef struct fixture {
	char *dir;
	char src[256], out[256], url[300];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = test_tmpdir();
	assert_non_null(f->dir);
	snprintf(f->src, sizeof(f->src), "%s/src", f->dir);
	snprintf(f->out, sizeof(f->out), "%s/migrations", f->dir);
	snprintf(f->url, sizeof(f->url), "sqlite:%s/app.db", f->dir);
	assert_int_equal(mkdir(f->src, 0755), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void unlink_in(const char *dir, const char *name)
{
	char path[800];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(unlink(path), 0);
}

static char *slurp(const char *path)
{
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	if (rt_fs_read(&b, path) < 0)
		fail_msg("%s", rt_error_last()->message);
	return rt_buf_detach(&b);
}

static rt_import_result *run(fixture *f, const char *tool, rt_db *db,
			     int dry_run)
{
	rt_import_options o = {0};
	rt_import_result *r = NULL;

	o.dir = f->out;
	o.db = db;
	o.dry_run = dry_run;
	o.now = 1767225600; /* 2026-01-01T00:00:00Z */
	if (rt_import(&r, tool, f->src, &o) < 0)
		fail_msg("import failed: %s", rt_error_last()->message);
	return r;
}

static void test_import_dbmate_sections(void **state)
{
	fixture *f = *state;
	rt_import_result *r;
	char path[800], *text;

	test_write(f->src, "20240101120000_create_users.sql",
		   "-- a comment before is fine\n"
		   "-- migrate:up\nCREATE TABLE users (id int);\n"
		   "-- migrate:down\nDROP TABLE users;\n");
	test_write(f->src, "20240102120000_idx.sql",
		   "--migrate:up transaction:false\n"
		   "CREATE INDEX u ON users (id);\n");
	test_write(f->src, "README.md", "not a migration\n");
	r = run(f, "dbmate", NULL, 0);
	assert_int_equal(r->count, 2);
	assert_string_equal(r->entries[0].revision,
			    "20240101120000_create_users");
	assert_string_equal(r->entries[1].revision, "20240102120000_idx");
	assert_string_equal(r->entries[1].parents[0],
			    "20240101120000_create_users");
	assert_true(r->entries[0].reversible);
	assert_false(r->entries[1].reversible);
	assert_true(r->entries[1].up_no_transaction);
	assert_int_equal(r->nirreversible, 1);
	assert_false(r->db_read);
	rt_import_result_free(r);

	snprintf(path, sizeof(path), "%s/20240102120000_idx.sql", f->out);
	text = slurp(path);
	assert_non_null(strstr(text, "-- retort:parent "
				     "20240101120000_create_users\n"
				     "-- retort:up transaction=false\n"
				     "CREATE INDEX u ON users (id);\n"));
	assert_null(strstr(text, "retort:down"));
	assert_non_null(strstr(text, "-- imported from dbmate: "));
	free(text);
}

static void test_import_dbmate_errors(void **state)
{
	fixture *f = *state;
	rt_import_result *r = NULL;
	rt_import_options o = {0};

	o.dir = f->out;
	test_write(f->src, "1_a.sql",
		   "SELECT 1;\n-- migrate:up\nCREATE TABLE a (id int);\n");
	assert_int_equal(rt_import(&r, "dbmate", f->src, &o), RT_ERROR);
	assert_error_contains("statement before '-- migrate:up'");
	assert_int_equal(rt_error_last()->line, 1);
	assert_int_equal(count_files(f->out), -1);

	test_write(f->src, "1_a.sql", "-- migrate:up\n-- migrate:up\n");
	assert_int_equal(rt_import(&r, "dbmate", f->src, &o), RT_ERROR);
	assert_error_contains("second '-- migrate:up' (the first is on "
			      "line 1)");

	test_write(f->src, "1_a.sql", "-- migrate:up transaction:maybe\n");
	assert_int_equal(rt_import(&r, "dbmate", f->src, &o), RT_ERROR);
	assert_error_contains("unknown migration option "
			      "'transaction:maybe'");

	test_write(f->src, "1_a.sql", "-- migrate:down\nDROP TABLE a;\n");
	assert_int_equal(rt_import(&r, "dbmate", f->src, &o), RT_ERROR);
	assert_error_contains("no '-- migrate:up' block");

	test_write(f->src, "1_a.sql", "-- migrate:up\n");
	test_write(f->src, "create.sql", "-- migrate:up\n");
	assert_int_equal(rt_import(&r, "dbmate", f->src, &o), RT_ERROR);
	assert_error_contains("create.sql' is not a dbmate migration name");

	assert_int_equal(rt_import(&r, "liquibase", f->src, &o), RT_EUSAGE);
	assert_error_contains("unknown tool 'liquibase'");
	assert_null(r);
	assert_int_equal(count_files(f->dir), 1); /* src only */
}

static void test_import_names_synthesized(void **state)
{
	fixture *f = *state;
	rt_import_result *r;

	/* golang-migrate: 2 before 10 (numbers), ids end at `now` */
	test_write(f->src, "10_z.up.sql", "SELECT 10;\n");
	test_write(f->src, "2_Add-Email.up.sql", "SELECT 2;\n");
	test_write(f->src, "2_Add-Email.down.sql", "SELECT -2;\n");
	r = run(f, "golang-migrate", NULL, 1);
	assert_int_equal(r->count, 2);
	assert_string_equal(r->entries[0].revision,
			    "20251231235959_v2_add_email");
	assert_string_equal(r->entries[1].revision, "20260101000000_v10_z");
	assert_true(r->entries[0].reversible);
	assert_false(r->entries[1].reversible);
	rt_import_result_free(r);
	/* a dry run writes nothing and leaves no temporary directory */
	assert_int_equal(count_files(f->dir), 1);
}

static void test_import_golang_migrate_errors(void **state)
{
	fixture *f = *state;
	rt_import_result *r = NULL;
	rt_import_options o = {0};

	o.dir = f->out;
	test_write(f->src, "1_a.up.sql", "SELECT 1;\n");
	test_write(f->src, "01_b.up.sql", "SELECT 1;\n");
	assert_int_equal(rt_import(&r, "golang-migrate", f->src, &o), RT_ERROR);
	assert_error_contains("two migrations have version '1'");
	unlink_in(f->src, "01_b.up.sql");
	test_write(f->src, "3_c.down.sql", "SELECT 1;\n");
	assert_int_equal(rt_import(&r, "golang-migrate", f->src, &o), RT_ERROR);
	assert_error_contains("has no up migration");
	assert_int_equal(count_files(f->dir), 1);
}

static void test_import_goose_annotations(void **state)
{
	fixture *f = *state;
	rt_import_result *r;
	rt_import_options o = {0};
	char path[800], *text;

	test_write(f->src, "00001_a.sql",
		   "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n"
		   "-- +goose Down\nSELECT 2;\n");
	test_write(f->src, "00002_fn.sql",
		   "-- +goose Up\n-- +goose StatementBegin\n"
		   "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\n"
		   "-- +goose StatementEnd\n");
	r = run(f, "goose", NULL, 0);
	assert_int_equal(r->count, 2);
	assert_true(r->entries[0].up_no_transaction);
	assert_true(r->entries[0].down_no_transaction);
	assert_false(r->entries[1].up_no_transaction);
	assert_string_equal(r->entries[0].version, "1");
	assert_string_equal(r->entries[1].revision, "20260101000000_v00002_fn");
	rt_import_result_free(r);
	snprintf(path, sizeof(path), "%s/20260101000000_v00002_fn.sql", f->out);
	text = slurp(path);
	assert_null(strstr(text, "StatementBegin"));
	assert_non_null(strstr(text, "-- retort:up\nCREATE TRIGGER t AFTER "
				     "INSERT ON a BEGIN SELECT 1; END;\n"));
	free(text);

	test_rmtree(f->out);
	o.dir = f->out;
	test_write(f->src, "00003_b.sql",
		   "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n");
	assert_int_equal(rt_import(&r, "goose", f->src, &o), RT_ERROR);
	assert_error_contains("StatementBegin without StatementEnd");
	assert_int_equal(rt_error_last()->line, 2);
	test_write(f->src, "00003_b.sql", "-- +goose Up\n-- +goose Sideways\n");
	assert_int_equal(rt_import(&r, "goose", f->src, &o), RT_ERROR);
	assert_error_contains("unknown annotation '-- +goose Sideways'");
	test_write(f->src, "00003_b.go", "package x\n");
	unlink_in(f->src, "00003_b.sql");
	assert_int_equal(rt_import(&r, "goose", f->src, &o), RT_ERROR);
	assert_error_contains("is a goose Go migration");
}

static void test_import_sql_migrate_order(void **state)
{
	fixture *f = *state;
	rt_import_result *r;

	test_write(f->src, "10_b.sql",
		   "-- +migrate Up notransaction\nSELECT 10;\n");
	test_write(f->src, "9_a.sql",
		   "-- +migrate Up\nSELECT 9;\n-- +migrate Down\nSELECT 0;\n");
	r = run(f, "sql-migrate", NULL, 1);
	assert_int_equal(r->count, 2);
	assert_string_equal(r->entries[0].version, "9_a.sql");
	assert_string_equal(r->entries[1].version, "10_b.sql");
	assert_string_equal(r->entries[1].name, "b");
	assert_true(r->entries[1].up_no_transaction);
	assert_false(r->entries[0].up_no_transaction);
	rt_import_result_free(r);
}

static void test_import_flyway_versions(void **state)
{
	fixture *f = *state;
	rt_import_result *r;
	rt_import_options o = {0};

	test_write(f->src, "V1_10__later.sql", "SELECT 110;\n");
	test_write(f->src, "V1_9__earlier.sql", "SELECT 19;\n");
	test_write(f->src, "V1_9__earlier.sql.conf",
		   "# comment\nexecuteInTransaction = false\n");
	test_write(f->src, "U1.9__earlier.sql", "SELECT -19;\n");
	r = run(f, "flyway", NULL, 1);
	assert_int_equal(r->count, 2);
	assert_string_equal(r->entries[0].version, "1.9");
	assert_string_equal(r->entries[1].version, "1.10");
	assert_string_equal(r->entries[0].name, "earlier");
	assert_true(r->entries[0].reversible);
	assert_true(r->entries[0].up_no_transaction);
	assert_false(r->entries[1].reversible);
	assert_string_equal(r->entries[1].revision,
			    "20260101000000_v1_10_later");
	rt_import_result_free(r);

	o.dir = f->out;
	test_write(f->src, "V1_9__earlier.sql.conf", "mixed=true\n");
	assert_int_equal(rt_import(&r, "flyway", f->src, &o), RT_ERROR);
	assert_error_contains("script setting 'mixed'");
	unlink_in(f->src, "V1_9__earlier.sql.conf");
	test_write(f->src, "U7__none.sql", "SELECT 1;\n");
	assert_int_equal(rt_import(&r, "flyway", f->src, &o), RT_ERROR);
	assert_error_contains("has no V7__*.sql to undo");
}

static rt_db *open_db(fixture *f, const char *sql)
{
	rt_db *db;

	if (rt_db_open(&db, f->url, NULL) < 0)
		fail_msg("%s", rt_error_last()->message);
	if (sql && rt_db_exec(db, sql) < 0)
		fail_msg("%s", rt_error_last()->message);
	return db;
}

static int first_int(void *payload, int ncols, const char *const *vals)
{
	*(int *)payload = ncols && vals[0] ? atoi(vals[0]) : -1;
	return 0;
}

static int query_int(rt_db *db, const char *sql)
{
	int n = -1;

	if (db->be->query(db->conn, sql, NULL, 0, first_int, &n) < 0)
		fail_msg("%s", rt_error_last()->message);
	return n;
}

static void test_import_records_applied(void **state)
{
	fixture *f = *state;
	rt_db *db = open_db(f, "CREATE TABLE schema_migrations (version "
			       "varchar(128) PRIMARY KEY);"
			       "INSERT INTO schema_migrations VALUES "
			       "('20240101120000');");
	rt_import_result *r;

	test_write(f->src, "20240101120000_a.sql",
		   "-- migrate:up\nCREATE TABLE a (id int);\n"
		   "-- migrate:down\nDROP TABLE a;\n");
	test_write(f->src, "20240102120000_b.sql",
		   "-- migrate:up\nCREATE TABLE b (id int);\n"
		   "-- migrate:down\nDROP TABLE b;\n");
	/* the dry run reads, records nothing */
	r = run(f, "dbmate", db, 1);
	assert_true(r->db_read);
	assert_int_equal(r->napplied, 1);
	assert_false(r->recorded);
	rt_import_result_free(r);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema "
				       "WHERE name LIKE 'retort%'"),
			 0);

	r = run(f, "dbmate", db, 0);
	assert_true(r->recorded);
	assert_true(r->entries[0].applied);
	assert_false(r->entries[1].applied);
	rt_import_result_free(r);
	assert_int_equal(query_int(db, "SELECT count(*) FROM "
				       "retort_migrations WHERE revision = "
				       "'20240101120000_a'"),
			 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM retort_log "
				       "WHERE event = 'import' AND direction "
				       "= 'up'"),
			 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM "
				       "schema_migrations"),
			 1);
	assert_int_equal(count_files(f->out), 2);
	rt_db_close(db);
}

static void test_import_refusals(void **state)
{
	fixture *f = *state;
	rt_db *db = open_db(f, "CREATE TABLE schema_migrations (version "
			       "bigint PRIMARY KEY, dirty boolean);"
			       "INSERT INTO schema_migrations VALUES (1, 1);");
	rt_import_result *r = NULL;
	rt_import_options o = {0};

	o.dir = f->out;
	o.db = db;
	test_write(f->src, "1_a.up.sql", "SELECT 1;\n");
	assert_int_equal(rt_import(&r, "golang-migrate", f->src, &o), RT_ERROR);
	assert_error_contains("version 1 is dirty");
	assert_non_null(strstr(rt_error_last()->hint, "migrate force 1"));
	assert_int_equal(count_files(f->dir), 2); /* src, app.db */

	rt_db_exec(db, "UPDATE schema_migrations SET version = 4, dirty = 0");
	assert_int_equal(rt_import(&r, "golang-migrate", f->src, &o), RT_ERROR);
	assert_error_contains("names version '4' that no migration in the "
			      "source has");
	assert_int_equal(count_files(f->dir), 2);

	/* DIR must be empty or absent */
	assert_int_equal(mkdir(f->out, 0755), 0);
	test_write(f->out, "keep.txt", "x");
	o.db = NULL;
	assert_int_equal(rt_import(&r, "golang-migrate", f->src, &o), RT_ERROR);
	assert_error_contains("is not empty");
	unlink_in(f->out, "keep.txt");
	/* an empty one is fine */
	assert_int_equal(rt_import(&r, "golang-migrate", f->src, &o), 0);
	assert_int_equal(count_files(f->out), 1);
	rt_import_result_free(r);
	rt_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import_dbmate_sections, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_import_dbmate_errors, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_import_names_synthesized,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_golang_migrate_errors,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_goose_annotations,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_sql_migrate_order,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_flyway_versions, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_import_records_applied, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_import_refusals, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
