/* report.c: what lasearch-index prints after a build, an update or a check,
 * onto a stream the caller gives (build.h, stats.h). */
#include <stdio.h>

#include "build.h"
#include "stats.h"

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

int build_report_print(FILE *out, const build_report *rep, const char *index_dir,
                       int per_authority, int listed_all)
{
    const char *see = listed_all ? "see above" : "run with --verbose to list them";
    if (rep->reason)
        fprintf(out, "Rebuilt everything: %s\n", rep->reason);
    /* Unchanged files taken on their size and times, without reading. */
    char unread[64] = "";
    if (rep->unread)
        snprintf(unread, sizeof unread, " (%zu not read: size and times as before)",
                 rep->unread);
    if (rep->mode == BUILD_MODE_NONE) {
        fprintf(out, "%s is up to date (generation %ld): %zu file%s unchanged%s%s\n",
                index_dir, rep->generation, rep->unchanged, plural(rep->unchanged), unread,
                rep->thesaurus_changed ? ", thesaurus.tsv stored" : "");
    } else if (rep->mode == BUILD_MODE_UPDATE) {
        fprintf(out, "Updated %s to generation %ld in %.2f s: %zu added, %zu changed, "
                "%zu removed, %zu unchanged%s%s\n", index_dir, rep->generation,
                rep->seconds, rep->added, rep->changed, rep->removed, rep->unchanged,
                unread, rep->thesaurus_changed ? "; new thesaurus.tsv" : "");
        fprintf(out, "The index holds %zu paragraph%s of %zu document%s\n",
                rep->paragraphs, plural(rep->paragraphs), rep->documents,
                plural(rep->documents));
    } else {
        fprintf(out, "Indexed %zu document%s, %zu paragraph%s into %s (generation %ld) "
                "in %.2f s\n", rep->documents, plural(rep->documents), rep->paragraphs,
                plural(rep->paragraphs), index_dir, rep->generation, rep->seconds);
    }
    if (rep->skipped)
        fprintf(out, "Skipped %zu file%s (%s)\n", rep->skipped, plural(rep->skipped), see);
    if (rep->warnings)
        fprintf(out, "%zu warning%s (%s)\n", rep->warnings, plural(rep->warnings), see);
    if (per_authority) {
        fprintf(out, "\nParagraphs per authority:\n");
        for (size_t i = 0; i < rep->n_counts; i++) {
            const build_count *c = &rep->counts[i];
            fprintf(out, "  %-40s %6zu  (%zu document%s)\n",
                    c->authority[0] ? c->authority : "(undecided)", c->paragraphs,
                    c->documents, plural(c->documents));
        }
    }
    return ferror(out) ? -1 : 0;
}

int index_check_print(FILE *out, const index_check_report *rep, const char *index_dir,
                      size_t max_listed)
{
    if (!rep->consistent) {
        fprintf(out, "%s (generation %ld) is NOT consistent: %s\n", index_dir,
                rep->generation, rep->problem ? rep->problem : "?");
        return ferror(out) ? -1 : 0;
    }
    fprintf(out, "%s (generation %ld) is consistent: %zu paragraph%s from %zu file%s\n",
            index_dir, rep->generation, rep->paragraphs, plural(rep->paragraphs),
            rep->files, plural(rep->files));
    if (rep->inputs_changed)
        fprintf(out, "The corpus has changed: %s (lasearch-index rebuilds everything)\n",
                rep->inputs_changed);
    if (rep->added || rep->changed || rep->removed) {
        fprintf(out, "The corpus has changed since: %zu added, %zu changed, %zu removed, "
                "%zu unchanged (lasearch-index --update applies it)\n", rep->added,
                rep->changed, rep->removed, rep->unchanged);
        for (size_t i = 0; i < rep->n_changes && i < max_listed; i++)
            fprintf(out, "  %s\n", rep->changes[i]);
        if (rep->n_changes > max_listed)
            fprintf(out, "  ... and %zu more (--verbose lists them all)\n",
                    rep->n_changes - max_listed);
    } else if (!rep->inputs_changed) {
        fprintf(out, "The corpus matches it: %zu file%s unchanged%s\n", rep->unchanged,
                plural(rep->unchanged),
                rep->thesaurus_changed ? " (but thesaurus.tsv has changed: "
                                         "lasearch-index --update stores it)" : "");
    }
    return ferror(out) ? -1 : 0;
}
