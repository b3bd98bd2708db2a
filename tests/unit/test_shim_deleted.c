/*
 * test_shim_deleted.c: filters on a database that has had documents
 * deleted, through the shim's public header only. Xapian 1.4.22 throws
 * "Unexpected end of posting list" when it reads unweighted the postings
 * of a term that is in every document of such a database (a shard after
 * any update: one file's shard, one council's shard), though the database
 * is sound; the shim matches pure filters so that it never does
 * (shim_query_scale with factor 0).
 */
#include "check.h"
#include "lasearch_shim.h"

#include <stdint.h>
#include <stdio.h>

static char tmpdir[1024];

#define N_DOCS 3000

/* N_DOCS documents, each with the boolean term "XALL", a unique term
 * "Q<i>", the word "carers" and, in every third, "odd"; value 0 the
 * document's number; then documents 1, 2 and 1500 deleted. */
static void build(const char *path)
{
    shim_wdb *wdb = NULL;
    shim_doc *doc = NULL;
    char term[32];
    CHECK_INT(shim_wdb_open(path, SHIM_WDB_CREATE_OR_OVERWRITE, &wdb), SHIM_OK);
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    for (int i = 1; i <= N_DOCS && wdb && doc; i++) {
        CHECK_INT(shim_doc_clear(doc), SHIM_OK);
        snprintf(term, sizeof term, "Q%d", i);
        CHECK_INT(shim_doc_add_boolean_term(doc, term), SHIM_OK);
        CHECK_INT(shim_doc_add_boolean_term(doc, "XALL"), SHIM_OK);
        CHECK_INT(shim_doc_add_posting(doc, "carers", 1), SHIM_OK);
        if (i % 3 == 0)
            CHECK_INT(shim_doc_add_posting(doc, "odd", 2), SHIM_OK);
        char value[8];
        snprintf(value, sizeof value, "%05d", i);
        CHECK_INT(shim_doc_set_value(doc, 0, value, 5), SHIM_OK);
        CHECK_INT(shim_wdb_add(wdb, doc, NULL), SHIM_OK);
    }
    CHECK_INT(shim_wdb_close(wdb), SHIM_OK);
    CHECK_INT(shim_wdb_open(path, SHIM_WDB_CREATE_OR_OPEN, &wdb), SHIM_OK);
    CHECK_INT(shim_wdb_delete(wdb, "Q1"), SHIM_OK);
    CHECK_INT(shim_wdb_delete(wdb, "Q2"), SHIM_OK);
    CHECK_INT(shim_wdb_delete(wdb, "Q1500"), SHIM_OK);
    CHECK_INT(shim_wdb_close(wdb), SHIM_OK);
    shim_doc_free(doc);
}

static shim_query *filter(const char *term)
{
    shim_query *t = NULL, *s = NULL;
    CHECK_INT(shim_query_term(term, 1, 1, &t), SHIM_OK);
    CHECK_INT(shim_query_scale(t, 0.0, &s), SHIM_OK);
    shim_query_free(t);
    return s;
}

/* Every match of q, counted exactly (NULL: failed, said). */
static long count(shim_db *db, shim_query *q, shim_sort sort)
{
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    uint32_t lower = 0, est = 0, upper = 0;
    int exact = 0;
    shim_status st = shim_enquire_new(db, &enq);
    if (st == SHIM_OK)
        st = shim_enquire_set_query(enq, q);
    if (st == SHIM_OK && sort != SHIM_SORT_RELEVANCE)
        st = shim_enquire_set_sort(enq, sort, 0, 1);
    if (st == SHIM_OK)
        st = shim_enquire_run(enq, 0, 10, N_DOCS * 2, &ms);
    if (st == SHIM_OK)
        st = shim_mset_estimates(ms, &lower, &est, &upper, &exact);
    CHECK(st == SHIM_OK, "search: %s", shim_last_error());
    CHECK(st != SHIM_OK || exact, "the count is not exact");
    shim_mset_free(ms);
    shim_enquire_free(enq);
    shim_query_free(q);
    return st == SHIM_OK ? (long)lower : -1;
}

static void test_filters_after_deletions(void)
{
    const char *path = check_path(tmpdir, "db");
    build(path);
    shim_db *db = NULL;
    CHECK_INT(shim_db_open(path, &db), SHIM_OK);
    if (!db)
        return;
    CHECK_INT(count(db, filter("XALL"), SHIM_SORT_RELEVANCE), N_DOCS - 3);
    CHECK_INT(count(db, filter("XALL"), SHIM_SORT_VALUE), N_DOCS - 3);
    CHECK_INT(count(db, filter("carers"), SHIM_SORT_RELEVANCE), N_DOCS - 3);
    /* A filter beside a weighted word, and a filter negated. */
    shim_query *odd = NULL, *subs[2];
    CHECK_INT(shim_query_term("odd", 1, 1, &odd), SHIM_OK);
    subs[0] = odd;
    subs[1] = filter("XALL");
    shim_query *q = NULL;
    CHECK_INT(shim_query_combine(SHIM_OP_OR, subs, 2, 0, &q), SHIM_OK);
    shim_query_free(subs[1]);
    CHECK_INT(count(db, q, SHIM_SORT_RELEVANCE), N_DOCS - 3);
    subs[0] = filter("XALL");
    subs[1] = odd;
    CHECK_INT(shim_query_combine(SHIM_OP_AND_NOT, subs, 2, 0, &q), SHIM_OK);
    shim_query_free(subs[0]);
    shim_query_free(odd);
    CHECK_INT(count(db, q, SHIM_SORT_RELEVANCE), N_DOCS - 3 - (N_DOCS / 3 - 1));
    shim_db_free(db);
}

int main(void)
{
    if (check_tmpdir(tmpdir, sizeof tmpdir, "test_shim_deleted") != 0)
        return 1;
    test_filters_after_deletions();
    check_rm_rf(tmpdir);
    return check_report("test_shim_deleted");
}
