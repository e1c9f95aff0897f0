/*
 * test_online_plan.c: the online planner (src/lib/online/plan.c), which
 * needs no server: statements to operations, the column model, physical
 * names in stored SQL, and refusals with file:line and the reason.
 */
#include "migration/migration.h"
#include "online/online.h"
#include "test.h"

#define PATH "m/20260102000000_online.sql"

static rt_arena arena;

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
	assert_true(m->online);
	return m;
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

static rt_online_plan *plan_ok(const char *up, const char *down)
{
	rt_online_plan *p = NULL;
	int error = rt_online_plan_make(&p, mig(up, down));

	if (error < 0)
		fail_msg("plan failed: %s (%s)", rt_error_last()->message,
			 rt_error_last()->detail ? rt_error_last()->detail
						 : "");
	return p;
}

/* The plan is refused at `line` with `msg` in the message and `why` in
 * the detail. */
static void refused(const char *up, int line, const char *msg, const char *why)
{
	rt_online_plan *p = NULL;
	const rt_error *e;

	assert_int_equal(rt_online_plan_make(&p, mig(up, NULL)), RT_ERROR);
	assert_null(p);
	e = rt_error_last();
	assert_error_contains(msg);
	assert_non_null(e->file);
	assert_string_equal(e->file, PATH);
	assert_int_equal(e->line, line);
	if (why) {
		assert_non_null(e->detail);
		if (!strstr(e->detail, why))
			fail_msg("detail '%s' lacks '%s'", e->detail, why);
	}
}

static rt_online_table *table(rt_online_plan *p, size_t i)
{
	assert_true(i < p->tables.len);
	return p->tables.items[i];
}

static void test_online_plan_rename_and_type(void **state)
{
	rt_online_plan *p;
	rt_online_table *t;
	rt_online_column *c;
	rt_online_op *op;

	(void)state;
	p = plan_ok("ALTER TABLE cat RENAME COLUMN comment TO message;\n"
		    "ALTER TABLE cat ALTER COLUMN size TYPE integer "
		    "USING nullif(size, '')::integer;",
		    "ALTER TABLE cat ALTER COLUMN size TYPE text USING "
		    "size::text;\n"
		    "ALTER TABLE cat RENAME COLUMN message TO comment;");
	assert_int_equal(p->tables.len, 1);
	t = table(p, 0);
	assert_string_equal(t->name, "cat");
	assert_null(t->schema);
	assert_int_equal(t->columns.len, 2);

	c = rt_online_table_column(t, "message");
	assert_non_null(c);
	assert_ptr_equal(c, rt_online_table_column(t, "comment"));
	assert_true(c->renamed);
	assert_false(c->retyped);
	assert_string_equal(c->name, "comment");
	assert_string_equal(c->new_name, "message");

	c = rt_online_table_column(t, "size");
	assert_true(c->retyped);
	assert_string_equal(c->type, "int");
	/* up: over the old shape's physical columns */
	assert_string_equal(c->up_using, "CAST(NULLIF(size, '') AS int)");
	/* down: the value of the new shape is the shadow column */
	assert_string_equal(c->down_using, "_rt_size::text");

	assert_int_equal(p->ops.len, 2);
	op = p->ops.items[0];
	assert_int_equal(op->kind, RT_ONLINE_RENAME_COLUMN);
	assert_int_equal(op->line, 4);
	assert_string_equal(op->column, "comment");
	op = p->ops.items[1];
	assert_int_equal(op->kind, RT_ONLINE_ALTER_TYPE);
	assert_int_equal(op->line, 5);
	rt_online_plan_free(p);
}

/* Without USING the conversion is a cast of the column; without a down
 * USING the reverse is left to expand (the old type is in the catalog). */
static void test_online_plan_type_without_using(void **state)
{
	rt_online_plan *p;
	rt_online_column *c;

	(void)state;
	p = plan_ok("ALTER TABLE \"Big\" ALTER COLUMN \"N\" TYPE bigint;",
		    NULL);
	c = rt_online_table_column(table(p, 0), "N");
	assert_non_null(c);
	assert_string_equal(c->up_using, "\"N\"::bigint");
	assert_null(c->down_using);
	rt_online_plan_free(p);
}

/* A conversion that uses a column renamed in the same migration, by
 * either name, reads the physical column. */
