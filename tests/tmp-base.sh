# Sourced by pg-tmp, mariadb-tmp and e2e/lib.sh: where throwaway servers
# and test directories go. A memory file system (/dev/shm) when it has
# room: the servers of the suite make and drop thousands of databases,
# and on a disk file system each relation file's inode allocation and
# journal is most of the server's CPU (perf: ext4_new_inode), work that
# says nothing about retort. RT_TMP overrides; /tmp otherwise (a
# container's 64 MB /dev/shm is too small).
rt_tmp_base() {
	if [ -n "${RT_TMP-}" ]; then
		echo "$RT_TMP"
		return
	fi
	# at least 4 GiB free, in 1K blocks
	_free=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
	if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "${_free:-0}" -ge 4194304 ]; then
		echo /dev/shm
	else
		echo /tmp
	fi
}
