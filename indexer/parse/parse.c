/*
 * parse.c: corpus_parse(), a document's structure turned into paragraph
 * records with facets (see parse.h; the pieces are listed in
 * parse_internal.h).
 *
 * Five steps: classify every line (parse_lines.c); decide the kind from
 * the lines (parse_kind.c) and read the page's own facts: a summary's
 * rating and scores, the dates (parse_summary.c); walk the lines once,
 * deciding headings and emitting paragraphs with the current section and
 * sub-heading; then decide the council, give every record the
 * document-wide facets, and list every line left out with its reason
 * (parse_skip.c).
 *
 * The text is taken a window at a time (parse.h: PARSE_WINDOW_LINES), so
 * the lines and paragraphs in memory are one window's: the first window
 * decides the document's facts (kind, dates, council), every window is
 * walked on from where the last left off, and its paragraphs are handed
 * to the caller's part function (corpus_parse_read) and freed, or kept.
 *
 * Out of memory is the only failure: a sticky flag (c->nomem) stops the
 * work and corpus_parse() clears everything and returns -1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "normalise.h"
#include "parse_internal.h"
#include "section.h"

void parse_tally_heading(parse_ctx *c, const char *text, size_t len)
{
    if (c->tally && !c->nomem &&
        authority_tally_add(c->tally, text, len, AUTHORITY_WEIGHT_HEADING) != 0)
        c->nomem = 1;
}

/* ---- the walk ----------------------------------------------------------------- */

/* Set the sub-heading facet: the text without a trailing ':'. */
static void parse_set_heading(parse_ctx *c, const char *text, size_t len)
{
    while (len && (text[len - 1] == ':' || text[len - 1] == ' '))
        len--;
    char *h = malloc(len + 1);
    if (!h) {
        c->nomem = 1;
        return;
    }
    memcpy(h, text, len);
    h[len] = '\0';
    free(c->heading);
    c->heading = h;
}

static void parse_on_score(parse_ctx *c, const pline *l)
{
    if (l->score_words && l->score_words != l->score)
        parse_warn(c, l->no, "score label \"%s\": the number says %d but the "
                   "words say %d (%s); using %d", l->text, l->score,
                   l->score_words, parse_rating_name(l->score_words), l->score);
    /* a council's own pages are not scored; a summary's scores are its
     * facts (parse_summary.c), though a statement named with its score
     * starts that statement's part of the page; lists on other pages are
     * not a page's score */
    if (c->kind == KIND_SUMMARY && l->score_section >= 0 && !l->list_score) {
        /* a list's entry ("- Assessing needs Score: 2") heads nothing */
        c->section = l->bullet ? -1 : l->score_section;
        parse_set_heading(c, "", 0);
    }
    if (c->kind != KIND_ASSESSMENT || l->list_score ||
        (l->score_section >= 0 && c->doc_section >= 0 && l->score_section != c->doc_section))
        return;
    char *more = NULL;
    if (!c->doc_score) {
        c->doc_score = l->score;
        c->doc_score_line = l->no;
        more = parse_strf(c, "line %u: \"%s\"", l->no, l->text);
    } else if (l->score == c->doc_score) {
        more = parse_strf(c, "%s; line %u agrees (\"%s\")", c->why_score, l->no, l->text);
    } else {
        parse_warn(c, l->no, "score %d here disagrees with score %d on line %u; "
                   "keeping %d", l->score, c->doc_score, c->doc_score_line,
                   c->doc_score);
        more = parse_strf(c, "%s; line %u says %d (ignored: the first score wins)",
                          c->why_score, l->no, l->score);
    }
    if (more) {
        free(c->why_score);
        c->why_score = more;
    }
}

static void parse_on_theme(parse_ctx *c, const pline *l)
{
    parse_tally_heading(c, l->text, l->len);
    c->skipping = 0;
    c->title_taken = 1;
    if (c->kind != KIND_SELF_ASSESSMENT) {
        /* just a heading here; on a summary page a theme's part starts */
        if (c->kind == KIND_SUMMARY)
            c->section = -1;
        parse_set_heading(c, l->text, l->len);
        return;
    }
    c->in_pages = 1;
    c->n_pages++;
    c->section = l->theme_section;
    parse_set_heading(c, "", 0);
    int s = l->theme_section;
    if (s < 0) {
        if (l->theme_text && l->theme_text[0])
            parse_warn(c, l->no, "Theme page names no known quality statement: "
                       "\"%s\"", l->theme_text);
        return;
    }
    int st = section_theme(s);
    if (l->theme >= 0 && l->theme != st)
        parse_warn(c, l->no, "\"%s\" is in theme %d (%s), not in \"%s\"",
                   section_name(s), st + 1, theme_name(st), theme_name(l->theme));
    else if (l->theme_no != st + 1)
        parse_warn(c, l->no, "\"%s\" is in theme %d (%s), not theme %d",
                   section_name(s), st + 1, theme_name(st), l->theme_no);
}

