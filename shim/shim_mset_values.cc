/*
 * shim_mset_values.cc: values of many documents of a result set at once
 * (see shim_mset_values() in lasearch_shim.h).
 *
 * Reading a value document by document costs a lookup in the values table
 * each (and one in the termlist table to open the document): a few
 * thousand instructions and often a read() from the kernel. Xapian keeps a
 * slot's values in chunks of consecutive docids, so reading them in docid
 * order through one value stream visits each chunk once.
 */
#include "shim_internal.h"

#include <algorithm>
#include <cstring>
#include <numeric>

using shim::ctx;
using shim::fail;
using shim::guard;

extern "C" {

shim_status shim_mset_values(const shim_mset *ms, uint32_t slot, const uint32_t *docids,
                             size_t n, char **values, size_t *lens)
{
    for (size_t i = 0; values && lens && i < n; i++) {
        values[i] = nullptr;
        lens[i] = 0;
    }
    if (!ms || (n && (!docids || !values || !lens)))
        return fail(SHIM_ERR_ARG, "shim_mset_values: ms, docids, values or lens is NULL");
    if (slot == Xapian::BAD_VALUENO)
        return fail(SHIM_ERR_ARG, "shim_mset_values: slot UINT32_MAX is reserved");
    shim_status st = guard([&] {
        std::vector<size_t> order(n);
        std::iota(order.begin(), order.end(), size_t(0));
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return docids[a] < docids[b]; });
        std::vector<std::string> got(n);
        try {
            Xapian::ValueIterator it = ms->db.valuestream_begin(slot);
            Xapian::ValueIterator end = ms->db.valuestream_end(slot);
            for (size_t k : order) {
                if (it != end && it.get_docid() < docids[k])
                    it.skip_to(docids[k]);
                if (it != end && it.get_docid() == docids[k])
                    got[k] = *it;
            }
        } catch (const Xapian::UnimplementedError &) {
            /* A remote shard has no value streams: one by one. */
            for (size_t k : order)
                got[k] = ms->db.get_document(docids[k]).get_value(slot);
        }
        for (size_t i = 0; i < n; i++) {
            values[i] = shim::dup_string(got[i]);
            lens[i] = got[i].size();
        }
    });
    if (st != SHIM_OK)
        for (size_t i = 0; values && lens && i < n; i++) {
            std::free(values[i]);
            values[i] = nullptr;
            lens[i] = 0;
        }
    return st;
}

} // extern "C"
