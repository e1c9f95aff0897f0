/*
 * fuzz_parse.c: libFuzzer target for the migration-file parser and the
 * statement splitters (SQLite's, PostgreSQL's) that run on every section
 * it yields.
 */
#include "engine/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *payload, size_t start, size_t len)
{
	(void)start;
	(void)len;
	(*(int *)payload)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m = NULL;
	rt_unit *units;
	size_t n, i;
	int stmts = 0;

	rt_arena_init(&a);
	if (rt_migration_parse(&m, &a, "fuzz/20260101000000_f.sql",
			       "20260101000000_f", (const char *)data,
			       size) == 0) {
		rt_units_build(&units, &n, &a, &rt_backend_sqlite, &m->up,
			       m->path);
		rt_units_build(&units, &n, &a, &rt_backend_sqlite, &m->down,
			       m->path);
		/* PostgreSQL's splitter (libpg_query) on the same sections */
		rt_units_build(&units, &n, &a, &rt_backend_postgres, &m->up,
			       m->path);
		for (i = 0; i < m->up.nsteps; i++)
			if (m->up.steps[i].kind == RT_STEP_SQL)
				rt_backend_sqlite.split(
					m->up.steps[i].sql,
					strlen(m->up.steps[i].sql), count,
					&stmts);
	}
	rt_error_clear();
	rt_arena_release(&a);
	return 0;
}
