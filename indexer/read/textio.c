/*
 * textio.c: reading one corpus file into validated text (see textio.h).
 *
 * The file is read whole into one buffer, then a single pass over the bytes
 * both validates UTF-8 and rewrites line endings in place (the output is
 * never longer than the input, so the write position never overtakes the
 * read position). Line and column are only worked out when something is
 * wrong, so the common path keeps no per-line bookkeeping. Only text that
 * turns out not to be UTF-8 is copied, since Windows-1252's characters take
 * two or three bytes in UTF-8 (at most three times the rest of the file).
 */
#include "textio.h"
#include "normalise.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Smallest buffer when the size is unknown (st_size 0, as on /proc). */
#define TEXTIO_MIN_CHUNK ((size_t)4096)

static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
{
    va_list ap;

    if (!msg || msglen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
}

/* Words for the errno values a user can act on; strerror for the rest.
 * Lower case because the message continues a sentence the caller starts. */
static const char *errno_words(int e)
{
    switch (e) {
    case EACCES: return "permission denied";
    case ENOENT: return "no such file";
    case ENOTDIR: return "a component of the path is not a directory";
    case ENAMETOOLONG: return "path too long";
    case EIO: return "input/output error";
    default: return strerror(e);
    }
}

static const char *file_type_words(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a plain file";
}

/* A path that would not stat: say the most specific thing we can. */
static textio_status stat_failure(const char *path, int e, char *msg,
                                  size_t msglen)
{
    struct stat lst;

    if (e == ELOOP) {
        set_msg(msg, msglen, "symlink loop (too many levels of symbolic "
                "links): cannot be read");
        return TEXTIO_LOOP;
    }
    /* ENOENT on a path that lstat can see is a link whose target is gone. */
    if (e == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        set_msg(msg, msglen, "dangling symlink (its target does not exist)");
        return TEXTIO_UNREADABLE;
    }
    if (e == ENOENT) {
        set_msg(msg, msglen, "file does not exist");
        return TEXTIO_UNREADABLE;
    }
    set_msg(msg, msglen, "cannot read: %s", errno_words(e));
    return TEXTIO_UNREADABLE;
}

/* Nonzero if some byte of v is zero (exact, no false positives). */
#define HAS_ZERO_BYTE(v) \
    (((v) - UINT64_C(0x0101010101010101)) & ~(v) & UINT64_C(0x8080808080808080))

/* Copy the plain ASCII bytes at buf + *r to buf + *w, eight at a time,
 * stopping before any word with a high bit, NUL or CR. Nearly all of a
 * corpus file is such bytes, so this is what makes the pass cheap. */
static void copy_plain_ascii(unsigned char *buf, size_t len, size_t *r,
                             size_t *w)
{
    const uint64_t high = UINT64_C(0x8080808080808080);
    const uint64_t cr = UINT64_C(0x0d0d0d0d0d0d0d0d);

    while (len - *r >= 8) {
        uint64_t v;
        memcpy(&v, buf + *r, 8);
        if ((v & high) || HAS_ZERO_BYTE(v) || HAS_ZERO_BYTE(v ^ cr))
            return;
        /* v is a copy, so an overlap of the two ranges cannot matter. */
        memcpy(buf + *w, &v, 8);
        *r += 8;
        *w += 8;
    }
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}


/* The line and column (1-based, in characters) just after text[0..n),
 * which is converted text: "\n" endings, valid UTF-8. */
static void position_after(const unsigned char *text, size_t n, size_t *line,
                           size_t *col)
{
    size_t i, line_start = 0;

    *line = 1;
    for (i = 0; i < n; i++) {
        if (text[i] == '\n') {
            ++*line;
            line_start = i + 1;
        }
    }
    *col = 1;
    for (i = line_start; i < n; i++)
        if ((text[i] & 0xC0) != 0x80)
            ++*col;
}

/* Windows-1252's characters for bytes 0x80..0x9F; 0 where it defines none
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D). 0xA0..0xFF are U+00A0..U+00FF. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The character Windows-1252 gives byte c (>= 0x80), 0 if none. */
static unsigned cp1252_char(unsigned char c)
{
    return c < 0xA0 ? cp1252_c1[c - 0x80] : c;
}

/* cp (U+0080..U+FFFF) as UTF-8 into out (NULL: only count). Its length. */
static size_t put_utf8(unsigned cp, unsigned char *out)
{
    if (cp < 0x800) {
        if (out) {
            out[0] = (unsigned char)(0xC0 | (cp >> 6));
            out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        }
        return 2;
    }
    if (out) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    }
    return 3;
}

