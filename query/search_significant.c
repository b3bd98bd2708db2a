/*
 * search_significant.c: what stands out in a query's paragraphs (see
 * significant.h for what is counted and how it is scored). Two passes:
 * the foreground's paragraphs make the phrase table; the background's
 * are then counted only for phrases the foreground uses often enough, so
 * memory follows the foreground alone.
 */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "significant.h"
#include "significant_table.h"
#include "stopwords.h"

/* Longest key or form of a phrase kept (longer words are not phrases
 * anyone looks for: URLs, run-together tables). */
#define SIG_MAX_BYTES 256

/* A word of the clause being read. */
typedef struct sig_token {
    sig_word w;
    int number;           /* all digits: never a phrase of one word */
} sig_token;

/* Words longer than this are not words (Xapian's term generator drops
 * them too). */
#define SIG_MAX_WORD 64

/* The passes: the foreground counted, the foreground read for the phrases
 * used often enough (significant_table.h), the background. */
enum { PASS_COUNT, PASS_FOREGROUND, PASS_BACKGROUND };

typedef struct scan {
    sig_table table;
    sig_words words;
    sig_token *toks;        /* the clause being read */
    size_t n_toks, cap_toks;
    shim_termgen *tg;
    int pass;               /* PASS_COUNT, PASS_FOREGROUND, PASS_BACKGROUND */
    sig_counts counts;      /* PASS_COUNT's: foreground paragraphs a phrase */
    unsigned char *wanted;  /* PASS_BACKGROUND: by stem number, 1 if some
                               candidate has the stem (a phrase with any
                               other is no candidate: not looked up) */
    uint32_t n_wanted;
    unsigned min_count;     /* a phrase used less is never kept */
    uint32_t serial;        /* the paragraph being read, from 1 */
    uint32_t council;       /* its council's id (0: none) */
    uint32_t file;          /* its report's id, from 1 */
    char *last_file;
    uint32_t files;         /* reports read in this pass */
    char **councils;        /* council names by id - 1 */
    uint32_t n_councils, cap_councils;
    int nomem;
    shim_status failed;     /* a shim step that failed */
} scan;

static uint32_t council_id(scan *s, const char *name)
{
    if (!name[0])
        return 0;
    /* Paragraphs come in document order: mostly the council just seen. */
    for (uint32_t i = s->n_councils; i > 0; i--)
        if (strcmp(s->councils[i - 1], name) == 0)
            return i;
    if (s->n_councils == s->cap_councils) {
        uint32_t cap = s->cap_councils ? s->cap_councils * 2 : 64;
        char **v = realloc(s->councils, cap * sizeof *v);
        if (!v) {
            s->nomem = 1;
            return 0;
        }
        s->councils = v;
        s->cap_councils = cap;
    }
    if (!(s->councils[s->n_councils] = strdup(name))) {
        s->nomem = 1;
        return 0;
    }
    return ++s->n_councils;
}

static void note_file(scan *s, const char *file)
{
    if (s->last_file && strcmp(s->last_file, file) == 0)
        return;
    free(s->last_file);
    if (!(s->last_file = strdup(file)))
        s->nomem = 1;
    s->file = ++s->files;
}

static int all_digits(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((w[i] < '0' || w[i] > '9') && w[i] != ',' && w[i] != '.')
            return 0;
    return 1;
}

/* One use of the phrase of clause words i..j. */
static void count_gram(scan *s, size_t i, size_t j)
{
    uint32_t stems[SIGNIFICANT_MAX_WORDS], ids[SIGNIFICANT_MAX_WORDS];
    unsigned n = (unsigned)(j - i + 1);
    for (unsigned k = 0; k < n; k++) {
        stems[k] = s->toks[i + k].w.stem;
        ids[k] = s->toks[i + k].w.id;
    }
    uint64_t key = sig_key(stems, n);
    if (s->pass == PASS_COUNT) {
        if (sig_counts_add(&s->counts, key, s->serial) != 0)
            s->nomem = 1;
        return;
    }
    if (s->pass == PASS_FOREGROUND && sig_counts_get(&s->counts, key) < s->min_count)
        return;
    sig_entry *e = sig_table_get(&s->table, key, n, s->pass == PASS_FOREGROUND, &s->nomem);
    if (!e)
        return;
    if (s->pass == PASS_FOREGROUND) {
        sig_entry_form(e, sig_key(ids, n));
        if (e->fg_last != s->serial) {
            e->fg_last = s->serial;
            e->fg++;
            if (s->council && sig_entry_council(e, s->council) != 0)
                s->nomem = 1;
        }
    } else if (e->candidate && e->bg_last != s->serial) {
        e->bg_last = s->serial;
        e->bg++;
        if (e->bg_last_file != s->file) {
            e->bg_last_file = s->file;
            e->bg_files++;
        }
    }
}

