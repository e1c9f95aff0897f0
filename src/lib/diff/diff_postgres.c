/*
 * diff_postgres.c: what PostgreSQL's DDL can do, for the diff's lowering
 * and ordering. ALTER TABLE changes any column in place (type, default,
 * NOT NULL, identity; a generation expression only by dropping and adding
 * the column), so tables are never rebuilt and column order is not
 * compared (ADD COLUMN appends, and nothing can insert a column in the
 * middle). Views, functions, sequences and extensions can be replaced in
 * place within limits; everything else is dropped and created again.
 */
#include "diff/diff_int.h"

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

/* ---- lowering ---------------------------------------------------------- */

/*
 * Lowering where the engine changes things in place and records which
 * columns objects read (PostgreSQL):
 *
 *   - a REPLACE the dialect cannot do in place becomes DROP + CREATE;
 *     an enum whose old labels keep their order gains labels with ADD
 *     VALUE, any other enum change is rename-create-cast-drop (the old
 *     type moves aside, the new one is created, every column using it
 *     is cast through text, the old type is dropped);
 *   - objects that read a dropped column, or a column whose type
 *     changes (views, triggers, policies, foreign keys: what ALTER
 *     COLUMN TYPE refuses to carry along) are dropped before the table
 *     changes and created again after; so are, to a fixed point, the
 *     objects that depend on anything dropped and made again;
 *   - a sequence whose owner changes is disowned first and owned after;
 *     one that goes with its owning table or column is not dropped again.
 */
typedef struct colhit {
	const rt_obj *table; /* in `from` */
	const char *column;
	int drop; /* dropped (else retyped) */
} colhit;

static int add_hit(rt_differ *df, rt_vec *hits, const rt_obj *table,
		   const char *column, int drop)
{
	colhit *h = rt_arena_alloc(df->a, sizeof(*h));

	if (!h)
		return RT_ERROR;
	h->table = table;
	h->column = column;
	h->drop = drop;
	return rt_vec_push(df->a, hits, h);
}

/* Does `f` read a column of `hits` in a way the change breaks? */
static int reads_hit(const rt_obj *f, const rt_vec *hits)
{
	size_t i, k;

	for (k = 0; k < f->ncoldeps; k++)
		for (i = 0; i < hits->len; i++) {
			const colhit *h = hits->items[i];

			if (h->table != f->coldeps[k].table ||
			    strcmp(h->column, f->coldeps[k].column))
				continue;
			/* ALTER COLUMN TYPE rebuilds indexes and constraints
			 * itself, and refuses views, rules, triggers and
			 * policies; a foreign key may not survive the first
			 * of its two columns changing */
			if (h->drop || f->kind == RT_OBJ_VIEW ||
			    f->kind == RT_OBJ_MATVIEW ||
			    f->kind == RT_OBJ_TRIGGER ||
			    f->kind == RT_OBJ_POLICY ||
			    f->kind == RT_OBJ_FOREIGN_KEY ||
			    f->kind == RT_OBJ_FUNCTION)
				return 1;
		}
	return 0;
}

/* Labels of `t` that keep those of `f` in order: ADD VALUE can do it. */
static int labels_added(const rt_enum *f, const rt_enum *t)
{
	size_t i = 0, k;

	for (k = 0; k < t->nlabels && i < f->nlabels; k++)
		if (!strcmp(t->labels[k], f->labels[i]))
			i++;
	return i == f->nlabels;
}

static int has_label(const rt_enum *e, const char *label)
{
	size_t i;

	for (i = 0; i < e->nlabels; i++)
		if (!strcmp(e->labels[i], label))
			return 1;
	return 0;
}

static int mentions(const char *text, const char *lit)
{
	return text && strstr(text, lit);
}

