/*
 * bench_plain.c: the plain-Xapian baseline. What a program that used
 * Xapian directly, with its defaults, would do with the same records:
 *
 *  - build: one process, one TermGenerator with the English stemmer and
 *    Xapian's default strategy (STEM_SOME: stems without positions, via
 *    SHIM_TG_STEM_SOME), no spelling data, the record's text as it is;
 *    the same facet filter terms as lasearch (schema.h) and the council
 *    in value slot SLOT_AUTHORITY for grouping; document data = the record.
 *  - query: the query built directly as Xapian queries (no parsing, no
 *    thesaurus: synonyms are written out in the query), exact totals,
 *    the top 10 hits' records decoded and snippeted.
 *
 * Queries are s-expressions:
 *   word                 its stem (Xapian's QueryParser does this with
 *                        STEM_SOME), or the word when it has none ("75")
 *   XSECTsafeguarding    a term starting with two capitals: as it is
 *   (and q...) (or q...) (not q q...)   AND, OR, first AND NOT the rest
 *   (phrase w...)        the unstemmed words, adjacent (STEM_SOME has
 *                        positions only for those)
 *   (filter q f...)      q, filtered by the rest
 *   (wild prefix)        every term starting with prefix (at most 1000)
 */
#include "index_doc.h"
#include "bench.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lasearch_shim.h"
#include "normalise.h"
#include "record.h"
#include "schema.h"
#include "section.h"

/* ---------------------------------------------------------- building -- */

typedef struct plain_build_ctx {
    shim_wdb *wdb;
    shim_termgen *tg;
    shim_doc *doc;
} plain_build_ctx;

static shim_status add_term(shim_doc *doc, const char *prefix, const char *value)
{
    char term[512];
    snprintf(term, sizeof term, "%s%s", prefix, value);
    return shim_doc_add_boolean_term(doc, term);
}

static shim_status fill(plain_build_ctx *c, const para_record *r)
{
    shim_doc *doc = c->doc;
    shim_status st = shim_doc_clear(doc);
    if (st == SHIM_OK)
        st = shim_termgen_set_document(c->tg, doc);
    if (st == SHIM_OK)
        st = shim_termgen_index(c->tg, r->text, strlen(r->text), NULL);
    char score[2] = {(char)('0' + r->score), '\0'};
    if (st == SHIM_OK)
        st = add_term(doc, PREFIX_ID, r->id);
    if (st == SHIM_OK)
        st = add_term(doc, PREFIX_FILE, r->file);
    if (st == SHIM_OK)
        st = add_term(doc, PREFIX_KIND, kind_name(r->kind));
    if (st == SHIM_OK && r->section >= 0)
        st = add_term(doc, PREFIX_SECTION, section_key(r->section));
    if (st == SHIM_OK && r->score)
        st = add_term(doc, PREFIX_SCORE, score);
    if (st == SHIM_OK && r->authority[0]) {
        char *key = NULL;
        if (norm_key(r->authority, strlen(r->authority), &key) != NORM_OK)
            st = SHIM_ERR_NOMEM;
        else
            st = add_term(doc, PREFIX_AUTHORITY, key);
        free(key);
    }
    if (st == SHIM_OK)
        st = shim_doc_set_value(doc, SLOT_AUTHORITY, r->authority, strlen(r->authority));
    if (st == SHIM_OK)
        st = index_doc_set_record(doc, r);
    return st;
}

static int add_doc(void *ctx, const corpus_doc *d)
{
    plain_build_ctx *c = ctx;
    for (size_t i = 0; i < d->n_paras; i++) {
        shim_status st = fill(c, &d->paras[i]);
        if (st == SHIM_OK)
            st = shim_wdb_add(c->wdb, c->doc, NULL);
        if (st != SHIM_OK) {
            fprintf(stderr, "plain: %s: %s\n", d->file, shim_last_error());
            return -1;
        }
    }
    return 0;
}

