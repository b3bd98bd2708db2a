/* build_parallel.c: a full build's files, indexed by one thread per shard
 * (see build_internal.h, builder_add_all).
 *
 * Each thread owns one shard's writer, and indexing is nearly all of a
 * build's work (parsing is about 2% of it). A file's shard depends on its
 * council, which may come from its text, so the build goes in two passes:
 *
 * 1. routing: the threads share out the files, parse each and note only
 *    its shard (nothing else is kept, so memory does not grow); a file
 *    whose council the manifest gives needs no parsing;
 * 2. indexing: each thread reads, parses and indexes its own shard's files
 *    in corpus order, never waiting for another thread. Files with nothing
 *    to index are shared out by position.
 *
 * Handing documents between threads instead would stall: the corpus comes
 * council by council, so long runs of files belong to one shard while the
 * other threads wait for room to hand theirs on. The price is parsing
 * twice each file whose council the manifest does not give.
 *
 * A file edited between the passes can land in another shard; its thread
 * then leaves the document in the owner's inbox, and each thread indexes
 * its inbox once every thread has finished its own files. At the end each
 * thread commits its own shard, so the final flushes run in parallel too.
 */
#include "build_internal.h"
#include "shards.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file with nothing to index. */
#define ROUTE_NONE UINT_MAX

/* Files a thread takes at once while routing (fewer lock round trips). */
enum { ROUTE_BATCH = 16 };

typedef struct handoff {
    corpus_doc doc;
    struct handoff *next;
} handoff;

typedef struct worker worker;

typedef struct pool {
    builder *b;
    unsigned threads;         /* indexing: one per shard */
    const unsigned char *only;  /* files to index: all, or only[i] != 0 */
    size_t total;             /* how many, for progress */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned *route;          /* per file of b->files: its shard, or ROUTE_NONE */
    const file_table *old;    /* builder_fingerprint_all: signatures to trust */
    char (*hash)[SHA256_HEX]; /* builder_fingerprint_all: per file */
    char (*sig)[SHA256_HEX];
    size_t trusted;           /* files whose signature was trusted */
    const file_state *const *gone;  /* builder_remove_files: files to unindex */
    size_t n_gone;
    size_t next_file;         /* routing: the next file to take */
    unsigned indexed;         /* threads done with their own files */
    size_t done;              /* files indexed, for progress */
    int failed;               /* a thread failed: everyone stops */
    worker *workers;
} pool;

struct worker {
    pool *p;
    unsigned shard;
    handoff *inbox;           /* documents that changed shard between passes */
    pthread_t thread;
    char err[1024];
};

static void fail_locked(pool *p, worker *w)
{
    if (!p->failed) {
        p->failed = 1;
        snprintf(p->b->err, p->b->errlen, "%s", w->err);
    }
    pthread_cond_broadcast(&p->cv);
}

static void fail(pool *p, worker *w)
{
    pthread_mutex_lock(&p->mu);
    fail_locked(p, w);
    pthread_mutex_unlock(&p->mu);
}

static int failed(pool *p)
{
    pthread_mutex_lock(&p->mu);
    int f = p->failed;
    pthread_mutex_unlock(&p->mu);
    return f;
}

static int selected(const pool *p, size_t i)
{
    return !p->only || p->only[i];
}

/* Run fn on every worker, one thread each (the first is this thread);
 * then every thread has ended. 0, or -1 when a worker failed. */
static int run_workers(pool *p, void *(*fn)(void *))
{
    unsigned started = 0;
    for (unsigned k = 1; k < p->threads; k++, started++) {
        if (pthread_create(&p->workers[k].thread, NULL, fn, &p->workers[k]) != 0) {
            snprintf(p->workers[k].err, sizeof p->workers[k].err,
                     "cannot start an indexing thread");
            fail(p, &p->workers[k]);
            break;
        }
    }
    fn(&p->workers[0]);
    for (unsigned k = 1; k <= started; k++)
        pthread_join(p->workers[k].thread, NULL);
    return p->failed ? -1 : 0;
}

/* Wait until *count (under p->mu) reaches every thread, after adding this
 * one. 0, or -1 when some thread failed meanwhile. */
static int arrive_and_wait(pool *p, unsigned *count)
{
    pthread_mutex_lock(&p->mu);
    ++*count;
    pthread_cond_broadcast(&p->cv);
    while (*count < p->threads && !p->failed)
        pthread_cond_wait(&p->cv, &p->mu);
    int f = p->failed;
    pthread_mutex_unlock(&p->mu);
    return f ? -1 : 0;
}