/*
 * Does anything of `to` use a label that ADD VALUE would add? Such a
 * label cannot be used in the transaction that adds it ("unsafe use of
 * new value"): ADD VALUE goes in a migration of its own when the caller
 * may split (rt_diff_options.split), else the type is made again, which
 * any transaction can use at once. The server writes a use as
 * 'label'::schema.type.
 */
static int new_label_used(rt_differ *df, const rt_enum *f, const rt_enum *t)
{
	rt_buf lit = RT_BUF_INIT;
	size_t i, k, j;
	int used = 0;

	rt_buf_init(&lit);
	for (k = 0; k < t->nlabels && !used; k++) {
		if (has_label(f, t->labels[k]))
			continue;
		rt_buf_clear(&lit);
		rt_buf_put_sql_literal(&lit, t->labels[k]);
		rt_buf_printf(&lit, "::%s", t->obj.qname);
		if (rt_buf_check(&lit) < 0)
			break;
		for (i = 0; i < df->to->nobjs && !used; i++) {
			const rt_obj *o = df->to->objs[i];
			const rt_table *tab = (const rt_table *)o;

			if (o->kind == RT_OBJ_FUNCTION)
				continue; /* bodies run later */
			used = mentions(o->definition, lit.ptr);
			for (j = 0; o->kind == RT_OBJ_TABLE && !used &&
				    j < tab->ncolumns;
			     j++)
				used = mentions(tab->columns[j].default_expr,
						lit.ptr) ||
				       mentions(tab->columns[j].generated,
						lit.ptr);
		}
	}
	rt_buf_release(&lit);
	return used;
}

/*
 * New labels, each placed next to one that exists by then: those before
 * the first old label right to left (BEFORE the next), the others left
 * to right (AFTER the previous).
 */
static int add_labels(rt_differ *df, rt_vec *out, const rt_enum *f,
		      const rt_enum *t, int commit_first)
{
	size_t k, first = t->nlabels;
	rt_change *c;

	for (k = 0; k < t->nlabels && first == t->nlabels; k++)
		if (has_label(f, t->labels[k]))
			first = k;
	for (k = first; k-- > 0;) {
		if (!(c = rt_diff_push_change(df, out, RT_CHANGE_ENUM_ADD_VALUE,
					      &f->obj, &t->obj)))
			return RT_ERROR;
		c->label = t->labels[k];
		c->commit_first = commit_first;
		if (k + 1 < t->nlabels)
			c->label_before = t->labels[k + 1];
	}
	for (k = first + 1; k < t->nlabels; k++) {
		if (has_label(f, t->labels[k]))
			continue;
		if (!(c = rt_diff_push_change(df, out, RT_CHANGE_ENUM_ADD_VALUE,
					      &f->obj, &t->obj)))
			return RT_ERROR;
		c->label = t->labels[k];
		c->commit_first = commit_first;
		c->label_after = t->labels[k - 1];
	}
	if (!canon_equal(f->obj.comment, t->obj.comment) &&
	    !rt_diff_push_change(df, out, RT_CHANGE_COMMENT, &f->obj, &t->obj))
		return RT_ERROR;
	return 0;
}

/* The change of `out` that alters column `col` of from-table `ft`. */
static rt_change *column_change(const rt_vec *out, const rt_obj *ft,
				const char *col)
{
	size_t i;

	for (i = 0; i < out->len; i++) {
		rt_change *c = out->items[i];

		if (c->kind == RT_CHANGE_ALTER_COLUMN && c->from == ft &&
		    !strcmp(c->column_from->name, col))
			return c;
	}
	return NULL;
}

