/*
 * diff.h: comparing two catalogs. The diff is pure: two const catalogs
 * in, an ordered change list out, no I/O. Order is a stable topological
 * sort seeded by kind priority (rt_obj_kind) and then by name, so output
 * is deterministic and golden tests are possible: dependencies first on
 * creation, dependants first on removal. Foreign keys come after every
 * table where the engine adds them apart (RT_OBJ_FOREIGN_KEY sorts
 * late); other known loops are repaired by name (diff_sort.c).
 */
#ifndef RT_DIFF_H
#define RT_DIFF_H

#include "catalog/catalog.h"

typedef enum rt_change_kind {
	RT_CHANGE_CREATE,	 /* `to` is new */
	RT_CHANGE_DROP,		 /* `from` is gone */
	RT_CHANGE_REPLACE,	 /* same identity, new definition */
	RT_CHANGE_ADD_COLUMN,	 /* column_to */
	RT_CHANGE_DROP_COLUMN,	 /* column_from */
	RT_CHANGE_ALTER_COLUMN,	 /* column_from -> column_to */
	RT_CHANGE_RENAME_COLUMN, /* a recorded rename decision */
	RT_CHANGE_RENAME_TABLE,
	RT_CHANGE_REBUILD_TABLE, /* SQLite: create new, copy, drop, rename */
	RT_CHANGE_ENUM_ADD_VALUE,
	RT_CHANGE_COMMENT,	/* only the comment of `to` differs */
	RT_CHANGE_ALTER_TABLE,	/* table attributes (persistence, row
				   level security, parents, comment) */
	RT_CHANGE_RENAME_OLD,	/* an enum made again moves aside first:
				   renamed `old_name`, dropped by that name */
	RT_CHANGE_OWNED_BY,	/* a sequence's OWNED BY, once the owner
				   exists */
	RT_CHANGE_DISOWN,	/* OWNED BY NONE, before the owner goes */
	RT_CHANGE_DETACH,	/* a partition leaves its parent (`from`'s),
				   before the parent's columns change */
	RT_CHANGE_ATTACH,	/* ... joins one (`to`'s), after */
	RT_CHANGE_GRANT,	/* the privileges of `to` differ: REVOKE and
				   GRANT what differs */
	RT_CHANGE_RENAME,	/* an index or constraint whose name alone
				   changed: `from` is renamed `to` */
} rt_change_kind;

typedef struct rt_change {
	rt_change_kind kind;
	const rt_obj *from, *to; /* either may be NULL */
	const rt_column *column_from, *column_to;
	/* RT_CHANGE_ENUM_ADD_VALUE: the label, and the one it goes before
	 * (or else after) */
	const char *label, *label_before, *label_after;
	/* RT_CHANGE_RENAME_OLD, and the DROP of the object moved aside: the
	 * name it has meanwhile */
	const char *old_name;
	/* RT_CHANGE_ALTER_COLUMN: the type is written again though its
	 * text is the same (its enum is made again) */
	int retype;
	/* RT_CHANGE_ALTER_COLUMN: a generation expression that ALTER cannot
	 * change: the column is dropped and added again */
	int readd;
	/* RT_CHANGE_DROP of an object created again under the same identity
	 * (a function whose result changes): it goes before the creates */
	int replace_drop;
	/* RT_CHANGE_DROP_COLUMN: ALTER TABLE ONLY, so a child that keeps
	 * the column (INHERITS) keeps it as its own */
	int only;
	/* RT_CHANGE_ENUM_ADD_VALUE: the new label is used by the same edit
	 * (a default, a check): ADD VALUE must commit before that use, so
	 * it goes in a migration of its own (rt_diff_options.split) */
	int commit_first;
	/* this change can lose data (a drop, a narrowing type change): the
	 * generated migration says so, and lint will too */
	int data_loss;
	/* RT_CHANGE_REBUILD_TABLE: why ALTER TABLE could not do it, and the
	 * columns copied (copy_from[i] of the old table into copy_to[i] of
	 * the new: renamed columns map, generated ones are left out) */
	const char *reason;
	const char **copy_from, **copy_to;
	size_t ncopy;
} rt_change;

/* A rename the user decided (--rename table.old=new, or old=new for a
 * table), applied before matching so the pair is not drop + add. */
