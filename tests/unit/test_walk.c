/*
 * test_walk.c: listing a corpus directory (walk.h). The trees, links and
 * loops are all made at run time in a fresh directory under $TMPDIR.
 */
#include "check.h"
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[4096];
static char err[512];

static const char *tpath(const char *name)
{
    return check_path(tmpdir, name);
}

static void touch(const char *name)
{
    FILE *f = fopen(tpath(name), "w");
    if (!f || fputs("text\n", f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", tpath(name), strerror(errno));
        exit(2);
    }
}

static void mkdirs(const char *name)
{
    if (mkdir(tpath(name), 0755) != 0) {
        fprintf(stderr, "mkdir %s: %s\n", tpath(name), strerror(errno));
        exit(2);
    }
}

static void link_to(const char *target, const char *name)
{
    if (symlink(target, tpath(name)) != 0) {
        fprintf(stderr, "symlink %s: %s\n", tpath(name), strerror(errno));
        exit(2);
    }
}


/* What one entry should be: its relpath and its problem (NULL for none). */
typedef struct expect {
    const char *relpath, *problem;
} expect;

static void check_list(const char *what, const walk_list *l, const expect *want,
                       size_t nwant)
{
    size_t i;

    CHECK(l->n == nwant, "%s: %zu entries, expected %zu", what, l->n, nwant);
    for (i = 0; i < l->n || i < nwant; i++) {
        const char *got = i < l->n ? l->entries[i].relpath : "(none)";
        const char *gotp = i < l->n ? l->entries[i].problem : NULL;
        const char *exp = i < nwant ? want[i].relpath : "(none)";
        const char *expp = i < nwant ? want[i].problem : NULL;
        CHECK(strcmp(got, exp) == 0, "%s: entry %zu is \"%s\", expected \"%s\"",
              what, i, got, exp);
        CHECK((!gotp && !expp) || (gotp && expp && !strcmp(gotp, expp)),
              "%s: %s: problem \"%s\", expected \"%s\"", what, got,
              gotp ? gotp : "(none)", expp ? expp : "(none)");
    }
}

static void test_tree(void)
{
    walk_list l;
    size_t i;
    int rc, root = geteuid() == 0;
    char want_path[4300];

    mkdirs("c");
    mkdirs("c/a");
    mkdirs("c/a/m");
    mkdirs("c/sub");
    mkdirs("c/.git");
    mkdirs("c/empty");
    touch("c/b.txt");
    touch("c/a/z.txt");
    touch("c/a/m/x.txt");
    touch("c/a-c.txt");           /* '-' sorts before '/': before a/... */
    touch("c/B.txt");             /* byte order: upper case first */
    touch("c/.hidden.txt");
    touch("c/.git/config");
    touch("c/a/.swp");
    /* Reference files are skipped at the root only. */
    touch("c/manifest.tsv");
    touch("c/authorities.tsv");
    touch("c/thesaurus.tsv");
    touch("c/sources.tsv");
    touch("c/README");
    touch("c/README.md");
    touch("c/sub/manifest.tsv");
    touch("c/sub/README.md");
    touch("c/sub/thesaurus.tsv");
    touch("c/sub/sources.tsv");
    /* Links: a file followed, a cycle back up, a loop, a dangling one. */
    link_to("b.txt", "c/link.txt");
    link_to("..", "c/a/up");
    link_to("loop2", "c/loop1");
    link_to("loop1", "c/loop2");
    link_to("nowhere.txt", "c/dangling");
    /* A link to a real directory inside the corpus does not take its files
     * (alias sorts first, but a/ is listed as itself); one to a directory
     * outside the corpus is never followed. */
    link_to("a", "c/0alias");
    mkdirs("outside");
    touch("outside/o.txt");
    link_to("../outside", "c/ext");
    link_to("../outside", "c/ext2"); /* same directory again: entered once */
    CHECK(mkfifo(tpath("c/pipe"), 0644) == 0, "mkfifo: %s", strerror(errno));
    mkdirs("c/noperm");
    touch("c/noperm/hidden-by-mode.txt");
    chmod(tpath("c/noperm"), 0);

    rc = corpus_walk(tpath("c"), &l, err, sizeof err);
    CHECK_INT(rc, 0);
    CHECK_STR(err, "");
    char *real_outside = realpath(tpath("outside"), NULL);
    char outside_msg[4200];
    snprintf(outside_msg, sizeof outside_msg, "symlink to %s, outside the corpus",
             real_outside ? real_outside : "?");
    free(real_outside);
    {
        const expect want[] = {
            { "B.txt", NULL },
            { "a-c.txt", NULL },
            { "a/m/x.txt", NULL },
            { "a/z.txt", NULL },
            { "b.txt", NULL },
            { "dangling", "dangling symlink" },
            { "ext", outside_msg },
            { "ext2", outside_msg },
            { "link.txt", NULL },
            { "loop1", "symlink loop" },
            { "loop2", "symlink loop" },
            { "noperm", "permission denied (directory not searched)" },
            { "pipe", "not a regular file (a FIFO)" },
            { "sub/README.md", NULL },
            { "sub/manifest.tsv", NULL },
            { "sub/sources.tsv", NULL },
            { "sub/thesaurus.tsv", NULL },
        };
        const expect want_root[] = {
            /* As root, chmod 000 does not keep anyone out. */
            { "B.txt", NULL },
            { "a-c.txt", NULL },
            { "a/m/x.txt", NULL },
            { "a/z.txt", NULL },
            { "b.txt", NULL },
            { "dangling", "dangling symlink" },
            { "ext", outside_msg },
            { "ext2", outside_msg },
            { "link.txt", NULL },
            { "loop1", "symlink loop" },
            { "loop2", "symlink loop" },
            { "noperm/hidden-by-mode.txt", NULL },
            { "pipe", "not a regular file (a FIFO)" },
            { "sub/README.md", NULL },
            { "sub/manifest.tsv", NULL },
            { "sub/sources.tsv", NULL },
            { "sub/thesaurus.tsv", NULL },
        };
        if (root) {
            printf("note: running as root, where chmod 000 does not stop "
                   "reading; unreadable-directory check skipped\n");
            check_list("tree", &l, want_root,
                       sizeof want_root / sizeof want_root[0]);
        } else {
            check_list("tree", &l, want, sizeof want / sizeof want[0]);
        }
    }
    /* Entries open as root/relpath; a followed link as its resolved path. */
    for (i = 0; i < l.n; i++) {
        if (strcmp(l.entries[i].relpath, "link.txt") == 0) {
            char *real = realpath(tpath("c/b.txt"), NULL);
            CHECK_STR(l.entries[i].path, real);
            free(real);
            continue;
        }
        snprintf(want_path, sizeof want_path, "%s/%s", tpath("c"),
                 l.entries[i].relpath);
        CHECK_STR(l.entries[i].path, want_path);
    }
    walk_list_clear(&l);
    CHECK(l.entries == NULL && l.n == 0, "walk_list_clear zeroes");

    /* Trailing slashes on the root do not double the separator. */
    snprintf(want_path, sizeof want_path, "%s//", tpath("c/a/m"));
    rc = corpus_walk(want_path, &l, err, sizeof err);
    CHECK_INT(rc, 0);
    CHECK_INT(l.n, 1);
    if (l.n == 1) {
        CHECK_STR(l.entries[0].relpath, "x.txt");
        snprintf(want_path, sizeof want_path, "%s/x.txt", tpath("c/a/m"));
        CHECK_STR(l.entries[0].path, want_path);
    }
    walk_list_clear(&l);

    /* Reference files are skipped relative to the root being walked: with
     * c/sub as the root, its four files are all reference files. */
    rc = corpus_walk(tpath("c/sub"), &l, err, sizeof err);
    CHECK_INT(rc, 0);
    CHECK_INT(l.n, 0);
    walk_list_clear(&l);

    /* Without the walk taking the root as visited, "me -> ." would list
     * me/f.txt (and with no cycle check at all, loop). The root is given
     * through a symlink, which is followed. */
    mkdirs("selfroot");
    touch("selfroot/f.txt");
    link_to(".", "selfroot/me");
    link_to("selfroot", "rootlink");
    rc = corpus_walk(tpath("rootlink"), &l, err, sizeof err);
    CHECK_INT(rc, 0);
    CHECK_INT(l.n, 1);
    if (l.n == 1)
        CHECK_STR(l.entries[0].relpath, "f.txt");
    walk_list_clear(&l);
}

/* Symlinks never lead out of the corpus, however they are chained or
 * nested; links that stay inside are followed wherever they are. */
static void test_symlinks_stay_inside(void)
{
    walk_list l;
    int rc;

    mkdirs("s");
    mkdirs("s/docs");
    mkdirs("s/docs/deep");
    mkdirs("s/docs/deep/er");
    mkdirs("s/keep");
    touch("s/keep/k.txt");
    touch("s/docs/d.txt");
    mkdirs("s-secret");
    touch("s-secret/shadow");      /* shares the corpus's name as a prefix */
    /* Out: a file, a directory, a chain of links, a link deep down, an
     * absolute link, a link that climbs out and back in elsewhere. */
    link_to("../../s-secret/shadow", "s/docs/f-out");
    link_to("../../s-secret", "s/docs/dir-out");
    link_to("hop2", "s/docs/hop1");
    link_to("../keep/../../s-secret", "s/docs/hop2");
    link_to("../../../../s-secret/shadow", "s/docs/deep/er/deep-out");
    link_to("/etc", "s/etclink");
    /* In: a link to a file, a chain ending inside, an absolute link inside,
     * and a directory link whose target holds a link out. */
    link_to("d.txt", "s/docs/f-in");
    link_to("f-in", "s/docs/chain-in");
    {
        char *abs = realpath(tpath("s/keep/k.txt"), NULL);
        if (abs)
            link_to(abs, "s/docs/abs-in");
        free(abs);
    }
    link_to("../docs/deep", "s/keep/deeplink");

    rc = corpus_walk(tpath("s"), &l, err, sizeof err);
    CHECK_INT(rc, 0);
    char *secret = realpath(tpath("s-secret"), NULL);
    char shadow[4200], dir_out[4200];
    snprintf(shadow, sizeof shadow, "symlink to %s/shadow, outside the corpus",
             secret ? secret : "?");
    snprintf(dir_out, sizeof dir_out, "symlink to %s, outside the corpus",
             secret ? secret : "?");
    free(secret);
    const expect want[] = {
        { "docs/abs-in", NULL },
        { "docs/chain-in", NULL },
        { "docs/d.txt", NULL },
        { "docs/deep/er/deep-out", shadow },
        { "docs/dir-out", dir_out },
        { "docs/f-in", NULL },
        { "docs/f-out", shadow },
        { "docs/hop1", dir_out },
        { "docs/hop2", dir_out },
        { "etclink", "symlink to /etc, outside the corpus" },
        { "keep/k.txt", NULL },
    };
    check_list("symlinks", &l, want, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < l.n; i++)
        CHECK(l.entries[i].problem || strstr(l.entries[i].path, "s-secret") == NULL,
              "%s opens %s", l.entries[i].relpath, l.entries[i].path);
    walk_list_clear(&l);
}

/* The index directory is never listed, wherever it is below the root and
 * whatever leads to it; one that does not exist yet skips nothing. */
static void test_skip_index(void)
{
    walk_list l;
    int rc;

    mkdirs("x");
    mkdirs("x/docs");
    touch("x/docs/a.txt");
    mkdirs("x/docs/index");
    mkdirs("x/docs/index/gen-000001");
    touch("x/docs/index/gen-000001/postlist.glass");
    touch("x/docs/index/XAPIANDB");
    link_to("docs/index", "x/ixlink");
    rc = corpus_walk_ex(tpath("x"), tpath("x/docs/index"), &l, err, sizeof err);
    CHECK_INT(rc, 0);
    const expect want[] = { { "docs/a.txt", NULL } };
    check_list("skip index", &l, want, 1);
    walk_list_clear(&l);

    /* Named through a link and a trailing slash, it is the same directory. */
    char via[4200];
    snprintf(via, sizeof via, "%s/", tpath("x/ixlink"));
    rc = corpus_walk_ex(tpath("x"), via, &l, err, sizeof err);
    CHECK_INT(rc, 0);
    check_list("skip index via link", &l, want, 1);
    walk_list_clear(&l);

    rc = corpus_walk_ex(tpath("x"), tpath("x/no-index-yet"), &l, err, sizeof err);
    CHECK_INT(rc, 0);
    CHECK_INT(l.n, 3);   /* without it, the index's files are listed */
    walk_list_clear(&l);
}

static void test_errors(void)
{
    walk_list l;
    char want[4400];
    int rc;

    memset(&l, 0x5A, sizeof l);
    rc = corpus_walk(tpath("no-such-dir"), &l, err, sizeof err);
    CHECK_INT(rc, -1);
    snprintf(want, sizeof want, "corpus directory '%s' does not exist",
             tpath("no-such-dir"));
    CHECK_STR(err, want);
    CHECK(l.entries == NULL && l.n == 0, "out zeroed on error");

    touch("plain-file");
    rc = corpus_walk(tpath("plain-file"), &l, err, sizeof err);
    CHECK_INT(rc, -1);
    snprintf(want, sizeof want, "'%s' is not a directory", tpath("plain-file"));
    CHECK_STR(err, want);

    link_to("rootloop2", "rootloop1");
    link_to("rootloop1", "rootloop2");
    rc = corpus_walk(tpath("rootloop1"), &l, err, sizeof err);
    CHECK_INT(rc, -1);
    CHECK(strstr(err, "symlink loop") != NULL, "err: %s", err);

    /* No error buffer is fine; an empty directory is an empty list. */
    mkdirs("emptyroot");
    rc = corpus_walk(tpath("emptyroot"), &l, NULL, 0);
    CHECK_INT(rc, 0);
    CHECK_INT(l.n, 0);
    walk_list_clear(&l);
    walk_list_clear(NULL);

    mkdirs("lockedroot");
    chmod(tpath("lockedroot"), 0);
    if (geteuid() != 0) {
        rc = corpus_walk(tpath("lockedroot"), &l, err, sizeof err);
        CHECK_INT(rc, -1);
        snprintf(want, sizeof want,
                 "cannot read corpus directory '%s': permission denied",
                 tpath("lockedroot"));
        CHECK_STR(err, want);
    }
}

int main(void)
{
    if (check_tmpdir(tmpdir, sizeof tmpdir, "test_walk") != 0)
        return 2;
    test_tree();
    test_symlinks_stay_inside();
    test_skip_index();
    test_errors();
    check_rm_rf(tmpdir);
    return check_report("test_walk");
}
