/*
 * shim_db.cc: opening, reading and writing databases.
 */
#include "shim_internal.h"

#include <vector>

#include <cstdio>
#include <cstdlib>

using shim::fail;
using shim::guard;

namespace {

bool empty_str(const char *s)
{
    return !s || !*s;
}

} // namespace

extern "C" {

/* ------------------------------------------------------------- reading -- */

shim_status shim_db_open(const char *path, shim_db **out)
{
    return shim_db_open_ex(path, shim::open_flags_default(), out);
}

shim_status shim_db_open_ex(const char *path, unsigned flags, shim_db **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_open: out is NULL");
    *out = nullptr;
    /* Xapian would read "" as the current directory: never what we mean. */
    if (empty_str(path))
        return fail(SHIM_ERR_ARG, "shim_db_open: path is NULL or empty");
    if (flags & ~static_cast<unsigned>(SHIM_OPEN_ALLOW_PROG))
        return fail(SHIM_ERR_ARG, "shim_db_open: unknown flags");
    shim_status checked = shim::check_open(path, flags);
    if (checked != SHIM_OK)
        return checked;
    return guard([&] {
        auto db = std::make_unique<shim_db>();
        db->db = Xapian::Database(path);
        *out = db.release();
    });
}

shim_status shim_db_add(shim_db *db, const char *path)
{
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_db_add: db is NULL");
    if (empty_str(path))
        return fail(SHIM_ERR_ARG, "shim_db_add: path is NULL or empty");
    shim_status checked = shim::check_open(path, shim::open_flags_default());
    if (checked != SHIM_OK)
        return checked;
    return guard([&] { db->db.add_database(Xapian::Database(path)); });
}

shim_status shim_db_reopen(shim_db *db, int *changed)
{
    if (changed)
        *changed = 0;
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_db_reopen: db is NULL");
    return guard([&] {
        bool c = db->db.reopen();
        if (changed)
            *changed = c ? 1 : 0;
    });
}

void shim_db_free(shim_db *db)
{
    delete db;
}

shim_status shim_db_doccount(shim_db *db, uint32_t *out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_doccount: out is NULL");
    *out = 0;
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_db_doccount: db is NULL");
    return guard([&] { *out = db->db.get_doccount(); });
}

shim_status shim_db_termfreq(shim_db *db, const char *term, uint32_t *out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_termfreq: out is NULL");
    *out = 0;
    if (!db || empty_str(term))
        return fail(SHIM_ERR_ARG, "shim_db_termfreq: db is NULL or term is empty");
    return guard([&] { *out = db->db.get_termfreq(term); });
}

shim_status shim_db_document(shim_db *db, uint32_t docid, shim_doc **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_document: out is NULL");
    *out = nullptr;
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_db_document: db is NULL");
    /* Xapian calls docid 0 an invalid argument; to a caller it is simply a
     * document that does not exist. */
    if (docid == 0)
        return fail(SHIM_ERR_NOT_FOUND,
                    "shim_db_document: document 0 not found (docids start at 1)");
    return guard([&] {
        auto doc = std::make_unique<shim_doc>();
        doc->doc = db->db.get_document(docid);
        *out = doc.release();
    });
}

shim_status shim_db_metadata(shim_db *db, const char *key, char **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_metadata: out is NULL");
    *out = nullptr;
    if (!db || empty_str(key))
        return fail(SHIM_ERR_ARG, "shim_db_metadata: db is NULL or key is empty");
    return guard([&] { *out = shim::dup_string(db->db.get_metadata(key)); });
}

shim_status shim_db_allterms(shim_db *db, const char *prefix, shim_termlist **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_allterms: out is NULL");
    *out = nullptr;
    if (!db)
        return fail(SHIM_ERR_ARG, "shim_db_allterms: db is NULL");
    std::string pfx = prefix ? prefix : "";
    return guard([&] {
        auto tl = shim::make_termlist(db->db.allterms_begin(pfx), db->db.allterms_end(pfx),
                                      [](const Xapian::TermIterator &it) {
                                          return it.get_termfreq();
                                      });
        *out = tl.release();
    });
}

shim_status shim_db_spelling(shim_db *db, const char *word, unsigned max_edit_distance,
                             char **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_db_spelling: out is NULL");
    *out = nullptr;
    if (!db || empty_str(word))
        return fail(SHIM_ERR_ARG, "shim_db_spelling: db is NULL or word is empty");
    shim_status st = shim::budget_check_time();
    if (st != SHIM_OK)
        return st;
    return guard([&] {
        unsigned dist = max_edit_distance ? max_edit_distance : 2;
        *out = shim::dup_string(db->db.get_spelling_suggestion(word, dist));
    });
}

/* ------------------------------------------------------------- writing -- */

shim_status shim_wdb_open(const char *path, shim_wdb_mode mode, shim_wdb **out)
{
    return shim_wdb_open_ex(path, mode, 0, out);
}

void shim_set_flush_threshold(unsigned documents)
{
    /* Set by an earlier call of ours, or by the user (who wins). */
    static bool ours = false;
    if (documents == 0 || (getenv("XAPIAN_FLUSH_THRESHOLD") && !ours))
        return;
    char text[32];
    snprintf(text, sizeof text, "%u", documents);
    ours = setenv("XAPIAN_FLUSH_THRESHOLD", text, 1) == 0;
}

shim_status shim_wdb_open_ex(const char *path, shim_wdb_mode mode, unsigned flags,
                             shim_wdb **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_wdb_open: out is NULL");
    *out = nullptr;
    if (flags & ~unsigned(SHIM_WDB_UNSHARED | SHIM_WDB_SHARED_FILES | SHIM_WDB_NO_SYNC))
        return fail(SHIM_ERR_ARG, "shim_wdb_open: unknown flags");
    if ((flags & SHIM_WDB_UNSHARED) && (flags & SHIM_WDB_SHARED_FILES))
        return fail(SHIM_ERR_ARG, "shim_wdb_open: UNSHARED and SHARED_FILES together");
    if (empty_str(path))
        return fail(SHIM_ERR_ARG, "shim_wdb_open: path is NULL or empty");
    int action;
    switch (shim::enum_value(mode)) {
    case SHIM_WDB_CREATE: action = Xapian::DB_CREATE; break;
    case SHIM_WDB_CREATE_OR_OPEN: action = Xapian::DB_CREATE_OR_OPEN; break;
    case SHIM_WDB_CREATE_OR_OVERWRITE: action = Xapian::DB_CREATE_OR_OVERWRITE; break;
    default: return fail(SHIM_ERR_ARG, "shim_wdb_open: unknown mode");
    }
    if (flags & SHIM_WDB_UNSHARED)
        action |= Xapian::DB_DANGEROUS | Xapian::DB_NO_SYNC;
    if (flags & (SHIM_WDB_SHARED_FILES | SHIM_WDB_NO_SYNC))
        action |= Xapian::DB_NO_SYNC;
    /* A writable open of a stub runs "remote :PROG" lines too; lasearch
     * only ever writes its own generations, so programs are never allowed. */
    shim_status checked = shim::check_open(path, 0);
    if (checked != SHIM_OK)
        return checked;
    return guard([&] {
        auto wdb = std::make_unique<shim_wdb>();
        wdb->db = Xapian::WritableDatabase(path, action);
        if (flags & SHIM_WDB_SHARED_FILES) {
            /* No automatic flush happens inside a transaction. */
            wdb->db.begin_transaction(false);
            wdb->one_commit = true;
        }
        *out = wdb.release();
    });
}

shim_status shim_wdb_add(shim_wdb *wdb, const shim_doc *doc, uint32_t *docid)
{
    if (docid)
        *docid = 0;
    if (!wdb || !doc)
        return fail(SHIM_ERR_ARG, "shim_wdb_add: wdb or doc is NULL");
    return guard([&] {
        Xapian::docid id = wdb->db.add_document(doc->doc);
        if (docid)
            *docid = id;
    });
}

shim_status shim_wdb_replace(shim_wdb *wdb, const char *unique_term, const shim_doc *doc)
{
    if (!wdb || !doc || empty_str(unique_term))
        return fail(SHIM_ERR_ARG,
                    "shim_wdb_replace: wdb or doc is NULL, or unique_term is empty");
    return guard([&] { wdb->db.replace_document(unique_term, doc->doc); });
}

shim_status shim_wdb_delete(shim_wdb *wdb, const char *term)
{
    if (!wdb || empty_str(term))
        return fail(SHIM_ERR_ARG, "shim_wdb_delete: wdb is NULL or term is empty");
    /* One document at a time, not delete_document(term): Xapian buffers
     * a deletion by term whole, about 200 bytes a document (a file of
     * 270,000 short paragraphs held 54 MB), while deletions by id count
     * towards its flush threshold like additions, so memory stays bounded.
     * The ids themselves cost 4 bytes a document. */
    return guard([&] {
        Xapian::WritableDatabase &db = wdb->db;
        std::vector<Xapian::docid> ids;
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p)
            ids.push_back(*p);
        for (Xapian::docid id : ids)
            db.delete_document(id);
    });
}

