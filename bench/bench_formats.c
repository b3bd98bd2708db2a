/*
 * bench_formats.c: lasearch-bench --formats, what reading HTML and PDF costs
 * next to text. The generated corpus is rendered as web pages and as PDFs
 * (bench_render.c; kept beside the corpus for the next run, since rendering
 * takes longer than indexing), each of the three corpora is built by the
 * real lasearch-index in a process of its own, timed from start to exit,
 * and the PDFs are then read by pdftotext and by lasearch's reader
 * (bench_pdfread.c).
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen.h"
#include "path.h"

/* Bumped when what bench_render.c makes changes, so kept renders are made
 * again. */
#define RENDER_FORMAT 1

/* The number after "key": in lasearch-index's JSON summary. Its top-level
 * counts come first, before the per-council list that reuses the names,
 * and well inside the part of the output a child_result keeps. */
static int json_count(const char *json, const char *key, size_t *out)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(json, pat);
    if (!p)
        return -1;
    *out = (size_t)strtoull(p + strlen(pat), NULL, 10);
    return 0;
}

static uint64_t documents_bytes(const char *corpus, char *const *files, size_t n, int fmt)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        char *rel = bench_render_name(files[i], fmt), *p = rel ? path_join(corpus, rel) : NULL;
        struct stat st;
        if (p && stat(p, &st) == 0)
            total += (uint64_t)st.st_size;
        free(rel);
        free(p);
    }
    return total;
}

/* Render the corpus as fmt under dir unless a complete render is there. */
static int ensure_rendered(const char *corpus, const char *dir, int fmt, const char *tool,
                           char *const *files, size_t n, long cores, char *err,
                           size_t errlen)
{
    char stamp[128];
    snprintf(stamp, sizeof stamp, "generator format %d, %s render format %d", GEN_FORMAT,
             bench_format_names[fmt], RENDER_FORMAT);
    if (bench_stamped(dir, stamp))
        return 0;
    fprintf(stderr, "lasearch-bench: rendering %zu documents as %s in %s...\n", n,
            bench_format_names[fmt], dir);
    double t0 = bench_now();
    bench_remove_tree(dir);
    if (bench_render(corpus, dir, fmt, tool, files, n, cores > 0 ? (unsigned)cores : 1, err,
                     errlen) != 0 ||
        bench_stamp(dir, stamp) != 0)
        return -1;
    fprintf(stderr, "lasearch-bench: rendered in %.1f s\n", bench_now() - t0);
    return 0;
}

/* A fresh build of corpus into index by lasearch-index itself, as a user
 * runs it; the index is measured and removed. */
static int build(const char *corpus, const char *index, int fmt, format_build *b, char *err,
                 size_t errlen)
{
    fprintf(stderr, "lasearch-bench: building the %s corpus...\n", bench_format_names[fmt]);
    bench_remove_tree(index);
    char *argv[] = {(char *)LASEARCH_INDEX_BIN, (char *)"--corpus", (char *)corpus,
                    (char *)"--index", (char *)index, (char *)"--json", (char *)"--quiet",
                    NULL};
    child_result r;
    if (bench_run(argv, 0, &r) != 0 || r.status != 0 ||
        json_count(r.out, "files", &b->files) != 0 ||
        json_count(r.out, "paragraphs", &b->paragraphs) != 0 ||
        json_count(r.out, "skipped", &b->skipped) != 0) {
        snprintf(err, errlen, "lasearch-index failed on the %s corpus (status %d)",
                 bench_format_names[fmt], r.status);
        return -1;
    }
    b->built = 1;
    b->wall = r.wall;
    b->cpu = r.cpu;
    b->rss_kb = r.maxrss_kb;
    b->index_bytes = bench_disk_usage(index);
    bench_remove_tree(index);
    return 0;
}

static const char *why_no_pdf(void)
{
    const char *mkpdf = LASEARCH_MKPDF;
    if (!*mkpdf)
        return "mkpdf was not built (cairo or fontconfig missing: apt-get install "
               "libcairo2-dev), so there are no PDFs to index";
    if (access(mkpdf, X_OK) != 0)
        return "mkpdf is not built yet (cmake --build build --target mkpdf)";
    return NULL;
}

/* The PDFs' full paths, for the readers. */
static char **pdf_paths(const char *dir, char *const *files, size_t n)
{
    char **paths = calloc(n ? n : 1, sizeof *paths);
    for (size_t i = 0; paths && i < n; i++) {
        char *rel = bench_render_name(files[i], FMT_PDF);
        paths[i] = rel ? path_join(dir, rel) : NULL;
        free(rel);
        if (!paths[i]) {
            for (size_t k = 0; k < i; k++)
                free(paths[k]);
            free(paths);
            return NULL;
        }
    }
    return paths;
}

int bench_formats(const char *corpus, const char *work, char *const *files, size_t n,
                  formats_report *r, char *err, size_t errlen)
{
    static const char *const suffix[FMT_COUNT] = {"", "-html", "-pdf"};
    static const char *const index_name[FMT_COUNT] = {"formats-index-text",
                                                      "formats-index-html",
                                                      "formats-index-pdf"};
    char *dirs[FMT_COUNT] = {0}, *index = NULL;
    char *pdftotext = bench_which("pdftotext");
    int rc = 0;
    r->files = n;
    r->no_pdf = why_no_pdf();
    if (!pdftotext)
        r->no_pdftotext = "pdftotext is not installed (apt-get install poppler-utils)";
    for (int f = 0; rc == 0 && f < FMT_COUNT; f++) {
        size_t len = strlen(corpus) + strlen(suffix[f]) + 1;
        if (!(dirs[f] = malloc(len))) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        snprintf(dirs[f], len, "%s%s", corpus, suffix[f]);
        if (f == FMT_PDF && r->no_pdf)
            continue;
        const char *tool = f == FMT_HTML ? LASEARCH_TEXT2HTML : LASEARCH_MKPDF;
        if (f != FMT_TEXT &&
            ensure_rendered(corpus, dirs[f], f, tool, files, n, r->cores, err, errlen) != 0)
            rc = -1;
        else
            r->b[f].bytes = documents_bytes(dirs[f], files, n, f);
    }
    for (int f = 0; rc == 0 && f < FMT_COUNT; f++) {
        if (f == FMT_PDF && r->no_pdf)
            continue;
        free(index);
        index = path_join(work, index_name[f]);
        if (!index || build(dirs[f], index, f, &r->b[f], err, errlen) != 0)
            rc = -1;
    }
    if (rc == 0 && !r->no_pdf) {
        char **paths = pdf_paths(dirs[FMT_PDF], files, n);
        if (!paths) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else {
            fprintf(stderr, "lasearch-bench: reading the PDFs%s...\n",
                    pdftotext ? " with pdftotext and lasearch" : " with lasearch");
            bench_read_pdfs(paths, n, pdftotext, &r->read);
            r->read_run = 1;
            for (size_t i = 0; i < n; i++)
                free(paths[i]);
            free(paths);
        }
    }
    for (int f = 0; f < FMT_COUNT; f++)
        free(dirs[f]);
    free(index);
    free(pdftotext);
    return rc;
}
