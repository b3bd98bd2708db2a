/*
 * state.h: what lasearch-fetch remembers between nights, in
 * DIR/.fetch-state.tsv: for each page it holds, its URL, the file it is in
 * (relative to DIR), and the ETag and Last-Modified the server gave, so the
 * next night can ask "has it changed?" (If-None-Match, If-Modified-Since)
 * and be answered 304 at almost no cost.
 *
 * Tab-separated, '#' lines comments: url, file, etag, last_modified. A
 * value that could break the format (a TAB or line break) is not kept; the
 * page is then asked for in full next time, which is merely slower. The
 * file is rewritten whole, atomically (store_put), never edited in place;
 * losing it costs one night of full requests, nothing else (pages whose
 * bytes did not change are still not rewritten).
 *
 * Ownership: state_clear() frees everything; safe on a zeroed value.
 * Entries are owned by the state; pointers to them last until the next
 * state_set(). One thread at a time.
 */
#ifndef LASEARCH_FETCH_STATE_H
#define LASEARCH_FETCH_STATE_H

#include <stddef.h>

#include "strmap.h"

#define FETCH_STATE_NAME ".fetch-state.tsv"

typedef struct state_entry {
    char *url;
    char *file;            /* relative to DIR: documents/... or .fetch-cache/... */
    char *etag;            /* "" when none */
    char *last_modified;   /* as the server wrote it; "" when none */
    int dead;              /* dropped: not saved, not found */
} state_entry;

typedef struct fetch_state {
    state_entry *v;
    size_t n, cap;
    strmap by_url, by_file;   /* -> index into v (check dead and file) */
} fetch_state;

/* Load DIR/.fetch-state.tsv (none yet: an empty state). 0, or -1 with err
 * (unreadable, malformed line, out of memory). */
int state_load(int rootfd, fetch_state *st, char *err, size_t errlen);

/* The live entry for url, or NULL. */
state_entry *state_find(fetch_state *st, const char *url);

/* The URL whose page is in file, or NULL: two URLs never share a file. */
const char *state_owner(const fetch_state *st, const char *file);

/* Insert or replace url's entry (strings copied; NULL etag or
 * last_modified mean ""). 0, or -1 if out of memory. */
int state_set(fetch_state *st, const char *url, const char *file, const char *etag,
              const char *last_modified);

/* Forget url (its page left the corpus). */
void state_drop(fetch_state *st, const char *url);

/* Write DIR/.fetch-state.tsv atomically. 0, or -1 with err. */
int state_save(int rootfd, const fetch_state *st, char *err, size_t errlen);

void state_clear(fetch_state *st);

#endif /* LASEARCH_FETCH_STATE_H */
