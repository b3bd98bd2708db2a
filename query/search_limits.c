/*
 * search_limits.c: what one request may cost (search.h, "Limits"), checked
 * in the search core so every front end -- the CLI, batch mode, the server
 * -- enforces the same bounds with the same messages.
 */
#include "search_internal.h"

#include <stdio.h>
#include <string.h>

/* How the time limit (req->timeout) bounds a whole request. Each match is
 * given what is left of it as Xapian's time limit, so a match that runs
 * into it stops counting and the answer is flagged incomplete, with its
 * best hits. Everything else, and a match that goes on looking for its
 * best hits (an OR of thousands of terms can for minutes), is stopped by
 * the thread's request budget (shim_budget_start) this much later, with an
 * error: the grace lets a request that ran into the limit still answer. */
#define TIME_GRACE 1.0
/* Xapian reads a time limit of 0 as none: a match that starts with no
 * time left gets this instead. */
#define TIME_MIN 1e-6
/* Words all the expansions of one request may stand for together:
 * wildcards, thesaurus forms, file: names, "none" filters. A 4 KB query
 * holds a thousand wildcards of up to wildcard_limit words each; this
 * bounds their memory and the posting lists one match opens. Raised with
 * wildcard_limit when that is larger, so one wildcard the user allowed is
 * never refused. */
#define SEARCH_MAX_EXPANSION 10000

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
    uint64_t terms = req->wildcard_limit > SEARCH_MAX_EXPANSION ? req->wildcard_limit
                                                                : SEARCH_MAX_EXPANSION;
    /* Every request starts here, so its budget starts here too. */
    shim_budget_start(req->timeout > 0 ? req->timeout + TIME_GRACE : 0, terms);
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

int search_limits_counting(search_index *ix, const search_request *from,
                           search_request *base, qerror *err)
{
    *base = *from;
    base->limit = 0;
    base->by_authority = 0;
    search_index_refresh(ix, 0, err->message, sizeof err->message);
    err->message[0] = '\0';
    return search_limits_check(base, err);
}

qparse_options search_limits_parse(const search_request *req)
{
    qparse_options o = {req->max_query_length, req->max_depth};
    return o;
}

shim_status search_limits_time(const search_request *req, shim_enquire *enq)
{
    if (!(req->timeout > 0))
        return SHIM_OK;
    /* What is left of the request's time (the budget keeps the grace on
     * top of it); without a budget, the whole limit. */
    double left = shim_budget_left() - TIME_GRACE;
    double limit = left < req->timeout ? left : req->timeout;
    return shim_enquire_set_time_limit(enq, limit > TIME_MIN ? limit : TIME_MIN);
}
