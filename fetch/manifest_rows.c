/* manifest_rows.c: the fetcher's rows of manifest.tsv (contract in
 * manifest_rows.h). */
#include "manifest_rows.h"

#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const col_names[ROW_NCOLS] = { "file", "authority", "kind", "url",
                                                  "published" };

static void free_cells(char **cells, size_t n)
{
    for (size_t i = 0; cells && i < n; i++)
        free(cells[i]);
    free(cells);
}

void rows_clear(manifest_rows *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].raw);
        free_cells(m->v[i].cell, m->ncols);
    }
    free(m->v);
    free_cells(m->names, m->ncols);
    free(m->old_text);
    strmap_clear(&m->by_file);
    memset(m, 0, sizeof *m);
}

static manifest_line *add_line(manifest_rows *m)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        manifest_line *v = realloc(m->v, cap * sizeof *v);
        if (!v)
            return NULL;
        m->v = v;
        m->cap = cap;
    }
    manifest_line *l = &m->v[m->n++];
    memset(l, 0, sizeof *l);
    return l;
}

/* A copy of [s, s+n) trimmed of spaces, as the indexer's TSV reader trims. */
static char *trimmed(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\r')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        n--;
    return strndup(s, n);
}

/* The line's cells, trimmed, in a malloc()ed array of at least min
 * entries (missing ones ""); *n gets how many there are. NULL: no memory. */
static char **split(const char *line, size_t min, size_t *n)
{
    size_t k = 1;
    for (const char *p = line; *p; p++)
        k += *p == '\t';
    size_t cap = k > min ? k : min;
    char **cells = calloc(cap, sizeof *cells);
    if (!cells)
        return NULL;
    const char *p = line;
    for (size_t i = 0; i < cap; i++) {
        const char *tab = i < k ? strchr(p, '\t') : NULL;
        size_t len = i < k ? (tab ? (size_t)(tab - p) : strlen(p)) : 0;
        if (!(cells[i] = i < k ? trimmed(p, len) : strdup(""))) {
            free_cells(cells, cap);
            return NULL;
        }
        if (tab)
            p = tab + 1;
    }
    *n = cap;
    return cells;
}

/* The file as the indexer compares it: without "./" and "documents/". */
static const char *norm_file(const char *f)
{
    while (f[0] == '.' && f[1] == '/')
        f += 2;
    if (strncmp(f, "documents/", 10) == 0)
        f += 10;
    return f;
}

static int is_blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    return *s == '\0' || *s == '#';
}

/* Take the header's columns; append those of ours it lacks. */
static int read_header(manifest_rows *m, const char *line, unsigned lineno, char *err,
                       size_t errlen)
{
    size_t n;
    char **names = split(line, 0, &n);
    if (!names)
        return -1;
    char **all = realloc(names, (n + ROW_NCOLS) * sizeof *all);
    if (!all) {
        free_cells(names, n);
        return -1;
    }
    m->names = all;
    m->ncols = n;
    for (int c = 0; c < ROW_NCOLS; c++) {
        m->col[c] = -1;
        for (size_t i = 0; i < n && m->col[c] < 0; i++)
            if (strcasecmp(all[i], col_names[c]) == 0)
                m->col[c] = (int)i;
    }
    if (m->col[ROW_FILE] < 0) {
        snprintf(err, errlen, "%s:%u: the header line has no file column (expected \""
                 "file<TAB>authority<TAB>kind<TAB>url<TAB>published\")", MANIFEST_NAME, lineno);
        return -2;
    }
    for (int c = 0; c < ROW_NCOLS; c++) {
        if (m->col[c] >= 0)
            continue;
        if (!(all[m->ncols] = strdup(col_names[c])))
            return -1;
        m->col[c] = (int)m->ncols++;
        m->header_dirty = 1;
    }
    return 0;
}

