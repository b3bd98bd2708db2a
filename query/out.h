/*
 * out.h: formatting a search result for people (text) and scripts (JSON,
 * TSV). Data goes to the given stream; nothing here decides what to search.
 */
#ifndef LASEARCH_OUT_H
#define LASEARCH_OUT_H

#include <stdio.h>
#include <jansson.h>
#include "search.h"
#include "pivot.h"
#include "significant.h"

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

/* ---- TSV: tables for spreadsheets and scripts ----
 *
 * One header line, then one line a row; tabs and line breaks inside a
 * field become spaces, so every row has exactly the header's columns.
 * Snippets carry no highlight markers (ask search for "" markers) but do
 * carry "..." where text is left out. The `url` column is the source as a
 * link: the document's URL, with "#page=N" for a PDF paragraph (RFC 8118).
 *
 *   hits:     rank weight id authority kind section theme score heading
 *             file line page url snippet text
 *   councils: authority count id url snippet   (--by authority: a row per
 *             council, with its best paragraph)
 *   totals:   total                            (--limit 0: counts only)
 * In a batch every row starts with the query (a `query` column first). */

typedef enum out_tsv_table {
    OUT_TSV_HITS, OUT_TSV_COUNCILS, OUT_TSV_TOTALS
} out_tsv_table;

/* The table a request gives: councils with by_authority, totals with limit
 * 0, else hits. */
out_tsv_table out_tsv_table_for(const search_request *req);

/* The header line of table, with a leading `query` column when batch. */
void out_tsv_header(FILE *f, out_tsv_table table, int batch);

/* The rows of res as table; query (may be NULL) fills a first column. */
void out_tsv_rows(FILE *f, out_tsv_table table, const char *query,
                  const search_result *res);

/* A paragraph's source as a link into buf: its url, with "#page=N" for a
 * PDF page (unless the url already names a fragment); "" when unknown. */
const char *out_source_link(const para_record *r, char *buf, size_t len);

/* ---- --significant (out_significant.c) ----
 * Text: a heading line (the two sides and their sizes, a note when the
 * paragraph limit was reached), then a row a phrase: G2, foreground,
 * background, councils, the phrase ("(one council only)" after it when
 * one council alone uses it).
 * JSON: query, background (null: the rest of the index), test ("G2"),
 * foreground_paragraphs, background_paragraphs, foreground_examined,
 * background_examined, limited, max_paragraphs, incomplete, significant
 * (objects: text, words, foreground, background, councils, score).
 * TSV: text words foreground background councils score. */
void out_significant_text(FILE *f, const significant_request *req,
                          const significant_result *res);
/* New reference, or NULL out of memory. */
json_t *out_significant_json(const significant_request *req, const significant_result *res);
void out_significant_tsv(FILE *f, const significant_result *res);

/* ---- --pivot (out_pivot.c) ----
 * Text: the counts as a table (rows, columns, a total row and column;
 * "(none)" for no value), then the same table of councils when counted.
 * JSON: query, total, councils (null when not counted), incomplete, pivot
 * {rows, columns: {dimension, values: [{value, count, councils}]},
 *  cells: [{row, column, count, councils}] (every pair, zeros too)};
 * a value null is "no value".
 * TSV: a spreadsheet's table: a header "ROWS\COLUMNS", each column value,
 * "total"; a line a row value with its counts and total; a last line
 * "total". Paragraph counts only (councils are in JSON and text). */
void out_pivot_text(FILE *f, const pivot_request *req, const pivot_result *res);
json_t *out_pivot_json(const pivot_request *req, const pivot_result *res);
void out_pivot_tsv(FILE *f, const pivot_result *res);

#endif /* LASEARCH_OUT_H */
