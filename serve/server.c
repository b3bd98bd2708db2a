/* server.c: HTTP on libmicrohttpd: routing, limits, headers (server.h). */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "api.h"
#include "assets.h"
#include "conns.h"
#include "optval.h"
#include "search.h"

/* What a request's head (request line and header lines) may be. Every
 * request is answered; these are answered with a refusal:
 *   MAX_URL     a longer request target (query included): 414
 *   MAX_HEAD    a longer head (request line, headers, blank line): 431
 *   MAX_FIELDS  more header fields, cookies and parameters together: 431
 *   API_MAX_PARAMS (api.h)  more query parameters: 400
 * (see "request heads" below for why each is needed). */
#define MAX_URL (64 * 1024)
#define MAX_HEAD (64 * 1024)
#define MAX_FIELDS 256
/* libmicrohttpd's memory for one connection's request head: its read
 * buffer (half of this at first, grown while a line does not fit), a
 * record of each header field, cookie and parameter (48 bytes in 0.9.75),
 * a copy of the Cookie header, and then the response's headers. A head
 * that does not fit at all is refused by libmicrohttpd itself (414 or
 * 431). One within the limits above leaves room for any response's
 * headers: a read buffer of half, a cookie copy as long as the head, the
 * records (64 bytes each, with room to spare) and 16 KiB for the response
 * add up to less. It is mmap()ed: only the pages a request touches take
 * memory, so an ordinary request costs a few KiB of it and no connection
 * more than this. */
#define HEADER_MEMORY (256 * 1024)
_Static_assert(HEADER_MEMORY / 2 + MAX_HEAD + MAX_FIELDS * 64 + 16 * 1024 <= HEADER_MEMORY,
               "a head within the limits must leave libmicrohttpd room to answer it");
/* Each connection's thread: it parses parameters and joins answers, no
 * more (the searches run in workers). */
#define THREAD_STACK (1024 * 1024)

/* A string literal as the (body, length) pair respond() takes. */
#define TEXT(s) s, sizeof s - 1

struct server {
    serve_config cfg;
    api_ctx api;
    workers *workers;
    conns *conns;
    struct MHD_Daemon *daemon;
    struct sockaddr_storage addr;
    char address[INET6_ADDRSTRLEN + 16];
    int loopback;
    int in_place;           /* libmicrohttpd 0.9: see mhd_parses_in_place() */
};

/* One request being answered: where to, and what to log. */
typedef struct exchange {
    struct MHD_Connection *c;
    const server *s;
    const char *method, *url;
    unsigned retry_after;   /* Retry-After seconds (0: none); set by
                               respond_api for respond */
} exchange;

/* One request's state between libmicrohttpd's calls, from its request
 * line (on_uri) to its end (on_completed). */
typedef struct request {
    char *body;
    size_t len;
    int too_large;      /* the body went over max_body: dropped, 413 */
    int started;        /* on_request has had its first call */
    size_t url_bytes;   /* the request target's length, query included */
    size_t params;      /* its query's parameters (more than API_MAX_PARAMS:
                           libmicrohttpd was kept from recording them) */
    size_t decodes;     /* strings libmicrohttpd has had on_unescape decode */
    size_t decodes_due; /* ... as many as the request target accounts for */
    int answered;       /* answered on the socket itself (answer_raw): the
                           connection is to be closed */
} request;

/* What each connection keeps (its libmicrohttpd socket context). */
typedef struct conn_ctx {
    conn *deadline;     /* its deadline record (conns.h), or NULL */
    request *rq;        /* its request from on_uri to on_completed (or to
                           the connection's end, should that not come) */
} conn_ctx;

/* ---- responses ---- */

