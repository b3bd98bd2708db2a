/* build.c: a full build of a new index generation (see build.h); the steps
 * themselves are in build_step.c, shared with update.c, and the threads
 * that index the shards in build_parallel.c. */
#include "build_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stats.h"

/* A full build over an index that exists keeps its paragraphs'
 * first-seen generations (firstseen.h): the live generation's file list is
 * read, once a quick check (in child processes, stats.h) finds it sound. A
 * damaged or unreadable one is not trusted: everything is then new. */
static int load_previous(builder *b)
{
    char problem[1024];
    shim_db *db = NULL;
    long gen;
    /* Not checked, or not read, for lack of memory: an error, not a reason
     * to forget every paragraph's first-seen generation. */
    int health = index_health(b->opt->index_dir, b->live, INDEX_HEALTH_QUICK, problem,
                              sizeof problem);
    int opened = health == 0 ? index_open_live(b->opt->index_dir, &db, &b->prev_own, &gen,
                                               problem, sizeof problem)
                             : 0;
    if (health < 0 || opened == -2) {
        snprintf(b->err, b->errlen, "cannot read the live index: %s", problem);
        return -1;
    }
    if (health != 0 || opened != 0)
        return builder_use_previous(b, NULL, NULL);
    int rc = builder_use_previous(b, db, &b->prev_own);
    shim_db_free(db);
    return rc;
}

int build_full(builder *b)
{
    b->rep->mode = BUILD_MODE_FULL;
    if (b->live > 0 && !b->prev_tried && load_previous(b) != 0)
        return -1;
    if (builder_open(b, 0) != 0)
        return -1;
    builder_stage(b, "indexing");
    if (builder_add_all(b) != 0 || builder_finish(b) != 0)
        return -1;
    return builder_publish(b);
}

build_status build_index(const build_options *opt, build_report *rep, char *err,
                         size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    builder b = {.opt = opt, .rep = rep, .err = err, .errlen = errlen};
    int rc = builder_start(&b);
    if (rc == 0)
        rc = build_full(&b);
    builder_clear(&b);
    return rc == 0 ? BUILD_OK : rc == 1 ? BUILD_LOCKED : BUILD_ERROR;
}

