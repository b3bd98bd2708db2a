/*
 * section.c: CQC's nine quality statements and four themes (see section.h).
 *
 * Names are compared in norm_key() form (case, accents, punctuation and
 * "&"/"and" already gone). A string names a statement when its key equals
 * the canonical key or a known variant, or when it has the same words in
 * another order (a "bag" of words, "and" ignored, a final plural 's'
 * ignored): documents write "Safe systems, pathways and transitions" and
 * "Equity in experiences and outcomes" as often as CQC's own wording.
 *
 * Everything here is constant tables and per-call work: no state.
 */
#include "section.h"

#include <stdlib.h>
#include <string.h>

#include "normalise.h"

/* One name a statement or theme goes by, as a norm_key() form. */
#define SECTION_MAX_VARIANTS 8

typedef struct section_def {
    const char *name;   /* canonical, as displayed */
    const char *key;    /* short stable key for index terms */
    int theme;
    /* norm_key() forms accepted besides the canonical name's own key;
     * NULL-terminated */
    const char *variants[SECTION_MAX_VARIANTS];
} section_def;

/* CQC's order (the order of its reports); the keys are part of the index
 * format (schema.h): never change one without a new index version. */
static const section_def section_table[SECTION_COUNT] = {
    {"Assessing needs", "assessing-needs", 0,
     {"assessing people s needs", "assessing peoples needs", NULL}},
    {"Supporting people to lead healthier lives", "healthier-lives", 0,
     {"supporting people to live healthier lives",
      "supporting people to lead healthy lives",
      "supporting people to live healthy lives", NULL}},
    {"Equity in experience and outcomes", "equity", 0,
     {"equity in experiences and outcomes", NULL}},
    {"Care provision, integration and continuity", "care-provision", 1,
     {"care provision integration and continuity of care", NULL}},
    {"Partnerships and communities", "partnerships", 1, {NULL}},
    {"Safe pathways, systems and transitions", "safe-pathways", 2,
     {"safe systems pathways and transitions", NULL}},
    {"Safeguarding", "safeguarding", 2, {NULL}},
    {"Governance, management and sustainability", "governance", 3, {NULL}},
    {"Learning, improvement and innovation", "learning", 3, {NULL}},
};

/* The themes, with the longer titles CQC's framework and councils' own
 * documents use for them ("How the local authority ensures safety within
 * the system"). */
static const section_def theme_table[THEME_COUNT] = {
    {"Working with people", "working-with-people", 0,
     {"how the local authority works with people",
      "how local authorities work with people",
      "how we work with people", NULL}},
    {"Providing support", "providing-support", 1,
     {"how the local authority provides support",
      "how local authorities provide support",
      "how we provide support", NULL}},
    {"Ensuring safety", "ensuring-safety", 2,
     {"ensuring safety within the system",
      "ensuring safety in the system",
      "how the local authority ensures safety within the system",
      "how local authorities ensure safety within the system",
      "how the local authority ensures safety in the system",
      "how local authorities ensure safety in the system",
      "how we keep people safe", NULL}},
    {"Leadership", "leadership", 3,
     {"how the local authority is led", "how we lead", "how we led", "how we are led",
      NULL}},
};

const char *section_name(int s)
{
    return s >= 0 && s < SECTION_COUNT ? section_table[s].name : "";
}

int section_theme(int s)
{
    return s >= 0 && s < SECTION_COUNT ? section_table[s].theme : -1;
}

const char *theme_name(int t)
{
    return t >= 0 && t < THEME_COUNT ? theme_table[t].name : "";
}

const char *section_key(int s)
{
    return s >= 0 && s < SECTION_COUNT ? section_table[s].key : "";
}

const char *theme_key(int t)
{
    return t >= 0 && t < THEME_COUNT ? theme_table[t].key : "";
}

/* ---- words ---------------------------------------------------------------- */

/* Enough for any statement name and then some: a string with more words is
 * not a statement name. */
#define SECTION_MAX_WORDS 16

