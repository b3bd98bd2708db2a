/* test_manifest.c: corpus/manifest.tsv, good input and every error. */
#include "check.h"
#include "manifest.h"
#include "section.h"

#include <stdlib.h>
#include <string.h>

#ifndef LASEARCH_SOURCE_DIR
#define LASEARCH_SOURCE_DIR "."
#endif

#define HEADER "file\tauthority\tkind\turl\tpublished\n"

static authority_table *T;

static void parse_fails(const char *body, const char *want)
{
    manifest m;
    char err[512] = "";
    int rc = manifest_parse(body, strlen(body), "m.tsv", T, &m, err, sizeof err);
    CHECK(rc == -1, "accepted: %s", body);
    CHECK(m.n == 0 && m.entries == NULL, "not cleared after an error");
    CHECK_STR(err, want);
    manifest_clear(&m);
}

static void test_seed_manifest(void)
{
    manifest m;
    char err[512] = "";
    const char *path = LASEARCH_SOURCE_DIR "/corpus/manifest.tsv";
    CHECK(manifest_load(path, T, &m, err, sizeof err) == 0, "%s", err);
    CHECK_INT(m.n, 5);
    static const struct { const char *file, *authority; doc_kind kind; } want[] = {
        { "documents/000_cbd8b4d91f46e665.txt", "Medway", KIND_ASSESSMENT },
        { "documents/001_80e5e828aad1d6a4.txt", "Ealing", KIND_ASSESSMENT },
        { "documents/002_e25c44a579d8a69c.txt", "Middlesbrough", KIND_ASSESSMENT },
        { "documents/003_6ff3ae6419d31497.txt", "Medway", KIND_SELF_ASSESSMENT },
        { "documents/004_81b31790960f70a1.txt", "Shropshire", KIND_ASSESSMENT },
    };
    for (size_t i = 0; i < 5; i++) {
        const manifest_entry *e = manifest_find(&m, want[i].file);
        CHECK(e != NULL, "%s not in the manifest", want[i].file);
        if (!e)
            continue;
        CHECK_STR(e->authority, want[i].authority);
        CHECK_INT(e->kind, want[i].kind);
        CHECK_STR(e->url, "");
        CHECK_STR(e->published, "");
        /* every listed file exists */
        char p[512];
        snprintf(p, sizeof p, "%s/corpus/%s", LASEARCH_SOURCE_DIR, e->file);
        FILE *f = fopen(p, "r");
        CHECK(f != NULL, "%s listed but missing", p);
        if (f)
            fclose(f);
    }
    manifest_clear(&m);
    CHECK_INT(manifest_load("/nonexistent/m.tsv", T, &m, err, sizeof err), -1);
    CHECK_STR(err, "/nonexistent/m.tsv: No such file or directory");
}

