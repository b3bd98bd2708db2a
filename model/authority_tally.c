/*
 * authority_tally.c: the tally that decides which council a document is
 * about, from the council names found in its text (contract in
 * authority.h; the table is built in authority.c, the words are
 * authority_words.c's).
 */
#include "authority_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- the tally ---------------------------------------------------------- */

struct authority_tally {
    const authority_table *t;
    unsigned *mentions, *score;
    scan_tok *toks;      /* reused from call to call */
    size_t cap;
};

authority_tally *authority_tally_new(const authority_table *t)
{
    authority_tally *y = calloc(1, sizeof *y);
    if (!y || !t)
        return y;
    y->t = t;
    y->mentions = calloc(t->n + 1, sizeof *y->mentions);
    y->score = calloc(t->n + 1, sizeof *y->score);
    if (!y->mentions || !y->score) {
        authority_tally_free(y);
        return NULL;
    }
    return y;
}

void authority_tally_free(authority_tally *y)
{
    if (!y)
        return;
    free(y->mentions);
    free(y->score);
    free(y->toks);
    free(y);
}

/* Is pattern p at toks[i..] (already matched) really the council here? */
static int mention_counts(const pattern *p, const scan_tok *toks, size_t ntok,
                          size_t i)
{
    size_t end = i + p->nw;
    if (p->other >= 0) {
        const char *before = authority_other_places[p->other].before;
        const char *after = authority_other_places[p->other].after;
        if (before && i > 0 && !toks[i].hard_before &&
            authority_phrase_at(before, toks, ntok, i - 1))
            return 0;
        if (after && end < ntok && !toks[end].hard_before &&
            authority_phrase_at(after, toks, ntok, end))
            return 0;
    }
    if (!p->common || !toks[i].sent_start)
        return 1;
    if (end >= ntok)
        return 0;
    /* A common word opening a sentence: only "Reading Council", "Bury
     * Borough", "Slough's". */
    const scan_tok *nx = &toks[end];
    const char *gap = toks[end - 1].s + toks[end - 1].len;
    size_t glen = (size_t)(nx->s - gap);
    if (!nx->hard_before && (authority_word_is(nx, "Council", 7) || authority_word_is(nx, "Borough", 7)))
        return 1;
    return authority_word_is(nx, "s", 1) &&
           ((glen == 1 && gap[0] == '\'') ||
            (glen == 3 && memcmp(gap, "\xe2\x80\x99", 3) == 0));
}

int authority_tally_add(authority_tally *y, const char *text, size_t len,
                        unsigned weight)
{
    if (!y || !y->t || !text)
        return 0;
    const authority_table *t = y->t;
    const scan_tok *toks;
    size_t ntok;
    if (authority_tokenize(text, len, &y->toks, &y->cap, &ntok) != 0)
        return -1;
    toks = y->toks;
    /* Leftmost first; at each word the longest pattern that fits wins, and
     * the words it covers are not looked at again. */
    for (size_t i = 0; i < ntok;) {
        char key[WORD_MAX];
        unsigned char c0 = (unsigned char)toks[i].s[0];
        if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z') && !t->any_uncapitalised) {
            i++;   /* most words: they cannot start a council's name */
            continue;
        }
        const first_slot *f =
            authority_first_key(toks[i].s, toks[i].len, key) ? authority_first_find(t, key) : NULL;
        size_t step = 1;
        for (int p = f && f->key[0] ? f->head : -1; p >= 0; p = t->pats[p].next) {
            const pattern *pat = &t->pats[p];
            if (!authority_phrase_at(pat->words, toks, ntok, i))
                continue;
            if (mention_counts(pat, toks, ntok, i)) {
                y->mentions[pat->index]++;
                y->score[pat->index] += weight;
                step = pat->nw;
            }
            break;
        }
        i += step;
    }
    return 0;
}

/* ---- deciding ------------------------------------------------------------ */

static int ranks_before(const authority_table *t, const authority_candidate *a,
                        const authority_candidate *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->mentions != b->mentions)
        return a->mentions > b->mentions;
    return strcmp(t->entries[a->index].name, t->entries[b->index].name) < 0;
}

/* "once", "twice", "5 times"; with " (score 19)" when headings or a title
 * made the score more than the count. */
static void describe(const authority_candidate *c, char *buf, size_t len)
{
    char n[24];
    snprintf(n, sizeof n, "%u times", c->mentions);
    snprintf(buf, len, "%s",
             c->mentions == 1 ? "once" : c->mentions == 2 ? "twice" : n);
    if (c->score != c->mentions)
        snprintf(buf + strlen(buf), len - strlen(buf), " (score %u)", c->score);
}

void authority_decide(const authority_tally *y, authority_decision *out)
{
    memset(out, 0, sizeof *out);
    out->index = -1;
    const authority_table *t = y ? y->t : NULL;
    for (size_t i = 0; t && i < t->n; i++) {   /* keep the best few, in order */
        authority_candidate c = { (int)i, y->mentions[i], y->score[i] };
        size_t at = out->n_candidates;
        while (at > 0 && ranks_before(t, &c, &out->candidates[at - 1]))
            at--;
        if (!c.score || at >= AUTHORITY_MAX_CANDIDATES)
            continue;
        if (out->n_candidates < AUTHORITY_MAX_CANDIDATES)
            out->n_candidates++;
        memmove(&out->candidates[at + 1], &out->candidates[at],
                (out->n_candidates - 1 - at) * sizeof c);
        out->candidates[at] = c;
    }
    if (out->n_candidates == 0) {
        snprintf(out->reason, sizeof out->reason, "no council named in the text");
        return;
    }
    const authority_candidate *best = &out->candidates[0];
    const authority_candidate *next =
        out->n_candidates > 1 ? &out->candidates[1] : NULL;
    const char *bn = t->entries[best->index].name;
    const char *nn = next ? t->entries[next->index].name : "";
    char b[48], n[48] = "";
    describe(best, b, sizeof b);
    if (next)
        describe(next, n, sizeof n);
    if (best->score >= 2 && best->score >= 2 * (next ? next->score : 0)) {
        out->index = best->index;
        if (next)
            snprintf(out->reason, sizeof out->reason,
                     "named %s in the text; next: %s, %s", b, nn, n);
        else
            snprintf(out->reason, sizeof out->reason,
                     "named %s in the text; no other council named", b);
    } else if (best->score < 2) {
        snprintf(out->reason, sizeof out->reason,
                 "too few mentions to decide: %s named %s%s%s%s%s", bn, b,
                 next ? "; " : "", nn, next ? " " : "", n);
    } else {
        snprintf(out->reason, sizeof out->reason, "no clear council: %s named %s, "
                 "%s %s (the first needs twice the score of the next)", bn, b, nn, n);
    }
}
