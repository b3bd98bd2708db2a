/*
 * qbuild_fields.c: field conditions (authority:, section:, theme:, kind:,
 * rating:, published:, score:, file:, id:, heading:) as filter terms of the index's
 * layout (schema.h). Every value is looked up the way the indexer decided
 * it, so a filter can only ask for something the index can hold; values it
 * cannot hold are errors that say what would be valid.
 */
#include "qbuild_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "normalise.h"
#include "record.h"
#include "schema.h"
#include "term.h"
#include "section.h"

int qb_is_filter(const qnode *n)
{
    if (n->type == Q_FIELD)
        return n->field != QFIELD_HEADING && n->field != QFIELD_LIKE;
    if ((n->type == Q_AND || n->type == Q_OR || n->type == Q_XOR) &&
        n->n_children > 0) {
        for (size_t i = 0; i < n->n_children; i++)
            if (!qb_is_filter(n->children[i]))
                return 0;
        return 1;
    }
    return 0;
}

/* prefix + value as one term query (not yet unweighted). */
static shim_query *filter_term(qb_ctx *c, const char *prefix, const char *value,
                               unsigned column)
{
    /* term_of: a path or id too long to be a term is indexed shortened. */
    char *term = term_of(prefix, value);
    shim_query *q = NULL;
    if (!term) {
        qb_nomem(c);
        return NULL;
    }
    shim_status st = shim_query_term(term, 1, 0, &q);
    if (st != SHIM_OK)
        qb_shim_fail(c, st, column);
    free(term);
    return q;
}

/* A filter term whose value is the norm_key() of a name. */
static shim_query *keyed_term(qb_ctx *c, const char *prefix, const char *name,
                              unsigned column)
{
    char *key;
    if (norm_key(name, strlen(name), &key) != NORM_OK) {
        qb_nomem(c);   /* names come from our own tables: valid UTF-8 */
        return NULL;
    }
    shim_query *q = filter_term(c, prefix, key, column);
    free(key);
    return q;
}

/* ---- "none": the paragraphs without a value ---- */

/* 1 if a field's value asks for the paragraphs that have none. */
static int asks_none(const qnode *n)
{
    return strcasecmp(n->text, "none") == 0;
}

/* Every paragraph with no term of prefix: the index writes a filter term
 * only for a value a paragraph has (schema.h), so "none" is everything
 * except the OR of the field's terms, taken from the index itself (or,
 * with no index to look in, a wildcard over the prefix). */
static shim_query *none_filter(qb_ctx *c, const char *prefix, unsigned column)
{
    shim_query *subs[2] = {NULL, NULL};
    shim_status st = shim_query_match_all(&subs[0]);
    if (st == SHIM_OK)
        st = c->env->db ? shim_query_expand(c->env->db, prefix, 0, &subs[1])
                        : shim_query_wildcard(prefix, 0, &subs[1]);
    if (st != SHIM_OK) {
        shim_query_free(subs[0]);
        qb_shim_fail(c, st, column);
        return NULL;
    }
    return qb_combine(c, SHIM_OP_AND_NOT, subs, 2, 0, column);
}

/* ---- authority: ---- */

/* The council whose name is closest to any run of whole words of key (so
 * "London Borough of Ealling" still finds Ealing): a few typing slips at
 * most, relative to the name's length. -1 if none is close. */
