/*
 * lint.h: the safety analysis of migrations (internal to src/lib/lint).
 *
 * lint.c drives: it walks the up sections of the migrations, hands each
 * SQL step to the engine's analyser (rt_lint_ops, reached through the
 * engine descriptor: lint_postgres*.c read libpg_query parse trees,
 * lint_sqlite.c is a tokenizer-based classifier) and turns what they find
 * into findings through rt_lint_emit(), which applies, in this order:
 * exemption (a table new in this migration or run, or absent from the
 * database: the finding is dropped), catalog figures (a small table:
 * lock-only findings are kept but suppressed), lint-ignore directives and
 * retort.conf's lint_ignore (kept, suppressed, with the reason).
 */
#ifndef RT_LINT_H
#define RT_LINT_H

#include "backend/backend.h"
#include "catalog/lookup.h"
#include "migration/migration.h"
#include "util/sql_lex.h"
#include "util/strmap.h"

/* Rule ids, in the order of rt_lint_rules(). */
enum lint_rule {
	R_ADD_COLUMN_VOLATILE_DEFAULT,
	R_ADD_COLUMN_NOT_NULL_NO_DEFAULT,
	R_SET_NOT_NULL,
	R_CHANGE_COLUMN_TYPE,
	R_RENAME_COLUMN,
	R_RENAME_TABLE,
	R_DROP_COLUMN,
	R_DROP_TABLE,
	R_DROP_SCHEMA,
	R_DROP_DATABASE,
	R_CREATE_INDEX_NON_CONCURRENTLY,
	R_DROP_INDEX_NON_CONCURRENTLY,
	R_REINDEX_NON_CONCURRENTLY,
	R_CONCURRENTLY_IN_TRANSACTION,
	R_ADD_FOREIGN_KEY_VALIDATED,
	R_ADD_CHECK_VALIDATED,
	R_ADD_UNIQUE_CONSTRAINT,
	R_ADD_PRIMARY_KEY,
	R_ENUM_VALUE_REMOVED,
	R_ENUM_VALUE_REORDERED,
	R_RENAME_ENUM_VALUE,
	R_VACUUM_FULL,
	R_VACUUM_IN_TRANSACTION,
	R_CLUSTER,
	R_TRUNCATE,
	R_DROP_PARTITION,
	R_LOCK_TABLE,
	R_MISSING_LOCK_TIMEOUT,
	R_BACKFILL_IN_DDL_TRANSACTION,
	R_TRANSACTION_CONTROL,
	R_TABLE_REBUILD,
	R_BLOCKING_ALTER,
	R_NARROWING_COLUMN_TYPE,
	R_LOSSY_CHARSET_CHANGE,
	R_CHAR_COLUMN,
	R_TIMESTAMP_WITHOUT_TIME_ZONE,
	R_SERIAL_COLUMN,
	R_INT_PRIMARY_KEY,
	R_STANDBY_CONFLICT,
	R_UNPARSED_STATEMENT,
	R_UNKNOWN_LINT_RULE,
	R__COUNT
};

/* A set of rules, one bit each. */
#define RT_LINT_RULE_BIT(r) ((uint64_t)1 << (r))
_Static_assert(R__COUNT <= 64, "a rule set is a uint64_t");

/* The fixed prose of a rule: what happens, and the safe way. */
typedef struct lint_text {
	const char *effect;
	const char *hint;
} lint_text;

/* The catalogue; its dialects are filled by rt_lint_rules_ready(), which
 * lint calls before reading it (once per process, thread-safe). */
extern rt_lint_rule rt_lint_rule_table[R__COUNT];
void rt_lint_rules_ready(void);
extern const lint_text rt_lint_texts[R__COUNT];

