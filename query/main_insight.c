/* main_insight.c: lasearch-query --significant and --pivot (see
 * main_internal.h). */
#include "main_internal.h"

#include <stdio.h>
#include <string.h>

/* --significant: what stands out in the query's paragraphs. */
int run_significant(search_index *ix, options *o)
{
    significant_result res;
    qerror err;
    o->sig.base = &o->req;
    o->sig.limit = o->limit_given ? o->req.limit : 0;
    /* two matches, and reading */
    alarm_after(o->req.timeout > 0 ? (unsigned)o->req.timeout * 2 + 5 : 0);
    search_status ss = significant_run(ix, &o->sig, &res, &err);
    alarm_cancel();
    if (ss != SEARCH_OK) {
        if (ss == SEARCH_QUERY_ERROR)
            report_query_error(res.background_failed ? o->sig.background : o->req.query,
                               &err);
        else
            fprintf(stderr, "lasearch-query: %s\n", err.message);
        significant_result_clear(&res);
        return EXIT_ERROR;
    }
    int code = res.foreground_total ? EXIT_MATCH : EXIT_NONE;
    if (o->format == FMT_JSON) {
        json_t *js = out_significant_json(&o->sig, &res);
        if (print_json(js) != 0)
            code = EXIT_ERROR;
    } else if (o->format == FMT_TSV) {
        out_significant_tsv(stdout, &res);
    } else {
        out_significant_text(stdout, &o->sig, &res);
    }
    if (res.limited && o->format == FMT_TSV)
        fprintf(stderr, "lasearch-query: note: more paragraphs matched than "
                "--max-paragraphs; the counts are of the first %u and %u\n",
                res.foreground_examined, res.background_examined);
    if (res.incomplete && o->format != FMT_JSON)
        fprintf(stderr, "lasearch-query: note: a search ran into its time limit "
                "(--timeout %g): counts may be low\n", o->req.timeout);
    significant_result_clear(&res);
    return code;
}

/* --pivot ROWS,COLUMNS into o->piv. */
int parse_pivot(const char *s, pivot_request *p)
{
    const char *comma = strchr(s, ',');
    char rows[32] = "", cols[32] = "";
    if (comma && (size_t)(comma - s) < sizeof rows && strlen(comma + 1) < sizeof cols) {
        memcpy(rows, s, (size_t)(comma - s));
        strcpy(cols, comma + 1);
    }
    p->rows = pivot_dimension_from_name(rows);
    p->columns = pivot_dimension_from_name(cols);
    if (p->rows < 0 || p->columns < 0 || p->rows == p->columns) {
        fprintf(stderr, "lasearch-query: --pivot: give two different dimensions, "
                "ROWS,COLUMNS, from");
        for (int d = 0; d < pivot_dimension_count(); d++)
            fprintf(stderr, "%s %s", d ? "," : "", pivot_dimension_name(d));
        fputc('\n', stderr);
        return -1;
    }
    return 0;
}

/* --pivot: counts side by side. */
int run_pivot(search_index *ix, options *o)
{
    pivot_result res;
    qerror err;
    o->piv.base = &o->req;
    alarm_after(o->req.timeout > 0 ? (unsigned)o->req.timeout + 5 : 0);
    search_status ss = pivot_run(ix, &o->piv, &res, &err);
    alarm_cancel();
    if (ss != SEARCH_OK) {
        if (ss == SEARCH_QUERY_ERROR)
            report_query_error(o->req.query, &err);
        else
            fprintf(stderr, "lasearch-query: %s\n", err.message);
        pivot_result_clear(&res);
        return EXIT_ERROR;
    }
    int code = res.total ? EXIT_MATCH : EXIT_NONE;
    if (o->format == FMT_JSON) {
        json_t *js = out_pivot_json(&o->piv, &res);
        if (print_json(js) != 0)
            code = EXIT_ERROR;
    } else if (o->format == FMT_TSV) {
        out_pivot_tsv(stdout, &res);
    } else {
        out_pivot_text(stdout, &o->piv, &res);
    }
    if (res.incomplete && o->format != FMT_JSON)
        fprintf(stderr, "lasearch-query: note: the search ran into its time limit "
                "(--timeout %g): counts may be low\n", o->req.timeout);
    pivot_result_clear(&res);
    return code;
}
