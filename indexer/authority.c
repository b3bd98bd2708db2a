/*
 * authority.c: the council table, name lookup and the mention tally
 * (contract in authority.h).
 *
 * Two indexes are built when the table is parsed:
 *  - a hash of every name and alias in norm_key() form, for lookup;
 *  - prose patterns: each name or alias as its sequence of words, hashed on
 *    the first word in capitals. Scanning a paragraph is then one hash probe
 *    per word, however many councils there are.
 */
#include "authority.h"

#include "normalise.h"
#include "refdata.h"
#include "tsv.h"

#include <errno.h>
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
#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Names that are also ordinary English words, capitalised at the start of a
 * sentence ("Reading the plan...", "Bury the past"). There they count only
 * when followed by Council, Borough or a possessive. Sutton, Halton and
 * Harrow are not here: as words they are surnames or rare, and a sentence
 * that starts "Sutton" in these reports means the borough. */
static const char *const common_word_keys[] = { "reading", "bury", "slough" };

/* Other places whose names start or end with a council's name or alias:
 * key is that form's norm_key(); the word before (one) or the words after
 * it that make it the other place. */
static const struct { const char *key, *before, *after; } other_places[] = {
    { "bury", NULL, "St Edmunds" },           /* a town in Suffolk */
    { "sutton", NULL, "Coldfield" },          /* part of Birmingham */
    { "newcastle", NULL, "under Lyme" },      /* a Staffordshire district */
    { "york", "New", NULL },
    { "reading", NULL, "Well" },              /* the Reading Well book scheme */
};

#define WORD_MAX 32       /* longer first words are not hashed for prose */

typedef struct key_slot {
    char *key;        /* norm_key() form; NULL = empty slot */
    int index;        /* its council */
    unsigned line;    /* where it was defined, for duplicate errors */
} key_slot;

typedef struct pattern {
    char *words;      /* as written, one space between words, '&' as "and" */
    size_t nw;        /* how many */
    int index;        /* the council */
    int next;         /* next pattern with the same first word */
    int common;       /* one word that is also an English word */
    int other;        /* index into other_places, or -1 */
} pattern;

typedef struct first_slot {
    char key[WORD_MAX];             /* a first word in capitals; "" = empty */
    int head;                       /* its patterns, longest first */
} first_slot;

struct authority_table {
    struct { char *name, *type, *region; } *entries;
    size_t n;
    key_slot *keys;
    size_t key_cap;
    pattern *pats;
    size_t n_pats, cap_pats;
    first_slot *first;
    size_t first_cap;
    int any_uncapitalised;  /* a pattern starts other than with A-Z */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a: short keys, no attacker */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* ---- words in prose ----------------------------------------------------- */

/* One code point; an invalid byte reads as U+FFFD, one byte long, so a scan
 * never stalls on bad input. */
static size_t next_cp(const char *s, size_t len, utf8proc_int32_t *cp)
{
    if ((unsigned char)*s < 0x80) {
        *cp = (unsigned char)*s;
        return 1;
    }
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)len, cp);
    if (n <= 0)
        *cp = 0xFFFD;
    return n <= 0 ? 1 : (size_t)n;
}

static int is_word_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_MC) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

typedef struct scan_tok {
    const char *s;
    size_t len;
    unsigned char hard_before;  /* punctuation a name cannot span */
    unsigned char sent_start;   /* first word of a sentence or of the text */
} scan_tok;

static int word_is(const scan_tok *t, const char *w, size_t wl);

/* Split text into words (letters and digits) and '&' signs. A name may span
 * spaces, line breaks (wrapped lines), hyphens ("Stockton-on-Tees"), commas
 * ("Bournemouth, Christchurch and Poole") and the dot of "St."; other
 * punctuation ends it, and ". ! ? :" also start a new sentence. */
static int tokenize(const char *text, size_t len, scan_tok **toks, size_t *cap,
                    size_t *n_out)
{
    size_t n = 0;
    int hard = 0, sent = 1;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        size_t k = next_cp(text + i, len - i, &cp), start = i;
        if (is_word_cp(cp) || cp == '&') {
            for (i += k; cp != '&' && i < len; i += k) {
                k = next_cp(text + i, len - i, &cp);
                if (!is_word_cp(cp))
                    break;
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
        const scan_tok *prev = n ? &(*toks)[n - 1] : NULL;
        if (cp == '.' && prev && prev->s + prev->len == text + start &&
            word_is(prev, "St", 2))
            continue;   /* "St. Helens" */
        if (cp == '.' || cp == '!' || cp == '?' || cp == ':')
            hard = sent = 1;
        else if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '-' || cp == ',' ||
                   (cp >= 0x80 && (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
                                   utf8proc_category(cp) == UTF8PROC_CATEGORY_PD))))
            hard = 1;
    }
    *n_out = n;
    return 0;
}