/* Every surviving column of type `e` is cast to the new `e`. */
static int retype_users(rt_differ *df, rt_vec *out, rt_vec *hits,
			const rt_obj *e)
{
	size_t i, k;

	for (i = 0; i < df->from->nobjs; i++) {
		const rt_table *ft = (const rt_table *)df->from->objs[i], *tt;

		if (ft->obj.kind != RT_OBJ_TABLE ||
		    (df->from_flags[ft->obj.id] & F_DROPPED))
			continue;
		tt =
		    rt_diff_find_table(df->to, ft->obj.schema,
				       rt_diff_to_table_name(df, ft->obj.name));
		for (k = 0; tt && k < ft->ncolumns; k++) {
			const rt_column *fc = &ft->columns[k], *tc;
			const rt_rename *r;
			rt_change *c;

			if (fc->type_obj != e || fc->inherited)
				continue;
			r = rt_diff_column_rename_from(df, ft->obj.name,
						       tt->obj.name, fc->name);
			tc =
			    rt_table_column(tt, r ? r->to : fc->name, df->fold);
			if (!tc)
				continue; /* dropped: nothing to cast */
			if (!(c = column_change(out, &ft->obj, fc->name))) {
				if (!(c = rt_diff_push_change(
					  df, out, RT_CHANGE_ALTER_COLUMN,
					  &ft->obj, &tt->obj)))
					return RT_ERROR;
				c->column_from = fc;
				c->column_to = tc;
			}
			c->retype = 1;
			if (add_hit(df, hits, &ft->obj, fc->name, 0) < 0)
				return RT_ERROR;
		}
	}
	return 0;
}

/* A type made again (an enum losing labels, a domain of another base
 * type): moved aside, created, its columns cast, the old one dropped. */
static int recreate_type(rt_differ *df, rt_vec *out, rt_vec *recreated,
			 const rt_obj *f, const rt_obj *t)
{
	rt_change *c;
	const char *old = rt_arena_printf(df->a, "%s__retort_old", f->name);

	if (!old ||
	    !(c = rt_diff_push_change(df, out, RT_CHANGE_RENAME_OLD, f, NULL)))
		return RT_ERROR;
	c->old_name = old;
	if (!rt_diff_push_change(df, out, RT_CHANGE_CREATE, NULL, t) ||
	    !(c = rt_diff_push_change(df, out, RT_CHANGE_DROP, f, NULL)))
		return RT_ERROR;
	c->old_name = old;
	/* its columns are cast once every change is known (one of them
	 * may change anyway) */
	return rt_vec_push(df->a, recreated, (void *)f);
}

/* A sequence's owner, as "table.column" with the renames applied. */
static int same_owner(rt_differ *df, const rt_sequence *f, const rt_sequence *t)
{
	const rt_rename *r;
	const char *fcol;

	if (!f->owner || !t->owner)
		return f->owner == NULL && t->owner == NULL;
	if (!canon_equal(f->owner->schema, t->owner->schema) ||
	    !same_name(df, rt_diff_to_table_name(df, f->owner->name),
		       t->owner->name))
		return 0;
	r = rt_diff_column_rename_from(df, f->owner->name, t->owner->name,
				       f->owner_column);
	fcol = r ? r->to : f->owner_column;
	return same_name(df, fcol, t->owner_column);
}

/* Is the column dropped (or its table), taking owned sequences along? */
static int column_goes(const rt_differ *df, const rt_vec *out, const rt_obj *ft,
		       const char *col)
{
	size_t i;

	if (df->from_flags[ft->id] & F_DROPPED)
		return 1;
	for (i = 0; i < out->len; i++) {
		const rt_change *c = out->items[i];

		if (c->from == ft && c->column_from &&
		    !strcmp(c->column_from->name, col) &&
		    (c->kind == RT_CHANGE_DROP_COLUMN || c->readd))
			return 1;
	}
	return 0;
}

