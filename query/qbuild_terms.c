/*
 * qbuild_terms.c: the pieces every part of the query builder works with:
 * errors, query terms made exactly as the indexer makes them, query
 * combinators that own their operands, the record of units and forms, and
 * wildcards (qbuild.c's words and qbuild_fields.c's headings both make
 * them) (see qbuild_internal.h).
 */
#include "qbuild_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"

/* ------------------------------------------------------------ errors -- */

int qb_fail(qb_ctx *c, unsigned column, const char *fmt, ...)
{
    if (!c->failed) {
        c->failed = 1;
        c->err->kind = QERR_SYNTAX;
        c->err->column = column;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int qb_nomem(qb_ctx *c)
{
    qb_fail(c, 0, "out of memory");
    c->err->kind = QERR_NOMEM;
    return -1;
}

int qb_shim_fail(qb_ctx *c, shim_status st, unsigned column)
{
    if (st == SHIM_ERR_NOMEM)
        return qb_nomem(c);
    /* Over the request's budget (search_limits.c): the query's cost, not
     * a fault; the shim's message says which limit. */
    if (st == SHIM_ERR_TIMEOUT || st == SHIM_ERR_BUDGET) {
        qb_fail(c, column, "%s (building the query, at column %u)", shim_last_error(),
                column);
        if (st == SHIM_ERR_BUDGET)
            c->err->kind = QERR_WILDCARD;
        return -1;
    }
    return qb_fail(c, column, "cannot build the query at column %u: %s (%s)",
                   column, shim_status_string(st), shim_last_error());
}

int qb_clip(const char *s)
{
    size_t n = strlen(s);
    if (n <= 40)
        return (int)n;
    n = 40;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* ------------------------------------------------------------- terms -- */

void qb_terms_clear(qb_terms *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

int qb_terms_add(qb_ctx *c, qb_terms *t, const char *prefix, const char *term)
{
    size_t lp = strlen(prefix), lt = strlen(term);
    char **v = realloc(t->v, (t->n + 1) * sizeof *v);
    if (!v)
        return qb_nomem(c);
    t->v = v;
    char *s = malloc(lp + lt + 1);
    if (!s)
        return qb_nomem(c);
    memcpy(s, prefix, lp);
    memcpy(s + lp, term, lt + 1);
    t->v[t->n++] = s;
    return 0;
}

int qb_terms_equal(const qb_terms *a, const qb_terms *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return 0;
    return 1;
}

int qb_analyse(qb_ctx *c, const char *text, unsigned column, int exact,
               const char *prefix, qb_terms *out, qb_terms *raw)
{
    memset(out, 0, sizeof *out);
    if (raw)
        memset(raw, 0, sizeof *raw);
    char *folded;
    size_t flen;
    norm_status ns = norm_text(text, strlen(text), NORM_FOLD, &folded, &flen);
    if (ns == NORM_ERR_NOMEM)
        return qb_nomem(c);
    if (ns != NORM_OK)
        return qb_fail(c, column, "the text at column %u is not valid UTF-8",
                       column);
    shim_tokens *toks;
    shim_status st = shim_analyse(c->env->tg, folded, flen, &toks);
    free(folded);
    if (st != SHIM_OK)
        return qb_shim_fail(c, st, column);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < shim_tokens_count(toks); i++) {
        const char *r = shim_tokens_raw(toks, i);
        const char *s = shim_tokens_stem(toks, i);
        if (raw)
            rc = qb_terms_add(c, raw, "", r);
        if (rc != 0)
            break;
        /* The index has a stem for every word the stemmer handles (all of
         * them, for folded text); without one only the raw term exists. */
        if (exact || !s || s[0] != 'Z')
            rc = qb_terms_add(c, out, prefix, r);
        else if (!prefix[0])
            rc = qb_terms_add(c, out, "", s);
        else {
            /* "Z" + prefix + stem: what shim_termgen_index writes. */
            size_t lp = strlen(prefix);
            char zp[16];
            if (lp + 2 > sizeof zp) {
                rc = qb_fail(c, column, "internal error: term prefix too long");
                break;
            }
            zp[0] = 'Z';
            memcpy(zp + 1, prefix, lp + 1);
            rc = qb_terms_add(c, out, zp, s + 1);
        }
    }
    shim_tokens_free(toks);
    if (rc != 0) {
        qb_terms_clear(out);
        if (raw)
            qb_terms_clear(raw);
    }
    return rc;
}

int qb_text_terms(qb_ctx *c, const char *text, unsigned column, int exact,
                  const char *prefix, const char *what, qb_terms *out,
                  qb_terms *raw)
{
    if (qb_analyse(c, text, column, exact, prefix, out, raw) != 0)
        return -1;
    if (out->n == 0) {
        if (raw)
            qb_terms_clear(raw);
        return qb_fail(c, column, "the %s '%.*s' at column %u has no letters "
                       "or digits to search for", what, qb_clip(text), text,
                       column);
    }
    return 0;
}

/* ----------------------------------------------------------- queries -- */

shim_query *qb_combine(qb_ctx *c, shim_op op, shim_query **subs, size_t n,
                       uint32_t window, unsigned column)
{
    int bad = c->failed || n == 0;
    for (size_t i = 0; i < n; i++)
        bad |= subs[i] == NULL;
    if (bad) {
        for (size_t i = 0; i < n; i++)
            shim_query_free(subs[i]);
        if (!c->failed)
            qb_fail(c, column, "internal error: nothing to combine");
        return NULL;
    }
    /* One subquery is itself for every operator we use it with (PHRASE or
     * NEAR of one term is that term). */
    if (n == 1)
        return subs[0];
    shim_query *q = NULL;
    shim_status st = shim_query_combine(op, subs, n, window, &q);
    for (size_t i = 0; i < n; i++)
        shim_query_free(subs[i]);
    if (st != SHIM_OK) {
        qb_shim_fail(c, st, column);
        return NULL;
    }
    return q;
}

shim_query *qb_unweighted(qb_ctx *c, shim_query *q, unsigned column)
{
    if (!q)
        return NULL;
    shim_query *s = NULL;
    shim_status st = shim_query_scale(q, 0.0, &s);
    shim_query_free(q);
    if (st != SHIM_OK) {
        qb_shim_fail(c, st, column);
        return NULL;
    }
    return s;
}

shim_query *qb_term_query(qb_ctx *c, const char *term, unsigned column)
{
    shim_query *q = NULL;
    shim_status st = shim_query_term(term, 1, ++c->pos, &q);
    if (st != SHIM_OK) {
        qb_shim_fail(c, st, column);
        return NULL;
    }
    return q;
}

shim_query *qb_terms_query(qb_ctx *c, const qb_terms *t, unsigned column)
{
    if (t->n == 0)
        return NULL;
    shim_query **subs = calloc(t->n, sizeof *subs);
    if (!subs) {
        qb_nomem(c);
        return NULL;
    }
    for (size_t i = 0; i < t->n; i++)
        if (!(subs[i] = qb_term_query(c, t->v[i], column)))
            break;
    shim_query *q = qb_combine(c, SHIM_OP_PHRASE, subs, t->n, 0, column);
    free(subs);
    return q;
}

/* ------------------------------------------------------------- units -- */

void qb_form_clear(qbuild_form *f)
{
    free(f->label);
    for (size_t i = 0; i < f->n_terms; i++)
        free(f->terms[i]);
    free(f->terms);
    memset(f, 0, sizeof *f);
}

int qb_form_set(qb_ctx *c, qbuild_form *f, const char *label, const qb_terms *t)
{
    memset(f, 0, sizeof *f);
    f->label = strdup(label);
    f->terms = calloc(t->n ? t->n : 1, sizeof *f->terms);
    if (!f->label || !f->terms) {
        qb_form_clear(f);
        return qb_nomem(c);
    }
    for (; f->n_terms < t->n; f->n_terms++)
        if (!(f->terms[f->n_terms] = strdup(t->v[f->n_terms]))) {
            qb_form_clear(f);
            return qb_nomem(c);
        }
    return 0;
}

void qb_forms_free(qbuild_form *forms, size_t n)
{
    for (size_t i = 0; i < n; i++)
        qb_form_clear(&forms[i]);
    free(forms);
}

int qb_add_unit(qb_ctx *c, unsigned column, int negated, qbuild_form *forms,
                size_t n, const shim_query *q)
{
    qbuild_result *r = c->out;
    if (c->failed || !q) {
        qb_forms_free(forms, n);
        return -1;
    }
    if (r->n_units == c->cap_units) {
        size_t cap = c->cap_units ? c->cap_units * 2 : 8;
        qbuild_unit *u = realloc(r->units, cap * sizeof *u);
        if (u)
            r->units = u;
        shim_query **uq = realloc(c->unit_queries, cap * sizeof *uq);
        if (uq)
            c->unit_queries = uq;
        if (!u || !uq) {
            qb_forms_free(forms, n);
            return qb_nomem(c);
        }
        c->cap_units = cap;
    }
    /* The tree keeps q; any_of needs its own reference (an OR of one is
     * the query itself, so this is a copy). */
    shim_query *copy = NULL;
    shim_query *one = (shim_query *)q;
    shim_status st = shim_query_combine(SHIM_OP_OR, &one, 1, 0, &copy);
    if (st != SHIM_OK) {
        qb_forms_free(forms, n);
        return qb_shim_fail(c, st, column);
    }
    qbuild_unit *u = &r->units[r->n_units];
    u->column = column;
    u->negated = negated;
    u->required = !negated && !c->optional;
    u->forms = forms;
    u->n_forms = n;
    c->unit_queries[r->n_units++] = copy;
    return 0;
}

int qb_add_spell_words(qb_ctx *c, const qb_terms *raw)
{
    qbuild_result *r = c->out;
    for (size_t i = 0; i < raw->n; i++) {
        int seen = 0;
        for (size_t j = 0; j < r->n_spell_words && !seen; j++)
            seen = strcmp(r->spell_words[j], raw->v[i]) == 0;
        if (seen)
            continue;
        if (r->n_spell_words == c->cap_spell) {
            size_t cap = c->cap_spell ? c->cap_spell * 2 : 8;
            char **v = realloc(r->spell_words, cap * sizeof *v);
            if (!v)
                return qb_nomem(c);
            r->spell_words = v;
            c->cap_spell = cap;
        }
        if (!(r->spell_words[r->n_spell_words] = strdup(raw->v[i])))
            return qb_nomem(c);
        r->n_spell_words++;
    }
    return 0;
}

/* One form built from terms, as a one-form unit; returns q (or NULL, with
 * q freed). */
shim_query *qb_single_unit(qb_ctx *c, unsigned column, int negated,
                           const char *label, const qb_terms *t, shim_query *q)
{
    if (!q)
        return NULL;
    qbuild_form *f = calloc(1, sizeof *f);
    if (!f) {
        shim_query_free(q);
        qb_nomem(c);
        return NULL;
    }
    if (qb_form_set(c, f, label, t) != 0) {
        free(f);
        shim_query_free(q);
        return NULL;
    }
    if (qb_add_unit(c, column, negated, f, 1, q) != 0) {  /* frees f */
        shim_query_free(q);
        return NULL;
    }
    return q;
}

/* --------------------------------------------------------- wildcards -- */

shim_query *qb_wildcard(qb_ctx *c, const char *text, unsigned column,
                        const char *prefix, const char *label, int negated)
{
    qb_terms raw;
    if (qb_text_terms(c, text, column, 1, "", "wildcard", &raw, NULL) != 0)
        return NULL;
    if (raw.n != 1) {
        qb_terms_clear(&raw);
        qb_fail(c, column, "the wildcard '%.*s*' at column %u splits into "
                "several words; a wildcard goes on a single word (try a "
                "phrase instead)", qb_clip(text), text, column);
        return NULL;
    }
    qb_terms pattern = {0}, pseudo = {0};
    shim_query *q = NULL;
    if (qb_terms_add(c, &pattern, prefix, raw.v[0]) == 0) {
        uint32_t limit = c->env->wildcard_limit ? c->env->wildcard_limit
                                                : QBUILD_DEFAULT_WILDCARD_LIMIT;
        /* Expanded here, against the whole index, when there is one: Xapian's
         * own wildcard expands and weighs shard by shard (shim_query_expand). */
        shim_status st = c->env->db ? shim_query_expand(c->env->db, pattern.v[0], limit, &q)
                                    : shim_query_wildcard(pattern.v[0], limit, &q);
        if (st == SHIM_ERR_WILDCARD)
            qb_fail(c, column, "a wildcard matches too many words ('%.*s*' at column %u "
                    "matches more than %u); make it longer", qb_clip(text), text, column,
                    (unsigned)limit), c->err->kind = QERR_WILDCARD;
        else if (st != SHIM_OK)
            qb_shim_fail(c, st, column);
        /* The form's pseudo-term "partner*" stands for any term with that
         * prefix: the search compares it with the terms a hit contains. */
        else if (qb_terms_add(c, &pseudo, pattern.v[0], "*") == 0)
            q = qb_single_unit(c, column, negated, label, &pseudo, q);
        else {
            shim_query_free(q);
            q = NULL;
        }
    }
    qb_terms_clear(&raw);
    qb_terms_clear(&pattern);
    qb_terms_clear(&pseudo);
    return q;
}
