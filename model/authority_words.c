/*
 * authority_words.c: the words of running text as the council scanner sees
 * them (code points, word tokens, first-word keys) and the hash the table's
 * slots use. The bottom layer of authority.h's module: it knows no table.
 */
#include "authority_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- words in prose ----------------------------------------------------- */

/* One code point; an invalid byte reads as U+FFFD, one byte long, so a scan
 * never stalls on bad input. */
size_t authority_next_cp(const char *s, size_t len, utf8proc_int32_t *cp)
{
    if ((unsigned char)*s < 0x80) {
        *cp = (unsigned char)*s;
        return 1;
    }
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)len, cp);
    if (n <= 0)
        *cp = 0xFFFD;
    return n <= 0 ? 1 : (size_t)n;
}

static int is_word_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_MC) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}



/* Split text into words (letters and digits) and '&' signs. A name may span
 * spaces, line breaks (wrapped lines), hyphens ("Stockton-on-Tees"), commas
 * ("Bournemouth, Christchurch and Poole") and the dot of "St."; other
 * punctuation ends it, and ". ! ? :" also start a new sentence. */
int authority_tokenize(const char *text, size_t len, scan_tok **toks,
                       size_t *cap, size_t *n_out)
{
    size_t n = 0;
    int hard = 0, sent = 1;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        size_t k = authority_next_cp(text + i, len - i, &cp), start = i;
        if (is_word_cp(cp) || cp == '&') {
            for (i += k; cp != '&' && i < len; i += k) {
                k = authority_next_cp(text + i, len - i, &cp);
                if (!is_word_cp(cp))
                    break;
            }
            if (n == *cap) {
                size_t nc = *cap ? *cap * 2 : 256;
                scan_tok *p = realloc(*toks, nc * sizeof *p);
                if (!p)
                    return -1;
                *toks = p;
                *cap = nc;
            }
            scan_tok t = { text + start, i - start, (unsigned char)hard,
                           (unsigned char)sent };
            (*toks)[n++] = t;
            hard = sent = 0;
            continue;
        }
        i += k;
        const scan_tok *prev = n ? &(*toks)[n - 1] : NULL;
        if (cp == '.' && prev && prev->s + prev->len == text + start &&
            authority_word_is(prev, "St", 2))
            continue;   /* "St. Helens" */
        if (cp == '.' || cp == '!' || cp == '?' || cp == ':')
            hard = sent = 1;
        else if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '-' || cp == ',' ||
                   (cp >= 0x80 && (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
                                   utf8proc_category(cp) == UTF8PROC_CATEGORY_PD))))
            hard = 1;
    }
    *n_out = n;
    return 0;
}

/* Is token t the table word w (wl bytes), as written, capitalised or in
 * capitals? Each letter may be w's own or its upper case, never the lower
 * case of a capital: "Medway" and "MEDWAY" are Medway, "medway" is not, so
 * "bury" the verb never counts. An '&' is the word "and". */
int authority_word_is(const scan_tok *t, const char *w, size_t wl)
{
    if (t->len == 1 && t->s[0] == '&')
        return wl == 3 && memcmp(w, "and", 3) == 0;
    size_t i = 0, j = 0;
    while (i < t->len && j < wl) {
        utf8proc_int32_t a, b;
        i += authority_next_cp(t->s + i, t->len - i, &a);
        j += authority_next_cp(w + j, wl - j, &b);
        if (a != b && a != utf8proc_toupper(b))
            return 0;
    }
    return i == t->len && j == wl;
}

/* Do the space-separated words of phrase stand at toks[at..], joined only
 * by what a name may span? */
int authority_phrase_at(const char *phrase, const scan_tok *toks, size_t ntok,
                        size_t at)
{
    for (size_t k = 0; *phrase; k++) {
        size_t wl = strcspn(phrase, " ");
        if (at + k >= ntok || (k && toks[at + k].hard_before) ||
            !authority_word_is(&toks[at + k], phrase, wl))
            return 0;
        phrase += wl + (phrase[wl] == ' ');
    }
    return 1;
}

/* The key of a first word: its capitals, so "Medway", "MEDWAY" and the
 * table's "Medway" meet in one slot. 0 if too long to be one. */
int authority_first_key(const char *s, size_t len, char out[WORD_MAX])
{
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        i += authority_next_cp(s + i, len - i, &cp);
        if (w + 4 >= WORD_MAX)
            return 0;
        w += (size_t)utf8proc_encode_char(utf8proc_toupper(cp),
                                          (utf8proc_uint8_t *)out + w);
    }
    out[w] = '\0';
    return w > 0;
}

uint64_t authority_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a: short keys, no attacker */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}
