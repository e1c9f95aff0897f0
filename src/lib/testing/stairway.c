/*
 * stairway.c: rt_test_run, `retort test`. On a scratch database of the
 * engine, over its one connection and in this process:
 *
 *   1. the directory parses (files, and every section into statements)
 *      and has one head; a database's applied checksums match the files;
 *      the test files parse and each names a migration;
 *   2. the stairway, from base (or --from REV) in directory order: before
 *      statements of the revision's test file, up, catalog recorded, after
 *      queries, down, the catalog equals the one before the up, up again,
 *      after queries again;
 *   3. the repeatable migrations apply at the head, and again over their
 *      own objects with the same catalog; the head state (theirs
 *      included) equals the schema source; lint over the migrations
 *      tested.
 *
 * Invariants of the stairway: when revision X is tested every revision
 * before it in directory order is applied and nothing after it, so
 * `downgrade -1` reverts X and nothing else (a revision --from applied
 * may come later in order: its down is then not checked), and
 * t->prev is the catalog of that state. A failed up stops the stairway
 * (the revisions after it need it); a down that leaves the catalog
 * different is repaired with the diff back to t->prev, so the stairway
 * goes on and finds the next problem too.
 *
 * Interruption: rt_test_interrupt() (from a signal handler) sets a flag
 * and cancels the statement running on the scratch connection; the run
 * fails at once or at the next check and returns through the one
 * cleanup that drops the scratch database.
 */
#include "testing/testing_int.h"
#include "util/similar.h"
#include "util/sql_lex.h"

#include <dirent.h>
#include <signal.h>
#include <stdatomic.h>

static _Atomic(rt_db *) test_active;
static volatile sig_atomic_t test_interrupted;

void rt_test_interrupt(void)
{
	rt_db *db = atomic_load(&test_active);

	test_interrupted = 1;
	if (db && db->conn && db->be->cancel)
		db->be->cancel(db->conn);
	/* the schema source's own scratch database, when it is loading */
	rt_catalog_interrupt();
}

static int interrupted(void)
{
	if (!test_interrupted)
		return 0;
	return rt_error_set(RT_ERROR_OS, "interrupted");
}

/* ---- 1. the directory ------------------------------------------------ */

/* Every section splits into statements with the engine's splitter. */
static int check_parse(rt_tester *t)
{
	size_t i, n, bad = 0;
	rt_unit *units;
	int error;

	for (i = 0; i < t->dir->count; i++) {
		rt_migration *m = t->dir->migrations[i];

		if (rt_units_build(&units, &n, &t->arena, t->be, &m->up,
				   m->path) < 0 ||
		    (m->down.present &&
		     rt_units_build(&units, &n, &t->arena, t->be, &m->down,
				    m->path) < 0)) {
			if (rt_error_last()->klass == RT_ERROR_NOMEMORY)
				return RT_ERROR;
			if ((error = rt_test_fail_error(t, m, "parse", NULL)) <
			    0)
				return error;
			bad++;
		}
	}
	if (bad)
		t->stopped = 1;
	else if ((error = rt_test_addf(t, RT_TEST_PASS, NULL, "parse",
				       "%zu migration%s", t->dir->count,
				       t->dir->count == 1 ? "" : "s")) < 0)
		return error;
	return 0;
}

static int check_graph(rt_tester *t)
{
	rt_buf names = RT_BUF_INIT;
	size_t i;
	int error;

	if (t->dir->nheads <= 1)
		return rt_test_addf(t, RT_TEST_PASS, NULL, "graph",
				    t->dir->nheads ? "one head, '%s'"
						   : "no migrations%s",
				    t->dir->nheads ? t->dir->heads[0]->name
						   : "");
	rt_buf_init(&names);
	for (i = 0; i < t->dir->nheads; i++)
		rt_buf_printf(&names, "%s'%s'", i ? ", " : "",
			      t->dir->heads[i]->name);
	if ((error = rt_buf_check(&names)) == 0)
		error = rt_test_add(t, RT_TEST_FAIL, NULL, "graph",
				    rt_arena_printf(&t->arena, "%zu heads: %s",
						    t->dir->nheads, names.ptr),
				    "hint: 'retort merge' writes the revision "
				    "that joins them",
				    NULL, 0);
	rt_buf_release(&names);
	return error;
}