/* Is token t the table word w (wl bytes), as written, capitalised or in
 * capitals? Each letter may be w's own or its upper case, never the lower
 * case of a capital: "Medway" and "MEDWAY" are Medway, "medway" is not, so
 * "bury" the verb never counts. An '&' is the word "and". */
static int word_is(const scan_tok *t, const char *w, size_t wl)
{
    if (t->len == 1 && t->s[0] == '&')
        return wl == 3 && memcmp(w, "and", 3) == 0;
    size_t i = 0, j = 0;
    while (i < t->len && j < wl) {
        utf8proc_int32_t a, b;
        i += next_cp(t->s + i, t->len - i, &a);
        j += next_cp(w + j, wl - j, &b);
        if (a != b && a != utf8proc_toupper(b))
            return 0;
    }
    return i == t->len && j == wl;
}

/* Do the space-separated words of phrase stand at toks[at..], joined only
 * by what a name may span? */
static int phrase_at(const char *phrase, const scan_tok *toks, size_t ntok,
                     size_t at)
{
    for (size_t k = 0; *phrase; k++) {
        size_t wl = strcspn(phrase, " ");
        if (at + k >= ntok || (k && toks[at + k].hard_before) ||
            !word_is(&toks[at + k], phrase, wl))
            return 0;
        phrase += wl + (phrase[wl] == ' ');
    }
    return 1;
}

/* The key of a first word: its capitals, so "Medway", "MEDWAY" and the
 * table's "Medway" meet in one slot. 0 if too long to be one. */
static int first_key(const char *s, size_t len, char out[WORD_MAX])
{
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        i += next_cp(s + i, len - i, &cp);
        if (w + 4 >= WORD_MAX)
            return 0;
        w += (size_t)utf8proc_encode_char(utf8proc_toupper(cp),
                                          (utf8proc_uint8_t *)out + w);
    }
    out[w] = '\0';
    return w > 0;
}

static first_slot *first_find(const authority_table *t, const char *key)
{
    size_t mask = t->first_cap - 1;
    for (size_t i = hash_bytes(key, strlen(key)) & mask;; i = (i + 1) & mask)
        if (!t->first[i].key[0] || strcmp(t->first[i].key, key) == 0)
            return &t->first[i];
}

/* ---- building ------------------------------------------------------------- */

/* An acronym ("RBWM", "B&NES", "BCP") has no lower-case letter. In prose
 * such letters too often mean something else (BCP: a business continuity
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

/* Add form (of council idx, norm_key() key) as a prose pattern. */
static int add_pattern(authority_table *t, int idx, const char *form,
                       const char *key)
{
    scan_tok *toks = NULL;
    size_t cap = 0, nw = 0, len = strlen(form);
    if (is_acronym(form))
        return 0;
    if (tokenize(form, len, &toks, &cap, &nw) != 0)
        return -1;
    char *w = nw ? malloc(len + 3 * nw + 1) : NULL;   /* '&' grows to "and" */
    if (nw && t->n_pats == t->cap_pats && w) {
        size_t nc = t->cap_pats ? t->cap_pats * 2 : 256;
        pattern *np = realloc(t->pats, nc * sizeof *np);
        if (np) {
            t->pats = np;
            t->cap_pats = nc;
        } else {
            free(w);
            w = NULL;
        }
    }
    if (w) {
        pattern *p = &t->pats[t->n_pats++];
        memset(p, 0, sizeof *p);
        p->words = w;
        p->nw = nw;
        p->index = idx;
        p->other = -1;
        for (size_t i = 0; i < nw; i++) {
            int amp = toks[i].len == 1 && toks[i].s[0] == '&';
            memcpy(w, amp ? "and" : toks[i].s, amp ? 3 : toks[i].len);
            w += amp ? 3 : toks[i].len;
            *w++ = i + 1 < nw ? ' ' : '\0';
        }
        for (size_t i = 0; i < COUNT(common_word_keys); i++)
            p->common |= strcmp(key, common_word_keys[i]) == 0;
        for (size_t i = 0; i < COUNT(other_places); i++)
            if (strcmp(key, other_places[i].key) == 0)
                p->other = (int)i;
    }
    free(toks);
    return nw && !w ? -1 : 0;
}

/* Once every form is in, chain the patterns by first word, longest first,
 * so the first that fits at a word is the longest match there. */
