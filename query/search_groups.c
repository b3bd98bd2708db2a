/*
 * search_groups.c: councils side by side (--by authority; see
 * search_internal.h). Each council that matches, with its number of
 * matching paragraphs and its best `per`, councils in the order of their
 * best paragraph, from --offset, at most --limit of them.
 *
 * One match does it all, as it would for plain Xapian: collapsed on the
 * council, counting every match as it goes (total, facets). The order is
 * lasearch's (weight, then SLOT_ORDER: see search_rank.c), but the match
 * ranks Xapian's way (weight, then docid), so it keeps per + 1 paragraphs a
 * council: a council whose per-th and (per+1)-th paragraphs differ in
 * weight has its best per among those kept for sure, and SLOT_ORDER is
 * read only to order equal weights among them. A council shown with a tie
 * there is searched again on its own, ranked exactly (a small search).
 * Councils whose best paragraphs tie are ordered by those paragraphs'
 * SLOT_ORDER, where that decides which councils are shown or in what
 * order; a council whose best ties with all it kept is searched on its
 * own for it. When that would take more than a few searches, or the match
 * was cut at its size, one collapsed search ranked exactly by Xapian does
 * it all (it reads SLOT_ORDER for every match: slower).
 *
 * The page of hits (shown with the groups in JSON) is taken from the same
 * match when it is provably what an uncollapsed search gives: a paragraph
 * folded away has per paragraphs of its council ahead of it, so if no
 * council has per among the first offset + limit kept, none of the first
 * offset + limit was folded away. Else the page is a search of its own.
 */
#include "search_internal.h"

#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "schema.h"
#include "search_facets.h"

/* One council in the collapsed match. */
typedef struct council {
    const char *name;   /* its SLOT_AUTHORITY value ("" undecided) */
    size_t *item;       /* its kept items (indices into the match), in
                           Xapian's order */
    size_t m;
    int certain;        /* its best per are among those kept */
    int best_known;     /* every paragraph tying with its best is kept */
    rank_item best;     /* its best (by lasearch's order, once settled) */
    int searched;       /* its best per were searched on their own: */
    rank_item *exact;   /* those, ranked exactly */
    size_t n_exact;
} council;

/* The collapsed match and what is worked out from it. */
typedef struct grouping {
    shim_enquire *enq;
    shim_mset *ms;
    size_t n;
    rank_item *v;       /* n: the match's items */
    char **name;        /* n: each item's council */
    council *c;
    size_t n_c;
    size_t per, keep, max;
    size_t searches;    /* councils searched on their own so far */
} grouping;

/* Councils searched on their own at most, before one exact search of all
 * is cheaper. */
#define MAX_COUNCIL_SEARCHES 16

static void grouping_free(grouping *g)
{
    for (size_t i = 0; g->name && i < g->n; i++)
        free(g->name[i]);
    free(g->name);
    for (size_t i = 0; g->c && i < g->n_c; i++) {
        free(g->c[i].item);
        free(g->c[i].best.key);
        rank_items_free(g->c[i].exact, g->c[i].n_exact);
    }
    free(g->c);
    rank_items_free(g->v, g->n);
    shim_mset_free(g->ms);
    shim_enquire_free(g->enq);
    memset(g, 0, sizeof *g);
}

/* Collapse q on the council, keeping `keep` each, enough items for every
 * council. Councils come from the collapse keys, which the matcher has
 * read anyway: no document is fetched for them. */
static shim_status run_collapsed(run *r, const shim_query *q, const run_how *how_in,
                                 size_t keep, grouping *g)
{
    memset(g, 0, sizeof *g);
    g->per = r->req->per ? r->req->per : 1;
    g->keep = keep;
    g->max = (authority_count(r->ix->authorities) + 1) * keep;
    run_how how = *how_in;
    how.collapse_per = keep;
    shim_status st = run_query(r, q, 0, (uint32_t)g->max, &how, &g->enq, &g->ms);
    g->n = st == SHIM_OK ? shim_mset_size(g->ms) : 0;
    if (st == SHIM_OK)
        st = rank_items(g->ms, g->n, &g->v);
    if (st == SHIM_OK && g->n && !(g->name = calloc(g->n, sizeof *g->name)))
        st = SHIM_ERR_NOMEM;
    for (size_t i = 0; i < g->n && st == SHIM_OK; i++)
        st = shim_mset_collapse_key(g->ms, i, &g->name[i], NULL);
    return st;
}

