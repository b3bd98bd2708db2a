/*
 * api.h: the JSON API of lasearch-serve, independent of HTTP.
 *
 * Requests arrive as decoded query-string parameters (and, for a batch, a
 * body); replies leave as a status code, a content type and a body. The
 * search itself is search_run() and the JSON is out_json(), exactly as in
 * lasearch-query --json: one search core, two front ends. Each search runs
 * in a worker process (workers.h), never in the server.
 *
 *   search   q, limit, offset, sort, by, per, facets, strict, exact, since,
 *            hl (since: only paragraphs new or changed after a generation)
 *            -> 200 and the object of lasearch-query --json, or 400 and
 *               {"query", "error": {"message", "kind", "column"}}
 *            view=significant: the object of lasearch-query --significant
 *               --json (against the rest of the index; limit phrases);
 *            view=pivot with pivot=ROWS,COLUMNS (default section,score):
 *               the object of lasearch-query --pivot --json
 *   batch    the same parameters but q; one query a line in the body
 *            -> 200 and one compact object a line (errors in their line)
 *   status   -> 200 and {"version", "generation"}
 *   feed     (at /feed) q -> 200 and an Atom feed of its paragraphs,
 *            newest first (feed.h)
 * An index that cannot be opened or read gives 503 with the error object;
 * so does a search that overran its time limit and was stopped, and a
 * server whose workers are all busy (with Retry-After). A search whose
 * worker died gives 500.
 */
#ifndef LASEARCH_SERVE_API_H
#define LASEARCH_SERVE_API_H

#include <stddef.h>

#include "workers.h"

/* Parameters beyond this many are refused (a request is not a data dump),
 * with this message (the server refuses them before they are parsed). */
#define API_MAX_PARAMS 32
#define API_STR_(x) #x
#define API_STR(x) API_STR_(x)
#define API_TOO_MANY_PARAMS "too many parameters (at most " API_STR(API_MAX_PARAMS) ")"

typedef struct api_param {
    const char *key;        /* NUL-terminated, decoded */
    const char *value;      /* decoded; NULL when given without '=' */
    size_t value_len;       /* bytes in value (a NUL inside shows as a
                               value_len beyond strlen) */
} api_param;

typedef struct api_params {
    api_param items[API_MAX_PARAMS];
    size_t n;
    int overflow;           /* more than API_MAX_PARAMS were given */
} api_params;

/* Limits on what one request may ask (documented in the README). */
typedef struct api_limits {
    size_t max_query;       /* bytes in one query */
    size_t max_lines;       /* queries in one batch */
    double timeout;         /* seconds one search may take */
    double batch_timeout;   /* seconds a whole batch may take */
} api_limits;

#define API_MAX_LIMIT 1000      /* hits (or councils) per page */
#define API_MAX_OFFSET 100000   /* deepest page start */
#define API_MAX_PER 100         /* paragraphs per council */

typedef struct api_reply {
    unsigned status;        /* HTTP status; 0: the client has hung up,
                               answer nothing */
    const char *type;       /* Content-Type (static) */
    char *body;             /* malloc()ed; NULL with status 500 when out of
                               memory */
    size_t len;
    unsigned retry_after;   /* seconds for Retry-After (0: none) */
} api_reply;

typedef struct api_ctx {
    workers *workers;
    const char *index;      /* the index directory (for its generation) */
    api_limits limits;
} api_ctx;

/* client_fd: the client's socket, watched while a search runs so a search
 * for a client that hung up is stopped (-1: not watched). */
void api_search(const api_ctx *ctx, const api_params *ps, int client_fd, api_reply *out);
void api_batch(const api_ctx *ctx, const api_params *ps, const char *body, size_t len,
               int client_fd, api_reply *out);
void api_status(const api_ctx *ctx, api_reply *out);
/* /feed: q -> 200 and the Atom feed of its paragraphs, newest first
 * (feed.h); a bad query -> 400 and the error object, as api_search. */
void api_feed(const api_ctx *ctx, const api_params *ps, int client_fd, api_reply *out);

/* An error reply: {"query": null, "error": {"message": msg, ...}}. */
void api_error(api_reply *out, unsigned status, const char *msg);

#endif /* LASEARCH_SERVE_API_H */
