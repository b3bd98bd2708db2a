/*
 * test_pdf.c: the PDF reader (indexer/read/pdf.h) against PDFs made at run
 * time by tests/tools/mkpdf from the seed documents and from small texts
 * written here, so no binary fixture is committed and every layout rule is
 * checked against text whose paragraphs are known.
 *
 * Why run mkpdf rather than draw with cairo in the test: the fuzz seeds and
 * anyone debugging the reader make PDFs with the same tool, so what the
 * test reads is exactly what a person can regenerate and look at. The tool
 * is found through $LASEARCH_MKPDF, else the LASEARCH_MKPDF macro the build
 * defines; without either the test fails and says so.
 *
 * The comparison: a seed split on blank lines, each "#" heading line and
 * each "- " bullet line its own unit (markers stripped), the other lines of
 * a paragraph one unit; whitespace collapsed. The reader's blocks, in
 * order, with whitespace collapsed, must be exactly these units, of the
 * right kind (heading of the right level, item, paragraph).
 */
#include "check.h"
#include "pdf.h"

#include <poppler.h>
#include <sys/wait.h>

static char tmpdir[4096];
static char msg[512];
static const char *mkpdf;

#define HEADER "Medway: local authority assessment"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, (cap *= 2) + 1);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* Run mkpdf with args (NULL-terminated, before IN OUT); 0 on success. */
static int run_mkpdf(const char *in, const char *out, const char *const *args)
{
    const char *argv[32];
    int n = 0;
    argv[n++] = mkpdf;
    for (; args && *args && n < 28; args++)
        argv[n++] = *args;
    argv[n++] = in;
    argv[n++] = out;
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execv(mkpdf, (char *const *)argv);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Render text with mkpdf and read the PDF back into d (initialised);
 * returns pdf_read's result, -2 when mkpdf failed. *pdf_out, when given,
 * receives the PDF's bytes. */
static int render_read(const char *name, const char *text, const char *const *args,
                       doc_blocks *d, char **pdf_out, size_t *pdf_len)
{
    char in[64], out[64];
    snprintf(in, sizeof in, "%s.txt", name);
    snprintf(out, sizeof out, "%s.pdf", name);
    check_write_text(check_path(tmpdir, in), text);
    if (run_mkpdf(check_path(tmpdir, in), check_path(tmpdir, out), args) != 0) {
        CHECK(0, "%s: mkpdf failed", name);
        return -2;
    }
    size_t len;
    char *pdf = slurp(check_path(tmpdir, out), &len);
    CHECK(pdf != NULL, "%s: cannot read the PDF", name);
    if (!pdf)
        return -2;
    doc_blocks_init(d);
    int rc = pdf_read(pdf, len, d, msg, sizeof msg);
    if (pdf_out) {
        *pdf_out = pdf;
        *pdf_len = len;
    } else {
        free(pdf);
    }
    return rc;
}

/* Whitespace collapsed and trimmed, into a new string. */
static char *collapse(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int ws = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
        if (ws) {
            if (k && o[k - 1] != ' ')
                o[k++] = ' ';
        } else {
            o[k++] = s[i];
        }
    }
    while (k && o[k - 1] == ' ')
        k--;
    o[k] = '\0';
    return o;
}

/* ------------------------------------------------------------------ */
/* The seed documents, split into the units the reader must give back  */
/* ------------------------------------------------------------------ */

typedef struct unit {
    char *text;
    block_kind kind;
    int level;
} unit;

typedef struct units {
    unit *v;
    size_t n, cap;
} units;

static void units_add(units *u, const char *s, size_t n, block_kind kind, int level)
{
    char *t = collapse(s, n);
    if (!*t) {
        free(t);
        return;
    }
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 64;
        u->v = realloc(u->v, u->cap * sizeof *u->v);
    }
    u->v[u->n++] = (unit){t, kind, level};
}

