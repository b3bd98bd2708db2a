/*
 * build.h: building an index generation from a corpus directory.
 *
 * The flow: walk the corpus (walk.h) -> read and validate each file
 * (textio.h) -> parse it into paragraph records (parse.h) -> one Xapian
 * document per record (index_doc.h) -> a new generation, checked, then
 * published atomically (generation.h). A file that cannot be read or parsed
 * is skipped and reported; it never stops the build. Until the publish the
 * live index is untouched, and on any failure it stays as it was.
 */
#ifndef LASEARCH_BUILD_H
#define LASEARCH_BUILD_H

#include <stddef.h>
#include "textio.h"

typedef struct build_options {
    const char *corpus_dir;
    const char *index_dir;
    size_t max_file_bytes;   /* 0: TEXTIO_DEFAULT_MAX_BYTES */
    /* Called after each file (may be NULL): done of total files so far. */
    void (*progress)(void *ctx, size_t done, size_t total, const char *file);
    void *progress_ctx;
} build_options;

typedef struct build_count {
    char *authority;      /* canonical name; "" = undecided */
    size_t documents;
    size_t paragraphs;
} build_count;

typedef struct build_report {
    long generation;          /* the generation published */
    size_t files;             /* files found */
    size_t documents;         /* files indexed */
    size_t paragraphs;        /* paragraphs indexed */
    size_t skipped;           /* files not indexed */
    size_t warnings;          /* parse warnings (the files were indexed) */
    char **messages;          /* every skip and warning, in corpus order:
                                 "documents/x.txt: skipped: binary file ..." */
    size_t n_messages;
    build_count *counts;      /* per authority, sorted by name; undecided last */
    size_t n_counts;
    double seconds;
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
void build_report_clear(build_report *rep);

/* The report as JSON text (malloc()ed), as stored in the index metadata. */
char *build_report_json(const build_report *rep);

#endif /* LASEARCH_BUILD_H */
