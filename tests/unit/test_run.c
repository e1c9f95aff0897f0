/*
 * test_run.c: the runner (engine/run.c) against real SQLite files: the
 * order and the events of an upgrade, targets both ways, a failing
 * migration rolled back whole with the database as it was, a
 * transaction=false section that stops midway and resumes at the failed
 * statement, an edited applied file refused, dry runs and stamps that
 * run nothing.
 */
#include "test.h"

#include <sqlite3.h>

typedef struct fixture {
	char *dir;	/* the migrations */
	char path[600]; /* the database file */
	char url[700];
	rt_db *db;
	rt_dir *mig;
	char events[2048]; /* "start a,done a,..." */
} fixture;

static const char mig_a[] = "-- retort:up\n"
			    "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
			    "-- retort:down\n"
			    "DROP TABLE a;\n";
static const char mig_b[] = "-- retort:parent 20260101000000_a\n"
			    "-- retort:up\n"
			    "CREATE TABLE b (id INTEGER);\n"
			    "INSERT INTO b VALUES (1);\n"
			    "-- retort:down\n"
			    "DROP TABLE b;\n";
static const char mig_c[] = "-- retort:parent 20260102000000_b\n"
			    "-- retort:up\n"
			    "ALTER TABLE b ADD COLUMN c TEXT;\n"
			    "-- retort:down\n"
			    "ALTER TABLE b DROP COLUMN c;\n";

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char *db_dir;

	assert_non_null(f);
	f->dir = test_tmpdir();
	db_dir = test_tmpdir();
	assert_non_null(f->dir);
	assert_non_null(db_dir);
	snprintf(f->path, sizeof(f->path), "%s/run.db", db_dir);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	free(db_dir);
	test_write(f->dir, "20260101000000_a.sql", mig_a);
	test_write(f->dir, "20260102000000_b.sql", mig_b);
	test_write(f->dir, "20260103000000_c.sql", mig_c);
	*state = f;
	return 0;
}

static void rm_in(const char *dir, const char *name)
{
	char p[700];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	unlink(p);
}

static int teardown(void **state)
{
	fixture *f = *state;
	char *slash = strrchr(f->path, '/');

	rt_dir_free(f->mig);
	rt_db_close(f->db);
	rm_in(f->dir, "20260101000000_a.sql");
	rm_in(f->dir, "20260102000000_b.sql");
	rm_in(f->dir, "20260103000000_c.sql");
	rm_in(f->dir, "20260104000000_n.sql");
	rmdir(f->dir);
	*slash = '\0';
	rm_in(f->path, "run.db");
	rm_in(f->path, "run.db-wal");
	rm_in(f->path, "run.db-shm");
	rm_in(f->path, "run.db-journal");
	rmdir(f->path);
	free(f->dir);
	free(f);
	return 0;
}

/* (Re)load the directory and (re)open the database. */
static void open_all(fixture *f)
{
	rt_dir_free(f->mig);
	rt_db_close(f->db);
	f->mig = NULL;
	f->db = NULL;
	if (rt_dir_load(&f->mig, f->dir) != 0 ||
	    rt_db_open(&f->db, f->url, NULL) != 0)
		fail_msg("%s", rt_error_last()->message);
}

static void on_event(const rt_event *ev, void *payload)
{
	static const char *const kinds[] = {"start",  "done",  "skip",
					    "resume", "stamp", "plan"};
	fixture *f = payload;
	size_t n = strlen(f->events);
	/* the revision without its 14 digits and underscore */
	const char *rev = ev->revision ? ev->revision + 15 : "?";

	if ((size_t)ev->kind >= RT_ARRAY_SIZE(kinds))
		snprintf(f->events + n, sizeof(f->events) - n, "%s%d %s",
			 n ? "," : "", (int)ev->kind, rev);
	else if (ev->kind == RT_EVENT_RESUME)
		snprintf(f->events + n, sizeof(f->events) - n, "%sresume %s@%d",
			 n ? "," : "", rev, ev->statement);
	else
		snprintf(f->events + n, sizeof(f->events) - n, "%s%s%s %s",
			 n ? "," : "", kinds[ev->kind],
			 ev->direction == RT_DOWN ? "-down" : "", rev);
}

static int run(fixture *f,
	       int (*fn)(rt_db *, const rt_dir *, const rt_run_options *),
	       const char *target, int dry_run)
{
	rt_run_options o = RT_RUN_OPTIONS_INIT;

	f->events[0] = '\0';
	o.target = target;
	o.dry_run = dry_run;
	o.on_event = on_event;
	o.payload = f;
	return fn(f->db, f->mig, &o);
}

/* One value from the file through a connection of its own. */
static void query1(const fixture *f, const char *sql, char *out, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);

		snprintf(out, n, "%s", v ? (const char *)v : "NULL");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The user tables, by name, comma-separated. */
