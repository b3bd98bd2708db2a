/*
 * test_html.c: the HTML reader (html.h) on the fixtures in
 * tests/fixtures/html/ (CQC and council page layouts, made up for the
 * purpose) and on hostile input made at run time.
 */
#include "check.h"
#include "html.h"

#include <stdint.h>
#include <utf8proc.h>

/* A string literal and its length, NUL bytes included. */
#define S(lit) lit, sizeof(lit) - 1

static char msg[512];

/* A fixture's bytes (malloc()ed, NUL-terminated), NULL on failure. */
static char *fixture(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/html/%s", LASEARCH_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
        fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    CHECK(buf != NULL, "cannot read fixture %s", path);
    return buf;
}

/* 1 when s is well-formed UTF-8 (by utf8proc, not by the reader's own
 * decoder) with no control character other than '\n' when newlines. */
static int clean_utf8(const char *s, int newlines)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
        if (k <= 0)
            return 0;
        if ((cp < 0x20 && !(newlines && cp == '\n')) || (cp >= 0x7F && cp < 0xA0))
            return 0;
        p += k;
        n -= k;
    }
    return 1;
}

/* What every read must give, whatever the input. */
static void check_invariants(const doc_blocks *d, size_t inlen, const char *what)
{
    size_t total = 0;
    CHECK(d->n <= HTML_MAX_BLOCKS, "%s: %zu blocks", what, d->n);
    CHECK(d->n_dropped <= HTML_MAX_NOTES + 1, "%s: %zu notes", what, d->n_dropped);
    for (size_t i = 0; i < d->n; i++) {
        const block *b = &d->v[i];
        size_t len = strlen(b->text);
        total += len;
        int ok = b->kind >= BLOCK_HEADING && b->kind <= BLOCK_ROW &&
                 (b->kind == BLOCK_HEADING ? b->level >= 1 && b->level <= 6
                                           : b->level == 0) &&
                 len > 0 && b->text[0] != ' ' && b->text[0] != '\n' &&
                 b->text[len - 1] != ' ' && b->text[len - 1] != '\n' &&
                 !strstr(b->text, "  ") && clean_utf8(b->text, 1) &&
                 b->where[0] != '\0' && clean_utf8(b->where, 0) && b->page == 0;
        CHECK(ok, "%s: block %zu (kind %d level %d where %s) breaks the contract",
              what, i, (int)b->kind, b->level, b->where);
        if (!ok)
            break;
    }
    CHECK(total <= 4 * inlen + 64 * 1024, "%s: %zu bytes of text from %zu", what,
          total, inlen);
    const char *facts[] = {d->facts.title, d->facts.canonical, d->facts.published,
                           d->facts.updated};
    for (size_t i = 0; i < 4; i++)
        CHECK(facts[i] && clean_utf8(facts[i], 0), "%s: fact %zu unclean", what, i);
    CHECK(d->facts.pages == 0, "%s: pages", what);
    for (size_t i = 0; i < d->n_dropped; i++)
        CHECK(clean_utf8(d->dropped[i], 0), "%s: note %zu unclean", what, i);
}

/* Read bytes into d (initialised here); the status. */
static int read_html(const char *bytes, size_t len, doc_blocks *d, const char *what)
{
    if (doc_blocks_init(d) != 0) {
        CHECK(0, "doc_blocks_init");
        return -1;
    }
    msg[0] = 'x';
    int rc = html_read(bytes, len, d, msg, sizeof msg);
    CHECK(rc == 0 ? msg[0] == '\0' : msg[0] != '\0', "%s: rc %d with message \"%s\"",
          what, rc, msg);
    check_invariants(d, len, what);
    return rc;
}

/* Read a fixture; 0 when it read. */
static int read_fixture(const char *name, doc_blocks *d)
{
    size_t len = 0;
    char *bytes = fixture(name, &len);
    if (!bytes) {
        doc_blocks_init(d);
        return -1;
    }
    int rc = read_html(bytes, len, d, name);
    CHECK(rc == 0, "%s: %s", name, msg);
    free(bytes);
    return rc;
}

static const block *find_text(const doc_blocks *d, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].text, text) == 0)
            return &d->v[i];
    return NULL;
}

static const block *find_substring(const doc_blocks *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->v[i].text, needle))
            return &d->v[i];
    return NULL;
}

static int has_note(const doc_blocks *d, const char *needle)
{
    for (size_t i = 0; i < d->n_dropped; i++)
        if (strstr(d->dropped[i], needle))
            return 1;
    return 0;
}

static void expect_present(const doc_blocks *d, const char *const *texts, size_t n,
                           const char *what)
{
    for (size_t i = 0; i < n; i++)
        CHECK(find_text(d, texts[i]) != NULL, "%s: no block \"%s\"", what, texts[i]);
}

static void expect_absent(const doc_blocks *d, const char *const *needles, size_t n,
                          const char *what)
{
    for (size_t i = 0; i < n; i++) {
        const block *b = find_substring(d, needles[i]);
        CHECK(b == NULL, "%s: furniture \"%s\" kept in \"%s\"", what, needles[i],
              b ? b->text : "");
    }
}

