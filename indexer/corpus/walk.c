/*
 * walk.c: finding the documents of a corpus directory (see walk.h).
 *
 * Order of the walk, and why:
 *  - Each directory's names are sorted before use, so which of two links to
 *    the same directory is entered is decided the same way on every run.
 *  - Directories reached through a symlink are deferred until every real
 *    directory reachable without symlinks has been walked. A link such as
 *    "alias -> docs" therefore never claims docs' files under its own name:
 *    docs/ is walked as itself, and alias/ is then seen as already visited.
 *  - A directory is identified by (st_dev, st_ino); one seen before is
 *    skipped without an entry. That is how "a -> .." cycles end, and such a
 *    revisit loses nothing (its files are listed under the first path).
 *  - The final list is sorted by relpath (byte order) for deterministic
 *    builds; the walk order above only decides which path wins.
 *  - A symlink is judged by where its whole chain ends (realpath), against
 *    the root's realpath: a link is outside the corpus exactly when that
 *    path is not the root or below it, whatever its depth or its hops.
 *    Each entry carries the path to open it by: through real directories
 *    from the root, or from a followed link's resolved path, so reading it
 *    follows no link the walk did not check (unless the tree is changed
 *    between the walk and the read: readers open by path).
 *
 * Subdirectories are opened relative to their parent's descriptor (openat,
 * fstatat), so deep trees do not depend on re-resolving long paths.
 */
#include "walk.h"
#include "normalise.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* (st_dev, st_ino) of every directory entered: an open-addressing hash set. */
typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct dir_set {
    dir_id *slots;
    unsigned char *used;
    size_t cap, n;  /* cap is a power of two */
} dir_set;

/* A directory reached through a symlink, waiting for the second phase. */
typedef struct pending_dir {
    char *relpath;
    char *base;            /* its resolved path (realpath) and a '/' */
    dir_id id;             /* of the link's target when it was found */
} pending_dir;

typedef struct walk_ctx {
    const char *root;      /* as given, for messages */
    char *prefix;          /* root with exactly one trailing '/' */
    size_t prefix_len;
    char *real_root;       /* realpath(root): what "inside the corpus" means */
    size_t real_root_len;
    int skip_set;          /* skip: a directory never listed (the index) */
    dir_id skip;
    walk_list *out;
    size_t out_cap;
    dir_set seen;
    pending_dir *pending;
    size_t npending, pending_cap;
    int nomem;             /* sticky: once set, every step does nothing */
} walk_ctx;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Lower-case words for errno values, since they continue a sentence. */
static const char *errno_words(int e)
{
    switch (e) {
    case EACCES: return "permission denied";
    case ENOENT: return "does not exist";
    case ENOTDIR: return "a component of the path is not a directory";
    case ENAMETOOLONG: return "path too long";
    case EMFILE:
    case ENFILE: return "too many open files (directories nested too deeply?)";
    default: return strerror(e);
    }
}

static size_t id_hash(dir_id id)
{
    uint64_t h = (uint64_t)id.ino * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)id.dev + (h >> 29);
    return (size_t)h;
}

/* Insert id; 1 if it was new, 0 if already there, -1 out of memory. */
static int dir_set_add(dir_set *s, dir_id id)
{
    size_t i;

    if ((s->n + 1) * 2 > s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64, j;
        dir_id *nslots = calloc(ncap, sizeof *nslots);
        unsigned char *nused = calloc(ncap, 1);

        if (!nslots || !nused) {
            free(nslots);
            free(nused);
            return -1;
        }
        for (j = 0; j < s->cap; j++) {
            if (!s->used[j])
                continue;
            i = id_hash(s->slots[j]) & (ncap - 1);
            while (nused[i])
                i = (i + 1) & (ncap - 1);
            nused[i] = 1;
            nslots[i] = s->slots[j];
        }
        free(s->slots);
        free(s->used);
        s->slots = nslots;
        s->used = nused;
        s->cap = ncap;
    }
    i = id_hash(id) & (s->cap - 1);
    while (s->used[i]) {
        if (s->slots[i].dev == id.dev && s->slots[i].ino == id.ino)
            return 0;
        i = (i + 1) & (s->cap - 1);
    }
    s->used[i] = 1;
    s->slots[i] = id;
    s->n++;
    return 1;
}

