/* test_generation.c: the writers' lock (waiting, and never stale), copying
 * a generation, pruning, and the progress line. */
#include "check.h"
#include "generation.h"
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char base[512];

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_lock(void)
{
    char ix[600], err[256];
    snprintf(ix, sizeof ix, "%s/lock", base);
    gen_lock *a = NULL, *b = NULL;
    CHECK(gen_lock_acquire(ix, &a, err, sizeof err) == 0, "%s", err);
    /* A second writer (another open file description) is refused at once,
     * or after the wait it asked for. */
    double t0 = now();
    CHECK(gen_lock_acquire(ix, &b, err, sizeof err) == 1, "second writer got in");
    CHECK(strstr(err, "another lasearch-index") && strstr(err, "--wait"), "%s", err);
    CHECK(now() - t0 < 0.2, "did not wait: %.2f s", now() - t0);
    t0 = now();
    CHECK(gen_lock_acquire_wait(ix, 0.3, &b, err, sizeof err) == 1, "got in");
    CHECK(now() - t0 >= 0.29, "waited only %.2f s", now() - t0);
    gen_lock_release(a);
    CHECK(gen_lock_acquire_wait(ix, 5, &b, err, sizeof err) == 0, "%s", err);
    gen_lock_release(b);

    /* A holder killed with SIGKILL leaves no stale lock: the kernel drops
     * it with the process, and the lock file itself is still there. */
    pid_t pid = fork();
    if (pid == 0) {
        gen_lock *c = NULL;
        if (gen_lock_acquire_wait(ix, 5, &c, err, sizeof err) != 0)
            _exit(3);
        for (;;)
            pause();
    }
    int got = 0;
    /* Wait until the child holds it and has written its pid (just after
     * taking it: a second writer in between is told no pid). */
    for (int i = 0; i < 200; i++) {
        got = gen_lock_acquire(ix, &b, err, sizeof err);
        if (got == 1 && strstr(err, "pid "))
            break;
        gen_lock_release(b);
        b = NULL;
        usleep(10000);
    }
    CHECK(got == 1, "the child never took the lock");
    CHECK(strstr(err, "pid ") != NULL, "no pid in: %s", err);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    CHECK(gen_lock_acquire(ix, &b, err, sizeof err) == 0, "stale after kill: %s", err);
    gen_lock_release(b);
    char lockfile[700];
    snprintf(lockfile, sizeof lockfile, "%s/.lock", ix);
    CHECK(access(lockfile, F_OK) == 0, "the lock file was removed");
}

static int file_is(const char *path, const char *want)
{
    char buf[128] = "";
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return strcmp(buf, want) == 0;
}

/* The lock cannot be turned against another file: a symlink or a device
 * planted as .lock is an error naming it, a hard link is locked but never
 * written, and nothing is ever truncated. */
static void test_lock_hostile(void)
{
    char ix[600], lockfile[700], victim[700], err[512];
    gen_lock *a = NULL;
    snprintf(ix, sizeof ix, "%s/hostile", base);
    snprintf(lockfile, sizeof lockfile, "%s/.lock", ix);
    snprintf(victim, sizeof victim, "%s/victim", base);
    mkdir(ix, 0777);
    check_write_text(victim, "precious\n");

    CHECK(symlink(victim, lockfile) == 0, "symlink: %s", strerror(errno));
    CHECK_INT(gen_lock_acquire(ix, &a, err, sizeof err), -1);
    CHECK(strstr(err, lockfile) && strstr(err, "symlink"), "%s", err);
    CHECK(file_is(victim, "precious\n"), "the symlink's target was written");
    unlink(lockfile);

    CHECK(link(victim, lockfile) == 0, "link: %s", strerror(errno));
    CHECK(gen_lock_acquire(ix, &a, err, sizeof err) == 0, "%s", err);
    gen_lock_release(a);
    a = NULL;
    CHECK(file_is(victim, "precious\n"), "a hard link's file was written");
    unlink(lockfile);

    CHECK(mkfifo(lockfile, 0644) == 0, "mkfifo: %s", strerror(errno));
    CHECK_INT(gen_lock_acquire(ix, &a, err, sizeof err), -1);
    CHECK(strstr(err, "not a regular file") != NULL, "%s", err);
    unlink(lockfile);

    /* An existing lock file of ours is never truncated before it is ours:
     * a refused writer leaves the holder's pid in it. */
    gen_lock *b = NULL;
    CHECK(gen_lock_acquire(ix, &a, err, sizeof err) == 0, "%s", err);
    char pid[32];
    snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    CHECK_INT(gen_lock_acquire(ix, &b, err, sizeof err), 1);
    CHECK(file_is(lockfile, pid), "the holder's pid is gone");
    gen_lock_release(a);
}

/* Deleting (or replacing) .lock while a writer holds it does not let a
 * second writer in. */
