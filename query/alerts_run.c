/* alerts_run.c: what is new for each saved search, as JSON and as text
 * (see alerts.h). */
#include "alerts.h"

#include <stdlib.h>
#include <string.h>

#include "genhist.h"
#include "out.h"

/* A request as every saved search runs: full matches only (a partial
 * match would alert on paragraphs that lack a word), in document order. */
static void request(search_request *req, const char *query, const char *since, size_t limit)
{
    search_request_init(req, query);
    req->since = since;
    req->strict = 1;
    req->sort = SORT_DOCUMENT;
    req->limit = limit;
    req->max_results = limit > SEARCH_DEFAULT_MAX_RESULTS ? limit : SEARCH_DEFAULT_MAX_RESULTS;
    req->hl_start = req->hl_end = "";
}

int alerts_check(search_index *ix, const saved_searches *s, char *err, size_t errlen)
{
    for (size_t i = 0; i < s->n; i++) {
        search_request req;
        search_result res;
        qerror qe;
        request(&req, s->s[i].query, NULL, 0);
        search_status st = search_run(ix, &req, &res, &qe);
        search_result_clear(&res);
        if (st != SEARCH_OK) {
            snprintf(err, errlen, "%s%s:%u: '%s': %s", st == SEARCH_INDEX_ERROR ? "index: " : "",
                     s->path, s->s[i].line, s->s[i].name, qe.message);
            return -1;
        }
    }
    return 0;
}

static json_t *hit_json(const search_hit *h)
{
    json_t *o = record_to_json(&h->rec);
    char cite[4200], link[4096];
    if (h->rec.page)
        snprintf(cite, sizeof cite, "%s:page %u", h->rec.file, h->rec.page);
    else
        snprintf(cite, sizeof cite, "%s:%u", h->rec.file, h->rec.line);
    out_source_link(&h->rec, link, sizeof link);
    if (o && (json_object_set_new(o, "citation", json_string(cite)) != 0 ||
              json_object_set_new(o, "link", link[0] ? json_string(link) : json_null()) != 0)) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

/* One saved search's entry; NULL with err. */
static json_t *one(search_index *ix, const saved_searches *s, size_t i, const char *since,
                   size_t limit, json_int_t *matched, char *err, size_t errlen)
{
    search_request req;
    search_result res;
    qerror qe;
    request(&req, s->s[i].query, since, limit);
    search_status st = search_run(ix, &req, &res, &qe);
    if (st != SEARCH_OK) {
        snprintf(err, errlen, "%s:%u: '%s': %s", s->path, s->s[i].line, s->s[i].name,
                 qe.message);
        search_result_clear(&res);
        return NULL;
    }
    json_t *hits = json_array();
    int bad = !hits;
    for (size_t k = 0; k < res.n_hits && !bad; k++)
        bad = json_array_append_new(hits, hit_json(&res.hits[k])) != 0;
    json_t *o = bad ? NULL
                    : json_pack("{s:s, s:s, s:I, s:I, s:o}", "name", s->s[i].name, "query",
                                s->s[i].query, "line", (json_int_t)s->s[i].line, "total",
                                (json_int_t)res.total, "hits", hits);
    if (!o) {
        if (bad)
            json_decref(hits);
        snprintf(err, errlen, "out of memory");
    }
    *matched += res.total;
    search_result_clear(&res);
    return o;
}

json_t *alerts_run(search_index *ix, const saved_searches *s, const char *since,
                   size_t limit, char *err, size_t errlen)
{
    gen_history h;
    long after;
    if (search_index_generations(ix, &h, err, errlen) != 0)
        return NULL;
    if (gen_since_resolve(since, &h, &after, err, errlen) != 0) {
        gen_history_clear(&h);
        return NULL;
    }
    char when[32] = "", after_text[32];
    const gen_entry *live = h.n ? &h.e[h.n - 1] : NULL;
    if (live) {
        para_record r = {.seen_time = live->time};
        record_seen_iso(&r, when, sizeof when);
    }
    json_t *report = json_pack("{s:I, s:o, s:s?}", "since", (json_int_t)after, "generation",
                               live ? json_integer(live->gen) : json_null(), "time",
                               live ? when : NULL);
    gen_history_clear(&h);
    json_t *list = json_array();
    json_int_t matched = 0;
    snprintf(after_text, sizeof after_text, "%ld", after);
    if (!report || !list) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < s->n; i++) {
        json_t *o = one(ix, s, i, after_text, limit, &matched, err, errlen);
        if (!o || json_array_append_new(list, o) != 0)
            goto fail;
    }
    if (json_object_set_new(report, "matched", json_integer(matched)) != 0 ||
        json_object_set_new(report, "alerts", list) != 0) {
        snprintf(err, errlen, "out of memory");
        return json_decref(report), NULL;
    }
    return report;
fail:
    json_decref(list);
    json_decref(report);
    return NULL;
}

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

int alerts_print(FILE *f, const json_t *report)
{
    json_int_t since = json_integer_value(json_object_get(report, "since"));
    json_int_t gen = json_integer_value(json_object_get(report, "generation"));
    json_int_t matched = json_integer_value(json_object_get(report, "matched"));
    const json_t *list = json_object_get(report, "alerts");
    if (!matched) {   /* one line: a quiet night makes a short mail */
        fprintf(f, "Saved searches: nothing new or changed after generation %lld for any "
                "of %zu (the index is at generation %lld)\n", (long long)since,
                json_array_size(list), (long long)gen);
        return ferror(f) ? -1 : 0;
    }
    fprintf(f, "Saved searches: %lld new or changed paragraph%s after generation %lld "
            "(the index is at generation %lld, %s)\n", (long long)matched,
            matched == 1 ? "" : "s", (long long)since, (long long)gen, str(report, "time"));
    size_t i, quiet = 0;
    const json_t *a;
    json_array_foreach(list, i, a) {
        json_int_t total = json_integer_value(json_object_get(a, "total"));
        const json_t *hits = json_object_get(a, "hits");
        if (!total) {
            quiet++;
            continue;
        }
        fprintf(f, "\n== %s: %lld new or changed paragraph%s (%s)\n", str(a, "name"),
                (long long)total, total == 1 ? "" : "s", str(a, "query"));
        size_t k;
        const json_t *h;
        json_array_foreach(hits, k, h) {
            const char *council = str(h, "authority");
            fprintf(f, "\n  %s | %s%s%s\n", council[0] ? council : "(council undecided)",
                    str(h, "kind"), json_is_string(json_object_get(h, "heading")) ? " | " : "",
                    str(h, "heading"));
            fprintf(f, "  %s  (new in generation %lld, %s)\n", str(h, "citation"),
                    (long long)json_integer_value(json_object_get(h, "first_seen_generation")),
                    str(h, "first_seen"));
            if (json_is_string(json_object_get(h, "link")))
                fprintf(f, "  %s\n", str(h, "link"));
            fprintf(f, "  %s\n", str(h, "text"));
        }
        if ((size_t)total > json_array_size(hits))
            fprintf(f, "\n  ... and %lld more (lasearch-query --since %lld '%s')\n",
                    (long long)(total - (json_int_t)json_array_size(hits)), (long long)since,
                    str(a, "query"));
    }
    if (quiet) {
        fprintf(f, "\nNothing new for:");
        size_t shown = 0;
        json_array_foreach(list, i, a) {
            if (!json_integer_value(json_object_get(a, "total")))
                fprintf(f, "%s %s", shown++ ? "," : "", str(a, "name"));
        }
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}
