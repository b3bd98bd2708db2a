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
#include "main_internal.h"


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
"    X:none            authority, section, theme, score, published or rating:\n"
"                      the paragraphs that have none (score:none)\n"
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
    if (!copy)
        fprintf(stderr, "lasearch-query: out of memory\n");
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
    char err[1024] = "";
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
        if (!query)
            fprintf(stderr, "lasearch-query: out of memory\n");
        code = !query ? EXIT_ERROR
               : o.significant ? run_significant(ix, &o)
               : o.pivot ? run_pivot(ix, &o) : run_one(ix, &o);
        free(query);
    }
    search_index_free(ix);
    return code;
}
