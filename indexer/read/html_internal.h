/*
 * html_internal.h: the HTML reader's private interface, shared by its files
 * and by nothing else (the public one is html.h, which states the rules).
 *
 * How a page is read. The bytes are decoded to clean UTF-8 first, not by
 * libxml2 (html_charset.c): libxml2 2.9 falls back to ISO-8859-1 rather than
 * Windows-1252 on bytes that are not UTF-8, reads a declared ISO-8859-1 as
 * ISO-8859-1 (so cp1252's dashes and quotes become C1 controls), and prints
 * iconv errors to stderr. libxml2's HTML parser then builds the tree, told
 * the input is UTF-8 and to ignore the page's own declaration (html.c).
 * Last, the tree is walked twice (html_content.c): a pre-pass for the facts
 * (html_facts.c), <main> and the h1, then the content walk (html_walk.c),
 * which skips furniture (html_furniture.c) and opens and closes one block
 * at a time (html_blocks.c) over text collected as it arrives
 * (html_text.c).
 *
 * The files, each calling only those listed after it:
 *   html.c            entry points: html_sniff, html_read (libxml2 parse,
 *                     its errors silenced, the two passes, limits noted)
 *   html_content.c    which part of the page is read: <main>, the h1, the
 *                     body; the pre-pass
 *   html_walk.c       the content walk: each element's structural meaning
 *   html_facts.c      title, canonical, published and updated dates
 *   html_blocks.c     the block being gathered, and the reader's notes
 *   html_furniture.c  what is page furniture: roles, class/id words,
 *                     hidden elements, stock lines
 *   html_elements.c   what each element is; reading libxml2's nodes
 *   html_text.c       a block's text: white space collapsed, clean UTF-8
 *   html_charset.c    the document's bytes as clean UTF-8
 *   html_bytes.c      growable strings, ASCII comparisons, UTF-8 code points
 *
 * Threads: nothing here is shared between calls; every function works on
 * what it is given.
 */
#ifndef LASEARCH_HTML_INTERNAL_H
#define LASEARCH_HTML_INTERNAL_H

#include <stddef.h>

#include <libxml/tree.h>

#include "blocks.h"
#include "html.h"

/* How far the charset prescan and html_sniff look. */
#define SCAN_BYTES (64 * 1024)

/* ===================================================================== */
/* ASCII character classes (inline: the byte loops everywhere use them)  */
/* ===================================================================== */

static inline int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline int ascii_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline int ascii_alpha(int c)
{
    c = ascii_lower(c);
    return c >= 'a' && c <= 'z';
}

static inline int ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* ===================================================================== */
/* Interface to code in html_bytes.c                                     */
/* ===================================================================== */

/* A growable NUL-terminated byte string. A zeroed one is empty and valid;
 * p stays NULL until something is added. */
typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

/* 1 when s[0..n) starts with lit, ASCII case ignored. */
int html_ci_starts(const unsigned char *s, size_t n, const char *lit);

/* 1 when a and b are equal, ASCII case ignored. */
int html_ci_equal(const char *a, const char *b);

/* Room in b for more bytes and a NUL: 0, or -1 when memory runs out or
 * the size would overflow (b unchanged). */
int html_sb_grow(strbuf *b, size_t more);

/* Append s[0..n) to b, keeping it NUL-terminated: 0, or -1 (out of
 * memory; b unchanged). */
int html_sb_add(strbuf *b, const void *s, size_t n);

/* Append the code point cp (< 0x110000) as UTF-8: 0, or -1. */
int html_sb_add_cp(strbuf *b, long cp);

/* Free b's bytes and zero it; safe on a zeroed strbuf. */
void html_sb_free(strbuf *b);

/* The code point at s[0..n) (n >= 1), its length in *len; -1 with length 1
 * when the bytes are not well-formed UTF-8 (overlong, surrogate, beyond
 * U+10FFFF, cut short). */
long html_utf8_decode(const unsigned char *s, size_t n, size_t *len);

/* The offset just past the first end at or after s[p] in s[0..n); n when
 * there is none. */
size_t html_skip_past(const unsigned char *s, size_t n, size_t p,
                      const char *end);

/* ===================================================================== */
/* Interface to code in html_charset.c                                   */
/* ===================================================================== */

/* The document as clean UTF-8 in out (appended; no NUL bytes, malformed
 * input as U+FFFD): by its BOM, else its <meta> (in the first SCAN_BYTES),
 * else UTF-8 when that is what it is, else Windows-1252. ISO-8859-1 and
 * US-ASCII labels read as Windows-1252, other labels through iconv. 0, or
 * -1 when memory runs out (out holds part, for html_sb_free). */
int html_decode(const unsigned char *s, size_t n, strbuf *out);

