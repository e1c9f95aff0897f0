/*
 * test_dircache.c: the status cache (DIR/.retort-cache): a file is taken
 * from it only when its size, inode, mtime and ctime match its entry and
 * it was not changed in the second the cache was written; anything else
 * is read again, so the summary always equals a fresh load.
 */
#include "test.h"
#include "migration/migration.h"
#include "util/fs.h"

#include <fcntl.h>
#include <time.h>

#define A "20260101000000_a"
#define B "20260102000000_b"

static void write_rev(const char *dir, const char *name, const char *parent,
		      const char *body)
{
	char file[256], text[512];

	snprintf(file, sizeof(file), "%s.sql", name);
	snprintf(text, sizeof(text), "%s%s%s-- retort:up\n%s\n-- retort:down\n",
		 parent ? "-- retort:parent " : "", parent ? parent : "",
		 parent ? "\n" : "", body);
	test_write(dir, file, text);
}

static char *path_of(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, file);
	return p;
}

/* Set the cache file's mtime to `at` (its write time, for the racy
 * rule). */
static void cache_written_at(const char *dir, struct timespec at)
{
	char *p = path_of(dir, ".retort-cache");
	struct timespec ts[2] = {at, at};

	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
}

static struct timespec from_now(int secs)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += secs;
	return t;
}

static long long ns(struct timespec t)
{
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Rewrite the cache's entry of `file` to key (size, inode, mtime, ctime)
 * of `st`, keeping its checksum: as if the entry had been taken from a
 * file with that stat. */
static void cache_entry_set(const char *dir, const char *file,
			    const struct stat *st)
{
	char *c = path_of(dir, ".retort-cache");
	rt_buf in = RT_BUF_INIT, out = RT_BUF_INIT;
	char *line, *nl;

	rt_buf_init(&in);
	rt_buf_init(&out);
	assert_int_equal(rt_fs_read(&in, c), 0);
	for (line = in.ptr; *line; line = nl + 1) {
		char *tab;
		int k;

		nl = strchr(line, '\n');
		assert_non_null(nl);
		tab = strchr(line, '\t');
		if (!tab || (size_t)(tab - line) != strlen(file) ||
		    strncmp(line, file, strlen(file)) != 0) {
			rt_buf_put(&out, line, (size_t)(nl - line) + 1);
			continue;
		}
		for (k = 0; k < 4; k++) /* past size, ino, mtime, ctime */
			tab = strchr(tab + 1, '\t');
		rt_buf_printf(&out, "%s\t%llu\t%llu\t%lld\t%lld", file,
			      (unsigned long long)st->st_size,
			      (unsigned long long)st->st_ino, ns(st->st_mtim),
			      ns(st->st_ctim));
		rt_buf_put(&out, tab, (size_t)(nl - tab) + 1);
	}
	assert_int_equal(rt_fs_write_replace(c, out.ptr, out.len), 0);
	rt_buf_release(&in);
	rt_buf_release(&out);
	free(c);
}

/* Wait for the next second of the clock: what ctime stamps. */
/* Wait until a file written now gets an mtime a second later than one
 * written before the wait.  File times come from the kernel's coarse
 * clock, which lags CLOCK_REALTIME by up to a tick: waiting on
 * CLOCK_REALTIME alone let a cache be written still in the old second,
 * so its entries stayed racy (seen once under ASan). */
static void next_second(void)
{
	char path[] = "/tmp/retort-next-second-XXXXXX";
	int fd = mkstemp(path);
	struct stat st0, st;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st0), 0);
	do {
		struct timespec d = {0, 20 * 1000 * 1000};

		nanosleep(&d, NULL);
		assert_int_equal(futimens(fd, NULL), 0);
		assert_int_equal(fstat(fd, &st), 0);
	} while (st.st_mtim.tv_sec == st0.st_mtim.tv_sec);
	close(fd);
	unlink(path);
}

/* Change one byte of dir/file in place: "b (x int)" -> "c (x int)", the
 * same size and inode. */
static void edit_in_place(const char *dir, const char *file)
{
	char *p = path_of(dir, file);
	int fd = open(p, O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "c", 1,
				(off_t)strlen("-- retort:parent " A
					      "\n-- retort:up\nCREATE TABLE ")),
			 1);
	close(fd);
	free(p);
}

/* A directory of two migrations, a cache of them written, and every file
 * older than the cache: the next load takes both from it. */
static char *primed(void)
{
	char *d = test_tmpdir();
	rt_dir *dir = NULL;
	size_t hits, misses;

	write_rev(d, A, NULL, "CREATE TABLE a (x int);");
	write_rev(d, B, A, "CREATE TABLE b (x int);");
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	assert_int_equal(hits, 0);
	assert_int_equal(misses, 2);
	rt_dir_free(dir);
	/* files and their ctimes a second older than the cache */
	next_second();
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	rt_dir_free(dir);
	return d;
}

