/* lasearch-query: search the index of CQC adult social care reports. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lasearch_shim.h"
#include "normalise.h"
#include "lines.h"
#include "optval.h"
#include "alerts.h"
#include "out.h"
#include "search.h"

enum { EXIT_MATCH = 0, EXIT_NONE = 1, EXIT_ERROR = 2 };

static const char usage_text[] =
"NAME\n"
"    lasearch-query - search CQC adult social care reports, across councils\n"
"\n"
"SYNOPSIS\n"
"    lasearch-query [OPTIONS] QUERY...\n"
"    lasearch-query [OPTIONS] --batch FILE|-\n"
"    lasearch-query [--since GEN] [--json] --alerts FILE\n"
"\n"
"DESCRIPTION\n"
"    Finds the paragraphs of the indexed reports that match QUERY (several\n"
"    arguments are joined with spaces) and prints them best first: the\n"
"    council, quality statement, score, kind of document and heading, a\n"
"    snippet with the matched words marked, the citation (file:line) and the\n"
"    paragraph's stable id.\n"
"\n"
"QUERY LANGUAGE\n"
"    words             all must match (ranked by BM25); English stemming both\n"
"                      ways: discharges finds discharge and vice versa\n"
"    Medway carers     a council's name among the words also counts for its\n"
"                      paragraphs (ranked; =Medway: only the word)\n"
"    \"a phrase\"        the words in order; inflected forms match too:\n"
"                      \"hospital discharge\" finds \"hospital discharges\"\n"
"    =word, =\"phrase\"  exactly that wording, no stemming\n"
"    partner*          trailing wildcard (at most 1000 words)\n"
"    a NEAR b          within 10 words, any order (NEAR/5: within 5)\n"
"    a ADJ b           within 10 words, in this order (ADJ/3: within 3)\n"
"                      NEAR and ADJ take words, phrases, wildcards and groups\n"
"                      joined by OR: transition* NEAR/20 children,\n"
"                      (carer OR carers) NEAR/5 respite\n"
"    AND OR NOT XOR    operators, in capitals; ( ) to group; +word requires,\n"
"                      -word excludes\n"
"    authority:X       a council, by any of its names, or by a word of its\n"
"                      name that names no other: authority:ealing,\n"
"                      authority:\"London Borough of Ealing\", authority:telford\n"
"    section:X         a quality statement: section:safeguarding,\n"
"                      section:\"partnerships and communities\"\n"
"    theme:X           a CQC theme: theme:leadership\n"
"    kind:X            assessment, summary, self-assessment or other\n"
"    rating:X          every paragraph of the councils a summary page rates X\n"
"                      (outstanding, good, \"requires improvement\", inadequate)\n"
"    score:N           score:3, score:1..2, score:3..\n"
"    published:D       the document's publication date: a year, month or\n"
"                      day (published:2024, published:2024-05,\n"
"                      published:2024-05-17), or a range of them, both ends\n"
"                      included (published:2024-05..2025-01,\n"
"                      published:..2024-06, published:2025..). A date\n"
"                      known only to the year or month matches when the\n"
"                      whole period is inside: published:2024 finds\n"
"                      \"2024\" and \"2024-05-17\"; published:2024-05 does\n"
"                      not find \"2024\"\n"
"    X:none            authority, section, theme, score or published: the\n"
"                      paragraphs that have none (score:none)\n"
"    heading:X         words in the paragraph's heading\n"
"    file:X            a document (path, or file name), id:X a paragraph\n"
"    like:ID           the paragraphs most like paragraph ID (by its most\n"
"                      distinctive words), itself excepted; combine with\n"
"                      filters: like:ID score:4 -authority:medway\n"
"    Field values ignore case and accents. Numbers are words: \"section 75\"\n"
"    never matches \"section 7\" or \"section 750\". The thesaurus\n"
"    (corpus/thesaurus.tsv) expands acronyms and variants both ways: CHC also\n"
"    finds \"continuing health care\"; --exact turns that off. When no paragraph\n"
"    has every word of a plain query, the paragraphs with most of them are\n"
"    shown, flagged as partial (--strict turns that off). A misspelt word gets\n"
"    a \"did you mean\" from the index's own words.\n"
"\n"
"OPTIONS\n"
"    --index DIR       the index (default: $LASEARCH_INDEX, else ./index)\n"
"    -n, --limit N     hits to show (default 10; with --by: councils); 0 for\n"
"                      the counts (total, facets) alone\n"
"    --offset N        skip the first N hits (or councils)\n"
"    --sort ORDER      relevance (default), authority, score (highest first),\n"
"                      document (file and paragraph order), published\n"
"                      (newest first, then relevance; a date known only to\n"
"                      the year or month after that period's dated\n"
"                      paragraphs; undated last; there is no oldest first),\n"
"                      newest (the paragraphs whose text appeared last first)\n"
"    --by authority    councils side by side: each council that matches, its\n"
"                      number of matching paragraphs and its best paragraphs\n"
"    --per N           paragraphs per council with --by (default 3)\n"
"    --facets LIST     exact counts over all matches, for any of authority,\n"
"                      score, section, theme, kind, published (by year),\n"
"                      published-month (by month; a date known only to the\n"
"                      year counts as its year), rating (the council's,\n"
"                      best first) (comma-separated); those\n"
"                      with no value are counted as (none), so counts add\n"
"                      up to the total (text and JSON). Dates are listed\n"
"                      newest first, the others most frequent first\n"
"    --since GEN       only paragraphs new or changed after generation GEN\n"
"                      (lasearch-index --stats lists them; a paragraph whose\n"
"                      text is unchanged keeps the generation it first\n"
"                      appeared in): a number, 'last' (what the latest\n"
"                      generation brought), -N (the latest N generations)\n"
"                      or a date YYYY-MM-DD (generations made on or after it)\n"
"    --strict          no partial matches\n"
"    --exact           no thesaurus expansion\n"
"    --json            one JSON object per query (schema in the README)\n"
"    --tsv             a table for spreadsheets: a header line, then a row a\n"
"                      hit with the columns rank weight id authority kind\n"
"                      section theme score heading file line page url\n"
"                      published snippet text first_seen_generation first_seen\n"
"                      (url: the source, #page=N for a PDF; published: the\n"
"                      date as known, empty if not;\n"
"                      snippet without highlight marks). With --by: a row a\n"
"                      council: authority count id url snippet (its best\n"
"                      paragraph). With -n 0: one column, total. With\n"
"                      --batch: a query column first\n"
"    --batch FILE      one query per line from FILE (- for stdin), one JSON\n"
"                      object per line out (or --tsv rows); blank lines and\n"
"                      lines starting with # are skipped; a bad line reports\n"
"                      its error (JSON: in its own object; TSV: on stderr)\n"
"                      and the batch goes on\n"
"    --alerts FILE     saved searches (one a line: NAME<TAB>QUERY; # comments\n"
"                      and blank lines skipped): for each, the paragraphs new\n"
"                      or changed after --since (default: last), in document\n"
"                      order with citation and link, at most --limit (default\n"
"                      100) each; text, or --json. Exit 0 when something new\n"
"                      matched, 1 when nothing did\n"
"    --color WHEN      auto (default: only on a terminal), always, never\n"
"\n"
"BEYOND SEARCH\n"
"    --significant     what stands out in QUERY's paragraphs: the words and\n"
"                      phrases (1 to 3 words, forms of a stem together) they\n"
"                      use more than the background does, by Dunning's\n"
"                      log-likelihood G2 (kept at G2 >= 10.83, p < 0.001),\n"
"                      with counts of paragraphs in the foreground and the\n"
"                      background, and how many councils use each; phrases\n"
"                      one council alone uses come last, marked. Stop words,\n"
"                      boilerplate (in 90% of the background's reports) and\n"
"                      a phrase nearly always inside a longer one are left\n"
"                      out. -n sets how many (default 20)\n"
"    --vs QUERY        the background for --significant (default: the rest\n"
"                      of the index); the foreground's paragraphs are taken\n"
"                      out of it\n"
"    --min-count N     --significant: in at least N foreground paragraphs\n"
"                      (default 3)\n"
"    --max-paragraphs N  --significant: read at most N paragraphs a side, the\n"
"                      first in document order (default 50000); the answer\n"
"                      says when the limit was reached\n"
"    --pivot ROWS,COLUMNS  exact counts of QUERY's paragraphs by two of\n"
"                      authority, section, theme, score, rating, kind,\n"
"                      published (the year), with\n"
"                      totals and a (none) row or column for paragraphs with\n"
"                      no value, so counts add up; and the councils those\n"
"                      paragraphs come from (unless one side is authority).\n"
"                      --tsv gives a spreadsheet's table of the counts\n"
"\n"
"LIMITS\n"
"    What one query may cost; over a limit is an error (exit 2) naming it.\n"
"    --max-query-length N  bytes of query text (default 4096)\n"
"    --max-depth N     nesting of brackets (default 32, at most 256)\n"
"    --max-wildcard N  words one wildcard may match (default 1000)\n"
"    --max-results N   hits in one answer: --limit, or --limit x --per with\n"
"                      --by (default 1000)\n"
"    --timeout SECONDS time for each match (default 10; 0: none). A search\n"
"                      that runs out of time still shows its best hits, but\n"
"                      counts may be low: flagged \"incomplete\" in JSON and\n"
"                      with a note on stderr\n"
"\n"
"SAFETY\n"
"    --allow-remote-programs  open an index whose Xapian stub runs a program\n"
"                      (a \"remote :PROGRAM\" line). Refused by default: an\n"
"                      index directory can come from anyone, and opening it\n"
"                      must not run what it names. TCP remotes are allowed.\n"
"    -h, --help        this help\n"
"    -V, --version     version\n"
"\n"
"EXIT STATUS\n"
"    0   paragraphs matched (in batch mode: every line ran, some matched)\n"
"    1   nothing matched the whole query (partial matches may be shown)\n"
"    2   error: a malformed query (the message gives the column) or an\n"
"        unusable index (in batch mode: some line had an error)\n"
"\n"
"EXAMPLES\n"
"    lasearch-query '\"section 75\"'\n"
"    lasearch-query --by authority 'hospital discharge'\n"
"    lasearch-query 'section:safeguarding kind:self-assessment waiting'\n"
"    lasearch-query --facets authority,score CHC\n"
"    lasearch-query --tsv --by authority 'hospital discharge' >councils.tsv\n"
"    lasearch-query -n 0 --facets score 'direct payments'\n"
"    lasearch-query --sort published 'published:2024-05..2025-01 waiting'\n"
"    lasearch-query -n 0 --facets published-month 'published:2024..'\n"
"    lasearch-query --since last 'hospital discharge'\n"
"    lasearch-query --alerts saved.tsv --since 41\n"
"    lasearch-query --json 'ICB NEAR/5 funding' | jq '.hits[].authority'\n"
"    lasearch-query --significant --vs 'section:safeguarding score:1..2' \\\n"
"                   'section:safeguarding score:4'\n"
"    lasearch-query --pivot section,score --tsv 'hospital discharge' >t.tsv\n";

typedef enum { FMT_TEXT, FMT_JSON, FMT_TSV } out_format;

typedef struct options {
    const char *index;
    const char *batch;
    const char *alerts;     /* --alerts FILE */
    out_format format;
    int colour;
    search_request req;
    int limit_given;        /* -n was given (--significant has its own default) */
    int significant;        /* --significant */
    const char *pivot;      /* --pivot ROWS,COLUMNS */
    pivot_request piv;
    significant_request sig;
} options;

