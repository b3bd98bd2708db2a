/*
 * parse_blocks.c: corpus_parse_read (see parse.h): what a reader read,
 * parsed, each paragraph traced back to its line or block. An HTML or PDF
 * reader's blocks are laid out as the text the parser reads; a text file
 * is its own text.
 *
 * Laying blocks out as text keeps one parser for every format: a text
 * file's blocks are its own lines again, line for line, and an HTML or PDF
 * page's blocks become the lines a person would have typed for it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "date.h"
#include "parse_internal.h"

typedef struct layout {
    bytebuf text;
    size_t *block_of;   /* per text line (1-based): its block, or SIZE_MAX */
    size_t n_lines, cap_lines;
    int nomem;
} layout;

static void note_line(layout *l, size_t block)
{
    if (l->n_lines + 2 > l->cap_lines) {
        size_t cap = l->cap_lines ? l->cap_lines * 2 : 256;
        size_t *v = realloc(l->block_of, cap * sizeof *v);
        if (!v) {
            l->nomem = 1;
            return;
        }
        l->block_of = v;
        l->cap_lines = cap;
    }
    l->block_of[++l->n_lines] = block;
}

static void blank_line(layout *l)
{
    bytebuf_put(&l->text, "\n", 1);
    note_line(l, SIZE_MAX);
}

/* s (n bytes) as one line: newlines inside become spaces. */
static void one_line(layout *l, const char *prefix, const char *s, size_t block)
{
    bytebuf_put(&l->text, prefix, strlen(prefix));
    for (const char *p = s; *p; p++)
        bytebuf_put(&l->text, *p == '\n' ? " " : p, 1);
    bytebuf_put(&l->text, "\n", 1);
    note_line(l, block);
}

static void item_lines(layout *l, const char *s, size_t block)
{
    const char *prefix = "- ";
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        bytebuf_put(&l->text, prefix, strlen(prefix));
        bytebuf_put(&l->text, s, n);
        bytebuf_put(&l->text, "\n", 1);
        note_line(l, block);
        if (!nl)
            break;
        s = nl + 1;
        prefix = "";
    }
}

static void lay_out(layout *l, const doc_blocks *d)
{
    for (size_t i = 0; i < d->n && !l->nomem; i++) {
        const block *b = &d->v[i];
        /* Each block on its source line where the format has lines, and
         * always apart from the one before. */
        if (i > 0)
            blank_line(l);
        while (b->line > l->n_lines + 1 && !l->nomem)
            blank_line(l);
        if (b->kind == BLOCK_HEADING) {
            char hashes[8] = "#######";
            int level = b->level < 1 ? 1 : b->level > 6 ? 6 : b->level;
            hashes[level] = ' ';
            hashes[level + 1] = '\0';
            one_line(l, hashes, b->text, i);
        } else if (b->kind == BLOCK_ITEM) {
            /* An item's own line breaks stay lines under its bullet (a
             * summary's "Assessing needs" / "Score: 2" is one item). */
            item_lines(l, b->text, i);
        } else if (b->kind == BLOCK_ROW) {
            one_line(l, "", b->text, i);
        } else {
            const char *s = b->text;
            for (;;) {
                const char *nl = strchr(s, '\n');
                size_t n = nl ? (size_t)(nl - s) : strlen(s);
                bytebuf_put(&l->text, s, n);
                bytebuf_put(&l->text, "\n", 1);
                note_line(l, i);
                if (!nl)
                    break;
                s = nl + 1;
            }
        }
    }
    if (l->text.failed)
        l->nomem = 1;
}

/* What corpus_parse_read adds to each window's paragraphs before its part
 * function sees them. */
typedef struct part_state {
    const layout *l;          /* NULL: a text file, whose lines are its own */
    const doc_blocks *blocks; /* NULL for a text file */
    const char *format;
    size_t traced;            /* paragraphs in out already done */
    int facts_taken;
    int nomem;
    corpus_part_fn fn;        /* the caller's; NULL: keep every paragraph */
    void *arg;
} part_state;

/* Each new paragraph's page and origin, from the block its first line is
 * in (a text file's: its line). */
