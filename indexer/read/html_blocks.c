/*
 * html_blocks.c: the block being gathered. Text and line breaks go into the
 * open block (or the current table cell); a block is flushed into out
 * within the limits (HTML_MAX_BLOCKS, the bytes of text); what is cut or
 * dropped is noted in out->dropped.
 */
#include "html_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* libxml2 hands a text node's line as of its first chunk of this many
 * bytes (HTML_PARSER_BIG_BUFFER_SIZE); see text_line. */
#define LIBXML_TEXT_CHUNK 1000

void html_note(html_reader *r, const char *fmt, ...)
{
    if (r->err)
        return;
    if (r->out->n_dropped >= HTML_MAX_NOTES) {
        r->notes_over++;
        return;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (doc_blocks_dropped(r->out, "%s", buf) != 0)
        r->err = -1;
}

static void limit_reached(html_reader *r, unsigned line, const char *what)
{
    r->stop = 1;
    html_note(r, "line %u: %s; " BLOCKS_NOTE_CUT, line, what);
}

static void add_block(html_reader *r, block_kind kind, int level, const char *text,
                      size_t len, unsigned line, const char *where)
{
    if (r->err || r->stop)
        return;
    if (r->out->n >= HTML_MAX_BLOCKS)
        return limit_reached(r, line, "too many blocks");
    if (len > r->limit - r->used)
        return limit_reached(r, line, "too much text");
    if (doc_blocks_add(r->out, kind, level, text, len, line, 0, where) != 0)
        r->err = -1;
    else
        r->used += len;
}

void html_block_open(html_reader *r, block_kind kind, int level, unsigned line,
                     const char *where, int implicit, int pre)
{
    open_block b = {1, kind, level, line, where, implicit, pre};
    r->b = b;
    html_tb_reset(&r->text);
}

void html_flush(html_reader *r)
{
    if (!r->b.open)
        return;
    r->b.open = 0;
    size_t len;
    const char *t = html_tb_text(&r->text, &len);
    if (len && html_stock_line(t, len))
        html_note(r, "line %u: stock line \"%.80s\"", r->b.line, t);
    else if (len)
        add_block(r, r->b.kind, r->b.level, t, len, r->b.line, r->b.where);
    html_tb_reset(&r->text);
}

void html_row_start(html_reader *r, unsigned line)
{
    html_flush(r);
    r->row = 1;
    r->row_line = line;
    r->rowtext.n = 0;
    html_tb_reset(&r->text);
}

void html_cell_end(html_reader *r)
{
    size_t len;
    const char *t = html_tb_text(&r->text, &len);
    if (len && ((r->rowtext.n && html_sb_add(&r->rowtext, " | ", 3) != 0) ||
                html_sb_add(&r->rowtext, t, len) != 0))
        r->err = -1;
    html_tb_reset(&r->text);
}

void html_row_end(html_reader *r)
{
    html_cell_end(r);
    r->row = 0;
    if (r->rowtext.n)
        add_block(r, BLOCK_ROW, 0, r->rowtext.p, r->rowtext.n, r->row_line,
                  "tr");
    r->rowtext.n = 0;
}

int html_inside_block(const html_reader *r)
{
    return r->row || (r->b.open && !r->b.implicit);
}

void html_soft_break(html_reader *r)
{
    if (r->row || (r->b.open && r->b.kind == BLOCK_HEADING))
        r->text.space = 1;
    else if (r->b.open && !r->b.implicit) {
        if (html_tb_newline(&r->text) != 0)
            r->err = -1;
    } else
        html_flush(r);
}

/* The line a text node's first visible character is on. libxml2 gives a
 * text node the line where its first chunk ended, so count back the line
 * breaks in that chunk; never before the parent's own line. */
static unsigned text_line(const xmlNode *n, const char *s, size_t len)
{
    unsigned line = html_line_of(n), floor = html_line_of(n->parent);
    size_t i = 0, end = len < LIBXML_TEXT_CHUNK ? len : LIBXML_TEXT_CHUNK;
    while (i < end && (ascii_space((unsigned char)s[i]) ||
                       (unsigned char)s[i] == 0xC2 || (unsigned char)s[i] == 0xA0))
        i++;
    for (; i < end && line > 1 && line < 65535; i++)
        line -= s[i] == '\n';
    return line < floor ? floor : line;
}

void html_on_text(html_reader *r, const xmlNode *n)
{
    const char *s = (const char *)n->content;
    size_t len = s ? strlen(s) : 0;
    if (!len)
        return;
    if (!r->b.open && !r->row) {
        if (!html_has_visible(s, len))
            return;
        html_block_open(r, BLOCK_PARAGRAPH, 0, text_line(n, s, len), r->box, 1, 0);
    }
    if (html_tb_append(&r->text, s, len, r->b.open && r->b.pre && !r->row) != 0)
        r->err = -1;
    else if (r->text.s.n + r->rowtext.n > r->limit - r->used)
        limit_reached(r, html_line_of(n), "too much text");
}

void html_on_br(html_reader *r)
{
    if (!r->row && !r->b.open)
        return;
    if (r->b.open && r->b.implicit && !r->row && html_tb_ends_newline(&r->text))
        html_flush(r); /* <br><br> between runs of bare text: a new paragraph */
    else if (html_tb_newline(&r->text) != 0)
        r->err = -1;
}