static void test_lock_deleted(void)
{
    char ix[600], lockfile[700], err[512];
    snprintf(ix, sizeof ix, "%s/deleted", base);
    snprintf(lockfile, sizeof lockfile, "%s/.lock", ix);
    gen_lock *a = NULL, *b = NULL;
    CHECK(gen_lock_acquire(ix, &a, err, sizeof err) == 0, "%s", err);
    CHECK(unlink(lockfile) == 0, "unlink: %s", strerror(errno));
    CHECK_INT(gen_lock_acquire(ix, &b, err, sizeof err), 1);
    CHECK(strstr(err, "another lasearch-index") != NULL, "%s", err);
    gen_lock_release(b);
    b = NULL;
    check_write_text(lockfile, "");   /* replaced by a new file */
    CHECK_INT(gen_lock_acquire(ix, &b, err, sizeof err), 1);
    gen_lock_release(b);
    b = NULL;
    gen_lock_release(a);
    CHECK(gen_lock_acquire(ix, &b, err, sizeof err) == 0, "after release: %s", err);
    gen_lock_release(b);
}

static void test_copy_and_prune(void)
{
    char ix[600], err[256], from[700], to[700], p[800];
    snprintf(ix, sizeof ix, "%s/gens", base);
    mkdir(ix, 0777);
    snprintf(from, sizeof from, "%s/gen-000003", ix);
    snprintf(to, sizeof to, "%s/gen-000004", ix);
    mkdir(from, 0777);
    snprintf(p, sizeof p, "%s/postlist.glass", from);
    check_write_text(p, "postings");
    snprintf(p, sizeof p, "%s/flintlock", from);
    check_write_text(p, "");
    CHECK(gen_copy(from, to, err, sizeof err) == 0, "%s", err);
    snprintf(p, sizeof p, "%s/postlist.glass", to);
    char buf[32] = "";
    FILE *f = fopen(p, "r");
    CHECK(f && fgets(buf, sizeof buf, f), "no copy");
    if (f)
        fclose(f);
    CHECK_STR(buf, "postings");
    snprintf(p, sizeof p, "%s/flintlock", to);
    CHECK(access(p, F_OK) != 0, "Xapian's lock file was copied");
    CHECK(gen_copy(from, to, err, sizeof err) == -1, "copied over an existing one");
    CHECK(gen_sync(to, err, sizeof err) == 0, "%s", err);
    CHECK(gen_size(to) > 0, "no size");

    /* Publishing 4 and pruning keeps 4 and 3; debris goes. */
    snprintf(p, sizeof p, "%s/gen-000002", ix);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/XAPIANDB.tmp999", ix);
    check_write_text(p, "auto gen-000009\n");
    CHECK(gen_publish(ix, 4, err, sizeof err) == 0, "%s", err);
    CHECK_INT(layout_current(ix, err, sizeof err), 4);
    CHECK_INT(gen_below(ix, 4), 3);
    CHECK_INT(gen_prune(ix, 4, 3, err, sizeof err), 2);
    CHECK(access(from, F_OK) == 0 && access(to, F_OK) == 0, "pruned a kept one");
    CHECK(access(p, F_OK) != 0, "left a stale stub");
    CHECK_INT(gen_next(ix), 5);
}

static void test_progress(void)
{
    progress p;
    char line[200], clock[16];
    progress_start(&p, "indexing", 100.0);
    CHECK(progress_step(&p, 1, 100, 100.01, 0.1, 79, line, sizeof line) == 1,
          "no first line");
    CHECK(strstr(line, "indexing") && strstr(line, "1/100"), "%s", line);
    CHECK(progress_step(&p, 2, 100, 100.05, 0.1, 79, line, sizeof line) == 0,
          "redrew too soon");
    CHECK(progress_step(&p, 50, 100, 110.0, 0.1, 79, line, sizeof line) == 1, "none");
    CHECK((int)strlen(line) <= 79, "too wide: %zu", strlen(line));
    CHECK(strstr(line, "50%") && strstr(line, "5.0 files/s") && strstr(line, "0:10 left"),
          "%s", line);
    CHECK(strstr(line, "[####") != NULL, "no bar: %s", line);
    CHECK(progress_step(&p, 100, 100, 110.01, 0.1, 79, line, sizeof line) == 1,
          "no last line");
    CHECK(strstr(line, "100%") && !strstr(line, "left"), "%s", line);
    CHECK(progress_step(&p, 3, 10, 200, 0.1, 20, line, sizeof line) == 1, "narrow");
    CHECK(strchr(line, '[') == NULL, "a bar with no room: %s", line);
    progress_start(&p, "scanning", 0);
    p.done = 5;
    p.total = 10;
    CHECK(progress_eta(&p, 0.1) < 0, "a rate too early");
    CHECK(progress_eta(&p, 1.0) > 0.99 && progress_eta(&p, 1.0) < 1.01, "eta");
    progress_clock(65, clock, sizeof clock);
    CHECK_STR(clock, "1:05");
    progress_clock(3725, clock, sizeof clock);
    CHECK_STR(clock, "1:02:05");
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(base, sizeof base, "%s/test_generation.%ld", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    check_rm_rf(base);
    mkdir(base, 0777);
    test_lock();
    test_lock_hostile();
    test_lock_deleted();
    test_copy_and_prune();
    test_progress();
    check_rm_rf(base);
    return check_report("test_generation");
}
