/* out_json.c: results for scripts, as JSON built with jansson (see out.h). */
#include "out.h"

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
    json_object_set_new(o, "query", json_string(req->query));
    json_object_set_new(o, "parsed", res->parsed ? json_string(res->parsed) : json_null());
    json_object_set_new(o, "total", json_integer(res->total));
    json_object_set_new(o, "partial", json_boolean(res->partial));
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
    return json_pack("{s:s?, s:{s:s, s:o}}", "query", query, "error", "message",
                     err->message, "column",
                     err->column ? json_integer(err->column) : json_null());
}
