/*
 * authority.c: the council table and name lookup (contract in authority.h);
 * the words of prose are authority_words.c's and the mention tally
 * authority_tally.c's.
 *
 * Two indexes are built when the table is parsed:
 *  - a hash of every name and alias in norm_key() form, for lookup;
 *  - prose patterns: each name or alias as its sequence of words, hashed on
 *    the first word in capitals. Scanning a paragraph is then one hash probe
 *    per word, however many councils there are.
 */
#include "authority_internal.h"

#include "normalise.h"
#include "path.h"
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

/* Names that are also ordinary English words, capitalised at the start of a
 * sentence ("Reading the plan...", "Bury the past"). There they count only
 * when followed by Council, Borough or a possessive. Sutton, Halton and
 * Harrow are not here: as words they are surnames or rare, and a sentence
 * that starts "Sutton" in these reports means the borough. */
static const char *const common_word_keys[] = { "reading", "bury", "slough" };

/* Other places whose names start or end with a council's name or alias:
 * key is that form's norm_key(); the word before (one) or the words after
 * it that make it the other place. */
const authority_other_place authority_other_places[] = {
    { "bury", NULL, "St Edmunds" },           /* a town in Suffolk */
    { "sutton", NULL, "Coldfield" },          /* part of Birmingham */
    { "newcastle", NULL, "under Lyme" },      /* a Staffordshire district */
    { "york", "New", NULL },
    { "reading", NULL, "Well" },              /* the Reading Well book scheme */
};
const size_t authority_n_other_places = COUNT(authority_other_places);


/* ---- building ------------------------------------------------------------- */

/* An acronym ("RBWM", "B&NES", "BCP") has no lower-case letter. In prose
 * such letters too often mean something else (BCP: a business continuity
 * plan), so acronyms serve lookup only. */
static int is_acronym(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        utf8proc_int32_t cp;
        i += authority_next_cp(s + i, n - i, &cp);
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
    if (authority_tokenize(form, len, &toks, &cap, &nw) != 0)
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
        for (size_t i = 0; i < authority_n_other_places; i++)
            if (strcmp(key, authority_other_places[i].key) == 0)
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
        if (!authority_first_key(pat->words, strcspn(pat->words, " "), key))
            continue;
        t->any_uncapitalised |= !(pat->words[0] >= 'A' && pat->words[0] <= 'Z');
        first_slot *f = authority_first_find(t, key);
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
    for (size_t i = authority_hash(key, n) & mask;; i = (i + 1) & mask) {
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
    if (path_read_file(path, &text, &len) != 0)
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
    if (!t || !name)
        return -1;
    norm_status st = norm_key(name, len, &key);
    if (st != NORM_OK)
        return st == NORM_ERR_NOMEM ? AUTHORITY_NOMEM : -1;
    int i = *key ? lookup_key(t, key) : -1;
    free(key);
    return i;
}

int authority_from_title(const authority_table *t, const char *line, size_t len)
{
    static const char tail[] = " local authority assessment";
    static const char head[] = "local authority assessment ";
    char *key;
    if (!t || !line)
        return -1;
    norm_status st = norm_key(line, len, &key);
    if (st != NORM_OK)
        return st == NORM_ERR_NOMEM ? AUTHORITY_NOMEM : -1;
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

first_slot *authority_first_find(const authority_table *t, const char *key)
{
    size_t mask = t->first_cap - 1;
    for (size_t i = authority_hash(key, strlen(key)) & mask;; i = (i + 1) & mask)
        if (!t->first[i].key[0] || strcmp(t->first[i].key, key) == 0)
            return &t->first[i];
}
