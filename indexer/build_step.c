/* build_step.c: the steps a full build and an update share (see
 * build_internal.h). */
#include "build_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index_doc.h"
#include "parse.h"
#include "schema.h"
#include "stats.h"
#include "textio.h"
#include "thesaurus.h"

double builder_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int nomem(builder *b)
{
    snprintf(b->err, b->errlen, "out of memory");
    return -1;
}

static void shim_fail(builder *b, const char *what, shim_status st)
{
    snprintf(b->err, b->errlen, "%s: %s (%s)", what, shim_status_string(st),
             shim_last_error());
}

void builder_stage(builder *b, const char *fmt, ...)
{
    if (!b->opt->stage)
        return;
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    b->opt->stage(b->opt->progress_ctx, what);
}

int builder_load(builder *b)
{
    const build_options *opt = b->opt;
    b->t0 = builder_now();
    if (refdata_load(opt->corpus_dir, &b->ref, b->err, b->errlen) != 0)
        return -1;
    /* The query tool parses the stored thesaurus on every open: one it
     * cannot read must never become live, or every search would fail. */
    if (b->ref.thesaurus_text[0]) {
        thesaurus *t = NULL;
        const char *text = b->ref.thesaurus_text;
        if (thesaurus_parse(text, strlen(text), b->ref.thesaurus_path, &t, b->err,
                            b->errlen) != 0) {
            size_t n = strlen(b->err);
            snprintf(b->err + n, b->errlen - n, "; the index was left as it was");
            return -1;
        }
        thesaurus_free(t);
    }
    if (corpus_walk(opt->corpus_dir, &b->files, b->err, b->errlen) != 0)
        return -1;
    if (b->rep)
        b->rep->files = b->files.n;
    return 0;
}

int builder_start(builder *b)
{
    const build_options *opt = b->opt;
    if (builder_load(b) != 0)
        return -1;
    int lk = gen_lock_acquire_wait(opt->index_dir, opt->lock_wait, &b->lock, b->err,
                                   b->errlen);
    if (lk != 0)
        return lk;
    char ignored[256];
    b->live = gen_current(opt->index_dir, ignored, sizeof ignored);
    if (b->live < 0)
        b->live = 0;   /* a broken stub is replaced by this run */
    /* Debris of runs that died before publishing goes first. */
    if (gen_prune(opt->index_dir, b->live, gen_below(opt->index_dir, b->live), b->err,
                  b->errlen) < 0)
        return -1;
    return 0;
}

static size_t max_bytes(const builder *b)
{
    return b->opt->max_file_bytes ? b->opt->max_file_bytes : TEXTIO_DEFAULT_MAX_BYTES;
}

int builder_open(builder *b, long copy_of)
{
    const char *index_dir = b->opt->index_dir;
    b->gen = gen_next(index_dir);
    if (!(b->gen_dir = gen_path(index_dir, b->gen)))
        return nomem(b);
    shim_wdb_mode mode = SHIM_WDB_CREATE;
    if (copy_of > 0) {
        builder_stage(b, "copying generation %ld", copy_of);
        char *from = gen_path(index_dir, copy_of);
        if (!from)
            return nomem(b);
        int rc = gen_copy(from, b->gen_dir, b->err, b->errlen);
        free(from);
        if (rc != 0)
            return -1;
        mode = SHIM_WDB_CREATE_OR_OPEN;
    }
    shim_status st = shim_wdb_open(b->gen_dir, mode, &b->wdb);
    /* Spelling data is kept for "did you mean"; an update takes the words
     * of what it deletes back out of it (update.c). */
    if (st == SHIM_OK)
        st = shim_termgen_new("en", SHIM_TG_SPELLING, &b->tg);
    if (st == SHIM_OK)
        st = shim_termgen_set_database(b->tg, b->wdb);
    if (st == SHIM_OK)
        st = shim_doc_new(&b->doc);
    if (st != SHIM_OK) {
        shim_fail(b, "opening the new index", st);
        return -1;
    }
    return 0;
}