/* ------------------------------------------------ pass 1: routing -- */

/* Note the shard of the selected files among [from, to). */
static int route_files(worker *w, size_t from, size_t to)
{
    builder *b = w->p->b;
    for (size_t i = from; i < to; i++) {
        if (!selected(w->p, i))
            continue;
        /* The manifest's council is the parser's too: no need to parse.
         * (A file without paragraphs then goes to a thread that indexes
         * nothing of it, which is harmless.) */
        const manifest_entry *me = manifest_find(&b->ref.manifest, b->files.entries[i].relpath);
        if (me && me->authority[0]) {
            w->p->route[i] = builder_route(b, me->authority);
            continue;
        }
        file_state fs;
        corpus_doc doc;
        int have_doc;
        /* the council is decided with the first window of text */
        if (builder_read_parse(b, &b->files.entries[i], &fs, &doc, &have_doc,
                               builder_part_first, NULL, w->err, sizeof w->err) != 0)
            return -1;
        w->p->route[i] = have_doc ? builder_route(b, doc.authority) : ROUTE_NONE;
        if (have_doc)
            corpus_doc_clear(&doc);
        file_state_clear(&fs);
    }
    return 0;
}

/* The next files [*from, *to) for a thread to take; 0 when none is left
 * or a thread failed. */
static int take_batch(pool *p, size_t *from, size_t *to)
{
    size_t n = p->b->files.n;
    pthread_mutex_lock(&p->mu);
    *from = p->next_file;
    *to = *from + ROUTE_BATCH < n ? *from + ROUTE_BATCH : n;
    p->next_file = *to;
    int go = !p->failed && *from < n;
    pthread_mutex_unlock(&p->mu);
    return go;
}

static void *route_work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    size_t from, to;
    while (take_batch(p, &from, &to)) {
        if (route_files(w, from, to) != 0) {
            fail(p, w);
            return NULL;
        }
    }
    return NULL;
}

/* ----------------------------------------------- pass 2: indexing -- */

/* Index doc into w's shard and free it. */
static int index_own(worker *w, corpus_doc *doc)
{
    shard_writer *sw = &w->p->b->shards[w->shard];
    int rc = builder_index_doc(sw, doc, w->err, sizeof w->err);
    corpus_doc_clear(doc);
    return rc;
}

/* One file's paragraphs as the parser hands them over: given their
 * first-seen generations and indexed here, or (if the file changed shard
 * since routing) copied for the owner's inbox. */
typedef struct file_parts {
    worker *w;
    file_state *fs;
    firstseen_matcher seen;
    int routed;
    unsigned to;              /* the file's shard */
    handoff *h;               /* to != w->shard: what the owner will index */
    size_t cap;               /* of h->doc.paras */
} file_parts;

/* Copy part's paragraphs into fp->h (a rare case: a file that changed
 * council between the passes). 0, or -1 out of memory. */
static int hand_over(file_parts *fp, const corpus_doc *part)
{
    corpus_doc *d = &fp->h->doc;
    if (d->n_paras + part->n_paras > fp->cap) {
        size_t cap = (d->n_paras + part->n_paras) * 2;
        para_record *v = realloc(d->paras, cap * sizeof *v);
        if (!v)
            return -1;
        d->paras = v;
        fp->cap = cap;
    }
    for (size_t k = 0; k < part->n_paras; k++) {
        if (record_copy(&d->paras[d->n_paras], &part->paras[k]) != 0)
            return -1;
        d->n_paras++;
    }
    return 0;
}

static int index_part(void *arg, corpus_doc *part)
{
    file_parts *fp = arg;
    worker *w = fp->w;
    builder *b = w->p->b;
    if (!fp->routed) {
        fp->routed = 1;
        fp->to = builder_route(b, part->authority);
        if (fp->to != w->shard) {
            fp->h = calloc(1, sizeof *fp->h);
            if (!fp->h || !(fp->h->doc.file = strdup(part->file))) {
                snprintf(w->err, sizeof w->err, "out of memory");
                return -1;
            }
        }
    }
    if (builder_first_seen(b, &fp->seen, fp->fs, part, w->err, sizeof w->err) != 0)
        return -1;
    if (fp->h) {
        if (hand_over(fp, part) == 0)
            return 0;
        snprintf(w->err, sizeof w->err, "out of memory");
        return -1;
    }
    return builder_index_doc(&b->shards[w->shard], part, w->err, sizeof w->err);
}

