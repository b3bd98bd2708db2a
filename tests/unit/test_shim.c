/*
 * test_shim.c: the C API over Xapian, exercised through its public header
 * only, against real databases in a temporary directory.
 */
#include "check.h"
#include "lasearch_shim.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------- helpers -- */

static char tmpdir[1024];

/* A path under the test's temporary directory (one of a few rotating
 * buffers, so several can be live at once). */
static const char *tpath(const char *name)
{
    return check_path(tmpdir, name);
}

static shim_query *T(const char *term)
{
    shim_query *q = NULL;
    shim_status st = shim_query_term(term, 0, 0, &q);
    CHECK(st == SHIM_OK, "shim_query_term(%s): %s", term, shim_last_error());
    return q;
}

/* Combine n subqueries and free them. */
static shim_query *C(shim_op op, uint32_t window, size_t n, ...)
{
    shim_query *subs[8] = {0};
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n && i < 8; i++)
        subs[i] = va_arg(ap, shim_query *);
    va_end(ap);
    shim_query *q = NULL;
    shim_status st = shim_query_combine(op, subs, n, window, &q);
    CHECK(st == SHIM_OK, "shim_query_combine(op %d): %s", (int)op, shim_last_error());
    for (size_t i = 0; i < n && i < 8; i++)
        shim_query_free(subs[i]);
    return q;
}

