/*
 * catalog.c: the engine-neutral half of the schema model: creating a
 * catalog, adding objects, the final sort and lookups. Introspection is
 * per engine (catalog_sqlite.c, catalog_postgres.c).
 */
#include "catalog/catalog.h"

#include <strings.h>

static const char *const kind_names[RT_OBJ_KIND_COUNT] = {
	[RT_OBJ_SCHEMA] = "schema",
	[RT_OBJ_EXTENSION] = "extension",
	[RT_OBJ_COLLATION] = "collation",
	[RT_OBJ_ENUM] = "type",
	[RT_OBJ_DOMAIN] = "domain",
	[RT_OBJ_COMPOSITE] = "composite type",
	[RT_OBJ_SEQUENCE] = "sequence",
	[RT_OBJ_FUNCTION] = "function",
	[RT_OBJ_TABLE] = "table",
	[RT_OBJ_CONSTRAINT] = "constraint",
	[RT_OBJ_INDEX] = "index",
	[RT_OBJ_FOREIGN_KEY] = "foreign key",
	[RT_OBJ_VIEW] = "view",
	[RT_OBJ_MATVIEW] = "materialized view",
	[RT_OBJ_TRIGGER] = "trigger",
	[RT_OBJ_POLICY] = "policy",
};

const char *rt_obj_kind_name(rt_obj_kind kind)
{
	return kind < RT_OBJ_KIND_COUNT ? kind_names[kind] : "object";
}

int rt_catalog_load(rt_catalog **out, rt_db *db)
{
	rt_catalog *cat = calloc(1, sizeof(*cat));
	int error = 0;

	*out = NULL;
	if (!cat)
		return rt_error_nomem();
	rt_arena_init(&cat->arena);
	cat->be = db->be;
	cat->dialect = db->be->name;
	cat->fold_case = !!(db->be->caps & RT_CAP_FOLD_TABLE_CASE);
	/* a database that does not exist yet (read-only open) is empty */
	if (db->conn)
		error = db->be->catalog->load(cat, db);
	if (!error)
		error = rt_catalog_finish(cat);
	if (error < 0)
		rt_catalog_free(cat);
	else
		*out = cat;
	return error;
}

int rt_catalog_new(rt_catalog **out, const char *dialect)
{
	rt_catalog *cat = calloc(1, sizeof(*cat));

	*out = NULL;
	if (!cat)
		return rt_error_nomem();
	rt_arena_init(&cat->arena);
	if (!(cat->be = rt_backend_named(dialect))) {
		free(cat);
		return rt_error_set(RT_ERROR_USAGE,
				    "schemas of %s are not known to this "
				    "retort",
				    dialect);
	}
	cat->dialect = cat->be->name;
	cat->fold_case = !!(cat->be->caps & RT_CAP_FOLD_TABLE_CASE);
	*out = cat;
	return 0;
}

int rt_catalog_ops_complete(const rt_catalog_ops *ops)
{
	return ops->load && ops->scratch_open && ops->scratch_drop;
}

void rt_catalog_free(rt_catalog *cat)
{
	if (!cat)
		return;
	rt_arena_release(&cat->arena);
	free(cat);
}

rt_obj *rt_catalog_add(rt_catalog *cat, rt_obj_kind kind, size_t size)
{
	rt_obj *o = rt_arena_alloc(&cat->arena, size);

	if (!o)
		return NULL;
	o->kind = kind;
	if (cat->nobjs == cat->objs_cap) {
		size_t cap = cat->objs_cap ? cat->objs_cap * 2 : 64;
		rt_obj **n = rt_arena_array(&cat->arena, cap, sizeof(*n));

		if (!n)
			return NULL;
		if (cat->nobjs)
			memcpy(n, cat->objs, cat->nobjs * sizeof(*n));
		cat->objs = n;
		cat->objs_cap = cap;
	}
	cat->objs[cat->nobjs++] = o;
	return o;
}

