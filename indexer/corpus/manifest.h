/*
 * manifest.h: corpus/manifest.tsv, the metadata known about each document.
 *
 * Tab-separated, '#' comments, a header line naming the columns:
 *   file  authority  kind  url  published
 * file is relative to the corpus root; authority any name or alias of a
 * council; kind "assessment", "summary" or "self-assessment"; url and
 * published (YYYY-MM-DD) optional. Empty cells mean "not known": the parser
 * then detects that facet itself.
 */
#ifndef LASEARCH_MANIFEST_H
#define LASEARCH_MANIFEST_H

#include <stddef.h>
#include "record.h"
#include "authority.h"

typedef struct manifest_entry {
    char *file;
    char *authority;  /* canonical name ("" unknown) */
    doc_kind kind;    /* KIND_UNKNOWN when not given */
    char *url;
    char *published;
    unsigned line;    /* its line in manifest.tsv */
} manifest_entry;

typedef struct manifest {
    manifest_entry *entries;   /* in the order of manifest.tsv */
    size_t n;
    const manifest_entry **by_file;  /* the same, sorted by file (n >= 2) */
} manifest;

/* Parse manifest text; authorities resolve aliases to canonical names. An
 * unknown council, an unknown kind, a duplicate file or a malformed line is
 * an error "label:line: what is wrong" in err and returns -1. */
int manifest_parse(const char *text, size_t len, const char *label,
                   const authority_table *authorities, manifest *out,
                   char *err, size_t errlen);
int manifest_load(const char *path, const authority_table *authorities,
                  manifest *out, char *err, size_t errlen);
void manifest_clear(manifest *m);

/* The entry for file (relative path), or NULL. O(log n): every file of a
 * corpus is looked up, and a corpus of a million paragraphs lists 31,000. */
const manifest_entry *manifest_find(const manifest *m, const char *file);

#endif /* LASEARCH_MANIFEST_H */
