/*
 * test_import_sqitch.c: `retort import sqitch` (import_sqitch.c) on small
 * plans written into a temporary directory: dependencies as parents with
 * the previous change kept before them, a reworked change read from
 * NAME@TAG.sql, BEGIN;/COMMIT; left out, the registry read from the file
 * sqitch keeps beside a SQLite database, and the refusals; and the helper
 * runner (util/proc.c) the Alembic importer uses.
 */
#include "backend/backend.h"
#include "import/import.h"
#include "test.h"
#include "util/fs.h"
#include "util/proc.h"

#include <sys/wait.h>

typedef struct fixture {
	char *dir;
	char src[256], deploy[300], revert[300], out[256], url[300];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = test_tmpdir();
	assert_non_null(f->dir);
	snprintf(f->src, sizeof(f->src), "%s/sq", f->dir);
	snprintf(f->deploy, sizeof(f->deploy), "%s/deploy", f->src);
	snprintf(f->revert, sizeof(f->revert), "%s/revert", f->src);
	snprintf(f->out, sizeof(f->out), "%s/migrations", f->dir);
	snprintf(f->url, sizeof(f->url), "sqlite:%s/app.db", f->dir);
	assert_int_equal(mkdir(f->src, 0755), 0);
	assert_int_equal(mkdir(f->deploy, 0755), 0);
	assert_int_equal(mkdir(f->revert, 0755), 0);
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

#define WHO " 2024-01-01T00:00:00Z Ann <ann@example.com>"

/* users; flips [users]; names [users]; @v1.0; names [names@v1.0 flips] */
static void plan(fixture *f)
{
	test_write(f->src, "sqitch.plan",
		   "%syntax-version=1.0.0\n%project=flipr\n\n"
		   "users" WHO " # users\n"
		   "flips [users !gone other:thing]" WHO " # flips\n"
		   "names [users]" WHO " # a view\n"
		   "@v1.0" WHO " # a tag\n"
		   "names [names@v1.0 flips]" WHO " # reworked\n");
	test_write(f->deploy, "users.sql",
		   "-- Deploy flipr:users to sqlite\n\nBEGIN;\n\n"
		   "CREATE TABLE users (id int);\n\nCOMMIT;\n");
	test_write(f->revert, "users.sql",
		   "BEGIN;\nDROP TABLE users;\ncommit ;\n");
	test_write(f->deploy, "flips.sql", "CREATE TABLE flips (id int);\n");
	test_write(f->deploy, "names@v1.0.sql",
		   "BEGIN;\nCREATE VIEW names AS SELECT 1 AS a;\nCOMMIT;\n");
	test_write(f->revert, "names@v1.0.sql", "DROP VIEW names;\n");
	test_write(f->deploy, "names.sql",
		   "BEGIN;\nDROP VIEW names;\n"
		   "CREATE VIEW names AS SELECT 2 AS a;\nCOMMIT;\n");
	test_write(f->revert, "names.sql",
		   "BEGIN;\nDROP VIEW names;\n"
		   "CREATE VIEW names AS SELECT 1 AS a;\nCOMMIT;\n");
}

static rt_import_result *run(fixture *f, rt_db *db)
{
	rt_import_options o = {0};
	rt_import_result *r = NULL;

	o.dir = f->out;
	o.db = db;
	o.now = 1767225600; /* 2026-01-01T00:00:00Z */
	if (rt_import(&r, "sqitch", f->src, &o) < 0)
		fail_msg("import failed: %s", rt_error_last()->message);
	return r;
}

static char *slurp(fixture *f, const char *revision)
{
	rt_buf b = RT_BUF_INIT;
	char path[800];

	snprintf(path, sizeof(path), "%s/%s.sql", f->out, revision);
	rt_buf_init(&b);
	if (rt_fs_read(&b, path) < 0)
		fail_msg("%s", rt_error_last()->message);
	return rt_buf_detach(&b);
}

static void test_import_sqitch_plan(void **state)
{
	fixture *f = *state;
	rt_import_result *r;
	char *text;

	plan(f);
	r = run(f, NULL);
	assert_int_equal(r->count, 4);
	assert_string_equal(r->entries[0].version, "users");
	assert_string_equal(r->entries[2].version, "names@v1.0");
	assert_string_equal(r->entries[3].version, "names");
	assert_string_equal(r->entries[2].revision,
			    "20251231235959_names_v1_0");
	assert_string_equal(r->entries[3].revision, "20260101000000_names");
	/* flips: its dependency is the previous change */
	assert_int_equal(r->entries[1].nparents, 1);
	assert_string_equal(r->entries[1].parents[0], r->entries[0].revision);
	/* names@v1.0: users, then flips (the previous change) */
	assert_int_equal(r->entries[2].nparents, 2);
	assert_string_equal(r->entries[2].parents[0], r->entries[0].revision);
	assert_string_equal(r->entries[2].parents[1], r->entries[1].revision);
	/* the rework: names@v1.0 and flips; the previous change is the
	 * first, so nothing is added */
	assert_int_equal(r->entries[3].nparents, 2);
	assert_string_equal(r->entries[3].parents[0], r->entries[2].revision);
	assert_string_equal(r->entries[3].parents[1], r->entries[1].revision);
	assert_false(r->entries[1].reversible); /* no revert/flips.sql */
	assert_int_equal(r->nnotes, 1);
	assert_non_null(strstr(r->notes[0], "'other:thing' of another "
					    "project"));

	text = slurp(f, r->entries[0].revision);
	assert_non_null(strstr(text, "-- retort:up\n-- Deploy flipr:users "
				     "to sqlite\n\n\nCREATE TABLE users "
				     "(id int);\n\n-- retort:down\n"
				     "DROP TABLE users;\n"));
	assert_null(strstr(text, "BEGIN"));
	assert_null(strstr(text, "commit"));
	free(text);
	text = slurp(f, r->entries[3].revision);
	assert_non_null(strstr(text, "(version names, names)"));
	assert_non_null(strstr(text, "SELECT 2 AS a"));
	free(text);
	text = slurp(f, r->entries[2].revision);
	assert_non_null(strstr(text, "/deploy/names@v1.0.sql"));
	assert_non_null(strstr(text, "SELECT 1 AS a;\n-- retort:down"));
	free(text);
	rt_import_result_free(r);
}

static void test_import_sqitch_registry_file(void **state)
{
	fixture *f = *state;
	rt_import_result *r;
	rt_db *db, *reg;
	char url[400];

	plan(f);
	/* no registry beside the database: nothing applied, said so */
	if (rt_db_open(&db, f->url, NULL) < 0)
		fail_msg("%s", rt_error_last()->message);
	rt_db_exec(db, "CREATE TABLE users (id int)");
	snprintf(url, sizeof(url), "sqlite:%s/sqitch.db", f->dir);
	if (rt_db_open(&reg, url, NULL) < 0)
		fail_msg("%s", rt_error_last()->message);
	assert_int_equal(
	    rt_db_exec(reg, "CREATE TABLE changes (change_id text, change "
			    "text, project text);"
			    "INSERT INTO changes VALUES ('a', 'users', "
			    "'flipr'), ('b', 'flips', 'flipr'), ('c', "
			    "'names', 'flipr'), ('d', 'users', 'other');"),
	    0);
	rt_db_close(reg);
	r = run(f, db);
	assert_true(r->recorded);
	assert_int_equal(r->napplied, 3);
	assert_true(r->entries[2].applied);  /* names@v1.0: the first */
	assert_false(r->entries[3].applied); /* the rework: pending */
	rt_import_result_free(r);
	rt_db_close(db);
}

static void test_import_sqitch_errors(void **state)
{
	fixture *f = *state;
	rt_import_result *r = NULL;
	rt_import_options o = {0};

	o.dir = f->out;
	assert_int_equal(rt_import(&r, "sqitch", f->src, &o), RT_ENOTFOUND);
	assert_error_contains("holds no sqitch.plan");

	plan(f);
	test_write(f->src, "sqitch.plan",
		   "%project=flipr\nusers" WHO "\nusers" WHO "\n");
	assert_int_equal(rt_import(&r, "sqitch", f->src, &o), RT_ERROR);
	assert_error_contains("change 'users' appears again without a tag "
			      "since line 2");
	assert_int_equal(rt_error_last()->line, 3);

	test_write(f->src, "sqitch.plan",
		   "%project=flipr\nusers" WHO "\nflips [users@v9]" WHO "\n");
	assert_int_equal(rt_import(&r, "sqitch", f->src, &o), RT_ERROR);
	assert_error_contains("'flips' depends on 'users@v9', which is no "
			      "earlier change");

	test_write(f->src, "sqitch.plan", "users" WHO "\n-users" WHO "\n");
	assert_int_equal(rt_import(&r, "sqitch", f->src, &o), RT_ERROR);
	assert_error_contains("the plan reverts a change here ('-users')");

	test_write(f->src, "sqitch.plan", "users" WHO "\nnope" WHO "\n");
	assert_int_equal(rt_import(&r, "sqitch", f->src, &o), RT_ENOTFOUND);
	assert_error_contains("deploy/nope.sql");
	assert_false(rt_fs_exists(f->out));
}

static void test_proc_run(void **state)
{
	rt_buf out = RT_BUF_INIT, err = RT_BUF_INIT;
	const char *echo[] = {"sh", "-c",
			      "printf 'out'; printf 'err-%s' 12345 >&2; exit 3",
			      NULL};
	const char *none[] = {"/nonexistent/retort-no-such-program", NULL};
	int status;

	(void)state;
	rt_buf_init(&out);
	rt_buf_init(&err);
	/* stderr keeps its end: past twice the 4 bytes asked for, the last 4 */
	assert_int_equal(rt_proc_run(&out, &err, &status, echo, NULL, 4, NULL), 0);
	assert_string_equal(rt_buf_cstr(&out), "out");
	assert_string_equal(rt_buf_cstr(&err), "2345");
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_int_equal(rt_proc_run(&out, &err, &status, none, NULL, 100, NULL),
			 RT_ENOTFOUND);
	assert_error_contains("could not run "
			      "'/nonexistent/retort-no-such-program'");
	rt_buf_release(&out);
	rt_buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import_sqitch_plan, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_import_sqitch_registry_file,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_sqitch_errors, setup,
					    teardown),
	    cmocka_unit_test(test_proc_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
