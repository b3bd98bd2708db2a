/*
 * authority.c: the council table, name lookup and the mention tally
 * (contract in authority.h).
 *
 * Two indexes are built when the table is parsed:
 *  - a hash of every name and alias in norm_key() form, for lookup;
 *  - prose patterns: each name or alias as a sequence of words in its
 *    written capitalisation, hashed on the first word. Scanning a paragraph
 *    is then one hash probe per word, not one search per council.
 */
#include "authority.h"

#include "normalise.h"
#include "refdata.h"
#include "tsv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const valid_types[] = {
    "county", "metropolitan borough", "London borough", "unitary", "sui generis",
};
static const char *const valid_regions[] = {
    "North East", "North West", "Yorkshire and the Humber", "East Midlands",
    "West Midlands", "East of England", "London", "South East", "South West",
};

/* Names that are also ordinary English words, capitalised at the start of a
 * sentence ("Reading the plan...", "Bury..."). There they count only when
 * followed by Council, Borough or a possessive. Sutton, Halton and Harrow
 * are not on the list: they are surnames or rare words, and a report that
 * says "Sutton" at the start of a sentence nearly always means the borough. */
static const char *const common_word_keys[] = { "reading", "bury", "slough" };

/* Other places whose names begin with (or end in) a council's name or alias.
 * key is the form's norm_key(); before/after are the words that, next to it,
 * make it that other place. */
static const struct { const char *key, *before, *after; } other_places[] = {
    { "bury", NULL, "St Edmunds" },           /* a town in Suffolk */
    { "sutton", NULL, "Coldfield" },          /* part of Birmingham */
    { "newcastle", NULL, "under Lyme" },      /* a Staffordshire district */
    { "york", "New", NULL },
    { "reading", NULL, "Well" },              /* the Reading Well book scheme */
};
#define N_OTHER_PLACES (sizeof other_places / sizeof *other_places)

typedef struct auth_entry {
    char *name, *type, *region;
} auth_entry;

typedef struct key_slot {
    char *key;        /* norm_key() form; NULL = empty slot */
    int index;        /* its council */
    unsigned line;    /* where it was defined, for duplicate errors */
} key_slot;

/* A word of a prose pattern in the spellings it may have in text: as
 * written in the table, in capitals (headings, "MEDWAY"), and capitalised
 * when the table writes it in lower case ("Kingston Upon Thames"). */
typedef struct pat_word {
    char *spell[3];   /* [2] may be NULL */
    size_t len[3];
} pat_word;

typedef struct pattern {
    int index;
    size_t nw;
    pat_word *w;
    int common;       /* one word that is also an English word */
    int other;        /* index into other_places, or -1 */
} pattern;

/* First-word slot: a spelling of a first word -> the patterns starting so,
 * longest first. */
typedef struct first_slot {
    const char *word; /* points into a pattern's pat_word; NULL = empty */
    size_t len;
    size_t *pats, n, cap;
} first_slot;

typedef struct word_list {
    pat_word *w;
    size_t n;
} word_list;

struct authority_table {
    auth_entry *entries;
    size_t n;
    key_slot *keys;
    size_t key_cap;
    pattern *pats;
    size_t n_pats, cap_pats;
    first_slot *first;
    size_t first_cap;
    word_list before[N_OTHER_PLACES], after[N_OTHER_PLACES];
};

/* ---- small helpers ----------------------------------------------------- */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a: short keys, no attacker */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static int fail(char *err, size_t errlen, const char *label, unsigned line,
                const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err && errlen) {
        if (line)
            snprintf(err, errlen, "%s:%u: %s", label, line, msg);
        else
            snprintf(err, errlen, "%s: %s", label, msg);
    }
    return -1;
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Decode one code point; invalid bytes come back as U+FFFD, one byte long,
 * so scanning never stalls on bad input. */
static size_t next_cp(const char *s, size_t len, utf8proc_int32_t *cp)
{
    if ((unsigned char)*s < 0x80) {
        *cp = (unsigned char)*s;
        return 1;
    }
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)len, cp);
    if (n <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)n;
}

static int is_word_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Copy of s[0..n) with every letter (upper=1) or only the first (upper=0)
 * changed to upper case by utf8proc's own mapping. */
static char *upper_copy(const char *s, size_t n, int all, size_t *outlen)
{
    char *out = malloc(n * 4 + 1), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        if (all || i == 0)
            w += utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)w);
        else {
            memcpy(w, s + i, k);
            w += k;
        }
        i += k;
    }
    *w = '\0';
    *outlen = (size_t)(w - out);
    return out;
}

