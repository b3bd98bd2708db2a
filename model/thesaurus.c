/*
 * thesaurus.c: groups of equivalent terms (see thesaurus.h).
 *
 * Every form is kept twice: as written (for labels shown to users) and as
 * its norm_key() word sequence (for matching). The keys of all groups live
 * in one array sorted by key, so a lookup is a binary search per candidate
 * length, and a key that appears twice (the same form in two groups) shows
 * up as two neighbours after sorting.
 */
#include "thesaurus.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "tsv.h"

typedef struct th_group {
    char **forms;      /* as written in the file (trimmed) */
    size_t n;
    unsigned line;     /* where the group is, for error messages */
} th_group;

typedef struct th_entry {
    char *key;         /* norm_key() of the form: words joined by one space */
    size_t n_words;
    size_t group, form;
} th_entry;

struct thesaurus {
    th_group *groups;
    size_t n_groups;
    th_entry *entries; /* sorted by key once parsing is done */
    size_t n_entries;
    size_t max_words;  /* the longest form, in words: bounds a lookup */
};

void thesaurus_free(thesaurus *t)
{
    if (!t)
        return;
    for (size_t g = 0; g < t->n_groups; g++) {
        for (size_t i = 0; i < t->groups[g].n; i++)
            free(t->groups[g].forms[i]);
        free(t->groups[g].forms);
    }
    for (size_t i = 0; i < t->n_entries; i++)
        free(t->entries[i].key);
    free(t->groups);
    free(t->entries);
    free(t);
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* A form short enough to quote in a message without drowning it. */
static int shown_len(size_t len)
{
    return len > 60 ? 60 : (int)len;
}

static int entry_cmp(const void *a, const void *b)
{
    const th_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    /* Ties only when validation is about to fail; order them by position in
     * the file so the later occurrence is the one reported. */
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return x->form < y->form ? -1 : x->form > y->form;
}

static size_t count_words(const char *key)
{
    size_t n = 1;
    for (const char *p = key; *p; p++)
        n += *p == ' ';
    return n;
}

/* Append one row as a group; 0, or -1 with err set. */
static int add_group(thesaurus *t, const tsv_row *row, const char *label,
                     size_t *cap_entries, char *err, size_t errlen)
{
    if (row->n < 2) {
        set_err(err, errlen,
                "%s:%u: a group needs at least two forms separated by TABs, "
                "found only '%.*s'", label, row->line,
                shown_len(row->f[0].len), row->f[0].s);
        return -1;
    }
    th_group *g = &t->groups[t->n_groups];
    g->forms = calloc(row->n, sizeof *g->forms);
    if (!g->forms)
        goto nomem;
    g->line = row->line;
    t->n_groups++;
    for (size_t i = 0; i < row->n; i++) {
        const tsv_field *f = &row->f[i];
        if (f->len == 0) {
            set_err(err, errlen,
                    "%s:%u: form %zu is empty (two TABs in a row, or a TAB at "
                    "the end of the line)", label, row->line, i + 1);
            return -1;
        }
        if (norm_utf8_invalid_at(f->s, f->len) != f->len) {
            set_err(err, errlen, "%s:%u: form %zu is not valid UTF-8", label,
                    row->line, i + 1);
            return -1;
        }
        char *key;
        norm_status ns = norm_key(f->s, f->len, &key);
        if (ns != NORM_OK)
            goto nomem;   /* UTF-8 was checked above */
        if (!key[0]) {
            free(key);
            set_err(err, errlen,
                    "%s:%u: form '%.*s' has no letters or digits to search for",
                    label, row->line, shown_len(f->len), f->s);
            return -1;
        }
        if (t->n_entries == *cap_entries) {
            size_t cap = *cap_entries ? *cap_entries * 2 : 64;
            th_entry *e = realloc(t->entries, cap * sizeof *e);
            if (!e) {
                free(key);
                goto nomem;
            }
            t->entries = e;
            *cap_entries = cap;
        }
        th_entry *e = &t->entries[t->n_entries++];
        e->key = key;
        e->n_words = count_words(key);
        e->group = t->n_groups - 1;
        e->form = i;
        if (e->n_words > t->max_words)
            t->max_words = e->n_words;
        if (!(g->forms[i] = tsv_field_dup(f)))
            goto nomem;
        g->n++;
    }
    return 0;
nomem:
    set_err(err, errlen, "%s: out of memory", label);
    return -1;
}

/* After sorting, equal keys are neighbours: the same form twice. Reports the
 * occurrence that comes first in the file among the second occurrences, so
 * fixing errors top to bottom works. */
static int check_duplicates(const thesaurus *t, const char *label, char *err,
                            size_t errlen)
{
    const th_entry *worst = NULL, *first = NULL;
    for (size_t i = 1; i < t->n_entries; i++) {
        const th_entry *a = &t->entries[i - 1], *b = &t->entries[i];
        if (strcmp(a->key, b->key) != 0)
            continue;
        if (!worst || b->group < worst->group ||
            (b->group == worst->group && b->form < worst->form)) {
            worst = b;
            first = a;
        }
    }
    if (!worst)
        return 0;
    const th_group *gw = &t->groups[worst->group], *gf = &t->groups[first->group];
    const char *fw = gw->forms[worst->form], *ff = gf->forms[first->form];
    if (worst->group == first->group)
        set_err(err, errlen, "%s:%u: '%s' and '%s' are the same form (compared "
                "ignoring case and punctuation); list it once", label, gw->line,
                ff, fw);
    else
        set_err(err, errlen, "%s:%u: '%s' is already in the group on line %u "
                "(as '%s'); a form may belong to one group only", label,
                gw->line, fw, gf->line, ff);
    return -1;
}

int thesaurus_parse(const char *text, size_t len, const char *label,
                    thesaurus **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!label)
        label = "thesaurus";
    thesaurus *t = calloc(1, sizeof *t);
    if (!t) {
        set_err(err, errlen, "%s: out of memory", label);
        return -1;
    }
    /* One group per non-comment line: count lines for the group array so
     * rows never move while being filled. */
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    t->groups = calloc(lines, sizeof *t->groups);
    if (!t->groups) {
        set_err(err, errlen, "%s: out of memory", label);
        thesaurus_free(t);
        return -1;
    }

    tsv_reader rd;
    tsv_row row;
    size_t cap_entries = 0;
    int rc;
    tsv_init(&rd, text, len);
    while ((rc = tsv_next(&rd, &row)) != 0) {
        if (rc < 0) {
            set_err(err, errlen, "%s:%u: too many forms (%zu; at most %d on a "
                    "line)", label, row.line, row.n, TSV_MAX_FIELDS);
            thesaurus_free(t);
            return -1;
        }
        if (add_group(t, &row, label, &cap_entries, err, errlen) != 0) {
            thesaurus_free(t);
            return -1;
        }
    }
    if (t->n_entries)
        qsort(t->entries, t->n_entries, sizeof *t->entries, entry_cmp);
    if (check_duplicates(t, label, err, errlen) != 0) {
        thesaurus_free(t);
        return -1;
    }
    *out = t;
    return 0;
}

