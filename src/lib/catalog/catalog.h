/*
 * catalog.h: the schema model. Both sides of a diff are read into this
 * model by introspecting a live database of the same engine (the target,
 * or a scratch database holding a schema file or a migration directory),
 * so the engine itself has parsed and normalized both.
 *
 * As in pg_dump, every object begins with a common header (kind, schema,
 * name, the table it belongs to, dependencies), so ordering, matching and
 * diagnostics work on any object. A catalog owns one arena; everything in
 * it lives until rt_catalog_free().
 */
#ifndef RT_CATALOG_H
#define RT_CATALOG_H

#include "backend/backend.h"

/* Kinds, in the order objects of different kinds are created when nothing
 * else decides (types before tables, tables before their indexes...). */
typedef enum rt_obj_kind {
	RT_OBJ_SCHEMA = 0,
	RT_OBJ_EXTENSION,
	RT_OBJ_ENUM,
	RT_OBJ_DOMAIN,
	RT_OBJ_SEQUENCE,
	RT_OBJ_FUNCTION,
	RT_OBJ_TABLE,
	RT_OBJ_CONSTRAINT, /* primary key, unique, check, exclusion */
	RT_OBJ_INDEX,
	RT_OBJ_FOREIGN_KEY, /* after every table and unique key */
	RT_OBJ_VIEW,
	RT_OBJ_MATVIEW,
	RT_OBJ_TRIGGER,
	RT_OBJ_POLICY,
	RT_OBJ_KIND_COUNT
} rt_obj_kind;

typedef struct rt_obj rt_obj;

/* The common header. */
struct rt_obj {
	rt_obj_kind kind;
	const char *schema; /* NULL where the engine has none (SQLite) */
	const char *name;
	const char *table;  /* owning table for constraints, indexes,
			       triggers, policies; else NULL */
	/*
	 * The object's definition as the engine normalizes it (SQLite:
	 * sqlite_schema.sql; PostgreSQL: pg_get_indexdef, pg_get_viewdef,
	 * pg_get_constraintdef, ...). Two objects with the same identity and
	 * the same definition are equal; tables compare column by column
	 * instead.
	 */
	const char *definition;
	const char *comment; /* or NULL */
	/* Objects this one needs to exist first: what the engine's own
	 * dependency records say (pg_depend), never a guess. */
	rt_obj **deps;
	size_t ndeps;
	size_t id; /* position in rt_catalog.objs */
};

typedef struct rt_column {
	const char *name;
	const char *type;	   /* as the engine prints it */
	const char *default_expr;  /* or NULL */
	const char *generated;	   /* generation expression, or NULL */
	const char *identity;	   /* "always", "by default" or NULL */
	const char *collation;	   /* or NULL: the default */
	const char *comment;
	int not_null;
	int position; /* 1-based */
} rt_column;

typedef struct rt_table {
	rt_obj obj;
	rt_column *columns;
	size_t ncolumns;
	const char *partition_of;    /* parent table, or NULL */
	const char *partition_bound; /* FOR VALUES ..., or NULL */
	const char *partition_key;   /* PARTITION BY ..., or NULL */
	int rls_enabled;
} rt_table;

typedef struct rt_enum {
	rt_obj obj;
	const char **labels;
	size_t nlabels;
} rt_enum;

typedef struct rt_catalog {
	const char *dialect; /* "sqlite", "postgres" */
	rt_obj **objs;	     /* sorted by (kind, schema, table, name) */
	size_t nobjs;
	rt_arena arena;
} rt_catalog;

/* Introspect the database behind `db` (retort's own tables excluded). */
int rt_catalog_load(rt_catalog **out, rt_db *db);
void rt_catalog_free(rt_catalog *cat);

/* The object of that identity, or NULL. */
rt_obj *rt_catalog_find(const rt_catalog *cat, rt_obj_kind kind,
			const char *schema, const char *table,
			const char *name);

/* Per-engine introspection behind rt_catalog_load. */
int rt_catalog_load_sqlite(rt_catalog *cat, rt_db *db);
int rt_catalog_load_postgres(rt_catalog *cat, rt_db *db);

/* Helpers for the loaders: new objects in the catalog's arena, and the
 * final sort (which also assigns ids). */
rt_obj *rt_catalog_add(rt_catalog *cat, rt_obj_kind kind, size_t size);
int rt_catalog_finish(rt_catalog *cat);
const char *rt_obj_kind_name(rt_obj_kind kind);

#endif
