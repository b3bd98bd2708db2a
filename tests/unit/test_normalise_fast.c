/*
 * test_normalise_fast.c: norm_text's and norm_key's ASCII fast path gives
 * exactly what the whole utf8proc pass (norm_text_reference,
 * norm_key_reference) gives: same status, same bytes, same length.
 *
 * The fast path rests on one claim about Unicode (normalise.c): text can be
 * cut before any ASCII character and each piece normalised alone. So every
 * code point is tried between ASCII characters, every ASCII pair beside
 * combining marks, and random text made of what documents and queries carry
 * (controls, NULs, quotes, dashes, spaces, marks, ligatures, case pairs,
 * invalid bytes), long pieces included.
 */
#include "check.h"
#include "normalise.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int mismatches;   /* stop printing after a few */

static void hexdump(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "  %s (%zu bytes):", what, n);
    for (size_t i = 0; i < n && i < 64; i++)
        fprintf(stderr, " %02x", (unsigned char)s[i]);
    fputc('\n', stderr);
}

/* Fast and reference agree on s, in both modes and as a key. */
static void same(const char *s, size_t n)
{
    for (int m = 0; m < 2; m++) {
        norm_mode mode = m ? NORM_FOLD : NORM_DISPLAY;
        char *a = (char *)1, *b = (char *)1;
        size_t la = 7, lb = 9;
        norm_status sa = norm_text(s, n, mode, &a, &la);
        norm_status sb = norm_text_reference(s, n, mode, &b, &lb);
        int ok = sa == sb && la == lb &&
                 (sa != NORM_OK ? a == NULL && b == NULL
                                : memcmp(a, b, la + 1) == 0);
        CHECK(ok, "%s: fast and reference differ (status %d/%d)",
              m ? "FOLD" : "DISPLAY", (int)sa, (int)sb);
        if (!ok && ++mismatches <= 10) {
            hexdump("input", s, n);
            if (sa == NORM_OK)
                hexdump("fast", a, la);
            if (sb == NORM_OK)
                hexdump("reference", b, lb);
        }
        if (sa == NORM_OK)
            free(a);
        if (sb == NORM_OK)
            free(b);
    }
    char *ka = (char *)1, *kb = (char *)1;
    norm_status sa = norm_key(s, n, &ka);
    norm_status sb = norm_key_reference(s, n, &kb);
    int ok = sa == sb && (sa != NORM_OK ? ka == NULL && kb == NULL
                                        : strcmp(ka, kb) == 0);
    CHECK(ok, "key: fast and reference differ (status %d/%d)", (int)sa, (int)sb);
    if (!ok && ++mismatches <= 10)
        hexdump("input", s, n);
    if (sa == NORM_OK)
        free(ka);
    if (sb == NORM_OK)
        free(kb);
}

/* norm_plain_prefix, byte by byte. */
static size_t naive_plain(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) ||
                     s[i] == '\t' || s[i] == '\n'))
        i++;
    return i;
}