/* Convert in[r..len) as text that is not all UTF-8: a valid UTF-8
 * sequence is kept as it is and any other byte taken as Windows-1252 (so a
 * Windows-1252 or Latin-1 file reads right, and so does a UTF-8 file with
 * a stray byte, which decoding it all as Windows-1252 would garble), "\r\n"
 * and "\r" become "\n". Writes at out + *w (out NULL: only measures) and
 * advances *w. Returns the offset of the first byte that is no text in
 * either (NUL, or one Windows-1252 leaves undefined), or len. */
static size_t convert_mixed(const unsigned char *in, size_t r, size_t len,
                            unsigned char *out, size_t *w, int *had_crlf)
{
    while (r < len) {
        unsigned char c = in[r];
        size_t n = c >= 0x80 ? norm_utf8_len((const char *)in + r, len - r) : 1;

        if (c == 0 || (n == 0 && cp1252_char(c) == 0))
            return r;
        if (n == 0) {
            *w += put_utf8(cp1252_char(c), out ? out + *w : NULL);
            r++;
        } else if (c == '\r') {
            *had_crlf = 1;
            if (out)
                out[*w] = '\n';
            ++*w;
            r += (r + 1 < len && in[r + 1] == '\n') ? 2 : 1;
        } else {
            if (out)
                memcpy(out + *w, in + r, n);
            *w += n;
            r += n;
        }
    }
    return len;
}

/* The text after the first byte that is not UTF-8 (at offset r, with the
 * converted text before it in buf[0..w)): converted as convert_mixed says
 * into a new buffer, which replaces *cbuf. TEXTIO_OK with msg holding the
 * note that says so, TEXTIO_BINARY / TEXTIO_BAD_UTF8 at a byte that is not
 * text in either, TEXTIO_NOMEM. *cbuf is freed on failure. */
static textio_status finish_windows1252(char **cbuf, size_t *lenp, size_t w,
                                        size_t r, int *had_crlf, char *msg,
                                        size_t msglen)
{
    const unsigned char *in = (const unsigned char *)*cbuf;
    size_t len = *lenp, line, col, outlen = w;
    size_t stop = convert_mixed(in, r, len, NULL, &outlen, had_crlf);
    unsigned char *out = malloc(outlen + 1);

    if (!out) {
        free(*cbuf);
        set_msg(msg, msglen, "out of memory converting %zu bytes", len);
        return TEXTIO_NOMEM;
    }
    memcpy(out, in, w);
    outlen = w;
    convert_mixed(in, r, stop, out, &outlen, had_crlf);
    if (stop < len) {
        int nul = in[stop] == 0;
        position_after(out, outlen, &line, &col);
        if (nul)
            set_msg(msg, msglen, "binary file (NUL byte at offset %zu): not a text "
                    "document", stop);
        else
            set_msg(msg, msglen, "not valid UTF-8 at line %zu, column %zu (byte offset "
                    "%zu: 0x%02X, which Windows-1252 does not define either): not "
                    "text; convert it to UTF-8", line, col, stop, (unsigned)in[stop]);
        free(out);
        free(*cbuf);
        return nul ? TEXTIO_BINARY : TEXTIO_BAD_UTF8;
    }
    position_after(out, w, &line, &col);
    set_msg(msg, msglen, "read as Windows-1252: not valid UTF-8 from line %zu, column "
            "%zu (byte offset %zu: 0x%02X)", line, col, r, (unsigned)in[r]);
    free(*cbuf);
    out[outlen] = '\0';
    *cbuf = (char *)out;
    *lenp = outlen;
    return TEXTIO_OK;
}

/* Nonzero when text[0..n) is all whitespace. */
static int all_space(const unsigned char *text, size_t n)
{
    size_t i;

    /* Nearly always decided by the first byte, so this costs nothing. */
    for (i = 0; i < n && is_space(text[i]); i++)
        ;
    return i == n;
}

/* Validate and convert buf[0..len) in place; buf has room for len + 1 bytes.
 * Takes ownership of buf: on success it becomes out->data, otherwise it is
 * freed. Text that is not UTF-8 is read as Windows-1252 where it is not
 * (finish_windows1252), with a note in msg. */
