/*
 * shim_query.cc: building queries.
 */
#include "shim_internal.h"

#include <cmath>
#include <string>
#include <vector>

using shim::ctx;
using shim::fail;
using shim::guard;

namespace {

/* Xapian's PHRASE and NEAR take only terms, or ORs of terms, below them. It
 * rejects some other shapes when the query is built, others (wildcards,
 * synonyms) only when it runs, and silently matches nothing for yet others
 * (MatchAll); checking here gives one error at one place. */
bool positional_ok(const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return true;
    case Xapian::Query::OP_OR:
        for (size_t i = 0; i < q.get_num_subqueries(); ++i)
            if (!positional_ok(q.get_subquery(i)))
                return false;
        return q.get_num_subqueries() > 0;
    default:
        return false;
    }
}

bool map_op(const shim_op &op, Xapian::Query::op &xop)
{
    switch (shim::enum_value(op)) {
    case SHIM_OP_AND: xop = Xapian::Query::OP_AND; return true;
    case SHIM_OP_OR: xop = Xapian::Query::OP_OR; return true;
    case SHIM_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; return true;
    case SHIM_OP_XOR: xop = Xapian::Query::OP_XOR; return true;
    case SHIM_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; return true;
    case SHIM_OP_FILTER: xop = Xapian::Query::OP_FILTER; return true;
    case SHIM_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; return true;
    case SHIM_OP_NEAR: xop = Xapian::Query::OP_NEAR; return true;
    case SHIM_OP_ELITE_SET: xop = Xapian::Query::OP_ELITE_SET; return true;
    case SHIM_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; return true;
    case SHIM_OP_MAX: xop = Xapian::Query::OP_MAX; return true;
    }
    return false;
}

} // namespace

extern "C" {

shim_status shim_query_term(const char *term, uint32_t wqf, uint32_t pos, shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_term: out is NULL");
    *out = nullptr;
    if (!term || !*term)
        return fail(SHIM_ERR_ARG, "shim_query_term: term is empty");
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        uint32_t w = wqf ? wqf : 1;
        q->q = Xapian::Query(term, w, pos);
        q->wqf[term] = w;
        *out = q.release();
    });
}

shim_status shim_query_combine(shim_op op, shim_query *const *subs, size_t n,
                               uint32_t window, shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_combine: out is NULL");
    *out = nullptr;
    Xapian::Query::op xop;
    if (!map_op(op, xop))
        return fail(SHIM_ERR_ARG, "shim_query_combine: unknown operator");
    if (n == 0 || !subs)
        return fail(SHIM_ERR_ARG, "shim_query_combine: no subqueries");
    for (size_t i = 0; i < n; ++i)
        if (!subs[i])
            return fail(SHIM_ERR_ARG, "shim_query_combine: a subquery is NULL");
    if (op == SHIM_OP_PHRASE || op == SHIM_OP_NEAR) {
        for (size_t i = 0; i < n; ++i)
            if (!positional_ok(subs[i]->q))
                return fail(SHIM_ERR_QUERY,
                            "shim_query_combine: PHRASE and NEAR take only terms "
                            "or ORs of terms");
    }
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        std::vector<Xapian::Query> xs;
        xs.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            xs.push_back(subs[i]->q);
            for (const auto &kv : subs[i]->wqf)
                q->wqf[kv.first] += kv.second;
        }
        bool windowed = op == SHIM_OP_PHRASE || op == SHIM_OP_NEAR || op == SHIM_OP_ELITE_SET;
        q->q = Xapian::Query(xop, xs.begin(), xs.end(), windowed ? window : 0);
        *out = q.release();
    });
}

shim_status shim_query_wildcard(const char *prefix, uint32_t max_expansion, shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_wildcard: out is NULL");
    *out = nullptr;
    /* An empty pattern would expand to every term of every kind (stems,
     * boolean filters, ids): never meant. */
    if (!prefix || !*prefix)
        return fail(SHIM_ERR_ARG, "shim_query_wildcard: prefix is empty");
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        q->q = Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, max_expansion,
                             Xapian::Query::WILDCARD_LIMIT_ERROR);
        *out = q.release();
    });
}