/* The summary equals a fresh load: names, parents, checksums. */
static void assert_same_as_fresh(const char *d, rt_dir *sum)
{
	rt_dir *fresh = NULL;
	size_t i, j;

	assert_int_equal(rt_dir_load(&fresh, d), 0);
	assert_int_equal(sum->count, fresh->count);
	for (i = 0; i < fresh->count; i++) {
		rt_migration *f = fresh->migrations[i];
		rt_migration *s = sum->migrations[i];

		assert_string_equal(s->name, f->name);
		assert_string_equal(s->checksum, f->checksum);
		assert_int_equal(s->nparents, f->nparents);
		for (j = 0; j < f->nparents; j++)
			assert_string_equal(s->parents[j], f->parents[j]);
		assert_int_equal(s->online, f->online);
		assert_int_equal(s->nchildren, f->nchildren);
	}
	rt_dir_free(fresh);
}

/*
 * The key, field by field. B is edited (its checksum changes); the cache's
 * entry is then given the edited file's stat except for `field`, which
 * keeps the value from before the edit, and the cache is dated in the
 * future (no racy rule). The load must read B again. Control: with no
 * field kept old, the entry matches and the stale checksum comes back,
 * so it is the one field that made the difference.
 */
enum { F_NONE, F_SIZE, F_INO, F_MTIME, F_CTIME };

static void check_key_field(int field, int replace)
{
	char *d = primed();
	char *p = path_of(d, B ".sql");
	rt_dir *dir = NULL, *before = NULL;
	struct stat st0, st1, key;
	size_t hits, misses;

	assert_int_equal(rt_dir_load(&before, d), 0);
	assert_int_equal(stat(p, &st0), 0);
	if (replace) { /* a new file renamed over the old: a new inode */
		char *q = path_of(d, "new.tmp");
		FILE *f = fopen(q, "w");

		assert_non_null(f);
		fprintf(f, "-- retort:parent %s\n-- retort:up\nCREATE TABLE "
			   "c (x int);\n-- retort:down\n",
			A);
		fclose(f);
		assert_int_equal(rename(q, p), 0);
		free(q);
	} else {
		edit_in_place(d, B ".sql");
	}
	assert_int_equal(stat(p, &st1), 0);
	key = st1;
	if (field == F_SIZE)
		key.st_size = st0.st_size + 1;
	if (field == F_INO)
		key.st_ino = st0.st_ino;
	if (field == F_MTIME)
		key.st_mtim.tv_nsec = (st1.st_mtim.tv_nsec + 1) % 1000000000L;
	if (field == F_CTIME)
		key.st_ctim.tv_nsec = (st1.st_ctim.tv_nsec + 1) % 1000000000L;
	cache_entry_set(d, B ".sql", &key);
	cache_written_at(d, from_now(60));
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	if (field == F_NONE) {
		assert_int_equal(misses, 0);
		assert_string_equal(rt_dir_get(dir, B)->checksum,
				    rt_dir_get(before, B)->checksum);
	} else {
		assert_int_equal(hits, 1);
		assert_int_equal(misses, 1);
		assert_string_not_equal(rt_dir_get(dir, B)->checksum,
					rt_dir_get(before, B)->checksum);
		assert_same_as_fresh(d, dir);
	}
	rt_dir_free(dir);
	rt_dir_free(before);
	test_rmtree(d);
	free(d);
	free(p);
}

static void test_dircache_hits_when_unchanged(void **state)
{
	char *d = primed();
	rt_dir *dir = NULL;
	size_t hits, misses;

	(void)state;
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	assert_int_equal(hits, 2);
	assert_int_equal(misses, 0);
	assert_int_equal(dir->nheads, 1);
	assert_string_equal(dir->heads[0]->name, B);
	assert_same_as_fresh(d, dir);
	rt_dir_free(dir);
	test_rmtree(d);
	free(d);
}

static void test_dircache_control_entry_trusted(void **state)
{
	(void)state;
	check_key_field(F_NONE, 0);
}

static void test_dircache_changed_size(void **state)
{
	(void)state;
	check_key_field(F_SIZE, 0);
}

static void test_dircache_changed_mtime(void **state)
{
	(void)state;
	check_key_field(F_MTIME, 0);
}

static void test_dircache_changed_ctime(void **state)
{
	(void)state;
	check_key_field(F_CTIME, 0);
}

static void test_dircache_changed_inode(void **state)
{
	(void)state;
	check_key_field(F_INO, 1);
}

