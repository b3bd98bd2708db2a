/*
 * gen_layout.c: the plan of a generated corpus and the layouts of its files.
 *
 * The plan: councils x rounds of reports x statements assessment pages, and a
 * self-assessment from one council in four per round. The real corpus is 153
 * councils x 9 statements; a corpus bigger than one round of every council
 * has more rounds (re-assessments), as the corpus of every report CQC
 * publishes would. The paragraph budget is split exactly: self-assessments
 * first, the rest evenly over the assessment pages with some jitter.
 */
#include "gen_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "section.h"

/* Mean paragraphs per assessment page (the seeds have 23-40). */
#define PAGE_PARAGRAPHS 30

typedef struct gen_file {
    char *relpath;
    size_t council;       /* index into seed.councils */
    int statement;        /* 0..8; -1: a self-assessment */
    size_t paragraphs;    /* planned; the parser finds exactly these */
    unsigned layout;      /* 0 Markdown, 1 plain headings, 2 "heading:" */
    int score;
    size_t bullets[9][3]; /* self-assessments: bullets per statement and list */
    char published[11];
} gen_file;

struct gen_corpus {
    gen_options opt;
    gen_seed seed;
    gen_file *files;
    size_t n_files;
    gen_stats stats;
};

/* --------------------------------------------------- fixed page texts -- */

/* What CQC prints under "What people expect" / "The local authority
 * commitment" for each statement: boilerplate the parser leaves out. */
static const char *const expect[9] = {
    "I have care and support that enables me to live as I want to, seeing me as a unique person with skills, strengths and goals.",
    "I can get information and advice about my health, care and support and how I can be as well as possible - physically, mentally and emotionally.",
    "I have care and support that is coordinated, and everyone works well together and with me.",
    "I have care and support that is coordinated, and everyone works well together and with me.",
    "I have care and support that is coordinated, and everyone works well together and with me.",
    "When I move between services, settings or areas, there is a plan for what happens next and who will do what, and all the practical arrangements are in place.",
    "I feel safe and am supported to understand and manage any risks.",
    "I am in control of planning my care and support. If I need help with this, people who know and care about me are involved.",
    "I am supported to plan ahead for important changes in my life that I can anticipate.",
};
static const char *const commitment[9] = {
    "We maximise the effectiveness of people's care and treatment by assessing and reviewing their health, care, wellbeing and communication needs with them.",
    "We support people to manage their health and wellbeing so they can maximise their independence, choice and control.",
    "We actively seek out and listen to information about people who are most likely to experience inequality in experience or outcomes.",
    "We understand the diverse health and care needs of people and our local communities, so care is joined-up, flexible and supports choice and continuity.",
    "We understand our duty to collaborate and work in partnership, so our services work seamlessly for people.",
    "We work with people and our partners to establish and maintain safe systems of care, in which safety is managed, monitored and assured.",
    "We work with people to understand what being safe means to them as well as with our partners on the best way to achieve this.",
    "We have clear responsibilities, roles, systems of accountability and good governance to manage and deliver good quality, sustainable care, treatment and support.",
    "We focus on continuous learning, innovation and improvement across our organisation and the local system.",
};
/* CQC's sub-headings under "Key findings", per statement. */
static const char *const subheadings[9][5] = {
    {"Assessment, care planning and review arrangements",
     "Timeliness of assessments, care planning and reviews",
     "Assessment and care planning for unpaid carers, child's carers and child carers",
     "Eligibility decisions for care and support",
     "Financial assessment and charging policy for care and support"},
    {"Arrangements to prevent, delay or reduce needs for care and support",
     "Provision and impact of intermediate care and reablement services",
     "Access to equipment and home adaptations",
     "Provision of accessible information and advice", "Direct payments"},
    {"Understanding and reducing barriers to care and support and reducing inequalities",
     "Inclusion and accessibility arrangements"},
    {"Understanding local needs for care and support",
     "Market shaping and commissioning to meet local needs"},
    {"Partnership working to deliver shared local and national objectives",
     "Arrangements to support effective partnership working",
     "Impact of partnership working", "Working with voluntary and charity sector groups"},
    {"Safety management", "Safety during transitions", "Contingency planning"},
    {"Safeguarding systems, processes and practices",
     "Responding to concerns and undertaking Section 42 enquiries",
     "Making safeguarding personal"},
    {"Governance, accountability and risk management", "Strategic planning",
     "Information security"},
    {"Continuous learning, improvement and professional development",
     "Learning from feedback"},
};
static const char *const score_label[5] = {
    "", "Evidence shows significant shortfalls", "Evidence shows some shortfalls",
    "Evidence shows a good standard", "Evidence shows an exceptional standard"};
