/*
 * qbuild_near.c: NEAR and ADJ (see qbuild_internal.h).
 *
 * Xapian's NEAR and PHRASE (ADJ is a PHRASE with a window) take only terms,
 * or ORs of terms, as operands. So each operand of ours becomes one or
 * more ways of filling its place in the window:
 *
 *  - a word is its term, or the OR of its term and its respellings';
 *  - a wildcard is the OR of the terms it expands to (looked up in the
 *    index now, as everywhere);
 *  - a group of alternatives, "(carer OR carers)", is the OR of all its
 *    words' and wildcards' terms;
 *  - a phrase (or a word that splits, "s.75") cannot be inside an OR: its
 *    terms fill the window one by one, and the phrase must also match as a
 *    phrase on its own. A group holding phrases is therefore several ways
 *    to fill its place, and the NEAR is the OR of one NEAR per combination
 *    (a bounded number of them).
 *
 * Xapian's window counts positions, so "within n words" of k terms is a
 * window of n + k - 1 (as Xapian's own QueryParser does).
 */
#include "qbuild_internal.h"

#include <stdlib.h>
#include <string.h>

/* The most NEARs one NEAR may become (groups with phrases multiply). */
#define MAX_COMBINATIONS 16

/* One way an operand can match. */
typedef struct near_alt {
    qbuild_form form;     /* as the operand's unit records it */
    shim_query *pos;      /* a term or an OR of terms, for the window as it
                             is; NULL for a phrase, or a wildcard that
                             matched no word */
    int phrase;           /* form.terms must be adjacent, in order */
} near_alt;

/* One operand: its alternatives and the ways they fill the window. */
typedef struct near_operand {
    near_alt *alts;
    size_t n;
    shim_query *slot;     /* the OR of every alternative's pos, or NULL */
    size_t n_options;     /* the slot (if any) and each phrase */
} near_operand;

static void operand_clear(near_operand *o)
{
    for (size_t i = 0; i < o->n; i++) {
        qb_form_clear(&o->alts[i].form);
        shim_query_free(o->alts[i].pos);
    }
    free(o->alts);
    shim_query_free(o->slot);
    memset(o, 0, sizeof *o);
}

/* A new alternative of o (zeroed), or NULL (recorded). */
static near_alt *new_alt(qb_ctx *c, near_operand *o)
{
    near_alt *v = realloc(o->alts, (o->n + 1) * sizeof *v);
    if (!v) {
        qb_nomem(c);
        return NULL;
    }
    o->alts = v;
    memset(&v[o->n], 0, sizeof v[o->n]);
    return &v[o->n++];
}

/* Another reference to q (queries are immutable: an OR of one is q). */
static shim_query *copy_of(qb_ctx *c, const shim_query *q, unsigned column)
{
    shim_query *one = (shim_query *)q, *copy = NULL;
    shim_status st = shim_query_combine(SHIM_OP_OR, &one, 1, 0, &copy);
    if (st != SHIM_OK)
        qb_shim_fail(c, st, column);
    return copy;
}

/* ------------------------------------------------- the alternatives -- */

/* 1 if q has any term: an expanded wildcard that matched no word of the
 * index is Xapian's MatchNothing, which no window accepts. */
static int has_terms(const shim_query *q)
{
    shim_termlist *tl = NULL;
    int any = shim_query_terms(q, &tl) == SHIM_OK && shim_termlist_size(tl) > 0;
    shim_termlist_free(tl);
    return any;
}

/* The OR of the words prefix raw expands to in the index, or NULL with
 * the error recorded (over the limit, no index). */
