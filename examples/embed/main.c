/*
 * An application that embeds libretort: at start-up it brings its own
 * SQLite database to the newest schema, then goes about its work. Any
 * number of instances may start at once; each migration runs once.
 *
 *   cc main.c $(pkg-config --cflags --libs retort) -o app
 *   ./app app.db migrations
 */
#include <retort.h>

#include <stdio.h>

static void on_event(const rt_event *ev, void *payload)
{
	(void)payload;
	if (ev->kind == RT_EVENT_DONE)
		printf("migrated: %s (%lld ms)\n", ev->revision,
		       (long long)ev->duration_ms);
}

static int fail(const char *what)
{
	const rt_error *e = rt_error_last();

	fprintf(stderr, "app: %s: ", what);
	if (e->file)
		fprintf(stderr, "%s:%d: ", e->file, e->line);
	fprintf(stderr, "%s\n", e->message);
	if (e->hint)
		fprintf(stderr, "hint: %s\n", e->hint);
	return 1;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "app.db";
	const char *dirpath = argc > 2 ? argv[2] : "migrations";
	rt_run_options opts = RT_RUN_OPTIONS_INIT;
	rt_dir *dir = NULL;
	rt_db *db = NULL;
	rt_status *st = NULL;
	char url[4096];
	int status = 1;

	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (rt_dir_load(&dir, dirpath) < 0) {
		fail("loading migrations");
		goto done;
	}
	if (rt_db_open(&db, url, NULL) < 0) {
		fail("opening the database");
		goto done;
	}
	opts.on_event = on_event;
	if (rt_upgrade(db, dir, &opts) < 0) {
		fail("migrating");
		goto done;
	}
	if (rt_status_load(&st, db, dir) < 0) {
		fail("reading the status");
		goto done;
	}
	printf("schema at %s (%zu migrations applied)\n",
	       st->ncurrent ? st->current[0] : "base", st->napplied);
	/* the application's own work, on the schema it just ensured */
	if (rt_db_exec(db, "INSERT INTO visit (at) VALUES (datetime('now'))") <
	    0) {
		fail("recording the visit");
		goto done;
	}
	status = 0;
done:
	rt_status_free(st);
	rt_db_close(db);
	rt_dir_free(dir);
	return status;
}
