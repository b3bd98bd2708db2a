/*
 * feed.h: a search as an Atom feed (RFC 4287), for /feed?q=QUERY.
 *
 * The search runs like any other (a worker, the one search core), sorted
 * newest first (SORT_NEWEST: the generation in which each paragraph's text
 * first appeared) with full matches only; feed_atom turns its JSON answer
 * into the feed. Each entry is one paragraph as its text now stands: its id
 * is the paragraph's and its generation (a paragraph whose text changes is
 * a new entry, as it is new to --since), updated is when that generation
 * was made, the link goes to the source (#page=N for a PDF) or, without
 * one, to the search page showing that paragraph, and the summary is the
 * text, escaped. The feed's updated is its newest entry's, or the index's
 * publication time when nothing matches.
 *
 * Ownership: feed_atom's *out is malloc()ed, the caller frees it.
 * Untrusted input: everything from the answer (stored text) is escaped;
 * characters XML 1.0 cannot carry are dropped.
 */
#ifndef LASEARCH_SERVE_FEED_H
#define LASEARCH_SERVE_FEED_H

#include <stddef.h>

#include <jansson.h>

#define FEED_TYPE "application/atom+xml; charset=utf-8"
#define FEED_ENTRIES 50     /* entries in a feed */

/* The Atom document for query's answer (lasearch-query --json's object);
 * published: the index's publication time (seconds since the epoch), for
 * a feed without entries. 0, or -1 out of memory. */
int feed_atom(const json_t *answer, const char *query, long long published, char **out,
              size_t *len);

#endif /* LASEARCH_SERVE_FEED_H */
