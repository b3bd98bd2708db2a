/*
 * shim_doc.cc: documents.
 */
#include "shim_internal.h"

using shim::fail;
using shim::guard;

extern "C" {

shim_status shim_doc_new(shim_doc **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_doc_new: out is NULL");
    *out = nullptr;
    return guard([&] { *out = std::make_unique<shim_doc>().release(); });
}

void shim_doc_free(shim_doc *doc)
{
    delete doc;
}

shim_status shim_doc_clear(shim_doc *doc)
{
    if (!doc)
        return fail(SHIM_ERR_ARG, "shim_doc_clear: doc is NULL");
    return guard([&] {
        doc->invalidate();
        doc->doc.clear_terms();
        doc->doc.clear_values();
        doc->doc.set_data(std::string());
    });
}

shim_status shim_doc_set_data(shim_doc *doc, const void *data, size_t len)
{
    if (!doc || (!data && len))
        return fail(SHIM_ERR_ARG, "shim_doc_set_data: doc is NULL, or data is NULL with len > 0");
    return guard([&] {
        doc->data_cached = false;
        doc->doc.set_data(len ? std::string(static_cast<const char *>(data), len)
                              : std::string());
    });
}

shim_status shim_doc_data(shim_doc *doc, const char **data, size_t *len)
{
    if (data)
        *data = nullptr;
    if (len)
        *len = 0;
    if (!doc || !data || !len)
        return fail(SHIM_ERR_ARG, "shim_doc_data: doc, data or len is NULL");
    return guard([&] {
        /* Fetch once: re-assigning the cache could move the bytes under a
         * pointer we handed out earlier. */
        if (!doc->data_cached) {
            doc->data = doc->doc.get_data();
            doc->data_cached = true;
        }
        *data = doc->data.c_str();
        *len = doc->data.size();
    });
}

shim_status shim_doc_add_boolean_term(shim_doc *doc, const char *term)
{
    if (!doc || !term || !*term)
        return fail(SHIM_ERR_ARG, "shim_doc_add_boolean_term: doc is NULL or term is empty");
    return guard([&] { doc->doc.add_boolean_term(term); });
}

shim_status shim_doc_add_posting(shim_doc *doc, const char *term, uint32_t pos)
{
    if (!doc || !term || !*term)
        return fail(SHIM_ERR_ARG, "shim_doc_add_posting: doc is NULL or term is empty");
    return guard([&] { doc->doc.add_posting(term, pos); });
}

shim_status shim_doc_set_value(shim_doc *doc, uint32_t slot, const void *data, size_t len)
{
    if (!doc || (!data && len))
        return fail(SHIM_ERR_ARG, "shim_doc_set_value: doc is NULL, or data is NULL with len > 0");
    if (slot == Xapian::BAD_VALUENO)
        return fail(SHIM_ERR_ARG, "shim_doc_set_value: slot UINT32_MAX is reserved");
    return guard([&] {
        doc->values.erase(slot);
        doc->doc.add_value(slot, len ? std::string(static_cast<const char *>(data), len)
                                     : std::string());
    });
}

shim_status shim_doc_value(shim_doc *doc, uint32_t slot, const char **data, size_t *len)
{
    if (data)
        *data = nullptr;
    if (len)
        *len = 0;
    if (!doc || !data || !len)
        return fail(SHIM_ERR_ARG, "shim_doc_value: doc, data or len is NULL");
    return guard([&] {
        auto it = doc->values.find(slot);
        if (it == doc->values.end())
            it = doc->values.emplace(slot, doc->doc.get_value(slot)).first;
        *data = it->second.c_str();
        *len = it->second.size();
    });
}

shim_status shim_doc_terms(shim_doc *doc, shim_termlist **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_doc_terms: out is NULL");
    *out = nullptr;
    if (!doc)
        return fail(SHIM_ERR_ARG, "shim_doc_terms: doc is NULL");
    return guard([&] {
        auto tl = shim::make_termlist(doc->doc.termlist_begin(), doc->doc.termlist_end(),
                                      [](const Xapian::TermIterator &it) {
                                          return it.get_wdf();
                                      });
        *out = tl.release();
    });
}

} // extern "C"
