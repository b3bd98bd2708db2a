/* test_fetch.c: lasearch-fetch's modules without a network: URLs, names
 * in the corpus, robots.txt, links, the state file, manifest rows,
 * sources.tsv and the atomic store. */
#include "check.h"

#include "docname.h"
#include "links.h"
#include "manifest_rows.h"
#include "robots.h"
#include "sources.h"
#include "state.h"
#include "store.h"
#include "url.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <libxml/parser.h>

static char *canon(const char *base, const char *ref)
{
    static char buf[4][1024];
    static int next;
    char *out = NULL, *b = buf[next++ % 4];
    url_status st = url_canon(base, ref, &out);
    snprintf(b, sizeof buf[0], "%s", st == URL_OK ? out : st == URL_SCHEME ? "SCHEME" : "BAD");
    free(out);
    return b;
}

static void test_url(void)
{
    CHECK_STR(canon(NULL, "HTTP://WWW.CQC.org.uk:80/a/./b/../c#frag"), "http://www.cqc.org.uk/a/c");
    CHECK_STR(canon(NULL, "https://x.org"), "https://x.org/");
    CHECK_STR(canon(NULL, "https://x.org:443/p?q=1"), "https://x.org/p?q=1");
    CHECK_STR(canon(NULL, "https://x.org:8443/p"), "https://x.org:8443/p");
    CHECK_STR(canon("https://x.org/a/b/c.html", "../d e.pdf"), "https://x.org/a/d%20e.pdf");
    CHECK_STR(canon("https://x.org/a/b", "/root"), "https://x.org/root");
    CHECK_STR(canon("https://x.org/a/b", "//y.org/z"), "https://y.org/z");
    CHECK_STR(canon("https://x.org/a/b", "  ?p=2 "), "https://x.org/a/b?p=2");
    CHECK_STR(canon("https://x.org/a/b?q", "#main"), "https://x.org/a/b?q");
    CHECK_STR(canon("https://x.org/a/b", ""), "https://x.org/a/b");
    CHECK_STR(canon("https://x.org/a/", "caf\xc3\xa9"), "https://x.org/a/caf%C3%A9");
    CHECK_STR(canon("https://x.org/", "file:///etc/passwd"), "SCHEME");
    CHECK_STR(canon("https://x.org/", "mailto:a@b.org"), "SCHEME");
    CHECK_STR(canon("https://x.org/", "javascript:alert(1)"), "SCHEME");
    CHECK_STR(canon("https://x.org/", "ftp://x.org/f"), "SCHEME");
    CHECK_STR(canon("https://x.org/", "https://user:pw@x.org/"), "BAD");
    CHECK_STR(canon(NULL, "not a url"), "BAD");
    CHECK(url_under("https://x.org/r/ealing", "https://x.org/r/"), "under");
    CHECK(!url_under("https://x.org/r", "https://x.org/r/"), "not under");
    char *o = url_origin("https://X.org:8080/a?b");
    CHECK_STR(o, "https://x.org:8080");
    free(o);
}

static void check_name(const char *url, doc_type t, const char *want)
{
    char *n = docname("documents", url, t);
    CHECK_STR(n, want);
    free(n);
}

/* Every component of a name is safe: not empty, ".", ".." or hidden. */
static int safe_name(const char *n)
{
    if (!n || n[0] == '/')
        return 0;
    for (const char *p = n;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || p[0] == '.' || len > DOCNAME_COMPONENT_MAX)
            return 0;
        if (!slash)
            return strlen(n) <= DOCNAME_PATH_MAX + 40;
        p = slash + 1;
    }
}

