/* fuzz_fetch.c: what lasearch-fetch reads from outside: a page (its
 * links), a robots.txt (its rules) and the URLs they hold (the names they
 * get in the corpus). The same bytes go to all three.
 *
 * Invariants: every link is an http(s) URL already in canonical form; every
 * name made from a link or from the input's first line stays inside its
 * prefix (no "..", nothing empty, hidden or absolute); robots.txt answers
 * and costs are bounded (robots.h). Built with libFuzzer (LASEARCH_FUZZ)
 * as fuzz_fetch, and always as replay_fetch over the seeds in
 * fuzz-corpus/. */
#include "fuzz.h"

#include "docname.h"
#include "links.h"
#include "robots.h"
#include "url.h"

#include <curl/curl.h>
#include <libxml/parser.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    xmlInitParser();
    return 0;
}

static void check_name(const char *url)
{
    for (int t = DOC_HTML; t <= DOC_TEXT; t++) {
        char *n = docname("documents", url, (doc_type)t);
        if (!n)
            continue;   /* a URL libcurl would not parse again */
        FUZZ_CHECK(strncmp(n, "documents/", 10) == 0, "%s -> %s", url, n);
        for (const char *p = n;;) {
            const char *slash = strchr(p, '/');
            size_t len = slash ? (size_t)(slash - p) : strlen(p);
            FUZZ_CHECK(len > 0 && p[0] != '.' && len <= DOCNAME_COMPONENT_MAX,
                       "unsafe component in %s", n);
            if (!slash)
                break;
            p = slash + 1;
        }
        free(n);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init)
        init = !LLVMFuzzerInitialize(NULL, NULL);
    const char *text = (const char *)data;

    link_list links;
    if (links_extract(text, size, "https://www.cqc.org.uk/care-services/a/b", &links) == 0) {
        for (size_t i = 0; i < links.n; i++) {
            char *again = NULL;
            FUZZ_CHECK(url_canon(NULL, links.v[i], &again) == URL_OK &&
                           strcmp(again, links.v[i]) == 0,
                       "not canonical: %s", links.v[i]);
            FUZZ_CHECK(strncmp(again, "http://", 7) == 0 || strncmp(again, "https://", 8) == 0,
                       "not http(s): %s", again);
            free(again);
            check_name(links.v[i]);
        }
        links_clear(&links);
    }

    static const char *const agents[] = { "lasearch", "lasearch-fetch", NULL };
    robots r;
    if (robots_parse(text, size, agents, &r) == 0) {
        robots_allowed(&r, "/");
        robots_allowed(&r, "/care-services/local-authority-assessment-reports/ealing?x=1");
        FUZZ_CHECK(robots_allowed(&r, "/robots.txt"), "robots.txt itself disallowed");
        robots_clear(&r);
    }

    /* The first line as a link on a page. */
    size_t n = 0;
    while (n < size && n < 4096 && data[n] != '\n' && data[n] != '\0')
        n++;
    char *line = malloc(n + 1);
    if (line) {
        memcpy(line, data, n);
        line[n] = '\0';
        char *url = NULL;
        if (url_canon("https://x.org/a/b", line, &url) == URL_OK)
            check_name(url);
        free(url);
        free(line);
    }
    return 0;
}
