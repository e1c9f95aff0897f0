/*
 * test_diff_postgres.c: the PostgreSQL side of the diff without a
 * server: catalogs built by hand as catalog_postgres.c builds them
 * (qualified names, pg_depend's dependencies and columns), then the
 * change list and its SQL. The round trips against a real server are
 * tests/e2e/t4001 with RT_BACKEND=postgres.
 */
#include "diff/diff.h"
#include "test.h"

static rt_catalog *cat_new(void)
{
	rt_catalog *c = NULL;

	assert_int_equal(rt_catalog_new(&c, "postgres"), 0);
	return c;
}

static rt_obj *obj(rt_catalog *c, rt_obj_kind kind, size_t size,
		   const char *table, const char *name, const char *def)
{
	rt_obj *o = rt_catalog_add(c, kind, size);

	assert_non_null(o);
	o->schema = "public";
	o->table = table;
	o->name = name;
	o->qname = rt_arena_printf(&c->arena, "public.%s", name);
	o->definition = def;
	o->canonical = def;
	return o;
}

/* A table of (name, type) pairs, NULL-terminated. */
static rt_table *table(rt_catalog *c, const char *name, const char *const *cols)
{
	rt_table *t = (rt_table *)obj(c, RT_OBJ_TABLE, sizeof(rt_table), NULL,
				      name, NULL);
	size_t n = 0, i;

	while (cols[2 * n])
		n++;
	t->columns = rt_arena_array(&c->arena, n + 1, sizeof(rt_column));
	t->ncolumns = n;
	for (i = 0; i < n; i++) {
		t->columns[i].name = cols[2 * i];
		t->columns[i].qname = cols[2 * i];
		t->columns[i].type = cols[2 * i + 1];
		t->columns[i].position = (int)i + 1;
		t->columns[i].attnum = (int)i + 1;
	}
	t->obj.definition = NULL;
	t->obj.canonical = NULL;
	return t;
}

static rt_table *view(rt_catalog *c, const char *name, const char *def,
		      const char *const *cols)
{
	rt_table *v = table(c, name, cols);

	v->obj.kind = RT_OBJ_VIEW;
	v->obj.definition = def;
	v->obj.canonical = def;
	return v;
}

static rt_enum *enum_type(rt_catalog *c, const char *name, const char **labels,
			  size_t n)
{
	rt_enum *e = (rt_enum *)obj(c, RT_OBJ_ENUM, sizeof(rt_enum), NULL, name,
				    "CREATE TYPE");

	static const char *public_usage[] = {"PUBLIC USAGE"};

	/* as the server reports a new type's privileges */
	e->obj.acl = public_usage;
	e->obj.nacl = 1;
	e->labels = labels;
	e->nlabels = n;
	return e;
}

static char *sql_of(rt_catalog *from, rt_catalog *to)
{
	rt_changes *ch = NULL;
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	assert_int_equal(rt_catalog_finish(from), 0);
	assert_int_equal(rt_catalog_finish(to), 0);
	if (rt_diff_catalogs(&ch, from, to, NULL) != 0 ||
	    rt_render_changes(&b, ch, from, to, NULL) != 0)
		fail_msg("%s", rt_error_last()->message);
	rt_changes_free(ch);
	return rt_buf_detach(&b);
}

static void expect_sql(rt_catalog *from, rt_catalog *to, const char *want)
{
	char *got = sql_of(from, to);

	assert_string_equal(got, want);
	free(got);
	rt_catalog_free(from);
	rt_catalog_free(to);
}

static void test_pg_ident_quoting(void **state)
{
	rt_buf b = RT_BUF_INIT;

	(void)state;
	rt_buf_init(&b);
	rt_pg_put_ident(&b, "plain_1");
	rt_buf_putc(&b, ' ');
	rt_pg_put_ident(&b, "Mixed");
	rt_buf_putc(&b, ' ');
	rt_pg_put_ident(&b, "user");
	rt_buf_putc(&b, ' ');
	rt_pg_put_ident(&b, "say \"hi\"");
	rt_buf_putc(&b, ' ');
	rt_pg_put_ident(&b, "name"); /* unreserved: bare */
	assert_string_equal(
	    rt_buf_cstr(&b),
	    "plain_1 \"Mixed\" \"user\" \"say \"\"hi\"\"\" name");
	rt_buf_release(&b);
}

