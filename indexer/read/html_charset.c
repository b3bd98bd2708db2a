/*
 * html_charset.c: a page's bytes as clean UTF-8, decoded here rather than by
 * libxml2 (html_internal.h says why): a BOM, then the <meta> charset found
 * by WHATWG's prescan, as browsers read the label; else UTF-8 when the
 * bytes are valid UTF-8, else Windows-1252. Other sets go through iconv.
 */
#include "html_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Windows-1252's 0x80..0x9F; 0 where it has no character. The same table
 * reads U+0080..U+009F in decoded text (html_cp1252_c1). */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

long html_cp1252_c1(long cp)
{
    if (cp >= 0x80 && cp < 0xA0 && cp1252_c1[cp - 0x80])
        cp = cp1252_c1[cp - 0x80];
    return cp;
}

static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n) {
        if (html_utf8_decode(s + i, n - i, &k) < 0)
            return 0;
        i += k;
    }
    return 1;
}

/* UTF-8 as it claims to be: malformed bytes become U+FFFD, NULs go. */
static int decode_utf8(const unsigned char *s, size_t n, strbuf *out)
{
    if (html_sb_grow(out, n) != 0)
        return -1;
    size_t i = 0, k;
    while (i < n) {
        long cp = html_utf8_decode(s + i, n - i, &k);
        if (cp == 0) {
            i++;
            continue;
        }
        int rc = cp < 0 ? html_sb_add_cp(out, 0xFFFD) : html_sb_add(out, s + i, k);
        if (rc != 0)
            return -1;
        i += k;
    }
    return 0;
}

static int decode_cp1252(const unsigned char *s, size_t n, strbuf *out)
{
    if (html_sb_grow(out, n + n / 2) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        long cp = s[i];
        if (cp == 0)
            continue;
        if (html_sb_add_cp(out, html_cp1252_c1(cp)) != 0)
            return -1;
    }
    return 0;
}

/* Any other character set, through iconv: bytes it cannot convert become
 * U+FFFD. Returns 1 when iconv does not know the label (out untouched). */
static int decode_iconv(const char *label, const unsigned char *s, size_t n,
                        strbuf *out)
{
    iconv_t cd = iconv_open("UTF-8", label);
    if (cd == (iconv_t)-1)
        return 1;
    char *in = (char *)(uintptr_t)s;
    size_t inleft = n;
    int rc = 0;
    while (rc == 0) {
        if (html_sb_grow(out, 4096) != 0) {
            rc = -1;
            break;
        }
        char *op = out->p + out->n;
        size_t oleft = out->cap - out->n - 1, before = oleft;
        size_t r = inleft ? iconv(cd, &in, &inleft, &op, &oleft)
                          : iconv(cd, NULL, NULL, &op, &oleft);
        out->n += before - oleft;
        if (r != (size_t)-1) {
            if (inleft == 0)
                break;
        } else if (errno == EILSEQ || errno == EINVAL) {
            /* skip one byte; EINVAL is a sequence cut short at the end */
            rc = html_sb_add_cp(out, 0xFFFD);
            in++;
            inleft--;
        } else if (errno != E2BIG) {
            break;
        }
    }
    iconv_close(cd);
    if (rc == 0) {
        /* NULs carry nothing and would end libxml2's strings early */
        size_t w = 0;
        for (size_t i = 0; i < out->n; i++)
            if (out->p[i] != '\0')
                out->p[w++] = out->p[i];
        out->n = w;
        out->p[w] = '\0';
    }
    return rc;
}

/* An attribute as the charset prescan sees it (truncated copies). */
typedef struct scan_attr {
    char name[32];
    char value[128];
} scan_attr;

static void scan_put(char *dst, size_t cap, size_t *len, int c)
{
    if (*len + 1 < cap) {
        dst[(*len)++] = (char)c;
        dst[*len] = '\0';
    }
}

/* WHATWG's "get an attribute": the attribute at *pos into a, 0 at the end
 * of the tag. Every call that returns 1 has moved *pos forward. */
static int scan_get_attr(const unsigned char *s, size_t n, size_t *pos,
                         scan_attr *a)
{
    size_t p = *pos, nl = 0, vl = 0;
    a->name[0] = a->value[0] = '\0';
    while (p < n && (ascii_space(s[p]) || s[p] == '/'))
        p++;
    if (p >= n || s[p] == '>') {
        *pos = p;
        return 0;
    }
    for (;; p++) {
        if (p >= n) {
            *pos = n;
            return 0;
        }
        if (s[p] == '=' && nl > 0)
            break;
        if (ascii_space(s[p])) {
            while (p < n && ascii_space(s[p]))
                p++;
            if (p < n && s[p] == '=')
                break;
            *pos = p;
            return 1;
        }
        if (s[p] == '/' || s[p] == '>') {
            *pos = p;
            return 1;
        }
        scan_put(a->name, sizeof a->name, &nl, ascii_lower(s[p]));
    }
    p++; /* '=' */
    while (p < n && ascii_space(s[p]))
        p++;
    if (p < n && (s[p] == '"' || s[p] == '\'')) {
        unsigned char q = s[p++];
        while (p < n && s[p] != q)
            scan_put(a->value, sizeof a->value, &vl, s[p++]);
        p += p < n;
    } else {
        while (p < n && !ascii_space(s[p]) && s[p] != '>')
            scan_put(a->value, sizeof a->value, &vl, s[p++]);
    }
    *pos = p;
    return 1;
}

