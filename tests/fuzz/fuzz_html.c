/*
 * fuzz_html.c: any bytes -> html_sniff and html_read (html.h), as the
 * indexer's reader runs them on a web page.
 *
 * Checked on every input:
 *  - html_sniff answers 0 or 1, the same twice;
 *  - html_read returns 0 with no message, or -1 with one;
 *  - every block has a kind in range, a heading level 1..6 (0 for other
 *    kinds), page 0, a non-empty where, and non-empty text that is clean
 *    UTF-8 (by utf8proc and by normalise.h) without control characters but
 *    '\n', never starting or ending with white space;
 *  - the costs stay bounded: at most HTML_MAX_BLOCKS blocks, 4 x size +
 *    64 KiB bytes of text, HTML_MAX_NOTES notes (plus "... and N more");
 *  - facts are clean UTF-8 on one line; published and updated are "" or
 *    a YYYY-MM-DD date; notes are clean UTF-8 on one line.
 */
#include "fuzz.h"

#include <utf8proc.h>

#include "html.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* 1 when s is well-formed UTF-8 to utf8proc and to normalise.h, with no
 * control character other than '\n' (when newlines). */
static int clean(const char *s, int newlines)
{
    size_t len = strlen(s);
    if (!fuzz_clean_utf8(s, len) || (!newlines && strchr(s, '\n')))
        return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t n = (utf8proc_ssize_t)len;
    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
        if (k <= 0 || (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0))
            return 0;
        p += k;
        n -= k;
    }
    return 1;
}

static int is_date(const char *s)
{
    if (!*s)
        return 1;
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return 0;
    return s[sizeof shape - 1] == '\0';
}

static void check_block(const block *b, size_t i)
{
    FUZZ_CHECK(b->kind >= BLOCK_HEADING && b->kind <= BLOCK_ROW, "block %zu kind %d", i,
               (int)b->kind);
    if (b->kind == BLOCK_HEADING)
        FUZZ_CHECK(b->level >= 1 && b->level <= 6, "heading %zu level %d", i, b->level);
    else
        FUZZ_CHECK(b->level == 0, "block %zu level %d", i, b->level);
    FUZZ_CHECK(b->page == 0, "block %zu page %u", i, b->page);
    size_t len = strlen(b->text);
    FUZZ_CHECK(len > 0, "block %zu is empty", i);
    FUZZ_CHECK(clean(b->text, 1), "block %zu text is not clean UTF-8", i);
    FUZZ_CHECK(b->text[0] != ' ' && b->text[0] != '\n' && b->text[len - 1] != ' ' &&
                   b->text[len - 1] != '\n',
               "block %zu is not trimmed", i);
    FUZZ_CHECK(b->where[0] && clean(b->where, 0), "block %zu where \"%s\"", i, b->where);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    int sniff = html_sniff(bytes, size);
    FUZZ_CHECK(sniff == 0 || sniff == 1, "html_sniff gave %d", sniff);
    FUZZ_CHECK(html_sniff(bytes, size) == sniff, "html_sniff changed its mind");

    doc_blocks d;
    if (doc_blocks_init(&d) != 0)
        return 0;
    char msg[256] = "x";
    int rc = html_read(bytes, size, &d, msg, sizeof msg);
    FUZZ_CHECK(rc == 0 || rc == -1, "html_read returned %d", rc);
    FUZZ_CHECK(rc == 0 ? msg[0] == '\0' : msg[0] != '\0', "rc %d with message \"%s\"",
               rc, msg);
    FUZZ_CHECK(clean(msg, 0), "message is not clean");

    FUZZ_CHECK(d.n <= HTML_MAX_BLOCKS, "%zu blocks", d.n);
    size_t total = 0;
    for (size_t i = 0; i < d.n; i++) {
        check_block(&d.v[i], i);
        total += strlen(d.v[i].text);
    }
    FUZZ_CHECK(total <= 4 * size + 64 * 1024, "%zu bytes of text from %zu", total, size);

    const char *facts[] = {d.facts.title, d.facts.canonical, d.facts.published,
                           d.facts.updated};
    for (size_t k = 0; k < 4; k++)
        FUZZ_CHECK(facts[k] && clean(facts[k], 0), "fact %zu is not clean", k);
    FUZZ_CHECK(is_date(d.facts.published), "published \"%s\"", d.facts.published);
    FUZZ_CHECK(is_date(d.facts.updated), "updated \"%s\"", d.facts.updated);
    FUZZ_CHECK(d.facts.pages == 0, "pages %u", d.facts.pages);

    FUZZ_CHECK(d.n_dropped <= HTML_MAX_NOTES + 1, "%zu notes", d.n_dropped);
    for (size_t i = 0; i < d.n_dropped; i++)
        FUZZ_CHECK(clean(d.dropped[i], 0), "note %zu is not clean", i);
    doc_blocks_clear(&d);
    return 0;
}
