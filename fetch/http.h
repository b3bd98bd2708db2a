/*
 * http.h: one HTTP GET at a time through libcurl, with the limits a good
 * citizen and a safe fetcher keep.
 *
 *  - http and https only, for the request and for any redirect
 *    (CURLOPT_PROTOCOLS_STR / REDIR_PROTOCOLS_STR, or the older bit masks);
 *    redirects are not followed here: a 3xx comes back with its Location,
 *    so the caller checks each hop against robots.txt and its prefix;
 *  - a User-Agent naming lasearch and its version, given by the caller;
 *  - a time limit for the whole request (connect, headers, body);
 *  - a size limit for the body (after content decoding, so a compressed
 *    bomb is cut too): a larger body is cut off there and comes back as
 *    HTTP_TOO_BIG with what arrived, never as a whole page;
 *  - a body is kept only for 2xx answers, and, unless the request accepts
 *    any type, only of a type lasearch can index (see http_type_ok); any
 *    other is dropped at its first byte (HTTP_BAD_TYPE);
 *  - conditional requests: the ETag and Last-Modified strings the server
 *    gave last time are sent back as If-None-Match and If-Modified-Since.
 *
 * The client (one reused connection cache) is for one thread at a time.
 * Ownership: http_response_clear() frees a response; safe on a zeroed one.
 */
#ifndef LASEARCH_FETCH_HTTP_H
#define LASEARCH_FETCH_HTTP_H

#include <stddef.h>

typedef struct http_client http_client;

/* NULL if libcurl cannot be set up (out of memory). */
http_client *http_new(const char *user_agent);
void http_free(http_client *c);

typedef struct http_request {
    const char *url;
    const char *etag;            /* NULL or "": not conditional on it */
    const char *last_modified;   /* NULL or "" */
    size_t max_bytes;            /* body size limit */
    double timeout;              /* seconds, whole request */
    int any_type;                /* robots.txt: keep any 2xx body */
} http_request;

typedef enum http_status {
    HTTP_DONE = 0,   /* an answer: see code */
    HTTP_TOO_BIG,    /* the body passed max_bytes: cut off there */
    HTTP_TIMEOUT,    /* no whole answer within the time limit */
    HTTP_BAD_TYPE,   /* 2xx of a type lasearch cannot index: not read */
    HTTP_FAILED      /* no answer: DNS, connection, TLS, protocol (error says) */
} http_status;

typedef struct http_response {
    long code;             /* 200, 304, 404, ... (0: none) */
    char *body;            /* 2xx only; NUL-terminated; NULL otherwise */
    size_t len;
    char *content_type;    /* lower case, without parameters; NULL if none */
    char *etag;            /* NULL if none */
    char *last_modified;   /* NULL if none */
    char *location;        /* a 3xx's target, absolute; NULL if none */
    char error[256];       /* what went wrong, in words */
} http_response;

http_status http_get(http_client *c, const http_request *req, http_response *out);
void http_response_clear(http_response *r);

/* 1 if lasearch can index this content type (lower case, no parameters):
 * text/html, application/xhtml+xml, application/pdf, text/plain, and
 * application/octet-stream (servers send PDFs as that; the caller checks
 * the bytes). */
int http_type_ok(const char *content_type);

/* An HTTP date ("Tue, 07 May 2024 09:00:00 GMT") as YYYY-MM-DD (UTC) in
 * out (11 bytes); 0, or -1 when it is not a date. */
int http_date_day(const char *http_date, char out[11]);

#endif /* LASEARCH_FETCH_HTTP_H */
