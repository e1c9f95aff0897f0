/*
 * dircache.c: what `status` needs of each migration file, kept between
 * runs in DIR/.retort-cache, as git's index keeps what it knows of each
 * file in the work tree.
 *
 * status reads every file of the directory, parses it and checksums it
 * (SHA-256), only to learn each revision's parents, checksum and online
 * flag. The cache holds those, keyed by the file's name, size, inode,
 * mtime and ctime (nanoseconds): a file whose stat matches its entry is
 * not opened. Any difference, or an entry or file the cache cannot vouch
 * for, sends the file through the ordinary read and parse, so the cache
 * can only save work, never change a verdict:
 *
 *  - an edit changes the size, the mtime or the ctime (ctime cannot be
 *    set back by tools that restore mtime, cp -p, tar, touch -d), and a
 *    file replaced by a rename has another inode;
 *  - the racy-git rule: a file modified in the same second as the cache
 *    was written, or later, may have been edited again after its entry
 *    was taken without its timestamps showing it (file systems with
 *    coarse timestamps): its entry is not trusted, it is read again, and
 *    the cache is written again (a later write vouches for it);
 *  - a cache that is missing, unreadable, of another format or version,
 *    or malformed anywhere is ignored as a whole, and replaced.
 *
 * Writing is best effort: the file is replaced atomically (a temporary
 * file and rename), and a directory retort cannot write to (a read-only
 * checkout) only means no cache. Format, one line each:
 *
 *   retort-dircache 1
 *   FILE SIZE INO MTIME_NS CTIME_NS CHECKSUM ONLINE PARENTS
 *
 * the fields separated by tabs; PARENTS is the parents' names separated
 * by blanks, or "-".
 */
#include "migration/migration.h"
#include "util/fs.h"
#include "util/sha256.h"

#include <ctype.h>
#include <sys/stat.h>

#define MAGIC "retort-dircache 1\n"

typedef struct entry {
	const char *file;
	unsigned long long size, ino;
	long long mtime, ctime; /* ns */
	const char *checksum;
	int online;
	const char *parents; /* nparents names, each NUL-terminated */
	size_t nparents;
} entry;

struct rt_dircache {
	entry *items;
	size_t n;
	long long written; /* the cache file's mtime, ns (whole seconds) */
	size_t hits, misses;
};

static long long ns_of(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* Split one line into its 8 tab-separated fields, in place. */
static int fields(char *line, char **f)
{
	int i = 0;

	f[i++] = line;
	for (; *line; line++)
		if (*line == '\t') {
			if (i == 8)
				return -1;
			*line = '\0';
			f[i++] = line + 1;
		}
	return i == 8 ? 0 : -1;
}

static int parse_ull(const char *s, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return *end ? -1 : 0;
}

static int parse_ll(const char *s, long long *out)
{
	char *end;

	if (!*s)
		return -1;
	*out = strtoll(s, &end, 10);
	return *end ? -1 : 0;
}

static int checksum_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return i == RT_SHA256_HEX - 1;
}

/* PARENTS split in place: each name NUL-terminated, their count. */
static size_t split_parents(char *s)
{
	size_t n = 0;

	if (strcmp(s, "-") == 0) {
		*s = '\0';
		return 0;
	}
	for (;; s++) {
		if (*s != ' ' && *s)
			continue;
		n++;
		if (!*s)
			return n;
		*s = '\0';
	}
}

/* The entries of text (NUL-terminated, modified), into one array of the
 * exact size; -1 when malformed. The entries point into the text. */
static int parse_cache(rt_dircache *c, rt_arena *a, char *text)
{
	char *line, *nl;
	size_t n = 0;

	if (strncmp(text, MAGIC, sizeof(MAGIC) - 1) != 0)
		return -1;
	text += sizeof(MAGIC) - 1;
	for (line = text; (nl = strchr(line, '\n')); line = nl + 1)
		n++;
	if (*line)
		return -1; /* a torn last line */
	if (!(c->items = rt_arena_array(a, n + 1, sizeof(entry))))
		return -1;
	for (line = text; *line; line = nl + 1) {
		entry *e = &c->items[c->n];
		char *f[8];

		nl = strchr(line, '\n');
		*nl = '\0';
		if (fields(line, f) < 0)
			return -1;
		e->file = f[0];
		e->checksum = f[5];
		e->parents = f[7];
		if (!*e->file || parse_ull(f[1], &e->size) < 0 ||
		    parse_ull(f[2], &e->ino) < 0 ||
		    parse_ll(f[3], &e->mtime) < 0 ||
		    parse_ll(f[4], &e->ctime) < 0 ||
		    !checksum_ok(e->checksum) ||
		    (strcmp(f[6], "0") != 0 && strcmp(f[6], "1") != 0))
			return -1;
		e->online = f[6][0] == '1';
		e->nparents = split_parents(f[7]);
		/* written sorted by name: lookups bisect */
		if (c->n && strcmp(c->items[c->n - 1].file, e->file) >= 0)
			return -1;
		c->n++;
	}
	return 0;
}

static char *cache_path(rt_arena *a, const char *dirpath)
{
	size_t n = strlen(dirpath);

	return rt_arena_printf(a, "%s%s.retort-cache", dirpath,
			       n && dirpath[n - 1] == '/' ? "" : "/");
}

