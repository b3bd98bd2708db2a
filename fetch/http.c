/* http.c: one GET through libcurl with limits (contract in http.h). */
#include "http.h"

#include <curl/curl.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct http_client {
    CURL *curl;
    char *user_agent;
};

http_client *http_new(const char *user_agent)
{
    http_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->curl = curl_easy_init();
    c->user_agent = strdup(user_agent);
    if (!c->curl || !c->user_agent) {
        http_free(c);
        return NULL;
    }
    return c;
}

void http_free(http_client *c)
{
    if (!c)
        return;
    if (c->curl)
        curl_easy_cleanup(c->curl);
    free(c->user_agent);
    free(c);
}

void http_response_clear(http_response *r)
{
    if (!r)
        return;
    free(r->body);
    free(r->content_type);
    free(r->etag);
    free(r->last_modified);
    free(r->location);
    memset(r, 0, sizeof *r);
}

int http_type_ok(const char *t)
{
    return t && (strcmp(t, "text/html") == 0 || strcmp(t, "application/xhtml+xml") == 0 ||
                 strcmp(t, "application/pdf") == 0 || strcmp(t, "text/plain") == 0 ||
                 strcmp(t, "application/octet-stream") == 0);
}

int http_date_day(const char *http_date, char out[11])
{
    time_t t = http_date ? curl_getdate(http_date, NULL) : -1;
    struct tm tm;
    if (t < 0 || !gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1900 || tm.tm_year + 1900 > 9999)
        return -1;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
    return 0;
}

/* What the callbacks share during one transfer. */
typedef struct transfer {
    CURL *curl;
    const http_request *req;
    http_response *out;
    size_t cap;
    int checked;      /* the status and type were looked at */
    int keep;         /* the body is wanted */
    int too_big, bad_type, nomem;
    size_t seen;      /* body bytes seen, kept or not */
} transfer;

/* "Content-Type: Text/HTML; charset=utf-8" -> "text/html". */
static char *media_type(const char *v)
{
    size_t n = strcspn(v, ";");
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    char *s = strndup(v, n);
    for (char *p = s; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
    transfer *t = ctx;
    size_t n = size * nmemb;
    if (!t->checked) {
        /* The first body byte: the status line and headers are all in. */
        t->checked = 1;
        curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &t->out->code);
        char *ct = NULL;
        curl_easy_getinfo(t->curl, CURLINFO_CONTENT_TYPE, &ct);
        if (ct && !(t->out->content_type = media_type(ct)))
            t->nomem = 1;
        t->keep = t->out->code >= 200 && t->out->code < 300;
        if (t->keep && !t->req->any_type && !http_type_ok(t->out->content_type)) {
            t->bad_type = 1;
            return 0;   /* stop now: nothing of it is wanted */
        }
    }
    if (t->nomem)
        return 0;
    size_t room = t->req->max_bytes - t->seen;
    if (n > room) {
        /* Keep what fits (robots.txt reads its first part), then stop. */
        n = room;
        t->too_big = 1;
    }
    t->seen += n;
    if (t->keep && n) {
        if (t->out->len + n + 1 > t->cap) {
            size_t cap = (t->out->len + n + 1) * 2;
            if (cap > t->req->max_bytes + 1)
                cap = t->req->max_bytes + 1;
            char *b = realloc(t->out->body, cap);
            if (!b) {
                t->nomem = 1;
                return 0;
            }
            t->out->body = b;
            t->cap = cap;
        }
        memcpy(t->out->body + t->out->len, data, n);
        t->out->len += n;
        t->out->body[t->out->len] = '\0';
    }
    return t->too_big ? 0 : size * nmemb;
}

