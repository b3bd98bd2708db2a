/*
 * record.h: the paragraph record, lasearch's unit of search.
 *
 * The parser (parse.h) fills one record per paragraph with its facets; the
 * builder stores it as the Xapian document's data (record_encode); the query
 * tool reads it back (record_decode) to print hits. Nothing parses twice. The
 * JSON form (record_to_json) is shared by `lasearch-index --inspect --json`
 * and `lasearch-query --json`, so both speak with the same field names.
 */
#ifndef LASEARCH_RECORD_H
#define LASEARCH_RECORD_H

#include <stddef.h>
#include <jansson.h>

typedef enum doc_kind {
    KIND_UNKNOWN = 0,
    KIND_ASSESSMENT,      /* a CQC assessment page for one quality statement */
    KIND_SUMMARY,         /* a CQC report's summary page: rating and 9 scores */
    KIND_SELF_ASSESSMENT, /* a council's own self-assessment */
    KIND_OTHER            /* none of these: press releases, news, guidance and
                             framework pages, landing pages, manuals using
                             CQC's headings; indexed, never taken for a report */
} doc_kind;

/* "assessment", "summary", "self-assessment", "other"; "unknown" for
 * KIND_UNKNOWN. */
const char *kind_name(doc_kind k);
/* Inverse of kind_name (case-insensitive; also "selfassessment",
 * "self assessment"). KIND_UNKNOWN if not a kind. */
doc_kind kind_from_name(const char *name);

/* One paragraph. Strings are NUL-terminated UTF-8, never NULL ("" when
 * absent), owned by the record. */
typedef struct para_record {
    char *id;          /* stable id: "<file>#<ordinal>" */
    char *file;        /* path relative to the corpus root, '/' separators */
    char *url;         /* where the document was published (manifest, else
                          the page's canonical URL); "" unknown */
    unsigned line;     /* 1-based line of the paragraph's first line */
    unsigned ordinal;  /* 1-based position among the document's paragraphs */
    unsigned page;     /* 1-based PDF page where it starts; 0 other formats */
    char *authority;   /* canonical council name; "" when undecided */
    doc_kind kind;
    int section;       /* index into the section table (section.h); -1 none */
    int score;         /* 1..4; 0 when the document gives none */
    char *rating;      /* the council's overall rating ("Good"): stored on
                          its summary page's paragraphs; a search gives
                          every hit its council's (query/search_ratings.c);
                          "" unknown */
    char *published;   /* the document's publication date as known:
                          "YYYY-MM-DD", "YYYY-MM" or "YYYY" (date.h);
                          "" unknown */
    int indicative;    /* 1: a 2023 pilot's page, its score or rating an
                          indicative one (a search also marks every hit of
                          a council whose rating is indicative) */
    char *heading;     /* nearest sub-heading; "" none */
    char *text;        /* the paragraph, normalised for display */
    long seen_gen;     /* the index generation in which the paragraph first
                          appeared with this text; 0 unknown (not indexed:
                          --inspect) */
    long long seen_time; /* that generation's time, seconds since the
                          epoch (UTC); 0 unknown */
} para_record;

/* Set every string to a fresh "" and numbers to none. 0, or -1 if out of memory. */
int record_init(para_record *r);
/* Free the strings; r itself is not freed. Safe on a zeroed record. */
void record_clear(para_record *r);
/* Deep copy. 0, or -1 if out of memory (dst is then cleared). */
int record_copy(para_record *dst, const para_record *src);
/* Replace the string *field with a copy of value (len bytes). 0 or -1. */
int record_set(char **field, const char *value, size_t len);

/* Serialise r into a malloc()ed buffer (*out, *outlen). The format is
 * versioned and binary-safe. 0, or -1 if out of memory. */
int record_encode(const para_record *r, char **out, size_t *outlen);
/* Parse what record_encode wrote into r (initialised here). 0, -1 if the
 * bytes are not a record of this version, -2 out of memory (r is cleared
 * on both). */
int record_decode(const char *data, size_t len, para_record *r);

/* The record as a JSON object: id, authority, kind, section, theme, score
 * (null when none), rating (summary pages only), heading, file, line,
 * page (null unless a PDF), url (null when unknown), published (null when
 * unknown), ordinal, text; and, for an indexed paragraph (seen_gen > 0),
 * first_seen_generation and first_seen (ISO 8601 UTC,
 * "2026-12-05T02:30:00Z"). New reference, or NULL if out of memory. */
json_t *record_to_json(const para_record *r);

/* seen_time as ISO 8601 UTC ("2026-12-05T02:30:00Z") into buf (at least
 * 21 bytes); "" when unknown. Returns buf. */
char *record_seen_iso(const para_record *r, char *buf, size_t len);

#endif /* LASEARCH_RECORD_H */
