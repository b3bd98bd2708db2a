/* search.c: running one request (see search.h). */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "schema.h"

/* Partial matches are ranked by how many units they have, which needs
 * looking at each candidate: this many at most. */
#define PARTIAL_POOL 1000
/* Below this many matches a spelling correction is worth offering. */
#define SUGGEST_BELOW 3

static const char *const facet_names[FACET_COUNT] = {
    "authority", "score", "section", "theme", "kind"};
static const unsigned facet_slots[FACET_COUNT] = {
    SLOT_AUTHORITY, SLOT_SCORE, SLOT_SECTION, SLOT_THEME, SLOT_KIND};

const char *search_facet_name(int facet)
{
    return facet >= 0 && facet < FACET_COUNT ? facet_names[facet] : "";
}

int search_facet_from_name(const char *name)
{
    for (int f = 0; f < FACET_COUNT; f++)
        if (strcmp(name, facet_names[f]) == 0)
            return f;
    return FACET_COUNT;
}

void search_request_init(search_request *req, const char *query)
{
    memset(req, 0, sizeof *req);
    req->query = query;
    req->limit = 10;
    req->per = 3;
    req->snippet_bytes = 300;
    req->hl_start = "**";
    req->hl_end = "**";
    search_limits_init(req);
}

/* One run's state, freed in one place. */
typedef struct run {
    search_index *ix;
    const search_request *req;
    search_result *res;
    qerror *err;
    qbuild_result qb;
} run;

static search_status index_error(run *r, const char *what, shim_status st)
{
    r->ix->last_status = st;   /* SHIM_ERR_MODIFIED: search_run retries */
    if (st == SHIM_ERR_WILDCARD) {
        r->err->column = 0;
        snprintf(r->err->message, sizeof r->err->message,
                 "a wildcard matches too many words (%s); make it longer",
                 shim_last_error());
        return SEARCH_QUERY_ERROR;
    }
    r->err->column = 0;
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

static shim_status set_sort(shim_enquire *enq, search_sort sort)
{
    switch (sort) {
    case SORT_AUTHORITY:
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE_THEN_RELEVANCE, SLOT_AUTHORITY, 0);
    case SORT_SCORE:
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE_THEN_RELEVANCE, SLOT_SCORE, 1);
    case SORT_DOCUMENT:
        return shim_enquire_set_sort(enq, SHIM_SORT_VALUE, SLOT_ORDER, 0);
    default:
        /* Ties go by paragraph id, not Xapian's document id: ids differ
         * between a sharded index, an updated one and a fresh build, and
         * the order must not. */
        return shim_enquire_set_sort(enq, SHIM_SORT_RELEVANCE_THEN_VALUE, SLOT_ORDER, 0);
    }
}

/* Run q with the request's sort and facets; the result set is left in *ms
 * for the caller, with its enquire in *enq. Facet counts go into res. */
static shim_status run_query(run *r, const shim_query *q, uint32_t first, uint32_t max,
                             shim_enquire **enq, shim_mset **ms)
{
    shim_facet *spies[FACET_COUNT] = {0};
    int want_authority = r->req->by_authority;
    shim_status st = shim_enquire_new(r->ix->db, enq);
    if (st == SHIM_OK)
        st = search_limits_time(r->req, *enq);
    if (st == SHIM_OK)
        st = shim_enquire_set_query(*enq, q);
    if (st == SHIM_OK)
        st = set_sort(*enq, r->req->sort);
    for (int f = 0; f < FACET_COUNT && st == SHIM_OK; f++)
        if (r->req->facets[f] || (f == FACET_AUTHORITY && want_authority))
            st = shim_enquire_add_facet(*enq, facet_slots[f], &spies[f]);
    if (st == SHIM_OK)
        st = shim_enquire_run(*enq, first, max, r->ix->doccount, ms);
    if (st == SHIM_OK) {
        uint32_t lower, est, upper;
        int exact;
        st = shim_mset_estimates(*ms, &lower, &est, &upper, &exact);
        r->res->total = est;
        r->res->incomplete |= shim_mset_cut_short(*ms);
    }
    for (int f = 0; f < FACET_COUNT && st == SHIM_OK; f++)
        if (spies[f])
            st = read_facet(spies[f], &r->res->facets[f], &r->res->n_facets[f]);
    return st;
}

