/* search_since.c: --since, only the paragraphs new or changed after a
 * generation (genhist.h says what a paragraph's first-seen generation is
 * and what --since may be). */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genhist.h"
#include "schema.h"

int search_index_generations(search_index *ix, gen_history *h, char *err, size_t errlen)
{
    char *text = NULL;
    shim_status st = shim_db_metadata(ix->db, META_GENERATIONS, &text);
    if (st != SHIM_OK) {
        ix->last_status = st;
        snprintf(err, errlen, "cannot read the index's generations: %s", shim_last_error());
        return -1;
    }
    int rc = gen_history_parse(text, h);
    free(text);
    if (rc != 0)
        snprintf(err, errlen, "the index's list of generations is damaged: rebuild it "
                 "with lasearch-index");
    return rc;
}

/* q filtered to the paragraphs first seen after generation after. */
static shim_status filter(shim_query **q, const char *lo)
{
    if (!*q)
        return SHIM_OK;
    shim_query *range = NULL, *both = NULL;
    shim_status st = shim_query_value_range(SLOT_FIRST_SEEN, lo, NULL, &range);
    if (st == SHIM_OK) {
        shim_query *parts[2] = {*q, range};
        st = shim_query_combine(SHIM_OP_FILTER, parts, 2, 0, &both);
    }
    shim_query_free(range);
    if (st == SHIM_OK) {
        shim_query_free(*q);
        *q = both;
    }
    return st;
}

int search_since_apply(search_index *ix, const search_request *req, qbuild_result *qb,
                       qerror *err)
{
    if (!req->since)
        return 0;
    gen_history h;
    long after;
    if (search_index_generations(ix, &h, err->message, sizeof err->message) != 0) {
        err->kind = QERR_INDEX;
        err->column = 0;
        return -1;
    }
    int rc = gen_since_resolve(req->since, &h, &after, err->message, sizeof err->message);
    gen_history_clear(&h);
    if (rc != 0) {
        err->kind = QERR_SYNTAX;
        err->column = 0;
        return -1;
    }
    char lo[32];
    snprintf(lo, sizeof lo, "%0*ld", SCHEMA_GEN_DIGITS, after + 1);
    shim_status st = filter(&qb->query, lo);
    if (st == SHIM_OK)
        st = filter(&qb->any_of, lo);
    if (st != SHIM_OK) {
        err->kind = st == SHIM_ERR_NOMEM ? QERR_NOMEM : QERR_INDEX;
        err->column = 0;
        snprintf(err->message, sizeof err->message, "--since: %s", shim_last_error());
        return -1;
    }
    return 0;
}
