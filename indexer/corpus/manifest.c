/* manifest.c: corpus/manifest.tsv, what is known of each document
 * (contract in manifest.h). */
#include "manifest.h"

#include "normalise.h"
#include "path.h"
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANIFEST_HEADER "file<TAB>authority<TAB>kind<TAB>url<TAB>published"

void manifest_clear(manifest *m)
{
    for (size_t i = 0; m && i < m->n; i++) {
        free(m->entries[i].file);
        free(m->entries[i].authority);
        free(m->entries[i].url);
        free(m->entries[i].published);
    }
    if (m) {
        free(m->entries);
        m->entries = NULL;
        m->n = 0;
        free(m->by_file);
        m->by_file = NULL;
    }
}


/* The canonical name closest to what was written, if any is close: within
 * a third of its length (at least 2 edits), compared in norm_key() form
 * after the words councils put after their names ("Borough Council") are
 * dropped, since lookup already tried those. */
static const char *suggest(const authority_table *t, const char *given)
{
    static const char *const tails[] = { " council", " borough", " county",
                                         " city", " metropolitan", " district" };
    char *want;
    if (norm_key(given, strlen(given), &want) != NORM_OK)
        return NULL;
    size_t n = strlen(want);
    for (int again = 1; again;) {   /* "borough council": two words */
        again = 0;
        for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
            size_t tl = strlen(tails[i]);
            if (n > tl && strcmp(want + n - tl, tails[i]) == 0) {
                want[n -= tl] = '\0';
                again = 1;
            }
        }
    }
    const char *best = NULL;
    size_t best_d = (size_t)-1, limit = strlen(want) / 3;
    if (limit < 2)
        limit = 2;
    for (size_t i = 0; i < authority_count(t); i++) {
        char *k;
        const char *name = authority_name(t, i);
        if (norm_key(name, strlen(name), &k) != NORM_OK)
            continue;
        size_t d = norm_edit_distance(want, strlen(want), k, strlen(k));
        if (d <= limit && d < best_d) {
            best_d = d;
            best = name;
        }
        free(k);
    }
    free(want);
    return best;
}

