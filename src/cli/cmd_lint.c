/*
 * cmd_lint.c: `retort lint [FILE...]`: safety analysis of migrations.
 * Targets: the pending migrations of the database (the default: what the
 * next upgrade would run, linted as one run against the live catalog),
 * --all, --since REV, or files (a directory argument stands for its
 * *.sql files). Exit 3 when an error-level finding counts, else 0.
 */
#include "cli.h"
#include "util/fs.h"
#include "util/url.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* FILE arguments, a directory standing for its *.sql files in name
 * order. The strings are the caller's to free (each and the array). */
static int expand_files(char ***out, size_t *n, const cli_ctx *ctx)
{
	char **v = NULL;
	size_t len = 0, cap = 0;
	int i;

	for (i = 0; i < ctx->args.npos; i++) {
		const char *arg = ctx->args.pos[i];
		struct stat st;
		DIR *d;
		struct dirent *e;
		size_t first = len;

		if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
			if (len == cap) {
				cap = cap ? 2 * cap : 16;
				if (!(v = realloc(v, cap * sizeof(*v))))
					return -1;
			}
			if (!(v[len++] = strdup(arg)))
				return -1;
			continue;
		}
		if (!(d = opendir(arg))) {
			fprintf(stderr, "retort: error: could not open '%s'\n",
				arg);
			return -1;
		}
		while ((e = readdir(d))) {
			size_t nl = strlen(e->d_name);

			if (nl < 5 || strcmp(e->d_name + nl - 4, ".sql") != 0)
				continue;
			if (len == cap) {
				cap = cap ? 2 * cap : 16;
				if (!(v = realloc(v, cap * sizeof(*v)))) {
					closedir(d);
					return -1;
				}
			}
			/* "dir/" and "dir" both give "dir/name" */
			if (!(v[len] = rt_fs_join(arg, e->d_name))) {
				closedir(d);
				return -1;
			}
			len++;
		}
		closedir(d);
		qsort(v + first, len - first, sizeof(*v), cmp_str);
	}
	*out = v;
	*n = len;
	return 0;
}

static int list_rules(const cli_ctx *ctx)
{
	const rt_lint_rule *rules;
	rt_buf out = RT_BUF_INIT;
	size_t n, i;
	int status;

	rules = rt_lint_rules(&n);
	rt_buf_init(&out);
	for (i = 0; i < n; i++) {
		const char *sev =
		    rules[i].severity == RT_LINT_ERROR ? "error" : "warning";

		if (!ctx->args.json) {
			rt_buf_printf(&out, "%-32s %-7s %-16s %s\n",
				      rules[i].id, sev, rules[i].dialects,
				      rules[i].summary);
			continue;
		}
		rt_buf_puts(&out, i ? ",\n {\"id\": " : "[{\"id\": ");
		rt_buf_put_json(&out, rules[i].id);
		rt_buf_printf(&out,
			      ", \"severity\": \"%s\", \"dialects\": ", sev);
		rt_buf_put_json(&out, rules[i].dialects);
		rt_buf_puts(&out, ", \"summary\": ");
		rt_buf_put_json(&out, rules[i].summary);
		rt_buf_putc(&out, '}');
	}
	if (ctx->args.json)
		rt_buf_puts(&out, "]\n");
	status = cli_write(&out);
	rt_buf_release(&out);
	return status;
}

/* The pending (and partial) migrations, in directory order. */
static int pending(rt_migration ***out, size_t *n, cli_ctx *ctx)
{
	rt_status *st = NULL;
	size_t i;

	*n = 0;
	if (rt_status_load(&st, ctx->db, ctx->migrations) < 0)
		return RT_ERROR;
	*out = calloc(st->count + 1, sizeof(**out));
	if (!*out) {
		rt_status_free(st);
		return RT_ERROR;
	}
	for (i = 0; i < st->count; i++) {
		const rt_status_entry *e = &st->entries[i];

		if (e->migration &&
		    (e->state == RT_REV_PENDING || e->state == RT_REV_PARTIAL))
			(*out)[(*n)++] = (rt_migration *)e->migration;
	}
	rt_status_free(st);
	return 0;
}

