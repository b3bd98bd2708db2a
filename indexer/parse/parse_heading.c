/*
 * parse_heading.c: which lines are headings.
 *
 * Three sources, most certain first:
 *
 *  1. Known headings, matched whole in norm_key() form: CQC pages' fixed
 *     headings ("What people expect", "Key findings for this quality
 *     statement"), the sub-headings CQC uses under each quality statement,
 *     summary pages' headings, self-assessments' list headings ("What is
 *     working well:") and "Contents"; and the nine statement names.
 *     Multi-word known headings are recognised even inside a block of lines
 *     (web copies often drop the blank line after them); one-word ones
 *     ("Safeguarding", "Contents") only where a block starts, since a
 *     hard-wrapped sentence can leave any single word on a line.
 *
 *  2. Lines ending in ':' (the colon rule). A short label ("Summary:",
 *     "Key points:", three words or fewer, no verb) is a heading whenever
 *     text follows. A longer lead-in (up to 8 words and 60 bytes, e.g. "In
 *     2022 there were:") is a heading only when a list or short lines
 *     follow it; longer ones, or ones followed by a paragraph ("The
 *     partner said:"), are text.
 *
 *  3. The general rule, deliberately conservative because short sentences
 *     without a full stop are common in PDF conversions: a line on its own
 *     (blank line after it) is a heading when it has 1-10 words and at
 *     most 80 bytes; starts with a capital letter; is not all capitals
 *     (cover pages shout their content, and it stays searchable); does not
 *     end with . ! ? ; , or ':' and holds no ". " or ": " (two sentences,
 *     a "Label: value" line); has no link or code; has no finite verb
 *     ("is", "were", "told", ...) and does not start with a subject
 *     pronoun ("We", "They", "There"): those make it a sentence; and the
 *     next thing after the blank line is a paragraph: a list, a block of
 *     two or more lines, or a longer line ending a sentence.
 *
 *  4. Web copies without blank lines: the same look, inside a block, when
 *     the line before ends a sentence and a list or a new sentence follows
 *     (parse_inline_heading).
 */
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "parse_internal.h"
#include "section.h"

typedef struct known_heading {
    const char *key;   /* norm_key() form */
    heading_role role;
    int sa;
    int sig;           /* SIG_*: only one kind of page has it */
    int boil;          /* BOIL_*: the fixed statement it introduces */
} known_heading;

/* CQC's sub-headings are listed only where they are certain (they recur
 * in every published local authority report); the general rule catches
 * the rest. */
