/*
 * qbuild_internal.h: what the parts of the query builder share. Private to
 * query/qbuild*.c; the contract is qbuild.h.
 *
 *   qbuild.c            entry point, operators, words, phrases
 *   qbuild_near.c       NEAR and ADJ over words, wildcards, phrases and
 *                       groups of alternatives
 *   qbuild_variants.c   other ways people write a word or phrase (British
 *                       and American spellings, compounds, fiscal years)
 *   qbuild_terms.c      errors, terms, combinators, units and forms
 *   qbuild_fields.c     field conditions (authority:, section:, file:, ...)
 *   qbuild_thesaurus.c  runs of words and phrases that equal thesaurus forms
 *   qbuild_council.c    runs of words that name a council
 */
#ifndef LASEARCH_QBUILD_INTERNAL_H
#define LASEARCH_QBUILD_INTERNAL_H

#include "qbuild.h"

/* The state of one qbuild() call. Errors are sticky: once `failed` is set
 * the first message stays in err and every later step just unwinds. */
typedef struct qb_ctx {
    const qbuild_env *env;
    qbuild_result *out;
    qerror *err;
    int failed;
    int optional;               /* building under OR or XOR: a match need
                                   not match the units made now */
    uint32_t pos;               /* next query position for a term */
    size_t cap_units, cap_spell;
    shim_query **unit_queries;  /* parallel to out->units: for any_of */
} qb_ctx;

/* A list of index terms (malloc()ed strings). */
typedef struct qb_terms {
    char **v;
    size_t n;
} qb_terms;

/* ---- Interface to code in qbuild_terms.c ---- */

/* Record an error at column (printf-style message); returns -1. Only the
 * first error is kept. */
