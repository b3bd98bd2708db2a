/*
 * shim_budget.cc: what one request's Xapian work may cost (lasearch_shim.h,
 * "request budgets"): a deadline and a number of expansion terms, kept per
 * thread.
 *
 * Why per thread and not a handle passed down: the budget must reach every
 * place the query side does Xapian work -- wildcard and field expansion in
 * the query builder, each match, spelling -- through layers whose
 * interfaces know nothing of requests. A thread serves one request at a
 * time, so the thread stands for the request, as it does for
 * shim_last_error.
 *
 * Why a MatchDecider: Xapian's Enquire::set_time_limit only stops
 * counting beyond first + max; the search for the best hits goes on, and
 * for an OR of thousands of terms (a 4 KB query of two-letter wildcards)
 * that took minutes. A decider is called for each candidate document, so
 * throwing from it stops a match between any two candidates.
 */
#include "shim_internal.h"

#include <chrono>
#include <cmath>
#include <ctime>

using shim::fail;

namespace {

using steady = std::chrono::steady_clock;

struct budget_state {
    bool timed = false;
    steady::time_point deadline{};
    bool counted = false;
    uint64_t terms_left = 0;
    uint64_t max_terms = 0;
};

thread_local budget_state budget;

/* The deadline again on the coarse clock (CLOCK_MONOTONIC_COARSE: the same
 * clock, read in a few nanoseconds, a tick of a few milliseconds behind),
 * for the check at every candidate document: a candidate of a huge OR can
 * take a millisecond, one of a plain word a fraction of a microsecond. */
thread_local struct timespec coarse_deadline;

bool coarse_expired() noexcept
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return now.tv_sec > coarse_deadline.tv_sec ||
           (now.tv_sec == coarse_deadline.tv_sec && now.tv_nsec >= coarse_deadline.tv_nsec);
}

class deadline_decider : public Xapian::MatchDecider {
  public:
    bool operator()(const Xapian::Document &) const override
    {
        if (coarse_expired())
            throw shim::time_up();
        return true;
    }
};

thread_local deadline_decider decider;

} // namespace

namespace shim {

bool budget_expired() noexcept
{
    return budget.timed && steady::now() >= budget.deadline;
}

std::string budget_time_message()
{
    return "the query took longer than its time limit";
}

std::string budget_terms_message()
{
    return "the query's wildcards and thesaurus forms stand for more than " +
           std::to_string(budget.max_terms) + " words in all";
}

shim_status budget_check_time() noexcept
{
    if (!budget_expired())
        return SHIM_OK;
    try {
        return fail(SHIM_ERR_TIMEOUT, budget_time_message());
    } catch (...) {
        return fail(SHIM_ERR_TIMEOUT, "the query took longer than its time limit");
    }
}

uint64_t budget_terms_left() noexcept
{
    return budget.counted ? budget.terms_left : UINT64_MAX;
}

const Xapian::MatchDecider *budget_decider() noexcept
{
    return budget.timed ? &decider : nullptr;
}

} // namespace shim

extern "C" {

void shim_budget_start(double seconds, uint64_t max_terms)
{
    budget = budget_state();
    if (std::isfinite(seconds) && seconds > 0) {
        budget.timed = true;
        /* Capped at a day so the time_point cannot overflow. */
        double s = seconds < 86400 ? seconds : 86400;
        budget.deadline = steady::now() + std::chrono::duration_cast<steady::duration>(
                                              std::chrono::duration<double>(s));
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      budget.deadline.time_since_epoch()).count();
        coarse_deadline.tv_sec = static_cast<time_t>(ns / 1000000000);
        coarse_deadline.tv_nsec = static_cast<long>(ns % 1000000000);
    }
    if (max_terms) {
        budget.counted = true;
        budget.terms_left = budget.max_terms = max_terms;
    }
}

void shim_budget_stop(void)
{
    budget = budget_state();
}

double shim_budget_left(void)
{
    if (!budget.timed)
        return HUGE_VAL;
    std::chrono::duration<double> left = budget.deadline - steady::now();
    return left.count() > 0 ? left.count() : 0.0;
}

shim_status shim_budget_take(uint64_t n)
{
    if (!budget.counted)
        return SHIM_OK;
    if (n > budget.terms_left) {
        try {
            return fail(SHIM_ERR_BUDGET, shim::budget_terms_message());
        } catch (...) {
            return fail(SHIM_ERR_BUDGET, "the query stands for too many words");
        }
    }
    budget.terms_left -= n;
    return SHIM_OK;
}

shim_status shim_budget_check(void)
{
    return shim::budget_check_time();
}

} // extern "C"
