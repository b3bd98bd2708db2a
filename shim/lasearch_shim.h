/*
 * lasearch_shim.h: the C API over Xapian. The only public header of shim/.
 *
 * Everything lasearch needs from Xapian goes through here: databases (read
 * and write), documents with terms, positions, values and data, term
 * generation with an English stemmer, query construction, enquire with
 * sorting, collapsing and match spies (facet counts), result sets, snippets
 * and spelling suggestions.
 *
 * Contract, for every function below unless it says otherwise:
 *  - It returns a shim_status. SHIM_OK means success; on any other status the
 *    out-parameters are set to NULL/0, and shim_last_error() describes the
 *    failure (the Xapian exception's type and message, or ours).
 *  - No C++ exception ever leaves the shim: every entry point catches
 *    Xapian::Error, std::bad_alloc and anything else at its boundary.
 *  - Handles are opaque. Whatever a function hands out through a `**out`
 *    parameter is owned by the caller and freed with the matching _free()
 *    (which accepts NULL). Strings handed out as `char **out` are malloc()ed:
 *    free them with free(). Strings handed out as `const char **out` are
 *    borrowed: they stay valid until the object they came from is freed or
 *    next modified.
 *  - A handle is used by one thread at a time; distinct handles may be used
 *    from distinct threads.
 *
 * Why query *parsing* is not here: Xapian's QueryParser forgives malformed
 * input silently (an unbalanced quote or bracket still parses) and its errors
 * carry no positions. lasearch parses its own query language (query/qparse.h)
 * and builds queries with the constructors below, tokenising every word and
 * phrase through shim_analyse() so query terms are made exactly like indexed
 * terms.
 */
#ifndef LASEARCH_SHIM_H
#define LASEARCH_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- status -- */

typedef enum shim_status {
    SHIM_OK = 0,
    SHIM_ERR_NOMEM,      /* an allocation failed */
    SHIM_ERR_ARG,        /* misuse: NULL handle, empty term, bad option */
    SHIM_ERR_NOT_FOUND,  /* no database at that path (DatabaseNotFoundError),
                            or no such document (DocNotFoundError) */
    SHIM_ERR_OPENING,    /* a database exists but cannot be opened
                            (DatabaseOpeningError, permissions) */
    SHIM_ERR_VERSION,    /* database format from another Xapian version
                            (DatabaseVersionError) */
    SHIM_ERR_LOCKED,     /* another writer holds the lock (DatabaseLockError) */
    SHIM_ERR_MODIFIED,   /* the database changed under a reader; reopen and
                            retry (DatabaseModifiedError) */
    SHIM_ERR_CORRUPT,    /* DatabaseCorruptError */
    SHIM_ERR_DATABASE,   /* any other DatabaseError, e.g. I/O or disk full */
    SHIM_ERR_QUERY,      /* an invalid query (QueryParserError,
                            InvalidArgumentError while building or running) */
    SHIM_ERR_WILDCARD,   /* a wildcard expands to more terms than allowed
                            (WildcardError) */
    SHIM_ERR_NETWORK,    /* a remote shard failed (NetworkError and kin) */
    SHIM_ERR_XAPIAN,     /* any other Xapian::Error */
    SHIM_ERR_UNSAFE,     /* opening would run a program named in a stub
                            ("remote :PROG"), and the caller did not allow it */
    SHIM_ERR_INTERNAL,   /* a C++ exception that is not a Xapian::Error */
    SHIM_ERR_TIMEOUT,    /* the thread's request budget ran out of time
                            (shim_budget_start) */
    SHIM_ERR_BUDGET      /* expansions took more terms than the thread's
                            request budget allows (shim_budget_start) */
} shim_status;

/* A short fixed description of a status ("database is locked"). Never NULL. */
const char *shim_status_string(shim_status st);

/* The message of the most recent failing shim call on this thread, e.g.
 * "DatabaseLockError: Unable to get write lock on ...". "" if none. Valid
 * until the next shim call on this thread. */
const char *shim_last_error(void);

/* Xapian's version string, e.g. "1.4.22". Static, never NULL. */
const char *shim_xapian_version(void);

