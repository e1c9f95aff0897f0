/*
 * new.c: writing new migration files and the files of `init`.
 */
#include "migration/migration.h"
#include "util/fs.h"

#include <dirent.h>
#include <time.h>

/* The newest id in the directory (a string of 14 digits) or "". */
static void newest_id(char out[15], const char *dirpath)
{
	DIR *d = opendir(dirpath);
	struct dirent *e;

	out[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n > 19 && strcmp(e->d_name + n - 4, ".sql") == 0 &&
		    rt_revision_name_valid(e->d_name, n - 4) &&
		    strncmp(e->d_name, out, 14) > 0) {
			memcpy(out, e->d_name, 14);
			out[14] = '\0';
		}
	}
	closedir(d);
}

static void format_id(char out[15], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	/* ids have four year digits */
	if (strftime(out, 15, "%Y%m%d%H%M%S", &tm) != 14)
		memcpy(out, "99991231235959", 15);
}

/* Seconds since the epoch of a 14-digit id (UTC). */
static time_t parse_id(const char *id)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(id, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static int slug_valid(const char *slug)
{
	const char *p;

	if (!*slug)
		return 0;
	for (p = slug; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return 0;
	return 1;
}

void rt_new_id(char out[15], const char *dirpath, int64_t at)
{
	char newest[15];
	time_t now = at ? (time_t)at : time(NULL);

	newest_id(newest, dirpath);
	if (newest[0] && parse_id(newest) >= now)
		now = parse_id(newest) + 1;
	format_id(out, now);
}

int rt_new_migration(char **path_out, const char *dirpath, const char *slug,
		     const rt_new_options *opts)
{
	rt_new_options none = {0};
	rt_buf text = RT_BUF_INIT, name = RT_BUF_INIT;
	char id[15], newest[15];
	time_t now;
	rt_dir *dir = NULL;
	char *path = NULL;
	size_t i;
	int error, lock = -1;

	*path_out = NULL;
	rt_buf_init(&text);
	rt_buf_init(&name);
	if (!opts)
		opts = &none;
	if (!slug_valid(slug)) {
		rt_error_set(RT_ERROR_USAGE, "'%s' is not a valid slug", slug);
		rt_error_hint("use lowercase letters, digits and '_', e.g. "
			      "add_cat_comment");
		return RT_EUSAGE;
	}
	/* two `new`s at once would pick one id, or both the same parent:
	 * the second waits, then follows the first */
	if ((error = rt_fs_lock(&lock, dirpath)) < 0)
		goto done;
	/* the directory must load: a new migration on a broken graph would
	 * only add to the confusion */
	if ((error = rt_dir_load(&dir, dirpath)) < 0)
		goto done;
	now = opts->now ? (time_t)opts->now : time(NULL);
	newest_id(newest, dirpath);
	if (newest[0] && parse_id(newest) >= now)
		now = parse_id(newest) + 1;
	format_id(id, now);

	rt_buf_printf(&name, "%s_%s", id, slug);
	if (opts->comment)
		rt_buf_printf(&text, "-- %s\n", opts->comment);
	if (opts->nparents) {
		rt_buf_puts(&text, "-- retort:parent");
		for (i = 0; i < opts->nparents; i++) {
			if (!rt_dir_get(dir, opts->parents[i])) {
				error = rt_error_setc(RT_ENOTFOUND,
						      RT_ERROR_GRAPH,
						      "unknown parent '%s'",
						      opts->parents[i]);
				goto done;
			}
			rt_buf_printf(&text, " %s", opts->parents[i]);
		}
		rt_buf_putc(&text, '\n');
	} else if (dir->nheads > 1) {
		rt_buf head_list = RT_BUF_INIT;

		rt_buf_init(&head_list);
		for (i = 0; i < dir->nheads; i++)
			rt_buf_printf(&head_list, "%s%s", i ? ", " : "",
				      dir->heads[i]->name);
		error = rt_error_set(RT_ERROR_GRAPH,
				     "the migration directory has %zu heads: %s",
				     dir->nheads, rt_buf_cstr(&head_list));
		rt_error_hint("run 'retort merge' first");
		rt_buf_release(&head_list);
		goto done;
	} else if (dir->nheads == 1) {
		rt_buf_printf(&text, "-- retort:parent %s\n",
			      dir->heads[0]->name);
	}
	rt_buf_printf(&text, "-- retort:up%s\n",
		      opts->up_no_transaction ? " transaction=false" : "");
	if (opts->up_sql && *opts->up_sql)
		rt_buf_printf(&text, "%s%s", opts->up_sql,
			      opts->up_sql[strlen(opts->up_sql) - 1] == '\n'
				      ? ""
				      : "\n");
	else if (!opts->nparents || opts->nparents < 2)
		rt_buf_puts(&text, "\n");
	rt_buf_printf(&text, "-- retort:down%s\n",
		      opts->down_no_transaction ? " transaction=false" : "");
	if (opts->down_sql && *opts->down_sql)
		rt_buf_printf(&text, "%s%s", opts->down_sql,
			      opts->down_sql[strlen(opts->down_sql) - 1] ==
					      '\n'
				      ? ""
				      : "\n");
	else if (!opts->nparents || opts->nparents < 2)
		rt_buf_puts(&text, "\n");
	if ((error = rt_buf_check(&text)) < 0 ||
	    (error = rt_buf_check(&name)) < 0)
		goto done;
	rt_buf_puts(&name, ".sql");
	if (!(path = rt_fs_join(dirpath, name.ptr))) {
		error = rt_error_nomem();
		goto done;
	}
	error = rt_fs_write_new(path, text.ptr, text.len);
done:
	rt_fs_unlock(lock);
	rt_dir_free(dir);
	rt_buf_release(&text);
	rt_buf_release(&name);
	if (error < 0)
		free(path);
	else
		*path_out = path;
	return error;
}

static const char conf_text[] =
	"# retort.conf: settings for this project; flags and $DATABASE_URL\n"
	"# override them.\n"
	"url = sqlite:retort.db\n"
	"dir = %s\n"
	"schema = %s\n";

static const char schema_text[] =
	"-- schema.sql: the declarative schema of this project.\n";

int rt_init_project(const char *dirpath, const char *conf_path,
		    const char *schema_path)
{
	int error;

	if ((error = rt_fs_mkdir(dirpath)) < 0)
		return error;
	if (conf_path && !rt_fs_exists(conf_path)) {
		rt_buf conf = RT_BUF_INIT;

		rt_buf_init(&conf);
		rt_buf_printf(&conf, conf_text, dirpath,
			      schema_path ? schema_path : "schema.sql");
		error = rt_buf_check(&conf);
		if (!error)
			error = rt_fs_write_new(conf_path, conf.ptr, conf.len);
		rt_buf_release(&conf);
		if (error < 0)
			return error;
	}
	if (schema_path && !rt_fs_exists(schema_path) &&
	    (error = rt_fs_write_new(schema_path, schema_text,
				     sizeof(schema_text) - 1)) < 0)
		return error;
	return 0;
}
