/* sources.c: sources.tsv (contract in sources.h). */
#include "sources.h"

#include "record.h"
#include "tsv.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

void sources_clear(sources *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].url);
        free(s->v[i].follow);
        free(s->v[i].authority);
        free(s->v[i].kind);
    }
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

enum { COL_URL, COL_FOLLOW, COL_AUTHORITY, COL_KIND, NCOLS };
static const char *const col_names[NCOLS] = { "url", "follow", "authority", "kind" };

/* Map the header's columns; -1 with err when it is not a header we read. */
static int read_header(const tsv_row *row, const char *label, int *col, char *err,
                       size_t errlen)
{
    for (int c = 0; c < NCOLS; c++)
        col[c] = -1;
    for (size_t i = 0; i < row->n; i++) {
        int c = 0;
        while (c < NCOLS && !tsv_field_is(&row->f[i], col_names[c]))
            c++;
        if (c == NCOLS || col[c] >= 0)
            return tsv_error(err, errlen, label, row->line,
                             "the header line names the columns: url, follow and "
                             "optionally authority and kind, each once, TAB-separated");
        col[c] = (int)i;
    }
    if (col[COL_URL] < 0 || col[COL_FOLLOW] < 0)
        return tsv_error(err, errlen, label, row->line,
                         "the header line must name the columns url and follow");
    return 0;
}

static char *cell(const tsv_row *row, int col)
{
    static const tsv_field empty = { "", 0 };
    return tsv_field_dup(col >= 0 && (size_t)col < row->n ? &row->f[col] : &empty);
}

static int read_row(const tsv_row *row, const int *col, const char *label,
                    const authority_table *authorities, source *s, char *err,
                    size_t errlen)
{
    char *f[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        f[c] = cell(row, col[c]);
    int rc = 0;
    s->line = row->line;
    if (!f[0] || !f[1] || !f[2] || !f[3]) {
        rc = tsv_error(err, errlen, label, 0, "out of memory");
    } else if (url_canon(NULL, f[COL_URL], &s->url) != URL_OK) {
        rc = tsv_error(err, errlen, label, row->line,
                       "url \"%s\" is not an http:// or https:// URL", f[COL_URL]);
    } else if (url_canon(NULL, f[COL_FOLLOW], &s->follow) != URL_OK) {
        rc = tsv_error(err, errlen, label, row->line,
                       "follow \"%s\" is not an http:// or https:// URL prefix",
                       f[COL_FOLLOW]);
    } else if (*f[COL_KIND] && kind_from_name(f[COL_KIND]) == KIND_UNKNOWN) {
        rc = tsv_error(err, errlen, label, row->line,
                       "unknown kind \"%s\" (expected assessment, summary, "
                       "self-assessment or other, or an empty cell)", f[COL_KIND]);
    } else if (*f[COL_AUTHORITY] && authorities &&
               authority_lookup(authorities, f[COL_AUTHORITY], strlen(f[COL_AUTHORITY])) < 0) {
        rc = tsv_error(err, errlen, label, row->line,
                       "unknown council \"%s\" (not a name or alias in authorities.tsv)",
                       f[COL_AUTHORITY]);
    }
    if (rc == 0) {
        const char *auth = f[COL_AUTHORITY];
        if (*auth && authorities)
            auth = authority_name(authorities, (size_t)authority_lookup(
                                                   authorities, auth, strlen(auth)));
        const char *kind = *f[COL_KIND] ? kind_name(kind_from_name(f[COL_KIND])) : "";
        s->authority = strdup(auth);
        s->kind = strdup(kind);
        if (!s->authority || !s->kind)
            rc = tsv_error(err, errlen, label, 0, "out of memory");
    }
    for (int c = 0; c < NCOLS; c++)
        free(f[c]);
    return rc;
}

int sources_parse(const char *text, size_t len, const char *label,
                  const authority_table *authorities, sources *out, char *err,
                  size_t errlen)
{
    memset(out, 0, sizeof *out);
    tsv_reader rd;
    tsv_row row;
    tsv_init(&rd, text, len);
    int col[NCOLS], header = 0, got, rc = 0;
    size_t cap = 0;
    while (rc == 0 && (got = tsv_next(&rd, &row)) != 0) {
        if (got < 0) {
            rc = tsv_error(err, errlen, label, row.line, "too many TAB-separated columns");
        } else if (!header) {
            rc = read_header(&row, label, col, err, errlen);
            header = 1;
        } else if (row.n > NCOLS) {
            rc = tsv_error(err, errlen, label, row.line,
                           "more cells than the header names columns");
        } else {
            if (out->n == cap) {
                size_t nc = cap ? cap * 2 : 8;
                source *v = realloc(out->v, nc * sizeof *v);
                if (!v) {
                    rc = tsv_error(err, errlen, label, 0, "out of memory");
                    break;
                }
                out->v = v;
                cap = nc;
            }
            source *s = &out->v[out->n++];
            memset(s, 0, sizeof *s);
            rc = read_row(&row, col, label, authorities, s, err, errlen);
        }
    }
    if (rc == 0 && out->n == 0)
        rc = tsv_error(err, errlen, label, 0,
                       "no sources: after the header line \"url<TAB>follow<TAB>authority"
                       "<TAB>kind\", one start page a line");
    if (rc != 0)
        sources_clear(out);
    return rc;
}
