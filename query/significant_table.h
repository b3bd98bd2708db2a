/*
 * significant_table.h: the words and phrases --significant counts (private
 * to search_significant.c; see significant.h for what is counted).
 *
 * Every distinct word read gets a number, and so does every distinct
 * stem; a phrase of up to three words is then one 64-bit key of its stems'
 * numbers (SIG_ID_BITS each), and a written form one key of its words'
 * numbers. Counting a phrase is a lookup of an integer, not the building
 * and comparing of strings: it is done for every word of every paragraph
 * read, millions of times at 50,000 paragraphs.
 */
#ifndef LASEARCH_SIGNIFICANT_TABLE_H
#define LASEARCH_SIGNIFICANT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "lasearch_shim.h"

#define SIG_FORMS 4          /* written forms remembered per phrase */
#define SIG_ID_BITS 21       /* bits of a word's or stem's number in a key */
#define SIG_MAX_IDS ((1u << SIG_ID_BITS) - 2)   /* numbers 1.. this */

/* A key of up to three numbers, the first in the low bits; 0: none. */
static inline uint64_t sig_key(const uint32_t *ids, unsigned n)
{
    uint64_t k = 0;
    for (unsigned i = 0; i < n; i++)
        k |= (uint64_t)ids[i] << (SIG_ID_BITS * i);
    return k;
}

typedef struct sig_form {
    uint64_t words;        /* the words' numbers (sig_key) */
    uint32_t count;
} sig_form;

typedef struct sig_entry {
    uint64_t key;          /* the stems' numbers (sig_key) */
    unsigned words;
    sig_form forms[SIG_FORMS];  /* the first SIG_FORMS written forms seen */
    uint32_t fg, bg;       /* paragraphs using it */
    uint32_t fg_last, bg_last;  /* serial of the last paragraph counted */
    uint32_t *councils;    /* ids of the foreground councils using it */
    uint32_t n_councils, cap_councils;
    uint32_t last_council; /* the latest added (paragraphs come council by
                              council: most additions are that one again) */
    uint32_t bg_files, bg_last_file;  /* background reports using it */
    int candidate;         /* fg >= min_count: counted in the background */
    int kept;              /* passes every test (search_significant.c) */
    double score;
} sig_entry;

struct sig_slot {
    uint64_t key;
    uint32_t index;
};

typedef struct sig_table {
    sig_entry *entries;    /* n of them, in the order first seen */
    uint32_t n, cap;
    struct sig_slot *slots;  /* open addressing: a key and its entry's
                                index + 1 (0: empty), so a lookup that
                                misses never touches the entries */
    size_t n_slots;
} sig_table;

/* The entry for key: found, or added when create (words set, counts 0).
 * NULL when absent (create 0) or out of memory (*nomem set). The pointer
 * is valid until the next call that creates. */
sig_entry *sig_table_get(sig_table *t, uint64_t key, unsigned words, int create, int *nomem);

/* Count one use of the written form `words` (sig_key of word numbers).
 * Never fails: a fifth form is not remembered. */
void sig_entry_form(sig_entry *e, uint64_t words);
/* Note council id as using e. -1 out of memory. */
int sig_entry_council(sig_entry *e, uint32_t id);
/* The commonest written form (first seen on ties). */
uint64_t sig_entry_form_of(const sig_entry *e);

/* Free everything; t is left empty and reusable. */
void sig_table_clear(sig_table *t);

/* ---- counts alone ----
 * The foreground is read twice: first only counting every phrase's
 * paragraphs here (16 bytes a phrase), then again keeping the whole entry
 * (sig_table) only for the phrases used often enough. Most phrases are
 * used once: their entries, forms and councils would be most of the
 * memory, and of the time spent missing the cache. */

typedef struct sig_counts {
    struct sig_count *slots;
    size_t cap, n;
} sig_counts;

/* Count key once for paragraph serial (again in the same paragraph: no
 * change). -1 out of memory. */
int sig_counts_add(sig_counts *c, uint64_t key, uint32_t serial);
/* Paragraphs counted for key (0 if never). */
uint32_t sig_counts_get(const sig_counts *c, uint64_t key);
void sig_counts_clear(sig_counts *c);

/* ---- words ---- */

/* What is known of a word once: its number, its stem's, and whether it is
 * a stop word. */
typedef struct sig_word {
    uint32_t id, stem;
    int stop;
} sig_word;

typedef struct sig_words {
    struct sig_word_slot *slots;   /* by the word's text */
    size_t cap, n;
    char **texts;                  /* word number - 1 -> its text */
    struct sig_word_slot *stems;   /* by the stem's text */
    size_t stems_cap, n_stems;
} sig_words;

/* The word w[0..len) (folded, as the index's unstemmed terms are), its
 * stem worked out by tg's stemmer the first time (a number is its own
 * stem). 0, or -1 with *failed (the shim's status, SHIM_ERR_NOMEM out of
 * memory, SHIM_ERR_ARG more than SIG_MAX_IDS distinct words). */
int sig_words_get(sig_words *c, shim_termgen *tg, const char *w, size_t len, sig_word *out,
                  shim_status *failed);
/* The text of word number id (borrowed). */
const char *sig_words_text(const sig_words *c, uint32_t id);
void sig_words_clear(sig_words *c);

#endif /* LASEARCH_SIGNIFICANT_TABLE_H */
