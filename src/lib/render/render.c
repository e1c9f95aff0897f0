/*
 * render.c: changes to SQL, by the catalogs' dialect.
 */
#include "diff/diff.h"

int rt_render_changes(rt_buf *out, const rt_changes *ch, const rt_catalog *from,
		      const rt_catalog *to, rt_render_options *ro)
{
	if (ro) {
		ro->no_transaction = 0;
		memset(ro->conc, 0, sizeof(ro->conc));
		if (!ro->down)
			ro->enum_step = 0;
	}
	/* SQLite's DDL takes the database lock whatever the form: no safer
	 * form to choose */
	if (!strcmp(to->dialect, "sqlite")) {
		if (ro)
			ro->split = 0;
		return rt_render_sqlite(out, ch, from, to);
	}
	if (!strcmp(to->dialect, "postgres"))
		return rt_render_postgres(out, ch, from, to, ro);
	return rt_error_set(RT_ERROR_USAGE,
			    "rendering %s changes is not implemented yet",
			    to->dialect);
}
