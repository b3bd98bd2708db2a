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
 *    words elsewhere. What does not depend on the text (the phrases, a
 *    tokeniser, the helper msets) is kept with the result set: every hit
 *    of a page is snippeted from the same one.
 *
 *  - It escapes &, < and > in the text as XML, while our callers escape for
 *    their own output format. So we highlight with marker bytes that cannot
 *    occur in UTF-8, undo the escaping, then put the caller's strings in.
 */
#include "shim_internal.h"

#include <cctype>
#include <cstdlib>
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

/* Whether q is a tight phrase of terms (its words adjacent, in order),
 * with its terms in *terms: what MSet::snippet() matches as an exact
 * phrase. The window is not public, so a phrase is tight when rebuilding
 * it with window = its size describes the same query. */
bool tight_phrase(const Xapian::Query &q, phrase *terms)
{
    size_t n = q.get_num_subqueries();
    if (q.get_type() != Xapian::Query::OP_PHRASE || n < 2)
        return false;
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < n; ++i) {
        Xapian::Query s = q.get_subquery(i);
        if (s.get_type() != Xapian::Query::LEAF_TERM)
            return false;
        terms->push_back(*s.get_terms_begin());
        subs.push_back(s);
    }
    Xapian::Query tight(Xapian::Query::OP_PHRASE, subs.begin(), subs.end(),
                        static_cast<Xapian::termcount>(n));
    return tight.get_description() == q.get_description();
}

/* The tight phrases of q made of terms at least one of which is a stem.
 * Non-tight phrases need nothing: Xapian matches their terms loosely, stems
 * included. */
void find_stem_phrases(const Xapian::Query &q, std::vector<phrase> &out)
{
    phrase terms;
    if (tight_phrase(q, &terms)) {
        for (const auto &t : terms)
            if (t[0] == 'Z') {
                out.push_back(std::move(terms));
                return;
            }
        return;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        find_stem_phrases(q.get_subquery(i), out);
}

/* Whether MSet::snippet() could match a stem against q. It stems every
 * word of the text, only to look "Z" + the stem up among the query's
 * loose terms (every term but those of tight phrases and wildcards); when
 * none of those is a stem ("Z..."), no stem can match, and the snippet is
 * the same whatever the stemmer, so none is used: stemming each word was
 * most of the snippet of a phrase. */
bool stems_matter(const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: {
        std::string term = *q.get_terms_begin();
        return !term.empty() && term[0] == 'Z';
    }
    case Xapian::Query::OP_WILDCARD:
        return false;
    default:
        break;
    }
    phrase terms;
    if (tight_phrase(q, &terms))
        return false;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (stems_matter(q.get_subquery(i)))
            return true;
    return false;
}

/* A stopper that stops every word after noting it: a TermGenerator with it
 * (STOP_ALL) indexes nothing and hands us the words of a text in order,
 * split exactly as indexing and MSet::snippet() split them (same word
 * breaks, same dropped over-long words). Much cheaper than indexing into a
 * scratch document and reading the words back off their positions
 * (shim::tokenise), which snippets used to do for every hit. */
struct word_collector : Xapian::Stopper {
    std::vector<std::string> *words = nullptr;
    bool operator()(const std::string &word) const override
    {
        words->push_back(word);
        return true;
    }
};

/* The words of an ASCII text, exactly as Xapian 1.4's TermGenerator splits
 * and lower-cases them (parse_terms() in termgenerator_internal.cc, which
 * is not public): word characters are letters, digits and '_';
 * initials ("U.N.") make one word; an apostrophe or '&' between word
 * characters ("don't", "AT&T"), and ',', '.' or ';' between digits
 * ("1,296.5"), stay inside a word; up to three '+' or '#' end one ("C++")
 * unless a word character follows; words over 64 bytes are dropped (the
 * default max_word_length). A fifth of the cost of going through the
 * TermGenerator, which handles everything else (any byte >= 0x80). */
bool ascii_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

bool ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

bool ascii_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

char ascii_lower(unsigned char c)
{
    return static_cast<char>(ascii_upper(c) ? c - 'A' + 'a' : c);
}

