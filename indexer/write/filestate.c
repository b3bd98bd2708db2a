/* filestate.c: what each corpus file contributed to a generation (see
 * filestate.h). */
#include "filestate.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <jansson.h>

#include "report.h"
#include "schema.h"

/* Bumped when META_FILES changes meaning: an update then rebuilds. */
#define FILES_VERSION 1

/* ---------------------------------------------------------- one file -- */

static void hash_field(sha256_ctx *c, const char *s)
{
    /* NUL-separated, so ("ab", "c") and ("a", "bc") differ. */
    sha256_update(c, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* The row's fields the parser uses; not its line number, which only
 * appears in --inspect's explanations, so adding a row to manifest.tsv does
 * not make every file below it "changed". */
static void hash_row(sha256_ctx *c, const manifest_entry *me)
{
    if (!me)
        return;
    hash_field(c, "manifest");
    hash_field(c, me->authority);
    hash_field(c, kind_name(me->kind));
    hash_field(c, me->url);
    hash_field(c, me->published);
    /* Added later, and only when given, so that the fingerprints of rows
     * without them stay as they were (no file is "changed" by an upgrade);
     * a score or rating set in the manifest must make its file changed. */
    char n[32];
    if (me->section >= 0) {
        snprintf(n, sizeof n, "section %d", me->section);
        hash_field(c, n);
    }
    if (me->score > 0) {
        snprintf(n, sizeof n, "score %d", me->score);
        hash_field(c, n);
    }
    if (me->rating && me->rating[0]) {
        hash_field(c, "rating");
        hash_field(c, me->rating);
    }
}

void file_fingerprint(const char *text, size_t len, const manifest_entry *me,
                      char out[SHA256_HEX])
{
    file_fingerprint_noted(text, len, NULL, me, out);
}

void file_fingerprint_noted(const char *text, size_t len, const char *note,
                            const manifest_entry *me, char out[SHA256_HEX])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, "text\0", 5);
    char n[32];
    snprintf(n, sizeof n, "%zu", len);
    hash_field(&c, n);
    sha256_update(&c, text, len);
    /* Only when there is one, so fingerprints of plain UTF-8 stay as they
     * were before notes existed. */
    if (note && note[0]) {
        hash_field(&c, "note");
        hash_field(&c, note);
    }
    hash_row(&c, me);
    sha256_final_hex(&c, out);
}

void file_fingerprint_problem(const char *why, const char *raw, size_t rawlen,
                              const manifest_entry *me, char out[SHA256_HEX])
{
    sha256_ctx c;
    sha256_init(&c);
    hash_field(&c, "problem");
    hash_field(&c, why);
    char n[32];
    snprintf(n, sizeof n, "%zu", raw ? rawlen : 0);
    hash_field(&c, n);
    if (raw)
        sha256_update(&c, raw, rawlen);
    hash_row(&c, me);
    sha256_final_hex(&c, out);
}

