/*
 * render/postgres_int.h: what the PostgreSQL renderer's files share
 * (postgres.c: objects, the change loop and the steps; postgres_table.c:
 * a table's columns and attributes). Not for callers of diff.h.
 */
#ifndef RT_RENDER_POSTGRES_INT_H
#define RT_RENDER_POSTGRES_INT_H

#include "diff/diff.h"

/* What rendering one change may look at beyond it. */
typedef struct pg_render {
	const rt_catalog *from, *to;
	rt_render_options *ro; /* NULL: the plain forms */
} pg_render;

/* Splitting (rt_render_options.split), the up or the down changes. */
static inline int split_up(const pg_render *r)
{
	return r->ro && r->ro->split && !r->ro->down;
}

static inline int split_down(const pg_render *r)
{
	return r->ro && r->ro->split && r->ro->down;
}

/* Where a statement of step `s` goes: that step's buffer when splitting
 * the up changes, else `out` (the down is routed change by change). */
static inline rt_buf *at_step(const pg_render *r, rt_buf *out, rt_render_step s)
{
	return split_up(r) ? &r->ro->step[s] : out;
}

/* "ALTER TABLE <name> " */
void rt_pgr_alter_table(rt_buf *out, const rt_obj *t);
/* A name quoted as quote_ident() would. */
void rt_pgr_ident(rt_buf *out, const char *name);
/* COMMENT ON the object (NULL: IS NULL), and on a column of table `t`. */
void rt_pgr_comment_on(rt_buf *out, const rt_obj *o, const char *comment);
void rt_pgr_column_comment(rt_buf *out, const rt_obj *t, const rt_column *c,
			   const char *comment);
/* Row level security (ENABLE / DISABLE, FORCE / NO FORCE) brought to
 * `t`'s state where it differs from the old `enabled`, `forced`. */
void rt_pgr_rls(rt_buf *out, const rt_table *t, int enabled, int forced);
/* The table or view `schema`.`name` of `cat`, or NULL. */
const rt_table *rt_pgr_relation(const rt_catalog *cat, const char *schema,
				const char *name);
/* Are the safe forms (rt_render_options.safe) in order for `o`'s table? */
int rt_pgr_safe_on(const pg_render *r, const rt_obj *o);

/* postgres_table.c */

/* Does the ", "-separated list of quoted names `list` hold the `n`
 * bytes of `name`? */
int rt_pgr_in_list(const char *list, const char *name, size_t n);
/* Does the down being split undo an ADD VALUE to enum `e`? */
int rt_pgr_undoes_add_value(const pg_render *r, const rt_obj *e);
/* RT_CHANGE_ALTER_COLUMN and RT_CHANGE_ALTER_TABLE. */
void rt_pgr_alter_column(rt_buf *out, const rt_change *c, const pg_render *r);
void rt_pgr_alter_table_attrs(rt_buf *out, const rt_change *c);

#endif
