/*
 * lint_pg.c: the PostgreSQL rules, over libpg_query parse trees.
 *
 * A step is parsed in one call (pg_query_parse_protobuf) and unpacked with
 * the protobuf-c code bundled in libpg_query's archive; each RawStmt is
 * then dispatched on its node type and the typed fields decide: an
 * AlterTableCmd's subtype, a Constraint's contype and skip_validation, an
 * IndexStmt's concurrent flag, a ColumnDef's constraints and TypeName.
 * No rule looks at the SQL text; the text is only used to point at a
 * line and column, and the safe alternatives are deparsed from modified
 * copies of the statement's own tree (pg_query_deparse_protobuf).
 *
 * A step that does not parse as a whole is split and parsed statement by
 * statement, so one statement of newer syntax costs only itself: it is
 * reported as unparsed-statement (a warning) and the rest is analysed.
 */
#include "lint/lint.h"
#include "catalog/stable_postgres.h"
#include "util/pg_tree.h"
#include "util/sql_lex.h"

#include <ctype.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

typedef PgQuery__Node Node;

/* One parse: the tree and where its text starts in the step. */
typedef struct pgx {
	lint_ctx *x;
	size_t base; /* offset of the parsed text in x->text */
} pgx;

/* Constraints seen in the run: for set-not-null (a validated
 * CHECK (col IS NOT NULL) makes it cheap) and for VALIDATE in the same
 * transaction as the NOT VALID add. */
typedef struct pg_check {
	const char *name, *table, *not_null_col;
	enum lint_rule rule; /* of the add: foreign key or check */
	const rt_migration *m;
	int validated;
	int dropped; /* by the run: hides the database's and history's */
} pg_check;

/* ---- small helpers --------------------------------------------------------
 */

static const char *sval(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING
		   ? n->string->sval
		   : NULL;
}

static long at(const pgx *p, int32_t location)
{
	return location >= 0 ? (long)(p->base + (size_t)location) : -1;
}

