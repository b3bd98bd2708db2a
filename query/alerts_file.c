/* alerts_file.c: reading a saved-searches file (see alerts.h). */
#include "alerts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "qparse.h"

void saved_searches_clear(saved_searches *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->s[i].name);
        free(s->s[i].query);
    }
    free(s->s);
    free(s->path);
    memset(s, 0, sizeof *s);
}

/* Leading and trailing spaces and TABs off [*s, *s + *len). */
static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* One non-comment line (without its newline) into out; -1 with err. */
static int parse_line(const saved_searches *all, const char *path, unsigned lineno,
                      const char *line, size_t len, saved_search *out, char *err,
                      size_t errlen)
{
    if (norm_utf8_invalid_at(line, len) != len || memchr(line, '\0', len)) {
        snprintf(err, errlen, "%s:%u: not valid UTF-8 text", path, lineno);
        return -1;
    }
    const char *tab = memchr(line, '\t', len);
    if (!tab) {
        snprintf(err, errlen, "%s:%u: no TAB between the name and the query (write "
                 "NAME<TAB>QUERY)", path, lineno);
        return -1;
    }
    const char *name = line, *query = tab + 1;
    size_t nlen = (size_t)(tab - line), qlen = len - nlen - 1;
    trim(&name, &nlen);
    trim(&query, &qlen);
    if (!nlen) {
        snprintf(err, errlen, "%s:%u: the saved search has no name", path, lineno);
        return -1;
    }
    if (nlen > ALERTS_NAME_MAX) {
        snprintf(err, errlen, "%s:%u: the name is longer than %d bytes", path, lineno,
                 ALERTS_NAME_MAX);
        return -1;
    }
    if (!qlen) {
        snprintf(err, errlen, "%s:%u: '%.*s' has no query", path, lineno, (int)nlen, name);
        return -1;
    }
    for (size_t i = 0; i < all->n; i++) {
        if (strlen(all->s[i].name) == nlen && memcmp(all->s[i].name, name, nlen) == 0) {
            snprintf(err, errlen, "%s:%u: the name '%.*s' is already used on line %u",
                     path, lineno, (int)nlen, name, all->s[i].line);
            return -1;
        }
    }
    /* The query's syntax now, so a typo stops the run before it starts. */
    qnode *tree = NULL;
    qerror qe;
    qparse_options opts = {0};
    char *norm = NULL;
    size_t normlen = 0;
    if (norm_text(query, qlen, NORM_DISPLAY, &norm, &normlen) != NORM_OK) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = qparse(norm, normlen, &opts, &tree, &qe);
    free(norm);
    qnode_free(tree);
    if (rc != 0) {
        snprintf(err, errlen, "%s:%u: '%.*s': %s", path, lineno, (int)nlen, name,
                 qe.message);
        return -1;
    }
    out->name = strndup(name, nlen);
    out->query = strndup(query, qlen);
    out->line = lineno;
    if (!out->name || !out->query) {
        free(out->name);
        free(out->query);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int saved_searches_load(const char *path, saved_searches *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read saved searches '%s': %s", path, strerror(errno));
        return -1;
    }
    out->path = strdup(path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned lineno = 0;
    int rc = out->path ? 0 : -1;
    if (rc)
        snprintf(err, errlen, "out of memory");
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got;
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        const char *p = line;
        size_t plen = len;
        trim(&p, &plen);
        if (!plen || p[0] == '#')
            continue;
        saved_search *grown = realloc(out->s, (out->n + 1) * sizeof *grown);
        if (!grown) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        out->s = grown;
        if ((rc = parse_line(out, path, lineno, line, len, &out->s[out->n], err, errlen)) == 0)
            out->n++;
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "cannot read saved searches '%s': %s", path, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && out->n == 0) {
        snprintf(err, errlen, "%s: no saved searches (write one a line: NAME<TAB>QUERY)",
                 path);
        rc = -1;
    }
    free(line);
    if (!is_stdin)
        fclose(f);
    if (rc != 0)
        saved_searches_clear(out);
    return rc;
}
