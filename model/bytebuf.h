/*
 * bytebuf.h: a growable byte buffer, always NUL-terminated.
 *
 * An allocation failure sets `failed` and makes every later call do
 * nothing, so a writer appends freely and checks once at the end. The
 * indexer's record encoder and normaliser and the benchmark's corpus
 * generator all build their text in one.
 */
#ifndef LASEARCH_BYTEBUF_H
#define LASEARCH_BYTEBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct bytebuf {
    char *data;       /* NULL until something is reserved or written */
    size_t len, cap;
    int failed;       /* an allocation failed: the contents are incomplete */
} bytebuf;

/* Room for more bytes after len, plus the NUL. 0, or -1 (and failed). */
int bytebuf_reserve(bytebuf *b, size_t more);

void bytebuf_put(bytebuf *b, const char *s, size_t n);
void bytebuf_puts(bytebuf *b, const char *s);
void bytebuf_putc(bytebuf *b, char c);
void bytebuf_printf(bytebuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bytebuf_vprintf(bytebuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Free the contents; b is empty (and usable) again. */
void bytebuf_free(bytebuf *b);

#endif /* LASEARCH_BYTEBUF_H */
