/* sites.c: robots.txt and pacing per site (contract in sites.h). */
#include "sites.h"

#include "docname.h"
#include "robots.h"
#include "store.h"
#include "url.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct site {
    char *origin;        /* scheme://host[:port] */
    robots rules;
    char why[300];       /* unreachable: why */
} site;

typedef struct host_clock {
    char *host;
    double last_end;     /* < 0: never asked */
    double delay;        /* the longer of --delay and its Crawl-delay */
} host_clock;

struct sites {
    sites_config cfg;
    site *v;
    size_t n, cap;
    host_clock *hosts;
    size_t nhosts, hcap;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

sites *sites_new(const sites_config *cfg)
{
    sites *s = calloc(1, sizeof *s);
    if (s)
        s->cfg = *cfg;
    return s;
}

void sites_free(sites *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].origin);
        robots_clear(&s->v[i].rules);
    }
    for (size_t i = 0; i < s->nhosts; i++)
        free(s->hosts[i].host);
    free(s->v);
    free(s->hosts);
    free(s);
}

/* The clock of url's host, made on first use; NULL if out of memory. */
static host_clock *clock_of(sites *s, const char *url)
{
    url_parts p;
    if (url_split(url, &p) != URL_OK)
        return NULL;
    host_clock *h = NULL;
    for (size_t i = 0; i < s->nhosts && !h; i++)
        if (strcmp(s->hosts[i].host, p.host) == 0)
            h = &s->hosts[i];
    if (!h && s->nhosts == s->hcap) {
        size_t cap = s->hcap ? s->hcap * 2 : 8;
        host_clock *v = realloc(s->hosts, cap * sizeof *v);
        if (v) {
            s->hosts = v;
            s->hcap = cap;
        }
    }
    if (!h && s->nhosts < s->hcap) {
        h = &s->hosts[s->nhosts];
        h->host = p.host;
        p.host = NULL;
        h->last_end = -1;
        h->delay = s->cfg.delay;
        s->nhosts++;
    }
    url_parts_clear(&p);
    return h;
}

void sites_wait(sites *s, const char *url)
{
    host_clock *h = clock_of(s, url);
    if (!h || h->last_end < 0)
        return;
    double left = h->last_end + h->delay - now();
    while (left > 0) {
        struct timespec ts = { (time_t)left, (long)((left - (double)(time_t)left) * 1e9) };
        /* Interrupted: sleep the rest. */
        if (nanosleep(&ts, NULL) == 0 || errno != EINTR)
            break;
        left = h->last_end + h->delay - now();
    }
}

void sites_done(sites *s, const char *url)
{
    host_clock *h = clock_of(s, url);
    if (h)
        h->last_end = now();
}

