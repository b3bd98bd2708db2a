/* summary.c: lasearch-fetch's output (contract in summary.h). */
#include "summary.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

struct summary {
    const fetch_options *o;
    json_t *documents, *gone, *failed;   /* NULL without --json */
    int nomem;
};

summary *summary_new(const fetch_options *o)
{
    summary *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->o = o;
    if (o->json) {
        s->documents = json_array();
        s->gone = json_array();
        s->failed = json_array();
        if (!s->documents || !s->gone || !s->failed) {
            summary_free(s);
            return NULL;
        }
    }
    return s;
}

void summary_free(summary *s)
{
    if (!s)
        return;
    json_decref(s->documents);
    json_decref(s->gone);
    json_decref(s->failed);
    free(s);
}

static const char *status_word(crawl_outcome w)
{
    switch (w) {
    case CRAWL_NEW: return "new";
    case CRAWL_CHANGED: return "changed";
    case CRAWL_UNCHANGED: return "unchanged";
    case CRAWL_FAILED: return "failed";
    case CRAWL_GONE: return "gone";
    case CRAWL_SKIPPED: return "skipped";
    case CRAWL_READ: return "read";
    }
    return "?";
}

static void add(summary *s, json_t *array, json_t *obj)
{
    if (!obj || json_array_append_new(array, obj) != 0)
        s->nomem = 1;
}

void summary_event(void *ctx, const crawl_event *ev)
{
    summary *s = ctx;
    const fetch_options *o = s->o;
    switch (ev->what) {
    case CRAWL_FAILED:
        fprintf(stderr, "lasearch-fetch: %s: %s\n", ev->url, ev->detail ? ev->detail : "failed");
        break;
    case CRAWL_GONE:
        if (!o->quiet && !o->json)
            printf("gone: %s (%s moved to %s)\n", ev->url, ev->file, ev->detail);
        break;
    default:
        if (o->verbose)
            fprintf(stderr, "lasearch-fetch: %s %s%s%s%s%s\n", status_word(ev->what), ev->url,
                    ev->file ? " -> " : "", ev->file ? ev->file : "", ev->detail ? ": " : "",
                    ev->detail ? ev->detail : "");
        break;
    }
    if (!o->json)
        return;
    if (ev->what == CRAWL_NEW || ev->what == CRAWL_CHANGED || ev->what == CRAWL_UNCHANGED)
        add(s, s->documents, json_pack("{s:s, s:s, s:s}", "url", ev->url, "file", ev->file,
                                       "status", status_word(ev->what)));
    else if (ev->what == CRAWL_GONE)
        add(s, s->gone, json_pack("{s:s, s:s, s:s}", "url", ev->url, "file", ev->file,
                                  "moved_to", ev->detail));
    else if (ev->what == CRAWL_FAILED)
        add(s, s->failed, json_pack("{s:s, s:s}", "url", ev->url, "error",
                                    ev->detail ? ev->detail : "failed"));
}

int summary_finish(summary *s, const crawl_totals *t, double seconds)
{
    if (t->limit && !s->o->quiet)
        fprintf(stderr, "lasearch-fetch: stopped at the %s limit: %zu pages not fetched "
                "(a higher %s fetches them)\n", t->limit, t->not_fetched, t->limit);
    if (!s->o->json) {
        if (!s->o->quiet)
            printf("Fetched %zu pages in %.1f s: %zu new, %zu changed, %zu unchanged, "
                   "%zu failed, %zu gone, %zu skipped (%.1f MB)\n",
                   t->pages, seconds, t->added, t->changed, t->unchanged, t->failed, t->gone,
                   t->skipped, (double)t->bytes / 1e6);
        return 0;
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:s?, s:I,"
                          " s:O, s:O, s:O}",
                          "pages", (json_int_t)t->pages, "new", (json_int_t)t->added,
                          "changed", (json_int_t)t->changed,
                          "unchanged", (json_int_t)t->unchanged,
                          "failed", (json_int_t)t->failed, "gone", (json_int_t)t->gone,
                          "skipped", (json_int_t)t->skipped,
                          "requests", (json_int_t)t->requests,
                          "bytes", (json_int_t)t->bytes, "seconds", seconds,
                          "limit", t->limit, "not_fetched", (json_int_t)t->not_fetched,
                          "documents", s->documents, "gone_pages", s->gone,
                          "failures", s->failed);
    if (!o || s->nomem) {
        json_decref(o);
        return -1;
    }
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}
