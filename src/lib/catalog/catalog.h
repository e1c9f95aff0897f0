/*
 * catalog.h: the schema model. Both sides of a diff are read into this
 * model by introspecting a live database of the same engine (the target,
 * or a scratch database holding a schema file or a migration directory),
 * so the engine itself has parsed and normalized both.
 *
 * As in pg_dump, every object begins with a common header (kind, schema,
 * name, the table it belongs to, dependencies), so ordering, matching and
 * diagnostics work on any object. A catalog owns one arena; everything in
 * it lives until rt_catalog_free().
 */
#ifndef RT_CATALOG_H
#define RT_CATALOG_H

#include "backend/backend.h"

/* Kinds, in the order objects of different kinds are created when nothing
 * else decides (types before tables, tables before their indexes...). */
typedef enum rt_obj_kind {
	RT_OBJ_SCHEMA = 0,
	RT_OBJ_EXTENSION,
	RT_OBJ_COLLATION,
	RT_OBJ_ENUM,
	RT_OBJ_DOMAIN,
	RT_OBJ_COMPOSITE, /* CREATE TYPE x AS (...): an rt_table */
	RT_OBJ_SEQUENCE,
	RT_OBJ_FUNCTION,
	RT_OBJ_TABLE,
	RT_OBJ_CONSTRAINT, /* primary key, unique, check, exclusion */
	RT_OBJ_INDEX,
	RT_OBJ_FOREIGN_KEY, /* after every table and unique key */
	RT_OBJ_VIEW,
	RT_OBJ_MATVIEW,
	RT_OBJ_TRIGGER,
	RT_OBJ_POLICY,
	RT_OBJ_KIND_COUNT
} rt_obj_kind;

typedef struct rt_obj rt_obj;

/* A column an object reads (PostgreSQL: pg_depend's refobjsubid): what
 * a view, index or constraint loses when the column is dropped or its
 * type changes. */
typedef struct rt_coldep {
	const rt_obj *table;
	const char *column;
} rt_coldep;

/* The common header. */
struct rt_obj {
	rt_obj_kind kind;
	const char *schema; /* NULL where the engine has none (SQLite) */
	const char *name;
	const char *table;  /* owning table for constraints, indexes,
			       triggers, policies; else NULL */
	/*
	 * The object's definition as the engine normalizes it (SQLite:
	 * sqlite_schema.sql; PostgreSQL: pg_get_indexdef, pg_get_viewdef,
	 * pg_get_constraintdef, ...). Two objects with the same identity and
	 * the same definition are equal; tables compare column by column
	 * instead.
	 */
	const char *definition;
	const char *comment; /* or NULL */
	/*
	 * The definition in the dialect's canonical form, the one compared:
	 * SQLite stores the CREATE text as written, so the loader rewrites it
	 * as tokens (keywords upper case, identifiers lower case and bare
	 * where they can be, one blank between tokens). NULL: compare
	 * `definition`.
	 */
	const char *canonical;
	/* Objects this one needs to exist first: what the engine's own
	 * dependency records say (pg_depend), never a guess. */
	rt_obj **deps;
	size_t ndeps;
	/* ... and the columns among them it reads (PostgreSQL) */
	rt_coldep *coldeps;
	size_t ncoldeps;
	/* The name as DDL writes it, schema-qualified and quoted where the
	 * engine would (PostgreSQL: quote_ident); NULL: quote `name`. A
	 * function's holds its argument types: "s.f(integer, text)". */
	const char *qname;
	/* Privileges granted to others than the owner (PostgreSQL), sorted:
	 * "grantee PRIVILEGE" or "grantee PRIVILEGE WITH GRANT OPTION",
	 * the grantee quoted or PUBLIC; a NULL ACL reads as the default. */
	const char **acl;
	size_t nacl;
	size_t id; /* position in rt_catalog.objs */
};

