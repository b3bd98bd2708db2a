/*
 * build_internal.h: what a full build (build.c) and an update (update.c)
 * share: the builder's state, the steps (build_step.c), the steps run by
 * one thread per shard (build_parallel.c) and the comparison of the corpus
 * with a generation (update.c). Not a public API. Calls run one way:
 * build.c, update.c -> build_parallel.c -> build_step.c.
 *
 * Both make a generation the same way: open it (new, or a copy of the live
 * one), add files with builder_add_files (read -> fingerprint -> parse ->
 * index, recording each file's outcome in the new file table), store the
 * metadata and commit (builder_finish: the summary comes from the file
 * table, so a full build and any sequence of updates of one corpus store
 * the same summary), check it, then publish (builder_publish).
 *
 * Every step returns 0, or -1 with the message in b->err; the caller's one
 * cleanup (builder_clear) frees everything and removes an unpublished
 * generation.
 */
#ifndef LASEARCH_BUILD_INTERNAL_H
#define LASEARCH_BUILD_INTERNAL_H

#include "build.h"
#include "filestate.h"
#include "genhist.h"
#include "generation.h"
#include "lasearch_shim.h"
#include "parse.h"
#include "refdata.h"
#include "walk.h"

/* One shard of the generation being made. */
typedef struct shard_writer {
    shim_wdb *wdb;            /* open for writing, or NULL */
    shim_termgen *tg;
    shim_doc *doc;
    int linked;               /* an update's shard still sharing the live
                                 one's files (builder_shard copies it, or
                                 writes it copy-on-write: share_live) */
    shim_words *words;        /* count_words: the words it deleted and added */
    int words_dropped;        /* they grew past BUILDER_WORDS_MAX and were
                                 dropped: the spelling data is made afresh
                                 from the shards instead (store_metadata) */
} shard_writer;

/* Distinct words a shard's writer counts before it drops its counts: an
 * update of a file of unique words would otherwise cost about 100 bytes a
 * word, several times the file's size. */
#define BUILDER_WORDS_MAX 100000

typedef struct builder {
    const build_options *opt;
    build_report *rep;
    refdata ref;
    walk_list files;          /* the corpus now */
    file_table table;         /* what the new generation holds, per file */
    gen_lock *lock;
    long live;                /* the live generation when we started; 0 none */
    long gen;                 /* the generation being made; 0 none yet */
    char *gen_dir;
    int published;            /* gen is live: never remove it */
    unsigned n_shards;
    int share_live;           /* an update small enough to hold in memory:
                                 write linked shards copy-on-write, in one
                                 commit, instead of copying them */
    int count_words;          /* an update: count the words each shard
                                 deletes and adds, and bring a copy of the
                                 live spelling data up to date with them
                                 instead of making it from every shard */
    shard_writer *shards;     /* n_shards of them, once builder_open ran */
    char *err;
    size_t errlen;
    double t0;                /* CLOCK_MONOTONIC at the start */
    time_t trust_before;      /* two seconds before the start: files changed
                                 since get no signature (filestate.h) */
    long long gen_time;       /* when the generation being made was begun
                                 (seconds since the epoch): its time in the
                                 history and its new paragraphs' */
    const file_table *prev;   /* the live generation's file list, whose
                                 paragraphs' first-seen generations the
                                 new one keeps (firstseen.h); NULL none */
    file_table prev_own;      /* prev, when the full build loaded it */
    int prev_tried;           /* prev was looked for (it may be NULL) */
    gen_history history;      /* the live generation's history (genhist.h) */
} builder;

/* ---- Interface to code in build_step.c: the steps ---- */

/* Seconds on CLOCK_MONOTONIC. */
double builder_now(void);

/* Everything up to holding the lock: load the reference data, walk the
 * corpus, take the writers' lock, note the live generation and remove the
 * debris of runs that never published. Returns 0, 1 when another writer
 * holds the lock (err says so), -1 on error. */
int builder_start(builder *b);

/* Tell the caller a new stage begins (build_options.stage). */
void builder_stage(builder *b, const char *fmt, ...);

/* Allocate the next generation number and make it, with b->n_shards
 * shards: new empty ones open for writing, or (copy_of > 0) generation
 * copy_of's shards as hard links, made writable one by one as an update
 * needs them (builder_shard). */
int builder_open(builder *b, long copy_of);

/* Shard k of the new generation, open for writing. An update's linked
 * shard is replaced by a copy first, unless b->share_live: then its files
 * stay shared with the live generation and it is written copy-on-write
 * (SHIM_WDB_SHARED_FILES), never touching a block the live one uses.
 * NULL with err on failure. */
shard_writer *builder_shard(builder *b, unsigned k);

/* The shard of a document of this council. */
unsigned builder_route(const builder *b, const char *authority);

/* Read and parse e (no shared state is touched: safe from any thread).
 * The paragraphs go to fn(arg, part) window by window as the parser makes
 * them (parse.h: corpus_parse_read), so a file costs memory for one window
 * of paragraphs at a time; fn returns 0 to go on, 1 to stop, -1 with its
 * own message in err. Fills fs (its outcome: skipped, warnings, the count
 * of paragraphs) and, when the file had paragraphs, *doc with its facts
 * (its paragraphs already handed over) and *have_doc = 1. 0, or -1 with
 * err (out of memory, or fn's failure: the build must stop). */
int builder_read_parse(const builder *b, const walk_entry *e, file_state *fs,
                       corpus_doc *doc, int *have_doc, corpus_part_fn fn, void *arg,
                       char *err, size_t errlen);