/* A heading with role at line i; returns the line to go on from. */
static size_t parse_on_heading(parse_ctx *c, size_t i, heading_role role)
{
    pline *l = &c->lines[i];
    /* a page that is not a report has CQC's headings as plain headings:
     * its text under them is its own (a framework page's statements, a
     * manual's policy) */
    if (c->kind == KIND_OTHER && role != HR_CONTENTS)
        role = HR_GENERIC;
    if (role != HR_BOILER && role != HR_CONTENTS)
        parse_tally_heading(c, l->text, l->len);
    parse_skip_line(l, "heading");
    switch (role) {
    case HR_BOILER:
        c->skipping = l->boil ? l->boil : BOIL_EXPECT;
        c->boil_reason = c->skipping == BOIL_COMMIT
                             ? "boilerplate (The local authority commitment)"
                             : "boilerplate (What people expect)";
        l->skip = c->boil_reason;
        c->title_taken = 1;
        parse_set_heading(c, l->text, l->len);
        return i + 1;
    case HR_CONTENTS: {
        c->skipping = 0;
        parse_set_heading(c, "", 0);
        size_t end = parse_contents_end(c, i);
        for (size_t k = i; k < end; k++)
            if (c->lines[k].kind != PL_NOISE)
                c->lines[k].skip = "contents list";
        return end;
    }
    case HR_STATEMENT:
        c->skipping = 0;
        l->skip = "statement name";
        if (c->kind == KIND_ASSESSMENT) {
            /* the page's statement is named above its score line; what
             * comes before it (a breadcrumb, a report's link) is no
             * finding */
            if (c->doc_section < 0 && (!c->seen_para || !c->doc_score)) {
                c->doc_section = l->stmt;
                c->section = l->stmt;
                char *why = parse_strf(c, "%s line %u: \"%s\"",
                                       c->title_taken ? "heading" : "title",
                                       l->no, l->text);
                if (why) {
                    free(c->doc->why_section);
                    c->doc->why_section = why;
                }
                c->title_taken = 1;
                parse_set_heading(c, "", 0);
                return i + 1;
            }
            if (c->doc_section == l->stmt && !c->seen_para)
                return i + 1;   /* the title again */
            break;              /* another statement named: a sub-heading */
        }
        c->section = l->stmt;  /* summary and self-assessment pages */
        c->title_taken = 1;
        parse_set_heading(c, "", 0);
        return i + 1;
    case HR_SA:
        c->skipping = 0;
        c->title_taken = 1;
        if (c->kind == KIND_SELF_ASSESSMENT) {
            const char *canon = parse_sa_canonical(l->sa);
            parse_set_heading(c, canon, strlen(canon));
            return i + 1;
        }
        break;
    case HR_PAGE:
        if (c->kind == KIND_SUMMARY)
            c->section = -1;   /* the statements' part of the page is over */
        break;
    case HR_SUB:
        /* a theme's own heading: what follows is about no one statement
         * until one is named (never guessed from the one before) */
        if (l->theme_named >= 0 && c->kind != KIND_ASSESSMENT)
            c->section = -1;
        break;
    case HR_GENERIC:
        if (!c->title_taken && !c->seen_para) {
            /* the document's title: not a sub-heading of anything */
            c->title_taken = 1;
            c->skipping = 0;
            l->skip = "title";
            return i + 1;
        }
        break;
    default:
        break;
    }
    c->skipping = 0;
    c->title_taken = 1;
    parse_set_heading(c, l->text, l->len);
    return i + 1;
}

/* A one-line block that is not a heading but is not text either: a
 * self-assessment's closing page title ("High Level Action Plan") ends the
 * Theme pages; a line that is only a council's name ("London Borough of
 * Ealing" on a summary page, "MEDWAY" on a cover) labels the page. 1 if
 * line i was one of them. */
static int parse_on_label_line(parse_ctx *c, size_t i)
{
    pline *l = &c->lines[i];
    if (l->bullet || !l->text || l->len > PARSE_SHORT_LINE)
        return 0;
    if (c->kind == KIND_SELF_ASSESSMENT && c->in_pages) {
        char *key = NULL;
        norm_status st = norm_key(l->text, l->len, &key);
        if (st == NORM_ERR_NOMEM)
            c->nomem = 1;
        int end = key && l->text[l->len - 1] != '.' &&
                  (strstr(key, "action plan") || strstr(key, "key actions"));
        free(key);
        if (end) {
            c->section = -1;
            c->skipping = 0;
            parse_tally_heading(c, l->text, l->len);
            parse_set_heading(c, l->text, l->len);
            parse_skip_line(l, "heading");
            return 1;
        }
    }
    if (l->council >= 0) {
        parse_tally_heading(c, l->text, l->len);
        parse_skip_line(l, "council name");
        return 1;
    }
    return 0;
}

