/* test_authority.c: the council table, lookup, title lines and the mention
 * tally, on small strings and on the five seed reports. */
#include "check.h"
#include "authority.h"
#include "path.h"

#include <stdlib.h>
#include <string.h>

#ifndef LASEARCH_SOURCE_DIR
#define LASEARCH_SOURCE_DIR "."
#endif

static authority_table *T;

static const char *name_of(int i)
{
    return i < 0 ? "(none)" : authority_name(T, (size_t)i);
}

static void lookup_is(const char *in, const char *want)
{
    const char *got = name_of(authority_lookup(T, in, strlen(in)));
    CHECK(strcmp(got, want) == 0, "lookup \"%s\": got %s, expected %s", in, got, want);
}

static void title_is(const char *in, const char *want)
{
    const char *got = name_of(authority_from_title(T, in, strlen(in)));
    CHECK(strcmp(got, want) == 0, "title \"%s\": got %s, expected %s", in, got, want);
}

/* Tally text as prose; how many mentions each of up to two councils got,
 * and whether any other council was counted. */
static void prose_counts(const char *text, const char *a, unsigned na,
                         const char *b, unsigned nb)
{
    authority_tally *y = authority_tally_new(T);
    CHECK(y != NULL, "tally_new");
    if (!y)
        return;
    CHECK_INT(authority_tally_add(y, text, strlen(text), AUTHORITY_WEIGHT_PROSE), 0);
    authority_decision d;
    authority_decide(y, &d);
    unsigned got_a = 0, got_b = 0, others = 0;
    for (size_t i = 0; i < d.n_candidates; i++) {
        const char *n = name_of(d.candidates[i].index);
        if (a && strcmp(n, a) == 0)
            got_a = d.candidates[i].mentions;
        else if (b && strcmp(n, b) == 0)
            got_b = d.candidates[i].mentions;
        else
            others += d.candidates[i].mentions;
    }
    CHECK(got_a == na && got_b == nb && others == 0,
          "\"%s\": %s %u (want %u), %s %u (want %u), others %u (%s)", text,
          a ? a : "-", got_a, na, b ? b : "-", got_b, nb, others, d.reason);
    authority_tally_free(y);
}

static void test_table(void)
{
    CHECK_INT(authority_count(T), 153);
    static const struct { const char *type; int n; } types[] = {
        { "county", 21 }, { "metropolitan borough", 36 }, { "London borough", 32 },
        { "unitary", 62 }, { "sui generis", 2 },
    };
    static const struct { const char *region; int n; } regions[] = {
        { "North East", 12 }, { "North West", 24 }, { "Yorkshire and the Humber", 15 },
        { "East Midlands", 10 }, { "West Midlands", 14 }, { "East of England", 11 },
        { "London", 33 }, { "South East", 19 }, { "South West", 15 },
    };
    for (size_t k = 0; k < sizeof types / sizeof *types; k++) {
        int n = 0;
        for (size_t i = 0; i < authority_count(T); i++)
            n += strcmp(authority_type(T, i), types[k].type) == 0;
        CHECK(n == types[k].n, "%s: %d, expected %d", types[k].type, n, types[k].n);
    }
    for (size_t k = 0; k < sizeof regions / sizeof *regions; k++) {
        int n = 0;
        for (size_t i = 0; i < authority_count(T); i++)
            n += strcmp(authority_region(T, i), regions[k].region) == 0;
        CHECK(n == regions[k].n, "%s: %d, expected %d", regions[k].region, n,
              regions[k].n);
    }
    /* Every canonical name finds itself, and the 2023 changes are in. */
    for (size_t i = 0; i < authority_count(T); i++) {
        const char *n = authority_name(T, i);
        CHECK(authority_lookup(T, n, strlen(n)) == (int)i, "lookup of %s", n);
    }
    int i = authority_lookup(T, "Cumberland", 10);
    CHECK_STR(i >= 0 ? authority_type(T, (size_t)i) : "", "unitary");
    i = authority_lookup(T, "Somerset", 8);
    CHECK_STR(i >= 0 ? authority_type(T, (size_t)i) : "", "unitary");
    i = authority_lookup(T, "City of London", 14);
    CHECK_STR(i >= 0 ? authority_type(T, (size_t)i) : "", "sui generis");
    lookup_is("Cumbria", "(none)");
    lookup_is("Cumbria County Council", "(none)");
    lookup_is("Northamptonshire", "(none)");
}

