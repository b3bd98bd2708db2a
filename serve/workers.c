/* workers.c: the server's side of its search workers (workers.h). */
#include "workers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "worker.h"

extern char **environ;

/* One worker process and the server's end of its socket. pid 0: none
 * (not started, or dead and reaped). Whoever sets pid to 0 under the lock
 * is the one who reaps that process, so a pid is never signalled after
 * it was reaped (and perhaps reused). */
typedef struct slot {
    pid_t pid;
    int fd;
    int busy;               /* lent to a request */
} slot;

struct workers {
    workers_config cfg;
    char *index;
    char memory[32];        /* cfg.memory as the worker's argument */
    pthread_mutex_t mu;     /* guards slots, waiting and stopping */
    pthread_cond_t idle;    /* a slot was given back, or stopping */
    slot *slots;
    unsigned waiting;       /* requests waiting for a slot */
    int stopping;
    uint64_t next_id;
};

/* ---- time ---- */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct timespec at(double when)
{
    struct timespec t;
    t.tv_sec = (time_t)when;
    t.tv_nsec = (long)((when - (double)t.tv_sec) * 1e9);
    return t;
}

/* ---- starting and stopping one worker ---- */

/* Start a worker: the server's end of its socket in *fd. Returns its pid,
 * or 0 (nothing left behind). */
static pid_t spawn(workers *w, int *fd)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return 0;
    /* The worker's end goes to WORKER_FD by dup2, which clears
     * close-on-exec; were it WORKER_FD already, dup2 would do nothing
     * and exec would close it. Every other descriptor of the server is
     * close-on-exec, so the worker inherits none of them. */
    int child = fcntl(sv[1], F_DUPFD_CLOEXEC, WORKER_FD + 1);
    close(sv[1]);
    if (child < 0) {
        close(sv[0]);
        return 0;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, deflt;
    sigemptyset(&none);
    sigemptyset(&deflt);
    sigaddset(&deflt, SIGTERM);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, child, WORKER_FD);
    posix_spawnattr_init(&attr);
    /* The server blocks SIGINT and SIGTERM in every thread (main.c); a
     * worker must not inherit that. */
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &deflt);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char *argv[] = {"lasearch-serve", WORKER_OPTION, w->index, w->memory, NULL};
    pid_t pid = 0;
    if (posix_spawn(&pid, "/proc/self/exe", &fa, &attr, argv, environ) != 0)
        pid = 0;
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    close(child);
    if (!pid) {
        close(sv[0]);
        return 0;
    }
    *fd = sv[0];
    return pid;
}

/* Kill (when kill) and reap a worker taken out of its slot, and close
 * the server's end of its socket. */
