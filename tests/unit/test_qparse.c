/*
 * test_qparse.c: the query parser (query/qparse.h), as a table: each row is
 * a query and either the tree it gives (qnode_describe) or where the error
 * points and a piece of its message.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "qparse.h"

typedef struct row {
    const char *query;
    const char *tree;    /* expected qnode_describe(), or NULL: an error */
    unsigned column;     /* error: expected qerror.column */
    const char *message; /* error: a substring of qerror.message */
    int plain;           /* tree: expected qnode_is_plain(), -1: any */
} row;

#define OK(q, d) {q, d, 0, NULL, -1}
#define PLAIN(q, d, pl) {q, d, 0, NULL, pl}
#define ERR(q, col, msg) {q, NULL, col, msg, -1}

static const row rows[] = {
    /* words and phrases */
    PLAIN("hospital", "\"hospital\"", 1),
    PLAIN("  hospital  ", "\"hospital\"", 1),
    PLAIN("\"section 75\"", "(PHRASE \"section 75\")", 1),
    PLAIN("\"  section \t 75 \"", "(PHRASE \"section 75\")", 1),
    PLAIN("hospital \"section 75\" care",
          "(AND \"hospital\" (PHRASE \"section 75\") \"care\")", 1),
    OK("65+", "\"65+\""),
    OK("co-production", "\"co-production\""),
    OK("s.75", "\"s.75\""),
    OK("council's", "\"council's\""),
    OK("12:30", "\"12:30\""),
    OK("s.75:x", "\"s.75:x\""),
    OK("Ärger:x", "\"Ärger:x\""),
    OK("C++", "\"C++\""),
    OK("--", "\"--\""),
    OK("a\"b c\"d", "(AND \"a\" (PHRASE \"b c\") \"d\")"),
    OK("a(b)", "(AND \"a\" \"b\")"),
    OK("back\\slash", "\"back\\\\slash\""),
    PLAIN("partner*", "\"partner\"*", 1),
    OK("=partner*", "=\"partner\"*"),
    PLAIN("=housing", "=\"housing\"", 1),
    OK("=\"exact phrase\"", "=(PHRASE \"exact phrase\")"),
    OK("=AND", "=\"AND\""),
    OK("x=y", "\"x=y\""),
    /* lower-case operators are words */
    PLAIN("cats and dogs or not near adj xor",
          "(AND \"cats\" \"and\" \"dogs\" \"or\" \"not\" \"near\" \"adj\" "
          "\"xor\")", 1),
    OK("ORDER ANDY NOTE", "(AND \"ORDER\" \"ANDY\" \"NOTE\")"),
    OK("AND/5", "\"AND/5\""),

    /* implicit AND: flat; a single item is itself */
    PLAIN("a b c", "(AND \"a\" \"b\" \"c\")", 1),
    PLAIN("(a b) c", "(AND \"a\" \"b\" \"c\")", 1),
    PLAIN("((a))", "\"a\"", 1),
    PLAIN("a AND b", "(AND \"a\" \"b\")", 0),
    PLAIN("a b AND c", "(AND \"a\" \"b\" \"c\")", 0),
    OK("(a AND b) c", "(AND \"a\" \"b\" \"c\")"),
    OK("a OR b OR c", "(OR \"a\" \"b\" \"c\")"),
    OK("(a OR b) OR c", "(OR \"a\" \"b\" \"c\")"),
    OK("a XOR b XOR c", "(XOR \"a\" \"b\" \"c\")"),
    OK("+(a b) c", "(AND +(AND \"a\" \"b\") \"c\")"),

    /* precedence: OR < XOR < AND < NEAR */
    PLAIN("a OR b c", "(OR \"a\" (AND \"b\" \"c\"))", 0),
    OK("a b OR c", "(OR (AND \"a\" \"b\") \"c\")"),
    OK("a XOR b OR c XOR d", "(OR (XOR \"a\" \"b\") (XOR \"c\" \"d\"))"),
    OK("a OR b XOR c d NEAR e",
       "(OR \"a\" (XOR \"b\" (AND \"c\" (NEAR/10 \"d\" \"e\"))))"),
    OK("a AND b XOR c", "(XOR (AND \"a\" \"b\") \"c\")"),
    OK("(a OR b) c", "(AND (OR \"a\" \"b\") \"c\")"),
    OK("a NEAR b c", "(AND (NEAR/10 \"a\" \"b\") \"c\")"),

    /* NEAR and ADJ */
    PLAIN("a NEAR b", "(NEAR/10 \"a\" \"b\")", 0),
    OK("a NEAR/5 b", "(NEAR/5 \"a\" \"b\")"),
    OK("a ADJ b", "(ADJ/10 \"a\" \"b\")"),
    OK("a ADJ/3 \"b c\"", "(ADJ/3 \"a\" (PHRASE \"b c\"))"),
    OK("a NEAR/1 b", "(NEAR/1 \"a\" \"b\")"),
    OK("a NEAR/100 b", "(NEAR/100 \"a\" \"b\")"),
    OK("a NEAR b NEAR c", "(NEAR/10 \"a\" \"b\" \"c\")"),
    OK("(a) NEAR =b", "(NEAR/10 \"a\" =\"b\")"),
    OK("partner* NEAR b", "(NEAR/10 \"partner\"* \"b\")"),
    OK("-a NEAR b", "(NOT (NEAR/10 \"a\" \"b\"))"),
    OK("+a NEAR b", "+(NEAR/10 \"a\" \"b\")"),
    /* groups of alternatives, and wildcards, in NEAR and ADJ */
    OK("(a OR b) NEAR c", "(NEAR/10 (OR \"a\" \"b\") \"c\")"),
    OK("a ADJ/3 (b* OR \"c d\")", "(ADJ/3 \"a\" (OR \"b\"* (PHRASE \"c d\")))"),
    OK("(a OR (b OR c)) NEAR d", "(NEAR/10 (OR \"a\" \"b\" \"c\") \"d\")"),
    OK("transition* NEAR/20 children", "(NEAR/20 \"transition\"* \"children\")"),
    ERR("(a OR b c) NEAR d", 1, "the bracketed group at column 1 cannot be used with "
                                "NEAR at column 12: inside NEAR and ADJ a group may "
                                "only join words and phrases with OR"),
    ERR("(a OR score:3) NEAR d", 1, "the bracketed group at column 1"),
    ERR("a NEAR/0 b", 8, "out of range"),
    ERR("a NEAR/101 b", 8, "NEAR window 101 at column 8 is out of range"),
    ERR("a ADJ/99999999999999 b", 7, "out of range"),
    ERR("a NEAR/ b", 8, "NEAR/ needs a number at column 8"),
    ERR("a NEAR/x b", 8, "'x' at column 8 is not a number"),
    ERR("a NEAR/5x b", 8, "'5x' at column 8 is not a number"),
    ERR("(a b) NEAR c", 1, "the bracketed group at column 1 cannot be used "
                           "with NEAR at column 7"),
    ERR("a NEAR (b c)", 8, "the bracketed group at column 8"),
    ERR("a ADJ/2 section:75", 9, "the field at column 9 cannot be used with "
                                 "ADJ/2"),
    ERR("a NEAR -b", 8, "'-' at column 8 cannot follow NEAR at column 3"),
    ERR("a NEAR NOT b", 8, "NOT at column 8 cannot follow NEAR"),
    ERR("a NEAR b ADJ c", 10, "ADJ at column 10 cannot be chained with NEAR "
                              "at column 3"),
    ERR("a NEAR/5 b NEAR/3 c", 12, "NEAR/3 at column 12 cannot be chained"),
    ERR("NEAR a", 1, "NEAR at column 1 needs something on its left"),
    ERR("a NEAR", 3, "NEAR at column 3 needs something on its right"),

    /* exclusion and requirement */
    OK("a -b", "(AND_NOT \"a\" \"b\")"),
    OK("a NOT b", "(AND_NOT \"a\" \"b\")"),
    OK("a AND NOT b", "(AND_NOT \"a\" \"b\")"),
    OK("a AND -b", "(AND_NOT \"a\" \"b\")"),
    OK("a b -c -d", "(AND_NOT (AND \"a\" \"b\") \"c\" \"d\")"),
    OK("-c a NOT d b", "(AND_NOT (AND \"a\" \"b\") \"c\" \"d\")"),
    OK("(a -b) -c", "(AND_NOT \"a\" \"b\" \"c\")"),
    OK("a -\"b c\"", "(AND_NOT \"a\" (PHRASE \"b c\"))"),
    OK("a -(b OR c)", "(AND_NOT \"a\" (OR \"b\" \"c\"))"),
    OK("a -=b", "(AND_NOT \"a\" =\"b\")"),
    OK("a -section:75", "(AND_NOT \"a\" (FIELD section \"75\"))"),
    OK("a -AND", "(AND_NOT \"a\" \"AND\")"),
    PLAIN("-b", "(NOT \"b\")", 0),
    OK("NOT b", "(NOT \"b\")"),
    OK("-a -b", "(AND (NOT \"a\") (NOT \"b\"))"),
    OK("a OR -b", "(OR \"a\" (NOT \"b\"))"),
    OK("a OR NOT b", "(OR \"a\" (NOT \"b\"))"),
    OK("-co-production", "(NOT \"co-production\")"),
    PLAIN("+a b", "(AND +\"a\" \"b\")", 0),
    PLAIN("+a", "+\"a\"", 0),
    OK("+=\"a b\"", "+=(PHRASE \"a b\")"),
    OK("+(a OR b)", "+(OR \"a\" \"b\")"),
    OK("+65+", "+\"65+\""),
    ERR("a - b", 3, "'-' at column 3 stands alone"),
    ERR("a +", 3, "'+' at column 3 stands alone"),
    ERR("(a -)", 4, "'-' at column 4 stands alone"),
    ERR("--a", 2, "'-' at column 2 cannot follow '-' at column 1"),
    ERR("+-a", 2, "cannot follow '+'"),
    ERR("a NOT", 3, "NOT at column 3 needs something on its right"),
    ERR("NOT", 1, "NOT at column 1 needs something on its right"),
    ERR("a AND NOT", 7, "NOT at column 7 needs something on its right"),
    ERR("NOT NOT a", 5, "NOT at column 5 cannot follow NOT at column 1"),
    ERR("a NOT -b", 7, "'-' at column 7 cannot follow NOT at column 3"),

    /* '=' */
    ERR("= a", 1, "'=' at column 1 must be followed directly by a word or a "
                  "phrase"),
    ERR("a =", 3, "'=' at column 3 must be followed"),
    ERR("=(a b)", 1, "'=' at column 1 must be followed"),
    ERR("==a", 1, "'=' at column 1 must be followed"),
    ERR("=-a", 1, "'=' at column 1 must be followed"),
    ERR("=section:75", 1, "'=' at column 1 works on words and phrases"),

    /* binary operators with a side missing */
    ERR("AND a", 1, "AND at column 1 needs something on its left"),
    ERR("a AND", 3, "AND at column 3 needs something on its right"),
    ERR("OR", 1, "OR at column 1 needs something on its left"),
    ERR("a OR", 3, "OR at column 3 needs something on its right"),
    ERR("a XOR", 3, "XOR at column 3 needs something on its right"),
    ERR("a AND OR b", 7, "OR at column 7 cannot follow AND at column 3"),
    ERR("a OR AND b", 6, "AND at column 6 cannot follow OR at column 3"),
    ERR("(AND a)", 2, "AND at column 2 needs something on its left"),
    ERR("(a AND) b", 4, "AND at column 4 needs something on its right"),
    ERR("a OR ) b", 3, "OR at column 3 needs something on its right"),

    /* brackets */
    OK("(a OR b) AND (c OR d)",
       "(AND (OR \"a\" \"b\") (OR \"c\" \"d\"))"),
    ERR("()", 1, "empty brackets at column 1"),
    ERR("a ( ) b", 3, "empty brackets at column 3"),
    ERR("(", 1, "'(' at column 1 is never closed"),
    ERR("(a b", 1, "'(' at column 1 is never closed"),
    ERR("((a) b", 1, "'(' at column 1 is never closed"),
    ERR("a (b (c)", 3, "'(' at column 3 is never closed"),
    ERR(")", 1, "')' at column 1 has no matching '('"),
    ERR("a b) c", 4, "')' at column 4 has no matching '('"),
    ERR("(a OR b))", 9, "')' at column 9 has no matching '('"),

    /* quotes */
    ERR("a b \"c d", 5, "unbalanced quote: the phrase that starts at column "
                        "5 is never closed"),
    ERR("\"", 1, "the phrase that starts at column 1 is never closed"),
    ERR("a \"\" b", 3, "empty phrase at column 3"),
    ERR("a \"  \"", 3, "empty phrase at column 3"),
    ERR("\"a b\"*", 6, "'*' at column 6 follows a phrase"),

    /* wildcards */
    ERR("*", 1, "'*' at column 1 has nothing before it"),
    ERR("a * b", 3, "'*' at column 3 has nothing before it"),
    ERR("*partner", 1, "nothing before it"),
    ERR("-*", 2, "'*' at column 2 has nothing before it"),
    ERR("par*tner", 4, "'*' at column 4 can only go at the end of a word"),
    ERR("partner**", 8, "'*' at column 8 can only go at the end"),

    /* fields */
    OK("authority:ealing", "(FIELD authority \"ealing\")"),
    OK("AUTHORITY:Ealing", "(FIELD authority \"Ealing\")"),
    OK("Section:75", "(FIELD section \"75\")"),
    OK("authority:\"London Borough of Ealing\"",
       "(FIELD authority \"London Borough of Ealing\" quoted)"),
    OK("authority:\"London  Borough\"x",
       "(AND (FIELD authority \"London Borough\" quoted) \"x\")"),
    OK("theme:carers heading:\"hospital discharge\" kind:policy",
       "(AND (FIELD theme \"carers\") (FIELD heading \"hospital discharge\" "
       "quoted) (FIELD kind \"policy\"))"),
    OK("file:a/b.txt rating:good id:x-1",
       "(AND (FIELD file \"a/b.txt\") (FIELD rating \"good\") (FIELD id "
       "\"x-1\"))"),
    OK("file:*.txt", "(FIELD file \"*.txt\")"),
    OK("heading:a:b", "(FIELD heading \"a:b\")"),
    OK("hospital score:1..2", "(AND \"hospital\" (FIELD score 1..2))"),
    OK("score:3", "(FIELD score 3)"),
    OK("score:2..", "(FIELD score 2..)"),
    OK("score:..3", "(FIELD score ..3)"),
    OK("score:4..4", "(FIELD score 4)"),
    OK("score:\"2..3\"", "(FIELD score 2..3)"),
    OK("score:none", "(FIELD score none)"),
    OK("score:NONE hospital", "(AND (FIELD score none) \"hospital\")"),
    OK("section:none", "(FIELD section \"none\")"),
    PLAIN("section:75", "(FIELD section \"75\")", 0),
    ERR("foo:bar", 1, "unknown field 'foo' at column 1; fields are "
                      "authority, section, theme, heading, kind, file, "
                      "score, rating, published, id, like; to search for the text, put it in "
                      "quotes"),
    ERR("a http://example.org", 3, "unknown field 'http' at column 3"),
    ERR("section:", 1, "section: at column 1 needs a value"),
    ERR("a section: 75", 3, "section: at column 3 needs a value"),
    ERR("authority:\"\"", 1, "authority: at column 1 needs a value"),
    ERR("authority:\"Ealing", 11, "unbalanced quote: the value that starts "
                                  "at column 11 is never closed"),
    ERR("score:0", 7, "score 0 at column 7 is out of range; scores go from 1 "
                      "to 4"),
    ERR("score:5", 7, "score 5 at column 7 is out of range"),
    ERR("score:1..9", 10, "score 9 at column 10 is out of range"),
    ERR("score:99999999999999999999", 7, "out of range"),
    ERR("hosp score:3..1", 12, "score range 3..1 at column 12 is reversed; "
                               "write 1..3"),
    ERR("score:3..1", 7, "score range 3..1 at column 7 is reversed"),
    ERR("score:high", 7, "score value 'high' at column 7 is not a score"),
    ERR("score:..", 7, "is not a score"),
    ERR("score:1...2", 7, "is not a score"),
    ERR("score:-1", 7, "is not a score"),

    /* published: dates of any precision, ranges, open ends, none */
    OK("published:2024", "(FIELD published \"2024\")"),
    OK("published:2024-05", "(FIELD published \"2024-05\")"),
    OK("PUBLISHED:2024-02-29", "(FIELD published \"2024-02-29\")"),
    OK("published:2024-05..2025-01", "(FIELD published \"2024-05..2025-01\")"),
    OK("published:..2024-06", "(FIELD published \"..2024-06\")"),
    OK("published:2025..", "(FIELD published \"2025..\")"),
    OK("published:2024-05..2024", "(FIELD published \"2024-05..2024\")"),
    OK("published:none", "(FIELD published \"none\")"),
    OK("waiting -published:none",
       "(AND_NOT \"waiting\" (FIELD published \"none\"))"),
    ERR("published:2024-13", 11, "published date '2024-13' at column 11 is not a "
                                 "date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ERR("published:2023-02-29", 11, "'2023-02-29' at column 11 is not a date"),
    ERR("published:24", 11, "'24' at column 11 is not a date"),
    ERR("published:may", 11, "'may' at column 11 is not a date"),
    ERR("published:2024/05", 11, "is not a date"),
    ERR("published:2024-5", 11, "is not a date"),
    ERR("a published:2024..2025-1x", 19, "'2025-1x' at column 19 is not a date"),
    ERR("published:2024-05...2025", 20, "'.2025' at column 20 is not a date"),
    ERR("published:..", 11, "published range '..' at column 11 has no dates"),
    ERR("published:2025..2024-06", 11, "published range 2025..2024-06 at column 11 "
                                       "is reversed; write 2024-06..2025"),
    ERR("é published:2024-06-02..2024-06-01", 13, "is reversed"),
    ERR("published:", 1, "published: at column 1 needs a value"),

    /* columns count characters, not bytes */
    ERR("café AND", 6, "AND at column 6 needs something on its right"),
    ERR("naïve ) x", 7, "')' at column 7 has no matching '('"),
    ERR("日本語 \"abc", 5, "the phrase that starts at column 5"),
    ERR("€€ par*tner", 7, "'*' at column 7"),
    ERR("ü NEAR/0 x", 8, "window 0 at column 8"),
    ERR("é score:3..1", 9, "score range 3..1 at column 9"),
    ERR("\xF0\x9F\x98\x80 foo:x", 3, "unknown field 'foo' at column 3"),

    /* encoding and blank queries */
    ERR("", 0, "the query is empty"),
    ERR("   \t\n ", 0, "the query is empty"),
    ERR("ab\xC3", 3, "not valid UTF-8 at column 3"),
    ERR("é\xFF", 2, "not valid UTF-8 at column 2 (byte 3)"),
    ERR("a \xC0\xAF", 3, "not valid UTF-8 at column 3"),      /* overlong */
    ERR("a \xED\xA0\x80", 3, "not valid UTF-8 at column 3"),  /* surrogate */
    ERR("a \xF4\x90\x80\x80", 3, "not valid UTF-8"),          /* > U+10FFFF */
    ERR("a \x80", 3, "not valid UTF-8"),
};

static void run_row(const row *r)
{
    qnode *tree = (qnode *)1;
    qerror err;
    int rc = qparse(r->query, strlen(r->query), NULL, &tree, &err);

    if (r->tree) {
        CHECK(rc == 0, "query [%s]: error at column %u: %s", r->query,
              err.column, err.message);
        if (rc == 0) {
            char *d = qnode_describe(tree);

            CHECK(d && strcmp(d, r->tree) == 0,
                  "query [%s]: got %s, expected %s", r->query,
                  d ? d : "(null)", r->tree);
            if (r->plain >= 0)
                CHECK(qnode_is_plain(tree) == r->plain,
                      "query [%s]: qnode_is_plain is %d", r->query,
                      qnode_is_plain(tree));
            free(d);
            qnode_free(tree);
        }
    } else {
        CHECK(rc == -1, "query [%s]: parsed, expected an error", r->query);
        CHECK(tree == NULL, "query [%s]: *out not NULL on error", r->query);
        if (rc == 0) {
            qnode_free(tree);
            return;
        }
        CHECK(err.column == r->column,
              "query [%s]: error column %u, expected %u (%s)", r->query,
              err.column, r->column, err.message);
        CHECK(strstr(err.message, r->message) != NULL,
              "query [%s]: message \"%s\" lacks \"%s\"", r->query,
              err.message, r->message);
    }
}

/* A query in memory: n copies of unit, then tail. */
static char *repeat(const char *unit, size_t n, const char *tail, size_t *len)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * n + t + 1);

    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    memcpy(s + u * n, tail, t + 1);
    *len = u * n + t;
    return s;
}

