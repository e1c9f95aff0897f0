/*
 * test_online_resolve.c: an online migration's resolution against a
 * catalog and its scripts (src/lib/online/resolve.c, script.c), with no
 * server: the catalog is a fake engine's rt_online_ops, as a new engine
 * would plug in its own. Refusals name file:line; the scripts carry the
 * shadow column, the trigger, the views and the contract.
 */
#include "migration/migration.h"
#include "online/online.h"
#include "test.h"

#define PATH "m/20260102000000_online.sql"

static rt_arena arena;

/* What the fake catalog says: table "cat" (id, size, comment), and what
 * uses its columns. */
static const char *users_of_size;
static int new_name_taken;

static int fake_current_schema(const char **out, rt_arena *a, rt_db *db)
{
	(void)a;
	(void)db;
	*out = "public";
	return 0;
}

static int fake_load_table(rt_online_xtable *x, rt_arena *a, rt_db *db)
{
	static const char *const names[] = {"id", "size", "comment"};
	static const char *const types[] = {"integer", "text", "text"};
	size_t i;

	if (strcmp(x->t->name, "cat") != 0)
		return 0; /* no such relation */
	x->oid = "16384";
	x->ordinary = 1;
	x->nspname = "public";
	x->relname = "cat";
	x->q = rt_online_qualified(a, db->be, "public", "cat");
	x->reltuples = 10;
	x->ncols = 3;
	x->cols = rt_arena_array(a, 4, sizeof(*x->cols));
	x->pk = rt_arena_array(a, 2, sizeof(*x->pk));
	assert_non_null(x->cols);
	assert_non_null(x->pk);
	for (i = 0; i < 3; i++) {
		x->cols[i].name = names[i];
		x->cols[i].type = types[i];
		x->cols[i].attnum = i == 0 ? "1" : i == 1 ? "2" : "3";
	}
	x->cols[0].not_null = 1;
	x->pk[0] = "id";
	x->npk = 1;
	return 0;
}

static int fake_relation_exists(int *exists, rt_arena *a, rt_db *db,
				const char *qualified)
{
	(void)a;
	(void)db;
	*exists = new_name_taken && strstr(qualified, "kitten") != NULL;
	return 0;
}

static int fake_name_taken(int *taken, rt_arena *a, rt_db *db,
			   const rt_online_xtable *x, const char *name)
{
	(void)a;
	(void)db;
	(void)x;
	(void)name;
	*taken = 0;
	return 0;
}

static int fake_column_users(const char **out, rt_arena *a, rt_db *db,
			     const rt_online_xtable *x,
			     const rt_online_catcol *c, int views_only,
			     int plain_ok, const char *old_schema,
			     const char *new_schema)
{
	(void)a;
	(void)db;
	(void)x;
	(void)views_only;
	(void)plain_ok;
	(void)old_schema;
	(void)new_schema;
	*out = users_of_size && !strcmp(c->name, "size") ? users_of_size : "";
	return 0;
}

static int fake_column_indexes(rt_online_catcol *c, rt_arena *a, rt_db *db,
			       const rt_online_xtable *x, const char *new_type)
{
	(void)a;
	(void)db;
	(void)x;
	(void)new_type;
	c->nix = 0;
	return 0;
}

static int fake_column_constraints(rt_online_catcol *c, rt_arena *a, rt_db *db,
				   const rt_online_xtable *x,
				   const rt_online_plan *p)
{
	(void)a;
	(void)db;
	(void)x;
	(void)p;
	c->ncon = c->nrf = 0;
	return 0;
}

static int fake_key_columns(const char ***names, const char ***types, size_t *n,
			    rt_arena *a, rt_db *db, const char *table)
{
	(void)names;
	(void)types;
	(void)a;
	(void)db;
	(void)table;
	*n = 0;
	return 0;
}

static int fake_index_valid(const char **out, rt_arena *a, rt_db *db,
			    const char *qualified)
{
	(void)a;
	(void)db;
	(void)qualified;
	*out = NULL;
	return 0;
}

static const rt_online_ops fake_ops = {
    .hook = RT_ONLINE_HOOK,
    .current_schema = fake_current_schema,
    .load_table = fake_load_table,
    .relation_exists = fake_relation_exists,
    .name_taken = fake_name_taken,
    .column_users = fake_column_users,
    .column_indexes = fake_column_indexes,
    .column_constraints = fake_column_constraints,
    .key_columns = fake_key_columns,
    .index_valid = fake_index_valid,
};

static const rt_backend fake_engine = {
    .name = "fake",
    .caps = RT_CAP_ONLINE,
    .online = &fake_ops,
    .quote_ident = rt_buf_put_ident,
};

static rt_migration *mig(const char *up, const char *down)
{
	rt_buf b = RT_BUF_INIT;
	rt_migration *m = NULL;

	rt_buf_init(&b);
	rt_buf_printf(&b,
		      "-- retort:parent 20260101000000_base\n"
		      "-- retort:online\n-- retort:up\n%s\n",
		      up);
	if (down)
		rt_buf_printf(&b, "-- retort:down\n%s\n", down);
	assert_int_equal(rt_migration_parse(&m, &arena, PATH,
					    "20260102000000_online", b.ptr,
					    b.len),
			 0);
	rt_buf_release(&b);
	return m;
}