static int plain_index(const char *corpus, const char *db, shim_wdb_mode mode,
                       char *const *only, size_t n_only)
{
    double t0 = bench_now();
    plain_build_ctx c = {0};
    char err[512] = "";
    size_t paras = 0;
    shim_status st = shim_wdb_open(db, mode, &c.wdb);
    if (st == SHIM_OK)
        st = shim_termgen_new("en", SHIM_TG_STEM_SOME, &c.tg);
    if (st == SHIM_OK)
        st = shim_doc_new(&c.doc);
    /* An update deletes each changed file's paragraphs, then adds the new. */
    for (size_t i = 0; st == SHIM_OK && only && i < n_only; i++) {
        char term[512];
        snprintf(term, sizeof term, "%s%s", PREFIX_FILE, only[i]);
        st = shim_wdb_delete(c.wdb, term);
    }
    int rc = st == SHIM_OK ? 0 : -1;
    if (rc != 0)
        snprintf(err, sizeof err, "%s", shim_last_error());
    if (rc == 0)
        rc = bench_each_doc(corpus, only, n_only, add_doc, &c, &paras, NULL, err,
                            sizeof err);
    if (rc == 0 && shim_wdb_commit(c.wdb) != SHIM_OK) {
        snprintf(err, sizeof err, "%s", shim_last_error());
        rc = -1;
    }
    shim_wdb_free(c.wdb);
    shim_termgen_free(c.tg);
    shim_doc_free(c.doc);
    if (rc != 0) {
        fprintf(stderr, "plain: %s\n", err);
        return 1;
    }
    printf("seconds=%.6f\nparagraphs=%zu\n", bench_now() - t0, paras);
    return 0;
}

int plain_build(const char *corpus, const char *db)
{
    bench_remove_tree(db);
    return plain_index(corpus, db, SHIM_WDB_CREATE, NULL, 0);
}

int plain_update(const char *corpus, const char *db, char *const *only, size_t n_only)
{
    return plain_index(corpus, db, SHIM_WDB_CREATE_OR_OPEN, only, n_only);
}

/* ---------------------------------------------------------- querying -- */

struct plain_engine {
    shim_db *db;
    shim_termgen *tg;     /* for stemming query words only */
    uint32_t doccount;
};

int plain_open(const char *db, plain_engine **out, char *err, size_t errlen)
{
    plain_engine *e = calloc(1, sizeof *e);
    *out = NULL;
    if (!e || shim_db_open(db, &e->db) != SHIM_OK ||
        shim_db_doccount(e->db, &e->doccount) != SHIM_OK ||
        shim_termgen_new("en", 0, &e->tg) != SHIM_OK) {
        snprintf(err, errlen, "plain Xapian index '%s': %s", db, shim_last_error());
        plain_close(e);
        return -1;
    }
    *out = e;
    return 0;
}

void plain_close(plain_engine *e)
{
    if (!e)
        return;
    shim_termgen_free(e->tg);
    shim_db_free(e->db);
    free(e);
}

typedef struct sx {
    const char *p;
    plain_engine *e;
    int failed;
} sx;

static size_t sx_atom(sx *s, char *buf, size_t len)
{
    while (isspace((unsigned char)*s->p))
        s->p++;
    size_t n = 0;
    while (*s->p && !isspace((unsigned char)*s->p) && *s->p != '(' && *s->p != ')') {
        if (n + 1 < len)
            buf[n++] = *s->p;
        s->p++;
    }
    buf[n] = '\0';
    return n;
}

/* A word: its stem (or, in a phrase, the word), as the indexer made it. */
static shim_query *sx_word(sx *s, const char *w, int raw)
{
    shim_query *q = NULL;
    if (isupper((unsigned char)w[0]) && isupper((unsigned char)w[1])) {
        shim_query_term(w, 1, 0, &q);
        return q;
    }
    shim_tokens *t = NULL;
    if (shim_analyse(s->e->tg, w, strlen(w), &t) != SHIM_OK || shim_tokens_count(t) != 1) {
        shim_tokens_free(t);
        s->failed = 1;
        return NULL;
    }
    const char *stem = shim_tokens_stem(t, 0);
    shim_query_term(raw || !stem[0] ? shim_tokens_raw(t, 0) : stem, 1, 0, &q);
    shim_tokens_free(t);
    return q;
}