/* On every response. */
static const struct {
    const char *name, *value;
} security_headers[] = {
    {"Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

/* Queue a response. body is taken over (freed) when owned, else static;
 * allow: the Allow header (405); api: never cache. */
static enum MHD_Result respond(exchange *x, unsigned status, const char *type,
                               const void *body, size_t len, int owned, const char *allow,
                               int api)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, (void *)body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (owned)
            free((void *)body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers; i++)
        MHD_add_response_header(r, security_headers[i].name, security_headers[i].value);
    /* The index changes under the API; the page is small and embedded, so
     * revalidating it costs nothing and a new binary is seen at once. */
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, api ? "no-store" : "no-cache");
    if (allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    if (x->retry_after) {
        char secs[16];
        snprintf(secs, sizeof secs, "%u", x->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    enum MHD_Result ret = MHD_queue_response(x->c, status, r);
    MHD_destroy_response(r);
    if (x->s->cfg.log)
        fprintf(stderr, "%s %s %u\n", x->method, x->url, status);
    return ret;
}

static enum MHD_Result respond_api(exchange *x, api_reply *rep, const char *allow)
{
    if (rep->status == 0) {
        /* The client hung up while its search ran: nobody to answer. */
        free(rep->body);
        if (x->s->cfg.log)
            fprintf(stderr, "%s %s gone\n", x->method, x->url);
        return MHD_NO;
    }
    if (!rep->body)
        return respond(x, 500, "text/plain; charset=utf-8", TEXT("out of memory\n"), 0,
                       NULL, 1);
    x->retry_after = rep->retry_after;
    return respond(x, rep->status, rep->type, rep->body, rep->len, 1, allow, 1);
}

static enum MHD_Result api_fail(exchange *x, unsigned status, const char *msg,
                                const char *allow)
{
    api_reply rep = {0};
    api_error(&rep, status, msg);
    return respond_api(x, &rep, allow);
}

/* ---- routing ---- */

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
                               size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    (void)key_size;
    api_params *ps = cls;
    if (ps->n == API_MAX_PARAMS) {
        ps->overflow = 1;
        return MHD_NO;
    }
    ps->items[ps->n++] = (api_param){key, value, value_size};
    return MHD_YES;
}

/* The client's socket, watched while its search runs (-1: unknown). */
static int client_fd(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    return ci ? ci->connect_fd : -1;
}

/* What the connection keeps, or NULL. */
static conn_ctx *ctx_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* The connection's deadline record (conns.h), or NULL. */
static conn *conn_of(struct MHD_Connection *c)
{
    conn_ctx *cc = ctx_of(c);
    return cc ? cc->deadline : NULL;
}

static int is_get(const char *method)
{
    return !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
}

static enum MHD_Result route(exchange *x, request *rq)
{
    const char *url = x->url, *method = x->method;
    const api_ctx *api = &x->s->api;
    api_params ps = {0};
    api_reply rep = {0};
    int search = !strcmp(url, "/api/search"), status = !strcmp(url, "/api/status");
    int feed = !strcmp(url, "/feed");
    if (search || status || feed) {
        if (!is_get(method))
            return api_fail(x, 405, "this endpoint takes GET", "GET, HEAD");
        if (search || feed) {
            MHD_get_connection_values_n(x->c, MHD_GET_ARGUMENT_KIND, collect, &ps);
            (feed ? api_feed : api_search)(api, &ps, client_fd(x->c), &rep);
        } else {
            api_status(api, &rep);
        }
        return respond_api(x, &rep, NULL);
    }
    if (!strcmp(url, "/api/batch")) {
        if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
            return api_fail(x, 405, "the batch endpoint takes POST, one query a line",
                            "POST");
        if (rq->too_large)
            return api_fail(x, 413, "the request body is over the limit "
                            "(lasearch-serve --max-body-bytes)", NULL);
        MHD_get_connection_values_n(x->c, MHD_GET_ARGUMENT_KIND, collect, &ps);
        api_batch(api, &ps, rq->body ? rq->body : "", rq->len, client_fd(x->c), &rep);
        return respond_api(x, &rep, NULL);
    }
    if (!strncmp(url, "/api/", 5))
        return api_fail(x, 404, "no such endpoint: the API has /api/search, "
                        "/api/batch and /api/status", NULL);
    /* The page: only the embedded files, by exact name, so no path can
     * reach the file system. */
    const serve_asset *a = serve_asset_find(strcmp(url, "/") ? url : "/index.html");
    if (!a)
        return respond(x, 404, "text/plain; charset=utf-8", TEXT("not found\n"), 0,
                       NULL, 0);
    if (!is_get(method))
        return respond(x, 405, "text/plain; charset=utf-8", TEXT("method not allowed\n"),
                       0, "GET, HEAD", 0);
    return respond(x, 200, a->type, a->data, a->size, 0, NULL, 0);
}

/* Served on loopback, answer only requests addressed to this machine by
 * name or number: a web page elsewhere could otherwise point a name of its
 * own at 127.0.0.1 (DNS rebinding) and read the API from the user's
 * browser. No Host (HTTP/1.0) is a local client. */
static int host_allowed(const server *s, struct MHD_Connection *c)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!s->loopback || !host)
        return 1;
    size_t n = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":");
    return (n == 9 && !strncasecmp(host, "localhost", 9)) ||
           (n == 5 && !strncmp(host, "[::1]", 5)) ||
           (n >= 7 && !strncmp(host, "127.", 4) && strspn(host, "0123456789.") == n);
}

