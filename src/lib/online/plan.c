/*
 * plan.c: an online migration's up section, read with libpg_query and
 * mapped to expand/contract operations (see online.h).
 *
 * Invariants of the model it builds: a column is touched at most once
 * per kind (one rename, one type change); a name used by a statement
 * resolves to the column that has it in the old or the new shape, and no
 * name belongs to two columns; everything a statement says about columns
 * is rewritten to physical names (the ones that exist while both versions
 * run) before it is stored, so expand needs no parse tree.
 *
 * Failure outputs: RT_ERROR with the error at the migration's file:line,
 * "... cannot run online" and the reason in the detail.
 */
#include "catalog/stable_postgres.h"
#include "online/online.h"
#include "util/pg_tree.h"
#include "util/sql_lex.h"

#include <ctype.h>

typedef PgQuery__Node Node;

/* ---- trees ------------------------------------------------------------ */

/* Unpacked trees live in an arena, released once the step is planned. */
static void *tree_alloc(void *data, size_t size)
{
	return rt_arena_alloc(data, size);
}

static void tree_free(void *data, void *ptr)
{
	(void)data;
	(void)ptr;
}

static const char *sval(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING
		   ? n->string->sval
		   : NULL;
}

/* SELECT <expr>, deparsed, less the SELECT. */
static char *deparse_expr(rt_arena *a, Node *expr)
{
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	Node rn = PG_QUERY__NODE__INIT, sn = PG_QUERY__NODE__INIT;
	Node *targets[1] = {&rn};
	char *s;

	rt.val = expr;
	rn.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	rn.res_target = &rt;
	sel.n_target_list = 1;
	sel.target_list = targets;
	sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	sn.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	sn.select_stmt = &sel;
	if (!(s = rt_pg_deparse(a, &sn)))
		return NULL;
	return strncmp(s, "SELECT ", 7) == 0 ? s + 7 : s;
}

/* A type name as SQL: SELECT NULL::<type>, less the rest. */
static char *deparse_type(rt_arena *a, PgQuery__TypeName *t)
{
	PgQuery__TypeCast tc = PG_QUERY__TYPE_CAST__INIT;
	PgQuery__AConst ac = PG_QUERY__A__CONST__INIT;
	Node cn = PG_QUERY__NODE__INIT, tn = PG_QUERY__NODE__INIT;
	char *s;

	ac.isnull = 1;
	cn.node_case = PG_QUERY__NODE__NODE_A_CONST;
	cn.a_const = &ac;
	tc.arg = &cn;
	tc.type_name = t;
	tn.node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
	tn.type_cast = &tc;
	if (!(s = deparse_expr(a, &tn)))
		return NULL;
	return strncmp(s, "NULL::", 6) == 0 ? s + 6 : s;
}

/* ---- rewriting column names ----------------------------------------- */

typedef struct renamer {
	rt_arena *a;
	const char *const *from, *const *to;
	size_t n;
	const char *prefix; /* every column reference gets it, or NULL */
} renamer;

static const char *renamed(const renamer *r, const char *name)
{
	size_t i;

	for (i = 0; name && i < r->n; i++)
		if (!strcmp(name, r->from[i]))
			return r->to[i];
	return name;
}

static Node *string_node(rt_arena *a, const char *s)
{
	Node *n = rt_arena_alloc(a, sizeof(*n));
	PgQuery__String *str = rt_arena_alloc(a, sizeof(*str));

	if (!n || !str)
		return NULL;
	pg_query__node__init(n);
	pg_query__string__init(str);
	str->sval = (char *)s;
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = str;
	return n;
}

static int rename_strings(const renamer *r, Node **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sval(items[i]))
			items[i]->string->sval =
			    (char *)renamed(r, sval(items[i]));
	return 0;
}

static int rename_colref(const renamer *r, PgQuery__ColumnRef *c)
{
	const char *last;
	Node **fields;

	if (!c->n_fields || !(last = sval(c->fields[c->n_fields - 1])))
		return 0; /* t.* */
	last = renamed(r, last);
	if (!r->prefix) {
		c->fields[c->n_fields - 1]->string->sval = (char *)last;
		return 0;
	}
	/* the row's column: any qualifier becomes the prefix */
	if (!(fields = rt_arena_array(r->a, 2, sizeof(*fields))) ||
	    !(fields[0] = string_node(r->a, r->prefix)) ||
	    !(fields[1] = string_node(r->a, last)))
		return RT_ERROR;
	c->fields = fields;
	c->n_fields = 2;
	return 0;
}

static int rename_node(const renamer *r, Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		return rename_colref(r, n->column_ref);
	case PG_QUERY__NODE__NODE_INDEX_ELEM:
		if (n->index_elem->name && *n->index_elem->name)
			n->index_elem->name =
			    (char *)renamed(r, n->index_elem->name);
		return 0;
	case PG_QUERY__NODE__NODE_CONSTRAINT:
		/* the constrained table's columns, not pk_attrs (the
		 * referenced table's) */
		rename_strings(r, n->constraint->keys, n->constraint->n_keys);
		rename_strings(r, n->constraint->including,
			       n->constraint->n_including);
		rename_strings(r, n->constraint->fk_attrs,
			       n->constraint->n_fk_attrs);
		return 0;
	default:
		return 0;
	}
}

static int rename_visit(Node *n, void *arg)
{
	return rename_node(arg, n);
}

