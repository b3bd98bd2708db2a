/*
 * search_match.c: one result set of a request: a Xapian match with the
 * request's time limit, sort, collapse and facet counts, and a failed
 * step turned into the request's error (see search_internal.h). The layer
 * every other file of the search core runs its queries through.
 */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "search_facets.h"

/* The value slot each facet counts (search.h's facet order). */
static const unsigned facet_slots[FACET_COUNT] = {
    SLOT_AUTHORITY, SLOT_SCORE, SLOT_SECTION, SLOT_THEME, SLOT_KIND, SLOT_PUBLISHED,
    SLOT_PUBLISHED, SLOT_AUTHORITY /* rating: from the councils' counts */};

search_status search_index_error(run *r, const char *what, shim_status st)
{
    r->ix->last_status = st;   /* SHIM_ERR_MODIFIED: search_run retries */
    if (st == SHIM_ERR_WILDCARD) {
        r->err->kind = QERR_WILDCARD;
        r->err->column = 0;
        snprintf(r->err->message, sizeof r->err->message,
                 "a wildcard matches too many words (%s); make it longer",
                 shim_last_error());
        return SEARCH_QUERY_ERROR;
    }
    if (st == SHIM_ERR_TIMEOUT || st == SHIM_ERR_BUDGET) {
        /* The request's own cost, not the index: a query error naming
         * the limit (search_limits.c). */
        r->err->kind = st == SHIM_ERR_BUDGET ? QERR_WILDCARD : QERR_SYNTAX;
        r->err->column = 0;
        if (st == SHIM_ERR_TIMEOUT)
            snprintf(r->err->message, sizeof r->err->message,
                     "%s: the query took longer than its time limit of %g s", what,
                     r->req->timeout);
        else
            snprintf(r->err->message, sizeof r->err->message, "%s: %s", what,
                     shim_last_error());
        return SEARCH_QUERY_ERROR;
    }
    r->err->kind = st == SHIM_ERR_NOMEM ? QERR_NOMEM : QERR_INDEX;
    r->err->column = 0;
    if (st == SHIM_ERR_NOMEM)   /* perhaps ours: the shim's message may be another's */
        snprintf(r->err->message, sizeof r->err->message, "%s: out of memory", what);
    else
        snprintf(r->err->message, sizeof r->err->message, "%s: %s (%s)", what,
                 shim_status_string(st), shim_last_error());
    return SEARCH_INDEX_ERROR;
}

static int cmp_facet(const void *a, const void *b)
{
    const facet_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

static void free_facet(facet_count **v, size_t *n)
{
    for (size_t i = 0; *v && i < *n; i++)
        free((*v)[i].value);
    free(*v);
    *v = NULL;
    *n = 0;
}

static shim_status read_facet(shim_facet *f, facet_count **out, size_t *n)
{
    shim_termlist *tl = NULL;
    shim_status st = shim_facet_values(f, &tl);
    if (st != SHIM_OK)
        return st;
    *out = calloc(shim_termlist_size(tl) + 1, sizeof **out);
    if (!*out) {
        shim_termlist_free(tl);
        return SHIM_ERR_NOMEM;
    }
    const char *value;
    uint32_t count;
    while (shim_termlist_next(tl, &value, &count)) {
        if (!((*out)[*n].value = strdup(value)))
            st = SHIM_ERR_NOMEM;
        else
            (*out)[(*n)++].count = count;
    }
    shim_termlist_free(tl);
    qsort(*out, *n, sizeof **out, cmp_facet);
    return st;
}

/* By relevance, lasearch ranks by weight, then SLOT_ORDER (search_rank.c).
 * By council or score, Xapian sorts by value, then weight, then docid: it
 * has no third key, and no way through the remote backend to give it one,
 * so paragraphs with the same value and the same weight stay in docid
 * order. By document, SLOT_ORDER alone (unique). */
static shim_status set_sort(shim_enquire *enq, const run_how *how)
{
    switch (how->sort) {
    case SORT_AUTHORITY:
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE_THEN_RELEVANCE, SLOT_AUTHORITY, 0);
    case SORT_SCORE:
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE_THEN_RELEVANCE, SLOT_SCORE, 1);
    case SORT_DOCUMENT:
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE, SLOT_ORDER, 0);
    case SORT_PUBLISHED:   /* newest first; no date ("") sorts last */
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE_THEN_RELEVANCE, SLOT_PUBLISHED, 1);
    case SORT_NEWEST:
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE_THEN_RELEVANCE, SLOT_FIRST_SEEN, 1);
    default:
        return how->exact
                   ? shim_enquire_set_sort(enq, SHIM_SORT_RELEVANCE_THEN_VALUE, SLOT_ORDER, 0)
                   : shim_enquire_set_sort(enq, SHIM_SORT_RELEVANCE, 0, 0);
    }
}

