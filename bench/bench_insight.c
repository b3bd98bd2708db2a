/*
 * bench_insight.c: lasearch-bench --insight: the answers over every match
 * (--significant, --pivot) timed in process on the benchmark's corpus,
 * each request run `repeat` times on one open index (warm, as a server
 * would run them); the median and the slowest run.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "pivot.h"
#include "significant.h"

typedef struct insight_case {
    const char *what;        /* "significant" or "pivot" */
    const char *query;
    const char *background;  /* significant: --vs (NULL: the rest) */
    const char *rows, *columns;  /* pivot */
} insight_case;

static const insight_case cases[] = {
    {"significant", "section:safeguarding score:4", NULL, NULL, NULL},
    {"significant", "section:safeguarding score:4", "section:safeguarding score:1..2", NULL,
     NULL},
    {"significant", "\"hospital discharge\"", NULL, NULL, NULL},
    {"significant", "kind:assessment", NULL, NULL, NULL},
    {"pivot", "kind:assessment", NULL, "section", "score"},
    {"pivot", "care", NULL, "authority", "score"},
    {"pivot", "\"hospital discharge\"", NULL, "rating", "section"},
};

/* One run of c: seconds, and what it read (paragraphs, items). */
static int run_case(search_index *ix, const insight_case *c, double *secs, double *cpu,
                    uint32_t *read, size_t *items, char *err, size_t errlen)
{
    search_request base;
    search_request_init(&base, c->query);
    qerror qe;
    double t0 = bench_now(), c0 = bench_cpu(RUSAGE_SELF);
    search_status ss;
    if (strcmp(c->what, "significant") == 0) {
        significant_request sr = {.base = &base, .background = c->background};
        significant_result res;
        ss = significant_run(ix, &sr, &res, &qe);
        *read = res.foreground_examined + res.background_examined;
        *items = res.n_items;
        significant_result_clear(&res);
    } else {
        pivot_request pr = {.base = &base, .rows = pivot_dimension_from_name(c->rows),
                            .columns = pivot_dimension_from_name(c->columns)};
        pivot_result res;
        ss = pivot_run(ix, &pr, &res, &qe);
        *read = res.total;
        *items = res.rows.n * res.columns.n;
        pivot_result_clear(&res);
    }
    *secs = bench_now() - t0;
    *cpu = bench_cpu(RUSAGE_SELF) - c0;
    if (ss != SEARCH_OK) {
        snprintf(err, errlen, "%s '%s': %s", c->what, c->query, qe.message);
        return -1;
    }
    return 0;
}

int bench_insight(const char *index, size_t paragraphs, size_t repeat, char *err,
                  size_t errlen)
{
    search_index *ix = NULL;
    if (search_index_open(index, &ix, err, errlen) != 0)
        return -1;
    double *samples = calloc(repeat ? repeat : 1, sizeof *samples);
    double *cpus = calloc(repeat ? repeat : 1, sizeof *cpus);
    int rc = samples && cpus ? 0 : -1;
    printf("lasearch-bench --insight: %zu paragraphs, %zu runs each (warm, one thread)\n\n",
           paragraphs, repeat);
    printf("%-12s %-60s %10s %8s %9s %9s %9s\n", "answer", "request", "read", "rows",
           "p50 ms", "max ms", "cpu ms");
    for (size_t k = 0; rc == 0 && k < sizeof cases / sizeof *cases; k++) {
        const insight_case *c = &cases[k];
        uint32_t read = 0;
        size_t items = 0;
        double ignored, ignored_cpu;
        /* one untimed run: the first touches the index's pages */
        rc = run_case(ix, c, &ignored, &ignored_cpu, &read, &items, err, errlen);
        for (size_t i = 0; rc == 0 && i < repeat; i++)
            rc = run_case(ix, c, &samples[i], &cpus[i], &read, &items, err, errlen);
        if (rc != 0)
            break;
        char request[128];
        if (c->rows)
            snprintf(request, sizeof request, "--pivot %s,%s '%s'", c->rows, c->columns,
                     c->query);
        else if (c->background)
            snprintf(request, sizeof request, "--vs '%s' '%s'", c->background, c->query);
        else
            snprintf(request, sizeof request, "'%s'", c->query);
        double max = 0;
        for (size_t i = 0; i < repeat; i++)
            max = samples[i] > max ? samples[i] : max;
        printf("%-12s %-60s %10u %8zu %9.1f %9.1f %9.1f\n", c->what, request, read, items,
               bench_percentile(samples, repeat, 50) * 1000, max * 1000,
               bench_percentile(cpus, repeat, 50) * 1000);
    }
    double load[3] = {0};
    getloadavg(load, 3);
    printf("\nread: paragraphs read (significant: both sides, at most %d a side) or "
           "counted (pivot); rows: phrases kept, or cells; cpu: user + system time "
           "(p50), which other work on the machine inflates less than wall time; "
           "load average now %.2f\n", SIGNIFICANT_DEFAULT_MAX_PARAGRAPHS, load[0]);
    free(samples);
    free(cpus);
    search_index_free(ix);
    return rc;
}
