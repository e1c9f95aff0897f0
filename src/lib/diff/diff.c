/*
 * diff.c: comparing two catalogs into an ordered list of changes.
 *
 * Pure: two const catalogs and the user's rename decisions in, changes
 * out, nothing read or written. The work is done in passes, one file
 * each (what they share is in diff_int.h):
 *
 *   1. renames (here): each decision is checked against both catalogs
 *      and decides which old table or column a new one is matched with;
 *   2. objects other than tables (here: indexes, views, triggers,
 *      constraints, foreign keys...) are matched by identity (kind,
 *      table, name), an unnamed constraint also by its definition, and
 *      compared by their canonical definitions with the renames applied
 *      to the old side;
 *   3. tables (diff_tables.c) are matched (renames first), then compared
 *      column by column; the dialect (rt_diff_dialect) says which column
 *      changes ALTER TABLE can express, and a table it cannot change in
 *      place is rebuilt in one RT_CHANGE_REBUILD_TABLE;
 *   4. lowering, the dialect's lower slot: rt_diff_lower_default
 *      (diff_lower.c) removes changes a create, drop or rebuild of their
 *      table already does, turns a REPLACE into DROP + CREATE where the
 *      dialect has no in-place replace, and drops and makes again views
 *      and triggers that read a rebuilt table. Where the engine records
 *      which columns objects read (PostgreSQL, diff_postgres.c), what
 *      reads a dropped or retyped column is dropped and made again
 *      instead, to a fixed point over the dependencies, and enums,
 *      sequence owners, generated columns get their own steps;
 *   5. ordering (diff_sort.c): phases (by default drops of dependants,
 *      drops of tables, renames, table changes, creates of dependants;
 *      the dialect may set its own), each a stable topological sort over
 *      the objects' dependencies seeded by kind priority and name. A
 *      loop is broken by a named repair that knows it (diff_sort.c);
 *      any other is an internal error naming its changes.
 *
 * Invariant: the result turns `from` into `to`; the other direction is
 * the same function with the catalogs swapped and the renames inverted.
 */
#include "diff/diff_int.h"



/* ---- renames ------------------------------------------------------------ */

static const rt_rename *table_rename_to(const rt_differ *df, const char *to)
{
	size_t i;

	for (i = 0; i < df->opts->nrenames; i++) {
		const rt_rename *r = &df->opts->renames[i];

		if (!r->table && same_name(df, r->to, to))
			return r;
	}
	return NULL;
}

static const rt_rename *table_rename_from(const rt_differ *df, const char *from)
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
const char *rt_diff_from_table_name(const rt_differ *df, const char *to_name)
{
	const rt_rename *r = table_rename_to(df, to_name);

	if (r)
		return r->from;
	if (table_rename_from(df, to_name))
		return NULL;
	return to_name;
}

const char *rt_diff_to_table_name(const rt_differ *df, const char *from_name)
{
	const rt_rename *r = table_rename_from(df, from_name);

	return r ? r->to : from_name;
}

/* Does column rename `r` belong to the table known as `from_t` / `to_t`?
 * The user may name the table by its old or its new name. */
static int rename_of_table(const rt_differ *df, const rt_rename *r,
			   const char *from_t, const char *to_t)
{
	return r->table && (same_name(df, r->table, from_t) ||
			    same_name(df, r->table, to_t));
}

const rt_rename *rt_diff_column_rename_to(const rt_differ *df,
					  const char *from_t, const char *to_t,
					  const char *col)
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