/* Every phrase of the clause's words (s->toks), then an empty clause. */
static void end_clause(scan *s)
{
    int bg = s->pass == PASS_BACKGROUND;
    for (size_t i = 0; i < s->n_toks; i++) {
        if (s->toks[i].w.stop)
            continue;
        for (size_t w = 1; w <= SIGNIFICANT_MAX_WORDS && i + w <= s->n_toks; w++) {
            const sig_token *last = &s->toks[i + w - 1];
            uint32_t stem = last->w.stem;
            if (bg && (stem >= s->n_wanted || !s->wanted[stem]))
                break;   /* nor any longer phrase from here */
            if (last->w.stop || (w == 1 && last->number))
                continue;
            count_gram(s, i, i + w - 1);
        }
    }
    s->n_toks = 0;
}

/* A clause break at text[i]: see significant.h. */
static int breaks_at(const char *text, size_t i, size_t len)
{
    char c = text[i];
    if (strchr(";!?()[]{}\"\n\r", c))
        return 1;
    if (c == '.' || c == ',' || c == ':')
        return i + 1 >= len || text[i + 1] == ' ' || text[i + 1] == '\n' || i == 0 ||
               text[i - 1] == ' ';
    return 0;
}

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Add the word text[0..len) to the clause. */
static void add_word(scan *s, const char *w, size_t len)
{
    if (len > SIG_MAX_WORD) {   /* Xapian drops such words too */
        end_clause(s);
        return;
    }
    if (s->n_toks == s->cap_toks) {
        size_t cap = s->cap_toks ? s->cap_toks * 2 : 64;
        sig_token *v = realloc(s->toks, cap * sizeof *v);
        if (!v) {
            s->nomem = 1;
            return;
        }
        s->toks = v;
        s->cap_toks = cap;
    }
    sig_token *t = &s->toks[s->n_toks];
    if (sig_words_get(&s->words, s->tg, w, len, &t->w, &s->failed) != 0)
        return;
    t->number = all_digits(w, len);
    s->n_toks++;
}

/* The paragraph's words, folded as the index folds them (case, accents,
 * typographic quotes), clause by clause. Words are runs of letters and
 * digits (and any non-ASCII character), with apostrophes inside them
 * ("carer's"), as Xapian's term generator splits them. */
static void scan_text(scan *s, const char *text)
{
    char *folded = NULL;
    size_t len = 0;
    if (norm_text(text, strlen(text), NORM_FOLD, &folded, &len) != NORM_OK) {
        s->nomem = 1;
        return;
    }
    s->n_toks = 0;
    for (size_t i = 0; i < len && !s->failed && !s->nomem;) {
        if (word_byte((unsigned char)folded[i])) {
            size_t j = i;
            while (j < len && (word_byte((unsigned char)folded[j]) ||
                               (folded[j] == '\'' && j + 1 < len &&
                                word_byte((unsigned char)folded[j + 1]))))
                j++;
            add_word(s, folded + i, j - i);
            i = j;
        } else {
            if (breaks_at(folded, i, len))
                end_clause(s);
            i++;
        }
    }
    end_clause(s);
    free(folded);
}

/* Read the paragraphs of ms, in the pass s->pass. */
static shim_status scan_set(scan *s, shim_mset *ms)
{
    size_t n = shim_mset_size(ms);
    for (size_t i = 0; i < n && !s->failed && !s->nomem; i++) {
        shim_doc *doc = NULL;
        const char *data;
        size_t len;
        para_record rec;
        shim_status st = shim_mset_document(ms, i, &doc);
        if (st == SHIM_OK)
            st = shim_doc_data(doc, &data, &len);
        int dec = st == SHIM_OK ? record_decode(data, len, &rec) : -1;
        if (dec == -2)
            s->nomem = 1;
        if (dec == 0) {
            s->serial++;
            s->council = council_id(s, rec.authority);
            note_file(s, rec.file);
            scan_text(s, rec.text);
            record_clear(&rec);
        }
        shim_doc_free(doc);
        if (st != SHIM_OK)
            s->failed = st;
    }
    return s->nomem ? SHIM_ERR_NOMEM : s->failed;
}

static void scan_clear(scan *s)
{
    sig_table_clear(&s->table);
    sig_counts_clear(&s->counts);
    free(s->wanted);
    sig_words_clear(&s->words);
    free(s->toks);
    for (uint32_t i = 0; i < s->n_councils; i++)
        free(s->councils[i]);
    free(s->councils);
    free(s->last_file);
}