typedef struct rt_column {
	const char *name;
	const char *type;	   /* as the engine prints it */
	const char *default_expr;  /* or NULL */
	const char *generated;	   /* generation expression, or NULL */
	const char *identity;	   /* "always", "by default" or NULL */
	/* its sequence's options that do not follow from the column's type
	 * ("[MINVALUE m ][MAXVALUE M ]START WITH 1 INCREMENT BY 1 CACHE 1
	 * NO CYCLE", the range only where it differs from the type's and
	 * the direction's), or NULL */
	const char *identity_options;
	const char *collation;	   /* or NULL: the default */
	const char *comment;
	int not_null;
	int position; /* 1-based */
	/* The column's definition as written, name included: what ADD
	 * COLUMN repeats (SQLite: from the CREATE TABLE text); or NULL. */
	const char *definition;
	/* Canonical form of everything after the name (see rt_obj's), which
	 * then decides equality alone; NULL: compare the fields above. */
	const char *canonical;
	/* PostgreSQL: the name quoted as DDL writes it, its attnum, the
	 * catalog type it uses (an enum, a domain) and whether it comes from
	 * a parent table only (INHERITS, a partition) */
	const char *qname;
	int attnum;
	const rt_obj *type_obj;
	int inherited;
	/* the columns of its table a generated column reads (pg_depend) */
	const char **reads;
	size_t nreads;
	int pk;		       /* position in the primary key, 0: not in it */
	int generated_stored;  /* `generated` is STORED, not VIRTUAL */
	int unique;	       /* a column-level UNIQUE */
	int references;	       /* a column-level REFERENCES */
} rt_column;

typedef struct rt_table {
	rt_obj obj;
	rt_column *columns;
	size_t ncolumns;
	const char *partition_of;    /* parent table, or NULL */
	const char *partition_bound; /* FOR VALUES ..., or NULL */
	const char *partition_key;   /* PARTITION BY ..., or NULL */
	int rls_enabled;
	int rls_forced; /* FORCE ROW LEVEL SECURITY */
	int unlogged;
	/* INHERITS parents, qualified and quoted, ", "-separated, or NULL */
	const char *inherits;
	/* Canonical table options after the column list (SQLite: WITHOUT
	 * ROWID, STRICT), or NULL. */
	const char *options;
	/* A virtual table (SQLite: CREATE VIRTUAL TABLE ... USING): compared
	 * by its canonical definition, its columns are the module's. */
	int is_virtual;
} rt_table;

/* An index; the definition says it all, these are for the diff's
 * decisions (can a column be dropped in place?). */
typedef struct rt_index {
	rt_obj obj;
	int unique;
	int partial;
	/* PostgreSQL: not usable (pg_index.indisvalid false): a build that
	 * failed, or an index on a partitioned table some partition lacks
	 * (CREATE INDEX ON ONLY). It differs from the valid one. */
	int invalid;
	const char **columns; /* by key position; NULL for an expression */
	size_t ncolumns;
} rt_index;

typedef struct rt_enum {
	rt_obj obj;
	const char **labels;
	size_t nlabels;
} rt_enum;

/* A domain (PostgreSQL): changed in place by ALTER DOMAIN unless its
 * base type or collation changes. */
typedef struct rt_domain {
	rt_obj obj;
	const char *base;	  /* format_type of the base type */
	const char *collation;	  /* or NULL */
	const char *default_expr; /* or NULL */
	int not_null;
	const char **check_names; /* quoted */
	const char **checks;	  /* pg_get_constraintdef: CHECK (...) */
	size_t nchecks;
} rt_domain;

/* A function or procedure (PostgreSQL). Its identity is its name and
 * argument types, name "f(integer, text)"; the definition is
 * pg_get_functiondef's CREATE OR REPLACE, which can replace it in place
 * only while the result and the argument names stay (replace_ok). */
typedef struct rt_function {
	rt_obj obj;
	const char *result;  /* pg_get_function_result */
	const char *argdecl; /* pg_get_function_identity_arguments */
	char prokind;	     /* 'f' function, 'p' procedure */
} rt_function;

/* A sequence (PostgreSQL). The definition is the CREATE SEQUENCE with
 * every option; OWNED BY is apart, since the owner must exist first
 * and the owner's default needs the sequence. */
typedef struct rt_sequence {
	rt_obj obj;
	const char *options;	  /* "AS integer INCREMENT BY 1 ..." */
	/* ... one by one, as the server prints them */
	const char *type, *increment, *min, *max, *start, *cache;
	int cycle;
	const rt_obj *owner;	  /* the owning table, or NULL */
	const char *owner_column; /* its column */
	const char *owner_qcol;	  /* quoted */
} rt_sequence;

typedef struct rt_catalog {
	const char *dialect;	 /* be->name */
	const struct rt_backend *be; /* the engine whose catalog it is */
	rt_obj **objs;	     /* sorted by (kind, schema, table, name) */
	size_t nobjs;
	rt_arena arena;
	/* Names match case-insensitively, as the engine resolves them
	 * (SQLite: "Cat" and cat are one table). */
	int fold_case;
	/* The one schema read (PostgreSQL, rt_db_options.schema_name), left
	 * out of objs as public is; NULL: every schema. */
	const char *scope;
	size_t objs_cap; /* private: room in objs while loading */
} rt_catalog;

