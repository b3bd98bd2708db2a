/* lines.c: bounded line reading (see lines.h). */
#include "lines.h"

#include <errno.h>
#include <stdlib.h>

int lines_read(FILE *in, char **buf, size_t *cap, size_t keep, size_t *len)
{
    size_t kept = 0, total = 0;
    int c, any = 0;
    if (*cap < 1 || !*buf) {
        char *b = realloc(*buf, 64);
        if (!b)
            return -1;
        *buf = b;
        *cap = 64;
    }
    while ((c = getc(in)) != EOF) {
        any = 1;
        if (c == '\n')
            break;
        total++;
        if (kept >= keep)
            continue;
        if (kept + 1 >= *cap) {
            size_t grown = *cap * 2 > keep + 1 ? keep + 1 : *cap * 2;
            char *b = realloc(*buf, grown);
            if (!b)
                return -1;
            *buf = b;
            *cap = grown;
        }
        (*buf)[kept++] = (char)c;
    }
    if (ferror(in))
        return -1;
    if (!any)
        return 0;
    /* "\r\n" line ends: the '\r' is not the query's. */
    if (kept > 0 && kept == total && (*buf)[kept - 1] == '\r') {
        kept--;
        total--;
    }
    (*buf)[kept] = '\0';
    *len = total;
    return 1;
}
