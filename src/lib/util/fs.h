/*
 * fs.h: the few file-system operations retort needs, with rt_error set on
 * failure ("could not read 'path': ...").
 */
#ifndef RT_FS_H
#define RT_FS_H

#include "retort.h"

/* Append the whole file to `out`. */
int rt_fs_read(rt_buf *out, const char *path);
/* The same for `name` relative to an open directory; `path` names it in
 * messages. Three system calls for a small file: a directory of a
 * thousand migrations is read on every command. */
int rt_fs_read_at(rt_buf *out, int dirfd, const char *name, const char *path,
		  int check_regular);
/* Write `len` bytes to a new file; fails if it exists (O_EXCL). */
int rt_fs_write_new(const char *path, const char *data, size_t len);
/* Replace the file's contents atomically (temporary file and rename). */
int rt_fs_write_replace(const char *path, const char *data, size_t len);
/* An exclusive lock on a directory (flock on its descriptor), held
 * until rt_fs_unlock: writers that pick a name from the directory's
 * contents (new migration ids) take it so two never pick the same.
 * *fd is -1 when the directory does not exist. */
int rt_fs_lock(int *fd, const char *dirpath);
void rt_fs_unlock(int fd);

int rt_fs_exists(const char *path);
int rt_fs_is_dir(const char *path);
/* Create the directory and its parents if missing. */
int rt_fs_mkdir(const char *path);
/* "dir/name", or name alone when it is absolute. */
char *rt_fs_join(const char *dir, const char *name);

/* The current time as ISO 8601 UTC with milliseconds. */
#define RT_TIME_ISO 64
void rt_time_iso(char out[RT_TIME_ISO]);
/* Monotonic milliseconds, for durations. */
int64_t rt_time_ms(void);
/* The user and host for the audit trail. */
const char *rt_whoami(void);
const char *rt_hostname(void);
/* "host:pid": this process, as lock and claim rows name it. */
const char *rt_holder(void);

#endif
