/*
 * search_internal.h: what the search core's files share (not a public API).
 *
 *   search_index.c  opening an index and its stored reference data, and
 *                   following it to new generations
 *   search.c        running a request: full and partial matches,
 *                   suggestion; search_run's refresh and retry
 *   search_match.c  one result set: sort, collapse, facet counts, time
 *                   limit; a failed step as the request's error
 *   search_rank.c   the order of hits by relevance: weight, then the
 *                   paragraph (SLOT_ORDER), never the docid
 *   search_groups.c councils side by side (--by authority)
 *   search_limits.c what one request may cost (length, results, depth,
 *                   wildcards, time)
 *   search_hits.c   turning result sets into hits: records, snippets,
 *                   matched forms
 *   search_facets.c the "no value" bucket of every facet (search_facets.h)
 *   search_ratings.c each council's overall rating, from its summary
 *                   pages: rating: and every hit's rating
 *   search_limits.c also starts the request's time and word budget
 *   search_since.c  --since: only paragraphs first seen after a generation
 *   search_set.c    a query's matches as a set (parsed and built as
 *                   every request is; all matches in document order), for
 *                   the answers over every match:
 *   search_significant.c, significant_table.c, significant_stats.c
 *                   what stands out in a query's paragraphs (significant.h)
 *   search_pivot.c  counts side by side (pivot.h)
 */
#ifndef LASEARCH_SEARCH_INTERNAL_H
#define LASEARCH_SEARCH_INTERNAL_H

#include <sys/types.h>

#include "authority.h"
#include "genhist.h"
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
    /* The council table is parsed when a request first needs it (an
     * authority: condition, --by authority; search_index_authorities):
     * parsing it (names normalised, patterns for the indexer's prose
     * scanner) was a sixth of a one-query command's time, and most
     * queries never look a council up. */
    authority_table *authorities;   /* NULL until then */
    char *authorities_text;         /* the stored authorities.tsv */
    thesaurus *thesaurus;   /* NULL when the index has none */
    shim_termgen *tg;       /* for analysing query words */
    char *path;             /* as opened, to open again */
    stub_id stub;           /* the stub when it was opened */
    council_rating *ratings;/* each rated council's rating, read from
                               the summary pages when first needed
                               (search_ratings.c) */
    size_t n_ratings;
    int ratings_read;
    shim_status last_status;/* the shim status behind the latest
                               SEARCH_INDEX_ERROR (set by search.c) */
};

/* One request's state, freed in one place. */
typedef struct run {
    search_index *ix;
    const search_request *req;
    search_result *res;
    qerror *err;
    qbuild_result qb;
} run;

/* ---- search_since.c ---- */

/* With req->since, filter qb's query (and any_of) to the paragraphs first
 * seen after the generation it names. 0, or -1 with err (a SPEC that is
 * not one: QERR_SYNTAX). */
int search_since_apply(search_index *ix, const search_request *req, qbuild_result *qb,
                       qerror *err);

/* ---- search_ratings.c ---- */

/* Read each council's rating from the index's summary pages, once per
 * handle. 0, or -1 with err. */
int search_index_ratings(search_index *ix, char *err, size_t errlen);
/* The rating of a council (canonical name), NULL when none is known. */
const char *search_rating_of(const search_index *ix, const char *authority);
/* Give every hit of res (and of its groups) its council's rating. 0 or -1. */
int search_rate_result(const search_index *ix, search_result *res);
/* The rating facet from the council facet's counts auth[0..n_auth): each
 * council's paragraphs counted under its rating, best rating first (the
 * paragraphs of councils without one are left for the no-value bucket).
 * *out malloc()ed. 0, or -1 out of memory. */
int search_facet_ratings(const search_index *ix, const facet_count *auth, size_t n_auth,
                         facet_count **out, size_t *n);
void search_ratings_free(search_index *ix);

/* ---- search_index.c ---- */

/* Parse ix's council table if that has not been done. 0, or -1 with err
 * (the stored table does not parse). */
int search_index_authorities(search_index *ix, char *err, size_t errlen);

/* Move ix to the generation its stub names now, if that is not the one it
 * has open (or always, with force): the new generation is opened whole,
 * reference data and all, and swapped in; ix is unchanged if that fails.
 * Xapian's own reopen() does not do this: on a stub it re-reads the
 * databases the stub named when it was opened, never the stub itself.
 * Returns 1 moved, 0 nothing to do, -1 with err (ix still usable: its
 * generation stays readable even once pruned, its files being open).
 * Like every use of ix, not concurrent with another. */
int search_index_refresh(search_index *ix, int force, char *err, size_t errlen);

/* ---- search_match.c ---- */

/* How run_query() makes a result set. */
typedef struct run_how {
    search_sort sort;     /* SORT_RELEVANCE is Xapian's: weight, then
                             docid (see search_rank.c) */
    int exact;            /* with SORT_RELEVANCE: weight, then SLOT_ORDER
                             (Xapian then reads SLOT_ORDER for every match
                             it looks at) */
    size_t collapse_per;  /* 0, or at most this many hits a council */
    int count;            /* facet counts (and the authority facet when
                             grouping) into res, and res->total */
    uint32_t check_at_least;
    double min_weight;    /* leave out lighter matches (0: none) */
} run_how;

/* Run q for hits first .. first+max-1; the result set is left in *ms for
 * the caller, with its enquire in *enq (both freed by the caller, also on
 * failure). Counting, the total is the estimate (exact: every match is
 * looked at), or when collapsing the authority facet's total, which saw
 * every match before the collapse. */
shim_status run_query(run *r, const shim_query *q, uint32_t first, uint32_t max,
                      const run_how *how, shim_enquire **enq, shim_mset **ms);
