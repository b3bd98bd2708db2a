/*
 * progress.h: the progress line lasearch-index draws on a terminal.
 *
 *   indexing  [##########..........]  612/1500  41%  48.3 files/s  0:18 left
 *
 * Only the arithmetic and the text are here (the caller decides whether
 * there is a terminal and writes the line), so it can be tested and never
 * prints from library code. Pure functions of their arguments: no state,
 * no allocation, any thread.
 */
#ifndef LASEARCH_PROGRESS_H
#define LASEARCH_PROGRESS_H

#include <stddef.h>

typedef struct progress {
    char label[40];       /* the stage: "indexing", "scanning" */
    double start;         /* when the stage began (seconds, any clock) */
    double last_draw;     /* when a line was last handed out; < 0 never */
    size_t done, total;
} progress;

/* Begin a stage at time now. */
void progress_start(progress *p, const char *label, double now);

/* Record done of total at time now. Returns 1 and fills line (at most
 * width columns, no newline) when it is time to redraw: the first step,
 * the last, and otherwise at most every interval seconds; else 0. */
int progress_step(progress *p, size_t done, size_t total, double now, double interval,
                  int width, char *line, size_t linelen);

/* Seconds left at the present rate, or -1 while there is no rate yet. */
double progress_eta(const progress *p, double now);

/* "1:05", "12:03:09": at least minutes and seconds. */
void progress_clock(double seconds, char *buf, size_t len);

#endif /* LASEARCH_PROGRESS_H */