void file_signature(const char *path, const manifest_entry *me, time_t trust_before,
                    char out[SHA256_HEX])
{
    struct stat st;
    out[0] = '\0';
    if (stat(path, &st) != 0 || st.st_mtim.tv_sec >= trust_before ||
        st.st_ctim.tv_sec >= trust_before)
        return;
    char s[160];
    snprintf(s, sizeof s, "%ju %ju %jd %jd.%09ld %jd.%09ld", (uintmax_t)st.st_dev,
             (uintmax_t)st.st_ino, (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec,
             st.st_mtim.tv_nsec, (intmax_t)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
    sha256_ctx c;
    sha256_init(&c);
    hash_field(&c, "stat");
    hash_field(&c, s);
    hash_row(&c, me);
    sha256_final_hex(&c, out);
}

int file_state_init(file_state *fs, const char *path)
{
    memset(fs, 0, sizeof *fs);
    fs->path = strdup(path);
    fs->authority = strdup("");
    fs->scores = strdup("");
    if (!fs->path || !fs->authority || !fs->scores) {
        file_state_clear(fs);
        return -1;
    }
    return 0;
}

int file_state_message(file_state *fs, const char *msg)
{
    char **m = realloc(fs->messages, (fs->n_messages + 1) * sizeof *m);
    if (!m)
        return -1;
    fs->messages = m;
    if (!(m[fs->n_messages] = strdup(msg)))
        return -1;
    fs->n_messages++;
    return 0;
}

int file_state_mark_stale(file_state *fs, const char *why, const char hash[SHA256_HEX])
{
    char *copy = strdup(why);
    if (!copy)
        return -1;
    free(fs->stale_why);
    fs->stale_why = copy;
    fs->stale = 1;
    memcpy(fs->stale_hash, hash, SHA256_HEX);
    fs->sig[0] = '\0';
    return 0;
}

const char *file_state_hash_now(const file_state *fs)
{
    return fs->stale ? fs->stale_hash : fs->hash;
}

int file_state_copy(file_state *dst, const file_state *src)
{
    if (file_state_init(dst, src->path) != 0)
        return -1;
    memcpy(dst->hash, src->hash, sizeof dst->hash);
    memcpy(dst->sig, src->sig, sizeof dst->sig);
    dst->indexed = src->indexed;
    dst->paragraphs = src->paragraphs;
    dst->warnings = src->warnings;
    free(dst->authority);
    dst->authority = strdup(src->authority);
    free(dst->scores);
    dst->scores = strdup(src->scores);
    int rc = dst->authority && dst->scores ? 0 : -1;
    for (size_t i = 0; i < src->n_messages && rc == 0; i++)
        rc = file_state_message(dst, src->messages[i]);
    if (rc == 0 && src->stale)
        rc = file_state_mark_stale(dst, src->stale_why, src->stale_hash);
    if (rc == 0)
        rc = firstseen_copy(&dst->seen, &src->seen);
    memcpy(dst->sig, src->sig, sizeof dst->sig);
    if (rc != 0)
        file_state_clear(dst);
    return rc;
}

void file_state_clear(file_state *fs)
{
    free(fs->path);
    free(fs->authority);
    free(fs->scores);
    for (size_t i = 0; i < fs->n_messages; i++)
        free(fs->messages[i]);
    free(fs->messages);
    free(fs->stale_why);
    firstseen_clear(&fs->seen);
    memset(fs, 0, sizeof *fs);
}

/* --------------------------------------------------------- the table -- */

int file_table_push(file_table *t, file_state *fs)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        file_state *f = realloc(t->files, cap * sizeof *f);
        if (!f) {
            file_state_clear(fs);
            return -1;
        }
        t->files = f;
        t->cap = cap;
    }
    t->files[t->n++] = *fs;
    memset(fs, 0, sizeof *fs);
    return 0;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(((const file_state *)a)->path, ((const file_state *)b)->path);
}

void file_table_sort(file_table *t)
{
    if (t->n > 1)
        qsort(t->files, t->n, sizeof *t->files, cmp_path);
}