static int lower_sequences(rt_differ *df, rt_vec *out)
{
	size_t i, k;

	for (i = 0; i < df->to->nobjs; i++) {
		const rt_sequence *t = (const rt_sequence *)df->to->objs[i], *f;

		if (t->obj.kind != RT_OBJ_SEQUENCE)
			continue;
		f = (const rt_sequence *)rt_catalog_find(df->from,
							 RT_OBJ_SEQUENCE,
							 t->obj.schema, NULL,
							 t->obj.name);
		if (f && same_owner(df, f, t))
			continue;
		if (f && f->owner &&
		    !rt_diff_push_change(df, out, RT_CHANGE_DISOWN, &f->obj,
					 NULL))
			return RT_ERROR;
		if (t->owner && !rt_diff_push_change(
				    df, out, RT_CHANGE_OWNED_BY, NULL, &t->obj))
			return RT_ERROR;
	}
	/* DROP TABLE and DROP COLUMN take the sequences they own along */
	for (i = 0, k = 0; i < out->len; i++) {
		rt_change *c = out->items[i];
		const rt_sequence *f = (const rt_sequence *)c->from;

		if (c->kind == RT_CHANGE_DROP &&
		    f->obj.kind == RT_OBJ_SEQUENCE && f->owner &&
		    column_goes(df, out, f->owner, f->owner_column))
			continue;
		out->items[k++] = c;
	}
	out->len = k;
	return 0;
}

/*
 * A column dropped and added again (a generation expression that no
 * ALTER changes): DROP COLUMN with the other drops, ADD COLUMN after the
 * table's ALTERs (change_rank), so it reads its columns as they become.
 */
static int readd_column(rt_differ *df, rt_vec *out, const rt_obj *ft,
			const rt_obj *tt, const rt_column *fc,
			const rt_column *tc)
{
	rt_change *d, *a;
	size_t i, k;

	/* whatever else changes that column is done by the two */
	for (i = 0, k = 0; i < out->len; i++) {
		rt_change *c = out->items[i];

		if (c->kind == RT_CHANGE_ALTER_COLUMN && c->from == ft &&
		    c->column_from == fc)
			continue;
		out->items[k++] = c;
	}
	out->len = k;
	if (!(d = rt_diff_push_change(df, out, RT_CHANGE_DROP_COLUMN, ft,
				      tt)) ||
	    !(a = rt_diff_push_change(df, out, RT_CHANGE_ADD_COLUMN, ft, tt)))
		return RT_ERROR;
	d->column_from = fc;
	d->readd = 1;
	/* a computed column holds nothing of its own */
	d->data_loss = !fc->generated;
	a->column_to = tc;
	a->readd = 1;
	return 0;
}

/* Generated columns that read a retyped or dropped column: PostgreSQL
 * refuses both while they exist, so they are dropped and added again. */
static int readd_generated(rt_differ *df, rt_vec *out, rt_vec *hits)
{
	size_t i, h, k, n = hits->len;

	for (h = 0; h < n; h++) {
		const colhit *hit = hits->items[h];
		const rt_table *ft = (const rt_table *)hit->table, *tt;

		if (ft->obj.kind != RT_OBJ_TABLE)
			continue;
		tt =
		    rt_diff_find_table(df->to, ft->obj.schema,
				       rt_diff_to_table_name(df, ft->obj.name));
		for (i = 0; tt && i < ft->ncolumns; i++) {
			const rt_column *g = &ft->columns[i], *tg;
			int reads = 0;

			for (k = 0; k < g->nreads && !reads; k++)
				reads = !strcmp(g->reads[k], hit->column);
			if (!reads || !g->generated ||
			    column_goes(df, out, &ft->obj, g->name))
				continue;
			tg = rt_table_column(tt, g->name, df->fold);
			if (!tg)
				continue;
			if (readd_column(df, out, &ft->obj, &tt->obj, g, tg) <
				0 ||
			    add_hit(df, hits, &ft->obj, g->name, 1) < 0)
				return RT_ERROR;
		}
	}
	return 0;
}

