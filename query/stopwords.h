/*
 * stopwords.h: the English words too common to say anything about a
 * paragraph ("the", "of", "we"), left out of --significant's phrases (as
 * a single word, or the first or last of a phrase) and of the terms like:
 * picks. A fixed list: the usual English function words, the pronouns
 * CQC's reports use ("we", "they", "us") and auxiliaries.
 *
 * Threads: a read-only table, shared freely.
 */
#ifndef LASEARCH_STOPWORDS_H
#define LASEARCH_STOPWORDS_H

#include <stddef.h>

/* 1 if the folded word w[0..len) (as the index's unstemmed terms are) is
 * a stop word. */
int stopword_is(const char *w, size_t len);

#endif /* LASEARCH_STOPWORDS_H */