static void test_pg_rename_tokens(void **state)
{
	rt_arena a = RT_ARENA_INIT;

	(void)state;
	rt_arena_init(&a);
	/* identifiers only: not inside strings or longer words */
	assert_string_equal(
	    rt_pg_canon_rename(&a,
			       "CREATE INDEX i ON public.t USING btree (a, ab)"
			       " WHERE (a <> 'a'::text)",
			       "a", "b"),
	    "CREATE INDEX i ON public.t USING btree (b, ab) WHERE (b <> "
	    "'a'::text)");
	/* quoted names match by what they spell; the new one is quoted as
	 * quote_ident would */
	assert_string_equal(rt_pg_canon_rename(&a, "SELECT \"Old\", old FROM x",
					       "Old", "New Name"),
			    "SELECT \"New Name\", old FROM x");
	assert_string_equal(rt_pg_canon_rename(&a, "f($$ a $$) + a", "a", "c"),
			    "f($$ a $$) + c");
	rt_arena_release(&a);
}

/* New labels keeping the old order: ADD VALUE next to a label that
 * exists by then. */
static void test_pg_enum_add_value(void **state)
{
	static const char *old[] = {"b", "d"};
	static const char *new[] = {"a", "b", "c", "d", "e"};
	rt_catalog *from = cat_new(), *to = cat_new();

	(void)state;
	enum_type(from, "e", old, 2)->obj.canonical = "b d";
	enum_type(to, "e", new, 5)->obj.canonical = "a b c d e";
	expect_sql(from, to,
		   "ALTER TYPE public.e ADD VALUE 'a' BEFORE 'b';\n"
		   "ALTER TYPE public.e ADD VALUE 'c' AFTER 'b';\n"
		   "ALTER TYPE public.e ADD VALUE 'e' AFTER 'd';\n");
}

/* A label removed: rename, create, cast every column using it (through
 * text, default dropped and set again), drop the old type. */
static void test_pg_enum_recreate_casts_users(void **state)
{
	static const char *old[] = {"a", "b", "c"};
	static const char *new[] = {"a", "c"};
	static const char *const cols[] = {"s", "public.e", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_enum *fe, *te;
	rt_table *ft, *tt;

	(void)state;
	fe = enum_type(from, "e", old, 3);
	te = enum_type(to, "e", new, 2);
	fe->obj.definition = "CREATE TYPE public.e AS ENUM ('a', 'b', 'c')";
	te->obj.definition = "CREATE TYPE public.e AS ENUM ('a', 'c')";
	fe->obj.canonical = fe->obj.definition;
	te->obj.canonical = te->obj.definition;
	ft = table(from, "t", cols);
	tt = table(to, "t", cols);
	ft->columns[0].type_obj = &fe->obj;
	tt->columns[0].type_obj = &te->obj;
	ft->columns[0].default_expr = "'a'::public.e";
	tt->columns[0].default_expr = "'a'::public.e";
	assert_int_equal(rt_obj_add_dep(from, &ft->obj, &fe->obj), 0);
	assert_int_equal(rt_obj_add_dep(to, &tt->obj, &te->obj), 0);
	expect_sql(
	    from, to,
	    "-- the type is made again: moved aside, the columns using it "
	    "cast, then dropped\n"
	    "ALTER TYPE public.e RENAME TO e__retort_old;\n"
	    "CREATE TYPE public.e AS ENUM ('a', 'c');\n"
	    "ALTER TABLE public.t ALTER COLUMN s DROP DEFAULT;\n"
	    "ALTER TABLE public.t ALTER COLUMN s TYPE public.e USING "
	    "s::text::public.e;\n"
	    "ALTER TABLE public.t ALTER COLUMN s SET DEFAULT 'a'::public.e;\n"
	    "DROP TYPE public.e__retort_old;\n");
}

/* A view reads a column whose type changes: ALTER COLUMN TYPE refuses
 * it, so it is dropped first and made again after, and so is a view
 * over that view, in pg_depend's order. */
static void test_pg_view_over_retyped_column(void **state)
{
	static const char *const fcols[] = {"id", "integer", "n", "integer",
					    NULL};
	static const char *const tcols[] = {"id", "integer", "n", "bigint",
					    NULL};
	static const char *const vcols[] = {"n", "integer", NULL};
	static const char *const vtcols[] = {"n", "bigint", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_catalog *cats[2] = {from, to};
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		rt_table *t = table(cats[k], "t", k ? tcols : fcols);
		rt_table *v = view(cats[k], "v", "CREATE VIEW public.v AS x",
				   k ? vtcols : vcols);
		rt_table *w = view(cats[k], "w", "CREATE VIEW public.w AS y",
				   k ? vtcols : vcols);

		assert_int_equal(rt_obj_add_dep(cats[k], &v->obj, &t->obj), 0);
		assert_int_equal(
		    rt_obj_add_coldep(cats[k], &v->obj, &t->obj, "n"), 0);
		assert_int_equal(rt_obj_add_dep(cats[k], &w->obj, &v->obj), 0);
	}
	/* the column type differs, the views' text does not */
	expect_sql(from, to,
		   "DROP VIEW public.w;\n"
		   "DROP VIEW public.v;\n"
		   "ALTER TABLE public.t ALTER COLUMN n TYPE bigint USING "
		   "n::bigint;\n"
		   "CREATE VIEW public.v AS x;\n"
		   "CREATE VIEW public.w AS y;\n");
}

/* Tables that point at each other: every table, then the keys. */
static void test_pg_foreign_key_cycle(void **state)
{
	static const char *const cols[] = {"id", "integer", "other", "integer",
					   NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_table *a, *b;
	rt_obj *fa, *fb;

	(void)state;
	a = table(to, "a", cols);
	b = table(to, "b", cols);
	fa = obj(to, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), "a", "a_fk",
		 "FOREIGN KEY (other) REFERENCES public.b(id)");
	fb = obj(to, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), "b", "b_fk",
		 "FOREIGN KEY (other) REFERENCES public.a(id)");
	assert_int_equal(rt_obj_add_dep(to, fa, &a->obj), 0);
	assert_int_equal(rt_obj_add_dep(to, fa, &b->obj), 0);
	assert_int_equal(rt_obj_add_dep(to, fb, &b->obj), 0);
	assert_int_equal(rt_obj_add_dep(to, fb, &a->obj), 0);
	expect_sql(from, to,
		   "CREATE TABLE public.a (\n    id integer,\n"
		   "    other integer\n);\n"
		   "CREATE TABLE public.b (\n    id integer,\n"
		   "    other integer\n);\n"
		   "ALTER TABLE public.a ADD CONSTRAINT a_fk FOREIGN KEY "
		   "(other) REFERENCES public.b(id);\n"
		   "ALTER TABLE public.b ADD CONSTRAINT b_fk FOREIGN KEY "
		   "(other) REFERENCES public.a(id);\n");
}