static char *join(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    char *s;

    if (alen == 0)
        return strdup(b);
    s = malloc(alen + 1 + blen + 1);
    if (!s)
        return NULL;
    memcpy(s, a, alen);
    s[alen] = '/';
    memcpy(s + alen + 1, b, blen + 1);
    return s;
}

/* base (a directory's path for opening, ending in '/') joined with name. */
static char *open_path(const char *base, const char *name)
{
    size_t blen = strlen(base), nlen = strlen(name);
    char *s = malloc(blen + nlen + 1);

    if (!s)
        return NULL;
    memcpy(s, base, blen);
    memcpy(s + blen, name, nlen + 1);
    return s;
}

/* name with every byte that is not part of valid printable UTF-8 as '?'
 * (malloc()ed), for messages. */
static char *printable_name(const char *name)
{
    size_t len = strlen(name), i = 0, w = 0;
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    while (i < len) {
        size_t n = norm_utf8_len(name + i, len - i);
        if (n == 0 || (n == 1 && ((unsigned char)name[i] < 0x20 || name[i] == 0x7f))) {
            out[w++] = '?';
            i++;
        } else {
            memcpy(out + w, name + i, n);
            w += n;
            i += n;
        }
    }
    out[w] = '\0';
    return out;
}

/* Append an entry for relpath, opened as path, with problem (all copied;
 * problem may be NULL). */
static void add_entry(walk_ctx *c, const char *relpath, const char *path,
                      const char *problem)
{
    walk_entry e = {0};

    if (c->nomem)
        return;
    if (c->out->n == c->out_cap) {
        size_t ncap = c->out_cap ? c->out_cap * 2 : 64;
        walk_entry *n = realloc(c->out->entries, ncap * sizeof *n);
        if (!n) {
            c->nomem = 1;
            return;
        }
        c->out->entries = n;
        c->out_cap = ncap;
    }
    /* A name that is not UTF-8 cannot be cited in JSON, and one with control
     * characters would be printed raw to a terminal: both are skipped. */
    if (!problem && norm_utf8_invalid_at(relpath, strlen(relpath)) != strlen(relpath))
        problem = "file name is not valid UTF-8; rename it (e.g. convmv -f latin1 "
                  "-t utf8)";
    for (const char *q = relpath; !problem && *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            problem = "file name contains control characters; rename it";
    /* Such an entry is only ever reported, so it keeps a printable name:
     * every byte that is not part of valid printable UTF-8 becomes '?'. */
    e.relpath = problem ? printable_name(relpath) : strdup(relpath);
    e.path = strdup(path);
    e.problem = problem ? strdup(problem) : NULL;
    if (!e.relpath || !e.path || (problem && !e.problem)) {
        free(e.relpath);
        free(e.path);
        free(e.problem);
        c->nomem = 1;
        return;
    }
    c->out->entries[c->out->n++] = e;
}

/* Queue the directory relpath, whose resolved path is target, for the
 * second phase. */
static void add_pending(walk_ctx *c, const char *relpath, const char *target,
                        const struct stat *st)
{
    char *copy, *base;

    if (c->nomem)
        return;
    if (c->npending == c->pending_cap) {
        size_t ncap = c->pending_cap ? c->pending_cap * 2 : 16;
        pending_dir *n = realloc(c->pending, ncap * sizeof *n);
        if (!n) {
            c->nomem = 1;
            return;
        }
        c->pending = n;
        c->pending_cap = ncap;
    }
    copy = strdup(relpath);
    base = open_path(target, "/");
    if (!copy || !base) {
        free(copy);
        free(base);
        c->nomem = 1;
        return;
    }
    c->pending[c->npending].relpath = copy;
    c->pending[c->npending].base = base;
    c->pending[c->npending].id.dev = st->st_dev;
    c->pending[c->npending].id.ino = st->st_ino;
    c->npending++;
}

static int is_root_reference(const char *name)
{
    return strcmp(name, "manifest.tsv") == 0 ||
           strcmp(name, "authorities.tsv") == 0 ||
           strcmp(name, "thesaurus.tsv") == 0 ||
           strcmp(name, "sources.tsv") == 0 ||   /* lasearch-fetch's list */
           strncmp(name, "README", 6) == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_entries(const void *a, const void *b)
{
    return strcmp(((const walk_entry *)a)->relpath,
                  ((const walk_entry *)b)->relpath);
}

/* The names in d worth looking at, sorted; NULL with *n = 0 if none.
 * Sets c->nomem on failure. A readdir error ends the listing early: the
 * entries already read are still worth indexing. */
static char **read_names(walk_ctx *c, DIR *d, int at_root, size_t *n)
{
    char **names = NULL;
    size_t cap = 0;
    struct dirent *de;

    *n = 0;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;

        /* Hidden names include "." and "..". */
        if (name[0] == '.' || (at_root && is_root_reference(name)))
            continue;
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn)
                goto nomem;
            names = nn;
            cap = ncap;
        }
        if (!(names[*n] = strdup(name)))
            goto nomem;
        (*n)++;
    }
    if (*n > 1)
        qsort(names, *n, sizeof *names, cmp_names);
    return names;
