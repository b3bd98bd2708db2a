/* bytebuf.c: a growable byte buffer (see bytebuf.h). */
#include "bytebuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bytebuf_reserve(bytebuf *b, size_t more)
{
    if (b->failed)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void bytebuf_put(bytebuf *b, const char *s, size_t n)
{
    if (bytebuf_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void bytebuf_puts(bytebuf *b, const char *s)
{
    bytebuf_put(b, s, strlen(s));
}

void bytebuf_putc(bytebuf *b, char c)
{
    bytebuf_put(b, &c, 1);
}

void bytebuf_vprintf(bytebuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0)
        b->failed = 1;
    else if (bytebuf_reserve(b, (size_t)n) == 0) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void bytebuf_printf(bytebuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bytebuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void bytebuf_free(bytebuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
