/*
 * parse_summary.c: the facts a page states about itself rather than in its
 * paragraphs: a summary page's overall rating (and whether it is a 2023
 * pilot's indicative rating), its percentage and the nine statement scores;
 * and every page's publication and update dates.
 *
 * A summary page's facts sit in two blocks at its top: the rating block
 * ("Local authority rating and score", a bullet with the council's name,
 * the rating on the next line, then the percentage in one of several
 * shapes) and the score list ("Quality statement scores", each statement's
 * name with "Score: N" on the next line). Both end where the page's prose
 * starts ("Summary of people's experiences"). Numbers are read only from
 * those blocks, never borrowed from the prose after them: a page whose
 * blocks were lost in extraction states nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "parse_internal.h"
#include "section.h"

/* The rating block is at most this many content lines. */
#define SUMMARY_BLOCK_LINES 6
/* A date line under a headline is the page's date only this near the top. */
#define DATES_TOP_LINES 12

/* The first line of the page's prose ("Summary of people's experiences"),
 * or n_lines. */
static size_t summary_facts_end(const parse_ctx *c)
{
    for (size_t k = 0; k < c->n_lines; k++)
        if (c->lines[k].sig == SIG_FACTS_END && !c->lines[k].bullet)
            return k;
    return c->n_lines;
}

static int summary_is_heading(const pline *l)
{
    return (l->kind == PL_TEXT || l->kind == PL_MDHEAD) && !l->bullet && l->role == HR_PAGE;
}

/* Take line k's percentage if it gives one; 1 if it did. */
static int summary_take_percent(parse_ctx *c, size_t k)
{
    pline *l = &c->lines[k];
    int pct = -1;
    if (l->kind == PL_PERCENT)
        pct = l->percent;
    else if ((l->kind == PL_TEXT || l->kind == PL_SCORE) && !l->bullet)
        pct = parse_overall_percent(l);
    if (pct < 0)
        return 0;
    l->kind = PL_PERCENT;
    l->percent = pct;
    c->doc->percent = pct;
    return 1;
}

/* The percentage: in the rating block under its heading, else within a
 * few lines of the rating line. */
static void summary_percent(parse_ctx *c, size_t end, const pline *rating)
{
    for (size_t k = 0; k < end; k++) {
        const pline *h = &c->lines[k];
        if (!summary_is_heading(h) || (h->sig != SIG_SUMMARY && h->sig != SIG_INDICATIVE &&
                                       !parse_istarts(h->text, h->len, "overall rating")))
            continue;
        size_t seen = 0;
        for (size_t i = k + 1; i < end && seen < SUMMARY_BLOCK_LINES; i++) {
            const pline *l = &c->lines[i];
            if (l->kind == PL_BLANK || l->kind == PL_NOISE)
                continue;
            if (summary_is_heading(l))
                break;
            seen++;
            if (summary_take_percent(c, i))
                return;
        }
    }
    if (!rating)
        return;
    size_t at = (size_t)(rating - c->lines), seen = 0;
    for (size_t i = at + 1; i < end && seen < 3; i++) {
        const pline *l = &c->lines[i];
        if (l->kind == PL_BLANK || l->kind == PL_NOISE)
            continue;
        if (summary_is_heading(l))
            break;
        seen++;
        if (summary_take_percent(c, i))
            return;
    }
}

/* The statement a score line belongs to: named on its line, or by the
 * content line just above it (the list's bullet); -1 if neither. */
static int summary_score_statement(const parse_ctx *c, size_t k)
{
    const pline *l = &c->lines[k];
    if (l->score_section >= 0)
        return l->score_section;
    while (k-- > 0) {
        const pline *p = &c->lines[k];
        if (p->kind == PL_BLANK || p->kind == PL_NOISE)
            continue;
        return (p->kind == PL_TEXT || p->kind == PL_MDHEAD) ? p->stmt : -1;
    }
    return -1;
}

static void summary_scores(parse_ctx *c, size_t end)
{
    unsigned at[SECTION_COUNT] = {0};
    int *scores = c->doc->statement_scores;
    for (size_t k = 0; k < end; k++) {
        const pline *l = &c->lines[k];
        if (l->kind != PL_SCORE)
            continue;
        int s = summary_score_statement(c, k);
        if (s < 0)
            continue;
        if (!scores[s]) {
            scores[s] = l->score;
            at[s] = l->no;
        } else if (scores[s] != l->score) {
            parse_warn(c, l->no, "score %d for \"%s\" disagrees with score %d on line %u; "
                       "keeping %d", l->score, section_name(s), scores[s], at[s], scores[s]);
        }
    }
}

void parse_summary_facts(parse_ctx *c)
{
    if (c->kind != KIND_SUMMARY)
        return;
    corpus_doc *d = c->doc;
    size_t end = summary_facts_end(c);
    const pline *rating = NULL;
    for (size_t k = 0; k < end; k++) {
        const pline *l = &c->lines[k];
        if (l->sig == SIG_INDICATIVE && !l->bullet)
            d->indicative = 1;
        if (l->kind == PL_RATING && !rating)
            rating = l;
    }
    if (rating) {
        parse_set(c, &d->rating, parse_rating_name(rating->rating));
        if (rating->percent >= 0)
            d->percent = rating->percent;
        for (size_t i = 0; i + 10 <= rating->len; i++)
            if (parse_istarts(rating->text + i, rating->len - i, "indicative"))
                d->indicative = 1;
    }
    if (d->percent < 0)
        summary_percent(c, end, rating);
    summary_scores(c, end);
}

/* ---- dates ----------------------------------------------------------------- */

void parse_page_dates(parse_ctx *c)
{
    corpus_doc *d = c->doc;
    const pline *pub = NULL, *upd = NULL;
    const char *upd_date = NULL;
    size_t seen = 0;
    for (size_t k = 0; k < c->n_lines; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_BLANK || l->kind == PL_NOISE)
            continue;
        seen++;
        int top = seen <= DATES_TOP_LINES;
        int rank = 0;
        if (l->kind == PL_DATE && l->date_role == DATE_PUBLISHED)
            rank = l->date_rank;
        else if (l->kind == PL_DATE && l->date_role == DATE_BARE && top)
            rank = l->date_rank;
        else if (l->kind == PL_TEXT && l->lead_date && top)
            rank = l->date_rank;
        if (rank && (!pub || rank < pub->date_rank))
            pub = l;
        if (!upd && l->kind == PL_DATE && l->date_role == DATE_UPDATED) {
            upd = l;
            upd_date = l->date;
        }
        if (!upd && l->kind == PL_DATE && l->date2[0]) {
            upd = l;
            upd_date = l->date2;
        }
    }
    if (pub) {
        parse_set(c, &d->published, pub->date);
        d->published_line = pub->no;
    }
    if (upd) {
        parse_set(c, &d->updated, upd_date);
        d->updated_line = upd->no;
    }
}
