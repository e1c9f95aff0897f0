/*
 * lint_mysql.c: MySQL/MariaDB's lint, the first rules: what loses data
 * (DROP TABLE, DROP COLUMN) and what breaks the running application
 * (RENAME TABLE, RENAME COLUMN), read from a statement's first words.
 * What each ALTER locks and copies (ALGORITHM=INSTANT/INPLACE/COPY) is
 * not judged yet: those statements pass unread, as on an engine without
 * the rule.
 */
#include "catalog/lookup.h"
#include "lint/lint.h"

#include <string.h>

#define MAXW 8

static int my_hit(lint_ctx *x, enum lint_rule rule, const char *table,
		  const char *message)
{
	lint_hit h = {0};

	if (!message)
		return RT_ERROR;
	h.rule = rule;
	h.table = table;
	h.pos = -1;
	h.message = message;
	return rt_lint_emit(x, &h, NULL);
}

static int word_is(char (*w)[32], int n, int i, const char *s)
{
	return i < n && !strcmp(w[i], s);
}

/* The name after words[0..k): the statement's text there is not kept by
 * rt_sql_words for quoted names ("\""), which read as unknown. */
static const char *name_at(lint_ctx *x, char (*w)[32], int n, int k)
{
	if (k >= n || !strcmp(w[k], "\""))
		return NULL;
	return rt_arena_strdup(x->a, w[k]);
}

static int analyse(lint_ctx *x)
{
	char w[MAXW][32];
	const char *stmt = x->text + x->stmt_start;
	int n = rt_sql_words(stmt, x->stmt_len, w, MAXW), k;
	const char *table;

	if (word_is(w, n, 0, "drop") && word_is(w, n, 1, "table")) {
		k = word_is(w, n, 2, "if") ? 4 : 2;
		if (!(table = name_at(x, w, n, k)))
			return 0;
		return my_hit(x, R_DROP_TABLE, table,
			      rt_lint_fmt(x, "dropping table '%s'", table));
	}
	if (word_is(w, n, 0, "rename") && word_is(w, n, 1, "table")) {
		if (!(table = name_at(x, w, n, 2)))
			return 0;
		return my_hit(x, R_RENAME_TABLE, table,
			      rt_lint_fmt(x, "table '%s' is renamed", table));
	}
	if (!word_is(w, n, 0, "alter") || !word_is(w, n, 1, "table") ||
	    !(table = name_at(x, w, n, 2)))
		return 0;
	k = 3;
	if (word_is(w, n, k, "drop") && !word_is(w, n, k + 1, "index") &&
	    !word_is(w, n, k + 1, "key") && !word_is(w, n, k + 1, "primary") &&
	    !word_is(w, n, k + 1, "foreign") &&
	    !word_is(w, n, k + 1, "constraint") &&
	    !word_is(w, n, k + 1, "check")) {
		k += word_is(w, n, k + 1, "column") ? 2 : 1;
		k += word_is(w, n, k, "if") ? 2 : 0;
		return my_hit(x, R_DROP_COLUMN, table,
			      rt_lint_fmt(x, "column '%s' of '%s' is dropped",
					  k < n ? w[k] : "?", table));
	}
	if (word_is(w, n, k, "rename") && word_is(w, n, k + 1, "column"))
		return my_hit(x, R_RENAME_COLUMN, table,
			      rt_lint_fmt(x, "column '%s' of '%s' is renamed",
					  k + 2 < n ? w[k + 2] : "?", table));
	if (word_is(w, n, k, "rename") &&
	    (word_is(w, n, k + 1, "to") || word_is(w, n, k + 1, "as")))
		return my_hit(x, R_RENAME_TABLE, table,
			      rt_lint_fmt(x, "table '%s' is renamed", table));
	return 0;
}

static int my_step(lint_ctx *x)
{
	return rt_lint_each_statement(x, analyse);
}

static int my_state_new(void **out, lint_ctx *x)
{
	static char none; /* no state of its own yet */

	(void)x;
	*out = &none;
	return 0;
}

static void my_state_free(void *state)
{
	(void)state;
}

static void my_begin_migration(lint_ctx *x)
{
	(void)x;
}

#define R RT_LINT_RULE_BIT

const rt_lint_ops rt_lint_ops_mysql = {
    .rules = R(R_RENAME_COLUMN) | R(R_RENAME_TABLE) | R(R_DROP_COLUMN) |
	     R(R_DROP_TABLE) | R(R_UNKNOWN_LINT_RULE),
    .state_new = my_state_new,
    .state_free = my_state_free,
    .begin_migration = my_begin_migration,
    .step = my_step,
    .lookup = &rt_lookup_ops_mysql,
};
