/* wire.c: messages between the server and its search workers (wire.h). */
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void wire_pack(const search_request *req, int pua, wire_request *w)
{
    memset(w, 0, sizeof *w);
    w->magic = WIRE_REQUEST_MAGIC;
    w->limit = req->limit;
    w->offset = req->offset;
    w->per = req->per;
    w->snippet_bytes = req->snippet_bytes;
    w->max_query_length = req->max_query_length;
    w->max_results = req->max_results;
    w->max_depth = req->max_depth;
    w->wildcard_limit = req->wildcard_limit;
    w->sort = (uint8_t)req->sort;
    w->by_authority = req->by_authority != 0;
    w->strict = req->strict != 0;
    w->exact = req->exact != 0;
    w->pua = pua != 0;
    for (int f = 0; f < FACET_COUNT; f++)
        w->facets[f] = req->facets[f] != 0;
    w->timeout = req->timeout;
    snprintf(w->since, sizeof w->since, "%s", req->since ? req->since : "");
}

void wire_unpack(const wire_request *w, const char *query, search_request *req)
{
    search_request_init(req, query);
    req->limit = (size_t)w->limit;
    req->offset = (size_t)w->offset;
    req->per = (size_t)w->per;
    req->snippet_bytes = (size_t)w->snippet_bytes;
    req->max_query_length = (size_t)w->max_query_length;
    req->max_results = (size_t)w->max_results;
    req->max_depth = w->max_depth;
    req->wildcard_limit = w->wildcard_limit;
    req->sort = w->sort < SORT_COUNT ? (search_sort)w->sort : SORT_RELEVANCE;
    req->by_authority = w->by_authority;
    req->strict = w->strict;
    req->exact = w->exact;
    for (int f = 0; f < FACET_COUNT; f++)
        req->facets[f] = w->facets[f];
    req->timeout = w->timeout;
    /* w outlives req (the worker answers before reading the next); a
     * since not ended within its array is no since. */
    req->since = w->since[0] && memchr(w->since, '\0', sizeof w->since) ? w->since : NULL;
}
