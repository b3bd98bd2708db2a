/* build.c: a full build of a new index generation (see build.h). */
#include "build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "generation.h"
#include "index_doc.h"
#include "lasearch_shim.h"
#include "parse.h"
#include "refdata.h"
#include "schema.h"
#include "walk.h"

/* Everything one build holds, so the steps read straight down and one
 * cleanup frees it all. */
typedef struct builder {
    const build_options *opt;
    build_report *rep;
    refdata ref;
    walk_list files;
    shim_wdb *wdb;
    shim_termgen *tg;
    shim_doc *doc;
    char *gen_dir;
    char *err;
    size_t errlen;
} builder;

static int add_message(build_report *rep, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **m = realloc(rep->messages, (rep->n_messages + 1) * sizeof *m);
    if (!m)
        return -1;
    rep->messages = m;
    if (!(m[rep->n_messages] = strdup(buf)))
        return -1;
    rep->n_messages++;
    return 0;
}

static build_count *count_for(build_report *rep, const char *authority)
{
    for (size_t i = 0; i < rep->n_counts; i++)
        if (strcmp(rep->counts[i].authority, authority) == 0)
            return &rep->counts[i];
    build_count *c = realloc(rep->counts, (rep->n_counts + 1) * sizeof *c);
    if (!c)
        return NULL;
    rep->counts = c;
    c = &rep->counts[rep->n_counts];
    memset(c, 0, sizeof *c);
    if (!(c->authority = strdup(authority)))
        return NULL;
    rep->n_counts++;
    return c;
}

static int count_cmp(const void *a, const void *b)
{
    const build_count *x = a, *y = b;
    /* undecided ("") sorts last */
    if (!x->authority[0] != !y->authority[0])
        return x->authority[0] ? -1 : 1;
    return strcmp(x->authority, y->authority);
}

static void shim_fail(builder *b, const char *what, shim_status st)
{
    snprintf(b->err, b->errlen, "%s: %s (%s)", what, shim_status_string(st),
             shim_last_error());
}

/* Index one parsed document. -1 on a failure that must stop the build. */
static int index_document(builder *b, const corpus_doc *doc)
{
    for (size_t i = 0; i < doc->n_paras; i++) {
        shim_status st = index_doc_fill(b->tg, b->doc, &doc->paras[i]);
        if (st == SHIM_OK)
            st = shim_wdb_add(b->wdb, b->doc, NULL);
        if (st != SHIM_OK) {
            char what[512];
            snprintf(what, sizeof what, "indexing %s line %u", doc->file,
                     doc->paras[i].line);
            shim_fail(b, what, st);
            return -1;
        }
    }
    build_count *c = count_for(b->rep, doc->authority);
    if (!c) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    c->documents++;
    c->paragraphs += doc->n_paras;
    b->rep->documents++;
    b->rep->paragraphs += doc->n_paras;
    return 0;
}

/* Read, parse and index one file; a bad file is reported and skipped. */
static int build_file(builder *b, const walk_entry *e)
{
    build_report *rep = b->rep;
    if (e->problem) {
        rep->skipped++;
        return add_message(rep, "%s: skipped: %s", e->relpath, e->problem);
    }
    text_file tf;
    char msg[512];
    size_t max = b->opt->max_file_bytes ? b->opt->max_file_bytes
                                        : TEXTIO_DEFAULT_MAX_BYTES;
    textio_status ts = textio_read(e->path, max, &tf, msg, sizeof msg);
    if (ts == TEXTIO_NOMEM) {
        snprintf(b->err, b->errlen, "out of memory reading %s", e->relpath);
        return -1;
    }
    if (ts != TEXTIO_OK) {
        rep->skipped++;
        return add_message(rep, "%s: skipped: %s", e->relpath, msg);
    }
    corpus_ref cref = {b->ref.authorities, &b->ref.manifest};
    corpus_doc doc;
    int rc = corpus_parse(e->relpath, tf.data, tf.len, &cref, &doc);
    text_file_clear(&tf);
    if (rc != 0) {
        snprintf(b->err, b->errlen, "out of memory parsing %s", e->relpath);
        return -1;
    }
    for (size_t i = 0; i < doc.n_warnings && rc == 0; i++) {
        rep->warnings++;
        rc = add_message(rep, "%s", doc.warnings[i]);
    }
    if (rc == 0 && doc.n_paras == 0) {
        rep->skipped++;
        rc = add_message(rep, "%s: skipped: no paragraphs of text found", e->relpath);
    } else if (rc == 0) {
        rc = index_document(b, &doc);
    }
    corpus_doc_clear(&doc);
    return rc;
}

static int store_metadata(builder *b)
{
    char built[32], format[16];
    time_t now = time(NULL);
    strftime(built, sizeof built, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    snprintf(format, sizeof format, "%d", SCHEMA_FORMAT);
    char *summary = build_report_json(b->rep);
    if (!summary) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    const char *keys[] = {META_FORMAT, META_BUILT, META_AUTHORITIES,
                          META_THESAURUS, META_SUMMARY};
    const char *vals[] = {format, built, b->ref.authorities_text,
                          b->ref.thesaurus_text, summary};
    shim_status st = SHIM_OK;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && st == SHIM_OK; i++)
        st = shim_wdb_set_metadata(b->wdb, keys[i], vals[i]);
    free(summary);
    if (st != SHIM_OK) {
        shim_fail(b, "storing index metadata", st);
        return -1;
    }
    return 0;
}

/* Open what was written, read-only, and check it holds every paragraph
 * before it may become live. */
