/*
 * fuzz_query.c: a query string through the whole front end -- normalise,
 * qparse, qbuild, search_run, out_json -- against a small real index.
 *
 * The index is built once, at start-up, by the indexer itself (build_index)
 * from the layout fixtures and two seed reports, in a scratch directory under
 * $TMPDIR that is removed at exit. Each input is one query (up to its first
 * NUL: a query cannot carry one, argv and --batch both refuse them), run
 * with one of four request shapes chosen from the input's bytes, so grouping,
 * facets, sorting, paging, strict and exact modes all get fuzzed.
 *
 * Checked on every input:
 *  - the search answers or says what is wrong with the query: an index error
 *    on a healthy index is a bug (a query the builder made that Xapian
 *    rejects, a snippet that fails), and so is an error with no message;
 *  - a page holds at most `limit` hits ranked offset+1, offset+2, ..., and
 *    never more hits than the total;
 *  - hits, snippets and the parsed description are clean UTF-8;
 *  - the JSON answer is written, and parses back with the same total, the
 *    same number of hits and the same paragraph texts.
 */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "report.h"
#include "out.h"
#include "search.h"

static char scratch[4096];
static search_index *ix;

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[8192];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        rc = -1;
    return rc;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[8192];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void cleanup(void)
{
    search_index_free(ix);
    ix = NULL;
    if (scratch[0])
        remove_tree(scratch);
}

#define DIE(...) (fprintf(stderr, "fuzz_query: " __VA_ARGS__), fputc('\n', stderr), abort())

/* out = a "/" b (b may hold more parts); a path that does not fit is fatal. */
static void join(char *out, size_t n, const char *a, const char *b)
{
    if ((size_t)snprintf(out, n, "%s/%s", a, b) >= n)
        DIE("path too long: %s/%s", a, b);
}

/* corpus/ = the layout fixtures + two seed reports + the reference data. */
static void make_corpus(const char *corpus)
{
    static const char *const seeds[] = {"001_80e5e828aad1d6a4.txt",
                                        "003_6ff3ae6419d31497.txt"};
    char from[8192], to[8192];
    join(to, sizeof to, corpus, "documents");
    if (mkdir(corpus, 0700) != 0 || mkdir(to, 0700) != 0)
        DIE("cannot make %s", to);
    const char *const refs[] = {"authorities.tsv", "thesaurus.tsv"};
    for (size_t i = 0; i < 2; i++) {
        join(from, sizeof from, LASEARCH_SOURCE_DIR "/corpus", refs[i]);
        join(to, sizeof to, corpus, refs[i]);
        if (copy_file(from, to) != 0)
            DIE("cannot copy %s", from);
    }
    for (size_t i = 0; i < 2; i++) {
        join(from, sizeof from, LASEARCH_SOURCE_DIR "/corpus/documents", seeds[i]);
        join(to, sizeof to, corpus, "documents");
        join(to + strlen(to), sizeof to - strlen(to), "", seeds[i]);
        if (copy_file(from, to) != 0)
            DIE("cannot copy %s", from);
    }
    char layouts[8192];
    join(layouts, sizeof layouts, LASEARCH_SOURCE_DIR "/tests/fixtures", "layouts");
    DIR *d = opendir(layouts);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        join(from, sizeof from, layouts, e->d_name);
        char name[300];
        snprintf(name, sizeof name, "layout_%s", e->d_name);
        join(to, sizeof to, corpus, "documents");
        join(to + strlen(to), sizeof to - strlen(to), "", name);
        if (copy_file(from, to) != 0)
            DIE("cannot copy %s", from);
    }
    if (d)
        closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/fuzz-query-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch))
        DIE("cannot make a scratch directory in %s", tmp && *tmp ? tmp : "/tmp");
    atexit(cleanup);

    char corpus[4200], index[4200], err[1024];
    snprintf(corpus, sizeof corpus, "%s/corpus", scratch);
    snprintf(index, sizeof index, "%s/index", scratch);
    make_corpus(corpus);
    build_options opt = {.corpus_dir = corpus, .index_dir = index};
    build_report rep;
    build_status bs = build_index(&opt, &rep, err, sizeof err);
    size_t paragraphs = rep.paragraphs;
    build_report_clear(&rep);
    if (bs != BUILD_OK || paragraphs == 0)
        DIE("cannot build the index: %s", err);
    if (search_index_open(index, &ix, err, sizeof err) != 0)
        DIE("cannot open the index: %s", err);
    return 0;
}

