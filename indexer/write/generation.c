/* generation.c: index generations, the stub that names the live one, and the
 * writers' lock (see generation.h). */
/* nftw() is an X/Open extension. */
#define _XOPEN_SOURCE 700
#include "generation.h"
#include "layout.h"
#include "path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define STUB_NAME LAYOUT_STUB_NAME
#define LOCK_NAME LAYOUT_LOCK_NAME
#define GEN_PREFIX LAYOUT_GEN_PREFIX

struct gen_lock {
    int dir_fd;   /* INDEX itself, flock()ed: the exclusion */
    int fd;       /* INDEX/.lock, flock()ed too, holding our pid */
};

static int check_index_dir(const char *index_dir, char *err, size_t errlen)
{
    DIR *d = opendir(index_dir);
    if (!d) {
        snprintf(err, errlen, "cannot open index directory '%s': %s", index_dir,
                 strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!layout_is_ours(e->d_name)) {
            snprintf(err, errlen,
                     "'%s' is not a lasearch index (it holds '%s'); give --index "
                     "a new or empty directory", index_dir, e->d_name);
            rc = -1;
            break;
        }
    }
    closedir(d);
    return rc;
}

/* "Another writer holds it": 1, with err naming its pid when the lock file
 * says it (read without following a symlink or blocking on a FIFO). */
static int held(const char *index_dir, const char *path, char *err, size_t errlen)
{
    char pid[32] = "";
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
    }
    if (fd >= 0)
        close(fd);
    char who[48] = "";
    if (pid[0])
        snprintf(who, sizeof who, " (pid %s)", pid);
    snprintf(err, errlen,
             "another lasearch-index%s is updating '%s'; try again when it has "
             "finished, or give --wait SECONDS", who, index_dir);
    return 1;
}

/* Open the lock file at path for locking: never through a symlink (someone
 * could point it at any file, and the indexer often runs as root), never
 * a device or FIFO (opening some devices has side effects), never
 * truncated. The descriptor, or -1 with err. */
static int open_lock_file(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "lock file '%s' is %s, not a regular file; lasearch "
                 "never opens its lock through one: remove it", path,
                 S_ISLNK(st.st_mode) ? "a symlink" : "something else");
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
                  0644);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP)
            snprintf(err, errlen, "lock file '%s' is a symlink; lasearch never opens "
                     "its lock through one: remove it", path);
        else
            snprintf(err, errlen, "cannot open lock file '%s': %s", path, strerror(e));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "lock file '%s' is not a regular file: remove it", path);
        close(fd);
        return -1;
    }
    return fd;
}

/* Whether path still names the file open as fd. After a flock, a lock file
 * that was deleted (or replaced) meanwhile locks nothing anyone else sees:
 * the classic lock-file race. */
static int still_named(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* Our pid into the lock file, for the message a second writer prints; only
 * into our own regular file with no other name (a hard link planted as
 * .lock must not make us overwrite the file it names). A failure only
 * costs the message its pid. */
static void write_pid(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
        st.st_uid != geteuid())
        return;
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        /* Only the message loses its pid; the lock itself is held. */
    }
}

/* How many times a lock file that vanished under us is reopened. */
enum { LOCK_REOPENS = 64 };

/* One attempt at the lock: 0 taken (*fd_out the lock file), 1 held by
 * another writer (err says by whom), -1 error.
 *
 * The exclusion is an flock on INDEX itself, which deleting or replacing
 * INDEX/.lock cannot undo; INDEX/.lock is flocked too (as every lasearch
 * has done), with the deleted-file race closed, and holds the pid. */
