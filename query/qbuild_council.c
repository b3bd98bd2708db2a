/*
 * qbuild_council.c: a council's name typed among plain words counts for
 * that council's paragraphs.
 *
 * People type "Hillingdon calls rerouted", not `authority:hillingdon calls
 * rerouted`, and most paragraphs never repeat their council's name: it is
 * in the page's title. So a run of adjacent plain words of an AND that is a
 * council's name or alias (authority_lookup: any case, with or without
 * "Council", "London Borough of", ...) becomes one unit matching either the
 * words themselves or any paragraph of that council. It is ranked, not a
 * filter: the council's paragraphs get a fixed weight, the idf of its
 * filter term (log of paragraphs over the council's paragraphs), about
 * what one mention of a rare word earns, and paragraphs elsewhere that
 * name the council still match by the words.
 *
 * Some council names are also words ("Reading", "Bury", "Sutton"): a name
 * typed in lower case counts only when the index has the word less often
 * than the council has paragraphs, i.e. when it is mostly a name there;
 * typed with a capital it always does. A negated, exact (=) or wildcard
 * word, and a quoted phrase, are taken as written.
 */
#include "qbuild_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "schema.h"

/* Longest council name or alias, in words ("Royal Borough of Windsor and
 * Maidenhead Council"): runs are never tried longer. */
#define COUNCIL_WORDS_MAX 8

static int plain_word(const qnode *n)
{
    return n->type == Q_WORD && !(n->flags & (QF_EXACT | QF_WILDCARD));
}

/* The filter term of council idx ("XAUTH" + key), malloc()ed, or NULL. */
static char *council_term(const qb_ctx *c, int idx)
{
    const char *name = authority_name(c->env->authorities, (size_t)idx);
    char *key = NULL;
    if (norm_key(name, strlen(name), &key) != NORM_OK)
        return NULL;
    size_t len = strlen(PREFIX_AUTHORITY) + strlen(key) + 1;
    char *term = malloc(len);
    if (term)
        snprintf(term, len, "%s%s", PREFIX_AUTHORITY, key);
    free(key);
    return term;
}

/* Whether typed (one lower-case word) is mostly a name in the index: the
 * word occurs in fewer paragraphs than the council has. */
static int mostly_a_name(shim_db *db, const char *typed, uint32_t council_paras)
{
    char *folded = NULL;
    if (norm_key(typed, strlen(typed), &folded) != NORM_OK)
        return 0;
    uint32_t word_paras = 0;
    int ok = shim_db_termfreq(db, folded, &word_paras) == SHIM_OK;
    free(folded);
    return ok && word_paras < council_paras;
}

/* The unit for kids[0..used), council idx with filter term `term` and its
 * paragraph count: OR(the words, FILTER(fixed weight, term)). */
static shim_query *unit(qb_ctx *c, qnode *const *kids, size_t used, int idx,
                        const char *term, uint32_t council_paras, uint32_t all_paras)
{
    unsigned column = kids[0]->column;
    char *typed = qb_typed_text(kids, used);
    qb_terms words = {0}, raw = {0}, filter = {0};
    qbuild_form *forms = calloc(2, sizeof *forms);
    shim_query *subs[2] = {NULL, NULL}, *q = NULL;
    if (!typed || !forms) {
        qb_nomem(c);
        goto done;
    }
    if (qb_text_terms(c, typed, column, 0, "", used > 1 ? "phrase" : "word", &words,
                      &raw) != 0 ||
        qb_add_spell_words(c, &raw) != 0 || qb_form_set(c, &forms[0], typed, &words) != 0)
        goto done;
    char label[256];
    snprintf(label, sizeof label, "authority:\"%s\"",
             authority_name(c->env->authorities, (size_t)idx));
    if (qb_terms_add(c, &filter, "", term) != 0 || qb_form_set(c, &forms[1], label, &filter) != 0)
        goto done;
    subs[0] = qb_terms_query(c, &words, column);
    double idf = log(((double)all_paras + 0.5) / ((double)council_paras + 0.5));
    shim_query *fixed = NULL, *only[2] = {NULL, NULL};
    shim_status st = shim_query_fixed_weight(idf > 0.5 ? idf : 0.5, &fixed);
    if (st != SHIM_OK) {
        qb_shim_fail(c, st, column);
        goto done;
    }
    only[0] = fixed;
    only[1] = qb_term_query(c, term, column);
    subs[1] = qb_combine(c, SHIM_OP_FILTER, only, 2, 0, column);
    if (!subs[0] || !subs[1])
        goto done;
    q = qb_combine(c, SHIM_OP_OR, subs, 2, 0, column);
    subs[0] = subs[1] = NULL;
    if (q && qb_add_unit(c, column, 0, forms, 2, q) != 0) {
        shim_query_free(q);
        q = NULL;
    }
    forms = NULL;
done:
    if (forms) {
        qb_form_clear(&forms[0]);
        qb_form_clear(&forms[1]);
    }
    free(forms);
    shim_query_free(subs[0]);
    shim_query_free(subs[1]);
    qb_terms_clear(&words);
    qb_terms_clear(&raw);
    qb_terms_clear(&filter);
    free(typed);
    return q;
}

int qb_council(qb_ctx *c, qnode *const *kids, size_t n, int negated, shim_query **q,
               size_t *used)
{
    *q = NULL;
    *used = 0;
    const authority_table *t = c->env->authorities;
    shim_db *db = c->env->db;
    if (!t || !db || negated || n == 0 || !plain_word(kids[0]))
        return 0;
    size_t run = 0;
    while (run < n && run < COUNCIL_WORDS_MAX && plain_word(kids[run]))
        run++;
    uint32_t all_paras = 0;
    if (shim_db_doccount(db, &all_paras) != SHIM_OK)
        return 0;
    for (size_t j = run; j > 0; j--) {
        char *typed = qb_typed_text(kids, j);
        if (!typed)
            return qb_nomem(c);
        int idx = authority_lookup(t, typed, strlen(typed));
        free(typed);
        if (idx < 0)
            continue;
        char *term = council_term(c, idx);
        if (!term)
            return qb_nomem(c);
        uint32_t council_paras = 0;
        int known = shim_db_termfreq(db, term, &council_paras) == SHIM_OK && council_paras > 0;
        int capital = isupper((unsigned char)kids[0]->text[0]);
        if (known && (j > 1 || capital || mostly_a_name(db, kids[0]->text, council_paras))) {
            *used = j;
            *q = unit(c, kids, j, idx, term, council_paras, all_paras);
        }
        free(term);
        if (*used)
            return *q ? 1 : -1;
        return 0;   /* the longest name found is the one meant */
    }
    return 0;
}
