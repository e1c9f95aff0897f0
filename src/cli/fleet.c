/*
 * fleet.c: one command over many databases (DESIGN.md "Many databases"):
 * the rollout (-j, --canary, --wave, --max-failures, --keep-going,
 * --timeout, SIGINT) and its report (live lines on a terminal, a summary
 * table, --json, the status matrix).
 *
 * Each target runs in a child process forked from this one, without
 * exec: the migration directory loaded once and the resolved options are
 * inherited, and the child runs the command over the library as a single
 * run would. A process rather than a thread per target, because a child
 * can be stopped: --timeout kills it, its connection drops and the server
 * rolls its transaction back, where a thread stuck in a statement could
 * only be abandoned; a crash stays one target's. The child reports on two
 * pipes: its output (stdout and stderr, shown prefixed with the target's
 * name when it ends) and one line per event ("S REV" a migration starts,
 * "D REV MS" it committed, "T APPLIED PENDING PARTIAL EDITED UNKNOWN"
 * status counts).
 *
 * Stopping: SIGINT, a failed canary or --max-failures reached start no
 * further target, and every running child gets SIGINT, on which it
 * finishes the migration it is running and starts none (rt_run_options
 * .stop): no target is left in the middle of a migration by the rollout,
 * and running the same command again resumes, each target's own state
 * saying what is left.
 */
#include "fleet.h"
#include "util/url.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* between a child and the parent only: stopped by rt_run_options.stop */
#define CHILD_INTERRUPTED 5

static volatile sig_atomic_t got_int; /* the parent's SIGINT */
static volatile int child_stop;	      /* the child's: rt_run_options.stop */
static int ev_out = -1;		      /* the child's event pipe */

typedef struct fleet {
	cli_ctx *ctx;
	fl_targets t;
	int jobs, canary, wave, max_failures;
	double timeout;
	int tty;	/* live lines on stderr */
	int drawn;	/* live lines on the screen */
	int readonly;	/* a command that changes nothing: no failure limit */
	int is_status;	/* the status matrix instead of the table */
	size_t next;	/* the next target to start */
	size_t limit;	/* targets before it may start (canary, waves) */
	int running, failures, stopping;
	const char *stop_reason;
	int canary_done;
	int64_t last_draw;
} fleet;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_sigint(int sig)
{
	(void)sig;
	got_int = 1;
}

