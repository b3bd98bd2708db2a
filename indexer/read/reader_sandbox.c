/*
 * reader_sandbox.c: readers in a child process with limits (see
 * reader_sandbox.h).
 *
 * Each thread that reads HTML or PDF keeps one worker process, forked on
 * its first file and reused for the next ones: forking the indexer for
 * every file cost more than reading the file (the benchmark's --formats
 * mode measured an HTML build at an eighth of a text build's speed, most of
 * it page faults of the fork and the libraries' start-up in each child). A
 * worker that crashes, overruns a limit or sends something malformed is
 * killed, and the next file gets a fresh one.
 *
 * The worker's CPU limit is per file: before each file its soft RLIMIT_CPU
 * is set to the CPU it has used so far plus the file's allowance.
 *
 * A worker is this program started afresh (/proc/self/exe), not a bare fork
 * of it. The indexer forks from one of several threads; a fork copies every
 * lock another thread held at that moment (stdio, the loader, libraries'
 * own), and a worker that then needs one waits for ever: on a busy CI
 * machine a worker hung until its 60 s wall-time limit and a file that had
 * not changed was reported changed. Between fork and exec the child calls
 * only async-signal-safe functions; the new program's constructor
 * (sandbox_worker_entry) sees the environment variable and serves instead
 * of running main. Where the program cannot be started again (no /proc) the
 * worker is a plain fork, as before.
 *
 * A request names its reader by its offset in the program's image, which is
 * the same in the parent and in the worker (the same file, loaded at
 * another address).
 */
#define _GNU_SOURCE 1   /* close_range(), dladdr() */
#include "reader_sandbox.h"
#include "fdio.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Sanitizers reserve terabytes of address space: a limit on it would stop
 * every child at once, so sanitizer builds limit CPU and wall time only. */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_LIMIT_MEMORY 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_LIMIT_MEMORY 0
#endif
#endif
#ifndef SANDBOX_LIMIT_MEMORY
#define SANDBOX_LIMIT_MEMORY 1
#endif

/* An answer's first byte says what follows: blocks, or a message. */
#define SANDBOX_BLOCKS 'B'
#define SANDBOX_MESSAGE 'M'

/* What the parent sends for one file: then len bytes. fn_offset is the
 * reader to run, as its offset from the start of the image that holds this
 * file's code (image_base). */
typedef struct request {
    uint64_t len;
    uint64_t fn_offset;
    double cpu_seconds;
} request;

/* The environment variable that makes a started program a worker: its value
 * is the parent's pid, so a stray copy in a user's environment does not. */
#define WORKER_ENV "LASEARCH_SANDBOX_WORKER"
#define WORKER_FD 3

typedef struct answer_head {
    char tag;
    uint64_t len;
} answer_head;

typedef struct worker {
    pid_t pid;      /* 0: none */
    int fd;         /* the parent's end of the socket pair */
} worker;

static pthread_key_t worker_key;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

/* ---- both sides --------------------------------------------------------- */

/* Where the image holding addr (code of this program) starts, or 0. */
static uintptr_t image_of(const void *addr)
{
    Dl_info info;
    if (dladdr(addr, &info) == 0 || !info.dli_fbase)
        return 0;
    return (uintptr_t)info.dli_fbase;
}

static uintptr_t image_base(void)
{
    return image_of((const void *)(uintptr_t)sandbox_read);
}

/* ---- the worker --------------------------------------------------------- */

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {soft, hard};
    setrlimit(resource, &rl);
}

static void allow_cpu(double seconds)
{
    struct rusage ru;
    if (seconds <= 0) {
        set_limit(RLIMIT_CPU, RLIM_INFINITY, RLIM_INFINITY);
        return;
    }
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return;
    double used = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec + 1;
    set_limit(RLIMIT_CPU, (rlim_t)(used + seconds + 0.999), RLIM_INFINITY);
}

static int answer(int fd, reader_fn fn, const char *bytes, size_t len)
{
    doc_blocks blocks;
    char msg[512] = "";
    char *enc = NULL;
    size_t enc_len = 0;
    int inited = doc_blocks_init(&blocks) == 0;
    int ok = inited && fn(bytes, len, &blocks, msg, sizeof msg) == 0 &&
             doc_blocks_encode(&blocks, &enc, &enc_len) == 0;
    if (inited)
        doc_blocks_clear(&blocks);
    if (!ok && !msg[0])
        snprintf(msg, sizeof msg, "out of memory");
    answer_head h = {ok ? SANDBOX_BLOCKS : SANDBOX_MESSAGE, ok ? enc_len : strlen(msg)};
    int rc = fdio_write_all(fd, &h, sizeof h) == 0 &&
             fdio_write_all(fd, ok ? enc : msg, (size_t)h.len) == 0;
    free(enc);
    return rc ? 0 : -1;
}