static void units_free(units *u)
{
    for (size_t i = 0; i < u->n; i++)
        free(u->v[i].text);
    free(u->v);
}

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static void split_units(const char *text, units *u)
{
    const char *p = text;
    const char *run = NULL;  /* plain lines of the current paragraph */
    size_t run_len = 0;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        int level = 0;
        while ((size_t)level < n && p[level] == '#')
            level++;
        int heading = level >= 1 && level <= 6 && (size_t)level < n && p[level] == ' ';
        int bullet = n >= 2 && p[0] == '-' && p[1] == ' ';
        if (blank_line(p, n) || heading || bullet || !nl) {
            if (!nl && !blank_line(p, n) && !heading && !bullet) {
                if (!run)
                    run = p;
                run_len = (size_t)(p + n - run);
            }
            if (run)
                units_add(u, run, run_len, BLOCK_PARAGRAPH, 0);
            run = NULL;
            if (heading)
                units_add(u, p + level + 1, n - (size_t)level - 1, BLOCK_HEADING, level);
            else if (bullet)
                units_add(u, p + 2, n - 2, BLOCK_ITEM, 0);
        } else {
            if (!run)
                run = p;
            run_len = (size_t)(p + n - run);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
}

/* Blocks equal units, kinds included; reports the first difference.
 *
 * One difference is allowed per document, because no reader can avoid it:
 * a paragraph that ends on a full line at the foot of a column, with the
 * next paragraph at the head of the next column, looks exactly like one
 * paragraph running on (pdf.h). Such a block equals two paragraph units
 * joined by a space; it is reported, and a second one fails. */
static void compare(const char *what, const doc_blocks *d, const units *u)
{
    size_t i, j, merged = 0;
    for (i = 0, j = 0; i < d->n && j < u->n; i++, j++) {
        char *got = collapse(d->v[i].text, strlen(d->v[i].text));
        const char *want = u->v[j].text;
        int same = strcmp(got, want) == 0;
        size_t wl = strlen(want);
        if (!same && merged == 0 && j + 1 < u->n && strncmp(got, want, wl) == 0 &&
            got[wl] == ' ' && strcmp(got + wl + 1, u->v[j + 1].text) == 0 &&
            u->v[j].kind == BLOCK_PARAGRAPH && u->v[j + 1].kind == BLOCK_PARAGRAPH) {
            fprintf(stderr, "note: %s: paragraphs \"%.40s\" and \"%.40s\" read as one "
                    "(a full last line at a column's foot)\n", what, want, u->v[j + 1].text);
            merged++;
            j++;
            same = 1;
        }
        size_t at = 0;
        while (got[at] && got[at] == want[at])
            at++;
        size_t from = at > 60 ? at - 60 : 0;
        CHECK(same, "%s: block %zu (page %u) differs at byte %zu\n  got      \"%.120s\"\n"
              "  expected \"%.120s\"", what, i, d->v[i].page, at, got + from, want + from);
        if (same) {
            CHECK(d->v[i].kind == u->v[j].kind, "%s: block %zu \"%.60s\" kind %d, expected %d",
                  what, i, got, (int)d->v[i].kind, (int)u->v[j].kind);
            if (u->v[j].kind == BLOCK_HEADING)
                CHECK_INT(d->v[i].level, u->v[j].level);
        }
        free(got);
        if (!same)
            return;
    }
    CHECK(i == d->n && j == u->n, "%s: %zu blocks, expected %zu", what, d->n, u->n - merged);
}

/* Every block's first words are on the page it claims, per poppler's own
 * text of that page. */
static void check_pages(const char *what, const char *pdf, size_t len, const doc_blocks *d)
{
    GBytes *gb = g_bytes_new_static(pdf, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, NULL);
    g_bytes_unref(gb);
    CHECK(doc != NULL, "%s: poppler cannot open it", what);
    if (!doc)
        return;
    int pages = poppler_document_get_n_pages(doc);
    CHECK_INT(d->facts.pages, pages);
    char **texts = calloc((size_t)pages, sizeof *texts);
    for (int p = 0; p < pages; p++) {
        PopplerPage *page = poppler_document_get_page(doc, p);
        char *t = poppler_page_get_text(page);
        texts[p] = collapse(t, strlen(t));
        g_free(t);
        g_object_unref(page);
    }
    unsigned last = 1;
    for (size_t i = 0; i < d->n; i++) {
        const block *b = &d->v[i];
        CHECK(b->page >= 1 && b->page <= (unsigned)pages && b->page >= last,
              "%s: block %zu on page %u (previous %u, of %d)", what, i, b->page, last, pages);
        if (b->page < 1 || b->page > (unsigned)pages)
            continue;
        last = b->page;
        /* The first three words, or the whole first line if shorter. */
        char *c = collapse(b->text, strlen(b->text));
        size_t k = 0;
        int words = 0;
        while (c[k] && words < 3)
            if (c[k++] == ' ')
                words++;
        if (words == 3)
            c[k - 1] = '\0';
        char *nl = strchr(b->text, '\n');
        if (nl && (size_t)(nl - b->text) < strlen(c))
            c[nl - b->text] = '\0';
        /* Only text that was not hyphenated (no line end in it). */
        if (strlen(c) > 0 && !strchr(c, '-'))
            CHECK(strstr(texts[b->page - 1], c) != NULL, "%s: block %zu \"%s\" not on page %u",
                  what, i, c, b->page);
        free(c);
    }
    for (int p = 0; p < pages; p++)
        free(texts[p]);
    free(texts);
    g_object_unref(doc);
}

/* No running header or page number left in any block. */
static void check_no_furniture(const char *what, const doc_blocks *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const char *t = d->v[i].text;
        CHECK(strstr(t, HEADER) == NULL, "%s: header left in block %zu", what, i);
        const char *p = strstr(t, "Page ");
        int number = p && p[5] >= '0' && p[5] <= '9' && strstr(p, " of ");
        CHECK(!number, "%s: page number left in block %zu: %.80s", what, i, t);
    }
    int header = 0, numbers = 0;
    char want[256];
    snprintf(want, sizeof want, "running header \"%s\" on %u of %u pages", HEADER,
             d->facts.pages, d->facts.pages);
    for (size_t i = 0; i < d->n_dropped; i++) {
        header += strcmp(d->dropped[i], want) == 0;
        numbers += strcmp(d->dropped[i], "page numbers") == 0;
    }
    CHECK(header == 1, "%s: dropped list lacks \"%s\"", what, want);
    CHECK(numbers == 1, "%s: dropped list lacks \"page numbers\"", what);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void test_seeds(void)
{
    static const char *const one[] = {"--header", HEADER, "--footer-page-numbers", NULL};
    static const char *const two[] = {"--columns", "2", "--header", HEADER,
                                      "--footer-page-numbers", NULL};
    const char *const *layouts[] = {one, two};
    struct dirent **names;
    int n = scandir(LASEARCH_SOURCE_DIR "/corpus/documents", &names, NULL, by_name);
    CHECK(n > 0, "no seed documents");
    int seeds = 0;
    for (int i = 0; i < n; i++) {
        size_t nl = strlen(names[i]->d_name);
        if (nl > 4 && strcmp(names[i]->d_name + nl - 4, ".txt") == 0) {
            char path[4096];
            snprintf(path, sizeof path, "%s/corpus/documents/%s", LASEARCH_SOURCE_DIR,
                     names[i]->d_name);
            size_t len;
            char *text = slurp(path, &len);
            CHECK(text != NULL, "cannot read %s", path);
            units u = {0};
            if (text)
                split_units(text, &u);
            for (int l = 0; l < 2 && text; l++) {
                char what[300];
                snprintf(what, sizeof what, "%s (%d column%s)", names[i]->d_name, l + 1,
                         l ? "s" : "");
                doc_blocks d;
                char *pdf = NULL;
                size_t pdf_len = 0;
                int rc = render_read("seed", text, layouts[l], &d, &pdf, &pdf_len);
                CHECK(rc == 0, "%s: %s", what, msg);
                if (rc == 0) {
                    compare(what, &d, &u);
                    check_no_furniture(what, &d);
                    check_pages(what, pdf, pdf_len, &d);
                    int col2 = 0;
                    for (size_t k = 0; k < d.n; k++)
                        col2 += strcmp(d.v[k].where, "column 2") == 0;
                    CHECK(l == 0 ? col2 == 0 : col2 > 0, "%s: %d blocks in column 2", what,
                          col2);
                }
                if (rc != -2)
                    doc_blocks_clear(&d);
                free(pdf);
            }
            units_free(&u);
            free(text);
            seeds++;
        }
        free(names[i]);
    }
    free(names);
    CHECK(seeds >= 5, "only %d seed documents", seeds);
}

/* ------------------------------------------------------------------ */
/* Layout rules on texts made for them                                  */
/* ------------------------------------------------------------------ */

/* A paragraph long enough to run over a page break, with a marker word at
 * its start, and hyphenation on narrow pages. */
static char *long_text(void)
{
    static const char sentence[] =
        "Commissioning arrangements supported multidisciplinary responsibilities "
        "and wellbeing outcomes for people, with safeguarding partnerships ";
    size_t cap = 200000;
    char *t = malloc(cap);
    size_t n = 0;
    n += (size_t)snprintf(t + n, cap - n, "# Opening heading\n\nA first short paragraph.\n\n");
    n += (size_t)snprintf(t + n, cap - n, "Zebra starts the long paragraph. ");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(t + n, cap - n, "%s", sentence);
    n += (size_t)snprintf(t + n, cap - n, "and it ends here.\n\n");
    n += (size_t)snprintf(t + n, cap - n,
                          "Yak follows on a later page.\n\n- An item that is long enough to "
                          "wrap onto a second line in a narrow column of text.\n"
                          "- A second item\n\nShort line\nthen the text goes on after a hard "
                          "break in the same paragraph.\n");
    return t;
}

static void test_long_paragraph(void)
{
    static const char *const narrow[] = {"--width", "300", "--height", "420", "--header",
                                         HEADER, "--footer-page-numbers", NULL};
    char *text = long_text();
    doc_blocks d;
    char *pdf = NULL;
    size_t len = 0;
    int rc = render_read("long", text, narrow, &d, &pdf, &len);
    CHECK(rc == 0, "long: %s", msg);
    if (rc == 0) {
        units u = {0};
        split_units(text, &u);
        compare("long", &d, &u);
        check_no_furniture("long", &d);
        check_pages("long", pdf, len, &d);
        units_free(&u);
        const block *zebra = NULL, *yak = NULL;
        for (size_t i = 0; i < d.n; i++) {
            if (strncmp(d.v[i].text, "Zebra", 5) == 0)
                zebra = &d.v[i];
            if (strncmp(d.v[i].text, "Yak", 3) == 0)
                yak = &d.v[i];
        }
        CHECK(zebra && yak, "marker paragraphs missing");
        if (zebra && yak) {
            /* One block from page 1 to several pages on, keeping page 1. */
            CHECK_INT(zebra->page, 1);
            CHECK(yak->page > 2, "Yak on page %u", yak->page);
            CHECK(strstr(zebra->text, "and it ends here.") != NULL, "paragraph cut");
            /* Hyphenation happened in the PDF and was joined. */
            CHECK(strstr(zebra->text, "-") == NULL, "a hyphen left: %.200s",
                  strstr(zebra->text, "-") - 20);
            CHECK(strstr(zebra->text, "multidisciplinary responsibilities") != NULL,
                  "words broken");
        }
        /* The PDF itself has words split at line ends. */
        GBytes *gb = g_bytes_new_static(pdf, len);
        PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, NULL);
        g_bytes_unref(gb);
        int hyphens = 0;
        for (int p = 0; doc && p < poppler_document_get_n_pages(doc); p++) {
            PopplerPage *page = poppler_document_get_page(doc, p);
            char *t = poppler_page_get_text(page);
            for (char *q = t; (q = strstr(q, "-\n")) != NULL; q++)
                hyphens++;
            g_free(t);
            g_object_unref(page);
        }
        if (doc)
            g_object_unref(doc);
        CHECK(hyphens >= 5, "only %d hyphenated line ends in the PDF", hyphens);
        /* The hard break is kept; the item lost its bullet. */
        int hard = 0, item = 0;
        for (size_t i = 0; i < d.n; i++) {
            hard += strcmp(d.v[i].text, "Short line\nthen the text goes on after a hard "
                                        "break in the same paragraph.") == 0;
            item += d.v[i].kind == BLOCK_ITEM &&
                    strncmp(d.v[i].text, "An item that is long", 20) == 0 &&
                    strstr(d.v[i].text, "narrow column of text.") != NULL;
        }
        CHECK(hard == 1, "hard line break not kept");
        CHECK(item == 1, "wrapped item not one block");
        doc_blocks_clear(&d);
    }
    free(pdf);
    free(text);
}

