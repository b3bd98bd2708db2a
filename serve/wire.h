/*
 * wire.h: the messages between lasearch-serve and its search workers
 * (workers.h is the server's side, worker.h the worker's), over a Unix
 * stream socket, one request at a time.
 *
 *   request  a wire_request, then query_len bytes of query
 *   reply    a wire_reply, then len bytes of JSON (one compact object,
 *            the answer or its error object)
 *
 * Both ends are the same binary (a worker is lasearch-serve run again), so
 * the headers are plain structs of fixed-size fields, written and read as
 * they are; the magic number catches a stream that has lost its place.
 * Threads: the functions share nothing.
 */
#ifndef LASEARCH_SERVE_WIRE_H
#define LASEARCH_SERVE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "search.h"

#define WIRE_REQUEST_MAGIC 0x4c415271u   /* "LARq" */
#define WIRE_REPLY_MAGIC 0x4c415272u     /* "LARr" */
/* Beyond any query a server accepts (its --max-query-bytes is at most
 * 1 MiB): a longer one means the stream is broken. */
#define WIRE_MAX_QUERY (16u << 20)
/* Beyond any answer of API_MAX_LIMIT hits: a longer one is refused. */
#define WIRE_MAX_REPLY (512u << 20)
#define WIRE_SINCE_MAX 24        /* bytes of since, with its NUL ("2026-12-05") */

typedef struct wire_request {
    uint32_t magic;
    uint32_t query_len;
    uint64_t id;                 /* echoed in the reply */
    uint64_t limit, offset, per, snippet_bytes, max_query_length, max_results;
    uint32_t max_depth, wildcard_limit;
    uint8_t sort, by_authority, strict, exact;
    uint8_t pua;                 /* hl=pua: U+E000/U+E001 markers */
    uint8_t view;                /* wire_view: what to answer */
    int8_t pivot_rows, pivot_columns;  /* WIRE_VIEW_PIVOT: pivot.h's
                                          dimensions */
    uint8_t facets[FACET_COUNT];
    double timeout;              /* the search's time limit (search.h) */
    char since[WIRE_SINCE_MAX];  /* search.h's since, NUL-terminated; "" none */
} wire_request;

/* What a request asks for: a search (out_json), what stands out in its
 * paragraphs (out_significant_json, against the rest of the index), or
 * counts side by side (out_pivot_json). */
typedef enum wire_view {
    WIRE_VIEW_SEARCH = 0, WIRE_VIEW_SIGNIFICANT, WIRE_VIEW_PIVOT
} wire_view;

typedef struct wire_reply {
    uint32_t magic;
    uint32_t status;             /* the HTTP status the answer deserves */
    uint64_t id;
    uint64_t len;                /* bytes of JSON that follow */
} wire_reply;

/* req's options (not its query or markers) into w; pua as asked; the view
 * a search (set view and the pivot's dimensions after). */
void wire_pack(const search_request *req, int pua, wire_request *w);
/* w's options into req (search_request_init first); query is borrowed.
 * The markers are left at their defaults: the worker chooses them. */
void wire_unpack(const wire_request *w, const char *query, search_request *req);

#endif /* LASEARCH_SERVE_WIRE_H */
