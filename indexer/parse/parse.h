/*
 * parse.h: a document's structure, turned into paragraph records with facets.
 *
 * Input is one document's text, already read and validated (textio.h: valid
 * UTF-8, no BOM, "\n" line endings, line numbers as in the file). Output is
 * the document's facets, how each was decided, and its paragraphs.
 *
 * What the parser understands (see the README's "Corpus" section):
 *  - kind (manifest first, else from the text alone): assessment (one quality
 *    statement: a score line or the report's "Key findings for this quality
 *    statement"), summary (the rating-and-scores block), self-assessment (a
 *    council calling its own pages one), other (everything else: press
 *    releases, news, guidance and framework pages, landing pages, manuals);
 *  - authority: manifest, then a title line "<Council>: local authority
 *    assessment" / "<Council> assessment", then a self-assessment's "... in
 *    <Council>", then a tally of the councils the text names (authority.h);
 *  - section: a quality statement named by a title or heading (section.h);
 *    in self-assessments each Theme page or statement heading;
 *  - score: "Score: 3", "Score 3", "Indicative score:" and labels "3 -
 *    Evidence shows a good standard"; summary pages: the overall rating, the
 *    percentage and the nine statement scores as the document's facts;
 *  - dates: "Published: 17 January 2025 Page last updated: ...",
 *    "Assessment published: ...", "Last reviewed: June 27, 2024", a date
 *    under a headline; a date without a year is not a date;
 *  - headings: Markdown (#, ##), plain short lines, lines ending in ':';
 *  - paragraphs: blank-line separated blocks, each bullet its own paragraph;
 *  - not text, each with its reason in skipped[]: the fixed "What people
 *    expect" and "The local authority commitment" statements, score, rating
 *    and date lines, headings, names standing alone (statement lists,
 *    council bullets), "---" separators, a contents list, page furniture
 *    ("Downloads", "Skip to content", "In this section", ...).
 */
#ifndef LASEARCH_PARSE_H
#define LASEARCH_PARSE_H

#include <stddef.h>
#include "record.h"
#include "authority.h"
#include "manifest.h"
#include "blocks.h"
#include "reader.h"
#include "section.h"

/* What the parser needs besides the text. manifest may be NULL. */
typedef struct corpus_ref {
    const authority_table *authorities;
    const manifest *manifest;
} corpus_ref;

/* A document's facets and paragraphs. Strings never NULL. */
typedef struct corpus_doc {
    char *file;          /* as given to corpus_parse */
    doc_kind kind;
    char *authority;     /* canonical name, "" when undecided */
    int section;         /* the page's statement (assessment pages); -1 */
    int score;           /* the page's score, 0 none */
    char *rating;        /* summary pages: "Outstanding", "Good",
                            "Requires improvement", "Inadequate"; else "" */
    int percent;         /* summary pages: overall percentage, -1 none */
    int indicative;      /* 1: the rating (summary) or score (statement page)
                            is a 2023 pilot's indicative one */
    int statement_scores[SECTION_COUNT];  /* summary pages: each quality
                            statement's score 1..4 by section index; 0 unknown */
    char *url;           /* the manifest's, else the page's canonical URL; "" */
    char *published;     /* the page's date (YYYY-MM-DD), else the
                            manifest's; "" */
    char *updated;       /* the page's "last updated" date; "" */
    unsigned published_line, updated_line;  /* the text line each date came
                            from; 0 when not from the text (then published is
                            the manifest's, and a reader's meta date may
                            replace it: parse_blocks.c) */
    const char *format;  /* "text", "html", "pdf" (static) */
    char *title;         /* HTML <title> / PDF Title; "" */

    /* How each facet was decided, in words, for --inspect:
     * e.g. "manifest.tsv line 3", "title line 1: \"Ealing: local authority
     * assessment\"", "named 12 times in the text; next, Kent, 5". */
    char *why_kind, *why_authority, *why_section, *why_score;
    authority_decision authority_detail;  /* the tally behind why_authority */

    para_record *paras;  /* in document order: ordinals paras_before + 1 ..
                            paras_before + n_paras */
    size_t n_paras;
    size_t paras_before; /* corpus_parse_read with a part function: the
                            paragraphs of earlier parts, handed over and
                            freed; else 0 */

    /* Problems that did not stop the parse, each "file:line: message"
     * (line 0 when the whole file is meant); at most PARSE_MAX_WARNINGS,
     * then one saying how many more there were. */
    char **warnings;
    size_t n_warnings;

    /* Every non-blank line that is in no paragraph, in line order, each
     * "line N: <reason> \"<text>\"", reason one of: furniture, no words,
     * separator, markup, score line, rating line, percentage line, date line,
     * date line without a year, title, heading, statement name, statement
     * list, theme heading, theme name, council name, contents list,
     * boilerplate (What people expect), boilerplate (The local authority
     * commitment). The text is cut at 80 bytes ("..."). */
    char **skipped;
    size_t n_skipped;

    /* corpus_parse_read only (else NULL / 0): where each paragraph came
     * from ("line 12", "page 3", "line 40, li"), one per paragraph; and
     * what the reader left out and why ("line 3: nav"). */
    char **origins;
    char **dropped;
    size_t n_dropped;
} corpus_doc;

