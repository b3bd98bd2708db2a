/*
 * fdio.h: whole reads and writes on a socket or pipe, for the worker
 * processes both sides keep (the indexer's readers, reader_sandbox.c; the
 * server's searches, serve/worker.c): a short read or write, EINTR and a
 * peer that has gone are all handled once, here.
 *
 * Errors: -1 with errno (0 when the peer closed before n bytes). A write
 * uses send(MSG_NOSIGNAL), so a dead peer is an error, never SIGPIPE: fd
 * must be a socket. Threads: any; one fd per thread.
 */
#ifndef LASEARCH_FDIO_H
#define LASEARCH_FDIO_H

#include <stddef.h>

/* Write all n bytes of buf to the socket fd. 0, or -1. */
int fdio_write_all(int fd, const void *buf, size_t n);

/* Read exactly n bytes into buf, blocking. 0, or -1 (errno 0 at EOF). */
int fdio_read_all(int fd, void *buf, size_t n);

#endif /* LASEARCH_FDIO_H */
