/*
 * shim_internal.h: what the shim's .cc files share and nobody else sees.
 *
 * The public handles of lasearch_shim.h are defined here, not in one .cc
 * file each, because they reach into each other (an enquire reads a query
 * and a database, a term generator writes into a document and a writable
 * database). Everything else in the project only ever sees them as opaque.
 */
#ifndef LASEARCH_SHIM_INTERNAL_H
#define LASEARCH_SHIM_INTERNAL_H

#include "lasearch_shim.h"

#include <xapian.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

/* ------------------------------------------------------------- handles -- */

struct shim_db {
    Xapian::Database db;
};

struct shim_wdb {
    Xapian::WritableDatabase db;
    bool one_commit = false;  /* SHIM_WDB_SHARED_FILES: inside a transaction
                                 until shim_wdb_close */
};

struct shim_doc {
    Xapian::Document doc;
    /* shim_doc_data() and shim_doc_value() hand out borrowed pointers, so the
     * strings they point into must live in the handle. Values are cached per
     * slot so that reading slot 1 does not invalidate a pointer to slot 0. */
    bool data_cached = false;
    std::string data;
    std::map<Xapian::valueno, std::string> values;

    void invalidate() noexcept {
        data_cached = false;
        data.clear();
        values.clear();
    }
};

struct shim_termlist {
    std::vector<std::pair<std::string, uint32_t>> items;
    size_t next = 0;
};

struct shim_tokens {
    std::vector<std::string> raw;
    std::vector<std::string> stem;
};

struct shim_termgen {
    /* The generator used for indexing (may write spelling data). */
    Xapian::TermGenerator tg;
    /* Same stemmer and strategy but no spelling and no database: what
     * shim_analyse() runs, so analysing a query never touches the index. */
    Xapian::TermGenerator scratch;
    /* The stemmer both use, for shim_stem(). */
    Xapian::Stem stemmer;
    unsigned flags = 0;
    bool has_db = false;
    bool has_doc = false;
};

struct shim_query {
    Xapian::Query q;
    /* Xapian's public API exposes a query's terms but not their wqf, so we
     * keep the sum of the wqf of every leaf per term as queries are built. */
    std::map<std::string, uint32_t> wqf;
};

struct shim_facet {
    Xapian::valueno slot;
    /* ValueCountMatchSpy only ever accumulates, so every run swaps in a
     * fresh spy; the handle the caller holds stays the same. */
    std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
};

struct shim_enquire {
    /* Declared before `enq`, so destroyed after it: Enquire keeps raw
     * pointers to the spies. */
    std::vector<std::unique_ptr<shim_facet>> facets;
    Xapian::Database db;
    Xapian::Enquire enq;
    Xapian::Query query;
    double time_limit = 0.0;
    /* Relevance order by way of a constant sort key (shim_enquire.cc). */
    bool same_key = false;
    /* What shim_enquire_set_collapse() and _set_weight_cutoff() set, to
     * set again on a fresh Enquire (shim_enquire_run). */
    Xapian::valueno collapse_slot = Xapian::BAD_VALUENO;
    Xapian::doccount collapse_max = 1;
    double weight_cutoff = 0.0;

    explicit shim_enquire(const Xapian::Database &d) : db(d), enq(d) {}
};

namespace shim {
/* What shim_snippet.cc works out once per result set rather than once per
 * snippet (defined there). */
struct snippet_state;
struct snippet_state_free {
    void operator()(snippet_state *s) const noexcept;
};
} // namespace shim

struct shim_mset {
    Xapian::MSet ms;
    /* Kept so a snippet can rerun the query with extra phrases (see
     * shim_snippet.cc) even after the enquire is freed. */
    Xapian::Database db;
    Xapian::Query query;
    /* The time limit may have stopped the matcher counting early. */
    bool maybe_cut = false;
    /* Made by the first snippet: the query's stemmed phrases, a tokeniser
     * and the helper msets (see shim_snippet.cc). */
    mutable std::unique_ptr<shim::snippet_state, shim::snippet_state_free> snippets;
};

