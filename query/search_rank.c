/*
 * search_rank.c: the order of hits by relevance (see search_internal.h).
 *
 * Xapian ranks by weight, then by docid. Docids depend on how an index was
 * made: the order files were added in, updates (a changed file's
 * paragraphs get new docids at the end), shards (a stub listing several
 * databases interleaves their docids). Paragraphs of equal weight, common
 * in short paragraphs, would then come in another order from an updated
 * or sharded index than from a fresh one. lasearch ranks by weight, then
 * by the paragraph's SLOT_ORDER value (path, ordinal): unique, and the same
 * however the index was made. In a fresh index docids follow SLOT_ORDER,
 * so the two orders agree there.
 *
 * Xapian can sort that way itself (relevance, then value), but it then
 * reads the value for every match it looks at, and lasearch looks at every
 * match (exact totals and facets): a read of the values table per match,
 * which doubled the time of a word found in a few thousand paragraphs. So
 * the counting search ranks Xapian's way, and SLOT_ORDER is read only
 * where weights tie: a run of equal weights on the page, or crossing its
 * start or end (the paragraphs of equal weight off the page may belong on
 * it instead), is put in SLOT_ORDER, the hits around the page coming with
 * it. Only a run longer than those makes a second search, which ranks
 * exactly and need not count, so Xapian reads the value only for matches
 * that could still make the page.
 */
#include "search_internal.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"

/* Hits fetched either side of a page to settle ties (see rank_page). */
#define RANK_SLACK 32

shim_status rank_items(shim_mset *ms, size_t n, rank_item **out)
{
    *out = NULL;
    if (!n)
        return SHIM_OK;
    rank_item *v = calloc(n, sizeof *v);
    if (!v)
        return SHIM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        shim_hit h;
        shim_status st = shim_mset_hit(ms, i, &h);
        if (st != SHIM_OK) {
            free(v);
            return st;
        }
        v[i].index = i;
        v[i].docid = h.docid;
        v[i].weight = h.weight;
    }
    *out = v;
    return SHIM_OK;
}

void rank_items_free(rank_item *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].key);
    free(v);
}

shim_status rank_read_keys(shim_mset *ms, rank_item *const *items, size_t n)
{
    size_t k = 0;
    uint32_t *docids = calloc(n + 1, sizeof *docids);
    rank_item **need = calloc(n + 1, sizeof *need);
    char **keys = calloc(n + 1, sizeof *keys);
    size_t *lens = calloc(n + 1, sizeof *lens);
    shim_status st = docids && need && keys && lens ? SHIM_OK : SHIM_ERR_NOMEM;
    for (size_t i = 0; st == SHIM_OK && i < n; i++)
        if (!items[i]->key) {
            need[k] = items[i];
            docids[k++] = items[i]->docid;
        }
    if (st == SHIM_OK && k)
        st = shim_mset_values(ms, SLOT_ORDER, docids, k, keys, lens);
    for (size_t i = 0; st == SHIM_OK && i < k; i++) {
        need[i]->key = keys[i];
        need[i]->key_len = lens[i];
    }
    free(docids);
    free(need);
    free(keys);
    free(lens);
    return st;
}

int rank_before(const rank_item *a, const rank_item *b)
{
    if (a->weight != b->weight)
        return a->weight > b->weight;
    if (a->key && b->key) {
        size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
        int c = memcmp(a->key, b->key, n);
        if (c || a->key_len != b->key_len)
            return c ? c < 0 : a->key_len < b->key_len;
    }
    return a->docid < b->docid;   /* the same paragraph, or keys unread */
}

static int cmp_rank(const void *x, const void *y)
{
    const rank_item *a = x, *b = y;
    return rank_before(a, b) ? -1 : rank_before(b, a) ? 1 : 0;
}