static int cmd_lint(cli_ctx *ctx)
{
	rt_lint_options opts = RT_LINT_OPTIONS_INIT;
	rt_lint_report *rep = NULL;
	rt_lint_format format = RT_LINT_FORMAT_TEXT;
	rt_migration **migs = NULL;
	char **files = NULL;
	size_t nmigs = 0, nfiles = 0, i;
	rt_buf out = RT_BUF_INIT;
	unsigned flags = 0;
	int error = 0, status = CLI_EXIT_OK, modes;

	if (ctx->args.list_rules)
		return list_rules(ctx);
	modes = (ctx->args.all != 0) + (ctx->args.since != NULL) +
		(ctx->args.npos > 0);
	if (modes > 1)
		return cli_usage_error(ctx, "give FILEs, --all or --since, "
					    "not several");
	if (ctx->args.json)
		format = RT_LINT_FORMAT_JSON;
	if (ctx->args.format) {
		if (!strcmp(ctx->args.format, "json"))
			format = RT_LINT_FORMAT_JSON;
		else if (!strcmp(ctx->args.format, "github"))
			format = RT_LINT_FORMAT_GITHUB;
		else if (!strcmp(ctx->args.format, "text"))
			format = RT_LINT_FORMAT_TEXT;
		else
			return cli_usage_error(ctx, "--format takes text, json "
						    "or github");
	}
	if (ctx->color)
		flags |= RT_LINT_OUT_COLOR;
	if (ctx->args.verbose)
		flags |= RT_LINT_OUT_SUPPRESSED;
	if (ctx->args.quiet)
		flags |= RT_LINT_OUT_BRIEF;
	opts.ignore = ctx->lint_ignore;
	opts.nignore = ctx->nlint_ignore;
	/* as upgrade would run them: --lock-timeout 0 sets none */
	opts.no_lock_timeout = ctx->lock_timeout < 0;
	opts.dialect = ctx->args.dialect;
	if (!opts.dialect && !(opts.dialect = cli_dialect(ctx, NULL))) {
		status = cli_error(RT_ERROR);
		goto done;
	}

	/* the database: always for the pending set (what is pending, and
	 * the live catalog, as upgrade will see it); else with --url */
	if (!modes || (ctx->url_source && !strcmp(ctx->url_source, "--url"))) {
		if ((status = cli_open_db(ctx, 1)) != 0)
			goto done;
		opts.db = ctx->db;
		if (!ctx->args.dialect)
			opts.dialect = rt_db_backend(ctx->db);
	}
	if (ctx->args.npos == 1 && !strcmp(ctx->args.pos[0], "-")) {
		rt_buf in = RT_BUF_INIT;
		char chunk[65536];
		size_t got;

		/* a migration's up section on stdin, as retort runs it */
		rt_buf_init(&in);
		while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
			rt_buf_put(&in, chunk, got);
		error = rt_buf_check(&in);
		if (!error)
			error = rt_lint_sql(&rep, "-", rt_buf_cstr(&in), 1,
					    &opts);
		rt_buf_release(&in);
	} else if (ctx->args.npos) {
		if (expand_files(&files, &nfiles, ctx) < 0) {
			status = CLI_EXIT_FAILURE;
			goto done;
		}
		error = rt_lint_files(&rep, (const char *const *)files, nfiles,
				      &opts);
	} else {
		if (rt_dir_load(&ctx->migrations, ctx->dir) < 0) {
			status = cli_error(RT_ERROR);
			goto done;
		}
		if (ctx->args.all) {
			nmigs = ctx->migrations->count;
			error = rt_lint_migrations(&rep, ctx->migrations,
						   ctx->migrations->migrations,
						   nmigs, &opts);
		} else if (ctx->args.since) {
			error = rt_lint_since(&migs, &nmigs, ctx->migrations,
					      ctx->args.since);
			if (!error)
				error = rt_lint_migrations(
				    &rep, ctx->migrations, migs, nmigs, &opts);
		} else {
			opts.same_run = 1;
			error = pending(&migs, &nmigs, ctx);
			if (!error && !nmigs && !ctx->args.quiet &&
			    format == RT_LINT_FORMAT_TEXT)
				printf("no pending migrations to lint\n");
			if (!error)
				error = rt_lint_migrations(
				    &rep, ctx->migrations, migs, nmigs, &opts);
		}
	}
	if (error < 0) {
		status = cli_error(error);
		goto done;
	}
	rt_buf_init(&out);
	if (rt_lint_format_report(&out, rep, format, flags) < 0) {
		status = cli_error(RT_ERROR);
		goto done;
	}
	if ((status = cli_write(&out)) == CLI_EXIT_OK && rep->nerrors)
		status = CLI_EXIT_NO;
done:
	rt_buf_release(&out);
	rt_lint_report_free(rep);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	free(migs);
	return status;
}

static const cli_option options[] = {
    CLI_BOOL("all", 0, all, "every migration of the directory"),
    CLI_STRING("since", 0, since, "REV",
	       "the migrations after REV (not REV nor its ancestors)"),
    CLI_STRING("format", 'f', format, "FORMAT",
	       "text (default), json or github (workflow annotations)"),
    CLI_STRING("dialect", 0, dialect, "NAME",
	       "postgres, sqlite or mysql (default: the URL's)"),
    CLI_BOOL("rules", 0, list_rules, "list the rules and exit"),
    CLI_END,
};

const cli_command cli_cmd_lint = {
    .name = "lint",
    .fn = cmd_lint,
    .summary = "safety analysis of migrations (locks, data loss, "
	       "compatibility)",
    .usage = "[FILE|DIR...|-] [--all | --since REV] [--format "
	     "text|json|github]",
    .description =
	"Default: the pending migrations of the database, linted as "
	"one run\nagainst its catalog (table sizes, what exists), as "
	"upgrade does. FILEs\nand --all/--since read the catalog only "
	"with --url. -v shows suppressed\nfindings, -q one line each. "
	"Exit status 3 when an error-level finding\ncounts, 0 on "
	"warnings only.\nSuppress with '-- retort:lint-ignore RULE "
	"reason' at the top of a file\nor before a statement, or "
	"project-wide with 'lint_ignore = RULE, ...'\nin retort.conf.",
    .options = options,
    .max_args = CLI_ANY_ARGS,
    .flags = 0,
};