static textio_status finish(char *cbuf, size_t len, text_file *out, char *msg,
                            size_t msglen)
{
    unsigned char *buf = (unsigned char *)cbuf;
    size_t r = 0, w = 0, i, retry_words = 0;
    int had_bom = 0, had_crlf = 0, windows1252 = 0;

    if (msg && msglen)
        msg[0] = '\0';
    if (len == 0) {
        free(cbuf);
        set_msg(msg, msglen, "empty file (0 bytes): nothing to index");
        return TEXTIO_EMPTY;
    }
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
        had_bom = 1;
        r = 3;
    }

    while (r < len) {
        unsigned char c;

        /* After a word that needs attention, go byte by byte past it before
         * trying words again, so text dense with accents is not slowed by
         * failed word checks. */
        if (r >= retry_words) {
            copy_plain_ascii(buf, len, &r, &w);
            if (r == len)
                break;
            retry_words = r + 8;
        }
        c = buf[r];
        if (c >= 0x80) {
            size_t n = norm_utf8_len((const char *)buf + r, len - r);

            if (n == 0) {
                /* A NUL anywhere makes it binary, which tells the user more
                 * than the first bad byte does (a PNG fails UTF-8 at byte 0
                 * but is plainly not a text document). */
                const void *nul = memchr(buf + r, 0, len - r);
                if (nul) {
                    set_msg(msg, msglen, "binary file (NUL byte at offset "
                            "%zu): not a text document",
                            (size_t)((const unsigned char *)nul - buf));
                    free(cbuf);
                    return TEXTIO_BINARY;
                }
                textio_status st = finish_windows1252(&cbuf, &len, w, r, &had_crlf,
                                                      msg, msglen);
                if (st != TEXTIO_OK)
                    return st;
                buf = (unsigned char *)cbuf;
                w = len;
                windows1252 = 1;
                break;
            }
            for (i = 0; i < n; i++)
                buf[w++] = buf[r++];
        } else if (c == '\r') {
            had_crlf = 1;
            buf[w++] = '\n';
            r += (r + 1 < len && buf[r + 1] == '\n') ? 2 : 1;
        } else if (c == 0) {
            set_msg(msg, msglen, "binary file (NUL byte at offset %zu): not a "
                    "text document", r);
            free(cbuf);
            return TEXTIO_BINARY;
        } else {
            buf[w++] = c;
            r++;
        }
    }
    buf[w] = '\0';

    if (all_space(buf, w)) {
        set_msg(msg, msglen, w == 0 ? "empty file (only a byte-order mark): "
                "nothing to index" : "file contains only whitespace: nothing "
                "to index");
        free(cbuf);
        return TEXTIO_EMPTY;
    }

    out->data = cbuf;
    out->len = w;
    out->had_bom = had_bom;
    out->had_crlf = had_crlf;
    out->windows1252 = windows1252;
    return TEXTIO_OK;
}

static void too_big_msg(size_t size, int while_reading, size_t max_bytes, char *msg,
                        size_t msglen)
{
    if (while_reading)
        set_msg(msg, msglen, "file is over the size limit of %zu bytes (it "
                "grew while being read, or its size was not known in "
                "advance; raise it with --max-file-size)", max_bytes);
    else
        set_msg(msg, msglen, "file is %zu bytes, over the size limit of %zu "
                "bytes (raise it with --max-file-size)", size, max_bytes);
}

/* Read fd to EOF into a fresh buffer with one spare byte for the final NUL.
 * size_hint is fstat's size; the file may turn out shorter or longer. */
