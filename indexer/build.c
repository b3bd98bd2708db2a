/* build.c: a full build of a new index generation (see build.h); the steps
 * themselves are in build_step.c, shared with update.c, and the threads
 * that index the shards in build_parallel.c. */
#include "build_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

int build_full(builder *b)
{
    b->rep->mode = BUILD_MODE_FULL;
    if (builder_open(b, 0) != 0)
        return -1;
    builder_stage(b, "indexing");
    if (builder_add_all(b) != 0 || builder_finish(b) != 0)
        return -1;
    return builder_publish(b);
}

build_status build_index(const build_options *opt, build_report *rep, char *err,
                         size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    builder b = {.opt = opt, .rep = rep, .err = err, .errlen = errlen};
    int rc = builder_start(&b);
    if (rc == 0)
        rc = build_full(&b);
    builder_clear(&b);
    return rc == 0 ? BUILD_OK : rc == 1 ? BUILD_LOCKED : BUILD_ERROR;
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
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}
