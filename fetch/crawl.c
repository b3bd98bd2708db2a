/* crawl.c: one night's fetch (contract in crawl.h). */
#include "crawl.h"

#include "docname.h"
#include "http.h"
#include "links.h"
#include "manifest_rows.h"
#include "sites.h"
#include "state.h"
#include "store.h"
#include "strmap.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GONE_DIR ".gone"
#define CACHE_DIR ".fetch-cache"
#define DOCS_DIR "documents"
#define MAX_HOPS 5
#define SAVE_EVERY 100   /* pages written between saves of state and manifest */

typedef struct qitem {
    char *url;
    size_t depth;
    size_t src;        /* index into the sources */
    int start;         /* a start page: fetched even outside follow */
} qitem;

typedef struct crawl {
    const crawl_config *cfg;
    crawl_totals *tot;
    http_client *http;
    sites *sites;
    fetch_state state;
    manifest_rows rows;
    strmap visited;
    qitem *q;
    size_t head, n, cap;
    size_t unsaved;     /* pages written since the last save */
    int nomem;          /* sticky: checked by the loop */
    char *err;
    size_t errlen;
} crawl;

static void event(crawl *c, crawl_outcome what, const char *url, const char *file,
                  const char *detail)
{
    switch (what) {
    case CRAWL_NEW: c->tot->added++; break;
    case CRAWL_CHANGED: c->tot->changed++; break;
    case CRAWL_UNCHANGED: c->tot->unchanged++; break;
    case CRAWL_FAILED: c->tot->failed++; break;
    case CRAWL_GONE: c->tot->gone++; break;
    case CRAWL_SKIPPED: c->tot->skipped++; break;
    case CRAWL_READ: break;
    }
    if (c->cfg->on_event) {
        crawl_event ev = { what, url, file, detail };
        c->cfg->on_event(c->cfg->ctx, &ev);
    }
}

/* Links to files lasearch cannot index are not worth a request: the
 * server's content type would turn them away after it. */
static int worth_asking(const char *url)
{
    static const char *const skip[] = {
        ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".ico", ".bmp", ".tif",
        ".css", ".js", ".json", ".xml", ".rss", ".atom", ".zip", ".gz", ".doc",
        ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".csv", ".mp3",
        ".mp4", ".avi", ".mov", ".webm", ".woff", ".woff2", ".ttf", ".eot", ".ics",
        ".exe", ".dmg", NULL };
    size_t n = strcspn(url, "?");
    for (const char *const *e = skip; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strncasecmp(url + n - k, *e, k) == 0)
            return 0;
    }
    return 1;
}

static void enqueue(crawl *c, const char *url, size_t depth, size_t src, int start)
{
    size_t dummy;
    if (c->nomem || strmap_get(&c->visited, url, &dummy))
        return;
    /* Queued once: a page linked from ten others is asked for once. */
    if (strmap_put(&c->visited, url, 0) != 0) {
        c->nomem = 1;
        return;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        qitem *q = realloc(c->q, cap * sizeof *q);
        if (!q) {
            c->nomem = 1;
            return;
        }
        c->q = q;
        c->cap = cap;
    }
    qitem *it = &c->q[c->n];
    if (!(it->url = strdup(url))) {
        c->nomem = 1;
        return;
    }
    it->depth = depth;
    it->src = src;
    it->start = start;
    c->n++;
}

static int save(crawl *c)
{
    c->unsaved = 0;
    if (state_save(c->cfg->rootfd, &c->state, c->err, c->errlen) != 0)
        return -1;
    return rows_save(c->cfg->rootfd, &c->rows, c->err, c->errlen);
}

static doc_type type_of(const http_response *r, int *ok)
{
    const char *t = r->content_type ? r->content_type : "";
    *ok = 1;
    if (strcmp(t, "application/pdf") == 0)
        return DOC_PDF;
    if (strcmp(t, "text/plain") == 0)
        return DOC_TEXT;
    if (strcmp(t, "text/html") == 0 || strcmp(t, "application/xhtml+xml") == 0)
        return DOC_HTML;
    /* application/octet-stream: a PDF by its signature, else nothing. */
    *ok = r->len >= 5 && memcmp(r->body, "%PDF-", 5) == 0;
    return DOC_PDF;
}

static int has_prefix(const char *s, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(s, dir, n) == 0 && s[n] == '/';
}

