/*
 * normalise.h: the one text normalisation, shared by indexing and querying.
 *
 * Everything lasearch indexes and everything it searches for goes through
 * norm_text(), so what is indexed is what is searched: "carer’s" and
 * "carer's", "–" and "-", "“x”" and "\"x\"", "ﬁ" and "fi", "Café" and "cafe"
 * come out the same.
 *
 *   NORM_DISPLAY: NFC; Unicode dashes, quotes and spaces lumped to ASCII
 *                 (utf8proc LUMP); control characters other than tab and
 *                 newline removed; case and accents kept. For text that is
 *                 shown (snippets, headings, facet values).
 *   NORM_FOLD:    NFKC; LUMP; case folded; accents stripped. For terms and
 *                 for comparing names (councils, statements, field values).
 */
#ifndef LASEARCH_NORMALISE_H
#define LASEARCH_NORMALISE_H

#include <stddef.h>

typedef enum norm_mode { NORM_DISPLAY, NORM_FOLD } norm_mode;

typedef enum norm_status {
    NORM_OK = 0,
    NORM_ERR_UTF8,   /* input is not valid UTF-8 */
    NORM_ERR_NOMEM
} norm_status;

/* Normalise len bytes of UTF-8 (NULs allowed and dropped) into a malloc()ed,
 * NUL-terminated string *out (length *outlen, may be NULL). On error *out is
 * NULL. Plain ASCII is copied (lowered for NORM_FOLD) without going through
 * utf8proc: the same bytes, at a fraction of the cost. */
norm_status norm_text(const char *in, size_t len, norm_mode mode, char **out,
                      size_t *outlen);

/* NORM_FOLD, "&" read as "and", then every run of characters that are not
 * letters or digits becomes one space, trimmed at both ends: the form used to
 * compare names ("Royal Borough of Windsor & Maidenhead" -> "royal borough of
 * windsor and maidenhead"; "Supporting people to live healthier lives:" ->
 * "supporting people to live healthier lives"). */
norm_status norm_key(const char *in, size_t len, char **out);

/* How many times, on the calling thread, norm_text or norm_key failed for
 * lack of memory. Functions built on them that can only answer "no match"
 * (section_match, theme_match, ...) cannot say they ran out of memory: a
 * caller that must know (the parser) compares this before and after, as
 * SQLite keeps a sticky mallocFailed. */
unsigned long norm_nomem_count(void);

/* Length of the longest prefix of text that is plain: printable ASCII, tab
 * and newline, which norm_text leaves as they are (NORM_FOLD lowers A-Z).
 * When it is all of text (len), NORM_DISPLAY would return text unchanged:
 * text put together from normalised pieces need not be normalised again. */
size_t norm_plain_prefix(const char *text, size_t len);

/* norm_text and norm_key without their ASCII fast path: every character
 * through utf8proc, as the definition says. Same contracts, same output byte
 * for byte, only slower: they are what the fast path is tested against
 * (tests/unit/test_normalise_fast.c, tests/fuzz/fuzz_normalise.c), not for
 * use elsewhere. */
norm_status norm_text_reference(const char *in, size_t len, norm_mode mode,
                                char **out, size_t *outlen);
norm_status norm_key_reference(const char *in, size_t len, char **out);

/* Byte offset of the first invalid UTF-8 sequence in buf, or len if valid. */
size_t norm_utf8_invalid_at(const char *buf, size_t len);

/* Length of the well-formed UTF-8 character at p (avail bytes left), or 0 if
 * it is ill-formed or cut short. Strict, after Unicode's Table 3-7: no
 * overlong forms, no UTF-16 surrogates, nothing above U+10FFFF. ASCII is 1.
 * The one decoder behind every validity check (files, queries). */
size_t norm_utf8_len(const char *p, size_t avail);

/* Levenshtein distance between two byte strings, for "did you mean" hints;
 * (size_t)-1 when either is longer than 96 bytes (not worth comparing). */
size_t norm_edit_distance(const char *a, size_t la, const char *b, size_t lb);

#endif /* LASEARCH_NORMALISE_H */