static const known_heading parse_known[] = {
    /* fixed blocks of every assessment page */
    {"what people expect", HR_BOILER, 0, 0, BOIL_EXPECT},
    {"the local authority commitment", HR_BOILER, 0, 0, BOIL_COMMIT},
    {"local authority commitment", HR_BOILER, 0, 0, BOIL_COMMIT},
    {"we statement", HR_BOILER, 0, 0, BOIL_COMMIT},
    {"i statement", HR_BOILER, 0, 0, BOIL_EXPECT},
    {"key findings for this quality statement", HR_KEYFIND, 0, SIG_KEYFIND, 0},
    {"key findings", HR_KEYFIND, 0, 0, 0},
    /* Assessing needs */
    {"assessment care planning and review arrangements", HR_SUB, 0, 0, 0},
    {"timeliness of assessments care planning and reviews", HR_SUB, 0, 0, 0},
    {"assessment and care planning for unpaid carers child s carers and child carers", HR_SUB, 0, 0, 0},
    {"help for people to meet their non eligible care and support needs", HR_SUB, 0, 0, 0},
    {"eligibility decisions for care and support", HR_SUB, 0, 0, 0},
    {"financial assessment and charging policy for care and support", HR_SUB, 0, 0, 0},
    {"provision of independent advocacy", HR_SUB, 0, 0, 0},
    /* Supporting people to lead healthier lives */
    {"arrangements to prevent delay or reduce needs for care and support", HR_SUB, 0, 0, 0},
    {"provision and impact of intermediate care and reablement services", HR_SUB, 0, 0, 0},
    {"access to equipment and home adaptations", HR_SUB, 0, 0, 0},
    {"provision of accessible information and advice", HR_SUB, 0, 0, 0},
    {"direct payments", HR_SUB, 0, 0, 0},
    /* Equity in experience and outcomes */
    {"understanding and reducing barriers to care and support and reducing inequalities", HR_SUB, 0, 0, 0},
    {"inclusion and accessibility arrangements", HR_SUB, 0, 0, 0},
    /* Care provision, integration and continuity */
    {"understanding local needs for care and support", HR_SUB, 0, 0, 0},
    {"market shaping and commissioning to meet local needs", HR_SUB, 0, 0, 0},
    /* Partnerships and communities */
    {"partnership working to deliver shared local and national objectives", HR_SUB, 0, 0, 0},
    {"arrangements to support effective partnership working", HR_SUB, 0, 0, 0},
    {"impact of partnership working", HR_SUB, 0, 0, 0},
    {"working with voluntary and charity sector groups", HR_SUB, 0, 0, 0},
    /* Safe pathways, systems and transitions */
    {"safety management", HR_SUB, 0, 0, 0},
    {"safety during transitions", HR_SUB, 0, 0, 0},
    {"contingency planning", HR_SUB, 0, 0, 0},
    /* Safeguarding */
    {"safeguarding systems processes and practices", HR_SUB, 0, 0, 0},
    {"responding to concerns and undertaking section 42 enquiries", HR_SUB, 0, 0, 0},
    {"making safeguarding personal", HR_SUB, 0, 0, 0},
    /* Governance, management and sustainability */
    {"governance accountability and risk management", HR_SUB, 0, 0, 0},
    {"strategic planning", HR_SUB, 0, 0, 0},
    {"information security", HR_SUB, 0, 0, 0},
    /* Learning, improvement and innovation */
    {"continuous learning improvement and professional development", HR_SUB, 0, 0, 0},
    {"learning from feedback", HR_SUB, 0, 0, 0},
    /* summary pages */
    {"overall summary", HR_PAGE, 0, 0, 0},
    {"local authority rating and score", HR_PAGE, 0, SIG_SUMMARY, 0},
    {"local authority indicative rating", HR_PAGE, 0, SIG_INDICATIVE, 0},
    {"overall rating", HR_PAGE, 0, 0, 0},
    {"quality statement scores", HR_PAGE, 0, SIG_SUMMARY, 0},
    {"summary of people s experiences", HR_PAGE, 0, SIG_FACTS_END, 0},
    {"summary of peoples experiences", HR_PAGE, 0, SIG_FACTS_END, 0},
    {"summary of strengths areas for development and next steps", HR_PAGE, 0,
     SIG_FACTS_END, 0},
    /* self-assessment pages */
    {"what is working well", HR_SA, SA_WORKING_WELL, 0, 0},
    {"what s working well", HR_SA, SA_WORKING_WELL, 0, 0},
    {"what works well", HR_SA, SA_WORKING_WELL, 0, 0},
    {"what is going well", HR_SA, SA_WORKING_WELL, 0, 0},
    {"areas for improvement", HR_SA, SA_IMPROVE, 0, 0},
    {"areas of improvement", HR_SA, SA_IMPROVE, 0, 0},
    {"areas for development", HR_SA, SA_IMPROVE, 0, 0},
    {"priorities actions", HR_SA, SA_PRIORITIES, 0, 0},
    {"priorities and actions", HR_SA, SA_PRIORITIES, 0, 0},
    {"priority actions", HR_SA, SA_PRIORITIES, 0, 0},
    {"key priorities", HR_SA, SA_PRIORITIES, 0, 0},
    {"priorities", HR_SA, SA_PRIORITIES, 0, 0},
    {"actions", HR_SA, SA_PRIORITIES, 0, 0},
    /* councils' own words for the same three lists */
    {"our strengths", HR_SA, SA_WORKING_WELL, 0, 0},
    {"our key strengths", HR_SA, SA_WORKING_WELL, 0, 0},
    {"key strengths", HR_SA, SA_WORKING_WELL, 0, 0},
    {"what we are proud of", HR_SA, SA_WORKING_WELL, 0, 0},
    {"our key challenges", HR_SA, SA_IMPROVE, 0, 0},
    {"our challenges", HR_SA, SA_IMPROVE, 0, 0},
    {"key challenges", HR_SA, SA_IMPROVE, 0, 0},
    {"priorities for improvement", HR_SA, SA_PRIORITIES, 0, 0},
    {"our priorities", HR_SA, SA_PRIORITIES, 0, 0},
    {"our priorities for improvement", HR_SA, SA_PRIORITIES, 0, 0},
    /* a contents list */
    {"contents", HR_CONTENTS, 0, 0, 0},
    {"table of contents", HR_CONTENTS, 0, 0, 0},
};

