/*
 * import.h: `retort import TOOL SRC`: adopting another migration tool's
 * project. One const descriptor per source tool (rt_importer), as the
 * engines have theirs; import.c does everything the tools share.
 *
 * How an importer plugs in
 * ------------------------
 * A new tool is one file, src/lib/import/import_<tool>.c, that defines
 *
 *	const rt_importer rt_importer_<tool> = {
 *		.name = "<tool>",          the TOOL word of the command
 *		.src = "the folder of ...", what SRC is, for --help and errors
 *		.table = "<version table>", for messages
 *		.linear = 1,               parents = the previous migration
 *		.read = <tool>_read,
 *		.applied = <tool>_applied,
 *	};
 *
 * plus one line in importers[] in import.c and one in meson.build.
 *
 * read(set, ctx) fills `set` with the source's migrations, in order:
 * parents before children (for a linear tool, the tool's own order). For
 * each, it calls rt_import_add() and fills the returned entry:
 *   - version: the key the tool's version table uses for it ("3",
 *     "20240101120000", an Alembic revision id); unique within the set;
 *   - name: the tool's description ("create_users"), from which the
 *     retort slug is made (may be "");
 *   - tag: how the version reads in the slug when the id is not the
 *     version itself (NULL: the version; "": leave it out);
 *   - file: the source file it came from (messages, the comment line);
 *   - up_sql: the up SQL, NUL-terminated (may be "");
 *   - down_sql: the down SQL, or NULL when the source has none: the
 *     retort migration is then irreversible (said in --dry-run);
 *   - up_no_transaction, down_no_transaction: the tool's no-transaction
 *     marker for that direction (retort's `transaction=false`);
 *   - parents, nparents: for a tool that is not linear, the versions of
 *     its parents (none: a root; two or more: a merge); ignored when the
 *     descriptor says linear.
 * Strings live in set->arena (rt_import_strdup, rt_import_read_file) or
 * are static. A bad source is an error set where it was found, naming
 * file:line (rt_error_at), returned negative; nothing has been written
 * yet, so read() need not clean up.
 *
 * applied(set, ctx) runs only when a database was given (ctx->db, which
 * exists: a database that is not there has nothing applied and applied()
 * is not called). It reads the tool's version table through ctx->db
 * (rt_import_query) and reports each applied version with
 * rt_import_mark_applied(); a version the table names that the source has
 * no migration for is an error there. A missing table means nothing is
 * applied (rt_import_table_exists). It never writes: import.c records
 * the marked migrations in retort_migrations, in one transaction, with
 * one retort_log row each (event "import").
 *
 * Everything else (the retort names, ids and slugs, parents for linear
 * tools, checks of duplicates and unknown parents, the files, written
 * into a temporary directory and renamed into place, the plan of
 * --dry-run, the bookkeeping) is import.c's.
 */
#ifndef RT_IMPORT_H
#define RT_IMPORT_H

#include "util/common.h"

typedef struct rt_import_migration {
	/* filled by the importer's read() */
	const char *version;
	const char *name;
	const char *tag; /* NULL: version */
	const char *file;
	const char *up_sql;
	const char *down_sql; /* NULL: irreversible */
	int up_no_transaction, down_no_transaction;
	const char **parents; /* versions; not for a linear tool */
	size_t nparents;
	/* rt_import_mark_applied() */
	int applied;
	/* import.c: the retort revision name and its parents' names */
	const char *revision;
	const char **rparents;
	size_t nrparents;
} rt_import_migration;

typedef struct rt_import_set {
	rt_arena arena;			  /* everything in the set */
	rt_import_migration **migrations; /* in order */
	size_t count, cap;
	/* remarks for the user (a table missing, ...), shown with the plan */
	const char **notes;
	size_t nnotes, notes_cap;
	const struct rt_importer *importer;
	/* the importer's own state from read() to applied() (in the arena) */
	void *tool;
} rt_import_set;

/* What an importer is given. */
typedef struct rt_import_ctx {
	const char *src; /* SRC as given */
	/* the dialect SQL is wanted in: that of the database URL (or the
	 * default engine's without one): "sqlite", "postgres", "mysql" */
	const char *dialect;
	const char *url; /* the database URL, or NULL */
	rt_db *db;	 /* open, or NULL without a URL */
} rt_import_ctx;

typedef struct rt_importer {
	const char *name;
	const char *src;
	const char *table;
	int linear;
	int (*read)(rt_import_set *set, const rt_import_ctx *ctx);
	int (*applied)(rt_import_set *set, const rt_import_ctx *ctx);
} rt_importer;