static int parse_range(const char *opt, const char *s, size_t *out, size_t min,
                       size_t max)
{
    char msg[256];
    if (optval_count(opt, s, min, max, out, msg, sizeof msg) != 0) {
        fprintf(stderr, "lasearch-query: %s\n", msg);
        return -1;
    }
    return 0;
}

static int parse_count(const char *opt, const char *s, size_t *out, size_t min)
{
    return parse_range(opt, s, out, min, 1000000);
}

/* --timeout: seconds, fractions allowed, 0 for none, at most a day. */
static int parse_seconds(const char *s, double *out)
{
    char msg[256];
    if (optval_seconds("--timeout", s, 0, 86400, out, msg, sizeof msg) != 0) {
        fprintf(stderr, "lasearch-query: %s (0: no limit)\n", msg);
        return -1;
    }
    return 0;
}

static int parse_facets(const char *s, search_request *req)
{
    char *copy = strdup(s), *save = NULL;
    int rc = copy ? 0 : -1;
    for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && rc == 0;
         tok = strtok_r(NULL, ",", &save)) {
        int f = search_facet_from_name(tok);
        if (f == FACET_COUNT) {
            fprintf(stderr, "lasearch-query: --facets: unknown facet '%s'; choose "
                    "from %s\n", tok, search_facet_names());
            rc = -1;
        } else {
            req->facets[f] = 1;
        }
    }
    free(copy);
    return rc;
}

