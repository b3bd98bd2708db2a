/* inspect.c: printing how a document was parsed (see inspect.h). */
#include "inspect.h"

#include "record.h"
#include "section.h"

#include <string.h>

static json_t *string_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

json_t *inspect_json(const corpus_doc *doc, const authority_table *authorities)
{
    json_t *o = json_object(), *paras = json_array(), *warns = json_array(),
           *cands = json_array(), *why = json_object();
    if (!o || !paras || !warns || !cands || !why)
        goto fail;
    int theme = section_theme(doc->section);
    json_object_set_new(o, "file", json_string(doc->file));
    json_object_set_new(o, "kind", json_string(kind_name(doc->kind)));
    json_object_set_new(o, "authority", string_or_null(doc->authority));
    json_object_set_new(o, "section", doc->section >= 0
                                          ? json_string(section_name(doc->section))
                                          : json_null());
    json_object_set_new(o, "theme", theme >= 0 ? json_string(theme_name(theme))
                                               : json_null());
    json_object_set_new(o, "score", doc->score ? json_integer(doc->score) : json_null());
    json_object_set_new(o, "rating", string_or_null(doc->rating));
    json_object_set_new(o, "percent", doc->percent >= 0 ? json_integer(doc->percent)
                                                        : json_null());
    json_object_set_new(o, "indicative", json_boolean(doc->indicative));
    json_t *scores = json_object();
    if (!scores)
        goto fail;
    for (int s = 0; s < SECTION_COUNT; s++)
        if (doc->statement_scores[s])
            json_object_set_new(scores, section_name(s), json_integer(doc->statement_scores[s]));
    json_object_set_new(o, "statement_scores", scores);
    json_object_set_new(o, "url", string_or_null(doc->url));
    json_object_set_new(o, "published", string_or_null(doc->published));
    json_object_set_new(o, "updated", string_or_null(doc->updated));
    json_object_set_new(o, "format", json_string(doc->format ? doc->format : "text"));
    json_object_set_new(o, "title", string_or_null(doc->title));
    json_object_set_new(why, "kind", string_or_null(doc->why_kind));
    json_object_set_new(why, "authority", string_or_null(doc->why_authority));
    json_object_set_new(why, "section", string_or_null(doc->why_section));
    json_object_set_new(why, "score", string_or_null(doc->why_score));
    json_object_set_new(o, "reasons", why);
    why = NULL;
    const authority_decision *d = &doc->authority_detail;
    for (size_t i = 0; i < d->n_candidates; i++) {
        const authority_candidate *c = &d->candidates[i];
        json_array_append_new(cands, json_pack("{s:s, s:i, s:i}", "authority",
                                               authority_name(authorities, (size_t)c->index),
                                               "mentions", (int)c->mentions,
                                               "score", (int)c->score));
    }
    json_object_set_new(o, "authority_candidates", cands);
    cands = NULL;
    for (size_t i = 0; i < doc->n_warnings; i++)
        json_array_append_new(warns, json_string(doc->warnings[i]));
    json_object_set_new(o, "warnings", warns);
    warns = NULL;
    for (size_t i = 0; i < doc->n_paras; i++) {
        json_t *p = record_to_json(&doc->paras[i]);
        if (p && doc->origins && doc->origins[i])
            json_object_set_new(p, "origin", json_string(doc->origins[i]));
        if (!p || json_array_append_new(paras, p) != 0)
            goto fail;
    }
    json_t *dropped = json_array();
    if (!dropped)
        goto fail;
    for (size_t i = 0; i < doc->n_dropped; i++)
        json_array_append_new(dropped, json_string(doc->dropped[i]));
    for (size_t i = 0; i < doc->n_skipped; i++)
        json_array_append_new(dropped, json_string(doc->skipped[i]));
    json_object_set_new(o, "not_indexed", dropped);
    json_object_set_new(o, "paragraphs", paras);
    return o;
fail:
    json_decref(o);
    json_decref(paras);
    json_decref(warns);
    json_decref(cands);
    json_decref(why);
    return NULL;
}

static const char *or_none(const char *s)
{
    return s && s[0] ? s : "(none)";
}

int inspect_print(FILE *out, const corpus_doc *doc, const authority_table *authorities)
{
    int theme = section_theme(doc->section);
    fprintf(out, "file:       %s\n", doc->file);
    fprintf(out, "kind:       %s  <- %s\n", kind_name(doc->kind), or_none(doc->why_kind));
    fprintf(out, "authority:  %s  <- %s\n", or_none(doc->authority),
            or_none(doc->why_authority));
    const authority_decision *d = &doc->authority_detail;
    for (size_t i = 0; i < d->n_candidates; i++)
        fprintf(out, "            candidate %s: %u mentions, score %u\n",
                authority_name(authorities, (size_t)d->candidates[i].index),
                d->candidates[i].mentions, d->candidates[i].score);
    fprintf(out, "section:    %s  <- %s\n",
            doc->section >= 0 ? section_name(doc->section) : "(none)",
            or_none(doc->why_section));
    fprintf(out, "theme:      %s\n", theme >= 0 ? theme_name(theme) : "(none)");
    if (doc->score)
        fprintf(out, "score:      %d  <- %s\n", doc->score, or_none(doc->why_score));
    else
        fprintf(out, "score:      (none)  <- %s\n", or_none(doc->why_score));
    if (doc->kind == KIND_SUMMARY) {
        fprintf(out, "rating:     %s%s\n", or_none(doc->rating),
                doc->indicative ? " (a pilot's indicative rating)" : "");
        if (doc->percent >= 0)
            fprintf(out, "percent:    %d%%\n", doc->percent);
        for (int s = 0; s < SECTION_COUNT; s++)
            if (doc->statement_scores[s])
                fprintf(out, "            %s: score %d\n", section_name(s),
                        doc->statement_scores[s]);
    }
    if (doc->url[0])
        fprintf(out, "url:        %s\n", doc->url);
    if (doc->published[0])
        fprintf(out, "published:  %s\n", doc->published);
    if (doc->updated && doc->updated[0])
        fprintf(out, "updated:    %s\n", doc->updated);
    if (doc->format && strcmp(doc->format, "text") != 0)
        fprintf(out, "format:     %s\n", doc->format);
    if (doc->title && doc->title[0])
        fprintf(out, "title:      %s\n", doc->title);
    for (size_t i = 0; i < doc->n_dropped; i++)
        fprintf(out, "not indexed: %s\n", doc->dropped[i]);
    for (size_t i = 0; i < doc->n_skipped; i++)
        fprintf(out, "not indexed: %s\n", doc->skipped[i]);
    for (size_t i = 0; i < doc->n_warnings; i++)
        fprintf(out, "warning:    %s\n", doc->warnings[i]);
    fprintf(out, "paragraphs: %zu\n", doc->n_paras);
    for (size_t i = 0; i < doc->n_paras; i++) {
        const para_record *p = &doc->paras[i];
        if (doc->origins && doc->origins[i])
            fprintf(out, "\n#%u  %s", p->ordinal, doc->origins[i]);
        else
            fprintf(out, "\n#%u  line %u", p->ordinal, p->line);
        if (p->section >= 0 && p->section != doc->section)
            fprintf(out, "  section: %s", section_name(p->section));
        if (p->score && p->score != doc->score)
            fprintf(out, "  score: %d", p->score);
        if (p->heading[0])
            fprintf(out, "  heading: %s", p->heading);
        fprintf(out, "\n    %s\n", p->text);
    }
    return ferror(out) ? -1 : 0;
}
