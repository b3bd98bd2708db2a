/*
 * shards.h: a generation split into shards by council.
 *
 * A generation directory holds
 *
 *   gen-000007/XAPIANDB    a stub: "auto meta", then "auto shard-00", ...
 *   gen-000007/meta/       a database with no documents: the index-wide
 *                          metadata (Xapian reads metadata from the first
 *                          database a stub lists)
 *   gen-000007/shard-00/   the paragraphs of the councils routed to shard 0
 *   gen-000007/shard-01/   ...
 *
 * Opened through the stub, the shards are one database: Xapian adds up
 * their statistics, so weights, totals, facets and spelling are those of a
 * single database holding every paragraph; only document ids differ (they
 * interleave), and nothing lasearch shows depends on them. Each shard can
 * be built by its own thread, and served by its own xapian-tcpsrv on
 * another host (README, "Sharded and remote search").
 *
 * Every paragraph of a council goes to the same shard: an update that
 * touches one council's files rewrites one shard, and the others are
 * carried over as hard links.
 */
#ifndef LASEARCH_SHARDS_H
#define LASEARCH_SHARDS_H

#include <stddef.h>

#include "authority.h"

enum { SHARDS_MAX = 64 };

#define SHARDS_META_NAME "meta"

/* The default number of shards: the cores this process may use, at most 8
 * (more shards than cores gain nothing, and each one costs a little at
 * query time). */
unsigned shards_default(void);

/* The shard of a council's paragraphs among n: councils in authorities.tsv
 * are dealt round-robin in the table's order (so shards hold about as many
 * councils each); any other name (undecided "") by a hash of it. */
unsigned shard_of(const authority_table *t, const char *authority, unsigned n);

/* gen_dir/shard-NN and gen_dir/meta, malloc()ed (NULL out of memory). */
char *shard_path(const char *gen_dir, unsigned k);
char *shard_meta_path(const char *gen_dir);

/* Write gen_dir/XAPIANDB listing meta and shards 0..n-1, synced. 0, or -1
 * with err. */
int shards_write_stub(const char *gen_dir, unsigned n, char *err, size_t errlen);

#endif /* LASEARCH_SHARDS_H */