shim_status run_query(run *r, const shim_query *q, uint32_t first, uint32_t max,
                      const run_how *how, shim_enquire **enq, shim_mset **ms)
{
    shim_facet *spies[FACET_COUNT] = {0};
    int want_authority = r->req->by_authority || r->req->facets[FACET_RATING];
    *enq = NULL;
    *ms = NULL;
    shim_status st = shim_enquire_new(r->ix->db, enq);
    if (st == SHIM_OK)
        st = search_limits_time(r->req, *enq);
    if (st == SHIM_OK)
        st = shim_enquire_set_query(*enq, q);
    if (st == SHIM_OK)
        st = set_sort(*enq, how);
    if (st == SHIM_OK && how->collapse_per)
        st = shim_enquire_set_collapse(*enq, SLOT_AUTHORITY, (uint32_t)how->collapse_per);
    if (st == SHIM_OK && how->min_weight > 0)
        st = shim_enquire_set_weight_cutoff(*enq, how->min_weight);
    for (int f = 0; f < FACET_COUNT && st == SHIM_OK && how->count; f++)
        if (f != FACET_RATING &&
            (r->req->facets[f] || (f == FACET_AUTHORITY && want_authority)))
            st = shim_enquire_add_facet(*enq, facet_slots[f], &spies[f]);
    if (st == SHIM_OK)
        st = shim_enquire_run(*enq, first, max, how->check_at_least, ms);
    if (st == SHIM_OK)
        r->res->incomplete |= shim_mset_cut_short(*ms);
    if (st == SHIM_OK && how->count && how->collapse_per) {
        st = shim_facet_total(spies[FACET_AUTHORITY], &r->res->total);
    } else if (st == SHIM_OK && how->count) {
        uint32_t lower, est, upper;
        int exact;
        st = shim_mset_estimates(*ms, &lower, &est, &upper, &exact);
        r->res->total = est;
    }
    for (int f = 0; f < FACET_COUNT && st == SHIM_OK; f++)
        if (spies[f])
            st = read_facet(spies[f], &r->res->facets[f], &r->res->n_facets[f]);
    /* Dates are counted as known, then by year or by month. */
    if (st == SHIM_OK && spies[FACET_PUBLISHED])
        search_facet_dates(&r->res->facets[FACET_PUBLISHED],
                           &r->res->n_facets[FACET_PUBLISHED], 4);
    if (st == SHIM_OK && spies[FACET_PUBLISHED_MONTH])
        search_facet_dates(&r->res->facets[FACET_PUBLISHED_MONTH],
                           &r->res->n_facets[FACET_PUBLISHED_MONTH], 7);
    /* A rating is its council's: counted from the councils' counts, when
     * this run counted them (a group's own run counts nothing). */
    int rated = r->req->facets[FACET_RATING] && spies[FACET_AUTHORITY];
    if (st == SHIM_OK && rated) {
        free_facet(&r->res->facets[FACET_RATING], &r->res->n_facets[FACET_RATING]);
        if (search_facet_ratings(r->ix, r->res->facets[FACET_AUTHORITY],
                                 r->res->n_facets[FACET_AUTHORITY],
                                 &r->res->facets[FACET_RATING],
                                 &r->res->n_facets[FACET_RATING]) != 0)
            st = SHIM_ERR_NOMEM;
    }
    if (rated && !r->req->facets[FACET_AUTHORITY] &&
        !r->req->by_authority)   /* counted for the ratings only */
        free_facet(&r->res->facets[FACET_AUTHORITY], &r->res->n_facets[FACET_AUTHORITY]);
    return st;
}
