/*
 * test_catalog.c: the catalog model and SQLite introspection: what each
 * object kind loads as, what is left out, the canonical form that makes
 * two spellings equal, and the schema sources.
 */
#include "test.h"
#include "catalog/catalog.h"

/* A catalog of `sql` loaded into an in-memory SQLite database. */
static rt_catalog *load(const char *sql)
{
	rt_db *db = NULL;
	rt_catalog *cat = NULL;

	assert_int_equal(rt_db_open(&db, "sqlite::memory:", NULL), 0);
	if (rt_db_exec(db, sql) != 0)
		fail_msg("%s", rt_error_last()->message);
	if (rt_catalog_load(&cat, db) != 0)
		fail_msg("%s", rt_error_last()->message);
	rt_db_close(db);
	return cat;
}

static const rt_table *table(const rt_catalog *cat, const char *name)
{
	const rt_obj *o = rt_catalog_find(cat, RT_OBJ_TABLE, NULL, NULL, name);

	assert_non_null(o);
	return (const rt_table *)o;
}

static size_t count(const rt_catalog *cat, rt_obj_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < cat->nobjs; i++)
		n += cat->objs[i]->kind == kind;
	return n;
}

static int depends(const rt_obj *o, const rt_obj *dep)
{
	size_t i;

	for (i = 0; i < o->ndeps; i++)
		if (o->deps[i] == dep)
			return 1;
	return 0;
}

static void test_catalog_sqlite_columns(void **state)
{
	rt_catalog *cat;
	const rt_table *t;
	const rt_column *c;

	(void)state;
	cat = load("CREATE TABLE cat (id INTEGER PRIMARY KEY, "
		   "name text NOT NULL COLLATE NOCASE, "
		   "age int DEFAULT (1 + 2) CHECK (age >= 0), "
		   "chip TEXT UNIQUE, "
		   "months INTEGER GENERATED ALWAYS AS (age * 12) STORED, "
		   "loud AS (upper(name)))");
	t = table(cat, "cat");
	assert_int_equal(t->ncolumns, 6);
	assert_string_equal(t->columns[0].name, "id");
	assert_int_equal(t->columns[0].pk, 1);
	c = rt_table_column(t, "NAME", 1);
	assert_non_null(c);
	assert_int_equal(c->not_null, 1);
	assert_string_equal(c->collation, "nocase");
	assert_string_equal(c->type, "text");
	c = rt_table_column(t, "age", 0);
	assert_string_equal(c->default_expr, "1 + 2");
	assert_non_null(strstr(c->canonical, "check ( age >= 0 )"));
	assert_int_equal(rt_table_column(t, "chip", 0)->unique, 1);
	c = rt_table_column(t, "months", 0);
	assert_string_equal(c->generated, "age * 12");
	assert_int_equal(c->generated_stored, 1);
	c = rt_table_column(t, "loud", 0);
	assert_string_equal(c->generated, "upper ( name )");
	assert_int_equal(c->generated_stored, 0);
	assert_int_equal(c->position, 6);
	assert_string_equal(c->definition, "loud AS (upper(name))");
	rt_catalog_free(cat);
}

