/* significant_table.c: phrases by number (see significant_table.h). */
#include "significant_table.h"

#include <stdlib.h>
#include <string.h>

#include "stopwords.h"

/* A 64-bit mix (splitmix64's finaliser): keys of small numbers need their
 * bits spread before the low ones pick a slot. */
static uint64_t mix(uint64_t k)
{
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ull;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebull;
    return k ^ (k >> 31);
}

static int grow(sig_table *t)
{
    size_t cap = t->n_slots ? t->n_slots * 2 : 4096;
    struct sig_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t i = 0; i < t->n; i++) {
        size_t j = mix(t->entries[i].key) & (cap - 1);
        while (slots[j].index)
            j = (j + 1) & (cap - 1);
        slots[j] = (struct sig_slot){t->entries[i].key, i + 1};
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = cap;
    return 0;
}

sig_entry *sig_table_get(sig_table *t, uint64_t key, unsigned words, int create, int *nomem)
{
    size_t j = 0;
    if (t->n_slots) {
        for (j = mix(key) & (t->n_slots - 1); t->slots[j].index; j = (j + 1) & (t->n_slots - 1))
            if (t->slots[j].key == key)
                return &t->entries[t->slots[j].index - 1];
    }
    if (!create)
        return NULL;
    if (((size_t)t->n + 1) * 2 > t->n_slots) {
        if (grow(t) != 0) {
            *nomem = 1;
            return NULL;
        }
        for (j = mix(key) & (t->n_slots - 1); t->slots[j].index; j = (j + 1) & (t->n_slots - 1))
            ;
    }
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 4096;
        sig_entry *v = realloc(t->entries, (size_t)cap * sizeof *v);
        if (!v) {
            *nomem = 1;
            return NULL;
        }
        t->entries = v;
        t->cap = cap;
    }
    sig_entry *e = &t->entries[t->n];
    memset(e, 0, sizeof *e);
    e->key = key;
    e->words = words;
    t->slots[j] = (struct sig_slot){key, ++t->n};
    return e;
}

void sig_entry_form(sig_entry *e, uint64_t words)
{
    for (size_t i = 0; i < SIG_FORMS; i++) {
        sig_form *f = &e->forms[i];
        if (!f->count) {
            f->words = words;
            f->count = 1;
            return;
        }
        if (f->words == words) {
            f->count++;
            return;
        }
    }
}

int sig_entry_council(sig_entry *e, uint32_t id)
{
    if (e->last_council == id)
        return 0;
    e->last_council = id;
    for (uint32_t i = 0; i < e->n_councils; i++)
        if (e->councils[i] == id)
            return 0;
    if (e->n_councils == e->cap_councils) {
        uint32_t cap = e->cap_councils ? e->cap_councils * 2 : 4;
        uint32_t *v = realloc(e->councils, cap * sizeof *v);
        if (!v)
            return -1;
        e->councils = v;
        e->cap_councils = cap;
    }
    e->councils[e->n_councils++] = id;
    return 0;
}

uint64_t sig_entry_form_of(const sig_entry *e)
{
    const sig_form *best = &e->forms[0];
    for (size_t i = 1; i < SIG_FORMS && e->forms[i].count; i++)
        if (e->forms[i].count > best->count)
            best = &e->forms[i];
    return best->words;
}

