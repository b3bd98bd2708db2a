/*
 * html_walk.c: the content walk. Each element does what its class says
 * (html.h has the rules): headings, p and li open blocks, lists and tables
 * break out of the block they sit in, boxes hold bare text runs, rows join
 * their cells; furniture is skipped with a note, and content nested deeper
 * than HTML_MAX_DEPTH is flattened, without recursion.
 */
#include "html_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static size_t count_links(const xmlNode *top)
{
    size_t k = 0;
    for (xmlNodePtr n = (xmlNodePtr)(uintptr_t)top; n; n = html_next_in(n, top, 1))
        k += html_elem_is(n, "a") && html_attr(n, "href") != NULL;
    return k;
}

/* 1 when n is furniture and is not to be read; noted unless silent. An
 * element holding the page's main or h1 is never dropped, nor html/body. */
static int dropped(html_reader *r, const xmlNode *n, const elem_info *e)
{
    char why[128] = "";
    if (e->cls == E_SILENT)
        return 1;
    if (!html_furniture_why(n, e, why, sizeof why) ||
        html_elem_is(n, "body") || html_elem_is(n, "html") ||
        html_contains(n, r->main) || html_contains(n, r->h1))
        return 0;
    size_t links = count_links(n);
    char tail[160] = "";
    const char *plural = links == 1 ? "" : "s";
    if (why[0] && links)
        snprintf(tail, sizeof tail, " (%s, %zu link%s)", why, links, plural);
    else if (why[0])
        snprintf(tail, sizeof tail, " (%s)", why);
    else if (links)
        snprintf(tail, sizeof tail, " (%zu link%s)", links, plural);
    html_note(r, "line %u: %s%s", html_line_of(n), (const char *)n->name, tail);
    return 1;
}

static void walk_children(html_reader *r, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && !r->err && !r->stop; c = c->next)
        html_visit(r, c, depth + 1);
}

/* Deeper than HTML_MAX_DEPTH: the subtree's text, without recursion, goes
 * into the block at hand. */
static void flatten(html_reader *r, const xmlNode *top)
{
    if (!r->flattened) {
        r->flattened = 1;
        html_note(r, "line %u: content nested deeper than %d elements flattened",
                  html_line_of(top), HTML_MAX_DEPTH);
    }
    xmlNodePtr n = (xmlNodePtr)(uintptr_t)top;
    while (n && !r->err && !r->stop) {
        int descend = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            html_on_text(r, n);
        else if (n->type == XML_ELEMENT_NODE) {
            elem_class cls = html_elem_lookup(n)->cls;
            descend = cls != E_SILENT && cls != E_DROP;
            if (cls == E_BR)
                html_on_br(r);
        }
        n = html_next_in(n, top, descend);
    }
}

/* h1..h6, p and its kin, li: a block of their own, or more text for the
 * block they sit in (a p inside an li, anything inside a cell). */
static void on_block(html_reader *r, const xmlNode *n, int depth, block_kind kind,
                     int level, const char *where)
{
    if (html_inside_block(r)) {
        html_soft_break(r);
        walk_children(r, n, depth);
        html_soft_break(r);
        return;
    }
    html_flush(r);
    html_block_open(r, kind, level, html_line_of(n), where, 0,
                    strcmp(where, "pre") == 0);
    walk_children(r, n, depth);
    html_flush(r);
}

/* ul, ol, dl, table: inside an li or p they end its text so far (its
 * items or rows follow); text after them starts a new block of the same
 * kind. Inside a cell or heading they are only text. */
static void on_breakout(html_reader *r, const xmlNode *n, int depth)
{
    if (r->row || (r->b.open && r->b.kind == BLOCK_HEADING)) {
        html_soft_break(r);
        walk_children(r, n, depth);
        html_soft_break(r);
        return;
    }
    open_block outer = r->b;
    html_flush(r);
    walk_children(r, n, depth);
    html_flush(r);
    if (outer.open && !outer.implicit) {
        r->b = outer;
        html_tb_reset(&r->text);
    }
}

static void on_box(html_reader *r, const xmlNode *n, int depth, const char *name)
{
    if (html_inside_block(r)) {
        html_soft_break(r);
        walk_children(r, n, depth);
        html_soft_break(r);
        return;
    }
    html_flush(r);
    const char *outer = r->box;
    r->box = name;
    walk_children(r, n, depth);
    html_flush(r);
    r->box = outer;
}

static void on_row(html_reader *r, const xmlNode *n, int depth)
{
    if (r->row) { /* a table inside a cell: its cells join the row */
        html_cell_end(r);
        walk_children(r, n, depth);
        html_cell_end(r);
        return;
    }
    html_row_start(r, html_line_of(n));
    walk_children(r, n, depth);
    html_row_end(r);
}

void html_visit(html_reader *r, const xmlNode *n, int depth)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return html_on_text(r, n);
    if (n->type != XML_ELEMENT_NODE)
        return;
    if (depth > HTML_MAX_DEPTH)
        return flatten(r, n);
    const elem_info *e = html_elem_lookup(n);
    if (dropped(r, n, e))
        return;
    switch (e->cls) {
    case E_HEADING:
        return on_block(r, n, depth, BLOCK_HEADING, e->name[1] - '0', e->name);
    case E_PARA:
        return on_block(r, n, depth, BLOCK_PARAGRAPH, 0, e->name);
    case E_ITEM:
        return on_block(r, n, depth, BLOCK_ITEM, 0, e->name);
    case E_LIST:
    case E_TABLE:
        return on_breakout(r, n, depth);
    case E_ROW:
    case E_CELL:
        return on_row(r, n, depth);
    case E_BOX:
    case E_DROP: /* kept: it holds the main or the h1 (an article's header) */
        return on_box(r, n, depth, e->name);
    case E_BR:
        return html_on_br(r);
    case E_HR:
        return html_soft_break(r);
    case E_INLINE:
        return walk_children(r, n, depth);
    case E_SILENT:
    case E_VOID:
        return;
    }
}
