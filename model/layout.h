/*
 * layout.h: the index directory's layout, the one module that knows it.
 *
 *   INDEX/XAPIANDB     a Xapian stub naming the live generation ("auto gen-000007")
 *   INDEX/gen-000007/  the live generation (a Xapian database, or shards)
 *   INDEX/gen-000006/  the previous one, kept for readers still on it
 *   INDEX/.lock        the writers' lock (generation.h takes it)
 *
 * Readers (query/, serve/) use this to find the stub and name the live
 * generation; the writer (indexer/write/generation.h) makes, publishes and
 * prunes generations with the same names. Only lasearch's own names may be
 * in an index directory (layout_is_ours), so a wrong --index can never make
 * the writer delete anything.
 *
 * Errors: -1 / NULL with err filled (or errno for path builders). Nothing
 * is shared or cached: every function may be called from any thread.
 */
#ifndef LASEARCH_LAYOUT_H
#define LASEARCH_LAYOUT_H

#include <stddef.h>

#define LAYOUT_STUB_NAME "XAPIANDB"
#define LAYOUT_LOCK_NAME ".lock"
#define LAYOUT_GEN_PREFIX "gen-"
/* Room for a generation's name ("gen-000007"). */
#define LAYOUT_GEN_NAME_MAX 32

/* "gen-000007" -> 7; anything else -> 0. */
long layout_gen_number(const char *name);

/* The name of generation n into buf ("gen-000007"). */
void layout_gen_name(long n, char buf[LAYOUT_GEN_NAME_MAX]);

/* "INDEX/gen-000007" and "INDEX/XAPIANDB", malloc()ed; NULL out of memory. */
char *layout_gen_path(const char *index_dir, long n);
char *layout_stub_path(const char *index_dir);

/* The live generation's number, 0 when the index has none yet, or -1 with
 * err when the stub is unreadable or names no generation of ours (a stub
 * listing remote shards, say), or LAYOUT_NOMEM (with err) when it could not
 * be read for lack of memory: not "no index", nor a broken stub. */
#define LAYOUT_NOMEM (-2)
long layout_current(const char *index_dir, char *err, size_t errlen);

/* Whether name is one lasearch puts in an index directory (the stub, the
 * lock, a stub being written, a generation). */
int layout_is_ours(const char *name);

#endif /* LASEARCH_LAYOUT_H */
