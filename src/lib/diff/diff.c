/*
 * diff.c: comparing two catalogs into an ordered list of changes.
 *
 * Pure: two const catalogs and the user's rename decisions in, changes
 * out, nothing read or written. The work is done in passes:
 *
 *   1. renames: each decision is checked against both catalogs and
 *      decides which old table or column a new one is matched with;
 *   2. objects other than tables (indexes, views, triggers, constraints,
 *      foreign keys...) are matched by identity (kind, table, name), an
 *      unnamed constraint also by its definition, and compared by their
 *      canonical definitions with the renames applied to the old side;
 *   3. tables are matched (renames first), then compared column by
 *      column; the dialect (rt_diff_dialect) says which column changes
 *      ALTER TABLE can express, and a table it cannot change in place is
 *      rebuilt in one RT_CHANGE_REBUILD_TABLE;
 *   4. lowering: changes a create, drop or rebuild of their table already
 *      does are removed; a REPLACE becomes DROP + CREATE where the
 *      dialect has no in-place replace; views and triggers that read a
 *      rebuilt table are dropped before it and created again after.
 *      Where the engine records which columns objects read (PostgreSQL,
 *      lower_pg), what reads a dropped or retyped column is dropped and
 *      made again instead, to a fixed point over the dependencies, and
 *      enums, sequence owners, generated columns get their own steps;
 *   5. ordering: phases (by default drops of dependants, drops of
 *      tables, renames, table changes, creates of dependants; the
 *      dialect may set its own), each a stable topological sort over the
 *      objects' dependencies seeded by kind priority and name. A cycle
 *      (two tables whose foreign keys point at each other) is broken by
 *      taking the first remaining change in seed order.
 *
 * Invariant: the result turns `from` into `to`; the other direction is
 * the same function with the catalogs swapped and the renames inverted.
 */
#include "diff/diff.h"

#include <strings.h>

typedef struct differ {
	const rt_catalog *from, *to;
	const rt_diff_options *opts;
	const rt_diff_dialect *d;
	rt_changes *ch;
	rt_arena *a;
	rt_vec changes;	   /* rt_change *, in the order found */
	rt_vec candidates; /* rt_change * */
	int fold;
	/* what has happened to each object so far, by rt_obj.id: lookups
	 * stay constant-time on schemas of thousands of objects */
	unsigned char *from_flags, *to_flags;
} differ;

enum {
	F_DROPPED = 1 << 0, /* a `from` object has its DROP */
	F_CREATED = 1 << 1, /* a `to` object has its CREATE */
	F_REBUILT = 1 << 2, /* a table (either side) is rebuilt */
	F_CONS = 1 << 3,    /* a table's constraint or foreign key changes */
};

static int same_name(const differ *df, const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return df->fold ? !strcasecmp(a, b) : !strcmp(a, b);
}

/* ---- renames ------------------------------------------------------------ */

static const rt_rename *table_rename_to(const differ *df, const char *to)
{
	size_t i;

	for (i = 0; i < df->opts->nrenames; i++) {
		const rt_rename *r = &df->opts->renames[i];

		if (!r->table && same_name(df, r->to, to))
			return r;
	}
	return NULL;
}

static const rt_rename *table_rename_from(const differ *df, const char *from)
{
	size_t i;

	for (i = 0; i < df->opts->nrenames; i++) {
		const rt_rename *r = &df->opts->renames[i];

		if (!r->table && same_name(df, r->from, from))
			return r;
	}
	return NULL;
}

/* The name in `from` of the table called `to_name` in `to`, or NULL when
 * that name was renamed away (a new table of an old name). */
static const char *from_table_name(const differ *df, const char *to_name)
{
	const rt_rename *r = table_rename_to(df, to_name);

	if (r)
		return r->from;
	if (table_rename_from(df, to_name))
		return NULL;
	return to_name;
}

static const char *to_table_name(const differ *df, const char *from_name)
{
	const rt_rename *r = table_rename_from(df, from_name);

	return r ? r->to : from_name;
}

/* Does column rename `r` belong to the table known as `from_t` / `to_t`?
 * The user may name the table by its old or its new name. */
static int rename_of_table(const differ *df, const rt_rename *r,
			   const char *from_t, const char *to_t)
{
	return r->table && (same_name(df, r->table, from_t) ||
			    same_name(df, r->table, to_t));
}

static const rt_rename *column_rename_to(const differ *df, const char *from_t,
					 const char *to_t, const char *col)
{
	size_t i;

	for (i = 0; i < df->opts->nrenames; i++) {
		const rt_rename *r = &df->opts->renames[i];

		if (rename_of_table(df, r, from_t, to_t) &&
		    same_name(df, r->to, col))
			return r;
	}
	return NULL;
}

static const rt_rename *column_rename_from(const differ *df, const char *from_t,
					   const char *to_t, const char *col)
{
	size_t i;

	for (i = 0; i < df->opts->nrenames; i++) {
		const rt_rename *r = &df->opts->renames[i];

		if (rename_of_table(df, r, from_t, to_t) &&
		    same_name(df, r->from, col))
			return r;
	}
	return NULL;
}

static const rt_table *find_table(const rt_catalog *cat, const char *schema,
				  const char *name)
{
	return name ? (const rt_table *)rt_catalog_find(cat, RT_OBJ_TABLE,
							schema, NULL, name)
		    : NULL;
}

/* A table the user named without its schema (--rename): the first of
 * that name, in schema order. */
static const rt_table *find_table_any(const differ *df, const rt_catalog *cat,
				      const char *name)
{
	size_t i = rt_catalog_lower_bound(cat, RT_OBJ_TABLE, NULL, NULL, NULL);

	for (; i < cat->nobjs && cat->objs[i]->kind == RT_OBJ_TABLE; i++)
		if (name && same_name(df, cat->objs[i]->name, name))
			return (const rt_table *)cat->objs[i];
	return NULL;
}