/* The applied checksums of opts->db against the files. */
static int check_checksums(rt_tester *t)
{
	rt_status *st = NULL;
	size_t i, bad = 0;
	int error;

	if (!t->opts->db)
		return 0;
	if (rt_status_load(&st, t->opts->db, t->dir) < 0)
		return rt_test_fail_error(t, NULL, "checksums",
					  "cannot read the applied revisions");
	for (i = 0; i < st->count; i++) {
		const rt_status_entry *e = &st->entries[i];
		char *msg = NULL;

		if (e->state == RT_REV_EDITED)
			msg = rt_arena_printf(&t->arena,
					      "edited after it was applied: "
					      "applied with checksum %.12s, "
					      "the file now has %.12s",
					      e->checksum,
					      e->migration->checksum);
		else if (e->state == RT_REV_UNKNOWN)
			msg = rt_arena_printf(&t->arena,
					      "'%s' is applied but no file "
					      "has this name",
					      e->revision);
		else
			continue;
		bad++;
		if (!msg ||
		    (error = rt_test_add(
			 t, RT_TEST_FAIL, e->migration, "checksums", msg,
			 e->state == RT_REV_EDITED
			     ? "hint: restore the file (a new change belongs "
			       "in a new migration)"
			     : NULL,
			 e->migration ? e->migration->path : NULL, 0)) < 0) {
			rt_status_free(st);
			return RT_ERROR;
		}
	}
	if (bad)
		error = 0;
	else if (st->napplied)
		error = rt_test_addf(t, RT_TEST_PASS, NULL, "checksums",
				     "%zu applied revision%s match%s the files",
				     st->napplied, st->napplied == 1 ? "" : "s",
				     st->napplied == 1 ? "es" : "");
	else
		error = rt_test_add(t, RT_TEST_SKIP, NULL, "checksums",
				    "nothing applied in the database to compare "
				    "with",
				    NULL, NULL, 0);
	rt_status_free(st);
	return error;
}