static int closest_council(const authority_table *t, const char *key)
{
    int best = -1;
    size_t best_d = 4, klen = strlen(key);
    for (size_t i = 0; i < authority_count(t); i++) {
        char *name;
        const char *disp = authority_name(t, i);
        if (norm_key(disp, strlen(disp), &name) != NORM_OK)
            continue;
        size_t nlen = strlen(name);
        for (size_t s = 0; s < klen; s++) {
            if (s && key[s - 1] != ' ')
                continue;
            for (size_t e = s + 1; e <= klen; e++) {
                /* Only d < 4 counts, and d is at least the difference in
                 * length: a run 4 or more bytes longer than the name (so
                 * every later one) cannot be close. Without this a long
                 * value took seconds (found by tests/fuzz/fuzz_query). */
                if (e - s >= nlen + 4)
                    break;
                if ((e < klen && key[e] != ' ') || e - s + 4 <= nlen)
                    continue;
                size_t d = norm_edit_distance(key + s, e - s, name, nlen);
                size_t longer = nlen > e - s ? nlen : e - s;
                if (d < best_d && d * 3 <= longer) {   /* d < 4: no overflow */
                    best_d = d;
                    best = (int)i;
                }
            }
        }
        free(name);
    }
    return best;
}

/* 1 if key (norm_key words) is a run of whole words of name's key:
 * "telford" of "telford and wrekin", "maidenhead" of "windsor and
 * maidenhead", never "york" of "north yorkshire". */
static int names_words(const char *name, const char *key)
{
    char *nk;
    if (norm_key(name, strlen(name), &nk) != NORM_OK)
        return 0;
    size_t kl = strlen(key);
    int found = 0;
    for (const char *p = nk; !found && (p = strstr(p, key)); p++)
        found = (p == nk || p[-1] == ' ') && (p[kl] == '\0' || p[kl] == ' ');
    free(nk);
    return found;
}

/* Councils whose names hold the words of key: up to max of them in
 * out[], and how many in all. */
static size_t councils_by_words(const authority_table *t, const char *key, int *out,
                                size_t max)
{
    size_t n = 0;
    for (size_t i = 0; key[0] && i < authority_count(t); i++)
        if (names_words(authority_name(t, i), key) && n++ < max)
            out[n - 1] = (int)i;
    return n;
}

/* A word (or words) naming several councils: an error listing them. */
static void several_councils(qb_ctx *c, const qnode *n, const int *idx, size_t shown,
                             size_t total)
{
    const authority_table *t = c->env->authorities;
    char list[200] = "";
    size_t used = 0;
    for (size_t i = 0; i < shown && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                 authority_name(t, (size_t)idx[i]));
    qb_fail(c, n->column, "'%.*s' at column %u names %zu councils: %s%s; write more "
            "of the name", qb_clip(n->text), n->text, n->column, total, list,
            total > shown ? ", ..." : "");
}

/* The council a value names: a name or alias (authority_lookup), else a
 * word or words of exactly one council's name ("telford", "windsor").
 * Index, or -1 with the error recorded when several share the words;
 * -2 when nothing names one (*key keeps the value's key for a hint). */
static int council_for(qb_ctx *c, const qnode *n, char **key)
{
    const authority_table *t = c->env->authorities;
    *key = NULL;
    int idx = t ? authority_lookup(t, n->text, strlen(n->text)) : -1;
    if (idx >= 0 || !t)
        return idx >= 0 ? idx : -2;
    if (norm_key(n->text, strlen(n->text), key) != NORM_OK)
        return -2;
    enum { SHOWN = 6 };
    int found[SHOWN];
    size_t total = councils_by_words(t, *key, found, SHOWN);
    if (total == 1)
        return found[0];
    if (total > 1) {
        several_councils(c, n, found, total < SHOWN ? total : SHOWN, total);
        return -1;
    }
    return -2;
}

static shim_query *authority_filter(qb_ctx *c, const qnode *n)
{
    const authority_table *t = c->env->authorities;
    if (asks_none(n))
        return none_filter(c, PREFIX_AUTHORITY, n->column);
    char *key = NULL;
    int idx = council_for(c, n, &key);
    if (idx >= 0) {
        free(key);
        return keyed_term(c, PREFIX_AUTHORITY, authority_name(t, (size_t)idx),
                          n->column);
    }
    int near = -1;
    if (idx == -2 && t && key && key[0])
        near = closest_council(t, key);
    free(key);
    if (idx == -1)
        return NULL;   /* several councils: the error says which */
    if (near >= 0)
        qb_fail(c, n->column, "unknown council '%.*s' at column %u (did you "
                "mean %s?)", qb_clip(n->text), n->text, n->column,
                authority_name(t, (size_t)near));
    else
        qb_fail(c, n->column, "unknown council '%.*s' at column %u; name an "
                "English council with adult social care duties, e.g. "
                "authority:Ealing or authority:\"Windsor and Maidenhead\"",
                qb_clip(n->text), n->text, n->column);
    return NULL;
}

