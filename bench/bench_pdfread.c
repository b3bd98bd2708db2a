/*
 * bench_pdfread.c: reading PDFs, lasearch's reader against poppler's own
 * pdftotext, over the same files in the same run.
 *
 * pdftotext -layout is what a search engine without a PDF reader of its
 * own would run on each file (Omega's and Recoll's filters do), so it is
 * the yardstick: one process per file, timed by wall clock and by the CPU
 * time wait4 reports. lasearch's reader is timed as the indexer runs it
 * (reader_read with the default limits: a worker process with limits, its
 * blocks sent back over a socket) and again in process
 * (reader_limits.in_process), the difference being what the sandbox costs.
 * Each pass runs in a thread of its own, whose worker is reaped when the
 * thread ends, so the pass's CPU time is this process's plus its
 * children's, the worker's included.
 *
 * Passes run one after another over every file; the files were just read
 * by the PDF build, so each pass finds them in the page cache alike.
 */
#include "bench.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "reader.h"

/* The indexer's own default (lasearch-index --max-file-size). */
#define MAX_FILE_BYTES ((size_t)64 << 20)

static void pdftotext_pass(char *const *paths, size_t n, const char *pdftotext,
                           pdf_read_pass *p)
{
    for (size_t i = 0; i < n; i++) {
        char *argv[] = {(char *)pdftotext, (char *)"-layout", paths[i], (char *)"/dev/null",
                        NULL};
        child_result r;
        if (bench_run(argv, 0, &r) != 0 || r.status != 0)
            p->failed++;
        p->wall += r.wall;
        p->cpu += r.cpu;
    }
    p->run = 1;
}

typedef struct pass_args {
    char *const *paths;
    size_t n;
    int in_process;
    pdf_read_pass *p;
    pdf_read_figures *f;
    size_t pages;
} pass_args;

static void *read_all_files(void *arg)
{
    pass_args *a = arg;
    reader_limits lim;
    reader_limits_default(&lim, MAX_FILE_BYTES);
    lim.in_process = a->in_process;
    for (size_t i = 0; i < a->n; i++) {
        doc_read d = {0};
        char why[256];
        reader_status st = reader_read(a->paths[i], &lim, &d, why, sizeof why);
        if (st != READER_OK || d.format != FORMAT_PDF) {
            if (a->p->failed++ == 0)
                snprintf(a->f->first_failure, sizeof a->f->first_failure, "%s: %s",
                         a->paths[i], st != READER_OK ? why : "not read as a PDF");
        } else {
            a->pages += d.blocks.facts.pages;
        }
        doc_read_clear(&d);
    }
    return NULL;
}

static void lasearch_pass(char *const *paths, size_t n, int in_process, pdf_read_pass *p,
                          pdf_read_figures *f)
{
    pass_args a = {paths, n, in_process, p, f, 0};
    double t0 = bench_now(), c0 = bench_cpu(RUSAGE_SELF) + bench_cpu(RUSAGE_CHILDREN);
    pthread_t t;
    if (pthread_create(&t, NULL, read_all_files, &a) == 0)
        pthread_join(t, NULL);   /* the thread's worker is reaped as it ends */
    else
        read_all_files(&a);
    p->wall = bench_now() - t0;
    p->cpu = bench_cpu(RUSAGE_SELF) + bench_cpu(RUSAGE_CHILDREN) - c0;
    p->run = 1;
    f->pages = a.pages;
}

void bench_read_pdfs(char *const *paths, size_t n, const char *pdftotext,
                     pdf_read_figures *f)
{
    memset(f, 0, sizeof *f);
    f->files = n;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0)
            f->bytes += (uint64_t)st.st_size;
    }
    if (pdftotext)
        pdftotext_pass(paths, n, pdftotext, &f->pass[PDFREAD_PDFTOTEXT]);
    lasearch_pass(paths, n, 0, &f->pass[PDFREAD_SANDBOX], f);
    lasearch_pass(paths, n, 1, &f->pass[PDFREAD_IN_PROCESS], f);
}