static search_status run_full(run *r)
{
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    search_result *res = r->res;
    shim_status st = run_query(r, r->qb.query, (uint32_t)r->req->offset,
                               (uint32_t)r->req->limit, &enq, &ms);
    if (st == SHIM_OK && shim_mset_size(ms)) {
        res->n_hits = shim_mset_size(ms);
        res->hits = calloc(res->n_hits, sizeof *res->hits);
        st = res->hits ? hits_from_mset(enq, ms, 0, res->n_hits, r->req->offset + 1,
                                        r->req, &r->qb, res->hits)
                       : SHIM_ERR_NOMEM;
        if (st != SHIM_OK) {
            free(res->hits);
            res->hits = NULL;
            res->n_hits = 0;
        }
    }
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st == SHIM_OK ? SEARCH_OK : index_error(r, "searching", st);
}

typedef struct ranked {
    size_t index;
    size_t units;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->units != y->units)
        return x->units > y->units ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* No paragraph has every unit: rank those with any by how many they have,
 * then by weight. */
static search_status run_partial(run *r)
{
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    search_result *res = r->res;
    for (int f = 0; f < FACET_COUNT; f++) {   /* recounted over the partial set */
        for (size_t i = 0; i < res->n_facets[f]; i++)
            free(res->facets[f][i].value);
        free(res->facets[f]);
        res->facets[f] = NULL;
        res->n_facets[f] = 0;
    }
    ranked *order = NULL;
    shim_status st = run_query(r, r->qb.any_of, 0, PARTIAL_POOL, &enq, &ms);
    size_t pool = st == SHIM_OK ? shim_mset_size(ms) : 0;
    if (st == SHIM_OK && pool) {
        order = calloc(pool, sizeof *order);
        st = order ? SHIM_OK : SHIM_ERR_NOMEM;
        for (size_t i = 0; i < pool && st == SHIM_OK; i++) {
            shim_hit h;
            order[i].index = i;
            st = shim_mset_hit(ms, i, &h);
            if (st == SHIM_OK)
                st = hits_count_units(enq, &r->qb, h.docid, &order[i].units);
        }
    }
    if (st == SHIM_OK && pool > r->req->offset) {
        if (r->req->sort == SORT_RELEVANCE)
            qsort(order, pool, sizeof *order, cmp_ranked);
        size_t n = pool - r->req->offset;
        if (n > r->req->limit)
            n = r->req->limit;
        res->hits = calloc(n, sizeof *res->hits);
        st = res->hits ? SHIM_OK : SHIM_ERR_NOMEM;
        for (size_t k = 0; k < n && st == SHIM_OK; k++) {
            res->hits[k].rank = r->req->offset + k + 1;
            st = hit_load(enq, ms, order[r->req->offset + k].index, r->req, &r->qb,
                          &res->hits[k]);
            res->n_hits = k + 1;
        }
    }
    res->partial = res->total > 0;
    free(order);
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st == SHIM_OK ? SEARCH_OK : index_error(r, "searching", st);
}

/* The council of result item i (its SLOT_AUTHORITY value), malloc()ed. */
static shim_status item_authority(shim_mset *ms, size_t i, char **out)
{
    shim_doc *doc = NULL;
    const char *v;
    size_t len;
    shim_status st = shim_mset_document(ms, i, &doc);
    if (st == SHIM_OK)
        st = shim_doc_value(doc, SLOT_AUTHORITY, &v, &len);
    if (st == SHIM_OK && !(*out = strndup(v, len)))
        st = SHIM_ERR_NOMEM;
    shim_doc_free(doc);
    return st;
}

static search_group *group_for(search_result *res, const char *authority)
{
    for (size_t i = 0; i < res->n_groups; i++)
        if (strcmp(res->groups[i].authority, authority) == 0)
            return &res->groups[i];
    return NULL;
}

/* Councils side by side: collapse on the council, keep `per` each, groups
 * in the order of their best paragraph; counts from the authority facet. */
