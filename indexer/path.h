/*
 * path.h: joining file-system paths, the one helper every module that builds
 * paths under a directory (index generations, reference data, benchmark
 * work) shares.
 */
#ifndef LASEARCH_PATH_H
#define LASEARCH_PATH_H

/* "dir/name", malloc()ed; NULL if out of memory. */
char *path_join(const char *dir, const char *name);

#endif /* LASEARCH_PATH_H */