/* Windows-1252's character for a C1 code point (U+0080..U+009F) where it
 * has one, else cp itself. Decoded text has C1 controls only from
 * mislabelled cp1252 or from &#150;-style references (HTML5 maps those
 * the same way). */
long html_cp1252_c1(long cp);

/* ===================================================================== */
/* Interface to code in html_text.c                                      */
/* ===================================================================== */

/* A block's (or a cell's) text, white space collapsed as it arrives: a
 * space is owed, not written, until a visible character follows. Zeroed is
 * empty; s is freed with html_sb_free. */
typedef struct textbuf {
    strbuf s;
    int space;
} textbuf;

/* Empty t, keeping its memory. */
void html_tb_reset(textbuf *t);

/* 1 when t's text so far ends with a line break. */
int html_tb_ends_newline(const textbuf *t);

/* A line break: written once, never first; the owed space is forgotten.
 * 0, or -1 when memory runs out. */
int html_tb_newline(textbuf *t);

/* Append UTF-8 from libxml2 (checked again all the same: malformed bytes
 * become U+FFFD, C1 controls their Windows-1252 characters): runs of white
 * space (nbsp and the Unicode spaces too) become one owed space, controls,
 * soft hyphens and zero widths are dropped; pre keeps '\n' as a line
 * break. 0, or -1 when memory runs out. */
int html_tb_append(textbuf *t, const char *text, size_t n, int pre);

/* The text, trailing line breaks cut (t is trimmed in place), its length
 * in *len; "" when empty. Owned by t, valid until t changes. */
const char *html_tb_text(textbuf *t, size_t *len);

/* 1 when s[0..len) has something to show (not only white space and
 * nbsp). */
int html_has_visible(const char *s, size_t len);

/* ===================================================================== */
/* Interface to code in html_elements.c                                  */
/* ===================================================================== */

typedef enum elem_class {
    E_INLINE,  /* gives its text to the enclosing block */
    E_SILENT,  /* dropped without a note (script, style, head...) */
    E_DROP,    /* dropped with a note (nav, footer, form...) */
    E_HEADING, /* h1..h6 */
    E_PARA,    /* p and its kin: one paragraph */
    E_ITEM,    /* li */
    E_LIST,    /* ul, ol, dl: end the enclosing block, items follow */
    E_TABLE,
    E_ROW,
    E_CELL,
    E_BOX,     /* div, section...: its bare text runs are paragraphs */
    E_BR,
    E_HR,
    E_VOID     /* no text: img, input */
} elem_class;

typedef struct elem_info {
    const char *name; /* static: used as a block's where */
    elem_class cls;
} elem_info;

/* What element n is, by its name: a static entry; an unknown name is
 * E_INLINE with name "". */
const elem_info *html_elem_lookup(const xmlNode *n);

/* 1 when n is an element named name (lowercase). n may be NULL. */
int html_elem_is(const xmlNode *n, const char *name);

/* An attribute's value (libxml2's HTML parser lowercases names), "" when
 * it has none, NULL when absent. Not a copy: owned by the tree. */
const char *html_attr(const xmlNode *n, const char *name);

/* n's source line (libxml2 keeps at most 65535); 0 unknown or n NULL. */
unsigned html_line_of(const xmlNode *n);

/* 1 when ancestor is node or one of its ancestors. */
int html_contains(const xmlNode *ancestor, const xmlNode *node);

/* The next node after n in document order inside top, not entering n's
 * children unless descend: a walk with no recursion. NULL at the end. */
xmlNodePtr html_next_in(xmlNodePtr n, const xmlNode *top, int descend);

/* 1 when v, a list of tokens separated by white space, holds token (ASCII
 * case ignored), as rel="canonical" or role="main". */
int html_has_token(const char *v, const char *token);

/* ===================================================================== */
/* Interface to code in html_furniture.c                                 */
/* ===================================================================== */

/* 1 when element n (e its entry) is page furniture: an E_DROP element
 * (nav, footer, form...), hidden, in a furniture role, or with a class or
 * id naming furniture; why (cap bytes) says which, for the note ("" for an
 * E_DROP element other than nav). Silent elements (script...) and what
 * must be kept all the same (the main, the h1) are the caller's business.
 * 0 when n is not furniture (why may still have been written). */
int html_furniture_why(const xmlNode *n, const elem_info *e, char *why,
                       size_t cap);

/* Why n is hidden from readers (hidden, aria-hidden, display:none), into
 * why; 0 when it is not. */
int html_hidden_why(const xmlNode *n, char *why, size_t cap);

/* 1 when n's class (or, but for headings, whose ids are made from their
 * text, its id) names furniture, the attribute and a printable copy of its
 * value into why; else 0. cls is n's class. */