/* A dropped column of a type change, or one dropped and added again. */
static int column_hits(rt_differ *df, const rt_change *c, rt_vec *hits)
{
	const rt_column *fc = c->column_from, *tc = c->column_to;

	if (c->kind == RT_CHANGE_DROP_COLUMN)
		return add_hit(df, hits, c->from, fc->name, 1);
	if (c->kind == RT_CHANGE_ALTER_COLUMN &&
	    (c->retype || !same_type(df, fc->type, tc->type) ||
	     !canon_equal(fc->collation, tc->collation)))
		return add_hit(df, hits, c->from, fc->name, 0);
	return 0;
}

/* Does the ", "-separated list of quoted names hold `name`? */
static int lists(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && (p = strstr(p, name))) {
		if ((p == list || (p[-1] == ' ' && p[-2] == ',')) &&
		    (p[n] == '\0' || p[n] == ','))
			return 1;
		p += n;
	}
	return 0;
}

/* A parent's column that a child (INHERITS) keeps: dropped from the
 * parent only, so the child's copy stays, its own from then on. */
static void mark_only(rt_differ *df, rt_change *c)
{
	size_t i;

	if (c->kind != RT_CHANGE_DROP_COLUMN || !c->from->qname)
		return;
	for (i = 0; i < df->from->nobjs && !c->only; i++) {
		const rt_table *x = (const rt_table *)df->from->objs[i], *tx;
		const rt_column *col;

		if (x->obj.kind != RT_OBJ_TABLE || !x->inherits ||
		    !lists(x->inherits, c->from->qname))
			continue;
		col = rt_table_column(x, c->column_from->name, df->fold);
		tx = rt_diff_find_table(df->to, x->obj.schema,
					rt_diff_to_table_name(df, x->obj.name));
		c->only = col && col->inherited && tx &&
			  rt_table_column(tx, c->column_from->name, df->fold);
	}
}

