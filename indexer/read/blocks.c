/*
 * blocks.c: the block list every reader fills (see blocks.h).
 */
#include "blocks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_len(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static int facts_init(doc_facts *f)
{
    memset(f, 0, sizeof *f);
    f->title = dup_len("", 0);
    f->canonical = dup_len("", 0);
    f->published = dup_len("", 0);
    f->updated = dup_len("", 0);
    return f->title && f->canonical && f->published && f->updated ? 0 : -1;
}

static void facts_clear(doc_facts *f)
{
    free(f->title);
    free(f->canonical);
    free(f->published);
    free(f->updated);
    memset(f, 0, sizeof *f);
}

int doc_blocks_init(doc_blocks *d)
{
    memset(d, 0, sizeof *d);
    if (facts_init(&d->facts) != 0) {
        doc_blocks_clear(d);
        return -1;
    }
    return 0;
}

void doc_blocks_clear(doc_blocks *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].text);
        free(d->v[i].where);
    }
    free(d->v);
    for (size_t i = 0; i < d->n_dropped; i++)
        free(d->dropped[i]);
    free(d->dropped);
    facts_clear(&d->facts);
    memset(d, 0, sizeof *d);
}

int doc_blocks_add(doc_blocks *d, block_kind kind, int level, const char *text,
                   size_t len, unsigned line, unsigned page, const char *where)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        block *v = realloc(d->v, cap * sizeof *v);
        if (!v)
            return -1;
        d->v = v;
        d->cap = cap;
    }
    block *b = &d->v[d->n];
    b->kind = kind;
    b->level = level;
    b->line = line;
    b->page = page;
    b->text = dup_len(text, len);
    b->where = dup_len(where ? where : "", where ? strlen(where) : 0);
    if (!b->text || !b->where) {
        free(b->text);
        free(b->where);
        return -1;
    }
    d->n++;
    return 0;
}

int doc_blocks_dropped(doc_blocks *d, const char *fmt, ...)
{
    if (d->n_dropped == d->cap_dropped) {
        size_t cap = d->cap_dropped ? d->cap_dropped * 2 : 16;
        char **v = realloc(d->dropped, cap * sizeof *v);
        if (!v)
            return -1;
        d->dropped = v;
        d->cap_dropped = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return -1;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    d->dropped[d->n_dropped++] = s;
    return 0;
}

int doc_facts_set(char **field, const char *value, size_t len)
{
    char *p = dup_len(value, len);
    if (!p)
        return -1;
    free(*field);
    *field = p;
    return 0;
}