/* Part functions for builder_read_parse: drop every part; stop after the
 * first (the document's facts are known then). */
int builder_part_drop(void *arg, corpus_doc *part);
int builder_part_first(void *arg, corpus_doc *part);

/* The previous generation, for first-seen generations: from the live
 * generation's open database db and its file list old (which must outlive
 * the build; either may be NULL when the live index is not to be trusted).
 * Loads the history. 0, or -1 with err (out of memory). */
int builder_use_previous(builder *b, shim_db *db, const file_table *old);

/* Give part's paragraphs (the next of the file fs describes) their
 * first-seen generations and times, matching them by text to the previous
 * generation's (b->prev) paragraphs of the same file, and append them to
 * fs->seen. mt is the file's matcher: zeroed before its first part, freed
 * with firstseen_matcher_clear after its last. Reads only shared
 * read-only state: safe from any thread. 0, or -1 with err (out of
 * memory). */
int builder_first_seen(const builder *b, firstseen_matcher *mt, file_state *fs,
                       corpus_doc *part, char *err, size_t errlen);

/* Index doc's paragraphs into shard w. 0, or -1 with err. */
int builder_index_doc(shard_writer *w, const corpus_doc *doc, char *err, size_t errlen);

/* Delete the paragraphs of the file was describes from shard w. 0, or -1
 * with err. */
int builder_unindex(shard_writer *w, const file_state *was, char *err, size_t errlen);

/* The fingerprint of e as indexing would record it, without parsing or
 * indexing, into out, and its signature now into sig (filestate.h). When
 * was (its entry in an earlier file table; may be NULL) has a signature
 * and e's is the same, e is not read: out is was's fingerprint. No shared
 * state is touched: safe from any thread. 0 when e was read, 1 when its
 * signature was trusted, -1 with err (out of memory). */
int builder_fingerprint(const builder *b, const walk_entry *e, const file_state *was,
                        char out[SHA256_HEX], char sig[SHA256_HEX], char *err,
                        size_t errlen);

/* Sort the file table, fill the report from it, commit every shard open
 * for writing, store every metadata key in a new meta database, write the
 * generation's stub; then reopen the generation read-only and check it holds
 * exactly what the table says (stats.h: index_verify). */
int builder_finish(builder *b);

/* The manifest's warnings (columns ignored) and its rows that name no file
 * of the corpus (their metadata is lost) into rep's messages, counted as
 * warnings. 0, or -1 with err (out of memory). */
int builder_report_manifest(builder *b, build_report *rep);

/* Make the generation live and prune all but it and the one it replaced. */
int builder_publish(builder *b);

/* Free everything; remove the generation unless it was published; release
 * the lock; set rep->seconds. */
void builder_clear(builder *b);

/* Everything builder_start() does before the lock: reference data and the
 * walk (--check needs no lock). 0, or -1 with err. */
int builder_load(builder *b);

/* ---- Interface to code in build_parallel.c: one thread per shard ---- */

/* The files of b->files with only[i] != 0 (all of them: only == NULL),
 * read, parsed, indexed and their outcomes added to b->table, by one
 * thread per shard (build_parallel.c). Shards the files need are opened
 * (builder_shard) before the threads start; each thread commits its own
 * shard at the end, and any other shard still open. */
int builder_add_files(builder *b, const unsigned char *only);

/* Delete from the new generation the paragraphs of the n files gone[]
 * describe (as an earlier generation recorded them): each is in the shard
 * of its council, and each shard's thread deletes its own. Shards are
 * opened as builder_shard does. 0, or -1 with err. */
int builder_remove_files(builder *b, const file_state *const *gone, size_t n);

/* builder_add_files(b, NULL). */
int builder_add_all(builder *b);

/* builder_fingerprint for every file of b->files, into hash[i] and sig[i],
 * trusting the signatures of old (NULL: read every file), counting in
 * *trusted the files not read: one thread per shard (per core when there
 * are none yet), with progress. 0, or -1 with err (out of memory). */
int builder_fingerprint_all(builder *b, const file_table *old, char (*hash)[SHA256_HEX],
                            char (*sig)[SHA256_HEX], size_t *trusted);

/* ---- Interface to code in update.c: the corpus against a generation ---- */

/* How the corpus differs from the file table of a generation. */
enum { DIFF_UNCHANGED = 0, DIFF_ADDED, DIFF_CHANGED };
typedef struct corpus_diff {
    unsigned char *state;     /* per b->files entry: DIFF_* */
    size_t *removed;          /* indices into the old table: files gone */
    size_t n_removed;
    size_t added, changed, unchanged;
    size_t trusted;           /* unchanged files not read: same signature */
    char (*sig)[SHA256_HEX];  /* per b->files entry: its signature now */
} corpus_diff;

/* Fingerprint every file of b->files (a "scanning" stage with progress)
 * and compare with old. With trust_signatures, a file whose signature is
 * the one old stores is taken as unchanged without reading it (an update);
 * without, every file is read (--check). 0, or -1 with err. */
int builder_diff(builder *b, const file_table *old, int trust_signatures,
                 corpus_diff *out);
void corpus_diff_clear(corpus_diff *d);

/* ---- Interface to code in build.c: the full build ---- */

/* The full build once builder_start() has succeeded (update.c falls back to
 * it when an update cannot be trusted). */
int build_full(builder *b);

#endif /* LASEARCH_BUILD_INTERNAL_H */
