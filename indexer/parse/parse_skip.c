/*
 * parse_skip.c: the list --inspect prints of every line that is in no
 * paragraph, and why ("line 3: furniture \"Downloads\""), so that a reader
 * can check that nothing was lost: a reason is given for every non-blank
 * line, decided where the line was classified or walked past, or else
 * from its kind.
 */
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "parse_internal.h"

/* The text shown for a line: cut at this many bytes (on a character). */
#define SKIP_TEXT_MAX 80

static const char *skip_reason(const pline *l)
{
    if (l->skip)
        return l->skip;
    switch (l->kind) {
    case PL_NOISE: return "furniture";
    case PL_SCORE: return "score line";
    case PL_RATING: return "rating line";
    case PL_PERCENT: return "percentage line";
    case PL_DATE: return l->date_role == DATE_ROLE_NONE ? "date line without a year"
                                                    : "date line";
    case PL_THEME: return "theme heading";
    case PL_TITLE: return "title";
    default: return "heading";
    }
}

static char *skip_entry(parse_ctx *c, const pline *l)
{
    size_t n = l->text ? l->len : 0, cut = n;
    if (cut > SKIP_TEXT_MAX) {
        cut = SKIP_TEXT_MAX;
        while (cut > 0 && ((unsigned char)l->text[cut] & 0xC0) == 0x80)
            cut--;
    }
    bytebuf b = {0};
    bytebuf_printf(&b, "line %u: %s", l->no, skip_reason(l));
    if (n)
        bytebuf_printf(&b, " \"%.*s%s\"", (int)cut, l->text, cut < n ? "..." : "");
    if (b.failed) {
        bytebuf_free(&b);
        c->nomem = 1;
        return NULL;
    }
    return b.data;
}

void parse_list_skipped(parse_ctx *c)
{
    corpus_doc *d = c->doc;
    size_t n = 0;
    for (size_t k = 0; k < c->n_lines; k++)
        n += c->lines[k].kind != PL_BLANK && !c->lines[k].used;
    if (!n)
        return;
    if (d->n_skipped + n > c->cap_skipped) {
        size_t cap = d->n_skipped + n;
        char **v = realloc(d->skipped, cap * sizeof *v);
        if (!v) {
            c->nomem = 1;
            return;
        }
        d->skipped = v;
        c->cap_skipped = cap;
    }
    for (size_t k = 0; k < c->n_lines && !c->nomem; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_BLANK || l->used)
            continue;
        char *e = skip_entry(c, l);
        if (e)
            d->skipped[d->n_skipped++] = e;
    }
}