void ascii_words(const std::string &t, std::vector<std::string> &out)
{
    const size_t n = t.size(), max_word = 64;
    size_t i = 0;
    std::string term;
    for (;;) {
        while (i < n && !ascii_word(t[i]))
            ++i;
        if (i == n)
            return;
        term.clear();
        if (ascii_upper(t[i])) {
            /* Initials separated by '.', with or without a last '.'. */
            size_t p = i;
            do
                term += ascii_lower(t[p++]);
            while (p != n && t[p] == '.' && ++p != n && ascii_upper(t[p]));
            if (term.size() > 1 && (p == n || !ascii_word(t[p]))) {
                i = p;
                goto end_of_word;
            }
            term.clear();
        }
        for (;;) {
            char prev;
            do {
                prev = ascii_lower(t[i]);
                term += prev;
                if (++i == n)
                    goto end_of_word;
            } while (ascii_word(t[i]));
            /* t[i] ends the run: an infix if a word character follows. */
            if (i + 1 == n || !ascii_word(t[i + 1]))
                break;
            char c = t[i];
            bool infix = ascii_digit(prev) && ascii_digit(t[i + 1])
                             ? c == ',' || c == '.' || c == ';'
                             : c == '\'' || c == '&';
            if (!infix)
                break;
            term += c;
            ++i;
        }
        {
            size_t len = term.size();
            unsigned count = 0;
            while (t[i] == '+' || t[i] == '#') {
                if (++count > 3) {
                    term.resize(len);
                    break;
                }
                term += t[i];
                if (++i == n)
                    goto end_of_word;
            }
            /* "fish+chips" is not "fish+" and "chips". */
            if (ascii_word(t[i]))
                term.resize(len);
        }
    end_of_word:
        if (term.size() <= max_word)
            out.push_back(term);
    }
}

bool is_ascii(const std::string &t)
{
    for (unsigned char c : t)
        if (c >= 0x80)
            return false;
    return true;
}

} // namespace

namespace shim {

struct snippet_state {
    /* ms.query's stemmed tight phrases: the query never changes, so they
     * are found once, not per snippet. */
    std::vector<phrase> phrases;
    Xapian::Stem en{"en"};
    /* The stemmer to give MSet::snippet(): en, or none when no stem can
     * match (stems_matter; the phrases added for the snippet have none). */
    Xapian::Stem stemmer;
    word_collector collect;       /* before tg, which points to it */
    Xapian::TermGenerator tg;
    /* Xapian's CJK n-grams (XAPIAN_CJK_NGRAM) give non-positional terms
     * that a stopper cannot tell apart: then the slow, exact path. */
    bool cjk = false;
    /* The current text's words, and their stems where worked out. */
    std::vector<std::string> words;
    std::vector<std::string> stems;
    std::vector<char> stemmed;
    /* Helper msets keyed by the phrase forms found (the rest of their
     * query, ms.query, is the same for all). */
    std::map<std::set<phrase>, Xapian::MSet> helpers;

    explicit snippet_state(const Xapian::Query &q)
    {
        find_stem_phrases(q, phrases);
        if (stems_matter(q))
            stemmer = en;
        const char *cjk_env = std::getenv("XAPIAN_CJK_NGRAM");
        cjk = cjk_env && *cjk_env;
        if (!phrases.empty() && !cjk) {
            tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
            tg.set_stopper(&collect);
            tg.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
            collect.words = &words;
        }
    }

    void tokenise(const std::string &text)
    {
        words.clear();
        if (is_ascii(text)) {
            ascii_words(text, words);
        } else if (cjk) {
            std::vector<std::string> unused;
            Xapian::TermGenerator scratch;
            scratch.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
            shim::tokenise(scratch, text, words, unused);
        } else {
            tg.index_text(text);
        }
        stems.assign(words.size(), std::string());
        stemmed.assign(words.size(), 0);
    }