static int link_patterns(authority_table *t)
{
    t->first_cap = 64;
    while (t->first_cap < 2 * t->n_pats)
        t->first_cap *= 2;
    if (!(t->first = calloc(t->first_cap, sizeof *t->first)))
        return -1;
    for (size_t p = 0; p < t->n_pats; p++) {
        char key[WORD_MAX];
        pattern *pat = &t->pats[p];
        if (!first_key(pat->words, strcspn(pat->words, " "), key))
            continue;
        t->any_uncapitalised |= !(pat->words[0] >= 'A' && pat->words[0] <= 'Z');
        first_slot *f = first_find(t, key);
        if (!f->key[0]) {
            memcpy(f->key, key, sizeof key);
            f->head = -1;
        }
        int *at = &f->head;
        while (*at >= 0 && t->pats[*at].nw >= pat->nw)
            at = &t->pats[*at].next;
        pat->next = *at;
        *at = (int)p;
    }
    return 0;
}

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
    for (size_t i = 0; t->keys && i < t->key_cap; i++)
        free(t->keys[i].key);
    for (size_t i = 0; i < t->n_pats; i++)
        free(t->pats[i].words);
    free(t->entries);
    free(t->keys);
    free(t->pats);
    free(t->first);
    free(t);
}

/* Register a name or alias of council idx. A form repeating a key the same
 * council already has ("St. Helens" beside "St Helens") adds nothing; a key
 * that already names another council is an error: lookup by it would be
 * ambiguous. */
static int add_form(authority_table *t, int idx, const tsv_field *form,
                    const char *label, unsigned line, char *err, size_t errlen)
{
    char *text = tsv_field_dup(form), *key = NULL;
    norm_status st = text ? norm_key(form->s, form->len, &key) : NORM_ERR_NOMEM;
    int rc = 0;
    if (st != NORM_OK) {
        rc = st == NORM_ERR_UTF8
                 ? tsv_error(err, errlen, label, line, "not valid UTF-8")
                 : tsv_error(err, errlen, label, 0, "out of memory");
    } else if (!*key) {
        rc = tsv_error(err, errlen, label, line, "\"%s\" has no letters", text);
    } else {
        key_slot *slot = key_find(t, key, strlen(key));
        if (slot->key && slot->index != idx) {
            rc = tsv_error(err, errlen, label, line,
                           "\"%s\" already names %s (line %u)", text,
                           t->entries[slot->index].name, slot->line);
        } else if (!slot->key) {
            slot->key = key;
            slot->index = idx;
            slot->line = line;
            if (add_pattern(t, idx, text, key) != 0)
                rc = tsv_error(err, errlen, label, 0, "out of memory");
            key = NULL;
        }
    }
    free(key);
    free(text);
    return rc;
}

static int one_of(const tsv_field *f, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tsv_field_is(f, list[i]))
            return 1;
    return 0;
}

static int parse_row(authority_table *t, const tsv_row *row, const char *label,
                     char *err, size_t errlen)
{
    unsigned line = row->line;
    const tsv_field *f = row->f;
    if (row->n != 4)
        return tsv_error(err, errlen, label, line, "expected 4 TAB-separated columns "
                         "(name, type, region, aliases), found %zu", row->n);
    if (f[0].len == 0)
        return tsv_error(err, errlen, label, line, "empty name");
    if (!one_of(&f[1], valid_types, COUNT(valid_types)))
        return tsv_error(err, errlen, label, line, "unknown type \"%.*s\" (expected "
                         "county, metropolitan borough, London borough, unitary or "
                         "sui generis)", (int)f[1].len, f[1].s);
    if (!one_of(&f[2], valid_regions, COUNT(valid_regions)))
        return tsv_error(err, errlen, label, line, "unknown region \"%.*s\" (expected "
                         "one of the nine English regions, e.g. \"North East\", "
                         "\"Yorkshire and the Humber\")", (int)f[2].len, f[2].s);
    int idx = (int)t->n++;   /* counted now, so that free() frees it */
    t->entries[idx].name = tsv_field_dup(&f[0]);
    t->entries[idx].type = tsv_field_dup(&f[1]);
    t->entries[idx].region = tsv_field_dup(&f[2]);
    if (!t->entries[idx].name || !t->entries[idx].type || !t->entries[idx].region)
        return tsv_error(err, errlen, label, 0, "out of memory");
    if (add_form(t, idx, &f[0], label, line, err, errlen) != 0)
        return -1;
    tsv_field parts[64];
    size_t np = tsv_split(&f[3], ';', parts, COUNT(parts));
    if (np > COUNT(parts))
        return tsv_error(err, errlen, label, line, "more than 64 aliases");
    for (size_t i = 0; i < np; i++)
        if (add_form(t, idx, &parts[i], label, line, err, errlen) != 0)
            return -1;
    return 0;
}

