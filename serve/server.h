/*
 * server.h: lasearch-serve's HTTP side, on libmicrohttpd.
 *
 *   GET  /                  the search page (and /app.js, /style.css,
 *                           /favicon.svg), embedded in the binary
 *   GET  /api/search?q=...  one query (api.h)
 *   POST /api/batch?...     one query a line
 *   GET  /api/status        version and live generation
 *
 * Everything else is 404; a known path with another method is 405 with
 * Allow. Nothing the API does writes anywhere. Every response carries a
 * Content-Security-Policy (default-src 'self'), X-Content-Type-Options:
 * nosniff, Referrer-Policy: no-referrer and X-Frame-Options: DENY.
 *
 * Each connection has a thread of its own, so a slow search holds up no
 * other connection; the searches themselves run in worker processes
 * (workers.h); requests have deadlines of their own (conns.h), and one
 * address may hold only so many connections.
 */
#ifndef LASEARCH_SERVE_SERVER_H
#define LASEARCH_SERVE_SERVER_H

#include <stddef.h>

typedef struct serve_config {
    const char *index;          /* index directory */
    const char *listen;         /* "ADDR:PORT", "[ADDR]:PORT" or ":PORT" */
    unsigned workers;           /* search worker processes (searches at once) */
    unsigned max_queue;         /* requests that may wait for a worker */
    size_t worker_memory;       /* each worker's address space (0: no limit) */
    unsigned max_connections;   /* open connections at once */
    unsigned max_per_ip;        /* open connections from one address */
    unsigned idle_timeout;      /* seconds an idle connection is kept */
    double request_timeout;     /* seconds a request has to arrive whole,
                                   and its response to be taken */
    double timeout;             /* seconds one search may take */
    double batch_timeout;       /* seconds a whole batch may take */
    size_t max_query;           /* bytes in one query */
    size_t max_body;            /* bytes in a request body (a batch) */
    size_t max_lines;           /* queries in one batch */
    int log;                    /* one line per request on stderr */
} serve_config;

typedef struct server server;

/* Check the index opens, start the search workers, bind and start serving
 * on background threads (one per connection). Returns 0, or -1 with err
 * (bad address, port in use, no index...). */
int server_start(const serve_config *cfg, server **out, char *err, size_t errlen);

/* The address actually bound ("127.0.0.1:8080"; the real port when the
 * configuration asked for port 0), and whether it is a loopback address. */
const char *server_address(const server *s);
int server_is_loopback(const server *s);

/* Stop: the workers are killed first, so a search in progress ends at
 * once (its client gets a 503), then every connection is closed and
 * everything freed. Takes moments, whatever the searches were doing. */
void server_stop(server *s);

#endif /* LASEARCH_SERVE_SERVER_H */
