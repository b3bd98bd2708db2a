/*
 * parse_util.c: the bottom layer of the parser: the document's messages
 * (warnings, formatted strings, owned fields, all under the sticky nomem
 * flag) and ASCII text tests every other parse_*.c file uses. It calls
 * nothing else of the parser.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "parse_internal.h"

char *parse_strf(parse_ctx *c, const char *fmt, ...)
{
    bytebuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    bytebuf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.failed) {
        bytebuf_free(&b);
        c->nomem = 1;
        return NULL;
    }
    return b.data;
}

void parse_warn(parse_ctx *c, unsigned line, const char *fmt, ...)
{
    if (c->nomem)
        return;
    if (c->doc->n_warnings >= PARSE_MAX_WARNINGS) {
        c->more_warnings++;   /* said once, at the end (parse.c) */
        return;
    }
    bytebuf b = {0};
    bytebuf_printf(&b, "%s:%u: ", c->file, line);
    va_list ap;
    va_start(ap, fmt);
    bytebuf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.failed) {
        bytebuf_free(&b);
        c->nomem = 1;
        return;
    }
    char *full = b.data;
    corpus_doc *d = c->doc;
    if (d->n_warnings == c->cap_warnings) {
        size_t cap = c->cap_warnings ? c->cap_warnings * 2 : 4;
        char **w = realloc(d->warnings, cap * sizeof *w);
        if (!w) {
            free(full);
            c->nomem = 1;
            return;
        }
        d->warnings = w;
        c->cap_warnings = cap;
    }
    d->warnings[d->n_warnings++] = full;
}

void parse_set(parse_ctx *c, char **field, const char *s)
{
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (!copy) {
        c->nomem = 1;
        return;
    }
    memcpy(copy, s, n + 1);
    free(*field);
    *field = copy;
}

/* ---- small ASCII helpers ----------------------------------------------------- */

static char parse_lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

int parse_ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (parse_lower(a[i]) != parse_lower(b[i]))
            return 0;
    return 1;
}

int parse_istarts(const char *s, size_t len, const char *prefix)
{
    size_t plen = strlen(prefix);
    return len >= plen && parse_ieq(s, plen, prefix);
}

int parse_is_upper_start(const char *s, size_t len)
{
    return len > 0 && s[0] >= 'A' && s[0] <= 'Z';
}

size_t parse_count_words(const char *s, size_t len)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = s[i] == ' ' || s[i] == '\t';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

int parse_ends_sentence(const pline *l)
{
    size_t n = l->len;
    while (n && (l->text[n - 1] == '"' || l->text[n - 1] == '\'' ||
                 l->text[n - 1] == ')'))
        n--;
    return n && strchr(".!?:", l->text[n - 1]) != NULL;
}

int parse_key_has(const char *key, const char *phrase)
{
    size_t pl = strlen(phrase);
    for (const char *p = key; (p = strstr(p, phrase)) != NULL; p++)
        if ((p == key || p[-1] == ' ') && (p[pl] == '\0' || p[pl] == ' '))
            return 1;
    return 0;
}

void parse_skip_line(pline *l, const char *reason)
{
    if (!l->skip && !l->used)
        l->skip = reason;
}
