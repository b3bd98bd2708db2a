/* api.c: the JSON API over the one search core (see api.h). */
#include "api.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "normalise.h"
#include "out.h"

static const char type_json[] = "application/json; charset=utf-8";
static const char type_ndjson[] = "application/x-ndjson; charset=utf-8";

/* Highlight markers a page can split on without ambiguity: the corpus
 * itself contains "**" (Markdown bold), never these private-use characters
 * (U+E000, U+E001). */
static const char pua_start[] = "\xee\x80\x80";
static const char pua_end[] = "\xee\x80\x81";

/* A failed index borrow or search is retried on a fresh handle this many
 * times: a rebuild can remove a generation between our look at the stub
 * and our read of it, and the next look finds the new one. */
#define ATTEMPTS 3

/* ---- replies ---- */

/* query with each byte that is not part of well-formed UTF-8 replaced by
 * U+FFFD, malloc()ed (NULL when out of memory). */
static char *utf8_clean(const char *query)
{
    size_t len = strlen(query), w = 0;
    char *out = malloc(len * 3 + 1);
    while (out && len) {
        size_t ok = norm_utf8_invalid_at(query, len);
        memcpy(out + w, query, ok);
        w += ok;
        query += ok;
        len -= ok;
        if (len) {
            memcpy(out + w, "\xef\xbf\xbd", 3);
            w += 3;
            query++;
            len--;
        }
    }
    if (out)
        out[w] = '\0';
    return out;
}

/* The error object for query. JSON strings are UTF-8, so a query that is
 * not (the error may be exactly that) is echoed cleaned. */
static json_t *error_json(const char *query, const qerror *err)
{
    json_t *js = out_json_error(query, err);
    if (js || !query)
        return js;
    char *clean = utf8_clean(query);
    js = clean ? out_json_error(clean, err) : NULL;
    free(clean);
    return js;
}

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
{
    qerror err = {.column = column};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof err.message, fmt, ap);
    va_end(ap);
    reply_json(out, status, error_json(query, &err));
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
            snprintf(msg, len, "facets: unknown facet '%s'; choose from authority, "
                     "score, section, theme, kind", name);
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
    static const char *const sorts[] = {"relevance", "authority", "score", "document"};
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
        for (int i = 0; i < 4; i++)
            if (!strcmp(v, sorts[i])) {
                req->sort = (search_sort)i;
                return 0;
            }
        snprintf(msg, len, "sort: '%.40s' is not one of relevance, authority, score, "
                 "document", v);
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
    if (!strcmp(p->key, "hl")) {
        if (!strcmp(v, "pua")) {
            req->hl_start = pua_start;
            req->hl_end = pua_end;
        } else if (strcmp(v, "stars")) {
            snprintf(msg, len, "hl: '%.40s' is not one of stars, pua", v);
            return -1;
        }
        return 0;
    }
    snprintf(msg, len, "unknown parameter '%.40s'; the API takes q, limit, offset, "
             "sort, by, per, facets, strict, exact, hl", p->key);
    return -1;
}

/* Fill o from ps (q only when with_query). Returns 0, or -1 with msg. */
static int parse_params(const api_params *ps, int with_query, options *o, char *msg,
                        size_t len)
{
    search_request_init(&o->req, NULL);
    o->query = NULL;
    if (ps->overflow) {
        snprintf(msg, len, "too many parameters (at most %d)", API_MAX_PARAMS);
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
    if (with_query && !o->query) {
        snprintf(msg, len, "no query: give one as q, e.g. /api/search?q=carers");
        return -1;
    }
    return 0;
}

/* ---- searching ---- */

/* Run req on the live index, on a fresh handle again when the index fails
 * under us. res is always safe to clear afterwards. */
static search_status run_search(const api_ctx *ctx, const search_request *req,
                                search_result *res, qerror *err)
{
    search_status ss = SEARCH_INDEX_ERROR;
    memset(res, 0, sizeof *res);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (attempt) {
            struct timespec pause = {0, 20000000L * attempt};
            nanosleep(&pause, NULL);
        }
        search_result_clear(res);
        memset(err, 0, sizeof *err);
        search_index *ix = pool_acquire(ctx->pool, err->message, sizeof err->message);
        if (!ix)
            continue;
        ss = search_run(ix, req, res, err);
        pool_release(ctx->pool, ix, ss == SEARCH_INDEX_ERROR);
        if (ss != SEARCH_INDEX_ERROR)
            return ss;
    }
    return SEARCH_INDEX_ERROR;
}

