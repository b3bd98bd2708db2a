/*
 * html.c: HTML pages -> blocks (the rules are in html.h).
 *
 * Three steps. The bytes are decoded to clean UTF-8 here, not by libxml2:
 * libxml2 2.9 falls back to ISO-8859-1 rather than Windows-1252 on bytes that
 * are not UTF-8, reads a declared ISO-8859-1 as ISO-8859-1 (so cp1252's
 * dashes and quotes become C1 controls), and prints iconv errors to stderr.
 * libxml2's HTML parser then builds the tree (told the input is UTF-8 and to
 * ignore the page's own declaration). Last, the tree is walked twice: a
 * pre-pass for the facts, <main> and the h1, then the content walk, which
 * opens and closes one block at a time.
 */
#include "html.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* How far the charset prescan and html_sniff look. */
#define SCAN_BYTES (64 * 1024)
/* libxml2 hands a text node's line as of its first chunk of this many
 * bytes (HTML_PARSER_BIG_BUFFER_SIZE); see text_line. */
#define LIBXML_TEXT_CHUNK 1000

/* ===================================================================== */
/* Bytes and growable strings                                            */
/* ===================================================================== */

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ascii_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int ascii_alpha(int c)
{
    c = ascii_lower(c);
    return c >= 'a' && c <= 'z';
}

