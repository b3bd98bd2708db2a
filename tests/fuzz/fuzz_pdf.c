/*
 * fuzz_pdf.c: any bytes -> the PDF reader (indexer/read/pdf.h), as
 * lasearch-index hands it a file that sniffed as a PDF.
 *
 * Checked on every input:
 *  - pdf_read answers 0 or -1, and -1 always with a message that is clean
 *    UTF-8 without control characters, leaving the output untouched (no
 *    block, no drop, no facts);
 *  - on 0: at least one block; facts.pages within 1..PDF_MAX_PAGES; every
 *    block of a known kind (a heading with level 1..6, anything else level
 *    0), line 0, a page within 1..facts.pages and never before the page of
 *    the block before it, where "" or "column N", and text that is clean
 *    UTF-8, non-empty, free of control characters but '\n', with no space
 *    at either end, no double space and no empty line; all text together
 *    within PDF_MAX_TEXT_BYTES; title, dates (YYYY-MM-DD or "") and every
 *    drop note clean UTF-8 without control characters.
 * Poppler itself is not built for coverage here, so libFuzzer is steered by
 * the reader's own code; the seeds (corpus/pdf/) include uncompressed PDFs
 * so that mutations reach text operators, not only compressed bytes.
 */
#include "fuzz.h"

#include "pdf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int clean(const char *s)
{
    return fuzz_clean_utf8(s, strlen(s)) && fuzz_no_controls(s) && !strchr(s, '\t');
}

static int is_date(const char *s)
{
    if (!*s)
        return 1;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

static void check_block(const block *b, size_t i, unsigned pages, unsigned prev_page)
{
    const char *t = b->text;
    size_t n = strlen(t);
    FUZZ_CHECK(b->kind >= BLOCK_HEADING && b->kind <= BLOCK_ROW, "block %zu: kind %d", i,
               (int)b->kind);
    FUZZ_CHECK(b->kind == BLOCK_HEADING ? b->level >= 1 && b->level <= 6 : b->level == 0,
               "block %zu: kind %d level %d", i, (int)b->kind, b->level);
    FUZZ_CHECK(b->line == 0, "block %zu: line %u", i, b->line);
    FUZZ_CHECK(b->page >= 1 && b->page <= pages, "block %zu: page %u of %u", i, b->page,
               pages);
    FUZZ_CHECK(b->page >= prev_page, "block %zu: page %u after page %u", i, b->page,
               prev_page);
    FUZZ_CHECK(b->where[0] == '\0' || (strncmp(b->where, "column ", 7) == 0 &&
                                       b->where[7] >= '1' && b->where[7] <= '4' &&
                                       b->where[8] == '\0'),
               "block %zu: where \"%s\"", i, b->where);
    FUZZ_CHECK(n > 0, "block %zu is empty", i);
    FUZZ_CHECK(clean(t), "block %zu: text not clean UTF-8 or has controls", i);
    FUZZ_CHECK(t[0] != ' ' && t[0] != '\n' && t[n - 1] != ' ' && t[n - 1] != '\n',
               "block %zu: space at an end", i);
    FUZZ_CHECK(!strstr(t, "  ") && !strstr(t, "\n\n") && !strstr(t, " \n") &&
                   !strstr(t, "\n "),
               "block %zu: untidy spacing", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    doc_blocks d;
    char msg[512];
    if (doc_blocks_init(&d) != 0)
        return 0;
    memset(msg, 'x', sizeof msg);
    int rc = pdf_read((const char *)data, size, &d, msg, sizeof msg);
    FUZZ_CHECK(rc == 0 || rc == -1, "pdf_read returned %d", rc);
    FUZZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL, "message not terminated");
    if (rc != 0) {
        FUZZ_CHECK(msg[0] != '\0' && clean(msg), "refused without a clean message");
        FUZZ_CHECK(d.n == 0 && d.n_dropped == 0 && d.facts.pages == 0 &&
                       d.facts.title[0] == '\0' && d.facts.published[0] == '\0',
                   "output changed on failure");
        doc_blocks_clear(&d);
        return 0;
    }
    FUZZ_CHECK(d.n > 0, "success without a block");
    FUZZ_CHECK(d.facts.pages >= 1 && d.facts.pages <= PDF_MAX_PAGES, "%u pages",
               d.facts.pages);
    size_t total = 0;
    unsigned prev = 1;
    for (size_t i = 0; i < d.n; i++) {
        check_block(&d.v[i], i, d.facts.pages, prev);
        prev = d.v[i].page;
        total += strlen(d.v[i].text);
    }
    FUZZ_CHECK(total <= PDF_MAX_TEXT_BYTES, "%zu bytes of text", total);
    FUZZ_CHECK(clean(d.facts.title), "title not clean");
    FUZZ_CHECK(is_date(d.facts.published) && is_date(d.facts.updated), "dates \"%s\" \"%s\"",
               d.facts.published, d.facts.updated);
    for (size_t i = 0; i < d.n_dropped; i++)
        FUZZ_CHECK(clean(d.dropped[i]), "drop note %zu not clean", i);
    doc_blocks_clear(&d);
    return 0;
}