/* ---- section:, theme:, kind:, rating: ---- */

static shim_query *section_filter(qb_ctx *c, const qnode *n)
{
    if (asks_none(n))
        return none_filter(c, PREFIX_SECTION, n->column);
    int s = section_lookup(n->text);
    if (s >= 0)
        return filter_term(c, PREFIX_SECTION, section_key(s), n->column);
    /* The keys, not the names: all nine names do not fit in a message, the
     * keys do, and section: accepts them as they are. */
    char list[160] = "";
    for (int i = 0; i < SECTION_COUNT; i++) {
        if (i)
            strcat(list, ", ");
        strncat(list, section_key(i), sizeof list - strlen(list) - 1);
    }
    qb_fail(c, n->column, "%s section '%.*s' at column %u; sections are: %s (or none)",
            s == -2 ? "ambiguous" : "unknown", qb_clip(n->text), n->text,
            n->column, list);
    return NULL;
}

static shim_query *theme_filter(qb_ctx *c, const qnode *n)
{
    if (asks_none(n))
        return none_filter(c, PREFIX_THEME, n->column);
    int t = theme_lookup(n->text);
    if (t >= 0)
        return filter_term(c, PREFIX_THEME, theme_key(t), n->column);
    char list[160] = "";
    for (int i = 0; i < THEME_COUNT; i++) {
        if (i)
            strcat(list, ", ");
        strncat(list, theme_name(i), sizeof list - strlen(list) - 1);
    }
    qb_fail(c, n->column, "%s theme '%.*s' at column %u; themes are: %s (or none)",
            t == -2 ? "ambiguous" : "unknown", qb_clip(n->text), n->text,
            n->column, list);
    return NULL;
}

static shim_query *kind_filter(qb_ctx *c, const qnode *n)
{
    doc_kind k = kind_from_name(n->text);
    if (k != KIND_UNKNOWN)
        return filter_term(c, PREFIX_KIND, kind_name(k), n->column);
    qb_fail(c, n->column, "unknown kind '%.*s' at column %u; kinds are "
            "assessment, summary, self-assessment, other", qb_clip(n->text), n->text,
            n->column);
    return NULL;
}

/* CQC's four overall ratings, as the parser records them (parse.h). */
static const char *const ratings[] = {"Outstanding", "Good",
                                      "Requires improvement", "Inadequate"};

/* The paragraphs of every council whose summary page gives it rating, and
 * the summary pages themselves (search_ratings.c has why). */
static shim_query *rated_councils(qb_ctx *c, const char *rating, unsigned column)
{
    size_t n = 1;
    for (size_t i = 0; i < c->env->n_ratings; i++)
        n += strcmp(c->env->ratings[i].rating, rating) == 0;
    shim_query **subs = calloc(n, sizeof *subs);
    if (!subs) {
        qb_nomem(c);
        return NULL;
    }
    size_t k = 0;
    subs[k++] = keyed_term(c, PREFIX_RATING, rating, column);
    for (size_t i = 0; i < c->env->n_ratings && subs[k - 1]; i++)
        if (strcmp(c->env->ratings[i].rating, rating) == 0)
            subs[k++] = keyed_term(c, PREFIX_AUTHORITY, c->env->ratings[i].authority, column);
    shim_query *q = NULL;
    if (subs[k - 1]) {
        q = qb_combine(c, SHIM_OP_OR, subs, k, 0, column);   /* frees subs[] */
    } else {
        for (size_t i = 0; i < k; i++)
            shim_query_free(subs[i]);
    }
    free(subs);
    return q;
}

