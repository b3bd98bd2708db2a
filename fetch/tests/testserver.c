/*
 * testserver.c: the web server lasearch-fetch's tests fetch from, on
 * 127.0.0.1 only (an ephemeral port, written to --port-file), for a
 * bounded time (--lifetime, default 120 s).
 *
 *   fetch-testserver --root DIR --log FILE --port-file FILE
 *                    [--lifetime SECONDS] [--trickle MS]
 *
 * Serves the files under DIR as a site would: a type by extension, an ETag
 * and Last-Modified from the file's size and modification time, and 304
 * for a conditional request they satisfy (If-None-Match first, as RFC 9110
 * says). Beside a path X, "X.status" holding a number answers X with that
 * status (410: gone), "X.redirect" holding a URL redirects there (301),
 * "X.type" holding a content type overrides the one by extension; a
 * missing file is 404; a directory (with or without its final "/") is its
 * index.html. And two misbehaving pages, at any path ending in
 *   /endless   a page that never ends (200, no length, bytes forever)
 *   /slow      a page that trickles a few bytes every 200 ms, for minutes
 * --trickle MS sends every file in 512-byte pieces MS apart (for killing a
 * fetch in mid-page). Each request is logged, one line each:
 *   PATH<TAB>inm=If-None-Match<TAB>ims=If-Modified-Since<TAB>ua=User-Agent<TAB>STATUS
 * with "-" for an absent header. Exits at SIGTERM, SIGINT or the lifetime.
 */
/* strptime() */
#define _XOPEN_SOURCE 700

#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *root;
static FILE *logf;
static long trickle_ms;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void log_request(struct MHD_Connection *conn, const char *url, unsigned status)
{
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    const char *ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Modified-Since");
    const char *ua = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent");
    pthread_mutex_lock(&log_lock);
    fprintf(logf, "%s\tinm=%s\tims=%s\tua=%s\t%u\n", url, inm ? inm : "-", ims ? ims : "-",
            ua ? ua : "-", status);
    fflush(logf);
    pthread_mutex_unlock(&log_lock);
}

static enum MHD_Result send_status(struct MHD_Connection *conn, const char *url,
                                   unsigned status, const char *location)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"",
                                                             MHD_RESPMEM_PERSISTENT);
    if (location)
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, location);
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    log_request(conn, url, status);
    return ret;
}

/* /endless: bytes forever. */
static ssize_t endless(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    static const char chunk[] = "<p>This page never ends.</p>\n";
    for (size_t i = 0; i < max; i++)
        buf[i] = chunk[(pos + i) % (sizeof chunk - 1)];
    return (ssize_t)max;
}

/* /slow: a few bytes every 200 ms, for at most 10 minutes. */
static ssize_t slow(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    static const char chunk[] = "<p>slow</p>\n";
    if (pos > 3000 * (sizeof chunk - 1) || max < sizeof chunk)
        return MHD_CONTENT_READER_END_OF_STREAM;
    sleep_ms(200);
    memcpy(buf, chunk, sizeof chunk - 1);
    return (ssize_t)(sizeof chunk - 1);
}

typedef struct body {
    char *data;
    size_t len;
} body;

/* --trickle: a file in 512-byte pieces with a pause before each. */
static ssize_t trickle(void *cls, uint64_t pos, char *buf, size_t max)
{
    body *b = cls;
    if (pos >= b->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = b->len - (size_t)pos;
    if (n > 512)
        n = 512;
    if (n > max)
        n = max;
    sleep_ms(trickle_ms);
    memcpy(buf, b->data + pos, n);
    return (ssize_t)n;
}

static void free_body(void *cls)
{
    body *b = cls;
    free(b->data);
    free(b);
}

static const char *type_of(const char *path)
{
    static const char *const map[][2] = {
        { ".html", "text/html; charset=utf-8" }, { ".pdf", "application/pdf" },
        { ".txt", "text/plain; charset=utf-8" }, { ".png", "image/png" },
        { ".bin", "application/octet-stream" }, { ".json", "application/json" },
    };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t k = strlen(map[i][0]);
        if (n >= k && strcmp(path + n - k, map[i][0]) == 0)
            return map[i][1];
    }
    return "text/html; charset=utf-8";
}

static int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = b;
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *data = buf;
    *len = n;
    return 0;
}