/* The SQL of new --autogenerate: the safe forms (rt_render_options). */
static char *safe_sql_of(rt_catalog *from, rt_catalog *to, int *no_tx)
{
	rt_render_options ro = {.safe = 1};
	rt_changes *ch = NULL;
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	assert_int_equal(rt_catalog_finish(from), 0);
	assert_int_equal(rt_catalog_finish(to), 0);
	if (rt_diff_catalogs(&ch, from, to, NULL) != 0 ||
	    rt_render_changes(&b, ch, from, to, &ro) != 0)
		fail_msg("%s", rt_error_last()->message);
	rt_changes_free(ch);
	*no_tx = ro.no_transaction;
	return rt_buf_detach(&b);
}

static void expect_has(const char *sql, const char *part)
{
	if (!strstr(sql, part))
		fail_msg("'%s' lacks '%s'", sql, part);
}

/*
 * On a table that exists before and after: index CONCURRENTLY, keys and
 * checks NOT VALID then VALIDATE, unique over a concurrent index, SET NOT
 * NULL behind a validated check; the section must run without a
 * transaction. A table made in the same change keeps the plain forms.
 */
static void test_pg_safe_forms(void **state)
{
	static const char *const fcols[] = {"id", "integer", "email", "text",
					    "p", "integer", NULL};
	static const char *const ucols[] = {"id", "integer", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_catalog *cats[2] = {from, to};
	rt_table *t = NULL, *u = NULL, *n;
	rt_obj *o;
	char *sql;
	int no_tx = 0;
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		t = table(cats[k], "t", fcols);
		u = table(cats[k], "u", ucols);
	}
	t->columns[1].not_null = 1;
	o = obj(to, RT_OBJ_INDEX, sizeof(rt_index), "t", "t_p",
		"CREATE INDEX t_p ON public.t USING btree (p)");
	assert_int_equal(rt_obj_add_dep(to, o, &t->obj), 0);
	o = obj(to, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), "t", "t_fk",
		"FOREIGN KEY (p) REFERENCES public.u(id)");
	assert_int_equal(rt_obj_add_dep(to, o, &t->obj), 0);
	assert_int_equal(rt_obj_add_dep(to, o, &u->obj), 0);
	o = obj(to, RT_OBJ_CONSTRAINT, sizeof(rt_obj), "t", "t_email_key",
		"UNIQUE (email)");
	assert_int_equal(rt_obj_add_dep(to, o, &t->obj), 0);
	n = table(to, "n", ucols);
	o = obj(to, RT_OBJ_INDEX, sizeof(rt_index), "n", "n_id",
		"CREATE INDEX n_id ON public.n USING btree (id)");
	assert_int_equal(rt_obj_add_dep(to, o, &n->obj), 0);

	sql = safe_sql_of(from, to, &no_tx);
	assert_true(no_tx);
	expect_has(sql, "CREATE INDEX CONCURRENTLY t_p ON public.t USING "
			"btree (p);\n");
	expect_has(sql, "CREATE INDEX n_id ON public.n USING btree (id);\n");
	expect_has(sql, "ALTER TABLE public.t ADD CONSTRAINT t_fk FOREIGN KEY "
			"(p) REFERENCES public.u(id) NOT VALID;\n"
			"ALTER TABLE public.t VALIDATE CONSTRAINT t_fk;\n");
	expect_has(sql, "CREATE UNIQUE INDEX CONCURRENTLY t_email_key ON "
			"public.t (email);\nALTER TABLE public.t ADD "
			"CONSTRAINT t_email_key UNIQUE USING INDEX "
			"t_email_key;\n");
	expect_has(sql, "ALTER TABLE public.t ADD CONSTRAINT t_email_not_null "
			"CHECK (email IS NOT NULL) NOT VALID;\n"
			"ALTER TABLE public.t VALIDATE CONSTRAINT "
			"t_email_not_null;\n"
			"ALTER TABLE public.t ALTER COLUMN email SET NOT "
			"NULL;\n"
			"ALTER TABLE public.t DROP CONSTRAINT "
			"t_email_not_null;\n");
	free(sql);
	rt_catalog_free(from);
	rt_catalog_free(to);
}

