/* docname.c: safe corpus paths from URLs (contract in docname.h). */
#include "docname.h"

#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *docname_ext(doc_type t)
{
    return t == DOC_PDF ? ".pdf" : t == DOC_TEXT ? ".txt" : ".html";
}

unsigned long long docname_hash(const char *s, unsigned long n)
{
    unsigned long long h = 1469598103934665603ULL;
    for (unsigned long i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A growing string; a failed append sets nomem and later ones do nothing,
 * so a name is built straight down and checked once. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    int nomem;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->nomem)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->nomem = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

/* Bytes of a URL as bytes of a file name: see docname.h for the set kept. */
static void put_encoded(sbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9') || (c && strchr("-._~!$&'()+,;=@", c));
        /* A leading '.' would hide the file from the indexer (and make
         * "." and ".." possible). */
        if (i == 0 && c == '.')
            keep = 0;
        if (keep) {
            put(b, (const char *)&c, 1);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            put(b, e, 3);
        }
    }
}

static int has_ext(const char *s, size_t n, doc_type t)
{
    static const char *const html[] = { ".html", ".htm", NULL };
    static const char *const pdf[] = { ".pdf", NULL };
    static const char *const txt[] = { ".txt", NULL };
    const char *const *v = t == DOC_PDF ? pdf : t == DOC_TEXT ? txt : html;
    for (; *v; v++) {
        size_t e = strlen(*v);
        if (n > e && strncasecmp(s + n - e, *v, e) == 0)
            return 1;
    }
    return 0;
}

/* One encoded component (with its extension when last) appended to b,
 * shortened with a hash when too long. */
static void put_component(sbuf *b, const char *raw, size_t n, const char *query,
                          int last, doc_type t)
{
    sbuf c = { 0 };
    if (n == 0 && last)
        puts_(&c, "index");
    else if (n == 0)
        puts_(&c, "%2F");
    else
        put_encoded(&c, raw, n);
    if (last && query) {
        puts_(&c, "%3F");
        put_encoded(&c, query, strlen(query));
    }
    if (c.nomem) {
        free(c.s);
        b->nomem = 1;
        return;
    }
    const char *ext = last && !has_ext(c.s, c.len, t) ? docname_ext(t) : "";
    if (c.len + strlen(ext) > DOCNAME_COMPONENT_MAX) {
        size_t keep = DOCNAME_COMPONENT_MAX - 40;
        /* Never cut a %XX in two. */
        while (keep > 0 && (c.s[keep - 1] == '%' || (keep > 1 && c.s[keep - 2] == '%')))
            keep--;
        char tail[24];
        snprintf(tail, sizeof tail, "~%016llx", docname_hash(c.s, c.len));
        put(b, c.s, keep);
        puts_(b, tail);
        if (last)   /* the extension the shortened name lost */
            puts_(b, has_ext(c.s, c.len, t) ? docname_ext(t) : ext);
    } else {
        put(b, c.s, c.len);
        puts_(b, ext);
    }
    free(c.s);
}

/* The host (and a port other than the scheme's) as one component, kept to
 * DOCNAME_COMPONENT_MAX like the path's (found by fuzz_fetch: a long host
 * made a component over the limit). */
static void put_host(sbuf *b, const url_parts *p)
{
    sbuf h = { 0 };
    puts_(&h, p->host);
    if (p->port) {
        char port[16];
        snprintf(port, sizeof port, "_%u", p->port);
        puts_(&h, port);
    }
    if (h.nomem)
        b->nomem = 1;
    else
        put_component(b, h.s, h.len, NULL, 0, DOC_HTML);
    free(h.s);
}

char *docname_hashed(const char *prefix, const char *url, doc_type type)
{
    url_parts p;
    if (url_split(url, &p) != URL_OK)
        return NULL;
    sbuf b = { 0 };
    char h[24];
    snprintf(h, sizeof h, "/~%016llx", docname_hash(url, strlen(url)));
    puts_(&b, prefix);
    puts_(&b, "/");
    put_host(&b, &p);
    puts_(&b, h);
    puts_(&b, docname_ext(type));
    url_parts_clear(&p);
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

char *docname(const char *prefix, const char *url, doc_type type)
{
    url_parts p;
    if (url_split(url, &p) != URL_OK)
        return NULL;
    sbuf b = { 0 };
    puts_(&b, prefix);
    puts_(&b, "/");
    put_host(&b, &p);
    const char *s = p.path[0] == '/' ? p.path + 1 : p.path;
    for (;;) {
        const char *slash = strchr(s, '/');
        size_t n = slash ? (size_t)(slash - s) : strlen(s);
        puts_(&b, "/");
        put_component(&b, s, n, slash ? NULL : p.query, !slash, type);
        if (!slash)
            break;
        s = slash + 1;
    }
    url_parts_clear(&p);
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    if (b.len > DOCNAME_PATH_MAX) {
        free(b.s);
        return docname_hashed(prefix, url, type);
    }
    return b.s;
}
