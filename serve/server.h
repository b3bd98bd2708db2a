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
 */
#ifndef LASEARCH_SERVE_SERVER_H
#define LASEARCH_SERVE_SERVER_H

#include <stddef.h>

typedef struct serve_config {
    const char *index;          /* index directory */
    const char *listen;         /* "ADDR:PORT", "[ADDR]:PORT" or ":PORT" */
    unsigned threads;           /* worker threads */
    unsigned max_connections;   /* open connections at once */
    unsigned idle_timeout;      /* seconds an idle connection is kept */
    size_t max_query;           /* bytes in one query */
    size_t max_body;            /* bytes in a request body (a batch) */
    size_t max_lines;           /* queries in one batch */
    int log;                    /* one line per request on stderr */
} serve_config;

typedef struct server server;

/* Open the index, bind and start serving on background threads. Returns 0,
 * or -1 with err (bad address, port in use, no index...). */
int server_start(const serve_config *cfg, server **out, char *err, size_t errlen);

/* The address actually bound ("127.0.0.1:8080"; the real port when the
 * configuration asked for port 0), and whether it is a loopback address. */
const char *server_address(const server *s);
int server_is_loopback(const server *s);

/* Stop accepting, finish the requests in progress, free everything. */
void server_stop(server *s);

#endif /* LASEARCH_SERVE_SERVER_H */