static void test_lookup(void)
{
    lookup_is("Ealing", "Ealing");
    lookup_is("EALING", "Ealing");
    lookup_is("London Borough of Ealing", "Ealing");
    lookup_is("the London Borough of Ealing", "Ealing");
    lookup_is("Ealing Council", "Ealing");
    lookup_is("Kent County Council", "Kent");
    lookup_is("Medway Council", "Medway");
    lookup_is("Middlesbrough Council", "Middlesbrough");
    lookup_is("Redcar and Cleveland Borough Council", "Redcar and Cleveland");
    lookup_is("Redcar & Cleveland", "Redcar and Cleveland");
    lookup_is("Royal Borough of Windsor & Maidenhead", "Windsor and Maidenhead");
    lookup_is("RBWM", "Windsor and Maidenhead");
    lookup_is("rbwm", "Windsor and Maidenhead");
    lookup_is("RBKC", "Kensington and Chelsea");
    lookup_is("BCP", "Bournemouth, Christchurch and Poole");
    lookup_is("BCP Council", "Bournemouth, Christchurch and Poole");
    lookup_is("Bournemouth Christchurch and Poole Council",
              "Bournemouth, Christchurch and Poole");
    lookup_is("B&NES", "Bath and North East Somerset");
    lookup_is("BANES", "Bath and North East Somerset");
    lookup_is("Hull", "Kingston upon Hull");
    lookup_is("Hull City Council", "Kingston upon Hull");
    lookup_is("Kingston upon Hull City Council", "Kingston upon Hull");
    lookup_is("City of Bristol", "Bristol");
    lookup_is("Bristol City Council", "Bristol");
    lookup_is("County of Herefordshire", "Herefordshire");
    lookup_is("Herefordshire Council", "Herefordshire");
    lookup_is("Durham County Council", "County Durham");
    lookup_is("Metropolitan Borough of Wirral", "Wirral");
    lookup_is("Wirral Metropolitan Borough Council", "Wirral");
    lookup_is("Bury Metropolitan Borough Council", "Bury");
    lookup_is("City of Bradford Metropolitan District Council", "Bradford");
    lookup_is("City of York Council", "York");
    lookup_is("Borough of Telford and Wrekin", "Telford and Wrekin");
    lookup_is("Telford & Wrekin Council", "Telford and Wrekin");
    lookup_is("St. Helens", "St Helens");
    lookup_is("St Helens Borough Council", "St Helens");
    lookup_is("Southend", "Southend-on-Sea");
    lookup_is("Southend on Sea", "Southend-on-Sea");
    lookup_is("Stockton on Tees Borough Council", "Stockton-on-Tees");
    lookup_is("Council of the Isles of Scilly", "Isles of Scilly");
    lookup_is("City of London Corporation", "City of London");
    lookup_is("Royal Borough of Greenwich", "Greenwich");
    lookup_is("Royal Borough of Kingston upon Thames", "Kingston upon Thames");
    lookup_is("London", "(none)");
    lookup_is("London Borough", "(none)");
    lookup_is("Council", "(none)");
    lookup_is("", "(none)");
    lookup_is("Swale", "(none)");
}

static void test_titles(void)
{
    title_is("Ealing: local authority assessment", "Ealing");
    title_is("London Borough of Ealing - local authority assessment", "Ealing");
    title_is("Ealing Council \xe2\x80\x93 local authority assessment", "Ealing");
    title_is("Local authority assessment: Ealing", "Ealing");
    title_is("Local authority assessment - London Borough of Ealing", "Ealing");
    title_is("# Medway Council: local authority assessment", "Medway");
    title_is("Kent County Council: Local Authority Assessment", "Kent");
    title_is("Royal Borough of Windsor and Maidenhead: local authority assessment",
             "Windsor and Maidenhead");
    title_is("Windsor & Maidenhead: local authority assessment",
             "Windsor and Maidenhead");
    title_is("RBWM: local authority assessment", "Windsor and Maidenhead");
    title_is("Hull City Council: local authority assessment", "Kingston upon Hull");
    title_is("BCP Council - local authority assessment",
             "Bournemouth, Christchurch and Poole");
    title_is("Local authority assessment: Redcar and Cleveland Borough Council",
             "Redcar and Cleveland");
    title_is("Partnerships and communities", "(none)");
    title_is("Local authority assessment", "(none)");
    title_is("local authority assessment:", "(none)");
    title_is("Ealing", "(none)");
    title_is("London: local authority assessment", "(none)");
    title_is("Our local authority assessment", "(none)");
}

