/*
 * shim_status.cc: statuses, the per-thread error message, the mapping from
 * C++ exceptions to statuses, and termlists.
 */
#include "shim_internal.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>

namespace {

/* One per thread, so concurrent handles on distinct threads never see each
 * other's failures. */
thread_local std::string last_error;

void set_message(const char *msg) noexcept
{
    try {
        last_error = msg;
    } catch (...) {
        /* Out of memory while reporting: an empty message beats throwing
         * across the C boundary. */
        last_error.clear();
    }
}

void set_message(const std::string &msg) noexcept
{
    set_message(msg.c_str());
}

/* "<ErrorType>: <msg>", plus the errno text and context Xapian attached. */
shim_status fail_xapian(shim_status st, const Xapian::Error &e) noexcept
{
    try {
        std::string m = e.get_type();
        m += ": ";
        m += e.get_msg();
        const char *errstr = e.get_error_string();
        if (errstr && *errstr) {
            m += " (";
            m += errstr;
            m += ")";
        }
        if (!e.get_context().empty()) {
            m += " [context: ";
            m += e.get_context();
            m += "]";
        }
        set_message(m);
    } catch (...) {
        set_message(e.get_type());
    }
    return st;
}

} // namespace

namespace shim {

shim_status fail(shim_status st, const char *msg) noexcept
{
    set_message(msg);
    return st;
}

shim_status fail(shim_status st, const std::string &msg) noexcept
{
    set_message(msg);
    return st;
}

shim_status fail_current(ctx c) noexcept
{
    /* Most-derived classes first: DatabaseNotFoundError and
     * DatabaseVersionError are DatabaseOpeningErrors, which are
     * DatabaseErrors. */
    try {
        throw;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return fail_xapian(SHIM_ERR_NOT_FOUND, e);
    } catch (const Xapian::DatabaseVersionError &e) {
        return fail_xapian(SHIM_ERR_VERSION, e);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return fail_xapian(SHIM_ERR_OPENING, e);
    } catch (const Xapian::DatabaseLockError &e) {
        return fail_xapian(SHIM_ERR_LOCKED, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return fail_xapian(SHIM_ERR_MODIFIED, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return fail_xapian(SHIM_ERR_CORRUPT, e);
    } catch (const Xapian::DatabaseError &e) {
        return fail_xapian(SHIM_ERR_DATABASE, e);
    } catch (const Xapian::DocNotFoundError &e) {
        return fail_xapian(SHIM_ERR_NOT_FOUND, e);
    } catch (const Xapian::WildcardError &e) {
        return fail_xapian(SHIM_ERR_WILDCARD, e);
    } catch (const Xapian::NetworkError &e) {
        return fail_xapian(SHIM_ERR_NETWORK, e);
    } catch (const Xapian::QueryParserError &e) {
        return fail_xapian(SHIM_ERR_QUERY, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return fail_xapian(c == ctx::query ? SHIM_ERR_QUERY : SHIM_ERR_ARG, e);
    } catch (const Xapian::UnimplementedError &e) {
        return fail_xapian(c == ctx::query ? SHIM_ERR_QUERY : SHIM_ERR_XAPIAN, e);
    } catch (const Xapian::Error &e) {
        return fail_xapian(SHIM_ERR_XAPIAN, e);
    } catch (const time_up &) {
        try {
            return fail(SHIM_ERR_TIMEOUT, budget_time_message());
        } catch (...) {
            return fail(SHIM_ERR_TIMEOUT, "the query took longer than its time limit");
        }
    } catch (const std::bad_alloc &) {
        return fail(SHIM_ERR_NOMEM, "out of memory");
    } catch (const std::exception &e) {
        try {
            return fail(SHIM_ERR_INTERNAL, std::string("C++ exception: ") + e.what());
        } catch (...) {
            return fail(SHIM_ERR_INTERNAL, "C++ exception");
        }
    } catch (...) {
        return fail(SHIM_ERR_INTERNAL, "unknown C++ exception");
    }
}

char *dup_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

} // namespace shim

extern "C" {

const char *shim_status_string(shim_status st)
{
    switch (shim::enum_value(st)) {
    case SHIM_OK: return "success";
    case SHIM_ERR_NOMEM: return "out of memory";
    case SHIM_ERR_ARG: return "invalid argument";
    case SHIM_ERR_NOT_FOUND: return "not found";
    case SHIM_ERR_OPENING: return "cannot open database";
    case SHIM_ERR_VERSION: return "unsupported database version";
    case SHIM_ERR_LOCKED: return "database is locked";
    case SHIM_ERR_MODIFIED: return "database was modified; reopen and retry";
    case SHIM_ERR_CORRUPT: return "database is corrupt";
    case SHIM_ERR_DATABASE: return "database error";
    case SHIM_ERR_QUERY: return "invalid query";
    case SHIM_ERR_WILDCARD: return "wildcard expands to too many terms";
    case SHIM_ERR_NETWORK: return "remote database error";
    case SHIM_ERR_XAPIAN: return "Xapian error";
    case SHIM_ERR_UNSAFE: return "opening it would run a program";
    case SHIM_ERR_INTERNAL: return "internal error";
    case SHIM_ERR_TIMEOUT: return "out of time";
    case SHIM_ERR_BUDGET: return "the query stands for too many words";
    }
    return "unknown status";
}

const char *shim_last_error(void)
{
    return last_error.c_str();
}

const char *shim_xapian_version(void)
{
    return Xapian::version_string();
}

int shim_termlist_next(shim_termlist *tl, const char **term, uint32_t *freq)
{
    if (!tl || tl->next >= tl->items.size())
        return 0;
    const auto &item = tl->items[tl->next++];
    if (term)
        *term = item.first.c_str();
    if (freq)
        *freq = item.second;
    return 1;
}

size_t shim_termlist_size(const shim_termlist *tl)
{
    return tl ? tl->items.size() : 0;
}

void shim_termlist_free(shim_termlist *tl)
{
    delete tl;
}

} // extern "C"
