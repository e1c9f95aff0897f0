/*
 * diff_sqlite.c: what SQLite's ALTER TABLE can do, for the diff's
 * lowering. It can add a column at the end (with limits), drop a column
 * nothing else uses, and rename; everything else (a type, NOT NULL, a
 * default, a constraint, the column order) takes the rebuild of
 * https://sqlite.org/lang_altertable.html#otheralter.
 */
#include "diff/diff_int.h"

#include <strings.h>

static int is_null(const char *expr)
{
	return !expr || !strcasecmp(expr, "null");
}

/* A literal, maybe signed: what ADD COLUMN accepts as a default. The
 * text is canonical (one blank between tokens). */
static int is_constant(const char *d)
{
	if (!d)
		return 1;
	if ((d[0] == '-' || d[0] == '+') && d[1] == ' ')
		d += 2;
	if (!strcasecmp(d, "null") || !strcasecmp(d, "true") ||
	    !strcasecmp(d, "false"))
		return 1;
	if (d[0] == '\'' || ((d[0] == 'x' || d[0] == 'X') && d[1] == '\''))
		return !strstr(d, "' ") && d[strlen(d) - 1] == '\'';
	if ((d[0] >= '0' && d[0] <= '9') || d[0] == '.')
		return !strchr(d, ' ');
	return 0;
}

/* ALTER TABLE ADD COLUMN refuses a PRIMARY KEY or UNIQUE column, a
 * STORED generated one, NOT NULL without a default, and a default that
 * is not constant (CURRENT_TIME..., an expression in parentheses: we
 * take only plain literals); with
 * foreign keys on, a REFERENCES column with a default other than NULL. */
static int sq_can_add(const rt_catalog *cat, const rt_table *t,
		      const rt_column *c)
{
	const char *d = c->default_expr;

	RT_UNUSED(cat);
	RT_UNUSED(t);
	if (!c->definition || c->pk || c->unique)
		return 0;
	if (c->generated && c->generated_stored)
		return 0;
	if (c->not_null && !c->generated && is_null(d))
		return 0;
	if (!is_constant(d))
		return 0;
	if (c->references && !is_null(d))
		return 0;
	return 1;
}

/* ALTER TABLE DROP COLUMN refuses a column of the primary key, a UNIQUE
 * one, an indexed one, one in a foreign key, a CHECK, a generated column
 * or a view or trigger. Any object whose text names the column counts:
 * a false alarm only costs a rebuild. */
static int sq_can_drop(const rt_catalog *cat, const rt_table *t,
		       const rt_column *c)
{
	size_t i, k;

	if (c->pk || c->unique || c->references)
		return 0;
	for (i = 0; i < t->ncolumns; i++)
		if (&t->columns[i] != c &&
		    rt_sqlite_canon_mentions(t->columns[i].canonical, c->name))
			return 0;
	for (i = 0; i < cat->nobjs; i++) {
		const rt_obj *o = cat->objs[i];
		int related = o->table && !strcasecmp(o->table, t->obj.name);

		for (k = 0; k < o->ndeps && !related; k++)
			related = o->deps[k] == &t->obj;
		if (related && o->kind != RT_OBJ_TABLE &&
		    rt_sqlite_canon_mentions(
			o->canonical ? o->canonical : o->definition, c->name))
			return 0;
	}
	return 1;
}

const rt_diff_dialect rt_diff_dialect_sqlite = {
	.name = "sqlite",
	.inline_constraints = 1,
	.column_order = 1,
	.rebuild = 1,
	.replace_in_place = 0,
	.can_add_column = sq_can_add,
	.can_drop_column = sq_can_drop,
	.can_alter_column = NULL,
	.rename_ident = rt_sqlite_canon_rename,
	.lower = rt_diff_lower_default,
};