/* The blocks one simple document gives, as one string: "kind/level/where:
 * text" per block, '\n' in text shown as '|'. */
static void blocks_of(const char *html, char *out, size_t cap)
{
    doc_blocks d;
    out[0] = '\0';
    if (read_html(html, strlen(html), &d, html) == 0)
        for (size_t i = 0; i < d.n; i++) {
            size_t o = strlen(out);
            snprintf(out + o, cap - o, "%s%d/%d/%s:", i ? " ; " : "", (int)d.v[i].kind,
                     d.v[i].level, d.v[i].where);
            for (const char *p = d.v[i].text; *p && (o = strlen(out)) + 2 < cap; p++)
                out[o] = *p == '\n' ? '|' : *p, out[o + 1] = '\0';
        }
    doc_blocks_clear(&d);
}

#define EXPECT_BLOCKS(html, want)                                                  \
    do {                                                                           \
        char got_[4096];                                                           \
        blocks_of(html, got_, sizeof got_);                                        \
        CHECK_STR(got_, want);                                                     \
    } while (0)

/* ------------------------------------------------------------------------- */

static void test_table_list(void)
{
    static const struct {
        block_kind kind;
        int level;
        const char *where, *text;
    } want[] = {
        {BLOCK_HEADING, 1, "h1", "Waiting lists & reviews"},
        {BLOCK_PARAGRAPH, 0, "p",
         "Line one\nline two \xe2\x80\x93 with an entity & a reference."},
        {BLOCK_PARAGRAPH, 0, "caption", "Assessments waiting"},
        {BLOCK_ROW, 0, "tr", "Team | Waiting | Median days"},
        {BLOCK_ROW, 0, "tr", "Hospital discharge | 12 | 4"},
        {BLOCK_ROW, 0, "tr", "Community team | > 90"},
        {BLOCK_ROW, 0, "tr", "Two\nlines | a b"},
        {BLOCK_ITEM, 0, "li", "First item"},
        {BLOCK_ITEM, 0, "li", "Second item with a link"},
        {BLOCK_ITEM, 0, "li", "Nested one"},
        {BLOCK_ITEM, 0, "li", "Nested two"},
        {BLOCK_ITEM, 0, "li", "Deeper"},
        {BLOCK_ITEM, 0, "li", "Parent text"},
        {BLOCK_ITEM, 0, "li", "child"},
        {BLOCK_ITEM, 0, "li", "after child"},
        {BLOCK_ITEM, 0, "li", "Para in item\nsecond para"},
        {BLOCK_PARAGRAPH, 0, "dt", "Score"},
        {BLOCK_PARAGRAPH, 0, "dd", "3 \xe2\x80\x93 Evidence shows a good standard"},
        {BLOCK_PARAGRAPH, 0, "p", "Quoted paragraph."},
        {BLOCK_PARAGRAPH, 0, "blockquote", "Bare quote text"},
        {BLOCK_PARAGRAPH, 0, "div", "Bare text in a div with bold."},
        {BLOCK_PARAGRAPH, 0, "div", "Inner div text"},
        {BLOCK_PARAGRAPH, 0, "div", "Tail text"},
        {BLOCK_PARAGRAPH, 0, "section", "Before break"},
        {BLOCK_PARAGRAPH, 0, "section", "After double break"},
        {BLOCK_ITEM, 0, "li", "Step one"},
        {BLOCK_PARAGRAPH, 0, "pre", "keep\nlines"},
        {BLOCK_PARAGRAPH, 0, "p",
         "<not a tag> \"quoted\" \xc2\xa9 \xe2\x80\x99 \xe2\x80\x93 &bogus;"},
    };
    size_t n_want = sizeof want / sizeof want[0];
    doc_blocks d;
    if (read_fixture("table_list.html", &d) == 0) {
        CHECK_INT(d.n, n_want);
        for (size_t i = 0; i < d.n && i < n_want; i++) {
            CHECK(d.v[i].kind == want[i].kind && d.v[i].level == want[i].level,
                  "block %zu: kind %d level %d, expected %d %d", i, (int)d.v[i].kind,
                  d.v[i].level, (int)want[i].kind, want[i].level);
            CHECK_STR(d.v[i].where, want[i].where);
            CHECK_STR(d.v[i].text, want[i].text);
        }
        if (d.n == n_want) {
            CHECK_INT(d.v[0].line, 9);   /* the h1's start tag */
            CHECK_INT(d.v[3].line, 15);  /* the header row */
            CHECK_INT(d.v[12].line, 33); /* "Parent text" */
            CHECK_INT(d.v[26].line, 44); /* the pre */
        }
        CHECK_STR(d.facts.title, "Tables & lists");
        CHECK_STR(d.facts.canonical, "");
        CHECK_STR(d.facts.published, "");
        CHECK_INT(d.n_dropped, 0); /* main is the whole page: nothing to say */
    }
    doc_blocks_clear(&d);
}

