/*
 * backup_io — the file steps backups and restores share (app/backup.h),
 * internal to src/app: errors as BACKUP_IO naming the path, joining a
 * directory and a name, syncing, and copying a file while hashing it.
 */
#ifndef PEIXUN_APP_BACKUP_IO_H
#define PEIXUN_APP_BACKUP_IO_H

#include <stdint.h>
#include <sys/types.h>

#include "base/err.h"

#define PATH_LEN 4096

/* BACKUP_IO: "<what> <path> 失败（errno's text）…"; returns -1. */
int backup_io_fail(struct err *e, const char *what, const char *path);
/* dir/name into out; BACKUP_IO if it does not fit. */
int backup_join(char out[PATH_LEN], const char *dir, const char *name, struct err *e);
/* fsync a directory (best effort) or a file (BACKUP_IO). */
void backup_sync_dir(const char *dir);
int backup_sync_file(const char *path, struct err *e);
/* Hash src (SHA-256, hex into sha) and, with dst, copy it there: written
 * to dst.part with mode, synced, renamed. *size gets the length. */
int backup_hash_copy(const char *src, const char *dst, mode_t mode, char sha[65], int64_t *size,
                     struct err *e);

#endif
