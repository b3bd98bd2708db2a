/* server.c: HTTP on libmicrohttpd: routing, limits, headers (server.h). */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "api.h"
#include "assets.h"
#include "conns.h"
#include "optval.h"
#include "search.h"

/* Request line and headers must fit in this much per connection; longer
 * ones are refused by libmicrohttpd itself (414 or 431). It also holds a
 * record of each query parameter (some 50 bytes), so it is four times a
 * 64 KiB request line: a request of thousands of parameters still has
 * room for its 400. (One whose records do not fit, tens of thousands of
 * parameters, is closed by libmicrohttpd unanswered.) */
#define HEADER_MEMORY (256 * 1024)
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
};

/* One request being answered: where to, and what to log. */
typedef struct exchange {
    struct MHD_Connection *c;
    const server *s;
    const char *method, *url;
    unsigned retry_after;   /* Retry-After seconds (0: none); set by
                               respond_api for respond */
} exchange;

/* One request's state between libmicrohttpd's calls: the body so far. */
typedef struct request {
    char *body;
    size_t len;
    int too_large;      /* the body went over max_body: dropped, 413 */
} request;

/* ---- responses ---- */

static const char csp[] = "default-src 'self'; base-uri 'none'; form-action 'self'; "
                          "frame-ancestors 'none'";

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
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
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

/* The connection's deadline record (conns.h), or NULL. */
static conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
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
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *state = rq;
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
    if (rq) {
        free(rq->body);
        free(rq);
        *state = NULL;
    }
}

/* libmicrohttpd calls this as each connection opens and closes (before
 * closing its socket): the connection's deadline record lives in its
 * socket context. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        int fd = client_fd(c);
        *socket_context = fd >= 0 ? conns_open(s->conns, fd) : NULL;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        conns_close(s->conns, *socket_context);
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