/* Ligatures, odd spaces, soft hyphens; title and dates. */
static void test_characters_and_facts(void)
{
    static const char *const args[] = {"--title", "  A\xC2\xA0title\n ", "--created",
                                       "2023-11-30T23:30:00Z", "--modified",
                                       "2024-02-01T08:00:00+01:00", NULL};
    doc_blocks d;
    int rc = render_read("chars",
                         "\xEF\xAC\x81nancial \xEF\xAC\x82ow e\xEF\xAC\x80" "ect "
                         "o\xEF\xAC\x83" "ce ba\xEF\xAC\x84" "e\n\n"
                         "no\xC2\xA0" "break thin\xE2\x80\x89space co\xC2\xAD" "operate "
                         "zero\xE2\x80\x8Bwidth\n",
                         args, &d, NULL, NULL);
    CHECK(rc == 0, "chars: %s", msg);
    if (rc == 0) {
        CHECK_INT(d.n, 2);
        if (d.n == 2) {
            CHECK_STR(d.v[0].text, "financial flow effect office baffle");
            CHECK_STR(d.v[1].text, "no break thin space cooperate zerowidth");
        }
        CHECK_STR(d.facts.title, "A title");
        CHECK_STR(d.facts.published, "2023-11-30");
        CHECK_STR(d.facts.updated, "2024-02-01");
        CHECK_INT(d.facts.pages, 1);
        CHECK_INT(d.n_dropped, 0);
        doc_blocks_clear(&d);
    }
}

