/*
 * migration.h: migration files, the directory and the revision graph
 * (internal). The types are in retort.h; this adds what the engine and
 * the tests use.
 */
#ifndef RT_MIGRATION_H
#define RT_MIGRATION_H

#include "util/common.h"

/* A revision name: 14 digits, '_', then [a-z0-9_]+. */
int rt_revision_name_valid(const char *name, size_t len);
/* A repeatable migration's name: 'R_', then [a-z0-9_]+. */
int rt_repeatable_name_valid(const char *name, size_t len);

/*
 * Parse one migration file's text into `*out`, allocated in `arena`.
 * `path` names the file in messages ("path:line: ...") and is the base
 * for CSV paths; `name` is the revision (the file stem). On failure the
 * error carries path and line.
 */
int rt_migration_parse(rt_migration **out, rt_arena *arena, const char *path,
		       const char *name, const char *text, size_t len);
/* The same without copying the steps: `text` (len bytes and a NUL) holds
 * them, each ended by a NUL written where its last newline was, so it
 * must live as long as the migration (rt_arena_adopt it) and is no
 * longer the file's text. For big files: a 10 MB one is not copied. */
int rt_migration_parse_in_place(rt_migration **out, rt_arena *arena,
				const char *path, const char *name, char *text,
				size_t len);

/* The id of a new migration in `dirpath` (14 digits and a NUL): the UTC
 * time `at` (0: now), moved past the newest id there. */
void rt_new_id(char out[15], const char *dirpath, int64_t at);

/* Link parents and children, order topologically, find heads. Fails on
 * an unknown parent, a cycle or a duplicate id. */
int rt_graph_build(rt_dir *dir, rt_arena *arena);

/* The status cache, DIR/.retort-cache (dircache.c). load never fails:
 * a cache it cannot use is an empty one (NULL only out of memory). get
 * returns the migration of `file` built from its entry when the entry
 * matches `st` and is not racy, else NULL (read the file). save writes
 * the cache again when anything was read or went (best effort: a
 * directory it cannot write to is no error). */
struct stat;
typedef struct rt_dircache rt_dircache;
/* What an entry is keyed by, of a file's stat (40 bytes, not stat's 144:
 * status keeps one per file). regular 0: not a regular file, or one that
 * could not be stat'ed; never trusted, never written. */
typedef struct rt_dircache_key {
	unsigned long long size, ino;
	long long mtime, ctime; /* ns */
	int regular;
} rt_dircache_key;
void rt_dircache_key_of(rt_dircache_key *k, const struct stat *st);
rt_dircache *rt_dircache_load(rt_arena *a, const char *dirpath);
rt_migration *rt_dircache_get(rt_dircache *c, rt_arena *a, const char *file,
			      const rt_dircache_key *k, const char *path,
			      const char *name);
int rt_dircache_save(rt_dircache *c, const char *dirpath,
		     const char *const *files, const rt_dircache_key *keys,
		     rt_migration *const *migs, size_t n);
void rt_dircache_counts(const rt_dircache *c, size_t *hits, size_t *misses);
/* rt_dir_load_summary, telling how many files the cache answered for
 * and how many were read (tests). */
int rt_dir_load_counted(rt_dir **out, const char *path, size_t *hits,
			size_t *misses);
/* Order repeatable migrations (their `-- retort:after` first, then by
 * name), in place; each one's `order` is its position. Fails on an
 * unknown or own name and on a cycle (file:line of an `after` on it). */
int rt_repeatables_order(rt_migration **reps, size_t n, rt_arena *a);

/* Set mark[m->order] = 1 for `m` and every ancestor of it. */
void rt_graph_mark_ancestors(const rt_dir *dir, const rt_migration *m,
			     unsigned char *mark);

/* A target as the user wrote it, resolved against a directory. */
typedef enum rt_target_kind {
	RT_TARGET_HEAD,
	RT_TARGET_HEADS,
	RT_TARGET_BASE,
	RT_TARGET_REVISION,
	RT_TARGET_RELATIVE, /* +N / -N */
} rt_target_kind;

typedef struct rt_target {
	rt_target_kind kind;
	rt_migration *rev; /* RT_TARGET_REVISION, and HEAD once resolved */
	int steps;	   /* RT_TARGET_RELATIVE: +N > 0, -N < 0 */
} rt_target;

/* Resolve `spec`: head, heads, base, +N, -N, a revision or a unique
 * prefix. Unknown and ambiguous names are RT_ENOTFOUND / RT_ERROR with
 * the candidates in the detail. "head" with several heads fails naming
 * them. */
int rt_target_resolve(rt_target *out, const rt_dir *dir, const char *spec);

#endif