/* ---- prose words ------------------------------------------------------- */

typedef struct scan_tok {
    const char *s;
    size_t len;
    unsigned char hard_before;  /* punctuation a name cannot span */
    unsigned char sent_start;   /* first word of a sentence or of the text */
} scan_tok;

static int tok_is(const scan_tok *t, const char *s)
{
    size_t n = strlen(s);
    return t->len == n && memcmp(t->s, s, n) == 0;
}

/* Split text into words (letters and digits) and '&' signs. A name may span
 * spaces, hyphens ("Stockton-on-Tees"), commas ("Bournemouth, Christchurch
 * and Poole") and the dot of "St."; any other punctuation ends it. ". ! ?"
 * and ':' start a new sentence. The tokens point into text. */
static int tokenize(const char *text, size_t len, scan_tok **toks, size_t *cap,
                    size_t *n_out)
{
    size_t n = 0;
    int hard = 0, sent = 1;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        size_t k = next_cp(text + i, len - i, &cp);
        int word = is_word_cp(cp);
        if (word || cp == '&') {
            size_t start = i;
            i += k;
            while (word && i < len) {
                k = next_cp(text + i, len - i, &cp);
                if (!is_word_cp(cp))
                    break;
                i += k;
            }
            if (n == *cap) {
                size_t nc = *cap ? *cap * 2 : 256;
                scan_tok *p = realloc(*toks, nc * sizeof *p);
                if (!p)
                    return -1;
                *toks = p;
                *cap = nc;
            }
            scan_tok t = { text + start, i - start, (unsigned char)hard,
                           (unsigned char)sent };
            (*toks)[n++] = t;
            hard = sent = 0;
            continue;
        }
        i += k;
        if (cp == '.' && n > 0 && !hard && (*toks)[n - 1].s + (*toks)[n - 1].len ==
                                      text + i - 1 &&
            (tok_is(&(*toks)[n - 1], "St") || tok_is(&(*toks)[n - 1], "ST")))
            continue;   /* "St. Helens" */
        if (cp == '.' || cp == '!' || cp == '?' || cp == ':') {
            hard = sent = 1;
        } else if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '-' ||
                   cp == ',') {
            /* soft: a line break inside a paragraph is a wrapped line */
        } else if (cp >= 0x80 && (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
                                  utf8proc_category(cp) == UTF8PROC_CATEGORY_PD)) {
            /* soft: no-break spaces, Unicode dashes */
        } else {
            hard = 1;
        }
    }
    *n_out = n;
    return 0;
}

static int word_match(const pat_word *w, const scan_tok *t)
{
    for (int k = 0; k < 3; k++)
        if (w->spell[k] && t->len == w->len[k] &&
            memcmp(t->s, w->spell[k], t->len) == 0)
            return 1;
    return t->len == 1 && t->s[0] == '&' && strcmp(w->spell[0], "and") == 0;
}

static void free_words(pat_word *w, size_t n)
{
    for (size_t i = 0; w && i < n; i++)
        for (int k = 0; k < 3; k++)
            free(w[i].spell[k]);
    free(w);
}

/* The words of a table form, each with its three spellings. An '&' is
 * stored as "and", so "Windsor & Maidenhead" and "Windsor and Maidenhead"
 * are the same pattern. */
static int make_words(const char *form, word_list *out)
{
    scan_tok *toks = NULL;
    size_t cap = 0, n = 0;
    out->w = NULL;
    out->n = 0;
    if (tokenize(form, strlen(form), &toks, &cap, &n) != 0)
        return -1;
    pat_word *w = calloc(n ? n : 1, sizeof *w);
    int rc = w ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *s = toks[i].s;
        size_t len = toks[i].len;
        if (len == 1 && *s == '&') {
            s = "and";
            len = 3;
        }
        w[i].spell[0] = dup_n(s, len);
        w[i].len[0] = len;
        w[i].spell[1] = upper_copy(s, len, 1, &w[i].len[1]);
        char *cap1 = upper_copy(s, len, 0, &w[i].len[2]);
        if (cap1 && strcmp(cap1, w[i].spell[0] ? w[i].spell[0] : "") == 0) {
            free(cap1);
            cap1 = NULL;
            w[i].len[2] = 0;
        } else if (!cap1) {
            rc = -1;
        }
        w[i].spell[2] = cap1;
        if (!w[i].spell[0] || !w[i].spell[1])
            rc = -1;
    }
    free(toks);
    if (rc != 0) {
        free_words(w, n);
        return -1;
    }
    out->w = w;
    out->n = n;
    return 0;
}