/* ------------------------------------------------------ request budgets -- */

/* What the Xapian work of one request may cost: a time limit and a number
 * of expansion terms. A budget belongs to the calling thread (like
 * shim_last_error), because a thread serves one request at a time and the
 * layers between a request and its Xapian calls (the query builder, the
 * search core) need not pass it along. Without a budget nothing is limited.
 *
 * Time: once `seconds` have passed since shim_budget_start (0: no limit),
 * shim_query_expand, shim_enquire_run, shim_enquire_matching_terms and
 * shim_db_spelling return SHIM_ERR_TIMEOUT, and a match of 64 terms or
 * more already under way is stopped at its next candidate document with
 * it. (Xapian's own time limit, shim_enquire_set_time_limit, only stops
 * *counting*: the search for the best hits runs on, which takes long only
 * for big queries, such as an OR of thousands of wildcard terms.) Work
 * inside one Xapian call that visits no candidate (opening the posting
 * lists of a huge query) is not interrupted: bound it with the terms.
 * Terms: at most max_terms (0: no limit) terms in all from
 * shim_query_expand and shim_budget_take; more is SHIM_ERR_BUDGET.
 * Starting a budget replaces the thread's previous one. */
void shim_budget_start(double seconds, uint64_t max_terms);
/* No budget for this thread from now on. */
void shim_budget_stop(void);
/* Seconds left (0 when spent; HUGE_VAL when the budget has no time limit). */
double shim_budget_left(void);
/* Take n terms from the budget: SHIM_OK, or SHIM_ERR_BUDGET (nothing
 * taken) when fewer than n are left. */
shim_status shim_budget_take(uint64_t n);
/* SHIM_OK, or SHIM_ERR_TIMEOUT when the time is up (for a caller's own
 * long loops). */
shim_status shim_budget_check(void);

/* -------------------------------------------------------------- handles -- */

typedef struct shim_db shim_db;               /* read-only database (or several) */
typedef struct shim_wdb shim_wdb;             /* writable database */
typedef struct shim_doc shim_doc;             /* a document */
typedef struct shim_termgen shim_termgen;     /* text -> terms and positions */
typedef struct shim_tokens shim_tokens;       /* result of shim_analyse() */
typedef struct shim_query shim_query;         /* an immutable query */
typedef struct shim_enquire shim_enquire;     /* a search session */
typedef struct shim_mset shim_mset;           /* one page of ranked results */
typedef struct shim_facet shim_facet;         /* value counts (a match spy) */
typedef struct shim_termlist shim_termlist;   /* a materialised list of terms */
typedef struct shim_words shim_words;         /* changes in words' occurrences */

/* ------------------------------------------------------------ termlists -- */

/* A snapshot of terms with a frequency each (its meaning depends on where the
 * list came from and is stated there). Iterate with shim_termlist_next(): it
 * returns 1 and sets *term (borrowed, NUL-terminated; may contain no NUL) and
 * *freq for each entry in order, then 0. Never fails. */
int shim_termlist_next(shim_termlist *tl, const char **term, uint32_t *freq);
size_t shim_termlist_size(const shim_termlist *tl);
void shim_termlist_free(shim_termlist *tl);

/* ---------------------------------------------------- reading databases -- */

/* Open the database at path read-only. path may be a Xapian database
 * directory or a stub (a file, or a directory holding a XAPIANDB file) that
 * lists several. Not found -> SHIM_ERR_NOT_FOUND (Xapian also says this of an
 * existing directory with no database in it); not a database (e.g. a file
 * that is not a valid stub) or newer format -> SHIM_ERR_OPENING /
 * SHIM_ERR_VERSION. */
shim_status shim_db_open(const char *path, shim_db **out);

/* Flags for shim_db_open_ex() and shim_db_check(). */
enum {
    SHIM_OPEN_ALLOW_PROG = 1   /* allow stub lines that run a program */
};

