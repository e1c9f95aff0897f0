/*
 * test_diff.c: the diff engine: change ordering (dependencies first when
 * creating, last when dropping, name order otherwise, cycles broken),
 * rename decisions and candidates, rebuild lowering, and the public
 * rt_schema_diff both ways.
 */
#include "test.h"
#include "diff/diff.h"
#include "migration/migration.h"

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

/* The changes of from -> to as "kind name" items, one a line. */
static char *summary(const char *from_sql, const char *to_sql,
		     const rt_rename *renames, size_t n)
{
	rt_catalog *from = load(from_sql), *to = load(to_sql);
	rt_diff_options o = {renames, n, 0};
	rt_changes *ch = NULL;
	rt_buf b = RT_BUF_INIT;
	size_t i;

	rt_buf_init(&b);
	if (rt_diff_catalogs(&ch, from, to, &o) != 0)
		fail_msg("%s", rt_error_last()->message);
	for (i = 0; i < ch->n; i++) {
		const rt_change *c = &ch->items[i];
		const rt_obj *obj = c->to ? c->to : c->from;
		static const char *const kinds[] = {
		    "create",	     "drop",	     "replace",
		    "add-column",    "drop-column",  "alter-column",
		    "rename-column", "rename-table", "rebuild",
		    "enum-add",	     "comment"};

		rt_buf_printf(&b, "%s %s", kinds[c->kind], obj->name);
		if (c->column_to || c->column_from)
			rt_buf_printf(&b, ".%s",
				      c->column_to ? c->column_to->name
						   : c->column_from->name);
		rt_buf_putc(&b, '\n');
	}
	rt_changes_free(ch);
	rt_catalog_free(from);
	rt_catalog_free(to);
	return rt_buf_detach(&b);
}

static void expect(const char *from, const char *to, const char *want)
{
	char *got = summary(from, to, NULL, 0);

	assert_string_equal(got, want);
	free(got);
}

static void test_diff_order_creates_dependencies_first(void **state)
{
	(void)state;
	/* names alone would put a_child before z_parent, a_view first */
	expect("",
	       "CREATE TABLE z_parent (id INTEGER PRIMARY KEY);"
	       "CREATE TABLE a_child (id INTEGER PRIMARY KEY,"
	       " p INTEGER REFERENCES z_parent (id));"
	       "CREATE VIEW b_view AS SELECT id FROM z_parent;"
	       "CREATE VIEW a_view AS SELECT id FROM b_view;"
	       "CREATE INDEX a_idx ON a_child (p);"
	       "CREATE TRIGGER a_trg AFTER INSERT ON a_child BEGIN"
	       " SELECT 1; END;",
	       "create z_parent\n"
	       "create a_child\n"
	       "create a_idx\n"
	       "create b_view\n"
	       "create a_view\n"
	       "create a_trg\n");
}

static void test_diff_order_drops_dependants_first(void **state)
{
	(void)state;
	expect("CREATE TABLE z_parent (id INTEGER PRIMARY KEY);"
	       "CREATE TABLE a_child (id INTEGER PRIMARY KEY,"
	       " p INTEGER REFERENCES z_parent (id));"
	       "CREATE VIEW b_view AS SELECT id FROM z_parent;"
	       "CREATE VIEW a_view AS SELECT id FROM b_view;"
	       "CREATE INDEX a_idx ON a_child (p);",
	       "",
	       /* the index goes with its table */
	       "drop a_view\n"
	       "drop b_view\n"
	       "drop a_child\n"
	       "drop z_parent\n");
}

static void test_diff_order_cycle_and_determinism(void **state)
{
	const char *to = "CREATE TABLE b (id INTEGER PRIMARY KEY,"
			 " a_id INTEGER REFERENCES a (id));"
			 "CREATE TABLE a (id INTEGER PRIMARY KEY,"
			 " b_id INTEGER REFERENCES b (id));";
	char *one, *two;

	(void)state;
	/* a loop of inline foreign keys: the first by name goes first */
	expect("", to, "create a\ncreate b\n");
	one = summary("CREATE TABLE x (y);", to, NULL, 0);
	two = summary("CREATE TABLE x (y);", to, NULL, 0);
	assert_string_equal(one, two);
	free(one);
	free(two);
}

static void test_diff_alter_in_place_or_rebuild(void **state)
{
	(void)state;
	/* ADD COLUMN at the end, DROP COLUMN of a plain column */
	expect("CREATE TABLE t (a INTEGER, b TEXT);",
	       "CREATE TABLE t (a INTEGER, c TEXT DEFAULT 'x');",
	       "drop-column t.b\nadd-column t.c\n");
	/* a type change, a column in the middle, a new constraint:
	 * rebuilt, each once */
	expect("CREATE TABLE t (a INTEGER, b TEXT);",
	       "CREATE TABLE t (a TEXT, b TEXT);", "rebuild t\n");
	expect("CREATE TABLE t (a INTEGER, b TEXT);",
	       "CREATE TABLE t (a INTEGER, x TEXT, b TEXT);", "rebuild t\n");
	expect("CREATE TABLE t (a INTEGER, b TEXT);",
	       "CREATE TABLE t (a INTEGER, b TEXT, CHECK (a > 0));",
	       "rebuild t\n");
	/* equal however written */
	expect("CREATE TABLE t (a INTEGER NOT NULL, \"B\" text);"
	       "CREATE INDEX i ON t(a);",
	       "create table T (A integer not null, b TEXT); "
	       "create index I on t (\"a\");",
	       "");
}