/* One file: read, parse and index it here (or in its owner's inbox, if it
 * changed shard since routing), and record its outcome. */
static int index_file(worker *w, size_t i)
{
    pool *p = w->p;
    builder *b = p->b;
    const walk_entry *e = &b->files.entries[i];
    file_state fs;
    corpus_doc doc;
    int have_doc;
    file_parts fp = {.w = w, .fs = &fs};
    int rc = builder_read_parse(b, e, &fs, &doc, &have_doc, index_part, &fp, w->err,
                                sizeof w->err);
    firstseen_matcher_clear(&fp.seen);
    handoff *h = fp.h;
    if (rc != 0) {
        if (h)
            corpus_doc_clear(&h->doc);
        free(h);
        return -1;
    }
    if (have_doc)
        corpus_doc_clear(&doc);   /* its paragraphs are indexed or in h */
    pthread_mutex_lock(&p->mu);
    if (file_table_push(&b->table, &fs) != 0) {
        snprintf(w->err, sizeof w->err, "out of memory");
        rc = -1;
    }
    if (rc == 0 && h && have_doc) {
        h->next = p->workers[fp.to].inbox;
        p->workers[fp.to].inbox = h;
        h = NULL;
    }
    p->done++;
    if (b->opt->progress)
        b->opt->progress(b->opt->progress_ctx, p->done, p->total, e->relpath);
    pthread_mutex_unlock(&p->mu);
    if (h)
        corpus_doc_clear(&h->doc);
    free(h);
    if (rc != 0)
        file_state_clear(&fs);
    return rc;
}

static int index_mine(worker *w)
{
    pool *p = w->p;
    size_t n = p->b->files.n;
    unsigned shards = p->b->n_shards;
    for (size_t i = 0; i < n; i++) {
        if (!selected(p, i))
            continue;
        unsigned r = p->route[i];
        unsigned owner = r != ROUTE_NONE ? r : (unsigned)(i % shards);
        if (owner != w->shard)
            continue;
        if (failed(p))
            return 0;
        if (index_file(w, i) != 0)
            return -1;
    }
    return 0;
}

/* The documents others left us: nobody adds any once every thread has
 * finished its own files. Our shard may not be open yet (an update that
 * routed nothing here): open it as the main thread would, one at a time. */