static void test_cqc_statement(void)
{
    static const char *const content[] = {
        "Local authority assessment",
        "Medway: local authority assessment",
        "Published: 17 January 2025\nPage last updated: 3 February 2025",
        "Downloads",
        "Medway: local authority assessment report",
        "Partnerships and communities",
        "Score: 3",
        "3 - Evidence shows a good standard",
        "What people expect",
        ("I have care and support that is coordinated, and everyone works well "
        "together and with me."),
        "The local authority commitment",
        "Key findings for this quality statement",
        "Partnership working to deliver shared local and national objectives",
        ("Medway local authority were partners in a number of initiatives. A senior "
        "leader acknowledged there was work to do to improve partnership working and "
        "the local authority was working collaboratively with partners to agree and "
        "align strategic priorities, plans and responsibilities for people in the area."),
        ("A senior leader in housing said partnership working across the local "
        "authority was strong."),
        "Feedback from providers", /* a heading whose id says "feedback" */
        ("Although we had received very mixed feedback from providers about how they "
        "worked with the local authority, staff told us they had good relationships "
        "with providers."),
    };
    static const char *const furniture[] = {
        "Skip to", "Cookies on", "cookies", "Accept", "Find and compare",
        "Guidance for providers", "Give feedback on care", "About us", "Beta",
        "new service", "Care services", "assessment reports", "Print this page",
        "Share", "Back to top", "Related content", "How we assess", "useful",
        "went wrong", "Support links", "Accessibility", "Privacy", "footer text",
        "PDF", "CQC logo", "Menu", "not text", "</p>", "display: block",
    };
    doc_blocks d;
    if (read_fixture("cqc_statement.html", &d) == 0) {
        expect_present(&d, content, sizeof content / sizeof *content, "cqc_statement");
        expect_absent(&d, furniture, sizeof furniture / sizeof *furniture,
                      "cqc_statement");
        CHECK(find_text(&d, "Home") == NULL, "breadcrumb item kept");
        CHECK(find_substring(&d, "Medway\xe2\x80\x99s Better Care Fund Plan") != NULL,
              "&#8217; decoded");
        CHECK(find_substring(&d, "carers services, Healthwatch, Home Care") != NULL,
              "abbr text kept inline");
        const block *h1 = find_text(&d, "Medway: local authority assessment");
        CHECK(h1 && h1->kind == BLOCK_HEADING && h1->level == 1 && h1->line == 73 &&
                  strcmp(h1->where, "h1") == 0,
              "the h1");
        const block *h4 = find_text(&d, "Feedback from providers");
        CHECK(h4 && h4->kind == BLOCK_HEADING && h4->level == 4, "the h4");
        CHECK(d.v[0].line == 72, "first block on line 72, not %u", d.v[0].line);
        CHECK_STR(d.facts.title, "Medway: local authority assessment - Partnerships "
                                 "and communities | Care Quality Commission");
        CHECK_STR(d.facts.canonical,
                  "https://www.cqc.org.uk/care-services/local-authority-assessment-"
                  "reports/medway/partnerships-communities");
        CHECK_STR(d.facts.published, "2025-01-17");
        CHECK_STR(d.facts.updated, "2025-02-03");
        CHECK(has_note(&d, "line 116: div (class \"share-this-page\", 2 links)"),
              "share note");
        CHECK(has_note(&d, "span (class \"govuk-visually-hidden\")"), "sr-only note");
        CHECK(has_note(&d, "only main read"), "main note");
        CHECK(has_note(&d, "aside"), "aside note");
    }
    doc_blocks_clear(&d);
}

static void test_council(void)
{
    static const char *const content[] = {
        "Adult social care self-assessment",
        "How we are doing against the CQC quality statements",
        ("Medway Adult Social Care has written this self-assessment to show what is "
        "working well, where we need to improve and what we are doing about it."),
        "Theme 1 \xe2\x80\x93 Working with People",
        "Assessing needs",
        "What is working well:",
        "We have commissioned Imago to provide the Medway Wellbeing Navigation Service",
        ("Our OT & SW collaboration at the front door has reduced our waiting list for "
        "assessments"),
        "Timeliness of assessments",
        ("Current resource is not sufficient to meet demand, in part due to conflicting "
        "priorities."),
        "We must reduce the backlogs of reviews and carers assessments.",
        "Feedback and complaints",
        "Measure | 2023 | 2024",
        "Assessments completed within 28 days | 61% | 74%",
        "Last reviewed: June 27, 2024",
    };
    static const char *const furniture[] = {
        "Skip to", "ookie", "Bins and recycling", "Council tax", "Search",
        "home page", "In this section", "Support for unpaid carers",
        "Direct payments", "Advocacy services", "Next page", "Gun Wharf",
        "Privacy", "Hidden template", "Display none", "Aria hidden",
        "Screen reader only", "useful", "Email this page", "Print this page",
        "Back to top", "Yes", "eu_cookie",
    };
    doc_blocks d;
    if (read_fixture("council_self_assessment.html", &d) == 0) {
        expect_present(&d, content, sizeof content / sizeof *content, "council");
        expect_absent(&d, furniture, sizeof furniture / sizeof *furniture, "council");
        CHECK(find_text(&d, "Home") == NULL && find_text(&d, "Adult social care") == NULL,
              "breadcrumb items kept");
        CHECK(d.n > 0 && d.v[0].kind == BLOCK_HEADING && d.v[0].level == 1,
              "the h1 in a \"banner\" block is kept, and first");
        CHECK_STR(d.facts.title, "Adult social care self-assessment | Medway Council");
        CHECK_STR(d.facts.canonical,
                  "https://www.medway.example.gov.uk/adult-social-care/self-assessment");
        CHECK_STR(d.facts.published, "2024-03-01"); /* "1st March 2024" */
        CHECK_STR(d.facts.updated, "2024-06-27");   /* "June 27, 2024" */
        CHECK(has_note(&d, "nav (navigation, 2 links)"), "breadcrumb note");
        CHECK(has_note(&d, "stock line \"Back to top\""), "stock line note");
        CHECK(has_note(&d, "div (hidden)") && has_note(&d, "div (display:none)") &&
                  has_note(&d, "div (aria-hidden)"),
              "hidden notes");
        CHECK(!has_note(&d, "only main"), "no main on this page");
    }
    doc_blocks_clear(&d);
}