static int try_lock(int dir_fd, const char *index_dir, const char *path, int *fd_out,
                    char *err, size_t errlen)
{
    *fd_out = -1;
    if (flock(dir_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return held(index_dir, path, err, errlen);
        snprintf(err, errlen, "cannot lock '%s': %s", index_dir, strerror(errno));
        return -1;
    }
    for (int tries = 0; tries < LOCK_REOPENS; tries++) {
        int fd = open_lock_file(path, err, errlen);
        if (fd < 0)
            break;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            flock(dir_fd, LOCK_UN);
            if (e == EWOULDBLOCK)
                return held(index_dir, path, err, errlen);
            snprintf(err, errlen, "cannot lock '%s': %s", path, strerror(e));
            return -1;
        }
        if (still_named(fd, path)) {
            write_pid(fd);
            *fd_out = fd;
            return 0;
        }
        close(fd);   /* deleted or replaced since we opened it: again */
        if (tries + 1 == LOCK_REOPENS)
            snprintf(err, errlen, "lock file '%s' keeps being replaced; is something "
                     "deleting it?", path);
    }
    flock(dir_fd, LOCK_UN);
    return -1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int gen_lock_acquire(const char *index_dir, gen_lock **out, char *err, size_t errlen)
{
    return gen_lock_acquire_wait(index_dir, 0, out, err, errlen);
}

/* Make INDEX if needed and open it, checking that it is a lasearch index.
 * The descriptor, or -1 with err. */
static int open_index_dir(const char *index_dir, char *err, size_t errlen)
{
    if (mkdir(index_dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create index directory '%s': %s", index_dir,
                 strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(index_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "'%s' is not a directory; give --index a directory",
                 index_dir);
        return -1;
    }
    if (check_index_dir(index_dir, err, errlen) != 0)
        return -1;
    int fd = open(index_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        snprintf(err, errlen, "cannot open index directory '%s': %s", index_dir,
                 strerror(errno));
    return fd;
}

int gen_lock_acquire_wait(const char *index_dir, double wait_seconds, gen_lock **out,
                          char *err, size_t errlen)
{
    *out = NULL;
    gen_lock *lock = malloc(sizeof *lock);
    char *path = path_join(index_dir, LOCK_NAME);
    if (!lock || !path) {
        free(lock);
        free(path);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    lock->fd = -1;
    lock->dir_fd = open_index_dir(index_dir, err, errlen);
    int rc = lock->dir_fd < 0 ? -1 : 1;
    /* Polling rather than a blocking flock: a blocking wait could only be
     * bounded with a signal, which a library must not take over. */
    double deadline = now_seconds() + (wait_seconds > 0 ? wait_seconds : 0);
    while (rc == 1) {
        rc = try_lock(lock->dir_fd, index_dir, path, &lock->fd, err, errlen);
        if (rc != 1 || now_seconds() >= deadline)
            break;
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    free(path);
    if (rc != 0) {
        gen_lock_release(lock);
        return rc;
    }
    *out = lock;
    return 0;
}

void gen_lock_release(gen_lock *lock)
{
    if (!lock)
        return;
    /* Closing releases the flocks. */
    if (lock->fd >= 0)
        close(lock->fd);
    if (lock->dir_fd >= 0)
        close(lock->dir_fd);
    free(lock);
}

long gen_next(const char *index_dir)
{
    long max = 0;
    DIR *d = opendir(index_dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            long n = layout_gen_number(e->d_name);
            if (n > max)
                max = n;
        }
        closedir(d);
    }
    char err[16];
    long cur = layout_current(index_dir, err, sizeof err);
    if (cur > max)
        max = cur;
    return max + 1;
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int gen_publish(const char *index_dir, long n, char *err, size_t errlen)
{
    char tmpname[64];
    snprintf(tmpname, sizeof tmpname, STUB_NAME ".tmp%ld", (long)getpid());
    char *tmp = path_join(index_dir, tmpname);
    char *stub = path_join(index_dir, STUB_NAME);
    int rc = -1;
    if (!tmp || !stub) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write '%s': %s", tmp, strerror(errno));
        goto out;
    }
    int wrote = fprintf(f, "auto " GEN_PREFIX "%06ld\n", n) > 0;
    wrote = fflush(f) == 0 && wrote;
    wrote = fsync(fileno(f)) == 0 && wrote;
    if (fclose(f) != 0 || !wrote) {
        snprintf(err, errlen, "cannot write '%s': %s", tmp, strerror(errno));
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, stub) != 0) {
        snprintf(err, errlen, "cannot publish '%s': %s", stub, strerror(errno));
        unlink(tmp);
        goto out;
    }
    /* The rename is only durable once the directory itself is synced. */
    if (fsync_path(index_dir, O_RDONLY | O_DIRECTORY) != 0) {
        snprintf(err, errlen, "cannot sync '%s': %s", index_dir, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    free(tmp);
    free(stub);
    return rc;
}

static int remove_entry(const char *path, const struct stat *st, int type,
                        struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 ? 0 : -1;
}

int gen_remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

long gen_below(const char *index_dir, long n)
{
    long best = 0;
    DIR *d = opendir(index_dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        long g = layout_gen_number(e->d_name);
        if (g < n && g > best)
            best = g;
    }
    closedir(d);
    return best;
}

int gen_prune(const char *index_dir, long keep_a, long keep_b, char *err, size_t errlen)
{
    DIR *d = opendir(index_dir);
    if (!d) {
        snprintf(err, errlen, "cannot open '%s': %s", index_dir, strerror(errno));
        return -1;
    }
    int removed = 0, rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        long n = layout_gen_number(e->d_name);
        int stale_stub = strncmp(e->d_name, STUB_NAME ".tmp",
                                 strlen(STUB_NAME ".tmp")) == 0;
        if ((n <= 0 || n == keep_a || n == keep_b) && !stale_stub)
            continue;
        char *path = path_join(index_dir, e->d_name);
        if (!path || gen_remove_tree(path) != 0) {
            snprintf(err, errlen, "cannot remove '%s/%s': %s", index_dir, e->d_name,
                     strerror(errno));
            rc = -1;
        } else {
            removed++;
        }
        free(path);
    }
    closedir(d);
    return rc ? -1 : removed;
}

/* Xapian's lock file: recreated by whoever opens a database for writing. */
#define XAPIAN_LOCK_NAME "flintlock"

static int copy_file(const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
    if (out < 0) {
        int e = errno;
        close(in);
        errno = e;
        return -1;
    }
    enum { CHUNK = 1 << 20 };
    char *buf = malloc(CHUNK);
    int rc = buf ? 0 : -1;
    ssize_t got;
    while (rc == 0 && (got = read(in, buf, CHUNK)) != 0) {
        if (got < 0) {
            if (errno != EINTR)
                rc = -1;
            continue;
        }
        for (ssize_t done = 0; rc == 0 && done < got;) {
            ssize_t w = write(out, buf + done, (size_t)(got - done));
            if (w < 0 && errno != EINTR)
                rc = -1;
            else if (w > 0)
                done += w;
        }
    }
    int e = errno;
    free(buf);
    close(in);
    if (close(out) != 0 && rc == 0) {
        e = errno;
        rc = -1;
    }
    errno = e;
    return rc;
}

/* Fill the new directory to_dir with from_dir's files: hard links when
 * link_files (falling back to a copy), else copies. */
static int fill_dir(const char *from_dir, const char *to_dir, int link_files, char *err,
                    size_t errlen)
{
    if (mkdir(to_dir, 0777) != 0) {
        snprintf(err, errlen, "cannot create '%s': %s", to_dir, strerror(errno));
        return -1;
    }
    DIR *d = opendir(from_dir);
    if (!d) {
        snprintf(err, errlen, "cannot read '%s': %s", from_dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, XAPIAN_LOCK_NAME) == 0)
            continue;
        char *src = path_join(from_dir, e->d_name), *dst = path_join(to_dir, e->d_name);
        struct stat st;
        if (!src || !dst) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else if (stat(src, &st) != 0 || !S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "cannot copy '%s': not a regular file", src);
            rc = -1;
        } else if (!(link_files && link(src, dst) == 0) &&
                   copy_file(src, dst, st.st_mode) != 0) {
            snprintf(err, errlen, "cannot copy '%s' to '%s': %s", src, dst,
                     strerror(errno));
            rc = -1;
        }
        free(src);
        free(dst);
    }
    closedir(d);
    return rc;
}

int gen_copy(const char *from_dir, const char *to_dir, char *err, size_t errlen)
{
    return fill_dir(from_dir, to_dir, 0, err, errlen);
}

int gen_link(const char *from_dir, const char *to_dir, char *err, size_t errlen)
{
    return fill_dir(from_dir, to_dir, 1, err, errlen);
}

int gen_sync(const char *gen_dir, char *err, size_t errlen)
{
    DIR *d = opendir(gen_dir);
    if (!d) {
        snprintf(err, errlen, "cannot read '%s': %s", gen_dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = path_join(gen_dir, e->d_name);
        struct stat st;
        if (p && lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = gen_sync(p, err, errlen);
        } else if (!p || fsync_path(p, O_RDONLY) != 0) {
            snprintf(err, errlen, "cannot sync '%s/%s': %s", gen_dir, e->d_name,
                     p ? strerror(errno) : "out of memory");
            rc = -1;
        }
        free(p);
    }
    closedir(d);
    if (rc == 0 && fsync_path(gen_dir, O_RDONLY | O_DIRECTORY) != 0) {
        snprintf(err, errlen, "cannot sync '%s': %s", gen_dir, strerror(errno));
        rc = -1;
    }
    return rc;
}

/* The bytes under the directory open as fd (closed here). Entries are
 * looked at relative to it: no path is put together for each. */
static unsigned long long size_at(int fd)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return 0;
    }
    unsigned long long total = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat st;
        if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode)) {
            total += (unsigned long long)st.st_blocks * 512ULL;
        } else if (S_ISDIR(st.st_mode)) {
            int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                total += size_at(sub);
        }
    }
    closedir(d);
    return total;
}