static void reap(pid_t pid, int fd, int kill_it)
{
    if (pid > 0) {
        if (kill_it)
            kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (fd >= 0)
        close(fd);
}

/* Give slot s (borrowed by the caller) a fresh worker, the old one killed
 * and reaped first. 0, or -1 (none started; the slot stays empty, to be
 * tried again by the next borrower). */
static int replace(workers *w, slot *s, int kill_old)
{
    pthread_mutex_lock(&w->mu);
    pid_t old = s->pid;
    int fd = s->fd, stopping = w->stopping;
    s->pid = 0;
    s->fd = -1;
    pthread_mutex_unlock(&w->mu);
    reap(old, fd, kill_old);
    if (stopping)
        return -1;
    int nfd = -1;
    pid_t pid = spawn(w, &nfd);
    pthread_mutex_lock(&w->mu);
    if (pid && w->stopping) {
        /* Stopped meanwhile: workers_shutdown did not see this one. */
        pthread_mutex_unlock(&w->mu);
        reap(pid, nfd, 1);
        return -1;
    }
    s->pid = pid;
    s->fd = nfd;
    pthread_mutex_unlock(&w->mu);
    return pid ? 0 : -1;
}

/* If s's worker exited while idle (an outside kill, the OOM killer),
 * reap it and empty the slot, so it is replaced before the request goes
 * to it. Under the lock, so workers_shutdown never signals the reaped
 * pid. */
static void drop_if_exited(workers *w, slot *s)
{
    pthread_mutex_lock(&w->mu);
    if (s->pid > 0 && waitpid(s->pid, NULL, WNOHANG) == s->pid) {
        s->pid = 0;
        close(s->fd);
        s->fd = -1;
    }
    pthread_mutex_unlock(&w->mu);
}

/* ---- borrowing ---- */

/* Borrow an idle slot, waiting for one at most cfg.queue_wait, and only
 * while fewer than cfg.max_queue others wait. NULL: busy (or stopping:
 * *stopping set). */
static slot *borrow(workers *w, int *stopping)
{
    pthread_mutex_lock(&w->mu);
    slot *s = NULL;
    int queued = 0;
    struct timespec until = at(now() + w->cfg.queue_wait);
    while (!w->stopping) {
        for (unsigned i = 0; i < w->cfg.count && !s; i++)
            if (!w->slots[i].busy)
                s = &w->slots[i];
        if (s || (!queued && w->waiting >= w->cfg.max_queue))
            break;
        if (!queued) {
            queued = 1;
            w->waiting++;
        }
        if (pthread_cond_timedwait(&w->idle, &w->mu, &until) == ETIMEDOUT)
            break;
    }
    if (queued)
        w->waiting--;
    if (w->stopping)
        s = NULL;
    if (s)
        s->busy = 1;
    *stopping = w->stopping;
    pthread_mutex_unlock(&w->mu);
    return s;
}

static void give_back(workers *w, slot *s)
{
    pthread_mutex_lock(&w->mu);
    s->busy = 0;
    pthread_cond_signal(&w->idle);
    pthread_mutex_unlock(&w->mu);
}

/* ---- one exchange ---- */

typedef enum { GOT_REPLY, GOT_EOF, GOT_TIMEOUT, GOT_GONE, GOT_BROKEN } got;

/* 1 if the client has hung up. Data from it (a pipelined request) is not
 * a hang-up, and is left for the HTTP side; *watch is then cleared, so
 * its readability is not polled again. */
static int client_gone(int fd, int *watch)
{
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0)
        *watch = 0;
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Wait until fd has something to read, the deadline passes or the client
 * hangs up. */
static got wait_readable(int fd, int client_fd, int *watch, double deadline)
{
    for (;;) {
        double left = deadline - now();
        if (left <= 0)
            return GOT_TIMEOUT;
        struct pollfd p[2] = {{fd, POLLIN, 0}, {client_fd, POLLIN, 0}};
        int np = client_fd >= 0 && *watch ? 2 : 1;
        int ms = left > 1000 ? 1000000 : (int)(left * 1000) + 1;
        int r = poll(p, (nfds_t)np, ms);
        if (r < 0 && errno != EINTR)
            return GOT_BROKEN;
        if (r > 0 && np == 2 && p[1].revents && client_gone(client_fd, watch))
            return GOT_GONE;
        if (r > 0 && p[0].revents)
            return GOT_REPLY;
    }
}

/* Write n bytes by the deadline: a stopped worker does not read, and a
 * long query can fill the socket's buffer. */
static got write_by(int fd, const char *buf, size_t n, double deadline)
{
    while (n) {
        ssize_t r = send(fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (r > 0) {
            buf += r;
            n -= (size_t)r;
            continue;
        }
        if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return GOT_EOF;
        double left = deadline - now();
        if (left <= 0)
            return GOT_TIMEOUT;
        struct pollfd p = {fd, POLLOUT, 0};
        if (poll(&p, 1, left > 1000 ? 1000000 : (int)(left * 1000) + 1) < 0 &&
            errno != EINTR)
            return GOT_BROKEN;
    }
    return GOT_REPLY;
}

/* Read n bytes of a reply by the deadline. */
static got read_by(int fd, char *buf, size_t n, int client_fd, int *watch,
                   double deadline)
{
    while (n) {
        got g = wait_readable(fd, client_fd, watch, deadline);
        if (g != GOT_REPLY)
            return g;
        ssize_t r = read(fd, buf, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            return GOT_EOF;
        if (r < 0)
            return GOT_BROKEN;
        buf += r;
        n -= (size_t)r;
    }
    return GOT_REPLY;
}

/* Send rq to s's worker and read its answer. */
static got exchange(slot *s, const wire_request *rq, const char *query, int client_fd,
                    double deadline, wire_reply *rep, char **json)
{
    int watch = 1;
    *json = NULL;
    got g = write_by(s->fd, (const char *)rq, sizeof *rq, deadline);
    if (g == GOT_REPLY)
        g = write_by(s->fd, query, rq->query_len, deadline);
    if (g != GOT_REPLY)
        return g;
    g = read_by(s->fd, (char *)rep, sizeof *rep, client_fd, &watch, deadline);
    if (g != GOT_REPLY)
        return g;
    if (rep->magic != WIRE_REPLY_MAGIC || rep->id != rq->id || rep->len > WIRE_MAX_REPLY)
        return GOT_BROKEN;
    if (!(*json = malloc((size_t)rep->len + 1)))
        return GOT_BROKEN;
    g = read_by(s->fd, *json, (size_t)rep->len, client_fd, &watch, deadline);
    (*json)[rep->len] = '\0';
    if (g != GOT_REPLY) {
        free(*json);
        *json = NULL;
    }
    return g;
}

/* ---- the API ---- */

worker_outcome workers_run(workers *w, const wire_request *rq0, const char *query,
                           int client_fd, double seconds, unsigned *status, char **json,
                           size_t *len)
{
    *json = NULL;
    *len = 0;
    *status = 0;
    int stopping = 0;
    slot *s = borrow(w, &stopping);
    if (!s)
        return stopping ? WORKER_FAILED : WORKER_BUSY;
    drop_if_exited(w, s);
    if (s->pid == 0 && replace(w, s, 0) != 0) {
        give_back(w, s);
        return WORKER_FAILED;
    }
    wire_request rq = *rq0;
    pthread_mutex_lock(&w->mu);
    rq.id = ++w->next_id;
    pthread_mutex_unlock(&w->mu);
    wire_reply rep;
    got g = exchange(s, &rq, query, client_fd, now() + seconds, &rep, json);
    worker_outcome out = WORKER_OK;
    if (g == GOT_REPLY) {
        *status = rep.status;
        *len = (size_t)rep.len;
    } else {
        /* Whatever went wrong, this worker may be mid-search or mid-reply:
         * it is never used again. */
        out = g == GOT_TIMEOUT ? WORKER_TIMEOUT
            : g == GOT_GONE    ? WORKER_CLIENT_GONE
                               : WORKER_CRASHED;
        replace(w, s, 1);
        pthread_mutex_lock(&w->mu);
        if (w->stopping)
            out = WORKER_FAILED;
        pthread_mutex_unlock(&w->mu);
    }
    give_back(w, s);
    return out;
}

/* A pool of cfg->count empty slots, or NULL (out of memory). */
static workers *pool_new(const workers_config *cfg)
{
    workers *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->cfg = *cfg;
    w->slots = calloc(cfg->count, sizeof *w->slots);
    w->index = strdup(cfg->index);
    if (!w->slots || !w->index) {
        free(w->slots);
        free(w->index);
        free(w);
        return NULL;
    }
    snprintf(w->memory, sizeof w->memory, "%zu", cfg->memory);
    for (unsigned i = 0; i < cfg->count; i++)
        w->slots[i].fd = -1;
    pthread_mutex_init(&w->mu, NULL);
    /* Timed waits on the monotonic clock, as now() reads it. */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->idle, &ca);
    pthread_condattr_destroy(&ca);
    return w;
}

int workers_start(const workers_config *cfg, workers **out, char *err, size_t errlen)
{
    *out = NULL;
    workers *w = pool_new(cfg);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    unsigned started = 0;
    for (unsigned i = 0; i < cfg->count; i++) {
        w->slots[i].pid = spawn(w, &w->slots[i].fd);
        started += w->slots[i].pid != 0;
    }
    /* Some may have failed (too many processes): their slots are tried
     * again when borrowed. None at all is an error worth stopping for. */
    if (!started) {
        snprintf(err, errlen, "cannot start search workers (running /proc/self/exe): %s",
                 strerror(errno));
        workers_free(w);
        return -1;
    }
    *out = w;
    return 0;
}

void workers_shutdown(workers *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = 1;
    /* Killed, not reaped: the thread that has a busy slot reaps its own
     * worker (replace), workers_free the rest. */
    for (unsigned i = 0; i < w->cfg.count; i++)
        if (w->slots[i].pid > 0)
            kill(w->slots[i].pid, SIGKILL);
    pthread_cond_broadcast(&w->idle);
    pthread_mutex_unlock(&w->mu);
}

void workers_free(workers *w)
{
    if (!w)
        return;
    workers_shutdown(w);
    for (unsigned i = 0; i < w->cfg.count; i++)
        reap(w->slots[i].pid, w->slots[i].fd, 1);
    pthread_cond_destroy(&w->idle);
    pthread_mutex_destroy(&w->mu);
    free(w->slots);
    free(w->index);
    free(w);
}

unsigned workers_count(const workers *w)
{
    return w->cfg.count;
}