/* The file for url's page: the one it had (same place and extension), else
 * its docname, else a hashed name when another URL holds that one. */
static char *file_for(crawl *c, const char *url, const char *dir, doc_type t)
{
    state_entry *e = state_find(&c->state, url);
    const char *ext = docname_ext(t);
    if (e && has_prefix(e->file, dir) && strlen(e->file) > strlen(ext) &&
        strcmp(e->file + strlen(e->file) - strlen(ext), ext) == 0)
        return strdup(e->file);
    char *name = docname(dir, url, t);
    const char *owner = name ? state_owner(&c->state, name) : NULL;
    if (name && owner && strcmp(owner, url) != 0) {
        free(name);
        name = docname_hashed(dir, url, t);
    }
    return name;
}

/* Queue the links of an HTML page that lie under its source's prefix. */
static void follow_links(crawl *c, const qitem *it, const char *url, const char *html,
                         size_t len)
{
    if (it->depth >= c->cfg->max_depth)
        return;
    link_list links;
    if (links_extract(html, len, url, &links) != 0) {
        c->nomem = 1;
        return;
    }
    const char *follow = c->cfg->src->v[it->src].follow;
    for (size_t i = 0; i < links.n; i++)
        if (url_under(links.v[i], follow) && worth_asking(links.v[i]))
            enqueue(c, links.v[i], it->depth + 1, it->src, 0);
    links_clear(&links);
}

/* Move a stored page out of the corpus: it is gone, or its URL now gives
 * another kind of file under another name. */
static void move_aside(crawl *c, const char *url, const char *file, int report)
{
    char *to = NULL, why[512];
    int rc = store_move_aside(c->cfg->rootfd, file, GONE_DIR, &to, why, sizeof why);
    if (rc < 0) {
        event(c, CRAWL_FAILED, url, file, why);
        return;
    }
    rows_remove(&c->rows, file);
    c->unsaved++;
    if (report)
        event(c, CRAWL_GONE, url, file, to ? to : "(already moved)");
    free(to);
}

/* A 2xx page: store it if it changed, remember it, follow its links. */
static void got_page(crawl *c, const qitem *it, const char *url, int stored,
                     const http_response *r)
{
    const source *src = &c->cfg->src->v[it->src];
    int ok;
    doc_type t = type_of(r, &ok);
    if (!ok) {
        event(c, CRAWL_SKIPPED, url, NULL, "application/octet-stream that is not a PDF");
        return;
    }
    char *file = file_for(c, url, stored ? DOCS_DIR : CACHE_DIR, t);
    if (!file) {
        c->nomem = 1;
        return;
    }
    state_entry *old = state_find(&c->state, url);
    if (old && strcmp(old->file, file) != 0 && has_prefix(old->file, DOCS_DIR))
        move_aside(c, url, old->file, 0);   /* the same page under its new name */
    int existed = store_exists(c->cfg->rootfd, file);
    crawl_outcome what = CRAWL_UNCHANGED;
    if (!existed || !store_same(c->cfg->rootfd, file, r->body, r->len)) {
        char why[512];
        if (store_put(c->cfg->rootfd, file, r->body, r->len, why, sizeof why) != 0) {
            event(c, CRAWL_FAILED, url, file, why);
            free(file);
            return;
        }
        what = existed ? CRAWL_CHANGED : CRAWL_NEW;
        c->unsaved++;
    }
    if (state_set(&c->state, url, file, r->etag, r->last_modified) != 0)
        c->nomem = 1;
    if (stored) {
        char day[11];
        int dated = http_date_day(r->last_modified, day) == 0;
        if (rows_set(&c->rows, file, src->authority, src->kind, url, dated ? day : NULL) != 0)
            c->nomem = 1;
        event(c, what, url, file, NULL);
    } else {
        event(c, CRAWL_READ, url, file, NULL);
    }
    if (t == DOC_HTML)
        follow_links(c, it, url, r->body, r->len);
    free(file);
}

