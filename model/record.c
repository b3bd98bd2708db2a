/*
 * record.c: the paragraph record, its stored form and its JSON form.
 *
 * Stored form (the Xapian document data): "LAR3" then each field in a fixed
 * order as "<decimal length>:<bytes>". Lengths make it binary-safe without
 * escaping, and the version tag tells formats apart: "LAR3" adds the
 * publication date, the first-seen generation and time, and the pilot
 * (indicative) flag; "LAR2" is still
 * read with no date and them 0, and "LAR1" (before PDF pages and source
 * URLs) with page 0 and no URL too.
 */
#include "record.h"
#include "bytebuf.h"
#include "date.h"
#include "normalise.h"
#include "section.h"

#include <limits.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RECORD_MAGIC "LAR3"
#define RECORD_MAGIC_V2 "LAR2"
#define RECORD_MAGIC_V1 "LAR1"

static const char *const kind_names[] = {
    [KIND_UNKNOWN] = "unknown",
    [KIND_ASSESSMENT] = "assessment",
    [KIND_SUMMARY] = "summary",
    [KIND_SELF_ASSESSMENT] = "self-assessment",
    [KIND_OTHER] = "other",
};

const char *kind_name(doc_kind k)
{
    if ((unsigned)k >= sizeof kind_names / sizeof kind_names[0])
        return kind_names[KIND_UNKNOWN];
    return kind_names[k];
}

doc_kind kind_from_name(const char *name)
{
    if (!name)
        return KIND_UNKNOWN;
    if (strcasecmp(name, "assessment") == 0)
        return KIND_ASSESSMENT;
    if (strcasecmp(name, "summary") == 0)
        return KIND_SUMMARY;
    if (strcasecmp(name, "self-assessment") == 0 ||
        strcasecmp(name, "selfassessment") == 0 ||
        strcasecmp(name, "self assessment") == 0)
        return KIND_SELF_ASSESSMENT;
    if (strcasecmp(name, "other") == 0)
        return KIND_OTHER;
    return KIND_UNKNOWN;
}

int record_set(char **field, const char *value, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    if (len)
        memcpy(copy, value, len);
    copy[len] = '\0';
    free(*field);
    *field = copy;
    return 0;
}

/* The string fields, so init/clear/copy/encode walk one list. */
#define RECORD_STRINGS(r) \
    { &(r)->id, &(r)->file, &(r)->url, &(r)->authority, &(r)->rating, &(r)->published, \
      &(r)->heading, &(r)->text }
#define RECORD_N_STRINGS 8

int record_init(para_record *r)
{
    memset(r, 0, sizeof *r);
    r->section = -1;
    char **fields[RECORD_N_STRINGS] = RECORD_STRINGS(r);
    for (size_t i = 0; i < RECORD_N_STRINGS; i++) {
        if (record_set(fields[i], "", 0) != 0) {
            record_clear(r);
            return -1;
        }
    }
    return 0;
}

