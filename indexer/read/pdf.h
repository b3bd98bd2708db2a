/*
 * pdf.h: the PDF reader. A PDF's bytes -> blocks (blocks.h), through
 * poppler-glib's text layer and a layout pass of our own.
 *
 * What it does with the page layout (each rule in the pdf_*.c file that
 * applies it; pdf_internal.h says which file does what):
 *  - characters are grouped into lines by their boxes, lines into columns
 *    (a vertical gutter with no text over most of the page makes two or
 *    more columns, read one after the other) and columns into paragraphs:
 *    a vertical gap wider than the document's usual line spacing, a change
 *    of indentation or of font (size or weight) ends a paragraph;
 *  - a line that ends short of its column's right edge (the next line's
 *    first word would have fitted) ends a source line: it stays as '\n'
 *    inside the block;
 *  - a paragraph in a larger font than the body text, or wholly bold,
 *    becomes a BLOCK_HEADING; level 1 is the largest such size in the
 *    document, then the next, bold body-size text last (at most 6);
 *  - a line starting with a bullet glyph and a space starts a BLOCK_ITEM,
 *    without the bullet; "-", "–", "—", "*" count as bullets only where the
 *    line does not simply carry on the previous one, "o" only with a wide
 *    (tab-like) gap after it;
 *  - a word hyphenated at a line's end is joined without its hyphen when
 *    the next line starts with a lowercase letter ("commis-" + "sioning");
 *    a real hyphen that happens to fall at a line's end is lost the same
 *    way ("person-" + "centred" -> "personcentred"): no dictionary, so the
 *    simple rule; a soft hyphen at a line's end is always joined;
 *  - a paragraph running on over a column or page break is one block,
 *    which keeps the page (and column) where it started: it runs on when
 *    its last line was not short and the next column's first line has the
 *    same font, is not a bullet and has the same indentation. Whether the
 *    last line ends a sentence is not asked: a full line that ends a
 *    sentence mostly continues its paragraph (one line in about twelve ends
 *    with a full stop; a paragraph's last line is rarely full). So a
 *    paragraph that does end on a full line at a column's foot is joined to
 *    the next one: nothing on the page tells the two apart;
 *  - text repeated in the same place in the top or bottom band (8% of the
 *    page height, at least 48 pt) on at least half of the pages (and at
 *    least 2) is a running header or footer and is dropped, as are page
 *    numbers there ("3", "Page 3", "Page 3 of 12", "3 / 12", "3 of 12",
 *    "- 3 -") whose number keeps step with the page on as many pages, or
 *    that say "N of <page count>" on page N; each kind of drop is recorded
 *    once in out->dropped ("running header \"...\" on 11 of 12 pages",
 *    "page numbers");
 *  - ligatures (U+FB00..FB06) are spelt out, odd spaces (NBSP, U+2000..200A,
 *    U+202F, U+205F, U+3000) made plain, zero-width spaces, soft hyphens and
 *    control characters removed; invalid UTF-8 from the PDF becomes U+FFFD.
 * Blocks carry their 1-based page, line 0, and where = "column N" on pages
 * read as columns, "" otherwise. Facts: title (PDF Title), pages (page
 * count), published / updated (YYYY-MM-DD of CreationDate / ModDate, in the
 * time zone the PDF gives).
 *
 * Bounded cost: at most PDF_MAX_PAGES pages (more is an error), at most
 * PDF_MAX_PAGE_CHARS characters read from one page (the rest of that page
 * is skipped and recorded in out->dropped), at most PDF_MAX_TEXT_BYTES of
 * text in all (more is an error); the layout pass is O(n log n) in the
 * text. What poppler spends parsing a hostile file is poppler's: run the
 * reader under a CPU-time limit where files come from strangers.
 *
 * Ownership: bytes are only read, and only during the call. out must have
 * been set up with doc_blocks_init; blocks and drops are appended, facts
 * set, only on success, so on -1 out is as it was (but for facts, which
 * may be half set when memory runs out).
 * Errors: 0, or -1 with msg (when msglen > 0) set to words without any
 * path: "not a PDF (no %PDF- signature)", "damaged PDF: <what is wrong>",
 * "encrypted PDF", "no text layer (scanned?)", "too many pages (N; the
 * limit is 2000)", "too much text (...)", "out of memory". Damaged: poppler
 * cannot open it; or "%%EOF" is missing from its last 1024 bytes (the file
 * was cut short, as Acrobat judges it: poppler would quietly rebuild what
 * is left); or a page's content is broken (poppler reports errors for it
 * and finds no text on it). A page with errors that still gives text is
 * kept, with a note in out->dropped. Encrypted: a password is needed (a
 * PDF encrypted with an empty user password, as many are to stop copying,
 * is read). No text layer: not one character on any page.
 * Threads: pdf_read may run in several threads at once on different
 * outputs. Poppler's error messages are caught and kept out of stderr
 * while pdf_read runs (a g_log handler for the "Poppler" domain, installed
 * once per process; outside pdf_read it passes messages on to glib's
 * default handler).
 */
#ifndef LASEARCH_PDF_H
#define LASEARCH_PDF_H

#include <stddef.h>

#include "blocks.h"

#define PDF_MAX_PAGES 2000
#define PDF_MAX_PAGE_CHARS 200000
#define PDF_MAX_TEXT_BYTES (64u * 1024 * 1024)

/* 1 when bytes look like a PDF: "%PDF-" within the first 1024 bytes (some
 * PDFs start with junk before the signature, and readers accept that). */
int pdf_sniff(const char *bytes, size_t len);

/* Read a PDF held in memory into out (see above). */
int pdf_read(const char *bytes, size_t len, doc_blocks *out, char *msg,
             size_t msglen);

#endif /* LASEARCH_PDF_H */