static int pg_lower(rt_differ *df)
{
	rt_vec out = {0}, hits = {0}, recreated = {0};
	rt_change **replace_of = NULL;
	size_t i, j;
	int error = 0, again = 1;

	replace_of = calloc(df->from->nobjs + 1, sizeof(*replace_of));
	if (!replace_of)
		return rt_error_nomem();
	for (i = 0; i < df->changes.len && !error; i++) {
		rt_change *c = df->changes.items[i];

		if (rt_diff_absorbed(df, c))
			continue;
		if (c->kind == RT_CHANGE_REPLACE &&
		    c->from->kind == RT_OBJ_ENUM) {
			const rt_enum *f = (const rt_enum *)c->from;
			const rt_enum *t = (const rt_enum *)c->to;

			int used = labels_added(f, t) &&
				   new_label_used(df, f, t);

			/* a label used at once: ADD VALUE in a migration
			 * of its own when the caller may split, else the
			 * type made again */
			if (!labels_added(f, t) || (used && !df->opts->split))
				error = recreate_type(df, &out, &recreated,
						      &f->obj, &t->obj);
			else
				error = add_labels(df, &out, f, t, used);
			continue;
		}
		if (c->kind == RT_CHANGE_REPLACE &&
		    (c->from->kind == RT_OBJ_COMPOSITE ||
		     c->from->kind == RT_OBJ_DOMAIN) &&
		    !df->d->can_replace(c->from, c->to)) {
			error = recreate_type(df, &out, &recreated, c->from,
					      c->to);
			continue;
		}
		if (c->kind == RT_CHANGE_REPLACE &&
		    (!df->d->can_replace ||
		     !df->d->can_replace(c->from, c->to))) {
			rt_change *drop = rt_diff_push_change(
			    df, &out, RT_CHANGE_DROP, c->from, NULL);

			if (!drop) {
				error = RT_ERROR;
				break;
			}
			drop->replace_drop = 1;
			c->kind = RT_CHANGE_CREATE;
			c->from = NULL;
			df->to_flags[c->to->id] |= F_CREATED;
		} else if (c->kind == RT_CHANGE_REPLACE) {
			replace_of[c->from->id] = c;
		}
		if (c->kind == RT_CHANGE_ALTER_COLUMN &&
		    c->column_to->generated &&
		    !canon_equal(rt_diff_renamed(df, NULL,
						 c->column_from->generated,
						 (const rt_table *)c->from),
				 c->column_to->generated)) {
			/* no ALTER changes a generation expression */
			error = readd_column(df, &out, c->from, c->to,
					     c->column_from, c->column_to);
			continue;
		}
		if (rt_vec_push(df->a, &out, c) < 0)
			error = RT_ERROR;
	}
	for (i = 0; i < recreated.len && !error; i++)
		error = retype_users(df, &out, &hits, recreated.items[i]);
	for (i = 0; i < out.len; i++)
		mark_only(df, out.items[i]);
	for (i = 0; i < out.len && !error; i++)
		error = column_hits(df, out.items[i], &hits);
	if (!error)
		error = readd_generated(df, &out, &hits);
	/* what reads a changed column, or depends on what is made again */
	while (again && !error) {
		again = 0;
		for (i = 0; i < df->from->nobjs && !error; i++) {
			const rt_obj *f = df->from->objs[i], *t;
			int hit;

			if (f->kind == RT_OBJ_TABLE ||
			    f->kind == RT_OBJ_SCHEMA ||
			    f->kind == RT_OBJ_EXTENSION ||
			    (df->from_flags[f->id] & F_DROPPED))
				continue;
			if (rt_diff_dropped_owner(df, f)) {
				/* gone with a view made again (its index,
				 * its trigger): made again after it */
				t = rt_diff_to_of(df, f);
				df->from_flags[f->id] |= F_DROPPED;
				if (t && !(df->to_flags[t->id] & F_CREATED) &&
				    !rt_diff_push_change(
					df, &out, RT_CHANGE_CREATE, NULL, t)) {
					error = RT_ERROR;
					break;
				}
				again = 1;
				continue;
			}
			hit = reads_hit(f, &hits);
			/* a domain changed in place: ALTER DOMAIN drops the
			 * checks that call what goes, before it goes, and
			 * its columns keep their values */
			for (j = 0;
			     j < f->ndeps && !hit &&
			     !(f->kind == RT_OBJ_DOMAIN && replace_of[f->id]);
			     j++)
				hit = (df->from_flags[f->deps[j]->id] &
				       F_DROPPED) != 0;
			if (!hit)
				continue;
			if (!rt_diff_push_change(df, &out, RT_CHANGE_DROP, f,
						 NULL)) {
				error = RT_ERROR;
				break;
			}
			if (replace_of[f->id]) {
				/* made again instead of replaced in place */
				rt_change *c = replace_of[f->id];

				c->kind = RT_CHANGE_CREATE;
				c->from = NULL;
				df->to_flags[c->to->id] |= F_CREATED;
				replace_of[f->id] = NULL;
			} else if ((t = rt_diff_to_of(df, f)) &&
				   !(df->to_flags[t->id] & F_CREATED) &&
				   !rt_diff_push_change(
				       df, &out, RT_CHANGE_CREATE, NULL, t)) {
				error = RT_ERROR;
				break;
			}
			again = 1;
		}
	}
	if (!error)
		error = lower_sequences(df, &out);
	/* an object made again gets its privileges with its CREATE */
	for (i = 0, j = 0; !error && i < out.len; i++) {
		rt_change *c = out.items[i];

		if (c->kind == RT_CHANGE_GRANT &&
		    (df->to_flags[c->to->id] & F_CREATED))
			continue;
		/* ... and one dropped and made again needs no rename */
		if (c->kind == RT_CHANGE_RENAME &&
		    (df->from_flags[c->from->id] & F_DROPPED))
			continue;
		out.items[j++] = c;
	}
	if (!error)
		out.len = j;
	free(replace_of);
	if (!error)
		df->changes = out;
	return error;
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
	.lower = pg_lower,
};