int authority_table_parse(const char *text, size_t len, const char *label,
                          authority_table **out, char *err, size_t errlen)
{
    static const char header[] = "\"name<TAB>type<TAB>region<TAB>aliases\"";
    *out = NULL;
    if (!label)
        label = "authorities.tsv";
    /* At most one council a line, and no more keys than lines plus ';'. */
    size_t lines = 1, keys = 1;
    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
        keys += text[i] == '\n' || text[i] == ';';
    }
    authority_table *t = calloc(1, sizeof *t);
    if (!t)
        return tsv_error(err, errlen, label, 0, "out of memory");
    t->key_cap = 64;
    while (t->key_cap < 4 * keys)   /* so the hash is at most half full */
        t->key_cap *= 2;
    t->entries = calloc(lines, sizeof *t->entries);
    t->keys = calloc(t->key_cap, sizeof *t->keys);
    int got, seen_header = 0, rc = 0;
    if (!t->entries || !t->keys)
        rc = tsv_error(err, errlen, label, 0, "out of memory");
    tsv_reader rd;
    tsv_row row;
    tsv_init(&rd, text, len);
    while (rc == 0 && (got = tsv_next(&rd, &row)) != 0) {
        if (got < 0)
            rc = tsv_error(err, errlen, label, row.line,
                           "too many TAB-separated columns");
        else if (seen_header)
            rc = parse_row(t, &row, label, err, errlen);
        else if (row.n == 4 && tsv_field_is(&row.f[0], "name") &&
                 tsv_field_is(&row.f[1], "type") && tsv_field_is(&row.f[2], "region") &&
                 tsv_field_is(&row.f[3], "aliases"))
            seen_header = 1;
        else
            rc = tsv_error(err, errlen, label, row.line, "expected the header line %s",
                           header);
    }
    if (rc == 0 && !seen_header)
        rc = tsv_error(err, errlen, label, 1, "no header line %s", header);
    if (rc == 0 && t->n == 0)
        rc = tsv_error(err, errlen, label, 0, "no councils listed");
    if (rc == 0 && link_patterns(t) != 0)
        rc = tsv_error(err, errlen, label, 0, "out of memory");
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
    char *text;
    size_t len;
    *out = NULL;
    if (refdata_read_file(path, &text, &len) != 0)
        return tsv_error(err, errlen, path, 0, "%s", strerror(errno));
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

/* key is in norm_key() form. The name as given wins (so "City of London"
 * stays itself); then with one prefix, one suffix, or both taken off; a
 * leading "the" is always dropped. */