nomem:
    while (*n > 0)
        free(names[--*n]);
    free(names);
    c->nomem = 1;
    return NULL;
}

static const char *type_problem(mode_t mode)
{
    if (S_ISFIFO(mode)) return "not a regular file (a FIFO)";
    if (S_ISSOCK(mode)) return "not a regular file (a socket)";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "not a regular file (a device)";
    return "not a regular file";
}

static void walk_dir(walk_ctx *c, DIR *d, const char *rel, const char *base);

/* A directory that would not open (errno e) is an entry with a problem;
 * out of memory is not the directory's problem but the walk's. */
static void dir_problem(walk_ctx *c, const char *rel, const char *path, int e)
{
    char problem[160];

    if (e == ENOMEM) {
        c->nomem = 1;
        return;
    }
    if (e == EACCES)
        snprintf(problem, sizeof problem,
                 "permission denied (directory not searched)");
    else
        snprintf(problem, sizeof problem,
                 "cannot read directory (%s): not searched", errno_words(e));
    add_entry(c, rel, path, problem);
}

/* Walk an open directory descriptor (closed here) whose path for opening
 * is base (ending in '/'); an fd that cannot be read as a directory
 * becomes a problem entry for rel. */
static void walk_fd(walk_ctx *c, int fd, const char *rel, const char *base)
{
    DIR *d = fdopendir(fd);

    if (!d) {
        int e = errno;
        close(fd);
        dir_problem(c, rel, base, e);
        return;
    }
    walk_dir(c, d, rel, base);
}

/* Whether st is the directory never to list (the index). */
static int is_skipped_dir(const walk_ctx *c, const struct stat *st)
{
    return c->skip_set && S_ISDIR(st->st_mode) && st->st_dev == c->skip.dev &&
           st->st_ino == c->skip.ino;
}

/* Walk the directory named name inside dfd (relpath rel, opened as path),
 * whose stat is st. */
static void enter_dir(walk_ctx *c, int dfd, const char *name, const char *rel,
                      const char *path, const struct stat *st)
{
    dir_id id = { st->st_dev, st->st_ino };
    int added, sub;
    char *base;

    added = dir_set_add(&c->seen, id);
    if (added < 0) {
        c->nomem = 1;
        return;
    }
    if (added == 0)
        return; /* entered before under another path: skip, see top */
    sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
        dir_problem(c, rel, path, errno);
        return;
    }
    if (!(base = open_path(path, "/"))) {
        close(sub);
        c->nomem = 1;
        return;
    }
    walk_fd(c, sub, rel, base);
    free(base);
}

/* Whether the resolved path target lies inside the corpus (or is it). */
static int inside_corpus(const walk_ctx *c, const char *target)
{
    size_t n = c->real_root_len;

    if (n == 1) /* the corpus is "/": everything is inside */
        return 1;
    return strncmp(target, c->real_root, n) == 0 &&
           (target[n] == '\0' || target[n] == '/');
}

/* A symlink at path that stat could not follow (errno e). */
static void broken_link(walk_ctx *c, const char *rel, const char *path, int e)
{
    char problem[160];

    if (e == ELOOP) {
        add_entry(c, rel, path, "symlink loop");
    } else if (e == ENOENT) {
        add_entry(c, rel, path, "dangling symlink");
    } else {
        snprintf(problem, sizeof problem, "symlink cannot be followed (%s)",
                 errno_words(e));
        add_entry(c, rel, path, problem);
    }
}