void record_clear(para_record *r)
{
    char **fields[RECORD_N_STRINGS] = RECORD_STRINGS(r);
    for (size_t i = 0; i < RECORD_N_STRINGS; i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
    r->section = -1;
    r->score = 0;
    r->line = r->ordinal = r->page = 0;
    r->kind = KIND_UNKNOWN;
    r->seen_gen = 0;
    r->seen_time = 0;
    r->indicative = 0;
}

int record_copy(para_record *dst, const para_record *src)
{
    memset(dst, 0, sizeof *dst);
    dst->line = src->line;
    dst->ordinal = src->ordinal;
    dst->page = src->page;
    dst->kind = src->kind;
    dst->section = src->section;
    dst->score = src->score;
    dst->seen_gen = src->seen_gen;
    dst->seen_time = src->seen_time;
    dst->indicative = src->indicative;
    char **to[RECORD_N_STRINGS] = RECORD_STRINGS(dst);
    char *const *from[RECORD_N_STRINGS] = RECORD_STRINGS(src);
    for (size_t i = 0; i < RECORD_N_STRINGS; i++) {
        const char *s = *from[i] ? *from[i] : "";
        if (record_set(to[i], s, strlen(s)) != 0) {
            record_clear(dst);
            return -1;
        }
    }
    return 0;
}

/* ---- stored form ---- */

/* v in decimal, as "%lu" writes it, ending just before end; returns where
 * it starts. (By hand: snprintf was most of the cost of encoding.) */
static char *decimal(char *end, unsigned long v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

static void out_field(bytebuf *b, const char *s, size_t n)
{
    char head[32], *end = head + sizeof head;
    end[-1] = ':';
    char *p = decimal(end - 1, n);
    bytebuf_put(b, p, (size_t)(end - p));
    bytebuf_put(b, s, n);
}

static void out_string(bytebuf *b, const char *s)
{
    s = s ? s : "";
    out_field(b, s, strlen(s));
}

/* As "%ld" writes it. */
static void out_number(bytebuf *b, long v)
{
    char num[32], *end = num + sizeof num;
    char *p = decimal(end, v < 0 ? 0UL - (unsigned long)v : (unsigned long)v);
    if (v < 0)
        *--p = '-';
    out_field(b, p, (size_t)(end - p));
}

int record_encode(const para_record *r, char **out, size_t *outlen)
{
    bytebuf b = {0};
    /* One allocation: the strings, and a generous 24 bytes for each of the
     * 13 length prefixes and 5 numbers. */
    const char *const strs[] = {r->id, r->file, r->url, r->authority, r->rating,
                                r->published, r->heading, r->text};
    size_t need = strlen(RECORD_MAGIC) + 18 * 24;
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        need += strs[i] ? strlen(strs[i]) : 0;
    bytebuf_reserve(&b, need);
    bytebuf_put(&b, RECORD_MAGIC, strlen(RECORD_MAGIC));
    out_string(&b, r->id);
    out_string(&b, r->file);
    out_number(&b, (long)r->line);
    out_number(&b, (long)r->ordinal);
    out_number(&b, (long)r->page);
    out_string(&b, r->url);
    out_string(&b, r->authority);
    out_number(&b, (long)r->kind);
    out_number(&b, (long)r->section);
    out_number(&b, (long)r->score);
    out_string(&b, r->rating);
    out_string(&b, r->published);
    out_string(&b, r->heading);
    out_string(&b, r->text);
    out_number(&b, r->seen_gen);
    out_number(&b, (long)r->seen_time);
    out_number(&b, (long)r->indicative);
    if (b.failed) {
        bytebuf_free(&b);
        *out = NULL;
        *outlen = 0;
        return -1;
    }
    *out = b.data;
    *outlen = b.len;
    return 0;
}

typedef struct inbuf {
    const char *p, *end;
    int failed;
    int nomem;      /* failed for lack of memory, not for the bytes */
} inbuf;

/* Read one "<len>:<bytes>" field; NULL (and failed) if malformed. */
static const char *in_field(inbuf *b, size_t *n)
{
    size_t len = 0;
    const char *p = b->p;
    if (b->failed || p >= b->end || *p < '0' || *p > '9')
        goto bad;
    while (p < b->end && *p >= '0' && *p <= '9') {
        if (len > (SIZE_MAX - 9) / 10)
            goto bad;
        len = len * 10 + (size_t)(*p++ - '0');
    }
    if (p >= b->end || *p != ':' || (size_t)(b->end - p - 1) < len)
        goto bad;
    b->p = p + 1 + len;
    *n = len;
    return p + 1;
bad:
    b->failed = 1;
    return NULL;
}

static void in_string(inbuf *b, char **field)
{
    size_t n;
    const char *s = in_field(b, &n);
    /* What record_encode stores is valid UTF-8 without NULs; anything else
     * is not a record we wrote (an index from elsewhere), and would reach
     * JSON output, where it cannot be written (found by
     * tests/fuzz/fuzz_json). */
    if (s && (norm_utf8_invalid_at(s, n) != n || memchr(s, '\0', n)))
        b->failed = 1;
    else if (s && record_set(field, s, n) != 0)
        b->failed = b->nomem = 1;
}

static long in_number(inbuf *b, long lo, long hi)
{
    size_t n;
    const char *s = in_field(b, &n);
    if (!s || n == 0 || n > 20)
        goto bad;
    char num[24];
    memcpy(num, s, n);
    num[n] = '\0';
    char *end;
    long v = strtol(num, &end, 10);
    if (*end != '\0' || v < lo || v > hi)
        goto bad;
    return v;
bad:
    b->failed = 1;
    return 0;
}

int record_decode(const char *data, size_t len, para_record *r)
{
    if (record_init(r) != 0)
        return -2;
    size_t magic = strlen(RECORD_MAGIC);
    int v1 = len >= magic && memcmp(data, RECORD_MAGIC_V1, magic) == 0;
    int v2 = len >= magic && memcmp(data, RECORD_MAGIC_V2, magic) == 0;
    if (len < magic || (!v1 && !v2 && memcmp(data, RECORD_MAGIC, magic) != 0)) {
        record_clear(r);
        return -1;
    }
    inbuf b = {data + magic, data + len, 0, 0};
    in_string(&b, &r->id);
    in_string(&b, &r->file);
    r->line = (unsigned)in_number(&b, 0, 0x7fffffffL);
    r->ordinal = (unsigned)in_number(&b, 0, 0x7fffffffL);
    if (!v1) {
        r->page = (unsigned)in_number(&b, 0, 0x7fffffffL);
        in_string(&b, &r->url);
    }
    in_string(&b, &r->authority);
    r->kind = (doc_kind)in_number(&b, KIND_UNKNOWN, KIND_OTHER);
    r->section = (int)in_number(&b, -1, SECTION_COUNT - 1);
    r->score = (int)in_number(&b, 0, 4);
    in_string(&b, &r->rating);
    if (!v1 && !v2) {
        in_string(&b, &r->published);
        /* Only a date date_parse reads: JSON and facets rely on its form. */
        if (!b.failed && r->published[0] &&
            date_parse(r->published, strlen(r->published), NULL) == DATE_NONE)
            b.failed = 1;
    }
    in_string(&b, &r->heading);
    in_string(&b, &r->text);
    if (!v1 && !v2) {
        r->seen_gen = in_number(&b, 0, 0x7fffffffL);
        r->seen_time = in_number(&b, 0, LONG_MAX);
        r->indicative = (int)in_number(&b, 0, 1);
    }
    if (b.failed || b.p != b.end) {
        record_clear(r);
        return b.nomem ? -2 : -1;
    }
    return 0;
}

/* ---- JSON form ---- */

/* json_object_set_new() steals the value even on failure, so a NULL value
 * (allocation failure) is detected here rather than leaked. */
static int set(json_t *obj, const char *key, json_t *value)
{
    return value ? json_object_set_new(obj, key, value) : -1;
}

json_t *record_to_json(const para_record *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int theme = section_theme(r->section);
    int rc = 0;
    rc |= set(o, "id", json_string(r->id));
    rc |= set(o, "authority", r->authority[0] ? json_string(r->authority) : json_null());
    rc |= set(o, "kind", json_string(kind_name(r->kind)));
    rc |= set(o, "section", r->section >= 0 ? json_string(section_name(r->section))
                                            : json_null());
    rc |= set(o, "theme", theme >= 0 ? json_string(theme_name(theme)) : json_null());
    rc |= set(o, "score", r->score ? json_integer(r->score) : json_null());
    rc |= set(o, "rating", r->rating[0] ? json_string(r->rating) : json_null());
    rc |= set(o, "heading", r->heading[0] ? json_string(r->heading) : json_null());
    rc |= set(o, "file", json_string(r->file));
    rc |= set(o, "line", json_integer(r->line));
    rc |= set(o, "page", r->page ? json_integer(r->page) : json_null());
    rc |= set(o, "url", r->url[0] ? json_string(r->url) : json_null());
    rc |= set(o, "published", r->published[0] ? json_string(r->published) : json_null());
    if (r->indicative)   /* only when it is: most pages are not a pilot's */
        rc |= set(o, "indicative", json_true());
    rc |= set(o, "ordinal", json_integer(r->ordinal));
    rc |= set(o, "text", json_string(r->text));
    if (r->seen_gen > 0) {
        char iso[32];
        rc |= set(o, "first_seen_generation", json_integer(r->seen_gen));
        rc |= set(o, "first_seen", r->seen_time ? json_string(record_seen_iso(r, iso, sizeof iso))
                                                : json_null());
    }
    if (rc != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *record_seen_iso(const para_record *r, char *buf, size_t len)
{
    buf[0] = '\0';
    time_t t = (time_t)r->seen_time;
    struct tm tm;
    if (r->seen_time > 0 && gmtime_r(&t, &tm))
        strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}