typedef struct section_words {
    const char *w[SECTION_MAX_WORDS];
    size_t len[SECTION_MAX_WORDS];
    size_t n;
    int overflow;   /* more words than fit: cannot be a name */
} section_words;

/* Split a key (words separated by single spaces) into words, pointing into
 * it. */
static void section_split(const char *key, section_words *out)
{
    out->n = 0;
    out->overflow = 0;
    const char *p = key;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        if (out->n == SECTION_MAX_WORDS) {
            out->overflow = 1;
            return;
        }
        out->w[out->n] = start;
        out->len[out->n] = (size_t)(p - start);
        out->n++;
    }
}

/* A word without a final plural ("experiences" -> "experience",
 * "communities" -> "community"), into buf; "ss" endings and short words are
 * left alone. Returns the stem's length. */
#define SECTION_STEM_MAX 48
static size_t section_stem(const char *w, size_t len, char *buf)
{
    if (len >= SECTION_STEM_MAX)
        len = SECTION_STEM_MAX - 1;
    memcpy(buf, w, len);
    if (len > 4 && memcmp(w + len - 3, "ies", 3) == 0) {
        buf[len - 3] = 'y';
        return len - 2;
    }
    if (len > 3 && w[len - 1] == 's' && w[len - 2] != 's')
        return len - 1;
    return len;
}

static int section_word_eq(const char *a, size_t la, const char *b, size_t lb)
{
    char sa[SECTION_STEM_MAX], sb[SECTION_STEM_MAX];
    size_t na = section_stem(a, la, sa), nb = section_stem(b, lb, sb);
    return na == nb && memcmp(sa, sb, na) == 0;
}

static int section_word_is_and(const char *w, size_t len)
{
    return len == 3 && memcmp(w, "and", 3) == 0;
}

/* 1 if a and b hold the same words, in any order, ignoring "and" and plural
 * 's'. Quadratic, but names have a handful of words. */
static int section_same_bag(const section_words *a, const section_words *b)
{
    if (a->overflow || b->overflow)
        return 0;
    int used[SECTION_MAX_WORDS] = {0};
    size_t na = 0, nb = 0;
    for (size_t j = 0; j < b->n; j++)
        if (!section_word_is_and(b->w[j], b->len[j]))
            nb++;
    for (size_t i = 0; i < a->n; i++) {
        if (section_word_is_and(a->w[i], a->len[i]))
            continue;
        na++;
        int found = 0;
        for (size_t j = 0; j < b->n && !found; j++) {
            if (used[j] || section_word_is_and(b->w[j], b->len[j]))
                continue;
            if (section_word_eq(a->w[i], a->len[i], b->w[j], b->len[j])) {
                used[j] = 1;
                found = 1;
            }
        }
        if (!found)
            return 0;
    }
    return na == nb;
}

/* The norm_key() form of a canonical name, in buf (names are ASCII, so this
 * is lower case with punctuation runs turned into one space). */
static void section_ascii_key(const char *name, char *buf, size_t size)
{
    size_t w = 0;
    int space = 0;
    for (const char *p = name; *p && w + 5 < size; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (space && w)
                buf[w++] = ' ';
            space = 0;
            buf[w++] = c;
        } else {
            space = 1;
        }
    }
    buf[w] = '\0';
}

#define SECTION_KEYBUF 96

/* Which entry of table (n entries) the key names exactly (canonical name or
 * variant, or the same bag of words); -1 if none. */
static int section_match_key(const section_def *table, int n, const char *key)
{
    section_words kw;
    section_split(key, &kw);
    if (kw.n == 0)
        return -1;
    char buf[SECTION_KEYBUF];
    for (int pass = 0; pass < 2; pass++) {
        for (int s = 0; s < n; s++) {
            section_ascii_key(table[s].name, buf, sizeof buf);
            const char *names[SECTION_MAX_VARIANTS + 1];
            size_t nn = 0;
            names[nn++] = buf;
            for (size_t v = 0; v < SECTION_MAX_VARIANTS && table[s].variants[v]; v++)
                names[nn++] = table[s].variants[v];
            for (size_t i = 0; i < nn; i++) {
                if (pass == 0) {
                    /* exact forms first, so a bag never beats a name */
                    if (strcmp(names[i], key) == 0)
                        return s;
                } else {
                    section_words nw;
                    section_split(names[i], &nw);
                    if (section_same_bag(&kw, &nw))
                        return s;
                }
            }
        }
    }
    return -1;
}

