/*
 * reader.c: a file's format, recognised by content, and its reader (see
 * reader.h).
 */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "pdf.h"
#include "reader_sandbox.h"
#include "textio.h"

const char *doc_format_name(doc_format f)
{
    switch (f) {
    case FORMAT_HTML: return "html";
    case FORMAT_PDF: return "pdf";
    default: return "text";
    }
}

void reader_limits_default(reader_limits *l, size_t max_bytes)
{
    memset(l, 0, sizeof *l);
    l->max_bytes = max_bytes;
    l->cpu_seconds = 30;
    l->wall_seconds = 60;
    l->memory_bytes = (size_t)2 << 30;
}

void doc_read_clear(doc_read *d)
{
    free(d->bytes);
    doc_blocks_clear(&d->blocks);
    memset(d, 0, sizeof *d);
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n >= m && strcasecmp(name + n - m, suffix) == 0;
}

static doc_format detect(const char *name, const char *bytes, size_t len)
{
    if (pdf_sniff(bytes, len))
        return FORMAT_PDF;
    if (html_sniff(bytes, len))
        return FORMAT_HTML;
    /* A fragment without <html> or a doctype, named as a web page. */
    if (name && (has_suffix(name, ".html") || has_suffix(name, ".htm")) &&
        memchr(bytes, '<', len < 4096 ? len : 4096))
        return FORMAT_HTML;
    return FORMAT_TEXT;
}

static reader_status from_textio(textio_status ts)
{
    switch (ts) {
    case TEXTIO_OK: return READER_OK;
    case TEXTIO_NOMEM: return READER_NOMEM;
    case TEXTIO_EMPTY: case TEXTIO_BINARY: case TEXTIO_BAD_UTF8: return READER_REFUSED;
    default: return READER_CANNOT_READ;
    }
}

/* Take over bytes (len, room for a NUL after them) and read them. */
static reader_status read_bytes(const char *name, char *bytes, size_t len,
                                const reader_limits *lim, doc_read *out, char *why,
                                size_t whylen)
{
    out->format = detect(name, bytes, len);
    if (out->format == FORMAT_TEXT) {
        text_file tf;
        textio_status ts = textio_check_text(bytes, len, &tf, why, whylen);
        if (ts != TEXTIO_OK)
            return from_textio(ts);
        out->bytes = tf.data;
        out->len = tf.len;
        return READER_OK;
    }
    bytes[len] = '\0';
    out->bytes = bytes;
    out->len = len;
    int rc = out->format == FORMAT_PDF
                 ? sandbox_read(pdf_read, bytes, len, lim, &out->blocks, why, whylen)
                 : sandbox_read(html_read, bytes, len, lim, &out->blocks, why, whylen);
    if (rc == SANDBOX_NOMEM)
        return READER_NOMEM;
    if (rc != SANDBOX_OK)
        return READER_REFUSED;
    if (out->blocks.n == 0) {
        snprintf(why, whylen, "no text found in this %s document",
                 out->format == FORMAT_PDF ? "PDF" : "HTML");
        return READER_REFUSED;
    }
    return READER_OK;
}

reader_status reader_read(const char *path, const reader_limits *lim, doc_read *out,
                          char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    if (doc_blocks_init(&out->blocks) != 0)
        return READER_NOMEM;
    char *bytes;
    size_t len;
    textio_status ts = textio_load(path, lim->max_bytes, &bytes, &len, why, whylen);
    if (ts != TEXTIO_OK)
        return from_textio(ts);
    return read_bytes(path, bytes, len, lim, out, why, whylen);
}

reader_status reader_from_buffer(const char *name, const char *bytes, size_t len,
                                 const reader_limits *lim, doc_read *out, char *why,
                                 size_t whylen)
{
    memset(out, 0, sizeof *out);
    if (doc_blocks_init(&out->blocks) != 0)
        return READER_NOMEM;
    if (len > lim->max_bytes) {
        snprintf(why, whylen, "too big (%zu bytes; the limit is %zu)", len, lim->max_bytes);
        return READER_CANNOT_READ;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return READER_NOMEM;
    if (len)
        memcpy(copy, bytes, len);
    return read_bytes(name, copy, len, lim, out, why, whylen);
}
