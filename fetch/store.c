/* store.c: atomic writes below the corpus (contract in store.h). */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *err, size_t errlen, const char *rel, const char *what, int e)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s: %s", rel, what, strerror(e));
    errno = e;
    return -1;
}

/* The directory holding rel, opened (made, with create) one component at a
 * time without following symlinks; *base points at rel's last component.
 * Returns the directory's descriptor or -1 with errno. */
static int open_parent(int rootfd, const char *rel, int create, const char **base)
{
    int dfd = dup(rootfd);
    if (dfd < 0)
        return -1;
    const char *p = rel;
    for (;;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break;
        size_t n = (size_t)(slash - p);
        char name[256];
        if (n == 0 || n >= sizeof name) {
            close(dfd);
            errno = n ? ENAMETOOLONG : EINVAL;
            return -1;
        }
        memcpy(name, p, n);
        name[n] = '\0';
        int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0 && errno == ENOENT && create) {
            if (mkdirat(dfd, name, 0755) != 0 && errno != EEXIST) {
                int e = errno;
                close(dfd);
                errno = e;
                return -1;
            }
            sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        int e = errno;
        close(dfd);
        if (sub < 0) {
            errno = e;
            return -1;
        }
        dfd = sub;
        p = slash + 1;
    }
    *base = p;
    return dfd;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int store_put(int rootfd, const char *rel, const void *data, size_t len, char *err,
              size_t errlen)
{
    const char *base;
    int dfd = open_parent(rootfd, rel, 1, &base);
    if (dfd < 0)
        return fail(err, errlen, rel, "cannot make its directory", errno);
    char tmp[320];
    snprintf(tmp, sizeof tmp, STORE_TMP_PREFIX "%ld-%s", (long)getpid(), base);
    unlinkat(dfd, tmp, 0);   /* a leftover of this very pid: not ours to keep */
    int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        close(dfd);
        return fail(err, errlen, rel, "cannot create a temporary file", e);
    }
    const char *what = NULL;
    if (write_all(fd, data, len) != 0)
        what = "cannot write";
    else if (fsync(fd) != 0)
        what = "cannot sync";
    int e = errno;
    if (close(fd) != 0 && !what) {
        what = "cannot write";
        e = errno;
    }
    if (!what && renameat(dfd, tmp, dfd, base) != 0) {
        what = "cannot rename into place";
        e = errno;
    }
    if (what) {
        unlinkat(dfd, tmp, 0);
        close(dfd);
        return fail(err, errlen, rel, what, e);
    }
    /* The rename is durable only once the directory is. */
    if (fsync(dfd) != 0) {
        e = errno;
        close(dfd);
        return fail(err, errlen, rel, "cannot sync its directory", e);
    }
    close(dfd);
    return 0;
}

static int open_file(int rootfd, const char *rel, struct stat *st)
{
    const char *base;
    int dfd = open_parent(rootfd, rel, 0, &base);
    if (dfd < 0)
        return -1;
    int fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    close(dfd);
    if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))) {
        close(fd);
        return -1;
    }
    return fd;
}

int store_exists(int rootfd, const char *rel)
{
    struct stat st;
    int fd = open_file(rootfd, rel, &st);
    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

int store_same(int rootfd, const char *rel, const void *data, size_t len)
{
    struct stat st;
    int fd = open_file(rootfd, rel, &st);
    if (fd < 0)
        return 0;
    int same = (size_t)st.st_size == len;
    char buf[65536];
    size_t off = 0;
    while (same && off < len) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || (size_t)r > len - off ||
            memcmp(buf, (const char *)data + off, (size_t)r) != 0)
            same = 0;
        else
            off += (size_t)r;
    }
    close(fd);
    return same;
}