int rt_online_rewrite(char **out, rt_arena *a, const char *sql, int expr,
		      const char *const *from, const char *const *to, size_t n,
		      const char *prefix)
{
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	rt_arena nodes = RT_ARENA_INIT;
	ProtobufCAllocator alloc = {tree_alloc, tree_free, &nodes};
	renamer r = {&nodes, from, to, n, prefix};
	char *text = NULL, *s;
	int error = 0;

	*out = NULL;
	if ((error = rt_pgq_ready()) < 0)
		return error;
	rt_arena_init(&nodes);
	text = expr ? rt_arena_printf(&nodes, "SELECT %s", sql)
		    : rt_arena_strdup(&nodes, sql);
	if (!text)
		return RT_ERROR;
	res = pg_query_parse_protobuf(text);
	if (res.error) {
		error = rt_error_set(RT_ERROR_PARSE, "could not parse '%s': %s",
				     sql, res.error->message);
		goto done;
	}
	tree = pg_query__parse_result__unpack(
	    &alloc, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	if (!tree || tree->n_stmts != 1) {
		error = tree ? rt_error_set(RT_ERROR_PARSE,
					    "'%s' is not one statement", sql)
			     : rt_error_nomem();
		goto done;
	}
	if ((error = rt_pg_tree_walk(&tree->stmts[0]->stmt->base, rename_visit,
				     &r)) < 0)
		goto done;
	if (!(s = rt_pg_deparse(&nodes, tree->stmts[0]->stmt))) {
		error = RT_ERROR;
		goto done;
	}
	if (expr && strncmp(s, "SELECT ", 7) == 0)
		s += 7;
	if (!(*out = rt_arena_strdup(a, s)))
		error = RT_ERROR;
done:
	pg_query_free_protobuf_parse_result(res);
	rt_arena_release(&nodes);
	return error;
}

/* ---- names ------------------------------------------------------------- */

/* PostgreSQL cuts identifiers at NAMEDATALEN - 1 bytes. */
#define RT_NAME_MAX 63

static const char *cut_name(rt_arena *a, const char *prefix, const char *s)
{
	char *n = rt_arena_printf(a, "%s%s", prefix, s);

	if (n && strlen(n) > RT_NAME_MAX)
		n[RT_NAME_MAX] = '\0';
	return n;
}

const char *rt_online_shadow_name(rt_arena *a, const char *name)
{
	return cut_name(a, "_rt_", name);
}

const char *rt_online_schema_name(rt_arena *a, const char *rev)
{
	return cut_name(a, "rt_", rev);
}

const char *rt_online_op_name(rt_online_op_kind kind)
{
	static const char *const names[] = {
	    [RT_ONLINE_RENAME_COLUMN] = "rename column",
	    [RT_ONLINE_ALTER_TYPE] = "change type",
	    [RT_ONLINE_SET_NOT_NULL] = "set not null",
	    [RT_ONLINE_ADD_COLUMN] = "add column",
	    [RT_ONLINE_DROP_COLUMN] = "drop column",
	    [RT_ONLINE_ADD_CHECK] = "add check",
	    [RT_ONLINE_ADD_FOREIGN_KEY] = "add foreign key",
	    [RT_ONLINE_ADD_UNIQUE] = "add unique",
	    [RT_ONLINE_CREATE_INDEX] = "create index",
	    [RT_ONLINE_RENAME_TABLE] = "rename table",
	};

	return (size_t)kind < RT_ARRAY_SIZE(names) ? names[kind] : "?";
}

/* ---- the planner -------------------------------------------------------- */

typedef struct planner {
	rt_online_plan *p;
	rt_arena *a; /* the plan's */
	const rt_migration *m;
	const char *text; /* the step being planned */
	size_t stmt_start, stmt_len;
	int step_line;
	int line; /* of the statement */
	/* down section: ALTER COLUMN ... TYPE ... USING, for the reverse */
	rt_vec down_using; /* pairs: "table\0column" key, expression */
} planner;

static const char *stmt_shown(planner *pl)
{
	size_t n = pl->stmt_len;

	if (n > 200)
		return rt_arena_printf(pl->a, "%.197s...",
				       pl->text + pl->stmt_start);
	return rt_arena_strndup(pl->a, pl->text + pl->stmt_start, n);
}

/* Refuse the current statement. */
static int refuse(planner *pl, const char *what, const char *why,
		  const char *hint)
{
	rt_error_set(RT_ERROR_PARSE, "%s cannot run online", what);
	rt_error_detail("%s; statement: %s", why, stmt_shown(pl));
	if (hint)
		rt_error_hint("%s", hint);
	rt_error_at(pl->m->path, pl->line, 0);
	return RT_ERROR;
}

static int same_str(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, b);
}

rt_online_column *rt_online_table_column(const rt_online_table *t,
					 const char *name)
{
	size_t i;

	for (i = 0; i < t->columns.len; i++) {
		rt_online_column *c = t->columns.items[i];

		if ((c->name && !strcmp(c->name, name)) ||
		    (c->new_name && !strcmp(c->new_name, name)))
			return c;
	}
	return NULL;
}

/* The table a statement names (by its name before or after a RENAME
 * TO in this migration), created on first mention. */
