/* An LD_PRELOAD shim between LMDB and the data file, for the torture harness (torture.py).
 *
 * It watches the file descriptors opened on BOXOFFICE_SHIM_FILE (a data.mdb) and, as the
 * environment variables ask:
 *
 *   BOXOFFICE_SHIM_JOURNAL=PATH   records every write (offset and bytes) and every sync to PATH,
 *                                 so that power cuts can be replayed afterwards: what a sync
 *                                 covered reached the disk, the rest may be lost, reordered or
 *                                 torn (torture.py builds those disk images). A write through a
 *                                 descriptor opened O_DSYNC is a write and a sync.
 *   BOXOFFICE_SHIM_FAIL=KIND:N:HOW:ERRNO
 *                                 fails the Nth call (1-based) of KIND with ERRNO ("EIO" or
 *                                 "ENOSPC"): "write" (any write), "sync" (fsync, fdatasync, or a
 *                                 write through an O_DSYNC descriptor), "meta" (a write of a meta
 *                                 page: LMDB's commit point). HOW is "once" or "always" (that call
 *                                 and every later one of its kind).
 *   BOXOFFICE_SHIM_LIMIT_FILE=PATH
 *                                 a disk of limited size: PATH holds a byte count, read at each
 *                                 write; a write reaching past it fails with ENOSPC. The harness
 *                                 raises the number to give room again.
 *
 * boxoffice_shim_mark(text) writes a marker into the journal, so a driver can say where in the
 * stream of writes each acknowledgement was given.
 *
 * Why a shim and not a library: the harness must see LMDB's own writes, in order, with their
 * offsets; nothing short of interposing the calls does that without a kernel module or FUSE. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FDS 1024

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int watched[MAX_FDS]; /* 0: not ours; 1: the data file; 2: the data file, opened O_DSYNC */
static char target[PATH_MAX];
static int journal = -1;
static char limit_file[PATH_MAX];
static struct { int kind; long nth; int always; int err; } fail; /* kind 0: none, 1: write, 2: sync, 3: meta */
static long counts[4];
static long page_size;

static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_close)(int);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

__attribute__((constructor)) static void shim_init(void) {
    real_open = dlsym(RTLD_NEXT, "open");
    real_openat = dlsym(RTLD_NEXT, "openat");
    real_close = dlsym(RTLD_NEXT, "close");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_write = dlsym(RTLD_NEXT, "write");
    real_writev = dlsym(RTLD_NEXT, "writev");
    real_pwritev = dlsym(RTLD_NEXT, "pwritev");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    page_size = sysconf(_SC_PAGESIZE);
    const char *file = getenv("BOXOFFICE_SHIM_FILE");
    if (file && !realpath(file, target)) snprintf(target, sizeof target, "%s", file);
    const char *path = getenv("BOXOFFICE_SHIM_JOURNAL");
    if (path) journal = real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    const char *limit = getenv("BOXOFFICE_SHIM_LIMIT_FILE");
    if (limit) snprintf(limit_file, sizeof limit_file, "%s", limit);
    const char *spec = getenv("BOXOFFICE_SHIM_FAIL");
    if (spec) {
        char kind[16] = "", how[16] = "", err[16] = "";
        long nth = 0;
        if (sscanf(spec, "%15[a-z]:%ld:%15[a-z]:%15[A-Z]", kind, &nth, how, err) == 4 && nth > 0) {
            fail.kind = !strcmp(kind, "write") ? 1 : !strcmp(kind, "sync") ? 2 : !strcmp(kind, "meta") ? 3 : 0;
            fail.nth = nth;
            fail.always = !strcmp(how, "always");
            fail.err = !strcmp(err, "ENOSPC") ? ENOSPC : EIO;
        }
    }
}

/* One journal record: a type byte, the offset, the length, then the bytes. */
static void record(char type, uint64_t offset, const void *data, uint32_t length) {
    if (journal < 0) return;
    char header[13];
    header[0] = type;
    memcpy(header + 1, &offset, 8);
    memcpy(header + 9, &length, 4);
    struct iovec parts[2] = { { header, sizeof header }, { (void *)data, length } };
    (void)real_writev(journal, parts, length ? 2 : 1);
}

void boxoffice_shim_mark(const char *text) {
    pthread_mutex_lock(&lock);
    record('M', 0, text, (uint32_t)strlen(text));
    pthread_mutex_unlock(&lock);
}

/* Whether this call of `kind` is one to fail (counts every call of the kind). */
static int failing(int kind) {
    long n = ++counts[kind];
    return fail.kind == kind && (n == fail.nth || (fail.always && n > fail.nth));
}

static int is_target(const char *path) {
    char resolved[PATH_MAX];
    if (!target[0] || !path) return 0;
    if (realpath(path, resolved)) return strcmp(resolved, target) == 0;
    return strcmp(path, target) == 0;
}

