/* main_answer.c: lasearch-query's answers and errors as people and
 * scripts read them (see main_internal.h). */
#include "main_internal.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "normalise.h"

/* Which option raises the limit an error is about, by its kind (the search
 * core serves every front end, so its messages name limits, not options). */
static const char *limit_option(qerror_kind kind)
{
    switch (kind) {
    case QERR_LENGTH: return "--max-query-length";
    case QERR_DEPTH: return "--max-depth";
    case QERR_WILDCARD: return "--max-wildcard";
    case QERR_RESULTS: return "--max-results";
    default: return NULL;
    }
}

/* Control characters (C0, DEL, C1) would act on a terminal, not show:
 * written as \xNN. */
static int is_control_at(const unsigned char *p)
{
    return *p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F);
}

static void put_shown(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_control_at(p)) {
            int c1 = p[0] == 0xC2;
            fprintf(f, "\\x%02X", c1 ? p[1] : p[0]);
            p += c1;
        } else {
            fputc(*p, f);
        }
    }
}

static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (is_control_at(p))
            return 1;
    return 0;
}

/* One answer as indented JSON on stdout, js taken (freed); 0, or -1 with
 * a message when it could not be made (NULL: out of memory) or written. */
int print_json(json_t *js)
{
    int rc = js && json_dumpf(js, stdout, JSON_INDENT(2)) == 0 ? 0 : -1;
    if (rc == 0)
        putchar('\n');
    else
        fprintf(stderr, "lasearch-query: cannot write the answer as JSON%s\n",
                js ? ": output error" : " (out of memory?)");
    json_decref(js);
    return rc;
}

/* The error and where it is, with a caret under the column for people. */
void report_query_error(const char *query, const qerror *err)
{
    fputs("lasearch-query: ", stderr);
    put_shown(stderr, err->message);
    fputc('\n', stderr);
    const char *option = limit_option(err->kind);
    if (option)
        fprintf(stderr, "lasearch-query: (the limit can be changed with %s)\n", option);
    /* Echo the query only when it can be shown as typed: one short line of
     * valid UTF-8 (anything else would garble the terminal, not help). */
    if (err->column == 0 || has_control(query) || strlen(query) > 200 ||
        norm_utf8_invalid_at(query, strlen(query)) != strlen(query))
        return;
    fprintf(stderr, "    %s\n    ", query);
    unsigned col = 1;
    for (const char *p = query; *p && col < err->column; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            col++, fputc(' ', stderr);
    fputs("^\n", stderr);
}

/* Highlight markers for the format: colour or "**" for people, "**" in
 * JSON, none in TSV (a spreadsheet cell shows them as they are). */
void set_markers(const options *o, const out_style *st, search_request *req)
{
    req->hl_start = o->format == FMT_TEXT ? out_hl_start(st)
                    : o->format == FMT_JSON ? "**" : "";
    req->hl_end = o->format == FMT_TEXT ? out_hl_end(st)
                  : o->format == FMT_JSON ? "**" : "";
}

/* A damaged index can make Xapian loop where no time limit reaches it:
 * the whole command ends a few seconds after its --timeout, with a word
 * about why (write() and _exit() are safe in a signal handler). */
static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "lasearch-query: the search did not stop within its "
                              "time limit (is the index damaged? lasearch-index --check)\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(EXIT_ERROR);
}

void alarm_after(unsigned seconds)
{
    if (seconds == 0)
        return;
    signal(SIGALRM, on_alarm);
    alarm(seconds);
}

void alarm_cancel(void)
{
    alarm(0);
}

search_status guarded_search(search_index *ix, const search_request *req,
                             search_result *res, qerror *err)
{
    alarm_after(req->timeout > 0 ? (unsigned)req->timeout + 5 : 0);
    search_status ss = search_run(ix, req, res, err);
    alarm_cancel();
    return ss;
}