static int parse_sort(const char *s, search_sort *out)
{
    search_sort sort = search_sort_from_name(s);
    if (sort != SORT_COUNT) {
        *out = sort;
        return 0;
    }
    fprintf(stderr, "lasearch-query: --sort: '%s' is not one of %s\n", s,
            search_sort_names());
    return -1;
}

/* Which option raises the limit an error is about, by its kind (the search
 * core serves every front end, so its messages name limits, not options). */
static const char *limit_option(qerror_kind kind)
{
    switch (kind) {
    case QERR_LENGTH: return "--max-query-length";
    case QERR_DEPTH: return "--max-depth";
    case QERR_WILDCARD: return "--max-wildcard";
    case QERR_RESULTS: return "--max-results";
    default: return NULL;
    }
}

/* The error and where it is, with a caret under the column for people. */
/* Control characters (C0, DEL, C1) would act on a terminal, not show:
 * written as \xNN. */
static int is_control_at(const unsigned char *p)
{
    return *p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F);
}

static void put_shown(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_control_at(p)) {
            int c1 = p[0] == 0xC2;
            fprintf(f, "\\x%02X", c1 ? p[1] : p[0]);
            p += c1;
        } else {
            fputc(*p, f);
        }
    }
}

static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (is_control_at(p))
            return 1;
    return 0;
}

