/* api.c: the JSON API over the one search core (see api.h). */
#include "api.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "answer.h"
#include "feed.h"
#include "layout.h"
#include "out.h"

static const char type_json[] = "application/json; charset=utf-8";
static const char type_ndjson[] = "application/x-ndjson; charset=utf-8";

/* A worker is killed this many seconds past its search's time limit: the
 * search core stops itself one second past it (query/search_limits.c), so
 * a worker still busy then is stuck (in a loop over a damaged index). */
#define KILL_AFTER 3.0
/* Retry-After for a server whose workers are all busy. */
#define BUSY_RETRY 2

/* ---- replies ---- */

static void reply_json(api_reply *out, unsigned status, json_t *js)
{
    out->type = type_json;
    out->body = js ? json_dumps(js, JSON_COMPACT) : NULL;
    out->len = out->body ? strlen(out->body) : 0;
    out->status = out->body ? status : 500;
    json_decref(js);
}

static void reply_error(api_reply *out, unsigned status, const char *query,
                        unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void reply_error(api_reply *out, unsigned status, const char *query,
                        unsigned column, const char *fmt, ...)
{
    qerror err = {.column = column};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof err.message, fmt, ap);
    va_end(ap);
    reply_json(out, status, answer_error(query, &err));
}

void api_error(api_reply *out, unsigned status, const char *msg)
{
    reply_error(out, status, NULL, 0, "%s", msg);
}

/* ---- parameters ---- */

/* The request's options, as lasearch-query's command line gives them. */
typedef struct options {
    search_request req;
    const char *query;
    int pua;                /* hl=pua */
    wire_view view;         /* view=search|significant|pivot */
    int pivot_rows, pivot_columns;  /* pivot=ROWS,COLUMNS */
} options;

static int parse_number(const api_param *p, size_t min, size_t max, size_t *out,
                        char *msg, size_t len)
{
    const char *s = p->value ? p->value : "";
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end || errno || s[0] == '-' || s[0] == '+' || v < min || v > max) {
        snprintf(msg, len, "%s: '%.40s' is not a number from %zu to %zu", p->key, s,
                 min, max);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

static int parse_flag(const api_param *p, int *out, char *msg, size_t len)
{
    const char *s = p->value ? p->value : "";
    if (!*s || !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "yes"))
        *out = 1;
    else if (!strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "no"))
        *out = 0;
    else {
        snprintf(msg, len, "%s: '%.40s' is not one of 1, true, yes, 0, false, no",
                 p->key, s);
        return -1;
    }
    return 0;
}

static int parse_facets(const char *s, search_request *req, char *msg, size_t len)
{
    while (*s) {
        size_t n = strcspn(s, ",");
        char name[32];
        if (n >= sizeof name)
            n = sizeof name - 1;
        memcpy(name, s, n);
        name[n] = '\0';
        int f = n ? search_facet_from_name(name) : FACET_COUNT;
        if (f == FACET_COUNT) {
            snprintf(msg, len, "facets: unknown facet '%s'; choose from %s", name,
                     search_facet_names());
            return -1;
        }
        req->facets[f] = 1;
        s += strcspn(s, ",");
        s += *s == ',';
    }
    return 0;
}