/* What an analyser found; rt_lint_emit() makes it a finding. */
typedef struct lint_hit {
	enum lint_rule rule;
	/* The table the statement locks or changes: a table new in this
	 * run, or absent from the database, exempts the finding from lock
	 * and compatibility rules. NULL: no exemption applies. */
	const char *table;
	/* Byte offset in the step's text of the offending text; < 0: the
	 * statement's first character. */
	long pos;
	const char *message;	   /* required */
	const char *effect;	   /* NULL: the rule's */
	const char *hint;	   /* NULL: the rule's */
	const char *safe_sql;	   /* or NULL */
	rt_lint_severity severity; /* 0: the rule's */
	/* The statement fails only when the table has rows (SQLite's ADD
	 * COLUMN checks): an empty table, per the catalog, suppresses it,
	 * and smallness does not. */
	int needs_rows;
} lint_hit;

/* A name set: tables and indexes new in the run, with what they map to. */
typedef struct lint_name {
	const char *name;  /* the key: as the dialect folds it */
	const char *value; /* an index's table; a table's creating line */
	int line;
} lint_name;

/* What is known of an enum type: its labels in order. */
typedef struct lint_enum {
	const char *name;
	rt_vec labels; /* char * */
	int gone;      /* renamed away or dropped: a CREATE of the name is
			  a recreation, to compare with these labels
			  (2: labels unknown) */
	/* the migration of this lint that created it, or NULL: in the same
	 * run, no application can be using it yet */
	const rt_migration *created_by;
} lint_enum;

/* Where a statement stood: to report on it once a later one shows what
 * it did (the copy of a rebuild, a backfill held with DDL). */
typedef struct lint_where {
	const rt_step *step;
	const char *text;
	size_t start, len;
	int line, end_line, prev_end;
} lint_where;

struct rt_lint_ops;

typedef struct lint_ctx {
	rt_arena *a; /* the report's: findings live as long as it */
	const rt_lint_options *opts;
	const rt_dir *dir;
	rt_lint_report *rep;
	const rt_backend *be;	       /* the dialect's engine */
	const struct rt_lint_ops *ops; /* be->lint */
	/* the engine's own state (rt_lint_ops.state_new), opaque here */
	void *engine;
	int silent;	 /* reading history: no findings, no catalog */
	rt_vec findings; /* rt_lint_finding * */
	rt_vec tables;	 /* rt_lint_table *: catalog figures looked up */
	double small_rows;
	int64_t small_bytes;
	/* the server's hot standbys, read once (rt_lint_catalog_standbys) */
	int standbys_read, nstandbys;
	const char *standbys;

	/* new in this run (same_run) or this migration */
	rt_strmap created;	/* rt_lint_name_key -> lint_name *: tables */
	rt_vec created_indexes; /* lint_name *: index -> table, whole run */
	rt_vec created_schemas; /* lint_name * */
	/* tables of the database the run renamed: the name the run gave
	 * (name) -> the name the database knows (value) */
	rt_vec renamed;
	rt_vec enums;		/* lint_enum *, across migrations */

	/* the migration */
	const rt_migration *m;
	int plain;	  /* a plain SQL file, not a migration */
	int in_txn;	  /* statements run inside a transaction */
	int lock_timeout; /* SET lock_timeout seen in this migration */
	int lock_timeout_reported;
	int ddl_in_txn;	      /* DDL on an existing table, this transaction */
	rt_vec backfills;     /* lint_hit *: unbounded UPDATEs, this txn */
	int prev_end_line;    /* last line of the previous statement */
	/* the migrations before the current one, read silently on the
	 * first look-up and then as the run goes on (column types) */
	struct lint_ctx *history;
	unsigned char *replayed; /* by order in dir: read into history, or
				    linted by the run itself */

	/* the statement */
	const rt_step *step;
	const char *text; /* the step's text */
	rt_sql_lines lines; /* line cursor over `text` of `lines_step` */
	const rt_step *lines_step;
	size_t stmt_start, stmt_len;
	int stmt_line, stmt_end_line;
	size_t nstatements;
} lint_ctx;

/*
 * An engine's lint (rt_backend.lint), in lint_<engine>.c: what lint.c
 * asks of the engine. Every slot is required (checked once, with the
 * descriptor).
 */
