/*
 * shim_spelling.cc: spelling data made from an index's words.
 *
 * Xapian adds spelling data as it indexes (TermGenerator with
 * FLAG_SPELLING: one per occurrence of each word indexed with no prefix),
 * into the database being written. A sharded lasearch index keeps it in
 * one place instead (the meta database: Xapian's remote backend serves no
 * spelling data, and the query host has meta locally), made from the
 * shards' own terms after they are written, which also spares an update
 * from undoing the words of what it deletes.
 */
#include "shim_internal.h"

using shim::fail;
using shim::guard;

extern "C" {

shim_status shim_wdb_add_spelling_of(shim_wdb *wdb, shim_db *src)
{
    if (!wdb || !src)
        return fail(SHIM_ERR_ARG, "shim_wdb_add_spelling_of: wdb or src is NULL");
    return guard([&] {
        /* Terms sort bytewise: words starting with a digit or punctuation,
         * then the prefixed terms (capitals), then words from '[' on. */
        Xapian::TermIterator it = src->db.allterms_begin(), end = src->db.allterms_end();
        while (it != end) {
            const std::string &term = *it;
            if (term[0] >= 'A' && term[0] <= 'Z') {
                it.skip_to("[");
                continue;
            }
            Xapian::termcount freq = src->db.get_collection_freq(term);
            if (freq)
                wdb->db.add_spelling(term, freq);
            ++it;
        }
    });
}

} /* extern "C" */