static void test_docname(void)
{
    check_name("https://www.cqc.org.uk/care-services/r/ealing", DOC_HTML,
               "documents/www.cqc.org.uk/care-services/r/ealing.html");
    check_name("https://www.cqc.org.uk/care-services/r/", DOC_HTML,
               "documents/www.cqc.org.uk/care-services/r/index.html");
    check_name("https://x.org/", DOC_HTML, "documents/x.org/index.html");
    check_name("http://127.0.0.1:8080/r.pdf?v=2", DOC_PDF,
               "documents/127.0.0.1_8080/r.pdf%3Fv=2.pdf");
    check_name("https://x.org/a.PDF", DOC_PDF, "documents/x.org/a.PDF");
    check_name("https://x.org/a//b%2Fc", DOC_TEXT, "documents/x.org/a/%2F/b%252Fc.txt");
    check_name("https://x.org/.hidden/..%2e/x", DOC_HTML,
               "documents/x.org/%2Ehidden/%2E.%252e/x.html");
    check_name("https://x.org/a:b*c", DOC_HTML, "documents/x.org/a%3Ab%2Ac.html");
    const char *hostile[] = { "https://x.org/%2e%2e/%2e%2e/etc/passwd", "https://x.org/./../..",
                              "https://x.org/a/.../b", "https://x.org/?../../x",
                              "https://x.org/a?b/../../c" };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        char *n = docname("documents", hostile[i], DOC_HTML);
        CHECK(safe_name(n) && strstr(n, "/../") == NULL, "%s -> %s", hostile[i], n);
        free(n);
    }
    char longurl[3000] = "https://x.org/";
    for (int i = 0; i < 400; i++)
        strcat(longurl, "abcd");
    char *n = docname("documents", longurl, DOC_PDF);
    CHECK(safe_name(n) && strlen(n) < 200 && strstr(n, "~") &&
              strcmp(n + strlen(n) - 4, ".pdf") == 0, "long: %s", n);
    longurl[strlen(longurl) - 1] = 'e';
    char *n2 = docname("documents", longurl, DOC_PDF);
    CHECK(n && n2 && strcmp(n, n2) != 0, "two long names differ");
    free(n);
    free(n2);
    char deep[3000] = "https://x.org";
    for (int i = 0; i < 300; i++)
        strcat(deep, "/abcdefg");
    n = docname("documents", deep, DOC_HTML);
    CHECK(safe_name(n) && strncmp(n, "documents/x.org/~", 17) == 0, "deep: %s", n);
    free(n);
}

static void test_robots(void)
{
    static const char *const agents[] = { "lasearch", "lasearch-fetch", NULL };
    const char *txt =
        "# comment\n"
        "User-agent: *\n"
        "Disallow: /\n"
        "\n"
        "User-agent: Googlebot\n"
        "User-agent: LaSearch-Fetch/1.0\n"
        "Disallow: /private/\n"
        "Allow: /private/public$\n"
        "Disallow: /*.pdf$\n"
        "Allow: /docs/\n"
        "Disallow: /docs/secret\n"
        "Crawl-delay: 2.5\n"
        "Sitemap: https://x.org/sitemap.xml\n"
        "Disallow: /after-sitemap\n"
        "User-agent: other\n"
        "Disallow: /other\n";
    robots r;
    CHECK_INT(robots_parse(txt, strlen(txt), agents, &r), 0);
    CHECK(robots_allowed(&r, "/"), "our group, not *");
    CHECK(!robots_allowed(&r, "/private/x"), "private");
    CHECK(robots_allowed(&r, "/private/public"), "allow longer");
    CHECK(!robots_allowed(&r, "/private/public2"), "$ anchors");
    CHECK(!robots_allowed(&r, "/a/b.pdf"), "wildcard");
    CHECK(robots_allowed(&r, "/a/b.pdf?x=1"), "$ then query");
    CHECK(robots_allowed(&r, "/docs/a"), "allow");
    CHECK(!robots_allowed(&r, "/docs/secret/a"), "longest wins");
    CHECK(!robots_allowed(&r, "/after-sitemap"), "sitemap does not end a group");
    CHECK(robots_allowed(&r, "/other"), "other group");
    CHECK(r.crawl_delay > 2.4 && r.crawl_delay < 2.6, "crawl delay %g", r.crawl_delay);
    robots_clear(&r);

    const char *star = "User-agent: *\r\nDisallow: /no\r\nAllow: /no\r\nDisallow:\r\n";
    CHECK_INT(robots_parse(star, strlen(star), agents, &r), 0);
    CHECK(robots_allowed(&r, "/no"), "tie: allow wins");
    CHECK(robots_allowed(&r, "/yes"), "empty disallow");
    robots_clear(&r);

    const char *all = "user-agent: *\ndisallow: /\n";
    CHECK_INT(robots_parse(all, strlen(all), agents, &r), 0);
    CHECK(!robots_allowed(&r, "/x"), "all disallowed");
    CHECK(robots_allowed(&r, "/robots.txt"), "robots.txt itself");
    robots_clear(&r);

    robots_deny_all(&r);
    CHECK(!robots_allowed(&r, "/x"), "deny all");
    robots_allow_all(&r);
    CHECK(robots_allowed(&r, "/x"), "allow all");

    /* A hostile pattern costs O(pattern x path), not exponential time. */
    char pat[4200] = "User-agent: *\nDisallow: /";
    for (int i = 0; i < 1000; i++)
        strcat(pat, "*a");
    strcat(pat, "b\n");
    char path[5000] = "/";
    for (int i = 0; i < 4000; i++)
        strcat(path, "a");
    CHECK_INT(robots_parse(pat, strlen(pat), agents, &r), 0);
    CHECK(robots_allowed(&r, path), "hostile pattern does not match");
    robots_clear(&r);
}

