/* search_index.c: opening an index for searching (see search.h). */
#include "search_internal.h"

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

int search_index_open(const char *path, search_index **out, char *err, size_t errlen)
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
    int fmt = format ? atoi(format) : 0;
    free(format);
    if (fmt != SCHEMA_FORMAT) {
        snprintf(err, errlen, "index '%s' is %s (format %d, this lasearch reads "
                 "format %d); rebuild it with lasearch-index", path,
                 fmt ? "from another version of lasearch" : "not a lasearch index",
                 fmt, SCHEMA_FORMAT);
        goto fail;
    }
    if ((s = shim_db_doccount(ix->db, &ix->doccount)) != SHIM_OK) {
        snprintf(err, errlen, "cannot read index '%s': %s", path, shim_last_error());
        goto fail;
    }

    /* The reference data the index was built with, so that authority: and
     * the thesaurus mean exactly what they meant when it was built. */
    char *authorities = metadata(ix, META_AUTHORITIES);
    char label[512];
    snprintf(label, sizeof label, "%s (stored authorities.tsv)", path);
    int rc = authorities ? authority_table_parse(authorities, strlen(authorities), label,
                                                 &ix->authorities, err, errlen)
                         : -1;
    free(authorities);
    if (rc != 0)
        goto fail;
    char *thes = metadata(ix, META_THESAURUS);
    snprintf(label, sizeof label, "%s (stored thesaurus.tsv)", path);
    rc = thes ? (thes[0] ? thesaurus_parse(thes, strlen(thes), label, &ix->thesaurus,
                                           err, errlen)
                         : 0)
              : -1;
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

void search_index_free(search_index *ix)
{
    if (!ix)
        return;
    shim_termgen_free(ix->tg);
    thesaurus_free(ix->thesaurus);
    authority_table_free(ix->authorities);
    shim_db_free(ix->db);
    free(ix);
}
