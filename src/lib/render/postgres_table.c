/*
 * render/postgres_table.c: a table's changes as PostgreSQL SQL: ALTER
 * COLUMN (type with its USING cast, NOT NULL set behind a validated check
 * when safe, defaults, identity and its options, generation), and ALTER
 * TABLE of the table's own attributes (persistence, row level security,
 * parents, options, comment).
 */
#include "render/postgres_int.h"

static int same_text(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* ALTER COLUMN ... TYPE t USING c::t: through text when an enum is on
 * either side (enums cast only to and from text), arrays element by
 * element. */
static void using_cast(rt_buf *out, const rt_column *fc, const rt_column *tc)
{
	int via_text = (fc->type_obj && (fc->type_obj->kind == RT_OBJ_ENUM ||
					 fc->type_obj->kind == RT_OBJ_COMPOSITE)) ||
		       (tc->type_obj && (tc->type_obj->kind == RT_OBJ_ENUM ||
					 tc->type_obj->kind == RT_OBJ_COMPOSITE));
	size_t n = strlen(tc->type);
	int array = n > 2 && !strcmp(tc->type + n - 2, "[]");

	rt_buf_printf(out, " USING %s::", fc->qname);
	if (via_text && strcmp(tc->type, array ? "text[]" : "text"))
		rt_buf_puts(out, array ? "text[]::" : "text::");
	rt_buf_puts(out, tc->type);
}

/* The options of an identity's sequence as the catalog wrote them:
 * "[MINVALUE m ][MAXVALUE M ]START WITH s INCREMENT BY i CACHE c
 * [NO ]CYCLE"; a bound left out is the default (""). 0: not that form. */
typedef struct ident_opts {
	char min[32], max[32], start[32], inc[32], cache[32];
	int cycle;
} ident_opts;

static int parse_identity(ident_opts *o, const char *s)
{
	int n = 0;

	memset(o, 0, sizeof(*o));
	if (sscanf(s, "MINVALUE %31s %n", o->min, &n) == 1)
		s += n;
	n = 0;
	if (sscanf(s, "MAXVALUE %31s %n", o->max, &n) == 1)
		s += n;
	if (sscanf(s, "START WITH %31s INCREMENT BY %31s CACHE %31s", o->start,
		   o->inc, o->cache) != 3)
		return 0;
	o->cycle = !strstr(s, "NO CYCLE");
	return 1;
}

/*
 * ALTER COLUMN takes an identity's sequence options each after SET, all
 * in one command, which the server checks together (START within the
 * new range). A bound that goes back to the default is SET NO MINVALUE.
 * The counter stays: a range that no longer holds it is refused by the
 * server rather than restarted into values the rows may already have.
 */
static void identity_options(rt_buf *out, const rt_obj *t, const rt_column *fc,
			     const rt_column *tc)
{
	ident_opts f, o;

	if (!parse_identity(&o, tc->identity_options))
		return;
	if (!fc->identity_options || !parse_identity(&f, fc->identity_options))
		memset(&f, 0, sizeof(f));
	rt_pgr_alter_table(out, t);
	rt_buf_printf(out, "ALTER COLUMN %s", tc->qname);
	if (strcmp(f.min, o.min))
		rt_buf_printf(out,
			      *o.min ? " SET MINVALUE %s" : " SET NO MINVALUE",
			      o.min);
	if (strcmp(f.max, o.max))
		rt_buf_printf(out,
			      *o.max ? " SET MAXVALUE %s" : " SET NO MAXVALUE",
			      o.max);
	rt_buf_printf(out,
		      " SET START WITH %s SET INCREMENT BY %s SET CACHE %s "
		      "SET %sCYCLE;\n",
		      o.start, o.inc, o.cache, o.cycle ? "" : "NO ");
}

/*
 * SET NOT NULL on an existing table scans it under ACCESS EXCLUSIVE
 * unless a validated CHECK (col IS NOT NULL) proves it (PostgreSQL 12+):
 * the check is added NOT VALID, validated without blocking writes once
 * the add has committed (a later migration when splitting), and dropped
 * once the column carries the constraint itself.
 */
static void set_not_null_safely(rt_buf *out, const pg_render *r,
				const rt_obj *t, const rt_column *col)
{
	rt_buf name = RT_BUF_INIT;
	const char *bare = col->name ? col->name : col->qname;

	rt_buf_init(&name);
	rt_buf_printf(&name, "%.28s_%.24s_not_null", t->name, bare);
	if (rt_buf_check(&name) < 0) {
		out->oom = 1;
		return;
	}
	rt_pgr_alter_table(out, t);
	rt_buf_puts(out, "ADD CONSTRAINT ");
	rt_pgr_ident(out, name.ptr);
	rt_buf_printf(out, " CHECK (%s IS NOT NULL) NOT VALID;\n", col->qname);
	if (split_up(r)) {
		/* the downs: the later migration's makes the check again,
		 * NOT VALID (its DROP NOT NULL comes from the down
		 * changes); this one's drops it */
		rt_buf *u = &r->ro->undo[RT_STEP_VALIDATE];

		rt_pgr_alter_table(u, t);
		rt_buf_puts(u, "ADD CONSTRAINT ");
		rt_pgr_ident(u, name.ptr);
		rt_buf_printf(u, " CHECK (%s IS NOT NULL) NOT VALID;\n",
			      col->qname);
		u = &r->ro->undo[RT_STEP_MAIN];
		rt_pgr_alter_table(u, t);
		rt_buf_puts(u, "DROP CONSTRAINT ");
		rt_pgr_ident(u, name.ptr);
		rt_buf_puts(u, ";\n");
		out = at_step(r, out, RT_STEP_VALIDATE);
	}
	rt_pgr_alter_table(out, t);
	rt_buf_puts(out, "VALIDATE CONSTRAINT ");
	rt_pgr_ident(out, name.ptr);
	rt_buf_puts(out, ";\n");
	rt_pgr_alter_table(out, t);
	rt_buf_printf(out, "ALTER COLUMN %s SET NOT NULL;\n", col->qname);
	rt_pgr_alter_table(out, t);
	rt_buf_puts(out, "DROP CONSTRAINT ");
	rt_pgr_ident(out, name.ptr);
	rt_buf_puts(out, ";\n");
	rt_buf_release(&name);
}

/*
 * Splitting the down: is `e` (an enum of r->from) made again only to lose
 * labels that the up added by ADD VALUE in RT_STEP_ENUM? Then making it
 * again, and casting its columns, is that step's down.
 */
int rt_pgr_undoes_add_value(const pg_render *r, const rt_obj *e)
{
	const rt_enum *f, *t;
	size_t i = 0, k;

	if (!split_down(r) || !r->ro->enum_step || e->kind != RT_OBJ_ENUM)
		return 0;
	f = (const rt_enum *)rt_catalog_find(r->from, RT_OBJ_ENUM, e->schema,
					     NULL, e->name);
	t = (const rt_enum *)rt_catalog_find(r->to, RT_OBJ_ENUM, e->schema,
					     NULL, e->name);
	if (!f || !t)
		return 0;
	/* t's labels in f, in order */
	for (k = 0; k < f->nlabels && i < t->nlabels; k++)
		if (!strcmp(f->labels[k], t->labels[i]))
			i++;
	return i == t->nlabels;
}

/*
 * Splitting the down: does it drop a primary key of table `t` (of
 * r->from) over column `col` that the up made over an index built
 * concurrently? That up set the column NOT NULL with it, so its down
 * (the concurrent step's) takes NOT NULL off after the key.
 */
static int drops_pk_over(const pg_render *r, const rt_obj *t,
			 const char *col)
{
	size_t i, k;

	for (i = 0; i < r->from->nobjs; i++) {
		const rt_obj *o = r->from->objs[i];

		if (o->kind != RT_OBJ_CONSTRAINT || !o->table ||
		    strcmp(o->table, t->name) || strcmp(o->schema, t->schema) ||
		    strncmp(o->definition, "PRIMARY KEY (", 13) ||
		    !rt_pgr_safe_on(r, o) ||
		    rt_catalog_find(r->to, o->kind, o->schema, o->table,
				    o->name))
			continue;
		for (k = 0; k < o->ncoldeps; k++)
			if (o->coldeps[k].table == t &&
			    !strcmp(o->coldeps[k].column, col))
				return 1;
	}
	return 0;
}

/* The cast of a column to its enum made again, into the down's enum
 * step: the default (set back by the main step's down) cannot be cast
 * along, so it goes and comes again. */
static void recast_column(rt_buf *out, const rt_change *c)
{
	const rt_column *fc = c->column_from, *tc = c->column_to;

	if (tc->default_expr) {
		rt_pgr_alter_table(out, c->to);
		rt_buf_printf(out, "ALTER COLUMN %s DROP DEFAULT;\n",
			      tc->qname);
	}
	rt_pgr_alter_table(out, c->to);
	rt_buf_printf(out, "ALTER COLUMN %s TYPE %s", tc->qname, tc->type);
	if (tc->collation)
		rt_buf_printf(out, " COLLATE %s", tc->collation);
	using_cast(out, fc, tc);
	rt_buf_puts(out, ";\n");
	if (tc->default_expr) {
		rt_pgr_alter_table(out, c->to);
		rt_buf_printf(out, "ALTER COLUMN %s SET DEFAULT %s;\n",
			      tc->qname, tc->default_expr);
	}
}

void rt_pgr_alter_column(rt_buf *out, const rt_change *c, const pg_render *r)
{
	const rt_column *fc = c->column_from, *tc = c->column_to;
	const rt_obj *t = c->to;
	/* splitting the down: a cast to an enum made again belongs to the
	 * enum step; the rest of the change stays here */
	int recast = c->retype && same_text(fc->type, tc->type) &&
		     same_text(fc->collation, tc->collation) && tc->type_obj &&
		     !tc->generated && rt_pgr_undoes_add_value(r, tc->type_obj);
	int retype = (c->retype && !recast) || !same_text(fc->type, tc->type) ||
		     !same_text(fc->collation, tc->collation);
	int set_default =
	    tc->default_expr &&
	    (retype || !same_text(fc->default_expr, tc->default_expr));
	int nn_safe = !fc->not_null && tc->not_null && !retype && r->ro &&
		      r->ro->safe && !split_down(r) &&
		      rt_pgr_relation(r->from, t->schema, t->name) &&
		      !((const rt_table *)t)->partition_key;
	/* splitting: NOT NULL is set behind its check in the validate step
	 * (up) and taken off in that step's down; an identity, which needs
	 * NOT NULL, comes and goes there with it */
	rt_buf *nn = out;

	if (split_up(r) && nn_safe)
		nn = &r->ro->step[RT_STEP_VALIDATE];
	else if (split_down(r) && fc->not_null && !tc->not_null && !retype &&
		 !((const rt_table *)c->from)->partition_key)
		nn = &r->ro->step[drops_pk_over(r, c->from, fc->name)
					  ? RT_STEP_CONC
					  : RT_STEP_VALIDATE];
	if (recast)
		recast_column(&r->ro->step[RT_STEP_ENUM], c);

	if (fc->generated && !tc->generated) {
		rt_pgr_alter_table(out, t);
		rt_buf_printf(out, "ALTER COLUMN %s DROP EXPRESSION;\n",
			      tc->qname);
	}
	if (fc->identity && !tc->identity) {
		rt_pgr_alter_table(nn, t);
		rt_buf_printf(nn, "ALTER COLUMN %s DROP IDENTITY;\n",
			      tc->qname);
	}
	/* a default that may not cast to the new type goes first */
	if (fc->default_expr &&
	    (retype || !tc->default_expr ||
	     !same_text(fc->default_expr, tc->default_expr))) {
		rt_pgr_alter_table(out, t);
		rt_buf_printf(out, "ALTER COLUMN %s DROP DEFAULT;\n",
			      tc->qname);
	}
	if (retype) {
		rt_pgr_alter_table(out, t);
		rt_buf_printf(out, "ALTER COLUMN %s TYPE %s", tc->qname,
			      tc->type);
		if (tc->collation)
			rt_buf_printf(out, " COLLATE %s", tc->collation);
		/* a generated column is computed again, not cast */
		if (!tc->generated)
			using_cast(out, fc, tc);
		rt_buf_puts(out, ";\n");
	}
	if (nn_safe) {
		set_not_null_safely(out, r, t, tc);
	} else if (fc->not_null != tc->not_null) {
		rt_pgr_alter_table(nn, t);
		rt_buf_printf(nn, "ALTER COLUMN %s %s NOT NULL;\n", tc->qname,
			      tc->not_null ? "SET" : "DROP");
	}
	if (set_default) {
		rt_pgr_alter_table(out, t);
		rt_buf_printf(out, "ALTER COLUMN %s SET DEFAULT %s;\n",
			      tc->qname, tc->default_expr);
	}
	if (tc->identity && !same_text(fc->identity, tc->identity)) {
		const char *w =
		    !strcmp(tc->identity, "always") ? "ALWAYS" : "BY DEFAULT";
		rt_buf *io = fc->identity ? out : nn;

		rt_pgr_alter_table(io, t);
		if (fc->identity)
			rt_buf_printf(io, "ALTER COLUMN %s SET GENERATED %s;\n",
				      tc->qname, w);
		else
			rt_buf_printf(io,
				      "ALTER COLUMN %s ADD GENERATED %s AS "
				      "IDENTITY%s%s%s;\n",
				      tc->qname, w,
				      tc->identity_options ? " (" : "",
				      tc->identity_options ? tc->identity_options
							   : "",
				      tc->identity_options ? ")" : "");
	}
	if (fc->identity && tc->identity && tc->identity_options &&
	    !same_text(fc->identity_options, tc->identity_options))
		identity_options(out, t, fc, tc);
	if (!same_text(fc->comment, tc->comment))
		rt_pgr_column_comment(out, t, tc, tc->comment);
}

/* Does the ", "-separated list of quoted names `list` hold `name`? */
int rt_pgr_in_list(const char *list, const char *name, size_t n)
{
	const char *p = list;

	while (p && *p) {
		const char *e = strstr(p, ", ");
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && !strncmp(p, name, n))
			return 1;
		p = e ? e + 2 : NULL;
	}
	return 0;
}

