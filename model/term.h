/*
 * term.h: index terms made from values of any length (a path, a record
 * id), the same on the side that writes them and the side that looks them
 * up.
 *
 * A term is prefix + value, unless that is longer than Xapian lets a term
 * be (245 bytes: a longer one stops the whole build); then it is prefix +
 * the value's first TERM_KEPT bytes (cut at a character boundary) + "#" +
 * the SHA-256 of the whole value in hex. That is still one term per value,
 * still readable, and at most 5 + 160 + 1 + 64 bytes.
 *
 * Ownership: the caller frees the string. Errors: NULL out of memory.
 * Threads: any.
 */
#ifndef LASEARCH_TERM_H
#define LASEARCH_TERM_H

#define TERM_MAX 245
#define TERM_KEPT 160

/* The term of value under prefix, as above (malloc()ed), or NULL. */
char *term_of(const char *prefix, const char *value);

/* 1 if term (with prefix) is a shortened one: the value it stands for is
 * longer than the term shows, and only term_of(prefix, value) == term
 * tells whether a value is it. */
int term_is_shortened(const char *term, const char *prefix);

#endif /* LASEARCH_TERM_H */
