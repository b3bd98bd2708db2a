/*
 * html_elements.c: what each HTML element is (the table of element
 * classes), and reading libxml2's nodes: names, attributes, lines, and a
 * walk in document order without recursion.
 */
#include "html_internal.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

static const elem_info elem_table[] = {
    {"script", E_SILENT}, {"style", E_SILENT}, {"head", E_SILENT},
    {"title", E_SILENT}, {"meta", E_SILENT}, {"link", E_SILENT},
    {"base", E_SILENT}, {"svg", E_SILENT}, {"math", E_SILENT},
    {"object", E_SILENT}, {"embed", E_SILENT}, {"canvas", E_SILENT},
    {"audio", E_SILENT}, {"video", E_SILENT}, {"map", E_SILENT},
    {"textarea", E_SILENT}, {"datalist", E_SILENT}, {"colgroup", E_SILENT},
    {"nav", E_DROP}, {"header", E_DROP}, {"footer", E_DROP},
    {"aside", E_DROP}, {"form", E_DROP}, {"noscript", E_DROP},
    {"template", E_DROP}, {"iframe", E_DROP}, {"frameset", E_DROP},
    {"button", E_DROP}, {"select", E_DROP}, {"dialog", E_DROP},
    {"search", E_DROP},
    {"h1", E_HEADING}, {"h2", E_HEADING}, {"h3", E_HEADING},
    {"h4", E_HEADING}, {"h5", E_HEADING}, {"h6", E_HEADING},
    {"p", E_PARA}, {"dd", E_PARA}, {"dt", E_PARA}, {"caption", E_PARA},
    {"figcaption", E_PARA}, {"summary", E_PARA}, {"pre", E_PARA},
    {"address", E_PARA}, {"legend", E_PARA},
    {"li", E_ITEM},
    {"ul", E_LIST}, {"ol", E_LIST}, {"dl", E_LIST}, {"menu", E_LIST},
    {"dir", E_LIST},
    {"table", E_TABLE}, {"tr", E_ROW}, {"td", E_CELL}, {"th", E_CELL},
    {"html", E_BOX}, {"body", E_BOX}, {"main", E_BOX}, {"div", E_BOX},
    {"section", E_BOX}, {"article", E_BOX}, {"blockquote", E_BOX},
    {"center", E_BOX}, {"fieldset", E_BOX}, {"details", E_BOX},
    {"figure", E_BOX}, {"hgroup", E_BOX}, {"thead", E_BOX},
    {"tbody", E_BOX}, {"tfoot", E_BOX}, {"noframes", E_BOX},
    {"br", E_BR}, {"hr", E_HR},
    {"img", E_VOID}, {"input", E_VOID}, {"wbr", E_VOID}, {"area", E_VOID},
    {"source", E_VOID}, {"track", E_VOID}, {"col", E_VOID},
};

const elem_info *html_elem_lookup(const xmlNode *n)
{
    static const elem_info inline_elem = {"", E_INLINE};
    const char *name = (const char *)n->name;
    for (size_t i = 0; name && i < sizeof elem_table / sizeof elem_table[0]; i++)
        if (strcmp(name, elem_table[i].name) == 0)
            return &elem_table[i];
    return &inline_elem;
}

int html_elem_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcmp((const char *)n->name, name) == 0;
}

const char *html_attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcmp((const char *)a->name, name) != 0)
            continue;
        const xmlNode *v = a->children;
        return v && v->type == XML_TEXT_NODE && v->content
                   ? (const char *)v->content : "";
    }
    return NULL;
}

unsigned html_line_of(const xmlNode *n)
{
    long l = n ? xmlGetLineNo((xmlNodePtr)(uintptr_t)n) : -1;
    return l > 0 && l < (long)UINT_MAX ? (unsigned)l : 0;
}

int html_contains(const xmlNode *ancestor, const xmlNode *node)
{
    for (; node; node = node->parent)
        if (node == ancestor)
            return 1;
    return 0;
}

xmlNodePtr html_next_in(xmlNodePtr n, const xmlNode *top, int descend)
{
    if (descend && n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    for (; n && n != top; n = n->parent)
        if (n->next)
            return n->next;
    return NULL;
}

int html_has_token(const char *v, const char *token)
{
    size_t k = strlen(token);
    const unsigned char *s = (const unsigned char *)v;
    for (size_t i = 0; s[i];) {
        while (s[i] && ascii_space(s[i]))
            i++;
        size_t start = i;
        while (s[i] && !ascii_space(s[i]))
            i++;
        if (i - start == k && html_ci_starts(s + start, k, token))
            return 1;
    }
    return 0;
}
