/* out_text.c: results for people at a terminal (see out.h). */
#include "out.h"

#include "section.h"

#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_MATCH "\033[1;31m"
#define C_RESET "\033[0m"

const char *out_hl_start(const out_style *st) { return st->colour ? C_MATCH : "**"; }
const char *out_hl_end(const out_style *st) { return st->colour ? C_RESET : "**"; }

static const char *on(const out_style *st, const char *code)
{
    return st->colour ? code : "";
}

static void print_hit(FILE *f, const out_style *st, const search_hit *h, const char *indent)
{
    const para_record *r = &h->rec;
    fprintf(f, "%s%3zu. %s%s%s", indent, h->rank, on(st, C_BOLD),
            r->authority[0] ? r->authority : "(council undecided)", on(st, C_RESET));
    if (r->section >= 0)
        fprintf(f, " | %s", section_name(r->section));
    if (r->score)
        fprintf(f, " | score %d", r->score);
    fprintf(f, " | %s", kind_name(r->kind));
    if (r->rating[0])
        fprintf(f, " | rated %s", r->rating);
    if (r->indicative)
        fprintf(f, " (indicative: a 2023 pilot)");
    if (r->published[0])
        fprintf(f, " | published %s", r->published);
    if (r->heading[0])
        fprintf(f, " | %s", r->heading);
    fprintf(f, "\n%s     %s\n", indent, h->snippet ? h->snippet : r->text);
    /* The citation: a PDF's page, else the line in the file. */
    if (r->page)
        fprintf(f, "%s     %s%s:page %u  id %s", indent, on(st, C_DIM), r->file, r->page,
                r->id);
    else
        fprintf(f, "%s     %s%s:%u  id %s", indent, on(st, C_DIM), r->file, r->line, r->id);
    /* When its text first appeared (--since filters on it). */
    char iso[32];
    if (r->seen_gen > 0)
        fprintf(f, "  new in generation %ld%s%.10s", r->seen_gen, r->seen_time ? ", " : "",
                record_seen_iso(r, iso, sizeof iso));
    if (h->n_matched) {
        fprintf(f, "  matched: ");
        for (size_t i = 0; i < h->n_matched; i++)
            fprintf(f, "%s%s", i ? ", " : "", h->matched[i]);
    }
    /* The source, opening a PDF at the page (RFC 8118's #page=N). */
    char link[4096];
    if (r->url[0])
        fprintf(f, "\n%s     %s", indent, out_source_link(r, link, sizeof link));
    fprintf(f, "%s\n", on(st, C_RESET));
}

static void print_facets(FILE *f, const out_style *st, const search_result *res)
{
    for (int k = 0; k < FACET_COUNT; k++) {
        if (!res->facets[k])
            continue;
        fprintf(f, "\n%s%s%s:\n", on(st, C_BOLD), search_facet_name(k), on(st, C_RESET));
        for (size_t i = 0; i < res->n_facets[k]; i++)
            fprintf(f, "  %6u  %s\n", res->facets[k][i].count,
                    res->facets[k][i].value[0] ? res->facets[k][i].value : "(none)");
    }
}

/* The first line: how many matched, and which of them are shown. */
static void print_summary(FILE *f, const search_request *req, const search_result *res)
{
    if (res->partial && req->limit == 0) {
        fprintf(f, "No paragraph has all %zu parts of the query; %u paragraph%s "
                "some of them (--strict to turn off).\n", res->units, res->total,
                res->total == 1 ? " has" : "s have");
        return;
    }
    if (res->partial) {
        fprintf(f, "No paragraph has all %zu parts of the query; showing the %u "
                "paragraphs that have some, most first (--strict to turn off).\n",
                res->units, res->total);
        return;
    }
    fprintf(f, "%u paragraph%s match%s", res->total, res->total == 1 ? "" : "s",
            res->total == 1 ? "es" : "");
    if (req->by_authority)
        fprintf(f, " in %u council%s", res->n_group_total, res->n_group_total == 1 ? "" : "s");
    if (req->limit == 0) {   /* counts only (-n 0) */
        fputs(".\n", f);
        return;
    }
    fprintf(f, "; showing %zu-%zu.\n",
            req->by_authority ? req->offset + (res->n_groups ? 1 : 0) : req->offset + 1,
            req->by_authority ? req->offset + res->n_groups : req->offset + res->n_hits);
}

void out_text(FILE *f, const out_style *st, const search_request *req,
              const search_result *res)
{
    /* Nothing to show, unless counts alone were asked for (-n 0). */
    if (res->n_hits == 0 && res->n_groups == 0 && (req->limit != 0 || res->total == 0))
        return;
    print_summary(f, req, res);
    if (req->by_authority) {
        for (size_t g = 0; g < res->n_groups; g++) {
            const search_group *gr = &res->groups[g];
            fprintf(f, "\n%s%s%s: %u paragraph%s\n", on(st, C_BOLD),
                    gr->authority[0] ? gr->authority : "(council undecided)",
                    on(st, C_RESET), gr->count, gr->count == 1 ? "" : "s");
            for (size_t i = 0; i < gr->n_hits; i++)
                print_hit(f, st, &gr->hits[i], "  ");
        }
    } else {
        for (size_t i = 0; i < res->n_hits; i++) {
            fputc('\n', f);
            print_hit(f, st, &res->hits[i], "");
        }
    }
    print_facets(f, st, res);
}
