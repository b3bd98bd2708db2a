/*
 * textio.h: reading one corpus file into validated text.
 *
 * A corpus file is accepted when it is a readable regular file (symlinks
 * followed), not empty, not binary, not over the size limit, and text:
 * UTF-8, or where it is not UTF-8, Windows-1252 (a superset of Latin-1, and
 * what most text that is not UTF-8 is). Every valid UTF-8 sequence is kept
 * as it is and every other byte is read as Windows-1252, so a Windows-1252
 * file reads right and so does a UTF-8 file with a stray Latin-1 byte. Only
 * a NUL byte (binary) or a byte Windows-1252 leaves undefined (0x81, 0x8D,
 * 0x8F, 0x90, 0x9D) where UTF-8 does not explain it makes a file "not text".
 * It is then handed on as UTF-8 with a byte-order mark removed and "\r\n" /
 * lone "\r" line endings turned into "\n" (so line numbers stay those of the
 * file).
 */
#ifndef LASEARCH_TEXTIO_H
#define LASEARCH_TEXTIO_H

#include <stddef.h>

typedef enum textio_status {
    TEXTIO_OK = 0,
    TEXTIO_UNREADABLE,   /* cannot open or read (permissions, vanished) */
    TEXTIO_NOT_REGULAR,  /* a directory, FIFO, device or socket */
    TEXTIO_LOOP,         /* a symlink loop */
    TEXTIO_EMPTY,        /* no bytes, or only whitespace */
    TEXTIO_BINARY,       /* NUL bytes: not a text document */
    TEXTIO_TOO_BIG,      /* over the size limit */
    TEXTIO_BAD_UTF8,     /* not valid UTF-8 */
    TEXTIO_NOMEM
} textio_status;

/* Default size limit for one file (--max-file-size). */
#define TEXTIO_DEFAULT_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef struct text_file {
    char *data;          /* NUL-terminated, valid UTF-8, "\n" line endings */
    size_t len;
    int had_bom;         /* a UTF-8 byte-order mark was removed */
    int had_crlf;        /* "\r\n" or "\r" line endings were converted */
    int windows1252;     /* not all UTF-8: the rest was read as Windows-1252 */
} text_file;

/* Read path. On anything but TEXTIO_OK, out is zeroed and msg (msglen bytes)
 * says what is wrong in words a user can act on, e.g. "not valid UTF-8 at
 * line 12, column 40 (byte offset 3456: 0x81, which Windows-1252 does not
 * define either): not text; convert it to UTF-8" or "binary file (NUL byte
 * at offset 17): not a text document". On TEXTIO_OK, msg is "" or a note on
 * how the text was read, for a warning: "read as Windows-1252: not valid
 * UTF-8 from line 12, column 40 (byte offset 3456: 0x92)". Messages do not
 * repeat the path: callers prefix it. */
textio_status textio_read(const char *path, size_t max_bytes, text_file *out,
                          char *msg, size_t msglen);

/* Only the reading: path's bytes (a regular file within max_bytes), into a
 * malloc()ed buffer *bytes of *len bytes with room for a NUL after them.
 * Statuses and messages as textio_read's, but for the content checks. */
textio_status textio_load(const char *path, size_t max_bytes, char **bytes,
                          size_t *len, char *msg, size_t msglen);

/* Only the content checks, on bytes textio_load returned: bytes is taken
 * over (freed on failure, out->data otherwise). */
textio_status textio_check_text(char *bytes, size_t len, text_file *out, char *msg,
                                size_t msglen);

/* The same checks on bytes already in memory (copied into out). */
textio_status textio_from_buffer(const char *bytes, size_t len, size_t max_bytes,
                                 text_file *out, char *msg, size_t msglen);

void text_file_clear(text_file *f);

/* Short words for a status ("binary file"). */
const char *textio_status_string(textio_status st);

#endif /* LASEARCH_TEXTIO_H */