typedef struct rt_rename {
	const char *table; /* NULL for a table rename */
	const char *from, *to;
} rt_rename;

typedef struct rt_diff_options {
	const rt_rename *renames;
	size_t nrenames;
	/* the changes may be cut into several migrations: an enum label the
	 * edit also uses is added by ALTER TYPE ... ADD VALUE committed
	 * first (RT_CHANGE_ENUM_ADD_VALUE.commit_first) instead of the type
	 * being made again */
	int split;
} rt_diff_options;

/*
 * What a dialect's DDL can express, which decides how the diff lowers a
 * table's changes (diff_<dialect>.c). The diff itself stays the same
 * comparison for every engine.
 */
/* The state of one comparison, handed to a dialect's lower slot
 * (diff_int.h). */
typedef struct rt_differ rt_differ;

typedef struct rt_diff_dialect {
	const char *name;
	/* constraints and foreign keys live in CREATE TABLE: a change to
	 * one rebuilds its table, and they come and go with it */
	int inline_constraints;
	/* column order is part of the table (SQLite: ADD COLUMN appends, a
	 * different order takes a rebuild) */
	int column_order;
	/* tables that ALTER TABLE cannot change are rebuilt
	 * (RT_CHANGE_REBUILD_TABLE) */
	int rebuild;
	/* ALTER TABLE partitions a table, changes or removes its
	 * partitioning, keeping its rows (MySQL): a different partition_key
	 * is a table attribute (RT_CHANGE_ALTER_TABLE). Else the table is
	 * made again. */
	int alter_partitioning;
	/* REPLACE is rendered in place (CREATE OR REPLACE); else it becomes
	 * a DROP before and a CREATE after the table changes */
	int replace_in_place;
	/* Can the column be added to / dropped from / altered in `t` by
	 * ALTER TABLE? `cat` is the catalog `t` is in (dependants). */
	int (*can_add_column)(const rt_catalog *cat, const rt_table *t,
			      const rt_column *c);
	int (*can_drop_column)(const rt_catalog *cat, const rt_table *t,
			       const rt_column *c);
	int (*can_alter_column)(const rt_column *from, const rt_column *to);
	/* canonical text with identifier `from` renamed `to` (in `arena`) */
	char *(*rename_ident)(rt_arena *arena, const char *canon,
			      const char *from, const char *to);
	/*
	 * The engine records which columns objects read (rt_obj.coldeps):
	 * objects that read a dropped or retyped column are dropped before
	 * the table changes and created after; enums, sequences' owners and
	 * table attributes are changed in place (PostgreSQL).
	 */
	int column_deps;
	/* views are rt_tables whose column names and types are part of
	 * their identity as the engine compares them */
	int view_columns;
	/* indexes and constraints have names of their own, which a
	 * rename changes alone (RT_CHANGE_RENAME): one whose definition
	 * is the same under another name is renamed, not kept */
	int rename_objects;
	/* Can `from` become `to` in place (CREATE OR REPLACE, ALTER)? NULL:
	 * replace_in_place decides for every kind. */
	int (*can_replace)(const rt_obj *from, const rt_obj *to);
	/* The ordering phase of a change: changes run phase by phase, each
	 * phase a topological sort; *removal set for phases that remove
	 * things (dependants first). NULL: drops of dependants, drops of
	 * tables, renames, table changes, creates of dependants. */
	int (*phase_of)(const rt_change *c, int *removal);
	/* Required. Lowering: the changes found (by identity) rewritten
	 * into what the engine's DDL does, in place in the differ
	 * (diff_int.h): rt_diff_lower_default (diff_lower.c), or the
	 * engine's own (diff_<engine>.c). */
	int (*lower)(rt_differ *df);
} rt_diff_dialect;

/* PostgreSQL: is constraint definition `f` the definition `t` left
 * NOT VALID, so that VALIDATE CONSTRAINT turns one into the other? */
int rt_pg_validates(const char *f, const char *t);

extern const rt_diff_dialect rt_diff_dialect_sqlite;
extern const rt_diff_dialect rt_diff_dialect_postgres;
extern const rt_diff_dialect rt_diff_dialect_mysql;
/* Every slot that must be there is (checked once, by backend.c). */
int rt_diff_dialect_complete(const rt_diff_dialect *d);

