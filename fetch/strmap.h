/*
 * strmap.h: a string -> index map (open addressing), for the fetcher's
 * visited set and its state and manifest lookups: a crawl of thousands of
 * pages looks every link up, so a list scan would be quadratic.
 *
 * Keys are copied. There is no removal: callers mark their own entries
 * dead instead. Ownership: strmap_clear() frees everything; safe on a
 * zeroed map. One thread at a time.
 */
#ifndef LASEARCH_FETCH_STRMAP_H
#define LASEARCH_FETCH_STRMAP_H

#include <stddef.h>

typedef struct strmap {
    char **keys;
    size_t *vals;
    size_t cap, n;   /* cap is 0 or a power of two */
} strmap;

/* 1 and *val if key is there, else 0. */
int strmap_get(const strmap *m, const char *key, size_t *val);
/* Insert or overwrite. 0, or -1 if out of memory (the map unchanged). */
int strmap_put(strmap *m, const char *key, size_t val);
void strmap_clear(strmap *m);

#endif /* LASEARCH_FETCH_STRMAP_H */
