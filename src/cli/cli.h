/*
 * cli.h: what the command files share: parsed arguments, the resolved
 * configuration, the open directory and database, and output helpers.
 * The CLI uses only the public API (retort.h) plus util, as libgit2's.
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>
#include <stdio.h>

#include "retort.h"
#include "util/buf.h"

/* The values of a repeatable option, in order, as many as given
 * (v is malloc()ed; main frees it). */
typedef struct cli_list {
	const char **v;
	int n, cap;
} cli_list;
/* Append; 0 or -1 out of memory. */
int cli_list_push(cli_list *l, const char *v);

/* Every option value any command takes; a command's table says which. */
typedef struct cli_args {
	/* global */
	const char *url, *dir, *schema, *dev_url, *wait_lock;
	const char *lock_timeout, *statement_timeout, *retries, *schema_name,
		*lock_mode, *max_replica_lag;
	int json, quiet, verbose, no_color, help, version;
	/* command */
	int sql, dry_run, single_transaction, graph, allow_unsafe;
	const char *message;
	const char *dump; /* upgrade/downgrade --dump FILE */
	/* lint */
	const char *format, *since, *dialect;
	int all, list_rules;
	/* schema: diff --from/--to, new --autogenerate/--rename */
	const char *from, *to;
	int autogenerate;
	cli_list renames;
	/* online: backfill batches */
	const char *batch_size, *batch_delay;
	/* fleet (fleet.c): targets, rollout; create/drop */
	const char *targets, *targets_query[2], *jobs, *canary, *wave,
		*max_failures, *timeout, *wait;
	int keep_going, force;
	const char **pos; /* positional arguments, any number (in argv) */
	int npos;
} cli_args;

/* CLI_OPT_LIST, a repeatable option: --rename a.b=c --rename d=e */
typedef enum cli_opt_kind {
	CLI_OPT_BOOL,
	CLI_OPT_STRING,
	CLI_OPT_LIST,
	CLI_OPT_PAIR /* two values: --targets-query URL SQL (const char *[2]) */
} cli_opt_kind;

typedef struct cli_option {
	const char *long_name;
	char short_name;
	cli_opt_kind kind;
	size_t offset; /* into cli_args */
	const char *arg_name;
	const char *help;
} cli_option;

#define CLI_BOOL(l, s, field, help)                                          \
	{ l, s, CLI_OPT_BOOL, offsetof(cli_args, field), NULL, help }
#define CLI_STRING(l, s, field, arg, help)                                   \
	{ l, s, CLI_OPT_STRING, offsetof(cli_args, field), arg, help }
#define CLI_LIST(l, s, field, arg, help)                                     \
	{ l, s, CLI_OPT_LIST, offsetof(cli_args, field), arg, help }
#define CLI_PAIR(l, s, field, arg, help)                                     \
	{ l, s, CLI_OPT_PAIR, offsetof(cli_args, field), arg, help }
#define CLI_END { NULL, 0, CLI_OPT_BOOL, 0, NULL, NULL }
/* The options upgrade and downgrade share. */
#define CLI_RUN_OPTIONS                                                        \
	CLI_BOOL("sql", 0, sql,                                                \
		 "print the SQL script instead (offline; TARGET may be "       \
		 "FROM:TO)"),                                                  \
	    CLI_BOOL("dry-run", 'n', dry_run,                                  \
		     "show what would run, change nothing"),                   \
	    CLI_BOOL("single-transaction", 0, single_transaction,              \
		     "all migrations in one transaction: all or nothing")

enum {
	CLI_NEEDS_DIR = 1 << 0, /* load the migration directory first */
	CLI_NEEDS_DB = 1 << 1,	/* open the database */
	CLI_READ_ONLY = 1 << 2, /* do not create a missing database */
	/* the directory's summary only (rt_dir_load_summary: status) */
	CLI_DIR_SUMMARY = 1 << 3,
};

typedef struct cli_ctx cli_ctx;

#define CLI_ANY_ARGS (-1)

typedef struct cli_command {
	const char *name;
	int (*fn)(cli_ctx *ctx);
	const char *summary;
	const char *usage; /* after "retort NAME " */
	const char *description;
	const cli_option *options;
	int max_args, min_args; /* max_args CLI_ANY_ARGS: no limit */
	unsigned flags;
} cli_command;

struct cli_ctx {
	cli_args args;
	const cli_command *cmd;
	/* resolved configuration, with where each came from */
	const char *url, *url_source, *dir, *schema, *dev_url;
	double wait_lock, lock_timeout, statement_timeout, max_replica_lag;
	int retries, lock_table;
	int color; /* stdout is a terminal and colour is wanted */
	int color_err;
	/* retort.conf lint_ignore, split and checked against the rules */
	const char *lint_ignore[64];
	size_t nlint_ignore;
	rt_dir *migrations; /* CLI_NEEDS_DIR */
	rt_db *db;	    /* CLI_NEEDS_DB */
	/* CLI_DIR_SUMMARY: retort_migrations read by the thread that opened
	 * the database, while the directory loaded (rt_status_read_rows);
	 * NULL when that failed (the command reads them again) */
	rt_status *status_rows;
	/* status: the server's replicas (or why they were not read) */
	rt_replicas *replicas;
	const char *replicas_note;
};

