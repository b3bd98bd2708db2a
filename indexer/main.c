/* lasearch-index: build the index of a corpus, or show how a file is parsed. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "inspect.h"
#include "parse.h"
#include "refdata.h"
#include "textio.h"

enum { EXIT_BUILT = 0, EXIT_SKIPPED = 1, EXIT_ERROR = 2, EXIT_LOCKED = 75 };

static const char usage_text[] =
"NAME\n"
"    lasearch-index - index CQC adult social care reports for lasearch-query\n"
"\n"
"SYNOPSIS\n"
"    lasearch-index [--corpus DIR] [--index DIR] [--quiet | --verbose] [--json]\n"
"    lasearch-index --inspect FILE [--corpus DIR] [--json]\n"
"\n"
"DESCRIPTION\n"
"    Reads every document under the corpus directory, splits each into\n"
"    paragraphs (each bullet is its own paragraph), works out each\n"
"    paragraph's council, kind of document, quality statement, theme, score\n"
"    and heading, and indexes every paragraph as its own searchable document.\n"
"\n"
"    The new index is built beside the live one and replaces it atomically\n"
"    once it is complete and checked: queries running meanwhile see the\n"
"    previous index, whole. A file that cannot be read (not UTF-8, binary,\n"
"    empty, unreadable, a symlink loop) is skipped and reported; it never\n"
"    stops the build. Re-running on the same corpus gives the same index.\n"
"\n"
"    The corpus directory holds the documents (any layout of subdirectories)\n"
"    and its reference data: authorities.tsv (the councils and their\n"
"    aliases), manifest.tsv (optional: each file's council, kind, URL, date)\n"
"    and thesaurus.tsv (optional: equivalent terms for queries). Missing\n"
"    reference files are taken from " LASEARCH_DATADIR ".\n"
"\n"
"OPTIONS\n"
"    --corpus DIR   the corpus (default: $LASEARCH_CORPUS, else ./corpus)\n"
"    --index DIR    the index (default: $LASEARCH_INDEX, else ./index)\n"
"    --inspect FILE show how FILE is parsed: its facets, how each was\n"
"                   decided, and every paragraph with its line; FILE may be\n"
"                   anywhere (the manifest applies to files inside the corpus)\n"
"    --json         with --inspect: one JSON object (field names as in\n"
"                   lasearch-query --json hits); with a build: the summary\n"
"                   as one JSON object\n"
"    --max-file-size BYTES\n"
"                   skip files larger than this (default 64 MiB; suffixes\n"
"                   K, M, G)\n"
"    -q, --quiet    print nothing but errors and skipped files\n"
"    -v, --verbose  also print each file as it is indexed, and warnings\n"
"    -h, --help     this help\n"
"    -V, --version  version\n"
"\n"
"OUTPUT\n"
"    A summary on standard output: documents, paragraphs and paragraphs per\n"
"    council. Skipped files and warnings (e.g. a council that could not be\n"
"    decided) go to standard error, each naming the file and line.\n"
"\n"
"EXIT STATUS\n"
"    0   the index was built from every file\n"
"    1   the index was built, but some files were skipped (listed on stderr)\n"
"    2   error: nothing was changed (the message says why and what to do)\n"
"    75  another lasearch-index is updating the same index; try again later\n"
"\n"
"EXAMPLES\n"
"    lasearch-index --corpus corpus --index index\n"
"    lasearch-index --inspect corpus/documents/001_80e5e828aad1d6a4.txt\n"
"    lasearch-index --inspect report.txt --json | jq '.paragraphs[0]'\n";

typedef struct options {
    const char *corpus;
    const char *index;
    const char *inspect;
    size_t max_file_bytes;
    int json, quiet, verbose;
} options;

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && v[0] ? v : fallback;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno)
        return -1;
    unsigned long long mult = 1;
    switch (*end) {
    case 'k': case 'K': mult = 1ULL << 10; end++; break;
    case 'm': case 'M': mult = 1ULL << 20; end++; break;
    case 'g': case 'G': mult = 1ULL << 30; end++; break;
    default: break;
    }
    if (*end || v == 0 || v > SIZE_MAX / mult)
        return -1;
    *out = (size_t)(v * mult);
    return 0;
}

static void progress(void *ctx, size_t done, size_t total, const char *file)
{
    (void)ctx;
    fprintf(stderr, "[%zu/%zu] %s\n", done, total, file);
}

static void print_summary(const options *o, const build_report *rep)
{
    printf("Indexed %zu document%s, %zu paragraph%s into %s (generation %ld) in %.2f s\n",
           rep->documents, rep->documents == 1 ? "" : "s", rep->paragraphs,
           rep->paragraphs == 1 ? "" : "s", o->index, rep->generation, rep->seconds);
    if (rep->skipped)
        printf("Skipped %zu file%s (see above)\n", rep->skipped, rep->skipped == 1 ? "" : "s");
    if (rep->warnings)
        printf("%zu warning%s (see above)\n", rep->warnings, rep->warnings == 1 ? "" : "s");
    printf("\nParagraphs per authority:\n");
    for (size_t i = 0; i < rep->n_counts; i++) {
        const build_count *c = &rep->counts[i];
        printf("  %-40s %6zu  (%zu document%s)\n",
               c->authority[0] ? c->authority : "(undecided)", c->paragraphs,
               c->documents, c->documents == 1 ? "" : "s");
    }
}

static int run_build(const options *o)
{
    build_options bo = {.corpus_dir = o->corpus, .index_dir = o->index,
                        .max_file_bytes = o->max_file_bytes,
                        .progress = o->verbose ? progress : NULL};
    build_report rep;
    char err[1024] = "";
    build_status st = build_index(&bo, &rep, err, sizeof err);
    for (size_t i = 0; i < rep.n_messages; i++) {
        int is_skip = strstr(rep.messages[i], ": skipped: ") != NULL;
        if (is_skip || !o->quiet)
            fprintf(stderr, "lasearch-index: %s\n", rep.messages[i]);
    }
    int code;
    if (st == BUILD_OK) {
        if (o->json) {
            char *js = build_report_json(&rep);
            if (js)
                printf("%s\n", js);
            free(js);
        } else if (!o->quiet) {
            print_summary(o, &rep);
        }
        code = rep.skipped ? EXIT_SKIPPED : EXIT_BUILT;
    } else {
        fprintf(stderr, "lasearch-index: %s\n", err);
        code = st == BUILD_LOCKED ? EXIT_LOCKED : EXIT_ERROR;
    }
    build_report_clear(&rep);
    return code;
}

/* The file's path relative to the corpus when it lies inside it (so the
 * manifest applies), else the path as given. */
