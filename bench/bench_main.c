/*
 * bench_main.c: lasearch-bench, lasearch against SQLite FTS5 and plain
 * Xapian on one generated corpus (see bench.h for the engines).
 *
 *   lasearch-bench [--paragraphs N] [--seed N] [--work DIR] [--repeat N]
 *                  [--batch-rounds N] [--cli-runs N] [--no-update] [--skip-plain]
 *                  [--no-one-shard] [--verbose]
 *   lasearch-bench --formats [--paragraphs N] [--seed N] [--work DIR]
 *
 * The run: generate the corpus (once per size and seed, kept in the work
 * directory), time reading and parsing it alone, build each engine's index
 * in a child process of its own, run the query set on all three, time
 * one-query command lines, rewrite 1% of the files and update each index,
 * then print the table. Exit status: 0; 3 when a query that must find the
 * same paragraphs on lasearch and FTS5 does not (a correctness failure, the
 * only thing the smoke test checks); 2 on errors.
 *
 * With --formats, the same corpus is indexed as text, HTML and PDF instead
 * (bench_formats.c), and lasearch's PDF reader is timed against pdftotext.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "layout.h"
#include "bench.h"
#include "gen.h"
#include "lasearch_shim.h"

typedef struct options {
    size_t paragraphs, repeat, batch_rounds, cli_runs;
    unsigned long seed;
    const char *work;
    int no_update, skip_plain, no_one_shard, verbose, formats, insight;
} options;

static char self[PATH_MAX];

static int die(const char *fmt, const char *what)
{
    fprintf(stderr, "lasearch-bench: ");
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    return 2;
}

/* Run ourselves as a child: --child cmd args... */
static int run_self(const char *cmd, const char *a, const char *b, char *const *more,
                    size_t n_more, child_result *out)
{
    char **argv = calloc(n_more + 6, sizeof *argv);
    if (!argv)
        return -1;
    size_t n = 0;
    argv[n++] = self;
    argv[n++] = (char *)"--child";
    argv[n++] = (char *)cmd;
    argv[n++] = (char *)a;
    if (b)
        argv[n++] = (char *)b;
    for (size_t i = 0; i < n_more; i++)
        argv[n++] = more[i];
    int rc = bench_run(argv, 0, out);
    free(argv);
    if (rc == 0 && out->status != 0)
        fprintf(stderr, "lasearch-bench: %s failed (status %d)\n", cmd, out->status);
    return rc == 0 && out->status == 0 ? 0 : -1;
}

/* ------------------------------------------------------- the phases -- */

/* The corpus directory holds a complete corpus of this generator when its
 * stamp names the generator's format (bench_stamp: written last, removed
 * while files are being rewritten). */
static int mark_complete(const char *corpus, int complete)
{
    char stamp[64];
    snprintf(stamp, sizeof stamp, "generator format %d", GEN_FORMAT);
    return bench_stamp(corpus, complete ? stamp : NULL);
}

static int corpus_ready(const char *corpus)
{
    char stamp[64];
    snprintf(stamp, sizeof stamp, "generator format %d", GEN_FORMAT);
    return bench_stamped(corpus, stamp);
}

/* Start-to-exit times of a one-query command, in ms. */
static void time_cli(char *const argv[], size_t runs, double *p50, double *p95)
{
    double *ms = calloc(runs, sizeof *ms);
    size_t n = 0;
    for (size_t i = 0; ms && i < runs; i++) {
        child_result r;
        if (bench_run(argv, 1, &r) == 0 && r.status <= 1)   /* 1: no match */
            ms[n++] = r.wall * 1000.0;
    }
    *p50 = n ? bench_percentile(ms, n, 50) : 0;
    *p95 = n ? bench_percentile(ms, n, 95) : 0;
    free(ms);
}