/* ------------------------------------------------------------------ */
/* Bad input                                                            */
/* ------------------------------------------------------------------ */

static void expect_fail(const char *what, const char *bytes, size_t len, const char *start)
{
    doc_blocks d;
    doc_blocks_init(&d);
    msg[0] = 'x';
    msg[1] = '\0';
    int rc = pdf_read(bytes, len, &d, msg, sizeof msg);
    CHECK(rc == -1, "%s: got %d", what, rc);
    CHECK(strncmp(msg, start, strlen(start)) == 0, "%s: message \"%s\", expected \"%s...\"",
          what, msg, start);
    CHECK(strchr(msg, '/') == NULL || strncmp(start, "damaged", 7) == 0,
          "%s: a path in \"%s\"", what, msg);
    CHECK(d.n == 0 && d.n_dropped == 0 && d.facts.pages == 0, "%s: output on failure", what);
    doc_blocks_clear(&d);
}

/* A minimal PDF with an /Encrypt dictionary whose user password is not
 * empty: what poppler sees as encrypted. */
static char *encrypted_pdf(size_t *len)
{
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        "<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 100 Td (Hello world) Tj ET\nendstream",
        "<< /Filter /Standard /V 1 /R 2 /P -4 "
        "/O <1111111111111111111111111111111111111111111111111111111111111111> "
        "/U <2222222222222222222222222222222222222222222222222222222222222222> >>",
    };
    char *b = malloc(4096);
    size_t n = (size_t)sprintf(b, "%%PDF-1.4\n"), off[5];
    for (int i = 0; i < 5; i++) {
        off[i] = n;
        n += (size_t)sprintf(b + n, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = n;
    n += (size_t)sprintf(b + n, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 0; i < 5; i++)
        n += (size_t)sprintf(b + n, "%010zu 00000 n \n", off[i]);
    n += (size_t)sprintf(b + n,
                         "trailer\n<< /Size 6 /Root 1 0 R /Encrypt 5 0 R /ID "
                         "[<0123456789abcdef0123456789abcdef> "
                         "<0123456789abcdef0123456789abcdef>] >>\nstartxref\n%zu\n%%%%EOF\n",
                         xref);
    *len = n;
    return b;
}

static void rc4(const unsigned char *key, size_t klen, unsigned char *buf, size_t n)
{
    unsigned char S[256];
    for (int i = 0; i < 256; i++)
        S[i] = (unsigned char)i;
    for (int i = 0, j = 0; i < 256; i++) {
        j = (j + S[i] + key[(size_t)i % klen]) & 255;
        unsigned char t = S[i];
        S[i] = S[j];
        S[j] = t;
    }
    for (size_t k = 0, i = 0, j = 0; k < n; k++) {
        i = (i + 1) & 255;
        j = (j + S[i]) & 255;
        unsigned char t = S[i];
        S[i] = S[j];
        S[j] = t;
        buf[k] ^= S[(S[i] + S[j]) & 255];
    }
}

static void md5(const unsigned char *parts[], const size_t lens[], int n, unsigned char out[16])
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_MD5);
    for (int i = 0; i < n; i++)
        g_checksum_update(c, parts[i], (gssize)lens[i]);
    gsize len = 16;
    g_checksum_get_digest(c, out, &len);
    g_checksum_free(c);
}

