/*
 * bench_fts5.c: the SQLite FTS5 peer, done the way its documentation
 * suggests for this job:
 *
 *  - one FTS5 table, the paragraph's text as the one indexed column,
 *    tokenize 'porter unicode61' (Porter stemming, Unicode case folding
 *    and diacritics removal), the facets and citation as UNINDEXED columns
 *    (stored, filterable with WHERE, not searched);
 *  - a small table of each file's rowid range, so an update deletes a
 *    changed file's paragraphs by rowid (FTS5 has no index on UNINDEXED
 *    columns: deleting WHERE file = ? would scan every row);
 *  - the build in one transaction, SQLite's defaults otherwise (no
 *    'optimize': Xapian's index is not compacted either);
 *  - queries: the exact count, and the top 10 by rank (bm25 with default
 *    weights, FTS5's fast path) with snippet(); grouped: counts per council
 *    (GROUP BY) and each council's best 3 (a window over rank).
 */
#include "bench.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "section.h"

const char *fts5_version(void)
{
    return sqlite3_libversion();
}

/* ---------------------------------------------------------- building -- */

typedef struct fts5_build_ctx {
    sqlite3 *db;
    sqlite3_stmt *ins, *range;
} fts5_build_ctx;

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s && s[0])
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int add_doc(void *ctx, const corpus_doc *d)
{
    fts5_build_ctx *c = ctx;
    sqlite3_int64 lo = 0, hi = 0;
    for (size_t i = 0; i < d->n_paras; i++) {
        const para_record *r = &d->paras[i];
        int theme = section_theme(r->section);
        sqlite3_stmt *st = c->ins;
        sqlite3_reset(st);
        bind_text(st, 1, r->text);
        bind_text(st, 2, r->id);
        bind_text(st, 3, r->file);
        sqlite3_bind_int(st, 4, (int)r->line);
        /* undecided is "", as in lasearch's authority values */
        sqlite3_bind_text(st, 5, r->authority, -1, SQLITE_STATIC);
        bind_text(st, 6, r->section >= 0 ? section_name(r->section) : NULL);
        bind_text(st, 7, theme >= 0 ? theme_name(theme) : NULL);
        if (r->score)
            sqlite3_bind_int(st, 8, r->score);
        else
            sqlite3_bind_null(st, 8);
        bind_text(st, 9, kind_name(r->kind));
        bind_text(st, 10, r->heading);
        if (sqlite3_step(st) != SQLITE_DONE) {
            fprintf(stderr, "fts5: %s: %s\n", d->file, sqlite3_errmsg(c->db));
            return -1;
        }
        hi = sqlite3_last_insert_rowid(c->db);
        if (i == 0)
            lo = hi;
    }
    sqlite3_reset(c->range);
    sqlite3_bind_text(c->range, 1, d->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->range, 2, lo);
    sqlite3_bind_int64(c->range, 3, hi);
    if (sqlite3_step(c->range) != SQLITE_DONE) {
        fprintf(stderr, "fts5: %s: %s\n", d->file, sqlite3_errmsg(c->db));
        return -1;
    }
    return 0;
}

static const char schema[] =
    "CREATE VIRTUAL TABLE p USING fts5(text, id UNINDEXED, file UNINDEXED,"
    " line UNINDEXED, authority UNINDEXED, section UNINDEXED, theme UNINDEXED,"
    " score UNINDEXED, kind UNINDEXED, heading UNINDEXED,"
    " tokenize = 'porter unicode61');"
    "CREATE TABLE pfile(file TEXT PRIMARY KEY, lo INTEGER, hi INTEGER);";