static void measure_cli(bench_report *rep, const options *o, const char *index,
                        const char *plain_db, const char *fts5_db)
{
    char *las[] = {(char *)LASEARCH_QUERY_BIN, (char *)"--index", (char *)index,
                   (char *)"\"hospital discharge\"", NULL};
    time_cli(las, o->cli_runs, &rep->e[ENGINE_LASEARCH].cli_p50,
             &rep->e[ENGINE_LASEARCH].cli_p95);
    char *plain[] = {self, (char *)"--child", (char *)"query-plain", (char *)plain_db,
                     (char *)"(phrase hospital discharge)", NULL};
    if (!o->skip_plain)
        time_cli(plain, o->cli_runs, &rep->e[ENGINE_PLAIN].cli_p50,
                 &rep->e[ENGINE_PLAIN].cli_p95);
    /* sqlite3's command-line shell, when installed: FTS5's one-query command */
    char *sqlite = bench_which("sqlite3");
    if (sqlite) {
        char *fts[] = {sqlite, (char *)fts5_db,
                       (char *)"SELECT count(*) FROM p WHERE p MATCH '\"hospital discharge\"';"
                               "SELECT id, authority, section, score, snippet(p, 0, '**',"
                               " '**', '...', 48) FROM p WHERE p MATCH"
                               " '\"hospital discharge\"' ORDER BY rank LIMIT 10;",
                       NULL};
        time_cli(fts, o->cli_runs, &rep->e[ENGINE_FTS5].cli_p50,
                 &rep->e[ENGINE_FTS5].cli_p95);
        free(sqlite);
    }
}

/* Rewrite 1% of the files (a new revision), update every index, time it,
 * then put the files back so the corpus stays the one its seed makes. */
static int measure_update(bench_report *rep, const options *o, gen_corpus *g,
                          const char *corpus, const char *index, const char *plain_db,
                          const char *fts5_db, query_run *after)
{
    size_t n = gen_file_count(g), k = 0;
    char **files = calloc(n / 100 + 2, sizeof *files);
    char err[512];
    if (!files)
        return die("%s", "out of memory");
    int rc = mark_complete(corpus, 0);
    for (size_t i = n > 100 ? 50 : 0; rc == 0 && i < n; i += 100) {
        files[k++] = (char *)gen_file_path(g, i);
        rc = gen_rewrite_file(g, corpus, i, 1, err, sizeof err);
    }
    rep->update_files = k;
    child_result r;
    if (rc == 0 && run_self("update-lasearch", corpus, index, NULL, 0, &r) == 0) {
        rep->e[ENGINE_LASEARCH].update_s = bench_value(&r, "seconds", 0);
        rep->e[ENGINE_LASEARCH].update_cpu_s = r.cpu;
        rep->update_incremental = bench_value(&r, "incremental", 0) != 0;
    }
    if (rc == 0 && !o->skip_plain &&
        run_self("update-plain", corpus, plain_db, files, k, &r) == 0) {
        rep->e[ENGINE_PLAIN].update_s = bench_value(&r, "seconds", 0);
        rep->e[ENGINE_PLAIN].update_cpu_s = r.cpu;
    }
    if (rc == 0 && run_self("update-fts5", corpus, fts5_db, files, k, &r) == 0) {
        rep->e[ENGINE_FTS5].update_s = bench_value(&r, "seconds", 0);
        rep->e[ENGINE_FTS5].update_cpu_s = r.cpu;
    }
    /* the updated indexes must answer as builds of the new corpus would */
    if (rc == 0 && bench_run_queries(after, err, sizeof err) != 0)
        rc = -1;
    for (size_t i = n > 100 ? 50 : 0; rc == 0 && i < n; i += 100)
        rc = gen_rewrite_file(g, corpus, i, 0, err, sizeof err);
    if (rc == 0)
        rc = mark_complete(corpus, 1);
    free(files);
    return rc == 0 ? 0 : die("updating the corpus: %s", err);
}

static int build_all(bench_report *rep, const options *o, const char *corpus,
                     const char *paths[ENGINE_COUNT])
{
    static const char *const cmds[ENGINE_COUNT] = {"build-lasearch", "build-plain",
                                                   "build-fts5"};
    for (int e = 0; e < ENGINE_COUNT; e++) {
        child_result r;
        if (e == ENGINE_PLAIN && o->skip_plain)
            continue;
        fprintf(stderr, "lasearch-bench: building %s...\n", bench_engine_names[e]);
        if (run_self(cmds[e], corpus, paths[e], NULL, 0, &r) != 0)
            return -1;
        engine_figures *f = &rep->e[e];
        f->built = 1;
        f->build_s = bench_value(&r, "seconds", r.wall);
        f->build_rss_kb = r.maxrss_kb;
        f->build_cpu_s = r.cpu;
        f->index_bytes = bench_disk_usage(paths[e]);
        if (e == ENGINE_LASEARCH)
            rep->shards = (unsigned)bench_value(&r, "shards", 1);
        if ((size_t)bench_value(&r, "paragraphs", 0) != rep->paragraphs)
            fprintf(stderr, "lasearch-bench: %s indexed %.0f paragraphs, not %zu\n",
                    bench_engine_names[e], bench_value(&r, "paragraphs", 0),
                    rep->paragraphs);
    }
    return 0;
}

