/*
 * pdf.c: the PDF reader (see pdf.h for the rules it applies, and
 * pdf_internal.h for how its files share the work). The entry points:
 * pdf_sniff, and pdf_read, which checks the bytes, opens the document with
 * poppler (its messages caught), reads each page within the limits, runs
 * the layout steps, and writes the blocks, notes and facts out.
 */
#include "pdf_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Poppler's messages, caught while pdf_read runs on this thread. */
typedef struct log_ctx {
    unsigned errors;            /* since the counter was last reset */
    char last[NOTE_BYTES];      /* the latest error, printable ASCII */
} log_ctx;

static _Thread_local log_ctx *current_log;

/* Poppler-glib logs "<category> at position <n>: <text>" at INFO level.
 * Warnings and unimplemented features are worked around and do not count;
 * errors do. The text can quote bytes from the file, so it is kept as
 * printable ASCII only. */
static void poppler_log(const gchar *domain, GLogLevelFlags level,
                        const gchar *message, gpointer data)
{
    log_ctx *c = current_log;
    if (!c) {
        g_log_default_handler(domain, level, message, data);
        return;
    }
    if (!message || strncmp(message, "Syntax warning", 14) == 0 ||
        strncmp(message, "Unimplemented", 13) == 0)
        return;
    c->errors++;
    const char *text = strstr(message, ": ");
    text = text ? text + 2 : message;
    size_t k = 0;
    for (; *text && k + 1 < sizeof c->last; text++)
        c->last[k++] = *text >= 0x20 && *text < 0x7f ? *text : '?';
    c->last[k] = '\0';
}

static void install_log_handler(void)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        g_log_set_handler("Poppler", G_LOG_LEVEL_MASK, poppler_log, NULL);
        g_once_init_leave(&once, 1);
    }
}

/* Undo what this call appended to out (blocks and drops). */
static void roll_back(doc_blocks *out, size_t n_blocks, size_t n_dropped)
{
    for (size_t i = n_blocks; i < out->n; i++) {
        free(out->v[i].text);
        free(out->v[i].where);
    }
    out->n = n_blocks;
    for (size_t i = n_dropped; i < out->n_dropped; i++)
        free(out->dropped[i]);
    out->n_dropped = n_dropped;
}

/* The blocks (tidied; empty ones skipped), then the notes, into out: 0, or
 * -1 when memory runs out (roll_back undoes what was added). */
static int emit(pdf_reader *R, assembler *A, doc_blocks *out)
{
    for (size_t i = 0; i < A->n; i++) {
        pblock *b = &A->v[i];
        size_t len = pdf_tidy(A->btext.p + b->off, b->len);
        if (len == 0)
            continue;
        char where[32] = "";
        if (b->ncols > 1 && b->col >= 0)
            snprintf(where, sizeof where, "column %d", b->col + 1);
        if (b->kind != BLOCK_HEADING)
            b->level = 0;
        if (doc_blocks_add(out, b->kind, b->level, A->btext.p + b->off, len, 0,
                           b->page, where) != 0)
            return -1;
    }
    for (size_t i = 0; i < R->n_notes; i++)
        if (doc_blocks_dropped(out, "%s", R->notes[i]) != 0)
            return -1;
    return 0;
}

/* YYYY-MM-DD, in the time zone the PDF gave (GDateTime keeps it). */
static int set_date(char **field, GDateTime *dt)
{
    if (!dt)
        return 0;
    int y, m, d;
    g_date_time_get_ymd(dt, &y, &m, &d);
    g_date_time_unref(dt);
    char s[32];
    int n = snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
    return doc_facts_set(field, s, (size_t)n);
}

/* The title as one clean line: controls dropped, spaces collapsed. */
static int set_title(char **field, gchar *title)
{
    if (!title)
        return 0;
    sbuf b = {NULL, 0, 0};
    int rc = 0;
    size_t n = strlen(title), i = 0;
    while (i < n && b.n < 1000 && !rc) {
        int32_t c;
        i += pdf_next_char(title + i, n - i, &c);
        if (c == ' ' || c == '\n' || c == '\r' || pdf_is_odd_space(c))
            pdf_sbuf_add(&b, " ", 1, &rc);
        else if (!pdf_is_invisible(c) && c != 0xAD)
            pdf_put_char(&b, c, &rc);
    }
    g_free(title);
    if (!rc && b.n)
        rc = doc_facts_set(field, b.p, pdf_tidy(b.p, b.n));
    free(b.p);
    return rc ? -1 : 0;
}

int pdf_sniff(const char *bytes, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(bytes + i, "%PDF-", 5) == 0)
            return 1;
    return 0;
}

/* A PDF ends with "%%EOF", give or take trailing junk: readers since
 * Acrobat look for it in the last 1024 bytes. Without it the file was cut
 * short (a download that stopped), and poppler would quietly rebuild what
 * is left. */
