/*
 * qbuild.c: a parsed query -> a Xapian query (see qbuild.h): the entry
 * point, the operators, words and phrases. Terms and units are made in
 * qbuild_terms.c, fields in qbuild_fields.c, thesaurus runs in
 * qbuild_thesaurus.c, NEAR and ADJ in qbuild_near.c, other ways of
 * writing a word in qbuild_variants.c.
 */
#include "qbuild_internal.h"

#include <stdlib.h>
#include <string.h>

#include "normalise.h"

/* ------------------------------------------------- words and phrases -- */

/* A word or phrase with other ways of writing it: one unit whose forms are
 * the typed text (first) and each variant, matching any of them. SYNONYM,
 * as for the thesaurus: one concept, weighted as one term. */
static shim_query *with_variants(qb_ctx *c, const qnode *n, int negated,
                                 const qb_terms *typed, const qb_variants *vars)
{
    size_t nf = vars->n + 1;
    qbuild_form *forms = calloc(nf, sizeof *forms);
    shim_query **subs = calloc(nf, sizeof *subs);
    shim_query *q = NULL;
    if (!forms || !subs) {
        qb_nomem(c);
        goto done;
    }
    for (size_t i = 0; i < nf && !c->failed; i++) {
        const qb_terms *t = i ? &vars->v[i - 1].terms : typed;
        if (qb_form_set(c, &forms[i], i ? vars->v[i - 1].label : n->text, t) == 0)
            subs[i] = qb_terms_query(c, t, n->column);
    }
    q = qb_combine(c, SHIM_OP_SYNONYM, subs, nf, 0, n->column);
    memset(subs, 0, nf * sizeof *subs);
    qb_add_unit(c, n->column, negated, forms, nf, q);   /* takes forms */
    forms = NULL;
done:
    if (forms)
        qb_forms_free(forms, nf);
    free(subs);
    return c->failed ? (shim_query_free(q), NULL) : q;
}

static shim_query *wildcard_word(qb_ctx *c, const qnode *n, int negated)
{
    size_t len = strlen(n->text);
    char *label = malloc(len + 2);
    if (!label) {
        qb_nomem(c);
        return NULL;
    }
    memcpy(label, n->text, len);
    memcpy(label + len, "*", 2);
    shim_query *q = qb_wildcard(c, n->text, n->column, "", label, negated);
    free(label);
    return q;
}

shim_query *qb_word(qb_ctx *c, const qnode *n, int negated)
{
    if (n->type == Q_WORD && (n->flags & QF_WILDCARD))
        return wildcard_word(c, n, negated);
    int exact = (n->flags & QF_EXACT) != 0;
    qb_terms t, raw;
    if (qb_text_terms(c, n->text, n->column, exact, "",
                      n->type == Q_PHRASE ? "phrase" : "word", &t, &raw) != 0)
        return NULL;
    /* "=" asks for exactly this wording: no other spellings either. */
    qb_variants vars = {0};
    shim_query *q = NULL;
    if (exact || qb_variants_find(c, &raw, &t, &vars) == 0) {
        if (vars.n)
            q = with_variants(c, n, negated, &t, &vars);
        else
            q = qb_single_unit(c, n->column, negated, n->text, &t,
                               qb_terms_query(c, &t, n->column));
    }
    if (q && !exact && !negated && qb_add_spell_words(c, &raw) != 0) {
        shim_query_free(q);
        q = NULL;
    }
    qb_variants_clear(&vars);
    qb_terms_clear(&t);
    qb_terms_clear(&raw);
    return q;
}

/* --------------------------------------------------------- operators -- */

static shim_query *build(qb_ctx *c, const qnode *n, int negated);

static shim_query *match_all(qb_ctx *c, unsigned column)
{
    shim_query *q = NULL;
    shim_status st = shim_query_match_all(&q);
    if (st != SHIM_OK)
        qb_shim_fail(c, st, column);
    return q;
}

