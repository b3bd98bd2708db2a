/* options.c: lasearch-fetch's command line (contract in options.h). */
#include "options.h"

#include "optval.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help_text[] =
"NAME\n"
"    lasearch-fetch - fetch CQC and council reports from the web into a corpus\n"
"\n"
"SYNOPSIS\n"
"    lasearch-fetch [--corpus DIR] [--delay SECONDS] [--timeout SECONDS]\n"
"                   [--max-depth N] [--max-pages N] [--max-total BYTES]\n"
"                   [--max-size BYTES] [--contact TEXT] [--quiet | --verbose] [--json]\n"
"\n"
"DESCRIPTION\n"
"    Reads DIR/sources.tsv (a header line, then one start page a line: url,\n"
"    follow, and optionally authority and kind), fetches each start page and\n"
"    the HTML, PDF and text pages it links to under the follow prefix, to a\n"
"    depth, and stores each under DIR/documents/ by host and path, with its\n"
"    row in DIR/manifest.tsv (url, the date the server states, authority and\n"
"    kind). Then `lasearch-index --update` indexes what changed.\n"
"\n"
"    It obeys robots.txt, asks one thing at a time with a pause between two\n"
"    requests to the same host, and names itself in its User-Agent. A page\n"
"    fetched before is asked for conditionally (ETag, Last-Modified): an\n"
"    unchanged one costs a 304 and is not written again. Every file is\n"
"    written under a temporary name and renamed, so a kill leaves the old\n"
"    file or the new one. A page the server says is gone (404, 410) is\n"
"    moved to DIR/.gone/ and its manifest row removed, so the next update\n"
"    drops it from the index. One lasearch-fetch runs on a corpus at a time.\n"
"\n"
"OPTIONS\n"
"    --corpus DIR       the corpus (default: $LASEARCH_CORPUS, else ./corpus)\n"
"    --delay SECONDS    pause between two requests to one host (default 1;\n"
"                       a longer Crawl-delay in robots.txt wins, up to 60)\n"
"    --timeout SECONDS  time limit of one request (default 60)\n"
"    --max-depth N      links followed from a start page (default 3)\n"
"    --max-pages N      page requests in one run (default 5000)\n"
"    --max-total BYTES  bytes received in one run (default 2G; K, M, G)\n"
"    --max-size BYTES   size limit of one page (default 64M): a larger one is\n"
"                       cut off, reported and not stored\n"
"    --contact TEXT     a URL or e-mail address for site owners, put in the\n"
"                       User-Agent\n"
"    --json             the summary as one JSON object\n"
"    -q, --quiet        print nothing but failures\n"
"    -v, --verbose      also print every page as it is fetched or skipped\n"
"    -h, --help         this help\n"
"    -V, --version      version\n"
"\n"
"OUTPUT\n"
"    One summary line on standard output: pages new, changed, unchanged,\n"
"    failed and gone; a line per page gone. Failures on standard error, each\n"
"    with its URL and why.\n"
"\n"
"EXIT STATUS\n"
"    0   every page was fetched (or found unchanged)\n"
"    1   some pages failed (listed on standard error); the rest were fetched\n"
"    2   error: bad options, no usable sources.tsv, the corpus not writable\n"
"    75  another lasearch-fetch is running on this corpus; try again later\n"
"\n"
"EXAMPLES\n"
"    lasearch-fetch --corpus /srv/lasearch/corpus\n"
"    lasearch-fetch --corpus corpus --json | jq '.new, .changed'\n";

const char *options_help(void)
{
    return help_text;
}

options_result options_parse(int argc, char **argv, fetch_options *o, char *msg,
                             size_t msglen)
{
    const char *env = getenv("LASEARCH_CORPUS");
    *o = (fetch_options){ .corpus = env && *env ? env : "corpus", .delay = 1,
                          .timeout = 60, .max_depth = 3, .max_pages = 5000,
                          .max_total = (size_t)2 << 30, .max_size = (size_t)64 << 20 };
    static const struct option longopts[] = {
        {"corpus", required_argument, NULL, 'c'},
        {"delay", required_argument, NULL, 'd'},
        {"timeout", required_argument, NULL, 't'},
        {"max-depth", required_argument, NULL, 'D'},
        {"max-pages", required_argument, NULL, 'P'},
        {"max-total", required_argument, NULL, 'T'},
        {"max-size", required_argument, NULL, 'S'},
        {"contact", required_argument, NULL, 'C'},
        {"json", no_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    opterr = 0;   /* the caller prints, with the program's name */
    while ((c = getopt_long(argc, argv, "qvhV", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'c': o->corpus = optarg; break;
        case 'C': o->contact = optarg; break;
        case 'j': o->json = 1; break;
        case 'q': o->quiet = 1; break;
        case 'v': o->verbose = 1; break;
        case 'd': bad = optval_seconds("--delay", optarg, 0, 3600, &o->delay, msg, msglen); break;
        case 't':
            bad = optval_seconds("--timeout", optarg, 0.1, 3600, &o->timeout, msg, msglen);
            break;
        case 'D':
            bad = optval_count("--max-depth", optarg, 0, 100, &o->max_depth, msg, msglen);
            break;
        case 'P':
            bad = optval_count("--max-pages", optarg, 1, 10000000, &o->max_pages, msg, msglen);
            break;
        case 'T':
            bad = optval_size("--max-total", optarg, 1024, SIZE_MAX, &o->max_total, msg, msglen);
            break;
        case 'S':
            bad = optval_size("--max-size", optarg, 1024, (size_t)4 << 30, &o->max_size, msg,
                              msglen);
            break;
        case 'h': return OPTIONS_HELP;
        case 'V': return OPTIONS_VERSION;
        default:
            snprintf(msg, msglen, "'%s': an unknown option, or one missing its value "
                     "(try 'lasearch-fetch --help')", argv[optind - 1]);
            return OPTIONS_ERROR;
        }
        if (bad)
            return OPTIONS_ERROR;
    }
    if (optind < argc) {
        snprintf(msg, msglen, "unexpected argument '%s'", argv[optind]);
        return OPTIONS_ERROR;
    }
    if (o->quiet && o->verbose) {
        snprintf(msg, msglen, "--quiet and --verbose contradict each other");
        return OPTIONS_ERROR;
    }
    if (o->contact && strpbrk(o->contact, "\r\n()")) {
        snprintf(msg, msglen, "--contact: no line breaks or brackets, please");
        return OPTIONS_ERROR;
    }
    return OPTIONS_RUN;
}
