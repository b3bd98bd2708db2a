/*
 * parse_internal.h: what the parser's files share (not a public header).
 *
 *   parse.c          corpus_parse() and the walk over the lines: headings,
 *                    sections, scores, boilerplate
 *   parse_kind.c     the document's kind, from the lines alone
 *   parse_summary.c  a summary page's facts: rating, indicative, percentage,
 *                    the nine statement scores; and the page's dates
 *   parse_facets.c   the council and the document-wide facets
 *   parse_skip.c     the list of lines in no paragraph, with their reasons
 *   parse_lines.c    splitting the text into lines, normalising and cleaning
 *                    each, classifying it (blank, furniture, '#' heading, ...)
 *   parse_score.c    score lines, score labels, overall ratings, Theme lines
 *   parse_date.c     dates and date lines ("Published: 17 January 2025")
 *   parse_furniture.c  page furniture ("Downloads", "Skip to content")
 *   parse_heading.c  which lines are headings: the known headings of CQC
 *                    pages and self-assessments, and the general rules
 *   parse_emit.c     turning a block of text lines into paragraph records
 *   parse_util.c     messages and ASCII text tests the others share
 *
 * Calls run one way: parse.c -> parse_kind.c, parse_summary.c,
 * parse_facets.c, parse_skip.c -> parse_lines.c -> parse_heading.c,
 * parse_score.c, parse_date.c, parse_furniture.c -> parse_util.c
 * (parse_emit.c beside parse_facets.c); never back up.
 */
#ifndef LASEARCH_PARSE_INTERNAL_H
#define LASEARCH_PARSE_INTERNAL_H

#include <stddef.h>

#include "parse.h"
#include "section.h"

/* What one line of the document is, before headings are decided. */
typedef enum pline_kind {
    PL_BLANK = 0,  /* empty or only white space */
    PL_NOISE,      /* not text, and a paragraph boundary: "---" separators,
                      lines of HTML tags or of '*' markers, page furniture
                      (parse_furniture.c); skip says which */
    PL_MDHEAD,     /* a Markdown '#' heading (text without the '#'s) */
    PL_SCORE,      /* "Score: 3", "3 - Evidence shows a good standard" */
    PL_RATING,     /* an overall rating ("Overall rating: Good 63%") */
    PL_PERCENT,    /* a lone percentage next to an overall rating */
    PL_THEME,      /* "Theme N - <theme> - <statement>" */
    PL_TITLE,      /* "<Council>: local authority assessment" */
    PL_DATE,       /* "Published: 17 January 2025", "15 Oct 2025" */
    PL_TEXT        /* anything else: paragraph text or a plain heading */
} pline_kind;

/* What a known heading is for. */
typedef enum heading_role {
    HR_NONE = 0,
    HR_BOILER,     /* "What people expect", "The local authority commitment":
                      the heading and its paragraphs are not text */
    HR_KEYFIND,    /* "Key findings for this quality statement" */
    HR_SUB,        /* a known CQC sub-heading */
    HR_PAGE,       /* a summary page's own headings ("Overall summary"):
                      on a summary page they end the last statement's part */
    HR_SA,         /* a self-assessment list heading ("What is working well") */
    HR_CONTENTS,   /* "Contents": the heading and its entries are not text */
    HR_STATEMENT,  /* the name of a quality statement */
    HR_GENERIC     /* a heading by the general rules */
} heading_role;

/* Self-assessment list headings, canonical forms. */
enum { SA_NONE = 0, SA_WORKING_WELL, SA_IMPROVE, SA_PRIORITIES };

/* Known headings that only one kind of page has. */
enum {
    SIG_NONE = 0,
    SIG_KEYFIND,     /* "Key findings for this quality statement": a report */
    SIG_SUMMARY,     /* "Local authority rating and score", "Quality statement
                        scores": a summary page */
    SIG_INDICATIVE,  /* "Local authority indicative rating": a pilot summary */
    SIG_FACTS_END    /* "Summary of people's experiences": a summary page's
                        rating and scores are above it */
};

