/*
 * qbuild_variants.c: the other ways people write a word or phrase, so a
 * query finds the text however it was written (see qbuild_internal.h):
 *
 *  - British and American spellings, both ways, by rule (the table below),
 *    not by a list of words: -isation/-ization, -ise/-ize, -yse/-yze,
 *    -our/-or, -tre/-ter, -ogramme/-ogram, -lled/-led, -ogue/-og, ...;
 *  - compounds: a two-word phrase or hyphenated word ("person-centred" is
 *    already the phrase "person centred", as the index splits on hyphens)
 *    also as one closed word ("personcentred"), and a closed word as two
 *    ("healthcare": "health care") where the index has that phrase;
 *  - fiscal years: 2023/24, 2023-24, 2023/2024, 2023-2024 and
 *    "2023 to 2024" are one year.
 *
 * Rules make candidates blindly ("four" could become "for"); what keeps a
 * candidate is the index: it is used only when its term occurs there, so
 * a query never grows by words no paragraph has, and a rule can be broad.
 * Rules that could turn one common word into another are narrowed by how
 * many letters must come before the part they change.
 */
#include "qbuild_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Forms a word or phrase may gain at most: each adds a subquery. */
#define MAX_VARIANTS 8
/* Respellings of one word, before the index is asked. */
#define MAX_RESPELL 8
/* Spaced forms of one closed word, and the phrases looked for to find
 * them (each a small search: a query of long words must stay cheap). */
#define MAX_SPLITS 2
#define MAX_SPLIT_TRIES 4
/* The halves of a closed word are words of at least this many letters,
 * so "into" never becomes "in to", nor "therapist" "the rapist". */
#define MIN_HALF 4

/* ------------------------------------------------------ respelling -- */

enum {
    RS_NOT_AFTER_O = 1,  /* not after 'o': "poor" is not "pour" */
    RS_AFTER_VOWEL = 2   /* only after a vowel: "travelled", "enrolment" */
};

/* One difference between British and American spelling: uk and us are
 * the parts that differ; endings what may follow them ('|' between, an
 * empty one for the end of the word), or NULL for a difference at the
 * start of a word; min_before the letters the word needs before it. */
typedef struct respell_rule {
    const char *uk, *us, *endings;
    unsigned min_before, flags;
} respell_rule;

static const respell_rule rules[] = {
    /* organisation, organise(d|s|r), recognising, prioritise */
    {"is", "iz", "ation|ations|ational|e|es|ed|ing|er|ers", 3, 0},
    /* analyse, paralysed, analysing */
    {"ys", "yz", "e|es|ed|ing|er|ers", 2, 0},
    /* behaviour(s|al), colour(ed|ful), favourite, neighbourhood, honourable */
    {"our", "or", "|s|ed|ing|al|ally|ite|ites|able|ably|ful|less|hood|hoods|ist|ists"
                  "|ism|er|ers|ly", 2, RS_NOT_AFTER_O},
    /* centre(s), centred, centring, metre, fibre */
    {"tre", "ter", "|s", 2, 0},
    {"tred", "tered", "", 2, 0},
    {"tring", "tering", "", 2, 0},
    {"bre", "ber", "|s", 2, 0},
    /* programme(s) */
    {"ogramme", "ogram", "|s", 1, 0},
    /* travelled, counsellor, modelling, cancelled */
    {"ll", "l", "ed|ing|er|ers|or|ors", 4, RS_AFTER_VOWEL},
    /* enrolment, fulfilment, instalment */
    {"lment", "llment", "|s", 3, RS_AFTER_VOWEL},
    /* licence, defence, offence, pretence */
    {"cence", "cense", "|s", 2, 0},
    {"fence", "fense", "|s", 1, 0},
    /* catalogue, dialogue, analogue */
    {"ogue", "og", "|s", 2, 0},
    /* judgement, acknowledgement */
    {"dgement", "dgment", "|s", 2, 0},
    /* practise (the verb), practised, practising */
    {"practis", "practic", "e|es|ed|ing", 0, 0},
    /* diarrhoea, orthopaedic, grey */
    {"hoea", "hea", "|s", 3, 0},
    {"opaed", "oped", "ic|ics|ist|ists", 3, 0},
    {"grey", "gray", "|s|er|est|ish", 0, 0},
    /* at the start: paediatric, haematology, anaesthetic, oedema,
     * oesophagus, oestrogen, gynaecology, sceptical */
    {"paed", "ped", NULL, 0, 0},
    {"haem", "hem", NULL, 0, 0},
    {"anaes", "anes", NULL, 0, 0},
    {"oed", "ed", NULL, 0, 0},
    {"oes", "es", NULL, 0, 0},
    {"gynaec", "gynec", NULL, 0, 0},
    {"scep", "skep", NULL, 0, 0},
};

