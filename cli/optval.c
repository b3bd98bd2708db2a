/* optval.c: option values for every command-line tool (see optval.h). */
#include "optval.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Digits only, at least one: strtoull alone would take "-5" (as a huge
 * number), " 5" and "+5". */
static int leading_digits(const char *s)
{
    return isdigit((unsigned char)s[0]);
}

int optval_count(const char *option, const char *s, size_t min, size_t max,
                 size_t *out, char *msg, size_t msglen)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = leading_digits(s) ? strtoull(s, &end, 10) : 0;
    if (!leading_digits(s) || *end || errno || v < min || v > max) {
        snprintf(msg, msglen, "%s: '%s' is not a number from %zu to %zu", option,
                 s, min, max);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

int optval_size(const char *option, const char *s, size_t min, size_t max,
                size_t *out, char *msg, size_t msglen)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = leading_digits(s) ? strtoull(s, &end, 10) : 0;
    int ok = leading_digits(s) && !errno;
    unsigned long long mult = 1;
    if (ok) {
        switch (*end) {
        case 'k': case 'K': mult = 1ULL << 10; end++; break;
        case 'm': case 'M': mult = 1ULL << 20; end++; break;
        case 'g': case 'G': mult = 1ULL << 30; end++; break;
        default: break;
        }
        ok = *end == '\0' && v <= SIZE_MAX / mult && v * mult >= min &&
             v * mult <= max;
    }
    if (!ok) {
        snprintf(msg, msglen, "%s: '%s' is not a size from %zu to %zu bytes "
                 "(such as 1048576, 512K or 64M)", option, s, min, max);
        return -1;
    }
    *out = (size_t)(v * mult);
    return 0;
}

int optval_seconds(const char *option, const char *s, double min, double max,
                   double *out, char *msg, size_t msglen)
{
    char *end = NULL;
    errno = 0;
    int starts = isdigit((unsigned char)s[0]) || (s[0] == '.' && isdigit((unsigned char)s[1]));
    double v = starts ? strtod(s, &end) : 0;
    if (!starts || *end || errno || !(v >= min && v <= max)) {
        snprintf(msg, msglen, "%s: '%s' is not a number of seconds from %g to %g",
                 option, s, min, max);
        return -1;
    }
    *out = v;
    return 0;
}
