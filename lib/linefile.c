/*
 * linefile.c - line-by-line reading of user files (see linefile.h).
 */
#include "linefile.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

int linefile_read_stream(FILE *in, const char *label, linefile_fn *fn, void *ctx, char *err,
                         size_t errlen)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int rc = 0;
    errno = 0;
    while ((n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if (memchr(line, '\0', (size_t)n)) {
            snprintf(err, errlen, "%s:%lu: contains a NUL byte", label, lineno);
            rc = -1;
        } else {
            rc = fn(ctx, line, label, lineno, err, errlen);
        }
        if (rc != 0)
            break;
        errno = 0;
    }
    /* getline() returns -1 both at the end and on an error (ENOMEM on a
     * line too long for memory, EIO, EISDIR): only feof() tells them apart */
    if (rc == 0 && !feof(in)) {
        snprintf(err, errlen, "%s:%lu: %s", label, lineno + 1, strerror(errno ? errno : EIO));
        rc = -1;
    }
    free(line);
    return rc;
}

int linefile_read_path(const char *path, linefile_fn *fn, void *ctx, char *err, size_t errlen)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return linefile_read_stream(stdin, "stdin", fn, ctx, err, errlen);
    FILE *in = fopen(path, "re");
    if (!in) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(in);
        snprintf(err, errlen, "%s: is a directory", path);
        return -1;
    }
    int rc = linefile_read_stream(in, path, fn, ctx, err, errlen);
    fclose(in);
    return rc;
}

int linefile_grow(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t want = *cap ? *cap : 64;
    while (want < need) {
        if (want > SIZE_MAX / 2 / size)
            return -1;
        want *= 2;
    }
    void *grown = realloc(*buf, want * size);
    if (!grown)
        return -1;
    *buf = grown;
    *cap = want;
    return 0;
}