static void hex(char *dst, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(dst + 2 * i, "%02x", b[i]);
}

/* A PDF really encrypted (RC4, 40 bits, revision 2) with an owner password
 * and an empty user password: what many publishers do to stop copying. */
static char *encrypted_readable_pdf(size_t *len)
{
    static const unsigned char pad[32] = {
        0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E,
        0x56, 0xFF, 0xFA, 0x01, 0x08, 0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68,
        0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A};
    static const unsigned char id[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                         0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
    unsigned char owner[32], okey[16], O[32], key[16], U[32], k4[16];
    memcpy(owner, "secret", 6);
    memcpy(owner + 6, pad, 26);
    const unsigned char *p1[] = {owner};
    size_t l1[] = {32};
    md5(p1, l1, 1, okey);
    memcpy(O, pad, 32);                 /* the user password, empty, padded */
    rc4(okey, 5, O, 32);
    const unsigned char perms[4] = {0xD4, 0xFF, 0xFF, 0xFF};   /* P = -44 */
    const unsigned char *p2[] = {pad, O, perms, id};
    size_t l2[] = {32, 32, 4, 16};
    md5(p2, l2, 4, key);
    memcpy(U, pad, 32);
    rc4(key, 5, U, 32);
    const unsigned char key5[5] = {key[0], key[1], key[2], key[3], key[4]};
    const unsigned char num[5] = {4, 0, 0, 0, 0};   /* object 4, generation 0 */
    const unsigned char *p3[] = {key5, num};
    size_t l3[] = {5, 5};
    md5(p3, l3, 2, k4);
    unsigned char content[] = "BT /F1 12 Tf 20 100 Td (Hello encrypted world) Tj ET";
    size_t clen = sizeof content - 1;
    rc4(k4, 10, content, clen);

    char ohex[65], uhex[65], idhex[33];
    hex(ohex, O, 32);
    hex(uhex, U, 32);
    hex(idhex, id, 16);
    char *b = malloc(4096);
    size_t n = (size_t)sprintf(b, "%%PDF-1.4\n"), off[6];
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        NULL,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        NULL};
    for (int i = 0; i < 6; i++) {
        off[i] = n;
        n += (size_t)sprintf(b + n, "%d 0 obj\n", i + 1);
        if (i == 3) {
            n += (size_t)sprintf(b + n, "<< /Length %zu >>\nstream\n", clen);
            memcpy(b + n, content, clen);
            n += clen;
            n += (size_t)sprintf(b + n, "\nendstream");
        } else if (i == 5) {
            n += (size_t)sprintf(b + n, "<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>",
                                 ohex, uhex);
        } else {
            n += (size_t)sprintf(b + n, "%s", objs[i]);
        }
        n += (size_t)sprintf(b + n, "\nendobj\n");
    }
    size_t xref = n;
    n += (size_t)sprintf(b + n, "xref\n0 7\n0000000000 65535 f \n");
    for (int i = 0; i < 6; i++)
        n += (size_t)sprintf(b + n, "%010zu 00000 n \n", off[i]);
    n += (size_t)sprintf(b + n, "trailer\n<< /Size 7 /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>"
                         "\nstartxref\n%zu\n%%%%EOF\n", idhex, idhex, xref);
    *len = n;
    return b;
}

