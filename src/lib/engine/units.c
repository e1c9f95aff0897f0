/*
 * units.c: flattening a section into units: one per SQL statement (the
 * backend's splitter finds them) and one per CSV load. Units are what
 * runs one at a time, what a `transaction=false` section journals, and
 * where an error's line comes from.
 */
#include "engine/engine.h"
#include "util/sql_lex.h"

struct split_ctx {
	rt_arena *a;
	rt_vec *v;
	const rt_step *step;
	rt_sql_lines lines; /* statements come in order: linear */
};

static int add_stmt(void *payload, size_t start, size_t len)
{
	struct split_ctx *x = payload;
	rt_unit *u = rt_arena_alloc(x->a, sizeof(*u));

	if (!u)
		return RT_ERROR;
	u->kind = RT_STEP_SQL;
	u->step = x->step;
	u->sql = rt_arena_strndup(x->a, x->step->sql + start, len);
	if (!u->sql)
		return RT_ERROR;
	u->line = rt_sql_lines_at(&x->lines,
				  rt_sql_skip_space(x->step->sql, start + len,
						    start));
	/* normalized as the file's checksum is: a CRLF checkout of a
	 * partial migration must not look like an edit of its statements */
	if (rt_checksum_text(u->hash, u->sql, len) < 0)
		return RT_ERROR;
	return rt_vec_push(x->a, x->v, u);
}

/* The splitter's lines count from the step's: name path:line. */
static int split_failed(int error, const rt_step *st, const char *path)
{
	const rt_error *e = rt_error_last();

	if (!e->file && e->line > 0)
		rt_error_at(path, st->line + e->line - 1, e->column);
	return error;
}

static int no_stmt(void *payload, size_t start, size_t len)
{
	(void)payload;
	(void)start;
	(void)len;
	return 0;
}

int rt_units_check(const rt_backend *be, const rt_section *sec,
		   const char *path)
{
	size_t i;
	int error;

	for (i = 0; i < sec->nsteps; i++) {
		const rt_step *st = &sec->steps[i];

		if (st->kind == RT_STEP_SQL &&
		    (error = be->split(st->sql, strlen(st->sql), no_stmt,
				       NULL)) < 0)
			return split_failed(error, st, path);
	}
	return 0;
}

int rt_units_build(rt_unit **out, size_t *n, rt_arena *a,
		   const rt_backend *be, const rt_section *sec, const char *path)
{
	rt_vec v = {0};
	size_t i;
	int error;

	*out = NULL;
	*n = 0;
	for (i = 0; i < sec->nsteps; i++) {
		const rt_step *st = &sec->steps[i];

		if (st->kind == RT_STEP_SQL) {
			struct split_ctx x = {a, &v, st, {0}};

			rt_sql_lines_init(&x.lines, st->sql, st->line);
			error = be->split(st->sql, strlen(st->sql), add_stmt,
					  &x);
			if (error < 0)
				return split_failed(error, st, path);
		} else {
			rt_unit *u = rt_arena_alloc(a, sizeof(*u));
			char *desc;

			if (!u)
				return RT_ERROR;
			desc = rt_arena_printf(a, "load %s from '%s'",
					       st->table, st->csv_path);
			if (!desc)
				return RT_ERROR;
			u->kind = RT_STEP_LOAD;
			u->step = st;
			u->sql = desc;
			u->line = st->line;
			if (rt_sha256_hex(u->hash, desc, strlen(desc)) < 0 ||
			    rt_vec_push(a, &v, u) < 0)
				return RT_ERROR;
		}
	}
	*out = rt_arena_array(a, v.len + 1, sizeof(rt_unit));
	if (!*out)
		return RT_ERROR;
	for (i = 0; i < v.len; i++)
		(*out)[i] = *(rt_unit *)v.items[i];
	*n = v.len;
	return 0;
}