shim_status shim_wdb_set_metadata(shim_wdb *wdb, const char *key, const char *value)
{
    if (!wdb || empty_str(key) || !value)
        return fail(SHIM_ERR_ARG,
                    "shim_wdb_set_metadata: wdb or value is NULL, or key is empty");
    return guard([&] { wdb->db.set_metadata(key, value); });
}

shim_status shim_wdb_doccount(shim_wdb *wdb, uint32_t *out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_wdb_doccount: out is NULL");
    *out = 0;
    if (!wdb)
        return fail(SHIM_ERR_ARG, "shim_wdb_doccount: wdb is NULL");
    return guard([&] { *out = wdb->db.get_doccount(); });
}

shim_status shim_wdb_commit(shim_wdb *wdb)
{
    if (!wdb)
        return fail(SHIM_ERR_ARG, "shim_wdb_commit: wdb is NULL");
    return guard([&] { wdb->db.commit(); });
}

shim_status shim_wdb_close(shim_wdb *wdb)
{
    if (!wdb)
        return fail(SHIM_ERR_ARG, "shim_wdb_close: wdb is NULL");
    shim_status st = guard([&] {
        if (wdb->one_commit)
            wdb->db.commit_transaction();
        wdb->db.commit();
        /* Release the lock now rather than whenever the last copy of the
         * handle goes (a term generator may still hold one). */
        wdb->db.close();
    });
    delete wdb;
    return st;
}

void shim_wdb_free(shim_wdb *wdb)
{
    if (!wdb)
        return;
    /* The destructor would commit, and would not release the lock while a
     * term generator still holds a copy of the handle. close() inside an
     * unflushed transaction discards everything since the last commit and
     * releases the lock whoever else holds the handle. */
    try {
        if (!wdb->one_commit)
            wdb->db.begin_transaction(false);
        wdb->db.close();
    } catch (...) {
        /* Nothing to report to: a free cannot fail. */
    }
    delete wdb;
}

} // extern "C"
