/*
 * qbuild.c: a parsed query -> a Xapian query (see qbuild.h): the entry
 * point, the operators, words, phrases and NEAR/ADJ. Terms and
 * units are made in qbuild_terms.c, fields in qbuild_fields.c, thesaurus
 * runs in qbuild_thesaurus.c.
 */
#include "qbuild_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------- words and phrases -- */

shim_query *qb_word(qb_ctx *c, const qnode *n, int negated)
{
    if (n->type == Q_WORD && (n->flags & QF_WILDCARD)) {
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
    int exact = (n->flags & QF_EXACT) != 0;
    qb_terms t, raw;
    if (qb_text_terms(c, n->text, n->column, exact, "",
                      n->type == Q_PHRASE ? "phrase" : "word", &t, &raw) != 0)
        return NULL;
    shim_query *q = qb_terms_query(c, &t, n->column);
    q = qb_single_unit(c, n->column, negated, n->text, &t, q);
    if (q && !exact && !negated && qb_add_spell_words(c, &raw) != 0) {
        shim_query_free(q);
        q = NULL;
    }
    qb_terms_clear(&t);
    qb_terms_clear(&raw);
    return q;
}

/* NEAR / ADJ: Xapian's window counts positions, so "within n words" of k
 * terms is a window of n + k - 1 (as Xapian's own QueryParser does). NEAR
 * and PHRASE take only terms, so a phrase (or a word that splits, "s.75")
 * inside one contributes its terms to the window and must also match as a
 * phrase on its own. */
static shim_query *near_node(qb_ctx *c, const qnode *n, int negated)
{
    const char *op = n->type == Q_NEAR ? "NEAR" : "ADJ";
    size_t cap = 0, nsubs = 0, nextra = 0;
    shim_query **subs = NULL, **extra = NULL;
    shim_query *q = NULL;

    extra = calloc(n->n_children + 1, sizeof *extra);
    if (!extra) {
        qb_nomem(c);
        return NULL;
    }
    for (size_t i = 0; i < n->n_children && !c->failed; i++) {
        const qnode *k = n->children[i];
        if (k->type != Q_WORD && k->type != Q_PHRASE) {
            qb_fail(c, k->column, "%s joins words and phrases; what is at "
                    "column %u is neither", op, k->column);
            break;
        }
        if (k->flags & QF_WILDCARD) {
            qb_fail(c, k->column, "%s cannot take a wildcard ('%.*s*' at "
                    "column %u); spell the word out", op, qb_clip(k->text),
                    k->text, k->column);
            break;
        }
        int exact = (k->flags & QF_EXACT) != 0;
        qb_terms t, raw;
        if (qb_text_terms(c, k->text, k->column, exact, "",
                          k->type == Q_PHRASE ? "phrase" : "word", &t, &raw) != 0)
            break;
        if (nsubs + t.n > cap) {
            cap = (nsubs + t.n) * 2;
            shim_query **v = realloc(subs, cap * sizeof *v);
            if (!v)
                qb_nomem(c);
            else
                subs = v;
        }
        for (size_t j = 0; j < t.n && !c->failed; j++)
            if ((subs[nsubs] = qb_term_query(c, t.v[j], k->column)))
                nsubs++;
        shim_query *unitq = qb_terms_query(c, &t, k->column);
        unitq = qb_single_unit(c, k->column, negated, k->text, &t, unitq);
        if (unitq && t.n > 1)
            extra[nextra++] = unitq;
        else
            shim_query_free(unitq);
        if (!exact && !negated && !c->failed)
            qb_add_spell_words(c, &raw);
        qb_terms_clear(&t);
        qb_terms_clear(&raw);
    }
    if (!c->failed && nsubs) {
        uint32_t w = n->window ? n->window : QPARSE_DEFAULT_NEAR_WINDOW;
        q = qb_combine(c, n->type == Q_NEAR ? SHIM_OP_NEAR : SHIM_OP_PHRASE,
                       subs, nsubs, w + (uint32_t)nsubs - 1, n->column);
        nsubs = 0;
        if (q && nextra) {
            extra[nextra++] = q;
            q = qb_combine(c, SHIM_OP_AND, extra, nextra, 0, n->column);
            nextra = 0;
        }
    }
    for (size_t i = 0; i < nsubs; i++)
        shim_query_free(subs[i]);
    for (size_t i = 0; i < nextra; i++)
        shim_query_free(extra[i]);
    free(subs);
    free(extra);
    return c->failed ? (shim_query_free(q), NULL) : q;
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
    int r = qb_thesaurus(c, (qnode *const *)&n, 1, negated, &q, &used);
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
            int r = qb_thesaurus(c, n->children + i, nk - i, negated, &w[nw], &used);
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
        return near_node(c, n, negated);
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
    if (c.failed || !out->query) {
        if (!c.failed)
            qb_fail(&c, tree->column, "internal error: no query was built");
        qbuild_result_clear(out);
        return -1;
    }
    return 0;
}
