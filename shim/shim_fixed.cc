/*
 * shim_fixed.cc: a query that gives every document one fixed weight (see
 * shim_query_fixed_weight in lasearch_shim.h).
 */
#include "shim_internal.h"

#include <cmath>

using shim::ctx;
using shim::fail;
using shim::guard;

extern "C" {

shim_status shim_query_fixed_weight(double weight, shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_fixed_weight: out is NULL");
    *out = nullptr;
    if (!std::isfinite(weight) || weight < 0)
        return fail(SHIM_ERR_ARG, "shim_query_fixed_weight: weight must be finite and >= 0");
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        /* release(): the query owns the source (a registered class, so it
         * also travels to remote shards). */
        q->q = Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release());
        *out = q.release();
    });
}

} // extern "C"
