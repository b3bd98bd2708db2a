/* url.c: canonical URLs through libcurl's URL API (contract in url.h). */
#include "url.h"

#include <curl/curl.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an href attribute may hold that a URL may not: browsers trim ASCII
 * white space around it, drop tabs and newlines inside it and percent-encode
 * the rest; libcurl's parser refuses such bytes, so do as browsers do. The
 * fragment is cut here: it never reaches a server. */
static char *clean_ref(const char *ref)
{
    while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r' || *ref == '\f')
        ref++;
    size_t n = strcspn(ref, "#");
    while (n > 0 && strchr(" \t\n\r\f", ref[n - 1]))
        n--;
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out)
        return NULL;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)ref[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c <= ' ' || c >= 0x7f || strchr("\"<>\\^`{|}", c)) {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

static url_status from_uc(CURLUcode rc)
{
    if (rc == CURLUE_OK)
        return URL_OK;
    if (rc == CURLUE_OUT_OF_MEMORY)
        return URL_NOMEM;
    return rc == CURLUE_UNSUPPORTED_SCHEME ? URL_SCHEME : URL_BAD;
}

/* Parse (and, with base, resolve) into a fresh handle; checks the scheme
 * and refuses credentials. */
static url_status parse(const char *base, const char *ref, CURLU **out)
{
    *out = NULL;
    char *clean = clean_ref(ref);
    CURLU *h = curl_url();
    url_status st = (!clean || !h) ? URL_NOMEM : URL_OK;
    if (st == URL_OK && base)
        st = from_uc(curl_url_set(h, CURLUPART_URL, base, 0));
    /* With a URL already in the handle, libcurl resolves a relative one
     * against it (RFC 3986 section 5); but an empty reference ("#main",
     * its fragment cut) is the base itself, where libcurl would give the
     * base's directory. */
    if (st == URL_OK && (!base || clean[0]))
        st = from_uc(curl_url_set(h, CURLUPART_URL, clean, 0));
    char *scheme = NULL, *user = NULL;
    if (st == URL_OK)
        st = from_uc(curl_url_get(h, CURLUPART_SCHEME, &scheme, 0));
    if (st == URL_OK && strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)
        st = URL_SCHEME;
    /* A link carrying a user name would make the fetcher log in somewhere
     * on a page's say-so. */
    if (st == URL_OK && curl_url_get(h, CURLUPART_USER, &user, 0) == CURLUE_OK)
        st = URL_BAD;
    curl_free(scheme);
    curl_free(user);
    free(clean);
    if (st != URL_OK) {
        curl_url_cleanup(h);
        return st;
    }
    *out = h;
    return URL_OK;
}

static char *dup_curl(char *s)
{
    char *d = s ? strdup(s) : NULL;
    curl_free(s);
    return d;
}

url_status url_canon(const char *base, const char *ref, char **out)
{
    *out = NULL;
    CURLU *h;
    url_status st = parse(base, ref, &h);
    if (st != URL_OK)
        return st;
    char *host = NULL, *url = NULL;
    st = from_uc(curl_url_get(h, CURLUPART_HOST, &host, 0));
    if (st == URL_OK) {
        for (char *p = host; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        st = from_uc(curl_url_set(h, CURLUPART_HOST, host, 0));
    }
    if (st == URL_OK)
        st = from_uc(curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0));
    if (st == URL_OK)
        st = from_uc(curl_url_get(h, CURLUPART_URL, &url, CURLU_NO_DEFAULT_PORT));
    curl_free(host);
    curl_url_cleanup(h);
    if (st == URL_OK && !(*out = dup_curl(url)))
        return URL_NOMEM;
    if (st != URL_OK)
        curl_free(url);
    return st;
}

url_status url_split(const char *url, url_parts *out)
{
    memset(out, 0, sizeof *out);
    CURLU *h;
    url_status st = parse(NULL, url, &h);
    if (st != URL_OK)
        return st;
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL;
    CURLUcode rc = curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
    if (!rc)
        rc = curl_url_get(h, CURLUPART_HOST, &host, 0);
    if (!rc)
        rc = curl_url_get(h, CURLUPART_PATH, &path, 0);
    if (!rc && curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT) == CURLUE_OK)
        out->port = (unsigned)strtoul(port, NULL, 10);
    if (!rc)
        curl_url_get(h, CURLUPART_QUERY, &query, 0);  /* none: stays NULL */
    curl_free(port);
    curl_url_cleanup(h);
    st = from_uc(rc);
    out->scheme = dup_curl(scheme);
    out->host = dup_curl(host);
    out->path = dup_curl(path);
    out->query = query ? dup_curl(query) : NULL;
    if (st == URL_OK && (!out->scheme || !out->host || !out->path || (query && !out->query)))
        st = URL_NOMEM;
    if (st != URL_OK)
        url_parts_clear(out);
    else
        for (char *p = out->host; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    return st;
}

void url_parts_clear(url_parts *p)
{
    if (!p)
        return;
    free(p->scheme);
    free(p->host);
    free(p->path);
    free(p->query);
    memset(p, 0, sizeof *p);
}

char *url_origin(const char *url)
{
    url_parts p;
    if (url_split(url, &p) != URL_OK)
        return NULL;
    size_t n = strlen(p.scheme) + strlen(p.host) + 16;
    char *o = malloc(n);
    if (o && p.port)
        snprintf(o, n, "%s://%s:%u", p.scheme, p.host, p.port);
    else if (o)
        snprintf(o, n, "%s://%s", p.scheme, p.host);
    url_parts_clear(&p);
    return o;
}

int url_under(const char *url, const char *prefix)
{
    return strncmp(url, prefix, strlen(prefix)) == 0;
}