unsigned long long gen_size(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return fd < 0 ? 0 : size_at(fd);
}

/* ------------------------------------------------------- a full disk -- */

/* The errno a message names among those that mean "no room", else 0. */
static int named_no_room(const char *msg)
{
    static const int codes[] = {ENOSPC, EDQUOT, EFBIG};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strstr(msg, strerror(codes[i])))
            return codes[i];
    return 0;
}

/* Room a write that failed may have left unused: more than any one write
 * of Xapian's (a block) or ours. */
enum { PROBE_CHUNK = 64 * 1024, PROBE_BYTES = 1024 * 1024 };

/* Whether writing a little more into dir fails for want of room: ENOSPC
 * or EDQUOT, else 0. The probe file is removed at once (and dir is a
 * generation being made, debris if we die first). */
static int probe_room(const char *dir)
{
    struct statvfs vfs;
    if (statvfs(dir, &vfs) == 0 && (vfs.f_bavail == 0 || vfs.f_favail == 0))
        return ENOSPC;
    char *path = path_join(dir, ".space-probe");
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    int e = fd < 0 && (errno == ENOSPC || errno == EDQUOT) ? errno : 0;
    char *chunk = fd >= 0 ? calloc(1, PROBE_CHUNK) : NULL;
    size_t done = 0;
    int other = 0;   /* a failure that is not for want of room */
    while (chunk && !e && !other && done < PROBE_BYTES) {
        ssize_t w = write(fd, chunk, PROBE_CHUNK);   /* a short write: again */
        if (w > 0)
            done += (size_t)w;
        else if (w < 0 && (errno == ENOSPC || errno == EDQUOT))
            e = errno;
        else if (w == 0 || errno != EINTR)
            other = 1;
    }
    /* Some file systems only find out when the data goes to disk. */
    if (chunk && !e && !other && fsync(fd) != 0 && (errno == ENOSPC || errno == EDQUOT))
        e = errno;
    free(chunk);
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    free(path);
    return e;
}

