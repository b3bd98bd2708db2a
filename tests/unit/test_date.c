/* test_date.c: publication dates (model/date.h): what is a date, and which
 * dates of each precision a range covers. */
#include "check.h"
#include "date.h"

#include <string.h>

static void parses(const char *s, date_precision want)
{
    date_value d;
    date_precision got = date_parse(s, strlen(s), &d);
    CHECK(got == want, "date_parse(%s) = %d, expected %d", s, (int)got, (int)want);
    if (got != DATE_NONE) {
        char back[DATE_TEXT_MAX];
        CHECK_STR(date_format(&d, back), s);
    }
}

/* The parts of lo..hi ("" for an open end): days, months, years as
 * "LO..HI" ("-" when empty). */
static void range(const char *lo, const char *hi, const char *days, const char *months,
                  const char *years)
{
    date_value a, b;
    CHECK(!*lo || date_parse(lo, strlen(lo), &a), "bad test date %s", lo);
    CHECK(!*hi || date_parse(hi, strlen(hi), &b), "bad test date %s", hi);
    date_part p[3];
    CHECK(date_range_parts(*lo ? &a : NULL, *hi ? &b : NULL, p) == 0, "%s..%s refused",
          lo, hi);
    const char *want[3] = {days, months, years};
    for (int i = 0; i < 3; i++) {
        char got[32];
        if (p[i].empty)
            strcpy(got, "-");
        else
            snprintf(got, sizeof got, "%s..%s", p[i].lo_text, p[i].hi_text);
        CHECK(strcmp(got, want[i]) == 0, "%s..%s part %s: %s, expected %s", lo, hi,
              date_precision_name(p[i].precision), got, want[i]);
    }
}

static void reversed(const char *lo, const char *hi)
{
    date_value a, b;
    date_parse(lo, strlen(lo), &a);
    date_parse(hi, strlen(hi), &b);
    date_part p[3];
    CHECK(date_range_parts(&a, &b, p) == -1, "%s..%s should be reversed", lo, hi);
}

int main(void)
{
    parses("2024", DATE_YEAR);
    parses("2024-05", DATE_MONTH);
    parses("2024-05-17", DATE_DAY);
    parses("2024-02-29", DATE_DAY);   /* leap year */
    parses("2000-02-29", DATE_DAY);   /* divisible by 400 */
    parses("1900-02-29", DATE_NONE);  /* divisible by 100 */
    parses("2023-02-29", DATE_NONE);
    parses("2024-04-31", DATE_NONE);
    parses("2024-12-31", DATE_DAY);
    parses("2024-13", DATE_NONE);
    parses("2024-00", DATE_NONE);
    parses("2024-05-00", DATE_NONE);
    parses("0999", DATE_NONE);
    parses("24", DATE_NONE);
    parses("2024-5", DATE_NONE);
    parses("2024/05", DATE_NONE);
    parses("2024-05-1", DATE_NONE);
    parses("2024-05-17T10", DATE_NONE);
    parses("", DATE_NONE);
    parses("abcd", DATE_NONE);
    CHECK(date_parse("2024-05", 4, NULL) == DATE_YEAR, "length is honoured");

    date_value may;
    date_parse("2024-05", 7, &may);
    date_value f = date_first_day(&may), l = date_last_day(&may);
    char buf[DATE_TEXT_MAX];
    CHECK_STR(date_format(&f, buf), "2024-05-01");
    CHECK_STR(date_format(&l, buf), "2024-05-31");
    date_value feb;
    date_parse("2024-02", 7, &feb);
    l = date_last_day(&feb);
    CHECK_STR(date_format(&l, buf), "2024-02-29");

    /* One date: everything within it, at every precision it contains. */
    range("2024", "2024", "2024-01-01..2024-12-31", "2024-01..2024-12", "2024..2024");
    range("2024-05", "2024-05", "2024-05-01..2024-05-31", "2024-05..2024-05", "-");
    range("2024-05-17", "2024-05-17", "2024-05-17..2024-05-17", "-", "-");
    /* A range of months: a year is in it only when wholly inside. */
    range("2024-05", "2025-01", "2024-05-01..2025-01-31", "2024-05..2025-01", "-");
    range("2024-01", "2025-01", "2024-01-01..2025-01-31", "2024-01..2025-01",
          "2024..2024");
    range("2023-06", "2025-12", "2023-06-01..2025-12-31", "2023-06..2025-12",
          "2024..2025");
    /* Days that start or end mid-month leave those months out. */
    range("2024-05-18", "2025-01-30", "2024-05-18..2025-01-30", "2024-06..2024-12", "-");
    range("2024-05-01", "2024-06-30", "2024-05-01..2024-06-30", "2024-05..2024-06", "-");
    range("2024-02-01", "2024-02-29", "2024-02-01..2024-02-29", "2024-02..2024-02", "-");
    range("2024-01-01", "2024-12-31", "2024-01-01..2024-12-31", "2024-01..2024-12",
          "2024..2024");
    range("2024-12-31", "2025-01-01", "2024-12-31..2025-01-01", "-", "-");
    /* Open ends. */
    range("", "2024-06", "..2024-06-30", "..2024-06", "..2023");
    range("", "2024", "..2024-12-31", "..2024-12", "..2024");
    range("2025", "", "2025-01-01..", "2025-01..", "2025..");
    range("2024-05-17", "", "2024-05-17..", "2024-06..", "2025..");
    range("2024-12-02", "", "2024-12-02..", "2025-01..", "2025..");
    /* Mixed precisions whose periods overlap are not reversed. */
    range("2024-05", "2024", "2024-05-01..2024-12-31", "2024-05..2024-12", "-");
    range("2024", "2024-05", "2024-01-01..2024-05-31", "2024-01..2024-05", "-");
    reversed("2025", "2024");
    reversed("2024-06", "2024-05");
    reversed("2024-05-18", "2024-05-17");
    reversed("2025", "2024-12-31");
    date_part p[3];
    CHECK(date_range_parts(NULL, NULL, p) == -1, "both ends open is refused");

    CHECK_STR(date_precision_name(DATE_YEAR), "year");
    CHECK_STR(date_precision_name(DATE_DAY), "day");
    CHECK_STR(date_precision_name(DATE_NONE), "");
    return check_report("test_date");
}
