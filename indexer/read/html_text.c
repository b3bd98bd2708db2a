/*
 * html_text.c: a block's text as it is collected: white space collapsed as
 * it arrives, invisible characters dropped, clean UTF-8 whatever libxml2
 * hands over (contracts in html_internal.h).
 */
#include "html_internal.h"

static int is_space_cp(long cp)
{
    return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Characters with nothing to show: controls, soft hyphen, zero widths. */
static int is_invisible_cp(long cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
           cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

void html_tb_reset(textbuf *t)
{
    t->s.n = 0;
    if (t->s.p)
        t->s.p[0] = '\0';
    t->space = 0;
}

int html_tb_ends_newline(const textbuf *t)
{
    return t->s.n > 0 && t->s.p[t->s.n - 1] == '\n';
}

int html_tb_newline(textbuf *t)
{
    t->space = 0;
    if (t->s.n == 0 || html_tb_ends_newline(t))
        return 0;
    return html_sb_add(&t->s, "\n", 1);
}

int html_tb_append(textbuf *t, const char *text, size_t n, int pre)
{
    const unsigned char *s = (const unsigned char *)text;
    if (html_sb_grow(&t->s, n + 8) != 0)
        return -1;
    size_t i = 0, k;
    while (i < n) {
        long cp = html_utf8_decode(s + i, n - i, &k);
        i += k;
        if (cp < 0)
            cp = 0xFFFD;
        else
            cp = html_cp1252_c1(cp);
        if (cp == '\n' && pre) {
            if (html_tb_newline(t) != 0)
                return -1;
        } else if (is_space_cp(cp)) {
            t->space = 1;
        } else if (!is_invisible_cp(cp)) {
            if (t->space && t->s.n && !html_tb_ends_newline(t) &&
                html_sb_add(&t->s, " ", 1) != 0)
                return -1;
            t->space = 0;
            if (html_sb_add_cp(&t->s, cp) != 0)
                return -1;
        }
    }
    return 0;
}

const char *html_tb_text(textbuf *t, size_t *len)
{
    while (t->s.n && t->s.p[t->s.n - 1] == '\n')
        t->s.n--;
    if (t->s.p)
        t->s.p[t->s.n] = '\0';
    *len = t->s.n;
    return t->s.p ? t->s.p : "";
}

int html_has_visible(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (ascii_space(c))
            continue;
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        return 1;
    }
    return 0;
}
