/*
 * filestate.h: what each corpus file contributed to an index generation, so
 * that `lasearch-index --update` knows what changed since and `--check` can
 * verify the index against its corpus.
 *
 * Every build stores, in the generation's own metadata (committed with the
 * documents, so it can never disagree with them):
 *
 *   META_FILES   one entry per corpus file, sorted by path: its fingerprint,
 *                whether it was indexed, its paragraphs, its council, the
 *                skip/warning messages it produced (so an update can report
 *                exactly what a full build would), and each paragraph's
 *                first-seen generation (firstseen.h);
 *   META_INPUTS  the fingerprint of everything else that decides what a
 *                file's paragraphs are: the lasearch version and index format,
 *                authorities.tsv and the --max-file-size limit. When it
 *                differs, an update falls back to a full rebuild and says so.
 *
 * A file's fingerprint is the SHA-256 of exactly what its paragraphs depend
 * on: the text as read (textio: after BOM removal and line-ending
 * conversion) and its row of manifest.tsv. A file that could not be read
 * is fingerprinted by the reason ("binary file ..."), so an unchanged bad
 * file is "unchanged" and a repaired one "changed". thesaurus.tsv decides
 * nothing at indexing time (it is only stored for the query tool), so a
 * change to it alone needs no re-indexing.
 *
 * Reading every file to fingerprint it would make an update cost as much
 * as reading the whole corpus, so a file read whole also gets a signature:
 * the SHA-256 of what stat(2) says of it (device, inode, size, modification
 * and change times to the nanosecond) and of its manifest row. An update
 * takes a file whose signature is the one stored as unchanged without
 * reading it, as git, make and rsync do. No user can set the change time,
 * so even a rewrite that keeps the size and puts the modification time
 * back is seen. A file whose times fall within two seconds before the run
 * started, or later, gets no signature ("racily clean", in git's words: it
 * could change again within the same clock tick; FAT keeps times to 2 s)
 * and is read again by the next update. --check trusts no signature.
 *
 * A file that was indexed and is still there but can no longer be indexed
 * (unreadable, not text, empty, too large, no paragraphs) is "stale": an
 * update keeps its last indexed paragraphs, and its entry keeps their
 * fingerprint, paragraphs and council, with the reason and the fingerprint
 * of the file as it is now (so an unchanged bad file stays unchanged). Every
 * run and --check report it until it is fixed (read again as usual) or
 * deleted (its paragraphs removed). A full build has no paragraphs to keep
 * and skips it.
 *
 * Ownership: a file_state and a file_table own their strings and are freed
 * with file_state_clear / file_table_clear. Threads: each build thread fills
 * file_states of its own; a table is added to by one thread at a time.
 * Errors: -1 out of memory (or, parsing stored JSON, when it is not ours).
 */
#ifndef LASEARCH_FILESTATE_H
#define LASEARCH_FILESTATE_H

#include <stddef.h>
#include <time.h>

#include "build.h"
#include "firstseen.h"
#include "manifest.h"
#include "sha256.h"

/* Index metadata keys (besides schema.h's), used only by the indexer. */
#define META_FILES "lasearch.files"    /* file_table_json() */
#define META_INPUTS "lasearch.inputs"  /* file_inputs_json() */
#define META_RUN "lasearch.run"        /* the run that made this generation:
                                          build_run_json() */

typedef struct file_state {
    char *path;                 /* relative to the corpus root */
    char hash[SHA256_HEX];      /* the fingerprint */
    char sig[SHA256_HEX];       /* the signature, "" for none */
    int indexed;                /* 1: its paragraphs are in the index */
    size_t paragraphs;
    char *authority;            /* canonical name, "" undecided */
    size_t warnings;            /* how many of messages are warnings */
    char **messages;            /* "path: skipped: why", "path:line: warning" */
    size_t n_messages;
    int stale;                  /* 1: the paragraphs indexed are those of an
                                   earlier version; it cannot be indexed now
                                   (see above). hash, paragraphs, authority
                                   and messages are that version's. */
    char *scores;               /* the scores the file states, for checking
                                   pages against their council's summary
                                   (score_check.h): "summary 0=2 4=3" (a
                                   summary page: statement index=score) or
                                   "page 4=2" (one statement's page); "" */
    char *stale_why;            /* stale: why it cannot be indexed now */
    char stale_hash[SHA256_HEX];/* stale: its fingerprint now */
    int fresh;                  /* read by this run (not stored) */
    firstseen seen;             /* indexed: per paragraph, its text's hash and
                                   the generation it first appeared in
                                   (firstseen.h); stored as "seen" */
} file_state;

