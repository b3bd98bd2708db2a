/*
 * text_blocks.c: a checked text's blocks (see reader.h): the text format's
 * reader. Structure inside a block (headings, bullets, score lines) is the
 * parser's to decide, as it always was for text: a block keeps every line
 * as written, so the parser sees a text file exactly as before.
 */
#include "reader.h"

#include <string.h>

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

int text_to_blocks(const char *text, size_t len, doc_blocks *out)
{
    size_t i = 0, start = 0;
    unsigned line = 1, first = 0;
    int in_block = 0;
    while (i <= len) {
        const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
        size_t end = nl ? (size_t)(nl - text) : len;
        int is_blank = blank(text + i, end - i);
        if (!is_blank && !in_block) {
            in_block = 1;
            start = i;
            first = line;
        }
        if (is_blank && in_block) {
            /* The block ends before this line's newline, without it. */
            if (doc_blocks_add(out, BLOCK_PARAGRAPH, 0, text + start, i - 1 - start,
                               first, 0, "") != 0)
                return -1;
            in_block = 0;
        }
        if (!nl) {
            if (in_block && doc_blocks_add(out, BLOCK_PARAGRAPH, 0, text + start,
                                           end - start, first, 0, "") != 0)
                return -1;
            break;
        }
        i = end + 1;
        line++;
    }
    return 0;
}
