/*
 * parse.h: a document's structure, turned into paragraph records with facets.
 *
 * Input is one document's text, already read and validated (textio.h: valid
 * UTF-8, no BOM, "\n" line endings, line numbers as in the file). Output is
 * the document's facets, how each was decided, and its paragraphs.
 *
 * What the parser understands (see the README's "Corpus" section):
 *  - kind: assessment page, summary page or self-assessment (manifest first);
 *  - authority: manifest, then a title line "<Council>: local authority
 *    assessment", then a tally of the councils the text names (authority.h);
 *  - section: a quality statement named by a title or heading (section.h);
 *    in self-assessments each "Theme N - <theme> - <statement>" page;
 *  - score: "Score: 3", "Score 3" and labels "3 - Evidence shows a good
 *    standard" / "1 - Inadequate: Evidence shows significant shortfalls";
 *  - headings: Markdown (#, ##), plain short lines, lines ending in ':';
 *  - paragraphs: blank-line separated blocks, each bullet its own paragraph;
 *  - not text: the fixed "What people expect" and "The local authority
 *    commitment" blocks, score lines, headings, "---" separators, a contents
 *    list, web debris (a lone "Downloads", leftover HTML tags).
 */
#ifndef LASEARCH_PARSE_H
#define LASEARCH_PARSE_H

#include <stddef.h>
#include "record.h"
#include "authority.h"
#include "manifest.h"

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
    char *url;           /* from the manifest, "" */
    char *published;     /* from the manifest, "" */

    /* How each facet was decided, in words, for --inspect:
     * e.g. "manifest.tsv line 3", "title line 1: \"Ealing: local authority
     * assessment\"", "named 12 times in the text; next, Kent, 5". */
    char *why_kind, *why_authority, *why_section, *why_score;
    authority_decision authority_detail;  /* the tally behind why_authority */

    para_record *paras;  /* in document order, ordinals 1..n_paras */
    size_t n_paras;

    /* Problems that did not stop the parse, each "file:line: message"
     * (line 0 when the whole file is meant). */
    char **warnings;
    size_t n_warnings;
} corpus_doc;

/* Paragraphs longer than this are split at a sentence or word boundary into
 * several records (same line, consecutive ordinals). */
#define PARSE_MAX_PARAGRAPH_BYTES (64 * 1024)

/* Parse. Returns 0, or -1 when out of memory (out is then cleared). Never
 * fails on content: odd input yields warnings and fewer paragraphs. */
int corpus_parse(const char *file, const char *text, size_t len,
                 const corpus_ref *ref, corpus_doc *out);
void corpus_doc_clear(corpus_doc *doc);

#endif /* LASEARCH_PARSE_H */
