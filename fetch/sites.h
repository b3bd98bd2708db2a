/*
 * sites.h: what lasearch-fetch owes each site: its robots.txt obeyed, and
 * a pause between two requests to the same host.
 *
 * A site's robots.txt (one per scheme, host and port, as RFC 9309 says) is
 * fetched the first time a URL of that site is asked about, once a night,
 * conditionally like any page (its copy is kept in .fetch-cache/ with the
 * state's ETag), redirects followed up to 5 hops: 2xx is parsed; 4xx means
 * no rules (all allowed); 5xx or no answer means the site is not fetched
 * from this night (RFC 9309: assume complete disallow).
 *
 * Hosts are paced by name: before every request the caller calls
 * sites_wait(), which sleeps until `delay` seconds (or the site's
 * Crawl-delay, at most SITES_MAX_CRAWL_DELAY) have passed since the last
 * request to that host ended, and sites_done() after it. With one request
 * at a time, that is one request per host at a time with a pause between.
 *
 * One thread at a time. sites_free() frees everything.
 */
#ifndef LASEARCH_FETCH_SITES_H
#define LASEARCH_FETCH_SITES_H

#include <stddef.h>

#include "http.h"
#include "state.h"

#define SITES_MAX_CRAWL_DELAY 60.0
#define SITES_AGENT "lasearch-fetch"

typedef struct sites sites;

typedef struct sites_config {
    http_client *http;
    fetch_state *state;   /* robots.txt's validators live here too */
    int rootfd;
    double delay, timeout;
} sites_config;

/* NULL if out of memory. */
sites *sites_new(const sites_config *cfg);
void sites_free(sites *s);

typedef enum sites_verdict {
    SITES_ALLOWED = 0,
    SITES_DISALLOWED,     /* robots.txt says no */
    SITES_UNREACHABLE,    /* no robots.txt to be had: detail says why */
    SITES_NOMEM
} sites_verdict;

/* May url be fetched? Fetches the site's robots.txt the first time
 * (adding its requests and bytes to *requests and *bytes). */
sites_verdict sites_allowed(sites *s, const char *url, size_t *requests,
                            unsigned long long *bytes, char *detail, size_t dlen);

void sites_wait(sites *s, const char *url);
void sites_done(sites *s, const char *url);

#endif /* LASEARCH_FETCH_SITES_H */
