/*
 * fuzz.h: what the fuzz targets (tests/fuzz/fuzz_*.c) share.
 *
 * Each target defines the two libFuzzer entry points below. Built with
 * clang -fsanitize=fuzzer (LASEARCH_FUZZ=ON) libFuzzer's own main() drives
 * them; built any other way they are linked with replay_main.c, which feeds
 * them the files of the seed corpus and of the regressions, so every crash
 * ever found is re-run by the normal and sanitizer test builds.
 *
 * A target checks invariants with FUZZ_CHECK, which aborts: libFuzzer then
 * saves the input as a crash, and the replay test fails.
 */
#ifndef LASEARCH_FUZZ_H
#define LASEARCH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                  \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s: ", __FILE__,    \
                    __LINE__, #cond);                                          \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* 1 if s[0..n) is well-formed UTF-8 with no NUL byte: what every string
 * lasearch shows or stores must be. */
static inline int fuzz_clean_utf8(const char *s, size_t n)
{
    return norm_utf8_invalid_at(s, n) == n && memchr(s, '\0', n) == NULL;
}

/* 1 if s has no control characters other than tab and newline: text that is
 * printed to a terminal must not carry escape sequences from a document. */
static inline int fuzz_no_controls(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
            return 0;
    return 1;
}

/* A NUL-terminated copy of data (fuzz inputs are not terminated). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#endif /* LASEARCH_FUZZ_H */