/* ---- choosing what to show ---- */

/* The entry for the words [from, from+w) of e's phrase. */
static sig_entry *sub_entry(sig_table *t, const sig_entry *e, unsigned from, unsigned w)
{
    uint64_t mask = (((uint64_t)1 << (SIG_ID_BITS * w)) - 1);
    int nomem = 0;
    return sig_table_get(t, (e->key >> (SIG_ID_BITS * from)) & mask, w, 0, &nomem);
}

/* The written form `form` (word numbers) as text, malloc()ed. */
static char *form_text(const sig_words *words, uint64_t form, unsigned n)
{
    size_t len = 0;
    uint32_t mask = (1u << SIG_ID_BITS) - 1;
    for (unsigned k = 0; k < n; k++)
        len += strlen(sig_words_text(words, (uint32_t)(form >> (SIG_ID_BITS * k)) & mask)) + 1;
    char *text = malloc(len + 1);
    if (!text)
        return NULL;
    text[0] = '\0';
    for (unsigned k = 0; k < n; k++) {
        if (k)
            strcat(text, " ");
        strcat(text, sig_words_text(words, (uint32_t)(form >> (SIG_ID_BITS * k)) & mask));
    }
    return text;
}

static int cmp_items(const void *a, const void *b)
{
    const sig_entry *x = *(sig_entry *const *)a, *y = *(sig_entry *const *)b;
    int xs = x->n_councils >= SIGNIFICANT_MIN_COUNCILS;
    int ys = y->n_councils >= SIGNIFICANT_MIN_COUNCILS;
    if (xs != ys)
        return ys - xs;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    /* Ties in a fixed order (stems are numbered in document order, the
     * same on any layout). */
    return x->key < y->key ? -1 : x->key > y->key;
}

static int choose(scan *s, const significant_request *req, significant_result *res)
{
    sig_table *t = &s->table;
    uint32_t n1 = res->foreground_examined, n2 = res->background_examined;
    int boiler = s->files >= SIGNIFICANT_BOILERPLATE_MIN_FILES;
    for (uint32_t i = 0; i < t->n; i++) {
        sig_entry *e = &t->entries[i];
        if (!e->candidate)
            continue;
        if ((uint64_t)e->fg * n2 <= (uint64_t)e->bg * n1)
            continue;   /* not more common in the foreground */
        if (boiler && e->bg_files >= SIGNIFICANT_BOILERPLATE * s->files)
            continue;
        e->score = significant_g2(e->fg, n1, e->bg, n2);
        e->kept = e->score >= SIGNIFICANT_MIN_G2;
    }
    /* A phrase nearly always part of a longer kept one says nothing more. */
    for (uint32_t i = 0; i < t->n; i++) {
        sig_entry *e = &t->entries[i];
        if (!e->kept || e->words < 2)
            continue;
        for (unsigned w = 1; w < e->words; w++)
            for (unsigned from = 0; from + w <= e->words; from++) {
                sig_entry *sub = sub_entry(t, e, from, w);
                if (sub && sub->kept && e->fg >= 0.9 * sub->fg)
                    sub->kept = 2;   /* dropped, still counted as kept above */
            }
    }
    size_t n = 0;
    for (uint32_t i = 0; i < t->n; i++)
        n += t->entries[i].kept == 1;
    sig_entry **v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return -1;
    n = 0;
    for (uint32_t i = 0; i < t->n; i++)
        if (t->entries[i].kept == 1)
            v[n++] = &t->entries[i];
    qsort(v, n, sizeof *v, cmp_items);
    size_t limit = req->limit ? req->limit : SIGNIFICANT_DEFAULT_LIMIT;
    if (n > limit)
        n = limit;
    res->items = calloc(n ? n : 1, sizeof *res->items);
    int rc = res->items ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        significant_item *it = &res->items[i];
        if (!(it->text = form_text(&s->words, sig_entry_form_of(v[i]), v[i]->words))) {
            rc = -1;
            break;
        }
        it->words = v[i]->words;
        it->foreground = v[i]->fg;
        it->background = v[i]->bg;
        it->councils = v[i]->n_councils;
        it->score = v[i]->score;
        res->n_items = i + 1;
    }
    free(v);
    return rc;
}

/* ---- the request ---- */

/* The background's own error, said to be the background's. */
static void background_error(qerror *err)
{
    static const char lead[] = "in the background query (--vs): ";
    size_t room = sizeof err->message - sizeof lead;   /* its NUL included */
    size_t len = strnlen(err->message, room);
    memmove(err->message + sizeof lead - 1, err->message, len);
    memcpy(err->message, lead, sizeof lead - 1);
    err->message[sizeof lead - 1 + len] = '\0';
}