/* lasearch again with one shard, beside the default build, for the
 * speed-up of the shards' threads; the index is removed afterwards. */
static int build_one_shard(bench_report *rep, const char *corpus, const char *work)
{
    if (rep->shards <= 1)
        return 0;
    char *index = path_join(work, "lasearch-index-1-shard");
    if (!index)
        return -1;
    fprintf(stderr, "lasearch-bench: building lasearch with one shard...\n");
    child_result r;
    int rc = run_self("build-lasearch-1", corpus, index, NULL, 0, &r);
    if (rc == 0) {
        rep->one_shard_s = bench_value(&r, "seconds", r.wall);
        rep->one_shard_cpu_s = r.cpu;
        rep->one_shard_rss_kb = r.maxrss_kb;
    }
    bench_remove_tree(index);
    free(index);
    return rc;
}

static void latency(bench_report *rep, const query_run *qr)
{
    for (int e = 0; e < ENGINE_COUNT; e++) {
        if (qr->skip[e])
            continue;
        size_t total = 0;
        for (size_t i = 0; i < qr->n_queries; i++)
            total += qr->stats[i].n;
        double *all = malloc((total ? total : 1) * sizeof *all);
        size_t k = 0;
        for (size_t i = 0; all && i < qr->n_queries; i++)
            for (size_t r = 0; r < qr->stats[i].n; r++)
                all[k++] = qr->stats[i].ms[e][r];
        engine_figures *f = &rep->e[e];
        f->p50 = bench_percentile(all, k, 50);
        f->p95 = bench_percentile(all, k, 95);
        f->p99 = bench_percentile(all, k, 99);
        f->batch_qps = qr->batch_qps[e];
        free(all);
    }
}

