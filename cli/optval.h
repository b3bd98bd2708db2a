/*
 * optval.h: option values, parsed one way for every command-line tool
 * (lasearch-index, lasearch-query, lasearch-serve): counts within a range,
 * sizes with an optional K/M/G suffix, seconds with fractions.
 *
 * Each parser accepts the whole string or nothing: a sign, spaces or
 * trailing characters, a value out of range or one that overflows is an
 * error. On error *out is untouched and msg (msglen bytes) says, in words
 * a user can act on and naming the option, what was expected:
 *   "--shards: '0' is not a number from 1 to 64".
 * Nothing is printed: the caller prefixes its program name. Thread-safe.
 */
#ifndef LASEARCH_OPTVAL_H
#define LASEARCH_OPTVAL_H

#include <stddef.h>

/* A whole number from min to max. 0, or -1 with msg. */
int optval_count(const char *option, const char *s, size_t min, size_t max,
                 size_t *out, char *msg, size_t msglen);

/* A size in bytes from min to max: digits with an optional K, M or G
 * (binary multiples: 64M is 67108864). 0, or -1 with msg. */
int optval_size(const char *option, const char *s, size_t min, size_t max,
                size_t *out, char *msg, size_t msglen);

/* Seconds from min to max, fractions allowed ("0.5"). 0, or -1 with msg. */
int optval_seconds(const char *option, const char *s, double min, double max,
                   double *out, char *msg, size_t msglen);

#endif /* LASEARCH_OPTVAL_H */