static int parse_one(const api_param *p, options *o, char *msg, size_t len)
{
    const char *v = p->value ? p->value : "";
    search_request *req = &o->req;
    if (!strcmp(p->key, "q")) {
        o->query = v;
        return 0;
    }
    if (!strcmp(p->key, "limit"))
        return parse_number(p, 1, API_MAX_LIMIT, &req->limit, msg, len);
    if (!strcmp(p->key, "offset"))
        return parse_number(p, 0, API_MAX_OFFSET, &req->offset, msg, len);
    if (!strcmp(p->key, "per"))
        return parse_number(p, 1, API_MAX_PER, &req->per, msg, len);
    if (!strcmp(p->key, "strict"))
        return parse_flag(p, &req->strict, msg, len);
    if (!strcmp(p->key, "exact"))
        return parse_flag(p, &req->exact, msg, len);
    if (!strcmp(p->key, "facets"))
        return parse_facets(v, req, msg, len);
    if (!strcmp(p->key, "sort")) {
        search_sort sort = search_sort_from_name(v);
        if (sort != SORT_COUNT) {
            req->sort = sort;
            return 0;
        }
        snprintf(msg, len, "sort: '%.40s' is not one of %s", v, search_sort_names());
        return -1;
    }
    if (!strcmp(p->key, "by")) {
        if (strcmp(v, "authority") && strcmp(v, "council")) {
            snprintf(msg, len, "by: only 'authority' can be grouped by");
            return -1;
        }
        req->by_authority = 1;
        return 0;
    }
    if (!strcmp(p->key, "since")) {
        /* Checked here for its length (it travels in a fixed field,
         * wire.h); its meaning by the search core, as for the CLI. */
        if (!v[0] || strlen(v) >= WIRE_SINCE_MAX) {
            snprintf(msg, len, "since: give a generation number, last, -N or a date "
                     "YYYY-MM-DD");
            return -1;
        }
        req->since = v;
        return 0;
    }
    if (!strcmp(p->key, "view")) {
        static const char *const views[] = {"search", "significant", "pivot"};
        for (int i = 0; i < 3; i++)
            if (!strcmp(v, views[i])) {
                o->view = (wire_view)i;
                return 0;
            }
        snprintf(msg, len, "view: '%.40s' is not one of search, significant, pivot", v);
        return -1;
    }
    if (!strcmp(p->key, "pivot")) {
        char rows[32] = "", cols[32] = "";
        const char *comma = strchr(v, ',');
        if (comma && (size_t)(comma - v) < sizeof rows && strlen(comma + 1) < sizeof cols) {
            memcpy(rows, v, (size_t)(comma - v));
            strcpy(cols, comma + 1);
        }
        o->pivot_rows = pivot_dimension_from_name(rows);
        o->pivot_columns = pivot_dimension_from_name(cols);
        if (o->pivot_rows < 0 || o->pivot_columns < 0 || o->pivot_rows == o->pivot_columns) {
            snprintf(msg, len, "pivot: '%.40s' is not two different dimensions, ROWS,COLUMNS, "
                     "of authority, section, theme, score, rating, kind, published", v);
            return -1;
        }
        return 0;
    }
    if (!strcmp(p->key, "hl")) {
        if (!strcmp(v, "pua")) {
            o->pua = 1;
        } else if (strcmp(v, "stars")) {
            snprintf(msg, len, "hl: '%.40s' is not one of stars, pua", v);
            return -1;
        }
        return 0;
    }
    snprintf(msg, len, "unknown parameter '%.40s'; the API takes q, limit, offset, "
             "sort, by, per, facets, strict, exact, since, hl, view, pivot", p->key);
    return -1;
}

/* Fill o from ps (q only when with_query). Returns 0, or -1 with msg. */
static int parse_params(const api_params *ps, int with_query, options *o, char *msg,
                        size_t len)
{
    search_request_init(&o->req, NULL);
    o->query = NULL;
    o->pua = 0;
    o->view = WIRE_VIEW_SEARCH;
    o->pivot_rows = pivot_dimension_from_name("section");
    o->pivot_columns = pivot_dimension_from_name("score");
    if (ps->overflow) {
        snprintf(msg, len, "%s", API_TOO_MANY_PARAMS);
        return -1;
    }
    for (size_t i = 0; i < ps->n; i++) {
        const api_param *p = &ps->items[i];
        for (size_t j = 0; j < i; j++)
            if (!strcmp(ps->items[j].key, p->key)) {
                snprintf(msg, len, "parameter '%.40s' is given twice", p->key);
                return -1;
            }
        if (!with_query && !strcmp(p->key, "q")) {
            snprintf(msg, len, "a batch takes its queries from the body, one a line, "
                     "not from q");
            return -1;
        }
        if (p->value && strlen(p->value) != p->value_len) {
            /* A NUL would silently cut the value short: refuse it. */
            snprintf(msg, len, "parameter '%.40s' contains a NUL byte at byte %zu",
                     p->key, strlen(p->value) + 1);
            return -1;
        }
        if (parse_one(p, o, msg, len) != 0)
            return -1;
    }
    if (!with_query && o->view != WIRE_VIEW_SEARCH) {
        snprintf(msg, len, "a batch answers searches only (view=search)");
        return -1;
    }
    if (with_query && !o->query) {
        snprintf(msg, len, "no query: give one as q, e.g. /api/search?q=carers");
        return -1;
    }
    return 0;
}

/* ---- searching ---- */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One query's answer: JSON text (malloc()ed), its status, and whether the
 * client hung up meanwhile (nothing to answer then). */
typedef struct answer_text {
    char *json;
    size_t len;
    unsigned status;
    unsigned retry_after;
    int gone;
} answer_text;

static void text_error(answer_text *a, unsigned status, const char *query,
                       qerror_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void text_error(answer_text *a, unsigned status, const char *query,
                       qerror_kind kind, const char *fmt, ...)
{
    qerror err = {.kind = kind};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof err.message, fmt, ap);
    va_end(ap);
    json_t *js = answer_error(query, &err);
    a->json = js ? json_dumps(js, JSON_COMPACT) : NULL;
    a->len = a->json ? strlen(a->json) : 0;
    a->status = a->json ? status : 500;
    json_decref(js);
}

