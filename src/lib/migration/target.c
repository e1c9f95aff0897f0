/*
 * target.c: resolving a target string against a directory.
 */
#include "migration/migration.h"

#include <ctype.h>

static void list_heads(rt_buf *out, const rt_dir *dir)
{
	size_t i;

	for (i = 0; i < dir->nheads; i++)
		rt_buf_printf(out, "%s%s", i ? ", " : "", dir->heads[i]->name);
}

static int parse_steps(const char *s, int *steps)
{
	long v = 0;
	const char *p = s + 1;

	if (!*p)
		return -1;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p) || v > 1000000)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v == 0)
		return -1;
	*steps = s[0] == '-' ? -(int)v : (int)v;
	return 0;
}

int rt_target_resolve(rt_target *out, const rt_dir *dir, const char *spec)
{
	rt_migration *m, *found = NULL;
	size_t i, n, nfound = 0;
	rt_buf cands = RT_BUF_INIT;

	memset(out, 0, sizeof(*out));
	if (strcmp(spec, "heads") == 0) {
		out->kind = RT_TARGET_HEADS;
		return 0;
	}
	if (strcmp(spec, "base") == 0) {
		out->kind = RT_TARGET_BASE;
		return 0;
	}
	if (strcmp(spec, "head") == 0) {
		out->kind = RT_TARGET_HEAD;
		if (dir->nheads == 1) {
			out->rev = dir->heads[0];
			return 0;
		}
		if (dir->nheads == 0) {
			out->kind = RT_TARGET_BASE; /* an empty directory */
			return 0;
		}
		rt_buf_init(&cands);
		list_heads(&cands, dir);
		rt_error_set(RT_ERROR_GRAPH,
			     "the migration directory has %zu heads: %s",
			     dir->nheads, rt_buf_cstr(&cands));
		rt_error_hint("run 'retort merge' to join them, or name a "
			      "target ('heads' applies every branch)");
		rt_buf_release(&cands);
		return RT_ERROR;
	}
	if (spec[0] == '+' || spec[0] == '-') {
		out->kind = RT_TARGET_RELATIVE;
		if (parse_steps(spec, &out->steps) < 0)
			return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
					     "'%s' is not a relative target "
					     "(+N or -N)",
					     spec);
		return 0;
	}
	n = strlen(spec);
	if (n == 0)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "the target is empty");
	/* exact name first, then a unique prefix: by_name is sorted, so
	 * the matches of a prefix are one run */
	if ((m = rt_dir_get(dir, spec))) {
		out->kind = RT_TARGET_REVISION;
		out->rev = m;
		return 0;
	}
	rt_buf_init(&cands);
	for (i = 0; i < dir->count; i++) {
		m = dir->by_name[i];
		if (strncmp(m->name, spec, n) != 0)
			continue;
		if (nfound < 5)
			rt_buf_printf(&cands, "%s%s", nfound ? ", " : "",
				      m->name);
		found = m;
		nfound++;
	}
	if (nfound == 1) {
		rt_buf_release(&cands);
		out->kind = RT_TARGET_REVISION;
		out->rev = found;
		return 0;
	}
	if (nfound == 0) {
		rt_error_setc(RT_ENOTFOUND, RT_ERROR_GRAPH,
			      "unknown revision '%s'", spec);
		rt_error_hint("targets: head, heads, base, +N, -N, a revision "
			      "or a unique prefix of one ('retort history' "
			      "lists them)");
		rt_buf_release(&cands);
		return RT_ENOTFOUND;
	}
	rt_error_set(RT_ERROR_GRAPH, "ambiguous revision prefix '%s' matches "
				     "%zu revisions",
		     spec, nfound);
	rt_error_detail("candidates: %s%s", rt_buf_cstr(&cands),
			nfound > 5 ? ", ..." : "");
	rt_error_hint("give more of the name");
	rt_buf_release(&cands);
	return RT_ERROR;
}
