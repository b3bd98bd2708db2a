/* out_pivot.c: --pivot for people, JSON and TSV (see out.h). */
#include "out.h"

#include <string.h>

static const char *shown(const char *v)
{
    return v[0] ? v : "(none)";
}

static void tsv_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* One table: counts (cells, per row, per column, total) under a title. */
static void text_table(FILE *f, const pivot_result *res, const uint32_t *cells,
                       const uint32_t *rows, const uint32_t *cols, uint32_t total)
{
    int lw = (int)strlen("total");
    for (size_t r = 0; r < res->rows.n; r++)
        if ((int)strlen(shown(res->rows.values[r])) > lw)
            lw = (int)strlen(shown(res->rows.values[r]));
    int cw[res->columns.n + 1];
    fprintf(f, "%-*s", lw, pivot_dimension_name(res->rows.dimension));
    for (size_t c = 0; c < res->columns.n; c++) {
        cw[c] = (int)strlen(shown(res->columns.values[c]));
        if (cw[c] < 6)
            cw[c] = 6;
        fprintf(f, "  %*s", cw[c], shown(res->columns.values[c]));
    }
    fprintf(f, "  %7s\n", "total");
    for (size_t r = 0; r < res->rows.n; r++) {
        fprintf(f, "%-*s", lw, shown(res->rows.values[r]));
        for (size_t c = 0; c < res->columns.n; c++)
            fprintf(f, "  %*u", cw[c], cells[r * res->columns.n + c]);
        fprintf(f, "  %7u\n", rows[r]);
    }
    fprintf(f, "%-*s", lw, "total");
    for (size_t c = 0; c < res->columns.n; c++)
        fprintf(f, "  %*u", cw[c], cols[c]);
    fprintf(f, "  %7u\n", total);
}

void out_pivot_text(FILE *f, const pivot_request *req, const pivot_result *res)
{
    fprintf(f, "Paragraphs matching %s: %s by %s\n\n", req->base->query,
            pivot_dimension_name(res->rows.dimension),
            pivot_dimension_name(res->columns.dimension));
    text_table(f, res, res->cells, res->rows.counts, res->columns.counts, res->total);
    if (!res->has_councils)
        return;
    fputs("\nCouncils those paragraphs come from\n\n", f);
    text_table(f, res, res->cell_councils, res->rows.councils, res->columns.councils,
               res->councils);
}

static json_t *value_json(const char *v)
{
    return v[0] ? json_string(v) : json_null();
}

static json_t *axis_json(const pivot_axis *ax)
{
    json_t *values = json_array();
    for (size_t i = 0; values && i < ax->n; i++) {
        json_t *o = json_pack("{s:o, s:i}", "value", value_json(ax->values[i]), "count",
                              (json_int_t)ax->counts[i]);
        if (o && ax->councils)
            json_object_set_new(o, "councils", json_integer(ax->councils[i]));
        if (!o || json_array_append_new(values, o) != 0) {
            json_decref(values);
            return NULL;
        }
    }
    return values ? json_pack("{s:s, s:o}", "dimension", pivot_dimension_name(ax->dimension),
                              "values", values)
                  : NULL;
}

json_t *out_pivot_json(const pivot_request *req, const pivot_result *res)
{
    json_t *cells = json_array();
    size_t nc = res->columns.n;
    for (size_t r = 0; cells && r < res->rows.n; r++)
        for (size_t c = 0; c < nc; c++) {
            json_t *o = json_pack("{s:o, s:o, s:i}", "row", value_json(res->rows.values[r]),
                                  "column", value_json(res->columns.values[c]), "count",
                                  (json_int_t)res->cells[r * nc + c]);
            if (o && res->cell_councils)
                json_object_set_new(o, "councils",
                                    json_integer(res->cell_councils[r * nc + c]));
            if (!o || json_array_append_new(cells, o) != 0) {
                json_decref(cells);
                return NULL;
            }
        }
    json_t *rows = axis_json(&res->rows), *cols = axis_json(&res->columns);
    if (!cells || !rows || !cols) {
        json_decref(cells);
        json_decref(rows);
        json_decref(cols);
        return NULL;
    }
    json_t *pivot = json_pack("{s:o, s:o, s:o}", "rows", rows, "columns", cols, "cells",
                              cells);
    return json_pack("{s:s, s:i, s:o, s:b, s:o}", "query", req->base->query, "total",
                     (json_int_t)res->total, "councils",
                     res->has_councils ? json_integer(res->councils) : json_null(),
                     "incomplete", res->incomplete, "pivot", pivot);
}

void out_pivot_tsv(FILE *f, const pivot_result *res)
{
    fprintf(f, "%s\\%s", pivot_dimension_name(res->rows.dimension),
            pivot_dimension_name(res->columns.dimension));
    for (size_t c = 0; c < res->columns.n; c++) {
        fputc('\t', f);
        tsv_field(f, shown(res->columns.values[c]));
    }
    fputs("\ttotal\n", f);
    for (size_t r = 0; r < res->rows.n; r++) {
        tsv_field(f, shown(res->rows.values[r]));
        for (size_t c = 0; c < res->columns.n; c++)
            fprintf(f, "\t%u", res->cells[r * res->columns.n + c]);
        fprintf(f, "\t%u\n", res->rows.counts[r]);
    }
    fputs("total", f);
    for (size_t c = 0; c < res->columns.n; c++)
        fprintf(f, "\t%u", res->columns.counts[c]);
    fprintf(f, "\t%u\n", res->total);
}
