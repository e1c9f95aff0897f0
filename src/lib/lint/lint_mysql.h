/*
 * lint_mysql.h: what the MySQL/MariaDB analyser's files share (internal
 * to lint_*mysql.c): a statement as tokens, the engine's lint state (the
 * server it judges for, the columns the run has defined), and the
 * algorithm table.
 *
 *   lint_mysql.c         the ops, state, statement dispatch (DROP, RENAME,
 *                        TRUNCATE, LOCK TABLES, CREATE TABLE/INDEX, SET)
 *   lint_lex_mysql.c     a statement as tokens; column definitions read
 *   lint_alter_mysql.c   ALTER TABLE: each clause's algorithm and lock,
 *                        data loss and compatibility
 *   lint_algo_mysql.c    the algorithm table (what MariaDB or MySQL of a
 *                        version does for each kind of change) and the
 *                        type comparisons (widening, narrowing, charsets)
 */
#ifndef RT_LINT_MYSQL_H
#define RT_LINT_MYSQL_H

#include "lint/lint.h"

/* ---- tokens ------------------------------------------------------------ */

typedef enum my_tok_kind {
	MY_WORD,   /* a bare word, lowercased in `s` */
	MY_IDENT,  /* a `quoted` identifier, unquoted in `s` */
	MY_STRING, /* '...' or "..." (ANSI_QUOTES is off), unquoted */
	MY_NUMBER,
	MY_PUNCT, /* one character: ( ) , = ; . and the rest */
} my_tok_kind;

typedef struct my_tok {
	my_tok_kind kind;
	const char *s; /* in the report's arena */
	size_t pos;    /* offset in the step's text */
} my_tok;

/* A statement's tokens; `depth[i]` is the parenthesis depth of token i
 * (a "(" is at the depth outside it). */
typedef struct my_stmt {
	my_tok *t;
	int *depth;
	int n;
} my_stmt;

/* Tokenize x->text[x->stmt_start, +stmt_len) into *out (arena). */
int rt_lint_my_tokens(lint_ctx *x, my_stmt *out);
/* The same for s[start, +len) (positions are offsets in s). */
int rt_lint_my_tokens_of(lint_ctx *x, const char *s, size_t start, size_t len,
			 my_stmt *out);

/* Is token i the word `w` (a bare word; quoted names never match)? */
int rt_lint_my_is(const my_stmt *st, int i, const char *w);
/* A name at token i (a word or a `quoted` name, "db.t" joined to "t"),
 * or NULL; *next is the token after it. */
const char *rt_lint_my_name(const my_stmt *st, int i, int *next);
/* The token after the group opened by "(" at token i. */
int rt_lint_my_skip_group(const my_stmt *st, int i);

/* ---- types and columns ------------------------------------------------- */

/* Classes of character sets by what they can hold: a conversion to a
 * lower class can lose characters. */
enum {
	MY_CS_UNKNOWN = 0,
	MY_CS_BYTE,    /* one byte a character: latin1, ascii, cp1251 ... */
	MY_CS_BMP,     /* the Basic Multilingual Plane: utf8mb3, ucs2 */
	MY_CS_UNICODE, /* every character: utf8mb4, utf16, utf32 */
};

/* A column as a definition (or the catalog) gives it. Strings live in the
 * report's arena; NULL or -1 when the definition does not say. */
typedef struct my_column {
	const char *type; /* base type, lowercased: "varchar", "int" */
	long len;	  /* (n), or -1 */
	long scale;	  /* (p,s): s, or -1 */
	int is_unsigned;
	const char *charset;   /* CHARACTER SET, lowercased, or NULL */
	const char *collation; /* COLLATE, or NULL */
	const char *values;    /* ENUM/SET: the (...) text, or NULL */
	int not_null;	       /* 1 NOT NULL, 0 NULL or unsaid */
	int has_default;       /* DEFAULT given (or an implicit one) */
	int auto_increment;
	int generated;	     /* 1 virtual, 2 stored/persistent */
	int primary, unique; /* inline PRIMARY KEY / UNIQUE */
	int placed;	     /* FIRST or AFTER */
	int known;	     /* a type was read */
} my_column;

/* Read the definition at tokens [i, end) (after the column name). */
void rt_lint_my_read_column(lint_ctx *x, const my_stmt *st, int i, int end,
			    my_column *out);

