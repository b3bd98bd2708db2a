/*
 * date.h: publication dates as lasearch knows them, and what a date range
 * means for them.
 *
 * A document's date is known to the day ("2025-01-17"), the month
 * ("2024-05") or only the year ("2024"): the manifest and the page give
 * what they know, and nothing is made up. A date of month or year
 * precision stands for the whole period, so a range matches it only when
 * it covers the whole period: published:2024-05..2025-01 finds "2024-06"
 * and "2024-06-03" but not "2024" (which may be January 2024), while
 * published:2024 finds every date within 2024 at any precision. So a
 * paragraph is found only by the ranges it certainly falls in.
 *
 * The index writes a paragraph's date as it is known in SLOT_PUBLISHED
 * and its precision as a filter term (schema.h); date_range_parts says
 * which slot range of which precision a query range covers.
 *
 * Everything here is pure and thread-safe; nothing allocates.
 */
#ifndef LASEARCH_DATE_H
#define LASEARCH_DATE_H

#include <stddef.h>

typedef enum date_precision {
    DATE_NONE = 0,   /* not a date / not known */
    DATE_YEAR,       /* "2024" */
    DATE_MONTH,      /* "2024-05" */
    DATE_DAY         /* "2024-05-17" */
} date_precision;

typedef struct date_value {
    int year, month, day;   /* month, day 0 when not known */
    date_precision precision;
} date_value;

/* Longest text form, "YYYY-MM-DD", and its NUL. */
#define DATE_TEXT_MAX 11

/* Parse s[0..n): "YYYY", "YYYY-MM" or "YYYY-MM-DD", a real calendar date
 * (months 1-12, days within the month, 29 February only in leap years),
 * years 1000 to 9999. Returns the precision (and fills *out, which may be
 * NULL), or DATE_NONE when s is not such a date. */
date_precision date_parse(const char *s, size_t n, date_value *out);

/* The text form of d at its precision into buf (DATE_TEXT_MAX bytes):
 * exactly what date_parse reads. "" for DATE_NONE. Returns buf. */
char *date_format(const date_value *d, char *buf);

/* The first and the last day of the period d stands for (a day itself;
 * 1 May and 31 May for "2024-05"; 1 January and 31 December for "2024"). */
date_value date_first_day(const date_value *d);
date_value date_last_day(const date_value *d);

/* <0, 0, >0 as day a is before, the same as, after day b (both DATE_DAY). */
int date_cmp_days(const date_value *a, const date_value *b);

/* "year", "month", "day"; "" for DATE_NONE. */
const char *date_precision_name(date_precision p);

/* What a query range [lo, hi] covers among dates of one precision: the
 * dates of that precision from lo_text to hi_text (both inclusive, in the
 * byte order of their text form, which is date order for one precision;
 * "" is an open end). empty: none of that precision can fall in it. */
typedef struct date_part {
    date_precision precision;
    int empty;
    char lo_text[DATE_TEXT_MAX], hi_text[DATE_TEXT_MAX];
} date_part;

/* The range from lo to hi (inclusive, any precision each; NULL is an open
 * end) as three parts, days, months and years, in that order: a date
 * falls in the range exactly when it falls in the part of its precision.
 * Returns 0, or -1 when the range is reversed (lo's first day after hi's
 * last) or both ends are open. */
int date_range_parts(const date_value *lo, const date_value *hi, date_part parts[3]);

#endif /* LASEARCH_DATE_H */
