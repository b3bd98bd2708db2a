/* lasearch-serve: the search page and JSON API over a lasearch index. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "optval.h"
#include "server.h"
#include "worker.h"

/* After SIGTERM the server stops in moments (server_stop); should it not,
 * it ends itself this many seconds later, whatever it was doing. */
#define STOP_LIMIT 10

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
"           [&view=significant]         what stands out in its paragraphs\n"
"           [&view=pivot&pivot=ROWS,COLUMNS]  counts side by side\n"
"           (the objects of lasearch-query --significant/--pivot --json)\n"
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
"    --workers N            searches at once, each in a process of its own\n"
"                           with its own index handle (default: the CPUs,\n"
"                           2 to 64; --threads is the same)\n"
"    --max-queue N          requests that may wait for a search process;\n"
"                           more get 503 with Retry-After (default 64)\n"
"    --timeout SECONDS      time for one search, everything included\n"
"                           (default 10); a search process still busy 3 s\n"
"                           later is stopped and replaced\n"
"    --batch-timeout SECONDS  time for a whole batch (default 60)\n"
"    --worker-memory BYTES  address space of each search process (default\n"
"                           2G; 0: no limit)\n"
"    --max-connections N    connections open at once (default 256)\n"
"    --max-connections-per-ip N  connections open at once from one address\n"
"                           (default 64)\n"
"    --request-timeout SECONDS  a request must arrive whole, and its answer\n"
"                           be taken, within this (default 20)\n"
"    --idle-timeout SECONDS connections idle this long are closed (default 30)\n"
"    --max-query-bytes N    longest query (default 4096)\n"
"    --max-body-bytes N     largest batch body (default 1048576)\n"
"    --max-batch-lines N    most queries in one batch (default 1000)\n"
"    --log                  one line per request on stderr (method, path,\n"
"                           status; never the query)\n"
"    -h, --help             this help\n"
"    -V, --version          version\n"
"\n"
"LIMITS\n"
"    A URL of at most 64 KiB (414 beyond), at most 32 parameters (400),\n"
"    a request line and headers of at most 64 KiB and 256 fields: header\n"
"    lines, cookies, parameters (431). Every request is answered, however\n"
"    long; each connection reads its request into at most 256 KiB.\n"
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

static int parse_bytes(const char *opt, const char *s, size_t *out)
{
    char msg[256];
    if (optval_size(opt, s, 0, SIZE_MAX, out, msg, sizeof msg) != 0) {
        fprintf(stderr, "lasearch-serve: %s\n", msg);
        return -1;
    }
    return 0;
}

