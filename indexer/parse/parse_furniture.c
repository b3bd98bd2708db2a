/*
 * parse_furniture.c: the lines a web page carries around its content (links,
 * banners, buttons, cookie notices, image credits) that extraction leaves
 * as lines of their own.
 *
 * Two tests, both on the whole line (trimmed, cleaned of markup):
 *  - equality with a short list of lines seen on real pages (CQC's, councils',
 *    news sites'): each is never a sentence of a report, so the list can be
 *    exact without eating real one-word lines ("Safeguarding", "Leadership"
 *    and "Overall summary" are structure, not furniture, and stay out);
 *  - a few patterns for lines whose tail varies: cookie notices, image
 *    credits, "Follow ... on ..." invitations.
 * And a line without a letter or a digit (">", "|", "»") is no text at all.
 */
#include <string.h>

#include "parse_internal.h"

/* Whole lines, compared without case. */
static const char *const furniture_lines[] = {
    /* CQC report pages */
    "Downloads", "Download", "How we assess local authorities", "Categories",
    "Local authority assessment",
    /* site navigation */
    "Skip to content", "Skip to main content", "Accessibility Skip to main content",
    "You are here", "In this section", "On this page", "Back to top", "top of page",
    "bottom of page", "Toggle menu", "Menu", "Home", "Print", "Print this page",
    "Share", "Share this article", "Share this page", "Cookies", "Text size:",
    "Learn more", "Related topics", "Related content", "Related links",
    "Your browser is no longer supported", "Notification Settings",
    "Did you find this information helpful?", "Was this page helpful?",
    "Is this page useful?",
    /* news sites and blogs */
    "Hide Ad", "Advertisement", "Advertisements", "Leave a Reply", "Comments are closed.",
    "News centre", "Subscribe to updates", "Subscribe to chat",
    "Subscribe to our newsletters for latest news and events.",
    "AI Generated", "Chat with this meeting", "Under development",
    "Find out why we're taking part",
    /* a label whose value the extraction lost ("Published" then nothing) */
    "Published", "Published:", "Last Updated", "Last updated:", "Updated", "Updated:",
    /* banners of the Local Government Association's pages */
    "Partners in Care and Health thumbnail", "Decorative graphic featuring arrows",
    ("Resetting the relationship between local and national government. Read our "
     "Local Government White Paper"),
    "Visit our devolution and LGR hub for the latest information, support and resources",
};

/* Lines that start so are furniture whatever follows. */
static const char *const furniture_starts[] = {
    "Cookie Consent by", "Close This site uses cookies", "This site uses cookies",
    "This website uses cookies", "We use cookies", "Your browser appears to have cookies",
    "We'll assume we have your consent to use cookies", "Get our award-winning",
    "Image source,", "Image caption,", "Getty Images",
};

/* Does s contain needle (ASCII, any case)? */
static int furniture_contains(const char *s, size_t n, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= n; i++)
        if (parse_istarts(s + i, n - i, needle))
            return 1;
    return 0;
}

/* "Camden Town Hall (credit: London Borough of Camden)", "Photo: Getty
 * Images/Jo Bloggs": a picture's caption or credit, not text. */
static int furniture_credit(const char *s, size_t n)
{
    if (n > 160)
        return 0;
    if (s[n - 1] == ')' && furniture_contains(s, n, "(credit:"))
        return 1;
    return furniture_contains(s, n, "/Getty Images") || furniture_contains(s, n, "Getty Images/");
}

/* "Follow BBC Stoke on Facebook, X and Instagram": an invitation. */
static int furniture_follow(const char *s, size_t n)
{
    return n <= 120 && parse_istarts(s, n, "Follow ") && furniture_contains(s, n, " on ") &&
           s[n - 1] != '.';
}

static int furniture_has_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        /* a lead byte from 0xC3 up starts a letter of another script,
         * except 0xE2 (U+2000-2FFF: punctuation, arrows, shapes) */
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9') || (ch >= 0xC3 && ch != 0xE2))
            return 1;
    }
    return 0;
}

const char *parse_furniture(const char *s, size_t n)
{
    if (n == 0)
        return NULL;
    if (!furniture_has_word(s, n))
        return "no words";
    if (n > PARSE_SHORT_LINE)
        return NULL;
    for (size_t k = 0; k < sizeof furniture_lines / sizeof furniture_lines[0]; k++)
        if (parse_ieq(s, n, furniture_lines[k]))
            return "furniture";
    for (size_t k = 0; k < sizeof furniture_starts / sizeof furniture_starts[0]; k++)
        if (parse_istarts(s, n, furniture_starts[k]))
            return "furniture";
    if (furniture_credit(s, n) || furniture_follow(s, n))
        return "furniture";
    if (n <= 120 && furniture_contains(s, n, "cookies") &&
        (furniture_contains(s, n, "consent") || furniture_contains(s, n, "accept")))
        return "furniture";
    return NULL;
}