static void test_catalog_sqlite_objects(void **state)
{
	rt_catalog *cat;
	const rt_obj *o, *owner, *cat_t, *v;
	const rt_index *ix;

	(void)state;
	cat = load(
	    "CREATE TABLE owner (id INTEGER PRIMARY KEY, email TEXT);"
	    "CREATE TABLE cat (id INTEGER PRIMARY KEY AUTOINCREMENT,"
	    " owner_id INTEGER REFERENCES owner (id) ON DELETE CASCADE"
	    " DEFERRABLE INITIALLY DEFERRED, name TEXT,"
	    " CONSTRAINT name_ok CHECK (name <> ''), UNIQUE (owner_id, name))"
	    " ;"
	    "CREATE INDEX cat_lower ON cat (lower(name));"
	    "CREATE UNIQUE INDEX cat_owner ON cat (owner_id, name)"
	    " WHERE owner_id IS NOT NULL;"
	    "CREATE VIEW named AS SELECT name FROM cat;"
	    "CREATE VIEW named2 AS SELECT * FROM named;"
	    "CREATE TRIGGER cat_ins AFTER INSERT ON cat BEGIN"
	    " UPDATE owner SET email = email; END;"
	    "CREATE VIRTUAL TABLE notes USING fts5 (body);"
	    "CREATE TABLE retort_migrations (revision TEXT);"
	    "CREATE TABLE retort_log (id INTEGER PRIMARY KEY);"
	    "INSERT INTO cat (name) VALUES ('x');");
	/* owner, cat, notes: not the fts5 shadow tables, sqlite_sequence,
	 * or retort's own */
	assert_int_equal(count(cat, RT_OBJ_TABLE), 3);
	assert_null(rt_catalog_find(cat, RT_OBJ_TABLE, NULL, NULL,
				    "retort_migrations"));
	assert_null(
	    rt_catalog_find(cat, RT_OBJ_TABLE, NULL, NULL, "notes_data"));
	assert_int_equal(table(cat, "notes")->is_virtual, 1);
	/* explicit indexes only: autoindexes belong to the table text */
	assert_int_equal(count(cat, RT_OBJ_INDEX), 2);
	ix = (const rt_index *)rt_catalog_find(cat, RT_OBJ_INDEX, NULL, "cat",
					       "cat_owner");
	assert_non_null(ix);
	assert_int_equal(ix->unique, 1);
	assert_int_equal(ix->partial, 1);
	assert_int_equal(ix->ncolumns, 2);
	assert_string_equal(ix->columns[1], "name");
	ix = (const rt_index *)rt_catalog_find(cat, RT_OBJ_INDEX, NULL, "cat",
					       "cat_lower");
	assert_int_equal(ix->ncolumns, 1);
	assert_null(ix->columns[0]); /* an expression */
	/* the foreign key, its actions and what the pragma does not say */
	o = rt_catalog_find(cat, RT_OBJ_FOREIGN_KEY, NULL, "cat",
			    "cat_owner_id_fkey");
	assert_non_null(o);
	assert_string_equal(o->canonical,
			    "foreign key ( owner_id ) references owner ( id ) "
			    "on update no action on delete cascade "
			    "deferrable initially deferred");
	owner = rt_catalog_find(cat, RT_OBJ_TABLE, NULL, NULL, "owner");
	cat_t = rt_catalog_find(cat, RT_OBJ_TABLE, NULL, NULL, "cat");
	assert_true(depends(o, owner));
	assert_true(depends(cat_t, owner));
	/* table constraints from the CREATE text */
	assert_int_equal(count(cat, RT_OBJ_CONSTRAINT), 2);
	o = rt_catalog_find(cat, RT_OBJ_CONSTRAINT, NULL, "cat", "name_ok");
	assert_non_null(o);
	assert_string_equal(o->definition, "CHECK (name <> '')");
	assert_string_equal(o->canonical,
			    "constraint name_ok check ( name <> '' )");
	/* views and triggers depend on what their text names */
	v = rt_catalog_find(cat, RT_OBJ_VIEW, NULL, NULL, "named");
	assert_true(depends(v, cat_t));
	o = rt_catalog_find(cat, RT_OBJ_VIEW, NULL, NULL, "named2");
	assert_true(depends(o, v));
	o = rt_catalog_find(cat, RT_OBJ_TRIGGER, NULL, "cat", "cat_ins");
	assert_non_null(o);
	assert_true(depends(o, cat_t));
	assert_true(depends(o, owner));
	/* sorted by kind then name, ids are positions */
	assert_int_equal(cat->objs[0]->kind, RT_OBJ_TABLE);
	assert_int_equal(cat->objs[3]->id, 3);
	rt_catalog_free(cat);
}

