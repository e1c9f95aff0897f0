/*
 * sql_lex.h: the little lexing every dialect shares: blanks, comments
 * (-- to end of line, C-style block comments, nested as in PostgreSQL or
 * flat as in SQLite), quoted strings and identifiers, PostgreSQL's escape
 * strings and dollar quotes, SQLite's [bracketed] and `backquoted` names,
 * and line numbers of offsets.
 */
#ifndef RT_SQL_LEX_H
#define RT_SQL_LEX_H

#include <stddef.h>

/* What a dialect's lexer knows besides '...', "..." and comments. */
enum {
	RT_SQL_NESTED_COMMENTS = 1 << 0, /* PostgreSQL: block comments nest */
	RT_SQL_ESCAPE_STRINGS = 1 << 1,	 /* PostgreSQL: E'..\'..' */
	RT_SQL_DOLLAR_QUOTES = 1 << 2,	 /* PostgreSQL: $tag$ ... $tag$ */
	RT_SQL_BRACKETS = 1 << 3,	 /* SQLite: [name] and `name` */
};
#define RT_SQL_POSTGRES \
	(RT_SQL_NESTED_COMMENTS | RT_SQL_ESCAPE_STRINGS | RT_SQL_DOLLAR_QUOTES)
#define RT_SQL_SQLITE RT_SQL_BRACKETS

typedef enum rt_sql_tok {
	RT_SQL_TOK_SPACE, /* blanks or a comment */
	RT_SQL_TOK_SEMI,  /* ';' */
	RT_SQL_TOK_WORD,  /* a keyword or an unquoted name */
	RT_SQL_TOK_OTHER, /* a quoted string or name, a number, punctuation */
	RT_SQL_TOK_UNTERMINATED /* a comment or quote without its end */
} rt_sql_tok;

/*
 * The token at s[i] (i < len) under the dialect `flags`: its kind, and
 * the offset after it in *end (len for an unterminated one). Each call
 * costs the token's length, so a walk over a text is linear.
 */
rt_sql_tok rt_sql_token(const char *s, size_t len, size_t i, unsigned flags,
			size_t *end);

/*
 * Look for a comment or quote that never ends. 0 when every one ends;
 * else RT_ERROR with an RT_ERROR_PARSE error ("unterminated block
 * comment") whose line and column are those of the token's start,
 * counted from line `first` of the text (the error's file is NULL).
 */
int rt_sql_check_terminated(const char *s, size_t len, unsigned flags,
			    int first);
/* The error of the unterminated token at s[at, len), as above. */
int rt_sql_unterminated_error(const char *s, size_t len, size_t at,
			      unsigned flags, int first);

/* The offset of the first character at or after `i` that is not blank
 * or inside a comment (block comments nest, as in PostgreSQL). */
size_t rt_sql_skip_space(const char *s, size_t len, size_t i);
/* The same under a dialect's `flags` (SQLite's comments do not nest). */
size_t rt_sql_skip_space_in(const char *s, size_t len, size_t i,
			    unsigned flags);
/* True when s[0..len) holds only blanks and comments. */
int rt_sql_is_blank(const char *s, size_t len);
/* `len` less trailing blanks (not comments). */
size_t rt_sql_trim_end(const char *s, size_t len);
/* 1-based line of offset `at` in s, counting from line `first`. It scans
 * from the start: use rt_sql_lines for many offsets of one text. */
int rt_sql_line_at(const char *s, size_t at, int first);
/* The first words of a statement, lowercased, at most `max`: runs of
 * letters, digits and '_'; blanks, comments and '.' between them are
 * skipped, a quoted identifier is the word "\"", and anything else ends
 * the list. Returns how many were found in s[0..len). */
int rt_sql_words(const char *s, size_t len, char (*words)[32], int max);

/*
 * A line cursor over one text: the line of each offset asked costs the
 * distance from the offset asked before, so asking for the offsets of a
 * text's statements in order is linear where rt_sql_line_at for each
 * would be quadratic.
 */
typedef struct rt_sql_lines {
	const char *s;
	size_t at; /* the offset asked last */
	int line;  /* its line */
} rt_sql_lines;

void rt_sql_lines_init(rt_sql_lines *c, const char *s, int first);
int rt_sql_lines_at(rt_sql_lines *c, size_t at);

#endif