/* Headers as they come: a new status line (an interim 1xx, or a reply
 * after one) forgets the previous one's. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *ctx)
{
    transfer *t = ctx;
    size_t n = size * nmemb;
    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        free(t->out->etag);
        free(t->out->last_modified);
        t->out->etag = t->out->last_modified = NULL;
        return n;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon)
        return n;
    size_t kn = (size_t)(colon - data);
    const char *v = colon + 1, *end = data + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    char **slot = NULL;
    if (kn == 4 && strncasecmp(data, "etag", 4) == 0)
        slot = &t->out->etag;
    else if (kn == 13 && strncasecmp(data, "last-modified", 13) == 0)
        slot = &t->out->last_modified;
    if (slot) {
        free(*slot);
        if (!(*slot = strndup(v, (size_t)(end - v))))
            t->nomem = 1;
    }
    return n;
}

/* "If-None-Match: <etag>" etc., or NULL for an absent value. */
static struct curl_slist *add_header(struct curl_slist *list, const char *name,
                                     const char *value, int *nomem)
{
    if (!value || !*value || *nomem)
        return list;
    size_t n = strlen(name) + strlen(value) + 3;
    char *h = malloc(n);
    struct curl_slist *l = NULL;
    if (h) {
        snprintf(h, n, "%s: %s", name, value);
        l = curl_slist_append(list, h);
        free(h);
    }
    if (!l)
        *nomem = 1;
    return l ? l : list;
}

static void setup(CURL *curl, http_client *c, const http_request *req, transfer *t,
                  struct curl_slist *headers, char *errbuf)
{
    curl_easy_reset(curl);   /* keeps the connection cache */
    curl_easy_setopt(curl, CURLOPT_URL, req->url);
#if LIBCURL_VERSION_NUM >= 0x075500   /* 7.85.0 */
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, c->user_agent);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");   /* all libcurl decodes */
    long ms = (long)(req->timeout * 1000);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, ms > 0 ? ms : 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, ms > 0 && ms < 30000 ? ms : 30000L);
    /* A Content-Length over the limit is refused before any body arrives
     * (not for robots.txt, whose first part is read whatever its size). */
    if (!req->any_type)
        curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req->max_bytes);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
}

http_status http_get(http_client *c, const http_request *req, http_response *out)
{
    memset(out, 0, sizeof *out);
    transfer t = { .curl = c->curl, .req = req, .out = out };
    int nomem = 0;
    struct curl_slist *headers = NULL;
    headers = add_header(headers, "Accept",
                         req->any_type ? "*/*"
                                       : "text/html, application/xhtml+xml, "
                                         "application/pdf, text/plain;q=0.5",
                         &nomem);
    headers = add_header(headers, "If-None-Match", req->etag, &nomem);
    headers = add_header(headers, "If-Modified-Since", req->last_modified, &nomem);
    if (nomem) {
        curl_slist_free_all(headers);
        snprintf(out->error, sizeof out->error, "out of memory");
        return HTTP_FAILED;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    setup(c->curl, c, req, &t, headers, errbuf);
    CURLcode rc = curl_easy_perform(c->curl);
    if (!t.checked)
        curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &out->code);
    if (!out->content_type) {
        char *ct = NULL;
        if (curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
            out->content_type = media_type(ct);
    }
    char *loc = NULL;
    if (out->code >= 300 && out->code < 400 &&
        curl_easy_getinfo(c->curl, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
        out->location = strdup(loc);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(headers);

    if (t.nomem) {
        snprintf(out->error, sizeof out->error, "out of memory");
        return HTTP_FAILED;
    }
    if (t.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(out->error, sizeof out->error, "larger than the %zu-byte limit: cut off",
                 req->max_bytes);
        return HTTP_TOO_BIG;
    }
    if (t.bad_type) {
        snprintf(out->error, sizeof out->error, "content type %s is not one lasearch indexes",
                 out->content_type ? out->content_type : "(none given)");
        free(out->body);
        out->body = NULL;
        out->len = 0;
        return HTTP_BAD_TYPE;
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        snprintf(out->error, sizeof out->error, "no whole answer within %g s", req->timeout);
        return HTTP_TIMEOUT;
    }
    if (rc != CURLE_OK) {
        snprintf(out->error, sizeof out->error, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
        return HTTP_FAILED;
    }
    if (out->code >= 200 && out->code < 300 && !out->body) {
        /* An empty 2xx body: a page, just an empty one. */
        if (!(out->body = calloc(1, 1))) {
            snprintf(out->error, sizeof out->error, "out of memory");
            return HTTP_FAILED;
        }
    }
    if (out->code >= 200 && out->code < 300 && !req->any_type &&
        !http_type_ok(out->content_type)) {
        /* An empty body never reached on_body's check. */
        snprintf(out->error, sizeof out->error, "content type %s is not one lasearch indexes",
                 out->content_type ? out->content_type : "(none given)");
        return HTTP_BAD_TYPE;
    }
    return HTTP_DONE;
}