static rt_online_table *table_of(planner *pl, const PgQuery__RangeVar *rv)
{
	const char *schema =
	    rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
	rt_online_table *t;
	size_t i;

	for (i = 0; i < pl->p->tables.len; i++) {
		t = pl->p->tables.items[i];
		if (same_str(t->schema, schema) &&
		    (!strcmp(t->name, rv->relname) ||
		     !strcmp(t->new_name, rv->relname)))
			return t;
	}
	if (!(t = rt_arena_alloc(pl->a, sizeof(*t))))
		return NULL;
	t->schema = schema ? rt_arena_strdup(pl->a, schema) : NULL;
	t->name = t->new_name = rt_arena_strdup(pl->a, rv->relname);
	t->line = pl->line;
	if (!t->name || rt_vec_push(pl->a, &pl->p->tables, t) < 0)
		return NULL;
	return t;
}

static const char *table_shown(planner *pl, const rt_online_table *t)
{
	return t->schema ? rt_arena_printf(pl->a, "%s.%s", t->schema, t->name)
			 : t->name;
}

static int add_op(planner *pl, rt_online_op_kind kind, const rt_online_table *t,
		  const char *column, const char *detail)
{
	rt_online_op *op = rt_arena_alloc(pl->a, sizeof(*op));

	if (!op)
		return RT_ERROR;
	op->kind = kind;
	op->table = table_shown(pl, t);
	op->column = column;
	op->detail = detail;
	op->line = pl->line;
	return rt_vec_push(pl->a, &pl->p->ops, op);
}

/* The column `name` of `t`, created (untouched so far) on first
 * mention: `name` is then its name in the catalog. */
static rt_online_column *column_of(planner *pl, rt_online_table *t,
				   const char *name)
{
	rt_online_column *c = rt_online_table_column(t, name);

	if (c)
		return c;
	if (!(c = rt_arena_alloc(pl->a, sizeof(*c))))
		return NULL;
	c->name = c->new_name = rt_arena_strdup(pl->a, name);
	c->line = pl->line;
	if (!c->name || rt_vec_push(pl->a, &t->columns, c) < 0)
		return NULL;
	return c;
}

/* Where the new shape of a column lives while both versions run. */
static const char *physical_new(planner *pl, const rt_online_column *c)
{
	if (c->added)
		return c->new_name;
	if (c->retyped)
		return rt_online_shadow_name(pl->a, c->name);
	return c->name;
}

/* Rename maps of a table: every name of a touched column (old and new)
 * to its physical column on one side. `side_new`: the new shape's. */
static int name_map(planner *pl, const rt_online_table *t, int side_new,
		    const char ***from, const char ***to, size_t *n)
{
	size_t i, k = 0, max = t->columns.len * 2 + 1;

	*from = rt_arena_array(pl->a, max, sizeof(char *));
	*to = rt_arena_array(pl->a, max, sizeof(char *));
	if (!*from || !*to)
		return RT_ERROR;
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];
		const char *phys =
		    side_new || !c->name ? physical_new(pl, c) : c->name;

		if (c->name) {
			(*from)[k] = c->name;
			(*to)[k++] = phys;
		}
		if (c->new_name && (!c->name || strcmp(c->new_name, c->name))) {
			(*from)[k] = c->new_name;
			(*to)[k++] = phys;
		}
	}
	*n = k;
	return 0;
}

/* A statement (or expression) of the new shape, in physical names. */
static int to_physical(planner *pl, const rt_online_table *t, const char *sql,
		       int expr, int side_new, char **out)
{
	const char **from, **to;
	size_t n;

	if (name_map(pl, t, side_new, &from, &to, &n) < 0)
		return RT_ERROR;
	return rt_online_rewrite(out, pl->a, sql, expr, from, to, n, NULL);
}

static int not_dropped(planner *pl, const rt_online_column *c, const char *what)
{
	if (!c->dropped)
		return 0;
	return refuse(pl, what,
		      rt_arena_printf(pl->a,
				      "column '%s' is dropped earlier "
				      "in the migration",
				      c->name),
		      NULL);
}

static int plan_rename_column(planner *pl, rt_online_table *t, const char *old,
			      const char *new_name)
{
	rt_online_column *c = rt_online_table_column(t, old);
	rt_online_column *other = rt_online_table_column(t, new_name);

	if (other && other != c)
		return refuse(pl, "RENAME COLUMN",
			      rt_arena_printf(pl->a,
					      "'%s' is another column's "
					      "name in this migration",
					      new_name),
			      "names that move from one column to another "
			      "need two online migrations");
	if (!(c = column_of(pl, t, old)))
		return RT_ERROR;
	if (not_dropped(pl, c, "RENAME COLUMN") < 0)
		return RT_ERROR;
	if (c->added)
		return refuse(pl, "RENAME COLUMN",
			      "the column is added by this migration",
			      "add it with its final name");
	if (c->renamed)
		return refuse(pl, "RENAME COLUMN",
			      rt_arena_printf(pl->a,
					      "column '%s' is renamed "
					      "twice",
					      c->name),
			      NULL);
	if (strcmp(old, c->new_name) != 0)
		return refuse(pl, "RENAME COLUMN",
			      rt_arena_printf(pl->a,
					      "column '%s' is called "
					      "'%s' by then",
					      old, c->new_name),
			      NULL);
	c->renamed = 1;
	c->new_name = rt_arena_strdup(pl->a, new_name);
	return add_op(pl, RT_ONLINE_RENAME_COLUMN, t, c->name,
		      rt_arena_printf(pl->a, "to %s", new_name));
}