static enum MHD_Result serve_file(struct MHD_Connection *conn, const char *url)
{
    char path[4096];
    size_t ul = strlen(url);
    if (ul > 1 && url[ul - 1] == '/')   /* "/a/" is the directory "/a" */
        ul--;
    snprintf(path, sizeof path, "%s%.*s", root, (int)ul, url);
    char side[4200];
    char *data;
    size_t len;
    snprintf(side, sizeof side, "%s.status", path);
    if (read_file(side, &data, &len) == 0) {
        unsigned status = (unsigned)strtoul(data ? data : "500", NULL, 10);
        free(data);
        return send_status(conn, url, status ? status : 500, NULL);
    }
    snprintf(side, sizeof side, "%s.redirect", path);
    if (read_file(side, &data, &len) == 0) {
        data[len && data[len - 1] == '\n' ? len - 1 : len] = '\0';
        enum MHD_Result ret = send_status(conn, url, MHD_HTTP_MOVED_PERMANENTLY, data);
        free(data);
        return ret;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        strncat(path, "/index.html", sizeof path - strlen(path) - 1);
    const char *type = type_of(path);
    char tpath[4200], *tdata = NULL;
    snprintf(tpath, sizeof tpath, "%s.type", path);
    if (read_file(tpath, &tdata, &len) == 0) {
        tdata[len && tdata[len - 1] == '\n' ? len - 1 : len] = '\0';
        type = tdata;
    }
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || read_file(path, &data, &len) != 0) {
        free(tdata);
        return send_status(conn, url, MHD_HTTP_NOT_FOUND, NULL);
    }
    char etag[64], lm[64];
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
                 (unsigned long long)st.st_mtim.tv_nsec);
    struct tm tm;
    gmtime_r(&st.st_mtim.tv_sec, &tm);
    strftime(lm, sizeof lm, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    const char *ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Modified-Since");
    int fresh = 0;
    if (inm) {
        fresh = strcmp(inm, etag) == 0;
    } else if (ims) {
        struct tm t = { 0 };
        const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &t);
        fresh = end && *end == '\0' && timegm(&t) >= st.st_mtim.tv_sec;
    }
    struct MHD_Response *r;
    unsigned status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
    if (fresh) {
        free(data);
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else if (trickle_ms > 0) {
        body *b = malloc(sizeof *b);
        if (!b) {
            free(data);
            free(tdata);
            return MHD_NO;
        }
        b->data = data;
        b->len = len;
        r = MHD_create_response_from_callback(len, 512, trickle, b, free_body);
    } else {
        r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, lm);
    if (!fresh)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    log_request(conn, url, status);
    free(tdata);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_size, void **state)
{
    (void)cls;
    (void)version;
    (void)upload_data;
    (void)upload_size;
    static int first;
    if (*state != &first) {   /* headers only so far: wait for the rest */
        *state = &first;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return send_status(conn, url, MHD_HTTP_METHOD_NOT_ALLOWED, NULL);
    if (url[0] != '/' || strstr(url, ".."))
        return send_status(conn, url, MHD_HTTP_BAD_REQUEST, NULL);
    size_t ul = strlen(url);
    int e = ul >= 8 && strcmp(url + ul - 8, "/endless") == 0;
    if (e || (ul >= 5 && strcmp(url + ul - 5, "/slow") == 0)) {
        struct MHD_Response *r = MHD_create_response_from_callback(
            MHD_SIZE_UNKNOWN, e ? 65536 : 64, e ? endless : slow, NULL, NULL);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
        enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        log_request(conn, url, MHD_HTTP_OK);
        return ret;
    }
    return serve_file(conn, url);
}

int main(int argc, char **argv)
{
    const char *log_path = NULL, *port_file = NULL;
    double lifetime = 120;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--root") == 0)
            root = argv[i + 1];
        else if (strcmp(argv[i], "--log") == 0)
            log_path = argv[i + 1];
        else if (strcmp(argv[i], "--port-file") == 0)
            port_file = argv[i + 1];
        else if (strcmp(argv[i], "--lifetime") == 0)
            lifetime = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--trickle") == 0)
            trickle_ms = atol(argv[i + 1]);
    }
    if (!root || !log_path || !port_file || lifetime <= 0 || lifetime > 3600) {
        fprintf(stderr, "usage: fetch-testserver --root DIR --log FILE --port-file FILE "
                        "[--lifetime SECONDS] [--trickle MS]\n");
        return 2;
    }
    if (!(logf = fopen(log_path, "a"))) {
        perror(log_path);
        return 2;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_in addr = { 0 };
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);   /* 127.0.0.1 only, ever */
    addr.sin_port = 0;
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL,
        handle, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "fetch-testserver: cannot listen on 127.0.0.1\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
    FILE *pf = fopen(tmp, "w");
    if (!info || !pf || fprintf(pf, "%u\n", (unsigned)info->port) < 0 || fclose(pf) != 0 ||
        rename(tmp, port_file) != 0) {
        fprintf(stderr, "fetch-testserver: cannot write %s\n", port_file);
        MHD_stop_daemon(d);
        return 1;
    }
    for (double t = 0; t < lifetime && !stop; t += 0.05)
        sleep_ms(50);
    MHD_stop_daemon(d);
    fclose(logf);
    return 0;
}
