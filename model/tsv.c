/* tsv.c: the shared line reader for the reference files (see tsv.h). */
#include "tsv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tsv_init(tsv_reader *r, const char *text, size_t len)
{
    r->p = text;
    r->end = text + len;
    r->line = 0;
}

/* Spaces around fields are layout, not content; a TAB is a separator and
 * never trimmed away here because fields are cut at TABs first. */
static tsv_field trimmed(const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\r'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
        e--;
    tsv_field f = { s, (size_t)(e - s) };
    return f;
}

static int is_blank(const char *s, const char *e)
{
    for (; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return 0;
    return 1;
}

int tsv_next(tsv_reader *r, tsv_row *row)
{
    while (r->p < r->end) {
        const char *s = r->p;
        const char *nl = memchr(s, '\n', (size_t)(r->end - s));
        const char *e = nl ? nl : r->end;
        r->p = nl ? nl + 1 : r->end;
        r->line++;
        if (*s == '#' || is_blank(s, e))
            continue;

        row->line = r->line;
        row->n = 0;
        for (;;) {
            const char *tab = memchr(s, '\t', (size_t)(e - s));
            const char *fe = tab ? tab : e;
            if (row->n < TSV_MAX_FIELDS)
                row->f[row->n] = trimmed(s, fe);
            row->n++;
            if (!tab)
                break;
            s = tab + 1;
        }
        return row->n > TSV_MAX_FIELDS ? -1 : 1;
    }
    return 0;
}

int tsv_field_is(const tsv_field *f, const char *s)
{
    size_t n = strlen(s);
    return f->len == n && memcmp(f->s, s, n) == 0;
}

char *tsv_field_dup(const tsv_field *f)
{
    char *p = malloc(f->len + 1);
    if (p) {
        if (f->len)
            memcpy(p, f->s, f->len);
        p[f->len] = '\0';
    }
    return p;
}

size_t tsv_split(const tsv_field *f, char sep, tsv_field *parts, size_t max)
{
    size_t n = 0;
    if (f->len == 0)
        return 0;
    const char *s = f->s, *end = f->s + f->len;
    while (s <= end) {
        const char *e = memchr(s, sep, (size_t)(end - s));
        if (!e)
            e = end;
        tsv_field part = trimmed(s, e);
        if (part.len) {
            if (n < max)
                parts[n] = part;
            n++;
        }
        s = e + 1;
    }
    return n;
}

int tsv_error(char *err, size_t errlen, const char *label, unsigned line,
              const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err && errlen) {
        if (line)
            snprintf(err, errlen, "%s:%u: %s", label, line, msg);
        else
            snprintf(err, errlen, "%s: %s", label, msg);
    }
    return -1;
}
