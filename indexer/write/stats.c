/* stats.c: statistics and self-checks of a built index (see stats.h). */
#include "stats.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "generation.h"
#include "index_doc.h"
#include "path.h"
#include "schema.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An indexed file and the term its paragraphs carry. */
typedef struct file_term {
    char *term;
    const file_state *file;
} file_term;

static int cmp_file_term(const void *a, const void *b)
{
    return strcmp(((const file_term *)a)->term, ((const file_term *)b)->term);
}

static void file_terms_free(file_term *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].term);
    free(v);
}

/* The file term (index_doc.h) of every indexed file of t, sorted by term,
 * into *out (*n of them): a long path's term is not its path, so the
 * index's terms are looked up this way round. 0, or -1 out of memory. */
static int file_terms(const file_table *t, file_term **out, size_t *n)
{
    file_term *v = calloc(t->n + 1, sizeof *v);
    *out = NULL;
    *n = 0;
    if (!v)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        if (!t->files[i].indexed)
            continue;
        v[*n].file = &t->files[i];
        if (!(v[*n].term = index_doc_file_term(t->files[i].path))) {
            file_terms_free(v, *n);
            return -1;
        }
        ++*n;
    }
    qsort(v, *n, sizeof *v, cmp_file_term);
    *out = v;
    return 0;
}

/* Every file term of db against the expected ones (n of them). */
static int check_file_terms(shim_db *db, const file_term *want, size_t n, char *err,
                            size_t errlen)
{
    shim_termlist *tl = NULL;
    if (shim_db_allterms(db, PREFIX_FILE, &tl) != SHIM_OK) {
        snprintf(err, errlen, "cannot list files: %s", shim_last_error());
        return -1;
    }
    const char *term;
    uint32_t freq;
    size_t seen = 0, plen = strlen(PREFIX_FILE);
    int rc = 0;
    while (rc == 0 && shim_termlist_next(tl, &term, &freq)) {
        file_term key = {(char *)term, NULL};
        const file_term *f = bsearch(&key, want, n, sizeof *want, cmp_file_term);
        if (!f) {
            snprintf(err, errlen, "it holds %u paragraphs of %s, which its file list "
                     "does not count", freq, term + plen);
            rc = -1;
        } else if (freq != f->file->paragraphs) {
            snprintf(err, errlen, "it holds %u paragraphs of %s, its file list %zu",
                     freq, f->file->path, f->file->paragraphs);
            rc = -1;
        }
        seen++;
    }
    shim_termlist_free(tl);
    if (rc == 0 && seen != n) {
        snprintf(err, errlen, "it holds paragraphs of %zu files, its file list %zu",
                 seen, n);
        rc = -1;
    }
    return rc;
}

int index_verify(shim_db *db, const file_table *t, char *err, size_t errlen)
{
    size_t expected = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->files[i].indexed)
            expected += t->files[i].paragraphs;
    uint32_t count = 0;
    shim_status st = shim_db_doccount(db, &count);
    if (st != SHIM_OK) {
        snprintf(err, errlen, "cannot count documents: %s", shim_last_error());
        return -1;
    }
    if (count != expected) {
        snprintf(err, errlen, "it holds %u paragraphs, its file list %zu", count, expected);
        return -1;
    }
    /* Every paragraph carries its file's term, so the file terms and their
     * frequencies are the index's own account of where its paragraphs
     * came from. */
    file_term *want;
    size_t n;
    if (file_terms(t, &want, &n) != 0) {
        snprintf(err, errlen, "out of memory");
        return -2;
    }
    int rc = check_file_terms(db, want, n, err, errlen);
    file_terms_free(want, n);
    return rc;
}

static char *metadata(shim_db *db, const char *key)
{
    char *v = NULL;
    return shim_db_metadata(db, key, &v) == SHIM_OK ? v : NULL;
}

/* Generation g of index_dir, opened read-only, with its file list (t may
 * be NULL). 0, or -1 with err, or -2 with err out of memory. */