static void test_catalog_canonical(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	const char *x, *y;

	(void)state;
	rt_arena_init(&a);
	x = rt_sqlite_canonical(&a,
				"CREATE INDEX \"Idx\" ON [cat]( name ,"
				"  `Age` DESC) -- why\n WHERE age>1",
				strlen("CREATE INDEX \"Idx\" ON [cat]( name ,"
				       "  `Age` DESC) -- why\n WHERE age>1"));
	y = rt_sqlite_canonical(
	    &a,
	    "create index idx on cat (NAME, age desc)"
	    " /* c */ where age > 1",
	    strlen("create index idx on cat (NAME, age desc)"
		   " /* c */ where age > 1"));
	assert_string_equal(x, y);
	assert_string_equal(x, "create index idx on cat ( name , age desc ) "
			       "where age > 1");
	/* literals keep their case; odd names keep their quotes */
	x = rt_sqlite_canonical(&a, "DEFAULT 'Tom' || \"Full Name\"",
				strlen("DEFAULT 'Tom' || \"Full Name\""));
	assert_string_equal(x, "default 'Tom' || \"full name\"");
	x = rt_sqlite_canon_rename(&a, "check ( age > 0 and stage > age )",
				   "age", "years");
	assert_string_equal(x, "check ( years > 0 and stage > years )");
	x = rt_sqlite_canon_rename(&a, "select \"full name\" from t",
				   "Full Name", "name");
	assert_string_equal(x, "select name from t");
	assert_true(rt_sqlite_canon_mentions("on cat ( name )", "NAME"));
	assert_false(rt_sqlite_canon_mentions("on cat ( names )", "name"));
	assert_false(rt_sqlite_canon_mentions("default 'name'", "name"));
	assert_int_equal(rt_sqlite_create_body("CREATE TABLE \"a(b\" (x)"), 19);
	rt_arena_release(&a);
}

static void test_catalog_source_file_error_names_line(void **state)
{
	char *d = test_tmpdir(), src[600];
	rt_catalog *cat = NULL;

	(void)state;
	test_write(d, "schema.sql",
		   "CREATE TABLE a (x);\n\n-- a comment\nCREATE TABLE b (y;\n");
	snprintf(src, sizeof(src), "file://%s/schema.sql", d);
	assert_int_equal(rt_catalog_load_source(&cat, src, NULL, NULL), RT_ERROR);
	assert_error_contains("syntax error");
	assert_int_equal(rt_error_last()->line, 4);
	assert_non_null(strstr(rt_error_last()->file, "schema.sql"));
	test_rmtree(d);
	free(d);
}

/* exec:COMMAND: its output is loaded like a schema file; a failure or an
 * empty output is an error with the exit status and the standard error. */
static void test_catalog_source_exec(void **state)
{
	rt_catalog *cat = NULL;
	rt_buf out = RT_BUF_INIT;
	const rt_error *e;

	(void)state;
	assert_int_equal(
	    rt_catalog_load_source(&cat,
				   "exec:printf 'CREATE TABLE a (x);\\n"
				   "CREATE VIEW v AS SELECT x FROM a;\\n'",
				   NULL, NULL),
	    0);
	assert_int_equal(cat->nobjs, 2);
	assert_non_null(rt_catalog_find(cat, RT_OBJ_VIEW, NULL, NULL, "v"));
	rt_catalog_free(cat);

	/* the status and the end of standard error, not the whole of it */
	assert_int_equal(rt_catalog_load_source(
			     &cat,
			     "exec:yes noise | head -c 100000 >&2; "
			     "echo 'no such module' >&2; exit 7",
			     NULL, NULL),
			 RT_ERROR);
	e = rt_error_last();
	assert_non_null(strstr(e->message, "exited with status 7"));
	assert_non_null(e->detail);
	assert_non_null(strstr(e->detail, "no such module"));
	assert_true(strlen(e->detail) < 2100);
	assert_null(cat);

	/* a signal is named */
	assert_int_equal(rt_catalog_exec_source(&out, "exec:kill -9 $$", NULL),
			 RT_ERROR);
	assert_error_contains("killed by signal 9");

	/* blanks and comments are no schema */
	rt_buf_init(&out);
	assert_int_equal(rt_catalog_exec_source(
			     &out, "exec:printf '  -- nothing\\n/* x */\\n'",
			     NULL),
			 RT_ERROR);
	assert_error_contains("printed no SQL");
	rt_buf_release(&out);

	/* standard input is not retort's; the engine is named */
	rt_buf_init(&out);
	setenv("RETORT_DIALECT", "other", 1);
	assert_int_equal(rt_catalog_exec_source(
			     &out, "exec:cat; echo \"CREATE TABLE $RETORT_DIALECT;\"",
			     "postgres"),
			 0);
	assert_string_equal(rt_buf_cstr(&out), "CREATE TABLE postgres;\n");
	unsetenv("RETORT_DIALECT");
	rt_buf_release(&out);

	/* a statement the engine refuses names the source and its line */
	assert_int_equal(rt_catalog_load_source(
			     &cat, "exec:printf 'CREATE TABLE a (x);\\nCREATE "
				   "TABLE b (y;\\n'",
			     NULL, NULL),
			 RT_ERROR);
	assert_int_equal(rt_error_last()->line, 2);
	assert_non_null(strstr(rt_error_last()->file, "exec:printf"));
	assert_int_equal(rt_catalog_load_source(&cat, "exec:", NULL, NULL),
			 RT_EUSAGE);
}