/* Read and parse DIR/tests/NAME; a failure is a failed check. */
static int load_test_file(rt_tester *t, const char *tdir, const char *name,
			  size_t *nok)
{
	size_t n = strlen(name) - 4;
	char *path = rt_arena_printf(&t->arena, "%s/%s", tdir, name);
	char *rev = rt_arena_strndup(&t->arena, name, n);
	rt_buf text = RT_BUF_INIT;
	rt_test_file *tf;
	rt_migration *m;
	int error;

	if (!path || !rev || !(tf = rt_arena_alloc(&t->arena, sizeof(*tf))))
		return RT_ERROR;
	rt_buf_init(&text);
	if (!(m = rt_dir_get(t->dir, rev))) {
		const char *near = NULL;
		size_t i;

		/* the nearest revision name, for a typo */
		for (i = 0; i < t->dir->count && !near; i++)
			if (rt_similar_distance(rev, strlen(rev),
						t->dir->migrations[i]->name,
						strlen(t->dir->migrations[i]
							   ->name)) <= 3)
				near = t->dir->migrations[i]->name;
		error = rt_test_add(
		    t, RT_TEST_FAIL, NULL, "test files",
		    rt_arena_printf(&t->arena,
				    "'%s' names no migration in '%s'", name,
				    t->dir->path),
		    near ? rt_arena_printf(&t->arena, "hint: did you mean "
						      "'%s.sql'?",
					   near)
			 : "hint: a test file is named after the revision "
			   "it tests: tests/<revision>.sql",
		    path, 0);
		goto done;
	}
	if ((error = rt_fs_read(&text, path)) < 0 ||
	    (error = rt_test_file_parse(tf, &t->arena, path, rev,
					rt_buf_cstr(&text), text.len)) < 0) {
		error = rt_error_last()->klass == RT_ERROR_NOMEMORY
			    ? RT_ERROR
			    : rt_test_fail_error(t, m, "test files", NULL);
		goto done;
	}
	t->tests[m->order] = tf;
	(*nok)++;
done:
	rt_buf_release(&text);
	return error;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int load_tests(rt_tester *t)
{
	char *tdir = rt_fs_join(t->dir->path, RT_TEST_DIR);
	rt_vec names = {0};
	struct dirent *e;
	size_t i, nok = 0, nbad;
	DIR *d;
	int error = 0;

	t->tests = rt_arena_array(&t->arena, t->dir->count + 1,
				  sizeof(*t->tests));
	if (!tdir || !t->tests) {
		free(tdir);
		return rt_error_nomem();
	}
	if (!(d = opendir(tdir))) {
		free(tdir);
		return 0; /* no test files */
	}
	while ((e = readdir(d)) && !error) {
		size_t n = strlen(e->d_name);

		char *name;

		if (n <= 4 || e->d_name[0] == '.' ||
		    strcasecmp(e->d_name + n - 4, ".sql") != 0)
			continue;
		if (!(name = rt_arena_strdup(&t->arena, e->d_name)))
			error = RT_ERROR;
		else
			error = rt_vec_push(&t->arena, &names, name);
	}
	closedir(d);
	if (names.len > 1)
		qsort(names.items, names.len, sizeof(char *), cmp_name);
	nbad = t->rep->pub.nfailed;
	for (i = 0; i < names.len && !error; i++)
		error = load_test_file(t, tdir, names.items[i], &nok);
	free(tdir);
	if (error < 0)
		return error;
	if (t->rep->pub.nfailed == nbad && nok)
		return rt_test_addf(t, RT_TEST_PASS, NULL, "test files",
				    "%zu test file%s", nok, nok == 1 ? "" : "s");
	return 0;
}

/* ---- 2. the stairway ------------------------------------------------- */

/* The statements of a test file's section, one by one. */
typedef struct section_run {
	rt_tester *t;
	const rt_test_file *tf;
	const rt_test_section *sec;
	int queries; /* after: each must return one row, true */
	int first_line;
	/* the first failure: its line and what went wrong */
	int bad_line;
	char *bad, *bad_sql;
	size_t nstatements;
	/* the query running: rows seen and the first row's first value
	 * (NULL: SQL NULL) */
	size_t rows;
	char *value;
	int oom;
} section_run;

static int row_cb(void *payload, int ncols, const char *const *vals)
{
	section_run *x = payload;

	if (x->rows++ == 0 && ncols > 0 && vals[0] &&
	    !(x->value = rt_arena_strdup(&x->t->arena, vals[0])))
		x->oom = 1;
	return 0;
}

static int run_statement(void *payload, size_t start, size_t len)
{
	section_run *x = payload;
	rt_tester *t = x->t;
	const char *sql = x->sec->sql + start;
	int line = rt_sql_line_at(x->sec->sql, start, x->first_line);
	char *text;
	int failed;

	if (interrupted() < 0)
		return RT_ERROR;
	if (x->bad)
		return 0;
	x->nstatements++;
	if (!x->queries) {
		failed = t->be->exec(t->db->conn, sql, len, NULL) < 0;
	} else {
		if (!(text = rt_arena_strndup(&t->arena, sql, len)))
			return RT_ERROR;
		x->rows = 0;
		x->value = NULL;
		failed = t->be->query(t->db->conn, text, NULL, 0, row_cb, x) <
			 0;
		if (x->oom)
			return rt_error_nomem();
	}
	if (interrupted() < 0)
		return RT_ERROR;
	x->bad_sql = rt_arena_strndup(&t->arena, sql, len);
	if (failed) {
		x->bad_line = line;
		x->bad = rt_arena_printf(&t->arena, "%s%s",
					 x->queries ? "query failed: " : "",
					 rt_error_last()->message);
		rt_error_clear();
	} else if (x->queries && x->rows != 1) {
		x->bad_line = line;
		x->bad = rt_arena_printf(&t->arena,
					 "query returned %zu rows, expected "
					 "one whose first column is true",
					 x->rows);
	} else if (x->queries && !rt_test_value_true(x->value)) {
		x->bad_line = line;
		x->bad = rt_arena_printf(&t->arena,
					 "query returned %s, expected true",
					 x->value ? x->value : "NULL");
	} else {
		x->bad_sql = NULL;
		return 0;
	}
	return x->bad && x->bad_sql ? 0 : RT_ERROR;
}

/*
 * Run one section of `tf`: the before statements (a failure is a failed
 * check "data before"), or the after queries (check `what`, passed or
 * failed). Returns < 0 only when the run cannot go on.
 */
static int run_section(rt_tester *t, const rt_migration *m,
		       const rt_test_file *tf, int queries, const char *what)
{
	section_run x;
	int error;

	memset(&x, 0, sizeof(x));
	x.t = t;
	x.tf = tf;
	x.sec = queries ? &tf->after : &tf->before;
	x.queries = queries;
	x.first_line = x.sec->line + 1;
	if (!x.sec->present)
		return 0;
	t->t0 = rt_time_ms();
	error = t->be->split(x.sec->sql, x.sec->len, run_statement, &x);
	if (error < 0) {
		if (test_interrupted ||
		    rt_error_last()->klass == RT_ERROR_NOMEMORY)
			return error;
		/* the splitter's own complaint (an unterminated quote) */
		x.bad_line = rt_error_last()->line
				 ? x.first_line + rt_error_last()->line - 1
				 : x.sec->line;
		x.bad = rt_arena_strdup(&t->arena, rt_error_last()->message);
		rt_error_clear();
	}
	if (x.bad)
		return rt_test_add(t, RT_TEST_FAIL, m, what, x.bad, x.bad_sql,
				   tf->path, x.bad_line);
	if (!queries)
		return 0;
	if (!x.nstatements)
		return rt_test_add(t, RT_TEST_FAIL, m, what,
				   "the after section holds no query", NULL,
				   tf->path, tf->after.line);
	return rt_test_addf(t, RT_TEST_PASS, m, what, "%zu quer%s true",
			    x.nstatements, x.nstatements == 1 ? "y" : "ies");
}

/* How the stairway runs migrations: lint is a check of its own, once
 * over the history; the repeatable migrations are checked on their own
 * once the head is reached (check_repeatables): applied at the head by
 * a step, they would outlive its down. */
static void run_options(const rt_tester *t, rt_run_options *ro)
{
	ro->allow_unsafe = 1;
	ro->lint_ignore = t->opts->lint_ignore;
	ro->nlint_ignore = t->opts->nlint_ignore;
	ro->no_repeatables = 1;
}

/*
 * Up to `m` (its pending ancestors too), or down by one (`m` must be the
 * last applied in order). An online migration's up is its expand phase
 * and then its contract (rt_online_complete): the stairway sees it as a
 * deployment that finished, whose down then runs as written.
 */
static int migrate(rt_tester *t, const rt_migration *m, rt_direction d)
{
	rt_run_options ro = RT_RUN_OPTIONS_INIT;
	int error;

	run_options(t, &ro);
	ro.target = d == RT_UP ? m->name : "-1";
	if (d == RT_DOWN)
		return rt_downgrade(t->db, t->dir, &ro);
	if ((error = rt_upgrade(t->db, t->dir, &ro)) < 0 || !m->online)
		return error;
	return rt_online_complete(t->db, t->dir, NULL);
}

/* Is the down of `m` left unchecked because --from applied a revision
 * that comes after it in order (downgrade -1 would revert that one)? */
static int applied_after(const rt_tester *t, const rt_migration *m)
{
	return t->has_from && t->from_top > m->order;
}

/* The down of `m`, its catalog against t->prev, and the up again. */
static int round_trip(rt_tester *t, rt_migration *m)
{
	rt_catalog *after = NULL;
	rt_buf sql = RT_BUF_INIT;
	size_t n;
	int error;

	if (!m->down.present) {
		t->downs_over = 1;
		return rt_test_add(t, RT_TEST_SKIP, m, "down",
				   "irreversible (no down section): the down "
				   "checks end here",
				   NULL, m->path, 0);
	}
	if (applied_after(t, m))
		return rt_test_add(t, RT_TEST_SKIP, m, "down",
				   "not checked: a revision applied before the "
				   "test (--from) comes after it",
				   NULL, m->path, 0);
	t->t0 = rt_time_ms();
	if (migrate(t, m, RT_DOWN) < 0) {
		if ((error = interrupted()) < 0 ||
		    (error = rt_test_fail_error(t, m, "down", NULL)) < 0)
			return error;
		/* a failed down that rolled back leaves m applied, as the
		 * next revision needs; one that stopped midway (no
		 * transactional DDL) leaves nothing to go on with */
		if (!(t->be->caps & RT_CAP_TRANSACTIONAL_DDL) ||
		    !m->down.transaction)
			t->stopped = 1;
		return 0;
	}
	if ((error = rt_test_add(t, RT_TEST_PASS, m, "down", NULL, NULL, NULL,
				 0)) < 0)
		return error;
	rt_buf_init(&sql);
	if ((error = rt_catalog_load(&after, t->db)) < 0 ||
	    (error = rt_diff_sql(&sql, &n, after, t->prev)) < 0 ||
	    (error = rt_buf_check(&sql)) < 0)
		goto done;
	if (!n) {
		error = rt_test_add(t, RT_TEST_PASS, m, "catalog after down",
				    "equals the catalog before the up", NULL,
				    NULL, 0);
	} else {
		char *msg = rt_arena_printf(
		    &t->arena,
		    "differs from the catalog before the up (%zu change%s): "
		    "the down lacks what follows",
		    n, n == 1 ? "" : "s");

		if (!msg || (error = rt_test_add(t, RT_TEST_FAIL, m,
						 "catalog after down", msg,
						 sql.ptr, m->path,
						 m->down.line)) < 0)
			goto done;
		/* put the catalog back to go on with the next revision */
		if (rt_db_exec(t->db, sql.ptr) < 0) {
			if ((error = interrupted()) < 0 ||
			    (error = rt_test_fail_error(
				 t, m, "up again",
				 "cannot restore the catalog to go on")) < 0)
				goto done;
			t->stopped = 1;
			goto done;
		}
	}
	t->t0 = rt_time_ms();
	if (migrate(t, m, RT_UP) < 0) {
		if ((error = interrupted()) < 0 ||
		    (error = rt_test_fail_error(t, m, "up again", NULL)) < 0)
			goto done;
		t->stopped = 1;
		goto done;
	}
	error = rt_test_add(t, RT_TEST_PASS, m, "up again", NULL, NULL, NULL,
			    0);
done:
	rt_catalog_free(after);
	rt_buf_release(&sql);
	return error;
}

static int step(rt_tester *t, rt_migration *m)
{
	const rt_test_file *tf = t->tests ? t->tests[m->order] : NULL;
	rt_catalog *cur = NULL;
	int error;

	if ((error = interrupted()) < 0)
		return error;
	if (tf && (error = run_section(t, m, tf, 0, "data before")) < 0)
		return error;
	t->t0 = rt_time_ms();
	if (migrate(t, m, RT_UP) < 0) {
		if ((error = interrupted()) < 0 ||
		    (error = rt_test_fail_error(t, m, "up", NULL)) < 0)
			return error;
		t->stopped = 1;
		return 0;
	}
	if ((error = rt_test_add(t, RT_TEST_PASS, m, "up", NULL, NULL, NULL,
				 0)) < 0 ||
	    (error = rt_catalog_load(&cur, t->db)) < 0)
		return error;
	if (tf && (error = run_section(t, m, tf, 1, "data after up")) < 0)
		goto done;
	if (!t->downs_over) {
		if ((error = round_trip(t, m)) < 0 || t->stopped)
			goto done;
		if (tf && !t->downs_over && !applied_after(t, m) &&
		    m->down.present &&
		    (error = run_section(t, m, tf, 1,
					 "data after round trip")) < 0)
			goto done;
	}
	t->rep->pub.ntested++;
done:
	rt_catalog_free(t->prev);
	t->prev = cur;
	return error;
}

/* --from: upgrade the scratch database to the revision, mark what
 * follows it as tested. */
static int start_from(rt_tester *t)
{
	rt_run_options ro = RT_RUN_OPTIONS_INIT;
	rt_target target;
	size_t i, n = 0;
	int error, online;

	if (!t->opts->from) {
		memset(t->tested, 1, t->dir->count);
		return 0;
	}
	if ((error = rt_target_resolve(&target, t->dir, t->opts->from)) < 0)
		return error;
	if (target.kind != RT_TARGET_REVISION &&
	    target.kind != RT_TARGET_HEAD)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "--from takes a revision, not '%s'",
				     t->opts->from);
	rt_graph_mark_ancestors(t->dir, target.rev, t->tested);
	for (i = 0; i < t->dir->count; i++) {
		if (t->tested[i]) {
			n++;
			t->from_top = i;
		}
		t->tested[i] = !t->tested[i];
	}
	t->has_from = 1;
	t->t0 = rt_time_ms();
	run_options(t, &ro);
	ro.target = target.rev->name;
	/* an online migration on the way is completed before the next
	 * (one is active at a time): then one revision at a time */
	for (i = 0, online = 0; i < t->dir->count; i++)
		online |= !t->tested[i] && t->dir->migrations[i]->online;
	for (i = 0, error = 0; online && i < t->dir->count && !error; i++)
		if (!t->tested[i])
			error = migrate(t, t->dir->migrations[i], RT_UP);
	if (error < 0 || (!online && rt_upgrade(t->db, t->dir, &ro) < 0)) {
		if ((error = interrupted()) < 0 ||
		    (error = rt_test_fail_error(t, target.rev, "from", NULL)) <
			0)
			return error;
		t->stopped = 1;
		return 0;
	}
	return rt_test_addf(t, RT_TEST_PASS, target.rev, "from",
			    "upgraded to it (%zu migration%s), testing what "
			    "follows",
			    n, n == 1 ? "" : "s");
}