extern const rt_importer rt_importer_alembic;
extern const rt_importer rt_importer_dbmate;
extern const rt_importer rt_importer_goose;
extern const rt_importer rt_importer_golang_migrate;
extern const rt_importer rt_importer_sql_migrate;
extern const rt_importer rt_importer_flyway;
extern const rt_importer rt_importer_sqitch;

/* Every importer, in the order `retort import --help` lists them. */
const rt_importer *const *rt_importer_all(size_t *n);
/* By TOOL word, or NULL. */
const rt_importer *rt_importer_named(const char *name);

/* ---- for importers --------------------------------------------------- */

/* A new zeroed entry appended to the set, or NULL (out of memory). */
rt_import_migration *rt_import_add(rt_import_set *set);
char *rt_import_strdup(rt_import_set *set, const char *s);
char *rt_import_strndup(rt_import_set *set, const char *s, size_t n);
/* A remark shown with the plan. */
int rt_import_note(rt_import_set *set, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The whole file, NUL-terminated, in the set's arena; "could not read"
 * errors name the path. A file with a NUL byte is refused (not SQL). */
int rt_import_read_file(char **out, size_t *len, rt_import_set *set,
			const char *path);
/* The names of the regular files in directory `dir` that end with
 * `suffix` (NULL: all), sorted bytewise, in the set's arena. A missing
 * or unreadable directory is an error naming it. */
int rt_import_list(const char ***names, size_t *n, rt_import_set *set,
		   const char *dir, const char *suffix);
/* The same through every subdirectory (not those starting with '.'):
 * paths relative to `dir` ("sub/V1__x.sql"), each directory's files
 * sorted, the directory's own before its subdirectories'. */
int rt_import_list_tree(const char ***names, size_t *n, rt_import_set *set,
			const char *dir, const char *suffix);
/* "dir/name" in the set's arena. */
char *rt_import_path(rt_import_set *set, const char *dir, const char *name);

/* Mark `version` applied. Unknown: an error naming the tool's table and
 * the version, with a hint. Marking twice is harmless. */
int rt_import_mark_applied(rt_import_set *set, const char *version);
/* The entry of `version`, or NULL. */
rt_import_migration *rt_import_find(const rt_import_set *set,
				    const char *version);
/* Does table `name` exist in ctx->db (the schema retort uses)? */
int rt_import_table_exists(const rt_import_ctx *ctx, const char *name,
			   int *exists);
/* Run one read-only query on ctx->db; `cb` gets each row as text (NULL
 * for SQL NULL) and returns 0 to go on or a negative error (set) that
 * stops the query and is returned. */
int rt_import_query(const rt_import_ctx *ctx, const char *sql,
		    int (*cb)(void *payload, int ncols,
			      const char *const *vals),
		    void *payload);

/* ---- line scanning, for the tools whose markers are SQL comments ----- */

/* One line of a text: [p, p+len) without its newline; `no` 1-based. */
typedef struct rt_import_line {
	const char *p;
	size_t len;
	int no;
	const char *next; /* where the following line starts */
} rt_import_line;

/* The first line at `text` (call with the previous line's next);
 * 0 at the end. */
int rt_import_next_line(rt_import_line *l, const char *at, int no);
/* Is the line blank or only an SQL comment ("--" ...)? */
int rt_import_line_is_comment(const rt_import_line *l);
/* An up or down part of a file whose parts are marked by comments (dbmate,
 * goose, sql-migrate): the marker's line, its no-transaction option and the
 * SQL under it. */
typedef struct rt_import_part {
	int seen, line, no_tx;
	rt_buf sql;
} rt_import_part;

/* Store the parts' SQL as m's up and down (down NULL when it was not seen);
 * no_tx applies to both (a file-wide option). Releases both buffers. */
int rt_import_store_parts(rt_import_migration *m, rt_import_set *set,
			  rt_import_part *up, rt_import_part *down, int no_tx);

/* Sort the set's migrations by their versions with `cmp`. */
void rt_import_sort(rt_import_set *set, int (*cmp)(const void *, const void *));

/*
 * The comment-annotated formats of goose and sql-migrate: `-- +goose Up`,
 * `-- +goose Down`, `-- +goose StatementBegin` / `StatementEnd` (marker
 * lines dropped: retort's splitter keeps a function body whole), goose's
 * `-- +goose NO TRANSACTION` (both directions) and sql-migrate's
 * `-- +migrate Up notransaction` (that direction). `word` is "+goose" or
 * "+migrate". Fills up_sql, down_sql (NULL without a Down) and the
 * no-transaction flags; errors name file:line.
 */
int rt_import_parse_annotated(rt_import_migration *m, rt_import_set *set,
			      const char *file, const char *text,
			      const char *word);

/* Set the error at file:line with the tool's name first. */
int rt_import_error_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