/* An acronym ("RBWM", "B&NES", "BCP") has no lower-case letter. In prose
 * such letters are too often something else (BCP: business continuity
 * plan), so acronyms serve lookup only. */
static int is_acronym(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        utf8proc_int32_t cp;
        i += next_cp(s + i, n - i, &cp);
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
            return 0;
    }
    return 1;
}

static int add_pattern(authority_table *t, int idx, const char *form,
                       const char *key)
{
    if (is_acronym(form))
        return 0;
    if (t->n_pats == t->cap_pats) {
        size_t nc = t->cap_pats ? t->cap_pats * 2 : 256;
        pattern *p = realloc(t->pats, nc * sizeof *p);
        if (!p)
            return -1;
        t->pats = p;
        t->cap_pats = nc;
    }
    word_list wl;
    if (make_words(form, &wl) != 0)
        return -1;
    if (wl.n == 0) {
        free(wl.w);
        return 0;
    }
    pattern *p = &t->pats[t->n_pats++];
    p->index = idx;
    p->w = wl.w;
    p->nw = wl.n;
    p->common = 0;
    p->other = -1;
    for (size_t i = 0; i < sizeof common_word_keys / sizeof *common_word_keys; i++)
        if (strcmp(key, common_word_keys[i]) == 0)
            p->common = 1;
    for (size_t i = 0; i < N_OTHER_PLACES; i++)
        if (strcmp(key, other_places[i].key) == 0)
            p->other = (int)i;
    return 0;
}

static first_slot *first_find(const authority_table *t, const char *s, size_t n)
{
    size_t mask = t->first_cap - 1;
    for (size_t i = hash_bytes(s, n) & mask;; i = (i + 1) & mask) {
        first_slot *f = &t->first[i];
        if (!f->word || (f->len == n && memcmp(f->word, s, n) == 0))
            return f;
    }
}

/* Once every form is in: hash the patterns on their first word's spellings,
 * and compile the words that mark other places. */
static int scan_index_finish(authority_table *t)
{
    t->first_cap = 64;
    while (t->first_cap < t->n_pats * 6 + 64)
        t->first_cap *= 2;
    t->first = calloc(t->first_cap, sizeof *t->first);
    if (!t->first)
        return -1;
    for (size_t p = 0; p < t->n_pats; p++) {
        const pat_word *w0 = &t->pats[p].w[0];
        for (int k = 0; k < 3; k++) {
            if (!w0->spell[k] || (k == 2 && strcmp(w0->spell[2], w0->spell[1]) == 0) ||
                (k == 1 && strcmp(w0->spell[1], w0->spell[0]) == 0))
                continue;
            first_slot *f = first_find(t, w0->spell[k], w0->len[k]);
            if (f->n == f->cap) {
                size_t nc = f->cap ? f->cap * 2 : 4;
                size_t *np = realloc(f->pats, nc * sizeof *np);
                if (!np)
                    return -1;
                f->pats = np;
                f->cap = nc;
            }
            f->word = w0->spell[k];
            f->len = w0->len[k];
            /* Keep each list longest first (lists are a handful long), so
             * the first pattern that fits is the longest match. */
            size_t at = f->n++;
            while (at > 0 && t->pats[f->pats[at - 1]].nw < t->pats[p].nw) {
                f->pats[at] = f->pats[at - 1];
                at--;
            }
            f->pats[at] = p;
        }
    }
    for (size_t i = 0; i < N_OTHER_PLACES; i++) {
        if ((other_places[i].before && make_words(other_places[i].before, &t->before[i])) ||
            (other_places[i].after && make_words(other_places[i].after, &t->after[i])))
            return -1;
    }
    return 0;
}

/* ---- parsing ---------------------------------------------------------- */

static key_slot *key_find(const authority_table *t, const char *key, size_t n)
{
    size_t mask = t->key_cap - 1;
    for (size_t i = hash_bytes(key, n) & mask;; i = (i + 1) & mask) {
        key_slot *s = &t->keys[i];
        if (!s->key || (strncmp(s->key, key, n) == 0 && s->key[n] == '\0'))
            return s;
    }
}

