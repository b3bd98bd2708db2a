/*
 * search_pivot.c: counts side by side (see pivot.h). Every match's values
 * are read from the value slots in one sweep per slot (shim_mset_values),
 * each mapped to its row and column, and counted.
 */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pivot.h"
#include "schema.h"

/* What a dimension's cell value is, from its slot's value. */
typedef const char *(*pivot_value_fn)(const search_index *ix, const char *slot_value);

/* A council's overall rating, from its name. */
static const char *rating_of(const search_index *ix, const char *authority)
{
    const char *r = authority[0] ? search_rating_of(ix, authority) : NULL;
    return r ? r : "";
}

/* The dimensions: a new one (a value slot that holds its display form,
 * or a function of one) is one line here. */
static const struct pivot_dimension {
    const char *name;
    unsigned slot;
    pivot_value_fn value;   /* NULL: the slot's value as it is */
    size_t cut;             /* > 0: only its first cut bytes (a date's year) */
} dimensions[] = {
    {"authority", SLOT_AUTHORITY, NULL, 0},
    {"section", SLOT_SECTION, NULL, 0},
    {"theme", SLOT_THEME, NULL, 0},
    {"score", SLOT_SCORE, NULL, 0},
    {"rating", SLOT_AUTHORITY, rating_of, 0},
    {"kind", SLOT_KIND, NULL, 0},
    {"published", SLOT_PUBLISHED, NULL, 4},   /* by year, as --facets published */
};
#define N_DIMENSIONS ((int)(sizeof dimensions / sizeof *dimensions))
#define DIM_AUTHORITY 0

int pivot_dimension_count(void)
{
    return N_DIMENSIONS;
}

const char *pivot_dimension_name(int d)
{
    return d >= 0 && d < N_DIMENSIONS ? dimensions[d].name : "";
}

int pivot_dimension_from_name(const char *name)
{
    /* The words people use for two of them, as --by takes "council". */
    if (strcmp(name, "council") == 0)
        name = "authority";
    else if (strcmp(name, "statement") == 0)
        name = "section";
    for (int d = 0; d < N_DIMENSIONS; d++)
        if (strcmp(name, dimensions[d].name) == 0)
            return d;
    return -1;
}

/* Values in byte order, "" (no value) last. */
static int cmp_value(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    if (!x[0] || !y[0])
        return !x[0] - !y[0];
    return strcmp(x, y);
}

/* Each match's cell value for dimension d into v[0..n) (borrowed from
 * raw, or from the index's tables). */
static void cell_values(const search_index *ix, int d, char **raw, size_t n, const char **v)
{
    size_t cut = dimensions[d].cut;
    for (size_t i = 0; i < n; i++) {
        if (cut && strlen(raw[i]) > cut)
            raw[i][cut] = '\0';
        v[i] = dimensions[d].value ? dimensions[d].value(ix, raw[i]) : raw[i];
    }
}

/* The distinct values of v[0..n), sorted, into ax->values (copies); each
 * v[i]'s index into idx[i]. 0, or -1 out of memory. */
static int make_axis(const char **v, size_t n, pivot_axis *ax, uint32_t *idx)
{
    const char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    memcpy(sorted, v, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_value);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || strcmp(sorted[k - 1], sorted[i]) != 0)
            sorted[k++] = sorted[i];
    ax->values = calloc(k ? k : 1, sizeof *ax->values);
    ax->counts = calloc(k ? k : 1, sizeof *ax->counts);
    int rc = ax->values && ax->counts ? 0 : -1;
    for (size_t i = 0; i < k && rc == 0; i++, ax->n++)
        if (!(ax->values[i] = strdup(sorted[i])))
            rc = -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *key = v[i];
        const char **hit = bsearch(&key, sorted, k, sizeof *sorted, cmp_value);
        idx[i] = (uint32_t)(hit - sorted);
    }
    free(sorted);
    return rc;
}

/* Council bit sets: one per cell, row, column and the whole. */
typedef struct council_sets {
    uint64_t *bits;
    size_t words;       /* uint64_t a set */
} council_sets;

static void set_add(council_sets *cs, size_t set, uint32_t council)
{
    cs->bits[set * cs->words + council / 64] |= (uint64_t)1 << (council % 64);
}

