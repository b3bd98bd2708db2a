/*
 * parse_kind.c: what kind of page a document is, from its lines alone (the
 * manifest wins when it says). Decided before the walk, which depends on it.
 *
 * Most certain first:
 *  - self-assessment: the council calls its pages one, on a cover or title
 *    ("Self-Assessment - March 2024", "Our self-assessment of adult social
 *    care in Devon") or in a sentence that says what the page is ("The
 *    following information represents our most recent self-assessment
 *    against the CQC's assessment framework"); or Theme pages carrying the
 *    lists self-assessments keep ("What is working well", "Our strengths").
 *    Pages that talk about self-assessments (guides, tips, minutes) do not
 *    call themselves one.
 *  - summary: headings only CQC's summary pages have ("Local authority
 *    rating and score", "Local authority indicative rating", "Quality
 *    statement scores"), or an overall rating with scores for several
 *    statements.
 *  - assessment: one quality statement's report: a score line near the top
 *    ("Score: 3", "Indicative score:" and its label), the report's title
 *    ("<Council>: local authority assessment") with a statement's name
 *    under it, or the report's own "Key findings for this quality
 *    statement". A statement's name alone (CQC's framework page, a manual
 *    using CQC's headings) is not one; nor is a title alone (the landing
 *    page about the council).
 *  - other: everything else (press releases, news, guidance, landing pages).
 */
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "parse_internal.h"
#include "section.h"

/* Content lines (not blank or noise) looked at for the top of a page. */
#define KIND_TOP_LINES 25
#define KIND_INTRO_LINES 40

static void kind_set(parse_ctx *c, doc_kind kind, char *why)
{
    c->kind = kind;
    if (why) {
        free(c->doc->why_kind);
        c->doc->why_kind = why;
    }
}

/* l's norm_key() form (NULL if none; c->nomem set when out of memory). */
static char *kind_key(parse_ctx *c, const pline *l)
{
    char *key = NULL;
    norm_status st = norm_key(l->text, l->len, &key);
    if (st == NORM_ERR_NOMEM)
        c->nomem = 1;
    return st == NORM_OK ? key : NULL;
}

/* Words that make a line about self-assessments rather than one. */
static int kind_about_self_assessment(const char *key)
{
    static const char *const words[] = {"guide", "guidance", "tips", "toolkit",
                                        "template", "how to", "checklist"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (parse_key_has(key, words[k]))
            return 1;
    return 0;
}

/* "... in <Council>" at the end of a title: the council, or -1. */
static int kind_council_after_in(const parse_ctx *c, const pline *l)
{
    if (!c->auth)
        return -1;
    for (size_t k = l->len; k-- > 3;) {
        if (memcmp(l->text + k - 3, " in ", 4) == 0)
            return authority_lookup(c->auth, l->text + k + 1, l->len - k - 1);
    }
    return -1;
}

/* A cover or title line calling the document a self-assessment. */
static int kind_sa_title(parse_ctx *c, const pline *l)
{
    if (l->bullet || !l->text || l->len > PARSE_SHORT_LINE || l->words > 12 ||
        l->text[l->len - 1] == '.')
        return 0;
    char *key = kind_key(c, l);
    if (!key)
        return 0;
    int yes = parse_key_has(key, "self assessment") && !kind_about_self_assessment(key) &&
              (strncmp(key, "self assessment", 15) == 0 ||
               parse_key_has(key, "our self assessment") ||
               parse_key_has(key, "adult social care"));
    free(key);
    return yes;
}

/* "The following information represents our most recent self-assessment
 * against the Care Quality Commission's (CQC) assessment framework": a
 * sentence saying what the page is, in the council's voice. */
static int kind_sa_sentence(parse_ctx *c, const pline *l)
{
    if (!l->text || l->bullet)
        return 0;
    char *key = kind_key(c, l);
    if (!key)
        return 0;
    int yes = 0;
    const char *p = strstr(key, "self assessment");
    if (p && (parse_key_has(key, "cqc") || parse_key_has(key, "care quality commission") ||
              parse_key_has(key, "assessment framework"))) {
        /* "our" among the four words before it, and "this", "following",
         * "below" or "here" before that */
        size_t at = (size_t)(p - key);
        size_t from = at, words = 0;
        while (from > 0 && words < 5) {
            from--;
            if (from == 0 || key[from - 1] == ' ')
                words++;
        }
        char *before = malloc(at + 1);
        if (!before) {
            c->nomem = 1;
        } else {
            memcpy(before, key, at);
            before[at] = '\0';
            yes = parse_key_has(before + from, "our") &&
                  (parse_key_has(before, "this") || parse_key_has(before, "following") ||
                   parse_key_has(before, "below") || parse_key_has(before, "here"));
            free(before);
        }
    }
    free(key);
    return yes;
}

static int kind_self_assessment(parse_ctx *c)
{
    size_t seen = 0;
    for (size_t k = 0; k < c->n_lines && seen < KIND_INTRO_LINES && !c->nomem; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_BLANK || l->kind == PL_NOISE)
            continue;
        seen++;
        if (seen <= KIND_TOP_LINES && kind_sa_title(c, l)) {
            c->sa_title = l;
            c->sa_council = kind_council_after_in(c, l);
            if (c->sa_council == AUTHORITY_NOMEM) {
                c->nomem = 1;
                c->sa_council = -1;
            }
            kind_set(c, KIND_SELF_ASSESSMENT,
                     parse_strf(c, "line %u calls it a self-assessment: \"%s\"", l->no,
                                l->text));
            return 1;
        }
        if (kind_sa_sentence(c, l)) {
            kind_set(c, KIND_SELF_ASSESSMENT,
                     parse_strf(c, "line %u says it is the council's self-assessment",
                                l->no));
            return 1;
        }
    }
    /* Theme pages with the lists of a self-assessment */
    size_t themes = 0, lists = 0;
    const pline *first = NULL;
    for (size_t k = 0; k < c->n_lines; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_THEME) {
            themes++;
            if (!first)
                first = l;
            size_t nx = k + 1;
            for (int step = 0; step < 3 && nx < c->n_lines; step++, nx++) {
                nx = parse_next_content(c, nx);
                if (nx < c->n_lines && c->lines[nx].role == HR_SA) {
                    kind_set(c, KIND_SELF_ASSESSMENT,
                             parse_strf(c, "Theme pages with self-assessment lists "
                                        "(line %u: \"%s\")", l->no, l->text));
                    return 1;
                }
            }
        } else if (l->role == HR_SA && !l->bullet) {
            lists++;
        }
    }
    if (themes >= 2 && lists >= 2) {
        kind_set(c, KIND_SELF_ASSESSMENT,
                 parse_strf(c, "%zu Theme pages (line %u: \"%s\") and %zu self-assessment "
                            "list headings", themes, first->no, first->text, lists));
        return 1;
    }
    return 0;
}