static int plan_rename(planner *pl, PgQuery__RenameStmt *s)
{
	rt_online_table *t;

	if (!s->relation)
		return refuse(pl, "RENAME", "it renames no table or column",
			      NULL);
	if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
	    s->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		if (!(t = table_of(pl, s->relation)))
			return RT_ERROR;
		return plan_rename_column(pl, t, s->subname, s->newname);
	}
	if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		if (!(t = table_of(pl, s->relation)))
			return RT_ERROR;
		if (strcmp(t->name, t->new_name) != 0)
			return refuse(pl, "RENAME TO",
				      "the table is renamed "
				      "twice",
				      NULL);
		if (strcmp(t->name, s->relation->relname) != 0)
			return refuse(pl, "RENAME TO",
				      "the table is not "
				      "called that by then",
				      NULL);
		t->new_name = rt_arena_strdup(pl->a, s->newname);
		return add_op(pl, RT_ONLINE_RENAME_TABLE, t, NULL,
			      rt_arena_printf(pl->a, "to %s", s->newname));
	}
	return refuse(pl, "RENAME",
		      "only columns and tables are renamed "
		      "online",
		      "rename other objects in an ordinary migration");
}

/* A down-section USING for the column named `name` of `t` (its old or
 * new name), or NULL. */
static const char *down_using_of(planner *pl, const rt_online_table *t,
				 const rt_online_column *c)
{
	size_t i;

	for (i = 0; i + 1 < pl->down_using.len; i += 2) {
		const char *key = pl->down_using.items[i];
		const char *col = key + strlen(key) + 1;

		if (strcmp(key, t->name) && strcmp(key, t->new_name))
			continue;
		if ((c->name && !strcmp(col, c->name)) ||
		    (c->new_name && !strcmp(col, c->new_name)))
			return pl->down_using.items[i + 1];
	}
	return NULL;
}

/* Is there a function call in the expression that is not known to be
 * stable (catalog/stable_postgres.c, the list lint reads too)? Then a
 * default is treated as volatile (backfilled), the safe reading: a
 * stable one would have been stored once instead. */
/* A function not known to be stable, or a subquery: 1 stops the walk. */
static int find_volatile(Node *n, void *arg)
{
	(void)arg;
	if (n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
		const PgQuery__FuncCall *f = n->func_call;
		const char *name =
		    f->n_funcname ? sval(f->funcname[f->n_funcname - 1]) : NULL;
		return !name || !rt_pg_fn_is_stable(name);
	}
	return n->node_case == PG_QUERY__NODE__NODE_SUB_LINK;
}

static int plan_add_column(planner *pl, rt_online_table *t,
			   PgQuery__ColumnDef *def)
{
	rt_online_column *c;
	size_t i;

	if (!def || !def->colname)
		return refuse(pl, "ADD COLUMN", "no column definition", NULL);
	if (rt_online_table_column(t, def->colname))
		return refuse(pl, "ADD COLUMN",
			      rt_arena_printf(pl->a,
					      "'%s' names a column this "
					      "migration already changes",
					      def->colname),
			      NULL);
	if (!(c = column_of(pl, t, def->colname)))
		return RT_ERROR;
	c->name = NULL;
	c->added = 1;
	if (!(c->type = deparse_type(pl->a, def->type_name)))
		return RT_ERROR;
	if (def->coll_clause || (def->generated && *def->generated) ||
	    (def->identity && *def->identity))
		return refuse(pl, "ADD COLUMN",
			      "a collation, identity or "
			      "generated column",
			      "add it in an ordinary migration");
	for (i = 0; i < def->n_constraints; i++) {
		const Node *n = def->constraints[i];
		const PgQuery__Constraint *k =
		    n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
			? n->constraint
			: NULL;

		if (!k)
			continue;
		switch (k->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			c->not_null = 1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (!(c->default_sql =
				  deparse_expr(pl->a, k->raw_expr)))
				return RT_ERROR;
			c->volatile_default = rt_pg_tree_walk(
			    &k->raw_expr->base, find_volatile, NULL);
			break;
		default:
			return refuse(
			    pl, "ADD COLUMN",
			    "a column constraint other than NOT NULL "
			    "and DEFAULT",
			    "add the column, then the constraint with "
			    "ALTER TABLE ... ADD CONSTRAINT");
		}
	}
	if (c->not_null && !c->default_sql)
		return refuse(pl, "ADD COLUMN ... NOT NULL",
			      "without a DEFAULT, the inserts of the version "
			      "still running would fail",
			      "give it a DEFAULT, or add it nullable and SET "
			      "NOT NULL in a later online migration");
	return add_op(
	    pl, RT_ONLINE_ADD_COLUMN, t, c->new_name,
	    rt_arena_printf(
		pl->a, "%s%s%s%s%s", c->type, c->not_null ? " not null" : "",
		c->default_sql ? " default " : "",
		c->default_sql ? c->default_sql : "",
		c->volatile_default ? " (volatile: backfilled)" : ""));
}

static int plan_alter_type(planner *pl, rt_online_table *t,
			   PgQuery__AlterTableCmd *cmd)
{
	PgQuery__ColumnDef *def =
	    cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF
		? cmd->def->column_def
		: NULL;
	rt_online_column *c;
	char *using = NULL;

	if (!def || !def->type_name)
		return refuse(pl, "ALTER COLUMN TYPE", "no type", NULL);
	if (!(c = column_of(pl, t, cmd->name)))
		return RT_ERROR;
	if (not_dropped(pl, c, "ALTER COLUMN TYPE") < 0)
		return RT_ERROR;
	if (c->added)
		return refuse(pl, "ALTER COLUMN TYPE",
			      "the column is added "
			      "by this migration",
			      "add it with its final type");
	if (c->retyped)
		return refuse(pl, "ALTER COLUMN TYPE",
			      "the column's type is changed twice", NULL);
	if (def->coll_clause)
		return refuse(pl, "ALTER COLUMN TYPE ... COLLATE",
			      "a collation change", NULL);
	c->retyped = 1;
	if (!(c->type = deparse_type(pl->a, def->type_name)))
		return RT_ERROR;
	if (def->raw_default &&
	    !(using = deparse_expr(pl->a, def->raw_default)))
		return RT_ERROR;
	c->up_using = using;
	return add_op(pl, RT_ONLINE_ALTER_TYPE, t, c->name,
		      rt_arena_printf(pl->a, "%s%s%s", c->type,
				      using ? " using " : "",
				      using ? using : ""));
}