static void test_online_plan_using_sees_renames(void **state)
{
	rt_online_plan *p;
	rt_online_column *c;

	(void)state;
	p = plan_ok("ALTER TABLE t RENAME COLUMN a TO b;\n"
		    "ALTER TABLE t ALTER COLUMN c TYPE text USING b || c;",
		    "ALTER TABLE t ALTER COLUMN c TYPE integer USING "
		    "length(c) + length(b);");
	c = rt_online_table_column(table(p, 0), "c");
	assert_string_equal(c->up_using, "a || c");
	assert_string_equal(c->down_using, "length(_rt_c) + length(a)");
	rt_online_plan_free(p);
}

static void test_online_plan_not_null_add_drop(void **state)
{
	rt_online_plan *p;
	rt_online_table *t;
	rt_online_column *c;

	(void)state;
	p = plan_ok("ALTER TABLE t ALTER COLUMN owner SET NOT NULL,\n"
		    "  ADD COLUMN score integer NOT NULL DEFAULT 0,\n"
		    "  ADD COLUMN token uuid DEFAULT gen_random_uuid(),\n"
		    "  ADD COLUMN seen timestamptz DEFAULT now(),\n"
		    "  DROP COLUMN legacy;",
		    NULL);
	t = table(p, 0);
	c = rt_online_table_column(t, "owner");
	assert_true(c->set_not_null);
	c = rt_online_table_column(t, "score");
	assert_true(c->added);
	assert_null(c->name);
	assert_true(c->not_null);
	assert_string_equal(c->default_sql, "0");
	assert_false(c->volatile_default);
	c = rt_online_table_column(t, "token");
	assert_true(c->volatile_default);
	c = rt_online_table_column(t, "seen");
	assert_false(c->volatile_default);
	c = rt_online_table_column(t, "legacy");
	assert_true(c->dropped);
	assert_null(c->new_name);
	assert_int_equal(p->ops.len, 5);
	rt_online_plan_free(p);
}

/* Constraints become NOT VALID (validated after the backfill) and name
 * the physical columns; an unnamed one gets PostgreSQL's kind of name. */
static void test_online_plan_constraints(void **state)
{
	rt_online_plan *p;
	rt_online_table *t;
	rt_online_constraint *k;

	(void)state;
	p = plan_ok(
	    "ALTER TABLE cat ALTER COLUMN size TYPE integer USING "
	    "size::integer;\n"
	    "ALTER TABLE cat ADD CONSTRAINT size_positive CHECK "
	    "(size > 0);\n"
	    "ALTER TABLE cat ADD FOREIGN KEY (owner_id) REFERENCES "
	    "person (id);\n"
	    "ALTER TABLE cat ADD CONSTRAINT cat_name_key UNIQUE (name);",
	    NULL);
	t = table(p, 0);
	assert_int_equal(t->constraints.len, 3);
	k = t->constraints.items[0];
	assert_int_equal(k->kind, RT_ONLINE_CHECK);
	assert_string_equal(k->name, "size_positive");
	assert_string_equal(k->clause,
			    "ALTER TABLE cat ADD CONSTRAINT size_positive "
			    "CHECK (_rt_size > 0) NOT VALID");
	k = t->constraints.items[1];
	assert_int_equal(k->kind, RT_ONLINE_FOREIGN_KEY);
	assert_string_equal(k->name, "cat_owner_id_fkey");
	assert_non_null(strstr(k->clause, "NOT VALID"));
	assert_non_null(strstr(k->clause, "REFERENCES person (id)"));
	k = t->constraints.items[2];
	assert_int_equal(k->kind, RT_ONLINE_UNIQUE);
	assert_null(strstr(k->clause, "NOT VALID"));
	/* built first, concurrently, then attached with USING INDEX */
	assert_string_equal(k->index_sql, "CREATE UNIQUE INDEX cat_name_key ON "
					  "cat USING btree (name)");
	assert_int_equal(k->line, 7);
	rt_online_plan_free(p);
}

/* CREATE INDEX is stored without CONCURRENTLY (expand adds it) and over
 * the physical columns, whatever name the statement used. */
static void test_online_plan_index(void **state)
{
	rt_online_plan *p;
	rt_online_table *t;
	rt_online_index *ix;

	(void)state;
	p = plan_ok("ALTER TABLE cat RENAME COLUMN comment TO message;\n"
		    "CREATE INDEX CONCURRENTLY cat_message_idx ON cat "
		    "(lower(message)) WHERE message IS NOT NULL;",
		    NULL);
	t = table(p, 0);
	assert_int_equal(t->indexes.len, 1);
	ix = t->indexes.items[0];
	assert_string_equal(ix->name, "cat_message_idx");
	assert_string_equal(ix->sql, "CREATE INDEX cat_message_idx ON cat "
				     "USING btree (lower(comment)) WHERE "
				     "comment IS NOT NULL");
	rt_online_plan_free(p);
}