static void test_links(void)
{
    const char *html =
        "<!DOCTYPE html><html><head><base href=\"/reports/\"></head><body>"
        "<a href=\"ealing\">Ealing</a> <A HREF='../other.pdf#page=2'>PDF</A>"
        "<a href=\"mailto:x@y.org\">mail</a><a>none</a><a href=\"file:///etc/passwd\">f</a>"
        "<map><area href=\"https://z.org/area\"></map>"
        "<div><div><div><a href=\"  deep.html  \">deep</a></div></div></div>"
        "</body></html>";
    link_list l;
    CHECK_INT(links_extract(html, strlen(html), "https://x.org/start", &l), 0);
    CHECK_INT(l.n, 4);
    if (l.n == 4) {
        CHECK_STR(l.v[0], "https://x.org/reports/ealing");
        CHECK_STR(l.v[1], "https://x.org/other.pdf");
        CHECK_STR(l.v[2], "https://z.org/area");
        CHECK_STR(l.v[3], "https://x.org/reports/deep.html");
    }
    links_clear(&l);
    CHECK_INT(links_extract("", 0, "https://x.org/", &l), 0);
    CHECK_INT(l.n, 0);
    links_clear(&l);
    /* Nesting far deeper than any page: walked without recursion. */
    size_t depth = 20000, n = 0;
    char *deep = malloc(depth * 11 + 64);
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "<div>");
    n += (size_t)sprintf(deep + n, "<a href=\"/x\">x</a>");
    CHECK_INT(links_extract(deep, n, "https://x.org/", &l), 0);
    links_clear(&l);
    free(deep);
}