static search_group *group_for(search_result *res, const char *authority)
{
    for (size_t i = 0; i < res->n_groups; i++)
        if (strcmp(res->groups[i].authority, authority) == 0)
            return &res->groups[i];
    return NULL;
}

/* A new group for authority, its count from the authority facet (the
 * paragraphs of no council have no value there: they are what the
 * facet's values leave of the total). */
static shim_status add_group(search_result *res, const char *authority, size_t per,
                             search_group **out)
{
    search_group *g = &res->groups[res->n_groups++];
    if (!(g->authority = strdup(authority)) || !(g->hits = calloc(per, sizeof *g->hits)))
        return SHIM_ERR_NOMEM;
    if (!authority[0])
        g->count = search_facet_none(res, FACET_AUTHORITY);
    for (size_t f = 0; authority[0] && f < res->n_facets[FACET_AUTHORITY]; f++)
        if (strcmp(res->facets[FACET_AUTHORITY][f].value, g->authority) == 0)
            g->count = res->facets[FACET_AUTHORITY][f].count;
    *out = g;
    return SHIM_OK;
}

/* ------------------------------------------------ the exact way -- */

/* Groups from a collapsed match ranked exactly: councils in the order of
 * their first item, from offset, at most limit. whole: the match is of
 * qb.query (see hit_load). */
static shim_status fill_groups(run *r, const grouping *g, int whole)
{
    search_result *res = r->res;
    size_t councils = g->max / g->keep;
    shim_status st = SHIM_OK;
    if (!g->n)
        return SHIM_OK;
    if (!(res->groups = calloc(councils, sizeof *res->groups)))
        return SHIM_ERR_NOMEM;
    size_t seen = 0;   /* groups met so far, including those before offset */
    /* Councils passed over by --offset (at most offset of them). */
    const char **skipped_names = calloc(r->req->offset + 1, sizeof *skipped_names);
    size_t n_skipped = 0;
    if (!skipped_names)
        st = SHIM_ERR_NOMEM;
    for (size_t i = 0; i < g->n && st == SHIM_OK; i++) {
        const char *authority = g->name[i];
        search_group *grp = group_for(res, authority);
        int skipped = 0;
        for (size_t k = 0; !grp && k < n_skipped; k++)
            skipped |= strcmp(skipped_names[k], authority) == 0;
        if (!grp && skipped)
            continue;
        if (!grp) {
            seen++;
            if (seen <= r->req->offset || res->n_groups >= r->req->limit ||
                res->n_groups >= councils) {
                /* Remember it, so its later hits do not count as new groups. */
                if (seen <= r->req->offset)
                    skipped_names[n_skipped++] = authority;
                continue;
            }
            if ((st = add_group(res, authority, g->per, &grp)) != SHIM_OK)
                break;
        }
        if (grp->n_hits >= g->per)
            continue;
        search_hit h = {0};
        /* Records, snippets and matched forms only for the groups shown. */
        st = hit_load(g->enq, g->ms, i, r->req, &r->qb, whole, &h);
        if (st != SHIM_OK)
            break;
        h.rank = grp->n_hits + 1;
        grp->hits[grp->n_hits++] = h;
    }
    free(skipped_names);
    return st;
}

/* Councils side by side from one collapsed match ranked exactly by Xapian
 * (counts are res's already). */
static shim_status groups_exact(run *r, const shim_query *q, int whole)
{
    grouping g;
    run_how how = {.sort = SORT_RELEVANCE, .exact = 1};
    shim_status st = run_collapsed(r, q, &how, r->req->per ? r->req->per : 1, &g);
    if (st == SHIM_OK)
        st = fill_groups(r, &g, whole);
    grouping_free(&g);
    return st;
}

/* ----------------------------------------------- the quick way -- */

/* An item of the match and its council, to sort by council. */
typedef struct named {
    const char *name;
    size_t index;
} named;