/* A 304: the copy we have is current. */
static void not_modified(crawl *c, const qitem *it, const char *url, int stored,
                         state_entry *e, const http_response *r)
{
    const source *src = &c->cfg->src->v[it->src];
    char *file = strdup(e->file);
    if (!file) {
        c->nomem = 1;
        return;
    }
    /* A 304 may bring new validators (RFC 9110 15.4.5). */
    if (r->etag || r->last_modified) {
        const char *etag = r->etag ? r->etag : e->etag;
        const char *lm = r->last_modified ? r->last_modified : e->last_modified;
        char *et = strdup(etag), *l = strdup(lm);
        if (!et || !l || state_set(&c->state, url, file, et, l) != 0)
            c->nomem = 1;
        free(et);
        free(l);
        e = state_find(&c->state, url);
    }
    if (stored) {
        char day[11];
        int dated = e && http_date_day(e->last_modified, day) == 0;
        /* The row may be missing after a killed run: put it back. */
        if (rows_set(&c->rows, file, src->authority, src->kind, url, dated ? day : NULL) != 0)
            c->nomem = 1;
        event(c, CRAWL_UNCHANGED, url, file, NULL);
    } else {
        event(c, CRAWL_READ, url, file, "not modified");
    }
    size_t n = strlen(file);
    if (n > 5 && strcmp(file + n - 5, ".html") == 0 && it->depth < c->cfg->max_depth) {
        char *html;
        size_t len;
        if (store_read(c->cfg->rootfd, file, c->cfg->max_size, &html, &len) == 0) {
            follow_links(c, it, url, html, len);
            free(html);
        }
    }
    free(file);
}

/* 404 or 410: a page we held leaves the corpus; one we never had is a dead
 * link, reported as a failure. */
static void gone(crawl *c, const char *url, long code)
{
    char why[64];
    snprintf(why, sizeof why, "HTTP %ld", code);
    state_entry *e = state_find(&c->state, url);
    if (!e) {
        event(c, CRAWL_FAILED, url, NULL, why);
        return;
    }
    char *file = strdup(e->file);
    if (!file) {
        c->nomem = 1;
        return;
    }
    state_drop(&c->state, url);
    c->unsaved++;
    if (has_prefix(file, DOCS_DIR)) {
        move_aside(c, url, file, 1);
    } else {
        store_remove(c->cfg->rootfd, file);   /* a start page's cached copy */
        event(c, CRAWL_FAILED, url, NULL, why);
    }
    free(file);
}

/* One queued page, its redirects followed hop by hop. */
static void visit(crawl *c, const qitem *it)
{
    const source *src = &c->cfg->src->v[it->src];
    char *url = strdup(it->url), detail[512];
    if (!url) {
        c->nomem = 1;
        return;
    }
    for (int hops = 0;; hops++) {
        int stored = url_under(url, src->follow);
        sites_verdict v = sites_allowed(c->sites, url, &c->tot->requests, &c->tot->bytes,
                                        detail, sizeof detail);
        if (v == SITES_NOMEM) {
            c->nomem = 1;
            break;
        }
        if (v != SITES_ALLOWED) {
            event(c, v == SITES_DISALLOWED ? CRAWL_SKIPPED : CRAWL_FAILED, url, NULL, detail);
            break;
        }
        state_entry *e = state_find(&c->state, url);
        int have = e && store_exists(c->cfg->rootfd, e->file);
        http_request req = { .url = url, .etag = have ? e->etag : NULL,
                             .last_modified = have ? e->last_modified : NULL,
                             .max_bytes = c->cfg->max_size, .timeout = c->cfg->timeout };
        http_response r;
        sites_wait(c->sites, url);
        http_status hs = http_get(c->http, &req, &r);
        sites_done(c->sites, url);
        c->tot->requests++;
        c->tot->pages++;
        c->tot->bytes += r.len;
        char *next = NULL;
        if (hs == HTTP_BAD_TYPE) {
            event(c, CRAWL_SKIPPED, url, NULL, r.error);
        } else if (hs != HTTP_DONE) {
            event(c, CRAWL_FAILED, url, NULL, r.error);
        } else if (r.code >= 200 && r.code < 300) {
            got_page(c, it, url, stored, &r);
        } else if (r.code == 304 && have) {
            not_modified(c, it, url, stored, e, &r);
        } else if (r.code == 404 || r.code == 410) {
            gone(c, url, r.code);
        } else if (r.code >= 300 && r.code < 400 && r.location) {
            url_status us = url_canon(NULL, r.location, &next);
            size_t dummy;
            if (us == URL_NOMEM) {
                c->nomem = 1;
            } else if (us != URL_OK) {
                snprintf(detail, sizeof detail, "redirect to %.300s refused: %s", r.location,
                         us == URL_SCHEME ? "http and https only" : "not a usable URL");
                event(c, CRAWL_FAILED, url, NULL, detail);
            } else if (hops >= MAX_HOPS) {
                event(c, CRAWL_FAILED, url, NULL, "more than 5 redirects");
            } else if (!it->start && !url_under(next, src->follow)) {
                snprintf(detail, sizeof detail, "redirects to %.300s, outside %.150s", next,
                         src->follow);
                event(c, CRAWL_SKIPPED, url, NULL, detail);
            } else if (strmap_get(&c->visited, next, &dummy) && strcmp(next, it->url) != 0) {
                /* Already queued or fetched under that name. */
            } else if (strmap_put(&c->visited, next, 0) != 0) {
                c->nomem = 1;
            } else {
                http_response_clear(&r);
                free(url);
                url = next;
                continue;
            }
        } else {
            snprintf(detail, sizeof detail, "HTTP %ld", r.code);
            event(c, CRAWL_FAILED, url, NULL, detail);
        }
        free(next);
        http_response_clear(&r);
        break;
    }
    free(url);
}

