/*
 * manifest.h: corpus/manifest.tsv, the metadata known about each document.
 *
 * Tab-separated, '#' comments, and a header line naming the columns, in
 * any order, by these names (any case):
 *   file       the document: a path relative to the corpus root, with or
 *              without the "documents/" its documents live under
 *              ("documents/001.txt" and "001.txt" name one file)
 *   authority  any name or alias of a council
 *   kind       "assessment", "summary" or "self-assessment"
 *   url        where it was published (http:// or https://)
 *   published  its date: YYYY-MM-DD, or YYYY-MM or YYYY when that is all
 *              that is known
 *   section    the quality statement it is about (as section: takes it)
 *   score      its score, 1 to 4
 *   rating     the overall rating: Outstanding, Good, Requires
 *              improvement, Inadequate
 * Given cells replace what the parser finds in the document; section and
 * score only on a quality statement's page (elsewhere they are a warning),
 * and a score that disagrees with the page's own is a warning too.
 * Only file is required. A column of any other name is ignored, with a
 * warning (m->warnings), so a spreadsheet's own columns can stay. Empty
 * cells mean "not known": the parser then detects that facet itself.
 */
#ifndef LASEARCH_MANIFEST_H
#define LASEARCH_MANIFEST_H

#include <stddef.h>
#include "record.h"
#include "authority.h"

typedef struct manifest_entry {
    char *file;       /* as written (less any "./") */
    char *authority;  /* canonical name ("" unknown) */
    doc_kind kind;    /* KIND_UNKNOWN when not given */
    char *url;        /* "" unknown */
    char *published;  /* YYYY-MM-DD, YYYY-MM or YYYY; "" unknown */
    int section;      /* section.h index; -1 unknown */
    int score;        /* 1..4; 0 unknown */
    char *rating;     /* canonical ("Requires improvement"); "" unknown */
    unsigned line;    /* its line in manifest.tsv */
} manifest_entry;

typedef struct manifest {
    manifest_entry *entries;   /* in the order of manifest.tsv */
    size_t n;
    const manifest_entry **by_file;  /* the same, sorted by file (n >= 2) */
    char **warnings;           /* "label:line: what was ignored", for the
                                  caller to show: unknown columns */
    size_t n_warnings;
} manifest;

/* Parse manifest text; authorities resolve aliases to canonical names. An
 * unknown council, kind, statement, score or rating, a bad url or date, a
 * duplicate file (with or without "documents/"), a header without a file
 * column or naming one twice, or a row with more cells than the header is
 * an error "label:line: what is wrong" in err and returns -1. */
int manifest_parse(const char *text, size_t len, const char *label,
                   const authority_table *authorities, manifest *out,
                   char *err, size_t errlen);
int manifest_load(const char *path, const authority_table *authorities,
                  manifest *out, char *err, size_t errlen);
void manifest_clear(manifest *m);

/* The entry for file (relative path, as the corpus walk gives it), or
 * NULL; a row written without the "documents/" prefix matches the file
 * with it, and the other way round. O(log n): every file of a corpus is
 * looked up, and a corpus of a million paragraphs lists 31,000. */
const manifest_entry *manifest_find(const manifest *m, const char *file);

/* The rows that name none of files[0..n) (the corpus's relative paths):
 * stored in out[] (room for m->n), in the file's order; returns how many.
 * -1 if out of memory. Each deserves a warning: its metadata is lost. */
long manifest_unmatched(const manifest *m, const char *const *files, size_t n,
                        const manifest_entry **out);

/* The warning for an unmatched row e, "label:line: ...", into buf. */
void manifest_unmatched_message(const manifest_entry *e, const char *label, char *buf,
                                size_t len);

#endif /* LASEARCH_MANIFEST_H */