static void test_good(void)
{
    const char *text =
        "# a comment\n\n"
        HEADER
        "a.txt\tLondon Borough of Ealing\tassessment\t"
        "https://www.cqc.org.uk/x\t2024-02-29\n"
        "# another comment\n"
        "./b/c.txt\t\t\t\t\r\n"
        "d.txt\tRBWM\tSelf-Assessment\t\t\n"
        "e.txt\tkent county council\tsummary\thttp://example.org/\t2023-12-31\n";
    manifest m;
    char err[256] = "";
    CHECK(manifest_parse(text, strlen(text), "m.tsv", T, &m, err, sizeof err) == 0,
          "%s", err);
    CHECK_INT(m.n, 4);
    const manifest_entry *e = manifest_find(&m, "a.txt");
    CHECK(e && strcmp(e->authority, "Ealing") == 0 && e->kind == KIND_ASSESSMENT &&
          strcmp(e->url, "https://www.cqc.org.uk/x") == 0 &&
          strcmp(e->published, "2024-02-29") == 0 && e->line == 4, "a.txt entry");
    e = manifest_find(&m, "b/c.txt");   /* "./" dropped; all unknown */
    CHECK(e && strcmp(e->authority, "") == 0 && e->kind == KIND_UNKNOWN &&
          strcmp(e->url, "") == 0 && strcmp(e->published, "") == 0 && e->line == 6,
          "b/c.txt entry");
    e = manifest_find(&m, "d.txt");
    CHECK(e && strcmp(e->authority, "Windsor and Maidenhead") == 0 &&
          e->kind == KIND_SELF_ASSESSMENT, "d.txt entry");
    e = manifest_find(&m, "e.txt");
    CHECK(e && strcmp(e->authority, "Kent") == 0 && e->kind == KIND_SUMMARY, "e.txt");
    CHECK(manifest_find(&m, "missing.txt") == NULL, "found a missing file");
    CHECK(manifest_find(&m, "A.TXT") == NULL, "file names are case-sensitive");
    manifest_clear(&m);
    manifest_clear(&m);   /* twice is harmless */

    /* A header and nothing else is an empty manifest. */
    int rc = manifest_parse(HEADER, strlen(HEADER), "m.tsv", T, &m, err, sizeof err);
    CHECK(rc == 0, "%s", err);
    CHECK_INT(m.n, 0);
    manifest_clear(&m);
}

static void test_errors(void)
{
#define NO_HEADER "no header line (it names the columns, TAB-separated: file, " \
                  "authority, kind, url, published, section, score, rating; only file " \
                  "is required)"
    parse_fails("", "m.tsv:1: " NO_HEADER);
    parse_fails("# only comments\n", "m.tsv:1: " NO_HEADER);
    /* A first row that names no file column is no header. */
    parse_fails("# missing header\na.txt\tMedway\tassessment\t\t\n",
                "m.tsv:2: the header line names no \"file\" column (it names the "
                "columns, TAB-separated: file, authority, kind, url, published, "
                "section, score, rating; only file is required)");
    parse_fails("file\tKind\tFILE\n", "m.tsv:1: the column \"FILE\" is named twice");
    parse_fails(HEADER "a.txt\tMedway\tassessment\t\t\t\n",
                "m.tsv:2: 6 TAB-separated cells, but the header names 5 columns");
    parse_fails(HEADER "a.txt\tMedwey\tassessment\t\t\n",
                "m.tsv:2: unknown council \"Medwey\" (did you mean \"Medway\"?)");
    parse_fails(HEADER "a.txt\tMiddlesborough Council\tassessment\t\t\n",
                "m.tsv:2: unknown council \"Middlesborough Council\" (did you mean "
                "\"Middlesbrough\"?)");
    parse_fails(HEADER "a.txt\tAtlantis\tassessment\t\t\n",
                "m.tsv:2: unknown council \"Atlantis\" (not a name or alias in "
                "authorities.tsv)");
    parse_fails(HEADER "a.txt\tMedway\treport\t\t\n",
                "m.tsv:2: unknown kind \"report\" (expected assessment, summary or "
                "self-assessment, or empty when not known)");
    parse_fails(HEADER "a.txt\tMedway\t\t\t\nb.txt\t\t\t\t\n\n./a.txt\tKent\t\t\t\n",
                "m.tsv:5: duplicate file \"a.txt\" (already listed at line 2)");
    /* With and without "documents/" is one file. */
    parse_fails(HEADER "documents/a.txt\t\t\t\t\na.txt\t\t\t\t\n",
                "m.tsv:3: duplicate file \"a.txt\" (already listed at line 2 as "
                "documents/a.txt)");
    parse_fails(HEADER "\tMedway\t\t\t\n", "m.tsv:2: empty file name");
    parse_fails(HEADER "/abs/a.txt\t\t\t\t\n",
                "m.tsv:2: file \"/abs/a.txt\" must be a path relative to the corpus "
                "root, with '/' separators and no \"..\"");
    parse_fails(HEADER "docs/../../a.txt\t\t\t\t\n",
                "m.tsv:2: file \"docs/../../a.txt\" must be a path relative to the "
                "corpus root, with '/' separators and no \"..\"");
    parse_fails(HEADER "a.txt\t\t\tftp://x\t\n",
                "m.tsv:2: url \"ftp://x\" must start with http:// or https:// and "
                "have no spaces");
    parse_fails(HEADER "a.txt\t\t\t\t2024-13\n",
                "m.tsv:2: published \"2024-13\" is not a date YYYY-MM-DD, YYYY-MM or "
                "YYYY (leave it empty when not known)");
    parse_fails(HEADER "a.txt\t\t\t\t2023-02-29\n",
                "m.tsv:2: published \"2023-02-29\" is not a date YYYY-MM-DD, YYYY-MM "
                "or YYYY (leave it empty when not known)");
    parse_fails(HEADER "a.txt\t\t\t\tMarch 2024\n",
                "m.tsv:2: published \"March 2024\" is not a date YYYY-MM-DD, YYYY-MM "
                "or YYYY (leave it empty when not known)");
    parse_fails("file\tsection\na.txt\tfinance\n",
                "m.tsv:2: unknown statement \"finance\" in the section column (give a "
                "quality statement's name, e.g. Safeguarding)");
    parse_fails("file\tscore\na.txt\t5\n", "m.tsv:2: score \"5\" is not a score from 1 to 4");
    parse_fails("file\tscore\na.txt\tgood\n",
                "m.tsv:2: score \"good\" is not a score from 1 to 4");
    parse_fails("file\trating\na.txt\tExcellent\n",
                "m.tsv:2: unknown rating \"Excellent\" (expected Outstanding, Good, "
                "Requires improvement or Inadequate)");
    /* The first error wins, with its own line. */
    parse_fails(HEADER "a.txt\tMedway\t\t\t\nb.txt\tMedway\tbad\t\t\nc.txt\tX\t\t\t\n",
                "m.tsv:3: unknown kind \"bad\" (expected assessment, summary or "
                "self-assessment, or empty when not known)");
}

