/*
 * fs.c: files, time and identity for the audit trail.
 */
#include "util/common.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int rt_fs_read(rt_buf *out, const char *path)
{
	return rt_fs_read_at(out, AT_FDCWD, path, path, 1);
}

int rt_fs_read_at(rt_buf *out, int dirfd, const char *name, const char *path,
		  int check_regular)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = openat(dirfd, name,
			O_RDONLY | O_CLOEXEC | O_NOCTTY |
				(check_regular ? O_NONBLOCK : 0));
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return rt_error_os("open", path);
	if (check_regular && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		rt_error_set(RT_ERROR_OS, "'%s' is not a regular file", path);
		rt_error_at(path, 0, 0);
		return RT_ERROR;
	}
	for (;;) {
		/* a buffer the first read filled: the rest in one piece, the
		 * size known, instead of growing it by halves */
		if (out->len && out->len + 1 == out->cap &&
		    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size > out->len)
			rt_buf_grow(out, (size_t)st.st_size - out->len + 1);
		else
			rt_buf_grow(out, 8192);
		if (out->oom) {
			close(fd);
			return rt_error_nomem();
		}
		n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rt_error_os(errno == EISDIR ? "read (a directory)"
						    : "read",
				    path);
			close(fd);
			return RT_ERROR;
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		/* a short read of a regular file is its end */
		if (n == 0 || out->len + 1 < out->cap)
			break;
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const char *data, size_t len, const char *path)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return rt_error_os("write", path);
		}
		done += (size_t)n;
	}
	return 0;
}

/* File systems without hard links (FAT, some FUSE mounts) */
static int no_links(int err)
{
	return err == EPERM || err == EOPNOTSUPP || err == ENOSYS ||
	       err == EMLINK;
}

static int write_excl(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return rt_error_os("create", path);
	if (write_all(fd, data, len, path) < 0) {
		close(fd);
		unlink(path);
		return RT_ERROR;
	}
	if (close(fd) < 0)
		return rt_error_os("write", path);
	return 0;
}

/* The whole of data, durably, in a file beside `path` (whose name is in
 * `tmp`): the writers below then put it in place in one step. On error
 * nothing is left beside it. */
static int write_beside(rt_buf *tmp, const char *path, const char *data,
			size_t len)
{
	int fd, error;

	rt_buf_printf(tmp, "%s.tmp.%ld", path, (long)getpid());
	if ((error = rt_buf_check(tmp)) < 0)
		return error;
	fd = open(tmp->ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return rt_error_os("create", path);
	if ((error = write_all(fd, data, len, path)) < 0 ||
	    (fsync(fd) < 0 && (error = rt_error_os("write", path)) < 0)) {
		close(fd);
		unlink(tmp->ptr);
		return error;
	}
	if (close(fd) < 0) {
		unlink(tmp->ptr);
		return rt_error_os("write", path);
	}
	return 0;
}

/* Written beside the final name, then linked to it: a concurrent reader
 * (another `retort new`, `status`) never sees half a migration, and
 * link(2) fails on an existing name as O_EXCL does, atomically. */
int rt_fs_write_new(const char *path, const char *data, size_t len)
{
	rt_buf tmp = RT_BUF_INIT;
	int error;

	rt_buf_init(&tmp);
	if ((error = write_beside(&tmp, path, data, len)) < 0)
		goto done;
	if (link(tmp.ptr, path) < 0)
		error = no_links(errno) ? write_excl(path, data, len)
				       : rt_error_os("create", path);
	unlink(tmp.ptr);
done:
	rt_buf_release(&tmp);
	return error;
}

/* A reader (an editor, git, a concurrent retort) sees the old file or
 * the new one, never half of it: write beside it, then rename over. */
int rt_fs_write_replace(const char *path, const char *data, size_t len)
{
	rt_buf tmp = RT_BUF_INIT;
	int error;

	rt_buf_init(&tmp);
	if ((error = write_beside(&tmp, path, data, len)) < 0)
		goto done;
	if (rename(tmp.ptr, path) < 0) {
		error = rt_error_os("write", path);
		unlink(tmp.ptr);
	}
done:
	rt_buf_release(&tmp);
	return error;
}

int rt_fs_lock(int *fd, const char *dirpath)
{
	*fd = open(dirpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT ? 0 : rt_error_os("open", dirpath);
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		close(*fd);
		*fd = -1;
		return rt_error_os("lock", dirpath);
	}
	return 0;
}

void rt_fs_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

int rt_fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int rt_fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int rt_fs_mkdir(const char *path)
{
	char *p = strdup(path), *s;
	int error = 0;

	if (!p)
		return rt_error_nomem();
	/* every missing parent too, as mkdir -p */
	for (s = p + 1; *s && !error; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			error = rt_error_os("create directory", p);
		*s = '/';
	}
	if (!error && mkdir(p, 0755) < 0 && errno != EEXIST)
		error = rt_error_os("create directory", p);
	free(p);
	return error;
}

char *rt_fs_join(const char *dir, const char *name)
{
	char *s = NULL;

	if (name[0] == '/' || !dir || !*dir)
		return strdup(name);
	if (asprintf(&s, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
		     name) < 0)
		return NULL;
	return s;
}

void rt_time_iso(char out[RT_TIME_ISO])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, RT_TIME_ISO, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

int64_t rt_time_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *rt_whoami(void)
{
	static _Thread_local char name[64];
	struct passwd pw, *res = NULL;
	char buf[1024];
	const char *env = getenv("USER");

	if (name[0])
		return name;
	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 && res)
		snprintf(name, sizeof(name), "%s", res->pw_name);
	else
		snprintf(name, sizeof(name), "%s", env ? env : "unknown");
	return name;
}

const char *rt_holder(void)
{
	static _Thread_local char holder[320];

	if (!holder[0])
		snprintf(holder, sizeof(holder), "%s:%ld", rt_hostname(),
			 (long)getpid());
	return holder;
}

const char *rt_hostname(void)
{
	static _Thread_local char host[256];

	if (!host[0] && gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "unknown");
	return host;
}
