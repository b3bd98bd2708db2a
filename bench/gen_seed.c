/*
 * gen_seed.c: the seed material of the generator, read from a real corpus.
 *
 * Sentences come from the prose of the reports, bullets from the
 * self-assessments' lists, and the vocabulary (every word, most frequent
 * first) from both. The seed councils' own names are taken out of the
 * sentences (replaced by GEN_OWN_COUNCIL) so a generated report names its
 * own council, and out of the vocabulary so no council is everywhere.
 */
#include "gen_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authority.h"
#include "refdata.h"
#include "textio.h"
#include "walk.h"

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int vec_push(strvec *s, char *str)
{
    if (!str)
        return -1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            free(str);
            return -1;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    return 0;
}

static void vec_free(strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static int has_lower(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (islower((unsigned char)s[i]))
            return 1;
    return 0;
}

/* s[0..n) with every whole-word occurrence of a seed council's name
 * replaced by GEN_OWN_COUNCIL. */
static char *own_council(const char *s, size_t n, char *const *names, size_t n_names)
{
    bytebuf b = {0};
    size_t i = 0;
    while (i < n) {
        size_t hit = 0;
        int at_word = i == 0 || !isalpha((unsigned char)s[i - 1]);
        for (size_t k = 0; at_word && k < n_names && !hit; k++) {
            size_t l = strlen(names[k]);
            if (l && i + l <= n && memcmp(s + i, names[k], l) == 0 &&
                (i + l == n || !isalpha((unsigned char)s[i + l])))
                hit = l;
        }
        if (hit) {
            bytebuf_putc(&b, GEN_OWN_COUNCIL);
            i += hit;
        } else {
            bytebuf_putc(&b, s[i++]);
        }
    }
    bytebuf_putc(&b, '\0');
    if (b.failed) {
        bytebuf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Split a line of prose into sentences: a full stop followed by a space and
 * a capital letter or digit ends one. Very short or very long pieces (lists
 * run together, tables) are left out. */
static int add_sentences(strvec *out, const char *line, size_t n, char *const *names,
                         size_t n_names)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        int end = line[i] == '.' &&
                  (i + 1 == n || (line[i + 1] == ' ' && i + 2 < n &&
                                  (isupper((unsigned char)line[i + 2]) ||
                                   isdigit((unsigned char)line[i + 2]))));
        if (!end)
            continue;
        size_t len = i + 1 - start;
        if (len >= 30 && len <= 500 && isupper((unsigned char)line[start]) &&
            vec_push(out, own_council(line + start, len, names, n_names)) != 0)
            return -1;
        start = i + 2;
        i++;
    }
    return 0;
}

static int read_document(const char *text, size_t len, char *const *names, size_t n_names,
                         strvec *sentences, strvec *bullets)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n > 2 && p[0] == '-' && p[1] == ' ') {
            /* a list item: a bullet if it reads as one (words, not a shout) */
            size_t words = 1;
            for (size_t i = 2; i < n; i++)
                words += p[i] == ' ';
            if (n >= 17 && n <= 220 && words >= 4 && has_lower(p, n) &&
                vec_push(bullets, own_council(p + 2, n - 2, names, n_names)) != 0)
                return -1;
        } else if (n >= 100 && p[0] != '#' && has_lower(p, n)) {
            if (add_sentences(sentences, p, n, names, n_names) != 0)
                return -1;
        }
        p += n;
        while (p < end && *p != '\n')
            p++;
        p++;
    }
    return 0;
}

typedef struct counted {
    char *word;
    size_t count;
} counted;