static void test_summary(void)
{
    static const char *const statements[] = {
        "Assessing needs\nScore: 2\nPeople waited too long for an assessment.",
        "Supporting people to lead healthier lives\nScore: 3",
        "Equity in experience and outcomes\nScore: 3",
        "Care provision, integration and continuity\nScore: 2",
        "Partnerships and communities\nScore: 3",
        "Safe pathways, systems and transitions\nScore: 3",
        "Safeguarding\nScore: 2\nSafeguarding enquiries were completed on time.",
        "Governance, management and sustainability\nScore: 3",
        "Learning, improvement and innovation\nScore: 3",
    };
    doc_blocks d;
    if (read_fixture("summary.html", &d) == 0) {
        size_t first = 0;
        for (size_t i = 0; i < d.n; i++)
            if (strcmp(d.v[i].text, statements[0]) == 0)
                first = i;
        CHECK(first > 0 && first + 9 <= d.n, "the statements list");
        for (size_t i = 0; i < 9 && first > 0 && first + i < d.n; i++) {
            CHECK_STR(d.v[first + i].text, statements[i]);
            CHECK(d.v[first + i].kind == BLOCK_ITEM, "statement %zu is an item", i);
        }
        static const char *const content[] = {
            "Gateshead: local authority assessment", "Overall summary",
            "Local authority rating and score", "Gateshead", "Good", "63%",
            "Quality statement scores",
            "People told us staff in Gateshead were kind and listened to them.",
        };
        expect_present(&d, content, sizeof content / sizeof *content, "summary");
        static const char *const furniture[] = {"63 out of 100", "(PDF)", "Skip",
                                                "Footer", "Home"};
        expect_absent(&d, furniture, sizeof furniture / sizeof *furniture, "summary");
        CHECK_STR(d.facts.published, "2024-11-29");
        CHECK_STR(d.facts.updated, "2024-12-02");
    }
    doc_blocks_clear(&d);
}

