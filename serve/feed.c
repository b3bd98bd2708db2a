/* feed.c: a search's answer as an Atom feed (see feed.h). */
#include "feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* s as XML character data: & < > " escaped, and the characters XML 1.0
 * does not allow (C0 controls but TAB, LF, CR; U+FFFE, U+FFFF) dropped. */
static void xml_text(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                break;
            if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
                p += 2;
                break;
            }
            fputc(*p, f);
        }
    }
}

/* s percent-encoded for a URL's query or a tag URI: only unreserved
 * characters stay. */
static void url_part(FILE *f, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~')
            fputc(*p, f);
        else
            fprintf(f, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static void iso(long long t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    buf[0] = '\0';
    if (gmtime_r(&tt, &tm))
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* An entry's link: its source when it has an http(s) one (at its page for
 * a PDF), else the search page on its id. Written escaped. */
static void entry_link(FILE *f, const json_t *h)
{
    const char *url = str(h, "url");
    json_int_t page = json_integer_value(json_object_get(h, "page"));
    fputs("    <link rel=\"alternate\" href=\"", f);
    if (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8)) {
        xml_text(f, url);
        if (page > 0 && !strchr(url, '#'))
            fprintf(f, "#page=%lld", (long long)page);
    } else {
        char *q = NULL;
        size_t qlen = 0;
        FILE *m = open_memstream(&q, &qlen);
        if (m) {
            fputs("/?q=", m);
            fputs("id%3A%22", m);
            url_part(m, str(h, "id"));
            fputs("%22", m);
            fclose(m);
            xml_text(f, q);
        }
        free(q);
    }
    fputs("\"/>\n", f);
}

static void entry(FILE *f, const json_t *h, const char *fallback)
{
    const char *council = str(h, "authority"), *heading = str(h, "heading");
    json_int_t gen = json_integer_value(json_object_get(h, "first_seen_generation"));
    fputs("  <entry>\n    <id>tag:lasearch,2024:", f);
    url_part(f, str(h, "id"));
    fprintf(f, "/g%lld</id>\n    <title type=\"text\">", (long long)gen);
    xml_text(f, council[0] ? council : "Council undecided");
    fputs(": ", f);
    xml_text(f, heading[0] ? heading : str(h, "kind"));
    fputs("</title>\n    <updated>", f);
    xml_text(f, str(h, "first_seen")[0] ? str(h, "first_seen") : fallback);
    fputs("</updated>\n", f);
    entry_link(f, h);
    fputs("    <summary type=\"text\">", f);
    xml_text(f, str(h, "text"));
    json_int_t page = json_integer_value(json_object_get(h, "page"));
    fputs(" (", f);
    xml_text(f, str(h, "file"));
    if (page > 0)
        fprintf(f, ", page %lld)", (long long)page);
    else
        fprintf(f, ":%lld)", (long long)json_integer_value(json_object_get(h, "line")));
    fputs("</summary>\n  </entry>\n", f);
}

int feed_atom(const json_t *answer, const char *query, long long published, char **out,
              size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = open_memstream(out, len);
    if (!f)
        return -1;
    const json_t *hits = json_object_get(answer, "hits");
    /* Newest first: the first entry's time is the feed's. */
    char updated[32];
    const char *newest = json_array_size(hits) ? str(json_array_get(hits, 0), "first_seen")
                                               : "";
    if (newest[0])
        snprintf(updated, sizeof updated, "%s", newest);
    else
        iso(published, updated);
    fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>tag:lasearch,2024:feed?q=", f);
    url_part(f, query);
    fputs("</id>\n  <title type=\"text\">lasearch: ", f);
    xml_text(f, query);
    fprintf(f, "</title>\n  <updated>%s</updated>\n  <author><name>lasearch</name></author>\n"
               "  <generator version=\"%s\">lasearch</generator>\n", updated,
            LASEARCH_VERSION);
    fputs("  <link rel=\"self\" href=\"/feed?q=", f);
    url_part(f, query);
    fputs("\"/>\n  <link rel=\"alternate\" href=\"/?sort=newest&amp;q=", f);
    url_part(f, query);
    fputs("\"/>\n", f);
    size_t i;
    const json_t *h;
    json_array_foreach(hits, i, h)
        entry(f, h, updated);
    fputs("</feed>\n", f);
    if (fclose(f) != 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}
