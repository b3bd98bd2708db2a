/*
 * test_parse_windows.c: documents longer than one parse window (parse.h:
 * PARSE_WINDOW_LINES), parsed whole and handed over part by part; and the
 * cap on a document's warnings.
 */
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "check.h"
#include "parse.h"
#include "section.h"

static authority_table *authorities;

/* A statement page of n two-line paragraphs (hard-wrapped, so a window
 * cut between a paragraph's lines would split it), three lines each: more
 * than two windows for n = 40,000. */
#define N_PARAS 40000
#define FIRST_PARA_LINE 11   /* so line 50,000 is a paragraph's first */

static char *long_page(size_t *len)
{
    bytebuf b = {0};
    bytebuf_printf(&b, "Kent: local authority assessment\n\nAssessing needs\n\n"
                       "Score: 3\n\nPublished: 17 January 2025\n\n## Waiting times\n\n");
    for (int i = 1; i <= N_PARAS; i++)
        bytebuf_printf(&b, "Paragraph %d says carers wait\ntoo long for an assessment.\n\n",
                       i);
    CHECK(!b.failed, "out of memory making the page");
    *len = b.len;
    return b.data;
}

static void expected_text(int i, char *buf, size_t n)
{
    snprintf(buf, n, "Paragraph %d says carers wait too long for an assessment.", i);
}

/* Paragraph k (0-based) of the whole document, as it must be. */
static void check_para(const para_record *r, size_t k)
{
    char want[128], id[64];
    expected_text((int)k + 1, want, sizeof want);
    snprintf(id, sizeof id, "t.txt#%zu", k + 1);
    CHECK_STR(r->text, want);
    CHECK_STR(r->id, id);
    CHECK_INT(r->ordinal, k + 1);
    CHECK_INT(r->line, FIRST_PARA_LINE + 3 * k);
    CHECK_STR(r->authority, "Kent");
    CHECK_STR(section_name(r->section), "Assessing needs");
    CHECK_INT(r->score, 3);
    CHECK_INT(r->kind, KIND_ASSESSMENT);
    CHECK_STR(r->heading, "Waiting times");
}

static void test_whole(const char *text, size_t len)
{
    corpus_ref ref = {authorities, NULL};
    corpus_doc d;
    CHECK(corpus_parse("t.txt", text, len, &ref, &d) == 0, "corpus_parse");
    CHECK_INT(d.n_paras, N_PARAS);
    CHECK_INT(corpus_doc_paragraphs(&d), N_PARAS);
    size_t bad = 0;
    int before = check_failed;
    for (size_t k = 0; k < d.n_paras && check_failed == before; k++, bad = k)
        check_para(&d.paras[k], k);
    CHECK(check_failed == before, "paragraph %zu is wrong", bad);
    CHECK_INT(d.n_warnings, 0);
    corpus_doc_clear(&d);
}

typedef struct parts {
    size_t calls, seen;
    int answer;      /* what the part function returns */
    int bad;         /* a part broke the contract */
} parts;

static int on_part(void *arg, corpus_doc *doc)
{
    parts *p = arg;
    p->calls++;
    if (doc->paras_before != p->seen || !doc->origins)
        p->bad = 1;
    int before = check_failed;
    for (size_t k = 0; k < doc->n_paras && check_failed == before; k++) {
        check_para(&doc->paras[k], p->seen + k);
        char want[32];
        snprintf(want, sizeof want, "line %u", doc->paras[k].line);
        CHECK_STR(doc->origins[k], want);
    }
    if (check_failed != before)
        p->bad = 1;
    p->seen += doc->n_paras;
    return p->answer;
}

static void test_parts(const char *text, size_t len)
{
    corpus_ref ref = {authorities, NULL};
    doc_read dr = {.format = FORMAT_TEXT, .bytes = (char *)text, .len = len};
    corpus_doc d;

    parts p = {0};
    CHECK(corpus_parse_read("t.txt", &dr, &ref, on_part, &p, &d) == 0, "parts");
    CHECK(p.calls >= 3, "%zu parts for %d lines", p.calls, 3 * N_PARAS);
    CHECK(!p.bad, "a part was wrong");
    CHECK_INT(p.seen, N_PARAS);
    CHECK_INT(d.n_paras, 0);
    CHECK_INT(d.paras_before, N_PARAS);
    CHECK_STR(d.authority, "Kent");
    CHECK_INT(d.score, 3);
    corpus_doc_clear(&d);

    /* Stopping after the first part: the document's facts are known. */
    parts first = {.answer = 1};
    CHECK(corpus_parse_read("t.txt", &dr, &ref, on_part, &first, &d) == 0, "stop");
    CHECK_INT(first.calls, 1);
    CHECK(first.seen > 0 && first.seen < N_PARAS, "first part: %zu", first.seen);
    CHECK_STR(d.authority, "Kent");
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    corpus_doc_clear(&d);

    /* A part function that fails stops the parse. */
    parts fail = {.answer = -1};
    CHECK_INT(corpus_parse_read("t.txt", &dr, &ref, on_part, &fail, &d), -2);
    CHECK_INT(fail.calls, 1);
    CHECK_INT(corpus_doc_paragraphs(&d), 0);
    corpus_doc_clear(&d);
}

/* A page whose every other line contradicts its score: 150 warnings. */
static void test_warnings_capped(void)
{
    bytebuf b = {0};
    bytebuf_printf(&b, "Kent: local authority assessment\n\nAssessing needs\n\n"
                       "Score: 3\n\n");
    for (int i = 1; i <= 150; i++)
        bytebuf_printf(&b, "Score: 2\n\nFinding %d about carers.\n\n", i);
    CHECK(!b.failed, "out of memory");
    corpus_ref ref = {authorities, NULL};
    corpus_doc d;
    CHECK(corpus_parse("t.txt", b.data, b.len, &ref, &d) == 0, "parse");
    CHECK_INT(d.n_warnings, PARSE_MAX_WARNINGS);
    CHECK(d.n_warnings && strstr(d.warnings[0], "disagrees with score 3"), "first: %s",
          d.n_warnings ? d.warnings[0] : "");
    CHECK(d.n_warnings &&
              strcmp(d.warnings[d.n_warnings - 1], "t.txt:0: 51 more warnings not shown") == 0,
          "last: %s", d.n_warnings ? d.warnings[d.n_warnings - 1] : "");
    CHECK_INT(d.n_paras, 150);
    corpus_doc_clear(&d);
    bytebuf_free(&b);
}

int main(void)
{
    char err[256];
    if (authority_table_load(LASEARCH_SOURCE_DIR "/corpus/authorities.tsv", &authorities,
                             err, sizeof err) != 0) {
        fprintf(stderr, "test_parse_windows: %s\n", err);
        return 1;
    }
    size_t len = 0;
    char *text = long_page(&len);
    if (text) {
        test_whole(text, len);
        test_parts(text, len);
    }
    free(text);
    test_warnings_capped();
    authority_table_free(authorities);
    return check_report("test_parse_windows");
}
