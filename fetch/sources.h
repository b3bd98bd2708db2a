/*
 * sources.h: DIR/sources.tsv, where lasearch-fetch looks for reports.
 *
 *   url  follow  [authority]  [kind]
 *
 * Tab-separated, '#' lines comments, the first other line a header naming
 * the columns (any order; url and follow required, nothing else allowed).
 * url is a start page; follow a URL prefix: links under it are fetched,
 * nothing else. authority and kind, when given, are written into
 * manifest.tsv for every document fetched from that row: the authority
 * must be a council's name or alias (checked against authorities.tsv when
 * a table is given, and written as its canonical name), the kind one the
 * indexer knows (assessment, summary, self-assessment, other).
 *
 * Ownership: sources_clear() frees everything; safe on a zeroed value.
 */
#ifndef LASEARCH_FETCH_SOURCES_H
#define LASEARCH_FETCH_SOURCES_H

#include <stddef.h>

#include "authority.h"

#define SOURCES_NAME "sources.tsv"

typedef struct source {
    char *url;         /* canonical */
    char *follow;      /* canonical */
    char *authority;   /* canonical name, "" when not given */
    char *kind;        /* "" when not given */
    unsigned line;
} source;

typedef struct sources {
    source *v;
    size_t n;
} sources;

/* Parse text (label names it in errors). authorities may be NULL (the
 * authority is then written as given). 0, or -1 with "label:line: what is
 * wrong" in err. No rows is an error: there would be nothing to fetch. */
int sources_parse(const char *text, size_t len, const char *label,
                  const authority_table *authorities, sources *out, char *err,
                  size_t errlen);
void sources_clear(sources *s);

#endif /* LASEARCH_FETCH_SOURCES_H */
