/* date.c: publication dates and date ranges (see date.h). */
#include "date.h"

#include <string.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* The number in s[0..n) if it is all digits, else -1. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

date_precision date_parse(const char *s, size_t n, date_value *out)
{
    date_value d = {0, 0, 0, DATE_NONE};
    if (!s || (n != 4 && n != 7 && n != 10) || (n > 4 && s[4] != '-') ||
        (n > 7 && s[7] != '-'))
        return DATE_NONE;
    d.year = digits(s, 4);
    if (d.year < 1000)
        return DATE_NONE;
    d.precision = DATE_YEAR;
    if (n > 4) {
        d.month = digits(s + 5, 2);
        if (d.month < 1 || d.month > 12)
            return DATE_NONE;
        d.precision = DATE_MONTH;
    }
    if (n > 7) {
        d.day = digits(s + 8, 2);
        if (d.day < 1 || d.day > days_in_month(d.year, d.month))
            return DATE_NONE;
        d.precision = DATE_DAY;
    }
    if (out)
        *out = d;
    return d.precision;
}

/* n decimal digits of v (0 <= v < 10^n) at p. */
static char *put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

char *date_format(const date_value *d, char *buf)
{
    char *p = buf;
    if (d->precision >= DATE_YEAR && d->precision <= DATE_DAY)
        p = put_digits(p, d->year, 4);
    if (d->precision >= DATE_MONTH && d->precision <= DATE_DAY) {
        *p++ = '-';
        p = put_digits(p, d->month, 2);
    }
    if (d->precision == DATE_DAY) {
        *p++ = '-';
        p = put_digits(p, d->day, 2);
    }
    *p = '\0';
    return buf;
}

date_value date_first_day(const date_value *d)
{
    date_value f = {d->year, d->precision >= DATE_MONTH ? d->month : 1,
                    d->precision == DATE_DAY ? d->day : 1, DATE_DAY};
    return f;
}

date_value date_last_day(const date_value *d)
{
    int m = d->precision >= DATE_MONTH ? d->month : 12;
    date_value l = {d->year, m, d->precision == DATE_DAY ? d->day : days_in_month(d->year, m),
                    DATE_DAY};
    return l;
}

int date_cmp_days(const date_value *a, const date_value *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    return a->day < b->day ? -1 : a->day > b->day;
}

const char *date_precision_name(date_precision p)
{
    switch (p) {
    case DATE_YEAR: return "year";
    case DATE_MONTH: return "month";
    case DATE_DAY: return "day";
    default: return "";
    }
}

/* Months and years as one counting number each, to step by one. */
static int month_index(int y, int m)
{
    return y * 12 + (m - 1);
}

int date_range_parts(const date_value *lo, const date_value *hi, date_part parts[3])
{
    if (!lo && !hi)
        return -1;
    date_value first = {0, 0, 0, DATE_NONE}, last = {0, 0, 0, DATE_NONE};
    if (lo)
        first = date_first_day(lo);
    if (hi)
        last = date_last_day(hi);
    if (lo && hi && date_cmp_days(&first, &last) > 0)
        return -1;

    /* Days: every day from the first to the last. */
    date_part *d = &parts[0], *m = &parts[1], *y = &parts[2];
    memset(parts, 0, 3 * sizeof *parts);
    d->precision = DATE_DAY;
    m->precision = DATE_MONTH;
    y->precision = DATE_YEAR;
    if (lo)
        date_format(&first, d->lo_text);
    if (hi)
        date_format(&last, d->hi_text);

    /* Months wholly inside: from first's month (the next one when the
     * range starts after its first day) to last's (the one before when
     * the range ends before its last day). */
    int mlo = 0, mhi = 0;
    if (lo) {
        mlo = month_index(first.year, first.month) + (first.day != 1);
        date_value v = {mlo / 12, mlo % 12 + 1, 0, DATE_MONTH};
        date_format(&v, m->lo_text);
    }
    if (hi) {
        mhi = month_index(last.year, last.month) -
              (last.day != days_in_month(last.year, last.month));
        date_value v = {mhi / 12, mhi % 12 + 1, 0, DATE_MONTH};
        date_format(&v, m->hi_text);
    }
    m->empty = lo && hi && mlo > mhi;

    /* Years wholly inside, likewise. */
    int ylo = 0, yhi = 0;
    if (lo) {
        ylo = first.year + !(first.month == 1 && first.day == 1);
        date_value v = {ylo, 0, 0, DATE_YEAR};
        date_format(&v, y->lo_text);
    }
    if (hi) {
        yhi = last.year - !(last.month == 12 && last.day == 31);
        date_value v = {yhi, 0, 0, DATE_YEAR};
        date_format(&v, y->hi_text);
    }
    y->empty = lo && hi && ylo > yhi;
    /* A bound past the years a date can have leaves nothing on that side. */
    if ((lo && ylo > 9999) || (hi && yhi < 1000))
        y->empty = 1;
    if ((lo && mlo / 12 > 9999) || (hi && mhi < month_index(1000, 1)))
        m->empty = 1;
    return 0;
}
