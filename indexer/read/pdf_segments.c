/*
 * pdf_segments.c: step 1 (pdf_internal.h). One page's characters, with
 * their boxes and fonts from poppler, into segments: runs of text on one
 * line, split where a gap is too wide to be a word space, each with its
 * font size, boldness and first word's width.
 */
#include "pdf_internal.h"

#include <string.h>

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

static void seg_close(pdf_reader *R, seg_build *b)
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
    if (pdf_grow((void **)&R->segs, &R->cap_segs, R->n_segs, sizeof *R->segs,
                 &R->rc))
        return;
    R->segs[R->n_segs++] = *s;
}

/* Add one visible character with its box to the page's segments. */
static void seg_char(pdf_reader *R, seg_build *b, unsigned page, int32_t c,
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
        pdf_sbuf_add(&R->text, " ", 1, &R->rc);
    }
    b->pending_space = 0;
    pdf_put_char(&R->text, c, &R->rc);
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

void pdf_read_page(pdf_reader *R, PopplerPage *page, unsigned pno)
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
        i += pdf_next_char(text + i, n - i, &c);
        if (k >= PDF_MAX_PAGE_CHARS) {
            pdf_add_note(R, "page %u: text after %u characters skipped", pno,
                         (unsigned)PDF_MAX_PAGE_CHARS);
            break;
        }
        if (c == '\n') {
            seg_close(R, &b);
            continue;
        }
        if (c == ' ' || pdf_is_odd_space(c)) {
            b.pending_space = b.open;
            continue;
        }
        if (pdf_is_invisible(c))
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
