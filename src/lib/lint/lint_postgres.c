/*
 * lint_postgres.c: the PostgreSQL rules, over libpg_query parse trees:
 * the helpers, statement dispatch and steps (lint_postgres.h lists the
 * other files).
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
#include "lint/lint_postgres.h"
#include "util/pg_tree.h"
#include "util/sql_lex.h"

#include <ctype.h>

/* A table as search_path's default finds it: "public.t" is "t". Any
 * other schema stays, so that a.t and b.t are never taken for one. */
static const char *in_public(const char *table)
{
	return strncmp(table, "public.", 7) == 0 ? table + 7 : table;
}

/* A column's key: its table as in_public leaves it, then its name, as
 * they are (the parser has folded the unquoted ones). */
static const char *column_key(const lint_ctx *x, const char *table,
			      const char *col, char *buf, size_t size)
{
	return rt_lint_pair_key(x, in_public(table), 0, col, 0, buf, size);
}

/* The last record of the column in the run, or NULL. */
const lint_column *rt_lint_pg_run_column(const lint_ctx *x, const char *table,
					 const char *col)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = column_key(x, table, col, buf, sizeof(buf));

	return k ? rt_strmap_get(&pgs(x)->column_by_key, k) : NULL;
}

int rt_lint_pg_push_column(lint_ctx *x, lint_column *c)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = column_key(x, c->table, c->col, buf, sizeof(buf));

	if (!k || rt_vec_push(x->a, &pgs(x)->columns, c) < 0)
		return RT_ERROR;
	return rt_strmap_put(&pgs(x)->column_by_key, x->a, k, c);
}

int rt_lint_pg_rekey_columns(lint_ctx *x)
{
	size_t i;

	rt_strmap_clear(&pgs(x)->column_by_key);
	/* in order: the latest record of each key stays the one found */
	for (i = 0; i < pgs(x)->columns.len; i++) {
		lint_column *c = pgs(x)->columns.items[i];
		char buf[RT_LINT_KEY_SIZE];
		const char *k =
		    column_key(x, c->table, c->col, buf, sizeof(buf));

		if (!k || rt_strmap_put(&pgs(x)->column_by_key, x->a, k, c) < 0)
			return RT_ERROR;
	}
	return 0;
}

/* A column's type as the migrations of x->dir before the current one
 * leave it (*out NULL: none of them says). */
int rt_lint_pg_history_column(lint_ctx *x, const char *table, const char *col,
			      const lint_column **out)
{
	lint_ctx *h;
	int error;

	*out = NULL;
	if ((error = rt_lint_history(x, &h)) < 0 || !h)
		return error;
	*out = rt_lint_pg_run_column(h, table, col);
	return 0;
}

/* ---- small helpers --------------------------------------------------------
 */

/* "schema.rel", quoted as SQL needs. */
const char *rt_lint_pg_rv_name(lint_ctx *x, const PgQuery__RangeVar *rv)
{
	rt_buf b = RT_BUF_INIT;
	char *s;

	if (!rv)
		return NULL;
	rt_buf_init(&b);
	if (rv->schemaname && *rv->schemaname) {
		rt_lint_put_ident(x, &b, rv->schemaname);
		rt_buf_putc(&b, '.');
	}
	rt_lint_put_ident(x, &b, rv->relname);
	if (rt_buf_check(&b) < 0)
		return NULL;
	s = rt_arena_strdup(x->a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return s;
}

/* A dotted name from String nodes (DROP objects, type names). */
const char *rt_lint_pg_dotted(lint_ctx *x, Node **items, size_t n)
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
		rt_lint_put_ident(x, &b, part);
	}
	if (rt_buf_check(&b) < 0)
		return NULL;
	s = rt_arena_strdup(x->a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return s;
}

/* The name of a DROP/RENAME object: a List of Strings, a String, or a
 * TypeName. */
const char *rt_lint_pg_object_name(lint_ctx *x, const Node *n)
{
	if (!n)
		return NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_LIST:
		return rt_lint_pg_dotted(x, n->list->items, n->list->n_items);
	case PG_QUERY__NODE__NODE_STRING:
		return rt_lint_pg_dotted(x, (Node **)&n, 1);
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		return rt_lint_pg_dotted(x, n->type_name->names,
					 n->type_name->n_names);
	default:
		return NULL;
	}
}

int rt_lint_pg_hit(lint_ctx *x, enum lint_rule rule, const char *table,
		   long pos, const char *message, const char *safe_sql)
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
char *rt_lint_pg_deparse(lint_ctx *x, Node *stmt)
{
	char *sql = rt_pg_deparse(x->a, stmt);

	if (!sql) {
		rt_error_clear();
		return NULL;
	}
	return rt_lint_fmt(x, "%s;", sql);
}

