/*
 * main.c: the command table and the dispatcher. A command is one row
 * here; the dispatcher parses the global and the command's options from
 * one table, resolves the configuration, loads the migration directory
 * and opens the database as the row's flags ask, then calls the command.
 */
#include "cli.h"
#include "backend/backend.h"
#include "engine/engine.h"
#include "util/similar.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_command *const commands[] = {
	&cli_cmd_init,	  &cli_cmd_new,	    &cli_cmd_upgrade, &cli_cmd_downgrade,
	&cli_cmd_status,  &cli_cmd_history, &cli_cmd_heads,   &cli_cmd_merge,
	&cli_cmd_stamp,	  &cli_cmd_verify,
	&cli_cmd_lint,
	&cli_cmd_diff,	  &cli_cmd_check,   &cli_cmd_dump,
	&cli_cmd_online,
	&cli_cmd_import,
	&cli_cmd_create,  &cli_cmd_drop,
	&cli_cmd_test,	  &cli_cmd_squash,
};

static const cli_option global_options[] = {
	CLI_STRING("url", 'u', url, "URL", "database URL"),
	CLI_STRING("dir", 'd', dir, "DIR", "migration directory"),
	CLI_STRING("schema", 's', schema, "FILE", "schema file"),
	CLI_STRING("dev-url", 0, dev_url, "URL", "scratch database"),
	CLI_STRING("wait-lock", 0, wait_lock, "DURATION",
		   "how long to wait for the migration lock (default 60s)"),
	CLI_STRING("lock-timeout", 0, lock_timeout, "DURATION",
		   "PostgreSQL: how long a statement may wait for a table "
		   "lock (default 2s; 0: no limit)"),
	CLI_STRING("statement-timeout", 0, statement_timeout, "DURATION",
		   "PostgreSQL: how long a statement may run (default: no "
		   "limit)"),
	CLI_STRING("retries", 0, retries, "N",
		   "retries of a migration that timed out on a lock (default 5)"),
	CLI_STRING("schema-name", 0, schema_name, "NAME",
		   "PostgreSQL: the schema migrations and retort's tables use, "
		   "and the only one diff, check, dump and autogenerate read"),
	CLI_STRING("lock", 0, lock_mode, "MODE",
		   "'advisory' (default) or 'table' (a lease row, for "
		   "PgBouncer in transaction mode; on Galera always)"),
	CLI_STRING("max-replica-lag", 0, max_replica_lag, "DURATION",
		   "PostgreSQL: backfills and bulk loads pause while a "
		   "replica's replay lag is over it (default 10s; 0: never)"),
	CLI_STRING("targets", 0, targets, "FILE",
		   "run the command on every target of FILE ('NAME URL' or "
		   "'URL' a line; -: standard input)"),
	CLI_PAIR("targets-query", 0, targets_query, "URL SQL",
		 "the targets: rows (name, url) or (name, schema) of SQL on "
		 "URL"),
	CLI_STRING("jobs", 'j', jobs, "N", "targets at once (default 4)"),
	CLI_STRING("canary", 0, canary, "N",
		   "run N targets first; go on only if all succeeded"),
	CLI_STRING("wave", 0, wave, "SIZE", "then targets in waves of SIZE"),
	CLI_STRING("max-failures", 0, max_failures, "K",
		   "start no target after K failed (default 1)"),
	CLI_BOOL("keep-going", 0, keep_going, "no failure limit"),
	CLI_STRING("timeout", 0, timeout, "DURATION",
		   "how long one target may take"),
	CLI_STRING("wait", 0, wait, "DURATION",
		   "first wait until the database server answers"),
	CLI_BOOL("json", 0, json, "JSON output"),
	CLI_BOOL("quiet", 'q', quiet, "print less"),
	CLI_BOOL("verbose", 'v', verbose, "print more"),
	CLI_BOOL("no-color", 0, no_color, "no colour"),
	CLI_BOOL("help", 'h', help, "show help"),
	CLI_BOOL("version", 0, version, "show the version"),
	CLI_END,
};