/* A worker's outcome other than an answer, as the client's answer. */
static void outcome_error(const api_ctx *ctx, worker_outcome wo, const char *query,
                          double seconds, answer_text *a)
{
    switch (wo) {
    case WORKER_BUSY:
        a->retry_after = BUSY_RETRY;
        text_error(a, 503, query, QERR_INDEX, "the server is busy: all %u of its "
                   "searches at once are running and others are waiting; try again "
                   "in a moment", workers_count(ctx->workers));
        break;
    case WORKER_TIMEOUT:
        text_error(a, 503, query, QERR_INDEX, "the search was stopped: it ran past its "
                   "time limit of %g s without stopping itself (a damaged index can do "
                   "this: lasearch-index --check)", seconds);
        break;
    case WORKER_CRASHED:
        text_error(a, 500, query, QERR_INDEX, "the search failed: the process running "
                   "it died (a damaged index can do this: lasearch-index --check)");
        break;
    case WORKER_CLIENT_GONE:
        a->gone = 1;
        break;
    default:
        text_error(a, 503, query, QERR_INDEX, "the server cannot search now (it is "
                   "stopping, or cannot start the processes it searches in)");
        break;
    }
}

/* Run query with o's options on a worker, within `seconds`. */
static void one_query(const api_ctx *ctx, const options *o, const char *query,
                      double seconds, int client_fd, answer_text *a)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(query);
    /* Refused here, not echoed: a query over the limit is not the
     * worker's to read, nor the client's to get back (the search core
     * checks the same limit with the same words). */
    if (n > ctx->limits.max_query) {
        text_error(a, 400, NULL, QERR_LENGTH, "the query is too long: %zu bytes, and the "
                   "limit is %zu (lasearch-serve --max-query-bytes)", n,
                   ctx->limits.max_query);
        return;
    }
    wire_request w;
    wire_pack(&o->req, o->pua, &w);
    w.view = (uint8_t)o->view;
    w.pivot_rows = (int8_t)o->pivot_rows;
    w.pivot_columns = (int8_t)o->pivot_columns;
    w.query_len = (uint32_t)n;
    w.max_query_length = ctx->limits.max_query;
    w.timeout = seconds;
    worker_outcome wo = workers_run(ctx->workers, &w, query, client_fd, seconds + KILL_AFTER,
                                    &a->status, &a->json, &a->len);
    if (wo != WORKER_OK)
        outcome_error(ctx, wo, query, seconds, a);
}

void api_search(const api_ctx *ctx, const api_params *ps, int client_fd, api_reply *out)
{
    options o;
    char msg[256];
    if (parse_params(ps, 1, &o, msg, sizeof msg) != 0) {
        reply_error(out, 400, o.query, 0, "%s", msg);
        return;
    }
    answer_text a;
    one_query(ctx, &o, o.query, ctx->limits.timeout, client_fd, &a);
    out->type = type_json;
    out->body = a.json;
    out->len = a.len;
    out->status = a.gone ? 0 : a.json ? a.status : 500;
    out->retry_after = a.retry_after;
}

/* ---- batch ---- */

/* The line at body[at..at+n) (a CR before its newline dropped) answered
 * into a, within the batch's time left. */
static void batch_line(const api_ctx *ctx, const options *o, const char *line, size_t n,
                       double deadline, int client_fd, answer_text *a)
{
    memset(a, 0, sizeof *a);
    double left = deadline - now();
    char *copy = NULL;
    if (n > ctx->limits.max_query) {
        /* The same error as a search's, without copying the line. */
        text_error(a, 400, NULL, QERR_LENGTH, "the query is too long: %zu bytes, and the "
                   "limit is %zu (lasearch-serve --max-query-bytes)", n,
                   ctx->limits.max_query);
    } else if (!(copy = malloc(n + 1))) {
        text_error(a, 500, NULL, QERR_NOMEM, "out of memory");
    } else if (memcpy(copy, line, n), copy[n] = '\0', strlen(copy) != n) {
        /* As lasearch-query --batch: a NUL would cut the query short. */
        text_error(a, 400, copy, QERR_SYNTAX, "the query contains a NUL byte at byte %zu",
                   strlen(copy) + 1);
    } else if (left <= 0) {
        text_error(a, 503, copy, QERR_INDEX, "not run: the batch took longer than its "
                   "time limit of %g s (lasearch-serve --batch-timeout)",
                   ctx->limits.batch_timeout);
    } else {
        double seconds = left < ctx->limits.timeout ? left : ctx->limits.timeout;
        one_query(ctx, o, copy, seconds, client_fd, a);
    }
    free(copy);
}

