/* search_hits.c: result-set items -> hits with records, snippets and the
 * forms of the query each one matched (see search_internal.h). */
#include "search_internal.h"

#include <stdlib.h>
#include <string.h>

void hit_clear(search_hit *h)
{
    record_clear(&h->rec);
    free(h->snippet);
    for (size_t i = 0; i < h->n_matched; i++)
        free(h->matched[i]);
    free(h->matched);
    memset(h, 0, sizeof *h);
}

int hit_copy(search_hit *dst, const search_hit *src)
{
    memset(dst, 0, sizeof *dst);
    dst->rank = src->rank;
    dst->docid = src->docid;
    dst->weight = src->weight;
    dst->units_matched = src->units_matched;
    int ok = record_copy(&dst->rec, &src->rec) == 0;
    if (ok && src->snippet)
        ok = (dst->snippet = strdup(src->snippet)) != NULL;
    if (ok && src->n_matched)
        ok = (dst->matched = calloc(src->n_matched, sizeof *dst->matched)) != NULL;
    for (size_t i = 0; ok && i < src->n_matched; i++, dst->n_matched++)
        ok = (dst->matched[i] = strdup(src->matched[i])) != NULL;
    if (!ok)
        hit_clear(dst);
    return ok ? 0 : -1;
}

/* The terms a paragraph matched, as a sorted array for bsearch. */
typedef struct termset {
    char **terms;
    size_t n;
} termset;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void termset_clear(termset *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        free(ts->terms[i]);
    free(ts->terms);
    ts->terms = NULL;
    ts->n = 0;
}

static shim_status termset_load(shim_enquire *enq, uint32_t docid, termset *ts)
{
    shim_termlist *tl = NULL;
    shim_status st = shim_enquire_matching_terms(enq, docid, &tl);
    if (st != SHIM_OK)
        return st;
    ts->terms = calloc(shim_termlist_size(tl) + 1, sizeof *ts->terms);
    if (!ts->terms) {
        shim_termlist_free(tl);
        return SHIM_ERR_NOMEM;
    }
    const char *term;
    uint32_t freq;
    while (shim_termlist_next(tl, &term, &freq)) {
        if (!(ts->terms[ts->n] = strdup(term))) {
            shim_termlist_free(tl);
            termset_clear(ts);
            return SHIM_ERR_NOMEM;
        }
        ts->n++;
    }
    shim_termlist_free(tl);
    qsort(ts->terms, ts->n, sizeof *ts->terms, cmp_str);
    return SHIM_OK;
}

/* A form's pseudo-term "partner*" stands for any matched term with that
 * prefix; every other term must be present itself. */
static int termset_has(const termset *ts, const char *term)
{
    size_t len = strlen(term);
    if (len && term[len - 1] == '*') {
        for (size_t i = 0; i < ts->n; i++)
            if (strncmp(ts->terms[i], term, len - 1) == 0)
                return 1;
        return 0;
    }
    return bsearch(&term, ts->terms, ts->n, sizeof *ts->terms, cmp_str) != NULL;
}

static int form_matched(const termset *ts, const qbuild_form *f)
{
    if (f->n_terms == 0)
        return 0;
    for (size_t i = 0; i < f->n_terms; i++)
        if (!termset_has(ts, f->terms[i]))
            return 0;
    return 1;
}

static int add_label(search_hit *h, const char *label)
{
    for (size_t i = 0; i < h->n_matched; i++)
        if (strcmp(h->matched[i], label) == 0)
            return 0;
    char **m = realloc(h->matched, (h->n_matched + 1) * sizeof *m);
    if (!m)
        return -1;
    h->matched = m;
    if (!(m[h->n_matched] = strdup(label)))
        return -1;
    h->n_matched++;
    return 0;
}

/* Whether any form of the query is a wildcard ("partner*"). */
static int has_wildcard(const qbuild_result *qb)
{
    for (size_t u = 0; u < qb->n_units; u++)
        for (size_t f = 0; f < qb->units[u].n_forms; f++)
            for (size_t t = 0; t < qb->units[u].forms[f].n_terms; t++) {
                const char *term = qb->units[u].forms[f].terms[t];
                if (term[0] && term[strlen(term) - 1] == '*')
                    return 1;
            }
    return 0;
}

/* The document's own terms. Xapian reports a wildcard, not the words it
 * expanded to, among a hit's matching terms; a form's terms are in the
 * document exactly when they are among its matching terms, so the
 * document's terms answer for every form, wildcards included. */
static shim_status termset_from_doc(shim_doc *doc, termset *ts)
{
    shim_termlist *tl = NULL;
    shim_status st = shim_doc_terms(doc, &tl);
    if (st != SHIM_OK)
        return st;
    ts->terms = calloc(shim_termlist_size(tl) + 1, sizeof *ts->terms);
    const char *term;
    uint32_t freq;
    while (ts->terms && shim_termlist_next(tl, &term, &freq)) {
        if (!(ts->terms[ts->n] = strdup(term)))
            break;
        ts->n++;
    }
    int complete = ts->terms && ts->n == shim_termlist_size(tl);
    shim_termlist_free(tl);
    if (!complete) {
        termset_clear(ts);
        return SHIM_ERR_NOMEM;
    }
    qsort(ts->terms, ts->n, sizeof *ts->terms, cmp_str);
    return SHIM_OK;
}

