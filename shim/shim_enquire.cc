/*
 * shim_enquire.cc: search sessions, facets (match spies) and result sets.
 * Snippets are in shim_snippet.cc.
 */
#include "shim_internal.h"

#include <chrono>
#include <cmath>
#include <cstring>

using shim::ctx;
using shim::fail;
using shim::guard;

namespace {

/* Queries of at least this many terms (wildcards' and thesaurus forms'
 * included) are stopped by the request budget mid-match (see
 * shim_enquire_run). */
constexpr Xapian::termcount DECIDER_MIN_TERMS = 64;

/* The same sort key for every document. Sorting by relevance and then by
 * it is sorting by relevance (weight, then docid), only faster: it takes
 * Xapian 1.4's matcher down its sort-key path, which drops at once a
 * candidate that ranks below the worst hit kept so far, where by plain
 * relevance every candidate goes through the heap of kept hits (a push, a
 * pop and copies of its strings). With exact counts (check_at_least = the
 * whole database) every match is a candidate, so that heap was most of
 * what a common word cost. No value is read for it. Xapian's remote
 * backend takes no KeyMaker: shim_enquire_run() then sorts the plain way. */
class same_key : public Xapian::KeyMaker {
  public:
    std::string operator()(const Xapian::Document &) const override { return std::string(); }
};

/* Replace enq's Enquire with a fresh one with every setting but the sort
 * (an Enquire keeps a KeyMaker once given one, whatever sort is set
 * after). Match spies are attached by each run. */
void fresh_enquire(shim_enquire *enq)
{
    enq->enq = Xapian::Enquire(enq->db);
    enq->enq.set_weighting_scheme(Xapian::BM25Weight());
    enq->enq.set_query(enq->query);
    enq->enq.set_collapse_key(enq->collapse_slot, enq->collapse_max);
    enq->enq.set_time_limit(enq->time_limit);
    enq->enq.set_cutoff(0, enq->weight_cutoff);
    enq->same_key = false;
}

} // namespace