static int lookup_key(const authority_table *t, const char *key)
{
    if (strncmp(key, "the ", 4) == 0)
        key += 4;
    size_t len = strlen(key);
    for (size_t p = 0; p <= COUNT(name_prefixes); p++) {
        const char *k = key;
        size_t pl = p < COUNT(name_prefixes) ? strlen(name_prefixes[p]) : 0;
        if (pl && (len <= pl || strncmp(k, name_prefixes[p], pl) != 0))
            continue;
        k += pl;
        for (size_t s = 0; s <= COUNT(name_suffixes); s++) {
            size_t n = len - pl;
            size_t sl = s < COUNT(name_suffixes) ? strlen(name_suffixes[s]) : 0;
            if (sl && (n <= sl || strncmp(k + n - sl, name_suffixes[s], sl) != 0))
                continue;
            const key_slot *slot = key_find(t, k, n - sl);
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
    scan_tok *toks;      /* reused from call to call */
    size_t cap;
};

authority_tally *authority_tally_new(const authority_table *t)
{
    authority_tally *y = calloc(1, sizeof *y);
    if (!y || !t)
        return y;
    y->t = t;
    y->mentions = calloc(t->n + 1, sizeof *y->mentions);
    y->score = calloc(t->n + 1, sizeof *y->score);
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

/* Is pattern p at toks[i..] (already matched) really the council here? */
static int mention_counts(const pattern *p, const scan_tok *toks, size_t ntok,
                          size_t i)
{
    size_t end = i + p->nw;
    if (p->other >= 0) {
        const char *before = other_places[p->other].before;
        const char *after = other_places[p->other].after;
        if (before && i > 0 && !toks[i].hard_before &&
            phrase_at(before, toks, ntok, i - 1))
            return 0;
        if (after && end < ntok && !toks[end].hard_before &&
            phrase_at(after, toks, ntok, end))
            return 0;
    }
    if (!p->common || !toks[i].sent_start)
        return 1;
    if (end >= ntok)
        return 0;
    /* A common word opening a sentence: only "Reading Council", "Bury
     * Borough", "Slough's". */
    const scan_tok *nx = &toks[end];
    const char *gap = toks[end - 1].s + toks[end - 1].len;
    size_t glen = (size_t)(nx->s - gap);
    if (!nx->hard_before && (word_is(nx, "Council", 7) || word_is(nx, "Borough", 7)))
        return 1;
    return word_is(nx, "s", 1) &&
           ((glen == 1 && gap[0] == '\'') ||
            (glen == 3 && memcmp(gap, "\xe2\x80\x99", 3) == 0));
}

int authority_tally_add(authority_tally *y, const char *text, size_t len,
                        unsigned weight)
{
    if (!y || !y->t || !text)
        return 0;
    const authority_table *t = y->t;
    const scan_tok *toks;
    size_t ntok;
    if (tokenize(text, len, &y->toks, &y->cap, &ntok) != 0)
        return -1;
    toks = y->toks;
    /* Leftmost first; at each word the longest pattern that fits wins, and
     * the words it covers are not looked at again. */
    for (size_t i = 0; i < ntok;) {
        char key[WORD_MAX];
        unsigned char c0 = (unsigned char)toks[i].s[0];
        if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z') && !t->any_uncapitalised) {
            i++;   /* most words: they cannot start a council's name */
            continue;
        }
        const first_slot *f =
            first_key(toks[i].s, toks[i].len, key) ? first_find(t, key) : NULL;
        size_t step = 1;
        for (int p = f && f->key[0] ? f->head : -1; p >= 0; p = t->pats[p].next) {
            const pattern *pat = &t->pats[p];
            if (!phrase_at(pat->words, toks, ntok, i))
                continue;
            if (mention_counts(pat, toks, ntok, i)) {
                y->mentions[pat->index]++;
                y->score[pat->index] += weight;
                step = pat->nw;
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

/* "once", "twice", "5 times"; with " (score 19)" when headings or a title
 * made the score more than the count. */
static void describe(const authority_candidate *c, char *buf, size_t len)
{
    char n[24];
    snprintf(n, sizeof n, "%u times", c->mentions);
    snprintf(buf, len, "%s",
             c->mentions == 1 ? "once" : c->mentions == 2 ? "twice" : n);
    if (c->score != c->mentions)
        snprintf(buf + strlen(buf), len - strlen(buf), " (score %u)", c->score);
}

void authority_decide(const authority_tally *y, authority_decision *out)
{
    memset(out, 0, sizeof *out);
    out->index = -1;
    const authority_table *t = y ? y->t : NULL;
    for (size_t i = 0; t && i < t->n; i++) {   /* keep the best few, in order */
        authority_candidate c = { (int)i, y->mentions[i], y->score[i] };
        size_t at = out->n_candidates;
        while (at > 0 && ranks_before(t, &c, &out->candidates[at - 1]))
            at--;
        if (!c.score || at >= AUTHORITY_MAX_CANDIDATES)
            continue;
        if (out->n_candidates < AUTHORITY_MAX_CANDIDATES)
            out->n_candidates++;
        memmove(&out->candidates[at + 1], &out->candidates[at],
                (out->n_candidates - 1 - at) * sizeof c);
        out->candidates[at] = c;
    }
    if (out->n_candidates == 0) {
        snprintf(out->reason, sizeof out->reason, "no council named in the text");
        return;
    }
    const authority_candidate *best = &out->candidates[0];
    const authority_candidate *next =
        out->n_candidates > 1 ? &out->candidates[1] : NULL;
    const char *bn = t->entries[best->index].name;
    const char *nn = next ? t->entries[next->index].name : "";
    char b[48], n[48] = "";
    describe(best, b, sizeof b);
    if (next)
        describe(next, n, sizeof n);
    if (best->score >= 2 && best->score >= 2 * (next ? next->score : 0)) {
        out->index = best->index;
        if (next)
            snprintf(out->reason, sizeof out->reason,
                     "named %s in the text; next: %s, %s", b, nn, n);
        else
            snprintf(out->reason, sizeof out->reason,
                     "named %s in the text; no other council named", b);
    } else if (best->score < 2) {
        snprintf(out->reason, sizeof out->reason,
                 "too few mentions to decide: %s named %s%s%s%s%s", bn, b,
                 next ? "; " : "", nn, next ? " " : "", n);
    } else {
        snprintf(out->reason, sizeof out->reason, "no clear council: %s named %s, "
                 "%s %s (the first needs twice the score of the next)", bn, b, nn, n);
    }
}
