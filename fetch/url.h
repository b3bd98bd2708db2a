/*
 * url.h: URLs as lasearch-fetch compares, requests and files them.
 *
 * Every URL the fetcher handles goes through url_canon() first, so that one
 * page reached by two spellings ("HTTP://Host:80/a/./b#x", "/a/b") is one
 * page: http or https only, no credentials, no fragment, the host in lower
 * case, the default port dropped, dot segments resolved, and the bytes a URL
 * may not hold (spaces, non-ASCII, quotes, '<', '>') percent-encoded.
 * Parsing and resolving are libcurl's (the CURLU API), the same code that
 * will make the request.
 *
 * Ownership: strings returned through out-parameters are malloc()ed and the
 * caller frees them. Thread-safe (no shared state).
 */
#ifndef LASEARCH_FETCH_URL_H
#define LASEARCH_FETCH_URL_H

#include <stddef.h>

typedef enum url_status {
    URL_OK = 0,
    URL_BAD,       /* not a URL libcurl can parse, or it holds credentials */
    URL_SCHEME,    /* a URL, but not http or https (file:, mailto:, ftp:) */
    URL_NOMEM
} url_status;

/* ref resolved against base (base NULL: ref must be absolute), in canonical
 * form, into *out. On any status but URL_OK *out is NULL. */
url_status url_canon(const char *base, const char *ref, char **out);

/* The parts of a canonical URL the fetcher needs. */
typedef struct url_parts {
    char *scheme;   /* "http" or "https" */
    char *host;     /* lower case; an IPv6 address keeps its brackets */
    unsigned port;  /* 0 when it is the scheme's default */
    char *path;     /* starts with '/' */
    char *query;    /* without '?', NULL when there is none */
} url_parts;

/* Split a URL (canonical or not). URL_OK, or another status with *out
 * zeroed. */
url_status url_split(const char *url, url_parts *out);
void url_parts_clear(url_parts *p);

/* "scheme://host[:port]", the site a robots.txt speaks for; NULL if url
 * does not parse or out of memory. */
char *url_origin(const char *url);

/* 1 if url lies under prefix: it starts with it byte for byte (both
 * canonical, so "https://x.org/reports/" holds ".../reports/ealing"). */
int url_under(const char *url, const char *prefix);

#endif /* LASEARCH_FETCH_URL_H */
