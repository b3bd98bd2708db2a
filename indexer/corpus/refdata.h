/*
 * refdata.h: the reference data a corpus brings with it.
 *
 *   authorities.tsv  the councils and their aliases (required)
 *   manifest.tsv     what is known of each document (optional)
 *   thesaurus.tsv    equivalent terms for queries (optional)
 *
 * Each is read from the corpus directory, or, when the corpus has none, from
 * the installed data directory (refdata_datadir), so `--inspect` works on a
 * lone file and an installed lasearch works on any directory of reports. The
 * raw texts are kept too: the builder stores them in the index, so the query
 * tool uses exactly the data the index was built with.
 */
#ifndef LASEARCH_REFDATA_H
#define LASEARCH_REFDATA_H

#include "authority.h"
#include "manifest.h"

typedef struct refdata {
    authority_table *authorities;
    char *authorities_text;     /* raw authorities.tsv */
    char *authorities_path;     /* where it came from */
    manifest manifest;          /* empty (n == 0) when there is none */
    char *manifest_path;        /* "" when there is none */
    char *thesaurus_text;       /* raw thesaurus.tsv, "" when none */
    char *thesaurus_path;       /* "" when there is none */
} refdata;

/* Load from corpus_dir (may be NULL: installed data only; no manifest).
 * Returns 0, or -1 with err saying which file is wrong and where. */
int refdata_load(const char *corpus_dir, refdata *out, char *err, size_t errlen);
void refdata_clear(refdata *rd);

/* The installed data directory into buf: $LASEARCH_DATADIR when set, else
 * share/lasearch beside the running binary's bin/ when that exists, else
 * the directory configured at build time. */
void refdata_datadir(char *buf, size_t len);

#endif /* LASEARCH_REFDATA_H */
