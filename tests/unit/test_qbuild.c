/*
 * test_qbuild.c: queries built by qbuild, run against a small index made
 * with the indexer's own index_doc_fill, so every assertion is about which
 * paragraphs really match.
 */
#include "check.h"
#include "qbuild.h"
#include "qbuild_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index_doc.h"
#include "record.h"
#include "section.h"

/* The paragraphs, docids 1.. in this order; a query's result is a bit mask
 * of docids (P(n) = bit n). */
typedef struct para {
    const char *text, *heading, *authority, *file, *rating;
    int section, score;
    doc_kind kind;
} para;

static const para paras[] = {
    /* 1 */ {"Hospital discharges were slow.", "Impact of partnership working",
             "Ealing", "ealing/assess.txt", "", 4, 2, KIND_ASSESSMENT},
    /* 2 */ {"Section 75 agreements pool budgets with health.", "", "Kent",
             "kent/a.txt", "", 3, 3, KIND_ASSESSMENT},
    /* 3 */ {"We met our duties under section 7 of the act.", "", "Kent",
             "kent/self.txt", "", 6, 0, KIND_SELF_ASSESSMENT},
    /* 4 */ {"Payments under section 750 were reviewed.", "", "Ealing",
             "ealing/summary.txt", "Good", -1, 0, KIND_SUMMARY},
    /* 5 */ {"Continuing health care (CHC) assessments were timely.", "",
             "Kent", "kent/b.txt", "", 0, 1, KIND_ASSESSMENT},
    /* 6 */ {"The Integrated Care Board commissions services.", "", "Ealing",
             "ealing/assess.txt", "", 4, 2, KIND_ASSESSMENT},
    /* 7 */ {"CHC funding was agreed quickly.", "", "Kent", "kent/b.txt", "",
             0, 1, KIND_ASSESSMENT},
    /* 8 */ {"The ICB met monthly.", "", "Kent", "kent/b.txt", "", 0, 1,
             KIND_ASSESSMENT},
    /* 9 */ {"The hospital discharged patients quickly.", "", "Kent",
             "kent/b.txt", "", 0, 1, KIND_ASSESSMENT},
    /* 10 */ {"Partners and partnerships work together.", "", "Kent",
              "kent/b.txt", "", 0, 1, KIND_ASSESSMENT},
    /* 11 */ {"Continuing healthcare reviews were late.", "", "Kent",
              "kent/b.txt", "", 0, 1, KIND_ASSESSMENT},
    /* 12 */ {"Budgets are pooled under s.75 of the NHS Act.", "", "Kent",
              "kent/b.txt", "", 0, 1, KIND_ASSESSMENT},
    /* Words as people write them (test_variants). */
    /* 13 */ {"The organisation gives person-centred support.", "", "Kent",
              "kent/c.txt", "", -1, 0, KIND_ASSESSMENT},
    /* 14 */ {"Our programme runs from the new centre.", "", "Kent", "kent/c.txt", "",
              -1, 0, KIND_ASSESSMENT},
    /* 15 */ {"Spending in 2023-2024 rose sharply.", "", "Kent", "kent/c.txt", "", -1, 0,
              KIND_ASSESSMENT},
    /* 16 */ {"The budget for 2023 to 2024 was agreed.", "", "Kent", "kent/c.txt", "",
              -1, 0, KIND_ASSESSMENT},
    /* 17 */ {"Autistic adults were consulted.", "", "Kent", "kent/c.txt", "", -1, 0,
              KIND_ASSESSMENT},
    /* 18 */ {"Carers said respite was hard to get.", "", "Kent", "kent/c.txt", "", -1,
              0, KIND_ASSESSMENT},
    /* 19 */ {"Transitional arrangements for children moving on.", "", "Kent",
              "kent/c.txt", "", -1, 0, KIND_ASSESSMENT},
    /* 20 */ {"Home care visits were reliable.", "", "Kent", "kent/c.txt", "", -1, 0,
              KIND_ASSESSMENT},
    /* 21 */ {"Personcentred plans were written.", "", "Kent", "kent/c.txt", "", -1, 0,
              KIND_ASSESSMENT},
    /* 22 */ {"Staff behaviour towards providers improved.", "", "Kent", "kent/c.txt",
              "", -1, 0, KIND_ASSESSMENT},
    /* 23 */ {"A paragraph whose council is not known.", "", "", "none/x.txt", "", -1,
              0, KIND_ASSESSMENT},
    /* 24 */ {"Telford's own paragraph.", "", "Telford and Wrekin", "telford/x.txt", "",
              -1, 0, KIND_ASSESSMENT},
};
#define NPARAS (sizeof paras / sizeof paras[0])