/* Whether every hit of qb's query is known to match every unit that is not
 * negated, in its one form: then which forms a hit matched needs no look
 * at its terms (a phrase, plain words, "care": most queries). */
static int units_certain(const qbuild_result *qb)
{
    for (size_t u = 0; u < qb->n_units; u++) {
        const qbuild_unit *unit = &qb->units[u];
        if (!unit->negated && !(unit->required && unit->n_forms == 1))
            return 0;
    }
    return 1;
}

/* Record which forms matched, and how many units. tsp NULL: the hit is
 * known to match every unit (units_certain). */
static shim_status match_forms(const termset *tsp, const qbuild_result *qb,
                               search_hit *h)
{
    shim_status st = SHIM_OK;
    for (size_t u = 0; u < qb->n_units && st == SHIM_OK; u++) {
        const qbuild_unit *unit = &qb->units[u];
        if (unit->negated)
            continue;
        int any = 0;
        for (size_t f = 0; f < unit->n_forms; f++) {
            if (!tsp || form_matched(tsp, &unit->forms[f])) {
                any = 1;
                if (add_label(h, unit->forms[f].label) != 0)
                    st = SHIM_ERR_NOMEM;
            }
        }
        h->units_matched += (size_t)any;
    }
    return st;
}

shim_status hits_count_units(shim_enquire *enq, const qbuild_result *qb,
                             uint32_t docid, size_t *units)
{
    termset ts = {0};
    *units = 0;
    shim_status st = termset_load(enq, docid, &ts);
    if (st != SHIM_OK)
        return st;
    for (size_t u = 0; u < qb->n_units; u++) {
        const qbuild_unit *unit = &qb->units[u];
        for (size_t f = 0; !unit->negated && f < unit->n_forms; f++) {
            if (form_matched(&ts, &unit->forms[f])) {
                (*units)++;
                break;
            }
        }
    }
    termset_clear(&ts);
    return SHIM_OK;
}

/* h from doc (freed here), whose docid and weight are sh's. */
static shim_status hit_fill(shim_enquire *enq, shim_mset *ms, shim_doc *doc, shim_hit sh,
                            const search_request *req, const qbuild_result *qb, int whole,
                            search_hit *h)
{
    const char *data;
    size_t len;
    shim_status st = shim_doc_data(doc, &data, &len);
    int dec = st == SHIM_OK ? record_decode(data, len, &h->rec) : 0;
    if (dec != 0)   /* -1: not a record this version can read */
        st = dec == -2 ? SHIM_ERR_NOMEM : SHIM_ERR_CORRUPT;
    termset ts = {0};
    int certain = whole && units_certain(qb);
    if (st == SHIM_OK && !certain)
        st = has_wildcard(qb) ? termset_from_doc(doc, &ts)
                              : termset_load(enq, sh.docid, &ts);
    shim_doc_free(doc);
    if (st != SHIM_OK)
        return st;
    h->docid = sh.docid;
    h->weight = sh.weight;
    st = shim_mset_snippet(ms, h->rec.text, strlen(h->rec.text), req->snippet_bytes,
                           req->hl_start, req->hl_end, "...", &h->snippet);
    if (st == SHIM_OK)
        st = match_forms(certain ? NULL : &ts, qb, h);
    termset_clear(&ts);
    return st;
}

shim_status hit_load(shim_enquire *enq, shim_mset *ms, size_t i,
                     const search_request *req, const qbuild_result *qb, int whole,
                     search_hit *h)
{
    shim_hit sh;
    shim_doc *doc = NULL;
    shim_status st = shim_mset_hit(ms, i, &sh);
    if (st == SHIM_OK)
        st = shim_mset_document(ms, i, &doc);
    return st == SHIM_OK ? hit_fill(enq, ms, doc, sh, req, qb, whole, h) : st;
}

shim_status hit_load_doc(shim_db *db, shim_enquire *enq, shim_mset *ms, uint32_t docid,
                         double weight, const search_request *req, const qbuild_result *qb,
                         int whole, search_hit *h)
{
    shim_hit sh = {.docid = docid, .weight = weight};
    shim_doc *doc = NULL;
    shim_status st = shim_db_document(db, docid, &doc);
    return st == SHIM_OK ? hit_fill(enq, ms, doc, sh, req, qb, whole, h) : st;
}

shim_status hits_from_mset(shim_enquire *enq, shim_mset *ms, const size_t *index, size_t n,
                           size_t first_rank, const search_request *req,
                           const qbuild_result *qb, search_hit *hits)
{
    for (size_t k = 0; k < n; k++) {
        memset(&hits[k], 0, sizeof hits[k]);
        hits[k].rank = first_rank + k;
        shim_status st = hit_load(enq, ms, index ? index[k] : k, req, qb, 1, &hits[k]);
        if (st != SHIM_OK) {
            for (size_t j = 0; j <= k; j++)
                hit_clear(&hits[j]);
            return st;
        }
    }
    return SHIM_OK;
}
