/*
 * pdf_paragraphs.c: steps 4 and 5 (pdf_internal.h; pdf.h has the rules).
 * The document's lines, one flow, into blocks: a line carries on the open
 * paragraph or item by spacing, indentation and font, over column and page
 * breaks too; bullets start items; hyphenated words are rejoined. Then
 * paragraphs in a larger or bold font become headings, levels by size.
 */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>

/* Font size in half points, the unit sizes are compared in. */
static int size_key(double size)
{
    return (int)(clampd(size, 0, 1e4) * 2 + 0.5);
}

void pdf_measure_document(pdf_reader *R)
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

static int heading_style(const pdf_reader *R, const pblock *b)
{
    int k = size_key(b->size);
    return k >= R->body_key + 2 || (b->bold && k >= R->body_key - 1);
}

/* Does line k carry on the open block, by geometry and font alone? */
static int carries_on(const pdf_reader *R, const assembler *A, size_t k)
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
static void add_text(pdf_reader *R, assembler *A, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xAD) {
            pdf_sbuf_add(&A->btext, s + from, i - from, &R->rc);
            from = i + 2;
        }
    pdf_sbuf_add(&A->btext, s + from, n - from, &R->rc);
}

/* Join line k onto the open block: '\n' after a short line, else a space;
 * nothing after a hyphenated word (see pdf.h) or a soft hyphen. */
static void continue_block(pdf_reader *R, assembler *A, size_t k)
{
    const seg *L = &R->lines[k], *P = &R->lines[k - 1];
    pblock *b = &A->v[A->n - 1];
    const char *s = R->text.p + L->off;
    const char *bt = A->btext.p + b->off;
    size_t bl = A->btext.n - b->off, at;
    const char *sep = same_run(P, L) && ends_short(P, L) ? "\n" : " ";
    const char *pt = R->text.p + P->off;
    int32_t last = pdf_last_cp(pt, P->len, &at);
    if (last == 0xAD) {
        sep = "";
    } else if (*sep == ' ' && (last == '-' || last == 0x2010) && bl > 0) {
        size_t at2;
        pdf_last_cp(bt, bl, &at2);
        if (pdf_is_letter(pdf_last_cp(bt, at2, NULL)) &&
            pdf_is_lower(pdf_first_cp(s, L->len))) {
            A->btext.n = b->off + at2;   /* drop the hyphen */
            sep = "";
        }
    }
    pdf_sbuf_add(&A->btext, sep, strlen(sep), &R->rc);
    add_text(R, A, s, L->len);
    b->lines++;
    b->indent = L->x0 - L->col_left;
}

static void start_block(pdf_reader *R, assembler *A, size_t k, int bullet,
                        size_t skip)
{
    const seg *L = &R->lines[k];
    if (pdf_grow((void **)&A->v, &A->cap, A->n, sizeof *A->v, &R->rc))
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

void pdf_assemble(pdf_reader *R, assembler *A)
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

static int cmp_int_desc(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return b - a;
}

void pdf_find_headings(pdf_reader *R, assembler *A)
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
