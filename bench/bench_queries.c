/*
 * bench_queries.c: the query set, and measuring it on the three engines.
 *
 * Each query is written once per engine with the same meaning: lasearch's
 * query language (its thesaurus expands acronyms: "Better Care Fund" also
 * finds BCF), and for the peers, which have no thesaurus, the expansion
 * written out. lasearch and FTS5 both stem phrases (lasearch indexes stems
 * with positions; FTS5's porter tokenizer stems every token), so they must
 * count the same matches ("same"); plain Xapian with STEM_SOME has
 * positions only for unstemmed words, so its phrases miss inflected forms
 * and its counts may be lower: that is the baseline's known difference.
 *
 * Timing is warm: each query runs once on each engine first (that run also
 * gives the counts), then `repeats` timed runs interleaved across engines
 * and queries, so no engine gets a cache the others did not.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

static char rare_plain[96], rare_match[96];

static bench_query queries[] = {
    {"phrase", "\"section 75\"", 0, "(or (phrase section 75) s75 (phrase s 75))",
     "\"section 75\" OR s75 OR \"s 75\"", NULL, 1, "thesaurus: s75, s.75"},
    {"phrase", "\"hospital discharge\"", 0, "(phrase hospital discharge)",
     "\"hospital discharge\"", NULL, 1, NULL},
    {"phrase", "\"continuing health care\"", 0,
     "(or (phrase continuing health care) chc (phrase continuing healthcare))",
     "\"continuing health care\" OR chc OR \"continuing healthcare\"", NULL, 1,
     "thesaurus: CHC, continuing healthcare"},
    {"phrase", "\"Better Care Fund\"", 0, "(or (phrase better care fund) bcf)",
     "\"better care fund\" OR bcf", NULL, 1, "thesaurus: BCF"},
    {"word, high frequency", "care", 0, "care", "care", NULL, 1, NULL},
    {"word, high frequency", "people", 0, "people", "people", NULL, 1, NULL},
    {"word, mid frequency", "reablement", 0, "(or reablement (phrase re ablement))",
     "reablement OR \"re ablement\"", NULL, 1, "thesaurus: re-ablement"},
    {"word, low frequency", "palliative", 0, "palliative", "palliative", NULL, 1, NULL},
    {"word, rare", NULL, 0, rare_plain, rare_match, NULL, 1, "a made-up word"},
    {"boolean", "carers AND (respite OR breaks)", 0, "(and carers (or respite breaks))",
     "carers AND (respite OR breaks)", NULL, 1, NULL},
    {"boolean", "safeguarding NOT police", 0, "(not safeguarding police)",
     "safeguarding NOT police", NULL, 1, NULL},
    {"boolean", "hospital OR discharge", 0, "(or hospital discharge)",
     "hospital OR discharge", NULL, 1, NULL},
    {"boolean", "\"mental health\" AND housing", 0,
     "(and (or (phrase mental health) mh) housing)",
     "(\"mental health\" OR mh) AND housing", NULL, 1, "thesaurus: MH"},
    {"wildcard", "partner*", 0, "(wild partner)", "partner*", NULL, 0,
     "lasearch and Xapian expand unstemmed words, FTS5 stems"},
    {"facet", "section:safeguarding waiting", 0, "(filter waiting XSECTsafeguarding)",
     "waiting", "section = 'Safeguarding'", 1, NULL},
    {"facet", "kind:self-assessment \"hospital discharge\"", 0,
     "(filter (phrase hospital discharge) XKINDself-assessment)", "\"hospital discharge\"",
     "kind = 'self-assessment'", 1, NULL},
    {"facet", "score:4 carers", 0, "(filter carers XSCORE4)", "carers", "score = 4", 1,
     NULL},
    {"facet", "score:1..2 section:safeguarding staff", 0,
     "(filter staff (or XSCORE1 XSCORE2) XSECTsafeguarding)", "staff",
     "score <= 2 AND section = 'Safeguarding'", 1, NULL},
    {"grouped by council", "\"hospital discharge\"", 1, "(phrase hospital discharge)",
     "\"hospital discharge\"", NULL, 1, NULL},
    {"grouped by council", "safeguarding", 1, "safeguarding", "safeguarding", NULL, 1,
     NULL},
};

size_t bench_queries(const bench_query **out, const char *rare_word)
{
    static char rare_lasearch[96];
    snprintf(rare_lasearch, sizeof rare_lasearch, "%s", rare_word);
    snprintf(rare_plain, sizeof rare_plain, "%s", rare_word);
    snprintf(rare_match, sizeof rare_match, "%s", rare_word);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        if (!queries[i].lasearch)
            queries[i].lasearch = rare_lasearch;
    *out = queries;
    return sizeof queries / sizeof queries[0];
}

typedef struct engines {
    search_index *ix;
    plain_engine *plain;
    fts5_engine *fts5;
} engines;

static void run_one(engines *en, int engine, const bench_query *q, bench_answer *a,
                    int verbose)
{
    memset(a, 0, sizeof *a);
    if (engine == ENGINE_PLAIN) {
        plain_run(en->plain, q->plain, q->grouped, a);
    } else if (engine == ENGINE_FTS5) {
        fts5_run(en->fts5, q->match, q->where, q->grouped, a);
    } else {
        search_request req;
        search_result res;
        qerror err;
        search_request_init(&req, q->lasearch);
        req.by_authority = q->grouped;
        a->error = search_run(en->ix, &req, &res, &err) != SEARCH_OK;
        a->total = res.total;
        a->groups = res.n_group_total;
        if (verbose)
            fprintf(stderr, "lasearch: %s -> %s%s%s\n", q->lasearch,
                    res.xapian ? res.xapian : "", a->error ? ": " : "",
                    a->error ? err.message : "");
        search_result_clear(&res);
    }
}

int bench_run_queries(query_run *qr, char *err, size_t errlen)
{
    engines en = {0};
    int rc = -1;
    if (search_index_open(qr->lasearch_index, &en.ix, err, errlen) != 0 ||
        (!qr->skip[ENGINE_PLAIN] && plain_open(qr->plain_db, &en.plain, err, errlen) != 0) ||
        fts5_open(qr->fts5_db, &en.fts5, err, errlen) != 0)
        goto out;
    /* repeats 0: the answers only (untimed) */
    size_t n = qr->n_queries, reps = qr->repeats;
    qr->stats = calloc(n, sizeof *qr->stats);
    if (!qr->stats)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        for (int e = 0; e < ENGINE_COUNT; e++)
            if (!(qr->stats[i].ms[e] = calloc(reps ? reps : 1, sizeof(double))))
                goto nomem;
    /* warm-up, and the answers */
    for (size_t i = 0; i < n; i++)
        for (int e = 0; e < ENGINE_COUNT; e++)
            if (!qr->skip[e])
                run_one(&en, e, &qr->queries[i], &qr->stats[i].answer[e],
                        qr->verbose && e == 0);
    for (size_t r = 0; r < reps; r++)
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < ENGINE_COUNT; k++) {
                int e = (int)((k + r + i) % ENGINE_COUNT);   /* rotate who goes first */
                bench_answer a;
                qr->stats[i].n = r + 1;
                if (qr->skip[e])
                    continue;
                double t0 = bench_now();
                run_one(&en, e, &qr->queries[i], &a, 0);
                qr->stats[i].ms[e][r] = (bench_now() - t0) * 1000.0;
            }
    /* batch throughput: the whole set, back to back, per engine */
    for (int e = 0; e < ENGINE_COUNT; e++) {
        if (qr->skip[e])
            continue;
        double t0 = bench_now();
        for (size_t r = 0; r < qr->batch_rounds; r++)
            for (size_t i = 0; i < n; i++) {
                bench_answer a;
                run_one(&en, e, &qr->queries[i], &a, 0);
            }
        double t = bench_now() - t0;
        qr->batch_qps[e] = t > 0 ? (double)(qr->batch_rounds * n) / t : 0;
    }
    rc = 0;
    goto out;
nomem:
    snprintf(err, errlen, "out of memory");
out:
    search_index_free(en.ix);
    plain_close(en.plain);
    fts5_close(en.fts5);
    return rc;
}

void bench_query_run_clear(query_run *qr)
{
    for (size_t i = 0; qr->stats && i < qr->n_queries; i++)
        for (int e = 0; e < ENGINE_COUNT; e++)
            free(qr->stats[i].ms[e]);
    free(qr->stats);
    qr->stats = NULL;
}
