/*
 * walk.h: finding the documents of a corpus directory.
 *
 * Every regular file below the root is a document, except hidden ones (a name
 * starting with '.') and the reference files at the root (manifest.tsv,
 * authorities.tsv, thesaurus.tsv, sources.tsv (what lasearch-fetch reads),
 * README*).
 *
 * Nothing outside the corpus is ever listed. A symlink (to a file or a
 * directory, at any depth, through any chain of links) is followed only
 * when its resolved target (realpath) lies inside the root's resolved
 * path; any other is an entry with the problem "symlink to /etc, outside
 * the corpus". A followed link's file is listed with its resolved path for
 * opening, so the link cannot be swapped for another between the walk and
 * the read. A directory is never entered twice (no cycles), and a link
 * that cannot be followed (a loop, a dangling target) is reported, not
 * fatal. The index directory, when it lies inside the corpus, is never
 * listed (corpus_walk_ex). Entries come out sorted by relative path (byte
 * order), so builds are deterministic.
 */
#ifndef LASEARCH_WALK_H
#define LASEARCH_WALK_H

#include <stddef.h>

typedef struct walk_entry {
    char *relpath;   /* relative to the root, '/' separators */
    char *path;      /* for opening: root joined with relpath, or where a
                        followed symlink resolves to */
    char *problem;   /* NULL, or why this entry cannot be read, e.g.
                        "symlink loop", "dangling symlink",
                        "symlink to /etc, outside the corpus",
                        "permission denied (directory not searched)" */
} walk_entry;

typedef struct walk_list {
    walk_entry *entries;
    size_t n;
} walk_list;

/* List the documents under root. Returns 0; -1 when root itself cannot be
 * read (err says why: "corpus directory 'x' does not exist"), or out of
 * memory. Problems below the root are entries with a problem set. */
int corpus_walk(const char *root, walk_list *out, char *err, size_t errlen);

/* The same, never listing the directory skip_dir (NULL: none) or anything
 * in it, wherever it appears below root (compared by device and inode, so
 * whatever path or link leads to it): an index kept inside its corpus is
 * not indexed. A skip_dir that does not exist (yet) skips nothing. */
int corpus_walk_ex(const char *root, const char *skip_dir, walk_list *out, char *err,
                   size_t errlen);
void walk_list_clear(walk_list *list);

#endif /* LASEARCH_WALK_H */