/* A word or phrase anywhere: a thesaurus form on its own, or itself. */
static shim_query *leaf(qb_ctx *c, const qnode *n, int negated)
{
    shim_query *q = NULL;
    size_t used;
    int r = qb_council(c, (qnode *const *)&n, 1, negated, &q, &used);
    if (r != 0)
        return r > 0 ? q : NULL;
    r = qb_thesaurus(c, (qnode *const *)&n, 1, negated, &q, &used);
    if (r < 0)
        return NULL;
    return r ? q : qb_word(c, n, negated);
}

/* The children of an AND sort into weighted parts (runs of words become
 * thesaurus units here), filters and exclusions, then combine as
 * AND_NOT(FILTER(AND(weighted), filters), exclusions): filters add no
 * weight, so ranking is by the words alone. */
static shim_query *and_node(qb_ctx *c, const qnode *n, int negated)
{
    size_t nk = n->n_children, nw = 0, nf = 0, nn = 0;
    shim_query **w = calloc(nk + 1, sizeof *w);
    shim_query **f = calloc(nk + 1, sizeof *f);
    shim_query **x = calloc(nk + 1, sizeof *x);
    shim_query *q = NULL;
    if (!w || !f || !x) {
        qb_nomem(c);
        goto done;
    }
    for (size_t i = 0; i < nk && !c->failed;) {
        const qnode *k = n->children[i];
        if (k->type == Q_NOT && k->n_children == 1) {
            if ((x[nn] = build(c, k->children[0], 1)))
                nn++;
        } else if (qb_is_filter(k)) {
            if ((f[nf] = build(c, k, negated)))
                nf++;
        } else if (qb_expandable(k)) {
            size_t used = 1;
            int r = qb_council(c, n->children + i, nk - i, negated, &w[nw], &used);
            if (r == 0)
                r = qb_thesaurus(c, n->children + i, nk - i, negated, &w[nw], &used);
            if (r == 0)
                w[nw] = qb_word(c, k, negated);
            if (w[nw])
                nw++;
            i += r == 1 ? used : 1;
            continue;
        } else if ((w[nw] = build(c, k, negated))) {
            nw++;
        }
        i++;
    }
    if (c->failed)
        goto done;
    if (nw)
        q = qb_combine(c, SHIM_OP_AND, w, nw, 0, n->column);
    nw = 0;
    if (nf && q) {
        /* FILTER(weighted, filters...): the filters are scaled by 0. */
        f[nf] = f[0];
        f[0] = q;
        q = qb_combine(c, SHIM_OP_FILTER, f, nf + 1, 0, n->column);
    } else if (nf) {
        /* Filters only: their AND still matches, with weight 0. */
        q = qb_unweighted(c, qb_combine(c, SHIM_OP_AND, f, nf, 0, n->column),
                          n->column);
    }
    nf = 0;
    if (!q && !c->failed)
        q = match_all(c, n->column);   /* exclusions only: "-a -b" */
    if (q && nn) {
        memmove(x + 1, x, nn * sizeof *x);
        x[0] = q;
        q = qb_combine(c, SHIM_OP_AND_NOT, x, nn + 1, 0, n->column);
    }
    nn = 0;
done:
    for (size_t i = 0; i < nw; i++)
        shim_query_free(w[i]);
    for (size_t i = 0; i < nf; i++)
        shim_query_free(f[i]);
    for (size_t i = 0; i < nn; i++)
        shim_query_free(x[i]);
    free(w);
    free(f);
    free(x);
    return c->failed ? (shim_query_free(q), NULL) : q;
}

/* OR, XOR, AND_NOT: every child built, then combined; AND_NOT's children
 * after the first are exclusions. */