    /* Whether word i is term: the word itself, or "Z" + its English stem
     * (what the snippet code compares a word with). Stems are worked out
     * only when they can match: the English (Porter2) stemmer only ever
     * rewrites a word's ending, never its first character (a word it
     * changes keeps at least one letter before the part it changes), so a
     * stem starting with another byte than the word cannot be its stem. */
    bool word_is(size_t i, const std::string &term)
    {
        const std::string &w = words[i];
        if (term == w)
            return true;
        if (term.empty() || term[0] != 'Z')
            return false;
        if (term.size() > 1 && !w.empty() && term[1] != w[0])
            return false;
        if (!stemmed[i]) {
            stems[i] = en(w);
            stemmed[i] = 1;
        }
        return term.size() - 1 == stems[i].size() &&
               term.compare(1, std::string::npos, stems[i]) == 0;
    }
};

void snippet_state_free::operator()(snippet_state *s) const noexcept
{
    delete s;
}

} // namespace shim

namespace {

/* The MSet to generate the snippet of text from: one of the query alone,
 * or of the query with the exact words of each stemmed phrase found in
 * text, weighted so that snippets do not depend on how the index was made
 * (below); made once per distinct set of phrases found. */
const Xapian::MSet &snippet_mset(const shim_mset &ms, const std::string &text)
{
    if (!ms.snippets)
        ms.snippets.reset(new shim::snippet_state(ms.query));
    shim::snippet_state &st = *ms.snippets;
    std::set<phrase> found;
    if (!st.phrases.empty()) {
        st.tokenise(text);
        const std::vector<std::string> &raw = st.words;
        for (const auto &p : st.phrases) {
            for (size_t i = 0; i + p.size() <= raw.size(); ++i) {
                size_t k = 0;
                while (k < p.size() && st.word_is(i + k, p[k]))
                    ++k;
                if (k == p.size())
                    found.emplace(raw.begin() + i, raw.begin() + i + p.size());
            }
        }
    }

    auto it = st.helpers.find(found);
    if (it == st.helpers.end()) {
        if (st.helpers.size() >= MAX_SNIPPET_MSETS)
            st.helpers.clear();
        std::vector<Xapian::Query> parts{ms.query};
        for (const auto &words : found)
            parts.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end());
        Xapian::Query q(Xapian::Query::OP_OR, parts.begin(), parts.end());
        Xapian::Enquire enq(ms.db);
        enq.set_query(q);
        /* Snippets weigh words by the term weights of the MSet. BM25's
         * depend on per-term wdf upper bounds, which deletions never lower,
         * so an updated index and a rebuild of the same corpus (or two shard
         * layouts) would weigh words a hair apart, and windows of equal
         * worth would tie-break differently. With k1 = 0 a term weighs its
         * idf alone (collection-wide term frequency and size): the same
         * however the index was made, and rarer words still count more. */
        enq.set_weighting_scheme(Xapian::BM25Weight(0, 0, 1, 0, 0.5));
        /* No hits needed: only the query and its term statistics. */
        it = st.helpers.emplace(std::move(found), enq.get_mset(0, 0)).first;
    }
    return it->second;
}

/* ------------------------------------------------------------- edges --
 *
 * MSet::snippet() leaves out the "..." where the window starts at a
 * sentence's start or ends at its full stop, though text is left out
 * there, and may cut the last word short to fit the length. So its
 * window is found in the text again, a word cut at either edge is
 * dropped, and the omit marker put exactly where text is left out. */

/* A byte of a word: ASCII letter, digit or '_', or any byte of a
 * multi-byte UTF-8 character (the text is normalised: its punctuation is
 * ASCII). */
bool word_byte(unsigned char c)
{
    return ascii_word(c) || c >= 0x80;
}

bool is_marker(const std::string &s, size_t i, char which)
{
    return i + 1 < s.size() && s[i] == MARK && s[i + 1] == which;
}

/* The window's text as it is in the text: markers out, XML escapes
 * undone; at[k] is where plain byte k starts in the window. */