/* Exit statuses of DESIGN.md. */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAILURE = 1,
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_NO = 3,
	CLI_EXIT_LOCKED = 4,
};

/* Commands, one file each. */
extern const cli_command cli_cmd_init, cli_cmd_new, cli_cmd_upgrade,
	cli_cmd_downgrade, cli_cmd_status, cli_cmd_history, cli_cmd_heads,
	cli_cmd_merge, cli_cmd_stamp, cli_cmd_verify;
extern const cli_command cli_cmd_lint;
extern const cli_command cli_cmd_diff, cli_cmd_check, cli_cmd_dump;
extern const cli_command cli_cmd_online;
extern const cli_command cli_cmd_import;
extern const cli_command cli_cmd_create, cli_cmd_drop;
extern const cli_command cli_cmd_squash;

/* fleet.c: the command over every target of --targets/--targets-query
 * (main calls it instead of the command when either is given), and
 * --wait: wait until the server of `url` answers. Each returns 0 or an
 * exit status. */
int cli_fleet_run(cli_ctx *ctx);
int cli_wait_server(const cli_ctx *ctx, const char *url);
/* cmd_drop.c: on a terminal, ask before dropping `what`; without one,
 * refuse (--force). 0 to go on, else the exit status. */
int cli_confirm_drop(const cli_ctx *ctx, const char *what);
/* config.c: "30s", "2m", "500ms", "1.5" into seconds; -1 when not one */
int cli_parse_duration(const char *s, double *out);
extern const cli_command cli_cmd_test;

/* cmd_online.c, shared with upgrade: the backfill's progress on stderr
 * (a bar on a terminal, a line every few seconds otherwise), the batch
 * options, and the online migration's status (search_path per version,
 * what to do next). */
typedef struct cli_progress {
	const cli_ctx *ctx;
	int tty;
	int drawn;	 /* a bar is on the line */
	int64_t last_ms; /* of the last plain line */
} cli_progress;
int cli_online_options(cli_ctx *ctx, rt_online_options *o, cli_progress *pr);
int cli_online_show(cli_ctx *ctx);

/* cmd_diff.c: what the schema commands share. Each returns 0 or the exit
 * status of an error it printed. */
int cli_schema_load(const cli_ctx *ctx, rt_schema **out, const char *src);
/* `safe`: the forms that keep existing tables usable (new --autogenerate;
 * rt_schema_diff_options.safe) */
int cli_schema_diff(const cli_ctx *ctx, rt_schema_changes **out,
		    const char *from, const char *to, int safe);
/* The changes as one JSON object on stdout (diff and check --json). */
int cli_schema_json(const rt_schema_changes *ch, const char *from,
		    const char *to);
/* Undecided renames and data loss, on stderr. */
void cli_schema_warn(const cli_ctx *ctx, const rt_schema_changes *ch);
/* prefix + path, malloc()ed: "dir://migrations" */
char *cli_source(const char *prefix, const char *path);

/* main.c: open ctx->db now (commands that connect only sometimes) */
int cli_open_db(cli_ctx *ctx, int read_only);

/* cmd_upgrade.c: upgrade and downgrade share everything but direction */
int cli_run_migrations(cli_ctx *ctx, rt_direction d);

/* config.c: the URL's dialect ("sqlite", "postgres", "mysql") and its
 * search_path parameter (may be NULL); NULL with the error set when the
 * URL is malformed. */
const char *cli_dialect(const cli_ctx *ctx, const char **search_path);
/* config.c: the engine of the URL, or NULL with the error set. */
const struct rt_backend *cli_engine(const cli_ctx *ctx);

/* config.c: flags, then $DATABASE_URL, then retort.conf, then defaults */
int cli_config_resolve(cli_ctx *ctx);

/* output.c */
int cli_error(int code); /* print rt_error_last(), return the exit status */
extern int cli_no_color;
int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* --NAME's value V as a whole number >= MIN into OUT (untouched when V is
 * NULL); a usage error otherwise */
int cli_int_option(const cli_ctx *ctx, const char *name, const char *v,
		   int min, int *out);
void cli_print_help(const cli_command *cmd);
const char *cli_color(const cli_ctx *ctx, const char *what);
#define CLI_RESET(ctx) cli_color(ctx, "reset")
void cli_info(const cli_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_print_event(const rt_event *ev, void *payload);
void cli_print_replica_wait(const rt_event *ev, const cli_ctx *ctx);
const char *cli_state_name(rt_rev_state s);
/* Write buffer to stdout; 0 or the exit status of a failed write. */
int cli_write(const rt_buf *b);
/* The database's schema (--url) as `retort dump` writes it, into FILE. */
int cli_dump_to(cli_ctx *ctx, const char *file);

#endif
