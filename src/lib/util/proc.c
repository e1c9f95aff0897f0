/*
 * proc.c: run a helper program, capture its output (proc.h). The child
 * reports a failed exec through a close-on-exec pipe, so "python3 not
 * found" is told apart from a program that ran and exited 127.
 */
#include "util/proc.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void keep_tail(rt_buf *b, const char *data, size_t n, size_t max)
{
	rt_buf_put(b, data, n);
	if (b->len > 2 * max) {
		size_t cut = b->len - max;

		memmove(b->ptr, b->ptr + cut, max);
		rt_buf_truncate(b, max);
	}
}

static int read_both(rt_buf *out, rt_buf *err, int ofd, int efd, size_t err_max,
		     const char *name, int (*interrupted)(void))
{
	struct pollfd p[2];
	char chunk[8192];

	p[0].fd = ofd;
	p[1].fd = efd;
	p[0].events = p[1].events = POLLIN;
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		int i;

		if (interrupted && interrupted())
			return rt_error_set(RT_ERROR_OS, "interrupted");
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return rt_error_os("poll the output of", name);
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			n = read(p[i].fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				p[i].fd = -1;
				continue;
			}
			if (i == 0)
				rt_buf_put(out, chunk, (size_t)n);
			else
				keep_tail(err, chunk, (size_t)n, err_max);
		}
	}
	return rt_buf_check(out) < 0 || rt_buf_check(err) < 0 ? rt_error_nomem()
							      : 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int rt_proc_run(rt_buf *out, rt_buf *err, int *status, const char *const *argv,
		char *const *env, size_t err_max, int (*interrupted)(void))
{
	int opipe[2] = {-1, -1}, epipe[2] = {-1, -1}, xpipe[2] = {-1, -1};
	int child_errno = 0, error = 0;
	pid_t pid;
	ssize_t n;

	*status = 0;
	if (pipe(opipe) < 0 || pipe(epipe) < 0 || pipe2(xpipe, O_CLOEXEC) < 0) {
		error = rt_error_os("make a pipe for", argv[0]);
		goto done;
	}
	if ((pid = fork()) < 0) {
		error = rt_error_os("fork to run", argv[0]);
		goto done;
	}
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		if (in >= 0)
			dup2(in, 0);
		dup2(opipe[1], 1);
		dup2(epipe[1], 2);
		close(opipe[0]);
		close(epipe[0]);
		close(xpipe[0]);
		signal(SIGPIPE, SIG_DFL);
		if (env)
			execvpe(argv[0], (char *const *)argv, env);
		else
			execvp(argv[0], (char *const *)argv);
		child_errno = errno;
		if (write(xpipe[1], &child_errno, sizeof(child_errno)) < 0)
			_exit(126);
		_exit(127);
	}
	close_fd(&opipe[1]);
	close_fd(&epipe[1]);
	close_fd(&xpipe[1]);
	while ((n = read(xpipe[0], &child_errno, sizeof(child_errno))) < 0 &&
	       errno == EINTR)
		;
	if (n == (ssize_t)sizeof(child_errno)) {
		while (waitpid(pid, status, 0) < 0 && errno == EINTR)
			;
		/* not started: ENOENT, EACCES ... all mean "no such
		 * program to run" to the caller */
		errno = child_errno;
		rt_error_os("run", argv[0]);
		error = RT_ENOTFOUND;
		goto done;
	}
	error = read_both(out, err, opipe[0], epipe[0], err_max, argv[0],
			  interrupted);
	if (error < 0)
		kill(pid, SIGTERM);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
done:
	close_fd(&opipe[0]);
	close_fd(&opipe[1]);
	close_fd(&epipe[0]);
	close_fd(&epipe[1]);
	close_fd(&xpipe[0]);
	close_fd(&xpipe[1]);
	return error;
}

void rt_proc_describe(rt_buf *b, int status)
{
	if (WIFEXITED(status))
		rt_buf_printf(b, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		rt_buf_printf(b, "was killed by signal %d (%s)",
			      WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		rt_buf_printf(b, "ended with wait status %d", status);
}
