/*
 * pool.h: open index handles for the server's worker threads, always on the
 * live generation.
 *
 * A search_index (like the Xapian handle inside it) is used by one thread at
 * a time, so each request borrows a handle from the pool and gives it back.
 * Every borrow first takes a cheap "stamp" of the index on disk (the stub
 * INDEX/XAPIANDB naming the live generation, and the status of that
 * generation's version file, which Xapian rewrites on every commit). A handle
 * opened under another stamp is closed and a new one opened, so a rebuild
 * (a new generation published by renaming the stub) or an in-place commit is
 * picked up by the next request, without a restart.
 *
 * The stub is also checked for safety: a "remote :PROG" line would make
 * Xapian run a program, so such an index is refused.
 */
#ifndef LASEARCH_SERVE_POOL_H
#define LASEARCH_SERVE_POOL_H

#include <stddef.h>

#include "search.h"

typedef struct serve_pool serve_pool;
typedef struct pool_handle pool_handle;

/* A pool for the index at dir, keeping at most max_idle handles open between
 * requests. Opens one handle at once so a wrong path is reported at start.
 * Returns 0, or -1 with err. */
int pool_new(const char *dir, size_t max_idle, serve_pool **out, char *err, size_t errlen);

/* Close every idle handle and the pool. No handle may be borrowed. */
void pool_free(serve_pool *p);

/* Borrow a handle on the index as it is now (opening one if no idle handle
 * has the current stamp). Returns NULL with err when the index cannot be
 * opened. Safe from any thread. */
pool_handle *pool_acquire(serve_pool *p, char *err, size_t errlen);

/* The search_index of a borrowed handle (owned by the handle). */
search_index *pool_index(pool_handle *h);

/* Give h back. broken: a search on it failed with an index error, so close
 * it rather than keep it. */
void pool_release(serve_pool *p, pool_handle *h, int broken);

/* The live generation's name ("gen-000007"), or "" for an index without a
 * stub. Returns 0, or -1 with err (unreadable or unsafe stub). */
int pool_generation(serve_pool *p, char *name, size_t len, char *err, size_t errlen);

#endif /* LASEARCH_SERVE_POOL_H */