/* One of four request shapes, from the input's bytes. */
static void shape(search_request *req, const uint8_t *data, size_t size)
{
    unsigned sum = 0;
    for (size_t i = 0; i < size; i++)
        sum += data[i];
    switch (sum % 4) {
    case 1:
        req->by_authority = 1;
        req->per = 2;
        for (int f = 0; f < FACET_COUNT; f++)
            req->facets[f] = 1;
        break;
    case 2:
        req->strict = 1;
        req->exact = 1;
        req->sort = SORT_AUTHORITY;
        req->offset = 3;
        break;
    case 3:
        req->sort = SORT_DOCUMENT;
        req->snippet_bytes = 40;
        req->limit = 50;
        req->facets[FACET_SCORE] = 1;
        break;
    default:
        break;
    }
}

static void check_hits(const search_hit *hits, size_t n, size_t first_rank)
{
    for (size_t i = 0; i < n; i++) {
        const search_hit *h = &hits[i];
        FUZZ_CHECK(h->rank == first_rank + i, "hit %zu has rank %zu", i, h->rank);
        FUZZ_CHECK(h->rec.id[0] != '\0', "hit %zu has no id", i);
        if (h->snippet)
            FUZZ_CHECK(fuzz_clean_utf8(h->snippet, strlen(h->snippet)),
                       "hit %zu: snippet is not clean UTF-8", i);
        for (size_t m = 0; m < h->n_matched; m++)
            FUZZ_CHECK(fuzz_clean_utf8(h->matched[m], strlen(h->matched[m])),
                       "hit %zu: matched form %zu is not clean UTF-8", i, m);
    }
}

/* The JSON answer parses back with the same total, hits and texts. */
static void check_json(const search_request *req, const search_result *res)
{
    json_t *js = out_json(req, res);
    FUZZ_CHECK(js != NULL, "no JSON answer");
    char *text = json_dumps(js, JSON_COMPACT);
    FUZZ_CHECK(text != NULL, "JSON answer cannot be written");
    json_error_t jerr;
    json_t *back = json_loads(text, 0, &jerr);
    FUZZ_CHECK(back != NULL, "JSON answer does not parse: %s", jerr.text);
    FUZZ_CHECK(json_integer_value(json_object_get(back, "total")) == res->total,
               "JSON total differs");
    json_t *hits = json_object_get(back, "hits");
    FUZZ_CHECK(json_array_size(hits) == res->n_hits, "JSON has %zu hits, not %zu",
               json_array_size(hits), res->n_hits);
    for (size_t i = 0; i < res->n_hits; i++) {
        const char *t = json_string_value(json_object_get(json_array_get(hits, i), "text"));
        FUZZ_CHECK(t && strcmp(t, res->hits[i].rec.text) == 0, "JSON hit %zu text", i);
    }
    json_decref(back);
    free(text);
    json_decref(js);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = fuzz_strndup(data, size);
    if (!query)
        return 0;
    search_request req;
    search_request_init(&req, query);
    shape(&req, data, size);
    search_result res;
    qerror err;
    search_status ss = search_run(ix, &req, &res, &err);
    FUZZ_CHECK(ss != SEARCH_INDEX_ERROR, "index error on a healthy index: %s",
               err.message);
    if (ss == SEARCH_QUERY_ERROR) {
        FUZZ_CHECK(err.message[0] != '\0', "query error without a message");
        FUZZ_CHECK(err.column <= strlen(query) + 1, "error column %u past the end",
                   err.column);
        json_t *js = out_json_error(query, &err);
        FUZZ_CHECK(js != NULL, "no JSON for the error \"%s\"", err.message);
        json_decref(js);
    } else {
        FUZZ_CHECK(res.n_hits <= req.limit, "%zu hits for limit %zu", res.n_hits,
                   req.limit);
        FUZZ_CHECK(res.n_hits <= res.total, "%zu hits of %u", res.n_hits, res.total);
        FUZZ_CHECK(res.parsed && fuzz_clean_utf8(res.parsed, strlen(res.parsed)),
                   "parsed description is not clean UTF-8");
        check_hits(res.hits, res.n_hits, req.offset + 1);
        for (size_t g = 0; g < res.n_groups; g++) {
            FUZZ_CHECK(res.groups[g].n_hits <= req.per, "group %zu has %zu hits", g,
                       res.groups[g].n_hits);
            check_hits(res.groups[g].hits, res.groups[g].n_hits, 1);
        }
        check_json(&req, &res);
    }
    search_result_clear(&res);
    free(query);
    return 0;
}
