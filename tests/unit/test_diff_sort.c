/*
 * test_diff_sort.c: the diff's ordering (diff_sort.c) where the changes
 * depend on each other in a loop: the named repairs (inline foreign keys
 * between new tables, a default calling a function that reads its
 * table), the phases kept around a loop, and the internal error for a
 * loop no repair knows.
 */
#include "diff/diff.h"
#include "test.h"

static rt_catalog *load(const char *sql)
{
	rt_db *db = NULL;
	rt_catalog *cat = NULL;

	assert_int_equal(rt_db_open(&db, "sqlite::memory:", NULL), 0);
	if (*sql && rt_db_exec(db, sql) != 0)
		fail_msg("%s", rt_error_last()->message);
	if (rt_catalog_load(&cat, db) != 0)
		fail_msg("%s", rt_error_last()->message);
	rt_db_close(db);
	return cat;
}

/* The changes as "kind name[.column]" lines. */
static char *summary_of(const rt_changes *ch)
{
	static const char *const kinds[] = {
	    "create",	   "drop",	   "replace",	    "add-column",
	    "drop-column", "alter-column", "rename-column", "rename-table",
	    "rebuild",	   "enum-add",	   "comment"};
	rt_buf b = RT_BUF_INIT;
	size_t i;

	rt_buf_init(&b);
	for (i = 0; i < ch->n; i++) {
		const rt_change *c = &ch->items[i];
		const rt_obj *o = c->to ? c->to : c->from;
		const rt_column *col =
		    c->column_to ? c->column_to : c->column_from;

		assert_true((size_t)c->kind < RT_ARRAY_SIZE(kinds));
		rt_buf_printf(&b, "%s %s%s%s\n", kinds[c->kind], o->name,
			      col ? "." : "", col ? col->name : "");
	}
	return rt_buf_detach(&b);
}

static void expect_sqlite(const char *from_sql, const char *to_sql,
			  const char *want)
{
	rt_catalog *from = load(from_sql), *to = load(to_sql);
	rt_changes *ch = NULL;
	char *got;

	if (rt_diff_catalogs(&ch, from, to, NULL) != 0)
		fail_msg("%s", rt_error_last()->message);
	got = summary_of(ch);
	assert_string_equal(got, want);
	free(got);
	rt_changes_free(ch);
	rt_catalog_free(from);
	rt_catalog_free(to);
}

static const char loop3[] =
    "CREATE TABLE a (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c (id));"
    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));"
    "CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id));"
    "CREATE INDEX a_c ON a (c_id);"
    "CREATE VIEW v AS SELECT * FROM a;";

static void test_diff_sort_inline_fk_loop(void **state)
{
	(void)state;
	/* a loop of three: the table first by name goes first, its
	 * reference pointing ahead; the rest follow the references, and
	 * the index and view of the next phase wait for every table */
	expect_sqlite("CREATE TABLE k (x);", loop3,
		      "drop k\ncreate a\ncreate b\ncreate c\ncreate a_c\n"
		      "create v\n");
	/* dropping: the view first (the index goes with its table), then
	 * the table first by name, the others dependants first */
	expect_sqlite(loop3, "CREATE TABLE k (x);",
		      "drop v\ndrop a\ndrop c\ndrop b\ncreate k\n");
}

/* ---- PostgreSQL catalogs by hand, as catalog_postgres.c builds them --- */

static rt_catalog *pg_new(void)
{
	rt_catalog *c = NULL;

	assert_int_equal(rt_catalog_new(&c, "postgres"), 0);
	return c;
}

static rt_obj *pg_obj(rt_catalog *c, rt_obj_kind kind, size_t size,
		      const char *name, const char *def)
{
	rt_obj *o = rt_catalog_add(c, kind, size);

	assert_non_null(o);
	o->schema = "public";
	o->name = name;
	o->qname = rt_arena_printf(&c->arena, "public.%s", name);
	o->definition = def;
	o->canonical = def;
	return o;
}

/* Table t (id integer, n bigint DEFAULT public.count_t()) and function
 * count_t(), whose BEGIN ATOMIC body reads t: each depends on the other
 * (pg_depend). With `view`, a view over t too. */