/* One answer as indented JSON on stdout, js taken (freed); 0, or -1 with
 * a message when it could not be made (NULL: out of memory) or written. */
static int print_json(json_t *js)
{
    int rc = js && json_dumpf(js, stdout, JSON_INDENT(2)) == 0 ? 0 : -1;
    if (rc == 0)
        putchar('\n');
    else
        fprintf(stderr, "lasearch-query: cannot write the answer as JSON%s\n",
                js ? ": output error" : " (out of memory?)");
    json_decref(js);
    return rc;
}

static void report_query_error(const char *query, const qerror *err)
{
    fputs("lasearch-query: ", stderr);
    put_shown(stderr, err->message);
    fputc('\n', stderr);
    const char *option = limit_option(err->kind);
    if (option)
        fprintf(stderr, "lasearch-query: (the limit can be changed with %s)\n", option);
    /* Echo the query only when it can be shown as typed: one short line of
     * valid UTF-8 (anything else would garble the terminal, not help). */
    if (err->column == 0 || has_control(query) || strlen(query) > 200 ||
        norm_utf8_invalid_at(query, strlen(query)) != strlen(query))
        return;
    fprintf(stderr, "    %s\n    ", query);
    unsigned col = 1;
    for (const char *p = query; *p && col < err->column; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            col++, fputc(' ', stderr);
    fputs("^\n", stderr);
}

/* Highlight markers for the format: colour or "**" for people, "**" in
 * JSON, none in TSV (a spreadsheet cell shows them as they are). */
static void set_markers(const options *o, const out_style *st, search_request *req)
{
    req->hl_start = o->format == FMT_TEXT ? out_hl_start(st)
                    : o->format == FMT_JSON ? "**" : "";
    req->hl_end = o->format == FMT_TEXT ? out_hl_end(st)
                  : o->format == FMT_JSON ? "**" : "";
}

/* A damaged index can make Xapian loop where no time limit reaches it:
 * the whole command ends a few seconds after its --timeout, with a word
 * about why (write() and _exit() are safe in a signal handler). */
static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "lasearch-query: the search did not stop within its "
                              "time limit (is the index damaged? lasearch-index --check)\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(EXIT_ERROR);
}

static search_status guarded_search(search_index *ix, const search_request *req,
                                    search_result *res, qerror *err)
{
    if (req->timeout > 0) {
        signal(SIGALRM, on_alarm);
        alarm((unsigned)req->timeout + 5);
    }
    search_status ss = search_run(ix, req, res, err);
    alarm(0);
    return ss;
}

static int run_one(search_index *ix, const options *o)
{
    search_result res;
    qerror err;
    out_style st = {o->colour};
    search_request req = o->req;
    set_markers(o, &st, &req);
    search_status ss = guarded_search(ix, &req, &res, &err);
    if (ss != SEARCH_OK) {
        if (ss == SEARCH_QUERY_ERROR)
            report_query_error(req.query, &err);
        else
            fprintf(stderr, "lasearch-query: %s\n", err.message);
        search_result_clear(&res);
        return EXIT_ERROR;
    }
    int code = res.total && !res.partial ? EXIT_MATCH : EXIT_NONE;
    if (o->format == FMT_JSON) {
        json_t *js = out_json(&req, &res);
        if (print_json(js) != 0)
            code = EXIT_ERROR;
    } else if (o->format == FMT_TSV) {
        out_tsv_table table = out_tsv_table_for(&req);
        out_tsv_header(stdout, table, 0);
        out_tsv_rows(stdout, table, NULL, &res);
    } else {
        out_text(stdout, &st, &req, &res);
        if (res.total == 0)
            fprintf(stderr, "lasearch-query: no paragraph matches %s\n", req.query);
    }
    if (res.suggestion && o->format != FMT_JSON)
        fprintf(stderr, "Did you mean: %s  (%u paragraph%s)\n", res.suggestion,
                res.suggestion_total, res.suggestion_total == 1 ? "" : "s");
    if (res.incomplete && o->format != FMT_JSON)
        fprintf(stderr, "lasearch-query: note: the search ran into its time limit "
                "(--timeout %g): counts may be low and better matches may be "
                "missing\n", req.timeout);
    search_result_clear(&res);
    return code;
}