/* Warnings kept per document: a crafted file could make one per line. */
#define PARSE_MAX_WARNINGS 100

/* A document is parsed in windows of at most PARSE_WINDOW_LINES lines and
 * PARSE_WINDOW_BYTES bytes of text (ending at a blank line where one is
 * near the limit), so parsing needs memory for one window, whatever the
 * document's size. No real report comes near one window (a 300-page PDF
 * is about 20,000 lines and 1 MB of text). A longer document's facts (kind,
 * council, statement, score, dates) are decided from its first window;
 * the walk's state (statement, heading) carries on across windows. */
#define PARSE_WINDOW_LINES 50000
#define PARSE_WINDOW_BYTES (4 * 1024 * 1024)

/* Paragraphs longer than this are split at a sentence or word boundary into
 * several records (same line, consecutive ordinals). */
#define PARSE_MAX_PARAGRAPH_BYTES (64 * 1024)

/* Parse. Returns 0, or -1 when out of memory (out is then cleared). Never
 * fails on content: odd input yields warnings and fewer paragraphs. */
int corpus_parse(const char *file, const char *text, size_t len,
                 const corpus_ref *ref, corpus_doc *out);

/* Parse what a reader read (reader.h): a text file's text; an HTML or PDF
 * file's blocks, laid out as the text the parser reads (headings as '#'
 * lines, list items as '- ' lines, blocks apart, each on its source line
 * where the format has lines), so every format gives the same paragraphs
 * as its text. Every paragraph gets its origin ("line 12", "page 3, li"),
 * page, URL and date; the document its facts (title, canonical URL,
 * dates).
 *
 * fn NULL: every paragraph is kept in out, as corpus_parse does.
 * Otherwise paragraphs are handed over window by window: fn(arg, out) is
 * called with out->paras holding the window's paragraphs (with their
 * origins) and out->skipped its lines in no paragraph, every document
 * facet already decided; after it returns they are freed and counted in
 * out->paras_before. fn returns 0 to go on, 1 to stop (the document's
 * facets are then those of the part seen), -1 on its own failure.
 *
 * Returns 0; -1 out of memory (out cleared); -2 when fn failed (out
 * cleared; fn said why). */
typedef int (*corpus_part_fn)(void *arg, corpus_doc *doc);
int corpus_parse_read(const char *file, const doc_read *dr, const corpus_ref *ref,
                      corpus_part_fn fn, void *arg, corpus_doc *out);

/* All the document's paragraphs: those handed over and those in out. */
size_t corpus_doc_paragraphs(const corpus_doc *doc);
void corpus_doc_clear(corpus_doc *doc);

#endif /* LASEARCH_PARSE_H */
