/*
 * pdf_internal.h: the PDF reader's private interface, shared by its files
 * and by nothing else (the public one is pdf.h, which states the rules).
 *
 * Poppler gives, per page, the text in its own reading order, one box per
 * character and font runs. From them, in this order:
 *   1. segments: runs of characters on one line, split where a gap is too
 *      wide to be a word space (a column gutter, a table cell)
 *      (pdf_segments.c);
 *   2. running headers, footers and page numbers are marked dropped (this
 *      needs every page, so all segments are kept until the end)
 *      (pdf_furniture.c);
 *   3. per page, columns are found from a gutter, segments put in reading
 *      order and joined into lines (pdf_columns.c);
 *   4. lines of the whole document, one flow, become blocks: paragraphs,
 *      items, runs over column and page breaks, hyphens (pdf_paragraphs.c);
 *   5. blocks in a larger or bold font become headings, levels by size
 *      (pdf_paragraphs.c).
 * pdf.c opens the document, runs the steps and writes the blocks out.
 * Errors are sticky (SQLite's fts5 style): a helper that fails sets
 * pdf_reader.rc and every later helper does nothing, so pdf_read reads
 * straight down and checks once.
 *
 * The files, each calling only those listed after it:
 *   pdf.c             entry points: pdf_sniff, pdf_read (poppler's document
 *                     and pages, its messages, limits, facts, the blocks out)
 *   pdf_paragraphs.c  steps 4 and 5: lines -> blocks, headings
 *   pdf_columns.c     step 3: columns, reading order, lines
 *   pdf_furniture.c   step 2: running headers, footers, page numbers
 *   pdf_segments.c    step 1: poppler's characters -> segments
 *   pdf_text.c        characters: ligatures, odd spaces, invisibles, UTF-8
 *   pdf_buf.c         memory under the limits: the text buffer, arrays,
 *                     notes
 *
 * Threads: nothing here is shared between calls; every function works on
 * what it is given.
 */
#ifndef LASEARCH_PDF_INTERNAL_H
#define LASEARCH_PDF_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <poppler.h>

#include "blocks.h"
#include "pdf.h"

/* ===================================================================== */
/* Tuning: every length below is in points unless it says em (the font   */
/* size of the line concerned).                                          */
/* ===================================================================== */

#define BAND 0.08             /* header / footer band: this share of the
                                 page height at its top and at its bottom */
#define BAND_MIN 48.0         /* ... and at least this high */
#define SPLIT_GAP_EM 1.5      /* a gap this wide inside a poppler line
                                 splits it: wider than any word space */
#define GUTTER_MIN 8.0        /* narrowest column gutter */
#define GUTTER_COVER 0.10     /* a gutter may be crossed by text this high
                                 (share of the page's text height): a
                                 title set across both columns */
#define COLUMN_FILL 0.20      /* each column's text covers at least this
                                 share of the page's text height */
#define MAX_COLUMNS 4
#define INDENT_TOL_EM 0.3     /* lines start "at the same x" within this */
#define FIRST_INDENT_EM 4.0   /* widest first-line indentation */
#define GAP_FACTOR 1.25       /* a baseline step this much over the usual
                                 line spacing ends a paragraph */
#define SPACE_EM 0.25         /* narrowest word space, for "short line" */
#define HEADING_MAX_BYTES 300 /* a longer bold or large paragraph is text */
#define NOTE_BYTES 160        /* longest poppler message kept */
#define MAX_SEGMENTS 1000000  /* pieces of lines in a document (about 130
                                 bytes each): a real one has some 100,000 */

/* ===================================================================== */
/* Shared state                                                          */
/* ===================================================================== */

/* pdf_reader.rc: the sticky error. */
enum { RC_OK, RC_NOMEM, RC_TOOBIG, RC_DAMAGED };

/* A growable NUL-terminated text buffer, capped at PDF_MAX_TEXT_BYTES.
 * Zeroed is empty; p is freed with free(). */
typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

/* A run of text on one line: from one poppler line, split at wide gaps;
 * after step 3, a whole line of one column. y grows downwards. */