int store_read(int rootfd, const char *rel, size_t max, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    struct stat st;
    int fd = open_file(rootfd, rel, &st);
    if (fd < 0)
        return -1;
    size_t n = (size_t)st.st_size, got = 0;
    char *buf = n <= max ? malloc(n + 1) : NULL;
    while (buf && got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(buf);
            buf = NULL;
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    if (!buf)
        return -1;
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int store_move_aside(int rootfd, const char *rel, const char *aside, char **moved_to,
                     char *err, size_t errlen)
{
    *moved_to = NULL;
    const char *base;
    int from = open_parent(rootfd, rel, 0, &base);
    struct stat st;
    if (from < 0 || fstatat(from, base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        int e = errno;
        if (from >= 0)
            close(from);
        return e == ENOENT ? 1 : fail(err, errlen, rel, "cannot find it", e);
    }
    size_t n = strlen(aside) + strlen(rel) + 32;
    char *dest = malloc(n);
    if (!dest) {
        close(from);
        return fail(err, errlen, rel, "cannot move it aside", ENOMEM);
    }
    snprintf(dest, n, "%s/%s", aside, rel);
    const char *dbase;
    int to = open_parent(rootfd, dest, 1, &dbase);
    if (to < 0) {
        int e = errno;
        close(from);
        free(dest);
        return fail(err, errlen, rel, "cannot make a directory to move it to", e);
    }
    /* Never replace what an earlier night moved aside: find a free name.
     * The fetch lock keeps anyone else from taking it meanwhile. */
    size_t stem = strlen(dest);
    for (unsigned i = 1; fstatat(to, dest + (dbase - dest), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                         i < 1000; i++)
        snprintf(dest + stem, n - stem, ".%u", i);
    int rc = 0;
    if (fstatat(to, dest + (dbase - dest), &st, AT_SYMLINK_NOFOLLOW) == 0)
        rc = fail(err, errlen, rel, "cannot move it aside (1,000 copies there already)",
                  EEXIST);
    else if (renameat(from, base, to, dest + (dbase - dest)) != 0)
        rc = fail(err, errlen, rel, "cannot move it aside", errno);
    else if (fsync(to) != 0 || fsync(from) != 0)
        rc = fail(err, errlen, rel, "cannot sync after moving it aside", errno);
    close(from);
    close(to);
    if (rc == 0)
        *moved_to = dest;
    else
        free(dest);
    return rc;
}

void store_remove(int rootfd, const char *rel)
{
    const char *base;
    int dfd = open_parent(rootfd, rel, 0, &base);
    if (dfd >= 0) {
        unlinkat(dfd, base, 0);
        close(dfd);
    }
}

static long sweep_dir(int dfd, int depth)
{
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return -1;
    }
    long n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if (strncmp(name, STORE_TMP_PREFIX, strlen(STORE_TMP_PREFIX)) == 0) {
            if (unlinkat(dirfd(d), name, 0) == 0)
                n++;
            continue;
        }
        /* Bounded depth: names are at most DOCNAME_PATH_MAX bytes long. */
        if (depth > 600)
            continue;
        int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub >= 0) {
            long k = sweep_dir(sub, depth + 1);
            if (k > 0)
                n += k;
        }
    }
    closedir(d);
    return n;
}

long store_sweep(int rootfd, const char *sub)
{
    int dfd = openat(rootfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return errno == ENOENT ? 0 : -1;
    if (strcmp(sub, ".") == 0) {
        /* The root: only its own files (the state, the manifest), not the
         * documents below, which have their own sweeps. */
        DIR *d = fdopendir(dfd);
        if (!d) {
            close(dfd);
            return -1;
        }
        long n = 0;
        struct dirent *de;
        while ((de = readdir(d)) != NULL)
            if (strncmp(de->d_name, STORE_TMP_PREFIX, strlen(STORE_TMP_PREFIX)) == 0 &&
                unlinkat(dirfd(d), de->d_name, 0) == 0)
                n++;
        closedir(d);
        return n;
    }
    return sweep_dir(dfd, 0);
}