static int kind_summary(parse_ctx *c)
{
    for (size_t k = 0; k < c->n_lines; k++) {
        const pline *l = &c->lines[k];
        if ((l->kind == PL_TEXT || l->kind == PL_MDHEAD) && !l->bullet &&
            (l->sig == SIG_SUMMARY || l->sig == SIG_INDICATIVE)) {
            kind_set(c, KIND_SUMMARY, parse_strf(c, "line %u: \"%s\": a summary page",
                                                 l->no, l->text));
            return 1;
        }
    }
    /* an overall rating and scores for several statements */
    const pline *rating = NULL;
    int scored[SECTION_COUNT] = {0}, n_scored = 0, cur = -1;
    for (size_t k = 0; k < c->n_lines; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_RATING && !rating)
            rating = l;
        if ((l->kind == PL_TEXT || l->kind == PL_MDHEAD) && l->stmt >= 0)
            cur = l->stmt;
        if (l->kind == PL_SCORE && !l->list_score) {
            int s = l->score_section >= 0 ? l->score_section : cur;
            if (s >= 0 && !scored[s]) {
                scored[s] = 1;
                n_scored++;
            }
        }
    }
    if (rating && n_scored >= 2) {
        kind_set(c, KIND_SUMMARY,
                 parse_strf(c, "overall rating \"%s\" (line %u) and scores for %d quality "
                            "statements", parse_rating_name(rating->rating), rating->no,
                            n_scored));
        return 1;
    }
    return 0;
}

static int kind_assessment(parse_ctx *c)
{
    size_t seen = 0;
    const pline *title = NULL;
    for (size_t k = 0; k < c->n_lines; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_BLANK)
            continue;
        if (l->kind != PL_NOISE)
            seen++;
        int score = (l->kind == PL_SCORE && !l->list_score) ||
                    (l->kind == PL_NOISE && l->indicative);
        if (score && seen <= KIND_TOP_LINES) {
            kind_set(c, KIND_ASSESSMENT,
                     parse_strf(c, "score line %u near the top (\"%s\"): a quality "
                                "statement page", l->no, l->text));
            return 1;
        }
        if (l->kind == PL_TITLE && !title)
            title = l;
        /* the report's title, then a statement's name: a statement page
         * whose score line was lost */
        if (title && seen <= KIND_TOP_LINES && l->role == HR_STATEMENT && !l->bullet &&
            (l->kind == PL_TEXT || l->kind == PL_MDHEAD)) {
            kind_set(c, KIND_ASSESSMENT,
                     parse_strf(c, "title line %u and statement line %u (\"%s\"): a quality "
                                "statement page", title->no, l->no, l->text));
            return 1;
        }
        if (l->sig == SIG_KEYFIND && !l->bullet) {
            kind_set(c, KIND_ASSESSMENT,
                     parse_strf(c, "line %u: \"%s\": a quality statement page", l->no,
                                l->text));
            return 1;
        }
    }
    return 0;
}

void parse_decide_kind(parse_ctx *c, const manifest_entry *me)
{
    if (me && me->kind != KIND_UNKNOWN) {
        kind_set(c, me->kind, parse_strf(c, "manifest.tsv line %u", me->line));
        return;
    }
    if (kind_self_assessment(c) || c->nomem || kind_summary(c) || kind_assessment(c))
        return;
    kind_set(c, KIND_OTHER,
             parse_strf(c, "no score line, no summary block, no self-assessment: not a "
                           "report (other)"));
}