int qb_fail(qb_ctx *c, unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Record "out of memory" (or the shim's message for status st); -1. */
int qb_nomem(qb_ctx *c);
int qb_shim_fail(qb_ctx *c, shim_status st, unsigned column);

/* A user's text clipped for quoting in an error message: at most 40 bytes,
 * never cutting a UTF-8 character. Use as "%.*s", qb_clip(s), s. */
int qb_clip(const char *s);

void qb_terms_clear(qb_terms *t);
/* 1 if two term lists are equal. */
int qb_terms_equal(const qb_terms *a, const qb_terms *b);
/* Append a copy of prefix + term; 0 or -1 (out of memory, recorded). */
int qb_terms_add(qb_ctx *c, qb_terms *t, const char *prefix, const char *term);
/* The terms text stands for: folded, tokenised like the index, each token's
 * stem (or its unstemmed term when exact), with prefix applied the way
 * shim_termgen_index() applies it ("XH" + raw, "Z" + "XH" + stem). raw (may
 * be NULL) receives the unstemmed, unprefixed tokens. A text with no
 * searchable token gives no terms (out->n == 0) and is not an error here. */
int qb_analyse(qb_ctx *c, const char *text, unsigned column, int exact,
               const char *prefix, qb_terms *out, qb_terms *raw);
/* qb_analyse, where no searchable token is an error naming what at column. */
int qb_text_terms(qb_ctx *c, const char *text, unsigned column, int exact,
                  const char *prefix, const char *what, qb_terms *out,
                  qb_terms *raw);
/* One term as a query (wqf 1, the next query position). NULL on error. */
shim_query *qb_term_query(qb_ctx *c, const char *term, unsigned column);
/* One term as a query, or a PHRASE of several (exactly adjacent). NULL on
 * error (recorded). */
shim_query *qb_terms_query(qb_ctx *c, const qb_terms *t, unsigned column);

/* Fill a form with a copy of label and of the terms; 0 or -1. */
int qb_form_set(qb_ctx *c, qbuild_form *f, const char *label, const qb_terms *t);
void qb_form_clear(qbuild_form *f);
/* Clear forms[0..n) and free the array. */
void qb_forms_free(qbuild_form *forms, size_t n);
/* Record a unit: takes ownership of forms[0..n) (freed on failure too) and
 * keeps a copy of q for any_of. 0 or -1. */
int qb_add_unit(qb_ctx *c, unsigned column, int negated, qbuild_form *forms,
                size_t n, const shim_query *q);
/* Record q as a unit of one form (label, t); returns q, or NULL with q
 * freed on error. */
shim_query *qb_single_unit(qb_ctx *c, unsigned column, int negated,
                           const char *label, const qb_terms *t, shim_query *q);
/* Remember a folded word for spelling suggestions; 0 or -1. */
int qb_add_spell_words(qb_ctx *c, const qb_terms *raw);

/* Combine, freeing the subqueries whatever happens. NULL on error. */
shim_query *qb_combine(qb_ctx *c, shim_op op, shim_query **subs, size_t n,
                       uint32_t window, unsigned column);
/* q scaled by 0: a pure filter. Frees q. NULL on error. */
shim_query *qb_unweighted(qb_ctx *c, shim_query *q, unsigned column);
/* OP_WILDCARD over prefix + the unstemmed text (which must be one token),
 * recorded as a unit labelled label. NULL on error. */
shim_query *qb_wildcard(qb_ctx *c, const char *text, unsigned column,
                        const char *prefix, const char *label, int negated);

/* ---- Interface to code in qbuild.c ---- */

/* A plain word or phrase (no thesaurus): its query, recorded as a unit
 * whose forms are what was typed and its variants (qb_variants_find). */
shim_query *qb_word(qb_ctx *c, const qnode *n, int negated);

/* ---- Interface to code in qbuild_thesaurus.c ---- */

/* The typed text of kids[0..used), joined by spaces (malloc()ed): a unit's
 * first form. NULL out of memory (not recorded). */
char *qb_typed_text(qnode *const *kids, size_t used);

/* ---- Interface to code in qbuild_council.c ---- */

/* If kids[0..n) (children of an AND, from a run's start) begin with a
 * council's name or alias typed as plain words: the unit matching those
 * words or that council's paragraphs (ranked) in *q, the words taken in
 * *used; returns 1. 0 when they do not (or negated), -1 on error. */
int qb_council(qb_ctx *c, qnode *const *kids, size_t n, int negated, shim_query **q,
               size_t *used);

/* ---- Interface to code in qbuild_near.c ---- */

/* A Q_NEAR or Q_ADJ node: each operand recorded as a unit. NULL on error. */
shim_query *qb_near(qb_ctx *c, const qnode *n, int negated);

/* ---- Interface to code in qbuild_variants.c ---- */

/* One other way of writing a word or phrase, as the index has it. */
typedef struct qb_variant {
    char *label;          /* as a person would write it: "organisation" */
    qb_terms terms;       /* its terms, made like qb_analyse's (one term,
                             or several that must be adjacent) */
} qb_variant;

typedef struct qb_variants {
    qb_variant *v;
    size_t n;
} qb_variants;

/* The variants of a text whose unstemmed tokens are raw and whose terms
 * (stems) are typed: British and American spellings of each word, the
 * closed form of a two-word compound ("person centred": "personcentred")
 * and the spaced form of a closed one, and the other ways of writing a
 * fiscal year ("2023/24": "2023/2024", "2023 to 2024"). Only forms whose
 * terms the index has are given (none without an index), none equal to
 * typed or to another. 0, or -1 on error (recorded); out is empty then. */
int qb_variants_find(qb_ctx *c, const qb_terms *raw, const qb_terms *typed,
                     qb_variants *out);
void qb_variants_clear(qb_variants *v);

/* The British or American respellings of one folded word that rules give
 * ("organization": "organisation"), whether or not any index has them:
 * up to max into out[] (each malloc()ed), and how many were stored. */
size_t qb_respell(const char *word, char **out, size_t max);
/* ---- Interface to code in qbuild_fields.c ---- */

/* 1 if the node, as a whole, only filters (fields other than heading and like, and
 * operators over nothing else): it goes into FILTER's unweighted side. */
int qb_is_filter(const qnode *n);
/* A Q_FIELD node. Filters come back scaled by 0; heading is weighted and
 * recorded as a unit; like: is weighted (qb_like). NULL on error. */
shim_query *qb_field(qb_ctx *c, const qnode *n, int negated);

/* ---- Interface to code in qbuild_like.c ---- */

/* Distinctive terms of the paragraph like:ID looks for. */
#define QB_LIKE_TERMS 12
/* like:ID (a weighted Q_FIELD, not a filter): the OR of the paragraph's
 * QB_LIKE_TERMS most distinctive stems, without the paragraph itself.
 * An unknown id is an error at its column. NULL on error. */
shim_query *qb_like(qb_ctx *c, const qnode *n);

/* ---- Interface to code in qbuild_thesaurus.c ---- */

/* 1 if n may start or join a thesaurus match (a word or phrase, neither
 * exact nor wildcard). */
int qb_expandable(const qnode *n);
/* Look for the longest thesaurus form at kids[0] that ends at a child
 * boundary (a phrase only ever matches as a whole, on its own). Returns 1
 * with *q (recorded as one unit) and *used children consumed, 0 when no
 * form starts there (or there is no thesaurus), -1 on error. */
int qb_thesaurus(qb_ctx *c, qnode *const *kids, size_t n, int negated,
                 shim_query **q, size_t *used);

#endif /* LASEARCH_QBUILD_INTERNAL_H */