/* ------------------------------------------------------------- main -- */

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: lasearch-bench [--paragraphs N] [--seed N] [--work DIR] [--repeat N]\n"
            "                      [--batch-rounds N] [--cli-runs N] [--no-update] [--skip-plain]\n"
            "                      [--no-one-shard] [--verbose]\n"
            "       lasearch-bench --formats [--paragraphs N] [--seed N] [--work DIR]\n"
            "       lasearch-bench --insight [--paragraphs N] [--seed N] [--work DIR] [--repeat N]\n"
            "\n"
            "Generates a corpus of N paragraphs (default 50000; kept in the work directory\n"
            "for the next run), builds lasearch, plain-Xapian and SQLite FTS5 indexes of it,\n"
            "runs the same queries on all three and prints a table of build time, index\n"
            "size, peak memory, query latency, throughput, command-line time and update\n"
            "time, with lasearch's ratio to each peer.\n"
            "  --work DIR        where corpora and indexes go (default: work/ beside this\n"
            "                    program)\n"
            "  --repeat N        timed runs of each query on each engine (default: 20 at\n"
            "                    50,000 paragraphs, fewer for bigger corpora, at least 5)\n"
            "  --batch-rounds N  rounds of the whole query set for throughput\n"
            "  --cli-runs N      runs of each one-query command line (default 30)\n"
            "  --no-update       skip the update measurement\n"
            "  --skip-plain      leave the plain-Xapian baseline out (its build costs\n"
            "                    another 60%% of lasearch's: for quicker runs at 10^6)\n"
            "  --no-one-shard    skip building lasearch a second time with one shard (the\n"
            "                    speed-up of its default shards on this machine's cores)\n"
            "  --insight         instead: build lasearch's index of the corpus and time\n"
            "                    --significant and --pivot requests on it (--repeat\n"
            "                    runs each, default 5)\n"
            "  --formats         instead: index the corpus as text, as HTML and as PDF\n"
            "                    (rendered by the test suite's text2html.awk and mkpdf;\n"
            "                    PDF left out when mkpdf is not built) with lasearch-index,\n"
            "                    print each build's throughput, and time lasearch's PDF\n"
            "                    reader against pdftotext -layout on the same files\n"
            "Exit status: 0; 3 when lasearch and FTS5 count different matches for a\n"
            "query that must agree; 2 on errors.\n");
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-' || errno)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* 0 to run, 1 when --help was answered, -1 on a bad command line. */
static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"paragraphs", required_argument, NULL, 'p'}, {"seed", required_argument, NULL, 's'},
        {"work", required_argument, NULL, 'w'},       {"repeat", required_argument, NULL, 'r'},
        {"batch-rounds", required_argument, NULL, 'b'},
        {"cli-runs", required_argument, NULL, 'c'},   {"no-update", no_argument, NULL, 'U'},
        {"skip-plain", no_argument, NULL, 'P'},
        {"no-one-shard", no_argument, NULL, '1'},
        {"verbose", no_argument, NULL, 'v'},          {"help", no_argument, NULL, 'h'},
        {"formats", no_argument, NULL, 'F'},
        {"insight", no_argument, NULL, 'I'},
        {NULL, 0, NULL, 0}};
    int c;
    size_t seed = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'p': bad = parse_size(optarg, &o->paragraphs) || !o->paragraphs; break;
        case 's': bad = parse_size(optarg, &seed); o->seed = seed; break;
        case 'w': o->work = optarg; break;
        case 'r': bad = parse_size(optarg, &o->repeat) || !o->repeat; break;
        case 'b': bad = parse_size(optarg, &o->batch_rounds) || !o->batch_rounds; break;
        case 'c': bad = parse_size(optarg, &o->cli_runs); break;
        case 'U': o->no_update = 1; break;
        case 'P': o->skip_plain = 1; break;
        case '1': o->no_one_shard = 1; break;
        case 'v': o->verbose = 1; break;
        case 'F': o->formats = 1; break;
        case 'I': o->insight = 1; break;
        case 'h': usage(stdout); return 1;
        default: usage(stderr); return -1;
        }
        if (bad) {
            fprintf(stderr, "lasearch-bench: bad value '%s'\n", optarg);
            return -1;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return -1;
    }
    /* Enough samples for a p99 at 50,000 paragraphs, a bounded run at 10^6. */
    if (!o->repeat) {
        o->repeat = 1000000 / o->paragraphs;
        o->repeat = o->repeat < 5 ? 5 : o->repeat > 20 ? 20 : o->repeat;
    }
    if (!o->batch_rounds)
        o->batch_rounds = o->paragraphs <= 100000 ? 3 : 1;
    return 0;
}

static char *command_line(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = calloc(n, 1);
    for (int i = 0; s && i < argc; i++) {
        strcat(s, i ? " " : "");
        strcat(s, argv[i]);
    }
    return s;
}

/* Generate the corpus into dir unless a complete one of this generator is
 * there. 0, or -1 with err. */
static int ensure_corpus(gen_corpus *g, const char *dir, char *err, size_t errlen)
{
    if (corpus_ready(dir))
        return 0;
    fprintf(stderr, "lasearch-bench: generating %s...\n", dir);
    double t0 = bench_now();
    bench_remove_tree(dir);
    if (gen_write(g, dir, err, errlen) != 0)
        return -1;
    if (mark_complete(dir, 1) != 0) {
        snprintf(err, errlen, "cannot mark %s complete", dir);
        return -1;
    }
    fprintf(stderr, "lasearch-bench: generated in %.1f s\n", bench_now() - t0);
    return 0;
}

/* --insight: --significant and --pivot on the corpus (bench_insight.c).
 * The index is kept (work/insight-index-N-sS) and built only when it is
 * not there. */