/* The charset named in a Content-Type value ("text/html; charset=x"). */
static int charset_from_content(const char *v, char *label, size_t cap)
{
    const unsigned char *s = (const unsigned char *)v;
    size_t n = strlen(v);
    for (size_t i = 0; i + 7 <= n; i++) {
        if (!html_ci_starts(s + i, n - i, "charset"))
            continue;
        size_t p = i + 7;
        while (p < n && ascii_space(s[p]))
            p++;
        if (p >= n || s[p] != '=')
            continue;
        p++;
        while (p < n && ascii_space(s[p]))
            p++;
        size_t len = 0;
        label[0] = '\0';
        if (p < n && (s[p] == '"' || s[p] == '\'')) {
            unsigned char q = s[p++];
            while (p < n && s[p] != q)
                scan_put(label, cap, &len, s[p++]);
        } else {
            while (p < n && !ascii_space(s[p]) && s[p] != ';')
                scan_put(label, cap, &len, s[p++]);
        }
        return len > 0;
    }
    return 0;
}

/* A <meta> tag's attributes from *pos: its charset label, if it gives
 * one by charset= or by http-equiv=Content-Type with content=. */
static int scan_meta(const unsigned char *s, size_t n, size_t *pos,
                     char *label, size_t cap)
{
    scan_attr a;
    char by_charset[sizeof a.value] = "", by_content[sizeof a.value] = "";
    int pragma = 0;
    while (scan_get_attr(s, n, pos, &a)) {
        if (strcmp(a.name, "http-equiv") == 0 &&
            html_ci_equal(a.value, "content-type"))
            pragma = 1;
        else if (strcmp(a.name, "content") == 0 && !by_content[0])
            charset_from_content(a.value, by_content, sizeof by_content);
        else if (strcmp(a.name, "charset") == 0 && !by_charset[0])
            snprintf(by_charset, sizeof by_charset, "%s", a.value);
    }
    const char *found = by_charset[0] ? by_charset
                        : pragma && by_content[0] ? by_content : NULL;
    if (found)
        snprintf(label, cap, "%s", found);
    return found != NULL;
}

/* WHATWG's "prescan a byte stream to determine its encoding", over the
 * first SCAN_BYTES: the label of the first <meta> that declares one. */
static int prescan_charset(const unsigned char *s, size_t n, char *label,
                           size_t cap)
{
    size_t p = 0;
    scan_attr a;
    n = n < SCAN_BYTES ? n : SCAN_BYTES;
    while (p < n) {
        const unsigned char *t = s + p;
        size_t left = n - p;
        if (*t != '<') {
            p++;
        } else if (html_ci_starts(t, left, "<!--")) {
            p = html_skip_past(s, n, p + 2, "-->");
        } else if (html_ci_starts(t, left, "<meta") && left > 5 &&
                   (ascii_space(t[5]) || t[5] == '/')) {
            p += 5;
            if (scan_meta(s, n, &p, label, cap))
                return 1;
        } else if ((left > 1 && ascii_alpha(t[1])) ||
                   (left > 2 && t[1] == '/' && ascii_alpha(t[2]))) {
            p++;
            while (p < n && !ascii_space(s[p]) && s[p] != '>')
                p++;
            while (scan_get_attr(s, n, &p, &a))
                ;
        } else if (left > 1 && (t[1] == '!' || t[1] == '/' || t[1] == '?')) {
            p = html_skip_past(s, n, p + 1, ">");
        } else {
            p++;
        }
    }
    return 0;
}

typedef enum charset { CS_AUTO, CS_UTF8, CS_CP1252, CS_OTHER } charset;

/* What a declared label means, as browsers read it (WHATWG Encoding). */
static charset label_charset(const char *label, char *clean, size_t cap)
{
    static const char *const utf8[] = {
        "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8",
        "unicode20utf8", "x-unicode20utf8",
        /* a page that is read byte by byte cannot really be UTF-16 */
        "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2",
    };
    static const char *const cp1252[] = {
        "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1",
        "iso_8859-1", "iso88591", "iso_8859-1:1987", "latin1", "l1",
        "us-ascii", "ascii", "ansi_x3.4-1968", "cp819", "csisolatin1",
        "ibm819", "iso-ir-100",
    };
    size_t len = 0;
    while (ascii_space((unsigned char)*label))
        label++;
    for (; *label && !ascii_space((unsigned char)*label); label++) {
        int c = ascii_lower((unsigned char)*label);
        if (!ascii_alpha(c) && !ascii_digit(c) && !strchr("-_.:", c))
            return CS_AUTO; /* not a name iconv should ever see */
        if (len + 1 >= cap)
            return CS_AUTO;
        clean[len++] = (char)c;
    }
    clean[len] = '\0';
    for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
        if (strcmp(clean, utf8[i]) == 0)
            return CS_UTF8;
    for (size_t i = 0; i < sizeof cp1252 / sizeof cp1252[0]; i++)
        if (strcmp(clean, cp1252[i]) == 0)
            return CS_CP1252;
    return len ? CS_OTHER : CS_AUTO;
}

int html_decode(const unsigned char *s, size_t n, strbuf *out)
{
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return decode_utf8(s + 3, n - 3, out);
    if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
                   (s[0] == 0xFE && s[1] == 0xFF))) {
        int rc = decode_iconv(s[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", s + 2,
                              n - 2, out);
        if (rc != 1)
            return rc;
    }
    char label[64], clean[64];
    if (prescan_charset(s, n, label, sizeof label)) {
        switch (label_charset(label, clean, sizeof clean)) {
        case CS_UTF8:
            return decode_utf8(s, n, out);
        case CS_CP1252:
            return decode_cp1252(s, n, out);
        case CS_OTHER: {
            int rc = decode_iconv(clean, s, n, out);
            if (rc != 1)
                return rc;
            break;
        }
        case CS_AUTO:
            break;
        }
    }
    return utf8_valid(s, n) ? decode_utf8(s, n, out) : decode_cp1252(s, n, out);
}
