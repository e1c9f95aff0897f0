/*
 * render.c: changes to SQL, by the catalogs' engine.
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
	return to->be->render->changes(out, ch, from, to, ro);
}

int rt_diff_sql(rt_buf *out, size_t *n, const rt_catalog *from,
		const rt_catalog *to)
{
	rt_changes *ch = NULL;
	int error;

	*n = 0;
	if ((error = rt_diff_catalogs(&ch, from, to, NULL)) < 0)
		return error;
	*n = ch->n;
	if (ch->n)
		error = rt_render_changes(out, ch, from, to, NULL);
	rt_changes_free(ch);
	return error < 0 ? error : rt_buf_check(out);
}

void rt_render_stmt(rt_buf *out, const char *sql)
{
	size_t n = strlen(sql);

	while (n && (sql[n - 1] == ' ' || sql[n - 1] == '\n' ||
		     sql[n - 1] == '\t' || sql[n - 1] == ';'))
		n--;
	rt_buf_put(out, sql, n);
	rt_buf_puts(out, ";\n");
}

int rt_render_ops_complete(const rt_render_ops *ops)
{
	return ops->changes != NULL;
}
