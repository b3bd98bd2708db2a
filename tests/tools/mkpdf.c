/*
 * mkpdf.c: renders one of the project's plain-text documents as a PDF, so
 * that the PDF reader (indexer/read/pdf.h) is tested against PDFs made at
 * run time from the seed corpus instead of committed binaries.
 *
 *   mkpdf [--columns N] [--header TEXT] [--footer-page-numbers]
 *         [--width W] [--height H] [--title TEXT]
 *         [--created DATE] [--modified DATE] IN.txt OUT.pdf
 *
 * Input is the corpus's plain text: paragraphs separated by blank (or
 * whitespace-only) lines, "# " .. "###### " Markdown headings, "- " bullets,
 * any other line plain text. Output, on pages W x H points (A4 by default):
 *  - headings bold and larger (20, 15, 12.5, then 11 pt), without the '#';
 *  - bullets drawn as "•" with the item's text indented after it;
 *  - body text 10.5 pt DejaVu Sans, each source line wrapped to the column
 *    on its own, so a short source line stays short (a hard break);
 *  - a word of 12 or more ASCII letters that does not fit at a line's end
 *    is hyphenated when a piece of at least 5 letters fits and the rest
 *    (3 letters or more) starts lowercase; a word wider than the column is
 *    cut wherever it must be, without a hyphen;
 *  - blank line -> paragraph gap; page (or column) breaks wherever the
 *    column fills, so paragraphs run across them;
 *  - --header TEXT on every page, 9 pt, in the top margin; with
 *    --footer-page-numbers "Page N of M" in the bottom margin;
 *  - --columns 2 (or 3) sets the body in columns 24 pt apart;
 *  - --title sets the PDF Title; --created / --modified the dates, as
 *    cairo wants them ("2024-03-01T10:00:00", optional "Z" or "+01:00").
 *    Both dates default to fixed values so the output is reproducible.
 *
 * Exit 0, or 2 with a message on stderr (usage, I/O, cairo error). A test
 * tool: it trusts its input to be UTF-8 and reads it whole into memory.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "DejaVu Sans"
#define BODY_SIZE 10.5
#define PITCH 1.333      /* baseline to baseline, times the font size */
#define PARA_GAP 8.0     /* extra space between paragraphs */
#define HEAD_GAP 6.0     /* extra space before a heading */
#define MARGIN_X 56.0
#define MARGIN_TOP 72.0
#define MARGIN_BOTTOM 72.0
#define GUTTER 24.0
#define BULLET_INDENT 14.0
#define MIN_HYPHEN_WORD 12

/* One piece of text to draw, found by the layout pass before the page
 * count ("Page N of M") is known. */
typedef struct op {
    int page;       /* 0-based */
    double x, y;    /* baseline start */
    double size;
    int bold;
    char *text;
} op;

typedef struct layout {
    cairo_t *cr;    /* for measuring */
    op *ops;
    size_t n_ops, cap_ops;
    double page_w, page_h;
    int columns;
    double col_w;
    int page, col;
    double y;       /* baseline of the last line placed; 0 at column top */
    int failed;
} layout;

static void die(const char *what)
{
    fprintf(stderr, "mkpdf: %s\n", what);
    exit(2);
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        die("out of memory");
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void set_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Width of s[0..n) in the current font. */
static double width_n(cairo_t *cr, const char *s, size_t n)
{
    char buf[4096];
    cairo_text_extents_t ext;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    cairo_text_extents(cr, buf, &ext);
    return ext.x_advance;
}

static void add_op(layout *L, double x, double size, int bold, const char *s,
                   size_t n)
{
    if (L->n_ops == L->cap_ops) {
        L->cap_ops = L->cap_ops ? L->cap_ops * 2 : 256;
        L->ops = realloc(L->ops, L->cap_ops * sizeof *L->ops);
        if (!L->ops)
            die("out of memory");
    }
    op *o = &L->ops[L->n_ops++];
    o->page = L->page;
    o->x = x;
    o->y = L->y;
    o->size = size;
    o->bold = bold;
    o->text = dup_n(s, n);
}

static double col_left(const layout *L)
{
    return MARGIN_X + L->col * (L->col_w + GUTTER);
}

/* Move to the next line's baseline for a line of this size, starting a new
 * column or page when the column is full. */
static void next_line(layout *L, double size)
{
    double bottom = L->page_h - MARGIN_BOTTOM;
    double y = L->y == 0 ? MARGIN_TOP + size : L->y + size * PITCH;
    if (y > bottom) {
        if (++L->col == L->columns) {
            L->col = 0;
            L->page++;
        }
        y = MARGIN_TOP + size;
    }
    L->y = y;
}

/* Extra space before a paragraph or heading, except at a column's top. */
static void gap(layout *L, double space)
{
    if (L->y != 0)
        L->y += space;
}

static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }

