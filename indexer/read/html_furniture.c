/*
 * html_furniture.c: which elements are page furniture beyond their tag
 * (the E_DROP tags are in html_elements.c's table): furniture roles, class
 * and id values naming furniture, hidden elements; and the stock lines
 * that are furniture whatever holds them.
 */
#include "html_internal.h"

#include <stdio.h>
#include <string.h>

/* Words in class and id values that name page furniture. */
static const char *const furniture_words[] = {
    "cookie", "banner", "breadcrumb", "skip-link", "skiplink", "skip-to",
    "skip-nav", "share", "social-media", "social-links", "social-share",
    "social-icons", "related-content", "related-links", "feedback",
    "back-to-top", "site-header", "site-footer", "visually-hidden",
    "sr-only", "screen-reader-text", "print-only", "only-print",
    "visible-print", "print-link", "print-page", "menu", "in-this-section",
    "sidebar", "pagination", "navbar",
};

static int word_sep(int c)
{
    return !ascii_alpha(c) && !ascii_digit(c);
}

/* 1 when word occurs in v as whole words: after the start or a separator,
 * before the end, a separator or a plural 's'. '_' is read as '-' and case
 * is ignored, so "govuk-breadcrumbs" and "Skip_Link" match and
 * "shared-lives" does not. */
static int has_word(const char *v, const char *word)
{
    size_t k = strlen(word);
    for (size_t i = 0; v[i]; i++) {
        if (i > 0 && !word_sep((unsigned char)v[i - 1]))
            continue;
        size_t j = 0;
        for (; j < k && v[i + j]; j++) {
            int c = ascii_lower((unsigned char)v[i + j]);
            if ((c == '_' ? '-' : c) != word[j])
                break;
        }
        if (j < k)
            continue;
        int after = (unsigned char)v[i + k];
        if (after == 's')
            after = (unsigned char)v[i + k + 1];
        if (after == '\0' || word_sep(after))
            return 1;
    }
    return 0;
}

/* Which furniture word v holds; NULL for none. A lone "social" class is
 * furniture; "social" inside "adult-social-care" is not. */
static const char *furniture_word(const char *v)
{
    for (size_t i = 0; i < sizeof furniture_words / sizeof furniture_words[0];
         i++)
        if (has_word(v, furniture_words[i]))
            return furniture_words[i];
    for (const char *p = v; (p = strstr(p, "social")) != NULL; p++)
        if ((p == v || ascii_space((unsigned char)p[-1])) &&
            (p[6] == '\0' || ascii_space((unsigned char)p[6])))
            return "social";
    return NULL;
}

/* A short printable copy of an attribute value, for notes. */
static void note_value(const char *v, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    for (; v[i] && o + 4 < cap && i < 40; i++) {
        unsigned char c = (unsigned char)v[i];
        out[o++] = c >= 0x20 && c < 0x7F && c != '"' ? (char)c : '?';
    }
    if (v[i])
        out[o++] = '.', out[o++] = '.', out[o++] = '.';
    out[o] = '\0';
}

static int style_hides(const char *style)
{
    char squeezed[256];
    size_t o = 0;
    for (const char *p = style; *p && o + 1 < sizeof squeezed; p++)
        if (!ascii_space((unsigned char)*p))
            squeezed[o++] = (char)ascii_lower((unsigned char)*p);
    squeezed[o] = '\0';
    return strstr(squeezed, "display:none") != NULL ||
           strstr(squeezed, "visibility:hidden") != NULL;
}

int html_hidden_why(const xmlNode *n, char *why, size_t cap)
{
    const char *v = html_attr(n, "hidden");
    if (v && !html_ci_equal(v, "until-found")) /* until-found is searchable */
        return snprintf(why, cap, "hidden"), 1;
    v = html_attr(n, "aria-hidden");
    if (v && html_ci_equal(v, "true"))
        return snprintf(why, cap, "aria-hidden"), 1;
    v = html_attr(n, "style");
    if (v && style_hides(v))
        return snprintf(why, cap, "display:none"), 1;
    return 0;
}

static int role_why(const xmlNode *n, char *why, size_t cap)
{
    static const char *const roles[] = {
        "navigation", "banner", "contentinfo", "search", "complementary",
        "dialog", "alertdialog", "alert",
    };
    const char *v = html_attr(n, "role");
    for (size_t i = 0; v && i < sizeof roles / sizeof roles[0]; i++)
        if (html_has_token(v, roles[i]))
            return snprintf(why, cap, "role %s", roles[i]), 1;
    return 0;
}

int html_class_why(const xmlNode *n, elem_class cls, char *why, size_t cap)
{
    const char *names[] = {"class", "id"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = html_attr(n, names[i]);
        if (!v || (i == 1 && cls == E_HEADING) || !furniture_word(v))
            continue;
        char shown[64];
        note_value(v, shown, sizeof shown);
        snprintf(why, cap, "%s \"%s\"", names[i], shown);
        return 1;
    }
    return 0;
}

int html_furniture_why(const xmlNode *n, const elem_info *e, char *why,
                       size_t cap)
{
    int drop = 0;
    if (e->cls == E_DROP) {
        drop = 1;
        if (strcmp(e->name, "nav") == 0)
            snprintf(why, cap, "navigation");
    }
    return drop || html_hidden_why(n, why, cap) || role_why(n, why, cap) ||
           html_class_why(n, e->cls, why, cap);
}

int html_stock_line(const char *t, size_t len)
{
    static const char *const lines[] = {
        "skip to content", "skip to main content", "skip to navigation",
        "skip to main navigation", "back to top", "return to top",
        "top of page", "print this page", "print", "share this page",
        "share", "was this page useful?", "is this page useful?",
        "was this page helpful?", "was this helpful?",
    };
    while (len && (t[len - 1] == '.' || t[len - 1] == ' '))
        len--;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (strlen(lines[i]) == len &&
            html_ci_starts((const unsigned char *)t, len, lines[i]))
            return 1;
    return len <= 80 &&
           html_ci_starts((const unsigned char *)t, len, "cookies on ") &&
           !memchr(t, '\n', len);
}