/* Publication dates by docid, of every precision; the rest have none. */
static const char *const published[NPARAS + 1] = {
    [1] = "2024-05-17", [2] = "2024-06", [3] = "2024", [4] = "2025-01",
    [5] = "2025-01-31", [6] = "2023-12-31", [7] = "2024-12",
};
#define DATED (P(1) | P(2) | P(3) | P(4) | P(5) | P(6) | P(7))
#define P(n) (1u << (n))
#define ALL (((1u << (NPARAS + 1)) - 1) & ~1u)

static const char *thesaurus_text =
    "autism\tautistic\n"
    "CHC\tcontinuing health care\tcontinuing healthcare\n"
    "ICB\tIntegrated Care Board\n"
    "S.75\tsection 75\n";

static char dbdir[4096];
static shim_db *db;
static qbuild_env env, env_plain;

static int build_index(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dbdir, sizeof dbdir, "%s/qbuild-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dbdir))
        return -1;
    shim_wdb *w = NULL;
    shim_termgen *tg = NULL;
    shim_doc *doc = NULL;
    int rc = shim_wdb_open(dbdir, SHIM_WDB_CREATE_OR_OVERWRITE, &w) == SHIM_OK &&
             shim_termgen_new("en", 0, &tg) == SHIM_OK &&
             shim_doc_new(&doc) == SHIM_OK ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < NPARAS; i++) {
        const para *p = &paras[i];
        para_record r;
        char id[64];
        snprintf(id, sizeof id, "%s#%zu", p->file, i + 1);
        if (record_init(&r) != 0)
            return -1;
        record_set(&r.id, id, strlen(id));
        record_set(&r.file, p->file, strlen(p->file));
        record_set(&r.authority, p->authority, strlen(p->authority));
        record_set(&r.rating, p->rating, strlen(p->rating));
        record_set(&r.heading, p->heading, strlen(p->heading));
        if (published[i + 1])
            record_set(&r.published, published[i + 1], strlen(published[i + 1]));
        record_set(&r.text, p->text, strlen(p->text));
        r.line = r.ordinal = (unsigned)i + 1;
        r.kind = p->kind;
        r.section = p->section;
        r.score = p->score;
        uint32_t docid = 0;
        if (index_doc_fill(tg, doc, &r) != SHIM_OK ||
            shim_wdb_add(w, doc, &docid) != SHIM_OK || docid != i + 1)
            rc = -1;
        record_clear(&r);
    }
    shim_doc_free(doc);
    shim_termgen_free(tg);
    if (w && shim_wdb_close(w) != SHIM_OK)
        rc = -1;
    if (rc == 0 && shim_db_open(dbdir, &db) != SHIM_OK)
        rc = -1;
    return rc;
}

