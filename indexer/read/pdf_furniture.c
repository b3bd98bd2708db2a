/*
 * pdf_furniture.c: step 2 (pdf_internal.h). Running headers and footers
 * (text repeated in the same place in the top or bottom band on enough
 * pages) and page numbers (keeping step with the page, or "N of <page
 * count>") are marked dropped, each kind noted once.
 */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>

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

static int repeated_enough(const pdf_reader *R, unsigned pages)
{
    return pages >= 2 && pages * 2 >= R->n_pages;
}

/* Text repeated in the same place: candidates sorted by (band, text with
 * digits masked, y); each run of equal text within 4 pt is one place. */
static void drop_repeated(pdf_reader *R, cand *c, size_t n, unsigned *page_mark)
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
                pdf_add_note(R, "running %s \"%.*s\" on %u of %u pages",
                             c[i].band ? "footer" : "header", (int)s->len,
                             R->text.p + s->off, pages, R->n_pages);
            }
        }
        i = j;
    }
}

/* Page numbers that keep step with the page (number - page the same on
 * enough pages), or that say "N of <page count>" on page N. */
static void drop_page_numbers(pdf_reader *R, cand *c, size_t n)
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

void pdf_drop_headers(pdf_reader *R)
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
        if (band < 0 || pdf_grow((void **)&c, &cap, n, sizeof *c, &R->rc))
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
            pdf_sbuf_add(&R->text, digit ? "#" : &ch, 1, &R->rc);
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
        pdf_add_note(R, "page numbers");
    if (!R->rc)
        R->text.n = text_end;
    free(c);
    free(page_mark);
}