/* ---- request heads: what libmicrohttpd 0.9 cannot refuse by itself ----
 *
 * libmicrohttpd reads a request's head into a pool of HEADER_MEMORY per
 * connection (start_daemon) and refuses one that does not fit (414 or
 * 431). Two ways of filling it are not refused but closed unanswered in
 * 0.9.75 (read in its source, connection.c):
 *
 * 1. Parameters. The query is split into a record per parameter (48
 *    bytes each, a parameter as short as "&" one byte) before any of our
 *    code runs. When the records overflow the pool its 431 is queued and
 *    then lost (parse_initial_message_line() ignores the failure and
 *    the state it set is overwritten): 4,000 parameters are enough.
 *    on_uri sees the request target first; one with more parameters than
 *    the API takes, or longer than MAX_URL, has its query cut off where
 *    libmicrohttpd is about to parse it, and is refused by on_request.
 *    A target with a NUL byte hides its query from on_uri (a C string
 *    ends there, libmicrohttpd looks for '?' past it): on_unescape sees
 *    libmicrohttpd decode more than the target it showed on_uri, and
 *    answers at once (answer_raw): whatever libmicrohttpd does next (its
 *    records may still overflow, and it close), the client has its 400.
 *
 * 2. A head that fits, but leaves too little for the response's headers
 *    (libmicrohttpd then closes: "failed to create response header"). A
 *    request line a few hundred bytes short of the pool does it. Heads
 *    over MAX_HEAD or MAX_FIELDS, which alone can come near, are
 *    answered on the socket (answer_raw); those within them always leave
 *    room (see HEADER_MEMORY).
 *
 * libmicrohttpd 1.0 parses requests anew (its NEWS: "Rewritten parsing of
 * clients' requests"); on it the refusals by length and number stand,
 * but nothing is cut short or counted behind its back (in_place). */

/* Whether this libmicrohttpd parses the request line in place as 0.9.75
 * does: the query on_uri is shown is the memory it parses next, and it
 * has on_unescape decode each parameter's name and value (when it has
 * one), then the path. Decided by its version, at run time. */
static int mhd_parses_in_place(void)
{
    unsigned major, minor;
    const char *v = MHD_get_version();
    return v && sscanf(v, "%u.%u", &major, &minor) == 2 && major == 0 && minor == 9;
}

/* A query string as libmicrohttpd 0.9 splits it: a parameter per piece
 * between '&'s, empty ones too but for an empty last one; a decoding of
 * each piece's name and one more of its value after a '='. */
static void count_query(const char *q, size_t *params, size_t *decodes)
{
    *params = *decodes = 0;
    while (*q) {
        size_t n = strcspn(q, "&");
        ++*params;
        *decodes += 1 + (memchr(q, '=', n) != NULL);
        q += n;
        if (*q == '&')
            q++;
    }
}

/* libmicrohttpd calls this with the request target, once the request line
 * is in and before it parses the query (MHD_OPTION_URI_LOG_CALLBACK); what
 * it returns is the request's state (*state in on_request). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    const server *s = cls;
    request *rq = calloc(1, sizeof *rq);
    conn_ctx *cc = ctx_of(c);
    if (!rq)
        return NULL;
    if (cc)
        cc->rq = rq;
    if (!uri)
        return rq;      /* no target at all: nothing to decode */
    rq->url_bytes = strlen(uri);
    size_t decodes = 0;
    const char *q = strchr(uri, '?');
    if (q)
        count_query(q + 1, &rq->params, &decodes);
    if (q && s->in_place && (rq->params > API_MAX_PARAMS || rq->url_bytes > MAX_URL)) {
        /* Refused anyway (on_request): end the query right after its '?',
         * so libmicrohttpd records no parameter. uri is const to us, but
         * it is the request line in libmicrohttpd's own read buffer, which
         * it is about to cut up and decode in place (0.9.75, connection.c,
         * parse_initial_message_line()); q[1] lies within the string. */
        ((char *)q)[1] = '\0';
        decodes = 0;
    }
    rq->decodes_due = decodes + 1;      /* and the path */
    return rq;
}

