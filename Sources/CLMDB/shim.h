#ifndef BOXOFFICE_CLMDB_SHIM_H
#define BOXOFFICE_CLMDB_SHIM_H

// LMDB's public header is all Swift needs of LMDB: every function it declares is callable directly.
#include <lmdb.h>

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

// Reserves the first `bytes` of a file's blocks without changing its size (Linux fallocate with
// FALLOC_FL_KEEP_SIZE, 0x01). Why here: glibc declares fallocate only under _GNU_SOURCE, which
// Swift's Glibc module does not set, and syscall() is variadic, which Swift cannot call. Used
// before LMDB creates lock.mdb: LMDB extends it with ftruncate and writes it through a map, so
// on a full disk that write is a SIGBUS unless the blocks were reserved. Returns 0 or an errno.
static inline int boxoffice_reserve_blocks(int fd, long long bytes) {
    return syscall(SYS_fallocate, fd, 0x01, (long long)0, bytes) == 0 ? 0 : errno;
}

#endif