rt_dircache *rt_dircache_load(rt_arena *a, const char *dirpath)
{
	rt_dircache *c = rt_arena_alloc(a, sizeof(*c));
	rt_buf text = RT_BUF_INIT;
	struct stat st;
	char *path, *copy;

	if (!c || !(path = cache_path(a, dirpath)))
		return NULL;
	memset(c, 0, sizeof(*c));
	rt_buf_init(&text);
	/* stat first: an entry is judged against the write that made the
	 * file (a later write only makes the verdict stricter) */
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    rt_fs_read(&text, path) < 0) {
		rt_error_clear();
		goto done;
	}
	c->written = (long long)st.st_mtim.tv_sec * 1000000000LL;
	if (!text.len || memchr(text.ptr, '\0', text.len))
		goto done;
	/* the entries point into the text: the arena takes the buffer,
	 * uncopied (a cache of 1000 files is 160 KB) */
	copy = rt_buf_detach(&text);
	if (rt_arena_adopt(a, copy) < 0) { /* it freed copy */
		rt_error_clear();
		goto done;
	}
	if (parse_cache(c, a, copy) < 0) {
		c->items = NULL;
		c->n = 0;
	}
done:
	rt_buf_release(&text);
	return c;
}

static int cmp_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const entry *)elem)->file);
}

/* A migration built from a trusted entry: what status reads (name,
 * parents, checksum, online); no sections. Its strings are the cache's
 * text, which the same arena holds. */
static rt_migration *from_entry(rt_arena *a, const entry *e, const char *path,
				const char *name)
{
	rt_migration *m = rt_arena_alloc(a, sizeof(*m));
	const char *s = e->parents;
	size_t i;

	if (!m)
		return NULL;
	m->name = name;
	m->path = path;
	m->id = rt_arena_strndup(a, name, 14);
	m->slug = name + 15;
	m->checksum = e->checksum;
	m->online = e->online;
	if (!m->id || !(m->parents = rt_arena_array(a, e->nparents + 1,
						    sizeof(char *))))
		return NULL;
	/* blanks written twice left empty names: skipped */
	for (i = 0; i < e->nparents; i++, s += strlen(s) + 1)
		if (*s)
			m->parents[m->nparents++] = s;
	return m;
}

void rt_dircache_key_of(rt_dircache_key *k, const struct stat *st)
{
	k->size = (unsigned long long)st->st_size;
	k->ino = (unsigned long long)st->st_ino;
	k->mtime = ns_of(&st->st_mtim);
	k->ctime = ns_of(&st->st_ctim);
	k->regular = S_ISREG(st->st_mode);
}

rt_migration *rt_dircache_get(rt_dircache *c, rt_arena *a, const char *file,
			      const rt_dircache_key *k, const char *path,
			      const char *name)
{
	const entry *e =
	    c && c->n ? bsearch(file, c->items, c->n, sizeof(entry), cmp_entry)
		      : NULL;
	rt_migration *m;

	if (!e || !k->regular || e->size != k->size || e->ino != k->ino ||
	    e->mtime != k->mtime || e->ctime != k->ctime ||
	    /* racy: changed in the second the cache was written, or after */
	    k->mtime >= c->written || k->ctime >= c->written ||
	    !(m = from_entry(a, e, path, name))) {
		if (c)
			c->misses++;
		return NULL;
	}
	c->hits++;
	return m;
}

int rt_dircache_save(rt_dircache *c, const char *dirpath,
		     const char *const *files, const rt_dircache_key *keys,
		     rt_migration *const *migs, size_t n)
{
	rt_buf out = RT_BUF_INIT;
	rt_arena a;
	char *path;
	size_t i, j;
	int error = 0;

	/* nothing new: every file came from a trusted entry, none went */
	if (!c || (c->misses == 0 && c->n == n))
		return 0;
	rt_arena_init(&a);
	rt_buf_init(&out);
	if (!(path = cache_path(&a, dirpath))) {
		error = RT_ERROR;
		goto done;
	}
	rt_buf_puts(&out, MAGIC);
	for (i = 0; i < n; i++) {
		const rt_migration *m = migs[i];

		/* NULL: a file the caller does not let the cache answer for */
		if (!m || !keys[i].regular || strchr(files[i], '\t') ||
		    strchr(files[i], '\n'))
			continue;
		rt_buf_printf(&out, "%s\t%llu\t%llu\t%lld\t%lld\t%s\t%d\t",
			      files[i], keys[i].size, keys[i].ino,
			      keys[i].mtime, keys[i].ctime, m->checksum,
			      m->online ? 1 : 0);
		for (j = 0; j < m->nparents; j++)
			rt_buf_printf(&out, "%s%s", j ? " " : "",
				      m->parents[j]);
		rt_buf_puts(&out, m->nparents ? "\n" : "-\n");
	}
	if ((error = rt_buf_check(&out)) < 0)
		goto done;
	if (rt_fs_write_replace(path, out.ptr, out.len) < 0)
		rt_error_clear(); /* best effort: no cache is no error */
done:
	rt_buf_release(&out);
	rt_arena_release(&a);
	return error;
}

void rt_dircache_counts(const rt_dircache *c, size_t *hits, size_t *misses)
{
	*hits = c ? c->hits : 0;
	*misses = c ? c->misses : 0;
}