static int open_gen(const char *index_dir, long g, shim_db **db, file_table *t, char *err,
                    size_t errlen)
{
    *db = NULL;
    if (t)
        memset(t, 0, sizeof *t);
    char *path = layout_gen_path(index_dir, g);
    shim_status st = path ? shim_db_open(path, db) : SHIM_ERR_NOMEM;
    if (st != SHIM_OK) {
        if (st == SHIM_ERR_NOMEM)
            snprintf(err, errlen, "cannot open '%s': out of memory", path ? path : index_dir);
        else
            snprintf(err, errlen, "cannot open '%s': %s (%s)", path ? path : index_dir,
                     shim_status_string(st), shim_last_error());
        free(path);
        return st == SHIM_ERR_NOMEM ? -2 : -1;
    }
    free(path);
    if (!t)
        return 0;
    char *files = NULL;
    char why[256];
    st = shim_db_metadata(*db, META_FILES, &files);
    int rc = st != SHIM_OK ? (st == SHIM_ERR_NOMEM ? -2 : -1)
             : files[0]    ? file_table_parse(files, t, why, sizeof why)
                           : -1;
    if (rc == -2)
        snprintf(err, errlen, "cannot read the file list of '%s': out of memory", index_dir);
    else if (rc != 0 && st != SHIM_OK)
        snprintf(err, errlen, "cannot read the file list of '%s': %s", index_dir,
                 shim_last_error());
    else if (rc != 0)
        snprintf(err, errlen, "the index at '%s' %s; rebuild it with lasearch-index",
                 index_dir, files[0] ? why : "has no file list (it was built "
                 "by an older lasearch)");
    free(files);
    if (rc != 0) {
        shim_db_free(*db);
        *db = NULL;
    }
    return rc;
}

int index_open_live(const char *index_dir, shim_db **db, file_table *t, long *gen,
                    char *err, size_t errlen)
{
    *db = NULL;
    if (t)
        memset(t, 0, sizeof *t);
    long g = layout_current(index_dir, err, errlen);
    if (g == 0)
        snprintf(err, errlen, "no index at '%s': build one with 'lasearch-index "
                 "--index %s'", index_dir, index_dir);
    if (g <= 0)
        return g == LAYOUT_NOMEM ? -2 : -1;
    *gen = g;
    return open_gen(index_dir, g, db, t, err, errlen);
}

/* ------------------------------------------------ a generation's health -- */

/* The local databases a generation's stub lists, as paths. */
typedef struct db_list {
    char **paths;
    char **names;      /* as the stub names them, for messages */
    size_t n;
} db_list;

static void db_list_clear(db_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->paths[i]);
        free(l->names[i]);
    }
    free(l->paths);
    free(l->names);
    memset(l, 0, sizeof *l);
}

static int db_list_add(db_list *l, const char *path, const char *name)
{
    char **p = realloc(l->paths, (l->n + 1) * sizeof *p);
    if (p)
        l->paths = p;
    char **nm = p ? realloc(l->names, (l->n + 1) * sizeof *nm) : NULL;
    if (nm)
        l->names = nm;
    char *pc = nm ? strdup(path) : NULL, *nc = pc ? strdup(name) : NULL;
    if (!nc) {
        free(pc);
        return -1;
    }
    l->paths[l->n] = pc;
    l->names[l->n++] = nc;
    return 0;
}

/* A stub of ours is a few lines; anything far bigger is not one, and is
 * never read into memory whole. */
enum { STUB_MAX_BYTES = 64 * 1024 };

/* One line of a stub ("auto shard-00", "remote host:port", a comment):
 * the local database it names into l, checked to be listed once and to
 * exist. 0, 1 damaged (problem says how), -1 out of memory. */
static int stub_line(const char *gen_dir, char *line, unsigned lineno, db_list *l,
                     char *problem, size_t len)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *kind = line + strspn(line, " \t");
    if (!*kind || *kind == '#')
        return 0;
    char *arg = kind + strcspn(kind, " \t");
    if (*arg)
        *arg++ = '\0';
    arg += strspn(arg, " \t");
    if (strcmp(kind, "remote") == 0 || strcmp(kind, "inmemory") == 0)
        return 0;   /* nothing here to check: opening it tells */
    if ((strcmp(kind, "auto") != 0 && strcmp(kind, "glass") != 0 &&
         strcmp(kind, "chert") != 0) || !*arg) {
        snprintf(problem, len, "its stub's line %u names no database", lineno);
        return 1;
    }
    char *path = arg[0] == '/' ? strdup(arg) : path_join(gen_dir, arg);
    char *real = path ? realpath(path, NULL) : NULL;
    int rc = path && (real || errno != ENOMEM) ? 0 : -1;
    struct stat st;
    if (rc == 0 && (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode))) {
        snprintf(problem, len, "its stub lists %s, which does not exist", arg);
        rc = 1;
    }
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        if (strcmp(l->paths[i], real) == 0) {
            snprintf(problem, len, "its stub lists %s twice (every count would be "
                     "doubled)", arg);
            rc = 1;
        }
    }
    if (rc == 0)
        rc = db_list_add(l, real, arg);
    free(real);
    free(path);
    return rc;
}