/* Only CONCURRENTLY needs the section outside a transaction; NOT VALID
 * alone does not. */
static void test_pg_safe_forms_in_transaction(void **state)
{
	static const char *const cols[] = {"id", "integer", "p", "integer",
					   NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_table *t = NULL;
	rt_obj *o;
	char *sql;
	int no_tx = 1;

	(void)state;
	table(from, "t", cols);
	t = table(to, "t", cols);
	o = obj(to, RT_OBJ_CONSTRAINT, sizeof(rt_obj), "t", "t_p_check",
		"CHECK ((p > 0))");
	assert_int_equal(rt_obj_add_dep(to, o, &t->obj), 0);
	sql = safe_sql_of(from, to, &no_tx);
	assert_false(no_tx);
	assert_string_equal(sql, "ALTER TABLE public.t ADD CONSTRAINT "
				 "t_p_check CHECK ((p > 0)) NOT VALID;\n"
				 "ALTER TABLE public.t VALIDATE CONSTRAINT "
				 "t_p_check;\n");
	free(sql);
	rt_catalog_free(from);
	rt_catalog_free(to);
}

/* ---- splitting: a change PostgreSQL needs commits within ------------- */

/* Both directions rendered into steps, as rt_schema_diff does for new
 * --autogenerate: the up with split, then the down routed to the steps
 * of the up statements it undoes. */
typedef struct split {
	rt_buf up[RT_STEP__COUNT], undo[RT_STEP__COUNT], down[RT_STEP__COUNT];
	int up_conc[RT_STEP__COUNT], down_conc[RT_STEP__COUNT];
} split;

static void split_of(split *s, rt_catalog *from, rt_catalog *to)
{
	rt_diff_options o = {NULL, 0, 1};
	rt_render_options ro;
	rt_changes *ch = NULL;
	rt_buf out = RT_BUF_INIT;
	size_t i;

	memset(&ro, 0, sizeof(ro));
	rt_buf_init(&out);
	for (i = 0; i < RT_STEP__COUNT; i++) {
		rt_buf_init(&s->up[i]);
		rt_buf_init(&s->undo[i]);
		rt_buf_init(&s->down[i]);
	}
	assert_int_equal(rt_catalog_finish(from), 0);
	assert_int_equal(rt_catalog_finish(to), 0);
	ro.safe = 1;
	ro.split = 1;
	ro.step = s->up;
	ro.undo = s->undo;
	if (rt_diff_catalogs(&ch, from, to, &o) != 0 ||
	    rt_render_changes(&out, ch, from, to, &ro) != 0)
		fail_msg("%s", rt_error_last()->message);
	memcpy(s->up_conc, ro.conc, sizeof(ro.conc));
	rt_changes_free(ch);
	ch = NULL;
	/* the down makes a type again rather than use a label it adds */
	o.split = 0;
	ro.down = 1;
	ro.step = s->down;
	if (rt_diff_catalogs(&ch, to, from, &o) != 0 ||
	    rt_render_changes(&out, ch, to, from, &ro) != 0)
		fail_msg("%s", rt_error_last()->message);
	memcpy(s->down_conc, ro.conc, sizeof(ro.conc));
	rt_changes_free(ch);
	/* nothing goes around the steps */
	assert_string_equal(rt_buf_cstr(&out), "");
	rt_buf_release(&out);
	rt_catalog_free(from);
	rt_catalog_free(to);
}

static void split_release(split *s)
{
	size_t i;

	for (i = 0; i < RT_STEP__COUNT; i++) {
		rt_buf_release(&s->up[i]);
		rt_buf_release(&s->undo[i]);
		rt_buf_release(&s->down[i]);
	}
}

/* SET NOT NULL on a table in use: the check is added NOT VALID in one
 * migration and validated in the next (upgrade refuses VALIDATE in the
 * add's transaction); each down undoes its own up. */
static void test_pg_split_set_not_null(void **state)
{
	static const char *const cols[] = {"id", "integer", "email", "text",
					   NULL};
	split s;
	rt_catalog *from = cat_new(), *to = cat_new();

	(void)state;
	table(from, "t", cols);
	table(to, "t", cols)->columns[1].not_null = 1;
	split_of(&s, from, to);
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_MAIN]),
			    "ALTER TABLE public.t ADD CONSTRAINT "
			    "t_email_not_null CHECK (email IS NOT NULL) NOT "
			    "VALID;\n");
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_VALIDATE]),
			    "ALTER TABLE public.t VALIDATE CONSTRAINT "
			    "t_email_not_null;\n"
			    "ALTER TABLE public.t ALTER COLUMN email SET NOT "
			    "NULL;\n"
			    "ALTER TABLE public.t DROP CONSTRAINT "
			    "t_email_not_null;\n");
	/* the later migration's down: the NOT VALID check again, the
	 * column nullable; the first's: the check gone */
	assert_string_equal(rt_buf_cstr(&s.undo[RT_STEP_VALIDATE]),
			    "ALTER TABLE public.t ADD CONSTRAINT "
			    "t_email_not_null CHECK (email IS NOT NULL) NOT "
			    "VALID;\n");
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_VALIDATE]),
			    "ALTER TABLE public.t ALTER COLUMN email DROP NOT "
			    "NULL;\n");
	assert_string_equal(rt_buf_cstr(&s.undo[RT_STEP_MAIN]),
			    "ALTER TABLE public.t DROP CONSTRAINT "
			    "t_email_not_null;\n");
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_MAIN]), "");
	assert_false(s.up_conc[RT_STEP_MAIN] || s.up_conc[RT_STEP_VALIDATE]);
	split_release(&s);
}