static const cli_option *find_long(const cli_option *t, const char *name,
				   size_t n)
{
	for (; t && t->long_name; t++)
		if (strlen(t->long_name) == n && !strncmp(t->long_name, name, n))
			return t;
	return NULL;
}

static const cli_option *find_short(const cli_option *t, char c)
{
	for (; t && t->long_name; t++)
		if (t->short_name == c)
			return t;
	return NULL;
}

int cli_list_push(cli_list *l, const char *v)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 8;
		const char **nv = realloc(l->v, (size_t)cap * sizeof(*nv));

		if (!nv)
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return 0;
}

static int set_opt(cli_ctx *ctx, const cli_option *o, const char *val,
		   const char *val2)
{
	char *base = (char *)&ctx->args + o->offset;

	if (o->kind == CLI_OPT_BOOL) {
		*(int *)base = 1;
	} else if (o->kind == CLI_OPT_PAIR) {
		((const char **)base)[0] = val;
		((const char **)base)[1] = val2;
	} else if (o->kind == CLI_OPT_LIST) {
		if (cli_list_push((cli_list *)base, val) < 0) {
			fputs("retort: error: out of memory\n", stderr);
			return CLI_EXIT_FAILURE;
		}
	} else {
		*(const char **)base = val;
	}
	return 0;
}

/* Parse argv[from..argc) (the command name removed) into ctx->args.
 * Positional arguments, any number of them, are moved to the front of
 * argv (each lands at or before its own slot, already read). */
static int parse_args(cli_ctx *ctx, int argc, char **argv)
{
	const cli_option *tables[2] = {global_options,
				       ctx->cmd ? ctx->cmd->options : NULL};
	int i, only_args = 0, status;

	ctx->args.pos = (const char **)argv;
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i];
		const cli_option *o = NULL;
		const char *val = NULL, *val2 = NULL;
		int t;

		if (only_args || arg[0] != '-' || !arg[1] ||
		    (arg[1] >= '0' && arg[1] <= '9')) {
			/* positional; "-1" is a relative target */
			ctx->args.pos[ctx->args.npos++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_args = 1;
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t n = eq ? (size_t)(eq - name) : strlen(name);

			for (t = 0; t < 2 && !o; t++)
				o = find_long(tables[t], name, n);
			if (!o)
				return cli_usage_error(ctx,
						       "unknown option '--%.*s'",
						       (int)n, name);
			if (eq) {
				if (o->kind == CLI_OPT_BOOL)
					return cli_usage_error(
						ctx,
						"option '--%s' takes no value",
						o->long_name);
				val = eq + 1;
			}
		} else {
			if (arg[2])
				val = arg + 2; /* -uURL */
			for (t = 0; t < 2 && !o; t++)
				o = find_short(tables[t], arg[1]);
			if (!o)
				return cli_usage_error(ctx,
						       "unknown option '-%c'",
						       arg[1]);
			if (o->kind == CLI_OPT_BOOL && val)
				return cli_usage_error(ctx,
						       "unknown option '%s'",
						       arg);
		}
		if (o->kind != CLI_OPT_BOOL && !val) {
			if (i + 1 >= argc)
				return cli_usage_error(ctx,
						       "option '--%s' needs a "
						       "value",
						       o->long_name);
			val = argv[++i];
		}
		if (o->kind == CLI_OPT_PAIR) {
			if (i + 1 >= argc)
				return cli_usage_error(ctx,
						       "option '--%s' needs "
						       "two values: %s",
						       o->long_name,
						       o->arg_name);
			val2 = argv[++i];
		}
		if ((status = set_opt(ctx, o, val, val2)) != 0)
			return status;
	}
	return 0;
}