static void on_sigint_child(int sig)
{
	(void)sig;
	child_stop = 1;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- --wait --------------------------------------------------------- */

int cli_wait_server(const cli_ctx *ctx, const char *url)
{
	double secs;
	int64_t deadline;
	int said = 0;
	rt_buf red = RT_BUF_INIT;

	if (cli_parse_duration(ctx->args.wait, &secs) < 0)
		return cli_usage_error(ctx, "'%s' is not a duration (e.g. 30s, "
					    "500ms, 2m)",
				       ctx->args.wait);
	deadline = now_ms() + (int64_t)(secs * 1000);
	while (rt_db_ping(url) < 0) {
		if (now_ms() >= deadline) {
			rt_buf_init(&red);
			rt_url_redact(&red, url);
			fprintf(stderr, "retort: error: the server of '%s' did "
					"not answer within %s\n",
				rt_buf_cstr(&red), ctx->args.wait);
			fprintf(stderr, "detail: %s\n",
				rt_error_last()->message);
			rt_buf_release(&red);
			return CLI_EXIT_FAILURE;
		}
		if (!said && !ctx->args.quiet && !ctx->args.json &&
		    isatty(2)) {
			rt_buf_init(&red);
			rt_url_redact(&red, url);
			fprintf(stderr, "waiting for %s ...\n",
				rt_buf_cstr(&red));
			rt_buf_release(&red);
			said = 1;
		}
		sleep_ms(200);
	}
	rt_error_clear();
	return 0;
}

/* ---- the child ------------------------------------------------------ */

static void ev_write(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void ev_write(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof(line)) {
		n = (int)sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	/* a pipe write under PIPE_BUF is whole */
	while (write(ev_out, line, (size_t)n) < 0 && errno == EINTR)
		;
}

static void child_event(const rt_event *ev, void *payload)
{
	cli_ctx *ctx = payload;
	const char *rev = ev->revision ? ev->revision : "?";

	if (ev->kind == RT_EVENT_START)
		ev_write("S %zu %zu %s\n", ev->step, ev->nsteps, rev);
	else if (ev->kind == RT_EVENT_DONE)
		ev_write("D %s %lld\n", rev, (long long)ev->duration_ms);
	if (ctx->args.verbose)
		cli_print_event(ev, ctx);
}

static int child_migrate(cli_ctx *ctx, rt_direction d)
{
	rt_run_options opts = RT_RUN_OPTIONS_INIT;
	int error, status;

	opts.target = ctx->args.npos ? ctx->args.pos[0] : NULL;
	opts.dry_run = ctx->args.dry_run;
	opts.single_transaction = ctx->args.single_transaction;
	opts.allow_unsafe = ctx->args.allow_unsafe;
	opts.lint_ignore = ctx->lint_ignore;
	opts.nlint_ignore = ctx->nlint_ignore;
	opts.on_event = child_event;
	opts.payload = ctx;
	opts.stop = &child_stop;
	if ((status = cli_open_db(ctx, opts.dry_run)) != 0)
		return status;
	error = d == RT_UP ? rt_upgrade(ctx->db, ctx->migrations, &opts)
			   : rt_downgrade(ctx->db, ctx->migrations, &opts);
	if (error == RT_EINTERRUPTED) {
		cli_error(error);
		return CHILD_INTERRUPTED;
	}
	return error < 0 ? cli_error(error) : CLI_EXIT_OK;
}

static int child_status(cli_ctx *ctx)
{
	rt_status *st = NULL;
	int status, behind;

	if ((status = cli_open_db(ctx, 1)) != 0)
		return status;
	if (rt_status_load(&st, ctx->db, ctx->migrations) < 0)
		return cli_error(RT_ERROR);
	ev_write("T %zu %zu %zu %zu %zu\n", st->napplied, st->npending,
		 st->npartial, st->nedited, st->nunknown);
	behind = st->npending || st->npartial || st->nedited || st->nunknown;
	rt_status_free(st);
	return behind ? CLI_EXIT_NO : CLI_EXIT_OK;
}

static int child_run(cli_ctx *ctx, fl_target *t)
{
	const char *name = ctx->cmd->name;
	int status;

	ctx->url = t->url;
	ctx->url_source = "--targets";
	ctx->color = 0;
	ctx->color_err = 0;
	cli_no_color = 1;
	if (ctx->args.wait && (status = cli_wait_server(ctx, t->url)) != 0)
		return status;
	if (!strcmp(name, "upgrade"))
		return child_migrate(ctx, RT_UP);
	if (!strcmp(name, "downgrade"))
		return child_migrate(ctx, RT_DOWN);
	if (!strcmp(name, "status"))
		return child_status(ctx);
	if ((ctx->cmd->flags & CLI_NEEDS_DB) &&
	    (status = cli_open_db(ctx,
				  (ctx->cmd->flags & CLI_READ_ONLY) != 0)) != 0)
		return status;
	return ctx->cmd->fn(ctx);
}

/* ---- the parent ----------------------------------------------------- */

static int spawn(fleet *f, fl_target *t)
{
	struct sigaction sa;
	int evp[2], outp[2], status;
	size_t i;
	pid_t pid;

	if (pipe(evp) < 0)
		goto fail;
	if (pipe(outp) < 0) {
		close(evp[0]);
		close(evp[1]);
		goto fail;
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		close(evp[0]);
		close(evp[1]);
		close(outp[0]);
		close(outp[1]);
		goto fail;
	}
	if (pid == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigint_child;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGINT, &sa, NULL);
		if (got_int)
			child_stop = 1;
		close(evp[0]);
		close(outp[0]);
		for (i = 0; i < f->t.n; i++) {
			if (f->t.v[i].ev_fd >= 0)
				close(f->t.v[i].ev_fd);
			if (f->t.v[i].out_fd >= 0)
				close(f->t.v[i].out_fd);
		}
		dup2(outp[1], 1);
		dup2(outp[1], 2);
		close(outp[1]);
		ev_out = evp[1];
		status = child_run(f->ctx, t);
		fflush(stdout);
		fflush(stderr);
		rt_db_close(f->ctx->db);
		_exit(status);
	}
	close(evp[1]);
	close(outp[1]);
	fcntl(evp[0], F_SETFL, O_NONBLOCK);
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	t->ev_fd = evp[0];
	t->out_fd = outp[0];
	t->pid = pid;
	t->start_ms = now_ms();
	t->result = FL_RUNNING;
	f->running++;
	return 0;
fail:
	fprintf(stderr, "retort: error: cannot start target '%s': %s\n",
		t->name, strerror(errno));
	t->result = FL_FAILED;
	t->error = strdup("cannot start a process for it");
	f->failures++;
	return -1;
}

static void on_event_line(fl_target *t, char *line)
{
	switch (line[0]) {
	case 'S': {
		int off = 0;

		if (sscanf(line + 2, "%ld %ld %n", &t->step, &t->nsteps,
			   &off) < 2 || !off)
			break;
		free(t->current);
		t->current = strdup(line + 2 + off);
		break;
	}
	case 'D':
		t->applied++;
		free(t->current);
		t->current = NULL;
		break;
	case 'T':
		t->have_status = sscanf(line + 2, "%ld %ld %ld %ld %ld",
					&t->napplied, &t->npending,
					&t->npartial, &t->nedited,
					&t->nunknown) == 5;
		break;
	default:
		break;
	}
}

/* Read what is there; -1 at end of file. */
static int drain(int fd, rt_buf *into)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n > 0) {
			rt_buf_put(into, chunk, (size_t)n);
			continue;
		}
		if (n == 0)
			return -1;
		if (errno == EINTR)
			continue;
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	}
}

