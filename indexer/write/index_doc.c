/* index_doc.c: a paragraph record as a Xapian document (see schema.h). */
#include "index_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "normalise.h"
#include "schema.h"
#include "section.h"
#include "term.h"

/* Positions left between the text and the heading, so that no phrase or
 * NEAR query can match across the two. */
#define FIELD_GAP 100

shim_status index_doc_set_record(shim_doc *doc, const para_record *r)
{
    char *data;
    size_t len;
    if (record_encode(r, &data, &len) != 0)
        return SHIM_ERR_NOMEM;
    shim_status st = shim_doc_set_data(doc, data, len);
    free(data);
    return st;
}

char *index_doc_term(const char *prefix, const char *value)
{
    return term_of(prefix, value);
}

char *index_doc_id_term(const char *id)
{
    return index_doc_term(PREFIX_ID, id);
}

char *index_doc_file_term(const char *path)
{
    return index_doc_term(PREFIX_FILE, path);
}

/* prefix + value (index_doc_term): a boolean filter term. */
static shim_status add_filter(shim_doc *doc, const char *prefix, const char *value)
{
    char *term = index_doc_term(prefix, value);
    if (!term)
        return SHIM_ERR_NOMEM;
    shim_status st = shim_doc_add_boolean_term(doc, term);
    free(term);
    return st;
}

/* prefix + norm_key(value): filters are case- and accent-insensitive. */
static shim_status add_keyed_filter(shim_doc *doc, const char *prefix, const char *value)
{
    char *key;
    norm_status ns = norm_key(value, strlen(value), &key);
    if (ns != NORM_OK)
        return ns == NORM_ERR_NOMEM ? SHIM_ERR_NOMEM : SHIM_ERR_ARG;
    shim_status st = key[0] ? add_filter(doc, prefix, key) : SHIM_OK;
    free(key);
    return st;
}

static shim_status index_folded(shim_termgen *tg, const char *text, const char *prefix)
{
    char *folded;
    size_t len;
    norm_status ns = norm_text(text, strlen(text), NORM_FOLD, &folded, &len);
    if (ns != NORM_OK)
        return ns == NORM_ERR_NOMEM ? SHIM_ERR_NOMEM : SHIM_ERR_ARG;
    shim_status st = shim_termgen_index(tg, folded, len, prefix);
    free(folded);
    return st;
}

static shim_status set_value(shim_doc *doc, unsigned slot, const char *s)
{
    return shim_doc_set_value(doc, slot, s, strlen(s));
}

shim_status index_doc_fill(shim_termgen *tg, shim_doc *doc, const para_record *r)
{
    shim_status st = shim_doc_clear(doc);
    if (st == SHIM_OK)
        st = shim_termgen_set_document(tg, doc);
    if (st == SHIM_OK)
        st = index_folded(tg, r->text, NULL);
    if (st == SHIM_OK && r->heading[0]) {
        st = shim_termgen_skip(tg, FIELD_GAP);
        if (st == SHIM_OK)
            st = index_folded(tg, r->heading, PREFIX_HEADING);
    }

    const char *section = r->section >= 0 ? section_name(r->section) : "";
    int theme = section_theme(r->section);
    char score[2] = {r->score ? (char)('0' + r->score) : '\0', '\0'};

    if (st == SHIM_OK)
        st = add_filter(doc, PREFIX_ID, r->id);
    if (st == SHIM_OK && r->authority[0])
        st = add_keyed_filter(doc, PREFIX_AUTHORITY, r->authority);
    if (st == SHIM_OK && r->section >= 0)
        st = add_filter(doc, PREFIX_SECTION, section_key(r->section));
    if (st == SHIM_OK && theme >= 0)
        st = add_filter(doc, PREFIX_THEME, theme_key(theme));
    if (st == SHIM_OK)
        st = add_filter(doc, PREFIX_KIND, kind_name(r->kind));
    if (st == SHIM_OK && r->score)
        st = add_filter(doc, PREFIX_SCORE, score);
    if (st == SHIM_OK && r->rating[0])
        st = add_keyed_filter(doc, PREFIX_RATING, r->rating);
    if (st == SHIM_OK)
        st = add_filter(doc, PREFIX_FILE, r->file);
    date_precision pub = date_parse(r->published, strlen(r->published), NULL);
    if (st == SHIM_OK && pub != DATE_NONE)
        st = add_filter(doc, PREFIX_PUBLISHED, date_precision_name(pub));

    if (st == SHIM_OK)
        st = set_value(doc, SLOT_AUTHORITY, r->authority);
    if (st == SHIM_OK)
        st = set_value(doc, SLOT_SECTION, section);
    if (st == SHIM_OK)
        st = set_value(doc, SLOT_THEME, theme >= 0 ? theme_name(theme) : "");
    if (st == SHIM_OK)
        st = set_value(doc, SLOT_SCORE, score);
    if (st == SHIM_OK)
        st = set_value(doc, SLOT_KIND, kind_name(r->kind));
    if (st == SHIM_OK)
        st = set_value(doc, SLOT_PUBLISHED, pub != DATE_NONE ? r->published : "");
    if (st == SHIM_OK) {
        /* path NUL ordinal: byte order = file order, then paragraph order */
        size_t flen = strlen(r->file);
        char *order = malloc(flen + 1 + 9);
        if (!order)
            return SHIM_ERR_NOMEM;
        memcpy(order, r->file, flen);
        order[flen] = '\0';
        snprintf(order + flen + 1, 9, "%08u", r->ordinal);
        st = shim_doc_set_value(doc, SLOT_ORDER, order, flen + 1 + 8);
        free(order);
    }
    if (st == SHIM_OK && r->seen_gen > 0) {
        char gen[32];
        int n = snprintf(gen, sizeof gen, "%0*ld", SCHEMA_GEN_DIGITS, r->seen_gen);
        st = shim_doc_set_value(doc, SLOT_FIRST_SEEN, gen, (size_t)n);
    }
    if (st == SHIM_OK)
        st = index_doc_set_record(doc, r);
    return st;
}
