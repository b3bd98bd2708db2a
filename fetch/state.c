/* state.c: the fetch state file (contract in state.h). */
#include "state.h"

#include "store.h"
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void entry_free(state_entry *e)
{
    free(e->url);
    free(e->file);
    free(e->etag);
    free(e->last_modified);
    memset(e, 0, sizeof *e);
}

void state_clear(fetch_state *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++)
        entry_free(&st->v[i]);
    free(st->v);
    strmap_clear(&st->by_url);
    strmap_clear(&st->by_file);
    memset(st, 0, sizeof *st);
}

/* A copy of s fit for one TSV cell: "" when s could break the line. */
static char *cell(const char *s)
{
    if (!s || strpbrk(s, "\t\r\n"))
        s = "";
    return strdup(s);
}

state_entry *state_find(fetch_state *st, const char *url)
{
    size_t i;
    if (!strmap_get(&st->by_url, url, &i) || st->v[i].dead)
        return NULL;
    return &st->v[i];
}

const char *state_owner(const fetch_state *st, const char *file)
{
    size_t i;
    if (!strmap_get(&st->by_file, file, &i) || st->v[i].dead ||
        strcmp(st->v[i].file, file) != 0)
        return NULL;
    return st->v[i].url;
}

int state_set(fetch_state *st, const char *url, const char *file, const char *etag,
              const char *last_modified)
{
    state_entry e = { strdup(url), strdup(file), cell(etag), cell(last_modified), 0 };
    if (!e.url || !e.file || !e.etag || !e.last_modified) {
        entry_free(&e);
        return -1;
    }
    size_t i;
    if (strmap_get(&st->by_url, url, &i)) {
        if (strmap_put(&st->by_file, file, i) != 0) {
            entry_free(&e);
            return -1;
        }
        entry_free(&st->v[i]);
        st->v[i] = e;
        return 0;
    }
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        state_entry *v = realloc(st->v, cap * sizeof *v);
        if (!v) {
            entry_free(&e);
            return -1;
        }
        st->v = v;
        st->cap = cap;
    }
    if (strmap_put(&st->by_url, url, st->n) != 0 ||
        strmap_put(&st->by_file, file, st->n) != 0) {
        entry_free(&e);
        return -1;
    }
    st->v[st->n++] = e;
    return 0;
}

void state_drop(fetch_state *st, const char *url)
{
    state_entry *e = state_find(st, url);
    if (e)
        e->dead = 1;
}

int state_load(int rootfd, fetch_state *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    char *text;
    size_t len;
    if (store_read(rootfd, FETCH_STATE_NAME, (size_t)1 << 30, &text, &len) != 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot read it: %s", FETCH_STATE_NAME, strerror(errno));
        return -1;
    }
    tsv_reader rd;
    tsv_row row;
    tsv_init(&rd, text, len);
    int got, rc = 0;
    while (rc == 0 && (got = tsv_next(&rd, &row)) != 0) {
        if (got < 0 || row.n < 2 || row.n > 4) {
            rc = tsv_error(err, errlen, FETCH_STATE_NAME, row.line,
                           "expected url, file, etag, last_modified (delete the file "
                           "to start afresh: the next fetch then asks for every page "
                           "in full)");
            break;
        }
        char *f[4] = { NULL, NULL, NULL, NULL };
        for (size_t i = 0; i < row.n; i++)
            f[i] = tsv_field_dup(&row.f[i]);
        if (!f[0] || !f[1] || (row.n > 2 && !f[2]) || (row.n > 3 && !f[3]) ||
            state_set(st, f[0], f[1], f[2], f[3]) != 0)
            rc = tsv_error(err, errlen, FETCH_STATE_NAME, 0, "out of memory");
        for (size_t i = 0; i < 4; i++)
            free(f[i]);
    }
    free(text);
    if (rc != 0)
        state_clear(st);
    return rc;
}

int state_save(int rootfd, const fetch_state *st, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        snprintf(err, errlen, "%s: out of memory", FETCH_STATE_NAME);
        return -1;
    }
    fputs("# lasearch-fetch's memory of each page: url, file, etag, last_modified.\n"
          "# Written by lasearch-fetch; deleting it costs one night of full requests.\n",
          f);
    for (size_t i = 0; i < st->n; i++) {
        const state_entry *e = &st->v[i];
        if (!e->dead)
            fprintf(f, "%s\t%s\t%s\t%s\n", e->url, e->file, e->etag, e->last_modified);
    }
    if (fclose(f) != 0 || !buf) {
        free(buf);
        snprintf(err, errlen, "%s: out of memory", FETCH_STATE_NAME);
        return -1;
    }
    int rc = store_put(rootfd, FETCH_STATE_NAME, buf, len, err, errlen);
    free(buf);
    return rc;
}