/* "schema.rel", quoted as SQL needs. */
static const char *rv_name(lint_ctx *x, const PgQuery__RangeVar *rv)
{
	rt_buf b = RT_BUF_INIT;
	char *s;

	if (!rv)
		return NULL;
	rt_buf_init(&b);
	if (rv->schemaname && *rv->schemaname) {
		rt_lint_put_ident(&b, rv->schemaname);
		rt_buf_putc(&b, '.');
	}
	rt_lint_put_ident(&b, rv->relname);
	if (rt_buf_check(&b) < 0)
		return NULL;
	s = rt_arena_strdup(x->a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return s;
}

/* A dotted name from String nodes (DROP objects, type names). */
static const char *dotted(lint_ctx *x, Node **items, size_t n)
{
	rt_buf b = RT_BUF_INIT;
	size_t i;
	char *s;

	rt_buf_init(&b);
	for (i = 0; i < n; i++) {
		const char *part = sval(items[i]);

		if (!part)
			continue;
		if (b.len)
			rt_buf_putc(&b, '.');
		rt_lint_put_ident(&b, part);
	}
	if (rt_buf_check(&b) < 0)
		return NULL;
	s = rt_arena_strdup(x->a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return s;
}

/* The name of a DROP/RENAME object: a List of Strings, a String, or a
 * TypeName. */
static const char *object_name(lint_ctx *x, const Node *n)
{
	if (!n)
		return NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_LIST:
		return dotted(x, n->list->items, n->list->n_items);
	case PG_QUERY__NODE__NODE_STRING:
		return dotted(x, (Node **)&n, 1);
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		return dotted(x, n->type_name->names, n->type_name->n_names);
	default:
		return NULL;
	}
}

static const char *last_name(Node **items, size_t n)
{
	return n ? sval(items[n - 1]) : NULL;
}

static int hit(lint_ctx *x, enum lint_rule rule, const char *table, long pos,
	       const char *message, const char *safe_sql)
{
	lint_hit h = {0};

	if (!message)
		return RT_ERROR;
	h.rule = rule;
	h.table = table;
	h.pos = pos;
	h.message = message;
	h.safe_sql = safe_sql;
	return rt_lint_emit(x, &h, NULL);
}

/* ---- deparsing the safe alternatives ----------------------------------------
 */

/* The SQL of one statement node, with a ';'. NULL when libpg_query cannot
 * deparse it: the finding then goes without SQL, not an error. */
static char *deparse(lint_ctx *x, Node *stmt)
{
	char *sql = rt_pg_deparse(x->a, stmt);

	if (!sql) {
		rt_error_clear();
		return NULL;
	}
	return rt_lint_fmt(x, "%s;", sql);
}

/* ALTER TABLE rel <cmd>; */
static char *deparse_alter(lint_ctx *x, PgQuery__RangeVar *rel,
			   PgQuery__AlterTableCmd *cmd)
{
	PgQuery__AlterTableStmt ats = PG_QUERY__ALTER_TABLE_STMT__INIT;
	Node cn = PG_QUERY__NODE__INIT, sn = PG_QUERY__NODE__INIT;
	Node *cmds[1] = {&cn};

	cn.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
	cn.alter_table_cmd = cmd;
	ats.relation = rel;
	ats.n_cmds = 1;
	ats.cmds = cmds;
	ats.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
	sn.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_STMT;
	sn.alter_table_stmt = &ats;
	return deparse(x, &sn);
}

/* ---- expressions
 * -------------------------------------------------------------- */

static int in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

struct volatility {
	const char *fn; /* the first volatile or unknown function */
	int32_t location;
	int known; /* 1: known volatile; 0: unknown */
};

/* For rt_pg_tree_walk, which visits every Node under a message: the
 * expression kinds are many (CASE, COALESCE, arrays, row constructors)
 * and a rule that looks for function calls must see into all of them.
 * The function lists are catalog/stable_postgres.c's. */
static int find_volatile(Node *n, void *arg)
{
	struct volatility *v = arg;
	const char *name;

	if (n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return 0;
	name = last_name(n->func_call->funcname, n->func_call->n_funcname);
	if (!name || rt_pg_fn_is_stable(name))
		return 0;
	v->fn = name;
	v->location = n->func_call->location;
	v->known = rt_pg_fn_is_volatile(name);
	return v->known; /* keep looking for a known one */
}

/* ---- types (the STYLE rules)
 * ------------------------------------------------- */

static int is_serial(const PgQuery__TypeName *t)
{
	static const char *const serials[] = {
	    "serial",  "serial4",     "bigserial",
	    "serial8", "smallserial", "serial2",
	};
	const char *last;

	if (!t || t->n_names != 1 || !(last = sval(t->names[0])))
		return 0;
	return in_list(last, serials, RT_ARRAY_SIZE(serials));
}

/* pg_catalog.NAME, as the grammar writes the SQL-standard types. */
static int is_catalog_type(const PgQuery__TypeName *t, const char *name)
{
	const char *first, *last;

	if (!t || t->n_names != 2)
		return 0;
	first = sval(t->names[0]);
	last = sval(t->names[1]);
	return first && last && !strcmp(first, "pg_catalog") &&
	       !strcmp(last, name);
}

static int is_int32(const PgQuery__TypeName *t)
{
	const char *last;

	if (is_catalog_type(t, "int4") || is_catalog_type(t, "int2"))
		return 1;
	if (!t || t->n_names != 1 || !(last = sval(t->names[0])))
		return 0;
	return !strcmp(last, "serial") || !strcmp(last, "serial4") ||
	       !strcmp(last, "smallserial") || !strcmp(last, "serial2") ||
	       !strcmp(last, "int4") || !strcmp(last, "int2");
}

static int type_rules(pgx *p, const PgQuery__TypeName *t, const char *col,
		      int pk)
{
	lint_ctx *x = p->x;
	long pos;
	int error = 0;

	if (!t)
		return 0;
	pos = at(p, t->location);
	if (is_catalog_type(t, "bpchar"))
		error =
		    hit(x, R_CHAR_COLUMN, NULL, pos,
			rt_lint_fmt(x, "column '%s' is char(n)", col), NULL);
	else if (is_catalog_type(t, "timestamp"))
		error = hit(x, R_TIMESTAMP_WITHOUT_TIME_ZONE, NULL, pos,
			    rt_lint_fmt(x,
					"column '%s' is timestamp without time "
					"zone",
					col),
			    NULL);
	if (error < 0)
		return error;
	if (is_serial(t))
		error = hit(
		    x, R_SERIAL_COLUMN, NULL, pos,
		    rt_lint_fmt(x, "column '%s' is %s", col, sval(t->names[0])),
		    rt_lint_fmt(x,
				"%s bigint GENERATED BY DEFAULT AS "
				"IDENTITY",
				col));
	if (error < 0)
		return error;
	if (pk && is_int32(t))
		error = hit(x, R_INT_PRIMARY_KEY, NULL, pos,
			    rt_lint_fmt(x,
					"primary key column '%s' is a 32-bit "
					"integer",
					col),
			    NULL);
	return error;
}

/* ---- constraints remembered across the run
 * ------------------------------------- */

/* "public.t" is "t": the default schema, as the run names it */
static int table_eq(const char *a, const char *b)
{
	if (!strncmp(a, "public.", 7))
		a += 7;
	if (!strncmp(b, "public.", 7))
		b += 7;
	return !strcmp(a, b);
}

static pg_check *find_check(const lint_ctx *x, const char *table,
			    const char *name)
{
	size_t i;

	for (i = x->pg_checks.len; i-- > 0;) {
		pg_check *c = x->pg_checks.items[i];

		if (!strcmp(c->name, name) && table_eq(c->table, table))
			return c;
	}
	return NULL;
}

/* A validated CHECK (col IS NOT NULL) among the context's own records,
 * not dropped since, and not hidden by what `run` did to it (when the
 * context is the history). */
static int not_null_validated(const lint_ctx *x, const lint_ctx *run,
			      const char *table, const char *col)
{
	size_t i;

	for (i = 0; i < x->pg_checks.len; i++) {
		pg_check *c = x->pg_checks.items[i];

		if (c->validated && !c->dropped && c->not_null_col &&
		    !strcmp(c->not_null_col, col) &&
		    table_eq(c->table, table) &&
		    find_check(x, table, c->name) == c &&
		    (!run || !find_check(run, table, c->name)))
			return 1;
	}
	return 0;
}

static int remember_check(lint_ctx *x, const char *table, const char *name,
			  const char *col, enum lint_rule rule, int validated);

/*
 * Does a validated CHECK (col IS NOT NULL) make SET NOT NULL cheap (no
 * scan on PostgreSQL 12+)? The run's own statements first, then the
 * database (what earlier upgrades deployed), else the directory's
 * migrations before this one.
 */
static int not_null_known(lint_ctx *x, const char *table, const char *col,
			  int *known)
{
	rt_vec names = {0};
	lint_ctx *h;
	size_t i;
	int error;

	*known = 0;
	if (not_null_validated(x, NULL, table, col)) {
		*known = 1;
		return 0;
	}
	if (x->opts->db) {
		if ((error = rt_lint_catalog_not_null_checks(
			 x, rt_lint_db_name(x, table), col, &names)) < 0)
			return error;
		for (i = 0; i < names.len && !*known; i++)
			*known = !find_check(x, table, names.items[i]);
		return 0;
	}
	if ((error = rt_lint_history(x, &h)) < 0)
		return error;
	*known = h && not_null_validated(h, x, table, col);
	return 0;
}

/* VALIDATE CONSTRAINT of one the run did not add: what it checks, from
 * the database or the history, so that SET NOT NULL can use it. */
static int validate_earlier(lint_ctx *x, const char *table, const char *name)
{
	const char *col = NULL;
	lint_ctx *h;
	pg_check *c;
	int found = 0, error;

	if (x->opts->db) {
		if ((error = rt_lint_catalog_check_column(
			 x, rt_lint_db_name(x, table), name, &col, &found)) < 0)
			return error;
	} else {
		if ((error = rt_lint_history(x, &h)) < 0)
			return error;
		if (h && (c = find_check(h, table, name)) && !c->dropped) {
			found = 1;
			col = c->not_null_col;
		}
	}
	if (!found)
		return 0;
	return remember_check(x, table, name, col, R_ADD_CHECK_VALIDATED, 1);
}

/* CHECK (col IS NOT NULL): the column, else NULL. */
static const char *not_null_check_col(const PgQuery__Constraint *c)
{
	const Node *e = c->raw_expr;
	const PgQuery__NullTest *nt;
	const PgQuery__ColumnRef *cr;

	if (!e || e->node_case != PG_QUERY__NODE__NODE_NULL_TEST)
		return NULL;
	nt = e->null_test;
	if (nt->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL ||
	    !nt->arg || nt->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return NULL;
	cr = nt->arg->column_ref;
	return cr->n_fields == 1 ? sval(cr->fields[0]) : NULL;
}

static int remember_check(lint_ctx *x, const char *table, const char *name,
			  const char *col, enum lint_rule rule, int validated)
{
	pg_check *c = rt_arena_alloc(x->a, sizeof(*c));

	if (!c)
		return RT_ERROR;
	c->name = rt_arena_strdup(x->a, name);
	c->table = table;
	c->not_null_col = col ? rt_arena_strdup(x->a, col) : NULL;
	c->rule = rule;
	c->m = x->m;
	c->validated = validated;
	c->dropped = 0;
	if (!c->name || (col && !c->not_null_col))
		return RT_ERROR;
	return rt_vec_push(x->a, &x->pg_checks, c);
}

/* ---- type changes that only widen ------------------------------------------
 */

/* The catalog's name and typmod of a parsed type, for the types whose
 * widening lint knows; 0 for any other, and for arrays, %TYPE, or
 * typmods that are not plain non-negative numbers. */
static int parsed_type(const PgQuery__TypeName *t, const char **name,
		       int *typmod)
{
	static const char *const known[] = {"varchar", "text", "numeric",
					    "cidr", "inet"};
	long mods[2] = {0, 0};
	const char *last;
	size_t i;

	if (!t || t->n_array_bounds || t->pct_type || t->setof ||
	    t->n_names < 1 || t->n_names > 2 || t->n_typmods > 2)
		return 0;
	if (t->n_names == 2 && (!sval(t->names[0]) ||
				strcmp(sval(t->names[0]), "pg_catalog") != 0))
		return 0;
	last = sval(t->names[t->n_names - 1]);
	if (!last || !in_list(last, known, RT_ARRAY_SIZE(known)))
		return 0;
	for (i = 0; i < t->n_typmods; i++) {
		const Node *n = t->typmods[i];

		if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST ||
		    n->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL ||
		    n->a_const->ival->ival < 0 ||
		    n->a_const->ival->ival > 10000000)
			return 0;
		mods[i] = n->a_const->ival->ival;
	}
	*name = last;
	*typmod = -1;
	if (!strcmp(last, "varchar") && t->n_typmods == 1)
		*typmod = (int)mods[0] + 4;
	else if (!strcmp(last, "numeric") && t->n_typmods >= 1)
		*typmod = (int)((mods[0] << 16) | mods[1]) + 4;
	else if (t->n_typmods)
		return 0;
	return 1;
}

/*
 * Whether PostgreSQL changes a column from one type to the other in the
 * catalog alone: binary-coercible, or a length or precision check that
 * its support functions drop because every old value passes it. No
 * rewrite, no scan, the indexes kept (same operator class), and every
 * value the running application writes still fits.
 */
static int only_widens(const char *from, int from_mod, const char *to,
		       int to_mod)
{
	if (!strcmp(from, to)) {
		if (to_mod == -1 || to_mod == from_mod)
			return 1;
		if (from_mod == -1)
			return 0;
		if (!strcmp(to, "varchar"))
			return to_mod >= from_mod;
		/* numeric: the same scale, no fewer digits */
		return !strcmp(to, "numeric") &&
		       ((to_mod - 4) & 0xffff) == ((from_mod - 4) & 0xffff) &&
		       ((to_mod - 4) >> 16) >= ((from_mod - 4) >> 16);
	}
	if (!strcmp(from, "varchar") && !strcmp(to, "text"))
		return 1;
	if (!strcmp(from, "text") && !strcmp(to, "varchar"))
		return to_mod == -1;
	return !strcmp(from, "cidr") && !strcmp(to, "inet");
}

/* Record the type a statement gives table.col; a COLLATE clause, or a
 * type lint does not know, leaves it one lint cannot compare. */
static int remember_column(lint_ctx *x, const char *table, const char *col,
			   const PgQuery__TypeName *t, int own_collation)
{
	const lint_column *was = rt_lint_run_column(x, table, col);
	lint_column *c = rt_arena_alloc(x->a, sizeof(*c));
	const char *name = NULL;
	int typmod = -1;

	/* the names outlive the statement's tree: copied */
	if (!c || !(c->col = rt_arena_strdup(x->a, col)))
		return RT_ERROR;
	c->table = table;
	c->type = NULL;
	c->added_by = was ? was->added_by : NULL;
	if (t && !own_collation && parsed_type(t, &name, &typmod) &&
	    !(c->type = rt_arena_strdup(x->a, name)))
		return RT_ERROR;
	c->typmod = typmod;
	return rt_vec_push(x->a, &x->pg_columns, c);
}

/* The type moves with a renamed column; the old name has none. */
static int rename_column(lint_ctx *x, const char *table, const char *from,
			 const char *to)
{
	const lint_column *was = rt_lint_run_column(x, table, from);
	lint_column *c = rt_arena_alloc(x->a, sizeof(*c));
	lint_column *gone = rt_arena_alloc(x->a, sizeof(*gone));

	if (!c || !gone || !(c->col = rt_arena_strdup(x->a, to)) ||
	    !(gone->col = rt_arena_strdup(x->a, from)))
		return RT_ERROR;
	c->table = gone->table = table;
	c->type = was ? was->type : NULL;
	c->typmod = was ? was->typmod : -1;
	c->added_by = was ? was->added_by : NULL;
	gone->type = NULL;
	gone->typmod = -1;
	gone->added_by = NULL;
	if (rt_vec_push(x->a, &x->pg_columns, c) < 0)
		return RT_ERROR;
	return rt_vec_push(x->a, &x->pg_columns, gone);
}

/* USING col::T with T the new type: what PostgreSQL does without USING
 * (and how autogenerate writes every type change). */
static int using_is_plain_cast(const PgQuery__ColumnDef *cd, const char *col)
{
	const Node *u = cd->raw_default;
	const PgQuery__TypeCast *tc;
	const PgQuery__ColumnRef *ref;
	const char *a = NULL, *b = NULL;
	int am = -1, bm = -1;

	if (!u)
		return 1;
	if (u->node_case != PG_QUERY__NODE__NODE_TYPE_CAST)
		return 0;
	tc = u->type_cast;
	if (!tc->arg || tc->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return 0;
	ref = tc->arg->column_ref;
	if (ref->n_fields != 1 || !sval(ref->fields[0]) ||
	    strcmp(sval(ref->fields[0]), col) != 0)
		return 0;
	return parsed_type(tc->type_name, &a, &am) &&
	       parsed_type(cd->type_name, &b, &bm) && !strcmp(a, b) &&
	       am == bm;
}

/*
 * ALTER COLUMN ... TYPE that only widens the column. The old type comes
 * from what the run did to the column before, else the catalog, else the
 * migrations before this one. A USING clause other than a plain cast, a
 * COLLATE clause, or a column with a collation of its own (the new type
 * would take the default) is a real change; so is a column lint cannot
 * see. The new type is remembered for the run's next statements.
 */
static int retype_only_widens(pgx *p, const char *table, const char *col,
			      const PgQuery__ColumnDef *cd, int *widens)
{
	lint_ctx *x = p->x;
	const lint_column *known = rt_lint_run_column(x, table, col);
	const char *from = NULL, *to = NULL;
	int from_mod = -1, to_mod = -1, plain_collation = 1, error;

	*widens = 0;
	if (known) {
		from = known->type;
		from_mod = known->typmod;
	} else if (x->opts->db) {
		if ((error = rt_lint_catalog_column_type(
			 x, rt_lint_db_name(x, table), col, &from, &from_mod,
			 &plain_collation)) < 0)
			return error;
	} else {
		if ((error = rt_lint_history_column(x, table, col, &known)) <
		    0)
			return error;
		if (known) {
			from = known->type;
			from_mod = known->typmod;
		}
	}
	if (from && plain_collation && !cd->coll_clause &&
	    using_is_plain_cast(cd, col) &&
	    parsed_type(cd->type_name, &to, &to_mod))
		*widens = only_widens(from, from_mod, to, to_mod);
	return remember_column(x, table, col, cd->type_name,
			       cd->coll_clause != NULL);
}

/* ---- ALTER TABLE
 * ------------------------------------------------------------------ */

/* "a, b" of a key list */
static void put_keys(rt_buf *b, Node **keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *k = sval(keys[i]);

		if (i)
			rt_buf_puts(b, ", ");
		rt_lint_put_ident(b, k ? k : "?");
	}
}

static const char *strip_schema(const char *qualified)
{
	const char *dot = strrchr(qualified, '.');

	return dot ? dot + 1 : qualified;
}

/* The safe form of an index-backed constraint: the index CONCURRENTLY,
 * then the constraint USING INDEX. */
static const char *using_index_sql(lint_ctx *x, const char *table,
				   const PgQuery__Constraint *c, int pk)
{
	rt_buf b = RT_BUF_INIT;
	const char *name;
	char *s;

	if (c->conname && *c->conname)
		name = c->conname;
	else if (pk)
		name = rt_lint_fmt(x, "%s_pkey", strip_schema(table));
	else
		name = rt_lint_fmt(x, "%s_%s_key", strip_schema(table),
				   c->n_keys ? sval(c->keys[0]) : "col");
	if (!name)
		return NULL;
	rt_buf_init(&b);
	rt_buf_puts(&b, "-- retort:up transaction=false (a migration of its "
			"own)\nCREATE UNIQUE INDEX CONCURRENTLY ");
	rt_lint_put_ident(&b, name);
	rt_buf_printf(&b, " ON %s (", table);
	put_keys(&b, c->keys, c->n_keys);
	rt_buf_puts(&b, ");\n-- then, in the next migration:\n");
	rt_buf_printf(&b, "ALTER TABLE %s ADD CONSTRAINT ", table);
	rt_lint_put_ident(&b, name);
	rt_buf_printf(&b, " %s USING INDEX ", pk ? "PRIMARY KEY" : "UNIQUE");
	rt_lint_put_ident(&b, name);
	rt_buf_puts(&b, ";");
	if (rt_buf_check(&b) < 0)
		return NULL;
	s = rt_arena_strdup(x->a, b.ptr);
	rt_buf_release(&b);
	return s;
}

/* NOT VALID, then VALIDATE: from the constraint's own tree. */
static const char *not_valid_sql(lint_ctx *x, PgQuery__RangeVar *rel,
				 const char *table, PgQuery__AlterTableCmd *cmd,
				 const PgQuery__Constraint *c, int fk)
{
	PgQuery__Constraint copy = *c;
	PgQuery__AlterTableCmd cmd2 = *cmd;
	Node cn = PG_QUERY__NODE__INIT;
	const char *add;

	if (!copy.conname || !*copy.conname) {
		/* name it the way PostgreSQL would, to validate it by name */
		const char *col =
		    fk && c->n_fk_attrs ? sval(c->fk_attrs[0]) : NULL;

		copy.conname =
		    (char *)(col ? rt_lint_fmt(x, "%s_%s_fkey",
					       strip_schema(table), col)
				 : rt_lint_fmt(x, "%s_%s", strip_schema(table),
					       fk ? "fkey" : "check"));
		if (!copy.conname)
			return NULL;
	}
	copy.skip_validation = 1;
	copy.initially_valid = 0;
	cn.node_case = PG_QUERY__NODE__NODE_CONSTRAINT;
	cn.constraint = &copy;
	cmd2.def = &cn;
	if (!(add = deparse_alter(x, rel, &cmd2)))
		return NULL;
	return rt_lint_fmt(x,
			   "%s\n-- then, in a later migration (it scans "
			   "without blocking writes):\nALTER TABLE %s "
			   "VALIDATE CONSTRAINT %s;",
			   add, table, copy.conname);
}

static int add_constraint(pgx *p, PgQuery__RangeVar *rel, const char *table,
			  PgQuery__AlterTableCmd *cmd, PgQuery__Constraint *c)
{
	lint_ctx *x = p->x;
	long pos = at(p, c->location);
	const char *col;
	int error;

	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
		int fk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN;
		enum lint_rule rule =
		    fk ? R_ADD_FOREIGN_KEY_VALIDATED : R_ADD_CHECK_VALIDATED;

		const char *name = c->conname;

		col = fk ? NULL : not_null_check_col(c);
		/* unnamed: PostgreSQL calls CHECK (col ...) t_col_check */
		if ((!name || !*name) && col &&
		    !(name = rt_lint_fmt(x, "%s_%s_check", strip_schema(table),
					 col)))
			return RT_ERROR;
		if (name && *name &&
		    (error = remember_check(x, table, name, col, rule,
					    !c->skip_validation)) < 0)
			return error;
		if (c->skip_validation)
			return 0;
		return hit(x, rule, table, pos,
			   fk ? rt_lint_fmt(x,
					    "foreign key on '%s' referencing "
					    "'%s' is added and validated at "
					    "once",
					    table, rv_name(x, c->pktable))
			      : rt_lint_fmt(x,
					    "CHECK constraint on '%s' is added "
					    "and validated at once",
					    table),
			   not_valid_sql(x, rel, table, cmd, c, fk));
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
		if (c->indexname && *c->indexname)
			return 0; /* USING INDEX: built beforehand */
		return hit(
		    x, R_ADD_UNIQUE_CONSTRAINT, table, pos,
		    rt_lint_fmt(x,
				"%s constraint on '%s' builds its "
				"index under the table's lock",
				c->contype ==
					PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE
				    ? "UNIQUE"
				    : "exclusion",
				table),
		    c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE
			? using_index_sql(x, table, c, 0)
			: NULL);
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		if (c->indexname && *c->indexname)
			return 0;
		return hit(
		    x, R_ADD_PRIMARY_KEY, table, pos,
		    rt_lint_fmt(x, "primary key is added to '%s'", table),
		    using_index_sql(x, table, c, 1));
	default:
		return 0;
	}
}

/* Does this ADD COLUMN make the column? Always, unless IF NOT EXISTS
 * finds it: in the run, in the database, or (no database) in the
 * history; with nothing to look in, IF NOT EXISTS is taken to find it.
 * Called before the column is remembered. */
static int added_here(lint_ctx *x, const char *table, const char *col,
		      int if_not_exists)
{
	const lint_column *was = rt_lint_run_column(x, table, col);
	const char *type = NULL;
	int typmod, plain, error;
	lint_ctx *h;

	if (!if_not_exists)
		return 1;
	if (was)
		return was->added_by != NULL && was->type != NULL;
	if (x->opts->db) {
		if (!x->opts->db->conn)
			return 0;
		if ((error = rt_lint_catalog_column_type(
			 x, rt_lint_db_name(x, table), col, &type, &typmod,
			 &plain)) < 0)
			return error;
		return type == NULL;
	}
	if ((error = rt_lint_history(x, &h)) < 0)
		return error;
	return h && !rt_lint_run_column(h, table, col);
}

/* ADD COLUMN: defaults, NOT NULL, inline constraints, types. */
static int add_column(pgx *p, PgQuery__RangeVar *rel, const char *table,
		      PgQuery__AlterTableCmd *cmd, PgQuery__ColumnDef *cd)
{
	lint_ctx *x = p->x;
	const char *col = cd->colname;
	long pos = at(p, cd->location);
	Node *dflt = cd->raw_default;
	const PgQuery__Constraint *pk = NULL, *uq = NULL, *fk = NULL,
				  *ck = NULL;
	int not_null = cd->is_not_null, identity = 0, stored = 0;
	Node *kept[64];
	size_t i, nkept = 0;
	int error, fresh = 0;

	if (col && (fresh = added_here(x, table, col, cmd->missing_ok)) < 0)
		return fresh;
	if (col && (error = remember_column(x, table, col, cd->type_name,
					    cd->coll_clause != NULL)) < 0)
		return error;
	if (col && fresh)
		((lint_column *)x->pg_columns.items[x->pg_columns.len - 1])
		    ->added_by = x->m;
	for (i = 0; i < cd->n_constraints; i++) {
		const Node *n = cd->constraints[i];
		const PgQuery__Constraint *c;

		if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		c = n->constraint;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			dflt = c->raw_expr;
			continue; /* not kept in the safe form */
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			not_null = 1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			identity = 1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			stored = 1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
			pk = c;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
			uq = c;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
			fk = c;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			ck = c;
			break;
		default:
			break;
		}
		if (nkept < RT_ARRAY_SIZE(kept) &&
		    c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
			kept[nkept++] = (Node *)n;
	}
	if ((error = type_rules(p, cd->type_name, col, pk != NULL)) < 0)
		return error;

	if (dflt || identity || stored || is_serial(cd->type_name)) {
		struct volatility v = {0};
		const char *why = NULL, *safe = NULL;
		rt_lint_severity sev = 0;

		if (dflt)
			rt_pg_tree_walk((ProtobufCMessage *)dflt,
					find_volatile, &v);
		if (is_serial(cd->type_name))
			why = rt_lint_fmt(x,
					  "column '%s' is %s: its default "
					  "nextval() is volatile",
					  col, sval(cd->type_name->names[0]));
		else if (identity)
			why = rt_lint_fmt(x,
					  "identity column '%s' is filled "
					  "for every existing row",
					  col);
		else if (stored)
			why = rt_lint_fmt(x,
					  "stored generated column '%s' is "
					  "computed for every existing row",
					  col);
		else if (v.fn && v.known)
			why = rt_lint_fmt(x,
					  "column '%s' gets a volatile "
					  "default (%s())",
					  col, v.fn);
		else if (v.fn) {
			why = rt_lint_fmt(x,
					  "column '%s' gets a default "
					  "calling %s(), which may be "
					  "volatile",
					  col, v.fn);
			sev = RT_LINT_WARNING;
		}
		if (why && dflt && !identity && !stored &&
		    !is_serial(cd->type_name)) {
			/* without the default, then SET DEFAULT, then a
			 * batched backfill: all from the statement's tree */
			PgQuery__ColumnDef cd2 = *cd;
			PgQuery__AlterTableCmd
			    c2 = *cmd,
			    c3 = PG_QUERY__ALTER_TABLE_CMD__INIT;
			Node n2 = PG_QUERY__NODE__INIT;
			const char *a, *b;

			cd2.raw_default = NULL;
			cd2.is_not_null = 0;
			cd2.constraints = kept;
			cd2.n_constraints = nkept;
			n2.node_case = PG_QUERY__NODE__NODE_COLUMN_DEF;
			n2.column_def = &cd2;
			c2.def = &n2;
			c3.subtype =
			    PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault;
			c3.name = cd->colname;
			c3.def = dflt;
			a = deparse_alter(x, rel, &c2);
			b = deparse_alter(x, rel, &c3);
			if (a && b)
				safe = rt_lint_fmt(
				    x,
				    "%s\n%s\n-- then backfill in batches, "
				    "in a transaction=false migration:\n"
				    "UPDATE %s SET %s = DEFAULT WHERE %s IS "
				    "NULL AND <key range>;%s",
				    a, b, table, col, col,
				    not_null ? "\n-- and NOT NULL the safe "
					       "way (see set-not-null)"
					     : "");
		}
		if (why) {
			lint_hit h = {0};

			h.rule = R_ADD_COLUMN_VOLATILE_DEFAULT;
			h.table = table;
			h.pos = v.fn && !identity && !stored &&
					!is_serial(cd->type_name)
				    ? at(p, v.location)
				    : pos;
			h.message = why;
			h.safe_sql = safe;
			h.severity = sev;
			if ((error = rt_lint_emit(x, &h, NULL)) < 0)
				return error;
		}
	}
	if (not_null && !dflt && !identity && !stored && !pk &&
	    !is_serial(cd->type_name)) {
		PgQuery__ColumnDef cd2 = *cd;
		PgQuery__AlterTableCmd c2 = *cmd;
		Node n2 = PG_QUERY__NODE__INIT;
		const char *a;

		cd2.is_not_null = 0;
		cd2.constraints = kept;
		cd2.n_constraints = nkept;
		n2.node_case = PG_QUERY__NODE__NODE_COLUMN_DEF;
		n2.column_def = &cd2;
		c2.def = &n2;
		a = deparse_alter(x, rel, &c2);
		error = hit(x, R_ADD_COLUMN_NOT_NULL_NO_DEFAULT, table, pos,
			    rt_lint_fmt(x,
					"column '%s' is added to '%s' NOT NULL "
					"without a default",
					col, table),
			    a ? rt_lint_fmt(x,
					    "-- a constant default (no rewrite "
					    "since PostgreSQL 11):\n%.*s NOT "
					    "NULL DEFAULT <value>;\n-- or "
					    "nullable now, NOT NULL once every "
					    "writer sets it:\n%s",
					    (int)strlen(a) - 1, a, a)
			      : NULL);
		if (error < 0)
			return error;
	}
	if (pk && (error = hit(x, R_ADD_PRIMARY_KEY, table, pos,
			       rt_lint_fmt(x,
					   "column '%s' is added to '%s' as "
					   "its primary key",
					   col, table),
			       NULL)) < 0)
		return error;
	if (uq && (error = hit(x, R_ADD_UNIQUE_CONSTRAINT, table, pos,
			       rt_lint_fmt(x,
					   "column '%s' is added to '%s' "
					   "UNIQUE: its index is built under "
					   "the table's lock",
					   col, table),
			       NULL)) < 0)
		return error;
	if (fk &&
	    (error = hit(x, R_ADD_FOREIGN_KEY_VALIDATED, table, pos,
			 rt_lint_fmt(x,
				     "column '%s' is added to '%s' with "
				     "a foreign key to '%s', validated "
				     "at once",
				     col, table, rv_name(x, fk->pktable)),
			 rt_lint_fmt(x,
				     "ALTER TABLE %s ADD COLUMN %s ...;  "
				     "-- without REFERENCES\nALTER TABLE "
				     "%s ADD CONSTRAINT %s_%s_fkey "
				     "FOREIGN KEY (%s) REFERENCES %s "
				     "NOT VALID;\n-- then, in a later "
				     "migration:\nALTER TABLE %s "
				     "VALIDATE CONSTRAINT %s_%s_fkey;",
				     table, col, table, strip_schema(table),
				     col, col, rv_name(x, fk->pktable), table,
				     strip_schema(table), col))) < 0)
		return error;
	if (ck && (error = hit(x, R_ADD_CHECK_VALIDATED, table, pos,
			       rt_lint_fmt(x,
					   "column '%s' is added to '%s' with "
					   "a CHECK constraint, validated at "
					   "once",
					   col, table),
			       NULL)) < 0)
		return error;
	return 0;
}

/* The position of a column named in an ALTER TABLE command: the parse
 * tree has none for SET NOT NULL, DROP COLUMN and the like, so point at
 * the first mention of the name after the table's (text used only to
 * place the caret). */
static long name_pos(const pgx *p, long from, const char *name)
{
	const char *t = p->x->text;
	size_t end = p->x->stmt_start + p->x->stmt_len, n = strlen(name), i;

	if (from < 0 || !n)
		return -1;
	for (i = (size_t)from; i + n <= end; i++) {
		if (strncasecmp(t + i, name, n) != 0)
			continue;
		if ((i > 0 &&
		     (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '_')) ||
		    isalnum((unsigned char)t[i + n]) || t[i + n] == '_')
			continue;
		return (long)i;
	}
	return -1;
}

/* A column the run added (this migration's, for history): no running
 * version of the application knows it, so renaming or dropping it breaks
 * nothing. */
static int column_is_new(const lint_ctx *x, const char *table,
			 const char *col)
{
	const lint_column *c = col ? rt_lint_run_column(x, table, col) : NULL;

	return c && c->added_by &&
	       (x->opts->same_run || c->added_by == x->m);
}

static int alter_table(pgx *p, PgQuery__AlterTableStmt *s)
{
	lint_ctx *x = p->x;
	const char *table;
	long tpos, pos;
	size_t i;
	int error = 0, blocking = 0;

	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || !s->relation)
		return 0;
	if (!(table = rv_name(x, s->relation)))
		return RT_ERROR;
	tpos = at(p, s->relation->location);
	for (i = 0; i < s->n_cmds && !error; i++) {
		PgQuery__AlterTableCmd *cmd;
		const char *col;

		if (s->cmds[i]->node_case !=
		    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		cmd = s->cmds[i]->alter_table_cmd;
		col = cmd->name;
		pos = col && *col ? name_pos(p, tpos, col) : -1;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			blocking = 1;
			if (cmd->def && cmd->def->node_case ==
					    PG_QUERY__NODE__NODE_COLUMN_DEF)
				error = add_column(p, s->relation, table, cmd,
						   cmd->def->column_def);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: {
			int known;

			blocking = 1;
			error = not_null_known(x, table, col, &known);
			if (error < 0 || known)
				break;
			error = hit(
			    x, R_SET_NOT_NULL, table, pos,
			    rt_lint_fmt(x,
					"column '%s' of '%s' is set NOT "
					"NULL",
					col, table),
			    rt_lint_fmt(x,
					"ALTER TABLE %s ADD CONSTRAINT "
					"%s_%s_not_null CHECK (%s IS NOT NULL) "
					"NOT VALID;\n-- then, in a later "
					"migration:\nALTER TABLE %s VALIDATE "
					"CONSTRAINT %s_%s_not_null;\nALTER "
					"TABLE %s ALTER COLUMN %s SET NOT "
					"NULL;  -- no scan: PostgreSQL 12+ "
					"uses the check\nALTER TABLE %s DROP "
					"CONSTRAINT %s_%s_not_null;",
					table, strip_schema(table), col, col,
					table, strip_schema(table), col, table,
					col, table, strip_schema(table), col));
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
			const PgQuery__ColumnDef *cd =
			    cmd->def && cmd->def->node_case ==
					    PG_QUERY__NODE__NODE_COLUMN_DEF
				? cmd->def->column_def
				: NULL;
			PgQuery__ColumnDef nd = PG_QUERY__COLUMN_DEF__INIT;
			PgQuery__AlterTableCmd ac =
			    PG_QUERY__ALTER_TABLE_CMD__INIT;
			Node nn = PG_QUERY__NODE__INIT;
			const char *add = NULL;
			int widens = 0;

			blocking = 1;
			if (cd &&
			    (error = type_rules(p, cd->type_name, col, 0)) < 0)
				break;
			if (cd && col &&
			    (error = retype_only_widens(p, table, col, cd,
							&widens)) < 0)
				break;
			if (widens)
				break; /* a brief lock: lock_timeout's rule */
			if (cd) {
				nd.colname =
				    (char *)rt_lint_fmt(x, "%s_new", col);
				nd.type_name = cd->type_name;
				nn.node_case = PG_QUERY__NODE__NODE_COLUMN_DEF;
				nn.column_def = &nd;
				ac.subtype =
				    PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn;
				ac.def = &nn;
				if (nd.colname)
					add =
					    deparse_alter(x, s->relation, &ac);
			}
			error = hit(
			    x, R_CHANGE_COLUMN_TYPE, table,
			    cd ? at(p, cd->type_name ? cd->type_name->location
						     : cd->location)
			       : pos,
			    rt_lint_fmt(x, "column '%s' of '%s' changes type",
					col, table),
			    add ? rt_lint_fmt(x,
					      "-- expand:\n%s\n-- keep it in "
					      "step with %s (a trigger), "
					      "backfill in batches,\n-- move "
					      "readers to it; contract in a "
					      "later migration:\nALTER TABLE "
					      "%s DROP COLUMN %s;",
					      add, col, table, col)
				: NULL);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			blocking = 1;
			if (column_is_new(x, table, col))
				break;
			error = hit(x, R_DROP_COLUMN, table, pos,
				    rt_lint_fmt(x,
						"column '%s' of '%s' is "
						"dropped",
						col, table),
				    NULL);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
			blocking = 1;
			if (cmd->def && cmd->def->node_case ==
					    PG_QUERY__NODE__NODE_CONSTRAINT)
				error =
				    add_constraint(p, s->relation, table, cmd,
						   cmd->def->constraint);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
			/* SHARE UPDATE EXCLUSIVE: does not block writes,
			 * unless the NOT VALID add holds its lock still */
			pg_check *c = find_check(x, table, col);

			if (!c || c->dropped) {
				error = validate_earlier(x, table, col);
				break;
			}
			c->validated = 1;
			if (c->m == x->m && x->in_txn)
				error = hit(
				    x, c->rule, table, pos,
				    rt_lint_fmt(x,
						"constraint '%s' is validated "
						"in the same transaction "
						"that added it NOT VALID: the "
						"scan runs under the add's "
						"lock",
						col),
				    rt_lint_fmt(x,
						"-- in a later migration:\n"
						"ALTER TABLE %s VALIDATE "
						"CONSTRAINT %s;",
						table, col));
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: {
			pg_check *c = col ? find_check(x, table, col) : NULL;

			blocking = 1;
			if (!col)
				break;
			/* the database's or the history's is gone too */
			if (!c && (error = remember_check(x, table, col, NULL,
							  R_ADD_CHECK_VALIDATED,
							  0)) < 0)
				break;
			if (!c)
				c = x->pg_checks.items[x->pg_checks.len - 1];
			c->dropped = 1;
			c->validated = 0;
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
			if (cmd->def &&
			    cmd->def->node_case ==
				PG_QUERY__NODE__NODE_PARTITION_CMD &&
			    cmd->def->partition_cmd->concurrent) {
				if (x->in_txn)
					error = hit(
					    x, R_CONCURRENTLY_IN_TRANSACTION,
					    NULL, -1,
					    "DETACH PARTITION CONCURRENTLY "
					    "inside the migration's "
					    "transaction",
					    NULL);
			} else {
				blocking = 1;
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
			break; /* SHARE UPDATE EXCLUSIVE */
		default:
			blocking = 1; /* ACCESS EXCLUSIVE, briefly */
			break;
		}
	}
	if (!error && blocking)
		error = rt_lint_blocking_lock(x, table, -1);
	return error;
}

/* ---- the other statements
 * --------------------------------------------------------- */

static int create_table(pgx *p, PgQuery__CreateStmt *s)
{
	lint_ctx *x = p->x;
	const char *table = rv_name(x, s->relation);
	size_t i, k;
	int error;

	if (!table)
		return RT_ERROR;
	if (s->if_not_exists && x->opts->db) {
		const rt_lint_table *t;

		if ((error = rt_lint_catalog_table(x, table, &t)) < 0)
			return error;
		if (t && t->exists)
			return 0; /* the statement does nothing */
	}
	if ((error = rt_lint_add_created(x, table)) < 0)
		return error;
	for (i = 0; i < s->n_table_elts; i++) {
		const Node *n = s->table_elts[i];
		const PgQuery__ColumnDef *cd;
		int pk = 0, counter = 0;

		if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		cd = n->column_def;
		if (cd->colname &&
		    (error = remember_column(x, table, cd->colname,
					     cd->type_name,
					     cd->coll_clause != NULL)) < 0)
			return error;
		for (k = 0; k < cd->n_constraints; k++)
			if (cd->constraints[k]->node_case ==
				PG_QUERY__NODE__NODE_CONSTRAINT &&
			    cd->constraints[k]->constraint->contype ==
				PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
				pk = 1;
			else if (cd->constraints[k]->node_case ==
				     PG_QUERY__NODE__NODE_CONSTRAINT &&
				 cd->constraints[k]->constraint->contype ==
				     PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
				counter = 1;
		counter = counter || is_serial(cd->type_name);
		/* a table-level PRIMARY KEY naming the column; a member of a
		 * key of several columns runs out only if it counts rows
		 * (serial, identity): (role_id, user_id) has 2^62 values */
		for (k = 0; k < s->n_table_elts && !pk; k++) {
			const Node *c = s->table_elts[k];
			size_t j;

			if (c->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
			    c->constraint->contype !=
				PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
				continue;
			for (j = 0; j < c->constraint->n_keys; j++) {
				const char *key = sval(c->constraint->keys[j]);

				if (key && !strcmp(key, cd->colname))
					pk = c->constraint->n_keys == 1 ||
					     counter;
			}
		}
		if ((error = type_rules(p, cd->type_name, cd->colname, pk)) < 0)
			return error;
	}
	return 0;
}

/* The index's name: given, or the one PostgreSQL chooses for an index on
 * plain columns (t_a_b_idx; names past 63 bytes, collisions and
 * expressions aside). */
static const char *index_name(lint_ctx *x, const PgQuery__IndexStmt *s)
{
	rt_buf b = RT_BUF_INIT;
	const char *name = NULL;
	size_t i;

	if (s->idxname && *s->idxname)
		return s->idxname;
	rt_buf_init(&b);
	rt_buf_puts(&b, s->relation->relname);
	for (i = 0; i < s->n_index_params; i++) {
		const Node *e = s->index_params[i];

		if (e->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM ||
		    !e->index_elem->name)
			break;
		rt_buf_printf(&b, "_%s", e->index_elem->name);
	}
	if (i == s->n_index_params && i && rt_buf_check(&b) == 0) {
		rt_buf_puts(&b, "_idx");
		name = rt_arena_strdup(x->a, rt_buf_cstr(&b));
	}
	rt_buf_release(&b);
	return name ? name : "";
}

static int index_stmt(pgx *p, PgQuery__IndexStmt *s)
{
	lint_ctx *x = p->x;
	const char *table = rv_name(x, s->relation);
	int error;

	if (!table)
		return RT_ERROR;
	if ((error = rt_lint_add_index(x, index_name(x, s), table)) < 0)
		return error;
	if (s->concurrent) {
		if (!x->in_txn)
			return 0;
		return hit(x, R_CONCURRENTLY_IN_TRANSACTION, NULL, -1,
			   "CREATE INDEX CONCURRENTLY inside the migration's "
			   "transaction",
			   "-- retort:up transaction=false");
	} else {
		Node n = PG_QUERY__NODE__INIT;
		PgQuery__IndexStmt copy = *s;
		const char *sql;

		copy.concurrent = 1;
		n.node_case = PG_QUERY__NODE__NODE_INDEX_STMT;
		n.index_stmt = &copy;
		sql = deparse(x, &n);
		error = hit(x, R_CREATE_INDEX_NON_CONCURRENTLY, table, -1,
			    rt_lint_fmt(x,
					"index %s%s%son '%s' is built without "
					"CONCURRENTLY",
					s->idxname && *s->idxname ? "'" : "",
					s->idxname ? s->idxname : "",
					s->idxname && *s->idxname ? "' " : "",
					table),
			    sql ? rt_lint_fmt(x,
					      "-- retort:up transaction=false "
					      "(a migration of its own)\n%s",
					      sql)
				: NULL);
		if (error < 0)
			return error;
		return rt_lint_blocking_lock(x, table, -1);
	}
}

/* The table an index belongs to: created in the run, or the catalog's. */
static int index_table(lint_ctx *x, const char *index, const char **table)
{
	return rt_lint_index_known(x, index, table);
}

static int enum_gone(pgx *p, const char *name);

static int schema_is_new(const lint_ctx *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->created_schemas.len; i++) {
		const lint_name *s = x->created_schemas.items[i];
		rt_buf b = RT_BUF_INIT;
		int eq;

		rt_buf_init(&b);
		rt_lint_put_ident(&b, s->name);
		eq = !rt_buf_check(&b) && !strcmp(b.ptr, name);
		rt_buf_release(&b);
		if (eq)
			return 1;
	}
	return 0;
}

static int drop_stmt(pgx *p, PgQuery__DropStmt *s)
{
	lint_ctx *x = p->x;
	size_t i;
	int error = 0;

	for (i = 0; i < s->n_objects && !error; i++) {
		const char *name = object_name(x, s->objects[i]);

		if (!name)
			continue;
		switch (s->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
			if (rt_lint_is_new(x, name)) {
				rt_lint_forget_created(x, name);
				break;
			}
			error =
			    hit(x, R_DROP_TABLE, name, -1,
				rt_lint_fmt(x, "table '%s' is dropped", name),
				NULL);
			if (!error)
				error = rt_lint_table_dropped(x, name);
			if (!error)
				error = rt_lint_blocking_lock(x, name, -1);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
			if (schema_is_new(x, name))
				break;
			error = hit(
			    x, R_DROP_SCHEMA, NULL, -1,
			    rt_lint_fmt(
				x, "schema '%s' is dropped%s", name,
				s->behavior ==
					PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
				    ? " with everything in "
				      "it"
				    : ""),
			    NULL);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
			const char *table;

			if (s->concurrent) {
				if (x->in_txn)
					error = hit(
					    x, R_CONCURRENTLY_IN_TRANSACTION,
					    NULL, -1,
					    "DROP INDEX CONCURRENTLY inside "
					    "the migration's transaction",
					    "-- retort:up transaction=false");
				break;
			}
			/* IF EXISTS of an index that is not there drops
			 * nothing and locks nothing */
			if (s->missing_ok &&
			    (error = rt_lint_index_absent(x, name)) != 0) {
				if (error > 0)
					error = 0;
				break;
			}
			if ((error = index_table(x, name, &table)) < 0)
				break;
			{
				Node n = PG_QUERY__NODE__INIT;
				PgQuery__DropStmt copy = *s;
				const char *sql;

				copy.concurrent = 1;
				copy.n_objects = 1;
				copy.objects = &s->objects[i];
				n.node_case = PG_QUERY__NODE__NODE_DROP_STMT;
				n.drop_stmt = &copy;
				sql = deparse(x, &n);
				error = hit(
				    x, R_DROP_INDEX_NON_CONCURRENTLY, table, -1,
				    table ? rt_lint_fmt(x,
							"index '%s' on '%s' "
							"is dropped without "
							"CONCURRENTLY",
							name, table)
					  : rt_lint_fmt(x,
							"index '%s' is "
							"dropped without "
							"CONCURRENTLY",
							name),
				    sql ? rt_lint_fmt(
					      x,
					      "-- retort:up "
					      "transaction=false (a "
					      "migration of its own)\n%s",
					      sql)
					: NULL);
			}
			if (!error)
				error = rt_lint_blocking_lock(x, table, -1);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
			error = enum_gone(p, name);
			break;
		default:
			break;
		}
	}
	return error;
}

/* A table renamed: the run's records of its columns and constraints
 * follow it. */
static int rename_records(lint_ctx *x, const char *from, const char *to)
{
	const char *dot = strrchr(from, '.');
	const char *name =
	    dot ? rt_lint_fmt(x, "%.*s.%s", (int)(dot - from), from, to)
		: rt_arena_strdup(x->a, to);
	size_t i;

	/* RENAME keeps the schema */
	if (!name)
		return RT_ERROR;
	for (i = 0; i < x->pg_checks.len; i++) {
		pg_check *c = x->pg_checks.items[i];

		if (table_eq(c->table, from))
			c->table = name;
	}
	for (i = 0; i < x->pg_columns.len; i++) {
		lint_column *c = x->pg_columns.items[i];

		if (table_eq(c->table, from))
			c->table = name;
	}
	return rt_lint_rename_table(x, from, name);
}

static int rename_stmt(pgx *p, PgQuery__RenameStmt *s)
{
	lint_ctx *x = p->x;
	const char *table;
	int error;

	switch (s->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		if (!(table = rv_name(x, s->relation)))
			return RT_ERROR;
		return rt_lint_rename_index(x, table, s->newname) < 0 ? RT_ERROR
								      : 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		if (!(table = rv_name(x, s->relation)))
			return RT_ERROR;
		/* ALTER TABLE renames an index too */
		if (!rt_lint_is_new(x, table) &&
		    (error = rt_lint_rename_index(x, table, s->newname)) != 0)
			return error < 0 ? error : 0;
		if (rt_lint_is_new(x, table))
			return rename_records(x, table, s->newname);
		error =
		    hit(x, R_RENAME_TABLE, table, at(p, s->relation->location),
			rt_lint_fmt(x, "table '%s' is renamed to '%s'", table,
				    s->newname),
			rt_lint_fmt(x,
				    "ALTER TABLE %s RENAME TO %s;\nCREATE "
				    "VIEW %s AS SELECT * FROM %s;  -- for "
				    "the running version; drop it later",
				    table, s->newname, table, s->newname));
		if (error < 0 ||
		    (error = rt_lint_blocking_lock(x, table, -1)) < 0)
			return error;
		return rename_records(x, table, s->newname);
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
		if (s->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			return 0;
		if (!(table = rv_name(x, s->relation)))
			return RT_ERROR;
		{
			int fresh = column_is_new(x, table, s->subname);

			if (s->subname && s->newname &&
			    (error = rename_column(x, table, s->subname,
						   s->newname)) < 0)
				return error;
			if (fresh)
				return rt_lint_blocking_lock(x, table, -1);
		}
		error =
		    hit(x, R_RENAME_COLUMN, table,
			name_pos(p, at(p, s->relation->location), s->subname),
			rt_lint_fmt(x, "column '%s' of '%s' is renamed to '%s'",
				    s->subname, table, s->newname),
			rt_lint_fmt(x,
				    "-- expand: a new column, kept in step "
				    "with the old one\nALTER TABLE %s ADD "
				    "COLUMN %s <type of %s>;\n-- a trigger "
				    "copying writes of %s to %s, then in "
				    "batches:\nUPDATE %s SET %s = %s WHERE %s "
				    "IS NULL AND <key range>;\n-- contract, "
				    "once no running version reads %s:\nALTER "
				    "TABLE %s DROP COLUMN %s;",
				    table, s->newname, s->subname, s->subname,
				    s->newname, table, s->newname, s->subname,
				    s->newname, s->subname, table, s->subname));
		if (error < 0)
			return error;
		return rt_lint_blocking_lock(x, table, -1);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		const char *old = object_name(x, s->object);
		lint_enum *e, *n;
		size_t i;

		if (!old || !(e = rt_lint_enum(x, old, 0)))
			return enum_gone(p, old); /* known only to the db */
		if (!(n = rt_lint_enum(x, s->newname, 1)))
			return RT_ERROR;
		n->gone = 0;
		n->created_by = e->created_by;
		n->labels.len = 0;
		for (i = 0; i < e->labels.len; i++)
			if (rt_vec_push(x->a, &n->labels, e->labels.items[i]) <
			    0)
				return RT_ERROR;
		e->gone = 1;
		return 0;
	}
	default:
		return 0;
	}
}

/* Was the enum created by this run (or this migration, for history)? */
static int enum_is_new(const lint_ctx *x, const lint_enum *e)
{
	return e->created_by && (x->opts->same_run || e->created_by == x->m);
}

/* The type `name` is dropped or renamed away: keep its labels (known
 * from the run, else from the catalog) for a recreation to compare. */
static int enum_gone(pgx *p, const char *name)
{
	lint_ctx *x = p->x;
	lint_enum *e;
	int found, error;

	if (!name)
		return 0;
	if ((e = rt_lint_enum(x, name, 0))) {
		e->gone = 1;
		return 0;
	}
	if (!(e = rt_lint_enum(x, name, 1)))
		return RT_ERROR;
	e->gone = 2; /* labels unknown unless the catalog has them */
	if ((error = rt_lint_catalog_enum(x, name, &e->labels, &found)) < 0)
		return error;
	if (found)
		e->gone = 1;
	return 0;
}

static int label_index(const rt_vec *v, const char *label)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (!strcmp(v->items[i], label))
			return (int)i;
	return -1;
}

static int create_enum(pgx *p, PgQuery__CreateEnumStmt *s)
{
	lint_ctx *x = p->x;
	const char *name = dotted(x, s->type_name, s->n_type_name);
	lint_enum *e;
	rt_vec labels = {0};
	rt_buf missing = RT_BUF_INIT;
	size_t i;
	int error = 0, last = -1, reordered = 0;

	if (!name)
		return RT_ERROR;
	for (i = 0; i < s->n_vals; i++) {
		const char *v = sval(s->vals[i]);
		char *copy = v ? rt_arena_strdup(x->a, v) : NULL;

		/* the tree is freed after the step; the labels stay */
		if (v && (!copy || rt_vec_push(x->a, &labels, copy) < 0))
			return RT_ERROR;
	}
	e = rt_lint_enum(x, name, 0);
	if (e && e->gone == 2) {
		int found;

		/* not seen in this lint, not in a database: the directory's
		 * earlier migrations may define it */
		if ((error =
			 rt_lint_history_enum(x, name, &e->labels, &found)) < 0)
			return error;
		if (found)
			e->gone = 1;
	}
	if (e && (e->gone == 1 || e->gone == 2) &&
	    (enum_is_new(x, e) || (e->gone == 2 && x->opts->db))) {
		/* new in the run, or absent from the database: nothing can
		 * be using its values */
	} else if (e && e->gone == 2) {
		error = hit(x, R_ENUM_VALUE_REMOVED, NULL, -1,
			    rt_lint_fmt(x,
					"enum '%s' is recreated, and retort "
					"cannot see its old values (lint "
					"with --all, or --url)",
					name),
			    NULL);
		/* a warning: it is unsure */
		if (!error && x->findings.len) {
			rt_lint_finding *f =
			    x->findings.items[x->findings.len - 1];

			f->severity = RT_LINT_WARNING;
		}
	} else if (e && e->gone == 1) {
		rt_buf_init(&missing);
		for (i = 0; i < e->labels.len; i++) {
			int k = label_index(&labels, e->labels.items[i]);

			if (k < 0) {
				rt_buf_printf(&missing, "%s'%s'",
					      missing.len ? ", " : "",
					      (char *)e->labels.items[i]);
			} else {
				if (k < last)
					reordered = 1;
				last = k;
			}
		}
		if ((error = rt_buf_check(&missing)) == 0 && missing.len)
			error =
			    hit(x, R_ENUM_VALUE_REMOVED, NULL, -1,
				rt_lint_fmt(x,
					    "enum '%s' is recreated without "
					    "%s",
					    name, missing.ptr),
				NULL);
		else if (!error && reordered)
			error =
			    hit(x, R_ENUM_VALUE_REORDERED, NULL, -1,
				rt_lint_fmt(x,
					    "enum '%s' is recreated with its "
					    "values in another order",
					    name),
				NULL);
		rt_buf_release(&missing);
	}
	if (error < 0)
		return error;
	if (!e && !(e = rt_lint_enum(x, name, 1)))
		return RT_ERROR;
	e->gone = 0;
	e->labels = labels;
	e->created_by = x->m;
	return 0;
}

static int alter_enum(pgx *p, PgQuery__AlterEnumStmt *s)
{
	lint_ctx *x = p->x;
	const char *name = dotted(x, s->type_name, s->n_type_name);
	lint_enum *e;
	char *new_val = NULL;
	int k;

	if (!name)
		return RT_ERROR;
	e = rt_lint_enum(x, name, 0);
	if (s->new_val && !(new_val = rt_arena_strdup(x->a, s->new_val)))
		return RT_ERROR;
	if (s->old_val && *s->old_val) {
		if (e && e->labels.len &&
		    (k = label_index(&e->labels, s->old_val)) >= 0)
			e->labels.items[k] = new_val;
		if (e && enum_is_new(x, e))
			return 0;
		return hit(x, R_RENAME_ENUM_VALUE, NULL, -1,
			   rt_lint_fmt(x,
				       "value '%s' of enum '%s' is renamed "
				       "to '%s'",
				       s->old_val, name, s->new_val),
			   rt_lint_fmt(x,
				       "ALTER TYPE %s ADD VALUE '%s';  -- then "
				       "move rows to it, and stop writing "
				       "'%s'",
				       name, s->new_val, s->old_val));
	}
	if (!e || !s->new_val || !*s->new_val ||
	    label_index(&e->labels, s->new_val) >= 0)
		return 0;
	k = s->new_val_neighbor && *s->new_val_neighbor
		? label_index(&e->labels, s->new_val_neighbor)
		: -1;
	if (rt_vec_push(x->a, &e->labels, NULL) < 0)
		return RT_ERROR;
	if (k >= 0) {
		size_t to = (size_t)k + (s->new_val_is_after ? 1 : 0), i;

		for (i = e->labels.len - 1; i > to; i--)
			e->labels.items[i] = e->labels.items[i - 1];
		e->labels.items[to] = new_val;
	} else {
		e->labels.items[e->labels.len - 1] = new_val;
	}
	return 0;
}

static int is_zero_value(const Node *n)
{
	const PgQuery__AConst *c;

	if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return 0;
	c = n->a_const;
	if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		return c->ival->ival == 0;
	if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		return !strcmp(c->sval->sval, "0") ||
		       !strcmp(c->sval->sval, "0s") ||
		       !strcmp(c->sval->sval, "0ms");
	return 0;
}

static void set_stmt(pgx *p, PgQuery__VariableSetStmt *s)
{
	if (!s->name || strcmp(s->name, "lock_timeout") != 0)
		return;
	p->x->lock_timeout =
	    s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE &&
	    s->n_args && !is_zero_value(s->args[0]);
}

/* SELECT set_config('lock_timeout', '2s', ...) sets it too. */
static int find_set_config(Node *n, void *arg)
{
	const PgQuery__FuncCall *f;
	const char *name;

	(void)arg;
	if (n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return 0;
	f = n->func_call;
	name = last_name(f->funcname, f->n_funcname);
	if (!name || strcmp(name, "set_config") != 0 || f->n_args < 2 ||
	    f->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    f->args[0]->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
	    strcmp(f->args[0]->a_const->sval->sval, "lock_timeout") != 0)
		return 0;
	return is_zero_value(f->args[1]) ? 2 : 1;
}

static int has_option(Node **opts, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const PgQuery__DefElem *d;

		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = opts[i]->def_elem;
		if (d->defname && !strcmp(d->defname, name)) {
			const Node *a = d->arg;

			if (a && a->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
				return a->boolean->boolval;
			if (a && a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			    a->a_const->val_case ==
				PG_QUERY__A__CONST__VAL_BOOLVAL)
				return a->a_const->boolval->boolval;
			return 1;
		}
	}
	return 0;
}

static const char *lock_mode_name(int mode)
{
	static const char *const names[] = {
	    "",
	    "ACCESS SHARE",
	    "ROW SHARE",
	    "ROW EXCLUSIVE",
	    "SHARE UPDATE EXCLUSIVE",
	    "SHARE",
	    "SHARE ROW EXCLUSIVE",
	    "EXCLUSIVE",
	    "ACCESS EXCLUSIVE",
	};

	return mode >= 1 && mode <= 8 ? names[mode] : "ACCESS EXCLUSIVE";
}

static int relations(pgx *p, Node **rels, size_t n, enum lint_rule rule,
		     const char *what)
{
	lint_ctx *x = p->x;
	size_t i;
	int error = 0;

	for (i = 0; i < n && !error; i++) {
		const PgQuery__RangeVar *rv = NULL;
		const char *table;

		if (rels[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
			rv = rels[i]->range_var;
		else if (rels[i]->node_case ==
			 PG_QUERY__NODE__NODE_VACUUM_RELATION)
			rv = rels[i]->vacuum_relation->relation;
		if (!rv)
			continue;
		if (!(table = rv_name(x, rv)))
			return RT_ERROR;
		error = hit(x, rule, table, at(p, rv->location),
			    rt_lint_fmt(x, "%s '%s'", what, table), NULL);
		if (!error)
			error = rt_lint_blocking_lock(x, table, -1);
	}
	return error;
}

static int stmt_node(pgx *p, Node *n);

static int transaction_stmt(pgx *p, PgQuery__TransactionStmt *s)
{
	lint_ctx *x = p->x;
	int begin, end;

	begin = s->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN ||
		s->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START;
	end = s->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT ||
	      s->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK ||
	      s->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE;
	if (!begin && !end)
		return 0; /* savepoints are fine */
	/* a transaction=false section runs each statement in a transaction
	 * of its own with its journal row: a COMMIT or ROLLBACK there ends
	 * nothing but itself */
	if (!x->plain && !x->in_txn &&
	    s->kind != PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE && end)
		return 0;
	if (!x->plain)
		return hit(x, R_TRANSACTION_CONTROL, NULL, -1,
			   rt_lint_fmt(x, "%s inside a migration",
				       begin ? "BEGIN" : "COMMIT or ROLLBACK"),
			   NULL);
	if (end) {
		int error = rt_lint_end_transaction(x);

		x->in_txn = 0;
		return error;
	}
	x->in_txn = 1;
	return 0;
}

static int stmt_node(pgx *p, Node *n)
{
	lint_ctx *x = p->x;
	const char *table;
	size_t i;
	int error = 0;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return create_table(p, n->create_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (!n->create_table_as_stmt->into ||
		    !(table = rv_name(x, n->create_table_as_stmt->into->rel)))
			return 0;
		return rt_lint_add_created(x, table);
	case PG_QUERY__NODE__NODE_SELECT_STMT: {
		int r;

		if (n->select_stmt->into_clause &&
		    (table = rv_name(x, n->select_stmt->into_clause->rel)) &&
		    (error = rt_lint_add_created(x, table)) < 0)
			return error;
		r = rt_pg_tree_walk((ProtobufCMessage *)n, find_set_config, NULL);
		if (r)
			x->lock_timeout = r == 1;
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
		lint_name *s = rt_arena_alloc(x->a, sizeof(*s));

		if (!s ||
		    !(s->name = rt_arena_strdup(
			  x->a, n->create_schema_stmt->schemaname)) ||
		    rt_vec_push(x->a, &x->created_schemas, s) < 0)
			return RT_ERROR;
		for (i = 0; i < n->create_schema_stmt->n_schema_elts && !error;
		     i++)
			error =
			    stmt_node(p, n->create_schema_stmt->schema_elts[i]);
		return error;
	}
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return alter_table(p, n->alter_table_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return rename_stmt(p, n->rename_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: {
		PgQuery__AlterObjectSchemaStmt *s = n->alter_object_schema_stmt;

		if (s->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
		    !(table = rv_name(x, s->relation)))
			return 0;
		error =
		    hit(x, R_RENAME_TABLE, table, at(p, s->relation->location),
			rt_lint_fmt(x, "table '%s' moves to schema '%s'", table,
				    s->newschema),
			NULL);
		return error < 0 ? error : rt_lint_blocking_lock(x, table, -1);
	}
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return drop_stmt(p, n->drop_stmt);
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		return hit(x, R_DROP_DATABASE, NULL, -1,
			   rt_lint_fmt(x, "database '%s' is dropped",
				       n->dropdb_stmt->dbname),
			   NULL);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return index_stmt(p, n->index_stmt);
	case PG_QUERY__NODE__NODE_VACUUM_STMT: {
		PgQuery__VacuumStmt *s = n->vacuum_stmt;

		if (!s->is_vacuumcmd)
			return 0; /* ANALYZE runs anywhere */
		if (x->in_txn)
			return hit(x, R_VACUUM_IN_TRANSACTION, NULL, -1,
				   "VACUUM inside the migration's transaction",
				   "-- retort:up transaction=false");
		if (!has_option(s->options, s->n_options, "full"))
			return 0;
		if (!s->n_rels)
			return hit(x, R_VACUUM_FULL, NULL, -1,
				   "VACUUM FULL of every table", NULL);
		return relations(p, s->rels, s->n_rels, R_VACUUM_FULL,
				 "VACUUM FULL of");
	}
	case PG_QUERY__NODE__NODE_CLUSTER_STMT: {
		Node rv = PG_QUERY__NODE__INIT, *rels[1] = {&rv};

		if (!n->cluster_stmt->relation)
			return hit(x, R_CLUSTER, NULL, -1,
				   "CLUSTER of every clustered table", NULL);
		rv.node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
		rv.range_var = n->cluster_stmt->relation;
		return relations(p, rels, 1, R_CLUSTER, "CLUSTER of");
	}
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		return relations(p, n->truncate_stmt->relations,
				 n->truncate_stmt->n_relations, R_TRUNCATE,
				 n->truncate_stmt->behavior ==
					 PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
				     ? "TRUNCATE ... CASCADE of"
				     : "TRUNCATE of");
	case PG_QUERY__NODE__NODE_LOCK_STMT: {
		PgQuery__LockStmt *s = n->lock_stmt;
		int mode = s->mode ? s->mode : 8;

		if (mode < 5)
			return 0; /* does not block writes */
		return relations(p, s->relations, s->n_relations, R_LOCK_TABLE,
				 rt_lint_fmt(x, "LOCK TABLE in %s mode of",
					     lock_mode_name(mode)));
	}
	case PG_QUERY__NODE__NODE_REINDEX_STMT: {
		PgQuery__ReindexStmt *s = n->reindex_stmt;
		int conc = has_option(s->params, s->n_params, "concurrently");

		if (conc)
			return x->in_txn
				   ? hit(x, R_CONCURRENTLY_IN_TRANSACTION, NULL,
					 -1,
					 "REINDEX CONCURRENTLY inside the "
					 "migration's transaction",
					 "-- retort:up transaction=false")
				   : 0;
		table = NULL;
		if (s->kind ==
		    PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE)
			table = rv_name(x, s->relation);
		else if (
		    s->kind ==
			PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
		    s->relation &&
		    (error = index_table(x, rv_name(x, s->relation), &table)) <
			0)
			return error;
		return hit(x, R_REINDEX_NON_CONCURRENTLY, table, -1,
			   "REINDEX without CONCURRENTLY", NULL);
	}
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		set_stmt(p, n->variable_set_stmt);
		return 0;
	case PG_QUERY__NODE__NODE_UPDATE_STMT: {
		PgQuery__UpdateStmt *s = n->update_stmt;
		lint_hit h = {0};

		if (s->where_clause || !(table = rv_name(x, s->relation)))
			return 0;
		h.rule = R_BACKFILL_IN_DDL_TRANSACTION;
		h.table = table;
		h.pos = -1;
		h.message = rt_lint_fmt(x,
					"every row of '%s' is updated in "
					"the transaction that holds DDL "
					"locks",
					table);
		h.safe_sql = rt_lint_fmt(x,
					 "-- a migration of its own:\n-- "
					 "retort:up transaction=false\nUPDATE "
					 "%s SET ... WHERE <key> BETWEEN $1 "
					 "AND $2;  -- batch after batch",
					 table);
		if (!h.message)
			return RT_ERROR;
		return rt_lint_hold_backfill(x, &h);
	}
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return create_enum(p, n->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return alter_enum(p, n->alter_enum_stmt);
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		return transaction_stmt(p, n->transaction_stmt);
	default:
		return 0;
	}
}

/* ---- steps -----------------------------------------------------------------
 */

/*
 * Unpacking allocates every node of the tree: from an arena, released
 * whole once the step is analysed, instead of one malloc and one free a
 * node (they were a fifth of lint's time).
 */
static void *tree_alloc(void *data, size_t size)
{
	return rt_arena_alloc(data, size);
}

static void tree_free(void *data, void *ptr)
{
	(void)data;
	(void)ptr;
}

/* Parse text (NUL-terminated, at x->text + base) and analyse each of its
 * statements. *parsed 0: it did not parse (nothing was analysed). */
static int parse_and_analyse(lint_ctx *x, const char *sql, size_t base,
			     int *parsed)
{
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree = NULL;
	rt_arena nodes = RT_ARENA_INIT;
	ProtobufCAllocator alloc = {tree_alloc, tree_free, &nodes};
	pgx p = {x, base};
	size_t i, len = strlen(sql);
	int error = 0;

	*parsed = 0;
	rt_arena_init(&nodes);
	if (r.error)
		goto done;
	tree = pg_query__parse_result__unpack(
	    &alloc, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	if (!tree) {
		error = rt_error_nomem();
		goto done;
	}
	*parsed = 1;
	for (i = 0; i < tree->n_stmts && !error; i++) {
		const PgQuery__RawStmt *raw = tree->stmts[i];
		size_t start = (size_t)raw->stmt_location;
		size_t n = raw->stmt_len ? (size_t)raw->stmt_len : len - start;

		rt_lint_begin_statement(x, base + start, n);
		if (x->stmt_len && raw->stmt)
			error = stmt_node(&p, raw->stmt);
	}
done:
	rt_arena_release(&nodes); /* the tree */
	pg_query_free_protobuf_parse_result(r);
	return error;
}

/* One statement that did not parse alone: report it, with the parser's
 * message and position. */
static int unparsed(lint_ctx *x, size_t start, size_t len)
{
	char *sql = rt_arena_strndup(x->a, x->text + start, len);
	PgQueryProtobufParseResult r;
	lint_hit h = {0};
	int error;

	if (!sql)
		return RT_ERROR;
	r = pg_query_parse_protobuf(sql);
	h.rule = R_UNPARSED_STATEMENT;
	h.pos = r.error && r.error->cursorpos > 0
		    ? (long)(start + (size_t)r.error->cursorpos - 1)
		    : -1;
	h.message = rt_lint_fmt(x, "could not parse the statement: %s",
				r.error ? r.error->message : "?");
	pg_query_free_protobuf_parse_result(r);
	error = rt_lint_emit(x, &h, NULL);
	return error;
}

struct split_state {
	lint_ctx *x;
	size_t covered; /* text before this offset has been seen */
};

/* Text the splitter skipped: libpg_query's scanner splitter drops a
 * statement whose first word is no keyword ("SELEC 1;"). */
static int gap(struct split_state *st, size_t upto)
{
	lint_ctx *x = st->x;
	size_t from = st->covered;

	st->covered = upto;
	if (upto <= from || rt_sql_is_blank(x->text + from, upto - from))
		return 0;
	rt_lint_begin_statement(x, from, upto - from);
	return unparsed(x, x->stmt_start, x->stmt_len);
}

static int on_stmt(void *payload, size_t start, size_t len)
{
	struct split_state *st = payload;
	lint_ctx *x = st->x;
	char *sql = rt_arena_strndup(x->a, x->text + start, len);
	int parsed, error;

	if (!sql)
		return RT_ERROR;
	if ((error = gap(st, start)) < 0)
		return error;
	st->covered = start + len;
	if ((error = parse_and_analyse(x, sql, start, &parsed)) < 0)
		return error;
	if (parsed)
		return 0;
	rt_lint_begin_statement(x, start, len);
	return unparsed(x, start, len);
}

int rt_lint_pg_step(lint_ctx *x)
{
	struct split_state st = {x, 0};
	size_t len = strlen(x->text);
	int parsed, error;

	if ((error = parse_and_analyse(x, x->text, 0, &parsed)) < 0 || parsed)
		return error;
	if ((error = rt_backend_postgres.split(x->text, len, on_stmt, &st)) < 0)
		return error;
	return gap(&st, len);
}
