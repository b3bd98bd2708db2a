/*
 * bench_proc.c: children, clocks, programs on $PATH, the work directory
 * (sizes on disk, directories, completeness stamps) and percentiles.
 *
 * A child is fork + exec, never a bare fork: a forked child shares its
 * parent's pages, and those count in its resident set, so only a fresh
 * process gives an engine's own peak memory (wait4's ru_maxrss).
 */
/* nftw() is an XSI interface: ask for it (the build's _POSIX_C_SOURCE alone
 * does not declare it). */
#define _XOPEN_SOURCE 700
#include "bench.h"
#include "path.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *const bench_engine_names[ENGINE_COUNT] = {"lasearch", "plain Xapian",
                                                      "SQLite FTS5"};

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int bench_run(char *const argv[], int quiet_stderr, child_result *out)
{
    memset(out, 0, sizeof *out);
    out->status = -1;
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        if (quiet_stderr) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0)
                dup2(null, STDERR_FILENO);
        }
        execv(argv[0], argv);
        fprintf(stderr, "lasearch-bench: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fd[1]);
    size_t got = 0;
    for (;;) {
        char buf[4096];
        ssize_t n = read(fd[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        /* keep the first part; drain the rest so the child never blocks */
        size_t keep = got + 1 < sizeof out->out ? sizeof out->out - 1 - got : 0;
        if (keep > (size_t)n)
            keep = (size_t)n;
        memcpy(out->out + got, buf, keep);
        got += keep;
    }
    out->out[got] = '\0';
    close(fd[0]);
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    out->wall = bench_now() - t0;
    out->maxrss_kb = ru.ru_maxrss;
    out->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    out->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return 0;
}

double bench_value(const child_result *r, const char *key, double def)
{
    size_t kl = strlen(key);
    for (const char *p = r->out; *p;) {
        if (strncmp(p, key, kl) == 0 && p[kl] == '=')
            return strtod(p + kl + 1, NULL);
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return def;
}

static uint64_t du_total;

static int du_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)flag;
    (void)ftw;
    du_total += (uint64_t)st->st_blocks * 512;
    return 0;
}

uint64_t bench_disk_usage(const char *path)
{
    du_total = 0;
    nftw(path, du_visit, 16, FTW_PHYS);
    return du_total;
}

static int rm_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

int bench_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, rm_visit, 16, FTW_DEPTH | FTW_PHYS);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_percentile(double *samples, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(samples, n, sizeof *samples, cmp_double);
    /* nearest rank: the smallest sample with at least p% at or below it */
    size_t rank = (size_t)ceil(p / 100.0 * (double)n);
    if (rank < 1)
        rank = 1;
    return samples[rank - 1];
}

double bench_cpu(int who)
{
    struct rusage ru;
    if (getrusage(who, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

char *bench_which(const char *name)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t n = strcspn(path, ":");
        size_t len = n + strlen(name) + 2;
        char *buf = malloc(len);
        if (!buf)
            return NULL;
        snprintf(buf, len, "%.*s/%s", (int)n, path, name);
        if (access(buf, X_OK) == 0)
            return buf;
        free(buf);
        path += n + (path[n] == ':');
    }
    return NULL;
}

int bench_mkdirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    int rc = 0;
    /* each parent in turn, then the path itself */
    for (char *s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return rc;
}

/* The stamp is the file's first line; anything else (no file, an older
 * generator's stamp, a half-written directory) means "make it again". */
int bench_stamped(const char *dir, const char *stamp)
{
    char *m = path_join(dir, ".complete");
    FILE *fp = m ? fopen(m, "r") : NULL;
    char line[256] = "";
    int ok = fp && fgets(line, sizeof line, fp) && strcspn(line, "\n") == strlen(stamp) &&
             strncmp(line, stamp, strlen(stamp)) == 0;
    if (fp)
        fclose(fp);
    free(m);
    return ok;
}

int bench_stamp(const char *dir, const char *stamp)
{
    char *m = path_join(dir, ".complete");
    int rc = -1;
    if (m && !stamp) {
        rc = unlink(m) == 0 || errno == ENOENT ? 0 : -1;
    } else if (m) {
        FILE *fp = fopen(m, "w");
        rc = fp && fprintf(fp, "%s\n", stamp) > 0 ? 0 : -1;
        if (fp && fclose(fp) != 0)
            rc = -1;
    }
    free(m);
    return rc;
}
