/* report.c: what a build, an update or a check reports: printed onto a
 * stream the caller gives, and as JSON (stored in the generation and
 * printed by --json) (build.h, stats.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "build.h"
#include "report.h"
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
        fprintf(out, "The index holds %zu paragraph%s of %zu document%s; %zu new or "
                "changed (lasearch-query --since %ld)\n",
                rep->paragraphs, plural(rep->paragraphs), rep->documents,
                plural(rep->documents), rep->new_paragraphs, rep->previous);
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

int build_report_message(build_report *rep, const char *msg, int fresh)
{
    char **msgs = realloc(rep->messages, (rep->n_messages + 1) * sizeof *msgs);
    if (!msgs)
        return -1;
    rep->messages = msgs;
    unsigned char *f = realloc(rep->fresh, rep->n_messages + 1);
    if (!f)
        return -1;
    rep->fresh = f;
    f[rep->n_messages] = (unsigned char)fresh;
    if (!(msgs[rep->n_messages] = strdup(msg)))
        return -1;
    rep->n_messages++;
    return 0;
}

void build_report_clear(build_report *rep)
{
    for (size_t i = 0; i < rep->n_messages; i++)
        free(rep->messages[i]);
    free(rep->messages);
    free(rep->fresh);
    for (size_t i = 0; i < rep->n_counts; i++)
        free(rep->counts[i].authority);
    free(rep->counts);
    free(rep->reason);
    memset(rep, 0, sizeof *rep);
}

static json_t *summary_object(const build_report *rep)
{
    json_t *o = json_object(), *per = json_array();
    if (!o || !per) {
        json_decref(o);
        json_decref(per);
        return NULL;
    }
    for (size_t i = 0; i < rep->n_counts; i++) {
        const build_count *c = &rep->counts[i];
        json_array_append_new(per, json_pack("{s:s?, s:I, s:I}", "authority",
                                             c->authority[0] ? c->authority : NULL,
                                             "documents", (json_int_t)c->documents,
                                             "paragraphs", (json_int_t)c->paragraphs));
    }
    json_object_set_new(o, "files", json_integer((json_int_t)rep->files));
    json_object_set_new(o, "documents", json_integer((json_int_t)rep->documents));
    json_object_set_new(o, "paragraphs", json_integer((json_int_t)rep->paragraphs));
    json_object_set_new(o, "skipped", json_integer((json_int_t)rep->skipped));
    json_object_set_new(o, "warnings", json_integer((json_int_t)rep->warnings));
    json_object_set_new(o, "authorities", per);
    return o;
}

char *build_report_json(const build_report *rep)
{
    json_t *o = summary_object(rep);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

static const char *mode_name(build_mode m)
{
    return m == BUILD_MODE_UPDATE ? "update" : m == BUILD_MODE_NONE ? "none" : "full";
}

char *build_run_json(const build_report *rep)
{
    json_t *o = summary_object(rep);
    if (!o)
        return NULL;
    json_object_set_new(o, "mode", json_string(mode_name(rep->mode)));
    json_object_set_new(o, "generation", json_integer(rep->generation));
    json_object_set_new(o, "seconds", json_real(rep->seconds));
    json_object_set_new(o, "reason", rep->reason ? json_string(rep->reason) : json_null());
    if (rep->mode != BUILD_MODE_FULL) {
        json_object_set_new(o, "added", json_integer((json_int_t)rep->added));
        json_object_set_new(o, "changed", json_integer((json_int_t)rep->changed));
        json_object_set_new(o, "removed", json_integer((json_int_t)rep->removed));
        json_object_set_new(o, "unchanged", json_integer((json_int_t)rep->unchanged));
        json_object_set_new(o, "unread", json_integer((json_int_t)rep->unread));
        json_object_set_new(o, "thesaurus_changed", json_boolean(rep->thesaurus_changed));
    }
    /* Paragraphs, not files: what --since finds (firstseen.h). */
    json_object_set_new(o, "previous", rep->previous ? json_integer(rep->previous)
                                                     : json_null());
    if (rep->mode != BUILD_MODE_NONE) {
        json_object_set_new(o, "new_paragraphs", json_integer((json_int_t)rep->new_paragraphs));
        json_object_set_new(o, "gone_paragraphs", rep->gone_paragraphs >= 0
                                                      ? json_integer(rep->gone_paragraphs)
                                                      : json_null());
    }
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}
