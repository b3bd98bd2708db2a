/* layout.c: the index directory's names (see layout.h). */
#include "layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"

long layout_gen_number(const char *name)
{
    size_t plen = strlen(LAYOUT_GEN_PREFIX);
    if (strncmp(name, LAYOUT_GEN_PREFIX, plen) != 0 || !name[plen])
        return 0;
    char *end;
    long n = strtol(name + plen, &end, 10);
    return *end == '\0' && n > 0 ? n : 0;
}

void layout_gen_name(long n, char buf[LAYOUT_GEN_NAME_MAX])
{
    snprintf(buf, LAYOUT_GEN_NAME_MAX, LAYOUT_GEN_PREFIX "%06ld", n);
}

char *layout_gen_path(const char *index_dir, long n)
{
    char name[LAYOUT_GEN_NAME_MAX];
    layout_gen_name(n, name);
    return path_join(index_dir, name);
}

char *layout_stub_path(const char *index_dir)
{
    return path_join(index_dir, LAYOUT_STUB_NAME);
}

long layout_current(const char *index_dir, char *err, size_t errlen)
{
    char *path = layout_stub_path(index_dir);
    if (!path) {
        snprintf(err, errlen, "out of memory");
        return LAYOUT_NOMEM;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        free(path);
        if (e == ENOENT)
            return 0;
        snprintf(err, errlen, "cannot read '%s/%s': %s", index_dir,
                 LAYOUT_STUB_NAME, strerror(e));
        return e == ENOMEM ? LAYOUT_NOMEM : -1;
    }
    char line[256] = "";
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    free(path);
    char name[256];
    long n = 0;
    if (got && sscanf(line, "auto %255s", name) == 1)
        n = layout_gen_number(name);
    if (n <= 0) {
        snprintf(err, errlen, "'%s/%s' does not name a generation; rebuild the "
                 "index", index_dir, LAYOUT_STUB_NAME);
        return -1;
    }
    return n;
}

int layout_is_ours(const char *name)
{
    return strcmp(name, LAYOUT_STUB_NAME) == 0 || strcmp(name, LAYOUT_LOCK_NAME) == 0 ||
           strncmp(name, LAYOUT_STUB_NAME ".tmp", strlen(LAYOUT_STUB_NAME ".tmp")) == 0 ||
           layout_gen_number(name) > 0;
}
