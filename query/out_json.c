/* out_json.c: results for scripts, as JSON built with jansson (see out.h). */
#include "out.h"

#include <stdlib.h>
#include <string.h>

#include "normalise.h"

/* A JSON string for text that may not be UTF-8 (a batch line is anything a
 * file holds): json_string() refuses invalid UTF-8 and returns NULL, which
 * would silently drop the field, or the whole answer. Invalid bytes become
 * U+FFFD instead, so what is written always parses back. */
static json_t *text_json(const char *s)
{
    json_t *j = json_string(s);
    if (j || !s)
        return j;
    size_t len = strlen(s), w = 0;
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t n = norm_utf8_len(s + i, len - i);
        if (n) {
            memcpy(fixed + w, s + i, n);
            w += n;
            i += n;
        } else {
            memcpy(fixed + w, "\xEF\xBF\xBD", 3);
            w += 3;
            i++;
        }
    }
    fixed[w] = '\0';
    j = json_string(fixed);
    free(fixed);
    return j;
}

static json_t *hit_json(const search_hit *h)
{
    json_t *o = record_to_json(&h->rec);
    json_t *matched = json_array();
    if (!o || !matched) {
        json_decref(o);
        json_decref(matched);
        return NULL;
    }
    for (size_t i = 0; i < h->n_matched; i++)
        json_array_append_new(matched, json_string(h->matched[i]));
    json_object_set_new(o, "rank", json_integer((json_int_t)h->rank));
    json_object_set_new(o, "weight", json_real(h->weight));
    json_object_set_new(o, "snippet", json_string(h->snippet ? h->snippet : h->rec.text));
    json_object_set_new(o, "matched", matched);
    return o;
}

static json_t *hits_json(const search_hit *hits, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *h = hit_json(&hits[i]);
        if (!h || json_array_append_new(a, h) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *facets_json(const search_result *res)
{
    json_t *o = json_object();
    for (int k = 0; o && k < FACET_COUNT; k++) {
        if (!res->facets[k])
            continue;
        json_t *a = json_array();
        for (size_t i = 0; a && i < res->n_facets[k]; i++) {
            const facet_count *c = &res->facets[k][i];
            json_array_append_new(a, json_pack("{s:o, s:i}", "value",
                                               c->value[0] ? json_string(c->value)
                                                           : json_null(),
                                               "count", (int)c->count));
        }
        json_object_set_new(o, search_facet_name(k), a ? a : json_null());
    }
    return o;
}

json_t *out_json(const search_request *req, const search_result *res)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "query", text_json(req->query));
    json_object_set_new(o, "parsed", res->parsed ? text_json(res->parsed) : json_null());
    json_object_set_new(o, "total", json_integer(res->total));
    json_object_set_new(o, "partial", json_boolean(res->partial));
    json_object_set_new(o, "incomplete", json_boolean(res->incomplete));
    json_object_set_new(o, "offset", json_integer((json_int_t)req->offset));
    json_object_set_new(o, "facets", facets_json(res));
    if (req->by_authority) {
        json_t *groups = json_array();
        for (size_t g = 0; groups && g < res->n_groups; g++) {
            const search_group *gr = &res->groups[g];
            json_array_append_new(groups, json_pack("{s:o, s:i, s:o}", "authority",
                                  gr->authority[0] ? json_string(gr->authority) : json_null(),
                                  "count", (int)gr->count,
                                  "hits", hits_json(gr->hits, gr->n_hits)));
        }
        json_object_set_new(o, "groups", groups ? groups : json_null());
    }
    if (res->suggestion)
        json_object_set_new(o, "suggestion", json_pack("{s:s, s:i}", "query",
                            res->suggestion, "total", (int)res->suggestion_total));
    else
        json_object_set_new(o, "suggestion", json_null());
    json_t *hits = hits_json(res->hits, res->n_hits);
    if (!hits) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "hits", hits);
    return o;
}

json_t *out_json_error(const char *query, const qerror *err)
{
    /* The message too: it may quote the query, cut short at 255 bytes,
     * possibly inside a character. */
    return json_pack("{s:o?, s:{s:o, s:s, s:o}}", "query", text_json(query), "error",
                     "message", text_json(err->message), "kind",
                     qerror_kind_name(err->kind), "column",
                     err->column ? json_integer(err->column) : json_null());
}