static uint32_t set_size(const council_sets *cs, size_t set)
{
    uint32_t n = 0;
    for (size_t w = 0; w < cs->words; w++)
        n += (uint32_t)__builtin_popcountll(cs->bits[set * cs->words + w]);
    return n;
}

/* Councils per cell, row, column and in all, from each match's council
 * (v[i], "" none). 0, or -1 out of memory. */
static int count_councils(pivot_result *res, const uint32_t *ri, const uint32_t *ci,
                          const char **v, size_t n)
{
    pivot_axis ca = {0};
    uint32_t *cidx = malloc((n ? n : 1) * sizeof *cidx);
    if (!cidx || make_axis(v, n, &ca, cidx) != 0) {
        free(cidx);
        for (size_t i = 0; i < ca.n; i++)
            free(ca.values[i]);
        free(ca.values);
        free(ca.counts);
        return -1;
    }
    size_t nr = res->rows.n, nc = res->columns.n;
    size_t sets = nr * nc + nr + nc + 1;
    council_sets cs = {NULL, (ca.n + 63) / 64 + 1};
    cs.bits = calloc(sets * cs.words, sizeof *cs.bits);
    res->cell_councils = calloc(nr * nc > 0 ? nr * nc : 1, sizeof *res->cell_councils);
    res->rows.councils = calloc(nr ? nr : 1, sizeof *res->rows.councils);
    res->columns.councils = calloc(nc ? nc : 1, sizeof *res->columns.councils);
    int rc = cs.bits && res->cell_councils && res->rows.councils && res->columns.councils
                 ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!ca.values[cidx[i]][0])
            continue;   /* no council: counted, but not a council */
        set_add(&cs, ri[i] * nc + ci[i], cidx[i]);
        set_add(&cs, nr * nc + ri[i], cidx[i]);
        set_add(&cs, nr * nc + nr + ci[i], cidx[i]);
        set_add(&cs, sets - 1, cidx[i]);
    }
    for (size_t s = 0; s < nr * nc && rc == 0; s++)
        res->cell_councils[s] = set_size(&cs, s);
    for (size_t r = 0; r < nr && rc == 0; r++)
        res->rows.councils[r] = set_size(&cs, nr * nc + r);
    for (size_t c = 0; c < nc && rc == 0; c++)
        res->columns.councils[c] = set_size(&cs, nr * nc + nr + c);
    if (rc == 0)
        res->councils = set_size(&cs, sets - 1);
    free(cs.bits);
    free(cidx);
    for (size_t i = 0; i < ca.n; i++)
        free(ca.values[i]);
    free(ca.values);
    free(ca.counts);
    return rc;
}

/* Read slot for the n matches of ms (docids), as cell values. */
static shim_status read_slot(shim_mset *ms, unsigned slot, const uint32_t *docids, size_t n,
                             char ***raw)
{
    *raw = calloc(n ? n : 1, sizeof **raw);
    size_t *lens = malloc((n ? n : 1) * sizeof *lens);
    shim_status st = *raw && lens ? SHIM_OK : SHIM_ERR_NOMEM;
    if (st == SHIM_OK && n)
        st = shim_mset_values(ms, slot, docids, n, *raw, lens);
    free(lens);
    return st;
}

static void free_slot(char **raw, size_t n)
{
    for (size_t i = 0; raw && i < n; i++)
        free(raw[i]);
    free(raw);
}