/* Stubs are safe to open. A stub line "remote :PROG ARGS" makes Xapian run
 * PROG (its "prog" remote backend), so a database from an untrusted source
 * could run anything. Before opening, every stub the open would read is read
 * here with Xapian's rules, following "auto" entries into nested stubs, and:
 *  - a line that would run a program -> SHIM_ERR_UNSAFE, unless flags has
 *    SHIM_OPEN_ALLOW_PROG; the message names the stub file, the line number
 *    and the program;
 *  - stubs nested more than 8 deep (a stub naming itself, which would make
 *    Xapian recurse until the stack overflows) -> SHIM_ERR_OPENING;
 *  - a stub file over 1 MiB (Xapian would read it all into memory) ->
 *    SHIM_ERR_OPENING, having read no more than that.
 * TCP remotes ("remote host:port") run nothing here and are allowed.
 * shim_db_open(path, out) is shim_db_open_ex(path, F, out) with F the
 * process default (0 unless shim_set_default_open_flags() said otherwise);
 * shim_db_add() and shim_wdb_open() check the same way (shim_wdb_open never
 * allows programs). Unknown flags -> SHIM_ERR_ARG. */
shim_status shim_db_open_ex(const char *path, unsigned flags, shim_db **out);

/* The check alone, without opening: SHIM_OK, or what shim_db_open_ex would
 * refuse with (SHIM_ERR_UNSAFE, SHIM_ERR_OPENING) and its message. A path
 * that does not exist is SHIM_OK here (opening it reports that). */
shim_status shim_db_check(const char *path, unsigned flags);

/* Xapian's own consistency check (Xapian::Database::check) of one database
 * directory (a shard or the meta database, not a stub): every table's
 * B-tree structure and the tables' agreement with each other. Read-only.
 * SHIM_OK with *errors 0 when it is sound; otherwise *errors > 0 and a
 * status (SHIM_ERR_CORRUPT, SHIM_ERR_OPENING...) whose shim_last_error()
 * says what is wrong. Can take a while on a big database. */
shim_status shim_db_verify(const char *path, size_t *errors);

/* The flags shim_db_open() and shim_db_add() use from now on, for every
 * thread (default 0: programs refused). For a program whose user explicitly
 * allowed programs (lasearch-query --allow-remote-programs), set once at
 * startup so every layer that opens the index honours that choice. */
void shim_set_default_open_flags(unsigned flags);

/* Add another database (a shard) to db, so it is searched as one with it. */
shim_status shim_db_add(shim_db *db, const char *path);

/* Re-read the latest committed revision. *changed (if not NULL) is set to 1
 * when a newer revision was found, else 0. */
shim_status shim_db_reopen(shim_db *db, int *changed);

void shim_db_free(shim_db *db);

/* Number of documents. */
shim_status shim_db_doccount(shim_db *db, uint32_t *out);

/* Number of documents indexed by term (0 if none). */
shim_status shim_db_termfreq(shim_db *db, const char *term, uint32_t *out);

/* Fetch document docid. No such document -> SHIM_ERR_NOT_FOUND. */
shim_status shim_db_document(shim_db *db, uint32_t docid, shim_doc **out);

/* User metadata stored under key; *out is "" (not NULL) when unset. */
shim_status shim_db_metadata(shim_db *db, const char *key, char **out);

/* Every term that starts with prefix ("" for all), in byte order; freq is the
 * term's document frequency. */
shim_status shim_db_allterms(shim_db *db, const char *prefix, shim_termlist **out);

/* Every word of db's spelling data with its frequency, in byte order. */
shim_status shim_db_spellings(shim_db *db, shim_termlist **out);

/* The spelling correction for one word, from the spelling data added while
 * indexing (SHIM_TG_SPELLING); *out is "" when there is none. max_edit_distance
 * 0 means Xapian's default (2). */
shim_status shim_db_spelling(shim_db *db, const char *word,
                             unsigned max_edit_distance, char **out);

/* --------------------------------------------------- writing databases -- */

typedef enum shim_wdb_mode {
    SHIM_WDB_CREATE,            /* create; fails if a database is already there */
    SHIM_WDB_CREATE_OR_OPEN,    /* open, creating if absent */
    SHIM_WDB_CREATE_OR_OVERWRITE
} shim_wdb_mode;

