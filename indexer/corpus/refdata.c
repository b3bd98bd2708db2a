/* refdata.c: loading a corpus's reference data (see refdata.h). */
#include "refdata.h"
#include "path.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LASEARCH_DATADIR
#define LASEARCH_DATADIR "/usr/local/share/lasearch"
#endif
#ifndef LASEARCH_DATADIR_FROM_BIN
#define LASEARCH_DATADIR_FROM_BIN "../share/lasearch"
#endif

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void refdata_datadir(char *buf, size_t len)
{
    const char *env = getenv("LASEARCH_DATADIR");
    if (env && *env) {
        snprintf(buf, len, "%s", env);
        return;
    }
    /* The binary's own directory, so an installed tree works wherever it
     * was installed or moved to. */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char candidate[4096 + 64];
            snprintf(candidate, sizeof candidate, "%s/%s", exe,
                     LASEARCH_DATADIR_FROM_BIN);
            if (is_dir(candidate)) {
                snprintf(buf, len, "%s", candidate);
                return;
            }
        }
    }
    snprintf(buf, len, "%s", LASEARCH_DATADIR);
}

/* The corpus's own copy of name, else the installed one, else NULL, into
 * *out. 0, or -1 out of memory (a missing file is not an error). */
static int locate(const char *corpus_dir, const char *name, char **out)
{
    *out = NULL;
    if (corpus_dir) {
        char *p = path_join(corpus_dir, name);
        if (!p)
            return -1;
        if (exists(p)) {
            *out = p;
            return 0;
        }
        free(p);
    }
    char datadir[4096];
    refdata_datadir(datadir, sizeof datadir);
    char *p = path_join(datadir, name);
    if (!p)
        return -1;
    if (exists(p))
        *out = p;
    else
        free(p);
    return 0;
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

void refdata_clear(refdata *rd)
{
    authority_table_free(rd->authorities);
    free(rd->authorities_text);
    free(rd->authorities_path);
    manifest_clear(&rd->manifest);
    free(rd->manifest_path);
    free(rd->thesaurus_text);
    free(rd->thesaurus_path);
    memset(rd, 0, sizeof *rd);
}

int refdata_load(const char *corpus_dir, refdata *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char *apath, *tpath;
    if (locate(corpus_dir, "authorities.tsv", &apath) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (!apath) {
        char datadir[4096];
        refdata_datadir(datadir, sizeof datadir);
        snprintf(err, errlen,
                 "no authorities.tsv in %s or %s: the list of councils is needed "
                 "to recognise them (LASEARCH_DATADIR names another data "
                 "directory)", corpus_dir ? corpus_dir : "(no corpus)", datadir);
        return -1;
    }
    out->authorities_path = apath;
    size_t alen;
    if (path_read_file(apath, &out->authorities_text, &alen) != 0) {
        snprintf(err, errlen, "%s: %s", apath, strerror(errno));
        goto fail;
    }
    if (authority_table_parse(out->authorities_text, alen, apath,
                              &out->authorities, err, errlen) != 0)
        goto fail;

    /* The manifest belongs to one corpus: never take an installed one. */
    out->manifest_path = corpus_dir ? path_join(corpus_dir, "manifest.tsv") : NULL;
    if (corpus_dir && !out->manifest_path) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (out->manifest_path && exists(out->manifest_path)) {
        if (manifest_load(out->manifest_path, out->authorities, &out->manifest,
                          err, errlen) != 0)
            goto fail;
    } else {
        free(out->manifest_path);
        out->manifest_path = dup_or_empty(NULL);
    }

    if (locate(corpus_dir, "thesaurus.tsv", &tpath) != 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (tpath) {
        out->thesaurus_path = tpath;
        if (path_read_file(tpath, &out->thesaurus_text, NULL) != 0) {
            snprintf(err, errlen, "%s: %s", tpath, strerror(errno));
            goto fail;
        }
    } else {
        out->thesaurus_path = dup_or_empty(NULL);
        out->thesaurus_text = dup_or_empty(NULL);
    }
    if (!out->manifest_path || !out->thesaurus_path || !out->thesaurus_text) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    return 0;
fail:
    refdata_clear(out);
    return -1;
}
