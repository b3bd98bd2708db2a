/*
 * reader_sandbox.c: a reader in a child process with limits (see
 * reader_sandbox.h).
 */
#include "reader_sandbox.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* The child's first byte says what follows: blocks, or a message. */
#define SANDBOX_BLOCKS 'B'
#define SANDBOX_MESSAGE 'M'

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void set_limit(int resource, rlim_t value)
{
    struct rlimit rl = {value, value};
    setrlimit(resource, &rl);
}

/* In the child: never returns. */
static void run_child(int fd, reader_fn fn, const char *bytes, size_t len,
                      const reader_limits *lim)
{
    if (lim->cpu_seconds > 0)
        set_limit(RLIMIT_CPU, (rlim_t)(lim->cpu_seconds + 0.999));
    if (SANDBOX_LIMIT_MEMORY && lim->memory_bytes > 0)
        set_limit(RLIMIT_AS, (rlim_t)lim->memory_bytes);
    set_limit(RLIMIT_CORE, 0);
    doc_blocks blocks;
    char msg[512] = "";
    char *enc = NULL;
    size_t enc_len = 0;
    int ok = doc_blocks_init(&blocks) == 0 &&
             fn(bytes, len, &blocks, msg, sizeof msg) == 0 &&
             doc_blocks_encode(&blocks, &enc, &enc_len) == 0;
    char tag = ok ? SANDBOX_BLOCKS : SANDBOX_MESSAGE;
    if (!ok && !msg[0])
        snprintf(msg, sizeof msg, "out of memory");
    int rc = write_all(fd, &tag, 1) == 0 &&
             (ok ? write_all(fd, enc, enc_len) : write_all(fd, msg, strlen(msg))) == 0;
    _exit(rc ? 0 : 1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read the child's output until EOF, the output limit or the wall-time
 * limit. 0 EOF; 1 over the output limit; 2 over the time; -1 out of memory. */
static int collect(int fd, size_t max, double wall, char **buf, size_t *len)
{
    size_t cap = 65536;
    *len = 0;
    *buf = malloc(cap);
    if (!*buf)
        return -1;
    double deadline = now() + (wall > 0 ? wall : 1e9);
    for (;;) {
        double left = deadline - now();
        if (left <= 0)
            return 2;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, left > 1.0 ? 1000 : (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        if (*len == cap) {
            if (cap > max + 1)
                return 1;
            char *nb = realloc(*buf, cap * 2);
            if (!nb)
                return -1;
            *buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, *buf + *len, cap - *len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return 0;
        *len += (size_t)got;
        if (*len > max + 1)
            return 1;
    }
}

static int in_process(reader_fn fn, const char *bytes, size_t len, doc_blocks *out,
                      char *msg, size_t msglen)
{
    return fn(bytes, len, out, msg, msglen) == 0 ? SANDBOX_OK : SANDBOX_FAILED;
}

int sandbox_read(reader_fn fn, const char *bytes, size_t len, const reader_limits *lim,
                 doc_blocks *out, char *msg, size_t msglen)
{
    if (lim->in_process)
        return in_process(fn, bytes, len, out, msg, msglen);
    size_t max_out = lim->output_bytes ? lim->output_bytes
                                       : (len > SIZE_MAX / 16 ? SIZE_MAX / 2 : len * 8) +
                                             ((size_t)1 << 20);
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(msg, msglen, "cannot start a reader: %s", strerror(errno));
        return SANDBOX_FAILED;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        snprintf(msg, msglen, "cannot start a reader: %s", strerror(errno));
        return SANDBOX_FAILED;
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(fds[1], fn, bytes, len, lim);
    }
    close(fds[1]);
    char *buf = NULL;
    size_t got = 0;
    int how = collect(fds[0], max_out, lim->wall_seconds, &buf, &got);
    close(fds[0]);
    if (how != 0)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int rc = SANDBOX_FAILED;
    if (how == -1) {
        rc = SANDBOX_NOMEM;
    } else if (how == 1) {
        snprintf(msg, msglen, "the reader was stopped: its output passed the "
                 "%zu-byte limit", max_out);
    } else if (how == 2) {
        snprintf(msg, msglen, "the reader was stopped: over its %g s time limit",
                 lim->wall_seconds);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGXCPU || sig == SIGKILL)
            snprintf(msg, msglen, "the reader was stopped: over its %g s CPU-time "
                     "limit", lim->cpu_seconds);
        else
            snprintf(msg, msglen, "the reader failed on this file (signal %d%s)", sig,
                     sig == SIGSEGV || sig == SIGABRT ? ": perhaps out of its memory "
                     "limit" : "");
    } else if (got == 0) {
        snprintf(msg, msglen, "the reader failed on this file (it ran out of "
                 "memory or could not write)");
    } else if (buf[0] == SANDBOX_MESSAGE) {
        snprintf(msg, msglen, "%.*s", (int)(got - 1 < 400 ? got - 1 : 400), buf + 1);
    } else if (buf[0] == SANDBOX_BLOCKS) {
        doc_blocks_clear(out);
        if (doc_blocks_decode(buf + 1, got - 1, out) == 0)
            rc = SANDBOX_OK;
        else if (doc_blocks_init(out) != 0)
            rc = SANDBOX_NOMEM;
        else
            snprintf(msg, msglen, "the reader's answer was damaged");
    } else {
        snprintf(msg, msglen, "the reader's answer was damaged");
    }
    free(buf);
    return rc;
}