/* Fetch and parse origin's robots.txt into st. */
static void load_robots(sites *s, site *st, size_t *requests, unsigned long long *bytes)
{
    static const char *const agents[] = { "lasearch", SITES_AGENT, NULL };
    size_t n = strlen(st->origin) + 16;
    char *url = malloc(n);
    if (!url) {
        robots_deny_all(&st->rules);
        snprintf(st->why, sizeof st->why, "out of memory");
        return;
    }
    snprintf(url, n, "%s/robots.txt", st->origin);
    /* The cached copy is named after the first URL, whatever the hops. */
    char *cache = docname(".fetch-cache", url, DOC_TEXT);
    state_entry *e = state_find(s->cfg.state, url);
    int have = cache && e && strcmp(e->file, cache) == 0 && store_exists(s->cfg.rootfd, cache);
    http_request req = { .url = url, .etag = have ? e->etag : NULL,
                         .last_modified = have ? e->last_modified : NULL,
                         .max_bytes = ROBOTS_MAX_BYTES, .timeout = s->cfg.timeout,
                         .any_type = 1 };
    char *hop = NULL;   /* the URL asked for, after redirects */
    http_response r;
    http_status hs = HTTP_FAILED;
    for (int hops = 0; hops <= 5; hops++) {
        sites_wait(s, req.url);
        hs = http_get(s->cfg.http, &req, &r);
        sites_done(s, req.url);
        (*requests)++;
        *bytes += r.len;
        if (hs != HTTP_DONE || r.code < 300 || r.code >= 400 || !r.location)
            break;
        free(hop);
        hop = NULL;
        if (url_canon(NULL, r.location, &hop) != URL_OK) {
            snprintf(r.error, sizeof r.error, "robots.txt redirects to %s", r.location);
            hs = HTTP_FAILED;
            break;
        }
        http_response_clear(&r);
        req.url = hop;
        req.etag = req.last_modified = NULL;
    }
    int ok = hs == HTTP_DONE || (hs == HTTP_TOO_BIG && r.body);
    if (ok && r.code >= 200 && r.code < 300) {
        robots_parse(r.body, r.len, agents, &st->rules);
        if (cache && !store_same(s->cfg.rootfd, cache, r.body, r.len))
            store_put(s->cfg.rootfd, cache, r.body, r.len, NULL, 0);
        if (cache)
            state_set(s->cfg.state, url, cache, r.etag, r.last_modified);
    } else if (ok && r.code == 304 && have) {
        char *text;
        size_t len;
        if (store_read(s->cfg.rootfd, cache, ROBOTS_MAX_BYTES, &text, &len) == 0) {
            robots_parse(text, len, agents, &st->rules);
            free(text);
        } else {
            robots_deny_all(&st->rules);
            snprintf(st->why, sizeof st->why, "its cached copy could not be read");
        }
    } else if (ok && r.code >= 400 && r.code < 500) {
        robots_allow_all(&st->rules);   /* no robots.txt: no rules */
        if (cache)
            store_remove(s->cfg.rootfd, cache);
        state_drop(s->cfg.state, url);
    } else {
        robots_deny_all(&st->rules);
        if (!ok)
            snprintf(st->why, sizeof st->why, "%s", r.error);
        else
            snprintf(st->why, sizeof st->why, "HTTP %ld", r.code);
    }
    if (st->rules.crawl_delay > 0) {
        host_clock *h = clock_of(s, st->origin);
        double d = st->rules.crawl_delay < SITES_MAX_CRAWL_DELAY ? st->rules.crawl_delay
                                                                  : SITES_MAX_CRAWL_DELAY;
        if (h && d > h->delay)
            h->delay = d;
    }
    http_response_clear(&r);
    free(hop);
    free(cache);
    free(url);
}

sites_verdict sites_allowed(sites *s, const char *url, size_t *requests,
                            unsigned long long *bytes, char *detail, size_t dlen)
{
    char *origin = url_origin(url);
    if (!origin)
        return SITES_NOMEM;
    site *st = NULL;
    for (size_t i = 0; i < s->n && !st; i++)
        if (strcmp(s->v[i].origin, origin) == 0)
            st = &s->v[i];
    if (!st) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 8;
            site *v = realloc(s->v, cap * sizeof *v);
            if (!v) {
                free(origin);
                return SITES_NOMEM;
            }
            s->v = v;
            s->cap = cap;
        }
        st = &s->v[s->n++];
        memset(st, 0, sizeof *st);
        st->origin = origin;
        origin = NULL;
        load_robots(s, st, requests, bytes);
    }
    free(origin);
    if (st->rules.deny_all && st->why[0]) {
        snprintf(detail, dlen, "robots.txt of %s could not be had (%s): nothing fetched "
                 "from that site this time", st->origin, st->why);
        return SITES_UNREACHABLE;
    }
    url_parts p;
    if (url_split(url, &p) != URL_OK)
        return SITES_NOMEM;
    size_t n = strlen(p.path) + (p.query ? strlen(p.query) + 1 : 0) + 1;
    char *pq = malloc(n);
    if (!pq) {
        url_parts_clear(&p);
        return SITES_NOMEM;
    }
    snprintf(pq, n, "%s%s%s", p.path, p.query ? "?" : "", p.query ? p.query : "");
    int ok = robots_allowed(&st->rules, pq);
    free(pq);
    url_parts_clear(&p);
    if (!ok)
        snprintf(detail, dlen, "disallowed by robots.txt");
    return ok ? SITES_ALLOWED : SITES_DISALLOWED;
}
