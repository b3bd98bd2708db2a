/*
 * test_stub.c: opening databases is safe (lasearch_shim.h, shim_stub.cc):
 * a stub line "remote :PROG" is refused unless allowed, wherever the stub
 * is (a directory's XAPIANDB, a plain file, nested under "auto", opened for
 * writing or added as a shard), and the reader agrees with Xapian's about
 * what a stub is (CRLF lines, comments, single-file databases).
 *
 * Every program a refused stub names is `touch <marker>`: the marker must
 * never appear.
 */
#include "check.h"
#include "lasearch_shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[4096];

static const char *tpath(const char *rel)
{
    return check_path(root, rel);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A stub directory name/XAPIANDB holding text (%s replaced by the marker). */
static void stub_dir(const char *name, const char *fmt)
{
    char text[8192], file[8192];
    snprintf(text, sizeof text, fmt, tpath("pwned"));
    snprintf(file, sizeof file, "%s/XAPIANDB", tpath(name));
    mkdir(tpath(name), 0777);
    check_write_text(file, text);
}

static void make_db(void)
{
    shim_wdb *w = NULL;
    shim_doc *doc = NULL;
    CHECK_INT(shim_wdb_open(tpath("db"), SHIM_WDB_CREATE, &w), SHIM_OK);
    CHECK_INT(shim_doc_new(&doc), SHIM_OK);
    CHECK_INT(shim_doc_add_boolean_term(doc, "Qone"), SHIM_OK);
    CHECK_INT(shim_wdb_add(w, doc, NULL), SHIM_OK);
    shim_doc_free(doc);
    CHECK_INT(shim_wdb_close(w), SHIM_OK);
}

/* Opening path must fail with want; the marker must not appear. */
static void refused(const char *path, shim_status want, const char *says)
{
    shim_db *db = (shim_db *)1;
    CHECK_INT(shim_db_open(path, &db), want);
    CHECK(db == NULL, "%s: out not cleared", path);
    CHECK(strstr(shim_last_error(), says) != NULL, "%s: message \"%s\" lacks \"%s\"",
          path, shim_last_error(), says);
    CHECK_INT(shim_db_check(path, 0), want);
    CHECK(!exists(tpath("pwned")), "%s: the program ran", path);
}

static uint32_t doccount_of(const char *path, unsigned flags)
{
    shim_db *db = NULL;
    uint32_t n = 0;
    shim_status st = shim_db_open_ex(path, flags, &db);
    CHECK(st == SHIM_OK, "open %s: %s", path, shim_last_error());
    if (db)
        shim_db_doccount(db, &n);
    shim_db_free(db);
    return n;
}

int main(void)
{
    if (check_tmpdir(root, sizeof root, "stub") != 0)
        return 1;
    make_db();

    /* What lasearch writes: safe, and comments and blank lines are skipped. */
    stub_dir("safe", "# generation 1\n\nauto ../db\n");
    CHECK_INT(doccount_of(tpath("safe"), 0), 1);

    /* Programs, in a directory's stub, in CRLF form, in a stub file. */
    stub_dir("prog", "auto ../db\nremote :touch %s\n");
    refused(tpath("prog"), SHIM_ERR_UNSAFE, "prog/XAPIANDB line 2");
    refused(tpath("prog"), SHIM_ERR_UNSAFE, "would run the program 'touch'");
    stub_dir("crlf", "remote :touch %s\r\n");
    refused(tpath("crlf"), SHIM_ERR_UNSAFE, "line 1");
    char text[8192];
    snprintf(text, sizeof text, "remote :touch %s\n", tpath("pwned"));
    check_write_text(tpath("stubfile"), text);
    refused(tpath("stubfile"), SHIM_ERR_UNSAFE, "stubfile line 1");

    /* Nested: "auto" naming a stub directory or a stub file. */
    stub_dir("outer", "auto ../prog\n");
    refused(tpath("outer"), SHIM_ERR_UNSAFE, "prog/XAPIANDB line 2");
    stub_dir("outer2", "auto ../stubfile\n");
    refused(tpath("outer2"), SHIM_ERR_UNSAFE, "stubfile line 1");

    /* A stub that names itself: refused before Xapian recurses forever. */
    snprintf(text, sizeof text, "auto %s\n", tpath("loop"));
    mkdir(tpath("loop"), 0777);
    check_write_text(tpath("loop/XAPIANDB"), text);
    refused(tpath("loop"), SHIM_ERR_OPENING, "nested more than 8 deep");

    /* Every way in checks: adding a shard, opening for writing. */
    shim_db *db = NULL;
    CHECK_INT(shim_db_open(tpath("db"), &db), SHIM_OK);
    CHECK_INT(shim_db_add(db, tpath("prog")), SHIM_ERR_UNSAFE);
    shim_db_free(db);
    shim_wdb *w = (shim_wdb *)1;
    CHECK_INT(shim_wdb_open(tpath("prog"), SHIM_WDB_CREATE_OR_OPEN, &w), SHIM_ERR_UNSAFE);
    CHECK(w == NULL, "wdb out not cleared");
    CHECK_INT(shim_wdb_open(tpath("stubfile"), SHIM_WDB_CREATE_OR_OVERWRITE, &w),
              SHIM_ERR_UNSAFE);
    CHECK(!exists(tpath("pwned")), "a writable open ran the program");

    /* Xapian reads a file of at least 2048 bytes that starts with glass's
     * magic as a single-file database, never as a stub: so does the check
     * (it fails as a database, and runs nothing). Shorter, it is a stub. */
    char big[4096];
    memset(big, '\n', sizeof big);
    memcpy(big, "\x0f\x0dXapian Glass", 14);
    int n = snprintf(big + 20, sizeof big - 20, "remote :touch %s\n", tpath("pwned"));
    check_write(tpath("single"), big, sizeof big);
    CHECK_INT(shim_db_check(tpath("single"), 0), SHIM_OK);
    CHECK(shim_db_open(tpath("single"), &db) != SHIM_OK, "a fake single-file db opened");
    CHECK(!exists(tpath("pwned")), "the single-file check ran the program");
    check_write(tpath("short"), big, (size_t)(20 + n));
    refused(tpath("short"), SHIM_ERR_UNSAFE, "short line 7");

    /* TCP runs nothing locally: not refused (nothing listens on port 1). */
    stub_dir("tcp", "remote 127.0.0.1:1\n");
    CHECK_INT(shim_db_check(tpath("tcp"), 0), SHIM_OK);
    CHECK_INT(shim_db_open(tpath("tcp"), &db), SHIM_ERR_NETWORK);

    /* Bad arguments. */
    CHECK_INT(shim_db_open_ex(tpath("db"), 8, &db), SHIM_ERR_ARG);
    CHECK_INT(shim_db_check(tpath("db"), 8), SHIM_ERR_ARG);
    CHECK_INT(shim_db_check("", 0), SHIM_ERR_ARG);
    CHECK_INT(shim_db_check(tpath("missing"), 0), SHIM_OK);

    /* Allowed, explicitly or as the process default: a harmless program,
     * Xapian's own server, serving db. */
    if (system("command -v xapian-progsrv >/dev/null 2>&1") == 0) {
        snprintf(text, sizeof text, "remote :xapian-progsrv %s\n", tpath("db"));
        mkdir(tpath("progsrv"), 0777);
        check_write_text(tpath("progsrv/XAPIANDB"), text);
        CHECK_INT(doccount_of(tpath("progsrv"), SHIM_OPEN_ALLOW_PROG), 1);
        CHECK_INT(shim_db_open(tpath("progsrv"), &db), SHIM_ERR_UNSAFE);
        shim_set_default_open_flags(SHIM_OPEN_ALLOW_PROG);
        CHECK_INT(shim_db_open(tpath("progsrv"), &db), SHIM_OK);
        shim_db_free(db);
        shim_set_default_open_flags(0);
        CHECK_INT(shim_db_open(tpath("progsrv"), &db), SHIM_ERR_UNSAFE);
    } else {
        printf("xapian-progsrv not installed: the allowed path is not run\n");
    }

    check_rm_rf(root);
    return check_report("test_stub");
}