/* The size of the largest file in dir and its subdirectories. */
static unsigned long long largest_file(const char *dir)
{
    unsigned long long max = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *p = e->d_name[0] != '.' ? path_join(dir, e->d_name) : NULL;
        struct stat st;
        if (p && lstat(p, &st) == 0) {
            unsigned long long n = S_ISDIR(st.st_mode) ? largest_file(p)
                                   : S_ISREG(st.st_mode) ? (unsigned long long)st.st_size
                                                         : 0;
            if (n > max)
                max = n;
        }
        free(p);
    }
    closedir(d);
    return max;
}

/* EFBIG when a file under dir has reached the process's file-size limit
 * (ulimit -f), else 0. */
static int at_size_limit(const char *dir)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 0;
    return largest_file(dir) + 65536 >= (unsigned long long)rl.rlim_cur ? EFBIG : 0;
}

void gen_explain_no_room(const char *index_dir, const char *gen_dir, char *err,
                         size_t errlen)
{
    if (!err || errlen == 0 || !err[0] || strncmp(err, "the disk", 8) == 0 ||
        strncmp(err, "a file of", 9) == 0)
        return;
    int e = named_no_room(err);
    if (!e && gen_dir)
        e = probe_room(gen_dir);
    if (!e && gen_dir)
        e = at_size_limit(gen_dir);
    if (!e)
        return;
    char *was = strdup(err);
    if (!was)
        return;
    const char *where = index_dir ? index_dir : gen_dir;
    if (e == EFBIG)
        snprintf(err, errlen, "a file of the index in '%s' reached the file-size limit "
                 "(%s): %s", where, strerror(e), was);
    else if (e == EDQUOT)
        snprintf(err, errlen, "the disk holding '%s' is full: the disk quota is used "
                 "up (%s): %s", where, strerror(e), was);
    else
        snprintf(err, errlen, "the disk holding '%s' is full (%s): %s", where,
                 strerror(e), was);
    free(was);
}
