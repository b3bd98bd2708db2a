/*
 * docname.h: where a fetched page lives in the corpus: a safe relative
 * path made from its URL, by host and path.
 *
 *   https://www.cqc.org.uk/care-services/x/ealing    documents/www.cqc.org.uk/care-services/x/ealing.html
 *   https://www.cqc.org.uk/care-services/x/          documents/www.cqc.org.uk/care-services/x/index.html
 *   http://127.0.0.1:8080/r.pdf?v=2                  documents/127.0.0.1_8080/r.pdf%3Fv=2.pdf
 *
 * What holds for every name, whatever the URL:
 *  - it stays below the prefix: no component is empty, ".", ".." or starts
 *    with '.' (the indexer skips hidden names), and there is no "/" but
 *    between components;
 *  - bytes other than letters, digits and "-._~!$&'()+,;=@" are
 *    percent-encoded, '%' included, so two URLs never share a name through
 *    the encoding; a query string is encoded into the last component after
 *    "%3F"; an empty path component is "%2F";
 *  - the last component ends in the extension of what the page is (.html,
 *    .pdf, .txt) unless it already does, and "/" is "index" plus it;
 *  - a component over DOCNAME_COMPONENT_MAX bytes keeps its start and ends
 *    in "~" and 16 hex digits of a hash of the whole; a name over
 *    DOCNAME_PATH_MAX bytes is prefix/host/~HASH.ext instead (docname_hashed,
 *    also the fallback when two URLs would share a name).
 *
 * Ownership: returned strings are malloc()ed; the caller frees them (NULL:
 * out of memory, or url does not parse). Thread-safe.
 */
#ifndef LASEARCH_FETCH_DOCNAME_H
#define LASEARCH_FETCH_DOCNAME_H

#define DOCNAME_COMPONENT_MAX 150
#define DOCNAME_PATH_MAX 1000

/* What a page is, by its content type: each is stored with its extension. */
typedef enum doc_type { DOC_HTML, DOC_PDF, DOC_TEXT } doc_type;

/* ".html", ".pdf", ".txt" */
const char *docname_ext(doc_type t);

/* prefix/host[_port]/path..., e.g. prefix "documents". */
char *docname(const char *prefix, const char *url, doc_type type);

/* prefix/host[_port]/~HASH.ext: one name per URL, short whatever the URL. */
char *docname_hashed(const char *prefix, const char *url, doc_type type);

/* 64-bit FNV-1a of s, for names (not security). */
unsigned long long docname_hash(const char *s, unsigned long n);

#endif /* LASEARCH_FETCH_DOCNAME_H */