static shim_query *sx_expr(sx *s, int raw)
{
    char atom[256];
    while (isspace((unsigned char)*s->p))
        s->p++;
    if (*s->p != '(') {
        if (!sx_atom(s, atom, sizeof atom)) {
            s->failed = 1;
            return NULL;
        }
        return sx_word(s, atom, raw);
    }
    s->p++;
    sx_atom(s, atom, sizeof atom);
    if (strcmp(atom, "wild") == 0) {
        shim_query *q = NULL;
        sx_atom(s, atom, sizeof atom);
        if (shim_query_wildcard(atom, 1000, &q) != SHIM_OK)
            s->failed = 1;
        while (*s->p && *s->p++ != ')')
            ;
        return q;
    }
    shim_op op = strcmp(atom, "and") == 0      ? SHIM_OP_AND
                 : strcmp(atom, "or") == 0     ? SHIM_OP_OR
                 : strcmp(atom, "not") == 0    ? SHIM_OP_AND_NOT
                 : strcmp(atom, "phrase") == 0 ? SHIM_OP_PHRASE
                 : strcmp(atom, "filter") == 0 ? SHIM_OP_FILTER
                                               : (s->failed = 1, SHIM_OP_AND);
    shim_query *subs[16];
    size_t n = 0;
    for (;;) {
        while (isspace((unsigned char)*s->p))
            s->p++;
        if (!*s->p || *s->p == ')' || s->failed || n == 16)
            break;
        shim_query *q = sx_expr(s, raw || op == SHIM_OP_PHRASE);
        if (q)
            subs[n++] = q;
    }
    if (*s->p == ')')
        s->p++;
    else
        s->failed = 1;
    shim_query *q = NULL;
    if (!s->failed && n && shim_query_combine(op, subs, n, 0, &q) != SHIM_OK)
        s->failed = 1;
    for (size_t i = 0; i < n; i++)
        shim_query_free(subs[i]);
    return q;
}

/* The hit's record and its snippet: what showing a hit costs. */
static int show_hit(shim_mset *ms, size_t i)
{
    shim_doc *doc = NULL;
    const char *data;
    size_t len;
    para_record rec;
    char *snip = NULL;
    int ok = shim_mset_document(ms, i, &doc) == SHIM_OK &&
             shim_doc_data(doc, &data, &len) == SHIM_OK &&
             record_decode(data, len, &rec) == 0;
    if (ok) {
        ok = shim_mset_snippet(ms, rec.text, strlen(rec.text), 300, "**", "**", "...",
                               &snip) == SHIM_OK;
        free(snip);
        record_clear(&rec);
    }
    shim_doc_free(doc);
    return ok ? 0 : -1;
}

void plain_run(plain_engine *e, const char *query, int grouped, bench_answer *a)
{
    memset(a, 0, sizeof *a);
    sx s = {query, e, 0};
    shim_query *q = sx_expr(&s, 0);
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    shim_facet *spy = NULL;
    /* 153 councils and "undecided", 3 hits each */
    uint32_t max = grouped ? 154 * 3 : 10;
    int ok = q && !s.failed && shim_enquire_new(e->db, &enq) == SHIM_OK &&
             shim_enquire_set_query(enq, q) == SHIM_OK;
    if (ok && grouped)
        ok = shim_enquire_set_collapse(enq, SLOT_AUTHORITY, 3) == SHIM_OK &&
             shim_enquire_add_facet(enq, SLOT_AUTHORITY, &spy) == SHIM_OK;
    ok = ok && shim_enquire_run(enq, 0, max, e->doccount, &ms) == SHIM_OK;
    uint32_t lower, est, upper;
    int exact;
    ok = ok && shim_mset_estimates(ms, &lower, &est, &upper, &exact) == SHIM_OK;
    a->total = ok ? est : 0;
    if (ok && spy) {
        /* collapsed, the estimates count councils' kept hits: the spy saw
         * every match */
        shim_termlist *tl = NULL;
        ok = shim_facet_total(spy, &a->total) == SHIM_OK &&
             shim_facet_values(spy, &tl) == SHIM_OK;
        a->groups = (uint32_t)shim_termlist_size(tl);
        shim_termlist_free(tl);
    }
    /* Grouped: the best 3 of the first 10 councils are shown; the rest of
     * the collapsed hits are only looked at for their council. */
    char shown[10][128];
    size_t n_shown = 0, per[10] = {0};
    for (size_t i = 0; ok && i < shim_mset_size(ms); i++) {
        if (!grouped) {
            ok = show_hit(ms, i) == 0;
            continue;
        }
        shim_doc *doc = NULL;
        const char *v;
        size_t vlen;
        ok = shim_mset_document(ms, i, &doc) == SHIM_OK &&
             shim_doc_value(doc, SLOT_AUTHORITY, &v, &vlen) == SHIM_OK;
        char council[128] = "";
        if (ok)
            snprintf(council, sizeof council, "%.*s", (int)vlen, v);
        shim_doc_free(doc);
        size_t g = 0;
        while (g < n_shown && strcmp(shown[g], council) != 0)
            g++;
        if (ok && g == n_shown && n_shown < 10)
            memcpy(shown[n_shown++], council, sizeof council);
        if (ok && g < n_shown && per[g]++ < 3)
            ok = show_hit(ms, i) == 0;
    }
    a->error = !ok;
    shim_mset_free(ms);
    shim_enquire_free(enq);
    shim_query_free(q);
}
