/* search_facets.c: the "no value" bucket of each facet, and date facets by
 * year or month (see search_facets.h). */
#include "search_facets.h"

#include <stdlib.h>
#include <string.h>

uint32_t search_facet_none(const search_result *res, int f)
{
    if (f < 0 || f >= FACET_COUNT || !res->facets[f])
        return 0;
    uint64_t sum = 0;
    for (size_t i = 0; i < res->n_facets[f]; i++)
        if (res->facets[f][i].value[0])
            sum += res->facets[f][i].count;
    return sum < res->total ? (uint32_t)(res->total - sum) : 0;
}

static int cmp_newest(const void *a, const void *b)
{
    return -strcmp(((const facet_count *)a)->value, ((const facet_count *)b)->value);
}

void search_facet_dates(facet_count **v, size_t *n, size_t keep)
{
    facet_count *c = *v;
    for (size_t i = 0; i < *n; i++)
        if (strlen(c[i].value) > keep)
            c[i].value[keep] = '\0';
    qsort(c, *n, sizeof *c, cmp_newest);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (k && strcmp(c[k - 1].value, c[i].value) == 0) {
            c[k - 1].count += c[i].count;
            free(c[i].value);
        } else {
            c[k++] = c[i];
        }
    }
    *n = k;
}

int search_facets_add_none(search_result *res)
{
    for (int f = 0; f < FACET_COUNT; f++) {
        uint32_t none = search_facet_none(res, f);
        if (!none)
            continue;
        facet_count *v = realloc(res->facets[f], (res->n_facets[f] + 1) * sizeof *v);
        if (!v)
            return -1;
        res->facets[f] = v;
        if (!(v[res->n_facets[f]].value = strdup("")))
            return -1;
        v[res->n_facets[f]++].count = none;
    }
    return 0;
}
