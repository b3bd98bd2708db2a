/* pool.c: index handles shared by threads (pool.h). */
#include "pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

struct serve_pool {
    char *dir;
    pthread_mutex_t mu;     /* guards idle and n_idle */
    search_index **idle;
    size_t n_idle, max_idle;
};

int pool_new(const char *dir, size_t max_idle, serve_pool **out, char *err, size_t errlen)
{
    *out = NULL;
    serve_pool *p = calloc(1, sizeof *p);
    if (p) {
        p->dir = strdup(dir);
        p->max_idle = max_idle ? max_idle : 1;
        p->idle = calloc(p->max_idle, sizeof *p->idle);
    }
    if (!p || !p->dir || !p->idle || pthread_mutex_init(&p->mu, NULL) != 0) {
        if (p) {
            free(p->dir);
            free(p->idle);
        }
        free(p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    search_index *ix = pool_acquire(p, err, errlen);
    if (!ix) {
        pool_free(p);
        return -1;
    }
    pool_release(p, ix, 0);
    *out = p;
    return 0;
}

void pool_free(serve_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_idle; i++)
        search_index_free(p->idle[i]);
    pthread_mutex_destroy(&p->mu);
    free(p->idle);
    free(p->dir);
    free(p);
}

search_index *pool_acquire(serve_pool *p, char *err, size_t errlen)
{
    pthread_mutex_lock(&p->mu);
    search_index *ix = p->n_idle ? p->idle[--p->n_idle] : NULL;
    pthread_mutex_unlock(&p->mu);
    /* An idle handle may be on an older generation: search_run moves it to
     * the live one before the search (search_index_refresh). */
    if (!ix && search_index_open(p->dir, &ix, err, errlen) != 0)
        return NULL;
    return ix;
}

void pool_release(serve_pool *p, search_index *ix, int broken)
{
    if (!ix)
        return;
    if (!broken) {
        pthread_mutex_lock(&p->mu);
        if (p->n_idle < p->max_idle) {
            p->idle[p->n_idle++] = ix;
            ix = NULL;
        }
        pthread_mutex_unlock(&p->mu);
    }
    search_index_free(ix);
}

void pool_generation(serve_pool *p, char *name, size_t len)
{
    /* A stub lasearch-index did not write (one listing remote shards) names
     * no generation: "" then, as for no stub. The index itself is checked
     * by every search. */
    char ignored[512];
    long n = layout_current(p->dir, ignored, sizeof ignored);
    char gen[LAYOUT_GEN_NAME_MAX] = "";
    if (n > 0)
        layout_gen_name(n, gen);
    snprintf(name, len, "%s", gen);
}