/* A table renamed: later statements may use either name. */
static void test_online_plan_rename_table(void **state)
{
	rt_online_plan *p;
	rt_online_table *t;

	(void)state;
	p = plan_ok("ALTER TABLE app.cat RENAME TO feline;\n"
		    "ALTER TABLE app.feline RENAME COLUMN comment TO message;",
		    NULL);
	assert_int_equal(p->tables.len, 1);
	t = table(p, 0);
	assert_string_equal(t->schema, "app");
	assert_string_equal(t->name, "cat");
	assert_string_equal(t->new_name, "feline");
	assert_non_null(rt_online_table_column(t, "message"));
	rt_online_plan_free(p);
}

static void test_online_plan_refusals(void **state)
{
	(void)state;
	refused("ALTER TABLE t RENAME COLUMN a TO b;\nDROP TABLE old;", 5,
		"this statement cannot run online", "DROP TABLE old");
	refused("UPDATE t SET a = 1;", 4, "cannot run online", "ALTER TABLE");
	refused("ALTER TABLE t ALTER COLUMN a DROP DEFAULT;", 4,
		"this ALTER TABLE command cannot run online", NULL);
	refused("\n\nALTER TABLE t ADD COLUMN n int NOT NULL;", 6,
		"ADD COLUMN ... NOT NULL cannot run online",
		"inserts of the version still running would fail");
	refused("ALTER TABLE t DROP COLUMN a CASCADE;", 4,
		"DROP COLUMN ... CASCADE", NULL);
	refused("ALTER TABLE t RENAME COLUMN a TO b;\n"
		"ALTER TABLE t RENAME COLUMN b TO c;",
		5, "RENAME COLUMN cannot run online", "renamed twice");
	refused("ALTER TABLE t RENAME COLUMN a TO b;\n"
		"ALTER TABLE t RENAME COLUMN c TO a;",
		5, "RENAME COLUMN", "another column's name");
	refused("ALTER TABLE t ALTER COLUMN a TYPE int;\n"
		"ALTER TABLE t ALTER COLUMN a TYPE bigint;",
		5, "ALTER COLUMN TYPE", "changed twice");
	refused("ALTER TABLE t ADD PRIMARY KEY (id);", 4, "ADD CONSTRAINT",
		"only CHECK, FOREIGN KEY and UNIQUE");
	refused("CREATE INDEX ON t (a);", 4, "CREATE INDEX without a name",
		NULL);
	refused("ALTER TABLE t DROP COLUMN a;\n"
		"ALTER TABLE t ALTER COLUMN a SET NOT NULL;",
		5, "SET NOT NULL", "dropped earlier");
	refused("BEGIN;\nALTER TABLE t RENAME COLUMN a TO b;\nCOMMIT;", 4,
		"BEGIN/COMMIT", NULL);
	refused("ALTER TABLE t ADD COLUMN n int REFERENCES p (id);", 4,
		"ADD COLUMN", "column constraint");
}

static void test_online_plan_parse_error(void **state)
{
	rt_online_plan *p = NULL;

	(void)state;
	assert_int_equal(rt_online_plan_make(&p, mig("ALTER TABLE t\n"
						     "  RENAME COLUMN a TO;",
						     NULL)),
			 RT_ERROR);
	assert_error_contains("could not parse");
	assert_int_equal(rt_error_last()->line, 5);
}

/* The old version is the parent's: an online root has none. */
static void test_online_plan_needs_one_parent(void **state)
{
	rt_online_plan *p = NULL;
	rt_migration *m = NULL;
	const char *text = "-- retort:online\n-- retort:up\n"
			   "ALTER TABLE t RENAME COLUMN a TO b;\n";

	(void)state;
	assert_int_equal(rt_migration_parse(&m, &arena, PATH,
					    "20260102000000_online", text,
					    strlen(text)),
			 0);
	assert_int_equal(rt_online_plan_make(&p, m), RT_ERROR);
	assert_error_contains("exactly one parent");
}

static void test_online_plan_rewrite(void **state)
{
	const char *from[] = {"size", "comment"};
	const char *to[] = {"_rt_size", "comment"};
	char *out;

	(void)state;
	assert_int_equal(rt_online_rewrite(&out, &arena,
					   "nullif(t.size, '')::int + x", 1,
					   from, to, 2, "new"),
			 0);
	assert_string_equal(out,
			    "CAST(NULLIF(new._rt_size, '') AS int) + new.x");
	assert_int_equal(
	    rt_online_rewrite(&out, &arena, "size * 2", 1, from, to, 2, NULL),
	    0);
	assert_string_equal(out, "_rt_size * 2");
	assert_int_equal(
	    rt_online_rewrite(&out, &arena, "size +", 1, from, to, 2, NULL),
	    RT_ERROR);
	assert_error_contains("could not parse");
}

