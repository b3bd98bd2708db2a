/*
 * fuzz_normalise.c: the one text normalisation (normalise.h), on any bytes.
 *
 * Everything lasearch indexes or searches passes through norm_text, so its
 * promises are checked on every input:
 *  - invalid UTF-8 is refused (NORM_ERR_UTF8, *out NULL), never half-done;
 *  - valid input always normalises, to valid UTF-8 with no NUL inside and
 *    *outlen == strlen(*out);
 *  - NORM_DISPLAY leaves no control characters but tab and newline (what is
 *    shown on a terminal cannot carry an escape sequence);
 *  - both modes are idempotent: normalising again changes nothing (a snippet
 *    pasted back into a query finds what it came from; a folded key compared
 *    with a folded key is compared like with like);
 *  - the ASCII fast path changes nothing: norm_text and norm_key give
 *    byte for byte what norm_text_reference and norm_key_reference (every
 *    character through utf8proc) give;
 *  - norm_key is a trimmed, single-spaced, idempotent key;
 *  - the edit distance is 0 to itself and symmetric.
 */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_mode(const char *in, size_t size, int valid, norm_mode mode)
{
    const char *name = mode == NORM_FOLD ? "FOLD" : "DISPLAY";
    char *out = (char *)1;
    size_t outlen = 12345;
    norm_status st = norm_text(in, size, mode, &out, &outlen);

    char *ref = NULL;
    size_t reflen = 0;
    norm_status rst = norm_text_reference(in, size, mode, &ref, &reflen);
    if (st != NORM_ERR_NOMEM && rst != NORM_ERR_NOMEM) {
        FUZZ_CHECK(st == rst, "%s: fast path gave %d, reference %d", name, (int)st,
                   (int)rst);
        if (st == NORM_OK)
            FUZZ_CHECK(outlen == reflen && memcmp(out, ref, outlen) == 0,
                       "%s: fast path \"%s\", reference \"%s\"", name, out, ref);
    }
    free(ref);

    if (!valid) {
        FUZZ_CHECK(st == NORM_ERR_UTF8 && out == NULL, "%s: invalid input gave %d",
                   name, (int)st);
        return;
    }
    if (st == NORM_ERR_NOMEM)
        return;
    FUZZ_CHECK(st == NORM_OK && out != NULL, "%s: valid input gave %d", name, (int)st);
    FUZZ_CHECK(strlen(out) == outlen, "%s: outlen %zu, strlen %zu", name, outlen,
               strlen(out));
    FUZZ_CHECK(fuzz_clean_utf8(out, outlen), "%s: output is not clean UTF-8", name);
    if (mode == NORM_DISPLAY)
        FUZZ_CHECK(fuzz_no_controls(out), "DISPLAY: control character in \"%s\"", out);

    char *again = NULL;
    size_t againlen = 0;
    if (norm_text(out, outlen, mode, &again, &againlen) == NORM_OK)
        FUZZ_CHECK(againlen == outlen && memcmp(again, out, outlen) == 0,
                   "%s is not idempotent: \"%s\" -> \"%s\"", name, out, again);
    free(again);
    free(out);
}

static void check_key(const char *in, size_t size, int valid)
{
    char *key = (char *)1;
    norm_status st = norm_key(in, size, &key);

    char *ref = NULL;
    norm_status rst = norm_key_reference(in, size, &ref);
    if (st != NORM_ERR_NOMEM && rst != NORM_ERR_NOMEM) {
        FUZZ_CHECK(st == rst, "key: fast path gave %d, reference %d", (int)st, (int)rst);
        if (st == NORM_OK)
            FUZZ_CHECK(strcmp(key, ref) == 0, "key: fast path \"%s\", reference \"%s\"",
                       key, ref);
    }
    free(ref);

    if (!valid) {
        FUZZ_CHECK(st == NORM_ERR_UTF8 && key == NULL, "key: invalid input gave %d",
                   (int)st);
        return;
    }
    if (st == NORM_ERR_NOMEM)
        return;
    FUZZ_CHECK(st == NORM_OK && key != NULL, "key: valid input gave %d", (int)st);
    size_t n = strlen(key);
    FUZZ_CHECK(fuzz_clean_utf8(key, n), "key is not clean UTF-8");
    FUZZ_CHECK(n == 0 || (key[0] != ' ' && key[n - 1] != ' '), "key \"%s\" not trimmed",
               key);
    FUZZ_CHECK(strstr(key, "  ") == NULL, "key \"%s\" has a double space", key);
    char *again = NULL;
    if (norm_key(key, n, &again) == NORM_OK)
        FUZZ_CHECK(strcmp(again, key) == 0, "key is not idempotent: \"%s\" -> \"%s\"",
                   key, again);
    free(again);
    free(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    size_t bad = norm_utf8_invalid_at(in, size);
    FUZZ_CHECK(bad <= size, "invalid_at %zu beyond %zu", bad, size);

    /* The decoder and the validity check agree: stepping through with
     * norm_utf8_len stops exactly where norm_utf8_invalid_at says. */
    size_t i = 0, n;
    while (i < size && (n = norm_utf8_len(in + i, size - i)) > 0) {
        FUZZ_CHECK(n <= 4 && n <= size - i, "char length %zu at %zu", n, i);
        i += n;
    }
    FUZZ_CHECK(i == bad, "decoder stops at %zu, invalid_at says %zu", i, bad);

    int valid = bad == size;
    check_mode(in, size, valid, NORM_DISPLAY);
    check_mode(in, size, valid, NORM_FOLD);
    check_key(in, size, valid);

    size_t half = size / 2;
    size_t d = norm_edit_distance(in, half, in + half, size - half);
    size_t e = norm_edit_distance(in + half, size - half, in, half);
    FUZZ_CHECK(d == e, "distance not symmetric: %zu, %zu", d, e);
    if (size <= 96) {
        FUZZ_CHECK(norm_edit_distance(in, size, in, size) == 0, "distance to itself");
        FUZZ_CHECK(d <= size - half, "distance %zu over the longer length", d);
    }
    return 0;
}
