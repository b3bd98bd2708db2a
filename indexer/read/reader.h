/*
 * reader.h: one corpus file, whatever its format, read: a text file's
 * checked text, an HTML or PDF file's blocks (blocks.h). The format is recognised by content: a PDF by its "%PDF-"
 * signature, HTML by its doctype or opening tags (or an .htm/.html name
 * when the content does not say), anything else is text (UTF-8, or
 * Markdown, checked by textio.h).
 *
 * HTML and PDF files come from outside and their libraries are large, so
 * they are read in a child process with limits on memory, CPU time, wall
 * time and output (reader_sandbox.c), as Xapian's Omega runs its filters:
 * a hostile or broken file costs one skipped file with a message, never
 * the indexer or what is already indexed. Text is read in process.
 *
 * Ownership: reader_read fills a doc_read the caller frees with
 * doc_read_clear (also after a failure). Threads: reader_read may run on
 * several threads at once (it shares nothing; the child is forked from
 * the calling thread and only runs the reader before _exit).
 */
#ifndef LASEARCH_READER_H
#define LASEARCH_READER_H

#include <stddef.h>

#include "blocks.h"

typedef enum doc_format { FORMAT_TEXT = 0, FORMAT_HTML, FORMAT_PDF } doc_format;

/* "text", "html", "pdf". */
const char *doc_format_name(doc_format f);

typedef struct reader_limits {
    size_t max_bytes;       /* the file's size (--max-file-size) */
    double cpu_seconds;     /* CPU time of one HTML/PDF child */
    double wall_seconds;    /* wall time of one HTML/PDF child */
    size_t memory_bytes;    /* address space of one child (0: no limit) */
    size_t output_bytes;    /* blocks a child may send back (0: default) */
    int in_process;         /* read HTML/PDF without a child (fuzzing,
                               unit tests): no limits but max_bytes */
} reader_limits;

/* The defaults: 64 MiB files, 30 s CPU, 60 s wall, 2 GiB memory, output
 * up to 8 times the file plus 1 MiB. */
void reader_limits_default(reader_limits *l, size_t max_bytes);

typedef enum reader_status {
    READER_OK = 0,
    READER_CANNOT_READ,   /* nothing read: unreadable, not a regular file,
                             a symlink loop, over the size limit */
    READER_REFUSED,       /* read, but not a document: empty, binary, not
                             UTF-8, a damaged or encrypted PDF, a reader
                             over its limits */
    READER_NOMEM
} reader_status;

typedef struct doc_read {
    doc_format format;
    /* What the file's paragraphs depend on, for its fingerprint: the
     * checked text of a text file (which the parser reads as it is: no
     * blocks, so a text costs no more than its size), the raw bytes of
     * HTML and PDF. */
    char *bytes;
    size_t len;
    doc_blocks blocks;      /* HTML and PDF; empty for text */
} doc_read;

/* Read path. On anything but READER_OK, why (whylen bytes) says what is
 * wrong in words a user can act on, without the path ("damaged PDF: ...",
 * "binary file (NUL byte at offset 17): not a text document"). */
reader_status reader_read(const char *path, const reader_limits *lim, doc_read *out,
                          char *why, size_t whylen);

/* The same on bytes in memory (copied); name only decides an .html hint. */
reader_status reader_from_buffer(const char *name, const char *bytes, size_t len,
                                 const reader_limits *lim, doc_read *out, char *why,
                                 size_t whylen);

void doc_read_clear(doc_read *d);

#endif /* LASEARCH_READER_H */
