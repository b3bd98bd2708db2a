/*
 * walk.h: finding the documents of a corpus directory.
 *
 * Every regular file below the root is a document, except hidden ones (a name
 * starting with '.') and the reference files at the root (manifest.tsv,
 * authorities.tsv, thesaurus.tsv, README*). Symlinks are followed, but a
 * directory is never entered twice (no cycles), and a link that cannot be
 * followed (a loop, a dangling target) is reported, not fatal. Entries come
 * out sorted by relative path (byte order), so builds are deterministic.
 */
#ifndef LASEARCH_WALK_H
#define LASEARCH_WALK_H

#include <stddef.h>

typedef struct walk_entry {
    char *relpath;   /* relative to the root, '/' separators */
    char *path;      /* root joined with relpath, for opening */
    char *problem;   /* NULL, or why this entry cannot be read, e.g.
                        "symlink loop", "dangling symlink",
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
void walk_list_clear(walk_list *list);

#endif /* LASEARCH_WALK_H */