static int is_vowel(char ch)
{
    return ch && strchr("aeiou", ch) != NULL;
}

static int all_letters(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < 'a' || *s > 'z')
            return 0;
    return 1;
}

/* Store head[0..hlen) + mid + tail as a candidate unless out is full or
 * already has it; returns the new count. */
static size_t add_candidate(char **out, size_t n, size_t max, const char *head,
                            size_t hlen, const char *mid, const char *tail)
{
    size_t ml = strlen(mid), tl = strlen(tail);
    char *s = n < max ? malloc(hlen + ml + tl + 1) : NULL;
    if (!s)
        return n;
    memcpy(s, head, hlen);
    memcpy(s + hlen, mid, ml);
    memcpy(s + hlen + ml, tail, tl + 1);
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i], s) == 0) {
            free(s);
            return n;
        }
    out[n] = s;
    return n + 1;
}

/* Whether word ends with from + ending, leaving a stem the rule allows;
 * *stem gets the stem's length. */
static int rule_fits(const respell_rule *r, const char *word, const char *from,
                     const char *ending, size_t elen, size_t *stem)
{
    size_t wl = strlen(word), fl = strlen(from);
    if (wl < fl + elen || strncmp(word + wl - elen, ending, elen) != 0 ||
        strncmp(word + wl - elen - fl, from, fl) != 0)
        return 0;
    *stem = wl - elen - fl;
    if (*stem < r->min_before)
        return 0;
    char before = *stem ? word[*stem - 1] : '\0';
    if ((r->flags & RS_NOT_AFTER_O) && before == 'o')
        return 0;
    return !(r->flags & RS_AFTER_VOWEL) || is_vowel(before);
}

/* Apply rule r from one spelling to the other. */
static size_t apply_rule(const respell_rule *r, const char *from, const char *to,
                         const char *word, char **out, size_t n, size_t max)
{
    size_t fl = strlen(from);
    if (!r->endings) {
        /* A difference at the start, with a word left after it. */
        if (strncmp(word, from, fl) == 0 && strlen(word) >= fl + 2)
            n = add_candidate(out, n, max, "", 0, to, word + fl);
        return n;
    }
    for (const char *e = r->endings;; e++) {
        size_t elen = strcspn(e, "|"), stem;
        if (rule_fits(r, word, from, e, elen, &stem))
            n = add_candidate(out, n, max, word, stem, to, word + strlen(word) - elen);
        e += elen;
        if (!*e)
            break;
    }
    return n;
}

size_t qb_respell(const char *word, char **out, size_t max)
{
    size_t n = 0;
    if (!all_letters(word))
        return 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        n = apply_rule(&rules[i], rules[i].uk, rules[i].us, word, out, n, max);
        n = apply_rule(&rules[i], rules[i].us, rules[i].uk, word, out, n, max);
    }
    return n;
}

/* ----------------------------------------------------- the index -- */

/* 1 if the index has term. */
static int term_exists(qb_ctx *c, const char *term)
{
    uint32_t freq = 0;
    return shim_db_termfreq(c->env->db, term, &freq) == SHIM_OK && freq > 0;
}

/* 1 if every term of t is in the index. */
static int terms_exist(qb_ctx *c, const qb_terms *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (!term_exists(c, t->v[i]))
            return 0;
    return t->n > 0;
}

/* 1 if some paragraph has the terms of t adjacent, in order: a closed
 * word's halves both occur in the index far more often than as a phrase
 * ("under", "standing"), and only a phrase that occurs is worth a form. */