static size_t put_cp(char *p, uint32_t cp)
{
    if (cp < 0x80) {
        p[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (char)(0xC0 | (cp >> 6));
        p[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (char)(0xE0 | (cp >> 12));
        p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | (cp >> 18));
    p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* What documents and queries carry beyond plain letters. */
static const uint32_t pool[] = {
    0x00, 0x01, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x1B, 0x1F, 0x7F,   /* controls */
    0x80, 0x85, 0x9F,                                            /* C1 */
    '"', '\'', '`', '-', ' ', '&', ':', '#', '*', '_', '<', '>', '.',
    0xA0, 0xAB, 0xBB, 0xAD, 0xB2, 0xB5,                          /* nbsp, guillemets, shy, ², µ */
    0xC5, 0xC9, 0xDF, 0xE9, 0x130, 0x131, 0x17F,                 /* Å É ß é İ ı ſ */
    0x300, 0x301, 0x308, 0x323, 0x327, 0x345, 0x34F, 0x36F,      /* marks */
    0x391, 0x3A3, 0x3C2, 0x3C3, 0x1E9E,                          /* Greek, sigma, ẞ */
    0x200B, 0x200C, 0x200D, 0x2009, 0x202F, 0x2060, 0xFEFF,      /* zero widths, spaces */
    0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212,      /* dashes */
    0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D, 0x201E, 0x201F,
    0x2032, 0x2033, 0x2034, 0x2057, 0xFF02, 0xFF07, 0xFF21, 0xFF41, /* primes, fullwidth */
    0x2026, 0x2122, 0x2160, 0x2460, 0x3000,                       /* … ™ Ⅰ ① ideographic space */
    0xFB01, 0xFB02, 0xFDFA, 0x1100, 0x1161, 0x11A8, 0xAC00,       /* ﬁ ﬂ, long expansion, Hangul */
    0x0915, 0x093C, 0x0B47, 0x0B3E, 0x0CC6, 0x0CC2, 0x0CD5,       /* Indic, composing starters */
    0x1F600, 0x1D400, 0x10FFFF, 0xFFFE,                          /* emoji, math bold A, edges */
};

/* One random string in buf (room for at least 64 * 40 bytes). */
static size_t random_text(char *buf)
{
    size_t n = 0, parts = rnd(40);
    for (size_t k = 0; k < parts; k++) {
        uint32_t r = rnd(100);
        if (r < 45) {                       /* a run of printable ASCII */
            size_t run = 1 + rnd(6);
            for (size_t i = 0; i < run; i++)
                buf[n++] = (char)(0x20 + rnd(95));
        } else if (r < 55) {                /* any ASCII byte */
            buf[n++] = (char)rnd(128);
        } else if (r < 90) {                /* from the pool */
            n += put_cp(buf + n, pool[rnd(sizeof pool / sizeof pool[0])]);
        } else if (r < 98) {                /* any code point */
            uint32_t cp = rnd(0x110000);
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD;
            n += put_cp(buf + n, cp);
        } else {                            /* broken UTF-8 */
            static const char *const bad[] = {"\x80", "\xC0\xAF", "\xE2\x80",
                                               "\xED\xA0\x80", "\xFF", "\xF4\x90\x80\x80"};
            const char *b = bad[rnd(6)];
            memcpy(buf + n, b, strlen(b));
            n += strlen(b);
        }
    }
    return n;
}

int main(void)
{
    char buf[4096];

    /* Every code point between ASCII characters: before a letter (which
     * must not join it), after one (which may take it as a mark). */
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = 0;
        buf[n++] = (char)(0x21 + cp % 94);
        n += put_cp(buf + n, cp);
        buf[n++] = (char)(0x20 + (cp * 7) % 95);
        n += put_cp(buf + n, cp);
        same(buf, n);
    }

    /* Every ASCII pair, bare and beside combining marks and controls. */
    for (unsigned a = 0; a < 128; a++) {
        for (unsigned b = 0; b < 128; b++) {
            size_t n = 0;
            buf[n++] = (char)a;
            buf[n++] = (char)b;
            same(buf, n);
            n += put_cp(buf + n, 0x301);
            same(buf, n);
            n = 0;
            n += put_cp(buf + n, 0x327);
            buf[n++] = (char)a;
            buf[n++] = '\x01';
            n += put_cp(buf + n, 0x301);
            buf[n++] = (char)b;
            n += put_cp(buf + n, 0x323);
            n += put_cp(buf + n, 0x308);
            same(buf, n);
        }
    }

    /* Any byte at any place of a plain line (the scans go eight bytes at a
     * time; every letter next to the ends of A-Z folds as it should). */
    for (unsigned byte = 0; byte < 256; byte++) {
        for (size_t at = 0; at < 19; at++) {
            char line[20];
            for (size_t i = 0; i < sizeof line; i++)
                line[i] = "@AZ[`az{ \tMixed Case~"[i % 19];
            line[at] = (char)byte;
            CHECK_INT(norm_plain_prefix(line, sizeof line), naive_plain(line, sizeof line));
            same(line, sizeof line);
        }
    }
    {
        char all[96 * 3];
        for (size_t i = 0; i < sizeof all; i++)
            all[i] = (char)(0x20 + i % 95);
        for (size_t n = 0; n <= sizeof all; n++)
            same(all, n);
    }

    /* Pieces longer than the fast path's stack buffer. */
    {
        size_t n = 0;
        buf[n++] = 'e';
        for (int i = 0; i < 300; i++)
            n += put_cp(buf + n, i % 2 ? 0x301 : 0x323);
        same(buf, n);
        n = 0;
        for (int i = 0; i < 200; i++)
            n += put_cp(buf + n, 0xFDFA);   /* 18 code points each */
        same(buf, n);
        n = 0;
        for (int i = 0; i < 500; i++)
            n += put_cp(buf + n, 0x10000 + (uint32_t)i);   /* 4-byte, no expansion */
        same(buf, n);
        same("", 0);
    }

    /* Random text. */
    for (int i = 0; i < 200000; i++) {
        size_t n = random_text(buf);
        CHECK_INT(norm_plain_prefix(buf, n), naive_plain(buf, n));
        same(buf, n);
    }

    return check_report("test_normalise_fast");
}
