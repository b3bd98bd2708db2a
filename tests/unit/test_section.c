/*
 * test_section.c: the quality-statement and theme table, and the ways
 * documents and users name its entries.
 */
#include <string.h>

#include "check.h"
#include "section.h"

static int match(const char *s)
{
    return section_match(s, strlen(s));
}

static int tmatch(const char *s)
{
    return theme_match(s, strlen(s));
}

static void test_table(void)
{
    static const char *names[SECTION_COUNT] = {
        "Assessing needs",
        "Supporting people to lead healthier lives",
        "Equity in experience and outcomes",
        "Care provision, integration and continuity",
        "Partnerships and communities",
        "Safe pathways, systems and transitions",
        "Safeguarding",
        "Governance, management and sustainability",
        "Learning, improvement and innovation",
    };
    static const int themes[SECTION_COUNT] = {0, 0, 0, 1, 1, 2, 2, 3, 3};
    static const char *keys[SECTION_COUNT] = {
        "assessing-needs", "healthier-lives", "equity", "care-provision",
        "partnerships", "safe-pathways", "safeguarding", "governance",
        "learning"};
    for (int s = 0; s < SECTION_COUNT; s++) {
        CHECK_STR(section_name(s), names[s]);
        CHECK_INT(section_theme(s), themes[s]);
        CHECK_STR(section_key(s), keys[s]);
        /* every canonical name matches itself, and its key looks it up */
        CHECK_INT(match(names[s]), s);
        CHECK_INT(section_lookup(names[s]), s);
        CHECK_INT(section_lookup(keys[s]), s);
    }
    CHECK_STR(section_name(-1), "");
    CHECK_STR(section_name(SECTION_COUNT), "");
    CHECK_INT(section_theme(-1), -1);
    CHECK_INT(section_theme(9), -1);
    CHECK_STR(section_key(-1), "");

    static const char *tnames[THEME_COUNT] = {
        "Working with people", "Providing support", "Ensuring safety",
        "Leadership"};
    static const char *tkeys[THEME_COUNT] = {
        "working-with-people", "providing-support", "ensuring-safety",
        "leadership"};
    for (int t = 0; t < THEME_COUNT; t++) {
        CHECK_STR(theme_name(t), tnames[t]);
        CHECK_STR(theme_key(t), tkeys[t]);
        CHECK_INT(tmatch(tnames[t]), t);
        CHECK_INT(theme_lookup(tnames[t]), t);
        CHECK_INT(theme_lookup(tkeys[t]), t);
    }
    CHECK_STR(theme_name(4), "");
    CHECK_STR(theme_key(-1), "");
}

static void test_variants(void)
{
    /* the seeds' own spellings */
    CHECK_INT(match("Supporting people to live healthier lives"), 1);
    CHECK_INT(match("Supporting People to live healthier lives"), 1);
    CHECK_INT(match("Safe systems, pathways and transitions"), 5);
    CHECK_INT(match("Safe Systems, pathways and transitions"), 5);
    CHECK_INT(match("Equity in experiences and outcomes"), 2);
    CHECK_INT(match("Assessing Needs"), 0);
    /* case, punctuation, '&', Markdown and colons */
    CHECK_INT(match("PARTNERSHIPS AND COMMUNITIES"), 4);
    CHECK_INT(match("Partnerships & communities"), 4);
    CHECK_INT(match("# Partnerships and communities"), 4);
    CHECK_INT(match("## Partnerships and communities ##"), 4);
    CHECK_INT(match("Partnerships and communities:"), 4);
    CHECK_INT(match("  Safeguarding.  "), 6);
    CHECK_INT(match("Care provision integration & continuity"), 3);
    CHECK_INT(match("Governance management and sustainability"), 7);
    CHECK_INT(match("Learning, Improvement & Innovation:"), 8);
    CHECK_INT(match("Partnership and community"), 4);
    CHECK_INT(match("Supporting people to lead healthier lives"), 1);
    /* dashes and accents (typographic dash lumped by norm_key) */
    CHECK_INT(match("Safe pathways \xe2\x80\x93 systems and transitions"), 5);
    CHECK_INT(match("Safegu\xc3\xa1rding"), 6);
    /* a name and nothing more */
    CHECK_INT(match("Theme 3 - Ensuring Safety - Safeguarding"), -1);
    CHECK_INT(match("Safeguarding adults"), -1);
    CHECK_INT(match("Partnerships"), -1);
    CHECK_INT(match("Impact of partnership working"), -1);
    CHECK_INT(match(""), -1);
    CHECK_INT(match("   "), -1);
    CHECK_INT(section_match(NULL, 0), -1);
    /* length is honoured: only "Safeguarding" is looked at */
    CHECK_INT(section_match("Safeguarding adults", 12), 6);

    CHECK_INT(tmatch("Working with People"), 0);
    CHECK_INT(tmatch("PROVIDING SUPPORT:"), 1);
    CHECK_INT(tmatch("Ensuring Safety"), 2);
    CHECK_INT(tmatch("How the local authority ensures safety within the system"), 2);
    CHECK_INT(tmatch("# Leadership"), 3);
    CHECK_INT(tmatch("Safeguarding"), -1);
    CHECK_INT(tmatch("Working"), -1);
}

static void test_lookup(void)
{
    /* unique prefixes of a name's words */
    CHECK_INT(section_lookup("safeguard"), 6);
    CHECK_INT(section_lookup("equity"), 2);
    CHECK_INT(section_lookup("Equity"), 2);
    CHECK_INT(section_lookup("partner"), 4);
    CHECK_INT(section_lookup("care prov"), 3);
    CHECK_INT(section_lookup("assess"), 0);
    CHECK_INT(section_lookup("gov"), 7);
    CHECK_INT(section_lookup("safe path"), 5);
    CHECK_INT(section_lookup("safe systems"), 5);
    CHECK_INT(section_lookup("supporting people"), 1);
    /* a word from inside a name, when no name starts with it */
    CHECK_INT(section_lookup("communities"), 4);
    CHECK_INT(section_lookup("innovation"), 8);
    CHECK_INT(section_lookup("healthier lives"), 1);
    /* variants section_match accepts */
    CHECK_INT(section_lookup("Supporting people to live healthier lives"), 1);
    CHECK_INT(section_lookup("safe systems, pathways & transitions"), 5);
    /* ambiguous */
    CHECK_INT(section_lookup("safe"), -2);
    CHECK_INT(section_lookup("s"), -2);
    CHECK_INT(section_lookup("and"), -2);
    /* nothing */
    CHECK_INT(section_lookup("finance"), -1);
    CHECK_INT(section_lookup(""), -1);
    CHECK_INT(section_lookup("  "), -1);
    CHECK_INT(section_lookup(NULL), -1);
    CHECK_INT(section_lookup("safeguarding adults"), -1);

    CHECK_INT(theme_lookup("leader"), 3);
    CHECK_INT(theme_lookup("working"), 0);
    CHECK_INT(theme_lookup("ensuring-safety"), 2);
    CHECK_INT(theme_lookup("support"), 1);
    CHECK_INT(theme_lookup("safety"), 2);
    CHECK_INT(theme_lookup("Providing Support"), 1);
    CHECK_INT(theme_lookup("partnerships"), -1);
    CHECK_INT(theme_lookup(""), -1);
}

int main(void)
{
    test_table();
    test_variants();
    test_lookup();
    return check_report("test_section");
}
