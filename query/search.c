/* search.c: running one request (see search.h). */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "schema.h"
#include "search_facets.h"

/* Partial matches are ranked by how many units they have, which needs
 * looking at each candidate: this many at most. */
#define PARTIAL_POOL 1000
/* Below this many matches a spelling correction is worth offering. */
#define SUGGEST_BELOW 3
/* A query that matched gets a correction only if it finds this many times
 * as many paragraphs: else the "misspelling" was probably meant. */
#define SUGGEST_MORE 5
/* A word the index has is corrected only to one this many times as
 * common: a typo that made it into a report is rare, the word common. */
#define SUGGEST_COMMONER 20

static const char *const facet_names[FACET_COUNT] = {
    "authority", "score", "section", "theme", "kind", "published", "published-month",
    "rating"};

static const char *const sort_names[SORT_COUNT] = {
    "relevance", "authority", "score", "document", "published", "newest"};

const char *search_facet_names(void)
{
    return "authority, score, section, theme, kind, published, published-month, rating";
}

const char *search_sort_name(search_sort sort)
{
    return (unsigned)sort < SORT_COUNT ? sort_names[sort] : "";
}

search_sort search_sort_from_name(const char *name)
{
    for (int s = 0; s < SORT_COUNT; s++)
        if (strcmp(name, sort_names[s]) == 0)
            return (search_sort)s;
    return SORT_COUNT;
}

const char *search_sort_names(void)
{
    return "relevance, authority, score, document, published, newest";
}

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

static search_status run_full(run *r)
{
    shim_status st;
    if (r->req->sort == SORT_RELEVANCE) {
        st = rank_page(r, r->qb.query, 1);
    } else {
        shim_enquire *enq = NULL;
        shim_mset *ms = NULL;
        run_how how = {.sort = r->req->sort, .count = 1, .check_at_least = r->ix->doccount};
        st = run_query(r, r->qb.query, (uint32_t)r->req->offset, (uint32_t)r->req->limit,
                       &how, &enq, &ms);
        size_t n = st == SHIM_OK ? shim_mset_size(ms) : 0;
        if (n && !(r->res->hits = calloc(n, sizeof *r->res->hits)))
            st = SHIM_ERR_NOMEM;
        if (n && st == SHIM_OK)
            st = hits_from_mset(enq, ms, NULL, n, r->req->offset + 1, r->req, &r->qb,
                                r->res->hits);
        if (n && st == SHIM_OK)
            r->res->n_hits = n;
        shim_mset_free(ms);
        shim_enquire_free(enq);
    }
    return st == SHIM_OK ? SEARCH_OK : search_index_error(r, "searching", st);
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
 * then by relevance. The pool is ranked by Xapian exactly (weight, then
 * SLOT_ORDER): it is rare, and its cut at PARTIAL_POOL must not depend on
 * docids either. */
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
    run_how how = {.sort = r->req->sort, .exact = 1, .count = 1,
                   .check_at_least = r->ix->doccount};
    shim_status st = run_query(r, r->qb.any_of, 0, PARTIAL_POOL, &how, &enq, &ms);
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
    if (st == SHIM_OK && pool > r->req->offset && r->req->limit) {
        if (r->req->sort == SORT_RELEVANCE)
            qsort(order, pool, sizeof *order, cmp_ranked);
        size_t n = pool - r->req->offset;
        if (n > r->req->limit)
            n = r->req->limit;
        res->hits = calloc(n, sizeof *res->hits);
        st = res->hits ? SHIM_OK : SHIM_ERR_NOMEM;
        for (size_t k = 0; k < n && st == SHIM_OK; k++) {
            res->hits[k].rank = r->req->offset + k + 1;
            st = hit_load(enq, ms, order[r->req->offset + k].index, r->req, &r->qb, 0,
                          &res->hits[k]);
            res->n_hits = k + 1;
        }
    }
    res->partial = res->total > 0;
    free(order);
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st == SHIM_OK ? SEARCH_OK : search_index_error(r, "searching", st);
}

/* Total matches of query text q, or 0 when it does not parse or build
 * (*nomem set when that was for lack of memory). */
