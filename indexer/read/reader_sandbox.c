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
 */
#define _GNU_SOURCE 1   /* close_range() */
#include "reader_sandbox.h"

#include <errno.h>
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

/* What the parent sends for one file: then len bytes. fn is the reader to
 * run: the worker is a fork of this very program, so the address is valid
 * in it. */
typedef struct request {
    uint64_t len;
    reader_fn fn;
    double cpu_seconds;
} request;

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

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        /* MSG_NOSIGNAL: a worker that died must be an error, not SIGPIPE. */
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Blocking read of exactly n bytes: 0, or -1 (EOF or error). */
static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
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
    int rc = write_all(fd, &h, sizeof h) == 0 &&
             write_all(fd, ok ? enc : msg, (size_t)h.len) == 0;
    free(enc);
    return rc ? 0 : -1;
}

/* In the worker: files until the parent closes its end. Never returns. */
static void serve(int fd, const reader_limits *lim)
{
    if (SANDBOX_LIMIT_MEMORY && lim->memory_bytes > 0)
        set_limit(RLIMIT_AS, (rlim_t)lim->memory_bytes, (rlim_t)lim->memory_bytes);
    set_limit(RLIMIT_CORE, 0, 0);
    for (;;) {
        request rq;
        if (read_all(fd, &rq, sizeof rq) != 0)
            _exit(0);
        char *bytes = malloc(rq.len + 1);
        if (!bytes || read_all(fd, bytes, (size_t)rq.len) != 0)
            _exit(1);
        bytes[rq.len] = '\0';
        allow_cpu(rq.cpu_seconds);
        if (answer(fd, rq.fn, bytes, (size_t)rq.len) != 0)
            _exit(1);
        free(bytes);
    }
}

/* ---- the parent --------------------------------------------------------- */

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

static int start(worker *w, const reader_limits *lim, char *msg, size_t msglen)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(msg, msglen, "cannot start a reader: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        snprintf(msg, msglen, "cannot start a reader: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* Nothing of the indexer's stays open in the worker: other threads'
         * workers must see their sockets close, and no index file may be
         * held. */
        if (dup2(sv[1], 3) < 0)
            _exit(1);
        close_range(4, ~0U, 0);
        serve(3, lim);
    }
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    return 0;
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
    request rq = {len, fn, lim->cpu_seconds};
    double deadline = now() + (lim->wall_seconds > 0 ? lim->wall_seconds : 1e9);
    answer_head h = {0, 0};
    int how = write_all(w->fd, &rq, sizeof rq) == 0 && write_all(w->fd, bytes, len) == 0
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
        if (doc_blocks_decode(buf, (size_t)h.len, out) == 0)
            rc = SANDBOX_OK;
        else if (doc_blocks_init(out) != 0)
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
    if (w->pid == 0 && start(w, lim, msg, msglen) != 0)
        return SANDBOX_FAILED;
    return ask(w, fn, bytes, len, lim, out, msg, msglen);
}
