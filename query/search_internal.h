/*
 * search_internal.h: what the search core's files share (not a public API).
 *
 *   search_index.c  opening an index and its stored reference data
 *   search.c        running a request: match, partial matches, groups,
 *                   facets, suggestion
 *   search_hits.c   turning result sets into hits: records, snippets,
 *                   matched forms
 */
#ifndef LASEARCH_SEARCH_INTERNAL_H
#define LASEARCH_SEARCH_INTERNAL_H

#include "authority.h"
#include "lasearch_shim.h"
#include "qbuild.h"
#include "search.h"
#include "thesaurus.h"

struct search_index {
    shim_db *db;
    uint32_t doccount;
    authority_table *authorities;
    thesaurus *thesaurus;   /* NULL when the index has none */
    shim_termgen *tg;       /* for analysing query words */
};

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
