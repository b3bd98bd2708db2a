/*
 * search_set.c: a query's matches as a set, for the answers that look at
 * every matching paragraph rather than the best few (--significant,
 * --pivot): a query text parsed and built the way every request is, and
 * its matches in document order (see search_internal.h).
 */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"

search_status search_prepare(run *r, const char *query, char **normalised, qnode **tree)
{
    qerror *err = r->err;
    search_index *ix = r->ix;
    *normalised = NULL;
    *tree = NULL;
    size_t len = strlen(query);
    size_t bad = norm_utf8_invalid_at(query, len);
    if (bad != len) {
        unsigned col = 1;
        for (size_t i = 0; i < bad; i++)
            col += ((unsigned char)query[i] & 0xC0) != 0x80;
        err->column = col;
        snprintf(err->message, sizeof err->message,
                 "the query is not valid UTF-8 at column %u", col);
        return SEARCH_QUERY_ERROR;
    }
    size_t qlen = 0;
    if (norm_text(query, len, NORM_DISPLAY, normalised, &qlen) != NORM_OK) {
        snprintf(err->message, sizeof err->message, "out of memory");
        err->kind = QERR_NOMEM;
        return SEARCH_INDEX_ERROR;
    }
    qparse_options limits = search_limits_parse(r->req);
    if (qparse(*normalised, qlen, &limits, tree, err) != 0)
        return SEARCH_QUERY_ERROR;
    if ((r->req->by_authority || qnode_has_field(*tree, QFIELD_AUTHORITY)) &&
        search_index_authorities(ix, err->message, sizeof err->message) != 0) {
        err->kind = QERR_INDEX;
        err->column = 0;
        return SEARCH_INDEX_ERROR;
    } else {
        /* Plain words may name a council (qbuild_council.c); without a
         * table they are only words, which is no error. */
        char ignored[256];
        (void)search_index_authorities(ix, ignored, sizeof ignored);
    }
    if ((qnode_has_field(*tree, QFIELD_RATING) || r->req->facets[FACET_RATING]) &&
        search_index_ratings(ix, err->message, sizeof err->message) != 0) {
        err->kind = QERR_INDEX;
        err->column = 0;
        return SEARCH_INDEX_ERROR;
    }
    qbuild_env env = {ix->db, ix->tg, ix->authorities, r->req->exact ? NULL : ix->thesaurus,
                      r->req->wildcard_limit, ix->ratings, ix->n_ratings};
    return qbuild(*tree, &env, &r->qb, err) == 0 ? SEARCH_OK : SEARCH_QUERY_ERROR;
}

shim_status search_set_run(run *r, const shim_query *q, uint32_t max, int ordered,
                           shim_enquire **enq, shim_mset **ms, uint32_t *total)
{
    /* SORT_DOCUMENT orders by SLOT_ORDER (file, then paragraph), which no
     * sharding changes: a set cut at max is the same paragraphs whatever
     * the layout. Relevance order costs no sort, for callers that take
     * every match. */
    run_how how = {.sort = ordered ? SORT_DOCUMENT : SORT_RELEVANCE, .count = 1,
                   .check_at_least = r->ix->doccount};
    uint32_t saved = r->res->total;
    shim_status st = run_query(r, q, 0, max, &how, enq, ms);
    *total = r->res->total;
    r->res->total = saved;
    return st;
}
