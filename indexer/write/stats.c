/* stats.c: statistics and self-checks of a built index (see stats.h). */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generation.h"
#include "schema.h"

int index_verify(shim_db *db, const file_table *t, char *err, size_t errlen)
{
    size_t expected = 0, indexed = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->files[i].indexed) {
            expected += t->files[i].paragraphs;
            indexed++;
        }
    }
    uint32_t count = 0;
    shim_status st = shim_db_doccount(db, &count);
    if (st != SHIM_OK) {
        snprintf(err, errlen, "cannot count documents: %s", shim_last_error());
        return -1;
    }
    if (count != expected) {
        snprintf(err, errlen, "it holds %u paragraphs, its file list %zu", count, expected);
        return -1;
    }
    /* Every paragraph carries its file's term, so the file terms and their
     * frequencies are the index's own account of where its paragraphs
     * came from. */
    shim_termlist *tl = NULL;
    if ((st = shim_db_allterms(db, PREFIX_FILE, &tl)) != SHIM_OK) {
        snprintf(err, errlen, "cannot list files: %s", shim_last_error());
        return -1;
    }
    const char *term;
    uint32_t freq;
    size_t seen = 0, plen = strlen(PREFIX_FILE);
    int rc = 0;
    while (rc == 0 && shim_termlist_next(tl, &term, &freq)) {
        const file_state *f = file_table_find(t, term + plen);
        if (!f || !f->indexed) {
            snprintf(err, errlen, "it holds %u paragraphs of %s, which its file list "
                     "does not count", freq, term + plen);
            rc = -1;
        } else if (freq != f->paragraphs) {
            snprintf(err, errlen, "it holds %u paragraphs of %s, its file list %zu",
                     freq, f->path, f->paragraphs);
            rc = -1;
        }
        seen++;
    }
    shim_termlist_free(tl);
    if (rc == 0 && seen != indexed) {
        snprintf(err, errlen, "it holds paragraphs of %zu files, its file list %zu",
                 seen, indexed);
        rc = -1;
    }
    return rc;
}

static char *metadata(shim_db *db, const char *key)
{
    char *v = NULL;
    return shim_db_metadata(db, key, &v) == SHIM_OK ? v : NULL;
}

int index_open_live(const char *index_dir, shim_db **db, file_table *t, long *gen,
                    char *err, size_t errlen)
{
    *db = NULL;
    if (t)
        memset(t, 0, sizeof *t);
    long g = layout_current(index_dir, err, errlen);
    if (g == 0)
        snprintf(err, errlen, "no index at '%s': build one with 'lasearch-index "
                 "--index %s'", index_dir, index_dir);
    if (g <= 0)
        return -1;
    *gen = g;
    char *path = layout_gen_path(index_dir, g);
    shim_status st = path ? shim_db_open(path, db) : SHIM_ERR_NOMEM;
    if (st != SHIM_OK) {
        snprintf(err, errlen, "cannot open '%s': %s (%s)", path ? path : index_dir,
                 shim_status_string(st), shim_last_error());
        free(path);
        return -1;
    }
    free(path);
    if (!t)
        return 0;
    char *files = metadata(*db, META_FILES);
    char why[256];
    int rc = files && files[0] ? file_table_parse(files, t, why, sizeof why) : -1;
    if (rc != 0)
        snprintf(err, errlen, "the index at '%s' %s; rebuild it with lasearch-index",
                 index_dir, files && files[0] ? why : "has no file list (it was built "
                 "by an older lasearch)");
    free(files);
    if (rc != 0) {
        shim_db_free(*db);
        *db = NULL;
    }
    return rc;
}

