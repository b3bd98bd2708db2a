/* build_step.c: the steps a full build and an update share (see
 * build_internal.h). */
#include "build_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "index_doc.h"
#include "path.h"
#include "report.h"
#include "parse.h"
#include "schema.h"
#include "score_check.h"
#include "shards.h"
#include "stats.h"
#include "reader.h"
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
    /* Two seconds of margin: some filesystems (FAT) keep times to 2 s, so
     * a later change could otherwise carry the same time. */
    b->trust_before = time(NULL) - 2;
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
    /* The index may live inside its corpus: never index its files. */
    if (corpus_walk_ex(opt->corpus_dir, opt->index_dir, &b->files, b->err,
                       b->errlen) != 0)
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
    if (opt->shards > SHARDS_MAX) {
        snprintf(b->err, b->errlen, "--shards %u is too many (at most %d)", opt->shards,
                 SHARDS_MAX);
        return -1;
    }
    b->n_shards = opt->shards ? opt->shards : shards_default();
    int lk = gen_lock_acquire_wait(opt->index_dir, opt->lock_wait, &b->lock, b->err,
                                   b->errlen);
    if (lk != 0)
        return lk;
    char ignored[256];
    b->live = layout_current(opt->index_dir, ignored, sizeof ignored);
    if (b->live == LAYOUT_NOMEM) {   /* not "no index": that would prune the live one */
        snprintf(b->err, b->errlen, "out of memory");
        return -1;
    }
    if (b->live < 0)
        b->live = 0;   /* a broken stub is replaced by this run */
    b->rep->previous = b->live;
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

/* Xapian writes a shard's buffered documents out every this many (its
 * default is 10,000). Fewer, larger flushes merge into the B-trees with
 * fewer block reads, but Xapian's in-memory postings cost more per term
 * the more documents they hold, and that wins: at 50,000 paragraphs and 2
 * shards a build takes 9.1 s at 500, 10.1 s at 1,000, 15.3 s at 5,000 and
 * 27.5 s at 20,000 (713 MB); at 1,000,000, 254.6 s at 500 (a 10% larger
 * index) and 253.5 s at 2,000. Per shard, so memory grows with the shards. */
enum { FLUSH_DOCUMENTS = 1000 };

/* Open shard w (path) for writing, with its term generator. */
static int open_shard(builder *b, shard_writer *w, const char *path, shim_wdb_mode mode,
                      unsigned flags)
{
    shim_status st = shim_wdb_open_ex(path, mode, flags, &w->wdb);
    /* No spelling data here: the meta database gets all of it at the end
     * (store_metadata). */
    if (st == SHIM_OK)
        st = shim_termgen_new("en", 0, &w->tg);
    if (st == SHIM_OK)
        st = shim_doc_new(&w->doc);
    if (st == SHIM_OK && b->count_words && !w->words && !w->words_dropped)
        st = shim_words_new(&w->words);
    if (st != SHIM_OK) {
        shim_fail(b, "opening the new index", st);
        return -1;
    }
    return 0;
}

/* Past BUILDER_WORDS_MAX words, w counts no more. */
static void limit_words(shard_writer *w)
{
    if (w->words && shim_words_size(w->words) > BUILDER_WORDS_MAX) {
        shim_words_free(w->words);
        w->words = NULL;
        w->words_dropped = 1;
    }
}

/* Free w's writer, keeping what it counted (w->words) for the metadata. */
static void close_writer(shard_writer *w)
{
    shim_termgen_free(w->tg);
    shim_doc_free(w->doc);
    shim_wdb_free(w->wdb);
    w->tg = NULL;
    w->doc = NULL;
    w->wdb = NULL;
}

static void close_shard(shard_writer *w)
{
    close_writer(w);
    shim_words_free(w->words);
    memset(w, 0, sizeof *w);
}

