/*
 * stats.h: reading what a build left: statistics (`lasearch-index --stats`)
 * and the check of a generation against its own file list (before a
 * publish, and by `--check`; index_check.h compares it with the corpus).
 *
 * Errors: -1 or NULL with err filled. Each call opens what it reads and
 * closes it: calls may run on any thread.
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
 * any. Returns 0, -1 with err naming the first difference, or -2 (err: out
 * of memory). */
int index_verify(shim_db *db, const file_table *t, char *err, size_t errlen);

/* The live generation of index_dir, opened read-only, with its file list.
 * *gen receives its number. Returns 0, or -1 with err ("no index at 'x'",
 * "the index has no file list: rebuild it"), or -2 with err when it could
 * not be read for lack of memory (no reason to distrust the index). */
int index_open_live(const char *index_dir, shim_db **db, file_table *t, long *gen,
                    char *err, size_t errlen);

/* How far index_health looks. */
typedef enum index_depth {
    INDEX_HEALTH_QUICK = 0,   /* the stub; every database opens and its
                                 terms read (the table every query reads);
                                 the generation holds what its file list
                                 says (index_verify): before an update
                                 trusts the live index */
    INDEX_HEALTH_DEEP         /* and every database read whole (--check) */
} index_depth;

/* Whether generation gen of index_dir is sound: its stub lists each
 * database once and every database it lists exists (a stub listing a
 * shard twice doubles every count); each opens and its every term reads
 * (deep: and every document, its terms and the spelling data too); and it
 * holds exactly what its file list says. Every step that reads a database
 * runs in a child process with a time limit, so a damaged table that makes
 * Xapian crash or loop is reported, never takes this process down or
 * hangs it. Returns 0 sound; 1 damaged, problem naming the database and
 * what is wrong ("gen-000007/shard-01 is damaged: ..."); -1 it could not
 * be checked (problem says why: out of memory, here or in a child, is
 * never damage). Forks: call it while no other thread
 * runs. Until the shim offers Xapian's own consistency check
 * (Database::check), "read whole" is how damage is found: see stats.c. */
int index_health(const char *index_dir, long gen, index_depth depth, char *problem,
                 size_t len);

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

#endif /* LASEARCH_STATS_H */
