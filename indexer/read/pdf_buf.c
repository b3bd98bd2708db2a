/*
 * pdf_buf.c: the PDF reader's memory, under its limits and its sticky error
 * (pdf_internal.h): the text buffer capped at PDF_MAX_TEXT_BYTES, growing
 * arrays, and the notes kept for out->dropped.
 */
#include "pdf_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and a NUL in b; 0, or -1 with *rc set. */
static int sbuf_reserve(sbuf *b, size_t n, int *rc)
{
    if (*rc)
        return -1;
    if (n >= PDF_MAX_TEXT_BYTES || b->n + n + 1 > PDF_MAX_TEXT_BYTES) {
        *rc = RC_TOOBIG;
        return -1;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            *rc = RC_NOMEM;
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    return 0;
}

void pdf_sbuf_add(sbuf *b, const char *s, size_t n, int *rc)
{
    if (sbuf_reserve(b, n, rc))
        return;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void pdf_sbuf_copy(sbuf *b, size_t off, size_t n, int *rc)
{
    if (sbuf_reserve(b, n, rc))
        return;
    memmove(b->p + b->n, b->p + off, n);
    b->n += n;
    b->p[b->n] = '\0';
}

int pdf_grow(void **v, size_t *cap, size_t n, size_t el, int *rc)
{
    if (*rc)
        return -1;
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*v, c * el);
    if (!p) {
        *rc = RC_NOMEM;
        return -1;
    }
    *v = p;
    *cap = c;
    return 0;
}

void pdf_add_note(pdf_reader *R, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (pdf_grow((void **)&R->notes, &R->cap_notes, R->n_notes, sizeof *R->notes,
                 &R->rc))
        return;
    char *s = strdup(buf);
    if (!s) {
        R->rc = RC_NOMEM;
        return;
    }
    R->notes[R->n_notes++] = s;
}
