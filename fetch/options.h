/*
 * options.h: lasearch-fetch's command line, parsed into values (through
 * cli/optval, as every lasearch tool parses its values) and checked.
 * Nothing is printed: the caller prints msg or the help text.
 */
#ifndef LASEARCH_FETCH_OPTIONS_H
#define LASEARCH_FETCH_OPTIONS_H

#include <stddef.h>

typedef struct fetch_options {
    const char *corpus;          /* --corpus, $LASEARCH_CORPUS, ./corpus */
    double delay;                /* --delay: seconds between requests to a host */
    double timeout;              /* --timeout: seconds per request */
    size_t max_depth;            /* --max-depth: links followed from a start page */
    size_t max_pages;            /* --max-pages: page requests a night */
    size_t max_total;            /* --max-total: body bytes a night */
    size_t max_size;             /* --max-size: body bytes of one page */
    const char *contact;         /* --contact: put in the User-Agent */
    int json, quiet, verbose;
} fetch_options;

typedef enum options_result {
    OPTIONS_RUN,        /* fetch */
    OPTIONS_HELP,       /* print options_help() */
    OPTIONS_VERSION,    /* print the version */
    OPTIONS_ERROR       /* print msg */
} options_result;

options_result options_parse(int argc, char **argv, fetch_options *o, char *msg,
                             size_t msglen);

/* The --help text. */
const char *options_help(void);

#endif /* LASEARCH_FETCH_OPTIONS_H */