static size_t count_lines(const char *body, size_t len)
{
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += body[i] == '\n' || (i + 1 == len);
    return lines;
}

void api_batch(const api_ctx *ctx, const api_params *ps, const char *body, size_t len,
               int client_fd, api_reply *out)
{
    options o;
    char msg[256];
    if (parse_params(ps, 0, &o, msg, sizeof msg) != 0) {
        reply_error(out, 400, NULL, 0, "%s", msg);
        return;
    }
    size_t lines = count_lines(body, len);
    if (lines > ctx->limits.max_lines) {
        reply_error(out, 413, NULL, 0, "the batch has %zu queries; the limit is %zu "
                    "(lasearch-serve --max-batch-lines)", lines, ctx->limits.max_lines);
        return;
    }
    /* The answer is written as lasearch-query --batch writes it, one compact
     * object a line, into memory. */
    char *data = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&data, &size);
    int failed = !f, gone = 0;
    double deadline = now() + ctx->limits.batch_timeout;
    for (size_t at = 0; !failed && !gone && at < len;) {
        const char *nl = memchr(body + at, '\n', len - at);   /* NULs are data */
        size_t n = nl ? (size_t)(nl - (body + at)) : len - at;
        const char *line = body + at;
        at += n + 1;
        while (n > 0 && line[n - 1] == '\r')
            n--;
        answer_text a;
        batch_line(ctx, &o, line, n, deadline, client_fd, &a);
        gone = a.gone;
        failed = !gone && (!a.json || fwrite(a.json, 1, a.len, f) != a.len ||
                           fputc('\n', f) == EOF);
        free(a.json);
    }
    if (f && fclose(f) != 0)
        failed = 1;
    if (failed || gone) {
        free(data);
        if (gone)
            out->status = 0;
        else
            api_error(out, 500, "out of memory");
        return;
    }
    out->status = 200;
    out->type = type_ndjson;
    out->body = data;
    out->len = size;
}

/* ---- feed ---- */

/* When the live generation was published: its stub's modification time
 * (the stub is renamed into place at publication); now when unknown. */
static long long published(const api_ctx *ctx)
{
    char *stub = layout_stub_path(ctx->index);
    struct stat st;
    long long t = stub && stat(stub, &st) == 0 ? (long long)st.st_mtime : (long long)time(NULL);
    free(stub);
    return t;
}

void api_feed(const api_ctx *ctx, const api_params *ps, int client_fd, api_reply *out)
{
    options o;
    char msg[256];
    if (parse_params(ps, 1, &o, msg, sizeof msg) != 0) {
        reply_error(out, 400, o.query, 0, "%s", msg);
        return;
    }
    for (size_t i = 0; i < ps->n; i++) {
        if (strcmp(ps->items[i].key, "q") != 0) {
            reply_error(out, 400, o.query, 0, "a feed takes only q (the query; its "
                        "entries are its paragraphs, newest first)");
            return;
        }
    }
    /* Newest first, whole matches only: an entry is a paragraph that has
     * every word, as a saved search's. */
    o.req.sort = SORT_NEWEST;
    o.req.strict = 1;
    o.req.limit = FEED_ENTRIES;
    answer_text a;
    one_query(ctx, &o, o.query, ctx->limits.timeout, client_fd, &a);
    if (a.gone || !a.json || a.status != 200) {
        out->type = type_json;
        out->body = a.json;
        out->len = a.len;
        out->status = a.gone ? 0 : a.json ? a.status : 500;
        out->retry_after = a.retry_after;
        return;
    }
    json_t *answer = json_loadb(a.json, a.len, 0, NULL);
    free(a.json);
    char *atom = NULL;
    size_t len = 0;
    if (!answer || feed_atom(answer, o.query, published(ctx), &atom, &len) != 0) {
        json_decref(answer);
        api_error(out, 500, "out of memory");
        return;
    }
    json_decref(answer);
    out->status = 200;
    out->type = FEED_TYPE;
    out->body = atom;
    out->len = len;
}

void api_status(const api_ctx *ctx, api_reply *out)
{
    /* A stub lasearch-index did not write (one listing remote shards)
     * names no generation: "" then, as for no stub. The index itself is
     * checked by every search. */
    char ignored[512];
    long n = layout_current(ctx->index, ignored, sizeof ignored);
    char gen[LAYOUT_GEN_NAME_MAX] = "";
    if (n > 0)
        layout_gen_name(n, gen);
    reply_json(out, 200, json_pack("{s:s, s:s}", "version", LASEARCH_VERSION,
                                   "generation", gen));
}