/* Columns by their header names, in any order and case; unknown ones
 * ignored with a warning; short rows; partial dates; the optional facet
 * columns; rows with or without "documents/". */
static void test_columns(void)
{
    const char *text =
        "URL\tNotes\tfile\tRating\tscore\tsection\tpublished\tKind\tOwner\n"
        "https://x.org/a\tlooked at\tdocuments/a.txt\trequires improvement\t2\t"
        "safeguarding\t2024-03\tsummary\tjo\n"
        "\t\tb.txt\n"
        "\t\tdocuments/sub/c.txt\tGOOD\t\tPartnerships and communities\t2024\n";
    manifest m;
    char err[512] = "";
    CHECK(manifest_parse(text, strlen(text), "m.tsv", T, &m, err, sizeof err) == 0, "%s",
          err);
    CHECK_INT(m.n, 3);
    CHECK_INT(m.n_warnings, 2);
    if (m.n_warnings == 2) {
        CHECK_STR(m.warnings[0], "m.tsv:1: unknown column \"Notes\" ignored (the columns "
                  "are file, authority, kind, url, published, section, score, rating)");
        CHECK(strstr(m.warnings[1], "m.tsv:1: unknown column \"Owner\"") == m.warnings[1],
              "%s", m.warnings[1]);
    }
    const manifest_entry *e = manifest_find(&m, "documents/a.txt");
    CHECK(e && e == manifest_find(&m, "a.txt"), "a.txt with and without documents/");
    if (e) {
        CHECK_STR(e->url, "https://x.org/a");
        CHECK_STR(e->rating, "Requires improvement");
        CHECK_INT(e->score, 2);
        CHECK_INT(e->section, section_lookup("safeguarding"));
        CHECK_STR(e->published, "2024-03");
        CHECK_INT(e->kind, KIND_SUMMARY);
        CHECK_STR(e->authority, "");
    }
    /* A row without the prefix finds the walker's path with it. */
    e = manifest_find(&m, "documents/b.txt");
    CHECK(e && e->line == 3 && e->section == -1 && e->score == 0 &&
          strcmp(e->rating, "") == 0 && strcmp(e->url, "") == 0, "b.txt entry");
    e = manifest_find(&m, "sub/c.txt");
    CHECK(e && strcmp(e->rating, "Good") == 0 && strcmp(e->published, "2024") == 0 &&
          e->section == section_lookup("partnerships"), "c.txt entry");
    CHECK(manifest_find(&m, "documents/d.txt") == NULL, "found a file not listed");

    /* Rows naming no file of the corpus, in the file's order. */
    const char *files[] = {"documents/a.txt", "documents/x.txt", "other/b.txt"};
    const manifest_entry *left[3];
    long n = manifest_unmatched(&m, files, 3, left);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(left[0]->file, "b.txt");
        CHECK_STR(left[1]->file, "documents/sub/c.txt");
        char msg[256];
        manifest_unmatched_message(left[0], "corpus/manifest.tsv", msg, sizeof msg);
        CHECK_STR(msg, "corpus/manifest.tsv:3: \"b.txt\" names no file in the corpus; "
                       "the row is ignored");
    }
    manifest_clear(&m);
    CHECK(m.warnings == NULL && m.n_warnings == 0, "warnings not cleared");

    /* Only a file column, and nothing unknown: no warnings. */
    const char *minimal = "file\na.txt\n";
    CHECK(manifest_parse(minimal, strlen(minimal), "m.tsv", T, &m, err, sizeof err) == 0,
          "%s", err);
    CHECK_INT(m.n, 1);
    CHECK_INT(m.n_warnings, 0);
    manifest_clear(&m);
}

