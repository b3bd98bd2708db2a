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
    dir_id id;             /* of the link's target when it was found */
} pending_dir;

typedef struct walk_ctx {
    const char *root;      /* as given, for messages */
    char *prefix;          /* root with exactly one trailing '/' */
    size_t prefix_len;
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

/* The root joined with relpath, for opening. */
static char *full_path(const walk_ctx *c, const char *relpath)
{
    size_t rlen = strlen(relpath);
    char *s = malloc(c->prefix_len + rlen + 1);

    if (!s)
        return NULL;
    memcpy(s, c->prefix, c->prefix_len);
    memcpy(s + c->prefix_len, relpath, rlen + 1);
    return s;
}

/* Append an entry for relpath (copied) with problem (copied, may be NULL). */
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

static void add_entry(walk_ctx *c, const char *relpath, const char *problem)
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
    e.path = full_path(c, relpath);
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

static void add_pending(walk_ctx *c, const char *relpath, const struct stat *st)
{
    char *copy;

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
    if (!copy) {
        c->nomem = 1;
        return;
    }
    c->pending[c->npending].relpath = copy;
    c->pending[c->npending].id.dev = st->st_dev;
    c->pending[c->npending].id.ino = st->st_ino;
    c->npending++;
}

static int is_root_reference(const char *name)
{
    return strcmp(name, "manifest.tsv") == 0 ||
           strcmp(name, "authorities.tsv") == 0 ||
           strcmp(name, "thesaurus.tsv") == 0 ||
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

static void walk_dir(walk_ctx *c, DIR *d, const char *rel);

/* A directory that would not open (errno e) is an entry with a problem. */
static void dir_problem(walk_ctx *c, const char *rel, int e)
{
    char problem[160];

    if (e == EACCES)
        snprintf(problem, sizeof problem,
                 "permission denied (directory not searched)");
    else
        snprintf(problem, sizeof problem,
                 "cannot read directory (%s): not searched", errno_words(e));
    add_entry(c, rel, problem);
}

/* Walk an open directory descriptor (closed here); an fd that cannot be
 * read as a directory becomes a problem entry for rel. */
static void walk_fd(walk_ctx *c, int fd, const char *rel)
{
    DIR *d = fdopendir(fd);

    if (!d) {
        int e = errno;
        close(fd);
        dir_problem(c, rel, e);
        return;
    }
    walk_dir(c, d, rel);
}

/* Walk the directory named name inside dfd (relpath rel), whose stat is st. */
static void enter_dir(walk_ctx *c, int dfd, const char *name, const char *rel,
                      const struct stat *st)
{
    dir_id id = { st->st_dev, st->st_ino };
    int added, sub;

    added = dir_set_add(&c->seen, id);
    if (added < 0) {
        c->nomem = 1;
        return;
    }
    if (added == 0)
        return; /* entered before under another path: skip, see top */
    sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (sub < 0) {
        dir_problem(c, rel, errno);
        return;
    }
    walk_fd(c, sub, rel);
}

/* List one name inside dfd. */
static void visit(walk_ctx *c, int dfd, const char *rel, const char *name)
{
    struct stat st;
    int is_link;
    char *child = join(rel, strlen(rel), name);

    if (!child) {
        c->nomem = 1;
        return;
    }
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT) /* ENOENT: removed since readdir, not ours */
            add_entry(c, child, errno_words(errno));
        goto done;
    }
    is_link = S_ISLNK(st.st_mode);
    if (is_link && fstatat(dfd, name, &st, 0) != 0) {
        int e = errno;
        if (e == ELOOP)
            add_entry(c, child, "symlink loop");
        else if (e == ENOENT)
            add_entry(c, child, "dangling symlink");
        else {
            char problem[160];
            snprintf(problem, sizeof problem, "symlink cannot be followed (%s)",
                     errno_words(e));
            add_entry(c, child, problem);
        }
        goto done;
    }
    if (S_ISREG(st.st_mode))
        add_entry(c, child, NULL);
    else if (S_ISDIR(st.st_mode) && is_link)
        add_pending(c, child, &st);
    else if (S_ISDIR(st.st_mode))
        enter_dir(c, dfd, name, child, &st);
    else
        add_entry(c, child, type_problem(st.st_mode));
done:
    free(child);
}