/* Open path for writing (takes Xapian's writer lock: SHIM_ERR_LOCKED if held). */
shim_status shim_wdb_open(const char *path, shim_wdb_mode mode, shim_wdb **out);

/* Flags for shim_wdb_open_ex. */
enum {
    /* Nobody reads this database until the caller has closed it and synced
     * its files (a generation being built): write blocks in place rather
     * than copy-on-write, and skip Xapian's fsyncs at each commit
     * (DB_DANGEROUS | DB_NO_SYNC). Faster and more compact; a database
     * left by a crash is unusable, so the caller must remove it then. */
    SHIM_WDB_UNSHARED = 1u << 0,
    /* The table files are hard links shared with a database that readers
     * use (an update's copy of the live generation): write copy-on-write
     * and commit exactly once, at shim_wdb_close, so no block of the
     * shared revision is overwritten (Xapian reuses a block only two
     * commits after it was freed). Everything up to the close is one
     * transaction (shim_wdb_commit is refused): Xapian still writes its
     * buffered changes out every flush threshold, but into new blocks,
     * and commits once. Xapian's fsyncs are skipped (DB_NO_SYNC): the
     * caller syncs. Xapian
     * writes the version file anew (rename), so the other database's own
     * stays as it was. Not with SHIM_WDB_UNSHARED. */
    SHIM_WDB_SHARED_FILES = 1u << 1,
    /* Skip Xapian's fsyncs (DB_NO_SYNC), nothing else: for a private copy
     * of an existing database that the caller syncs before anyone reads
     * it. (SHIM_WDB_UNSHARED is for new databases only: Xapian 1.4.22
     * writing an existing one in place with DB_DANGEROUS, tens of
     * thousands of documents deleted and added, left "unused blocks
     * missing from the free list" and a broken posting list.) */
    SHIM_WDB_NO_SYNC = 1u << 2
};

/* shim_wdb_open with flags (0: the same as shim_wdb_open). Unknown flags
 * -> SHIM_ERR_ARG. */
shim_status shim_wdb_open_ex(const char *path, shim_wdb_mode mode, unsigned flags,
                             shim_wdb **out);

/* How many documents a writable database buffers before it writes them out
 * (Xapian's XAPIAN_FLUSH_THRESHOLD; its default is 10,000). Takes effect for
 * databases opened afterwards. It is read from the environment, so call it
 * before starting threads; a value the user set in the environment wins.
 * 0 leaves Xapian's default. */
void shim_set_flush_threshold(unsigned documents);

/* Add doc; *docid (may be NULL) receives its new document id. doc stays owned
 * by the caller and may be reused or freed at once. */
shim_status shim_wdb_add(shim_wdb *wdb, const shim_doc *doc, uint32_t *docid);

/* Replace every document indexed by unique_term with doc (adds it if none). */
shim_status shim_wdb_replace(shim_wdb *wdb, const char *unique_term,
                             const shim_doc *doc);

/* Delete every document indexed by term. */
shim_status shim_wdb_delete(shim_wdb *wdb, const char *term);


/* Add to wdb's spelling data every word of src (its terms that do not start
 * with an ASCII capital, i.e. carry no prefix), each with its number of
 * occurrences in src: exactly what SHIM_TG_SPELLING adds while indexing
 * src's documents. So the spelling data of several shards can live in one
 * database (Xapian's remote backend cannot serve spelling data). */
shim_status shim_wdb_add_spelling_of(shim_wdb *wdb, shim_db *src);

/* Changes in the number of occurrences of words (terms with no prefix, as
 * above), counted while documents are added to and deleted from a shard,
 * so that spelling data made by shim_wdb_add_spelling_of can be brought up
 * to date without reading every shard again: applied, it is exactly what
 * shim_wdb_add_spelling_of of the changed shards would give. */