static void test_diff_rebuild_takes_views_along(void **state)
{
	(void)state;
	expect("CREATE TABLE t (a INTEGER, b TEXT);"
	       "CREATE INDEX t_b ON t (b);"
	       "CREATE VIEW v AS SELECT b FROM t;"
	       "CREATE VIEW w AS SELECT b FROM v;"
	       "CREATE TABLE u (x);"
	       "CREATE TRIGGER u_t AFTER INSERT ON u BEGIN"
	       " DELETE FROM t; END;",
	       "CREATE TABLE t (a TEXT, b TEXT);"
	       "CREATE INDEX t_b ON t (b);"
	       "CREATE VIEW v AS SELECT b FROM t;"
	       "CREATE VIEW w AS SELECT b FROM v;"
	       "CREATE TABLE u (x);"
	       "CREATE TRIGGER u_t AFTER INSERT ON u BEGIN"
	       " DELETE FROM t; END;",
	       /* the rebuild makes t_b itself */
	       "drop u_t\ndrop w\ndrop v\nrebuild t\ncreate v\ncreate w\n"
	       "create u_t\n");
}

static void test_diff_renames(void **state)
{
	rt_rename col = {"t", "a", "b"}, tab = {NULL, "t", "u"};
	rt_rename both[2] = {{NULL, "t", "u"}, {"u", "a", "b"}};
	char *got;

	(void)state;
	got = summary("CREATE TABLE t (a INTEGER, c TEXT);"
		      "CREATE INDEX t_a ON t (a);",
		      "CREATE TABLE t (b INTEGER, c TEXT);"
		      "CREATE INDEX t_a ON t (b);",
		      &col, 1);
	/* the index follows the column: SQLite rewrites it */
	assert_string_equal(got, "rename-column t.b\n");
	free(got);
	got = summary("CREATE TABLE t (a INTEGER);",
		      "CREATE TABLE u (a INTEGER);", &tab, 1);
	assert_string_equal(got, "rename-table u\n");
	free(got);
	got = summary("CREATE TABLE t (a INTEGER);",
		      "CREATE TABLE u (b INTEGER);", both, 2);
	assert_string_equal(got, "rename-table u\nrename-column u.b\n");
	free(got);
	/* a rename and a type change: one rebuild, the copy maps it */
	got = summary("CREATE TABLE t (a INTEGER, c TEXT);",
		      "CREATE TABLE t (b REAL, c TEXT);", &col, 1);
	assert_string_equal(got, "rebuild t\n");
	free(got);
}

static void test_diff_rename_candidates_and_errors(void **state)
{
	rt_catalog *from = load("CREATE TABLE t (a INTEGER, old TEXT);"
				"CREATE TABLE gone (x INTEGER);");
	rt_catalog *to = load("CREATE TABLE t (a INTEGER, new TEXT);"
			      "CREATE TABLE fresh (x INTEGER);");
	rt_changes *ch = NULL;
	rt_rename bad = {"t", "nosuch", "new"};
	rt_diff_options o = {&bad, 1, 0};
	size_t i, ncol = 0, ntab = 0;

	(void)state;
	assert_int_equal(rt_diff_catalogs(&ch, from, to, NULL), 0);
	/* never silently: drop + add, the pair reported */
	assert_int_equal(ch->ncandidates, 2);
	for (i = 0; i < ch->ncandidates; i++) {
		const rt_change *c = &ch->rename_candidates[i];

		if (c->kind == RT_CHANGE_RENAME_COLUMN) {
			ncol++;
			assert_string_equal(c->column_from->name, "old");
			assert_string_equal(c->column_to->name, "new");
		} else {
			ntab++;
			assert_string_equal(c->from->name, "gone");
			assert_string_equal(c->to->name, "fresh");
		}
	}
	assert_int_equal(ncol, 1);
	assert_int_equal(ntab, 1);
	for (i = 0; i < ch->n; i++)
		if (ch->items[i].kind == RT_CHANGE_DROP_COLUMN ||
		    ch->items[i].kind == RT_CHANGE_DROP)
			assert_true(ch->items[i].data_loss);
	rt_changes_free(ch);
	assert_int_equal(rt_diff_catalogs(&ch, from, to, &o), RT_EUSAGE);
	assert_error_contains("cannot rename column 't.nosuch'");
	rt_catalog_free(from);
	rt_catalog_free(to);
}

