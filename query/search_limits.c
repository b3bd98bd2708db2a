/*
 * search_limits.c: what one request may cost (search.h, "Limits"), checked
 * in the search core so every front end -- the CLI, batch mode, the server
 * -- enforces the same bounds with the same messages.
 */
#include "search_internal.h"

#include <stdio.h>
#include <string.h>

void search_limits_init(search_request *req)
{
    req->max_query_length = SEARCH_DEFAULT_MAX_QUERY_LENGTH;
    req->max_depth = QPARSE_DEFAULT_MAX_DEPTH;
    req->wildcard_limit = QBUILD_DEFAULT_WILDCARD_LIMIT;
    req->max_results = SEARCH_DEFAULT_MAX_RESULTS;
    req->timeout = SEARCH_DEFAULT_TIMEOUT;
}

int search_limits_check(const search_request *req, qerror *err)
{
    size_t max_length = req->max_query_length ? req->max_query_length
                                              : SEARCH_DEFAULT_MAX_QUERY_LENGTH;
    size_t max_results = req->max_results ? req->max_results : SEARCH_DEFAULT_MAX_RESULTS;
    size_t per = req->by_authority && req->per ? req->per : 1;
    size_t len = strlen(req->query);
    err->column = 0;
    err->kind = QERR_SYNTAX;
    /* The raw text, before normalising a megabyte only to refuse it. */
    if (len > max_length) {
        snprintf(err->message, sizeof err->message,
                 "the query is too long: %zu bytes, and the limit is %zu", len,
                 max_length);
        err->kind = QERR_LENGTH;
        return -1;
    }
    /* Divided, not multiplied: limit * per may not fit in a size_t. */
    if (req->limit > max_results / per || per > max_results) {
        if (per > 1)
            snprintf(err->message, sizeof err->message,
                     "too many results asked for: %zu councils with %zu paragraphs "
                     "each, and the limit is %zu paragraphs", req->limit, per,
                     max_results);
        else
            snprintf(err->message, sizeof err->message,
                     "too many results asked for: %zu, and the limit is %zu",
                     req->limit, max_results);
        err->kind = QERR_RESULTS;
        return -1;
    }
    return 0;
}

qparse_options search_limits_parse(const search_request *req)
{
    qparse_options o = {req->max_query_length, req->max_depth};
    return o;
}

shim_status search_limits_time(const search_request *req, shim_enquire *enq)
{
    return req->timeout > 0 ? shim_enquire_set_time_limit(enq, req->timeout) : SHIM_OK;
}