/* The resolved target of the symlink at path when it stays inside the
 * corpus (malloc()ed); else NULL, with a problem entry for rel saying
 * where it points. A link is judged by where its whole chain ends
 * (realpath), so a link to a link that leaves the corpus is refused too. */
static char *link_target(walk_ctx *c, const char *rel, const char *path)
{
    char *target = realpath(path, NULL), *shown, *problem;
    size_t n;

    if (!target) {
        if (errno == ENOMEM)
            c->nomem = 1;
        else
            broken_link(c, rel, path, errno);
        return NULL;
    }
    if (inside_corpus(c, target))
        return target;
    shown = printable_name(target);
    n = (shown ? strlen(shown) : 0) + 64;
    problem = shown ? malloc(n) : NULL;
    if (problem) {
        snprintf(problem, n, "symlink to %s, outside the corpus", shown);
        add_entry(c, rel, path, problem);
    } else {
        c->nomem = 1;
    }
    free(problem);
    free(shown);
    free(target);
    return NULL;
}

/* A symlink (name in dfd, at path) whose target's stat is st. Followed
 * only when its target is inside the corpus: a file is listed to be opened
 * by its resolved path (so the link cannot be swapped between the check
 * and the read); a directory waits for the second phase (see top). */
static void visit_link(walk_ctx *c, const char *rel, const char *path,
                       const struct stat *st)
{
    char *target;

    if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode)) {
        add_entry(c, rel, path, type_problem(st->st_mode));
        return;
    }
    if (!(target = link_target(c, rel, path)))
        return;
    if (S_ISREG(st->st_mode))
        add_entry(c, rel, target, NULL);
    else if (!is_skipped_dir(c, st))
        add_pending(c, rel, target, st);
    free(target);
}

/* List one name inside dfd, whose path for opening is base. */
static void visit(walk_ctx *c, int dfd, const char *rel, const char *base,
                  const char *name)
{
    struct stat st;
    char *child = join(rel, strlen(rel), name);
    char *path = open_path(base, name);

    if (!child || !path) {
        c->nomem = 1;
        goto done;
    }
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT) /* ENOENT: removed since readdir, not ours */
            add_entry(c, child, path, errno_words(errno));
        goto done;
    }
    if (S_ISLNK(st.st_mode)) {
        if (fstatat(dfd, name, &st, 0) != 0)
            broken_link(c, child, path, errno);
        else
            visit_link(c, child, path, &st);
    } else if (S_ISREG(st.st_mode)) {
        add_entry(c, child, path, NULL);
    } else if (S_ISDIR(st.st_mode)) {
        if (!is_skipped_dir(c, &st))
            enter_dir(c, dfd, name, child, path, &st);
    } else {
        add_entry(c, child, path, type_problem(st.st_mode));
    }
done:
    free(child);
    free(path);
}

/* Walk the open directory d (relpath rel, "" for the root; opened as base,
 * which ends in '/'); closes it. */
static void walk_dir(walk_ctx *c, DIR *d, const char *rel, const char *base)
{
    char **names;
    size_t n, i;

    names = read_names(c, d, rel[0] == '\0', &n);
    for (i = 0; i < n; i++) {
        visit(c, dirfd(d), rel, base, names[i]);
        free(names[i]);
    }
    free(names);
    closedir(d);
}

/* Second phase: directories reached through symlinks, in the order found
 * (the queue grows as they are walked). Each is opened by its resolved
 * path, since its parent's descriptor is closed by now. */