static int phrase_occurs(qb_ctx *c, const qb_terms *t)
{
    shim_query *subs[2] = {NULL, NULL}, *q = NULL;
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    int found = 0;
    if (t->n != 2 || shim_query_term(t->v[0], 1, 1, &subs[0]) != SHIM_OK ||
        shim_query_term(t->v[1], 1, 2, &subs[1]) != SHIM_OK)
        goto done;
    if (shim_query_combine(SHIM_OP_PHRASE, subs, 2, 0, &q) == SHIM_OK &&
        shim_enquire_new(c->env->db, &enq) == SHIM_OK &&
        shim_enquire_set_query(enq, q) == SHIM_OK &&
        shim_enquire_run(enq, 0, 1, 1, &ms) == SHIM_OK)
        found = shim_mset_size(ms) > 0;
done:
    shim_query_free(subs[0]);
    shim_query_free(subs[1]);
    shim_query_free(q);
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return found;
}

/* ----------------------------------------------------- the forms -- */

void qb_variants_clear(qb_variants *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->v[i].label);
        qb_terms_clear(&v->v[i].terms);
    }
    free(v->v);
    v->v = NULL;
    v->n = 0;
}

/* Add the form label (analysed like a query word: stems) unless it is
 * typed, another variant, or has a term the index lacks. 0 or -1. */
static int add_form(qb_ctx *c, const qb_terms *typed, const char *label, qb_variants *out)
{
    if (out->n >= MAX_VARIANTS)
        return 0;
    qb_terms t;
    if (qb_analyse(c, label, 0, 0, "", &t, NULL) != 0)
        return -1;
    int keep = t.n > 0 && !qb_terms_equal(&t, typed) && terms_exist(c, &t);
    for (size_t i = 0; keep && i < out->n; i++)
        keep = !qb_terms_equal(&t, &out->v[i].terms);
    /* Its terms count against the request's budget, like any expansion's;
     * a variant is an extra, so one the budget cannot pay for is left out
     * rather than failing the query the user typed. */
    keep = keep && shim_budget_take(t.n) == SHIM_OK;
    qb_variant *v = keep ? realloc(out->v, (out->n + 1) * sizeof *v) : NULL;
    if (keep && v) {
        out->v = v;
        v[out->n].terms = t;
        if ((v[out->n].label = strdup(label))) {
            out->n++;
            return 0;
        }
    }
    qb_terms_clear(&t);
    return keep ? qb_nomem(c) : 0;
}

/* The words of raw joined by spaces, word i replaced by with (NULL: none).
 * malloc()ed, or NULL. */
static char *join_words(const qb_terms *raw, size_t i, const char *with)
{
    size_t len = 1;
    for (size_t k = 0; k < raw->n; k++)
        len += strlen(k == i && with ? with : raw->v[k]) + 1;
    char *s = malloc(len), *p = s;
    for (size_t k = 0; s && k < raw->n; k++) {
        const char *w = k == i && with ? with : raw->v[k];
        if (k)
            *p++ = ' ';
        memcpy(p, w, strlen(w));
        p += strlen(w);
    }
    if (s)
        *p = '\0';
    return s;
}

/* Each word respelt, one at a time. */
static int spellings(qb_ctx *c, const qb_terms *raw, const qb_terms *typed,
                     qb_variants *out)
{
    for (size_t i = 0; i < raw->n && !c->failed; i++) {
        char *cand[MAX_RESPELL];
        size_t n = qb_respell(raw->v[i], cand, MAX_RESPELL);
        for (size_t k = 0; k < n; k++) {
            char *label = c->failed ? NULL : join_words(raw, i, cand[k]);
            if (!label && !c->failed)
                qb_nomem(c);
            if (label)
                add_form(c, typed, label, out);
            free(label);
            free(cand[k]);
        }
    }
    return c->failed ? -1 : 0;
}

/* "person centred" (or "person-centred", the same tokens), and each
 * respelling found, as one closed word. */