static void parse_walk(parse_ctx *c)
{
    size_t i = 0;
    while (i < c->n_lines && !c->nomem) {
        const pline *l = &c->lines[i];
        switch (l->kind) {
        case PL_SCORE:
            parse_on_score(c, l);
            i++;
            break;
        case PL_TITLE:
            c->title_taken = 1;
            parse_skip_line(&c->lines[i], "title");
            i++;
            break;
        case PL_THEME:
            parse_on_theme(c, l);
            i++;
            break;
        case PL_MDHEAD:
            i = parse_on_heading(c, i, l->role != HR_NONE ? l->role : HR_GENERIC);
            break;
        case PL_TEXT: {
            size_t j = parse_block_end(c, i);
            heading_role role = parse_heading_at(c, i, j);
            if (role != HR_NONE) {
                i = parse_on_heading(c, i, role);
            } else if (j - i == 1 && parse_on_label_line(c, i)) {
                i++;
            } else {
                parse_emit_block(c, i, j);
                i = j;
            }
            break;
        }
        default:   /* blank, noise, ratings and percentages */
            i++;
            break;
        }
    }
}

/* A page whose every line is structure (headings, names, a title) still
 * has text: rather than drop the page, its headings and titles become its
 * paragraphs. Furniture, scores, dates and separators stay out. */
static void parse_keep_something(parse_ctx *c)
{
    c->section = -1;
    c->skipping = BOIL_NONE;
    parse_set_heading(c, "", 0);
    for (size_t k = 0; k < c->n_lines && !c->nomem; k++) {
        const pline *l = &c->lines[k];
        int text = l->kind == PL_TEXT || l->kind == PL_MDHEAD || l->kind == PL_TITLE ||
                   l->kind == PL_THEME;
        if (text && l->text && l->len && !l->used)
            parse_emit_line(c, k);
    }
}

/* ---- windows ----------------------------------------------------------------- */

static int parse_blank_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* Where the window starting at pos ends: after at most PARSE_WINDOW_LINES
 * lines and PARSE_WINDOW_BYTES bytes (a longer line is a window alone),
 * after a blank line in the window's last quarter if there is one, so a
 * paragraph is seldom cut in two. */
static size_t parse_window_end(const char *text, size_t len, size_t pos)
{
    size_t lines = 0, p = pos, blank_end = 0;
    while (p < len) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        lines++;
        if ((lines >= PARSE_WINDOW_LINES / 4 * 3 ||
             end - pos >= PARSE_WINDOW_BYTES / 4 * 3) &&
            parse_blank_bytes(text + p, end - p))
            blank_end = end;
        p = end;
        if (lines >= PARSE_WINDOW_LINES || p - pos >= PARSE_WINDOW_BYTES)
            return blank_end > pos ? blank_end : p;
    }
    return len;
}

/* Free the window's paragraphs and skipped lines, once handed over. */
static void parse_release_part(parse_ctx *c)
{
    corpus_doc *d = c->doc;
    for (size_t k = 0; k < d->n_paras; k++) {
        record_clear(&d->paras[k]);
        if (d->origins)
            free(d->origins[k]);
    }
    free(d->origins);
    d->origins = NULL;
    d->paras_before += d->n_paras;
    d->n_paras = 0;
    c->finished = 0;
    for (size_t k = 0; k < d->n_skipped; k++)
        free(d->skipped[k]);
    d->n_skipped = 0;
}

/* The document's facts, from its first window (me may be NULL). */
static void parse_first_window(parse_ctx *c, const manifest_entry *me, const pline **title)
{
    parse_decide_kind(c, me);
    if (!c->nomem)
        parse_summary_facts(c);
    if (!c->nomem)
        parse_page_dates(c);
    for (size_t k = 0; k < c->n_lines && !*title; k++)
        if (c->lines[k].kind == PL_TITLE)
            *title = &c->lines[k];
    if (!c->nomem && c->auth && !*title && c->sa_council < 0 &&
        !(me && me->authority && me->authority[0])) {
        c->tally = authority_tally_new(c->auth);
        if (!c->tally)
            c->nomem = 1;
    }
}

/* One window of text: its lines walked into paragraphs, given the
 * document's facets (decided in the first window) and handed over. */
