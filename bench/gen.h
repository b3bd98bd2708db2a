/*
 * gen.h: a deterministic generator of realistic corpora, for the benchmark.
 *
 * It writes what lasearch reads, in the layouts of the real documents
 * (corpus/documents): CQC assessment pages (one per council and quality
 * statement, in the Markdown, plain and "heading:" layouts the seeds come
 * in) and councils' self-assessments (Medway's layout: Theme pages with
 * "What is working well" / "Areas for Improvement" / "Priorities/Actions"
 * bullets), with a manifest.tsv and copies of the reference data.
 *
 * The text is made from the seed documents themselves: their sentences,
 * lightly mutated, mixed with sentences of words drawn from a Zipf law over
 * the seeds' vocabulary followed by an unbounded tail of made-up words and
 * names, so that the vocabulary keeps growing with the corpus as real text
 * does (Heaps' law) instead of saturating at the seeds' few thousand words.
 * The domain phrases queries look for ("section 75", "hospital discharge",
 * "continuing health care", "Better Care Fund") and council names occur in
 * the prose at steady rates.
 *
 * Same options, same seed, same seed documents: the same bytes, whatever the
 * machine. Every file is generated from its own random stream, so one file
 * can be rewritten (a new revision, for update benchmarks) without the rest.
 */
#ifndef LASEARCH_BENCH_GEN_H
#define LASEARCH_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

/* Bumped whenever the generator's output changes for the same options, so
 * a corpus kept from an older generator is made again. */
#define GEN_FORMAT 3

typedef struct gen_options {
    size_t paragraphs;      /* paragraphs in all (exactly what the parser finds) */
    size_t councils;        /* 0: as many as the size needs, at most every council */
    size_t statements;      /* quality statements per council, 1..9 (0: 9) */
    uint64_t seed;
    const char *seed_corpus; /* a corpus directory with real reports: text,
                                vocabulary, authorities.tsv, thesaurus.tsv */
} gen_options;

typedef struct gen_corpus gen_corpus;

/* Plan a corpus: read the seed corpus, decide the files and how many
 * paragraphs each holds. 0, or -1 with err saying why. */
int gen_new(const gen_options *opt, gen_corpus **out, char *err, size_t errlen);
void gen_free(gen_corpus *g);

/* Write the whole corpus under dir (created if need be): documents/,
 * manifest.tsv, authorities.tsv, thesaurus.tsv. 0, or -1 with err. */
int gen_write(gen_corpus *g, const char *dir, char *err, size_t errlen);

/* Files planned, and file i's path relative to the corpus root. */
size_t gen_file_count(const gen_corpus *g);
const char *gen_file_path(const gen_corpus *g, size_t i);

/* Rewrite file i under dir as revision rev (0 is what gen_write wrote;
 * another revision has different text and the same number of paragraphs,
 * as an edited report would). 0, or -1 with err. */
int gen_rewrite_file(gen_corpus *g, const char *dir, size_t i, unsigned rev,
                     char *err, size_t errlen);

/* What was planned: councils, rounds of reports, files, paragraphs,
 * base vocabulary (distinct seed words). */
typedef struct gen_stats {
    size_t councils, rounds, files, self_assessments, paragraphs, base_words;
} gen_stats;
void gen_get_stats(const gen_corpus *g, gen_stats *out);

/* The made-up word of tail rank k (1 = most frequent of the tail), as the
 * generator writes it: lets a benchmark ask for a rare word that exists. */
void gen_tail_word(uint64_t k, char *buf, size_t len);

#endif /* LASEARCH_BENCH_GEN_H */