static int check_renames(differ *df)
{
	size_t i;

	for (i = 0; i < df->opts->nrenames; i++) {
		const rt_rename *r = &df->opts->renames[i];
		const rt_table *ft, *tt;

		if (!r->table) {
			if (!find_table_any(df, df->from, r->from)) {
				rt_error_set(
				    RT_ERROR_USAGE,
				    "cannot rename table '%s': the old "
				    "schema has no such table",
				    r->from);
				return RT_EUSAGE;
			}
			if (!find_table_any(df, df->to, r->to)) {
				rt_error_set(
				    RT_ERROR_USAGE,
				    "cannot rename table '%s' to '%s': "
				    "the new schema has no table '%s'",
				    r->from, r->to, r->to);
				return RT_EUSAGE;
			}
			continue;
		}
		/* the table by its old name, or its new one */
		ft = find_table_any(df, df->from, r->table);
		if (!ft)
			ft = find_table_any(df, df->from,
					    from_table_name(df, r->table));
		tt = ft ? find_table(df->to, ft->obj.schema,
				     to_table_name(df, ft->obj.name))
			: NULL;
		if (!ft || !tt) {
			rt_error_set(RT_ERROR_USAGE,
				     "cannot rename column '%s.%s': no table "
				     "'%s' in both schemas",
				     r->table, r->from, r->table);
			return RT_EUSAGE;
		}
		if (!rt_table_column(ft, r->from, df->fold)) {
			rt_error_set(RT_ERROR_USAGE,
				     "cannot rename column '%s.%s': the old "
				     "table has no such column",
				     r->table, r->from);
			return RT_EUSAGE;
		}
		if (!rt_table_column(tt, r->to, df->fold)) {
			rt_error_set(
			    RT_ERROR_USAGE,
			    "cannot rename column '%s.%s' to '%s': the "
			    "new table has no column '%s'",
			    r->table, r->from, r->to, r->to);
			return RT_EUSAGE;
		}
	}
	return 0;
}

/*
 * The canonical text of an old object as it reads after the renames:
 * every table rename, and the column renames of the tables it belongs
 * to or depends on. Renames apply at once (a swap a<->b works), through
 * placeholders no schema uses.
 */
static const char *renamed(differ *df, const rt_obj *o, const char *canon,
			   const rt_table *owner)
{
	const char *s = canon;
	size_t i, k;
	char ph[48];

	if (!canon || !df->opts->nrenames || !df->d->rename_ident)
		return canon;
	/* a function's body is its text as written: a rename does not
	 * reach into it (the engine rewrites views, not bodies) */
	if (o && o->kind == RT_OBJ_FUNCTION)
		return canon;
	for (k = 0; k < 2 && s; k++) {
		for (i = 0; i < df->opts->nrenames && s; i++) {
			const rt_rename *r = &df->opts->renames[i];
			size_t j;
			int applies = !r->table;

			if (r->table && owner)
				applies = rename_of_table(
				    df, r, owner->obj.name,
				    to_table_name(df, owner->obj.name));
			for (j = 0; o && !applies && j < o->ndeps; j++)
				applies =
				    o->deps[j]->kind == RT_OBJ_TABLE &&
				    rename_of_table(
					df, r, o->deps[j]->name,
					to_table_name(df, o->deps[j]->name));
			if (!applies)
				continue;
			snprintf(ph, sizeof(ph), "retort_rename_%zu_", i);
			s = k == 0 ? df->d->rename_ident(df->a, s, r->from, ph)
				   : df->d->rename_ident(df->a, s, ph, r->to);
		}
	}
	return s;
}

/* ---- changes ------------------------------------------------------------ */

static rt_change *add_change(differ *df, rt_change_kind kind,
			     const rt_obj *from, const rt_obj *to)
{
	rt_change *c = rt_arena_alloc(df->a, sizeof(*c));

	if (!c || rt_vec_push(df->a, &df->changes, c) < 0)
		return NULL;
	c->kind = kind;
	c->from = from;
	c->to = to;
	if (kind == RT_CHANGE_DROP)
		df->from_flags[from->id] |= F_DROPPED;
	else if (kind == RT_CHANGE_CREATE)
		df->to_flags[to->id] |= F_CREATED;
	else if (kind == RT_CHANGE_REBUILD_TABLE) {
		df->from_flags[from->id] |= F_REBUILT;
		df->to_flags[to->id] |= F_REBUILT;
	}
	return c;
}

static int canon_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int eq_ci(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcasecmp(a, b);
}

/* A type name as the engine compares it: SQLite's are words in any
 * case, PostgreSQL's may be quoted mixed-case names. */
static int same_type(const differ *df, const char *a, const char *b)
{
	return df->fold ? eq_ci(a, b) : canon_equal(a, b);
}

/* Views whose output columns (names, types) are part of what the engine
 * compares: a column renamed under a view keeps its old output name. */
static int view_columns_equal(const differ *df, const rt_obj *f,
			      const rt_obj *t)
{
	const rt_table *a = (const rt_table *)f, *b = (const rt_table *)t;
	size_t i;

	if (!df->d->view_columns ||
	    (f->kind != RT_OBJ_VIEW && f->kind != RT_OBJ_MATVIEW))
		return 1;
	if (a->ncolumns != b->ncolumns)
		return 0;
	for (i = 0; i < a->ncolumns; i++)
		if (strcmp(a->columns[i].name, b->columns[i].name) ||
		    !same_type(df, a->columns[i].type, b->columns[i].type) ||
		    !canon_equal(a->columns[i].comment, b->columns[i].comment))
			return 0;
	return 1;
}

static int acl_equal(const rt_obj *f, const rt_obj *t)
{
	size_t i;

	if (f->nacl != t->nacl)
		return 0;
	for (i = 0; i < f->nacl; i++)
		if (strcmp(f->acl[i], t->acl[i]))
			return 0;
	return 1;
}

/*
 * An index's definition past its name ("CREATE [UNIQUE] INDEX name ON
 * ..."): what two indexes that differ by name alone share. NULL where
 * the definition does not start so.
 */
static const char *index_body(const rt_obj *o, const char *def)
{
	const char *p = def, *names[2];
	size_t i, n;

	if (!p || strncmp(p, "CREATE ", 7))
		return NULL;
	p += 7;
	if (!strncmp(p, "UNIQUE ", 7))
		p += 7;
	if (strncmp(p, "INDEX ", 6))
		return NULL;
	p += 6;
	/* the name as quote_ident wrote it (PostgreSQL's qname), or bare */
	names[0] = o->qname;
	names[1] = o->name;
	for (i = 0; i < 2; i++) {
		if (!names[i])
			continue;
		n = strlen(names[i]);
		if (!strncmp(p, names[i], n) && !strncmp(p + n, " ON ", 4))
			return p + n;
	}
	return NULL;
}

