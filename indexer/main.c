/* lasearch-index: build or update the index of a corpus, report on it, or
 * show how a file is parsed. Options and output only: the work is done by
 * build.h, update.h and stats.h. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "index_alerts.h"
#include "index_check.h"
#include "optval.h"
#include "report.h"
#include "generation.h"
#include "inspect.h"
#include "parse.h"
#include "progress.h"
#include "reader.h"
#include "refdata.h"
#include "shards.h"
#include "stats.h"
#include "textio.h"
#include "update.h"

enum { EXIT_BUILT = 0, EXIT_SKIPPED = 1, EXIT_ERROR = 2, EXIT_LOCKED = 75 };

static const char usage_text[] =
"NAME\n"
"    lasearch-index - index CQC adult social care reports for lasearch-query\n"
"\n"
"SYNOPSIS\n"
"    lasearch-index [--update] [--corpus DIR] [--index DIR] [--wait SECONDS]\n"
"                   [--shards N] [--alerts FILE] [--quiet | --verbose] [--json]\n"
"    lasearch-index --stats | --check [--corpus DIR] [--index DIR] [--json]\n"
"    lasearch-index --inspect FILE [--corpus DIR] [--json]\n"
"\n"
"DESCRIPTION\n"
"    Reads every document under the corpus directory, splits each into\n"
"    paragraphs (each bullet is its own paragraph), works out each\n"
"    paragraph's council, kind of document, quality statement, theme, score\n"
"    and heading, and indexes every paragraph as its own searchable document.\n"
"\n"
"    The new index is built beside the live one (a new generation) and\n"
"    replaces it atomically once it is complete and checked: queries running\n"
"    meanwhile see the previous index, whole. If the build fails or is\n"
"    killed, the live index stays as it was; the next run removes what was\n"
"    left. The previous generation is kept for readers still on it. A file\n"
"    that cannot be read (not UTF-8, binary, empty, unreadable, a symlink\n"
"    loop) is skipped and reported; it never stops the build. Re-running on\n"
"    the same corpus gives the same index.\n"
"\n"
"    With --update, only what changed since the last build is applied: new\n"
"    files are added, changed files (by content) re-indexed, deleted files\n"
"    removed. The result answers queries exactly as a full rebuild would. If\n"
"    authorities.tsv, --max-file-size, --shards or lasearch itself changed,\n"
"    or there is no index yet, it rebuilds everything instead and says why.\n"
"    A file whose size, inode, modification and change times (and\n"
"    manifest.tsv row) are those recorded when it was last read is taken as\n"
"    unchanged without reading it, as git and make do; one changed within\n"
"    two seconds before a run started is read again by the next update.\n"
"    --check reads every file.\n"
"\n"
"    The corpus directory holds the documents (any layout of subdirectories)\n"
"    and its reference data: authorities.tsv (the councils and their\n"
"    aliases), manifest.tsv (optional: each file's council, kind, URL, date)\n"
"    and thesaurus.tsv (optional: equivalent terms for queries). Missing\n"
"    reference files are taken from the data directory: $LASEARCH_DATADIR,\n"
"    else share/lasearch beside the directory of this program (where\n"
"    `cmake --install --prefix X` puts them: X/share/lasearch), else the\n"
"    directory set when lasearch was built.\n"
"\n"
"OPTIONS\n"
"    --corpus DIR   the corpus (default: $LASEARCH_CORPUS, else ./corpus)\n"
"    --index DIR    the index (default: $LASEARCH_INDEX, else ./index)\n"
"    -u, --update   apply only what changed since the last build\n"
"    --stats        the live index: generation, when and how it was built,\n"
"                   documents, paragraphs, terms, size, the generations it went\n"
"                   through (paragraphs new or changed in each: what\n"
"                   lasearch-query --since counts from), paragraphs per council\n"
"    --check        verify the live index against its own file list, and the\n"
"                   corpus against the index (what an update would change),\n"
"                   reading every file\n"
"    --shards N     split the index into N shards by council (1 to 64),\n"
"                   each built by a thread of its own and searched as one\n"
"                   index with identical results (default: one per core,\n"
"                   at most 8; an update keeps the index's number unless\n"
"                   given, and a different number rebuilds)\n"
"    --wait SECONDS if another lasearch-index is writing the index, wait up\n"
"                   to SECONDS for it to finish (default: exit 75 at once)\n"
"    --inspect FILE show how FILE is parsed: its facets, how each was\n"
"                   decided, and every paragraph with its line; FILE may be\n"
"                   anywhere (the manifest applies to files inside the corpus)\n"
"    --alerts FILE  saved searches, one a line: NAME<TAB>QUERY (# comments and\n"
"                   blank lines skipped). A bad line is an error naming\n"
"                   FILE:LINE before anything is written. After the run, for\n"
"                   each saved search, the paragraphs this run added or\n"
"                   changed (by paragraph: an unchanged paragraph of a changed\n"
"                   file is not new) that match it, with citation and link;\n"
"                   with --quiet, printed only when something matched; with\n"
"                   --json, under \"alerts\" in the summary\n"
"    --json         the summary (or --stats, --check, --inspect) as one JSON\n"
"                   object\n"
"    --max-file-size BYTES\n"
"                   skip files larger than this (default 64 MiB; suffixes\n"
"                   K, M, G)\n"
"    -q, --quiet    print nothing but errors and skipped files\n"
"    -v, --verbose  also print each stage and file as it goes, every warning,\n"
"                   and paragraphs per council\n"
"    -h, --help     this help\n"
"    -V, --version  version\n"
"\n"
"OUTPUT\n"
"    On a terminal, a progress bar (rate and time left) on standard error,\n"
"    then a summary with paragraphs per council on standard output.\n"
"    Otherwise (cron, systemd, a pipe) no progress, and a short summary.\n"
"    Skipped files and warnings (e.g. a council that could not be decided)\n"
"    go to standard error, each naming the file and line; an update lists\n"
"    those of the files it read (--verbose: all).\n"
"\n"
"EXIT STATUS\n"
"    0   the index was built or updated from every file (or was up to date);\n"
"        --stats printed; --check: consistent and up to date\n"
"    1   the index was built, but some files were skipped (listed on stderr);\n"
"        --check: consistent, but the corpus has changed since\n"
"    2   error: nothing was changed (the message says why and what to do);\n"
"        --check: the index is not consistent, or cannot be read; --alerts:\n"
"        a bad saved search (nothing changed), or the index was updated but\n"
"        the saved searches could not be run (the message says so)\n"
"    75  another lasearch-index is writing the same index (after --wait\n"
"        SECONDS, if given); try again later\n"
"\n"
"EXAMPLES\n"
"    lasearch-index --corpus corpus --index index\n"
"    lasearch-index --update --quiet --wait 3600    (nightly, from cron)\n"
"    lasearch-index --update --quiet --alerts saved.tsv   (mail what is new)\n"
"    lasearch-index --stats --json | jq .paragraphs\n"
"    lasearch-index --inspect corpus/documents/001_80e5e828aad1d6a4.txt\n"
"    lasearch-index --inspect report.txt --json | jq '.paragraphs[0]'\n";

typedef struct options {
    const char *corpus;
    const char *index;
    const char *inspect;
    const char *alerts;   /* --alerts FILE */
    size_t max_file_bytes;
    double wait;
    unsigned shards;
    int update, stats, check;
    int json, quiet, verbose;
    int bar;              /* draw a progress bar (stderr is a terminal) */
    progress prog;
} options;

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && v[0] ? v : fallback;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "\r" + line + clear to the end of the line: the bar redraws in place. */
static void on_progress(void *ctx, size_t done, size_t total, const char *file)
{
    options *o = ctx;
    if (o->verbose) {
        fprintf(stderr, "[%zu/%zu] %s\n", done, total, file);
    } else if (o->bar) {
        char line[160];
        if (progress_step(&o->prog, done, total, now_seconds(), 0.1, 79, line,
                          sizeof line))
            fprintf(stderr, "\r%s\033[K", line);
    }
}

