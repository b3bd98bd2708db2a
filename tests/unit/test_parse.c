/*
 * test_parse.c: the document parser, on small layout fixtures of our own
 * (tests/fixtures/layouts/) and on the five seed documents.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "normalise.h"
#include "parse.h"
#include "section.h"
#include "textio.h"

static authority_table *authorities;

/* Parse a file (path) under the label the records will carry. 0 or -1. */
static int parse_path(const char *path, const char *label, const manifest *m,
                      corpus_doc *d)
{
    text_file tf;
    char msg[256];
    if (textio_read(path, TEXTIO_DEFAULT_MAX_BYTES, &tf, msg, sizeof msg) != TEXTIO_OK) {
        CHECK(0, "cannot read %s: %s", path, msg);
        memset(d, 0, sizeof *d);
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
    char path[512], label[128];
    snprintf(path, sizeof path, "%s/layouts/%s", LASEARCH_FIXTURES, name);
    snprintf(label, sizeof label, "layouts/%s", name);
    return parse_path(path, label, NULL, d);
}

static int parse_seed(const char *name, corpus_doc *d)
{
    char path[512], label[128];
    snprintf(path, sizeof path, "%s/corpus/documents/%s", LASEARCH_SOURCE_DIR, name);
    snprintf(label, sizeof label, "documents/%s", name);
    return parse_path(path, label, NULL, d);
}

static int parse_text(const char *text, corpus_doc *d)
{
    corpus_ref ref = {authorities, NULL};
    int rc = corpus_parse("t.txt", text, strlen(text), &ref, d);
    CHECK(rc == 0, "corpus_parse failed on \"%.40s\"", text);
    return rc;
}

/* Index of the first paragraph with exactly this text, -1 if none. */
static long find_para(const corpus_doc *d, const char *text, size_t from)
{
    for (size_t i = from; i < d->n_paras; i++)
        if (strcmp(d->paras[i].text, text) == 0)
            return (long)i;
    return -1;
}

static int has_para_starting(const corpus_doc *d, const char *prefix)
{
    for (size_t i = 0; i < d->n_paras; i++)
        if (strncmp(d->paras[i].text, prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

static int has_warning(const corpus_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->n_warnings; i++)
        if (strstr(d->warnings[i], needle))
            return 1;
    return 0;
}

/* Paragraph number ord (1-based): its line, section, score, heading, text. */
#define CHECK_PARA(d, ord, ln, sec, sc, head, txt)                           \
    do {                                                                   \
        size_t o_ = (ord);                                                 \
        CHECK((d)->n_paras >= o_, "no paragraph %zu", o_);                 \
        if ((d)->n_paras >= o_) {                                          \
            const para_record *r_ = &(d)->paras[o_ - 1];                   \
            CHECK_INT(r_->ordinal, o_);                                    \
            CHECK_INT(r_->line, ln);                                       \
            CHECK_INT(r_->section, sec);                                   \
            CHECK_INT(r_->score, sc);                                      \
            CHECK_STR(r_->heading, head);                                  \
            CHECK_STR(r_->text, txt);                                      \
        }                                                                  \
    } while (0)

/* Every record carries the document's facets and a well-formed id. */
static void check_records(const corpus_doc *d)
{
    for (size_t i = 0; i < d->n_paras; i++) {
        const para_record *r = &d->paras[i];
        char id[512];
        snprintf(id, sizeof id, "%s#%zu", d->file, i + 1);
        CHECK_STR(r->id, id);
        CHECK_STR(r->file, d->file);
        CHECK_STR(r->authority, d->authority);
        CHECK_STR(r->rating, d->rating);
        CHECK_INT(r->kind, d->kind);
        CHECK_INT(r->ordinal, i + 1);
        CHECK(r->text[0] != '\0' && r->text[0] != ' ' &&
                  r->text[strlen(r->text) - 1] != ' ',
              "paragraph %zu text not trimmed: \"%s\"", i + 1, r->text);
        CHECK(strlen(r->text) <= PARSE_MAX_PARAGRAPH_BYTES, "paragraph %zu too long", i + 1);
        CHECK(!strstr(r->text, "**") && !strstr(r->text, "<br") &&
                  !strstr(r->text, "](") && !strstr(r->text, "&amp;"),
              "markup left in paragraph %zu: \"%s\"", i + 1, r->text);
        if (i)
            CHECK(r->line >= d->paras[i - 1].line, "lines out of order at %zu", i + 1);
    }
}

/* ---- layouts ------------------------------------------------------------- */

static void test_markdown(void)
{
    corpus_doc d;
    if (parse_layout("markdown.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    CHECK_STR(d.authority, "Kent");
    CHECK_STR(d.why_authority, "title line 1: \"Kent County Council: local authority assessment\"");
    CHECK_INT(d.section, 6);
    CHECK_STR(d.why_section, "heading line 3: \"Safeguarding\"");
    CHECK_INT(d.score, 2);
    CHECK(strstr(d.why_score, "line 5") && strstr(d.why_score, "line 7 agrees"), "%s", d.why_score);
    CHECK_INT(d.n_warnings, 0);
    CHECK_INT(d.n_paras, 7);
    CHECK_PARA(&d, 1, 19, 6, 2, "Key findings for this quality statement",
               "Kent's safeguarding adults board had an independent chair and met "
               "quarterly; its annual report set out three priorities.");
    CHECK_PARA(&d, 2, 26, 6, 2, "Making safeguarding personal",
               "People told us staff listened to them and respected their wishes.");
    CHECK_PARA(&d, 3, 32, 6, 2, "Staff described three ways of working",
               "Joint visits with the police");
    CHECK_PARA(&d, 4, 33, 6, 2, "Staff described three ways of working",
               "Daily huddles with the hospital teams, held every morning");
    CHECK_PARA(&d, 5, 35, 6, 2, "Staff described three ways of working",
               "Weekly reviews of open enquiries");
    CHECK_PARA(&d, 6, 36, 6, 2, "Staff described three ways of working", "Monthly audits");
    CHECK_PARA(&d, 7, 42, 6, 2, "Safeguarding systems",
               "Managers reviewed every enquiry within five days.");
    CHECK_STR(d.paras[0].id, "layouts/markdown.txt#1");
    CHECK(find_para(&d, "I feel safe and am supported to understand and manage any risks.", 0) < 0,
          "boilerplate became a paragraph");
    check_records(&d);
    corpus_doc_clear(&d);
}

static void test_plain(void)
{
    corpus_doc d;
    if (parse_layout("plain.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    CHECK_STR(d.authority, "Ealing");
    CHECK_STR(d.why_authority, "title line 1: \"London Borough of Ealing: local authority assessment\"");
    CHECK_INT(d.section, 1);   /* "live healthier lives" */
    CHECK_INT(d.score, 3);     /* "Score 3", and the "–" label agrees */
    CHECK(strstr(d.why_score, "line 5: \"Score 3\"") && strstr(d.why_score, "line 7 agrees"),
          "%s", d.why_score);
    CHECK_INT(d.n_warnings, 0);
    CHECK_INT(d.n_paras, 6);
    /* no "What people expect" block: the commitment block alone is skipped */
    CHECK(!has_para_starting(&d, "We assist people"), "commitment became a paragraph");
    CHECK_PARA(&d, 1, 17, 1, 3,
               "Arrangements to prevent, delay or reduce needs for care and support",
               "The local authority worked with partners to offer a range of preventative "
               "services, and people told us these helped them stay independent at home.");
    CHECK_PARA(&d, 2, 23, 1, 3, "Our reablement offer",
               "The reablement service supported people leaving hospital. Most people "
               "needed no further support after six weeks.");
    /* short sentences without a full stop stay text */
    CHECK_PARA(&d, 3, 25, 1, 3, "Our reablement offer", "Waiting times were improving");
    CHECK_PARA(&d, 4, 29, 1, 3, "Social prescribers",
               "People could be referred to social prescribers by their GP.");
    CHECK_PARA(&d, 5, 31, 1, 3, "Social prescribers", "We saw good examples");
    CHECK_PARA(&d, 6, 33, 1, 3, "Social prescribers",
               "Staff described how they used equipment to keep people safe at home.");
    check_records(&d);
    corpus_doc_clear(&d);
}

static void test_colon(void)
{
    corpus_doc d;
    if (parse_layout("colon.txt", &d) != 0)
        return;
    CHECK_STR(d.authority, "Wirral");
    CHECK_INT(d.section, 2);   /* "Equity in experiences and outcomes:" */
    CHECK_INT(d.score, 2);
    CHECK_INT(d.n_paras, 6);
    CHECK_PARA(&d, 1, 21, 2, 2, "Inclusion and accessibility arrangements",
               "The local authority offered interpreters and easy read letters.");
    /* a short lead-in followed by a list is a heading */
    CHECK_PARA(&d, 2, 25, 2, 2, "In 2023 there were", "120 requests for interpreters");
    CHECK_PARA(&d, 3, 26, 2, 2, "In 2023 there were", "45 easy read letters");
    /* a one-word label is a heading */
    CHECK_PARA(&d, 4, 30, 2, 2, "Summary",
               "Leaders knew where the gaps were and had a plan to close them over the next year.");
    /* a long lead-in is text */
    CHECK_PARA(&d, 5, 32, 2, 2, "Summary",
               "The partner organisations we spoke to about the service told us:");
    CHECK_INT(d.paras[5].line, 34);
    CHECK(find_para(&d, "I have care and support that enables me to live as I want to.", 0) < 0,
          "boilerplate with ':' headings became a paragraph");
    check_records(&d);
    corpus_doc_clear(&d);
}

static void test_web_debris(void)
{
    corpus_doc d;
    if (parse_layout("web_debris.txt", &d) != 0)
        return;
    CHECK_STR(d.authority, "Windsor and Maidenhead");
    CHECK_STR(d.why_authority, "title line 3: \"Royal Borough of Windsor & Maidenhead: "
                               "local authority assessment\"");
    CHECK_INT(d.section, 5);   /* "Safe systems, pathways and transitions" */
    CHECK_INT(d.score, 4);     /* label with the rating word agrees */
    CHECK_INT(d.n_warnings, 0);
    CHECK_INT(d.n_paras, 3);
    /* no "Key findings" heading; one paragraph a line, no blank lines */
    CHECK_PARA(&d, 1, 19, 5, 4, "Safety management",
               "The local authority had a clear risk register for adult social care & it "
               "was reviewed monthly by leaders with partners, which meant that risks to "
               "people were understood and acted on quickly across the borough.");
    CHECK_PARA(&d, 2, 20, 5, 4, "Safety management",
               "Leaders told us about the escalation process for provider failure and how "
               "contingency plans had been tested during a recent home care provider exit.");
    CHECK_PARA(&d, 3, 23, 5, 4, "Safety during transitions",
               "Young people moving to adult services had a named worker from the age of "
               "16. Their plans were reviewed jointly.");
    static const char *debris[] = {"Downloads", "Print", "Share", "Menu", "Cookies",
                                   "Back to top", "Skip to main content"};
    for (size_t k = 0; k < sizeof debris / sizeof debris[0]; k++)
        CHECK(find_para(&d, debris[k], 0) < 0, "debris \"%s\" became a paragraph", debris[k]);
    check_records(&d);
    corpus_doc_clear(&d);
}

static void test_scores(void)
{
    corpus_doc d;
    if (parse_layout("score_twice.txt", &d) == 0) {
        CHECK_INT(d.score, 2);
        CHECK_INT(d.section, 7);
        CHECK_INT(d.n_warnings, 0);
        CHECK(strstr(d.why_score, "line 11 agrees (\"Score: 2/4\")"), "%s", d.why_score);
        CHECK_INT(d.n_paras, 2);
        CHECK_PARA(&d, 2, 15, 7, 2, "Strategic planning",
                   "The adult social care strategy for Leeds ran to 2027.");
        CHECK_STR(d.authority, "Leeds");   /* named only in the prose */
        CHECK(find_para(&d, "Score: 2/4", 0) < 0, "score line became a paragraph");
        check_records(&d);
        corpus_doc_clear(&d);
    }
    if (parse_layout("score_conflict.txt", &d) == 0) {
        CHECK_INT(d.score, 3);   /* the first score wins */
        CHECK_INT(d.section, 8);
        CHECK(strstr(d.why_score, "line 5 says 2 (ignored: the first score wins)"),
              "%s", d.why_score);
        CHECK(has_warning(&d, "layouts/score_conflict.txt:5: score 2 here disagrees with "
                              "score 3 on line 3; keeping 3"), "no disagreement warning");
        CHECK(has_warning(&d, "layouts/score_conflict.txt:7: score label \"4 - Evidence shows "
                              "a good standard\": the number says 4 but the words say 3"),
              "no contradiction warning");
        CHECK_INT(d.n_paras, 1);
        CHECK_STR(d.authority, "Bristol");
        corpus_doc_clear(&d);
    }
}

static void test_authority_from_prose(void)
{
    corpus_doc d;
    if (parse_layout("prose_only.txt", &d) == 0) {
        CHECK_STR(d.authority, "Hartlepool");
        CHECK_INT(d.authority_detail.index >= 0, 1);
        CHECK(strstr(d.why_authority, "Hartlepool") || strstr(d.why_authority, "3"),
              "%s", d.why_authority);
        CHECK_INT(d.section, 3);
        CHECK_INT(d.n_paras, 2);
        CHECK_INT(d.n_warnings, 0);
        check_records(&d);
        corpus_doc_clear(&d);
    }
    if (parse_layout("undecided.txt", &d) == 0) {
        CHECK_STR(d.authority, "");
        CHECK_INT(d.authority_detail.index, -1);
        CHECK_INT(d.n_warnings, 1);
        if (d.n_warnings)
            CHECK_STR(d.warnings[0], "layouts/undecided.txt:0: council not decided: "
                                     "Kent (2), Medway (2); add it to manifest.tsv");
        CHECK_INT(d.n_paras, 2);
        CHECK_STR(d.paras[0].authority, "");
        corpus_doc_clear(&d);
    }
}

static void test_summary(void)
{
    corpus_doc d;
    if (parse_layout("summary.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_SUMMARY);
    CHECK_STR(d.rating, "Good");
    CHECK_INT(d.percent, 63);
    CHECK_STR(d.authority, "Gateshead");
    CHECK_INT(d.section, -1);
    CHECK_INT(d.score, 0);
    CHECK_STR(d.why_kind, "line 7: \"Local authority rating and score\": a summary page");
    CHECK_INT(d.n_warnings, 0);
    /* the nine scores are the page's facts; its paragraphs carry none */
    static const int nine[SECTION_COUNT] = {2, 3, 3, 2, 3, 3, 2, 3, 3};
    for (int s = 0; s < SECTION_COUNT; s++)
        CHECK_INT(d.statement_scores[s], nine[s]);
    CHECK_INT(d.indicative, 0);
    CHECK_INT(d.n_paras, 4);
    CHECK_PARA(&d, 1, 21, 0, 0, "", "People waited too long for an assessment.");
    CHECK_PARA(&d, 2, 47, 6, 0, "", "Safeguarding enquiries were completed on time.");
    CHECK_PARA(&d, 3, 59, -1, 0, "Summary of people's experiences",
               "People told us staff in Gateshead were kind and listened to them.");
    CHECK_PARA(&d, 4, 63, -1, 0, "Summary of strengths, areas for development and next steps",
               "Gateshead had strong partnerships but needed to reduce waiting lists.");
    for (size_t i = 0; i < d.n_paras; i++)
        CHECK_STR(d.paras[i].rating, "Good");
    CHECK(find_para(&d, "Gateshead", 0) < 0 && find_para(&d, "63%", 0) < 0 &&
              find_para(&d, "Good", 0) < 0, "rating lines became paragraphs");
    check_records(&d);
    corpus_doc_clear(&d);

    /* the rating and percentage on one line; scores on the statement's line */
    if (parse_text("Overall rating: Requires improvement (48%)\n\n"
                   "Assessing needs: Score 1\n\nSafeguarding - Score: 2\n\n"
                   "Waiting lists were long.\n", &d) == 0) {
        CHECK_INT(d.kind, KIND_SUMMARY);
        CHECK_STR(d.rating, "Requires improvement");
        CHECK_INT(d.percent, 48);
        CHECK_INT(d.statement_scores[0], 1);
        CHECK_INT(d.statement_scores[6], 2);
        CHECK_INT(d.n_paras, 1);
        CHECK_PARA(&d, 1, 7, 6, 0, "", "Waiting lists were long.");
        corpus_doc_clear(&d);
    }
    /* a rating without several scores is not a summary page */
    if (parse_text("Assessing needs\n\nScore: 2\n\nOverall rating: Good\n\nText here.\n", &d) == 0) {
        CHECK_INT(d.kind, KIND_ASSESSMENT);
        CHECK_STR(d.rating, "");
        corpus_doc_clear(&d);
    }
}

static void test_self_assessment(void)
{
    corpus_doc d;
    if (parse_layout("medway_style.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_SELF_ASSESSMENT);
    CHECK_STR(d.why_kind, "line 3 calls it a self-assessment: \"Self-Assessment - June 2024\"");
    CHECK_STR(d.authority, "Rutland");
    CHECK_INT(d.section, -1);
    CHECK_INT(d.score, 0);
    CHECK_INT(d.n_paras, 12);
    CHECK_PARA(&d, 1, 1, -1, 0, "", "RUTLAND ADULT SOCIAL CARE");
    CHECK_PARA(&d, 2, 3, -1, 0, "", "Self-Assessment - June 2024");
    /* the contents list is gone; the cover after it is text */
    CHECK_PARA(&d, 3, 20, -1, 0, "", "BEAUTIFUL COUNTRYSIDE");
    CHECK_PARA(&d, 4, 22, -1, 0, "", "2 MARKET TOWNS");
    CHECK_PARA(&d, 6, 27, -1, 0, "Our Vision",
               "To help Rutland residents live independent, healthy lives in their own communities.");
    CHECK_PARA(&d, 7, 33, 0, 0, "What is working well",
               "Our front door team resolves most enquiries at first contact");
    CHECK_PARA(&d, 8, 34, 0, 0, "What is working well", "Assessments are completed within 28 days");
    CHECK_PARA(&d, 9, 39, 0, 0, "Areas for improvement", "Reduce waiting lists");
    CHECK_PARA(&d, 10, 43, 0, 0, "Priorities and actions", "Reduce waiting lists");
    /* the statement decides, the theme named wrongly is a warning */
    CHECK_PARA(&d, 11, 49, 6, 0, "What is working well",
               "Safeguarding enquiries are completed on time");
    CHECK(has_warning(&d, "layouts/medway_style.txt:45: \"Safeguarding\" is in theme 3"),
          "no theme mismatch warning");
    /* an unknown statement: no section, a warning */
    CHECK_PARA(&d, 12, 55, -1, 0, "Areas for improvement", "Balance the budget");
    CHECK(has_warning(&d, "layouts/medway_style.txt:51: Theme page names no known quality "
                          "statement: \"Finance and budgets\""), "no unknown statement warning");
    CHECK_INT(d.n_warnings, 2);
    CHECK(find_para(&d, "Assessing needs", 0) < 0 && find_para(&d, "Our vision", 0) < 0 &&
              !has_para_starting(&d, "Rutland Adult Social Care") &&
              !has_para_starting(&d, "Theme"), "contents, page titles or closing line became text");
    check_records(&d);
    corpus_doc_clear(&d);

    /* Theme pages with the list headings make a self-assessment without
     * the word on the cover */
    if (parse_text("Theme 3 - Ensuring safety - Safeguarding\n\nAreas for improvement:\n\n"
                   "- Reduce waiting lists\n", &d) == 0) {
        CHECK_INT(d.kind, KIND_SELF_ASSESSMENT);
        CHECK_PARA(&d, 1, 5, 6, 0, "Areas for improvement", "Reduce waiting lists");
        CHECK_INT(d.n_warnings, 1);   /* no council named */
        corpus_doc_clear(&d);
    }
}

/* Every way a page gives its score; and lines that only look like one. */
static void test_score_forms(void)
{
    static const struct {
        const char *line;
        int score;   /* 0: the line is text */
    } cases[] = {
        {"Score: 3", 3},
        {"Score 3", 3},
        {"Score: 3/4", 3},
        {"Score 2 / 4", 2},
        {"Score: 1 out of 4", 1},
        {"## Score: 4", 4},
        {"**Score:** 2", 2},
        {"Score: 3 - Evidence shows a good standard", 3},
        {"3 - Evidence shows a good standard", 3},
        {"3 \xe2\x80\x93 Evidence shows a good standard", 3},
        {"1 - Inadequate: Evidence shows significant shortfalls", 1},
        {"2 - Requires improvement: Evidence shows some shortfalls", 2},
        {"4 - Outstanding: Evidence shows an exceptional standard", 4},
        {"Evidence shows some shortfalls", 2},
        {"Safeguarding: Score 2", 2},
        {"3 people told us they waited.", 0},
        {"Score: 5", 0},
        {"The score: 3 was given.", 0},
        {"Scores improved in 2023.", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[256];
        snprintf(text, sizeof text, "Safeguarding\n\n%s\n\nKent worked well with Kent partners.\n",
                 cases[k].line);
        corpus_doc d;
        if (parse_text(text, &d) != 0)
            continue;
        CHECK(d.score == cases[k].score, "\"%s\": score %d", cases[k].line, d.score);
        CHECK(d.n_paras == (cases[k].score ? 1u : 2u), "\"%s\": %zu paragraphs",
              cases[k].line, d.n_paras);
        CHECK(d.n_warnings == 0, "\"%s\": %s", cases[k].line,
              d.n_warnings ? d.warnings[0] : "");
        corpus_doc_clear(&d);
    }
    /* a Theme sentence is text, not a page; and a statement's name with
     * no score is not a report */
    corpus_doc d;
    if (parse_text("Safeguarding\n\nTheme 3 was the weakest area.\n", &d) == 0) {
        CHECK_INT(d.n_paras, 1);
        CHECK_INT(d.kind, KIND_OTHER);
        corpus_doc_clear(&d);
    }
}

/* The manifest decides what it knows; the parser detects the rest. */
static void test_manifest(void)
{
    static const char tsv[] =
        "file\tauthority\tkind\turl\tpublished\n"
        "layouts/undecided.txt\tMedway Council\tsummary\thttps://example.org/x\t2024-05-01\n"
        "layouts/plain.txt\t\t\t\t\n";
    manifest m;
    char err[256];
    int rc = manifest_parse(tsv, sizeof tsv - 1, "manifest.tsv", authorities, &m, err, sizeof err);
    CHECK(rc == 0, "manifest_parse: %s", err);
    if (rc != 0)
        return;
    char path[512];
    corpus_doc d;
    snprintf(path, sizeof path, "%s/layouts/undecided.txt", LASEARCH_FIXTURES);
    if (parse_path(path, "layouts/undecided.txt", &m, &d) == 0) {
        CHECK_STR(d.authority, "Medway");
        CHECK_STR(d.why_authority, "manifest.tsv line 2");
        CHECK_INT(d.kind, KIND_SUMMARY);
        CHECK_STR(d.why_kind, "manifest.tsv line 2");
        CHECK_STR(d.url, "https://example.org/x");
        CHECK_STR(d.published, "2024-05-01");
        CHECK_INT(d.n_warnings, 0);   /* no "council not decided" */
        /* a summary page: the statement heading gives its section, and
         * its score is the page's fact, not the paragraph's */
        CHECK_PARA(&d, 1, 5, 0, 0, "", "Kent and Medway shared a hospital discharge team.");
        CHECK_INT(d.statement_scores[0], 2);
        check_records(&d);
        corpus_doc_clear(&d);
    }
    /* empty cells: detected as without a manifest */
    snprintf(path, sizeof path, "%s/layouts/plain.txt", LASEARCH_FIXTURES);
    if (parse_path(path, "layouts/plain.txt", &m, &d) == 0) {
        CHECK_STR(d.authority, "Ealing");
        CHECK_INT(d.kind, KIND_ASSESSMENT);
        CHECK_STR(d.url, "");
        corpus_doc_clear(&d);
    }
    manifest_clear(&m);
}

static void test_titles(void)
{
    static const struct {
        const char *text, *authority;
    } cases[] = {
        {"London Borough of Ealing: local authority assessment", "Ealing"},
        {"Metropolitan Borough of Wirral: local authority assessment", "Wirral"},
        {"Royal Borough of Windsor & Maidenhead: local authority assessment",
         "Windsor and Maidenhead"},
        {"# Medway Council: local authority assessment", "Medway"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[256];
        snprintf(text, sizeof text, "%s\n\nAssessing needs\n\nScore: 2\n\nKent said so.\n",
                 cases[k].text);
        corpus_doc d;
        if (parse_text(text, &d) != 0)
            continue;
        CHECK_STR(d.authority, cases[k].authority);
        CHECK_INT(d.section, 0);
        CHECK_INT(d.n_paras, 1);   /* the title line is not text */
        corpus_doc_clear(&d);
    }
}

/* ---- odd input -------------------------------------------------------------- */

static void test_edges(void)
{
    corpus_doc d;
    if (parse_text("", &d) == 0) {
        CHECK_INT(d.n_paras, 0);
        CHECK_INT(d.kind, KIND_OTHER);   /* nothing says it is a report */
        CHECK_INT(d.n_skipped, 0);
        CHECK_STR(d.authority, "");
        CHECK(d.why_kind && d.why_section && d.why_score && d.url && d.published,
              "NULL strings");
        corpus_doc_clear(&d);
    }
    /* no final newline; a lone marker; tags only; emphasis only */
    if (parse_text("Safeguarding\n\n-\n\n<br>\n\n**\n\nLast line", &d) == 0) {
        CHECK_INT(d.n_paras, 1);
        /* no score: not a report, so the statement's name is its title */
        CHECK_PARA(&d, 1, 9, -1, 0, "", "Last line");
        corpus_doc_clear(&d);
    }
    /* a paragraph over the limit is split at a sentence, then at a word,
     * then at a character boundary, never inside a UTF-8 sequence */
    size_t n = PARSE_MAX_PARAGRAPH_BYTES * 2 + 100;
    char *big = malloc(n + 32);
    if (big) {
        size_t w = 0;
        memcpy(big, "Safeguarding\n\n", 14);
        w = 14;
        while (w + 2 < n) {           /* "é" repeated: no space, no full stop */
            big[w++] = '\xc3';
            big[w++] = '\xa9';
        }
        big[w] = '\0';
        if (parse_text(big, &d) == 0) {
            CHECK(d.n_paras >= 3, "got %zu pieces", d.n_paras);
            size_t total = 0;
            for (size_t i = 0; i < d.n_paras; i++) {
                size_t len = strlen(d.paras[i].text);
                total += len;
                CHECK(len <= PARSE_MAX_PARAGRAPH_BYTES, "piece %zu is %zu bytes", i, len);
                CHECK_INT(norm_utf8_invalid_at(d.paras[i].text, len), len);
                CHECK_INT(d.paras[i].line, 3);
            }
            CHECK_INT(total, w - 14);
            corpus_doc_clear(&d);
        }
        /* sentences: cut after a full stop */
        w = 14;
        while (w + 40 < n) {
            memcpy(big + w, "Staff told us it was good. ", 27);
            w += 27;
        }
        big[w] = '\0';
        if (parse_text(big, &d) == 0) {
            CHECK(d.n_paras >= 3, "got %zu pieces", d.n_paras);
            for (size_t i = 0; i < d.n_paras; i++) {
                size_t len = strlen(d.paras[i].text);
                CHECK(len <= PARSE_MAX_PARAGRAPH_BYTES && d.paras[i].text[len - 1] == '.',
                      "piece %zu ends \"%s\"", i, d.paras[i].text + len - 5);
            }
            corpus_doc_clear(&d);
        }
        free(big);
    }
    /* corpus_doc_clear is safe twice */
    corpus_doc_clear(&d);
}

/* ---- the seeds ------------------------------------------------------------- */

/* Texts that must never be paragraphs of a CQC assessment page. */
static void check_no_boilerplate(const corpus_doc *d)
{
    static const char *never[] = {
        "Partnerships and communities", "Score: 3", "3 - Evidence shows a good standard",
        "What people expect", "The local authority commitment",
        "Key findings for this quality statement",
        "Partnership working to deliver shared local and national objectives",
        "Arrangements to support effective partnership working",
        "Impact of partnership working", "Working with voluntary and charity sector groups",
        "---",
        "I have care and support that is coordinated, and everyone works well together and with me.",
    };
    for (size_t k = 0; k < sizeof never / sizeof never[0]; k++)
        CHECK(find_para(d, never[k], 0) < 0, "%s: \"%s\" became a paragraph", d->file, never[k]);
    CHECK(!has_para_starting(d, "We understand our duty to collaborate"),
          "%s: the commitment became a paragraph", d->file);
    CHECK(!has_para_starting(d, "Score"), "%s: a score line became a paragraph", d->file);
}

static void check_seed(const char *name, const char *authority, size_t n_paras,
                       const char *first_text, unsigned first_line)
{
    corpus_doc d;
    if (parse_seed(name, &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_ASSESSMENT);
    CHECK_STR(d.authority, authority);
    CHECK_INT(d.section, 4);
    CHECK_INT(d.score, 3);
    CHECK_STR(d.rating, "");
    CHECK_INT(d.n_paras, n_paras);
    CHECK_INT(d.n_warnings, 0);
    if (d.n_paras) {
        CHECK(strncmp(d.paras[0].text, first_text, strlen(first_text)) == 0,
              "%s starts \"%.40s\"", name, d.paras[0].text);
        CHECK_INT(d.paras[0].line, first_line);
        CHECK_STR(d.paras[0].heading,
                  "Partnership working to deliver shared local and national objectives");
        CHECK_STR(d.paras[d.n_paras - 1].heading, "Working with voluntary and charity sector groups");
    }
    for (size_t i = 0; i < d.n_paras; i++) {
        CHECK_INT(d.paras[i].section, 4);
        CHECK_INT(d.paras[i].score, 3);
    }
    check_no_boilerplate(&d);
    check_records(&d);
    corpus_doc_clear(&d);
}

static void test_seeds(void)
{
    check_seed("000_cbd8b4d91f46e665.txt", "Medway", 23,
               "Medway local authority were partners in a number of initiatives.", 23);
    check_seed("001_80e5e828aad1d6a4.txt", "Ealing", 23,
               "The borough-based partnership was a joint board", 21);
    check_seed("002_e25c44a579d8a69c.txt", "Middlesbrough", 33,
               "The local authority worked collaboratively with partners", 21);
    check_seed("004_81b31790960f70a1.txt", "Shropshire", 27,
               "The local authority had strong relationships with health", 21);

    corpus_doc d;
    /* 000: '---' separators, '#' headings, a heading right before '---' */
    if (parse_seed("000_cbd8b4d91f46e665.txt", &d) == 0) {
        CHECK_STR(d.why_section, "title line 3: \"Partnerships and communities\"");
        long k = find_para(&d, "Staff teams across the local authority worked well together to "
                               "support each other and to promote the best outcomes for people. "
                               "Staff told us they attended multiple disciplinary meetings and "
                               "regularly shared learning to understand the different aspects "
                               "of their roles.", 0);
        CHECK(k >= 0, "000: paragraph after '## Impact' and '---' missing");
        if (k >= 0) {
            CHECK_INT(d.paras[k].line, 69);
            CHECK_STR(d.paras[k].heading, "Impact of partnership working");
        }
        corpus_doc_clear(&d);
    }
    /* 001: Ealing's first "Section 75 agreements" paragraph */
    if (parse_seed("001_80e5e828aad1d6a4.txt", &d) == 0) {
        long k = -1;
        for (size_t i = 0; i < d.n_paras && k < 0; i++)
            if (strncmp(d.paras[i].text, "Section 75 agreements", 21) == 0)
                k = (long)i;
        CHECK(k >= 0, "001: no Section 75 paragraph");
        if (k >= 0) {
            CHECK_INT(d.paras[k].line, 37);
            CHECK_INT(d.paras[k].ordinal, 8);
            CHECK_STR(d.paras[k].heading, "Arrangements to support effective partnership working");
            CHECK_STR(d.paras[k].id, "documents/001_80e5e828aad1d6a4.txt#8");
        }
        corpus_doc_clear(&d);
    }
    /* 004: headings with ':' */
    if (parse_seed("004_81b31790960f70a1.txt", &d) == 0) {
        CHECK(find_para(&d, "What people expect:", 0) < 0, "004: heading became text");
        CHECK_INT(d.paras[d.n_paras - 1].line, 79);
        corpus_doc_clear(&d);
    }
}

static void test_seed_self_assessment(void)
{
    corpus_doc d;
    if (parse_seed("003_6ff3ae6419d31497.txt", &d) != 0)
        return;
    CHECK_INT(d.kind, KIND_SELF_ASSESSMENT);
    CHECK_STR(d.authority, "Medway");
    CHECK_INT(d.section, -1);
    CHECK_INT(d.score, 0);
    CHECK_INT(d.n_warnings, 0);
    CHECK_INT(d.n_paras, 318);
    /* every list item of the Theme pages is its own paragraph, with the
     * page's statement */
    size_t listed = 0;
    for (size_t i = 0; i < d.n_paras; i++) {
        const para_record *r = &d.paras[i];
        int sa = !strcmp(r->heading, "What is working well") ||
                 !strcmp(r->heading, "Areas for improvement") ||
                 !strcmp(r->heading, "Priorities and actions");
        if (r->line < 250) {
            CHECK(r->section == -1, "003 line %u: cover has section %d", r->line, r->section);
        } else {
            CHECK(sa, "003 line %u: heading \"%s\"", r->line, r->heading);
            CHECK(r->section >= 0, "003 line %u: no section", r->line);
            listed += sa;
        }
        CHECK_INT(r->score, 0);
    }
    CHECK_INT(listed, 226);
    /* "Reduce waiting lists": Safeguarding, twice */
    long k = find_para(&d, "Reduce waiting lists", 0);
    CHECK(k >= 0, "no \"Reduce waiting lists\"");
    if (k >= 0) {
        CHECK_INT(d.paras[k].line, 500);
        CHECK_INT(d.paras[k].section, 6);
        CHECK_STR(d.paras[k].heading, "Areas for improvement");
        long k2 = find_para(&d, "Reduce waiting lists", (size_t)k + 1);
        CHECK(k2 >= 0, "no second \"Reduce waiting lists\"");
        if (k2 >= 0) {
            CHECK_INT(d.paras[k2].line, 512);
            CHECK_INT(d.paras[k2].section, 6);
            CHECK_STR(d.paras[k2].heading, "Priorities and actions");
        }
    }
    /* each Theme page's statement */
    static const struct {
        unsigned line;
        int section;
    } pages[] = {{254, 0}, {300, 1}, {339, 2}, {377, 4}, {416, 3},
                 {452, 5}, {487, 6}, {528, 7}, {560, 8}, {589, 8}};
    for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
        long at = -1;
        for (size_t i = 0; i < d.n_paras; i++)
            if (d.paras[i].line == pages[p].line)
                at = (long)i;
        CHECK(at >= 0, "003: nothing at line %u", pages[p].line);
        if (at >= 0)
            CHECK_INT(d.paras[at].section, pages[p].section);
    }
    /* the contents list, headings and the closing line are not text */
    CHECK(find_para(&d, "Contents", 0) < 0 && find_para(&d, "Assessing needs", 0) < 0 &&
              find_para(&d, "High Level Action Plan on a Page", 0) < 0 &&
              find_para(&d, "Our vision", 0) < 0 && find_para(&d, "What is working well:", 0) < 0 &&
              !has_para_starting(&d, "Theme") &&
              !has_para_starting(&d, "Medway Adult Social Care - High Level"),
          "003: structure became text");
    /* the cover and vision are text without a statement */
    CHECK_PARA(&d, 1, 3, -1, 0, "", "MEDWAY ADULT SOCIAL CARE");
    CHECK_PARA(&d, 2, 7, -1, 0, "", "SUPPORTING ADULTS FOR STRONG, INDEPENDENT COMMUNITIES");
    k = find_para(&d, "Access The Council Strategy here", 0);
    CHECK(k >= 0, "003: link text lost");
    if (k >= 0)
        CHECK_STR(d.paras[k].heading, "Our Vision");
    check_records(&d);
    corpus_doc_clear(&d);
}

int main(void)
{
    char err[256];
    if (authority_table_load(LASEARCH_SOURCE_DIR "/corpus/authorities.tsv", &authorities,
                             err, sizeof err) != 0) {
        fprintf(stderr, "test_parse: %s\n", err);
        return 1;
    }
    test_markdown();
    test_plain();
    test_colon();
    test_web_debris();
    test_scores();
    test_authority_from_prose();
    test_summary();
    test_self_assessment();
    test_score_forms();
    test_manifest();
    test_titles();
    test_edges();
    test_seeds();
    test_seed_self_assessment();
    authority_table_free(authorities);
    return check_report("test_parse");
}