/* rating:none: the paragraphs of councils with no rating known (no
 * summary page rates them), as --facets rating's no-value bucket counts. */
static shim_query *unrated(qb_ctx *c, unsigned column)
{
    shim_query *any[4] = {NULL}, *subs[2] = {NULL, NULL};
    for (int i = 0; i < 4 && !c->failed; i++)
        any[i] = rated_councils(c, ratings[i], column);
    if (c->failed) {
        for (int i = 0; i < 4; i++)
            shim_query_free(any[i]);
        return NULL;
    }
    shim_status st = shim_query_match_all(&subs[0]);
    if (st != SHIM_OK) {
        for (int i = 0; i < 4; i++)
            shim_query_free(any[i]);
        qb_shim_fail(c, st, column);
        return NULL;
    }
    subs[1] = qb_combine(c, SHIM_OP_OR, any, 4, 0, column);   /* frees any[] */
    if (!subs[1]) {
        shim_query_free(subs[0]);
        return NULL;
    }
    return qb_combine(c, SHIM_OP_AND_NOT, subs, 2, 0, column);
}

static shim_query *rating_filter(qb_ctx *c, const qnode *n)
{
    char *key = NULL, *rk = NULL;
    int found = -1, count = 0;
    if (asks_none(n))
        return unrated(c, n->column);
    if (norm_key(n->text, strlen(n->text), &key) != NORM_OK) {
        qb_nomem(c);
        return NULL;
    }
    /* The whole name, or the start of one ("requires"). */
    size_t klen = strlen(key);
    for (int i = 0; klen && i < 4; i++) {
        if (norm_key(ratings[i], strlen(ratings[i]), &rk) != NORM_OK)
            break;
        if (strncmp(rk, key, klen) == 0) {
            found = i;
            count++;
        }
        free(rk);
        rk = NULL;
    }
    free(key);
    if (count == 1)
        return rated_councils(c, ratings[found], n->column);
    qb_fail(c, n->column, "unknown rating '%.*s' at column %u; ratings are "
            "Outstanding, Good, Requires improvement, Inadequate",
            qb_clip(n->text), n->text, n->column);
    return NULL;
}

/* ---- published: ---- */

/* The paragraphs whose date has part's precision and lies in its range:
 * the precision's filter term, narrowed by a range of SLOT_PUBLISHED. */
static shim_query *date_part_query(qb_ctx *c, const date_part *part, unsigned column)
{
    shim_query *subs[2] = {NULL, NULL};
    subs[0] = filter_term(c, PREFIX_PUBLISHED, date_precision_name(part->precision),
                          column);
    if (!subs[0] || (!part->lo_text[0] && !part->hi_text[0]))
        return subs[0];
    shim_status st = shim_query_value_range(SLOT_PUBLISHED, part->lo_text,
                                            part->hi_text[0] ? part->hi_text : NULL,
                                            &subs[1]);
    if (st != SHIM_OK) {
        shim_query_free(subs[0]);
        qb_shim_fail(c, st, column);
        return NULL;
    }
    return qb_combine(c, SHIM_OP_FILTER, subs, 2, 0, column);
}

/* A date or a range of dates (the lexer has checked the value): the
 * paragraphs whose date certainly falls in it, at each precision
 * (date.h), or "none", those with no date. */
