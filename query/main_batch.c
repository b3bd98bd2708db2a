/* main_batch.c: lasearch-query --batch, a query a line (see
 * main_internal.h). */
#include "main_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

/* The line as it will be echoed in its error object: every NUL shown as
 * U+FFFD, so the object shows the whole line rather than stopping at the
 * NUL. malloc()ed, or NULL if out of memory. */
static char *nul_to_replacement(const char *line, size_t len)
{
    char *out = malloc(len * 3 + 1);
    size_t w = 0;
    for (size_t i = 0; out && i < len; i++) {
        if (line[i]) {
            out[w++] = line[i];
        } else {
            memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3;
        }
    }
    if (out)
        out[w] = '\0';
    return out;
}

/* A batch line that holds no query: blank, or a comment ('#' first, after
 * any blanks), so a query file can be laid out and annotated. */
static int batch_skips(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i == len || line[i] == '#';
}

/* Run one batch line: 0 ran (res filled, to clear), -1 error (err). */
static int batch_search(search_index *ix, const search_request *req, size_t len,
                        search_result *res, qerror *err)
{
    memset(res, 0, sizeof *res);
    /* A NUL byte would silently cut the query short: refuse it. */
    if (strlen(req->query) != len) {
        memset(err, 0, sizeof *err);
        snprintf(err->message, sizeof err->message,
                 "the query contains a NUL byte at byte %zu", strlen(req->query) + 1);
        return -1;
    }
    return guarded_search(ix, req, res, err) == SEARCH_OK ? 0 : -1;
}

/* One batch answer as a compact JSON line; -1 if it could not be written. */
static int batch_json(const search_request *req, size_t len, int failed,
                      const search_result *res, const qerror *err)
{
    json_t *js;
    if (failed) {
        char *shown = nul_to_replacement(req->query, len);
        js = out_json_error(shown ? shown : req->query, err);
        free(shown);
    } else {
        js = out_json(req, res);
    }
    int rc = js && json_dumpf(js, stdout, JSON_COMPACT) == 0 ? 0 : -1;
    if (rc == 0)
        putchar('\n');
    json_decref(js);
    return rc;
}

/* One batch answer as TSV rows; a failed line has none, and its error goes
 * to stderr with its line number (a table has no place for it). */
static void batch_tsv(const search_request *req, size_t lineno, int failed,
                      const search_result *res, const qerror *err)
{
    if (failed) {
        fprintf(stderr, "lasearch-query: --batch line %zu: %s\n", lineno, err->message);
        return;
    }
    out_tsv_rows(stdout, out_tsv_table_for(req), req->query, res);
}

/* One query a line in; one compact JSON object a line out (or, with --tsv,
 * the rows of one table with the query first). Blank and '#' lines are
 * skipped. */
int run_batch(search_index *ix, const options *o)
{
    FILE *in = strcmp(o->batch, "-") == 0 ? stdin : fopen(o->batch, "r");
    if (!in) {
        fprintf(stderr, "lasearch-query: --batch: cannot read '%s': %s\n", o->batch,
                strerror(errno));
        return EXIT_ERROR;
    }
    out_style st = {0};
    search_request base = o->req;
    set_markers(o, &st, &base);
    int tsv = o->format == FMT_TSV;
    if (tsv)
        out_tsv_header(stdout, out_tsv_table_for(&base), 1);
    char *line = NULL;
    size_t cap = 0, len = 0;
    size_t max_length = base.max_query_length ? base.max_query_length
                                              : SEARCH_DEFAULT_MAX_QUERY_LENGTH;
    int any_error = 0, any_match = 0, r;
    size_t lineno = 0;
    /* Only a line's first max_length + 1 bytes are kept: a longer one is
     * refused by its length, never held whole. */
    while ((r = lines_read(in, &line, &cap, max_length + 1, &len)) == 1) {
        lineno++;
        size_t kept = len > max_length ? max_length + 1 : len;
        if (batch_skips(line, kept))
            continue;
        search_request req = base;
        req.query = line;
        search_result res;
        qerror err;
        int failed;
        if (len > max_length) {
            memset(&res, 0, sizeof res);
            memset(&err, 0, sizeof err);
            snprintf(err.message, sizeof err.message,
                     "the query is too long: %zu bytes, and the limit is %zu", len,
                     max_length);
            err.kind = QERR_LENGTH;
            failed = 1;
        } else {
            failed = batch_search(ix, &req, len, &res, &err) != 0;
        }
        len = kept;
        any_error |= failed;
        any_match |= !failed && res.total && !res.partial;
        int written = 0;
        if (tsv)
            batch_tsv(&req, lineno, failed, &res, &err);
        else
            written = batch_json(&req, len, failed, &res, &err);
        search_result_clear(&res);
        if (written != 0) {
            /* Never stop a batch in silence: a script must see why. */
            fprintf(stderr, "lasearch-query: --batch: cannot write the answer to "
                    "line %zu as JSON; stopping\n", lineno);
            any_error = 1;
            break;
        }
    }
    if (r < 0) {
        fprintf(stderr, "lasearch-query: --batch: reading '%s' after line %zu: %s\n",
                o->batch, lineno, strerror(errno));
        any_error = 1;
    }
    free(line);
    if (in != stdin)
        fclose(in);
    return any_error ? EXIT_ERROR : any_match ? EXIT_MATCH : EXIT_NONE;
}