static void test_catalog_source_dir_and_db(void **state)
{
	char *d = test_tmpdir(), src[600];
	rt_catalog *cat = NULL;

	(void)state;
	snprintf(src, sizeof(src), "%s/m", d);
	assert_int_equal(mkdir(src, 0755), 0);
	test_write(d, "m/20260101000000_a.sql",
		   "-- retort:up\nCREATE TABLE a (x);\n");
	test_write(d, "m/20260102000000_b.sql",
		   "-- retort:parent 20260101000000_a\n-- retort:up\n"
		   "CREATE VIEW v AS SELECT x FROM a;\n");
	snprintf(src, sizeof(src), "dir://%s/m", d);
	assert_int_equal(rt_catalog_load_source(&cat, src, NULL, NULL), 0);
	/* the state of the migrations, not retort's bookkeeping */
	assert_int_equal(cat->nobjs, 2);
	assert_non_null(rt_catalog_find(cat, RT_OBJ_VIEW, NULL, NULL, "v"));
	rt_catalog_free(cat);
	/* a database that is not there reads as empty, and stays absent */
	snprintf(src, sizeof(src), "sqlite:%s/none.db", d);
	assert_int_equal(rt_catalog_load_source(&cat, src, NULL, NULL), 0);
	assert_int_equal(cat->nobjs, 0);
	rt_catalog_free(cat);
	snprintf(src, sizeof(src), "%s/none.db", d);
	assert_int_equal(access(src, F_OK), -1);
	/* a PostgreSQL scratch database needs a server: said clearly */
	snprintf(src, sizeof(src), "file://%s/x.sql", d);
	assert_int_equal(rt_catalog_load_source(&cat, src, "postgres", NULL),
			 RT_EUSAGE);
	assert_error_contains("no server for a scratch database");
	test_rmtree(d);
	free(d);
}

/* Each engine's scratch slots are there, and a table without one is
 * refused by the registration check. */
static void test_catalog_scratch_slots(void **state)
{
	size_t i, n;
	const rt_backend *const *all = rt_backend_all(&n);
	rt_catalog_ops half = rt_catalog_ops_postgres;
	char src[] = "file:///nowhere.sql";
	rt_catalog *cat = NULL;

	(void)state;
	for (i = 0; i < n; i++)
		assert_true(rt_catalog_ops_complete(all[i]->catalog));
	half.scratch_drop = NULL;
	assert_false(rt_catalog_ops_complete(&half));
	/* an engine this retort lacks: no scratch database, said so */
	assert_int_equal(rt_catalog_load_source(&cat, src, "oracle", NULL),
			 RT_EUSAGE);
	assert_error_contains("no such engine");
	assert_null(cat);
}

/* One quoter per dialect, reached through the descriptor: PostgreSQL's
 * follows quote_ident() (bare only for lower-case name characters that
 * are no keyword), SQLite's always quotes. */