/* Introspect the database behind `db` (retort's own tables excluded). */
int rt_catalog_load(rt_catalog **out, rt_db *db);
void rt_catalog_free(rt_catalog *cat);
/* An empty catalog of `dialect` (a static string), to fill by hand. */
int rt_catalog_new(rt_catalog **out, const char *dialect);

/* The object of that identity, or NULL. */
rt_obj *rt_catalog_find(const rt_catalog *cat, rt_obj_kind kind,
			const char *schema, const char *table,
			const char *name);
/* The position of the first object at or after that identity in the
 * sort order: name NULL finds the first object of a table. */
size_t rt_catalog_lower_bound(const rt_catalog *cat, rt_obj_kind kind,
			      const char *schema, const char *table,
			      const char *name);

/* Read a schema source (source.c): a database URL, file://PATH.sql (a
 * schema file loaded into a scratch database of `dialect`; a failing
 * statement is reported at file:line) or dir://PATH (a migration
 * directory applied to one up to its heads). `dialect` NULL: the
 * default engine (rt_backend_default). */
int rt_catalog_load_source(rt_catalog **out, const char *src,
			   const char *dialect, const char *scratch_url);
/* ... reading only the objects of schema `schema_name` (PostgreSQL;
 * NULL: every schema): a database is read under that name, a scratch
 * database gets the schema and loads the file or the migrations with
 * it as their search_path. */
int rt_catalog_load_source_in(rt_catalog **out, const char *src,
			      const char *dialect, const char *scratch_url,
			      const char *schema_name);
/* The schema text of an `exec:COMMAND` source (also a source of
 * rt_catalog_load_source, loaded like file://): COMMAND run by /bin/sh -c,
 * its standard output appended to `out`, $RETORT_DIALECT set to `dialect`
 * (an engine's name; NULL: the default engine's). A command that fails, or
 * that prints no SQL, is an error whose detail shows the end of its
 * standard error. */
int rt_catalog_exec_source(rt_buf *out, const char *src, const char *dialect);
/*
 * Scratch databases (rt_catalog_ops.scratch_open) of a server engine are
 * created on the server of `scratch_url` above
 * (rt_schema_options.dev_url) and always dropped. rt_catalog_interrupt()
 * is async-signal-safe: it cancels the statement a scratch database is
 * running, so the load fails at once and its cleanup drops the database;
 * the caller's signal handler calls it.
 */
void rt_catalog_interrupt(void);
int rt_catalog_interrupted(void);

/*
 * A scratch database (source.c): where a file:// or dir:// source is
 * loaded to be read. The engine makes it (scratch_open) and drops it
 * (scratch_drop); source.c runs the load in `db` between the two.
 */
typedef struct rt_scratch {
	rt_db *db;    /* open on the scratch database once made, or NULL */
	void *engine; /* the engine's own state for the drop, or NULL */
} rt_scratch;

/* An engine's catalog (rt_backend.catalog), in catalog_<engine>.c. */
typedef struct rt_catalog_ops {
	/* Introspect the open database `db` into `cat` (retort's own tables
	 * excluded); rt_catalog_load finishes the catalog. */
	int (*load)(rt_catalog *cat, rt_db *db);
	/* Make a scratch database for reading `src` (named in messages) on
	 * the server of URL `server` (--dev-url, else --url; NULL: none
	 * given) and open it in s->db, with `schema_name` (or NULL) made
	 * and set as the one unqualified names resolve in. On failure the
	 * error is set; scratch_drop is called either way. */
	int (*scratch_open)(rt_scratch *s, const char *server, const char *src,
			    const char *schema_name);
	/* Close s->db and drop the database, whatever state scratch_open
	 * left it in, keeping the error already set (if any). */
	void (*scratch_drop)(rt_scratch *s);
} rt_catalog_ops;

/* Every slot that must be there is (checked once, by backend.c). */
int rt_catalog_ops_complete(const rt_catalog_ops *ops);

extern const rt_catalog_ops rt_catalog_ops_sqlite;
extern const rt_catalog_ops rt_catalog_ops_postgres;
extern const rt_catalog_ops rt_catalog_ops_mysql;

/* Helpers for the loaders: new objects in the catalog's arena, and the
 * final sort (which also assigns ids). */
rt_obj *rt_catalog_add(rt_catalog *cat, rt_obj_kind kind, size_t size);
int rt_catalog_finish(rt_catalog *cat);
const char *rt_obj_kind_name(rt_obj_kind kind);
/* Add `dep` to obj's dependencies (no duplicates, not itself). */
int rt_obj_add_dep(rt_catalog *cat, rt_obj *obj, rt_obj *dep);
/* Record that obj reads `column` of `table` (no duplicates). */
int rt_obj_add_coldep(rt_catalog *cat, rt_obj *obj, const rt_obj *table,
		      const char *column);
