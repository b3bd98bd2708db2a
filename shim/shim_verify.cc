/*
 * shim_verify.cc: Xapian's own consistency check of one database directory
 * (see shim_db_verify in lasearch_shim.h).
 */
#include "shim_internal.h"

#include <sstream>

using shim::fail;
using shim::guard;

extern "C" {

shim_status shim_db_verify(const char *path, size_t *errors)
{
    if (!path || !*path || !errors)
        return fail(SHIM_ERR_ARG, "shim_db_verify: path or errors is NULL");
    *errors = 0;
    shim_status st = guard([&] {
        std::ostringstream out;
        /* DBCHECK_FIX would write: never. Only the tables' structure and
         * their agreement with each other are checked, and the first lines
         * of what is wrong are kept for the message. */
        *errors = Xapian::Database::check(path, Xapian::DBCHECK_SHORT_TREE, &out);
        if (*errors)
            throw Xapian::DatabaseCorruptError(out.str().substr(0, 400));
    });
    if (st != SHIM_OK && *errors == 0)
        *errors = 1;
    return st;
}

} // extern "C"