static void tables(const fixture *f, const char *want)
{
	char v[256];

	query1(f,
	       "SELECT ifnull(group_concat(name, ','), '') FROM (SELECT name "
	       "FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
	       "'retort%' AND name NOT LIKE 'sqlite%' ORDER BY name)",
	       v, sizeof(v));
	assert_string_equal(v, want);
}

/* The applied revisions (status), comma-separated, short names. */
static void applied(fixture *f, const char *want)
{
	rt_status *st = NULL;
	char got[256] = "";
	size_t i, n = 0;

	if (rt_status_load(&st, f->db, f->mig) != 0)
		fail_msg("%s", rt_error_last()->message);
	for (i = 0; i < st->count; i++)
		if (st->entries[i].state == RT_REV_APPLIED)
			n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
					      n ? "," : "",
					      st->entries[i].revision + 15);
	rt_status_free(st);
	assert_string_equal(got, want);
}

static void test_run_upgrade_in_order_once(void **state)
{
	fixture *f = *state;

	open_all(f);
	assert_int_equal(run(f, rt_upgrade, NULL, 0), 0);
	assert_string_equal(f->events,
			    "start a,done a,start b,done b,start c,done c");
	tables(f, "a,b");
	applied(f, "a,b,c");
	/* nothing pending: nothing runs, no event */
	assert_int_equal(run(f, rt_upgrade, NULL, 0), 0);
	assert_string_equal(f->events, "");
	/* a new process sees the same */
	open_all(f);
	applied(f, "a,b,c");
}

static void test_run_targets_both_ways(void **state)
{
	fixture *f = *state;
	char v[64];

	open_all(f);
	assert_int_equal(run(f, rt_upgrade, "+1", 0), 0);
	assert_string_equal(f->events, "start a,done a");
	assert_int_equal(run(f, rt_upgrade, "20260102000000_b", 0), 0);
	assert_string_equal(f->events, "start b,done b");
	assert_int_equal(run(f, rt_upgrade, NULL, 0), 0);
	query1(f, "SELECT group_concat(name) FROM pragma_table_info('b')", v,
	       sizeof(v));
	assert_string_equal(v, "id,c");
	/* down one (the default), then to base, children first */
	assert_int_equal(run(f, rt_downgrade, NULL, 0), 0);
	assert_string_equal(f->events, "start-down c,done-down c");
	query1(f, "SELECT group_concat(name) FROM pragma_table_info('b')", v,
	       sizeof(v));
	assert_string_equal(v, "id");
	assert_int_equal(run(f, rt_downgrade, "base", 0), 0);
	assert_string_equal(
	    f->events, "start-down b,done-down b,start-down a,done-down a");
	tables(f, "");
	applied(f, "");
	/* an unknown target changes nothing */
	assert_true(run(f, rt_upgrade, "20269999999999_nope", 0) < 0);
	assert_string_equal(f->events, "");
	applied(f, "");
}

static void test_run_failure_rolls_back(void **state)
{
	fixture *f = *state;
	const rt_error *e;
	char v[32];

	/* b's second statement fails: b's table goes with it, a stays */
	test_write(f->dir, "20260102000000_b.sql",
		   "-- retort:parent 20260101000000_a\n"
		   "-- retort:up\n"
		   "CREATE TABLE b (id INTEGER);\n"
		   "INSERT INTO no_such_table VALUES (1);\n"
		   "-- retort:down\n"
		   "DROP TABLE b;\n");
	open_all(f);
	assert_true(run(f, rt_upgrade, NULL, 0) < 0);
	e = rt_error_last();
	assert_non_null(strstr(e->message, "no_such_table"));
	assert_non_null(e->file);
	assert_non_null(strstr(e->file, "20260102000000_b.sql"));
	assert_int_equal(e->line, 4);
	assert_string_equal(f->events, "start a,done a,start b");
	tables(f, "a");
	applied(f, "a");
	query1(f,
	       "SELECT count(*) FROM retort_migrations WHERE revision LIKE "
	       "'%_b'",
	       v, sizeof(v));
	assert_string_equal(v, "0");
	/* fixed, the next run applies b and c */
	test_write(f->dir, "20260102000000_b.sql", mig_b);
	open_all(f);
	assert_int_equal(run(f, rt_upgrade, NULL, 0), 0);
	assert_string_equal(f->events, "start b,done b,start c,done c");
	applied(f, "a,b,c");
}

