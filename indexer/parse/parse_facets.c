/*
 * parse_facets.c: the facets that belong to a whole document: its council
 * (decided after the walk, from the tally the walk fed) and the
 * document-wide values every paragraph record then receives. (The kind is
 * decided before the walk, in parse_kind.c, since the walk depends on it.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "parse_internal.h"
#include "section.h"

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
        if (ad->index == AUTHORITY_NOMEM) {
            c->nomem = 1;
            ad->index = -1;
        }
        why = parse_strf(c, "manifest.tsv line %u", me->line);
    } else if (title) {
        parse_set(c, &d->authority, authority_name(c->auth, (size_t)title->authority));
        ad->index = title->authority;
        why = parse_strf(c, "title line %u: \"%s\"", title->no, title->text);
    } else if (c->sa_council >= 0 && c->sa_title) {
        parse_set(c, &d->authority, authority_name(c->auth, (size_t)c->sa_council));
        ad->index = c->sa_council;
        why = parse_strf(c, "self-assessment title line %u: \"%s\"", c->sa_title->no,
                         c->sa_title->text);
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
            /* a page that is not a report need not be about one council */
            if (c->kind != KIND_OTHER || w)
                parse_warn(c, 0, "council not decided: %s; add it to manifest.tsv",
                           w ? list : "no council is named");
        }
    }
    if (why) {
        if (!ad->reason[0] || me || title || c->sa_council >= 0)
            snprintf(ad->reason, sizeof ad->reason, "%s", why);
        free(d->why_authority);
        d->why_authority = why;
    }
}

/* ---- the document-wide facets ----------------------------------------------------- */

/* Did the page give its score as a pilot's "Indicative score"? */
static int parse_indicative_score(const parse_ctx *c)
{
    for (size_t k = 0; k < c->n_lines; k++)
        if (c->lines[k].indicative)
            return 1;
    return 0;
}

/* The manifest's statement, score and rating replace what the page says:
 * a row is someone's deliberate statement about the file. A statement and
 * a score belong to one statement's page only; a disagreement with the
 * page's own score line is a warning, so a wrong row is noticed. */
static void apply_manifest(parse_ctx *c, const manifest_entry *me)
{
    if (!me)
        return;
    corpus_doc *d = c->doc;
    int statement_page = c->kind == KIND_ASSESSMENT;
    if ((me->section >= 0 || me->score > 0) && !statement_page)
        parse_warn(c, 0, "manifest.tsv line %u gives a %s, but this is not a quality "
                   "statement's page (%s): ignored", me->line,
                   me->section >= 0 ? "statement" : "score", kind_name(c->kind));
    if (me->section >= 0 && statement_page) {
        c->doc_section = me->section;
        free(d->why_section);
        d->why_section = parse_strf(c, "manifest.tsv line %u", me->line);
    }
    if (me->score > 0 && statement_page) {
        if (c->doc_score && c->doc_score != me->score)
            parse_warn(c, c->doc_score_line, "score %d here, %d in manifest.tsv line %u; "
                       "using the manifest's", c->doc_score, me->score, me->line);
        c->doc_score = me->score;
        c->doc_score_line = 0;
        free(c->why_score);
        c->why_score = parse_strf(c, "manifest.tsv line %u", me->line);
    }
    if (me->rating && me->rating[0])
        parse_set(c, &d->rating, me->rating);
}

void parse_finish(parse_ctx *c, const manifest_entry *me)
{
    corpus_doc *d = c->doc;
    d->kind = c->kind;
    apply_manifest(c, me);
    int n_scored = 0;
    for (int s = 0; s < SECTION_COUNT; s++)
        n_scored += d->statement_scores[s] != 0;
    char *ws = NULL, *wc = NULL;
    switch (c->kind) {
    case KIND_SUMMARY:
        ws = parse_strf(c, "summary page: each statement heading gives its "
                        "paragraphs that statement");
        wc = parse_strf(c, "summary page: %d statement scores are the page's facts; "
                        "its paragraphs have none", n_scored);
        break;
    case KIND_SELF_ASSESSMENT:
        ws = parse_strf(c, "self-assessment: each Theme page gives its paragraphs "
                        "its statement (%zu pages)", c->n_pages);
        wc = parse_strf(c, "self-assessments are not scored");
        break;
    case KIND_OTHER:
        ws = parse_strf(c, "not a report: no statement");
        wc = parse_strf(c, "not a report: no score");
        break;
    default:
        d->section = c->doc_section;
        d->score = c->doc_score;
        d->indicative = c->doc_score && c->doc_score_line &&
                        parse_indicative_score(c);
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
}

/* The document's facets as parse_finish decided them: a later window's
 * score line changes no paragraph's. */
void parse_finish_records(parse_ctx *c)
{
    corpus_doc *d = c->doc;
    for (size_t k = c->finished; k < d->n_paras && !c->nomem; k++) {
        para_record *r = &d->paras[k];
        r->kind = d->kind;
        r->indicative = d->indicative;
        if (d->kind == KIND_ASSESSMENT) {
            r->section = d->section;
            r->score = d->score;
        } else {
            /* a summary's scores are the page's facts, not its paragraphs' */
            r->score = 0;
            if (d->kind == KIND_OTHER)
                r->section = -1;
        }
        if (record_set(&r->authority, d->authority, strlen(d->authority)) != 0 ||
            record_set(&r->rating, d->rating, strlen(d->rating)) != 0)
            c->nomem = 1;
    }
    if (!c->nomem)
        c->finished = d->n_paras;
}