/* A column the run (or the history) has defined. */
typedef struct my_known {
	const char *table, *name;
	my_column col;	     /* col.known 0: dropped, or not comparable */
	const char *charset; /* the charset it effectively has, or NULL */
	const rt_migration *added_by; /* its ADD COLUMN's, or NULL */
} my_known;

/* A table's default character set as the run left it. */
typedef struct my_table_cs {
	const char *table, *charset;
} my_table_cs;

/* The server lint judges for: from the database, else MariaDB 10.11,
 * the version the suite runs. */
typedef struct my_server {
	int mariadb;
	int major, minor, patch;
} my_server;

/* Parse what VERSION() says ("10.11.6-MariaDB-0+deb12u1", "8.0.36"). */
int rt_lint_my_parse_version(my_server *out, const char *version);
/* "MariaDB 10.11", "MySQL 8.0.36" */
const char *rt_lint_my_server_name(lint_ctx *x, const my_server *s);

/* What the MySQL analyser keeps across migrations (x->engine). */
typedef struct my_state {
	rt_vec columns;	 /* my_known *: the latest record of a column last */
	/* looked up for every column of every statement: by key
	 * (rt_lint_name_key), not by scanning all the run saw */
	rt_strmap column_by_key; /* table and column -> latest my_known */
	rt_strmap table_cs;	 /* table -> latest my_table_cs */
	rt_strmap fulltext;	 /* tables the run gave a FULLTEXT index */
	my_server server;
	int server_read;   /* asked the database once */
	int fk_checks_off; /* SET foreign_key_checks = 0 in this migration */
} my_state;

static inline my_state *mys(const lint_ctx *x)
{
	return x->engine;
}

/* The server (read from the database on first use). */
const my_server *rt_lint_my_server(lint_ctx *x);

/* The column as it stands before the current statement: the run's record,
 * else the database's, else the history's. *out NULL: nobody knows. */
int rt_lint_my_old_column(lint_ctx *x, const char *table, const char *col,
			  const my_known **out);
/* The charset a table gives its columns by default, or NULL. */
int rt_lint_my_table_charset(lint_ctx *x, const char *table, const char **out);
/* Does the table have a FULLTEXT index (the run's, the database's or the
 * history's)? And: the run gives it one. */
int rt_lint_my_has_fulltext(lint_ctx *x, const char *table, int *yes);
int rt_lint_my_remember_fulltext(lint_ctx *x, const char *table);
/* Record what a statement did to a column (col NULL: dropped). */
int rt_lint_my_remember(lint_ctx *x, const char *table, const char *name,
			const my_column *col, int added);
int rt_lint_my_remember_table_cs(lint_ctx *x, const char *table,
				 const char *charset);
/* Column and table renames, for the records. */
int rt_lint_my_rename_column(lint_ctx *x, const char *table, const char *from,
			     const char *to);
/* A column the run added (this migration's, for history). */
int rt_lint_my_column_is_new(const lint_ctx *x, const char *table,
			     const char *col);

/* ---- the algorithm table ----------------------------------------------- */

/* Ordered: a statement takes the highest of its clauses'. */
typedef enum my_alg {
	MY_INSTANT,
	MY_NOCOPY,
	MY_INPLACE, /* rebuilds the table in place */
	MY_COPY,
} my_alg;

typedef enum my_lock {
	MY_LOCK_NONE,
	MY_LOCK_SHARED,
	MY_LOCK_EXCLUSIVE,
} my_lock;