/* Boilerplate blocks: CQC's fixed statements, in their own voice. */
enum { BOIL_NONE = 0, BOIL_EXPECT, BOIL_COMMIT };

/* What a date line's date is. */
enum {
    DATE_ROLE_NONE = 0,   /* no date (a label whose value has no year) */
    DATE_PUBLISHED,  /* "Published:", "Assessment published:", "Posted on" */
    DATE_UPDATED,    /* "Page last updated:", "Last reviewed:" */
    DATE_BARE,       /* a date alone on its line ("15 Oct 2025"), a byline's */
    DATE_OTHER       /* "Next review due:", "Assessment start date:" */
};

#define PARSE_SHORT_LINE 200  /* longer lines are never headings or names */

typedef struct pline {
    unsigned no;        /* 1-based line number in the file */
    pline_kind kind;
    char *text;         /* normalised, cleaned of inline markup, trimmed;
                           bullets without their marker; '#' headings
                           without the '#'s */
    size_t len;
    int bullet;         /* PL_TEXT: a list item starts here */
    int had_link;       /* the line held a link or code: not a heading */
    int colon;          /* text ends with ':' */
    heading_role role;  /* short PL_TEXT / PL_MDHEAD: known heading role */
    int sa;             /* role HR_SA: SA_* */
    int words;          /* word count of text (short lines) */
    int multiword_key;  /* the known heading has more than one word */
    int sig;            /* known heading: SIG_* */
    int boil;           /* known heading: BOIL_* */
    int stmt;           /* section_match(text), -1 (bullets too) */
    int theme_named;    /* theme_match(text), -1 (bullets too) */
    int council;        /* the council the whole line names, -1 */
    /* every line, once decided */
    const char *skip;   /* why the line is in no paragraph (static string) */
    int used;           /* the line is in a paragraph */
    /* PL_SCORE */
    int score;          /* 1..4 */
    int score_words;    /* what a label's words say, 0 if they say nothing */
    int score_section;  /* a statement named on the same line, -1 */
    int list_score;     /* a list entry or table cell ("assessing needs - 3"),
                           not a page's own score line */
    int label_rating;   /* a label starting with a rating word and no number
                           ("Good: Evidence shows a good standard"): 1..4 */
    int indicative;     /* "Indicative score: 2" (or the label alone) */
    /* PL_RATING: 4 Outstanding, 3 Good, 2 Requires improvement,
     * 1 Inadequate; percent -1 when not given */
    int rating;
    int percent;
    /* PL_THEME */
    int theme_no;       /* N as written */
    int theme;          /* the theme named, -1 */
    int theme_section;  /* the statement named, -1 */
    char *theme_text;   /* the statement as written ("" none) */
    /* PL_TITLE */
    int authority;      /* index from authority_from_title() */
    /* PL_DATE: role DATE_*, rank (1 most sure), the date(s) as YYYY-MM-DD;
     * date2 is a "Page last updated" on the same line ("" none). Text lines
     * that open with a date ("Friday 13 December, 2024: ...") keep their
     * kind and have lead_date set. */
    int date_role, date_rank;
    char date[11], date2[11];
    int lead_date;
} pline;