/* Medway's names for the statements and themes in its self-assessment. */
static const char *const sa_statement[9] = {
    "Assessing Needs", "Supporting People to live healthier lives",
    "Equity in experiences and outcomes", "Care provision, integration and continuity",
    "Partnerships and communities", "Safe Systems, pathways and transitions",
    "Safeguarding", "Governance, management and sustainability",
    "Learning, improvement and innovation"};
static const char *const sa_theme[4] = {"Working with People", "Providing Support",
                                        "Ensuring Safety", "Leadership"};
static const char *const sa_list[3] = {"What is working well:", "Areas for Improvement:",
                                       "Priorities/Actions:"};

static size_t n_subheadings(int s)
{
    size_t n = 0;
    while (n < 5 && subheadings[s][n])
        n++;
    return n;
}

/* ------------------------------------------------------------- pages -- */

static void heading(bytebuf *b, unsigned layout, int level, const char *text)
{
    if (layout == 0)
        bytebuf_printf(b, "%s %s\n\n", level == 1 ? "#" : "##", text);
    else if (layout == 2 && level == 2)
        bytebuf_printf(b, "%s:\n\n", text);
    else
        bytebuf_printf(b, "%s\n\n", text);
}

static const char *neighbour_of(const gen_corpus *g, const gen_file *f, gen_rng *r)
{
    size_t n = g->seed.n_councils;
    size_t k = (f->council + 1 + gen_rng_below(r, n - 1)) % n;
    return g->seed.councils[k];
}

static void assessment_page(const gen_corpus *g, const gen_file *f, gen_rng *r,
                            bytebuf *b)
{
    int s = f->statement;
    const char *council = g->seed.councils[f->council];
    const char *dash = gen_rng_unit(r) < 0.5 ? "-" : "\xE2\x80\x93";
    bytebuf_puts(b, "\n\n");
    heading(b, f->layout, 1, section_name(s));
    bytebuf_printf(b, gen_rng_unit(r) < 0.7 ? "Score: %d\n\n" : "Score %d\n\n", f->score);
    bytebuf_printf(b, "%d %s %s\n\n", f->score, dash, score_label[f->score]);
    heading(b, f->layout, 2, "What people expect");
    bytebuf_printf(b, "%s\n\n", expect[s]);
    heading(b, f->layout, 2, "The local authority commitment");
    bytebuf_printf(b, "%s\n\n", commitment[s]);
    heading(b, f->layout, 2, "Key findings for this quality statement");
    size_t subs = n_subheadings(s);
    if (subs > f->paragraphs)
        subs = f->paragraphs;
    size_t done = 0;
    for (size_t j = 0; j < subs; j++) {
        if (j == 0)
            bytebuf_printf(b, "%s\n\n%s", subheadings[s][0], f->layout == 0 ? "---\n\n" : "");
        else
            heading(b, f->layout, 2, subheadings[s][j]);
        size_t upto = f->paragraphs * (j + 1) / subs;
        for (; done < upto; done++) {
            gen_paragraph(&g->seed, r, council, neighbour_of(g, f, r), b);
            bytebuf_puts(b, "\n\n");
            if (f->layout == 0 && done + 1 < upto && gen_rng_unit(r) < 0.12)
                bytebuf_puts(b, "---\n\n");
        }
    }
}

