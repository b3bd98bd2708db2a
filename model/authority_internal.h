/*
 * authority_internal.h: what the three files of the council module share.
 * Not a public API. Dependencies run one way:
 *
 *   authority_words.c   words of running text, first-word keys, the hash
 *   authority.c         the table (uses words)
 *   authority_tally.c   the mention tally (uses the table and words)
 */
#ifndef LASEARCH_AUTHORITY_INTERNAL_H
#define LASEARCH_AUTHORITY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "authority.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

#define WORD_MAX 32       /* longer first words are not hashed for prose */

typedef struct key_slot {
    char *key;        /* norm_key() form; NULL = empty slot */
    int index;        /* its council */
    unsigned line;    /* where it was defined, for duplicate errors */
} key_slot;

typedef struct pattern {
    char *words;      /* as written, one space between words, '&' as "and" */
    size_t nw;        /* how many */
    int index;        /* the council */
    int next;         /* next pattern with the same first word */
    int common;       /* one word that is also an English word */
    int other;        /* index into other_places, or -1 */
} pattern;

typedef struct first_slot {
    char key[WORD_MAX];             /* a first word in capitals; "" = empty */
    int head;                       /* its patterns, longest first */
} first_slot;

struct authority_table {
    struct { char *name, *type, *region; } *entries;
    size_t n;
    key_slot *keys;
    size_t key_cap;
    pattern *pats;
    size_t n_pats, cap_pats;
    first_slot *first;
    size_t first_cap;
    int any_uncapitalised;  /* a pattern starts other than with A-Z */
};

typedef struct scan_tok {
    const char *s;
    size_t len;
    unsigned char hard_before;  /* punctuation a name cannot span */
    unsigned char sent_start;   /* first word of a sentence or of the text */
} scan_tok;

/* ---- authority.c ---- */

/* Other places whose names start or end with a council's name or alias
 * (authority.c has the list and why). */
typedef struct authority_other_place {
    const char *key, *before, *after;
} authority_other_place;
extern const authority_other_place authority_other_places[];
extern const size_t authority_n_other_places;

/* The slot holding key, or the empty slot where it would go (never NULL:
 * the table always has free slots). */
first_slot *authority_first_find(const authority_table *t, const char *key);

/* ---- authority_words.c ---- */

/* FNV-1a, for the table's open-addressing hashes. */
uint64_t authority_hash(const char *s, size_t n);

/* One code point at s; an invalid byte reads as U+FFFD, one byte long. */
size_t authority_next_cp(const char *s, size_t len, int32_t *cp);

/* Split text into words and '&' signs (*toks grows as needed). */
int authority_tokenize(const char *text, size_t len, scan_tok **toks,
                       size_t *cap, size_t *n_out);
/* Whether token t is the word w (wl bytes), as written. */
int authority_word_is(const scan_tok *t, const char *w, size_t wl);
/* Whether the words of phrase stand at toks[i..]. */
int authority_phrase_at(const char *phrase, const scan_tok *toks, size_t ntok,
                        size_t at);
/* The first word s (len bytes) in capitals, as a hash key, into out;
 * 0 when it is empty or too long to hash (WORD_MAX), else 1. */
int authority_first_key(const char *s, size_t len, char out[WORD_MAX]);

#endif /* LASEARCH_AUTHORITY_INTERNAL_H */