static void test_encrypted_readable(void)
{
    size_t len;
    char *pdf = encrypted_readable_pdf(&len);
    doc_blocks d;
    doc_blocks_init(&d);
    int rc = pdf_read(pdf, len, &d, msg, sizeof msg);
    CHECK(rc == 0, "encrypted with an empty user password: %s", msg);
    CHECK(d.n == 1 && strcmp(d.v[0].text, "Hello encrypted world") == 0, "text of it");
    doc_blocks_clear(&d);
    free(pdf);
}

static void test_bad_input(void)
{
    expect_fail("empty", "", 0, "not a PDF");
    expect_fail("text", "hello, world\n", 13, "not a PDF");
    char junk[2048];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i * 7 + 3);
    expect_fail("junk", junk, sizeof junk, "not a PDF");
    memcpy(junk + 100, "%PDF-1.7\n", 9);
    expect_fail("junk with a signature", junk, sizeof junk, "damaged PDF: ");

    size_t len;
    char *enc = encrypted_pdf(&len);
    expect_fail("encrypted", enc, len, "encrypted PDF");
    free(enc);

    doc_blocks d;
    char *pdf = NULL;
    int rc = render_read("victim", "# A heading\n\nSome text to damage.\n", NULL, &d, &pdf, &len);
    CHECK(rc == 0, "victim: %s", msg);
    if (rc == 0)
        doc_blocks_clear(&d);
    if (pdf) {
        /* Cut anywhere. */
        size_t cuts[] = {len / 2, len - 40, 9, 200};
        for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++)
            expect_fail("truncated", pdf, cuts[i], "damaged PDF: ");
        /* Bytes flipped inside the first stream (the page's content). */
        char *flip = malloc(len);
        memcpy(flip, pdf, len);
        char *s = strstr(flip, "stream\n");
        CHECK(s != NULL, "no stream in the PDF");
        if (s)
            for (int i = 10; i < 30; i++)
                s[7 + i] ^= 0x5A;
        expect_fail("flipped", flip, len, "damaged PDF: ");
        /* Flipped everywhere after the header: never a crash, whatever the
         * answer. */
        for (size_t step = 97; step < 2000; step += 301) {
            memcpy(flip, pdf, len);
            for (size_t i = 64; i < len; i += step)
                flip[i] ^= 0x21;
            doc_blocks_init(&d);
            rc = pdf_read(flip, len, &d, msg, sizeof msg);
            CHECK(rc == 0 || msg[0], "flipped every %zu: -1 without a message", step);
            doc_blocks_clear(&d);
        }
        free(flip);
        free(pdf);
    }

    /* A page with no text at all. */
    rc = render_read("blank", "\n", NULL, &d, NULL, NULL);
    CHECK(rc == -1, "blank: got %d", rc);
    CHECK_STR(msg, "no text layer (scanned?)");
    if (rc == 0)
        doc_blocks_clear(&d);
    else
        doc_blocks_clear(&d);
}

