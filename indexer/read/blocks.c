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

/* ---- as bytes ----------------------------------------------------------- */

#define BLOCKS_MAGIC "LAB1"

/* A growable buffer with a sticky failure (this file stands alone: it is
 * also what a reader's child process links). */
typedef struct outbuf {
    char *data;
    size_t len, cap;
    int failed;
} outbuf;

static void put(outbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->cap - b->len < n + 1) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void put_num(outbuf *b, unsigned long v)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%lu:", v);
    put(b, num, (size_t)n);
}

static void put_str(outbuf *b, const char *s)
{
    size_t n = strlen(s);
    put_num(b, n);
    put(b, s, n);
}

int doc_blocks_encode(const doc_blocks *d, char **out, size_t *len)
{
    outbuf b = {0};
    put(&b, BLOCKS_MAGIC, strlen(BLOCKS_MAGIC));
    put_str(&b, d->facts.title);
    put_str(&b, d->facts.canonical);
    put_str(&b, d->facts.published);
    put_str(&b, d->facts.updated);
    put_num(&b, d->facts.pages);
    put_num(&b, d->n);
    for (size_t i = 0; i < d->n; i++) {
        const block *k = &d->v[i];
        put_num(&b, (unsigned long)k->kind);
        put_num(&b, (unsigned long)k->level);
        put_num(&b, k->line);
        put_num(&b, k->page);
        put_str(&b, k->where);
        put_str(&b, k->text);
    }
    put_num(&b, d->n_dropped);
    for (size_t i = 0; i < d->n_dropped; i++)
        put_str(&b, d->dropped[i]);
    if (b.failed) {
        free(b.data);
        return -1;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}

typedef struct cursor {
    const char *p, *end;
    int bad;
} cursor;

static unsigned long get_num(cursor *c, unsigned long max)
{
    unsigned long v = 0;
    const char *p = c->p;
    if (c->bad || p >= c->end || *p < '0' || *p > '9') {
        c->bad = 1;
        return 0;
    }
    while (p < c->end && *p >= '0' && *p <= '9') {
        if (v > (max - (unsigned long)(*p - '0')) / 10) {
            c->bad = 1;
            return 0;
        }
        v = v * 10 + (unsigned long)(*p++ - '0');
    }
    if (p >= c->end || *p != ':') {
        c->bad = 1;
        return 0;
    }
    c->p = p + 1;
    return v;
}

/* A string field: a pointer into the bytes and its length. */
static const char *get_str(cursor *c, size_t *n)
{
    *n = get_num(c, (unsigned long)(c->end - c->p));
    if (c->bad || (size_t)(c->end - c->p) < *n) {
        c->bad = 1;
        return NULL;
    }
    const char *s = c->p;
    c->p += *n;
    return s;
}

/* 0, -1 malformed, -2 out of memory. */
static int get_fact(cursor *c, char **field)
{
    size_t n;
    const char *s = get_str(c, &n);
    if (!s)
        return -1;
    return doc_facts_set(field, s, n) == 0 ? 0 : -2;
}

int doc_blocks_decode(const char *data, size_t len, doc_blocks *d)
{
    if (doc_blocks_init(d) != 0)
        return -2;
    int rc = -1;
    size_t magic = strlen(BLOCKS_MAGIC);
    if (len < magic || memcmp(data, BLOCKS_MAGIC, magic) != 0)
        goto bad;
    cursor c = {data + magic, data + len, 0};
    if ((rc = get_fact(&c, &d->facts.title)) || (rc = get_fact(&c, &d->facts.canonical)) ||
        (rc = get_fact(&c, &d->facts.published)) || (rc = get_fact(&c, &d->facts.updated)))
        goto bad;
    rc = -1;
    d->facts.pages = (unsigned)get_num(&c, 0xffffffffUL);
    unsigned long n = get_num(&c, len);
    for (unsigned long i = 0; i < n && !c.bad; i++) {
        unsigned long kind = get_num(&c, BLOCK_ROW);
        unsigned long level = get_num(&c, 6);
        unsigned long line = get_num(&c, 0xffffffffUL);
        unsigned long page = get_num(&c, 0xffffffffUL);
        size_t wn, tn;
        const char *where = get_str(&c, &wn);
        const char *text = get_str(&c, &tn);
        if (c.bad || kind < BLOCK_HEADING || wn > 64)
            goto bad;
        char w[65];
        memcpy(w, where, wn);
        w[wn] = '\0';
        if (doc_blocks_add(d, (block_kind)kind, (int)level, text, tn, (unsigned)line,
                           (unsigned)page, w) != 0) {
            rc = -2;
            goto bad;
        }
    }
    unsigned long nd = get_num(&c, len);
    for (unsigned long i = 0; i < nd && !c.bad; i++) {
        size_t sn;
        const char *s = get_str(&c, &sn);
        if (!s)
            goto bad;
        if (doc_blocks_dropped(d, "%.*s", (int)sn, s) != 0) {
            rc = -2;
            goto bad;
        }
    }
    if (c.bad || c.p != c.end)
        goto bad;
    return 0;
bad:
    doc_blocks_clear(d);
    return rc;
}
