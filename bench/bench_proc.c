/*
 * bench_proc.c: children, clocks, sizes on disk and percentiles.
 *
 * A child is fork + exec, never a bare fork: a forked child shares its
 * parent's pages, and those count in its resident set, so only a fresh
 * process gives an engine's own peak memory (wait4's ru_maxrss).
 */
/* nftw() is an XSI interface: ask for it (the build's _POSIX_C_SOURCE alone
 * does not declare it). */
#define _XOPEN_SOURCE 700
#include "bench.h"

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