void window_text(const std::string &w, std::string &plain, std::vector<size_t> &at)
{
    static const struct { const char *esc; char c; } escapes[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}};
    for (size_t i = 0; i < w.size();) {
        if (w[i] == MARK && i + 1 < w.size()) {
            i += 2;
            continue;
        }
        size_t len = 1;
        char c = w[i];
        for (const auto &e : escapes)
            if (w.compare(i, std::strlen(e.esc), e.esc) == 0) {
                len = std::strlen(e.esc);
                c = e.c;
            }
        plain += c;
        at.push_back(i);
        i += len;
    }
}

bool blank_only(const std::string &t, size_t from, size_t to)
{
    for (size_t i = from; i < to; ++i)
        if (!std::isspace(static_cast<unsigned char>(t[i])))
            return false;
    return true;
}

/* w[from, to) with its highlights balanced: a highlight cut open at an
 * edge is closed there, and none is left empty at the edges. */
std::string balanced(const std::string &w, size_t from, size_t to)
{
    const std::string start{MARK, MARK_START}, end{MARK, MARK_END};
    while (from < to && is_marker(w, from, MARK_END))
        from += 2;
    while (to >= from + 2 && is_marker(w, to - 2, MARK_START))
        to -= 2;
    std::string out;
    int open = 0;
    for (size_t i = from; i < to;) {
        if (is_marker(w, i, MARK_START) || is_marker(w, i, MARK_END)) {
            bool opens = w[i + 1] == MARK_START;
            if (!opens && open == 0)
                out.insert(0, start);   /* its start was left out */
            else
                open += opens ? 1 : -1;
            out.append(w, i, 2);
            i += 2;
            continue;
        }
        out += w[i++];
    }
    for (; open > 0; --open)
        out += end;
    return out;
}

/* The snippet s of text t with whole words at its edges and the omit
 * marker wherever text is left out; s itself when its window cannot be
 * found in t (then nothing is known of its edges). */
std::string fix_edges(const std::string &s, const std::string &t)
{
    const std::string cut{MARK, MARK_OMIT};
    size_t from = s.compare(0, 2, cut) == 0 ? 2 : 0, to = s.size();
    if (to >= from + 2 && s.compare(to - 2, 2, cut) == 0)
        to -= 2;
    std::string w = s.substr(from, to - from), plain;
    std::vector<size_t> at;
    window_text(w, plain, at);
    bool words = false;
    for (char c : plain)
        words = words || word_byte(static_cast<unsigned char>(c));
    size_t pos = words ? t.find(plain) : std::string::npos;
    if (pos == std::string::npos)
        return s;
    size_t b = 0, e = plain.size();
    const auto tb = [&](size_t k) { return static_cast<unsigned char>(t[k]); };
    const auto pb = [&](size_t k) { return static_cast<unsigned char>(plain[k]); };
    /* A word cut at the end: drop it, and the blanks before it. */
    if (pos + e < t.size() && word_byte(tb(pos + e - 1)) && word_byte(tb(pos + e))) {
        while (e > b && word_byte(pb(e - 1)))
            --e;
        while (e > b && std::isspace(pb(e - 1)))
            --e;
    }
    /* A word cut at the start: the same. */
    if (pos > 0 && word_byte(tb(pos - 1)) && word_byte(tb(pos))) {
        while (b < e && word_byte(pb(b)))
            ++b;
        while (b < e && std::isspace(pb(b)))
            ++b;
    }
    if (b == e)
        return s;   /* a single word, cut: better than nothing */
    std::string out;
    if (!blank_only(t, 0, pos + b))
        out += cut;
    out += balanced(w, at[b], e < plain.size() ? at[e] : w.size());
    if (!blank_only(t, pos + e, t.size())) {
        /* "borough. ..." rather than "borough....": the stop stays one. */
        if (std::strchr(".!?", plain[e - 1]))
            out += ' ';
        out += cut;
    }
    return out;
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
        std::string s = fix_edges(use.snippet(t, max_len, ms->snippets->stemmer,
                                              Xapian::MSet::SNIPPET_EXHAUSTIVE, start,
                                              end, cut),
                                  t);
        *out = shim::dup_string(finish(s, hl_start ? hl_start : "", hl_end ? hl_end : "",
                                       omit ? omit : ""));
    });
}

} // extern "C"