/* A label added and used as a default in one edit: ADD VALUE alone in a
 * first migration (it must commit before the default uses it), not the
 * type made again; the down makes the type again in that migration's
 * down, after the next one's down gave the default back. */
static void test_pg_split_enum_label_used(void **state)
{
	static const char *old[] = {"a", "b"};
	static const char *new[] = {"a", "b", "c"};
	static const char *const cols[] = {"s", "public.e", NULL};
	rt_catalog *cats[2] = {cat_new(), cat_new()};
	const char **labels[2] = {old, new};
	const char *defs[2] = {"'a'::public.e", "'c'::public.e"};
	const char *types[2] = {"CREATE TYPE public.e AS ENUM ('a', 'b')",
				"CREATE TYPE public.e AS ENUM ('a', 'b', 'c')"};
	split s;
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		rt_enum *e = enum_type(cats[k], "e", labels[k], 2 + k);
		rt_table *t = table(cats[k], "t", cols);

		e->obj.definition = e->obj.canonical = types[k];
		t->columns[0].type_obj = &e->obj;
		t->columns[0].default_expr = defs[k];
		assert_int_equal(rt_obj_add_dep(cats[k], &t->obj, &e->obj), 0);
	}
	split_of(&s, cats[0], cats[1]);
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_ENUM]),
			    "ALTER TYPE public.e ADD VALUE 'c' AFTER 'b';\n");
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_MAIN]),
			    "ALTER TABLE public.t ALTER COLUMN s DROP "
			    "DEFAULT;\n"
			    "ALTER TABLE public.t ALTER COLUMN s SET DEFAULT "
			    "'c'::public.e;\n");
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_MAIN]),
			    "ALTER TABLE public.t ALTER COLUMN s DROP "
			    "DEFAULT;\n"
			    "ALTER TABLE public.t ALTER COLUMN s SET DEFAULT "
			    "'a'::public.e;\n");
	assert_string_equal(
	    rt_buf_cstr(&s.down[RT_STEP_ENUM]),
	    "-- the type is made again: moved aside, the columns using it "
	    "cast, then dropped\n"
	    "ALTER TYPE public.e RENAME TO e__retort_old;\n"
	    "CREATE TYPE public.e AS ENUM ('a', 'b');\n"
	    "ALTER TABLE public.t ALTER COLUMN s DROP DEFAULT;\n"
	    "ALTER TABLE public.t ALTER COLUMN s TYPE public.e USING "
	    "s::text::public.e;\n"
	    "ALTER TABLE public.t ALTER COLUMN s SET DEFAULT 'a'::public.e;\n"
	    "DROP TYPE public.e__retort_old;\n");
	split_release(&s);
}

