/*
 * path.h: joining file-system paths and reading small files whole, the
 * helpers every module that builds paths under a directory (index
 * generations, reference data, benchmark work) shares.
 *
 * Errors: NULL or -1 with errno set; nothing is printed. Thread-safe.
 */
#ifndef LASEARCH_PATH_H
#define LASEARCH_PATH_H

#include <stddef.h>

/* "dir/name", malloc()ed; NULL if out of memory. */
char *path_join(const char *dir, const char *name);

/* Read a whole (small) file into a NUL-terminated malloc()ed buffer; *len
 * (if len is not NULL) gets its size. Returns 0, or -1 with errno set. */
int path_read_file(const char *path, char **out, size_t *len);

#endif /* LASEARCH_PATH_H */