static void read_events(fl_target *t)
{
	char *nl;
	int eof = drain(t->ev_fd, &t->ev);

	while (t->ev.len && (nl = memchr(t->ev.ptr, '\n', t->ev.len))) {
		size_t n = (size_t)(nl - t->ev.ptr) + 1;

		*nl = '\0';
		on_event_line(t, t->ev.ptr);
		memmove(t->ev.ptr, t->ev.ptr + n, t->ev.len - n);
		rt_buf_truncate(&t->ev, t->ev.len - n);
	}
	if (eof) {
		close(t->ev_fd);
		t->ev_fd = -1;
	}
}

/* The first error line of the output, without "retort: ". */
static char *first_error(const rt_buf *out)
{
	const char *p = rt_buf_cstr(out), *e, *last = NULL;
	size_t lastn = 0;

	for (; *p; p = *e ? e + 1 : e) {
		if (!(e = strchr(p, '\n')))
			e = p + strlen(p);
		if (!strncmp(p, "retort: ", 8) && strstr(p, "error: ") &&
		    strstr(p, "error: ") < e)
			return strndup(p + 8, (size_t)(e - p - 8));
		if (e > p) {
			last = p;
			lastn = (size_t)(e - p);
		}
	}
	return last ? strndup(last, lastn) : NULL;
}

static const char *result_name(fl_result r)
{
	static const char *const names[] = {
		"not started", "running", "ok",	     "behind",
		"failed",      "locked",  "interrupted", "timeout",
	};
	return names[r];
}

