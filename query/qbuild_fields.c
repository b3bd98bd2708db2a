/*
 * qbuild_fields.c: field conditions (authority:, section:, theme:, kind:,
 * rating:, score:, file:, id:, heading:) as filter terms of the index's
 * layout (schema.h). Every value is looked up the way the indexer decided
 * it, so a filter can only ask for something the index can hold; values it
 * cannot hold are errors that say what would be valid.
 */
#include "qbuild_internal.h"

#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "record.h"
#include "schema.h"
#include "section.h"

int qb_is_filter(const qnode *n)
{
    if (n->type == Q_FIELD)
        return n->field != QFIELD_HEADING;
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
    qb_terms t = {0};
    shim_query *q = NULL;
    if (qb_terms_add(c, &t, prefix, value) == 0) {
        shim_status st = shim_query_term(t.v[0], 1, 0, &q);
        if (st != SHIM_OK)
            qb_shim_fail(c, st, column);
    }
    qb_terms_clear(&t);
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

static shim_query *authority_filter(qb_ctx *c, const qnode *n)
{
    const authority_table *t = c->env->authorities;
    int idx = t ? authority_lookup(t, n->text, strlen(n->text)) : -1;
    if (idx >= 0)
        return keyed_term(c, PREFIX_AUTHORITY, authority_name(t, (size_t)idx),
                          n->column);
    char *key = NULL;
    int near = -1;
    if (t && norm_key(n->text, strlen(n->text), &key) == NORM_OK && key[0])
        near = closest_council(t, key);
    free(key);
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
    qb_fail(c, n->column, "%s section '%.*s' at column %u; sections are: %s",
            s == -2 ? "ambiguous" : "unknown", qb_clip(n->text), n->text,
            n->column, list);
    return NULL;
}

static shim_query *theme_filter(qb_ctx *c, const qnode *n)
{
    int t = theme_lookup(n->text);
    if (t >= 0)
        return filter_term(c, PREFIX_THEME, theme_key(t), n->column);
    char list[160] = "";
    for (int i = 0; i < THEME_COUNT; i++) {
        if (i)
            strcat(list, ", ");
        strncat(list, theme_name(i), sizeof list - strlen(list) - 1);
    }
    qb_fail(c, n->column, "%s theme '%.*s' at column %u; themes are: %s",
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
            "assessment, summary, self-assessment", qb_clip(n->text), n->text,
            n->column);
    return NULL;
}

/* CQC's four overall ratings, as the parser records them (parse.h). */
static const char *const ratings[] = {"Outstanding", "Good",
                                      "Requires improvement", "Inadequate"};

static shim_query *rating_filter(qb_ctx *c, const qnode *n)
{
    char *key = NULL, *rk = NULL;
    int found = -1, count = 0;
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
        return keyed_term(c, PREFIX_RATING, ratings[found], n->column);
    qb_fail(c, n->column, "unknown rating '%.*s' at column %u; ratings are "
            "Outstanding, Good, Requires improvement, Inadequate",
            qb_clip(n->text), n->text, n->column);
    return NULL;
}

/* ---- score:, file:, id: ---- */

static shim_query *score_filter(qb_ctx *c, const qnode *n)
{
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
    const char *term;
    uint32_t freq;
    if (!subs)
        qb_nomem(c);
    while (subs && !c->failed && shim_termlist_next(tl, &term, &freq)) {
        const char *path = term + strlen(PREFIX_FILE);
        const char *slash = strrchr(path, '/');
        const char *base = slash ? slash + 1 : path;
        int hit = wild ? starts_with(path, v, plen) || starts_with(base, v, plen)
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
    case QFIELD_AUTHORITY: q = authority_filter(c, n); break;
    case QFIELD_SECTION: q = section_filter(c, n); break;
    case QFIELD_THEME: q = theme_filter(c, n); break;
    case QFIELD_KIND: q = kind_filter(c, n); break;
    case QFIELD_RATING: q = rating_filter(c, n); break;
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