static shim_query *published_filter(qb_ctx *c, const qnode *n)
{
    if (asks_none(n))
        return none_filter(c, PREFIX_PUBLISHED, n->column);
    const char *v = n->text, *dots = strstr(v, "..");
    size_t vlen = strlen(v), a = dots ? (size_t)(dots - v) : vlen;
    date_value lo = {0, 0, 0, DATE_NONE}, hi = lo;
    int has_lo = a > 0 && date_parse(v, a, &lo) != DATE_NONE;
    int has_hi = dots ? dots[2] && date_parse(dots + 2, strlen(dots + 2), &hi) != DATE_NONE
                      : has_lo;
    if (!dots)
        hi = lo;
    date_part parts[3];
    if ((a > 0 && !has_lo) || (dots && dots[2] && !has_hi) ||
        date_range_parts(has_lo ? &lo : NULL, has_hi ? &hi : NULL, parts) != 0) {
        qb_fail(c, n->column, "published '%.*s' at column %u is not a date or a range "
                "of dates", qb_clip(v), v, n->column);
        return NULL;
    }
    shim_query *subs[3];
    size_t k = 0;
    for (int i = 0; i < 3 && !c->failed; i++)
        if (!parts[i].empty && (subs[k] = date_part_query(c, &parts[i], n->column)))
            k++;
    if (c->failed) {
        for (size_t i = 0; i < k; i++)
            shim_query_free(subs[i]);
        return NULL;
    }
    return qb_combine(c, SHIM_OP_OR, subs, k, 0, n->column);
}

/* ---- score:, file:, id: ---- */

static shim_query *score_filter(qb_ctx *c, const qnode *n)
{
    if (asks_none(n))
        return none_filter(c, PREFIX_SCORE, n->column);
    /* The parser gives lo = hi = N for one score, 0 for an open end. */
    int lo = n->lo ? n->lo : 1, hi = n->hi ? n->hi : 4;
    if (lo < 1 || hi > 4 || lo > hi) {
        qb_fail(c, n->column, "score '%.*s' at column %u is not a score; "
                "scores go from 1 to 4 (e.g. score:3, score:2..4)",
                qb_clip(n->text), n->text, n->column);
        return NULL;
    }
    shim_query *subs[4] = {NULL};
    size_t k = 0;
    for (int s = lo; s <= hi; s++) {
        char v[2] = {(char)('0' + s), '\0'};
        subs[k++] = filter_term(c, PREFIX_SCORE, v, n->column);
    }
    return qb_combine(c, SHIM_OP_OR, subs, k, 0, n->column);
}

static int starts_with(const char *s, const char *prefix, size_t plen)
{
    return strncmp(s, prefix, plen) == 0;
}

/* file: a path as indexed, or a file name (the path's last component), or
 * either with a trailing '*' for any that starts so. The index's XFILE terms
 * say which paths exist. */
static shim_query *file_filter(qb_ctx *c, const qnode *n)
{
    const char *v = n->text;
    size_t vlen = strlen(v);
    int wild = !(n->flags & QF_QUOTED) && vlen > 1 && v[vlen - 1] == '*';
    size_t plen = wild ? vlen - 1 : vlen;
    if (!c->env->db) {
        /* Nothing to look file names up in: the path as given, or every
         * path that starts so. */
        if (!wild)
            return filter_term(c, PREFIX_FILE, v, n->column);
        qb_terms t = {0};
        shim_query *q = NULL;
        if (qb_terms_add(c, &t, PREFIX_FILE, v) == 0) {
            t.v[0][strlen(t.v[0]) - 1] = '\0';   /* the '*' */
            shim_status st = shim_query_wildcard(t.v[0], 0, &q);
            if (st != SHIM_OK)
                qb_shim_fail(c, st, n->column);
        }
        qb_terms_clear(&t);
        return q;
    }

    shim_termlist *tl = NULL;
    shim_status st = shim_db_allterms(c->env->db, PREFIX_FILE, &tl);
    if (st != SHIM_OK) {
        qb_shim_fail(c, st, n->column);
        return NULL;
    }
    size_t cap = shim_termlist_size(tl), k = 0;
    shim_query **subs = calloc(cap ? cap : 1, sizeof *subs);
    /* A path too long to be a term is indexed shortened (term.h): only its
     * whole term tells it, and its file name is not in it. */
    char *whole = wild ? NULL : term_of(PREFIX_FILE, v);
    if (!wild && !whole)
        qb_nomem(c);
    const char *term;
    uint32_t freq;
    if (!subs)
        qb_nomem(c);
    while (subs && !c->failed && shim_termlist_next(tl, &term, &freq)) {
        const char *path = term + strlen(PREFIX_FILE);
        const char *slash = strrchr(path, '/');
        const char *base = slash ? slash + 1 : path;
        int hit = wild ? starts_with(path, v, plen) || starts_with(base, v, plen)
                       : term_is_shortened(term, PREFIX_FILE)
                             ? strcmp(term, whole) == 0
                             : strcmp(path, v) == 0 || strcmp(base, v) == 0;
        if (hit && k < cap) {
            shim_status s2 = shim_query_term(term, 1, 0, &subs[k]);
            if (s2 != SHIM_OK)
                qb_shim_fail(c, s2, n->column);
            else
                k++;
        }
    }
    shim_termlist_free(tl);
    free(whole);
    shim_query *q = NULL;
    if (!c->failed && k == 0)
        qb_fail(c, n->column, "no indexed file matches '%.*s' at column %u; "
                "give a path as results show it, a file name, or a start of "
                "one followed by '*'", qb_clip(v), v, n->column);
    else if (!c->failed) {
        q = qb_combine(c, SHIM_OP_OR, subs, k, 0, n->column);
        k = 0;
    }
    for (size_t i = 0; i < k; i++)
        shim_query_free(subs[i]);
    free(subs);
    return q;
}

