/* update.c: applying only what changed since the last build (see update.h). */
#include "update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build_internal.h"
#include "schema.h"
#include "score_check.h"
#include "shards.h"
#include "stats.h"

/* ------------------------------------------------------------ the diff -- */

void corpus_diff_clear(corpus_diff *d)
{
    free(d->state);
    free(d->removed);
    free(d->sig);
    memset(d, 0, sizeof *d);
}

int builder_diff(builder *b, const file_table *old, int trust_signatures,
                 corpus_diff *d)
{
    memset(d, 0, sizeof *d);
    d->state = calloc(b->files.n + 1, 1);
    d->removed = calloc(old->n + 1, sizeof *d->removed);
    d->sig = calloc(b->files.n + 1, sizeof *d->sig);
    if (!d->state || !d->removed || !d->sig) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    builder_stage(b, "scanning");
    char (*hash)[SHA256_HEX] = malloc((b->files.n + 1) * sizeof *hash);
    if (!hash) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    if (builder_fingerprint_all(b, trust_signatures ? old : NULL, hash, d->sig,
                                &d->trusted) != 0) {
        free(hash);
        return -1;
    }
    for (size_t i = 0; i < b->files.n; i++) {
        const file_state *was = file_table_find(old, b->files.entries[i].relpath);
        if (!was) {
            d->state[i] = DIFF_ADDED;
            d->added++;
        } else if (strcmp(file_state_hash_now(was), hash[i]) != 0) {
            d->state[i] = DIFF_CHANGED;
            d->changed++;
        } else {
            d->unchanged++;
        }
    }
    free(hash);
    /* Both lists are sorted by path: one merge finds the files gone. */
    size_t w = 0;
    for (size_t i = 0; i < old->n; i++) {
        int c = 1;
        while (w < b->files.n &&
               (c = strcmp(b->files.entries[w].relpath, old->files[i].path)) < 0)
            w++;
        if (w >= b->files.n || c != 0)
            d->removed[d->n_removed++] = i;
    }
    return 0;
}

/* ------------------------------------------------------------ updating -- */

/* Give up on updating and rebuild everything, saying why. */
static int rebuild(builder *b, const char *why)
{
    free(b->rep->reason);
    b->rep->reason = strdup(why);
    return build_full(b);
}

/* A changed file whose paragraphs stay as they are (it became stale). */
enum { DIFF_KEPT = DIFF_CHANGED + 1 };

/* The files of old gone (removed) or changed: their paragraphs go. */
static int remove_old(builder *b, const file_table *old, const corpus_diff *d)
{
    const file_state **gone = malloc((d->n_removed + d->changed + 1) * sizeof *gone);
    if (!gone) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->n_removed; i++)
        gone[n++] = &old->files[d->removed[i]];
    for (size_t i = 0; i < b->files.n; i++)
        if (d->state[i] == DIFF_CHANGED)
            gone[n++] = file_table_find(old, b->files.entries[i].relpath);
    int rc = builder_remove_files(b, gone, n);
    free(gone);
    return rc;
}

/* ------------------------------------------------- files turned bad -- */

/* Why fs (a file read and not indexed) was skipped: its "path: skipped:
 * why" message, else a general reason. */
static const char *skip_reason(const file_state *fs)
{
    static const char skipped[] = ": skipped: ";
    size_t plen = strlen(fs->path), slen = sizeof skipped - 1;
    for (size_t m = 0; m < fs->n_messages; m++) {
        const char *msg = fs->messages[m];
        if (strncmp(msg, fs->path, plen) == 0 && strncmp(msg + plen, skipped, slen) == 0)
            return msg + plen + slen;
    }
    return "it cannot be indexed now";
}

/* Push onto the new table a copy of was (an indexed file) marked stale for
 * why, with hash its fingerprint now. 0, or -1 out of memory. */
static int push_stale(builder *b, const file_state *was, const char *why,
                      const char hash[SHA256_HEX])
{
    file_state copy;
    if (file_state_copy(&copy, was) != 0)
        return -1;
    if (file_state_mark_stale(&copy, why, hash) != 0) {
        file_state_clear(&copy);
        return -1;
    }
    copy.fresh = 1;
    return file_table_push(&b->table, &copy);
}

/* Changed file i (indexed as was): read and parse it as indexing would. If
 * it can no longer be indexed, its paragraphs stay: its state becomes
 * DIFF_KEPT and a stale copy of was goes onto the new table. 0, or -1. */
static int keep_if_bad(builder *b, size_t i, const file_state *was, corpus_diff *d)
{
    file_state fs;
    corpus_doc doc;
    int have_doc, rc = 0;
    if (builder_read_parse(b, &b->files.entries[i], &fs, &doc, &have_doc,
                           builder_part_drop, NULL, b->err, b->errlen) != 0)
        return -1;
    if (have_doc) {
        corpus_doc_clear(&doc);
    } else {
        d->state[i] = DIFF_KEPT;
        rc = push_stale(b, was, skip_reason(&fs), fs.hash);
        if (rc != 0)
            snprintf(b->err, b->errlen, "out of memory");
    }
    file_state_clear(&fs);
    return rc;
}