static shim_query *expand(qb_ctx *c, const qnode *k, const char *op, const char *raw)
{
    uint32_t limit = c->env->wildcard_limit ? c->env->wildcard_limit
                                            : QBUILD_DEFAULT_WILDCARD_LIMIT;
    shim_query *q = NULL;
    if (!c->env->db) {
        qb_fail(c, k->column, "%s needs an index to expand the wildcard at column %u",
                op, k->column);
        return NULL;
    }
    shim_status st = shim_query_expand(c->env->db, raw, limit, &q);
    if (st == SHIM_ERR_WILDCARD) {
        qb_fail(c, k->column, "a wildcard matches too many words ('%.*s*' at column %u "
                "matches more than %u); make it longer", qb_clip(k->text), k->text,
                k->column, (unsigned)limit);
        c->err->kind = QERR_WILDCARD;
    } else if (st != SHIM_OK) {
        qb_shim_fail(c, st, k->column);
    }
    return q;
}

/* A wildcard: the OR of the words it expands to. Its form's pseudo-term
 * "partner*" stands for any term with that prefix (search_hits.c). */
static int alt_wildcard(qb_ctx *c, const qnode *k, const char *op, near_operand *o)
{
    qb_terms raw, pseudo = {0};
    if (qb_text_terms(c, k->text, k->column, 1, "", "wildcard", &raw, NULL) != 0)
        return -1;
    if (raw.n != 1) {
        qb_terms_clear(&raw);
        return qb_fail(c, k->column, "the wildcard '%.*s*' at column %u splits into "
                       "several words; a wildcard goes on a single word",
                       qb_clip(k->text), k->text, k->column);
    }
    shim_query *q = expand(c, k, op, raw.v[0]);
    near_alt *a = q ? new_alt(c, o) : NULL;
    size_t len = strlen(k->text);
    char *label = a ? malloc(len + 2) : NULL;
    if (label) {
        memcpy(label, k->text, len);
        memcpy(label + len, "*", 2);
    }
    if (label && qb_terms_add(c, &pseudo, raw.v[0], "*") == 0 &&
        qb_form_set(c, &a->form, label, &pseudo) == 0) {
        a->pos = has_terms(q) ? q : NULL;
        q = a->pos ? NULL : q;
    } else if (a && !label) {
        qb_nomem(c);
    }
    free(label);
    shim_query_free(q);
    qb_terms_clear(&raw);
    qb_terms_clear(&pseudo);
    return c->failed ? -1 : 0;
}

/* An alternative of one form: its label and terms; a single term fills
 * the window itself, several are a phrase. */
static int alt_terms(qb_ctx *c, near_operand *o, const char *label, const qb_terms *t,
                     unsigned column)
{
    near_alt *a = new_alt(c, o);
    if (!a || qb_form_set(c, &a->form, label, t) != 0)
        return -1;
    a->phrase = t->n > 1;
    if (!a->phrase && !(a->pos = qb_term_query(c, t->v[0], column)))
        return -1;
    return 0;
}

/* A word or phrase, and the respellings of a word that stay one word (a
 * variant of several words would multiply the combinations). */
static int alt_word(qb_ctx *c, const qnode *k, int negated, near_operand *o)
{
    int exact = (k->flags & QF_EXACT) != 0;
    qb_terms t, raw;
    if (qb_text_terms(c, k->text, k->column, exact, "",
                      k->type == Q_PHRASE ? "phrase" : "word", &t, &raw) != 0)
        return -1;
    qb_variants vars = {0};
    int rc = alt_terms(c, o, k->text, &t, k->column);
    if (rc == 0 && !exact && t.n == 1)
        rc = qb_variants_find(c, &raw, &t, &vars);
    for (size_t i = 0; rc == 0 && i < vars.n; i++)
        if (vars.v[i].terms.n == 1)
            rc = alt_terms(c, o, vars.v[i].label, &vars.v[i].terms, k->column);
    if (rc == 0 && !exact && !negated)
        rc = qb_add_spell_words(c, &raw);
    qb_variants_clear(&vars);
    qb_terms_clear(&t);
    qb_terms_clear(&raw);
    return rc;
}

/* Every alternative of operand k (a word, phrase, wildcard, or a group
 * of them joined by OR, at any depth). */