/* Does obj read that column? */
int rt_obj_reads_column(const rt_obj *obj, const rt_obj *table,
			const char *column);
/* The column named `name` of `t`, or NULL. */
const rt_column *rt_table_column(const rt_table *t, const char *name,
				 int fold_case);

/*
 * Canonical SQL for comparisons (catalog_sqlite.c): `sql` as tokens with
 * comments and blanks dropped, words and identifiers in lower case, bare
 * where they are plain words ("Name" -> name), other identifiers
 * double-quoted, literals as written, one blank between tokens. Two
 * spellings SQLite reads alike compare equal. In `arena`; NULL on OOM.
 */
char *rt_sqlite_canonical(rt_arena *arena, const char *sql, size_t len);
/* `canon` (canonical text) with the identifier `from` replaced by `to`
 * wherever it appears as a token: what a rename does to dependants. */
char *rt_sqlite_canon_rename(rt_arena *arena, const char *canon,
			     const char *from, const char *to);
/* Does the identifier `ident` occur as a token of `canon`? */
int rt_sqlite_canon_mentions(const char *canon, const char *ident);
/* The offset of the '(' that opens a CREATE TABLE text's column list, or
 * 0 when it has none: what a rebuild keeps after a new name. */
size_t rt_sqlite_create_body(const char *sql);

/* The comparable form of a PostgreSQL definition (canon_postgres.c):
 * the server's text as a load of it settles, e.g. "(ARRAY['a'::character
 * varying])::text[]" as "ARRAY[('a'::character varying)::text]". `def`
 * itself when nothing changes, else a copy in `arena`; NULL on OOM. */
char *rt_pg_canonical(rt_arena *arena, const char *def);
/* PostgreSQL definitions are the server's own text (pg_get_viewdef,
 * pg_get_indexdef...), compared as they are; a rename of identifier
 * `from` to `to` rewrites them token by token, quoting `to` as
 * quote_ident would. In `arena`; NULL on OOM. */
char *rt_pg_canon_rename(rt_arena *arena, const char *canon,
			 const char *from, const char *to);
/* `ident` as quote_ident() writes it, appended to `b`: PostgreSQL's one
 * quoter (rt_backend_postgres.quote_ident; ident_postgres.c). */
void rt_pg_put_ident(rt_buf *b, const char *ident);
/* `ident` double-quoted, '"' doubled, appended to `b`, as SQLite's own
 * "%w" writes it: safe whatever the name and whichever keywords a later
 * SQLite adds. SQLite's one quoter (rt_backend_sqlite.quote_ident). */
void rt_sqlite_put_ident(rt_buf *b, const char *ident);
/* MySQL/MariaDB (ident_mysql.c): `ident` backtick-quoted, '`' doubled;
 * a string literal with ' and \ doubled (read alike whatever sql_mode's
 * NO_BACKSLASH_ESCAPES); `canon` with identifier `from` (any case,
 * backticked or bare) written `to`, in `arena`, NULL on OOM. */
void rt_mysql_put_ident(rt_buf *b, const char *ident);
void rt_mysql_put_literal(rt_buf *b, const char *s);
/* Past the '...' or "..." literal, or the `...` identifier, that starts
 * at `p` (backslash escapes in literals; a doubled quote ends one run and
 * starts the next, so a scan by runs ends where the server's does). */
const char *rt_mysql_skip_literal(const char *p);
char *rt_mysql_canon_rename(rt_arena *arena, const char *canon,
			    const char *from, const char *to);

/* A table's partitioning (partition_mysql.c): the clause of SHOW CREATE
 * TABLE's text `create_sql` in the catalog's canonical form (the header
 * line, then "(PARTITION ...,\n PARTITION ...)"), into `out`; empty when
 * the table has none. */
int rt_mysql_partitioning(rt_buf *out, const char *create_sql);
/* The canonical form split again: the header, and each partition's
 * definition (not NUL-terminated). -1 past RT_MYSQL_MAX_PARTS. */
#define RT_MYSQL_MAX_PARTS 8192 /* the server's own limit */
typedef struct rt_mysql_parts {
	const char *head;
	size_t head_len, n;
	const char *item[RT_MYSQL_MAX_PARTS];
	size_t len[RT_MYSQL_MAX_PARTS];
} rt_mysql_parts;
int rt_mysql_partitions_split(const char *canon, rt_mysql_parts *pp);

#endif
