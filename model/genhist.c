/* genhist.c: the list of an index's generations (see genhist.h). */
#include "genhist.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

void gen_history_clear(gen_history *h)
{
    free(h->e);
    h->e = NULL;
    h->n = 0;
}

/* "2026-12-05T02:30:00Z" <-> seconds since the epoch. */
static void iso_time(long long t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    buf[0] = '\0';
    if (gmtime_r(&tt, &tm))
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int parse_iso(const char *s, long long *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || s[n] || tm.tm_mon < 1 ||
        tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = (long long)timegm(&tm);
    return 0;
}

int gen_history_parse(const char *text, gen_history *h)
{
    h->e = NULL;
    h->n = 0;
    if (!text || !text[0])
        return 0;
    json_t *root = json_loads(text, 0, NULL), *o;
    size_t i;
    if (!json_is_array(root))
        goto bad;
    if (!(h->e = calloc(json_array_size(root) + 1, sizeof *h->e)))
        goto bad;
    json_array_foreach(root, i, o) {
        json_int_t gen, added = -1, gone = -1;
        const char *when, *mode;
        if (json_unpack(o, "{s:I, s:s, s:s, s?I, s?I}", "generation", &gen, "time", &when,
                        "mode", &mode, "new", &added, "gone", &gone) != 0 ||
            gen <= 0 || (h->n && gen <= h->e[h->n - 1].gen))
            goto bad;
        gen_entry *e = &h->e[h->n++];
        e->gen = (long)gen;
        e->full = strcmp(mode, "full") == 0;
        e->added = added;
        e->gone = gone;
        if (parse_iso(when, &e->time) != 0)
            goto bad;
    }
    json_decref(root);
    return 0;
bad:
    json_decref(root);
    gen_history_clear(h);
    return -1;
}

char *gen_history_json(const gen_history *h)
{
    json_t *root = json_array();
    int bad = !root;
    for (size_t i = 0; i < h->n && !bad; i++) {
        const gen_entry *e = &h->e[i];
        char when[32];
        iso_time(e->time, when);
        json_t *o = json_pack("{s:I, s:s, s:s}", "generation", (json_int_t)e->gen, "time",
                              when, "mode", e->full ? "full" : "update");
        if (o && e->added >= 0)
            bad = json_object_set_new(o, "new", json_integer(e->added)) != 0;
        if (o && e->gone >= 0)
            bad = bad || json_object_set_new(o, "gone", json_integer(e->gone)) != 0;
        bad = bad || !o || json_array_append_new(root, o) != 0;
    }
    char *s = bad ? NULL : json_dumps(root, JSON_COMPACT);
    json_decref(root);
    return s;
}

int gen_history_append(gen_history *h, const gen_entry *e)
{
    while (h->n && h->e[h->n - 1].gen >= e->gen)
        h->n--;
    gen_entry *grown = realloc(h->e, (h->n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    h->e = grown;
    h->e[h->n++] = *e;
    return 0;
}

const gen_entry *gen_history_find(const gen_history *h, long gen)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->e[i].gen == gen)
            return &h->e[i];
    return NULL;
}

/* The number of the generation n generations before the latest (n = 0:
 * the latest); 0 when there are not that many. */
static long back(const gen_history *h, unsigned long n)
{
    return n < h->n ? h->e[h->n - 1 - n].gen : 0;
}

int gen_since_resolve(const char *spec, const gen_history *h, long *after, char *err,
                      size_t errlen)
{
    static const char forms[] = "a generation number (lasearch-index --stats lists "
                                "them), 'last', -N (the latest N generations) or a "
                                "date YYYY-MM-DD";
    const char *s = spec ? spec : "";
    char *end;
    errno = 0;
    if (strcmp(s, "last") == 0) {
        *after = back(h, 1);
        return 0;
    }
    if (isdigit((unsigned char)s[0]) && strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        char iso[32];
        long long day;
        snprintf(iso, sizeof iso, "%sT00:00:00Z", s);
        if (parse_iso(iso, &day) != 0) {
            snprintf(err, errlen, "--since: '%s' is not a date: give %s", s, forms);
            return -1;
        }
        /* The last generation made before that day. */
        *after = 0;
        for (size_t i = 0; i < h->n && h->e[i].time < day; i++)
            *after = h->e[i].gen;
        return 0;
    }
    if (s[0] == '-' && isdigit((unsigned char)s[1])) {
        unsigned long n = strtoul(s + 1, &end, 10);
        if (*end || errno || n == 0) {
            snprintf(err, errlen, "--since: '%s': give %s", s, forms);
            return -1;
        }
        *after = back(h, n);
        return 0;
    }
    if (isdigit((unsigned char)s[0])) {
        long n = strtol(s, &end, 10);
        if (!*end && !errno && n >= 0) {
            *after = n;
            return 0;
        }
    }
    snprintf(err, errlen, "--since: '%s' is not a generation: give %s", s, forms);
    return -1;
}
