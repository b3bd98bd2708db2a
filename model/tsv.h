/*
 * tsv.h: the line reader shared by lasearch's small tab-separated files
 * (authorities.tsv, manifest.tsv, thesaurus.tsv).
 *
 * The format they share: one record a line, fields separated by TAB, blank
 * lines and lines starting with '#' skipped, "\n" or "\r\n" line endings.
 * Each field is trimmed of surrounding spaces, so a hand-aligned file still
 * reads the same. Rows point into the caller's text (nothing is copied), and
 * keep their line number so every error can say "file:line: ...".
 */
#ifndef LASEARCH_TSV_H
#define LASEARCH_TSV_H

#include <stddef.h>

/* More fields than any of our files needs; a line with more is an error. */
#define TSV_MAX_FIELDS 32

typedef struct tsv_field {
    const char *s;   /* into the text; not NUL-terminated */
    size_t len;
} tsv_field;

typedef struct tsv_row {
    unsigned line;                  /* 1-based line in the text */
    size_t n;                       /* number of fields (>= 1) */
    tsv_field f[TSV_MAX_FIELDS];    /* the first min(n, TSV_MAX_FIELDS) */
} tsv_row;

typedef struct tsv_reader {
    const char *p, *end;
    unsigned line;                  /* lines consumed so far */
} tsv_reader;

void tsv_init(tsv_reader *r, const char *text, size_t len);

/* The next row that is not blank or a comment. Returns 1 with *row filled,
 * 0 at the end of the text, or -1 when the line has more than
 * TSV_MAX_FIELDS fields (row->line and row->n still say where and how
 * many; reading may go on with the next line). */
int tsv_next(tsv_reader *r, tsv_row *row);

/* 1 if the field is exactly the NUL-terminated string s. */
int tsv_field_is(const tsv_field *f, const char *s);

/* A malloc()ed, NUL-terminated copy of the field, or NULL if out of memory. */
char *tsv_field_dup(const tsv_field *f);

/* Split a field on sep (e.g. ';' in a list of aliases) into at most max
 * trimmed, non-empty parts. Returns how many parts there are in all (which
 * may exceed max; only the first max are stored). */
size_t tsv_split(const tsv_field *f, char sep, tsv_field *parts, size_t max);

/* Write "label:line: message" (or "label: message" when line is 0) into
 * err, errlen bytes; err may be NULL. Returns -1, so a parser can end with
 * `return tsv_error(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int tsv_error(char *err, size_t errlen, const char *label, unsigned line,
              const char *fmt, ...);

#endif /* LASEARCH_TSV_H */
