/*
 * pool.h: open index handles for the server's worker threads, always on the
 * live generation.
 *
 * A search_index (like the Xapian handle inside it) is used by one thread at
 * a time, so each request borrows a handle from the pool and gives it back.
 * A handle kept idle across a rebuild is moved to the new generation by the
 * search core itself before its next search (search_index_refresh), so a
 * rebuild is picked up by the next request, without a restart. Opening is
 * the search core's too, with the shim's refusal of stubs that would run a
 * program.
 */
#ifndef LASEARCH_SERVE_POOL_H
#define LASEARCH_SERVE_POOL_H

#include <stddef.h>

#include "search.h"

typedef struct serve_pool serve_pool;

/* A pool for the index at dir, keeping at most max_idle handles open between
 * requests. Opens one handle at once so a wrong path is reported at start.
 * Returns 0, or -1 with err. */
int pool_new(const char *dir, size_t max_idle, serve_pool **out, char *err, size_t errlen);

/* Close every idle handle and the pool. No handle may be borrowed. */
void pool_free(serve_pool *p);

/* Borrow a handle (an idle one, else a new one). Returns NULL with err when
 * the index cannot be opened. Safe from any thread. */
search_index *pool_acquire(serve_pool *p, char *err, size_t errlen);

/* Give ix back. broken: a search on it failed with an index error, so close
 * it rather than keep it. */
void pool_release(serve_pool *p, search_index *ix, int broken);

/* The live generation's name ("gen-000007"), or "" for an index whose stub
 * names no generation of lasearch-index's (none, or one listing remote
 * shards). */
void pool_generation(serve_pool *p, char *name, size_t len);

#endif /* LASEARCH_SERVE_POOL_H */