typedef struct parse_ctx {
    const char *file;
    const authority_table *auth;  /* may be NULL */
    corpus_doc *doc;
    int nomem;                    /* sticky: once set, nothing more is done */

    pline *lines;       /* the window's lines */
    size_t n_lines;
    unsigned line_base; /* lines in earlier windows */
    size_t cap_paras, cap_warnings, cap_skipped;
    size_t finished;    /* paragraphs given the document's facets */
    size_t more_warnings;  /* warnings past PARSE_MAX_WARNINGS, not kept */

    /* parts (corpus_parse_read): called after each window; stream: the
     * window's paragraphs and skipped lines are then freed */
    corpus_part_fn part_fn;
    void *part_arg;
    int stream;
    int part_failed;    /* part_fn returned -1 */
    int stopped;        /* part_fn returned 1 */

    /* the walk */
    doc_kind kind;
    int section;        /* section of paragraphs emitted now */
    char *heading;      /* current sub-heading facet (owned, never NULL) */
    int skipping;       /* inside a boilerplate block: BOIL_* */
    const char *boil_reason;  /* its skip reason */
    int seen_para;      /* a paragraph has been emitted */
    int title_taken;    /* the document's title heading has been seen */
    int in_pages;       /* self-assessment: past the first Theme page */
    size_t n_pages;     /* self-assessment: Theme pages seen */
    int doc_section;    /* assessment page: the statement its title names */
    authority_tally *tally;  /* NULL when the authority is already known */
    const pline *sa_title;   /* self-assessment: the line naming it, with
                                "... in <Council>" (NULL none) */
    int sa_council;          /* the council that line names, -1 */

    /* scores (a summary page's are the document's facts: parse_summary.c) */
    int doc_score;      /* assessment page: the first score given, 0 none */
    unsigned doc_score_line;
    char *why_score;    /* built as scores are met */
} parse_ctx;