void authority_table_free(authority_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->entries[i].name);
        free(t->entries[i].type);
        free(t->entries[i].region);
    }
    free(t->entries);
    for (size_t i = 0; t->keys && i < t->key_cap; i++)
        free(t->keys[i].key);
    free(t->keys);
    for (size_t i = 0; i < t->n_pats; i++)
        free_words(t->pats[i].w, t->pats[i].nw);
    free(t->pats);
    for (size_t i = 0; t->first && i < t->first_cap; i++)
        free(t->first[i].pats);
    free(t->first);
    for (size_t i = 0; i < N_OTHER_PLACES; i++) {
        free_words(t->before[i].w, t->before[i].n);
        free_words(t->after[i].w, t->after[i].n);
    }
    free(t);
}

/* Register one name or alias of council idx. A form repeating a key the
 * same council already has ("St. Helens" beside "St Helens") adds nothing;
 * a key that already names another council is an error, because lookup by
 * that name would be ambiguous. */
static int add_form(authority_table *t, int idx, const tsv_field *form,
                    const char *label, unsigned line, char *err, size_t errlen)
{
    char *text = tsv_field_dup(form), *key = NULL;
    if (!text)
        return fail(err, errlen, label, 0, "out of memory");
    norm_status st = norm_key(form->s, form->len, &key);
    int rc = 0;
    if (st != NORM_OK) {
        rc = st == NORM_ERR_UTF8
                 ? fail(err, errlen, label, line, "not valid UTF-8")
                 : fail(err, errlen, label, 0, "out of memory");
    } else if (!*key) {
        rc = fail(err, errlen, label, line, "\"%s\" has no letters", text);
    } else {
        size_t klen = strlen(key);
        key_slot *slot = key_find(t, key, klen);
        if (slot->key && slot->index != idx) {
            rc = fail(err, errlen, label, line,
                      "\"%s\" already names %s (line %u)", text,
                      t->entries[slot->index].name, slot->line);
        } else if (!slot->key) {
            slot->key = key;
            slot->index = idx;
            slot->line = line;
            if (add_pattern(t, idx, text, key) != 0)
                rc = fail(err, errlen, label, 0, "out of memory");
            key = NULL;
        }
    }
    free(key);
    free(text);
    return rc;
}

static int parse_row(authority_table *t, const tsv_row *row, const char *label,
                     char *err, size_t errlen)
{
    unsigned line = row->line;
    const tsv_field *f = row->f;
    if (row->n != 4)
        return fail(err, errlen, label, line,
                    "expected 4 TAB-separated columns (name, type, region, "
                    "aliases), found %zu", row->n);
    if (f[0].len == 0)
        return fail(err, errlen, label, line, "empty name");
    size_t i;
    for (i = 0; i < sizeof valid_types / sizeof *valid_types; i++)
        if (tsv_field_is(&f[1], valid_types[i]))
            break;
    if (i == sizeof valid_types / sizeof *valid_types)
        return fail(err, errlen, label, line,
                    "unknown type \"%.*s\" (expected county, metropolitan "
                    "borough, London borough, unitary or sui generis)",
                    (int)f[1].len, f[1].s);
    for (i = 0; i < sizeof valid_regions / sizeof *valid_regions; i++)
        if (tsv_field_is(&f[2], valid_regions[i]))
            break;
    if (i == sizeof valid_regions / sizeof *valid_regions)
        return fail(err, errlen, label, line,
                    "unknown region \"%.*s\" (expected one of the nine English "
                    "regions, e.g. \"North East\", \"Yorkshire and the Humber\")",
                    (int)f[2].len, f[2].s);

    auth_entry *e = &t->entries[t->n++];   /* counted now so free() frees it */
    e->name = tsv_field_dup(&f[0]);
    e->type = tsv_field_dup(&f[1]);
    e->region = tsv_field_dup(&f[2]);
    if (!e->name || !e->type || !e->region)
        return fail(err, errlen, label, 0, "out of memory");

    int idx = (int)(t->n - 1);
    if (add_form(t, idx, &f[0], label, line, err, errlen) != 0)
        return -1;
    tsv_field parts[64];
    size_t np = tsv_split(&f[3], ';', parts, 64);
    if (np > 64)
        return fail(err, errlen, label, line, "more than 64 aliases");
    for (i = 0; i < np; i++)
        if (add_form(t, idx, &parts[i], label, line, err, errlen) != 0)
            return -1;
    return 0;
}