static int trace(const part_state *st, corpus_doc *doc)
{
    char **o = realloc(doc->origins, (doc->n_paras ? doc->n_paras : 1) * sizeof *o);
    if (!o)
        return -1;
    doc->origins = o;
    for (size_t k = st->traced; k < doc->n_paras; k++)
        o[k] = NULL;
    for (size_t k = st->traced; k < doc->n_paras; k++) {
        para_record *p = &doc->paras[k];
        const layout *l = st->l;
        size_t bi = l && p->line >= 1 && p->line <= l->n_lines ? l->block_of[p->line]
                                                                : SIZE_MAX;
        const block *b = st->blocks && bi < st->blocks->n ? &st->blocks->v[bi] : NULL;
        char where[96];
        if (b && b->page) {
            p->page = b->page;
            p->line = 0;
            snprintf(where, sizeof where, "page %u", b->page);
        } else {
            snprintf(where, sizeof where, "line %u", p->line);
        }
        if (b && b->where[0]) {
            size_t n = strlen(where);
            snprintf(where + n, sizeof where - n, ", %s", b->where);
        }
        if (!(o[k] = strdup(where)))
            return -1;
    }
    return 0;
}

static int take_facts(const doc_blocks *d, corpus_doc *doc)
{
    const doc_facts *f = &d->facts;
    int rc = 0;
    /* The manifest says where the document was fetched; the page's own
     * canonical URL is next best. The page's dates are its own word. */
    if (!doc->url[0] && f->canonical[0])
        rc |= record_set(&doc->url, f->canonical, strlen(f->canonical));
    /* A date the page prints in its text is its own word; meta tags and
     * PDF metadata come next (often the CMS's or the printer's date). */
    if (f->published[0] && !doc->published_line)
        rc |= record_set(&doc->published, f->published, strlen(f->published));
    if (f->updated[0] && !doc->updated_line)
        rc |= record_set(&doc->updated, f->updated, strlen(f->updated));
    if (f->title[0])
        rc |= record_set(&doc->title, f->title, strlen(f->title));
    if (d->n_dropped) {
        doc->dropped = calloc(d->n_dropped, sizeof *doc->dropped);
        if (!doc->dropped)
            return -1;
        for (size_t i = 0; i < d->n_dropped; i++, doc->n_dropped++)
            if (!(doc->dropped[i] = strdup(d->dropped[i])))
                return -1;
    }
    return rc;
}

/* Every paragraph carries its document's URL, so a hit can be cited, and
 * its publication date, so it can be filtered and sorted by it. A date
 * that is not one date.h reads (nothing the readers and the manifest give
 * should be) is left unknown rather than stored. */
static int cite(const part_state *st, corpus_doc *doc)
{
    size_t dlen = strlen(doc->published);
    if (date_parse(doc->published, dlen, NULL) == DATE_NONE)
        dlen = 0;
    for (size_t k = st->traced; k < doc->n_paras; k++)
        if (record_set(&doc->paras[k].url, doc->url, strlen(doc->url)) != 0 ||
            record_set(&doc->paras[k].published, doc->published, dlen) != 0)
            return -1;
    return 0;
}

/* The parser's part function: the window's paragraphs completed, then the
 * caller's. The document's facts are final from the first window on. */
static int on_part(void *arg, corpus_doc *doc)
{
    part_state *st = arg;
    if (!st->facts_taken) {
        doc->format = st->format;
        st->facts_taken = 1;
        if (st->blocks && take_facts(st->blocks, doc) != 0) {
            st->nomem = 1;
            return -1;
        }
    }
    if (trace(st, doc) != 0 || cite(st, doc) != 0) {
        st->nomem = 1;
        return -1;
    }
    if (!st->fn) {
        st->traced = doc->n_paras;
        return 0;
    }
    st->traced = 0;   /* the parser frees the window once fn has had it */
    return st->fn(st->arg, doc);
}

int corpus_parse_read(const char *file, const doc_read *dr, const corpus_ref *ref,
                      corpus_part_fn fn, void *arg, corpus_doc *out)
{
    part_state st = {.format = doc_format_name(dr->format), .fn = fn, .arg = arg};
    layout l = {0};
    const char *text = dr->bytes;
    size_t len = dr->len;
    if (dr->format != FORMAT_TEXT) {
        lay_out(&l, &dr->blocks);
        st.l = &l;
        st.blocks = &dr->blocks;
        text = l.text.data;
        len = l.text.len;
    }
    int rc = -1;
    if (!l.nomem) {
        rc = parse_document(file, text ? text : "", text ? len : 0, ref, on_part, &st,
                            fn != NULL, out);
        if (rc == -2 && st.nomem)
            rc = -1;
    }
    bytebuf_free(&l.text);
    free(l.block_of);
    return rc;
}
