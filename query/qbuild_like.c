/*
 * qbuild_like.c: like:ID, the paragraphs most like paragraph ID (see
 * qbuild.h). Its most distinctive words are its stems weighed by tf-idf
 * (wdf x ln(N / termfreq), N the paragraphs in the index), stop words and
 * words no other paragraph has left out; the best QB_LIKE_TERMS of them,
 * OR-ed, rank the other paragraphs by BM25, so a paragraph sharing more of
 * the rarer words comes first. The paragraph itself is excluded.
 */
#include "qbuild_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "stopwords.h"

typedef struct like_term {
    char *term;
    double weight;
} like_term;

static int cmp_terms(const void *a, const void *b)
{
    const like_term *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return strcmp(x->term, y->term);   /* the same choice on any layout */
}

/* A stem of the paragraph's text: "Z" and a lower-case letter (not a
 * heading's "ZXH", nor a boolean term). */
static int text_stem(const char *t)
{
    return t[0] == 'Z' && ((t[1] >= 'a' && t[1] <= 'z') || (unsigned char)t[1] >= 0x80);
}

/* The document whose id term is idterm, or NULL (not found: *found 0). */
static shim_doc *find_doc(qb_ctx *c, const char *idterm, unsigned column, int *found)
{
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    shim_query *q = NULL;
    shim_doc *doc = NULL;
    shim_status st = shim_query_term(idterm, 1, 0, &q);
    if (st == SHIM_OK)
        st = shim_enquire_new(c->env->db, &enq);
    if (st == SHIM_OK)
        st = shim_enquire_set_query(enq, q);
    if (st == SHIM_OK)
        st = shim_enquire_run(enq, 0, 1, 1, &ms);
    *found = st == SHIM_OK && shim_mset_size(ms) > 0;
    if (*found)
        st = shim_mset_document(ms, 0, &doc);
    if (st != SHIM_OK)
        qb_shim_fail(c, st, column);
    shim_mset_free(ms);
    shim_enquire_free(enq);
    shim_query_free(q);
    return doc;
}

/* Its distinctive terms, best first, into *out (*n of them). */
static int pick_terms(qb_ctx *c, shim_doc *doc, unsigned column, like_term **out, size_t *n)
{
    shim_termlist *tl = NULL;
    uint32_t docs = 0;
    shim_status st = shim_doc_terms(doc, &tl);
    if (st == SHIM_OK)
        st = shim_db_doccount(c->env->db, &docs);
    if (st != SHIM_OK) {
        shim_termlist_free(tl);
        return qb_shim_fail(c, st, column);
    }
    like_term *v = calloc(shim_termlist_size(tl) + 1, sizeof *v);
    const char *term;
    uint32_t wdf, tf;
    int nomem = !v;
    *n = 0;
    while (!nomem && shim_termlist_next(tl, &term, &wdf)) {
        if (!text_stem(term) || stopword_is(term + 1, strlen(term + 1)))
            continue;
        if (shim_db_termfreq(c->env->db, term, &tf) != SHIM_OK || tf < 2)
            continue;   /* no other paragraph has it: it cannot find one */
        if (!(v[*n].term = strdup(term))) {
            nomem = 1;
            break;
        }
        v[*n].weight = wdf * log((double)docs / tf);
        (*n)++;
    }
    shim_termlist_free(tl);
    if (nomem) {
        for (size_t i = 0; i < *n; i++)
            free(v[i].term);
        free(v);
        *n = 0;
        return qb_nomem(c);
    }
    qsort(v, *n, sizeof *v, cmp_terms);
    *out = v;
    return 0;
}

shim_query *qb_like(qb_ctx *c, const qnode *n)
{
    char *idterm = malloc(strlen(PREFIX_ID) + strlen(n->text) + 1);
    if (!idterm) {
        qb_nomem(c);
        return NULL;
    }
    strcpy(idterm, PREFIX_ID);
    strcat(idterm, n->text);
    int found = 0;
    shim_doc *doc = find_doc(c, idterm, n->column, &found);
    if (!found && !c->failed)
        qb_fail(c, n->column, "like: at column %u: no paragraph has the id '%.*s' "
                "(every hit shows its id)", n->column, qb_clip(n->text), n->text);
    like_term *terms = NULL;
    size_t nt = 0;
    if (doc && !c->failed)
        pick_terms(c, doc, n->column, &terms, &nt);
    shim_doc_free(doc);
    shim_query *q = NULL;
    /* A paragraph with no word another has (a lone number, a name): like
     * nothing. */
    if (!c->failed && nt == 0 && shim_query_match_nothing(&q) != SHIM_OK)
        qb_nomem(c);
    size_t k = nt < QB_LIKE_TERMS ? nt : QB_LIKE_TERMS;
    /* the k terms, OR-ed, then the paragraph itself as the second operand
     * of AND_NOT */
    shim_query *subs[QB_LIKE_TERMS + 1] = {0};
    size_t made = 0;
    for (size_t i = 0; i < k && !c->failed; i++, made++)
        if (shim_query_term(terms[i].term, 1, 0, &subs[i]) != SHIM_OK)
            qb_nomem(c);
    if (!c->failed && made) {
        shim_query *pair[2] = {qb_combine(c, SHIM_OP_OR, subs, made, 0, n->column), NULL};
        made = 0;   /* qb_combine freed them */
        if (pair[0] && shim_query_term(idterm, 1, 0, &pair[1]) != SHIM_OK) {
            shim_query_free(pair[0]);
            qb_nomem(c);
        } else if (pair[0]) {
            q = qb_combine(c, SHIM_OP_AND_NOT, pair, 2, 0, n->column);
        }
    }
    for (size_t i = 0; i < made; i++)
        shim_query_free(subs[i]);
    for (size_t i = 0; i < nt; i++)
        free(terms[i].term);
    free(terms);
    free(idterm);
    return q;
}