static void test_store_state_rows(void)
{
    char dir[512];
    if (check_tmpdir(dir, sizeof dir, "test_fetch") != 0) {
        CHECK(0, "no scratch directory");
        return;
    }
    int rootfd = open(dir, O_RDONLY | O_DIRECTORY);
    char err[512];
    CHECK_INT(store_put(rootfd, "documents/x.org/a/b.html", "hello", 5, err, sizeof err), 0);
    CHECK(store_same(rootfd, "documents/x.org/a/b.html", "hello", 5), "same");
    CHECK(!store_same(rootfd, "documents/x.org/a/b.html", "hellO", 5), "differs");
    CHECK(!store_same(rootfd, "documents/x.org/a/b.html", "hello!", 6), "longer");
    /* A symlink in the path is never followed out of the corpus. */
    CHECK_INT(symlink("/tmp", check_path(dir, "documents/evil")), 0);
    CHECK_INT(store_put(rootfd, "documents/evil/x.html", "x", 1, err, sizeof err), -1);
    /* Moving aside never replaces an earlier copy. */
    char *to = NULL;
    CHECK_INT(store_move_aside(rootfd, "documents/x.org/a/b.html", ".gone", &to, err, sizeof err), 0);
    CHECK_STR(to, ".gone/documents/x.org/a/b.html");
    free(to);
    CHECK_INT(store_put(rootfd, "documents/x.org/a/b.html", "again", 5, err, sizeof err), 0);
    CHECK_INT(store_move_aside(rootfd, "documents/x.org/a/b.html", ".gone", &to, err, sizeof err), 0);
    CHECK_STR(to, ".gone/documents/x.org/a/b.html.1");
    free(to);
    CHECK_INT(store_move_aside(rootfd, "documents/x.org/a/b.html", ".gone", &to, err, sizeof err), 1);
    /* A killed run's temporary files are swept. */
    check_write_text(check_path(dir, "documents/x.org/a/" STORE_TMP_PREFIX "1-c.html"), "half");
    CHECK_INT(store_sweep(rootfd, "documents"), 1);

    fetch_state st;
    CHECK_INT(state_load(rootfd, &st, err, sizeof err), 0);
    CHECK_INT(st.n, 0);
    CHECK_INT(state_set(&st, "https://x.org/a", "documents/x.org/a.html", "\"e1\"",
                        "Tue, 07 May 2024 09:00:00 GMT"), 0);
    CHECK_INT(state_set(&st, "https://x.org/b", "documents/x.org/b.html", "bad\tetag", NULL), 0);
    CHECK_INT(state_set(&st, "https://x.org/c", "documents/x.org/c.html", NULL, NULL), 0);
    state_drop(&st, "https://x.org/c");
    CHECK_INT(state_save(rootfd, &st, err, sizeof err), 0);
    state_clear(&st);
    CHECK_INT(state_load(rootfd, &st, err, sizeof err), 0);
    state_entry *e = state_find(&st, "https://x.org/a");
    CHECK(e && strcmp(e->etag, "\"e1\"") == 0, "etag kept");
    e = state_find(&st, "https://x.org/b");
    CHECK(e && strcmp(e->etag, "") == 0, "a TAB in an etag is not kept");
    CHECK(state_find(&st, "https://x.org/c") == NULL, "dropped");
    CHECK_STR(state_owner(&st, "documents/x.org/a.html"), "https://x.org/a");
    state_clear(&st);

    /* Manifest rows: others' lines kept byte for byte, ours edited. */
    const char *manifest =
        "# hand-written comment\n"
        "file\tauthority\tkind\turl\tpublished\n"
        "documents/mine.txt\tEaling\tassessment\t\t\n"
        "./documents/x.org/a.html\t\t\thttps://x.org/old\t2020-01-01\n";
    check_write_text(check_path(dir, "manifest.tsv"), manifest);
    manifest_rows m;
    CHECK_INT(rows_load(rootfd, &m, err, sizeof err), 0);
    CHECK_STR(rows_get(&m, "documents/x.org/a.html", ROW_URL), "https://x.org/old");
    CHECK_INT(rows_save(rootfd, &m, err, sizeof err), 0);   /* unchanged: not written */
    CHECK_INT(rows_set(&m, "documents/x.org/a.html", "", "", "https://x.org/a", "2024-05-07"), 0);
    CHECK_INT(rows_set(&m, "documents/x.org/b.html", "Medway", "self-assessment",
                       "https://x.org/b", NULL), 0);
    CHECK_INT(rows_remove(&m, "documents/gone.html"), 0);
    CHECK_INT(rows_save(rootfd, &m, err, sizeof err), 0);
    rows_clear(&m);
    char *text;
    size_t len;
    CHECK_INT(store_read(rootfd, "manifest.tsv", 1 << 20, &text, &len), 0);
    CHECK_STR(text, "# hand-written comment\n"
                    "file\tauthority\tkind\turl\tpublished\n"
                    "documents/mine.txt\tEaling\tassessment\t\t\n"
                    "./documents/x.org/a.html\t\t\thttps://x.org/a\t2024-05-07\n"
                    "documents/x.org/b.html\tMedway\tself-assessment\thttps://x.org/b\t\n");
    free(text);
    CHECK_INT(rows_load(rootfd, &m, err, sizeof err), 0);
    CHECK_INT(rows_remove(&m, "documents/x.org/b.html"), 1);
    CHECK_INT(rows_save(rootfd, &m, err, sizeof err), 0);
    rows_clear(&m);
    /* Another layout is kept: its order, its other columns; ours that it
     * lacks are appended. No file column: refused. */
    check_write_text(check_path(dir, "manifest.tsv"),
                     "URL\tfile\tauthority\tkind\tpublished\tnote\n"
                     "https://x.org/z\tdocuments/z.txt\t\t\t\tmine\n");
    CHECK_INT(rows_load(rootfd, &m, err, sizeof err), 0);
    CHECK_STR(rows_get(&m, "z.txt", ROW_URL), "https://x.org/z");
    CHECK_INT(rows_set(&m, "documents/z.txt", NULL, "summary", "https://x.org/z2", NULL), 0);
    CHECK_INT(rows_save(rootfd, &m, err, sizeof err), 0);
    rows_clear(&m);
    CHECK_INT(store_read(rootfd, "manifest.tsv", 1 << 20, &text, &len), 0);
    CHECK_STR(text, "URL\tfile\tauthority\tkind\tpublished\tnote\n"
                    "https://x.org/z2\tdocuments/z.txt\t\tsummary\t\tmine\n");
    free(text);
    check_write_text(check_path(dir, "manifest.tsv"), "authority\tfile\nEaling\tx.txt\n");
    CHECK_INT(rows_load(rootfd, &m, err, sizeof err), 0);
    CHECK_INT(rows_set(&m, "documents/x.txt", NULL, NULL, "https://x.org/x", "2024-01-02"), 0);
    CHECK_INT(rows_save(rootfd, &m, err, sizeof err), 0);
    rows_clear(&m);
    CHECK_INT(store_read(rootfd, "manifest.tsv", 1 << 20, &text, &len), 0);
    CHECK_STR(text, "authority\tfile\tkind\turl\tpublished\n"
                    "Ealing\tx.txt\t\thttps://x.org/x\t2024-01-02\n");
    free(text);
    check_write_text(check_path(dir, "manifest.tsv"), "authority\turl\n");
    CHECK_INT(rows_load(rootfd, &m, err, sizeof err), -1);
    CHECK(strstr(err, "no file column") != NULL, "%s", err);
    close(rootfd);
    check_rm_rf(dir);
}