static uint32_t count_matches(search_index *ix, const search_request *req, const char *q,
                              int *nomem)
{
    qnode *tree = NULL;
    qerror e;
    qbuild_result qb;
    uint32_t total = 0;
    qparse_options limits = search_limits_parse(req);
    if (qparse(q, strlen(q), &limits, &tree, &e) != 0) {
        *nomem |= e.kind == QERR_NOMEM;
        return 0;
    }
    char ignored[256];
    if (search_index_authorities(ix, ignored, sizeof ignored) != 0 &&
        qnode_has_field(tree, QFIELD_AUTHORITY)) {
        qnode_free(tree);
        return 0;
    }
    qbuild_env env = {ix->db, ix->tg, ix->authorities,
                      req->exact ? NULL : ix->thesaurus, req->wildcard_limit,
                      ix->ratings, ix->n_ratings};
    int built = qbuild(tree, &env, &qb, &e) == 0;
    if (built && search_since_apply(ix, req, &qb, &e) != 0) {
        qbuild_result_clear(&qb);
        built = 0;
    }
    *nomem |= !built && e.kind == QERR_NOMEM;
    if (built) {
        shim_enquire *enq = NULL;
        shim_mset *ms = NULL;
        uint32_t lower, upper;
        int exact;
        if (shim_enquire_new(ix->db, &enq) == SHIM_OK &&
            search_limits_time(req, enq) == SHIM_OK &&
            shim_enquire_set_query(enq, qb.query) == SHIM_OK &&
            shim_enquire_set_sort(enq, SHIM_SORT_RELEVANCE, 0, 0) == SHIM_OK &&
            shim_enquire_run(enq, 0, 0, ix->doccount, &ms) == SHIM_OK)
            shim_mset_estimates(ms, &lower, &total, &upper, &exact);
        shim_mset_free(ms);
        shim_enquire_free(enq);
        qbuild_result_clear(&qb);
    }
    qnode_free(tree);
    return total;
}

/* A word typed with two or more capitals ("DoLS", "MSP", "ICB"): an
 * acronym, written so on purpose. */
static int typed_as_acronym(const char *w, size_t len)
{
    size_t caps = 0;
    for (size_t i = 0; i < len; i++)
        caps += w[i] >= 'A' && w[i] <= 'Z';
    return caps >= 2;
}

static uint32_t term_freq(search_index *ix, const char *term)
{
    uint32_t f = 0;
    return shim_db_termfreq(ix->db, term, &f) == SHIM_OK ? f : 0;
}

/* How often the index has a folded word as the query searches it: as
 * written, or its stem ("breaks" is found wherever "break" is). */
static uint32_t word_freq(search_index *ix, const char *folded)
{
    uint32_t f = term_freq(ix, folded);
    shim_tokens *toks = NULL;
    if (shim_analyse(ix->tg, folded, strlen(folded), &toks) == SHIM_OK &&
        shim_tokens_count(toks) == 1 && shim_tokens_stem(toks, 0)[0]) {
        uint32_t sf = term_freq(ix, shim_tokens_stem(toks, 0));
        f = sf > f ? sf : f;
    }
    shim_tokens_free(toks);
    return f;
}

/* The correction for the word w[0..len) of the query, or NULL: only a
 * plain word of the query (qb.spell_words) is corrected, never an
 * acronym the index has, and a word the index has only when the
 * correction is far more common (Xapian suggests the most common word
 * within reach even for a word spelt right: "short" -> "share").
 * malloc()ed. */
static char *correct_word(run *r, const char *w, size_t len, int *nomem)
{
    char *folded = NULL, *fix = NULL;
    norm_status ns = norm_text(w, len, NORM_FOLD, &folded, NULL);
    if (ns != NORM_OK) {
        *nomem |= ns == NORM_ERR_NOMEM;
        return NULL;
    }
    int plain = 0;
    for (size_t i = 0; i < r->qb.n_spell_words && !plain; i++)
        plain = strcmp(folded, r->qb.spell_words[i]) == 0;
    uint32_t freq = plain ? word_freq(r->ix, folded) : 0;
    int wanted = plain && !(freq && typed_as_acronym(w, len));
    /* Short words are near too many others: one edit at most. */
    shim_status st = wanted ? shim_db_spelling(r->ix->db, folded, len <= 4 ? 1 : 0, &fix)
                            : SHIM_OK;
    *nomem |= st == SHIM_ERR_NOMEM;
    if (wanted && st == SHIM_OK && fix[0] && strcmp(fix, folded) != 0 &&
        (!freq || term_freq(r->ix, fix) >= (uint64_t)freq * SUGGEST_COMMONER)) {
        free(folded);
        return fix;
    }
    free(fix);
    free(folded);
    return NULL;
}

/* The query with each word that has a correction replaced (its quotes,
 * brackets and +/-/= marks kept). malloc()ed; *changed says if any was;
 * *nomem is set when something failed for lack of memory. */
static char *corrected_query(run *r, const char *query, int *changed, int *nomem)
{
    size_t cap = strlen(query) * 4 + 64, w = 0;
    char *out = malloc(cap);
    *changed = 0;
    *nomem |= !out;
    for (const char *p = query; out && *p;) {
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
        char *fix = b > a ? correct_word(r, p + a, b - a, nomem) : NULL;
        if (fix && w + a + strlen(fix) + (tok - b) < cap) {
            memcpy(out + w, p, a);
            memcpy(out + w + a, fix, strlen(fix));
            memcpy(out + w + a + strlen(fix), p + b, tok - b);
            w += a + strlen(fix) + (tok - b);
            *changed = 1;
        } else {
            memcpy(out + w, p, tok);
            w += tok;
        }
        free(fix);
        p += tok;
    }
    if (out)
        out[w] = '\0';
    return out;
}

