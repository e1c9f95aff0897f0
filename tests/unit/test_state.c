/*
 * test_state.c: the bookkeeping (engine/state.c) against real SQLite
 * files: retort_migrations and retort_log made once, a revision's row
 * through partial, applied, released, re-checksummed and deleted, the
 * statement journal a resumed run reads, and the offline writer that
 * renders the same statements with literals.
 */
#include "backend/backend.h"
#include "engine/engine.h"
#include "test.h"
#include "util/fs.h"

#include <sqlite3.h>

typedef struct fixture {
	char *dir;
	char path[600];
	rt_db *db;
	rt_state_writer w;
	rt_arena a;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char url[700];

	assert_non_null(f);
	f->dir = test_tmpdir();
	assert_non_null(f->dir);
	snprintf(f->path, sizeof(f->path), "%s/state.db", f->dir);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	if (rt_db_open(&f->db, url, NULL) != 0)
		fail_msg("%s", rt_error_last()->message);
	f->w.db = f->db;
	f->w.be = f->db->be;
	rt_arena_init(&f->a);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	rt_db_close(f->db);
	rt_arena_release(&f->a);
	{
		static const char *const ext[] = {"", "-wal", "-shm",
						  "-journal"};
		char p[640];
		size_t i;

		for (i = 0; i < RT_ARRAY_SIZE(ext); i++) {
			snprintf(p, sizeof(p), "%s%s", f->path, ext[i]);
			unlink(p);
		}
	}
	rmdir(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* One value read from the file by a connection of its own (what another
 * process would see), "NULL" for NULL, "" for no row. */
static void query1(const char *path, const char *sql, char *out, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);

		snprintf(out, n, "%s", v ? (const char *)v : "NULL");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static rt_state_row get(fixture *f, const char *revision, int want_found)
{
	rt_state_row row;
	int found = -1;

	memset(&row, 0, sizeof(row));
	if (rt_state_get(&row, &found, &f->a, f->db, revision) != 0)
		fail_msg("%s", rt_error_last()->message);
	assert_int_equal(found, want_found);
	return row;
}

static void test_state_ensure_once(void **state)
{
	fixture *f = *state;
	rt_state_row *rows = (rt_state_row *)1;
	size_t n = 99;
	char v[64];

	/* no tables yet: nothing applied, and nothing made by reading */
	assert_int_equal(rt_state_read(&rows, &n, &f->a, f->db), 0);
	assert_int_equal(n, 0);
	query1(f->path,
	       "SELECT count(*) FROM sqlite_master WHERE name LIKE 'retort%'",
	       v, sizeof(v));
	assert_string_equal(v, "0");
	assert_int_equal(rt_state_ensure(f->db), 0);
	assert_int_equal(rt_state_ensure(f->db), 0);
	query1(f->path,
	       "SELECT group_concat(name, ',') FROM (SELECT name FROM "
	       "sqlite_master WHERE type = 'table' AND name IN "
	       "('retort_migrations', 'retort_log') ORDER BY name)",
	       v, sizeof(v));
	assert_string_equal(v, "retort_log,retort_migrations");
	assert_int_equal(rt_state_read(&rows, &n, &f->a, f->db), 0);
	assert_int_equal(n, 0);
}

static void test_state_row_lifecycle(void **state)
{
	fixture *f = *state;
	rt_migration m;
	rt_state_row row, *rows = NULL;
	size_t n = 0;
	char v[128];

	memset(&m, 0, sizeof(m));
	m.name = "20260101000000_it's";
	m.checksum = "aaaa";
	assert_int_equal(rt_state_ensure(f->db), 0);
	get(f, m.name, 0);

	/* a transaction=false section two statements in, held by us */
	assert_int_equal(rt_state_mark_partial(&f->w, &m, RT_UP, 2, 0, 1), 0);
	row = get(f, m.name, 1);
	assert_string_equal(row.state, "partial");
	assert_string_equal(row.direction, "up");
	assert_int_equal(row.statements_done, 2);
	assert_non_null(row.locked_by);
	assert_string_equal(row.locked_by, rt_holder());
	assert_string_equal(row.checksum, "aaaa");

	/* a failure releases it: the count stays what was committed */
	assert_int_equal(rt_state_release(&f->w, m.name), 0);
	row = get(f, m.name, 1);
	assert_null(row.locked_by);
	assert_int_equal(row.statements_done, 2);

	/* resumed going down, one further */
	assert_int_equal(rt_state_mark_partial(&f->w, &m, RT_DOWN, 3, 1, 1), 0);
	row = get(f, m.name, 1);
	assert_string_equal(row.direction, "down");
	assert_int_equal(row.statements_done, 3);

	/* the existing partial row becomes applied: counters reset, the
	 * holder gone, the new checksum recorded */
	m.checksum = "bbbb";
	assert_int_equal(rt_state_mark_applied(&f->w, &m, 42, 1), 0);
	row = get(f, m.name, 1);
	assert_string_equal(row.state, "applied");
	assert_string_equal(row.direction, "up");
	assert_int_equal(row.statements_done, 0);
	assert_int_equal(row.duration_ms, 42);
	assert_null(row.locked_by);
	assert_string_equal(row.checksum, "bbbb");
	assert_string_equal(row.applied_by, rt_whoami());
	/* applied_at is ISO 8601 UTC */
	assert_true(strlen(row.applied_at) >= 20);
	assert_int_equal(row.applied_at[4], '-');
	assert_int_equal(row.applied_at[10], 'T');

	/* a second revision inserted applied at once */
	m.name = "20260102000000_b";
	assert_int_equal(rt_state_mark_applied(&f->w, &m, 7, 0), 0);
	assert_int_equal(rt_state_set_checksum(&f->w, m.name, "cccc"), 0);
	assert_string_equal(get(f, m.name, 1).checksum, "cccc");
	assert_int_equal(rt_state_read(&rows, &n, &f->a, f->db), 0);
	assert_int_equal(n, 2);

	/* what another connection sees: committed */
	query1(f->path,
	       "SELECT checksum FROM retort_migrations WHERE revision = "
	       "'20260101000000_it''s'",
	       v, sizeof(v));
	assert_string_equal(v, "bbbb");

	assert_int_equal(rt_state_delete(&f->w, "20260101000000_it's"), 0);
	get(f, "20260101000000_it's", 0);
	assert_int_equal(rt_state_read(&rows, &n, &f->a, f->db), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].revision, "20260102000000_b");
}

static void logged(fixture *f, const char *event, const char *rev,
		   const char *dir, int statement, const char *hash)
{
	rt_log_entry e;

	memset(&e, 0, sizeof(e));
	e.event = event;
	e.revision = rev;
	e.direction = dir;
	e.statement = statement;
	e.checksum = hash;
	e.duration_ms = -1;
	if (rt_state_log(&f->w, &e) != 0)
		fail_msg("%s", rt_error_last()->message);
}

static void test_state_log_and_journal(void **state)
{
	fixture *f = *state;
	char **h = NULL;
	int n = -1;
	char v[128];

	assert_int_equal(rt_state_ensure(f->db), 0);
	logged(f, "statement", "r", "up", 1, "h1");
	logged(f, "statement", "r", "up", 2, "h2");
	logged(f, "statement", "r", "down", 1, "d1");	/* other direction */
	logged(f, "statement", "other", "up", 1, "o1"); /* other revision */
	logged(f, "failure", "r", "up", 3, "h3");	/* not a statement */
	assert_int_equal(rt_state_journal(&h, &n, &f->a, f->db, "r", "up"), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[0], "h1");
	assert_string_equal(h[1], "h2");

	/* a run that started over: its positions replace the old ones */
	logged(f, "statement", "r", "up", 1, "h1b");
	assert_int_equal(rt_state_journal(&h, &n, &f->a, f->db, "r", "up"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(h[0], "h1b");

	/* the audit row: who, where, which version; NULL where not given */
	query1(f->path,
	       "SELECT applied_by || '|' || host || '|' || retort_version || "
	       "'|' || ifnull(duration_ms, 'NULL') FROM retort_log WHERE "
	       "event = 'failure'",
	       v, sizeof(v));
	{
		char want[128];

		snprintf(want, sizeof(want), "%s|%s|%s|NULL", rt_whoami(),
			 rt_hostname(), RT_VERSION);
		assert_string_equal(v, want);
	}
}

static void test_state_offline_script(void **state)
{
	fixture *f = *state;
	rt_state_writer w;
	rt_buf out = RT_BUF_INIT;
	rt_migration m;
	rt_log_entry e;
	const char *s;

	rt_buf_init(&out);
	memset(&w, 0, sizeof(w));
	memset(&m, 0, sizeof(m));
	memset(&e, 0, sizeof(e));
	w.be = f->db->be;
	w.out = &out;
	m.name = "20260101000000_o'brien";
	m.checksum = "abcd";
	assert_int_equal(rt_state_mark_applied(&w, &m, 5, 0), 0);
	e.event = "upgrade";
	e.revision = m.name;
	e.direction = "up";
	e.duration_ms = -1;
	assert_int_equal(rt_state_log(&w, &e), 0);
	s = rt_buf_cstr(&out);
	/* literals quoted, the time the dialect's own now(), NULLs bare */
	assert_non_null(strstr(s, "VALUES ('20260101000000_o''brien', 'abcd', "
				  "strftime("));
	assert_non_null(strstr(s, "'upgrade', '20260101000000_o''brien', "
				  "'up', NULL, NULL"));
	assert_null(strstr(s, "$1"));
	/* nothing touched the database: the script is the caller's */
	{
		char v[16];

		query1(f->path,
		       "SELECT count(*) FROM sqlite_master WHERE name LIKE "
		       "'retort%'",
		       v, sizeof(v));
		assert_string_equal(v, "0");
	}
	/* and the script, run, records the same */
	assert_int_equal(rt_state_ensure(f->db), 0);
	assert_int_equal(rt_db_exec(f->db, s), 0);
	assert_string_equal(get(f, m.name, 1).checksum, "abcd");
	rt_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_state_ensure_once, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_state_row_lifecycle, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_state_log_and_journal, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_state_offline_script, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
