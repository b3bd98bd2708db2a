/*
 * genhist.h: the generations an index went through (META_GENERATIONS), and
 * what "--since" means against them.
 *
 * Every build and update appends its generation to the list it found in
 * the live generation's metadata and stores the result in its own, so the
 * live generation knows them all: its number, when it was made, whether it
 * was a full build or an update, how many paragraphs first appeared in it
 * (new, or with changed text) and how many of the previous generation's
 * were gone (removed, or their text changed). Each paragraph carries the
 * number of the generation in which its text first appeared
 * (SLOT_FIRST_SEEN, para_record.seen_gen): the indexer writes it, the
 * query side filters on it and reads dates from here.
 *
 * Ownership: a gen_history owns its entries (gen_history_clear).
 * Threads: read-only once parsed. Errors: -1 (out of memory, or stored
 * text that is not ours), with a message where a buffer is passed.
 */
#ifndef LASEARCH_GENHIST_H
#define LASEARCH_GENHIST_H

#include <stddef.h>

typedef struct gen_entry {
    long gen;             /* the generation's number */
    long long time;       /* when it was made, seconds since the epoch (UTC) */
    int full;             /* 1 a full build, 0 an update */
    long long added;      /* paragraphs first seen in it; -1 unknown */
    long long gone;       /* paragraphs of the previous generation no longer
                             in it (removed, or their text changed); -1
                             unknown */
} gen_entry;

typedef struct gen_history {
    gen_entry *e;         /* oldest first, numbers rising */
    size_t n;
} gen_history;

/* Parse stored META_GENERATIONS text (NULL or "": none) into h. 0, or -1
 * when it is not ours or out of memory (h is then empty). */
int gen_history_parse(const char *json, gen_history *h);
/* As stored: JSON text, malloc()ed; NULL out of memory. */
char *gen_history_json(const gen_history *h);
/* Append e (its number must be above every stored one: entries with a
 * number at or above e's, left by a generation never published, are
 * dropped first). 0, or -1 out of memory. */
int gen_history_append(gen_history *h, const gen_entry *e);
/* The entry of generation gen, or NULL. */
const gen_entry *gen_history_find(const gen_history *h, long gen);
void gen_history_clear(gen_history *h);

/* What `--since SPEC` means against h (the live generation's history): the
 * generation after which a paragraph must have first appeared to match,
 * into *after (paragraphs with seen_gen > *after match). SPEC is
 *   N       a generation number: the paragraphs new or changed after it;
 *   last    the paragraphs the latest generation brought (after the one
 *           before it; every paragraph when there is only one);
 *   -N      those the latest N generations brought ("-1" is "last");
 *   YYYY-MM-DD  those of the generations made on or after that day (UTC).
 * 0, or -1 with err saying what SPEC may be. */
int gen_since_resolve(const char *spec, const gen_history *h, long *after, char *err,
                      size_t errlen);

#endif /* LASEARCH_GENHIST_H */