/* --significant: what stands out in the query's paragraphs. */
static int run_significant(search_index *ix, options *o)
{
    significant_result res;
    qerror err;
    o->sig.base = &o->req;
    o->sig.limit = o->limit_given ? o->req.limit : 0;
    if (o->req.timeout > 0) {
        signal(SIGALRM, on_alarm);
        alarm((unsigned)o->req.timeout * 2 + 5);   /* two matches, and reading */
    }
    search_status ss = significant_run(ix, &o->sig, &res, &err);
    alarm(0);
    if (ss != SEARCH_OK) {
        if (ss == SEARCH_QUERY_ERROR)
            report_query_error(res.background_failed ? o->sig.background : o->req.query,
                               &err);
        else
            fprintf(stderr, "lasearch-query: %s\n", err.message);
        significant_result_clear(&res);
        return EXIT_ERROR;
    }
    int code = res.foreground_total ? EXIT_MATCH : EXIT_NONE;
    if (o->format == FMT_JSON) {
        json_t *js = out_significant_json(&o->sig, &res);
        if (print_json(js) != 0)
            code = EXIT_ERROR;
    } else if (o->format == FMT_TSV) {
        out_significant_tsv(stdout, &res);
    } else {
        out_significant_text(stdout, &o->sig, &res);
    }
    if (res.limited && o->format == FMT_TSV)
        fprintf(stderr, "lasearch-query: note: more paragraphs matched than "
                "--max-paragraphs; the counts are of the first %u and %u\n",
                res.foreground_examined, res.background_examined);
    if (res.incomplete && o->format != FMT_JSON)
        fprintf(stderr, "lasearch-query: note: a search ran into its time limit "
                "(--timeout %g): counts may be low\n", o->req.timeout);
    significant_result_clear(&res);
    return code;
}

/* --pivot ROWS,COLUMNS into o->piv. */
static int parse_pivot(const char *s, pivot_request *p)
{
    const char *comma = strchr(s, ',');
    char rows[32] = "", cols[32] = "";
    if (comma && (size_t)(comma - s) < sizeof rows && strlen(comma + 1) < sizeof cols) {
        memcpy(rows, s, (size_t)(comma - s));
        strcpy(cols, comma + 1);
    }
    p->rows = pivot_dimension_from_name(rows);
    p->columns = pivot_dimension_from_name(cols);
    if (p->rows < 0 || p->columns < 0 || p->rows == p->columns) {
        fprintf(stderr, "lasearch-query: --pivot: give two different dimensions, "
                "ROWS,COLUMNS, from");
        for (int d = 0; d < pivot_dimension_count(); d++)
            fprintf(stderr, "%s %s", d ? "," : "", pivot_dimension_name(d));
        fputc('\n', stderr);
        return -1;
    }
    return 0;
}

/* --pivot: counts side by side. */
static int run_pivot(search_index *ix, options *o)
{
    pivot_result res;
    qerror err;
    o->piv.base = &o->req;
    if (o->req.timeout > 0) {
        signal(SIGALRM, on_alarm);
        alarm((unsigned)o->req.timeout + 5);
    }
    search_status ss = pivot_run(ix, &o->piv, &res, &err);
    alarm(0);
    if (ss != SEARCH_OK) {
        if (ss == SEARCH_QUERY_ERROR)
            report_query_error(o->req.query, &err);
        else
            fprintf(stderr, "lasearch-query: %s\n", err.message);
        pivot_result_clear(&res);
        return EXIT_ERROR;
    }
    int code = res.total ? EXIT_MATCH : EXIT_NONE;
    if (o->format == FMT_JSON) {
        json_t *js = out_pivot_json(&o->piv, &res);
        if (print_json(js) != 0)
            code = EXIT_ERROR;
    } else if (o->format == FMT_TSV) {
        out_pivot_tsv(stdout, &res);
    } else {
        out_pivot_text(stdout, &o->piv, &res);
    }
    if (res.incomplete && o->format != FMT_JSON)
        fprintf(stderr, "lasearch-query: note: the search ran into its time limit "
                "(--timeout %g): counts may be low\n", o->req.timeout);
    pivot_result_clear(&res);
    return code;
}

/* The line as it will be echoed in its error object: every NUL shown as
 * U+FFFD, so the object shows the whole line rather than stopping at the
 * NUL. malloc()ed, or NULL if out of memory. */
static char *nul_to_replacement(const char *line, size_t len)
{
    char *out = malloc(len * 3 + 1);
    size_t w = 0;
    for (size_t i = 0; out && i < len; i++) {
        if (line[i]) {
            out[w++] = line[i];
        } else {
            memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3;
        }
    }
    if (out)
        out[w] = '\0';
    return out;
}

/* A batch line that holds no query: blank, or a comment ('#' first, after
 * any blanks), so a query file can be laid out and annotated. */
static int batch_skips(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i == len || line[i] == '#';
}

