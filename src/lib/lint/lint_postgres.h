/*
 * lint_postgres.h: what the PostgreSQL analyser's files share (internal
 * to lint_*postgres.c): the parse being read, the engine's lint state,
 * and the helpers and statement handlers one file calls in another.
 *
 *   lint_postgres.c          helpers, statement dispatch, steps, the ops
 *   lint_alter_postgres.c    ALTER TABLE: columns, constraints, types
 *   lint_objects_postgres.c  CREATE TABLE/INDEX, DROP, RENAME, enums
 */
#ifndef RT_LINT_POSTGRES_H
#define RT_LINT_POSTGRES_H

#include "lint/lint.h"

#include "util/pgq.h"

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

/* A column's type as a statement of the run left it. */
typedef struct lint_column {
	const char *table, *col;
	const char *type; /* as pg_type names it; NULL: one lint cannot
			     compare (or the column is gone) */
	int typmod;
	/* the migration whose ADD COLUMN made it, kept through renames and
	 * type changes; NULL: the column was there before the run */
	const rt_migration *added_by;
} lint_column;

/* What the PostgreSQL analyser keeps across migrations (x->engine): its
 * vectors live in x->a. */
typedef struct pg_state {
	rt_vec checks;	/* pg_check *: constraints seen in the run */
	rt_vec columns; /* lint_column *: columns the run defined */
	/* table and column -> the latest of `columns`, looked up for every
	 * column of every statement (a scan made long histories slow) */
	rt_strmap column_by_key;
} pg_state;

static inline pg_state *pgs(const lint_ctx *x)
{
	return x->engine;
}

/* A String node's text, else NULL. */
static inline const char *sval(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING
		   ? n->string->sval
		   : NULL;
}

/* A parse location as an offset in the step's text (-1: none). */
static inline long at(const pgx *p, int32_t location)
{
	return location >= 0 ? (long)(p->base + (size_t)location) : -1;
}

static inline const char *last_name(Node **items, size_t n)
{
	return n ? sval(items[n - 1]) : NULL;
}

int rt_lint_pg_alter_enum(pgx *p, PgQuery__AlterEnumStmt *s);
int rt_lint_pg_alter_table(pgx *p, PgQuery__AlterTableStmt *s);
int rt_lint_pg_column_is_new(const lint_ctx *x, const char *table,
			     const char *col);
int rt_lint_pg_create_enum(pgx *p, PgQuery__CreateEnumStmt *s);
int rt_lint_pg_create_table(pgx *p, PgQuery__CreateStmt *s);
char *rt_lint_pg_deparse(lint_ctx *x, Node *stmt);
char *rt_lint_pg_deparse_alter(lint_ctx *x, PgQuery__RangeVar *rel,
			       PgQuery__AlterTableCmd *cmd);
const char *rt_lint_pg_dotted(lint_ctx *x, Node **items, size_t n);
int rt_lint_pg_drop_stmt(pgx *p, PgQuery__DropStmt *s);
int rt_lint_pg_history_column(lint_ctx *x, const char *table, const char *col,
			      const lint_column **out);
int rt_lint_pg_hit(lint_ctx *x, enum lint_rule rule, const char *table,
		   long pos, const char *message, const char *safe_sql);
int rt_lint_pg_index_stmt(pgx *p, PgQuery__IndexStmt *s);
int rt_lint_pg_index_table(lint_ctx *x, const char *index, const char **table);
int rt_lint_pg_is_serial(const PgQuery__TypeName *t);
long rt_lint_pg_name_pos(const pgx *p, long from, const char *name);
const char *rt_lint_pg_object_name(lint_ctx *x, const Node *n);
int rt_lint_pg_remember_column(lint_ctx *x, const char *table, const char *col,
			       const PgQuery__TypeName *t, int own_collation);
int rt_lint_pg_rename_column(lint_ctx *x, const char *table, const char *from,
			     const char *to);
int rt_lint_pg_rename_stmt(pgx *p, PgQuery__RenameStmt *s);
/* standby-conflict (lint_standby_postgres.c): a statement that takes an
 * ACCESS EXCLUSIVE lock, when the database has hot standbys; called
 * before the statement's own analysis (the run's names as they were). */
int rt_lint_pg_standby(pgx *p, const Node *n);
const lint_column *rt_lint_pg_run_column(const lint_ctx *x, const char *table,
					 const char *col);
/* A new record of a column, the latest (vector and key together). */
int rt_lint_pg_push_column(lint_ctx *x, lint_column *c);
/* After records' tables were renamed in place: the keys follow. */
int rt_lint_pg_rekey_columns(lint_ctx *x);
const char *rt_lint_pg_rv_name(lint_ctx *x, const PgQuery__RangeVar *rv);
int rt_lint_pg_table_eq(const char *a, const char *b);
int rt_lint_pg_type_rules(pgx *p, const PgQuery__TypeName *t, const char *col,
			  int pk);

#endif