/* "Did you mean": misspelt plain words replaced by the index's own
 * spelling corrections, offered only when that helps: the query matched
 * nothing whole and the correction does, or the correction finds
 * SUGGEST_MORE times as many paragraphs. */
static int suggest(run *r, const char *query)
{
    search_result *res = r->res;
    int matched = res->total > 0 && !res->partial;
    if (r->qb.n_spell_words == 0 || (matched && res->total >= SUGGEST_BELOW))
        return 0;
    /* Anything else that fails only costs the suggestion; running out of
     * memory would silently cost it, so that fails the search. */
    int changed = 0, nomem = 0;
    unsigned long norm_nomem = norm_nomem_count();
    char *out = corrected_query(r, query, &changed, &nomem);
    uint32_t n = changed && !nomem ? count_matches(r->ix, r->req, out, &nomem) : 0;
    if (nomem || norm_nomem_count() != norm_nomem) {
        free(out);
        return -1;
    }
    if (changed && (matched ? n >= (uint64_t)res->total * SUGGEST_MORE : n > 0)) {
        res->suggestion = out;
        res->suggestion_total = n;
    } else {
        free(out);
    }
    return 0;
}

/* One attempt at a request; search_run() refreshes first and retries once
 * after SHIM_ERR_MODIFIED. */
static search_status search_run_once(search_index *ix, const search_request *req,
                              search_result *res, qerror *err)
{
    memset(res, 0, sizeof *res);
    memset(err, 0, sizeof *err);
    run r = {.ix = ix, .req = req, .res = res, .err = err};
    char *q = NULL;
    qnode *tree = NULL;
    search_status ss = SEARCH_QUERY_ERROR;

    /* Limits first, before any work is spent on the request. */
    if (search_limits_check(req, err) != 0)
        return SEARCH_QUERY_ERROR;

    ss = search_prepare(&r, req->query, &q, &tree);
    if (tree && !res->parsed && !(res->parsed = qnode_describe(tree)) && ss == SEARCH_OK) {
        err->kind = QERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        ss = SEARCH_INDEX_ERROR;
    }
    if (ss != SEARCH_OK)
        goto out;
    if (search_since_apply(ix, req, &r.qb, err) != 0) {
        ss = err->kind == QERR_SYNTAX ? SEARCH_QUERY_ERROR : SEARCH_INDEX_ERROR;
        goto out;
    }
    shim_query_describe(r.qb.query, &res->xapian);
    for (size_t u = 0; u < r.qb.n_units; u++)
        res->units += !r.qb.units[u].negated;

    ss = req->by_authority ? search_groups(&r) : run_full(&r);
    if (ss == SEARCH_OK && res->total == 0 && r.qb.any_of && !req->strict &&
        res->units >= 2) {
        ss = run_partial(&r);
        if (ss == SEARCH_OK && req->by_authority && res->total)
            ss = search_groups_partial(&r, r.qb.any_of);
    }
    if (ss == SEARCH_OK && search_facets_add_none(res) != 0) {
        err->kind = QERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        ss = SEARCH_INDEX_ERROR;
    }
    /* Every hit carries its council's rating (search_ratings.c). */
    if (ss == SEARCH_OK && search_index_ratings(ix, err->message, sizeof err->message) != 0) {
        err->kind = QERR_INDEX;
        ss = SEARCH_INDEX_ERROR;
    }
    if (ss == SEARCH_OK && (search_rate_result(ix, res) != 0 || suggest(&r, q) != 0)) {
        err->kind = QERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        ss = SEARCH_INDEX_ERROR;
    }
out:
    if (r.qb.query || r.qb.units)
        qbuild_result_clear(&r.qb);
    qnode_free(tree);
    free(q);
    return ss;
}

search_status search_run(search_index *ix, const search_request *req,
                         search_result *res, qerror *err)
{
    char ignored[512];
    /* A long-lived reader (batch mode, a server) follows the index to its
     * newest generation before each request. If that fails it goes on with
     * the generation it has, which stays whole and readable. */
    search_index_refresh(ix, 0, ignored, sizeof ignored);
    ix->last_status = SHIM_OK;
    search_status ss = search_run_once(ix, req, res, err);
    /* Our generations are never written once published, but a database
     * changed in place (one opened directly, not through lasearch's stub)
     * can move under a reader: reopen it from scratch and retry once. */
    if (ss == SEARCH_INDEX_ERROR && ix->last_status == SHIM_ERR_MODIFIED &&
        search_index_refresh(ix, 1, ignored, sizeof ignored) >= 0) {
        search_result_clear(res);
        ss = search_run_once(ix, req, res, err);
    }
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