static void self_assessment(const gen_corpus *g, const gen_file *f, gen_rng *r,
                            bytebuf *b)
{
    const char *council = g->seed.councils[f->council];
    size_t statements = g->opt.statements;
    bytebuf_puts(b, "\n\n");
    for (const char *c = council; *c; c++)   /* cover pages shout */
        bytebuf_putc(b, (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c));
    bytebuf_puts(b, " ADULT SOCIAL CARE\n\n\n\nSelf-Assessment \xE2\x80\x93 March 2024\n\n\n\n"
                    "Contents\n\n");
    for (int t = 0; t < 4; t++) {
        bytebuf_printf(b, "%d. Theme %d \xE2\x80\x93 %s\n\n", t + 1, t + 1, sa_theme[t]);
        for (size_t s = 0; s < statements; s++)
            if (section_theme((int)s) == t)
                bytebuf_printf(b, "- %s\n", sa_statement[s]);
        bytebuf_puts(b, "\n");
    }
    bytebuf_puts(b, "\n\n");
    for (size_t s = 0; s < statements; s++) {
        int t = section_theme((int)s);
        bytebuf_printf(b, "Theme %d \xE2\x80\x93 %s - %s\n\n", t + 1, sa_theme[t],
                       sa_statement[s]);
        for (int l = 0; l < 3; l++) {
            bytebuf_printf(b, "%s\n\n", sa_list[l]);
            for (size_t k = 0; k < f->bullets[s][l]; k++) {
                bytebuf_puts(b, "- ");
                gen_bullet(&g->seed, r, council, b);
                bytebuf_putc(b, '\n');
            }
            bytebuf_puts(b, "\n");
        }
        bytebuf_puts(b, "\n\n");
    }
}

/* ---------------------------------------------------------- the plan -- */

static size_t cover_paragraphs(void)
{
    return 2;   /* the shouted title and "Self-Assessment - March 2024" */
}

static int plan(gen_corpus *g, char *err, size_t errlen)
{
    const gen_options *o = &g->opt;
    size_t S = o->statements, N = o->paragraphs, nc = g->seed.n_councils;
    int small = N < 2000;   /* tiny corpora get short self-assessments */
    double sa_size = small ? S * 3 * 1.5 + 2 : S * 3 * 5.5 + 2;
    double per_council = (double)S * PAGE_PARAGRAPHS + sa_size / 4;
    size_t units = (size_t)((double)N / per_council + 0.999);
    if (units == 0)
        units = 1;
    size_t councils = o->councils ? o->councils : units;
    if (councils > nc)
        councils = nc;
    size_t rounds = (units + councils - 1) / councils;
    if (rounds == 0)
        rounds = 1;
    size_t pages = councils * rounds * S;
    if (N < pages) {
        snprintf(err, errlen, "%zu paragraphs are too few for %zu councils x %zu "
                 "statements (one paragraph a page at least)", N, councils, S);
        return -1;
    }
    /* Councils in an order of their own (not the table's regions). */
    gen_rng r = gen_rng_for(o->seed, 0, 0);
    size_t *order = malloc(nc * sizeof *order);
    g->files = calloc(pages + councils * rounds, sizeof *g->files);
    if (!order || !g->files) {
        free(order);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < nc; i++)
        order[i] = i;
    for (size_t i = nc - 1; i > 0; i--) {
        size_t j = gen_rng_below(&r, i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    /* Self-assessments first: their size is what it is; pages share the rest. */
    size_t sa_paras = 0, n = 0, sa_max = 2 + S * 3 * (small ? 2 : 8);
    for (size_t round = 0; round < rounds; round++)
        for (size_t c = 0; c < councils; c++) {
            /* only while every page can still have a paragraph */
            int has_sa = (c + round) % 4 == 0 && sa_paras + sa_max <= N - pages;
            for (int s = has_sa ? -1 : 0; s < (int)S; s++) {
                gen_file *f = &g->files[n++];
                f->council = order[c];
                f->statement = s;
                double u = gen_rng_unit(&r);
                f->layout = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
                u = gen_rng_unit(&r);
                f->score = u < 0.05 ? 1 : u < 0.35 ? 2 : u < 0.9 ? 3 : 4;
                snprintf(f->published, sizeof f->published, "%04zu-%02zu-%02zu",
                         2024 + round, 1 + gen_rng_below(&r, 12), 1 + gen_rng_below(&r, 28));
                char path[96];
                snprintf(path, sizeof path, "documents/r%02zu/%04zu_%016llx.txt", round,
                         n, (unsigned long long)gen_rng_next(&r));
                if (!(f->relpath = strdup(path))) {
                    free(order);
                    snprintf(err, errlen, "out of memory");
                    return -1;
                }
                if (s >= 0)
                    continue;
                f->paragraphs = cover_paragraphs();
                for (size_t k = 0; k < S; k++)
                    for (int l = 0; l < 3; l++) {
                        f->bullets[k][l] = small ? 1 + gen_rng_below(&r, 2)
                                                 : 3 + gen_rng_below(&r, 6);
                        f->paragraphs += f->bullets[k][l];
                    }
                sa_paras += f->paragraphs;
                g->stats.self_assessments++;
            }
        }
    free(order);
    g->n_files = n;
    size_t rest = N - sa_paras, q = rest / pages, extra = rest % pages, k = 0;
    gen_file *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        gen_file *f = &g->files[i];
        if (f->statement < 0)
            continue;
        f->paragraphs = q + (k++ < extra);
        /* jitter in pairs, so the total stays exact */
        if (prev) {
            size_t d = gen_rng_below(&r, q / 3 + 1);
            prev->paragraphs += d;
            f->paragraphs -= d;
            prev = NULL;
        } else {
            prev = f;
        }
    }
    g->stats.councils = councils;
    g->stats.rounds = rounds;
    g->stats.files = n;
    g->stats.paragraphs = N;
    g->stats.base_words = g->seed.n_words;
    return 0;
}

int gen_new(const gen_options *opt, gen_corpus **out, char *err, size_t errlen)
{
    *out = NULL;
    gen_corpus *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    g->opt = *opt;
    if (!g->opt.statements || g->opt.statements > 9)
        g->opt.statements = 9;
    if (gen_seed_load(opt->seed_corpus, &g->seed, err, errlen) != 0 ||
        plan(g, err, errlen) != 0) {
        gen_free(g);
        return -1;
    }
    *out = g;
    return 0;
}

void gen_free(gen_corpus *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_files; i++)
        free(g->files[i].relpath);
    free(g->files);
    gen_seed_clear(&g->seed);
    free(g);
}

