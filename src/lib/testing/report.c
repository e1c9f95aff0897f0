/*
 * report.c: the report of `retort test`: checks recorded in order, each
 * handed to the caller's callback as it ends, and what a failure says
 * (taken from the error the failed call set).
 */
#include "testing/testing_int.h"

void rt_test_report_free(rt_test_report *r)
{
	struct rt_test_report_private *p = (struct rt_test_report_private *)r;

	if (!p)
		return;
	free(p->pub.checks);
	rt_arena_release(&p->arena);
	free(p);
}

int rt_test_report_new(struct rt_test_report_private **out)
{
	struct rt_test_report_private *p = calloc(1, sizeof(*p));

	*out = p;
	if (!p)
		return rt_error_nomem();
	rt_arena_init(&p->arena);
	return 0;
}

/* s copied into the report's arena; NULL stays NULL. */
static const char *keep(struct rt_test_report_private *p, const char *s)
{
	return s ? rt_arena_strdup(&p->arena, s) : NULL;
}

int rt_test_add(rt_tester *t, rt_test_status status, const rt_migration *m,
		const char *what, const char *message, const char *detail,
		const char *file, int line)
{
	struct rt_test_report_private *p = t->rep;
	rt_test_report *r = &p->pub;
	rt_test_check *c;

	if (r->count == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 32;
		rt_test_check *nc = realloc(r->checks, cap * sizeof(*nc));

		if (!nc)
			return rt_error_nomem();
		r->checks = nc;
		p->cap = cap;
	}
	c = &r->checks[r->count];
	memset(c, 0, sizeof(*c));
	c->status = status;
	c->revision = m ? m->name : NULL; /* the directory outlives it: */
	if (c->revision && !(c->revision = keep(p, c->revision)))
		return RT_ERROR;
	c->what = what; /* static */
	if ((message && !(c->message = keep(p, message))) ||
	    (detail && *detail && !(c->detail = keep(p, detail))) ||
	    (file && !(c->file = keep(p, file))))
		return RT_ERROR;
	c->line = line;
	c->duration_ms = rt_time_ms() - t->t0;
	r->count++;
	if (status == RT_TEST_PASS)
		r->npassed++;
	else if (status == RT_TEST_FAIL)
		r->nfailed++;
	else
		r->nskipped++;
	if (t->opts->on_check)
		t->opts->on_check(c, t->opts->payload);
	t->t0 = rt_time_ms();
	return 0;
}

int rt_test_addf(rt_tester *t, rt_test_status status, const rt_migration *m,
		 const char *what, const char *fmt, ...)
{
	rt_buf b = RT_BUF_INIT;
	va_list ap;
	int error;

	rt_buf_init(&b);
	va_start(ap, fmt);
	rt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if ((error = rt_buf_check(&b)) == 0)
		error = rt_test_add(t, status, m, what, b.ptr, NULL, NULL, 0);
	rt_buf_release(&b);
	return error;
}

int rt_test_fail_error(rt_tester *t, const rt_migration *m, const char *what,
		       const char *prefix)
{
	const rt_error *e = rt_error_last();
	rt_buf msg = RT_BUF_INIT, detail = RT_BUF_INIT;
	int error;

	rt_buf_init(&msg);
	rt_buf_init(&detail);
	if (prefix)
		rt_buf_printf(&msg, "%s: ", prefix);
	rt_buf_puts(&msg, e->message[0] ? e->message : "failed");
	if (e->detail)
		rt_buf_printf(&detail, "detail: %s\n", e->detail);
	if (e->hint)
		rt_buf_printf(&detail, "hint: %s\n", e->hint);
	if (detail.len)
		rt_buf_truncate(&detail, detail.len - 1);
	if ((error = rt_buf_check(&msg)) == 0 &&
	    (error = rt_buf_check(&detail)) == 0)
		error = rt_test_add(t, RT_TEST_FAIL, m, what, msg.ptr,
				    detail.ptr, e->file, e->line);
	rt_buf_release(&msg);
	rt_buf_release(&detail);
	rt_error_clear();
	return error;
}
