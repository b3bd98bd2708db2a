/*
 * bench_render.c: the text corpus rendered as web pages and as PDFs, so the
 * formats benchmark indexes the same documents in each format. The renderers
 * are the test suite's own (tests/tools/text2html.awk, tests/tools/mkpdf.c),
 * so what is measured is what tests/scripts/formats.sh checks parses alike.
 *
 * Each document is one renderer process; as many run at once as there are
 * cores, since at 50,000 paragraphs mkpdf alone takes minutes one at a time.
 * The manifest is carried over with each file's new name, so each format's
 * documents get the same council, kind and dates as their text.
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "path.h"

/* PDF pages as a council's published report looks: a running header and
 * "Page N of M" that the reader must recognise and leave out. */
#define PDF_HEADER "Adult social care assessment"

const char *const bench_format_names[FMT_COUNT] = {"text", "HTML", "PDF"};

char *bench_render_name(const char *rel, int fmt)
{
    const char *ext = fmt == FMT_HTML ? ".html" : fmt == FMT_PDF ? ".pdf" : ".txt";
    size_t n = strlen(rel);
    const char *dot = strrchr(rel, '.');
    if (dot && !strchr(dot, '/'))
        n = (size_t)(dot - rel);
    size_t len = n + strlen(ext) + 1;
    char *s = malloc(len);
    if (s)
        snprintf(s, len, "%.*s%s", (int)n, rel, ext);
    return s;
}

/* Start one renderer: awk writes the page to its stdout, which goes to out;
 * mkpdf writes out itself. The child only execs (or _exits). */
static pid_t start(int fmt, const char *tool, const char *in, const char *out)
{
    char title[256];
    const char *base = strrchr(in, '/');
    snprintf(title, sizeof title, "title=%.*s", (int)strcspn(base ? base + 1 : in, "."),
             base ? base + 1 : in);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    if (fmt == FMT_HTML) {
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
            _exit(126);
        execlp("awk", "awk", "-v", title, "-f", tool, in, (char *)NULL);
    } else {
        execl(tool, tool, "--header", PDF_HEADER, "--footer-page-numbers", in, out,
              (char *)NULL);
    }
    _exit(127);
}

/* Wait for one of the running renderers; -1 (with err) if it failed. */
static int reap(pid_t *running, size_t *n_running, char *const *files, size_t *which,
                char *err, size_t errlen)
{
    int status;
    pid_t pid;
    while ((pid = wait(&status)) < 0)
        if (errno != EINTR) {
            snprintf(err, errlen, "waiting for a renderer: %s", strerror(errno));
            *n_running = 0;   /* none left to wait for */
            return -1;
        }
    for (size_t k = 0; k < *n_running; k++) {
        if (running[k] != pid)
            continue;
        size_t i = which[k];
        running[k] = running[*n_running - 1];
        which[k] = which[*n_running - 1];
        (*n_running)--;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            snprintf(err, errlen, "rendering %s failed (status %d)", files[i],
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            return -1;
        }
        return 0;
    }
    return 0;   /* not one of ours */
}

/* The manifest with each file's new name; the reference data as it is. */
static int copy_refdata(const char *text, const char *out, const char *ext, char *err,
                        size_t errlen)
{
    static const char *const names[] = {"manifest.tsv", "authorities.tsv", "thesaurus.tsv"};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof names / sizeof *names; i++) {
        char *src = path_join(text, names[i]), *dst = path_join(out, names[i]), *data = NULL;
        size_t len;
        FILE *fp = NULL;
        if (!src || !dst || path_read_file(src, &data, &len) != 0 || !(fp = fopen(dst, "w"))) {
            snprintf(err, errlen, "copying %s: %s", names[i], strerror(errno));
            rc = -1;
        }
        for (char *line = data, *next; rc == 0 && line && *line; line = next) {
            next = line + strcspn(line, "\n");
            next += *next == '\n';
            size_t tab = strcspn(line, "\t\n");
            /* only the manifest's file column names documents */
            if (i == 0 && line[0] != '#' && tab > 4 && memcmp(line + tab - 4, ".txt", 4) == 0)
                fprintf(fp, "%.*s%s%.*s", (int)(tab - 4), line, ext,
                        (int)(next - line - tab), line + tab);
            else
                fwrite(line, 1, (size_t)(next - line), fp);
        }
        if (fp && fclose(fp) != 0 && rc == 0) {
            snprintf(err, errlen, "writing %s: %s", dst, strerror(errno));
            rc = -1;
        }
        free(data);
        free(src);
        free(dst);
    }
    return rc;
}

int bench_render(const char *text, const char *out, int fmt, const char *tool,
                 char *const *files, size_t n, unsigned jobs, char *err, size_t errlen)
{
    const char *ext = fmt == FMT_HTML ? ".html" : ".pdf";
    pid_t *running = calloc(jobs ? jobs : 1, sizeof *running);
    size_t *which = calloc(jobs ? jobs : 1, sizeof *which), n_running = 0;
    int rc = running && which ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    if (rc == 0 && (bench_mkdirs(out) != 0 || copy_refdata(text, out, ext, err, errlen) != 0))
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *in = path_join(text, files[i]), *rel = bench_render_name(files[i], fmt);
        char *dst = rel ? path_join(out, rel) : NULL, *slash = dst ? strrchr(dst, '/') : NULL;
        if (!in || !dst) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else {
            *slash = '\0';
            if (bench_mkdirs(dst) != 0) {
                snprintf(err, errlen, "cannot make %s: %s", dst, strerror(errno));
                rc = -1;
            }
            *slash = '/';
        }
        if (rc == 0 && n_running == (jobs ? jobs : 1))
            rc = reap(running, &n_running, files, which, err, errlen);
        if (rc == 0) {
            pid_t pid = start(fmt, tool, in, dst);
            if (pid < 0) {
                snprintf(err, errlen, "cannot start a renderer: %s", strerror(errno));
                rc = -1;
            } else {
                running[n_running] = pid;
                which[n_running++] = i;
            }
        }
        free(in);
        free(rel);
        free(dst);
    }
    /* wait for every renderer still running, even after a failure */
    while (n_running > 0) {
        char e2[256];
        if (reap(running, &n_running, files, which, e2, sizeof e2) != 0 && rc == 0) {
            snprintf(err, errlen, "%s", e2);
            rc = -1;
        }
    }
    free(running);
    free(which);
    return rc;
}
