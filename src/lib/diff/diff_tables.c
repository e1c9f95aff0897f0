/*
 * diff_tables.c: comparing tables. Tables are matched (the user's
 * renames first), then compared column by column; the dialect
 * (rt_diff_dialect) says which column changes ALTER TABLE can express,
 * and a table it cannot change in place is rebuilt in one
 * RT_CHANGE_REBUILD_TABLE. Dropped+added columns of one shape are kept
 * as rename candidates for the caller.
 */
#include "diff/diff_int.h"

/* ---- tables ------------------------------------------------------------- */

/* Did the object pass change a constraint or foreign key of the table
 * known as `ft` / `tt`? */
static int constraints_changed(rt_differ *df, const rt_table *ft,
			       const rt_table *tt)
{
	return ((df->from_flags[ft->obj.id] | df->to_flags[tt->obj.id]) &
		F_CONS) != 0;
}

/* The old column a new one is matched with, or NULL. */
static const rt_column *match_column(rt_differ *df, const rt_table *ft,
				     const rt_table *tt, const rt_column *tc,
				     int *is_rename)
{
	const rt_rename *r =
	    rt_diff_column_rename_to(df, ft->obj.name, tt->obj.name, tc->name);

	*is_rename = r != NULL;
	if (r)
		return rt_table_column(ft, r->from, df->fold);
	if (rt_diff_column_rename_from(df, ft->obj.name, tt->obj.name,
				       tc->name))
		return NULL; /* the old one of this name became another */
	return rt_table_column(ft, tc->name, df->fold);
}

typedef struct table_plan {
	const rt_column **match; /* per `to` column: its old column */
	int *renamed;
	unsigned char *kept; /* per `from` column: matched */
	const char *reason;  /* why it must be rebuilt, or NULL */
} table_plan;

static void plan_release(table_plan *p)
{
	free(p->match);
	free(p->renamed);
	free(p->kept);
}

/* Decide how `ft` becomes `tt`: in place or by a rebuild (p->reason). */
static int plan_table(rt_differ *df, const rt_table *ft, const rt_table *tt,
		      table_plan *p)
{
	const rt_diff_dialect *d = df->d;
	size_t i;
	int seen_new = 0, prev_pos = 0;

	memset(p, 0, sizeof(*p));
	p->match = calloc(tt->ncolumns + 1, sizeof(*p->match));
	p->renamed = calloc(tt->ncolumns + 1, sizeof(*p->renamed));
	p->kept = calloc(ft->ncolumns + 1, 1);
	if (!p->match || !p->renamed || !p->kept)
		return rt_error_nomem();
	for (i = 0; i < tt->ncolumns; i++) {
		const rt_column *fc =
		    match_column(df, ft, tt, &tt->columns[i], &p->renamed[i]);

		p->match[i] = fc;
		if (fc)
			p->kept[fc->position - 1] = 1;
	}
	if (!d->rebuild)
		return 0;
	if (!canon_equal(ft->options, tt->options))
		p->reason = "the table options change";
	else if (d->inline_constraints && constraints_changed(df, ft, tt))
		p->reason = "a constraint of the table changes";
	for (i = 0; i < tt->ncolumns && !p->reason; i++) {
		const rt_column *fc = p->match[i], *tc = &tt->columns[i];

		if (!fc) {
			seen_new = 1;
			if (!d->can_add_column ||
			    !d->can_add_column(df->to, tt, tc))
				p->reason = rt_arena_printf(
				    df->a,
				    "ALTER TABLE cannot add column '%s' as "
				    "defined",
				    tc->name);
			continue;
		}
		if (!rt_diff_column_equal(df, ft, fc, tc) &&
		    (!d->can_alter_column || !d->can_alter_column(fc, tc)))
			p->reason = rt_arena_printf(
			    df->a, "column '%s' changes", tc->name);
		else if (d->column_order &&
			 (seen_new || fc->position < prev_pos))
			p->reason = "the column order changes";
		prev_pos = fc->position;
	}
	/* RENAME COLUMN a TO b fails while another column is b (a swap):
	 * the rebuild's copy maps them instead */
	for (i = 0; i < tt->ncolumns && !p->reason; i++) {
		const rt_column *other;

		if (!p->renamed[i])
			continue;
		other = rt_table_column(ft, tt->columns[i].name, df->fold);
		if (other && other != p->match[i])
			p->reason = rt_arena_printf(
			    df->a, "column '%s' takes the name of another",
			    p->match[i]->name);
	}
	for (i = 0; i < ft->ncolumns && !p->reason; i++)
		if (!p->kept[i] &&
		    (!d->can_drop_column ||
		     !d->can_drop_column(df->from, ft, &ft->columns[i])))
			p->reason = rt_arena_printf(
			    df->a,
			    "ALTER TABLE cannot drop column '%s' (it is "
			    "used elsewhere)",
			    ft->columns[i].name);
	return 0;
}

