/*
 * links.h: the links of a web page, as canonical absolute URLs.
 *
 * The page is parsed with libxml2's HTML parser (it recovers from any
 * markup, and reads the page's own charset); the links are the href of
 * every <a> and <area>, resolved against the page's <base href> when it
 * has one, else against its URL, and made canonical by url_canon(). Links
 * that are not http or https (mailto:, javascript:, file:) or do not parse
 * are left out; so is everything past the first LINKS_MAX. The order is
 * the page's, repeats included (the caller keeps its own visited set).
 *
 * Cost is bounded by the page's size (the caller caps it) and LINKS_MAX;
 * the tree is walked without recursion, whatever the nesting.
 * Ownership: links_clear() frees the list; safe on a zeroed value. Call
 * xmlInitParser() once in main before any thread uses libxml2.
 */
#ifndef LASEARCH_FETCH_LINKS_H
#define LASEARCH_FETCH_LINKS_H

#include <stddef.h>

#define LINKS_MAX 20000

typedef struct link_list {
    char **v;
    size_t n;
} link_list;

/* 0, or -1 if out of memory (out then empty). A page libxml2 cannot make
 * anything of has no links: 0 with out->n == 0. */
int links_extract(const char *html, size_t len, const char *page_url, link_list *out);
void links_clear(link_list *l);

#endif /* LASEARCH_FETCH_LINKS_H */