/* Remove the index directory (flat: Xapian's files only). */
static void remove_index(void)
{
    DIR *d = opendir(dbdir);
    if (d) {
        struct dirent *e;
        char path[8192];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(path, sizeof path, "%s/%s", dbdir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dbdir);
}

/* Parse and build; 0, or -1 with err. */
static int build(const char *query, const qbuild_env *e, qbuild_result *r,
                 qerror *err)
{
    qnode *tree = NULL;
    memset(r, 0, sizeof *r);
    if (qparse(query, strlen(query), NULL, &tree, err) != 0) {
        CHECK(0, "query '%s' does not parse: %s", query, err->message);
        return -1;
    }
    int rc = qbuild(tree, e, r, err);
    qnode_free(tree);
    return rc;
}

/* Run q; the docids it matches as a mask (~0u when the search fails).
 * *max_weight gets the best weight. */
static unsigned run(const shim_query *q, shim_status *status, double *max_weight)
{
    shim_enquire *enq = NULL;
    shim_mset *ms = NULL;
    unsigned mask = 0;
    shim_status st = shim_enquire_new(db, &enq);
    if (st == SHIM_OK)
        st = shim_enquire_set_query(enq, q);
    if (st == SHIM_OK)
        st = shim_enquire_run(enq, 0, 100, 100, &ms);
    if (max_weight)
        *max_weight = 0;
    for (size_t i = 0; st == SHIM_OK && i < shim_mset_size(ms); i++) {
        shim_hit h;
        if (shim_mset_hit(ms, i, &h) == SHIM_OK) {
            mask |= 1u << h.docid;
            if (max_weight && h.weight > *max_weight)
                *max_weight = h.weight;
        }
    }
    if (status)
        *status = st;
    shim_mset_free(ms);
    shim_enquire_free(enq);
    return st == SHIM_OK ? mask : ~0u;
}

/* The paragraphs query matches. */
static unsigned matches(const char *query, const qbuild_env *e)
{
    qbuild_result r;
    qerror err;
    if (build(query, e, &r, &err) != 0) {
        CHECK(0, "query '%s' failed to build: %s", query, err.message);
        return ~0u;
    }
    unsigned m = run(r.query, NULL, NULL);
    qbuild_result_clear(&r);
    return m;
}

#define EXPECT(query, e, want)                                             \
    do {                                                                   \
        unsigned got_ = matches(query, e), want_ = (want);                 \
        CHECK(got_ == want_, "'%s' matched 0x%x, expected 0x%x", query,    \
              got_, want_);                                                \
    } while (0)

/* The paragraphs (as a mask) for which pred holds. */
static unsigned matching_paras(int (*pred)(const para *))
{
    unsigned m = 0;
    for (size_t i = 0; i < NPARAS; i++)
        if (pred(&paras[i]))
            m |= P(i + 1);
    return m;
}

static int no_score(const para *p) { return p->score == 0; }
static int no_section(const para *p) { return p->section < 0; }

/* The query must fail to build at column, with a message containing want. */
static void expect_error(const char *query, const qbuild_env *e,
                         unsigned column, const char *want)
{
    qbuild_result r;
    qerror err;
    memset(&err, 0, sizeof err);
    int rc = build(query, e, &r, &err);
    CHECK(rc == -1, "'%s' should not build", query);
    CHECK(r.query == NULL && r.units == NULL && r.n_units == 0,
          "'%s': result not cleared on error", query);
    CHECK_INT(err.column, column);
    CHECK(strstr(err.message, want) != NULL, "'%s': error \"%s\" lacks \"%s\"",
          query, err.message, want);
    if (rc == 0)
        qbuild_result_clear(&r);
}

static void test_words(void)
{
    /* Stemming both ways. */
    EXPECT("discharge", &env, P(1) | P(9));
    EXPECT("discharges", &env, P(1) | P(9));
    EXPECT("discharged", &env, P(1) | P(9));
    /* "=" is the unstemmed word, any case. */
    EXPECT("=discharges", &env, P(1));
    EXPECT("=Discharged", &env, P(9));
    /* Adjacent words: AND. */
    EXPECT("hospital slow", &env, P(1));
    EXPECT("hospital quickly", &env, P(9));
    /* Phrases: inflected forms match, exact ones do not. */
    EXPECT("\"hospital discharge\"", &env, P(1) | P(9));
    EXPECT("=\"hospital discharge\"", &env, 0);
    EXPECT("=\"hospital discharges\"", &env, P(1));
    EXPECT("\"discharges hospital\"", &env, 0);
    /* "section 75" is neither section 7 nor section 750. */
    EXPECT("\"section 75\"", &env_plain, P(2));
    EXPECT("section 75", &env_plain, P(2));
    EXPECT("\"section 7\"", &env_plain, P(3));
    EXPECT("\"section 750\"", &env_plain, P(4));
    /* A word that splits is a phrase of its parts. */
    EXPECT("s.75", &env_plain, P(12));
    /* Wildcards, on the unstemmed prefix. */
    EXPECT("partner*", &env, P(10));
    EXPECT("discharg*", &env, P(1) | P(9));
    /* Boolean operators. */
    EXPECT("slow OR quickly", &env, P(1) | P(7) | P(9));
    EXPECT("hospital XOR slow", &env, P(9));
    EXPECT("hospital -slow", &env, P(9));
    EXPECT("hospital AND NOT quickly", &env, P(1));
}

static void test_wildcard_limit(void)
{
    qbuild_env small = env;
    small.wildcard_limit = 1;
    qbuild_result r;
    qerror err;
    /* With an index to look in, the wildcard is expanded while building
     * (against the whole index, so shards weigh it alike): over the limit
     * is a query error at its column. */
    if (build("hospital partner*", &small, &r, &err) == 0) {
        CHECK(0, "partner* built with a limit of 1");
        qbuild_result_clear(&r);
        return;
    }
    CHECK(err.column == 10, "column %u", err.column);
    CHECK(strstr(err.message, "a wildcard matches too many words") != NULL, "%s",
          err.message);
    /* Within the limit it runs. */
    small.wildcard_limit = 2;   /* "partners", "partnerships" */
    EXPECT("partner*", &small, P(10));
}

static void test_near(void)
{
    /* "hospital discharges were slow": slow is 3 words after hospital. */
    EXPECT("slow NEAR/3 hospital", &env, P(1));
    EXPECT("slow NEAR/2 hospital", &env, 0);
    EXPECT("hospital NEAR slow", &env, P(1));
    EXPECT("hospital ADJ slow", &env, P(1));
    EXPECT("slow ADJ hospital", &env, 0);
    EXPECT("hospital ADJ/2 slow", &env, 0);
    EXPECT("hospital ADJ/3 slow", &env, P(1));
    /* Stems in NEAR: "discharge" finds "discharged". */
    EXPECT("discharge NEAR/2 patient", &env, P(9));
    /* A phrase inside NEAR must also hold as a phrase. */
    EXPECT("\"hospital discharges\" NEAR slow", &env, P(1));
    EXPECT("\"discharges hospital\" NEAR slow", &env, 0);
    /* Wildcards: the OR of the words they expand to. */
    EXPECT("partner* NEAR/3 work", &env, P(10));
    EXPECT("transition* NEAR/5 children", &env, P(19));
    EXPECT("transition* ADJ/5 children", &env, P(19));
    EXPECT("children ADJ/5 transition*", &env, 0);
    EXPECT("zzz* NEAR carers", &env, 0);
    /* Groups of alternatives, phrases among them. */
    EXPECT("(carer OR carers) NEAR/5 respite", &env, P(18));
    EXPECT("(carer OR hospital) NEAR/3 slow", &env, P(1));
    EXPECT("(\"short breaks\" OR respite) NEAR/3 carers", &env, P(18));
    EXPECT("(\"hospital discharges\" OR zzz*) NEAR slow", &env, P(1));
    EXPECT("(\"discharges hospital\" OR zzz*) NEAR slow", &env, 0);
    EXPECT("(carer OR (zzz* OR respite)) NEAR/1 said", &env, P(18));
    EXPECT("carers ADJ/3 (respite OR breaks)", &env, P(18));
    EXPECT("(respite OR breaks) ADJ/3 carers", &env, 0);
    /* Respellings too. */
    EXPECT("organization NEAR/5 support", &env, P(13));
}

static void test_fields(void)
{
    /* Heading words are their own terms, stemmed the same way. */
    EXPECT("heading:partnership", &env, P(1));
    EXPECT("heading:impacts", &env, P(1));
    EXPECT("heading:\"partnership working\"", &env, P(1));
    EXPECT("heading:\"working partnership\"", &env, 0);
    EXPECT("heading:hospital", &env, 0);
    EXPECT("heading:partner*", &env, P(1));
    EXPECT("partnership", &env, P(10));   /* body only */
    /* Councils by name or alias, any case. */
    EXPECT("authority:Ealing", &env, P(1) | P(4) | P(6));
    EXPECT("authority:\"London Borough of Ealing\"", &env, P(1) | P(4) | P(6));
    EXPECT("authority:ealing hospital", &env, P(1));
    EXPECT("authority:Kent hospital", &env, P(9));
    /* Scores. */
    EXPECT("score:2..3", &env, P(1) | P(2) | P(6));
    EXPECT("score:3", &env, P(2));
    EXPECT("score:..1", &env, P(5) | P(7) | P(8) | P(9) | P(10) | P(11) | P(12));
    EXPECT("score:3..", &env, P(2));
    /* Sections, themes, kinds, ratings. */
    EXPECT("section:partnerships", &env, P(1) | P(6));
    EXPECT("section:\"Partnerships and communities\"", &env, P(1) | P(6));
    EXPECT("section:safeguard", &env, P(3));
    EXPECT("theme:\"providing support\"", &env, P(1) | P(2) | P(6));
    EXPECT("theme:leadership", &env, 0);
    EXPECT("kind:self-assessment", &env, P(3));
    EXPECT("kind:summary", &env, P(4));
    EXPECT("rating:good", &env, P(4));
    EXPECT("rating:requires", &env, 0);
    /* Files: a path, a file name, a start with '*'. */
    EXPECT("file:kent/a.txt", &env, P(2));
    EXPECT("file:assess.txt", &env, P(1) | P(6));
    EXPECT("file:kent/s*", &env, P(3));
    EXPECT("file:summ*", &env, P(4));
    EXPECT("id:kent/a.txt#2", &env, P(2));
    {
        /* Without a database to look names up in: paths as given. */
        qbuild_env nodb = env;
        nodb.db = NULL;
        EXPECT("file:kent/a.txt", &nodb, P(2));
        EXPECT("file:kent/*", &nodb, ALL & ~(P(1) | P(4) | P(6) | P(23) | P(24)));
        EXPECT("file:a.txt", &nodb, 0);
    }
    /* Filters only: everything that passes them. */
    EXPECT("authority:Kent kind:assessment score:3", &env, P(2));
    EXPECT("authority:Ealing OR kind:summary", &env, P(1) | P(4) | P(6));
    /* Excluding only. */
    EXPECT("-hospital", &env, ALL & ~(P(1) | P(9)));
    EXPECT("NOT hospital", &env, ALL & ~(P(1) | P(9)));
    EXPECT("-hospital -kent", &env, ALL & ~(P(1) | P(9)));
    EXPECT("-authority:Kent", &env, P(1) | P(4) | P(6) | P(23) | P(24));
    /* "none": the paragraphs without a value, however many values there
     * are (built from the index's own terms). */
    EXPECT("authority:none", &env, P(23));
    EXPECT("score:none", &env, matching_paras(no_score));
    EXPECT("section:none", &env, matching_paras(no_section));
    EXPECT("theme:NONE", &env, matching_paras(no_section));
    EXPECT("score:none hospital", &env, 0);
    EXPECT("score:none OR score:3", &env, matching_paras(no_score) | P(2));
    EXPECT("-score:none", &env, ALL & ~matching_paras(no_score));
    /* published: a period finds the dates certainly in it, at every
     * precision (model/date.h); "none" the undated. */
    EXPECT("published:2024", &env, P(1) | P(2) | P(3) | P(7));
    EXPECT("published:2024-05", &env, P(1));
    EXPECT("published:2024-06-01", &env, 0);
    EXPECT("published:2024-05..2025-01", &env, P(1) | P(2) | P(4) | P(5) | P(7));
    EXPECT("published:2024-05-18..2025-01-30", &env, P(2) | P(7));
    EXPECT("published:2023..2024", &env, P(1) | P(2) | P(3) | P(6) | P(7));
    EXPECT("published:..2024-06", &env, P(1) | P(2) | P(6));
    EXPECT("published:2025..", &env, P(4) | P(5));
    EXPECT("published:2024-12..", &env, P(4) | P(5) | P(7));
    EXPECT("published:none", &env, ALL & ~DATED);
    EXPECT("published:2024 authority:Kent", &env, P(2) | P(3) | P(7));
    EXPECT("published:2025.. OR published:2023", &env, P(4) | P(5) | P(6));
    EXPECT("-published:..2024", &env, ALL & ~(P(1) | P(2) | P(3) | P(6) | P(7)));
    /* A council by a word of its name that names only it. */
    EXPECT("authority:telford", &env, P(24));
    EXPECT("authority:Wrekin", &env, P(24));
    EXPECT("authority:windsor", &env, 0);   /* Windsor and Maidenhead: none here */
}

/* A word of a council's name that names several is an error listing them;
 * so is a value that is no word of any name. */
static void test_council_words(void)
{
    expect_error("authority:north", &env, 1, "'north' at column 1 names ");
    expect_error("authority:north", &env, 1, "North Yorkshire");
    expect_error("authority:north", &env, 1, "write more of the name");
    expect_error("authority:yorks", &env, 1, "unknown council 'yorks'");
    expect_error("authority:Telfrd", &env, 1, "unknown council 'Telfrd'");
}

/* Filters add no weight; a filters-only query still matches (weight 0). */
static void test_weights(void)
{
    qbuild_result a, b;
    qerror err;
    double wa = -1, wb = -1;
    if (build("hospital", &env, &a, &err) == 0 &&
        build("hospital authority:Kent", &env, &b, &err) == 0) {
        unsigned ma = run(a.query, NULL, &wa), mb = run(b.query, NULL, &wb);
        CHECK(ma == (P(1) | P(9)) && mb == P(9), "masks 0x%x 0x%x", ma, mb);
        /* same term statistics: the filter must not change the weight */
        CHECK(wb > 0 && wb <= wa + 1e-9, "weights %g %g", wa, wb);
        qbuild_result_clear(&a);
        qbuild_result_clear(&b);
    } else {
        CHECK(0, "build failed: %s", err.message);
    }
    if (build("authority:Kent kind:assessment", &env, &a, &err) == 0) {
        unsigned m = run(a.query, NULL, &wa);
        CHECK(m == (P(2) | P(5) | P(7) | P(8) | P(9) | P(10) | P(11) | P(12) | P(13) |
                    P(14) | P(15) | P(16) | P(17) | P(18) | P(19) | P(20) | P(21) | P(22)),
              "mask 0x%x", m);
        CHECK(wa == 0, "a filters-only query weighs %g", wa);
        CHECK(a.n_units == 0 && a.any_of == NULL, "filters are not units");
        qbuild_result_clear(&a);
    }
}

static void test_errors(void)
{
    expect_error("hospital authority:Ealling", &env, 10,
                 "unknown council 'Ealling' at column 10 (did you mean Ealing?)");
    expect_error("authority:\"London Borough of Ealling\"", &env, 1,
                 "(did you mean Ealing?)");
    expect_error("authority:Qwertyuiop", &env, 1, "unknown council 'Qwertyuiop'");
    expect_error("section:foo", &env, 1,
                 "unknown section 'foo' at column 1; sections are: "
                 "assessing-needs, healthier-lives");
    expect_error("theme:foo", &env, 1, "themes are: Working with people, "
                 "Providing support, Ensuring safety, Leadership");
    expect_error("kind:x", &env, 1,
                 "unknown kind 'x' at column 1; kinds are assessment, summary, "
                 "self-assessment");
    expect_error("rating:bad", &env, 1, "unknown rating 'bad'");
    expect_error("file:nothing.txt", &env, 1, "no indexed file matches 'nothing.txt'");
    expect_error("hospital --", &env, 10, "'--' at column 10 has no letters or digits");
    expect_error("co-prod*", &env, 1, "splits into several words");
    expect_error("co-prod* NEAR hospital", &env, 1, "splits into several words");
    expect_error("(\"a b\" OR \"c d\" OR \"e f\") NEAR (\"g h\" OR \"i j\" OR \"k l\") "
                 "NEAR (\"m n\" OR \"o p\")", &env, 1, "has more than 16 ways");
}

static void test_thesaurus(void)
{
    /* CHC <-> continuing health care (and continuing healthcare). */
    EXPECT("CHC", &env, P(5) | P(7) | P(11));
    EXPECT("continuing health care", &env, P(5) | P(7) | P(11));
    EXPECT("\"continuing health care\"", &env, P(5) | P(7) | P(11));
    EXPECT("Continuing Healthcare", &env, P(5) | P(7) | P(11));
    EXPECT("CHC funding", &env, P(7));
    /* ICB <-> Integrated Care Board. */
    EXPECT("ICB", &env, P(6) | P(8));
    EXPECT("integrated care board", &env, P(6) | P(8));
    EXPECT("the integrated care board", &env, P(6) | P(8));
    /* Normalised: s.75 = S 75 = section 75. */
    EXPECT("s.75", &env, P(2) | P(12));
    EXPECT("s 75", &env, P(2) | P(12));
    EXPECT("section 75", &env, P(2) | P(12));
    EXPECT("-CHC", &env, ALL & ~(P(5) | P(7) | P(11)));
    /* No expansion without a thesaurus, or for exact words. */
    EXPECT("CHC", &env_plain, P(5) | P(7));
    EXPECT("ICB", &env_plain, P(8));
    EXPECT("integrated care board", &env_plain, P(6));
    EXPECT("=CHC", &env, P(5) | P(7));
    EXPECT("=\"continuing health care\"", &env, P(5));
    /* A form must end at a word boundary of the query: "continuing health"
     * is not a form, so it is two words. */
    EXPECT("continuing health", &env, P(5));
}

static void check_form(const qbuild_form *f, const char *label, size_t n,
                       const char *t0, const char *tlast)
{
    CHECK_STR(f->label, label);
    CHECK_INT(f->n_terms, n);
    if (f->n_terms == n && n) {
        CHECK_STR(f->terms[0], t0);
        CHECK_STR(f->terms[n - 1], tlast);
    }
}

static void test_units(void)
{
    qbuild_result r;
    qerror err;
    if (build("CHC hospitl =Slow partner*", &env, &r, &err) != 0) {
        CHECK(0, "build: %s", err.message);
        return;
    }
    CHECK_INT(r.n_units, 4);
    if (r.n_units == 4) {
        CHECK_INT(r.units[0].column, 1);
        CHECK_INT(r.units[0].negated, 0);
        CHECK_INT(r.units[0].n_forms, 3);
        if (r.units[0].n_forms == 3) {
            check_form(&r.units[0].forms[0], "CHC", 1, "Zchc", "Zchc");
            check_form(&r.units[0].forms[1], "continuing health care", 3,
                       "Zcontinu", "Zcare");
            check_form(&r.units[0].forms[2], "continuing healthcare", 2,
                       "Zcontinu", "Zhealthcar");
        }
        CHECK_INT(r.units[1].column, 5);
        CHECK_INT(r.units[1].n_forms, 1);
        check_form(&r.units[1].forms[0], "hospitl", 1, "Zhospitl", "Zhospitl");
        check_form(&r.units[2].forms[0], "Slow", 1, "slow", "slow");
        check_form(&r.units[3].forms[0], "partner*", 1, "partner*", "partner*");
    }
    /* Spelling words: folded, not exact, not wildcards. */
    CHECK_INT(r.n_spell_words, 2);
    if (r.n_spell_words == 2) {
        CHECK_STR(r.spell_words[0], "chc");
        CHECK_STR(r.spell_words[1], "hospitl");
    }
    /* Plain: any_of is the OR of the units (partial matches). */
    CHECK(r.any_of != NULL, "plain query without any_of");
    if (r.any_of) {
        unsigned m = run(r.any_of, NULL, NULL);
        CHECK(m == (P(1) | P(5) | P(7) | P(10) | P(11)), "any_of matched 0x%x", m);
        CHECK(run(r.query, NULL, NULL) == 0, "the full query matches nothing");
    }
    qbuild_result_clear(&r);
    qbuild_result_clear(&r);   /* idempotent */

    /* The typed run is the first form; the matched file form is not repeated. */
    if (build("Integrated care board", &env, &r, &err) == 0) {
        CHECK_INT(r.n_units, 1);
        if (r.n_units == 1 && r.units[0].n_forms == 2) {
            check_form(&r.units[0].forms[0], "Integrated care board", 3,
                       "Zintegr", "Zboard");
            check_form(&r.units[0].forms[1], "ICB", 1, "Zicb", "Zicb");
        } else {
            CHECK(0, "expected one unit of two forms");
        }
        qbuild_result_clear(&r);
    }

    /* Headings and negation are units too; operators make a query not plain. */
    if (build("heading:partnership OR -slow", &env, &r, &err) == 0) {
        CHECK(r.any_of == NULL, "OR query with any_of");
        CHECK_INT(r.n_units, 2);
        if (r.n_units == 2) {
            check_form(&r.units[0].forms[0], "heading:partnership", 1,
                       "ZXHpartnership", "ZXHpartnership");
            CHECK_INT(r.units[0].negated, 0);
            CHECK_INT(r.units[1].negated, 1);
        }
        qbuild_result_clear(&r);
    }
    if (build("hospital authority:Kent", &env, &r, &err) == 0) {
        CHECK(r.any_of == NULL, "query with a field has any_of");
        CHECK_INT(r.n_units, 1);
        qbuild_result_clear(&r);
    }
    if (build("hospital AND slow", &env, &r, &err) == 0) {
        CHECK(r.any_of == NULL, "explicit AND has any_of");
        qbuild_result_clear(&r);
    }
    /* Required units: every match of the query matches them (the search
     * then knows which form a hit matched without looking). */
    static const struct {
        const char *query;
        const char *required;   /* per unit: 1 required, 0 not */
    } req[] = {
        {"hospital discharge", "11"},
        {"\"hospital discharge\" -slow", "10"},
        {"hospital OR discharge", "00"},
        {"carers AND (respite OR breaks)", "100"},
        {"hospital NOT slow", "10"},
        {"hospital XOR slow", "00"},
        {"ICB NEAR/5 funding", "11"},
        {"heading:partnership hospital authority:Kent", "11"},
        {"(hospital discharge) OR (slow partner*)", "0000"},
        {"CHC hospital", "11"},
    };
    for (size_t q = 0; q < sizeof req / sizeof req[0]; q++) {
        if (build(req[q].query, &env, &r, &err) != 0) {
            CHECK(0, "build %s: %s", req[q].query, err.message);
            continue;
        }
        char got[16] = "";
        for (size_t u = 0; u < r.n_units && u + 1 < sizeof got; u++)
            got[u] = r.units[u].required ? '1' : '0';
        CHECK(strcmp(got, req[q].required) == 0, "%s: required %s, not %s", req[q].query,
              got, req[q].required);
        qbuild_result_clear(&r);
    }

    if (build("\"hospital discharges\"", &env, &r, &err) == 0) {
        CHECK(r.any_of != NULL, "a phrase alone is plain");
        CHECK_INT(r.n_units, 1);
        if (r.n_units == 1)
            check_form(&r.units[0].forms[0], "hospital discharges", 2,
                       "Zhospit", "Zdischarg");
        qbuild_result_clear(&r);
    }
}

/* Words as people write them: spellings, compounds, fiscal years. */
static void test_variants(void)
{
    EXPECT("organization", &env_plain, P(13));
    EXPECT("organizations", &env_plain, P(13));
    EXPECT("=organization", &env_plain, 0);   /* exactly that wording */
    EXPECT("center", &env_plain, P(13) | P(14));   /* centre, and "centred" */
    EXPECT("program", &env_plain, P(14));
    EXPECT("behavior", &env_plain, P(22));
    EXPECT("-behavior", &env_plain, ALL & ~P(22));
    /* Compounds: hyphenated, spaced and closed. */
    EXPECT("person-centred", &env_plain, P(13) | P(21));
    EXPECT("\"person centred\"", &env_plain, P(13) | P(21));
    EXPECT("\"person centered\"", &env_plain, P(13) | P(21));
    EXPECT("person-centered", &env_plain, P(13) | P(21));
    EXPECT("personcentred", &env_plain, P(13) | P(21));
    EXPECT("homecare", &env_plain, P(20));
    /* Fiscal years, however written. */
    unsigned fy = P(15) | P(16);
    EXPECT("2023/24", &env_plain, fy);
    EXPECT("2023-24", &env_plain, fy);
    EXPECT("2023/2024", &env_plain, fy);
    EXPECT("2023-2024", &env_plain, fy);
    EXPECT("\"2023 to 2024\"", &env_plain, fy);
    EXPECT("2022/23", &env_plain, 0);
    EXPECT("2023/25", &env_plain, 0);   /* two years: not a fiscal year */
    /* The thesaurus family autism/autistic. */
    EXPECT("autism", &env, P(17));
    /* Without an index nothing tells real forms from guesses: none. */
    qbuild_result r;
    qerror err;
    qbuild_env nodb = env_plain;
    nodb.db = NULL;
    if (build("organization", &nodb, &r, &err) == 0) {
        CHECK(r.n_units == 1 && r.units[0].n_forms == 1, "variants without an index");
        qbuild_result_clear(&r);
    }
    /* The forms are the unit's: the typed one first. */
    if (build("\"person centered\"", &env_plain, &r, &err) == 0) {
        CHECK_INT(r.n_units, 1);
        if (r.n_units == 1 && r.units[0].n_forms == 3) {
            check_form(&r.units[0].forms[0], "person centered", 2, "Zperson", "Zcenter");
            check_form(&r.units[0].forms[1], "person centred", 2, "Zperson", "Zcentr");
            check_form(&r.units[0].forms[2], "personcentred", 1, "Zpersoncentr",
                       "Zpersoncentr");
        } else {
            CHECK(0, "\"person centered\": %zu forms", r.n_units ? r.units[0].n_forms : 0);
        }
        qbuild_result_clear(&r);
    }
}

/* The spelling rules themselves, before the index filters them. */
static int respells_to(const char *word, const char *want)
{
    char *out[8];
    size_t n = qb_respell(word, out, 8);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        found |= want && strcmp(out[i], want) == 0;
        free(out[i]);
    }
    return want ? found : n == 0;
}