static void parse_window(parse_ctx *c, const char *text, size_t len,
                         const manifest_entry *me, int first, int last)
{
    const pline *title = NULL;
    parse_lines(c, text, len);
    if (!c->nomem && first)
        parse_first_window(c, me, &title);
    if (!c->nomem)
        parse_walk(c);
    if (!c->nomem && last && corpus_doc_paragraphs(c->doc) == 0)
        parse_keep_something(c);
    if (!c->nomem && first) {
        parse_decide_authority(c, me, title);
        if (!c->nomem)
            parse_finish(c, me);
        /* the council is decided: later windows feed no tally */
        if (c->tally)
            authority_tally_free(c->tally);
        c->tally = NULL;
        c->sa_title = NULL;
    }
    if (!c->nomem)
        parse_finish_records(c);
    if (!c->nomem)
        parse_list_skipped(c);
    if (!c->nomem && c->part_fn) {
        int rc = c->part_fn(c->part_arg, c->doc);
        if (rc < 0)
            c->part_failed = 1;
        else if (rc > 0)
            c->stopped = 1;
    }
    if (c->stream)
        parse_release_part(c);
    c->line_base += (unsigned)c->n_lines;
    parse_lines_free(c);
}

int parse_document(const char *file, const char *text, size_t len, const corpus_ref *ref,
                   corpus_part_fn fn, void *arg, int stream, corpus_doc *out)
{
    memset(out, 0, sizeof *out);
    out->section = -1;
    out->percent = -1;
    out->authority_detail.index = -1;
    parse_ctx c;
    memset(&c, 0, sizeof c);
    c.file = file ? file : "";
    c.auth = ref ? ref->authorities : NULL;
    c.doc = out;
    c.section = -1;
    c.doc_section = -1;
    c.sa_council = -1;
    c.part_fn = fn;
    c.part_arg = arg;
    c.stream = stream;
    /* Lookups that cannot report it (section_match, ...) ran out of memory. */
    unsigned long norm_nomem = norm_nomem_count();

    char **strings[] = {&out->authority, &out->rating, &out->url, &out->published,
                        &out->updated, &out->title,
                        &out->why_kind, &out->why_authority, &out->why_section,
                        &out->why_score, &c.heading};
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++)
        parse_set(&c, strings[k], "");
    parse_set(&c, &out->file, c.file);
    out->format = "text";
    const manifest_entry *me =
        ref && ref->manifest ? manifest_find(ref->manifest, c.file) : NULL;
    if (me) {
        parse_set(&c, &out->url, me->url ? me->url : "");
        parse_set(&c, &out->published, me->published ? me->published : "");
    }

    if (!text) {
        text = "";
        len = 0;
    }
    size_t pos = 0;
    int first = 1;
    while (!c.nomem && !c.part_failed && !c.stopped) {
        size_t end = parse_window_end(text, len, pos);
        parse_window(&c, text + pos, end - pos, me, first, end >= len);
        first = 0;
        pos = end;
        if (pos >= len)
            break;
    }
    if (!c.nomem && c.more_warnings) {
        size_t more = c.more_warnings;
        out->n_warnings--;   /* the last kept one makes room for the count */
        char *last = out->warnings[out->n_warnings];
        parse_warn(&c, 0, "%zu more warnings not shown", more + 1);
        free(last);
    }
    if (norm_nomem_count() != norm_nomem)
        c.nomem = 1;

    if (c.tally)
        authority_tally_free(c.tally);
    parse_lines_free(&c);
    free(c.heading);
    free(c.why_score);
    if (c.nomem || c.part_failed) {
        corpus_doc_clear(out);
        return c.nomem ? -1 : -2;
    }
    return 0;
}

int corpus_parse(const char *file, const char *text, size_t len,
                 const corpus_ref *ref, corpus_doc *out)
{
    return parse_document(file, text, len, ref, NULL, NULL, 0, out);
}

size_t corpus_doc_paragraphs(const corpus_doc *doc)
{
    return doc->paras_before + doc->n_paras;
}

void corpus_doc_clear(corpus_doc *doc)
{
    if (!doc)
        return;
    free(doc->file);
    free(doc->authority);
    free(doc->rating);
    free(doc->url);
    free(doc->published);
    free(doc->updated);
    free(doc->title);
    if (doc->origins)
        for (size_t k = 0; k < doc->n_paras; k++)
            free(doc->origins[k]);
    free(doc->origins);
    for (size_t k = 0; k < doc->n_dropped; k++)
        free(doc->dropped[k]);
    free(doc->dropped);
    free(doc->why_kind);
    free(doc->why_authority);
    free(doc->why_section);
    free(doc->why_score);
    for (size_t k = 0; k < doc->n_paras; k++)
        record_clear(&doc->paras[k]);
    free(doc->paras);
    for (size_t k = 0; k < doc->n_warnings; k++)
        free(doc->warnings[k]);
    free(doc->warnings);
    for (size_t k = 0; k < doc->n_skipped; k++)
        free(doc->skipped[k]);
    free(doc->skipped);
    memset(doc, 0, sizeof *doc);
    doc->section = -1;
    doc->percent = -1;
    doc->authority_detail.index = -1;
}