/* Many rows in no order: each is found (by binary search on a sorted
 * copy), the rows themselves stay in the file's order. */
static void test_many(void)
{
    enum { N = 2000 };
    size_t cap = 64 + N * 64;
    char *text = malloc(cap), *p = text;
    CHECK(text != NULL, "out of memory");
    if (!text)
        return;
    p += sprintf(p, "%s", HEADER);
    for (unsigned i = 0; i < N; i++)
        p += sprintf(p, "r%u/doc-%u.txt\tKent\tassessment\t\t\n", (i * 7919u) % N,
                     (i * 7919u) % N);
    manifest m;
    char err[512] = "";
    CHECK(manifest_parse(text, (size_t)(p - text), "m.tsv", T, &m, err, sizeof err) == 0,
          "%s", err);
    CHECK_INT(m.n, N);
    char file[64];
    size_t found = 0;
    for (unsigned i = 0; i < N && m.n == N; i++) {
        snprintf(file, sizeof file, "r%u/doc-%u.txt", i, i);
        const manifest_entry *e = manifest_find(&m, file);
        found += e && strcmp(e->file, file) == 0 && e->line == 2 + (i * 1679u) % N;   /* 1679 = 1/7919 mod N */
    }
    CHECK_INT(found, N);
    CHECK(manifest_find(&m, "r1/doc-2.txt") == NULL, "found a file not listed");
    CHECK(manifest_find(&m, "") == NULL, "found the empty path");
    CHECK(manifest_find(&m, "zzz") == NULL, "found past the last");
    if (m.n == N) {
        CHECK_STR(m.entries[0].file, "r0/doc-0.txt");
        CHECK_STR(m.entries[1].file, "r1919/doc-1919.txt");   /* 7919 % 2000 */
    }
    manifest_clear(&m);
    free(text);
}

int main(void)
{
    char err[512];
    if (authority_table_load(LASEARCH_SOURCE_DIR "/corpus/authorities.tsv", &T, err,
                             sizeof err) != 0) {
        CHECK(0, "%s", err);
        return check_report("test_manifest");
    }
    test_seed_manifest();
    test_good();
    test_errors();
    test_columns();
    test_many();
    authority_table_free(T);
    return check_report("test_manifest");
}