/* Parse "table.old=new" (a column) or "old=new" (a table) into `out`,
 * pointing into `spec` copied to `arena`. */
int rt_rename_parse(rt_rename *out, rt_arena *arena, const char *spec);

typedef struct rt_changes {
	rt_change *items;
	size_t n;
	/* dropped+added column pairs of the same table and type that may be
	 * renames: the caller asks, or warns about data loss */
	rt_change *rename_candidates;
	size_t ncandidates;
	rt_arena arena;
} rt_changes;

int rt_diff_catalogs(rt_changes **out, const rt_catalog *from,
		     const rt_catalog *to, const rt_diff_options *opts);
void rt_changes_free(rt_changes *ch);

/*
 * Where a statement goes when the changes may be cut into several
 * migrations (rt_render_options.split), for what PostgreSQL cannot do in
 * one transaction: each step that holds something becomes a migration of
 * its own, in this order.
 */
typedef enum rt_render_step {
	RT_STEP_ENUM,	   /* ALTER TYPE ... ADD VALUE of labels the rest
			      uses: they must commit before any use */
	RT_STEP_DROP_CONC, /* DROP INDEX CONCURRENTLY: outside a transaction,
			      before the tables change */
	RT_STEP_MAIN,	   /* everything else, in one transaction; checks and
			      foreign keys added NOT VALID */
	RT_STEP_CONC,	   /* CREATE [UNIQUE] INDEX CONCURRENTLY (and the
			      constraint made over it): outside */
	RT_STEP_ATTACH,	   /* foreign keys that reference a unique index the
			      change builds, once it is built */
	RT_STEP_VALIDATE,  /* VALIDATE CONSTRAINT once the NOT VALID add has
			      committed, SET NOT NULL behind its check */
	RT_STEP__COUNT
} rt_render_step;

/* How to render (rt_schema_diff_options.safe); NULL: the plain forms. */
typedef struct rt_render_options {
	int safe;	    /* PostgreSQL: the forms that keep an existing
			       table usable (CONCURRENTLY, NOT VALID) */
	int no_transaction; /* out: something written cannot run inside a
			       transaction block */
	/*
	 * With `safe`: write into step[] (RT_STEP__COUNT buffers, the
	 * caller's) instead of `out`. The up changes are rendered first,
	 * and write into undo[] the down statements only they know (a NOT
	 * VALID check that a later step validates); then the down changes
	 * with `down` set, each statement into the step of the up statement
	 * it undoes, so that each migration's down undoes its own up.
	 */
	int split;
	int down;
	rt_buf *step, *undo;
	/* out, per step: it holds a statement that cannot run inside a
	 * transaction block */
	int conc[RT_STEP__COUNT];
	/* out of the up rendering: ADD VALUE went to RT_STEP_ENUM (the down
	 * puts the type's making again there too) */
	int enum_step;
} rt_render_options;

/* The SQL of the changes in the catalogs' dialect (render/<dialect>.c).
 * `to` is needed by rebuilds (the new table's indexes and triggers). */
int rt_render_changes(rt_buf *out, const rt_changes *ch,
		      const rt_catalog *from, const rt_catalog *to,
		      rt_render_options *ro);
/* The SQL that turns catalog `from` into `to` (diff, then render with
 * default options), appended to `out`; *n receives the changes' count. */
int rt_diff_sql(rt_buf *out, size_t *n, const rt_catalog *from,
		const rt_catalog *to);
/* An engine's renderer (rt_backend.render), in render/<engine>.c. */
typedef struct rt_render_ops {
	/* rt_render_changes for the engine; `ro` reset by the caller */
	int (*changes)(rt_buf *out, const rt_changes *ch,
		       const rt_catalog *from, const rt_catalog *to,
		       rt_render_options *ro);
} rt_render_ops;

/* Every slot that must be there is (checked once, by backend.c). */
int rt_render_ops_complete(const rt_render_ops *ops);
/* For the dialects: `sql` as one statement of a script, its trailing
 * blanks and ';' replaced by ";\n". */
void rt_render_stmt(rt_buf *out, const char *sql);

extern const rt_render_ops rt_render_ops_sqlite;
extern const rt_render_ops rt_render_ops_postgres;
extern const rt_render_ops rt_render_ops_mysql;

#endif
