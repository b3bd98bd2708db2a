/*
 * shim_spelling.cc: spelling data made from an index's words.
 *
 * Xapian adds spelling data as it indexes (TermGenerator with
 * FLAG_SPELLING: one per occurrence of each word indexed with no prefix),
 * into the database being written. A sharded lasearch index keeps it in
 * one place instead (the meta database: Xapian's remote backend serves no
 * spelling data, and the query host has meta locally), made from the
 * shards' own terms after they are written. An update instead counts the
 * words of what it deletes and adds (shim_words) and applies the changes
 * to a copy of the live meta database's spelling data: the same words with
 * the same frequencies, without reading every shard.
 */
#include "shim_internal.h"

#include <unordered_map>

struct shim_words {
    std::unordered_map<std::string, long long> change;
};

namespace {

/* A word, not a prefixed term. Terms sort bytewise: words starting with a
 * digit or punctuation, then the prefixed terms (capitals), then words
 * from '[' on. */
bool is_word(const std::string &term)
{
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

} // namespace

using shim::fail;
using shim::guard;

extern "C" {

shim_status shim_wdb_add_spelling_of(shim_wdb *wdb, shim_db *src)
{
    if (!wdb || !src)
        return fail(SHIM_ERR_ARG, "shim_wdb_add_spelling_of: wdb or src is NULL");
    return guard([&] {
        /* Xapian holds added spelling data in memory until a commit, and
         * a corpus's words are as many as its text allows (a crafted file
         * of 270,000 numbered lines held 20 MB here): commit every so
         * often, so memory stays bounded whatever the vocabulary. */
        const unsigned long batch = 50000;
        unsigned long added = 0;
        /* Skip the prefixed terms at once: they sort together. */
        Xapian::TermIterator it = src->db.allterms_begin(), end = src->db.allterms_end();
        while (it != end) {
            const std::string &term = *it;
            if (!is_word(term)) {
                it.skip_to("[");
                continue;
            }
            Xapian::termcount freq = src->db.get_collection_freq(term);
            if (freq) {
                wdb->db.add_spelling(term, freq);
                if (++added % batch == 0)
                    wdb->db.commit();
            }
            ++it;
        }
    });
}

shim_status shim_db_spellings(shim_db *db, shim_termlist **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_spellings: out is NULL");
    *out = nullptr;
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_db_spellings: db is NULL");
    return guard([&] {
        auto tl = shim::make_termlist(db->db.spellings_begin(), db->db.spellings_end(),
                                      [](const Xapian::TermIterator &it) {
                                          return it.get_termfreq();
                                      });
        *out = tl.release();
    });
}

shim_status shim_words_new(shim_words **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_words_new: out is NULL");
    *out = nullptr;
    return guard([&] { *out = std::make_unique<shim_words>().release(); });
}

void shim_words_free(shim_words *words)
{
    delete words;
}

shim_status shim_words_count_doc(shim_words *words, const shim_doc *doc)
{
    if (!words || !doc)
        return fail(SHIM_ERR_ARG, "shim_words_count_doc: words or doc is NULL");
    return guard([&] {
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) {
            const std::string &term = *t;
            if (is_word(term))
                words->change[term] += t.get_wdf();
        }
    });
}

shim_status shim_words_uncount_term(shim_words *words, shim_wdb *wdb, const char *term)
{
    if (!words || !wdb || !term || !*term)
        return fail(SHIM_ERR_ARG,
                    "shim_words_uncount_term: words or wdb is NULL, or term is empty");
    return guard([&] {
        Xapian::WritableDatabase &db = wdb->db;
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            for (auto t = db.termlist_begin(*p); t != db.termlist_end(*p); ++t) {
                const std::string &w = *t;
                if (is_word(w))
                    words->change[w] -= t.get_wdf();
            }
        }
    });
}

size_t shim_words_size(const shim_words *words)
{
    return words ? words->change.size() : 0;
}

shim_status shim_words_merge(shim_words *words, const shim_words *from)
{
    if (!words || !from)
        return fail(SHIM_ERR_ARG, "shim_words_merge: words or from is NULL");
    return guard([&] {
        for (const auto &kv : from->change)
            words->change[kv.first] += kv.second;
    });
}

shim_status shim_wdb_apply_spelling(shim_wdb *wdb, const shim_words *words)
{
    if (!wdb || !words)
        return fail(SHIM_ERR_ARG, "shim_wdb_apply_spelling: wdb or words is NULL");
    return guard([&] {
        for (const auto &kv : words->change) {
            if (kv.second > 0)
                wdb->db.add_spelling(kv.first, static_cast<Xapian::termcount>(kv.second));
            else if (kv.second < 0)
                wdb->db.remove_spelling(kv.first,
                                        static_cast<Xapian::termcount>(-kv.second));
        }
    });
}

} /* extern "C" */
