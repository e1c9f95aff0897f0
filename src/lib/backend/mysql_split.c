/*
 * mysql_split.c: a MySQL/MariaDB script cut into statements. The scanner
 * knows '...' and "..." strings (with backslash escapes), `...` names, #
 * and -- comments and flat block comments (executable comments, slash
 * star bang, are statement text), and the BEGIN ... END bodies of
 * triggers and routines, so that no DELIMITER is needed; a DELIMITER
 * line, as the mariadb client takes it, is understood too.
 */
#include "backend/mysql_int.h"

#include <string.h>

size_t rt_my_token_end(const char *s, size_t len, size_t i, int *kind)
{
	char q = s[i];

	*kind = TOK_CHAR;
	if (q == ' ' || q == '\t' || q == '\n' || q == '\r' || q == '\f') {
		*kind = TOK_SPACE;
		return i + 1;
	}
	if (q == '#' || (q == '-' && i + 1 < len && s[i + 1] == '-' &&
			 (i + 2 >= len || s[i + 2] == ' ' || s[i + 2] == '\t' ||
			  s[i + 2] == '\n' || s[i + 2] == '\r'))) {
		*kind = TOK_COMMENT;
		while (i < len && s[i] != '\n')
			i++;
		return i;
	}
	if (q == '/' && i + 1 < len && s[i + 1] == '*') {
		/* executable comments ("/" "*!", "/" "*M!") are
		 * statement text to the server */
		int exec = i + 2 < len && (s[i + 2] == '!' ||
					   (s[i + 2] == 'M' && i + 3 < len &&
					    s[i + 3] == '!'));

		*kind = exec ? TOK_QUOTED : TOK_COMMENT;
		for (i += 2; i + 1 < len; i++)
			if (s[i] == '*' && s[i + 1] == '/')
				return i + 2;
		*kind = TOK_UNTERMINATED;
		return len;
	}
	if (q == '\'' || q == '"' || q == '`') {
		*kind = TOK_QUOTED;
		for (i++; i < len; i++) {
			if (s[i] == '\\' && q != '`') {
				i++;
				continue;
			}
			if (s[i] == q) {
				if (i + 1 < len && s[i + 1] == q) {
					i++;
					continue;
				}
				return i + 1;
			}
		}
		*kind = TOK_UNTERMINATED;
		return len;
	}
	return i + 1;
}

static int unterminated(const char *s, size_t at)
{
	const char *what = s[at] == '/'    ? "block comment"
			   : s[at] == '`' ? "quoted identifier"
					  : "quoted string";
	int line = 1, col = 1;
	size_t i;

	for (i = 0; i < at; i++) {
		if (s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	rt_error_set(RT_ERROR_PARSE, "unterminated %s", what);
	rt_error_hint("it starts at line %d; close it, or the rest of the "
		      "file is taken as part of it",
		      line);
	rt_error_at(NULL, line, col);
	return RT_ERROR;
}

/* Pass s[start, end) on less its leading blanks and comments and its
 * trailing blanks; nothing when that leaves nothing. */
static int emit(const char *s, size_t start, size_t end, rt_stmt_cb cb,
		void *payload)
{
	int kind;

	while (start < end) {
		size_t e = rt_my_token_end(s, end, start, &kind);

		if (kind != TOK_SPACE && kind != TOK_COMMENT)
			break;
		start = e;
	}
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t' ||
			       s[end - 1] == '\n' || s[end - 1] == '\r'))
		end--;
	if (end <= start || (end - start == 1 && s[start] == ';'))
		return 0;
	return cb(payload, start, end - start);
}

static int is_word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '$';
}

/* The word at s[i] (a letter or '_' there), its end in *end; is it `w`
 * (lowercase, any case in s)? */
static int word_at(const char *s, size_t len, size_t i, size_t *end,
		   const char *w)
{
	size_t e = i, n = strlen(w);

	while (e < len && is_word_char(s[e]))
		e++;
	*end = e;
	return e - i == n && !strncasecmp(s + i, w, n);
}

/* The next word after s[i] (blanks and comments skipped), or "". */
static void next_word(const char *s, size_t len, size_t i, char out[16])
{
	size_t e, n;
	int kind;

	while (i < len) {
		e = rt_my_token_end(s, len, i, &kind);
		if (kind != TOK_SPACE && kind != TOK_COMMENT)
			break;
		i = e;
	}
	for (e = i; e < len && is_word_char(s[e]); e++)
		;
	n = e - i < 15 ? e - i : 15;
	memcpy(out, s + i, n);
	out[n] = '\0';
}

/*
 * Split at ';' outside quotes and comments, and outside the body of a
 * compound statement: CREATE PROCEDURE, FUNCTION, TRIGGER or EVENT (and
 * MariaDB's BEGIN NOT ATOMIC) whose BEGIN ... END holds statements of its
 * own, so no DELIMITER is needed. In such a statement BEGIN and CASE open
 * a level that END (or END CASE) closes; END IF, END LOOP, END WHILE and
 * END REPEAT close nothing counted. A DELIMITER line (mysqldump's, and
 * retort dump's around compound statements, for the mariadb client) is
 * taken as the client takes it: until the next one, statements end at its
 * delimiter only.
 */
