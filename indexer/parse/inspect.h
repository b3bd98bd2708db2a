/*
 * inspect.h: how one file is parsed, for people (text) and scripts (JSON):
 * the document's facets, how each was decided, its warnings, and every
 * paragraph with its facets and line. Used by `lasearch-index --inspect`.
 *
 * Reads the corpus_doc only; the JSON object returned is the caller's
 * (json_decref). Errors: NULL out of memory, -1 on a write error.
 */
#ifndef LASEARCH_INSPECT_H
#define LASEARCH_INSPECT_H

#include <stdio.h>
#include <jansson.h>
#include "parse.h"

/* The parse as one JSON object: file, kind, authority, section, theme,
 * score, rating, percent, url, published, reasons {kind, authority, section,
 * score}, authority_candidates [{authority, mentions, score}], warnings [],
 * paragraphs [record_to_json()]. New reference, or NULL if out of memory. */
json_t *inspect_json(const corpus_doc *doc, const authority_table *authorities);

/* The parse as text for a terminal. Returns 0, or -1 on a write error. */
int inspect_print(FILE *out, const corpus_doc *doc, const authority_table *authorities);

#endif /* LASEARCH_INSPECT_H */
