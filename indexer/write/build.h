/*
 * build.h: building an index generation from a corpus directory.
 *
 * The flow: walk the corpus (walk.h) -> read and validate each file
 * (textio.h) -> parse it into paragraph records (parse.h) -> one Xapian
 * document per record (index_doc.h) -> a new generation, checked, then
 * published atomically (generation.h). A file that cannot be read or parsed
 * is skipped and reported; it never stops the build. Until the publish the
 * live index is untouched, and on any failure it stays as it was.
 *
 * Two ways to make a generation, sharing every step but the first:
 *  - build_index: a full rebuild, from nothing;
 *  - update_index (update.h): a copy of the live generation with only the
 *    files that changed since re-indexed.
 * Both record what each file contributed (filestate.h), so the next update
 * knows what changed, and both publish and prune the same way.
 */
#ifndef LASEARCH_BUILD_H
#define LASEARCH_BUILD_H

#include <stddef.h>
#include <stdio.h>

#include "textio.h"

typedef struct build_options {
    const char *corpus_dir;
    const char *index_dir;
    size_t max_file_bytes;   /* 0: TEXTIO_DEFAULT_MAX_BYTES */
    /* Called after each file (may be NULL): done of total files so far. */
    void (*progress)(void *ctx, size_t done, size_t total, const char *file);
    void *progress_ctx;
    /* Called when a new stage starts (may be NULL): "scanning",
     * "copying generation 7", "indexing", "checking"... The progress calls
     * that follow count that stage's steps. */
    void (*stage)(void *ctx, const char *what);
    /* Seconds to wait for another writer to finish; 0: do not wait. */
    double lock_wait;
    /* Shards (shards.h), each built by a thread of its own: 1..SHARDS_MAX;
     * 0: shards_default() for a full build, the live index's number for an
     * update. */
    unsigned shards;
} build_options;

typedef struct build_count {
    char *authority;      /* canonical name; "" = undecided */
    size_t documents;
    size_t paragraphs;
} build_count;

/* What a run did. */
typedef enum build_mode {
    BUILD_MODE_FULL = 0,      /* a full rebuild */
    BUILD_MODE_UPDATE,        /* an update: only the changed files */
    BUILD_MODE_NONE           /* an update found nothing to do: no new
                                 generation */
} build_mode;

typedef struct build_report {
    long generation;          /* the generation published (with
                                 BUILD_MODE_NONE: the live one) */
    size_t files;             /* files found */
    size_t documents;         /* files indexed */
    size_t paragraphs;        /* paragraphs indexed */
    size_t skipped;           /* files not indexed */
    size_t warnings;          /* parse warnings (the files were indexed) */
    char **messages;          /* every skip and warning, in corpus order:
                                 "documents/x.txt: skipped: binary file ..." */
    size_t n_messages;
    unsigned char *fresh;     /* per message: 1 when its file was read by
                                 this run, 0 when an update carried it over
                                 from an unchanged file */
    build_count *counts;      /* per authority, sorted by name; undecided last */
    size_t n_counts;
    double seconds;

    /* How the run went (not part of the stored summary). */
    build_mode mode;
    char *reason;             /* why an update rebuilt everything ("the
                                 index has no file list"), else NULL */
    size_t added, changed, removed, unchanged;   /* files, vs. the previous
                                                    generation (updates) */
    size_t unread;            /* unchanged files an update did not read: their
                                 size and times were as before (filestate.h) */
    int thesaurus_changed;    /* an update stored a new thesaurus.tsv */
    size_t new_paragraphs;    /* paragraphs first seen in this generation
                                 (new, or their text changed: firstseen.h) */
    long long gone_paragraphs;/* the previous generation's paragraphs no
                                 longer there (removed, or text changed);
                                 -1 unknown (the live index was not read) */
    long previous;            /* the generation that was live before; 0 none */
} build_report;

typedef enum build_status {
    BUILD_OK = 0,       /* published (some files may have been skipped) */
    BUILD_LOCKED = 1,   /* another writer holds the index */
    BUILD_ERROR = -1    /* nothing published; the live index is unchanged */
} build_status;

/* Build and publish a new generation. On BUILD_LOCKED / BUILD_ERROR err says
 * why and what to do. rep is filled as far as the build got (free it with
 * build_report_clear in every case). */
build_status build_index(const build_options *opt, build_report *rep, char *err,
                         size_t errlen);

#endif /* LASEARCH_BUILD_H */
