/*
 * bench_child.c: what lasearch-bench's children do (lasearch-bench --child
 * CMD ARGS...): each build, update and one-query run happens in a fresh
 * process, so its peak memory and start-up are its own. A child prints
 * key=value lines (seconds=, paragraphs=, ...) for the parent to read.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "build.h"
#include "report.h"
#include "shards.h"
/* lasearch-index --update (indexer/update.h) where this lasearch has it;
 * else an update is a full rebuild, and the table says so. */
#if defined(__has_include)
#if __has_include("update.h")
#include "update.h"
#define BENCH_HAVE_UPDATE 1
#endif
#endif

static int die(const char *fmt, const char *what)
{
    fprintf(stderr, "lasearch-bench: ");
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    return 2;
}

static int child_build_lasearch(const char *corpus, const char *index, int fresh,
                                unsigned shards)
{
    if (fresh)
        bench_remove_tree(index);
    build_options bo = {.corpus_dir = corpus, .index_dir = index, .shards = shards};
    build_report rep;
    char err[1024];
    double t0 = bench_now();
#ifdef BENCH_HAVE_UPDATE
    build_status st = fresh ? build_index(&bo, &rep, err, sizeof err)
                            : update_index(&bo, &rep, err, sizeof err);
    int incremental = !fresh && rep.mode != BUILD_MODE_FULL;
#else
    build_status st = build_index(&bo, &rep, err, sizeof err);
    int incremental = 0;
#endif
    if (st != BUILD_OK)
        fprintf(stderr, "lasearch: %s\n", err);
    else
        printf("seconds=%.6f\nparagraphs=%zu\nincremental=%d\nshards=%u\n",
               bench_now() - t0, rep.paragraphs, incremental,
               shards ? shards : shards_default());
    build_report_clear(&rep);
    return st == BUILD_OK ? 0 : 1;
}

static int child_parse(const char *corpus)
{
    char err[512];
    size_t paras;
    uint64_t bytes;
    double t0 = bench_now();
    if (bench_each_doc(corpus, NULL, 0, NULL, NULL, &paras, &bytes, err, sizeof err) != 0)
        return die("%s", err);
    printf("seconds=%.6f\nparagraphs=%zu\nbytes=%llu\n", bench_now() - t0, paras,
           (unsigned long long)bytes);
    return 0;
}

static int child_query_plain(const char *db, const char *query)
{
    plain_engine *e;
    char err[512];
    bench_answer a;
    if (plain_open(db, &e, err, sizeof err) != 0)
        return die("%s", err);
    plain_run(e, query, 0, &a);
    plain_close(e);
    printf("total=%u\n", a.total);
    return a.error ? 2 : 0;
}

int bench_child_main(int argc, char **argv)
{
    const char *cmd = argc > 0 ? argv[0] : "";
    if (strcmp(cmd, "parse") == 0 && argc == 2)
        return child_parse(argv[1]);
    if (strcmp(cmd, "build-lasearch") == 0 && argc == 3)
        return child_build_lasearch(argv[1], argv[2], 1, 0);
    if (strcmp(cmd, "build-lasearch-1") == 0 && argc == 3)
        return child_build_lasearch(argv[1], argv[2], 1, 1);
    if (strcmp(cmd, "update-lasearch") == 0 && argc == 3)
        return child_build_lasearch(argv[1], argv[2], 0, 0);
    if (strcmp(cmd, "build-plain") == 0 && argc == 3)
        return plain_build(argv[1], argv[2]);
    if (strcmp(cmd, "build-fts5") == 0 && argc == 3)
        return fts5_build(argv[1], argv[2]);
    if (strcmp(cmd, "update-plain") == 0 && argc >= 3)
        return plain_update(argv[1], argv[2], argv + 3, (size_t)(argc - 3));
    if (strcmp(cmd, "update-fts5") == 0 && argc >= 3)
        return fts5_update(argv[1], argv[2], argv + 3, (size_t)(argc - 3));
    if (strcmp(cmd, "query-plain") == 0 && argc == 3)
        return child_query_plain(argv[1], argv[2]);
    return die("unknown child command '%s'", cmd);
}