/* The local databases generation directory gen_dir lists: those of its
 * stub, or gen_dir itself when it has none (one database). 0, 1 damaged
 * (problem says how), -1 out of memory. */
static int read_stub(const char *gen_dir, db_list *l, char *problem, size_t len)
{
    memset(l, 0, sizeof *l);
    char *stub = path_join(gen_dir, LAYOUT_STUB_NAME);
    if (!stub)
        return -1;
    FILE *f = fopen(stub, "r");
    int e = errno, rc = 0;
    free(stub);
    if (!f && e == ENOENT)
        return db_list_add(l, gen_dir, ".");
    struct stat st;
    if (!f) {
        snprintf(problem, len, "its stub cannot be read: %s", strerror(e));
        return e == ENOMEM ? -1 : 1;
    }
    if (fstat(fileno(f), &st) != 0 || st.st_size > STUB_MAX_BYTES) {
        snprintf(problem, len, "its stub is not one of ours (over %d bytes)",
                 STUB_MAX_BYTES);
        rc = 1;
    }
    char line[4096];
    unsigned lineno = 0;
    while (rc == 0 && fgets(line, sizeof line, f))
        rc = stub_line(gen_dir, line, ++lineno, l, problem, len);
    fclose(f);
    if (rc == 0 && l->n == 0) {
        snprintf(problem, len, "its stub lists no database");
        rc = 1;
    }
    return rc;
}

/* Every term of db with its frequency: reads the postlist table's every
 * key, the table every query reads. A table cut short or damaged there
 * fails here, as it would make every query fail. SHIM_OK or the failure. */
static shim_status read_terms(shim_db *db)
{
    shim_termlist *tl = NULL;
    shim_status st = shim_db_allterms(db, "", &tl);
    shim_termlist_free(tl);
    return st;
}

/* Every document's data and terms (the record and termlist tables).
 * Document ids are not dense after updates: look until every document was
 * seen, giving up on the rest after as many misses as documents. */
static shim_status read_documents(shim_db *db, uint32_t count)
{
    shim_status st = SHIM_OK;
    uint32_t found = 0, misses = 0, freq;
    const char *term;
    for (uint32_t id = 1; st == SHIM_OK && found < count && misses <= count + 1000;
         id++) {
        shim_doc *doc = NULL;
        shim_termlist *tl = NULL;
        st = shim_db_document(db, id, &doc);
        if (st == SHIM_ERR_NOT_FOUND) {
            misses++;
            st = SHIM_OK;
            continue;
        }
        if (st == SHIM_OK)
            st = shim_doc_terms(doc, &tl);
        while (st == SHIM_OK && shim_termlist_next(tl, &term, &freq))
            ;
        shim_termlist_free(tl);
        shim_doc_free(doc);
        found++;
    }
    return st;
}

/* Read everything of db a search can touch: every term, every document's
 * data and terms, the spelling data. Xapian's own check (shim_db_verify)
 * sees the tables' structure; this sees what decoding them gives: reading
 * a damaged table fails (or crashes, or loops: see run_contained). */
static shim_status read_whole(shim_db *db, uint32_t count)
{
    shim_termlist *tl = NULL;
    shim_status st = shim_db_spellings(db, &tl);
    shim_termlist_free(tl);
    if (st == SHIM_OK)
        st = read_documents(db, count);
    return st;
}

/* What a child checks of one database. */
typedef struct db_job {
    const char *path;
    int deep;
} db_job;

/* In the child: the database opens and its terms read (and, deep, Xapian
 * checks its tables and it reads whole). */
static int check_db(const void *arg, char *msg, size_t len)
{
    const db_job *job = arg;
    shim_db *db = NULL;
    uint32_t count;
    shim_status st = shim_db_open(job->path, &db);
    if (st == SHIM_OK)
        st = shim_db_doccount(db, &count);
    if (st == SHIM_OK)
        st = read_terms(db);
    size_t errors = 0;
    if (st == SHIM_OK && job->deep)
        st = shim_db_verify(job->path, &errors);
    if (st == SHIM_OK && job->deep)
        st = read_whole(db, count);
    if (st == SHIM_ERR_NOMEM)
        snprintf(msg, len, "out of memory");
    else if (st != SHIM_OK)
        snprintf(msg, len, "%s (%s)", shim_status_string(st), shim_last_error());
    shim_db_free(db);
    return st == SHIM_OK ? 0 : st == SHIM_ERR_NOMEM ? -1 : 1;
}

