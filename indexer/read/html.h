/*
 * html.h: an HTML page's bytes -> blocks (blocks.h).
 *
 * For the pages lasearch indexes: CQC's assessment and summary pages (GOV.UK
 * design system) and councils' own pages (LocalGov Drupal, Jadu, GOSS...).
 * The structure comes from libxml2's HTML parser, never from patterns over
 * the text.
 *
 * What is kept, in document order:
 *  - h1..h6 -> BLOCK_HEADING (level 1..6);
 *  - p, dd, dt, caption, figcaption, summary, pre, address -> BLOCK_PARAGRAPH;
 *    text directly inside div, section, article, main, blockquote, body ->
 *    one BLOCK_PARAGRAPH per run (where = that element; two <br> in a row
 *    end a run);
 *  - each li -> BLOCK_ITEM; a nested list ends the parent's item (its text
 *    so far), its own items follow, and text after it is a further item;
 *  - each tr -> BLOCK_ROW, non-empty cells (td and th) joined by " | ";
 *    anything inside a cell (lists, nested tables) is the cell's text.
 * Inline elements give their text to the enclosing block; block elements
 * inside a p, li, dd... add a line break to it. <br> is '\n'; other runs of
 * white space (nbsp and the Unicode spaces too) are one space; text is
 * trimmed. line = the element's source line (xmlGetLineNo; libxml2 stores
 * at most 65535), page 0, where = the element's name ("h2", "li", "tr").
 *
 * What is dropped, each noted in out->dropped (at most HTML_MAX_NOTES, then
 * "... and N more"): script, style, svg and the like (silently); nav,
 * header, footer, aside, form, noscript, template, iframe, button, select,
 * dialog, search; roles navigation, banner, contentinfo, search, complementary,
 * dialog, alert; class or id naming page furniture (cookie, banner,
 * breadcrumb, skip link, share, social, related links, feedback, back to
 * top, site header/footer, screen-reader-only, print-only, menu, sidebar,
 * "in this section", pagination); hidden elements (hidden, aria-hidden=true,
 * display:none, visibility:hidden). An element holding the page's <main> or
 * its h1 is never dropped (the h1: the first with text, not hidden, outside
 * nav, footer, aside and form, outside a site <header> when there is
 * another). When the page has a <main> (or role=main) with text, only it
 * is read (the h1 first, if that sits outside it); else the body. Last, a
 * block whose whole text is a stock line ("Skip to main content", "Back to
 * top", "Print this page", "Share this page", "Cookies on ...", "Was this
 * page useful?") is dropped.
 *
 * Facts: title (<title>), canonical (<link rel=canonical>), published and
 * updated from meta tags (name, property, itemprop or http-equiv), as
 * YYYY-MM-DD when the value starts with an ISO date or is a date in words
 * ("17 January 2025", "June 27, 2024"); else "".
 *
 * Character sets: a BOM, then <meta charset> / http-equiv Content-Type
 * (looked for in the first 64 KiB: browsers stop at 1 KiB, but CMS pages
 * can put theirs after that much script); ISO-8859-1 and US-ASCII
 * are read as Windows-1252 (as browsers do); with no declaration, valid
 * UTF-8 is UTF-8 and anything else Windows-1252. Other declared sets go
 * through iconv. Every output string is valid UTF-8 without NUL or control
 * characters (other than '\n' in block text).
 *
 * Bounded cost (inputs are untrusted): libxml2 stops parsing at 256 levels
 * of nesting (the rest of the page is lost, and noted) and its limits stay
 * on (no XML_PARSE_HUGE); deeper than HTML_MAX_DEPTH levels (fewer than
 * libxml2's 256, so that this guard is the one that acts) the walk puts a
 * subtree's text into the block at hand, without recursion; at most
 * HTML_MAX_BLOCKS blocks and 4 x len + 64 KiB bytes of block text; whatever
 * a limit cuts off is noted in out->dropped. libxml2 never prints: its error
 * handlers are silenced for the duration of the call (and restored).
 *
 * Threads: callable from several threads at once with different outs.
 */
#ifndef LASEARCH_HTML_H
#define LASEARCH_HTML_H

#include <stddef.h>

#include "blocks.h"

#define HTML_MAX_DEPTH 200
#define HTML_MAX_BLOCKS 100000
#define HTML_MAX_NOTES 200
/* Inputs larger than this are refused ("document too large"): libxml2
 * takes an int length and decoding may triple the bytes. */
#define HTML_MAX_INPUT_BYTES ((size_t)512 * 1024 * 1024)

/* 1 when bytes look like HTML by content: after an optional BOM, white
 * space, comments and an <?xml ...?> declaration, the first tag is
 * <!DOCTYPE html, <html, <head, <body, <title or <meta. Else 0. Reads at
 * most the first 64 KiB. */
int html_sniff(const char *bytes, size_t len);

/* Read an HTML document into out (initialised by the caller with
 * doc_blocks_init; blocks and notes are appended, facts replaced). Returns
 * 0, or -1 with the reason in msg (words, no path: "empty document", "not
 * an HTML document", "document too large", "out of memory"). On -1 out may
 * hold part of the document; it stays valid for doc_blocks_clear. A
 * document cut short by a limit still returns 0, the cut noted in
 * out->dropped. msg may be NULL when msglen is 0. */
int html_read(const char *bytes, size_t len, doc_blocks *out, char *msg,
              size_t msglen);

#endif /* LASEARCH_HTML_H */
