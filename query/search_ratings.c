/*
 * search_ratings.c: each council's overall rating, from the summary pages
 * in the index (see search_internal.h).
 *
 * A rating is a fact about a council, stated once, on its summary page; the
 * question analysts ask ("what do councils rated Requires improvement say
 * about waiting lists?") is about every paragraph of those councils. So the
 * search core reads the summary pages' records once per index handle and
 * answers rating: as "the councils rated so", and gives every hit its
 * council's rating. Nothing is copied into the other paragraphs at build
 * time, so a new summary page rates a council's older pages at once.
 */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "record.h"
#include "schema.h"

/* More summary pages than councils in England, many times over. */
#define RATINGS_MAX_PAGES 10000

static council_rating *find(council_rating *v, size_t n, const char *authority)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].authority, authority) == 0)
            return &v[i];
    return NULL;
}

/* Record one summary paragraph's council and rating (a later page of the
 * same council, in index order, wins: a newer report replaces an older). */
static int note(search_index *ix, const para_record *rec)
{
    if (!rec->authority[0] || !rec->rating[0])
        return 0;
    council_rating *c = find(ix->ratings, ix->n_ratings, rec->authority);
    if (!c) {
        council_rating *v = realloc(ix->ratings, (ix->n_ratings + 1) * sizeof *v);
        if (!v)
            return -1;
        ix->ratings = v;
        c = &v[ix->n_ratings];
        c->authority = strdup(rec->authority);
        c->rating = NULL;
        c->indicative = 0;
        if (!c->authority)
            return -1;
        ix->n_ratings++;
    }
    char *r = strdup(rec->rating);
    if (!r)
        return -1;
    free(c->rating);
    c->rating = r;
    c->indicative = rec->indicative;
    return 0;
}

static shim_status read_summaries(search_index *ix)
{
    shim_query *q = NULL;
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    char term[64];
    snprintf(term, sizeof term, "%s%s", PREFIX_KIND, kind_name(KIND_SUMMARY));
    shim_status st = shim_query_term(term, 1, 0, &q);
    if (st == SHIM_OK)
        st = shim_enquire_new(ix->db, &enq);
    if (st == SHIM_OK)
        st = shim_enquire_set_query(enq, q);
    if (st == SHIM_OK)
        st = shim_enquire_set_sort(enq, SHIM_SORT_VALUE, SLOT_ORDER, 0);
    if (st == SHIM_OK)
        st = shim_enquire_run(enq, 0, RATINGS_MAX_PAGES, 0, &ms);
    for (size_t i = 0; st == SHIM_OK && i < shim_mset_size(ms); i++) {
        shim_doc *doc = NULL;
        const char *data;
        size_t len;
        para_record rec;
        st = shim_mset_document(ms, i, &doc);
        if (st == SHIM_OK)
            st = shim_doc_data(doc, &data, &len);
        int dec = st == SHIM_OK ? record_decode(data, len, &rec) : -1;
        if (dec == -2)
            st = SHIM_ERR_NOMEM;
        if (dec == 0) {
            if (note(ix, &rec) != 0)
                st = SHIM_ERR_NOMEM;
            record_clear(&rec);
        }
        shim_doc_free(doc);
    }
    shim_mset_free(ms);
    shim_enquire_free(enq);
    shim_query_free(q);
    return st;
}

int search_index_ratings(search_index *ix, char *err, size_t errlen)
{
    if (ix->ratings_read)
        return 0;
    shim_status st = read_summaries(ix);
    if (st == SHIM_ERR_NOMEM) {   /* perhaps ours: the shim's message may be another's */
        snprintf(err, errlen, "reading the councils' ratings: out of memory");
        return -1;
    }
    if (st != SHIM_OK) {
        snprintf(err, errlen, "reading the councils' ratings: %s (%s)",
                 shim_status_string(st), shim_last_error());
        return -1;
    }
    ix->ratings_read = 1;
    return 0;
}

const char *search_rating_of(const search_index *ix, const char *authority)
{
    const council_rating *c = find(ix->ratings, ix->n_ratings, authority);
    return c ? c->rating : NULL;
}

void search_ratings_free(search_index *ix)
{
    for (size_t i = 0; i < ix->n_ratings; i++) {
        free(ix->ratings[i].authority);
        free(ix->ratings[i].rating);
    }
    free(ix->ratings);
    ix->ratings = NULL;
    ix->n_ratings = 0;
    ix->ratings_read = 0;
}

/* Every hit without a rating of its own gets its council's. */
static int rate_hits(const search_index *ix, search_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        para_record *rec = &hits[i].rec;
        const council_rating *c = rec->authority[0]
                                      ? find(ix->ratings, ix->n_ratings, rec->authority)
                                      : NULL;
        if (!c || !c->rating)
            continue;
        /* A pilot council's rating is indicative, and so are its pages. */
        rec->indicative |= c->indicative;
        if (!rec->rating[0] && record_set(&rec->rating, c->rating, strlen(c->rating)) != 0)
            return -1;
    }
    return 0;
}

int search_rate_result(const search_index *ix, search_result *res)
{
    if (rate_hits(ix, res->hits, res->n_hits) != 0)
        return -1;
    for (size_t g = 0; g < res->n_groups; g++)
        if (rate_hits(ix, res->groups[g].hits, res->groups[g].n_hits) != 0)
            return -1;
    return 0;
}

/* The four ratings, best first: the order a rating facet lists them in. */
static const char *const rating_order[] = {"Outstanding", "Good", "Requires improvement",
                                           "Inadequate"};

int search_facet_ratings(const search_index *ix, const facet_count *auth, size_t n_auth,
                         facet_count **out, size_t *n)
{
    enum { N_RATINGS = sizeof rating_order / sizeof rating_order[0] };
    uint32_t counts[N_RATINGS + 1] = {0};   /* the last: a rating of another name */
    const char *other = NULL;
    for (size_t i = 0; i < n_auth; i++) {
        const char *r = auth[i].value[0] ? search_rating_of(ix, auth[i].value) : NULL;
        if (!r)
            continue;
        size_t k = 0;
        while (k < N_RATINGS && strcasecmp(r, rating_order[k]) != 0)
            k++;
        if (k == N_RATINGS)
            other = r;
        counts[k] += auth[i].count;
    }
    *out = calloc(N_RATINGS + 1, sizeof **out);
    *n = 0;
    if (!*out)
        return -1;
    for (size_t k = 0; k <= N_RATINGS; k++) {
        if (!counts[k])
            continue;
        facet_count *f = &(*out)[(*n)++];
        f->value = strdup(k < N_RATINGS ? rating_order[k] : other);
        f->count = counts[k];
        if (!f->value)
            return -1;   /* the caller frees what was made */
    }
    return 0;
}