static int index_inbox(worker *w)
{
    pool *p = w->p;
    builder *b = p->b;
    if (w->inbox && !b->shards[w->shard].wdb) {
        pthread_mutex_lock(&p->mu);
        int rc = builder_shard(b, w->shard) ? 0 : -1;
        if (rc != 0)
            snprintf(w->err, sizeof w->err, "%s", b->err);
        pthread_mutex_unlock(&p->mu);
        if (rc != 0)
            return -1;
    }
    while (w->inbox) {
        handoff *h = w->inbox;
        w->inbox = h->next;
        int rc = index_own(w, &h->doc);
        free(h);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Commit our shard and sync its files: the generation is synced whole
 * before it is published, but each thread syncing its own shard as soon
 * as it is written lets the disk work while the other threads still
 * index. */
static int commit_shard(worker *w)
{
    builder *b = w->p->b;
    shard_writer *sw = &b->shards[w->shard];
    if (!sw->wdb)
        return 0;
    shim_status st = shim_wdb_close(sw->wdb);
    sw->wdb = NULL;
    if (st != SHIM_OK) {
        snprintf(w->err, sizeof w->err, "committing the new index: %s (%s)",
                 shim_status_string(st), shim_last_error());
        return -1;
    }
    char *dir = shard_path(b->gen_dir, w->shard);
    if (!dir) {
        snprintf(w->err, sizeof w->err, "out of memory");
        return -1;
    }
    int rc = gen_sync(dir, w->err, sizeof w->err);
    free(dir);
    return rc;
}

static void *index_work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    int rc = index_mine(w);
    if (rc == 0)
        rc = arrive_and_wait(p, &p->indexed) == 0 ? 0 : 1;
    if (rc == 0)
        rc = index_inbox(w);
    if (rc == 0)
        rc = commit_shard(w);
    if (rc < 0)
        fail(p, w);
    return NULL;
}

/* ------------------------------------------------------- the passes -- */

/* Open, before the indexing threads start, every shard a routed file
 * needs (an update opens shards only as it needs them). */
static int open_routed(pool *p)
{
    builder *b = p->b;
    for (size_t i = 0; i < b->files.n; i++) {
        unsigned r = selected(p, i) ? p->route[i] : ROUTE_NONE;
        if (r != ROUTE_NONE && !b->shards[r].wdb && !builder_shard(b, r))
            return -1;
    }
    return 0;
}

/* 0, or -1 with err (out of memory). */
static int pool_init(pool *p, builder *b, unsigned threads)
{
    memset(p, 0, sizeof *p);
    p->b = b;
    p->threads = threads;
    p->workers = calloc(threads, sizeof *p->workers);
    if (!p->workers) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    for (unsigned k = 0; k < threads; k++) {
        p->workers[k].p = p;
        p->workers[k].shard = k;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    return 0;
}

static void pool_clear(pool *p)
{
    /* After a failure, documents may be left in inboxes. */
    for (unsigned k = 0; k < p->threads; k++) {
        while (p->workers[k].inbox) {
            handoff *h = p->workers[k].inbox;
            p->workers[k].inbox = h->next;
            corpus_doc_clear(&h->doc);
            free(h);
        }
    }
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p->workers);
    free(p->route);
}

int builder_add_files(builder *b, const unsigned char *only)
{
    pool p;
    if (pool_init(&p, b, b->n_shards) != 0)
        return -1;
    p.only = only;
    unsigned n = b->n_shards;
    int rc = 0;
    if (!(p.route = calloc(b->files.n ? b->files.n : 1, sizeof *p.route))) {
        snprintf(b->err, b->errlen, "out of memory");
        rc = -1;
    }
    for (size_t i = 0; i < b->files.n; i++)
        p.total += selected(&p, i) != 0;
    /* With one shard every file's route is 0 as allocated: nothing to learn. */
    if (rc == 0 && n > 1)
        rc = run_workers(&p, route_work);
    if (rc == 0)
        rc = open_routed(&p);
    if (rc == 0)
        rc = run_workers(&p, index_work);
    pool_clear(&p);
    return rc;
}

int builder_add_all(builder *b)
{
    return builder_add_files(b, NULL);
}

/* -------------------------------------------------------- removals -- */

static void *remove_work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    builder *b = p->b;
    for (size_t i = 0; i < p->n_gone && !failed(p); i++) {
        const file_state *was = p->gone[i];
        if (!was->indexed || builder_route(b, was->authority) != w->shard)
            continue;
        if (builder_unindex(&b->shards[w->shard], was, w->err, sizeof w->err) != 0) {
            fail(p, w);
            return NULL;
        }
    }
    return NULL;
}

int builder_remove_files(builder *b, const file_state *const *gone, size_t n)
{
    /* Shards are opened (or copied) here, one at a time, as indexing does. */
    for (size_t i = 0; i < n; i++)
        if (gone[i]->indexed && !builder_shard(b, builder_route(b, gone[i]->authority)))
            return -1;
    pool p;
    if (pool_init(&p, b, b->n_shards) != 0)
        return -1;
    p.gone = gone;
    p.n_gone = n;
    int rc = run_workers(&p, remove_work);
    pool_clear(&p);
    return rc;
}

/* ---------------------------------------------------- fingerprints -- */

static void *hash_work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    builder *b = p->b;
    size_t n = b->files.n, from, to;
    while (take_batch(p, &from, &to)) {
        size_t trusted = 0;
        for (size_t i = from; i < to; i++) {
            const walk_entry *e = &b->files.entries[i];
            const file_state *was = p->old ? file_table_find(p->old, e->relpath) : NULL;
            int r = builder_fingerprint(b, e, was, p->hash[i], p->sig[i], w->err,
                                        sizeof w->err);
            if (r < 0) {
                fail(p, w);
                return NULL;
            }
            trusted += (size_t)r;
        }
        pthread_mutex_lock(&p->mu);
        p->trusted += trusted;
        p->done += to - from;
        if (b->opt->progress)
            b->opt->progress(b->opt->progress_ctx, p->done, n,
                             b->files.entries[to - 1].relpath);
        pthread_mutex_unlock(&p->mu);
    }
    return NULL;
}

int builder_fingerprint_all(builder *b, const file_table *old, char (*hash)[SHA256_HEX],
                            char (*sig)[SHA256_HEX], size_t *trusted)
{
    pool p;
    /* --check makes no shards: use every core. */
    if (pool_init(&p, b, b->n_shards ? b->n_shards : shards_default()) != 0)
        return -1;
    p.old = old;
    p.hash = hash;
    p.sig = sig;
    int rc = run_workers(&p, hash_work);
    *trusted = p.trusted;
    pool_clear(&p);
    return rc;
}