/*
 * A squash beside the files it replaces is their alternative, not a step
 * after them (once they are applied it is too): the files go through the
 * stairway, and `retort squash` checked the squash against them when it
 * wrote it. Once the files are gone it is an ordinary root and a step.
 */
static int skip_squashes(rt_tester *t)
{
	size_t i;
	int error;

	for (i = 0; i < t->dir->count; i++) {
		rt_migration *m = t->dir->migrations[i];

		if (!m->squash_alt || !t->tested[i])
			continue;
		t->tested[i] = 0;
		if ((error = rt_test_addf(t, RT_TEST_SKIP, m, "up",
					  "a squash beside the %zu files it "
					  "replaces: they are tested",
					  m->nreplaces)) < 0)
			return error;
	}
	return 0;
}

static int stairway(rt_tester *t)
{
	size_t i;
	int error;

	if ((error = skip_squashes(t)) < 0 ||
	    (error = rt_catalog_load(&t->prev, t->db)) < 0)
		return error;
	for (i = 0; i < t->dir->count && !t->stopped; i++)
		if (t->tested[i] &&
		    (error = step(t, t->dir->migrations[i])) < 0)
			return error;
	return 0;
}

/* ---- 3. the repeatable migrations, the head and lint ----------------- */

/* Apply the repeatable migrations at the head: each of them (their rows
 * forgotten first when `again`). */
