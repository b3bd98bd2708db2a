/*
 * report.h: what a build, an update or a check reports: freed, turned into
 * JSON (stored in the generation, printed by --json) and printed for
 * people onto a stream the caller gives. Functions never print elsewhere;
 * write errors come back as -1.
 */
#ifndef LASEARCH_REPORT_H
#define LASEARCH_REPORT_H

#include <stdio.h>

#include "build.h"
#include "index_check.h"

/* Free what a build_report holds (rep itself is the caller's). */
void build_report_clear(build_report *rep);

/* Append a copy of msg to rep's messages; fresh: 1 when this run found it
 * (build.h). 0, or -1 out of memory. */
int build_report_message(build_report *rep, const char *msg, int fresh);

/* The report as JSON text (malloc()ed), as stored in the index metadata:
 * the same for a full build and any sequence of updates of one corpus. */
char *build_report_json(const build_report *rep);

/* The report and how the run went (mode, generation, seconds, added,
 * changed, removed, unchanged, unread, reason), as `lasearch-index --json` prints
 * it. malloc()ed; NULL out of memory. */
char *build_run_json(const build_report *rep);

/* The summary for people (report.c): what was done, then the skipped and
 * warning counts; with per_authority, paragraphs per council. listed_all
 * says whether every message was printed before (else the counts point to
 * --verbose). Returns 0, or -1 on a write error. */
int build_report_print(FILE *out, const build_report *rep, const char *index_dir,
                       int per_authority, int listed_all);

/* The check for people (report.c), listing at most max_listed changed
 * files. 0, or -1 on a write error. */
int index_check_print(FILE *out, const index_check_report *rep, const char *index_dir,
                      size_t max_listed);

#endif /* LASEARCH_REPORT_H */
