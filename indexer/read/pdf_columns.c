/*
 * pdf_columns.c: step 3 (pdf_internal.h). Each page's columns, found from
 * gutters (vertical strips with almost no text) or, on a page too short to
 * show them, the document's usual ones; its segments put in reading order
 * and joined into lines, each knowing its column's edges.
 */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>

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
static int find_gutter(const pdf_reader *R, const place *p, size_t n, double lo,
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
static void find_columns(const pdf_reader *R, const place *p, size_t n,
                         double *cuts, int *ncuts)
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
static void join_lines(pdf_reader *R, place *p, size_t n, int ncols)
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
        if (pdf_grow((void **)&R->lines, &R->cap_lines, R->n_lines,
                     sizeof *R->lines, &R->rc))
            return;
        seg line = R->segs[p[i].seg];
        size_t longest = line.len;
        if (j > i + 1) {
            line.off = R->text.n;
            for (size_t k = i; k < j; k++) {
                const seg *s = &R->segs[p[k].seg];
                if (k > i)
                    pdf_sbuf_add(&R->text, " ", 1, &R->rc);
                pdf_sbuf_copy(&R->text, s->off, s->len, &R->rc);
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
static size_t page_places(pdf_reader *R, unsigned pno, place **out)
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
static int cuts_fit(const pdf_reader *R, const place *p, size_t n,
                    const double *cuts, int ncuts)
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

void pdf_detect_columns(pdf_reader *R)
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

void pdf_order_page(pdf_reader *R, unsigned pno)
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

void pdf_usual_edges(pdf_reader *R)
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
