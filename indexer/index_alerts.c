/* index_alerts.c: saved searches around an index run (see index_alerts.h). */
#include "index_alerts.h"

#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "search.h"

int index_alerts_load(const char *path, const char *index_dir, saved_searches *out,
                      char *err, size_t errlen)
{
    if (saved_searches_load(path, out, err, errlen) != 0)
        return -1;
    char ignored[256];
    if (layout_current(index_dir, ignored, sizeof ignored) <= 0)
        return 0;   /* no index yet: the syntax is all that can be checked */
    search_index *ix = NULL;
    int rc = 0;
    /* An index that cannot be searched is the run's to repair (an update
     * rebuilds a damaged one); the saved searches are checked after it. */
    if (search_index_open(index_dir, &ix, ignored, sizeof ignored) == 0)
        rc = alerts_check(ix, out, err, errlen);
    search_index_free(ix);
    if (rc != 0 && strncmp(err, "index: ", 7) == 0)
        rc = 0;
    if (rc != 0)
        saved_searches_clear(out);
    return rc;
}

json_t *index_alerts_report(const char *index_dir, const saved_searches *s, long after,
                            char *err, size_t errlen)
{
    search_index *ix = NULL;
    if (search_index_open(index_dir, &ix, err, errlen) != 0)
        return NULL;
    char since[32];
    snprintf(since, sizeof since, "%ld", after);
    json_t *report = alerts_run(ix, s, since, ALERTS_DEFAULT_LIMIT, err, errlen);
    search_index_free(ix);
    return report;
}
