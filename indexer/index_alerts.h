/*
 * index_alerts.h: lasearch-index --alerts FILE: the saved searches run over
 * what the build or update just published (query/alerts.h).
 *
 * Why the indexer's front end reaches the search core: an alert must mean
 * exactly what the same query means to lasearch-query, so it is run by
 * the one search core, over the published generation, as any reader of the
 * index. Only this front end links query/; indexer/write never sees it, and
 * query/ never depends on indexer/ (docs/ARCHITECTURE.md).
 *
 * Two steps around the run: index_alerts_load before it (a bad line is an
 * error naming FILE:LINE, and nothing is written), index_alerts_report after
 * a published run.
 */
#ifndef LASEARCH_INDEX_ALERTS_H
#define LASEARCH_INDEX_ALERTS_H

#include <stddef.h>

#include <jansson.h>

#include "alerts.h"

/* Load path and check each saved search's syntax and, when index_dir has a
 * live generation, its meaning against it. 0, or -1 with err. */
int index_alerts_load(const char *path, const char *index_dir, saved_searches *out,
                      char *err, size_t errlen);

/* Run the saved searches over index_dir's paragraphs first seen after
 * generation after (the generation that was live before the run; with
 * nothing published, the live one: nothing is new). The report (alerts.h),
 * or NULL with err. */
json_t *index_alerts_report(const char *index_dir, const saved_searches *s, long after,
                            char *err, size_t errlen);

#endif /* LASEARCH_INDEX_ALERTS_H */