shim_status shim_query_expand(shim_db *db, const char *prefix, uint32_t max_expansion,
                              shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_expand: out is NULL");
    *out = nullptr;
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_query_expand: db is NULL");
    if (!prefix || !*prefix)
        return fail(SHIM_ERR_ARG, "shim_query_expand: prefix is empty");
    shim_status st = shim::budget_check_time();
    if (st != SHIM_OK)
        return st;
    std::vector<std::string> terms;
    /* The thread's request budget bounds all expansions of a request
     * together (a 4 KB query holds a thousand wildcards). */
    uint64_t budget_left = shim::budget_terms_left();
    bool too_many = false, over_budget = false;
    st = guard(ctx::query, [&] {
        for (auto it = db->db.allterms_begin(prefix); it != db->db.allterms_end(prefix);
             ++it) {
            if (max_expansion && terms.size() >= max_expansion) {
                too_many = true;
                break;
            }
            if (terms.size() >= budget_left) {
                over_budget = true;
                break;
            }
            /* A prefix of a huge index can be long to walk. */
            if (terms.size() % 1024 == 1023 && shim::budget_expired())
                throw shim::time_up();
            terms.push_back(*it);
        }
    });
    if (st != SHIM_OK)
        return st;
    if (too_many)
        return fail(SHIM_ERR_WILDCARD, "'" + std::string(prefix) + "*' matches more than " +
                                           std::to_string(max_expansion) + " terms");
    if (over_budget)
        return shim_budget_take(UINT64_MAX);   /* fails, with the budget's message */
    st = shim_budget_take(terms.size());
    if (st != SHIM_OK)
        return st;
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        /* OR, not SYNONYM: Xapian 1.4 estimates a synonym's frequency in
         * each shard from the terms that shard has, so its weights would
         * depend on how the index is split; a sum of per-term weights, each
         * from the whole index's statistics, does not. (OP_MAX would too,
         * but crashes Xapian 1.4.22 on some multi-database queries.) */
        q->q = terms.empty() ? Xapian::Query::MatchNothing
                             : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        *out = q.release();
    });
}

shim_status shim_query_value_range(uint32_t slot, const char *lo, const char *hi,
                                   shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_value_range: out is NULL");
    *out = nullptr;
    if (slot == Xapian::BAD_VALUENO)
        return fail(SHIM_ERR_ARG, "shim_query_value_range: slot UINT32_MAX is reserved");
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        /* Xapian reads VALUE_GE "" as "every document", even those with no
         * value in the slot. The smallest non-empty value is "\0", so a
         * missing or empty lower bound becomes that: documents without a
         * value never match, whichever bounds are given. */
        std::string low = (lo && *lo) ? std::string(lo) : std::string(1, '\0');
        if (hi)
            q->q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, low, hi);
        else
            q->q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low);
        *out = q.release();
    });
}

shim_status shim_query_match_all(shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_match_all: out is NULL");
    *out = nullptr;
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        q->q = Xapian::Query::MatchAll;
        *out = q.release();
    });
}

shim_status shim_query_match_nothing(shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_match_nothing: out is NULL");
    *out = nullptr;
    return guard(ctx::query, [&] {
        auto q = std::make_unique<shim_query>();
        q->q = Xapian::Query::MatchNothing;
        *out = q.release();
    });
}

shim_status shim_query_scale(const shim_query *q, double factor, shim_query **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_scale: out is NULL");
    *out = nullptr;
    if (!q)
        return fail(SHIM_ERR_ARG, "shim_query_scale: q is NULL");
    if (!std::isfinite(factor) || factor < 0)
        return fail(SHIM_ERR_QUERY, "shim_query_scale: factor must be finite and >= 0");
    return guard(ctx::query, [&] {
        auto s = std::make_unique<shim_query>();
        /* A pure filter is driven by all documents, never read alone
         * without weights: Xapian 1.4.22 reading a term's postings that
         * way, when the term is in every document of a database that has
         * had documents deleted (a shard after an update), throws
         * "Unexpected end of posting list" though the database is sound
         * (Database::check finds nothing). Driven from MatchAll, the same
         * postings are read by skip_to, which is right; the answer and the
         * weights are the same. */
        Xapian::Query inner = factor == 0
            ? Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, q->q)
            : q->q;
        s->q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, inner, factor);
        s->wqf = q->wqf;
        *out = s.release();
    });
}

shim_status shim_query_describe(const shim_query *q, char **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_describe: out is NULL");
    *out = nullptr;
    if (!q)
        return fail(SHIM_ERR_ARG, "shim_query_describe: q is NULL");
    return guard(ctx::query, [&] { *out = shim::dup_string(q->q.get_description()); });
}

shim_status shim_query_terms(const shim_query *q, shim_termlist **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_query_terms: out is NULL");
    *out = nullptr;
    if (!q)
        return fail(SHIM_ERR_ARG, "shim_query_terms: q is NULL");
    return guard(ctx::query, [&] {
        /* Xapian's list is the truth (it drops the terms of branches it
         * optimised away, e.g. an AND with MatchNothing); our map only
         * supplies the wqf it cannot. */
        auto tl = shim::make_termlist(q->q.get_unique_terms_begin(), q->q.get_unique_terms_end(),
                                      [&](const Xapian::TermIterator &it) {
                                          auto w = q->wqf.find(*it);
                                          return w == q->wqf.end() ? 1u : w->second;
                                      });
        *out = tl.release();
    });
}

void shim_query_free(shim_query *q)
{
    delete q;
}

} // extern "C"
