/*
 * gen_internal.h: the pieces of the corpus generator (gen.h) shared by its
 * files: random streams, the seed material, and text (built in a bytebuf).
 *
 *   gen_seed.c    reading the seed corpus: sentences, bullets, vocabulary
 *   gen_text.c    random streams, words (Zipf + tail), sentences, paragraphs
 *   gen_layout.c  the plan, the page layouts, writing files and the manifest
 */
#ifndef LASEARCH_BENCH_GEN_INTERNAL_H
#define LASEARCH_BENCH_GEN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "bytebuf.h"
#include "gen.h"

/* ---- random streams (gen_text.c) ----
 * splitmix64: tiny, fast, good enough for text, and trivially seeded per
 * file, which is what lets one file be regenerated alone. */
typedef struct gen_rng {
    uint64_t s;
} gen_rng;

gen_rng gen_rng_for(uint64_t seed, uint64_t a, uint64_t b);
uint64_t gen_rng_next(gen_rng *r);
double gen_rng_unit(gen_rng *r);            /* [0, 1) */
size_t gen_rng_below(gen_rng *r, size_t n); /* [0, n), n > 0 */

/* In seed sentences, a seed council's name is replaced by this byte, and
 * written back as the generated document's own council. */
#define GEN_OWN_COUNCIL '\x01'

/* ---- the seed material (gen_seed.c) ---- */
typedef struct gen_seed {
    char **sentences;        /* prose sentences of the seed reports */
    size_t n_sentences;
    char **bullets;          /* self-assessment bullets (without "- ") */
    size_t n_bullets;
    char **words;            /* vocabulary, most frequent first */
    size_t n_words;
    char **councils;         /* every council's short name (authorities.tsv) */
    size_t n_councils;
    char *authorities_text;  /* raw reference files, copied into the corpus */
    char *thesaurus_text;
} gen_seed;

int gen_seed_load(const char *corpus_dir, gen_seed *out, char *err, size_t errlen);
void gen_seed_clear(gen_seed *s);

/* ---- text (gen_text.c) ---- */

/* One word: a vocabulary word by Zipf rank, or (rarely) a made-up word of
 * the unbounded tail. */
void gen_word(const gen_seed *s, gen_rng *r, bytebuf *out);

/* A paragraph of prose (2-7 sentences, no newline) naming council (and
 * sometimes neighbour) as reports do. */
void gen_paragraph(const gen_seed *s, gen_rng *r, const char *council,
                   const char *neighbour, bytebuf *out);

/* A self-assessment bullet's text (one line, no "- "). */
void gen_bullet(const gen_seed *s, gen_rng *r, const char *council, bytebuf *out);

#endif /* LASEARCH_BENCH_GEN_INTERNAL_H */
