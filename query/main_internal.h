/*
 * main_internal.h: what the parts of lasearch-query (the command, not the
 * query library) share. Private to query/main*.c:
 *
 *   main.c          options, --help, one search, --alerts, main()
 *   main_answer.c   answers and errors as people and scripts read them,
 *                   and the alarm that ends a search Xapian cannot stop
 *   main_batch.c    --batch: a query a line
 *   main_insight.c  --significant and --pivot
 *
 * Everything writes to stdout/stderr; nothing here is thread-safe (one
 * command, one thread).
 */
#ifndef LASEARCH_MAIN_INTERNAL_H
#define LASEARCH_MAIN_INTERNAL_H

#include <jansson.h>

#include "out.h"
#include "search.h"

enum { EXIT_MATCH = 0, EXIT_NONE = 1, EXIT_ERROR = 2 };

typedef enum { FMT_TEXT, FMT_JSON, FMT_TSV } out_format;

typedef struct options {
    const char *index;
    const char *batch;
    const char *alerts;     /* --alerts FILE */
    out_format format;
    int colour;
    search_request req;
    int limit_given;        /* -n was given (--significant has its own default) */
    int significant;        /* --significant */
    const char *pivot;      /* --pivot ROWS,COLUMNS */
    pivot_request piv;
    significant_request sig;
} options;

/* ---- main_answer.c ---- */

/* One answer as indented JSON on stdout, js taken (freed); 0, or -1 with
 * a message when it could not be made (NULL: out of memory) or written. */
int print_json(json_t *js);
/* A query's error on stderr, with the option that raises its limit and a
 * caret under its column when the query can be shown as typed. */
void report_query_error(const char *query, const qerror *err);
/* Highlight markers for the output format (o->format) into req. */
void set_markers(const options *o, const out_style *st, search_request *req);
/* End the command, saying why, if it is still running in seconds (0: no
 * limit): a damaged index can make Xapian loop where no limit reaches it.
 * alarm_cancel() when the work is done. */
void alarm_after(unsigned seconds);
void alarm_cancel(void);
/* search_run() under alarm_after(its --timeout + 5). */
search_status guarded_search(search_index *ix, const search_request *req,
                             search_result *res, qerror *err);

/* ---- main_batch.c ---- */

/* --batch FILE|-: one query a line in, one answer a line out. Exit status
 * as for one query (any error: EXIT_ERROR). */
int run_batch(search_index *ix, const options *o);

/* ---- main_insight.c ---- */

/* --significant and --pivot ROWS,COLUMNS; exit status as for a search. */
int run_significant(search_index *ix, options *o);
int run_pivot(search_index *ix, options *o);
/* --pivot's value into p (rows, columns); 0, or -1 with a message. */
int parse_pivot(const char *s, pivot_request *p);

#endif /* LASEARCH_MAIN_INTERNAL_H */