int authority_table_parse(const char *text, size_t len, const char *label,
                          authority_table **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!label)
        label = "authorities.tsv";
    if (err && errlen)
        err[0] = '\0';
    /* Size the tables from the text: at most one council a line, and no
     * more keys than names plus ';'-separated aliases. */
    size_t lines = 1, keys = 1;
    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
        keys += text[i] == '\n' || text[i] == ';';
    }
    authority_table *t = calloc(1, sizeof *t);
    if (!t)
        return fail(err, errlen, label, 0, "out of memory");
    t->key_cap = 64;
    while (t->key_cap < 4 * keys)   /* at most half full */
        t->key_cap *= 2;
    t->entries = calloc(lines, sizeof *t->entries);
    t->keys = calloc(t->key_cap, sizeof *t->keys);
    if (!t->entries || !t->keys) {
        authority_table_free(t);
        return fail(err, errlen, label, 0, "out of memory");
    }

    tsv_reader rd;
    tsv_row row;
    tsv_init(&rd, text, len);
    int got, header = 0, rc = 0;
    while (rc == 0 && (got = tsv_next(&rd, &row)) != 0) {
        if (got < 0)
            rc = fail(err, errlen, label, row.line, "too many TAB-separated columns");
        else if (header)
            rc = parse_row(t, &row, label, err, errlen);
        else if (row.n == 4 && tsv_field_is(&row.f[0], "name") &&
                 tsv_field_is(&row.f[1], "type") &&
                 tsv_field_is(&row.f[2], "region") &&
                 tsv_field_is(&row.f[3], "aliases"))
            header = 1;
        else
            rc = fail(err, errlen, label, row.line, "expected the header line "
                      "\"name<TAB>type<TAB>region<TAB>aliases\"");
    }
    if (rc == 0 && !header)
        rc = fail(err, errlen, label, 1,
                  "no header line \"name<TAB>type<TAB>region<TAB>aliases\"");
    if (rc == 0 && t->n == 0)
        rc = fail(err, errlen, label, 0, "no councils listed");
    if (rc == 0 && scan_index_finish(t) != 0)
        rc = fail(err, errlen, label, 0, "out of memory");
    if (rc != 0) {
        authority_table_free(t);
        return -1;
    }
    *out = t;
    return 0;
}

int authority_table_load(const char *path, authority_table **out, char *err,
                         size_t errlen)
{
    *out = NULL;
    char *text;
    size_t len;
    if (refdata_read_file(path, &text, &len) != 0)
        return fail(err, errlen, path, 0, "%s", strerror(errno));
    int rc = authority_table_parse(text, len, path, out, err, errlen);
    free(text);
    return rc;
}

size_t authority_count(const authority_table *t)
{
    return t ? t->n : 0;
}

const char *authority_name(const authority_table *t, size_t i)
{
    return t && i < t->n ? t->entries[i].name : NULL;
}

const char *authority_type(const authority_table *t, size_t i)
{
    return t && i < t->n ? t->entries[i].type : NULL;
}

const char *authority_region(const authority_table *t, size_t i)
{
    return t && i < t->n ? t->entries[i].region : NULL;
}

/* ---- lookup ----------------------------------------------------------- */

/* What councils call themselves around their name, in norm_key() form.
 * Longer suffixes first, so "Metropolitan Borough Council" is not read as
 * "... Metropolitan Borough" + "Council". */
static const char *const name_prefixes[] = {
    "london borough of ", "royal borough of ", "metropolitan borough of ",
    "council of the ", "borough of ", "city of ", "county of ",
};
static const char *const name_suffixes[] = {
    " metropolitan borough council", " metropolitan district council",
    " borough council", " city council", " county council", " district council",
    " council", " corporation",
};
#define N_PREFIXES (sizeof name_prefixes / sizeof *name_prefixes)
#define N_SUFFIXES (sizeof name_suffixes / sizeof *name_suffixes)

/* key is in norm_key() form. The name as given wins (so "City of London"
 * stays itself); then with one prefix, one suffix, or both taken off; a
 * leading "the" is always dropped. */