static int track(int fd, const char *path, int flags) {
    if (fd >= 0 && fd < MAX_FDS) watched[fd] = is_target(path) ? ((flags & O_DSYNC) ? 2 : 1) : 0;
    return fd;
}

int open(const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list args;
        va_start(args, flags);
        mode = va_arg(args, mode_t);
        va_end(args);
    }
    return track(real_open(path, flags, mode), path, flags);
}
int open64(const char *path, int flags, ...) __attribute__((alias("open")));

int openat(int dir, const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list args;
        va_start(args, flags);
        mode = va_arg(args, mode_t);
        va_end(args);
    }
    return track(real_openat(dir, path, flags, mode), path, flags);
}
int openat64(int dir, const char *path, int flags, ...) __attribute__((alias("openat")));

int close(int fd) {
    if (fd >= 0 && fd < MAX_FDS) watched[fd] = 0;
    return real_close(fd);
}

static int ours(int fd) { return fd >= 0 && fd < MAX_FDS && watched[fd]; }

/* The size the limit file allows, or -1 for none. */
static long long limit(void) {
    if (!limit_file[0]) return -1;
    FILE *f = fopen(limit_file, "r");
    long long bytes = -1;
    if (f) {
        if (fscanf(f, "%lld", &bytes) != 1) bytes = -1;
        fclose(f);
    }
    return bytes;
}

/* A write of `length` bytes at `offset` through a watched descriptor: checked, done, recorded. */
static ssize_t watched_write(int fd, const struct iovec *parts, int count, off_t offset) {
    size_t length = 0;
    for (int i = 0; i < count; i++) length += parts[i].iov_len;
    pthread_mutex_lock(&lock);
    long long room = limit();
    /* LMDB commits by writing a meta page's fields from offset 32 of page 0 or 1. */
    int meta = offset < 2 * page_size && offset % page_size == 32;
    int fails = failing(1);
    if (watched[fd] == 2) fails |= failing(2);
    if (meta) fails |= failing(3);
    if (fails) {
        errno = fail.err;
        pthread_mutex_unlock(&lock);
        return -1;
    }
    if (room >= 0 && (long long)(offset + (off_t)length) > room) {
        errno = ENOSPC;
        pthread_mutex_unlock(&lock);
        return -1;
    }
    ssize_t done = real_pwritev(fd, parts, count, offset);
    if (done > 0) {
        /* One record per call (the parts are contiguous), so records count calls as KIND does. */
        char *joined = malloc((size_t)done);
        size_t at = 0;
        for (int i = 0; i < count && at < (size_t)done; i++) {
            size_t n = parts[i].iov_len < (size_t)done - at ? parts[i].iov_len : (size_t)done - at;
            memcpy(joined + at, parts[i].iov_base, n);
            at += n;
        }
        record('W', (uint64_t)offset, joined, (uint32_t)done);
        free(joined);
        if (watched[fd] == 2) record('S', 0, NULL, 0);
    }
    pthread_mutex_unlock(&lock);
    return done;
}

ssize_t pwrite(int fd, const void *data, size_t length, off_t offset) {
    if (!ours(fd)) return real_pwrite(fd, data, length, offset);
    struct iovec part = { (void *)data, length };
    return watched_write(fd, &part, 1, offset);
}
ssize_t pwrite64(int fd, const void *data, size_t length, off_t offset) __attribute__((alias("pwrite")));

ssize_t pwritev(int fd, const struct iovec *parts, int count, off_t offset) {
    if (!ours(fd)) return real_pwritev(fd, parts, count, offset);
    return watched_write(fd, parts, count, offset);
}

/* write and writev use the file position: written at it, then it moves past. */
ssize_t writev(int fd, const struct iovec *parts, int count) {
    if (!ours(fd)) return real_writev(fd, parts, count);
    off_t at = lseek(fd, 0, SEEK_CUR);
    ssize_t done = watched_write(fd, parts, count, at);
    if (done > 0) lseek(fd, at + done, SEEK_SET);
    return done;
}

ssize_t write(int fd, const void *data, size_t length) {
    if (!ours(fd)) return real_write(fd, data, length);
    struct iovec part = { (void *)data, length };
    return writev(fd, &part, 1);
}

static int watched_sync(int fd, int (*real)(int)) {
    if (!ours(fd)) return real(fd);
    pthread_mutex_lock(&lock);
    if (failing(2)) {
        errno = fail.err;
        pthread_mutex_unlock(&lock);
        return -1;
    }
    int rc = real(fd);
    if (rc == 0) record('S', 0, NULL, 0);
    pthread_mutex_unlock(&lock);
    return rc;
}

int fsync(int fd) { return watched_sync(fd, real_fsync); }
int fdatasync(int fd) { return watched_sync(fd, real_fdatasync); }
