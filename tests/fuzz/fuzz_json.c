/*
 * fuzz_json.c: what lasearch writes as JSON must parse back, whatever the
 * strings in it.
 *
 * Two sources of strings, both run on every input:
 *  1. The input as a stored record (record_decode): the index's document
 *     data, which for an index from elsewhere is outside input. A record
 *     that decodes must turn into JSON (record_to_json) that parses back
 *     with the same id, file, heading, authority and text.
 *  2. The input split at newlines into the strings of a search answer -- the
 *     query (any bytes: a --batch line is whatever the file holds), a
 *     paragraph's text, heading, council, snippet, matched form, facet value,
 *     suggestion and an error message -- given to out_json and
 *     out_json_error. Both must write an object (never NULL: a NULL answer
 *     is an answer silently lost) that parses back; strings that are clean
 *     UTF-8 come back byte for byte, and an invalid query comes back with
 *     U+FFFD in place of its bad bytes.
 * Record strings are clean UTF-8 by contract (the parser normalises them),
 * so in 2 they are only taken from pieces that are.
 */
#include "fuzz.h"

#include "out.h"
#include "record.h"
#include "search.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* JSON text -> object, or abort. */
static json_t *round_trip(json_t *js, const char *what)
{
    FUZZ_CHECK(js != NULL, "%s: no JSON", what);
    char *text = json_dumps(js, JSON_COMPACT);
    FUZZ_CHECK(text != NULL, "%s: JSON cannot be written", what);
    json_error_t jerr;
    json_t *back = json_loads(text, 0, &jerr);
    FUZZ_CHECK(back != NULL, "%s: JSON does not parse back: %s", what, jerr.text);
    free(text);
    json_decref(js);
    return back;
}

/* key is s, or null when s is "" and empty_is_null. */
static void same_string(json_t *obj, const char *key, const char *s, int empty_is_null)
{
    json_t *v = json_object_get(obj, key);
    if (empty_is_null && !s[0]) {
        FUZZ_CHECK(json_is_null(v), "%s: expected null", key);
        return;
    }
    FUZZ_CHECK(json_is_string(v) && strcmp(json_string_value(v), s) == 0,
               "%s: \"%s\" came back as \"%s\"", key, s,
               json_is_string(v) ? json_string_value(v) : "(not a string)");
}

static void check_record(const uint8_t *data, size_t size)
{
    para_record r;
    if (record_decode((const char *)data, size, &r) != 0)
        return;
    json_t *back = round_trip(record_to_json(&r), "record");
    same_string(back, "id", r.id, 0);
    same_string(back, "file", r.file, 0);
    same_string(back, "text", r.text, 0);
    same_string(back, "heading", r.heading, 1);
    same_string(back, "authority", r.authority, 1);
    json_decref(back);
    record_clear(&r);
}

enum { P_QUERY, P_TEXT, P_HEADING, P_AUTHORITY, P_SNIPPET, P_MATCHED, P_FACET,
       P_SUGGESTION, P_MESSAGE, P_COUNT };

/* A clean piece, or "" (record strings must be clean UTF-8). */
static char *clean(char *piece)
{
    return fuzz_clean_utf8(piece, strlen(piece)) ? piece : "";
}

static void check_answer(const uint8_t *data, size_t size)
{
    char *copy = fuzz_strndup(data, size);
    if (!copy)
        return;
    /* Pieces end at a newline, and at a NUL (no C string holds one). */
    char *piece[P_COUNT];
    char *p = copy;
    for (int i = 0; i < P_COUNT; i++) {
        piece[i] = p;
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = '\0';
            p = nl + 1;
        } else {
            p += strlen(p);
        }
    }

    search_request req;
    search_request_init(&req, piece[P_QUERY]);
    req.by_authority = 1;
    search_result res;
    memset(&res, 0, sizeof res);
    search_hit hit;
    memset(&hit, 0, sizeof hit);
    facet_count facet = {clean(piece[P_FACET]), 7};
    char *matched[1] = {clean(piece[P_MATCHED])};
    search_group group = {clean(piece[P_AUTHORITY]), 1, &hit, 1};
    if (record_init(&hit.rec) == 0) {
        record_set(&hit.rec.text, clean(piece[P_TEXT]), strlen(clean(piece[P_TEXT])));
        record_set(&hit.rec.heading, clean(piece[P_HEADING]),
                   strlen(clean(piece[P_HEADING])));
        record_set(&hit.rec.authority, clean(piece[P_AUTHORITY]),
                   strlen(clean(piece[P_AUTHORITY])));
        hit.rank = 1;
        hit.snippet = clean(piece[P_SNIPPET]);
        hit.matched = matched;
        hit.n_matched = 1;
        res.parsed = clean(piece[P_QUERY]);
        res.total = 1;
        res.hits = &hit;
        res.n_hits = 1;
        res.groups = &group;
        res.n_groups = 1;
        res.facets[FACET_AUTHORITY] = &facet;
        res.n_facets[FACET_AUTHORITY] = 1;
        res.suggestion = piece[P_SUGGESTION][0] ? clean(piece[P_SUGGESTION]) : NULL;

        json_t *back = round_trip(out_json(&req, &res), "answer");
        json_t *h = json_array_get(json_object_get(back, "hits"), 0);
        FUZZ_CHECK(h != NULL, "answer: no hit");
        same_string(h, "text", hit.rec.text, 0);
        same_string(h, "heading", hit.rec.heading, 1);
        same_string(h, "snippet", hit.snippet, 0);
        const char *q = json_string_value(json_object_get(back, "query"));
        FUZZ_CHECK(q != NULL, "answer: no query");
        if (fuzz_clean_utf8(piece[P_QUERY], strlen(piece[P_QUERY])))
            FUZZ_CHECK(strcmp(q, piece[P_QUERY]) == 0, "answer: query changed");
        else
            FUZZ_CHECK(strstr(q, "\xEF\xBF\xBD") != NULL,
                       "answer: invalid query without U+FFFD");
        json_decref(back);
        record_clear(&hit.rec);
    }

    qerror err = {.column = 3};
    snprintf(err.message, sizeof err.message, "%s", piece[P_MESSAGE]);
    json_t *back = round_trip(out_json_error(piece[P_QUERY], &err), "error");
    FUZZ_CHECK(json_is_object(json_object_get(back, "error")), "error: no error object");
    json_decref(back);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_record(data, size);
    check_answer(data, size);
    return 0;
}
