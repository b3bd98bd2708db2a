/*
 * score_check.h: a statement page's score checked against its council's
 * summary page.
 *
 * A summary page lists the council's nine statement scores; each
 * statement's own page states its score again. When both are in the
 * corpus and disagree, one of them is wrong (a misread page, a revised
 * report, a wrong manifest row), and an analyst filtering by score would
 * be misled without a word. The check works on the file table, so an
 * update that re-read neither file still reports it, and it needs nothing
 * but what each file stated when it was read (file_state.scores).
 *
 * Ownership: score_facts' string is the caller's (free()). Threads: none
 * shared. Errors: NULL / -1 out of memory.
 */
#ifndef LASEARCH_SCORE_CHECK_H
#define LASEARCH_SCORE_CHECK_H

#include "build.h"
#include "filestate.h"
#include "parse.h"

/* What doc states of scores, as file_state.scores keeps it: "summary
 * 0=2 4=3" (statement index=score), "page 4=2", or "" (malloc()ed). */
char *score_facts(const corpus_doc *doc);

/* For every indexed statement page whose council has a summary page in t
 * that scores the same statement differently: a warning message on rep
 * naming both files, fresh when either file was read by this run, and
 * counted in rep->warnings. 0, or -1 out of memory. */
int score_check(const file_table *t, build_report *rep);

#endif /* LASEARCH_SCORE_CHECK_H */