int builder_open(builder *b, long copy_of)
{
    const char *index_dir = b->opt->index_dir;
    b->gen = gen_next(index_dir);
    b->gen_time = (long long)time(NULL);
    if (!(b->gen_dir = layout_gen_path(index_dir, b->gen)))
        return nomem(b);
    if (!(b->shards = calloc(b->n_shards, sizeof *b->shards)))
        return nomem(b);
    if (mkdir(b->gen_dir, 0777) != 0) {
        snprintf(b->err, b->errlen, "cannot create '%s': %s", b->gen_dir, strerror(errno));
        return -1;
    }
    shim_set_flush_threshold(FLUSH_DOCUMENTS);
    char *from = copy_of > 0 ? layout_gen_path(index_dir, copy_of) : NULL;
    if (copy_of > 0 && !from)
        return nomem(b);
    if (copy_of > 0)
        builder_stage(b, "linking generation %ld", copy_of);
    int rc = 0;
    for (unsigned k = 0; k < b->n_shards && rc == 0; k++) {
        char *to = shard_path(b->gen_dir, k), *src = from ? shard_path(from, k) : NULL;
        if (!to || (from && !src))
            rc = nomem(b);
        else if (from)
            rc = gen_link(src, to, b->err, b->errlen);
        else
            rc = open_shard(b, &b->shards[k], to, SHIM_WDB_CREATE, SHIM_WDB_UNSHARED);
        b->shards[k].linked = from != NULL && rc == 0;
        free(to);
        free(src);
    }
    free(from);
    return rc;
}

shard_writer *builder_shard(builder *b, unsigned k)
{
    shard_writer *w = &b->shards[k];
    if (w->wdb)
        return w;
    char *to = shard_path(b->gen_dir, k);
    char *live = w->linked ? layout_gen_path(b->opt->index_dir, b->live) : NULL;
    char *from = live ? shard_path(live, k) : NULL;
    int rc = to && (!w->linked || from) ? 0 : nomem(b);
    /* The generation is unpublished until synced: nobody reads it yet, but
     * a linked shard's files are the live generation's too. */
    unsigned flags = SHIM_WDB_UNSHARED;
    if (rc == 0 && w->linked && b->share_live) {
        builder_stage(b, "updating shard %u copy-on-write", k);
        flags = SHIM_WDB_SHARED_FILES;
        w->linked = 0;
    } else if (rc == 0 && w->linked) {
        builder_stage(b, "copying shard %u of generation %ld", k, b->live);
        if (gen_remove_tree(to) != 0) {
            snprintf(b->err, b->errlen, "cannot remove '%s': %s", to, strerror(errno));
            rc = -1;
        } else {
            rc = gen_copy(from, to, b->err, b->errlen);
        }
        w->linked = 0;
        /* a copy of an existing database: never DB_DANGEROUS (see
         * SHIM_WDB_NO_SYNC) */
        flags = SHIM_WDB_NO_SYNC;
    }
    if (rc == 0)
        rc = open_shard(b, w, to, SHIM_WDB_CREATE_OR_OPEN, flags);
    free(to);
    free(live);
    free(from);
    return rc == 0 ? w : NULL;
}

unsigned builder_route(const builder *b, const char *authority)
{
    return shard_of(b->ref.authorities, authority, b->n_shards);
}

/* Read e; 1 with dr filled (why then holds the text reader's note on how
 * it read the text, "read as Windows-1252 ...", or ""), 0 when it cannot be
 * read (why says why), -1 out of memory. hash is its fingerprint; sig is
 * its signature when it was read whole ("" otherwise): taken before
 * reading, see filestate.h. */
static int read_entry(const builder *b, const walk_entry *e, doc_read *dr, char *why,
                      size_t whylen, char hash[SHA256_HEX], char sig[SHA256_HEX])
{
    memset(dr, 0, sizeof *dr);
    sig[0] = '\0';
    const manifest_entry *me = manifest_find(&b->ref.manifest, e->relpath);
    if (e->problem) {
        snprintf(why, whylen, "%s", e->problem);
        file_fingerprint_problem(why, NULL, 0, me, hash);
        return 0;
    }
    file_signature(e->path, me, b->trust_before, sig);
    reader_limits lim;
    reader_limits_default(&lim, max_bytes(b));
    why[0] = '\0';
    reader_status rs = reader_read(e->path, &lim, dr, why, whylen);
    if (rs == READER_NOMEM)
        return -1;
    if (rs == READER_OK) {
        /* Only text leaves a note in why on success (textio.h). */
        if (dr->format != FORMAT_TEXT)
            why[0] = '\0';
        file_fingerprint_noted(dr->bytes, dr->len, why, me, hash);
        return 1;
    }
    sig[0] = '\0';
    /* A file read whole but refused for its content: its bytes count, so a
     * binary file that changes is "changed" though still skipped. (Not for
     * one too big or unreadable: there is nothing to read, or too much.) */
    char *raw = NULL;
    size_t len = 0;
    if (rs == READER_REFUSED && path_read_file(e->path, &raw, &len) != 0)
        raw = NULL;
    file_fingerprint_problem(why, raw, len, me, hash);
    free(raw);
    return 0;
}