static int apply_repeatables(rt_tester *t, int again)
{
	rt_run_options ro = RT_RUN_OPTIONS_INIT;

	if (again && rt_db_exec(t->db, "DELETE FROM retort_migrations WHERE "
				       "revision LIKE 'R%'") < 0)
		return RT_ERROR;
	run_options(t, &ro);
	ro.no_repeatables = 0;
	return rt_upgrade(t->db, t->dir, &ro);
}

/*
 * After the stairway: the repeatable migrations apply over the head, in
 * their order, and apply again over their own objects (as every later
 * upgrade that changes one of them does) leaving the same catalog. The
 * head's catalog then includes what they make, for the schema check.
 */
static int check_repeatables(rt_tester *t)
{
	rt_catalog *once = NULL, *twice = NULL;
	rt_buf sql = RT_BUF_INIT;
	size_t n;
	int error;

	if (!t->dir->nrepeatables)
		return 0;
	if (t->stopped)
		return rt_test_add(t, RT_TEST_SKIP, NULL, "repeatable",
				   "the stairway stopped before the head", NULL,
				   NULL, 0);
	t->t0 = rt_time_ms();
	if (apply_repeatables(t, 0) < 0) {
		t->stopped = 1;
		return interrupted() < 0
			   ? RT_ERROR
			   : rt_test_fail_error(t, NULL, "repeatable", NULL);
	}
	if ((error = rt_catalog_load(&once, t->db)) < 0 ||
	    (error = rt_test_addf(t, RT_TEST_PASS, NULL, "repeatable",
				  "%zu applied at the head",
				  t->dir->nrepeatables)) < 0)
		goto done;
	t->t0 = rt_time_ms();
	if (apply_repeatables(t, 1) < 0) {
		t->stopped = 1;
		error = interrupted() < 0
			    ? RT_ERROR
			    : rt_test_fail_error(t, NULL, "repeatable again",
						 "does not run again over its "
						 "own objects");
		goto done;
	}
	rt_buf_init(&sql);
	if ((error = rt_catalog_load(&twice, t->db)) < 0 ||
	    (error = rt_diff_sql(&sql, &n, once, twice)) < 0)
		goto done;
	if (!n)
		error = rt_test_add(t, RT_TEST_PASS, NULL, "repeatable again",
				    "applied again over their own objects: "
				    "the same catalog",
				    NULL, NULL, 0);
	else
		error = rt_test_add(
		    t, RT_TEST_FAIL, NULL, "repeatable again",
		    rt_arena_printf(&t->arena,
				    "applied again, the catalog differs (%zu "
				    "change%s)",
				    n, n == 1 ? "" : "s"),
		    sql.ptr, NULL, 0);
	if (error >= 0) {
		rt_catalog_free(t->prev);
		t->prev = twice;
		twice = NULL;
	}
done:
	rt_buf_release(&sql);
	rt_catalog_free(once);
	rt_catalog_free(twice);
	return error;
}

