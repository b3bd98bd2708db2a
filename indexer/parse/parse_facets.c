/*
 * parse_facets.c: the facets that belong to a whole document: its kind
 * (decided from the lines before the walk, since the walk depends on it),
 * its council (decided after the walk, from the tally the walk fed) and the
 * document-wide values every paragraph record then receives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "parse_internal.h"
#include "section.h"

/* ---- kind ------------------------------------------------------------------ */

/* Does the key hold "self assessment" as whole words? */
static int parse_names_self_assessment(parse_ctx *c, const pline *l)
{
    if (!l->text || l->len > PARSE_SHORT_LINE || l->words > 12 ||
        l->text[l->len - 1] == '.')
        return 0;
    char *key = NULL;
    norm_status st = norm_key(l->text, l->len, &key);
    if (st != NORM_OK) {
        if (st == NORM_ERR_NOMEM)
            c->nomem = 1;
        return 0;
    }
    int found = 0;
    for (const char *p = key; (p = strstr(p, "self assessment")) != NULL; p++) {
        if ((p == key || p[-1] == ' ') && (p[15] == '\0' || p[15] == ' ')) {
            found = 1;
            break;
        }
    }
    free(key);
    return found;
}

void parse_decide_kind(parse_ctx *c, const manifest_entry *me)
{
    corpus_doc *d = c->doc;
    if (me && me->kind != KIND_UNKNOWN) {
        c->kind = me->kind;
        char *why = parse_strf(c, "manifest.tsv line %u", me->line);
        if (why) {
            free(d->why_kind);
            d->why_kind = why;
        }
        return;
    }
    /* a self-assessment calls itself one on its cover */
    size_t seen = 0;
    for (size_t k = 0; k < c->n_lines && seen < 25; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_BLANK || l->kind == PL_NOISE)
            continue;
        seen++;
        if (parse_names_self_assessment(c, l)) {
            c->kind = KIND_SELF_ASSESSMENT;
            char *why = parse_strf(c, "line %u calls it a self-assessment: \"%s\"",
                                   l->no, l->text);
            if (why) {
                free(d->why_kind);
                d->why_kind = why;
            }
            return;
        }
    }
    /* ... or has Theme pages with its list headings */
    for (size_t k = 0; k < c->n_lines; k++) {
        if (c->lines[k].kind != PL_THEME)
            continue;
        size_t nx = k + 1;
        for (int step = 0; step < 3 && nx < c->n_lines; step++, nx++) {
            nx = parse_next_content(c, nx);
            if (nx < c->n_lines && c->lines[nx].role == HR_SA) {
                c->kind = KIND_SELF_ASSESSMENT;
                char *why = parse_strf(c, "Theme pages with self-assessment lists "
                                       "(line %u: \"%s\")",
                                       c->lines[k].no, c->lines[k].text);
                if (why) {
                    free(d->why_kind);
                    d->why_kind = why;
                }
                return;
            }
        }
    }
    /* a summary page: an overall rating and scores for several statements */
    const pline *rating = NULL;
    int scored[SECTION_COUNT] = {0}, n_scored = 0, cur = -1;
    for (size_t k = 0; k < c->n_lines; k++) {
        const pline *l = &c->lines[k];
        if (l->kind == PL_RATING && !rating)
            rating = l;
        if ((l->kind == PL_TEXT || l->kind == PL_MDHEAD) && l->stmt >= 0)
            cur = l->stmt;
        if (l->kind == PL_SCORE) {
            int s = l->score_section >= 0 ? l->score_section : cur;
            if (s >= 0 && !scored[s]) {
                scored[s] = 1;
                n_scored++;
            }
        }
    }
    if (rating && n_scored >= 2) {
        c->kind = KIND_SUMMARY;
        char *why = parse_strf(c, "overall rating \"%s\" (line %u) and scores for "
                               "%d quality statements",
                               parse_rating_name(rating->rating), rating->no, n_scored);
        if (why) {
            free(d->why_kind);
            d->why_kind = why;
        }
        parse_set(c, &d->rating, parse_rating_name(rating->rating));
        d->percent = rating->percent;
        for (size_t k = 0; k < c->n_lines && d->percent < 0; k++)
            if (c->lines[k].kind == PL_PERCENT)
                d->percent = c->lines[k].percent;
        return;
    }
    c->kind = KIND_ASSESSMENT;
    parse_set(c, &d->why_kind,
              rating ? "an overall rating but scores for fewer than two "
                       "statements: an assessment page"
                     : "no overall rating, no self-assessment pages: an "
                       "assessment page");
}