static const char *first_key(Node **keys, size_t n)
{
	return n ? sval(keys[0]) : NULL;
}

/* A constraint name PostgreSQL's way: table_col_suffix, cut to fit. */
static const char *constraint_name(planner *pl, const rt_online_table *t,
				   const PgQuery__Constraint *k,
				   const char *suffix)
{
	const char *col = first_key(k->keys, k->n_keys);

	if (!col)
		col = first_key(k->fk_attrs, k->n_fk_attrs);
	return cut_name(pl->a, "",
			rt_arena_printf(pl->a, "%s_%s_%s", t->new_name,
					col ? col : "expr", suffix));
}

/* The index a UNIQUE constraint is built on, concurrently: CREATE
 * UNIQUE INDEX <constraint name> ON rel (keys). */
static char *unique_index_sql(planner *pl, PgQuery__RangeVar *rv,
			      const PgQuery__Constraint *k)
{
	PgQuery__IndexStmt is = PG_QUERY__INDEX_STMT__INIT;
	Node sn = PG_QUERY__NODE__INIT;
	Node **params;
	size_t i;

	if (k->n_including || k->n_options || k->where_clause ||
	    (k->indexspace && *k->indexspace)) {
		refuse(pl, "ADD CONSTRAINT ... UNIQUE",
		       "INCLUDE, WITH, WHERE "
		       "or USING INDEX TABLESPACE",
		       "create the unique index with CREATE UNIQUE INDEX");
		return NULL;
	}
	if (!(params = rt_arena_array(pl->a, k->n_keys + 1, sizeof(*params))))
		return NULL;
	for (i = 0; i < k->n_keys; i++) {
		PgQuery__IndexElem *e = rt_arena_alloc(pl->a, sizeof(*e));

		if (!e || !(params[i] = rt_arena_alloc(pl->a, sizeof(Node))))
			return NULL;
		pg_query__index_elem__init(e);
		pg_query__node__init(params[i]);
		e->name = (char *)sval(k->keys[i]);
		e->ordering = PG_QUERY__SORT_BY_DIR__SORTBY_DEFAULT;
		e->nulls_ordering =
		    PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT;
		params[i]->node_case = PG_QUERY__NODE__NODE_INDEX_ELEM;
		params[i]->index_elem = e;
	}
	is.idxname = k->conname;
	is.relation = rv;
	is.access_method = "btree";
	is.unique = 1;
	is.nulls_not_distinct = k->nulls_not_distinct;
	is.n_index_params = k->n_keys;
	is.index_params = params;
	sn.node_case = PG_QUERY__NODE__NODE_INDEX_STMT;
	sn.index_stmt = &is;
	return rt_pg_deparse(pl->a, &sn);
}

static int plan_add_constraint(planner *pl, rt_online_table *t,
			       PgQuery__RangeVar *rel,
			       PgQuery__AlterTableCmd *cmd)
{
	PgQuery__Constraint *k =
	    cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
		? cmd->def->constraint
		: NULL;
	PgQuery__AlterTableStmt ats = PG_QUERY__ALTER_TABLE_STMT__INIT;
	PgQuery__RangeVar rv;
	Node cn = PG_QUERY__NODE__INIT, sn = PG_QUERY__NODE__INIT;
	Node *cmds[1] = {&cn};
	rt_online_constraint *oc;
	rt_online_op_kind kind;
	const char *suffix;
	char *sql;

	if (!k)
		return refuse(pl, "ADD CONSTRAINT", "no constraint", NULL);
	switch (k->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		kind = RT_ONLINE_ADD_CHECK;
		suffix = "check";
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		kind = RT_ONLINE_ADD_FOREIGN_KEY;
		suffix = "fkey";
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		if (k->indexname && *k->indexname)
			return refuse(pl, "ADD CONSTRAINT ... USING INDEX",
				      "the index already exists: it is cheap "
				      "as it is",
				      "run it in an ordinary migration");
		kind = RT_ONLINE_ADD_UNIQUE;
		suffix = "key";
		break;
	default:
		return refuse(pl, "ADD CONSTRAINT",
			      "only CHECK, FOREIGN KEY and UNIQUE are added "
			      "online",
			      "a primary key or exclusion constraint needs an "
			      "ordinary migration");
	}
	if (k->deferrable && kind == RT_ONLINE_ADD_UNIQUE)
		return refuse(pl, "ADD CONSTRAINT ... UNIQUE DEFERRABLE",
			      "a deferrable unique constraint cannot use a "
			      "concurrently built index",
			      NULL);
	if (!k->conname || !*k->conname)
		k->conname = (char *)constraint_name(pl, t, k, suffix);
	if (!k->conname)
		return RT_ERROR;
	/* NOT VALID first, VALIDATE after the backfill: the scan then runs
	 * under a lock that lets reads and writes through */
	if (kind != RT_ONLINE_ADD_UNIQUE) {
		k->skip_validation = 1;
		k->initially_valid = 0;
	}
	rv = *rel;
	rv.relname = (char *)t->name;
	cn.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
	cn.alter_table_cmd = cmd;
	ats.relation = &rv;
	ats.n_cmds = 1;
	ats.cmds = cmds;
	ats.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
	sn.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_STMT;
	sn.alter_table_stmt = &ats;
	if (!(sql = rt_pg_deparse(pl->a, &sn)))
		return RT_ERROR;
	if (!(oc = rt_arena_alloc(pl->a, sizeof(*oc))))
		return RT_ERROR;
	oc->kind = kind == RT_ONLINE_ADD_CHECK	       ? RT_ONLINE_CHECK
		   : kind == RT_ONLINE_ADD_FOREIGN_KEY ? RT_ONLINE_FOREIGN_KEY
						       : RT_ONLINE_UNIQUE;
	oc->name = rt_arena_strdup(pl->a, k->conname);
	oc->line = pl->line;
	oc->clause = sql;
	if (kind == RT_ONLINE_ADD_UNIQUE &&
	    !(oc->index_sql = unique_index_sql(pl, &rv, k)))
		return RT_ERROR;
	if (rt_vec_push(pl->a, &t->constraints, oc) < 0)
		return RT_ERROR;
	return add_op(pl, kind, t, oc->name, NULL);
}

