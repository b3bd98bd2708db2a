/* pool.c: index handles on the live generation, shared by threads (pool.h). */
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A stub names one or a few databases; anything longer is not ours. */
#define STUB_MAX 4096

/* What the index looks like on disk right now, cheaply: the stub's bytes
 * say which generation is live; the version file's identity and times say
 * whether that generation was committed to since. */
typedef struct stamp {
    char stub[STUB_MAX];
    size_t stub_len;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} stamp;

struct pool_handle {
    search_index *ix;
    stamp st;               /* the index as it was when ix was opened */
};

struct serve_pool {
    char *dir;
    pthread_mutex_t mu;     /* guards idle and n_idle */
    pool_handle **idle;
    size_t n_idle, max_idle;
};

/* Read dir/XAPIANDB into st->stub (empty when there is none). */
static int read_stub(const char *dir, stamp *st, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/XAPIANDB", dir);
    st->stub_len = 0;
    st->stub[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    ssize_t n;
    while ((n = read(fd, st->stub + st->stub_len, STUB_MAX - 1 - st->stub_len)) > 0)
        st->stub_len += (size_t)n;
    close(fd);
    if (n < 0 || st->stub_len >= STUB_MAX - 1) {
        snprintf(err, errlen, "'%s' is %s", path,
                 n < 0 ? "unreadable" : "too long to be a lasearch index stub");
        return -1;
    }
    st->stub[st->stub_len] = '\0';
    return 0;
}

/* The first local database the stub names, copied into target ("" when
 * none). Refuses a line that would run a program ("remote :PROG ARGS",
 * Xapian's prog backend): an index directory is data and must never run
 * anything. TCP remotes ("remote host:port") run nothing and pass. This
 * reads the top-level stub only; shim_db_open() checks every nested stub
 * too, with Xapian's own rules, before any open. */
static int stub_target(const char *stub, char *target, size_t len, char *err,
                       size_t errlen)
{
    static const char *const local[] = {"auto", "glass", "chert"};
    target[0] = '\0';
    for (const char *line = stub; *line;) {
        size_t n = strcspn(line, "\n");
        char buf[STUB_MAX], kind[32], path[STUB_MAX];
        memcpy(buf, line, n);
        buf[n] = '\0';
        line += n + (line[n] == '\n');
        int fields = sscanf(buf, "%31s %4095s", kind, path);
        if (fields <= 0 || kind[0] == '#')
            continue;
        if (!strcmp(kind, "remote") && (fields < 2 || path[0] == ':')) {
            snprintf(err, errlen, "the index stub names a program to run (%.200s); "
                     "lasearch-serve never runs programs from an index", buf);
            return -1;
        }
        for (size_t i = 0; i < sizeof local / sizeof local[0] && fields == 2; i++)
            if (!strcmp(kind, local[i]) && !target[0])
                snprintf(target, len, "%s", path);
    }
    return 0;
}

static int take_stamp(const char *dir, stamp *st, char *err, size_t errlen)
{
    char target[STUB_MAX], path[2 * STUB_MAX];
    memset(st, 0, sizeof *st);
    if (read_stub(dir, st, err, errlen) || stub_target(st->stub, target, sizeof target,
                                                       err, errlen))
        return -1;
    if (!target[0])
        snprintf(path, sizeof path, "%s/iamglass", dir);
    else if (target[0] == '/')
        snprintf(path, sizeof path, "%s/iamglass", target);
    else
        snprintf(path, sizeof path, "%s/%s/iamglass", dir, target);
    /* A missing version file is not an error here: the stub's bytes still
     * identify the generation, and opening it will say what is wrong. */
    struct stat sb;
    if (stat(path, &sb) == 0) {
        st->dev = sb.st_dev;
        st->ino = sb.st_ino;
        st->size = sb.st_size;
        st->mtime = sb.st_mtim;
    }
    return 0;
}

static int stamp_equal(const stamp *a, const stamp *b)
{
    return a->stub_len == b->stub_len && memcmp(a->stub, b->stub, a->stub_len) == 0 &&
           a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void handle_free(pool_handle *h)
{
    if (h) {
        search_index_free(h->ix);
        free(h);
    }
}

int pool_new(const char *dir, size_t max_idle, serve_pool **out, char *err, size_t errlen)
{
    *out = NULL;
    serve_pool *p = calloc(1, sizeof *p);
    if (p) {
        p->dir = strdup(dir);
        p->max_idle = max_idle ? max_idle : 1;
        p->idle = calloc(p->max_idle, sizeof *p->idle);
    }
    if (!p || !p->dir || !p->idle || pthread_mutex_init(&p->mu, NULL) != 0) {
        if (p) {
            free(p->dir);
            free(p->idle);
        }
        free(p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    pool_handle *h = pool_acquire(p, err, errlen);
    if (!h) {
        pool_free(p);
        return -1;
    }
    pool_release(p, h, 0);
    *out = p;
    return 0;
}

void pool_free(serve_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_idle; i++)
        handle_free(p->idle[i]);
    pthread_mutex_destroy(&p->mu);
    free(p->idle);
    free(p->dir);
    free(p);
}

pool_handle *pool_acquire(serve_pool *p, char *err, size_t errlen)
{
    stamp now;
    if (take_stamp(p->dir, &now, err, errlen) != 0)
        return NULL;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        pool_handle *h = p->n_idle ? p->idle[--p->n_idle] : NULL;
        pthread_mutex_unlock(&p->mu);
        if (!h)
            break;
        if (stamp_equal(&h->st, &now))
            return h;
        handle_free(h);   /* on an older generation: its readers are done */
    }
    pool_handle *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* If the index changes between the stamp and this open, the handle is
     * newer than its stamp says and is merely reopened on its next borrow. */
    if (search_index_open(p->dir, &h->ix, err, errlen) != 0) {
        free(h);
        return NULL;
    }
    h->st = now;
    return h;
}

search_index *pool_index(pool_handle *h)
{
    return h->ix;
}

void pool_release(serve_pool *p, pool_handle *h, int broken)
{
    if (!h)
        return;
    if (!broken) {
        pthread_mutex_lock(&p->mu);
        if (p->n_idle < p->max_idle) {
            p->idle[p->n_idle++] = h;
            h = NULL;
        }
        pthread_mutex_unlock(&p->mu);
    }
    handle_free(h);
}

int pool_generation(serve_pool *p, char *name, size_t len, char *err, size_t errlen)
{
    stamp st;
    char target[STUB_MAX];
    if (take_stamp(p->dir, &st, err, errlen) != 0 ||
        stub_target(st.stub, target, sizeof target, err, errlen) != 0)
        return -1;
    const char *base = strrchr(target, '/');
    snprintf(name, len, "%s", base ? base + 1 : target);
    return 0;
}
