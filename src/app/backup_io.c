/* File helpers of the backups (app/backup_io.h). */
#include "app/backup_io.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/banned.h"

int backup_io_fail(struct err *e, const char *what, const char *path)
{
	return err_set(e, "BACKUP_IO", "%s %s 失败（%s）：请检查磁盘空间和权限", what, path,
	               strerror(errno));
}

int backup_join(char out[PATH_LEN], const char *dir, const char *name, struct err *e)
{
	if (snprintf(out, PATH_LEN, "%s/%s", dir, name) >= PATH_LEN)
		return err_set(e, "BACKUP_IO", "备份目录路径过长：请换一个较短的路径");
	return 0;
}

void backup_sync_dir(const char *dir)
{
	int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d >= 0) {
		fsync(d);
		close(d);
	}
}

int backup_sync_file(const char *path, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0) {
		backup_io_fail(e, "写入", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Hash src (SHA-256, hex into sha) and, with dst, copy it there: written
 * to dst.part with mode, synced, renamed. *size gets the length. */
int backup_hash_copy(const char *src, const char *dst, mode_t mode, char sha[65], int64_t *size,
                     struct err *e)
{
	char part[PATH_LEN + 8];
	unsigned char buf[65536], digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	int in = -1, out = -1, rc = -1;
	if (dst)
		snprintf(part, sizeof part, "%s.part", dst);
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return backup_io_fail(e, "读取", src);
	if (dst && (out = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0) {
		backup_io_fail(e, "创建", part);
		goto out;
	}
	crypto_hash_sha256_init(&h);
	*size = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			backup_io_fail(e, "读取", src);
			goto out;
		}
		if (n == 0)
			break;
		*size += n;
		crypto_hash_sha256_update(&h, buf, (unsigned long long)n);
		for (ssize_t off = 0; out >= 0 && off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				backup_io_fail(e, "写入", part);
				goto out;
			}
			off += w;
		}
	}
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(sha, 65, digest, sizeof digest);
	if (out >= 0) {
		if (fsync(out) < 0 || close(out) < 0) {
			out = -1;
			backup_io_fail(e, "写入", part);
			goto out;
		}
		out = -1;
		if (rename(part, dst) < 0) {
			backup_io_fail(e, "保存", dst);
			goto out;
		}
	}
	rc = 0;
out:
	close(in);
	if (out >= 0)
		close(out);
	if (rc < 0 && dst)
		unlink(part);
	return rc;
}

