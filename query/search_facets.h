/*
 * search_facets.h: facet counts that add up (private to the search core;
 * search_internal.h lists its other files).
 *
 * Xapian's value counts (the match spies behind facets) skip documents
 * with an empty value, so a facet's counts alone sum to less than the
 * total whenever some paragraphs have no council, score, statement or
 * theme. The difference is those paragraphs: they get a bucket of their
 * own, value "" ("none": JSON null, "(none)" in text), so counts always
 * sum to the total a result reports.
 */
#ifndef LASEARCH_SEARCH_FACETS_H
#define LASEARCH_SEARCH_FACETS_H

#include <stdint.h>

#include "search.h"

/* How many of res's matches have no value for facet f: the total less the
 * counts of its values (0 when the facet was not counted, or when a match
 * cut short by the time limit counted more values than its total). */
uint32_t search_facet_none(const search_result *res, int f);

/* Fold a date facet's values (dates as known, schema.h's SLOT_PUBLISHED)
 * into periods: each value cut to its first keep bytes (4: years, 7:
 * months; a year-only date stays its year), equal ones merged, newest
 * first. In place; never fails. */
void search_facet_dates(facet_count **v, size_t *n, size_t keep);

/* Append the "no value" bucket (value "", last) to every facet res counts
 * that has such matches. Call once, when total and facets are final.
 * 0, or -1 out of memory (res unchanged). */
int search_facets_add_none(search_result *res);

#endif /* LASEARCH_SEARCH_FACETS_H */