size_t gen_file_count(const gen_corpus *g)
{
    return g->n_files;
}

const char *gen_file_path(const gen_corpus *g, size_t i)
{
    return i < g->n_files ? g->files[i].relpath : NULL;
}

void gen_get_stats(const gen_corpus *g, gen_stats *out)
{
    *out = g->stats;
}

/* ------------------------------------------------------------ writing -- */

/* mkdir -p of path's directory part. */
static int make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

static int write_file(const char *dir, const char *rel, const char *data, size_t len,
                      char *err, size_t errlen)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *path = malloc(n);
    if (!path) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(path, n, "%s/%s", dir, rel);
    FILE *fp = make_parents(path) == 0 ? fopen(path, "wb") : NULL;
    int ok = fp && fwrite(data, 1, len, fp) == len;
    if (fp && fclose(fp) != 0)
        ok = 0;
    if (!ok)
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
    free(path);
    return ok ? 0 : -1;
}

int gen_rewrite_file(gen_corpus *g, const char *dir, size_t i, unsigned rev, char *err,
                     size_t errlen)
{
    if (i >= g->n_files) {
        snprintf(err, errlen, "no file %zu", i);
        return -1;
    }
    const gen_file *f = &g->files[i];
    gen_rng r = gen_rng_for(g->opt.seed, i + 1, rev);
    bytebuf b = {0};
    if (f->statement < 0)
        self_assessment(g, f, &r, &b);
    else
        assessment_page(g, f, &r, &b);
    if (b.failed) {
        bytebuf_free(&b);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = write_file(dir, f->relpath, b.data, b.len, err, errlen);
    bytebuf_free(&b);
    return rc;
}

int gen_write(gen_corpus *g, const char *dir, char *err, size_t errlen)
{
    bytebuf m = {0};
    bytebuf_printf(&m, "# manifest.tsv: a corpus generated by lasearch-gencorpus (seed %llu)\n"
                       "file\tauthority\tkind\turl\tpublished\n",
                   (unsigned long long)g->opt.seed);
    for (size_t i = 0; i < g->n_files; i++) {
        const gen_file *f = &g->files[i];
        if (gen_rewrite_file(g, dir, i, 0, err, errlen) != 0) {
            bytebuf_free(&m);
            return -1;
        }
        bytebuf_printf(&m, "%s\t%s\t%s\t\t%s\n", f->relpath, g->seed.councils[f->council],
                       f->statement < 0 ? "self-assessment" : "assessment", f->published);
    }
    int rc = m.failed ? -1 : 0;
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    if (rc == 0)
        rc = write_file(dir, "manifest.tsv", m.data, m.len, err, errlen);
    if (rc == 0)
        rc = write_file(dir, "authorities.tsv", g->seed.authorities_text,
                        strlen(g->seed.authorities_text), err, errlen);
    if (rc == 0)
        rc = write_file(dir, "thesaurus.tsv", g->seed.thesaurus_text,
                        strlen(g->seed.thesaurus_text), err, errlen);
    bytebuf_free(&m);
    return rc;
}