typedef struct seg {
    double x0, y0, x1, y1;
    double size;        /* font size of most of its characters; 0 unknown */
    double first_w;     /* width of its first word */
    double second_x;    /* where its second word starts (x1 if none) */
    double col_left, col_right;  /* its column's edges (step 3) */
    size_t off, len;    /* its text in pdf_reader.text */
    unsigned page;      /* 1-based */
    int col;            /* 0-based column; -1 spans the columns */
    int ncols;          /* columns on its page */
    int sect;           /* band of the page between spanning lines */
    unsigned char bold, dropped;
} seg;

typedef struct page_info {
    double w, h;
    size_t first, n;    /* its segments in pdf_reader.segs */
    double cuts[MAX_COLUMNS - 1];  /* x of its column gutters, ascending */
    int ncuts;
} page_info;

/* One pdf_read call's state, zeroed, then given n_pages and pages (a
 * zeroed page_info for each). Freed by pdf.c. */
typedef struct pdf_reader {
    int rc;
    char note[NOTE_BYTES + 32];  /* what RC_DAMAGED says */
    sbuf text;              /* segment and line text */
    seg *segs;
    size_t n_segs, cap_segs;
    page_info *pages;
    unsigned n_pages;
    seg *lines;             /* step 3's output, in reading order */
    size_t n_lines, cap_lines;
    char **notes;           /* for out->dropped */
    size_t n_notes, cap_notes;
    int dropped_pagenums;
    double pitch;           /* usual baseline step, in em */
    int body_key;           /* body text size, in half points */
} pdf_reader;

/* A block being built, and those done. */
typedef struct pblock {
    block_kind kind;
    int level;
    size_t off, len;    /* text in btext */
    unsigned page;
    int col, ncols;
    double size;
    int bold;
    double indent;      /* where its later lines start, from the left
                           edge of their column (it moves to the next) */
    unsigned lines;
} pblock;

/* Steps 4 and 5's output: the blocks, their text in btext. Zeroed is
 * empty; freed by pdf.c. */
typedef struct assembler {
    sbuf btext;
    pblock *v;
    size_t n, cap;
} assembler;

/* Our own min and max, so that the reader does not need libm for them. */
static inline double dmin(double a, double b) { return a < b ? a : b; }
static inline double dmax(double a, double b) { return a > b ? a : b; }
static inline double dabs(double a) { return a < 0 ? -a : a; }

/* v within [lo, hi]; lo when v is not finite. */
static inline double clampd(double v, double lo, double hi)
{
    if (!isfinite(v))
        return lo;
    return v < lo ? lo : v > hi ? hi : v;
}

/* ===================================================================== */
/* Interface to code in pdf_buf.c                                        */
/* ===================================================================== */

/* Append s[0..n) to b; on failure sets *rc (unless already set): RC_TOOBIG
 * past PDF_MAX_TEXT_BYTES, RC_NOMEM. Does nothing once *rc is set. s must
 * not point into b (see pdf_sbuf_copy). */
void pdf_sbuf_add(sbuf *b, const char *s, size_t n, int *rc);

/* Append b's own bytes [off, off + n): safe when b moves as it grows.
 * Fails as pdf_sbuf_add does. */
void pdf_sbuf_copy(sbuf *b, size_t off, size_t n, int *rc);

/* Grow *v, an array of *cap elements of size el holding n, to hold one
 * more: 0, or -1 when *rc is already set or memory runs out (then set to
 * RC_NOMEM). */
int pdf_grow(void **v, size_t *cap, size_t n, size_t el, int *rc);

/* Keep a note for out->dropped (printf-style, at most 511 bytes); sets
 * R->rc when memory runs out, does nothing once it is set. */
