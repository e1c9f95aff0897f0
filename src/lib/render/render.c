/*
 * render.c: changes to SQL, by the catalogs' dialect.
 */
#include "diff/diff.h"

int rt_render_changes(rt_buf *out, const rt_changes *ch, const rt_catalog *from,
		      const rt_catalog *to)
{
	if (!strcmp(to->dialect, "sqlite"))
		return rt_render_sqlite(out, ch, from, to);
	if (!strcmp(to->dialect, "postgres"))
		return rt_render_postgres(out, ch, from, to);
	return rt_error_set(RT_ERROR_USAGE,
			    "rendering %s changes is not implemented yet",
			    to->dialect);
}
