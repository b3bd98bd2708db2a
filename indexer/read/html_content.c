/*
 * html_content.c: which part of the page is read. A pre-pass collects the
 * facts and finds <main>; then <main> is read (after the page's h1, when
 * that sits outside it), or else the body.
 */
#include "html_internal.h"

#include <stdint.h>
#include <string.h>

void html_prepass(html_reader *r, const xmlNode *root)
{
    int have_title = 0, have_canonical = 0;
    char why[128];
    for (xmlNodePtr n = (xmlNodePtr)(uintptr_t)root; n && !r->err;
         n = html_next_in(n, root, 1)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        html_fact_from(r, n, &have_title, &have_canonical);
        const char *role = html_attr(n, "role");
        if (!r->main &&
            (html_elem_is(n, "main") || (role && html_has_token(role, "main"))) &&
            !html_hidden_why(n, why, sizeof why))
            r->main = n;
    }
}

/* 1 when top holds visible text outside script, style and the like. */
static int has_text_in(const xmlNode *top)
{
    xmlNodePtr n = (xmlNodePtr)(uintptr_t)top;
    while (n) {
        int descend = 1;
        if (n->type == XML_TEXT_NODE && n->content &&
            html_has_visible((const char *)n->content,
                             strlen((const char *)n->content)))
            return 1;
        if (n->type == XML_ELEMENT_NODE)
            descend = html_elem_lookup(n)->cls != E_SILENT;
        n = html_next_in(n, top, descend);
    }
    return 0;
}

/* The page's title heading under top: the first h1 with text that is not
 * itself hidden or screen-reader-only, outside nav, footer, aside and form,
 * and outside header unless with_header (sites that put their logo in an
 * h1 put it there). */
static const xmlNode *find_h1(const xmlNode *top, int with_header)
{
    char why[128];
    xmlNodePtr n = (xmlNodePtr)(uintptr_t)top;
    while (n) {
        int descend = 1;
        if (n->type == XML_ELEMENT_NODE) {
            const elem_info *e = html_elem_lookup(n);
            descend = e->cls != E_SILENT &&
                      (e->cls != E_DROP ||
                       (with_header && strcmp(e->name, "header") == 0));
            if (html_elem_is(n, "h1") && !html_hidden_why(n, why, sizeof why) &&
                !html_class_why(n, E_HEADING, why, sizeof why) && has_text_in(n))
                return n;
        }
        n = html_next_in(n, top, descend);
    }
    return NULL;
}

static const xmlNode *find_h1_either(const xmlNode *top)
{
    const xmlNode *h1 = find_h1(top, 0);
    return h1 ? h1 : find_h1(top, 1);
}

static const xmlNode *find_body(const xmlNode *root)
{
    for (const xmlNode *c = root->children; c; c = c->next)
        if (html_elem_is(c, "body"))
            return c;
    return root;
}

/* 1 when the page has something beside main (worth a note that it was
 * skipped): an element other than script and the like, or text. */
static int beside_main(const xmlNode *main, const xmlNode *body)
{
    for (const xmlNode *n = main; n && n != body && n->parent; n = n->parent)
        for (const xmlNode *s = n->parent->children; s; s = s->next) {
            if (s == n)
                continue;
            if (s->type == XML_ELEMENT_NODE && html_elem_lookup(s)->cls != E_SILENT)
                return 1;
            if (s->type == XML_TEXT_NODE && s->content &&
                html_has_visible((const char *)s->content,
                                 strlen((const char *)s->content)))
                return 1;
        }
    return 0;
}

void html_read_content(html_reader *r, const xmlNode *root)
{
    const xmlNode *body = find_body(root);
    if (r->main && !has_text_in(r->main)) {
        html_note(r, "line %u: main has no text; the body read instead",
                  html_line_of(r->main));
        r->main = NULL;
    }
    r->h1 = r->main ? find_h1_either(r->main) : NULL;
    if (!r->h1)
        r->h1 = find_h1_either(body);
    if (r->main) {
        if (beside_main(r->main, body))
            html_note(r, "line %u: only main read; the page around it skipped",
                      html_line_of(r->main));
        r->box = "main";
        if (r->h1 && !html_contains(r->main, r->h1))
            html_visit(r, r->h1, 0);
        html_visit(r, r->main, 0);
    } else {
        r->box = "body";
        html_visit(r, body, 0);
    }
    html_flush(r);
}
