/* test_normalise.c: the one normalisation, display and fold forms. */
#include "check.h"
#include "normalise.h"

#include <stdlib.h>
#include <string.h>

static void check_mode(const char *in, norm_mode mode, const char *want)
{
    char *out = NULL;
    size_t outlen = 0;
    norm_status st = norm_text(in, strlen(in), mode, &out, &outlen);
    CHECK(st == NORM_OK, "norm_text(\"%s\") failed: %d", in, (int)st);
    if (st != NORM_OK)
        return;
    CHECK_STR(out, want);
    CHECK_INT(outlen, strlen(want));
    free(out);
}

static void check_key(const char *in, const char *want)
{
    char *out = NULL;
    CHECK(norm_key(in, strlen(in), &out) == NORM_OK, "norm_key(\"%s\")", in);
    CHECK_STR(out, want);
    free(out);
}

int main(void)
{
    /* Display keeps case and accents; lumps typography to ASCII. */
    check_mode("carer\xe2\x80\x99s", NORM_DISPLAY, "carer's");
    check_mode("3 \xe2\x80\x93 Evidence", NORM_DISPLAY, "3 - Evidence");
    check_mode("\xe2\x80\x9ctremendous.\xe2\x80\x9d", NORM_DISPLAY, "\"tremendous.\"");
    check_mode("Caf\xc3\xa9", NORM_DISPLAY, "Caf\xc3\xa9");
    check_mode("Cafe\xcc\x81", NORM_DISPLAY, "Caf\xc3\xa9");          /* NFC */
    check_mode("a\x01" "b\tc\nd", NORM_DISPLAY, "ab\tc\nd");           /* controls */
    check_mode("co\xc2\xad" "production", NORM_DISPLAY, "coproduction"); /* soft hyphen */
    check_mode("\xe2\x82\xac" "5.9BN", NORM_DISPLAY, "\xe2\x82\xac" "5.9BN");

    /* Fold: case, accents, compatibility forms, typography all folded. */
    check_mode("Carer\xe2\x80\x99s", NORM_FOLD, "carer's");
    check_mode("CAF\xc3\x89", NORM_FOLD, "cafe");
    check_mode("\xef\xac\x81nance", NORM_FOLD, "finance");              /* ligature */
    check_mode("Stra\xc3\x9f" "e", NORM_FOLD, "strasse");               /* casefold */
    check_mode("2023 \xe2\x80\x93 2025", NORM_FOLD, "2023 - 2025");

    /* The indexer and the query see the same string for the same text. */
    {
        char *a = NULL, *b = NULL;
        const char *x = "Carer\xe2\x80\x99s \xe2\x80\x93 co\xe2\x80\x90production";
        const char *y = "carer's - co-production";
        CHECK(norm_text(x, strlen(x), NORM_FOLD, &a, NULL) == NORM_OK, "fold x");
        CHECK(norm_text(y, strlen(y), NORM_FOLD, &b, NULL) == NORM_OK, "fold y");
        CHECK_STR(a, b);
        free(a);
        free(b);
    }

    /* NUL bytes inside the given length are dropped, not truncating. */
    {
        char *out = NULL;
        CHECK(norm_text("ab\0cd", 5, NORM_DISPLAY, &out, NULL) == NORM_OK, "nul");
        CHECK_STR(out, "abcd");
        free(out);
    }

    /* Invalid UTF-8 is refused with *out NULL, and located. */
    {
        char *out = (char *)1;
        CHECK(norm_text("ab\x92" "cd", 5, NORM_FOLD, &out, NULL) == NORM_ERR_UTF8,
              "invalid byte");
        CHECK(out == NULL, "out must be NULL on error");
        CHECK_INT(norm_utf8_invalid_at("ab\x92" "cd", 5), 2);
        CHECK_INT(norm_utf8_invalid_at("\xc0\xaf", 2), 0);            /* overlong */
        CHECK_INT(norm_utf8_invalid_at("ok\xed\xa0\x80", 5), 2);      /* surrogate */
        CHECK_INT(norm_utf8_invalid_at("ok\xe2\x80", 4), 2);          /* truncated */
        CHECK_INT(norm_utf8_invalid_at("caf\xc3\xa9", 5), 5);         /* valid */
    }

    /* The one strict decoder. */
    CHECK_INT(norm_utf8_len("a", 1), 1);
    CHECK_INT(norm_utf8_len("\xc3\xa9", 2), 2);
    CHECK_INT(norm_utf8_len("\xe2\x80\x93", 3), 3);
    CHECK_INT(norm_utf8_len("\xf0\x9f\x98\x80", 4), 4);
    CHECK_INT(norm_utf8_len("\xe2\x80", 2), 0);          /* cut short */
    CHECK_INT(norm_utf8_len("\xe0\x80\xaf", 3), 0);      /* overlong */
    CHECK_INT(norm_utf8_len("\xed\xa0\x80", 3), 0);      /* surrogate */
    CHECK_INT(norm_utf8_len("\xf4\x90\x80\x80", 4), 0);  /* > U+10FFFF */
    CHECK_INT(norm_utf8_len("\x80", 1), 0);                /* stray */
    CHECK_INT(norm_utf8_len("\xc3\x28", 2), 0);           /* bad continuation */

    /* Edit distance for hints. */
    CHECK_INT(norm_edit_distance("ealing", 6, "ealling", 7), 1);
    CHECK_INT(norm_edit_distance("kent", 4, "kent", 4), 0);
    CHECK_INT(norm_edit_distance("", 0, "abc", 3), 3);
    CHECK_INT(norm_edit_distance("safegarding", 11, "safeguarding", 12), 1);
    {
        char longer[100];
        memset(longer, 'a', sizeof longer);
        CHECK(norm_edit_distance(longer, sizeof longer, "a", 1) == (size_t)-1,
              "too long to compare");
    }

    /* Keys for comparing names. */
    check_key("Royal Borough of Windsor & Maidenhead",
              "royal borough of windsor and maidenhead");
    check_key("  Supporting people to live healthier lives: ",
              "supporting people to live healthier lives");
    check_key("## Safe systems, pathways and transitions",
              "safe systems pathways and transitions");
    check_key("St. Helens", "st helens");
    check_key("Southend-on-Sea", "southend on sea");
    check_key("B&NES", "b and nes");
    check_key("---", "");

    return check_report("test_normalise");
}
