/*
 * shim_spelling.cc: taking words back out of the spelling data.
 *
 * Xapian adds spelling data as it indexes (TermGenerator with
 * FLAG_SPELLING: one per occurrence of each word indexed with no prefix) but
 * never takes it out when a document is deleted. An index that is updated
 * in place (lasearch-index --update) must do that itself, or its "did you
 * mean" would drift away from what a full rebuild of the same corpus says.
 */
#include "shim_internal.h"

using shim::fail;
using shim::guard;

extern "C" {

shim_status shim_wdb_remove_spelling(shim_wdb *wdb, const char *word, uint32_t freqdec)
{
    if (!wdb || !word || !*word)
        return fail(SHIM_ERR_ARG,
                    "shim_wdb_remove_spelling: wdb is NULL or word is empty");
    if (freqdec == 0)
        return SHIM_OK;
    return guard([&] { wdb->db.remove_spelling(word, freqdec); });
}

} // extern "C"
