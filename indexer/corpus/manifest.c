/* manifest.c: corpus/manifest.tsv, what is known of each document
 * (contract in manifest.h). */
#include "manifest.h"

#include "date.h"
#include "normalise.h"
#include "path.h"
#include "section.h"
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns a header may name, in the order their cells are checked. */
enum { COL_FILE, COL_AUTHORITY, COL_KIND, COL_URL, COL_PUBLISHED, COL_SECTION,
       COL_SCORE, COL_RATING, N_COLS };
static const char *const col_names[N_COLS] = {
    "file", "authority", "kind", "url", "published", "section", "score", "rating"};
#define KNOWN_COLUMNS "file, authority, kind, url, published, section, score, rating"

/* Where the documents of a corpus live: a row may leave it out. */
#define DOCS_PREFIX "documents/"

void manifest_clear(manifest *m)
{
    for (size_t i = 0; m && i < m->n; i++) {
        free(m->entries[i].file);
        free(m->entries[i].authority);
        free(m->entries[i].url);
        free(m->entries[i].published);
        free(m->entries[i].rating);
    }
    for (size_t i = 0; m && i < m->n_warnings; i++)
        free(m->warnings[i]);
    if (m) {
        free(m->entries);
        m->entries = NULL;
        m->n = 0;
        free(m->by_file);
        m->by_file = NULL;
        free(m->warnings);
        m->warnings = NULL;
        m->n_warnings = 0;
    }
}

/* A path as rows and the walk are compared: without "documents/", so
 * either way of writing a row finds its file. */