shim_status rank_sort(shim_mset *ms, rank_item *v, size_t n)
{
    /* Every item in a run of equal weights needs its key: read them all
     * at once, then sort each run. */
    rank_item **tied = calloc(n + 1, sizeof *tied);
    size_t n_tied = 0;
    if (!tied)
        return SHIM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if ((i > 0 && v[i - 1].weight == v[i].weight) ||
            (i + 1 < n && v[i + 1].weight == v[i].weight))
            tied[n_tied++] = &v[i];
    shim_status st = rank_read_keys(ms, tied, n_tied);
    free(tied);
    for (size_t i = 0; st == SHIM_OK && i < n;) {
        size_t j = i + 1;
        while (j < n && v[j].weight == v[i].weight)
            j++;
        if (j - i > 1)
            qsort(v + i, j - i, sizeof *v, cmp_rank);
        i = j;
    }
    return st;
}

/* res->hits from items index[0..n) of ms. */
static shim_status load_page(run *r, shim_enquire *enq, shim_mset *ms, const size_t *index,
                             size_t n)
{
    search_result *res = r->res;
    if (!n)
        return SHIM_OK;
    if (!(res->hits = calloc(n, sizeof *res->hits)))
        return SHIM_ERR_NOMEM;
    shim_status st = hits_from_mset(enq, ms, index, n, r->req->offset + 1, r->req, &r->qb,
                                    res->hits);
    if (st != SHIM_OK) {
        free(res->hits);
        res->hits = NULL;
    } else {
        res->n_hits = n;
    }
    return st;
}

shim_status rank_page(run *r, const shim_query *q, int count)
{
    const search_request *req = r->req;
    /* Up to RANK_SLACK hits either side of the page come too: a run of
     * equal weights crossing the page's start or end is settled from them
     * when it ends within them (where weights change, or the results
     * start or end). */
    size_t before = req->offset < RANK_SLACK ? req->offset : RANK_SLACK;
    size_t asked = before + req->limit + RANK_SLACK;
    run_how how = {.sort = SORT_RELEVANCE, .count = count,
                   .check_at_least = count ? r->ix->doccount : 0};
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    rank_item *v = NULL;
    size_t *index = NULL;
    shim_status st = run_query(r, q, (uint32_t)(req->offset - before), (uint32_t)asked, &how,
                               &enq, &ms);
    size_t size = st == SHIM_OK ? shim_mset_size(ms) : 0;
    size_t n = size > before ? size - before : 0;
    if (n > req->limit)
        n = req->limit;
    if (st == SHIM_OK)
        st = rank_items(ms, size, &v);
    /* The runs of equal weight the page starts and ends in: [s, e). */
    size_t s = before, e = before + n;
    while (n && s > 0 && v[s - 1].weight == v[before].weight)
        s--;
    while (n && e < size && v[e].weight == v[before + n - 1].weight)
        e++;
    int open = n && ((s == 0 && req->offset > before) || (e == size && size == asked));
    if (st == SHIM_OK && n && !open) {
        st = rank_sort(ms, v + s, e - s);
        if (st == SHIM_OK && !(index = calloc(n, sizeof *index)))
            st = SHIM_ERR_NOMEM;
        for (size_t k = 0; st == SHIM_OK && k < n; k++)
            index[k] = v[before + k].index;
        if (st == SHIM_OK)
            st = load_page(r, enq, ms, index, n);
    } else if (st == SHIM_OK && open) {
        /* A run of equal weights longer than the slack: Xapian ranks
         * exactly, reading SLOT_ORDER only for matches as heavy as the
         * page's last (no lighter one can be on it, and those it leaves
         * out early) that could still make the page. */
        double lightest = v[before + n - 1].weight;
        shim_mset_free(ms);
        shim_enquire_free(enq);
        run_how exact = {.sort = SORT_RELEVANCE, .exact = 1, .min_weight = lightest};
        st = run_query(r, q, (uint32_t)req->offset, (uint32_t)req->limit, &exact, &enq, &ms);
        if (st == SHIM_OK)
            st = load_page(r, enq, ms, NULL, shim_mset_size(ms));
    }
    free(index);
    rank_items_free(v, size);
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st;
}