/* Sorted by path (byte order, as walk.h lists files) once built. */
typedef struct file_table {
    file_state *files;
    size_t n, cap;
} file_table;

/* ---- one file ---- */

/* Fingerprint of a readable file: its text and its manifest row (me may be
 * NULL: no row). */
void file_fingerprint(const char *text, size_t len, const manifest_entry *me,
                      char out[SHA256_HEX]);
/* The same for text its reader left a note on (textio.h: "read as
 * Windows-1252 ..."; NULL or "" for none, which is file_fingerprint's), so
 * the same text saved in another encoding is "changed": its warning is. */
void file_fingerprint_noted(const char *text, size_t len, const char *note,
                            const manifest_entry *me, char out[SHA256_HEX]);
/* Fingerprint of a file that could not be read, from the reason and, when
 * there are any (raw may be NULL), its bytes: so a binary file that changes
 * is "changed" even while it is still skipped for the same reason. */
void file_fingerprint_problem(const char *why, const char *raw, size_t rawlen,
                              const manifest_entry *me, char out[SHA256_HEX]);

/* The signature of the file at path with manifest row me (may be NULL),
 * from stat(2) now, into out; out is "" when there is none: the file
 * cannot be stat()ed or was modified or changed at or after trust_before
 * (seconds since the epoch). Take it before reading the file: a change
 * made after it, however soon, then gives another signature. */
void file_signature(const char *path, const manifest_entry *me, time_t trust_before,
                    char out[SHA256_HEX]);

/* Start fs for path (messages empty, authority ""). 0, or -1 out of memory. */
int file_state_init(file_state *fs, const char *path);
/* Append a message. 0, or -1 out of memory. */
int file_state_message(file_state *fs, const char *msg);
/* Mark fs (an indexed file's entry) stale: it cannot be indexed now, for
 * why, and its fingerprint now is hash. Its signature is dropped, so the
 * next update reads it again. 0, or -1 out of memory. */
int file_state_mark_stale(file_state *fs, const char *why, const char hash[SHA256_HEX]);
/* The fingerprint the file had when this entry was made: a stale entry's
 * hash now, else its hash. An update compares it with the file's. */
const char *file_state_hash_now(const file_state *fs);
/* Deep copy. 0, or -1 out of memory (dst is then cleared). */
int file_state_copy(file_state *dst, const file_state *src);
void file_state_clear(file_state *fs);

/* ---- the table ---- */

/* Append fs (moved in: fs is zeroed, the table owns its strings). Appending
 * keeps the table sorted only if paths come in order; file_table_sort()
 * otherwise. 0, or -1 out of memory (fs is then cleared). */
int file_table_push(file_table *t, file_state *fs);
void file_table_sort(file_table *t);
/* The entry for path (binary search on a sorted table), or NULL. */
const file_state *file_table_find(const file_table *t, const char *path);
void file_table_clear(file_table *t);

/* As stored in META_FILES: JSON text, malloc()ed (NULL out of memory). */
char *file_table_json(const file_table *t);
/* Parse META_FILES text into t (sorted). 0, or with err -1 (not a file list
 * this version reads) or -2 (out of memory). */
int file_table_parse(const char *json, file_table *t, char *err, size_t errlen);

/* Fill the totals of rep from t, as a full build of the same corpus would:
 * documents, paragraphs, skipped, warnings, per-authority counts and every
 * message in corpus order. A stale file counts with its kept paragraphs
 * and as skipped too (it was, as it is now), with the message "path: kept
 * as last indexed: why", which is always fresh: it is true of every run
 * until the file is fixed or deleted. rep->files is left to the caller. 0,
 * or -1 out of memory. */
int file_table_report(const file_table *t, build_report *rep);

/* ---- the other inputs ---- */

/* The inputs that decide every file's paragraphs and where they go, as
 * stored in META_INPUTS (malloc()ed JSON; NULL out of memory). */
char *file_inputs_json(const char *authorities_text, size_t max_file_bytes,
                       unsigned shards);
/* The number of shards stored inputs record; 0 when they record none. */
unsigned file_inputs_shards(const char *stored);
/* Compare stored inputs with the current ones: NULL when they match, else
 * a static phrase saying what changed ("authorities.tsv has changed"). */
const char *file_inputs_differ(const char *stored, const char *current);

#endif /* LASEARCH_FILESTATE_H */