static void test_limits(void)
{
    qnode *tree;
    qerror err;
    qparse_options opts = {0, 0};
    size_t len;
    char *q;

    /* 10,000 and 100,000 nested brackets: an error at the first too deep */
    q = repeat("(", 10000, "a", &len);
    CHECK(q != NULL, "malloc");
    opts.max_length = 1u << 20;
    CHECK_INT(qparse(q, len, &opts, &tree, &err), -1);
    CHECK_INT(err.column, QPARSE_DEFAULT_MAX_DEPTH + 1);
    CHECK(strstr(err.message, "nested too deeply") != NULL, "%s",
          err.message);
    free(q);

    q = repeat("(", 100000, "", &len);
    opts.max_length = 1u << 20;
    opts.max_depth = 1000000; /* asked for; the parser still stops */
    CHECK_INT(qparse(q, len, &opts, &tree, &err), -1);
    CHECK(err.column > 0 && err.column <= 100000, "column %u", err.column);
    CHECK(strstr(err.message, "nested too deeply") != NULL, "%s",
          err.message);
    free(q);

    /* exactly max_depth levels are fine, one more is not */
    opts.max_depth = 3;
    CHECK_INT(qparse("(((a)))", 7, &opts, &tree, &err), 0);
    qnode_free(tree);
    CHECK_INT(qparse("((((a))))", 9, &opts, &tree, &err), -1);
    CHECK_INT(err.column, 4);

    /* deep but allowed: a deep tree is built and freed */
    q = repeat("(a OR ", 200, "b", &len);
    {
        char *full = malloc(len + 201);

        memcpy(full, q, len);
        memset(full + len, ')', 200);
        full[len + 200] = '\0';
        opts.max_depth = 200;
        CHECK_INT(qparse(full, len + 200, &opts, &tree, &err), 0);
        CHECK(tree && tree->type == Q_OR, "deep OR");
        qnode_free(tree);
        free(full);
    }
    free(q);

    /* 1 MB query: too long by default */
    q = repeat("word ", 200000, "", &len);
    CHECK_INT(qparse(q, len, NULL, &tree, &err), -1);
    CHECK_INT(err.column, 0);
    CHECK(strstr(err.message, "too long") != NULL, "%s", err.message);
    CHECK(tree == NULL, "tree on error");

    /* ... and fine with a larger limit: one flat AND */
    opts.max_length = 2u << 20;
    opts.max_depth = 0;
    CHECK_INT(qparse(q, len, &opts, &tree, &err), 0);
    CHECK(tree && tree->type == Q_AND && tree->n_children == 200000,
          "flat AND of 200000");
    qnode_free(tree);
    free(q);

    /* the length limit counts bytes */
    opts.max_length = 4;
    CHECK_INT(qparse("abcd", 4, &opts, &tree, &err), 0);
    qnode_free(tree);
    CHECK_INT(qparse("abcde", 5, &opts, &tree, &err), -1);
    CHECK_INT(qparse("éé", 4, &opts, &tree, &err), 0);
    qnode_free(tree);
    CHECK_INT(qparse("ééx", 5, &opts, &tree, &err), -1);
    CHECK(strstr(err.message, "5 bytes") != NULL, "%s", err.message);
}

