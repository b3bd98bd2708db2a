/*
 * qparse.h: lasearch's query language, parsed into a tree with positions.
 *
 * The parser knows syntax only; what words mean (terms, stems, councils,
 * statements) is decided later by qbuild.h. Every node and every error
 * carries the column where it starts, so errors can point at the problem.
 *
 * Grammar (operators are recognised in UPPER CASE only; lower-case "and",
 * "or", "not", "near" are ordinary words):
 *
 *   query    := orexp
 *   orexp    := xorexp ( "OR" xorexp )*
 *   xorexp   := andexp ( "XOR" andexp )*
 *   andexp   := unary ( [ "AND" ] unary | "NOT" unary | "AND" "NOT" unary )*
 *                       -- adjacency means AND
 *   unary    := "+" prox | "-" prox | "NOT" prox | prox
 *                       -- "+x" requires x (as AND does); "-x" / leading
 *                          "NOT x" excludes x
 *   prox     := primary ( ("NEAR" | "NEAR/" N | "ADJ" | "ADJ/" N) primary )*
 *                       -- NEAR: within N words (default 10), any order;
 *                          ADJ: within N words (default 10), in order.
 *                          Each primary is a word (wildcards too), a
 *                          phrase, or a bracketed group of those joined by
 *                          OR: "(carer OR carers) NEAR/5 respite"
 *   primary  := "(" orexp ")"
 *             | [ "=" ] '"' text '"'        -- phrase; "=" asks for the exact
 *                                              wording (no stemming)
 *             | [ "=" ] word [ "*" ]        -- word; trailing "*" is a wildcard
 *             | field ":" fvalue
 *   fvalue   := word | '"' text '"' | N | N ".." N | N ".." | ".." N
 *             | D | D ".." D | D ".." | ".." D
 *             -- N: a score; D: a date YYYY, YYYY-MM or YYYY-MM-DD
 *                (published:, checked here; date.h says how dates of
 *                different precision compare);
 *                authority, section, theme, score and published also
 *                take "none": the paragraphs that have no value for the
 *                field
 *   field    := authority | section | theme | heading | kind | file | score
 *             | rating | published | id | like      (case-insensitive)
 *
 * A word is a run of characters other than white space, brackets and '"'.
 * "name:value" is a field only when name is all letters; an unknown name is
 * an error (quote the text to search for it literally).
 *
 * Positions are 1-based columns counted in Unicode characters of the query
 * as given.
 */
#ifndef LASEARCH_QPARSE_H
#define LASEARCH_QPARSE_H

#include <stddef.h>

typedef enum qnode_type {
    Q_WORD,     /* text: one word as typed (may hold "-", "'", "."); flags */
    Q_PHRASE,   /* text: the words inside the quotes; flags */
    Q_FIELD,    /* field, text (the value); for score also lo/hi */
    Q_AND,      /* children, all required */
    Q_OR,
    Q_XOR,
    Q_AND_NOT,  /* children[0] and none of children[1..] */
    Q_NOT,      /* one child: everything except it (leading "-x", "NOT x") */
    Q_NEAR,     /* children (words, phrases, ORs of them), window */
    Q_ADJ       /* children in order, window */
} qnode_type;

enum {
    QF_EXACT = 1,     /* "=" before a word or phrase: no stemming */
    QF_WILDCARD = 2,  /* trailing "*" on a word */
    QF_REQUIRED = 4,  /* "+" before it (informational: AND already requires) */
    QF_QUOTED = 8,    /* a field value that was quoted */
    QF_EXPLICIT = 16  /* Q_AND: an "AND" was written, not only adjacency
                         (so the query is not plain) */
};

typedef enum qfield {
    QFIELD_NONE = 0,
    QFIELD_AUTHORITY,
    QFIELD_SECTION,
    QFIELD_THEME,
    QFIELD_HEADING,
    QFIELD_KIND,
    QFIELD_FILE,
    QFIELD_SCORE,
    QFIELD_RATING,
    QFIELD_PUBLISHED,
    QFIELD_ID,
    QFIELD_LIKE       /* like:ID: paragraphs like that one (weighted) */
} qfield;

typedef struct qnode {
    qnode_type type;
    unsigned column;          /* where the node starts (1-based, characters) */
    unsigned flags;           /* QF_* */
    char *text;               /* Q_WORD, Q_PHRASE, Q_FIELD value; else NULL.
                                 Without the quotes, '=', '*', field name. */
    qfield field;             /* Q_FIELD */
    int lo, hi;               /* Q_FIELD score: inclusive range; a single
                                 value N gives lo = hi = N; open ends 0;
                                 "none" gives lo = hi = 0 */
    unsigned window;          /* Q_NEAR, Q_ADJ */
    struct qnode **children;  /* operators */
    size_t n_children;
} qnode;

/* What kind of problem a query has: front ends act on the kind (which
 * option raises a limit, which HTTP status), never on the message. */
typedef enum qerror_kind {
    QERR_SYNTAX = 0,   /* the query is not well formed, or names an unknown
                          field, council or statement */
    QERR_LENGTH,       /* longer than the length limit */
    QERR_DEPTH,        /* brackets nested deeper than the limit */
    QERR_WILDCARD,     /* a wildcard matches more words than the limit */
    QERR_RESULTS,      /* more results asked for than the limit */
    QERR_INDEX,        /* the index could not answer (see the message) */
    QERR_NOMEM
} qerror_kind;

/* "syntax", "length", "depth", "wildcard", "results", "index", "memory". */
const char *qerror_kind_name(qerror_kind k);

typedef struct qerror {
    qerror_kind kind;
    unsigned column;   /* 1-based column of the problem; 0 if the whole query */
    char message[256]; /* e.g. "unbalanced quote: the phrase that starts at
                          column 5 is never closed" */
} qerror;

/* Limits (defaults, overridable in qparse_options). */
#define QPARSE_DEFAULT_MAX_LENGTH 4096   /* bytes */
#define QPARSE_DEFAULT_MAX_DEPTH 32      /* nested brackets */
#define QPARSE_DEFAULT_NEAR_WINDOW 10

typedef struct qparse_options {
    size_t max_length;   /* 0: default */
    unsigned max_depth;  /* 0: default */
} qparse_options;

/* Parse query (len bytes of UTF-8, already normalised with NORM_DISPLAY so
 * typographic quotes and dashes are ASCII). On success returns 0 and *out is
 * the tree (free with qnode_free). On a syntax error returns -1, *out is
 * NULL and err says what and where; out of memory also returns -1 with the
 * message "out of memory". An empty or all-blank query is an error. opts may
 * be NULL. */
int qparse(const char *query, size_t len, const qparse_options *opts,
           qnode **out, qerror *err);
void qnode_free(qnode *n);

/* The field's name as written in queries ("authority"), or "" for none. */
const char *qfield_name(qfield f);

/* 1 if the tree is only words and phrases joined by implicit AND (or a single
 * word or phrase): a "plain words" query, which may fall back to partial
 * matches. */
int qnode_is_plain(const qnode *n);

/* 1 if the tree has a field condition on field anywhere. */
int qnode_has_field(const qnode *n, int field);

/* A compact description of the tree for debugging and --json's "parsed",
 * e.g. (AND "hospital" (PHRASE "section 75") (FIELD score 1..2)). malloc()ed. */
char *qnode_describe(const qnode *n);

#endif /* LASEARCH_QPARSE_H */
