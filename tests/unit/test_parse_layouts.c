/*
 * test_parse_layouts.c: the page layouts real CQC and council pages use
 * (statement pages, summaries in every variant, pilots, landing pages,
 * press releases, look-alikes, self-assessments, news), each as a fixture
 * of our own in tests/fixtures/layouts/ written from how real pages read
 * (no real page is copied): kind, council, statement, score, rating,
 * percentage, indicative, the nine scores, dates, no furniture paragraph,
 * and the reason for every line left out.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "parse.h"
#include "section.h"
#include "textio.h"

static authority_table *authorities;

static int parse_layout_m(const char *name, const manifest *m, corpus_doc *d)
{
    char path[512], label[128], msg[256];
    snprintf(path, sizeof path, "%s/layouts/%s", LASEARCH_FIXTURES, name);
    snprintf(label, sizeof label, "layouts/%s", name);
    text_file tf;
    memset(d, 0, sizeof *d);
    if (textio_read(path, TEXTIO_DEFAULT_MAX_BYTES, &tf, msg, sizeof msg) != TEXTIO_OK) {
        CHECK(0, "cannot read %s: %s", path, msg);
        return -1;
    }
    corpus_ref ref = {authorities, m};
    int rc = corpus_parse(label, tf.data, tf.len, &ref, d);
    CHECK(rc == 0, "corpus_parse(%s) failed", label);
    text_file_clear(&tf);
    return rc;
}

static int parse_layout(const char *name, corpus_doc *d)
{
    return parse_layout_m(name, NULL, d);
}

static int parse_text(const char *text, corpus_doc *d)
{
    corpus_ref ref = {authorities, NULL};
    int rc = corpus_parse("t.txt", text, strlen(text), &ref, d);
    CHECK(rc == 0, "corpus_parse failed on \"%.40s\"", text);
    return rc;
}

static int has_para(const corpus_doc *d, const char *text)
{
    for (size_t i = 0; i < d->n_paras; i++)
        if (strcmp(d->paras[i].text, text) == 0)
            return 1;
    return 0;
}

static int has_para_starting(const corpus_doc *d, const char *prefix)
{
    for (size_t i = 0; i < d->n_paras; i++)
        if (strncmp(d->paras[i].text, prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

/* Is there a skipped entry starting with want ("line 5: furniture")? */
static int has_skip(const corpus_doc *d, const char *want)
{
    for (size_t i = 0; i < d->n_skipped; i++)
        if (strncmp(d->skipped[i], want, strlen(want)) == 0)
            return 1;
    return 0;
}

#define CHECK_SKIP(d, want) CHECK(has_skip(d, want), "%s: no skipped \"%s\"", (d)->file, want)

static void check_scores(const corpus_doc *d, const int want[SECTION_COUNT])
{
    for (int s = 0; s < SECTION_COUNT; s++)
        CHECK(d->statement_scores[s] == want[s], "%s: %s scored %d, expected %d", d->file,
              section_name(s), d->statement_scores[s], want[s]);
}

static void check_no_scores(const corpus_doc *d)
{
    static const int none[SECTION_COUNT] = {0};
    check_scores(d, none);
}

/* What holds on every page: records carry the document's facets, no
 * paragraph is furniture or a bare name, every non-blank line is either in
 * a paragraph or skipped with a reason. */
static void check_common(const corpus_doc *d)
{
    static const char *never[] = {
        "Downloads", "Skip to content", "In this section", "Back to top",
        "How we assess local authorities", "Share this article", "Categories", "Media",
        "Assessing needs", "Safeguarding", "Score: 2", "Score: 3",
    };
    for (size_t k = 0; k < sizeof never / sizeof never[0]; k++)
        CHECK(!has_para(d, never[k]), "%s: \"%s\" became a paragraph", d->file, never[k]);
    CHECK(!has_para_starting(d, "Published"), "%s: a date line became a paragraph", d->file);
    CHECK(!has_para_starting(d, "Last reviewed"), "%s: a date line became a paragraph", d->file);
    for (size_t i = 0; i < d->n_paras; i++) {
        const para_record *r = &d->paras[i];
        CHECK_STR(r->authority, d->authority);
        CHECK_INT(r->kind, d->kind);
        CHECK_STR(r->rating, d->rating);
        if (d->kind != KIND_ASSESSMENT)
            CHECK(r->score == 0, "%s #%zu: score %d on a %s page", d->file, i + 1, r->score,
                  kind_name(d->kind));
        if (d->kind == KIND_OTHER)
            CHECK(r->section == -1, "%s #%zu: section on an other page", d->file, i + 1);
    }
    for (size_t i = 0; i < d->n_skipped; i++)
        CHECK(strncmp(d->skipped[i], "line ", 5) == 0 && strstr(d->skipped[i], ": "),
              "%s: skipped entry \"%s\"", d->file, d->skipped[i]);
}

