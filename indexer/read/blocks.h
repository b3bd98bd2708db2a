/*
 * blocks.h: a document as every reader hands it on, whatever its format.
 *
 * Readers (text, HTML, PDF) turn a file's bytes into a list of blocks:
 * headings, paragraphs, list items and table rows, in reading order, each
 * knowing where it came from (line, element, page). The one parser
 * (parse.h) then turns blocks into paragraphs with facets, so a page's text,
 * its HTML and its PDF give the same paragraphs.
 *
 * A block's text is normalised only as far as the format demands (entities
 * decoded, ligatures and odd spaces made plain, hyphenation at line ends
 * joined); it may hold '\n' where the source had hard line breaks inside one
 * block (HTML <br>, a PDF line that ends short of the column). Strings are
 * UTF-8, NUL-terminated, never NULL ("" when absent), owned by the
 * doc_blocks.
 *
 * Ownership: doc_blocks_init, then readers append with doc_blocks_add;
 * doc_blocks_clear frees everything. Not shared between threads.
 * Errors: functions return 0, or -1 when out of memory (nothing leaks; the
 * doc_blocks stays valid and can be cleared).
 */
#ifndef LASEARCH_BLOCKS_H
#define LASEARCH_BLOCKS_H

#include <stddef.h>

typedef enum block_kind {
    BLOCK_HEADING = 1,   /* level 1..6 */
    BLOCK_PARAGRAPH,
    BLOCK_ITEM,          /* one list item */
    BLOCK_ROW            /* one table row: cells joined by " | " */
} block_kind;

typedef struct block {
    block_kind kind;
    int level;           /* headings: 1..6; else 0 */
    char *text;
    unsigned line;       /* 1-based source line where known (text, HTML); 0 */
    unsigned page;       /* 1-based PDF page; 0 for other formats */
    char *where;         /* element or place, for --inspect: "h2", "li",
                            "td", "p"; "" when nothing more to say */
} block;

/* What a document says about itself, outside its text. */
typedef struct doc_facts {
    char *title;         /* HTML <title>, PDF Title; "" */
    char *canonical;     /* HTML <link rel=canonical href>; "" */
    char *published;     /* YYYY-MM-DD from meta tags / PDF CreationDate; "" */
    char *updated;       /* YYYY-MM-DD from meta tags / PDF ModDate; "" */
    unsigned pages;      /* PDF page count; 0 for other formats */
} doc_facts;

typedef struct doc_blocks {
    block *v;
    size_t n, cap;
    doc_facts facts;
    /* Lines a reader dropped, for --inspect ("page 3: running header
     * \"Medway: local authority assessment\"", "nav: 12 links"), each a
     * malloc()ed string. */
    char **dropped;
    size_t n_dropped, cap_dropped;
} doc_blocks;

/* How a drop note that cut the document short ends: what comes after the
 * limit a reader met is lost, and a build says so as a warning. */
#define BLOCKS_NOTE_CUT "the rest was not read"

int doc_blocks_init(doc_blocks *d);
void doc_blocks_clear(doc_blocks *d);
/* Append a block; text is copied (len bytes), where copied. */
int doc_blocks_add(doc_blocks *d, block_kind kind, int level, const char *text,
                   size_t len, unsigned line, unsigned page, const char *where);
/* Record why something was not kept (printf-style). */
int doc_blocks_dropped(doc_blocks *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Replace one of facts' strings with a copy of value. */
int doc_facts_set(char **field, const char *value, size_t len);

/* The blocks, facts and drop notes as bytes (how a reader's child process
 * hands them back): "LAB1" then length-prefixed fields. *out is malloc()ed.
 * 0, or -1 out of memory. */
int doc_blocks_encode(const doc_blocks *d, char **out, size_t *len);
/* The inverse, into d (initialised here). Untrusted bytes: every length
 * and value is checked. 0, -1 when the bytes are not blocks, -2 out of
 * memory (d is then cleared). */
int doc_blocks_decode(const char *data, size_t len, doc_blocks *d);

#endif /* LASEARCH_BLOCKS_H */