static const char *result_color(fl_result r)
{
	switch (r) {
	case FL_OK:
		return "green";
	case FL_BEHIND:
	case FL_INTERRUPTED:
	case FL_NOT_STARTED:
		return "yellow";
	default:
		return "red";
	}
}

static void put_json_target(rt_buf *b, const fl_target *t)
{
	rt_buf red = RT_BUF_INIT;

	rt_buf_init(&red);
	rt_url_redact(&red, t->url);
	rt_buf_puts(b, "{\"target\": ");
	rt_buf_put_json(b, t->name);
	rt_buf_puts(b, ", \"url\": ");
	rt_buf_put_json(b, rt_buf_cstr(&red));
	rt_buf_printf(b, ", \"result\": \"%s\", \"exit\": %d, \"applied\": "
			 "%d, \"ms\": %lld, \"error\": ",
		      result_name(t->result), t->exit_code, t->applied,
		      (long long)t->ms);
	if (t->error)
		rt_buf_put_json(b, t->error);
	else
		rt_buf_puts(b, "null");
	if (t->have_status)
		rt_buf_printf(b, ", \"status\": {\"applied\": %ld, "
				 "\"pending\": %ld, \"partial\": %ld, "
				 "\"edited\": %ld, \"unknown\": %ld}",
			      t->napplied, t->npending, t->npartial,
			      t->nedited, t->nunknown);
	rt_buf_puts(b, ", \"output\": ");
	rt_buf_put_json(b, rt_buf_cstr(&t->out));
	rt_buf_puts(b, "}\n");
	rt_buf_release(&red);
}

/* The live lines go before anything else is printed. */
static void clear_live(fleet *f)
{
	if (f->drawn) {
		fprintf(stderr, "\033[%dA\033[J", f->drawn);
		f->drawn = 0;
	}
}

static void draw_live(fleet *f)
{
	int64_t now = now_ms();
	size_t i;

	if (!f->tty)
		return;
	clear_live(f);
	fflush(stdout);
	for (i = 0; i < f->t.n; i++) {
		const fl_target *t = &f->t.v[i];

		if (t->result != FL_RUNNING)
			continue;
		if (t->current && t->nsteps)
			fprintf(stderr,
				"\033[2K  %-20s %4ld of %-4ld %5.1fs  %.50s\n",
				t->name, t->step, t->nsteps,
				(double)(now - t->start_ms) / 1000, t->current);
		else
			fprintf(stderr, "\033[2K  %-20s %3d done  %5.1fs  %.50s\n",
				t->name, t->applied,
				(double)(now - t->start_ms) / 1000,
				f->stopping ? "stopping" : "");
		f->drawn++;
	}
	fflush(stderr);
	f->last_draw = now;
}

