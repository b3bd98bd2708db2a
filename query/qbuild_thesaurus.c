/*
 * qbuild_thesaurus.c: words and phrases that are thesaurus forms become one
 * unit matching any form of the group ("CHC" also finds "continuing health
 * care", and the other way round).
 *
 * A run of adjacent plain words of an AND is matched as norm_key() words
 * (so "S.75" typed as one word and "s 75" typed as two are the same form),
 * longest form first, and a match must start and end at word boundaries of
 * the query: "s.75x" never matches "s.75" by accident of splitting. A quoted
 * phrase matches only as a whole: the quotes say it is one thing.
 */
#include "qbuild_internal.h"

#include <stdlib.h>
#include <string.h>

#include "normalise.h"

/* Most words a run may hold: far beyond any thesaurus form, and keeps the
 * bookkeeping on the stack. */
#define RUN_MAX 64

int qb_expandable(const qnode *n)
{
    return (n->type == Q_WORD || n->type == Q_PHRASE) &&
           !(n->flags & (QF_EXACT | QF_WILDCARD));
}

/* The query's words of kids[0..n) as norm_key() words: keys[i] holds kid
 * i's key, split in place; words[] points into them; ends[i] is the number
 * of words through kid i. Returns the number of kids in the run (a phrase is
 * a run of one; a kid without words, or one that would overflow RUN_MAX
 * words, ends the run). Out of memory sets *failed. */
static size_t collect(qb_ctx *c, qnode *const *kids, size_t n, char **keys,
                      const char **words, size_t *ends, int *failed)
{
    size_t run = 0, nw = 0;
    *failed = 0;
    for (; run < n && run < RUN_MAX; run++) {
        const qnode *k = kids[run];
        if (!qb_expandable(k) || (run > 0 && (k->type == Q_PHRASE ||
                                              kids[0]->type == Q_PHRASE)))
            break;
        norm_status ns = norm_key(k->text, strlen(k->text), &keys[run]);
        if (ns == NORM_ERR_NOMEM) {
            *failed = 1;
            qb_nomem(c);
            return run;
        }
        size_t count = 1;
        for (const char *p = keys[run] ? keys[run] : ""; *p; p++)
            count += *p == ' ';
        if (ns != NORM_OK || !keys[run][0] || nw + count > RUN_MAX) {
            free(keys[run]);
            keys[run] = NULL;
            break;
        }
        for (char *p = keys[run];;) {
            words[nw++] = p;
            char *sp = strchr(p, ' ');
            if (!sp)
                break;
            *sp = '\0';
            p = sp + 1;
        }
        ends[run] = nw;
    }
    return run;
}

char *qb_typed_text(qnode *const *kids, size_t used)
{
    size_t len = 0;
    for (size_t i = 0; i < used; i++)
        len += strlen(kids[i]->text) + 1;
    char *s = malloc(len + 1), *p = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < used; i++) {
        size_t l = strlen(kids[i]->text);
        if (i)
            *p++ = ' ';
        memcpy(p, kids[i]->text, l);
        p += l;
    }
    *p = '\0';
    return s;
}

/* Build the unit for group g, the user having typed kids[0..used) (which
 * matched form `matched` of the group). */
