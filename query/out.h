/*
 * out.h: formatting a search result for people (text) and scripts (JSON,
 * TSV). Data goes to the given stream; nothing here decides what to search.
 */
#ifndef LASEARCH_OUT_H
#define LASEARCH_OUT_H

#include <stdio.h>
#include <jansson.h>
#include "search.h"

typedef struct out_style {
    int colour;          /* ANSI colour (a terminal that wants it) */
} out_style;

/* Highlight markers to ask the search for: ANSI bold colour, or "**". */
const char *out_hl_start(const out_style *st);
const char *out_hl_end(const out_style *st);

/* The result for a terminal or a pager. Prints nothing when there are no
 * hits (the caller reports that on stderr). */
void out_text(FILE *f, const out_style *st, const search_request *req,
              const search_result *res);

/* One JSON object for the query (the schema is in the README):
 * query, parsed, total, partial, facets, groups (with --by), suggestion,
 * hits. New reference or NULL (out of memory). */
json_t *out_json(const search_request *req, const search_result *res);

/* The JSON object for a query that failed: query, error {message, column}. */
json_t *out_json_error(const char *query, const qerror *err);

/* Tab-separated hits with a header line; tabs and newlines inside fields
 * become spaces. */
void out_tsv(FILE *f, const search_result *res);

#endif /* LASEARCH_OUT_H */
