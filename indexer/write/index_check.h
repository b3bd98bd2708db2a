/*
 * index_check.h: `lasearch-index --check`: the live index against itself
 * (its stub lists each shard once and every shard it lists exists, every
 * database passes a consistency check, and it holds exactly what its file
 * list says: stats.h, index_health) and against the corpus now. Reads
 * only; takes no lock. A damaged index is "not consistent", with the
 * problem naming the shard.
 *
 * Ownership: index_check fills a report the caller frees with
 * index_check_clear (also after a failure). Errors: -1 with err filled.
 */
#ifndef LASEARCH_INDEX_CHECK_H
#define LASEARCH_INDEX_CHECK_H

#include <stddef.h>

#include "build.h"

/* --check: the live index against itself and against the corpus now. */
typedef struct index_check_report {
    long generation;
    size_t files, paragraphs;      /* as the index records them */
    int consistent;                /* the index is sound and holds what its
                                      list says */
    char *problem;                 /* else what is wrong (malloc()ed), e.g.
                                      "gen-000007/shard-01 is damaged: ..." */
    const char *inputs_changed;    /* static phrase, or NULL */
    int thesaurus_changed;
    size_t added, changed, removed, unchanged;   /* corpus vs. the index;
                                      changed includes the files kept stale
                                      (what is indexed is not what they are) */
    size_t kept;                   /* files whose paragraphs are those of an
                                      earlier version: they cannot be indexed
                                      now (filestate.h, stale) */
    char **changes;                /* "added: path", "stale: path: kept as
                                      last indexed: why", in path order */
    size_t n_changes;
} index_check_report;

/* Fill rep. Returns 0 (rep says how it went), or -1 with err when the
 * index or the corpus cannot be read at all. */
int index_check(const build_options *opt, index_check_report *rep, char *err,
                size_t errlen);
void index_check_clear(index_check_report *rep);

#endif /* LASEARCH_INDEX_CHECK_H */
