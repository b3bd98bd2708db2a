/* out_significant.c: --significant for people, JSON and TSV (see out.h). */
#include "out.h"

#include <string.h>

/* A field of a TSV row: tabs and line breaks as spaces. */
static void tsv_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

void out_significant_text(FILE *f, const significant_request *req,
                          const significant_result *res)
{
    fprintf(f, "What stands out in the %u paragraph%s matching %s, against %u other "
            "paragraph%s (%s)\n", res->foreground_total,
            res->foreground_total == 1 ? "" : "s", req->base->query, res->background_total,
            res->background_total == 1 ? "" : "s",
            req->background ? req->background : "the rest of the index");
    if (res->limited)
        fprintf(f, "(read the first %u and %u of them in document order: the limit "
                "is %zu a side)\n", res->foreground_examined, res->background_examined,
                req->max_paragraphs ? req->max_paragraphs
                                    : (size_t)SIGNIFICANT_DEFAULT_MAX_PARAGRAPHS);
    if (res->n_items == 0) {
        fputs("Nothing stands out.\n", f);
        return;
    }
    fprintf(f, "\n%8s %10s %10s %8s  %s\n", "G2", "foreground", "background", "councils",
            "word or phrase");
    for (size_t i = 0; i < res->n_items; i++) {
        const significant_item *it = &res->items[i];
        fprintf(f, "%8.1f %10u %10u %8u  %s%s\n", it->score, it->foreground,
                it->background, it->councils, it->text,
                it->councils < SIGNIFICANT_MIN_COUNCILS ? "  (one council only)" : "");
    }
}

json_t *out_significant_json(const significant_request *req, const significant_result *res)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < res->n_items; i++) {
        const significant_item *it = &res->items[i];
        json_t *o = json_pack("{s:s, s:i, s:i, s:i, s:i, s:f}", "text", it->text,
                              "words", (json_int_t)it->words,
                              "foreground", (json_int_t)it->foreground,
                              "background", (json_int_t)it->background,
                              "councils", (json_int_t)it->councils,
                              "score", it->score);
        if (!o || json_array_append_new(items, o) != 0) {
            json_decref(items);
            return NULL;
        }
    }
    if (!items)
        return NULL;
    size_t max = req->max_paragraphs ? req->max_paragraphs
                                     : (size_t)SIGNIFICANT_DEFAULT_MAX_PARAGRAPHS;
    return json_pack("{s:s, s:o, s:s, s:i, s:i, s:i, s:i, s:b, s:i, s:b, s:o}",
                     "query", req->base->query,
                     "background", req->background ? json_string(req->background)
                                                   : json_null(),
                     "test", "G2",
                     "foreground_paragraphs", (json_int_t)res->foreground_total,
                     "background_paragraphs", (json_int_t)res->background_total,
                     "foreground_examined", (json_int_t)res->foreground_examined,
                     "background_examined", (json_int_t)res->background_examined,
                     "limited", res->limited,
                     "max_paragraphs", (json_int_t)max,
                     "incomplete", res->incomplete,
                     "significant", items);
}

void out_significant_tsv(FILE *f, const significant_result *res)
{
    fputs("text\twords\tforeground\tbackground\tcouncils\tscore\n", f);
    for (size_t i = 0; i < res->n_items; i++) {
        const significant_item *it = &res->items[i];
        tsv_field(f, it->text);
        fprintf(f, "\t%u\t%u\t%u\t%u\t%.3f\n", it->words, it->foreground, it->background,
                it->councils, it->score);
    }
}