/* ---- statement pages ---------------------------------------------------- */

static void test_statement_www(void)
{
    corpus_doc d;
    if (parse_layout("stmt_www.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    CHECK_STR(d.authority, "Surrey");
    CHECK_INT(d.section, 0);
    CHECK_INT(d.score, 2);
    CHECK_INT(d.indicative, 0);
    CHECK_STR(d.published, "2024-11-20");
    CHECK_STR(d.updated, "2024-11-22");
    CHECK_INT(d.published_line, 3);
    CHECK_INT(d.n_paras, 3);
    CHECK_INT(d.n_warnings, 0);
    check_no_scores(&d);
    CHECK_SKIP(&d, "line 1: title \"Surrey County Council: local authority assessment\"");
    CHECK_SKIP(&d, "line 3: date line \"Published: 20 November 2024 Page last updated");
    CHECK_SKIP(&d, "line 5: furniture \"Downloads\"");
    CHECK_SKIP(&d, "line 7: statement name \"Assessing needs\"");
    CHECK_SKIP(&d, "line 9: score line");
    CHECK_SKIP(&d, "line 11: score line");
    CHECK_SKIP(&d, "line 13: boilerplate (What people expect)");
    CHECK_SKIP(&d, "line 15: boilerplate (What people expect) \"I have care");
    CHECK_SKIP(&d, "line 19: boilerplate (The local authority commitment) \"We maximise");
    CHECK_SKIP(&d, "line 21: heading \"Key findings for this quality statement\"");
    CHECK_INT(d.n_skipped, 13);   /* every non-blank line but the three paragraphs */
    CHECK_STR(d.paras[0].heading, "Assessment, care planning and review arrangements");
    check_common(&d);
    corpus_doc_clear(&d);
}

/* cqc.org.uk. copies: no blank lines, no "Downloads", no "Key findings"
 * heading, "Score:" repeated on the label: the findings are kept. */
static void test_statement_no_key_findings(void)
{
    corpus_doc d;
    if (parse_layout("stmt_nokeyfind.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    CHECK_STR(d.authority, "Telford and Wrekin");
    CHECK_INT(d.section, 1);   /* "live healthier lives" */
    CHECK_INT(d.score, 3);
    CHECK_INT(d.n_warnings, 0);   /* "Score: 3" twice agrees */
    CHECK_INT(d.n_paras, 3);
    CHECK(has_para_starting(&d, "The local authority worked with health partners"),
          "the first finding after the commitment was lost");
    if (d.n_paras) {
        CHECK_STR(d.paras[0].heading, "");   /* not under the commitment */
        CHECK_INT(d.paras[0].line, 9);
    }
    CHECK(!has_para_starting(&d, "We support people"), "the commitment became text");
    CHECK(!has_para_starting(&d, "I can get information"), "the I statement became text");
    CHECK_SKIP(&d, "line 4: score line \"Score: 3 - Evidence shows a good standard\"");
    CHECK_SKIP(&d, "line 8: boilerplate (The local authority commitment)");
    check_common(&d);
    corpus_doc_clear(&d);
}

/* Leadership pages have no "What people expect"; the findings follow the
 * commitment in a block of their own, without a heading. */
static void test_statement_governance(void)
{
    corpus_doc d;
    if (parse_layout("stmt_governance.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    CHECK_STR(d.authority, "Wiltshire");
    CHECK_INT(d.section, 7);
    CHECK_INT(d.score, 3);
    CHECK_INT(d.n_paras, 2);
    CHECK(has_para_starting(&d, "Leaders had a clear plan"), "findings lost");
    CHECK(!has_para_starting(&d, "We have clear responsibilities"), "commitment became text");
    check_common(&d);
    corpus_doc_clear(&d);
}

static void test_statement_pilot(void)
{
    corpus_doc d;
    if (parse_layout("stmt_pilot.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    CHECK_STR(d.authority, "Birmingham");   /* no title: named in the findings */
    CHECK_INT(d.section, 0);
    CHECK_INT(d.score, 2);
    CHECK_INT(d.indicative, 1);
    CHECK_INT(d.n_paras, 2);
    CHECK_SKIP(&d, "line 3: score line \"Indicative score:\"");
    CHECK_SKIP(&d, "line 9: boilerplate (What people expect)");
    CHECK_SKIP(&d, "line 13: boilerplate (The local authority commitment)");
    for (size_t i = 0; i < d.n_paras; i++)
        CHECK_INT(d.paras[i].score, 2);
    check_common(&d);
    corpus_doc_clear(&d);
}

/* ---- summary pages ------------------------------------------------------ */

static void check_summary_paragraphs(const corpus_doc *d)
{
    for (size_t i = 0; i < d->n_paras; i++) {
        CHECK_INT(d->paras[i].score, 0);
        CHECK(d->paras[i].section == -1, "%s #%zu: section %d", d->file, i + 1,
              d->paras[i].section);
        CHECK(section_match(d->paras[i].text, strlen(d->paras[i].text)) < 0,
              "%s: statement list entry \"%s\" became a paragraph", d->file, d->paras[i].text);
    }
}

static void test_summary_a(void)
{
    corpus_doc d;
    if (parse_layout("summary_a.txt", &d) != 0)
        return;
    static const int want[SECTION_COUNT] = {2, 3, 2, 2, 3, 2, 2, 3, 2};
    CHECK_INT(d.kind, KIND_SUMMARY);
    CHECK_STR(d.authority, "Windsor and Maidenhead");
    CHECK_STR(d.rating, "Requires improvement");
    CHECK_INT(d.percent, 58);          /* "Overall score: 58", no '%' */
    CHECK_INT(d.indicative, 0);
    CHECK_INT(d.section, -1);
    CHECK_INT(d.score, 0);
    check_scores(&d, want);
    CHECK_STR(d.published, "2024-11-08");
    CHECK_STR(d.updated, "2024-11-08");
    CHECK_INT(d.n_warnings, 0);
    CHECK_INT(d.n_paras, 2);
    CHECK(has_para_starting(&d, "Most people told us staff were kind"), "experiences lost");
    CHECK_SKIP(&d, "line 11: council name \"Royal Borough of Windsor & Maidenhead\"");
    CHECK_SKIP(&d, "line 13: rating line \"Requires improvement\"");
    CHECK_SKIP(&d, "line 15: percentage line \"Overall score: 58\"");
    CHECK_SKIP(&d, "line 19: statement list \"Assessing needs\"");
    CHECK_SKIP(&d, "line 51: statement list \"Learning, improvement and innovation\"");
    CHECK_SKIP(&d, "line 53: score line \"Score: 2\"");
    for (size_t i = 0; i < d.n_paras; i++)
        CHECK_STR(d.paras[i].rating, "Requires improvement");
    check_summary_paragraphs(&d);
    check_common(&d);
    corpus_doc_clear(&d);
}

static void test_summary_b(void)
{
    corpus_doc d;
    if (parse_layout("summary_b.txt", &d) != 0)
        return;
    static const int want[SECTION_COUNT] = {3, 3, 3, 3, 4, 3, 3, 2, 3};
    CHECK_INT(d.kind, KIND_SUMMARY);
    CHECK_STR(d.authority, "Hertfordshire");
    CHECK_STR(d.rating, "Good");
    CHECK_INT(d.percent, 75);          /* "scored 75 out of 100 overall" */
    check_scores(&d, want);
    CHECK_STR(d.published, "");        /* this copy prints no date */
    CHECK_INT(d.n_paras, 1);
    CHECK_SKIP(&d, "line 6: percentage line \"Hertfordshire County Council scored 75");
    check_summary_paragraphs(&d);
    check_common(&d);
    corpus_doc_clear(&d);
}

static void test_summary_c(void)
{
    corpus_doc d;
    if (parse_layout("summary_c.md", &d) != 0)
        return;
    static const int want[SECTION_COUNT] = {1, 2, 2, 2, 2, 1, 2, 2, 2};
    CHECK_INT(d.kind, KIND_SUMMARY);
    CHECK_STR(d.authority, "York");
    CHECK_STR(d.rating, "Requires improvement");
    CHECK_INT(d.percent, 42);          /* "Overall rating for City of York Council: 42%" */
    check_scores(&d, want);
    CHECK_STR(d.published, "2025-12-05");
    CHECK_INT(d.n_paras, 1);
    CHECK_SKIP(&d, "line 9: council name \"City of York Council\"");
    check_summary_paragraphs(&d);
    check_common(&d);
    corpus_doc_clear(&d);
}

/* The rating block lost in extraction: nothing is stated, nothing is
 * borrowed from the prose below. */
static void test_summary_empty(void)
{
    corpus_doc d;
    if (parse_layout("summary_d_empty.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_SUMMARY);
    CHECK_STR(d.authority, "Shropshire");
    CHECK_STR(d.rating, "");
    CHECK_INT(d.percent, -1);
    CHECK_INT(d.indicative, 0);
    check_no_scores(&d);
    CHECK_INT(d.n_paras, 1);
    CHECK(has_para_starting(&d, "People rated the carers' service 4 out of 5"), "prose lost");
    check_summary_paragraphs(&d);
    check_common(&d);
    corpus_doc_clear(&d);
}

static void test_summary_pilot(void)
{
    corpus_doc d;
    if (parse_layout("summary_pilot.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_SUMMARY);
    CHECK_STR(d.authority, "Birmingham");   /* "<Council> assessment" */
    CHECK_STR(d.rating, "Good");
    CHECK_INT(d.indicative, 1);
    CHECK_INT(d.percent, -1);
    CHECK_INT(d.score, 0);                  /* the gloss is the rating, not a score */
    check_no_scores(&d);
    CHECK_STR(d.published, "2023-11-17");
    CHECK_STR(d.updated, "2023-11-20");
    CHECK_INT(d.n_paras, 1);
    CHECK_SKIP(&d, "line 1: title \"Birmingham City Council assessment\"");
    CHECK_SKIP(&d, "line 11: rating line \"Good: Evidence shows a good standard\"");
    check_summary_paragraphs(&d);
    check_common(&d);
    corpus_doc_clear(&d);
}

/* Every shape a summary prints its percentage in, and what is not one. */
static void test_summary_percent_shapes(void)
{
    static const struct {
        const char *line;
        int percent;
    } cases[] = {
        {"Overall score: 62", 62},
        {"Overall rating for Kent County Council: 39%", 39},
        {"Kent County Council scored 78 out of 100 overall, indicating a good standard", 78},
        {"Score: 56%", 56},
        {"Score: 75", 75},
        {"63%", 63},
        {"Score: 3", -1},          /* a statement's score */
        {"Kent has 75 care homes", -1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "Kent County Council: local authority assessment\n\nOverall summary\n\n"
                 "Local authority rating and score\n\n- Kent County Council\n\nGood\n\n%s\n\n"
                 "Quality statement scores\n\n- Assessing needs\n\nScore: 3\n\n"
                 "Summary of people's experiences\n\nPeople were mostly happy.\n",
                 cases[k].line);
        corpus_doc d;
        if (parse_text(text, &d) != 0)
            continue;
        CHECK_INT(d.kind, KIND_SUMMARY);
        CHECK_STR(d.rating, "Good");
        CHECK(d.percent == cases[k].percent, "\"%s\": percent %d", cases[k].line, d.percent);
        CHECK_INT(d.statement_scores[0], 3);
        corpus_doc_clear(&d);
    }
}

/* ---- pages that are not reports ------------------------------------------ */

static void test_landing(void)
{
    corpus_doc d;
    if (parse_layout("landing.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_OTHER);
    CHECK_STR(d.authority, "Wiltshire");
    CHECK_STR(d.rating, "");
    CHECK_INT(d.percent, -1);
    CHECK_STR(d.published, "2025-01-29");   /* "Assessment published:" */
    CHECK_INT(d.n_paras, 3);
    CHECK_INT(d.n_warnings, 0);
    /* web copies without blank lines keep their headings */
    if (d.n_paras == 3) {
        CHECK_STR(d.paras[0].heading, "Demographics");
        CHECK_STR(d.paras[1].heading, "Financial facts");
    }
    CHECK_SKIP(&d, "line 3: furniture \"How we assess local authorities\"");
    CHECK_SKIP(&d, "line 4: date line \"Assessment published: 29 January 2025\"");
    check_common(&d);
    corpus_doc_clear(&d);
}

static void test_press_release(void)
{
    corpus_doc d;
    if (parse_layout("press_release.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_OTHER);
    CHECK_STR(d.authority, "Warrington");
    CHECK_INT(d.section, -1);
    CHECK_INT(d.score, 0);
    CHECK_STR(d.rating, "");
    CHECK_INT(d.percent, -1);
    check_no_scores(&d);
    CHECK_STR(d.published, "2025-05-22");
    /* the nine-score list (en dash and hyphen mixed) is no text */
    for (unsigned line = 13; line <= 21; line++) {
        char want[32];
        snprintf(want, sizeof want, "line %u: score line", line);
        CHECK_SKIP(&d, want);
    }
    CHECK_SKIP(&d, "line 5: furniture \"Categories\"");
    CHECK_SKIP(&d, "line 7: furniture \"Media\"");
    CHECK_INT(d.n_paras, 4);
    CHECK(has_para_starting(&d, "Inspectors found"), "text after the list lost");
    check_common(&d);
    corpus_doc_clear(&d);
}

/* CQC's framework page for a statement: its name and commitment, no score,
 * no report title: not an assessment, and its own words are its text. */
static void test_framework(void)
{
    corpus_doc d;
    if (parse_layout("framework.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_OTHER);
    CHECK_STR(d.authority, "");
    CHECK_INT(d.n_warnings, 0);   /* no council named: none expected */
    CHECK_INT(d.section, -1);
    CHECK_INT(d.score, 0);
    CHECK_STR(d.published, "");
    CHECK_STR(d.updated, "2024-02-23");
    CHECK(has_para_starting(&d, "We work with people to understand"), "framework text lost");
    CHECK_SKIP(&d, "line 7: heading \"Safeguarding\"");
    check_common(&d);
    corpus_doc_clear(&d);
}

static void test_manual(void)
{
    corpus_doc d;
    if (parse_layout("manual.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_OTHER);
    CHECK_INT(d.section, -1);
    CHECK(has_para_starting(&d, "Practitioners must complete"), "policy text lost");
    check_common(&d);
    corpus_doc_clear(&d);
}

static void test_news(void)
{
    corpus_doc d;
    if (parse_layout("news_council.txt", &d) == 0) {
        CHECK_INT(d.kind, KIND_OTHER);
        CHECK_STR(d.authority, "Hounslow");
        CHECK_STR(d.rating, "");   /* a rating in prose is not a report's */
        CHECK_STR(d.published, "2024-05-17");   /* "Friday, 17th May 2024" */
        CHECK_INT(d.n_paras, 3);
        CHECK_SKIP(&d, "line 1: furniture \"Skip to content\"");
        CHECK_SKIP(&d, "line 3: furniture \"News centre\"");
        CHECK_SKIP(&d, "line 13: furniture \"Share this article\"");
        CHECK_SKIP(&d, "line 15: furniture \"Did you find this information helpful?\"");
        check_common(&d);
        corpus_doc_clear(&d);
    }
    if (parse_layout("news_media.txt", &d) == 0) {
        CHECK_INT(d.kind, KIND_OTHER);
        CHECK_STR(d.published, "2024-11-16");   /* " date 2024-11-16" */
        CHECK_INT(d.percent, -1);               /* "64 per cent" in prose */
        CHECK_INT(d.n_paras, 2);
        CHECK_SKIP(&d, "line 3: date line \"By A Reporter");
        CHECK_SKIP(&d, "line 4: furniture \"Town hall (credit:");
        CHECK_SKIP(&d, "line 6: date line without a year \"Published: Friday 15 August\"");
        CHECK_SKIP(&d, "line 7: furniture \"Follow Shropshire News");
        CHECK_SKIP(&d, "line 8: furniture \"Comments are closed.\"");
        check_common(&d);
        corpus_doc_clear(&d);
    }
}

/* ---- self-assessments ------------------------------------------------------ */

/* Named on its title, "Theme one:" / "Theme 3 - How we keep people safe"
 * pages, statement headings, councils' own list headings. */
static void test_self_assessment_title(void)
{
    corpus_doc d;
    if (parse_layout("sa_title.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_SELF_ASSESSMENT);
    CHECK_STR(d.authority, "Devon");
    CHECK(strstr(d.why_authority, "in Devon") != NULL, "%s", d.why_authority);
    CHECK_INT(d.score, 0);
    CHECK_INT(d.n_warnings, 0);
    static const struct {
        const char *start;
        int section;
        const char *heading;
    } want[] = {
        {"Our leaders have agreed", -1, "Introduction: Leadership"},
        {"Most people get a decision", 0, "What is working well"},
        {"Reviews of long-term care plans", 0, "Areas for improvement"},
        {"Safeguarding concerns are screened", 6, "What is working well"},
        /* a theme page naming no statement: left unmapped, not guessed */
        {"We publish our performance", -1, ""},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const para_record *r = NULL;
        for (size_t i = 0; i < d.n_paras && !r; i++)
            if (strncmp(d.paras[i].text, want[k].start, strlen(want[k].start)) == 0)
                r = &d.paras[i];
        CHECK(r != NULL, "no paragraph \"%s\"", want[k].start);
        if (r) {
            CHECK(r->section == want[k].section, "\"%s\": section %d", want[k].start,
                  r->section);
            CHECK_STR(r->heading, want[k].heading);
        }
    }
    CHECK_SKIP(&d, "line 18: theme heading \"Theme one: Working with people\"");
    CHECK_SKIP(&d, "line 42: furniture \"In this section\"");
    check_common(&d);
    corpus_doc_clear(&d);
}

/* Named in a sentence; "Last reviewed" is the update, "Next review due"
 * is no date of the page; one mention of the council decides nothing. */
static void test_self_assessment_sentence(void)
{
    corpus_doc d;
    if (parse_layout("sa_sentence.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_SELF_ASSESSMENT);
    CHECK_STR(d.authority, "");
    CHECK_STR(d.updated, "2024-06-27");
    CHECK_INT(d.updated_line, 15);
    CHECK_STR(d.published, "");
    CHECK(has_para_starting(&d, "We complete most safeguarding enquiries"), "text lost");
    for (size_t i = 0; i < d.n_paras; i++) {
        if (!strncmp(d.paras[i].text, "We complete most", 16))
            CHECK_INT(d.paras[i].section, 6);   /* "Quality statement 7: Safeguarding" */
        if (!strncmp(d.paras[i].text, "We have brought", 15))
            CHECK_INT(d.paras[i].section, -1);  /* a theme: no statement */
    }
    CHECK_SKIP(&d, "line 15: date line \"Last reviewed: June 27, 2024 by Sam\"");
    CHECK_SKIP(&d, "line 17: date line \"Next review due: December 27, 2024\"");
    CHECK_SKIP(&d, "line 19: furniture \"Back to top\"");
    check_common(&d);
    corpus_doc_clear(&d);
}

/* Talk about self-assessments is not one. */
static void test_not_self_assessment(void)
{
    static const char *texts[] = {
        "Top tips for self-assessment\n\nCouncils should start their self-assessment early "
        "and involve people who use services.\n",
        "Care Quality Commission assessments\n\n- Carry out our own self assessments\n- "
        "Send the information return\n",
        "Cabinet minutes\n\nThe information return, including a self-assessment, was sent to "
        "CQC in March.\n",
    };
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        corpus_doc d;
        if (parse_text(texts[k], &d) != 0)
            continue;
        CHECK(d.kind == KIND_OTHER, "text %zu: kind %s (%s)", k, kind_name(d.kind), d.why_kind);
        corpus_doc_clear(&d);
    }
}

/* A statement page whose score line was lost is still the report's page:
 * its title and the statement's name say so. */
static void test_statement_without_score(void)
{
    corpus_doc d;
    if (parse_text("Kent County Council: local authority assessment\n\nSafeguarding\n\n"
                   "Kent's safeguarding board met every quarter.\n", &d) == 0) {
        CHECK_INT(d.kind, KIND_ASSESSMENT);
        CHECK_STR(d.authority, "Kent");
        CHECK_INT(d.section, 6);
        CHECK_INT(d.score, 0);
        corpus_doc_clear(&d);
    }
}

/* Guidance printing CQC's scoring key is not a scored page. */
static void test_scoring_key(void)
{
    corpus_doc d;
    if (parse_text("How we score\n\n4 - Evidence shows an exceptional standard\n"
                   "3 - Evidence shows a good standard\n2 - Evidence shows some shortfalls\n"
                   "1 - Evidence shows significant shortfalls\n\n"
                   "Each quality statement gets one of these scores.\n", &d) == 0) {
        CHECK_INT(d.kind, KIND_OTHER);
        CHECK_INT(d.score, 0);
        CHECK_INT(d.n_warnings, 0);
        corpus_doc_clear(&d);
    }
}

/* ---- dates ------------------------------------------------------------------ */

static void test_dates(void)
{
    static const struct {
        const char *text, *published, *updated;
    } cases[] = {
        {"Published: 17 January 2025 Page last updated: 20 January 2025", "2025-01-17",
         "2025-01-20"},
        {"Assessment published: 31 January 2025", "2025-01-31", ""},
        {"Last reviewed: June 27, 2024 by Ian", "", "2024-06-27"},
        {"Next review due: December 27, 2024", "", ""},
        {"Published: Friday, 17th May 2024", "2024-05-17", ""},
        {"Published Friday, 5 December 2025", "2025-12-05", ""},
        {"Published: Friday 25 July 2025", "2025-07-25", ""},
        {"15 Oct 2025", "2025-10-15", ""},
        {"Date 10/02/2025", "2025-02-10", ""},
        {"22/05/24", "2024-05-22", ""},
        {" date 2024-11-16", "2024-11-16", ""},
        {"Dec 10, 2024", "2024-12-10", ""},
        {"Posted on: 9 November 2017", "2017-11-09", ""},
        {"Author: Jo Bloggs, PoxtonPublished 19th Dec 2025", "2025-12-19", ""},
        {"Friday 13 December, 2024: the council is celebrating its result.", "2024-12-13", ""},
        {"Page last updated: 23 February 2024", "", "2024-02-23"},
        /* not dates */
        {"Published: Friday 15 August", "", ""},
        {"Published", "", ""},
        {"Self-Assessment - March 2024", "", ""},
        {"Published: 31 February 2025", "", ""},
        {"3 - Evidence shows a good standard", "", ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[256];
        snprintf(text, sizeof text, "Kent news\n\n%s\n\nKent County Council said so today.\n",
                 cases[k].text);
        corpus_doc d;
        if (parse_text(text, &d) != 0)
            continue;
        CHECK(strcmp(d.published, cases[k].published) == 0, "\"%s\": published \"%s\"",
              cases[k].text, d.published);
        CHECK(strcmp(d.updated, cases[k].updated) == 0, "\"%s\": updated \"%s\"",
              cases[k].text, d.updated);
        corpus_doc_clear(&d);
    }
    /* the old layout: the label alone, its value on the next line */
    corpus_doc d;
    if (parse_text("Kent news\n\nPublished:\n15 June 2015\nLast updated:\n29 May 2017\n\n"
                   "Kent County Council said so.\n", &d) == 0) {
        CHECK_STR(d.published, "2015-06-15");
        CHECK_STR(d.updated, "2017-05-29");
        CHECK_INT(d.n_paras, 2);
        corpus_doc_clear(&d);
    }
    /* the page's date wins over the manifest's */
    static const char tsv[] = "file\tauthority\tkind\turl\tpublished\n"
                              "layouts/stmt_www.txt\t\t\t\t2020-01-01\n"
                              "layouts/stmt_governance.txt\t\tother\t\t2021-02-03\n";
    manifest m;
    char err[256];
    if (manifest_parse(tsv, sizeof tsv - 1, "manifest.tsv", authorities, &m, err,
                       sizeof err) != 0) {
        CHECK(0, "manifest_parse: %s", err);
        return;
    }
    if (parse_layout_m("stmt_www.txt", &m, &d) == 0) {
        CHECK_STR(d.published, "2024-11-20");
        corpus_doc_clear(&d);
    }
    /* ... and the manifest's stays when the page has none; its kind wins */
    if (parse_layout_m("stmt_governance.txt", &m, &d) == 0) {
        CHECK_STR(d.published, "2021-02-03");
        CHECK_INT(d.published_line, 0);
        CHECK_INT(d.kind, KIND_OTHER);
        CHECK_INT(d.score, 0);
        corpus_doc_clear(&d);
    }
    manifest_clear(&m);
}

/* ---- furniture, and pages that are all structure -------------------------- */

static void test_furniture(void)
{
    static const char *lines[] = {
        "Skip to content", "Skip to main content", "In this section", "You are here",
        "Back to top", "Toggle menu", "Hide Ad", "top of page", "Share this article",
        "Comments are closed.", "Learn more", "Leave a Reply", "Related topics",
        "Your browser is no longer supported", "AI Generated", "Subscribe to updates",
        "Cookie Consent by Cookie Consent by Some Council - Documents",
        "We'll assume we have your consent to use cookies",
        "Camden Town Hall (credit: London Borough of Camden)", "- Published", "- >", "\xc2\xbb",
    };
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        char text[256];
        snprintf(text, sizeof text, "Kent news\n\n%s\n\nKent County Council said so today.\n",
                 lines[k]);
        corpus_doc d;
        if (parse_text(text, &d) != 0)
            continue;
        CHECK(d.n_paras == 1, "\"%s\": %zu paragraphs", lines[k], d.n_paras);
        CHECK(has_skip(&d, "line 3: furniture") || has_skip(&d, "line 3: no words"),
              "\"%s\": no reason", lines[k]);
        corpus_doc_clear(&d);
    }
    /* structure stays structure: known headings are headings, not dropped */
    corpus_doc d;
    if (parse_text("Kent news\n\nKent County Council publishes facts about the area.\n\n"
                   "Demographics\n\nKent is a large county with many towns.\n", &d) == 0) {
        CHECK_INT(d.n_paras, 2);
        if (d.n_paras == 2)
            CHECK_STR(d.paras[1].heading, "Demographics");
        corpus_doc_clear(&d);
    }
    /* a page of nothing but headings keeps them rather than vanish */
    if (parse_text("Kent County Council: local authority assessment\n\nDownloads\n\n"
                   "How we assess local authorities\n\nAbout Kent County Council\n", &d) == 0) {
        CHECK(d.n_paras >= 1, "a page with text was dropped");
        CHECK(!has_para(&d, "Downloads"), "furniture kept");
        corpus_doc_clear(&d);
    }
    /* empty '#' headings are markup, not text (and not read past) */
    if (parse_text("#\n\n## ##\n\nKent County Council said so.\n", &d) == 0) {
        CHECK_INT(d.n_paras, 1);
        CHECK(has_skip(&d, "line 1: markup") && has_skip(&d, "line 3: markup"), "no reason");
        corpus_doc_clear(&d);
    }
    /* a page of furniture only has no text */
    if (parse_text("Downloads\n\nSkip to content\n\nBack to top\n", &d) == 0) {
        CHECK_INT(d.n_paras, 0);
        CHECK_INT(d.n_skipped, 3);
        corpus_doc_clear(&d);
    }
}

int main(void)
{
    char err[256];
    if (authority_table_load(LASEARCH_SOURCE_DIR "/corpus/authorities.tsv", &authorities,
                             err, sizeof err) != 0) {
        fprintf(stderr, "test_parse_layouts: %s\n", err);
        return 1;
    }
    test_statement_www();
    test_statement_no_key_findings();
    test_statement_governance();
    test_statement_pilot();
    test_summary_a();
    test_summary_b();
    test_summary_c();
    test_summary_empty();
    test_summary_pilot();
    test_summary_percent_shapes();
    test_landing();
    test_press_release();
    test_framework();
    test_manual();
    test_news();
    test_self_assessment_title();
    test_self_assessment_sentence();
    test_not_self_assessment();
    test_scoring_key();
    test_statement_without_score();
    test_dates();
    test_furniture();
    authority_table_free(authorities);
    return check_report("test_parse_layouts");
}