static int lookup_key(const authority_table *t, const char *key)
{
    if (strncmp(key, "the ", 4) == 0)
        key += 4;
    size_t len = strlen(key);
    for (size_t p = 0; p <= N_PREFIXES; p++) {
        const char *k = key;
        size_t klen = len;
        if (p < N_PREFIXES) {
            size_t pl = strlen(name_prefixes[p]);
            if (klen <= pl || strncmp(k, name_prefixes[p], pl) != 0)
                continue;
            k += pl;
            klen -= pl;
        }
        for (size_t s = 0; s <= N_SUFFIXES; s++) {
            size_t n = klen;
            if (s < N_SUFFIXES) {
                size_t sl = strlen(name_suffixes[s]);
                if (n <= sl || strncmp(k + n - sl, name_suffixes[s], sl) != 0)
                    continue;
                n -= sl;
            }
            const key_slot *slot = key_find(t, k, n);
            if (slot->key)
                return slot->index;
        }
    }
    return -1;
}

int authority_lookup(const authority_table *t, const char *name, size_t len)
{
    char *key;
    if (!t || !name || norm_key(name, len, &key) != NORM_OK)
        return -1;
    int i = *key ? lookup_key(t, key) : -1;
    free(key);
    return i;
}

int authority_from_title(const authority_table *t, const char *line, size_t len)
{
    static const char tail[] = " local authority assessment";
    static const char head[] = "local authority assessment ";
    char *key;
    if (!t || !line || norm_key(line, len, &key) != NORM_OK)
        return -1;
    /* norm_key() has already dropped the ':' or '-' between the halves and
     * any Markdown '#', so each title shape is a fixed phrase before or
     * after the council's name. */
    int i = -1;
    size_t n = strlen(key), tl = sizeof tail - 1, hl = sizeof head - 1;
    if (n > tl && strcmp(key + n - tl, tail) == 0) {
        key[n - tl] = '\0';
        i = lookup_key(t, key);
    } else if (n > hl && strncmp(key, head, hl) == 0) {
        i = lookup_key(t, key + hl);
    }
    free(key);
    return i;
}

/* ---- the tally ---------------------------------------------------------- */

struct authority_tally {
    const authority_table *t;
    unsigned *mentions, *score;
    scan_tok *toks;      /* reused between calls */
    size_t cap;
};

authority_tally *authority_tally_new(const authority_table *t)
{
    authority_tally *y = calloc(1, sizeof *y);
    if (!y || !t)
        return y;
    y->t = t;
    y->mentions = calloc(t->n ? t->n : 1, sizeof *y->mentions);
    y->score = calloc(t->n ? t->n : 1, sizeof *y->score);
    if (!y->mentions || !y->score) {
        authority_tally_free(y);
        return NULL;
    }
    return y;
}

void authority_tally_free(authority_tally *y)
{
    if (!y)
        return;
    free(y->mentions);
    free(y->score);
    free(y->toks);
    free(y);
}

/* Do words w[0..n) stand at toks[at..], joined only by soft separators? */
static int words_at(const word_list *wl, const scan_tok *toks, size_t ntok,
                    size_t at)
{
    if (wl->n == 0 || at + wl->n > ntok)
        return 0;
    for (size_t k = 0; k < wl->n; k++)
        if ((k > 0 && toks[at + k].hard_before) || !word_match(&wl->w[k], &toks[at + k]))
            return 0;
    return 1;
}

/* Is this mention of pattern p at toks[i..i+nw) really the council? */
static int mention_counts(const authority_table *t, const pattern *p,
                          const scan_tok *toks, size_t ntok, size_t i)
{
    size_t end = i + p->nw;
    if (p->other >= 0) {
        const word_list *b = &t->before[p->other], *a = &t->after[p->other];
        if (b->n && i >= b->n && !toks[i].hard_before &&
            words_at(b, toks, ntok, i - b->n))
            return 0;
        if (a->n && end < ntok && !toks[end].hard_before && words_at(a, toks, ntok, end))
            return 0;
    }
    if (!p->common || !toks[i].sent_start)
        return 1;
    if (end < ntok) {
        const scan_tok *nx = &toks[end];
        const char *gap = toks[end - 1].s + toks[end - 1].len;
        size_t glen = (size_t)(nx->s - gap);
        if (!nx->hard_before && (tok_is(nx, "Council") || tok_is(nx, "COUNCIL") ||
                                 tok_is(nx, "Borough") || tok_is(nx, "BOROUGH")))
            return 1;
        if ((tok_is(nx, "s") || tok_is(nx, "S")) &&
            ((glen == 1 && gap[0] == '\'') ||
             (glen == 3 && memcmp(gap, "\xe2\x80\x99", 3) == 0)))
            return 1;
    }
    return 0;   /* "Reading the plan, ..." */
}