/* The kinds of change whose cost depends on the server. */
typedef enum my_op {
	MY_OP_ADD_COLUMN,	   /* last position */
	MY_OP_ADD_COLUMN_PLACED,   /* FIRST / AFTER */
	MY_OP_ADD_COLUMN_AUTO_INC, /* an AUTO_INCREMENT column */
	MY_OP_ADD_COLUMN_STORED,   /* a STORED generated column */
	MY_OP_DROP_COLUMN,
	MY_OP_REORDER_COLUMN,
	MY_OP_RENAME_COLUMN,
	MY_OP_SET_DEFAULT,
	MY_OP_VARCHAR_EXTEND, /* longer, same length bytes */
	MY_OP_ENUM_APPEND,
	MY_OP_CHARSET_UTF8MB4, /* utf8mb3 to utf8mb4, same type */
	MY_OP_COLLATION,       /* collation of the same charset */
	MY_OP_SET_NOT_NULL,
	MY_OP_DROP_NOT_NULL,
	MY_OP_TYPE_CHANGE, /* any other change of the stored type */
	MY_OP_ADD_INDEX,
	MY_OP_ADD_FULLTEXT,
	MY_OP_ADD_SPATIAL,
	MY_OP_DROP_INDEX,
	MY_OP_RENAME_INDEX,
	MY_OP_ADD_PRIMARY_KEY,
	MY_OP_DROP_PRIMARY_KEY, /* without adding one */
	MY_OP_ADD_FOREIGN_KEY,	/* foreign_key_checks=1 */
	MY_OP_ADD_FOREIGN_KEY_UNCHECKED,
	MY_OP_DROP_CONSTRAINT,
	MY_OP_ADD_CHECK,
	MY_OP_CONVERT_CHARSET,
	MY_OP_TABLE_OPTION, /* DEFAULT CHARSET, COMMENT, AUTO_INCREMENT= */
	MY_OP_REBUILD,	    /* FORCE, ENGINE=InnoDB, ROW_FORMAT, OPTIMIZE */
	MY_OP_ENGINE_CHANGE,
	MY_OP_ORDER_BY,
	MY_OP_PARTITIONING, /* PARTITION BY, REMOVE PARTITIONING */
	MY_OP_RENAME_TABLE,
	MY_OP__COUNT
} my_op;

typedef struct my_cost {
	my_alg alg;
	my_lock lock; /* the least the server allows */
} my_cost;

/* What `op` costs on server `s` (facts of MariaDB 10.11 measured on the
 * server; older MariaDB and MySQL 8 from their manuals). */
my_cost rt_lint_my_cost(my_op op, const my_server *s);
/* The same on a table with a FULLTEXT index: what would be instant or
 * online rebuilds the table with LOCK=SHARED (measured on MariaDB 10.11;
 * MySQL's manual says the same of its rebuilds). *changed: it differs. */
my_cost rt_lint_my_cost_fulltext(my_op op, const my_server *s, int *changed);
const char *rt_lint_my_alg_name(my_alg a);
const char *rt_lint_my_lock_name(my_lock l);

/* How a MODIFY/CHANGE changes the stored column: the op (MY_OP__COUNT:
 * nothing stored changes: a default, a comment, the position aside) and
 * whether values can be lost (narrowing: a description, else NULL). */
typedef struct my_change {
	my_op op;
	const char *narrowing;
	const char *charset_loss; /* "utf8mb4 to latin1" or NULL */
	int set_not_null;
	const char *from_cs, *to_cs; /* the text's charsets, when known */
} my_change;

/* "decimal(10,2) unsigned", "enum('a','b')" */
const char *rt_lint_my_describe(lint_ctx *x, const my_column *c);

void rt_lint_my_compare(lint_ctx *x, const my_known *from,
			const char *from_table_cs, const my_column *to,
			const char *to_table_cs, my_change *out);

/* Bytes a character takes at most in `charset` (1 when unknown), and its
 * class (MY_CS_*). */
int rt_lint_my_mbmaxlen(const char *charset);
int rt_lint_my_cs_class(const char *charset);
/* A charset's name as the catalog says it: utf8 is utf8mb3. */
const char *rt_lint_my_cs_norm(const char *charset);

/* ---- statements -------------------------------------------------------- */

int rt_lint_my_alter_table(lint_ctx *x, const my_stmt *st, int at);
/* CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON table ...: the clause
 * analysis of ALTER TABLE ... ADD INDEX. */
int rt_lint_my_create_index(lint_ctx *x, const my_stmt *st, int at);
/* OPTIMIZE [NO_WRITE_TO_BINLOG|LOCAL] TABLE a, b: a rebuild of each. */
int rt_lint_my_optimize(lint_ctx *x, const my_stmt *st, int at);

/* A finding; effect and hint NULL: the MySQL text of the rule. */
int rt_lint_my_hit(lint_ctx *x, enum lint_rule rule, const char *table,
		   long pos, const char *message, rt_lint_severity severity);

#endif
