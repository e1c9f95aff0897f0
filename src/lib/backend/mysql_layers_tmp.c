/*
 * mysql_layers_tmp.c: TEMPORARY placeholders for the MySQL catalog, diff
 * dialect and render tables, so that the driver (mysql.c) can be
 * registered before catalog_mysql.c, diff_mysql.c and render/mysql.c
 * land. Each says plainly that the feature is not built yet. Delete this
 * file, and point mysql.c at rt_catalog_ops_mysql, rt_diff_dialect_mysql
 * and rt_render_ops_mysql, when they are merged.
 */
#include "backend/backend.h"
#include "catalog/catalog.h"
#include "diff/diff.h"

static int not_yet(const char *what)
{
	rt_error_set(RT_ERROR_USAGE,
		     "%s is not available for MySQL/MariaDB in this build",
		     what);
	rt_error_hint("migrations (upgrade, downgrade, status, stamp) work; "
		      "dump, diff and autogenerate come with the MySQL "
		      "catalog");
	return RT_ERROR;
}

static int load_tmp(rt_catalog *cat, rt_db *db)
{
	(void)cat;
	(void)db;
	return not_yet("reading the schema");
}

static int scratch_open_tmp(rt_scratch *s, const char *server,
			    const char *src, const char *schema_name)
{
	(void)s;
	(void)server;
	(void)schema_name;
	rt_error_set(RT_ERROR_USAGE,
		     "cannot read '%s' with MySQL/MariaDB in this build", src);
	rt_error_hint("scratch databases come with the MySQL catalog");
	return RT_ERROR;
}

static void scratch_drop_tmp(rt_scratch *s)
{
	rt_db_close(s->db);
	s->db = NULL;
}

static char *rename_tmp(rt_arena *arena, const char *canon, const char *from,
			const char *to)
{
	(void)from;
	(void)to;
	return rt_arena_strdup(arena, canon);
}

static int render_tmp(rt_buf *out, const rt_changes *ch,
		      const rt_catalog *from, const rt_catalog *to,
		      rt_render_options *ro)
{
	(void)out;
	(void)ch;
	(void)from;
	(void)to;
	(void)ro;
	return not_yet("rendering schema changes");
}

const rt_catalog_ops rt_catalog_ops_mysql_tmp = {
	.load = load_tmp,
	.scratch_open = scratch_open_tmp,
	.scratch_drop = scratch_drop_tmp,
};

const rt_diff_dialect rt_diff_dialect_mysql_tmp = {
	.name = "mysql",
	.rename_ident = rename_tmp,
};

const rt_render_ops rt_render_ops_mysql_tmp = {
	.changes = render_tmp,
};