static int plan_alter_table(planner *pl, PgQuery__AlterTableStmt *s)
{
	rt_online_table *t;
	size_t i;
	int error;

	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return refuse(pl, "ALTER", "only tables are altered online",
			      NULL);
	if (!(t = table_of(pl, s->relation)))
		return RT_ERROR;
	for (i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd =
		    s->cmds[i]->node_case ==
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD
			? s->cmds[i]->alter_table_cmd
			: NULL;
		rt_online_column *c;

		if (!cmd)
			return refuse(pl, "ALTER TABLE", "an unknown command",
				      NULL);
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			if (cmd->missing_ok)
				return refuse(pl, "ADD COLUMN IF NOT EXISTS",
					      "what it does depends on the "
					      "database",
					      NULL);
			error = plan_add_column(
			    pl, t,
			    cmd->def && cmd->def->node_case ==
					    PG_QUERY__NODE__NODE_COLUMN_DEF
				? cmd->def->column_def
				: NULL);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			if (cmd->behavior ==
			    PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
				return refuse(
				    pl, "DROP COLUMN ... CASCADE",
				    "it drops what depends on the "
				    "column, which the running version "
				    "may use",
				    "drop the dependent objects first");
			if (!(c = column_of(pl, t, cmd->name)))
				return RT_ERROR;
			if (c->added || c->retyped || c->renamed ||
			    c->set_not_null || c->dropped)
				return refuse(
				    pl, "DROP COLUMN",
				    "the column is changed earlier in "
				    "the migration",
				    NULL);
			c->dropped = 1;
			c->new_name = NULL;
			error =
			    add_op(pl, RT_ONLINE_DROP_COLUMN, t, c->name, NULL);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			error = plan_alter_type(pl, t, cmd);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
			if (!(c = column_of(pl, t, cmd->name)))
				return RT_ERROR;
			if (not_dropped(pl, c, "SET NOT NULL") < 0)
				return RT_ERROR;
			if (c->added)
				return refuse(pl, "SET NOT NULL",
					      "the column is added by this "
					      "migration",
					      "add it NOT NULL with a DEFAULT");
			c->set_not_null = 1;
			error = add_op(pl, RT_ONLINE_SET_NOT_NULL, t, c->name,
				       NULL);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
			error = plan_add_constraint(pl, t, s->relation, cmd);
			break;
		default:
			return refuse(pl, "this ALTER TABLE command",
				      "online migrations rename, change the "
				      "type of, set NOT NULL on, add and drop "
				      "columns, and add constraints",
				      "run it in an ordinary migration");
		}
		if (error < 0)
			return error;
	}
	return 0;
}

static int plan_index(planner *pl, PgQuery__IndexStmt *s)
{
	PgQuery__RangeVar rv;
	Node sn = PG_QUERY__NODE__INIT;
	rt_online_table *t;
	rt_online_index *ix;
	char *sql;

	if (!s->idxname || !*s->idxname)
		return refuse(pl, "CREATE INDEX without a name",
			      "retort must know its name to drop a failed "
			      "concurrent build and to roll back",
			      "name the index");
	if (s->primary || s->isconstraint)
		return refuse(pl, "this CREATE INDEX", "a constraint index",
			      NULL);
	if (!(t = table_of(pl, s->relation)))
		return RT_ERROR;
	/* built CONCURRENTLY after the backfill */
	s->concurrent = 0;
	s->if_not_exists = 0;
	rv = *s->relation;
	rv.relname = (char *)t->name;
	s->relation = &rv;
	sn.node_case = PG_QUERY__NODE__NODE_INDEX_STMT;
	sn.index_stmt = s;
	if (!(sql = rt_pg_deparse(pl->a, &sn)) ||
	    !(ix = rt_arena_alloc(pl->a, sizeof(*ix))))
		return RT_ERROR;
	ix->name = rt_arena_strdup(pl->a, s->idxname);
	ix->line = pl->line;
	ix->sql = sql;
	if (rt_vec_push(pl->a, &t->indexes, ix) < 0)
		return RT_ERROR;
	return add_op(pl, RT_ONLINE_CREATE_INDEX, t, ix->name,
		      s->unique ? "unique, concurrently" : "concurrently");
}

