/*
 * shim_snippet.cc: snippets with highlighted matches.
 *
 * MSet::snippet() does the work, but two of its habits break our contract:
 *
 *  - It matches a tight phrase only against the *unstemmed* words of the
 *    text, so PHRASE(Zhospit, Zdischarg) never highlights "hospital
 *    discharges" (its loose terms are matched stemmed or not, but a tight
 *    phrase's terms are not loose). So we find where such a phrase occurs in
 *    the text, and rerun the query OR-ed with exact phrases of the words
 *    found there, purely to get an MSet whose query the snippet code can
 *    match. Only the occurrences of the phrase get highlighted, never its
 *    words elsewhere.
 *
 *  - It escapes &, < and > in the text as XML, while our callers escape for
 *    their own output format. So we highlight with marker bytes that cannot
 *    occur in UTF-8, undo the escaping, then put the caller's strings in.
 */
#include "shim_internal.h"

#include <cstring>
#include <set>

using shim::ctx;
using shim::fail;
using shim::guard;

namespace {

/* 0xFF never occurs in UTF-8, and Xapian's escaping never produces it. */
const char MARK = '\xff';
const char MARK_START = '\x01';
const char MARK_END = '\x02';
const char MARK_OMIT = '\x03';

/* Bound the cache of helper msets: one per distinct set of phrase forms. */
const size_t MAX_SNIPPET_MSETS = 64;

using phrase = std::vector<std::string>;

/* The tight phrases of q made of terms at least one of which is a stem.
 * Non-tight phrases need nothing: Xapian matches their terms loosely, stems
 * included. The window is not public, so a phrase is tight when rebuilding
 * it with window = its size describes the same query. */
void find_stem_phrases(const Xapian::Query &q, std::vector<phrase> &out)
{
    size_t n = q.get_num_subqueries();
    if (q.get_type() == Xapian::Query::OP_PHRASE && n > 1) {
        std::vector<Xapian::Query> subs;
        phrase terms;
        bool any_stem = false;
        for (size_t i = 0; i < n; ++i) {
            Xapian::Query s = q.get_subquery(i);
            if (s.get_type() != Xapian::Query::LEAF_TERM)
                break;
            terms.push_back(*s.get_terms_begin());
            any_stem = any_stem || terms.back()[0] == 'Z';
            subs.push_back(s);
        }
        if (subs.size() == n && any_stem) {
            Xapian::Query tight(Xapian::Query::OP_PHRASE, subs.begin(), subs.end(),
                                static_cast<Xapian::termcount>(n));
            if (tight.get_description() == q.get_description()) {
                out.push_back(std::move(terms));
                return;
            }
        }
    }
    for (size_t i = 0; i < n; ++i)
        find_stem_phrases(q.get_subquery(i), out);
}

/* The MSet to generate the snippet of text from: ms's own, or one whose
 * query also holds the exact words of each stemmed phrase found in text. */
const Xapian::MSet &snippet_mset(const shim_mset &ms, const std::string &text)
{
    std::vector<phrase> phrases;
    find_stem_phrases(ms.query, phrases);
    if (phrases.empty())
        return ms.ms;

    std::vector<std::string> raw, unused;
    Xapian::TermGenerator tg;
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    shim::tokenise(tg, text, raw, unused);
    /* What the snippet code compares a word with: "Z" + its English stem. */
    Xapian::Stem en("en");
    std::vector<std::string> stems;
    stems.reserve(raw.size());
    for (const auto &w : raw)
        stems.push_back("Z" + en(w));

    std::set<phrase> found;
    for (const auto &p : phrases) {
        for (size_t i = 0; i + p.size() <= raw.size(); ++i) {
            size_t k = 0;
            while (k < p.size() && (p[k] == raw[i + k] || p[k] == stems[i + k]))
                ++k;
            if (k == p.size())
                found.emplace(raw.begin() + i, raw.begin() + i + p.size());
        }
    }
    if (found.empty())
        return ms.ms;

    std::vector<Xapian::Query> parts{ms.query};
    for (const auto &words : found)
        parts.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end());
    Xapian::Query q(Xapian::Query::OP_OR, parts.begin(), parts.end());

    std::string key = q.get_description();
    auto it = ms.snippet_msets.find(key);
    if (it == ms.snippet_msets.end()) {
        if (ms.snippet_msets.size() >= MAX_SNIPPET_MSETS)
            ms.snippet_msets.clear();
        Xapian::Enquire enq(ms.db);
        enq.set_query(q);
        /* No hits needed: only the query and its term statistics. */
        it = ms.snippet_msets.emplace(key, enq.get_mset(0, 0)).first;
    }
    return it->second;
}

/* Undo Xapian's XML escaping and swap the markers for the caller's strings. */
std::string finish(const std::string &s, const char *hl_start, const char *hl_end,
                   const char *omit)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '&') {
            if (s.compare(i, 5, "&amp;") == 0) {
                out += '&';
                i += 5;
                continue;
            }
            if (s.compare(i, 4, "&lt;") == 0) {
                out += '<';
                i += 4;
                continue;
            }
            if (s.compare(i, 4, "&gt;") == 0) {
                out += '>';
                i += 4;
                continue;
            }
        } else if (c == MARK && i + 1 < s.size()) {
            char m = s[i + 1];
            if (m == MARK_START || m == MARK_END || m == MARK_OMIT) {
                out += m == MARK_START ? hl_start : m == MARK_END ? hl_end : omit;
                i += 2;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

} // namespace

extern "C" {

shim_status shim_mset_snippet(const shim_mset *ms, const char *text, size_t len,
                              size_t max_len, const char *hl_start, const char *hl_end,
                              const char *omit, char **out)
{
    if (!out)
        return fail(SHIM_ERR_ARG, "shim_mset_snippet: out is NULL");
    *out = nullptr;
    if (!ms || (!text && len))
        return fail(SHIM_ERR_ARG, "shim_mset_snippet: ms is NULL, or text is NULL with len > 0");
    if (len && std::memchr(text, static_cast<unsigned char>(MARK), len))
        return fail(SHIM_ERR_ARG, "shim_mset_snippet: text is not UTF-8 (has a 0xFF byte)");
    return guard(ctx::query, [&] {
        std::string t = len ? std::string(text, len) : std::string();
        const Xapian::MSet &use = snippet_mset(*ms, t);
        const std::string start{MARK, MARK_START}, end{MARK, MARK_END}, cut{MARK, MARK_OMIT};
        /* EXHAUSTIVE without BACKGROUND_MODEL: words that match nothing add
         * no weight, so a text that fits comes back whole, and a longer one
         * is cut around its best-matching stretch. */
        std::string s = use.snippet(t, max_len, Xapian::Stem("en"),
                                    Xapian::MSet::SNIPPET_EXHAUSTIVE, start, end, cut);
        *out = shim::dup_string(finish(s, hl_start ? hl_start : "", hl_end ? hl_end : "",
                                       omit ? omit : ""));
    });
}

} // extern "C"