static void test_charsets(void)
{
    doc_blocks d;
    if (read_fixture("cqc_statement_cp1252.html", &d) == 0) {
        static const char *const content[] = {
            "3 \xe2\x80\x93 Evidence shows a good standard",
            ("Staff told us the \xe2\x80\x9c" "front door\xe2\x80\x9d worked well and "
            "that the council\xe2\x80\x99s safeguarding team was easy to reach."),
            ("The local authority had invested \xc2\xa3" "250,000 in the multi-agency "
            "safeguarding hub \xe2\x80\x94 a 12\xe2\x80\xb0 rise \xe2\x80\x94 and "
            "caf\xc3\xa9-style drop-in sessions."),
            ("Partners said: \xe2\x80\x98we are listened to\xe2\x80\x99\xe2\x80\xa6 and "
            "the Board\xe2\x80\x99s annual report was published on time."),
        };
        expect_present(&d, content, sizeof content / sizeof *content, "cp1252");
        static const char *const furniture[] = {"Skip", "Cookies", "Home",
                                                "Care Quality Commission", "Print"};
        expect_absent(&d, furniture, sizeof furniture / sizeof *furniture, "cp1252");
        CHECK_STR(d.facts.title,
                  "Rutland: local authority assessment \xe2\x80\x93 Safeguarding");
        CHECK_STR(d.facts.canonical, "https://www.cqc.org.uk/rutland/safeguarding");
        CHECK_STR(d.facts.published, "2025-01-17");
        CHECK_STR(d.facts.updated, ""); /* "sometime last spring" */
    }
    doc_blocks_clear(&d);

    /* no declaration, not UTF-8: Windows-1252, not ISO-8859-1 */
    EXPECT_BLOCKS("<p>a \x96 b \x93q\x94 \xa3" "5 \x80 caf\xe9</p>",
                  "2/0/p:a \xe2\x80\x93 b \xe2\x80\x9cq\xe2\x80\x9d \xc2\xa3" "5 "
                  "\xe2\x82\xac caf\xc3\xa9");
    /* no declaration, valid UTF-8: UTF-8 */
    EXPECT_BLOCKS("<p>caf\xc3\xa9 \xe2\x80\x93 ok</p>", "2/0/p:caf\xc3\xa9 \xe2\x80\x93 ok");
    /* declared UTF-8 with stray bytes: U+FFFD for each */
    EXPECT_BLOCKS("<meta charset=\"utf-8\"><p>a\xff" "b \xc3</p>",
                  "2/0/p:a\xef\xbf\xbd" "b \xef\xbf\xbd");
    EXPECT_BLOCKS("<head><meta charset=windows-1252></head><p>\x93x\x94</p>",
                  "2/0/p:\xe2\x80\x9cx\xe2\x80\x9d");
    EXPECT_BLOCKS("<meta http-equiv=\"content-type\" content='text/html; "
                  "charset=\"ISO-8859-1\"'><p>\x96</p>",
                  "2/0/p:\xe2\x80\x93");
    /* content= without http-equiv declares nothing */
    EXPECT_BLOCKS("<meta name=x content=\"charset=iso-8859-1\"><p>\xc3\xa9</p>",
                  "2/0/p:\xc3\xa9");
    /* through iconv */
    EXPECT_BLOCKS("<meta charset=\"ISO-8859-15\"><p>\xa4 10</p>", "2/0/p:\xe2\x82\xac 10");
    EXPECT_BLOCKS("<meta charset=shift_jis><p>\x82\xa0</p>", "2/0/p:\xe3\x81\x82");
    EXPECT_BLOCKS("<meta charset=shift_jis><p>\x82\xa0\xff\xfe!</p>",
                  "2/0/p:\xe3\x81\x82\xef\xbf\xbd\xef\xbf\xbd!");
    /* labels iconv does not know, or must never see */
    EXPECT_BLOCKS("<meta charset=x-nonsense><p>\x96</p>", "2/0/p:\xe2\x80\x93");
    EXPECT_BLOCKS("<meta charset=\"utf-8//TRANSLIT\"><p>\xc3\xa9</p>", "2/0/p:\xc3\xa9");
    /* a declaration inside a comment is not one */
    EXPECT_BLOCKS("<!-- <meta charset=windows-1252> --><p>\xc3\xa9</p>", "2/0/p:\xc3\xa9");
    /* BOMs */
    EXPECT_BLOCKS("\xef\xbb\xbf<meta charset=windows-1252><p>\xc3\xa9</p>",
                  "2/0/p:\xc3\xa9");
    char u16[64];
    const char *ascii = "<p>x\xe9y</p>";
    size_t k = 0;
    u16[k++] = '\xff';
    u16[k++] = '\xfe';
    for (const char *p = ascii; *p; p++) {
        u16[k++] = *p;
        u16[k++] = '\0';
    }
    if (read_html(u16, k, &d, "utf-16") == 0)
        CHECK(d.n == 1 && strcmp(d.v[0].text, "x\xc3\xa9y") == 0, "UTF-16LE");
    doc_blocks_clear(&d);
    /* references to C1 code points read as Windows-1252, as browsers do */
    EXPECT_BLOCKS("<p>&#150;&#x80;&#153;</p>", "2/0/p:\xe2\x80\x93\xe2\x82\xac\xe2\x84\xa2");
    /* NUL bytes carry nothing */
    if (read_html(S("<p>a\0b</p>\0<p>after</p>"), &d, "nul") == 0)
        CHECK(d.n == 2 && strcmp(d.v[0].text, "ab") == 0 &&
                  strcmp(d.v[1].text, "after") == 0,
              "NUL bytes");
    doc_blocks_clear(&d);
}