static int plan_stmt(planner *pl, Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return plan_alter_table(pl, n->alter_table_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return plan_rename(pl, n->rename_stmt);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return plan_index(pl, n->index_stmt);
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		return refuse(pl, "BEGIN/COMMIT",
			      "retort runs each phase in "
			      "transactions of its own",
			      "remove it");
	default:
		return refuse(pl, "this statement",
			      "online migrations hold ALTER TABLE (rename, "
			      "type, SET NOT NULL, add/drop column, add "
			      "constraint), RENAME and CREATE INDEX only",
			      "run it in an ordinary migration before or "
			      "after this one");
	}
}

/* Remember the down section's ALTER COLUMN ... TYPE ... USING. */
static int note_down(planner *pl, Node *n)
{
	PgQuery__AlterTableStmt *s;
	size_t i;

	if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
		return 0;
	s = n->alter_table_stmt;
	for (i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd =
		    s->cmds[i]->node_case ==
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD
			? s->cmds[i]->alter_table_cmd
			: NULL;
		PgQuery__ColumnDef *def;
		char *key, *expr;
		size_t tl;

		if (!cmd ||
		    cmd->subtype !=
			PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType ||
		    !cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		def = cmd->def->column_def;
		if (!def->raw_default)
			continue;
		tl = strlen(s->relation->relname);
		key = rt_arena_alloc(pl->a, tl + strlen(cmd->name) + 2);
		if (!key || !(expr = deparse_expr(pl->a, def->raw_default)))
			return RT_ERROR;
		memcpy(key, s->relation->relname, tl + 1);
		memcpy(key + tl + 1, cmd->name, strlen(cmd->name) + 1);
		if (rt_vec_push(pl->a, &pl->down_using, key) < 0 ||
		    rt_vec_push(pl->a, &pl->down_using, expr) < 0)
			return RT_ERROR;
	}
	return 0;
}

/* Parse each step of a section and hand its statements to `fn`. */
static int each_stmt(planner *pl, const rt_section *sec,
		     int (*fn)(planner *, Node *))
{
	size_t s;
	int error = rt_pgq_ready();

	for (s = 0; s < sec->nsteps && !error; s++) {
		const rt_step *st = &sec->steps[s];
		PgQueryProtobufParseResult r;
		PgQuery__ParseResult *tree;
		rt_arena nodes = RT_ARENA_INIT;
		ProtobufCAllocator alloc = {tree_alloc, tree_free, &nodes};
		rt_sql_lines lines; /* statements in order: linear */
		size_t i, len;

		if (st->kind != RT_STEP_SQL) {
			pl->line = st->line;
			pl->text = "";
			pl->stmt_start = pl->stmt_len = 0;
			return refuse(pl, "retort:load",
				      "a bulk load is no "
				      "schema change",
				      "load data in an ordinary migration");
		}
		pl->text = st->sql;
		pl->step_line = st->line;
		len = strlen(st->sql);
		r = pg_query_parse_protobuf(st->sql);
		if (r.error) {
			size_t at = r.error->cursorpos > 0
					? (size_t)r.error->cursorpos - 1
					: 0;

			rt_error_set(RT_ERROR_PARSE,
				     "could not parse the "
				     "online migration: %s",
				     r.error->message);
			rt_error_at(pl->m->path,
				    rt_sql_line_at(st->sql, at < len ? at : 0,
						   st->line),
				    0);
			pg_query_free_protobuf_parse_result(r);
			return RT_ERROR;
		}
		rt_arena_init(&nodes);
		rt_sql_lines_init(&lines, st->sql, st->line);
		tree = pg_query__parse_result__unpack(
		    &alloc, r.parse_tree.len,
		    (const uint8_t *)r.parse_tree.data);
		if (!tree)
			error = rt_error_nomem();
		for (i = 0; tree && i < tree->n_stmts && !error; i++) {
			const PgQuery__RawStmt *raw = tree->stmts[i];

			pl->stmt_start = (size_t)raw->stmt_location;
			pl->stmt_len = raw->stmt_len ? (size_t)raw->stmt_len
						     : len - pl->stmt_start;
			pl->stmt_start = rt_sql_skip_space(
			    st->sql, pl->stmt_start + pl->stmt_len,
			    pl->stmt_start);
			pl->stmt_len = raw->stmt_len
					   ? (size_t)raw->stmt_location +
						 (size_t)raw->stmt_len -
						 pl->stmt_start
					   : len - pl->stmt_start;
			pl->stmt_len = rt_sql_trim_end(st->sql + pl->stmt_start,
						       pl->stmt_len);
			pl->line = rt_sql_lines_at(&lines, pl->stmt_start);
			if (raw->stmt)
				error = fn(pl, raw->stmt);
		}
		rt_arena_release(&nodes);
		pg_query_free_protobuf_parse_result(r);
	}
	return error;
}

/* After the whole section, when every rename is known: the conversions
 * of retyped columns, and the constraints and indexes, in physical
 * names. A statement may name a column by its old or its new name. */
static int finish_table(planner *pl, rt_online_table *t)
{
	size_t i;

	for (i = 0; i < t->columns.len; i++) {
		rt_online_column *c = t->columns.items[i];
		const char *down;
		char *out;

		if (!c->retyped)
			continue;
		if (!c->up_using) {
			/* a cast of the column itself, quoted to survive
			 * the parse: libpg_query reads it next, so it is
			 * quoted as PostgreSQL's grammar (the planner's
			 * input language) quotes, with util's quoter, not
			 * a database's (the planner has none) */
			rt_buf b = RT_BUF_INIT;

			rt_buf_init(&b);
			rt_buf_put_ident(&b, c->name);
			rt_buf_printf(&b, "::%s", c->type);
			if (rt_buf_check(&b) < 0)
				return RT_ERROR;
			c->up_using = rt_arena_strdup(pl->a, b.ptr);
			rt_buf_release(&b);
			if (!c->up_using)
				return RT_ERROR;
		}
		if (to_physical(pl, t, c->up_using, 1, 0, &out) < 0)
			return RT_ERROR;
		c->up_using = out;
		if ((down = down_using_of(pl, t, c))) {
			if (to_physical(pl, t, down, 1, 1, &out) < 0)
				return RT_ERROR;
			c->down_using = out;
		}
	}
	for (i = 0; i < t->constraints.len; i++) {
		rt_online_constraint *k = t->constraints.items[i];

		if (to_physical(pl, t, k->clause, 0, 1, (char **)&k->clause) <
			0 ||
		    (k->index_sql && to_physical(pl, t, k->index_sql, 0, 1,
						 (char **)&k->index_sql) < 0))
			return RT_ERROR;
	}
	for (i = 0; i < t->indexes.len; i++) {
		rt_online_index *ix = t->indexes.items[i];

		if (to_physical(pl, t, ix->sql, 0, 1, (char **)&ix->sql) < 0)
			return RT_ERROR;
	}
	return 0;
}

int rt_online_plan_make(rt_online_plan **out, const rt_migration *m)
{
	rt_online_plan *p = calloc(1, sizeof(*p));
	planner pl;
	size_t i;
	int error = 0;

	*out = NULL;
	if (!p)
		return rt_error_nomem();
	rt_arena_init(&p->arena);
	p->m = m;
	memset(&pl, 0, sizeof(pl));
	pl.p = p;
	pl.a = &p->arena;
	pl.m = m;
	if (!m->up.present || !m->up.nsteps) {
		error = rt_error_set(RT_ERROR_PARSE,
				     "online migration '%s' has "
				     "an empty up section",
				     m->name);
		rt_error_at(m->path, m->up.line, 0);
		goto done;
	}
	if (m->nparents != 1) {
		error = rt_error_set(RT_ERROR_PARSE,
				     "online migration '%s' must have exactly "
				     "one parent",
				     m->name);
		rt_error_detail("the old application version is the parent's; "
				"a root or a merge revision has no single one");
		rt_error_at(m->path, 0, 0);
		goto done;
	}
	if (m->down.present &&
	    (error = each_stmt(&pl, &m->down, note_down)) < 0)
		goto done;
	if ((error = each_stmt(&pl, &m->up, plan_stmt)) < 0)
		goto done;
	for (i = 0; i < p->tables.len && !error; i++)
		error = finish_table(&pl, p->tables.items[i]);
	if (!error && !p->ops.len) {
		error = rt_error_set(RT_ERROR_PARSE,
				     "online migration '%s' has "
				     "no statements",
				     m->name);
		rt_error_at(m->path, m->up.line, 0);
	}
done:
	if (error < 0)
		rt_online_plan_free(p);
	else
		*out = p;
	return error;
}

void rt_online_plan_free(rt_online_plan *p)
{
	if (!p)
		return;
	rt_arena_release(&p->arena);
	free(p);
}

int rt_online_describe(rt_buf *out, const rt_migration *m)
{
	rt_online_plan *p;
	size_t i;
	int error;

	if ((error = rt_online_plan_make(&p, m)) < 0)
		return error;
	for (i = 0; i < p->ops.len; i++) {
		const rt_online_op *op = p->ops.items[i];

		rt_buf_printf(
		    out, "%s:%d: %s %s%s%s%s%s\n", m->path, op->line,
		    rt_online_op_name(op->kind), op->table,
		    op->column ? "." : "", op->column ? op->column : "",
		    op->detail ? " " : "", op->detail ? op->detail : "");
	}
	rt_online_plan_free(p);
	return rt_buf_check(out);
}

int rt_online_index_target(const char **schema, const char **name, rt_arena *a,
			   const char *sql)
{
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	rt_arena nodes = RT_ARENA_INIT;
	ProtobufCAllocator alloc = {tree_alloc, tree_free, &nodes};
	const PgQuery__IndexStmt *s;
	int found = 0;

	*schema = *name = NULL;
	/* planning parsed the migration first: loaded already */
	if (rt_pgq_ready() < 0) {
		rt_error_clear();
		return 0;
	}
	res = pg_query_parse_protobuf(sql);
	rt_arena_init(&nodes);
	if (!res.error)
		tree = pg_query__parse_result__unpack(
		    &alloc, res.parse_tree.len,
		    (const uint8_t *)res.parse_tree.data);
	if (tree && tree->n_stmts == 1 &&
	    tree->stmts[0]->stmt->node_case ==
		PG_QUERY__NODE__NODE_INDEX_STMT) {
		s = tree->stmts[0]->stmt->index_stmt;
		*name = rt_arena_strdup(a, s->idxname);
		if (s->relation->schemaname && *s->relation->schemaname)
			*schema = rt_arena_strdup(a, s->relation->schemaname);
		found = *name != NULL;
	}
	rt_arena_release(&nodes);
	pg_query_free_protobuf_parse_result(res);
	return found;
}
