/*
 * schema.h: how a paragraph record is laid out in the index. The builder
 * writes it, the query tool reads it; this header is their only agreement.
 *
 * One Xapian document per paragraph:
 *  - data:   record_encode() of the paragraph record;
 *  - terms:  the text's words, unstemmed and stemmed ("Z"), both with
 *            positions (shim_termgen); heading words with PREFIX_HEADING;
 *            one boolean filter term per facet value (prefix + value key);
 *  - values: the facets, for sorting, collapsing and facet counts; only
 *            what a search reads (the record carries the rest).
 *
 * Facet value keys are norm_key() forms ("windsor and maidenhead"), so
 * filters are case- and accent-insensitive by construction.
 */
#ifndef LASEARCH_SCHEMA_H
#define LASEARCH_SCHEMA_H

/* Value slots. Facet slots hold display forms (canonical names), so facet
 * counts print as they are. */
enum {
    SLOT_AUTHORITY = 0,  /* canonical council name, "" undecided */
    SLOT_SECTION = 1,    /* canonical statement name, "" none */
    SLOT_THEME = 2,      /* canonical theme name, "" none */
    SLOT_SCORE = 3,      /* "1".."4", "" none */
    SLOT_KIND = 4,       /* kind_name() */
    SLOT_ORDER = 6,      /* relative path, NUL, ordinal as 8 digits: sorts
                            hits in document order */
    SLOT_PUBLISHED = 9,  /* the publication date as known (date.h):
                            "YYYY-MM-DD", "YYYY-MM" or "YYYY", "" unknown.
                            Byte order puts a year before its months and a
                            month before its days, so sorting newest first
                            puts a date known only to the year or month
                            after that period's dated paragraphs; with
                            PREFIX_PUBLISHED, ranges (date_range_parts) */
    SLOT_FIRST_SEEN = 10 /* the generation in which the paragraph first
                            appeared with its current text, as
                            SCHEMA_GEN_DIGITS decimal digits (byte order =
                            number order): what --since filters on */
    /* 5, 7 and 8 (file, heading, rating) are no longer written: no search
     * read them, and each value costs every paragraph's indexing. */
};

/* Boolean term prefixes (followed by the norm_key() of the value, or the
 * value itself where noted). */
#define PREFIX_ID "Q"              /* + record id, as is: the unique term */
#define PREFIX_AUTHORITY "XAUTH"   /* + key of the canonical name */
#define PREFIX_SECTION "XSECT"     /* + section_key() */
#define PREFIX_THEME "XTHEME"      /* + theme_key() */
#define PREFIX_KIND "XKIND"        /* + kind_name() */
#define PREFIX_SCORE "XSCORE"      /* + "1".."4" */
#define PREFIX_RATING "XRATING"    /* + key of the rating */
#define PREFIX_FILE "XFILE"        /* + relative path, as is */
#define PREFIX_PUBLISHED "XPUB"    /* + date_precision_name(): how precisely
                                      the date in SLOT_PUBLISHED is known
                                      ("year", "month", "day"); none when
                                      it is not */
#define PREFIX_HEADING "XH"        /* free text: heading words (and "ZXH"
                                      stems), with positions */

/* Index metadata keys. */
#define META_FORMAT "lasearch.format"         /* SCHEMA_FORMAT, as text */
#define META_AUTHORITIES "lasearch.authorities" /* authorities.tsv used */
#define META_THESAURUS "lasearch.thesaurus"   /* thesaurus.tsv used */
#define META_BUILT "lasearch.built"           /* UTC time of the build */
#define META_SUMMARY "lasearch.summary"       /* the build summary, JSON */
#define META_GENERATIONS "lasearch.generations" /* every generation this index
                                                 went through, oldest first:
                                                 JSON [{"generation", "time",
                                                 "mode", "new", "gone"}]
                                                 (gen_history.h) */

/* Digits of a generation number in SLOT_FIRST_SEEN ("%010ld"). */
#define SCHEMA_GEN_DIGITS 10

/* Bumped whenever anything above changes meaning; the query tool refuses an
 * index of another format with a message to rebuild. */
#define SCHEMA_FORMAT 3   /* 3: publication dates (slot 9, XPUB);
                             SLOT_FIRST_SEEN, META_GENERATIONS */

#endif /* LASEARCH_SCHEMA_H */
