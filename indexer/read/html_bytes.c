/*
 * html_bytes.c: bytes for the HTML reader: growable strings, ASCII
 * comparisons, UTF-8 code points (contracts in html_internal.h).
 */
#include "html_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int html_ci_starts(const unsigned char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (ascii_lower(s[i]) != ascii_lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

int html_ci_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int html_sb_grow(strbuf *b, size_t more)
{
    if (more > SIZE_MAX / 2 - b->n)
        return -1;
    size_t need = b->n + more + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int html_sb_add(strbuf *b, const void *s, size_t n)
{
    if (html_sb_grow(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

void html_sb_free(strbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

long html_utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t k;
    long cp;
    *len = 1;
    if (c < 0x80)
        return (long)c;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 2;
        cp = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 3;
        cp = c & 0x07;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    } else {
        return -1;
    }
    if (n <= k)
        return -1;
    for (size_t i = 1; i <= k; i++) {
        unsigned b = s[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
            return -1;
        cp = (cp << 6) | (long)(b & 0x3F);
    }
    *len = k + 1;
    return cp;
}

static size_t utf8_encode(long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int html_sb_add_cp(strbuf *b, long cp)
{
    char u[4];
    return html_sb_add(b, u, utf8_encode(cp, u));
}

size_t html_skip_past(const unsigned char *s, size_t n, size_t p,
                      const char *end)
{
    size_t k = strlen(end);
    for (; p + k <= n; p++)
        if (memcmp(s + p, end, k) == 0)
            return p + k;
    return n;
}