static int has_eof_marker(const char *bytes, size_t len)
{
    size_t from = len > 1024 ? len - 1024 : 0;
    for (size_t i = len >= 5 ? len - 5 + 1 : 0; i-- > from;)
        if (memcmp(bytes + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

static void say(char *msg, size_t msglen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(char *msg, size_t msglen, const char *fmt, ...)
{
    if (!msg || msglen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
}

/* Steps 1 to 5 on an open document. */
static void read_document(pdf_reader *R, PopplerDocument *doc, log_ctx *log,
                          assembler *A)
{
    for (unsigned p = 1; p <= R->n_pages && !R->rc; p++) {
        PopplerPage *page = poppler_document_get_page(doc, (int)p - 1);
        if (!page) {
            R->rc = RC_DAMAGED;
            snprintf(R->note, sizeof R->note, "page %u cannot be read", p);
            return;
        }
        log->errors = 0;
        size_t before = R->n_segs;
        pdf_read_page(R, page, p);
        g_object_unref(page);
        if (log->errors && R->n_segs == before && !R->rc) {
            R->rc = RC_DAMAGED;
            snprintf(R->note, sizeof R->note, "page %u: %s", p, log->last);
        } else if (log->errors) {
            pdf_add_note(R, "page %u: damaged content (%s); text may be incomplete",
                         p, log->last);
        }
    }
    if (R->rc || R->n_segs == 0)
        return;
    pdf_drop_headers(R);
    pdf_detect_columns(R);
    for (unsigned p = 1; p <= R->n_pages && !R->rc; p++)
        pdf_order_page(R, p);
    if (!R->rc)
        pdf_usual_edges(R);
    if (!R->rc)
        pdf_measure_document(R);
    if (!R->rc)
        pdf_assemble(R, A);
    if (!R->rc)
        pdf_find_headings(R, A);
}

static void reader_clear(pdf_reader *R, assembler *A)
{
    free(R->text.p);
    free(R->segs);
    free(R->pages);
    free(R->lines);
    for (size_t i = 0; i < R->n_notes; i++)
        free(R->notes[i]);
    free(R->notes);
    free(A->btext.p);
    free(A->v);
}

/* Open the document; NULL with msg set when it cannot be. */
static PopplerDocument *open_document(const char *bytes, size_t len, log_ctx *log,
                                      char *msg, size_t msglen)
{
    GBytes *gb = g_bytes_new_static(bytes, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &err);
    g_bytes_unref(gb);
    if (doc)
        return doc;
    if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
        say(msg, msglen, "encrypted PDF");
    else if (log->errors)
        say(msg, msglen, "damaged PDF: %s", log->last);
    else
        say(msg, msglen, "damaged PDF: %s", err && err->message ? err->message
                                                            : "cannot be opened");
    if (err)
        g_error_free(err);
    return NULL;
}

int pdf_read(const char *bytes, size_t len, doc_blocks *out, char *msg,
             size_t msglen)
{
    say(msg, msglen, "%s", "");
    if (!bytes || !pdf_sniff(bytes, len)) {
        say(msg, msglen, "not a PDF (no %%PDF- signature)");
        return -1;
    }
    if (!has_eof_marker(bytes, len)) {
        say(msg, msglen, "damaged PDF: truncated (no %%%%EOF in its last 1024 bytes)");
        return -1;
    }
    install_log_handler();
    log_ctx log;
    memset(&log, 0, sizeof log);
    log_ctx *saved = current_log;
    current_log = &log;

    int result = -1;
    pdf_reader R;
    assembler A;
    memset(&R, 0, sizeof R);
    memset(&A, 0, sizeof A);
    PopplerDocument *doc = open_document(bytes, len, &log, msg, msglen);
    if (!doc)
        goto done;
    int pages = poppler_document_get_n_pages(doc);
    if (pages <= 0) {
        say(msg, msglen, "damaged PDF: no pages");
        goto done;
    }
    if (pages > PDF_MAX_PAGES) {
        say(msg, msglen, "too many pages (%d; the limit is %d)", pages, PDF_MAX_PAGES);
        goto done;
    }
    R.n_pages = (unsigned)pages;
    R.pages = calloc(R.n_pages, sizeof *R.pages);
    if (!R.pages)
        R.rc = RC_NOMEM;
    if (!R.rc)
        read_document(&R, doc, &log, &A);

    if (R.rc == RC_NOMEM) {
        say(msg, msglen, "out of memory");
    } else if (R.rc == RC_TOOBIG) {
        say(msg, msglen, "too much text (over %u MiB, or over %u runs of text)",
            (unsigned)(PDF_MAX_TEXT_BYTES >> 20), (unsigned)MAX_SEGMENTS);
    } else if (R.rc == RC_DAMAGED) {
        say(msg, msglen, "damaged PDF: %s", R.note);
    } else if (A.n == 0) {
        say(msg, msglen, "no text layer (scanned?)");
    } else {
        size_t n_blocks = out->n, n_dropped = out->n_dropped;
        if (emit(&R, &A, out) != 0 ||
            set_title(&out->facts.title, poppler_document_get_title(doc)) != 0 ||
            set_date(&out->facts.published,
                     poppler_document_get_creation_date_time(doc)) != 0 ||
            set_date(&out->facts.updated,
                     poppler_document_get_modification_date_time(doc)) != 0) {
            roll_back(out, n_blocks, n_dropped);
            say(msg, msglen, "out of memory");
        } else if (out->n == n_blocks) {
            roll_back(out, n_blocks, n_dropped);
            say(msg, msglen, "no text layer (scanned?)");
        } else {
            out->facts.pages = R.n_pages;
            result = 0;
        }
    }
done:
    if (doc)
        g_object_unref(doc);
    reader_clear(&R, &A);
    current_log = saved;
    return result;
}
