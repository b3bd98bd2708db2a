/*
 * bench.h: lasearch-bench's parts. One run benchmarks three engines on the
 * same generated corpus, the same paragraph records and the same queries:
 *
 *   lasearch   the real indexer (build_index) and search core (search_run)
 *   plain      plain Xapian through the shim: TermGenerator defaults
 *              (STEM_SOME), document data = the record, the same facet
 *              terms; queries built directly, no lasearch on top
 *   fts5       SQLite FTS5, tokenize 'porter unicode61', bm25 ranking,
 *              the facets as UNINDEXED columns
 *
 * Every build and update runs in a child process of its own (the benchmark
 * re-executes itself with --child), so peak memory (ru_maxrss) is that
 * engine's alone.
 *
 *   bench_main.c     options, the run
 *   bench_child.c    the children: builds, updates, one-query runs
 *   bench_proc.c     children, clocks, sizes on disk, percentiles
 *   bench_corpus.c   the paragraph records of a corpus, for plain and fts5
 *   bench_plain.c    the plain-Xapian engine
 *   bench_fts5.c     the SQLite FTS5 engine
 *   bench_queries.c  the query set and measuring it on each engine
 *   bench_report.c   the table
 *
 * lasearch-bench --insight times --significant and --pivot instead
 * (bench_insight.c), on the same corpus and a lasearch index of it.
 *
 * lasearch-bench --formats indexes one corpus as text, HTML and PDF instead:
 *
 *   bench_render.c          the corpus rendered as HTML and PDF
 *   bench_pdfread.c         lasearch's PDF reader against pdftotext
 *   bench_formats.c         the run: renders, builds, reading
 *   bench_formats_report.c  its table
 */
#ifndef LASEARCH_BENCH_H
#define LASEARCH_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

enum { ENGINE_LASEARCH, ENGINE_PLAIN, ENGINE_FTS5, ENGINE_COUNT };
extern const char *const bench_engine_names[ENGINE_COUNT];

/* ---------------------------------------------------- bench_child.c -- */

/* lasearch-bench --child CMD ARGS...: parse, build-lasearch,
 * update-lasearch, build-plain, update-plain, build-fts5, update-fts5,
 * query-plain. Returns the exit status. */
int bench_child_main(int argc, char **argv);

/* ---------------------------------------------------- bench_proc.c -- */

double bench_now(void);   /* monotonic seconds */

/* What a child reported: its key=value lines, wall time, peak memory. */
typedef struct child_result {
    int status;            /* exit status; -1 if killed or not run */
    double wall;           /* seconds, fork to exit */
    double cpu;            /* user + system seconds: unlike wall time, what
                              other work on the machine does not inflate */
    long maxrss_kb;        /* peak resident memory */
    char out[4096];        /* its stdout (key=value lines) */
} child_result;

/* Run argv (argv[0] a path) with stdout captured; stdin and stderr as ours
 * unless quiet_stderr. 0 when it ran (whatever its status), else -1. */
int bench_run(char *const argv[], int quiet_stderr, child_result *out);
/* The value of key in a child's output, or def. */
double bench_value(const child_result *r, const char *key, double def);

/* Bytes on disk under path (file or tree), as du counts them. */
uint64_t bench_disk_usage(const char *path);
/* rm -rf path (no-op when absent). 0 or -1. */
int bench_remove_tree(const char *path);

/* Percentile p (0..100) of n samples (sorted here), nearest rank. */
double bench_percentile(double *samples, size_t n, double p);

/* User + system CPU seconds so far of who (RUSAGE_SELF, or RUSAGE_CHILDREN:
 * every child waited for), for the difference across a stretch of work. */
double bench_cpu(int who);
/* The path of program name on $PATH, malloc()ed, or NULL when absent. */
char *bench_which(const char *name);
/* mkdir -p path. 0, or -1 with errno. */
int bench_mkdirs(const char *path);
/* A generated directory is complete when its .complete file's first line is
 * stamp (written last; removed, stamp NULL, before it is rewritten), so a
 * run that was stopped halfway, or an older generator's output, is made
 * again. bench_stamp: 0 or -1. bench_stamped: 1 when complete. */
int bench_stamp(const char *dir, const char *stamp);
int bench_stamped(const char *dir, const char *stamp);

/* --------------------------------------------------- bench_corpus.c -- */

