/*
 * pivot.h: counts side by side (--pivot ROWS,COLUMNS): how many of a
 * query's paragraphs have each pair of values of two dimensions, say
 * statement and score, with totals per row, per column and in all.
 *
 * Counts are exact: every match is looked at (its values read from the
 * value slots, never the stored records). A paragraph with no value for a
 * dimension counts in that dimension's "no value" row or column (value
 * "", last), as the facets' no-value bucket, so the cells of a row add up
 * to the row's total, the rows to the total, and the total is the
 * query's.
 *
 * Councils: beside each count, how many councils those paragraphs come
 * from (paragraphs with no council are in the count, not among the
 * councils), so "section by score" says both how often and how widely.
 * That means nothing when a dimension is the council itself (a cell is
 * one council), so with authority as rows or columns councils are not
 * counted (has_councils 0). A row's or column's councils are councils
 * in any of its cells, not the sum of them.
 *
 * Dimensions are one table in search_pivot.c (name, value slot, and how a
 * slot's value becomes the cell's): a new one is a line there.
 *
 * Threads and ownership as search.h.
 */
#ifndef LASEARCH_PIVOT_H
#define LASEARCH_PIVOT_H

#include <stddef.h>
#include <stdint.h>

#include "search.h"

typedef struct pivot_request {
    const search_request *base;   /* query, exact, limits */
    int rows, columns;            /* pivot_dimension_from_name() */
} pivot_request;

typedef struct pivot_axis {
    int dimension;
    char **values;        /* display forms, byte order; "" (no value) last */
    uint32_t *counts;     /* paragraphs per value */
    uint32_t *councils;   /* councils per value (NULL: not counted) */
    size_t n;
} pivot_axis;

typedef struct pivot_result {
    uint32_t total;       /* matching paragraphs */
    uint32_t councils;    /* councils among them (0 when not counted) */
    int has_councils;     /* councils are counted (neither is authority) */
    pivot_axis rows, columns;
    uint32_t *cells;      /* rows.n x columns.n counts, row-major */
    uint32_t *cell_councils;  /* the same shape, or NULL */
    int incomplete;       /* the match ran out of time: counts may be low */
} pivot_result;

/* The number of dimensions, a dimension's name, and a name's number (-1:
 * not a dimension). */
int pivot_dimension_count(void);
const char *pivot_dimension_name(int d);
int pivot_dimension_from_name(const char *name);

/* Count req->base->query's paragraphs by req->rows and req->columns (two
 * different dimensions: else SEARCH_QUERY_ERROR). Errors as search_run. */
search_status pivot_run(search_index *ix, const pivot_request *req, pivot_result *res,
                        qerror *err);
void pivot_result_clear(pivot_result *res);

#endif /* LASEARCH_PIVOT_H */