shim_status shim_words_new(shim_words **out);
void shim_words_free(shim_words *words);
/* Count doc's words: their within-document frequencies are added. */
shim_status shim_words_count_doc(shim_words *words, const shim_doc *doc);
/* Uncount the words of every document of wdb indexed by term: call it just
 * before shim_wdb_delete(wdb, term). */
shim_status shim_words_uncount_term(shim_words *words, shim_wdb *wdb, const char *term);
/* Add the changes of from to words. */
shim_status shim_words_merge(shim_words *words, const shim_words *from);
/* How many distinct words words holds (each costs about 100 bytes). */
size_t shim_words_size(const shim_words *words);
/* Apply words to wdb's spelling data: a word whose count reaches zero is
 * removed, a new one added. */
shim_status shim_wdb_apply_spelling(shim_wdb *wdb, const shim_words *words);

shim_status shim_wdb_set_metadata(shim_wdb *wdb, const char *key, const char *value);
shim_status shim_wdb_doccount(shim_wdb *wdb, uint32_t *out);

/* Make everything added so far durable and visible to new readers. */
shim_status shim_wdb_commit(shim_wdb *wdb);

/* Commit, release the lock and free. Returns the commit's status; wdb is
 * freed whatever happens. */
shim_status shim_wdb_close(shim_wdb *wdb);

/* Free without committing what was added since the last commit (Xapian may
 * still have auto-committed some of it: callers never rely on either). The
 * writer lock is released even if a term generator still refers to wdb. */
void shim_wdb_free(shim_wdb *wdb);

/* ------------------------------------------------------------ documents -- */

shim_status shim_doc_new(shim_doc **out);
void shim_doc_free(shim_doc *doc);

/* Remove all terms, values and data, so the handle can be reused. */
shim_status shim_doc_clear(shim_doc *doc);

/* The document's data: opaque bytes (lasearch stores the paragraph record). */
shim_status shim_doc_set_data(shim_doc *doc, const void *data, size_t len);
/* *data is borrowed from doc (may contain NULs; NUL-terminated for convenience). */
shim_status shim_doc_data(shim_doc *doc, const char **data, size_t *len);

/* A term with no positions and wdf 0: a filter term (facet value, unique id). */
shim_status shim_doc_add_boolean_term(shim_doc *doc, const char *term);
/* A term with an occurrence at position pos (wdf increases by 1). */
shim_status shim_doc_add_posting(shim_doc *doc, const char *term, uint32_t pos);

/* Value slot: bytes for sorting, collapsing and facet counting. */
shim_status shim_doc_set_value(shim_doc *doc, uint32_t slot, const void *data, size_t len);
/* *data borrowed from doc; "" with *len 0 when the slot is empty. */
shim_status shim_doc_value(shim_doc *doc, uint32_t slot, const char **data, size_t *len);

/* The document's terms; freq is each term's wdf. */
shim_status shim_doc_terms(shim_doc *doc, shim_termlist **out);

/* ------------------------------------------------------ term generation -- */

enum {
    SHIM_TG_SPELLING = 1,  /* also record words as spelling data (needs
                              shim_termgen_set_database) */
    SHIM_TG_STEM_SOME = 2  /* index with Xapian's default strategy instead
                              (STEM_SOME: stems without positions), for the
                              plain-Xapian baseline of bench/; shim_analyse()
                              is unaffected */
};

/* A term generator with Xapian's English ("en") stemmer, or the stemmer named
 * by lang ("none" for no stemming; NULL means "en"). Strategy: every word
 * gives its unstemmed term and its stem with a "Z" prefix, *both with
 * positions* (STEM_SOME_FULL_POS), so phrases can match inflected forms.
 * Words that start with a digit ("75", "1,296") get no stem. Unknown or
 * empty lang, or unknown flags -> SHIM_ERR_ARG. */
shim_status shim_termgen_new(const char *lang, unsigned flags, shim_termgen **out);
void shim_termgen_free(shim_termgen *tg);

/* Spelling data goes into wdb (which must outlive its use here). */
shim_status shim_termgen_set_database(shim_termgen *tg, shim_wdb *wdb);

/* Following index calls add to doc (borrowed; must outlive those calls), with
 * term positions starting again from 0. */
