/*
 * shim_termgen.cc: term generation and tokenising (shim_analyse).
 */
#include "shim_internal.h"

#include <map>

using shim::fail;
using shim::guard;

namespace shim {

void tokenise(Xapian::TermGenerator &tg, const std::string &text,
              std::vector<std::string> &raw, std::vector<std::string> &stem)
{
    raw.clear();
    stem.clear();
    /* Index into a throwaway document and read the words back off their
     * positions: the only way through the public API to split text exactly
     * as indexing does (same word breaks, same dropped long words, same
     * decision about which words get a stem). */
    Xapian::Document scratch;
    tg.set_document(scratch);
    tg.index_text(text);

    std::map<Xapian::termpos, std::pair<std::string, std::string>> at;
    for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
        const std::string term = *t;
        /* Unstemmed terms are lower-cased, so only stems start with "Z". */
        bool is_stem = term[0] == 'Z';
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
            auto &slot = at[*p];
            (is_stem ? slot.second : slot.first) = term;
        }
    }
    raw.reserve(at.size());
    stem.reserve(at.size());
    for (auto &kv : at) {
        raw.push_back(std::move(kv.second.first));
        stem.push_back(std::move(kv.second.second));
    }
}

} // namespace shim

namespace {

void configure(Xapian::TermGenerator &tg, const Xapian::Stem &stemmer,
               bool full_pos = true)
{
    tg.set_stemmer(stemmer);
    /* Stems get positions too, so PHRASE and NEAR work on "Z" terms and
     * match inflected forms. STEM_SOME (Xapian's default) exists only as
     * bench/'s baseline: what plain Xapian costs. */
    tg.set_stemming_strategy(full_pos ? Xapian::TermGenerator::STEM_SOME_FULL_POS
                                      : Xapian::TermGenerator::STEM_SOME);
}

} // namespace

extern "C" {

shim_status shim_termgen_new(const char *lang, unsigned flags, shim_termgen **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_termgen_new: out is NULL");
    *out = nullptr;
    if (flags & ~static_cast<unsigned>(SHIM_TG_SPELLING | SHIM_TG_STEM_SOME))
        return fail(SHIM_ERR_ARG, "shim_termgen_new: unknown flags");
    if (lang && !*lang)
        return fail(SHIM_ERR_ARG, "shim_termgen_new: empty language (use \"none\")");
    return guard([&] {
        /* An unknown language is an InvalidArgumentError: SHIM_ERR_ARG. */
        Xapian::Stem stemmer(lang ? lang : "en");
        auto tg = std::make_unique<shim_termgen>();
        tg->stemmer = stemmer;
        configure(tg->tg, stemmer, !(flags & SHIM_TG_STEM_SOME));
        /* Always full positions: shim_analyse reads stems back off them. */
        configure(tg->scratch, stemmer);
        tg->flags = flags;
        if (flags & SHIM_TG_SPELLING)
            tg->tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
        *out = tg.release();
    });
}

void shim_termgen_free(shim_termgen *tg)
{
    delete tg;
}

shim_status shim_termgen_set_database(shim_termgen *tg, shim_wdb *wdb)
{
    if (!tg || !wdb)
        return fail(SHIM_ERR_ARG, "shim_termgen_set_database: tg or wdb is NULL");
    return guard([&] {
        tg->tg.set_database(wdb->db);
        tg->has_db = true;
    });
}

shim_status shim_termgen_set_document(shim_termgen *tg, shim_doc *doc)
{
    if (!tg || !doc)
        return fail(SHIM_ERR_ARG, "shim_termgen_set_document: tg or doc is NULL");
    return guard([&] {
        /* Document is a reference-counted handle: tg writes into doc's
         * document. set_document also restarts positions at 0. */
        tg->tg.set_document(doc->doc);
        tg->has_doc = true;
    });
}

shim_status shim_termgen_index(shim_termgen *tg, const char *text, size_t len,
                               const char *prefix)
{
    if (!tg || (!text && len))
        return fail(SHIM_ERR_ARG, "shim_termgen_index: tg is NULL, or text is NULL with len > 0");
    if (!tg->has_doc)
        return fail(SHIM_ERR_ARG, "shim_termgen_index: no document set");
    /* Without a database Xapian would fail half way through the text. */
    if ((tg->flags & SHIM_TG_SPELLING) && !tg->has_db)
        return fail(SHIM_ERR_ARG, "shim_termgen_index: SHIM_TG_SPELLING needs a database");
    return guard([&] {
        tg->tg.index_text(len ? std::string(text, len) : std::string(), 1,
                          prefix ? prefix : "");
    });
}

shim_status shim_termgen_skip(shim_termgen *tg, uint32_t delta)
{
    if (!tg)
        return fail(SHIM_ERR_ARG, "shim_termgen_skip: tg is NULL");
    return guard([&] { tg->tg.increase_termpos(delta); });
}

shim_status shim_analyse(shim_termgen *tg, const char *text, size_t len, shim_tokens **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_analyse: out is NULL");
    *out = nullptr;
    if (!tg || (!text && len))
        return fail(SHIM_ERR_ARG, "shim_analyse: tg is NULL, or text is NULL with len > 0");
    return guard([&] {
        auto toks = std::make_unique<shim_tokens>();
        shim::tokenise(tg->scratch, len ? std::string(text, len) : std::string(),
                       toks->raw, toks->stem);
        *out = toks.release();
    });
}

shim_status shim_stem(shim_termgen *tg, const char *word, size_t len, char **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_stem: out is NULL");
    *out = nullptr;
    if (!tg || (!word && len))
        return fail(SHIM_ERR_ARG, "shim_stem: tg is NULL, or word is NULL with len > 0");
    return guard([&] {
        /* As the term generator's STEM_SOME strategies: a word that starts
         * with a digit gets no stem. */
        std::string stem = len && !(word[0] >= '0' && word[0] <= '9')
                               ? tg->stemmer(std::string(word, len)) : std::string();
        char *s = static_cast<char *>(malloc(stem.size() + 1));
        if (!s)
            throw std::bad_alloc();
        memcpy(s, stem.c_str(), stem.size() + 1);
        *out = s;
    });
}

size_t shim_tokens_count(const shim_tokens *toks)
{
    return toks ? toks->raw.size() : 0;
}

const char *shim_tokens_raw(const shim_tokens *toks, size_t i)
{
    return toks && i < toks->raw.size() ? toks->raw[i].c_str() : nullptr;
}

const char *shim_tokens_stem(const shim_tokens *toks, size_t i)
{
    return toks && i < toks->stem.size() ? toks->stem[i].c_str() : nullptr;
}

void shim_tokens_free(shim_tokens *toks)
{
    delete toks;
}

} // extern "C"
