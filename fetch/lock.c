/* lock.c: the fetch lock (contract in lock.h). */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int fetch_lock(int rootfd, int *fd, char *err, size_t errlen)
{
    *fd = -1;
    int f = openat(rootfd, FETCH_LOCK_NAME, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (f < 0) {
        snprintf(err, errlen, "cannot open the lock file %s: %s", FETCH_LOCK_NAME,
                 strerror(errno));
        return -1;
    }
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(f);
        if (e == EWOULDBLOCK)
            return 1;
        snprintf(err, errlen, "cannot lock %s: %s", FETCH_LOCK_NAME, strerror(e));
        return -1;
    }
    *fd = f;
    return 0;
}