/* A date for the Date header (RFC 9110's IMF-fixdate, never localised). */
static void http_date(char *out, size_t len)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(out, len, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Write it all to a non-blocking socket within timeout seconds. */
static int send_all(int fd, const char *p, size_t n, double timeout)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            return -1;
        clock_gettime(CLOCK_MONOTONIC, &t);
        double left = timeout - (double)(t.tv_sec - t0.tv_sec) -
                      (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
        struct pollfd pfd = {.fd = fd, .events = POLLOUT};
        if (left <= 0 || poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
            return -1;
    }
    return 0;
}

/* Refuse the request with status and msg (the API's error object), written
 * to the socket here rather than queued: for a head that leaves
 * libmicrohttpd no room to build the response (see above). libmicrohttpd
 * has written nothing for this request, and is then told to close the
 * connection (on_request returns MHD_NO), so nothing follows it.
 * method: NULL when unknown (the body is sent; HEAD gets none). */
static void answer_raw(const server *s, struct MHD_Connection *c, const char *method,
                       const char *path, unsigned status, const char *msg)
{
    api_reply rep = {0};
    api_error(&rep, status, msg);
    int fd = client_fd(c);
    char date[64], head[2048];
    http_date(date, sizeof date);
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %u %s\r\nDate: %s\r\nConnection: close\r\n"
                     "Content-Type: %s\r\nContent-Length: %zu\r\nCache-Control: no-store\r\n",
                     status, MHD_get_reason_phrase_for(status), date, rep.type, rep.len);
    for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers; i++)
        if (n >= 0 && (size_t)n < sizeof head)
            n += snprintf(head + n, sizeof head - (size_t)n, "%s: %s\r\n",
                          security_headers[i].name, security_headers[i].value);
    if (n >= 0 && (size_t)n < sizeof head)
        n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
    int body = !method || strcmp(method, MHD_HTTP_METHOD_HEAD) != 0;
    if (fd >= 0 && rep.body && n >= 0 && (size_t)n < sizeof head &&
        send_all(fd, head, (size_t)n, s->cfg.request_timeout) == 0 && body)
        send_all(fd, rep.body, rep.len, s->cfg.request_timeout);
    free(rep.body);
    if (s->cfg.log)
        fprintf(stderr, "%s %.200s %u\n", method ? method : "-", path ? path : "-", status);
}

/* libmicrohttpd has each parameter's name and value, and the path, decoded
 * by this (MHD_OPTION_UNESCAPE_CALLBACK; only when in_place). More than the
 * target shown to on_uri accounts for: a query hidden behind a NUL byte is
 * being parsed, and may overflow libmicrohttpd's memory before any other
 * call of ours; answer now. */
static size_t on_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    conn_ctx *cc = ctx_of(c);
    request *rq = cc ? cc->rq : NULL;
    if (rq && !rq->answered && ++rq->decodes > rq->decodes_due) {
        answer_raw(cls, c, NULL, NULL, 400, "the request target contains a NUL byte");
        rq->answered = 1;
    }
    return MHD_http_unescape(s);
}

/* Why a request's head is refused before anything else, with msg, or 0
 * (see above). */
static unsigned head_refusal(const request *rq, struct MHD_Connection *c, char *msg,
                             size_t len)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    size_t head = ci ? ci->header_size : 0;
    int fields = MHD_get_connection_values(
        c, MHD_HEADER_KIND | MHD_COOKIE_KIND | MHD_GET_ARGUMENT_KIND, NULL, NULL);
    if (rq->url_bytes > MAX_URL) {
        snprintf(msg, len, "the URL is %zu bytes, over %d KiB (%d bytes), the longest "
                 "this server reads", rq->url_bytes, MAX_URL / 1024, MAX_URL);
        return 414;
    }
    if (head > MAX_HEAD || fields > MAX_FIELDS) {
        snprintf(msg, len, "the request line and headers are %zu bytes in %d fields (header "
                 "lines, cookies, parameters); this server reads at most %d KiB and %d "
                 "fields", head, fields, MAX_HEAD / 1024, MAX_FIELDS);
        return 431;
    }
    return 0;
}