static shim_query *expand(qb_ctx *c, qnode *const *kids, size_t used,
                          size_t g, size_t matched, int negated)
{
    const thesaurus *th = c->env->thesaurus;
    size_t size = thesaurus_group_size(th, g), nf = 0;
    unsigned column = kids[0]->column;
    char *typed = qb_typed_text(kids, used);
    qbuild_form *forms = calloc(size + 1, sizeof *forms);
    shim_query **subs = calloc(size + 1, sizeof *subs);
    qb_terms *terms = calloc(size + 1, sizeof *terms);
    shim_query *q = NULL;
    if (!typed || !forms || !subs || !terms) {
        qb_nomem(c);
        goto done;
    }
    /* The first form is what the user typed. */
    qb_terms raw;
    if (qb_text_terms(c, typed, column, 0, "",
                      kids[0]->type == Q_PHRASE ? "phrase" : "word", &terms[0],
                      &raw) != 0)
        goto done;
    if (!negated)
        qb_add_spell_words(c, &raw);
    qb_terms_clear(&raw);
    if (c->failed || qb_form_set(c, &forms[0], typed, &terms[0]) != 0)
        goto done;
    subs[0] = qb_terms_query(c, &terms[0], column);
    nf = 1;
    /* Then the group's other forms, as written in the file; a form that
     * comes out as the same terms as one before it adds nothing, and one
     * with nothing searchable in it cannot be searched for. */
    for (size_t i = 0; i < size && !c->failed; i++) {
        if (i == matched)
            continue;
        const char *text = thesaurus_form(th, g, i);
        if (qb_analyse(c, text, column, 0, "", &terms[nf], NULL) != 0)
            break;
        int dup = terms[nf].n == 0;
        for (size_t j = 0; j < nf && !dup; j++)
            dup = qb_terms_equal(&terms[j], &terms[nf]);
        if (dup) {
            qb_terms_clear(&terms[nf]);
            continue;
        }
        /* Each form's terms are taken from the request's budget
         * (search_limits.c): a thesaurus may give a group thousands of
         * forms, and a query may name it a thousand times. */
        shim_status bs = shim_budget_take(terms[nf].n);
        if (bs != SHIM_OK) {
            qb_terms_clear(&terms[nf]);
            qb_shim_fail(c, bs, column);
            break;
        }
        if (qb_form_set(c, &forms[nf], text, &terms[nf]) != 0)
            break;
        subs[nf] = qb_terms_query(c, &terms[nf], column);
        nf++;
    }
    if (c->failed)
        goto done;
    /* SYNONYM: the forms are one concept, weighted as one term, so an
     * expanded query ranks like the typed one. */
    q = qb_combine(c, SHIM_OP_SYNONYM, subs, nf, 0, column);
    memset(subs, 0, (size + 1) * sizeof *subs);
    qb_add_unit(c, column, negated, forms, nf, q);   /* takes forms */
    forms = NULL;
done:
    if (forms)
        for (size_t i = 0; i <= size; i++)
            qb_form_clear(&forms[i]);
    free(forms);
    if (subs)
        for (size_t i = 0; i <= size; i++)
            shim_query_free(subs[i]);
    free(subs);
    if (terms)
        for (size_t i = 0; i <= size; i++)
            qb_terms_clear(&terms[i]);
    free(terms);
    free(typed);
    return c->failed ? (shim_query_free(q), NULL) : q;
}

int qb_thesaurus(qb_ctx *c, qnode *const *kids, size_t n, int negated,
                 shim_query **q, size_t *used)
{
    *q = NULL;
    *used = 0;
    const thesaurus *th = c->env->thesaurus;
    if (!th || n == 0 || !qb_expandable(kids[0]))
        return 0;
    char *keys[RUN_MAX] = {NULL};
    const char *words[RUN_MAX];
    size_t ends[RUN_MAX];
    int failed;
    size_t run = collect(c, kids, n, keys, words, ends, &failed);
    int found = 0;
    size_t group = 0, form = 0;
    /* Longest first, and only ends at a kid's boundary count: a form that
     * ends inside a kid ("s" of "s.75x") is no match. */
    for (size_t j = run; !failed && j > 0 && !found; j--) {
        size_t consumed = 0;
        int g = thesaurus_match(th, words, ends[j - 1], &form, &consumed);
        if (g >= 0 && consumed == ends[j - 1]) {
            found = 1;
            group = (size_t)g;
            *used = j;
        }
    }
    for (size_t i = 0; i < RUN_MAX; i++)
        free(keys[i]);
    if (failed)
        return -1;
    if (!found)
        return 0;
    *q = expand(c, kids, *used, group, form, negated);
    return *q ? 1 : -1;
}