static void on_stage(void *ctx, const char *what)
{
    options *o = ctx;
    if (o->bar && o->prog.last_draw >= 0)
        fputc('\n', stderr);   /* keep the finished stage's bar */
    if (o->verbose)
        fprintf(stderr, "lasearch-index: %s\n", what);
    progress_start(&o->prog, what, now_seconds());
}

/* After a failed build, say what a user most needs to know: whether the
 * live index survived (it always does), and what to do next. */
static void report_unchanged(const char *index, const char *err)
{
    char gerr[256];
    long live = layout_current(index, gerr, sizeof gerr);
    int no_space = strstr(err, "File too large") || strstr(err, "No space left") ||
                   strstr(err, "Disk quota");
    const char *todo = no_space ? "free disk space (or raise the file-size limit), then "
                                  "run lasearch-index again"
                                : "fix the cause above, then run lasearch-index again";
    if (live > 0)
        fprintf(stderr, "lasearch-index: the live index is unchanged (generation %ld); "
                "%s\n", live, todo);
    else
        fprintf(stderr, "lasearch-index: no index was published; %s\n", todo);
}

static int run_build(options *o)
{
    build_options bo = {.corpus_dir = o->corpus, .index_dir = o->index,
                        .max_file_bytes = o->max_file_bytes, .lock_wait = o->wait,
                        .shards = o->shards,
                        .progress = on_progress, .stage = on_stage, .progress_ctx = o};
    build_report rep;
    char err[1024] = "";
    saved_searches saved = {0};
    if (o->alerts && index_alerts_load(o->alerts, o->index, &saved, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-index: %s\n", err);
        fprintf(stderr, "lasearch-index: nothing was changed; fix the saved searches, "
                "then run lasearch-index again\n");
        return EXIT_ERROR;
    }
    o->bar = !o->quiet && !o->verbose && isatty(STDERR_FILENO);
    progress_start(&o->prog, "", now_seconds());
    build_status st = o->update ? update_index(&bo, &rep, err, sizeof err)
                                : build_index(&bo, &rep, err, sizeof err);
    if (o->bar && o->prog.last_draw >= 0)
        fputc('\n', stderr);
    int listed_all = 1;
    for (size_t i = 0; i < rep.n_messages; i++) {
        /* A file kept as last indexed is as serious as one skipped: its
         * paragraphs are out of date. */
        int is_skip = strstr(rep.messages[i], ": skipped: ") != NULL ||
                      strstr(rep.messages[i], ": kept as last indexed: ") != NULL;
        /* An update lists the problems of the files it read; those of
         * unchanged files were listed when they were read. */
        int show = o->verbose || (rep.fresh && rep.fresh[i] && (is_skip || !o->quiet));
        if (show)
            fprintf(stderr, "lasearch-index: %s\n", rep.messages[i]);
        listed_all &= show;
    }
    int code;
    if (st == BUILD_OK) {
        code = rep.skipped ? EXIT_SKIPPED : EXIT_BUILT;
        /* With nothing published, nothing is new: after the live one. */
        json_t *alerts = NULL;
        if (o->alerts &&
            !(alerts = index_alerts_report(o->index, &saved,
                                           rep.mode == BUILD_MODE_NONE ? rep.generation
                                                                       : rep.previous,
                                           err, sizeof err))) {
            fprintf(stderr, "lasearch-index: the index is at generation %ld, but the saved "
                    "searches could not be run: %s\n", rep.generation, err);
            code = EXIT_ERROR;
        }
        if (o->json) {
            char *js = build_run_json(&rep);
            json_t *obj = js ? json_loads(js, 0, NULL) : NULL;
            if (obj && alerts)
                json_object_set(obj, "alerts", alerts);
            if (obj)
                json_dumpf(obj, stdout, JSON_COMPACT);
            if (obj)
                fputc('\n', stdout);
            if (!obj) {   /* never a silent exit 0 without the summary */
                fprintf(stderr, "lasearch-index: the index is at generation %ld, but its "
                        "summary could not be written: out of memory\n", rep.generation);
                code = EXIT_ERROR;
            }
            json_decref(obj);
            free(js);
        } else {
            if (!o->quiet)
                build_report_print(stdout, &rep, o->index,
                                   o->verbose || (isatty(STDOUT_FILENO) &&
                                                  rep.mode != BUILD_MODE_NONE),
                                   listed_all);
            /* --quiet: mailed only when a saved search found something. */
            if (alerts && (!o->quiet || json_integer_value(json_object_get(alerts, "matched")))) {
                if (!o->quiet && json_integer_value(json_object_get(alerts, "matched")))
                    fputc('\n', stdout);
                alerts_print(stdout, alerts);
            }
        }
        json_decref(alerts);
    } else {
        fprintf(stderr, "lasearch-index: %s\n", err);
        code = st == BUILD_LOCKED ? EXIT_LOCKED : EXIT_ERROR;
        if (st == BUILD_ERROR)
            report_unchanged(o->index, err);
    }
    build_report_clear(&rep);
    saved_searches_clear(&saved);
    return code;
}

static int run_stats(const options *o)
{
    char err[1024] = "";
    json_t *s = index_stats(o->index, err, sizeof err);
    if (!s) {
        fprintf(stderr, "lasearch-index: %s\n", err);
        return EXIT_ERROR;
    }
    int rc = o->json ? json_dumpf(s, stdout, JSON_INDENT(2)) : index_stats_print(stdout, s);
    if (o->json)
        putchar('\n');
    json_decref(s);
    return rc == 0 ? EXIT_BUILT : EXIT_ERROR;
}

static int run_check(const options *o)
{
    build_options bo = {.corpus_dir = o->corpus, .index_dir = o->index,
                        .max_file_bytes = o->max_file_bytes, .shards = o->shards};
    index_check_report rep;
    char err[1024] = "";
    if (index_check(&bo, &rep, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-index: %s\n", err);
        index_check_clear(&rep);
        return EXIT_ERROR;
    }
    int stale = rep.inputs_changed || rep.added || rep.changed || rep.removed ||
                rep.thesaurus_changed;
    if (o->json) {
        json_t *changes = json_array();
        for (size_t i = 0; changes && i < rep.n_changes; i++)
            json_array_append_new(changes, json_string(rep.changes[i]));
        json_t *js = json_pack("{s:s, s:I, s:b, s:s?, s:I, s:I, s:s?, s:b, s:b, s:I, s:I, "
                               "s:I, s:I, s:o}", "index", o->index, "generation",
                               (json_int_t)rep.generation, "consistent", rep.consistent,
                               "problem", rep.problem, "files", (json_int_t)rep.files,
                               "paragraphs", (json_int_t)rep.paragraphs, "inputs_changed",
                               rep.inputs_changed, "thesaurus_changed",
                               rep.thesaurus_changed, "up_to_date", !stale, "added",
                               (json_int_t)rep.added, "changed", (json_int_t)rep.changed,
                               "removed", (json_int_t)rep.removed, "unchanged",
                               (json_int_t)rep.unchanged, "changes", changes);
        if (js && json_dumpf(js, stdout, JSON_INDENT(2)) == 0)
            putchar('\n');
        json_decref(js);
    }
    int code = !rep.consistent ? EXIT_ERROR : stale ? EXIT_SKIPPED : EXIT_BUILT;
    if (!o->json && !(o->quiet && code == EXIT_BUILT))
        index_check_print(stdout, &rep, o->index, o->verbose ? (size_t)-1 : 20);
    index_check_clear(&rep);
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
    doc_read dr;
    size_t max = o->max_file_bytes ? o->max_file_bytes : TEXTIO_DEFAULT_MAX_BYTES;
    reader_limits lim;
    reader_limits_default(&lim, max);
    reader_status rs = reader_read(o->inspect, &lim, &dr, err, sizeof err);
    if (rs != READER_OK) {
        fprintf(stderr, "lasearch-index: %s: %s\n", o->inspect,
                rs == READER_NOMEM ? "out of memory" : err);
        doc_read_clear(&dr);
        refdata_clear(&ref);
        return EXIT_ERROR;
    }
    char *label = inspect_label(o->inspect, corpus);
    corpus_ref cref = {ref.authorities, &ref.manifest};
    corpus_doc doc;
    int code = EXIT_ERROR;
    if (!label || corpus_parse_read(label, &dr, &cref, NULL, NULL, &doc) != 0) {
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
    doc_read_clear(&dr);
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
        {"alerts", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        {"max-file-size", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"update", no_argument, NULL, 'u'},
        {"stats", no_argument, NULL, 's'},
        {"check", no_argument, NULL, 'C'},
        {"wait", required_argument, NULL, 'w'},
        {"shards", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    char msg[256];
    while ((c = getopt_long(argc, argv, "quvhV", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'c': o.corpus = optarg; break;
        case 'i': o.index = optarg; break;
        case 'I': o.inspect = optarg; break;
        case 'a': o.alerts = optarg; break;
        case 'j': o.json = 1; break;
        case 'q': o.quiet = 1; break;
        case 'v': o.verbose = 1; break;
        case 'u': o.update = 1; break;
        case 's': o.stats = 1; break;
        case 'C': o.check = 1; break;
        case 'w':
            bad = optval_seconds("--wait", optarg, 0, 1e7, &o.wait, msg, sizeof msg);
            break;
        case 'S': {
            size_t n = 0;
            bad = optval_count("--shards", optarg, 1, SHARDS_MAX, &n, msg, sizeof msg);
            o.shards = (unsigned)n;
            break;
        }
        case 'm':
            bad = optval_size("--max-file-size", optarg, 1, SIZE_MAX,
                              &o.max_file_bytes, msg, sizeof msg);
            break;
        case 'h': fputs(usage_text, stdout); return EXIT_BUILT;
        case 'V': printf("lasearch-index %s\n", LASEARCH_VERSION); return EXIT_BUILT;
        default:
            fprintf(stderr, "Try 'lasearch-index --help'.\n");
            return EXIT_ERROR;
        }
        if (bad) {
            fprintf(stderr, "lasearch-index: %s\n", msg);
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
    if (!!o.inspect + o.update + o.stats + o.check > 1) {
        fprintf(stderr, "lasearch-index: --inspect, --update, --stats and --check are "
                "separate commands: give one\n");
        return EXIT_ERROR;
    }
    if (o.alerts && (o.inspect || o.stats || o.check)) {
        fprintf(stderr, "lasearch-index: --alerts goes with a build or --update\n");
        return EXIT_ERROR;
    }
    if (o.inspect)
        return run_inspect(&o);
    if (o.stats)
        return run_stats(&o);
    return o.check ? run_check(&o) : run_build(&o);
}