static search_status run_groups(run *r)
{
    search_result *res = r->res;
    const shim_query *q = res->partial ? r->qb.any_of : r->qb.query;
    size_t councils = authority_count(r->ix->authorities) + 1;
    size_t per = r->req->per ? r->req->per : 1;
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    shim_status st = shim_enquire_new(r->ix->db, &enq);
    if (st == SHIM_OK)
        st = search_limits_time(r->req, enq);
    if (st == SHIM_OK)
        st = shim_enquire_set_query(enq, q);
    if (st == SHIM_OK)
        st = shim_enquire_set_collapse(enq, SLOT_AUTHORITY, (uint32_t)per);
    if (st == SHIM_OK)
        st = shim_enquire_run(enq, 0, (uint32_t)(councils * per), r->ix->doccount, &ms);
    if (st == SHIM_OK)
        res->incomplete |= shim_mset_cut_short(ms);
    res->n_group_total = (uint32_t)res->n_facets[FACET_AUTHORITY];
    size_t n = st == SHIM_OK ? shim_mset_size(ms) : 0;
    if (n)
        res->groups = calloc(councils, sizeof *res->groups);
    if (n && !res->groups)
        st = SHIM_ERR_NOMEM;
    size_t seen = 0;   /* groups met so far, including those before offset */
    /* Councils passed over by --offset (at most offset of them). */
    char **skipped_names = calloc(r->req->offset + 1, sizeof *skipped_names);
    size_t n_skipped = 0;
    if (!skipped_names)
        st = SHIM_ERR_NOMEM;
    for (size_t i = 0; i < n && st == SHIM_OK; i++) {
        /* The council first, from its value slot: records, snippets and
         * matched forms are built only for the groups shown (building them
         * for every collapsed hit was most of a grouped query's time). */
        char *authority = NULL;
        st = item_authority(ms, i, &authority);
        if (st != SHIM_OK)
            break;
        search_group *g = group_for(res, authority);
        int skipped = 0;
        for (size_t k = 0; !g && k < n_skipped; k++)
            skipped |= strcmp(skipped_names[k], authority) == 0;
        if (!g && skipped) {
            free(authority);
            continue;
        }
        if (!g) {
            seen++;
            if (seen <= r->req->offset || res->n_groups >= r->req->limit) {
                /* Remember it, so its later hits do not count as new groups. */
                if (seen <= r->req->offset)
                    skipped_names[n_skipped++] = authority;
                else
                    free(authority);
                continue;
            }
            g = &res->groups[res->n_groups++];
            g->authority = authority;
            authority = NULL;
            g->hits = calloc(per, sizeof *g->hits);
            for (size_t f = 0; f < res->n_facets[FACET_AUTHORITY]; f++)
                if (strcmp(res->facets[FACET_AUTHORITY][f].value, g->authority) == 0)
                    g->count = res->facets[FACET_AUTHORITY][f].count;
            if (!g->hits) {
                st = SHIM_ERR_NOMEM;
                break;
            }
        }
        free(authority);
        if (g->n_hits >= per)
            continue;
        search_hit h = {0};
        st = hit_load(enq, ms, i, r->req, &r->qb, &h);
        if (st != SHIM_OK)
            break;
        h.rank = g->n_hits + 1;
        g->hits[g->n_hits++] = h;
    }
    for (size_t k = 0; k < n_skipped; k++)
        free(skipped_names[k]);
    free(skipped_names);
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st == SHIM_OK ? SEARCH_OK : index_error(r, "grouping", st);
}

/* Total matches of query text q, or 0 when it does not parse or build. */
static uint32_t count_matches(search_index *ix, const search_request *req, const char *q)
{
    qnode *tree = NULL;
    qerror e;
    qbuild_result qb;
    uint32_t total = 0;
    qparse_options limits = search_limits_parse(req);
    if (qparse(q, strlen(q), &limits, &tree, &e) != 0)
        return 0;
    qbuild_env env = {ix->db, ix->tg, ix->authorities,
                      req->exact ? NULL : ix->thesaurus, req->wildcard_limit};
    if (qbuild(tree, &env, &qb, &e) == 0) {
        shim_enquire *enq = NULL;
        shim_mset *ms = NULL;
        uint32_t lower, upper;
        int exact;
        if (shim_enquire_new(ix->db, &enq) == SHIM_OK &&
            search_limits_time(req, enq) == SHIM_OK &&
            shim_enquire_set_query(enq, qb.query) == SHIM_OK &&
            shim_enquire_run(enq, 0, 0, ix->doccount, &ms) == SHIM_OK)
            shim_mset_estimates(ms, &lower, &total, &upper, &exact);
        shim_mset_free(ms);
        shim_enquire_free(enq);
        qbuild_result_clear(&qb);
    }
    qnode_free(tree);
    return total;
}

/* "Did you mean": each misspelt plain word replaced by the index's own
 * spelling correction, offered only if the corrected query finds more. */