static void test_catalog_quote_ident(void **state)
{
	const rt_backend *pg = rt_backend_named("postgres");
	const rt_backend *sq = rt_backend_named("sqlite");
	rt_buf b = RT_BUF_INIT;

	(void)state;
	rt_buf_init(&b);
	pg->quote_ident(&b, "_x9");
	rt_buf_putc(&b, ' ');
	pg->quote_ident(&b, "9x");
	rt_buf_putc(&b, ' ');
	pg->quote_ident(&b, "a$b"); /* quote_ident('a$b') quotes it */
	rt_buf_putc(&b, ' ');
	pg->quote_ident(&b, "select");
	rt_buf_putc(&b, ' ');
	pg->quote_ident(&b, "caf\xc3\xa9");
	rt_buf_putc(&b, ' ');
	pg->quote_ident(&b, "");
	assert_string_equal(
	    rt_buf_cstr(&b),
	    "_x9 \"9x\" \"a$b\" \"select\" \"caf\xc3\xa9\" \"\"");
	rt_buf_clear(&b);
	sq->quote_ident(&b, "plain");
	rt_buf_putc(&b, ' ');
	sq->quote_ident(&b, "say \"hi\"");
	assert_string_equal(rt_buf_cstr(&b), "\"plain\" \"say \"\"hi\"\"\"");
	rt_buf_release(&b);
}

/* The forms the server prints before and after a round trip of a
 * definition compare equal (issue 15: the Unleash history's squash). */
static void test_catalog_pg_canonical_array_cast(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	const char *check_a =
	    "CHECK (((project_mode)::text = ANY ((ARRAY['open'::character "
	    "varying, 'protected'::character varying, 'private'::character "
	    "varying])::text[])))";
	const char *check_b =
	    "CHECK (((project_mode)::text = ANY (ARRAY[('open'::character "
	    "varying)::text, ('protected'::character varying)::text, "
	    "('private'::character varying)::text])))";
	const char *index_a =
	    "CREATE INDEX i ON public.events USING btree (id) WHERE "
	    "((feature_name IS NOT NULL) OR ((type)::text = ANY "
	    "((ARRAY['a,b'::character varying, 'it''s'::character "
	    "varying])::text[])))";
	const char *index_b =
	    "CREATE INDEX i ON public.events USING btree (id) WHERE "
	    "((feature_name IS NOT NULL) OR ((type)::text = ANY "
	    "(ARRAY[('a,b'::character varying)::text, ('it''s'::character "
	    "varying)::text])))";
	const char *plain = "CHECK ((n > 0))";
	const char *quoted = "CHECK ((x = '(ARRAY[1])::int[]'::text))";

	(void)state;
	rt_arena_init(&a);
	assert_string_equal(rt_pg_canonical(&a, check_a), check_b);
	/* the settled form is a fixed point */
	assert_string_equal(rt_pg_canonical(&a, check_b), check_b);
	/* commas and quotes inside literals stay inside their element */
	assert_string_equal(rt_pg_canonical(&a, index_a), index_b);
	/* nothing to do: the text itself, not a copy */
	assert_ptr_equal(rt_pg_canonical(&a, plain), plain);
	/* inside a literal it is data */
	assert_string_equal(rt_pg_canonical(&a, quoted), quoted);
	/* a typmod and a schema-qualified quoted type */
	assert_string_equal(
	    rt_pg_canonical(&a, "(ARRAY[a, b])::\"s\".\"T\"[]"),
	    "ARRAY[(a)::\"s\".\"T\", (b)::\"s\".\"T\"]");
	assert_string_equal(
	    rt_pg_canonical(&a, "(ARRAY[f(a, b)])::character varying(10)[]"),
	    "ARRAY[(f(a, b))::character varying(10)]");
	/* not a cast to an array: left alone */
	assert_string_equal(rt_pg_canonical(&a, "(ARRAY[1, 2])[1]"),
			    "(ARRAY[1, 2])[1]");
	rt_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalog_sqlite_columns),
	    cmocka_unit_test(test_catalog_sqlite_objects),
	    cmocka_unit_test(test_catalog_canonical),
	    cmocka_unit_test(test_catalog_source_file_error_names_line),
	    cmocka_unit_test(test_catalog_source_dir_and_db),
	    cmocka_unit_test(test_catalog_source_exec),
	    cmocka_unit_test(test_catalog_scratch_slots),
	    cmocka_unit_test(test_catalog_quote_ident),
	    cmocka_unit_test(test_catalog_pg_canonical_array_cast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