/* A failed step as the request's error (SEARCH_INDEX_ERROR, or a
 * SEARCH_QUERY_ERROR for a wildcard over its limit). */
search_status search_index_error(run *r, const char *what, shim_status st);

/* ---- search_rank.c ---- */

/* A hit as ranked: where it is in its result set and what ranks it. */
typedef struct rank_item {
    size_t index;         /* in the result set */
    uint32_t docid;
    double weight;
    char *key;            /* its SLOT_ORDER value once read (only where
                             weights tie), else NULL */
    size_t key_len;
} rank_item;

/* Read the keys of items[0..n) that have none yet, all at once (ms: any
 * result set of the index). */
shim_status rank_read_keys(shim_mset *ms, rank_item *const *items, size_t n);
/* Items [0, n) of ms, in its order (weight, then docid). */
shim_status rank_items(shim_mset *ms, size_t n, rank_item **out);
void rank_items_free(rank_item *v, size_t n);
/* Put v[0..n), in Xapian's relevance order (weight, then docid), in
 * lasearch's (weight, then SLOT_ORDER): SLOT_ORDER is read only for runs
 * of equal weight. */
shim_status rank_sort(shim_mset *ms, rank_item *v, size_t n);
/* v[i] before v[j] in lasearch's order (both keys read when weights tie). */
int rank_before(const rank_item *a, const rank_item *b);
/* The page of hits by relevance (res->hits), from [offset, offset+limit)
 * of q, counting (res->total, facets) when count. */
shim_status rank_page(run *r, const shim_query *q, int count);

/* ---- search_groups.c ---- */

/* Councils side by side (res->groups), with the page of hits, total and
 * facets. */
search_status search_groups(run *r);
/* The same for partial matches: hits, total and facets are run_partial's
 * already, from q (qb.any_of). */
search_status search_groups_partial(run *r, const shim_query *q);

/* ---- search_limits.c: what one request may cost ---- */

/* Set req's limits to their defaults (search_request_init). */
void search_limits_init(search_request *req);
/* The limits checked before any work: the query's length in bytes, the
 * number of results asked for. 0, or -1 with err saying which limit. */
int search_limits_check(const search_request *req, qerror *err);
/* The request an analysis (--pivot, --significant) counts every match of:
 * from's query and filters, no hits, no groups; the index refreshed first
 * (a refresh failure is not an error here: the open generation answers).
 * 0, or -1 with err saying which limit from goes over. */
int search_limits_counting(search_index *ix, const search_request *from,
                           search_request *base, qerror *err);
/* The parser's share: length and bracket depth. */
qparse_options search_limits_parse(const search_request *req);
/* Put req's time limit on enq (every enquire of a request gets it, so one
 * slow match cannot hold up a batch or a server). A bad timeout (negative,
 * NaN) is refused by the shim, and reported by the caller as an index
 * error. */
shim_status search_limits_time(const search_request *req, shim_enquire *enq);

/* ---- search_hits.c ---- */

/* Fill hits[0..n) from ms items index[0..n) (NULL: [0, n)), ranks
 * starting at first_rank; ms is a result set of qb->query. Returns SHIM_OK
 * or the failing status (hits then cleared). */
shim_status hits_from_mset(shim_enquire *enq, shim_mset *ms, const size_t *index, size_t n,
                           size_t first_rank, const search_request *req,
                           const qbuild_result *qb, search_hit *hits);

/* Load item i of ms into h (zeroed by the caller; rank left to it). whole:
 * ms is a result set of qb->query (not of qb->any_of), so every hit
 * matches its required units (qbuild_unit.required). */
shim_status hit_load(shim_enquire *enq, shim_mset *ms, size_t i,
                     const search_request *req, const qbuild_result *qb, int whole,
                     search_hit *h);
/* The same for document docid of weight `weight`, found by another search
 * of the same weights: snippets and matched forms are made with ms and
 * enq (a result set of qb->query when whole). */
shim_status hit_load_doc(shim_db *db, shim_enquire *enq, shim_mset *ms, uint32_t docid,
                         double weight, const search_request *req, const qbuild_result *qb,
                         int whole, search_hit *h);

/* How many of qb's units (not negated) document docid matches: cheap, no
 * record or snippet, for ranking partial matches. */
shim_status hits_count_units(shim_enquire *enq, const qbuild_result *qb,
                             uint32_t docid, size_t *units);

void hit_clear(search_hit *h);
/* Deep copy of src into dst (not cleared first). 0, or -1 out of memory
 * (dst then cleared). */
int hit_copy(search_hit *dst, const search_hit *src);

/* ---- search_set.c ---- */

/* Parse and build the query text query into r->qb as every request does:
 * valid UTF-8, normalised (*normalised, malloc()ed), parsed within the
 * request's length and depth limits (*tree), the council table and the
 * ratings read when the query needs them. Both outputs are the caller's
 * to free, also on failure (either may be NULL). SEARCH_OK, or the error
 * in r->err. */
search_status search_prepare(run *r, const char *query, char **normalised, qnode **tree);

/* The matches of q: at most max of them in *ms (with its *enq; both the
 * caller's to free, also on failure), in document order (SLOT_ORDER:
 * the same paragraphs whatever the shards) when ordered, else in
 * Xapian's relevance order; *total the exact number of matches. Uses
 * r->res only for its incomplete flag. */
shim_status search_set_run(run *r, const shim_query *q, uint32_t max, int ordered,
                           shim_enquire **enq, shim_mset **ms, uint32_t *total);

#endif /* LASEARCH_SEARCH_INTERNAL_H */
