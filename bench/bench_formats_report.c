/*
 * bench_formats_report.c: the formats mode's tables and how the figures
 * stand against issue 16's targets. Speed is reported, never judged as a
 * failure: the exit status does not depend on anything printed here.
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>

#define MB (1024.0 * 1024.0)

static const char *num(char *buf, size_t len, double v, int decimals)
{
    if (v <= 0 || isnan(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.*f", decimals, v);
    return buf;
}

/* One row: the three formats and, when ratio is set, HTML's and PDF's value
 * over text's. */
static void row(const char *what, const double v[FMT_COUNT], int decimals, int ratio)
{
    char a[FMT_COUNT][32], r[2][32];
    for (int f = 0; f < FMT_COUNT; f++)
        num(a[f], sizeof a[f], v[f], decimals);
    for (int f = FMT_HTML; f <= FMT_PDF; f++)
        num(r[f - 1], sizeof r[f - 1], ratio && v[FMT_TEXT] > 0 ? v[f] / v[FMT_TEXT] : 0, 2);
    printf("| %-34s | %10s | %10s | %10s | %9s | %9s |\n", what, a[0], a[1], a[2], r[0], r[1]);
}

static void builds(const formats_report *r)
{
    printf("| %-34s | %10s | %10s | %10s | %9s | %9s |\n", "measure", "text", "HTML", "PDF",
           "HTML/text", "PDF/text");
    printf("|------------------------------------|------------|------------|------------|"
           "-----------|-----------|\n");
    double v[FMT_COUNT];
#define ROW(what, expr, dec, ratio)                                    \
    do {                                                               \
        for (int f = 0; f < FMT_COUNT; f++) {                          \
            const format_build *x = &r->b[f];                          \
            v[f] = x->built ? (double)(expr) : 0;                      \
        }                                                              \
        row(what, v, dec, ratio);                                      \
    } while (0)
    ROW("documents (MB)", x->bytes / MB, 1, 1);
    ROW("files indexed", x->files, 0, 0);
    ROW("paragraphs indexed", x->paragraphs, 0, 0);
    ROW("full build (s)", x->wall, 2, 1);
    ROW("full build, CPU time (s)", x->cpu, 2, 1);
    ROW("build throughput (paragraphs/s)", x->paragraphs / x->wall, 0, 1);
    ROW("build throughput (files/s)", x->files / x->wall, 1, 1);
    ROW("build throughput (pages/s)",
        f == FMT_PDF && r->read_run ? r->read.pages / x->wall : 0, 1, 0);
    ROW("build peak memory (MB)", x->rss_kb / 1024.0, 0, 1);
    ROW("index size on disk (MB)", x->index_bytes / MB, 1, 1);
#undef ROW
    for (int f = FMT_HTML; f < FMT_COUNT; f++) {
        const format_build *b = &r->b[f], *t = &r->b[FMT_TEXT];
        /* what a file of this format costs the indexer beyond its text, to
         * set beside what reading it costs (the table below, for PDF) */
        if (b->built && t->built && b->files)
            printf("The %s build spends %.1f ms more CPU per file than the text build.\n",
                   bench_format_names[f], 1000 * (b->cpu - t->cpu) / b->files);
        if (b->built && (b->paragraphs != t->paragraphs || b->skipped))
            printf("Note: the %s corpus gave %zu paragraphs to the text's %zu (%zu files "
                   "skipped).\n", bench_format_names[f], b->paragraphs, t->paragraphs,
                   b->skipped);
    }
}