static void test_diff_rename_parse(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_rename r;

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(rt_rename_parse(&r, &a, "cat.name=title"), 0);
	assert_string_equal(r.table, "cat");
	assert_string_equal(r.from, "name");
	assert_string_equal(r.to, "title");
	assert_int_equal(rt_rename_parse(&r, &a, "cat=feline"), 0);
	assert_null(r.table);
	assert_string_equal(r.to, "feline");
	assert_int_equal(rt_rename_parse(&r, &a, "\"a.b\".\"x\"\"y\"=\"z w\""),
			 0);
	assert_string_equal(r.table, "a.b");
	assert_string_equal(r.from, "x\"y");
	assert_string_equal(r.to, "z w");
	assert_int_equal(rt_rename_parse(&r, &a, "cat.name"), RT_EUSAGE);
	assert_int_equal(rt_rename_parse(&r, &a, "=x"), RT_EUSAGE);
	assert_int_equal(rt_rename_parse(&r, &a, "a.=x"), RT_EUSAGE);
	rt_arena_release(&a);
}

/* The recorded decision in a migration file: checked where it is. */
static void test_diff_rename_directive(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m = NULL;
	const char *ok = "-- retort:rename cat.name=title \"My T\".\"a b\"=c "
			 "old=new\n-- retort:up\nSELECT 1;\n";
	const char *bad = "-- retort:up\nSELECT 1;\n-- retort:rename cat.name\n";

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(rt_migration_parse(&m, &a, "m/x.sql",
					    "20260101000000_x", ok, strlen(ok)),
			 0);
	assert_int_equal(rt_migration_parse(&m, &a, "m/x.sql",
					    "20260101000000_x", bad,
					    strlen(bad)),
			 RT_ERROR);
	assert_error_contains("malformed 'retort:rename' 'cat.name'");
	assert_int_equal(rt_error_last()->line, 3);
	rt_arena_release(&a);
}

static void test_diff_schema_both_ways(void **state)
{
	char *d = test_tmpdir(), a[600], b[600];
	rt_schema *from = NULL, *to = NULL;
	rt_schema_changes *ch = NULL;
	const char *renames[] = {"cat.name=title"};
	rt_schema_diff_options o = {.renames = renames, .nrenames = 1};

	(void)state;
	test_write(d, "a.sql",
		   "CREATE TABLE cat (id INTEGER PRIMARY KEY,"
		   " name TEXT, color TEXT);");
	test_write(d, "b.sql",
		   "CREATE TABLE cat (id INTEGER PRIMARY KEY,"
		   " title TEXT);");
	snprintf(a, sizeof(a), "file://%s/a.sql", d);
	snprintf(b, sizeof(b), "file://%s/b.sql", d);
	assert_int_equal(rt_schema_load(&from, a, NULL), 0);
	assert_int_equal(rt_schema_load(&to, b, NULL), 0);
	assert_int_equal(rt_schema_diff(&ch, from, to, &o), 0);
	assert_int_equal(ch->count, 2);
	assert_string_equal(ch->up_sql,
			    "ALTER TABLE \"cat\" RENAME COLUMN \"name\" TO "
			    "\"title\";\n"
			    "-- data loss: drops column \"cat\".\"color\"\n"
			    "ALTER TABLE \"cat\" DROP COLUMN \"color\";\n");
	assert_string_equal(ch->down_sql,
			    "ALTER TABLE \"cat\" RENAME COLUMN \"title\" TO "
			    "\"name\";\n"
			    "ALTER TABLE \"cat\" ADD COLUMN color TEXT;\n");
	assert_int_equal(ch->ndata_loss, 1);
	assert_string_equal(ch->data_loss[0], "drops column 'cat.color'");
	assert_int_equal(ch->nrenames, 1);
	assert_string_equal(ch->renames[0], "cat.name=title");
	assert_int_equal(ch->ncandidates, 0);
	rt_schema_changes_free(ch);
	/* equal: nothing at all */
	assert_int_equal(rt_schema_diff(&ch, to, to, NULL), 0);
	assert_int_equal(ch->count, 0);
	assert_string_equal(ch->up_sql, "");
	rt_schema_changes_free(ch);
	rt_schema_free(from);
	rt_schema_free(to);
	test_rmtree(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_order_creates_dependencies_first),
		cmocka_unit_test(test_diff_order_drops_dependants_first),
		cmocka_unit_test(test_diff_order_cycle_and_determinism),
		cmocka_unit_test(test_diff_alter_in_place_or_rebuild),
		cmocka_unit_test(test_diff_rebuild_takes_views_along),
		cmocka_unit_test(test_diff_renames),
		cmocka_unit_test(test_diff_rename_candidates_and_errors),
		cmocka_unit_test(test_diff_rename_parse),
		cmocka_unit_test(test_diff_rename_directive),
		cmocka_unit_test(test_diff_schema_both_ways),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