static void test_prose(void)
{
    /* Whole words, longest match, leftmost first. */
    prose_counts("North East Lincolnshire worked with partners.",
                 "North East Lincolnshire", 1, NULL, 0);
    prose_counts("Lincolnshire and North Lincolnshire met.", "Lincolnshire", 1,
                 "North Lincolnshire", 1);
    prose_counts("Kent County Council and Kent police.", "Kent", 2, NULL, 0);
    prose_counts("Redcar and Cleveland Borough Council.", "Redcar and Cleveland", 1,
                 NULL, 0);
    prose_counts("The Shropshire, Telford and Wrekin Joint Forward Plan.",
                 "Shropshire", 1, "Telford and Wrekin", 1);
    prose_counts("Bournemouth, Christchurch and Poole Council agreed.",
                 "Bournemouth, Christchurch and Poole", 1, NULL, 0);
    prose_counts("Kent & Medway System Quality Group", "Kent", 1, "Medway", 1);
    prose_counts("Windsor & Maidenhead and Stoke-on-Trent", "Windsor and Maidenhead", 1,
                 "Stoke-on-Trent", 1);
    prose_counts("Kingston upon Hull, not Kingston upon Thames.", "Kingston upon Hull",
                 1, "Kingston upon Thames", 1);
    prose_counts("St. Helens and St Helens", "St Helens", 2, NULL, 0);
    prose_counts("MIDKENT College, Kentish Town and Kenton", NULL, 0, NULL, 0);
    prose_counts("Redcar. Cleveland", NULL, 0, NULL, 0);   /* not across a sentence */
    /* "London" alone is not a council; the City of London is. */
    prose_counts("Across London and the West London Alliance.", NULL, 0, NULL, 0);
    prose_counts("The City of London Corporation.", "City of London", 1, NULL, 0);
    /* Capitalised or all capitals only. */
    prose_counts("MEDWAY ADULT SOCIAL CARE", "Medway", 1, NULL, 0);
    prose_counts("medway and kent", NULL, 0, NULL, 0);
    prose_counts("TELFORD AND WREKIN", "Telford and Wrekin", 1, NULL, 0);
    prose_counts("Kingston Upon Thames", "Kingston upon Thames", 1, NULL, 0);
    /* Possessives count. */
    prose_counts("Middlesbrough's voluntary sector and Medway\xe2\x80\x99s plan.",
                 "Middlesbrough", 1, "Medway", 1);
    /* Acronyms are for lookup, not prose. */
    prose_counts("The BCP was updated; RBWM, RBKC and B&NES met.", NULL, 0, NULL, 0);
    /* Common words at the start of a sentence. */
    prose_counts("Reading the plan, staff agreed. Bury the past.", NULL, 0, NULL, 0);
    prose_counts("Staff in Reading agreed. They met in Bury.", "Reading", 1, "Bury", 1);
    prose_counts("Reading Borough Council agreed. Reading's plan.", "Reading", 2,
                 NULL, 0);
    prose_counts("- Reading well", NULL, 0, NULL, 0);
    prose_counts("Slough Council met. Slough off old habits.", "Slough", 1, NULL, 0);
    prose_counts("We read to bury nothing.", NULL, 0, NULL, 0);
    /* Other places that begin with a council's name. */
    prose_counts("Bury St Edmunds and Sutton Coldfield.", NULL, 0, NULL, 0);
    prose_counts("In Newcastle-under-Lyme and New York.", NULL, 0, NULL, 0);
    prose_counts("In Newcastle and York.", "Newcastle upon Tyne", 1, "York", 1);
    prose_counts("", NULL, 0, NULL, 0);
    prose_counts("\xff\xfe Kent \xc3", "Kent", 1, NULL, 0);   /* bad UTF-8 */
}