static void test_sources(void)
{
    char err[512];
    sources s;
    const char *ok = "# where reports are\nurl\tfollow\tkind\n"
                     "https://x.org/list\thttps://x.org/list/\tSelf-Assessment\n"
                     "https://y.org/\thttps://y.org/r/\n";
    CHECK_INT(sources_parse(ok, strlen(ok), "sources.tsv", NULL, &s, err, sizeof err), 0);
    CHECK_INT(s.n, 2);
    if (s.n == 2) {
        CHECK_STR(s.v[0].kind, "self-assessment");
        CHECK_STR(s.v[0].follow, "https://x.org/list/");
        CHECK_STR(s.v[1].authority, "");
    }
    sources_clear(&s);
    const char *bad[] = { "url\n", "url\tfollow\tcolour\n", "url\tfollow\n",
                          "url\tfollow\nfile:///x\thttps://x.org/\n",
                          "url\tfollow\tkind\nhttps://x.org/\thttps://x.org/\tnews\n" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK_INT(sources_parse(bad[i], strlen(bad[i]), "sources.tsv", NULL, &s, err,
                                sizeof err), -1);
        CHECK(strstr(err, "sources.tsv") != NULL, "error names the file: %s", err);
    }
    authority_table *t = NULL;
    if (authority_table_load(LASEARCH_SOURCE_DIR "/corpus/authorities.tsv", &t, err,
                             sizeof err) == 0) {
        const char *named = "url\tfollow\tauthority\nhttps://x.org/\thttps://x.org/\tlondon "
                            "borough of ealing\n";
        CHECK_INT(sources_parse(named, strlen(named), "s", t, &s, err, sizeof err), 0);
        CHECK(s.n == 1 && strcmp(s.v[0].authority, "Ealing") == 0, "canonical name");
        sources_clear(&s);
        const char *unknown = "url\tfollow\tauthority\nhttps://x.org/\thttps://x.org/\tNarnia\n";
        CHECK_INT(sources_parse(unknown, strlen(unknown), "s", t, &s, err, sizeof err), -1);
        authority_table_free(t);
    }
}

/* The README's sources.tsv example reads, its council included. */
static void test_readme_example(void)
{
    FILE *f = fopen(LASEARCH_SOURCE_DIR "/README.md", "r");
    char line[1024], text[8192] = "";
    int in = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "# sources.tsv: where", 20) == 0)
            in = 1;
        else if (in && strncmp(line, "```", 3) == 0)
            break;
        if (in && strlen(text) + strlen(line) < sizeof text)
            strcat(text, line);
    }
    if (f)
        fclose(f);
    CHECK(in, "no sources.tsv example in README.md");
    char err[512];
    authority_table *t = NULL;
    sources s;
    if (in && authority_table_load(LASEARCH_SOURCE_DIR "/corpus/authorities.tsv", &t, err,
                                   sizeof err) == 0) {
        CHECK(sources_parse(text, strlen(text), "README", t, &s, err, sizeof err) == 0 &&
                  s.n == 2, "README example: %s", err);
        sources_clear(&s);
        authority_table_free(t);
    }
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    xmlInitParser();
    test_url();
    test_docname();
    test_robots();
    test_links();
    test_store_state_rows();
    test_sources();
    test_readme_example();
    xmlCleanupParser();
    curl_global_cleanup();
    return check_report("test_fetch");
}
