/*
 * units.c: flattening a section into units: one per SQL statement (the
 * backend's splitter finds them) and one per CSV load. Units are what
 * runs one at a time, what a `transaction=false` section journals, and
 * where an error's line comes from.
 */
#include "engine/engine.h"
#include "util/sql_lex.h"

/* The units of one section, in a malloc'd array the arena adopts at the
 * end: one growing array, not a unit allocated each plus a vector of
 * pointers (100,000 statements are 100,000 units). */
typedef struct unit_array {
	rt_unit *items;
	size_t len, cap;
} unit_array;

static rt_unit *unit_new(unit_array *v)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		rt_unit *items = realloc(v->items, cap * sizeof(*items));

		if (!items) {
			rt_error_nomem();
			return NULL;
		}
		v->items = items;
		v->cap = cap;
	}
	memset(&v->items[v->len], 0, sizeof(rt_unit));
	return &v->items[v->len++];
}

struct split_ctx {
	unit_array *v;
	const rt_step *step;
	rt_sql_lines lines; /* statements come in order: linear */
};

static int add_stmt(void *payload, size_t start, size_t len)
{
	struct split_ctx *x = payload;
	rt_unit *u = unit_new(x->v);

	if (!u)
		return RT_ERROR;
	u->kind = RT_STEP_SQL;
	u->step = x->step;
	u->sql = x->step->sql + start;
	u->len = len;
	u->line = rt_sql_lines_at(&x->lines,
				  rt_sql_skip_space(x->step->sql, start + len,
						    start));
	return 0;
}

/* The splitter's lines count from the step's: name path:line. */
static int split_failed(int error, const rt_step *st, const char *path)
{
	const rt_error *e = rt_error_last();

	if (!e->file && e->line > 0)
		rt_error_at(path, st->line + e->line - 1, e->column);
	return error;
}

int rt_units_build(rt_unit **out, size_t *n, rt_arena *a,
		   const rt_backend *be, const rt_section *sec, const char *path)
{
	unit_array v = {0};
	size_t i;
	int error = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < sec->nsteps && !error; i++) {
		const rt_step *st = &sec->steps[i];
		rt_unit *u;
		char *desc;

		if (st->kind == RT_STEP_SQL) {
			struct split_ctx x = {&v, st, {0}};

			rt_sql_lines_init(&x.lines, st->sql, st->line);
			error = be->split(st->sql, strlen(st->sql), add_stmt,
					  &x);
			if (error < 0)
				error = split_failed(error, st, path);
			continue;
		}
		desc = st->kind == RT_STEP_COPY
			   ? rt_copy_describe(a, st)
			   : rt_arena_printf(a, "load %s from '%s'", st->table,
					     st->csv_path);
		if (!desc || !(u = unit_new(&v))) {
			error = RT_ERROR;
			break;
		}
		u->kind = st->kind;
		u->step = st;
		u->sql = desc;
		u->len = strlen(desc);
		u->line = st->line;
	}
	/* one zeroed unit past the end, as rt_arena_array gave */
	if (!error && !unit_new(&v))
		error = RT_ERROR;
	if (error < 0) {
		free(v.items);
		return error;
	}
	if ((error = rt_arena_adopt(a, v.items)) < 0)
		return error;
	*out = v.items;
	*n = v.len - 1;
	return 0;
}

const char *rt_unit_hash(rt_unit *u, rt_arena *a)
{
	char sum[RT_SHA256_HEX];
	int error;

	if (u->hash)
		return u->hash;
	/* a statement is normalized as the file's checksum is: a CRLF
	 * checkout of a partial migration must not look like an edit of
	 * its statements */
	error = u->kind == RT_STEP_SQL ? rt_checksum_text(sum, u->sql, u->len)
				       : rt_sha256_hex(sum, u->sql, u->len);
	if (error < 0)
		return NULL;
	return u->hash = rt_arena_strdup(a, sum);
}
