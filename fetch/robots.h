/*
 * robots.h: what a site's robots.txt lets lasearch-fetch fetch (RFC 9309).
 *
 * Groups start with one or more "User-agent:" lines; the fetcher obeys the
 * groups naming one of its product tokens (case-insensitive: "lasearch",
 * "lasearch-fetch"), all of them merged, else the "*" groups, else nothing
 * (all allowed). Within them, the rule whose pattern matches the longest
 * stretch wins ("*" matches any run of bytes, a final "$" the end), Allow
 * over Disallow on a tie; an empty Disallow allows everything;
 * /robots.txt itself is always allowed. "Crawl-delay:" is kept (the
 * fetcher waits at least that long between requests, within a cap).
 * Unknown lines, comments and lines without a colon are ignored, as the
 * RFC asks; only the first ROBOTS_MAX_BYTES are read.
 *
 * Whether a site without a robots.txt (4xx) may be fetched, or one whose
 * robots.txt cannot be had (5xx, no answer) may not, is the caller's:
 * robots_allow_all() / robots_deny_all().
 *
 * Ownership: robots_clear() frees what robots_parse() filled; safe on a
 * zeroed value. A parsed value is read-only: shareable.
 */
#ifndef LASEARCH_FETCH_ROBOTS_H
#define LASEARCH_FETCH_ROBOTS_H

#include <stddef.h>

#define ROBOTS_MAX_BYTES (500 * 1024)

typedef struct robots_rule {
    char *pattern;   /* as written: starts with '/' or '*' */
    int allow;
} robots_rule;

typedef struct robots {
    robots_rule *rules;
    size_t n;
    int deny_all;        /* robots.txt could not be had: nothing allowed */
    double crawl_delay;  /* seconds; 0 when none was given */
} robots;

/* Parse text for the product tokens agents[] (NULL-terminated). 0, or -1
 * if out of memory (out then allows nothing). */
int robots_parse(const char *text, size_t len, const char *const *agents, robots *out);
void robots_allow_all(robots *out);
void robots_deny_all(robots *out);
void robots_clear(robots *r);

/* 1 if path_query ("/a/b?c=d", as in the URL) may be fetched. */
int robots_allowed(const robots *r, const char *path_query);

#endif /* LASEARCH_FETCH_ROBOTS_H */
