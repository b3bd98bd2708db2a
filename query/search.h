/*
 * search.h: the search core. One query string in, one complete answer out:
 * ranked hits with their records, snippets and matched forms, the exact
 * total, facet counts, groups per council, partial matches, a spelling
 * suggestion. Formatting is elsewhere (out.h); every front end (the CLI's
 * text, JSON and TSV, batch mode) uses this one core.
 *
 * Threads: a search_index is for one thread at a time (it holds Xapian
 * handles and follows the index to new generations as it is used); a
 * server keeps one per worker (serve/pool.c). Any number may be open on
 * one index at once, in one process or many.
 * Ownership: search_run fills a search_result the caller frees with
 * search_result_clear, also after an error. Errors: a search_status, with
 * the qerror saying what and, by its kind, which limit.
 */
#ifndef LASEARCH_SEARCH_H
#define LASEARCH_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "genhist.h"
#include "qparse.h"
#include "record.h"

/* ---- the open index ---- */

typedef struct search_index search_index;

/* Open the index at path (a lasearch index directory) with the reference data
 * it was built with. Returns 0, or -1 with err saying what is wrong and what
 * to do ("no index at 'x': build one with lasearch-index --index x"). */
int search_index_open(const char *path, search_index **out, char *err, size_t errlen);
void search_index_free(search_index *ix);
/* The generations the open index went through (genhist.h), its live one
 * last. 0, or -1 with err. */
int search_index_generations(search_index *ix, gen_history *h, char *err, size_t errlen);

/* ---- a request ---- */

/* SORT_PUBLISHED: newest first, by the date as known (schema.h's
 * SLOT_PUBLISHED: a date known only to the year or month after that
 * period's dated paragraphs), then relevance; paragraphs with no date
 * last. There is no oldest-first order: it would put the undated first. */
typedef enum search_sort {
    SORT_RELEVANCE, SORT_AUTHORITY, SORT_SCORE, SORT_DOCUMENT, SORT_PUBLISHED,
    SORT_NEWEST,            /* first-seen generation, newest first, then
                               relevance (the Atom feed's order) */
    SORT_COUNT
} search_sort;

/* FACET_PUBLISHED counts by year ("2024"), FACET_PUBLISHED_MONTH by month
 * ("2024-05"; a date known only to its year stays "2024"); both list the
 * newest first, not the most frequent. FACET_RATING counts paragraphs by
 * their council's rating (search_ratings.c), best first. */
enum { FACET_AUTHORITY, FACET_SCORE, FACET_SECTION, FACET_THEME, FACET_KIND,
       FACET_PUBLISHED, FACET_PUBLISHED_MONTH, FACET_RATING, FACET_COUNT };

typedef struct search_request {
    const char *query;
    size_t limit;           /* hits (or groups with by_authority) */
    size_t offset;
    search_sort sort;
    int by_authority;       /* group hits per council */
    size_t per;             /* hits per council when grouping */
    int facets[FACET_COUNT];/* which facet counts to compute */
    int strict;             /* no partial matches */
    int exact;              /* no thesaurus expansion */
    size_t snippet_bytes;   /* snippet length */
    const char *hl_start, *hl_end;  /* highlight markers for snippets */
    const char *since;      /* NULL, or only paragraphs new or changed after
                               the generation this names (genhist.h:
                               "7", "last", "-2", "2026-12-01") */

    /* Limits: what one request may cost, whoever sends it. A request over
     * a limit is a SEARCH_QUERY_ERROR saying which limit and its value;
     * 0 in a count means its default (so a zeroed request is still
     * bounded). */
    size_t max_query_length;  /* bytes of query text, checked before any
                                 work (SEARCH_DEFAULT_MAX_QUERY_LENGTH) */
    unsigned max_depth;       /* nesting of brackets (QPARSE_DEFAULT_MAX_DEPTH;
                                 qparse lowers anything above 256) */
    uint32_t wildcard_limit;  /* words one wildcard may expand to
                                 (QBUILD_DEFAULT_WILDCARD_LIMIT) */
    size_t max_results;       /* hits in one answer: limit, or limit * per
                                 with by_authority (SEARCH_DEFAULT_MAX_RESULTS) */
    double timeout;           /* seconds the whole request may take:
                                 expansion, spelling and matching share it
                                 (search_limits_check starts the budget);
                                 a match that runs out comes back flagged
                                 incomplete. 0 = no limit;
                                 search_request_init sets
                                 SEARCH_DEFAULT_TIMEOUT */
} search_request;

#define SEARCH_DEFAULT_MAX_QUERY_LENGTH QPARSE_DEFAULT_MAX_LENGTH  /* 4096 */
#define SEARCH_DEFAULT_MAX_RESULTS 1000
#define SEARCH_DEFAULT_TIMEOUT 10.0

/* Defaults: limit 10, per 3, snippet 300 bytes, "**" markers, and the
 * limits above at their defaults. */
void search_request_init(search_request *req, const char *query);

/* ---- the answer ---- */

typedef struct search_hit {
    size_t rank;            /* 1-based, across pages */
    uint32_t docid;
    double weight;
    para_record rec;
    char *snippet;          /* with hl_start/hl_end around matches */
    char **matched;         /* labels of the forms that matched */
    size_t n_matched;
    size_t units_matched;   /* partial matches: units present */
} search_hit;

typedef struct facet_count {
    char *value;            /* display form ("Ealing", "3"); "" = no value:
                               that bucket comes last, so a facet's counts
                               add up to total */
    uint32_t count;
} facet_count;

typedef struct search_group {
    char *authority;        /* "" = undecided */
    uint32_t count;         /* all matching paragraphs of this council */
    search_hit *hits;       /* its best `per` */
    size_t n_hits;
} search_group;

typedef struct search_result {
    char *parsed;           /* qnode_describe() */
    char *xapian;           /* the Xapian query's description */
    uint32_t total;         /* matches in all (exact) */
    int partial;            /* no paragraph matched all units: hits are
                               those with most of them */
    size_t units;           /* units in the query (for partial: "k of n") */
    search_hit *hits;
    size_t n_hits;
    search_group *groups;   /* by_authority */
    size_t n_groups;
    uint32_t n_group_total; /* councils with matches */
    facet_count *facets[FACET_COUNT];
    size_t n_facets[FACET_COUNT];
    char *suggestion;       /* a corrected query that finds more, or NULL */
    uint32_t suggestion_total;
    int incomplete;         /* the time limit stopped a match early: total,
                               facets and groups may be short, and hits may
                               miss better matches */
} search_result;

typedef enum search_status {
    SEARCH_OK = 0,
    SEARCH_QUERY_ERROR,     /* the query is wrong: err.column, err.message */
    SEARCH_INDEX_ERROR      /* the index failed: err.message */
} search_status;

/* Run req against ix. On error result is empty (still cleared with
 * search_result_clear) and err says what and where. */
search_status search_run(search_index *ix, const search_request *req,
                         search_result *result, qerror *err);
void search_result_clear(search_result *r);

/* Facet names as accepted by --facets ("authority", ..., "published",
 * "published-month"), FACET_COUNT = none. */
const char *search_facet_name(int facet);
int search_facet_from_name(const char *name);
/* The facets' names, comma-separated, for messages. */
const char *search_facet_names(void);

/* Sort names as accepted by --sort and the API ("relevance", "authority",
 * "score", "document", "published"); SORT_COUNT = none. */
const char *search_sort_name(search_sort sort);
search_sort search_sort_from_name(const char *name);
/* The sorts' names, comma-separated, for messages. */
const char *search_sort_names(void);

#endif /* LASEARCH_SEARCH_H */