static int section_match_in(const section_def *table, int n, const char *text,
                            size_t len)
{
    if (!text)
        return -1;
    char *key = NULL;
    if (norm_key(text, len, &key) != NORM_OK)
        return -1;
    int s = section_match_key(table, n, key);
    free(key);
    return s;
}

int section_match(const char *text, size_t len)
{
    return section_match_in(section_table, SECTION_COUNT, text, len);
}

int theme_match(const char *text, size_t len)
{
    return section_match_in(theme_table, THEME_COUNT, text, len);
}

/* ---- lookup for query fields --------------------------------------------- */

/* 1 if the words of v are prefixes of consecutive words of name, starting
 * at name's word `from`. */
static int section_prefix_at(const section_words *v, const section_words *name,
                             size_t from)
{
    if (from + v->n > name->n)
        return 0;
    for (size_t i = 0; i < v->n; i++) {
        if (v->len[i] > name->len[from + i] ||
            memcmp(v->w[i], name->w[from + i], v->len[i]) != 0)
            return 0;
    }
    return 1;
}

/* Which entries the words of v abbreviate. Tier 1: prefixes of a name's
 * words from its first word ("safeguard", "care prov"). Tier 2, only when
 * tier 1 finds nothing: from any word ("communities", "innovation"), so a
 * user can name a statement by the word they remember. Returns the entry,
 * -1 none, -2 more than one. */
static int section_prefix_lookup(const section_def *table, int n,
                                 const section_words *v)
{
    char buf[SECTION_KEYBUF];
    for (int tier = 1; tier <= 2; tier++) {
        int found = -1;
        for (int s = 0; s < n; s++) {
            section_ascii_key(table[s].name, buf, sizeof buf);
            const char *names[SECTION_MAX_VARIANTS + 1];
            size_t nn = 0;
            names[nn++] = buf;
            for (size_t k = 0; k < SECTION_MAX_VARIANTS && table[s].variants[k]; k++)
                names[nn++] = table[s].variants[k];
            int hit = 0;
            for (size_t i = 0; i < nn && !hit; i++) {
                section_words nw;
                section_split(names[i], &nw);
                size_t last = tier == 1 ? 0 : nw.n;
                for (size_t from = 0; from <= last && from < nw.n && !hit; from++)
                    hit = section_prefix_at(v, &nw, from);
            }
            if (hit) {
                if (found >= 0 && found != s)
                    return -2;
                found = s;
            }
        }
        if (found >= 0)
            return found;
    }
    return -1;
}

static int section_lookup_in(const section_def *table, int n, const char *value)
{
    if (!value)
        return -1;
    char *key = NULL;
    if (norm_key(value, strlen(value), &key) != NORM_OK)
        return -1;
    int r = -1;
    if (key[0] != '\0') {
        r = section_match_key(table, n, key);
        if (r < 0) {
            /* the stable key ("safe-pathways") arrives here as
             * "safe pathways": compare it in that form */
            char kbuf[SECTION_KEYBUF];
            for (int s = 0; s < n && r < 0; s++) {
                section_ascii_key(table[s].key, kbuf, sizeof kbuf);
                if (strcmp(kbuf, key) == 0)
                    r = s;
            }
        }
        if (r < 0) {
            section_words v;
            section_split(key, &v);
            if (!v.overflow)
                r = section_prefix_lookup(table, n, &v);
        }
    }
    free(key);
    return r;
}

int section_lookup(const char *value)
{
    return section_lookup_in(section_table, SECTION_COUNT, value);
}

int theme_lookup(const char *value)
{
    return section_lookup_in(theme_table, THEME_COUNT, value);
}