/* Length of the longest prefix of word (the letters before a hyphen) that
 * fits in room together with a hyphen, or 0 when the word must not be
 * hyphenated (see the rules at the top). */
static size_t hyphen_point(cairo_t *cr, const char *w, size_t n, double room)
{
    size_t letters = 0;
    while (letters < n && is_alpha(w[letters]))
        letters++;
    if (letters < MIN_HYPHEN_WORD)
        return 0;
    double hy = width_n(cr, "-", 1);
    for (size_t k = letters - 3; k >= 5; k--)
        if (is_lower(w[k]) && width_n(cr, w, k) + hy <= room)
            return k;
    return 0;
}

/* Bytes of s that fit in room, cut at a UTF-8 character boundary; at least
 * one character so that the layout always moves on. */
static size_t fit_bytes(cairo_t *cr, const char *s, size_t n, double room)
{
    size_t k = 0, best = 0;
    while (k < n) {
        size_t next = k + 1;
        while (next < n && ((unsigned char)s[next] & 0xC0) == 0x80)
            next++;
        if (best && width_n(cr, s, next) > room)
            break;
        best = k = next;
    }
    return best;
}

/* Lay out one source line (already without its '#' or '- ' marker) wrapped
 * to the column; an item's lines are indented past its bullet. */
static void wrap_line(layout *L, const char *s, size_t n, double size,
                      int bold, const char *bullet)
{
    cairo_t *cr = L->cr;
    set_font(cr, size, bold);
    double indent = bullet ? BULLET_INDENT : 0;
    double room_all = L->col_w - indent;
    double space = width_n(cr, " ", 1);
    char *line = malloc(n + 2);
    if (!line)
        die("out of memory");
    size_t len = 0;
    int first = 1;
    const char *p = s, *end = s + n;

#define EMIT()                                                             \
    do {                                                                   \
        next_line(L, size);                                                \
        if (first && bullet)                                               \
            add_op(L, col_left(L), size, bold, bullet, strlen(bullet));    \
        add_op(L, col_left(L) + indent, size, bold, line, len);            \
        first = 0;                                                         \
        len = 0;                                                           \
    } while (0)

    while (p < end) {
        while (p < end && *p == ' ')
            p++;
        if (p == end)
            break;
        const char *w = p;
        while (p < end && *p != ' ')
            p++;
        size_t wn = (size_t)(p - w);
        while (wn > 0) {
            double used = len ? width_n(cr, line, len) + space : 0;
            if (used + width_n(cr, w, wn) <= room_all) {
                if (len)
                    line[len++] = ' ';
                memcpy(line + len, w, wn);
                len += wn;
                break;
            }
            size_t k = hyphen_point(cr, w, wn, room_all - used);
            if (k) {
                if (len)
                    line[len++] = ' ';
                memcpy(line + len, w, k);
                len += k;
                line[len++] = '-';
                EMIT();
                w += k;
                wn -= k;
                continue;
            }
            if (len) {
                EMIT();
                continue;
            }
            /* Wider than the column on its own: cut it. */
            k = fit_bytes(cr, w, wn, room_all);
            memcpy(line, w, k);
            len = k;
            EMIT();
            w += k;
            wn -= k;
        }
    }
    if (len || first)
        EMIT();
#undef EMIT
    free(line);
}

static int heading_level(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] == '#')
        k++;
    return k >= 1 && k <= 6 && k < n && s[k] == ' ' ? (int)k : 0;
}

static double heading_size(int level)
{
    static const double sizes[] = {20, 15, 12.5, 11, 11, 11};
    return sizes[level - 1];
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Lay out the whole document: one source line at a time. */
static void lay_out(layout *L, const char *text, size_t n)
{
    const char *p = text, *end = text + n;
    int para_start = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t len = (size_t)(e - p);
        if (len && p[len - 1] == '\r')
            len--;
        if (blank(p, len)) {
            para_start = 1;
        } else {
            int level = heading_level(p, len);
            if (level) {
                gap(L, PARA_GAP + HEAD_GAP);
                size_t skip = (size_t)level + 1;
                wrap_line(L, p + skip, len - skip, heading_size(level), 1, NULL);
            } else {
                if (para_start)
                    gap(L, PARA_GAP);
                if (len >= 2 && p[0] == '-' && p[1] == ' ')
                    wrap_line(L, p + 2, len - 2, BODY_SIZE, 0, "\xE2\x80\xA2");
                else
                    wrap_line(L, p, len, BODY_SIZE, 0, NULL);
            }
            para_start = 0;
        }
        p = nl ? nl + 1 : end;
    }
}

