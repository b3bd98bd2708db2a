/* answer.c: JSON answers shared by the server and its workers (answer.h). */
#include "answer.h"

#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "out.h"

/* query with each byte that is not part of well-formed UTF-8 replaced by
 * U+FFFD, malloc()ed (NULL when out of memory). */
static char *utf8_clean(const char *query)
{
    size_t len = strlen(query), w = 0;
    char *out = malloc(len * 3 + 1);
    while (out && len) {
        size_t ok = norm_utf8_invalid_at(query, len);
        memcpy(out + w, query, ok);
        w += ok;
        query += ok;
        len -= ok;
        if (len) {
            memcpy(out + w, "\xef\xbf\xbd", 3);
            w += 3;
            query++;
            len--;
        }
    }
    if (out)
        out[w] = '\0';
    return out;
}

json_t *answer_error(const char *query, const qerror *err)
{
    json_t *js = out_json_error(query, err);
    if (js || !query)
        return js;
    char *clean = utf8_clean(query);
    js = clean ? out_json_error(clean, err) : NULL;
    free(clean);
    return js;
}

/* s with U+E000/U+E001 as U+FFFD, then the markers as U+E000/U+E001;
 * malloc()ed, or NULL. */
static char *pua_snippet(const char *s)
{
    static const char pua_start[] = "\xee\x80\x80", pua_end[] = "\xee\x80\x81";
    static const char replacement[] = "\xef\xbf\xbd";
    size_t len = strlen(s), w = 0;
    char *out = malloc(len * 2 + 1);   /* a 2-byte marker becomes 3 bytes */
    for (size_t i = 0; out && i < len;) {
        const char *put = NULL;
        size_t used = 1;
        if (!strncmp(s + i, pua_start, 3) || !strncmp(s + i, pua_end, 3))
            put = replacement, used = 3;
        else if (!strncmp(s + i, ANSWER_PUA_START, 2))
            put = pua_start, used = 2;
        else if (!strncmp(s + i, ANSWER_PUA_END, 2))
            put = pua_end, used = 2;
        if (put) {
            memcpy(out + w, put, 3);
            w += 3;
        } else {
            out[w++] = s[i];
        }
        i += used;
    }
    if (out)
        out[w] = '\0';
    return out;
}

static int pua_hits(search_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!hits[i].snippet)
            continue;
        char *s = pua_snippet(hits[i].snippet);
        if (!s)
            return -1;
        free(hits[i].snippet);
        hits[i].snippet = s;
    }
    return 0;
}

int answer_pua(search_result *res)
{
    if (pua_hits(res->hits, res->n_hits) != 0)
        return -1;
    for (size_t g = 0; g < res->n_groups; g++)
        if (pua_hits(res->groups[g].hits, res->groups[g].n_hits) != 0)
            return -1;
    return 0;
}