shim_status shim_termgen_set_document(shim_termgen *tg, shim_doc *doc);

/* Index len bytes of UTF-8 text into the current document. prefix ("" or
 * NULL for none) goes before every term (and after the "Z" of stems: a
 * heading word "care" with prefix "XH" gives "XHcare" and "ZXHcare"). */
shim_status shim_termgen_index(shim_termgen *tg, const char *text, size_t len,
                               const char *prefix);

/* Leave a gap of delta positions (so phrases never span two fields). */
shim_status shim_termgen_skip(shim_termgen *tg, uint32_t delta);

/* Tokenise text exactly as shim_termgen_index() would, without a document:
 * the words in order, each with its unstemmed term and its stemmed term
 * ("Z"-prefixed; "" when the stemmer is "none" or the word gets no stem,
 * e.g. "75"). No prefix is applied; no spelling data is written. */
shim_status shim_analyse(shim_termgen *tg, const char *text, size_t len,
                         shim_tokens **out);
/* The stem of one word (already folded, as the index's unstemmed terms
 * are), by tg's stemmer, without the "Z" prefix: *out malloc()ed, "" for
 * a word that starts with a digit (as shim_analyse gives it no stem); the
 * word itself with the "none" stemmer. Much cheaper than shim_analyse for counting
 * many words: no tokenising, no scratch document. */
shim_status shim_stem(shim_termgen *tg, const char *word, size_t len, char **out);

size_t shim_tokens_count(const shim_tokens *toks);
/* Borrowed strings; i < count (NULL when toks is NULL or i >= count). */
const char *shim_tokens_raw(const shim_tokens *toks, size_t i);
const char *shim_tokens_stem(const shim_tokens *toks, size_t i);
void shim_tokens_free(shim_tokens *toks);

/* -------------------------------------------------------------- queries -- */

typedef enum shim_op {
    SHIM_OP_AND,
    SHIM_OP_OR,
    SHIM_OP_AND_NOT,    /* first AND NOT (any of the rest) */
    SHIM_OP_XOR,
    SHIM_OP_AND_MAYBE,  /* first, weighted up by the rest */
    SHIM_OP_FILTER,     /* first, filtered by the rest (which add no weight) */
    SHIM_OP_PHRASE,     /* subqueries in order, within window positions
                           (0: exactly adjacent) */
    SHIM_OP_NEAR,       /* subqueries in any order within window positions
                           (0: the number of subqueries) */
    SHIM_OP_ELITE_SET,  /* the window best-weighted subqueries, OR-ed */
    SHIM_OP_SYNONYM,    /* OR, weighted as if one term */
    SHIM_OP_MAX         /* OR, weighted by the best subquery */
} shim_op;

/* A single term, with within-query frequency wqf (0 -> 1) and query position
 * pos (0: none). */
shim_status shim_query_term(const char *term, uint32_t wqf, uint32_t pos,
                            shim_query **out);

/* Combine n subqueries (copied: the caller still frees its own). n == 0 ->
 * SHIM_ERR_ARG. window is used by PHRASE, NEAR and ELITE_SET only. PHRASE and
 * NEAR only accept terms (or ORs of terms) as subqueries, else SHIM_ERR_QUERY. */
shim_status shim_query_combine(shim_op op, shim_query *const *subs, size_t n,
                               uint32_t window, shim_query **out);

/* Every term starting with prefix, OR-ed. Expanding to more than
 * max_expansion terms (0: no limit) is an error (SHIM_ERR_WILDCARD) when the
 * query runs. An empty prefix -> SHIM_ERR_ARG. */
shim_status shim_query_wildcard(const char *prefix, uint32_t max_expansion,
                                shim_query **out);

/* Every term of db starting with prefix, looked up now and OR-ed (each
 * document weighted by the sum of its matching terms' weights). Unlike
 * shim_query_wildcard, whose expansion and weights Xapian works out shard
 * by shard, this weighs every term with the statistics of db as a whole,
 * so a sharded or remote db ranks exactly like one database. More than
 * max_expansion terms (0: no limit) -> SHIM_ERR_WILDCARD; more than the
 * thread's budget has left -> SHIM_ERR_BUDGET (the terms are taken from it
 * on success); out of time -> SHIM_ERR_TIMEOUT; none -> a query matching
 * nothing. An empty prefix -> SHIM_ERR_ARG. */
