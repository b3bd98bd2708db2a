/* lasearch-fetch: fetch the reports sources.tsv points at into a corpus.
 * Options in (options.h), the lock taken (lock.h), one crawl (crawl.h),
 * the summary out (summary.h). */
#include "crawl.h"
#include "lock.h"
#include "options.h"
#include "sources.h"
#include "store.h"
#include "summary.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_FETCHED = 0, EXIT_SOME_FAILED = 1, EXIT_ERROR = 2, EXIT_LOCKED = 75 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* sources.tsv, its councils checked against the corpus's authorities.tsv
 * when it has one (the indexer reads the same file: a name it would
 * refuse is better refused before a night's fetch). */
static int load_sources(int rootfd, const char *dir, sources *out, char *err, size_t errlen)
{
    char *text;
    size_t len;
    if (store_read(rootfd, SOURCES_NAME, (size_t)16 << 20, &text, &len) != 0) {
        snprintf(err, errlen, "%s/%s: %s (a header line \"url<TAB>follow<TAB>authority"
                 "<TAB>kind\", then one start page a line)", dir, SOURCES_NAME,
                 errno == ENOENT ? "no such file" : strerror(errno));
        return -1;
    }
    authority_table *auth = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/authorities.tsv", dir);
    int rc = 0;
    if (access(path, F_OK) == 0)
        rc = authority_table_load(path, &auth, err, errlen);
    snprintf(path, sizeof path, "%s/%s", dir, SOURCES_NAME);
    if (rc == 0)
        rc = sources_parse(text, len, path, auth, out, err, errlen);
    authority_table_free(auth);
    free(text);
    return rc;
}

static int fetch(const fetch_options *o)
{
    char err[1024] = "";
    int rootfd = open(o->corpus, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) {
        fprintf(stderr, "lasearch-fetch: corpus directory '%s': %s\n", o->corpus,
                strerror(errno));
        return EXIT_ERROR;
    }
    int lockfd, got = fetch_lock(rootfd, &lockfd, err, sizeof err);
    if (got != 0) {
        if (got > 0)
            fprintf(stderr, "lasearch-fetch: another lasearch-fetch is running on '%s'; "
                    "try again later\n", o->corpus);
        else
            fprintf(stderr, "lasearch-fetch: %s/%s\n", o->corpus, err);
        close(rootfd);
        return got > 0 ? EXIT_LOCKED : EXIT_ERROR;
    }
    sources src = { 0 };
    int code = EXIT_ERROR;
    summary *sum = NULL;
    if (load_sources(rootfd, o->corpus, &src, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-fetch: %s\n", err);
        goto out;
    }
    if (!(sum = summary_new(o))) {
        fprintf(stderr, "lasearch-fetch: out of memory\n");
        goto out;
    }
    char agent[512];
    snprintf(agent, sizeof agent, "lasearch-fetch/%s (lasearch full-text search of CQC "
             "adult social care reports%s%s)", LASEARCH_VERSION, o->contact ? "; " : "",
             o->contact ? o->contact : "");
    crawl_config cfg = { .rootfd = rootfd, .src = &src, .max_depth = o->max_depth,
                         .max_pages = o->max_pages, .max_total = o->max_total,
                         .max_size = o->max_size, .delay = o->delay, .timeout = o->timeout,
                         .user_agent = agent, .on_event = summary_event, .ctx = sum };
    crawl_totals tot;
    double t0 = now();
    if (crawl_run(&cfg, &tot, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-fetch: %s (what was fetched so far is kept whole; "
                "the next run goes on from there)\n", err);
        goto out;
    }
    if (summary_finish(sum, &tot, now() - t0) != 0) {
        fprintf(stderr, "lasearch-fetch: out of memory\n");
        goto out;
    }
    code = tot.failed ? EXIT_SOME_FAILED : EXIT_FETCHED;
out:
    summary_free(sum);
    sources_clear(&src);
    close(lockfd);
    close(rootfd);
    return code;
}

int main(int argc, char **argv)
{
    fetch_options o;
    char msg[512];
    switch (options_parse(argc, argv, &o, msg, sizeof msg)) {
    case OPTIONS_HELP:
        fputs(options_help(), stdout);
        return EXIT_FETCHED;
    case OPTIONS_VERSION:
        printf("lasearch-fetch %s (%s)\n", LASEARCH_VERSION, curl_version());
        return EXIT_FETCHED;
    case OPTIONS_ERROR:
        fprintf(stderr, "lasearch-fetch: %s\n", msg);
        return EXIT_ERROR;
    case OPTIONS_RUN:
        break;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "lasearch-fetch: libcurl could not start\n");
        return EXIT_ERROR;
    }
    xmlInitParser();
    int code = fetch(&o);
    xmlCleanupParser();
    curl_global_cleanup();
    return code;
}