const char *parse_sa_canonical(int sa)
{
    switch (sa) {
    case SA_WORKING_WELL: return "What is working well";
    case SA_IMPROVE: return "Areas for improvement";
    case SA_PRIORITIES: return "Priorities and actions";
    default: return "";
    }
}

void parse_known_heading(parse_ctx *c, pline *l)
{
    if (!l->text || l->len > PARSE_SHORT_LINE)
        return;
    char *key = NULL;
    norm_status st = norm_key(l->text, l->len, &key);
    if (st == NORM_ERR_NOMEM) {
        c->nomem = 1;
        return;
    }
    if (st != NORM_OK)
        return;
    for (size_t k = 0; k < sizeof parse_known / sizeof parse_known[0]; k++) {
        if (strcmp(key, parse_known[k].key) == 0) {
            l->role = parse_known[k].role;
            l->sa = parse_known[k].sa;
            l->sig = parse_known[k].sig;
            l->boil = parse_known[k].boil;
            l->multiword_key = strchr(key, ' ') != NULL;
            break;
        }
    }
    free(key);
    parse_line_names(c, l);
    if (l->role == HR_NONE && l->stmt >= 0)
        l->role = HR_STATEMENT;
    else if (l->role == HR_NONE && l->theme_named >= 0)
        l->role = HR_SUB;   /* a theme's name: a heading over its statements */
}

/* "Quality statement one: Assessing needs", "Quality statement 1 -
 * Assessing needs": the bytes before the name, or 0. */
static size_t parse_statement_prefix(const char *s, size_t n)
{
    static const char *const numbers[] = {"one", "two", "three", "four", "five",
                                          "six", "seven", "eight", "nine"};
    if (!parse_istarts(s, n, "quality statement "))
        return 0;
    size_t i = 18;
    size_t e = i;
    while (e < n && s[e] != ' ' && s[e] != ':')
        e++;
    int numbered = e - i == 1 && s[i] >= '1' && s[i] <= '9';
    for (size_t k = 0; k < 9 && !numbered; k++)
        numbered = parse_ieq(s + i, e - i, numbers[k]);
    if (!numbered)
        return 0;
    while (e < n && (s[e] == ' ' || s[e] == ':' || s[e] == '-'))
        e++;
    return e < n ? e : 0;
}

/* "Introduction: Leadership": a short label before the name. */
static size_t parse_label_prefix(const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (!colon || colon == s || (size_t)(colon - s) > 30 || parse_count_words(s, (size_t)(colon - s)) > 3)
        return 0;
    size_t p = (size_t)(colon - s) + 1;
    while (p < n && s[p] == ' ')
        p++;
    return p < n ? p : 0;
}

void parse_line_names(parse_ctx *c, pline *l)
{
    if (!l->text || l->len == 0 || l->len > PARSE_SHORT_LINE)
        return;
    size_t p = parse_statement_prefix(l->text, l->len);
    if (!p)
        p = parse_label_prefix(l->text, l->len);
    l->stmt = section_match(l->text + p, l->len - p);
    if (l->stmt < 0 && p)
        l->stmt = section_match(l->text, l->len);
    if (l->stmt < 0 && l->words <= 12)
        l->theme_named = theme_match(l->text + p, l->len - p);
    if (l->stmt < 0 && l->theme_named < 0 && p && l->words <= 12)
        l->theme_named = theme_match(l->text, l->len);
    if (l->stmt < 0 && l->theme_named < 0 && c->auth && l->len <= 80 && l->words <= 10)
        l->council = authority_lookup(c->auth, l->text, l->len);
    if (l->council == AUTHORITY_NOMEM) {
        c->nomem = 1;
        l->council = -1;
    }
}

size_t parse_next_content(const parse_ctx *c, size_t i)
{
    while (i < c->n_lines &&
           (c->lines[i].kind == PL_BLANK || c->lines[i].kind == PL_NOISE))
        i++;
    return i;
}

static int parse_inline_heading(const parse_ctx *c, size_t k, size_t start);