static void test_online_plan_names(void **state)
{
	char rev[80];

	(void)state;
	assert_string_equal(rt_online_shadow_name(&arena, "size"), "_rt_size");
	assert_string_equal(rt_online_schema_name(&arena, "20261122013000_x"),
			    "rt_20261122013000_x");
	memset(rev, 'a', sizeof(rev) - 1);
	rev[sizeof(rev) - 1] = '\0';
	assert_int_equal(strlen(rt_online_schema_name(&arena, rev)), 63);
}

static void test_online_plan_describe(void **state)
{
	rt_buf b = RT_BUF_INIT;

	(void)state;
	rt_buf_init(&b);
	assert_int_equal(
	    rt_online_describe(&b, mig("ALTER TABLE cat RENAME COLUMN "
				       "comment TO message;\n"
				       "CREATE INDEX i ON cat (size);",
				       NULL)),
	    0);
	assert_string_equal(b.ptr, PATH
			    ":4: rename column cat.comment to message\n" PATH
			    ":5: create index cat.i concurrently\n");
	rt_buf_release(&b);
}

/* What the runner refuses before anything runs (no database needed). */
static void test_online_plan_check_plan(void **state)
{
	rt_migration *steps[2];
	rt_migration later;

	(void)state;
	memset(&later, 0, sizeof(later));
	later.name = "20260103000000_later";
	steps[0] =
	    mig("ALTER TABLE cat RENAME COLUMN comment TO message;", NULL);
	steps[1] = &later;
	assert_int_equal(rt_online_check_plan(NULL, steps, 1, RT_UP, 0), 0);
	assert_int_equal(rt_online_check_plan(NULL, steps, 2, RT_UP, 0),
			 RT_ERROR);
	assert_error_contains("must be completed before "
			      "'20260103000000_later' runs");
	assert_int_equal(rt_online_check_plan(NULL, steps, 1, RT_UP, 1),
			 RT_EUSAGE);
	assert_error_contains("--single-transaction");
	/* going down, the online step is an ordinary one */
	assert_int_equal(rt_online_check_plan(NULL, steps, 2, RT_DOWN, 0), 0);
	steps[0] = mig("ALTER TABLE cat RENAME COLUMN comment TO message;\n"
		       "TRUNCATE cat;",
		       NULL);
	assert_int_equal(rt_online_check_plan(NULL, steps, 1, RT_UP, 0),
			 RT_ERROR);
	assert_error_contains("this statement cannot run online");
	assert_int_equal(rt_error_last()->line, 5);
}

/* The engines' descriptors: RT_CAP_ONLINE iff an online table, whose
 * every slot is set, and the runner's hook is its first member. */
static void test_online_plan_engine_ops(void **state)
{
	const rt_backend *const *all;
	size_t i, n, online = 0;

	(void)state;
	all = rt_backend_all(&n);
	for (i = 0; i < n; i++) {
		const rt_online_hook *h = rt_online_hook_of(all[i]);

		assert_int_equal(!(all[i]->caps & RT_CAP_ONLINE), !all[i]->online);
		if (!all[i]->online) {
			assert_null(h);
			continue;
		}
		online++;
		assert_true(rt_online_ops_complete(all[i]->online));
		assert_ptr_equal(h->expand, rt_online_expand);
		assert_ptr_equal(h->check_plan, rt_online_check_plan);
	}
	assert_true(online >= 1);
	assert_null(rt_backend_sqlite.online);
	assert_non_null(rt_backend_postgres.online);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_online_plan_rename_and_type),
	    cmocka_unit_test(test_online_plan_type_without_using),
	    cmocka_unit_test(test_online_plan_using_sees_renames),
	    cmocka_unit_test(test_online_plan_not_null_add_drop),
	    cmocka_unit_test(test_online_plan_constraints),
	    cmocka_unit_test(test_online_plan_index),
	    cmocka_unit_test(test_online_plan_rename_table),
	    cmocka_unit_test(test_online_plan_refusals),
	    cmocka_unit_test(test_online_plan_parse_error),
	    cmocka_unit_test(test_online_plan_needs_one_parent),
	    cmocka_unit_test(test_online_plan_rewrite),
	    cmocka_unit_test(test_online_plan_names),
	    cmocka_unit_test(test_online_plan_describe),
	    cmocka_unit_test(test_online_plan_check_plan),
	    cmocka_unit_test(test_online_plan_engine_ops),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
