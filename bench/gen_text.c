/*
 * gen_text.c: random streams, words, sentences and paragraphs.
 *
 * Words follow a Zipf law (exponent 1) over the seed vocabulary, most
 * frequent first, with a small share drawn instead from an unbounded tail
 * of made-up words (a quarter of them names) whose ranks follow a Pareto
 * law: the number of distinct words then keeps growing with the corpus
 * like n^(1/TAIL_EXPONENT), as real text keeps bringing new names, places
 * and typos. Sentences are the seeds' own (a few words swapped, so they do
 * not repeat verbatim), sentences of drawn words, or domain sentences that
 * carry the phrases users search for.
 */
#include "gen_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Share of drawn words that come from the tail, and its Pareto exponent:
 * tuned so 50,000 paragraphs have some 10^5 distinct words and 1,000,000
 * several times that (see the README's benchmark section). */
#define TAIL_SHARE 0.10
#define TAIL_EXPONENT 1.6
/* The tail continues the vocabulary's ranks rather than starting a new
 * head: its first words are about as rare as the seeds' rarest. */
#define TAIL_START 200.0
/* Chance that a word of a seed sentence is swapped for a drawn one. */
#define MUTATE 0.12
/* Per sentence: a domain sentence, a seed sentence, else drawn words. */
#define P_DOMAIN 0.03
#define P_SEED 0.60

/* ------------------------------------------------------ random streams -- */

uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

gen_rng gen_rng_for(uint64_t seed, uint64_t a, uint64_t b)
{
    /* Mix every part through the generator so nearby inputs (file 7 and
     * file 8) give unrelated streams. */
    gen_rng r = {seed};
    gen_rng_next(&r);
    r.s ^= a * 0xD1B54A32D192ED03ULL;
    gen_rng_next(&r);
    r.s ^= b * 0x8CB92BA72F3D8DD7ULL;
    gen_rng_next(&r);
    return r;
}

double gen_rng_unit(gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

size_t gen_rng_below(gen_rng *r, size_t n)
{
    return (size_t)(gen_rng_next(r) % n);
}

/* --------------------------------------------------------------- words -- */

void gen_tail_word(uint64_t k, char *buf, size_t len)
{
    /* k in mixed radix: an ending (k mod 6), then syllables (base 80), at
     * least two. Syllables end in a vowel and endings are one consonant,
     * so distinct k give distinct words. */
    static const char cons[] = "bcdfghklmnprstvz", vow[] = "aeiou";
    static const char *const endings[] = {"", "n", "r", "l", "s", "t"};
    char w[64];
    size_t n = 0;
    uint64_t m = k / 6;
    int syllables = 0;
    do {
        unsigned d = (unsigned)(m % 80);
        w[n++] = cons[d / 5];
        w[n++] = vow[d % 5];
        m /= 80;
        syllables++;
    } while ((m || syllables < 2) && n + 3 < sizeof w);
    const char *e = endings[k % 6];
    memcpy(w + n, e, strlen(e) + 1);
    /* Some are names: capitalised wherever they appear. */
    if (k % 4 == 1)
        w[0] = (char)toupper((unsigned char)w[0]);
    snprintf(buf, len, "%s", w);
}

void gen_word(const gen_seed *s, gen_rng *r, bytebuf *out)
{
    double u = gen_rng_unit(r);
    if (u < TAIL_SHARE) {
        /* Pareto (Lomax) over k >= 1, scale TAIL_START */
        double v = 1.0 - gen_rng_unit(r);   /* (0, 1] */
        double k = TAIL_START * (pow(v, -1.0 / (TAIL_EXPONENT - 1.0)) - 1.0) + 1.0;
        char w[64];
        gen_tail_word(k < 1e15 ? (uint64_t)k : (uint64_t)1e15, w, sizeof w);
        bytebuf_puts(out, w);
        return;
    }
    /* Zipf with exponent 1 over ranks 1..n: rank = floor((n+1)^u). */
    double rank = pow((double)s->n_words + 1.0, gen_rng_unit(r));
    size_t i = (size_t)rank - 1;
    bytebuf_puts(out, s->words[i < s->n_words ? i : s->n_words - 1]);
}

/* ----------------------------------------------------------- sentences -- */

static const char *const domain_sentences[] = {
    "There was a section 75 agreement between {C} and the Integrated Care "
    "Board for {w} and {w} services.",
    "Section 75 arrangements for {w} {w} had been reviewed by leaders in {C}.",
    "Staff told us hospital discharge arrangements for {w} {w} were working well.",
    "Delays in hospital discharge had increased the number of people waiting "
    "for {w} {w}.",
    "People eligible for continuing health care were assessed jointly with "
    "{w} NHS partners.",
    "Continuing health care (CHC) decisions were {w} and sometimes delayed, "
    "partners told us.",
    "The Better Care Fund supported {w} {w} and reablement in {C}.",
    "{C} worked with {N} on {w} {w} funded through the Better Care Fund (BCF).",
    "{C} Council had published its {w} {w} strategy in 2023.",
    "Leaders in {C} told us that {w} {w} remained a priority for the {w} "
    "partnership.",
    "Partners in {N} and {C} shared a {w} {w} approach to hospital discharge.",
    "Unpaid carers in {C} told us respite and short breaks were {w} to arrange.",
};

static const char *const bullet_verbs[] = {
    "Develop", "Embed", "Improve", "Review", "Strengthen", "Continue to",
    "Work with partners to", "Ensure", "Increase", "Reduce",
};

/* Expand a template: {C} council, {N} neighbour, {w} a drawn word. */
static void expand(const gen_seed *s, gen_rng *r, const char *t, const char *council,
                   const char *neighbour, bytebuf *out)
{
    for (const char *p = t; *p; p++) {
        if (p[0] == '{' && p[1] && p[2] == '}') {
            if (p[1] == 'C')
                bytebuf_puts(out, council);
            else if (p[1] == 'N')
                bytebuf_puts(out, neighbour);
            else
                gen_word(s, r, out);
            p += 2;
        } else {
            bytebuf_putc(out, *p);
        }
    }
}

/* A seed text with its council placeholder filled in and, past the first
 * word, each word swapped for a drawn one with probability mutate. */
static void mutated(const gen_seed *s, gen_rng *r, const char *text, double mutate,
                    const char *council, bytebuf *out)
{
    int first = 1;
    for (const char *p = text; *p;) {
        if (*p == GEN_OWN_COUNCIL) {
            bytebuf_puts(out, council);
            p++;
            /* its "'s" stays with it, as a word's does below */
            if (*p == '\'' && isalpha((unsigned char)p[1])) {
                const char *e = p + 1;
                while (isalpha((unsigned char)*e))
                    e++;
                bytebuf_put(out, p, (size_t)(e - p));
                p = e;
            }
            first = 0;
        } else if (isalpha((unsigned char)*p)) {
            /* "people's" and "H&SC" are one word each: swapping only a part
             * would leave "people'to" or "discharges&SC", which tokenisers
             * split differently (Xapian keeps "AT&T" whole, FTS5 splits it) */
            const char *e = p;
            while (isalpha((unsigned char)*e) ||
                   ((*e == '\'' || *e == '&') && isalpha((unsigned char)e[1])))
                e++;
            if (!first && gen_rng_unit(r) < mutate)
                gen_word(s, r, out);
            else
                bytebuf_put(out, p, (size_t)(e - p));
            p = e;
            first = 0;
        } else {
            bytebuf_putc(out, *p++);
        }
    }
}

/* Words drawn one by one, capitalised, with the odd comma. */
static void drawn(const gen_seed *s, gen_rng *r, size_t words, const char *end,
                  bytebuf *out)
{
    for (size_t i = 0; i < words; i++) {
        size_t at = out->len;
        gen_word(s, r, out);
        if (i == 0 && !out->failed)
            out->data[at] = (char)toupper((unsigned char)out->data[at]);
        if (i + 1 < words)
            bytebuf_puts(out, gen_rng_unit(r) < 0.07 ? ", " : " ");
    }
    bytebuf_puts(out, end);
}

void gen_paragraph(const gen_seed *s, gen_rng *r, const char *council,
                   const char *neighbour, bytebuf *out)
{
    size_t sentences = 2 + gen_rng_below(r, 6) + gen_rng_below(r, 2);
    for (size_t i = 0; i < sentences; i++) {
        if (i)
            bytebuf_putc(out, ' ');
        double u = gen_rng_unit(r);
        if (u < P_DOMAIN) {
            size_t n = sizeof domain_sentences / sizeof domain_sentences[0];
            expand(s, r, domain_sentences[gen_rng_below(r, n)], council, neighbour, out);
        } else if (u < P_DOMAIN + P_SEED) {
            mutated(s, r, s->sentences[gen_rng_below(r, s->n_sentences)], MUTATE,
                    council, out);
        } else {
            drawn(s, r, 6 + gen_rng_below(r, 20), ".", out);
        }
    }
}

void gen_bullet(const gen_seed *s, gen_rng *r, const char *council, bytebuf *out)
{
    double u = gen_rng_unit(r);
    if (u < 0.55) {
        mutated(s, r, s->bullets[gen_rng_below(r, s->n_bullets)], MUTATE / 2, council,
                out);
    } else if (u < 0.65) {
        size_t n = sizeof domain_sentences / sizeof domain_sentences[0];
        expand(s, r, domain_sentences[gen_rng_below(r, n)], council, council, out);
    } else {
        size_t n = sizeof bullet_verbs / sizeof bullet_verbs[0];
        bytebuf_puts(out, bullet_verbs[gen_rng_below(r, n)]);
        bytebuf_putc(out, ' ');
        size_t at = out->len;
        drawn(s, r, 3 + gen_rng_below(r, 10), "", out);
        if (!out->failed)   /* "Develop the", not "Develop The" */
            out->data[at] = (char)tolower((unsigned char)out->data[at]);
    }
}