/* ------------------------------------------------------------- errors -- */

namespace shim {

/* Where a call happens decides how an InvalidArgumentError or
 * UnimplementedError reads: while building or running a query it is a bad
 * query (SHIM_ERR_QUERY); anywhere else InvalidArgumentError is misuse
 * (SHIM_ERR_ARG) and UnimplementedError is just a Xapian error. */
enum class ctx { general, query };

/* Record msg as the thread's last error and return st. Never throws. */
shim_status fail(shim_status st, const char *msg) noexcept;
shim_status fail(shim_status st, const std::string &msg) noexcept;

/* Map the exception being handled to a status and record its message. Only
 * call this from inside a catch block. */
shim_status fail_current(ctx c) noexcept;

/* Run f, turning any exception into a status: the one place every entry
 * point's try/catch lives. */
template <typename F>
shim_status guard(ctx c, F &&f) noexcept
{
    try {
        f();
        return SHIM_OK;
    } catch (...) {
        return fail_current(c);
    }
}

template <typename F>
shim_status guard(F &&f) noexcept
{
    return guard(ctx::general, std::forward<F>(f));
}

/* --------------------------------------------------------------- helpers -- */

/* The integer a C caller passed for an enum parameter. C lets any int
 * through; in C++ reading an out-of-range value as the enum type is
 * undefined, so we copy its bytes out as the underlying type instead. */
template <typename E>
long long enum_value(const E &e) noexcept
{
    std::underlying_type_t<E> v;
    std::memcpy(&v, &e, sizeof v);
    return static_cast<long long>(v);
}

/* A malloc()ed NUL-terminated copy of s; throws std::bad_alloc. */
char *dup_string(const std::string &s);

/* Materialise [begin, end) of a term iterator into a termlist, taking each
 * entry's frequency from freq_of(iterator). */
template <typename It, typename FreqOf>
std::unique_ptr<shim_termlist> make_termlist(It begin, It end, FreqOf freq_of)
{
    auto tl = std::make_unique<shim_termlist>();
    for (It it = begin; it != end; ++it)
        tl->items.emplace_back(*it, static_cast<uint32_t>(freq_of(it)));
    return tl;
}

/* Read every stub that opening path would read (shim_stub.cc) and refuse
 * what flags do not allow: SHIM_OK, SHIM_ERR_UNSAFE (a stub line would run a
 * program) or SHIM_ERR_OPENING (stubs nested too deep), with the message
 * naming the file and line. Never throws. */
shim_status check_open(const char *path, unsigned flags);

/* The flags shim_db_open() and shim_db_add() use (shim_set_default_open_flags). */
unsigned open_flags_default();

/* ---- the thread's request budget (shim_budget.cc) ---- */

/* Thrown from inside Xapian (the budget's MatchDecider, long expansion
 * loops) when the budget's time is up; fail_current() turns it into
 * SHIM_ERR_TIMEOUT with budget_time_message(). */
struct time_up {};

/* The time is up (false without a time limit). */
bool budget_expired() noexcept;
/* SHIM_OK, or SHIM_ERR_TIMEOUT with its message recorded. */
shim_status budget_check_time() noexcept;
/* Terms the budget has left (UINT64_MAX without a term limit). */
uint64_t budget_terms_left() noexcept;
std::string budget_time_message();
std::string budget_terms_message();
/* A decider that throws time_up once the time is up, for get_mset; NULL
 * without a time limit. */
const Xapian::MatchDecider *budget_decider() noexcept;

/* The words of text in order, tokenised exactly as a TermGenerator with tg's
 * settings would (positions rebuilt from a scratch document). */
void tokenise(Xapian::TermGenerator &tg, const std::string &text,
              std::vector<std::string> &raw, std::vector<std::string> &stem);

} // namespace shim

#endif /* LASEARCH_SHIM_INTERNAL_H */
