/*
 * answer.h: the JSON the server answers with, made the same way by the
 * server (api.c) and its workers (worker.c).
 */
#ifndef LASEARCH_SERVE_ANSWER_H
#define LASEARCH_SERVE_ANSWER_H

#include <jansson.h>

#include "search.h"

/* The error object {"query", "error": {...}} for query (NULL: null). JSON
 * strings are UTF-8, so a query that is not (the error may be exactly
 * that) is echoed with each bad byte as U+FFFD. NULL when out of memory. */
json_t *answer_error(const char *query, const qerror *err);

/* Highlight markers for hl=pua. The page splits snippets on U+E000 and
 * U+E001, and a report may contain those characters itself, which would
 * forge highlights. So snippets are made with markers no valid UTF-8 text
 * holds (a 0xFE byte), then answer_pua() turns any U+E000/U+E001 of the
 * text into U+FFFD and only then the markers into U+E000/U+E001. */
#define ANSWER_PUA_START "\xfe<"
#define ANSWER_PUA_END "\xfe>"

/* Apply the above to every snippet of res. 0, or -1 out of memory (res
 * still whole, some snippets perhaps not yet done). */
int answer_pua(search_result *res);

#endif /* LASEARCH_SERVE_ANSWER_H */