static int collect(qb_ctx *c, const qnode *k, const char *op, int negated,
                   near_operand *o)
{
    if (k->type == Q_OR) {
        for (size_t i = 0; i < k->n_children && !c->failed; i++)
            collect(c, k->children[i], op, negated, o);
        return c->failed ? -1 : 0;
    }
    if (k->type == Q_WORD && (k->flags & QF_WILDCARD))
        return alt_wildcard(c, k, op, o);
    if (k->type == Q_WORD || k->type == Q_PHRASE)
        return alt_word(c, k, negated, o);
    return qb_fail(c, k->column, "%s joins words, phrases and groups of them joined "
                   "by OR; what is at column %u is none of these", op, k->column);
}

/* ---------------------------------------------------- the operand -- */

/* The slot: every single-term alternative's pos, OR-ed (a term or an OR
 * of terms, as the window takes). */
static int make_slot(qb_ctx *c, near_operand *o, unsigned column)
{
    size_t k = 0;
    shim_query **subs = calloc(o->n + 1, sizeof *subs);
    if (!subs)
        return qb_nomem(c);
    for (size_t i = 0; i < o->n; i++)
        if (o->alts[i].pos) {
            subs[k++] = o->alts[i].pos;
            o->alts[i].pos = NULL;
        }
    if (k)
        o->slot = qb_combine(c, SHIM_OP_OR, subs, k, 0, column);
    free(subs);
    o->n_options = o->slot != NULL;
    for (size_t i = 0; i < o->n; i++)
        o->n_options += (size_t)o->alts[i].phrase;
    return c->failed ? -1 : 0;
}

/* The operand as a unit: copies of its forms (the windows still need
 * the phrases' terms), matching its slot or any of its phrases. */
static int record_unit(qb_ctx *c, near_operand *o, unsigned column, int negated)
{
    size_t k = 0;
    shim_query **subs = calloc(o->n + 1, sizeof *subs);
    qbuild_form *forms = calloc(o->n + 1, sizeof *forms);
    if (!subs || !forms) {
        free(subs);
        free(forms);
        return qb_nomem(c);
    }
    if (o->slot)
        subs[k++] = copy_of(c, o->slot, column);
    for (size_t i = 0; i < o->n && !c->failed; i++)
        if (o->alts[i].phrase)
            subs[k++] = qb_terms_query(c, &(qb_terms){o->alts[i].form.terms,
                                                      o->alts[i].form.n_terms}, column);
    shim_query *q = NULL;
    if (k)
        q = qb_combine(c, SHIM_OP_OR, subs, k, 0, column);
    else if (!c->failed && shim_query_match_nothing(&q) != SHIM_OK)
        qb_nomem(c);
    free(subs);
    for (size_t i = 0; i < o->n && !c->failed; i++) {
        const qbuild_form *f = &o->alts[i].form;
        qb_form_set(c, &forms[i], f->label, &(qb_terms){f->terms, f->n_terms});
    }
    int rc = qb_add_unit(c, column, negated, forms, o->n, q);   /* takes forms */
    shim_query_free(q);
    return rc;
}

/* ----------------------------------------------------- the window -- */

/* A growing list of queries, owned until handed to qb_combine. */
typedef struct qlist {
    shim_query **v;
    size_t n, cap;
} qlist;

static int qlist_add(qb_ctx *c, qlist *l, shim_query *q)
{
    if (!q)
        return -1;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        shim_query **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            shim_query_free(q);
            return qb_nomem(c);
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = q;
    return 0;
}

