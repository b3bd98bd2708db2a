/* index_check.c: `lasearch-index --check`, the live index against itself
 * and its own file list, then against the corpus now (see index_check.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_internal.h"
#include "schema.h"
#include "index_check.h"
#include "stats.h"

static int add_change(index_check_report *rep, const char *what, const char *path)
{
    char **c = realloc(rep->changes, (rep->n_changes + 1) * sizeof *c);
    if (!c)
        return -1;
    rep->changes = c;
    size_t n = strlen(what) + strlen(path) + 3;
    if (!(c[rep->n_changes] = malloc(n)))
        return -1;
    snprintf(c[rep->n_changes++], n, "%s: %s", what, path);
    return 0;
}

static int cmp_change(const void *a, const void *b)
{
    /* by path, the part after "what: " */
    const char *x = strchr(*(char *const *)a, ' '), *y = strchr(*(char *const *)b, ' ');
    return strcmp(x, y);
}

/* Files whose paragraphs are kept from an earlier version (filestate.h):
 * listed ("stale: path: kept as last indexed: why") and counted as
 * changed, since what is indexed is not what the file is now. One that
 * changed again is listed as changed already. 0, or -1 out of memory. */
static int add_stale(const builder *b, const file_table *t, const corpus_diff *d,
                     index_check_report *rep)
{
    int rc = 0;
    for (size_t i = 0; i < b->files.n && rc == 0; i++) {
        const file_state *f = file_table_find(t, b->files.entries[i].relpath);
        if (!f || !f->stale)
            continue;
        rep->kept++;
        if (d->state[i] != DIFF_UNCHANGED)
            continue;
        rep->unchanged--;
        rep->changed++;
        size_t n = strlen(f->path) + strlen(f->stale_why) + 32;
        char *what = malloc(n);
        if (!what)
            return -1;
        snprintf(what, n, "%s: kept as last indexed: %s", f->path, f->stale_why);
        rc = add_change(rep, "stale", what);
        free(what);
    }
    return rc;
}

/* The corpus against the index's file list. */
static int compare_corpus(builder *b, shim_db *db, const file_table *t,
                          index_check_report *rep)
{
    size_t max = b->opt->max_file_bytes ? b->opt->max_file_bytes : TEXTIO_DEFAULT_MAX_BYTES;
    char *stored = NULL, *thes = NULL, *inputs = NULL;
    shim_status st = shim_db_metadata(db, META_INPUTS, &stored);
    if (st == SHIM_OK)
        st = shim_db_metadata(db, META_THESAURUS, &thes);
    /* Without --shards, an update would keep the index's own number. */
    unsigned shards = b->opt->shards ? b->opt->shards : file_inputs_shards(stored);
    if (st == SHIM_OK)
        inputs = file_inputs_json(b->ref.authorities_text, max, shards);
    int rc = inputs && st == SHIM_OK ? 0 : -1;
    if (rc == 0) {
        rep->inputs_changed = file_inputs_differ(stored, inputs);
        rep->thesaurus_changed = strcmp(thes, b->ref.thesaurus_text) != 0;
    }
    free(inputs);
    free(stored);
    free(thes);
    corpus_diff d = {0};
    if (rc != 0 || builder_diff(b, t, 0, &d) != 0) {
        corpus_diff_clear(&d);
        return -1;
    }
    rep->added = d.added;
    rep->changed = d.changed;
    rep->removed = d.n_removed;
    rep->unchanged = d.unchanged;
    for (size_t i = 0; i < b->files.n && rc == 0; i++)
        if (d.state[i] != DIFF_UNCHANGED)
            rc = add_change(rep, d.state[i] == DIFF_ADDED ? "added" : "changed",
                            b->files.entries[i].relpath);
    for (size_t i = 0; i < d.n_removed && rc == 0; i++)
        rc = add_change(rep, "removed", t->files[d.removed[i]].path);
    if (rc == 0)
        rc = add_stale(b, t, &d, rep);
    corpus_diff_clear(&d);
    if (rc == 0 && rep->n_changes > 1)
        qsort(rep->changes, rep->n_changes, sizeof *rep->changes, cmp_change);
    return rc;
}

int index_check(const build_options *opt, index_check_report *rep, char *err,
                size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    if (errlen)
        err[0] = '\0';
    /* The index itself first, in child processes (stats.h): a damaged one
     * is reported, and never read here, where it could crash or hang us. */
    char why[1024];
    long live = layout_current(opt->index_dir, why, sizeof why);
    int health = live > 0 ? index_health(opt->index_dir, live, INDEX_HEALTH_DEEP, why,
                                         sizeof why)
                          : 0;
    if (health < 0) {
        snprintf(err, errlen, "cannot check '%s': %s", opt->index_dir, why);
        return -1;
    }
    if (health > 0) {
        rep->generation = live;
        rep->problem = strdup(why);
        return rep->problem ? 0 : -1;
    }
    shim_db *db = NULL;
    file_table t = {0};
    if (index_open_live(opt->index_dir, &db, &t, &rep->generation, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < t.n; i++) {
        rep->files++;
        rep->paragraphs += t.files[i].paragraphs;
    }
    rep->consistent = 1;   /* index_health checked it against its file list */
    int rc = 0;
    builder b = {.opt = opt, .err = err, .errlen = errlen};
    if (rc == 0 && builder_load(&b) != 0)
        rc = -1;
    else if (rc == 0 && compare_corpus(&b, db, &t, rep) != 0)
        rc = -1;
    if (rc != 0 && !err[0])
        snprintf(err, errlen, "out of memory");
    builder_clear(&b);
    file_table_clear(&t);
    shim_db_free(db);
    return rc;
}

void index_check_clear(index_check_report *rep)
{
    free(rep->problem);
    for (size_t i = 0; i < rep->n_changes; i++)
        free(rep->changes[i]);
    free(rep->changes);
    memset(rep, 0, sizeof *rep);
}