const rt_rename *rt_diff_column_rename_from(const rt_differ *df,
					    const char *from_t,
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

const rt_table *rt_diff_find_table(const rt_catalog *cat, const char *schema,
				   const char *name)
{
	return name ? (const rt_table *)rt_catalog_find(cat, RT_OBJ_TABLE,
							schema, NULL, name)
		    : NULL;
}

/* A table the user named without its schema (--rename): the first of
 * that name, in schema order. */
static const rt_table *find_table_any(const rt_differ *df,
				      const rt_catalog *cat, const char *name)
{
	size_t i = rt_catalog_lower_bound(cat, RT_OBJ_TABLE, NULL, NULL, NULL);

	for (; i < cat->nobjs && cat->objs[i]->kind == RT_OBJ_TABLE; i++)
		if (name && same_name(df, cat->objs[i]->name, name))
			return (const rt_table *)cat->objs[i];
	return NULL;
}

int rt_diff_check_renames(rt_differ *df)
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
			ft = find_table_any(
			    df, df->from,
			    rt_diff_from_table_name(df, r->table));
		tt = ft ? rt_diff_find_table(
			      df->to, ft->obj.schema,
			      rt_diff_to_table_name(df, ft->obj.name))
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
const char *rt_diff_renamed(rt_differ *df, const rt_obj *o, const char *canon,
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
				    rt_diff_to_table_name(df, owner->obj.name));
			for (j = 0; o && !applies && j < o->ndeps; j++)
				applies =
				    o->deps[j]->kind == RT_OBJ_TABLE &&
				    rename_of_table(df, r, o->deps[j]->name,
						    rt_diff_to_table_name(
							df, o->deps[j]->name));
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

rt_change *rt_diff_add_change(rt_differ *df, rt_change_kind kind,
			      const rt_obj *from, const rt_obj *to)
{
	return rt_diff_push_change(df, &df->changes, kind, from, to);
}

rt_change *rt_diff_push_change(rt_differ *df, rt_vec *out, rt_change_kind kind,
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
	else if (kind == RT_CHANGE_REBUILD_TABLE) {
		df->from_flags[from->id] |= F_REBUILT;
		df->to_flags[to->id] |= F_REBUILT;
	}
	return c;
}

/* Views whose output columns (names, types) are part of what the engine
 * compares: a column renamed under a view keeps its old output name. */
static int view_columns_equal(const rt_differ *df, const rt_obj *f,
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

int rt_diff_acl_equal(const rt_obj *f, const rt_obj *t)
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

static int obj_equal(rt_differ *df, const rt_obj *f, const rt_obj *t)
{
	const rt_table *owner =
	    f->table ? rt_diff_find_table(df->from, f->schema, f->table) : NULL;

	if (!view_columns_equal(df, f, t))
		return 0;
	/* an index the engine cannot use is not the one wanted */
	if (f->kind == RT_OBJ_INDEX && t->kind == RT_OBJ_INDEX &&
	    ((const rt_index *)f)->invalid != ((const rt_index *)t)->invalid)
		return 0;
	if (f->canonical && t->canonical)
		return canon_equal(rt_diff_renamed(df, f, f->canonical, owner),
				   t->canonical);
	return canon_equal(f->definition, t->definition);
}

int rt_diff_column_equal(rt_differ *df, const rt_table *ft, const rt_column *f,
			 const rt_column *t)
{
	if (f->canonical && t->canonical)
		return canon_equal(rt_diff_renamed(df, NULL, f->canonical, ft),
				   t->canonical);
	return same_type(df, f->type, t->type) && f->not_null == t->not_null &&
	       canon_equal(rt_diff_renamed(df, NULL, f->default_expr, ft),
			   t->default_expr) &&
	       canon_equal(rt_diff_renamed(df, NULL, f->generated, ft),
			   t->generated) &&
	       f->generated_stored == t->generated_stored &&
	       canon_equal(f->identity, t->identity) &&
	       canon_equal(f->identity_options, t->identity_options) &&
	       canon_equal(f->collation, t->collation) && f->pk == t->pk &&
	       canon_equal(f->comment, t->comment);
}

/* ---- objects other than tables ----------------------------------------- */

static int index_renamed(rt_differ *df, const rt_obj *f, const rt_obj *t);

/* The old object a new one is matched with, or NULL. `taken` marks old
 * objects already matched (an unnamed constraint matched by text). */
static const rt_obj *match_obj(rt_differ *df, const rt_obj *t,
			       const unsigned char *taken)
{
	const char *ftable = NULL;
	const rt_obj *f;
	size_t i;

	if (t->table && !(ftable = rt_diff_from_table_name(df, t->table)))
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
static int index_renamed(rt_differ *df, const rt_obj *f, const rt_obj *t)
{
	const rt_table *owner =
	    f->table ? rt_diff_find_table(df->from, f->schema, f->table) : NULL;
	const char *fb, *tb;

	if (((const rt_index *)f)->invalid != ((const rt_index *)t)->invalid ||
	    !f->canonical || !t->canonical)
		return 0;
	fb = index_body(f, rt_diff_renamed(df, f, f->canonical, owner));
	tb = index_body(t, t->canonical);
	return fb && tb && !strcmp(fb, tb);
}

/* A constraint or foreign key changes: its tables will know. */
static void mark_constraint(rt_differ *df, const rt_obj *f, const rt_obj *t)
{
	const rt_table *tab;

	if (f && is_constraint_kind(f->kind) &&
	    (tab = rt_diff_find_table(df->from, f->schema, f->table)))
		df->from_flags[tab->obj.id] |= F_CONS;
	if (t && is_constraint_kind(t->kind) &&
	    (tab = rt_diff_find_table(df->to, t->schema, t->table)))
		df->to_flags[tab->obj.id] |= F_CONS;
}

int rt_diff_objects(rt_differ *df)
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
			if (!rt_diff_add_change(df, RT_CHANGE_CREATE, NULL, t))
				error = RT_ERROR;
			mark_constraint(df, NULL, t);
			continue;
		}
		taken[f->id] = 1;
		if (!rt_diff_acl_equal(f, t) &&
		    !rt_diff_add_change(df, RT_CHANGE_GRANT, f, t))
			error = RT_ERROR;
		if (df->d->rename_objects && strcmp(f->name, t->name) &&
		    (t->kind == RT_OBJ_INDEX || is_constraint_kind(t->kind))) {
			/* matched by definition under another name */
			if (!rt_diff_add_change(df, RT_CHANGE_RENAME, f, t))
				error = RT_ERROR;
			if (!canon_equal(f->comment, t->comment) &&
			    !rt_diff_add_change(df, RT_CHANGE_COMMENT, f, t))
				error = RT_ERROR;
			continue;
		}
		if (obj_equal(df, f, t)) {
			/* the engine keeps comments apart from definitions */
			if (!canon_equal(f->comment, t->comment) &&
			    !rt_diff_add_change(df, RT_CHANGE_COMMENT, f, t))
				error = RT_ERROR;
			continue;
		}
		if (!rt_diff_add_change(df, RT_CHANGE_REPLACE, f, t))
			error = RT_ERROR;
		mark_constraint(df, f, t);
	}
	for (i = 0; i < df->from->nobjs && !error; i++) {
		const rt_obj *f = df->from->objs[i];

		if (f->kind == RT_OBJ_TABLE || taken[f->id])
			continue;
		if (!rt_diff_add_change(df, RT_CHANGE_DROP, f, NULL))
			error = RT_ERROR;
		mark_constraint(df, f, NULL);
	}
	free(taken);
	return error;
}

/* ---- entry points ------------------------------------------------------ */

int rt_diff_dialect_complete(const rt_diff_dialect *d)
{
	/* the can_* slots are optional where ALTER TABLE can do it all */
	return d->name && d->rename_ident && d->lower &&
	       (!d->rebuild || (d->can_add_column && d->can_drop_column));
}

int rt_diff_catalogs(rt_changes **out, const rt_catalog *from,
		     const rt_catalog *to, const rt_diff_options *opts)
{
	rt_diff_options none = {0};
	rt_changes *ch = calloc(1, sizeof(*ch));
	rt_differ df;
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
	if ((error = rt_diff_check_renames(&df)) < 0 ||
	    (error = rt_diff_objects(&df)) < 0 ||
	    (error = rt_diff_tables(&df)) < 0 ||
	    (error = df.d->lower(&df)) < 0 || (error = rt_diff_order(&df)) < 0)
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