int html_class_why(const xmlNode *n, elem_class cls, char *why, size_t cap);

/* 1 when t[0..len) is a line that is page furniture whatever element holds
 * it ("Skip to main content", "Back to top", "Cookies on ..."). */
int html_stock_line(const char *t, size_t len);

/* ===================================================================== */
/* Interface to code in html_blocks.c                                    */
/* ===================================================================== */

/* The block being gathered. */
typedef struct open_block {
    int open;
    block_kind kind;
    int level;
    unsigned line;
    const char *where;
    int implicit; /* a run of a box's bare text */
    int pre;      /* keep line breaks */
} open_block;

/* One html_read call's state, zeroed and then given out and limit. Once
 * err is set (out of memory) nothing more goes into out; once stop is set
 * (a limit reached) no more blocks do, and the walk ends. */
typedef struct html_reader {
    doc_blocks *out;
    int err;            /* sticky: -1 once out of memory */
    int stop;           /* a limit was reached: add nothing more */
    size_t used, limit; /* bytes of block text so far, and the cap */
    size_t notes_over;  /* notes past HTML_MAX_NOTES, counted only */
    open_block b;
    textbuf text;       /* the open block's text, or the current cell's */
    int row;            /* inside a tr */
    unsigned row_line;
    strbuf rowtext;     /* the row's cells so far */
    const char *box;    /* where for bare text runs */
    const xmlNode *main, *h1;
    int flattened;      /* noted that deep content was flattened */
} html_reader;

/* Add a note to out->dropped (printf-style, at most 511 bytes); past
 * HTML_MAX_NOTES notes only counted in notes_over. Sets err when memory
 * runs out. */
void html_note(html_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Open a block (the text so far is forgotten: flush first). implicit: a
 * run of a box's bare text; pre: keep line breaks. */
void html_block_open(html_reader *r, block_kind kind, int level,
                     unsigned line, const char *where, int implicit, int pre);

/* Close the open block, if any: its text, when there is some, becomes a
 * block in out (or a note, when it is a stock line), within the limits. */
void html_flush(html_reader *r);

/* A tr begins at line: the open block is flushed, cells gather from
 * here. */
void html_row_start(html_reader *r, unsigned line);

/* A cell ends: its text joins the row's (" | " between cells). */
void html_cell_end(html_reader *r);

/* The tr ends: its last cell, then the row as a BLOCK_ROW when it has
 * text. */
void html_row_end(html_reader *r);

/* 1 inside a block that takes other blocks' text (a p, li, dd, heading or
 * cell), rather than between blocks. */
int html_inside_block(const html_reader *r);

/* A block element's edge: a space in a cell or heading, a line break in a
 * p or li, the end of a bare text run. */
void html_soft_break(html_reader *r);

/* A text (or CDATA) node: its text to the open block or cell, or, between
 * blocks, the start of a bare text run in r->box. Stops the reader when the
 * text limit is reached. */
void html_on_text(html_reader *r, const xmlNode *n);

/* A <br>: a line break in the open block or cell; the second of two in a
 * row ends a bare text run (a new paragraph follows). Nothing between
 * blocks. */
void html_on_br(html_reader *r);

/* ===================================================================== */
/* Interface to code in html_facts.c                                     */
/* ===================================================================== */

/* Collect a fact from element n into r->out->facts: the first <title>
 * outside svg, the first <link rel=canonical>, the first published and
 * updated meta dates (YYYY-MM-DD; values that are not dates are passed
 * over). *have_title and *have_canonical say what is already taken (both
 * start 0). Sets r->err when memory runs out. */
void html_fact_from(html_reader *r, const xmlNode *n, int *have_title,
                    int *have_canonical);

/* ===================================================================== */
/* Interface to code in html_walk.c                                      */
/* ===================================================================== */

/* Read node n, at depth depth below where the walk began, and what it
 * holds into blocks: furniture dropped (and noted), deeper than
 * HTML_MAX_DEPTH flattened into the block at hand. Leaves a block open:
 * html_flush after the last call. */
void html_visit(html_reader *r, const xmlNode *n, int depth);

/* ===================================================================== */
/* Interface to code in html_content.c                                   */
/* ===================================================================== */

/* The pre-pass over the tree under root: the facts, and r->main, the first
 * <main> (or role=main) that is not hidden. */
void html_prepass(html_reader *r, const xmlNode *root);

/* Read the content into blocks: <main> when there is one (after the h1,
 * if that sits outside it), else the body. A <main> with no text (filled
 * in by script, say) does not count. Sets r->h1; notes what is skipped. */
void html_read_content(html_reader *r, const xmlNode *root);

#endif /* LASEARCH_HTML_INTERNAL_H */
