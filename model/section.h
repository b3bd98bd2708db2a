/*
 * section.h: CQC's nine quality statements and four themes.
 *
 * A section is an index 0..8 into the fixed table of statements, in CQC's
 * order; -1 means none. Documents write statement names in many ways ("live
 * healthier lives", "Safe systems, pathways and transitions", "Equity in
 * experiences and outcomes", any case, "&" for "and", stray punctuation);
 * section_match() maps all of them onto the canonical names below.
 *
 *   theme 0 Working with people:  0 Assessing needs
 *                                 1 Supporting people to lead healthier lives
 *                                 2 Equity in experience and outcomes
 *   theme 1 Providing support:    3 Care provision, integration and continuity
 *                                 4 Partnerships and communities
 *   theme 2 Ensuring safety:      5 Safe pathways, systems and transitions
 *                                 6 Safeguarding
 *   theme 3 Leadership:           7 Governance, management and sustainability
 *                                 8 Learning, improvement and innovation
 */
#ifndef LASEARCH_SECTION_H
#define LASEARCH_SECTION_H

#include <stddef.h>

#define SECTION_COUNT 9
#define THEME_COUNT 4

/* Canonical statement name of section s, "" for s out of range. */
const char *section_name(int s);
/* Theme index of section s, -1 for s out of range. */
int section_theme(int s);
/* Canonical theme name of theme t ("Working with people", ...), "" if none. */
const char *theme_name(int t);
/* A short stable key for s ("assessing-needs", ...), used in index terms. */
const char *section_key(int s);
const char *theme_key(int t);

/* The section a whole string names, or -1. The string must be the name and
 * nothing more (after trimming spaces, '#', trailing ':' and punctuation);
 * case, accents, dashes, "&" and word-order variants are forgiven. */
int section_match(const char *text, size_t len);

/* The theme a whole string names ("Working with People", "Leadership"), or -1. */
int theme_match(const char *text, size_t len);

/* For query fields: the section or theme a user's value means. Accepts the
 * canonical name, any variant section_match() accepts, the key, and a unique
 * prefix of a canonical name's words ("safeguard", "equity"). Returns the
 * index, -1 for no match, -2 for ambiguous. */
int section_lookup(const char *value);
int theme_lookup(const char *value);

#endif /* LASEARCH_SECTION_H */