/* The entry with a problem (an unreadable directory) that path lies
 * below, or NULL. */
static const walk_entry *unreadable_dir_of(const builder *b, const char *path)
{
    for (size_t i = 0; i < b->files.n; i++) {
        const walk_entry *e = &b->files.entries[i];
        size_t n = strlen(e->relpath);
        if (e->problem && strncmp(path, e->relpath, n) == 0 && path[n] == '/')
            return e;
    }
    return NULL;
}

/* Files gone from the walk because their directory cannot be read now are
 * still there: kept stale, not removed (and counted as changed). 0, or -1
 * out of memory. */
static int keep_unlisted(builder *b, const file_table *old, corpus_diff *d)
{
    size_t w = 0;
    for (size_t i = 0; i < d->n_removed; i++) {
        const file_state *was = &old->files[d->removed[i]];
        const walk_entry *dir = was->indexed ? unreadable_dir_of(b, was->path) : NULL;
        if (!dir) {
            d->removed[w++] = d->removed[i];
            continue;
        }
        char why[1024], hash[SHA256_HEX];
        snprintf(why, sizeof why, "its directory %s: %s", dir->relpath, dir->problem);
        file_fingerprint_problem(why, NULL, 0, NULL, hash);
        if (push_stale(b, was, why, hash) != 0) {
            snprintf(b->err, b->errlen, "out of memory");
            return -1;
        }
        d->changed++;
    }
    d->n_removed = w;
    return 0;
}

/* Nothing indexed is lost to a file turning bad: every changed file that
 * was indexed and can no longer be keeps its paragraphs (filestate.h,
 * stale). Reads and parses those files once more; only changed files. */
static int keep_stale(builder *b, const file_table *old, corpus_diff *d)
{
    for (size_t i = 0; i < b->files.n; i++) {
        const file_state *was = d->state[i] == DIFF_CHANGED
                                    ? file_table_find(old, b->files.entries[i].relpath)
                                    : NULL;
        if (was && was->indexed && keep_if_bad(b, i, was, d) != 0)
            return -1;
    }
    return keep_unlisted(b, old, d);
}

/* An update of at most this many files (plus a fiftieth of the corpus),
 * and at most about this many paragraphs deleted and added, writes the
 * shards it changes copy-on-write, all in memory until one commit (Xapian
 * holds about 200 bytes a paragraph then); a larger one copies them and
 * flushes as it goes, so that memory stays bounded. A new file's
 * paragraphs are not known before it is read: its size over
 * SHARE_LIVE_BYTES_PER_PARAGRAPH stands for them (short paragraphs are
 * about that long, so a crafted file of many tiny ones is not missed). */
enum {
    SHARE_LIVE_FILES = 64,
    SHARE_LIVE_DIVISOR = 50,
    SHARE_LIVE_PARAGRAPHS = 50000,
    SHARE_LIVE_BYTES_PER_PARAGRAPH = 32
};

/* Roughly how many paragraphs d deletes and adds. */
static size_t update_work(const builder *b, const file_table *old, const corpus_diff *d)
{
    size_t work = 0;
    for (size_t i = 0; i < d->n_removed; i++)
        work += old->files[d->removed[i]].paragraphs;
    for (size_t i = 0; i < b->files.n; i++) {
        if (d->state[i] == DIFF_UNCHANGED)
            continue;
        const walk_entry *e = &b->files.entries[i];
        const file_state *was = d->state[i] == DIFF_CHANGED
                                    ? file_table_find(old, e->relpath)
                                    : NULL;
        struct stat st;
        if (was)
            work += was->paragraphs;
        if (!e->problem && stat(e->path, &st) == 0 && st.st_size > 0)
            work += (size_t)st.st_size / SHARE_LIVE_BYTES_PER_PARAGRAPH;
    }
    return work;
}

/* Apply d to the live generation's shards (writing only those it changes)
 * and publish the result. */
static int apply(builder *b, const file_table *old, corpus_diff *d)
{
    build_report *rep = b->rep;
    b->share_live = d->added + d->changed + d->n_removed <=
                        SHARE_LIVE_FILES + b->files.n / SHARE_LIVE_DIVISOR &&
                    update_work(b, old, d) <= SHARE_LIVE_PARAGRAPHS;
    b->count_words = 1;
    if (builder_open(b, b->live) != 0)
        return -1;
    if (keep_stale(b, old, d) != 0)
        return -1;
    rep->changed = d->changed;
    rep->removed = d->n_removed;
    builder_stage(b, "removing");
    if (remove_old(b, old, d) != 0)
        return -1;
    builder_stage(b, "indexing");
    unsigned char *todo = calloc(b->files.n + 1, 1);
    if (!todo) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < b->files.n; i++) {
        const walk_entry *e = &b->files.entries[i];
        file_state copy;
        todo[i] = d->state[i] == DIFF_ADDED || d->state[i] == DIFF_CHANGED;
        if (d->state[i] != DIFF_UNCHANGED)
            continue;
        if (file_state_copy(&copy, file_table_find(old, e->relpath)) != 0) {
            snprintf(b->err, b->errlen, "out of memory");
            free(todo);
            return -1;
        }
        /* Unchanged, but perhaps read this time: keep what stat says now. */
        memcpy(copy.sig, d->sig[i], sizeof copy.sig);
        if (file_table_push(&b->table, &copy) != 0) {
            snprintf(b->err, b->errlen, "out of memory");
            free(todo);
            return -1;
        }
    }
    int rc = builder_add_files(b, todo);
    free(todo);
    if (rc != 0)
        return -1;
    rep->mode = BUILD_MODE_UPDATE;
    if (builder_finish(b) != 0)
        return -1;
    return builder_publish(b);
}