/* Walk the open directory d (relpath rel, "" for the root); closes it. */
static void walk_dir(walk_ctx *c, DIR *d, const char *rel)
{
    char **names;
    size_t n, i;

    names = read_names(c, d, rel[0] == '\0', &n);
    for (i = 0; i < n; i++) {
        visit(c, dirfd(d), rel, names[i]);
        free(names[i]);
    }
    free(names);
    closedir(d);
}

/* Second phase: directories reached through symlinks, in the order found
 * (the queue grows as they are walked). Each is opened by its full path,
 * since its parent's descriptor is closed by now. */
static void walk_pending(walk_ctx *c)
{
    size_t next;

    for (next = 0; next < c->npending && !c->nomem; next++) {
        const char *rel = c->pending[next].relpath;
        int added = dir_set_add(&c->seen, c->pending[next].id);
        char *path;
        int fd;

        if (added < 0)
            c->nomem = 1;
        if (added <= 0)
            continue; /* entered before under another path: skip, see top */
        if (!(path = full_path(c, rel))) {
            c->nomem = 1;
            break;
        }
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        free(path);
        if (fd < 0)
            dir_problem(c, rel, errno);
        else
            walk_fd(c, fd, rel);
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

int corpus_walk(const char *root, walk_list *out, char *err, size_t errlen)
{
    walk_ctx c;
    struct stat st;
    DIR *d;
    size_t i, rlen;
    int fd, ok;

    memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = '\0';
    if (stat(root, &st) != 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            set_err(err, errlen, "corpus directory '%s' does not exist", root);
        else if (e == ELOOP)
            set_err(err, errlen, "corpus directory '%s' is a symlink loop", root);
        else
            set_err(err, errlen, "cannot read corpus directory '%s': %s", root,
                    errno_words(e));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        set_err(err, errlen, "'%s' is not a directory", root);
        return -1;
    }
    fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || !(d = fdopendir(fd))) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        set_err(err, errlen, "cannot read corpus directory '%s': %s", root,
                errno_words(e));
        return -1;
    }

    memset(&c, 0, sizeof c);
    c.root = root;
    c.out = out;
    /* "corpus/" must not give "corpus//a.txt", and "/" must give "/a". */
    rlen = strlen(root);
    while (rlen > 1 && root[rlen - 1] == '/')
        rlen--;
    c.prefix = malloc(rlen + 2);
    if (c.prefix) {
        memcpy(c.prefix, root, rlen);
        c.prefix_len = rlen;
        if (root[rlen - 1] != '/')
            c.prefix[c.prefix_len++] = '/';
        c.prefix[c.prefix_len] = '\0';
    } else {
        c.nomem = 1;
    }

    /* The root counts as visited, so a link back to it is not followed.
     * fstat of what was opened, in case root changed since the stat. */
    if (fstat(fd, &st) == 0) {
        dir_id id = { st.st_dev, st.st_ino };
        if (dir_set_add(&c.seen, id) < 0)
            c.nomem = 1;
    }
    if (!c.nomem)
        walk_dir(&c, d, "");
    else
        closedir(d);
    walk_pending(&c);

    ok = !c.nomem;
    for (i = 0; i < c.npending; i++)
        free(c.pending[i].relpath);
    free(c.pending);
    free(c.seen.slots);
    free(c.seen.used);
    free(c.prefix);
    if (!ok) {
        walk_list_clear(out);
        set_err(err, errlen, "out of memory listing corpus directory '%s'", root);
        return -1;
    }
    if (out->n > 1)
        qsort(out->entries, out->n, sizeof *out->entries, cmp_entries);
    return 0;
}