/* A target ended: its result, and its output shown. */
static void finish(fleet *f, fl_target *t, int wstatus)
{
	rt_buf b = RT_BUF_INIT;
	const char *p, *e;

	t->ms = now_ms() - t->start_ms;
	f->running--;
	if (t->killed) {
		t->result = FL_TIMEOUT;
		t->exit_code = CLI_EXIT_FAILURE;
	} else if (WIFSIGNALED(wstatus)) {
		t->result = FL_FAILED;
		t->exit_code = CLI_EXIT_FAILURE;
	} else {
		t->exit_code = WEXITSTATUS(wstatus);
		switch (t->exit_code) {
		case CLI_EXIT_OK:
			t->result = FL_OK;
			break;
		case CLI_EXIT_NO:
			t->result = FL_BEHIND;
			break;
		case CLI_EXIT_LOCKED:
			t->result = FL_LOCKED;
			break;
		case CHILD_INTERRUPTED:
			t->result = FL_INTERRUPTED;
			t->exit_code = CLI_EXIT_FAILURE;
			break;
		default:
			t->result = FL_FAILED;
			break;
		}
	}
	if (t->result != FL_OK && t->result != FL_BEHIND) {
		free(t->error);
		if (t->result == FL_TIMEOUT) {
			rt_buf_init(&b);
			rt_buf_printf(&b, "timed out after %s (--timeout)",
				      f->ctx->args.timeout);
			t->error = rt_buf_detach(&b);
		} else if (WIFSIGNALED(wstatus) && !t->killed) {
			rt_buf_init(&b);
			rt_buf_printf(&b, "killed by signal %d",
				      WTERMSIG(wstatus));
			t->error = rt_buf_detach(&b);
		} else {
			t->error = first_error(&t->out);
		}
	}
	if (t->result == FL_FAILED || t->result == FL_LOCKED ||
	    t->result == FL_TIMEOUT)
		f->failures++;
	free(t->current);
	t->current = NULL;
	clear_live(f);
	if (f->ctx->args.json) {
		rt_buf_init(&b);
		put_json_target(&b, t);
		cli_write(&b);
		rt_buf_release(&b);
		fflush(stdout);
		return;
	}
	/* the output, each line prefixed with the name */
	rt_buf_init(&b);
	for (p = rt_buf_cstr(&t->out); *p; p = *e ? e + 1 : e) {
		if (!(e = strchr(p, '\n')))
			e = p + strlen(p);
		rt_buf_printf(&b, "%s: %.*s\n", t->name, (int)(e - p), p);
	}
	if (b.len)
		cli_write(&b);
	rt_buf_release(&b);
	fflush(stdout);
}

static void stop_all(fleet *f, const char *why)
{
	size_t i;

	if (!f->stopping) {
		f->stopping = 1;
		f->stop_reason = why;
	}
	for (i = 0; i < f->t.n; i++) {
		fl_target *t = &f->t.v[i];

		if (t->result == FL_RUNNING && !t->stop_sent) {
			kill(t->pid, SIGINT);
			t->stop_sent = 1;
		}
	}
}

/* Which targets may start: the canary first, then waves. */
static void open_gate(fleet *f)
{
	size_t i;
	size_t step = f->wave > 0 ? (size_t)f->wave : f->t.n;

	if (f->next < f->limit || f->running)
		return;
	if (f->canary > 0 && !f->canary_done) {
		f->canary_done = 1;
		for (i = 0; i < f->limit; i++)
			if (f->t.v[i].result != FL_OK &&
			    f->t.v[i].result != FL_BEHIND) {
				stop_all(f, "a canary target failed");
				return;
			}
	}
	f->limit = f->next + step < f->t.n ? f->next + step : f->t.n;
}

static void loop(fleet *f)
{
	struct pollfd *pfd = calloc(2 * f->t.n + 1, sizeof(*pfd));
	size_t *who = calloc(2 * f->t.n + 1, sizeof(*who));
	size_t i;
	int n;

	if (!pfd || !who) {
		fputs("retort: error: out of memory\n", stderr);
		stop_all(f, "out of memory");
	}
	for (;;) {
		if (got_int)
			stop_all(f, "interrupted");
		if (!f->readonly && f->failures >= f->max_failures &&
		    f->max_failures > 0)
			stop_all(f, "--max-failures reached");
		open_gate(f);
		while (!f->stopping && f->running < f->jobs &&
		       f->next < f->limit)
			spawn(f, &f->t.v[f->next++]);
		if (!f->running &&
		    (f->stopping || f->next >= f->t.n))
			break;
		if (!pfd || !who)
			break;
		n = 0;
		for (i = 0; i < f->t.n; i++) {
			fl_target *t = &f->t.v[i];

			if (t->result != FL_RUNNING)
				continue;
			if (t->ev_fd >= 0) {
				pfd[n].fd = t->ev_fd;
				pfd[n].events = POLLIN;
				who[n++] = i;
			}
			if (t->out_fd >= 0) {
				pfd[n].fd = t->out_fd;
				pfd[n].events = POLLIN;
				who[n++] = i;
			}
		}
		poll(pfd, (nfds_t)n, 100);
		for (i = 0; i < (size_t)n; i++) {
			fl_target *t = &f->t.v[who[i]];

			if (!pfd[i].revents)
				continue;
			if (pfd[i].fd == t->ev_fd)
				read_events(t);
			else if (pfd[i].fd == t->out_fd &&
				 drain(t->out_fd, &t->out) < 0) {
				close(t->out_fd);
				t->out_fd = -1;
			}
		}
		for (i = 0; i < f->t.n; i++) {
			fl_target *t = &f->t.v[i];
			int ws = 0;

			if (t->result != FL_RUNNING)
				continue;
			if (t->ev_fd < 0 && t->out_fd < 0) {
				while (waitpid(t->pid, &ws, 0) < 0 &&
				       errno == EINTR)
					;
				finish(f, t, ws);
				continue;
			}
			if (f->timeout > 0 && !t->killed &&
			    now_ms() - t->start_ms > f->timeout * 1000) {
				kill(t->pid, SIGKILL);
				t->killed = 1;
			}
		}
		if (f->tty && now_ms() - f->last_draw >= 200)
			draw_live(f);
	}
	clear_live(f);
	free(pfd);
	free(who);
}