static void qlist_clear(qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        shim_query_free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Option `choice` of operand o into the window (subs), and, for a phrase,
 * the phrase itself into musts. */
static int fill_place(qb_ctx *c, const near_operand *o, size_t choice, unsigned column,
                      qlist *subs, qlist *musts)
{
    if (o->slot && choice == 0)
        return qlist_add(c, subs, copy_of(c, o->slot, column));
    size_t phrase = choice - (o->slot != NULL);
    for (size_t i = 0; i < o->n; i++) {
        const qbuild_form *f = &o->alts[i].form;
        if (!o->alts[i].phrase || phrase-- != 0)
            continue;
        for (size_t t = 0; t < f->n_terms; t++)
            if (qlist_add(c, subs, qb_term_query(c, f->terms[t], column)) != 0)
                return -1;
        return qlist_add(c, musts, qb_terms_query(c, &(qb_terms){f->terms, f->n_terms},
                                                  column));
    }
    return qb_fail(c, column, "internal error: no such NEAR alternative");
}

/* One combination: operand i filled by its option choice[i]. */
static shim_query *one_window(qb_ctx *c, const qnode *n, const near_operand *ops,
                              const size_t *choice)
{
    qlist subs = {0}, musts = {0};
    for (size_t i = 0; i < n->n_children && !c->failed; i++)
        fill_place(c, &ops[i], choice[i], n->column, &subs, &musts);
    shim_query *q = NULL;
    if (!c->failed) {
        uint32_t w = n->window ? n->window : QPARSE_DEFAULT_NEAR_WINDOW;
        q = qb_combine(c, n->type == Q_NEAR ? SHIM_OP_NEAR : SHIM_OP_PHRASE, subs.v,
                       subs.n, w + (uint32_t)subs.n - 1, n->column);
        subs.n = 0;
    }
    if (q && musts.n) {
        /* The phrases must hold as phrases too. */
        qlist_add(c, &musts, q);
        q = qb_combine(c, SHIM_OP_AND, musts.v, musts.n, 0, n->column);
        musts.n = 0;
    }
    qlist_clear(&subs);
    qlist_clear(&musts);
    return q;
}

/* The OR of one window per combination of the operands' options. */
static shim_query *windows(qb_ctx *c, const qnode *n, const near_operand *ops)
{
    const char *op = n->type == Q_NEAR ? "NEAR" : "ADJ";
    size_t combos = 1;
    for (size_t i = 0; i < n->n_children; i++) {
        if (ops[i].n_options == 0) {   /* a wildcard that matches no word */
            shim_query *none = NULL;
            if (shim_query_match_nothing(&none) != SHIM_OK)
                qb_nomem(c);
            return none;
        }
        combos *= ops[i].n_options;
        if (combos > MAX_COMBINATIONS) {
            qb_fail(c, n->column, "%s at column %u has more than %d ways to match its "
                    "groups' phrases; put fewer phrases in its groups", op, n->column,
                    MAX_COMBINATIONS);
            return NULL;
        }
    }
    size_t *choice = calloc(n->n_children, sizeof *choice);
    qlist all = {0};
    if (!choice)
        qb_nomem(c);
    for (size_t k = 0; choice && k < combos && !c->failed; k++) {
        size_t rest = k;
        for (size_t i = 0; i < n->n_children; i++) {
            choice[i] = rest % ops[i].n_options;
            rest /= ops[i].n_options;
        }
        qlist_add(c, &all, one_window(c, n, ops, choice));
    }
    free(choice);
    shim_query *q = NULL;
    if (!c->failed) {
        q = qb_combine(c, SHIM_OP_OR, all.v, all.n, 0, n->column);
        all.n = 0;
    }
    qlist_clear(&all);
    return q;
}

shim_query *qb_near(qb_ctx *c, const qnode *n, int negated)
{
    const char *op = n->type == Q_NEAR ? "NEAR" : "ADJ";
    near_operand *ops = calloc(n->n_children + 1, sizeof *ops);
    if (!ops) {
        qb_nomem(c);
        return NULL;
    }
    for (size_t i = 0; i < n->n_children && !c->failed; i++) {
        const qnode *k = n->children[i];
        if (collect(c, k, op, negated, &ops[i]) == 0 &&
            make_slot(c, &ops[i], k->column) == 0)
            record_unit(c, &ops[i], k->column, negated);
    }
    shim_query *q = c->failed ? NULL : windows(c, n, ops);
    for (size_t i = 0; i < n->n_children; i++)
        operand_clear(&ops[i]);
    free(ops);
    return c->failed ? (shim_query_free(q), NULL) : q;
}
