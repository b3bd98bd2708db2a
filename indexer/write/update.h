/*
 * update.h: `lasearch-index --update`: apply only what changed in the
 * corpus since the live generation was built.
 *
 * Every file is fingerprinted (filestate.h: read, unless its signature,
 * from its size, inode, times and manifest row, is the one recorded) and
 * compared with the live generation's file list: new files are added,
 * changed ones re-indexed, deleted ones removed, the rest left as they
 * are. The result is a new generation, made and published exactly like a
 * full build's (build.h): the live generation's shards are linked into it,
 * those to change are copied (file by file, under the writers' lock:
 * published generations are never written, so the copy is of a quiescent
 * database) or written copy-on-write (a small update), changed,
 * committed, checked against the file list and only then made live. A
 * crash at any moment leaves the live index as it was, and the copy as
 * debris for the next run to remove.
 *
 * The result answers every query as a full rebuild of the same corpus does:
 * the same paragraphs, the same weights (BM25 depends only on statistics,
 * which Xapian keeps exact through deletions), the same facet counts, the
 * same stored summary, and the same spelling data (the live one's, less the
 * words of the paragraphs deleted, plus those of the paragraphs added).
 * Only document ids differ, which nothing shown depends on.
 *
 * Only the shards of the councils whose files changed are copied and
 * changed; the others are hard links to the live generation's files.
 *
 * When an update cannot be trusted to give that, it makes a full rebuild
 * instead and says why (rep->reason): no index yet, an index without a file
 * list (an older lasearch), a new lasearch version, a changed
 * authorities.tsv (any file's council may change) or --max-file-size. A
 * changed manifest.tsv re-indexes just the files whose rows changed; a
 * changed thesaurus.tsv (used only by queries) is stored without
 * re-indexing anything.
 *
 * With nothing changed, no generation is made (rep->mode BUILD_MODE_NONE).
 */
#ifndef LASEARCH_UPDATE_H
#define LASEARCH_UPDATE_H

#include "build.h"

/* Update the index (or rebuild it, see above). Returns and fills rep like
 * build_index(); rep->added, changed, removed and unchanged count files
 * against the generation that was live. */
build_status update_index(const build_options *opt, build_report *rep, char *err,
                          size_t errlen);

#endif /* LASEARCH_UPDATE_H */
