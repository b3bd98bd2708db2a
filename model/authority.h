/*
 * authority.h: England's councils with adult social care duties, their
 * aliases, and deciding which council a document is about.
 *
 * The table comes from corpus/authorities.tsv (one council a line: canonical
 * name, type, region, aliases). Names are compared in norm_key() form, so
 * case, accents, punctuation and "&"/"and" never matter.
 *
 * Detection is a tally: the parser feeds it the title line, headings and
 * prose with different weights, and authority_decide() names the council
 * when one clearly dominates, or reports the candidates when none does.
 *
 * Threads: once parsed, a table is read-only: any number of threads may
 * look names up and tally with it at once (the parallel build does). A
 * tally (authority_tally_new) belongs to one thread.
 * Ownership: the table and every string it returns are freed by
 * authority_table_free; strings stay valid until then.
 */
#ifndef LASEARCH_AUTHORITY_H
#define LASEARCH_AUTHORITY_H

#include <stddef.h>

typedef struct authority_table authority_table;

/* Parse the TSV text of authorities.tsv. label names it in errors
 * ("corpus/authorities.tsv"). On failure returns -1 and writes
 * "label:line: what is wrong" into err (errlen bytes). */
int authority_table_parse(const char *text, size_t len, const char *label,
                          authority_table **out, char *err, size_t errlen);
/* Read and parse the file at path (label = path). */
int authority_table_load(const char *path, authority_table **out, char *err,
                         size_t errlen);
void authority_table_free(authority_table *t);

size_t authority_count(const authority_table *t);
/* Canonical name, type ("London borough", ...) and region of council i. */
const char *authority_name(const authority_table *t, size_t i);
const char *authority_type(const authority_table *t, size_t i);
const char *authority_region(const authority_table *t, size_t i);

/* What authority_lookup and authority_from_title return when they ran out
 * of memory: not "no council" (-1), which a caller would act on. */
#define AUTHORITY_NOMEM (-2)

/* The council a whole string names: its canonical name or any alias, in any
 * case, with or without common affixes ("London Borough of", "Council",
 * "City of", "Metropolitan Borough Council", ...). Index, -1, or
 * AUTHORITY_NOMEM. */
int authority_lookup(const authority_table *t, const char *name, size_t len);

/* The council named by a report title line such as "Ealing: local authority
 * assessment" or "London Borough of Ealing - local authority assessment";
 * -1 if the line is not such a title; AUTHORITY_NOMEM. */
int authority_from_title(const authority_table *t, const char *line, size_t len);

/* ---- detection from the text ---- */

typedef struct authority_tally authority_tally;

authority_tally *authority_tally_new(const authority_table *t);
void authority_tally_free(authority_tally *tally);

/* Count the councils mentioned in text (one paragraph or line), each mention
 * weighted by weight (the parser uses AUTHORITY_WEIGHT_*). Mentions are
 * whole-word, longest-match ("North East Lincolnshire" is not also
 * "Lincolnshire"); a name that is also a common word ("Reading", "Bury") only
 * counts where it cannot be that word. Returns 0, or -1 if out of memory. */
#define AUTHORITY_WEIGHT_TITLE 20
#define AUTHORITY_WEIGHT_HEADING 3
#define AUTHORITY_WEIGHT_PROSE 1
int authority_tally_add(authority_tally *tally, const char *text, size_t len,
                        unsigned weight);

#define AUTHORITY_MAX_CANDIDATES 5

typedef struct authority_candidate {
    int index;          /* into the table */
    unsigned mentions;  /* how many times it was mentioned */
    unsigned score;     /* weighted mentions */
} authority_candidate;

typedef struct authority_decision {
    int index;       /* the decided council, or -1 when undecided */
    /* the best candidates, best first (score, then mentions, then name) */
    authority_candidate candidates[AUTHORITY_MAX_CANDIDATES];
    size_t n_candidates;
    char reason[256]; /* e.g. "named 12 times in the text; next: Kent, 5 times" */
} authority_decision;

/* Decide: the best candidate wins if its score is at least 2 and at least
 * twice the runner-up's; otherwise index is -1 and the candidates say why. */
void authority_decide(const authority_tally *tally, authority_decision *out);

#endif /* LASEARCH_AUTHORITY_H */