static int cmp_by_name(const void *x, const void *y)
{
    const named *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

static int cmp_by_first(const void *x, const void *y)
{
    const council *a = x, *b = y;
    return a->item[0] < b->item[0] ? -1 : a->item[0] > b->item[0];
}

/* The council table: each council's kept items (in the match's order) and
 * what they settle, councils in the order of their first item. *open: the
 * match is not what was asked for (then the exact way). */
static shim_status find_councils(grouping *g, int *open)
{
    *open = 0;
    named *by_name = calloc(g->n + 1, sizeof *by_name);
    if (!by_name || !(g->c = calloc(g->n + 1, sizeof *g->c))) {
        free(by_name);
        return SHIM_ERR_NOMEM;
    }
    for (size_t i = 0; i < g->n; i++)
        by_name[i] = (named){g->name[i], i};
    qsort(by_name, g->n, sizeof *by_name, cmp_by_name);
    shim_status st = SHIM_OK;
    for (size_t i = 0; i < g->n && st == SHIM_OK;) {
        size_t j = i + 1;
        while (j < g->n && strcmp(by_name[j].name, by_name[i].name) == 0)
            j++;
        council *c = &g->c[g->n_c++];
        c->name = by_name[i].name;
        c->m = j - i;
        /* Paragraphs with no council are never collapsed: all are kept. */
        if (c->name[0] && c->m > g->keep)
            *open = 1;   /* the collapse kept more than asked */
        if (!(c->item = malloc(c->m * sizeof *c->item)))
            st = SHIM_ERR_NOMEM;
        for (size_t k = 0; st == SHIM_OK && k < c->m; k++)
            c->item[k] = by_name[i + k].index;
        i = j;
    }
    free(by_name);
    if (st != SHIM_OK || *open)
        return st;
    qsort(g->c, g->n_c, sizeof *g->c, cmp_by_first);
    for (size_t k = 0; k < g->n_c; k++) {
        council *c = &g->c[k];
        const rank_item *v = g->v;
        size_t top = 1;
        while (top < c->m && v[c->item[top]].weight == v[c->item[0]].weight)
            top++;
        /* All of a council's paragraphs are kept when fewer than `keep`
         * were; those with no council always are. */
        int all = !c->name[0] || c->m < g->keep;
        c->certain = all || v[c->item[g->per - 1]].weight > v[c->item[g->keep - 1]].weight;
        c->best_known = all || top < g->keep;
        c->best = v[c->item[0]];
        c->best.key = NULL;
    }
    return SHIM_OK;
}

/* Council c's best `per` exactly, searched on their own: q filtered to the
 * council's paragraphs (its filter term, and its value in SLOT_AUTHORITY
 * to be exact whatever two names' keys are), ranked exactly. Filters add
 * no weight, so weights are those of q. Only which paragraphs and their
 * weights are taken from it: hits are made from the grouping's own result
 * set, like every other group's. */
static shim_status council_alone(run *r, const shim_query *q, const council *c, size_t per,
                                 rank_item **out, size_t *n)
{
    shim_query *parts[2] = {NULL, NULL}, *filter = NULL, *fq = NULL;
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    char *key = NULL;
    size_t np = 0;
    *out = NULL;
    *n = 0;
    shim_status st = shim_query_value_range(SLOT_AUTHORITY, c->name, c->name, &parts[np]);
    if (st == SHIM_OK)
        np++;
    if (st == SHIM_OK && norm_key(c->name, strlen(c->name), &key) != NORM_OK)
        st = SHIM_ERR_NOMEM;
    if (st == SHIM_OK && key[0]) {
        size_t len = strlen(PREFIX_AUTHORITY) + strlen(key) + 1;
        char *term = malloc(len);
        if (!term)
            st = SHIM_ERR_NOMEM;
        else {
            memcpy(term, PREFIX_AUTHORITY, strlen(PREFIX_AUTHORITY));
            memcpy(term + strlen(PREFIX_AUTHORITY), key, strlen(key) + 1);
            st = shim_query_term(term, 1, 0, &parts[np]);
            np += st == SHIM_OK;
            free(term);
        }
    }
    if (st == SHIM_OK)
        st = np > 1 ? shim_query_combine(SHIM_OP_AND, parts, np, 0, &filter)
                    : shim_query_combine(SHIM_OP_OR, parts, 1, 0, &filter);
    shim_query *sides[2] = {(shim_query *)q, filter};
    if (st == SHIM_OK)
        st = shim_query_combine(SHIM_OP_FILTER, sides, 2, 0, &fq);
    run_how how = {.sort = SORT_RELEVANCE, .exact = 1};
    if (st == SHIM_OK)
        st = run_query(r, fq, 0, (uint32_t)per, &how, &enq, &ms);
    if (st == SHIM_OK) {
        *n = shim_mset_size(ms);
        st = rank_items(ms, *n, out);
    }
    for (size_t i = 0; i < np; i++)
        shim_query_free(parts[i]);
    shim_query_free(filter);
    shim_query_free(fq);
    free(key);
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st;
}

/* Council c's best per searched on their own, once. *open: too many
 * councils need it (then the exact way). */
static shim_status search_council(run *r, const shim_query *q, grouping *g, council *c,
                                  int *open)
{
    if (c->searched)
        return SHIM_OK;
    if (++g->searches > MAX_COUNCIL_SEARCHES) {
        *open = 1;
        return SHIM_OK;
    }
    c->searched = 1;
    return council_alone(r, q, c, g->per, &c->exact, &c->n_exact);
}

/* A council's best by lasearch's order, its key read (another council's
 * best ties with it): among its kept paragraphs that tie with its best
 * weight when all of those are kept (best_known), else searched. */
static shim_status settle_best(run *r, const shim_query *q, grouping *g, council *c,
                               int *open)
{
    if (!c->best_known) {
        shim_status st = search_council(r, q, g, c, open);
        if (st != SHIM_OK || *open)
            return st;
        if (!c->n_exact)
            return SHIM_ERR_INTERNAL;   /* it had matches a moment ago */
        free(c->best.key);
        c->best = c->exact[0];
        c->best.key = NULL;
        rank_item *one = &c->best;
        return rank_read_keys(g->ms, &one, 1);
    }
    size_t top = 1;
    while (top < c->m && g->v[c->item[top]].weight == c->best.weight)
        top++;
    rank_item *v = calloc(top, sizeof *v);
    rank_item **p = calloc(top, sizeof *p);
    shim_status st = v && p ? SHIM_OK : SHIM_ERR_NOMEM;
    for (size_t k = 0; st == SHIM_OK && k < top; k++) {
        v[k] = g->v[c->item[k]];
        v[k].key = NULL;
        p[k] = &v[k];
    }
    if (st == SHIM_OK)
        st = rank_read_keys(g->ms, p, top);
    size_t best = 0;
    for (size_t k = 1; st == SHIM_OK && k < top; k++)
        if (rank_before(&v[k], &v[best]))
            best = k;
    if (st == SHIM_OK) {
        free(c->best.key);
        c->best = v[best];
        v[best].key = NULL;
    }
    rank_items_free(v, v ? top : 0);
    free(p);
    return st;
}

static int cmp_council(const void *x, const void *y)
{
    const council *a = x, *b = y;
    return rank_before(&a->best, &b->best) ? -1 : rank_before(&b->best, &a->best) ? 1 : 0;
}

/* Councils in the order of their best paragraph, by lasearch's order, as
 * far as it decides which are shown and how. *open: a tie leaves it open
 * (then the exact way). */
static shim_status order_councils(run *r, const shim_query *q, grouping *g, int *open)
{
    size_t from = r->req->offset, to = r->req->offset + r->req->limit;
    *open = 0;
    /* Xapian's order: the first item of each council comes in order of
     * weight, then docid; only runs of equal best weights can move, and
     * only a run reaching into the councils shown matters. */
    for (size_t i = 0; i < g->n_c;) {
        size_t j = i + 1;
        while (j < g->n_c && g->c[j].best.weight == g->c[i].best.weight)
            j++;
        if (j - i > 1 && j > from && i < to) {
            for (size_t k = i; k < j; k++) {
                shim_status st = settle_best(r, q, g, &g->c[k], open);
                if (st != SHIM_OK || *open)
                    return st;
            }
            qsort(g->c + i, j - i, sizeof *g->c, cmp_council);
        }
        i = j;
    }
    return SHIM_OK;
}

/* The page of hits from the match (see the top of the file): 1 if it is
 * provably an uncollapsed search's page, with page[0..*n) the items by
 * lasearch's order, else 0. */
static shim_status page_from_groups(run *r, grouping *g, size_t **page, size_t *n, int *ok)
{
    const search_request *req = r->req;
    size_t want = req->offset + req->limit;
    *ok = 0;
    *page = NULL;
    *n = 0;
    /* The first `want` items and the whole run of equal weights at the
     * end: later items weigh less, so these hold the first `want`. */
    size_t e = g->n < want ? g->n : want;
    while (e && e < g->n && g->v[e].weight == g->v[e - 1].weight)
        e++;
    rank_item *v = calloc(e + 1, sizeof *v);
    if (!v)
        return SHIM_ERR_NOMEM;
    for (size_t i = 0; i < e; i++) {
        v[i] = g->v[i];
        v[i].key = NULL;
    }
    shim_status st = rank_sort(g->ms, v, e);
    size_t k = e < want ? e : want;
    int fine = st == SHIM_OK;
    for (size_t i = 0; fine && i < k; i++) {
        const char *name = g->name[v[i].index];
        if (!name[0])
            continue;   /* never collapsed */
        const council *c = NULL;
        for (size_t j = 0; j < g->n_c && !c; j++)
            if (strcmp(g->c[j].name, name) == 0)
                c = &g->c[j];
        size_t seen = 0;
        for (size_t j = 0; j <= i; j++)
            seen += strcmp(g->name[v[j].index], name) == 0;
        fine = c && c->certain && seen < g->per;
    }
    if (fine && k > req->offset) {
        *n = k - req->offset;
        if (!(*page = calloc(*n, sizeof **page)))
            st = SHIM_ERR_NOMEM;
        for (size_t i = 0; st == SHIM_OK && i < *n; i++)
            (*page)[i] = v[req->offset + i].index;
    }
    *ok = fine && st == SHIM_OK;
    rank_items_free(v, e);
    return st;
}

/* One group's hits from items v[0..m) in order; those already loaded for
 * the page (items page[0..n_page) of the grouping's result set) are
 * copied. from_set: v's index is into the grouping's result set (else
 * the items came from another search: loaded by docid). */
static shim_status group_hits(run *r, grouping *g, const rank_item *v, size_t m, int from_set,
                              const size_t *page, size_t n_page, search_group *grp)
{
    shim_status st = SHIM_OK;
    for (size_t i = 0; i < m && st == SHIM_OK; i++) {
        search_hit h = {0};
        const search_hit *loaded = NULL;
        for (size_t p = 0; from_set && p < n_page && !loaded; p++)
            if (page[p] == v[i].index)
                loaded = &r->res->hits[p];
        if (loaded)
            st = hit_copy(&h, loaded) == 0 ? SHIM_OK : SHIM_ERR_NOMEM;
        else if (from_set)
            st = hit_load(g->enq, g->ms, v[i].index, r->req, &r->qb, 1, &h);
        else
            st = hit_load_doc(r->ix->db, g->enq, g->ms, v[i].docid, v[i].weight, r->req,
                              &r->qb, 1, &h);
        if (st == SHIM_OK) {
            h.rank = grp->n_hits + 1;
            grp->hits[grp->n_hits++] = h;
        }
    }
    return st;
}

/* The groups shown, from the settled council order: each council's best
 * per from the match when certain, else searched on its own. */
static shim_status groups_quick(run *r, const shim_query *q, grouping *g,
                                const size_t *page, size_t n_page)
{
    search_result *res = r->res;
    if (!g->n_c)
        return SHIM_OK;
    if (!(res->groups = calloc(g->n_c, sizeof *res->groups)))
        return SHIM_ERR_NOMEM;
    shim_status st = SHIM_OK;
    for (size_t k = r->req->offset; k < g->n_c && res->n_groups < r->req->limit &&
                                    st == SHIM_OK; k++) {
        council *c = &g->c[k];
        search_group *grp;
        rank_item *v = NULL;
        size_t m = 0;
        int from_set = c->certain && !c->searched;
        if ((st = add_group(res, c->name, g->per, &grp)) != SHIM_OK)
            break;
        if (!from_set) {
            int open = 0;
            st = search_council(r, q, g, c, &open);
            if (st == SHIM_OK && open)
                st = SHIM_ERR_INTERNAL;   /* groups_quick was not to be tried */
            if (st == SHIM_OK)
                st = group_hits(r, g, c->exact, c->n_exact < g->per ? c->n_exact : g->per, 0,
                                page, n_page, grp);
            continue;
        } else {
            /* Its best per, and any kept paragraphs tying with the last
             * of them (only paragraphs with no council can: all kept). */
            m = c->m < g->per ? c->m : g->per;
            while (m < c->m && g->v[c->item[m]].weight == g->v[c->item[m - 1]].weight)
                m++;
            if (!(v = calloc(m, sizeof *v)))
                st = SHIM_ERR_NOMEM;
            for (size_t i = 0; st == SHIM_OK && i < m; i++) {
                v[i] = g->v[c->item[i]];
                v[i].key = NULL;
            }
            if (st == SHIM_OK)
                st = rank_sort(g->ms, v, m);
        }
        if (st == SHIM_OK)
            st = group_hits(r, g, v, m < g->per ? m : g->per, from_set, page, n_page, grp);
        rank_items_free(v, m);
    }
    return st;
}

/* The page of hits in the request's order, from a search of its own. */
static shim_status page_alone(run *r, const shim_query *q)
{
    const search_request *req = r->req;
    search_result *res = r->res;
    if (req->sort == SORT_RELEVANCE)
        return rank_page(r, q, 0);
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    run_how how = {.sort = req->sort};
    shim_status st = run_query(r, q, (uint32_t)req->offset, (uint32_t)req->limit, &how, &enq,
                               &ms);
    size_t n = st == SHIM_OK ? shim_mset_size(ms) : 0;
    if (n && !(res->hits = calloc(n, sizeof *res->hits)))
        st = SHIM_ERR_NOMEM;
    if (n && st == SHIM_OK &&
        (st = hits_from_mset(enq, ms, NULL, n, req->offset + 1, req, &r->qb, res->hits)) ==
            SHIM_OK)
        res->n_hits = n;
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st;
}

search_status search_groups(run *r)
{
    search_result *res = r->res;
    const search_request *req = r->req;
    const shim_query *q = r->qb.query;
    size_t per = req->per ? req->per : 1;
    grouping g;
    size_t *page = NULL, n_page = 0;
    int open = 0, shared = 0;
    run_how how = {.sort = SORT_RELEVANCE, .count = 1, .check_at_least = r->ix->doccount};
    shim_status st = run_collapsed(r, q, &how, per + 1, &g);
    res->n_group_total = (uint32_t)res->n_facets[FACET_AUTHORITY];
    if (st != SHIM_OK || !res->total)
        goto out;
    /* As many items as asked for: some may have been cut off. */
    open = g.n >= g.max;
    if (!open)
        st = find_councils(&g, &open);
    if (st == SHIM_OK && !open)
        st = order_councils(r, q, &g, &open);
    /* The councils shown that need searching on their own: few enough? */
    size_t searches = g.searches;
    for (size_t k = req->offset; st == SHIM_OK && !open && k < g.n_c &&
                                 k < req->offset + req->limit; k++)
        if (!g.c[k].certain && !g.c[k].searched && ++searches > MAX_COUNCIL_SEARCHES)
            open = 1;
    if (st == SHIM_OK && !open && req->sort == SORT_RELEVANCE)
        st = page_from_groups(r, &g, &page, &n_page, &shared);
    if (st == SHIM_OK && shared && n_page) {
        if (!(res->hits = calloc(n_page, sizeof *res->hits)))
            st = SHIM_ERR_NOMEM;
        else if ((st = hits_from_mset(g.enq, g.ms, page, n_page, req->offset + 1, req,
                                      &r->qb, res->hits)) == SHIM_OK)
            res->n_hits = n_page;
    } else if (st == SHIM_OK && !shared) {
        st = page_alone(r, q);
    }
    if (st == SHIM_OK && !open)
        st = groups_quick(r, q, &g, page, n_page);
    else if (st == SHIM_OK)
        st = groups_exact(r, q, 1);
out:
    free(page);
    grouping_free(&g);
    return st == SHIM_OK ? SEARCH_OK : search_index_error(r, "grouping", st);
}

search_status search_groups_partial(run *r, const shim_query *q)
{
    r->res->n_group_total = (uint32_t)r->res->n_facets[FACET_AUTHORITY];
    shim_status st = groups_exact(r, q, 0);
    return st == SHIM_OK ? SEARCH_OK : search_index_error(r, "grouping", st);
}