/* Read e; 1 with tf filled, 0 when it cannot be read (*why says why and
 * hash is its fingerprint), -1 out of memory. */
static int read_entry(const builder *b, const walk_entry *e, text_file *tf, char *why,
                      size_t whylen, char hash[SHA256_HEX])
{
    memset(tf, 0, sizeof *tf);
    const manifest_entry *me = manifest_find(&b->ref.manifest, e->relpath);
    if (e->problem) {
        snprintf(why, whylen, "%s", e->problem);
        file_fingerprint_problem(why, NULL, 0, me, hash);
        return 0;
    }
    textio_status ts = textio_read(e->path, max_bytes(b), tf, why, whylen);
    if (ts == TEXTIO_NOMEM)
        return -1;
    if (ts == TEXTIO_OK) {
        file_fingerprint(tf->data, tf->len, me, hash);
        return 1;
    }
    /* A file read whole but refused for its content: its bytes count, so a
     * binary file that changes is "changed" though still skipped. (Not for
     * one too big or unreadable: there is nothing to read, or too much.) */
    char *raw = NULL;
    size_t len = 0;
    int content = ts == TEXTIO_BINARY || ts == TEXTIO_BAD_UTF8 || ts == TEXTIO_EMPTY;
    if (content && refdata_read_file(e->path, &raw, &len) != 0)
        raw = NULL;
    file_fingerprint_problem(why, raw, len, me, hash);
    free(raw);
    return 0;
}

int builder_fingerprint(builder *b, const walk_entry *e, char out[SHA256_HEX])
{
    text_file tf;
    char why[512];
    int r = read_entry(b, e, &tf, why, sizeof why, out);
    text_file_clear(&tf);
    if (r < 0) {
        snprintf(b->err, b->errlen, "out of memory reading %s", e->relpath);
        return -1;
    }
    return 0;
}

static int skip(file_state *fs, const char *why)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s: skipped: %s", fs->path, why);
    return file_state_message(fs, msg);
}

/* Index the paragraphs of a parsed document. */
static int index_paragraphs(builder *b, const corpus_doc *doc)
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
    return 0;
}

/* Parse tf and index it, recording the outcome in fs. */
static int parse_and_index(builder *b, const text_file *tf, file_state *fs)
{
    corpus_ref cref = {b->ref.authorities, &b->ref.manifest};
    corpus_doc doc;
    if (corpus_parse(fs->path, tf->data, tf->len, &cref, &doc) != 0) {
        snprintf(b->err, b->errlen, "out of memory parsing %s", fs->path);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < doc.n_warnings && rc == 0; i++) {
        fs->warnings++;
        rc = file_state_message(fs, doc.warnings[i]);
    }
    if (rc == 0 && doc.n_paras == 0) {
        rc = skip(fs, "no paragraphs of text found");
    } else if (rc == 0) {
        free(fs->authority);
        fs->authority = strdup(doc.authority);
        rc = fs->authority ? 0 : -1;
        fs->indexed = 1;
        fs->paragraphs = doc.n_paras;
        if (rc == 0 && index_paragraphs(b, &doc) != 0) {
            corpus_doc_clear(&doc);
            return -1;
        }
    }
    corpus_doc_clear(&doc);
    return rc == 0 ? 0 : nomem(b);
}

int builder_add_file(builder *b, const walk_entry *e)
{
    file_state fs;
    if (file_state_init(&fs, e->relpath) != 0)
        return nomem(b);
    fs.fresh = 1;
    text_file tf;
    char why[512];
    int r = read_entry(b, e, &tf, why, sizeof why, fs.hash);
    int rc = 0;
    if (r < 0) {
        snprintf(b->err, b->errlen, "out of memory reading %s", e->relpath);
        rc = -1;
    } else if (r == 0) {
        if (skip(&fs, why) != 0)
            rc = nomem(b);
    } else {
        rc = parse_and_index(b, &tf, &fs);
    }
    text_file_clear(&tf);
    if (rc != 0) {
        file_state_clear(&fs);
        return -1;
    }
    return file_table_push(&b->table, &fs) == 0 ? 0 : nomem(b);
}