static search_status count_set(run *r, const pivot_request *req, shim_mset *ms,
                               pivot_result *res)
{
    size_t n = shim_mset_size(ms);
    res->total = (uint32_t)n;   /* what the cells add up to, also if cut short */
    uint32_t *docids = malloc((n ? n : 1) * sizeof *docids);
    uint32_t *ri = malloc((n ? n : 1) * sizeof *ri), *ci = malloc((n ? n : 1) * sizeof *ci);
    const char **rv = malloc((n ? n : 1) * sizeof *rv), **cv = malloc((n ? n : 1) * sizeof *cv);
    const char **av = malloc((n ? n : 1) * sizeof *av);
    char **rraw = NULL, **craw = NULL, **araw = NULL;
    shim_status st = docids && ri && ci && rv && cv && av ? SHIM_OK : SHIM_ERR_NOMEM;
    for (size_t i = 0; i < n && st == SHIM_OK; i++) {
        shim_hit h;
        st = shim_mset_hit(ms, i, &h);
        docids[i] = h.docid;
    }
    /* The values are read in docid order, a chunk of the table at once. */
    if (st == SHIM_OK)
        st = read_slot(ms, dimensions[req->rows].slot, docids, n, &rraw);
    if (st == SHIM_OK)
        st = read_slot(ms, dimensions[req->columns].slot, docids, n, &craw);
    if (st == SHIM_OK && res->has_councils)
        st = read_slot(ms, SLOT_AUTHORITY, docids, n, &araw);
    int nomem = 0;
    if (st == SHIM_OK) {
        cell_values(r->ix, req->rows, rraw, n, rv);
        cell_values(r->ix, req->columns, craw, n, cv);
        nomem = make_axis(rv, n, &res->rows, ri) != 0 ||
                make_axis(cv, n, &res->columns, ci) != 0;
    }
    size_t nr = res->rows.n, nc = res->columns.n;
    if (st == SHIM_OK && !nomem)
        nomem = !(res->cells = calloc(nr * nc > 0 ? nr * nc : 1, sizeof *res->cells));
    for (size_t i = 0; st == SHIM_OK && !nomem && i < n; i++) {
        res->cells[ri[i] * nc + ci[i]]++;
        res->rows.counts[ri[i]]++;
        res->columns.counts[ci[i]]++;
    }
    if (st == SHIM_OK && !nomem && res->has_councils) {
        for (size_t i = 0; i < n; i++)
            av[i] = araw[i];
        nomem = count_councils(res, ri, ci, av, n) != 0;
    }
    free_slot(rraw, n);
    free_slot(craw, n);
    free_slot(araw, n);
    free(docids);
    free(ri);
    free(ci);
    free(rv);
    free(cv);
    free(av);
    if (st == SHIM_OK && nomem)
        st = SHIM_ERR_NOMEM;
    return st == SHIM_OK ? SEARCH_OK : search_index_error(r, "counting", st);
}

search_status pivot_run(search_index *ix, const pivot_request *req, pivot_result *res,
                        qerror *err)
{
    memset(res, 0, sizeof *res);
    memset(err, 0, sizeof *err);
    if (req->rows < 0 || req->rows >= N_DIMENSIONS || req->columns < 0 ||
        req->columns >= N_DIMENSIONS || req->rows == req->columns) {
        snprintf(err->message, sizeof err->message,
                 "a pivot needs two different dimensions");
        return SEARCH_QUERY_ERROR;
    }
    res->rows.dimension = req->rows;
    res->columns.dimension = req->columns;
    res->has_councils = req->rows != DIM_AUTHORITY && req->columns != DIM_AUTHORITY;
    search_request base;
    if (search_limits_counting(ix, req->base, &base, err) != 0)
        return SEARCH_QUERY_ERROR;
    search_result scratch = {0};   /* only its incomplete flag is used */
    run r = {.ix = ix, .req = &base, .res = &scratch, .err = err};
    char *q = NULL;
    qnode *tree = NULL;
    search_status ss = search_prepare(&r, base.query, &q, &tree);
    if (ss == SEARCH_OK && (dimensions[req->rows].value || dimensions[req->columns].value) &&
        search_index_ratings(ix, err->message, sizeof err->message) != 0) {
        err->kind = QERR_INDEX;
        ss = SEARCH_INDEX_ERROR;
    }
    if (ss == SEARCH_OK) {
        shim_enquire *enq = NULL;
        shim_mset *ms = NULL;
        shim_status st = search_set_run(&r, r.qb.query, ix->doccount, 0, &enq, &ms,
                                        &res->total);
        ss = st == SHIM_OK ? count_set(&r, req, ms, res) : search_index_error(&r, "counting", st);
        shim_mset_free(ms);
        shim_enquire_free(enq);
    }
    res->incomplete = scratch.incomplete;
    if (r.qb.query || r.qb.units)
        qbuild_result_clear(&r.qb);
    qnode_free(tree);
    free(q);
    return ss;
}

static void axis_clear(pivot_axis *ax)
{
    for (size_t i = 0; i < ax->n; i++)
        free(ax->values[i]);
    free(ax->values);
    free(ax->counts);
    free(ax->councils);
}

void pivot_result_clear(pivot_result *res)
{
    axis_clear(&res->rows);
    axis_clear(&res->columns);
    free(res->cells);
    free(res->cell_councils);
    memset(res, 0, sizeof *res);
}
