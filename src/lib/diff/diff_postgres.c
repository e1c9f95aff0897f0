/*
 * diff_postgres.c: what PostgreSQL's DDL can do, for the diff's lowering
 * and ordering. ALTER TABLE changes any column in place (type, default,
 * NOT NULL, identity; a generation expression only by dropping and adding
 * the column), so tables are never rebuilt and column order is not
 * compared (ADD COLUMN appends, and nothing can insert a column in the
 * middle). Views, functions, sequences and extensions can be replaced in
 * place within limits; everything else is dropped and created again.
 */
#include "diff/diff.h"

/* CREATE OR REPLACE VIEW keeps the old columns (names and types, in
 * order) and may only add new ones at the end. */
static int view_extends(const rt_table *f, const rt_table *t)
{
	size_t i;

	if (t->ncolumns < f->ncolumns)
		return 0;
	for (i = 0; i < f->ncolumns; i++)
		if (strcmp(f->columns[i].name, t->columns[i].name) ||
		    strcmp(f->columns[i].type, t->columns[i].type))
			return 0;
	return 1;
}

static int same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* ALTER TYPE ADD ATTRIBUTE appends, DROP ATTRIBUTE removes, and both
 * keep the values of columns using the type; changing an attribute's
 * type is refused while a column uses it. So: the attributes kept, in
 * their old order and types, then the new ones. */
static int composite_extends(const rt_table *f, const rt_table *t)
{
	size_t i, k = 0;

	for (i = 0; i < t->ncolumns; i++) {
		const rt_column *c = &t->columns[i], *o = NULL;

		for (; k < f->ncolumns && !o; k++)
			if (!strcmp(f->columns[k].name, c->name))
				o = &f->columns[k];
		if (!o) {
			/* new from here on: none of the rest may be old */
			for (; i < t->ncolumns; i++)
				if (rt_table_column(f, t->columns[i].name, 0))
					return 0;
			break;
		}
		if (!same(o->type, c->type) || !same(o->collation, c->collation))
			return 0;
	}
	return 1;
}

/* `f` is `t` with " NOT VALID" after it: VALIDATE CONSTRAINT makes one
 * the other (a check or foreign key added without its scan). */
int rt_pg_validates(const char *f, const char *t)
{
	size_t n = strlen(t);

	return f && t && !strncmp(f, t, n) && !strcmp(f + n, " NOT VALID");
}

static int pg_can_replace(const rt_obj *f, const rt_obj *t)
{
	switch (f->kind) {
	case RT_OBJ_CONSTRAINT:
	case RT_OBJ_FOREIGN_KEY:
		return rt_pg_validates(f->definition, t->definition);
	case RT_OBJ_VIEW:
		return view_extends((const rt_table *)f, (const rt_table *)t);
	case RT_OBJ_FUNCTION: {
		const rt_function *a = (const rt_function *)f;
		const rt_function *b = (const rt_function *)t;

		/* CREATE OR REPLACE refuses a new result type, renamed
		 * parameters, or a function becoming a procedure */
		return a->prokind == b->prokind && same(a->result, b->result) &&
		       same(a->argdecl, b->argdecl);
	}
	case RT_OBJ_DOMAIN: {
		const rt_domain *a = (const rt_domain *)f;
		const rt_domain *b = (const rt_domain *)t;

		/* ALTER DOMAIN changes all but these */
		return same(a->base, b->base) &&
		       same(a->collation, b->collation);
	}
	case RT_OBJ_COMPOSITE:
		return composite_extends((const rt_table *)f,
					 (const rt_table *)t);
	case RT_OBJ_SEQUENCE:  /* ALTER SEQUENCE */
	case RT_OBJ_EXTENSION: /* ALTER EXTENSION UPDATE, SET SCHEMA */
	case RT_OBJ_SCHEMA:
		return 1;
	default:
		return 0;
	}
}

/*
 * The phases, each a topological sort over pg_depend's dependencies:
 *
 *   0  sequences lose owners that are going, partitions leave parents
 *      (before the parent's columns change); dependants (constraints,
 *      indexes, views, triggers, policies) are dropped, dependants first
 *   1  objects made again under the same identity are dropped (a
 *      function whose result type changes)
 *   2  renames (tables, columns, an enum moving aside)
 *   3  schemas, extensions, types, sequences, functions and tables are
 *      created, and tables changed, dependencies first
 *   4  tables and the types, functions, sequences, schemas they used are
 *      dropped, dependants first: a column changes type before its old
 *      enum goes
 *   5  constraints, indexes, foreign keys (after every table: a cycle of
 *      foreign keys needs no repair), views, triggers and policies are
 *      created; sequences get their owners, partitions their parents,
 *      objects their privileges
 */
static int pg_phase(const rt_change *c, int *removal)
{
	const rt_obj *o = c->to ? c->to : c->from;

	*removal = 0;
	switch (c->kind) {
	case RT_CHANGE_DISOWN:
	case RT_CHANGE_DETACH:
		*removal = 1;
		return 0;
	case RT_CHANGE_DROP:
		*removal = 1;
		if (c->from->kind > RT_OBJ_TABLE)
			return 0;
		return c->replace_drop ? 1 : 4;
	case RT_CHANGE_RENAME_TABLE:
	case RT_CHANGE_RENAME_COLUMN:
	case RT_CHANGE_RENAME_OLD:
	case RT_CHANGE_RENAME:
		return 2;
	case RT_CHANGE_CREATE:
	case RT_CHANGE_REPLACE:
	case RT_CHANGE_COMMENT:
		return o->kind > RT_OBJ_TABLE ? 5 : 3;
	case RT_CHANGE_OWNED_BY:
	case RT_CHANGE_ATTACH:
	case RT_CHANGE_GRANT:
		return 5;
	default:
		return 3;
	}
}

const rt_diff_dialect rt_diff_dialect_postgres = {
	.name = "postgres",
	.inline_constraints = 0,
	.column_order = 0,
	.rebuild = 0,
	.replace_in_place = 1,
	.can_add_column = NULL,
	.can_drop_column = NULL,
	.can_alter_column = NULL,
	.rename_ident = rt_pg_canon_rename,
	.column_deps = 1,
	.view_columns = 1,
	.rename_objects = 1,
	.can_replace = pg_can_replace,
	.phase_of = pg_phase,
};
