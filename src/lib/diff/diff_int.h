/*
 * diff_int.h: what the diff's passes share (diff.c: renames and objects;
 * diff_tables.c: tables; diff_lower.c and the dialects' lower slots:
 * lowering; diff_sort.c: ordering). Not installed, not for callers of
 * diff.h.
 *
 * The differ lives for one rt_diff_catalogs call; everything it
 * allocates is in the changes' arena (`a`) except the flag arrays, which
 * rt_diff_catalogs frees.
 */
#ifndef RT_DIFF_INT_H
#define RT_DIFF_INT_H

#include "diff/diff.h"

#include <strings.h>

struct rt_differ {
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
};

enum {
	F_DROPPED = 1 << 0, /* a `from` object has its DROP */
	F_CREATED = 1 << 1, /* a `to` object has its CREATE */
	F_REBUILT = 1 << 2, /* a table (either side) is rebuilt */
	F_CONS = 1 << 3,    /* a table's constraint or foreign key changes */
};

static inline int same_name(const rt_differ *df, const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return df->fold ? !strcasecmp(a, b) : !strcmp(a, b);
}

static inline int canon_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static inline int eq_ci(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcasecmp(a, b);
}

/* A type name as the engine compares it: SQLite's are words in any
 * case, PostgreSQL's may be quoted mixed-case names. */
static inline int same_type(const rt_differ *df, const char *a, const char *b)
{
	return df->fold ? eq_ci(a, b) : canon_equal(a, b);
}

static inline int is_constraint_kind(rt_obj_kind k)
{
	return k == RT_OBJ_CONSTRAINT || k == RT_OBJ_FOREIGN_KEY;
}

/* ---- renames and lookups (diff.c) ---- */

/* The old name of the table known as `to_name` now, and the reverse
 * (the user's renames applied). */
const char *rt_diff_from_table_name(const rt_differ *df, const char *to_name);
const char *rt_diff_to_table_name(const rt_differ *df, const char *from_name);
/* The column rename decided for new column `col` / old column `col` of
 * the table `from_t` / `to_t`, or NULL. */
const rt_rename *rt_diff_column_rename_to(const rt_differ *df,
					  const char *from_t, const char *to_t,
					  const char *col);
const rt_rename *rt_diff_column_rename_from(const rt_differ *df,
					    const char *from_t,
					    const char *to_t, const char *col);
/* The table `schema`.`name` of `cat`, or NULL. */
const rt_table *rt_diff_find_table(const rt_catalog *cat, const char *schema,
				   const char *name);
/* `canon` (of `o`, or of a column of `owner`) with the renames applied:
 * comparable with the `to` side (borrowed, or in the arena). */
const char *rt_diff_renamed(rt_differ *df, const rt_obj *o, const char *canon,
			    const rt_table *owner);
/* A new change, appended to df->changes, flags set; NULL when out of
 * memory. */
rt_change *rt_diff_add_change(rt_differ *df, rt_change_kind kind,
			      const rt_obj *from, const rt_obj *to);
/* The same into `out` (a dialect's lowering builds its own list). */
rt_change *rt_diff_push_change(rt_differ *df, rt_vec *out, rt_change_kind kind,
			       const rt_obj *from, const rt_obj *to);
int rt_diff_acl_equal(const rt_obj *f, const rt_obj *t);
int rt_diff_column_equal(rt_differ *df, const rt_table *ft, const rt_column *f,
			 const rt_column *t);

/* ---- the passes ---- */

int rt_diff_check_renames(rt_differ *df); /* diff.c */
int rt_diff_objects(rt_differ *df);	  /* diff.c */
int rt_diff_tables(rt_differ *df);	  /* diff_tables.c */

/* ---- lowering (diff_lower.c) ---- */

/* Is the relation `f` belongs to dropped (so `f` goes with it)? */
int rt_diff_dropped_owner(const rt_differ *df, const rt_obj *f);
/* Is the change done already by what happens to its table? */
int rt_diff_absorbed(const rt_differ *df, const rt_change *c);
/* The `to` object matching old `f` (same kind, mapped table, name). */
const rt_obj *rt_diff_to_of(const rt_differ *df, const rt_obj *f);

/* The lower slot of a dialect whose objects do not record the columns
 * they read (rt_diff_dialect.column_deps unset). */
int rt_diff_lower_default(rt_differ *df);

/* ---- ordering (diff_sort.c) ---- */

/* df->changes into df->ch->items, phase by phase, each a stable
 * topological sort; known loops repaired by name, an unknown one an
 * internal error naming its changes. */
int rt_diff_order(rt_differ *df);

#endif