static void test_run_nontransactional_resumes(void **state)
{
	fixture *f = *state;
	rt_status *st = NULL;
	const rt_status_entry *en;
	char v[32];

	/* statements 1 and 2 commit one by one; 3 fails */
	test_write(f->dir, "20260104000000_n.sql",
		   "-- retort:parent 20260103000000_c\n"
		   "-- retort:up transaction=false\n"
		   "CREATE TABLE n1 (x INTEGER);\n"
		   "CREATE TABLE n2 (x INTEGER);\n"
		   "INSERT INTO n3 VALUES (1);\n"
		   "-- retort:down transaction=false\n"
		   "DROP TABLE n2;\n"
		   "DROP TABLE n1;\n");
	open_all(f);
	assert_true(run(f, rt_upgrade, NULL, 0) < 0);
	assert_non_null(strstr(rt_error_last()->message, "n3"));
	tables(f, "a,b,n1,n2");
	assert_int_equal(rt_status_load(&st, f->db, f->mig), 0);
	en = rt_status_get(st, "20260104000000_n");
	assert_non_null(en);
	assert_int_equal(en->state, RT_REV_PARTIAL);
	assert_int_equal(en->statements_done, 2);
	assert_string_equal(en->partial_direction, "up");
	rt_status_free(st);

	/* a statement that ran may not change */
	test_write(f->dir, "20260104000000_n.sql",
		   "-- retort:parent 20260103000000_c\n"
		   "-- retort:up transaction=false\n"
		   "CREATE TABLE n1 (x TEXT);\n"
		   "CREATE TABLE n2 (x INTEGER);\n"
		   "CREATE TABLE n3 (x INTEGER);\n"
		   "-- retort:down transaction=false\n"
		   "DROP TABLE n2;\n"
		   "DROP TABLE n1;\n");
	open_all(f);
	assert_int_equal(run(f, rt_upgrade, NULL, 0), RT_ECHECKSUM);
	assert_error_contains("statement 1 of partial migration "
			      "'20260104000000_n' changed");
	assert_int_equal(rt_error_last()->line, 3);
	tables(f, "a,b,n1,n2");

	/* the failed statement may change; the run resumes there, and
	 * n1, n2 are not made twice (that would fail) */
	test_write(f->dir, "20260104000000_n.sql",
		   "-- retort:parent 20260103000000_c\n"
		   "-- retort:up transaction=false\n"
		   "CREATE TABLE n1 (x INTEGER);\n"
		   "CREATE TABLE n2 (x INTEGER);\n"
		   "CREATE TABLE n3 (x INTEGER);\n"
		   "-- retort:down transaction=false\n"
		   "DROP TABLE n3;\n"
		   "DROP TABLE n2;\n"
		   "DROP TABLE n1;\n");
	open_all(f);
	assert_int_equal(run(f, rt_upgrade, NULL, 0), 0);
	assert_string_equal(f->events, "resume n@3,done n");
	tables(f, "a,b,n1,n2,n3");
	applied(f, "a,b,c,n");
	query1(f,
	       "SELECT state || ' ' || statements_done FROM "
	       "retort_migrations WHERE revision = '20260104000000_n'",
	       v, sizeof(v));
	assert_string_equal(v, "applied 0");

	/* and it goes down again statement by statement */
	assert_int_equal(run(f, rt_downgrade, NULL, 0), 0);
	assert_string_equal(f->events, "start-down n,done-down n");
	tables(f, "a,b");
}

static void test_run_edited_file_refused(void **state)
{
	fixture *f = *state;

	open_all(f);
	assert_int_equal(run(f, rt_upgrade, "+2", 0), 0);
	test_write(f->dir, "20260101000000_a.sql",
		   "-- retort:up\n"
		   "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\n"
		   "-- retort:down\n"
		   "DROP TABLE a;\n");
	open_all(f);
	assert_int_equal(run(f, rt_upgrade, NULL, 0), RT_ECHECKSUM);
	assert_error_contains("'20260101000000_a' was changed after it was "
			      "applied");
	assert_string_equal(f->events, "");
	/* c did not run */
	applied(f, "b");
	tables(f, "a,b");
}

static void test_run_dry_run_and_stamp_run_nothing(void **state)
{
	fixture *f = *state;

	open_all(f);
	assert_int_equal(run(f, rt_upgrade, NULL, 1), 0);
	assert_string_equal(f->events, "plan a,plan b,plan c");
	tables(f, "");
	applied(f, "");
	/* stamp: recorded, not run */
	assert_int_equal(run(f, rt_stamp, "20260102000000_b", 0), 0);
	tables(f, "");
	applied(f, "a,b");
	/* the upgrade after runs only c, which then fails: no table b */
	assert_true(run(f, rt_upgrade, NULL, 0) < 0);
	assert_string_equal(f->events, "start c");
	applied(f, "a,b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_run_upgrade_in_order_once,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_run_targets_both_ways, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_run_failure_rolls_back, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_run_nontransactional_resumes,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_run_edited_file_refused, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_run_dry_run_and_stamp_run_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