static rt_catalog *pg_default_loop(int view)
{
	rt_catalog *c = pg_new();
	rt_table *t =
	    (rt_table *)pg_obj(c, RT_OBJ_TABLE, sizeof(rt_table), "t", NULL);
	rt_function *f = (rt_function *)pg_obj(
	    c, RT_OBJ_FUNCTION, sizeof(rt_function), "count_t()",
	    "CREATE OR REPLACE FUNCTION public.count_t() RETURNS bigint "
	    "LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM public.t; END");

	f->result = "bigint";
	f->argdecl = "";
	f->prokind = 'f';
	t->columns = rt_arena_array(&c->arena, 3, sizeof(rt_column));
	t->ncolumns = 2;
	t->columns[0] = (rt_column){.name = "id",
				    .qname = "id",
				    .type = "integer",
				    .position = 1,
				    .attnum = 1};
	t->columns[1] = (rt_column){.name = "n",
				    .qname = "n",
				    .type = "bigint",
				    .position = 2,
				    .attnum = 2,
				    .default_expr = "public.count_t()"};
	assert_int_equal(rt_obj_add_dep(c, &t->obj, &f->obj), 0);
	assert_int_equal(rt_obj_add_dep(c, &f->obj, &t->obj), 0);
	if (view) {
		rt_obj *v = pg_obj(c, RT_OBJ_VIEW, sizeof(rt_table), "v",
				   " SELECT t.id FROM public.t;");

		assert_int_equal(rt_obj_add_dep(c, v, &t->obj), 0);
	}
	assert_int_equal(rt_catalog_finish(c), 0);
	return c;
}

static rt_catalog *pg_empty(void)
{
	rt_catalog *c = pg_new();

	assert_int_equal(rt_catalog_finish(c), 0);
	return c;
}

static void expect_pg(rt_catalog *from, rt_catalog *to, const char *want,
		      const char **sql_order)
{
	rt_changes *ch = NULL;
	rt_buf b = RT_BUF_INIT;
	const char *at, *prev = NULL;
	char *got;

	rt_buf_init(&b);
	if (rt_diff_catalogs(&ch, from, to, NULL) != 0 ||
	    rt_render_changes(&b, ch, from, to, NULL) != 0)
		fail_msg("%s", rt_error_last()->message);
	got = summary_of(ch);
	assert_string_equal(got, want);
	/* the SQL holds these, in this order */
	for (; *sql_order; sql_order++) {
		at = strstr(rt_buf_cstr(&b), *sql_order);
		if (!at || (prev && at < prev))
			fail_msg("'%s' missing or out of order in:\n%s",
				 *sql_order, rt_buf_cstr(&b));
		prev = at;
	}
	free(got);
	rt_buf_release(&b);
	rt_changes_free(ch);
	rt_catalog_free(from);
	rt_catalog_free(to);
}

static void test_diff_sort_table_default_loop(void **state)
{
	static const char *up[] = {
	    "CREATE TABLE public.t (\n    id integer,\n    n bigint\n);",
	    "FUNCTION public.count_t()",
	    "ALTER TABLE public.t ALTER COLUMN n SET DEFAULT "
	    "public.count_t();",
	    NULL};
	static const char *down[] = {
	    "ALTER TABLE public.t ALTER COLUMN n DROP DEFAULT;",
	    "DROP FUNCTION public.count_t();", "DROP TABLE public.t;", NULL};

	(void)state;
	/* the table without its default, the function, then the default;
	 * the view of the next phase after all three */
	expect_pg(pg_empty(), pg_default_loop(1),
		  "create t\ncreate count_t()\nalter-column t.n\ncreate v\n",
		  up);
	/* the default goes first, then the function, then the table */
	expect_pg(pg_default_loop(0), pg_empty(),
		  "alter-column t.n\ndrop count_t()\ndrop t\n", down);
}

static void test_diff_sort_unknown_loop_is_internal_error(void **state)
{
	rt_catalog *from = pg_empty(), *to = pg_new();
	rt_obj *v = pg_obj(to, RT_OBJ_VIEW, sizeof(rt_table), "v", "SELECT 1");
	rt_obj *w = pg_obj(to, RT_OBJ_VIEW, sizeof(rt_table), "w", "SELECT 2");
	rt_changes *ch = NULL;
	const rt_error *e;

	(void)state;
	/* no engine makes two views that read each other: no repair
	 * knows the loop, and the error names every change in it */
	assert_int_equal(rt_obj_add_dep(to, v, w), 0);
	assert_int_equal(rt_obj_add_dep(to, w, v), 0);
	assert_int_equal(rt_catalog_finish(to), 0);
	assert_true(rt_diff_catalogs(&ch, from, to, NULL) < 0);
	assert_null(ch);
	e = rt_error_last();
	assert_int_equal(e->klass, RT_ERROR_INTERNAL);
	assert_non_null(strstr(e->message, "loop no repair knows"));
	assert_non_null(e->detail);
	assert_string_equal(e->detail, "create view 'public.v' -> create view "
				       "'public.w' -> create view 'public.v'");
	rt_catalog_free(from);
	rt_catalog_free(to);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_diff_sort_inline_fk_loop),
	    cmocka_unit_test(test_diff_sort_table_default_loop),
	    cmocka_unit_test(test_diff_sort_unknown_loop_is_internal_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