static int closed_forms(qb_ctx *c, const qb_terms *raw, const qb_terms *typed,
                        qb_variants *out)
{
    if (raw->n != 2 || !all_letters(raw->v[0]) || !all_letters(raw->v[1]))
        return 0;
    size_t forms = out->n;   /* the respellings so far, then the typed words */
    for (size_t f = 0; f <= forms && !c->failed; f++) {
        const char *words = f < forms ? out->v[f].label : NULL;
        char *closed = words ? strdup(words) : join_words(raw, raw->n, NULL);
        if (!closed) {
            qb_nomem(c);
            break;
        }
        char *sp = strchr(closed, ' ');
        if (sp && !strchr(sp + 1, ' ')) {
            memmove(sp, sp + 1, strlen(sp));
            add_form(c, typed, closed, out);
        }
        free(closed);
    }
    return c->failed ? -1 : 0;
}

/* A closed word as two ("healthcare": "health care"), where the index has
 * both halves as words and the two as a phrase. */
static int spaced_forms(qb_ctx *c, const qb_terms *raw, const qb_terms *typed,
                        qb_variants *out)
{
    const char *w = raw->n == 1 ? raw->v[0] : "";
    size_t len = strlen(w), found = 0, tries = 0;
    if (!all_letters(w) || len < 2 * MIN_HALF)
        return 0;
    char *two = malloc(len + 2);
    if (!two)
        return qb_nomem(c);
    for (size_t k = MIN_HALF; k + MIN_HALF <= len && found < MAX_SPLITS &&
                              tries < MAX_SPLIT_TRIES && !c->failed; k++) {
        snprintf(two, len + 2, "%.*s %s", (int)k, w, w + k);
        two[k] = '\0';   /* the halves, to look up unstemmed */
        int both = term_exists(c, two) && term_exists(c, two + k + 1);
        two[k] = ' ';
        qb_terms t;
        if (!both || qb_analyse(c, two, 0, 0, "", &t, NULL) != 0)
            continue;
        tries++;
        if (phrase_occurs(c, &t)) {
            size_t before = out->n;
            add_form(c, typed, two, out);
            found += out->n > before;
        }
        qb_terms_clear(&t);
    }
    free(two);
    return c->failed ? -1 : 0;
}

/* The year a token is, 1900..2099, else -1. */
static int year4(const char *s)
{
    if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
        return -1;
    int y = atoi(s);
    return y >= 1900 && y <= 2099 ? y : -1;
}

/* The two digits a token is, else -1. */
static int digits2(const char *s)
{
    return strlen(s) == 2 && strspn(s, "0123456789") == 2 ? atoi(s) : -1;
}

/* 2023/24, 2023-24, 2023/2024, 2023-2024, "2023 to 2024", "2023 to 24":
 * the year the tokens name, or -1. */
static int fiscal_year(const qb_terms *raw)
{
    if (raw->n != 2 && !(raw->n == 3 && strcmp(raw->v[1], "to") == 0))
        return -1;
    int y = year4(raw->v[0]);
    const char *end = raw->v[raw->n - 1];
    if (y < 0 || y == 2099)
        return -1;
    return year4(end) == y + 1 || digits2(end) == (y + 1) % 100 ? y : -1;
}

/* A fiscal year in the ways it is written (each written form's tokens:
 * "2023-24" is "2023/24" to the index). */
static int fiscal_forms(qb_ctx *c, const qb_terms *raw, const qb_terms *typed,
                        qb_variants *out)
{
    int y = fiscal_year(raw);
    if (y < 0)
        return 0;
    char label[32];
    snprintf(label, sizeof label, "%d/%02d", y, (y + 1) % 100);
    add_form(c, typed, label, out);
    snprintf(label, sizeof label, "%d/%d", y, y + 1);
    add_form(c, typed, label, out);
    snprintf(label, sizeof label, "%d to %d", y, y + 1);
    add_form(c, typed, label, out);
    return c->failed ? -1 : 0;
}

int qb_variants_find(qb_ctx *c, const qb_terms *raw, const qb_terms *typed,
                     qb_variants *out)
{
    memset(out, 0, sizeof *out);
    /* Without an index there is nothing to tell real forms from the
     * rules' guesses. */
    if (!c->env->db || raw->n == 0)
        return 0;
    int rc = fiscal_forms(c, raw, typed, out);
    if (rc == 0)
        rc = spellings(c, raw, typed, out);
    if (rc == 0)
        rc = closed_forms(c, raw, typed, out);
    if (rc == 0)
        rc = spaced_forms(c, raw, typed, out);
    if (rc != 0)
        qb_variants_clear(out);
    return rc;
}