int rows_load(int rootfd, manifest_rows *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    char *text;
    size_t len;
    if (store_read(rootfd, MANIFEST_NAME, (size_t)1 << 30, &text, &len) != 0) {
        if (errno != ENOENT) {
            snprintf(err, errlen, "%s: cannot read it: %s", MANIFEST_NAME, strerror(errno));
            return -1;
        }
        if (!(text = strdup("")))
            goto nomem;
        len = 0;
    }
    m->old_text = text;
    unsigned lineno = 0;
    for (const char *p = text; p < text + len;) {
        const char *nl = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
        manifest_line *l = add_line(m);
        lineno++;
        if (!l || !(l->raw = strndup(p, n)))
            goto nomem;
        p += n + (nl ? 1 : 0);
        if (is_blank_or_comment(l->raw))
            continue;
        if (!m->names) {
            int rc = read_header(m, l->raw, lineno, err, errlen);
            if (rc == -2) {
                rows_clear(m);
                return -1;
            }
            if (rc != 0)
                goto nomem;
            l->is_header = 1;
            continue;
        }
        size_t k;
        if (!(l->cell = split(l->raw, m->ncols, &k)))
            goto nomem;
        if (k > m->ncols) {
            /* More cells than columns: the indexer's to report; the
             * fetcher leaves such a line alone. */
            free_cells(l->cell, k);
            l->cell = NULL;
            continue;
        }
        l->is_row = 1;
        const char *file = norm_file(l->cell[m->col[ROW_FILE]]);
        size_t dummy;
        /* A file listed twice is the indexer's error to report; the
         * fetcher edits the first listing. */
        if (*file && !strmap_get(&m->by_file, file, &dummy) &&
            strmap_put(&m->by_file, file, m->n - 1) != 0)
            goto nomem;
    }
    if (!m->names) {
        manifest_line *l = add_line(m);
        if (!l || !(l->raw = strdup(MANIFEST_HEADER)) || read_header(m, l->raw, 0, err, errlen))
            goto nomem;
        l->is_header = 1;
        m->header_dirty = 1;
    }
    return 0;
nomem:
    rows_clear(m);
    snprintf(err, errlen, "%s: out of memory", MANIFEST_NAME);
    return -1;
}

static manifest_line *find(const manifest_rows *m, const char *file)
{
    size_t i;
    if (!strmap_get(&m->by_file, norm_file(file), &i) || m->v[i].dead)
        return NULL;
    return &m->v[i];
}

const char *rows_get(const manifest_rows *m, const char *file, int col)
{
    manifest_line *l = find(m, file);
    return l ? l->cell[m->col[col]] : NULL;
}

/* Replace a cell when the new value differs; TABs and line breaks (which
 * would break the format) become spaces. */
static int set_cell(const manifest_rows *m, manifest_line *l, int col, const char *v)
{
    char **cell = &l->cell[m->col[col]];
    if (strcmp(*cell, v) == 0)
        return 0;
    char *s = strdup(v);
    if (!s)
        return -1;
    for (char *p = s; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    free(*cell);
    *cell = s;
    l->dirty = 1;
    return 0;
}

int rows_set(manifest_rows *m, const char *file, const char *authority, const char *kind,
             const char *url, const char *published)
{
    manifest_line *l = find(m, file);
    if (!l) {
        size_t k;
        if (!(l = add_line(m)) || !(l->cell = split("", m->ncols, &k)))
            return -1;
        l->is_row = 1;
        while (*file == '.' && file[1] == '/')
            file += 2;
        if (strmap_put(&m->by_file, norm_file(file), m->n - 1) != 0 ||
            set_cell(m, l, ROW_FILE, file) != 0)
            return -1;
    }
    int rc = set_cell(m, l, ROW_URL, url);
    if (rc == 0 && authority && *authority)
        rc = set_cell(m, l, ROW_AUTHORITY, authority);
    if (rc == 0 && kind && *kind)
        rc = set_cell(m, l, ROW_KIND, kind);
    if (rc == 0 && published && *published)
        rc = set_cell(m, l, ROW_PUBLISHED, published);
    return rc;
}

int rows_remove(manifest_rows *m, const char *file)
{
    manifest_line *l = find(m, file);
    if (!l)
        return 0;
    l->dead = 1;
    return 1;
}

static void put_cells(FILE *f, char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? "\t" : "", cells[i]);
}

int rows_save(int rootfd, manifest_rows *m, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        snprintf(err, errlen, "%s: out of memory", MANIFEST_NAME);
        return -1;
    }
    for (size_t i = 0; i < m->n; i++) {
        const manifest_line *l = &m->v[i];
        if (l->dead)
            continue;
        if (l->is_header && m->header_dirty)
            put_cells(f, m->names, m->ncols);
        else if (l->is_row && (l->dirty || m->header_dirty))
            put_cells(f, l->cell, m->ncols);
        else
            fputs(l->raw, f);
        fputc('\n', f);
    }
    if (fclose(f) != 0 || !buf) {
        free(buf);
        snprintf(err, errlen, "%s: out of memory", MANIFEST_NAME);
        return -1;
    }
    int rc = 0;
    if (strcmp(buf, m->old_text) != 0)
        rc = store_put(rootfd, MANIFEST_NAME, buf, len, err, errlen);
    if (rc == 0) {
        free(m->old_text);
        m->old_text = buf;
    } else {
        free(buf);
    }
    return rc;
}