static int parse_unsigned(const char *opt, const char *s, size_t min, size_t max,
                          unsigned *out)
{
    size_t v;
    if (parse_size(opt, s, min, max, &v) != 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int parse_seconds(const char *opt, const char *s, double min, double max, double *out)
{
    char msg[256];
    if (optval_seconds(opt, s, min, max, out, msg, sizeof msg) != 0) {
        fprintf(stderr, "lasearch-serve: %s\n", msg);
        return -1;
    }
    return 0;
}

static unsigned default_workers(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return (unsigned)(cpus < 2 ? 2 : cpus > 64 ? 64 : cpus);
}

/* SIGALRM after SIGTERM: the stop took too long. Only async-signal-safe
 * calls here. */
static void stop_overdue(int sig)
{
    (void)sig;
    static const char msg[] = "lasearch-serve: did not stop within 10 s; exiting\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* nothing more to do */
    }
    _exit(1);
}

/* Wait for SIGINT or SIGTERM (blocked in every thread, so only here), then
 * stop s, within STOP_LIMIT seconds in any case. */
static void serve_until_stopped(server *s, const sigset_t *stop)
{
    int sig = 0;
    sigwait(stop, &sig);
    fprintf(stderr, "lasearch-serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    signal(SIGALRM, stop_overdue);
    sigset_t alrm;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    pthread_sigmask(SIG_UNBLOCK, &alrm, NULL);
    alarm(STOP_LIMIT);
    server_stop(s);
}

/* One option (getopt_long's c) into cfg. 0, 1 to stop with exit 0 (help,
 * version), -1 on a bad value. */
static int take_option(int c, serve_config *cfg)
{
    switch (c) {
    case 'i': cfg->index = optarg; return 0;
    case 'l': cfg->listen = optarg; return 0;
    case 't': return parse_unsigned("--workers", optarg, 1, 64, &cfg->workers);
    case 'Q': return parse_unsigned("--max-queue", optarg, 1, 100000, &cfg->max_queue);
    case 'm': return parse_bytes("--worker-memory", optarg, &cfg->worker_memory);
    case 'c': return parse_unsigned("--max-connections", optarg, 1, 10000,
                                    &cfg->max_connections);
    case 'P': return parse_unsigned("--max-connections-per-ip", optarg, 1, 10000,
                                    &cfg->max_per_ip);
    case 'T': return parse_unsigned("--idle-timeout", optarg, 1, 3600, &cfg->idle_timeout);
    case 'R': return parse_seconds("--request-timeout", optarg, 0.1, 3600,
                                   &cfg->request_timeout);
    case 'S': return parse_seconds("--timeout", optarg, 0.001, 3600, &cfg->timeout);
    case 'B': return parse_seconds("--batch-timeout", optarg, 0.001, 86400,
                                   &cfg->batch_timeout);
    case 'q': return parse_size("--max-query-bytes", optarg, 1, 1 << 20, &cfg->max_query);
    case 'b': return parse_size("--max-body-bytes", optarg, 1, 1 << 30, &cfg->max_body);
    case 'L': return parse_size("--max-batch-lines", optarg, 1, 1000000, &cfg->max_lines);
    case 'g': cfg->log = 1; return 0;
    case 'h': fputs(usage_text, stdout); return 1;
    case 'V': printf("lasearch-serve %s\n", LASEARCH_VERSION); return 1;
    default: fprintf(stderr, "Try 'lasearch-serve --help'.\n"); return -1;
    }
}

int main(int argc, char **argv)
{
    /* A search worker: this program run again by the server (workers.c). */
    if (argc == 4 && !strcmp(argv[1], WORKER_OPTION))
        return worker_main(argv[2], (size_t)strtoull(argv[3], NULL, 10));

    const char *env = getenv("LASEARCH_INDEX");
    serve_config cfg = {
        .index = env && env[0] ? env : "index",
        .listen = "127.0.0.1:8080",
        .workers = default_workers(),
        .max_queue = 64,
        .worker_memory = (size_t)2 << 30,
        .max_connections = 256,
        .max_per_ip = 64,
        .idle_timeout = 30,
        .request_timeout = 20,
        .timeout = 10,
        .batch_timeout = 60,
        .max_query = 4096,
        .max_body = 1 << 20,
        .max_lines = 1000,
    };
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"listen", required_argument, NULL, 'l'},
        {"workers", required_argument, NULL, 't'},
        {"threads", required_argument, NULL, 't'},
        {"max-queue", required_argument, NULL, 'Q'},
        {"worker-memory", required_argument, NULL, 'm'},
        {"max-connections", required_argument, NULL, 'c'},
        {"max-connections-per-ip", required_argument, NULL, 'P'},
        {"idle-timeout", required_argument, NULL, 'T'},
        {"request-timeout", required_argument, NULL, 'R'},
        {"timeout", required_argument, NULL, 'S'},
        {"batch-timeout", required_argument, NULL, 'B'},
        {"max-query-bytes", required_argument, NULL, 'q'},
        {"max-body-bytes", required_argument, NULL, 'b'},
        {"max-batch-lines", required_argument, NULL, 'L'},
        {"log", no_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
        int r = take_option(c, &cfg);
        if (r)
            return r > 0 ? 0 : 2;
    }
    if (optind < argc) {
        fprintf(stderr, "lasearch-serve: unexpected argument '%s'\nTry "
                "'lasearch-serve --help'.\n", argv[optind]);
        return 2;
    }

    /* Block the stop signals before any thread starts, so every thread
     * inherits the mask and only sigwait() below ever sees them (the
     * workers are started with an empty mask). A client that hangs up
     * mid-response must not kill the server. */
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
    serve_until_stopped(s, &stop);
    return 0;
}