shim_status shim_query_expand(shim_db *db, const char *prefix, uint32_t max_expansion,
                              shim_query **out);

/* Documents whose value in slot lies in [lo, hi] (byte order; either bound
 * may be NULL or "" for open-ended). Documents with no value in slot never
 * match, even with both bounds open. */
shim_status shim_query_value_range(uint32_t slot, const char *lo, const char *hi,
                                   shim_query **out);

shim_status shim_query_match_all(shim_query **out);
shim_status shim_query_match_nothing(shim_query **out);

/* Every document, each with weight `weight` (>= 0): under FILTER with a
 * boolean term, that term's documents get a weight of their own, which a
 * boolean term alone never has. */
shim_status shim_query_fixed_weight(double weight, shim_query **out);

/* Multiply q's weight by factor (0 turns q into a pure filter, matched
 * as FILTER(MatchAll, q): see shim_query.cc for the Xapian bug this
 * avoids). */
shim_status shim_query_scale(const shim_query *q, double factor, shim_query **out);

/* Xapian's description of q, e.g. "Query((Zhospit@1 AND Zdischarg@2))". */
shim_status shim_query_describe(const shim_query *q, char **out);

/* The distinct terms of q (freq: within-query frequency), in byte order.
 * Wildcards contribute nothing until they are expanded by a search. */
shim_status shim_query_terms(const shim_query *q, shim_termlist **out);

void shim_query_free(shim_query *q);

/* -------------------------------------------------------------- enquire -- */

/* A search session over db (borrowed: db must outlive it). Ranking is BM25. */
shim_status shim_enquire_new(shim_db *db, shim_enquire **out);
void shim_enquire_free(shim_enquire *enq);

shim_status shim_enquire_set_query(shim_enquire *enq, const shim_query *q);

typedef enum shim_sort {
    SHIM_SORT_RELEVANCE,          /* weight, then docid */
    SHIM_SORT_VALUE_THEN_RELEVANCE,
    SHIM_SORT_RELEVANCE_THEN_VALUE,
    SHIM_SORT_VALUE               /* value only, ties by docid */
} shim_sort;

/* Sort by the value in slot (byte order; descending if reverse). */
shim_status shim_enquire_set_sort(shim_enquire *enq, shim_sort sort,
                                  uint32_t slot, int reverse);

/* Leave out matches weighing less than min_weight (0: none): they are not
 * counted either, and the matcher skips them early. min_weight must be
 * finite and >= 0, else SHIM_ERR_ARG. */
shim_status shim_enquire_set_weight_cutoff(shim_enquire *enq, double min_weight);

/* Keep at most max (>= 1) hits per distinct value of slot; slot
 * UINT32_MAX turns collapsing off. Documents with no value in slot are never
 * collapsed. Facets (match spies) still count every match, including the
 * ones folded away: see shim_enquire_add_facet(). */
shim_status shim_enquire_set_collapse(shim_enquire *enq, uint32_t slot, uint32_t max);

/* Stop matching after seconds (0: no limit). A search cut short by it has
 * its estimates flagged (shim_mset_estimates' *exact is 0).
 * What Xapian does (Enquire::set_time_limit): when the time is up it stops
 * honouring check_at_least beyond first + max; it does not say whether that
 * happened. So a run is flagged as cut short when a limit was set, the run
 * took at least that long, and check_at_least exceeded first + max (the
 * only case the limit can change anything). A run that finished just after
 * the limit may be flagged too; a run that was cut is never reported exact. */
shim_status shim_enquire_set_time_limit(shim_enquire *enq, double seconds);

/* Count the values of slot over the matches a search looks at (all of them
 * when check_at_least covers the whole database). *out is owned by enq:
 * never freed by the caller, valid until enq is freed; its counts refer to
 * the latest shim_enquire_run(). With collapsing on, the counts cover every
 * match looked at, *including those folded into a kept hit*, not only the
 * hits kept (the spy sees documents before the collapse step); documents
 * with no value in slot add to the total but to no value. */