/* What a child checks of a whole generation. */
typedef struct gen_job {
    const char *index_dir;
    long gen;
} gen_job;

/* In the child: the generation opens and holds what its file list says.
 * A list missing or of another version is no damage (an older lasearch
 * wrote it): whoever reads the list next says so. */
static int check_gen(const void *arg, char *msg, size_t len)
{
    const gen_job *job = arg;
    shim_db *db = NULL;
    file_table t = {0};
    char why[256];
    int rc = open_gen(job->index_dir, job->gen, &db, NULL, msg, len);
    if (rc != 0)
        return rc == -2 ? -1 : 1;
    char *files = NULL;
    shim_status st = shim_db_metadata(db, META_FILES, &files);
    int parsed = st == SHIM_OK && files[0] ? file_table_parse(files, &t, why, sizeof why) : -1;
    if (st == SHIM_ERR_NOMEM || parsed == -2) {
        snprintf(msg, len, "out of memory");
        rc = -1;
    } else if (st != SHIM_OK) {
        snprintf(msg, len, "its file list cannot be read: %s (%s)",
                 shim_status_string(st), shim_last_error());
        rc = 1;
    } else if (parsed == 0) {
        int v = index_verify(db, &t, msg, len);
        rc = v == 0 ? 0 : v == -2 ? -1 : 1;
    }
    free(files);
    file_table_clear(&t);
    shim_db_free(db);
    return rc;
}

/* Read what the child at fd says into msg (NUL-terminated) until it
 * closes the pipe or seconds pass. 0, or -1 when the time ran out. */