/* ---- the report ----------------------------------------------------- */

static void put_names(rt_buf *b, const fleet *f, const char *label,
		      int (*match)(const fl_target *, long), long arg)
{
	size_t i, col, count = 0;

	for (i = 0; i < f->t.n; i++)
		count += match(&f->t.v[i], arg) != 0;
	if (!count)
		return;
	rt_buf_printf(b, "%-13s %4zu ", label, count);
	col = 19;
	for (i = 0; i < f->t.n; i++) {
		const fl_target *t = &f->t.v[i];
		size_t w = strlen(t->name) + 1;

		if (!match(t, arg))
			continue;
		if (col + w > 79 && col > 19) {
			rt_buf_printf(b, "\n%19s", "");
			col = 19;
		}
		rt_buf_printf(b, " %s", t->name);
		col += w;
	}
	rt_buf_putc(b, '\n');
}

static int m_uptodate(const fl_target *t, long a)
{
	(void)a;
	return t->have_status && t->result == FL_OK;
}
static int m_pending(const fl_target *t, long a)
{
	return t->have_status && t->result == FL_BEHIND && !t->npartial &&
	       !t->nedited && !t->nunknown && t->npending == a;
}
static int m_partial(const fl_target *t, long a)
{
	(void)a;
	return t->have_status && t->npartial;
}
static int m_drifted(const fl_target *t, long a)
{
	(void)a;
	return t->have_status && !t->npartial && (t->nedited || t->nunknown);
}
static int m_failed(const fl_target *t, long a)
{
	(void)a;
	return !t->have_status && t->result != FL_NOT_STARTED;
}
static int m_notstarted(const fl_target *t, long a)
{
	(void)a;
	return t->result == FL_NOT_STARTED;
}

static void put_matrix(rt_buf *b, const fleet *f)
{
	long *seen = calloc(f->t.n + 1, sizeof(*seen));
	size_t i, j, nseen = 0;
	char label[32];

	put_names(b, f, "up to date", m_uptodate, 0);
	/* one row per pending count, fewest first */
	for (i = 0; seen && i < f->t.n; i++) {
		const fl_target *t = &f->t.v[i];

		if (!m_pending(t, t->npending))
			continue;
		for (j = 0; j < nseen && seen[j] != t->npending; j++)
			;
		if (j == nseen)
			seen[nseen++] = t->npending;
	}
	for (i = 0; i < nseen; i++)
		for (j = i + 1; j < nseen; j++)
			if (seen[j] < seen[i]) {
				long x = seen[i];

				seen[i] = seen[j];
				seen[j] = x;
			}
	for (i = 0; i < nseen; i++) {
		snprintf(label, sizeof(label), "%ld pending", seen[i]);
		put_names(b, f, label, m_pending, seen[i]);
	}
	free(seen);
	put_names(b, f, "partial", m_partial, 0);
	put_names(b, f, "drifted", m_drifted, 0);
	put_names(b, f, "failed", m_failed, 0);
	put_names(b, f, "not started", m_notstarted, 0);
	for (i = 0; i < f->t.n; i++) {
		const fl_target *t = &f->t.v[i];

		if (m_failed(t, 0) && t->error)
			rt_buf_printf(b, "%s: %s\n", t->name, t->error);
	}
}