/* Run one batch line: 0 ran (res filled, to clear), -1 error (err). */
static int batch_search(search_index *ix, const search_request *req, size_t len,
                        search_result *res, qerror *err)
{
    memset(res, 0, sizeof *res);
    /* A NUL byte would silently cut the query short: refuse it. */
    if (strlen(req->query) != len) {
        memset(err, 0, sizeof *err);
        snprintf(err->message, sizeof err->message,
                 "the query contains a NUL byte at byte %zu", strlen(req->query) + 1);
        return -1;
    }
    return guarded_search(ix, req, res, err) == SEARCH_OK ? 0 : -1;
}

/* One batch answer as a compact JSON line; -1 if it could not be written. */
static int batch_json(const search_request *req, size_t len, int failed,
                      const search_result *res, const qerror *err)
{
    json_t *js;
    if (failed) {
        char *shown = nul_to_replacement(req->query, len);
        js = out_json_error(shown ? shown : req->query, err);
        free(shown);
    } else {
        js = out_json(req, res);
    }
    int rc = js && json_dumpf(js, stdout, JSON_COMPACT) == 0 ? 0 : -1;
    if (rc == 0)
        putchar('\n');
    json_decref(js);
    return rc;
}

/* One batch answer as TSV rows; a failed line has none, and its error goes
 * to stderr with its line number (a table has no place for it). */
static void batch_tsv(const search_request *req, size_t lineno, int failed,
                      const search_result *res, const qerror *err)
{
    if (failed) {
        fprintf(stderr, "lasearch-query: --batch line %zu: %s\n", lineno, err->message);
        return;
    }
    out_tsv_rows(stdout, out_tsv_table_for(req), req->query, res);
}

/* One query a line in; one compact JSON object a line out (or, with --tsv,
 * the rows of one table with the query first). Blank and '#' lines are
 * skipped. */
static int run_batch(search_index *ix, const options *o)
{
    FILE *in = strcmp(o->batch, "-") == 0 ? stdin : fopen(o->batch, "r");
    if (!in) {
        fprintf(stderr, "lasearch-query: --batch: cannot read '%s': %s\n", o->batch,
                strerror(errno));
        return EXIT_ERROR;
    }
    out_style st = {0};
    search_request base = o->req;
    set_markers(o, &st, &base);
    int tsv = o->format == FMT_TSV;
    if (tsv)
        out_tsv_header(stdout, out_tsv_table_for(&base), 1);
    char *line = NULL;
    size_t cap = 0, len = 0;
    size_t max_length = base.max_query_length ? base.max_query_length
                                              : SEARCH_DEFAULT_MAX_QUERY_LENGTH;
    int any_error = 0, any_match = 0, r;
    size_t lineno = 0;
    /* Only a line's first max_length + 1 bytes are kept: a longer one is
     * refused by its length, never held whole. */
    while ((r = lines_read(in, &line, &cap, max_length + 1, &len)) == 1) {
        lineno++;
        size_t kept = len > max_length ? max_length + 1 : len;
        if (batch_skips(line, kept))
            continue;
        search_request req = base;
        req.query = line;
        search_result res;
        qerror err;
        int failed;
        if (len > max_length) {
            memset(&res, 0, sizeof res);
            memset(&err, 0, sizeof err);
            snprintf(err.message, sizeof err.message,
                     "the query is too long: %zu bytes, and the limit is %zu", len,
                     max_length);
            err.kind = QERR_LENGTH;
            failed = 1;
        } else {
            failed = batch_search(ix, &req, len, &res, &err) != 0;
        }
        len = kept;
        any_error |= failed;
        any_match |= !failed && res.total && !res.partial;
        int written = 0;
        if (tsv)
            batch_tsv(&req, lineno, failed, &res, &err);
        else
            written = batch_json(&req, len, failed, &res, &err);
        search_result_clear(&res);
        if (written != 0) {
            /* Never stop a batch in silence: a script must see why. */
            fprintf(stderr, "lasearch-query: --batch: cannot write the answer to "
                    "line %zu as JSON; stopping\n", lineno);
            any_error = 1;
            break;
        }
    }
    if (r < 0) {
        fprintf(stderr, "lasearch-query: --batch: reading '%s' after line %zu: %s\n",
                o->batch, lineno, strerror(errno));
        any_error = 1;
    }
    free(line);
    if (in != stdin)
        fclose(in);
    return any_error ? EXIT_ERROR : any_match ? EXIT_MATCH : EXIT_NONE;
}