extern "C" {

/* ------------------------------------------------------------- enquire -- */

shim_status shim_enquire_new(shim_db *db, shim_enquire **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_enquire_new: out is NULL");
    *out = nullptr;
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_enquire_new: db is NULL");
    return guard([&] {
        auto enq = std::make_unique<shim_enquire>(db->db);
        /* Xapian's default already, but the header promises it. */
        enq->enq.set_weighting_scheme(Xapian::BM25Weight());
        *out = enq.release();
    });
}

void shim_enquire_free(shim_enquire *enq)
{
    delete enq;
}

shim_status shim_enquire_set_query(shim_enquire *enq, const shim_query *q)
{
    if (!enq || !q)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_query: enq or q is NULL");
    return guard(ctx::query, [&] {
        enq->enq.set_query(q->q);
        enq->query = q->q;
    });
}

shim_status shim_enquire_set_sort(shim_enquire *enq, shim_sort sort, uint32_t slot, int reverse)
{
    if (!enq)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_sort: enq is NULL");
    long long how = shim::enum_value(sort);
    if (how != SHIM_SORT_RELEVANCE && slot == Xapian::BAD_VALUENO)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_sort: slot UINT32_MAX is reserved");
    bool rev = reverse != 0;
    switch (how) {
    case SHIM_SORT_RELEVANCE:
        return guard([&] {
            enq->enq.set_sort_by_relevance_then_key((new same_key)->release(), false);
            enq->same_key = true;
        });
    case SHIM_SORT_VALUE_THEN_RELEVANCE:
        return guard([&] {
            if (enq->same_key)
                fresh_enquire(enq);
            enq->enq.set_sort_by_value_then_relevance(slot, rev);
        });
    case SHIM_SORT_RELEVANCE_THEN_VALUE:
        return guard([&] {
            if (enq->same_key)
                fresh_enquire(enq);
            enq->enq.set_sort_by_relevance_then_value(slot, rev);
        });
    case SHIM_SORT_VALUE:
        return guard([&] {
            if (enq->same_key)
                fresh_enquire(enq);
            enq->enq.set_sort_by_value(slot, rev);
        });
    }
    return fail(SHIM_ERR_ARG, "shim_enquire_set_sort: unknown sort");
}

shim_status shim_enquire_set_collapse(shim_enquire *enq, uint32_t slot, uint32_t max)
{
    if (!enq)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_collapse: enq is NULL");
    if (slot != Xapian::BAD_VALUENO && max == 0)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_collapse: max must be >= 1");
    return guard([&] {
        enq->collapse_slot = slot;
        enq->collapse_max = slot == Xapian::BAD_VALUENO ? 1 : max;
        enq->enq.set_collapse_key(enq->collapse_slot, enq->collapse_max);
    });
}

shim_status shim_enquire_set_weight_cutoff(shim_enquire *enq, double min_weight)
{
    if (!enq)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_weight_cutoff: enq is NULL");
    if (!std::isfinite(min_weight) || min_weight < 0)
        return fail(SHIM_ERR_ARG,
                    "shim_enquire_set_weight_cutoff: min_weight must be finite and >= 0");
    return guard([&] {
        enq->enq.set_cutoff(0, min_weight);
        enq->weight_cutoff = min_weight;
    });
}

shim_status shim_enquire_set_time_limit(shim_enquire *enq, double seconds)
{
    if (!enq)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_time_limit: enq is NULL");
    if (!std::isfinite(seconds) || seconds < 0)
        return fail(SHIM_ERR_ARG, "shim_enquire_set_time_limit: seconds must be finite and >= 0");
    return guard([&] {
        enq->enq.set_time_limit(seconds);
        enq->time_limit = seconds;
    });
}

shim_status shim_enquire_add_facet(shim_enquire *enq, uint32_t slot, shim_facet **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_enquire_add_facet: out is NULL");
    *out = nullptr;
    if (!enq)
        return fail(SHIM_ERR_ARG, "shim_enquire_add_facet: enq is NULL");
    if (slot == Xapian::BAD_VALUENO)
        return fail(SHIM_ERR_ARG, "shim_enquire_add_facet: slot UINT32_MAX is reserved");
    return guard([&] {
        auto f = std::make_unique<shim_facet>();
        f->slot = slot;
        f->spy = std::make_unique<Xapian::ValueCountMatchSpy>(slot);
        enq->facets.push_back(std::move(f));
        /* The spy is attached to the enquire in shim_enquire_run. */
        *out = enq->facets.back().get();
    });
}

shim_status shim_enquire_run(shim_enquire *enq, uint32_t first, uint32_t max,
                             uint32_t check_at_least, shim_mset **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_enquire_run: out is NULL");
    *out = nullptr;
    if (!enq)
        return fail(SHIM_ERR_ARG, "shim_enquire_run: enq is NULL");
    shim_status st = shim::budget_check_time();
    if (st != SHIM_OK)
        return st;
    return guard(ctx::query, [&] {
        /* Fresh spies for every run so counts describe this run only (a
         * ValueCountMatchSpy adds up every document it is ever shown).
         * Detach the old ones before they are destroyed. */
        enq->enq.clear_matchspies();
        for (auto &f : enq->facets) {
            f->spy = std::make_unique<Xapian::ValueCountMatchSpy>(f->slot);
            enq->enq.add_matchspy(f->spy.get());
        }

        auto ms = std::make_unique<shim_mset>();
        auto t0 = std::chrono::steady_clock::now();
        /* The thread's request budget stops a big match at its deadline.
         * A small one finds its best hits quickly once Xapian's own time
         * limit has stopped its counting, and the decider is not free:
         * Xapian makes a Document for each candidate it shows one (a
         * one-word query took 75% longer). */
        const Xapian::MatchDecider *decider =
            enq->query.get_length() >= DECIDER_MIN_TERMS ? shim::budget_decider() : nullptr;
        try {
            ms->ms = enq->enq.get_mset(first, max, check_at_least, nullptr, decider);
        } catch (const Xapian::UnimplementedError &) {
            /* Xapian 1.4's remote backend takes no KeyMaker and no
             * MatchDecider: plain relevance is the same order, only
             * slower, and the deadline is then Xapian's time limit
             * alone. */
            if (!enq->same_key && !decider)
                throw;
            if (enq->same_key) {
                fresh_enquire(enq);
                enq->enq.set_sort_by_relevance();
                for (auto &f : enq->facets)
                    enq->enq.add_matchspy(f->spy.get());
            }
            t0 = std::chrono::steady_clock::now();
            ms->ms = enq->enq.get_mset(first, max, check_at_least);
        }
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;

        /* Xapian does not say whether its timer fired. The limit only ever
         * turns off check_at_least beyond first + max, so a run can have
         * been cut short only if it asked for more than that and took at
         * least the limit. This may flag a run that finished just after the
         * limit, but never passes a cut run as exact. */
        uint64_t wanted = uint64_t(first) + max;
        ms->maybe_cut = enq->time_limit > 0 && took.count() >= enq->time_limit &&
                        uint64_t(check_at_least) > wanted;
        ms->db = enq->db;
        ms->query = enq->query;
        *out = ms.release();
    });
}

shim_status shim_enquire_matching_terms(shim_enquire *enq, uint32_t docid, shim_termlist **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_enquire_matching_terms: out is NULL");
    *out = nullptr;
    if (!enq)
        return fail(SHIM_ERR_ARG, "shim_enquire_matching_terms: enq is NULL");
    if (docid == 0)
        return fail(SHIM_ERR_NOT_FOUND, "shim_enquire_matching_terms: document 0 not found");
    shim_status st = shim::budget_check_time();
    if (st != SHIM_OK)
        return st;
    return guard(ctx::query, [&] {
        auto tl = shim::make_termlist(enq->enq.get_matching_terms_begin(docid),
                                      enq->enq.get_matching_terms_end(docid),
                                      [](const Xapian::TermIterator &) { return 0u; });
        *out = tl.release();
    });
}

/* --------------------------------------------------------------- facets -- */

shim_status shim_facet_total(const shim_facet *f, uint32_t *out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_facet_total: out is NULL");
    *out = 0;
    if (!f)
        return fail(SHIM_ERR_ARG, "shim_facet_total: f is NULL");
    return guard([&] { *out = static_cast<uint32_t>(f->spy->get_total()); });
}

shim_status shim_facet_values(const shim_facet *f, shim_termlist **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_facet_values: out is NULL");
    *out = nullptr;
    if (!f)
        return fail(SHIM_ERR_ARG, "shim_facet_values: f is NULL");
    return guard([&] {
        auto tl = shim::make_termlist(f->spy->values_begin(), f->spy->values_end(),
                                      [](const Xapian::TermIterator &it) {
                                          return it.get_termfreq();
                                      });
        *out = tl.release();
    });
}

/* ---------------------------------------------------------- result sets -- */

size_t shim_mset_size(const shim_mset *ms)
{
    if (!ms)
        return 0;
    try {
        return ms->ms.size();
    } catch (...) {
        return 0;
    }
}

int shim_mset_cut_short(const shim_mset *ms)
{
    return ms && ms->maybe_cut ? 1 : 0;
}

shim_status shim_mset_estimates(const shim_mset *ms, uint32_t *lower, uint32_t *estimated,
                                uint32_t *upper, int *exact)
{
    if (lower)
        *lower = 0;
    if (estimated)
        *estimated = 0;
    if (upper)
        *upper = 0;
    if (exact)
        *exact = 0;
    if (!ms)
        return fail(SHIM_ERR_ARG, "shim_mset_estimates: ms is NULL");
    return guard([&] {
        Xapian::doccount lo = ms->ms.get_matches_lower_bound();
        Xapian::doccount est = ms->ms.get_matches_estimated();
        Xapian::doccount up = ms->ms.get_matches_upper_bound();
        if (lower)
            *lower = lo;
        if (estimated)
            *estimated = est;
        if (upper)
            *upper = up;
        if (exact)
            *exact = (lo == up && !ms->maybe_cut) ? 1 : 0;
    });
}

shim_status shim_mset_hit(const shim_mset *ms, size_t i, shim_hit *out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_mset_hit: out is NULL");
    std::memset(out, 0, sizeof *out);
    if (!ms)
        return fail(SHIM_ERR_ARG, "shim_mset_hit: ms is NULL");
    if (i >= shim_mset_size(ms))
        return fail(SHIM_ERR_ARG, "shim_mset_hit: index out of range");
    return guard([&] {
        Xapian::MSetIterator it = ms->ms[static_cast<Xapian::doccount>(i)];
        shim_hit h;
        h.docid = *it;
        h.weight = it.get_weight();
        h.percent = it.get_percent();
        h.collapse_count = it.get_collapse_count();
        *out = h;
    });
}

shim_status shim_mset_collapse_key(const shim_mset *ms, size_t i, char **out, size_t *len)
{
    if (len)
        *len = 0;
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_mset_collapse_key: out is NULL");
    *out = nullptr;
    if (!ms)
        return fail(SHIM_ERR_ARG, "shim_mset_collapse_key: ms is NULL");
    if (i >= shim_mset_size(ms))
        return fail(SHIM_ERR_ARG, "shim_mset_collapse_key: index out of range");
    return guard([&] {
        std::string key = ms->ms[static_cast<Xapian::doccount>(i)].get_collapse_key();
        *out = shim::dup_string(key);
        if (len)
            *len = key.size();
    });
}

shim_status shim_mset_document(const shim_mset *ms, size_t i, shim_doc **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_mset_document: out is NULL");
    *out = nullptr;
    if (!ms)
        return fail(SHIM_ERR_ARG, "shim_mset_document: ms is NULL");
    if (i >= shim_mset_size(ms))
        return fail(SHIM_ERR_ARG, "shim_mset_document: index out of range");
    return guard([&] {
        auto doc = std::make_unique<shim_doc>();
        doc->doc = ms->ms[static_cast<Xapian::doccount>(i)].get_document();
        *out = doc.release();
    });
}

void shim_mset_free(shim_mset *ms)
{
    delete ms;
}

} // extern "C"
