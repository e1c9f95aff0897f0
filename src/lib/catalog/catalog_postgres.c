/*
 * catalog_postgres.c: PostgreSQL introspection (pg_catalog). Not written
 * yet: the SQLite half of autogenerate came first, on the same model.
 * Until then a PostgreSQL source is refused with a clear message.
 */
#include "catalog/catalog.h"

int rt_catalog_load_postgres(rt_catalog *cat, rt_db *db)
{
	RT_UNUSED(cat);
	RT_UNUSED(db);
	rt_error_set(RT_ERROR_USAGE,
		     "schema introspection of PostgreSQL is not implemented "
		     "yet");
	rt_error_hint("diff, check, dump and new --autogenerate work on "
		      "SQLite for now");
	return RT_ERROR;
}
