/*
 * dir.c: loading a migration directory. Every `*.sql` file must be a
 * migration named `<14 digits>_<slug>.sql`, or a repeatable migration
 * `R_<slug>.sql`: a misnamed one is an error, never skipped, so a typo
 * cannot hide a migration. Other files (CSV
 * data, READMEs) are ignored.
 */
#include "migration/migration.h"
#include "util/fs.h"

#include <dirent.h>
#include <sys/stat.h>

/* A file this big is parsed in its read buffer, which the directory's
 * arena adopts; a smaller one is copied step by step, and the buffer
 * serves the next. */
#define IN_PLACE_SIZE (64 * 1024)

struct rt_dir_private {
	rt_dir pub;
	rt_arena arena;
};

/* by name, past the type prefix */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a + 1,
		      *(const char *const *)b + 1);
}

/* Collect the .sql names of `path`, sorted, into `names`; `*dp` stays
 * open for reading the files relative to it. */
static int list_sql(rt_vec *names, rt_arena *a, const char *path, DIR **dp)
{
	DIR *d = *dp = opendir(path);
	struct dirent *e;
	int error = 0;

	if (!d) {
		error = rt_error_os("open migration directory", path);
		if (error == RT_ENOTFOUND)
			rt_error_hint("create it with 'retort init', or point "
				      "-d/--dir at your migrations");
		return error;
	}
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char *name;

		/* .SQL too: on a case-insensitive checkout it is the same
		 * file, and a typo must not hide a migration */
		if (n < 4 || strcasecmp(e->d_name + n - 4, ".sql") != 0 ||
		    e->d_name[0] == '.')
			continue;
		/* the type readdir reports, as a one-letter prefix: 'r' a
		 * regular file (read as it is), 'c' anything that must be
		 * checked after opening (links, unknown) */
		if (e->d_type != DT_REG && e->d_type != DT_LNK &&
		    e->d_type != DT_UNKNOWN) {
			char *p = rt_fs_join(path, e->d_name);

			error = rt_error_set(RT_ERROR_OS,
					     "'%s' is not a regular file",
					     p ? p : e->d_name);
			rt_error_at(p ? p : e->d_name, 0, 0);
			free(p);
			break;
		}
		if (!(name = rt_arena_concat(a, e->d_type == DT_REG ? "r" : "c",
					     e->d_name, "")) ||
		    rt_vec_push(a, names, name) < 0) {
			error = RT_ERROR;
			break;
		}
	}
	if (!error && names->len)
		qsort(names->items, names->len, sizeof(void *), cmp_str);
	return error;
}

/* Load `path`; with `cache` (rt_dir_load_summary) through the status
 * cache, whose counts go to *hits and *misses. */