static shim_query *scaled(shim_query *q, double factor)
{
    shim_query *s = NULL;
    CHECK_INT(shim_query_scale(q, factor, &s), SHIM_OK);
    shim_query_free(q);
    return s;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The docids of ms as "1 2 3", in rank order or sorted. */
static const char *mset_ids(const shim_mset *ms, int sorted)
{
    static char buf[512];
    uint32_t ids[64];
    size_t n = shim_mset_size(ms);
    if (n > 64)
        n = 64;
    for (size_t i = 0; i < n; i++) {
        shim_hit h;
        CHECK_INT(shim_mset_hit(ms, i, &h), SHIM_OK);
        ids[i] = h.docid;
    }
    if (sorted)
        qsort(ids, n, sizeof ids[0], cmp_u32);
    buf[0] = '\0';
    size_t off = 0;
    for (size_t i = 0; i < n; i++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%u", i ? " " : "", ids[i]);
    return buf;
}

/* Run q (freed here) over db; return the sorted docids, or "ERR <status>". */
static const char *hits(shim_db *db, shim_query *q)
{
    static char err[64];
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    shim_status st = shim_enquire_new(db, &enq);
    if (st == SHIM_OK)
        st = q ? shim_enquire_set_query(enq, q) : SHIM_ERR_ARG;
    if (st == SHIM_OK)
        st = shim_enquire_run(enq, 0, 50, 50, &ms);
    const char *r;
    if (st == SHIM_OK) {
        r = mset_ids(ms, 1);
    } else {
        snprintf(err, sizeof err, "ERR %d", (int)st);
        r = err;
    }
    shim_mset_free(ms);
    shim_enquire_free(enq);
    shim_query_free(q);
    return r;
}

/* Weight of docid in ms (-1 if absent). */
static double weight_of(const shim_mset *ms, uint32_t docid)
{
    for (size_t i = 0; i < shim_mset_size(ms); i++) {
        shim_hit h;
        if (shim_mset_hit(ms, i, &h) == SHIM_OK && h.docid == docid)
            return h.weight;
    }
    return -1;
}

static shim_mset *run(shim_enquire *enq, shim_query *q, uint32_t check_at_least)
{
    shim_mset *ms = NULL;
    CHECK_INT(shim_enquire_set_query(enq, q), SHIM_OK);
    shim_status st = shim_enquire_run(enq, 0, 50, check_at_least, &ms);
    CHECK(st == SHIM_OK, "shim_enquire_run: %s", shim_last_error());
    shim_query_free(q);
    return ms;
}

/* The entries of tl as "term:freq term:freq"; frees tl. */
static const char *tl_str(shim_termlist *tl)
{
    static char buf[1024];
    const char *term;
    uint32_t freq;
    size_t off = 0;
    buf[0] = '\0';
    while (shim_termlist_next(tl, &term, &freq) && off < sizeof buf)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s:%u", off ? " " : "", term,
                                freq);
    shim_termlist_free(tl);
    return buf;
}

static int tl_has(shim_termlist *tl, const char *want, uint32_t *freq_out)
{
    const char *term;
    uint32_t freq;
    int found = 0;
    while (shim_termlist_next(tl, &term, &freq))
        if (strcmp(term, want) == 0) {
            found = 1;
            if (freq_out)
                *freq_out = freq;
        }
    return found;
}

/* ------------------------------------------------------------- fixture -- */

struct fixture_doc {
    const char *heading; /* indexed with prefix XH before the body */
    const char *body;
    const char *year;    /* slot 0 */
    const char *auth;    /* slot 1 */
};

static const struct fixture_doc docs[] = {
    {"Care and support", "Delays in hospital discharges harm safeguarding of patients.", "2019",
     "authA"},
    {NULL, "The hospital discharge team met weekly.", "2021", "authA"},
    {NULL, "Discharges from hospital were delayed.", "2018", "authB"},
    {NULL, "Carers need support with co-production of care plans.", "2020", "authB"},
    {NULL, "Section 75 agreements and safeguarding adults boards.", "2022", "authC"},
    {NULL, "Appendix: glossary of terms.", NULL, NULL},
};
#define NDOCS (sizeof docs / sizeof docs[0])

static const char data1[] = "rec1\0tail"; /* 9 bytes with an embedded NUL */

static void build_db1(const char *path)
{
    shim_wdb *wdb = NULL;
    shim_termgen *tg = NULL;
    shim_doc *doc = NULL;
    CHECK_INT(shim_wdb_open(path, SHIM_WDB_CREATE, &wdb), SHIM_OK);
    CHECK_INT(shim_termgen_new("en", SHIM_TG_SPELLING, &tg), SHIM_OK);
    CHECK_INT(shim_termgen_set_database(tg, wdb), SHIM_OK);
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    for (size_t i = 0; i < NDOCS; i++) {
        char uid[16], auth_term[32];
        CHECK_INT(shim_doc_clear(doc), SHIM_OK);
        CHECK_INT(shim_termgen_set_document(tg, doc), SHIM_OK);
        if (docs[i].heading) {
            CHECK_INT(shim_termgen_index(tg, docs[i].heading, strlen(docs[i].heading), "XH"),
                      SHIM_OK);
            CHECK_INT(shim_termgen_skip(tg, 100), SHIM_OK);
        }
        CHECK_INT(shim_termgen_index(tg, docs[i].body, strlen(docs[i].body), NULL), SHIM_OK);
        if (docs[i].year)
            CHECK_INT(shim_doc_set_value(doc, 0, docs[i].year, strlen(docs[i].year)), SHIM_OK);
        if (docs[i].auth) {
            CHECK_INT(shim_doc_set_value(doc, 1, docs[i].auth, strlen(docs[i].auth)), SHIM_OK);
            snprintf(auth_term, sizeof auth_term, "A%s", docs[i].auth);
            for (char *p = auth_term + 1; *p; p++)
                *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
            CHECK_INT(shim_doc_add_boolean_term(doc, auth_term), SHIM_OK);
        }
        snprintf(uid, sizeof uid, "Q%zu", i + 1);
        CHECK_INT(shim_doc_add_boolean_term(doc, uid), SHIM_OK);
        if (i == 0)
            CHECK_INT(shim_doc_set_data(doc, data1, sizeof data1 - 1), SHIM_OK);
        else
            CHECK_INT(shim_doc_set_data(doc, docs[i].body, strlen(docs[i].body)), SHIM_OK);
        uint32_t id = 0;
        CHECK_INT(shim_wdb_add(wdb, doc, &id), SHIM_OK);
        CHECK_INT(id, i + 1);
    }
    CHECK_INT(shim_wdb_set_metadata(wdb, "schema", "1"), SHIM_OK);
    uint32_t n = 0;
    CHECK_INT(shim_wdb_doccount(wdb, &n), SHIM_OK);
    CHECK_INT(n, NDOCS);
    CHECK_INT(shim_wdb_commit(wdb), SHIM_OK);
    shim_doc_free(doc);
    shim_termgen_free(tg);
    CHECK_INT(shim_wdb_close(wdb), SHIM_OK);
}

/* One-document database: "alpha beta", a gap of 10, "gamma"; unique id Qa. */
static void build_db3(const char *path)
{
    shim_wdb *wdb = NULL;
    shim_termgen *tg = NULL;
    shim_doc *doc = NULL;
    CHECK_INT(shim_wdb_open(path, SHIM_WDB_CREATE_OR_OVERWRITE, &wdb), SHIM_OK);
    CHECK_INT(shim_termgen_new(NULL, 0, &tg), SHIM_OK);
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    CHECK_INT(shim_termgen_set_document(tg, doc), SHIM_OK);
    CHECK_INT(shim_termgen_index(tg, "alpha beta", 10, ""), SHIM_OK);
    CHECK_INT(shim_termgen_skip(tg, 10), SHIM_OK);
    CHECK_INT(shim_termgen_index(tg, "gamma", 5, NULL), SHIM_OK);
    CHECK_INT(shim_doc_add_boolean_term(doc, "Qa"), SHIM_OK);
    CHECK_INT(shim_wdb_add(wdb, doc, NULL), SHIM_OK);
    shim_doc_free(doc);
    shim_termgen_free(tg);
    CHECK_INT(shim_wdb_close(wdb), SHIM_OK);
}

/* --------------------------------------------------------------- tests -- */

static void test_status(void)
{
    for (int a = SHIM_OK; a <= SHIM_ERR_INTERNAL; a++) {
        const char *s = shim_status_string((shim_status)a);
        CHECK(s != NULL && *s, "status %d has no description", a);
        for (int b = SHIM_OK; b < a; b++)
            CHECK(strcmp(s, shim_status_string((shim_status)b)) != 0,
                  "statuses %d and %d share \"%s\"", a, b, s);
    }
    const char *unknown = shim_status_string((shim_status)999);
    CHECK(unknown != NULL && *unknown, "unknown status has no description");
    const char *v = shim_xapian_version();
    CHECK(v != NULL && strncmp(v, "1.", 2) == 0, "version \"%s\"", v ? v : "(null)");
}

static void test_analyse(void)
{
    shim_termgen *tg = NULL;
    shim_tokens *toks = NULL;
    CHECK_INT(shim_termgen_new("en", 0, &tg), SHIM_OK);

    const char *text = "Section 75 s.75 carer\xe2\x80\x99s co-production 1,296 hospital discharges";
    static const char *raw[] = {"section", "75", "s", "75", "carer's",
                                "co", "production", "1,296", "hospital", "discharges"};
    static const char *stem[] = {"Zsection", "", "Zs", "", "Zcarer",
                                 "Zco", "Zproduct", "", "Zhospit", "Zdischarg"};
    CHECK_INT(shim_analyse(tg, text, strlen(text), &toks), SHIM_OK);
    CHECK_INT(shim_tokens_count(toks), 10);
    for (size_t i = 0; i < 10 && i < shim_tokens_count(toks); i++) {
        CHECK_STR(shim_tokens_raw(toks, i), raw[i]);
        CHECK_STR(shim_tokens_stem(toks, i), stem[i]);
    }
    CHECK(shim_tokens_raw(toks, 10) == NULL, "raw past the end is not NULL");
    CHECK(shim_tokens_stem(toks, 99) == NULL, "stem past the end is not NULL");
    shim_tokens_free(toks);

    toks = NULL;
    CHECK_INT(shim_analyse(tg, "care Care CARE", 14, &toks), SHIM_OK);
    CHECK_INT(shim_tokens_count(toks), 3);
    for (size_t i = 0; i < 3 && i < shim_tokens_count(toks); i++) {
        CHECK_STR(shim_tokens_raw(toks, i), "care");
        CHECK_STR(shim_tokens_stem(toks, i), "Zcare");
    }
    shim_tokens_free(toks);

    toks = NULL;
    CHECK_INT(shim_analyse(tg, "", 0, &toks), SHIM_OK);
    CHECK(toks != NULL, "empty text gives no token list");
    CHECK_INT(shim_tokens_count(toks), 0);
    shim_tokens_free(toks);
    toks = NULL;
    CHECK_INT(shim_analyse(tg, NULL, 0, &toks), SHIM_OK);
    CHECK_INT(shim_tokens_count(toks), 0);
    shim_tokens_free(toks);
    toks = (shim_tokens *)1;
    CHECK_INT(shim_analyse(tg, NULL, 3, &toks), SHIM_ERR_ARG);
    CHECK(toks == NULL, "out not cleared on failure");
    shim_termgen_free(tg);

    /* No stemmer: words only, no stems. */
    tg = NULL;
    toks = NULL;
    CHECK_INT(shim_termgen_new("none", 0, &tg), SHIM_OK);
    CHECK_INT(shim_analyse(tg, "hospital discharges", 19, &toks), SHIM_OK);
    CHECK_INT(shim_tokens_count(toks), 2);
    CHECK_STR(shim_tokens_raw(toks, 1), "discharges");
    CHECK_STR(shim_tokens_stem(toks, 1), "");
    shim_tokens_free(toks);
    shim_termgen_free(tg);

    tg = (shim_termgen *)1;
    CHECK_INT(shim_termgen_new("klingon", 0, &tg), SHIM_ERR_ARG);
    CHECK(tg == NULL, "out not cleared on failure");
    CHECK(strstr(shim_last_error(), "InvalidArgumentError") != NULL, "message \"%s\"",
          shim_last_error());
    CHECK_INT(shim_termgen_new("en", 0x100, &tg), SHIM_ERR_ARG);

    /* Spelling needs a database; indexing needs a document. */
    shim_doc *doc = NULL;
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    CHECK_INT(shim_termgen_new("en", SHIM_TG_SPELLING, &tg), SHIM_OK);
    CHECK_INT(shim_termgen_index(tg, "x", 1, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_termgen_set_document(tg, doc), SHIM_OK);
    CHECK_INT(shim_termgen_index(tg, "x", 1, NULL), SHIM_ERR_ARG);
    shim_termgen_free(tg);
    CHECK_INT(shim_termgen_new("en", 0, &tg), SHIM_OK);
    CHECK_INT(shim_termgen_index(tg, "x", 1, NULL), SHIM_ERR_ARG);
    shim_termgen_free(tg);
    shim_doc_free(doc);
}

static void test_documents(void)
{
    shim_doc *doc = NULL;
    const char *p, *q;
    size_t len = 99;
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    CHECK_INT(shim_doc_data(doc, &p, &len), SHIM_OK);
    CHECK_INT(len, 0);
    CHECK_STR(p, "");
    CHECK_INT(shim_doc_set_value(doc, 3, "v3", 2), SHIM_OK);
    CHECK_INT(shim_doc_set_value(doc, 4, "v4", 2), SHIM_OK);
    CHECK_INT(shim_doc_value(doc, 3, &p, &len), SHIM_OK);
    CHECK_INT(shim_doc_value(doc, 4, &q, &len), SHIM_OK);
    /* Both borrowed pointers stay valid together. */
    CHECK_STR(p, "v3");
    CHECK_STR(q, "v4");
    CHECK_INT(shim_doc_value(doc, 5, &p, &len), SHIM_OK);
    CHECK_INT(len, 0);
    CHECK_STR(p, "");
    CHECK_INT(shim_doc_add_posting(doc, "word", 1), SHIM_OK);
    CHECK_INT(shim_doc_add_posting(doc, "word", 2), SHIM_OK);
    CHECK_INT(shim_doc_add_boolean_term(doc, "Qx"), SHIM_OK);
    CHECK_INT(shim_doc_add_posting(doc, "", 1), SHIM_ERR_ARG);
    CHECK_INT(shim_doc_add_boolean_term(doc, ""), SHIM_ERR_ARG);
    CHECK_INT(shim_doc_set_data(doc, NULL, 4), SHIM_ERR_ARG);
    shim_termlist *tl = NULL;
    CHECK_INT(shim_doc_terms(doc, &tl), SHIM_OK);
    CHECK_INT(shim_termlist_size(tl), 2);
    CHECK_STR(tl_str(tl), "Qx:0 word:2");
    CHECK_INT(shim_doc_clear(doc), SHIM_OK);
    tl = NULL;
    CHECK_INT(shim_doc_terms(doc, &tl), SHIM_OK);
    CHECK_INT(shim_termlist_size(tl), 0);
    shim_termlist_free(tl);
    CHECK_INT(shim_doc_value(doc, 3, &p, &len), SHIM_OK);
    CHECK_INT(len, 0);
    shim_doc_free(doc);
}

static void test_reading(shim_db *db)
{
    uint32_t n = 0;
    CHECK_INT(shim_db_doccount(db, &n), SHIM_OK);
    CHECK_INT(n, NDOCS);
    CHECK_INT(shim_db_termfreq(db, "Zhospit", &n), SHIM_OK);
    CHECK_INT(n, 3);
    CHECK_INT(shim_db_termfreq(db, "hospital", &n), SHIM_OK);
    CHECK_INT(n, 3);
    CHECK_INT(shim_db_termfreq(db, "ZXHcare", &n), SHIM_OK);
    CHECK_INT(n, 1);
    CHECK_INT(shim_db_termfreq(db, "nosuchterm", &n), SHIM_OK);
    CHECK_INT(n, 0);

    char *s = NULL;
    CHECK_INT(shim_db_metadata(db, "schema", &s), SHIM_OK);
    CHECK_STR(s, "1");
    free(s);
    s = NULL;
    CHECK_INT(shim_db_metadata(db, "unset", &s), SHIM_OK);
    CHECK_STR(s, "");
    free(s);

    shim_termlist *tl = NULL;
    CHECK_INT(shim_db_allterms(db, "Q", &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "Q1:1 Q2:1 Q3:1 Q4:1 Q5:1 Q6:1");
    tl = NULL;
    CHECK_INT(shim_db_allterms(db, "XH", &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "XHand:1 XHcare:1 XHsupport:1");
    tl = NULL;
    CHECK_INT(shim_db_allterms(db, "Aauth", &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "Aautha:2 Aauthb:2 Aauthc:1");
    tl = NULL;
    CHECK_INT(shim_db_allterms(db, NULL, &tl), SHIM_OK);
    CHECK(shim_termlist_size(tl) > 40, "only %zu terms", shim_termlist_size(tl));
    shim_termlist_free(tl);

    /* The document, as written. */
    shim_doc *doc = NULL;
    const char *p;
    size_t len;
    CHECK_INT(shim_db_document(db, 1, &doc), SHIM_OK);
    CHECK_INT(shim_doc_data(doc, &p, &len), SHIM_OK);
    CHECK_INT(len, sizeof data1 - 1);
    CHECK(len == sizeof data1 - 1 && memcmp(p, data1, len) == 0, "data differs");
    CHECK_INT(shim_doc_value(doc, 0, &p, &len), SHIM_OK);
    CHECK_STR(p, "2019");
    CHECK_INT(shim_doc_value(doc, 1, &p, &len), SHIM_OK);
    CHECK_STR(p, "authA");
    tl = NULL;
    uint32_t wdf = 99;
    CHECK_INT(shim_doc_terms(doc, &tl), SHIM_OK);
    CHECK(tl_has(tl, "Aautha", &wdf) && wdf == 0, "boolean term Aautha wdf %u", wdf);
    shim_termlist_free(tl);
    tl = NULL;
    CHECK_INT(shim_doc_terms(doc, &tl), SHIM_OK);
    CHECK(tl_has(tl, "Zhospit", &wdf) && wdf == 1, "Zhospit wdf %u", wdf);
    shim_termlist_free(tl);
    tl = NULL;
    CHECK_INT(shim_doc_terms(doc, &tl), SHIM_OK);
    CHECK(tl_has(tl, "XHcare", NULL), "heading term XHcare missing");
    shim_termlist_free(tl);
    shim_doc_free(doc);

    doc = (shim_doc *)1;
    CHECK_INT(shim_db_document(db, 99, &doc), SHIM_ERR_NOT_FOUND);
    CHECK(doc == NULL, "out not cleared on failure");
    CHECK(strstr(shim_last_error(), "DocNotFoundError") != NULL, "message \"%s\"",
          shim_last_error());
    CHECK_INT(shim_db_document(db, 0, &doc), SHIM_ERR_NOT_FOUND);

    /* shim_analyse splits text exactly as indexing did: each of its terms
     * is in the index. */
    shim_termgen *tg = NULL;
    shim_tokens *toks = NULL;
    CHECK_INT(shim_termgen_new("en", 0, &tg), SHIM_OK);
    CHECK_INT(shim_analyse(tg, docs[3].body, strlen(docs[3].body), &toks), SHIM_OK);
    CHECK_INT(shim_tokens_count(toks), 9);
    for (size_t i = 0; i < shim_tokens_count(toks); i++) {
        CHECK_INT(shim_db_termfreq(db, shim_tokens_raw(toks, i), &n), SHIM_OK);
        CHECK(n >= 1, "raw term %s not indexed", shim_tokens_raw(toks, i));
        CHECK_INT(shim_db_termfreq(db, shim_tokens_stem(toks, i), &n), SHIM_OK);
        CHECK(n >= 1, "stem %s not indexed", shim_tokens_stem(toks, i));
    }
    shim_tokens_free(toks);
    shim_termgen_free(tg);

    /* Spelling data came from the unprefixed text. */
    s = NULL;
    CHECK_INT(shim_db_spelling(db, "safegarding", 0, &s), SHIM_OK);
    CHECK_STR(s, "safeguarding");
    free(s);
    s = NULL;
    CHECK_INT(shim_db_spelling(db, "hospitl", 1, &s), SHIM_OK);
    CHECK_STR(s, "hospital");
    free(s);
    s = NULL;
    CHECK_INT(shim_db_spelling(db, "qqqqqqqq", 0, &s), SHIM_OK);
    CHECK_STR(s, "");
    free(s);
}

static void test_queries(shim_db *db)
{
    shim_termgen *tg = NULL;
    shim_tokens *toks = NULL;
    CHECK_INT(shim_termgen_new("en", 0, &tg), SHIM_OK);
    CHECK_INT(shim_analyse(tg, "hospital discharge", 18, &toks), SHIM_OK);
    const char *s0 = shim_tokens_stem(toks, 0), *s1 = shim_tokens_stem(toks, 1);
    CHECK_STR(s0, "Zhospit");
    CHECK_STR(s1, "Zdischarg");

    /* Phrases over stems match inflected forms; unstemmed ones do not. */
    CHECK_STR(hits(db, C(SHIM_OP_PHRASE, 0, 2, T(s0), T(s1))), "1 2");
    CHECK_STR(hits(db, C(SHIM_OP_PHRASE, 0, 2, T("hospital"), T("discharge"))), "2");
    CHECK_STR(hits(db, C(SHIM_OP_PHRASE, 0, 2, T(s1), T(s0))), "");
    CHECK_STR(hits(db, C(SHIM_OP_NEAR, 3, 2, T(s0), T(s1))), "1 2 3");
    CHECK_STR(hits(db, C(SHIM_OP_PHRASE, 0, 2, C(SHIM_OP_OR, 0, 2, T("Zclinic"), T(s0)), T(s1))),
              "1 2");
    shim_tokens_free(toks);
    shim_termgen_free(tg);

    /* Position gaps keep phrases inside one field. */
    CHECK_STR(hits(db, C(SHIM_OP_PHRASE, 0, 2, T("XHsupport"), T("delays"))), "");

    CHECK_STR(hits(db, C(SHIM_OP_AND, 0, 2, T("Zhospit"), T("Zdischarg"))), "1 2 3");
    CHECK_STR(hits(db, C(SHIM_OP_OR, 0, 2, T("Zsafeguard"), T("Zcarer"))), "1 4 5");
    CHECK_STR(hits(db, C(SHIM_OP_AND_NOT, 0, 2, T("Zhospit"), T("Zdelay"))), "2");
    CHECK_STR(hits(db, C(SHIM_OP_XOR, 0, 2, T("Zhospit"), T("Zsafeguard"))), "2 3 5");
    CHECK_STR(hits(db, C(SHIM_OP_FILTER, 0, 2, T("Zhospit"), T("Aautha"))), "1 2");
    CHECK_STR(hits(db, C(SHIM_OP_SYNONYM, 0, 2, T("Zhospit"), T("Zcarer"))), "1 2 3 4");
    CHECK_STR(hits(db, C(SHIM_OP_MAX, 0, 2, T("Zhospit"), T("Zcarer"))), "1 2 3 4");
    CHECK_STR(hits(db, C(SHIM_OP_ELITE_SET, 1, 2, T("Zhospit"), T("Zsection"))), "5");
    CHECK_STR(hits(db, C(SHIM_OP_AND_MAYBE, 0, 2, T("Zhospit"), T("Zdelay"))), "1 2 3");

    shim_query *q = NULL;
    CHECK_INT(shim_query_match_all(&q), SHIM_OK);
    CHECK_STR(hits(db, q), "1 2 3 4 5 6");
    q = NULL;
    CHECK_INT(shim_query_match_nothing(&q), SHIM_OK);
    CHECK_STR(hits(db, q), "");

    /* Weights: FILTER and scale 0 add nothing; AND_MAYBE adds. */
    shim_enquire *enq = NULL;
    CHECK_INT(shim_enquire_new(db, &enq), SHIM_OK);
    shim_mset *plain = run(enq, T("Zhospit"), 10);
    shim_mset *filt = run(enq, C(SHIM_OP_FILTER, 0, 2, T("Zhospit"), T("Aautha")), 10);
    shim_mset *and0 = run(enq, C(SHIM_OP_AND, 0, 2, T("Zhospit"), scaled(T("Aautha"), 0)), 10);
    shim_mset *maybe = run(enq, C(SHIM_OP_AND_MAYBE, 0, 2, T("Zhospit"), T("Zdelay")), 10);
    shim_mset *only0 = run(enq, scaled(T("Aautha"), 0), 10);
    double w1 = weight_of(plain, 1);
    CHECK(w1 > 0, "plain weight %g", w1);
    CHECK(fabs(weight_of(filt, 1) - w1) < 1e-9, "FILTER changed weight: %g vs %g",
          weight_of(filt, 1), w1);
    CHECK(fabs(weight_of(and0, 1) - w1) < 1e-9, "scale 0 added weight: %g vs %g",
          weight_of(and0, 1), w1);
    CHECK(weight_of(maybe, 1) > w1 + 1e-9, "AND_MAYBE added nothing");
    CHECK(fabs(weight_of(maybe, 2) - weight_of(plain, 2)) < 1e-9, "AND_MAYBE changed doc 2");
    CHECK_STR(mset_ids(only0, 1), "1 2");
    CHECK(weight_of(only0, 1) == 0.0, "scaled-to-0 weight %g", weight_of(only0, 1));
    shim_hit h;
    CHECK_INT(shim_mset_hit(plain, 0, &h), SHIM_OK);
    CHECK(h.percent > 0 && h.percent <= 100, "percent %d", h.percent);
    CHECK(h.weight >= weight_of(plain, 2) && h.weight >= weight_of(plain, 3), "not ranked");
    shim_mset_free(plain);
    shim_mset_free(filt);
    shim_mset_free(and0);
    shim_mset_free(maybe);
    shim_mset_free(only0);

    /* Matching terms of one document. */
    shim_mset *ms = run(enq, C(SHIM_OP_OR, 0, 3, T("Zhospit"), T("Zsafeguard"), T("Zcarer")), 10);
    shim_termlist *tl = NULL;
    CHECK_INT(shim_enquire_matching_terms(enq, 1, &tl), SHIM_OK);
    CHECK_INT(shim_termlist_size(tl), 2);
    CHECK(tl_has(tl, "Zhospit", NULL), "Zhospit not matching");
    shim_termlist_free(tl);
    tl = NULL;
    CHECK_INT(shim_enquire_matching_terms(enq, 1, &tl), SHIM_OK);
    CHECK(tl_has(tl, "Zsafeguard", NULL), "Zsafeguard not matching");
    shim_termlist_free(tl);
    tl = NULL;
    CHECK_INT(shim_enquire_matching_terms(enq, 4, &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "Zcarer:0");
    tl = (shim_termlist *)1;
    CHECK_INT(shim_enquire_matching_terms(enq, 99, &tl), SHIM_ERR_NOT_FOUND);
    CHECK(tl == NULL, "out not cleared on failure");
    shim_doc *doc = NULL;
    CHECK_INT(shim_mset_document(ms, 0, &doc), SHIM_OK);
    CHECK(doc != NULL, "no document");
    shim_doc_free(doc);
    doc = (shim_doc *)1;
    CHECK_INT(shim_mset_document(ms, 99, &doc), SHIM_ERR_ARG);
    CHECK(doc == NULL, "out not cleared on failure");
    shim_mset_free(ms);
    shim_enquire_free(enq);

    /* Value ranges (byte order); documents without a value never match. */
    q = NULL;
    CHECK_INT(shim_query_value_range(0, "2019", "2021", &q), SHIM_OK);
    CHECK_STR(hits(db, q), "1 2 4");
    q = NULL;
    CHECK_INT(shim_query_value_range(0, "2021", NULL, &q), SHIM_OK);
    CHECK_STR(hits(db, q), "2 5");
    q = NULL;
    CHECK_INT(shim_query_value_range(0, NULL, "2018", &q), SHIM_OK);
    CHECK_STR(hits(db, q), "3");
    q = NULL;
    CHECK_INT(shim_query_value_range(0, NULL, NULL, &q), SHIM_OK);
    CHECK_STR(hits(db, q), "1 2 3 4 5");
    q = NULL;
    CHECK_INT(shim_query_value_range(0, "", "2019", &q), SHIM_OK);
    CHECK_STR(hits(db, q), "1 3");

    /* Description and terms. */
    char *desc = NULL;
    q = C(SHIM_OP_PHRASE, 0, 2, T("Zhospit"), T("Zdischarg"));
    CHECK_INT(shim_query_describe(q, &desc), SHIM_OK);
    CHECK(desc && strstr(desc, "Zhospit") && strstr(desc, "PHRASE"), "description \"%s\"",
          desc ? desc : "(null)");
    free(desc);
    shim_query_free(q);
    shim_query *a = NULL, *b = NULL;
    CHECK_INT(shim_query_term("Zhospit", 2, 1, &a), SHIM_OK);
    CHECK_INT(shim_query_term("Zhospit", 0, 3, &b), SHIM_OK);
    q = C(SHIM_OP_OR, 0, 3, a, b, T("Zcare"));
    tl = NULL;
    CHECK_INT(shim_query_terms(q, &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "Zcare:1 Zhospit:3");
    shim_query_free(q);

    /* Wildcards: expansion, and its limit as an error when run. */
    q = NULL;
    CHECK_INT(shim_query_wildcard("Zhosp", 0, &q), SHIM_OK);
    tl = NULL;
    CHECK_INT(shim_query_terms(q, &tl), SHIM_OK);
    CHECK_INT(shim_termlist_size(tl), 0);
    shim_termlist_free(tl);
    CHECK_STR(hits(db, q), "1 2 3");
    q = NULL;
    CHECK_INT(shim_query_wildcard("Zhosp", 1, &q), SHIM_OK);
    CHECK_STR(hits(db, q), "1 2 3");
    q = NULL;
    CHECK_INT(shim_query_wildcard("Z", 2, &q), SHIM_OK);
    enq = NULL;
    CHECK_INT(shim_enquire_new(db, &enq), SHIM_OK);
    CHECK_INT(shim_enquire_set_query(enq, q), SHIM_OK);
    ms = (shim_mset *)1;
    CHECK_INT(shim_enquire_run(enq, 0, 10, 10, &ms), SHIM_ERR_WILDCARD);
    CHECK(ms == NULL, "out not cleared on failure");
    CHECK(strncmp(shim_last_error(), "WildcardError: ", 15) == 0, "message \"%s\"",
          shim_last_error());
    shim_enquire_free(enq);
    shim_query_free(q);
    q = (shim_query *)1;
    CHECK_INT(shim_query_wildcard("", 0, &q), SHIM_ERR_ARG);
    CHECK(q == NULL, "out not cleared on failure");

    /* Malformed queries. */
    q = (shim_query *)1;
    shim_query *and_sub = C(SHIM_OP_AND, 0, 2, T("Zhospit"), T("Zcare"));
    shim_query *subs[2] = {and_sub, T("Zdischarg")};
    CHECK_INT(shim_query_combine(SHIM_OP_PHRASE, subs, 2, 0, &q), SHIM_ERR_QUERY);
    CHECK(q == NULL, "out not cleared on failure");
    CHECK(*shim_last_error() != '\0', "no message");
    shim_query_free(subs[0]);
    CHECK_INT(shim_query_wildcard("Zhosp", 0, &subs[0]), SHIM_OK);
    CHECK_INT(shim_query_combine(SHIM_OP_NEAR, subs, 2, 0, &q), SHIM_ERR_QUERY);
    CHECK_INT(shim_query_combine(SHIM_OP_AND, subs, 0, 0, &q), SHIM_ERR_ARG);
    CHECK_INT(shim_query_combine(SHIM_OP_AND, NULL, 2, 0, &q), SHIM_ERR_ARG);
    CHECK_INT(shim_query_combine((shim_op)99, subs, 2, 0, &q), SHIM_ERR_ARG);
    CHECK_INT(shim_query_scale(subs[1], -1.0, &q), SHIM_ERR_QUERY);
    CHECK_INT(shim_query_term("", 1, 0, &q), SHIM_ERR_ARG);
    shim_query_free(subs[0]);
    shim_query_free(subs[1]);
}

static void test_sort_collapse_facets(shim_db *db)
{
    shim_enquire *enq = NULL;
    shim_query *all = NULL;
    shim_mset *ms;
    CHECK_INT(shim_enquire_new(db, &enq), SHIM_OK);

    CHECK_INT(shim_enquire_set_sort(enq, SHIM_SORT_VALUE, 0, 0), SHIM_OK);
    CHECK_INT(shim_query_match_all(&all), SHIM_OK);
    ms = run(enq, all, NDOCS);
    CHECK_STR(mset_ids(ms, 0), "6 3 1 4 2 5");
    shim_mset_free(ms);
    CHECK_INT(shim_enquire_set_sort(enq, SHIM_SORT_VALUE, 0, 1), SHIM_OK);
    CHECK_INT(shim_query_match_all(&all), SHIM_OK);
    ms = run(enq, all, NDOCS);
    CHECK_STR(mset_ids(ms, 0), "5 2 4 1 3 6");
    shim_mset_free(ms);
    CHECK_INT(shim_enquire_set_sort(enq, SHIM_SORT_RELEVANCE_THEN_VALUE, 0, 1), SHIM_OK);
    CHECK_INT(shim_query_match_all(&all), SHIM_OK);
    ms = run(enq, all, NDOCS);
    CHECK_STR(mset_ids(ms, 0), "5 2 4 1 3 6");
    shim_mset_free(ms);
    CHECK_INT(shim_enquire_set_sort(enq, SHIM_SORT_VALUE_THEN_RELEVANCE, 0, 0), SHIM_OK);
    ms = run(enq, T("Zhospit"), NDOCS);
    CHECK_STR(mset_ids(ms, 0), "3 1 2");
    shim_mset_free(ms);
    CHECK_INT(shim_enquire_set_sort(enq, (shim_sort)42, 0, 0), SHIM_ERR_ARG);

    /* SHIM_SORT_RELEVANCE takes another path through Xapian's matcher: the
     * same order and weights as Xapian's default, ties by docid, with
     * exact counts or without, and with facets. */
    {
        shim_enquire *plain = NULL;
        CHECK_INT(shim_enquire_new(db, &plain), SHIM_OK);
        CHECK_INT(shim_enquire_set_sort(enq, SHIM_SORT_RELEVANCE, 0, 0), SHIM_OK);
        const char *words[] = {"Zhospit", "Zsafeguard", "Zdischarg"};
        for (size_t w = 0; w < 3; w++)
            for (uint32_t cal = 0; cal <= NDOCS; cal += NDOCS) {
                shim_query *q = C(SHIM_OP_OR, 0, 2, T(words[w]), T("Zcare"));
                shim_mset *a = NULL, *b = NULL;
                CHECK_INT(shim_enquire_set_query(enq, q), SHIM_OK);
                CHECK_INT(shim_enquire_set_query(plain, q), SHIM_OK);
                CHECK_INT(shim_enquire_run(enq, 0, 2, cal, &a), SHIM_OK);
                CHECK_INT(shim_enquire_run(plain, 0, 2, cal, &b), SHIM_OK);
                char ids[128];
                snprintf(ids, sizeof ids, "%s", mset_ids(b, 0));
                CHECK_STR(mset_ids(a, 0), ids);
                for (size_t i = 0; i < shim_mset_size(a); i++) {
                    shim_hit ha, hb;
                    CHECK_INT(shim_mset_hit(a, i, &ha), SHIM_OK);
                    CHECK_INT(shim_mset_hit(b, i, &hb), SHIM_OK);
                    CHECK(ha.weight == hb.weight, "weight %g, not %g", ha.weight, hb.weight);
                }
                uint32_t lo1, lo2;
                CHECK_INT(shim_mset_estimates(a, &lo1, NULL, NULL, NULL), SHIM_OK);
                CHECK_INT(shim_mset_estimates(b, &lo2, NULL, NULL, NULL), SHIM_OK);
                CHECK_INT(lo1, lo2);
                shim_mset_free(a);
                shim_mset_free(b);
                shim_query_free(q);
            }
        /* Ties (every weight 0): docid order. */
        CHECK_INT(shim_query_match_all(&all), SHIM_OK);
        ms = run(enq, all, NDOCS);
        CHECK_STR(mset_ids(ms, 0), "1 2 3 4 5 6");
        shim_mset_free(ms);
        /* Another sort after it is that sort, its other settings kept. */
        CHECK_INT(shim_enquire_set_collapse(enq, 1, 1), SHIM_OK);
        CHECK_INT(shim_enquire_set_sort(enq, SHIM_SORT_VALUE, 0, 1), SHIM_OK);
        CHECK_INT(shim_query_match_all(&all), SHIM_OK);
        ms = run(enq, all, NDOCS);
        CHECK_STR(mset_ids(ms, 0), "5 2 4 6");
        shim_mset_free(ms);
        CHECK_INT(shim_enquire_set_collapse(enq, UINT32_MAX, 0), SHIM_OK);
        CHECK_INT(shim_enquire_set_sort(enq, SHIM_SORT_RELEVANCE, 0, 0), SHIM_OK);
        shim_enquire_free(plain);
    }

    /* A weight cutoff leaves lighter matches out. */
    {
        CHECK_INT(shim_enquire_set_weight_cutoff(enq, -1), SHIM_ERR_ARG);
        CHECK_INT(shim_enquire_set_weight_cutoff(enq, NAN), SHIM_ERR_ARG);
        CHECK_INT(shim_enquire_set_weight_cutoff(NULL, 0), SHIM_ERR_ARG);
        ms = run(enq, T("Zhospit"), NDOCS);
        CHECK_INT(shim_mset_size(ms), 3);
        shim_hit h1;
        CHECK_INT(shim_mset_hit(ms, 1, &h1), SHIM_OK);
        shim_mset_free(ms);
        CHECK_INT(shim_enquire_set_weight_cutoff(enq, h1.weight), SHIM_OK);
        ms = run(enq, T("Zhospit"), NDOCS);
        CHECK(shim_mset_size(ms) == 2 || shim_mset_size(ms) == 3, "cutoff kept %zu",
              shim_mset_size(ms));
        for (size_t i = 0; i < shim_mset_size(ms); i++) {
            shim_hit h;
            CHECK_INT(shim_mset_hit(ms, i, &h), SHIM_OK);
            CHECK(h.weight >= h1.weight, "a match under the cutoff: %g", h.weight);
        }
        shim_mset_free(ms);
        CHECK_INT(shim_enquire_set_weight_cutoff(enq, 0), SHIM_OK);
        ms = run(enq, T("Zhospit"), NDOCS);
        CHECK_INT(shim_mset_size(ms), 3);
        shim_mset_free(ms);
    }

    /* Values of many documents at once, in any order; "" for none. */
    {
        ms = run(enq, T("Zhospit"), NDOCS);
        uint32_t ids[] = {6, 2, 1, 99, 2};
        char *vals[5];
        size_t lens[5];
        CHECK_INT(shim_mset_values(ms, 0, ids, 5, vals, lens), SHIM_OK);
        CHECK_STR(vals[0], "");
        CHECK_STR(vals[1], "2021");
        CHECK_STR(vals[2], "2019");
        CHECK_STR(vals[3], "");
        CHECK_STR(vals[4], "2021");
        CHECK_INT(lens[1], 4);
        for (size_t i = 0; i < 5; i++)
            free(vals[i]);
        CHECK_INT(shim_mset_values(ms, 0, ids, 0, vals, lens), SHIM_OK);
        CHECK_INT(shim_mset_values(ms, UINT32_MAX, ids, 1, vals, lens), SHIM_ERR_ARG);
        CHECK(vals[0] == NULL, "values not cleared on failure");
        CHECK_INT(shim_mset_values(NULL, 0, ids, 1, vals, lens), SHIM_ERR_ARG);
        shim_mset_free(ms);
    }

    /* Facets: exact counts when every document is checked. */
    shim_facet *f = NULL;
    CHECK_INT(shim_enquire_add_facet(enq, 1, &f), SHIM_OK);
    uint32_t total = 99;
    CHECK_INT(shim_facet_total(f, &total), SHIM_OK);
    CHECK_INT(total, 0);
    CHECK_INT(shim_query_match_all(&all), SHIM_OK);
    ms = run(enq, all, NDOCS);
    CHECK_INT(shim_facet_total(f, &total), SHIM_OK);
    CHECK_INT(total, NDOCS);
    shim_termlist *tl = NULL;
    CHECK_INT(shim_facet_values(f, &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "authA:2 authB:2 authC:1");
    uint32_t lo, est, up;
    int exact = -1;
    CHECK_INT(shim_mset_estimates(ms, &lo, &est, &up, &exact), SHIM_OK);
    CHECK_INT(lo, NDOCS);
    CHECK_INT(est, NDOCS);
    CHECK_INT(up, NDOCS);
    CHECK_INT(exact, 1);
    shim_mset_free(ms);

    /* Counts describe the latest run only. */
    ms = run(enq, T("Zhospit"), NDOCS);
    CHECK_INT(shim_facet_total(f, &total), SHIM_OK);
    CHECK_INT(total, 3);
    tl = NULL;
    CHECK_INT(shim_facet_values(f, &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "authA:2 authB:1");
    shim_mset_free(ms);

    /* Collapsing: one hit per authority (documents with no value are never
     * collapsed); the spy still counts every match, kept or folded. */
    CHECK_INT(shim_enquire_set_collapse(enq, 1, 1), SHIM_OK);
    CHECK_INT(shim_query_match_all(&all), SHIM_OK);
    ms = run(enq, all, NDOCS);
    CHECK_STR(mset_ids(ms, 0), "1 3 5 6");
    shim_hit h;
    CHECK_INT(shim_mset_hit(ms, 0, &h), SHIM_OK);
    CHECK_INT(h.collapse_count, 1);
    CHECK_INT(shim_mset_hit(ms, 2, &h), SHIM_OK);
    CHECK_INT(h.collapse_count, 0);
    /* Each hit's collapse key is its value in the slot ("" for none). */
    {
        static const char *const keys[] = {"authA", "authB", "authC", ""};
        for (size_t i = 0; i < 4; i++) {
            char *key = NULL;
            size_t len = 99;
            CHECK_INT(shim_mset_collapse_key(ms, i, &key, &len), SHIM_OK);
            CHECK_STR(key, keys[i]);
            CHECK_INT(len, strlen(keys[i]));
            free(key);
        }
        char *key = (char *)1;
        CHECK_INT(shim_mset_collapse_key(ms, 4, &key, NULL), SHIM_ERR_ARG);
        CHECK(key == NULL, "key not cleared on failure");
        CHECK_INT(shim_mset_collapse_key(NULL, 0, &key, NULL), SHIM_ERR_ARG);
    }
    CHECK_INT(shim_facet_total(f, &total), SHIM_OK);
    CHECK_INT(total, NDOCS);
    tl = NULL;
    CHECK_INT(shim_facet_values(f, &tl), SHIM_OK);
    CHECK_STR(tl_str(tl), "authA:2 authB:2 authC:1");
    shim_mset_free(ms);
    CHECK_INT(shim_enquire_set_collapse(enq, 1, 0), SHIM_ERR_ARG);
    CHECK_INT(shim_enquire_set_collapse(enq, UINT32_MAX, 0), SHIM_OK);
    CHECK_INT(shim_query_match_all(&all), SHIM_OK);
    ms = run(enq, all, NDOCS);
    CHECK_INT(shim_mset_size(ms), NDOCS);
    shim_mset_free(ms);

    /* Time limit: a run that may have been cut short is never "exact". */
    CHECK_INT(shim_enquire_set_time_limit(enq, -1.0), SHIM_ERR_ARG);
    CHECK_INT(shim_enquire_set_time_limit(enq, NAN), SHIM_ERR_ARG);
    CHECK_INT(shim_enquire_set_time_limit(enq, 1e-9), SHIM_OK);
    CHECK_INT(shim_query_match_all(&all), SHIM_OK);
    CHECK_INT(shim_enquire_set_query(enq, all), SHIM_OK);
    shim_query_free(all);
    ms = NULL;
    CHECK_INT(shim_enquire_run(enq, 0, 1, NDOCS, &ms), SHIM_OK);
    CHECK_INT(shim_mset_size(ms), 1);
    exact = -1;
    CHECK_INT(shim_mset_estimates(ms, NULL, NULL, NULL, &exact), SHIM_OK);
    CHECK_INT(exact, 0);
    shim_mset_free(ms);
    CHECK_INT(shim_enquire_set_time_limit(enq, 0), SHIM_OK);
    ms = NULL;
    CHECK_INT(shim_enquire_run(enq, 0, 1, NDOCS, &ms), SHIM_OK);
    exact = -1;
    CHECK_INT(shim_mset_estimates(ms, &lo, NULL, &up, &exact), SHIM_OK);
    CHECK_INT(lo, NDOCS);
    CHECK_INT(exact, 1);
    CHECK_INT(shim_mset_hit(ms, 1, &h), SHIM_ERR_ARG);
    CHECK_INT(h.docid, 0);
    shim_mset_free(ms);
    shim_enquire_free(enq);
}

static char *snip(shim_db *db, shim_query *q, const char *text, size_t max_len)
{
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    char *out = NULL;
    CHECK_INT(shim_enquire_new(db, &enq), SHIM_OK);
    ms = run(enq, q, 10);
    /* Free the enquire first: the mset must not depend on it. */
    shim_enquire_free(enq);
    shim_status st = shim_mset_snippet(ms, text, strlen(text), max_len, "[", "]", "...", &out);
    CHECK(st == SHIM_OK, "shim_mset_snippet: %s", shim_last_error());
    shim_mset_free(ms);
    return out;
}

static void test_snippets(shim_db *db)
{
    const char *text = "Delays in hospital discharges harm safeguarding of patients. "
                       "A hospital visit.";
    char *s = snip(db, C(SHIM_OP_PHRASE, 0, 2, T("Zhospit"), T("Zdischarg")), text, 500);
    CHECK_STR(s, "Delays in [hospital discharges] harm safeguarding of patients. "
                 "A hospital visit.");
    free(s);
    s = snip(db, C(SHIM_OP_OR, 0, 2, C(SHIM_OP_PHRASE, 0, 2, T("Zhospit"), T("Zdischarg")),
                   T("Zsafeguard")),
             "Hospital Discharge & <b>safeguarding</b>", 500);
    CHECK_STR(s, "[Hospital Discharge] & <b>[safeguarding]</b>");
    free(s);
    s = snip(db, T("hospital"), text, 500);
    CHECK_STR(s, "Delays in [hospital] discharges harm safeguarding of patients. "
                 "A [hospital] visit.");
    free(s);
    s = snip(db, T("Zdelay"), "Nothing relevant here.", 500);
    CHECK_STR(s, "Nothing relevant here.");
    free(s);
    s = snip(db, C(SHIM_OP_NEAR, 3, 2, T("Zhospit"), T("Zdischarg")), text, 500);
    CHECK_STR(s, "Delays in [hospital] [discharges] harm safeguarding of patients. "
                 "A [hospital] visit.");
    free(s);

    /* A long text is cut around the match, with omit marking the cuts. */
    char longtext[1024];
    snprintf(longtext, sizeof longtext,
             "%s The delayed hospital discharges were reviewed by the board. %s",
             "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
             "tempor incididunt ut labore et dolore magna aliqua",
             "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut "
             "aliquip ex ea commodo consequat.");
    s = snip(db, C(SHIM_OP_PHRASE, 0, 2, T("Zhospit"), T("Zdischarg")), longtext, 60);
    CHECK(s && strstr(s, "[hospital discharges]") != NULL, "snippet \"%s\"", s ? s : "(null)");
    CHECK(s && strstr(s, "...") != NULL, "no omit mark in \"%s\"", s ? s : "(null)");
    CHECK(s && strlen(s) < strlen(longtext) / 2, "not cut: \"%s\"", s ? s : "(null)");
    free(s);

    /* Many snippets from one result set (as for every hit of a page):
     * each text gets its own phrase forms, whatever came before. */
    {
        shim_enquire *enq = NULL;
        CHECK_INT(shim_enquire_new(db, &enq), SHIM_OK);
        shim_mset *ms = run(enq, C(SHIM_OP_PHRASE, 0, 2, T("Zhospit"), T("Zdischarg")), 10);
        static const char *const in[][2] = {
            {"Hospital discharges rose.", "[Hospital discharges] rose."},
            {"No match here.", "No match here."},
            {"The hospital discharge team; hospitals discharged.",
             "The [hospital discharge] team; [hospitals discharged]."},
            {"Hospital discharges rose.", "[Hospital discharges] rose."},
            /* Words, as indexing splits them: punctuation between two
             * words does not part a phrase; "hospital's" is a word. */
            {"hospital, discharge and discharges from hospital",
             "[hospital, discharge] and discharges from hospital"},
            {"HOSPITAL DISCHARGE'S AT&T hospital's discharge",
             "[HOSPITAL DISCHARGE'S] AT&T [hospital's discharge]"},
            {"U.S.A. hospital discharge C++ hospital_discharge",
             "U.S.A. [hospital discharge] C++ hospital_discharge"},
        };
        for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
            char *s = NULL;
            CHECK_INT(shim_mset_snippet(ms, in[i][0], strlen(in[i][0]), 500, "[", "]", "...",
                                        &s), SHIM_OK);
            CHECK_STR(s, in[i][1]);
            free(s);
        }
        shim_mset_free(ms);
        shim_enquire_free(enq);
    }

    char *out = (char *)1;
    CHECK_INT(shim_mset_snippet(NULL, "x", 1, 10, "", "", "", &out), SHIM_ERR_ARG);
    CHECK(out == NULL, "out not cleared on failure");
}

static void test_writing_and_errors(shim_db *db1)
{
    const char *p3 = tpath("db3");
    build_db3(p3);
    shim_db *db = NULL;
    CHECK_INT(shim_db_open(p3, &db), SHIM_OK);
    CHECK_STR(hits(db, C(SHIM_OP_PHRASE, 0, 2, T("alpha"), T("beta"))), "1");
    CHECK_STR(hits(db, C(SHIM_OP_PHRASE, 0, 2, T("beta"), T("gamma"))), "");
    CHECK_STR(hits(db, C(SHIM_OP_NEAR, 20, 2, T("beta"), T("gamma"))), "1");
    /* The default stemmer is English. */
    CHECK_STR(hits(db, T("Zalpha")), "1");

    /* A second writer is locked out. */
    shim_wdb *w = NULL, *w2 = (shim_wdb *)1;
    CHECK_INT(shim_wdb_open(p3, SHIM_WDB_CREATE_OR_OPEN, &w), SHIM_OK);
    CHECK_INT(shim_wdb_open(p3, SHIM_WDB_CREATE_OR_OPEN, &w2), SHIM_ERR_LOCKED);
    CHECK(w2 == NULL, "out not cleared on failure");
    CHECK(strncmp(shim_last_error(), "DatabaseLockError: ", 19) == 0, "message \"%s\"",
          shim_last_error());
    CHECK_INT(shim_wdb_open(p3, SHIM_WDB_CREATE, &w2), SHIM_ERR_DATABASE);

    /* Replace, then see it after reopening. */
    shim_doc *doc = NULL;
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    CHECK_INT(shim_doc_add_posting(doc, "delta", 1), SHIM_OK);
    CHECK_INT(shim_doc_add_boolean_term(doc, "Qa"), SHIM_OK);
    CHECK_INT(shim_wdb_replace(w, "Qa", doc), SHIM_OK);
    CHECK_INT(shim_doc_clear(doc), SHIM_OK);
    CHECK_INT(shim_doc_add_posting(doc, "epsilon", 1), SHIM_OK);
    CHECK_INT(shim_wdb_replace(w, "Qb", doc), SHIM_OK);
    CHECK_INT(shim_wdb_commit(w), SHIM_OK);
    int changed = -1;
    CHECK_INT(shim_db_reopen(db, &changed), SHIM_OK);
    CHECK_INT(changed, 1);
    CHECK_INT(shim_db_reopen(db, &changed), SHIM_OK);
    CHECK_INT(changed, 0);
    uint32_t n = 0;
    CHECK_INT(shim_db_doccount(db, &n), SHIM_OK);
    CHECK_INT(n, 2);
    CHECK_INT(shim_db_termfreq(db, "alpha", &n), SHIM_OK);
    CHECK_INT(n, 0);
    CHECK_INT(shim_db_termfreq(db, "delta", &n), SHIM_OK);
    CHECK_INT(n, 1);

    /* Delete; freeing without commit discards and releases the lock. */
    CHECK_INT(shim_wdb_delete(w, "Qa"), SHIM_OK);
    CHECK_INT(shim_wdb_doccount(w, &n), SHIM_OK);
    CHECK_INT(n, 1);
    shim_wdb_free(w);
    w = NULL;
    CHECK_INT(shim_wdb_open(p3, SHIM_WDB_CREATE_OR_OPEN, &w), SHIM_OK);
    CHECK_INT(shim_wdb_doccount(w, &n), SHIM_OK);
    CHECK_INT(n, 2);
    CHECK_INT(shim_wdb_delete(w, "Qa"), SHIM_OK);
    CHECK_INT(shim_wdb_close(w), SHIM_OK);
    CHECK_INT(shim_db_reopen(db, NULL), SHIM_OK);
    CHECK_INT(shim_db_doccount(db, &n), SHIM_OK);
    CHECK_INT(n, 1);
    shim_doc_free(doc);

    /* Two databases searched as one. */
    CHECK_INT(shim_db_add(db, tpath("db1")), SHIM_OK);
    CHECK_INT(shim_db_doccount(db, &n), SHIM_OK);
    CHECK_INT(n, NDOCS + 1);
    CHECK_INT(shim_db_termfreq(db, "Zhospit", &n), SHIM_OK);
    CHECK_INT(n, 3);
    CHECK_INT(shim_db_add(db, tpath("missing")), SHIM_ERR_NOT_FOUND);
    shim_db_free(db);

    /* Stub databases: a directory with a XAPIANDB file, paths relative to it. */
    mkdir(tpath("stub1"), 0777);
    build_db3(tpath("stub1/gen-000001"));
    check_write_text(tpath("stub1/XAPIANDB"), "glass gen-000001\n");
    db = NULL;
    CHECK_INT(shim_db_open(tpath("stub1"), &db), SHIM_OK);
    CHECK_INT(shim_db_doccount(db, &n), SHIM_OK);
    CHECK_INT(n, 1);
    shim_db_free(db);
    mkdir(tpath("stub2"), 0777);
    check_write_text(tpath("stub2/XAPIANDB"), "glass ../db1\nglass ../stub1/gen-000001\n");
    db = NULL;
    CHECK_INT(shim_db_open(tpath("stub2"), &db), SHIM_OK);
    CHECK_INT(shim_db_doccount(db, &n), SHIM_OK);
    CHECK_INT(n, NDOCS + 1);
    CHECK_STR(hits(db, T("Zalpha")), "2");
    shim_db_free(db);

    /* Opening errors. */
    db = (shim_db *)1;
    CHECK_INT(shim_db_open(tpath("missing"), &db), SHIM_ERR_NOT_FOUND);
    CHECK(db == NULL, "out not cleared on failure");
    CHECK(strncmp(shim_last_error(), "DatabaseNotFoundError: ", 23) == 0, "message \"%s\"",
          shim_last_error());
    check_write_text(tpath("garbage"), "this is not a database\n");
    CHECK_INT(shim_db_open(tpath("garbage"), &db), SHIM_ERR_OPENING);
    CHECK(*shim_last_error() != '\0', "no message");
    CHECK_INT(shim_db_open("", &db), SHIM_ERR_ARG);

    /* NULL handles. */
    uint32_t u = 7;
    CHECK_INT(shim_db_doccount(NULL, &u), SHIM_ERR_ARG);
    CHECK_INT(u, 0);
    CHECK_INT(shim_db_open(NULL, &db), SHIM_ERR_ARG);
    CHECK_INT(shim_db_termfreq(db1, NULL, &u), SHIM_ERR_ARG);
    CHECK_INT(shim_db_reopen(NULL, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_db_add(NULL, "x"), SHIM_ERR_ARG);
    CHECK_INT(shim_db_metadata(db1, NULL, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_db_allterms(NULL, "", NULL), SHIM_ERR_ARG);
    char *s = (char *)1;
    CHECK_INT(shim_db_spelling(NULL, "x", 0, &s), SHIM_ERR_ARG);
    CHECK(s == NULL, "out not cleared on failure");
    CHECK_INT(shim_wdb_open(NULL, SHIM_WDB_CREATE, &w), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_open(tpath("x"), (shim_wdb_mode)9, &w), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_add(NULL, NULL, &u), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_replace(NULL, "Q", NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_delete(NULL, "Q"), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_set_metadata(NULL, "k", "v"), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_doccount(NULL, &u), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_commit(NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_wdb_close(NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_doc_new(NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_doc_clear(NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_doc_set_data(NULL, "x", 1), SHIM_ERR_ARG);
    CHECK_INT(shim_doc_add_posting(NULL, "x", 1), SHIM_ERR_ARG);
    CHECK_INT(shim_doc_set_value(NULL, 0, "x", 1), SHIM_ERR_ARG);
    CHECK_INT(shim_termgen_set_database(NULL, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_termgen_set_document(NULL, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_termgen_index(NULL, "x", 1, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_termgen_skip(NULL, 1), SHIM_ERR_ARG);
    CHECK_INT(shim_query_scale(NULL, 1.0, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_query_describe(NULL, &s), SHIM_ERR_ARG);
    shim_enquire *enq = (shim_enquire *)1;
    CHECK_INT(shim_enquire_new(NULL, &enq), SHIM_ERR_ARG);
    CHECK(enq == NULL, "out not cleared on failure");
    CHECK_INT(shim_enquire_set_query(NULL, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_enquire_set_sort(NULL, SHIM_SORT_VALUE, 0, 0), SHIM_ERR_ARG);
    CHECK_INT(shim_enquire_set_collapse(NULL, 0, 1), SHIM_ERR_ARG);
    CHECK_INT(shim_enquire_set_time_limit(NULL, 1), SHIM_ERR_ARG);
    CHECK_INT(shim_enquire_add_facet(NULL, 0, NULL), SHIM_ERR_ARG);
    shim_mset *ms = (shim_mset *)1;
    CHECK_INT(shim_enquire_run(NULL, 0, 10, 0, &ms), SHIM_ERR_ARG);
    CHECK(ms == NULL, "out not cleared on failure");
    CHECK_INT(shim_enquire_matching_terms(NULL, 1, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_facet_total(NULL, &u), SHIM_ERR_ARG);
    CHECK_INT(shim_facet_values(NULL, NULL), SHIM_ERR_ARG);
    int exact = 5;
    CHECK_INT(shim_mset_estimates(NULL, NULL, NULL, NULL, &exact), SHIM_ERR_ARG);
    CHECK_INT(exact, 0);
    shim_hit h;
    CHECK_INT(shim_mset_hit(NULL, 0, &h), SHIM_ERR_ARG);
    CHECK_INT(shim_mset_document(NULL, 0, NULL), SHIM_ERR_ARG);
    CHECK_INT(shim_mset_size(NULL), 0);
    CHECK_INT(shim_termlist_size(NULL), 0);
    CHECK_INT(shim_termlist_next(NULL, NULL, NULL), 0);
    CHECK_INT(shim_tokens_count(NULL), 0);

    /* Every free accepts NULL. */
    shim_termlist_free(NULL);
    shim_db_free(NULL);
    shim_wdb_free(NULL);
    shim_doc_free(NULL);
    shim_termgen_free(NULL);
    shim_tokens_free(NULL);
    shim_query_free(NULL);
    shim_enquire_free(NULL);
    shim_mset_free(NULL);
}

int main(void)
{
    if (check_tmpdir(tmpdir, sizeof tmpdir, "test_shim") != 0)
        return 1;
    CHECK_STR(shim_last_error(), "");

    test_status();
    test_analyse();
    test_documents();

    build_db1(tpath("db1"));
    shim_db *db = NULL;
    CHECK_INT(shim_db_open(tpath("db1"), &db), SHIM_OK);
    if (db) {
        test_reading(db);
        test_queries(db);
        test_sort_collapse_facets(db);
        test_snippets(db);
        test_writing_and_errors(db);
    }
    shim_db_free(db);

    check_rm_rf(tmpdir);
    return check_report("test_shim");
}
