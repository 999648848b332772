#ifndef BOXOFFICE_CSODIUM_SHIM_H
#define BOXOFFICE_CSODIUM_SHIM_H

// libsodium's public header; BoxOffice uses only crypto_pwhash_str for PIN hashes.
#include <sodium.h>

// crypto_pwhash_STRBYTES and the interactive limits are macros Swift cannot import as constants
// of the right type everywhere; these return them.
static inline size_t boxoffice_pwhash_strbytes(void) { return crypto_pwhash_STRBYTES; }
static inline unsigned long long boxoffice_pwhash_opslimit(void) { return crypto_pwhash_OPSLIMIT_INTERACTIVE; }
static inline size_t boxoffice_pwhash_memlimit(void) { return crypto_pwhash_MEMLIMIT_INTERACTIVE; }

#endif