static int check_schema(rt_tester *t)
{
	const char *src = t->opts->schema_source;
	rt_catalog *want = NULL;
	rt_buf sql = RT_BUF_INIT;
	size_t n;
	int error;

	if (!src)
		return 0;
	if (!strncmp(src, "file://", 7) && !rt_fs_exists(src + 7))
		return rt_test_addf(t, RT_TEST_SKIP, NULL, "schema",
				    "no schema file '%s' to compare the head "
				    "with",
				    src + 7);
	if (t->stopped)
		return rt_test_add(t, RT_TEST_SKIP, NULL, "schema",
				   "the stairway stopped before the head", NULL,
				   NULL, 0);
	t->t0 = rt_time_ms();
	if (rt_catalog_load_source_in(&want, src, t->be->name,
				      t->opts->scratch_url,
				      t->opts->schema_name) < 0)
		/* interrupted: the error says so and the run stops */
		return test_interrupted || rt_catalog_interrupted()
			   ? RT_ERROR
			   : rt_test_fail_error(t, NULL, "schema", NULL);
	rt_buf_init(&sql);
	if ((error = rt_diff_sql(&sql, &n, t->prev, want)) < 0 ||
	    (error = rt_buf_check(&sql)) < 0)
		goto done;
	if (!n)
		error = rt_test_addf(t, RT_TEST_PASS, NULL, "schema",
				     "the head equals '%s'", src);
	else
		error = rt_test_add(
		    t, RT_TEST_FAIL, NULL, "schema",
		    rt_arena_printf(&t->arena,
				    "the head differs from '%s' (%zu change%s): "
				    "the migrations lack what follows",
				    src, n, n == 1 ? "" : "s"),
		    sql.ptr, NULL, 0);
done:
	rt_buf_release(&sql);
	rt_catalog_free(want);
	return error;
}