size_t thesaurus_group_count(const thesaurus *t)
{
    return t ? t->n_groups : 0;
}

size_t thesaurus_group_size(const thesaurus *t, size_t group)
{
    return t && group < t->n_groups ? t->groups[group].n : 0;
}

const char *thesaurus_form(const thesaurus *t, size_t group, size_t i)
{
    if (!t || group >= t->n_groups || i >= t->groups[group].n)
        return NULL;
    return t->groups[group].forms[i];
}

/* strcmp(key, words[0] + " " + words[1] + ... + words[k-1]) without building
 * the joined string, so a lookup never allocates (and so never fails). */
static int cmp_key_words(const char *key, const char *const *words, size_t k)
{
    const unsigned char *p = (const unsigned char *)key;
    for (size_t w = 0; w < k; w++) {
        if (w) {
            if (*p != ' ')
                return (int)*p - ' ';
            p++;
        }
        for (const unsigned char *q = (const unsigned char *)words[w]; *q; q++, p++)
            if (*p != *q)
                return (int)*p - (int)*q;
    }
    return *p ? 1 : 0;
}

static const th_entry *find(const thesaurus *t, const char *const *words, size_t k)
{
    size_t lo = 0, hi = t->n_entries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_key_words(t->entries[mid].key, words, k);
        if (c == 0)
            return &t->entries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int thesaurus_match(const thesaurus *t, const char *const *words, size_t n,
                    size_t *form, size_t *consumed)
{
    if (!t || !words || n == 0)
        return -1;
    size_t k = n < t->max_words ? n : t->max_words;
    for (; k > 0; k--) {
        const th_entry *e = find(t, words, k);
        if (e) {
            if (form)
                *form = e->form;
            if (consumed)
                *consumed = k;
            return (int)e->group;
        }
    }
    return -1;
}
