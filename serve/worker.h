/*
 * worker.h: a search worker, the process lasearch-serve runs each search
 * in (workers.h is the server's side). It reads a request from its socket
 * (wire.h), runs it on its own index handle and writes back the JSON
 * answer, until the server closes the socket.
 *
 * Its own limits, for when the server cannot apply them: an address-space
 * limit (a query that wants gigabytes fails with "out of memory" instead
 * of taking the machine's), and an alarm a few seconds past each search's
 * time limit that ends the process should the server be gone (a search
 * looping inside Xapian would otherwise spin for ever).
 */
#ifndef LASEARCH_SERVE_WORKER_H
#define LASEARCH_SERVE_WORKER_H

#include <stddef.h>

/* How the server runs a worker: `lasearch-serve --worker INDEX MEMORY`,
 * its socket on descriptor WORKER_FD. Not for people: not in --help. */
#define WORKER_OPTION "--worker"
#define WORKER_FD 3

/* The worker: serve requests on WORKER_FD for the index at index_dir,
 * with an address space of at most memory bytes (0: no limit). Returns
 * the process's exit status: 0 when the server closed the socket, 2 when
 * it could not be used. */
int worker_main(const char *index_dir, size_t memory);

#endif /* LASEARCH_SERVE_WORKER_H */
