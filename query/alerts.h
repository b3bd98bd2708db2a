/*
 * alerts.h: saved searches, and what is new for each of them.
 *
 * A saved-searches file has one saved search a line: a name, a TAB, and a
 * query in lasearch-query's language:
 *
 *     # comments and blank lines are skipped
 *     discharge<TAB>"hospital discharge" OR "discharge to assess"
 *     Ealing carers<TAB>authority:ealing carer*
 *
 * A name is unique in its file, at most 100 bytes, without TABs; each line
 * is valid UTF-8. A bad line is an error naming FILE:LINE and what is wrong,
 * found before anything is run or written: the line's form and its query's
 * syntax when the file is loaded, its meaning (an unknown council or
 * statement) by alerts_check against an index.
 *
 * alerts_run runs every saved search over the paragraphs new or changed
 * after a generation (search.h: since), all of each search's matching
 * paragraphs up to a limit, in document order, each with its citation
 * (file:line, file:page N for a PDF) and source link. lasearch-index
 * --update --alerts runs it after the update it made is published (as any
 * reader of the index would, through this search core: indexer/write never
 * sees query/); lasearch-query --alerts runs it for any generation.
 *
 * Ownership: saved_searches_clear frees a loaded file; alerts_run returns a
 * new JSON reference. Threads: one search_index per thread (search.h).
 * Errors: -1 with a message in err.
 */
#ifndef LASEARCH_ALERTS_H
#define LASEARCH_ALERTS_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "search.h"

typedef struct saved_search {
    char *name;
    char *query;
    unsigned line;        /* 1-based line of the file */
} saved_search;

typedef struct saved_searches {
    char *path;           /* as given, for messages */
    saved_search *s;
    size_t n;
} saved_searches;

#define ALERTS_NAME_MAX 100

/* Read the saved-searches file at path ("-": stdin) into out. 0, or -1
 * with err ("alerts.tsv:3: no TAB between the name and the query"). */
int saved_searches_load(const char *path, saved_searches *out, char *err, size_t errlen);
void saved_searches_clear(saved_searches *s);

/* Whether every saved search can run against ix (its councils, statements
 * and other field values exist there). 0, or -1 with err naming FILE:LINE. */
int alerts_check(search_index *ix, const saved_searches *s, char *err, size_t errlen);

/* Default and largest number of paragraphs listed per saved search (the
 * total is always given). */
#define ALERTS_DEFAULT_LIMIT 100

/* Run every saved search over the paragraphs first seen after generation
 * since (search.h's since, as text: "7", "last"), listing at most limit
 * paragraphs each. The report:
 *   {"since": after (number), "generation": the live one, "time": its
 *    time, "matched": paragraphs found in all, "alerts": [{"name",
 *    "query", "line", "total", "hits": [hit: record_to_json's fields plus
 *    "citation" and "link"]}]}
 * NULL with err when the index fails or a query cannot run (FILE:LINE). */
json_t *alerts_run(search_index *ix, const saved_searches *s, const char *since,
                   size_t limit, char *err, size_t errlen);

/* The report as text for people (cron mails it): a heading with the
 * generations, then per saved search with anything new its name, query,
 * count and each paragraph with council, citation, link and text.
 * Searches with nothing new are listed on one line at the end; with
 * nothing new for any, the report is that one line. 0, or -1 on a write
 * error. */
int alerts_print(FILE *f, const json_t *report);

#endif /* LASEARCH_ALERTS_H */
