/*
 * mysql_cancel.c: stopping the statement a MySQL/MariaDB connection runs,
 * from a signal handler (the backend's `cancel` slot).
 *
 * libpq has PQcancel, which is async-signal-safe; libmariadb has nothing
 * like it: a statement is stopped by KILL QUERY <id> sent on another
 * connection, and opening one allocates, takes locks and may resolve a
 * host name, none of which a signal handler may do. So the handler only
 * writes the connection's address to a pipe (write() is safe there), and
 * one thread of the process, started with the first connection, reads it
 * and sends the KILL QUERY. The connection may be closed between the two:
 * the thread sends nothing for a connection that is no longer registered,
 * and closing one waits for a KILL under way on it (the registry's mutex),
 * so the thread never reads a freed connection.
 *
 * A child of fork() has no such thread (only the forking thread goes on):
 * the first connection it registers starts its own.
 */
#include "backend/mysql_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static rt_conn *registered; /* through cancel_next */
static pid_t thread_pid;    /* the process whose thread reads the pipe */
static int pipe_rd = -1;
static volatile int pipe_wr = -1;

static int is_registered(const rt_conn *c)
{
	for (const rt_conn *r = registered; r; r = r->cancel_next)
		if (r == c)
			return 1;
	return 0;
}

static void kill_query(rt_conn *c)
{
	char sql[64];
	unsigned long id = mysql_thread_id(c->my);
	MYSQL *my;
	int n;

	/* a few seconds for each step: a server that does not answer is
	 * one the interrupted command gives up on anyway */
	if (rt_my_open(c, &my, 5) < 0)
		return;
	n = snprintf(sql, sizeof(sql), "KILL QUERY %lu", id);
	if (mysql_real_query(my, sql, (unsigned long)n))
		(void)mysql_errno(my);
	mysql_close(my);
}

static void *canceller(void *arg)
{
	int fd = (int)(intptr_t)arg;
	rt_conn *c;

	mysql_thread_init();
	for (;;) {
		ssize_t n = read(fd, &c, sizeof(c));

		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(c))
			break;
		pthread_mutex_lock(&reg_mu);
		if (is_registered(c) && c->my)
			kill_query(c);
		pthread_mutex_unlock(&reg_mu);
	}
	mysql_thread_end();
	return NULL;
}

/* The pipe and its thread for this process; under reg_mu. */
static void start_thread(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int fds[2];

	if (thread_pid == getpid())
		return;
	if (pipe_rd >= 0) { /* the parent's, before a fork */
		close(pipe_rd);
		close(pipe_wr);
		pipe_rd = pipe_wr = -1;
	}
	registered = NULL; /* the parent's connections are not ours */
	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	/* the handler never blocks on a full pipe */
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, canceller, (void *)(intptr_t)fds[0])) {
		close(fds[0]);
		close(fds[1]);
	} else {
		pipe_rd = fds[0];
		pipe_wr = fds[1];
		thread_pid = getpid();
	}
	pthread_attr_destroy(&attr);
}

void rt_my_cancel_register(rt_conn *c)
{
	pthread_mutex_lock(&reg_mu);
	start_thread();
	c->cancel_next = registered;
	registered = c;
	pthread_mutex_unlock(&reg_mu);
}

void rt_my_cancel_unregister(rt_conn *c)
{
	pthread_mutex_lock(&reg_mu);
	for (rt_conn **p = &registered; *p; p = &(*p)->cancel_next)
		if (*p == c) {
			*p = c->cancel_next;
			break;
		}
	pthread_mutex_unlock(&reg_mu);
}

void rt_my_cancel(rt_conn *c)
{
	int fd = pipe_wr;
	int saved = errno;

	/* a pointer is less than PIPE_BUF: written whole or not at all */
	if (c && fd >= 0 && write(fd, &c, sizeof(c)) < 0)
		(void)0;
	errno = saved;
}
