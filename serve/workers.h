/*
 * workers.h: the server's search workers: processes of their own that run
 * every search, each with its own index handle, so that a search that
 * crashes or loops inside Xapian (a corrupted index can make it do
 * either) costs one worker, never the server.
 *
 * The workers are started with the server and kept running. A request
 * borrows an idle one (waiting a few seconds at most, and only while few
 * others wait: else it is refused as busy, to be retried), sends it the
 * search (wire.h) and waits for the answer until a deadline, watching
 * its client meanwhile. A worker that dies, overruns the deadline or
 * works for a client that has hung up is killed and replaced at once;
 * the request gets an outcome saying which.
 *
 * Workers are this program run again (main.c: --worker), through
 * /proc/self/exe, so a replacement starts fresh, whatever threads the
 * server runs.
 * Threads: workers_run may be called from any number of threads at once.
 */
#ifndef LASEARCH_SERVE_WORKERS_H
#define LASEARCH_SERVE_WORKERS_H

#include <stddef.h>

#include "wire.h"

typedef struct workers_config {
    const char *index;          /* the index directory, as the workers open it */
    unsigned count;             /* workers (searches at once) */
    unsigned max_queue;         /* requests that may wait for a worker */
    double queue_wait;          /* seconds a request waits at most */
    size_t memory;              /* each worker's address space limit in
                                   bytes (0: none) */
} workers_config;

typedef struct workers workers;

/* Start cfg->count workers. 0, or -1 with err (no worker could start). */
int workers_start(const workers_config *cfg, workers **out, char *err, size_t errlen);

/* Kill every worker at once (SIGTERM's path): a request waiting for one,
 * or for its answer, returns WORKER_FAILED at once. Nothing is freed:
 * other threads may still be inside workers_run. */
void workers_shutdown(workers *w);

/* Free everything: no thread may be inside workers_run any more. */
void workers_free(workers *w);

typedef enum worker_outcome {
    WORKER_OK,          /* *status and *json are the worker's answer */
    WORKER_BUSY,        /* every worker busy, and the queue full or the
                           wait over: try again later */
    WORKER_TIMEOUT,     /* the worker overran the deadline: replaced */
    WORKER_CRASHED,     /* the worker died on this request: replaced */
    WORKER_CLIENT_GONE, /* the client hung up: its worker was stopped and
                           replaced; answer nothing */
    WORKER_FAILED       /* no worker could be started, or the server is
                           stopping */
} worker_outcome;

/* Run the search rq (its query: query_len bytes at query) on a worker,
 * waiting at most `seconds` for the answer (the queue's wait comes before
 * and is not counted). client_fd (-1: none) is the client's socket: if
 * the client hangs up meanwhile the search is stopped. On WORKER_OK,
 * *json (len bytes, NUL-terminated, malloc()ed, freed by the caller) is
 * the JSON answer and *status its HTTP status. */
worker_outcome workers_run(workers *w, const wire_request *rq, const char *query,
                           int client_fd, double seconds, unsigned *status, char **json,
                           size_t *len);

/* How many workers are configured (for messages). */
unsigned workers_count(const workers *w);

#endif /* LASEARCH_SERVE_WORKERS_H */