static void test_nul_and_api(void)
{
    qnode *tree;
    qerror err;

    /* NUL bytes: len is given, so they are seen */
    CHECK_INT(qparse("ab\0cd", 5, NULL, &tree, &err), -1);
    CHECK_INT(err.column, 3);
    CHECK(strstr(err.message, "contains a NUL byte at column 3") != NULL,
          "%s", err.message);
    CHECK_INT(qparse("é\0", 3, NULL, &tree, &err), -1);
    CHECK_INT(err.column, 2);
    /* only len bytes are read */
    CHECK_INT(qparse("a b", 1, NULL, &tree, &err), 0);
    CHECK_STR(tree ? tree->text : NULL, "a");
    qnode_free(tree);
    CHECK_INT(qparse(NULL, 0, NULL, &tree, &err), -1);
    CHECK(strstr(err.message, "empty") != NULL, "%s", err.message);
    CHECK_INT(qparse("a", 1, NULL, &tree, NULL), 0); /* err may be NULL */
    qnode_free(tree);
    qnode_free(NULL);

    /* node fields and columns */
    {
        const char *q = "café =\"x y\" +partner* section:\"75\" score:2..";

        CHECK_INT(qparse(q, strlen(q), NULL, &tree, &err), 0);
        CHECK(tree && tree->type == Q_AND && tree->n_children == 5,
              "five items");
        if (tree && tree->n_children == 5) {
            qnode **c = tree->children;

            CHECK_INT(tree->column, 1);
            CHECK_INT(c[0]->type, Q_WORD);
            CHECK_STR(c[0]->text, "café");
            CHECK_INT(c[1]->type, Q_PHRASE);
            CHECK_INT(c[1]->column, 6);
            CHECK_INT(c[1]->flags, QF_EXACT);
            CHECK_STR(c[1]->text, "x y");
            CHECK_INT(c[2]->column, 13);
            CHECK_INT(c[2]->flags, QF_REQUIRED | QF_WILDCARD);
            CHECK_STR(c[2]->text, "partner");
            CHECK_INT(c[3]->type, Q_FIELD);
            CHECK_INT(c[3]->field, QFIELD_SECTION);
            CHECK_INT(c[3]->flags, QF_QUOTED);
            CHECK_STR(c[3]->text, "75");
            CHECK_INT(c[3]->column, 23);
            CHECK_INT(c[4]->field, QFIELD_SCORE);
            CHECK_INT(c[4]->lo, 2);
            CHECK_INT(c[4]->hi, 0);
            CHECK_STR(c[4]->text, "2..");
        }
        qnode_free(tree);
    }
    CHECK_INT(qparse("a NEAR/7 b", 10, NULL, &tree, &err), 0);
    CHECK(tree && tree->type == Q_NEAR && tree->window == 7, "NEAR/7");
    qnode_free(tree);
    CHECK_INT(qparse("x (a OR b)", 10, NULL, &tree, &err), 0);
    CHECK(tree && tree->n_children == 2 && tree->children[1]->column == 3,
          "group column");
    qnode_free(tree);
    CHECK_INT(qparse("x -y", 4, NULL, &tree, &err), 0);
    CHECK(tree && tree->type == Q_AND_NOT && tree->children[1]->column == 4,
          "excluded column");
    qnode_free(tree);

    CHECK_STR(qfield_name(QFIELD_AUTHORITY), "authority");
    CHECK_STR(qfield_name(QFIELD_SCORE), "score");
    CHECK_STR(qfield_name(QFIELD_ID), "id");
    CHECK_STR(qfield_name(QFIELD_NONE), "");
    CHECK_INT(qnode_is_plain(NULL), 0);
    {
        char *d = qnode_describe(NULL);

        CHECK_STR(d, "");
        free(d);
    }
}

int main(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        run_row(&rows[i]);
    test_limits();
    test_nul_and_api();
    return check_report("test_qparse");
}
