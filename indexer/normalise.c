/*
 * normalise.c: the one text normalisation (see normalise.h), built on
 * utf8proc so Unicode's own tables decide what is a dash, a quote, a mark.
 */
#include "normalise.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* IGNORE drops default-ignorable characters (soft hyphens, zero-width
 * joiners) that PDF conversions leave inside words. */
#define OPTS_DISPLAY (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_LUMP | \
                      UTF8PROC_IGNORE)
#define OPTS_FOLD (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
                   UTF8PROC_CASEFOLD | UTF8PROC_LUMP | UTF8PROC_STRIPMARK | \
                   UTF8PROC_IGNORE)

/* LUMP folds single curly quotes and dashes but leaves double quotes alone;
 * the query language needs "“section 75”" to be a phrase, and the index must
 * agree with it, so both fold to '"' (and low/reversed single quotes to '). */
static utf8proc_int32_t map_quotes(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x00AB: case 0x00BB: case 0xFF02:
        return '"';
    case 0x201A: case 0x201B: case 0x2032:
        return '\'';
    default:
        return cp;
    }
}

size_t norm_utf8_len(const char *s, size_t avail)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t n;
    if (avail == 0)
        return 0;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;   /* stray continuation, C0/C1 overlong lead, F5..FF */
    /* The narrowed second-byte ranges rule out overlong forms (E0, F0),
     * surrogates (ED) and code points above U+10FFFF (F4). */
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (avail < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t norm_utf8_invalid_at(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)buf[i] < 0x80) {   /* ASCII fast path */
            i++;
            continue;
        }
        size_t n = norm_utf8_len(buf + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t norm_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    enum { MAXLEN = 96 };
    size_t row[MAXLEN + 1];
    if (la > MAXLEN || lb > MAXLEN)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Control characters carry no text: keep tab and newline (they separate
 * words and lines), drop the rest, C1 controls included. */
static int is_dropped_control(utf8proc_int32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return 0;
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

/* utf8proc_map() stops at nothing for explicit lengths but NUL bytes would
 * end the C string we hand out, so they go with the other controls. */
static norm_status strip_controls(utf8proc_uint8_t *s, utf8proc_ssize_t *len)
{
    utf8proc_ssize_t r = 0, w = 0;
    while (r < *len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + r, *len - r, &cp);
        if (n <= 0)
            return NORM_ERR_UTF8;
        if (!is_dropped_control(cp)) {
            memmove(s + w, s + r, (size_t)n);
            w += n;
        }
        r += n;
    }
    s[w] = '\0';
    *len = w;
    return NORM_OK;
}

/* map_quotes again, on the result: utf8proc applies it to the input's code
 * points only, so quotes that compatibility decomposition produces (U+2034
 * TRIPLE PRIME -> three U+2032) would survive FOLD, and folding the output
 * again would change it (found by tests/fuzz/fuzz_normalise). The
 * replacements are ASCII, so the text stays composed. */
static void lump_quotes_again(utf8proc_uint8_t *s, utf8proc_ssize_t *len)
{
    utf8proc_ssize_t r = 0, w = 0;
    while (r < *len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + r, *len - r, &cp);
        utf8proc_int32_t to = n > 0 ? map_quotes(cp, NULL) : cp;
        if (n > 0 && to != cp) {
            s[w++] = (utf8proc_uint8_t)to;
        } else {
            n = n > 0 ? n : 1;   /* cannot happen: utf8proc wrote it */
            memmove(s + w, s + r, (size_t)n);
            w += n;
        }
        r += n;
    }
    s[w] = '\0';
    *len = w;
}

norm_status norm_text(const char *in, size_t len, norm_mode mode, char **out,
                      size_t *outlen)
{
    *out = NULL;
    if (outlen)
        *outlen = 0;
    if (norm_utf8_invalid_at(in, len) != len)
        return NORM_ERR_UTF8;
    /* Controls go before composing as well as after: dropped only
     * afterwards, one between a letter and its combining mark ("S", U+0001,
     * U+0301) would leave the two uncomposed, and the output would not be
     * normalised (normalising it again would change it; found by
     * tests/fuzz/fuzz_normalise). */
    utf8proc_uint8_t *src = malloc(len + 1);
    if (!src)
        return NORM_ERR_NOMEM;
    memcpy(src, in, len);
    utf8proc_ssize_t srclen = (utf8proc_ssize_t)len;
    norm_status st = strip_controls(src, &srclen);
    utf8proc_uint8_t *dst = NULL;
    utf8proc_option_t opts = mode == NORM_FOLD ? OPTS_FOLD : OPTS_DISPLAY;
    utf8proc_ssize_t n = st != NORM_OK ? UTF8PROC_ERROR_INVALIDUTF8
                         : utf8proc_map_custom(src, srclen, &dst, opts, map_quotes, NULL);
    free(src);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? NORM_ERR_NOMEM : NORM_ERR_UTF8;
    lump_quotes_again(dst, &n);
    st = strip_controls(dst, &n);
    if (st != NORM_OK) {
        free(dst);
        return st;
    }
    *out = (char *)dst;
    if (outlen)
        *outlen = (size_t)n;
    return NORM_OK;
}

static int is_letter_or_digit(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

norm_status norm_key(const char *in, size_t len, char **out)
{
    *out = NULL;
    char *folded;
    size_t flen;
    norm_status st = norm_text(in, len, NORM_FOLD, &folded, &flen);
    if (st != NORM_OK)
        return st;
    /* Worst case every byte is '&', which becomes " and " (5 bytes). */
    char *key = malloc(flen * 5 + 1);
    if (!key) {
        free(folded);
        return NORM_ERR_NOMEM;
    }
    size_t r = 0, w = 0;
    int pending_space = 0;
    while (r < flen) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)folded + r,
                                              (utf8proc_ssize_t)(flen - r), &cp);
        if (n <= 0) {   /* cannot happen: norm_text() validated it */
            free(folded);
            free(key);
            return NORM_ERR_UTF8;
        }
        if (cp == '&') {
            memcpy(key + w, w ? " and" : "and", w ? 4 : 3);
            w += w ? 4 : 3;
            pending_space = 1;
        } else if (is_letter_or_digit(cp)) {
            if (pending_space && w)
                key[w++] = ' ';
            pending_space = 0;
            memcpy(key + w, folded + r, (size_t)n);
            w += (size_t)n;
        } else {
            pending_space = 1;
        }
        r += (size_t)n;
    }
    key[w] = '\0';
    free(folded);
    *out = key;
    return NORM_OK;
}