static search_status pass(run *r, scan *s, const shim_query *q, size_t max, uint32_t *total,
                          uint32_t *examined)
{
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    shim_status st = search_set_run(r, q, (uint32_t)max, 1, &enq, &ms, total);
    if (st == SHIM_OK) {
        *examined = (uint32_t)shim_mset_size(ms);
        st = scan_set(s, ms);
    }
    if (st == SHIM_OK && s->pass == PASS_COUNT) {
        s->pass = PASS_FOREGROUND;
        st = scan_set(s, ms);
        sig_counts_clear(&s->counts);   /* its work is done: free it early */
    }
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st == SHIM_OK ? SEARCH_OK : search_index_error(r, "reading paragraphs", st);
}

search_status significant_run(search_index *ix, const significant_request *req,
                              significant_result *res, qerror *err)
{
    memset(res, 0, sizeof *res);
    memset(err, 0, sizeof *err);
    search_request base;
    if (search_limits_counting(ix, req->base, &base, err) != 0)
        return SEARCH_QUERY_ERROR;
    search_result scratch = {0};
    run fg = {.ix = ix, .req = &base, .res = &scratch, .err = err};
    run bg = fg;
    char *fq = NULL, *bq = NULL;
    qnode *ftree = NULL, *btree = NULL;
    shim_query *all = NULL, *rest = NULL;
    scan s = {.tg = ix->tg, .pass = PASS_COUNT};
    size_t max = req->max_paragraphs ? req->max_paragraphs : SIGNIFICANT_DEFAULT_MAX_PARAGRAPHS;
    unsigned min_count = req->min_count ? req->min_count : SIGNIFICANT_DEFAULT_MIN_COUNT;
    s.min_count = min_count;

    search_status ss = search_prepare(&fg, base.query, &fq, &ftree);
    if (ss == SEARCH_OK && req->background) {
        ss = search_prepare(&bg, req->background, &bq, &btree);
        if (ss != SEARCH_OK) {
            background_error(err);
            res->background_failed = 1;
        }
    }
    shim_status st = SHIM_OK;
    if (ss == SEARCH_OK) {
        if (!req->background)
            st = shim_query_match_all(&all);
        shim_query *pair[2] = {req->background ? bg.qb.query : all, fg.qb.query};
        if (st == SHIM_OK)
            st = shim_query_combine(SHIM_OP_AND_NOT, pair, 2, 0, &rest);
        if (st != SHIM_OK)
            ss = search_index_error(&fg, "building the background", st);
    }
    if (ss == SEARCH_OK)
        ss = pass(&fg, &s, fg.qb.query, max, &res->foreground_total,
                  &res->foreground_examined);
    if (ss == SEARCH_OK) {
        s.n_wanted = (uint32_t)s.words.n_stems + 1;
        if (!(s.wanted = calloc(s.n_wanted, 1)))
            s.n_wanted = 0;   /* then nothing is looked up: said below */
        uint32_t mask = (1u << SIG_ID_BITS) - 1;
        for (uint32_t i = 0; i < s.table.n; i++) {
            sig_entry *e = &s.table.entries[i];
            e->candidate = e->fg >= min_count;
            for (unsigned k = 0; e->candidate && s.wanted && k < e->words; k++)
                s.wanted[(e->key >> (SIG_ID_BITS * k)) & mask] = 1;
        }
        s.nomem |= !s.wanted;
        s.pass = PASS_BACKGROUND;
        s.files = 0;
        free(s.last_file);
        s.last_file = NULL;
        ss = pass(&fg, &s, rest, max, &res->background_total, &res->background_examined);
    }
    res->limited = res->foreground_total > res->foreground_examined ||
                   res->background_total > res->background_examined;
    res->incomplete = scratch.incomplete;
    if (ss == SEARCH_OK && choose(&s, req, res) != 0) {
        err->kind = QERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        ss = SEARCH_INDEX_ERROR;
    }
    scan_clear(&s);
    shim_query_free(all);
    shim_query_free(rest);
    if (fg.qb.query || fg.qb.units)
        qbuild_result_clear(&fg.qb);
    if (bg.qb.query || bg.qb.units)
        qbuild_result_clear(&bg.qb);
    qnode_free(ftree);
    qnode_free(btree);
    free(fq);
    free(bq);
    return ss;
}

void significant_result_clear(significant_result *res)
{
    for (size_t i = 0; i < res->n_items; i++)
        free(res->items[i].text);
    free(res->items);
    memset(res, 0, sizeof *res);
}