static void put_table(rt_buf *b, const fleet *f)
{
	size_t i, w = 6;

	for (i = 0; i < f->t.n; i++)
		if (strlen(f->t.v[i].name) > w)
			w = strlen(f->t.v[i].name);
	rt_buf_printf(b, "%-*s  %-11s  %7s  %7s  ERROR\n", (int)w, "TARGET",
		      "RESULT", "APPLIED", "TIME");
	for (i = 0; i < f->t.n; i++) {
		const fl_target *t = &f->t.v[i];

		if (f->ctx->args.quiet && t->result == FL_OK)
			continue;
		rt_buf_printf(b, "%-*s  %s%-11s%s  %7d  %6.2fs%s%s\n", (int)w,
			      t->name,
			      cli_color(f->ctx, result_color(t->result)),
			      result_name(t->result), CLI_RESET(f->ctx),
			      t->applied, (double)t->ms / 1000,
			      t->error ? "  " : "", t->error ? t->error : "");
	}
}

static int summarize(fleet *f)
{
	size_t count[FL_TIMEOUT + 1] = {0};
	rt_buf b = RT_BUF_INIT;
	size_t i;
	int status = CLI_EXIT_OK, first = 1;

	for (i = 0; i < f->t.n; i++)
		count[f->t.v[i].result]++;
	if (count[FL_BEHIND])
		status = CLI_EXIT_NO;
	if (count[FL_FAILED] || count[FL_LOCKED] || count[FL_TIMEOUT] ||
	    count[FL_INTERRUPTED] || count[FL_NOT_STARTED])
		status = CLI_EXIT_FAILURE;
	rt_buf_init(&b);
	if (f->ctx->args.json) {
		for (i = 0; i < f->t.n; i++)
			if (f->t.v[i].result == FL_NOT_STARTED)
				put_json_target(&b, &f->t.v[i]);
		rt_buf_printf(&b, "{\"summary\": true, \"targets\": %zu",
			      f->t.n);
		for (i = FL_NOT_STARTED; i <= FL_TIMEOUT; i++)
			if (i != FL_RUNNING)
				rt_buf_printf(&b, ", \"%s\": %zu",
					      i == FL_NOT_STARTED
						      ? "not_started"
						      : result_name(i),
					      count[i]);
		rt_buf_puts(&b, ", \"stopped\": ");
		if (f->stop_reason)
			rt_buf_put_json(&b, f->stop_reason);
		else
			rt_buf_puts(&b, "null");
		rt_buf_printf(&b, ", \"exit\": %d}\n", status);
	} else {
		if (f->is_status)
			put_matrix(&b, f);
		else
			put_table(&b, f);
		rt_buf_printf(&b, "%zu target%s:", f->t.n,
			      f->t.n == 1 ? "" : "s");
		for (i = FL_OK; i <= FL_TIMEOUT; i++)
			if (count[i]) {
				rt_buf_printf(&b, "%s %zu %s", first ? "" : ",",
					      count[i], result_name(i));
				first = 0;
			}
		if (count[FL_NOT_STARTED])
			rt_buf_printf(&b, "%s %zu not started",
				      first ? "" : ",", count[FL_NOT_STARTED]);
		if (f->stop_reason)
			rt_buf_printf(&b, " (stopped: %s)", f->stop_reason);
		rt_buf_putc(&b, '\n');
		if (count[FL_INTERRUPTED] || count[FL_NOT_STARTED])
			rt_buf_puts(&b, "run the same command again to go on\n");
	}
	if (cli_write(&b) != 0)
		status = CLI_EXIT_FAILURE;
	rt_buf_release(&b);
	return status;
}

