/*
 * firstseen.h: in which generation each paragraph of a file first appeared
 * with its current text, kept across updates and rebuilds.
 *
 * Each file's entry in the file table (filestate.h) lists, in paragraph
 * order, a 64-bit hash of each paragraph's text (whitespace runs as one
 * space, ends trimmed) with the generation that text was first indexed in.
 * When a file is indexed again (an update found it changed, or a full
 * build runs over an index that already exists), its new paragraphs are
 * matched to the old ones by text, not by position: inserting a paragraph
 * shifts every ordinal after it, but not their texts. A new paragraph whose
 * text an old one had keeps that one's generation (each old paragraph is
 * matched at most once, so a repeated text counts as often as it occurs);
 * any other is new in the generation being made.
 *
 * Ownership: a firstseen owns its arrays (firstseen_clear). Threads: a
 * firstseen is read-only once made; matching touches only its arguments.
 */
#ifndef LASEARCH_FIRSTSEEN_H
#define LASEARCH_FIRSTSEEN_H

#include <stddef.h>
#include <stdint.h>

typedef struct firstseen {
    uint64_t *hash;       /* per paragraph, in order: firstseen_hash() */
    long *gen;            /* per paragraph: the generation it first appeared in */
    size_t n;
} firstseen;

/* The hash of a paragraph's text (len bytes), whitespace runs as one space
 * and the ends trimmed, so a paragraph re-flowed over other lines is the
 * same paragraph. */
uint64_t firstseen_hash(const char *text, size_t len);

/* Give the n paragraphs with hashes hash[] their generations: the old
 * paragraph's (old may be NULL: no earlier version) for each text it had,
 * gen_now for the rest. Fills out (n entries, replacing what it held) and
 * sets *kept to how many kept an old generation. 0, or -1 out of memory. */
int firstseen_match(const firstseen *old, const uint64_t *hash, size_t n, long gen_now,
                    firstseen *out, size_t *kept);

/* The same, for a file's paragraphs handed over in parts (parse.h): each
 * call matches the next n paragraphs, appending them to out (which starts
 * empty), and adds to *kept. Old paragraphs matched by one part are not
 * matched again. init and next return 0, or -1 out of memory (out then
 * holds the parts before). The matcher reads old, which must outlive it. */
struct firstseen_slot;
typedef struct firstseen_matcher {
    const firstseen *old;
    struct firstseen_slot *sorted;
    unsigned char *used;
    size_t m;
} firstseen_matcher;
int firstseen_matcher_init(firstseen_matcher *mt, const firstseen *old);
int firstseen_matcher_next(firstseen_matcher *mt, const uint64_t *hash, size_t n,
                           long gen_now, firstseen *out, size_t *kept);
void firstseen_matcher_clear(firstseen_matcher *mt);

/* As stored in the file table: "g<gen>" sets the generation for the
 * 16-hex-digit hashes that follow, separated by spaces
 * ("g3 0123456789abcdef fedcba9876543210 g7 ..."). malloc()ed; NULL out of
 * memory. "" for none. */
char *firstseen_encode(const firstseen *s);
/* Parse what firstseen_encode wrote (NULL or "": none) into s. 0, -1
 * malformed, -2 out of memory (s is then empty). */
int firstseen_decode(const char *text, firstseen *s);

/* Deep copy. 0, or -1 out of memory (dst is then empty). */
int firstseen_copy(firstseen *dst, const firstseen *src);
/* How many entries have generation gen. */
size_t firstseen_count(const firstseen *s, long gen);
void firstseen_clear(firstseen *s);

#endif /* LASEARCH_FIRSTSEEN_H */