static char *metadata(shim_db *db, const char *key)
{
    char *v = NULL;
    return shim_db_metadata(db, key, &v) == SHIM_OK ? v : NULL;
}

static int update_run(builder *b)
{
    build_report *rep = b->rep;
    if (b->live == 0)
        return rebuild(b, "there is no index yet");
    shim_db *live = NULL;
    file_table old = {0};
    long gen;
    char problem[1024], why[sizeof problem + 64];
    /* A damaged live index is rebuilt, never trusted (and only read in a
     * child process until it is known to be sound: stats.h). */
    int health = index_health(b->opt->index_dir, b->live, INDEX_HEALTH_QUICK, problem,
                              sizeof problem);
    if (health < 0) {
        snprintf(b->err, b->errlen, "cannot check the live index: %s", problem);
        return -1;
    }
    if (health > 0) {
        snprintf(why, sizeof why, "the live index is damaged (%s)", problem);
        builder_use_previous(b, NULL, NULL);   /* nothing of it is trusted */
        return rebuild(b, why);
    }
    int opened = index_open_live(b->opt->index_dir, &live, &old, &gen, why, sizeof why);
    if (opened == -2) {   /* no reason to distrust it: no reason to rebuild */
        snprintf(b->err, b->errlen, "%s", why);
        return -1;
    }
    if (opened != 0) {
        builder_use_previous(b, NULL, NULL);
        return rebuild(b, why);
    }
    /* Paragraphs keep their first-seen generations, also through a rebuild
     * (old outlives both: it is cleared below). */
    builder_use_previous(b, live, &old);

    size_t max = b->opt->max_file_bytes ? b->opt->max_file_bytes : TEXTIO_DEFAULT_MAX_BYTES;
    char *stored = metadata(live, META_INPUTS);
    /* Unless told otherwise, an update keeps the index's shards. */
    if (!b->opt->shards && file_inputs_shards(stored))
        b->n_shards = file_inputs_shards(stored);
    char *inputs = file_inputs_json(b->ref.authorities_text, max, b->n_shards);
    char *thesaurus = metadata(live, META_THESAURUS);
    const char *differ = inputs ? file_inputs_differ(stored, inputs) : NULL;
    corpus_diff d = {0};
    int rc;
    if (!inputs || !thesaurus) {
        snprintf(b->err, b->errlen, "cannot read the live index's metadata: %s",
                 inputs ? shim_last_error() : "out of memory");
        rc = -1;
    } else if (differ) {
        snprintf(why, sizeof why, "%s", differ);
        rc = rebuild(b, why);
    } else if ((rc = builder_diff(b, &old, 1, &d)) == 0) {
        rep->added = d.added;
        rep->changed = d.changed;
        rep->removed = d.n_removed;
        rep->unchanged = d.unchanged;
        rep->unread = d.trusted;
        rep->thesaurus_changed = strcmp(thesaurus, b->ref.thesaurus_text) != 0;
        if (d.added || d.changed || d.n_removed || rep->thesaurus_changed) {
            rc = apply(b, &old, &d);
        } else {
            /* Nothing to do: the live generation already is what a build
             * would make. Report it as such. */
            rep->mode = BUILD_MODE_NONE;
            rep->generation = b->live;
            if (builder_report_manifest(b, rep) != 0) {
                rc = -1;
            } else if (file_table_report(&old, rep) != 0 || score_check(&old, rep) != 0) {
                snprintf(b->err, b->errlen, "out of memory");
                rc = -1;
            }
        }
    }
    corpus_diff_clear(&d);
    free(inputs);
    free(stored);
    free(thesaurus);
    file_table_clear(&old);
    shim_db_free(live);
    b->prev = NULL;
    return rc;
}

build_status update_index(const build_options *opt, build_report *rep, char *err,
                          size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    builder b = {.opt = opt, .rep = rep, .err = err, .errlen = errlen};
    int rc = builder_start(&b);
    if (rc == 0)
        rc = update_run(&b);
    builder_clear(&b);
    return rc == 0 ? BUILD_OK : rc == 1 ? BUILD_LOCKED : BUILD_ERROR;
}
