/* shards.c: how a generation is split into shards (see shards.h). */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
#include "shards.h"
#include "layout.h"
#include "path.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned shards_default(void)
{
    long n = 0;
    cpu_set_t set;
    /* The cores this process may run on, not the machine's: a container or
     * taskset limit is what the threads will get. */
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = CPU_COUNT(&set);
    if (n <= 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0)
        n = 1;
    return n > 8 ? 8u : (unsigned)n;
}

unsigned shard_of(const authority_table *t, const char *authority, unsigned n)
{
    if (n <= 1)
        return 0;
    int i = authority[0] ? authority_lookup(t, authority, strlen(authority)) : -1;
    if (i >= 0)
        return (unsigned)i % n;
    /* FNV-1a: fixed, so a name outside the table always lands in the same
     * shard. */
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)authority; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % n;
}

char *shard_path(const char *gen_dir, unsigned k)
{
    char name[32];
    snprintf(name, sizeof name, "shard-%02u", k);
    return path_join(gen_dir, name);
}

char *shard_meta_path(const char *gen_dir)
{
    return path_join(gen_dir, SHARDS_META_NAME);
}

int shards_write_stub(const char *gen_dir, unsigned n, char *err, size_t errlen)
{
    /* A generation is itself opened through a stub, as the index is. */
    char *stub = layout_stub_path(gen_dir);
    if (!stub) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    FILE *f = fopen(stub, "w");
    int ok = f != NULL;
    if (ok)
        ok = fprintf(f, "auto " SHARDS_META_NAME "\n") > 0;
    for (unsigned k = 0; ok && k < n; k++)
        ok = fprintf(f, "auto shard-%02u\n", k) > 0;
    if (f) {
        ok = fflush(f) == 0 && ok;
        ok = fsync(fileno(f)) == 0 && ok;
        ok = fclose(f) == 0 && ok;
    }
    if (!ok)
        snprintf(err, errlen, "cannot write '%s': %s", stub, strerror(errno));
    free(stub);
    return ok ? 0 : -1;
}