int rt_obj_add_dep(rt_catalog *cat, rt_obj *obj, rt_obj *dep)
{
	rt_obj **n;
	size_t i;

	if (!dep || dep == obj)
		return 0;
	for (i = 0; i < obj->ndeps; i++)
		if (obj->deps[i] == dep)
			return 0;
	/* dependency lists are short: grow one by one in the arena */
	n = rt_arena_array(&cat->arena, obj->ndeps + 1, sizeof(*n));
	if (!n)
		return RT_ERROR;
	if (obj->ndeps)
		memcpy(n, obj->deps, obj->ndeps * sizeof(*n));
	n[obj->ndeps++] = dep;
	obj->deps = n;
	return 0;
}

int rt_obj_add_coldep(rt_catalog *cat, rt_obj *obj, const rt_obj *table,
		      const char *column)
{
	rt_coldep *n;

	if (rt_obj_reads_column(obj, table, column))
		return 0;
	n = rt_arena_array(&cat->arena, obj->ncoldeps + 1, sizeof(*n));
	if (!n)
		return RT_ERROR;
	if (obj->ncoldeps)
		memcpy(n, obj->coldeps, obj->ncoldeps * sizeof(*n));
	n[obj->ncoldeps].table = table;
	n[obj->ncoldeps].column = column;
	obj->ncoldeps++;
	obj->coldeps = n;
	return 0;
}

int rt_obj_reads_column(const rt_obj *obj, const rt_obj *table,
			const char *column)
{
	size_t i;

	for (i = 0; i < obj->ncoldeps; i++)
		if (obj->coldeps[i].table == table &&
		    !strcmp(obj->coldeps[i].column, column))
			return 1;
	return 0;
}

static int name_cmp(const char *a, const char *b, int fold)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return fold ? strcasecmp(a, b) : strcmp(a, b);
}

static int key_cmp(const rt_obj *o, rt_obj_kind kind, const char *schema,
		   const char *table, const char *name, int fold)
{
	int c;

	if (o->kind != kind)
		return o->kind < kind ? -1 : 1;
	if ((c = name_cmp(o->schema, schema, fold)) != 0)
		return c;
	if ((c = name_cmp(o->table, table, fold)) != 0)
		return c;
	return name_cmp(o->name, name, fold);
}

static int obj_cmp(const void *pa, const void *pb, void *payload)
{
	const rt_obj *a = *(rt_obj *const *)pa, *b = *(rt_obj *const *)pb;
	int c = key_cmp(a, b->kind, b->schema, b->table, b->name,
			*(const int *)payload);

	/* stable on ties (two unnamed constraints): insertion order */
	if (c == 0)
		c = a->id < b->id ? -1 : a->id > b->id;
	return c;
}

int rt_catalog_finish(rt_catalog *cat)
{
	size_t i;

	for (i = 0; i < cat->nobjs; i++)
		cat->objs[i]->id = i;
	if (cat->nobjs)
		qsort_r(cat->objs, cat->nobjs, sizeof(*cat->objs), obj_cmp,
			&cat->fold_case);
	for (i = 0; i < cat->nobjs; i++)
		cat->objs[i]->id = i;
	return 0;
}

size_t rt_catalog_lower_bound(const rt_catalog *cat, rt_obj_kind kind,
			      const char *schema, const char *table,
			      const char *name)
{
	size_t lo = 0, hi = cat->nobjs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(cat->objs[mid], kind, schema, table, name,
			    cat->fold_case) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

rt_obj *rt_catalog_find(const rt_catalog *cat, rt_obj_kind kind,
			const char *schema, const char *table, const char *name)
{
	size_t i = rt_catalog_lower_bound(cat, kind, schema, table, name);

	if (i < cat->nobjs && key_cmp(cat->objs[i], kind, schema, table, name,
				      cat->fold_case) == 0)
		return cat->objs[i];
	return NULL;
}

const rt_column *rt_table_column(const rt_table *t, const char *name,
				 int fold_case)
{
	size_t i;

	for (i = 0; i < t->ncolumns; i++)
		if (name_cmp(t->columns[i].name, name, fold_case) == 0)
			return &t->columns[i];
	return NULL;
}