/* Resolve `up` against the fake catalog: 0, or the error. */
static int resolve(rt_online_plan **p, rt_online_xtable **xs, const char *up,
		   const char *down)
{
	static rt_db db;

	memset(&db, 0, sizeof(db));
	db.be = &fake_engine;
	assert_int_equal(rt_online_plan_make(p, mig(up, down)), 0);
	*xs = rt_arena_array(&arena, (*p)->tables.len + 1, sizeof(**xs));
	assert_non_null(*xs);
	return rt_online_resolve(*xs, &arena, &db, *p, "rt_base", "rt_new");
}

static void assert_has(const rt_buf *b, const char *s)
{
	if (!strstr(rt_buf_cstr(b), s))
		fail_msg("script lacks '%s':\n%s", s, rt_buf_cstr(b));
}

static int setup(void **state)
{
	(void)state;
	rt_arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rt_arena_release(&arena);
	return 0;
}

static void test_online_resolve_scripts(void **state)
{
	rt_online_plan *p = NULL;
	rt_online_xtable *xs;
	rt_online_scripts s;

	(void)state;
	users_of_size = NULL;
	new_name_taken = 0;
	assert_int_equal(
	    resolve(&p, &xs,
		    "ALTER TABLE cat RENAME COLUMN comment TO message;\n"
		    "ALTER TABLE cat ALTER COLUMN size TYPE integer "
		    "USING size::integer;",
		    "ALTER TABLE cat ALTER COLUMN size TYPE text "
		    "USING size::text;\n"
		    "ALTER TABLE cat RENAME COLUMN message TO comment;"),
	    0);
	assert_true(xs[0].trigger);
	assert_true(xs[0].backfill);
	assert_ptr_equal(xs[0].be, &fake_engine);

	rt_online_scripts_init(&s);
	s.be = &fake_engine;
	s.old_schema = "rt_base";
	s.new_schema = "rt_new";
	assert_int_equal(rt_online_scripts_write(&s, &arena, xs, 1), 0);
	/* quoted by the engine's quoter (here: always) */
	assert_has(&s.expand, "LOCK TABLE \"public\".\"cat\" IN ACCESS "
			      "EXCLUSIVE MODE;\n");
	assert_has(&s.expand, "ALTER TABLE \"public\".\"cat\" ADD COLUMN "
			      "\"_rt_size\" int;\n");
	assert_has(&s.expand, "CREATE TRIGGER _rt_sync BEFORE INSERT OR "
			      "UPDATE ON \"public\".\"cat\"");
	assert_has(&s.expand, "CREATE VIEW \"rt_new\".\"cat\" AS SELECT "
			      "\"id\", \"_rt_size\" AS \"size\", \"comment\" "
			      "AS \"message\" FROM \"public\".\"cat\";\n");
	assert_has(&s.contract, "ALTER TABLE \"public\".\"cat\" DROP COLUMN "
				"\"size\";\nALTER TABLE \"public\".\"cat\" "
				"RENAME COLUMN \"_rt_size\" TO \"size\";\n");
	assert_has(&s.contract, "ALTER TABLE \"public\".\"cat\" RENAME "
				"COLUMN \"comment\" TO \"message\";\n");
	assert_has(&s.rollback, "ALTER TABLE \"public\".\"cat\" DROP COLUMN "
				"IF EXISTS \"_rt_size\";\n");
	assert_int_equal(s.post.len, 0);
	rt_online_scripts_release(&s);
	rt_online_plan_free(p);
}

/* What the catalog shows refuses the migration at the statement's line. */
static void test_online_resolve_refusals(void **state)
{
	rt_online_plan *p = NULL;
	rt_online_xtable *xs;

	(void)state;
	users_of_size = NULL;
	new_name_taken = 0;
	assert_int_equal(
	    resolve(&p, &xs, "ALTER TABLE dog RENAME COLUMN a TO b;", NULL),
	    RT_ERROR);
	assert_error_contains("cannot run");
	assert_string_equal(rt_error_last()->detail,
			    "table \"dog\" does not exist");
	assert_int_equal(rt_error_last()->line, 4);
	rt_online_plan_free(p);

	assert_int_equal(
	    resolve(&p, &xs, "ALTER TABLE cat RENAME COLUMN nope TO b;", NULL),
	    RT_ERROR);
	assert_string_equal(rt_error_last()->detail,
			    "column 'nope' of \"public\".\"cat\" does not "
			    "exist");
	rt_online_plan_free(p);

	users_of_size = "view v";
	assert_int_equal(resolve(&p, &xs,
				 "\nALTER TABLE cat ALTER COLUMN size TYPE "
				 "integer USING size::integer;",
				 NULL),
			 RT_ERROR);
	assert_string_equal(rt_error_last()->detail,
			    "column 'size' is used by view v");
	assert_int_equal(rt_error_last()->line, 5);
	rt_online_plan_free(p);
	users_of_size = NULL;

	new_name_taken = 1;
	assert_int_equal(
	    resolve(&p, &xs, "ALTER TABLE cat RENAME TO kitten;", NULL),
	    RT_ERROR);
	assert_string_equal(rt_error_last()->detail,
			    "\"public\".\"kitten\" already exists");
	rt_online_plan_free(p);
	new_name_taken = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_online_resolve_scripts),
	    cmocka_unit_test(test_online_resolve_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
