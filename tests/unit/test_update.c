/* test_update.c: a build's own check of what it wrote (index_verify), which
 * must catch any disagreement between an index and its file list; the
 * update's outcomes through the library (nothing to do, locked out); and
 * readers following the index to new generations (search_index.c). */
#include "check.h"
#include "build.h"
#include "index_doc.h"
#include "term.h"
#include "schema.h"
#include "report.h"
#include "generation.h"
#include "stats.h"
#include "search.h"
#include "search_internal.h"
#include "update.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LASEARCH_SOURCE_DIR
#define LASEARCH_SOURCE_DIR "."
#endif

static char base[512], ix[600];

static void test_verify(void)
{
    shim_db *db = NULL;
    file_table t;
    long gen = 0;
    char err[768] = "";
    CHECK(index_open_live(ix, &db, &t, &gen, err, sizeof err) == 0, "%s", err);
    if (!db)
        return;
    CHECK_INT(gen, 1);
    CHECK_INT(t.n, 5);
    CHECK(index_verify(db, &t, err, sizeof err) == 0, "%s", err);

    /* One paragraph more in the list than in the index. */
    t.files[1].paragraphs++;
    CHECK(index_verify(db, &t, err, sizeof err) == -1, "missed an extra paragraph");
    CHECK(strstr(err, "paragraphs") != NULL, "%s", err);
    /* The same total, but counted against the wrong files. */
    t.files[0].paragraphs--;
    CHECK(index_verify(db, &t, err, sizeof err) == -1, "missed a file miscounted");
    CHECK(strstr(err, t.files[0].path) || strstr(err, t.files[1].path), "%s", err);
    t.files[0].paragraphs++;
    t.files[1].paragraphs--;
    /* A file the list says was skipped, but the index holds. */
    t.files[2].indexed = 0;
    size_t n2 = t.files[2].paragraphs;
    t.files[2].paragraphs = 0;
    CHECK(index_verify(db, &t, err, sizeof err) == -1, "missed a stray file");
    t.files[2].indexed = 1;
    t.files[2].paragraphs = n2;
    CHECK(index_verify(db, &t, err, sizeof err) == 0, "%s", err);

    file_table_clear(&t);
    shim_db_free(db);
}

/* Terms from paths and ids never pass Xapian's 245 bytes: a long value is
 * cut (at a character boundary) and its SHA-256 added, so two long paths
 * that share their first bytes still differ. */
static void test_long_terms(void)
{
    char path[400], other[400];
    memset(path, 'a', 300);
    path[300] = '\0';
    memcpy(other, path, 301);
    other[299] = 'b';
    char *t = index_doc_file_term(path), *u = index_doc_file_term(other);
    CHECK(t && strlen(t) <= TERM_MAX, "too long: %zu", t ? strlen(t) : 0);
    CHECK(t && strncmp(t, PREFIX_FILE, strlen(PREFIX_FILE)) == 0, "prefix");
    CHECK(t && t[strlen(PREFIX_FILE) + TERM_KEPT] == '#', "no '#' after the kept bytes");
    CHECK(t && u && strcmp(t, u) != 0, "two long paths share a term");
    free(t);
    free(u);
    /* Up to the limit, the term is the value as it is. */
    memset(path, 'c', 240);
    path[240] = '\0';
    t = index_doc_file_term(path);
    CHECK(t && strlen(t) == 245 && strcmp(t + strlen(PREFIX_FILE), path) == 0, "cut early");
    free(t);
    /* A cut never splits a character: 'x' then two-byte "é"s put a
     * character boundary one byte off the cut. */
    path[0] = 'x';
    for (int i = 1; i + 1 < 300; i += 2)
        memcpy(path + i, "\xc3\xa9", 2);
    path[299] = '\0';
    t = index_doc_id_term(path);
    size_t kept = t ? (size_t)(strchr(t + 1, '#') - (t + strlen(PREFIX_ID))) : 0;
    CHECK(t && kept <= TERM_KEPT && kept % 2 == 1, "cut inside a character: %zu",
          kept);
    free(t);
}

