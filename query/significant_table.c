/* significant_table.c: phrases by stem key (see significant_table.h). */
#include "significant_table.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a: short keys, no adversary worth a keyed hash (the text is the
 * index's own, and a bad case costs time bounded by the paragraph cap). */
static uint32_t hash_of(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int grow(sig_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    sig_entry **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        sig_entry *e = t->slots[i];
        if (!e)
            continue;
        size_t j = e->hash & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = e;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

sig_entry *sig_table_get(sig_table *t, const char *key, size_t len, unsigned words,
                         int create, int *nomem)
{
    uint32_t h = hash_of(key, len);
    if (t->cap) {
        for (size_t j = h & (t->cap - 1); t->slots[j]; j = (j + 1) & (t->cap - 1)) {
            sig_entry *e = t->slots[j];
            if (e->hash == h && strncmp(e->key, key, len) == 0 && e->key[len] == '\0')
                return e;
        }
    }
    if (!create)
        return NULL;
    if ((t->n + 1) * 2 > t->cap && grow(t) != 0) {
        *nomem = 1;
        return NULL;
    }
    sig_entry *e = calloc(1, sizeof *e);
    char *k = e ? malloc(len + 1) : NULL;
    if (!k) {
        free(e);
        *nomem = 1;
        return NULL;
    }
    memcpy(k, key, len);
    k[len] = '\0';
    e->key = k;
    e->hash = h;
    e->words = words;
    size_t j = h & (t->cap - 1);
    while (t->slots[j])
        j = (j + 1) & (t->cap - 1);
    t->slots[j] = e;
    t->n++;
    return e;
}

int sig_entry_form(sig_entry *e, const char *form, size_t len)
{
    for (size_t i = 0; i < SIG_FORMS; i++) {
        sig_form *f = &e->forms[i];
        if (!f->text) {
            if (!(f->text = malloc(len + 1)))
                return -1;
            memcpy(f->text, form, len);
            f->text[len] = '\0';
            f->count = 1;
            return 0;
        }
        if (strncmp(f->text, form, len) == 0 && f->text[len] == '\0') {
            f->count++;
            return 0;
        }
    }
    return 0;   /* a fifth form: the first four are enough to choose from */
}

int sig_entry_council(sig_entry *e, uint32_t id)
{
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

const char *sig_entry_text(const sig_entry *e)
{
    const sig_form *best = &e->forms[0];
    for (size_t i = 1; i < SIG_FORMS && e->forms[i].text; i++)
        if (e->forms[i].count > best->count)
            best = &e->forms[i];
    return best->text ? best->text : e->key;
}

void sig_table_clear(sig_table *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        sig_entry *e = t->slots[i];
        if (!e)
            continue;
        for (size_t f = 0; f < SIG_FORMS; f++)
            free(e->forms[f].text);
        free(e->councils);
        free(e->key);
        free(e);
    }
    free(t->slots);
    memset(t, 0, sizeof *t);
}