static int store_metadata(builder *b)
{
    build_report *rep = b->rep;
    char built[32], format[16];
    time_t now = time(NULL);
    strftime(built, sizeof built, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    snprintf(format, sizeof format, "%d", SCHEMA_FORMAT);
    rep->generation = b->gen;
    rep->seconds = builder_now() - b->t0;
    char *summary = build_report_json(rep);
    char *files = file_table_json(&b->table);
    char *inputs = file_inputs_json(b->ref.authorities_text, max_bytes(b));
    char *run = build_run_json(rep);
    const char *keys[] = {META_FORMAT, META_BUILT, META_AUTHORITIES, META_THESAURUS,
                          META_SUMMARY, META_FILES, META_INPUTS, META_RUN};
    const char *vals[] = {format, built, b->ref.authorities_text, b->ref.thesaurus_text,
                          summary, files, inputs, run};
    int rc = summary && files && inputs && run ? 0 : nomem(b);
    shim_status st = SHIM_OK;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && rc == 0 && st == SHIM_OK; i++)
        st = shim_wdb_set_metadata(b->wdb, keys[i], vals[i]);
    if (rc == 0 && st != SHIM_OK) {
        shim_fail(b, "storing index metadata", st);
        rc = -1;
    }
    free(summary);
    free(files);
    free(inputs);
    free(run);
    return rc;
}

/* Open what was written, read-only, and check it holds exactly what the
 * file table says before it may become live. */
static int verify_generation(builder *b)
{
    shim_db *db = NULL;
    shim_status st = shim_db_open(b->gen_dir, &db);
    if (st != SHIM_OK) {
        shim_fail(b, "checking the new index", st);
        return -1;
    }
    char why[768];
    int rc = index_verify(db, &b->table, why, sizeof why);
    shim_db_free(db);
    if (rc != 0) {
        snprintf(b->err, b->errlen, "the new index is not right (%s); not published", why);
        return -1;
    }
    return 0;
}

int builder_finish(builder *b)
{
    build_report *rep = b->rep;
    file_table_sort(&b->table);
    if (file_table_report(&b->table, rep) != 0)
        return nomem(b);
    if (rep->paragraphs == 0) {
        snprintf(b->err, b->errlen,
                 "no paragraphs could be indexed from '%s' (%zu files, %zu "
                 "skipped); the index was left as it was", b->opt->corpus_dir,
                 rep->files, rep->skipped);
        return -1;
    }
    builder_stage(b, "committing");
    if (store_metadata(b) != 0)
        return -1;
    shim_status st = shim_wdb_close(b->wdb);
    b->wdb = NULL;
    if (st != SHIM_OK) {
        shim_fail(b, "committing the new index", st);
        return -1;
    }
    builder_stage(b, "checking");
    if (verify_generation(b) != 0)
        return -1;
    return gen_sync(b->gen_dir, b->err, b->errlen);
}

int builder_publish(builder *b)
{
    if (gen_publish(b->opt->index_dir, b->gen, b->err, b->errlen) != 0)
        return -1;
    b->published = 1;
    b->rep->generation = b->gen;
    /* Keep the generation readers may still have open. A failure here
     * leaves only debris, which the next run removes. */
    char prune_err[256];
    gen_prune(b->opt->index_dir, b->gen, b->live, prune_err, sizeof prune_err);
    return 0;
}

void builder_clear(builder *b)
{
    shim_wdb_free(b->wdb);
    shim_termgen_free(b->tg);
    shim_doc_free(b->doc);
    if (b->gen_dir && !b->published)
        gen_remove_tree(b->gen_dir);
    free(b->gen_dir);
    walk_list_clear(&b->files);
    refdata_clear(&b->ref);
    file_table_clear(&b->table);
    gen_lock_release(b->lock);
    if (b->t0 > 0 && b->rep)
        b->rep->seconds = builder_now() - b->t0;
    memset(b, 0, sizeof *b);
}