int authority_tally_add(authority_tally *y, const char *text, size_t len,
                        unsigned weight)
{
    if (!y || !y->t || !text)
        return 0;
    const authority_table *t = y->t;
    size_t ntok;
    if (tokenize(text, len, &y->toks, &y->cap, &ntok) != 0)
        return -1;
    /* Leftmost first; at each word the longest pattern that fits wins, and
     * the words it covers are not looked at again. */
    for (size_t i = 0; i < ntok;) {
        const first_slot *f = first_find(t, y->toks[i].s, y->toks[i].len);
        size_t step = 1;
        for (size_t k = 0; f->word && k < f->n; k++) {
            const pattern *p = &t->pats[f->pats[k]];
            word_list wl = { p->w, p->nw };
            if (!words_at(&wl, y->toks, ntok, i))
                continue;
            if (mention_counts(t, p, y->toks, ntok, i)) {
                y->mentions[p->index]++;
                y->score[p->index] += weight;
                step = p->nw;
            }
            break;
        }
        i += step;
    }
    return 0;
}

/* ---- deciding ------------------------------------------------------------ */

static int ranks_before(const authority_table *t, const authority_candidate *a,
                        const authority_candidate *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->mentions != b->mentions)
        return a->mentions > b->mentions;
    return strcmp(t->entries[a->index].name, t->entries[b->index].name) < 0;
}

static const char *times(unsigned n, char *buf, size_t len)
{
    if (n == 1)
        return "once";
    if (n == 2)
        return "twice";
    snprintf(buf, len, "%u times", n);
    return buf;
}

/* "5 times" or, when headings or a title weighed more, "5 times (score 19)" */
static void describe(const authority_candidate *c, char *buf, size_t len)
{
    char tb[32];
    if (c->score == c->mentions)
        snprintf(buf, len, "%s", times(c->mentions, tb, sizeof tb));
    else
        snprintf(buf, len, "%s (score %u)", times(c->mentions, tb, sizeof tb),
                 c->score);
}

void authority_decide(const authority_tally *y, authority_decision *out)
{
    memset(out, 0, sizeof *out);
    out->index = -1;
    const authority_table *t = y ? y->t : NULL;
    for (size_t i = 0; t && i < t->n; i++) {
        if (!y->score[i])
            continue;
        authority_candidate c = { (int)i, y->mentions[i], y->score[i] };
        size_t at = out->n_candidates;
        while (at > 0 && ranks_before(t, &c, &out->candidates[at - 1]))
            at--;
        if (at >= AUTHORITY_MAX_CANDIDATES)
            continue;
        size_t last = out->n_candidates < AUTHORITY_MAX_CANDIDATES
                          ? out->n_candidates : AUTHORITY_MAX_CANDIDATES - 1;
        memmove(&out->candidates[at + 1], &out->candidates[at],
                (last - at) * sizeof c);
        out->candidates[at] = c;
        if (out->n_candidates < AUTHORITY_MAX_CANDIDATES)
            out->n_candidates++;
    }
    if (out->n_candidates == 0) {
        snprintf(out->reason, sizeof out->reason, "no council named in the text");
        return;
    }
    const authority_candidate *best = &out->candidates[0];
    const authority_candidate *next = out->n_candidates > 1 ? &out->candidates[1] : NULL;
    char b[48], n[48];
    describe(best, b, sizeof b);
    if (next)
        describe(next, n, sizeof n);
    unsigned runner = next ? next->score : 0;
    if (best->score >= 2 && best->score >= 2 * runner) {
        out->index = best->index;
        if (next)
            snprintf(out->reason, sizeof out->reason,
                     "named %s in the text; next: %s, %s", b,
                     t->entries[next->index].name, n);
        else
            snprintf(out->reason, sizeof out->reason,
                     "named %s in the text; no other council named", b);
    } else if (best->score < 2) {
        snprintf(out->reason, sizeof out->reason,
                 "too few mentions to decide: %s named %s%s%s%s%s",
                 t->entries[best->index].name, b, next ? "; " : "",
                 next ? t->entries[next->index].name : "", next ? " " : "",
                 next ? n : "");
    } else {
        snprintf(out->reason, sizeof out->reason,
                 "no clear council: %s named %s, %s %s (the first needs twice "
                 "the score of the next)", t->entries[best->index].name, b,
                 t->entries[next->index].name, n);
    }
}