json_t *index_stats(const char *index_dir, char *err, size_t errlen)
{
    shim_db *db = NULL;
    long gen = 0;
    if (index_open_live(index_dir, &db, NULL, &gen, err, errlen) != 0)
        return NULL;
    char *summary = metadata(db, META_SUMMARY), *run = metadata(db, META_RUN);
    char *built = metadata(db, META_BUILT);
    json_t *o = summary ? json_loads(summary, 0, NULL) : NULL;
    json_t *r = run && run[0] ? json_loads(run, 0, NULL) : NULL;
    shim_termlist *tl = NULL;
    uint32_t doccount = 0;
    shim_status st = shim_db_doccount(db, &doccount);
    if (st == SHIM_OK)
        st = shim_db_allterms(db, "", &tl);
    if (!o || st != SHIM_OK) {
        snprintf(err, errlen, "cannot read the statistics of '%s': %s", index_dir,
                 st != SHIM_OK ? shim_last_error() : "no stored summary; rebuild it");
        json_decref(o);
        o = NULL;
    } else {
        long prev = gen_below(index_dir, gen);
        char *path = layout_gen_path(index_dir, gen), *ppath = layout_gen_path(index_dir, prev);
        unsigned long long bytes = path ? gen_size(path) : 0;
        unsigned long long prev_bytes = prev && ppath ? gen_size(ppath) : 0;
        free(path);
        free(ppath);
        json_object_set_new(o, "index", json_string(index_dir));
        json_object_set_new(o, "generation", json_integer(gen));
        json_object_set_new(o, "previous", json_integer(prev));
        json_object_set_new(o, "built", json_string(built ? built : ""));
        json_object_set_new(o, "run", r ? json_incref(r) : json_null());
        json_object_set_new(o, "paragraphs", json_integer(doccount));
        json_object_set_new(o, "terms", json_integer((json_int_t)shim_termlist_size(tl)));
        json_object_set_new(o, "bytes", json_integer((json_int_t)bytes));
        json_object_set_new(o, "bytes_all", json_integer((json_int_t)(bytes + prev_bytes)));
    }
    json_decref(r);
    shim_termlist_free(tl);
    free(summary);
    free(run);
    free(built);
    shim_db_free(db);
    return o;
}

static json_int_t geti(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static void human_bytes(unsigned long long n, char *buf, size_t len)
{
    const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = (double)n;
    size_t u = 0;
    while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024;
        u++;
    }
    snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

int index_stats_print(FILE *out, const json_t *s)
{
    const json_t *run = json_object_get(s, "run");
    const char *mode = json_string_value(json_object_get(run, "mode"));
    char how[256] = "";
    if (mode && strcmp(mode, "update") == 0)
        snprintf(how, sizeof how, " by an update in %.2f s (%lld added, %lld changed, "
                 "%lld removed, %lld unchanged)",
                 json_real_value(json_object_get(run, "seconds")),
                 (long long)geti(run, "added"), (long long)geti(run, "changed"),
                 (long long)geti(run, "removed"), (long long)geti(run, "unchanged"));
    else if (mode)
        snprintf(how, sizeof how, " by a full build in %.2f s",
                 json_real_value(json_object_get(run, "seconds")));
    char live[32], all[32];
    human_bytes((unsigned long long)geti(s, "bytes"), live, sizeof live);
    human_bytes((unsigned long long)geti(s, "bytes_all"), all, sizeof all);
    fprintf(out, "Index:       %s\n", json_string_value(json_object_get(s, "index")));
    fprintf(out, "Generation:  %lld, built %s%s\n", (long long)geti(s, "generation"),
            json_string_value(json_object_get(s, "built")), how);
    if (geti(s, "previous"))
        fprintf(out, "Previous:    %lld (kept for readers still on it)\n",
                (long long)geti(s, "previous"));
    fprintf(out, "Documents:   %lld of %lld files (%lld skipped, %lld warnings)\n",
            (long long)geti(s, "documents"), (long long)geti(s, "files"),
            (long long)geti(s, "skipped"), (long long)geti(s, "warnings"));
    fprintf(out, "Paragraphs:  %lld\n", (long long)geti(s, "paragraphs"));
    fprintf(out, "Terms:       %lld distinct\n", (long long)geti(s, "terms"));
    fprintf(out, "Size:        %s on disk (%s with the previous generation)\n", live, all);
    fprintf(out, "\nParagraphs per authority:\n");
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(s, "authorities"), i, c) {
        const char *a = json_string_value(json_object_get(c, "authority"));
        json_int_t docs = geti(c, "documents");
        fprintf(out, "  %-40s %6lld  (%lld document%s)\n", a ? a : "(undecided)",
                (long long)geti(c, "paragraphs"), (long long)docs, docs == 1 ? "" : "s");
    }
    return ferror(out) ? -1 : 0;
}