static void test_facts(void)
{
    static const struct {
        const char *meta, *published, *updated;
    } cases[] = {
        {"<meta name=\"date\" content=\"2025-01-17T09:30:00Z\">", "2025-01-17", ""},
        {"<meta name=\"DC.Date\" content=\" 17 January 2025 \">", "2025-01-17", ""},
        {"<meta property=\"og:published_time\" content=\"Friday, 17th Jan 2025\">",
         "2025-01-17", ""},
        {"<meta name=\"datePublished\" content=\"June 27, 2024\">", "2024-06-27", ""},
        {"<meta name=\"citation_publication_date\" content=\"3 Sept 2024\">",
         "2024-09-03", ""},
        {"<meta name=\"date\" content=\"29 February 2024\">", "2024-02-29", ""},
        {"<meta name=\"date\" content=\"29 February 2023\">", "", ""},
        {"<meta name=\"date\" content=\"2025-02-30\">", "", ""},
        {"<meta name=\"date\" content=\"31/01/2025\">", "", ""},
        {"<meta name=\"date\" content=\"17 Janvier 2025\">", "", ""},
        {"<meta name=\"date\" content=\"17 January 20251\">", "", ""},
        {"<meta name=\"date\" content=\"2025-1-7\">", "", ""},
        {"<meta name=\"date\" content=\"\">", "", ""},
        {"<meta name=\"date\">", "", ""},
        {"<meta name=\"dcterms.modified\" content=\"2024-12-02\">"
         "<meta name=\"DC.date.modified\" content=\"2023-01-01\">",
         "", "2024-12-02"},
        {"<meta http-equiv=\"last-modified\" content=\"Tue, 3 Dec 2024 10:00:00 GMT\">",
         "", "2024-12-03"},
        {"<meta name=\"dateModified\" content=\"soon\">"
         "<meta property=\"og:updated_time\" content=\"2024-12-02T16:05:11+0000\">",
         "", "2024-12-02"},
        {"<meta name=\"description\" content=\"2025-01-17\">", "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char html[512];
        snprintf(html, sizeof html, "<html><head>%s</head><body><p>x</p></body></html>",
                 cases[i].meta);
        doc_blocks d;
        if (read_html(html, strlen(html), &d, cases[i].meta) == 0) {
            CHECK(strcmp(d.facts.published, cases[i].published) == 0,
                  "%s: published \"%s\"", cases[i].meta, d.facts.published);
            CHECK(strcmp(d.facts.updated, cases[i].updated) == 0,
                  "%s: updated \"%s\"", cases[i].meta, d.facts.updated);
        }
        doc_blocks_clear(&d);
    }
    doc_blocks d;
    const char *page = "<html><head><title>\n  A \t title\n&amp; more </title>"
                       "<link rel=\"Alternate CANONICAL\" href=\" /a?b=1&amp;c \">"
                       "<link rel=canonical href=/second></head>"
                       "<body><svg><title>icon</title></svg><p>x</p></body></html>";
    if (read_html(page, strlen(page), &d, "title") == 0) {
        CHECK_STR(d.facts.title, "A title & more");
        CHECK_STR(d.facts.canonical, "/a?b=1&c");
    }
    doc_blocks_clear(&d);
}

static void test_rules(void)
{
    /* inline elements give their text, br is a line break */
    EXPECT_BLOCKS("<p>a<span>b</span> <a href=x>c</a><br>\n d</p>", "2/0/p:ab c|d");
    /* a heading's block children are spaces */
    EXPECT_BLOCKS("<h2>A<div>B</div></h2>", "1/2/h2:A B");
    /* every heading level */
    EXPECT_BLOCKS("<h3>c</h3><h6>f</h6>", "1/3/h3:c ; 1/6/h6:f");
    /* a table in a list item ends the item's text so far */
    EXPECT_BLOCKS("<ul><li>Item<table><tr><td>c1<td>c2</table>more</li></ul>",
                  "3/0/li:Item ; 4/0/tr:c1 | c2 ; 3/0/li:more");
    /* empty cells and rows leave no trace */
    EXPECT_BLOCKS("<table><tr><td> </td><td>&nbsp;</td></tr><tr><th>h</th><td></td>"
                  "<td>v</td></tr></table>",
                  "4/0/tr:h | v");
    /* role=main is main; furniture outside it is gone without a rule */
    EXPECT_BLOCKS("<body><div>outside</div><div role=\"main\"><p>in</p></div></body>",
                  "2/0/p:in");
    /* an h1 before main is kept, first */
    EXPECT_BLOCKS("<body><div class=banner><h1>Title</h1></div><main><p>in</p></main>",
                  "1/1/h1:Title ; 2/0/p:in");
    /* an empty main (filled by script) falls back to the body */
    EXPECT_BLOCKS("<body><p>body text</p><main></main></body>", "2/0/p:body text");
    /* an h1 before an empty main is not read twice */
    EXPECT_BLOCKS("<body><div class=banner><h1>T</h1></div><main> </main><p>body</p></body>",
                  "1/1/h1:T ; 2/0/p:body");
    /* a logo h1 in the site header is not the page's h1 */
    EXPECT_BLOCKS("<body><header><h1><a href=/><img alt=logo></a></h1><nav>n</nav></header>"
                  "<main><h1>Page</h1><p>x</p></main>",
                  "1/1/h1:Page ; 2/0/p:x");
    EXPECT_BLOCKS("<body><header><h1>Council</h1><a href=/>Home</a></header>"
                  "<div><h1>Real title</h1><p>x</p></div></body>",
                  "1/1/h1:Real title ; 2/0/p:x");
    /* an article's own header holding the h1 is kept */
    EXPECT_BLOCKS("<body><article><header><h1>Title</h1><p>Lead</p></header><p>x</p>"
                  "</article></body>",
                  "1/1/h1:Title ; 2/0/p:Lead ; 2/0/p:x");
    /* hidden main is not the main */
    EXPECT_BLOCKS("<body><main hidden><p>x</p></main><p>y</p></body>", "2/0/p:y");
    /* class words: whole words only */
    EXPECT_BLOCKS("<div class=\"shared-lives\">Shared Lives carers</div>"
                  "<div id=\"adult-social-care\">Adult social care</div>"
                  "<div class=\"social\">Follow us</div>"
                  "<div class=\"c-menu__list\">Menu</div>"
                  "<div class=\"MainMenu\">kept: not a whole word</div>",
                  "2/0/div:Shared Lives carers ; 2/0/div:Adult social care ; "
                  "2/0/div:kept: not a whole word");
    /* hidden=until-found is searchable text */
    EXPECT_BLOCKS("<div hidden=\"until-found\"><p>accordion</p></div>", "2/0/p:accordion");
    /* roles */
    EXPECT_BLOCKS("<div role=\"navigation\"><a href=/>x</a></div><div role=\"alert\">a</div>"
                  "<div role=\"region\">kept</div>",
                  "2/0/div:kept");
    /* stock lines go only when they are the whole block */
    EXPECT_BLOCKS("<p>Skip to content</p><p>Print this page.</p><p>Cookies on the site</p>"
                  "<p>Print the form and post it back to us.</p>",
                  "2/0/p:Print the form and post it back to us.");
    /* white space: nbsp, Unicode spaces, zero widths, soft hyphens */
    EXPECT_BLOCKS("<p> a\xc2\xa0\xc2\xa0 b\xe2\x80\x83" "c\xe2\x80\x8b" "d\xc2\xad" "e </p>",
                  "2/0/p:a b cde");
    /* plain text parses as a body paragraph */
    EXPECT_BLOCKS("just words", "2/0/p:just words");
}

static void test_sniff(void)
{
    static const struct {
        const char *bytes;
        int html;
    } cases[] = {
        {"<!DOCTYPE html>\n<p>x", 1},
        {"<!doctype HTML><title>t</title>", 1},
        {"\xef\xbb\xbf  \n<!-- saved page -->\n<html lang=en>", 1},
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">", 1},
        {"<HEAD><title>x</title>", 1},
        {"<body class=x>", 1},
        {"<html>", 1},
        {"<meta charset=utf-8><p>x", 1},
        {"  <title>x</title>", 1},
        {"<htmlx>", 0},
        {"<!DOCTYPE svg>", 0},
        {"<!DOCTYPE htmlfoo>", 0},
        {"<!-- never closed <html>", 0},
        {"<p>just a fragment</p>", 0},
        {"<div class=\"report-section\">", 0},
        {"Skip to main content\nMenu\n<div class=\"report-section\">", 0},
        {"# Partnerships and communities\n\n<html>", 0},
        {"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 0},
        {"", 0},
        {"   ", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(html_sniff(cases[i].bytes, strlen(cases[i].bytes)) == cases[i].html,
              "sniff \"%s\" should be %d", cases[i].bytes, cases[i].html);
    CHECK(html_sniff(S("\xff\xfe<\0h\0t\0m\0l\0>\0")) == 1, "UTF-16LE html");
    CHECK(html_sniff(S("\xfe\xff\0<\0b\0o\0d\0y\0>")) == 1, "UTF-16BE body");
    CHECK(html_sniff(S("\xff\xfe<\0p\0>\0")) == 0, "UTF-16LE fragment");
    const char *fixtures[] = {"cqc_statement.html", "cqc_statement_cp1252.html",
                              "council_self_assessment.html", "summary.html",
                              "table_list.html", "hostile.html"};
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        size_t len;
        char *b = fixture(fixtures[i], &len);
        CHECK(b && html_sniff(b, len) == 1, "sniff %s", fixtures[i]);
        free(b);
    }
    /* the project's own text files are not HTML */
    char path[4096];
    snprintf(path, sizeof path, "%s/layouts/web_debris.txt", LASEARCH_FIXTURES);
    FILE *f = fopen(path, "rb");
    if (f) {
        char buf[8192];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        CHECK(html_sniff(buf, n) == 0, "web_debris.txt is text");
    }
}

static void test_failures(void)
{
    doc_blocks d;
    static const struct {
        const char *bytes;
        size_t len;
    } empties[] = {{"", 0}, {S("   \n\t ")}, {S("\0\0\0")}, {S("\xef\xbb\xbf")},
                   {S("\xc2\xa0")}};
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        CHECK(read_html(empties[i].bytes, empties[i].len, &d, "empty") == -1,
              "empty input %zu read", i);
        CHECK_STR(msg, "empty document");
        doc_blocks_clear(&d);
    }
    /* only a comment: a document with no element */
    CHECK(read_html(S("<!-- nothing -->"), &d, "comment") == -1, "comment only");
    CHECK_STR(msg, "not an HTML document");
    doc_blocks_clear(&d);
    /* only furniture: read, no blocks (the caller decides what that means) */
    CHECK(read_html(S("<nav><a href=/>Home</a></nav>"), &d, "nav only") == 0, "nav");
    CHECK_INT(d.n, 0);
    doc_blocks_clear(&d);
    /* no room for a message is allowed */
    if (doc_blocks_init(&d) == 0) {
        CHECK(html_read("", 0, &d, NULL, 0) == -1, "empty, no message buffer");
        CHECK(html_read(S("<p>x</p>"), &d, NULL, 0) == 0 && d.n == 1,
              "read, no message buffer");
        doc_blocks_clear(&d);
    }
}

/* A buffer of n copies of unit (n * strlen(unit) bytes) plus tail. */
static char *repeat(const char *unit, size_t n, const char *tail, size_t *len)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *b = malloc(u * n + t + 1);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(b + i * u, unit, u);
    memcpy(b + u * n, tail, t + 1);
    *len = u * n + t;
    return b;
}

