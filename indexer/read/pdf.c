/*
 * pdf.c: the PDF reader (see pdf.h for the rules it applies).
 *
 * Poppler gives, per page, the text in its own reading order, one box per
 * character and font runs. From them, in this order:
 *   1. segments: runs of characters on one line, split where a gap is too
 *      wide to be a word space (a column gutter, a table cell);
 *   2. running headers, footers and page numbers are marked dropped (this
 *      needs every page, so all segments are kept until the end);
 *   3. per page, columns are found from a gutter, segments put in reading
 *      order and joined into lines;
 *   4. lines of the whole document, one flow, become blocks;
 *   5. blocks in a larger or bold font become headings, levels by size.
 * Errors are sticky (SQLite's fts5 style): a helper that fails sets
 * reader.rc and every later helper does nothing, so pdf_read reads straight
 * down and checks once.
 */
#include "pdf.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>
#include <utf8proc.h>

/* ===================================================================== */
/* Tuning: every length below is in points unless it says em (the font   */
/* size of the line concerned).                                          */
/* ===================================================================== */

#define BAND 0.08             /* header / footer band: this share of the
                                 page height at its top and at its bottom */
#define BAND_MIN 48.0         /* ... and at least this high */
#define SPLIT_GAP_EM 1.5      /* a gap this wide inside a poppler line
                                 splits it: wider than any word space */
#define GUTTER_MIN 8.0        /* narrowest column gutter */
#define GUTTER_COVER 0.10     /* a gutter may be crossed by text this high
                                 (share of the page's text height): a
                                 title set across both columns */
#define COLUMN_FILL 0.20      /* each column's text covers at least this
                                 share of the page's text height */
#define MAX_COLUMNS 4
#define INDENT_TOL_EM 0.3     /* lines start "at the same x" within this */
#define FIRST_INDENT_EM 4.0   /* widest first-line indentation */
#define GAP_FACTOR 1.25       /* a baseline step this much over the usual
                                 line spacing ends a paragraph */
#define SPACE_EM 0.25         /* narrowest word space, for "short line" */
#define HEADING_MAX_BYTES 300 /* a longer bold or large paragraph is text */
#define NOTE_BYTES 160        /* longest poppler message kept */
#define MAX_SEGMENTS 1000000  /* pieces of lines in a document (about 130
                                 bytes each): a real one has some 100,000 */

/* ===================================================================== */
/* Growable text buffer, capped at PDF_MAX_TEXT_BYTES                     */
/* ===================================================================== */

enum { RC_OK, RC_NOMEM, RC_TOOBIG, RC_DAMAGED };

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