static int check_lint(rt_tester *t)
{
	rt_lint_options lo = RT_LINT_OPTIONS_INIT;
	rt_lint_report *rep = NULL;
	rt_migration **migs;
	rt_buf out = RT_BUF_INIT;
	size_t i, n = 0;
	int error;

	if (!(migs = rt_arena_array(&t->arena, t->dir->count + 1,
				    sizeof(*migs))))
		return RT_ERROR;
	for (i = 0; i < t->dir->count; i++)
		if (t->tested[i])
			migs[n++] = t->dir->migrations[i];
	if (!n)
		return 0;
	t->t0 = rt_time_ms();
	/* as upgrade would lint them, run together from the start of the
	 * test on a database whose older tables are in use */
	lo.dialect = t->be->name;
	lo.same_run = 1;
	lo.ignore = t->opts->lint_ignore;
	lo.nignore = t->opts->nlint_ignore;
	if ((error = rt_lint_migrations(&rep, t->dir, migs, n, &lo)) < 0)
		return error;
	rt_buf_init(&out);
	if (rep->nerrors &&
	    (error = rt_lint_format_report(&out, rep, RT_LINT_FORMAT_TEXT,
					   RT_LINT_OUT_BRIEF)) < 0)
		goto done;
	if ((error = rt_buf_check(&out)) < 0)
		goto done;
	if (rep->nerrors)
		error = rt_test_add(
		    t, RT_TEST_FAIL, NULL, "lint",
		    rt_arena_printf(&t->arena,
				    "%zu error%s, %zu warning%s in %zu "
				    "migration%s",
				    rep->nerrors, rep->nerrors == 1 ? "" : "s",
				    rep->nwarnings,
				    rep->nwarnings == 1 ? "" : "s", n,
				    n == 1 ? "" : "s"),
		    out.ptr, NULL, 0);
	else
		error = rt_test_addf(t, RT_TEST_PASS, NULL, "lint",
				     "no error, %zu warning%s in %zu "
				     "migration%s",
				     rep->nwarnings,
				     rep->nwarnings == 1 ? "" : "s", n,
				     n == 1 ? "" : "s");
done:
	rt_buf_release(&out);
	rt_lint_report_free(rep);
	return error;
}

