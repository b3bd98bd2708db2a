/* test_thesaurus.c: parsing thesaurus.tsv, its errors, and longest matching. */
#include "check.h"
#include "thesaurus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"

static thesaurus *parse_ok(const char *text)
{
    thesaurus *t = NULL;
    char err[256] = "";
    int rc = thesaurus_parse(text, strlen(text), "t.tsv", &t, err, sizeof err);
    CHECK(rc == 0 && t, "parse failed: %s", err);
    return t;
}

/* The error must name the file and line and contain want. */
static void parse_bad(const char *text, const char *want)
{
    thesaurus *t = (thesaurus *)1;
    char err[256] = "";
    int rc = thesaurus_parse(text, strlen(text), "t.tsv", &t, err, sizeof err);
    CHECK(rc == -1, "parse of \"%s\" should fail", text);
    CHECK(t == NULL, "out must be NULL on error");
    CHECK(strstr(err, want) != NULL, "error \"%s\" lacks \"%s\"", err, want);
    if (rc == 0)
        thesaurus_free(t);
}

/* Match the query text (split into norm_key words, as qbuild does). Returns
 * the group; *form and *consumed as thesaurus_match sets them. */
static int match_text(const thesaurus *t, const char *text, size_t *form,
                      size_t *consumed)
{
    char *key = NULL;
    if (norm_key(text, strlen(text), &key) != NORM_OK)
        return -2;
    const char *words[32];
    size_t n = 0;
    for (char *p = strtok(key, " "); p && n < 32; p = strtok(NULL, " "))
        words[n++] = p;
    *form = 999;
    *consumed = 999;
    int g = thesaurus_match(t, words, n, form, consumed);
    free(key);
    return g;
}

static void test_good(void)
{
    const char *text =
        "# comment line\n"
        "CHC\tcontinuing health care\tcontinuing healthcare\n"
        "\n"
        "  ICB \t Integrated Care Board  \r\n"
        "S.75\tsection 75\tsection 75 agreement\n"
        "section 7 notice\tnotice under section 7";   /* no final newline */
    thesaurus *t = parse_ok(text);
    if (!t)
        return;
    CHECK_INT(thesaurus_group_count(t), 4);
    CHECK_INT(thesaurus_group_size(t, 0), 3);
    CHECK_INT(thesaurus_group_size(t, 1), 2);
    CHECK_INT(thesaurus_group_size(t, 9), 0);
    CHECK_STR(thesaurus_form(t, 0, 0), "CHC");
    CHECK_STR(thesaurus_form(t, 0, 2), "continuing healthcare");
    CHECK_STR(thesaurus_form(t, 1, 0), "ICB");             /* trimmed */
    CHECK_STR(thesaurus_form(t, 1, 1), "Integrated Care Board");
    CHECK_STR(thesaurus_form(t, 3, 1), "notice under section 7");
    CHECK(thesaurus_form(t, 0, 3) == NULL, "form out of range");
    CHECK(thesaurus_form(t, 4, 0) == NULL, "group out of range");

    size_t form, consumed;
    /* Single-word and multi-word forms, any case. */
    CHECK_INT(match_text(t, "chc", &form, &consumed), 0);
    CHECK_INT(form, 0);
    CHECK_INT(consumed, 1);
    CHECK_INT(match_text(t, "Continuing Health Care funding", &form, &consumed), 0);
    CHECK_INT(form, 1);
    CHECK_INT(consumed, 3);
    CHECK_INT(match_text(t, "integrated care board", &form, &consumed), 1);
    CHECK_INT(form, 1);
    /* Longest match first: "section 75 agreement" over "section 75". */
    CHECK_INT(match_text(t, "section 75 agreements", &form, &consumed), 2);
    CHECK_INT(form, 1);          /* "agreements" is not "agreement" */
    CHECK_INT(consumed, 2);
    CHECK_INT(match_text(t, "section 75 agreement signed", &form, &consumed), 2);
    CHECK_INT(form, 2);
    CHECK_INT(consumed, 3);
    /* Normalised: "S.75" = "s.75" = "s 75" = "S 75". */
    CHECK_INT(match_text(t, "s.75", &form, &consumed), 2);
    CHECK_INT(form, 0);
    CHECK_INT(consumed, 2);
    CHECK_INT(match_text(t, "s 75", &form, &consumed), 2);
    CHECK_INT(match_text(t, "S 75 pooled budget", &form, &consumed), 2);
    CHECK_INT(consumed, 2);
    /* A prefix of a form is not a match; nor is a form inside the words. */
    CHECK_INT(match_text(t, "continuing health", &form, &consumed), -1);
    CHECK_INT(form, 999);        /* untouched when nothing matches */
    CHECK_INT(match_text(t, "section 750", &form, &consumed), -1);
    CHECK_INT(match_text(t, "section 7", &form, &consumed), -1);
    CHECK_INT(match_text(t, "the chc", &form, &consumed), -1);
    /* A word is compared whole: "chc" is not "chcs". */
    CHECK_INT(match_text(t, "chcs", &form, &consumed), -1);
    /* n bounds the words looked at. */
    {
        const char *w[] = {"section", "75", "agreement"};
        CHECK_INT(thesaurus_match(t, w, 2, &form, &consumed), 2);
        CHECK_INT(consumed, 2);
        CHECK_INT(thesaurus_match(t, w, 1, &form, &consumed), -1);
        CHECK_INT(thesaurus_match(t, w, 0, &form, &consumed), -1);
        CHECK_INT(thesaurus_match(NULL, w, 3, &form, &consumed), -1);
    }
    thesaurus_free(t);
}

