/*
 * significant.h: what stands out in a query's paragraphs (--significant):
 * the words and phrases used more in them (the foreground) than in other
 * paragraphs (the background), each with a score from a named test.
 *
 * What is counted. Each paragraph's text is folded as the index folds it
 * (norm_text NORM_FOLD: case, accents, typographic quotes) and split at
 * punctuation that ends a clause (". , ; : ! ? ( ) [ ] \"" and line breaks;
 * a '.', ',' or ':' between two non-blank characters, as in "s.75" or
 * "1,296", is not a break) into words: runs of letters and digits (and any
 * non-ASCII character), apostrophes inside them kept ("carer's"), as
 * Xapian's term generator splits them. Every run of 1, 2 or 3 words in a
 * clause is a candidate, keyed by its words' stems (the index's stemmer,
 * shim_stem), so "carer assessments" and "carers assessment" are one
 * entry, shown in its most frequent written form (lower case, as the index
 * keeps words). A phrase may not start or end with a stop word (stopwords.h)
 * and a single word may not be one, nor a number. A count is of
 * paragraphs: a paragraph that says a phrase twice counts once.
 *
 * The background is the background query's paragraphs (the whole index
 * when there is none) less the foreground's, so the two never overlap and
 * `background` is the count among those other paragraphs.
 *
 * The test: Dunning's log-likelihood ratio G2 on the 2x2 table of
 * paragraphs with and without the phrase, in the foreground (a of n1) and
 * the background (b of n2): G2 = 2 * sum O ln(O / E) over the four cells,
 * E the count expected if the phrase were as common on both sides
 * (row total x column total / n1+n2), 0 ln 0 = 0. A phrase is kept when
 * a >= min_count (default 3), its rate is higher in the foreground
 * (a/n1 > b/n2), and G2 >= SIGNIFICANT_MIN_G2 (10.83: p < 0.001 for one
 * degree of freedom, strict because thousands of phrases are tested).
 *
 * Boilerplate: a phrase that occurs in at least SIGNIFICANT_BOILERPLATE
 * (90%) of the background's reports (files), when the background examined
 * spans at least SIGNIFICANT_BOILERPLATE_MIN_FILES (5), is what every
 * report repeats ("quality statement", "local authority") and is left
 * out however it scores.
 * A phrase is also left out when a longer phrase containing it is kept
 * and has at least 90% of its foreground count: "multi agency" is not
 * shown beside "multi agency oversight" when it is nearly always part of
 * it.
 *
 * Spread: `councils` is how many councils' foreground paragraphs use the
 * phrase. One council repeating a phrase is not a pattern: phrases used by
 * fewer than 2 councils are ranked after all others (and marked in text
 * output); within each group, by G2, highest first.
 *
 * Bounded work: at most max_paragraphs paragraphs are read on each side
 * (default SIGNIFICANT_DEFAULT_MAX_PARAGRAPHS), the first in document
 * order (file, then paragraph: the same whatever the shards); the result
 * says when a side had more (`limited`), and its counts are then of the
 * paragraphs examined.
 *
 * Threads and ownership as search.h: significant_run fills a result the
 * caller frees with significant_result_clear, also after an error.
 */
#ifndef LASEARCH_SIGNIFICANT_H
#define LASEARCH_SIGNIFICANT_H

#include <stddef.h>
#include <stdint.h>

#include "search.h"

#define SIGNIFICANT_DEFAULT_MAX_PARAGRAPHS 50000
#define SIGNIFICANT_DEFAULT_MIN_COUNT 3
#define SIGNIFICANT_DEFAULT_LIMIT 20
#define SIGNIFICANT_MIN_G2 10.83
#define SIGNIFICANT_BOILERPLATE 0.9
#define SIGNIFICANT_BOILERPLATE_MIN_FILES 5
#define SIGNIFICANT_MIN_COUNCILS 2
#define SIGNIFICANT_MAX_WORDS 3

typedef struct significant_request {
    const search_request *base;  /* query (the foreground), exact, limits */
    const char *background;      /* a query, or NULL: the whole index */
    size_t limit;                /* phrases to return (0: default 20) */
    size_t max_paragraphs;       /* read on each side (0: default) */
    unsigned min_count;          /* foreground paragraphs (0: default 3) */
} significant_request;

typedef struct significant_item {
    char *text;           /* as written (the commonest form) */
    unsigned words;       /* 1..SIGNIFICANT_MAX_WORDS */
    uint32_t foreground;  /* foreground paragraphs using it */
    uint32_t background;  /* background paragraphs using it */
    uint32_t councils;    /* councils among the foreground's */
    double score;         /* G2 */
} significant_item;

typedef struct significant_result {
    uint32_t foreground_total;     /* paragraphs matching the query */
    uint32_t background_total;     /* background paragraphs (less the
                                      foreground's) */
    uint32_t foreground_examined;  /* of those, read (max_paragraphs) */
    uint32_t background_examined;
    int limited;                   /* a side had more than it read */
    int background_failed;         /* the error is the background query's
                                      (its column counts in that text) */
    int incomplete;                /* a match ran out of time */
    significant_item *items;       /* best first */
    size_t n_items;
} significant_result;

/* What stands out in req->base->query's paragraphs. SEARCH_OK (also when
 * nothing stands out: n_items 0), or an error as search_run's; a wrong
 * background query has its column counted in the background's text and a
 * message saying it is the background. */
search_status significant_run(search_index *ix, const significant_request *req,
                              significant_result *res, qerror *err);
void significant_result_clear(significant_result *res);

/* Dunning's G2 for a of n1 foreground and b of n2 background paragraphs
 * (see above); 0 when n1 or n2 is 0. */
double significant_g2(uint32_t a, uint32_t n1, uint32_t b, uint32_t n2);

#endif /* LASEARCH_SIGNIFICANT_H */
