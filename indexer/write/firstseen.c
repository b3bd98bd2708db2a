/* firstseen.c: matching a file's paragraphs to its earlier version's by text
 * (see firstseen.h). */
#include "firstseen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

void firstseen_clear(firstseen *s)
{
    free(s->hash);
    free(s->gen);
    memset(s, 0, sizeof *s);
}

static int alloc(firstseen *s, size_t n)
{
    memset(s, 0, sizeof *s);
    s->hash = malloc((n + 1) * sizeof *s->hash);
    s->gen = malloc((n + 1) * sizeof *s->gen);
    if (!s->hash || !s->gen) {
        firstseen_clear(s);
        return -1;
    }
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

uint64_t firstseen_hash(const char *text, size_t len)
{
    sha256_ctx c;
    sha256_init(&c);
    size_t i = 0;
    int gap = 0, any = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && !is_space(text[j]))
            j++;
        if (j > i) {
            if (gap && any)
                sha256_update(&c, " ", 1);
            sha256_update(&c, text + i, j - i);
            any = 1;
            gap = 0;
        }
        while (j < len && is_space(text[j])) {
            gap = 1;
            j++;
        }
        i = j;
    }
    char hex[SHA256_HEX];
    sha256_final_hex(&c, hex);
    uint64_t h = 0;
    for (int k = 0; k < 16; k++) {
        char d = hex[k];
        h = h << 4 | (uint64_t)(d <= '9' ? d - '0' : d - 'a' + 10);
    }
    return h;
}

/* Old paragraphs sorted by hash, then position: equal texts are taken in
 * the order they stood. */
typedef struct firstseen_slot {
    uint64_t hash;
    size_t pos;
} slot;

static int slot_cmp(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

int firstseen_matcher_init(firstseen_matcher *mt, const firstseen *old)
{
    memset(mt, 0, sizeof *mt);
    size_t m = old ? old->n : 0;
    slot *sorted = malloc((m + 1) * sizeof *sorted);
    unsigned char *used = calloc(m + 1, 1);
    if (!sorted || !used) {
        free(sorted);
        free(used);
        return -1;
    }
    for (size_t i = 0; i < m; i++)
        sorted[i] = (slot){old->hash[i], i};
    qsort(sorted, m, sizeof *sorted, slot_cmp);
    mt->old = old;
    mt->sorted = sorted;
    mt->used = used;
    mt->m = m;
    return 0;
}

void firstseen_matcher_clear(firstseen_matcher *mt)
{
    free(mt->sorted);
    free(mt->used);
    memset(mt, 0, sizeof *mt);
}

int firstseen_matcher_next(firstseen_matcher *mt, const uint64_t *hash, size_t n,
                           long gen_now, firstseen *out, size_t *kept)
{
    uint64_t *h = realloc(out->hash, (out->n + n + 1) * sizeof *h);
    if (h)
        out->hash = h;
    long *g = h ? realloc(out->gen, (out->n + n + 1) * sizeof *g) : NULL;
    if (!g)
        return -1;
    out->gen = g;
    const slot *sorted = mt->sorted;
    size_t m = mt->m;
    for (size_t i = 0; i < n; i++) {
        size_t at = out->n + i;
        out->hash[at] = hash[i];
        out->gen[at] = gen_now;
        size_t lo = 0, hi = m;
        while (lo < hi) {   /* the first old slot with this hash */
            size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid].hash < hash[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < m && sorted[lo].hash == hash[i]; lo++) {
            if (!mt->used[lo]) {
                mt->used[lo] = 1;
                out->gen[at] = mt->old->gen[sorted[lo].pos];
                (*kept)++;
                break;
            }
        }
    }
    out->n += n;
    return 0;
}

int firstseen_match(const firstseen *old, const uint64_t *hash, size_t n, long gen_now,
                    firstseen *out, size_t *kept)
{
    firstseen res = {0};
    firstseen_matcher mt;
    *kept = 0;
    if (firstseen_matcher_init(&mt, old) != 0)
        return -1;
    int rc = firstseen_matcher_next(&mt, hash, n, gen_now, &res, kept);
    firstseen_matcher_clear(&mt);
    if (rc != 0) {
        firstseen_clear(&res);
        return -1;
    }
    firstseen_clear(out);
    *out = res;
    return 0;
}

char *firstseen_encode(const firstseen *s)
{
    /* "g" + up to 20 digits + space per run; 17 bytes per hash. */
    size_t cap = 1, len = 0;
    for (size_t i = 0; i < s->n; i++)
        cap += 17 + (i == 0 || s->gen[i] != s->gen[i - 1] ? 23 : 0);
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (size_t i = 0; i < s->n; i++) {
        if (i == 0 || s->gen[i] != s->gen[i - 1])
            len += (size_t)snprintf(buf + len, cap - len, "%sg%ld", len ? " " : "", s->gen[i]);
        len += (size_t)snprintf(buf + len, cap - len, " %016llx",
                                (unsigned long long)s->hash[i]);
    }
    buf[len] = '\0';
    return buf;
}

int firstseen_decode(const char *text, firstseen *s)
{
    size_t words = 0;
    for (const char *p = text ? text : ""; *p; p++)
        words += *p == ' ';
    if (alloc(s, words + 1) != 0)
        return -2;
    const char *p = text ? text : "";
    long gen = -1;
    while (*p) {
        char *end;
        if (*p == 'g') {
            gen = strtol(p + 1, &end, 10);
            if (end == p + 1 || gen <= 0)
                goto bad;
        } else {
            unsigned long long h = strtoull(p, &end, 16);
            if (end - p != 16 || gen <= 0)
                goto bad;
            s->hash[s->n] = (uint64_t)h;
            s->gen[s->n++] = gen;
        }
        p = end;
        if (*p == ' ')
            p++;
        else if (*p)
            goto bad;
    }
    return 0;
bad:
    firstseen_clear(s);
    return -1;
}

int firstseen_copy(firstseen *dst, const firstseen *src)
{
    if (alloc(dst, src->n) != 0)
        return -1;
    if (src->n) {
        memcpy(dst->hash, src->hash, src->n * sizeof *src->hash);
        memcpy(dst->gen, src->gen, src->n * sizeof *src->gen);
    }
    dst->n = src->n;
    return 0;
}

size_t firstseen_count(const firstseen *s, long gen)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += s->gen[i] == gen;
    return k;
}
