/* out_tsv.c: results as tab-separated tables (see out.h). */
#include "out.h"

#include <string.h>

#include "section.h"

/* A field with its tabs and line breaks turned into spaces, so every row is
 * one line of exactly the header's columns. */
static void field(FILE *f, const char *s, int last)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
    fputc(last ? '\n' : '\t', f);
}

const char *out_source_link(const para_record *r, char *buf, size_t len)
{
    if (!r->url[0] || !r->page || strchr(r->url, '#'))
        snprintf(buf, len, "%s", r->url);
    else
        snprintf(buf, len, "%s#page=%u", r->url, r->page);
    return buf;
}

out_tsv_table out_tsv_table_for(const search_request *req)
{
    if (req->limit == 0)
        return OUT_TSV_TOTALS;
    return req->by_authority ? OUT_TSV_COUNCILS : OUT_TSV_HITS;
}

void out_tsv_header(FILE *f, out_tsv_table table, int batch)
{
    static const char *const headers[] = {
        [OUT_TSV_HITS] = ("rank\tweight\tid\tauthority\tkind\tsection\ttheme\tscore"
                          "\theading\tfile\tline\tpage\turl\tpublished\tsnippet\ttext"
                          "\tfirst_seen_generation\tfirst_seen\n"),
        [OUT_TSV_COUNCILS] = "authority\tcount\tid\turl\tsnippet\n",
        [OUT_TSV_TOTALS] = "total\n",
    };
    if (batch)
        fputs("query\t", f);
    fputs(headers[table], f);
}

static void hit_row(FILE *f, const char *query, const search_hit *h)
{
    const para_record *r = &h->rec;
    int theme = section_theme(r->section);
    char link[4096];
    if (query)
        field(f, query, 0);
    fprintf(f, "%zu\t%.6f\t", h->rank, h->weight);
    field(f, r->id, 0);
    field(f, r->authority, 0);
    field(f, kind_name(r->kind), 0);
    field(f, r->section >= 0 ? section_name(r->section) : "", 0);
    field(f, theme >= 0 ? theme_name(theme) : "", 0);
    if (r->score)
        fprintf(f, "%d\t", r->score);
    else
        fputc('\t', f);
    field(f, r->heading, 0);
    field(f, r->file, 0);
    fprintf(f, "%u\t", r->line);
    if (r->page)
        fprintf(f, "%u\t", r->page);
    else
        fputc('\t', f);
    field(f, out_source_link(r, link, sizeof link), 0);
    field(f, r->published, 0);
    field(f, h->snippet ? h->snippet : r->text, 0);
    field(f, r->text, 0);
    char iso[32];
    if (r->seen_gen > 0)
        fprintf(f, "%ld\t", r->seen_gen);
    else
        fputc('\t', f);
    field(f, record_seen_iso(r, iso, sizeof iso), 1);
}

/* A council and its best paragraph (a group always has one: --per >= 1). */
static void council_row(FILE *f, const char *query, const search_group *g)
{
    char link[4096];
    if (query)
        field(f, query, 0);
    field(f, g->authority, 0);
    fprintf(f, "%u\t", g->count);
    const search_hit *best = g->n_hits ? &g->hits[0] : NULL;
    field(f, best ? best->rec.id : "", 0);
    field(f, best ? out_source_link(&best->rec, link, sizeof link) : "", 0);
    field(f, best ? (best->snippet ? best->snippet : best->rec.text) : "", 1);
}

void out_tsv_rows(FILE *f, out_tsv_table table, const char *query,
                  const search_result *res)
{
    switch (table) {
    case OUT_TSV_HITS:
        for (size_t i = 0; i < res->n_hits; i++)
            hit_row(f, query, &res->hits[i]);
        break;
    case OUT_TSV_COUNCILS:
        for (size_t g = 0; g < res->n_groups; g++)
            council_row(f, query, &res->groups[g]);
        break;
    case OUT_TSV_TOTALS:
        if (query)
            field(f, query, 0);
        /* Paragraphs matching the whole query: a partial answer's are
         * none, whatever number of near misses it found. */
        fprintf(f, "%u\n", res->partial ? 0 : res->total);
        break;
    }
}