static void render(layout *L, cairo_surface_t *surface, const char *header,
                   int page_numbers)
{
    cairo_t *cr = L->cr;
    int pages = L->n_ops ? L->ops[L->n_ops - 1].page + 1 : 1;
    size_t i = 0;
    for (int pg = 0; pg < pages; pg++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        for (; i < L->n_ops && L->ops[i].page == pg; i++) {
            set_font(cr, L->ops[i].size, L->ops[i].bold);
            cairo_move_to(cr, L->ops[i].x, L->ops[i].y);
            cairo_show_text(cr, L->ops[i].text);
        }
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        set_font(cr, 9, 0);
        if (header) {
            cairo_move_to(cr, MARGIN_X, 40);
            cairo_show_text(cr, header);
        }
        if (page_numbers) {
            char buf[64];
            snprintf(buf, sizeof buf, "Page %d of %d", pg + 1, pages);
            cairo_move_to(cr, L->page_w - MARGIN_X - width_n(cr, buf, strlen(buf)),
                          L->page_h - 32);
            cairo_show_text(cr, buf);
        }
        cairo_show_page(cr);
    }
    (void)surface;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mkpdf: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (!buf || ferror(f))
        die("cannot read the input");
    fclose(f);
    *len = n;
    return buf;
}

static void usage(void)
{
    fputs("usage: mkpdf [--columns N] [--header TEXT] [--footer-page-numbers]\n"
          "             [--width W] [--height H] [--title TEXT]\n"
          "             [--created DATE] [--modified DATE] IN.txt OUT.pdf\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    layout L;
    memset(&L, 0, sizeof L);
    L.columns = 1;
    L.page_w = 595;
    L.page_h = 842;
    const char *header = NULL, *title = NULL;
    const char *created = "2024-03-01T09:00:00Z", *modified = "2024-04-15T16:30:00Z";
    int page_numbers = 0, i;
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--footer-page-numbers") == 0)
            page_numbers = 1;
        else if (strcmp(a, "--columns") == 0 && has_value)
            L.columns = atoi(argv[++i]);
        else if (strcmp(a, "--header") == 0 && has_value)
            header = argv[++i];
        else if (strcmp(a, "--width") == 0 && has_value)
            L.page_w = atof(argv[++i]);
        else if (strcmp(a, "--height") == 0 && has_value)
            L.page_h = atof(argv[++i]);
        else if (strcmp(a, "--title") == 0 && has_value)
            title = argv[++i];
        else if (strcmp(a, "--created") == 0 && has_value)
            created = argv[++i];
        else if (strcmp(a, "--modified") == 0 && has_value)
            modified = argv[++i];
        else
            usage();
    }
    if (argc - i != 2 || L.columns < 1 || L.columns > 3)
        usage();
    L.col_w = (L.page_w - 2 * MARGIN_X - (L.columns - 1) * GUTTER) / L.columns;
    if (L.col_w < 60 || L.page_h < MARGIN_TOP + MARGIN_BOTTOM + 40)
        die("page too small");

    size_t n;
    char *text = read_all(argv[i], &n);
    cairo_surface_t *s = cairo_pdf_surface_create(argv[i + 1], L.page_w, L.page_h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        die(cairo_status_to_string(cairo_surface_status(s)));
    if (title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, created);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, modified);
    L.cr = cairo_create(s);

    lay_out(&L, text, n);
    render(&L, s, header, page_numbers);

    cairo_status_t st = cairo_status(L.cr);
    cairo_destroy(L.cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    for (size_t k = 0; k < L.n_ops; k++)
        free(L.ops[k].text);
    free(L.ops);
    free(text);
    /* cairo keeps fonts in static caches; release them so that a sanitizer
     * build of the tool reports only real leaks. */
    cairo_debug_reset_static_data();
    FcFini();
    if (st != CAIRO_STATUS_SUCCESS)
        die(cairo_status_to_string(st));
    return 0;
}