/* Call fn for every document of the corpus that parses into paragraphs, or
 * only for the relative paths in only[0..n_only) when only is not NULL.
 * The corpus is read as lasearch-index reads it (walk, textio, parse with
 * the corpus's reference data). fn returns 0 to go on. Totals of files,
 * paragraphs and bytes read go into the out-parameters (may be NULL).
 * 0, or -1 with err. */
typedef int (*bench_doc_fn)(void *ctx, const corpus_doc *doc);
int bench_each_doc(const char *corpus, char *const *only, size_t n_only, bench_doc_fn fn,
                   void *ctx, size_t *paragraphs, uint64_t *bytes, char *err,
                   size_t errlen);

/* ---------------------------------------------- engines: plain, fts5 -- */

/* Children's work; each prints key=value lines (seconds=, paragraphs=) and
 * returns an exit status. only/n_only: the files to update. */
int plain_build(const char *corpus, const char *db);
int plain_update(const char *corpus, const char *db, char *const *only, size_t n_only);
int fts5_build(const char *corpus, const char *db);
int fts5_update(const char *corpus, const char *db, char *const *only, size_t n_only);

/* One answer, the part every engine gives: the exact number of matching
 * paragraphs and, for grouped queries, of councils. */
typedef struct bench_answer {
    uint32_t total;
    uint32_t groups;
    int error;            /* the engine failed this query */
} bench_answer;

typedef struct plain_engine plain_engine;
int plain_open(const char *db, plain_engine **out, char *err, size_t errlen);
void plain_close(plain_engine *e);
/* query: the plain-Xapian form (see bench_plain.c); grouped: collapse on
 * the council with 3 a council. Fetches and snippets the hits. */
void plain_run(plain_engine *e, const char *query, int grouped, bench_answer *a);

typedef struct fts5_engine fts5_engine;
int fts5_open(const char *db, fts5_engine **out, char *err, size_t errlen);
void fts5_close(fts5_engine *e);
void fts5_run(fts5_engine *e, const char *match, const char *where, int grouped,
              bench_answer *a);
/* SQLite's version ("3.40.1"). */
const char *fts5_version(void);

/* -------------------------------------------------- bench_queries.c -- */

typedef struct bench_query {
    const char *label;     /* what kind of query, for the table */
    const char *lasearch;  /* in lasearch's query language */
    int grouped;           /* --by authority */
    const char *plain;     /* plain Xapian, as an s-expression */
    const char *match;     /* FTS5 MATCH expression */
    const char *where;     /* FTS5: SQL condition on facet columns, or NULL */
    int same;              /* lasearch and FTS5 must count the same matches */
    const char *note;      /* why counts may differ, or NULL */
} bench_query;

/* The query set; rare_word is a made-up word that occurs rarely. */
size_t bench_queries(const bench_query **out, const char *rare_word);

/* Per engine and query: the answer, and the latency of every repeat. */
typedef struct query_stats {
    bench_answer answer[ENGINE_COUNT];
    double *ms[ENGINE_COUNT];  /* repeats samples each */
    size_t n;
} query_stats;

typedef struct query_run {
    const char *lasearch_index, *plain_db, *fts5_db;
    const bench_query *queries;
    size_t n_queries;
    size_t repeats;         /* timed runs of each query on each engine */
    size_t batch_rounds;    /* rounds of the whole set for throughput */
    int skip[ENGINE_COUNT]; /* engines left out (not built, not timed) */
    query_stats *stats;     /* n_queries, filled */
    double batch_qps[ENGINE_COUNT];
    int verbose;
} query_run;

/* Open the three indexes, run everything, fill stats. 0, or -1 with err. */
int bench_run_queries(query_run *qr, char *err, size_t errlen);
void bench_query_run_clear(query_run *qr);

/* --------------------------------------------------- bench_report.c -- */

typedef struct engine_figures {
    int built;
    double build_s;        /* full build */
    double build_cpu_s;    /* its CPU time (the whole child process) */
    long build_rss_kb;
    uint64_t index_bytes;
    double p50, p95, p99;  /* ms, over every query and repeat */
    double batch_qps;
    double cli_p50, cli_p95;  /* one-query command line, ms; 0 = not measured */
    double update_s;       /* 1% of files changed; 0 = not measured */
    double update_cpu_s;
} engine_figures;

