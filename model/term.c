/* term.c: index terms from values of any length (see term.h). */
#include "term.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

/* How many of s's first max bytes end on a UTF-8 character boundary. */
static size_t char_boundary(const char *s, size_t max)
{
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

char *term_of(const char *prefix, const char *value)
{
    size_t plen = strlen(prefix), vlen = strlen(value);
    if (plen + vlen <= TERM_MAX) {
        char *s = malloc(plen + vlen + 1);
        if (s) {
            memcpy(s, prefix, plen);
            memcpy(s + plen, value, vlen + 1);
        }
        return s;
    }
    size_t keep = char_boundary(value, TERM_KEPT);
    char *s = malloc(plen + keep + 1 + SHA256_HEX);
    if (!s)
        return NULL;
    memcpy(s, prefix, plen);
    memcpy(s + plen, value, keep);
    s[plen + keep] = '#';
    sha256_hex(value, vlen, s + plen + keep + 1);
    return s;
}

int term_is_shortened(const char *term, const char *prefix)
{
    size_t plen = strlen(prefix), len = strlen(term);
    /* A value of TERM_MAX - plen bytes or less is kept whole, so a term of
     * that length or less is never a shortened one. */
    if (len <= TERM_MAX || len < plen + SHA256_HEX)
        return 0;
    return term[len - SHA256_HEX] == '#';
}