/* INHERIT / NO INHERIT for the parents in `a` and not in `b`. */
static void parents(rt_buf *out, const rt_obj *t, const char *a, const char *b,
		    const char *verb)
{
	const char *p = a;

	while (p && *p) {
		const char *e = strstr(p, ", ");
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (!rt_pgr_in_list(b, p, len)) {
			rt_pgr_alter_table(out, t);
			rt_buf_printf(out, "%s %.*s;\n", verb, (int)len, p);
		}
		p = e ? e + 2 : NULL;
	}
}

void rt_pgr_alter_table_attrs(rt_buf *out, const rt_change *c)
{
	const rt_table *f = (const rt_table *)c->from;
	const rt_table *t = (const rt_table *)c->to;

	if (f->unlogged != t->unlogged) {
		rt_pgr_alter_table(out, &t->obj);
		rt_buf_printf(out, "SET %s;\n",
			      t->unlogged ? "UNLOGGED" : "LOGGED");
	}
	rt_pgr_rls(out, t, f->rls_enabled, f->rls_forced);
	parents(out, &t->obj, f->inherits, t->inherits, "NO INHERIT");
	parents(out, &t->obj, t->inherits, f->inherits, "INHERIT");
	if (!same_text(f->options, t->options)) {
		if (f->options) {
			rt_pgr_alter_table(out, &t->obj);
			rt_buf_puts(out, "RESET (");
			{
				/* the option names, without values */
				const char *p = f->options;

				while (*p) {
					size_t k = strcspn(p, "=,");

					rt_buf_put(out, p, k);
					p += k;
					p += strcspn(p, ",");
					if (*p == ',') {
						rt_buf_puts(out, ", ");
						p++;
						while (*p == ' ')
							p++;
					}
				}
			}
			rt_buf_puts(out, ");\n");
		}
		if (t->options) {
			rt_pgr_alter_table(out, &t->obj);
			rt_buf_printf(out, "SET (%s);\n", t->options);
		}
	}
	if (!same_text(f->obj.comment, t->obj.comment))
		rt_pgr_comment_on(out, &t->obj, t->obj.comment);
}
