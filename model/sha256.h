/*
 * sha256.h: SHA-256 (FIPS 180-4), for the fingerprints that tell an update
 * which corpus files changed since the last build, and for the index terms
 * of values too long to be terms themselves (term.h).
 *
 * Why SHA-256 and not a fast 64-bit hash: a missed change would leave a
 * stale paragraph in the index with nothing to show for it, and hashing is a
 * small part of an update (the text is read and validated anyway). Written
 * here, not taken from a crypto library: it is 150 lines and checked against
 * the FIPS test vectors (tests/unit/test_filestate.c).
 *
 * A sha256_ctx is the caller's and belongs to one thread; the functions
 * cannot fail and allocate nothing.
 */
#ifndef LASEARCH_SHA256_H
#define LASEARCH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32
#define SHA256_HEX (2 * SHA256_BYTES + 1)   /* hex digits and the NUL */

typedef struct sha256_ctx {
    uint32_t h[8];           /* the running state */
    uint64_t bytes;          /* message length so far */
    unsigned char buf[64];   /* a partial block */
    size_t n;                /* bytes in buf */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* The digest; c must be re-initialised before it is used again. */
void sha256_final(sha256_ctx *c, unsigned char out[SHA256_BYTES]);
/* The digest as lower-case hex, NUL-terminated. */
void sha256_final_hex(sha256_ctx *c, char out[SHA256_HEX]);

/* One call: the hex digest of len bytes. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX]);

#endif /* LASEARCH_SHA256_H */