static void test_respell(void)
{
    static const char *const pairs[][2] = {
        {"organisation", "organization"}, {"organisational", "organizational"},
        {"recognised", "recognized"}, {"prioritising", "prioritizing"},
        {"analyse", "analyze"}, {"behaviour", "behavior"}, {"behavioural", "behavioral"},
        {"colours", "colors"}, {"neighbourhood", "neighborhood"}, {"centre", "center"},
        {"centred", "centered"}, {"metres", "meters"}, {"fibre", "fiber"},
        {"programme", "program"}, {"programmes", "programs"}, {"travelled", "traveled"},
        {"counsellor", "counselor"}, {"enrolment", "enrollment"}, {"licence", "license"},
        {"defence", "defense"}, {"catalogue", "catalog"}, {"judgement", "judgment"},
        {"paediatric", "pediatric"}, {"haematology", "hematology"}, {"oedema", "edema"},
        {"diarrhoea", "diarrhea"}, {"orthopaedic", "orthopedic"}, {"grey", "gray"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        CHECK(respells_to(pairs[i][0], pairs[i][1]), "%s -> %s", pairs[i][0], pairs[i][1]);
        CHECK(respells_to(pairs[i][1], pairs[i][0]), "%s -> %s", pairs[i][1], pairs[i][0]);
    }
    /* Words the rules must leave alone (or whose guesses no index has). */
    CHECK(!respells_to("poor", "pour"), "poor -> pour");
    CHECK(!respells_to("four", "for"), "four -> for");
    CHECK(!respells_to("for", "four"), "for -> four");
    CHECK(!respells_to("hour", "hor"), "hour -> hor");
    CHECK(!respells_to("called", "caled"), "called -> caled");
    CHECK(respells_to("carers", NULL), "carers has a respelling");
    CHECK(respells_to("co-production", NULL), "a word with a hyphen is respelt");
}

int main(void)
{
    char err[256];
    authority_table *auth = NULL;
    thesaurus *th = NULL;
    shim_termgen *tg = NULL;
    const char *apath = LASEARCH_SOURCE_DIR "/corpus/authorities.tsv";
    int ok = authority_table_load(apath, &auth, err, sizeof err) == 0;
    CHECK(ok, "authorities: %s", err);
    ok = ok && thesaurus_parse(thesaurus_text, strlen(thesaurus_text), "test",
                               &th, err, sizeof err) == 0;
    CHECK(ok, "thesaurus: %s", err);
    ok = ok && shim_termgen_new("en", 0, &tg) == SHIM_OK;
    int built = ok && build_index() == 0;
    CHECK(built, "cannot build the test index in %s: %s", dbdir, shim_last_error());
    if (built) {
        env = (qbuild_env){.db = db, .tg = tg, .authorities = auth, .thesaurus = th};
        env_plain = env;
        env_plain.thesaurus = NULL;
        test_words();
        test_wildcard_limit();
        test_near();
        test_fields();
        test_weights();
        test_errors();
        test_thesaurus();
        test_units();
        test_council_words();
        test_variants();
        test_respell();
    }
    shim_db_free(db);
    if (dbdir[0] && strstr(dbdir, "qbuild-"))
        remove_index();
    shim_termgen_free(tg);
    thesaurus_free(th);
    authority_table_free(auth);
    return check_report("test_qbuild");
}