static void walk_pending(walk_ctx *c)
{
    size_t next;

    for (next = 0; next < c->npending && !c->nomem; next++) {
        const pending_dir *p = &c->pending[next];
        int added = dir_set_add(&c->seen, p->id);
        int fd;

        if (added < 0)
            c->nomem = 1;
        if (added <= 0)
            continue; /* entered before under another path: skip, see top */
        /* O_NOFOLLOW: the resolved path's last step is no link, unless the
         * directory was swapped for one since it was checked. */
        fd = open(p->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            dir_problem(c, p->relpath, p->base, errno);
        else
            walk_fd(c, fd, p->relpath, p->base);
    }
}

void walk_list_clear(walk_list *list)
{
    size_t i;

    if (!list)
        return;
    for (i = 0; i < list->n; i++) {
        free(list->entries[i].relpath);
        free(list->entries[i].path);
        free(list->entries[i].problem);
    }
    free(list->entries);
    list->entries = NULL;
    list->n = 0;
}

/* Open root as a directory; NULL with err when it cannot be walked. */
static DIR *open_root(const char *root, char *err, size_t errlen)
{
    struct stat st;
    DIR *d;
    int fd, e;

    if (stat(root, &st) != 0) {
        e = errno;
        if (e == ENOENT || e == ENOTDIR)
            set_err(err, errlen, "corpus directory '%s' does not exist", root);
        else if (e == ELOOP)
            set_err(err, errlen, "corpus directory '%s' is a symlink loop", root);
        else
            set_err(err, errlen, "cannot read corpus directory '%s': %s", root,
                    errno_words(e));
        return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
        set_err(err, errlen, "'%s' is not a directory", root);
        return NULL;
    }
    fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || !(d = fdopendir(fd))) {
        e = errno;
        if (fd >= 0)
            close(fd);
        set_err(err, errlen, "cannot read corpus directory '%s': %s", root,
                errno_words(e));
        return NULL;
    }
    return d;
}

/* Fill c for walking root (open as d), skipping skip_dir (may be NULL). */
static void ctx_init(walk_ctx *c, const char *root, DIR *d, const char *skip_dir,
                     walk_list *out)
{
    struct stat st;
    size_t rlen = strlen(root);

    memset(c, 0, sizeof *c);
    c->root = root;
    c->out = out;
    /* "corpus/" must not give "corpus//a.txt", and "/" must give "/a". */
    while (rlen > 1 && root[rlen - 1] == '/')
        rlen--;
    c->prefix = malloc(rlen + 2);
    c->real_root = realpath(root, NULL);
    if (!c->prefix || !c->real_root) {
        c->nomem = 1;   /* realpath of a directory just opened: memory */
        return;
    }
    memcpy(c->prefix, root, rlen);
    c->prefix_len = rlen;
    if (root[rlen - 1] != '/')
        c->prefix[c->prefix_len++] = '/';
    c->prefix[c->prefix_len] = '\0';
    c->real_root_len = strlen(c->real_root);
    /* The root counts as visited, so a link back to it is not followed.
     * fstat of what was opened, in case root changed since the stat. */
    if (fstat(dirfd(d), &st) == 0) {
        dir_id id = { st.st_dev, st.st_ino };
        if (dir_set_add(&c->seen, id) < 0)
            c->nomem = 1;
    }
    /* An index that does not exist yet cannot be listed either. */
    if (skip_dir && stat(skip_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        c->skip.dev = st.st_dev;
        c->skip.ino = st.st_ino;
        c->skip_set = 1;
    }
}

static void ctx_clear(walk_ctx *c)
{
    size_t i;

    for (i = 0; i < c->npending; i++) {
        free(c->pending[i].relpath);
        free(c->pending[i].base);
    }
    free(c->pending);
    free(c->seen.slots);
    free(c->seen.used);
    free(c->prefix);
    free(c->real_root);
}

int corpus_walk_ex(const char *root, const char *skip_dir, walk_list *out, char *err,
                   size_t errlen)
{
    walk_ctx c;
    DIR *d;
    int ok;

    memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = '\0';
    if (!(d = open_root(root, err, errlen)))
        return -1;
    ctx_init(&c, root, d, skip_dir, out);
    if (!c.nomem)
        walk_dir(&c, d, "", c.prefix);
    else
        closedir(d);
    walk_pending(&c);
    ok = !c.nomem;
    ctx_clear(&c);
    if (!ok) {
        walk_list_clear(out);
        set_err(err, errlen, "out of memory listing corpus directory '%s'", root);
        return -1;
    }
    if (out->n > 1)
        qsort(out->entries, out->n, sizeof *out->entries, cmp_entries);
    return 0;
}

int corpus_walk(const char *root, walk_list *out, char *err, size_t errlen)
{
    return corpus_walk_ex(root, NULL, out, err, errlen);
}
