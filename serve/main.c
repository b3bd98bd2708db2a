/* lasearch-serve: the search page and JSON API over a lasearch index. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "optval.h"
#include "server.h"

static const char usage_text[] =
"NAME\n"
"    lasearch-serve - a search page and JSON API over a lasearch index\n"
"\n"
"SYNOPSIS\n"
"    lasearch-serve [--index DIR] [--listen ADDR:PORT] [OPTIONS]\n"
"\n"
"DESCRIPTION\n"
"    Serves the search page at / and a read-only JSON API with the same\n"
"    search, facets, grouping, sorting, paging, spelling and batch features\n"
"    as lasearch-query --json, and the same schema:\n"
"\n"
"      GET  /api/search?q=QUERY[&limit=N][&offset=N][&sort=ORDER]\n"
"           [&by=authority][&per=N][&facets=LIST][&strict=1][&exact=1]\n"
"           [&hl=stars|pua]\n"
"      POST /api/batch?[same options but q]   one query a line in the body,\n"
"           one JSON object a line out\n"
"      GET  /api/status                       version and live generation\n"
"\n"
"    A rebuild (lasearch-index into the same index) is picked up by the next\n"
"    request, without a restart. Stop with Ctrl-C or SIGTERM.\n"
"\n"
"OPTIONS\n"
"    --index DIR            the index (default: $LASEARCH_INDEX, else ./index)\n"
"    --listen ADDR:PORT     where to listen (default 127.0.0.1:8080, loopback\n"
"                           only; :PORT is loopback too; port 0 picks a free\n"
"                           one). There is no authentication and no TLS: to\n"
"                           serve a network, put a reverse proxy in front.\n"
"    --threads N            worker threads (default: twice the CPUs, 4 to 64)\n"
"    --max-connections N    connections open at once (default 256)\n"
"    --idle-timeout SECONDS connections idle this long are closed (default 30)\n"
"    --max-query-bytes N    longest query (default 4096)\n"
"    --max-body-bytes N     largest batch body (default 1048576)\n"
"    --max-batch-lines N    most queries in one batch (default 1000)\n"
"    --log                  one line per request on stderr (method, path,\n"
"                           status; never the query)\n"
"    -h, --help             this help\n"
"    -V, --version          version\n"
"\n"
"EXIT STATUS\n"
"    0   stopped by SIGINT or SIGTERM\n"
"    2   could not start (no index, bad address, port in use...)\n";

static int parse_size(const char *opt, const char *s, size_t min, size_t max, size_t *out)
{
    char msg[256];
    if (optval_count(opt, s, min, max, out, msg, sizeof msg) != 0) {
        fprintf(stderr, "lasearch-serve: %s\n", msg);
        return -1;
    }
    return 0;
}

static unsigned default_threads(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long n = cpus > 0 ? 2 * cpus : 4;
    return (unsigned)(n < 4 ? 4 : n > 64 ? 64 : n);
}

int main(int argc, char **argv)
{
    const char *env = getenv("LASEARCH_INDEX");
    serve_config cfg = {
        .index = env && env[0] ? env : "index",
        .listen = "127.0.0.1:8080",
        .threads = default_threads(),
        .max_connections = 256,
        .idle_timeout = 30,
        .max_query = 4096,
        .max_body = 1 << 20,
        .max_lines = 1000,
    };
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"max-connections", required_argument, NULL, 'c'},
        {"idle-timeout", required_argument, NULL, 'T'},
        {"max-query-bytes", required_argument, NULL, 'q'},
        {"max-body-bytes", required_argument, NULL, 'b'},
        {"max-batch-lines", required_argument, NULL, 'L'},
        {"log", no_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    size_t v;
    while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'i': cfg.index = optarg; break;
        case 'l': cfg.listen = optarg; break;
        case 't':
            bad = parse_size("--threads", optarg, 1, 256, &v);
            cfg.threads = (unsigned)v;
            break;
        case 'c':
            bad = parse_size("--max-connections", optarg, 1, 10000, &v);
            cfg.max_connections = (unsigned)v;
            break;
        case 'T':
            bad = parse_size("--idle-timeout", optarg, 1, 3600, &v);
            cfg.idle_timeout = (unsigned)v;
            break;
        case 'q': bad = parse_size("--max-query-bytes", optarg, 1, 1 << 20, &cfg.max_query); break;
        case 'b': bad = parse_size("--max-body-bytes", optarg, 1, 1 << 30, &cfg.max_body); break;
        case 'L': bad = parse_size("--max-batch-lines", optarg, 1, 1000000, &cfg.max_lines); break;
        case 'g': cfg.log = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        case 'V': printf("lasearch-serve %s\n", LASEARCH_VERSION); return 0;
        default: bad = 1; fprintf(stderr, "Try 'lasearch-serve --help'.\n"); break;
        }
        if (bad)
            return 2;
    }
    if (optind < argc) {
        fprintf(stderr, "lasearch-serve: unexpected argument '%s'\nTry "
                "'lasearch-serve --help'.\n", argv[optind]);
        return 2;
    }

    /* Block the stop signals before any thread starts, so every thread
     * inherits the mask and only sigwait() below ever sees them. A client
     * that hangs up mid-response must not kill the server. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    server *s = NULL;
    char err[1024];
    if (server_start(&cfg, &s, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-serve: %s\n", err);
        return 2;
    }
    if (!server_is_loopback(s))
        fprintf(stderr, "lasearch-serve: warning: listening on %s, beyond this "
                "machine, with no authentication and no TLS\n", server_address(s));
    printf("lasearch-serve: serving %s on http://%s/\n", cfg.index, server_address(s));
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "lasearch-serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server_stop(s);
    return 0;
}