/* A stale entry keeps its paragraphs in the report, is reported on every
 * run (fresh), counts as skipped, and survives the stored file list. */
static void test_stale_entries(void)
{
    file_table t = {0}, back;
    file_state fs;
    char hash[SHA256_HEX], err[256];
    memset(hash, 'b', SHA256_HEX - 1);
    hash[SHA256_HEX - 1] = '\0';
    CHECK(file_state_init(&fs, "documents/x.txt") == 0, "init");
    memset(fs.hash, 'a', SHA256_HEX - 1);
    fs.hash[SHA256_HEX - 1] = '\0';
    memset(fs.sig, 'c', SHA256_HEX - 1);
    fs.sig[SHA256_HEX - 1] = '\0';
    fs.indexed = 1;
    fs.paragraphs = 23;
    CHECK(file_state_mark_stale(&fs, "empty file (0 bytes): nothing to index", hash) == 0,
          "mark");
    CHECK(fs.sig[0] == '\0', "a stale file keeps a signature: it would not be read");
    CHECK_STR(file_state_hash_now(&fs), hash);
    CHECK(file_table_push(&t, &fs) == 0, "push");
    char *json = file_table_json(&t);
    CHECK(json && file_table_parse(json, &back, err, sizeof err) == 0, "%s", err);
    free(json);
    CHECK(back.n == 1 && back.files[0].stale && back.files[0].paragraphs == 23 &&
          strcmp(back.files[0].stale_why, "empty file (0 bytes): nothing to index") == 0 &&
          strcmp(back.files[0].stale_hash, hash) == 0 && back.files[0].hash[0] == 'a',
          "the stale mark did not survive the file list");
    build_report rep;
    memset(&rep, 0, sizeof rep);
    CHECK(file_table_report(&back, &rep) == 0, "report");
    CHECK(rep.paragraphs == 23 && rep.documents == 1 && rep.skipped == 1, "counts");
    CHECK(rep.n_messages == 1 && rep.fresh[0] == 1, "not reported as fresh");
    if (rep.n_messages == 1)
        CHECK_STR(rep.messages[0], "documents/x.txt: kept as last indexed: empty file "
                  "(0 bytes): nothing to index");
    build_report_clear(&rep);
    file_table_clear(&back);
    file_table_clear(&t);
}

static void test_update_outcomes(void)
{
    build_options bo = {.corpus_dir = LASEARCH_SOURCE_DIR "/corpus", .index_dir = ix};
    build_report rep;
    char err[768] = "";
    CHECK(update_index(&bo, &rep, err, sizeof err) == BUILD_OK, "%s", err);
    CHECK_INT(rep.mode, BUILD_MODE_NONE);
    CHECK_INT(rep.generation, 1);
    CHECK_INT(rep.unchanged, 5);
    CHECK_INT(rep.documents, 5);
    build_report_clear(&rep);

    gen_lock *lock = NULL;
    CHECK(gen_lock_acquire(ix, &lock, err, sizeof err) == 0, "%s", err);
    CHECK(update_index(&bo, &rep, err, sizeof err) == BUILD_LOCKED, "not locked out");
    CHECK(strstr(err, "another lasearch-index") != NULL, "%s", err);
    build_report_clear(&rep);
    CHECK(build_index(&bo, &rep, err, sizeof err) == BUILD_LOCKED, "not locked out");
    build_report_clear(&rep);
    gen_lock_release(lock);
}

/* Following the index to new generations: a reader opened through the
 * stub moves to a newly published generation before its next search; one
 * opened on a database directly (no stub) stays on its snapshot until a
 * forced refresh, which is what search_run does after Xapian's
 * DatabaseModifiedError. (That error itself cannot be provoked
 * deterministically: Xapian raises it only once the blocks a reader needs
 * happen to be reused.) */