/* ---- the run ---------------------------------------------------------- */

int rt_test_run(rt_test_report **out, const char *dirpath,
		const rt_test_options *opts)
{
	static const rt_test_options none = RT_TEST_OPTIONS_INIT;
	struct rt_test_report_private *rep;
	int64_t start = rt_time_ms();
	rt_tester t;
	char *src = NULL;
	int error;

	*out = NULL;
	if (!opts)
		opts = &none;
	test_interrupted = 0;
	if ((error = rt_test_report_new(&rep)) < 0)
		return error;
	*out = &rep->pub;
	memset(&t, 0, sizeof(t));
	rt_arena_init(&t.arena);
	t.rep = rep;
	t.opts = opts;
	t.t0 = start;
	t.be = opts->dialect ? rt_backend_named(opts->dialect)
			     : rt_backend_default();
	if (!t.be) {
		error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				      "no engine named '%s' is built into "
				      "this retort",
				      opts->dialect);
		goto done;
	}
	if (rt_dir_load(&t.dir, dirpath) < 0) {
		if (rt_error_last()->klass == RT_ERROR_NOMEMORY ||
		    rt_error_last()->klass == RT_ERROR_OS) {
			error = RT_ERROR;
			goto done;
		}
		error = rt_test_fail_error(
		    &t, NULL,
		    rt_error_last()->klass == RT_ERROR_GRAPH ? "graph"
							     : "parse",
		    NULL);
		goto done;
	}
	rep->pub.nmigrations = t.dir->count;
	if (!(t.tested = rt_arena_alloc(&t.arena, t.dir->count + 1))) {
		error = RT_ERROR;
		goto done;
	}
	if ((error = check_parse(&t)) < 0 || t.stopped ||
	    (error = check_graph(&t)) < 0 ||
	    (error = check_checksums(&t)) < 0 || (error = load_tests(&t)) < 0)
		goto done;

	if (!(src = rt_arena_printf(&t.arena, "dir://%s", dirpath))) {
		error = RT_ERROR;
		goto done;
	}
	error = t.be->catalog->scratch_open(&t.scratch, opts->scratch_url, src,
					    opts->schema_name);
	t.db = t.scratch.db;
	atomic_store(&test_active, t.db);
	if (error < 0 || (error = interrupted()) < 0 ||
	    (error = start_from(&t)) < 0 || (error = stairway(&t)) < 0 ||
	    (error = check_repeatables(&t)) < 0 ||
	    (error = check_schema(&t)) < 0 || (error = check_lint(&t)) < 0)
		goto done;
done:
	atomic_store(&test_active, NULL);
	if (t.be)
		t.be->catalog->scratch_drop(&t.scratch);
	if (error < 0 && test_interrupted)
		rt_error_detail("interrupted by a signal; the scratch database "
				"was dropped");
	rt_catalog_free(t.prev);
	rt_dir_free(t.dir);
	rt_arena_release(&t.arena);
	rep->pub.duration_ms = rt_time_ms() - start;
	return error;
}