static textio_status read_all(int fd, size_t size_hint, size_t max_bytes,
                              char **bufp, size_t *lenp, char *msg,
                              size_t msglen)
{
    /* Reading one byte past the limit is how growth past it is noticed. */
    size_t limit = max_bytes == SIZE_MAX ? SIZE_MAX - 1 : max_bytes + 1;
    size_t cap, len = 0;
    char *buf;

    if (size_hint > SIZE_MAX - 2) {
        set_msg(msg, msglen, "out of memory reading %zu bytes", size_hint);
        return TEXTIO_NOMEM;
    }
    /* size + 2: room for the whole file, one byte to see EOF without
     * growing, and the NUL. */
    cap = size_hint < TEXTIO_MIN_CHUNK ? TEXTIO_MIN_CHUNK : size_hint + 2;
    buf = malloc(cap);
    if (!buf) {
        set_msg(msg, msglen, "out of memory reading %zu bytes", size_hint);
        return TEXTIO_NOMEM;
    }
    for (;;) {
        size_t room = cap - 1 - len;
        ssize_t got;

        if (room > limit - len)
            room = limit - len;
        if (room == 0) {
            if (len >= limit) {
                free(buf);
                too_big_msg(len, 1, max_bytes, msg, msglen);
                return TEXTIO_TOO_BIG;
            }
            /* Full but under the limit: the file is longer than fstat said. */
            size_t ncap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
            char *nbuf = realloc(buf, ncap);
            if (!nbuf) {
                free(buf);
                set_msg(msg, msglen, "out of memory reading %zu bytes", ncap);
                return TEXTIO_NOMEM;
            }
            buf = nbuf;
            cap = ncap;
            continue;
        }
        got = read(fd, buf + len, room);
        if (got < 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            free(buf);
            set_msg(msg, msglen, "cannot read: %s", errno_words(e));
            return TEXTIO_UNREADABLE;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    if (len > max_bytes) {
        free(buf);
        too_big_msg(len, 1, max_bytes, msg, msglen);
        return TEXTIO_TOO_BIG;
    }
    *bufp = buf;
    *lenp = len;
    return TEXTIO_OK;
}

textio_status textio_load(const char *path, size_t max_bytes, char **bytes,
                          size_t *len_out, char *msg, size_t msglen)
{
    struct stat st;
    textio_status status;
    char *buf = NULL;
    size_t len = 0;
    int fd;

    *bytes = NULL;
    *len_out = 0;
    /* stat before open so that a device or FIFO is never opened at all
     * (opening some devices has side effects); the fstat after open is what
     * actually decides, in case the path changed in between. */
    if (stat(path, &st) != 0)
        return stat_failure(path, errno, msg, msglen);
    if (!S_ISREG(st.st_mode)) {
        set_msg(msg, msglen, "%s, not a regular file", file_type_words(st.st_mode));
        return TEXTIO_NOT_REGULAR;
    }

    /* O_NONBLOCK: if a FIFO was swapped in after the stat, open must not wait
     * for a writer. It has no effect on reads from regular files. */
    do
        fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return stat_failure(path, errno, msg, msglen);
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        set_msg(msg, msglen, "cannot read: %s", errno_words(e));
        return TEXTIO_UNREADABLE;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        set_msg(msg, msglen, "%s, not a regular file", file_type_words(st.st_mode));
        return TEXTIO_NOT_REGULAR;
    }
    /* Refuse before allocating or reading anything. */
    if (st.st_size > 0 && (uintmax_t)st.st_size > (uintmax_t)max_bytes) {
        close(fd);
        too_big_msg((size_t)st.st_size, 0, max_bytes, msg, msglen);
        return TEXTIO_TOO_BIG;
    }

    status = read_all(fd, st.st_size > 0 ? (size_t)st.st_size : 0, max_bytes,
                      &buf, &len, msg, msglen);
    close(fd);
    if (status != TEXTIO_OK)
        return status;
    *bytes = buf;
    *len_out = len;
    return TEXTIO_OK;
}

textio_status textio_read(const char *path, size_t max_bytes, text_file *out,
                          char *msg, size_t msglen)
{
    char *buf;
    size_t len;
    memset(out, 0, sizeof *out);
    textio_status status = textio_load(path, max_bytes, &buf, &len, msg, msglen);
    if (status != TEXTIO_OK)
        return status;
    return finish(buf, len, out, msg, msglen);
}

textio_status textio_check_text(char *bytes, size_t len, text_file *out, char *msg,
                                size_t msglen)
{
    memset(out, 0, sizeof *out);
    return finish(bytes, len, out, msg, msglen);
}

textio_status textio_from_buffer(const char *bytes, size_t len, size_t max_bytes,
                                 text_file *out, char *msg, size_t msglen)
{
    char *buf;

    memset(out, 0, sizeof *out);
    if (len > max_bytes) {
        too_big_msg(len, 0, max_bytes, msg, msglen);
        return TEXTIO_TOO_BIG;
    }
    buf = malloc(len + 1);
    if (!buf) {
        set_msg(msg, msglen, "out of memory copying %zu bytes", len);
        return TEXTIO_NOMEM;
    }
    if (len)
        memcpy(buf, bytes, len);
    return finish(buf, len, out, msg, msglen);
}

void text_file_clear(text_file *f)
{
    if (!f)
        return;
    free(f->data);
    memset(f, 0, sizeof *f);
}

const char *textio_status_string(textio_status st)
{
    switch (st) {
    case TEXTIO_OK: return "ok";
    case TEXTIO_UNREADABLE: return "unreadable file";
    case TEXTIO_NOT_REGULAR: return "not a regular file";
    case TEXTIO_LOOP: return "symlink loop";
    case TEXTIO_EMPTY: return "empty file";
    case TEXTIO_BINARY: return "binary file";
    case TEXTIO_TOO_BIG: return "file too big";
    case TEXTIO_BAD_UTF8: return "not valid UTF-8";
    case TEXTIO_NOMEM: return "out of memory";
    }
    return "unknown status";
}