static int load(rt_dir **out, const char *path, int cache, size_t *hits,
		size_t *misses)
{
	struct rt_dir_private *d = calloc(1, sizeof(*d));
	rt_vec names = {0}, reps = {0};
	rt_buf text = RT_BUF_INIT;
	DIR *dh = NULL;
	rt_dircache *dc = NULL;
	const char **files = NULL;
	rt_dircache_key *keys = NULL;
	const char *sep;
	rt_migration **parsed = NULL; /* by file, for the cache */
	size_t i;
	int error;

	*out = NULL;
	if (!d)
		return rt_error_nomem();
	rt_arena_init(&d->arena);
	rt_buf_init(&text);
	if (!(d->pub.path = rt_arena_strdup(&d->arena, path))) {
		error = RT_ERROR;
		goto done;
	}
	if ((error = list_sql(&names, &d->arena, path, &dh)) < 0)
		goto done;
	d->pub.migrations = rt_arena_array(&d->arena, names.len + 1,
					   sizeof(rt_migration *));
	if (!d->pub.migrations) {
		error = RT_ERROR;
		goto done;
	}
	if (cache &&
	    (!(dc = rt_dircache_load(&d->arena, path)) ||
	     !(files = rt_arena_array(&d->arena, names.len + 1,
				      sizeof(*files))) ||
	     !(keys = rt_arena_array(&d->arena, names.len + 1,
				     sizeof(*keys))) ||
	     !(parsed = rt_arena_array(&d->arena, names.len + 1,
				       sizeof(*parsed))))) {
		error = RT_ERROR;
		goto done;
	}
	d->pub.count = 0;
	sep = path[strlen(path) - 1] == '/' ? "" : "/";
	for (i = 0; i < names.len; i++) {
		const char *file = (const char *)names.items[i] + 1;
		int check = ((const char *)names.items[i])[0] == 'c';
		size_t stem = strlen(file) - 4;
		char *fpath = rt_arena_concat(&d->arena, path, sep, file);
		char *name = rt_arena_strndup(&d->arena, file, stem);
		rt_migration *m;
		int repeatable = name && rt_repeatable_name_valid(name, stem);

		if (!fpath || !name) {
			error = RT_ERROR;
			goto done;
		}
		if (!repeatable && !rt_revision_name_valid(name, stem)) {
			error = rt_error_set(RT_ERROR_PARSE,
					     "'%s' is not a migration name",
					     file);
			rt_error_at(fpath, 0, 0);
			rt_error_hint("name migrations YYYYMMDDHHMMSS_slug.sql "
				      "(slug: a-z, 0-9, _; 'retort new SLUG' "
				      "writes one), repeatable ones "
				      "R_slug.sql");
			goto done;
		}
		if (cache) {
			struct stat st;

			files[i] = file;
			/* a file that cannot be stat'ed is read, and its
			 * error told, as without the cache (keys[i] stays
			 * zero: not regular, never trusted nor written) */
			if (fstatat(dirfd(dh), file, &st, 0) == 0) {
				rt_dircache_key_of(&keys[i], &st);
				m = rt_dircache_get(dc, &d->arena, file,
						    &keys[i], fpath, name);
				if (m) {
					parsed[i] = m;
					d->pub.migrations[d->pub.count++] = m;
					continue;
				}
			}
		}
		rt_buf_clear(&text);
		if ((error = rt_fs_read_at(&text, dirfd(dh), file, fpath,
					   check)) < 0)
			goto done;
		if (text.len >= IN_PLACE_SIZE) {
			/* the arena takes the buffer: no copy of a big file */
			size_t len = text.len;
			char *buf = rt_buf_detach(&text);

			if ((error = rt_arena_adopt(&d->arena, buf)) < 0)
				goto done;
			error = rt_migration_parse_in_place(
			    &m, &d->arena, fpath, name, buf, len);
		} else {
			/* the buffer serves the next file */
			error = rt_migration_parse(&m, &d->arena, fpath, name,
						   text.ptr, text.len);
		}
		if (error < 0)
			goto done;
		if (cache && !m->nreplaces && !m->repeatable)
			parsed[i] = m;
		if (repeatable) {
			if ((error = rt_vec_push(&d->arena, &reps, m)) < 0)
				goto done;
			continue;
		}
		d->pub.migrations[d->pub.count++] = m;
	}
	d->pub.repeatables = (rt_migration **)reps.items;
	d->pub.nrepeatables = reps.len;
	/* the cache in file order (a squash and a repeatable one are not
	 * kept: their entries could not say what they are), before
	 * rt_graph_build reorders */
	if (cache && (error = rt_dircache_save(dc, path, files, keys, parsed,
					       names.len)) < 0)
		goto done;
	if ((error = rt_graph_build(&d->pub, &d->arena)) < 0 ||
	    (error = rt_repeatables_order(d->pub.repeatables,
					  d->pub.nrepeatables, &d->arena)) < 0)
		goto done;
	if (cache)
		rt_dircache_counts(dc, hits, misses);
done:
	if (dh)
		closedir(dh);
	rt_buf_release(&text);
	if (error < 0)
		rt_dir_free(&d->pub);
	else
		*out = &d->pub;
	return error;
}

int rt_dir_load(rt_dir **out, const char *path)
{
	return load(out, path, 0, NULL, NULL);
}

int rt_dir_load_summary(rt_dir **out, const char *path)
{
	size_t hits, misses;

	return load(out, path, 1, &hits, &misses);
}

int rt_dir_load_counted(rt_dir **out, const char *path, size_t *hits,
			size_t *misses)
{
	return load(out, path, 1, hits, misses);
}

void rt_dir_free(rt_dir *dir)
{
	struct rt_dir_private *d = (struct rt_dir_private *)dir;

	if (!d)
		return;
	rt_arena_release(&d->arena);
	free(d);
}

static int cmp_name_key(const void *key, const void *elem)
{
	return strcmp(key, (*(rt_migration *const *)elem)->name);
}

rt_migration *rt_dir_get(const rt_dir *dir, const char *name)
{
	rt_migration **hit;

	if (!dir->count)
		return NULL;
	hit = bsearch(name, dir->by_name, dir->count, sizeof(rt_migration *),
		      cmp_name_key);
	return hit ? *hit : NULL;
}