static void test_refresh(void)
{
    char gen[700], err[768] = "";
    search_index *via_stub = NULL, *direct = NULL;
    snprintf(gen, sizeof gen, "%s/gen-000001", ix);
    CHECK(search_index_open(ix, &via_stub, err, sizeof err) == 0, "%s", err);
    CHECK(search_index_open(gen, &direct, err, sizeof err) == 0, "%s", err);
    if (!via_stub || !direct)
        return;
    search_request req;
    search_request_init(&req, "zebrafoa");
    search_result res;
    qerror qe;
    CHECK(search_run(via_stub, &req, &res, &qe) == SEARCH_OK, "%s", qe.message);
    CHECK_INT(res.total, 0);
    search_result_clear(&res);

    /* A new generation with the word, published the usual way. */
    char corpus[700], cmd[2200];
    snprintf(corpus, sizeof corpus, "%s/corpus", base);
    snprintf(cmd, sizeof cmd, "cp -r '%s/corpus' '%s' && printf 'A zebrafoa.\n' > "
             "'%s/documents/z.txt'", LASEARCH_SOURCE_DIR, corpus, corpus);
    CHECK(system(cmd) == 0, "%s", cmd);
    build_options bo = {.corpus_dir = corpus, .index_dir = ix};
    build_report rep;
    CHECK(update_index(&bo, &rep, err, sizeof err) == BUILD_OK, "%s", err);
    build_report_clear(&rep);
    CHECK(search_run(via_stub, &req, &res, &qe) == SEARCH_OK, "%s", qe.message);
    CHECK_INT(res.total, 1);
    search_result_clear(&res);

    /* The same word written into generation 1 itself, in place. */
    shim_wdb *w = NULL;
    shim_doc *d = NULL;
    shim_status st = shim_wdb_open(gen, SHIM_WDB_CREATE_OR_OPEN, &w);
    if (st == SHIM_OK)
        st = shim_doc_new(&d);
    if (st == SHIM_OK)
        st = shim_doc_add_posting(d, "zebrafoa", 1);
    if (st == SHIM_OK)
        st = shim_doc_add_posting(d, "Zzebrafoa", 1);
    if (st == SHIM_OK)
        st = shim_wdb_add(w, d, NULL);
    req.limit = 0;   /* a bare document: count it, do not print it */
    CHECK(st == SHIM_OK && shim_wdb_close(w) == SHIM_OK, "%s", shim_last_error());
    shim_doc_free(d);
    CHECK(search_run(direct, &req, &res, &qe) == SEARCH_OK, "%s", qe.message);
    CHECK_INT(res.total, 0);   /* its snapshot */
    search_result_clear(&res);
    CHECK_INT(search_index_refresh(direct, 0, err, sizeof err), 0);
    CHECK_INT(search_index_refresh(direct, 1, err, sizeof err), 1);
    CHECK(search_run(direct, &req, &res, &qe) == SEARCH_OK, "%s", qe.message);
    CHECK_INT(res.total, 1);
    search_result_clear(&res);
    search_index_free(via_stub);
    search_index_free(direct);
}

/* Every word of the live generation's spelling data with its frequency,
 * "word freq\n" each, malloc()ed (NULL when it cannot be read). */
static char *spellings(const char *index)
{
    shim_db *db = NULL;
    file_table t;
    long gen = 0;
    char err[768] = "";
    if (index_open_live(index, &db, &t, &gen, err, sizeof err) != 0) {
        CHECK(0, "%s", err);
        return NULL;
    }
    file_table_clear(&t);
    shim_termlist *tl = NULL;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (f && shim_db_spellings(db, &tl) == SHIM_OK) {
        const char *w;
        uint32_t freq;
        while (shim_termlist_next(tl, &w, &freq))
            fprintf(f, "%s %u\n", w, freq);
    }
    shim_termlist_free(tl);
    shim_db_free(db);
    if (f)
        fclose(f);
    return out;
}