const file_state *file_table_find(const file_table *t, const char *path)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(path, t->files[mid].path);
        if (c == 0)
            return &t->files[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void file_table_clear(file_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        file_state_clear(&t->files[i]);
    free(t->files);
    memset(t, 0, sizeof *t);
}

char *file_table_json(const file_table *t)
{
    json_t *root = json_object(), *files = json_array();
    int bad = !root || !files;
    for (size_t i = 0; i < t->n && !bad; i++) {
        const file_state *f = &t->files[i];
        json_t *msgs = json_array();
        for (size_t m = 0; msgs && m < f->n_messages && !bad; m++)
            bad = json_array_append_new(msgs, json_string(f->messages[m])) != 0;
        json_t *o = json_pack("{s:s, s:s, s:b, s:I, s:s, s:I, s:o}", "path", f->path,
                              "hash", f->hash, "indexed", f->indexed, "paragraphs",
                              (json_int_t)f->paragraphs, "authority", f->authority,
                              "warnings", (json_int_t)f->warnings, "messages", msgs);
        if (o && f->seen.n) {
            char *seen = firstseen_encode(&f->seen);
            bad = bad || !seen || json_object_set_new(o, "seen", json_string(seen)) != 0;
            free(seen);
        }
        if (o && f->sig[0])
            bad = bad || json_object_set_new(o, "sig", json_string(f->sig)) != 0;
        /* Optional, so a file list without scores or stale files is as it
         * was. */
        if (o && f->scores && f->scores[0] && !bad)
            bad = json_object_set_new(o, "scores", json_string(f->scores)) != 0;
        if (o && f->stale && !bad)
            bad = json_object_set_new(o, "stale", json_pack("{s:s, s:s}", "why",
                                                            f->stale_why, "hash",
                                                            f->stale_hash)) != 0;
        if (bad || !o) {   /* o is ours until appended */
            json_decref(o);
            bad = 1;
        } else {
            bad = json_array_append_new(files, o) != 0;
        }
    }
    char *s = NULL;
    if (!bad && json_object_set_new(root, "version", json_integer(FILES_VERSION)) == 0 &&
        json_object_set(root, "files", files) == 0)
        s = json_dumps(root, JSON_COMPACT);
    json_decref(files);
    json_decref(root);
    return s;
}

/* An entry's optional "stale" object into fs. 0, -1 malformed, -2 out of
 * memory. */
static int parse_stale(json_t *o, file_state *fs)
{
    json_t *st = json_object_get(o, "stale");
    const char *why, *hash;
    if (!st)
        return 0;
    if (json_unpack(st, "{s:s, s:s}", "why", &why, "hash", &hash) != 0 ||
        strlen(hash) != SHA256_HEX - 1 || !fs->indexed)
        return -1;
    return file_state_mark_stale(fs, why, hash) == 0 ? 0 : -2;
}

/* One entry of META_FILES into fs. 0, -1 malformed, -2 out of memory. */
static int parse_entry(json_t *o, file_state *fs)
{
    const char *path, *hash, *authority;
    int indexed;
    json_int_t paragraphs, warnings;
    json_t *msgs;
    if (json_unpack(o, "{s:s, s:s, s:b, s:I, s:s, s:I, s:o}", "path", &path, "hash",
                    &hash, "indexed", &indexed, "paragraphs", &paragraphs, "authority",
                    &authority, "warnings", &warnings, "messages", &msgs) != 0 ||
        strlen(hash) != SHA256_HEX - 1 || paragraphs < 0 || warnings < 0 ||
        !json_is_array(msgs))
        return -1;
    if (file_state_init(fs, path) != 0)
        return -2;
    memcpy(fs->hash, hash, SHA256_HEX);
    /* A signature is optional: without one the file is read. */
    const char *sig = json_string_value(json_object_get(o, "sig"));
    if (sig && strlen(sig) == SHA256_HEX - 1)
        memcpy(fs->sig, sig, SHA256_HEX);
    fs->indexed = indexed;
    fs->paragraphs = (size_t)paragraphs;
    fs->warnings = (size_t)warnings;
    free(fs->authority);
    int rc = (fs->authority = strdup(authority)) ? 0 : -2;
    const char *scores = json_string_value(json_object_get(o, "scores"));
    if (rc == 0 && scores) {
        free(fs->scores);
        rc = (fs->scores = strdup(scores)) ? 0 : -2;
    }
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m) {
        if (rc == 0 && !json_is_string(m))
            rc = -1;
        else if (rc == 0 && file_state_message(fs, json_string_value(m)) != 0)
            rc = -2;
    }
    if (rc == 0)
        rc = parse_stale(o, fs);
    /* Paragraphs' first-seen generations are optional: without them an
     * earlier version's paragraphs all count as new. */
    json_t *seen = json_object_get(o, "seen");
    if (rc == 0 && seen)
        rc = json_is_string(seen) ? firstseen_decode(json_string_value(seen), &fs->seen) : -1;
    if (rc != 0)
        file_state_clear(fs);
    return rc;
}