/* YYYY-MM-DD naming a real day (leap years included). */
static int valid_date(const char *s)
{
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static int valid_url(const char *s)
{
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ')
            return 0;
    return 1;
}

/* Check one data row and fill e (whose strings the caller frees). */
static int parse_entry(const tsv_row *row, const char *label,
                       const authority_table *authorities, manifest_entry *e,
                       char *err, size_t errlen)
{
    unsigned line = row->line;
    if (row->n != 5)
        return tsv_error(err, errlen, label, line,
                         "expected 5 TAB-separated columns (file, authority, kind, "
                         "url, published), found %zu", row->n);
    tsv_field file = row->f[0];
    /* "./documents/x.txt" is "documents/x.txt": the walker's form. */
    while (file.len >= 2 && file.s[0] == '.' && file.s[1] == '/') {
        file.s += 2;
        file.len -= 2;
    }
    e->line = line;
    e->kind = KIND_UNKNOWN;
    e->file = tsv_field_dup(&file);
    char *authority = tsv_field_dup(&row->f[1]), *kind = tsv_field_dup(&row->f[2]);
    e->url = tsv_field_dup(&row->f[3]);
    e->published = tsv_field_dup(&row->f[4]);
    int rc = 0;
    if (!e->file || !authority || !kind || !e->url || !e->published) {
        rc = tsv_error(err, errlen, label, 0, "out of memory");
    } else if (!*e->file) {
        rc = tsv_error(err, errlen, label, line, "empty file name");
    } else if (e->file[0] == '/' || strchr(e->file, '\\') ||
               strcmp(e->file, "..") == 0 || strncmp(e->file, "../", 3) == 0 ||
               strstr(e->file, "/../") ||
               (file.len >= 3 && strcmp(e->file + file.len - 3, "/..") == 0)) {
        rc = tsv_error(err, errlen, label, line,
                       "file \"%s\" must be a path relative to the corpus root, with "
                       "'/' separators and no \"..\"", e->file);
    } else if (*kind && (e->kind = kind_from_name(kind)) == KIND_UNKNOWN) {
        rc = tsv_error(err, errlen, label, line,
                       "unknown kind \"%s\" (expected assessment, summary or "
                       "self-assessment, or empty when not known)", kind);
    } else if (*e->url && !valid_url(e->url)) {
        rc = tsv_error(err, errlen, label, line,
                       "url \"%s\" must start with http:// or https:// and have no "
                       "spaces", e->url);
    } else if (*e->published && !valid_date(e->published)) {
        rc = tsv_error(err, errlen, label, line,
                       "published \"%s\" is not a date YYYY-MM-DD (leave it empty "
                       "when the day is not known)", e->published);
    } else if (*authority) {
        int i = authority_lookup(authorities, authority, strlen(authority));
        if (i < 0) {
            const char *hint = suggest(authorities, authority);
            if (hint)
                rc = tsv_error(err, errlen, label, line,
                               "unknown council \"%s\" (did you mean \"%s\"?)",
                               authority, hint);
            else
                rc = tsv_error(err, errlen, label, line,
                               "unknown council \"%s\" (not a name or alias in "
                               "authorities.tsv)", authority);
        } else if (!(e->authority = strdup(authority_name(authorities, (size_t)i)))) {
            rc = tsv_error(err, errlen, label, 0, "out of memory");
        }
    }
    if (rc == 0 && !e->authority && !(e->authority = strdup("")))
        rc = tsv_error(err, errlen, label, 0, "out of memory");
    free(authority);
    free(kind);
    return rc;
}

static int by_file(const void *a, const void *b)
{
    const manifest_entry *x = *(const manifest_entry *const *)a;
    const manifest_entry *y = *(const manifest_entry *const *)b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A file listed twice: report the second listing that comes first in the
 * file. Sorting keeps this O(n log n) for large corpora, and the sorted
 * entries become m->by_file. */
static int check_duplicates(manifest *m, const char *label, char *err, size_t errlen)
{
    if (m->n < 2)
        return 0;
    const manifest_entry **v = malloc(m->n * sizeof *v);
    if (!v)
        return tsv_error(err, errlen, label, 0, "out of memory");
    for (size_t i = 0; i < m->n; i++)
        v[i] = &m->entries[i];
    qsort(v, m->n, sizeof *v, by_file);
    const manifest_entry *dup = NULL, *first = NULL;
    for (size_t i = 1; i < m->n; i++) {
        if (strcmp(v[i]->file, v[i - 1]->file) != 0)
            continue;
        size_t j = i - 1;   /* the earliest listing of this file */
        while (j > 0 && strcmp(v[j - 1]->file, v[i]->file) == 0)
            j--;
        if (!dup || v[i]->line < dup->line) {
            dup = v[i];
            first = v[j];
        }
    }
    int rc = 0;
    if (dup)
        rc = tsv_error(err, errlen, label, dup->line,
                       "duplicate file \"%s\" (already listed at line %u)", dup->file,
                       first->line);
    if (rc == 0)
        m->by_file = v;
    else
        free(v);
    return rc;
}

int manifest_parse(const char *text, size_t len, const char *label,
                   const authority_table *authorities, manifest *out,
                   char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!label)
        label = "manifest.tsv";
    if (err && errlen)
        err[0] = '\0';
    size_t cap = 0;
    tsv_reader rd;
    tsv_row row;
    tsv_init(&rd, text ? text : "", text ? len : 0);
    int got, header = 0, rc = 0;
    while (rc == 0 && (got = tsv_next(&rd, &row)) != 0) {
        if (got < 0) {
            rc = tsv_error(err, errlen, label, row.line,
                           "too many TAB-separated columns");
        } else if (!header) {
            static const char *const cols[] = { "file", "authority", "kind", "url",
                                                "published" };
            header = row.n == 5;
            for (size_t i = 0; header && i < 5; i++)
                header = tsv_field_is(&row.f[i], cols[i]);
            if (!header)
                rc = tsv_error(err, errlen, label, row.line,
                               "expected the header line \"" MANIFEST_HEADER "\"");
        } else {
            if (out->n == cap) {
                size_t nc = cap ? cap * 2 : 16;
                manifest_entry *p = realloc(out->entries, nc * sizeof *p);
                if (!p) {
                    rc = tsv_error(err, errlen, label, 0, "out of memory");
                    break;
                }
                out->entries = p;
                cap = nc;
            }
            manifest_entry *e = &out->entries[out->n++];
            memset(e, 0, sizeof *e);
            rc = parse_entry(&row, label, authorities, e, err, errlen);
        }
    }
    if (rc == 0 && !header)
        rc = tsv_error(err, errlen, label, 1, "no header line \"" MANIFEST_HEADER "\"");
    if (rc == 0)
        rc = check_duplicates(out, label, err, errlen);
    if (rc != 0)
        manifest_clear(out);
    return rc;
}

int manifest_load(const char *path, const authority_table *authorities,
                  manifest *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    if (path_read_file(path, &text, &len) != 0)
        return tsv_error(err, errlen, path, 0, "%s", strerror(errno));
    int rc = manifest_parse(text, len, path, authorities, out, err, errlen);
    free(text);
    return rc;
}

const manifest_entry *manifest_find(const manifest *m, const char *file)
{
    if (!m || !file || m->n == 0)
        return NULL;
    if (m->n == 1)
        return strcmp(m->entries[0].file, file) == 0 ? &m->entries[0] : NULL;
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(file, m->by_file[mid]->file);
        if (c == 0)
            return m->by_file[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