static int obj_equal(differ *df, const rt_obj *f, const rt_obj *t)
{
	const rt_table *owner =
	    f->table ? find_table(df->from, f->schema, f->table) : NULL;

	if (!view_columns_equal(df, f, t))
		return 0;
	/* an index the engine cannot use is not the one wanted */
	if (f->kind == RT_OBJ_INDEX && t->kind == RT_OBJ_INDEX &&
	    ((const rt_index *)f)->invalid != ((const rt_index *)t)->invalid)
		return 0;
	if (f->canonical && t->canonical)
		return canon_equal(renamed(df, f, f->canonical, owner),
				   t->canonical);
	return canon_equal(f->definition, t->definition);
}

static int column_equal(differ *df, const rt_table *ft, const rt_column *f,
			const rt_column *t)
{
	if (f->canonical && t->canonical)
		return canon_equal(renamed(df, NULL, f->canonical, ft),
				   t->canonical);
	return same_type(df, f->type, t->type) && f->not_null == t->not_null &&
	       canon_equal(renamed(df, NULL, f->default_expr, ft),
			   t->default_expr) &&
	       canon_equal(renamed(df, NULL, f->generated, ft),
			   t->generated) &&
	       f->generated_stored == t->generated_stored &&
	       canon_equal(f->identity, t->identity) &&
	       canon_equal(f->identity_options, t->identity_options) &&
	       canon_equal(f->collation, t->collation) && f->pk == t->pk &&
	       canon_equal(f->comment, t->comment);
}

/* ---- objects other than tables ----------------------------------------- */

static int is_constraint_kind(rt_obj_kind k)
{
	return k == RT_OBJ_CONSTRAINT || k == RT_OBJ_FOREIGN_KEY;
}

static int index_renamed(differ *df, const rt_obj *f, const rt_obj *t);

/* The old object a new one is matched with, or NULL. `taken` marks old
 * objects already matched (an unnamed constraint matched by text). */
static const rt_obj *match_obj(differ *df, const rt_obj *t,
			       const unsigned char *taken)
{
	const char *ftable = NULL;
	const rt_obj *f;
	size_t i;

	if (t->table && !(ftable = from_table_name(df, t->table)))
		return NULL;
	f = rt_catalog_find(df->from, t->kind, t->schema, ftable, t->name);
	if (f && !taken[f->id])
		return f;
	if (t->kind == RT_OBJ_INDEX && df->d->rename_objects) {
		/* the same index under another name: a rename */
		for (i = rt_catalog_lower_bound(df->from, t->kind, t->schema,
						ftable, NULL);
		     i < df->from->nobjs; i++) {
			f = df->from->objs[i];
			if (f->kind != t->kind ||
			    !same_name(df, f->table, ftable))
				break;
			if (!taken[f->id] && index_renamed(df, f, t))
				return f;
		}
		return NULL;
	}
	if (!is_constraint_kind(t->kind))
		return NULL;
	/* the same constraint under another (generated) name: among the
	 * table's, which sort together */
	for (i = rt_catalog_lower_bound(df->from, t->kind, t->schema, ftable,
					NULL);
	     i < df->from->nobjs; i++) {
		f = df->from->objs[i];
		if (f->kind != t->kind || !same_name(df, f->table, ftable))
			break;
		if (!taken[f->id] && obj_equal(df, f, t))
			return f;
	}
	return NULL;
}

/* Is `f` the index `t` under another name (and the same validity)? */
static int index_renamed(differ *df, const rt_obj *f, const rt_obj *t)
{
	const rt_table *owner =
	    f->table ? find_table(df->from, f->schema, f->table) : NULL;
	const char *fb, *tb;

	if (((const rt_index *)f)->invalid != ((const rt_index *)t)->invalid ||
	    !f->canonical || !t->canonical)
		return 0;
	fb = index_body(f, renamed(df, f, f->canonical, owner));
	tb = index_body(t, t->canonical);
	return fb && tb && !strcmp(fb, tb);
}

/* A constraint or foreign key changes: its tables will know. */
static void mark_constraint(differ *df, const rt_obj *f, const rt_obj *t)
{
	const rt_table *tab;

	if (f && is_constraint_kind(f->kind) &&
	    (tab = find_table(df->from, f->schema, f->table)))
		df->from_flags[tab->obj.id] |= F_CONS;
	if (t && is_constraint_kind(t->kind) &&
	    (tab = find_table(df->to, t->schema, t->table)))
		df->to_flags[tab->obj.id] |= F_CONS;
}

static int diff_objects(differ *df)
{
	unsigned char *taken = calloc(df->from->nobjs + 1, 1);
	size_t i;
	int error = 0;

	if (!taken)
		return rt_error_nomem();
	for (i = 0; i < df->to->nobjs && !error; i++) {
		const rt_obj *t = df->to->objs[i], *f;

		if (t->kind == RT_OBJ_TABLE)
			continue;
		f = match_obj(df, t, taken);
		if (!f) {
			if (!add_change(df, RT_CHANGE_CREATE, NULL, t))
				error = RT_ERROR;
			mark_constraint(df, NULL, t);
			continue;
		}
		taken[f->id] = 1;
		if (!acl_equal(f, t) &&
		    !add_change(df, RT_CHANGE_GRANT, f, t))
			error = RT_ERROR;
		if (df->d->rename_objects && strcmp(f->name, t->name) &&
		    (t->kind == RT_OBJ_INDEX || is_constraint_kind(t->kind))) {
			/* matched by definition under another name */
			if (!add_change(df, RT_CHANGE_RENAME, f, t))
				error = RT_ERROR;
			if (!canon_equal(f->comment, t->comment) &&
			    !add_change(df, RT_CHANGE_COMMENT, f, t))
				error = RT_ERROR;
			continue;
		}
		if (obj_equal(df, f, t)) {
			/* the engine keeps comments apart from definitions */
			if (!canon_equal(f->comment, t->comment) &&
			    !add_change(df, RT_CHANGE_COMMENT, f, t))
				error = RT_ERROR;
			continue;
		}
		if (!add_change(df, RT_CHANGE_REPLACE, f, t))
			error = RT_ERROR;
		mark_constraint(df, f, t);
	}
	for (i = 0; i < df->from->nobjs && !error; i++) {
		const rt_obj *f = df->from->objs[i];

		if (f->kind == RT_OBJ_TABLE || taken[f->id])
			continue;
		if (!add_change(df, RT_CHANGE_DROP, f, NULL))
			error = RT_ERROR;
		mark_constraint(df, f, NULL);
	}
	free(taken);
	return error;
}

