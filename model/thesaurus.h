/*
 * thesaurus.h: groups of equivalent terms (corpus/thesaurus.tsv).
 *
 * One group a line, its forms separated by TABs ("CHC<TAB>continuing health
 * care<TAB>continuing healthcare"); '#' starts a comment line. A query for
 * any form of a group also finds the others. Forms are compared as
 * norm_key() word sequences, so "S.75", "s 75" and "s.75" are one form.
 * The indexer validates the file and stores it in the index; the query tool
 * loads it from there.
 *
 * Threads: once parsed, a thesaurus is read-only and may be shared by any
 * number of threads. Ownership: freed with thesaurus_free, which also ends
 * the life of every string it returned.
 */
#ifndef LASEARCH_THESAURUS_H
#define LASEARCH_THESAURUS_H

#include <stddef.h>

typedef struct thesaurus thesaurus;

/* Parse. A line with fewer than two forms, an empty form, or a form that is
 * in two groups is an error "label:line: what is wrong": -1 and err. */
int thesaurus_parse(const char *text, size_t len, const char *label,
                    thesaurus **out, char *err, size_t errlen);
void thesaurus_free(thesaurus *t);

size_t thesaurus_group_count(const thesaurus *t);
size_t thesaurus_group_size(const thesaurus *t, size_t group);
/* The form as written in the file. */
const char *thesaurus_form(const thesaurus *t, size_t group, size_t i);

/* The longest form that is a prefix of the key-word sequence words[0..n)
 * (each word in norm_key form, one word each, e.g. {"section", "75",
 * "agreements"}). Returns its group and sets *form and *consumed (the number
 * of words it covers); -1 when no form starts there. */
int thesaurus_match(const thesaurus *t, const char *const *words, size_t n,
                    size_t *form, size_t *consumed);

#endif /* LASEARCH_THESAURUS_H */