void pdf_add_note(pdf_reader *R, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ===================================================================== */
/* Interface to code in pdf_text.c                                       */
/* ===================================================================== */

/* One character of poppler's text at s[0..n) (n >= 1): bytes used (at
 * least 1) and the code point in *cp, U+FFFD when invalid. One character
 * per layout box, so a bad sequence is consumed the way it was written
 * (lead byte and its continuation bytes), never byte by byte. */
size_t pdf_next_char(const char *str, size_t n, int32_t *cp);

/* 1 for the spaces that are not ' ' (NBSP, U+2000..200A, U+202F, U+205F,
 * U+3000, U+1680, tab): they read as one. */
int pdf_is_odd_space(int32_t c);

/* Characters that carry nothing: controls, zero-width spaces, BOM. */
int pdf_is_invisible(int32_t c);

/* Append c to b as the reader's text has it: ligatures spelt out,
 * symbol-font bullets as real bullets. Spaces and invisibles are the
 * caller's business. Fails as pdf_sbuf_add does. */
void pdf_put_char(sbuf *b, int32_t c, int *rc);

/* The first code point of s[0..n); 0 when n is 0. */
int32_t pdf_first_cp(const char *s, size_t n);

/* The last code point of s[0..n) (0 when n is 0) and, when at is not
 * NULL, where it starts. */
int32_t pdf_last_cp(const char *s, size_t n, size_t *at);

/* 1 for a lowercase letter (Unicode category Ll). */
int pdf_is_lower(int32_t c);

/* 1 for a letter (Unicode categories Lu..Lo). */
int pdf_is_letter(int32_t c);

/* Spaces collapsed and trimmed around line breaks, in place; new length. */
size_t pdf_tidy(char *s, size_t n);

/* ===================================================================== */
/* Interface to code in pdf_segments.c                                   */
/* ===================================================================== */

/* Step 1 for page pno (1-based): poppler's text, boxes and fonts ->
 * segments appended to R->segs (text in R->text), the page's size and
 * segments in R->pages[pno - 1]. At most PDF_MAX_PAGE_CHARS characters
 * (the rest noted), at most MAX_SEGMENTS segments in all (RC_TOOBIG). */
void pdf_read_page(pdf_reader *R, PopplerPage *page, unsigned pno);

/* ===================================================================== */
/* Interface to code in pdf_furniture.c                                  */
/* ===================================================================== */

/* Step 2, over every page's segments: running headers and footers (the
 * same text in the same place in the top or bottom band on enough pages)
 * and page numbers marked dropped, each kind noted once. R->text is as it
 * was after (the masked keys written after the text are forgotten). */
void pdf_drop_headers(pdf_reader *R);

/* ===================================================================== */
/* Interface to code in pdf_columns.c                                    */
/* ===================================================================== */

/* Columns of every page (R->pages[].cuts): its own gutters, or where it
 * shows none, the document's usual ones if they fit it. */
void pdf_detect_columns(pdf_reader *R);

/* Step 3 for page pno, after pdf_detect_columns: its segments that are
 * not dropped, in reading order (bands between lines spanning the
 * columns, then column by column, top down), joined into lines appended
 * to R->lines, each with its column's edges. */
void pdf_order_page(pdf_reader *R, unsigned pno);

/* After every page is ordered: a page's last column may hold a few short
 * lines, which would make its right edge look too far left; where a
 * layout (columns, which one) has a usual right edge over the document, a
 * column's edge is made at least that, and its left edge at most the
 * usual one. */
void pdf_usual_edges(pdf_reader *R);

/* ===================================================================== */
/* Interface to code in pdf_paragraphs.c                                 */
/* ===================================================================== */

/* R->pitch and R->body_key from the whole document: the usual baseline
 * step (em), the most common step between consecutive lines of one column
 * in one size, among steps a line (not a paragraph gap) could have; and
 * the size most of the text is in. */
void pdf_measure_document(pdf_reader *R);

/* Step 4, after pdf_measure_document: R->lines, one flow, into blocks in
 * A (paragraphs and items, joined over column and page breaks,
 * hyphenated words rejoined; pdf.h has the rules). */
void pdf_assemble(pdf_reader *R, assembler *A);

/* Step 5: paragraphs in a larger or bold font (and not too long) become
 * headings; levels by size (larger first), bold body text after, at most
 * 6. */
void pdf_find_headings(pdf_reader *R, assembler *A);

#endif /* LASEARCH_PDF_INTERNAL_H */
