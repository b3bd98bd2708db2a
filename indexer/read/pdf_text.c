/*
 * pdf_text.c: characters as the PDF reader keeps them: poppler's UTF-8 read
 * one character per layout box, ligatures spelt out, symbol-font bullets
 * made real, odd spaces and invisible characters recognised, and text
 * tidied (contracts in pdf_internal.h).
 */
#include "pdf_internal.h"

#include <string.h>

#include <utf8proc.h>

size_t pdf_next_char(const char *str, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (s[0] < 0x80) {      /* most of it: no need to ask utf8proc */
        *cp = s[0];
        return 1;
    }
    size_t want = s[0] < 0xC0 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    size_t k = 1;
    while (k < want && k < n && (s[k] & 0xC0) == 0x80)
        k++;
    utf8proc_int32_t c = -1;
    if (utf8proc_iterate(s, (utf8proc_ssize_t)k, &c) != (utf8proc_ssize_t)k || c < 0)
        c = 0xFFFD;
    *cp = c;
    return k;
}

int pdf_is_odd_space(int32_t c)
{
    return c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0x1680 || c == '\t';
}

int pdf_is_invisible(int32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200B ||
           c == 0x2060 || c == 0xFEFF;
}

void pdf_put_char(sbuf *b, int32_t c, int *rc)
{
    static const char *const lig[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    if (c < 0x80 && b->n + 2 <= b->cap && !*rc) {   /* the common case */
        b->p[b->n++] = (char)c;
        b->p[b->n] = '\0';
        return;
    }
    if (c >= 0xFB00 && c <= 0xFB06) {
        pdf_sbuf_add(b, lig[c - 0xFB00], strlen(lig[c - 0xFB00]), rc);
        return;
    }
    if (c == 0xF0B7)        /* Symbol / Wingdings bullet */
        c = 0x2022;
    else if (c == 0xF0A7)   /* Wingdings square bullet */
        c = 0x25AA;
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t k = utf8proc_encode_char(c, u);
    pdf_sbuf_add(b, (const char *)u, (size_t)(k > 0 ? k : 0), rc);
}

int32_t pdf_first_cp(const char *s, size_t n)
{
    int32_t c = 0;
    if (n)
        pdf_next_char(s, n, &c);
    return c;
}

int32_t pdf_last_cp(const char *s, size_t n, size_t *at)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0)
        i--;
    if (at)
        *at = i;
    int32_t c = 0;
    if (n)
        pdf_next_char(s + i, n - i, &c);
    return c;
}

int pdf_is_lower(int32_t c)
{
    return c > 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

int pdf_is_letter(int32_t c)
{
    if (c <= 0)
        return 0;
    utf8proc_category_t k = utf8proc_category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

size_t pdf_tidy(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' && (o == 0 || s[o - 1] == ' ' || s[o - 1] == '\n'))
            continue;
        if (c == '\n') {
            while (o > 0 && s[o - 1] == ' ')
                o--;
            if (o == 0 || s[o - 1] == '\n')
                continue;
        }
        s[o++] = c;
    }
    while (o > 0 && (s[o - 1] == ' ' || s[o - 1] == '\n'))
        o--;
    return o;
}