static void test_hostile(void)
{
    doc_blocks d;
    if (read_fixture("hostile.html", &d) == 0) {
        static const char *const absent[] = {"SCRIPT-TEXT", "STYLE-TEXT", "COMMENT-TEXT",
                                             "Second title", "</p>", "xxxxxxxx"};
        expect_absent(&d, absent, sizeof absent / sizeof *absent, "hostile");
        static const char *const present[] = {
            "Unclosed paragraph with bold and italic",
            "Second paragraph after a stray end tag", "Huge attribute text",
            "Orphan item outside any list", "Orphan cell", "Cell A | Inner B | Cell C",
            "many unclosed bold"};
        expect_present(&d, present, sizeof present / sizeof *present, "hostile");
        CHECK(find_substring(&d, "Controls [31mred[0m and DEL gone") != NULL,
              "controls removed");
        CHECK(has_note(&d, "the parser stopped (nesting too deep)"), "halt noted");
        CHECK(find_substring(&d, "AFTER-DEEP-TEXT") == NULL, "libxml2 stops at 256");
        CHECK_STR(d.facts.title, "Hostile page");
    }
    doc_blocks_clear(&d);

    /* 100,000 nested divs: libxml2 stops; the rest is noted as lost */
    size_t len;
    char *deep = repeat("<div>", 100000, "deep text", &len);
    if (deep && read_html(deep, len, &d, "100000 divs") == 0)
        CHECK(has_note(&d, "nesting too deep"), "100000 divs: halt noted");
    doc_blocks_clear(&d);
    free(deep);
    /* deeper than HTML_MAX_DEPTH but within libxml2's limit: flattened */
    deep = repeat("<div><span>", 120, "deep <p>text</p> here<br>end", &len);
    if (deep && read_html(deep, len, &d, "240 levels") == 0) {
        CHECK(d.n == 1 && strcmp(d.v[0].text, "deep text here\nend") == 0,
              "flattened: \"%s\"", d.n ? d.v[0].text : "");
        CHECK(has_note(&d, "flattened"), "flattening noted");
    }
    doc_blocks_clear(&d);
    free(deep);
    /* nested lists as deep as libxml2 allows */
    deep = repeat("<ul><li>i", 200, "", &len);
    if (deep && read_html(deep, len, &d, "deep lists") == 0)
        CHECK(d.n >= 90 && d.v[0].kind == BLOCK_ITEM, "deep lists: %zu items", d.n);
    doc_blocks_clear(&d);
    free(deep);

    /* more blocks than allowed */
    char *many = repeat("<p>x</p>", HTML_MAX_BLOCKS + 5000, "", &len);
    if (many && read_html(many, len, &d, "many blocks") == 0) {
        CHECK_INT(d.n, HTML_MAX_BLOCKS);
        CHECK(has_note(&d, "too many blocks"), "block limit noted");
    }
    doc_blocks_clear(&d);
    free(many);

    /* more furniture than notes */
    many = repeat("<nav>n</nav>", 1000, "<p>kept</p>", &len);
    if (many && read_html(many, len, &d, "many notes") == 0) {
        CHECK_INT(d.n_dropped, HTML_MAX_NOTES + 1);
        CHECK(d.n_dropped == HTML_MAX_NOTES + 1 &&
                  strcmp(d.dropped[HTML_MAX_NOTES], "... and 800 more") == 0,
              "notes capped");
        CHECK(d.n == 1, "the paragraph after the furniture");
    }
    doc_blocks_clear(&d);
    free(many);

    /* every fixture cut short anywhere: never a crash, always the contract */
    const char *fixtures[] = {"cqc_statement.html", "cqc_statement_cp1252.html",
                              "council_self_assessment.html", "summary.html",
                              "table_list.html"};
    for (size_t f = 0; f < sizeof fixtures / sizeof *fixtures; f++) {
        char *b = fixture(fixtures[f], &len);
        for (size_t cut = 0; b && cut < len; cut += 1 + cut / 8) {
            char *part = malloc(cut ? cut : 1); /* exact size: ASan sees overreads */
            if (!part)
                break;
            memcpy(part, b, cut);
            (void)read_html(part, cut, &d, fixtures[f]);
            doc_blocks_clear(&d);
            free(part);
        }
        free(b);
    }

    /* random bytes, and random bytes after a doctype */
    uint32_t seed = 12345;
    char *noise = malloc(1 << 20);
    if (noise) {
        static const char alphabet[] = "<>/=\"' \n&;#abcdiptrlhu!-\x80\x96\xc3\xe2\0";
        for (int round = 0; round < 2; round++) {
            for (size_t i = 0; i < (1 << 20); i++) {
                seed = seed * 1103515245u + 12345u;
                noise[i] = round ? alphabet[(seed >> 16) % (sizeof alphabet - 1)]
                                 : (char)(seed >> 16);
            }
            if (round)
                memcpy(noise, "<!DOCTYPE html>", 15);
            int rc = read_html(noise, 1 << 20, &d, round ? "tag soup" : "noise");
            CHECK(rc == 0 || rc == -1, "noise");
            doc_blocks_clear(&d);
        }
        free(noise);
    }
}

int main(void)
{
    test_table_list();
    test_cqc_statement();
    test_council();
    test_summary();
    test_charsets();
    test_facts();
    test_rules();
    test_sniff();
    test_failures();
    test_hostile();
    return check_report("test_html");
}