typedef struct rt_lint_ops {
	/* The rules the engine's analyser applies (RT_LINT_RULE_BIT): the
	 * "dialects" of rt_lint_rules() are read from these sets. */
	uint64_t rules;
	/* Make the engine's state for context x (x->engine), and free it;
	 * what the state holds may live in x->a. */
	int (*state_new)(void **out, lint_ctx *x);
	void (*state_free)(void *state);
	/* A migration starts: forget what lasts only one migration. */
	void (*begin_migration)(lint_ctx *x);
	/* Analyse x->step (x->text), statement by statement: for each, set
	 * the statement fields with rt_lint_begin_statement() and emit
	 * hits. */
	int (*step)(lint_ctx *x);
	/* The catalog look-ups lint makes (catalog/lookup.h). */
	const rt_lookup_ops *lookup;
} rt_lint_ops;

extern const rt_lint_ops rt_lint_ops_sqlite;
extern const rt_lint_ops rt_lint_ops_mysql;
extern const rt_lint_ops rt_lint_ops_postgres;

/* Every slot that must be there is (checked once, by backend.c). */
int rt_lint_ops_complete(const rt_lint_ops *ops);

/* The engine lint reads SQL as when neither a dialect nor a database is
 * given (retort.h: PostgreSQL). */
const rt_backend *rt_lint_default_backend(void);

/* Start statement [start, start+len) of x->text: skips leading blanks and
 * comments, sets lines, and matches statement-level lint-ignores. */
void rt_lint_begin_statement(lint_ctx *x, size_t start, size_t len);
/* The step of an engine whose analyser reads one statement at a time:
 * x->text split by the engine's splitter, each statement begun
 * (rt_lint_begin_statement) and, unless it is only comments, analysed. */
int rt_lint_each_statement(lint_ctx *x, int (*analyse)(lint_ctx *x));
/* Close the transaction the statements so far ran in (a COMMIT in a
 * plain file, the end of a section): reports backfills held with DDL. */
int rt_lint_end_transaction(lint_ctx *x);

/* Make `h` a finding (exemptions, figures and suppression applied).
 * *counted (may be NULL) tells whether it counts. */
int rt_lint_emit(lint_ctx *x, const lint_hit *h, int *counted);
/* The current statement's place, and a hit emitted at a saved one. */
void rt_lint_where_save(const lint_ctx *x, lint_where *w);
int rt_lint_emit_at(lint_ctx *x, const lint_where *w, const lint_hit *h);

/* Keep an unbounded UPDATE until its transaction ends: it is a hazard
 * when the transaction also holds DDL locks, before or after it. */
int rt_lint_hold_backfill(lint_ctx *x, const lint_hit *h);

/* A statement took a lock that blocks reads or writes on `table`:
 * reports a missing lock_timeout once per migration, and marks DDL in
 * the transaction for the backfill rule. */
int rt_lint_blocking_lock(lint_ctx *x, const char *table, long pos);

/* Names: `name` is new in the run (created), or no longer. */
int rt_lint_add_created(lint_ctx *x, const char *name);
void rt_lint_forget_created(lint_ctx *x, const char *name);
int rt_lint_is_new(const lint_ctx *x, const char *name);
int rt_lint_add_index(lint_ctx *x, const char *index, const char *table);
/* `ALTER TABLE from RENAME TO to`: a table the run created stays the
 * run's under its new name, a table of the database stays the
 * database's (its findings and figures are the old name's); the run's
 * indexes follow their table. */
int rt_lint_rename_table(lint_ctx *x, const char *from, const char *to);
/* `ALTER INDEX from RENAME TO to`: 1 when the index is one the run or the
 * database has (its table known), else 0. */
int rt_lint_rename_index(lint_ctx *x, const char *from, const char *to);
/* The name the database knows a table by (the run may have renamed it). */
const char *rt_lint_db_name(const lint_ctx *x, const char *table);
/* The table of an index created in the run, or NULL. */
const char *rt_lint_index_table(const lint_ctx *x, const char *index);
/* The table of an index: created in the run, else in the database, else
 * (no database) in the migrations before; *table NULL when unknown. */
int rt_lint_index_known(lint_ctx *x, const char *index, const char **table);
/* 1 when `index` is known not to exist here: the run has not made it, and
 * the database (or, without one, the directory's history) has not either.
 * 0 when it exists or nothing says; negative on error. */