/* Without splitting (diff, check), the same edit keeps one script that
 * runs in one transaction: the type is made again. */
static void test_pg_enum_label_used_unsplit(void **state)
{
	static const char *old[] = {"a", "b"};
	static const char *new[] = {"a", "b", "c"};
	static const char *const cols[] = {"s", "public.e", NULL};
	rt_catalog *cats[2] = {cat_new(), cat_new()};
	const char **labels[2] = {old, new};
	const char *defs[2] = {"'a'::public.e", "'c'::public.e"};
	const char *types[2] = {"CREATE TYPE public.e AS ENUM ('a', 'b')",
				"CREATE TYPE public.e AS ENUM ('a', 'b', 'c')"};
	char *sql;
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		rt_enum *e = enum_type(cats[k], "e", labels[k], 2 + k);
		rt_table *t = table(cats[k], "t", cols);

		e->obj.definition = e->obj.canonical = types[k];
		t->columns[0].type_obj = &e->obj;
		t->columns[0].default_expr = defs[k];
		assert_int_equal(rt_obj_add_dep(cats[k], &t->obj, &e->obj), 0);
	}
	sql = sql_of(cats[0], cats[1]);
	expect_has(sql, "RENAME TO e__retort_old;\n");
	assert_null(strstr(sql, "ADD VALUE"));
	free(sql);
	rt_catalog_free(cats[0]);
	rt_catalog_free(cats[1]);
}

/* An index and a column change together: the column in a transaction,
 * only CREATE INDEX CONCURRENTLY outside one; each down in the mode of
 * what it holds. */
static void test_pg_split_concurrently(void **state)
{
	static const char *const fcols[] = {"id", "integer", "w", "text",
					    NULL};
	static const char *const tcols[] = {"id", "integer", "w", "text", "z",
					    "integer", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_table *t;
	rt_obj *o;
	split s;

	(void)state;
	table(from, "t", fcols);
	t = table(to, "t", tcols);
	o = obj(to, RT_OBJ_INDEX, sizeof(rt_index), "t", "t_w",
		"CREATE INDEX t_w ON public.t USING btree (w)");
	assert_int_equal(rt_obj_add_dep(to, o, &t->obj), 0);
	split_of(&s, from, to);
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_MAIN]),
			    "ALTER TABLE public.t ADD COLUMN z integer;\n");
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_CONC]),
			    "CREATE INDEX CONCURRENTLY t_w ON public.t USING "
			    "btree (w);\n");
	assert_false(s.up_conc[RT_STEP_MAIN]);
	assert_true(s.up_conc[RT_STEP_CONC]);
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_CONC]),
			    "DROP INDEX CONCURRENTLY public.t_w;\n");
	assert_true(s.down_conc[RT_STEP_CONC]);
	expect_has(rt_buf_cstr(&s.down[RT_STEP_MAIN]),
		   "ALTER TABLE public.t DROP COLUMN z;\n");
	assert_false(s.down_conc[RT_STEP_MAIN]);
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_VALIDATE]), "");
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_DROP_CONC]), "");
	split_release(&s);
}

/* An identity added with NOT NULL needs the NOT NULL first: it comes in
 * the validate step after SET NOT NULL, and goes in that step's down
 * before DROP NOT NULL. */
