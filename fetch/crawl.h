/*
 * crawl.h: one night's fetch: every source's start page, the pages it
 * links to under its follow prefix (breadth first, to a depth), and the
 * pages fetched on earlier nights that no link reached this time, each
 * asked for conditionally; what is new or changed is written into the
 * corpus, what is gone (404, 410) moved aside, manifest.tsv and the state
 * file kept in step.
 *
 * What holds:
 *  - one request at a time, at least `delay` seconds (or the site's
 *    robots.txt Crawl-delay, up to 60 s) between two to the same host;
 *  - nothing robots.txt disallows is asked for; a site whose robots.txt
 *    cannot be had (5xx, no answer) is not fetched from at all that night;
 *  - redirects are followed hop by hop (at most 5), each hop checked: http
 *    and https only, robots.txt, and, but for a start page, the follow
 *    prefix;
 *  - a page is stored under documents/ (docname.h) only when it lies under
 *    its source's follow prefix; a start page outside it (a list of
 *    reports) is only read for its links and kept in .fetch-cache/, so
 *    that a 304 still gives its links; robots.txt is kept there too;
 *  - a page whose bytes did not change is not rewritten (a 304, or the
 *    same bytes again); every write is atomic (store.h);
 *  - a stored page answered 404 or 410 leaves the corpus: moved to
 *    .gone/<its path> (the indexer skips hidden directories, so the next
 *    `lasearch-index --update` drops it), its manifest row and state
 *    entry removed; any other failure leaves the stored page as it was;
 *  - the page and byte limits stop the night early, never half-way
 *    through a page; pages not reached are left as they are (a page is
 *    gone only when its server says so).
 *
 * The caller holds the fetch lock (lock.h). Nothing is printed: each
 * outcome is passed to on_event as it happens.
 */
#ifndef LASEARCH_FETCH_CRAWL_H
#define LASEARCH_FETCH_CRAWL_H

#include <stddef.h>

#include "sources.h"

typedef enum crawl_outcome {
    CRAWL_NEW,        /* a document stored for the first time */
    CRAWL_CHANGED,    /* a document rewritten with new bytes */
    CRAWL_UNCHANGED,  /* a document as it was (304, or the same bytes) */
    CRAWL_FAILED,     /* could not be had: the corpus keeps what it had */
    CRAWL_GONE,       /* 404/410: moved aside, its row removed */
    CRAWL_SKIPPED,    /* not fetched by rule: robots.txt, type, prefix */
    CRAWL_READ        /* a start page read for its links only */
} crawl_outcome;

typedef struct crawl_event {
    crawl_outcome what;
    const char *url;
    const char *file;     /* relative to the corpus: where it is (GONE: was) */
    const char *detail;   /* why (FAILED, SKIPPED), where it went (GONE); or NULL */
} crawl_event;

typedef struct crawl_config {
    int rootfd;                 /* the corpus directory */
    const sources *src;
    size_t max_depth;           /* links followed from a start page */
    size_t max_pages;           /* page requests this night */
    unsigned long long max_total;   /* body bytes this night */
    size_t max_size;            /* body bytes of one page */
    double delay, timeout;      /* seconds */
    const char *user_agent;
    void (*on_event)(void *ctx, const crawl_event *ev);
    void *ctx;
} crawl_config;

typedef struct crawl_totals {
    size_t added, changed, unchanged, failed, gone, skipped;
    size_t pages;               /* page requests (robots.txt not counted) */
    size_t requests;            /* every request, redirects and robots.txt too */
    unsigned long long bytes;   /* body bytes received */
    const char *limit;          /* the option whose limit stopped it, or NULL */
    size_t not_fetched;         /* pages left in the queue by that limit */
} crawl_totals;

/* Run one fetch. 0 when the night ran to its end (pages may have failed:
 * see totals); -1 with err when it could not go on (the state or manifest
 * unreadable or unwritable, out of memory): what was written so far is
 * whole, and the next run goes on from there. */
int crawl_run(const crawl_config *cfg, crawl_totals *tot, char *err, size_t errlen);

#endif /* LASEARCH_FETCH_CRAWL_H */