void sig_table_clear(sig_table *t)
{
    for (uint32_t i = 0; i < t->n; i++)
        free(t->entries[i].councils);
    free(t->entries);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* ---- counts alone ---- */

struct sig_count {
    uint64_t key;     /* 0: an empty slot (no phrase has key 0) */
    uint32_t count, last;
};

static int counts_grow(sig_counts *c)
{
    size_t cap = c->cap ? c->cap * 2 : 16384;
    struct sig_count *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->slots[i].key)
            continue;
        size_t j = mix(c->slots[i].key) & (cap - 1);
        while (v[j].key)
            j = (j + 1) & (cap - 1);
        v[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = v;
    c->cap = cap;
    return 0;
}

int sig_counts_add(sig_counts *c, uint64_t key, uint32_t serial)
{
    if ((c->n + 1) * 2 > c->cap && counts_grow(c) != 0)
        return -1;
    size_t j = mix(key) & (c->cap - 1);
    while (c->slots[j].key && c->slots[j].key != key)
        j = (j + 1) & (c->cap - 1);
    struct sig_count *e = &c->slots[j];
    if (!e->key) {
        e->key = key;
        c->n++;
    }
    if (e->last != serial) {
        e->last = serial;
        e->count++;
    }
    return 0;
}

uint32_t sig_counts_get(const sig_counts *c, uint64_t key)
{
    if (!c->cap)
        return 0;
    size_t j = mix(key) & (c->cap - 1);
    while (c->slots[j].key && c->slots[j].key != key)
        j = (j + 1) & (c->cap - 1);
    return c->slots[j].count;
}

void sig_counts_clear(sig_counts *c)
{
    free(c->slots);
    memset(c, 0, sizeof *c);
}

/* ---- words ---- */

struct sig_word_slot {
    char *text;      /* NULL: an empty slot */
    uint32_t hash;
    sig_word w;      /* for a stem slot, w.stem is the stem's number */
};

/* FNV-1a: short words, the index's own text. */
static uint32_t hash_of(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int slots_grow(struct sig_word_slot **slots, size_t *cap)
{
    size_t ncap = *cap ? *cap * 2 : 4096;
    struct sig_word_slot *v = calloc(ncap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < *cap; i++) {
        if (!(*slots)[i].text)
            continue;
        size_t j = (*slots)[i].hash & (ncap - 1);
        while (v[j].text)
            j = (j + 1) & (ncap - 1);
        v[j] = (*slots)[i];
    }
    free(*slots);
    *slots = v;
    *cap = ncap;
    return 0;
}

/* The slot of text[0..len) in slots: its own, or the empty one it would
 * take. */
static struct sig_word_slot *slot_of(struct sig_word_slot *slots, size_t cap, const char *text,
                                     size_t len, uint32_t h)
{
    size_t j = h & (cap - 1);
    while (slots[j].text &&
           !(slots[j].hash == h && strncmp(slots[j].text, text, len) == 0 &&
             slots[j].text[len] == '\0'))
        j = (j + 1) & (cap - 1);
    return &slots[j];
}

static char *copy(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

/* The number of stem[0..len), given one if new. 0 on failure. */
static uint32_t stem_id(sig_words *c, const char *stem, size_t len, shim_status *failed)
{
    if ((c->n_stems + 1) * 2 > c->stems_cap && slots_grow(&c->stems, &c->stems_cap) != 0) {
        *failed = SHIM_ERR_NOMEM;
        return 0;
    }
    uint32_t h = hash_of(stem, len);
    struct sig_word_slot *s = slot_of(c->stems, c->stems_cap, stem, len, h);
    if (s->text)
        return s->w.stem;
    if (c->n_stems >= SIG_MAX_IDS) {
        *failed = SHIM_ERR_ARG;
        return 0;
    }
    if (!(s->text = copy(stem, len))) {
        *failed = SHIM_ERR_NOMEM;
        return 0;
    }
    s->hash = h;
    s->w.stem = (uint32_t)++c->n_stems;
    return s->w.stem;
}

int sig_words_get(sig_words *c, shim_termgen *tg, const char *w, size_t len, sig_word *out,
                  shim_status *failed)
{
    uint32_t h = hash_of(w, len);
    if (c->cap) {
        struct sig_word_slot *s = slot_of(c->slots, c->cap, w, len, h);
        if (s->text) {
            *out = s->w;
            return 0;
        }
    }
    if ((c->n + 1) * 2 > c->cap && slots_grow(&c->slots, &c->cap) != 0) {
        *failed = SHIM_ERR_NOMEM;
        return -1;
    }
    if (c->n >= SIG_MAX_IDS) {
        *failed = SHIM_ERR_ARG;
        return -1;
    }
    if (c->n % 1024 == 0) {
        char **v = realloc(c->texts, (c->n + 1024) * sizeof *v);
        if (!v) {
            *failed = SHIM_ERR_NOMEM;
            return -1;
        }
        c->texts = v;
    }
    char *stem = NULL, *text = copy(w, len);
    shim_status st = text ? shim_stem(tg, w, len, &stem) : SHIM_ERR_NOMEM;
    uint32_t sid = 0;
    if (st == SHIM_OK)   /* a number is its own stem */
        sid = stem[0] ? stem_id(c, stem, strlen(stem), &st) : stem_id(c, w, len, &st);
    free(stem);
    if (st != SHIM_OK || !sid) {
        free(text);
        *failed = st != SHIM_OK ? st : *failed;
        return -1;
    }
    struct sig_word_slot *s = slot_of(c->slots, c->cap, w, len, h);
    s->text = text;
    s->hash = h;
    s->w.id = (uint32_t)++c->n;
    s->w.stem = sid;
    s->w.stop = stopword_is(w, len);
    c->texts[c->n - 1] = text;
    *out = s->w;
    return 0;
}

const char *sig_words_text(const sig_words *c, uint32_t id)
{
    return id >= 1 && id <= c->n ? c->texts[id - 1] : "";
}

void sig_words_clear(sig_words *c)
{
    for (size_t i = 0; i < c->cap; i++)
        free(c->slots[i].text);
    for (size_t i = 0; i < c->stems_cap; i++)
        free(c->stems[i].text);
    free(c->slots);
    free(c->stems);
    free(c->texts);
    memset(c, 0, sizeof *c);
}
