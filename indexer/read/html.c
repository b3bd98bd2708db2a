/*
 * html.c: HTML pages -> blocks (the rules are in html.h, how the reader's
 * files share the work in html_internal.h). The entry points: html_sniff,
 * and html_read, which decodes the bytes, has libxml2 build the tree with
 * its error handlers silenced, and reads the tree in two passes.
 */
#include "html_internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

static void say(char *msg, size_t msglen, const char *what)
{
    if (msg && msglen)
        snprintf(msg, msglen, "%s", what);
}

static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

static void libxml_init(void)
{
    xmlInitParser();
}

static void silent_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* libxml2's error handlers for this thread, kept while they are silenced. */
typedef struct quiet {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} quiet;

static void quiet_start(quiet *q)
{
    q->generic = xmlGenericError;
    q->generic_ctx = xmlGenericErrorContext;
    q->structured = xmlStructuredError;
    q->structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent_generic);
    xmlSetStructuredErrorFunc(NULL, silent_structured);
}

static void quiet_end(const quiet *q)
{
    xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
    xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
}

/* Note a parse libxml2 stopped short (nesting too deep, say). */
static void note_halt(html_reader *r, xmlParserCtxtPtr ctxt)
{
    if (!ctxt->disableSAX)
        return;
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    int deep = e && e->message && strstr(e->message, "depth") != NULL;
    html_note(r, "line %d: the parser stopped (%s); " BLOCKS_NOTE_CUT,
              e ? e->line : 0, deep ? "nesting too deep" : "malformed input");
}

static int read_tree(html_reader *r, xmlParserCtxtPtr ctxt, htmlDocPtr doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root)
        return 1;
    html_prepass(r, root);
    if (!r->err)
        html_read_content(r, root);
    note_halt(r, ctxt);
    if (r->notes_over) {
        size_t over = r->notes_over;
        r->notes_over = 0;
        if (doc_blocks_dropped(r->out, "... and %zu more", over) != 0)
            r->err = -1;
    }
    return 0;
}

int html_sniff(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    unsigned char ascii[4096];
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        /* UTF-16: the ASCII of each code unit is enough to see tags */
        size_t k = 0, lo = s[0] == 0xFF ? 0 : 1;
        for (size_t i = 2; i + 1 < len && k < sizeof ascii; i += 2)
            ascii[k++] = s[i + 1 - lo] == 0 && s[i + lo] < 0x80 ? s[i + lo] : 0x80;
        s = ascii;
        len = k;
    } else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        len -= 3;
    }
    static const char *const tags[] = {"<html", "<head", "<body", "<title", "<meta"};
    size_t n = len < SCAN_BYTES ? len : SCAN_BYTES, p = 0;
    for (;;) {
        while (p < n && ascii_space(s[p]))
            p++;
        if (p >= n || s[p] != '<')
            return 0;
        if (html_ci_starts(s + p, n - p, "<!--")) {
            p = html_skip_past(s, n, p + 4, "-->");
        } else if (html_ci_starts(s + p, n - p, "<?")) {
            p = html_skip_past(s, n, p + 2, ">");
        } else if (html_ci_starts(s + p, n - p, "<!doctype") && p + 9 < n &&
                   ascii_space(s[p + 9])) {
            p += 9;
            while (p < n && ascii_space(s[p]))
                p++;
            return html_ci_starts(s + p, n - p, "html") &&
                   (p + 4 == n || ascii_space(s[p + 4]) || s[p + 4] == '>');
        } else {
            for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
                size_t k = strlen(tags[i]);
                if (html_ci_starts(s + p, n - p, tags[i]) &&
                    (p + k == n || ascii_space(s[p + k]) || s[p + k] == '>' ||
                     s[p + k] == '/'))
                    return 1;
            }
            return 0;
        }
    }
}

int html_read(const char *bytes, size_t len, doc_blocks *out, char *msg,
              size_t msglen)
{
    say(msg, msglen, "");
    if (len > HTML_MAX_INPUT_BYTES)
        return say(msg, msglen, "document too large"), -1;
    strbuf utf8 = {NULL, 0, 0};
    if (html_decode((const unsigned char *)bytes, len, &utf8) != 0) {
        html_sb_free(&utf8);
        return say(msg, msglen, "out of memory"), -1;
    }
    if (!html_has_visible(utf8.p ? utf8.p : "", utf8.n)) {
        html_sb_free(&utf8);
        return say(msg, msglen, "empty document"), -1;
    }
    if (utf8.n > INT_MAX) { /* libxml2 takes an int */
        html_sb_free(&utf8);
        return say(msg, msglen, "document too large"), -1;
    }
    pthread_once(&libxml_once, libxml_init);
    quiet q;
    quiet_start(&q);
    int rc = -1;
    const char *why = "out of memory";
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    htmlDocPtr doc = NULL;
    if (ctxt) {
        doc = htmlCtxtReadMemory(ctxt, utf8.p, (int)utf8.n, NULL, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                     HTML_PARSE_IGNORE_ENC);
        if (!doc && ctxt->errNo != XML_ERR_NO_MEMORY)
            why = "not an HTML document";
    }
    if (doc && ctxt->errNo != XML_ERR_NO_MEMORY) {
        html_reader r;
        memset(&r, 0, sizeof r);
        r.out = out;
        r.limit = 4 * len + 64 * 1024;
        int empty = read_tree(&r, ctxt, doc);
        rc = r.err ? -1 : empty ? -1 : 0;
        why = r.err ? "out of memory" : "not an HTML document";
        html_sb_free(&r.text.s);
        html_sb_free(&r.rowtext);
    }
    xmlFreeDoc(doc);
    if (ctxt)
        htmlFreeParserCtxt(ctxt);
    quiet_end(&q);
    html_sb_free(&utf8);
    if (rc != 0)
        say(msg, msglen, why);
    return rc;
}
