/*
 * parse_date.c: dates as pages print them, and the lines that carry one.
 *
 * A page's own date is the best one there is (the manifest's is someone's
 * note, a meta tag is the CMS's), so every shape real pages use is read:
 * "17 January 2025", "Friday, 17th May 2024", "June 27, 2024", "15 Oct
 * 2025", "Dec 10, 2024", "2024-11-16", "10/02/2025", "22/05/24" (British
 * day first unless the first number cannot be a month... day). A date
 * without a year ("Friday 15 August", "published today (Friday, 13 June)")
 * is not a date: guessing the year would put it in the wrong range.
 *
 * Date lines are labelled ("Published: ... Page last updated: ...",
 * "Assessment published:", "Last reviewed: June 27, 2024 by Ian", "Next
 * review due: ..."), bare (a date alone under a headline), or bylines with
 * a date at the end ("By A Reporter 13th Jun 2025", "...Published 12th Dec
 * 2025"). Which of them becomes the document's date is decided later
 * (parse_summary.c): only the line is read here.
 */
#include <string.h>

#include "parse_internal.h"

/* ---- the date itself ---------------------------------------------------- */

static const char *const date_months[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
};

static const char *const date_weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
};

static int date_is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int date_is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* The length of the word (letters) at s[i]. */
static size_t date_word_len(const char *s, size_t n, size_t i)
{
    size_t e = i;
    while (e < n && date_is_alpha(s[e]))
        e++;
    return e - i;
}

/* Do the first len letters of name equal s (any case)? */
static int date_prefix_eq(const char *s, size_t len, const char *name)
{
    if (len > strlen(name))
        return 0;
    for (size_t k = 0; k < len; k++) {
        char ch = s[k];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != name[k])
            return 0;
    }
    return 1;
}

/* A month name or its abbreviation ("Jan", "Sept") at s[i]: 1..12, and
 * *len its length; 0 if none. */
static int date_month_at(const char *s, size_t n, size_t i, size_t *len)
{
    size_t wl = date_word_len(s, n, i);
    if (wl < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t ml = strlen(date_months[m]);
        if ((wl == ml || wl == 3 || (m == 8 && wl == 4)) &&
            date_prefix_eq(s + i, wl, date_months[m])) {
            *len = wl;
            return m + 1;
        }
    }
    return 0;
}

/* A weekday name at s[i] (with its ',' and spaces): bytes to skip, or 0. */
static size_t date_weekday_at(const char *s, size_t n, size_t i)
{
    size_t wl = date_word_len(s, n, i);
    for (size_t k = 0; k < sizeof date_weekdays / sizeof date_weekdays[0]; k++) {
        if (parse_ieq(s + i, wl, date_weekdays[k])) {
            size_t e = i + wl;
            if (e < n && s[e] == '.')
                e++;
            if (e < n && s[e] == ',')
                e++;
            if (e >= n || s[e] != ' ')
                return 0;
            while (e < n && s[e] == ' ')
                e++;
            return e - i;
        }
    }
    return 0;
}

/* Up to max digits at s[*i]: the number, or -1 if none. */
static int date_number(const char *s, size_t n, size_t *i, int max, int *digits)
{
    int v = 0, d = 0;
    while (*i < n && date_is_digit(s[*i]) && d < max) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        d++;
    }
    if (digits)
        *digits = d;
    if (!d || (*i < n && date_is_digit(s[*i])))
        return -1;
    return v;
}

/* "st", "nd", "rd", "th" after a day number. */
static void date_ordinal(const char *s, size_t n, size_t *i)
{
    static const char *const suffixes[] = {"st", "nd", "rd", "th"};
    size_t wl = date_word_len(s, n, *i);
    for (size_t k = 0; k < 4; k++)
        if (parse_ieq(s + *i, wl, suffixes[k])) {
            *i += wl;
            return;
        }
}

static void date_spaces(const char *s, size_t n, size_t *i)
{
    while (*i < n && s[*i] == ' ')
        (*i)++;
}

/* A four-digit year at s[*i] after optional ',' and spaces: the year or -1
 * (*i unchanged then). */
static int date_year(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    if (k < n && s[k] == ',')
        k++;
    date_spaces(s, n, &k);
    int digits = 0;
    int y = date_number(s, n, &k, 4, &digits);
    if (digits != 4 || (k < n && date_is_alpha(s[k])))
        return -1;
    *i = k;
    return y;
}

static int date_valid(int y, int m, int d)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 0;
    return 1;
}