static int add_rebuild(rt_differ *df, const rt_table *ft, const rt_table *tt,
		       const table_plan *p)
{
	rt_change *c =
	    rt_diff_add_change(df, RT_CHANGE_REBUILD_TABLE, &ft->obj, &tt->obj);
	size_t i, n = 0;

	if (!c)
		return RT_ERROR;
	c->reason = p->reason;
	c->copy_from = rt_arena_array(df->a, tt->ncolumns + 1, sizeof(char *));
	c->copy_to = rt_arena_array(df->a, tt->ncolumns + 1, sizeof(char *));
	if (!c->copy_from || !c->copy_to)
		return RT_ERROR;
	for (i = 0; i < tt->ncolumns; i++) {
		const rt_column *fc = p->match[i], *tc = &tt->columns[i];

		/* a generated column is computed, never inserted */
		if (!fc || fc->generated || tc->generated)
			continue;
		c->copy_from[n] = fc->name;
		c->copy_to[n] = tc->name;
		n++;
	}
	c->ncopy = n;
	for (i = 0; i < ft->ncolumns; i++)
		if (!p->kept[i] && !ft->columns[i].generated)
			c->data_loss = 1;
	return 0;
}

static int add_candidate(rt_differ *df, rt_change_kind kind, const rt_obj *f,
			 const rt_obj *t, const rt_column *fc,
			 const rt_column *tc)
{
	rt_change *c = rt_arena_alloc(df->a, sizeof(*c));

	if (!c)
		return RT_ERROR;
	c->kind = kind;
	c->from = f;
	c->to = t;
	c->column_from = fc;
	c->column_to = tc;
	return rt_vec_push(df->a, &df->candidates, c);
}

/* Same type, and neither computed: a dropped and an added column that
 * may be one column renamed. */
static int rename_shape(const rt_column *a, const rt_column *b)
{
	return eq_ci(a->type, b->type) && !a->generated && !b->generated;
}

/* What ALTER TABLE changes besides columns where tables are not rebuilt:
 * persistence, row level security, parents, the comment. */
static int table_attrs_equal(rt_differ *df, const rt_table *ft,
			     const rt_table *tt)
{
	return ft->unlogged == tt->unlogged &&
	       ft->rls_enabled == tt->rls_enabled &&
	       ft->rls_forced == tt->rls_forced &&
	       canon_equal(ft->obj.comment, tt->obj.comment) &&
	       canon_equal(rt_diff_renamed(df, NULL, ft->inherits, NULL),
			   tt->inherits) &&
	       canon_equal(ft->options, tt->options) &&
	       (!df->d->alter_partitioning ||
		canon_equal(ft->partition_key, tt->partition_key));
}

/* A partition that changes parent or bound: detached, attached again. */
static int partition_moves(rt_differ *df, const rt_table *ft,
			   const rt_table *tt)
{
	return !canon_equal(rt_diff_renamed(df, NULL, ft->partition_of, NULL),
			    tt->partition_of) ||
	       !canon_equal(ft->partition_bound, tt->partition_bound);
}

static int diff_table(rt_differ *df, const rt_table *ft, const rt_table *tt)
{
	table_plan p;
	size_t i, j;
	int error;

	if (!same_name(df, ft->obj.name, tt->obj.name) &&
	    !rt_diff_add_change(df, RT_CHANGE_RENAME_TABLE, &ft->obj, &tt->obj))
		return RT_ERROR;
	if (!df->d->rebuild && !table_attrs_equal(df, ft, tt) &&
	    !rt_diff_add_change(df, RT_CHANGE_ALTER_TABLE, &ft->obj, &tt->obj))
		return RT_ERROR;
	if (!rt_diff_acl_equal(&ft->obj, &tt->obj) &&
	    !rt_diff_add_change(df, RT_CHANGE_GRANT, &ft->obj, &tt->obj))
		return RT_ERROR;
	if (!df->d->rebuild && partition_moves(df, ft, tt)) {
		if (ft->partition_of &&
		    !rt_diff_add_change(df, RT_CHANGE_DETACH, &ft->obj,
					&tt->obj))
			return RT_ERROR;
		if (tt->partition_of &&
		    !rt_diff_add_change(df, RT_CHANGE_ATTACH, &ft->obj,
					&tt->obj))
			return RT_ERROR;
	}
	if (ft->is_virtual || tt->is_virtual) {
		/* a module's table changes only by being made again */
		if (ft->is_virtual == tt->is_virtual &&
		    canon_equal(ft->obj.canonical, tt->obj.canonical))
			return 0;
		if (!rt_diff_add_change(df, RT_CHANGE_REPLACE, &ft->obj,
					&tt->obj))
			return RT_ERROR;
		return 0;
	}
	if ((error = plan_table(df, ft, tt, &p)) < 0)
		goto done;
	if (p.reason) {
		error = add_rebuild(df, ft, tt, &p);
		goto done;
	}
	for (i = 0; i < tt->ncolumns && !error; i++) {
		const rt_column *fc = p.match[i], *tc = &tt->columns[i];
		rt_change *c = NULL;

		if (fc && p.renamed[i]) {
			if (!(c = rt_diff_add_change(df,
						     RT_CHANGE_RENAME_COLUMN,
						     &ft->obj, &tt->obj)))
				error = RT_ERROR;
			else {
				c->column_from = fc;
				c->column_to = tc;
			}
		}
		if (error)
			break;
		if (fc && rt_diff_column_equal(df, ft, fc, tc))
			continue;
		/* a column a parent gives (INHERITS, a partition) changes
		 * with the parent */
		if (tc->inherited && (!fc || fc->inherited))
			continue;
		c = rt_diff_add_change(
		    df, fc ? RT_CHANGE_ALTER_COLUMN : RT_CHANGE_ADD_COLUMN,
		    &ft->obj, &tt->obj);
		if (!c) {
			error = RT_ERROR;
			break;
		}
		c->column_from = fc;
		c->column_to = tc;
	}
	for (i = 0; i < ft->ncolumns && !error; i++) {
		rt_change *c;

		if (p.kept[i] || ft->columns[i].inherited)
			continue;
		if (!(c = rt_diff_add_change(df, RT_CHANGE_DROP_COLUMN,
					     &ft->obj, &tt->obj))) {
			error = RT_ERROR;
			break;
		}
		c->column_from = &ft->columns[i];
		c->data_loss = 1;
	}
done:
	/* dropped + added pairs of one type may be renames: the caller asks */
	for (i = 0; !error && p.kept && i < ft->ncolumns; i++) {
		if (p.kept[i])
			continue;
		for (j = 0; j < tt->ncolumns && !error; j++)
			if (!p.match[j] &&
			    rename_shape(&ft->columns[i], &tt->columns[j]))
				error = add_candidate(
				    df, RT_CHANGE_RENAME_COLUMN, &ft->obj,
				    &tt->obj, &ft->columns[i], &tt->columns[j]);
	}
	plan_release(&p);
	return error;
}