/*
 * A `DELIMITER X` line at s[i] (the client's command, as mysqldump writes
 * it around compound statements): X in delim (";" again ends it), the end
 * of its line in *end. Where X is missing or too long: an error at its
 * line.
 */
static int delimiter_line(const char *s, size_t len, size_t i, size_t *end,
			  char delim[16])
{
	size_t e = i + 9, d;
	int line = 1;

	while (e < len && (s[e] == ' ' || s[e] == '\t'))
		e++;
	for (d = e; d < len && s[d] != ' ' && s[d] != '\t' && s[d] != '\n' &&
		    s[d] != '\r';
	     d++)
		;
	if (d == e || d - e > 15) {
		int none = d == e;

		for (d = 0; d < i; d++)
			line += s[d] == '\n';
		rt_error_set(RT_ERROR_PARSE, "DELIMITER %s",
			     none ? "names no delimiter"
				  : "names a delimiter over 15 characters");
		rt_error_hint("write it as the mariadb client takes it, e.g. "
			      "'DELIMITER ;;' before and 'DELIMITER ;' after");
		rt_error_at(NULL, line, 1);
		return RT_ERROR;
	}
	memcpy(delim, s + e, d - e);
	delim[d - e] = '\0';
	while (d < len && s[d] != '\n')
		d++;
	*end = d;
	return 0;
}

int rt_my_split(const char *sql, size_t len, rt_stmt_cb cb, void *payload)
{
	size_t i = 0, start = 0, end, we, dl = 0;
	int kind, error, words = 0, compound = 0, depth = 0, create = 0;
	char nw[16], delim[16] = ";";

	while (i < len) {
		end = rt_my_token_end(sql, len, i, &kind);
		if (kind == TOK_UNTERMINATED)
			return unterminated(sql, i);
		if (kind == TOK_CHAR && words == 0 && is_word_char(sql[i]) &&
		    word_at(sql, len, i, &we, "delimiter") &&
		    (we == len || sql[we] == ' ' || sql[we] == '\t' ||
		     sql[we] == '\n' || sql[we] == '\r')) {
			/* the client's command, not the server's: it goes
			 * to no statement */
			if ((error = delimiter_line(sql, len, i, &end, delim)) < 0)
				return error;
			dl = strcmp(delim, ";") ? strlen(delim) : 0;
			start = i = end;
			continue;
		}
		if (dl && kind == TOK_CHAR && i + dl <= len &&
		    !memcmp(sql + i, delim, dl)) {
			/* DELIMITER X: the statement ends at X alone, and
			 * the ';' inside a body are its own */
			if ((error = emit(sql, start, i, cb, payload)) != 0)
				return error;
			start = i = i + dl;
			words = compound = create = depth = 0;
			continue;
		}
		if (!dl && kind == TOK_CHAR && sql[i] == ';' && depth == 0) {
			if ((error = emit(sql, start, end, cb, payload)) != 0)
				return error;
			start = end;
			words = compound = create = 0;
		} else if (kind == TOK_CHAR && is_word_char(sql[i]) &&
			   !(sql[i] >= '0' && sql[i] <= '9')) {
			words++;
			if (words == 1 && word_at(sql, len, i, &end, "create"))
				create = 1;
			else if (words == 1 &&
				 word_at(sql, len, i, &end, "begin")) {
				next_word(sql, len, end, nw);
				compound = !strcasecmp(nw, "not");
			} else if (create && !compound && words <= 12 &&
				   (word_at(sql, len, i, &end, "table") ||
				    word_at(sql, len, i, &end, "view") ||
				    word_at(sql, len, i, &end, "index") ||
				    word_at(sql, len, i, &end, "database") ||
				    word_at(sql, len, i, &end, "schema") ||
				    word_at(sql, len, i, &end, "sequence") ||
				    word_at(sql, len, i, &end, "user") ||
				    word_at(sql, len, i, &end, "role"))) {
				create = 0; /* CREATE TABLE event (...) */
			} else if (create && !compound && words <= 12 &&
				   (word_at(sql, len, i, &end, "procedure") ||
				    word_at(sql, len, i, &end, "function") ||
				    word_at(sql, len, i, &end, "trigger") ||
				    word_at(sql, len, i, &end, "event")))
				compound = 1;
			if (compound) {
				if (word_at(sql, len, i, &end, "begin") ||
				    word_at(sql, len, i, &end, "case")) {
					depth++;
				} else if (word_at(sql, len, i, &end, "end")) {
					next_word(sql, len, end, nw);
					if (depth > 0 && strcasecmp(nw, "if") &&
					    strcasecmp(nw, "loop") &&
					    strcasecmp(nw, "while") &&
					    strcasecmp(nw, "repeat"))
						depth--;
				}
			}
			word_at(sql, len, i, &end, "");
		}
		i = end;
	}
	return emit(sql, start, len, cb, payload);
}
