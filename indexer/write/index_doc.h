/*
 * index_doc.h: one paragraph record -> one Xapian document, laid out as
 * schema.h says. The only place that writes the schema; the query side reads
 * it through schema.h's names.
 */
#ifndef LASEARCH_INDEX_DOC_H
#define LASEARCH_INDEX_DOC_H

#include "lasearch_shim.h"
#include "record.h"

/* Fill doc (cleared first) from r, generating terms with tg (whose spelling
 * data, if enabled, goes where shim_termgen_set_database said). Returns
 * SHIM_OK, or the shim status of the failing step (SHIM_ERR_NOMEM when our
 * own allocation fails, SHIM_ERR_ARG when r's text is not valid UTF-8). */
shim_status index_doc_fill(shim_termgen *tg, shim_doc *doc, const para_record *r);

/* Store r as doc's data (record_encode): what the query side reads back.
 * SHIM_ERR_NOMEM if encoding runs out of memory. */
shim_status index_doc_set_record(shim_doc *doc, const para_record *r);

/* Terms made from a value of any length (a path, a record id): term_of()
 * (model/term.h), which the query side uses to look them up. Every such
 * term, whether written, deleted or looked up, is made so. malloc()ed;
 * NULL out of memory. */
char *index_doc_term(const char *prefix, const char *value);

/* The unique term of record id r->id (PREFIX_ID + id, as above). */
char *index_doc_id_term(const char *id);

/* The term every paragraph of the file at path (relative to the corpus)
 * carries (PREFIX_FILE + path, as above): how an update deletes a file's
 * paragraphs and a check counts them. */
char *index_doc_file_term(const char *path);

#endif /* LASEARCH_INDEX_DOC_H */