/* In the worker: files until the parent closes its end. Never returns. */
static void serve(int fd)
{
    uintptr_t base = image_base();
    if (!base)
        _exit(1);
    for (;;) {
        request rq;
        if (fdio_read_all(fd, &rq, sizeof rq) != 0)
            _exit(0);
        char *bytes = malloc(rq.len + 1);
        if (!bytes || fdio_read_all(fd, bytes, (size_t)rq.len) != 0)
            _exit(1);
        bytes[rq.len] = '\0';
        allow_cpu(rq.cpu_seconds);
        reader_fn fn = (reader_fn)(base + (uintptr_t)rq.fn_offset);
        if (answer(fd, fn, bytes, (size_t)rq.len) != 0)
            _exit(1);
        free(bytes);
    }
}

/* A program started as a worker serves before main runs, and ends there. */
__attribute__((constructor)) static void sandbox_worker_entry(void)
{
    const char *parent = getenv(WORKER_ENV);
    if (!parent || strtol(parent, NULL, 10) != (long)getppid())
        return;
    unsetenv(WORKER_ENV);
    serve(WORKER_FD);
}

/* ---- the parent --------------------------------------------------------- */

/* What start() hands to a new worker, made before fork: after it, in a
 * program with threads, the child may only call async-signal-safe
 * functions (no malloc, no snprintf). */
typedef struct launch {
    int exec;               /* start the program afresh; else serve the fork */
    char **env;             /* environ plus WORKER_ENV */
    char env_value[64];
    struct rlimit memory;
    int limit_memory;
} launch;

static int launch_init(launch *l, const reader_limits *lim)
{
    extern char **environ;
    memset(l, 0, sizeof *l);
    l->limit_memory = SANDBOX_LIMIT_MEMORY && lim->memory_bytes > 0;
    l->memory.rlim_cur = l->memory.rlim_max = (rlim_t)lim->memory_bytes;
    l->exec = access("/proc/self/exe", X_OK) == 0 && image_base() != 0;
    if (!l->exec)
        return 0;
    size_t n = 0;
    while (environ && environ[n])
        n++;
    if (!(l->env = malloc((n + 2) * sizeof *l->env)))
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], WORKER_ENV "=", sizeof WORKER_ENV) != 0)
            l->env[k++] = environ[i];
    snprintf(l->env_value, sizeof l->env_value, WORKER_ENV "=%ld", (long)getpid());
    l->env[k++] = l->env_value;
    l->env[k] = NULL;
    return 0;
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void launch_child(const launch *l, int fd)
{
    if (fd == WORKER_FD) {
        if (fcntl(fd, F_SETFD, 0) != 0)
            _exit(127);
    } else if (dup2(fd, WORKER_FD) < 0) {
        _exit(127);
    }
    /* Nothing of the indexer's stays open in the worker: other threads'
     * workers must see their sockets close, and no index file may be
     * held. */
    close_range(WORKER_FD + 1, ~0U, 0);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    if (l->limit_memory)
        setrlimit(RLIMIT_AS, &l->memory);
    if (l->exec) {
        char *argv[] = {"lasearch-reader", NULL};
        execve("/proc/self/exe", argv, l->env);
        _exit(127);
    }
    serve(WORKER_FD);
}