static void test_pg_split_identity_with_not_null(void **state)
{
	static const char *const cols[] = {"id", "integer", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_column *c;
	split s;

	(void)state;
	table(from, "t", cols);
	c = &table(to, "t", cols)->columns[0];
	c->not_null = 1;
	c->identity = "always";
	split_of(&s, from, to);
	expect_has(rt_buf_cstr(&s.up[RT_STEP_VALIDATE]),
		   "ALTER TABLE public.t ALTER COLUMN id SET NOT NULL;\n"
		   "ALTER TABLE public.t DROP CONSTRAINT t_id_not_null;\n"
		   "ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS "
		   "AS IDENTITY;\n");
	assert_null(strstr(rt_buf_cstr(&s.up[RT_STEP_MAIN]), "IDENTITY"));
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_VALIDATE]),
			    "ALTER TABLE public.t ALTER COLUMN id DROP "
			    "IDENTITY;\n"
			    "ALTER TABLE public.t ALTER COLUMN id DROP NOT "
			    "NULL;\n");
	split_release(&s);
}

/* A foreign key to a unique constraint the same change builds
 * concurrently: added NOT VALID once the index is there (its own step,
 * after the concurrent one), its down before the constraint's. */
static void test_pg_split_foreign_key_to_new_unique(void **state)
{
	static const char *const acols[] = {"id", "integer", "code", "text",
					    NULL};
	static const char *const bcols[] = {"id", "integer", "a_code", "text",
					    NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_table *a, *b;
	rt_obj *o;
	split s;

	(void)state;
	table(from, "a", acols);
	table(from, "b", bcols);
	a = table(to, "a", acols);
	b = table(to, "b", bcols);
	o = obj(to, RT_OBJ_CONSTRAINT, sizeof(rt_obj), "a", "a_code_key",
		"UNIQUE (code)");
	assert_int_equal(rt_obj_add_dep(to, o, &a->obj), 0);
	o = obj(to, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), "b", "b_a_code_fkey",
		"FOREIGN KEY (a_code) REFERENCES public.a(code)");
	assert_int_equal(rt_obj_add_dep(to, o, &b->obj), 0);
	assert_int_equal(rt_obj_add_dep(to, o, &a->obj), 0);
	split_of(&s, from, to);
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_MAIN]), "");
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_CONC]),
			    "CREATE UNIQUE INDEX CONCURRENTLY a_code_key ON "
			    "public.a (code);\n"
			    "ALTER TABLE public.a ADD CONSTRAINT a_code_key "
			    "UNIQUE USING INDEX a_code_key;\n");
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_ATTACH]),
			    "ALTER TABLE public.b ADD CONSTRAINT b_a_code_fkey "
			    "FOREIGN KEY (a_code) REFERENCES public.a(code) "
			    "NOT VALID;\n");
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_VALIDATE]),
			    "ALTER TABLE public.b VALIDATE CONSTRAINT "
			    "b_a_code_fkey;\n");
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_ATTACH]),
			    "ALTER TABLE public.b DROP CONSTRAINT "
			    "b_a_code_fkey;\n");
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_CONC]),
			    "ALTER TABLE public.a DROP CONSTRAINT a_code_key;\n");
	split_release(&s);
}

/* A primary key over an index built concurrently sets its column NOT
 * NULL itself: the down of that step drops the key, then NOT NULL (the
 * validate step's down cannot: the key still holds it). */
static void test_pg_split_primary_key_not_null(void **state)
{
	static const char *const cols[] = {"id", "integer", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_table *t;
	rt_obj *o;
	rt_coldep *cd;
	split s;

	(void)state;
	table(from, "p", cols);
	t = table(to, "p", cols);
	t->columns[0].not_null = 1;
	o = obj(to, RT_OBJ_CONSTRAINT, sizeof(rt_obj), "p", "p_pkey",
		"PRIMARY KEY (id)");
	assert_int_equal(rt_obj_add_dep(to, o, &t->obj), 0);
	cd = rt_arena_alloc(&to->arena, sizeof(*cd));
	assert_non_null(cd);
	cd->table = &t->obj;
	cd->column = "id";
	o->coldeps = cd;
	o->ncoldeps = 1;
	split_of(&s, from, to);
	assert_string_equal(rt_buf_cstr(&s.up[RT_STEP_CONC]),
			    "CREATE UNIQUE INDEX CONCURRENTLY p_pkey ON "
			    "public.p (id);\n"
			    "ALTER TABLE public.p ADD CONSTRAINT p_pkey PRIMARY "
			    "KEY USING INDEX p_pkey;\n");
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_CONC]),
			    "ALTER TABLE public.p DROP CONSTRAINT p_pkey;\n"
			    "ALTER TABLE public.p ALTER COLUMN id DROP NOT "
			    "NULL;\n");
	assert_string_equal(rt_buf_cstr(&s.down[RT_STEP_VALIDATE]), "");
	split_release(&s);
}

/*
 * An index or constraint whose definition stays under another name is
 * renamed, both ways; before, a constraint matched by its text alone
 * was kept under its old name, and an index was dropped and built again.
 */