static int run_insight(const options *o, size_t repeat)
{
    char sub[64], isub[64], err[1024];
    snprintf(sub, sizeof sub, "corpus-%zu-s%lu", o->paragraphs, o->seed);
    snprintf(isub, sizeof isub, "insight-index-%zu-s%lu", o->paragraphs, o->seed);
    char *corpus = path_join(o->work, sub), *index = path_join(o->work, isub);
    gen_options go = {.paragraphs = o->paragraphs, .seed = o->seed,
                      .seed_corpus = LASEARCH_SEED_CORPUS};
    gen_corpus *g = NULL;
    int rc = 2;
    mkdir(o->work, 0777);
    if (!corpus || !index || gen_new(&go, &g, err, sizeof err) != 0) {
        die("%s", corpus && index ? err : "out of memory");
        goto out;
    }
    if (ensure_corpus(g, corpus, err, sizeof err) != 0) {
        die("%s", err);
        goto out;
    }
    struct stat st;
    child_result r;
    char *stub = path_join(index, LAYOUT_STUB_NAME);
    int have = stub && stat(stub, &st) == 0;
    free(stub);
    if (!have) {
        fprintf(stderr, "lasearch-bench: building lasearch's index...\n");
        if (run_self("build-lasearch", corpus, index, NULL, 0, &r) != 0)
            goto out;
        fprintf(stderr, "lasearch-bench: built in %.1f s\n", bench_value(&r, "seconds", r.wall));
    }
    if (bench_insight(index, o->paragraphs, repeat, err, sizeof err) != 0) {
        die("%s", err);
        goto out;
    }
    rc = 0;
out:
    gen_free(g);
    free(corpus);
    free(index);
    return rc;
}

/* --formats: the corpus as text, HTML and PDF (bench_formats.c). */
static int run_formats(const options *o, const char *command)
{
    char sub[64], err[1024];
    snprintf(sub, sizeof sub, "corpus-%zu-s%lu", o->paragraphs, o->seed);
    char *corpus = path_join(o->work, sub);
    gen_options go = {.paragraphs = o->paragraphs, .seed = o->seed,
                      .seed_corpus = LASEARCH_SEED_CORPUS};
    gen_corpus *g = NULL;
    char **files = NULL;
    size_t n = 0;
    int rc = 2;
    formats_report rep = {.command = command, .seed = o->seed, .poppler = LASEARCH_POPPLER,
                          .cores = sysconf(_SC_NPROCESSORS_ONLN)};
    mkdir(o->work, 0777);
    if (!corpus || gen_new(&go, &g, err, sizeof err) != 0) {
        die("%s", corpus ? err : "out of memory");
        goto out;
    }
    if (ensure_corpus(g, corpus, err, sizeof err) != 0) {
        die("%s", err);
        goto out;
    }
    /* the documents' names, so the generator's plan can go before timing */
    n = gen_file_count(g);
    files = calloc(n ? n : 1, sizeof *files);
    for (size_t i = 0; files && i < n; i++)
        if (!(files[i] = strdup(gen_file_path(g, i)))) {
            n = i;
            die("%s", "out of memory");
            goto out;
        }
    gen_free(g);
    g = NULL;
    getloadavg(&rep.load[0], 1);
    if (!files || bench_formats(corpus, o->work, files, n, &rep, err, sizeof err) != 0) {
        die("%s", files ? err : "out of memory");
        goto out;
    }
    getloadavg(&rep.load[1], 1);
    bench_print_formats(&rep);
    rc = 0;
out:
    for (size_t i = 0; files && i < n; i++)
        free(files[i]);
    free(files);
    gen_free(g);
    free(corpus);
    return rc;
}