/* Room for n more bytes and a NUL in b; 0, or -1 with *rc set. */
static int sbuf_reserve(sbuf *b, size_t n, int *rc)
{
    if (*rc)
        return -1;
    if (n >= PDF_MAX_TEXT_BYTES || b->n + n + 1 > PDF_MAX_TEXT_BYTES) {
        *rc = RC_TOOBIG;
        return -1;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            *rc = RC_NOMEM;
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    return 0;
}

/* Append s[0..n) to b; on failure sets *rc (unless already set). s must
 * not point into b (see sbuf_copy). */
static void sbuf_add(sbuf *b, const char *s, size_t n, int *rc)
{
    if (sbuf_reserve(b, n, rc))
        return;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Append b's own bytes [off, off + n): safe when b moves as it grows. */
static void sbuf_copy(sbuf *b, size_t off, size_t n, int *rc)
{
    if (sbuf_reserve(b, n, rc))
        return;
    memmove(b->p + b->n, b->p + off, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Grow an array of elements of size el to hold one more; 0 or sets *rc. */
static int grow(void **v, size_t *cap, size_t n, size_t el, int *rc)
{
    if (*rc)
        return -1;
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*v, c * el);
    if (!p) {
        *rc = RC_NOMEM;
        return -1;
    }
    *v = p;
    *cap = c;
    return 0;
}

/* ===================================================================== */
/* Poppler's messages: caught while pdf_read runs on this thread          */
/* ===================================================================== */

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

/* ===================================================================== */
/* Characters                                                             */
/* ===================================================================== */

/* One character of poppler's text at s[0..n): bytes used (at least 1) and
 * the code point, U+FFFD when invalid. One character per layout box, so a
 * bad sequence is consumed the way it was written (lead byte and its
 * continuation bytes), never byte by byte. */
static size_t next_char(const char *str, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (s[0] < 0x80) {      /* most of it: no need to ask utf8proc */
        *cp = s[0];
        return 1;
    }
    size_t want = s[0] < 0xC0 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    size_t k = 1;
    while (k < want && k < n && (s[k] & 0xC0) == 0x80)
        k++;
    utf8proc_int32_t c = -1;
    if (utf8proc_iterate(s, (utf8proc_ssize_t)k, &c) != (utf8proc_ssize_t)k || c < 0)
        c = 0xFFFD;
    *cp = c;
    return k;
}

static int is_odd_space(int32_t c)
{
    return c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0x1680 || c == '\t';
}

/* Characters that carry nothing: controls, zero-width spaces, BOM. */
static int is_invisible(int32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200B ||
           c == 0x2060 || c == 0xFEFF;
}

/* Append c to b as the reader's text has it: ligatures spelt out,
 * symbol-font bullets as real bullets. Spaces and invisibles are the
 * caller's business. */
static void put_char(sbuf *b, int32_t c, int *rc)
{
    static const char *const lig[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    if (c < 0x80 && b->n + 2 <= b->cap && !*rc) {   /* the common case */
        b->p[b->n++] = (char)c;
        b->p[b->n] = '\0';
        return;
    }
    if (c >= 0xFB00 && c <= 0xFB06) {
        sbuf_add(b, lig[c - 0xFB00], strlen(lig[c - 0xFB00]), rc);
        return;
    }
    if (c == 0xF0B7)        /* Symbol / Wingdings bullet */
        c = 0x2022;
    else if (c == 0xF0A7)   /* Wingdings square bullet */
        c = 0x25AA;
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t k = utf8proc_encode_char(c, u);
    sbuf_add(b, (const char *)u, (size_t)(k > 0 ? k : 0), rc);
}

static int32_t first_cp(const char *s, size_t n)
{
    int32_t c = 0;
    if (n)
        next_char(s, n, &c);
    return c;
}

/* The last code point of s[0..n) and where it starts. */
static int32_t last_cp(const char *s, size_t n, size_t *at)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0)
        i--;
    if (at)
        *at = i;
    int32_t c = 0;
    if (n)
        next_char(s + i, n - i, &c);
    return c;
}

static int is_lower(int32_t c)
{
    return c > 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static int is_letter(int32_t c)
{
    if (c <= 0)
        return 0;
    utf8proc_category_t k = utf8proc_category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

/* ===================================================================== */
/* Segments: what poppler gives for one page                              */
/* ===================================================================== */

/* A run of text on one line: from one poppler line, split at wide gaps;
 * after step 3, a whole line of one column. y grows downwards. */
typedef struct seg {
    double x0, y0, x1, y1;
    double size;        /* font size of most of its characters; 0 unknown */
    double first_w;     /* width of its first word */
    double second_x;    /* where its second word starts (x1 if none) */
    double col_left, col_right;  /* its column's edges (step 3) */
    size_t off, len;    /* its text in reader.text */
    unsigned page;      /* 1-based */
    int col;            /* 0-based column; -1 spans the columns */
    int ncols;          /* columns on its page */
    int sect;           /* band of the page between spanning lines */
    unsigned char bold, dropped;
} seg;

typedef struct page_info {
    double w, h;
    size_t first, n;    /* its segments in reader.segs */
    double cuts[MAX_COLUMNS - 1];  /* x of its column gutters, ascending */
    int ncuts;
} page_info;

typedef struct reader {
    int rc;
    char note[NOTE_BYTES + 32];  /* what RC_DAMAGED says */
    sbuf text;              /* segment and line text */
    seg *segs;
    size_t n_segs, cap_segs;
    page_info *pages;
    unsigned n_pages;
    seg *lines;             /* step 3's output, in reading order */
    size_t n_lines, cap_lines;
    char **notes;           /* for out->dropped */
    size_t n_notes, cap_notes;
    int dropped_pagenums;
    double pitch;           /* usual baseline step, in em */
    int body_key;           /* body text size, in half points */
} reader;

static void add_note(reader *R, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_note(reader *R, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (grow((void **)&R->notes, &R->cap_notes, R->n_notes, sizeof *R->notes,
             &R->rc))
        return;
    char *s = strdup(buf);
    if (!s) {
        R->rc = RC_NOMEM;
        return;
    }
    R->notes[R->n_notes++] = s;
}

/* Our own min and max, so that the reader does not need libm for them. */
static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }
static double dabs(double a) { return a < 0 ? -a : a; }

static double clampd(double v, double lo, double hi)
{
    if (!isfinite(v))
        return lo;
    return v < lo ? lo : v > hi ? hi : v;
}

/* Font names with these in them are bold: "Arial-BoldMT", "Foo,Bold",
 * "Calibri-Black", "OpenSans-SemiBold". */
static int bold_font(const char *name)
{
    static const char *const w[] = {"bold", "black", "heavy", "demi"};
    if (!name)
        return 0;
    for (const char *p = name; *p; p++)
        for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
            if (g_ascii_strncasecmp(p, w[i], strlen(w[i])) == 0)
                return 1;
    return 0;
}

/* The segment being built. */
typedef struct seg_build {
    seg s;
    int open, pending_space, words;
    double last_x0, last_x1, last_y1, last_size;
    unsigned chars, bold_chars;
    double sizes[4];
    unsigned counts[4];
} seg_build;

static void seg_close(reader *R, seg_build *b)
{
    if (!b->open)
        return;
    b->open = 0;
    seg *s = &b->s;
    s->len = R->text.n - s->off;
    if (s->len == 0 || b->chars == 0)
        return;
    unsigned best = 0;
    for (int i = 0; i < 4; i++)
        if (b->counts[i] > best) {
            best = b->counts[i];
            s->size = b->sizes[i];
        }
    if (s->size <= 0)   /* no font size from poppler: the box's height */
        s->size = (s->y1 - s->y0) * 0.8;
    s->bold = b->bold_chars * 10 >= b->chars * 9;
    if (b->words < 2) {
        s->first_w = s->x1 - s->x0;
        s->second_x = s->x1;
    }
    if (R->n_segs >= MAX_SEGMENTS && !R->rc)
        R->rc = RC_TOOBIG;
    if (grow((void **)&R->segs, &R->cap_segs, R->n_segs, sizeof *R->segs, &R->rc))
        return;
    R->segs[R->n_segs++] = *s;
}

/* Add one visible character with its box to the page's segments. */
static void seg_char(reader *R, seg_build *b, unsigned page, int32_t c,
                     double x0, double y0, double x1, double y1, double size,
                     int bold)
{
    double em = size > 0 ? size : (y1 - y0) * 0.8;
    if (b->open) {
        double m = em > b->last_size ? em : b->last_size;
        if (x0 - b->last_x1 > SPLIT_GAP_EM * m || x0 < b->last_x0 - 0.5 * m ||
            dabs(y1 - b->last_y1) > 0.7 * m)
            seg_close(R, b);
    }
    if (!b->open) {
        memset(b, 0, sizeof *b);
        b->open = 1;
        b->s.x0 = x0;
        b->s.y0 = y0;
        b->s.x1 = x1;
        b->s.y1 = y1;
        b->s.off = R->text.n;
        b->s.page = page;
        b->words = 1;
    } else if (b->pending_space) {
        if (b->words == 1) {
            b->s.first_w = b->last_x1 - b->s.x0;
            b->s.second_x = x0;
        }
        b->words++;
        sbuf_add(&R->text, " ", 1, &R->rc);
    }
    b->pending_space = 0;
    put_char(&R->text, c, &R->rc);
    if (x0 < b->s.x0)
        b->s.x0 = x0;
    if (y0 < b->s.y0)
        b->s.y0 = y0;
    if (x1 > b->s.x1)
        b->s.x1 = x1;
    if (y1 > b->s.y1)
        b->s.y1 = y1;
    b->last_x0 = x0;
    b->last_x1 = x1;
    b->last_y1 = y1;
    b->last_size = em;
    b->chars++;
    b->bold_chars += bold != 0;
    for (int i = 0; i < 4; i++)
        if (b->counts[i] == 0 || b->sizes[i] == size) {
            b->sizes[i] = size;
            b->counts[i]++;
            break;
        }
}

/* Step 1 for one page: poppler's text, boxes and fonts -> segments. */
static void read_page(reader *R, PopplerPage *page, unsigned pno)
{
    page_info *pi = &R->pages[pno - 1];
    pi->first = R->n_segs;
    poppler_page_get_size(page, &pi->w, &pi->h);
    pi->w = clampd(pi->w, 1, 1e5);
    pi->h = clampd(pi->h, 1, 1e5);

    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    if (!poppler_page_get_text_layout(page, &rects, &n_rects)) {
        rects = NULL;
        n_rects = 0;
    }
    GList *attrs = poppler_page_get_text_attributes(page);
    GList *a = attrs;
    int a_bold = a ? bold_font(((PopplerTextAttributes *)a->data)->font_name) : 0;

    seg_build b;
    memset(&b, 0, sizeof b);
    size_t n = text ? strlen(text) : 0, i = 0;
    for (guint k = 0; i < n && k < n_rects && !R->rc; k++) {
        int32_t c;
        i += next_char(text + i, n - i, &c);
        if (k >= PDF_MAX_PAGE_CHARS) {
            add_note(R, "page %u: text after %u characters skipped", pno,
                     (unsigned)PDF_MAX_PAGE_CHARS);
            break;
        }
        if (c == '\n') {
            seg_close(R, &b);
            continue;
        }
        if (c == ' ' || is_odd_space(c)) {
            b.pending_space = b.open;
            continue;
        }
        if (is_invisible(c))
            continue;
        while (a && (gint)k > ((PopplerTextAttributes *)a->data)->end_index) {
            a = a->next;
            a_bold = a ? bold_font(((PopplerTextAttributes *)a->data)->font_name) : 0;
        }
        PopplerTextAttributes *at = a ? a->data : NULL;
        int in_run = at && (gint)k >= at->start_index;
        const PopplerRectangle *r = &rects[k];
        double x0 = clampd(dmin(r->x1, r->x2), -1e5, 1e5);
        double x1 = clampd(dmax(r->x1, r->x2), -1e5, 1e5);
        double y0 = clampd(dmin(r->y1, r->y2), -1e5, 1e5);
        double y1 = clampd(dmax(r->y1, r->y2), -1e5, 1e5);
        seg_char(R, &b, pno, c, x0, y0, x1, y1,
                 in_run ? clampd(at->font_size, 0, 1e4) : 0, in_run && a_bold);
    }
    seg_close(R, &b);
    pi->n = R->n_segs - pi->first;
    g_free(text);
    g_free(rects);
    poppler_page_free_text_attributes(attrs);
}

/* ===================================================================== */
/* Step 2: running headers, footers and page numbers                      */
/* ===================================================================== */

/* 1 if s is a page number as footers print them, with the number (and the
 * page count, or -1) in *num, *of. */
static int page_number_text(const char *s, size_t n, long *num, long *of)
{
    size_t i = 0;
    int dashed = 0;
    *num = *of = -1;
#define SKIP_WS() while (i < n && s[i] == ' ') i++
#define NUMBER(v) do {                                                  \
        if (i == n || s[i] < '0' || s[i] > '9') return 0;               \
        long v_ = 0; size_t d_ = 0;                                      \
        for (; i < n && s[i] >= '0' && s[i] <= '9' && d_ < 6; i++, d_++) \
            v_ = v_ * 10 + (s[i] - '0');                                 \
        if (i < n && s[i] >= '0' && s[i] <= '9') return 0;               \
        v = v_;                                                          \
    } while (0)
    if (n >= 4 && g_ascii_strncasecmp(s, "page", 4) == 0) {
        i = 4;
        SKIP_WS();
    } else if (i < n && s[i] == '-') {
        dashed = 1;
        i++;
        SKIP_WS();
    } else if (n >= 3 && memcmp(s, "\xE2\x80\x93", 3) == 0) {
        dashed = 1;
        i = 3;
        SKIP_WS();
    }
    NUMBER(*num);
    SKIP_WS();
    if (dashed) {
        if (i < n && s[i] == '-')
            i++;
        else if (n - i >= 3 && memcmp(s + i, "\xE2\x80\x93", 3) == 0)
            i += 3;
        else
            return 0;
    } else if (i < n && (s[i] == '/' || (n - i >= 2 &&
                         g_ascii_strncasecmp(s + i, "of", 2) == 0))) {
        i += s[i] == '/' ? 1 : 2;
        SKIP_WS();
        NUMBER(*of);
    }
    SKIP_WS();
    return i == n;
#undef SKIP_WS
#undef NUMBER
}

/* A line in a header or footer band. */
typedef struct cand {
    const char *key;    /* text with digit runs as '#' (set once built) */
    size_t seg, key_off, key_len;
    unsigned page;
    int band;           /* 0 top, 1 bottom */
    long num;           /* page-number pass: number - page */
    double y;
} cand;

static int cand_by_text(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    if (a->band != b->band)
        return a->band - b->band;
    size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
    int c = memcmp(a->key, b->key, n);
    if (c || a->key_len != b->key_len)
        return c ? c : a->key_len < b->key_len ? -1 : 1;
    return a->y < b->y ? -1 : a->y > b->y;
}

static int cand_by_offset(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    if (a->band != b->band)
        return a->band - b->band;
    if (a->num != b->num)
        return a->num < b->num ? -1 : 1;
    return a->page < b->page ? -1 : a->page > b->page;
}

static int repeated_enough(const reader *R, unsigned pages)
{
    return pages >= 2 && pages * 2 >= R->n_pages;
}

/* Text repeated in the same place: candidates sorted by (band, text with
 * digits masked, y); each run of equal text within 4 pt is one place. */
static void drop_repeated(reader *R, cand *c, size_t n, unsigned *page_mark)
{
    for (size_t i = 0; i < n && !R->rc;) {
        size_t j = i;
        unsigned pages = 0;
        while (j < n && c[j].band == c[i].band && c[j].key_len == c[i].key_len &&
               memcmp(c[j].key, c[i].key, c[i].key_len) == 0 &&
               c[j].y - c[i].y <= 4.0) {
            if (page_mark[c[j].page] != i + 1) {
                page_mark[c[j].page] = (unsigned)(i + 1);
                pages++;
            }
            j++;
        }
        if (repeated_enough(R, pages)) {
            const seg *s = &R->segs[c[i].seg];
            long num, of;
            for (size_t k = i; k < j; k++)
                R->segs[c[k].seg].dropped = 1;
            if (page_number_text(R->text.p + s->off, s->len, &num, &of)) {
                R->dropped_pagenums = 1;
            } else {
                add_note(R, "running %s \"%.*s\" on %u of %u pages",
                         c[i].band ? "footer" : "header", (int)s->len,
                         R->text.p + s->off, pages, R->n_pages);
            }
        }
        i = j;
    }
}

/* Page numbers that keep step with the page (number - page the same on
 * enough pages), or that say "N of <page count>" on page N. */
static void drop_page_numbers(reader *R, cand *c, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const seg *s = &R->segs[c[i].seg];
        long num, of;
        if (s->dropped || !page_number_text(R->text.p + s->off, s->len, &num, &of))
            continue;
        if (of == (long)R->n_pages && num == (long)c[i].page) {
            R->segs[c[i].seg].dropped = 1;
            R->dropped_pagenums = 1;
            continue;
        }
        c[m] = c[i];
        c[m++].num = num - (long)c[i].page;
    }
    if (m > 1)
        qsort(c, m, sizeof *c, cand_by_offset);
    for (size_t i = 0; i < m;) {
        size_t j = i;
        unsigned pages = 0, last = 0;
        for (; j < m && c[j].band == c[i].band && c[j].num == c[i].num; j++)
            if (c[j].page != last) {
                pages++;
                last = c[j].page;
            }
        if (repeated_enough(R, pages)) {
            for (size_t k = i; k < j; k++)
                R->segs[c[k].seg].dropped = 1;
            R->dropped_pagenums = 1;
        }
        i = j;
    }
}

/* Step 2. The masked keys are written after the text, then forgotten. */
static void drop_headers(reader *R)
{
    cand *c = NULL;
    size_t n = 0, cap = 0, text_end = R->text.n;
    unsigned *page_mark = calloc(R->n_pages + 1, sizeof *page_mark);
    if (!page_mark)
        R->rc = RC_NOMEM;
    for (size_t i = 0; i < R->n_segs && !R->rc; i++) {
        seg *s = &R->segs[i];
        const page_info *pi = &R->pages[s->page - 1];
        double cy = (s->y0 + s->y1) / 2;
        double band_h = dmax(BAND * pi->h, BAND_MIN);
        int band = cy < band_h ? 0 : cy > pi->h - band_h ? 1 : -1;
        if (band < 0 || grow((void **)&c, &cap, n, sizeof *c, &R->rc))
            continue;
        cand *k = &c[n++];
        k->seg = i;
        k->page = s->page;
        k->band = band;
        k->y = cy;
        k->key_off = R->text.n;
        for (size_t j = 0; j < s->len; j++) {
            char ch = R->text.p[s->off + j];
            int digit = ch >= '0' && ch <= '9';
            if (digit && R->text.n > k->key_off && R->text.p[R->text.n - 1] == '#')
                continue;
            sbuf_add(&R->text, digit ? "#" : &ch, 1, &R->rc);
        }
        k->key_len = R->text.n - k->key_off;
    }
    if (!R->rc) {
        for (size_t i = 0; i < n; i++)
            c[i].key = R->text.p + c[i].key_off;
        if (n > 1)
            qsort(c, n, sizeof *c, cand_by_text);
        drop_repeated(R, c, n, page_mark);
    }
    if (!R->rc)
        drop_page_numbers(R, c, n);
    if (!R->rc && R->dropped_pagenums)
        add_note(R, "page numbers");
    if (!R->rc)
        R->text.n = text_end;
    free(c);
    free(page_mark);
}

/* ===================================================================== */
/* Step 3: columns, reading order, lines                                  */
/* ===================================================================== */

/* Segment indexes of one page, with their place in the reading order. */
typedef struct place {
    size_t seg;
    int sect, span, col;
    double y0, x0;
} place;

static int place_cmp(const void *pa, const void *pb)
{
    const place *a = pa, *b = pb;
    if (a->sect != b->sect)
        return a->sect - b->sect;
    if (a->span != b->span)
        return b->span - a->span;  /* the spanning line opens its band */
    if (a->col != b->col)
        return a->col - b->col;
    if (a->y0 != b->y0)
        return a->y0 < b->y0 ? -1 : 1;
    return a->x0 < b->x0 ? -1 : a->x0 > b->x0;
}

static int place_by_x(const void *pa, const void *pb)
{
    const place *a = pa, *b = pb;
    return a->x0 < b->x0 ? -1 : a->x0 > b->x0;
}

/* Find the widest gutter between lo and hi among the segments p[0..n)
 * that lie inside [lo, hi]: x-ranges crossed by (almost) no text, with
 * enough text on both sides. Returns 1 and the gutter's middle in *at. */
static int find_gutter(const reader *R, const place *p, size_t n, double lo,
                       double hi, double top, double bottom, double *at)
{
    enum { BINS = 1024 };
    double cover[BINS + 1] = {0};
    double width = hi - lo, height = bottom - top;
    if (width < 100 || height <= 0)
        return 0;
    double bw = width / BINS;
    for (size_t i = 0; i < n; i++) {
        const seg *s = &R->segs[p[i].seg];
        if (s->x0 < lo - 0.5 || s->x1 > hi + 0.5)
            continue;
        int b0 = (int)clampd((s->x0 - lo) / bw, 0, BINS - 1);
        int b1 = (int)clampd((s->x1 - lo) / bw, 0, BINS - 1);
        cover[b0] += s->y1 - s->y0;
        cover[b1 + 1] -= s->y1 - s->y0;
    }
    int best0 = -1, best1 = -1, run0 = -1;
    double acc = 0;
    for (int b = 0; b <= BINS; b++) {
        acc += b < BINS ? cover[b] : 0;
        int empty = b < BINS && acc <= GUTTER_COVER * height &&
                    b * bw > 0.1 * width && (b + 1) * bw < 0.9 * width;
        if (empty && run0 < 0)
            run0 = b;
        if (!empty && run0 >= 0) {
            if (b - run0 > best1 - best0) {
                best0 = run0;
                best1 = b;
            }
            run0 = -1;
        }
    }
    if (best0 < 0 || (best1 - best0) * bw < GUTTER_MIN)
        return 0;
    double g0 = lo + best0 * bw, g1 = lo + best1 * bw;
    double left = 0, right = 0;
    size_t nl = 0, nr = 0;
    for (size_t i = 0; i < n; i++) {
        const seg *s = &R->segs[p[i].seg];
        if (s->x0 < lo - 0.5 || s->x1 > hi + 0.5)
            continue;
        if (s->x1 <= g0 + bw) {
            left += s->y1 - s->y0;
            nl++;
        } else if (s->x0 >= g1 - bw) {
            right += s->y1 - s->y0;
            nr++;
        }
    }
    if (nl < 3 || nr < 3 || left < COLUMN_FILL * height || right < COLUMN_FILL * height)
        return 0;
    *at = (g0 + g1) / 2;
    return 1;
}

/* Column boundaries for one page: cuts[0..*ncuts) ascending. */
static void find_columns(const reader *R, const place *p, size_t n, double *cuts,
                         int *ncuts)
{
    double lo = 1e9, hi = -1e9, top = 1e9, bottom = -1e9;
    for (size_t i = 0; i < n; i++) {
        const seg *s = &R->segs[p[i].seg];
        lo = dmin(lo, s->x0);
        hi = dmax(hi, s->x1);
        top = dmin(top, s->y0);
        bottom = dmax(bottom, s->y1);
    }
    *ncuts = 0;
    if (n < 6)
        return;
    /* Split the widest column again until nothing splits. */
    double edges[MAX_COLUMNS + 1];
    int ne = 2;
    edges[0] = lo;
    edges[1] = hi;
    for (int k = 0; k + 1 < ne && ne <= MAX_COLUMNS;) {
        double at;
        if (find_gutter(R, p, n, edges[k], edges[k + 1], top, bottom, &at)) {
            memmove(edges + k + 2, edges + k + 1, (size_t)(ne - k - 1) * sizeof *edges);
            edges[k + 1] = at;
            ne++;
        } else {
            k++;
        }
    }
    for (int k = 1; k + 1 < ne; k++)
        cuts[(*ncuts)++] = edges[k];
}

/* Join p[0..n) (one band of one column, sorted) into lines: segments that
 * overlap vertically are one line, left to right. */
static void join_lines(reader *R, place *p, size_t n, int ncols)
{
    for (size_t i = 0; i < n && !R->rc;) {
        const seg *f = &R->segs[p[i].seg];
        size_t j = i + 1;
        while (j < n) {
            const seg *s = &R->segs[p[j].seg];
            double overlap = dmin(f->y1, s->y1) - dmax(f->y0, s->y0);
            double h = dmin(f->y1 - f->y0, s->y1 - s->y0);
            if (overlap < 0.5 * h)
                break;
            j++;
        }
        if (j > i + 1)   /* left to right within the line */
            qsort(p + i, j - i, sizeof *p, place_by_x);
        if (grow((void **)&R->lines, &R->cap_lines, R->n_lines, sizeof *R->lines, &R->rc))
            return;
        seg line = R->segs[p[i].seg];
        size_t longest = line.len;
        if (j > i + 1) {
            line.off = R->text.n;
            for (size_t k = i; k < j; k++) {
                const seg *s = &R->segs[p[k].seg];
                if (k > i)
                    sbuf_add(&R->text, " ", 1, &R->rc);
                sbuf_copy(&R->text, s->off, s->len, &R->rc);
                if (k > i) {
                    line.x1 = dmax(line.x1, s->x1);
                    line.y0 = dmin(line.y0, s->y0);
                    line.y1 = dmax(line.y1, s->y1);
                    if (k == i + 1 && R->segs[p[i].seg].second_x >= R->segs[p[i].seg].x1)
                        line.second_x = s->x0;
                    if (s->len > longest) {
                        longest = s->len;
                        line.size = s->size;
                    }
                    line.bold = line.bold && s->bold;
                }
            }
            line.len = R->text.n - line.off;
        }
        line.col = p[i].span ? -1 : p[i].col;
        line.sect = p[i].sect;
        line.ncols = ncols;
        R->lines[R->n_lines++] = line;
        i = j;
    }
}

/* The page's segments that are still there, as places (NULL, 0 when
 * there are none or memory ran out: see R->rc). */
static size_t page_places(reader *R, unsigned pno, place **out)
{
    const page_info *pi = &R->pages[pno - 1];
    *out = NULL;
    if (R->rc)
        return 0;
    place *p = malloc((pi->n ? pi->n : 1) * sizeof *p);
    if (!p) {
        R->rc = RC_NOMEM;
        return 0;
    }
    size_t n = 0;
    for (size_t i = pi->first; i < pi->first + pi->n; i++)
        if (!R->segs[i].dropped) {
            p[n].seg = i;
            p[n].x0 = R->segs[i].x0;
            p[n].y0 = R->segs[i].y0;
            n++;
        }
    *out = p;
    return n;
}

/* Would these gutters do for this page: text on both sides of each, and
 * (almost) none across it? For a page too short to show its columns by
 * itself (the last page of a two-column document). */
static int cuts_fit(const reader *R, const place *p, size_t n, const double *cuts,
                    int ncuts)
{
    double top = 1e9, bottom = -1e9;
    for (size_t i = 0; i < n; i++) {
        top = dmin(top, R->segs[p[i].seg].y0);
        bottom = dmax(bottom, R->segs[p[i].seg].y1);
    }
    for (int k = 0; k < ncuts; k++) {
        double across = 0;
        int left = 0, right = 0;
        for (size_t i = 0; i < n; i++) {
            const seg *s = &R->segs[p[i].seg];
            if (s->x1 <= cuts[k])
                left = 1;
            else if (s->x0 >= cuts[k])
                right = 1;
            else
                across += s->y1 - s->y0;
        }
        if (!left || !right || across > GUTTER_COVER * (bottom - top))
            return 0;
    }
    return 1;
}

static int same_cuts(const page_info *a, const page_info *b)
{
    if (a->ncuts != b->ncuts)
        return 0;
    for (int k = 0; k < a->ncuts; k++)
        if (dabs(a->cuts[k] - b->cuts[k]) > 12)
            return 0;
    return 1;
}

/* Columns of every page: its own gutters, or where it shows none, the
 * document's usual ones if they fit it. */
static void detect_columns(reader *R)
{
    const page_info *usual = NULL;
    unsigned best = 0;
    for (unsigned pg = 1; pg <= R->n_pages && !R->rc; pg++) {
        place *p;
        size_t n = page_places(R, pg, &p);
        page_info *pi = &R->pages[pg - 1];
        double cuts[MAX_COLUMNS];
        find_columns(R, p, n, cuts, &pi->ncuts);
        memcpy(pi->cuts, cuts, (size_t)pi->ncuts * sizeof *cuts);
        free(p);
    }
    for (unsigned a = 0; a < R->n_pages && best * 2 < R->n_pages; a++) {
        unsigned count = 0;
        if (R->pages[a].ncuts == 0)
            continue;
        for (unsigned b = 0; b < R->n_pages; b++)
            count += same_cuts(&R->pages[a], &R->pages[b]);
        if (count > best) {
            best = count;
            usual = &R->pages[a];
        }
    }
    for (unsigned pg = 1; usual && pg <= R->n_pages && !R->rc; pg++) {
        page_info *pi = &R->pages[pg - 1];
        if (pi->ncuts)
            continue;
        place *p;
        size_t n = page_places(R, pg, &p);
        if (n >= 2 && cuts_fit(R, p, n, usual->cuts, usual->ncuts)) {
            pi->ncuts = usual->ncuts;
            memcpy(pi->cuts, usual->cuts, (size_t)usual->ncuts * sizeof *pi->cuts);
        }
        free(p);
    }
}

/* Step 3 for one page. */
static void order_page(reader *R, unsigned pno)
{
    place *p;
    size_t n = page_places(R, pno, &p);
    if (!p)
        return;
    const double *cuts = R->pages[pno - 1].cuts;
    int ncuts = R->pages[pno - 1].ncuts;

    /* Column of each segment; lines crossing a cut span the columns and
     * split the page into bands read one after the other. */
    double span_y[64];
    int n_span = 0;
    for (size_t i = 0; i < n; i++) {
        const seg *s = &R->segs[p[i].seg];
        p[i].col = 0;
        p[i].span = 0;
        for (int k = 0; k < ncuts; k++) {
            if (s->x0 < cuts[k] && s->x1 > cuts[k])
                p[i].span = 1;
            else if (s->x0 >= cuts[k])
                p[i].col = k + 1;
        }
        if (p[i].span && n_span < 64)
            span_y[n_span++] = (s->y0 + s->y1) / 2;
    }
    for (size_t i = 0; i < n; i++) {
        const seg *s = &R->segs[p[i].seg];
        double cy = (s->y0 + s->y1) / 2;
        int sect = 0;
        for (int k = 0; k < n_span; k++)
            sect += p[i].span ? span_y[k] < cy : span_y[k] <= cy;
        p[i].sect = sect + p[i].span;
    }
    qsort(p, n, sizeof *p, place_cmp);

    size_t first_line = R->n_lines;
    for (size_t i = 0; i < n && !R->rc;) {
        size_t j = i + 1;
        while (j < n && p[j].sect == p[i].sect && p[j].span == p[i].span &&
               p[j].col == p[i].col)
            j++;
        join_lines(R, p + i, j - i, ncuts + 1);
        i = j;
    }
    free(p);

    /* Column edges on this page, for the "short line" test. */
    for (int k = 0; k <= ncuts && !R->rc; k++) {
        double l = 1e9, r = -1e9;
        for (size_t i = first_line; i < R->n_lines; i++)
            if (R->lines[i].col == k) {
                l = dmin(l, R->lines[i].x0);
                r = dmax(r, R->lines[i].x1);
            }
        for (size_t i = first_line; i < R->n_lines; i++)
            if (R->lines[i].col == k) {
                R->lines[i].col_left = l;
                R->lines[i].col_right = r;
            }
    }
    /* Lines across the columns: the edges of all the page's text. */
    double l = 1e9, r = -1e9;
    for (size_t i = first_line; i < R->n_lines; i++) {
        l = dmin(l, R->lines[i].x0);
        r = dmax(r, R->lines[i].x1);
    }
    for (size_t i = first_line; i < R->n_lines; i++)
        if (R->lines[i].col < 0) {
            R->lines[i].col_left = l;
            R->lines[i].col_right = r;
        }
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* A page's last column may hold a few short lines, which would make its
 * right edge look too far left: where a layout (columns, which one) has a
 * usual right edge over the document, a column's edge is at least that,
 * and its left edge at most the usual one. */
static void usual_edges(reader *R)
{
    enum { KEYS = MAX_COLUMNS * MAX_COLUMNS };
    for (int key = 0; key < KEYS && !R->rc; key++) {
        int ncols = key / MAX_COLUMNS + 1, col = key % MAX_COLUMNS;
        if (col >= ncols)
            continue;
        size_t nv = 0;
        double *l = malloc((R->n_pages + 1) * sizeof *l);
        double *r = malloc((R->n_pages + 1) * sizeof *r);
        if (!l || !r) {
            free(l);
            free(r);
            R->rc = RC_NOMEM;
            return;
        }
        /* One value per page column with at least 5 lines. */
        for (size_t i = 0; i < R->n_lines;) {
            size_t j = i, count = 0;
            while (j < R->n_lines && R->lines[j].page == R->lines[i].page) {
                count += R->lines[j].ncols == ncols && R->lines[j].col == col;
                j++;
            }
            for (size_t k = i; k < j && count >= 5; k++)
                if (R->lines[k].ncols == ncols && R->lines[k].col == col) {
                    l[nv] = R->lines[k].col_left;
                    r[nv++] = R->lines[k].col_right;
                    break;
                }
            i = j;
        }
        if (nv) {
            qsort(l, nv, sizeof *l, cmp_double);
            qsort(r, nv, sizeof *r, cmp_double);
            double ul = l[nv / 2], ur = r[nv / 2];
            for (size_t i = 0; i < R->n_lines; i++)
                if (R->lines[i].ncols == ncols && R->lines[i].col == col) {
                    R->lines[i].col_left = dmin(R->lines[i].col_left, ul);
                    R->lines[i].col_right = dmax(R->lines[i].col_right, ur);
                }
        }
        free(l);
        free(r);
    }
}

/* ===================================================================== */
/* Step 4: lines -> blocks                                                */
/* ===================================================================== */

/* Font size in half points, the unit sizes are compared in. */
static int size_key(double size)
{
    return (int)(clampd(size, 0, 1e4) * 2 + 0.5);
}

/* The usual baseline step (em) and body size, from the whole document:
 * the most common step between consecutive lines of one column in one
 * size, among steps a line (not a paragraph gap) could have. */
static void measure_document(reader *R)
{
    enum { BINS = 36 };
    unsigned hist[BINS] = {0};
    size_t *by_size = calloc(512, sizeof *by_size);
    if (!by_size) {
        R->rc = RC_NOMEM;
        return;
    }
    for (size_t i = 0; i < R->n_lines; i++) {
        const seg *L = &R->lines[i];
        int k = size_key(L->size);
        by_size[k < 511 ? k : 511] += L->len;
        if (i == 0 || L->size <= 0)
            continue;
        const seg *P = &R->lines[i - 1];
        if (P->page != L->page || P->col != L->col || P->sect != L->sect ||
            size_key(P->size) != k)
            continue;
        double r = (L->y1 - P->y1) / L->size;
        if (r >= 0.9 && r < 0.9 + BINS * 0.02)
            hist[(int)((r - 0.9) / 0.02)]++;
    }
    int best = -1;
    for (int b = 0; b < BINS; b++)
        if (hist[b] && (best < 0 || hist[b] > hist[best]))
            best = b;
    R->pitch = best < 0 ? 1.2 : 0.9 + (best + 0.5) * 0.02;
    R->body_key = 0;
    for (int k = 1; k < 512; k++)
        if (by_size[k] > by_size[R->body_key])
            R->body_key = k;
    free(by_size);
}

/* A block being built, and those done. */
typedef struct pblock {
    block_kind kind;
    int level;
    size_t off, len;    /* text in btext */
    unsigned page;
    int col, ncols;
    double size;
    int bold;
    double indent;      /* where its later lines start, from the left
                           edge of their column (it moves to the next) */
    unsigned lines;
} pblock;

typedef struct assembler {
    sbuf btext;
    pblock *v;
    size_t n, cap;
} assembler;

/* 1 = a bullet that always starts an item, 2 = a dash that does only
 * where the line does not carry on the previous one; *skip = bytes of
 * bullet and space. */
static int bullet_of(const char *s, size_t n, const seg *L, size_t *skip)
{
    static const char *const strong[] = {
        "\xE2\x80\xA2", "\xE2\x96\xAA", "\xE2\x96\xA0", "\xE2\x97\x8F",
        "\xE2\x97\xA6", "\xE2\x80\xA3", "\xE2\x81\x83", "\xE2\x88\x99",
        "\xC2\xB7", "\xE2\x96\xBA", "\xE2\x9E\xA2"};
    static const char *const weak[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94", "*"};
    size_t b = 0;
    int kind = 0;
    for (size_t i = 0; i < sizeof strong / sizeof *strong && !kind; i++)
        if (n > strlen(strong[i]) && memcmp(s, strong[i], strlen(strong[i])) == 0) {
            b = strlen(strong[i]);
            kind = 1;
        }
    for (size_t i = 0; i < sizeof weak / sizeof *weak && !kind; i++)
        if (n > strlen(weak[i]) && memcmp(s, weak[i], strlen(weak[i])) == 0) {
            b = strlen(weak[i]);
            kind = 2;
        }
    /* "o" from a symbol font, set off by a tab-wide gap. */
    if (!kind && n > 1 && s[0] == 'o' && L->second_x - L->x0 >= 1.0 * L->size &&
        L->size > 0) {
        b = 1;
        kind = 1;
    }
    if (!kind || b >= n || s[b] != ' ')
        return 0;
    while (b < n && s[b] == ' ')
        b++;
    if (b == n)
        return 0;
    *skip = b;
    return kind;
}

/* P and L are consecutive lines of one column (not over a break). */
static int same_run(const seg *P, const seg *L)
{
    return P->page == L->page && P->col == L->col && P->sect == L->sect;
}

/* The next line's first word would have fitted on P: P ended short. */
static int ends_short(const seg *P, const seg *L)
{
    return P->col_right - P->x1 >= L->first_w + SPACE_EM * P->size;
}

static int same_style(const pblock *b, const seg *L)
{
    return abs(size_key(b->size) - size_key(L->size)) <= 1 && b->bold == L->bold;
}

static int heading_style(const reader *R, const pblock *b)
{
    int k = size_key(b->size);
    return k >= R->body_key + 2 || (b->bold && k >= R->body_key - 1);
}

/* Does line k carry on the open block, by geometry and font alone? */
static int carries_on(const reader *R, const assembler *A, size_t k)
{
    const seg *L = &R->lines[k], *P = &R->lines[k - 1];
    const pblock *b = &A->v[A->n - 1];
    double em = dmax(L->size, P->size), tol = INDENT_TOL_EM * em;
    if (!same_style(b, L))
        return 0;
    int first_indent = b->kind == BLOCK_PARAGRAPH && b->lines == 1 &&
                       L->x0 < P->x0 - tol && P->x0 - L->x0 <= FIRST_INDENT_EM * em;
    if (same_run(P, L)) {
        double step = L->y1 - P->y1;
        if (step <= 0.1 * em || step > em * R->pitch * GAP_FACTOR)
            return 0;
        return dabs(L->x0 - L->col_left - b->indent) <= tol ||
               (first_indent && dabs(L->x0 - L->col_left) <= tol);
    }
    /* Over a column or page break: the paragraph runs on unless its last
     * line ended short. Whether that line ends a sentence is no guide:
     * within a paragraph about one line in twelve ends with a full stop,
     * while a paragraph's last line is full only when the next word is wider
     * than what is left of it, so a full line that ends a sentence mostly
     * continues its paragraph. */
    if (heading_style(R, b) || ends_short(P, L))
        return 0;
    double got = L->x0 - L->col_left;
    return dabs(got - b->indent) <= tol ||
           (b->kind == BLOCK_PARAGRAPH && b->lines == 1 && dabs(got) <= tol);
}

/* Append text to the open block, soft hyphens removed. */
static void add_text(reader *R, assembler *A, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xAD) {
            sbuf_add(&A->btext, s + from, i - from, &R->rc);
            from = i + 2;
        }
    sbuf_add(&A->btext, s + from, n - from, &R->rc);
}

/* Join line k onto the open block: '\n' after a short line, else a space;
 * nothing after a hyphenated word (see pdf.h) or a soft hyphen. */
static void continue_block(reader *R, assembler *A, size_t k)
{
    const seg *L = &R->lines[k], *P = &R->lines[k - 1];
    pblock *b = &A->v[A->n - 1];
    const char *s = R->text.p + L->off;
    const char *bt = A->btext.p + b->off;
    size_t bl = A->btext.n - b->off, at;
    const char *sep = same_run(P, L) && ends_short(P, L) ? "\n" : " ";
    const char *pt = R->text.p + P->off;
    int32_t last = last_cp(pt, P->len, &at);
    if (last == 0xAD) {
        sep = "";
    } else if (*sep == ' ' && (last == '-' || last == 0x2010) && bl > 0) {
        size_t at2;
        last_cp(bt, bl, &at2);
        if (is_letter(last_cp(bt, at2, NULL)) && is_lower(first_cp(s, L->len))) {
            A->btext.n = b->off + at2;   /* drop the hyphen */
            sep = "";
        }
    }
    sbuf_add(&A->btext, sep, strlen(sep), &R->rc);
    add_text(R, A, s, L->len);
    b->lines++;
    b->indent = L->x0 - L->col_left;
}

static void start_block(reader *R, assembler *A, size_t k, int bullet, size_t skip)
{
    const seg *L = &R->lines[k];
    if (grow((void **)&A->v, &A->cap, A->n, sizeof *A->v, &R->rc))
        return;
    pblock *b = &A->v[A->n++];
    memset(b, 0, sizeof *b);
    b->kind = bullet ? BLOCK_ITEM : BLOCK_PARAGRAPH;
    b->off = A->btext.n;
    b->page = L->page;
    b->col = L->col;
    b->ncols = L->ncols;
    b->size = L->size;
    b->bold = L->bold;
    b->indent = (bullet ? L->second_x : L->x0) - L->col_left;
    b->lines = 1;
    add_text(R, A, R->text.p + L->off + skip, L->len - skip);
}

static void assemble(reader *R, assembler *A)
{
    for (size_t k = 0; k < R->n_lines && !R->rc; k++) {
        const seg *L = &R->lines[k];
        size_t skip = 0;
        int bullet = bullet_of(R->text.p + L->off, L->len, L, &skip);
        int on = A->n > 0 && carries_on(R, A, k);
        if (on && bullet == 2) {
            const seg *P = &R->lines[k - 1];
            if (same_run(P, L) && ends_short(P, L))
                on = 0;
            else
                bullet = 0;
        }
        if (on && !bullet)
            continue_block(R, A, k);
        else
            start_block(R, A, k, bullet, bullet ? skip : 0);
        if (A->n)
            A->v[A->n - 1].len = A->btext.n - A->v[A->n - 1].off;
    }
}

/* ===================================================================== */
/* Step 5: headings, then the blocks out                                  */
/* ===================================================================== */

static int cmp_int_desc(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return b - a;
}

/* Headings: levels by size (larger first), bold body text after. */
static void find_headings(reader *R, assembler *A)
{
    int styles[64];
    int n = 0;
    for (size_t i = 0; i < A->n; i++) {
        pblock *b = &A->v[i];
        if (b->kind != BLOCK_PARAGRAPH || !heading_style(R, b) ||
            b->len > HEADING_MAX_BYTES)
            continue;
        b->kind = BLOCK_HEADING;
        int style = size_key(b->size) * 2 + (b->bold != 0);
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen |= styles[k] == style;
        if (!seen && n < 64)
            styles[n++] = style;
    }
    qsort(styles, (size_t)n, sizeof *styles, cmp_int_desc);
    for (size_t i = 0; i < A->n; i++) {
        pblock *b = &A->v[i];
        if (b->kind != BLOCK_HEADING)
            continue;
        int style = size_key(b->size) * 2 + (b->bold != 0);
        b->level = 6;
        for (int k = 0; k < n && k < 6; k++)
            if (styles[k] == style)
                b->level = k + 1;
    }
}

/* Spaces collapsed and trimmed around line breaks, in place; new length. */
static size_t tidy(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' && (o == 0 || s[o - 1] == ' ' || s[o - 1] == '\n'))
            continue;
        if (c == '\n') {
            while (o > 0 && s[o - 1] == ' ')
                o--;
            if (o == 0 || s[o - 1] == '\n')
                continue;
        }
        s[o++] = c;
    }
    while (o > 0 && (s[o - 1] == ' ' || s[o - 1] == '\n'))
        o--;
    return o;
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

static int emit(reader *R, assembler *A, doc_blocks *out)
{
    for (size_t i = 0; i < A->n; i++) {
        pblock *b = &A->v[i];
        size_t len = tidy(A->btext.p + b->off, b->len);
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

/* ===================================================================== */
/* Facts and the entry points                                             */
/* ===================================================================== */

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
        i += next_char(title + i, n - i, &c);
        if (c == ' ' || c == '\n' || c == '\r' || is_odd_space(c))
            sbuf_add(&b, " ", 1, &rc);
        else if (!is_invisible(c) && c != 0xAD)
            put_char(&b, c, &rc);
    }
    g_free(title);
    if (!rc && b.n)
        rc = doc_facts_set(field, b.p, tidy(b.p, b.n));
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
static void read_document(reader *R, PopplerDocument *doc, log_ctx *log,
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
        read_page(R, page, p);
        g_object_unref(page);
        if (log->errors && R->n_segs == before && !R->rc) {
            R->rc = RC_DAMAGED;
            snprintf(R->note, sizeof R->note, "page %u: %s", p, log->last);
        } else if (log->errors) {
            add_note(R, "page %u: damaged content (%s); text may be incomplete",
                     p, log->last);
        }
    }
    if (R->rc || R->n_segs == 0)
        return;
    drop_headers(R);
    detect_columns(R);
    for (unsigned p = 1; p <= R->n_pages && !R->rc; p++)
        order_page(R, p);
    if (!R->rc)
        usual_edges(R);
    if (!R->rc)
        measure_document(R);
    if (!R->rc)
        assemble(R, A);
    if (!R->rc)
        find_headings(R, A);
}

static void reader_clear(reader *R, assembler *A)
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
    reader R;
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