static int read_until(int fd, char *msg, size_t len, double seconds)
{
    size_t got = 0;
    double deadline = now_seconds() + seconds;
    msg[0] = '\0';
    for (;;) {
        double left = deadline - now_seconds();
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, left > 60 ? 60000 : (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;   /* the deadline decides */
        char buf[256];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        for (ssize_t i = 0; i < n && got + 1 < len; i++)
            msg[got++] = buf[i];
        msg[got] = '\0';
    }
}

/* A checking child's exit code when it could not check (out of memory):
 * not damage. */
#define CHECK_NOT_DONE 3

/* The child pid is done (timed_out: or is stopped now): what it found. */
static int reap(pid_t pid, int timed_out, double seconds, char *msg, size_t len)
{
    int status = 0;
    if (timed_out)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (timed_out) {
        snprintf(msg, len, "reading it did not finish in %.0f s (a damaged table "
                 "can make Xapian loop)", seconds);
        return 1;
    }
    if (WIFSIGNALED(status)) {
        snprintf(msg, len, "reading it crashed Xapian (signal %d, %s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
        return 1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == CHECK_NOT_DONE) {
        if (!msg[0])
            snprintf(msg, len, "out of memory");
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
        snprintf(msg, len, "its check failed (exit status %d)", WEXITSTATUS(status));
        return 1;
    }
    if (WEXITSTATUS(status) == 1 && !msg[0])
        snprintf(msg, len, "it is damaged");
    return WEXITSTATUS(status);
}

/* Run fn(arg) in a child process, so that a database damaged in a way that
 * makes Xapian crash or loop costs a message, not this process: 0 fine; 1
 * a problem (msg says it: fn's words, or that it crashed or ran past
 * seconds); -1 the child could not be run or fn could not check (-1: out
 * of memory; msg says why). */
static int run_contained(int (*fn)(const void *, char *, size_t), const void *arg,
                         double seconds, char *msg, size_t len)
{
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(msg, len, "cannot check: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);   /* nothing buffered may be written twice */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(msg, len, "cannot check: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        char out[1024] = "";
        close(fds[0]);
        int rc = fn(arg, out, sizeof out);
        ssize_t w = write(fds[1], out, strlen(out));
        (void)w;
        _exit(rc == 0 ? 0 : rc < 0 ? CHECK_NOT_DONE : 1);
    }
    close(fds[1]);
    int timed_out = read_until(fds[0], msg, len, seconds) != 0;
    close(fds[0]);
    return reap(pid, timed_out, seconds, msg, len);
}

/* Seconds a check of a database of this many bytes may take: a minute,
 * plus a second for every 8 MiB (reading at far less than disk speed). */
static double check_seconds(unsigned long long bytes)
{
    return 60.0 + (double)(bytes >> 23);
}

/* Each database of l, each in a child: 0 all sound, 1 damaged (problem
 * names it), -1 could not check. */
static int check_databases(const db_list *l, const char *gen_name, int deep,
                           char *problem, size_t len)
{
    for (size_t i = 0; i < l->n; i++) {
        char msg[1024];
        db_job job = {l->paths[i], deep};
        int rc = run_contained(check_db, &job, check_seconds(gen_size(l->paths[i])),
                               msg, sizeof msg);
        if (rc != 0) {
            snprintf(problem, len, rc < 0 ? "cannot check %s/%s: %s" : "%s/%s is damaged: %s",
                     gen_name, l->names[i], msg);
            return rc;
        }
    }
    return 0;
}

int index_health(const char *index_dir, long gen, index_depth depth, char *problem,
                 size_t len)
{
    char gen_name[LAYOUT_GEN_NAME_MAX], msg[1024] = "";
    layout_gen_name(gen, gen_name);
    problem[0] = '\0';
    char *gen_dir = layout_gen_path(index_dir, gen);
    db_list l;
    int rc = gen_dir ? read_stub(gen_dir, &l, msg, sizeof msg) : -1;
    if (rc == 1)
        snprintf(problem, len, "generation %s is damaged: %s", gen_name, msg);
    if (rc == 0)
        rc = check_databases(&l, gen_name, depth == INDEX_HEALTH_DEEP, problem, len);
    if (rc == 0) {
        gen_job job = {index_dir, gen};
        rc = run_contained(check_gen, &job, check_seconds(gen_size(gen_dir)), msg,
                           sizeof msg);
        if (rc > 0)
            snprintf(problem, len, "generation %s does not hold what its file list "
                     "says: %s", gen_name, msg);
        else if (rc < 0)
            snprintf(problem, len, "cannot check generation %s: %s", gen_name, msg);
    }
    if (rc < 0 && !problem[0])
        snprintf(problem, len, "%s", msg[0] ? msg : "out of memory");
    if (gen_dir)
        db_list_clear(&l);
    free(gen_dir);
    return rc;
}

json_t *index_stats(const char *index_dir, char *err, size_t errlen)
{
    shim_db *db = NULL;
    long gen = 0;
    if (index_open_live(index_dir, &db, NULL, &gen, err, errlen) != 0)
        return NULL;
    char *summary = metadata(db, META_SUMMARY), *run = metadata(db, META_RUN);
    char *built = metadata(db, META_BUILT), *history = metadata(db, META_GENERATIONS);
    json_t *o = summary ? json_loads(summary, 0, NULL) : NULL;
    json_t *gens = history && history[0] ? json_loads(history, 0, NULL) : NULL;
    json_t *r = run && run[0] ? json_loads(run, 0, NULL) : NULL;
    shim_termlist *tl = NULL;
    uint32_t doccount = 0;
    shim_status st = shim_db_doccount(db, &doccount);
    if (st == SHIM_OK)
        st = shim_db_allterms(db, "", &tl);
    if (!o || st != SHIM_OK) {
        snprintf(err, errlen, "cannot read the statistics of '%s': %s", index_dir,
                 st != SHIM_OK ? shim_last_error() : "no stored summary; rebuild it");
        json_decref(o);
        o = NULL;
    } else {
        long prev = gen_below(index_dir, gen);
        char *path = layout_gen_path(index_dir, gen), *ppath = layout_gen_path(index_dir, prev);
        unsigned long long bytes = path ? gen_size(path) : 0;
        unsigned long long prev_bytes = prev && ppath ? gen_size(ppath) : 0;
        free(path);
        free(ppath);
        json_object_set_new(o, "index", json_string(index_dir));
        json_object_set_new(o, "generation", json_integer(gen));
        json_object_set_new(o, "previous", json_integer(prev));
        json_object_set_new(o, "built", json_string(built ? built : ""));
        json_object_set_new(o, "run", r ? json_incref(r) : json_null());
        json_object_set_new(o, "paragraphs", json_integer(doccount));
        json_object_set_new(o, "terms", json_integer((json_int_t)shim_termlist_size(tl)));
        json_object_set_new(o, "bytes", json_integer((json_int_t)bytes));
        json_object_set_new(o, "bytes_all", json_integer((json_int_t)(bytes + prev_bytes)));
        /* Every generation the index went through (genhist.h): what
         * --since counts from. */
        json_object_set_new(o, "generations", json_is_array(gens) ? json_incref(gens)
                                                                  : json_array());
    }
    json_decref(gens);
    free(history);
    json_decref(r);
    shim_termlist_free(tl);
    free(summary);
    free(run);
    free(built);
    shim_db_free(db);
    return o;
}

static json_int_t geti(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static void human_bytes(unsigned long long n, char *buf, size_t len)
{
    const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = (double)n;
    size_t u = 0;
    while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024;
        u++;
    }
    snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

int index_stats_print(FILE *out, const json_t *s)
{
    const json_t *run = json_object_get(s, "run");
    const char *mode = json_string_value(json_object_get(run, "mode"));
    char how[256] = "";
    if (mode && strcmp(mode, "update") == 0)
        snprintf(how, sizeof how, " by an update in %.2f s (%lld added, %lld changed, "
                 "%lld removed, %lld unchanged)",
                 json_real_value(json_object_get(run, "seconds")),
                 (long long)geti(run, "added"), (long long)geti(run, "changed"),
                 (long long)geti(run, "removed"), (long long)geti(run, "unchanged"));
    else if (mode)
        snprintf(how, sizeof how, " by a full build in %.2f s",
                 json_real_value(json_object_get(run, "seconds")));
    char live[32], all[32];
    human_bytes((unsigned long long)geti(s, "bytes"), live, sizeof live);
    human_bytes((unsigned long long)geti(s, "bytes_all"), all, sizeof all);
    fprintf(out, "Index:       %s\n", json_string_value(json_object_get(s, "index")));
    fprintf(out, "Generation:  %lld, built %s%s\n", (long long)geti(s, "generation"),
            json_string_value(json_object_get(s, "built")), how);
    if (geti(s, "previous"))
        fprintf(out, "Previous:    %lld (kept for readers still on it)\n",
                (long long)geti(s, "previous"));
    fprintf(out, "Documents:   %lld of %lld files (%lld skipped, %lld warnings)\n",
            (long long)geti(s, "documents"), (long long)geti(s, "files"),
            (long long)geti(s, "skipped"), (long long)geti(s, "warnings"));
    fprintf(out, "Paragraphs:  %lld\n", (long long)geti(s, "paragraphs"));
    fprintf(out, "Terms:       %lld distinct\n", (long long)geti(s, "terms"));
    fprintf(out, "Size:        %s on disk (%s with the previous generation)\n", live, all);
    size_t i;
    const json_t *c;
    const json_t *gens = json_object_get(s, "generations");
    if (json_array_size(gens)) {
        /* The latest first, and not more than a screen of them. */
        enum { SHOWN = 20 };
        size_t n = json_array_size(gens);
        fprintf(out, "\nGenerations (paragraphs new or changed in each; lasearch-query "
                "--since N finds those after N):\n");
        for (size_t k = 0; k < n && k < SHOWN; k++) {
            c = json_array_get(gens, n - 1 - k);
            const json_t *added = json_object_get(c, "new"), *gone = json_object_get(c, "gone");
            char counts[96] = "";
            if (added && gone)
                snprintf(counts, sizeof counts, "%6lld new or changed, %lld gone",
                         (long long)json_integer_value(added),
                         (long long)json_integer_value(gone));
            else if (added)
                snprintf(counts, sizeof counts, "%6lld new or changed",
                         (long long)json_integer_value(added));
            fprintf(out, "  %6lld  %s  %-6s  %s\n", (long long)geti(c, "generation"),
                    json_string_value(json_object_get(c, "time")),
                    json_string_value(json_object_get(c, "mode")), counts);
        }
        if (n > SHOWN)
            fprintf(out, "  ... and %zu earlier (--json lists them all)\n", n - SHOWN);
    }
    fprintf(out, "\nParagraphs per authority:\n");
    json_array_foreach(json_object_get(s, "authorities"), i, c) {
        const char *a = json_string_value(json_object_get(c, "authority"));
        json_int_t docs = geti(c, "documents");
        fprintf(out, "  %-40s %6lld  (%lld document%s)\n", a ? a : "(undecided)",
                (long long)geti(c, "paragraphs"), (long long)docs, docs == 1 ? "" : "s");
    }
    return ferror(out) ? -1 : 0;
}
