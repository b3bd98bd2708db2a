/*
 * summary.h: what lasearch-fetch tells its user, as the night goes and at
 * its end. Part of the program, not of the library: the one place besides
 * main() that prints.
 *
 *   stdout  a line per page gone; the summary line (or, with --json, one
 *           object with the counts and the pages new, changed, gone and
 *           failed)
 *   stderr  a line per page failed; with --verbose every page and why
 *           pages were skipped; a note when a limit stopped the run
 */
#ifndef LASEARCH_FETCH_SUMMARY_H
#define LASEARCH_FETCH_SUMMARY_H

#include "crawl.h"
#include "options.h"

typedef struct summary summary;

/* NULL if out of memory. */
summary *summary_new(const fetch_options *o);
void summary_free(summary *s);

/* crawl_config.on_event, with ctx the summary. */
void summary_event(void *ctx, const crawl_event *ev);

/* Print the end of the run. 0, or -1 if the JSON could not be made. */
int summary_finish(summary *s, const crawl_totals *t, double seconds);

#endif /* LASEARCH_FETCH_SUMMARY_H */