/* ALTER TABLE rel <cmd>; */
char *rt_lint_pg_deparse_alter(lint_ctx *x, PgQuery__RangeVar *rel,
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
	return rt_lint_pg_deparse(x, &sn);
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
		if (!(table = rt_lint_pg_rv_name(x, rv)))
			return RT_ERROR;
		error = rt_lint_pg_hit(x, rule, table, at(p, rv->location),
				       rt_lint_fmt(x, "%s '%s'", what, table),
				       NULL);
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
		return rt_lint_pg_hit(
		    x, R_TRANSACTION_CONTROL, NULL, -1,
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

/*
 * Whether an UPDATE's WHERE can limit it to part of the table. Two forms
 * select every row as surely as no WHERE: `col IS NOT NULL` (every row that
 * has a value), and `col IS NULL` of a column this migration added (every
 * row, it is new). `col IS NULL` of an older column is the fix-up before
 * SET NOT NULL and selects the few rows without a value. A conjunction is
 * bounded when one term is, a disjunction when every arm is; any other
 * expression is taken as bounding: a wrong finding refuses an upgrade.
 */
static int bounds_rows(lint_ctx *x, const char *table, const Node *w)
{
	size_t i;

	if (!w)
		return 0;
	switch (w->node_case) {
	case PG_QUERY__NODE__NODE_NULL_TEST: {
		const PgQuery__NullTest *nt = w->null_test;
		const lint_column *c;
		const char *col;

		if (nt->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL)
			return 0;
		if (!nt->arg ||
		    nt->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
			return 1;
		col = last_name(nt->arg->column_ref->fields,
				nt->arg->column_ref->n_fields);
		c = col && table ? rt_lint_pg_run_column(x, table, col) : NULL;
		return !(c && c->added_by == x->m);
	}
	case PG_QUERY__NODE__NODE_BOOL_EXPR: {
		const PgQuery__BoolExpr *b = w->bool_expr;
		int and = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;

		if (!and && b->boolop != PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR)
			return 1;
		for (i = 0; i < b->n_args; i++) {
			int bounded = bounds_rows(x, table, b->args[i]);

			if (and && bounded)
				return 1;
			if (!and && !bounded)
				return 0;
		}
		return !and;
	}
	default:
		return 1;
	}
}

static int stmt_node(pgx *p, Node *n)
{
	lint_ctx *x = p->x;
	const char *table;
	size_t i;
	int error = 0;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return rt_lint_pg_create_table(p, n->create_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (!n->create_table_as_stmt->into ||
		    !(table = rt_lint_pg_rv_name(
			  x, n->create_table_as_stmt->into->rel)))
			return 0;
		return rt_lint_add_created(x, table);
	case PG_QUERY__NODE__NODE_SELECT_STMT: {
		int r;

		if (n->select_stmt->into_clause &&
		    (table = rt_lint_pg_rv_name(
			 x, n->select_stmt->into_clause->rel)) &&
		    (error = rt_lint_add_created(x, table)) < 0)
			return error;
		r = rt_pg_tree_walk((ProtobufCMessage *)n, find_set_config,
				    NULL);
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
		return rt_lint_pg_alter_table(p, n->alter_table_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return rt_lint_pg_rename_stmt(p, n->rename_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: {
		PgQuery__AlterObjectSchemaStmt *s = n->alter_object_schema_stmt;

		if (s->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
		    !(table = rt_lint_pg_rv_name(x, s->relation)))
			return 0;
		error = rt_lint_pg_hit(
		    x, R_RENAME_TABLE, table, at(p, s->relation->location),
		    rt_lint_fmt(x, "table '%s' moves to schema '%s'", table,
				s->newschema),
		    NULL);
		return error < 0 ? error : rt_lint_blocking_lock(x, table, -1);
	}
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return rt_lint_pg_drop_stmt(p, n->drop_stmt);
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		return rt_lint_pg_hit(x, R_DROP_DATABASE, NULL, -1,
				      rt_lint_fmt(x, "database '%s' is dropped",
						  n->dropdb_stmt->dbname),
				      NULL);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return rt_lint_pg_index_stmt(p, n->index_stmt);
	case PG_QUERY__NODE__NODE_VACUUM_STMT: {
		PgQuery__VacuumStmt *s = n->vacuum_stmt;

		if (!s->is_vacuumcmd)
			return 0; /* ANALYZE runs anywhere */
		if (x->in_txn)
			return rt_lint_pg_hit(
			    x, R_VACUUM_IN_TRANSACTION, NULL, -1,
			    "VACUUM inside the migration's transaction",
			    "-- retort:up transaction=false");
		if (!has_option(s->options, s->n_options, "full"))
			return 0;
		if (!s->n_rels)
			return rt_lint_pg_hit(x, R_VACUUM_FULL, NULL, -1,
					      "VACUUM FULL of every table",
					      NULL);
		return relations(p, s->rels, s->n_rels, R_VACUUM_FULL,
				 "VACUUM FULL of");
	}
	case PG_QUERY__NODE__NODE_CLUSTER_STMT: {
		Node rv = PG_QUERY__NODE__INIT, *rels[1] = {&rv};

		if (!n->cluster_stmt->relation)
			return rt_lint_pg_hit(
			    x, R_CLUSTER, NULL, -1,
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
				   ? rt_lint_pg_hit(
					 x, R_CONCURRENTLY_IN_TRANSACTION, NULL,
					 -1,
					 "REINDEX CONCURRENTLY inside the "
					 "migration's transaction",
					 "-- retort:up transaction=false")
				   : 0;
		table = NULL;
		if (s->kind ==
		    PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE)
			table = rt_lint_pg_rv_name(x, s->relation);
		else if (
		    s->kind ==
			PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
		    s->relation &&
		    (error = rt_lint_pg_index_table(
			 x, rt_lint_pg_rv_name(x, s->relation), &table)) < 0)
			return error;
		return rt_lint_pg_hit(x, R_REINDEX_NON_CONCURRENTLY, table, -1,
				      "REINDEX without CONCURRENTLY", NULL);
	}
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		set_stmt(p, n->variable_set_stmt);
		return 0;
	case PG_QUERY__NODE__NODE_UPDATE_STMT: {
		PgQuery__UpdateStmt *s = n->update_stmt;
		lint_hit h = {0};

		if (!(table = rt_lint_pg_rv_name(x, s->relation)) ||
		    bounds_rows(x, table, s->where_clause))
			return 0;
		h.rule = R_BACKFILL_IN_DDL_TRANSACTION;
		h.table = table;
		h.pos = -1;
		h.message = rt_lint_fmt(x,
					"every row of '%s'%s is updated in "
					"the transaction that holds DDL "
					"locks",
					table,
					s->where_clause
					    ? " that its WHERE selects (no "
					      "key range)"
					    : "");
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
		return rt_lint_pg_create_enum(p, n->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return rt_lint_pg_alter_enum(p, n->alter_enum_stmt);
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
	PgQueryProtobufParseResult r;
	PgQuery__ParseResult *tree = NULL;
	rt_arena nodes = RT_ARENA_INIT;
	ProtobufCAllocator alloc = {tree_alloc, tree_free, &nodes};
	pgx p = {x, base};
	size_t i, len = strlen(sql);
	int error = 0;

	*parsed = 0;
	if ((error = rt_pgq_ready()) < 0)
		return error;
	r = pg_query_parse_protobuf(sql);
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
		if (x->stmt_len && raw->stmt &&
		    (error = rt_lint_pg_standby(&p, raw->stmt)) == 0)
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

	if (!sql || rt_pgq_ready() < 0)
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

static int pg_step(lint_ctx *x)
{
	struct split_state st = {x, 0};
	size_t len = strlen(x->text);
	int parsed, error;

	if ((error = parse_and_analyse(x, x->text, 0, &parsed)) < 0 || parsed)
		return error;
	if ((error = x->be->split(x->text, len, on_stmt, &st)) < 0)
		return error;
	return gap(&st, len);
}

/* ---- the engine's lint ----------------------------------------------------
 */

static int pg_state_new(void **out, lint_ctx *x)
{
	(void)x;
	if (!(*out = calloc(1, sizeof(pg_state))))
		return rt_error_nomem();
	return 0;
}

static void pg_state_free(void *state)
{
	free(state);
}

static void pg_begin_migration(lint_ctx *x)
{
	(void)x; /* what it keeps lasts the run */
}

const rt_backend *rt_lint_default_backend(void)
{
	return &rt_backend_postgres;
}

#define R RT_LINT_RULE_BIT

/* every rule but SQLite's table-rebuild and MySQL's own (algorithms,
 * narrowing types, charsets) */
const rt_lint_ops rt_lint_ops_postgres = {
    .rules = (RT_LINT_RULE_BIT(R__COUNT) - 1) & ~R(R_TABLE_REBUILD) &
	     ~R(R_BLOCKING_ALTER) & ~R(R_NARROWING_COLUMN_TYPE) &
	     ~R(R_LOSSY_CHARSET_CHANGE) &
	     ~R(R_DROP_PARTITION), /* a partition is a table: drop-table */
    .state_new = pg_state_new,
    .state_free = pg_state_free,
    .begin_migration = pg_begin_migration,
    .step = pg_step,
    .lookup = &rt_lookup_ops_postgres,
};