/* ---- tables ------------------------------------------------------------- */

/* Did the object pass change a constraint or foreign key of the table
 * known as `ft` / `tt`? */
static int constraints_changed(differ *df, const rt_table *ft,
			       const rt_table *tt)
{
	return ((df->from_flags[ft->obj.id] | df->to_flags[tt->obj.id]) &
		F_CONS) != 0;
}

/* The old column a new one is matched with, or NULL. */
static const rt_column *match_column(differ *df, const rt_table *ft,
				     const rt_table *tt, const rt_column *tc,
				     int *is_rename)
{
	const rt_rename *r =
	    column_rename_to(df, ft->obj.name, tt->obj.name, tc->name);

	*is_rename = r != NULL;
	if (r)
		return rt_table_column(ft, r->from, df->fold);
	if (column_rename_from(df, ft->obj.name, tt->obj.name, tc->name))
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
static int plan_table(differ *df, const rt_table *ft, const rt_table *tt,
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
		if (!column_equal(df, ft, fc, tc) &&
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

static int add_rebuild(differ *df, const rt_table *ft, const rt_table *tt,
		       const table_plan *p)
{
	rt_change *c =
	    add_change(df, RT_CHANGE_REBUILD_TABLE, &ft->obj, &tt->obj);
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

static int add_candidate(differ *df, rt_change_kind kind, const rt_obj *f,
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
static int table_attrs_equal(differ *df, const rt_table *ft,
			     const rt_table *tt)
{
	return ft->unlogged == tt->unlogged &&
	       ft->rls_enabled == tt->rls_enabled &&
	       ft->rls_forced == tt->rls_forced &&
	       canon_equal(ft->obj.comment, tt->obj.comment) &&
	       canon_equal(renamed(df, NULL, ft->inherits, NULL),
			   tt->inherits) &&
	       canon_equal(ft->options, tt->options);
}

/* A partition that changes parent or bound: detached, attached again. */
static int partition_moves(differ *df, const rt_table *ft, const rt_table *tt)
{
	return !canon_equal(renamed(df, NULL, ft->partition_of, NULL),
			    tt->partition_of) ||
	       !canon_equal(ft->partition_bound, tt->partition_bound);
}

static int diff_table(differ *df, const rt_table *ft, const rt_table *tt)
{
	table_plan p;
	size_t i, j;
	int error;

	if (!same_name(df, ft->obj.name, tt->obj.name) &&
	    !add_change(df, RT_CHANGE_RENAME_TABLE, &ft->obj, &tt->obj))
		return RT_ERROR;
	if (!df->d->rebuild && !table_attrs_equal(df, ft, tt) &&
	    !add_change(df, RT_CHANGE_ALTER_TABLE, &ft->obj, &tt->obj))
		return RT_ERROR;
	if (!acl_equal(&ft->obj, &tt->obj) &&
	    !add_change(df, RT_CHANGE_GRANT, &ft->obj, &tt->obj))
		return RT_ERROR;
	if (!df->d->rebuild && partition_moves(df, ft, tt)) {
		if (ft->partition_of &&
		    !add_change(df, RT_CHANGE_DETACH, &ft->obj, &tt->obj))
			return RT_ERROR;
		if (tt->partition_of &&
		    !add_change(df, RT_CHANGE_ATTACH, &ft->obj, &tt->obj))
			return RT_ERROR;
	}
	if (ft->is_virtual || tt->is_virtual) {
		/* a module's table changes only by being made again */
		if (ft->is_virtual == tt->is_virtual &&
		    canon_equal(ft->obj.canonical, tt->obj.canonical))
			return 0;
		if (!add_change(df, RT_CHANGE_REPLACE, &ft->obj, &tt->obj))
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
			if (!(c = add_change(df, RT_CHANGE_RENAME_COLUMN,
					     &ft->obj, &tt->obj)))
				error = RT_ERROR;
			else {
				c->column_from = fc;
				c->column_to = tc;
			}
		}
		if (error)
			break;
		if (fc && column_equal(df, ft, fc, tc))
			continue;
		/* a column a parent gives (INHERITS, a partition) changes
		 * with the parent */
		if (tc->inherited && (!fc || fc->inherited))
			continue;
		c = add_change(
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
		if (!(c = add_change(df, RT_CHANGE_DROP_COLUMN, &ft->obj,
				     &tt->obj))) {
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

static int diff_tables(differ *df)
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
		ft = find_table(df->from, tt->obj.schema,
				from_table_name(df, tt->obj.name));
		if (!ft) {
			if (!add_change(df, RT_CHANGE_CREATE, NULL, &tt->obj))
				error = RT_ERROR;
			continue;
		}
		taken[ft->obj.id] = 1;
		if (!df->d->rebuild &&
		    !canon_equal(ft->partition_key, tt->partition_key)) {
			/* no ALTER makes a table partitioned or plain: it is
			 * made again, and its rows are lost */
			rt_change *c =
			    add_change(df, RT_CHANGE_DROP, &ft->obj, NULL);

			if (!c || !add_change(df, RT_CHANGE_CREATE, NULL,
					      &tt->obj)) {
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
		if (!(c = add_change(df, RT_CHANGE_DROP, &ft->obj, NULL))) {
			error = RT_ERROR;
			break;
		}
		c->data_loss = 1;
		/* a new table of the same columns may be this one renamed */
		for (j = 0; j < df->to->nobjs && !error; j++) {
			const rt_table *tt = (const rt_table *)df->to->objs[j];

			if (tt->obj.kind == RT_OBJ_TABLE &&
			    !find_table(df->from, tt->obj.schema,
					from_table_name(df, tt->obj.name)) &&
			    same_shape(ft, tt))
				error = add_candidate(
				    df, RT_CHANGE_RENAME_TABLE, &ft->obj,
				    &tt->obj, NULL, NULL);
		}
	}
	free(taken);
	return error;
}

/* ---- lowering ------------------------------------------------------------ */

static int rebuilt_to(const differ *df, const char *schema,
		      const char *to_name)
{
	const rt_table *t =
	    to_name ? find_table(df->to, schema, to_name) : NULL;

	return t && (df->to_flags[t->obj.id] & F_REBUILT);
}

/* The relation an object of a table belongs to: a table, or (a trigger
 * on) a view. */
static const rt_obj *owner_of(const rt_catalog *cat, const rt_obj *o)
{
	static const rt_obj_kind kinds[] = {RT_OBJ_TABLE, RT_OBJ_VIEW,
					    RT_OBJ_MATVIEW};
	size_t k;

	for (k = 0; o->table && k < RT_ARRAY_SIZE(kinds); k++) {
		const rt_obj *r =
		    rt_catalog_find(cat, kinds[k], o->schema, NULL, o->table);

		if (r)
			return r;
	}
	return NULL;
}

/* Is the relation `f` belongs to dropped (so `f` goes with it)? */
static int dropped_owner(const differ *df, const rt_obj *f)
{
	const rt_table *tab = find_table(df->from, f->schema, f->table);
	const rt_obj *t = df->d->column_deps ? owner_of(df->from, f)
			  : tab		     ? &tab->obj
					     : NULL;

	return t && (df->from_flags[t->id] & F_DROPPED);
}

/* Is the change done already by what happens to its table? */
static int absorbed(const differ *df, const rt_change *c)
{
	const rt_obj *o = c->to ? c->to : c->from;

	if (!o->table)
		return 0;
	if (c->to && rebuilt_to(df, c->to->schema, c->to->table))
		return 1; /* the rebuild creates the table's own objects */
	if (c->from && !c->to &&
	    rebuilt_to(df, c->from->schema,
		       to_table_name(df, c->from->table)))
		return 1; /* ... and its DROP TABLE drops the old ones */
	/* gone with its table; except a foreign key, where tables that
	 * point at each other could not be dropped one after the other */
	if (c->from && !c->to && dropped_owner(df, c->from) &&
	    !(df->d->column_deps && o->kind == RT_OBJ_FOREIGN_KEY))
		return 1;
	if (df->d->inline_constraints && is_constraint_kind(o->kind))
		return 1; /* part of CREATE TABLE; a change there rebuilds */
	return 0;
}

/* The `to` object matching old `f` (same kind, mapped table, name). */
static const rt_obj *to_of(const differ *df, const rt_obj *f)
{
	const char *table = f->table ? to_table_name(df, f->table) : NULL;

	return rt_catalog_find(df->to, f->kind, f->schema, table, f->name);
}

static int lower(differ *df)
{
	rt_vec out = {0};
	size_t i, j;
	int again = 1;

	for (i = 0; i < df->changes.len; i++) {
		rt_change *c = df->changes.items[i];

		if (absorbed(df, c))
			continue;
		if (c->kind == RT_CHANGE_REPLACE && !df->d->replace_in_place) {
			rt_change *drop = rt_arena_alloc(df->a, sizeof(*drop));

			if (!drop)
				return RT_ERROR;
			drop->kind = RT_CHANGE_DROP;
			drop->from = c->from;
			df->from_flags[c->from->id] |= F_DROPPED;
			df->to_flags[c->to->id] |= F_CREATED;
			drop->data_loss = c->from->kind == RT_OBJ_TABLE;
			c->kind = RT_CHANGE_CREATE;
			c->from = NULL;
			if (rt_vec_push(df->a, &out, drop) < 0)
				return RT_ERROR;
		}
		if (rt_vec_push(df->a, &out, c) < 0)
			return RT_ERROR;
	}
	df->changes = out;
	/*
	 * Views and triggers that read a rebuilt (or dropped and made again)
	 * relation: the rebuild's final rename checks every view and trigger
	 * in the schema, so they go first and come back after; to a fixed
	 * point, since a view over such a view is in the same position.
	 */
	while (again) {
		again = 0;
		for (i = 0; i < df->from->nobjs; i++) {
			const rt_obj *f = df->from->objs[i], *t;
			int hit = 0;

			if (f->kind != RT_OBJ_VIEW && f->kind != RT_OBJ_TRIGGER)
				continue;
			if (df->from_flags[f->id] & F_DROPPED)
				continue;
			if (f->table &&
			    rebuilt_to(df, f->schema,
				       to_table_name(df, f->table)))
				continue; /* dropped and made by the rebuild */
			for (j = 0; j < f->ndeps && !hit; j++) {
				const rt_obj *dep = f->deps[j];

				hit = (df->from_flags[dep->id] &
				       (F_DROPPED | F_REBUILT)) != 0;
			}
			if (!hit)
				continue;
			if (!add_change(df, RT_CHANGE_DROP, f, NULL))
				return RT_ERROR;
			t = to_of(df, f);
			if (t && !(df->to_flags[t->id] & F_CREATED) &&
			    !add_change(df, RT_CHANGE_CREATE, NULL, t))
				return RT_ERROR;
			again = 1;
		}
	}
	return 0;
}

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

static int add_hit(differ *df, rt_vec *hits, const rt_obj *table,
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
static int new_label_used(differ *df, const rt_enum *f, const rt_enum *t)
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

static rt_change *new_change(differ *df, rt_vec *out, rt_change_kind kind,
			     const rt_obj *from, const rt_obj *to)
{
	rt_change *c = rt_arena_alloc(df->a, sizeof(*c));

	if (!c || rt_vec_push(df->a, out, c) < 0)
		return NULL;
	c->kind = kind;
	c->from = from;
	c->to = to;
	if (kind == RT_CHANGE_DROP)
		df->from_flags[from->id] |= F_DROPPED;
	else if (kind == RT_CHANGE_CREATE)
		df->to_flags[to->id] |= F_CREATED;
	return c;
}

/*
 * New labels, each placed next to one that exists by then: those before
 * the first old label right to left (BEFORE the next), the others left
 * to right (AFTER the previous).
 */
static int add_labels(differ *df, rt_vec *out, const rt_enum *f,
		      const rt_enum *t, int commit_first)
{
	size_t k, first = t->nlabels;
	rt_change *c;

	for (k = 0; k < t->nlabels && first == t->nlabels; k++)
		if (has_label(f, t->labels[k]))
			first = k;
	for (k = first; k-- > 0;) {
		if (!(c = new_change(df, out, RT_CHANGE_ENUM_ADD_VALUE, &f->obj,
				     &t->obj)))
			return RT_ERROR;
		c->label = t->labels[k];
		c->commit_first = commit_first;
		if (k + 1 < t->nlabels)
			c->label_before = t->labels[k + 1];
	}
	for (k = first + 1; k < t->nlabels; k++) {
		if (has_label(f, t->labels[k]))
			continue;
		if (!(c = new_change(df, out, RT_CHANGE_ENUM_ADD_VALUE, &f->obj,
				     &t->obj)))
			return RT_ERROR;
		c->label = t->labels[k];
		c->commit_first = commit_first;
		c->label_after = t->labels[k - 1];
	}
	if (!canon_equal(f->obj.comment, t->obj.comment) &&
	    !new_change(df, out, RT_CHANGE_COMMENT, &f->obj, &t->obj))
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
static int retype_users(differ *df, rt_vec *out, rt_vec *hits,
			const rt_obj *e)
{
	size_t i, k;

	for (i = 0; i < df->from->nobjs; i++) {
		const rt_table *ft = (const rt_table *)df->from->objs[i], *tt;

		if (ft->obj.kind != RT_OBJ_TABLE ||
		    (df->from_flags[ft->obj.id] & F_DROPPED))
			continue;
		tt = find_table(df->to, ft->obj.schema,
				to_table_name(df, ft->obj.name));
		for (k = 0; tt && k < ft->ncolumns; k++) {
			const rt_column *fc = &ft->columns[k], *tc;
			const rt_rename *r;
			rt_change *c;

			if (fc->type_obj != e || fc->inherited)
				continue;
			r = column_rename_from(df, ft->obj.name, tt->obj.name,
					       fc->name);
			tc = rt_table_column(tt, r ? r->to : fc->name,
					     df->fold);
			if (!tc)
				continue; /* dropped: nothing to cast */
			if (!(c = column_change(out, &ft->obj, fc->name))) {
				if (!(c = new_change(df, out,
						     RT_CHANGE_ALTER_COLUMN,
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
static int recreate_type(differ *df, rt_vec *out, rt_vec *recreated,
			 const rt_obj *f, const rt_obj *t)
{
	rt_change *c;
	const char *old = rt_arena_printf(df->a, "%s__retort_old", f->name);

	if (!old || !(c = new_change(df, out, RT_CHANGE_RENAME_OLD, f, NULL)))
		return RT_ERROR;
	c->old_name = old;
	if (!new_change(df, out, RT_CHANGE_CREATE, NULL, t) ||
	    !(c = new_change(df, out, RT_CHANGE_DROP, f, NULL)))
		return RT_ERROR;
	c->old_name = old;
	/* its columns are cast once every change is known (one of them
	 * may change anyway) */
	return rt_vec_push(df->a, recreated, (void *)f);
}

/* A sequence's owner, as "table.column" with the renames applied. */
static int same_owner(differ *df, const rt_sequence *f, const rt_sequence *t)
{
	const rt_rename *r;
	const char *fcol;

	if (!f->owner || !t->owner)
		return f->owner == NULL && t->owner == NULL;
	if (!canon_equal(f->owner->schema, t->owner->schema) ||
	    !same_name(df, to_table_name(df, f->owner->name), t->owner->name))
		return 0;
	r = column_rename_from(df, f->owner->name, t->owner->name,
			       f->owner_column);
	fcol = r ? r->to : f->owner_column;
	return same_name(df, fcol, t->owner_column);
}

/* Is the column dropped (or its table), taking owned sequences along? */
static int column_goes(const differ *df, const rt_vec *out, const rt_obj *ft,
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

static int lower_sequences(differ *df, rt_vec *out)
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
		    !new_change(df, out, RT_CHANGE_DISOWN, &f->obj, NULL))
			return RT_ERROR;
		if (t->owner &&
		    !new_change(df, out, RT_CHANGE_OWNED_BY, NULL, &t->obj))
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
static int readd_column(differ *df, rt_vec *out, const rt_obj *ft,
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
	if (!(d = new_change(df, out, RT_CHANGE_DROP_COLUMN, ft, tt)) ||
	    !(a = new_change(df, out, RT_CHANGE_ADD_COLUMN, ft, tt)))
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
static int readd_generated(differ *df, rt_vec *out, rt_vec *hits)
{
	size_t i, h, k, n = hits->len;

	for (h = 0; h < n; h++) {
		const colhit *hit = hits->items[h];
		const rt_table *ft = (const rt_table *)hit->table, *tt;

		if (ft->obj.kind != RT_OBJ_TABLE)
			continue;
		tt = find_table(df->to, ft->obj.schema,
				to_table_name(df, ft->obj.name));
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
static int column_hits(differ *df, const rt_change *c, rt_vec *hits)
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
static void mark_only(differ *df, rt_change *c)
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
		tx = find_table(df->to, x->obj.schema,
				to_table_name(df, x->obj.name));
		c->only = col && col->inherited && tx &&
			  rt_table_column(tx, c->column_from->name, df->fold);
	}
}

static int lower_pg(differ *df)
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

		if (absorbed(df, c))
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
			rt_change *drop =
			    new_change(df, &out, RT_CHANGE_DROP, c->from, NULL);

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
		    !canon_equal(renamed(df, NULL, c->column_from->generated,
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
			if (dropped_owner(df, f)) {
				/* gone with a view made again (its index,
				 * its trigger): made again after it */
				t = to_of(df, f);
				df->from_flags[f->id] |= F_DROPPED;
				if (t && !(df->to_flags[t->id] & F_CREATED) &&
				    !new_change(df, &out, RT_CHANGE_CREATE,
						NULL, t)) {
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
			if (!new_change(df, &out, RT_CHANGE_DROP, f, NULL)) {
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
			} else if ((t = to_of(df, f)) &&
				   !(df->to_flags[t->id] & F_CREATED) &&
				   !new_change(df, &out, RT_CHANGE_CREATE, NULL,
					       t)) {
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

/* ---- ordering ----------------------------------------------------------- */

typedef struct onode {
	rt_change *c;
	const rt_obj *obj; /* the object dependencies are read from */
	int phase;
	int removal; /* a phase that removes: dependants first */
	size_t indeg;
	size_t *out; /* changes that must come after this one */
	size_t nout, capout;
	int done;
} onode;

static int phase_of(const rt_change *c, int *removal)
{
	const rt_obj *o = c->to ? c->to : c->from;

	*removal = c->kind == RT_CHANGE_DROP;
	switch (c->kind) {
	case RT_CHANGE_DROP:
		return c->from->kind > RT_OBJ_TABLE ? 0 : 1;
	case RT_CHANGE_RENAME_TABLE:
	case RT_CHANGE_RENAME_COLUMN:
	case RT_CHANGE_RENAME:
		return 2;
	case RT_CHANGE_CREATE:
	case RT_CHANGE_REPLACE:
	case RT_CHANGE_COMMENT:
		return o->kind > RT_OBJ_TABLE ? 4 : 3;
	default:
		return 3;
	}
}

static int change_rank(const rt_change *c)
{
	switch (c->kind) {
	case RT_CHANGE_RENAME_TABLE:
		return 0;
	case RT_CHANGE_RENAME_COLUMN:
		return 1;
	case RT_CHANGE_DROP:
	case RT_CHANGE_CREATE:
	case RT_CHANGE_REPLACE:
		return 2;
	case RT_CHANGE_REBUILD_TABLE:
		return 3;
	case RT_CHANGE_DROP_COLUMN:
		return 4;
	case RT_CHANGE_ADD_COLUMN:
		/* a generated column added again reads the columns as
		 * they are after their ALTERs */
		return c->readd ? 7 : 5;
	case RT_CHANGE_ALTER_COLUMN:
		return 6;
	case RT_CHANGE_ALTER_TABLE:
		return 8;
	default:
		return 9;
	}
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

/* Seed order: kind priority (reversed when dropping), then the owning
 * table and name, then the kind of change and the column position. */
static int seed_cmp(const onode *x, const onode *y)
{
	const rt_obj *a = x->obj, *b = y->obj;
	int c, drop = x->removal;
	const char *at = a->table ? a->table : a->name;
	const char *bt = b->table ? b->table : b->name;

	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	if (a->kind != b->kind)
		return (a->kind < b->kind) != drop ? -1 : 1;
	if ((c = strcmp_null(a->schema, b->schema)) != 0)
		return c;
	if ((c = strcmp(at, bt)) != 0)
		return c;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	if ((c = change_rank(x->c) - change_rank(y->c)) != 0)
		return c;
	{
		const rt_column *ca =
		    x->c->column_to ? x->c->column_to : x->c->column_from;
		const rt_column *cb =
		    y->c->column_to ? y->c->column_to : y->c->column_from;
		int pa = ca ? ca->position : 0, pb = cb ? cb->position : 0;

		return pa - pb;
	}
}

typedef struct heap {
	size_t *v, n;
	onode *nodes;
} heap;

static int heap_less(const heap *h, size_t i, size_t j)
{
	int c = seed_cmp(&h->nodes[h->v[i]], &h->nodes[h->v[j]]);

	return c < 0 || (c == 0 && h->v[i] < h->v[j]);
}

static void heap_push(heap *h, size_t x)
{
	size_t i = h->n++;

	h->v[i] = x;
	while (i && heap_less(h, i, (i - 1) / 2)) {
		size_t p = (i - 1) / 2, t = h->v[p];

		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t heap_pop(heap *h)
{
	size_t top = h->v[0], i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < h->n && heap_less(h, l, m))
			m = l;
		if (r < h->n && heap_less(h, r, m))
			m = r;
		if (m == i)
			break;
		t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

static int add_edge(onode *nodes, size_t before, size_t after)
{
	onode *b = &nodes[before];
	size_t k;

	if (before == after)
		return 0;
	for (k = 0; k < b->nout; k++)
		if (b->out[k] == after)
			return 0;
	if (b->nout == b->capout) {
		size_t cap = b->capout ? b->capout * 2 : 4;
		size_t *n = realloc(b->out, cap * sizeof(*n));

		if (!n)
			return rt_error_nomem();
		b->out = n;
		b->capout = cap;
	}
	b->out[b->nout++] = after;
	nodes[after].indeg++;
	return 0;
}

/* Object -> nodes index: open addressing on the pointer. */
typedef struct omap {
	const rt_obj **keys;
	size_t *first; /* first node of the object; chained through next */
	size_t cap;
} omap;

static size_t omap_slot(const omap *m, const rt_obj *o)
{
	size_t h = ((uintptr_t)o >> 4) * 0x9E3779B97F4A7C15ull;

	h &= m->cap - 1;
	while (m->keys[h] && m->keys[h] != o)
		h = (h + 1) & (m->cap - 1);
	return h;
}

static int order(differ *df)
{
	size_t n = df->changes.len, i, k, emitted = 0;
	onode *nodes = calloc(n + 1, sizeof(*nodes));
	size_t *next = calloc(n + 1, sizeof(*next));
	omap m = {0};
	heap h = {0};
	rt_change *items = NULL;
	int error = 0;

	m.cap = 16;
	while (m.cap < 2 * n + 2)
		m.cap *= 2;
	m.keys = calloc(m.cap, sizeof(*m.keys));
	m.first = calloc(m.cap, sizeof(*m.first));
	h.v = calloc(n + 1, sizeof(*h.v));
	h.nodes = nodes;
	items = rt_arena_array(df->a, n + 1, sizeof(*items));
	if (!nodes || !next || !m.keys || !m.first || !h.v || !items) {
		error = rt_error_nomem();
		goto done;
	}
	for (i = 0; i < n; i++) {
		onode *x = &nodes[i];
		size_t s;

		x->c = df->changes.items[i];
		x->phase = df->d->phase_of ? df->d->phase_of(x->c, &x->removal)
					   : phase_of(x->c, &x->removal);
		x->obj = x->removal ? x->c->from
				    : (x->c->to ? x->c->to : x->c->from);
		s = omap_slot(&m, x->obj);
		next[i] = m.keys[s] ? m.first[s] : SIZE_MAX;
		m.keys[s] = x->obj;
		m.first[s] = i;
	}
	/* an edge for each dependency between two changes of one phase:
	 * creating, the dependency first; dropping, the dependant first */
	for (i = 0; i < n && !error; i++) {
		onode *x = &nodes[i];

		for (k = 0; k < x->obj->ndeps && !error; k++) {
			size_t s = omap_slot(&m, x->obj->deps[k]), j;

			if (!m.keys[s])
				continue;
			for (j = m.first[s]; j != SIZE_MAX && !error;
			     j = next[j]) {
				if (nodes[j].phase != x->phase)
					continue;
				error = x->removal ? add_edge(nodes, i, j)
						   : add_edge(nodes, j, i);
			}
		}
	}
	for (i = 0; i < n && !error; i++)
		if (!nodes[i].indeg)
			heap_push(&h, i);
	while (emitted < n && !error) {
		size_t x;

		if (!h.n) {
			/* a cycle: take the first remaining in seed order */
			size_t best = SIZE_MAX;

			for (i = 0; i < n; i++)
				if (!nodes[i].done &&
				    (best == SIZE_MAX ||
				     seed_cmp(&nodes[i], &nodes[best]) < 0))
					best = i;
			nodes[best].indeg = 0;
			heap_push(&h, best);
		}
		x = heap_pop(&h);
		if (nodes[x].done)
			continue;
		nodes[x].done = 1;
		items[emitted++] = *nodes[x].c;
		for (k = 0; k < nodes[x].nout; k++) {
			size_t y = nodes[x].out[k];

			if (!nodes[y].done && nodes[y].indeg &&
			    --nodes[y].indeg == 0)
				heap_push(&h, y);
		}
	}
	df->ch->items = items;
	df->ch->n = emitted;
done:
	for (i = 0; nodes && i < n; i++)
		free(nodes[i].out);
	free(nodes);
	free(next);
	free(m.keys);
	free(m.first);
	free(h.v);
	return error;
}

/* ---- entry points ------------------------------------------------------ */

int rt_diff_dialect_complete(const rt_diff_dialect *d)
{
	/* the can_* slots are optional where ALTER TABLE can do it all */
	return d->name && d->rename_ident &&
	       (!d->rebuild || (d->can_add_column && d->can_drop_column));
}

int rt_diff_catalogs(rt_changes **out, const rt_catalog *from,
		     const rt_catalog *to, const rt_diff_options *opts)
{
	rt_diff_options none = {0};
	rt_changes *ch = calloc(1, sizeof(*ch));
	differ df;
	size_t i;
	int error;

	*out = NULL;
	if (!ch)
		return rt_error_nomem();
	rt_arena_init(&ch->arena);
	memset(&df, 0, sizeof(df));
	df.from = from;
	df.to = to;
	df.opts = opts ? opts : &none;
	df.ch = ch;
	df.a = &ch->arena;
	df.fold = from->fold_case || to->fold_case;
	if (from->be != to->be) {
		error = rt_error_set(RT_ERROR_USAGE,
				     "cannot compare a %s schema with a %s one",
				     from->dialect, to->dialect);
		goto done;
	}
	df.d = from->be->diff;
	df.from_flags = calloc(from->nobjs + 1, 1);
	df.to_flags = calloc(to->nobjs + 1, 1);
	if (!df.from_flags || !df.to_flags) {
		error = rt_error_nomem();
		goto done;
	}
	if ((error = check_renames(&df)) < 0 ||
	    (error = diff_objects(&df)) < 0 || (error = diff_tables(&df)) < 0 ||
	    (error = df.d->column_deps ? lower_pg(&df) : lower(&df)) < 0 ||
	    (error = order(&df)) < 0)
		goto done;
	ch->ncandidates = df.candidates.len;
	ch->rename_candidates = rt_arena_array(
	    &ch->arena, df.candidates.len + 1, sizeof(rt_change));
	if (!ch->rename_candidates) {
		error = RT_ERROR;
		goto done;
	}
	for (i = 0; i < df.candidates.len; i++)
		ch->rename_candidates[i] = *(rt_change *)df.candidates.items[i];
done:
	free(df.from_flags);
	free(df.to_flags);
	if (error < 0) {
		if (!rt_error_last()->message[0])
			rt_error_nomem();
		rt_changes_free(ch);
	} else {
		*out = ch;
	}
	return error;
}

void rt_changes_free(rt_changes *ch)
{
	if (!ch)
		return;
	rt_arena_release(&ch->arena);
	free(ch);
}

/* One name of a rename spec: "x", or "x" double-quoted with "" inside. */
static const char *rename_word(rt_buf *b, const char *s, const char *stops)
{
	if (*s == '"') {
		for (s++; *s; s++) {
			if (*s == '"' && s[1] == '"') {
				rt_buf_putc(b, '"');
				s++;
			} else if (*s == '"') {
				return s + 1;
			} else {
				rt_buf_putc(b, *s);
			}
		}
		return NULL; /* unterminated */
	}
	for (; *s && !strchr(stops, *s); s++)
		rt_buf_putc(b, *s);
	return s;
}

int rt_rename_parse(rt_rename *out, rt_arena *arena, const char *spec)
{
	rt_buf w1 = RT_BUF_INIT, w2 = RT_BUF_INIT, w3 = RT_BUF_INIT;
	const char *s = spec;
	int error = 0, column = 0;

	memset(out, 0, sizeof(*out));
	rt_buf_init(&w1);
	rt_buf_init(&w2);
	rt_buf_init(&w3);
	if (!(s = rename_word(&w1, s, ".=")))
		goto bad;
	if (*s == '.') {
		column = 1;
		if (!(s = rename_word(&w2, s + 1, "=")))
			goto bad;
	}
	if (*s != '=' || !(s = rename_word(&w3, s + 1, "")) || *s)
		goto bad;
	if (!w1.len || !w3.len || (column && !w2.len))
		goto bad;
	if ((error = rt_buf_check(&w1)) < 0 ||
	    (error = rt_buf_check(&w2)) < 0 || (error = rt_buf_check(&w3)) < 0)
		goto done;
	if (column) {
		out->table = rt_arena_strdup(arena, w1.ptr);
		out->from = rt_arena_strdup(arena, w2.ptr);
	} else {
		out->from = rt_arena_strdup(arena, w1.ptr);
	}
	out->to = rt_arena_strdup(arena, w3.ptr);
	if (!out->from || !out->to || (column && !out->table))
		error = RT_ERROR;
	goto done;
bad:
	rt_error_set(RT_ERROR_USAGE, "malformed rename '%s'", spec);
	rt_error_hint("write TABLE.OLD=NEW for a column, OLD=NEW for a table");
	error = RT_EUSAGE;
done:
	rt_buf_release(&w1);
	rt_buf_release(&w2);
	rt_buf_release(&w3);
	return error;
}