static int by_count(const void *a, const void *b)
{
    const counted *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every word of the texts: ASCII letter runs; a capitalised word keeps its
 * capital only inside a sentence (a name), acronyms stay as they are. */
static int tokens_of(const char *s, strvec *out)
{
    int sentence_start = 1;
    for (size_t i = 0; s[i];) {
        if (!isalpha((unsigned char)s[i])) {
            if (s[i] == '.' || s[i] == '!' || s[i] == '?')
                sentence_start = 1;
            else if (!isspace((unsigned char)s[i]))
                sentence_start = 0;
            i++;
            continue;
        }
        size_t j = i, upper = 0;
        while (isalpha((unsigned char)s[j]))
            upper += isupper((unsigned char)s[j++]) != 0;
        char *w = dup_n(s + i, j - i);
        if (!w)
            return -1;
        int acronym = upper == j - i && j - i > 1;
        if (!acronym && (sentence_start || upper > 1))
            for (char *c = w; *c; c++)
                *c = (char)tolower((unsigned char)*c);
        if (vec_push(out, w) != 0)
            return -1;
        sentence_start = 0;
        i = j;
    }
    return 0;
}

static int build_vocabulary(const strvec *sentences, const strvec *bullets, gen_seed *out)
{
    strvec all = {0};
    int rc = 0;
    for (size_t i = 0; i < sentences->n && rc == 0; i++)
        rc = tokens_of(sentences->v[i], &all);
    for (size_t i = 0; i < bullets->n && rc == 0; i++)
        rc = tokens_of(bullets->v[i], &all);
    counted *c = rc == 0 ? calloc(all.n + 1, sizeof *c) : NULL;
    if (!c) {
        vec_free(&all);
        return -1;
    }
    qsort(all.v, all.n, sizeof *all.v, by_string);
    size_t n = 0;
    for (size_t i = 0; i < all.n; i++) {
        if (n && strcmp(c[n - 1].word, all.v[i]) == 0)
            c[n - 1].count++;
        else
            c[n++] = (counted){all.v[i], 1};
    }
    qsort(c, n, sizeof *c, by_count);
    out->words = calloc(n + 1, sizeof *out->words);
    for (size_t i = 0; out->words && i < n; i++)
        if (!(out->words[out->n_words] = strdup(c[i].word)))
            rc = -1;
        else
            out->n_words++;
    free(c);
    vec_free(&all);
    return out->words && rc == 0 ? 0 : -1;
}

int gen_seed_load(const char *corpus_dir, gen_seed *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    refdata rd;
    if (refdata_load(corpus_dir, &rd, err, errlen) != 0)
        return -1;
    strvec councils = {0}, seeds = {0}, sentences = {0}, bullets = {0};
    walk_list files = {0};
    int rc = 0;
    for (size_t i = 0; i < authority_count(rd.authorities) && rc == 0; i++)
        rc = vec_push(&councils, strdup(authority_name(rd.authorities, i)));
    /* The councils the seed reports are about (their manifest says). */
    for (size_t i = 0; i < rd.manifest.n && rc == 0; i++) {
        const char *a = rd.manifest.entries[i].authority;
        int known = !a[0];
        for (size_t k = 0; k < seeds.n && !known; k++)
            known = strcmp(seeds.v[k], a) == 0;
        if (!known)
            rc = vec_push(&seeds, strdup(a));
    }
    if (rc == 0 && corpus_walk(corpus_dir, &files, err, errlen) != 0)
        goto out_err;
    for (size_t i = 0; i < files.n && rc == 0; i++) {
        text_file tf;
        char msg[256];
        if (files.entries[i].problem ||
            textio_read(files.entries[i].path, TEXTIO_DEFAULT_MAX_BYTES, &tf, msg, sizeof msg) != TEXTIO_OK)
            continue;   /* a bad seed is no seed; the others still serve */
        rc = read_document(tf.data, tf.len, seeds.v, seeds.n, &sentences, &bullets);
        text_file_clear(&tf);
    }
    if (rc == 0)
        rc = build_vocabulary(&sentences, &bullets, out);
    if (rc != 0) {
        snprintf(err, errlen, "out of memory reading the seed corpus");
        goto out_err;
    }
    if (sentences.n < 20 || bullets.n < 5 || out->n_words < 200) {
        snprintf(err, errlen, "the seed corpus '%s' has too little text (%zu sentences, "
                 "%zu bullets, %zu words): give a corpus with real reports",
                 corpus_dir, sentences.n, bullets.n, out->n_words);
        goto out_err;
    }
    out->sentences = sentences.v;
    out->n_sentences = sentences.n;
    out->bullets = bullets.v;
    out->n_bullets = bullets.n;
    out->councils = councils.v;
    out->n_councils = councils.n;
    out->authorities_text = strdup(rd.authorities_text);
    out->thesaurus_text = strdup(rd.thesaurus_text ? rd.thesaurus_text : "");
    vec_free(&seeds);
    walk_list_clear(&files);
    refdata_clear(&rd);
    if (!out->authorities_text || !out->thesaurus_text) {
        snprintf(err, errlen, "out of memory");
        gen_seed_clear(out);
        return -1;
    }
    return 0;
out_err:
    vec_free(&councils);
    vec_free(&seeds);
    vec_free(&sentences);
    vec_free(&bullets);
    walk_list_clear(&files);
    refdata_clear(&rd);
    gen_seed_clear(out);
    return -1;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void gen_seed_clear(gen_seed *s)
{
    free_list(s->sentences, s->n_sentences);
    free_list(s->bullets, s->n_bullets);
    free_list(s->words, s->n_words);
    free_list(s->councils, s->n_councils);
    free(s->authorities_text);
    free(s->thesaurus_text);
    memset(s, 0, sizeof *s);
}