static int run(const options *o, bench_report *rep)
{
    char sub[64], err[1024];
    snprintf(sub, sizeof sub, "corpus-%zu-s%lu", o->paragraphs, o->seed);
    char *corpus = path_join(o->work, sub), *index = path_join(o->work, "lasearch-index"),
         *plain = path_join(o->work, "plain.xapian"), *fts5 = path_join(o->work, "fts5.db");
    gen_options go = {.paragraphs = o->paragraphs, .seed = o->seed,
                      .seed_corpus = LASEARCH_SEED_CORPUS};
    gen_corpus *g = NULL;
    query_run qr = {0}, after = {0};
    int rc = 2;
    mkdir(o->work, 0777);
    if (!corpus || !index || !plain || !fts5 || gen_new(&go, &g, err, sizeof err) != 0) {
        die("%s", corpus ? err : "out of memory");
        goto out;
    }
    if (ensure_corpus(g, corpus, err, sizeof err) != 0) {
        die("%s", err);
        goto out;
    }
    child_result r;
    if (run_self("parse", corpus, NULL, NULL, 0, &r) != 0)
        goto out;
    rep->paragraphs = (size_t)bench_value(&r, "paragraphs", 0);
    rep->corpus_bytes = (uint64_t)bench_value(&r, "bytes", 0);
    rep->parse_s = bench_value(&r, "seconds", 0);
    rep->files = gen_file_count(g);
    const char *paths[ENGINE_COUNT] = {index, plain, fts5};
    if (build_all(rep, o, corpus, paths) != 0 ||
        (!o->no_one_shard && build_one_shard(rep, corpus, o->work) != 0))
        goto out;
    fprintf(stderr, "lasearch-bench: querying...\n");
    char rare[64];
    /* Tail rank 2005: a name ending in "n" (both stemmers leave it alone;
     * Porter, unlike Snowball, takes the "s" off a made-up "...us"), in
     * about one paragraph in 5,000. */
    gen_tail_word(2005, rare, sizeof rare);
    qr = (query_run){.lasearch_index = index, .plain_db = plain, .fts5_db = fts5,
                     .repeats = o->repeat, .batch_rounds = o->batch_rounds,
                     .verbose = o->verbose, .skip = {[ENGINE_PLAIN] = o->skip_plain}};
    qr.n_queries = bench_queries(&qr.queries, rare);
    if (bench_run_queries(&qr, err, sizeof err) != 0) {
        die("%s", err);
        goto out;
    }
    rep->qr = &qr;
    latency(rep, &qr);
    if (o->cli_runs) {
        fprintf(stderr, "lasearch-bench: timing command lines...\n");
        measure_cli(rep, o, index, plain, fts5);
    }
    if (!o->no_update) {
        fprintf(stderr, "lasearch-bench: updating 1%% of the files...\n");
        after = qr;
        after.stats = NULL;
        after.repeats = after.batch_rounds = 0;
        after.verbose = 0;
        if (measure_update(rep, o, g, corpus, index, plain, fts5, &after) != 0)
            goto out;
        rep->after_update = &after;
    }
    getloadavg(&rep->load[1], 1);
    bench_print_report(rep);
    size_t bad = bench_mismatches(&qr) + (rep->after_update ? bench_mismatches(&after) : 0);
    if (bad)
        fprintf(stderr, "lasearch-bench: %zu queries found different matches on lasearch "
                "and FTS5\n", bad);
    rc = bad ? 3 : 0;
out:
    bench_query_run_clear(&qr);
    bench_query_run_clear(&after);
    gen_free(g);
    free(corpus);
    free(index);
    free(plain);
    free(fts5);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--child") == 0)
        return bench_child_main(argc - 2, argv + 2);
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return die("%s", "cannot find my own executable (/proc/self/exe)");
    self[n] = '\0';
    options o = {.paragraphs = 50000, .seed = 1, .cli_runs = 30};
    char work[PATH_MAX];
    snprintf(work, sizeof work, "%.*s/work", (int)(strrchr(self, '/') - self), self);
    o.work = work;
    int parsed = parse_options(argc, argv, &o);
    if (parsed != 0)
        return parsed > 0 ? 0 : 2;
    char *cmd = command_line(argc, argv);
    if (o.insight) {
        int given = 0;
        for (int i = 1; i < argc; i++)
            given |= strncmp(argv[i], "--repeat", 8) == 0;
        int rc = run_insight(&o, given ? o.repeat : 5);
        free(cmd);
        return rc;
    }
    if (o.formats) {
        int rc = run_formats(&o, cmd ? cmd : "");
        free(cmd);
        return rc;
    }
    bench_report rep = {.command = cmd ? cmd : "", .seed = o.seed,
                        .xapian = shim_xapian_version(), .sqlite = fts5_version()};
    rep.cores = sysconf(_SC_NPROCESSORS_ONLN);
    getloadavg(&rep.load[0], 1);
    int rc = run(&o, &rep);
    free(cmd);
    return rc;
}
