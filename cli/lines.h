/*
 * lines.h: reading a line of untrusted input with bounded memory.
 *
 * getline() holds a whole line, however long, before the caller can look
 * at it: a batch file of one 2 GB line costs 2 GB before it is refused.
 * lines_read keeps at most `keep` bytes of a line, reads past the rest
 * (counting it) and says how long the line really was, so the caller can
 * refuse it by its length while holding only its start.
 *
 * Ownership: *buf is the caller's (free()), grown as needed up to keep + 1
 * bytes. Threads: one FILE per thread.
 */
#ifndef LASEARCH_LINES_H
#define LASEARCH_LINES_H

#include <stdio.h>

/* Read one line of in (its '\n' and any '\r' before it removed) into
 * *buf (NUL-terminated; at most keep bytes of it), its whole length into
 * *len. 1 for a line, 0 at end of input, -1 out of memory or a read error
 * (errno says). A NUL byte in the line is kept, so strlen(*buf) may be
 * less than the bytes kept. */
int lines_read(FILE *in, char **buf, size_t *cap, size_t keep, size_t *len);

#endif /* LASEARCH_LINES_H */
