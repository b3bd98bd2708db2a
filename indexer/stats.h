/*
 * stats.h: reading what a build left: statistics (`lasearch-index --stats`)
 * and checks, of a generation against its own file list (before a
 * publish, and by `--check`) and of the live index against the corpus
 * (`--check`).
 */
#ifndef LASEARCH_STATS_H
#define LASEARCH_STATS_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "build.h"
#include "filestate.h"
#include "lasearch_shim.h"

/* Check that db holds exactly what t says: its document count is the sum
 * of the indexed files' paragraphs, each indexed file has exactly its
 * paragraphs (the frequency of its PREFIX_FILE term) and no other file has
 * any. Returns 0, or -1 with err naming the first difference. */
int index_verify(shim_db *db, const file_table *t, char *err, size_t errlen);

/* The live generation of index_dir, opened read-only, with its file list.
 * *gen receives its number. Returns 0, or -1 with err ("no index at 'x'",
 * "the index has no file list: rebuild it"). */
int index_open_live(const char *index_dir, shim_db **db, file_table *t, long *gen,
                    char *err, size_t errlen);

/* Statistics of the live generation, as a JSON object:
 *   index, generation, previous (0: none), built (UTC), run (how it was
 *   made: mode, seconds, added, changed, removed, unchanged), files,
 *   documents, paragraphs, skipped, warnings, terms (distinct), bytes (the
 *   live generation on disk), bytes_all (every generation kept),
 *   authorities [{authority (null: undecided), documents, paragraphs}].
 * New reference, or NULL with err. */
json_t *index_stats(const char *index_dir, char *err, size_t errlen);

/* The statistics as text. 0, or -1 on a write error. */
int index_stats_print(FILE *out, const json_t *stats);

/* --check: the live index against itself and against the corpus now. */
typedef struct index_check_report {
    long generation;
    size_t files, paragraphs;      /* as the index records them */
    int consistent;                /* the index holds what its list says */
    char *problem;                 /* else what is wrong (malloc()ed) */
    const char *inputs_changed;    /* static phrase, or NULL */
    int thesaurus_changed;
    size_t added, changed, removed, unchanged;   /* corpus vs. the index */
    char **changes;                /* "added: path", in path order */
    size_t n_changes;
} index_check_report;

/* Fill rep. Returns 0 (rep says how it went), or -1 with err when the
 * index or the corpus cannot be read at all. */
int index_check(const build_options *opt, index_check_report *rep, char *err,
                size_t errlen);
void index_check_clear(index_check_report *rep);

/* The check for people (report.c), listing at most max_listed changed
 * files. 0, or -1 on a write error. */
int index_check_print(FILE *out, const index_check_report *rep, const char *index_dir,
                      size_t max_listed);

#endif /* LASEARCH_STATS_H */