/* The JSON for one query, and the HTTP status it deserves. */
static json_t *one_query(const api_ctx *ctx, search_request *req, unsigned *status)
{
    qerror err = {0};
#ifdef SEARCH_DEFAULT_MAX_QUERY_LENGTH
    /* The search core has its own query-length limit: make it ours, so one
     * limit with one message applies to the CLI and the server alike. */
    req->max_query_length = ctx->limits.max_query;
#else
    size_t n = strlen(req->query);
    if (n > ctx->limits.max_query) {
        snprintf(err.message, sizeof err.message, "the query is %zu bytes long; the "
                 "limit is %zu (lasearch-serve --max-query-bytes)", n,
                 ctx->limits.max_query);
        *status = 400;
        return error_json(req->query, &err);
    }
#endif
    search_result res;
    search_status ss = run_search(ctx, req, &res, &err);
    json_t *js;
    if (ss == SEARCH_OK) {
        js = out_json(req, &res);
        *status = 200;
    } else {
        js = error_json(req->query, &err);
        *status = ss == SEARCH_QUERY_ERROR ? 400 : 503;
    }
    search_result_clear(&res);
    return js;
}

void api_search(const api_ctx *ctx, const api_params *ps, api_reply *out)
{
    options o;
    char msg[256];
    if (parse_params(ps, 1, &o, msg, sizeof msg) != 0) {
        reply_error(out, 400, o.query, 0, "%s", msg);
        return;
    }
    o.req.query = o.query;
    unsigned status;
    json_t *js = one_query(ctx, &o.req, &status);
    reply_json(out, status, js);
}

/* ---- batch ---- */

void api_batch(const api_ctx *ctx, const api_params *ps, const char *body, size_t len,
               api_reply *out)
{
    options o;
    char msg[256];
    if (parse_params(ps, 0, &o, msg, sizeof msg) != 0) {
        reply_error(out, 400, NULL, 0, "%s", msg);
        return;
    }
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += body[i] == '\n' || (i + 1 == len);
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
    char *line = malloc(len + 1);
    int failed = !f || !line;
    for (size_t at = 0; !failed && at < len;) {
        const char *nl = memchr(body + at, '\n', len - at);   /* NULs are data */
        size_t n = nl ? (size_t)(nl - (body + at)) : len - at;
        memcpy(line, body + at, n);
        at += n + 1;
        while (n > 0 && line[n - 1] == '\r')
            n--;
        line[n] = '\0';
        search_request req = o.req;
        req.query = line;
        json_t *js;
        if (strlen(line) != n) {
            /* As lasearch-query --batch: a NUL would cut the query short. */
            qerror err = {0};
            snprintf(err.message, sizeof err.message,
                     "the query contains a NUL byte at byte %zu", strlen(line) + 1);
            js = error_json(line, &err);
        } else {
            unsigned status;
            js = one_query(ctx, &req, &status);
        }
        failed = !js || json_dumpf(js, f, JSON_COMPACT) != 0 || fputc('\n', f) == EOF;
        json_decref(js);
    }
    free(line);
    if (f && fclose(f) != 0)
        failed = 1;
    if (failed) {
        free(data);
        api_error(out, 500, "out of memory");
        return;
    }
    out->status = 200;
    out->type = type_ndjson;
    out->body = data;
    out->len = size;
}

void api_status(const api_ctx *ctx, api_reply *out)
{
    char gen[256];
    pool_generation(ctx->pool, gen, sizeof gen);
    reply_json(out, 200, json_pack("{s:s, s:s}", "version", LASEARCH_VERSION,
                                   "generation", gen));
}