static char *join_args(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* --alerts FILE: what is new for each saved search (alerts.h) since
 * --since (default: last). Exit 0 something new matched, 1 nothing, 2
 * error. */
static int run_alerts(options *o, int extra_args, unsigned open_flags)
{
    char err[1024];
    saved_searches saved;
    if (extra_args > 0 || o->batch) {
        fprintf(stderr, "lasearch-query: --alerts takes its queries from its file: give "
                "no query and no --batch\n");
        return EXIT_ERROR;
    }
    if (o->format == FMT_TSV) {
        fprintf(stderr, "lasearch-query: --alerts prints text or --json\n");
        return EXIT_ERROR;
    }
    if (saved_searches_load(o->alerts, &saved, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-query: %s\n", err);
        return EXIT_ERROR;
    }
    search_index *ix = NULL;
    shim_set_default_open_flags(open_flags);
    int code = EXIT_ERROR;
    json_t *report = NULL;
    if (search_index_open(o->index, &ix, err, sizeof err) == 0 &&
        (report = alerts_run(ix, &saved, o->req.since ? o->req.since : "last",
                             o->limit_given ? o->req.limit : ALERTS_DEFAULT_LIMIT, err,
                             sizeof err))) {
        int rc = o->format == FMT_JSON ? json_dumpf(report, stdout, JSON_INDENT(2)) ||
                                             fputc('\n', stdout) == EOF
                                       : alerts_print(stdout, report);
        code = rc != 0 ? EXIT_ERROR
               : json_integer_value(json_object_get(report, "matched")) ? EXIT_MATCH
                                                                        : EXIT_NONE;
    } else {
        fprintf(stderr, "lasearch-query: %s\n", err);
    }
    json_decref(report);
    search_index_free(ix);
    saved_searches_clear(&saved);
    return code;
}

int main(int argc, char **argv)
{
    options o = {.index = getenv("LASEARCH_INDEX") && getenv("LASEARCH_INDEX")[0]
                              ? getenv("LASEARCH_INDEX") : "index"};
    search_request_init(&o.req, NULL);
    const char *colour = "auto";
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'},
        {"sort", required_argument, NULL, 's'},
        {"by", required_argument, NULL, 'b'},
        {"per", required_argument, NULL, 'p'},
        {"facets", required_argument, NULL, 'f'},
        {"strict", no_argument, NULL, 'S'},
        {"exact", no_argument, NULL, 'E'},
        {"since", required_argument, NULL, 'G'},
        {"json", no_argument, NULL, 'j'},
        {"tsv", no_argument, NULL, 't'},
        {"batch", required_argument, NULL, 'B'},
        {"alerts", required_argument, NULL, 'a'},
        {"color", required_argument, NULL, 'c'},
        {"max-query-length", required_argument, NULL, 'L'},
        {"max-depth", required_argument, NULL, 'D'},
        {"max-wildcard", required_argument, NULL, 'W'},
        {"max-results", required_argument, NULL, 'R'},
        {"timeout", required_argument, NULL, 'T'},
        {"allow-remote-programs", no_argument, NULL, 'A'},
        {"colour", required_argument, NULL, 'c'},
        {"significant", no_argument, NULL, 'g'},
        {"pivot", required_argument, NULL, 'X'},
        {"vs", required_argument, NULL, 'v'},
        {"max-paragraphs", required_argument, NULL, 'P'},
        {"min-count", required_argument, NULL, 'M'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    size_t n;
    unsigned open_flags = 0;
    while ((c = getopt_long(argc, argv, "n:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': o.index = optarg; break;
        case 'n':
            if (parse_count("--limit", optarg, &o.req.limit, 0)) return EXIT_ERROR;
            o.limit_given = 1;
            break;
        case 'g': o.significant = 1; break;
        case 'X':
            if (parse_pivot(optarg, &o.piv)) return EXIT_ERROR;
            o.pivot = optarg;
            break;
        case 'v': o.sig.background = optarg; break;
        case 'P': if (parse_count("--max-paragraphs", optarg, &o.sig.max_paragraphs, 1)) return EXIT_ERROR; break;
        case 'M':
            if (parse_range("--min-count", optarg, &n, 1, 1000000)) return EXIT_ERROR;
            o.sig.min_count = (unsigned)n;
            break;
        case 'o': if (parse_count("--offset", optarg, &o.req.offset, 0)) return EXIT_ERROR; break;
        case 'p': if (parse_count("--per", optarg, &o.req.per, 1)) return EXIT_ERROR; break;
        case 's': if (parse_sort(optarg, &o.req.sort)) return EXIT_ERROR; break;
        case 'f': if (parse_facets(optarg, &o.req)) return EXIT_ERROR; break;
        case 'b':
            if (strcmp(optarg, "authority") != 0 && strcmp(optarg, "council") != 0) {
                fprintf(stderr, "lasearch-query: --by: only 'authority' can be "
                        "grouped by\n");
                return EXIT_ERROR;
            }
            o.req.by_authority = 1;
            break;
        case 'S': o.req.strict = 1; break;
        case 'E': o.req.exact = 1; break;
        case 'G': o.req.since = optarg; break;
        case 'j': o.format = FMT_JSON; break;
        case 't': o.format = FMT_TSV; break;
        case 'B': o.batch = optarg; break;
        case 'a': o.alerts = optarg; break;
        case 'c': colour = optarg; break;
        case 'L': if (parse_count("--max-query-length", optarg, &o.req.max_query_length, 1)) return EXIT_ERROR; break;
        case 'D':
            if (parse_range("--max-depth", optarg, &n, 1, 256)) return EXIT_ERROR;
            o.req.max_depth = (unsigned)n;
            break;
        case 'W':
            if (parse_count("--max-wildcard", optarg, &n, 1)) return EXIT_ERROR;
            o.req.wildcard_limit = (uint32_t)n;
            break;
        case 'R': if (parse_count("--max-results", optarg, &o.req.max_results, 1)) return EXIT_ERROR; break;
        case 'T': if (parse_seconds(optarg, &o.req.timeout)) return EXIT_ERROR; break;
        case 'A': open_flags |= SHIM_OPEN_ALLOW_PROG; break;
        case 'h': fputs(usage_text, stdout); return EXIT_MATCH;
        case 'V': printf("lasearch-query %s\n", LASEARCH_VERSION); return EXIT_MATCH;
        default:
            fprintf(stderr, "Try 'lasearch-query --help'.\n");
            return EXIT_ERROR;
        }
    }
    if (strcmp(colour, "always") == 0) {
        o.colour = 1;
    } else if (strcmp(colour, "auto") == 0) {
        const char *term = getenv("TERM");
        o.colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term &&
                   strcmp(term, "dumb") != 0;
    } else if (strcmp(colour, "never") != 0) {
        fprintf(stderr, "lasearch-query: --color: use auto, always or never\n");
        return EXIT_ERROR;
    }
    if (o.alerts)
        return run_alerts(&o, argc - optind, open_flags);
    if (!o.batch == (optind >= argc)) {
        fprintf(stderr, o.batch ? "lasearch-query: give either --batch or a query, "
                                  "not both\n"
                                : "lasearch-query: no query given\nTry "
                                  "'lasearch-query --help'.\n");
        return EXIT_ERROR;
    }
    if (o.sig.background && !o.significant) {
        fprintf(stderr, "lasearch-query: --vs goes with --significant\n");
        return EXIT_ERROR;
    }
    if ((o.significant || o.pivot) && (o.batch || o.req.by_authority)) {
        fprintf(stderr, "lasearch-query: --%s takes one query, not --batch or --by\n",
                o.significant ? "significant" : "pivot");
        return EXIT_ERROR;
    }
    if (o.significant && o.pivot) {
        fprintf(stderr, "lasearch-query: --significant or --pivot, not both\n");
        return EXIT_ERROR;
    }
    /* A too-big page is the user's option, not the query's fault: say so
     * before opening anything (the search core checks it again for every
     * front end). */
    size_t per = o.req.by_authority ? o.req.per : 1;
    if (o.req.limit > o.req.max_results / per) {
        fprintf(stderr, "lasearch-query: --limit %zu%s asks for more than "
                "--max-results (%zu) hits; raise --max-results to allow it\n",
                o.req.limit, o.req.by_authority ? " with --per" : "", o.req.max_results);
        return EXIT_ERROR;
    }
    /* The index's stub is read before Xapian reads it, here to explain a
     * refusal in the CLI's terms; the shim refuses again on every open. */
    shim_status checked = shim_db_check(o.index, open_flags);
    if (checked != SHIM_OK) {
        fprintf(stderr, "lasearch-query: cannot open index '%s': %s\n", o.index,
                shim_last_error());
        if (checked == SHIM_ERR_UNSAFE)
            fprintf(stderr, "lasearch-query: only if you trust this index and mean it "
                    "to run that program, pass --allow-remote-programs\n");
        return EXIT_ERROR;
    }
    shim_set_default_open_flags(open_flags);
    search_index *ix = NULL;
    char err[1024];
    if (search_index_open(o.index, &ix, err, sizeof err) != 0) {
        fprintf(stderr, "lasearch-query: %s\n", err);
        return EXIT_ERROR;
    }
    int code;
    if (o.batch) {
        code = run_batch(ix, &o);
    } else {
        char *query = join_args(argc - optind, argv + optind);
        o.req.query = query;
        code = !query ? EXIT_ERROR
               : o.significant ? run_significant(ix, &o)
               : o.pivot ? run_pivot(ix, &o) : run_one(ix, &o);
        free(query);
    }
    search_index_free(ix);
    return code;
}