/* ---- heading: (weighted, a unit) ---- */

static shim_query *heading_field(qb_ctx *c, const qnode *n, int negated)
{
    const char *v = n->text;
    size_t vlen = strlen(v);
    size_t llen = strlen("heading:") + vlen + 1;
    char *label = malloc(llen);
    if (!label) {
        qb_nomem(c);
        return NULL;
    }
    memcpy(label, "heading:", strlen("heading:"));
    memcpy(label + strlen("heading:"), v, vlen + 1);
    shim_query *q = NULL;
    if (!(n->flags & QF_QUOTED) && vlen > 1 && v[vlen - 1] == '*') {
        char *stem = strdup(v);
        if (!stem) {
            qb_nomem(c);
        } else {
            stem[vlen - 1] = '\0';
            q = qb_wildcard(c, stem, n->column, PREFIX_HEADING, label, negated);
            free(stem);
        }
        free(label);
        return q;
    }
    qb_terms t;
    if (qb_text_terms(c, v, n->column, 0, PREFIX_HEADING, "heading", &t,
                      NULL) == 0) {
        q = qb_single_unit(c, n->column, negated, label, &t,
                           qb_terms_query(c, &t, n->column));
        qb_terms_clear(&t);
    }
    free(label);
    return q;
}

shim_query *qb_field(qb_ctx *c, const qnode *n, int negated)
{
    shim_query *q;
    switch (n->field) {
    case QFIELD_HEADING:
        return heading_field(c, n, negated);
    case QFIELD_LIKE:
        return qb_like(c, n);
    case QFIELD_AUTHORITY: q = authority_filter(c, n); break;
    case QFIELD_SECTION: q = section_filter(c, n); break;
    case QFIELD_THEME: q = theme_filter(c, n); break;
    case QFIELD_KIND: q = kind_filter(c, n); break;
    case QFIELD_RATING: q = rating_filter(c, n); break;
    case QFIELD_PUBLISHED: q = published_filter(c, n); break;
    case QFIELD_SCORE: q = score_filter(c, n); break;
    case QFIELD_FILE: q = file_filter(c, n); break;
    case QFIELD_ID: q = filter_term(c, PREFIX_ID, n->text, n->column); break;
    default:
        qb_fail(c, n->column, "unknown field at column %u", n->column);
        return NULL;
    }
    /* Filters add no weight: ranking is by the words alone. */
    return qb_unweighted(c, q, n->column);
}
