/*
 * test_shim_shared.c: SHIM_WDB_SHARED_FILES, how an update writes a shard
 * whose table files it shares (hard links) with the live generation:
 * through the shim's public header only, on real databases.
 */
#include "check.h"
#include "lasearch_shim.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[1024];

static const char *tpath(const char *name)
{
    return check_path(tmpdir, name);
}

/* A database of one document: "alpha", unique term "Qa". */
static void build_one(const char *path)
{
    shim_wdb *wdb = NULL;
    shim_doc *doc = NULL;
    CHECK_INT(shim_wdb_open(path, SHIM_WDB_CREATE_OR_OVERWRITE, &wdb), SHIM_OK);
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    CHECK_INT(shim_doc_add_posting(doc, "alpha", 1), SHIM_OK);
    CHECK_INT(shim_doc_add_boolean_term(doc, "Qa"), SHIM_OK);
    CHECK_INT(shim_wdb_add(wdb, doc, NULL), SHIM_OK);
    shim_doc_free(doc);
    CHECK_INT(shim_wdb_close(wdb), SHIM_OK);
}

/* dst: a new directory of hard links to src's files. */
static void link_dir(const char *src, const char *dst)
{
    CHECK(mkdir(dst, 0777) == 0, "cannot create %s", dst);
    DIR *d = opendir(src);
    CHECK(d != NULL, "cannot list %s", src);
    if (!d)
        return;
    struct dirent *e;
    char from[4096], to[4096];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dst, e->d_name);
        CHECK(link(from, to) == 0, "cannot link %s", to);
    }
    closedir(d);
}

static uint32_t count_in(const char *path, const char *term)
{
    shim_db *db = NULL;
    uint32_t n = 0;
    CHECK_INT(shim_db_open(path, &db), SHIM_OK);
    if (db)
        CHECK_INT(term ? shim_db_termfreq(db, term, &n) : shim_db_doccount(db, &n), SHIM_OK);
    shim_db_free(db);
    return n;
}

/* SHIM_WDB_SHARED_FILES: writing a database whose table files are hard
 * links to another's leaves the other exactly as it was, commits once at
 * the close, and a free discards everything. */
static void test_shared_files(void)
{
    const char *live = tpath("shared-live"), *next = tpath("shared-next");
    build_one(live);
    link_dir(live, next);
    shim_wdb *w = (shim_wdb *)1;
    CHECK_INT(shim_wdb_open_ex(next, SHIM_WDB_CREATE_OR_OPEN,
                               SHIM_WDB_UNSHARED | SHIM_WDB_SHARED_FILES, &w),
              SHIM_ERR_ARG);
    CHECK(w == NULL, "out not cleared on failure");
    CHECK_INT(shim_wdb_open_ex(next, SHIM_WDB_CREATE_OR_OPEN, SHIM_WDB_SHARED_FILES, &w),
              SHIM_OK);
    shim_doc *doc = NULL;
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    /* Enough documents to fill blocks, so tables grow and split. */
    char word[32];
    for (int i = 0; i < 3000; i++) {
        CHECK_INT(shim_doc_clear(doc), SHIM_OK);
        snprintf(word, sizeof word, "word%d", i);
        CHECK_INT(shim_doc_add_posting(doc, word, 1), SHIM_OK);
        CHECK_INT(shim_doc_add_posting(doc, "shared", 2), SHIM_OK);
        CHECK_INT(shim_wdb_add(w, doc, NULL), SHIM_OK);
    }
    CHECK_INT(shim_wdb_delete(w, "Qa"), SHIM_OK);
    /* A commit before the close could free the live revision's blocks for
     * reuse: refused. */
    CHECK(shim_wdb_commit(w) != SHIM_OK, "a commit in the middle was allowed");
    CHECK_INT(shim_wdb_close(w), SHIM_OK);
    CHECK_INT(count_in(live, NULL), 1);
    CHECK_INT(count_in(live, "alpha"), 1);
    CHECK_INT(count_in(live, "shared"), 0);
    CHECK_INT(count_in(next, NULL), 3000);
    CHECK_INT(count_in(next, "alpha"), 0);
    CHECK_INT(count_in(next, "shared"), 3000);

    /* Freed without a close: nothing of it is kept, in either. */
    CHECK_INT(shim_wdb_open_ex(next, SHIM_WDB_CREATE_OR_OPEN, SHIM_WDB_SHARED_FILES, &w),
              SHIM_OK);
    CHECK_INT(shim_wdb_add(w, doc, NULL), SHIM_OK);
    shim_wdb_free(w);
    CHECK_INT(count_in(next, NULL), 3000);
    CHECK_INT(count_in(live, NULL), 1);
    shim_doc_free(doc);
}

int main(void)
{
    if (check_tmpdir(tmpdir, sizeof tmpdir, "test_shim_shared") != 0)
        return 1;
    test_shared_files();
    check_rm_rf(tmpdir);
    return check_report("test_shim_shared");
}