static const char *file_key(const char *path)
{
    size_t n = strlen(DOCS_PREFIX);
    return strncmp(path, DOCS_PREFIX, n) == 0 && path[n] ? path + n : path;
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

/* YYYY-MM-DD naming a real day (leap years included), or YYYY-MM, or
 * YYYY: a report often says only "March 2024". */
static int valid_date(const char *s)
{
    return date_parse(s, strlen(s), NULL) != DATE_NONE;
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

/* The header: which column each cell of a row is (-1: ignored). */
typedef struct header {
    int col[TSV_MAX_FIELDS];
    size_t n;          /* cells in the header */
    int seen[N_COLS];  /* the header's cell for each known column, or -1 */
} header;

/* Record the warning "label:line: msg". 0 or -1 (out of memory). */
static int warn(manifest *m, const char *label, unsigned line, const char *msg)
{
    char full[768];
    tsv_error(full, sizeof full, label, line, "%s", msg);
    char **v = realloc(m->warnings, (m->n_warnings + 1) * sizeof *v);
    if (!v || !(v[m->n_warnings] = strdup(full))) {
        if (v)
            m->warnings = v;
        return -1;
    }
    m->warnings = v;
    m->n_warnings++;
    return 0;
}

/* Read the header row: known names in any order and case; others are
 * ignored with a warning; file is required and no name twice. */
static int read_header(const tsv_row *row, const char *label, header *h, manifest *m,
                       char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    h->n = row->n;
    for (int c = 0; c < N_COLS; c++)
        h->seen[c] = -1;
    for (size_t i = 0; i < row->n; i++) {
        h->col[i] = -1;
        for (int c = 0; c < N_COLS && h->col[i] < 0; c++)
            if (row->f[i].len == strlen(col_names[c]) &&
                strncasecmp(row->f[i].s, col_names[c], row->f[i].len) == 0)
                h->col[i] = c;
        char *name = tsv_field_dup(&row->f[i]), msg[512];
        int rc = 0;
        if (name)
            snprintf(msg, sizeof msg, "unknown column \"%.200s\" ignored (the columns "
                     "are " KNOWN_COLUMNS ")", name);
        if (!name)
            rc = tsv_error(err, errlen, label, 0, "out of memory");
        else if (h->col[i] >= 0 && h->seen[h->col[i]] >= 0)
            rc = tsv_error(err, errlen, label, row->line, "the column \"%s\" is named "
                           "twice", name);
        else if (h->col[i] >= 0)
            h->seen[h->col[i]] = (int)i;
        else if (warn(m, label, row->line, msg) != 0)
            rc = tsv_error(err, errlen, label, 0, "out of memory");
        free(name);
        if (rc)
            return rc;
    }
    if (h->seen[COL_FILE] < 0)
        return tsv_error(err, errlen, label, row->line, "the header line names no "
                         "\"file\" column (it names the columns, TAB-separated: "
                         KNOWN_COLUMNS "; only file is required)");
    return 0;
}

/* Row cell for column c (empty when the header has no such column or the
 * row stops short), a malloc()ed copy or NULL. */
static char *cell(const tsv_row *row, const header *h, int c)
{
    static const tsv_field empty = {"", 0};
    int i = h->seen[c];
    return tsv_field_dup(i >= 0 && (size_t)i < row->n ? &row->f[i] : &empty);
}

static int bad_path(const char *file, size_t len)
{
    return file[0] == '/' || strchr(file, '\\') || strcmp(file, "..") == 0 ||
           strncmp(file, "../", 3) == 0 || strstr(file, "/../") ||
           (len >= 3 && strcmp(file + len - 3, "/..") == 0);
}

/* The council a cell names, canonical, into e->authority. */
static int check_authority(const char *given, const char *label, unsigned line,
                           const authority_table *authorities, manifest_entry *e,
                           char *err, size_t errlen)
{
    int i = authority_lookup(authorities, given, strlen(given));
    if (i == AUTHORITY_NOMEM)
        return tsv_error(err, errlen, label, 0, "out of memory");
    if (i >= 0) {
        free(e->authority);
        e->authority = strdup(authority_name(authorities, (size_t)i));
        return e->authority ? 0 : tsv_error(err, errlen, label, 0, "out of memory");
    }
    const char *hint = suggest(authorities, given);
    if (hint)
        return tsv_error(err, errlen, label, line,
                         "unknown council \"%s\" (did you mean \"%s\"?)", given, hint);
    return tsv_error(err, errlen, label, line, "unknown council \"%s\" (not a name or "
                     "alias in authorities.tsv)", given);
}

/* CQC's four overall ratings, canonical. */
static const char *const ratings[] = {"Outstanding", "Good", "Requires improvement",
                                      "Inadequate"};

/* The rating a cell names (any case, spacing or punctuation), or NULL. */
static const char *rating_of(const char *given)
{
    char *want = NULL, *k = NULL;
    const char *found = NULL;
    if (norm_key(given, strlen(given), &want) != NORM_OK)
        return NULL;
    for (size_t i = 0; !found && i < sizeof ratings / sizeof *ratings; i++) {
        if (norm_key(ratings[i], strlen(ratings[i]), &k) == NORM_OK && strcmp(k, want) == 0)
            found = ratings[i];
        free(k);
        k = NULL;
    }
    free(want);
    return found;
}

/* section, score and rating cells into e. */
static int check_facets(const char *section, const char *score, const char *rating,
                        const char *label, unsigned line, manifest_entry *e, char *err,
                        size_t errlen)
{
    if (*section && (e->section = section_lookup(section)) < 0)
        return tsv_error(err, errlen, label, line, "%s statement \"%s\" in the section "
                         "column (give a quality statement's name, e.g. Safeguarding)",
                         e->section == -2 ? "ambiguous" : "unknown", section);
    if (*score && (strlen(score) != 1 || score[0] < '1' || score[0] > '4'))
        return tsv_error(err, errlen, label, line, "score \"%s\" is not a score from "
                         "1 to 4", score);
    e->score = *score ? score[0] - '0' : 0;
    const char *r = *rating ? rating_of(rating) : "";
    if (!r)
        return tsv_error(err, errlen, label, line, "unknown rating \"%s\" (expected "
                         "Outstanding, Good, Requires improvement or Inadequate)", rating);
    return (e->rating = strdup(r)) ? 0 : tsv_error(err, errlen, label, 0, "out of memory");
}

/* file, kind, url and published cells into e. */
static int check_basics(const char *kind, const char *label, unsigned line,
                        manifest_entry *e, char *err, size_t errlen)
{
    if (!*e->file)
        return tsv_error(err, errlen, label, line, "empty file name");
    if (bad_path(e->file, strlen(e->file)))
        return tsv_error(err, errlen, label, line,
                         "file \"%s\" must be a path relative to the corpus root, with "
                         "'/' separators and no \"..\"", e->file);
    if (*kind && (e->kind = kind_from_name(kind)) == KIND_UNKNOWN)
        return tsv_error(err, errlen, label, line,
                         "unknown kind \"%s\" (expected assessment, summary or "
                         "self-assessment, or empty when not known)", kind);
    if (*e->url && !valid_url(e->url))
        return tsv_error(err, errlen, label, line,
                         "url \"%s\" must start with http:// or https:// and have no "
                         "spaces", e->url);
    if (*e->published && !valid_date(e->published))
        return tsv_error(err, errlen, label, line,
                         "published \"%s\" is not a date YYYY-MM-DD, YYYY-MM or YYYY "
                         "(leave it empty when not known)", e->published);
    return 0;
}

/* Check one data row and fill e (whose strings the caller frees). */
static int parse_entry(const tsv_row *row, const header *h, const char *label,
                       const authority_table *authorities, manifest_entry *e,
                       char *err, size_t errlen)
{
    unsigned line = row->line;
    e->line = line;
    e->kind = KIND_UNKNOWN;
    e->section = -1;
    if (row->n > h->n)
        return tsv_error(err, errlen, label, line, "%zu TAB-separated cells, but the "
                         "header names %zu columns", row->n, h->n);
    char *v[N_COLS];
    int rc = 0;
    for (int c = 0; c < N_COLS; c++)
        if (!(v[c] = cell(row, h, c)))
            rc = -1;
    /* "./documents/x.txt" is "documents/x.txt": the walker's form. */
    const char *file = v[COL_FILE] ? v[COL_FILE] : "";
    while (file[0] == '.' && file[1] == '/')
        file += 2;
    e->file = rc == 0 ? strdup(file) : NULL;
    e->url = v[COL_URL];
    e->published = v[COL_PUBLISHED];
    v[COL_URL] = v[COL_PUBLISHED] = NULL;
    e->authority = strdup("");
    if (rc != 0 || !e->file || !e->authority)
        rc = tsv_error(err, errlen, label, 0, "out of memory");
    if (rc == 0)
        rc = check_basics(v[COL_KIND], label, line, e, err, errlen);
    if (rc == 0)
        rc = check_facets(v[COL_SECTION], v[COL_SCORE], v[COL_RATING], label, line, e,
                          err, errlen);
    if (rc == 0 && *v[COL_AUTHORITY])
        rc = check_authority(v[COL_AUTHORITY], label, line, authorities, e, err, errlen);
    for (int c = 0; c < N_COLS; c++)
        free(v[c]);
    return rc;
}

static int by_file(const void *a, const void *b)
{
    const manifest_entry *x = *(const manifest_entry *const *)a;
    const manifest_entry *y = *(const manifest_entry *const *)b;
    int c = strcmp(file_key(x->file), file_key(y->file));
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
        if (strcmp(file_key(v[i]->file), file_key(v[i - 1]->file)) != 0)
            continue;
        size_t j = i - 1;   /* the earliest listing of this file */
        while (j > 0 && strcmp(file_key(v[j - 1]->file), file_key(v[i]->file)) == 0)
            j--;
        if (!dup || v[i]->line < dup->line) {
            dup = v[i];
            first = v[j];
        }
    }
    int rc = 0;
    if (dup)
        rc = tsv_error(err, errlen, label, dup->line,
                       "duplicate file \"%s\" (already listed at line %u%s%s)",
                       dup->file, first->line,
                       strcmp(dup->file, first->file) ? " as " : "",
                       strcmp(dup->file, first->file) ? first->file : "");
    if (rc == 0)
        m->by_file = v;
    else
        free(v);
    return rc;
}

/* Room for one more entry, zeroed; NULL when out of memory. */
static manifest_entry *new_entry(manifest *m, size_t *cap)
{
    if (m->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        manifest_entry *p = realloc(m->entries, nc * sizeof *p);
        if (!p)
            return NULL;
        m->entries = p;
        *cap = nc;
    }
    manifest_entry *e = &m->entries[m->n++];
    memset(e, 0, sizeof *e);
    return e;
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
    header h;
    tsv_init(&rd, text ? text : "", text ? len : 0);
    int got, have_header = 0, rc = 0;
    while (rc == 0 && (got = tsv_next(&rd, &row)) != 0) {
        manifest_entry *e;
        if (got < 0)
            rc = tsv_error(err, errlen, label, row.line, "too many TAB-separated columns");
        else if (!have_header++)
            rc = read_header(&row, label, &h, out, err, errlen);
        else if (!(e = new_entry(out, &cap)))
            rc = tsv_error(err, errlen, label, 0, "out of memory");
        else
            rc = parse_entry(&row, &h, label, authorities, e, err, errlen);
    }
    if (rc == 0 && !have_header)
        rc = tsv_error(err, errlen, label, 1, "no header line (it names the columns, "
                       "TAB-separated: " KNOWN_COLUMNS "; only file is required)");
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
    const char *key = file_key(file);
    if (m->n == 1)
        return strcmp(file_key(m->entries[0].file), key) == 0 ? &m->entries[0] : NULL;
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, file_key(m->by_file[mid]->file));
        if (c == 0)
            return m->by_file[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

long manifest_unmatched(const manifest *m, const char *const *files, size_t n,
                        const manifest_entry **out)
{
    if (!m || m->n == 0)
        return 0;
    unsigned char *used = calloc(m->n, 1);
    if (!used)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const manifest_entry *e = manifest_find(m, files[i]);
        if (e)
            used[e - m->entries] = 1;
    }
    long k = 0;
    for (size_t i = 0; i < m->n; i++)
        if (!used[i])
            out[k++] = &m->entries[i];
    free(used);
    return k;
}

void manifest_unmatched_message(const manifest_entry *e, const char *label, char *buf,
                                size_t len)
{
    tsv_error(buf, len, label ? label : "manifest.tsv", e->line,
              "\"%s\" names no file in the corpus; the row is ignored", e->file);
}