/* ---- the council ---------------------------------------------------------------- */

void parse_decide_authority(parse_ctx *c, const manifest_entry *me,
                                   const pline *title)
{
    corpus_doc *d = c->doc;
    authority_decision *ad = &d->authority_detail;
    memset(ad, 0, sizeof *ad);
    ad->index = -1;
    char *why = NULL;
    if (me && me->authority && me->authority[0]) {
        parse_set(c, &d->authority, me->authority);
        if (c->auth)
            ad->index = authority_lookup(c->auth, me->authority, strlen(me->authority));
        why = parse_strf(c, "manifest.tsv line %u", me->line);
    } else if (title) {
        parse_set(c, &d->authority, authority_name(c->auth, (size_t)title->authority));
        ad->index = title->authority;
        why = parse_strf(c, "title line %u: \"%s\"", title->no, title->text);
    } else if (!c->tally) {
        why = parse_strf(c, "no council table to look names up in");
    } else {
        authority_decide(c->tally, ad);
        if (ad->index >= 0) {
            parse_set(c, &d->authority, authority_name(c->auth, (size_t)ad->index));
            why = parse_strf(c, "%s", ad->reason);
        } else {
            why = parse_strf(c, "%s", ad->reason[0] ? ad->reason : "no council named");
            char list[256] = "";
            size_t w = 0;
            for (size_t k = 0; k < ad->n_candidates && k < 3; k++) {
                int n = snprintf(list + w, sizeof list - w, "%s%s (%u)", k ? ", " : "",
                                 authority_name(c->auth, (size_t)ad->candidates[k].index),
                                 ad->candidates[k].score);
                if (n < 0 || (size_t)n >= sizeof list - w)
                    break;
                w += (size_t)n;
            }
            parse_warn(c, 0, "council not decided: %s; add it to manifest.tsv",
                       w ? list : "no council is named");
        }
    }
    if (why) {
        if (!ad->reason[0] || me || title)
            snprintf(ad->reason, sizeof ad->reason, "%s", why);
        free(d->why_authority);
        d->why_authority = why;
    }
}

/* ---- the document-wide facets ----------------------------------------------------- */

void parse_finish(parse_ctx *c)
{
    corpus_doc *d = c->doc;
    d->kind = c->kind;
    int n_scored = 0;
    for (int s = 0; s < SECTION_COUNT; s++)
        n_scored += c->stmt_score[s] != 0;
    char *ws = NULL, *wc = NULL;
    switch (c->kind) {
    case KIND_SUMMARY:
        ws = parse_strf(c, "summary page: each statement heading gives its "
                        "paragraphs that statement");
        wc = parse_strf(c, "summary page: %d statements scored; each score goes "
                        "to its statement's paragraphs", n_scored);
        break;
    case KIND_SELF_ASSESSMENT:
        ws = parse_strf(c, "self-assessment: each Theme page gives its paragraphs "
                        "its statement (%zu pages)", c->n_pages);
        wc = parse_strf(c, "self-assessments are not scored");
        break;
    default:
        d->section = c->doc_section;
        d->score = c->doc_score;
        if (c->doc_section < 0) {
            ws = parse_strf(c, "no quality statement named by the title or first heading");
            parse_warn(c, 0, "no quality statement named by the title or first heading");
        }
        wc = parse_strf(c, "%s", c->why_score ? c->why_score : "no score line");
        break;
    }
    if (ws) {
        free(d->why_section);
        d->why_section = ws;
    }
    if (wc) {
        free(d->why_score);
        d->why_score = wc;
    }
    for (size_t k = 0; k < d->n_paras && !c->nomem; k++) {
        para_record *r = &d->paras[k];
        r->kind = c->kind;
        if (c->kind == KIND_SUMMARY)
            r->score = r->section >= 0 ? c->stmt_score[r->section] : 0;
        else if (c->kind == KIND_ASSESSMENT) {
            r->section = c->doc_section;
            r->score = c->doc_score;
        }
        if (record_set(&r->authority, d->authority, strlen(d->authority)) != 0 ||
            record_set(&r->rating, d->rating, strlen(d->rating)) != 0)
            c->nomem = 1;
    }
}