shim_status shim_enquire_add_facet(shim_enquire *enq, uint32_t slot, shim_facet **out);

/* Run the search: hits first .. first+max-1, looking at no fewer than
 * check_at_least matches (use the database's document count for exact totals
 * and facet counts). */
shim_status shim_enquire_run(shim_enquire *enq, uint32_t first, uint32_t max,
                             uint32_t check_at_least, shim_mset **out);

/* The terms of the current query that docid contains (freq: 0). */
shim_status shim_enquire_matching_terms(shim_enquire *enq, uint32_t docid,
                                        shim_termlist **out);

/* Number of matching documents counted by the facet, and its values with
 * their counts (freq: number of matches with that value), in byte order of
 * the value. */
shim_status shim_facet_total(const shim_facet *f, uint32_t *out);
shim_status shim_facet_values(const shim_facet *f, shim_termlist **out);

/* ----------------------------------------------------------- result sets -- */

size_t shim_mset_size(const shim_mset *ms);

/* 1 when the enquire's time limit may have stopped this run early (the same
 * test that makes shim_mset_estimates' *exact 0: see
 * shim_enquire_set_time_limit), else 0 (also for NULL). Never fails. */
int shim_mset_cut_short(const shim_mset *ms);

/* Estimates of the total number of matches. *exact is 1 when lower == upper
 * and the search was not cut short by a time limit. */
shim_status shim_mset_estimates(const shim_mset *ms, uint32_t *lower,
                                uint32_t *estimated, uint32_t *upper, int *exact);

typedef struct shim_hit {
    uint32_t docid;
    double weight;
    int percent;
    uint32_t collapse_count;  /* with collapsing: how many more were folded
                                 into this hit (a lower bound) */
} shim_hit;

/* Hit i (0-based, < size), in rank order. */
shim_status shim_mset_hit(const shim_mset *ms, size_t i, shim_hit *out);

/* The values in slot of documents docids[0..n) of ms's database (any
 * documents, not only ms's hits): values[i] (malloc()ed, NUL-terminated,
 * may hold NULs: its length is lens[i]) is "" when the document has none.
 * Much cheaper than fetching the documents for many of them: the values
 * are read in docid order, each chunk of the values table once. On
 * failure every values[i] is NULL. */
shim_status shim_mset_values(const shim_mset *ms, uint32_t slot, const uint32_t *docids,
                             size_t n, char **values, size_t *lens);

/* Hit i's collapse key: its value in the collapse slot (malloc()ed, *len
 * (may be NULL) its length; "" when it has none or collapsing was off).
 * The matcher read it already, so this costs no document fetch. */
shim_status shim_mset_collapse_key(const shim_mset *ms, size_t i, char **out, size_t *len);

shim_status shim_mset_document(const shim_mset *ms, size_t i, shim_doc **out);

/* A snippet of text (up to max_len bytes, on word boundaries, around the best
 * matching part), with each word that matches the query (stemmed or not)
 * wrapped in hl_start .. hl_end, and omit marking cut text. Text is not
 * escaped: callers escape for their output format. A text that fits in
 * max_len comes back whole. An adjacent phrase (window 0) is highlighted
 * where it occurs, as one span ("[hospital discharges]" for
 * PHRASE(Zhospit, Zdischarg)), its words elsewhere are not; the words of NEAR
 * and of wider phrases are highlighted wherever they occur. hl_start, hl_end
 * and omit may be NULL for "". Text containing a 0xFF byte (never valid
 * UTF-8) -> SHIM_ERR_ARG. */
shim_status shim_mset_snippet(const shim_mset *ms, const char *text, size_t len,
                              size_t max_len, const char *hl_start,
                              const char *hl_end, const char *omit, char **out);

void shim_mset_free(shim_mset *ms);

#ifdef __cplusplus
}
#endif
#endif /* LASEARCH_SHIM_H */