static shim_query *list_node(qb_ctx *c, const qnode *n, shim_op op, int negated)
{
    if (n->n_children == 0) {
        qb_fail(c, n->column, "internal error: an operator with no operands");
        return NULL;
    }
    shim_query **subs = calloc(n->n_children, sizeof *subs);
    if (!subs) {
        qb_nomem(c);
        return NULL;
    }
    int optional = c->optional;
    c->optional |= op == SHIM_OP_OR || op == SHIM_OP_XOR;
    for (size_t i = 0; i < n->n_children && !c->failed; i++)
        subs[i] = build(c, n->children[i],
                        op == SHIM_OP_AND_NOT && i > 0 ? 1 : negated);
    c->optional = optional;
    shim_query *q = qb_combine(c, op, subs, n->n_children, 0, n->column);
    free(subs);
    return q;
}

static shim_query *build(qb_ctx *c, const qnode *n, int negated)
{
    if (c->failed)
        return NULL;
    switch (n->type) {
    case Q_WORD:
    case Q_PHRASE:
        return leaf(c, n, negated);
    case Q_FIELD:
        return qb_field(c, n, negated);
    case Q_AND:
        return and_node(c, n, negated);
    case Q_OR:
        return list_node(c, n, SHIM_OP_OR, negated);
    case Q_XOR:
        return list_node(c, n, SHIM_OP_XOR, negated);
    case Q_AND_NOT:
        return list_node(c, n, SHIM_OP_AND_NOT, negated);
    case Q_NOT: {
        if (n->n_children != 1) {
            qb_fail(c, n->column, "internal error: NOT needs one operand");
            return NULL;
        }
        /* Everything except the child. */
        shim_query *subs[2] = {match_all(c, n->column), NULL};
        if (subs[0])
            subs[1] = build(c, n->children[0], 1);
        return qb_combine(c, SHIM_OP_AND_NOT, subs, 2, 0, n->column);
    }
    case Q_NEAR:
    case Q_ADJ:
        return qb_near(c, n, negated);
    }
    qb_fail(c, n->column, "internal error: unknown query node");
    return NULL;
}

/* ------------------------------------------------------- entry point -- */

void qbuild_result_clear(qbuild_result *r)
{
    if (!r)
        return;
    shim_query_free(r->query);
    shim_query_free(r->any_of);
    for (size_t i = 0; i < r->n_units; i++)
        qb_forms_free(r->units[i].forms, r->units[i].n_forms);
    free(r->units);
    for (size_t i = 0; i < r->n_spell_words; i++)
        free(r->spell_words[i]);
    free(r->spell_words);
    memset(r, 0, sizeof *r);
}

int qbuild(const qnode *tree, const qbuild_env *env, qbuild_result *out, qerror *err)
{
    qerror scratch;
    if (!err)
        err = &scratch;
    memset(out, 0, sizeof *out);
    err->kind = QERR_SYNTAX;
    err->column = 0;
    err->message[0] = '\0';
    qb_ctx c = {.env = env, .out = out, .err = err};
    /* Lookups that can only answer "no such name" (section_lookup,
     * authority_lookup, ...) when they ran out of memory. */
    unsigned long norm_nomem = norm_nomem_count();
    if (!tree || !env || !env->tg) {
        qb_fail(&c, 0, "internal error: qbuild needs a query and a term "
                "generator");
        return -1;
    }
    out->query = build(&c, tree, 0);
    if (!c.failed && out->n_units && qnode_is_plain(tree)) {
        shim_status st = shim_query_combine(SHIM_OP_OR, c.unit_queries,
                                            out->n_units, 0, &out->any_of);
        if (st != SHIM_OK)
            qb_shim_fail(&c, st, tree->column);
    }
    for (size_t i = 0; i < out->n_units; i++)
        shim_query_free(c.unit_queries[i]);
    free(c.unit_queries);
    if (norm_nomem_count() != norm_nomem) {   /* whatever failed after it */
        c.failed = 0;
        qb_nomem(&c);
    }
    if (c.failed || !out->query) {
        if (!c.failed)
            qb_fail(&c, tree->column, "internal error: no query was built");
        qbuild_result_clear(out);
        return -1;
    }
    return 0;
}