/* The same PDF read twice in one process gives the same blocks. */
static void test_repeat(void)
{
    doc_blocks a, b;
    char *pdf = NULL;
    size_t len = 0;
    int rc = render_read("repeat", "# Title\n\nOne paragraph.\n\n- an item\n", NULL, &a, &pdf,
                         &len);
    CHECK(rc == 0, "repeat: %s", msg);
    if (rc != 0) {
        free(pdf);
        return;
    }
    for (int round = 0; round < 3; round++) {
        doc_blocks_init(&b);
        CHECK(pdf_read(pdf, len, &b, msg, sizeof msg) == 0, "round %d: %s", round, msg);
        CHECK(a.n == b.n, "round %d: %zu blocks, then %zu", round, a.n, b.n);
        for (size_t i = 0; i < a.n && i < b.n; i++)
            CHECK(strcmp(a.v[i].text, b.v[i].text) == 0 && a.v[i].kind == b.v[i].kind,
                  "round %d: block %zu differs", round, i);
        doc_blocks_clear(&b);
    }
    CHECK_INT(a.n, 3);
    if (a.n == 3) {
        CHECK(a.v[0].kind == BLOCK_HEADING && a.v[0].level == 1, "heading");
        CHECK(a.v[2].kind == BLOCK_ITEM, "item");
        CHECK_STR(a.v[2].text, "an item");
    }
    doc_blocks_clear(&a);
    free(pdf);
}

int main(void)
{
    mkpdf = getenv("LASEARCH_MKPDF");
#ifdef LASEARCH_MKPDF
    if (!mkpdf || !*mkpdf)
        mkpdf = LASEARCH_MKPDF;
#endif
    if (!mkpdf || access(mkpdf, X_OK) != 0) {
        fprintf(stderr, "test_pdf: mkpdf not found: set LASEARCH_MKPDF (or build with "
                        "-DLASEARCH_MKPDF=path)\n");
        return 1;
    }
    if (check_tmpdir(tmpdir, sizeof tmpdir, "test_pdf") != 0)
        return 1;
    CHECK(pdf_sniff("%PDF-1.4", 8) == 1, "sniff");
    CHECK(pdf_sniff("junk\n%PDF-1.4", 13) == 1, "sniff after junk");
    CHECK(pdf_sniff("%PDF", 4) == 0, "sniff short");
    CHECK(pdf_sniff("", 0) == 0, "sniff empty");

    test_seeds();
    test_long_paragraph();
    test_characters_and_facts();
    test_bad_input();
    test_encrypted_readable();
    test_repeat();
    check_rm_rf(tmpdir);
    return check_report("test_pdf");
}
