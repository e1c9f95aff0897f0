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

#include "util/buf.h"

/* What a dialect's lexer knows besides '...', "..." and comments. */
enum {
	RT_SQL_NESTED_COMMENTS = 1 << 0, /* PostgreSQL: block comments nest */
	RT_SQL_ESCAPE_STRINGS = 1 << 1,	 /* PostgreSQL: E'..\'..' */
	RT_SQL_DOLLAR_QUOTES = 1 << 2,	 /* PostgreSQL: $tag$ ... $tag$ */
	RT_SQL_BRACKETS = 1 << 3,	 /* SQLite: [name] and `name`,
					    ?1 :a @a parameters */
};
#define RT_SQL_POSTGRES \
	(RT_SQL_NESTED_COMMENTS | RT_SQL_ESCAPE_STRINGS | RT_SQL_DOLLAR_QUOTES)
#define RT_SQL_SQLITE RT_SQL_BRACKETS

/*
 * The token iterator: the one lexer of SQL text, whose tokens are those
 * of SQLite's tokenize.c (and, under RT_SQL_POSTGRES, of PostgreSQL's
 * strings and comments). Blanks and comments are skipped; offsets are
 * into the text given.
 */
typedef enum rt_sql_kind {
	RT_SQL_END = 0, /* no token left */
	RT_SQL_WORD,	/* a keyword or a bare name */
	RT_SQL_QUOTED,	/* "x" (RT_SQL_BRACKETS: also [x] and `x`) */
	RT_SQL_STRING,	/* 'x' (RT_SQL_POSTGRES: E'x', $tag$x$tag$) */
	RT_SQL_BLOB,	/* x'00' */
	RT_SQL_NUMBER,	/* 1, 1.5e-3, .5, 0x1f */
	RT_SQL_PARAM,	/* $1 $a (RT_SQL_BRACKETS: also ?1 :a @a) */
	RT_SQL_PUNCT,	/* one character, or one of || << >> <= >= == != <>
			   -> ->> */
	RT_SQL_COMMENT, /* a block comment without its end (closed ones
			   are skipped) */
	RT_SQL_SPACE	/* internal: blanks or a closed comment */
} rt_sql_kind;

typedef struct rt_sql_lexeme {
	rt_sql_kind kind;
	size_t start, len;
	/* a quote or comment that never ends: len runs to the end */
	int open;
} rt_sql_lexeme;

typedef struct rt_sql_lexer {
	const char *s;
	size_t len; /* the text is s[0, len) */
	size_t at;  /* where the next token is looked for */
	unsigned flags;
} rt_sql_lexer;

/* A lexer over s[at, len) under the dialect `flags`. */
void rt_sql_lexer_init(rt_sql_lexer *lx, const char *s, size_t at, size_t len,
		       unsigned flags);
/* The next token into *t: 1, or 0 (kind RT_SQL_END) at the end. Each
 * call costs the token's length (and the blanks before it). */
int rt_sql_lex(rt_sql_lexer *lx, rt_sql_lexeme *t);
/* Is t the word `w` (any case)? */
int rt_sql_lexeme_is(const char *s, const rt_sql_lexeme *t, const char *w);
/* The error of an open token, as rt_sql_unterminated_error. */
int rt_sql_lexeme_error(const rt_sql_lexer *lx, const rt_sql_lexeme *t,
			int first);

/* The name the quoted token s[0, n) spells ("a""b", `a`, [a], 'a'),
 * appended to b: the quotes dropped, a doubled one read as one (not in
 * [...]); an open quote's text to its end. Another token as it is. */
void rt_sql_unquote(rt_buf *b, const char *s, size_t n);

/* The coarse scanner the splitters use: blanks and comments are tokens
 * here, numbers are words. */
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
/* Is word `w` one of list[0..n)? (exact, case-sensitive: words from
 * rt_sql_words are lowercased) */
int rt_sql_word_in(const char *w, const char *const *list, size_t n);

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
