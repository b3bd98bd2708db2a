/*
 * html_facts.c: what a page says about itself: its title, canonical link,
 * and published and updated dates from meta tags, each date made
 * YYYY-MM-DD from an ISO date or a date in words.
 */
#include "html_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlmemory.h>

static int days_in(int month, int year)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static int put_date(int y, int m, int d, char out[11])
{
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 ||
        d > days_in(m, y))
        return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 1;
}

/* Up to max digits at *p as a number; -1 when there are none. */
static int take_number(const char **p, int max)
{
    int v = 0, k = 0;
    while (k < max && ascii_digit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k ? v : -1;
}

/* 1 when word[0..k) is full's start, case ignored. */
static int ci_prefix_of(const char *word, size_t k, const char *full)
{
    if (k > strlen(full))
        return 0;
    for (size_t i = 0; i < k; i++)
        if (ascii_lower((unsigned char)word[i]) != full[i])
            return 0;
    return 1;
}

static size_t word_len(const char *p)
{
    size_t k = 0;
    while (ascii_alpha((unsigned char)p[k]))
        k++;
    return k;
}

/* A month's name or its first three letters ("Sept" too) at *p: 1..12,
 * *p moved past it; 0 when there is none. */
static int take_month(const char **p)
{
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
    };
    size_t k = word_len(*p);
    for (int m = 0; m < 12; m++) {
        if ((k == 3 || k == strlen(months[m]) || (m == 8 && k == 4)) &&
            ci_prefix_of(*p, k, months[m])) {
            *p += k;
            *p += **p == '.';
            return m + 1;
        }
    }
    return 0;
}

static void skip_ordinal(const char **p)
{
    static const char *const suffixes[] = {"st", "nd", "rd", "th"};
    for (size_t i = 0; i < 4; i++)
        if (html_ci_starts((const unsigned char *)*p, 2, suffixes[i])) {
            *p += 2;
            return;
        }
}

static void skip_date_gap(const char **p)
{
    while (ascii_space((unsigned char)**p) || **p == ',')
        (*p)++;
}

/* "17 January 2025", "17th Jan 2025", "Friday, 17 January 2025",
 * "June 27, 2024". */
static int date_in_words(const char *v, char out[11])
{
    static const char *const weekdays[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday",
    };
    const char *p = v;
    size_t k = word_len(p);
    for (size_t i = 0; i < 7; i++)
        if ((k == 3 || k == strlen(weekdays[i])) && ci_prefix_of(p, k, weekdays[i])) {
            p += k;
            skip_date_gap(&p);
            break;
        }
    int day, month;
    if (ascii_digit((unsigned char)*p)) {
        day = take_number(&p, 2);
        skip_ordinal(&p);
        skip_date_gap(&p);
        month = take_month(&p);
    } else {
        month = take_month(&p);
        skip_date_gap(&p);
        day = take_number(&p, 2);
        skip_ordinal(&p);
    }
    if (!month)
        return 0;
    skip_date_gap(&p);
    int year = take_number(&p, 4);
    if (ascii_digit((unsigned char)*p) || ascii_alpha((unsigned char)*p))
        return 0;
    return put_date(year, month, day, out);
}

/* YYYY-MM-DD from a meta value: an ISO date at its start, or a date in
 * words; 0 when it is neither. */
static int normalise_date(const char *v, char out[11])
{
    while (ascii_space((unsigned char)*v))
        v++;
    const char *p = v;
    int y = take_number(&p, 4);
    if (p - v == 4 && *p == '-') {
        p++;
        const char *q = p;
        int m = take_number(&p, 2);
        if (p - q != 2 || *p != '-')
            return 0;
        p++;
        q = p;
        int d = take_number(&p, 2);
        if (p - q != 2 || ascii_digit((unsigned char)*p))
            return 0;
        return put_date(y, m, d, out);
    }
    return date_in_words(v, out);
}

/* Which date a meta tag gives: 1 published, 2 updated, 0 neither. */
static int meta_date_kind(const xmlNode *n)
{
    static const char *const published[] = {
        "article:published_time", "dcterms.created", "dc.date.issued",
        "dc.date", "date", "datepublished", "citation_publication_date",
        "og:published_time",
    };
    static const char *const updated[] = {
        "article:modified_time", "dcterms.modified", "last-modified",
        "dc.date.modified", "og:updated_time", "datemodified",
    };
    const char *keys[] = {"name", "property", "itemprop", "http-equiv"};
    for (size_t k = 0; k < 4; k++) {
        const char *v = html_attr(n, keys[k]);
        for (size_t i = 0; v && i < sizeof published / sizeof *published; i++)
            if (html_ci_equal(v, published[i]))
                return 1;
        for (size_t i = 0; v && i < sizeof updated / sizeof *updated; i++)
            if (html_ci_equal(v, updated[i]))
                return 2;
    }
    return 0;
}

/* A fact's text: white space collapsed, clean UTF-8. */
static int set_fact(html_reader *r, char **field, const char *value)
{
    textbuf t = {{NULL, 0, 0}, 0};
    size_t len;
    int rc = html_tb_append(&t, value, strlen(value), 0);
    if (rc == 0) {
        const char *s = html_tb_text(&t, &len);
        rc = doc_facts_set(field, s, len);
    }
    html_sb_free(&t.s);
    if (rc != 0)
        r->err = -1;
    return rc;
}

static int inside(const xmlNode *n, const char *name)
{
    for (n = n->parent; n; n = n->parent)
        if (html_elem_is(n, name))
            return 1;
    return 0;
}

void html_fact_from(html_reader *r, const xmlNode *n, int *have_title,
                    int *have_canonical)
{
    if (html_elem_is(n, "title") && !*have_title && !inside(n, "svg")) {
        xmlChar *text = xmlNodeGetContent((xmlNodePtr)(uintptr_t)n);
        if (!text) {
            r->err = -1;
            return;
        }
        set_fact(r, &r->out->facts.title, (const char *)text);
        xmlFree(text);
        *have_title = 1;
    } else if (html_elem_is(n, "link") && !*have_canonical) {
        const char *rel = html_attr(n, "rel"), *href = html_attr(n, "href");
        if (rel && href && html_has_token(rel, "canonical")) {
            set_fact(r, &r->out->facts.canonical, href);
            *have_canonical = 1;
        }
    } else if (html_elem_is(n, "meta")) {
        int kind = meta_date_kind(n);
        const char *content = html_attr(n, "content");
        char date[11];
        char **field = kind == 1 ? &r->out->facts.published
                                 : &r->out->facts.updated;
        if (kind && content && !**field && normalise_date(content, date))
            set_fact(r, field, date);
    }
}