static void print_main_help(void)
{
	size_t i;

	printf("usage: retort [OPTIONS] COMMAND [ARGS]\n\n"
	       "retort keeps a database schema under version control.\n\n"
	       "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-12s %s\n", commands[i]->name, commands[i]->summary);
	printf("\noptions:\n");
	for (i = 0; global_options[i].long_name; i++) {
		const cli_option *o = &global_options[i];
		char left[64];

		snprintf(left, sizeof(left), "%s%c%s--%s%s%s",
			 o->short_name ? "-" : "  ",
			 o->short_name ? o->short_name : ' ',
			 o->short_name ? ", " : "  ", o->long_name,
			 o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
		printf("  %-28s %s\n", left, o->help);
	}
	printf("\nexit status: 0 ok, 1 failure, 2 usage, 3 the check said no, "
	       "4 lock not acquired\n'retort COMMAND --help' for a command's "
	       "options; man retort for the rest.\n");
}

/* The command word: the first argument that is not an option or the
 * value of a global option. */
static int find_command(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const cli_option *o = NULL;

		if (a[0] != '-' || !a[1])
			return i;
		if (!strcmp(a, "--"))
			return i + 1 < argc ? i + 1 : -1;
		if (a[1] == '-') {
			if (!strchr(a, '='))
				o = find_long(global_options, a + 2,
					      strlen(a + 2));
		} else if (!a[2]) {
			o = find_short(global_options, a[1]);
		}
		if (o && o->kind == CLI_OPT_STRING)
			i++;
		if (o && o->kind == CLI_OPT_PAIR)
			i += 2;
	}
	return -1;
}

/* rt_db_open with the configuration's options; the error is left set. */
static int open_db(cli_ctx *ctx, int read_only)
{
	rt_db_options dbo = {0};

	/* --wait-lock 0 means "do not wait"; the API's 0 is the default */
	dbo.lock_wait = ctx->wait_lock > 0 ? ctx->wait_lock : -1;
	dbo.no_create = read_only;
	dbo.lock_timeout = ctx->lock_timeout;
	dbo.statement_timeout = ctx->statement_timeout;
	dbo.retries = ctx->retries;
	dbo.schema_name = ctx->args.schema_name;
	dbo.lock_table = ctx->lock_table;
	dbo.max_replica_lag = ctx->max_replica_lag;
	return rt_db_open(&ctx->db, ctx->url, &dbo);
}

int cli_open_db(cli_ctx *ctx, int read_only)
{
	int error = open_db(ctx, read_only);

	return error < 0 ? cli_error(error) : 0;
}

/*
 * Commands that need both read the directory in a second thread while
 * this one opens the database: with a thousand migrations, reading their
 * files and SQLite parsing a schema of a thousand tables take about as
 * long each (status: 13 ms in turn). The database's half is the longer
 * one (status reads the rows too), so it runs on the thread that is
 * already running: a new thread can wait a millisecond or more for the
 * second CPU. The thread's error travels back saved; a directory error
 * still comes first, as when they ran in turn.
 */
typedef struct dir_loader {
	cli_ctx *ctx;
	int error;
	rt_error_saved *saved;
} dir_loader;

static void *load_dir_thread(void *arg)
{
	dir_loader *l = arg;
	cli_ctx *ctx = l->ctx;

	l->error = (ctx->cmd->flags & CLI_DIR_SUMMARY)
			   ? rt_dir_load_summary(&ctx->migrations, ctx->dir)
			   : rt_dir_load(&ctx->migrations, ctx->dir);
	if (l->error < 0)
		l->saved = rt_error_save();
	return NULL;
}

static int load_dir_and_open_db(cli_ctx *ctx)
{
	dir_loader l = {ctx, 0, NULL};
	pthread_t th;
	int threaded = pthread_create(&th, NULL, load_dir_thread, &l) == 0;
	rt_error_saved *mine = NULL;
	int error;

	if (!threaded)
		load_dir_thread(&l);
	if ((error = open_db(ctx, (ctx->cmd->flags & CLI_READ_ONLY) != 0)) <
	    0)
		mine = rt_error_save();
	/* status: the rows too (SQLite with a thousand of them: 2 ms) */
	else if ((ctx->cmd->flags & CLI_DIR_SUMMARY) &&
		 rt_status_read_rows(&ctx->status_rows, ctx->db) < 0)
		rt_error_clear(); /* the command reads them again, and says */
	if (threaded)
		pthread_join(th, NULL);
	if (l.error < 0) {
		rt_status_free(ctx->status_rows);
		ctx->status_rows = NULL;
		rt_db_close(ctx->db);
		ctx->db = NULL;
		rt_error_restore(mine); /* only to free it */
		rt_error_restore(l.saved);
		return cli_error(RT_ERROR);
	}
	if (error < 0) {
		rt_error_restore(mine);
		return cli_error(error);
	}
	return 0;
}