static int ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* 1 when s[0..n) starts with lit, ASCII case ignored. */
static int ci_starts(const unsigned char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (ascii_lower(s[i]) != ascii_lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

static int ci_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* A growable NUL-terminated byte string. */
typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

static int sb_grow(strbuf *b, size_t more)
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

static int sb_add(strbuf *b, const void *s, size_t n)
{
    if (sb_grow(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

static void sb_free(strbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ===================================================================== */
/* UTF-8 and Windows-1252                                                */
/* ===================================================================== */

/* The code point at s[0..n) (n >= 1), its length in *len; -1 with length 1
 * when the bytes are not well-formed UTF-8 (overlong, surrogate, beyond
 * U+10FFFF, cut short). */
static long utf8_decode(const unsigned char *s, size_t n, size_t *len)
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

static int sb_add_cp(strbuf *b, long cp)
{
    char u[4];
    return sb_add(b, u, utf8_encode(cp, u));
}

static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n) {
        if (utf8_decode(s + i, n - i, &k) < 0)
            return 0;
        i += k;
    }
    return 1;
}

/* Windows-1252's 0x80..0x9F; 0 where it has no character. The same table
 * reads U+0080..U+009F in decoded text, which only ever comes from
 * mislabelled cp1252 or from &#150;-style references (HTML5 maps those). */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* ===================================================================== */
/* Decoding the document to clean UTF-8                                  */
/* ===================================================================== */

/* UTF-8 as it claims to be: malformed bytes become U+FFFD, NULs go. */
static int decode_utf8(const unsigned char *s, size_t n, strbuf *out)
{
    if (sb_grow(out, n) != 0)
        return -1;
    size_t i = 0, k;
    while (i < n) {
        long cp = utf8_decode(s + i, n - i, &k);
        if (cp == 0) {
            i++;
            continue;
        }
        int rc = cp < 0 ? sb_add_cp(out, 0xFFFD) : sb_add(out, s + i, k);
        if (rc != 0)
            return -1;
        i += k;
    }
    return 0;
}

static int decode_cp1252(const unsigned char *s, size_t n, strbuf *out)
{
    if (sb_grow(out, n + n / 2) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        long cp = s[i];
        if (cp == 0)
            continue;
        if (cp >= 0x80 && cp < 0xA0 && cp1252_c1[cp - 0x80])
            cp = cp1252_c1[cp - 0x80];
        if (sb_add_cp(out, cp) != 0)
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
        if (sb_grow(out, 4096) != 0) {
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
            rc = sb_add_cp(out, 0xFFFD);
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
        if (!ci_starts(s + i, n - i, "charset"))
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
            ci_equal(a.value, "content-type"))
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

static size_t scan_skip_past(const unsigned char *s, size_t n, size_t p,
                             const char *end)
{
    size_t k = strlen(end);
    for (; p + k <= n; p++)
        if (memcmp(s + p, end, k) == 0)
            return p + k;
    return n;
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
        } else if (ci_starts(t, left, "<!--")) {
            p = scan_skip_past(s, n, p + 2, "-->");
        } else if (ci_starts(t, left, "<meta") && left > 5 &&
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
            p = scan_skip_past(s, n, p + 1, ">");
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

/* The document as clean UTF-8 in out: by its BOM, else its <meta>, else
 * UTF-8 when that is what it is, else Windows-1252. */
static int html_decode(const unsigned char *s, size_t n, strbuf *out)
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

/* ===================================================================== */
/* Text as it goes into a block                                          */
/* ===================================================================== */

/* A block's (or a cell's) text, white space collapsed as it arrives: a
 * space is owed, not written, until a visible character follows. */
typedef struct textbuf {
    strbuf s;
    int space;
} textbuf;

static int is_space_cp(long cp)
{
    return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Characters with nothing to show: controls, soft hyphen, zero widths. */
static int is_invisible_cp(long cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
           cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

static void tb_reset(textbuf *t)
{
    t->s.n = 0;
    if (t->s.p)
        t->s.p[0] = '\0';
    t->space = 0;
}

static int tb_ends_newline(const textbuf *t)
{
    return t->s.n > 0 && t->s.p[t->s.n - 1] == '\n';
}

/* A line break: written once, never first. */
static int tb_newline(textbuf *t)
{
    t->space = 0;
    if (t->s.n == 0 || tb_ends_newline(t))
        return 0;
    return sb_add(&t->s, "\n", 1);
}

/* Append UTF-8 from libxml2 (checked again all the same); pre keeps its
 * line breaks. */
static int tb_append(textbuf *t, const char *text, size_t n, int pre)
{
    const unsigned char *s = (const unsigned char *)text;
    if (sb_grow(&t->s, n + 8) != 0)
        return -1;
    size_t i = 0, k;
    while (i < n) {
        long cp = utf8_decode(s + i, n - i, &k);
        i += k;
        if (cp < 0)
            cp = 0xFFFD;
        else if (cp >= 0x80 && cp < 0xA0 && cp1252_c1[cp - 0x80])
            cp = cp1252_c1[cp - 0x80];
        if (cp == '\n' && pre) {
            if (tb_newline(t) != 0)
                return -1;
        } else if (is_space_cp(cp)) {
            t->space = 1;
        } else if (!is_invisible_cp(cp)) {
            if (t->space && t->s.n && !tb_ends_newline(t) &&
                sb_add(&t->s, " ", 1) != 0)
                return -1;
            t->space = 0;
            if (sb_add_cp(&t->s, cp) != 0)
                return -1;
        }
    }
    return 0;
}

/* The text, trailing line breaks cut. */
static const char *tb_text(textbuf *t, size_t *len)
{
    while (t->s.n && t->s.p[t->s.n - 1] == '\n')
        t->s.n--;
    if (t->s.p)
        t->s.p[t->s.n] = '\0';
    *len = t->s.n;
    return t->s.p ? t->s.p : "";
}

/* ===================================================================== */
/* Elements: what each is, and what is furniture                         */
/* ===================================================================== */

typedef enum elem_class {
    E_INLINE,  /* gives its text to the enclosing block */
    E_SILENT,  /* dropped without a note (script, style, head...) */
    E_DROP,    /* dropped with a note (nav, footer, form...) */
    E_HEADING, /* h1..h6 */
    E_PARA,    /* p and its kin: one paragraph */
    E_ITEM,    /* li */
    E_LIST,    /* ul, ol, dl: end the enclosing block, items follow */
    E_TABLE,
    E_ROW,
    E_CELL,
    E_BOX,     /* div, section...: its bare text runs are paragraphs */
    E_BR,
    E_HR,
    E_VOID     /* no text: img, input */
} elem_class;

typedef struct elem_info {
    const char *name; /* static: used as a block's where */
    elem_class cls;
} elem_info;

static const elem_info elem_table[] = {
    {"script", E_SILENT}, {"style", E_SILENT}, {"head", E_SILENT},
    {"title", E_SILENT}, {"meta", E_SILENT}, {"link", E_SILENT},
    {"base", E_SILENT}, {"svg", E_SILENT}, {"math", E_SILENT},
    {"object", E_SILENT}, {"embed", E_SILENT}, {"canvas", E_SILENT},
    {"audio", E_SILENT}, {"video", E_SILENT}, {"map", E_SILENT},
    {"textarea", E_SILENT}, {"datalist", E_SILENT}, {"colgroup", E_SILENT},
    {"nav", E_DROP}, {"header", E_DROP}, {"footer", E_DROP},
    {"aside", E_DROP}, {"form", E_DROP}, {"noscript", E_DROP},
    {"template", E_DROP}, {"iframe", E_DROP}, {"frameset", E_DROP},
    {"button", E_DROP}, {"select", E_DROP}, {"dialog", E_DROP},
    {"search", E_DROP},
    {"h1", E_HEADING}, {"h2", E_HEADING}, {"h3", E_HEADING},
    {"h4", E_HEADING}, {"h5", E_HEADING}, {"h6", E_HEADING},
    {"p", E_PARA}, {"dd", E_PARA}, {"dt", E_PARA}, {"caption", E_PARA},
    {"figcaption", E_PARA}, {"summary", E_PARA}, {"pre", E_PARA},
    {"address", E_PARA}, {"legend", E_PARA},
    {"li", E_ITEM},
    {"ul", E_LIST}, {"ol", E_LIST}, {"dl", E_LIST}, {"menu", E_LIST},
    {"dir", E_LIST},
    {"table", E_TABLE}, {"tr", E_ROW}, {"td", E_CELL}, {"th", E_CELL},
    {"html", E_BOX}, {"body", E_BOX}, {"main", E_BOX}, {"div", E_BOX},
    {"section", E_BOX}, {"article", E_BOX}, {"blockquote", E_BOX},
    {"center", E_BOX}, {"fieldset", E_BOX}, {"details", E_BOX},
    {"figure", E_BOX}, {"hgroup", E_BOX}, {"thead", E_BOX},
    {"tbody", E_BOX}, {"tfoot", E_BOX}, {"noframes", E_BOX},
    {"br", E_BR}, {"hr", E_HR},
    {"img", E_VOID}, {"input", E_VOID}, {"wbr", E_VOID}, {"area", E_VOID},
    {"source", E_VOID}, {"track", E_VOID}, {"col", E_VOID},
};

static const elem_info *elem_lookup(const xmlNode *n)
{
    static const elem_info inline_elem = {"", E_INLINE};
    const char *name = (const char *)n->name;
    for (size_t i = 0; name && i < sizeof elem_table / sizeof elem_table[0]; i++)
        if (strcmp(name, elem_table[i].name) == 0)
            return &elem_table[i];
    return &inline_elem;
}

static int elem_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcmp((const char *)n->name, name) == 0;
}

/* An attribute's value (libxml2's HTML parser lowercases names), NULL when
 * absent. Not a copy. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcmp((const char *)a->name, name) != 0)
            continue;
        const xmlNode *v = a->children;
        return v && v->type == XML_TEXT_NODE && v->content
                   ? (const char *)v->content : "";
    }
    return NULL;
}

static unsigned line_of(const xmlNode *n)
{
    long l = n ? xmlGetLineNo((xmlNodePtr)(uintptr_t)n) : -1;
    return l > 0 && l < (long)UINT_MAX ? (unsigned)l : 0;
}

/* 1 when ancestor is node or one of its ancestors. */
static int contains(const xmlNode *ancestor, const xmlNode *node)
{
    for (; node; node = node->parent)
        if (node == ancestor)
            return 1;
    return 0;
}

/* The next node after n in document order inside top, not entering n's
 * children unless descend: a walk with no recursion. */
static xmlNodePtr next_in(xmlNodePtr n, const xmlNode *top, int descend)
{
    if (descend && n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    for (; n && n != top; n = n->parent)
        if (n->next)
            return n->next;
    return NULL;
}

/* Words in class and id values that name page furniture. */
static const char *const furniture_words[] = {
    "cookie", "banner", "breadcrumb", "skip-link", "skiplink", "skip-to",
    "skip-nav", "share", "social-media", "social-links", "social-share",
    "social-icons", "related-content", "related-links", "feedback",
    "back-to-top", "site-header", "site-footer", "visually-hidden",
    "sr-only", "screen-reader-text", "print-only", "only-print",
    "visible-print", "print-link", "print-page", "menu", "in-this-section",
    "sidebar", "pagination", "navbar",
};

static int word_sep(int c)
{
    return !ascii_alpha(c) && !ascii_digit(c);
}

/* 1 when word occurs in v as whole words: after the start or a separator,
 * before the end, a separator or a plural 's'. '_' is read as '-' and case
 * is ignored, so "govuk-breadcrumbs" and "Skip_Link" match and
 * "shared-lives" does not. */
static int has_word(const char *v, const char *word)
{
    size_t k = strlen(word);
    for (size_t i = 0; v[i]; i++) {
        if (i > 0 && !word_sep((unsigned char)v[i - 1]))
            continue;
        size_t j = 0;
        for (; j < k && v[i + j]; j++) {
            int c = ascii_lower((unsigned char)v[i + j]);
            if ((c == '_' ? '-' : c) != word[j])
                break;
        }
        if (j < k)
            continue;
        int after = (unsigned char)v[i + k];
        if (after == 's')
            after = (unsigned char)v[i + k + 1];
        if (after == '\0' || word_sep(after))
            return 1;
    }
    return 0;
}

/* Which furniture word v holds; NULL for none. A lone "social" class is
 * furniture; "social" inside "adult-social-care" is not. */
static const char *furniture_word(const char *v)
{
    for (size_t i = 0; i < sizeof furniture_words / sizeof furniture_words[0];
         i++)
        if (has_word(v, furniture_words[i]))
            return furniture_words[i];
    for (const char *p = v; (p = strstr(p, "social")) != NULL; p++)
        if ((p == v || ascii_space((unsigned char)p[-1])) &&
            (p[6] == '\0' || ascii_space((unsigned char)p[6])))
            return "social";
    return NULL;
}

static int has_token(const char *v, const char *token)
{
    size_t k = strlen(token);
    const unsigned char *s = (const unsigned char *)v;
    for (size_t i = 0; s[i];) {
        while (s[i] && ascii_space(s[i]))
            i++;
        size_t start = i;
        while (s[i] && !ascii_space(s[i]))
            i++;
        if (i - start == k && ci_starts(s + start, k, token))
            return 1;
    }
    return 0;
}

/* A short printable copy of an attribute value, for notes. */
static void note_value(const char *v, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    for (; v[i] && o + 4 < cap && i < 40; i++) {
        unsigned char c = (unsigned char)v[i];
        out[o++] = c >= 0x20 && c < 0x7F && c != '"' ? (char)c : '?';
    }
    if (v[i])
        out[o++] = '.', out[o++] = '.', out[o++] = '.';
    out[o] = '\0';
}

static int style_hides(const char *style)
{
    char squeezed[256];
    size_t o = 0;
    for (const char *p = style; *p && o + 1 < sizeof squeezed; p++)
        if (!ascii_space((unsigned char)*p))
            squeezed[o++] = (char)ascii_lower((unsigned char)*p);
    squeezed[o] = '\0';
    return strstr(squeezed, "display:none") != NULL ||
           strstr(squeezed, "visibility:hidden") != NULL;
}

/* Why n is hidden from readers, into why; 0 when it is not. */
static int hidden_why(const xmlNode *n, char *why, size_t cap)
{
    const char *v = attr(n, "hidden");
    if (v && !ci_equal(v, "until-found")) /* until-found is searchable */
        return snprintf(why, cap, "hidden"), 1;
    v = attr(n, "aria-hidden");
    if (v && ci_equal(v, "true"))
        return snprintf(why, cap, "aria-hidden"), 1;
    v = attr(n, "style");
    if (v && style_hides(v))
        return snprintf(why, cap, "display:none"), 1;
    return 0;
}

static int role_why(const xmlNode *n, char *why, size_t cap)
{
    static const char *const roles[] = {
        "navigation", "banner", "contentinfo", "search", "complementary",
        "dialog", "alertdialog", "alert",
    };
    const char *v = attr(n, "role");
    for (size_t i = 0; v && i < sizeof roles / sizeof roles[0]; i++)
        if (has_token(v, roles[i]))
            return snprintf(why, cap, "role %s", roles[i]), 1;
    return 0;
}

/* Class (and, but for headings, whose ids are made from their text, id)
 * naming furniture. */
static int class_why(const xmlNode *n, elem_class cls, char *why, size_t cap)
{
    const char *names[] = {"class", "id"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = attr(n, names[i]);
        if (!v || (i == 1 && cls == E_HEADING) || !furniture_word(v))
            continue;
        char shown[64];
        note_value(v, shown, sizeof shown);
        snprintf(why, cap, "%s \"%s\"", names[i], shown);
        return 1;
    }
    return 0;
}

/* ===================================================================== */
/* The reader                                                            */
/* ===================================================================== */

/* The block being gathered. */
typedef struct open_block {
    int open;
    block_kind kind;
    int level;
    unsigned line;
    const char *where;
    int implicit; /* a run of a box's bare text */
    int pre;      /* keep line breaks */
} open_block;

typedef struct reader {
    doc_blocks *out;
    int err;            /* sticky: -1 once out of memory */
    int stop;           /* a limit was reached: add nothing more */
    size_t used, limit; /* bytes of block text so far, and the cap */
    size_t notes_over;  /* notes past HTML_MAX_NOTES, counted only */
    open_block b;
    textbuf text;       /* the open block's text, or the current cell's */
    int row;            /* inside a tr */
    unsigned row_line;
    strbuf rowtext;     /* the row's cells so far */
    const char *box;    /* where for bare text runs */
    const xmlNode *main, *h1;
    int flattened;      /* noted that deep content was flattened */
} reader;

static void note(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void note(reader *r, const char *fmt, ...)
{
    if (r->err)
        return;
    if (r->out->n_dropped >= HTML_MAX_NOTES) {
        r->notes_over++;
        return;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (doc_blocks_dropped(r->out, "%s", buf) != 0)
        r->err = -1;
}

static void limit_reached(reader *r, unsigned line, const char *what)
{
    r->stop = 1;
    note(r, "line %u: %s; the rest was not read", line, what);
}

static void add_block(reader *r, block_kind kind, int level, const char *text,
                      size_t len, unsigned line, const char *where)
{
    if (r->err || r->stop)
        return;
    if (r->out->n >= HTML_MAX_BLOCKS)
        return limit_reached(r, line, "too many blocks");
    if (len > r->limit - r->used)
        return limit_reached(r, line, "too much text");
    if (doc_blocks_add(r->out, kind, level, text, len, line, 0, where) != 0)
        r->err = -1;
    else
        r->used += len;
}

/* Lines that are page furniture whatever element holds them. */
static int stock_line(const char *t, size_t len)
{
    static const char *const lines[] = {
        "skip to content", "skip to main content", "skip to navigation",
        "skip to main navigation", "back to top", "return to top",
        "top of page", "print this page", "print", "share this page",
        "share", "was this page useful?", "is this page useful?",
        "was this page helpful?", "was this helpful?",
    };
    while (len && (t[len - 1] == '.' || t[len - 1] == ' '))
        len--;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (strlen(lines[i]) == len &&
            ci_starts((const unsigned char *)t, len, lines[i]))
            return 1;
    return len <= 80 && ci_starts((const unsigned char *)t, len, "cookies on ") &&
           !memchr(t, '\n', len);
}

static void block_open(reader *r, block_kind kind, int level, unsigned line,
                       const char *where, int implicit, int pre)
{
    open_block b = {1, kind, level, line, where, implicit, pre};
    r->b = b;
    tb_reset(&r->text);
}

static void flush(reader *r)
{
    if (!r->b.open)
        return;
    r->b.open = 0;
    size_t len;
    const char *t = tb_text(&r->text, &len);
    if (len && stock_line(t, len))
        note(r, "line %u: stock line \"%.80s\"", r->b.line, t);
    else if (len)
        add_block(r, r->b.kind, r->b.level, t, len, r->b.line, r->b.where);
    tb_reset(&r->text);
}

static void row_start(reader *r, unsigned line)
{
    flush(r);
    r->row = 1;
    r->row_line = line;
    r->rowtext.n = 0;
    tb_reset(&r->text);
}

static void cell_end(reader *r)
{
    size_t len;
    const char *t = tb_text(&r->text, &len);
    if (len && ((r->rowtext.n && sb_add(&r->rowtext, " | ", 3) != 0) ||
                sb_add(&r->rowtext, t, len) != 0))
        r->err = -1;
    tb_reset(&r->text);
}

static void row_end(reader *r)
{
    cell_end(r);
    r->row = 0;
    if (r->rowtext.n)
        add_block(r, BLOCK_ROW, 0, r->rowtext.p, r->rowtext.n, r->row_line,
                  "tr");
    r->rowtext.n = 0;
}

/* Inside a block that takes other blocks' text (a p, li, dd, heading or
 * cell), rather than between blocks. */
static int inside_block(const reader *r)
{
    return r->row || (r->b.open && !r->b.implicit);
}

/* A block element's edge: a space in a cell or heading, a line break in a
 * p or li, the end of a bare text run. */
static void soft_break(reader *r)
{
    if (r->row || (r->b.open && r->b.kind == BLOCK_HEADING))
        r->text.space = 1;
    else if (r->b.open && !r->b.implicit) {
        if (tb_newline(&r->text) != 0)
            r->err = -1;
    } else
        flush(r);
}

/* The line a text node's first visible character is on. libxml2 gives a
 * text node the line where its first chunk ended, so count back the line
 * breaks in that chunk; never before the parent's own line. */
static unsigned text_line(const xmlNode *n, const char *s, size_t len)
{
    unsigned line = line_of(n), floor = line_of(n->parent);
    size_t i = 0, end = len < LIBXML_TEXT_CHUNK ? len : LIBXML_TEXT_CHUNK;
    while (i < end && (ascii_space((unsigned char)s[i]) ||
                       (unsigned char)s[i] == 0xC2 || (unsigned char)s[i] == 0xA0))
        i++;
    for (; i < end && line > 1 && line < 65535; i++)
        line -= s[i] == '\n';
    return line < floor ? floor : line;
}

/* 1 when s has something to show (not only white space and nbsp). */
static int has_visible(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (ascii_space(c))
            continue;
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        return 1;
    }
    return 0;
}

static void on_text(reader *r, const xmlNode *n)
{
    const char *s = (const char *)n->content;
    size_t len = s ? strlen(s) : 0;
    if (!len)
        return;
    if (!r->b.open && !r->row) {
        if (!has_visible(s, len))
            return;
        block_open(r, BLOCK_PARAGRAPH, 0, text_line(n, s, len), r->box, 1, 0);
    }
    if (tb_append(&r->text, s, len, r->b.open && r->b.pre && !r->row) != 0)
        r->err = -1;
    else if (r->text.s.n + r->rowtext.n > r->limit - r->used)
        limit_reached(r, line_of(n), "too much text");
}

static void on_br(reader *r)
{
    if (!r->row && !r->b.open)
        return;
    if (r->b.open && r->b.implicit && !r->row && tb_ends_newline(&r->text))
        flush(r); /* <br><br> between runs of bare text: a new paragraph */
    else if (tb_newline(&r->text) != 0)
        r->err = -1;
}

static size_t count_links(const xmlNode *top)
{
    size_t k = 0;
    for (xmlNodePtr n = (xmlNodePtr)(uintptr_t)top; n; n = next_in(n, top, 1))
        k += elem_is(n, "a") && attr(n, "href") != NULL;
    return k;
}

/* 1 when n is furniture and is not to be read; noted unless silent. An
 * element holding the page's main or h1 is never dropped, nor html/body. */
static int dropped(reader *r, const xmlNode *n, const elem_info *e)
{
    char why[128] = "";
    int drop = 0;
    if (e->cls == E_SILENT)
        return 1;
    if (e->cls == E_DROP) {
        drop = 1;
        if (strcmp(e->name, "nav") == 0)
            snprintf(why, sizeof why, "navigation");
    }
    drop = drop || hidden_why(n, why, sizeof why) || role_why(n, why, sizeof why) ||
           class_why(n, e->cls, why, sizeof why);
    if (!drop || elem_is(n, "body") || elem_is(n, "html") ||
        contains(n, r->main) || contains(n, r->h1))
        return 0;
    size_t links = count_links(n);
    char tail[160] = "";
    const char *plural = links == 1 ? "" : "s";
    if (why[0] && links)
        snprintf(tail, sizeof tail, " (%s, %zu link%s)", why, links, plural);
    else if (why[0])
        snprintf(tail, sizeof tail, " (%s)", why);
    else if (links)
        snprintf(tail, sizeof tail, " (%zu link%s)", links, plural);
    note(r, "line %u: %s%s", line_of(n), (const char *)n->name, tail);
    return 1;
}

static void visit(reader *r, const xmlNode *n, int depth);

static void walk_children(reader *r, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && !r->err && !r->stop; c = c->next)
        visit(r, c, depth + 1);
}

/* Deeper than HTML_MAX_DEPTH: the subtree's text, without recursion, goes
 * into the block at hand. */
static void flatten(reader *r, const xmlNode *top)
{
    if (!r->flattened) {
        r->flattened = 1;
        note(r, "line %u: content nested deeper than %d elements flattened",
             line_of(top), HTML_MAX_DEPTH);
    }
    xmlNodePtr n = (xmlNodePtr)(uintptr_t)top;
    while (n && !r->err && !r->stop) {
        int descend = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            on_text(r, n);
        else if (n->type == XML_ELEMENT_NODE) {
            elem_class cls = elem_lookup(n)->cls;
            descend = cls != E_SILENT && cls != E_DROP;
            if (cls == E_BR)
                on_br(r);
        }
        n = next_in(n, top, descend);
    }
}

/* h1..h6, p and its kin, li: a block of their own, or more text for the
 * block they sit in (a p inside an li, anything inside a cell). */
static void on_block(reader *r, const xmlNode *n, int depth, block_kind kind,
                     int level, const char *where)
{
    if (inside_block(r)) {
        soft_break(r);
        walk_children(r, n, depth);
        soft_break(r);
        return;
    }
    flush(r);
    block_open(r, kind, level, line_of(n), where, 0, strcmp(where, "pre") == 0);
    walk_children(r, n, depth);
    flush(r);
}

/* ul, ol, dl, table: inside an li or p they end its text so far (its
 * items or rows follow); text after them starts a new block of the same
 * kind. Inside a cell or heading they are only text. */
static void on_breakout(reader *r, const xmlNode *n, int depth)
{
    if (r->row || (r->b.open && r->b.kind == BLOCK_HEADING)) {
        soft_break(r);
        walk_children(r, n, depth);
        soft_break(r);
        return;
    }
    open_block outer = r->b;
    flush(r);
    walk_children(r, n, depth);
    flush(r);
    if (outer.open && !outer.implicit) {
        r->b = outer;
        tb_reset(&r->text);
    }
}

static void on_box(reader *r, const xmlNode *n, int depth, const char *name)
{
    if (inside_block(r)) {
        soft_break(r);
        walk_children(r, n, depth);
        soft_break(r);
        return;
    }
    flush(r);
    const char *outer = r->box;
    r->box = name;
    walk_children(r, n, depth);
    flush(r);
    r->box = outer;
}

static void on_row(reader *r, const xmlNode *n, int depth)
{
    if (r->row) { /* a table inside a cell: its cells join the row */
        cell_end(r);
        walk_children(r, n, depth);
        cell_end(r);
        return;
    }
    row_start(r, line_of(n));
    walk_children(r, n, depth);
    row_end(r);
}

static void visit(reader *r, const xmlNode *n, int depth)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return on_text(r, n);
    if (n->type != XML_ELEMENT_NODE)
        return;
    if (depth > HTML_MAX_DEPTH)
        return flatten(r, n);
    const elem_info *e = elem_lookup(n);
    if (dropped(r, n, e))
        return;
    switch (e->cls) {
    case E_HEADING:
        return on_block(r, n, depth, BLOCK_HEADING, e->name[1] - '0', e->name);
    case E_PARA:
        return on_block(r, n, depth, BLOCK_PARAGRAPH, 0, e->name);
    case E_ITEM:
        return on_block(r, n, depth, BLOCK_ITEM, 0, e->name);
    case E_LIST:
    case E_TABLE:
        return on_breakout(r, n, depth);
    case E_ROW:
    case E_CELL:
        return on_row(r, n, depth);
    case E_BOX:
    case E_DROP: /* kept: it holds the main or the h1 (an article's header) */
        return on_box(r, n, depth, e->name);
    case E_BR:
        return on_br(r);
    case E_HR:
        return soft_break(r);
    case E_INLINE:
        return walk_children(r, n, depth);
    case E_SILENT:
    case E_VOID:
        return;
    }
}

/* ===================================================================== */
/* Facts, <main> and the h1                                              */
/* ===================================================================== */

static int days_in(int month, int year)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static int put_date(int y, int m, int d, char out[11])
{
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 ||
        d > days_in(m, y))
        return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 1;
}

/* Up to max digits at *p as a number; -1 when there are none. */
static int take_number(const char **p, int max)
{
    int v = 0, k = 0;
    while (k < max && ascii_digit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k ? v : -1;
}

/* 1 when word[0..k) is full's start, case ignored. */
static int ci_prefix_of(const char *word, size_t k, const char *full)
{
    if (k > strlen(full))
        return 0;
    for (size_t i = 0; i < k; i++)
        if (ascii_lower((unsigned char)word[i]) != full[i])
            return 0;
    return 1;
}

static size_t word_len(const char *p)
{
    size_t k = 0;
    while (ascii_alpha((unsigned char)p[k]))
        k++;
    return k;
}

/* A month's name or its first three letters ("Sept" too) at *p: 1..12,
 * *p moved past it; 0 when there is none. */
static int take_month(const char **p)
{
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
    };
    size_t k = word_len(*p);
    for (int m = 0; m < 12; m++) {
        if ((k == 3 || k == strlen(months[m]) || (m == 8 && k == 4)) &&
            ci_prefix_of(*p, k, months[m])) {
            *p += k;
            *p += **p == '.';
            return m + 1;
        }
    }
    return 0;
}

static void skip_ordinal(const char **p)
{
    static const char *const suffixes[] = {"st", "nd", "rd", "th"};
    for (size_t i = 0; i < 4; i++)
        if (ci_starts((const unsigned char *)*p, 2, suffixes[i])) {
            *p += 2;
            return;
        }
}

static void skip_date_gap(const char **p)
{
    while (ascii_space((unsigned char)**p) || **p == ',')
        (*p)++;
}

/* "17 January 2025", "17th Jan 2025", "Friday, 17 January 2025",
 * "June 27, 2024". */
static int date_in_words(const char *v, char out[11])
{
    static const char *const weekdays[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday",
    };
    const char *p = v;
    size_t k = word_len(p);
    for (size_t i = 0; i < 7; i++)
        if ((k == 3 || k == strlen(weekdays[i])) && ci_prefix_of(p, k, weekdays[i])) {
            p += k;
            skip_date_gap(&p);
            break;
        }
    int day, month;
    if (ascii_digit((unsigned char)*p)) {
        day = take_number(&p, 2);
        skip_ordinal(&p);
        skip_date_gap(&p);
        month = take_month(&p);
    } else {
        month = take_month(&p);
        skip_date_gap(&p);
        day = take_number(&p, 2);
        skip_ordinal(&p);
    }
    if (!month)
        return 0;
    skip_date_gap(&p);
    int year = take_number(&p, 4);
    if (ascii_digit((unsigned char)*p) || ascii_alpha((unsigned char)*p))
        return 0;
    return put_date(year, month, day, out);
}

/* YYYY-MM-DD from a meta value: an ISO date at its start, or a date in
 * words; 0 when it is neither. */
static int normalise_date(const char *v, char out[11])
{
    while (ascii_space((unsigned char)*v))
        v++;
    const char *p = v;
    int y = take_number(&p, 4);
    if (p - v == 4 && *p == '-') {
        p++;
        const char *q = p;
        int m = take_number(&p, 2);
        if (p - q != 2 || *p != '-')
            return 0;
        p++;
        q = p;
        int d = take_number(&p, 2);
        if (p - q != 2 || ascii_digit((unsigned char)*p))
            return 0;
        return put_date(y, m, d, out);
    }
    return date_in_words(v, out);
}

/* Which date a meta tag gives: 1 published, 2 updated, 0 neither. */
static int meta_date_kind(const xmlNode *n)
{
    static const char *const published[] = {
        "article:published_time", "dcterms.created", "dc.date.issued",
        "dc.date", "date", "datepublished", "citation_publication_date",
        "og:published_time",
    };
    static const char *const updated[] = {
        "article:modified_time", "dcterms.modified", "last-modified",
        "dc.date.modified", "og:updated_time", "datemodified",
    };
    const char *keys[] = {"name", "property", "itemprop", "http-equiv"};
    for (size_t k = 0; k < 4; k++) {
        const char *v = attr(n, keys[k]);
        for (size_t i = 0; v && i < sizeof published / sizeof *published; i++)
            if (ci_equal(v, published[i]))
                return 1;
        for (size_t i = 0; v && i < sizeof updated / sizeof *updated; i++)
            if (ci_equal(v, updated[i]))
                return 2;
    }
    return 0;
}

/* A fact's text: white space collapsed, clean UTF-8. */
static int set_fact(reader *r, char **field, const char *value)
{
    textbuf t = {{NULL, 0, 0}, 0};
    size_t len;
    int rc = tb_append(&t, value, strlen(value), 0);
    if (rc == 0) {
        const char *s = tb_text(&t, &len);
        rc = doc_facts_set(field, s, len);
    }
    sb_free(&t.s);
    if (rc != 0)
        r->err = -1;
    return rc;
}

static int inside(const xmlNode *n, const char *name)
{
    for (n = n->parent; n; n = n->parent)
        if (elem_is(n, name))
            return 1;
    return 0;
}

static void fact_from(reader *r, const xmlNode *n, int *have_title,
                      int *have_canonical)
{
    if (elem_is(n, "title") && !*have_title && !inside(n, "svg")) {
        xmlChar *text = xmlNodeGetContent((xmlNodePtr)(uintptr_t)n);
        if (!text) {
            r->err = -1;
            return;
        }
        set_fact(r, &r->out->facts.title, (const char *)text);
        xmlFree(text);
        *have_title = 1;
    } else if (elem_is(n, "link") && !*have_canonical) {
        const char *rel = attr(n, "rel"), *href = attr(n, "href");
        if (rel && href && has_token(rel, "canonical")) {
            set_fact(r, &r->out->facts.canonical, href);
            *have_canonical = 1;
        }
    } else if (elem_is(n, "meta")) {
        int kind = meta_date_kind(n);
        const char *content = attr(n, "content");
        char date[11];
        char **field = kind == 1 ? &r->out->facts.published
                                 : &r->out->facts.updated;
        if (kind && content && !**field && normalise_date(content, date))
            set_fact(r, field, date);
    }
}

/* Facts from the whole tree, and the first <main> (or role=main) that is
 * not hidden. */
static void prepass(reader *r, const xmlNode *root)
{
    int have_title = 0, have_canonical = 0;
    char why[128];
    for (xmlNodePtr n = (xmlNodePtr)(uintptr_t)root; n && !r->err;
         n = next_in(n, root, 1)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        fact_from(r, n, &have_title, &have_canonical);
        const char *role = attr(n, "role");
        if (!r->main && (elem_is(n, "main") || (role && has_token(role, "main"))) &&
            !hidden_why(n, why, sizeof why))
            r->main = n;
    }
}

/* 1 when top holds visible text outside script, style and the like. */
static int has_text_in(const xmlNode *top)
{
    xmlNodePtr n = (xmlNodePtr)(uintptr_t)top;
    while (n) {
        int descend = 1;
        if (n->type == XML_TEXT_NODE && n->content &&
            has_visible((const char *)n->content, strlen((const char *)n->content)))
            return 1;
        if (n->type == XML_ELEMENT_NODE)
            descend = elem_lookup(n)->cls != E_SILENT;
        n = next_in(n, top, descend);
    }
    return 0;
}

/* The page's title heading under top: the first h1 with text that is not
 * itself hidden or screen-reader-only, outside nav, footer, aside and form,
 * and outside header unless with_header (sites that put their logo in an
 * h1 put it there). */
static const xmlNode *find_h1(const xmlNode *top, int with_header)
{
    char why[128];
    xmlNodePtr n = (xmlNodePtr)(uintptr_t)top;
    while (n) {
        int descend = 1;
        if (n->type == XML_ELEMENT_NODE) {
            const elem_info *e = elem_lookup(n);
            descend = e->cls != E_SILENT &&
                      (e->cls != E_DROP ||
                       (with_header && strcmp(e->name, "header") == 0));
            if (elem_is(n, "h1") && !hidden_why(n, why, sizeof why) &&
                !class_why(n, E_HEADING, why, sizeof why) && has_text_in(n))
                return n;
        }
        n = next_in(n, top, descend);
    }
    return NULL;
}

static const xmlNode *find_h1_either(const xmlNode *top)
{
    const xmlNode *h1 = find_h1(top, 0);
    return h1 ? h1 : find_h1(top, 1);
}

static const xmlNode *find_body(const xmlNode *root)
{
    for (const xmlNode *c = root->children; c; c = c->next)
        if (elem_is(c, "body"))
            return c;
    return root;
}

/* 1 when the page has something beside main (worth a note that it was
 * skipped): an element other than script and the like, or text. */
static int beside_main(const xmlNode *main, const xmlNode *body)
{
    for (const xmlNode *n = main; n && n != body && n->parent; n = n->parent)
        for (const xmlNode *s = n->parent->children; s; s = s->next) {
            if (s == n)
                continue;
            if (s->type == XML_ELEMENT_NODE && elem_lookup(s)->cls != E_SILENT)
                return 1;
            if (s->type == XML_TEXT_NODE && s->content &&
                has_visible((const char *)s->content, strlen((const char *)s->content)))
                return 1;
        }
    return 0;
}

/* Read the content: <main> when there is one (after the h1, if that sits
 * outside it), else the body. A <main> with no text (filled in by script,
 * say) does not count. */
static void read_content(reader *r, const xmlNode *root)
{
    const xmlNode *body = find_body(root);
    if (r->main && !has_text_in(r->main)) {
        note(r, "line %u: main has no text; the body read instead",
             line_of(r->main));
        r->main = NULL;
    }
    r->h1 = r->main ? find_h1_either(r->main) : NULL;
    if (!r->h1)
        r->h1 = find_h1_either(body);
    if (r->main) {
        if (beside_main(r->main, body))
            note(r, "line %u: only main read; the page around it skipped",
                 line_of(r->main));
        r->box = "main";
        if (r->h1 && !contains(r->main, r->h1))
            visit(r, r->h1, 0);
        visit(r, r->main, 0);
    } else {
        r->box = "body";
        visit(r, body, 0);
    }
    flush(r);
}

/* ===================================================================== */
/* Entry points                                                          */
/* ===================================================================== */

static void say(char *msg, size_t msglen, const char *what)
{
    if (msg && msglen)
        snprintf(msg, msglen, "%s", what);
}

static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

static void libxml_init(void)
{
    xmlInitParser();
}

static void silent_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* libxml2's error handlers for this thread, kept while they are silenced. */
typedef struct quiet {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} quiet;

static void quiet_start(quiet *q)
{
    q->generic = xmlGenericError;
    q->generic_ctx = xmlGenericErrorContext;
    q->structured = xmlStructuredError;
    q->structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent_generic);
    xmlSetStructuredErrorFunc(NULL, silent_structured);
}

static void quiet_end(const quiet *q)
{
    xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
    xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
}

/* Note a parse libxml2 stopped short (nesting too deep, say). */
static void note_halt(reader *r, xmlParserCtxtPtr ctxt)
{
    if (!ctxt->disableSAX)
        return;
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    int deep = e && e->message && strstr(e->message, "depth") != NULL;
    note(r, "line %d: the parser stopped (%s); the rest was not read",
         e ? e->line : 0, deep ? "nesting too deep" : "malformed input");
}

static int read_tree(reader *r, xmlParserCtxtPtr ctxt, htmlDocPtr doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root)
        return 1;
    prepass(r, root);
    if (!r->err)
        read_content(r, root);
    note_halt(r, ctxt);
    if (r->notes_over) {
        size_t over = r->notes_over;
        r->notes_over = 0;
        if (doc_blocks_dropped(r->out, "... and %zu more", over) != 0)
            r->err = -1;
    }
    return 0;
}

int html_sniff(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    unsigned char ascii[4096];
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        /* UTF-16: the ASCII of each code unit is enough to see tags */
        size_t k = 0, lo = s[0] == 0xFF ? 0 : 1;
        for (size_t i = 2; i + 1 < len && k < sizeof ascii; i += 2)
            ascii[k++] = s[i + 1 - lo] == 0 && s[i + lo] < 0x80 ? s[i + lo] : 0x80;
        s = ascii;
        len = k;
    } else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        len -= 3;
    }
    static const char *const tags[] = {"<html", "<head", "<body", "<title", "<meta"};
    size_t n = len < SCAN_BYTES ? len : SCAN_BYTES, p = 0;
    for (;;) {
        while (p < n && ascii_space(s[p]))
            p++;
        if (p >= n || s[p] != '<')
            return 0;
        if (ci_starts(s + p, n - p, "<!--")) {
            p = scan_skip_past(s, n, p + 4, "-->");
        } else if (ci_starts(s + p, n - p, "<?")) {
            p = scan_skip_past(s, n, p + 2, ">");
        } else if (ci_starts(s + p, n - p, "<!doctype") && p + 9 < n &&
                   ascii_space(s[p + 9])) {
            p += 9;
            while (p < n && ascii_space(s[p]))
                p++;
            return ci_starts(s + p, n - p, "html") &&
                   (p + 4 == n || ascii_space(s[p + 4]) || s[p + 4] == '>');
        } else {
            for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
                size_t k = strlen(tags[i]);
                if (ci_starts(s + p, n - p, tags[i]) &&
                    (p + k == n || ascii_space(s[p + k]) || s[p + k] == '>' ||
                     s[p + k] == '/'))
                    return 1;
            }
            return 0;
        }
    }
}

int html_read(const char *bytes, size_t len, doc_blocks *out, char *msg,
              size_t msglen)
{
    say(msg, msglen, "");
    if (len > HTML_MAX_INPUT_BYTES)
        return say(msg, msglen, "document too large"), -1;
    strbuf utf8 = {NULL, 0, 0};
    if (html_decode((const unsigned char *)bytes, len, &utf8) != 0) {
        sb_free(&utf8);
        return say(msg, msglen, "out of memory"), -1;
    }
    if (!has_visible(utf8.p ? utf8.p : "", utf8.n)) {
        sb_free(&utf8);
        return say(msg, msglen, "empty document"), -1;
    }
    if (utf8.n > INT_MAX) { /* libxml2 takes an int */
        sb_free(&utf8);
        return say(msg, msglen, "document too large"), -1;
    }
    pthread_once(&libxml_once, libxml_init);
    quiet q;
    quiet_start(&q);
    int rc = -1;
    const char *why = "out of memory";
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    htmlDocPtr doc = NULL;
    if (ctxt) {
        doc = htmlCtxtReadMemory(ctxt, utf8.p, (int)utf8.n, NULL, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                     HTML_PARSE_IGNORE_ENC);
        if (!doc && ctxt->errNo != XML_ERR_NO_MEMORY)
            why = "not an HTML document";
    }
    if (doc && ctxt->errNo != XML_ERR_NO_MEMORY) {
        reader r;
        memset(&r, 0, sizeof r);
        r.out = out;
        r.limit = 4 * len + 64 * 1024;
        int empty = read_tree(&r, ctxt, doc);
        rc = r.err ? -1 : empty ? -1 : 0;
        why = r.err ? "out of memory" : "not an HTML document";
        sb_free(&r.text.s);
        sb_free(&r.rowtext);
    }
    xmlFreeDoc(doc);
    if (ctxt)
        htmlFreeParserCtxt(ctxt);
    quiet_end(&q);
    sb_free(&utf8);
    if (rc != 0)
        say(msg, msglen, why);
    return rc;
}