static void test_pg_rename_index_and_constraint(void **state)
{
	static const char *const cols[] = {"a", "integer", NULL};
	const char *names[2][2] = {{"t_a_idx", "a_pos"}, {"t_a_ix", "a_ok"}};
	rt_catalog *cats[2][2];
	size_t d, k;
	char *sql;

	(void)state;
	for (d = 0; d < 2; d++)
		for (k = 0; k < 2; k++) {
			rt_catalog *c = cats[d][k] = cat_new();
			rt_table *t = table(c, "t", cols);
			const char *ix = names[d ^ k][0], *ck = names[d ^ k][1];
			rt_obj *o;

			o = obj(c, RT_OBJ_INDEX, sizeof(rt_index), "t", ix,
				rt_arena_printf(&c->arena,
						"CREATE INDEX %s ON public.t "
						"USING btree (a)",
						ix));
			o->qname = ix;
			assert_int_equal(rt_obj_add_dep(c, o, &t->obj), 0);
			o = obj(c, RT_OBJ_CONSTRAINT, sizeof(rt_obj), "t", ck,
				"CHECK ((a > 0))");
			assert_int_equal(rt_obj_add_dep(c, o, &t->obj), 0);
		}
	sql = sql_of(cats[0][0], cats[0][1]);
	assert_string_equal(sql,
			    "ALTER TABLE public.t RENAME CONSTRAINT a_pos TO "
			    "a_ok;\nALTER INDEX public.t_a_idx RENAME TO "
			    "t_a_ix;\n");
	free(sql);
	sql = sql_of(cats[1][0], cats[1][1]);
	assert_string_equal(sql,
			    "ALTER TABLE public.t RENAME CONSTRAINT a_ok TO "
			    "a_pos;\nALTER INDEX public.t_a_ix RENAME TO "
			    "t_a_idx;\n");
	free(sql);
	for (d = 0; d < 2; d++)
		for (k = 0; k < 2; k++)
			rt_catalog_free(cats[d][k]);
}

/* A check or foreign key NOT VALID that becomes valid is validated, not
 * dropped and added again; an invalid index is not the valid one. */
static void test_pg_validate_and_invalid_index(void **state)
{
	static const char *const cols[] = {"a", "integer", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_catalog *cats[2] = {from, to};
	rt_index *ix[2];
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		rt_table *t = table(cats[k], "t", cols);
		rt_obj *o = obj(
		    cats[k], RT_OBJ_CONSTRAINT, sizeof(rt_obj), "t", "a_pos",
		    k ? "CHECK ((a > 0))" : "CHECK ((a > 0)) NOT VALID");

		assert_int_equal(rt_obj_add_dep(cats[k], o, &t->obj), 0);
		ix[k] = (rt_index *)obj(cats[k], RT_OBJ_INDEX, sizeof(rt_index),
					"t", "t_a",
					"CREATE INDEX t_a ON ONLY public.t "
					"USING btree (a)");
		assert_int_equal(rt_obj_add_dep(cats[k], &ix[k]->obj, &t->obj),
				 0);
	}
	ix[0]->invalid = 1;
	expect_sql(from, to,
		   "DROP INDEX public.t_a;\n"
		   "ALTER TABLE public.t VALIDATE CONSTRAINT a_pos;\n"
		   "CREATE INDEX t_a ON public.t USING btree (a);\n");
}


int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pg_ident_quoting),
	    cmocka_unit_test(test_pg_rename_tokens),
	    cmocka_unit_test(test_pg_enum_add_value),
	    cmocka_unit_test(test_pg_enum_recreate_casts_users),
	    cmocka_unit_test(test_pg_view_over_retyped_column),
	    cmocka_unit_test(test_pg_foreign_key_cycle),
	    cmocka_unit_test(test_pg_safe_forms),
	    cmocka_unit_test(test_pg_safe_forms_in_transaction),
	    cmocka_unit_test(test_pg_rename_index_and_constraint),
	    cmocka_unit_test(test_pg_validate_and_invalid_index),
	    cmocka_unit_test(test_pg_split_set_not_null),
	    cmocka_unit_test(test_pg_split_enum_label_used),
	    cmocka_unit_test(test_pg_enum_label_used_unsplit),
	    cmocka_unit_test(test_pg_split_concurrently),
	    cmocka_unit_test(test_pg_split_identity_with_not_null),
	    cmocka_unit_test(test_pg_split_foreign_key_to_new_unique),
	    cmocka_unit_test(test_pg_split_primary_key_not_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
