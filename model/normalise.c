/*
 * normalise.c: the one text normalisation (see normalise.h), built on
 * utf8proc so Unicode's own tables decide what is a dash, a quote, a mark.
 */
#include "normalise.h"
#include "bytebuf.h"

#include <stdint.h>
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

/* The whole definition, one utf8proc pass over all of the input. The fast
 * path below must give exactly this; kept callable as norm_text_reference()
 * so the tests can hold it to that. */
norm_status norm_text_reference(const char *in, size_t len, norm_mode mode,
                                char **out, size_t *outlen)
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

/* ---- the fast path -------------------------------------------------------
 *
 * Almost every byte lasearch normalises is plain ASCII, and normalisation
 * leaves printable ASCII, tab and newline as they are (FOLD lowers A-Z): no
 * ASCII character decomposes, is lumped, ignored or mark-stripped. What
 * utf8proc does to a character depends on its neighbours only through
 * canonical ordering and composition, and neither reaches across an ASCII
 * character: it is a starter (combining class 0), so nothing is reordered
 * past it, and it is the second half of no composition, so it never joins
 * what comes before it. So the text can be cut before every ASCII character
 * and each piece normalised alone. A piece that is one ASCII character is
 * copied; only an ASCII character followed by non-ASCII ones (it may take
 * their marks: "e" U+0301 -> U+00E9) goes through utf8proc. Controls are
 * dropped first, over the whole text, as the reference does, so that the
 * pieces are cut where its single pass would see them.
 * tests/unit/test_normalise_fast.c checks this against norm_text_reference
 * on every code point and on random text. */

/* Characters utf8proc would see that are not in the output: ASCII controls
 * but tab and newline, DEL, and C1 controls (U+0080..U+009F, "\xC2\x80" to
 * "\xC2\x9F"). */
static int has_dropped_control(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
            return 1;
        if (c == 0xC2 && i + 1 < len && s[i + 1] < 0xA0)
            return 1;
    }
    return 0;
}

/* Eight bytes at a time, for the scans below: text is read through memcpy,
 * so alignment does not matter, and byte order does not either (each test
 * asks whether any byte of the word qualifies). */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static uint64_t load8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* Does any byte of w fall below n (n <= 128)? Exact as a yes/no. */
static int any_below(uint64_t w, unsigned n)
{
    return ((w - ONES * n) & ~w & HIGHS) != 0;
}

static int any_equal(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (ONES * c);
    return ((x - ONES) & ~x & HIGHS) != 0;
}

/* Printable ASCII, tab or newline: what normalisation keeps as it is. */
static int is_plain_byte(unsigned char c)
{
    return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n';
}

size_t norm_plain_prefix(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    for (;;) {
        while (i + 8 <= len) {
            uint64_t w = load8(s + i);
            if ((w & HIGHS) || any_below(w, 0x20) || any_equal(w, 0x7f))
                break;
            i += 8;
        }
        if (i == len || !is_plain_byte(s[i]))
            return i;
        i++;   /* a tab or newline (or a word with one): byte by byte */
    }
}

/* Length of the run of ASCII bytes at the start of s. */
static size_t ascii_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i + 8 <= len && !(load8(s + i) & HIGHS))
        i += 8;
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

/* Copy n ASCII bytes, lowering A-Z when fold: what utf8proc would make of
 * them (case folding is lowering, for ASCII). */
static void copy_ascii(char *dst, const unsigned char *src, size_t n, int fold)
{
    if (n == 0)
        return;   /* src may be NULL then, which memcpy must not see */
    if (!fold) {
        memcpy(dst, src, n);
        return;
    }
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        /* Bytes are below 0x80, so adding to each cannot carry into the
         * next: a byte's high bit after +0x3F says >= 'A', after +0x25
         * says > 'Z'; where they differ the letter is a capital, and
         * 0x20 lowers it. */
        uint64_t w = load8(src + i);
        uint64_t upper = ((w + ONES * (0x80 - 'A')) ^ (w + ONES * (0x80 - 'Z' - 1))) & HIGHS;
        w |= upper >> 2;
        memcpy(dst + i, &w, sizeof w);
    }
    for (; i < n; i++) {
        unsigned char c = src[i];
        dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
}

/* One piece (no controls left in it) through utf8proc, appended to b: the
 * reference's steps (utf8proc_map_custom is decompose, then reencode), into a
 * buffer on the stack when the piece is short, as it nearly always is. */
static norm_status slow_piece(bytebuf *b, const unsigned char *s, size_t n,
                              utf8proc_option_t opts)
{
    enum { STACK = 128 };
    /* +1: utf8proc_reencode() writes a NUL after up to 4 bytes a code point */
    utf8proc_int32_t stack[STACK + 1];
    utf8proc_int32_t *buf = stack;
    utf8proc_ssize_t r = utf8proc_decompose_custom(s, (utf8proc_ssize_t)n, buf, STACK,
                                                   opts, map_quotes, NULL);
    if (r > STACK) {
        buf = malloc((size_t)r * sizeof *buf + 1);
        if (!buf)
            return NORM_ERR_NOMEM;
        r = utf8proc_decompose_custom(s, (utf8proc_ssize_t)n, buf, r, opts,
                                      map_quotes, NULL);
    }
    if (r >= 0)
        r = utf8proc_reencode(buf, r, opts);
    norm_status st = NORM_OK;
    if (r < 0) {
        st = r == UTF8PROC_ERROR_NOMEM ? NORM_ERR_NOMEM : NORM_ERR_UTF8;
    } else {
        utf8proc_uint8_t *u = (utf8proc_uint8_t *)buf;
        lump_quotes_again(u, &r);
        st = strip_controls(u, &r);
        if (st == NORM_OK && bytebuf_reserve(b, (size_t)r) != 0)
            st = NORM_ERR_NOMEM;
        if (st == NORM_OK) {
            memcpy(b->data + b->len, u, (size_t)r);
            b->len += (size_t)r;
        }
    }
    if (buf != stack)
        free(buf);
    return st;
}