int builder_fingerprint(const builder *b, const walk_entry *e, const file_state *was,
                        char out[SHA256_HEX], char sig[SHA256_HEX], char *err,
                        size_t errlen)
{
    if (was && was->sig[0] && !e->problem) {
        const manifest_entry *me = manifest_find(&b->ref.manifest, e->relpath);
        file_signature(e->path, me, b->trust_before, sig);
        if (strcmp(sig, was->sig) == 0) {
            memcpy(out, was->hash, SHA256_HEX);
            return 1;
        }
    }
    doc_read dr;
    char why[512];
    int r = read_entry(b, e, &dr, why, sizeof why, out, sig);
    doc_read_clear(&dr);
    if (r < 0) {
        snprintf(err, errlen, "out of memory reading %s", e->relpath);
        return -1;
    }
    return 0;
}

int builder_unindex(shard_writer *w, const file_state *was, char *err, size_t errlen)
{
    /* The same term the paragraphs were indexed with (index_doc.h). */
    char *term = index_doc_file_term(was->path);
    if (!term) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    shim_status st = w->words ? shim_words_uncount_term(w->words, w->wdb, term) : SHIM_OK;
    limit_words(w);
    if (st == SHIM_OK)
        st = shim_wdb_delete(w->wdb, term);
    free(term);
    if (st != SHIM_OK) {
        snprintf(err, errlen, "removing %s: %s (%s)", was->path, shim_status_string(st),
                 shim_last_error());
        return -1;
    }
    return 0;
}

/* Add "path<sep>text" to fs's messages (a path may be thousands of bytes
 * long, so no fixed buffer). 0, or -1 out of memory. */
static int path_message(file_state *fs, const char *sep, const char *text)
{
    size_t n = strlen(fs->path) + strlen(sep) + strlen(text) + 1;
    char *msg = malloc(n);
    if (!msg)
        return -1;
    snprintf(msg, n, "%s%s%s", fs->path, sep, text);
    int rc = file_state_message(fs, msg);
    free(msg);
    return rc;
}

static int skip(file_state *fs, const char *why)
{
    return path_message(fs, ": skipped: ", why);
}

int builder_use_previous(builder *b, shim_db *db, const file_table *old)
{
    b->prev_tried = 1;
    b->prev = old;
    gen_history_clear(&b->history);
    char *text = NULL;
    if (db && shim_db_metadata(db, META_GENERATIONS, &text) == SHIM_OK) {
        /* A history that is not ours is dropped, never a reason to fail. */
        if (gen_history_parse(text, &b->history) != 0)
            gen_history_clear(&b->history);
    }
    free(text);
    return 0;
}

/* The time of generation gen: the one being made, or one in the history;
 * 0 unknown. */
static long long gen_time_of(const builder *b, long gen)
{
    if (gen == b->gen)
        return b->gen_time;
    const gen_entry *e = gen_history_find(&b->history, gen);
    return e ? e->time : 0;
}

