/*
 * sql_lex.h: the little lexing every dialect shares: blanks and comments
 * (-- to end of line, nested C-style block comments as in PostgreSQL).
 */
#ifndef RT_SQL_LEX_H
#define RT_SQL_LEX_H

#include <stddef.h>

/* The offset of the first character at or after `i` that is not blank
 * or inside a comment. */
size_t rt_sql_skip_space(const char *s, size_t len, size_t i);
/* True when s[0..len) holds only blanks and comments. */
int rt_sql_is_blank(const char *s, size_t len);
/* `len` less trailing blanks (not comments). */
size_t rt_sql_trim_end(const char *s, size_t len);
/* 1-based line of offset `at` in s, counting from line `first`. */
int rt_sql_line_at(const char *s, size_t at, int first);
/* The first words of a statement, lowercased, at most `max`: runs of
 * letters, digits and '_'; blanks, comments and '.' between them are
 * skipped, a quoted identifier is the word "\"", and anything else ends
 * the list. Returns how many were found. */
int rt_sql_words(const char *s, char (*words)[32], int max);

#endif