static char *inspect_label(const char *file, const char *corpus)
{
    char *rf = realpath(file, NULL), *rc = corpus ? realpath(corpus, NULL) : NULL;
    char *label = NULL;
    if (rf && rc) {
        size_t n = strlen(rc);
        if (strncmp(rf, rc, n) == 0 && rf[n] == '/')
            label = strdup(rf + n + 1);
    }
    free(rf);
    free(rc);
    return label ? label : strdup(file);
}

static int run_inspect(const options *o)
{
    refdata ref;
    char err[1024];
    /* Inspecting a lone file must work without a corpus directory. */
    FILE *probe = fopen(o->corpus, "r");
    const char *corpus = probe ? o->corpus : NULL;
    if (probe)
        fclose(probe);
    if (refdata_load(corpus, &ref, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-index: %s\n", err);
        return EXIT_ERROR;
    }
    text_file tf;
    size_t max = o->max_file_bytes ? o->max_file_bytes : TEXTIO_DEFAULT_MAX_BYTES;
    textio_status ts = textio_read(o->inspect, max, &tf, err, sizeof err);
    if (ts != TEXTIO_OK) {
        fprintf(stderr, "lasearch-index: %s: %s\n", o->inspect, err);
        refdata_clear(&ref);
        return EXIT_ERROR;
    }
    char *label = inspect_label(o->inspect, corpus);
    corpus_ref cref = {ref.authorities, &ref.manifest};
    corpus_doc doc;
    int code = EXIT_ERROR;
    if (!label || corpus_parse(label, tf.data, tf.len, &cref, &doc) != 0) {
        fprintf(stderr, "lasearch-index: out of memory\n");
    } else {
        if (o->json) {
            json_t *js = inspect_json(&doc, ref.authorities);
            if (js && json_dumpf(js, stdout, JSON_INDENT(2)) == 0) {
                putchar('\n');
                code = EXIT_BUILT;
            }
            json_decref(js);
        } else if (inspect_print(stdout, &doc, ref.authorities) == 0) {
            code = EXIT_BUILT;
        }
        corpus_doc_clear(&doc);
    }
    free(label);
    text_file_clear(&tf);
    refdata_clear(&ref);
    return code;
}

int main(int argc, char **argv)
{
    options o = {.corpus = env_or("LASEARCH_CORPUS", "corpus"),
                 .index = env_or("LASEARCH_INDEX", "index")};
    static const struct option longopts[] = {
        {"corpus", required_argument, NULL, 'c'},
        {"index", required_argument, NULL, 'i'},
        {"inspect", required_argument, NULL, 'I'},
        {"json", no_argument, NULL, 'j'},
        {"max-file-size", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "qvhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o.corpus = optarg; break;
        case 'i': o.index = optarg; break;
        case 'I': o.inspect = optarg; break;
        case 'j': o.json = 1; break;
        case 'q': o.quiet = 1; break;
        case 'v': o.verbose = 1; break;
        case 'm':
            if (parse_size(optarg, &o.max_file_bytes) != 0) {
                fprintf(stderr, "lasearch-index: --max-file-size: '%s' is not a "
                        "size such as 1048576, 512K or 64M\n", optarg);
                return EXIT_ERROR;
            }
            break;
        case 'h': fputs(usage_text, stdout); return EXIT_BUILT;
        case 'V': printf("lasearch-index %s\n", LASEARCH_VERSION); return EXIT_BUILT;
        default:
            fprintf(stderr, "Try 'lasearch-index --help'.\n");
            return EXIT_ERROR;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "lasearch-index: unexpected argument '%s'\nTry "
                "'lasearch-index --help'.\n", argv[optind]);
        return EXIT_ERROR;
    }
    if (o.quiet && o.verbose) {
        fprintf(stderr, "lasearch-index: --quiet and --verbose contradict each other\n");
        return EXIT_ERROR;
    }
    return o.inspect ? run_inspect(&o) : run_build(&o);
}