/* ---- parse_util.c: the bottom layer, calling nothing of the parser ---- */
/* Replace *field (owned) with a copy of s. */
void parse_set(parse_ctx *c, char **field, const char *s);
/* Append "file:line: message" to the document's warnings. */
void parse_warn(parse_ctx *c, unsigned line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A malloc()ed printf; sets c->nomem and returns NULL on failure. */
char *parse_strf(parse_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* ASCII case-insensitive helpers. */
int parse_ieq(const char *a, size_t alen, const char *b);
int parse_istarts(const char *s, size_t len, const char *prefix);
int parse_is_upper_start(const char *s, size_t len);
size_t parse_count_words(const char *s, size_t len);
/* Does line l end a sentence (. ! ? or ':', before closing quotes)? */
int parse_ends_sentence(const pline *l);
/* Does the key (norm_key form) hold phrase as whole words? */
int parse_key_has(const char *key, const char *phrase);
/* Mark line l as in no paragraph, for reason (static), unless decided. */
void parse_skip_line(pline *l, const char *reason);

/* ---- parse.c ---- */
/* corpus_parse, with a part function (parse.h: corpus_parse_read); stream:
 * free each window's paragraphs once fn has had them. 0, -1 out of
 * memory, -2 fn failed. */
int parse_document(const char *file, const char *text, size_t len, const corpus_ref *ref,
                   corpus_part_fn fn, void *arg, int stream, corpus_doc *out);
/* Feed a heading's text to the council tally (if one is kept). */
void parse_tally_heading(parse_ctx *c, const char *text, size_t len);

/* ---- parse_kind.c ---- */
/* The kind, from the manifest entry (may be NULL) or the lines. */
void parse_decide_kind(parse_ctx *c, const manifest_entry *me);

/* ---- parse_summary.c ---- */
/* A summary page's rating, indicative flag, percentage and statement
 * scores into the document (kind must be decided). */
void parse_summary_facts(parse_ctx *c);
/* The page's own dates into the document, replacing the manifest's. */
void parse_page_dates(parse_ctx *c);

/* ---- parse_skip.c ---- */
/* The window's lines in no paragraph, appended to the document's
 * skipped[] list with their reasons. */
void parse_list_skipped(parse_ctx *c);

/* ---- parse_facets.c ---- */
/* The council: manifest, then title line (may be NULL), then a
 * self-assessment's "in <Council>", then the tally. */
void parse_decide_authority(parse_ctx *c, const manifest_entry *me,
                            const pline *title);
/* The document's facets, once its first window has been walked. */
void parse_finish(parse_ctx *c, const manifest_entry *me);
/* Every record not yet given them, the document-wide facets. */
void parse_finish_records(parse_ctx *c);

/* ---- parse_lines.c ---- */
/* Split, normalise, clean and classify every line of a window into
 * c->lines, numbered on from c->line_base. */
void parse_lines(parse_ctx *c, const char *text, size_t len);
void parse_lines_free(parse_ctx *c);
/* Inline Markdown and HTML removed from s (n bytes), white space runs made
 * one space, trimmed: a new string (NULL, c->nomem set, if out of memory).
 * *had_link (may be NULL) says whether a link or code span was there. */
char *parse_clean_inline(parse_ctx *c, const char *s, size_t n, int *had_link);

/* ---- parse_score.c ---- */
/* Recognise a score line or label (fills kind PL_SCORE and the score
 * fields); a rating line; a percentage; a Theme line. 1 if recognised. */
int parse_score_line(pline *l);
int parse_rating_line(pline *l, int bare_allowed);
int parse_percent_line(const pline *l, int *percent);
int parse_theme_line(parse_ctx *c, pline *l);
/* "Outstanding", "Good", ... for a rating 1..4; "" otherwise. */
const char *parse_rating_name(int rating);
/* An overall percentage in any shape summary pages print it ("Overall
 * score: 62", "Overall rating for X: 39%", "X scored 78 out of 100
 * overall", "Score: 56%", "63%"); -1 if the line gives none. */
int parse_overall_percent(const pline *l);
/* A bare digit 1..4 (a table cell, "3 |" already trimmed): 1..4 or 0. */
int parse_bare_score(const pline *l);

/* ---- parse_date.c ---- */
/* A date at the start of s (n bytes): "17 January 2025", "Friday, 17th May
 * 2024", "June 27, 2024", "15 Oct 2025", "2024-11-16", "10/02/2025",
 * "22/05/24". Writes YYYY-MM-DD into out (11 bytes) and returns the bytes
 * read, or 0. *partial (may be NULL) is set when a day and month were read
 * but no year: not a date. */
size_t parse_date_scan(const char *s, size_t n, char out[11], int *partial);
/* Recognise a date line (fills PL_DATE and the date fields) or a text line
 * opening with a date (lead_date). 1 if the line is a date line. */
int parse_date_line(pline *l);

/* ---- parse_furniture.c ---- */
/* Page furniture: the reason ("furniture", "no words") or NULL. */
const char *parse_furniture(const char *s, size_t n);

/* ---- parse_heading.c ---- */
/* The known role of a short line (sets role, sa, sig, boil, multiword_key,
 * and the names below). */
void parse_known_heading(parse_ctx *c, pline *l);
/* The statement, theme or council the whole line names (stmt, theme_named,
 * council); bullets too. */
void parse_line_names(parse_ctx *c, pline *l);
/* The canonical text of a self-assessment list heading. */
const char *parse_sa_canonical(int sa);
/* Decide whether the first line of the text block [i, j) is a heading;
 * returns its role or HR_NONE. */
heading_role parse_heading_at(parse_ctx *c, size_t i, size_t j);
/* The end of the text block starting at line i (first line that is not
 * PL_TEXT, or a known heading that starts a new block). */
size_t parse_block_end(const parse_ctx *c, size_t i);
/* After a "Contents" heading at line i: the first line after its entries. */
size_t parse_contents_end(const parse_ctx *c, size_t i);
/* The next line at or after i that is not blank or noise (n_lines if none). */
size_t parse_next_content(const parse_ctx *c, size_t i);

/* ---- parse_emit.c ---- */
/* Emit the paragraphs of the text block [i, j) with the walk's facets;
 * boilerplate and names standing alone are skipped. */
void parse_emit_block(parse_ctx *c, size_t i, size_t j);
/* Emit line i alone as a paragraph (a page with no other text). */
void parse_emit_line(parse_ctx *c, size_t i);

#endif /* LASEARCH_PARSE_INTERNAL_H */