int file_table_parse(const char *text, file_table *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    json_t *files = root ? json_object_get(root, "files") : NULL;
    json_t *version = root ? json_object_get(root, "version") : NULL;
    if (!json_is_array(files) || json_integer_value(version) != FILES_VERSION) {
        snprintf(err, errlen, "the stored file list is %s",
                 root ? "of another version" : "not readable");
        json_decref(root);
        return -1;
    }
    size_t i;
    json_t *o;
    int rc = 0;
    json_array_foreach(files, i, o) {
        file_state fs;
        int pe = rc == 0 ? parse_entry(o, &fs) : 0;
        if (pe == -2) {
            snprintf(err, errlen, "out of memory");
            rc = -2;
        } else if (pe != 0) {
            snprintf(err, errlen, "the stored file list is malformed at entry %zu", i + 1);
            rc = -1;
        } else if (rc == 0 && file_table_push(t, &fs) != 0) {
            snprintf(err, errlen, "out of memory");
            rc = -2;
        }
    }
    json_decref(root);
    if (rc != 0)
        file_table_clear(t);
    else
        file_table_sort(t);
    return rc;
}

/* -------------------------------------------------------- the report -- */

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

/* "path: kept as last indexed: why" for a stale entry. */
static int report_stale(build_report *rep, const file_state *f)
{
    size_t n = strlen(f->path) + strlen(f->stale_why) + 32;
    char *msg = malloc(n);
    if (!msg)
        return -1;
    snprintf(msg, n, "%s: kept as last indexed: %s", f->path, f->stale_why);
    int rc = build_report_message(rep, msg, 1);
    free(msg);
    rep->skipped++;
    return rc;
}

int file_table_report(const file_table *t, build_report *rep)
{
    for (size_t i = 0; i < t->n; i++) {
        const file_state *f = &t->files[i];
        if (f->stale && report_stale(rep, f) != 0)
            return -1;
        for (size_t m = 0; m < f->n_messages; m++)
            if (build_report_message(rep, f->messages[m], f->fresh) != 0)
                return -1;
        rep->warnings += f->warnings;
        if (!f->indexed) {
            rep->skipped++;
            continue;
        }
        build_count *c = count_for(rep, f->authority);
        if (!c)
            return -1;
        c->documents++;
        c->paragraphs += f->paragraphs;
        rep->documents++;
        rep->paragraphs += f->paragraphs;
    }
    if (rep->n_counts > 1)
        qsort(rep->counts, rep->n_counts, sizeof *rep->counts, count_cmp);
    return 0;
}

/* -------------------------------------------------------- the inputs -- */

char *file_inputs_json(const char *authorities_text, size_t max_file_bytes,
                       unsigned shards)
{
    char hash[SHA256_HEX];
    sha256_hex(authorities_text, strlen(authorities_text), hash);
    json_t *o = json_pack("{s:s, s:i, s:i, s:s, s:I, s:I}", "lasearch", LASEARCH_VERSION,
                          "format", SCHEMA_FORMAT, "files", FILES_VERSION, "authorities",
                          hash, "max_file_bytes", (json_int_t)max_file_bytes, "shards",
                          (json_int_t)shards);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return s;
}

unsigned file_inputs_shards(const char *stored)
{
    json_t *o = stored && stored[0] ? json_loads(stored, 0, NULL) : NULL;
    json_int_t n = json_integer_value(json_object_get(o, "shards"));
    json_decref(o);
    return n > 0 && n <= UINT_MAX ? (unsigned)n : 0;
}

const char *file_inputs_differ(const char *stored, const char *current)
{
    json_t *a = stored && stored[0] ? json_loads(stored, 0, NULL) : NULL;
    json_t *b = json_loads(current, 0, NULL);
    static const struct {
        const char *key, *phrase;
    } keys[] = {
        {"lasearch", "lasearch has been upgraded since the last build"},
        {"format", "the index format has changed since the last build"},
        {"files", "the index's file list is of another version"},
        {"authorities", "authorities.tsv has changed since the last build"},
        {"max_file_bytes", "--max-file-size differs from the last build's"},
        {"shards", "--shards differs from the last build's"},
    };
    const char *why = NULL;
    if (!a || !b) {
        why = "the index records no build inputs (built by an older lasearch)";
    } else {
        for (size_t i = 0; i < sizeof keys / sizeof keys[0] && !why; i++) {
            if (!json_equal(json_object_get(a, keys[i].key), json_object_get(b, keys[i].key)))
                why = keys[i].phrase;
        }
    }
    json_decref(a);
    json_decref(b);
    return why;
}