static int delete_files(sqlite3 *db, char *const *only, size_t n_only)
{
    sqlite3_stmt *sel = NULL, *del = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT lo, hi FROM pfile WHERE file = ?1", -1,
                                &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "DELETE FROM p WHERE rowid BETWEEN ?1 AND ?2", -1,
                                &del, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < n_only; i++) {
        sqlite3_reset(sel);
        sqlite3_bind_text(sel, 1, only[i], -1, SQLITE_STATIC);
        if (sqlite3_step(sel) != SQLITE_ROW)
            continue;
        sqlite3_reset(del);
        sqlite3_bind_int64(del, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_int64(del, 2, sqlite3_column_int64(sel, 1));
        if (sqlite3_step(del) != SQLITE_DONE)
            rc = SQLITE_ERROR;
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(del);
    return rc == SQLITE_OK ? 0 : -1;
}

static int fts5_index(const char *corpus, const char *path, int create, char *const *only,
                      size_t n_only)
{
    double t0 = bench_now();
    fts5_build_ctx c = {0};
    char err[512] = "";
    size_t paras = 0;
    if (create)
        remove(path);
    int rc = sqlite3_open(path, &c.db) == SQLITE_OK ? 0 : -1;
    if (rc == 0 && create)
        rc = sqlite3_exec(c.db, schema, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0)
        rc = sqlite3_exec(c.db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0)
        rc = sqlite3_prepare_v2(c.db,
                                "INSERT INTO p(text, id, file, line, authority, section,"
                                " theme, score, kind, heading)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                -1, &c.ins, NULL) == SQLITE_OK &&
                     sqlite3_prepare_v2(c.db,
                                        "INSERT OR REPLACE INTO pfile VALUES (?1, ?2, ?3)",
                                        -1, &c.range, NULL) == SQLITE_OK
                 ? 0
                 : -1;
    if (rc == 0 && only)
        rc = delete_files(c.db, only, n_only);
    if (rc != 0)
        snprintf(err, sizeof err, "%s", sqlite3_errmsg(c.db));
    if (rc == 0)
        rc = bench_each_doc(corpus, only, n_only, add_doc, &c, &paras, NULL, err,
                            sizeof err);
    sqlite3_finalize(c.ins);
    sqlite3_finalize(c.range);
    if (rc == 0 && sqlite3_exec(c.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, sizeof err, "%s", sqlite3_errmsg(c.db));
        rc = -1;
    }
    sqlite3_close(c.db);
    if (rc != 0) {
        fprintf(stderr, "fts5: %s\n", err);
        return 1;
    }
    printf("seconds=%.6f\nparagraphs=%zu\n", bench_now() - t0, paras);
    return 0;
}

int fts5_build(const char *corpus, const char *db)
{
    return fts5_index(corpus, db, 1, NULL, 0);
}

int fts5_update(const char *corpus, const char *db, char *const *only, size_t n_only)
{
    return fts5_index(corpus, db, 0, only, n_only);
}

/* ---------------------------------------------------------- querying -- */

struct fts5_engine {
    sqlite3 *db;
};

int fts5_open(const char *path, fts5_engine **out, char *err, size_t errlen)
{
    fts5_engine *e = calloc(1, sizeof *e);
    *out = NULL;
    if (!e || sqlite3_open_v2(path, &e->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "FTS5 database '%s': %s", path,
                 e && e->db ? sqlite3_errmsg(e->db) : "out of memory");
        fts5_close(e);
        return -1;
    }
    *out = e;
    return 0;
}

void fts5_close(fts5_engine *e)
{
    if (!e)
        return;
    sqlite3_close(e->db);
    free(e);
}

/* Run sql with ?1 = match; every column of every row is read (what showing
 * it costs). Returns the rows, or -1; first/second get the first row's
 * first column and the sum of second columns when asked. */
static long rows_of(sqlite3 *db, const char *sql, const char *match, long *first,
                    long *sum2)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    long rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows == 0 && first)
            *first = sqlite3_column_int(st, 0);
        if (sum2)
            *sum2 += sqlite3_column_int(st, 1);
        for (int c = 0; c < sqlite3_column_count(st); c++)
            (void)sqlite3_column_text(st, c);
        rows++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? rows : -1;
}

void fts5_run(fts5_engine *e, const char *match, const char *where, int grouped,
              bench_answer *a)
{
    memset(a, 0, sizeof *a);
    char sql[1024], cond[512] = "";
    if (where)
        snprintf(cond, sizeof cond, " AND (%s)", where);
    if (grouped) {
        long total = 0;
        snprintf(sql, sizeof sql,
                 "SELECT authority, count(*) FROM p WHERE p MATCH ?1%s GROUP BY authority",
                 cond);
        long groups = rows_of(e->db, sql, match, NULL, &total);
        snprintf(sql, sizeof sql,
                 "SELECT a, i FROM (SELECT authority AS a, id AS i, row_number() OVER"
                 " (PARTITION BY authority ORDER BY rank) AS n FROM p WHERE p MATCH ?1%s)"
                 " WHERE n <= 3",
                 cond);
        long best = groups >= 0 ? rows_of(e->db, sql, match, NULL, NULL) : -1;
        a->error = groups < 0 || best < 0;
        a->groups = groups > 0 ? (uint32_t)groups : 0;
        a->total = (uint32_t)total;
        return;
    }
    long count = 0;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM p WHERE p MATCH ?1%s", cond);
    long rows = rows_of(e->db, sql, match, &count, NULL);
    snprintf(sql, sizeof sql,
             "SELECT id, authority, section, score, kind, heading, file, line,"
             " snippet(p, 0, '**', '**', '...', 48) FROM p WHERE p MATCH ?1%s"
             " ORDER BY rank LIMIT 10",
             cond);
    long top = rows >= 0 ? rows_of(e->db, sql, match, NULL, NULL) : -1;
    a->error = rows < 0 || top < 0;
    a->total = (uint32_t)count;
}
