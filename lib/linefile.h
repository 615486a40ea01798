/*
 * linefile.h - user text files read line by line, shared by every parser
 * of them (host files, object files), so that each reads "-" as stdin,
 * refuses a directory, rejects NUL bytes and reports a read error the same
 * way, always naming "path:line".
 *
 * The callback gets each line as getline(3) returned it (newline
 * included, NUL-terminated, no NUL inside), may modify it, and returns 0
 * to go on or -1 with a message in err to stop.
 */
#ifndef MULTIPING_LINEFILE_H
#define MULTIPING_LINEFILE_H

#include <stddef.h>
#include <stdio.h>

typedef int linefile_fn(void *ctx, char *line, const char *label, unsigned long lineno, char *err,
                        size_t errlen);

int linefile_read_stream(FILE *in, const char *label, linefile_fn *fn, void *ctx, char *err,
                         size_t errlen);
/* path "-" reads stdin (label "stdin"). */
int linefile_read_path(const char *path, linefile_fn *fn, void *ctx, char *err, size_t errlen);

/* Grow *buf (of *cap elements of size bytes) by doubling, from 64, until
 * it holds need elements; -1 on overflow or ENOMEM (buf unchanged). */
int linefile_grow(void **buf, size_t *cap, size_t need, size_t size);

#endif
