/* build_parallel.c: a full build's files, indexed by one thread per shard
 * (see build_internal.h, builder_add_all).
 *
 * Each thread owns one shard's writer. Threads take the next file of the
 * corpus in turn, read and parse it (the part with no shared state), and
 * index it themselves when its council belongs to their shard; otherwise
 * they hand the parsed document to the owning thread's inbox. A thread
 * empties its own inbox before it takes another file, and nobody takes a
 * new file while too many documents wait in inboxes, so memory stays
 * bounded: a thread waits only when its own inbox is empty, and then some
 * other thread has work it will finish, so nobody waits forever. At the
 * end each thread commits its own shard, so the final flushes run in
 * parallel too.
 */
#include "build_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Documents parsed but not yet indexed, at most (per thread). */
enum { WAITING_PER_THREAD = 4 };

typedef struct handoff {
    corpus_doc doc;
    struct handoff *next;
} handoff;

typedef struct worker worker;

typedef struct pool {
    builder *b;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next_file;         /* the next file of b->files to take */
    size_t done;              /* files parsed, for progress */
    unsigned parsing;         /* threads between taking a file and handing
                                 its document on */
    size_t waiting;           /* documents in all inboxes */
    int failed;               /* a thread failed: everyone stops */
    worker *workers;
} pool;

struct worker {
    pool *p;
    unsigned shard;
    handoff *inbox, *inbox_tail;
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

static void give(pool *p, unsigned to, handoff *h)
{
    worker *t = &p->workers[to];
    h->next = NULL;
    if (t->inbox_tail)
        t->inbox_tail->next = h;
    else
        t->inbox = h;
    t->inbox_tail = h;
    p->waiting++;
    pthread_cond_broadcast(&p->cv);
}

static handoff *take(pool *p, worker *w)
{
    handoff *h = w->inbox;
    if (h) {
        w->inbox = h->next;
        if (!w->inbox)
            w->inbox_tail = NULL;
        p->waiting--;
        pthread_cond_broadcast(&p->cv);
    }
    return h;
}

/* Index doc into w's shard (unlocked) and free it. */
static int index_own(worker *w, corpus_doc *doc)
{
    shard_writer *sw = &w->p->b->shards[w->shard];
    int rc = builder_index_doc(sw, doc, w->err, sizeof w->err);
    corpus_doc_clear(doc);
    return rc;
}

/* Parse file i and index it or hand it on (unlocked on entry and exit). */
static int parse_one(worker *w, size_t i)
{
    pool *p = w->p;
    builder *b = p->b;
    const walk_entry *e = &b->files.entries[i];
    file_state fs;
    corpus_doc doc;
    int have_doc;
    int rc = builder_read_parse(b, e, &fs, &doc, &have_doc, w->err, sizeof w->err);
    unsigned to = rc == 0 && have_doc ? builder_route(b, doc.authority) : w->shard;
    handoff *h = NULL;
    if (rc == 0 && to != w->shard && !(h = malloc(sizeof *h))) {
        snprintf(w->err, sizeof w->err, "out of memory");
        corpus_doc_clear(&doc);
        file_state_clear(&fs);
        rc = -1;
    }
    pthread_mutex_lock(&p->mu);
    if (rc == 0 && file_table_push(&b->table, &fs) != 0) {
        snprintf(w->err, sizeof w->err, "out of memory");
        file_state_clear(&fs);
        rc = -1;
    }
    if (rc == 0 && h) {
        h->doc = doc;
        give(p, to, h);
        have_doc = 0;
    }
    p->parsing--;
    p->done++;
    if (b->opt->progress)
        b->opt->progress(b->opt->progress_ctx, p->done, b->files.n, e->relpath);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (rc == 0 && have_doc)
        return index_own(w, &doc);
    if (rc != 0 && have_doc)
        corpus_doc_clear(&doc);
    return rc;
}

static void *work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    size_t limit = WAITING_PER_THREAD * (size_t)p->b->n_shards;
    int rc = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->failed)
            break;
        handoff *h = take(p, w);
        if (h) {
            pthread_mutex_unlock(&p->mu);
            rc = index_own(w, &h->doc);
            free(h);
            pthread_mutex_lock(&p->mu);
            if (rc != 0)
                break;
            continue;
        }
        if (p->next_file < p->b->files.n && p->waiting < limit) {
            size_t i = p->next_file++;
            p->parsing++;
            pthread_mutex_unlock(&p->mu);
            rc = parse_one(w, i);
            pthread_mutex_lock(&p->mu);
            if (rc != 0)
                break;
            continue;
        }
        /* Nothing of ours to do: done once no file is left and nobody can
         * still hand us a document. */
        if (p->next_file >= p->b->files.n && p->parsing == 0 && p->waiting == 0)
            break;
        pthread_cond_wait(&p->cv, &p->mu);
    }
    if (rc != 0)
        fail_locked(p, w);
    pthread_mutex_unlock(&p->mu);
    if (rc == 0 && !p->failed) {
        /* Commit this shard here, in parallel with the others. */
        shard_writer *sw = &p->b->shards[w->shard];
        shim_status st = shim_wdb_close(sw->wdb);
        sw->wdb = NULL;
        if (st != SHIM_OK) {
            snprintf(w->err, sizeof w->err, "committing the new index: %s (%s)",
                     shim_status_string(st), shim_last_error());
            pthread_mutex_lock(&p->mu);
            fail_locked(p, w);
            pthread_mutex_unlock(&p->mu);
        }
    }
    return NULL;
}

int builder_add_all(builder *b)
{
    pool p = {.b = b};
    unsigned n = b->n_shards;
    if (!(p.workers = calloc(n, sizeof *p.workers))) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    unsigned started = 0;
    for (unsigned k = 0; k < n; k++) {
        p.workers[k].p = &p;
        p.workers[k].shard = k;
    }
    /* Thread 0 is this one; the others are started. */
    for (unsigned k = 1; k < n; k++, started++) {
        if (pthread_create(&p.workers[k].thread, NULL, work, &p.workers[k]) != 0) {
            pthread_mutex_lock(&p.mu);
            snprintf(p.workers[k].err, sizeof p.workers[k].err,
                     "cannot start an indexing thread");
            fail_locked(&p, &p.workers[k]);
            pthread_mutex_unlock(&p.mu);
            break;
        }
    }
    work(&p.workers[0]);
    for (unsigned k = 1; k <= started; k++)
        pthread_join(p.workers[k].thread, NULL);
    /* After a failure, documents may be left in inboxes. */
    for (unsigned k = 0; k < n; k++) {
        handoff *h;
        while ((h = take(&p, &p.workers[k]))) {
            corpus_doc_clear(&h->doc);
            free(h);
        }
    }
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    free(p.workers);
    return p.failed ? -1 : 0;
}