/* libmicrohttpd calls this once when the headers are in, once per piece of
 * body, and once more when the body is complete. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **state)
{
    (void)version;
    server *s = cls;
    exchange x = {c, s, method, url, 0};
    request *rq = *state;
    if (!rq || !rq->started) {
        /* rq is on_uri's, unless it ran out of memory */
        if (!rq && !(*state = rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        rq->started = 1;
        if (rq->answered)
            return MHD_NO;      /* by on_unescape: close */
        char why[256];
        unsigned refuse = head_refusal(rq, c, why, sizeof why);
        if (refuse) {
            answer_raw(s, c, method, url, refuse, why);
            rq->answered = 1;
            return MHD_NO;
        }
        if (rq->params > API_MAX_PARAMS)
            return api_fail(&x, 400, API_TOO_MANY_PARAMS, NULL);
        if (!host_allowed(s, c))
            return api_fail(&x, 421, "this server answers only requests addressed to "
                            "localhost or 127.0.0.1 (it is bound to loopback)", NULL);
        /* Refuse a declared oversized body before reading any of it. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->cfg.max_body)
            return api_fail(&x, 413, "the request body is over the limit "
                            "(lasearch-serve --max-body-bytes)", NULL);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rq->too_large || rq->len + n > s->cfg.max_body) {
            free(rq->body);     /* keep reading, but keep nothing */
            rq->body = NULL;
            rq->len = 0;
            rq->too_large = 1;
            return MHD_YES;
        }
        char *b = realloc(rq->body, rq->len + n + 1);
        if (!b)
            return MHD_NO;
        memcpy(b + rq->len, upload, n);
        rq->body = b;
        rq->len += n;
        b[rq->len] = '\0';
        return MHD_YES;
    }
    /* The request is in: its deadline stops while it is answered (a
     * search has its own), and starts again for the client to take the
     * answer. */
    conns_working(s->conns, conn_of(c));
    enum MHD_Result ret = route(&x, rq);
    conns_sending(s->conns, conn_of(c));
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    server *s = cls;
    /* The response went out (or the request ended otherwise): the next
     * request on this connection is due within the timeout. */
    conns_waiting(s->conns, conn_of(c));
    request *rq = *state;
    conn_ctx *cc = ctx_of(c);
    if (cc && cc->rq == rq)
        cc->rq = NULL;
    if (rq) {
        free(rq->body);
        free(rq);
        *state = NULL;
    }
}

/* libmicrohttpd calls this as each connection opens and closes (before
 * closing its socket): what the connection keeps (its deadline record,
 * its request) lives in its socket context. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_ctx *cc = calloc(1, sizeof *cc);
        int fd = client_fd(c);
        if (cc && fd >= 0)
            cc->deadline = conns_open(s->conns, fd);
        *socket_context = cc;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        conn_ctx *cc = *socket_context;
        if (cc) {
            conns_close(s->conns, cc->deadline);
            if (cc->rq) {
                /* on_completed never came: libmicrohttpd 0.9.75 can close
                 * without it when its own refusal fails (a query behind a
                 * NUL byte overflowing its memory after on_unescape) */
                free(cc->rq->body);
                free(cc->rq);
            }
            free(cc);
        }
        *socket_context = NULL;
    }
}

/* ---- starting and stopping ---- */

