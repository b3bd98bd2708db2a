/*
 * bench_report.c: the benchmark's table, per-query detail and how the
 * figures stand against issue 6's targets. Reporting only: nothing here
 * decides success except bench_mismatches (a correctness matter: the same
 * query must find the same paragraphs).
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MB (1024.0 * 1024.0)

/* "2.10x faster" / "1.52x slower": how lasearch compares with a peer. */
static const char *versus(char *buf, size_t len, double ours, double theirs,
                          int lower_is_better, const char *better, const char *worse)
{
    if (ours <= 0 || theirs <= 0) {
        snprintf(buf, len, "-");
        return buf;
    }
    double r = lower_is_better ? theirs / ours : ours / theirs;
    if (r >= 1)
        snprintf(buf, len, "%.2fx %s", r, better);
    else
        snprintf(buf, len, "%.2fx %s", 1 / r, worse);
    return buf;
}

static const char *num(char *buf, size_t len, double v, int decimals)
{
    if (v <= 0 || isnan(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.*f", decimals, v);
    return buf;
}

static void row(const char *what, const double v[ENGINE_COUNT], int decimals,
                int lower_is_better, const char *better, const char *worse)
{
    char a[3][32], r1[48], r2[48];
    for (int e = 0; e < ENGINE_COUNT; e++)
        num(a[e], sizeof a[e], v[e], decimals);
    printf("| %-42s | %12s | %12s | %12s | %-15s | %-15s |\n", what, a[0], a[1], a[2],
           versus(r1, sizeof r1, v[0], v[1], lower_is_better, better, worse),
           versus(r2, sizeof r2, v[0], v[2], lower_is_better, better, worse));
}

static int counts_differ(const query_stats *s, const bench_query *q)
{
    const bench_answer *l = &s->answer[ENGINE_LASEARCH], *f = &s->answer[ENGINE_FTS5];
    return l->error || f->error || l->total != f->total ||
           (q->grouped && l->groups != f->groups);
}

size_t bench_mismatches(const query_run *qr)
{
    size_t n = 0;
    for (size_t i = 0; i < qr->n_queries; i++)
        n += qr->queries[i].same && counts_differ(&qr->stats[i], &qr->queries[i]);
    return n;
}

static void per_query(const query_run *qr)
{
    printf("\nPer query (matches: exact totals, lasearch/plain/FTS5; grouped: "
           "paragraphs in councils; p50 in ms):\n\n");
    printf("| %-20s | %-42s | %-30s | %8s | %8s | %8s | %-14s |\n", "kind", "query (lasearch)",
           "matches", "lasearch", "plain", "FTS5", "lasearch/FTS5");
    printf("|%s|%s|%s|%s|%s|%s|%s|\n", "----------------------",
           "--------------------------------------------", "--------------------------------",
           "----------", "----------", "----------", "----------------");
    for (size_t i = 0; i < qr->n_queries; i++) {
        const query_stats *s = &qr->stats[i];
        const bench_query *q = &qr->queries[i];
        double p50[ENGINE_COUNT];
        char m[ENGINE_COUNT][32], counts[100], r[48], t[ENGINE_COUNT][16];
        for (int e = 0; e < ENGINE_COUNT; e++) {
            double *tmp = malloc((s->n ? s->n : 1) * sizeof *tmp);
            if (tmp) {
                memcpy(tmp, s->ms[e], s->n * sizeof *tmp);
                p50[e] = bench_percentile(tmp, s->n, 50);
            } else {
                p50[e] = 0;
            }
            free(tmp);
            if (qr->skip[e])
                p50[e] = 0;
            num(t[e], sizeof t[e], p50[e], 2);
            const bench_answer *a = &s->answer[e];
            if (qr->skip[e])
                snprintf(m[e], sizeof m[e], "-");
            else if (a->error)
                snprintf(m[e], sizeof m[e], "error");
            else if (q->grouped)
                snprintf(m[e], sizeof m[e], "%u in %u", a->total, a->groups);
            else
                snprintf(m[e], sizeof m[e], "%u", a->total);
        }
        snprintf(counts, sizeof counts, "%s/%s/%s", m[0], m[1], m[2]);
        printf("| %-20s | %-42s | %-30s | %8s | %8s | %8s | %-14s |\n", q->label,
               q->lasearch, counts, t[0], t[1], t[2],
               versus(r, sizeof r, p50[0], p50[2], 1, "faster", "slower"));
    }
    printf("\nCounts:\n");
    for (size_t i = 0; i < qr->n_queries; i++) {
        const query_stats *s = &qr->stats[i];
        const bench_query *q = &qr->queries[i];
        int differ = counts_differ(s, q);
        int plain_differs = !qr->skip[ENGINE_PLAIN] &&
                            s->answer[ENGINE_PLAIN].total != s->answer[ENGINE_LASEARCH].total;
        if (!differ && !plain_differs && !q->note)
            continue;
        char plain[128] = "";
        if (plain_differs)
            snprintf(plain, sizeof plain, "(plain Xapian finds %u%s) ",
                     s->answer[ENGINE_PLAIN].total,
                     strchr(q->lasearch, '"') ? ": STEM_SOME phrases match unstemmed "
                                                "words only" : "");
        printf("  %-44s %s%s%s%s\n", q->lasearch,
               differ ? (q->same ? "MISMATCH lasearch/FTS5 " : "lasearch/FTS5 differ ")
                      : "lasearch = FTS5 ",
               plain, q->note ? "; " : "", q->note ? q->note : "");
    }
}

/* The update must leave every index answering like a build of the new
 * corpus: lasearch and FTS5 still agree. */
static void after_update(const query_run *qr)
{
    size_t bad = bench_mismatches(qr);
    if (!bad) {
        printf("After the update, lasearch and FTS5 still agree on every query that must "
               "agree.\n");
        return;
    }
    for (size_t i = 0; i < qr->n_queries; i++)
        if (qr->queries[i].same && counts_differ(&qr->stats[i], &qr->queries[i]))
            printf("MISMATCH after the update: %s: lasearch %u, FTS5 %u\n",
                   qr->queries[i].lasearch, qr->stats[i].answer[ENGINE_LASEARCH].total,
                   qr->stats[i].answer[ENGINE_FTS5].total);
}

static void targets(const bench_report *r)
{
    const engine_figures *l = &r->e[ENGINE_LASEARCH], *p = &r->e[ENGINE_PLAIN],
                         *f = &r->e[ENGINE_FTS5];
    printf("\nIssue 6 targets (stated for 1,000,000 paragraphs on 2 cores; "
           "this run: %zu paragraphs):\n", r->paragraphs);
    double speed = l->build_s > 0 && p->build_s > 0 ? p->build_s / l->build_s : 0;
    double cpu = l->build_cpu_s > 0 && p->build_cpu_s > 0 ? p->build_cpu_s / l->build_cpu_s : 0;
    if (p->built)
        printf("  full build >= 3x plain Xapian's throughput:  %.2fx  %s (CPU time: %.2fx)\n",
               speed, speed >= 3 ? "met" : "NOT met", cpu);
    else
        printf("  full build >= 3x plain Xapian's throughput:  not measured (--skip-plain)\n");
    printf("  build peak memory < 1 GiB:                   %.0f MB  %s\n",
           l->build_rss_kb / 1024.0, l->build_rss_kb < 1024L * 1024 ? "met" : "NOT met");
    double q50 = f->p50 > 0 ? l->p50 / f->p50 : 0, q99 = f->p99 > 0 ? l->p99 / f->p99 : 0;
    printf("  query p50, p99 <= half of FTS5's:            %.2f, %.2f of FTS5's  %s\n", q50,
           q99, q50 <= 0.5 && q99 <= 0.5 ? "met" : "NOT met");
    double b50 = p->p50 > 0 ? l->p50 / p->p50 : 0, b99 = p->p99 > 0 ? l->p99 / p->p99 : 0;
    if (p->built)
        printf("  query p50, p99 within 10%% of plain Xapian:   %.2f, %.2f of plain's  %s\n",
           b50, b99, b50 <= 1.1 && b99 <= 1.1 ? "met" : "NOT met");
    if (l->cli_p50 > 0)
        printf("  one-query command line < 20 ms (at 50,000):  %.1f ms  %s\n", l->cli_p50,
               r->paragraphs > 50000 ? "(the target is for 50,000 paragraphs)"
               : l->cli_p50 < 20     ? "met"
                                     : "NOT met");
    if (l->update_s > 0 && l->build_s > 0)
        printf("  update of 1%% of files < 5%% of a build:      %.1f%%  %s\n",
               100 * l->update_s / l->build_s,
               l->update_s / l->build_s < 0.05 ? "met" : "NOT met");
}

void bench_print_report(const bench_report *r)
{
    printf("\nlasearch-bench: %zu paragraphs in %zu files (%.1f MB of text), seed %lu; "
           "Xapian %s, SQLite %s\n",
           r->paragraphs, r->files, r->corpus_bytes / MB, r->seed, r->xapian, r->sqlite);
    printf("machine: %ld cores, load average %.2f at the start, %.2f at the end\n",
           r->cores, r->load[0], r->load[1]);
    printf("command: %s\n\n", r->command);
    printf("| %-42s | %12s | %12s | %12s | %-15s | %-15s |\n", "measure", "lasearch",
           "plain Xapian", "SQLite FTS5", "vs plain", "vs FTS5");
    printf("|%s|%s|%s|%s|%s|%s|\n", "--------------------------------------------",
           "--------------", "--------------", "--------------", "-----------------",
           "-----------------");
    double v[ENGINE_COUNT];
#define ROW(what, expr, dec, lower, better, worse)                     \
    do {                                                               \
        for (int e = 0; e < ENGINE_COUNT; e++) {                       \
            const engine_figures *x = &r->e[e];                        \
            v[e] = x->built ? (expr) : 0;                              \
        }                                                              \
        row(what, v, dec, lower, better, worse);                       \
    } while (0)
    ROW("full build (s)", x->build_s, 2, 1, "faster", "slower");
    ROW("full build, CPU time (s)", x->build_cpu_s, 2, 1, "less", "more");
    ROW("build throughput (paragraphs/s)", r->paragraphs / x->build_s, 0, 0, "faster",
        "slower");
    ROW("build throughput (MB/s)", r->corpus_bytes / MB / x->build_s, 2, 0, "faster",
        "slower");
    ROW("build peak memory (MB)", x->build_rss_kb / 1024.0, 0, 1, "less", "more");
    ROW("index size on disk (MB)", x->index_bytes / MB, 1, 1, "smaller", "larger");
    ROW("query latency p50 (ms)", x->p50, 3, 1, "faster", "slower");
    ROW("query latency p95 (ms)", x->p95, 3, 1, "faster", "slower");
    ROW("query latency p99 (ms)", x->p99, 3, 1, "faster", "slower");
    ROW("batch throughput (queries/s)", x->batch_qps, 0, 0, "faster", "slower");
    ROW("one query, command line, p50 (ms)", x->cli_p50, 2, 1, "faster", "slower");
    ROW("one query, command line, p95 (ms)", x->cli_p95, 2, 1, "faster", "slower");
    ROW("update 1% of files (s)", x->update_s, 3, 1, "faster", "slower");
    ROW("update 1% of files, CPU time (s)", x->update_cpu_s, 3, 1, "less", "more");
    ROW("update / full build (%)", x->update_s > 0 ? 100 * x->update_s / x->build_s : 0, 2,
        1, "less", "more");
#undef ROW
    if (r->one_shard_s > 0)
        printf("\nShards: lasearch above built %u shards, one thread each; with one shard "
               "the build takes %.2f s (CPU %.2f s, peak %.0f MB): the shards' threads "
               "make it %.2fx faster.\n", r->shards, r->one_shard_s, r->one_shard_cpu_s,
               r->one_shard_rss_kb / 1024.0, r->one_shard_s / r->e[ENGINE_LASEARCH].build_s);
    printf("\nReading and parsing the corpus alone takes %.2f s (%.0f paragraphs/s); "
           "every build above includes it.\n", r->parse_s,
           r->parse_s > 0 ? r->paragraphs / r->parse_s : 0);
    printf("Update: %zu files rewritten (1%%); lasearch %s, the peers delete and "
           "re-add those files' paragraphs.\n", r->update_files,
           r->update_incremental ? "updates (update_index: lasearch-index --update)"
                                 : "rebuilds everything (build_index)");
    if (r->qr)
        per_query(r->qr);
    if (r->after_update) {
        printf("\n");
        after_update(r->after_update);
    }
    targets(r);
}
