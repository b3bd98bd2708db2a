/*
 * qbuild.h: a parsed query (qparse.h) -> a Xapian query (lasearch_shim.h).
 *
 * This is where words get their meaning, with the index's own rules
 * (schema.h): every word and phrase is folded (norm_text NORM_FOLD) and
 * tokenised by shim_analyse(), the same term generator that indexed the text,
 * so a query term is made exactly like an indexed term.
 *
 *   word            stem term ("Zdischarg"): "discharges" finds "discharge"
 *   =word           the unstemmed term: exactly that word (any case)
 *   word that splits into several tokens ("co-production", "s.75"):
 *                   a phrase of them
 *   "a phrase"      PHRASE of the stems: inflected forms match too
 *   ="a phrase"     PHRASE of the unstemmed terms: the exact wording
 *   word*           OP_WILDCARD on the unstemmed prefix, limited to
 *                   wildcard_limit terms (more is an error at run time)
 *   a NEAR/n b      NEAR of the stems, window n; ADJ: PHRASE with window n.
 *                   Each side may be a wildcard (the OR of the terms it
 *                   expands to in the index) or a group "(a OR b)" (the OR
 *                   of its terms; a phrase in a group makes one NEAR per
 *                   combination, at most 16)
 *   heading:x       as above with PREFIX_HEADING ("XH" + raw, "ZXH" + stem)
 *   authority:x     authority_lookup() -> PREFIX_AUTHORITY + norm_key(name),
 *                   else the one council whose name has x as whole words
 *                   ("telford"); words naming several councils are an error
 *                   listing them, an unknown council one with a suggestion
 *                   when a council's name is close
 *   field:none      authority, section, theme, score: every paragraph with
 *                   none of the field's terms (AND_NOT of their OR)
 *   section:, theme:, kind:, rating:   their lookup -> filter term; unknown or
 *                   ambiguous values are errors listing the valid ones
 *   score:N, N..M   OR of PREFIX_SCORE terms
 *   file:x          PREFIX_FILE + the path, or every indexed path whose
 *                   last component is x (shim_db_allterms), or a trailing *
 *   id:x            PREFIX_ID + x
 *   like:x          the paragraphs most like paragraph x (qbuild_like.c):
 *                   the OR of its most distinctive stems, AND_NOT itself;
 *                   weighted, so hits rank by likeness; an unknown id is an
 *                   error at its column
 * Filters (fields other than heading and like) add no weight (scaled by 0 and
 * combined with FILTER), so ranking is by the words alone; a query of
 * filters only matches every paragraph that passes them.
 *
 * Thesaurus: unless env->thesaurus is NULL (--exact), a word, a run of
 * adjacent words of an AND, or a phrase that equals a form of a group becomes
 * an OR of all the group's forms (each built as above); longest match first.
 * Exact ("=") words and phrases are never expanded.
 *
 * Variants: a word or phrase that is not exact also matches the other ways
 * people write it, where the index has them (qbuild_variants.c): British
 * and American spellings, closed and spaced compounds, fiscal years. They
 * are more forms of its unit, OR-ed as a SYNONYM.
 *
 * Every *unit* of the query (a word, a phrase, a thesaurus group, a field
 * condition on heading) is recorded with the forms it may match, so the
 * search can say which form each hit matched ("matched") and, for a plain
 * words query, how many of its units a partial match has.
 */
#ifndef LASEARCH_QBUILD_H
#define LASEARCH_QBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "authority.h"
#include "lasearch_shim.h"
#include "qparse.h"
#include "thesaurus.h"

#define QBUILD_DEFAULT_WILDCARD_LIMIT 1000

/* A council's overall rating, as its summary page states it. */
typedef struct council_rating {
    char *authority;    /* canonical name */
    char *rating;       /* "Good", "Requires improvement", ... */
    int indicative;     /* a 2023 pilot's indicative rating */
} council_rating;

typedef struct qbuild_env {
    shim_db *db;                        /* for file: names */
    shim_termgen *tg;                   /* shim_termgen_new("en", 0, ...) */
    const authority_table *authorities;
    const thesaurus *thesaurus;         /* NULL: no expansion */
    uint32_t wildcard_limit;            /* 0: QBUILD_DEFAULT_WILDCARD_LIMIT */
    /* Each rated council's rating (rating: finds every paragraph of the
     * councils rated so, besides the summary pages themselves); may be
     * NULL. */
    const council_rating *ratings;
    size_t n_ratings;
} qbuild_env;

/* One way a unit can match: its text as shown to users, and the terms a
 * paragraph must contain for this form to have matched. */
typedef struct qbuild_form {
    char *label;       /* "continuing health care", "CHC", "partner*" */
    char **terms;      /* e.g. {"Zcontinu", "Zhealth", "Zcare"}; a wildcard
                          form has the single pseudo-term "partner*"
                          meaning any term with that unstemmed prefix */
    size_t n_terms;
} qbuild_form;

typedef struct qbuild_unit {
    unsigned column;         /* where it starts in the query */
    int negated;             /* under NOT / AND_NOT: never "matched" */
    int required;            /* not negated, and reached from the top only
                                through AND, FILTER's weighted side, the
                                first operand of AND_NOT and NEAR/ADJ: every
                                match of `query` (not of any_of) matches it,
                                so a unit of one form matched that form */
    qbuild_form *forms;      /* the first is what the user typed */
    size_t n_forms;
} qbuild_unit;

typedef struct qbuild_result {
    shim_query *query;       /* the query to run */
    shim_query *any_of;      /* plain-words queries only (qnode_is_plain):
                                the OR of the units, for partial matches;
                                else NULL */
    qbuild_unit *units;
    size_t n_units;
    char **spell_words;      /* the user's plain words (folded), for "did
                                you mean" (not exact, not wildcards) */
    size_t n_spell_words;
} qbuild_result;

/* Build. Returns 0, or -1 with err (column of the offending node) on a
 * semantic error: unknown council, section, theme, kind or rating value, a
 * word with no searchable characters ("--"), a wildcard on a word that splits
 * into several tokens, a wildcard over its limit, NEAR groups with too many
 * phrases, out of memory. */
int qbuild(const qnode *tree, const qbuild_env *env, qbuild_result *out, qerror *err);
void qbuild_result_clear(qbuild_result *r);

#endif /* LASEARCH_QBUILD_H */