static void stop(worker *w)
{
    if (w->pid > 0) {
        kill(w->pid, SIGKILL);
        while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (w->fd >= 0)
        close(w->fd);
    w->pid = 0;
    w->fd = -1;
}

static void worker_gone(void *p)
{
    worker *w = p;
    stop(w);
    free(w);
}

static void make_key(void)
{
    pthread_key_create(&worker_key, worker_gone);
}

/* SANDBOX_OK, SANDBOX_FAILED with msg, or SANDBOX_NOMEM. */
static int start(worker *w, const reader_limits *lim, char *msg, size_t msglen)
{
    launch l;
    if (launch_init(&l, lim) != 0)
        return SANDBOX_NOMEM;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(msg, msglen, "cannot start a reader: %s", strerror(errno));
        free(l.env);
        return SANDBOX_FAILED;
    }
    pid_t pid = fork();
    if (pid == 0)
        launch_child(&l, sv[1]);
    int fork_errno = errno;
    free(l.env);
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        snprintf(msg, msglen, "cannot start a reader: %s", strerror(fork_errno));
        return SANDBOX_FAILED;
    }
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    return SANDBOX_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read n bytes before deadline: 0, -1 closed or error, 2 out of time. */
static int read_until(int fd, void *buf, size_t n, double deadline)
{
    char *p = buf;
    while (n > 0) {
        double left = deadline - now();
        if (left <= 0)
            return 2;
        struct pollfd pf = {fd, POLLIN, 0};
        int r = poll(&pf, 1, left > 1.0 ? 1000 : (int)(left * 1000) + 1);
        if (r < 0 && errno != EINTR)
            return -1;
        if (r <= 0)
            continue;
        ssize_t got = read(fd, p, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

/* Why the worker ended, once it has been stopped. */
static void explain(int how, int status, const reader_limits *lim, size_t max_out,
                    char *msg, size_t msglen)
{
    if (how == 1)
        snprintf(msg, msglen, "the reader was stopped: its output passed the "
                 "%zu-byte limit", max_out);
    else if (how == 2)
        snprintf(msg, msglen, "the reader was stopped: over its %g s time limit",
                 lim->wall_seconds);
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
        snprintf(msg, msglen, "the reader was stopped: over its %g s CPU-time limit",
                 lim->cpu_seconds);
    else if (WIFSIGNALED(status))
        snprintf(msg, msglen, "the reader failed on this file (signal %d%s)",
                 WTERMSIG(status), WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGABRT
                                       ? ": perhaps out of its memory limit" : "");
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        snprintf(msg, msglen, "the reader could not be started");
    else
        snprintf(msg, msglen, "the reader failed on this file (it ran out of memory "
                 "or could not answer)");
}

/* The worker ended abnormally: its status, then stopped for good. */
static int reap(worker *w)
{
    int status = 0;
    if (w->pid > 0) {
        /* It may still be running (time or output over its limit). */
        kill(w->pid, SIGKILL);
        while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
            ;
        w->pid = 0;
    }
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    return status;
}

static int ask(worker *w, reader_fn fn, const char *bytes, size_t len,
               const reader_limits *lim, doc_blocks *out, char *msg, size_t msglen)
{
    size_t max_out = lim->output_bytes ? lim->output_bytes
                                       : (len > SIZE_MAX / 16 ? SIZE_MAX / 2 : len * 8) +
                                             ((size_t)1 << 20);
    request rq = {len, (uint64_t)((uintptr_t)fn - image_base()), lim->cpu_seconds};
    double deadline = now() + (lim->wall_seconds > 0 ? lim->wall_seconds : 1e9);
    answer_head h = {0, 0};
    int how = fdio_write_all(w->fd, &rq, sizeof rq) == 0 && fdio_write_all(w->fd, bytes, len) == 0
                  ? read_until(w->fd, &h, sizeof h, deadline) : -1;
    if (how == 0 && h.len > max_out)
        how = 1;
    char *buf = NULL;
    if (how == 0) {
        buf = malloc((size_t)h.len + 1);
        if (!buf) {
            stop(w);
            return SANDBOX_NOMEM;
        }
        how = read_until(w->fd, buf, (size_t)h.len, deadline);
    }
    if (how != 0) {
        free(buf);
        explain(how, reap(w), lim, max_out, msg, msglen);
        return SANDBOX_FAILED;
    }
    int rc = SANDBOX_FAILED;
    if (h.tag == SANDBOX_MESSAGE) {
        snprintf(msg, msglen, "%.*s", (int)(h.len < 400 ? h.len : 400), buf);
    } else if (h.tag == SANDBOX_BLOCKS) {
        doc_blocks_clear(out);
        int dec = doc_blocks_decode(buf, (size_t)h.len, out);
        if (dec == 0)
            rc = SANDBOX_OK;
        else if (doc_blocks_init(out) != 0 || dec == -2)
            rc = SANDBOX_NOMEM;
        else
            snprintf(msg, msglen, "the reader's answer was damaged");
    } else {
        snprintf(msg, msglen, "the reader's answer was damaged");
    }
    if (rc != SANDBOX_OK && h.tag != SANDBOX_MESSAGE)
        stop(w);   /* a worker that talks nonsense is not asked again */
    free(buf);
    return rc;
}

int sandbox_read(reader_fn fn, const char *bytes, size_t len, const reader_limits *lim,
                 doc_blocks *out, char *msg, size_t msglen)
{
    if (lim->in_process)
        return fn(bytes, len, out, msg, msglen) == 0 ? SANDBOX_OK : SANDBOX_FAILED;
    if (image_of((const void *)(uintptr_t)fn) != image_base()) {
        snprintf(msg, msglen, "cannot start a reader: it is not in this program's image");
        return SANDBOX_FAILED;
    }
    pthread_once(&worker_once, make_key);
    worker *w = pthread_getspecific(worker_key);
    if (!w) {
        if (!(w = malloc(sizeof *w)))
            return SANDBOX_NOMEM;
        w->pid = 0;
        w->fd = -1;
        if (pthread_setspecific(worker_key, w) != 0) {
            free(w);
            return SANDBOX_NOMEM;
        }
    }
    int started = w->pid == 0 ? start(w, lim, msg, msglen) : SANDBOX_OK;
    if (started != SANDBOX_OK)
        return started;
    return ask(w, fn, bytes, len, lim, out, msg, msglen);
}
