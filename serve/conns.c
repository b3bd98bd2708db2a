/* conns.c: a deadline for each request on a connection (conns.h). */
#include "conns.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

/* How often the watcher looks: a connection is cut at most this much
 * after its deadline. */
#define TICK_MS 250

struct conn {
    int fd;
    int timed;              /* a deadline applies now */
    double since;           /* when the current phase began */
    int cut;                /* shut down already */
    conn *prev, *next;
};

struct conns {
    double timeout;
    pthread_mutex_t mu;     /* guards the list and each conn's fields */
    pthread_cond_t wake;    /* stopping */
    conn *head;
    int stopping;
    pthread_t thread;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Shut down every connection past its deadline. Under the lock: a
 * connection leaves the list (conns_close) before its socket is closed. */
static void cut_overdue(conns *cs)
{
    double t = now();
    for (conn *c = cs->head; c; c = c->next)
        if (c->timed && !c->cut && t - c->since > cs->timeout) {
            shutdown(c->fd, SHUT_RDWR);
            c->cut = 1;
        }
}

static void *watch(void *arg)
{
    conns *cs = arg;
    pthread_mutex_lock(&cs->mu);
    while (!cs->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += TICK_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&cs->wake, &cs->mu, &until);
        cut_overdue(cs);
    }
    pthread_mutex_unlock(&cs->mu);
    return NULL;
}

int conns_start(double timeout, conns **out)
{
    *out = NULL;
    conns *cs = calloc(1, sizeof *cs);
    if (!cs)
        return -1;
    cs->timeout = timeout;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&cs->wake, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&cs->mu, NULL);
    if (pthread_create(&cs->thread, NULL, watch, cs) != 0) {
        pthread_cond_destroy(&cs->wake);
        pthread_mutex_destroy(&cs->mu);
        free(cs);
        return -1;
    }
    *out = cs;
    return 0;
}

void conns_stop(conns *cs)
{
    if (!cs)
        return;
    pthread_mutex_lock(&cs->mu);
    cs->stopping = 1;
    pthread_cond_signal(&cs->wake);
    pthread_mutex_unlock(&cs->mu);
    pthread_join(cs->thread, NULL);
    while (cs->head)
        conns_close(cs, cs->head);
    pthread_cond_destroy(&cs->wake);
    pthread_mutex_destroy(&cs->mu);
    free(cs);
}

conn *conns_open(conns *cs, int fd)
{
    conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    c->timed = 1;
    c->since = now();
    pthread_mutex_lock(&cs->mu);
    c->next = cs->head;
    if (cs->head)
        cs->head->prev = c;
    cs->head = c;
    pthread_mutex_unlock(&cs->mu);
    return c;
}

void conns_close(conns *cs, conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&cs->mu);
    if (c->prev)
        c->prev->next = c->next;
    else
        cs->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&cs->mu);
    free(c);
}

static void set_phase(conns *cs, conn *c, int timed)
{
    if (!c)
        return;
    pthread_mutex_lock(&cs->mu);
    c->timed = timed;
    c->since = now();
    pthread_mutex_unlock(&cs->mu);
}

void conns_working(conns *cs, conn *c)
{
    set_phase(cs, c, 0);
}

void conns_sending(conns *cs, conn *c)
{
    set_phase(cs, c, 1);
}

void conns_waiting(conns *cs, conn *c)
{
    set_phase(cs, c, 1);
}
