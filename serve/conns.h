/*
 * conns.h: a deadline for each request on the server's connections.
 *
 * libmicrohttpd's connection timeout counts idle time, so a client that
 * sends one byte of its headers every few seconds (slowloris) keeps a
 * connection, and a thread, for as long as it likes. Here each connection
 * is watched by one thread of our own: a request must arrive whole
 * (request line, headers and body) within the timeout of the connection
 * opening or of the previous response going out, and its response must
 * be taken by the client within the timeout of being ready; otherwise the
 * connection is shut down under libmicrohttpd's feet (shutdown(2): its
 * thread sees the end of the stream and closes it). While the server
 * works on a request there is no deadline here: the search has its own.
 *
 * Threads: every function may be called from any thread.
 */
#ifndef LASEARCH_SERVE_CONNS_H
#define LASEARCH_SERVE_CONNS_H

typedef struct conns conns;
typedef struct conn conn;

/* Start watching with this timeout in seconds. 0, or -1 (no thread or
 * memory). */
int conns_start(double timeout, conns **out);
/* Stop watching and free (every connection closed first). */
void conns_stop(conns *cs);

/* A connection opened on socket fd: its request is due within the
 * timeout. NULL when out of memory (it is then not watched). */
conn *conns_open(conns *cs, int fd);
/* It closed: forget it (c may be NULL). Called before its socket is
 * closed, so the watcher never shuts down a reused descriptor. */
void conns_close(conns *cs, conn *c);

/* Its request is in: no deadline while the server works on it. */
void conns_working(conns *cs, conn *c);
/* Its response is ready: the client must take it within the timeout. */
void conns_sending(conns *cs, conn *c);
/* Its response went out: the next request is due within the timeout. */
void conns_waiting(conns *cs, conn *c);

#endif /* LASEARCH_SERVE_CONNS_H */
