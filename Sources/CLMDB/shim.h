#ifndef BOXOFFICE_CLMDB_SHIM_H
#define BOXOFFICE_CLMDB_SHIM_H

// LMDB's public header is all Swift needs: every function it declares is callable directly.
#include <lmdb.h>

#endif
