/*
 * generation.h: making, publishing and pruning an index's generations,
 * and the writers' lock. The names are layout.h's (model/), which readers
 * use too:
 *
 *   INDEX/XAPIANDB     a Xapian stub naming the live generation ("auto gen-000007")
 *   INDEX/gen-000007/  the live generation (a Xapian database)
 *   INDEX/gen-000006/  the previous one, kept for readers still on it
 *   INDEX/.lock        the writers' lock (flock: released by the kernel when
 *                      its holder dies, so a killed indexer never leaves a
 *                      stale lock)
 *
 * Readers open INDEX itself: Xapian follows the stub. A build writes a new
 * generation beside the live one and publishes it by renaming a new stub over
 * the old, which is atomic, so a reader sees the old generation or the new
 * one, whole, never a half-built database (Xapian auto-commits during long
 * builds, so a half-built database would otherwise look valid).
 */
#ifndef LASEARCH_GENERATION_H
#define LASEARCH_GENERATION_H

#include <stddef.h>

#include "layout.h"

typedef struct gen_lock gen_lock;

/* Create INDEX if needed and take the writers' lock without waiting.
 * Returns 0; 1 when another writer holds it (err names its pid if known);
 * -1 on error (INDEX is a file, not a lasearch index, permissions...). */
int gen_lock_acquire(const char *index_dir, gen_lock **out, char *err, size_t errlen);

/* The same, waiting up to wait_seconds (0: not at all) for another writer
 * to finish. A lock whose holder died is never "held": the kernel drops an
 * flock with its last descriptor, so there is no stale lock to detect or
 * break, and nothing is ever deleted to take it. */
int gen_lock_acquire_wait(const char *index_dir, double wait_seconds, gen_lock **out,
                          char *err, size_t errlen);
void gen_lock_release(gen_lock *lock);

/* A fresh number for a new generation (above every gen-* present). */
long gen_next(const char *index_dir);

/* The highest generation present below n (the one kept for readers still
 * on it), 0 if none. */
long gen_below(const char *index_dir, long n);

/* Make generation n live: write the stub beside it, fsync, rename it over
 * INDEX/XAPIANDB, fsync the directory. Returns 0, or -1 with err. */
int gen_publish(const char *index_dir, long n, char *err, size_t errlen);

/* Remove every generation except keep_a and keep_b (0 for none), e.g. the
 * live and the previous one; also the debris of builds that never
 * published. Must be called with the lock held. Returns how many were
 * removed, or -1 with err. */
int gen_prune(const char *index_dir, long keep_a, long keep_b, char *err, size_t errlen);

/* Remove a directory tree (a failed generation). 0 or -1 with errno. */
int gen_remove_tree(const char *path);

/* Copy generation from_dir into a new directory to_dir, file by file, for
 * an update to modify. Safe only with the writers' lock held: published
 * generations are never written, so the copy is of a quiescent database.
 * Xapian's lock file is not copied (a fresh one is made when the copy is
 * opened for writing). Returns 0, or -1 with err (to_dir may then be left
 * half-made: it is debris for the next gen_prune). */
int gen_copy(const char *from_dir, const char *to_dir, char *err, size_t errlen);

/* Give a new directory to_dir the files of from_dir as hard links (copies
 * where a link is impossible, e.g. across file systems). Published
 * generations are never written, so sharing their files is safe as long as
 * the linked directory is never opened for writing: to write it, remove it
 * and gen_copy() it instead. 0, or -1 with err. */
int gen_link(const char *from_dir, const char *to_dir, char *err, size_t errlen);

/* fsync every file of a generation, of its subdirectories (shards) and the
 * directories themselves, so that what is published is on disk whatever
 * wrote it. 0, or -1 with err. */
int gen_sync(const char *gen_dir, char *err, size_t errlen);

/* After a run that failed while writing the index (err says how, in the
 * failing layer's words): when the cause is no room, say so first, every
 * time, whatever those words were (Xapian may report only a later symptom,
 * such as "cancel() not supported"). The cause is the errno err names
 * (ENOSPC, EDQUOT, EFBIG), else what writing a little more into gen_dir
 * (the unpublished generation; NULL when none was made) finds, else a file
 * there at the file-size limit. err becomes "the disk holding 'INDEX' is
 * full (No space left on device): <err>" (or the quota, or "a file of the
 * index in 'INDEX' reached the file-size limit (File too large): ...");
 * unchanged when the cause was something else. Call it before gen_dir is
 * removed, from the one thread left. */
void gen_explain_no_room(const char *index_dir, const char *gen_dir, char *err,
                         size_t errlen);

/* Bytes on disk of the files in dir and its subdirectories (what cannot be
 * read counts nothing; one allocation a directory, its DIR). */
unsigned long long gen_size(const char *dir);

#endif /* LASEARCH_GENERATION_H */
