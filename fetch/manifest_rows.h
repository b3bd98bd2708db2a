/*
 * manifest_rows.h: lasearch-fetch's edits of DIR/manifest.tsv.
 *
 * The fetcher owns the rows of the files it fetched and nothing else:
 * every other line (comments, blank lines, rows of files added by hand)
 * is written back byte for byte. A new manifest gets the header
 *   file<TAB>authority<TAB>kind<TAB>url<TAB>published
 * exactly (what indexer/corpus/manifest.c has always read). An existing
 * header is kept as it is, whatever its order, case or other columns
 * (section, score, a spreadsheet's own): the fetcher fills its four
 * columns in that layout, and appends any of them the header lacks (rows
 * then get an empty cell for each). A header without a file column is an
 * error: no row could be told apart. Files are compared as the indexer
 * compares them: "./documents/x", "documents/x" and "x" are one file.
 *
 * A fetched file's row gets the page's url and the date the server stated
 * (Last-Modified, as YYYY-MM-DD); authority and kind only when its source
 * gives them, so what a person wrote into a row the source leaves open is
 * kept. The file is rewritten atomically (store_put), and only when its
 * text changed.
 *
 * Ownership: rows_clear() frees everything; safe on a zeroed value.
 */
#ifndef LASEARCH_FETCH_MANIFEST_ROWS_H
#define LASEARCH_FETCH_MANIFEST_ROWS_H

#include <stddef.h>

#include "strmap.h"

#define MANIFEST_NAME "manifest.tsv"
#define MANIFEST_HEADER "file\tauthority\tkind\turl\tpublished"

enum { ROW_FILE, ROW_AUTHORITY, ROW_KIND, ROW_URL, ROW_PUBLISHED, ROW_NCOLS };

typedef struct manifest_line {
    char *raw;                  /* as read, without its line break */
    char **cell;                /* a row's cells, one per header column */
    int is_row, is_header, dirty, dead;
} manifest_line;

typedef struct manifest_rows {
    manifest_line *v;
    size_t n, cap;
    char **names;               /* the header's columns, as written */
    size_t ncols;
    int col[ROW_NCOLS];         /* where each of ours is among them */
    int header_dirty;           /* columns appended, or a new header */
    char *old_text;             /* as read ("" when there was none) */
    strmap by_file;             /* -> index into v */
} manifest_rows;

/* Read DIR/manifest.tsv (none yet: only a header will be written). 0, or
 * -1 with err (unreadable, a header without a file column). */
int rows_load(int rootfd, manifest_rows *m, char *err, size_t errlen);

/* The cell col of file's row, or NULL when file has no row. */
const char *rows_get(const manifest_rows *m, const char *file, int col);

/* Make file's row say this; authority, kind, published NULL or "" leave
 * what the row has. 0, or -1 if out of memory. */
int rows_set(manifest_rows *m, const char *file, const char *authority, const char *kind,
             const char *url, const char *published);

/* Remove file's row (its file left the corpus). 1 removed, 0 none. */
int rows_remove(manifest_rows *m, const char *file);

/* Write DIR/manifest.tsv atomically if its text changed. 0, or -1 with
 * err. */
int rows_save(int rootfd, manifest_rows *m, char *err, size_t errlen);

void rows_clear(manifest_rows *m);

#endif /* LASEARCH_FETCH_MANIFEST_ROWS_H */