int builder_first_seen(const builder *b, firstseen_matcher *mt, file_state *fs,
                       corpus_doc *part, char *err, size_t errlen)
{
    if (!mt->used) {
        const file_state *was = b->prev ? file_table_find(b->prev, fs->path) : NULL;
        firstseen_clear(&fs->seen);
        if (firstseen_matcher_init(mt, was && was->indexed ? &was->seen : NULL) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    uint64_t *hash = malloc((part->n_paras + 1) * sizeof *hash);
    size_t kept = 0, from = fs->seen.n;
    if (!hash) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < part->n_paras; i++)
        hash[i] = firstseen_hash(part->paras[i].text, strlen(part->paras[i].text));
    int rc = firstseen_matcher_next(mt, hash, part->n_paras, b->gen, &fs->seen, &kept);
    free(hash);
    if (rc != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < part->n_paras; i++) {
        part->paras[i].seen_gen = fs->seen.gen[from + i];
        part->paras[i].seen_time = gen_time_of(b, fs->seen.gen[from + i]);
    }
    return 0;
}

int builder_index_doc(shard_writer *w, const corpus_doc *doc, char *err, size_t errlen)
{
    for (size_t i = 0; i < doc->n_paras; i++) {
        shim_status st = index_doc_fill(w->tg, w->doc, &doc->paras[i]);
        if (st == SHIM_OK && w->words) {
            st = shim_words_count_doc(w->words, w->doc);
            limit_words(w);
        }
        if (st == SHIM_OK)
            st = shim_wdb_add(w->wdb, w->doc, NULL);
        if (st != SHIM_OK) {
            snprintf(err, errlen, "indexing %s line %u: %s (%s)", doc->file,
                     doc->paras[i].line, shim_status_string(st), shim_last_error());
            return -1;
        }
    }
    return 0;
}

int builder_part_drop(void *arg, corpus_doc *part)
{
    (void)arg;
    (void)part;
    return 0;
}

int builder_part_first(void *arg, corpus_doc *part)
{
    (void)arg;
    (void)part;
    return 1;
}

/* Parse dr into *doc, its paragraphs handed to fn, recording the outcome
 * in fs; note (may be "") is the reader's, a warning about the whole file.
 * 0, -1 out of memory, -2 fn failed. */
static int parse_file(const builder *b, const doc_read *dr, const char *note,
                      file_state *fs, corpus_doc *doc, int *have_doc,
                      corpus_part_fn fn, void *arg)
{
    corpus_ref cref = {b->ref.authorities, &b->ref.manifest};
    int prc = corpus_parse_read(fs->path, dr, &cref, fn, arg, doc);
    if (prc != 0)
        return prc;
    int rc = 0;
    if (note[0]) {
        fs->warnings++;
        rc = path_message(fs, ": ", note);
    }
    for (size_t i = 0; i < doc->n_warnings && rc == 0; i++) {
        fs->warnings++;
        rc = file_state_message(fs, doc->warnings[i]);
    }
    /* A reader's limit that cut the document short loses text: say so. */
    for (size_t i = 0; i < dr->blocks.n_dropped && rc == 0; i++) {
        const char *note = dr->blocks.dropped[i];
        size_t n = strlen(note), cut = strlen(BLOCKS_NOTE_CUT);
        if (n >= cut && strcmp(note + n - cut, BLOCKS_NOTE_CUT) == 0) {
            fs->warnings++;
            rc = path_message(fs, ": ", note);
        }
    }
    size_t paragraphs = corpus_doc_paragraphs(doc);
    if (rc == 0 && paragraphs == 0) {
        rc = skip(fs, "no paragraphs of text found");
    } else if (rc == 0) {
        free(fs->authority);
        fs->authority = strdup(doc->authority);
        rc = fs->authority ? 0 : -1;
        if (rc == 0) {
            free(fs->scores);
            rc = (fs->scores = score_facts(doc)) ? 0 : -1;
        }
        fs->indexed = 1;
        fs->paragraphs = paragraphs;
        *have_doc = rc == 0;
    }
    if (!*have_doc)
        corpus_doc_clear(doc);
    return rc;
}

int builder_read_parse(const builder *b, const walk_entry *e, file_state *fs,
                       corpus_doc *doc, int *have_doc, corpus_part_fn fn, void *arg,
                       char *err, size_t errlen)
{
    *have_doc = 0;
    if (file_state_init(fs, e->relpath) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    fs->fresh = 1;
    doc_read dr;
    char why[512];
    int r = read_entry(b, e, &dr, why, sizeof why, fs->hash, fs->sig);
    int rc = 0;
    if (r < 0)
        rc = -1;
    else if (r == 0)
        rc = skip(fs, why);
    else
        rc = parse_file(b, &dr, why, fs, doc, have_doc, fn, arg);
    doc_read_clear(&dr);
    if (rc != 0) {
        if (rc != -2)   /* fn said why */
            snprintf(err, errlen, "out of memory reading %s", e->relpath);
        file_state_clear(fs);
        rc = -1;
    }
    return rc;
}

/* An update's meta database starts as a copy of the live one's (small:
 * metadata and spelling data). 0, or -1 with err. */
static int copy_live_meta(builder *b, const char *to)
{
    char *live = layout_gen_path(b->opt->index_dir, b->live);
    char *from = live ? shard_meta_path(live) : NULL;
    int rc = from ? gen_copy(from, to, b->err, b->errlen) : nomem(b);
    free(from);
    free(live);
    return rc;
}

/* The words every shard deleted and added, applied to meta's spelling. */
static shim_status apply_words(builder *b, shim_wdb *meta)
{
    shim_words *all = NULL;
    shim_status st = shim_words_new(&all);
    for (unsigned k = 0; k < b->n_shards && st == SHIM_OK; k++)
        if (b->shards[k].words)
            st = shim_words_merge(all, b->shards[k].words);
    if (st == SHIM_OK)
        st = shim_wdb_apply_spelling(meta, all);
    shim_words_free(all);
    return st;
}

/* The history with this generation appended (genhist.h): how many
 * paragraphs first appeared in it, and how many of the previous
 * generation's are gone (known when its file list was). */
static char *history_json(builder *b)
{
    size_t added = 0, total = 0, before = 0;
    for (size_t i = 0; i < b->table.n; i++) {
        added += firstseen_count(&b->table.files[i].seen, b->gen);
        total += b->table.files[i].seen.n;
    }
    for (size_t i = 0; b->prev && i < b->prev->n; i++)
        before += b->prev->files[i].indexed ? b->prev->files[i].paragraphs : 0;
    gen_entry e = {.gen = b->gen, .time = b->gen_time,
                   .full = b->rep->mode == BUILD_MODE_FULL, .added = (long long)added,
                   .gone = b->prev ? (long long)before - (long long)(total - added)
                         : b->live ? -1 : 0};
    b->rep->new_paragraphs = added;
    b->rep->gone_paragraphs = e.gone;
    if (gen_history_append(&b->history, &e) != 0)
        return NULL;
    return gen_history_json(&b->history);
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
    char *inputs = file_inputs_json(b->ref.authorities_text, max_bytes(b), b->n_shards);
    char *history = history_json(b);   /* first: it counts the new paragraphs */
    char *run = build_run_json(rep);
    const char *keys[] = {META_FORMAT, META_BUILT, META_AUTHORITIES, META_THESAURUS,
                          META_SUMMARY, META_FILES, META_INPUTS, META_RUN, META_GENERATIONS};
    const char *vals[] = {format, built, b->ref.authorities_text, b->ref.thesaurus_text,
                          summary, files, inputs, run, history};
    char *meta_path = shard_meta_path(b->gen_dir);
    int rc = summary && files && inputs && run && history && meta_path ? 0 : nomem(b);
    shim_wdb *meta = NULL;
    int counted = b->count_words;
    for (unsigned k = 0; k < b->n_shards; k++)
        if (b->shards[k].words_dropped)
            counted = 0;   /* too many words counted: made afresh below */
    if (rc == 0 && counted)
        rc = copy_live_meta(b, meta_path);
    shim_status st = rc == 0 ? shim_wdb_open_ex(meta_path,
                                                 counted ? SHIM_WDB_CREATE_OR_OPEN
                                                         : SHIM_WDB_CREATE,
                                                 SHIM_WDB_UNSHARED, &meta)
                             : SHIM_OK;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && rc == 0 && st == SHIM_OK; i++)
        st = shim_wdb_set_metadata(meta, keys[i], vals[i]);
    /* "Did you mean" reads spelling data from the meta database alone: it
     * is the one database a query host always has locally (Xapian's remote
     * backend serves none). A full build makes it from the shards as they
     * are now; an update applies the words its shards deleted and added to
     * the live generation's, which gives the same. */
    if (rc == 0 && st == SHIM_OK && counted)
        st = apply_words(b, meta);
    for (unsigned k = 0; k < b->n_shards && rc == 0 && st == SHIM_OK && !counted; k++) {
        char *path = shard_path(b->gen_dir, k);
        shim_db *shard = NULL;
        st = path ? shim_db_open(path, &shard) : SHIM_ERR_NOMEM;
        if (st == SHIM_OK)
            st = shim_wdb_add_spelling_of(meta, shard);
        shim_db_free(shard);
        free(path);
    }
    if (rc == 0 && st == SHIM_OK) {
        st = shim_wdb_close(meta);
        meta = NULL;
    }
    shim_wdb_free(meta);
    if (rc == 0 && st != SHIM_OK) {
        shim_fail(b, "storing index metadata", st);
        rc = -1;
    }
    free(meta_path);
    free(summary);
    free(files);
    free(inputs);
    free(run);
    free(history);
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

int builder_report_manifest(builder *b, build_report *rep)
{
    const manifest *m = &b->ref.manifest;
    for (size_t i = 0; i < m->n_warnings; i++) {
        if (build_report_message(rep, m->warnings[i], 1) != 0)
            return nomem(b);
        rep->warnings++;
    }
    if (m->n == 0)
        return 0;
    const char **files = malloc((b->files.n + 1) * sizeof *files);
    const manifest_entry **lost = malloc(m->n * sizeof *lost);
    long n_lost = -1;
    if (files && lost) {
        for (size_t i = 0; i < b->files.n; i++)
            files[i] = b->files.entries[i].relpath;
        n_lost = manifest_unmatched(m, files, b->files.n, lost);
    }
    int rc = n_lost < 0 ? -1 : 0;
    for (long i = 0; i < n_lost && rc == 0; i++) {
        char msg[1024];
        manifest_unmatched_message(lost[i], b->ref.manifest_path, msg, sizeof msg);
        rc = build_report_message(rep, msg, 1);
        rep->warnings++;
    }
    free(files);
    free(lost);
    return rc == 0 ? 0 : nomem(b);
}

int builder_finish(builder *b)
{
    build_report *rep = b->rep;
    file_table_sort(&b->table);
    if (builder_report_manifest(b, rep) != 0 || file_table_report(&b->table, rep) != 0 ||
        score_check(&b->table, rep) != 0)
        return nomem(b);
    if (rep->paragraphs == 0) {
        snprintf(b->err, b->errlen,
                 "no paragraphs could be indexed from '%s' (%zu files, %zu "
                 "skipped); the index was left as it was", b->opt->corpus_dir,
                 rep->files, rep->skipped);
        return -1;
    }
    builder_stage(b, "committing");
    for (unsigned k = 0; k < b->n_shards; k++) {
        shard_writer *w = &b->shards[k];
        if (!w->wdb)
            continue;
        shim_status st = shim_wdb_close(w->wdb);
        w->wdb = NULL;
        close_writer(w);
        if (st != SHIM_OK) {
            shim_fail(b, "committing the new index", st);
            return -1;
        }
    }
    if (store_metadata(b) != 0 ||
        shards_write_stub(b->gen_dir, b->n_shards, b->err, b->errlen) != 0)
        return -1;
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
    for (unsigned k = 0; b->shards && k < b->n_shards; k++)
        close_shard(&b->shards[k]);
    /* A run that failed while writing: name a full disk as the cause,
     * before the generation (where it is probed) goes. */
    if (b->gen_dir && !b->published && b->err)
        gen_explain_no_room(b->opt->index_dir, b->gen_dir, b->err, b->errlen);
    free(b->shards);
    if (b->gen_dir && !b->published)
        gen_remove_tree(b->gen_dir);
    free(b->gen_dir);
    walk_list_clear(&b->files);
    refdata_clear(&b->ref);
    file_table_clear(&b->table);
    file_table_clear(&b->prev_own);
    gen_history_clear(&b->history);
    gen_lock_release(b->lock);
    if (b->t0 > 0 && b->rep)
        b->rep->seconds = builder_now() - b->t0;
    memset(b, 0, sizeof *b);
}
