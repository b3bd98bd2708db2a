/* search_index.c: opening an index for searching, and following it to new
 * generations (see search.h, search_internal.h). */
#include "search_internal.h"

#include "layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schema.h"

static char *metadata(search_index *ix, const char *key)
{
    char *v = NULL;
    return shim_db_metadata(ix->db, key, &v) == SHIM_OK ? v : NULL;
}

/* The identity of the stub that opening path reads: the index directory's
 * stub (layout.h), or path itself for a stub file. */
static stub_id stub_of(const char *path)
{
    stub_id id = {0};
    struct stat st;
    if (stat(path, &st) != 0)
        return id;
    if (S_ISDIR(st.st_mode)) {
        char *stub = layout_stub_path(path);
        if (!stub)
            return id;
        int rc = stat(stub, &st);
        free(stub);
        if (rc != 0 || !S_ISREG(st.st_mode))
            return id;
    }
    id.valid = 1;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.mtime_sec = (long long)st.st_mtim.tv_sec;
    id.mtime_nsec = (long long)st.st_mtim.tv_nsec;
    return id;
}

static int same_stub(const stub_id *a, const stub_id *b)
{
    return a->valid == b->valid && a->dev == b->dev && a->ino == b->ino &&
           a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

static int open_once(const char *path, search_index **out, char *err, size_t errlen)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            snprintf(err, errlen, "no index at '%s': build one with "
                     "'lasearch-index --index %s', or give --index", path, path);
        else
            snprintf(err, errlen, "cannot open index '%s': %s", path, strerror(errno));
        return -1;
    }
    search_index *ix = calloc(1, sizeof *ix);
    if (!ix) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    shim_status s = shim_db_open(path, &ix->db);
    if (s == SHIM_ERR_NOT_FOUND || s == SHIM_ERR_OPENING)
        snprintf(err, errlen, "'%s' is not a lasearch index (%s); build one with "
                 "'lasearch-index --index %s'", path, shim_last_error(), path);
    else if (s != SHIM_OK)
        snprintf(err, errlen, "cannot open index '%s': %s (%s)", path,
                 shim_status_string(s), shim_last_error());
    if (s != SHIM_OK)
        goto fail;

    char *format = metadata(ix, META_FORMAT);
    if (!format) {   /* an error: a key never stored reads as "" */
        snprintf(err, errlen, "cannot read index '%s': %s", path, shim_last_error());
        goto fail;
    }
    int fmt = atoi(format);
    free(format);
    if (fmt > SCHEMA_FORMAT) {
        snprintf(err, errlen, "index '%s' was built by a newer lasearch (format %d; "
                 "this one reads format %d): use that version, or rebuild the index "
                 "with this one's lasearch-index", path, fmt, SCHEMA_FORMAT);
        goto fail;
    }
    if (fmt != SCHEMA_FORMAT) {
        snprintf(err, errlen, "index '%s' is %s (format %d, this lasearch reads "
                 "format %d); rebuild it with lasearch-index", path,
                 fmt ? "from an older lasearch" : "not a lasearch index",
                 fmt, SCHEMA_FORMAT);
        goto fail;
    }
    if ((s = shim_db_doccount(ix->db, &ix->doccount)) != SHIM_OK) {
        snprintf(err, errlen, "cannot read index '%s': %s", path, shim_last_error());
        goto fail;
    }

    /* The reference data the index was built with, so that authority: and
     * the thesaurus mean exactly what they meant when it was built. The
     * council table is parsed when first needed. */
    if (!(ix->authorities_text = metadata(ix, META_AUTHORITIES))) {
        snprintf(err, errlen, "cannot read index '%s': %s", path, shim_last_error());
        goto fail;
    }
    char label[512];
    int rc;
    if (!ix->authorities_text[0]) {   /* none stored: say so now, as it always did */
        snprintf(label, sizeof label, "%s (stored authorities.tsv)", path);
        if (authority_table_parse("", 0, label, &ix->authorities, err, errlen) != 0)
            goto fail;
    }
    char *thes = metadata(ix, META_THESAURUS);
    if (!thes) {
        snprintf(err, errlen, "cannot read index '%s': %s", path, shim_last_error());
        goto fail;
    }
    snprintf(label, sizeof label, "%s (stored thesaurus.tsv)", path);
    rc = thes[0] ? thesaurus_parse(thes, strlen(thes), label, &ix->thesaurus, err, errlen)
                 : 0;
    free(thes);
    if (rc != 0)
        goto fail;
    if ((s = shim_termgen_new("en", 0, &ix->tg)) != SHIM_OK) {
        snprintf(err, errlen, "%s", shim_last_error());
        goto fail;
    }
    *out = ix;
    return 0;
fail:
    search_index_free(ix);
    return -1;
}

int search_index_authorities(search_index *ix, char *err, size_t errlen)
{
    if (ix->authorities)
        return 0;
    char label[512];
    snprintf(label, sizeof label, "%s (stored authorities.tsv)", ix->path ? ix->path : "index");
    return authority_table_parse(ix->authorities_text, strlen(ix->authorities_text), label,
                                 &ix->authorities, err, errlen);
}

int search_index_open(const char *path, search_index **out, char *err, size_t errlen)
{
    /* The stub is noted before the open, so a generation published during
     * it is picked up by the next refresh. A failure while the stub
     * changed is a race with a writer (the generation named was pruned
     * between reading the stub and opening it): try again. */
    for (int attempt = 0;; attempt++) {
        stub_id before = stub_of(path);
        if (open_once(path, out, err, errlen) == 0) {
            (*out)->stub = before;
            if (!((*out)->path = strdup(path))) {
                search_index_free(*out);
                *out = NULL;
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            return 0;
        }
        stub_id after = stub_of(path);
        if (attempt >= 2 || !before.valid || same_stub(&before, &after))
            return -1;
    }
}

int search_index_refresh(search_index *ix, int force, char *err, size_t errlen)
{
    if (!force) {
        stub_id now = stub_of(ix->path);
        if (!now.valid || same_stub(&now, &ix->stub))
            return 0;
    }
    search_index *fresh = NULL;
    if (search_index_open(ix->path, &fresh, err, errlen) != 0)
        return -1;
    /* Swap contents, so callers' pointers to ix stay valid; the old
     * contents go with fresh. */
    search_index old = *ix;
    *ix = *fresh;
    *fresh = old;
    search_index_free(fresh);
    return 1;
}

void search_index_free(search_index *ix)
{
    if (ix)
        search_ratings_free(ix);
    if (!ix)
        return;
    free(ix->path);
    shim_termgen_free(ix->tg);
    thesaurus_free(ix->thesaurus);
    authority_table_free(ix->authorities);
    free(ix->authorities_text);
    shim_db_free(ix->db);
    free(ix);
}