/* ---- options -------------------------------------------------------- */

static int supported(const char *name)
{
	static const char *const names[] = {
		"upgrade", "downgrade", "status", "check", "verify", "lint",
		"stamp",   "dump",	"create", "drop",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

int cli_fleet_run(cli_ctx *ctx)
{
	fleet f;
	struct sigaction sa, old;
	int status;
	const char *n = ctx->cmd->name;

	memset(&f, 0, sizeof(f));
	f.ctx = ctx;
	f.jobs = 4;
	f.max_failures = 1;
	if (!supported(n))
		return cli_usage_error(ctx, "'%s' does not take --targets", n);
	if (ctx->args.sql || ctx->args.dump)
		return cli_usage_error(ctx, "--targets runs against the "
					    "databases: without --sql and "
					    "--dump");
	if ((status = cli_int_option(ctx, "jobs", ctx->args.jobs, 1,
				     &f.jobs)) ||
	    (status = cli_int_option(ctx, "canary", ctx->args.canary, 1,
				     &f.canary)) ||
	    (status = cli_int_option(ctx, "wave", ctx->args.wave, 1,
				     &f.wave)) ||
	    (status = cli_int_option(ctx, "max-failures",
				     ctx->args.max_failures, 1,
				     &f.max_failures)))
		return status;
	if (ctx->args.keep_going && ctx->args.max_failures)
		return cli_usage_error(ctx, "--keep-going and --max-failures "
					    "exclude each other");
	if (ctx->args.keep_going)
		f.max_failures = 0;
	if (ctx->args.timeout &&
	    (cli_parse_duration(ctx->args.timeout, &f.timeout) < 0 ||
	     f.timeout <= 0))
		return cli_usage_error(ctx, "'%s' is not a duration (e.g. 30s, "
					    "500ms, 2m)",
				       ctx->args.timeout);
	if (ctx->args.wait) {
		double w;

		if (cli_parse_duration(ctx->args.wait, &w) < 0)
			return cli_usage_error(ctx, "'%s' is not a duration",
					       ctx->args.wait);
	}
	/* reading commands check every target, failures or not */
	f.readonly = strcmp(n, "upgrade") && strcmp(n, "downgrade") &&
		     strcmp(n, "stamp") && strcmp(n, "create") &&
		     strcmp(n, "drop");
	f.is_status = !strcmp(n, "status");
	if ((status = cli_config_resolve(ctx)) != 0)
		return status;
	if ((status = cli_targets_load(&f.t, ctx)) != 0)
		goto done;
	if (!strcmp(n, "drop") && !ctx->args.force) {
		char what[64];

		snprintf(what, sizeof(what), "the databases of %zu targets",
			 f.t.n);
		if ((status = cli_confirm_drop(ctx, what)) != 0)
			goto done;
		ctx->args.force = 1; /* asked once, for all */
	}
	if ((ctx->cmd->flags & CLI_NEEDS_DIR) &&
	    rt_dir_load(&ctx->migrations, ctx->dir) < 0) {
		status = cli_error(RT_ERROR);
		goto done;
	}
	f.tty = isatty(2) && !ctx->args.json && !ctx->args.quiet;
	f.limit = f.canary > 0 ? (size_t)f.canary
				: (f.wave > 0 ? (size_t)f.wave : f.t.n);
	if (f.limit > f.t.n)
		f.limit = f.t.n;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, &old);
	loop(&f);
	sigaction(SIGINT, &old, NULL);
	status = summarize(&f);
done:
	cli_targets_release(&f.t);
	return status;
}
