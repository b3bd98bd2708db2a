/*
 * significant_table.h: the phrases --significant counts, by stem key
 * (private to search_significant.c; see significant.h for what is
 * counted). A hash table of entries that own their strings.
 */
#ifndef LASEARCH_SIGNIFICANT_TABLE_H
#define LASEARCH_SIGNIFICANT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define SIG_FORMS 4   /* written forms remembered per phrase */

typedef struct sig_form {
    char *text;
    uint32_t count;
} sig_form;

typedef struct sig_entry {
    char *key;             /* the stems, space-separated */
    uint32_t hash;
    unsigned words;
    sig_form forms[SIG_FORMS];  /* the first SIG_FORMS written forms seen */
    uint32_t fg, bg;       /* paragraphs using it */
    uint32_t fg_last, bg_last;  /* serial of the last paragraph counted */
    uint32_t *councils;    /* ids of the foreground councils using it */
    uint32_t n_councils, cap_councils;
    uint32_t bg_files, bg_last_file;  /* background reports using it */
    int candidate;         /* fg >= min_count: counted in the background */
    int kept;              /* passes every test (search_significant.c) */
    double score;
} sig_entry;

typedef struct sig_table {
    sig_entry **slots;
    size_t cap, n;
} sig_table;

/* The entry for key[0..len): found, or added when create (then with
 * words set, counts 0). NULL when absent (create 0) or out of memory
 * (*nomem set). */
sig_entry *sig_table_get(sig_table *t, const char *key, size_t len, unsigned words,
                         int create, int *nomem);

/* Count one use of written form form[0..len) for e. -1 out of memory. */
int sig_entry_form(sig_entry *e, const char *form, size_t len);
/* Note council id as using e. -1 out of memory. */
int sig_entry_council(sig_entry *e, uint32_t id);
/* The commonest written form (first seen on ties). */
const char *sig_entry_text(const sig_entry *e);

/* Free every entry; t is left empty and reusable. */
void sig_table_clear(sig_table *t);

#endif /* LASEARCH_SIGNIFICANT_TABLE_H */