/* Pages held from earlier nights that no link reached: ask for each (no
 * links followed), so a page that is gone is seen to be gone. Only under a
 * current source's prefix: the first such source's authority and kind
 * apply. */
static void queue_unreached(crawl *c)
{
    for (size_t i = 0; i < c->state.n; i++) {
        const state_entry *e = &c->state.v[i];
        size_t dummy;
        if (e->dead || !has_prefix(e->file, DOCS_DIR) ||
            strmap_get(&c->visited, e->url, &dummy))
            continue;
        for (size_t s = 0; s < c->cfg->src->n; s++)
            if (url_under(e->url, c->cfg->src->v[s].follow)) {
                enqueue(c, e->url, c->cfg->max_depth, s, 0);
                break;
            }
    }
}

static int limit_reached(crawl *c)
{
    if (c->tot->pages >= c->cfg->max_pages)
        c->tot->limit = "--max-pages";
    else if (c->tot->bytes >= c->cfg->max_total)
        c->tot->limit = "--max-total";
    return c->tot->limit != NULL;
}

/* Run the queue to its end or to a limit. 0, or -1 (err set). */
static int run_queue(crawl *c)
{
    while (c->head < c->n && !c->nomem) {
        if (limit_reached(c)) {
            c->tot->not_fetched += c->n - c->head;
            break;
        }
        qitem it = c->q[c->head++];
        visit(c, &it);
        if (c->unsaved >= SAVE_EVERY && save(c) != 0)
            return -1;
    }
    if (c->nomem) {
        snprintf(c->err, c->errlen, "out of memory");
        return -1;
    }
    return 0;
}

int crawl_run(const crawl_config *cfg, crawl_totals *tot, char *err, size_t errlen)
{
    memset(tot, 0, sizeof *tot);
    crawl c = { .cfg = cfg, .tot = tot, .err = err, .errlen = errlen };
    int rc = -1;
    /* Temporary files a killed run left: never whole, never indexed
     * (hidden), but not worth keeping either. */
    store_sweep(cfg->rootfd, ".");
    store_sweep(cfg->rootfd, DOCS_DIR);
    store_sweep(cfg->rootfd, CACHE_DIR);
    if (state_load(cfg->rootfd, &c.state, err, errlen) != 0 ||
        rows_load(cfg->rootfd, &c.rows, err, errlen) != 0)
        goto out;
    c.http = http_new(cfg->user_agent);
    sites_config sc = { c.http, &c.state, cfg->rootfd, cfg->delay, cfg->timeout };
    c.sites = c.http ? sites_new(&sc) : NULL;
    if (!c.sites) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < cfg->src->n; i++)
        enqueue(&c, cfg->src->v[i].url, 0, i, 1);
    if (run_queue(&c) != 0)
        goto out;
    if (!tot->limit) {
        queue_unreached(&c);
        if (run_queue(&c) != 0)
            goto out;
    }
    rc = save(&c);
out:
    for (size_t i = 0; i < c.n; i++)
        free(c.q[i].url);
    free(c.q);
    strmap_clear(&c.visited);
    sites_free(c.sites);
    http_free(c.http);
    state_clear(&c.state);
    rows_clear(&c.rows);
    return rc;
}
