/*
 * fault.c: allocation failures on demand, for the fault-injection test
 * (tests/scripts/faults.sh), in the spirit of SQLite's malloc fault tests.
 *
 * Linked only into test executables (lasearch-index-fault,
 * lasearch-query-fault; tests/fault/CMakeLists.txt) that are built from the
 * same static libraries as the real programs, with
 * -Wl,--wrap=malloc,--wrap=calloc,... : every call that OUR object files
 * (main, the static libraries, the C++ shim's calls of these C functions)
 * make to one of the functions below goes to its __wrap_ version here.
 * Calls made inside shared libraries (libc itself, libxapian, libstdc++'s
 * operator new, libxml2, poppler, jansson, utf8proc) are not wrapped, and
 * that is intended: the test is about lasearch's own error paths.
 *
 * Wrapped (every allocating libc call lasearch's C code makes directly):
 *   malloc calloc realloc strdup strndup      (NULL, errno ENOMEM)
 *   realpath(path, NULL)                       (NULL, errno ENOMEM; with a
 *                                               buffer it allocates nothing
 *                                               and is not counted)
 *   getline getdelim                           (-1, errno ENOMEM, *lineptr
 *                                               and the stream untouched)
 *   open_memstream fopen fdopen opendir fdopendir  (NULL, errno ENOMEM:
 *                                               each allocates its FILE/DIR)
 * A new allocating call in our code (asprintf, scandir, ...) belongs here,
 * and in FAULT_WRAPPED in tests/fault/CMakeLists.txt.
 *
 * The contract, through the environment (read once, before main and before
 * any other constructor of the program):
 *
 *   LASEARCH_FAULT_MALLOC=N   the Nth wrapped call fails (N >= 1); calls are
 *                             counted from the program's start, 1 first.
 *                             Unset, empty or 0: nothing fails (count only).
 *   LASEARCH_FAULT_PERSIST=1  the Nth call and every call after it fail
 *                             (SQLite's "persistent" faults), not just the
 *                             Nth ("transient").
 *   LASEARCH_FAULT_COUNT=FILE at exit (exit() or a return from main), write
 *                             the number of wrapped calls made, a decimal
 *                             line, to FILE: a test runs every N from 1 to
 *                             that count. Not written when the program dies
 *                             of a signal or calls _exit().
 *   LASEARCH_FAULT_TRACE=1    print a backtrace of each failing call to
 *                             stderr (addresses: resolve them with
 *                             addr2line -e PROGRAM), to find the call
 *                             behind a bad outcome. =all: also one line
 *                             per counted call, "fault: call N from
 *                             PROGRAM(+OFFSET)" (which code allocates how much).
 *   LASEARCH_FAULT_WORKER=1   inject into the indexer's reader workers
 *                             instead (see below).
 *   LASEARCH_FAULT_SERVE=DIR  many runs from one start (below).
 *
 * Processes. lasearch-index reads HTML and PDF in worker processes that are
 * the same program started again (indexer/read/reader_sandbox.c: the
 * environment variable LASEARCH_SANDBOX_WORKER makes a started program a
 * worker). Without LASEARCH_FAULT_WORKER only the first process counts and
 * fails; its workers inherit the environment but ignore it, so a fault
 * lands in the same place in every run with the same N. With
 * LASEARCH_FAULT_WORKER=1 it is the other way round: the indexer itself
 * runs fault-free and each worker counts its own calls from its start
 * (a worker ends with _exit(), so with LASEARCH_FAULT_COUNT it rewrites
 * FILE at every call instead of at exit: FILE then holds the count of the
 * latest worker). A worker that fails is a skipped file with a message in
 * the indexer; one that crashes is a message naming the signal.
 * Children a counting process forks without exec (lasearch-index checks a
 * live generation's databases in children: indexer/write/stats.c) count
 * on in the same sequence, in memory they share: the parent waits for
 * them, so the numbering stays deterministic, and the count at exit
 * includes their calls.
 *
 * Serving. Starting lasearch-index costs more than most of a fault run
 * (dozens of shared libraries), so a test can start it once: with
 * LASEARCH_FAULT_SERVE=DIR the program, before main, reads lines from the
 * FIFO DIR/cmd, and for each line N forks a run of itself (main, with the
 * program's arguments and environment) as if started with
 * LASEARCH_FAULT_MALLOC=N (0: no fault) and LASEARCH_FAULT_COUNT=DIR/count,
 * with stdout and stderr in DIR/out and DIR/err (truncated); it waits for the run and writes its exit code
 * (128 + the signal when killed by one; 124 when it ran past
 * LASEARCH_FAULT_SERVE_TIMEOUT seconds, default 120, and was killed) as a
 * line to the FIFO DIR/done. It ends when DIR/cmd is closed. Open DIR/cmd
 * for writing before DIR/done for reading, as the server does. A run is a
 * fork of a process that has run no code of ours yet: it starts as a
 * fresh process would.
 *
 * Threads. The count is atomic, so the wrappers are safe from any thread;
 * but which call is the Nth is only deterministic when one thread
 * allocates (lasearch-index --shards 1).
 *
 * Counted are the calls the process makes while it counts: a call that
 * fails is counted too, and in persistent mode every later one.
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The real functions: ld resolves __real_X to X. */
void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
char *__real_realpath(const char *path, char *resolved);
ssize_t __real_getline(char **line, size_t *cap, FILE *f);
ssize_t __real_getdelim(char **line, size_t *cap, int delim, FILE *f);
FILE *__real_open_memstream(char **buf, size_t *len);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fdopen(int fd, const char *mode);
DIR *__real_opendir(const char *path);
DIR *__real_fdopendir(int fd);