size_t parse_block_end(const parse_ctx *c, size_t i)
{
    size_t j = i + 1;
    while (j < c->n_lines && c->lines[j].kind == PL_TEXT) {
        const pline *l = &c->lines[j];
        if (!l->bullet && l->multiword_key &&
            (l->role == HR_BOILER || l->role == HR_KEYFIND || l->role == HR_SUB ||
             l->role == HR_PAGE || l->role == HR_SA))
            break;
        if (parse_inline_heading(c, j, i))
            break;
        j++;
    }
    return j;
}

/* Words that make a line a sentence rather than a heading. */
static int parse_has_verb(const char *s, size_t n)
{
    static const char *const verbs[] = {
        "is", "are", "was", "were", "has", "have", "had", "will", "would",
        "did", "does", "can", "could", "should", "must", "told", "said",
    };
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t st = i;
        while (i < n && s[i] != ' ')
            i++;
        for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
            if (parse_ieq(s + st, i - st, verbs[k]))
                return 1;
    }
    return 0;
}

static int parse_starts_with_pronoun(const char *s, size_t n)
{
    static const char *const pronouns[] = {
        "we", "i", "they", "he", "she", "it", "you", "there",
    };
    size_t e = 0;
    while (e < n && s[e] != ' ')
        e++;
    for (size_t k = 0; k < sizeof pronouns / sizeof pronouns[0]; k++)
        if (parse_ieq(s, e, pronouns[k]))
            return 1;
    return 0;
}

static int parse_all_caps(const char *s, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return 0;
        if (s[i] >= 'A' && s[i] <= 'Z')
            letters++;
    }
    return letters >= 2;
}

static int parse_contains(const char *s, size_t n, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= n; i++)
        if (memcmp(s + i, needle, nl) == 0)
            return 1;
    return 0;
}

/* Is the next content after a heading candidate at line i a paragraph? */
static int parse_paragraph_follows(const parse_ctx *c, size_t i)
{
    size_t k = parse_next_content(c, i + 1);
    if (k >= c->n_lines || k == i + 1)   /* nothing, or no blank line */
        return 0;
    const pline *n = &c->lines[k];
    if (n->kind != PL_TEXT || n->role != HR_NONE)
        return 0;
    if (n->bullet)
        return 1;
    if (parse_block_end(c, k) - k >= 2)
        return 1;
    return n->len > c->lines[i].len && (parse_ends_sentence(n) || n->len >= 120);
}

/* Could line l be a heading by its own look: short, capitalised, not a
 * sentence (no end mark, no verb, no pronoun first), not shouting? */
static int parse_titlelike(const pline *l)
{
    if (l->kind != PL_TEXT || l->bullet || l->had_link || !l->text || l->len == 0 ||
        l->len > 60 || l->words < 1 || l->words > 8 || l->role != HR_NONE ||
        !parse_is_upper_start(l->text, l->len) || parse_all_caps(l->text, l->len))
        return 0;
    if (strchr(".!?;,:", l->text[l->len - 1]) || parse_contains(l->text, l->len, ". ") ||
        parse_contains(l->text, l->len, ": "))
        return 0;
    return !parse_has_verb(l->text, l->len) && !parse_starts_with_pronoun(l->text, l->len);
}

/* A heading inside a block of lines: web copies put no blank line after
 * their headings ("About Wiltshire Council" / "Demographics" / "Wiltshire
 * is a large rural county ..."). Line k (the block starts at start) is one
 * when it looks like a heading, comes after a sentence's end (or another
 * such line, or the block's start), and what follows it, past any more
 * such lines, is a list or a new sentence that is long or ends. A
 * hard-wrapped line of a PDF paragraph does not end a sentence before a
 * short capitalised line with no end mark of its own that a long sentence
 * follows, so those are left alone. */
static int parse_inline_heading(const parse_ctx *c, size_t k, size_t start)
{
    if (!parse_titlelike(&c->lines[k]))
        return 0;
    if (k > start && !parse_ends_sentence(&c->lines[k - 1]) &&
        !parse_titlelike(&c->lines[k - 1]))
        return 0;
    size_t n = k + 1;
    while (n < c->n_lines && n - k <= 3 && parse_titlelike(&c->lines[n]))
        n++;
    if (n >= c->n_lines)
        return 0;
    const pline *next = &c->lines[n];
    if (next->kind != PL_TEXT || !next->text || next->role != HR_NONE)
        return 0;
    if (next->bullet)
        return 1;   /* a list's heading */
    char ch = next->text[0];
    int starts = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '"';
    return starts && (next->len >= 100 || parse_ends_sentence(next));
}