static void test_decide(void)
{
    authority_tally *y = authority_tally_new(T);
    authority_decision d;
    authority_decide(y, &d);
    CHECK_INT(d.index, -1);
    CHECK_STR(d.reason, "no council named in the text");

    const char *one = "Kent works with Medway. Medway agreed.";
    authority_tally_add(y, one, strlen(one), AUTHORITY_WEIGHT_PROSE);
    authority_decide(y, &d);
    CHECK_STR(name_of(d.index), "Medway");
    CHECK_STR(d.reason, "named twice in the text; next: Kent, once");

    /* One more Kent: 2 against 2, no clear council. */
    authority_tally_add(y, "Kent", 4, AUTHORITY_WEIGHT_PROSE);
    authority_decide(y, &d);
    CHECK_INT(d.index, -1);
    CHECK_INT(d.n_candidates, 2);
    CHECK_STR(name_of(d.candidates[0].index), "Kent");   /* tie: by name */
    CHECK_STR(name_of(d.candidates[1].index), "Medway");
    CHECK_STR(d.reason, "no clear council: Kent named twice, Medway twice (the "
                        "first needs twice the score of the next)");

    /* A heading weighs more: Medway's 2 + 3 = 5 is over twice Kent's 2. */
    authority_tally_add(y, "Medway", 6, AUTHORITY_WEIGHT_HEADING);
    authority_decide(y, &d);
    CHECK_STR(name_of(d.index), "Medway");
    CHECK_STR(d.reason, "named 3 times (score 5) in the text; next: Kent, twice");
    authority_tally_free(y);

    y = authority_tally_new(T);
    authority_tally_add(y, "Ealing", 6, AUTHORITY_WEIGHT_PROSE);
    authority_decide(y, &d);
    CHECK_INT(d.index, -1);
    CHECK_STR(d.reason, "too few mentions to decide: Ealing named once");
    authority_tally_add(y, "Ealing", 6, AUTHORITY_WEIGHT_PROSE);
    authority_decide(y, &d);
    CHECK_STR(name_of(d.index), "Ealing");
    CHECK_STR(d.reason, "named twice in the text; no other council named");
    authority_tally_free(y);

    /* Only the best five are kept, best first. */
    y = authority_tally_new(T);
    const char *many = "Kent, Kent, Kent, Essex, Essex, Surrey, Devon, Dorset, Norfolk";
    authority_tally_add(y, many, strlen(many), AUTHORITY_WEIGHT_PROSE);
    authority_decide(y, &d);
    CHECK_INT(d.n_candidates, AUTHORITY_MAX_CANDIDATES);
    CHECK_INT(d.index, -1);   /* 3 is not twice 2 */
    CHECK_STR(name_of(d.candidates[0].index), "Kent");
    CHECK_STR(name_of(d.candidates[1].index), "Essex");
    CHECK_STR(name_of(d.candidates[2].index), "Devon");
    CHECK_STR(name_of(d.candidates[4].index), "Norfolk");
    authority_tally_free(y);
}

/* The detector alone, every line of a seed as prose, must name the council
 * with at least twice the runner-up's score. */
static void test_seed(const char *file, const char *want)
{
    char path[512], *text;
    size_t len;
    snprintf(path, sizeof path, "%s/corpus/documents/%s", LASEARCH_SOURCE_DIR, file);
    if (path_read_file(path, &text, &len) != 0) {
        CHECK(0, "cannot read %s", path);
        return;
    }
    authority_tally *y = authority_tally_new(T);
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        int rc = authority_tally_add(y, p, (size_t)(e - p), AUTHORITY_WEIGHT_PROSE);
        CHECK_INT(rc, 0);
        p = nl ? nl + 1 : end;
    }
    authority_decision d;
    authority_decide(y, &d);
    CHECK(d.index >= 0 && strcmp(name_of(d.index), want) == 0, "%s: got %s (%s)",
          file, name_of(d.index), d.reason);
    unsigned best = d.n_candidates ? d.candidates[0].score : 0;
    unsigned next = d.n_candidates > 1 ? d.candidates[1].score : 0;
    CHECK(best >= 2 && best >= 2 * next, "%s: margin %u vs %u", file, best, next);
    printf("  %s: %s %u, runner-up %s %u; %s\n", file, name_of(d.index), best,
           d.n_candidates > 1 ? name_of(d.candidates[1].index) : "-", next, d.reason);
    authority_tally_free(y);
    free(text);
}

