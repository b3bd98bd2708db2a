/* score_check.c: statement pages against their council's summary (see
 * score_check.h). */
#include "score_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "section.h"

char *score_facts(const corpus_doc *doc)
{
    char buf[16 + SECTION_COUNT * 8] = "";
    size_t n = 0;
    if (doc->kind == KIND_SUMMARY) {
        n += (size_t)snprintf(buf, sizeof buf, "summary");
        for (int s = 0; s < SECTION_COUNT; s++)
            if (doc->statement_scores[s] > 0)
                n += (size_t)snprintf(buf + n, sizeof buf - n, " %d=%d", s,
                                      doc->statement_scores[s]);
        if (n == strlen("summary"))
            buf[0] = '\0';
    } else if (doc->kind == KIND_ASSESSMENT && doc->section >= 0 && doc->score > 0) {
        snprintf(buf, sizeof buf, "page %d=%d", doc->section, doc->score);
    }
    return strdup(buf);
}

/* The score a "summary ..." facts string gives statement s, or 0. */
static int summary_score(const char *facts, int s)
{
    const char *p = facts + strlen("summary");
    int sec, score, used;
    while (sscanf(p, " %d=%d%n", &sec, &score, &used) == 2) {
        if (sec == s)
            return score;
        p += used;
    }
    return 0;
}

static int is_summary(const file_state *f)
{
    return f->indexed && f->scores && strncmp(f->scores, "summary ", 8) == 0;
}

/* Of the summary pages sums[0..n), council's (the first in path order),
 * or NULL. A corpus has a few per council at most, so a scan will do. */
static const file_state *summary_of(const file_state *const *sums, size_t n,
                                    const char *council)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(sums[i]->authority, council) == 0)
            return sums[i];
    return NULL;
}

int score_check(const file_table *t, build_report *rep)
{
    const file_state **sums = malloc((t->n + 1) * sizeof *sums);
    if (!sums)
        return -1;
    size_t n_sums = 0;
    for (size_t i = 0; i < t->n; i++)
        if (is_summary(&t->files[i]) && t->files[i].authority[0])
            sums[n_sums++] = &t->files[i];
    int rc = 0;
    for (size_t i = 0; i < t->n && n_sums && rc == 0; i++) {
        const file_state *f = &t->files[i];
        int s, score;
        if (!f->indexed || !f->authority[0] || !f->scores ||
            sscanf(f->scores, "page %d=%d", &s, &score) != 2 || s < 0 || s >= SECTION_COUNT)
            continue;
        const file_state *sum = summary_of(sums, n_sums, f->authority);
        int listed = sum ? summary_score(sum->scores, s) : 0;
        if (!listed || listed == score)
            continue;
        size_t len = strlen(f->path) + strlen(sum->path) + strlen(f->authority) + 256;
        char *msg = malloc(len);
        if (!msg) {
            rc = -1;
            break;
        }
        snprintf(msg, len, "%s: score %d for %s, but %s's summary page %s gives it %d",
                 f->path, score, section_name(s), f->authority, sum->path, listed);
        rc = build_report_message(rep, msg, f->fresh || sum->fresh);
        free(msg);
        rep->warnings++;
    }
    free(sums);
    return rc;
}
