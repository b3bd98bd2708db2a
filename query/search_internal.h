/*
 * search_internal.h: what the search core's files share (not a public API).
 *
 *   search_index.c  opening an index and its stored reference data, and
 *                   following it to new generations
 *   search.c        running a request: match, partial matches, groups,
 *                   facets, suggestion
 *   search_limits.c what one request may cost (length, results, depth,
 *                   wildcards, time)
 *   search_hits.c   turning result sets into hits: records, snippets,
 *                   matched forms
 */
#ifndef LASEARCH_SEARCH_INTERNAL_H
#define LASEARCH_SEARCH_INTERNAL_H

#include <sys/types.h>

#include "authority.h"
#include "lasearch_shim.h"
#include "qbuild.h"
#include "search.h"
#include "thesaurus.h"

/* Which stub a search_index was opened through: a new generation is
 * published by renaming a new stub over the old, so a different inode (or
 * mtime) means there is a newer generation to move to. */
typedef struct stub_id {
    int valid;              /* 0: no stub (a plain database, or none) */
    dev_t dev;
    ino_t ino;
    long long mtime_sec, mtime_nsec;
} stub_id;

struct search_index {
    shim_db *db;
    uint32_t doccount;
    authority_table *authorities;
    thesaurus *thesaurus;   /* NULL when the index has none */
    shim_termgen *tg;       /* for analysing query words */
    char *path;             /* as opened, to open again */
    stub_id stub;           /* the stub when it was opened */
    shim_status last_status;/* the shim status behind the latest
                               SEARCH_INDEX_ERROR (set by search.c) */
};

/* ---- search_index.c ---- */

/* Move ix to the generation its stub names now, if that is not the one it
 * has open (or always, with force): the new generation is opened whole,
 * reference data and all, and swapped in; ix is unchanged if that fails.
 * Xapian's own reopen() does not do this: on a stub it re-reads the
 * databases the stub named when it was opened, never the stub itself.
 * Returns 1 moved, 0 nothing to do, -1 with err (ix still usable: its
 * generation stays readable even once pruned, its files being open).
 * Like every use of ix, not concurrent with another. */
int search_index_refresh(search_index *ix, int force, char *err, size_t errlen);

/* ---- search.c ---- */

/* One attempt at search_run() (search_index.c wraps it: refresh first,
 * and one retry after SHIM_ERR_MODIFIED). */
search_status search_run_once(search_index *ix, const search_request *req,
                              search_result *res, qerror *err);

/* ---- search_limits.c: what one request may cost ---- */

/* Set req's limits to their defaults (search_request_init). */
void search_limits_init(search_request *req);
/* The limits checked before any work: the query's length in bytes, the
 * number of results asked for. 0, or -1 with err saying which limit. */
int search_limits_check(const search_request *req, qerror *err);
/* The parser's share: length and bracket depth. */
qparse_options search_limits_parse(const search_request *req);
/* Put req's time limit on enq (every enquire of a request gets it, so one
 * slow match cannot hold up a batch or a server). A bad timeout (negative,
 * NaN) is refused by the shim, and reported by the caller as an index
 * error. */
shim_status search_limits_time(const search_request *req, shim_enquire *enq);

/* ---- search_hits.c ---- */

/* Fill hits[0..n) from ms items [from, from + n), ranks starting at
 * first_rank. Returns SHIM_OK or the failing status. */
shim_status hits_from_mset(shim_enquire *enq, shim_mset *ms, size_t from, size_t n,
                           size_t first_rank, const search_request *req,
                           const qbuild_result *qb, search_hit *hits);

/* Load item i of ms into h (zeroed by the caller; rank left to it). */
shim_status hit_load(shim_enquire *enq, shim_mset *ms, size_t i,
                     const search_request *req, const qbuild_result *qb, search_hit *h);

/* How many of qb's units (not negated) document docid matches: cheap, no
 * record or snippet, for ranking partial matches. */
shim_status hits_count_units(shim_enquire *enq, const qbuild_result *qb,
                             uint32_t docid, size_t *units);

void hit_clear(search_hit *h);

#endif /* LASEARCH_SEARCH_INTERNAL_H */