static void reading(const formats_report *r)
{
    const pdf_read_figures *p = &r->read;
    static const char *const names[PDFREAD_COUNT] = {
        "pdftotext -layout FILE /dev/null", "lasearch, as indexed (worker process)",
        "lasearch, in process (no child)"};
    const pdf_read_pass *base = &p->pass[PDFREAD_PDFTOTEXT];
    printf("\nReading the %zu PDFs (%zu pages, %.1f MB) one file at a time; ratios are "
           "time over pdftotext's (below 1: faster):\n\n", p->files, p->pages,
           p->bytes / MB);
    printf("| %-38s | %8s | %8s | %8s | %8s | %10s | %10s |\n", "reader", "wall (s)",
           "CPU (s)", "pages/s", "files/s", "wall ratio", "CPU ratio");
    printf("|----------------------------------------|----------|----------|----------|"
           "----------|------------|------------|\n");
    for (int k = 0; k < PDFREAD_COUNT; k++) {
        const pdf_read_pass *s = &p->pass[k];
        char w[32], c[32], pg[32], fl[32], rw[32], rc[32];
        if (!s->run)
            continue;
        printf("| %-38s | %8s | %8s | %8s | %8s | %10s | %10s |\n", names[k],
               num(w, sizeof w, s->wall, 2), num(c, sizeof c, s->cpu, 2),
               num(pg, sizeof pg, s->wall > 0 ? p->pages / s->wall : 0, 0),
               num(fl, sizeof fl, s->wall > 0 ? p->files / s->wall : 0, 1),
               num(rw, sizeof rw, base->run && base->wall > 0 ? s->wall / base->wall : 0, 2),
               num(rc, sizeof rc, base->run && base->cpu > 0 ? s->cpu / base->cpu : 0, 2));
        if (s->failed)
            printf("  (%s: %zu files not read)\n", names[k], s->failed);
    }
    if (p->first_failure[0])
        printf("lasearch's reader: %s\n", p->first_failure);
    const pdf_read_pass *sb = &p->pass[PDFREAD_SANDBOX], *ip = &p->pass[PDFREAD_IN_PROCESS];
    if (p->files)
        printf("\nThe worker process (the sandbox's limits) costs %.2f ms of wall time and "
               "%.2f ms of CPU per file.\n", 1000 * (sb->wall - ip->wall) / p->files,
               1000 * (sb->cpu - ip->cpu) / p->files);
}

static void targets(const formats_report *r)
{
    const format_build *t = &r->b[FMT_TEXT], *p = &r->b[FMT_PDF];
    printf("\nIssue 16 targets:\n");
    if (p->built && t->built && t->wall > 0 && p->wall > 0) {
        double q = (p->paragraphs / p->wall) / (t->paragraphs / t->wall);
        printf("  PDF build throughput >= 0.5 of text's (paragraphs/s):   %.2f  %s\n", q,
               q >= 0.5 ? "met" : "NOT met");
    } else {
        printf("  PDF build throughput >= 0.5 of text's:  not measured\n");
    }
    const pdf_read_pass *b = &r->read.pass[PDFREAD_PDFTOTEXT],
                        *s = &r->read.pass[PDFREAD_SANDBOX];
    if (r->read_run && b->run && b->wall > 0 && b->cpu > 0) {
        double w = s->wall / b->wall, c = s->cpu / b->cpu;
        printf("  PDF reader as indexed <= 1.0 of pdftotext's time:      %.2f wall, %.2f "
               "CPU  %s\n", w, c, w <= 1 && c <= 1 ? "met" : w <= 1 || c <= 1
               ? (w <= 1 ? "met on wall time, NOT on CPU" : "met on CPU, NOT on wall time")
               : "NOT met");
    } else {
        printf("  PDF reader <= 1.0 of pdftotext's time:  not measured\n");
    }
}

void bench_print_formats(const formats_report *r)
{
    const format_build *t = &r->b[FMT_TEXT];
    printf("\nlasearch-bench --formats: %zu paragraphs in %zu files, seed %lu, as text, "
           "HTML (text2html.awk) and PDF (mkpdf: A4, running header, page numbers)\n",
           t->paragraphs, r->files, r->seed);
    printf("machine: %ld cores, load average %.2f at the start, %.2f at the end; "
           "poppler %s\n", r->cores, r->load[0], r->load[1], r->poppler);
    printf("command: %s\n", r->command);
    if (r->no_pdf)
        printf("PDF left out: %s.\n", r->no_pdf);
    if (r->no_pdftotext)
        printf("pdftotext left out: %s.\n", r->no_pdftotext);
    printf("\nEach build: lasearch-index --corpus C --index I (a fresh index, default "
           "shards), timed from start to exit.\n\n");
    builds(r);
    if (r->read_run)
        reading(r);
    targets(r);
}