/* The wrappers, declared for -Wmissing-prototypes and readers alike. */
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
char *__wrap_realpath(const char *path, char *resolved);
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f);
ssize_t __wrap_getdelim(char **line, size_t *cap, int delim, FILE *f);
FILE *__wrap_open_memstream(char **buf, size_t *len);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fdopen(int fd, const char *mode);
DIR *__wrap_opendir(const char *path);
DIR *__wrap_fdopendir(int fd);

/* The worker marker of indexer/read/reader_sandbox.c (WORKER_ENV). */
#define SANDBOX_WORKER_ENV "LASEARCH_SANDBOX_WORKER"

static struct {
    int counting;                 /* this process counts (and may fail) */
    unsigned long long fail_at;   /* 0: never */
    int persistent;
    int trace;
    int write_through;            /* a worker: rewrite the count each call */
    int count_fd;                 /* write_through's file, or -1 */
    char count_path[4096];        /* "" none */
} cfg = {.count_fd = -1};

/* The count, in memory shared with the children the process forks (without
 * exec), so that their calls are numbered in the same sequence. */
static atomic_ullong own_calls;
static atomic_ullong *calls = &own_calls;

static void share_calls(void)
{
    void *m = mmap(NULL, sizeof *calls, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    if (m != MAP_FAILED) {
        calls = m;
        atomic_store(calls, 0);
    }
}

static int env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && v[0] && strcmp(v, "0") != 0;
}

/* n as a decimal line into buf (no allocation: safe anywhere). */
static size_t format_count(char *buf, size_t len, unsigned long long n)
{
    char tmp[32];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n && k < sizeof tmp);
    size_t i = 0;
    while (k && i + 2 < len)
        buf[i++] = tmp[--k];
    buf[i++] = '\n';
    return i;
}

static pid_t counting_pid;   /* only this process writes the count at exit */

static void write_count_at_exit(void)
{
    if (getpid() != counting_pid)
        return;
    char line[32];
    size_t n = format_count(line, sizeof line, atomic_load(calls));
    int fd = open(cfg.count_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    if (write(fd, line, n) < 0) {
        /* nothing to do: the test sees no count and says so */
    }
    close(fd);
}

static void count_at_exit(const char *path)
{
    if (!path || !path[0] || strlen(path) >= sizeof cfg.count_path)
        return;
    memcpy(cfg.count_path, path, strlen(path) + 1);
    counting_pid = getpid();
    atexit(write_count_at_exit);
}

/* ---- LASEARCH_FAULT_SERVE: many runs from one start ------------------------ */

/* Read a line from fd into buf: its length, or -1 at the end. */
static ssize_t read_line(int fd, char *buf, size_t len)
{
    size_t n = 0;
    for (;;) {
        char ch;
        ssize_t r = read(fd, &ch, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return n ? (ssize_t)n : -1;
        if (ch == '\n')
            break;
        if (n + 1 < len)
            buf[n++] = ch;
    }
    buf[n] = '\0';
    return (ssize_t)n;
}

static int redirect(const char *dir, const char *name, int to)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, to) < 0)
        return -1;
    close(fd);
    return 0;
}

/* Wait for run pid at most seconds: its exit code, 128 + its signal, or
 * 124 when it had to be killed (SIGCHLD is blocked: sigtimedwait). */
static int wait_run(pid_t pid, double seconds)
{
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    struct timespec left = {(time_t)seconds, 0};
    int status = 0, killed = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR)
            return 125;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (!killed && sigtimedwait(&chld, NULL, &left) < 0 && errno == EAGAIN) {
            kill(pid, SIGKILL);
            killed = 1;
            continue;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double spent = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        double rest = (double)left.tv_sec + (double)left.tv_nsec / 1e9 - spent;
        if (rest < 0)
            rest = 0;
        left.tv_sec = (time_t)rest;
        left.tv_nsec = (long)((rest - (double)left.tv_sec) * 1e9);
    }
    if (killed)
        return 124;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The server: for each line N of DIR/cmd, a run of the program (this
 * process forked before main) with the Nth call failing (0: none), its
 * stdout and stderr in DIR/out and DIR/err, its count in DIR/count; then
 * its exit code a line in DIR/done. Returns only in a run. */