/* sh -c cmd must succeed. */
static void sh(const char *cmd)
{
    CHECK(system(cmd) == 0, "%s", cmd);
}

/* An update brings the live spelling data up to date from the words its
 * shards deleted and added (shim_words): it must be exactly what a full
 * build of the same corpus makes from its shards, word for word and
 * frequency for frequency, through edits, new files, deleted files and
 * words that disappear. */
static void test_spelling_follows_updates(void)
{
    char corpus[700], updated[700], rebuilt[700], cmd[2400], err[768] = "";
    snprintf(corpus, sizeof corpus, "%s/scorpus", base);
    snprintf(updated, sizeof updated, "%s/supdated", base);
    snprintf(rebuilt, sizeof rebuilt, "%s/srebuilt", base);
    snprintf(cmd, sizeof cmd, "cp -r '%s/corpus' '%s'", LASEARCH_SOURCE_DIR, corpus);
    sh(cmd);
    build_options bo = {.corpus_dir = corpus, .index_dir = updated, .shards = 2};
    build_report rep;
    CHECK(build_index(&bo, &rep, err, sizeof err) == BUILD_OK, "%s", err);
    build_report_clear(&rep);

    static const char *const edits[] = {
        /* a new file with a new word and more of old ones; an edited one */
        "printf '# Safeguarding\\n\\nQuixotical hospitl discharge, carers and "
        "carers.\\n' > '%1$s/documents/new.txt' && printf '\\nQuixotical "
        "again.\\n' >> \"$(ls '%1$s'/documents/0*.txt | head -1)\"",
        /* the new word's only file gone, the edit rewritten */
        "rm '%1$s/documents/new.txt' && f=\"$(ls '%1$s'/documents/0*.txt | head -1)\" && "
        "sed -i 's/Quixotical again/Another line/' \"$f\"",
        /* a seed report removed altogether (and its manifest row) */
        "f=\"$(ls '%1$s'/documents/0*.txt | tail -1)\" && rm \"$f\" && "
        "grep -v \"$(basename \"$f\")\" '%1$s/manifest.tsv' > '%1$s/m' && "
        "mv '%1$s/m' '%1$s/manifest.tsv'",
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        snprintf(cmd, sizeof cmd, edits[i], corpus);
        sh(cmd);
        CHECK(update_index(&bo, &rep, err, sizeof err) == BUILD_OK, "%s", err);
        CHECK_INT(rep.mode, BUILD_MODE_UPDATE);
        build_report_clear(&rep);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", rebuilt);
        sh(cmd);
        build_options full = {.corpus_dir = corpus, .index_dir = rebuilt, .shards = 2};
        CHECK(build_index(&full, &rep, err, sizeof err) == BUILD_OK, "%s", err);
        build_report_clear(&rep);
        char *a = spellings(updated), *b = spellings(rebuilt);
        CHECK(a && b && strlen(a) > 1000, "no spelling data");
        CHECK(a && b && strcmp(a, b) == 0, "edit %zu: the updated spelling data differs", i);
        if (i == 0)
            CHECK(a && strstr(a, "\nquixotical 2\n"), "the new word is missing");
        if (i == 1)
            CHECK(a && !strstr(a, "\nquixotical "), "a word no longer indexed stayed");
        free(a);
        free(b);
    }
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(base, sizeof base, "%s/test_update.%ld", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    snprintf(ix, sizeof ix, "%s/index", base);
    check_rm_rf(base);
    mkdir(base, 0777);
    build_options bo = {.corpus_dir = LASEARCH_SOURCE_DIR "/corpus", .index_dir = ix};
    build_report rep;
    char err[768] = "";
    CHECK(build_index(&bo, &rep, err, sizeof err) == BUILD_OK, "%s", err);
    build_report_clear(&rep);
    test_verify();
    test_long_terms();
    test_stale_entries();
    test_update_outcomes();
    test_refresh();
    test_spelling_follows_updates();
    check_rm_rf(base);
    return check_report("test_update");
}
