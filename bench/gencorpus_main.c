/*
 * gencorpus_main.c: lasearch-gencorpus, the corpus generator's command line.
 *
 *   lasearch-gencorpus --out DIR [--paragraphs N] [--councils N]
 *                      [--statements N] [--seed N] [--seeds CORPUS]
 *
 * Writes a corpus of N paragraphs in the real documents' layouts (gen.h).
 * lasearch-bench runs the same generator itself; this is for looking at
 * what it makes, and for benchmarking by hand.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: lasearch-gencorpus --out DIR [--paragraphs N] [--councils N]\n"
            "                          [--statements N] [--seed N] [--seeds CORPUS]\n"
            "\n"
            "Writes a deterministic corpus of N paragraphs (default 50000) of CQC\n"
            "assessment pages and council self-assessments, in the layouts of the real\n"
            "reports, with manifest.tsv, authorities.tsv and thesaurus.tsv.\n"
            "  --councils N    councils (default: as many as the size needs, at most 153)\n"
            "  --statements N  quality statements per council, 1-9 (default 9)\n"
            "  --seed N        random seed (default 1): same seed, same bytes\n"
            "  --seeds CORPUS  the real corpus the text is drawn from\n"
            "                  (default %s)\n",
            LASEARCH_SEED_CORPUS);
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-')
        return -1;
    *out = (size_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"paragraphs", required_argument, NULL, 'p'},
        {"councils", required_argument, NULL, 'c'},
        {"statements", required_argument, NULL, 's'},
        {"seed", required_argument, NULL, 'S'},
        {"seeds", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    gen_options opt = {.paragraphs = 50000, .seed = 1,
                       .seed_corpus = LASEARCH_SEED_CORPUS};
    const char *out = NULL;
    size_t seed = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'o': out = optarg; break;
        case 'p': bad = parse_size(optarg, &opt.paragraphs) || !opt.paragraphs; break;
        case 'c': bad = parse_size(optarg, &opt.councils); break;
        case 's': bad = parse_size(optarg, &opt.statements) || opt.statements > 9; break;
        case 'S': bad = parse_size(optarg, &seed); opt.seed = seed; break;
        case 'd': opt.seed_corpus = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
        if (bad) {
            fprintf(stderr, "lasearch-gencorpus: bad value '%s' for --%s\n", optarg,
                    longopts[c == 'p' ? 1 : c == 'c' ? 2 : c == 's' ? 3 : 4].name);
            return 2;
        }
    }
    if (!out || optind != argc) {
        usage(stderr);
        return 2;
    }
    char err[512];
    gen_corpus *g;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (gen_new(&opt, &g, err, sizeof err) != 0 || gen_write(g, out, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-gencorpus: %s\n", err);
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    gen_stats st;
    gen_get_stats(g, &st);
    printf("%s: %zu paragraphs in %zu files (%zu councils x %zu rounds, %zu "
           "self-assessments), seed %llu, %.1f s\n",
           out, st.paragraphs, st.files, st.councils, st.rounds, st.self_assessments,
           (unsigned long long)opt.seed,
           (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    gen_free(g);
    return 0;
}