static void serve_runs(const char *dir)
{
    char path[4200], line[64];
    snprintf(path, sizeof path, "%s/cmd", dir);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    snprintf(path, sizeof path, "%s/done", dir);
    int out = in < 0 ? -1 : open(path, O_WRONLY | O_CLOEXEC);
    if (in < 0 || out < 0)
        _exit(125);
    const char *t = getenv("LASEARCH_FAULT_SERVE_TIMEOUT");
    double timeout = t && atof(t) > 0 ? atof(t) : 120;
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    while (read_line(in, line, sizeof line) >= 0) {
        pid_t pid = fork();
        if (pid == 0) {
            sigprocmask(SIG_SETMASK, &old, NULL);
            close(in);
            close(out);
            snprintf(path, sizeof path, "%s/count", dir);
            if (redirect(dir, "out", STDOUT_FILENO) != 0 ||
                redirect(dir, "err", STDERR_FILENO) != 0 ||
                setenv("LASEARCH_FAULT_MALLOC", line, 1) != 0 ||
                setenv("LASEARCH_FAULT_COUNT", path, 1) != 0 ||
                unsetenv("LASEARCH_FAULT_SERVE") != 0)
                _exit(125);
            return;   /* on to fault_init's reading of the environment, and main */
        }
        int rc = pid < 0 ? 125 : wait_run(pid, timeout);
        char ack[32];
        int len = snprintf(ack, sizeof ack, "%d\n", rc);
        if (write(out, ack, (size_t)len) != len)
            break;
    }
    _exit(0);
}

/* Before main and before every constructor of default priority (the reader
 * sandbox's worker entry among them). */
__attribute__((constructor(101))) static void fault_init(void)
{
    int is_worker = getenv(SANDBOX_WORKER_ENV) != NULL;
    const char *serve = getenv("LASEARCH_FAULT_SERVE");
    if (serve && serve[0] && !is_worker)
        serve_runs(serve);   /* returns in each run, with N in the environment */
    cfg.counting = is_worker == env_flag("LASEARCH_FAULT_WORKER");
    if (!cfg.counting)
        return;
    const char *n = getenv("LASEARCH_FAULT_MALLOC");
    cfg.fail_at = n && n[0] ? strtoull(n, NULL, 10) : 0;
    cfg.persistent = env_flag("LASEARCH_FAULT_PERSIST");
    const char *trace = getenv("LASEARCH_FAULT_TRACE");
    cfg.trace = trace && strcmp(trace, "all") == 0 ? 2 : env_flag("LASEARCH_FAULT_TRACE");
    share_calls();
    const char *path = getenv("LASEARCH_FAULT_COUNT");
    if (path && path[0] && is_worker) {
        cfg.write_through = 1;
        cfg.count_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    } else {
        count_at_exit(path);
    }
}

/* Count one call; 1 when it is to fail (errno is then ENOMEM). */
__attribute__((noinline)) static int fault_now(void)
{
    if (!cfg.counting)
        return 0;
    unsigned long long n = atomic_fetch_add(calls, 1) + 1;
    if (cfg.write_through && cfg.count_fd >= 0) {
        char line[32];
        size_t len = format_count(line, sizeof line, n);
        if (pwrite(cfg.count_fd, line, len, 0) < 0) {
            /* as above */
        }
    }
    if (cfg.trace == 2) {
        /* fault_now <- __wrap_X <- the caller */
        void *frames[3];
        char line[64];
        int k = backtrace(frames, 3);
        size_t len = (size_t)snprintf(line, sizeof line, "fault: call %llu from ", n);
        if (write(STDERR_FILENO, line, len) < 0) {
            /* tracing is best effort */
        }
        if (k == 3)
            backtrace_symbols_fd(frames + 2, 1, STDERR_FILENO);
    }
    if (cfg.fail_at == 0 || n < cfg.fail_at || (n > cfg.fail_at && !cfg.persistent))
        return 0;
    if (cfg.trace) {
        void *frames[32];
        char line[64];
        int k = backtrace(frames, 32);
        size_t len = (size_t)snprintf(line, sizeof line, "fault: call %llu fails here:\n", n);
        if (write(STDERR_FILENO, line, len) < 0) {
            /* tracing is best effort */
        }
        backtrace_symbols_fd(frames, k, STDERR_FILENO);
    }
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t size)
{
    return fault_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return fault_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return fault_now() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
    return fault_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fault_now() ? NULL : __real_strndup(s, n);
}

char *__wrap_realpath(const char *path, char *resolved)
{
    if (!resolved && fault_now())
        return NULL;
    return __real_realpath(path, resolved);
}

ssize_t __wrap_getline(char **line, size_t *cap, FILE *f)
{
    return fault_now() ? -1 : __real_getline(line, cap, f);
}

ssize_t __wrap_getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    return fault_now() ? -1 : __real_getdelim(line, cap, delim, f);
}

FILE *__wrap_open_memstream(char **buf, size_t *len)
{
    return fault_now() ? NULL : __real_open_memstream(buf, len);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    return fault_now() ? NULL : __real_fopen(path, mode);
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
    return fault_now() ? NULL : __real_fdopen(fd, mode);
}

DIR *__wrap_opendir(const char *path)
{
    return fault_now() ? NULL : __real_opendir(path);
}

DIR *__wrap_fdopendir(int fd)
{
    return fault_now() ? NULL : __real_fdopendir(fd);
}