typedef struct bench_report {
    size_t paragraphs, files;
    uint64_t corpus_bytes;
    double parse_s;        /* reading and parsing alone (all engines do it) */
    size_t update_files;
    int update_incremental; /* lasearch's update re-indexed only what changed */
    engine_figures e[ENGINE_COUNT];
    /* lasearch built again with one shard (one thread), for the speed-up
     * of its default shards; 0 = not measured */
    unsigned shards;       /* the default build's */
    double one_shard_s, one_shard_cpu_s;
    long one_shard_rss_kb;
    const query_run *qr;
    const query_run *after_update;  /* answers once the indexes were updated */
    const char *command;   /* how it was run */
    const char *xapian, *sqlite;
    unsigned long seed;
    long cores;
    double load[2];        /* 1-minute load average at the start and end:
                              other work on the machine slows every engine */
} bench_report;

void bench_print_report(const bench_report *r);
/* Queries whose counts differ although they should (see bench_query.same). */
size_t bench_mismatches(const query_run *qr);

/* ------------------------------------------ the formats mode (--formats) --
 * One generated corpus indexed as text, as HTML and as PDF (the same
 * documents rendered by the test suite's tools), and lasearch's PDF reader
 * timed against pdftotext on the same files. */

enum { FMT_TEXT, FMT_HTML, FMT_PDF, FMT_COUNT };
extern const char *const bench_format_names[FMT_COUNT];   /* "text", "HTML", "PDF" */

/* --------------------------------------------------- bench_render.c -- */

/* rel (a document's path, "....txt") as format fmt names it ("....html",
 * "....pdf"), malloc()ed; NULL when out of memory. */
char *bench_render_name(const char *rel, int fmt);
/* Render the n documents files[] (paths relative to the corpus root) of the
 * text corpus `text` as a corpus of their own under out in format fmt
 * (FMT_HTML: awk -f tool, tool being text2html.awk; FMT_PDF: tool is
 * mkpdf), with its manifest and reference data; jobs renderers at once.
 * 0, or -1 with err. */
int bench_render(const char *text, const char *out, int fmt, const char *tool,
                 char *const *files, size_t n, unsigned jobs, char *err, size_t errlen);

/* -------------------------------------------------- bench_pdfread.c -- */

enum { PDFREAD_PDFTOTEXT, PDFREAD_SANDBOX, PDFREAD_IN_PROCESS, PDFREAD_COUNT };

typedef struct pdf_read_pass {
    int run;               /* measured */
    double wall, cpu;      /* seconds over every file; cpu is user + system
                              of every process the pass ran */
    size_t failed;         /* files it could not read */
} pdf_read_pass;

typedef struct pdf_read_figures {
    size_t files, pages;   /* pages: as lasearch's reader counts them */
    uint64_t bytes;
    pdf_read_pass pass[PDFREAD_COUNT];
    char first_failure[512];   /* what lasearch's reader said, or "" */
} pdf_read_figures;

/* Read every one of paths[0..n) with pdftotext (pdftotext: its path, or NULL
 * to leave it out), then with lasearch's reader in a child per file, then
 * in process; fills f. */
void bench_read_pdfs(char *const *paths, size_t n, const char *pdftotext,
                     pdf_read_figures *f);

/* -------------------------------------------------- bench_formats.c -- */

typedef struct format_build {
    int built;
    size_t files, paragraphs, skipped;   /* as lasearch-index --json says */
    uint64_t bytes;        /* the documents' sizes */
    double wall, cpu;      /* the lasearch-index process, start to exit */
    long rss_kb;
    uint64_t index_bytes;
} format_build;

typedef struct formats_report {
    size_t files;          /* documents in the corpus */
    format_build b[FMT_COUNT];
    pdf_read_figures read;
    int read_run;
    const char *no_pdf;        /* why PDFs were left out, or NULL */
    const char *no_pdftotext;  /* why pdftotext was, or NULL */
    const char *command, *poppler;
    unsigned long seed;
    long cores;
    double load[2];        /* 1-minute load average at the start and end */
} formats_report;

/* The formats run on the text corpus `corpus` (generated, files[0..n)
 * relative to it); renders are kept beside it for the next run, indexes
 * are made under work and removed. 0, or -1 with err. */
int bench_formats(const char *corpus, const char *work, char *const *files, size_t n,
                  formats_report *r, char *err, size_t errlen);

/* ------------------------------------------- bench_formats_report.c -- */

void bench_print_formats(const formats_report *r);

/* ---------------------------------------------------- bench_insight.c -- */

/* Time --significant and --pivot requests on the lasearch index at index
 * (of `paragraphs` paragraphs), each `repeat` times, and print a table.
 * 0, or -1 with err. */
int bench_insight(const char *index, size_t paragraphs, size_t repeat, char *err,
                  size_t errlen);

#endif /* LASEARCH_BENCH_H */
