/* links.c: a page's links through libxml2 (contract in links.h). */
#include "links.h"

#include "url.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void links_clear(link_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name &&
           strcasecmp((const char *)n->name, name) == 0;
}

/* The next node in document order after n, below root only. */
static xmlNode *next_node(xmlNode *n, xmlNode *root)
{
    if (n->children)
        return n->children;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* The page's <base href>, resolved against its URL, or NULL. */
static char *base_of(xmlNode *root, const char *page_url)
{
    for (xmlNode *n = root; n; n = next_node(n, root)) {
        if (!is(n, "base"))
            continue;
        xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
        char *base = NULL;
        if (href)
            url_canon(page_url, (const char *)href, &base);
        xmlFree(href);
        if (base)
            return base;
    }
    return NULL;
}

int links_extract(const char *html, size_t len, const char *page_url, link_list *out)
{
    memset(out, 0, sizeof *out);
    if (len > INT_MAX)
        return 0;
    /* NONET: the parser never fetches a DTD or anything else itself. */
    htmlDocPtr doc = htmlReadMemory(html, (int)len, page_url, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc)
        return 0;
    xmlNode *root = xmlDocGetRootElement(doc);
    char *base = root ? base_of(root, page_url) : NULL;
    size_t cap = 0;
    int rc = 0;
    for (xmlNode *n = root; n && out->n < LINKS_MAX; n = next_node(n, root)) {
        if (!is(n, "a") && !is(n, "area"))
            continue;
        xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
        char *url = NULL;
        url_status st = href ? url_canon(base ? base : page_url, (const char *)href, &url)
                             : URL_BAD;
        xmlFree(href);
        if (st == URL_NOMEM) {
            rc = -1;
            break;
        }
        if (st != URL_OK)
            continue;
        if (out->n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **v = realloc(out->v, nc * sizeof *v);
            if (!v) {
                free(url);
                rc = -1;
                break;
            }
            out->v = v;
            cap = nc;
        }
        out->v[out->n++] = url;
    }
    free(base);
    xmlFreeDoc(doc);
    if (rc != 0)
        links_clear(out);
    return rc;
}
