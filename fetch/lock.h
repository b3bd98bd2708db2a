/*
 * lock.h: one lasearch-fetch at a time per corpus.
 *
 * An flock() on DIR/.fetch.lock, opened with O_NOFOLLOW (a symlink there
 * is refused rather than followed to some other file). The kernel drops
 * the lock when its holder exits or is killed, so a kill -9 never leaves a
 * stale lock behind. The file itself stays; it holds nothing.
 */
#ifndef LASEARCH_FETCH_LOCK_H
#define LASEARCH_FETCH_LOCK_H

#include <stddef.h>

#define FETCH_LOCK_NAME ".fetch.lock"

/* Take the lock at once or not at all. 0 taken (*fd holds it until
 * closed); 1 another fetch holds it; -1 error (err says why). */
int fetch_lock(int rootfd, int *fd, char *err, size_t errlen);

#endif /* LASEARCH_FETCH_LOCK_H */