static void parse_fails(const char *text, const char *want_err)
{
    authority_table *t = NULL;
    char err[256] = "";
    int rc = authority_table_parse(text, strlen(text), "a.tsv", &t, err, sizeof err);
    CHECK(rc == -1 && t == NULL, "parse of bad table succeeded: %s", text);
    CHECK_STR(err, want_err);
    authority_table_free(t);
}

static void test_parse_errors(void)
{
    const char *h = "# councils\nname\ttype\tregion\taliases\n";
    char buf[512];
    parse_fails("", "a.tsv:1: no header line \"name<TAB>type<TAB>region<TAB>aliases\"");
    parse_fails("Kent\tcounty\tSouth East\t\n",
                "a.tsv:1: expected the header line "
                "\"name<TAB>type<TAB>region<TAB>aliases\"");
    parse_fails(h, "a.tsv: no councils listed");
    snprintf(buf, sizeof buf, "%sKent\tcounty\tSouth East\n", h);
    parse_fails(buf, "a.tsv:3: expected 4 TAB-separated columns (name, type, "
                     "region, aliases), found 3");
    snprintf(buf, sizeof buf, "%s\nKent\tshire\tSouth East\t\n", h);
    parse_fails(buf, "a.tsv:4: unknown type \"shire\" (expected county, metropolitan "
                     "borough, London borough, unitary or sui generis)");
    snprintf(buf, sizeof buf, "%sKent\tcounty\tSouth-East\t\n", h);
    parse_fails(buf, "a.tsv:3: unknown region \"South-East\" (expected one of the "
                     "nine English regions, e.g. \"North East\", \"Yorkshire and the "
                     "Humber\")");
    snprintf(buf, sizeof buf, "%s\tcounty\tSouth East\t\n", h);
    parse_fails(buf, "a.tsv:3: empty name");
    snprintf(buf, sizeof buf, "%sKent\tcounty\tSouth East\tKCC\n"
                              "Medway\tunitary\tSouth East\tKENT\n", h);
    parse_fails(buf, "a.tsv:4: \"KENT\" already names Kent (line 3)");
    snprintf(buf, sizeof buf, "%sKent\tcounty\tSouth East\t--\n", h);
    parse_fails(buf, "a.tsv:3: \"--\" has no letters");

    /* A small good table: CRLF, spaces around fields, repeated aliases. */
    const char *good = "name\ttype\tregion\taliases\r\n"
                       "Kent \t county\tSouth East\tKent County Council; Kent;;\r\n";
    authority_table *t = NULL;
    int rc = authority_table_parse(good, strlen(good), "g.tsv", &t, buf, sizeof buf);
    CHECK(rc == 0, "%s", buf);
    CHECK_INT(authority_count(t), 1);
    CHECK_STR(authority_name(t, 0), "Kent");
    CHECK_STR(authority_type(t, 0), "county");
    CHECK(authority_name(t, 1) == NULL, "out of range");
    authority_table_free(t);

    CHECK_INT(authority_table_load("/nonexistent/a.tsv", &t, buf, sizeof buf), -1);
    CHECK_STR(buf, "/nonexistent/a.tsv: No such file or directory");
}

int main(void)
{
    char err[512];
    const char *path = LASEARCH_SOURCE_DIR "/corpus/authorities.tsv";
    if (authority_table_load(path, &T, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        CHECK(0, "cannot load %s", path);
        return check_report("test_authority");
    }
    test_table();
    test_lookup();
    test_titles();
    test_prose();
    test_decide();
    test_seed("000_cbd8b4d91f46e665.txt", "Medway");
    test_seed("001_80e5e828aad1d6a4.txt", "Ealing");
    test_seed("002_e25c44a579d8a69c.txt", "Middlesbrough");
    test_seed("003_6ff3ae6419d31497.txt", "Medway");
    test_seed("004_81b31790960f70a1.txt", "Shropshire");
    test_parse_errors();
    authority_table_free(T);
    return check_report("test_authority");
}
