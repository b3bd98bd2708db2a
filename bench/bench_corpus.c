/*
 * bench_corpus.c: a corpus's paragraph records, read exactly as
 * lasearch-index reads them (walk.h, textio.h, parse.h with the corpus's own
 * reference data), so the peers index the very records lasearch indexes.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#include "refdata.h"
#include "textio.h"
#include "walk.h"

static int wanted(const char *rel, char *const *only, size_t n_only)
{
    if (!only)
        return 1;
    for (size_t i = 0; i < n_only; i++)
        if (strcmp(only[i], rel) == 0)
            return 1;
    return 0;
}

int bench_each_doc(const char *corpus, char *const *only, size_t n_only, bench_doc_fn fn,
                   void *ctx, size_t *paragraphs, uint64_t *bytes, char *err,
                   size_t errlen)
{
    refdata ref;
    walk_list files = {0};
    size_t paras = 0;
    uint64_t nbytes = 0;
    if (refdata_load(corpus, &ref, err, errlen) != 0)
        return -1;
    int rc = corpus_walk(corpus, &files, err, errlen);
    corpus_ref cref = {ref.authorities, &ref.manifest};
    for (size_t i = 0; i < files.n && rc == 0; i++) {
        const walk_entry *e = &files.entries[i];
        if (e->problem || !wanted(e->relpath, only, n_only))
            continue;
        text_file tf;
        char msg[256];
        if (textio_read(e->path, TEXTIO_DEFAULT_MAX_BYTES, &tf, msg, sizeof msg) !=
            TEXTIO_OK)
            continue;   /* lasearch-index skips it too */
        corpus_doc doc;
        nbytes += tf.len;
        if (corpus_parse(e->relpath, tf.data, tf.len, &cref, &doc) != 0) {
            text_file_clear(&tf);
            snprintf(err, errlen, "out of memory parsing %s", e->relpath);
            rc = -1;
            break;
        }
        text_file_clear(&tf);
        paras += doc.n_paras;
        if (doc.n_paras && fn && fn(ctx, &doc) != 0) {
            snprintf(err, errlen, "indexing %s failed", e->relpath);
            rc = -1;
        }
        corpus_doc_clear(&doc);
    }
    walk_list_clear(&files);
    refdata_clear(&ref);
    if (paragraphs)
        *paragraphs = paras;
    if (bytes)
        *bytes = nbytes;
    return rc;
}