/*
 * The racy case: B is edited in the same second as the cache is written,
 * and its timestamps come out equal to its entry's (a file system whose
 * clock ticks coarser than the edits): every key field matches. Only the
 * rule that an entry changed in the cache's own second (or later) is not
 * trusted sends B to be read again; the control above shows the same
 * entry served stale when the cache is dated later.
 */
static void test_dircache_same_second_edit(void **state)
{
	char *d = primed();
	char *p = path_of(d, B ".sql");
	rt_dir *dir = NULL, *before = NULL;
	struct stat st1;
	size_t hits, misses;

	(void)state;
	assert_int_equal(rt_dir_load(&before, d), 0);
	edit_in_place(d, B ".sql");
	assert_int_equal(stat(p, &st1), 0);
	cache_entry_set(d, B ".sql", &st1);
	/* the cache written in the edit's second, a moment after it */
	cache_written_at(d, st1.st_ctim);
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 1);
	assert_string_not_equal(rt_dir_get(dir, B)->checksum,
				rt_dir_get(before, B)->checksum);
	assert_same_as_fresh(d, dir);
	rt_dir_free(dir);
	/* written again, later: the next load vouches for it */
	next_second();
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	rt_dir_free(dir);
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	assert_int_equal(hits, 2);
	assert_same_as_fresh(d, dir);
	rt_dir_free(dir);
	rt_dir_free(before);
	test_rmtree(d);
	free(d);
	free(p);
}

/* Entries of files that went are dropped; a new file is read. */
static void test_dircache_stale_entry(void **state)
{
	char *d = primed();
	char *p = path_of(d, B ".sql");
	rt_dir *dir = NULL;
	size_t hits, misses;
	rt_buf text = RT_BUF_INIT;
	char *c = path_of(d, ".retort-cache");

	(void)state;
	assert_int_equal(unlink(p), 0);
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	assert_int_equal(dir->count, 1);
	assert_int_equal(hits, 1);
	assert_null(rt_dir_get(dir, B));
	rt_dir_free(dir);
	/* the cache was written again without it */
	rt_buf_init(&text);
	assert_int_equal(rt_fs_read(&text, c), 0);
	assert_null(strstr(text.ptr, B));
	rt_buf_release(&text);
	write_rev(d, "20260103000000_c", A, "CREATE TABLE c (x int);");
	assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses), 0);
	assert_int_equal(dir->count, 2);
	assert_int_equal(misses, 1);
	assert_same_as_fresh(d, dir);
	rt_dir_free(dir);
	test_rmtree(d);
	free(d);
	free(p);
	free(c);
}

/* A cache that is not one (torn, edited, another version) is ignored as
 * a whole: every file is read, and the cache written anew. */
static void test_dircache_corrupt_is_ignored(void **state)
{
	static const char *const bad[] = {
		"",
		"retort-dircache 2\n",
		"retort-dircache 1\n" B ".sql\t1\t2\t3\t4\tnot-a-checksum\t0\t-\n",
		"retort-dircache 1\n" B ".sql\t1\t2\t3\t4", /* torn */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *d = primed();
		char *c = path_of(d, ".retort-cache");
		rt_dir *dir = NULL;
		size_t hits, misses;

		test_write(d, ".retort-cache", bad[i]);
		cache_written_at(d, from_now(60));
		assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses),
				 0);
		assert_int_equal(hits, 0);
		assert_int_equal(misses, 2);
		assert_same_as_fresh(d, dir);
		rt_dir_free(dir);
		test_rmtree(d);
		free(d);
		free(c);
	}
}

/* A malformed migration fails as without the cache, and is never
 * cached: it fails again the next time. */
static void test_dircache_parse_error_not_cached(void **state)
{
	char *d = primed();
	rt_dir *dir = NULL;
	size_t hits, misses;
	int k;

	(void)state;
	test_write(d, B ".sql", "-- retort:parent " A "\nCREATE TABLE b;\n");
	for (k = 0; k < 2; k++) {
		assert_int_equal(rt_dir_load_counted(&dir, d, &hits, &misses),
				 RT_ERROR);
		assert_error_contains("before the first");
		next_second();
	}
	test_rmtree(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dircache_hits_when_unchanged),
		cmocka_unit_test(test_dircache_control_entry_trusted),
		cmocka_unit_test(test_dircache_changed_size),
		cmocka_unit_test(test_dircache_changed_ctime),
		cmocka_unit_test(test_dircache_changed_mtime),
		cmocka_unit_test(test_dircache_changed_inode),
		cmocka_unit_test(test_dircache_same_second_edit),
		cmocka_unit_test(test_dircache_stale_entry),
		cmocka_unit_test(test_dircache_corrupt_is_ignored),
		cmocka_unit_test(test_dircache_parse_error_not_cached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