static int verify_generation(builder *b)
{
    shim_db *db = NULL;
    uint32_t count = 0;
    shim_status st = shim_db_open(b->gen_dir, &db);
    if (st == SHIM_OK)
        st = shim_db_doccount(db, &count);
    shim_db_free(db);
    if (st != SHIM_OK) {
        shim_fail(b, "checking the new index", st);
        return -1;
    }
    if (count != b->rep->paragraphs) {
        snprintf(b->err, b->errlen,
                 "the new index holds %u paragraphs, not %zu; not published",
                 count, b->rep->paragraphs);
        return -1;
    }
    return 0;
}

static int build_generation(builder *b, long gen)
{
    build_report *rep = b->rep;
    b->gen_dir = gen_path(b->opt->index_dir, gen);
    if (!b->gen_dir) {
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    shim_status st = shim_wdb_open(b->gen_dir, SHIM_WDB_CREATE, &b->wdb);
    if (st == SHIM_OK)
        st = shim_termgen_new("en", SHIM_TG_SPELLING, &b->tg);
    if (st == SHIM_OK)
        st = shim_termgen_set_database(b->tg, b->wdb);
    if (st == SHIM_OK)
        st = shim_doc_new(&b->doc);
    if (st != SHIM_OK) {
        shim_fail(b, "creating the new index", st);
        return -1;
    }
    for (size_t i = 0; i < b->files.n; i++) {
        if (build_file(b, &b->files.entries[i]) != 0)
            return -1;
        if (b->opt->progress)
            b->opt->progress(b->opt->progress_ctx, i + 1, b->files.n,
                             b->files.entries[i].relpath);
    }
    if (rep->paragraphs == 0) {
        snprintf(b->err, b->errlen,
                 "no paragraphs could be indexed from '%s' (%zu files, %zu "
                 "skipped); the index was left as it was", b->opt->corpus_dir,
                 rep->files, rep->skipped);
        return -1;
    }
    qsort(rep->counts, rep->n_counts, sizeof *rep->counts, count_cmp);
    if (store_metadata(b) != 0)
        return -1;
    st = shim_wdb_close(b->wdb);
    b->wdb = NULL;
    if (st != SHIM_OK) {
        shim_fail(b, "committing the new index", st);
        return -1;
    }
    return verify_generation(b);
}

build_status build_index(const build_options *opt, build_report *rep, char *err,
                         size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    builder b = {.opt = opt, .rep = rep, .err = err, .errlen = errlen};
    gen_lock *lock = NULL;
    build_status result = BUILD_ERROR;

    if (refdata_load(opt->corpus_dir, &b.ref, err, errlen) != 0)
        return BUILD_ERROR;
    if (corpus_walk(opt->corpus_dir, &b.files, err, errlen) != 0)
        goto out;
    rep->files = b.files.n;

    int lk = gen_lock_acquire(opt->index_dir, &lock, err, errlen);
    if (lk != 0) {
        result = lk == 1 ? BUILD_LOCKED : BUILD_ERROR;
        goto out;
    }
    long live = gen_current(opt->index_dir, err, errlen);
    if (live < 0)
        live = 0;   /* a broken stub is replaced by this build */
    /* Debris of builds that died before publishing goes first. */
    if (gen_prune(opt->index_dir, live, gen_below(opt->index_dir, live), err,
                  errlen) < 0)
        goto out;
    long gen = gen_next(opt->index_dir);
    if (build_generation(&b, gen) != 0)
        goto out;
    if (gen_publish(opt->index_dir, gen, err, errlen) != 0)
        goto out;
    rep->generation = gen;
    result = BUILD_OK;
    /* Keep the generation readers may still have open. */
    char prune_err[256];
    gen_prune(opt->index_dir, gen, live, prune_err, sizeof prune_err);
out:
    shim_wdb_free(b.wdb);
    shim_termgen_free(b.tg);
    shim_doc_free(b.doc);
    if (result != BUILD_OK && b.gen_dir)
        gen_remove_tree(b.gen_dir);
    free(b.gen_dir);
    walk_list_clear(&b.files);
    refdata_clear(&b.ref);
    gen_lock_release(lock);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    rep->seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    return result;
}

void build_report_clear(build_report *rep)
{
    for (size_t i = 0; i < rep->n_messages; i++)
        free(rep->messages[i]);
    free(rep->messages);
    for (size_t i = 0; i < rep->n_counts; i++)
        free(rep->counts[i].authority);
    free(rep->counts);
    memset(rep, 0, sizeof *rep);
}

char *build_report_json(const build_report *rep)
{
    json_t *o = json_object(), *per = json_array();
    if (!o || !per) {
        json_decref(o);
        json_decref(per);
        return NULL;
    }
    for (size_t i = 0; i < rep->n_counts; i++) {
        const build_count *c = &rep->counts[i];
        json_array_append_new(per, json_pack("{s:s?, s:I, s:I}", "authority",
                                             c->authority[0] ? c->authority : NULL,
                                             "documents", (json_int_t)c->documents,
                                             "paragraphs", (json_int_t)c->paragraphs));
    }
    json_object_set_new(o, "files", json_integer((json_int_t)rep->files));
    json_object_set_new(o, "documents", json_integer((json_int_t)rep->documents));
    json_object_set_new(o, "paragraphs", json_integer((json_int_t)rep->paragraphs));
    json_object_set_new(o, "skipped", json_integer((json_int_t)rep->skipped));
    json_object_set_new(o, "warnings", json_integer((json_int_t)rep->warnings));
    json_object_set_new(o, "authorities", per);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}
