/*
 * check.h: the assertion helper every unit test shares (after utf8proc's).
 *
 *   CHECK(cond, fmt, ...)   records a failure with file:line and a message
 *   CHECK_STR(a, b)         two strings are equal (NULL-safe)
 *   CHECK_INT(a, b)         two integers are equal
 *   return check_report("name");   in main(): prints "N passed, N failed"
 *                                  and returns 0 only if nothing failed
 *   check_rm_rf(path)       removes a test's scratch tree (unreadable
 *                           directories included, symlinks not followed)
 *   check_tmpdir(dir, len, name)  makes the scratch tree, $TMPDIR (or /tmp)
 *                           /name-XXXXXX, into dir; -1 (said on stderr)
 *   check_path(dir, name)   "dir/name" in one of 8 rotating buffers
 *   check_write(path, bytes, len), check_write_text(path, text)
 *                           (over)write a file; a failure is a failed check
 */
#ifndef LASEARCH_CHECK_H
#define LASEARCH_CHECK_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (cond) {                                                          \
            check_passed++;                                                  \
        } else {                                                             \
            check_failed++;                                                  \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, \
                    #cond);                                                  \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)

#define CHECK_STR(a, b)                                                       \
    do {                                                                      \
        const char *check_a_ = (a), *check_b_ = (b);                          \
        CHECK(check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0,        \
              "got \"%s\", expected \"%s\"", check_a_ ? check_a_ : "(null)",  \
              check_b_ ? check_b_ : "(null)");                                \
    } while (0)

#define CHECK_INT(a, b)                                                       \
    do {                                                                      \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);       \
        CHECK(check_a_ == check_b_, "got %lld, expected %lld", check_a_,      \
              check_b_);                                                      \
    } while (0)

static inline void check_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    chmod(path, 0700);   /* tests make unreadable directories on purpose */
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            size_t n = strlen(path) + strlen(e->d_name) + 2;
            char *sub = malloc(n);
            if (!sub)
                continue;
            snprintf(sub, n, "%s/%s", path, e->d_name);
            check_rm_rf(sub);
            free(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

static inline int check_tmpdir(char *dir, size_t len, const char *name)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, len, "%s/%s-XXXXXX", base && *base ? base : "/tmp", name);
    if (!mkdtemp(dir)) {
        fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return 0;
}

static inline const char *check_path(const char *dir, const char *name)
{
    static char buf[8][8192];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static inline void check_write(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f && (len == 0 || fwrite(bytes, 1, len, f) == len);
    if (f && fclose(f) != 0)
        ok = 0;
    CHECK(ok, "cannot write %s: %s", path, strerror(errno));
}

static inline void check_write_text(const char *path, const char *text)
{
    check_write(path, text, strlen(text));
}

static inline int check_report(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed == 0 && check_passed > 0 ? 0 : 1;
}

#endif /* LASEARCH_CHECK_H */