int rt_lint_index_absent(lint_ctx *x, const char *index);
/* The current migration drops `table`: its earlier lock-only findings on it
 * (DROP INDEX before DROP TABLE) change nothing and are suppressed. */
int rt_lint_table_dropped(lint_ctx *x, const char *table);
lint_enum *rt_lint_enum(lint_ctx *x, const char *name, int create);
/* An enum's labels as the migrations of x->dir before the current one
 * leave it (*found 0: none defines it, or there is no directory). */
int rt_lint_history_enum(lint_ctx *x, const char *name, rt_vec *labels,
			 int *found);

/* The migrations of x->dir before the current one, as a silent context
 * that has read them (*out NULL: no history, e.g. no directory). */
int rt_lint_history(lint_ctx *x, lint_ctx **out);

/* Catalog look-ups through opts->db and the engine's lookup ops
 * (lint_catalog.c); all return 0 and "unknown" when there is no database,
 * or when the engine has no such look-up (its slot is NULL). */
/* The table an index belongs to, in the database; NULL when unknown. */
int rt_lint_catalog_index_table(lint_ctx *x, const char *index,
				const char **table);
/* An enum's labels in the database; *found 0 when it is not there. */
int rt_lint_catalog_enum(lint_ctx *x, const char *type, rt_vec *labels,
			 int *found);
/* The figures of `table` (cached in x->tables); *out NULL without db. */
int rt_lint_catalog_table(lint_ctx *x, const char *table,
			  const rt_lint_table **out);

/* A table's columns in the database, in order; *found 0 when the table
 * or the database is not there. */
int rt_lint_catalog_columns(lint_ctx *x, const char *table, rt_vec *cols,
			    int *found);
/* The validated CHECK (col IS NOT NULL) constraints of `table` in the
 * database that spare SET NOT NULL its scan, by name (PostgreSQL 12+;
 * none before: SET NOT NULL scans there anyway). */
int rt_lint_catalog_not_null_checks(lint_ctx *x, const char *table,
				    const char *col, rt_vec *names);
/* The column a CHECK constraint of `table` in the database says IS NOT
 * NULL; *col NULL when it is another check, or absent. */
int rt_lint_catalog_check_column(lint_ctx *x, const char *table,
				 const char *conname, const char **col,
				 int *found);

/* A column's type as the engine's catalog names it (PostgreSQL's pg_type:
 * "varchar"; a type outside pg_catalog schema-qualified), its typmod, and
 * whether its collation is the type's default; *type NULL when the column or
 * the database is not there. */
int rt_lint_catalog_column_type(lint_ctx *x, const char *table,
				const char *column, const char **type,
				int *typmod, int *default_collation);

/* The server's hot standbys per the database (names ", " between);
 * *n 0 without a database, or where the engine cannot say. */
int rt_lint_catalog_standbys(lint_ctx *x, int *n, const char **names);

/* printf into the report's arena (NULL on failure, error set). */
char *rt_lint_fmt(lint_ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Identifier as SQL would need it: bare when plain lowercase, else
 * quoted by the dialect's quoter (rt_backend.quote_ident). */
void rt_lint_put_ident(const lint_ctx *x, rt_buf *b, const char *name);

/* Do two table names of the dialect name one table (the schema part
 * aside)? Case-insensitive where the engine folds table names. */
int rt_lint_name_eq(const lint_ctx *x, const char *a, const char *b);
/* The key under which rt_lint_name_eq finds a table (and, with col, a
 * column of it, whose case folds): equal names, equal keys. In buf when
 * it fits, else in the context's arena; NULL: out of memory. */
const char *rt_lint_name_key(const lint_ctx *x, const char *table,
			     const char *col, char *buf, size_t size);
/* The key of a table name and (col: not NULL) a column name, each taken
 * as it is or case-folded; rt_lint_name_key's, and the dialects' own. */
const char *rt_lint_pair_key(const lint_ctx *x, const char *table,
			     int fold_table, const char *col, int fold_col,
			     char *buf, size_t size);
#define RT_LINT_KEY_SIZE 256

#endif