/* Two tables of the same columns (names and types, in order). */
static int same_shape(const rt_table *a, const rt_table *b)
{
	size_t i;

	if (a->ncolumns != b->ncolumns || a->is_virtual || b->is_virtual)
		return 0;
	for (i = 0; i < a->ncolumns; i++)
		if (strcasecmp(a->columns[i].name, b->columns[i].name) ||
		    !eq_ci(a->columns[i].type, b->columns[i].type))
			return 0;
	return 1;
}

int rt_diff_tables(rt_differ *df)
{
	unsigned char *taken = calloc(df->from->nobjs + 1, 1);
	size_t i, j;
	int error = 0;

	if (!taken)
		return rt_error_nomem();
	for (i = 0; i < df->to->nobjs && !error; i++) {
		const rt_table *tt = (const rt_table *)df->to->objs[i], *ft;

		if (tt->obj.kind != RT_OBJ_TABLE)
			continue;
		ft = rt_diff_find_table(
		    df->from, tt->obj.schema,
		    rt_diff_from_table_name(df, tt->obj.name));
		if (!ft) {
			if (!rt_diff_add_change(df, RT_CHANGE_CREATE, NULL,
						&tt->obj))
				error = RT_ERROR;
			continue;
		}
		taken[ft->obj.id] = 1;
		if (!df->d->rebuild && !df->d->alter_partitioning &&
		    !canon_equal(ft->partition_key, tt->partition_key)) {
			/* no ALTER makes a table partitioned or plain: it is
			 * made again, and its rows are lost */
			rt_change *c = rt_diff_add_change(df, RT_CHANGE_DROP,
							  &ft->obj, NULL);

			if (!c || !rt_diff_add_change(df, RT_CHANGE_CREATE,
						      NULL, &tt->obj)) {
				error = RT_ERROR;
				break;
			}
			c->data_loss = 1;
			c->replace_drop = 1;
			continue;
		}
		error = diff_table(df, ft, tt);
	}
	for (i = 0; i < df->from->nobjs && !error; i++) {
		const rt_table *ft = (const rt_table *)df->from->objs[i];
		rt_change *c;

		if (ft->obj.kind != RT_OBJ_TABLE || taken[ft->obj.id])
			continue;
		if (!(c = rt_diff_add_change(df, RT_CHANGE_DROP, &ft->obj,
					     NULL))) {
			error = RT_ERROR;
			break;
		}
		c->data_loss = 1;
		/* a new table of the same columns may be this one renamed */
		for (j = 0; j < df->to->nobjs && !error; j++) {
			const rt_table *tt = (const rt_table *)df->to->objs[j];

			if (tt->obj.kind == RT_OBJ_TABLE &&
			    !rt_diff_find_table(
				df->from, tt->obj.schema,
				rt_diff_from_table_name(df, tt->obj.name)) &&
			    same_shape(ft, tt))
				error = add_candidate(
				    df, RT_CHANGE_RENAME_TABLE, &ft->obj,
				    &tt->obj, NULL, NULL);
		}
	}
	free(taken);
	return error;
}
