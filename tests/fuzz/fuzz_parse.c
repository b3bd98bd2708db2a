/*
 * fuzz_parse.c: a document's bytes -> textio's checks -> the parser's
 * paragraphs and facets, exactly as lasearch-index reads a corpus file.
 *
 * Checked on every input:
 *  - textio either refuses with a message, or hands on clean UTF-8 with no
 *    '\r' and no NUL (its contract), no longer than the input unless read
 *    as Windows-1252 (then with a note saying so);
 *  - the parser never fails on content; every paragraph has ordinal i + 1,
 *    id "<file>#<ordinal>", a line inside the document, facets in range, and
 *    text that is clean UTF-8, no longer than PARSE_MAX_PARAGRAPH_BYTES (long
 *    ones are split) and free of control characters (it is printed);
 *  - every record survives record_encode -> record_decode unchanged and turns
 *    into JSON (what the index stores is what the query tool reads back).
 */
#include "fuzz.h"

#include "authority.h"
#include "parse.h"
#include "record.h"
#include "section.h"
#include "textio.h"

#define FILE_NAME "documents/fuzz.txt"

static authority_table *authorities;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[512];
    if (authority_table_load(LASEARCH_SOURCE_DIR "/corpus/authorities.tsv", &authorities,
                             err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_parse: %s\n", err);
        abort();
    }
    return 0;
}

static int same_record(const para_record *a, const para_record *b)
{
    return strcmp(a->id, b->id) == 0 && strcmp(a->file, b->file) == 0 &&
           a->line == b->line && a->ordinal == b->ordinal &&
           strcmp(a->authority, b->authority) == 0 && a->kind == b->kind &&
           a->section == b->section && a->score == b->score &&
           strcmp(a->rating, b->rating) == 0 && strcmp(a->heading, b->heading) == 0 &&
           strcmp(a->text, b->text) == 0;
}

static void check_record(const para_record *r, size_t i, size_t lines)
{
    char id[64];
    snprintf(id, sizeof id, FILE_NAME "#%zu", i + 1);
    FUZZ_CHECK(r->ordinal == i + 1, "paragraph %zu has ordinal %u", i + 1, r->ordinal);
    FUZZ_CHECK(strcmp(r->id, id) == 0, "paragraph %zu has id %s", i + 1, r->id);
    FUZZ_CHECK(strcmp(r->file, FILE_NAME) == 0, "file %s", r->file);
    FUZZ_CHECK(r->line >= 1 && r->line <= lines, "line %u of %zu", r->line, lines);
    FUZZ_CHECK(r->section >= -1 && r->section < SECTION_COUNT, "section %d", r->section);
    FUZZ_CHECK(r->score >= 0 && r->score <= 4, "score %d", r->score);
    FUZZ_CHECK(r->kind >= KIND_UNKNOWN && r->kind <= KIND_OTHER, "kind %d",
               (int)r->kind);
    const char *strings[] = {r->authority, r->rating, r->heading, r->text};
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) {
        FUZZ_CHECK(fuzz_clean_utf8(strings[k], strlen(strings[k])),
                   "paragraph %zu: string %zu is not clean UTF-8", i + 1, k);
        FUZZ_CHECK(fuzz_no_controls(strings[k]),
                   "paragraph %zu: string %zu has a control character", i + 1, k);
    }
    FUZZ_CHECK(strlen(r->text) <= PARSE_MAX_PARAGRAPH_BYTES,
               "paragraph %zu is %zu bytes", i + 1, strlen(r->text));

    char *enc = NULL;
    size_t enclen = 0;
    if (record_encode(r, &enc, &enclen) != 0)
        return;   /* out of memory */
    para_record back;
    FUZZ_CHECK(record_decode(enc, enclen, &back) == 0, "paragraph %zu does not decode",
               i + 1);
    FUZZ_CHECK(same_record(r, &back), "paragraph %zu changes when stored", i + 1);
    json_t *js = record_to_json(&back);
    FUZZ_CHECK(js != NULL, "paragraph %zu has no JSON form", i + 1);
    json_decref(js);
    record_clear(&back);
    free(enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    text_file tf;
    char msg[512] = "";
    textio_status st = textio_from_buffer((const char *)data, size,
                                          TEXTIO_DEFAULT_MAX_BYTES, &tf, msg, sizeof msg);
    if (st != TEXTIO_OK) {
        FUZZ_CHECK(tf.data == NULL && (st == TEXTIO_NOMEM || msg[0]),
                   "refused (%d) without a message, or with data", (int)st);
        return 0;
    }
    /* Only text read as Windows-1252 grows: a byte becomes at most three. */
    FUZZ_CHECK(tf.len <= (tf.windows1252 ? 3 * size : size),
               "textio grew the text: %zu > %zu", tf.len, size);
    FUZZ_CHECK(tf.windows1252 == (msg[0] != '\0'), "a note without Windows-1252, or "
               "Windows-1252 without a note: \"%s\"", msg);
    FUZZ_CHECK(fuzz_clean_utf8(tf.data, tf.len), "textio passed unclean UTF-8");
    FUZZ_CHECK(memchr(tf.data, '\r', tf.len) == NULL, "textio left a CR");

    size_t lines = 1;
    for (size_t i = 0; i < tf.len; i++)
        lines += tf.data[i] == '\n';

    corpus_ref ref = {authorities, NULL};
    corpus_doc doc;
    if (corpus_parse(FILE_NAME, tf.data, tf.len, &ref, &doc) == 0) {
        FUZZ_CHECK(fuzz_clean_utf8(doc.authority, strlen(doc.authority)),
                   "document authority is not clean UTF-8");
        for (size_t w = 0; w < doc.n_warnings; w++)
            FUZZ_CHECK(fuzz_clean_utf8(doc.warnings[w], strlen(doc.warnings[w])),
                       "warning %zu is not clean UTF-8", w);
        for (size_t i = 0; i < doc.n_paras; i++)
            check_record(&doc.paras[i], i, lines);
        corpus_doc_clear(&doc);
    }
    text_file_clear(&tf);
    return 0;
}