static _Thread_local unsigned long nomem_count;

unsigned long norm_nomem_count(void)
{
    return nomem_count;
}

static norm_status text_with(const char *in, size_t len, norm_mode mode, char **out,
                             size_t *outlen);

norm_status norm_text(const char *in, size_t len, norm_mode mode, char **out,
                      size_t *outlen)
{
    norm_status st = text_with(in, len, mode, out, outlen);
    if (st == NORM_ERR_NOMEM)
        nomem_count++;
    return st;
}

static norm_status text_with(const char *in, size_t len, norm_mode mode, char **out,
                             size_t *outlen)
{
    *out = NULL;
    if (outlen)
        *outlen = 0;
    int fold = mode == NORM_FOLD;
    size_t plain = norm_plain_prefix(in, len);
    if (plain == len) {   /* nearly always: one copy and done */
        char *p = malloc(len + 1);
        if (!p)
            return NORM_ERR_NOMEM;
        copy_ascii(p, (const unsigned char *)in, len, fold);
        p[len] = '\0';
        *out = p;
        if (outlen)
            *outlen = len;
        return NORM_OK;
    }
    /* The plain prefix is valid and holds no controls. */
    if (norm_utf8_invalid_at(in + plain, len - plain) != len - plain)
        return NORM_ERR_UTF8;
    const unsigned char *s = (const unsigned char *)in;
    utf8proc_uint8_t *stripped = NULL;
    if (has_dropped_control(s + plain, len - plain)) {
        stripped = malloc(len + 1);
        if (!stripped)
            return NORM_ERR_NOMEM;
        memcpy(stripped, in, len);
        utf8proc_ssize_t slen = (utf8proc_ssize_t)len;
        if (strip_controls(stripped, &slen) != NORM_OK) {   /* cannot happen */
            free(stripped);
            return NORM_ERR_UTF8;
        }
        s = stripped;
        len = (size_t)slen;
    }
    utf8proc_option_t opts = fold ? OPTS_FOLD : OPTS_DISPLAY;
    bytebuf b = {0};
    norm_status st = bytebuf_reserve(&b, len) == 0 ? NORM_OK : NORM_ERR_NOMEM;
    size_t i = 0;
    while (st == NORM_OK && i < len) {
        /* The ASCII run from i, less its last character if non-ASCII
         * follows: that one starts the next piece. */
        size_t j = i + ascii_prefix(s + i, len - i);
        size_t copy_end = j < len && j > i ? j - 1 : j;
        if (bytebuf_reserve(&b, copy_end - i) != 0) {
            st = NORM_ERR_NOMEM;
            break;
        }
        copy_ascii(b.data + b.len, s + i, copy_end - i, fold);
        b.len += copy_end - i;
        if (copy_end == len)
            break;
        /* A piece: that ASCII character (if any) and the non-ASCII ones
         * after it, up to the next ASCII character. */
        size_t e = j;
        while (e < len && s[e] >= 0x80)
            e++;
        st = slow_piece(&b, s + copy_end, e - copy_end, opts);
        i = e;
    }
    free(stripped);
    if (st != NORM_OK) {
        bytebuf_free(&b);
        return st;
    }
    b.data[b.len] = '\0';
    *out = b.data;
    if (outlen)
        *outlen = b.len;
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

/* The key of folded text (flen bytes, valid UTF-8). fast: ASCII is read
 * byte by byte rather than through utf8proc_iterate (same code points). */
static norm_status key_of(char *folded, size_t flen, int fast, char **out)
{
    /* Worst case every byte is '&', which becomes " and " (5 bytes). */
    char *key = malloc(flen * 5 + 1);
    if (!key)
        return NORM_ERR_NOMEM;
    size_t r = 0, w = 0;
    int pending_space = 0;
    while (r < flen) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;
        if (fast && (unsigned char)folded[r] < 0x80) {
            cp = (unsigned char)folded[r];
            n = 1;
        } else {
            n = utf8proc_iterate((const utf8proc_uint8_t *)folded + r,
                                 (utf8proc_ssize_t)(flen - r), &cp);
        }
        if (n <= 0) {   /* cannot happen: norm_text() validated it */
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
    *out = key;
    return NORM_OK;
}

static norm_status key_with(const char *in, size_t len, int fast, char **out)
{
    *out = NULL;
    char *folded;
    size_t flen;
    norm_status st = fast ? norm_text(in, len, NORM_FOLD, &folded, &flen)
                          : norm_text_reference(in, len, NORM_FOLD, &folded, &flen);
    if (st != NORM_OK)
        return st;
    st = key_of(folded, flen, fast, out);
    free(folded);
    return st;
}

norm_status norm_key(const char *in, size_t len, char **out)
{
    norm_status st = key_with(in, len, 1, out);
    if (st == NORM_ERR_NOMEM)
        nomem_count++;
    return st;
}

norm_status norm_key_reference(const char *in, size_t len, char **out)
{
    return key_with(in, len, 0, out);
}
