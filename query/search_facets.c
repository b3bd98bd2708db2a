/* search_facets.c: the "no value" bucket of each facet (see search_facets.h). */
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