static void date_format(char out[11], int y, int m, int d)
{
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

/* "2024-11-16", "10/02/2025", "22/05/24" from s[i]; bytes read or 0. */
static size_t date_numeric(const char *s, size_t n, size_t i, char out[11])
{
    size_t k = i;
    int d1 = 0, d2 = 0, d3 = 0;
    int a = date_number(s, n, &k, 4, &d1);
    if (a < 0 || k >= n || (s[k] != '-' && s[k] != '/' && s[k] != '.'))
        return 0;
    char sep = s[k++];
    int b = date_number(s, n, &k, 2, &d2);
    if (b < 0 || k >= n || s[k] != sep)
        return 0;
    k++;
    int c = date_number(s, n, &k, 4, &d3);
    if (c < 0 || (k < n && (date_is_alpha(s[k]) || s[k] == sep)))
        return 0;
    int y, m, d;
    if (d1 == 4 && sep == '-' && d3 <= 2) {
        y = a, m = b, d = c;                 /* ISO */
    } else if (d1 <= 2 && (d3 == 4 || d3 == 2)) {
        y = d3 == 2 ? 2000 + c : c;
        /* British pages: day first; a first number over 12 cannot be a
         * month and a second over 12 cannot be one either (then the page
         * is American) */
        if (b > 12 && a <= 12)
            m = a, d = b;
        else
            d = a, m = b;
    } else {
        return 0;
    }
    if (!date_valid(y, m, d))
        return 0;
    date_format(out, y, m, d);
    return k - i;
}

size_t parse_date_scan(const char *s, size_t n, char out[11], int *partial)
{
    if (partial)
        *partial = 0;
    size_t i = 0;
    date_spaces(s, n, &i);
    i += date_weekday_at(s, n, i);
    if (i < n && date_is_digit(s[i])) {
        size_t k = date_numeric(s, n, i, out);
        if (k)
            return i + k;
        /* "17 January 2025", "17th of May 2024", "13 December, 2024" */
        int day = date_number(s, n, &i, 2, NULL);
        if (day < 1)
            return 0;
        date_ordinal(s, n, &i);
        date_spaces(s, n, &i);
        if (date_word_len(s, n, i) == 2 && parse_ieq(s + i, 2, "of")) {
            i += 2;
            date_spaces(s, n, &i);
        }
        size_t ml = 0;
        int m = date_month_at(s, n, i, &ml);
        if (!m)
            return 0;
        i += ml;
        if (i < n && s[i] == '.')
            i++;
        int y = date_year(s, n, &i);
        if (y < 0) {
            if (partial)
                *partial = 1;
            return 0;
        }
        if (!date_valid(y, m, day))
            return 0;
        date_format(out, y, m, day);
        return i;
    }
    /* "June 27, 2024", "Dec 10, 2024", "May 17th 2024" */
    size_t ml = 0;
    int m = date_month_at(s, n, i, &ml);
    if (!m)
        return 0;
    i += ml;
    if (i < n && s[i] == '.')
        i++;
    date_spaces(s, n, &i);
    int day = date_number(s, n, &i, 2, NULL);
    if (day < 1)
        return 0;   /* "March 2024": a month, not a date */
    date_ordinal(s, n, &i);
    int y = date_year(s, n, &i);
    if (y < 0) {
        if (partial)
            *partial = 1;
        return 0;
    }
    if (!date_valid(y, m, day))
        return 0;
    date_format(out, y, m, day);
    return i;
}

/* ---- date lines ------------------------------------------------------------ */

/* Labels before a date, longest first where one starts another. */
static const struct {
    const char *label;
    int role, rank;
} date_labels[] = {
    {"page last updated", DATE_UPDATED, 1},
    {"last updated", DATE_UPDATED, 1},
    {"last modified", DATE_UPDATED, 2},
    {"last reviewed", DATE_UPDATED, 2},
    {"updated", DATE_UPDATED, 2},
    {"assessment published", DATE_PUBLISHED, 2},
    {"assessment start date", DATE_OTHER, 9},
    {"next review due", DATE_OTHER, 9},
    {"next review date", DATE_OTHER, 9},
    {"review date", DATE_OTHER, 9},
    {"date published", DATE_PUBLISHED, 1},
    {"first published", DATE_PUBLISHED, 1},
    {"publication date", DATE_PUBLISHED, 1},
    {"published on", DATE_PUBLISHED, 1},
    {"published", DATE_PUBLISHED, 1},
    {"posted on", DATE_PUBLISHED, 2},
    {"posted", DATE_PUBLISHED, 2},
    {"date", DATE_PUBLISHED, 2},
};

/* The label at s[i] and its ':' or '-': index into date_labels, bytes in
 * *len; -1 if none. */
static int date_label_at(const char *s, size_t n, size_t i, size_t *len)
{
    for (size_t k = 0; k < sizeof date_labels / sizeof date_labels[0]; k++) {
        size_t ll = strlen(date_labels[k].label);
        if (n - i < ll || !parse_ieq(s + i, ll, date_labels[k].label))
            continue;
        size_t e = i + ll;
        if (e < n && date_is_alpha(s[e]))
            continue;
        date_spaces(s, n, &e);
        if (e < n && (s[e] == ':' || s[e] == '-'))
            e++;
        date_spaces(s, n, &e);
        *len = e - i;
        return (int)k;
    }
    return -1;
}

/* What may follow a labelled date: nothing, a closing '.', or "by <name>"
 * (who reviewed it). */
static int date_tail_ok(const char *s, size_t n, size_t i)
{
    date_spaces(s, n, &i);
    if (i < n && (s[i] == '.' || s[i] == '|'))
        i++;
    date_spaces(s, n, &i);
    if (i == n)
        return 1;
    return n - i <= 60 && date_word_len(s, n, i) == 2 && parse_ieq(s + i, 2, "by") &&
           i + 2 < n && s[i + 2] == ' ';
}

static void date_set(pline *l, int role, int rank, const char *date)
{
    l->kind = PL_DATE;
    l->date_role = role;
    l->date_rank = rank;
    memcpy(l->date, date, 11);
}

/* "Published: 17 January 2025 Page last updated: 20 January 2025". */
static int date_labelled(pline *l)
{
    const char *s = l->text;
    size_t n = l->len, ll = 0;
    int k = date_label_at(s, n, 0, &ll);
    if (k < 0 || ll == n)
        return 0;
    char d[11];
    int partial = 0;
    size_t dl = parse_date_scan(s + ll, n - ll, d, &partial);
    if (!dl) {
        /* "Published: Friday 15 August": a date line, but no date */
        if (!partial || n > 60)
            return 0;
        l->kind = PL_DATE;
        l->date_role = DATE_ROLE_NONE;
        l->date_rank = 9;
        return 1;
    }
    size_t e = ll + dl;
    date_spaces(s, n, &e);
    size_t l2 = 0;
    int k2 = e < n ? date_label_at(s, n, e, &l2) : -1;
    if (k2 >= 0) {
        char d2[11];
        size_t dl2 = parse_date_scan(s + e + l2, n - e - l2, d2, NULL);
        if (!dl2 || !date_tail_ok(s, n, e + l2 + dl2))
            return 0;
        date_set(l, date_labels[k].role, date_labels[k].rank, d);
        if (date_labels[k2].role == DATE_UPDATED)
            memcpy(l->date2, d2, 11);
        return 1;
    }
    if (!date_tail_ok(s, n, e))
        return 0;
    date_set(l, date_labels[k].role, date_labels[k].rank, d);
    return 1;
}

/* A byline ending in a date: "By A Reporter - Local Democracy Reporter
 * 13th Jun 2025", "Author: Jo Bloggs, PoxtonPublished 19th Dec 2025". */
static int date_byline(pline *l)
{
    const char *s = l->text;
    size_t n = l->len;
    if (n > 120 || parse_ends_sentence(l))
        return 0;
    int by = parse_istarts(s, n, "by ") || parse_istarts(s, n, "author");
    for (size_t i = 1; i < n; i++) {
        /* a glued label keeps its capital: "PoxtonPublished" */
        int label = (s[i] == 'P' && (parse_istarts(s + i, n - i, "Published") ||
                                     parse_istarts(s + i, n - i, "Posted"))) ||
                    (s[i] == 'U' && parse_istarts(s + i, n - i, "Updated"));
        if (!label && !(by && s[i - 1] == ' '))
            continue;
        size_t k = i;
        if (label) {
            size_t ll = 0;
            if (date_label_at(s, n, i, &ll) < 0)
                continue;
            k = i + ll;
        }
        char d[11];
        size_t dl = parse_date_scan(s + k, n - k, d, NULL);
        size_t e = k + dl;
        date_spaces(s, n, &e);
        if (dl && (e == n || (e + 1 == n && s[e] == '.'))) {
            date_set(l, DATE_BARE, 3, d);
            return 1;
        }
    }
    return 0;
}

int parse_date_line(pline *l)
{
    if (!l->text || l->len == 0 || l->len > PARSE_SHORT_LINE)
        return 0;
    if (date_labelled(l))
        return 1;
    const char *s = l->text;
    size_t n = l->len;
    char d[11];
    int partial = 0;
    size_t dl = parse_date_scan(s, n, d, &partial);
    if (dl) {
        size_t e = dl;
        date_spaces(s, n, &e);
        if (e == n || (e + 1 == n && (s[e] == '.' || s[e] == ':' || s[e] == '|'))) {
            date_set(l, DATE_BARE, 3, d);   /* "15 Oct 2025" */
            return 1;
        }
        /* "Friday 13 December, 2024: Hillingdon Council is ..." */
        if (s[e] == ':' || (s[e] == '-' && e + 1 < n && s[e + 1] == ' ')) {
            l->lead_date = 1;
            l->date_rank = 4;
            memcpy(l->date, d, 11);
        }
        return 0;
    }
    return date_byline(l);
}