static void suggest(run *r, const char *query)
{
    search_result *res = r->res;
    if (r->qb.n_spell_words == 0 || (res->total >= SUGGEST_BELOW && !res->partial))
        return;
    size_t cap = strlen(query) * 4 + 64;
    char *out = malloc(cap);
    if (!out)
        return;
    size_t w = 0;
    int changed = 0;
    const char *p = query;
    while (*p) {
        size_t ws = strspn(p, " \t\n");
        memcpy(out + w, p, ws);
        w += ws;
        p += ws;
        size_t tok = strcspn(p, " \t\n");
        if (!tok)
            break;
        /* the word inside quotes, brackets and +/-/= marks */
        size_t a = 0, b = tok;
        while (a < b && strchr("\"()+-=", p[a]))
            a++;
        while (b > a && strchr("\"()*", p[b - 1]))
            b--;
        char *folded = NULL, *fix = NULL;
        if (b > a && norm_text(p + a, b - a, NORM_FOLD, &folded, NULL) == NORM_OK) {
            for (size_t i = 0; i < r->qb.n_spell_words; i++) {
                if (strcmp(folded, r->qb.spell_words[i]) == 0 &&
                    shim_db_spelling(r->ix->db, folded, 0, &fix) == SHIM_OK && fix[0] &&
                    strcmp(fix, folded) != 0 && w + a + strlen(fix) + (tok - b) < cap) {
                    memcpy(out + w, p, a);
                    memcpy(out + w + a, fix, strlen(fix));
                    memcpy(out + w + a + strlen(fix), p + b, tok - b);
                    w += a + strlen(fix) + (tok - b);
                    changed = 1;
                    break;
                }
                free(fix);
                fix = NULL;
            }
        }
        if (!fix) {
            memcpy(out + w, p, tok);
            w += tok;
        }
        free(fix);
        free(folded);
        p += tok;
    }
    out[w] = '\0';
    uint32_t n = changed ? count_matches(r->ix, r->req, out) : 0;
    if (changed && (n > res->total || (res->partial && n > 0))) {
        res->suggestion = out;
        res->suggestion_total = n;
    } else {
        free(out);
    }
}

search_status search_run_once(search_index *ix, const search_request *req,
                              search_result *res, qerror *err)
{
    memset(res, 0, sizeof *res);
    memset(err, 0, sizeof *err);
    run r = {.ix = ix, .req = req, .res = res, .err = err};
    char *q = NULL;
    size_t qlen = 0;
    qnode *tree = NULL;
    search_status ss = SEARCH_QUERY_ERROR;

    /* Limits first, before any work is spent on the request. */
    if (search_limits_check(req, err) != 0)
        return SEARCH_QUERY_ERROR;

    size_t bad = norm_utf8_invalid_at(req->query, strlen(req->query));
    if (bad != strlen(req->query)) {
        unsigned col = 1;
        for (size_t i = 0; i < bad; i++)
            col += ((unsigned char)req->query[i] & 0xC0) != 0x80;
        err->column = col;
        snprintf(err->message, sizeof err->message,
                 "the query is not valid UTF-8 at column %u", col);
        return SEARCH_QUERY_ERROR;
    }
    if (norm_text(req->query, strlen(req->query), NORM_DISPLAY, &q, &qlen) != NORM_OK) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return SEARCH_INDEX_ERROR;
    }
    qparse_options limits = search_limits_parse(req);
    if (qparse(q, qlen, &limits, &tree, err) != 0)
        goto out;
    res->parsed = qnode_describe(tree);
    qbuild_env env = {ix->db, ix->tg, ix->authorities, req->exact ? NULL : ix->thesaurus,
                      req->wildcard_limit};
    if (qbuild(tree, &env, &r.qb, err) != 0)
        goto out;
    shim_query_describe(r.qb.query, &res->xapian);
    for (size_t u = 0; u < r.qb.n_units; u++)
        res->units += !r.qb.units[u].negated;

    ss = run_full(&r);
    if (ss == SEARCH_OK && res->total == 0 && r.qb.any_of && !req->strict &&
        res->units >= 2)
        ss = run_partial(&r);
    if (ss == SEARCH_OK && req->by_authority && res->total)
        ss = run_groups(&r);
    if (ss == SEARCH_OK)
        suggest(&r, q);
out:
    if (r.qb.query || r.qb.units)
        qbuild_result_clear(&r.qb);
    qnode_free(tree);
    free(q);
    return ss;
}

void search_result_clear(search_result *r)
{
    free(r->parsed);
    free(r->xapian);
    for (size_t i = 0; i < r->n_hits; i++)
        hit_clear(&r->hits[i]);
    free(r->hits);
    for (size_t g = 0; g < r->n_groups; g++) {
        for (size_t i = 0; i < r->groups[g].n_hits; i++)
            hit_clear(&r->groups[g].hits[i]);
        free(r->groups[g].hits);
        free(r->groups[g].authority);
    }
    free(r->groups);
    for (int f = 0; f < FACET_COUNT; f++) {
        for (size_t i = 0; i < r->n_facets[f]; i++)
            free(r->facets[f][i].value);
        free(r->facets[f]);
    }
    free(r->suggestion);
    memset(r, 0, sizeof *r);
}