static int setup(cli_ctx *ctx)
{
	int error;

	if ((error = cli_config_resolve(ctx)) != 0)
		return error;
	if (ctx->args.wait && (error = cli_wait_server(ctx, ctx->url)) != 0)
		return error;
	if ((ctx->cmd->flags & CLI_NEEDS_DIR) &&
	    (ctx->cmd->flags & CLI_NEEDS_DB))
		return load_dir_and_open_db(ctx);
	if (ctx->cmd->flags & CLI_NEEDS_DIR) {
		if (rt_dir_load(&ctx->migrations, ctx->dir) < 0)
			return cli_error(RT_ERROR);
	}
	if (ctx->cmd->flags & CLI_NEEDS_DB)
		return cli_open_db(ctx, (ctx->cmd->flags & CLI_READ_ONLY) != 0);
	return 0;
}

static int unknown_command(const char *word)
{
	const char *names[(sizeof(commands) / sizeof(commands[0]))];
	const char *near;
	size_t i;

	for (i = 0; i < (sizeof(commands) / sizeof(commands[0])); i++)
		names[i] = commands[i]->name;
	near = rt_similar_closest(word, names, (sizeof(commands) / sizeof(commands[0])), 2);
	if (near)
		return cli_usage_error(NULL, "unknown command '%s'; did you "
					     "mean '%s'?",
				       word, near);
	return cli_usage_error(NULL, "unknown command '%s'", word);
}

int main(int argc, char **argv)
{
	cli_ctx ctx;
	int at, status;
	size_t i;

	/* a short-lived process: memory freed is never handed back to the
	 * kernel (each shrink of the heap cost a TLB flush, a tenth of a
	 * status at N=1000), and the heap grows in steps of 4 MiB, not a
	 * system call per 128 KiB */
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TOP_PAD, 4 * 1024 * 1024);
	rt_backend_tune_process();
	memset(&ctx, 0, sizeof(ctx));
	at = find_command(argc, argv);
	if (at > 0) {
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(commands[i]->name, argv[at]))
				ctx.cmd = commands[i];
		if (!ctx.cmd)
			return unknown_command(argv[at]);
		/* drop the command word */
		memmove(argv + at, argv + at + 1,
			(size_t)(argc - at - 1) * sizeof(char *));
		argc--;
	}
	if ((status = parse_args(&ctx, argc - 1, argv + 1)) != 0)
		return status;
	if (ctx.args.version && !ctx.args.help) {
		printf("retort %s\n", RT_VERSION);
		return 0;
	}
	if (!ctx.cmd) {
		if (ctx.args.help) {
			print_main_help();
			return 0;
		}
		return cli_usage_error(NULL, "no command given");
	}
	if (ctx.args.help) {
		cli_print_help(ctx.cmd);
		return 0;
	}
	if (ctx.cmd->max_args != CLI_ANY_ARGS &&
	    ctx.args.npos > ctx.cmd->max_args)
		return cli_usage_error(&ctx, "too many arguments");
	if (ctx.args.npos < ctx.cmd->min_args)
		return cli_usage_error(&ctx, "missing argument");
	cli_no_color = ctx.args.no_color;
	ctx.color = !ctx.args.no_color && isatty(1) && !getenv("NO_COLOR");
	if (ctx.args.targets || ctx.args.targets_query[0])
		status = cli_fleet_run(&ctx);
	else if ((status = setup(&ctx)) == 0)
		status = ctx.cmd->fn(&ctx);
	if (fflush(stdout) != 0 && status == 0)
		status = CLI_EXIT_FAILURE;
	rt_status_free(ctx.status_rows);
	rt_db_close(ctx.db);
	rt_dir_free(ctx.migrations);
	free(ctx.args.renames.v);
	return status;
}
