/* out_tsv.c: results as tab-separated values (see out.h). */
#include "out.h"

#include "section.h"

/* A field with its tabs and line breaks turned into spaces, so every hit is
 * one line of exactly the header's columns. */
static void field(FILE *f, const char *s, int last)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
    fputc(last ? '\n' : '\t', f);
}

void out_tsv(FILE *f, const search_result *res)
{
    fputs("rank\tweight\tid\tauthority\tkind\tsection\ttheme\tscore\theading\tfile"
          "\tline\ttext\n", f);
    for (size_t i = 0; i < res->n_hits; i++) {
        const search_hit *h = &res->hits[i];
        const para_record *r = &h->rec;
        int theme = section_theme(r->section);
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
        field(f, r->text, 1);
    }
}
