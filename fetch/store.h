/*
 * store.h: files in the corpus, written so that a kill at any moment
 * leaves either the old file or the new one, never part of one.
 *
 * Every path is relative to the corpus directory, opened once as rootfd,
 * and is walked component by component with O_NOFOLLOW: a symlink planted
 * in documents/ cannot send a write outside the corpus. A file is written
 * to a hidden temporary name in its own directory (".fetch-tmp-PID-NAME":
 * the indexer skips hidden names), fsynced, renamed over the old one, and
 * the directory fsynced, so the rename itself survives a power cut.
 * Directories are made as needed (mode 0755, files 0644 less the umask).
 *
 * Errors: -1 with err (errlen bytes) naming the path and the reason.
 * Nothing is printed. Not thread-safe for one path at a time (the fetch
 * lock keeps whole runs apart).
 */
#ifndef LASEARCH_FETCH_STORE_H
#define LASEARCH_FETCH_STORE_H

#include <stddef.h>

#define STORE_TMP_PREFIX ".fetch-tmp-"

/* Replace (or create) rel with data. 0 or -1. */
int store_put(int rootfd, const char *rel, const void *data, size_t len, char *err,
              size_t errlen);

/* 1 if rel is a regular file holding exactly data; 0 otherwise (missing,
 * different, unreadable). Lets an unchanged page go unwritten. */
int store_same(int rootfd, const char *rel, const void *data, size_t len);

/* 1 if rel is a regular file (not followed through a symlink). */
int store_exists(int rootfd, const char *rel);

/* Read rel whole into a malloc()ed buffer (NUL-terminated), at most max
 * bytes. 0, or -1 (missing, larger than max, unreadable). */
int store_read(int rootfd, const char *rel, size_t max, char **data, size_t *len);

/* Move rel to aside/rel without replacing anything there (a name already
 * taken gets ".1", ".2", ... appended). *moved_to (malloc()ed) says where.
 * 0 moved; 1 rel was not there (nothing to move, *moved_to NULL); -1. */
int store_move_aside(int rootfd, const char *rel, const char *aside, char **moved_to,
                     char *err, size_t errlen);

/* Remove rel (a cached copy the fetcher owns). Missing is fine. */
void store_remove(int rootfd, const char *rel);

/* Remove the temporary files a killed run left below sub (a directory
 * relative to rootfd, "." for the root itself; not descending into
 * symlinks). Returns how many, or -1 when sub cannot be read. */
long store_sweep(int rootfd, const char *sub);

#endif /* LASEARCH_FETCH_STORE_H */