static void test_empty(void)
{
    thesaurus *t = parse_ok("# nothing but comments\n\n   \n");
    if (!t)
        return;
    CHECK_INT(thesaurus_group_count(t), 0);
    const char *w[] = {"chc"};
    size_t form, consumed;
    CHECK_INT(thesaurus_match(t, w, 1, &form, &consumed), -1);
    thesaurus_free(t);
    thesaurus_free(NULL);   /* allowed */
}

static void test_errors(void)
{
    parse_bad("CHC\tcontinuing health care\nICB\n", "t.tsv:2: a group needs at least two forms");
    parse_bad("CHC continuing health care\n", "t.tsv:1: a group needs at least two");
    parse_bad("CHC\t\tcontinuing health care\n", "t.tsv:1: form 2 is empty");
    parse_bad("CHC\tcontinuing health care\t\n", "t.tsv:1: form 3 is empty");
    parse_bad("CHC\t  \n", "t.tsv:1: form 2 is empty");
    parse_bad("CHC\t--\n", "t.tsv:1: form '--' has no letters or digits");
    parse_bad("CHC\tcontinuing\xff care\n", "t.tsv:1: form 2 is not valid UTF-8");
    /* The same form (by norm_key) in two groups, reported at the second. */
    parse_bad("CHC\tcontinuing health care\n#\nICB\tIntegrated Care Board\n"
              "chc\tcontinuing healthcare\n",
              "t.tsv:4: 'chc' is already in the group on line 1 (as 'CHC')");
    parse_bad("S.75\tsection 75\nx\ts 75\n",
              "t.tsv:2: 's 75' is already in the group on line 1 (as 'S.75')");
    /* Twice in one group. */
    parse_bad("ICB\tIntegrated Care Board\tintegrated care board\n",
              "t.tsv:1: 'Integrated Care Board' and 'integrated care board' are "
              "the same form");
    /* The earliest offending line is the one reported. */
    parse_bad("a\tb\nc\td\ne\ta\nf\tc\n", "t.tsv:3:");
    /* Too many forms on a line. */
    {
        char line[200] = "";
        for (int i = 0; i < 40; i++) {
            char f[8];
            snprintf(f, sizeof f, "%sw%d", i ? "\t" : "", i);
            strcat(line, f);
        }
        parse_bad(line, "t.tsv:1: too many forms");
    }
}

/* The shipped data must parse by these rules. */
static void test_corpus_file(void)
{
    const char *path = LASEARCH_SOURCE_DIR "/corpus/thesaurus.tsv";
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL, "cannot open %s", path);
    if (!f)
        return;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap);
            if (!nb)
                break;
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    thesaurus *t = NULL;
    char err[256] = "";
    int rc = thesaurus_parse(buf, len, path, &t, err, sizeof err);
    CHECK(rc == 0, "%s", err);
    CHECK(thesaurus_group_count(t) > 0, "corpus thesaurus has no groups");
    /* Every form of every group finds its own group. */
    for (size_t g = 0; g < thesaurus_group_count(t); g++)
        for (size_t i = 0; i < thesaurus_group_size(t, g); i++) {
            size_t form, consumed;
            int got = match_text(t, thesaurus_form(t, g, i), &form, &consumed);
            CHECK(got == (int)g && form == i, "form '%s' (group %zu) matched %d",
                  thesaurus_form(t, g, i), g, got);
        }
    thesaurus_free(t);
    free(buf);
}

int main(void)
{
    test_good();
    test_empty();
    test_errors();
    test_corpus_file();
    return check_report("test_thesaurus");
}