/* "ADDR:PORT", "[ADDR]:PORT" or ":PORT" (loopback) into s->addr. */
static int parse_listen(server *s, const char *listen, char *err, size_t errlen)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    size_t hlen = colon ? (size_t)(colon - listen) : 0;
    if (!colon || !colon[1] || hlen >= sizeof host) {
        snprintf(err, errlen, "--listen: '%s' is not ADDR:PORT (e.g. 127.0.0.1:8080)",
                 listen);
        return -1;
    }
    /* getaddrinfo() takes any number as a port and keeps its low 16
     * bits (65617 would be 81): only 0 to 65535 are ports. */
    size_t port;
    char msg[256];
    if (optval_count("port", colon + 1, 0, 65535, &port, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "--listen: '%s': %s", listen, msg);
        return -1;
    }
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
        memmove(host, host + 1, hlen - 2);
        host[hlen - 2] = '\0';
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV}, *res = NULL;
    int rc = getaddrinfo(host[0] ? host : "127.0.0.1", colon + 1, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "--listen: '%s': %s", listen, gai_strerror(rc));
        return -1;
    }
    memcpy(&s->addr, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

/* The index must open now, so a wrong path is reported at start (the
 * workers open it again, each for itself). */
static int check_index(const char *dir, char *err, size_t errlen)
{
    search_index *ix = NULL;
    if (search_index_open(dir, &ix, err, errlen) != 0)
        return -1;
    search_index_free(ix);
    return 0;
}

static int start_workers(server *s, char *err, size_t errlen)
{
    const serve_config *cfg = &s->cfg;
    workers_config wc = {cfg->index, cfg->workers, cfg->max_queue,
                         /* a request waits for a worker this long at most */
                         cfg->timeout < 5 ? cfg->timeout : 5, cfg->worker_memory};
    if (workers_start(&wc, &s->workers, err, errlen) != 0)
        return -1;
    s->api.workers = s->workers;
    s->api.index = cfg->index;
    s->api.limits = (api_limits){cfg->max_query, cfg->max_lines, cfg->timeout,
                                 cfg->batch_timeout};
    if (conns_start(cfg->request_timeout, &s->conns) != 0) {
        snprintf(err, errlen, "cannot start a thread: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static int start_daemon(server *s)
{
    const serve_config *cfg = &s->cfg;
    int v6 = s->addr.ss_family == AF_INET6;
    /* A thread per connection: a search blocks only its own connection's
     * thread, which waits for a worker process (workers.h). */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_AUTO | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&s->addr,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)THREAD_STACK,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        /* last, so that without in_place the list ends here */
        s->in_place ? MHD_OPTION_UNESCAPE_CALLBACK : MHD_OPTION_END, on_unescape, s,
        MHD_OPTION_END);
    return s->daemon ? 0 : -1;
}

/* s->address and s->loopback from the address bound. */
static void describe_address(server *s)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon,
                                                           MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    char ip[INET6_ADDRSTRLEN] = "?";
    if (s->addr.ss_family == AF_INET6) {
        const struct in6_addr *a = &((struct sockaddr_in6 *)&s->addr)->sin6_addr;
        inet_ntop(AF_INET6, a, ip, sizeof ip);
        s->loopback = IN6_IS_ADDR_LOOPBACK(a);
        snprintf(s->address, sizeof s->address, "[%s]:%u", ip, port);
    } else {
        const struct in_addr *a = &((struct sockaddr_in *)&s->addr)->sin_addr;
        inet_ntop(AF_INET, a, ip, sizeof ip);
        s->loopback = (ntohl(a->s_addr) >> 24) == 127;
        snprintf(s->address, sizeof s->address, "%s:%u", ip, port);
    }
}

int server_start(const serve_config *cfg, server **out, char *err, size_t errlen)
{
    *out = NULL;
    server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->cfg = *cfg;
    s->in_place = mhd_parses_in_place();
    if (parse_listen(s, cfg->listen, err, errlen) != 0 ||
        check_index(cfg->index, err, errlen) != 0 || start_workers(s, err, errlen) != 0) {
        server_stop(s);
        return -1;
    }
    if (start_daemon(s) != 0) {
        snprintf(err, errlen, "cannot listen on %s (in use, or not an address of "
                 "this machine)", cfg->listen);
        server_stop(s);
        return -1;
    }
    describe_address(s);
    *out = s;
    return 0;
}

const char *server_address(const server *s)
{
    return s->address;
}

int server_is_loopback(const server *s)
{
    return s->loopback;
}

void server_stop(server *s)
{
    if (!s)
        return;
    /* Workers first: a request waiting on a search then fails at once,
     * so stopping the daemon (which waits for every connection's thread)
     * takes moments however long the searches would have run. */
    workers_shutdown(s->workers);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    conns_stop(s->conns);
    workers_free(s->workers);
    free(s);
}