static heading_role parse_colon_rule(const parse_ctx *c, size_t i, size_t j)
{
    const pline *l = &c->lines[i];
    size_t n = l->len - 1;   /* without the ':' */
    if (n == 0 || n > 60 || l->words > 8 || l->had_link ||
        !(parse_is_upper_start(l->text, n) || (l->text[0] >= '0' && l->text[0] <= '9')))
        return HR_NONE;
    size_t k = j - i > 1 ? i + 1 : parse_next_content(c, j);
    if (k >= c->n_lines || c->lines[k].kind != PL_TEXT)
        return HR_NONE;
    if (l->words <= 3 && !parse_has_verb(l->text, n))
        return HR_GENERIC;   /* a label: "Summary:" */
    const pline *next = &c->lines[k];
    return next->bullet || next->len <= 80 ? HR_GENERIC : HR_NONE;
}

static int parse_plain_rule(const parse_ctx *c, size_t i)
{
    const pline *l = &c->lines[i];
    if (l->len > 80 || l->words < 1 || l->words > 10 || l->had_link ||
        !parse_is_upper_start(l->text, l->len) || parse_all_caps(l->text, l->len))
        return 0;
    if (strchr(".!?;,:", l->text[l->len - 1]))
        return 0;
    if (parse_contains(l->text, l->len, ". ") || parse_contains(l->text, l->len, ": "))
        return 0;
    if (parse_has_verb(l->text, l->len) || parse_starts_with_pronoun(l->text, l->len))
        return 0;
    return parse_paragraph_follows(c, i);
}

heading_role parse_heading_at(parse_ctx *c, size_t i, size_t j)
{
    const pline *l = &c->lines[i];
    if (l->kind != PL_TEXT || l->bullet || !l->text || l->len == 0 ||
        l->len > PARSE_SHORT_LINE)
        return HR_NONE;
    if (l->role != HR_NONE)
        return l->role;
    if (l->colon)
        return parse_colon_rule(c, i, j);
    if (j - i == 1 && parse_plain_rule(c, i))
        return HR_GENERIC;
    if (parse_inline_heading(c, i, i) && parse_next_content(c, i + 1) == i + 1)
        return HR_GENERIC;
    return HR_NONE;
}

/* "Assessing needs ....... 4", "Safeguarding 12": a contents entry with
 * its page number. */
static int parse_has_page_number(const pline *l)
{
    size_t n = l->len, d = 0;
    while (d < n && d < 4 && l->text[n - 1 - d] >= '0' && l->text[n - 1 - d] <= '9')
        d++;
    if (d == 0 || d > 3 || d == n)
        return 0;
    char before = l->text[n - 1 - d];
    return before == ' ' || before == '.' || before == '\t';
}

/* Does line k look like a contents entry? */
static int parse_is_entry(const parse_ctx *c, size_t k)
{
    const pline *l = &c->lines[k];
    if (l->kind == PL_THEME)
        return 1;
    if (l->kind != PL_TEXT && l->kind != PL_MDHEAD)
        return 0;
    if (l->kind == PL_TEXT && (l->bullet || parse_has_page_number(l)))
        return 1;
    return l->stmt >= 0 ||
           (l->text && l->len <= PARSE_SHORT_LINE && theme_match(l->text, l->len) >= 0);
}

size_t parse_contents_end(const parse_ctx *c, size_t i)
{
    size_t k = i + 1;
    while (k < c->n_lines) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_BLANK || l->kind == PL_NOISE) {
            k++;
            continue;
        }
        if (!parse_is_entry(c, k))
            break;
        /* A bare statement or Theme line is an entry only when entries go
         * on after it; otherwise it starts the document's first page. */
        int plain = !(l->kind == PL_TEXT && (l->bullet || parse_has_page_number(l)));
        if (plain) {
            size_t nx = parse_next_content(c, k + 1);
            if (nx >= c->n_lines || !parse_is_entry(c, nx))
                break;
        }
        k++;
    }
    return k;
}
